/* test-backup.c: rotating backups, retention, inspecting, integrity,
 * restore (also over a damaged file) and noticing other writers, on real
 * database files in temporary folders. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "tp-backup.h"
#include "tp-bundle.h"
#include "tp-db.h"
#include "tp-import.h"
#include "tp-store.h"
#include "tp-watch.h"

typedef struct {
  char *dir;
  char *path;
  TpDb *db;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("taphuan-backup-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "data", "taphuan.db", NULL);
  f->db = tp_db_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->db);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->path);
  g_free (f->dir);
}

static char *
add_person (TpDb       *db,
            const char *name)
{
  g_autoptr(TpPerson) p = tp_person_new ();
  g_autoptr(GError) error = NULL;

  p->full_name = g_strdup (name);
  p->sex = TP_SEX_FEMALE;
  p->birth_year = 1985;
  g_assert_true (tp_store_save_person (db, p, &error));
  g_assert_no_error (error);
  return g_strdup (p->id);
}

static guint
count_people (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = tp_db_open_existing (path, &error);

  g_assert_no_error (error);
  return tp_store_count_people (db);
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return g_strdup ("missing");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

static void
test_make_and_list (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = tp_backup_folder (f->path);
  g_autofree char *made = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(TpBackupContents) c = NULL;
  TpBackupInfo *info;
  GStatBuf st;

  g_free (add_person (f->db, "Đặng Thị Hoà"));
  made = tp_backup_make (f->db, "import", &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (made, folder));
  base = g_path_get_basename (made);
  g_assert_true (g_regex_match_simple ("^taphuan-[0-9]{8}-[0-9]{6}-import\\.db$", base, 0, 0));

  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (g_stat (made, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Two in the same second do not overwrite each other. */
  g_assert_true (tp_backup_before (f->db, "import", &error));
  g_assert_no_error (error);

  list = tp_backup_list (f->path);
  g_assert_cmpuint (list->len, ==, 2);
  info = g_ptr_array_index (list, 1);
  g_assert_cmpstr (info->reason, ==, "import");
  g_assert_cmpint (info->size, >, 0);

  c = tp_backup_inspect (made, FALSE);
  g_assert_true (c->readable);
  g_assert_cmpuint (c->n_people, ==, 1);
  g_assert_cmpuint (c->n_courses, ==, 0);
  g_assert_nonnull (c->last_change);
  g_assert_cmpint (c->file_version, ==, TP_DB_SCHEMA_VERSION);
}

static void
test_daily_once (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_true (tp_backup_daily_if_due (f->db, &first, &error));
  g_assert_no_error (error);
  g_assert_nonnull (first);
  g_assert_true (tp_backup_daily_if_due (f->db, &second, &error));
  g_assert_null (second);
  list = tp_backup_list (f->path);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((TpBackupInfo *) g_ptr_array_index (list, 0))->reason, ==, "daily");
}

/* 60 daily backups, one a day back from today, and 15 import ones: the
 * policy keeps the newest 7 dailies, the newest daily of 4 older weeks and
 * 10 import backups. */
