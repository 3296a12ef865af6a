/* tp-db.c: opening, checking, migrating and writing the SQLite file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tp-backup.h"
#include "tp-db.h"
#include "tp-refdata.h"
#include "tp-schema.h"
#include "tp-text.h"

struct _TpDb
{
  GObject   parent_instance;

  char     *path;
  sqlite3  *handle;
  int       schema_version;
  int       tx_depth;
  gboolean  tx_failed;
  char     *batch_id;
  char     *user_name;
  GHashTable *statements;  /* SQL text → sqlite3_stmt, see tp_db_cached */
};

G_DEFINE_FINAL_TYPE (TpDb, tp_db, G_TYPE_OBJECT)
G_DEFINE_QUARK (tp-error-quark, tp_error)

static void
tp_db_finalize (GObject *object)
{
  TpDb *self = TP_DB (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->handle != NULL)
    sqlite3_close_v2 (self->handle);
  g_free (self->path);
  g_free (self->batch_id);
  g_free (self->user_name);

  G_OBJECT_CLASS (tp_db_parent_class)->finalize (object);
}

static void
tp_db_class_init (TpDbClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tp_db_finalize;
}

static void
tp_db_init (TpDb *self)
{
  self->user_name = g_strdup (g_get_user_name ());
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) sqlite3_finalize);
}

char *
tp_uuid_new (void)
{
  return g_uuid_string_random ();
}

char *
tp_now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

char *
tp_db_default_path (void)
{
  const char *env = g_getenv ("TAPHUAN_DB");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "taphuan", "taphuan.db", NULL);
}

const char *
tp_db_get_path (TpDb *self)
{
  g_return_val_if_fail (TP_IS_DB (self), NULL);
  return self->path;
}

sqlite3 *
tp_db_get_handle (TpDb *self)
{
  g_return_val_if_fail (TP_IS_DB (self), NULL);
  return self->handle;
}

int
tp_db_get_schema_version (TpDb *self)
{
  return self->schema_version;
}

guint64
tp_db_get_change_serial (TpDb *self)
{
  return (guint64) sqlite3_total_changes64 (self->handle);
}

/* ---- errors ----------------------------------------------------------- */

static gboolean
set_sqlite_error (const char  *path,
                  sqlite3     *handle,
                  int          rc,
                  GError     **error)
{
  int primary = rc & 0xff;
  const char *detail = handle != NULL ? sqlite3_errmsg (handle) : sqlite3_errstr (rc);
  const char *name = path != NULL ? path : "";

  switch (primary)
    {
    case SQLITE_NOTADB:
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_DATABASE,
                   _("“%s” is not a Taphuan database: it is not an SQLite file"), name);
      break;
    case SQLITE_CORRUPT:
      g_set_error (error, TP_ERROR, TP_ERROR_CORRUPT,
                   _("“%s” is damaged and cannot be read safely (%s)"), name, detail);
      break;
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, TP_ERROR, TP_ERROR_READ_ONLY,
                   _("“%s” cannot be written: check that the file and its folder are yours and not read-only"),
                   name);
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, TP_ERROR, TP_ERROR_BUSY,
                   _("Another program is writing to “%s”; try again in a moment"), name);
      break;
    case SQLITE_FULL:
      g_set_error (error, TP_ERROR, TP_ERROR_IO,
                   _("The disk holding “%s” is full; nothing was changed"), name);
      break;
    case SQLITE_IOERR:
      g_set_error (error, TP_ERROR, TP_ERROR_IO,
                   _("Reading or writing “%s” failed (%s); nothing was changed"), name, detail);
      break;
    case SQLITE_CONSTRAINT:
      g_set_error (error, TP_ERROR, TP_ERROR_CONFLICT,
                   _("The change breaks a rule of the database: %s"), detail);
      break;
    default:
      g_set_error (error, TP_ERROR, TP_ERROR_FAILED,
                   _("Database error in “%s”: %s"), name, detail);
      break;
    }
  return FALSE;
}

gboolean
tp_db_set_error (TpDb    *self,
                 int      rc,
                 GError **error)
{
  return set_sqlite_error (self->path, self->handle, rc, error);
}

gboolean
tp_db_exec (TpDb        *self,
            const char  *sql,
            GError     **error)
{
  int rc = sqlite3_exec (self->handle, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return tp_db_set_error (self, rc, error);
  return TRUE;
}

sqlite3_stmt *
tp_db_prepare (TpDb        *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      tp_db_set_error (self, rc, error);
      return NULL;
    }
  return stmt;
}

