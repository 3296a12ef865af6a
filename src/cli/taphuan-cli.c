/* taphuan-cli.c: Taphuan's command-line tool (docs/cli.md).
 *
 *   taphuan-cli [--db FILE] COMMAND [ARGS...]
 *
 * Each command is one function in the table below, parsing its own options
 * with a GOptionContext; adding a command is adding a row. Exit status: 0 on
 * success, 1 when the input or the database is at fault (one translated
 * line on stderr), 2 for usage errors (with a usage line).
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "cli-certificates.h"
#include "cli-data.h"
#include "cli-print.h"
#include "cli-import-csv.h"
#include "cli-report.h"
#include "tp-bundle.h"
#include "tp-db.h"
#include "tp-model.h"
#include "tp-store.h"

enum {
  EXIT_OK = 0,
  EXIT_DATA = 1,    /* the input or the database is at fault */
  EXIT_USAGE = 2,
};

#define PROGRAM "taphuan-cli"

typedef struct {
  char *db_path;    /* --db, else tp_db_default_path () */
  const char *import_course;    /* import --course */
  gboolean import_skip_invalid; /* import --skip-invalid */
} Cli;

static void
cli_clear (Cli *cli)
{
  g_clear_pointer (&cli->db_path, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Cli, cli_clear)

typedef int (*CommandFunc) (Cli   *cli,
                            int    argc,
                            char **argv);

typedef struct {
  const char  *name;
  const char  *synopsis;  /* arguments, untranslated (they are typed as is) */
  const char  *summary;   /* N_() */
  CommandFunc  func;
} Command;

static int cmd_import (Cli *cli, int argc, char **argv);
static int cmd_export (Cli *cli, int argc, char **argv);
static int cmd_list   (Cli *cli, int argc, char **argv);
static int cmd_print  (Cli *cli, int argc, char **argv);
static int cmd_export_csv (Cli *cli, int argc, char **argv);
static int cmd_certificates (Cli *cli, int argc, char **argv);
static int cmd_data   (Cli *cli, int argc, char **argv);
static int cmd_report (Cli *cli, int argc, char **argv);

static const Command commands[] = {
  { "import", "FILE [--dry-run] [--course CODE] [--skip-invalid]",
    N_("Import an exchange bundle (.json), merging by id, or a list of people (.csv, .tsv)"), cmd_import },
  { "export", "FILE.json [--course CODE]... [--from YYYY-MM-DD --to YYYY-MM-DD] [--anonymised]",
    N_("Export everything, or the given courses or those starting in a date range, as a bundle"), cmd_export },
  { "export-csv", "people|roster|attendance [--course CODE] -o FILE.csv",
    N_("Export people, a course roster or its attendance as a spreadsheet (CSV)"), cmd_export_csv },
  { "list", "people|courses [--search TEXT] [--format tsv|json]",
    N_("List people (in Vietnamese name order) or courses"), cmd_list },
  { "print", "signin|attendance|roster|receipts --course CODE [--date YYYY-MM-DD] -o OUT.pdf",
    N_("Write a course's sign-in sheets, attendance summary, roster or allowance receipt list as PDF"), cmd_print },
  { "certificates", "issue|print|verify|register|revoke|reissue|make-trainer|cascade ...",
    N_("Issue, print, verify and revoke certificates; the register"), cmd_certificates },
  { "backup", "[-o FILE]",
    N_("Back up the database now (to the backup folder, or to FILE)"), cmd_data },
  { "backups", "",
    N_("List the backups and what each holds"), cmd_data },
  { "restore", "FILE",
    N_("Replace the database with a backup, keeping the current one"), cmd_data },
  { "check", "",
    N_("Check the whole database for damage"), cmd_data },
  { "history", "person|course ID | revert SEQ",
    N_("Show what changed, when and by whom; undo one change"), cmd_data },
  { "person", "export ID -o FILE.json|FILE.pdf | anonymise ID | delete ID --yes",
    N_("Export everything about a person, anonymise or delete them"), cmd_data },
  { "retention", "[--years N] [--apply]",
    N_("List, or anonymise, people whose last course ended N years ago"), cmd_data },
  { "processing-record", "-o FILE.pdf",
    N_("Write the record of processing of personal data"), cmd_data },
  { "report", "[--year YYYY | --from DATE --to DATE] [--province CODE] [--type TYPE] [--format json|csv|pdf] -o OUT",
    N_("Write the training report (women and men, ethnic minorities, budget) as JSON, CSV or PDF"), cmd_report },
};

/* ---- messages ---------------------------------------------------------- */

/* Messages and data are UTF-8 whatever the locale: the output goes to
 * files, pipes and UTF-8 terminals. */
G_GNUC_PRINTF (1, 2)
static void
print_error (const char *format,
             ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "%s: %s\n", PROGRAM, text);
}

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

