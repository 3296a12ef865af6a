/* cli-import-csv.c: lists of people in and out of taphuan-cli
 * (docs/import.md). */
#include "config.h"

#include "cli-common.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "cli-import-csv.h"
#include "tp-export.h"
#include "tp-import.h"



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

static void
print_lines (GPtrArray  *lines,
             const char *path,
             gboolean    warning)
{
  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = g_ptr_array_index (lines, i);

      if (warning)
        /* Translators: a warning about a row of the file. */
        print_error (_("%s: warning: %s"), path, line);
      else
        print_error ("%s: %s", path, line);
    }
}

static void
print_counts (const TpImportStats *stats,
              const char          *course_code)
{
  printf (_("  New people: %u\n"), stats->n_new);
  printf (_("  Matched existing people: %u\n"), stats->n_matched);
  printf (_("  Skipped: %u\n"), stats->n_skipped);
  printf (_("  Rows with errors: %u\n"), stats->n_errors);
  if (course_code != NULL)
    printf (_("  Enrolled in %s: %u (already enrolled: %u)\n"), course_code,
            stats->n_enrolled, stats->n_already_enrolled);
}

int
cli_import_people (TpDb       *db,
                   const char *path,
                   gboolean    dry_run,
                   const char *course_code,
                   gboolean    skip_invalid)
{
  g_autoptr(TpImport) import = NULL;
  g_autoptr(TpImportStats) stats = tp_import_stats_new ();
  g_autoptr(GError) error = NULL;
  TpImportOptions options = { 0 };
  GPtrArray *notes;
  GPtrArray *unrecognised;
  gboolean ok;

  import = tp_import_new_from_file (db, path, &error);
  if (import == NULL)
    {
      print_error ("%s", error->message);
      return EXIT_DATA;
    }

  notes = tp_import_get_notes (import);
  for (guint i = 0; i < notes->len; i++)
    printf ("%s: %s\n", path, (const char *) g_ptr_array_index (notes, i));
  unrecognised = tp_import_get_unrecognised (import);
  if (unrecognised->len > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < unrecognised->len; i++)
        g_string_append_printf (list, "%s%s", i > 0 ? "; " : "",
                                (const char *) g_ptr_array_index (unrecognised, i));
      printf (_("%s: columns not imported (not recognised): %s\n"), path, list->str);
    }

  options.dry_run = dry_run;
  options.skip_invalid = skip_invalid;
  options.course_code = course_code;
  ok = tp_import_apply (import, &options, stats, &error);

  print_lines (stats->warnings, path, TRUE);
  print_lines (stats->errors, path, FALSE);
  if (!ok)
    {
      print_error ("%s", error->message);
      if (stats->n_errors > 0)
        print_error (_("Correct the rows above, or run again with --skip-invalid to import the other rows."));
      print_counts (stats, course_code);
      return EXIT_DATA;
    }

  if (dry_run)
    printf (_("Dry run, nothing was saved. Importing %s would give:\n"), path);
  else
    printf (_("Imported %s:\n"), path);
  print_counts (stats, course_code);
  if (stats->batch_id != NULL)
    printf (_("Change batch: %s (undo it as a whole from the History)\n"), stats->batch_id);
  return EXIT_OK;
}

int
cli_export_csv (const char  *db_path,
                int          argc,
                char       **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autofree char *course = NULL;
  g_autofree char *output = NULL;
  g_auto(GStrv) args = g_new0 (char *, argc + 2);
  const GOptionEntry entries[] = {
    { "course", 'c', 0, G_OPTION_ARG_STRING, &course,
      N_("The course (roster and attendance)"), N_("CODE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The file to write"), N_("FILE") },
    { NULL }
  };
  TpExportKind kind;

  args[0] = g_strdup (PROGRAM);
  for (int i = 0; i < argc; i++)
    args[i + 1] = g_strdup (argv[i]);

  context = g_option_context_new ("export-csv people|roster|attendance");
  g_option_context_set_summary (context, _("Export people, a course roster or its attendance as a spreadsheet (CSV)"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      print_error ("%s", error->message);
      return EXIT_USAGE;
    }
  /* args: program, "export-csv", what */
  if (g_strv_length (args) != 3 || !tp_export_kind_from_string (args[2], &kind))
    {
      print_error (_("Say what to export: people, roster or attendance."));
      fprintf (stderr, _("Usage: %s [--db FILE] %s\n"), PROGRAM,
               "export-csv people|roster|attendance [--course CODE] -o FILE.csv");
      return EXIT_USAGE;
    }
  if (output == NULL)
    {
      print_error (_("Give the file to write with -o FILE.csv."));
      return EXIT_USAGE;
    }
  if (kind != TP_EXPORT_PEOPLE && course == NULL)
    {
      print_error (_("A roster or an attendance sheet needs --course CODE."));
      return EXIT_USAGE;
    }

  db = tp_db_open_existing (db_path, &error);
  if (db == NULL || !tp_export_csv_file (db, kind, course, output, &error))
    {
      print_error ("%s", error->message);
      return EXIT_DATA;
    }
  printf (_("Wrote %s. It holds personal data: keep it private.\n"), output);
  return EXIT_OK;
}

int
cli_export_anonymised (TpDb               *db,
                       const char         *path,
                       const char * const *course_codes)
{
  g_autoptr(GError) error = NULL;

  if (!tp_export_anonymised_file (db, course_codes, path, &error))
    {
      print_error ("%s", error->message);
      return EXIT_DATA;
    }
  printf (_("Wrote %s: anonymised, no names, id numbers, phones or e-mails.\n"), path);
  return EXIT_OK;
}

gboolean
cli_export_record_bundle (TpDb               *db,
                          const char         *path,
                          const char * const *course_codes,
                          GError            **error)
{
  return tp_export_record (db, "bundle", path, TRUE, course_codes, error);
}
