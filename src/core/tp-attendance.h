/* tp-attendance.h: roll call over the marks kept by tp-store.
 *
 * Per-enrolment summaries against the course's completion threshold (late
 * counts as attended; excused counts when the course says so), per-session
 * totals of women and men, "mark the rest present" for one session as one
 * undoable batch, and undo of the last change or batch of a course's marks,
 * read back from the change log.
 */
#pragma once

#include "tp-db.h"
#include "tp-model.h"

G_BEGIN_DECLS

typedef struct {
  guint    present;
  guint    late;
  guint    excused;
  guint    absent;
  guint    unmarked;
  guint    attended;   /* present + late (+ excused when the course counts it) */
  guint    total;      /* sessions of the course */
  double   percent;    /* attended / total × 100; 0 without sessions */
  gboolean complete;   /* attended / total reaches the course threshold */
} TpAttendanceSummary;

/* Whether a mark counts as attended under @course's rules. */
gboolean   tp_attendance_mark_counts   (const TpCourse *course,
                                        TpMark          mark);

/* Summarises the marks of @enrolment_id over @sessions (TpSession*), with
 * @marks as returned by tp_store_get_course_marks(). Exact integer
 * comparison: 8 of 10 sessions reaches 80 %, 7 does not. */
void       tp_attendance_summarize     (const TpCourse      *course,
                                        GPtrArray           *sessions,
                                        GHashTable          *marks,
                                        const char          *enrolment_id,
                                        TpAttendanceSummary *out);

/* The key of tp_store_get_course_marks(): "enrolment_id/session_id". */
char      *tp_attendance_mark_key      (const char *enrolment_id,
                                        const char *session_id);

/* Marks as found in @marks (TP_MARK_NONE when unmarked). */
TpMark     tp_attendance_lookup        (GHashTable *marks,
                                        const char *enrolment_id,
                                        const char *session_id);

/* People who attended @session_id (present or late), withdrawn enrolments
 * left out, by sex. Any out pointer may be NULL. */
gboolean   tp_attendance_session_totals (TpDb       *db,
                                         const char *session_id,
                                         guint      *women,
                                         guint      *men,
                                         guint      *unknown,
                                         GError    **error);

/* Marks every enrolled (not withdrawn) person without a mark for
 * @session_id as present, in one transaction tagged with one new batch id
 * (returned in @batch_id when not NULL). Never changes an existing mark.
 * Returns the number of marks added, -1 on error (nothing changed). */
int        tp_attendance_mark_rest_present (TpDb        *db,
                                            const char  *session_id,
                                            char       **batch_id,
                                            GError     **error);

/* Whether the course has a mark change that can still be undone. */
gboolean   tp_attendance_can_undo      (TpDb        *db,
                                        const char  *course_id);

/* Undoes the newest change to the marks of @course_id that has not been
 * undone yet: a whole batch when the change was part of one, else the single
 * change. Restores the old values in one transaction; the undo itself is
 * logged (old → new) under the batch "undo:<what it undid>". Returns the
 * number of marks restored (0 when there is nothing to undo), -1 on error
 * (nothing changed). */
int        tp_attendance_undo_last     (TpDb        *db,
                                        const char  *course_id,
                                        GError     **error);

G_END_DECLS
