/* cli-report.c: the training report from the command line.
 *
 *   taphuan-cli report [--year YYYY | --from DATE --to DATE] [--province CODE]
 *                      [--type TYPE] [--format json|csv|pdf] -o OUT
 *
 * --year is the reporting year ending in YYYY (setting report.year_start);
 * without a period, the reporting year that contains today. The format
 * comes from --format, else from the extension of OUT, else JSON. OUT "-"
 * writes JSON or CSV to standard output.
 */
#include "config.h"

#include "cli-common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli-report.h"
#include "tp-report.h"

#define SYNOPSIS "[--year YYYY | --from DATE --to DATE] [--province CODE] [--type TYPE] [--format json|csv|pdf] -o OUT"



G_GNUC_PRINTF (1, 2)
static int
usage_error (const char *format,
             ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "%s: %s\n", PROGRAM, text);
  fprintf (stderr, _("Usage: %s [--db FILE] report %s\n"), PROGRAM, SYNOPSIS);
  return EXIT_USAGE;
}

static gboolean
parse_year (const char *text,
            int        *year)
{
  char *end = NULL;
  gint64 value;

  if (text == NULL || strlen (text) != 4)
    return FALSE;
  value = g_ascii_strtoll (text, &end, 10);
  if (end == NULL || *end != '\0' || value < 1901 || value > 9998)
    return FALSE;
  *year = (int) value;
  return TRUE;
}

/* The reporting year that contains today. */
static gboolean
current_period (TpDb     *db,
                char    **from,
                char    **to,
                GError  **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  int year = g_date_time_get_year (now);

  if (!tp_report_reporting_year (db, year, from, to, error))
    return FALSE;
  if (strcmp (today, *to) > 0)
    {
      g_clear_pointer (from, g_free);
      g_clear_pointer (to, g_free);
      return tp_report_reporting_year (db, year + 1, from, to, error);
    }
  return TRUE;
}

int
cli_report (const char  *db_path,
            int          argc,
            char       **argv)
{
  g_autofree char *year_text = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *province = NULL;
  g_autofree char *type = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "year", 'y', 0, G_OPTION_ARG_STRING, &year_text,
      N_("The reporting year ending in YYYY (see the setting report.year_start)"), N_("YYYY") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day of the period (YYYY-MM-DD)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day of the period (YYYY-MM-DD)"), N_("DATE") },
    { "province", 'p', 0, G_OPTION_ARG_STRING, &province, N_("Only the courses held in this province"), N_("CODE") },
    { "type", 't', 0, G_OPTION_ARG_STRING, &type, N_("Only the courses of this type"), N_("TYPE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output format: json, csv or pdf"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write (“-” for standard output)"), N_("OUT") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(TpReport) report = NULL;
  g_auto(GStrv) args = g_new0 (char *, argc + 2);
  TpReportQuery query = { 0 };
  int year = 0;

  args[0] = g_strdup (PROGRAM);
  for (int i = 0; i < argc; i++)
    args[i + 1] = g_strdup (argv[i]);
  context = g_option_context_new ("report " SYNOPSIS);
  g_option_context_set_summary (context, _("Write the report of the training held in a period: women and men, ethnic minorities, target groups, trainers, budget."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse_strv (context, &args, &error))
    return usage_error ("%s", error->message);
  /* args: program, "report", then anything not an option. */
  if (g_strv_length (args) > 2)
    return usage_error (_("Unexpected argument “%s”."), args[2]);

  if (year_text != NULL && (from != NULL || to != NULL))
    return usage_error (_("Give either --year or --from and --to, not both."));
  if ((from == NULL) != (to == NULL))
    return usage_error (_("--from and --to go together."));
  if (year_text != NULL && !parse_year (year_text, &year))
    return usage_error (_("--year needs a year of four digits, such as 2026, not “%s”."), year_text);
  if (output == NULL)
    return usage_error (_("Say where to write the report with -o FILE (or -o - for standard output)."));

  if (format == NULL)
    {
      if (g_str_has_suffix (output, ".csv") || g_str_has_suffix (output, ".CSV"))
        format = g_strdup ("csv");
      else if (g_str_has_suffix (output, ".pdf") || g_str_has_suffix (output, ".PDF"))
        format = g_strdup ("pdf");
      else
        format = g_strdup ("json");
    }
  if (!g_str_equal (format, "json") && !g_str_equal (format, "csv") && !g_str_equal (format, "pdf"))
    return usage_error (_("Unknown format “%s”; expected json, csv or pdf."), format);
  if (g_str_equal (output, "-") && g_str_equal (format, "pdf"))
    return usage_error (_("A PDF cannot go to standard output; give a file name with -o."));

  db = cli_open_existing (db_path);
  if (db == NULL)
    return EXIT_DATA;

  if (year != 0)
    {
      if (!tp_report_reporting_year (db, year, &query.from, &query.to, &error))
        return cli_data_error ("%s", error->message);
    }
  else if (from != NULL)
    {
      query.from = g_strdup (from);
      query.to = g_strdup (to);
    }
  else if (!current_period (db, &query.from, &query.to, &error))
    return cli_data_error ("%s", error->message);
  query.province_code = province;
  query.course_type = type;

  report = tp_report_compute (db, &query, &error);
  g_free (query.from);
  g_free (query.to);
  if (report == NULL)
    return cli_data_error ("%s", error->message);

  if (g_str_equal (output, "-"))
    {
      g_autofree char *text = g_str_equal (format, "csv") ? tp_report_to_csv (report)
                                                          : tp_report_to_json (report);

      fputs (text, stdout);
      return EXIT_OK;
    }
  if (!tp_report_write_file (report, format, output, &error))
    return cli_data_error ("%s", error->message);
  printf (_("Report for %s to %s written to %s\n"), tp_report_get_from (report),
          tp_report_get_to (report), output);
  return EXIT_OK;
}
