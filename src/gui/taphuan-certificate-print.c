/* taphuan-certificate-print.c: a GtkPrintOperation over certificate
 * snapshots. The snapshots are read (off the main thread) before the
 * operation is made, so begin-print only counts pages and draw-page only
 * draws. The print settings are remembered for the next print. */
#include "config.h"

#include <glib/gi18n.h>

#include "taphuan-certificate-print.h"

struct _TaphuanCertificatePrint
{
  GtkPrintOperation  parent_instance;

  GPtrArray         *snapshots;
  char              *logo_path;
  char              *background_path;
  gboolean           mark_revoked;
};

G_DEFINE_FINAL_TYPE (TaphuanCertificatePrint, taphuan_certificate_print, GTK_TYPE_PRINT_OPERATION)

static GtkPrintSettings *last_settings;

static void
taphuan_certificate_print_begin_print (GtkPrintOperation *operation,
                                       GtkPrintContext   *context)
{
  TaphuanCertificatePrint *self = TAPHUAN_CERTIFICATE_PRINT (operation);

  gtk_print_operation_set_n_pages (operation, MAX (self->snapshots->len, 1));
}

static void
taphuan_certificate_print_draw_page (GtkPrintOperation *operation,
                                     GtkPrintContext   *context,
                                     int                page_nr)
{
  TaphuanCertificatePrint *self = TAPHUAN_CERTIFICATE_PRINT (operation);
  TpCertRenderOptions options = {
    self->logo_path, self->background_path, self->mark_revoked,
  };

  if (page_nr < 0 || (guint) page_nr >= self->snapshots->len)
    return;
  /* The certificate scales itself to the paper: A4 landscape by default,
   * whatever the user picked otherwise. */
  tp_doc_certificate_draw (gtk_print_context_get_cairo_context (context),
                           gtk_print_context_get_width (context),
                           gtk_print_context_get_height (context),
                           g_ptr_array_index (self->snapshots, page_nr), &options);
}

static void
taphuan_certificate_print_done (GtkPrintOperation       *operation,
                                GtkPrintOperationResult  result)
{
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_set_object (&last_settings, gtk_print_operation_get_print_settings (operation));
}

static void
taphuan_certificate_print_finalize (GObject *object)
{
  TaphuanCertificatePrint *self = TAPHUAN_CERTIFICATE_PRINT (object);

  g_clear_pointer (&self->snapshots, g_ptr_array_unref);
  g_clear_pointer (&self->logo_path, g_free);
  g_clear_pointer (&self->background_path, g_free);
  G_OBJECT_CLASS (taphuan_certificate_print_parent_class)->finalize (object);
}

static void
taphuan_certificate_print_class_init (TaphuanCertificatePrintClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPrintOperationClass *print_class = GTK_PRINT_OPERATION_CLASS (klass);

  object_class->finalize = taphuan_certificate_print_finalize;
  print_class->begin_print = taphuan_certificate_print_begin_print;
  print_class->draw_page = taphuan_certificate_print_draw_page;
  print_class->done = taphuan_certificate_print_done;
}

static void
taphuan_certificate_print_init (TaphuanCertificatePrint *self)
{
  GtkPrintOperation *operation = GTK_PRINT_OPERATION (self);
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  /* The certificate keeps its own margins and frame. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_LANDSCAPE);
  gtk_print_operation_set_default_page_setup (operation, setup);
  /* Translators: the print job's name */
  gtk_print_operation_set_job_name (operation, _("Certificates"));
  if (last_settings != NULL)
    gtk_print_operation_set_print_settings (operation, last_settings);
}

TaphuanCertificatePrint *
taphuan_certificate_print_new (GPtrArray                 *snapshots,
                               const TpCertRenderOptions *options)
{
  TaphuanCertificatePrint *self;

  g_return_val_if_fail (snapshots != NULL, NULL);

  self = g_object_new (TAPHUAN_TYPE_CERTIFICATE_PRINT, NULL);
  self->snapshots = g_ptr_array_ref (snapshots);
  if (options != NULL)
    {
      self->logo_path = g_strdup (options->logo_path);
      self->background_path = g_strdup (options->background_path);
      self->mark_revoked = options->mark_revoked;
    }
  return self;
}
