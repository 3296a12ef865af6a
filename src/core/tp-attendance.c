/* tp-attendance.c: summaries, session totals, "mark the rest present" and
 * undo for a course's attendance marks. Undo reads the change log written by
 * the schema's triggers, so it undoes changes whoever made them (the grid,
 * the CLI, an import). */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tp-attendance.h"
#include "tp-store-private.h"

gboolean
tp_attendance_mark_counts (const TpCourse *course,
                           TpMark          mark)
{
  switch (mark)
    {
    case TP_MARK_PRESENT:
    case TP_MARK_LATE:
      return TRUE;
    case TP_MARK_EXCUSED:
      return course != NULL && course->excused_counts;
    case TP_MARK_NONE:
    case TP_MARK_ABSENT:
    default:
      return FALSE;
    }
}

char *
tp_attendance_mark_key (const char *enrolment_id,
                        const char *session_id)
{
  return g_strconcat (enrolment_id, "/", session_id, NULL);
}

TpMark
tp_attendance_lookup (GHashTable *marks,
                      const char *enrolment_id,
                      const char *session_id)
{
  g_autofree char *key = NULL;

  if (marks == NULL)
    return TP_MARK_NONE;
  key = tp_attendance_mark_key (enrolment_id, session_id);
  return (TpMark) GPOINTER_TO_INT (g_hash_table_lookup (marks, key));
}

void
tp_attendance_summarize (const TpCourse      *course,
                         GPtrArray           *sessions,
                         GHashTable          *marks,
                         const char          *enrolment_id,
                         TpAttendanceSummary *out)
{
  int threshold = course != NULL ? course->completion_threshold : 100;

  memset (out, 0, sizeof *out);
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      const TpSession *session = g_ptr_array_index (sessions, i);
      TpMark mark = tp_attendance_lookup (marks, enrolment_id, session->id);

      switch (mark)
        {
        case TP_MARK_PRESENT: out->present++; break;
        case TP_MARK_LATE: out->late++; break;
        case TP_MARK_EXCUSED: out->excused++; break;
        case TP_MARK_ABSENT: out->absent++; break;
        case TP_MARK_NONE:
        default: out->unmarked++; break;
        }
      if (tp_attendance_mark_counts (course, mark))
        out->attended++;
      out->total++;
    }

  if (out->total > 0)
    out->percent = 100.0 * out->attended / out->total;
  /* Integers, so 8 of 10 reaches 80 % whatever the floating point says. */
  out->complete = out->total > 0 &&
                  (guint64) out->attended * 100 >= (guint64) CLAMP (threshold, 0, 100) * out->total;
}

