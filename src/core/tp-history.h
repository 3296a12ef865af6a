/* tp-history.h: the change log, read as the history of a course or a
 * person, and single changes undone where that is still consistent.
 *
 * The log is written by triggers (tp-schema.c): every insert, update and
 * delete with the row as JSON before and after, the time and the system
 * user. Reading it here turns each entry into "what changed: old → new".
 */
#pragma once

#include "tp-db.h"

G_BEGIN_DECLS

typedef enum {
  TP_HISTORY_INSERT,
  TP_HISTORY_UPDATE,
  TP_HISTORY_DELETE,
} TpHistoryOp;

typedef struct {
  char *field;       /* column name ("full_name") */
  char *label;       /* translated ("Full name") */
  char *old_value;   /* display text, NULL when empty: translated labels
                      * for codes ("Female"), names for ids of people,
                      * courses and reference data, dd/mm/yyyy dates,
                      * Yes/No */
  char *new_value;
  char *old_raw;     /* the value as stored ("female"), NULL when empty */
  char *new_raw;
} TpHistoryChange;

typedef struct {
  gint64       seq;
  char        *at;          /* ISO UTC, as logged */
  char        *user;        /* system user name */
  char        *table_name;
  char        *row_id;
  TpHistoryOp  op;
  char        *batch;       /* import or bulk action, or NULL */
  char        *what;        /* translated: "Session 2026-03-05, morning" */
  GPtrArray   *changes;     /* TpHistoryChange*: only the fields that changed
                             * and that a user knows (no ids, timestamps,
                             * sort keys) */
} TpHistoryEntry;

void        tp_history_entry_free  (TpHistoryEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpHistoryEntry, tp_history_entry_free)

/* Translated "Added", "Changed", "Deleted". */
const char *tp_history_op_label    (TpHistoryOp op);

/* Newest first. A course: the course row, its sessions, enrolments,
 * attendance marks, budget lines, trainers and certificates. A person: the
 * person row, their enrolments, attendance, trainer roles and profile,
 * certificates. TP_ERROR_NOT_FOUND when the id appears nowhere. */
GPtrArray  *tp_history_for_course  (TpDb        *db,
                                    const char  *course_id,
                                    GError     **error);
GPtrArray  *tp_history_for_person  (TpDb        *db,
                                    const char  *person_id,
                                    GError     **error);
/* One entry by its sequence number. */
TpHistoryEntry *tp_history_get     (TpDb        *db,
                                    gint64       seq,
                                    GError     **error);

/* Undoes change @seq in one transaction: an update when the row still
 * holds the values it set; an insert when nothing refers to the row and it
 * was not changed since; a delete when the records it pointed at still
 * exist. Otherwise FALSE with a translated message saying why not. The undo
 * is itself logged. */
gboolean    tp_history_revert      (TpDb        *db,
                                    gint64       seq,
                                    GError     **error);

G_END_DECLS
