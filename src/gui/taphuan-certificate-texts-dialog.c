/* taphuan-certificate-texts-dialog.c: a course's own certificate texts,
 * signer and images; empty fields fall back to the office setting. */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "taphuan-certificate-texts-dialog.h"
#include "taphuan-compat.h"
#include "tp-certificates.h"
#include "tp-doc-certificate.h"
#include "tp-text.h"

struct _TaphuanCertificateTextsDialog
{
  AdwWindow      parent_instance;

  AdwComboRow   *prefix_row;
  AdwEntryRow   *head_row;
  AdwEntryRow   *title_row;
  AdwEntryRow   *name_row;
  AdwEntryRow   *body_row;
  AdwEntryRow   *place_row;
  AdwActionRow  *logo_row;
  AdwActionRow  *background_row;

  TpDb          *db;
  char          *course_id;
  char          *logo_path;        /* NULL = the office setting */
  char          *background_path;
  GCancellable  *cancellable;
};

G_DEFINE_FINAL_TYPE (TaphuanCertificateTextsDialog, taphuan_certificate_texts_dialog, ADW_TYPE_WINDOW)

enum { SIGNAL_SAVED, N_SIGNALS };
static guint signals[N_SIGNALS];

#define KT "KT."
#define TL "TL."

static gboolean
is_blank (const char *s)
{
  return s == NULL || *s == '\0';
}

static AdwEntryRow *
entry_for_key (TaphuanCertificateTextsDialog *self,
               const char                    *key)
{
  if (g_str_equal (key, TAPHUAN_CERT_KEY_TITLE))
    return self->title_row;
  if (g_str_equal (key, TAPHUAN_CERT_KEY_NAME))
    return self->name_row;
  if (g_str_equal (key, TAPHUAN_CERT_KEY_BODY))
    return self->body_row;
  if (g_str_equal (key, TAPHUAN_CERT_KEY_PLACE))
    return self->place_row;
  return NULL;
}

static char *
course_value (TaphuanCertificateTextsDialog *self,
              const char                    *key)
{
  g_autofree char *course_key = tp_certificates_course_key (self->course_id, key);

  return tp_db_get_setting (self->db, course_key);
}

/* ---- images ------------------------------------------------------------ */

static void
update_image_row (TaphuanCertificateTextsDialog *self,
                  AdwActionRow                  *row,
                  const char                    *path,
                  const char                    *key)
{
  g_autofree char *text = NULL;

  if (path != NULL)
    text = g_filename_display_basename (path);
  else
    {
      g_autofree char *office = tp_db_get_setting (self->db, key);
      g_autofree char *base = !is_blank (office) ? g_filename_display_basename (office) : NULL;

      if (base != NULL)
        /* Translators: %s is the file name of the office's image */
        text = g_strdup_printf (_("The office setting (%s)"), base);
      else
        text = g_strdup (_("The office setting (none)"));
    }
  adw_action_row_set_subtitle (row, text);
}

static void
update_image_rows (TaphuanCertificateTextsDialog *self)
{
  update_image_row (self, self->logo_row, self->logo_path, TAPHUAN_CERT_KEY_LOGO);
  update_image_row (self, self->background_row, self->background_path, TAPHUAN_CERT_KEY_BACKGROUND);
}

static char **
image_slot (TaphuanCertificateTextsDialog *self,
            const char                    *key)
{
  if (g_str_equal (key, TAPHUAN_CERT_KEY_LOGO))
    return &self->logo_path;
  if (g_str_equal (key, TAPHUAN_CERT_KEY_BACKGROUND))
    return &self->background_path;
  return NULL;
}

typedef struct {
  TaphuanCertificateTextsDialog *self;
  char                          *key;
} ChooseData;

static void
image_chosen_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ChooseData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = taphuan_compat_choose_file_finish (result, &error);
  TaphuanCertificateTextsDialog *self = data->self;

  if (file != NULL)
    {
      g_autofree char *path = g_file_get_path (file);

      if (path == NULL || !tp_doc_certificate_check_image (path, &error))
        {
          GtkWidget *alert = taphuan_compat_alert_new (_("Cannot Use This Image"),
                                                       error != NULL ? error->message
                                                                     : _("Only local files can be used"));

          taphuan_compat_alert_add_response (alert, "close", _("_Close"), FALSE, FALSE);
          taphuan_compat_alert_present (alert, GTK_WIDGET (self), NULL, NULL);
        }
      else
        taphuan_certificate_texts_dialog_set_field (self, data->key, path);
    }
  g_object_unref (data->self);
  g_free (data->key);
  g_free (data);
}

