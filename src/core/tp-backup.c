/* tp-backup.c: rotating backups, restore and integrity checks. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tp-backup.h"

void
tp_backup_info_free (TpBackupInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->path);
  g_free (info->reason);
  g_clear_pointer (&info->made_at, g_date_time_unref);
  g_free (info);
}

void
tp_backup_contents_free (TpBackupContents *contents)
{
  if (contents == NULL)
    return;
  g_free (contents->path);
  g_free (contents->problem);
  g_free (contents->last_change);
  g_free (contents);
}

char *
tp_backup_folder (const char *db_path)
{
  g_autofree char *dir = g_path_get_dirname (db_path);

  return g_build_filename (dir, "backups", NULL);
}

static guint
setting_uint (TpDb       *db,
              const char *key,
              guint       fallback)
{
  g_autofree char *value = tp_db_get_setting (db, key);
  guint64 n;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, 1000, &n, NULL))
    return fallback;
  return (guint) n;
}

void
tp_backup_policy_load (TpDb           *db,
                       TpBackupPolicy *policy)
{
  policy->keep_daily = setting_uint (db, "backup.keep_daily", TP_BACKUP_DEFAULT_KEEP_DAILY);
  policy->keep_weekly = setting_uint (db, "backup.keep_weekly", TP_BACKUP_DEFAULT_KEEP_WEEKLY);
  policy->keep_tagged = setting_uint (db, "backup.keep_tagged", TP_BACKUP_DEFAULT_KEEP_TAGGED);
}

static gboolean
ensure_folder (const char  *folder,
               GError     **error)
{
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, TP_ERROR, saved == ENOSPC ? TP_ERROR_IO : TP_ERROR_READ_ONLY,
                   _("The backup folder “%s” cannot be created: %s"), folder, g_strerror (saved));
      return FALSE;
    }
  g_chmod (folder, 0700);
  return TRUE;
}

static gboolean
valid_reason (const char *reason)
{
  if (reason == NULL || *reason == '\0' || strlen (reason) > 32)
    return FALSE;
  for (const char *p = reason; *p; p++)
    if (!g_ascii_islower (*p) && *p != '-')
      return FALSE;
  return TRUE;
}

/* taphuan-YYYYMMDD-HHMMSS-<reason>[-N].db → reason and local time. */
static gboolean
parse_backup_name (const char  *name,
                   char       **reason,
                   GDateTime  **made_at)
{
  int y, mo, d, h, mi, s;
  const char *rest;
  g_autofree char *r = NULL;
  char *end;
  GDateTime *dt;

  if (!g_str_has_prefix (name, "taphuan-") || !g_str_has_suffix (name, ".db"))
    return FALSE;
  rest = name + strlen ("taphuan-");
  if (strlen (rest) < 8 + 1 + 6 + 1 + 1 + 3)
    return FALSE;
  for (int i = 0; i < 15; i++)
    if (i == 8 ? rest[i] != '-' : !g_ascii_isdigit (rest[i]))
      return FALSE;
  if (rest[15] != '-')
    return FALSE;
  if (sscanf (rest, "%4d%2d%2d-%2d%2d%2d", &y, &mo, &d, &h, &mi, &s) != 6)
    return FALSE;
  r = g_strndup (rest + 16, strlen (rest + 16) - 3);
  /* A "-2" added when two backups fell in the same second. */
  end = strrchr (r, '-');
  if (end != NULL && end[1] != '\0' && strspn (end + 1, "0123456789") == strlen (end + 1))
    *end = '\0';
  if (!valid_reason (r))
    return FALSE;
  dt = g_date_time_new_local (y, mo, d, h, mi, s);
  if (dt == NULL)
    return FALSE;
  *reason = g_steal_pointer (&r);
  *made_at = dt;
  return TRUE;
}

