/* taphuan-certificates-page.c: the Certificates section: the register (số
 * cấp giấy chứng nhận) with search, revoke with a reason, and CSV export.
 * Everything goes through tp-certificates; rows show the certificate as
 * issued (its snapshot), not the person's current record. */
#include "config.h"

#include <glib/gi18n.h>

#include "taphuan-certificates-page.h"
#include "taphuan-compat.h"
#include "tp-certificates.h"
#include "tp-format.h"

struct _TaphuanCertificatesPage
{
  AdwBin          parent_instance;

  GtkSearchEntry *search_entry;
  GtkStack       *stack;
  GtkListBox     *list;

  TpDb           *db;
  GCancellable   *cancellable;
  guint           n_shown;
};

G_DEFINE_FINAL_TYPE (TaphuanCertificatesPage, taphuan_certificates_page, ADW_TYPE_BIN)

typedef struct {
  TaphuanCertificatesPage *self;
  char                    *certificate_id;
  GtkWidget               *reason_entry;
} RevokeData;

static void
revoke_data_free (RevokeData *data)
{
  g_object_unref (data->self);
  g_free (data->certificate_id);
  g_free (data);
}

static void
show_error (TaphuanCertificatesPage *self,
            const char              *heading,
            const GError            *error)
{
  GtkWidget *alert = taphuan_compat_alert_new (heading, error->message);

  taphuan_compat_alert_add_response (alert, "close", _("_Close"), FALSE, TRUE);
  taphuan_compat_alert_present (alert, GTK_WIDGET (self), NULL, NULL);
}

static void
revoke_response_cb (const char *response,
                    gpointer    user_data)
{
  RevokeData *data = user_data;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "revoke") == 0 && data->self->db != NULL)
    {
      const char *reason = gtk_editable_get_text (GTK_EDITABLE (data->reason_entry));

      if (!tp_certificates_revoke (data->self->db, data->certificate_id, reason, &error))
        show_error (data->self, _("The Certificate Was Not Revoked"), error);
      taphuan_certificates_page_reload (data->self);
    }
  revoke_data_free (data);
}

static void
revoke_clicked_cb (GtkButton               *button,
                   TaphuanCertificatesPage *self)
{
  const char *number = g_object_get_data (G_OBJECT (button), "register-no");
  g_autofree char *heading = g_strdup_printf (_("Revoke Certificate %s?"), number);
  GtkWidget *alert = taphuan_compat_alert_new (heading,
                                               _("The certificate stays in the register as revoked, with the reason, and its number is never used again."));
  RevokeData *data = g_new0 (RevokeData, 1);

  data->self = g_object_ref (self);
  data->certificate_id = g_strdup (g_object_get_data (G_OBJECT (button), "certificate-id"));
  data->reason_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (data->reason_entry), _("Reason (required)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (data->reason_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason for revoking"), -1);
#if ADW_CHECK_VERSION (1, 5, 0)
  if (ADW_IS_ALERT_DIALOG (alert))
    adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (alert), data->reason_entry);
#else
  if (ADW_IS_MESSAGE_DIALOG (alert))
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (alert), data->reason_entry);
#endif
  taphuan_compat_alert_add_response (alert, "cancel", _("_Cancel"), FALSE, FALSE);
  taphuan_compat_alert_add_response (alert, "revoke", _("_Revoke"), TRUE, FALSE);
  taphuan_compat_alert_present (alert, GTK_WIDGET (self), revoke_response_cb, data);
}