static void
choose_image (TaphuanCertificateTextsDialog *self,
              const char                    *key)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  ChooseData *data = g_new0 (ChooseData, 1);

  gtk_file_filter_set_name (filter, _("PNG or SVG images"));
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/svg+xml");
  gtk_file_filter_add_suffix (filter, "png");
  gtk_file_filter_add_suffix (filter, "svg");
  data->self = g_object_ref (self);
  data->key = g_strdup (key);
  taphuan_compat_choose_file_async (GTK_WINDOW (self),
                                    g_str_equal (key, TAPHUAN_CERT_KEY_LOGO) ? _("Choose the Logo")
                                                                             : _("Choose the Background"),
                                    FALSE, NULL, filter, self->cancellable, image_chosen_cb, data);
}

static void
choose_clicked_cb (GtkButton *button,
                   gpointer   user_data)
{
  choose_image (user_data, g_object_get_data (G_OBJECT (button), "key"));
}

static void
inherit_clicked_cb (GtkButton *button,
                    gpointer   user_data)
{
  taphuan_certificate_texts_dialog_set_field (user_data, g_object_get_data (G_OBJECT (button), "key"), NULL);
}

/* A "Use the office setting" button at the end of a row; its tooltip says
 * what the office setting is. */
static void
add_inherit_button (TaphuanCertificateTextsDialog *self,
                    GtkWidget                     *row,
                    const char                    *key)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  g_autofree char *office = tp_certificates_setting (self->db, NULL, key);
  g_autofree char *tooltip = NULL;

  if (!is_blank (office))
    /* Translators: a button's tooltip; %s is the office's value */
    tooltip = g_strdup_printf (_("Use the office setting: %s"), office);
  else
    tooltip = g_strdup (_("Use the office setting"));
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Use the office setting"), -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  g_object_set_data_full (G_OBJECT (button), "key", g_strdup (key), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (inherit_clicked_cb), self);
  if (ADW_IS_ENTRY_ROW (row))
    adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
  else
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
}

static void
add_choose_button (TaphuanCertificateTextsDialog *self,
                   AdwActionRow                  *row,
                   const char                    *key)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("C_hoose…"));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "key", g_strdup (key), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (choose_clicked_cb), self);
  adw_action_row_add_suffix (row, button);
}

/* ---- the signer prefix ------------------------------------------------- */

static void
prefix_changed_cb (TaphuanCertificateTextsDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->head_row),
                            adw_combo_row_get_selected (self->prefix_row) != TAPHUAN_SIGNER_PREFIX_OFFICE);
}

void
taphuan_certificate_texts_dialog_set_prefix (TaphuanCertificateTextsDialog *self,
                                             TaphuanSignerPrefix            prefix,
                                             const char                    *head_title)
{
  g_return_if_fail (TAPHUAN_IS_CERTIFICATE_TEXTS_DIALOG (self));

  adw_combo_row_set_selected (self->prefix_row, prefix);
  gtk_editable_set_text (GTK_EDITABLE (self->head_row), head_title != NULL ? head_title : "");
}

/* ---- fields ------------------------------------------------------------ */

void
taphuan_certificate_texts_dialog_set_field (TaphuanCertificateTextsDialog *self,
                                            const char                    *key,
                                            const char                    *value)
{
  AdwEntryRow *entry;
  char **slot;

  g_return_if_fail (TAPHUAN_IS_CERTIFICATE_TEXTS_DIALOG (self));

  if (g_str_equal (key, TAPHUAN_CERT_KEY_PREFIX))
    {
      if (is_blank (value))
        taphuan_certificate_texts_dialog_set_prefix (self, TAPHUAN_SIGNER_PREFIX_OFFICE, "");
      return;
    }
  entry = entry_for_key (self, key);
  if (entry != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (entry), value != NULL ? value : "");
      return;
    }
  slot = image_slot (self, key);
  g_return_if_fail (slot != NULL);
  g_free (*slot);
  *slot = is_blank (value) ? NULL : g_strdup (value);
  update_image_rows (self);
}