gboolean
tp_attendance_session_totals (TpDb       *db,
                              const char *session_id,
                              guint      *women,
                              guint      *men,
                              guint      *unknown,
                              GError    **error)
{
  sqlite3_stmt *stmt;
  guint w = 0, m = 0, u = 0;
  int rc;

  stmt = tp_db_prepare (db,
                        "SELECT p.sex, count(*) FROM attendance a"
                        " JOIN enrolments e ON e.id = a.enrolment_id"
                        " JOIN people p ON p.id = e.person_id"
                        " WHERE a.session_id = ?1 AND a.mark IN ('present', 'late')"
                        "  AND e.status IS NOT ?2"
                        " GROUP BY p.sex", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, tp_enrolment_status_to_string (TP_ENROLMENT_WITHDRAWN), -1,
                     SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TpSex sex = TP_SEX_UNKNOWN;
      guint n = sqlite3_column_int (stmt, 1);

      tp_sex_from_string ((const char *) sqlite3_column_text (stmt, 0), &sex);
      if (sex == TP_SEX_FEMALE)
        w += n;
      else if (sex == TP_SEX_MALE)
        m += n;
      else
        u += n;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return tp_db_set_error (db, rc, error);

  if (women != NULL)
    *women = w;
  if (men != NULL)
    *men = m;
  if (unknown != NULL)
    *unknown = u;
  return TRUE;
}

/* Restores the batch that was active before we set ours. */
typedef struct {
  TpDb *db;
  char *previous;
} BatchScope;

static void
batch_scope_enter (BatchScope *scope,
                   TpDb       *db,
                   const char *batch_id)
{
  scope->db = db;
  scope->previous = g_strdup (tp_db_get_batch (db));
  tp_db_set_batch (db, batch_id);
}

static void
batch_scope_leave (BatchScope *scope)
{
  tp_db_set_batch (scope->db, scope->previous);
  g_clear_pointer (&scope->previous, g_free);
}

int
tp_attendance_mark_rest_present (TpDb        *db,
                                 const char  *session_id,
                                 char       **batch_id,
                                 GError     **error)
{
  g_autofree char *batch = tp_uuid_new ();
  g_autofree char *now = tp_now_iso ();
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  BatchScope scope;
  sqlite3_stmt *stmt;
  int rc;

  if (!tp_db_begin (db, error))
    return -1;

  stmt = tp_db_prepare (db, "SELECT 1 FROM sessions WHERE id = ?1", error);
  if (stmt == NULL)
    {
      tp_db_rollback (db);
      return -1;
    }
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      g_set_error_literal (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                           _("The session no longer exists; nobody was marked present"));
      tp_db_rollback (db);
      return -1;
    }

  stmt = tp_db_prepare (db,
                        "SELECT e.id FROM enrolments e JOIN sessions s ON s.course_id = e.course_id"
                        " WHERE s.id = ?1 AND e.status IS NOT ?2"
                        "  AND NOT EXISTS (SELECT 1 FROM attendance a"
                        "                  WHERE a.enrolment_id = e.id AND a.session_id = s.id)",
                        error);
  if (stmt == NULL)
    {
      tp_db_rollback (db);
      return -1;
    }
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, tp_enrolment_status_to_string (TP_ENROLMENT_WITHDRAWN), -1,
                     SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (missing, tp_sql_dup_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      tp_db_set_error (db, rc, error);
      tp_db_rollback (db);
      return -1;
    }

  stmt = tp_db_prepare (db,
                        "INSERT INTO attendance (id, enrolment_id, session_id, mark, created_at, updated_at)"
                        " VALUES (?1, ?2, ?3, 'present', ?4, ?4)", error);
  if (stmt == NULL)
    {
      tp_db_rollback (db);
      return -1;
    }

  batch_scope_enter (&scope, db, batch);
  for (guint i = 0; i < missing->len; i++)
    {
      g_autofree char *id = tp_uuid_new ();

      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, g_ptr_array_index (missing, i), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, session_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
      if (!tp_sql_run_cached (db, stmt, error))
        {
          sqlite3_finalize (stmt);
          batch_scope_leave (&scope);
          tp_db_rollback (db);
          return -1;
        }
    }
  sqlite3_finalize (stmt);
  batch_scope_leave (&scope);

  if (!tp_db_commit (db, error))
    return -1;
  if (batch_id != NULL)
    *batch_id = missing->len > 0 ? g_steal_pointer (&batch) : NULL;
  return (int) missing->len;
}

/* The newest change of the course's marks not yet undone: its seq and the
 * key its undo is logged under ("undo:" + key). */
#define COURSE_ATTENDANCE_ROW \
  "cl.table_name = 'attendance'" \
  " AND json_extract (coalesce (cl.new, cl.old), '$.session_id')" \
  "     IN (SELECT id FROM sessions WHERE course_id = ?1)"

static gboolean
find_last_change (TpDb    *db,
                  const char *course_id,
                  gint64  *seq,
                  char   **batch,
                  GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = tp_db_prepare (db,
                        "SELECT cl.seq, cl.batch FROM change_log cl WHERE " COURSE_ATTENDANCE_ROW
                        " AND (cl.batch IS NULL OR cl.batch NOT LIKE 'undo:%')"
                        " AND NOT EXISTS (SELECT 1 FROM change_log u"
                        "   WHERE u.batch = 'undo:' || coalesce (cl.batch, 'seq:' || cl.seq))"
                        " ORDER BY cl.seq DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, course_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *seq = sqlite3_column_int64 (stmt, 0);
      *batch = tp_sql_dup_text (stmt, 1);
    }
  else
    *seq = -1;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return tp_db_set_error (db, rc, error);
  return TRUE;
}

gboolean
tp_attendance_can_undo (TpDb       *db,
                        const char *course_id)
{
  g_autofree char *batch = NULL;
  gint64 seq = -1;

  return find_last_change (db, course_id, &seq, &batch, NULL) && seq >= 0;
}

/* Puts one logged change of the attendance table back; adds the number of
 * rows that changed to @restored. */
