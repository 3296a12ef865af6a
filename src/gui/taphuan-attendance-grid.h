/* taphuan-attendance-grid.h: the roll call of one course: enrolled people
 * (rows, Vietnamese order) by sessions (columns), one mark per cell, entered
 * from the keyboard or by clicking, written to the database at once.
 *
 * Keys on a cell: arrows move; P or C (có mặt) present, L or M (muộn) late,
 * E or V (vắng có phép) excused, A or K (vắng không phép) absent; Space
 * cycles; Delete or BackSpace clears; Enter moves down. Ctrl+Z undoes the
 * last change or batch. With one session chosen ("scanned sheet" mode) a
 * mark moves on to the next person, in the order of the printed sheet. */
#pragma once

#include <adwaita.h>

#include "tp-db.h"
#include "tp-model.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_ATTENDANCE_GRID (taphuan_attendance_grid_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanAttendanceGrid, taphuan_attendance_grid, TAPHUAN, ATTENDANCE_GRID, AdwBin)

GtkWidget  *taphuan_attendance_grid_new              (void);
/* NULL @db or @course_id clears the grid. Setting the course it already
 * shows refreshes the marks in place, keeping the cursor. */
void        taphuan_attendance_grid_set_course       (TaphuanAttendanceGrid *self,
                                                      TpDb                  *db,
                                                      const char            *course_id);
void        taphuan_attendance_grid_reload           (TaphuanAttendanceGrid *self);

guint       taphuan_attendance_grid_get_n_people     (TaphuanAttendanceGrid *self);
guint       taphuan_attendance_grid_get_n_sessions   (TaphuanAttendanceGrid *self);

/* The cell with the keyboard cursor: @row a person, @column a session. */
void        taphuan_attendance_grid_set_cursor       (TaphuanAttendanceGrid *self,
                                                      guint                  row,
                                                      guint                  column);
void        taphuan_attendance_grid_get_cursor       (TaphuanAttendanceGrid *self,
                                                      guint                 *row,
                                                      guint                 *column);
/* -1 shows every session; otherwise only that one ("scanned sheet"). */
void        taphuan_attendance_grid_set_sheet_session (TaphuanAttendanceGrid *self,
                                                       int                    column);
int         taphuan_attendance_grid_get_sheet_session (TaphuanAttendanceGrid *self);

/* What a key press on the focused cell does (the grid's key controller
 * calls this); TRUE when the key was used. */
gboolean    taphuan_attendance_grid_handle_key       (TaphuanAttendanceGrid *self,
                                                      guint                  keyval,
                                                      GdkModifierType        state);

/* For tests: the mark the grid holds, and the texts it shows for a row's
 * attendance ("83% · Complete") and a session's column header. */
TpMark      taphuan_attendance_grid_get_mark         (TaphuanAttendanceGrid *self,
                                                      guint                  row,
                                                      guint                  column);
char       *taphuan_attendance_grid_dup_row_summary  (TaphuanAttendanceGrid *self,
                                                      guint                  row);
const char *taphuan_attendance_grid_get_column_title (TaphuanAttendanceGrid *self,
                                                      guint                  column);
/* The label of the visible cell widget (NULL when the cell is not on
 * screen): what the user sees, letter and all. */
const char *taphuan_attendance_grid_get_cell_text    (TaphuanAttendanceGrid *self,
                                                      guint                  row,
                                                      guint                  column);

G_END_DECLS