const char *
taphuan_certificate_texts_dialog_get_field (TaphuanCertificateTextsDialog *self,
                                            const char                    *key)
{
  AdwEntryRow *entry;
  char **slot;

  g_return_val_if_fail (TAPHUAN_IS_CERTIFICATE_TEXTS_DIALOG (self), NULL);

  entry = entry_for_key (self, key);
  if (entry != NULL)
    return gtk_editable_get_text (GTK_EDITABLE (entry));
  slot = image_slot (self, key);
  return slot != NULL ? *slot : NULL;
}

static void
load (TaphuanCertificateTextsDialog *self)
{
  static const char *const text_keys[] = {
    TAPHUAN_CERT_KEY_TITLE, TAPHUAN_CERT_KEY_NAME, TAPHUAN_CERT_KEY_BODY, TAPHUAN_CERT_KEY_PLACE,
    TAPHUAN_CERT_KEY_LOGO, TAPHUAN_CERT_KEY_BACKGROUND,
  };
  g_autofree char *prefix = course_value (self, TAPHUAN_CERT_KEY_PREFIX);

  for (guint i = 0; i < G_N_ELEMENTS (text_keys); i++)
    {
      g_autofree char *value = course_value (self, text_keys[i]);

      taphuan_certificate_texts_dialog_set_field (self, text_keys[i], value);
    }
  if (g_str_has_prefix (prefix != NULL ? prefix : "", KT))
    taphuan_certificate_texts_dialog_set_prefix (self, TAPHUAN_SIGNER_PREFIX_KT, g_strstrip (prefix + strlen (KT)));
  else if (g_str_has_prefix (prefix != NULL ? prefix : "", TL))
    taphuan_certificate_texts_dialog_set_prefix (self, TAPHUAN_SIGNER_PREFIX_TL, g_strstrip (prefix + strlen (TL)));
  else
    {
      /* Offer the office's head title for a KT./TL. line. */
      taphuan_certificate_texts_dialog_set_prefix (self, TAPHUAN_SIGNER_PREFIX_OFFICE, C_("certificate", "GIÁM ĐỐC"));
    }
  update_image_rows (self);
  prefix_changed_cb (self);
}

static gboolean
put (TaphuanCertificateTextsDialog  *self,
     const char                     *key,
     const char                     *value,
     GError                        **error)
{
  g_autofree char *course_key = tp_certificates_course_key (self->course_id, key);
  g_autofree char *trimmed = g_strstrip (g_strdup (value != NULL ? value : ""));

  return tp_db_set_setting (self->db, course_key, *trimmed != '\0' ? trimmed : NULL, error);
}

gboolean
taphuan_certificate_texts_dialog_save (TaphuanCertificateTextsDialog  *self,
                                       GError                        **error)
{
  static const char *const keys[] = {
    TAPHUAN_CERT_KEY_TITLE, TAPHUAN_CERT_KEY_NAME, TAPHUAN_CERT_KEY_BODY, TAPHUAN_CERT_KEY_PLACE,
    TAPHUAN_CERT_KEY_LOGO, TAPHUAN_CERT_KEY_BACKGROUND,
  };
  guint prefix = adw_combo_row_get_selected (self->prefix_row);
  g_autofree char *head = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->head_row))));
  g_autofree char *prefix_value = NULL;

  g_return_val_if_fail (TAPHUAN_IS_CERTIFICATE_TEXTS_DIALOG (self), FALSE);

  if (prefix != TAPHUAN_SIGNER_PREFIX_OFFICE)
    {
      if (*head == '\0')
        {
          g_set_error_literal (error, TP_ERROR, TP_ERROR_INVALID,
                               _("Title of the head: write whose title follows KT. or TL., e.g. GIÁM ĐỐC"));
          return FALSE;
        }
      prefix_value = g_strdup_printf ("%s %s", prefix == TAPHUAN_SIGNER_PREFIX_KT ? KT : TL, head);
    }
  if (!tp_doc_certificate_check_image (self->logo_path, error) ||
      !tp_doc_certificate_check_image (self->background_path, error))
    return FALSE;

  if (!tp_db_begin (self->db, error))
    return FALSE;
  if (!put (self, TAPHUAN_CERT_KEY_PREFIX, prefix_value, error))
    goto fail;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (!put (self, keys[i], taphuan_certificate_texts_dialog_get_field (self, keys[i]), error))
      goto fail;
  if (!tp_db_commit (self->db, error))
    goto fail;
  g_signal_emit (self, signals[SIGNAL_SAVED], 0);
  return TRUE;

