/* taphuan-window.h: the main window: one database, a sidebar of sections
 * (Courses, People, Trainers, Certificates, Reports), editors and toasts. */
#pragma once

#include <adwaita.h>

#include "taphuan-application.h"
#include "tp-db.h"

G_BEGIN_DECLS

typedef enum {
  TAPHUAN_WINDOW_LOADING,
  TAPHUAN_WINDOW_ERROR,
  TAPHUAN_WINDOW_READY,
} TaphuanWindowState;

/* What a change touched, so only those views reload. */
typedef enum {
  TAPHUAN_CHANGED_COURSES = 1 << 0,
  TAPHUAN_CHANGED_PEOPLE  = 1 << 1,
  TAPHUAN_CHANGED_ALL     = 0xff,
} TaphuanChange;

typedef void (*TaphuanUndoFunc) (gpointer user_data);

#define TAPHUAN_TYPE_WINDOW (taphuan_window_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanWindow, taphuan_window, TAPHUAN, WINDOW, AdwApplicationWindow)

TaphuanWindow     *taphuan_window_new                (TaphuanApplication *app);
/* Opens @path in a worker thread (creating it when @create); the window
 * shows a spinner, then the data or an explanation of what is wrong. */
void               taphuan_window_open_database      (TaphuanWindow      *self,
                                                      const char         *path,
                                                      gboolean            create);
/* Lets go of the database (the pages, editors and undo that use it) and
 * shows the spinner: for a restore, which replaces the file. */
void               taphuan_window_close_database     (TaphuanWindow      *self);
const char        *taphuan_window_get_database_path  (TaphuanWindow      *self);
TpDb              *taphuan_window_get_db             (TaphuanWindow      *self);
TaphuanWindowState taphuan_window_get_state          (TaphuanWindow      *self);
/* The translated explanation shown when the state is ERROR. */
const char        *taphuan_window_get_error_message  (TaphuanWindow      *self);
/* Cancelled when the window closes or another database opens. */
GCancellable      *taphuan_window_get_cancellable    (TaphuanWindow      *self);

void               taphuan_window_show_toast         (TaphuanWindow      *self,
                                                      const char         *title);
/* A toast with an Undo button (and Ctrl+Z) running @undo. */
void               taphuan_window_show_undo_toast    (TaphuanWindow      *self,
                                                      const char         *title,
                                                      TaphuanUndoFunc     undo,
                                                      gpointer            user_data,
                                                      GDestroyNotify      destroy);
void               taphuan_window_show_page          (TaphuanWindow      *self,
                                                      const char         *name);
void               taphuan_window_show_course        (TaphuanWindow      *self,
                                                      const char         *course_id);
void               taphuan_window_show_person        (TaphuanWindow      *self,
                                                      const char         *person_id);
/* Reloads the views that show what @change touched. */
void               taphuan_window_data_changed       (TaphuanWindow      *self,
                                                      TaphuanChange       change);
/* Shows an error from the core as a toast ("Could not save: ..."). */
void               taphuan_window_report_error       (TaphuanWindow      *self,
                                                      const char         *what,
                                                      const GError       *error);

/* Deletes with a toast and Undo; a person with attendance records is only
 * deleted after the user agrees to what goes with them. */
void               taphuan_window_delete_course      (TaphuanWindow      *self,
                                                      const char         *course_id);
void               taphuan_window_delete_person      (TaphuanWindow      *self,
                                                      const char         *person_id);

G_END_DECLS
