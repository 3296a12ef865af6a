/* test-cli.c: runs the built taphuan-cli ($TAPHUAN_CLI) on temporary
 * databases and checks what a user sees: the list output (header, TSV rows
 * in Vietnamese name order), exit codes 0/1/2, the one-line error for a bad
 * file, Vietnamese messages once po/vi.po translates them, and that
 * --dry-run changes nothing. */
#include "config.h"

#include <locale.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

typedef struct {
  char *dir;
  char *db;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("taphuan-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "taphuan.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->db);
  g_free (f->dir);
}

static const char *
cli_path (void)
{
  const char *path = g_getenv ("TAPHUAN_CLI");

  g_assert_nonnull (path);
  return path;
}

/* Runs taphuan-cli with @args (NULL-terminated) and extra "NAME=value"
 * environment entries; returns the exit status. */
static int
run_env (const char * const  *env_extra,
         char               **out,
         char               **err,
         const char          *first_arg,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *arg;
  int status = -1;
  va_list args;

  g_ptr_array_add (argv, (char *) cli_path ());
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_unsetenv (envp, "TAPHUAN_DB");
  envp = g_environ_unsetenv (envp, "LANGUAGE");
  for (guint i = 0; env_extra != NULL && env_extra[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (env_extra[i], "=", 2);

      envp = g_environ_setenv (envp, pair[0], pair[1], TRUE);
    }

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &stdout_text, &stderr_text, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return WEXITSTATUS (status);
}

#define run(out, err, ...) run_env (NULL, out, err, __VA_ARGS__, NULL)

static char *
fixture_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "bundle-small.json", NULL);
}

static void
import_fixture (Fixture *f)
{
  g_autofree char *path = fixture_path ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run (&out, &err, "--db", f->db, "import", path), ==, 0);
  g_assert_cmpstr (err, ==, "");
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *data = NULL;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return g_strdup ("(missing)");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

static JsonObject *
fixture_person (JsonNode   *root,
                const char *full_name)
{
  JsonArray *people = json_object_get_array_member (json_node_get_object (root), "people");

  for (guint i = 0; i < json_array_get_length (people); i++)
    {
      JsonObject *p = json_array_get_object_element (people, i);

      if (g_str_equal (json_object_get_string_member (p, "full_name"), full_name))
        return p;
    }
  g_assert_not_reached ();
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    if (*p == '\n')
      n++;
  return n;
}

/* ---- tests ------------------------------------------------------------- */

/* The people list: the header, then the fixture's people in Vietnamese
 * order (given name first: An < Anh < Bình < Dua < Đức ...), each row built
 * from the fixture's own fields. */
static void
test_list_people (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const order[] = {
    "Nguyễn Văn An", "Phạm Thị Lan Anh", "Lê Văn Bình", "Vàng Thị Dua", "Trần Minh Đức",
    "H'Hen Niê", "Đặng Thị Hoà", "Lò Thị Mai", "Giàng A Páo", "Hoàng Thị Thuỷ",
  };
  g_autofree char *path = fixture_path ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) expected = g_string_new ("id\tfull_name\tsex\tbirth_year\torganization\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonNode *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      JsonObject *p = fixture_person (root, order[i]);
      int year = json_object_has_member (p, "birth_year") ?
                 (int) json_object_get_int_member (p, "birth_year") :
                 atoi (json_object_get_string_member (p, "birth_date"));

      g_string_append_printf (expected, "%s\t%s\t%s\t%d\t%s\n",
                              json_object_get_string_member (p, "id"), order[i],
                              json_object_get_string_member (p, "sex"), year,
                              json_object_get_string_member (p, "organization"));
    }

  import_fixture (f);
  g_assert_cmpint (run (&out, &err, "--db", f->db, "list", "people"), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpstr (out, ==, expected->str);
}