static gint
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const TpBackupInfo *ia = *(TpBackupInfo * const *) a;
  const TpBackupInfo *ib = *(TpBackupInfo * const *) b;
  int c = g_date_time_compare (ib->made_at, ia->made_at);

  return c != 0 ? c : g_strcmp0 (ib->path, ia->path);
}

static TpBackupInfo *
info_new (const char *path,
          const char *reason,
          GDateTime  *made_at)
{
  TpBackupInfo *info = g_new0 (TpBackupInfo, 1);
  GStatBuf st;

  info->path = g_strdup (path);
  info->reason = g_strdup (reason);
  info->made_at = g_date_time_ref (made_at);
  info->size = g_stat (path, &st) == 0 ? st.st_size : 0;
  return info;
}

GPtrArray *
tp_backup_list (const char *db_path)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_backup_info_free);
  g_autofree char *folder = tp_backup_folder (db_path);
  g_autofree char *db_dir = g_path_get_dirname (db_path);
  g_autofree char *db_base = g_path_get_basename (db_path);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *reason = NULL;
        g_autoptr(GDateTime) made_at = NULL;
        g_autofree char *path = NULL;

        if (!parse_backup_name (name, &reason, &made_at))
          continue;
        path = g_build_filename (folder, name, NULL);
        g_ptr_array_add (list, info_new (path, reason, made_at));
      }

  /* The copies tp_db_open makes before migrating: "<file>.before-vN.bak". */
  {
    g_autoptr(GDir) parent = g_dir_open (db_dir, 0, NULL);
    g_autofree char *prefix = g_strdup_printf ("%s.before-v", db_base);

    while (parent != NULL && (name = g_dir_read_name (parent)) != NULL)
      {
        g_autofree char *path = NULL;
        g_autoptr(GDateTime) made_at = NULL;
        GStatBuf st;

        if (!g_str_has_prefix (name, prefix) || !g_str_has_suffix (name, ".bak"))
          continue;
        path = g_build_filename (db_dir, name, NULL);
        if (g_stat (path, &st) != 0)
          continue;
        made_at = g_date_time_new_from_unix_local (st.st_mtime);
        g_ptr_array_add (list, info_new (path, "migration", made_at));
      }
  }

  g_ptr_array_sort (list, compare_newest_first);
  return list;
}

/* ---- making backups ---------------------------------------------------- */

char *
tp_backup_new_path (const char  *db_path,
                    const char  *reason,
                    GError     **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *stamp = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  char *path;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (valid_reason (reason), NULL);

  folder = tp_backup_folder (db_path);
  if (!ensure_folder (folder, error))
    return NULL;

  stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  path = g_strdup_printf ("%s/taphuan-%s-%s.db", folder, stamp, reason);
  for (int n = 2; g_file_test (path, G_FILE_TEST_EXISTS); n++)
    {
      g_free (path);
      path = g_strdup_printf ("%s/taphuan-%s-%s-%d.db", folder, stamp, reason, n);
    }
  return path;
}

char *
tp_backup_make (TpDb        *db,
                const char  *reason,
                GError     **error)
{
  g_autofree char *path = NULL;
  TpBackupPolicy policy;

  g_return_val_if_fail (TP_IS_DB (db), NULL);
  g_return_val_if_fail (valid_reason (reason), NULL);

  path = tp_backup_new_path (tp_db_get_path (db), reason, error);
  if (path == NULL)
    return NULL;

  if (!tp_db_backup_to (db, path, error))
    return NULL;

  tp_backup_policy_load (db, &policy);
  tp_backup_prune (tp_db_get_path (db), &policy, NULL);
  return g_steal_pointer (&path);
}