sqlite3_stmt *
tp_db_cached (TpDb        *self,
              const char  *sql,
              GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      tp_db_set_error (self, sqlite3_errcode (self->handle), error);
      sqlite3_finalize (stmt);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

/* ---- transactions ------------------------------------------------------ */

gboolean
tp_db_begin (TpDb    *self,
             GError **error)
{
  if (self->tx_depth == 0)
    {
      if (!tp_db_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      self->tx_failed = FALSE;
    }
  self->tx_depth++;
  return TRUE;
}

gboolean
tp_db_commit (TpDb    *self,
              GError **error)
{
  g_return_val_if_fail (self->tx_depth > 0, FALSE);

  if (--self->tx_depth > 0)
    return TRUE;

  if (self->tx_failed)
    {
      self->tx_failed = FALSE;
      g_set_error_literal (error, TP_ERROR, TP_ERROR_FAILED,
                           _("The change was cancelled because a part of it failed"));
      if (!sqlite3_get_autocommit (self->handle))
        sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  if (!tp_db_exec (self, "COMMIT", error))
    {
      if (!sqlite3_get_autocommit (self->handle))
        sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

void
tp_db_rollback (TpDb *self)
{
  g_return_if_fail (self->tx_depth > 0);

  if (--self->tx_depth > 0)
    {
      self->tx_failed = TRUE;
      return;
    }
  self->tx_failed = FALSE;
  if (!sqlite3_get_autocommit (self->handle))
    sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
}

gboolean
tp_db_in_transaction (TpDb *self)
{
  return self->tx_depth > 0;
}

void
tp_db_set_batch (TpDb       *self,
                 const char *batch_id)
{
  g_free (self->batch_id);
  self->batch_id = g_strdup (batch_id);
}

const char *
tp_db_get_batch (TpDb *self)
{
  return self->batch_id;
}

/* ---- settings ---------------------------------------------------------- */

char *
tp_db_get_setting (TpDb       *self,
                   const char *key)
{
  sqlite3_stmt *stmt = tp_db_prepare (self, "SELECT value FROM settings WHERE key = ?", NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

gboolean
tp_db_set_setting (TpDb        *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *now = tp_now_iso ();
  g_autofree char *nfc = value != NULL ? tp_text_normalize (value) : NULL;
  int rc;

  if (!tp_db_begin (self, error))
    return FALSE;
  if (nfc == NULL)
    stmt = tp_db_prepare (self, "DELETE FROM settings WHERE key = ?1", error);
  else
    stmt = tp_db_prepare (self,
                          "INSERT INTO settings (key, value, created_at, updated_at) VALUES (?1, ?2, ?3, ?3) "
                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at "
                          "WHERE value IS NOT excluded.value",
                          error);
  if (stmt == NULL)
    {
      tp_db_rollback (self);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (nfc != NULL)
    {
      sqlite3_bind_text (stmt, 2, nfc, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
    }
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      tp_db_set_error (self, rc, error);
      tp_db_rollback (self);
      return FALSE;
    }
  return tp_db_commit (self, error);
}

/* ---- SQL functions ----------------------------------------------------- */

static void
sql_fold (sqlite3_context  *ctx,
          int               argc,
          sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  char *folded;

  if (text == NULL)
    {
      sqlite3_result_null (ctx);
      return;
    }
  folded = tp_text_fold (text);
  if (folded == NULL)
    sqlite3_result_null (ctx);
  else
    sqlite3_result_text (ctx, folded, -1, g_free);
}

static void
sql_user (sqlite3_context  *ctx,
          int               argc,
          sqlite3_value   **argv)
{
  TpDb *self = sqlite3_user_data (ctx);

  sqlite3_result_text (ctx, self->user_name, -1, SQLITE_STATIC);
}

static void
sql_batch (sqlite3_context  *ctx,
           int               argc,
           sqlite3_value   **argv)
{
  TpDb *self = sqlite3_user_data (ctx);

  if (self->batch_id != NULL)
    sqlite3_result_text (ctx, self->batch_id, -1, SQLITE_TRANSIENT);
  else
    sqlite3_result_null (ctx);
}

static void
sql_now (sqlite3_context  *ctx,
         int               argc,
         sqlite3_value   **argv)
{
  sqlite3_result_text (ctx, tp_now_iso (), -1, g_free);
}

static void
register_functions (TpDb *self)
{
  int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;

  sqlite3_create_function_v2 (self->handle, "tp_fold", 1, flags, NULL, sql_fold, NULL, NULL, NULL);
  sqlite3_create_function_v2 (self->handle, "tp_user", 0, SQLITE_UTF8, self, sql_user, NULL, NULL, NULL);
  sqlite3_create_function_v2 (self->handle, "tp_batch", 0, SQLITE_UTF8, self, sql_batch, NULL, NULL, NULL);
  sqlite3_create_function_v2 (self->handle, "tp_now", 0, SQLITE_UTF8, self, sql_now, NULL, NULL, NULL);
}

/* ---- opening ----------------------------------------------------------- */

static int
query_int (sqlite3    *handle,
           const char *sql,
           int        *out)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return rc;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = sqlite3_column_int (stmt, 0);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  return rc;
}

/* Reads the first bytes: an existing, non-empty file that does not start
 * with the SQLite header is refused before SQLite may touch it. */
static gboolean
check_header (const char  *path,
              gboolean    *exists,
              GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  char header[16] = { 0 };
  GStatBuf st;
  int fd;
  gssize n;

  *exists = FALSE;
  if (g_stat (path, &st) != 0)
    return TRUE;
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_DATABASE,
                   _("“%s” is not a Taphuan database: it is not a regular file"), path);
      return FALSE;
    }
  *exists = TRUE;
  if (st.st_size == 0)
    return TRUE;

  fd = g_open (path, O_RDONLY, 0);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, TP_ERROR, saved == EACCES ? TP_ERROR_READ_ONLY : TP_ERROR_IO,
                   _("“%s” cannot be opened: %s"), path, g_strerror (saved));
      return FALSE;
    }
  n = read (fd, header, sizeof header);
  close (fd);
  if (n < (gssize) sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_DATABASE,
                   _("“%s” is not a Taphuan database: it is not an SQLite file"), path);
      return FALSE;
    }
  if (st.st_size < 512 || st.st_size % 512 != 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_CORRUPT,
                   _("“%s” is damaged: the file is cut short"), path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_taphuan_schema (sqlite3 *handle)
{
  int n = 0;

  if (query_int (handle,
                 "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('meta', 'people', 'courses')",
                 &n) != SQLITE_OK)
    return FALSE;
  return n == 3;
}

static gboolean
is_empty_schema (sqlite3 *handle)
{
  int n = -1;

  return query_int (handle, "SELECT count(*) FROM sqlite_schema", &n) == SQLITE_OK && n == 0;
}

static gboolean
ensure_private_folder (const char  *path,
                       GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    return TRUE;
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, TP_ERROR, TP_ERROR_READ_ONLY,
                   _("The folder “%s” cannot be created: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
backup_before_migration (TpDb     *self,
                         int       from_version,
                         GError  **error)
{
  /* In the backups folder, listed and restored like any other backup
   * (tp_backup_list); tp_backup_prune never removes it. */
  g_autofree char *dest = tp_backup_new_path (self->path, "migration", error);

  (void) from_version;
  return dest != NULL && tp_db_backup_to (self, dest, error);
}

static gboolean
migrate (TpDb     *self,
         int       from_version,
         GError  **error)
{
  /* A file holding data of an older version is copied before it changes. */
  if (!is_empty_schema (self->handle) && !backup_before_migration (self, from_version, error))
    return FALSE;

  if (!tp_db_begin (self, error))
    return FALSE;

  if (!tp_schema_migrate (self, from_version, error))
    {
      tp_db_rollback (self);
      return FALSE;
    }
  if (from_version == 0 && !tp_refdata_load_defaults (self, error))
    {
      tp_db_rollback (self);
      return FALSE;
    }
  if (!tp_db_commit (self, error))
    return FALSE;

  self->schema_version = TP_DB_SCHEMA_VERSION;
  return TRUE;
}

static int
run_quick_check (sqlite3 *handle)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (handle, "PRAGMA quick_check(1)", -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        rc = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0 ? SQLITE_OK : SQLITE_CORRUPT;
    }
  sqlite3_finalize (stmt);
  return rc;
}

gboolean
tp_db_quick_check (const char  *path,
                   GError     **error)
{
  sqlite3 *handle = NULL;
  int rc = sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (handle, 5000);
      rc = run_quick_check (handle);
    }
  if (rc != SQLITE_OK)
    set_sqlite_error (path, handle, rc, error);
  sqlite3_close_v2 (handle);
  return rc == SQLITE_OK;
}

static TpDb *
open_internal (const char     *path,
               TpDbOpenFlags   flags,
               GError        **error)
{
  gboolean create = !(flags & TP_DB_OPEN_EXISTING);
  g_autoptr(TpDb) self = NULL;
  gboolean exists = FALSE;
  gboolean writable;
  int version = 0;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  if (!check_header (path, &exists, error))
    return NULL;

  if (!exists && !create)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                   _("“%s” does not exist"), path);
      return NULL;
    }

  if (!exists)
    {
      int fd;

      if (!ensure_private_folder (path, error))
        return NULL;
      fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL, 0600);
      if (fd < 0)
        {
          int saved = errno;
          g_set_error (error, TP_ERROR, TP_ERROR_READ_ONLY,
                       _("“%s” cannot be created: %s"), path, g_strerror (saved));
          return NULL;
        }
      close (fd);
    }
  else if (g_access (path, W_OK) != 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_READ_ONLY,
                   _("“%s” cannot be written: check that the file and its folder are yours and not read-only"),
                   path);
      return NULL;
    }

  /* WAL needs the folder writable for the -wal and -shm files. */
  {
    g_autofree char *dir = g_path_get_dirname (path);
    writable = g_access (dir, W_OK) == 0;
  }
  if (!writable)
    {
      if (!exists)
        g_unlink (path);
      g_set_error (error, TP_ERROR, TP_ERROR_READ_ONLY,
                   _("“%s” cannot be written: its folder is read-only"), path);
      return NULL;
    }

  self = g_object_new (TP_TYPE_DB, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->handle,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (path, self->handle, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->handle, 1);
  sqlite3_busy_timeout (self->handle, 5000);
  register_functions (self);

  /* Read the version before anything writes (journal_mode=WAL writes). */
  rc = query_int (self->handle, "PRAGMA user_version", &version);
  if (rc == SQLITE_OK)
    {
      int n = 0;
      rc = query_int (self->handle, "SELECT count(*) FROM sqlite_schema", &n);
    }
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (path, self->handle, rc, error);
      return NULL;
    }

  if (version > TP_DB_SCHEMA_VERSION)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Taphuan (data format %d; this version reads up to %d). Update Taphuan to open it."),
                   path, version, TP_DB_SCHEMA_VERSION);
      return NULL;
    }

  if (version == 0 && !is_empty_schema (self->handle) && !tp_schema_is_v0 (self->handle))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_DATABASE,
                   _("“%s” is an SQLite database of another program, not a Taphuan database"), path);
      return NULL;
    }
  if (version > 0 && !is_taphuan_schema (self->handle))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_DATABASE,
                   _("“%s” is an SQLite database of another program, not a Taphuan database"), path);
      return NULL;
    }

  /* A quick integrity check: a damaged page must not be used silently. */
  if (!(flags & TP_DB_OPEN_SKIP_CHECK))
    {
      rc = run_quick_check (self->handle);
      if (rc != SQLITE_OK)
        {
          set_sqlite_error (path, self->handle, rc, error);
          return NULL;
        }
    }

  if (!tp_db_exec (self, "PRAGMA foreign_keys = ON", error))
    return NULL;
  if (!tp_db_exec (self, "PRAGMA journal_mode = WAL", error))
    return NULL;
  tp_db_exec (self, "PRAGMA synchronous = NORMAL", NULL);
  /* 32 MB of page cache: imports of a province's data stay in memory. */
  tp_db_exec (self, "PRAGMA cache_size = -32768", NULL);

  self->schema_version = version;
  if (version < TP_DB_SCHEMA_VERSION && !migrate (self, version, error))
    return NULL;

  g_chmod (path, 0600);
  return g_steal_pointer (&self);
}