static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = tp_backup_folder (f->path);
  g_autofree char *template = tp_backup_make (f->db, "manual", &error);
  g_autofree char *contents = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GHashTable) weeks = g_hash_table_new (g_direct_hash, g_direct_equal);
  TpBackupPolicy policy = { 7, 4, 10 };
  gsize len;
  guint daily = 0, tagged = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (template, &contents, &len, NULL));
  g_unlink (template);
  for (int i = 0; i < 60; i++)
    {
      g_autoptr(GDateTime) day = g_date_time_add_days (now, -i - 1);
      g_autofree char *stamp = g_date_time_format (day, "%Y%m%d-%H%M%S");
      g_autofree char *path = g_strdup_printf ("%s/taphuan-%s-daily.db", folder, stamp);
      g_assert_true (g_file_set_contents (path, contents, len, NULL));
    }
  for (int i = 0; i < 15; i++)
    {
      g_autoptr(GDateTime) t = g_date_time_add_minutes (now, -i);
      g_autofree char *stamp = g_date_time_format (t, "%Y%m%d-%H%M%S");
      g_autofree char *path = g_strdup_printf ("%s/taphuan-%s-import.db", folder, stamp);
      g_assert_true (g_file_set_contents (path, contents, len, NULL));
    }
  /* Files that are not backups are left alone. */
  {
    g_autofree char *other = g_build_filename (folder, "notes.txt", NULL);
    g_assert_true (g_file_set_contents (other, "giữ lại", -1, NULL));
  }

  g_assert_cmpuint (tp_backup_prune (f->path, &policy, &error), ==, 60 - 11 + 15 - 10);
  g_assert_no_error (error);

  list = tp_backup_list (f->path);
  for (guint i = 0; i < list->len; i++)
    {
      TpBackupInfo *info = g_ptr_array_index (list, i);

      if (g_str_equal (info->reason, "daily"))
        {
          int week = g_date_time_get_week_numbering_year (info->made_at) * 100 +
                     g_date_time_get_week_of_year (info->made_at);
          /* The first 7 are the newest days; the rest one per week. */
          if (daily >= 7)
            g_assert_false (g_hash_table_contains (weeks, GINT_TO_POINTER (week)));
          g_hash_table_add (weeks, GINT_TO_POINTER (week));
          daily++;
        }
      else
        tagged++;
    }
  g_assert_cmpuint (daily, ==, 11);
  g_assert_cmpuint (tagged, ==, 10);
  /* The newest daily (yesterday) is kept, the oldest (60 days ago) not. */
  {
    TpBackupInfo *newest = g_ptr_array_index (list, 10);
    g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
    g_assert_cmpstr (newest->reason, ==, "daily");
    g_assert_cmpint (g_date_time_get_day_of_year (newest->made_at), ==, g_date_time_get_day_of_year (yesterday));
  }
  {
    g_autofree char *other = g_build_filename (folder, "notes.txt", NULL);
    g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  }

  /* The policy comes from the settings. */
  g_assert_true (tp_db_set_setting (f->db, "backup.keep_daily", "3", NULL));
  tp_backup_policy_load (f->db, &policy);
  g_assert_cmpuint (policy.keep_daily, ==, 3);
  g_assert_cmpuint (policy.keep_weekly, ==, TP_BACKUP_DEFAULT_KEEP_WEEKLY);
}

static void
test_inspect_bad_files (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *text = g_build_filename (f->dir, "danh-sach.db", NULL);
  g_autofree char *before = NULL;
  g_autoptr(TpBackupContents) c = NULL;
  g_autoptr(TpBackupContents) missing = NULL;

  g_assert_true (g_file_set_contents (text, "Họ và tên,Năm sinh\n", -1, NULL));
  before = file_checksum (text);
  c = tp_backup_inspect (text, TRUE);
  g_assert_false (c->readable);
  g_assert_nonnull (strstr (c->problem, text));
  g_assert_nonnull (strstr (c->problem, "not an SQLite file"));
  {
    g_autofree char *after = file_checksum (text);
    g_assert_cmpstr (after, ==, before);
  }

  missing = tp_backup_inspect ("/nonexistent/taphuan.db", FALSE);
  g_assert_false (missing->readable);
  g_assert_nonnull (missing->problem);
}