gboolean
tp_backup_before (TpDb        *db,
                  const char  *reason,
                  GError     **error)
{
  g_autofree char *key = NULL;
  g_autofree char *value = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (TP_IS_DB (db), FALSE);
  g_return_val_if_fail (valid_reason (reason), FALSE);

  /* "backup.before_import" = "0": the office (or a test importing a
   * thousand times) turned these off. */
  key = g_strdelimit (g_strdup_printf ("backup.before_%s", reason), "-", '_');
  value = tp_db_get_setting (db, key);
  if (g_strcmp0 (value, "0") == 0)
    return TRUE;

  path = tp_backup_make (db, reason, error);
  return path != NULL;
}

gboolean
tp_backup_daily_if_due (TpDb        *db,
                        char       **made_path,
                        GError     **error)
{
  g_autoptr(GPtrArray) list = tp_backup_list (tp_db_get_path (db));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  char *path;

  if (made_path != NULL)
    *made_path = NULL;
  for (guint i = 0; i < list->len; i++)
    {
      TpBackupInfo *info = g_ptr_array_index (list, i);

      if (g_str_equal (info->reason, "daily") &&
          g_date_time_get_year (info->made_at) == g_date_time_get_year (now) &&
          g_date_time_get_day_of_year (info->made_at) == g_date_time_get_day_of_year (now))
        return TRUE;
    }

  path = tp_backup_make (db, "daily", error);
  if (path == NULL)
    return FALSE;
  if (made_path != NULL)
    *made_path = path;
  else
    g_free (path);
  return TRUE;
}

/* ---- retention --------------------------------------------------------- */

static int
week_key (GDateTime *dt)
{
  return g_date_time_get_week_numbering_year (dt) * 100 + g_date_time_get_week_of_year (dt);
}

guint
tp_backup_prune (const char           *db_path,
                 const TpBackupPolicy *policy,
                 GError              **error)
{
  g_autoptr(GPtrArray) list = tp_backup_list (db_path);
  g_autoptr(GHashTable) keep = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GHashTable) weeks = g_hash_table_new (g_direct_hash, g_direct_equal);
  guint n_daily = 0, n_tagged = 0, removed = 0;

  /* Newest first: the first N dailies, then the newest daily of each
   * further week until M weeks are covered; tagged ones by count. Migration
   * copies (in the folder, or "<file>.before-vN.bak" beside the file from
   * older versions) are the only copy of the data in its old format: kept,
   * however many imports come after. */
  for (guint i = 0; i < list->len; i++)
    {
      TpBackupInfo *info = g_ptr_array_index (list, i);

      if (g_str_has_suffix (info->path, ".bak") || g_str_equal (info->reason, "migration"))
        {
          g_hash_table_add (keep, info);
          continue;
        }
      if (g_str_equal (info->reason, "daily"))
        {
          if (n_daily < policy->keep_daily)
            {
              n_daily++;
              g_hash_table_add (keep, info);
              g_hash_table_add (weeks, GINT_TO_POINTER (week_key (info->made_at)));
            }
        }
      else if (n_tagged < policy->keep_tagged)
        {
          n_tagged++;
          g_hash_table_add (keep, info);
        }
    }

  {
    guint n_weeks = 0;

    for (guint i = 0; i < list->len && n_weeks < policy->keep_weekly; i++)
      {
        TpBackupInfo *info = g_ptr_array_index (list, i);
        int week = week_key (info->made_at);

        if (!g_str_equal (info->reason, "daily") || g_hash_table_contains (keep, info))
          continue;
        if (g_hash_table_contains (weeks, GINT_TO_POINTER (week)))
          continue;
        g_hash_table_add (weeks, GINT_TO_POINTER (week));
        g_hash_table_add (keep, info);
        n_weeks++;
      }
  }

  for (guint i = 0; i < list->len; i++)
    {
      TpBackupInfo *info = g_ptr_array_index (list, i);

      if (g_hash_table_contains (keep, info))
        continue;
      if (g_unlink (info->path) == 0)
        removed++;
      else if (error != NULL && *error == NULL)
        {
          int saved = errno;
          g_set_error (error, TP_ERROR, TP_ERROR_IO,
                       _("The old backup “%s” cannot be removed: %s"), info->path, g_strerror (saved));
        }
    }
  return removed;
}

