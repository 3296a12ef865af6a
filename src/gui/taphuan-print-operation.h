/* taphuan-print-operation.h: printing a course's documents through the
 * print dialog (printer, page setup, preview, "Print to File"), laid out by
 * the core renderer (tp-render.h) so the pages equal taphuan-cli's PDF. */
#pragma once

#include <gtk/gtk.h>

#include "tp-db.h"
#include "tp-render.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_PRINT_OPERATION (taphuan_print_operation_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanPrintOperation, taphuan_print_operation, TAPHUAN, PRINT_OPERATION, GtkPrintOperation)

/* An operation for course @course_id; the dialog has a "Document" tab to
 * choose the sign-in sheets (default @kind), attendance summary, roster or
 * receipt list. The document is read from @db when printing begins. */
TaphuanPrintOperation *taphuan_print_operation_new        (TpDb           *db,
                                                           const char     *course_id,
                                                           TpDocumentKind  kind);
TpDocumentKind         taphuan_print_operation_get_kind   (TaphuanPrintOperation *self);
void                   taphuan_print_operation_set_kind   (TaphuanPrintOperation *self,
                                                           TpDocumentKind         kind);

/* Shows the print dialog for @course_id over @parent (asynchronously);
 * errors (nothing to print, printer failure) go to @parent's toasts when it
 * is a TaphuanWindow. */
void                   taphuan_print_course               (GtkWindow      *parent,
                                                           TpDb           *db,
                                                           const char     *course_id,
                                                           TpDocumentKind  kind);

G_END_DECLS