static GtkWidget *
row_new (TaphuanCertificatesPage *self,
         TpCertificate           *c)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *date = tp_format_date_short (c->issued_on);
  g_autofree char *title = g_markup_printf_escaped ("%s · %s", c->register_no,
                                                    c->full_name != NULL ? c->full_name : "");
  g_autofree char *subtitle = NULL;

  if (c->status == TP_CERT_REVOKED)
    /* Translators: a revoked certificate in the register: "LG-01 · 05/03/2026 · Revoked: wrong name" */
    subtitle = g_markup_printf_escaped (_("%s · %s · Revoked: %s"), c->course_code != NULL ? c->course_code : "",
                                        date != NULL ? date : c->issued_on,
                                        c->revoked_reason != NULL ? c->revoked_reason : "");
  else
    /* Translators: a certificate in the register: "LG-01 · 05/03/2026 · code 7C9RVTQZ" */
    subtitle = g_markup_printf_escaped (_("%s · %s · code %s"), c->course_code != NULL ? c->course_code : "",
                                        date != NULL ? date : c->issued_on, c->verification_code);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (c->status == TP_CERT_VALID)
    {
      GtkWidget *revoke = gtk_button_new_with_mnemonic (_("Re_voke…"));

      gtk_widget_set_valign (revoke, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (revoke, "flat");
      g_object_set_data_full (G_OBJECT (revoke), "certificate-id", g_strdup (c->id), g_free);
      g_object_set_data_full (G_OBJECT (revoke), "register-no", g_strdup (c->register_no), g_free);
      g_signal_connect (revoke, "clicked", G_CALLBACK (revoke_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), revoke);
    }
  else
    gtk_widget_add_css_class (row, "dim-label");
  return row;
}

void
taphuan_certificates_page_reload (TaphuanCertificatesPage *self)
{
  g_autoptr(GPtrArray) certs = NULL;
  const char *search;
  GtkWidget *child;

  g_return_if_fail (TAPHUAN_IS_CERTIFICATES_PAGE (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  self->n_shown = 0;
  gtk_stack_set_visible_child_name (self->stack, "empty");
  if (self->db == NULL)
    return;

  search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  certs = tp_certificates_list (self->db, NULL, search, NULL);
  if (certs == NULL)
    return;
  /* The newest first: the register is read from its end. */
  for (guint i = certs->len; i > 0; i--)
    gtk_list_box_append (self->list, row_new (self, g_ptr_array_index (certs, i - 1)));
  self->n_shown = certs->len;
  if (certs->len > 0 || (search != NULL && *search != '\0'))
    gtk_stack_set_visible_child_name (self->stack, "list");
}

guint
taphuan_certificates_page_get_n_shown (TaphuanCertificatesPage *self)
{
  g_return_val_if_fail (TAPHUAN_IS_CERTIFICATES_PAGE (self), 0);
  return self->n_shown;
}

void
taphuan_certificates_page_set_db (TaphuanCertificatesPage *self,
                                  TpDb                    *db)
{
  g_return_if_fail (TAPHUAN_IS_CERTIFICATES_PAGE (self));

  g_set_object (&self->db, db);
  taphuan_certificates_page_reload (self);
}

static void
search_changed_cb (TaphuanCertificatesPage *self)
{
  taphuan_certificates_page_reload (self);
}

static void
export_chosen_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TaphuanCertificatesPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = taphuan_compat_choose_file_finish (result, &error);
  g_autofree char *path = NULL;

  if (file == NULL || self->db == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL || !tp_certificates_export_csv (self->db, path, &error))
    {
      if (error == NULL)
        g_set_error_literal (&error, TP_ERROR, TP_ERROR_IO, _("The chosen place is not a local file"));
      show_error (self, _("The Register Was Not Exported"), error);
    }
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  TaphuanCertificatesPage *self = TAPHUAN_CERTIFICATES_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->db == NULL)
    return;
  taphuan_compat_choose_file_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                    _("Export the Certificate Register"), TRUE,
                                    /* Translators: file name of the exported register */
                                    _("so-cap-giay-chung-nhan.csv"), NULL, self->cancellable,
                                    export_chosen_cb, g_object_ref (self));
}

static void
taphuan_certificates_page_dispose (GObject *object)
{
  TaphuanCertificatesPage *self = TAPHUAN_CERTIFICATES_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_CERTIFICATES_PAGE);
  G_OBJECT_CLASS (taphuan_certificates_page_parent_class)->dispose (object);
}

static void
taphuan_certificates_page_class_init (TaphuanCertificatesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_certificates_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-certificates-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TaphuanCertificatesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCertificatesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCertificatesPage, list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_install_action (widget_class, "certificates.export-csv", NULL, export_csv_action);
}

static void
taphuan_certificates_page_init (TaphuanCertificatesPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