/* ---- inspecting and checking ------------------------------------------- */

/* Copies @src to @dest (created 0600, replaced if there). */
static gboolean
copy_private (const char  *src,
              const char  *dest,
              GError     **error)
{
  char buffer[64 * 1024];
  int in, out;
  gssize n = 0;
  int saved = 0;

  in = g_open (src, O_RDONLY, 0);
  if (in < 0)
    {
      saved = errno;
      g_set_error (error, TP_ERROR, saved == ENOENT ? TP_ERROR_NOT_FOUND : TP_ERROR_IO,
                   _("“%s” cannot be read: %s"), src, g_strerror (saved));
      return FALSE;
    }
  out = g_open (dest, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (out < 0)
    {
      saved = errno;
      close (in);
      g_set_error (error, TP_ERROR, TP_ERROR_IO,
                   _("“%s” cannot be written: %s"), dest, g_strerror (saved));
      return FALSE;
    }
  while ((n = read (in, buffer, sizeof buffer)) > 0)
    {
      gssize done = 0;

      while (done < n)
        {
          gssize w = write (out, buffer + done, n - done);
          if (w < 0)
            {
              if (errno == EINTR)
                continue;
              saved = errno;
              break;
            }
          done += w;
        }
      if (saved != 0)
        break;
    }
  if (n < 0)
    saved = errno;
  if (saved == 0 && fsync (out) != 0)
    saved = errno;
  close (in);
  if (close (out) != 0 && saved == 0)
    saved = errno;
  if (saved != 0)
    {
      g_unlink (dest);
      g_set_error (error, TP_ERROR, TP_ERROR_IO,
                   saved == ENOSPC ? _("The disk is full: “%s” cannot be written")
                                   : _("“%s” cannot be written"),
                   dest);
      return FALSE;
    }
  return TRUE;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A private copy of @path (with its -wal, so committed changes count) in a
 * fresh temporary folder; tp_db_open_existing may then write to it. */
static char *
private_copy (const char  *path,
              char       **tmp_dir,
              GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *wal = g_strdup_printf ("%s-wal", path);
  g_autoptr(GError) local = NULL;

  dir = g_dir_make_tmp ("taphuan-check-XXXXXX", &local);
  if (dir == NULL)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_IO,
                   _("No temporary folder to check “%s” in: %s"), path, local->message);
      return NULL;
    }
  copy = g_build_filename (dir, "copy.db", NULL);
  if (!copy_private (path, copy, error))
    {
      remove_tree (dir);
      return NULL;
    }
  if (g_file_test (wal, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *copy_wal = g_strdup_printf ("%s-wal", copy);
      if (!copy_private (wal, copy_wal, error))
        {
          remove_tree (dir);
          return NULL;
        }
    }
  *tmp_dir = g_steal_pointer (&dir);
  return g_steal_pointer (&copy);
}

/* The data format as written in the file header (user_version, offset 60),
 * -1 when unreadable. */
static int
header_user_version (const char *path)
{
  guchar header[64];
  int fd = g_open (path, O_RDONLY, 0);
  gssize n;

  if (fd < 0)
    return -1;
  n = read (fd, header, sizeof header);
  close (fd);
  if (n != sizeof header)
    return -1;
  return (header[60] << 24) | (header[61] << 16) | (header[62] << 8) | header[63];
}

static guint
count_rows (TpDb       *db,
            const char *sql)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, NULL);
  guint n = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