static gboolean
restore_change (TpDb       *db,
                gint64      seq,
                const char *op,
                const char *row_id,
                const char *now,
                int        *restored,
                GError    **error)
{
  sqlite3_stmt *stmt;

  if (g_str_equal (op, "insert"))
    stmt = tp_db_prepare (db, "DELETE FROM attendance WHERE id = ?2", error);
  else if (g_str_equal (op, "update"))
    stmt = tp_db_prepare (db,
                          "UPDATE attendance SET"
                          " mark = (SELECT json_extract (old, '$.mark') FROM change_log WHERE seq = ?1),"
                          " updated_at = ?3"
                          " WHERE id = ?2", error);
  else
    /* A deleted mark comes back unless its person or session has gone. */
    stmt = tp_db_prepare (db,
                          "INSERT INTO attendance (id, enrolment_id, session_id, mark, created_at, updated_at)"
                          " SELECT json_extract (old, '$.id'), json_extract (old, '$.enrolment_id'),"
                          "  json_extract (old, '$.session_id'), json_extract (old, '$.mark'),"
                          "  json_extract (old, '$.created_at'), ?3"
                          " FROM change_log WHERE seq = ?1"
                          "  AND EXISTS (SELECT 1 FROM enrolments WHERE id = json_extract (old, '$.enrolment_id'))"
                          "  AND EXISTS (SELECT 1 FROM sessions WHERE id = json_extract (old, '$.session_id'))"
                          " ON CONFLICT (enrolment_id, session_id) DO UPDATE SET mark = excluded.mark,"
                          "  updated_at = excluded.updated_at WHERE mark IS NOT excluded.mark",
                          error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) >= 1)
    sqlite3_bind_int64 (stmt, 1, seq);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_text (stmt, 2, row_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  if (!tp_sql_run (db, stmt, error))
    return FALSE;
  *restored += sqlite3_changes (tp_db_get_handle (db));
  return TRUE;
}

int
tp_attendance_undo_last (TpDb        *db,
                         const char  *course_id,
                         GError     **error)
{
  g_autofree char *batch = NULL;
  g_autofree char *undo_batch = NULL;
  g_autofree char *now = tp_now_iso ();
  g_autoptr(GArray) seqs = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) row_ids = g_ptr_array_new_with_free_func (g_free);
  BatchScope scope;
  sqlite3_stmt *stmt;
  gint64 seq;
  int restored = 0;
  int rc;

  if (!tp_db_begin (db, error))
    return -1;
  if (!find_last_change (db, course_id, &seq, &batch, error))
    {
      tp_db_rollback (db);
      return -1;
    }
  if (seq < 0)
    {
      tp_db_commit (db, NULL);
      return 0;
    }

  undo_batch = batch != NULL ? g_strconcat ("undo:", batch, NULL)
                             : g_strdup_printf ("undo:seq:%" G_GINT64_FORMAT, seq);

  /* The rows to restore, newest first, so a cell changed twice in one
   * batch ends at its value before the batch. */
  if (batch != NULL)
    stmt = tp_db_prepare (db,
                          "SELECT cl.seq, cl.op, cl.row_id FROM change_log cl WHERE " COURSE_ATTENDANCE_ROW
                          " AND cl.batch = ?2 ORDER BY cl.seq DESC", error);
  else
    stmt = tp_db_prepare (db,
                          "SELECT cl.seq, cl.op, cl.row_id FROM change_log cl WHERE " COURSE_ATTENDANCE_ROW
                          " AND cl.seq = ?3", error);
  if (stmt == NULL)
    {
      tp_db_rollback (db);
      return -1;
    }
  sqlite3_bind_text (stmt, 1, course_id, -1, SQLITE_TRANSIENT);
  if (batch != NULL)
    sqlite3_bind_text (stmt, 2, batch, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 3, seq);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 row_seq = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (seqs, row_seq);
      g_ptr_array_add (ops, tp_sql_dup_text (stmt, 1));
      g_ptr_array_add (row_ids, tp_sql_dup_text (stmt, 2));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      tp_db_set_error (db, rc, error);
      tp_db_rollback (db);
      return -1;
    }

  batch_scope_enter (&scope, db, undo_batch);
  for (guint i = 0; i < seqs->len; i++)
    {
      if (!restore_change (db, g_array_index (seqs, gint64, i), g_ptr_array_index (ops, i),
                           g_ptr_array_index (row_ids, i), now, &restored, error))
        {
          batch_scope_leave (&scope);
          tp_db_rollback (db);
          return -1;
        }
    }

  /* When the marks already held their old values nothing was logged; note
   * the undo anyway so the next undo goes further back. */
  if (restored == 0 && row_ids->len > 0)
    {
      stmt = tp_db_prepare (db,
                            "INSERT INTO change_log (at, user, table_name, row_id, op, old, new, batch)"
                            " VALUES (?1, NULL, 'attendance', ?2, 'update', NULL, NULL, ?3)", error);
      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, g_ptr_array_index (row_ids, 0), -1, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 3, undo_batch, -1, SQLITE_TRANSIENT);
        }
      if (stmt == NULL || !tp_sql_run (db, stmt, error))
        {
          batch_scope_leave (&scope);
          tp_db_rollback (db);
          return -1;
        }
    }
  batch_scope_leave (&scope);

  if (!tp_db_commit (db, error))
    return -1;
  return restored;
}
