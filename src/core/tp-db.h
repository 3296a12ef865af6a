/* tp-db.h: the one SQLite file behind Taphuan.
 *
 * Opening checks the file (not a database, damaged, from a newer version,
 * not writable) before touching it, migrates old schemas after a backup
 * copy, loads the reference data into a new file, and registers the SQL
 * functions the schema uses (tp_fold for search, tp_user for the change
 * log). Every write happens inside tp_db_begin()/tp_db_commit().
 */
#pragma once

#include <glib-object.h>
#include <sqlite3.h>

#include "tp-error.h"

G_BEGIN_DECLS

#define TP_DB_SCHEMA_VERSION 1

#define TP_TYPE_DB (tp_db_get_type ())
G_DECLARE_FINAL_TYPE (TpDb, tp_db, TP, DB, GObject)

/* <user data dir>/taphuan/taphuan.db, honouring $TAPHUAN_DB. */
char       *tp_db_default_path        (void);

/* Opens (creating when missing: folder 0700, file 0600) and migrates. On
 * any error the file is left byte-identical and @error says why, naming
 * the file. */
TpDb       *tp_db_open                (const char  *path,
                                       GError     **error);
typedef enum {
  TP_DB_OPEN_DEFAULT    = 0,
  TP_DB_OPEN_EXISTING   = 1 << 0,  /* fail with TP_ERROR_NOT_FOUND when missing */
  TP_DB_OPEN_SKIP_CHECK = 1 << 1,  /* no PRAGMA quick_check: the caller runs
                                    * tp_db_quick_check () off the main thread */
} TpDbOpenFlags;

TpDb       *tp_db_open_full           (const char    *path,
                                       TpDbOpenFlags  flags,
                                       GError       **error);

/* PRAGMA quick_check: about a second per 700 MB. TP_ERROR_CORRUPT when a
 * page is damaged. Thread-safe on its own connection. */
gboolean    tp_db_quick_check         (const char  *path,
                                       GError     **error);

/* Opens without creating: fails with TP_ERROR_NOT_FOUND when missing. */
TpDb       *tp_db_open_existing       (const char  *path,
                                       GError     **error);

const char *tp_db_get_path            (TpDb        *self);
sqlite3    *tp_db_get_handle          (TpDb        *self);
int         tp_db_get_schema_version  (TpDb        *self);

/* Transactions nest: only the outermost begin/commit reach SQLite; a
 * rollback at any depth rolls the whole transaction back. BEGIN IMMEDIATE,
 * so writers queue on the busy timeout instead of failing mid-way. */
gboolean    tp_db_begin               (TpDb        *self,
                                       GError     **error);
gboolean    tp_db_commit              (TpDb        *self,
                                       GError     **error);
void        tp_db_rollback            (TpDb        *self);
gboolean    tp_db_in_transaction      (TpDb        *self);

/* Runs SQL with no result rows. */
gboolean    tp_db_exec                (TpDb        *self,
                                       const char  *sql,
                                       GError     **error);

/* Prepares a statement, translating SQLite errors into TP_ERROR. */
sqlite3_stmt *tp_db_prepare           (TpDb        *self,
                                       const char  *sql,
                                       GError     **error);

/* A statement prepared once per connection and kept: for the hot paths
 * (a mark, a person, a session saved thousands of times in an import).
 * Returned reset with its bindings cleared. Never finalize it; call
 * sqlite3_reset() when done reading (tp_sql_run_cached does it). */
sqlite3_stmt *tp_db_cached            (TpDb        *self,
                                       const char  *sql,
                                       GError     **error);

/* Turns the SQLite result @rc of the last call into a GError; returns
 * FALSE so callers can `return tp_db_set_error (...)`. */
gboolean    tp_db_set_error           (TpDb        *self,
                                       int          rc,
                                       GError     **error);

/* Tags change-log rows written until the next call (NULL to clear) with
 * @batch_id, so an import or a "mark the rest present" can be undone as a
 * whole. */
void        tp_db_set_batch           (TpDb        *self,
                                       const char  *batch_id);
const char *tp_db_get_batch           (TpDb        *self);

/* Office settings kept with the data (agency, place, signer, numbering
 * pattern, reporting-year start...). NULL when unset. */
char       *tp_db_get_setting         (TpDb        *self,
                                       const char  *key);
gboolean    tp_db_set_setting         (TpDb        *self,
                                       const char  *key,
                                       const char  *value,
                                       GError     **error);

/* Copies the whole database to @dest_path (SQLite online backup), the copy
 * private to the user (0600). */
gboolean    tp_db_backup_to           (TpDb        *self,
                                       const char  *dest_path,
                                       GError     **error);

/* Helpers shared by the core. */
char       *tp_uuid_new               (void);
char       *tp_now_iso                (void);  /* UTC, 2026-03-05T08:30:00.123Z */

/* Incremented by any write through this connection; lets views refresh. */
guint64     tp_db_get_change_serial   (TpDb        *self);

G_END_DECLS