static void
print_usage_line (const Command *command)
{
  if (command != NULL)
    fprintf (stderr, _("Usage: %s [--db FILE] %s %s\n"), PROGRAM, command->name,
             command->synopsis);
  else
    fprintf (stderr, _("Usage: %s [--db FILE] COMMAND [ARGS...]\n"), PROGRAM);
}

G_GNUC_PRINTF (2, 3)
static int
usage_error (const Command *command,
             const char    *format,
             ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "%s: %s\n", PROGRAM, text);
  print_usage_line (command);
  if (command == NULL)
    fprintf (stderr, _("Run “%s --help” for the list of commands.\n"), PROGRAM);
  return EXIT_USAGE;
}

static void
print_help (void)
{
  printf (_("Usage: %s [--db FILE] COMMAND [ARGS...]\n"), PROGRAM);
  printf ("\n%s\n\n", _("Keep Taphuan's register of people and courses from the command line."));
  printf ("%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *line = g_strdup_printf ("%s %s", commands[i].name,
                                               commands[i].synopsis);
      printf ("  %s\n      %s\n", line, _(commands[i].summary));
    }
  printf ("\n%s\n", _("Options:"));
  printf ("  --db FILE    %s\n", _("The database file (default: $TAPHUAN_DB, else the user's data folder)"));
  printf ("  --version    %s\n", _("Print the version and exit"));
  printf ("  -h, --help   %s\n", _("Print this help and exit"));
  printf ("\n%s\n", _("Exit status: 0 on success, 1 when the input or the database is at fault, 2 for usage errors."));
}

/* Parses a command's options; argv[0] is the command name. Leaves the
 * positional arguments in @argv_out. */
static gboolean
parse_command_options (const Command  *command,
                       const GOptionEntry *entries,
                       int             argc,
                       char          **argv,
                       char         ***argv_out,
                       int            *exit_code)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parameter = g_strdup_printf ("%s %s", command->name, command->synopsis);
  g_auto(GStrv) args = g_new0 (char *, argc + 2);

  /* GOptionContext wants a program name first. */
  args[0] = g_strdup (PROGRAM);
  for (int i = 0; i < argc; i++)
    args[i + 1] = g_strdup (argv[i]);

  context = g_option_context_new (parameter);
  g_option_context_set_summary (context, _(command->summary));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse_strv (context, &args, &error))
    {
      *exit_code = usage_error (command, "%s", error->message);
      return FALSE;
    }

  /* Drop the program name and the command name. */
  {
    GStrvBuilder *builder = g_strv_builder_new ();

    for (guint i = 2; args[i] != NULL; i++)
      g_strv_builder_add (builder, args[i]);
    *argv_out = g_strv_builder_end (builder);
    g_strv_builder_unref (builder);
  }
  return TRUE;
}

static TpDb *
open_db (Cli      *cli,
         gboolean  create)
{
  g_autoptr(GError) error = NULL;
  TpDb *db;

  db = create ? tp_db_open (cli->db_path, &error) : tp_db_open_existing (cli->db_path, &error);
  if (db == NULL)
    print_error ("%s", error->message);
  return db;
}

/* ---- import ------------------------------------------------------------ */

/* Removes a temporary folder holding only files. */
static void
remove_tree (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir_path);
}

typedef int (*ImporterFunc) (Cli        *cli,
                             TpDb       *db,
                             const char *path,
                             gboolean    dry_run);

