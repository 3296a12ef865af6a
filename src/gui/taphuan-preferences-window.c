/* taphuan-preferences-window.c: the Preferences window. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "taphuan-preferences-window.h"
#include "taphuan-privacy-page.h"

struct _TaphuanPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GtkWidget            *office_parent_agency_row;
  GtkWidget            *office_agency_row;
  GtkWidget            *office_place_row;
  GtkWidget            *office_signer_title_row;
  GtkWidget            *office_signer_name_row;
  GtkWidget            *office_preparer_name_row;
  GtkWidget            *cert_number_pattern_row;
  GtkWidget            *report_year_start_row;
  GtkWidget            *settings_error;
  AdwComboRow          *ui_language_row;
  GtkWidget            *document_language_row;

  TpDb                 *db;
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (TaphuanPreferencesWindow, taphuan_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const struct {
  const char *key;
  gsize       offset;
  const char *fallback;   /* shown when unset; NULL = empty */
} setting_rows[] = {
  { "office.parent_agency", G_STRUCT_OFFSET (TaphuanPreferencesWindow, office_parent_agency_row), NULL },
  { "office.agency", G_STRUCT_OFFSET (TaphuanPreferencesWindow, office_agency_row), NULL },
  { "office.place", G_STRUCT_OFFSET (TaphuanPreferencesWindow, office_place_row), NULL },
  { "office.signer_title", G_STRUCT_OFFSET (TaphuanPreferencesWindow, office_signer_title_row), NULL },
  { "office.signer_name", G_STRUCT_OFFSET (TaphuanPreferencesWindow, office_signer_name_row), NULL },
  { "office.preparer_name", G_STRUCT_OFFSET (TaphuanPreferencesWindow, office_preparer_name_row), NULL },
  { "cert.number_pattern", G_STRUCT_OFFSET (TaphuanPreferencesWindow, cert_number_pattern_row), "{seq:04}/{year}/GCN" },
  { "report.year_start", G_STRUCT_OFFSET (TaphuanPreferencesWindow, report_year_start_row), "12-15" },
};

static char *
check_setting (const char *key,
               const char *value)
{
  if (g_str_equal (key, "report.year_start"))
    {
      int m, d;
      char rest;

      if (sscanf (value, "%2d-%2d%c", &m, &d, &rest) != 2 || !g_date_valid_dmy (d, m, 2024))
        return g_strdup_printf (_("“%s” is not a month and day: write it as MM-DD, such as 12-15."),
                                value);
    }
  if (g_str_equal (key, "cert.number_pattern") && strstr (value, "{seq") == NULL)
    return g_strdup (_("The certificate number pattern needs {seq} (or {seq:04}) so that numbers differ."));
  return NULL;
}

static void
row_apply_cb (AdwEntryRow              *row,
              TaphuanPreferencesWindow *self)
{
  const char *key = g_object_get_data (G_OBJECT (row), "setting-key");
  g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autofree char *problem = check_setting (key, value);
  g_autoptr(GError) error = NULL;

  if (problem == NULL && !tp_db_set_setting (self->db, key, value, &error))
    problem = g_strdup (error->message);
  gtk_widget_set_visible (self->settings_error, problem != NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->settings_error), problem ? problem : "");
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
}

static void
ui_language_cb (AdwComboRow              *row,
                GParamSpec               *pspec,
                TaphuanPreferencesWindow *self)
{
  static const char *values[] = { "", "vi", "en" };
  guint pos = adw_combo_row_get_selected (row);

  if (self->settings != NULL && pos < G_N_ELEMENTS (values))
    g_settings_set_string (self->settings, "ui-language", values[pos]);
}

static void
taphuan_preferences_window_dispose (GObject *object)
{
  TaphuanPreferencesWindow *self = TAPHUAN_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->db);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (taphuan_preferences_window_parent_class)->dispose (object);
}

static void
taphuan_preferences_window_class_init (TaphuanPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-preferences-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TaphuanPreferencesWindow, name)
  BIND (office_parent_agency_row);
  BIND (office_agency_row);
  BIND (office_place_row);
  BIND (office_signer_title_row);
  BIND (office_signer_name_row);
  BIND (office_preparer_name_row);
  BIND (cert_number_pattern_row);
  BIND (report_year_start_row);
  BIND (settings_error);
  BIND (ui_language_row);
  BIND (document_language_row);
#undef BIND
}

static void
taphuan_preferences_window_init (TaphuanPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TaphuanPreferencesWindow *
taphuan_preferences_window_new (TaphuanWindow *window)
{
  TaphuanPreferencesWindow *self;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));
  TpDb *db = taphuan_window_get_db (window);

  self = g_object_new (TAPHUAN_TYPE_PREFERENCES_WINDOW, "transient-for", window, NULL);
  if (TAPHUAN_IS_APPLICATION (app) && taphuan_application_get_settings (TAPHUAN_APPLICATION (app)))
    self->settings = g_object_ref (taphuan_application_get_settings (TAPHUAN_APPLICATION (app)));
  self->db = db ? g_object_ref (db) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (setting_rows); i++)
    {
      GtkWidget *row = G_STRUCT_MEMBER (GtkWidget *, self, setting_rows[i].offset);
      g_autofree char *value = db ? tp_db_get_setting (db, setting_rows[i].key) : NULL;

      gtk_editable_set_text (GTK_EDITABLE (row),
                             value ? value : setting_rows[i].fallback ? setting_rows[i].fallback : "");
      g_object_set_data (G_OBJECT (row), "setting-key", (gpointer) setting_rows[i].key);
      g_signal_connect (row, "apply", G_CALLBACK (row_apply_cb), self);
      /* Office settings live in the database: nothing to edit without one. */
      gtk_widget_set_sensitive (row, db != NULL);
    }

  if (self->settings != NULL)
    {
      g_autofree char *ui = g_settings_get_string (self->settings, "ui-language");

      adw_combo_row_set_selected (self->ui_language_row,
                                  g_str_equal (ui, "vi") ? 1 : g_str_equal (ui, "en") ? 2 : 0);
    }
  else
    gtk_widget_set_sensitive (GTK_WIDGET (self->ui_language_row), FALSE);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (taphuan_privacy_page_new (window)));
  g_signal_connect (self->ui_language_row, "notify::selected", G_CALLBACK (ui_language_cb), self);
  return self;
}
