/* test-kill.c: a power cut in the middle of a large import. taphuan-cli
 * ($TAPHUAN_CLI) imports a generated bundle of 20,000 people and 200
 * courses; once it is writing (its -wal file grows) it is killed with
 * SIGKILL, after different delays. Each time the database must be exactly
 * as before: the same export byte for byte, the same change log, and
 * PRAGMA integrity_check "ok". */
#include "config.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "tp-bundle.h"
#include "tp-db.h"

#define N_PEOPLE  20000
#define N_COURSES 200
#define N_SESSIONS_PER_COURSE 4
#define N_ENROLLED_PER_COURSE 50

static const char * const family_names[] = {
  "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
  "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Lò", "Giàng", "Hà", "Sầm",
};
static const char * const middle_names[] = {
  "Văn", "Thị", "Minh", "Thu", "Ngọc", "Đức", "Thanh", "Hồng", "Quang", "Thị Thu",
};
static const char * const given_names[] = {
  "An", "Anh", "Bình", "Chi", "Dũng", "Đức", "Giang", "Hà", "Hải", "Hoà", "Hùng",
  "Hương", "Lan", "Linh", "Mai", "Nam", "Nga", "Phúc", "Quân", "Thảo", "Thuỷ",
  "Trang", "Tuấn", "Yến", "Páo", "Sính", "Dua",
};

static char *
generate_bundle (void)
{
  GString *json = g_string_new ("{\"format\": \"taphuan-bundle\", \"version\": 1,\n\"people\": [\n");
  GRand *rand = g_rand_new_with_seed (20260301);

  for (guint i = 0; i < N_PEOPLE; i++)
    g_string_append_printf (json,
                            "%s{\"id\": \"kill-p-%05u\", \"full_name\": \"%s %s %s\","
                            " \"sex\": \"%s\", \"birth_year\": %d,"
                            " \"organization\": \"UBND xã số %u\"}\n",
                            i ? "," : "", i,
                            family_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (family_names))],
                            middle_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (middle_names))],
                            given_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (given_names))],
                            g_rand_boolean (rand) ? "female" : "male",
                            g_rand_int_range (rand, 1960, 2004), i % 300);
  g_string_append (json, "],\n\"courses\": [\n");

  for (guint c = 0; c < N_COURSES; c++)
    {
      g_string_append_printf (json,
                              "%s{\"id\": \"kill-c-%03u\", \"code\": \"KILL-%03u\","
                              " \"title\": \"Lớp tập huấn kiến thức về giới số %u\","
                              " \"type\": \"gender-knowledge\","
                              " \"start_date\": \"2026-04-01\", \"end_date\": \"2026-04-02\","
                              " \"sessions\": [",
                              c ? "," : "", c, c, c);
      for (guint s = 0; s < N_SESSIONS_PER_COURSE; s++)
        g_string_append_printf (json,
                                "%s{\"id\": \"kill-s-%03u-%u\", \"date\": \"2026-04-0%u\","
                                " \"part\": \"%s\"}",
                                s ? ", " : "", c, s, 1 + s / 2, s % 2 ? "afternoon" : "morning");
      g_string_append (json, "],\n \"enrollments\": [");
      for (guint e = 0; e < N_ENROLLED_PER_COURSE; e++)
        {
          g_string_append_printf (json, "%s{\"person_id\": \"kill-p-%05u\", \"attendance\": {",
                                  e ? ",\n  " : "", (c * N_ENROLLED_PER_COURSE + e) % N_PEOPLE);
          for (guint s = 0; s < N_SESSIONS_PER_COURSE; s++)
            g_string_append_printf (json, "%s\"kill-s-%03u-%u\": \"%s\"", s ? ", " : "", c, s,
                                    (e + s) % 7 ? "present" : "absent");
          g_string_append (json, "}}");
        }
      g_string_append (json, "]}\n");
    }
  g_string_append (json, "]}\n");

  g_rand_free (rand);
  return g_string_free (json, FALSE);
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return 0;
  return st.st_size;
}