static int import_bundle (Cli *cli, TpDb *db, const char *path, gboolean dry_run);
static int import_people (Cli *cli, TpDb *db, const char *path, gboolean dry_run);

/* By file name suffix; the first row is the default. The people-list
 * importer adds ".csv" and ".tsv" here. */
static const struct {
  const char   *suffix;
  ImporterFunc  func;
} importers[] = {
  { ".json", import_bundle },
  { ".csv", import_people },
  { ".tsv", import_people },
};

static int
import_people (Cli        *cli,
               TpDb       *db,
               const char *path,
               gboolean    dry_run)
{
  return cli_import_people (db, path, dry_run, cli->import_course, cli->import_skip_invalid);
}

static int
cmd_export_csv (Cli   *cli,
                int    argc,
                char **argv)
{
  return cli_export_csv (cli->db_path, argc, argv);
}

static void
print_stats (const TpBundleStats *stats)
{
  for (guint kind = 0; kind < TP_BUNDLE_N_KINDS; kind++)
    {
      const TpBundleCounts *c = &stats->counts[kind];

      if (c->added + c->updated + c->unchanged + c->conflicts == 0)
        continue;
      /* Translators: "People: 10 added, 2 updated, 0 unchanged". */
      printf (_("  %s: %u added, %u updated, %u unchanged\n"),
              tp_bundle_kind_label (kind), c->added, c->updated, c->unchanged);
      if (c->conflicts > 0)
        /* Translators: "People: 2 kept because the database's copy is
         * newer"; follows the line above. */
        printf (_("  %s: %u kept because the database’s copy is newer (see the warnings)\n"),
                tp_bundle_kind_label (kind), c->conflicts);
    }
}

static int
import_bundle (Cli        *cli,
               TpDb       *db,
               const char *path,
               gboolean    dry_run)
{
  g_autoptr(TpBundleStats) stats = tp_bundle_stats_new ();
  g_autoptr(GError) error = NULL;
  guint n_changes, n_conflicts = 0;

  if (!tp_bundle_import_file (db, path, dry_run, stats, &error))
    {
      print_error ("%s", error->message);
      return EXIT_DATA;
    }

  for (guint i = 0; i < stats->warnings->len; i++)
    /* Translators: a warning about the file; the second %s names the JSON
     * path and the problem. */
    print_error (_("%s: warning: %s"), path, (const char *) g_ptr_array_index (stats->warnings, i));

  n_changes = tp_bundle_stats_n_changes (stats);
  for (guint kind = 0; kind < TP_BUNDLE_N_KINDS; kind++)
    n_conflicts += stats->counts[kind].conflicts;
  if (dry_run)
    {
      if (n_changes == 0 && n_conflicts == 0)
        printf (_("Dry run: importing %s would change nothing.\n"), path);
      else
        printf (_("Dry run, nothing was saved. Importing %s would make these changes:\n"), path);
    }
  else if (n_changes == 0 && n_conflicts == 0)
    printf (_("Imported %s: nothing to change, the database already holds this data.\n"), path);
  else if (n_changes == 0)
    printf (_("Imported %s: nothing changed, the database holds newer copies of some records:\n"), path);
  else
    printf (_("Imported %s:\n"), path);

  print_stats (stats);
  if (stats->batch_id != NULL)
    printf (_("Change batch: %s\n"), stats->batch_id);
  return EXIT_OK;
}

