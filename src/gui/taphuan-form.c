/* taphuan-form.c: small pieces the editors share. */
#include "config.h"

#include <glib/gi18n.h>

#include "taphuan-form.h"
#include "taphuan-ref-object.h"
#include "tp-refdata.h"

char *
taphuan_form_entry_text (GtkWidget *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  char *copy = g_strstrip (g_strdup (text ? text : ""));

  if (copy[0] == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

void
taphuan_form_update_communes (TpDb         *db,
                              GtkDropDown  *dropdown,
                              GListStore  **communes,
                              char        **shown_province,
                              const char   *province_code,
                              const char   *select_code)
{
  g_autoptr(GPtrArray) list = NULL;

  if (*communes != NULL && g_strcmp0 (*shown_province, province_code) == 0)
    return;
  g_free (*shown_province);
  *shown_province = g_strdup (province_code);
  if (province_code != NULL)
    list = tp_refdata_list_communes (db, province_code);
  g_clear_object (communes);
  *communes = taphuan_ref_store_new (list, _("None"));
  taphuan_ref_dropdown_setup (dropdown, G_LIST_MODEL (*communes), TRUE);
  gtk_drop_down_set_selected (dropdown, taphuan_ref_store_find (G_LIST_MODEL (*communes), select_code));
  gtk_widget_set_sensitive (GTK_WIDGET (dropdown), province_code != NULL);
}

void
taphuan_form_show_error (GtkWidget  *error_row,
                         GtkWidget  *field,
                         const char *message)
{
  gtk_widget_set_visible (error_row, message != NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (error_row), message ? message : "");
  if (field == NULL)
    return;
  if (message != NULL)
    gtk_widget_add_css_class (field, "error");
  else
    gtk_widget_remove_css_class (field, "error");
  gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  message ? message : "", -1);
}
