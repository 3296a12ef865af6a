/* tp-privacy.h: the rights of the people in the register (DOMAIN.md §6).
 *
 * Export everything held about a person (JSON, PDF), anonymise them (keep
 * sex, birth year, ethnicity, target group and course records so the
 * statistics stay right), delete them permanently (with their change-log
 * entries, secure_delete on), consent for the sensitive field (ethnicity),
 * the retention rule, and the record of processing for the office's impact
 * assessment. Every file written is private to the user (0600).
 *
 * Settings: privacy.require_consent ("1" default, "0" off),
 * privacy.retention_years (unset or "0" = off), privacy.legal_basis (text).
 */
#pragma once

#include <json-glib/json-glib.h>

#include "tp-db.h"
#include "tp-model.h"

G_BEGIN_DECLS

/* "Ẩn danh 1a2b3c4d": the name an anonymised person gets. */
char       *tp_privacy_anonymous_name     (const char *person_id);
gboolean    tp_privacy_is_anonymised      (const TpPerson *person);

/* ---- export -------------------------------------------------------------- */

/* The person, their enrolments (course, dates, status, scores, attendance
 * marks), trainer roles, certificates and history. */
JsonNode   *tp_privacy_export_json        (TpDb        *db,
                                           const char  *person_id,
                                           GError     **error);
/* Writes JSON (".json") or a readable PDF (".pdf"), by the file name. */
gboolean    tp_privacy_export_person      (TpDb        *db,
                                           const char  *person_id,
                                           const char  *path,
                                           GError     **error);

/* ---- anonymise and delete ------------------------------------------------ */

/* Replaces name, ids, phone, e-mail, exact birth date, organisation,
 * position and commune; keeps sex, birth year, ethnicity (with its
 * consent), target group, province and every course record. Purges the
 * person row's old values from the change log and logs the anonymisation. */
gboolean    tp_privacy_anonymise_person   (TpDb        *db,
                                           const char  *person_id,
                                           GError     **error);
/* Removes the person, their enrolments, marks, trainer roles and profile
 * and every change-log entry about them. Refused (TP_ERROR_CONFLICT) while
 * they hold certificates: the register is kept; anonymise instead. */
gboolean    tp_privacy_delete_person      (TpDb        *db,
                                           const char  *person_id,
                                           GError     **error);
/* Removes the person from every backup of the database at @db_path (the
 * same deletion, in each file). Returns how many backups held them, -1 on
 * error. */
int         tp_privacy_purge_from_backups (const char  *db_path,
                                           const char  *person_id,
                                           GError     **error);

/* ---- consent --------------------------------------------------------------- */

gboolean    tp_privacy_require_consent    (TpDb        *db);
/* TP_ERROR_INVALID when @person has an ethnicity without consent and the
 * office requires consent. The store's callers check this before saving. */
gboolean    tp_privacy_check_consent      (TpDb            *db,
                                           const TpPerson  *person,
                                           GError         **error);
/* People holding an ethnicity without recorded consent. */
guint       tp_privacy_count_without_consent (TpDb *db);

/* ---- retention -------------------------------------------------------------- */

typedef struct {
  char *person_id;
  char *full_name;
  char *last_course_end;   /* YYYY-MM-DD, NULL when never enrolled */
} TpRetentionCandidate;

void        tp_retention_candidate_free   (TpRetentionCandidate *c);

/* 0 = no rule. */
int         tp_privacy_retention_years    (TpDb *db);
/* People not yet anonymised whose last course (as participant or trainer)
 * ended more than @years before @today (YYYY-MM-DD, NULL = today); people
 * never enrolled count from when they were added. Oldest first. */
GPtrArray  *tp_privacy_retention_preview  (TpDb        *db,
                                           int          years,
                                           const char  *today,
                                           GError     **error);
/* Anonymises them all in one transaction; returns how many, -1 on error. */
int         tp_privacy_retention_apply    (TpDb        *db,
                                           int          years,
                                           const char  *today,
                                           GError     **error);

/* ---- record of processing ------------------------------------------------- */

gboolean    tp_privacy_processing_record  (TpDb        *db,
                                           const char  *path,
                                           GError     **error);

G_END_DECLS
