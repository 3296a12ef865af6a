/* taphuan-data-safety.h: the window's data-safety actions (issue 9):
 * Back Up Now, Restore, restoring the newest good backup of a damaged
 * file, today's backup at start-up, refreshing when another program
 * writes, a course's or a person's history, and a person's rights
 * (export everything, anonymise, delete permanently). */
#pragma once

#include "taphuan-window.h"
#include "tp-backup.h"

G_BEGIN_DECLS

/* Adds the actions (win.backup, win.restore, win.restore-newest-backup,
 * win.course-history, win.person-history, win.person-export,
 * win.person-anonymise, win.person-delete-permanently) to @window and
 * follows its state: a daily backup and a watch for other writers once
 * a database is open. */
void       taphuan_data_safety_attach        (TaphuanWindow *window);

/* What win.backup does once a file is chosen: an online backup in a
 * worker thread, then a toast "Backed up to …". */
void       taphuan_data_safety_back_up_to    (TaphuanWindow *window,
                                              const char    *dest_path);
/* What a confirmed restore does: lets go of the database, replaces it
 * with @source in a worker thread (the current file kept as a backup) and
 * opens it again. */
void       taphuan_data_safety_restore_from  (TaphuanWindow *window,
                                              const char    *source);

/* Shared with the Restore dialog: "3 courses, 40 people, ..., last
 * change ..." and the confirmation that starts a restore. */
char      *_taphuan_data_safety_describe_contents (const TpBackupContents *contents);
void       _taphuan_data_safety_confirm_restore   (TaphuanWindow          *window,
                                                   GtkWidget              *parent,
                                                   const char             *source,
                                                   const TpBackupContents *contents,
                                                   gboolean                damaged);

/* For tests: the alert or dialog shown last, if still open. */
GtkWidget *_taphuan_data_safety_get_alert    (TaphuanWindow *window);
GtkWidget *_taphuan_data_safety_get_dialog   (TaphuanWindow *window);
/* For tests: the next file chooser answers @path instead of asking. */
void       _taphuan_data_safety_set_chosen_file (TaphuanWindow *window,
                                                 const char    *path);

G_END_DECLS