static void
test_integrity_check (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_free (add_person (f->db, "Lò Văn Páo"));
  g_assert_true (tp_backup_integrity_check (f->db, &error));
  g_assert_no_error (error);

  /* An enrolment pointing at nobody (written with the checks off, as a
   * foreign program could). */
  g_assert_true (tp_db_exec (f->db, "PRAGMA foreign_keys = OFF", NULL));
  g_assert_true (tp_db_exec (f->db,
                             "INSERT INTO enrolments (id, course_id, person_id, created_at, updated_at)"
                             " VALUES ('e1', 'no-course', 'no-person', 'x', 'x')", NULL));
  g_assert_true (tp_db_exec (f->db, "PRAGMA foreign_keys = ON", NULL));
  g_assert_false (tp_backup_integrity_check (f->db, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "enrolments"));
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *garbage = g_build_filename (f->dir, "garbage.db", NULL);
  g_autofree char *before = NULL;
  GStatBuf st;

  g_free (add_person (f->db, "Nguyễn Văn An"));
  backup = tp_backup_make (f->db, "manual", &error);
  g_assert_no_error (error);
  g_free (add_person (f->db, "Trần Thị Bình"));
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 2);

  /* Refused while another connection has the file open. */
  g_assert_false (tp_backup_restore (f->path, backup, &kept, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_BUSY);
  g_clear_error (&error);
  g_clear_object (&f->db);
  g_clear_pointer (&kept, g_free);
  g_assert_cmpuint (count_people (f->path), ==, 2);

  /* A file that is not a database changes nothing. */
  g_assert_true (g_file_set_contents (garbage, "SQLite format 3\0garbage", 24, NULL));
  before = file_checksum (f->path);
  g_assert_false (tp_backup_restore (f->path, garbage, &kept, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Nothing was restored"));
  g_assert_nonnull (strstr (error->message, garbage));
  g_clear_error (&error);
  {
    g_autofree char *after = file_checksum (f->path);
    g_assert_cmpstr (after, ==, before);
  }

  g_assert_true (tp_backup_restore (f->path, backup, &kept, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_people (f->path), ==, 1);
  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* The replaced database was kept and holds the later change. */
  g_assert_nonnull (kept);
  g_assert_nonnull (strstr (kept, "before-restore"));
  {
    g_autoptr(TpBackupContents) c = tp_backup_inspect (kept, TRUE);
    g_assert_true (c->readable);
    g_assert_cmpuint (c->n_people, ==, 2);
  }
  f->db = tp_db_open_existing (f->path, &error);
  g_assert_no_error (error);
}

static void
corrupt_file (const char *path)
{
  g_autofree char *bytes = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  for (gsize i = len / 2; i < len; i++)
    bytes[i] = (char) (i * 7);
  g_assert_true (g_file_set_contents (path, bytes, len, NULL));
}

/* A damaged database: the newest backup is damaged too, the one before is
 * good; restoring it keeps the damaged file aside. */
static void
test_restore_newest_good (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *found = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(TpDb) reopened = NULL;

  for (int i = 0; i < 300; i++)
    g_free (add_person (f->db, "Giàng Thị Sính"));
  good = tp_backup_make (f->db, "daily", &error);
  g_assert_no_error (error);
  g_usleep (1100 * 1000);
  bad = tp_backup_make (f->db, "import", &error);
  g_assert_no_error (error);
  corrupt_file (bad);

  g_assert_true (tp_db_exec (f->db, "PRAGMA journal_mode = DELETE", NULL));
  g_clear_object (&f->db);
  corrupt_file (f->path);
  reopened = tp_db_open_existing (f->path, &error);
  g_assert_null (reopened);
  g_assert_error (error, TP_ERROR, TP_ERROR_CORRUPT);
  g_clear_error (&error);

  found = tp_backup_find_newest_good (f->path);
  g_assert_cmpstr (found, ==, good);

  g_assert_true (tp_backup_restore (f->path, found, &kept, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (kept, "damaged"));
  g_assert_cmpuint (count_people (f->path), ==, 300);
}

/* ---- other writers -------------------------------------------------------- */

static void
test_changed_elsewhere (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) other = tp_db_open_existing (f->path, &error);

  g_assert_no_error (error);
  g_assert_false (tp_db_changed_elsewhere (f->db));   /* baseline */
  g_free (add_person (f->db, "Hà Thị Thu"));
  g_assert_false (tp_db_changed_elsewhere (f->db));   /* own write */
  g_free (add_person (other, "Sầm Văn Phúc"));
  g_assert_true (tp_db_changed_elsewhere (f->db));
  g_assert_false (tp_db_changed_elsewhere (f->db));
}

typedef struct {
  GMainLoop *loop;
  guint      calls;
} WatchData;

static void
watch_changed_cb (TpDb     *db,
                  gpointer  user_data)
{
  WatchData *w = user_data;

  w->calls++;
  g_main_loop_quit (w->loop);
}

static gboolean
write_elsewhere_cb (gpointer data)
{
  g_free (add_person (data, "Vàng Thị Dua"));
  return G_SOURCE_REMOVE;
}

static gboolean
timeout_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
test_watch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) other = tp_db_open_existing (f->path, &error);
  WatchData w = { g_main_loop_new (NULL, FALSE), 0 };
  guint id, timeout;

  g_assert_no_error (error);
  id = tp_db_watch_add (f->db, 20, watch_changed_cb, &w);
  g_timeout_add (60, write_elsewhere_cb, other);
  timeout = g_timeout_add (5000, timeout_cb, w.loop);
  g_main_loop_run (w.loop);
  g_assert_cmpuint (w.calls, ==, 1);
  g_source_remove (id);
  g_source_remove (timeout);
  g_main_loop_unref (w.loop);
}

/* Two processes write at once, 150 transactions each: every one lands. */
static void
test_two_writers (Fixture       *f,
                  gconstpointer  data)
{
  pid_t pids[2];

  g_clear_object (&f->db);
  for (int k = 0; k < 2; k++)
    {
      pids[k] = fork ();
      g_assert_cmpint (pids[k], >=, 0);
      if (pids[k] == 0)
        {
          GError *error = NULL;
          TpDb *db;

          /* A forked child shares the parent's random state, so its
           * UUIDs would repeat the sibling's; real writers are exec'd. */
          g_random_set_seed (getpid ());
          db = tp_db_open_existing (f->path, &error);
          if (db == NULL)
            _exit (10);
          for (int i = 0; i < 150; i++)
            {
              TpPerson *p = tp_person_new ();

              p->full_name = g_strdup_printf ("Người ghi %d số %d", k, i);
              p->sex = k == 0 ? TP_SEX_FEMALE : TP_SEX_MALE;
              if (!tp_store_save_person (db, p, &error))
                {
                  g_printerr ("writer %d: %s\n", k, error->message);
                  _exit (11);
                }
              tp_person_free (p);
            }
          g_object_unref (db);
          _exit (0);
        }
    }
  for (int k = 0; k < 2; k++)
    {
      int status = 0;
      g_assert_cmpint (waitpid (pids[k], &status, 0), ==, pids[k]);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }
  g_assert_cmpuint (count_people (f->path), ==, 300);
}

/* ---- backups before risky operations --------------------------------------- */

static guint
count_backups (const char *db_path,
               const char *reason)
{
  g_autoptr(GPtrArray) list = tp_backup_list (db_path);
  guint n = 0;

  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((TpBackupInfo *) g_ptr_array_index (list, i))->reason, reason))
      n++;
  return n;
}

