/* cli-print.c: the course documents as PDF from the command line.
 *
 *   taphuan-cli print signin|attendance|roster|receipts --course CODE
 *                     [--date YYYY-MM-DD] -o OUT.pdf
 *
 * signin without --date writes one sheet per course day, in order, into
 * one PDF. The pages are the ones the print dialog gives (tp-render).
 */
#include "config.h"

#include "cli-common.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli-print.h"
#include "tp-render.h"
#include "tp-store.h"

#define SYNOPSIS "signin|attendance|roster|receipts --course CODE [--date YYYY-MM-DD] -o OUT.pdf"



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
  fprintf (stderr, _("Usage: %s [--db FILE] print %s\n"), PROGRAM, SYNOPSIS);
  return EXIT_USAGE;
}

static const struct {
  const char     *name;
  TpDocumentKind  kind;
} documents[] = {
  { "signin", TP_DOCUMENT_SIGNIN },
  { "attendance", TP_DOCUMENT_ATTENDANCE },
  { "roster", TP_DOCUMENT_ROSTER },
  { "receipts", TP_DOCUMENT_RECEIPTS },
};

int
cli_print (const char  *db_path,
           int          argc,
           char       **argv)
{
  g_autofree char *code = NULL;
  g_autofree char *date = NULL;
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "course", 'c', 0, G_OPTION_ARG_STRING, &code, N_("The code of the course"), N_("CODE") },
    { "date", 'd', 0, G_OPTION_ARG_STRING, &date,
      N_("Sign-in sheet: only this course day (default: one sheet per day)"), N_("YYYY-MM-DD") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PDF file to write"), N_("OUT.pdf") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(TpCourse) course = NULL;
  g_autoptr(TpDocument) doc = NULL;
  g_auto(GStrv) args = g_new0 (char *, argc + 2);
  TpDocumentOptions options;
  gboolean found = FALSE;
  TpDocumentKind kind = TP_DOCUMENT_SIGNIN;

  args[0] = g_strdup (PROGRAM);
  for (int i = 0; i < argc; i++)
    args[i + 1] = g_strdup (argv[i]);
  context = g_option_context_new ("print " SYNOPSIS);
  g_option_context_set_summary (context, _("Write a course's sign-in sheets, attendance summary, roster or allowance receipt list as an A4 PDF."));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse_strv (context, &args, &error))
    return usage_error ("%s", error->message);

  /* args: program, "print", the document, then nothing else. */
  if (g_strv_length (args) < 3)
    return usage_error (_("Say which document to print: signin, attendance, roster or receipts."));
  if (g_strv_length (args) > 3)
    return usage_error (_("Unexpected argument “%s”."), args[3]);
  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    if (g_str_equal (args[2], documents[i].name))
      {
        kind = documents[i].kind;
        found = TRUE;
      }
  if (!found)
    return usage_error (_("Unknown document “%s”; expected signin, attendance, roster or receipts."), args[2]);
  if (code == NULL)
    return usage_error (_("Say which course with --course CODE."));
  if (output == NULL)
    return usage_error (_("Say where to write the PDF with -o FILE.pdf."));
  if (date != NULL && kind != TP_DOCUMENT_SIGNIN)
    return usage_error (_("--date only applies to the sign-in sheet."));

  db = cli_open_existing (db_path);
  if (db == NULL)
    return EXIT_DATA;

  course = tp_store_get_course_by_code (db, code, &error);
  if (course == NULL)
    return cli_data_error ("%s", error->message);

  tp_document_options_init (&options);
  options.date = date;
  doc = tp_document_new (db, kind, course->id, &options, &error);
  if (doc == NULL)
    return cli_data_error ("%s", error->message);
  if (!tp_render_to_pdf (doc, output, &error))
    return cli_data_error ("%s", error->message);
  return EXIT_OK;
}