static void
test_list_courses (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  import_fixture (f);
  g_assert_cmpint (run (&out, &err, "--db", f->db, "list", "courses"), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);  /* header, 2 rows, "" */
  g_assert_cmpstr (lines[0], ==, "id\tcode\ttitle\tstart_date\tend_date\tstatus");
  /* Newest first. */
  g_assert_cmpstr (lines[1], ==,
                   "31de707a-6b29-5f58-a409-b6151053b041\tLC-GBV-2026-02\t"
                   "Tập huấn phòng ngừa, ứng phó với bạo lực trên cơ sở giới cho cán bộ cấp xã\t"
                   "2026-05-20\t2026-05-21\topen");
  g_assert_cmpstr (lines[2], ==,
                   "bd9b28ca-c9a6-5205-87c8-e67b4c652be6\tLC-BDG-2026-01\t"
                   "Tập huấn giảng viên nguồn về bình đẳng giới năm 2026\t"
                   "2026-03-10\t2026-03-12\tcompleted");
  g_assert_cmpstr (lines[3], ==, "");

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (&out, NULL, "--db", f->db, "list", "courses", "--search", "bao luc"), ==, 0);
  g_assert_cmpuint (count_lines (out), ==, 2);
  g_assert_nonnull (strstr (out, "LC-GBV-2026-02"));
}

static void
test_list_search_and_json (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;
  JsonObject *first;

  import_fixture (f);

  /* "dang thi" finds "Đặng Thị" (đ folds to d), and nobody else. */
  g_assert_cmpint (run (&out, NULL, "--db", f->db, "list", "people", "--search", "dang thi"), ==, 0);
  g_assert_cmpuint (count_lines (out), ==, 2);
  g_assert_nonnull (strstr (out, "\tĐặng Thị Hoà\tfemale\t1985\t"));

  g_assert_cmpint (run (&json, NULL, "--db", f->db, "list", "people", "--format", "json"), ==, 0);
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 10);
  first = json_array_get_object_element (array, 0);
  g_assert_cmpstr (json_object_get_string_member (first, "full_name"), ==, "Nguyễn Văn An");
  g_assert_cmpint (json_object_get_int_member (first, "birth_year"), ==, 1979);
  g_assert_cmpstr (json_object_get_string_member (first, "sex"), ==, "male");
}

static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const cases[][5] = {
    { NULL },
    { "frobnicate", NULL },
    { "--colour", "list", NULL },
    { "--db", NULL },
    { "list", NULL },
    { "list", "trainers", NULL },
    { "list", "people", "--format", "xml", NULL },
    { "list", "people", "--bogus", NULL },
    { "import", NULL },
    { "import", "a.json", "b.json", NULL },
    { "export", NULL },
  };

  import_fixture (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autofree char *cmd = g_strdup_printf ("%s --db %s", cli_path (), f->db);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autofree char *line = NULL;
      int status;

      /* With --db first, except the case that tests a bare --db. */
      for (guint j = 0; cases[i][j] != NULL; j++)
        {
          g_autofree char *quoted = g_shell_quote (cases[i][j]);
          char *longer = g_strdup_printf ("%s %s", cmd, quoted);

          g_free (cmd);
          cmd = longer;
        }
      if (cases[i][0] != NULL && g_str_equal (cases[i][0], "--db"))
        {
          g_free (cmd);
          cmd = g_strdup_printf ("%s --db", cli_path ());
        }
      g_test_message ("%s", cmd);
      g_assert_true (g_spawn_command_line_sync (cmd, &out, &err, &status, NULL));
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "taphuan-cli: "));
      g_assert_nonnull (strstr (err, "\nUsage: taphuan-cli [--db FILE] "));
    }
}

static void
test_help_and_version (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *version = NULL;

  g_assert_cmpint (run (&out, NULL, "--help"), ==, 0);
  g_assert_true (g_str_has_prefix (out, "Usage: taphuan-cli [--db FILE] COMMAND"));
  g_assert_nonnull (strstr (out, "\n  import FILE [--dry-run] [--course CODE] [--skip-invalid]\n"));
  g_assert_nonnull (strstr (out, "\n  export FILE.json [--course CODE]... [--from YYYY-MM-DD --to YYYY-MM-DD] [--anonymised]\n"));

  g_assert_cmpint (run (&version, NULL, "--version"), ==, 0);
  g_assert_cmpstr (version, ==, "taphuan-cli " PACKAGE_VERSION "\n");
}

/* A bad file: exit 1, exactly one line on stderr naming the file, the JSON
 * path and the reason; the database file untouched. */