fail:
  tp_db_rollback (self->db);
  return FALSE;
}

static void
save_clicked_cb (TaphuanCertificateTextsDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (taphuan_certificate_texts_dialog_save (self, &error))
    {
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  {
    GtkWidget *alert = taphuan_compat_alert_new (_("Cannot Save the Certificate Texts"), error->message);

    taphuan_compat_alert_add_response (alert, "close", _("_Close"), FALSE, FALSE);
    taphuan_compat_alert_present (alert, GTK_WIDGET (self), NULL, NULL);
  }
}

/* ---- GObject ----------------------------------------------------------- */

static void
taphuan_certificate_texts_dialog_dispose (GObject *object)
{
  TaphuanCertificateTextsDialog *self = TAPHUAN_CERTIFICATE_TEXTS_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_CERTIFICATE_TEXTS_DIALOG);
  G_OBJECT_CLASS (taphuan_certificate_texts_dialog_parent_class)->dispose (object);
}

static void
taphuan_certificate_texts_dialog_finalize (GObject *object)
{
  TaphuanCertificateTextsDialog *self = TAPHUAN_CERTIFICATE_TEXTS_DIALOG (object);

  g_free (self->course_id);
  g_free (self->logo_path);
  g_free (self->background_path);
  G_OBJECT_CLASS (taphuan_certificate_texts_dialog_parent_class)->finalize (object);
}

static void
taphuan_certificate_texts_dialog_class_init (TaphuanCertificateTextsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_certificate_texts_dialog_dispose;
  object_class->finalize = taphuan_certificate_texts_dialog_finalize;

  signals[SIGNAL_SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-certificate-texts-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TaphuanCertificateTextsDialog, prefix_row);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCertificateTextsDialog, head_row);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCertificateTextsDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCertificateTextsDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCertificateTextsDialog, body_row);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCertificateTextsDialog, place_row);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCertificateTextsDialog, logo_row);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCertificateTextsDialog, background_row);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, prefix_changed_cb);
}

static void
taphuan_certificate_texts_dialog_init (TaphuanCertificateTextsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

TaphuanCertificateTextsDialog *
taphuan_certificate_texts_dialog_new (GtkWindow  *parent,
                                      TpDb       *db,
                                      const char *course_id)
{
  TaphuanCertificateTextsDialog *self;

  g_return_val_if_fail (TP_IS_DB (db), NULL);
  g_return_val_if_fail (course_id != NULL, NULL);

  self = g_object_new (TAPHUAN_TYPE_CERTIFICATE_TEXTS_DIALOG, "transient-for", parent, NULL);
  self->db = g_object_ref (db);
  self->course_id = g_strdup (course_id);
  add_inherit_button (self, GTK_WIDGET (self->title_row), TAPHUAN_CERT_KEY_TITLE);
  add_inherit_button (self, GTK_WIDGET (self->name_row), TAPHUAN_CERT_KEY_NAME);
  add_inherit_button (self, GTK_WIDGET (self->body_row), TAPHUAN_CERT_KEY_BODY);
  add_inherit_button (self, GTK_WIDGET (self->place_row), TAPHUAN_CERT_KEY_PLACE);
  add_choose_button (self, self->logo_row, TAPHUAN_CERT_KEY_LOGO);
  add_inherit_button (self, GTK_WIDGET (self->logo_row), TAPHUAN_CERT_KEY_LOGO);
  add_choose_button (self, self->background_row, TAPHUAN_CERT_KEY_BACKGROUND);
  add_inherit_button (self, GTK_WIDGET (self->background_row), TAPHUAN_CERT_KEY_BACKGROUND);
  load (self);
  return self;
}
