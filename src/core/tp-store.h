/* tp-store.h: reading and writing Taphuan's records.
 *
 * Every save validates first (translated, per-field messages), normalises
 * text to NFC, keeps the search fold and the name sort key up to date and
 * runs in a transaction; the change log is written by triggers, so every
 * insert, update and delete lands there whoever makes it.
 */
#pragma once

#include "tp-db.h"
#include "tp-model.h"

G_BEGIN_DECLS

/* ---- validation -------------------------------------------------------- */

typedef struct {
  char *field;    /* "birth_year", "end_date", ... (the bundle's key) */
  char *message;  /* translated, complete sentence */
} TpFieldError;

void       tp_field_error_free   (TpFieldError *e);

/* Arrays of TpFieldError*, empty when valid (never NULL). The checks that
 * need the database (code unique...) are made by the save functions. */
GPtrArray *tp_person_validate    (const TpPerson *person);
GPtrArray *tp_course_validate    (const TpCourse *course);
GPtrArray *tp_session_validate   (const TpSession *session,
                                  const TpCourse  *course);

/* Joins the messages of @errors ("field: message; ...") into @error as
 * TP_ERROR_INVALID; returns FALSE when there were errors. */
gboolean   tp_field_errors_to_gerror (GPtrArray  *errors,
                                      GError    **error);

/* Single-field checks the editors call as the user types. NULL = fine. */
char      *tp_check_birth_year   (int         year);
char      *tp_check_national_id  (const char *id);
char      *tp_check_email        (const char *email);
char      *tp_check_phone        (const char *phone);
char      *tp_check_date         (const char *date);   /* YYYY-MM-DD, real day */

/* ---- people ------------------------------------------------------------ */

/* Inserts (id NULL: a new UUID is written into @person) or updates. Fills
 * name parts from full_name when they are all empty. */
gboolean   tp_store_save_person    (TpDb        *db,
                                    TpPerson    *person,
                                    GError     **error);
TpPerson  *tp_store_get_person     (TpDb        *db,
                                    const char  *id,
                                    GError     **error);
/* People whose folded name, organisation, phone, e-mail or id number
 * contains the fold of @search (NULL or "" = everyone), in Vietnamese name
 * order. @limit 0 = no limit. */
GPtrArray *tp_store_list_people    (TpDb        *db,
                                    const char  *search,
                                    guint        limit,
                                    GError     **error);
guint      tp_store_count_people   (TpDb        *db);
/* People who look like @person: same national id, or same folded full
 * name and birth year (either unknown matches). Excludes @person->id. */
GPtrArray *tp_store_find_similar_people (TpDb           *db,
                                         const TpPerson *person,
                                         GError        **error);
/* What deleting @id takes with it (enrolments, marks, certificates). */
void       tp_store_person_dependents (TpDb       *db,
                                       const char *id,
                                       guint      *n_enrolments,
                                       guint      *n_marks,
                                       guint      *n_certificates);
gboolean   tp_store_delete_person  (TpDb        *db,
                                    const char  *id,
                                    GError     **error);

/* ---- courses ----------------------------------------------------------- */

gboolean   tp_store_save_course    (TpDb        *db,
                                    TpCourse    *course,
                                    GError     **error);
TpCourse  *tp_store_get_course     (TpDb        *db,
                                    const char  *id,
                                    GError     **error);
TpCourse  *tp_store_get_course_by_code (TpDb       *db,
                                        const char *code,
                                        GError    **error);
/* Newest first (start date, then code). */
GPtrArray *tp_store_list_courses   (TpDb        *db,
                                    const char  *search,
                                    GError     **error);
/* Deletes a course with its sessions, enrolments and marks, after a
 * "delete" backup (none inside a caller's transaction); refused while it
 * has certificates, and when no backup can be made. */
gboolean   tp_store_delete_course  (TpDb        *db,
                                    const char  *id,
                                    GError     **error);

/* Enrolled women and men (withdrawn excluded); unknown sex apart. */
void       tp_store_course_enrolled_counts (TpDb       *db,
                                            const char *course_id,
                                            guint      *women,
                                            guint      *men,
                                            guint      *unknown);

/* ---- sessions ---------------------------------------------------------- */

gboolean   tp_store_save_session   (TpDb        *db,
                                    TpSession   *session,
                                    GError     **error);
/* By date, then morning < afternoon < full day. */
GPtrArray *tp_store_list_sessions  (TpDb        *db,
                                    const char  *course_id,
                                    GError     **error);
gboolean   tp_store_delete_session (TpDb        *db,
                                    const char  *id,
                                    GError     **error);
/* Adds a morning and an afternoon session for every day from start to end
 * date that has none yet; returns how many were added, -1 on error. */
int        tp_store_generate_sessions (TpDb       *db,
                                       const char *course_id,
                                       GError    **error);

/* ---- trainers of a course ---------------------------------------------- */

gboolean   tp_store_set_course_trainer    (TpDb          *db,
                                           const char    *course_id,
                                           const char    *person_id,
                                           TpTrainerRole  role,
                                           GError       **error);
gboolean   tp_store_remove_course_trainer (TpDb          *db,
                                           const char    *course_id,
                                           const char    *person_id,
                                           GError       **error);
GPtrArray *tp_store_list_course_trainers  (TpDb          *db,
                                           const char    *course_id,
                                           GError       **error);

/* ---- enrolments and attendance ----------------------------------------- */

/* Inserts; TP_ERROR_CONFLICT when the person is already enrolled. */
gboolean   tp_store_enrol          (TpDb        *db,
                                    TpEnrolment *enrolment,
                                    GError     **error);
gboolean   tp_store_save_enrolment (TpDb        *db,
                                    TpEnrolment *enrolment,
                                    GError     **error);
gboolean   tp_store_unenrol        (TpDb        *db,
                                    const char  *enrolment_id,
                                    GError     **error);
TpEnrolment *tp_store_get_enrolment (TpDb       *db,
                                     const char *course_id,
                                     const char *person_id,
                                     GError    **error);
/* Enrolments of a course, in the Vietnamese order of the people's names. */
GPtrArray *tp_store_list_enrolments (TpDb       *db,
                                     const char *course_id,
                                     GError    **error);
/* Enrolments of a person, newest course first. */
GPtrArray *tp_store_list_person_enrolments (TpDb       *db,
                                            const char *person_id,
                                            GError    **error);

/* TP_MARK_NONE removes the mark. */
gboolean   tp_store_set_mark       (TpDb        *db,
                                    const char  *enrolment_id,
                                    const char  *session_id,
                                    TpMark       mark,
                                    GError     **error);
TpMark     tp_store_get_mark       (TpDb        *db,
                                    const char  *enrolment_id,
                                    const char  *session_id);
/* All marks of a course: "enrolment_id/session_id" → GINT_TO_POINTER (mark). */
GHashTable *tp_store_get_course_marks (TpDb       *db,
                                       const char *course_id,
                                       GError    **error);

G_END_DECLS