static void
test_bad_file (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *fixture = fixture_path ();
  g_autofree char *text = NULL;
  g_autofree char *bad = g_build_filename (f->dir, "bad.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *prefix = NULL;
  char *start;

  import_fixture (f);
  g_assert_true (g_file_get_contents (fixture, &text, NULL, NULL));
  /* The second course ends before it starts. */
  start = strstr (text, "\"end_date\": \"2026-05-21\"");
  g_assert_nonnull (start);
  memcpy (start, "\"end_date\": \"2026-05-01\"", strlen ("\"end_date\": \"2026-05-01\""));
  g_assert_true (g_file_set_contents (bad, text, -1, NULL));

  before = file_sha256 (f->db);
  g_assert_cmpint (run (&out, &err, "--db", f->db, "import", bad), ==, 1);
  after = file_sha256 (f->db);

  prefix = g_strdup_printf ("taphuan-cli: %s: courses[1].end_date: ", bad);
  g_test_message ("%s", err);
  g_assert_true (g_str_has_prefix (err, prefix));
  g_assert_nonnull (strstr (err, "2026-05-01"));
  g_assert_cmpuint (count_lines (err), ==, 1);
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (after, ==, before);

  /* Malformed JSON: file:line:column. */
  g_assert_true (g_file_set_contents (bad, "{\n  \"format\": \"taphuan-bundle\",,\n}\n", -1, NULL));
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&prefix, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", f->db, "import", bad), ==, 1);
  /* The line exactly; the column as json-glib counts it. */
  prefix = g_strdup_printf ("taphuan-cli: %s:2:", bad);
  g_assert_true (g_str_has_prefix (err, prefix));
  g_assert_true (g_regex_match_simple ("^:2:[0-9]+: ", err + strlen (prefix) - 3, 0, 0));
  g_assert_cmpuint (count_lines (err), ==, 1);

  /* A missing file. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", f->db, "import", "/nonexistent/x.json"), ==, 1);
  g_assert_true (g_str_has_prefix (err, "taphuan-cli: /nonexistent/x.json: "));
  g_assert_cmpuint (count_lines (err), ==, 1);
}

static void
test_database_errors (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  g_autofree char *garbage = g_build_filename (f->dir, "garbage.db", NULL);
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* Listing a database that does not exist does not create it. */
  g_assert_cmpint (run (NULL, &err, "--db", missing, "list", "people"), ==, 1);
  g_assert_cmpuint (count_lines (err), ==, 1);
  g_assert_nonnull (strstr (err, missing));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));

  /* A file that is not a database is named and left alone. */
  g_assert_true (g_file_set_contents (garbage, "these are not the rows you are looking for\n", -1, NULL));
  before = file_sha256 (garbage);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run (NULL, &err, "--db", garbage, "list", "courses"), ==, 1);
  g_assert_cmpuint (count_lines (err), ==, 1);
  g_assert_nonnull (strstr (err, garbage));
  after = file_sha256 (garbage);
  g_assert_cmpstr (after, ==, before);
}

static void
test_dry_run (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *fixture = fixture_path ();
  g_autofree char *out = NULL;
  g_autofree char *list = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* On a database that does not exist yet: says what it would add, and
   * creates nothing. */
  g_assert_cmpint (run (&out, NULL, "--db", f->db, "import", "--dry-run", fixture), ==, 0);
  g_assert_nonnull (strstr (out, "People: 10 added, 0 updated, 0 unchanged"));
  g_assert_false (g_file_test (f->db, G_FILE_TEST_EXISTS));

  /* On an existing one: the file stays byte-identical. */
  g_assert_cmpint (run (NULL, NULL, "--db", f->db, "list", "people"), ==, 1);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (&out, NULL, "--db", f->db, "import", "--dry-run",
                        "/nonexistent.json"), ==, 1);
  {
    /* An empty database to try against. */
    g_autofree char *empty = g_build_filename (f->dir, "empty.json", NULL);

    g_assert_true (g_file_set_contents (empty, "{\"format\": \"taphuan-bundle\", \"version\": 1}", -1, NULL));
    g_assert_cmpint (run (NULL, NULL, "--db", f->db, "import", empty), ==, 0);
  }
  before = file_sha256 (f->db);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run (&out, NULL, "--db", f->db, "import", fixture, "--dry-run"), ==, 0);
  g_assert_nonnull (strstr (out, "Dry run"));
  g_assert_nonnull (strstr (out, "Attendance marks: 35 added"));
  after = file_sha256 (f->db);
  g_assert_cmpstr (after, ==, before);

  g_assert_cmpint (run (&list, NULL, "--db", f->db, "list", "people"), ==, 0);
  g_assert_cmpstr (list, ==, "id\tfull_name\tsex\tbirth_year\torganization\n");
}

