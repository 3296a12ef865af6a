/* taphuan-backup-dialog.h: "Restore…": the backups of the open database,
 * newest first, with what each holds, or any Taphuan database file; a
 * choice leads to a confirmation, then the window's restore. */
#pragma once

#include <adwaita.h>

#include "taphuan-window.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_BACKUP_DIALOG (taphuan_backup_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanBackupDialog, taphuan_backup_dialog, TAPHUAN, BACKUP_DIALOG, AdwWindow)

TaphuanBackupDialog *taphuan_backup_dialog_new           (TaphuanWindow       *window);
/* What choosing a backup (or a file) does: reads what @path holds in a
 * worker thread, then asks to confirm the restore. */
void                 taphuan_backup_dialog_choose        (TaphuanBackupDialog *self,
                                                          const char          *path);
guint                taphuan_backup_dialog_get_n_backups (TaphuanBackupDialog *self);
/* The subtitle of backup row @i ("3 courses, 40 people, ..."), for tests. */
const char          *_taphuan_backup_dialog_get_row_text (TaphuanBackupDialog *self,
                                                          guint                i);

G_END_DECLS
