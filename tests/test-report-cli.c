/* test-report-cli.c: `taphuan-cli report` run as a user runs it ($TAPHUAN_CLI)
 * over tests/fixtures/report-fixture.json. The figures themselves are
 * counted by hand in test-report.c; here: the command writes exactly the
 * core's report for the period asked, and every misuse gets one clear line
 * and the right exit status. */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "tp-bundle.h"
#include "tp-db.h"
#include "tp-report.h"

typedef struct {
  char *dir;
  char *db_path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autofree char *bundle = g_test_build_filename (G_TEST_DIST, "fixtures", "report-fixture.json", NULL);

  f->dir = g_dir_make_tmp ("taphuan-report-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->db_path = g_build_filename (f->dir, "taphuan.db", NULL);
  db = tp_db_open (f->db_path, &error);
  g_assert_no_error (error);
  tp_bundle_import_file (db, bundle, FALSE, NULL, &error);
  g_assert_no_error (error);
  /* As in test-report.c: unknown sex (the bundle requires it) and the
   * source trainer's profile. */
  g_assert_true (tp_db_exec (db,
                             "UPDATE people SET sex = NULL WHERE id IN ('rp-d', 'rt-3');"
                             "INSERT INTO trainer_profiles (id, person_id, source_certificate_id, created_at, updated_at)"
                             " VALUES ('tp-1', 'rt-1', 'cert-t1', '2026-01-01', '2026-01-01');",
                             &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->db_path);
  g_free (f->dir);
}

/* Runs taphuan-cli --db DB report ARGS...; returns the exit status. */
static int
run_report (Fixture  *f,
            char    **out,
            char    **err,
            ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status = -1;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("TAPHUAN_CLI"));
  g_assert_nonnull (argv->pdata[0]);
  g_ptr_array_add (argv, "--db");
  g_ptr_array_add (argv, f->db_path);
  g_ptr_array_add (argv, "report");
  va_start (args, err);
  for (arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  envp = g_environ_unsetenv (envp, "LANGUAGE");

  g_spawn_sync (f->dir, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                out, err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static char *
core_report (Fixture    *f,
             const char *from,
             const char *to,
             const char *province,
             gboolean    csv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = tp_db_open_existing (f->db_path, &error);
  TpReportQuery query = { (char *) from, (char *) to, (char *) province, NULL };
  g_autoptr(TpReport) report = NULL;

  g_assert_no_error (error);
  report = tp_report_compute (db, &query, &error);
  g_assert_no_error (error);
  return csv ? tp_report_to_csv (report) : tp_report_to_json (report);
}

static void
test_outputs (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *want = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = g_build_filename (f->dir, "r.csv", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "r.pdf", NULL);

  /* --year 2026 is the reporting year 15/12/2025 .. 14/12/2026. */
  g_assert_cmpint (run_report (f, &out, &err, "--year", "2026", "-o", "-", NULL), ==, 0);
  want = core_report (f, "2025-12-15", "2026-12-14", NULL, FALSE);
  g_assert_cmpstr (out, ==, want);
  g_assert_cmpstr (err, ==, "");
  g_assert_nonnull (strstr (out, "\"enrolments\": {\n    \"total\": 9,"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&want, g_free);

  /* A range and a province, CSV chosen by the file name. */
  g_assert_cmpint (run_report (f, &out, &err, "--from", "2026-01-01", "--to", "2026-12-31",
                               "--province", "15", "-o", path, NULL), ==, 0);
  {
    g_autofree char *line = g_strdup_printf ("Report for 2026-01-01 to 2026-12-31 written to %s\n", path);

    g_assert_cmpstr (out, ==, line);
  }
  g_assert_true (g_file_get_contents (path, &file, NULL, NULL));
  want = core_report (f, "2026-01-01", "2026-12-31", "15", TRUE);
  g_assert_cmpstr (file, ==, want);
  g_assert_true (g_str_has_prefix (file, "\xEF\xBB\xBF" "key,total,female,male,unknown\r\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&file, g_free);

  g_assert_cmpint (run_report (f, &out, &err, "--year", "2026", "--format", "pdf", "-o", pdf, NULL), ==, 0);
  g_assert_true (g_file_get_contents (pdf, &file, NULL, NULL));
  g_assert_true (g_str_has_prefix (file, "%PDF-"));
}

static void
assert_fails (Fixture    *f,
              int         status,
              const char *message,
              ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *first_line = NULL;
  const char *arg;
  va_list ap;
  int got;

  va_start (ap, message);
  for (arg = va_arg (ap, const char *); arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  while (args->len < 8)
    g_ptr_array_add (args, NULL);

  got = run_report (f, &out, &err, args->pdata[0], args->pdata[1], args->pdata[2], args->pdata[3],
                    args->pdata[4], args->pdata[5], args->pdata[6], args->pdata[7], NULL);
  g_assert_cmpint (got, ==, status);
  g_assert_cmpstr (out, ==, "");
  first_line = g_strndup (err, strcspn (err, "\n"));
  g_assert_cmpstr (first_line, ==, message);
  if (status == 1)
    g_assert_cmpstr (err + strlen (first_line), ==, "\n");  /* one line, no usage */
  else
    g_assert_true (g_str_has_prefix (err + strlen (first_line), "\nUsage: taphuan-cli [--db FILE] report "));
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *not_written = g_build_filename (f->dir, "x.json", NULL);

  assert_fails (f, 2, "taphuan-cli: Give either --year or --from and --to, not both.",
                "--year", "2026", "--from", "2026-01-01", "--to", "2026-12-31", "-o", "x.json", NULL);
  assert_fails (f, 2, "taphuan-cli: --from and --to go together.",
                "--from", "2026-01-01", "-o", "x.json", NULL);
  assert_fails (f, 2, "taphuan-cli: --year needs a year of four digits, such as 2026, not “26”.",
                "--year", "26", "-o", "x.json", NULL);
  assert_fails (f, 2, "taphuan-cli: Say where to write the report with -o FILE (or -o - for standard output).",
                "--year", "2026", NULL);
  assert_fails (f, 2, "taphuan-cli: Unknown format “xls”; expected json, csv or pdf.",
                "--year", "2026", "--format", "xls", "-o", "x.json", NULL);
  assert_fails (f, 1, "taphuan-cli: First day of the report: “2026-02-30” is not a valid date (expected YYYY-MM-DD)",
                "--from", "2026-02-30", "--to", "2026-12-31", "-o", "x.json", NULL);
  assert_fails (f, 1, "taphuan-cli: The report period ends (2026-01-01) before it starts (2026-12-31)",
                "--from", "2026-12-31", "--to", "2026-01-01", "-o", "x.json", NULL);
  assert_fails (f, 1, "taphuan-cli: “99” is not the code of a province",
                "--year", "2026", "--province", "99", "-o", "x.json", NULL);
  /* Nothing was written by any of them. */
  g_assert_false (g_file_test (not_written, G_FILE_TEST_EXISTS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/report-cli/outputs", Fixture, NULL, fixture_setup, test_outputs, fixture_teardown);
  g_test_add ("/report-cli/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  return g_test_run ();
}