static void
test_export_import (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *all = g_build_filename (f->dir, "all.json", NULL);
  g_autofree char *one = g_build_filename (f->dir, "one.json", NULL);
  g_autofree char *other_db = g_build_filename (f->dir, "other.db", NULL);
  g_autofree char *list_before = NULL;
  g_autofree char *list_after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *courses = NULL;
  GStatBuf st;

  import_fixture (f);
  g_assert_cmpint (run (NULL, NULL, "--db", f->db, "export", all), ==, 0);
  g_assert_cmpint (g_stat (all, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Re-importing the export changes nothing. */
  g_assert_cmpint (run (&list_before, NULL, "--db", f->db, "list", "people"), ==, 0);
  g_assert_cmpint (run (&out, NULL, "--db", f->db, "import", all), ==, 0);
  g_assert_nonnull (strstr (out, "nothing to change"));
  g_assert_cmpint (run (&list_after, NULL, "--db", f->db, "list", "people"), ==, 0);
  g_assert_cmpstr (list_after, ==, list_before);

  /* One course, into another database through $TAPHUAN_DB. */
  g_assert_cmpint (run (NULL, NULL, "--db", f->db, "export", one, "--course", "LC-GBV-2026-02"), ==, 0);
  {
    g_autofree char *env_db = g_strconcat ("TAPHUAN_DB=", other_db, NULL);
    const char * const env[] = { env_db, NULL };

    g_assert_cmpint (run_env (env, NULL, NULL, "import", one, NULL), ==, 0);
    g_assert_cmpint (run_env (env, &courses, NULL, "list", "courses", NULL), ==, 0);
  }
  g_assert_cmpuint (count_lines (courses), ==, 2);
  g_assert_nonnull (strstr (courses, "\tLC-GBV-2026-02\t"));

  /* An unknown course code is the input's fault. */
  g_assert_cmpint (run (NULL, &err, "--db", f->db, "export", one, "--course", "NOPE"), ==, 1);
  g_assert_nonnull (strstr (err, "NOPE"));
  g_assert_cmpuint (count_lines (err), ==, 1);
}

/* With LANGUAGE=vi the error line is Vietnamese, once po/vi.po translates
 * it: the expected text comes from the same catalogue, so the test checks
 * that the CLI uses the translations. Skipped only when the catalogue is
 * not built. (The msgid is "Not a Taphuan bundle: expected “%s”".) */
static void
test_vietnamese_error_line (Fixture       *f,
                            gconstpointer  data)
{
  const char *localedir = g_getenv ("TAPHUAN_LOCALEDIR");
  const char *msgid = "Not a Taphuan bundle: expected “%s”";
  g_autofree char *mo = NULL;
  g_autofree char *bad = g_build_filename (f->dir, "khong-phai.json", NULL);
  g_autofree char *err = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *reason = NULL;
  const char *translated;
  const char * const env[] = { "LANGUAGE=vi", "LC_ALL=C.UTF-8", NULL };

  if (localedir == NULL)
    {
      g_test_skip ("TAPHUAN_LOCALEDIR is not set");
      return;
    }
  mo = g_build_filename (localedir, "vi", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);
  if (!g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the Vietnamese catalogue is not built");
      return;
    }

  g_setenv ("LANGUAGE", "vi", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  translated = g_dgettext (GETTEXT_PACKAGE, msgid);
  /* po/vi.po translates it: a catalogue without it is a regression. */
  g_assert_cmpstr (translated, !=, msgid);

  g_assert_true (g_file_set_contents (bad, "{\"format\": \"excel\", \"version\": 1}", -1, NULL));
  g_assert_cmpint (run_env (env, NULL, &err, "--db", f->db, "import", bad, NULL), ==, 1);
  reason = g_strdup_printf (translated, "taphuan-bundle");
  expected = g_strdup_printf ("taphuan-cli: %s: format: %s\n", bad, reason);
  g_assert_cmpstr (err, ==, expected);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/cli/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("list-people", test_list_people);
  ADD ("list-courses", test_list_courses);
  ADD ("list-search-and-json", test_list_search_and_json);
  ADD ("usage-errors", test_usage_errors);
  ADD ("help-and-version", test_help_and_version);
  ADD ("bad-file", test_bad_file);
  ADD ("database-errors", test_database_errors);
  ADD ("dry-run", test_dry_run);
  ADD ("export-import", test_export_import);
  ADD ("vietnamese-error-line", test_vietnamese_error_line);
#undef ADD

  return g_test_run ();
}