static int
cmd_import (Cli   *cli,
            int    argc,
            char **argv)
{
  const Command *command = find_command ("import");
  gboolean dry_run = FALSE;
  g_autofree char *course = NULL;
  const GOptionEntry entries[] = {
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Check the file and say what would change, without saving"), NULL },
    { "course", 'c', 0, G_OPTION_ARG_STRING, &course,
      N_("Lists of people: enrol everyone in the course with this code"), N_("CODE") },
    { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &cli->import_skip_invalid,
      N_("Lists of people: import the valid rows and skip the rows with errors"), NULL },
    { NULL }
  };
  g_auto(GStrv) args = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autofree char *lower = NULL;
  ImporterFunc importer = importers[0].func;
  int exit_code;

  if (!parse_command_options (command, entries, argc, argv, &args, &exit_code))
    return exit_code;
  if (g_strv_length (args) == 0)
    return usage_error (command, _("No file to import."));
  if (g_strv_length (args) > 1)
    return usage_error (command, _("Only one file can be imported at a time."));

  lower = g_ascii_strdown (args[0], -1);
  for (guint i = 0; i < G_N_ELEMENTS (importers); i++)
    if (g_str_has_suffix (lower, importers[i].suffix))
      importer = importers[i].func;
  cli->import_course = course;

  /* A dry run creates no database: it tries the file on an empty one in a
   * temporary folder instead. */
  if (dry_run && !g_file_test (cli->db_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *tmp_dir = g_dir_make_tmp ("taphuan-dry-run-XXXXXX", &error);
      g_autofree char *tmp_db = NULL;
      Cli tmp_cli = { 0 };

      if (tmp_dir == NULL)
        {
          print_error ("%s", error->message);
          return EXIT_DATA;
        }
      tmp_db = g_build_filename (tmp_dir, "dry-run.db", NULL);
      tmp_cli.db_path = tmp_db;
      db = open_db (&tmp_cli, TRUE);
      exit_code = db != NULL ? importer (cli, db, args[0], dry_run) : EXIT_DATA;
      g_clear_object (&db);
      remove_tree (tmp_dir);
      return exit_code;
    }

  db = open_db (cli, TRUE);
  if (db == NULL)
    return EXIT_DATA;
  return importer (cli, db, args[0], dry_run);
}

/* ---- export ------------------------------------------------------------ */

static int
cmd_export (Cli   *cli,
            int    argc,
            char **argv)
{
  const Command *command = find_command ("export");
  g_auto(GStrv) codes = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  gboolean anonymised = FALSE;
  const GOptionEntry entries[] = {
    { "course", 'c', 0, G_OPTION_ARG_STRING_ARRAY, &codes,
      N_("Export only the course with this code (repeatable)"), N_("CODE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      N_("With --to: export the courses starting from this day (YYYY-MM-DD)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      N_("With --from: export the courses starting up to this day, included (YYYY-MM-DD)"), N_("DATE") },
    { "anonymised", 'a', 0, G_OPTION_ARG_NONE, &anonymised,
      N_("For upward reporting: no names, ids, phones or e-mails; birth year, sex, ethnicity, target group and course kept"), NULL },
    { NULL }
  };
  g_auto(GStrv) args = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(GError) error = NULL;
  int exit_code;

  if (!parse_command_options (command, entries, argc, argv, &args, &exit_code))
    return exit_code;
  if (g_strv_length (args) != 1)
    return usage_error (command, _("Give exactly one file to write."));
  if ((from == NULL) != (to == NULL))
    return usage_error (command, _("--from and --to go together."));
  for (guint i = 0; from != NULL && i < 2; i++)
    {
      const char *option = i == 0 ? "--from" : "--to";
      g_autofree char *problem = tp_check_date (i == 0 ? from : to);

      if (problem != NULL)
        {
          print_error ("%s: %s", option, problem);
          return EXIT_DATA;
        }
    }

  db = open_db (cli, FALSE);
  if (db == NULL)
    return EXIT_DATA;

  /* A date range adds the courses starting in it to those named by code;
   * the anonymised export and the export record take the codes. */
  if (from != NULL)
    {
      g_auto(GStrv) in_range = tp_bundle_course_codes_between (db, from, to, &error);
      g_autoptr(GStrvBuilder) all = g_strv_builder_new ();

      if (in_range == NULL)
        {
          print_error ("%s", error->message);
          return EXIT_DATA;
        }
      if (in_range[0] == NULL)
        {
          print_error (_("No course starts between %s and %s."), from, to);
          return EXIT_DATA;
        }
      if (codes != NULL)
        g_strv_builder_addv (all, (const char **) codes);
      for (guint i = 0; in_range[i] != NULL; i++)
        if (codes == NULL || !g_strv_contains ((const char * const *) codes, in_range[i]))
          g_strv_builder_add (all, in_range[i]);
      g_strfreev (codes);
      codes = g_strv_builder_end (all);
    }

  if (anonymised)
    return cli_export_anonymised (db, args[0], (const char * const *) codes);
  if (!tp_bundle_export_file (db, args[0], (const char * const *) codes, &error) ||
      !cli_export_record_bundle (db, args[0], (const char * const *) codes, &error))
    {
      print_error ("%s", error->message);
      return EXIT_DATA;
    }
  return EXIT_OK;
}

/* ---- list -------------------------------------------------------------- */

typedef enum {
  FORMAT_TSV,
  FORMAT_JSON,
} ListFormat;

/* One TSV field: tabs and line breaks inside values become spaces. */
static void
put_field (GString    *out,
           const char *value,
           gboolean    last)
{
  for (const char *p = value ? value : ""; *p != '\0'; p++)
    g_string_append_c (out, (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p);
  g_string_append_c (out, last ? '\n' : '\t');
}

static void
write_out (GString *out)
{
  fwrite (out->str, 1, out->len, stdout);
}

static void
write_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

static void
json_add_string (JsonBuilder *builder,
                 const char  *key,
                 const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static int
list_people (TpDb       *db,
             const char *search,
             ListFormat  format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) people = tp_store_list_people (db, search, 0, &error);

  if (people == NULL)
    {
      print_error ("%s", error->message);
      return EXIT_DATA;
    }

  if (format == FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < people->len; i++)
        {
          TpPerson *p = g_ptr_array_index (people, i);

          json_builder_begin_object (builder);
          json_add_string (builder, "id", p->id);
          json_add_string (builder, "full_name", p->full_name);
          json_add_string (builder, "sex", tp_sex_to_string (p->sex));
          json_builder_set_member_name (builder, "birth_year");
          if (p->birth_year > 0)
            json_builder_add_int_value (builder, p->birth_year);
          else
            json_builder_add_null_value (builder);
          json_add_string (builder, "organization", p->organization);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      write_json (builder);
    }
  else
    {
      g_autoptr(GString) out = g_string_new ("id\tfull_name\tsex\tbirth_year\torganization\n");

      for (guint i = 0; i < people->len; i++)
        {
          TpPerson *p = g_ptr_array_index (people, i);
          g_autofree char *year = p->birth_year > 0 ? g_strdup_printf ("%d", p->birth_year) : NULL;

          put_field (out, p->id, FALSE);
          put_field (out, p->full_name, FALSE);
          put_field (out, tp_sex_to_string (p->sex), FALSE);
          put_field (out, year, FALSE);
          put_field (out, p->organization, TRUE);
        }
      write_out (out);
    }
  return EXIT_OK;
}

static int
list_courses (TpDb       *db,
              const char *search,
              ListFormat  format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) courses = tp_store_list_courses (db, search, &error);

  if (courses == NULL)
    {
      print_error ("%s", error->message);
      return EXIT_DATA;
    }

  if (format == FORMAT_JSON)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < courses->len; i++)
        {
          TpCourse *c = g_ptr_array_index (courses, i);

          json_builder_begin_object (builder);
          json_add_string (builder, "id", c->id);
          json_add_string (builder, "code", c->code);
          json_add_string (builder, "title", c->title);
          json_add_string (builder, "start_date", c->start_date);
          json_add_string (builder, "end_date", c->end_date);
          json_add_string (builder, "status", tp_course_status_to_string (c->status));
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      write_json (builder);
    }
  else
    {
      g_autoptr(GString) out = g_string_new ("id\tcode\ttitle\tstart_date\tend_date\tstatus\n");

      for (guint i = 0; i < courses->len; i++)
        {
          TpCourse *c = g_ptr_array_index (courses, i);

          put_field (out, c->id, FALSE);
          put_field (out, c->code, FALSE);
          put_field (out, c->title, FALSE);
          put_field (out, c->start_date, FALSE);
          put_field (out, c->end_date, FALSE);
          put_field (out, tp_course_status_to_string (c->status), TRUE);
        }
      write_out (out);
    }
  return EXIT_OK;
}

static int
cmd_list (Cli   *cli,
          int    argc,
          char **argv)
{
  const Command *command = find_command ("list");
  g_autofree char *search = NULL;
  g_autofree char *format_name = NULL;
  const GOptionEntry entries[] = {
    { "search", 's', 0, G_OPTION_ARG_STRING, &search,
      N_("Only records matching TEXT (marks and case ignored)"), N_("TEXT") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("Output format: tsv (default) or json"), N_("FORMAT") },
    { NULL }
  };
  g_auto(GStrv) args = NULL;
  g_autoptr(TpDb) db = NULL;
  ListFormat format = FORMAT_TSV;
  int exit_code;

  if (!parse_command_options (command, entries, argc, argv, &args, &exit_code))
    return exit_code;

  if (format_name == NULL || g_str_equal (format_name, "tsv"))
    format = FORMAT_TSV;
  else if (g_str_equal (format_name, "json"))
    format = FORMAT_JSON;
  else
    return usage_error (command, _("Unknown format “%s”; expected tsv or json."), format_name);

  if (g_strv_length (args) != 1 ||
      (!g_str_equal (args[0], "people") && !g_str_equal (args[0], "courses")))
    return usage_error (command, _("Say what to list: people or courses."));

  db = open_db (cli, FALSE);
  if (db == NULL)
    return EXIT_DATA;

  if (g_str_equal (args[0], "people"))
    return list_people (db, search, format);
  return list_courses (db, search, format);
}

/* ---- certificates (cli-certificates.c) --------------------------------- */

static int
cmd_certificates (Cli   *cli,
                  int    argc,
                  char **argv)
{
  return cli_certificates (cli->db_path, argc, argv);
}

/* ---- printing (cli-print.c) -------------------------------------------- */

static int
cmd_print (Cli   *cli,
           int    argc,
           char **argv)
{
  return cli_print (cli->db_path, argc, argv);
}

/* ---- data safety and privacy (cli-data.c) ------------------------------ */

static int
cmd_data (Cli   *cli,
          int    argc,
          char **argv)
{
  return cli_data (cli->db_path, argc, argv);
}

static int
cmd_report (Cli   *cli,
            int    argc,
            char **argv)
{
  return cli_report (cli->db_path, argc, argv);
}

/* ---- main -------------------------------------------------------------- */

int
main (int    argc,
      char **argv)
{
  g_auto(Cli) cli = { 0 };
  const char *localedir;
  const Command *command;
  int i, status;

  setlocale (LC_ALL, "");
  /* TAPHUAN_LOCALEDIR lets the tests use the translations built in the
   * build tree. */
  localedir = g_getenv ("TAPHUAN_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname (PROGRAM);

  /* Global options come before the command. */
  for (i = 1; i < argc && argv[i][0] == '-'; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_help ();
          return EXIT_OK;
        }
      else if (g_str_equal (arg, "--version"))
        {
          printf ("%s %s\n", PROGRAM, PACKAGE_VERSION);
          return EXIT_OK;
        }
      else if (g_str_equal (arg, "--db"))
        {
          if (i + 1 >= argc || argv[i + 1][0] == '\0')
            return usage_error (NULL, _("--db needs a file name."));
          g_free (cli.db_path);
          cli.db_path = g_strdup (argv[++i]);
        }
      else if (g_str_has_prefix (arg, "--db="))
        {
          if (arg[5] == '\0')
            return usage_error (NULL, _("--db needs a file name."));
          g_free (cli.db_path);
          cli.db_path = g_strdup (arg + 5);
        }
      else
        return usage_error (NULL, _("Unknown option “%s”."), arg);
    }

  if (i >= argc)
    return usage_error (NULL, _("No command given."));

  command = find_command (argv[i]);
  if (command == NULL)
    return usage_error (NULL, _("Unknown command “%s”."), argv[i]);

  if (cli.db_path == NULL)
    cli.db_path = tp_db_default_path ();

  status = command->func (&cli, argc - i, argv + i);
  fflush (stdout);
  return status;
}