TpDb *
tp_db_open (const char  *path,
            GError     **error)
{
  return open_internal (path, TP_DB_OPEN_DEFAULT, error);
}

TpDb *
tp_db_open_existing (const char  *path,
                     GError     **error)
{
  return open_internal (path, TP_DB_OPEN_EXISTING, error);
}

TpDb *
tp_db_open_full (const char     *path,
                 TpDbOpenFlags   flags,
                 GError        **error)
{
  return open_internal (path, flags, error);
}

/* ---- backup ------------------------------------------------------------ */

gboolean
tp_db_backup_to (TpDb        *self,
                 const char  *dest_path,
                 GError     **error)
{
  g_autofree char *tmp = g_strdup_printf ("%s.part", dest_path);
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int fd;
  int rc;

  fd = g_open (tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, TP_ERROR, TP_ERROR_IO,
                   _("The backup “%s” cannot be written: %s"), dest_path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  rc = sqlite3_open_v2 (tmp, &dest, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (dest, "main", self->handle, "main");
      if (backup != NULL)
        {
          do
            {
              rc = sqlite3_backup_step (backup, -1);
              if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                sqlite3_sleep (20);
            }
          while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
          sqlite3_backup_finish (backup);
          if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
        }
      else
        rc = sqlite3_errcode (dest);
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_IO,
                   _("The backup “%s” could not be made: %s"), dest_path,
                   dest != NULL ? sqlite3_errmsg (dest) : sqlite3_errstr (rc));
      sqlite3_close_v2 (dest);
      g_unlink (tmp);
      return FALSE;
    }
  sqlite3_close_v2 (dest);
  if (g_rename (tmp, dest_path) != 0)
    {
      int saved = errno;
      g_set_error (error, TP_ERROR, TP_ERROR_IO,
                   _("The backup “%s” could not be made: %s"), dest_path, g_strerror (saved));
      g_unlink (tmp);
      return FALSE;
    }
  g_chmod (dest_path, 0600);
  return TRUE;
}
