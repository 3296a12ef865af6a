/* taphuan-import-dialog.h: the import wizard. Choose a CSV/TSV file, see
 * the rows as Taphuan understood them and change the column mapping, read
 * the problems row by row, decide about possible duplicates, optionally
 * enrol everyone in a course, import in one transaction and undo it from
 * the main window's toast. Reading and importing run in a worker thread on
 * the dialog's own connection to the database. */
#pragma once

#include <adwaita.h>

#include "taphuan-window.h"
#include "tp-import.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_IMPORT_DIALOG (taphuan_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanImportDialog, taphuan_import_dialog, TAPHUAN, IMPORT_DIALOG, AdwWindow)

/* Modal over @window, importing into its database. */
TaphuanImportDialog *taphuan_import_dialog_new            (TaphuanWindow       *window);
/* Reads @file (as if chosen or dropped) and shows the preview. */
void                 taphuan_import_dialog_open_file      (TaphuanImportDialog *self,
                                                           GFile               *file);

/* For tests and screenshots: what the wizard shows. */
gboolean             taphuan_import_dialog_is_busy        (TaphuanImportDialog *self);
/* "choose", "busy", "preview", "problems", "duplicates", "course", "done". */
const char          *taphuan_import_dialog_get_step       (TaphuanImportDialog *self);
/* The preview table: rows of GtkStringObject; the text of one cell as
 * shown (@column: "row", "name", "sex", "birth", "ethnicity",
 * "organisation", "position", "phone", "id", "status"). */
GListModel          *taphuan_import_dialog_get_preview    (TaphuanImportDialog *self);
const char          *taphuan_import_dialog_get_cell       (TaphuanImportDialog *self,
                                                           guint                row,
                                                           const char          *column);
/* The column-mapping row of file column @column, NULL past the last. */
AdwComboRow         *taphuan_import_dialog_get_mapping_row (TaphuanImportDialog *self,
                                                            guint                column);
/* GtkStringObjects: the problem messages ("Row 5: ..."). */
GListModel          *taphuan_import_dialog_get_problems   (TaphuanImportDialog *self);
/* GtkStringObjects, one per possible duplicate: the file row's index;
 * describe one side by side ("Đặng Thị Hoà | 1985 | ..." for the file,
 * then the register). */
GListModel          *taphuan_import_dialog_get_duplicates (TaphuanImportDialog *self);
char                *taphuan_import_dialog_describe_duplicate (TaphuanImportDialog *self,
                                                               guint                position);
/* The explanation shown when nothing can be imported yet, or NULL. */
const char          *taphuan_import_dialog_get_blocked_reason (TaphuanImportDialog *self);
AdwComboRow         *taphuan_import_dialog_get_course_row (TaphuanImportDialog *self);
/* The counts of the import just made, or NULL. */
const TpImportStats *taphuan_import_dialog_get_stats      (TaphuanImportDialog *self);

G_END_DECLS