/* Makes the backup folder impossible to create: a plain file by its name
 * (works for root too, unlike permissions). */
static void
block_backups (const char *db_path)
{
  g_autofree char *folder = tp_backup_folder (db_path);
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", folder);

  g_assert_cmpint (system (cmd), ==, 0);
  g_assert_true (g_file_set_contents (folder, "not a folder", -1, NULL));
}

static const char bundle_json[] =
  "{\"format\": \"taphuan-bundle\", \"version\": 1, \"people\": ["
  " {\"id\": \"a1b2c3d4-0000-4000-8000-000000000001\", \"full_name\": \"Lò Thị Mai\", \"sex\": \"female\"},"
  " {\"id\": \"a1b2c3d4-0000-4000-8000-000000000002\", \"full_name\": \"Vàng A Dính\", \"sex\": \"male\"}]}";

static const char people_csv[] =
  "Họ và tên,Giới tính,Năm sinh\n"
  "Lò Thị Mai,Nữ,1990\n"
  "Vàng A Dính,Nam,1988\n";

static void
test_before_bundle_import (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(TpBackupContents) c = NULL;
  TpBackupInfo *info;

  g_free (add_person (f->db, "Đặng Thị Hoà"));

  /* A dry run writes nothing, so it needs no backup. */
  g_assert_true (tp_bundle_import_data (f->db, bundle_json, -1, "people.json", TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_backups (f->path, "import"), ==, 0);

  /* The import: a backup holding the register as it was before. */
  g_assert_true (tp_bundle_import_data (f->db, bundle_json, -1, "people.json", FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 3);
  list = tp_backup_list (f->path);
  g_assert_cmpuint (list->len, ==, 1);
  info = g_ptr_array_index (list, 0);
  g_assert_cmpstr (info->reason, ==, "import");
  c = tp_backup_inspect (info->path, FALSE);
  g_assert_true (c->readable);
  g_assert_cmpuint (c->n_people, ==, 1);

  /* The office (or a test importing a thousand times) can turn it off. */
  g_assert_true (tp_db_set_setting (f->db, "backup.before_import", "0", &error));
  g_assert_true (tp_bundle_import_data (f->db, bundle_json, -1, "people.json", FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_backups (f->path, "import"), ==, 1);
}

static void
test_before_import_fails (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpImport) import = NULL;
  g_autoptr(TpCourse) course = tp_course_new ();
  g_autofree char *course_id = NULL;

  g_free (add_person (f->db, "Đặng Thị Hoà"));
  course->code = g_strdup ("BDG-01");
  course->title = g_strdup ("Lồng ghép giới trong lập kế hoạch");
  course->start_date = g_strdup ("2026-03-02");
  course->end_date = g_strdup ("2026-03-03");
  course->type_id = g_strdup ("tot-gender-equality");
  g_assert_true (tp_store_save_course (f->db, course, &error));
  g_assert_no_error (error);
  course_id = g_strdup (course->id);
  block_backups (f->path);

  /* Bundle: refused, saying why, nothing written. */
  g_assert_false (tp_bundle_import_data (f->db, bundle_json, -1, "people.json", FALSE, NULL, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "people.json"));
  g_assert_nonnull (strstr (error->message, "no backup could be made"));
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 1);
  g_clear_error (&error);
  /* A dry run still previews. */
  g_assert_true (tp_bundle_import_data (f->db, bundle_json, -1, "people.json", TRUE, NULL, &error));
  g_assert_no_error (error);

  /* CSV: the same. */
  import = tp_import_new_from_data (f->db, people_csv, strlen (people_csv), "people.csv", &error);
  g_assert_no_error (error);
  g_assert_false (tp_import_apply (import, NULL, NULL, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "people.csv"));
  g_assert_nonnull (strstr (error->message, "no backup could be made"));
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 1);
  g_clear_error (&error);

  /* Deleting a course: the same, and the course is still there. */
  g_assert_false (tp_store_delete_course (f->db, course_id, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "no backup could be made"));
  g_clear_error (&error);
  {
    g_autoptr(TpCourse) still = tp_store_get_course (f->db, course_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (still->code, ==, "BDG-01");
  }
}

static void
test_before_csv_import_and_delete (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpImport) import = NULL;
  g_autoptr(TpCourse) course = tp_course_new ();
  TpImportOptions dry = { .dry_run = TRUE };
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(TpBackupContents) c = NULL;

  import = tp_import_new_from_data (f->db, people_csv, strlen (people_csv), "people.csv", &error);
  g_assert_no_error (error);
  g_assert_true (tp_import_apply (import, &dry, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_backups (f->path, "import"), ==, 0);
  g_assert_true (tp_import_apply (import, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 2);
  g_assert_cmpuint (count_backups (f->path, "import"), ==, 1);

  course->code = g_strdup ("BDG-02");
  course->title = g_strdup ("Phòng, chống bạo lực trên cơ sở giới");
  course->start_date = g_strdup ("2026-04-06");
  course->end_date = g_strdup ("2026-04-07");
  course->type_id = g_strdup ("tot-gender-equality");
  g_assert_true (tp_store_save_course (f->db, course, &error));
  g_assert_no_error (error);
  g_assert_true (tp_store_delete_course (f->db, course->id, &error));
  g_assert_no_error (error);

  /* The "delete" backup still holds the course. */
  g_assert_cmpuint (count_backups (f->path, "delete"), ==, 1);
  list = tp_backup_list (f->path);
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((TpBackupInfo *) g_ptr_array_index (list, i))->reason, "delete"))
      c = tp_backup_inspect (((TpBackupInfo *) g_ptr_array_index (list, i))->path, FALSE);
  g_assert_true (c->readable);
  g_assert_cmpuint (c->n_courses, ==, 1);
  g_assert_cmpuint (c->n_people, ==, 2);

  /* An unknown course: refused as before, and no backup for nothing. */
  g_assert_false (tp_store_delete_course (f->db, course->id, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_NOT_FOUND);
  g_assert_cmpuint (count_backups (f->path, "delete"), ==, 1);
}

/* Migration copies are the only copy of the old format: pruning (after
 * many imports) keeps them. */
static void
test_prune_keeps_migration (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *migration = NULL;
  TpBackupPolicy policy = { .keep_daily = 1, .keep_weekly = 0, .keep_tagged = 2 };

  migration = tp_backup_new_path (f->path, "migration", &error);
  g_assert_no_error (error);
  g_assert_true (tp_db_backup_to (f->db, migration, &error));
  for (int i = 0; i < 4; i++)
    g_free (tp_backup_make (f->db, "import", &error));
  g_assert_no_error (error);
  tp_backup_prune (f->path, &policy, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (migration, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_backups (f->path, "migration"), ==, 1);
  g_assert_cmpuint (count_backups (f->path, "import"), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/backup/make-and-list", test_make_and_list);
  ADD ("/backup/daily-once", test_daily_once);
  ADD ("/backup/retention", test_retention);
  ADD ("/backup/inspect-bad-files", test_inspect_bad_files);
  ADD ("/backup/integrity-check", test_integrity_check);
  ADD ("/backup/restore", test_restore);
  ADD ("/backup/restore-newest-good", test_restore_newest_good);
  ADD ("/backup/before-bundle-import", test_before_bundle_import);
  ADD ("/backup/before-csv-import-and-delete", test_before_csv_import_and_delete);
  ADD ("/backup/before-fails", test_before_import_fails);
  ADD ("/backup/prune-keeps-migration", test_prune_keeps_migration);
  ADD ("/watch/changed-elsewhere", test_changed_elsewhere);
  ADD ("/watch/main-loop", test_watch);
  ADD ("/watch/two-writers", test_two_writers);
#undef ADD

  return g_test_run ();
}
