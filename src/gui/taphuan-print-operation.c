/* taphuan-print-operation.c: a GtkPrintOperation drawing the core
 * renderer's pages. begin-print reads the document and paginates it for the
 * paper the user chose; draw-page draws one page. The page setup and the
 * print settings are remembered for the next print in this session. */
#include "config.h"

#include <glib/gi18n.h>

#include "taphuan-print-operation.h"
#include "taphuan-window.h"

struct _TaphuanPrintOperation
{
  GtkPrintOperation  parent_instance;

  TpDb              *db;
  char              *course_id;
  TpDocumentKind     kind;
  gboolean           with_ethnicity;
  TpDocument        *document;
  GError            *error;       /* why nothing could be printed */

  GtkDropDown       *kind_dropdown;     /* the custom tab, while it exists */
  GtkCheckButton    *ethnicity_check;
};

G_DEFINE_FINAL_TYPE (TaphuanPrintOperation, taphuan_print_operation, GTK_TYPE_PRINT_OPERATION)

static GtkPrintSettings *last_settings;
static GtkPageSetup *last_page_setup;

static void
taphuan_print_operation_begin_print (GtkPrintOperation *operation,
                                     GtkPrintContext   *context)
{
  TaphuanPrintOperation *self = TAPHUAN_PRINT_OPERATION (operation);
  TpDocumentOptions options;

  tp_document_options_init (&options);
  if (self->with_ethnicity)
    options.columns |= TP_COLUMN_ETHNICITY;
  g_clear_pointer (&self->document, tp_document_free);
  g_clear_error (&self->error);
  self->document = tp_document_new (self->db, self->kind, self->course_id, &options, &self->error);
  if (self->document == NULL)
    {
      gtk_print_operation_cancel (operation);
      return;
    }

  gtk_print_operation_set_job_name (operation, tp_document_get_title (self->document));
  gtk_print_operation_set_n_pages (operation,
                                   tp_document_paginate (self->document,
                                                         gtk_print_context_get_width (context),
                                                         gtk_print_context_get_height (context)));
}

static void
taphuan_print_operation_draw_page (GtkPrintOperation *operation,
                                   GtkPrintContext   *context,
                                   int                page_nr)
{
  TaphuanPrintOperation *self = TAPHUAN_PRINT_OPERATION (operation);

  if (self->document != NULL && page_nr < tp_document_get_n_pages (self->document))
    tp_document_draw_page (self->document, gtk_print_context_get_cairo_context (context), page_nr);
}

static GtkWidget *
taphuan_print_operation_create_custom_widget (GtkPrintOperation *operation)
{
  TaphuanPrintOperation *self = TAPHUAN_PRINT_OPERATION (operation);
  const char *const kinds[] = {
    N_("Sign-in sheets, one per course day"),
    N_("Attendance summary"),
    N_("Participant roster"),
    N_("Allowance receipt list"),
    NULL,
  };
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label;

  for (guint i = 0; kinds[i] != NULL; i++)
    gtk_string_list_append (model, _(kinds[i]));

  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);

  label = gtk_label_new_with_mnemonic (_("_Document"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  self->kind_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (model)), NULL));
  gtk_drop_down_set_selected (self->kind_dropdown, self->kind);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->kind_dropdown));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->kind_dropdown));

  self->ethnicity_check = GTK_CHECK_BUTTON (
    gtk_check_button_new_with_mnemonic (_("Show _ethnicity (sensitive data; only for people who consented)")));
  gtk_check_button_set_active (self->ethnicity_check, self->with_ethnicity);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->ethnicity_check));

  return box;
}

static void
taphuan_print_operation_custom_widget_apply (GtkPrintOperation *operation,
                                             GtkWidget         *widget)
{
  TaphuanPrintOperation *self = TAPHUAN_PRINT_OPERATION (operation);

  if (self->kind_dropdown != NULL)
    self->kind = (TpDocumentKind) gtk_drop_down_get_selected (self->kind_dropdown);
  if (self->ethnicity_check != NULL)
    self->with_ethnicity = gtk_check_button_get_active (self->ethnicity_check);
  self->kind_dropdown = NULL;
  self->ethnicity_check = NULL;
}

static void
taphuan_print_operation_done (GtkPrintOperation       *operation,
                              GtkPrintOperationResult  result)
{
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_set_object (&last_settings, gtk_print_operation_get_print_settings (operation));
}