typedef struct {
  char *export;
  int   change_log;
  int   people;
} DbState;

static void
db_state_clear (DbState *state)
{
  g_free (state->export);
}

static int
count (TpDb       *db,
       const char *sql)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, NULL);
  int n = -1;

  g_assert_nonnull (stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
read_state (const char *path,
            DbState    *state)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = tp_db_open_existing (path, &error);
  g_autoptr(GBytes) bytes = NULL;
  sqlite3_stmt *stmt;

  g_assert_no_error (error);

  stmt = tp_db_prepare (db, "PRAGMA integrity_check", NULL);
  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);

  bytes = tp_bundle_export_bytes (db, NULL, &error);
  g_assert_no_error (error);
  state->export = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  state->change_log = count (db, "SELECT count(*) FROM change_log");
  state->people = count (db, "SELECT count(*) FROM people");
}

static void
test_kill_mid_import (void)
{
  static const guint delays_ms[] = { 0, 30, 200, 500 };
  const char *cli = g_getenv ("TAPHUAN_CLI");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("taphuan-kill-XXXXXX", &error);
  g_autofree char *db_path = NULL;
  g_autofree char *wal_path = NULL;
  g_autofree char *bundle_path = NULL;
  g_autofree char *bundle = NULL;
  g_autofree char *fixture = NULL;
  g_autofree char *cmd = NULL;
  DbState before = { 0 };

  g_assert_nonnull (cli);
  g_assert_no_error (error);
  db_path = g_build_filename (dir, "taphuan.db", NULL);
  wal_path = g_strconcat (db_path, "-wal", NULL);
  bundle_path = g_build_filename (dir, "province.json", NULL);

  /* A database holding the small fixture. */
  fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "bundle-small.json", NULL);
  {
    g_autoptr(TpDb) db = tp_db_open (db_path, &error);

    g_assert_no_error (error);
    g_assert_true (tp_bundle_import_file (db, fixture, FALSE, NULL, &error));
    g_assert_no_error (error);
  }
  read_state (db_path, &before);
  g_assert_cmpint (before.people, ==, 10);

  bundle = generate_bundle ();
  g_assert_true (g_file_set_contents (bundle_path, bundle, -1, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (delays_ms); i++)
    {
      const char *argv[] = { cli, "--db", db_path, "import", bundle_path, NULL };
      DbState after = { 0 };
      gint64 start_size = file_size (wal_path);
      gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
      GPid pid;
      int status;
      gboolean writing = FALSE;

      g_spawn_async (NULL, (char **) argv, NULL,
                     G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &pid, &error);
      g_assert_no_error (error);

      /* Wait until the import is writing: its WAL has grown by 256 KiB. */
      while (g_get_monotonic_time () < deadline)
        {
          if (waitpid (pid, &status, WNOHANG) == pid)
            g_error ("the import ended (status %d) before it could be killed", status);
          if (file_size (wal_path) > start_size + 256 * 1024)
            {
              writing = TRUE;
              break;
            }
          g_usleep (1000);
        }
      g_assert_true (writing);

      g_usleep (delays_ms[i] * 1000);
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      /* Killed, not finished: otherwise the test proves nothing. */
      g_assert_true (WIFSIGNALED (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
      g_test_message ("killed after %u ms, WAL %" G_GINT64_FORMAT " bytes",
                      delays_ms[i], file_size (wal_path));

      read_state (db_path, &after);
      g_assert_cmpint (after.people, ==, before.people);
      g_assert_cmpint (after.change_log, ==, before.change_log);
      g_assert_cmpstr (after.export, ==, before.export);
      db_state_clear (&after);
    }

  db_state_clear (&before);
  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (cmd), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/kill/mid-import", test_kill_mid_import);
  return g_test_run ();
}