gboolean
tp_backup_integrity_check (TpDb    *db,
                           GError **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int rc;
  guint n = 0;

  stmt = tp_db_prepare (db, "PRAGMA integrity_check(20)", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") == 0)
        continue;
      if (n++ < 3)
        g_string_append_printf (problems, "%s%s", problems->len ? "; " : "", line);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return tp_db_set_error (db, rc, error);

  stmt = tp_db_prepare (db, "PRAGMA foreign_key_check", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (n++ >= 3)
        continue;
      if (problems->len > 0)
        g_string_append (problems, "; ");
      /* Translators: a broken link between records, e.g. "enrolments row
       * 12 points at a missing people". */
      g_string_append_printf (problems, _("%s row %lld points at a missing %s"),
                              (const char *) sqlite3_column_text (stmt, 0),
                              (long long) sqlite3_column_int64 (stmt, 1),
                              (const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return tp_db_set_error (db, rc, error);

  if (n > 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_CORRUPT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "“%s” is damaged: the full check found %u problem (%s)",
                                "“%s” is damaged: the full check found %u problems (%s)",
                                n),
                   tp_db_get_path (db), n, problems->str);
      return FALSE;
    }
  return TRUE;
}

TpBackupContents *
tp_backup_inspect (const char *path,
                   gboolean    full_check)
{
  TpBackupContents *c = g_new0 (TpBackupContents, 1);
  g_autofree char *tmp_dir = NULL;
  g_autofree char *copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = NULL;

  c->path = g_strdup (path);
  c->file_version = header_user_version (path);

  copy = private_copy (path, &tmp_dir, &error);
  if (copy != NULL)
    db = tp_db_open_existing (copy, &error);
  if (db != NULL && full_check)
    tp_backup_integrity_check (db, &error);

  if (error != NULL)
    {
      /* The messages name the private copy; say the file the user chose. */
      g_autofree char *msg = copy != NULL ? NULL : g_strdup (error->message);

      if (msg == NULL)
        {
          g_auto(GStrv) parts = g_strsplit (error->message, copy, -1);
          msg = g_strjoinv (path, parts);
        }
      c->problem = g_steal_pointer (&msg);
    }
  else
    {
      c->readable = TRUE;
      c->n_people = count_rows (db, "SELECT count(*) FROM people");
      c->n_courses = count_rows (db, "SELECT count(*) FROM courses");
      c->n_enrolments = count_rows (db, "SELECT count(*) FROM enrolments");
      c->n_certificates = count_rows (db, "SELECT count(*) FROM certificates");
      {
        sqlite3_stmt *stmt = tp_db_prepare (db, "SELECT max(at) FROM change_log", NULL);
        if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW &&
            sqlite3_column_type (stmt, 0) != SQLITE_NULL)
          c->last_change = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
        sqlite3_finalize (stmt);
      }
    }

  g_clear_object (&db);
  if (tmp_dir != NULL)
    remove_tree (tmp_dir);
  return c;
}

char *
tp_backup_find_newest_good (const char *db_path)
{
  g_autoptr(GPtrArray) list = tp_backup_list (db_path);

  for (guint i = 0; i < list->len; i++)
    {
      TpBackupInfo *info = g_ptr_array_index (list, i);
      g_autoptr(TpBackupContents) c = tp_backup_inspect (info->path, TRUE);

      if (c->readable)
        return g_strdup (info->path);
    }
  return NULL;
}

/* ---- restore ----------------------------------------------------------- */

static void
remove_sidecars (const char *db_path)
{
  g_autofree char *wal = g_strdup_printf ("%s-wal", db_path);
  g_autofree char *shm = g_strdup_printf ("%s-shm", db_path);
  g_autofree char *journal = g_strdup_printf ("%s-journal", db_path);

  g_unlink (wal);
  g_unlink (shm);
  g_unlink (journal);
}

/* Leaves WAL mode on the current file, which needs every other connection
 * closed: a cheap, reliable "is anyone else using it". Also folds the WAL
 * into the file so nothing committed is lost with the sidecars. */
static gboolean
take_over_current (const char  *db_path,
                   GError     **error)
{
  sqlite3 *h = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *mode = NULL;
  int rc;

  rc = sqlite3_open_v2 (db_path, &h, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (h, 2000);
      rc = sqlite3_prepare_v2 (h, "PRAGMA journal_mode = DELETE", -1, &stmt, NULL);
    }
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          mode = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (h);

  if (rc == SQLITE_OK && g_strcmp0 (mode, "delete") == 0)
    return TRUE;
  if (rc == SQLITE_OK || (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_BUSY,
                   _("“%s” is open in another Taphuan window or taphuan-cli; close it and restore again"),
                   db_path);
      return FALSE;
    }
  /* Damaged beyond opening: nothing to fold, the raw copy was kept. */
  return TRUE;
}

static char *
keep_current (const char  *db_path,
              GError     **error)
{
  g_autoptr(GError) open_error = NULL;
  g_autoptr(TpDb) current = NULL;

  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    return g_strdup ("");

  current = tp_db_open_existing (db_path, &open_error);
  if (current != NULL)
    return tp_backup_make (current, "before-restore", error);

  /* A damaged or unreadable file is kept byte for byte, with its WAL. */
  {
    g_autofree char *folder = tp_backup_folder (db_path);
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
    g_autofree char *dest = g_strdup_printf ("%s/taphuan-%s-damaged.db", folder, stamp);
    g_autofree char *wal = g_strdup_printf ("%s-wal", db_path);

    if (!ensure_folder (folder, error) || !copy_private (db_path, dest, error))
      return NULL;
    if (g_file_test (wal, G_FILE_TEST_IS_REGULAR))
      {
        g_autofree char *dest_wal = g_strdup_printf ("%s-wal", dest);
        copy_private (wal, dest_wal, NULL);
      }
    return g_steal_pointer (&dest);
  }
}

gboolean
tp_backup_restore (const char  *db_path,
                   const char  *source,
                   char       **kept_path,
                   GError     **error)
{
  g_autofree char *tmp_dir = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *staged = g_strdup_printf ("%s.restoring", db_path);
  g_autofree char *kept = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(TpDb) candidate = NULL;

  g_return_val_if_fail (db_path != NULL && source != NULL, FALSE);

  if (kept_path != NULL)
    *kept_path = NULL;
  g_unlink (staged);

  /* 1. The source must open as a Taphuan database and pass the full check;
   *    an older format is migrated on the copy. */
  copy = private_copy (source, &tmp_dir, error);
  if (copy == NULL)
    return FALSE;
  candidate = tp_db_open_existing (copy, &local);
  if (candidate != NULL)
    tp_backup_integrity_check (candidate, &local);
  if (local != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (local->message, copy, -1);
      g_autofree char *msg = g_strjoinv (source, parts);

      g_set_error (error, TP_ERROR, local->code,
                   _("Nothing was restored: %s"), msg);
      g_clear_object (&candidate);
      remove_tree (tmp_dir);
      return FALSE;
    }
  /* Staged beside the database, so the final step is a rename. */
  if (!tp_db_backup_to (candidate, staged, error))
    {
      g_clear_object (&candidate);
      remove_tree (tmp_dir);
      return FALSE;
    }
  g_clear_object (&candidate);
  remove_tree (tmp_dir);

  /* 2. Keep the current file; refuse while another program uses it. */
  kept = keep_current (db_path, error);
  if (kept == NULL || !take_over_current (db_path, error))
    {
      g_unlink (staged);
      return FALSE;
    }

  /* 3. Replace. No WAL of the old file may meet the new one. */
  remove_sidecars (db_path);
  if (g_rename (staged, db_path) != 0)
    {
      int saved = errno;
      g_unlink (staged);
      g_set_error (error, TP_ERROR, TP_ERROR_IO,
                   _("“%s” could not be replaced: %s"), db_path, g_strerror (saved));
      return FALSE;
    }
  g_chmod (db_path, 0600);

  if (kept_path != NULL && *kept != '\0')
    *kept_path = g_steal_pointer (&kept);
  return TRUE;
}