static void
taphuan_print_operation_finalize (GObject *object)
{
  TaphuanPrintOperation *self = TAPHUAN_PRINT_OPERATION (object);

  g_clear_object (&self->db);
  g_clear_pointer (&self->course_id, g_free);
  g_clear_pointer (&self->document, tp_document_free);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (taphuan_print_operation_parent_class)->finalize (object);
}

static void
taphuan_print_operation_class_init (TaphuanPrintOperationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkPrintOperationClass *print_class = GTK_PRINT_OPERATION_CLASS (klass);

  object_class->finalize = taphuan_print_operation_finalize;
  print_class->begin_print = taphuan_print_operation_begin_print;
  print_class->draw_page = taphuan_print_operation_draw_page;
  print_class->create_custom_widget = taphuan_print_operation_create_custom_widget;
  print_class->custom_widget_apply = taphuan_print_operation_custom_widget_apply;
  print_class->done = taphuan_print_operation_done;
}

static void
taphuan_print_operation_init (TaphuanPrintOperation *self)
{
  GtkPrintOperation *operation = GTK_PRINT_OPERATION (self);

  /* The renderer draws from the paper's corner in points and keeps the
   * Decree 30 margins itself. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_custom_tab_label (operation, _("Document"));
}

TaphuanPrintOperation *
taphuan_print_operation_new (TpDb           *db,
                             const char     *course_id,
                             TpDocumentKind  kind)
{
  TaphuanPrintOperation *self = g_object_new (TAPHUAN_TYPE_PRINT_OPERATION, NULL);
  GtkPageSetup *setup;
  TpDocumentOptions options;
  g_autoptr(TpDocument) probe = NULL;

  self->db = g_object_ref (db);
  self->course_id = g_strdup (course_id);
  self->kind = kind;

  if (last_settings != NULL)
    gtk_print_operation_set_print_settings (GTK_PRINT_OPERATION (self), last_settings);

  /* A4, turned the way the document's columns want it. */
  setup = last_page_setup != NULL ? gtk_page_setup_copy (last_page_setup) : gtk_page_setup_new ();
  if (last_page_setup == NULL)
    {
      g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
      gtk_page_setup_set_paper_size (setup, a4);
    }
  tp_document_options_init (&options);
  probe = tp_document_new (db, kind, course_id, &options, NULL);
  if (probe != NULL)
    gtk_page_setup_set_orientation (setup, tp_document_is_landscape (probe)
                                           ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                           : GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (self), setup);
  g_object_unref (setup);
  return self;
}

TpDocumentKind
taphuan_print_operation_get_kind (TaphuanPrintOperation *self)
{
  g_return_val_if_fail (TAPHUAN_IS_PRINT_OPERATION (self), TP_DOCUMENT_SIGNIN);
  return self->kind;
}

void
taphuan_print_operation_set_kind (TaphuanPrintOperation *self,
                                  TpDocumentKind         kind)
{
  g_return_if_fail (TAPHUAN_IS_PRINT_OPERATION (self));
  self->kind = kind;
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               gpointer                 user_data)
{
  TaphuanPrintOperation *self = TAPHUAN_PRINT_OPERATION (operation);
  GtkWindow *parent = user_data;
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    gtk_print_operation_get_error (operation, &error);
  else if (self->error != NULL)
    error = g_error_copy (self->error);

  if (error != NULL && parent != NULL && TAPHUAN_IS_WINDOW (parent))
    taphuan_window_report_error (TAPHUAN_WINDOW (parent), _("Could not print"), error);
  else if (error != NULL)
    g_warning ("Could not print: %s", error->message);
  g_clear_object (&parent);
  g_object_unref (operation);   /* the reference taphuan_print_course() kept */
}

void
taphuan_print_course (GtkWindow      *parent,
                      TpDb           *db,
                      const char     *course_id,
                      TpDocumentKind  kind)
{
  /* Released by print_done_cb once the (asynchronous) job is over. */
  TaphuanPrintOperation *operation = taphuan_print_operation_new (db, course_id, kind);
  g_autoptr(GError) error = NULL;

  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb),
                    parent != NULL ? g_object_ref (parent) : NULL);
  gtk_print_operation_run (GTK_PRINT_OPERATION (operation), GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                           parent, &error);
  if (error != NULL && parent != NULL && TAPHUAN_IS_WINDOW (parent))
    taphuan_window_report_error (TAPHUAN_WINDOW (parent), _("Could not print"), error);
}
