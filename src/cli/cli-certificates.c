/* cli-certificates.c: issuing, printing, verifying, revoking and listing
 * certificates from the command line.
 *
 *   taphuan-cli certificates issue --course CODE [--date YYYY-MM-DD] [--serial-start SERIAL]
 *   taphuan-cli certificates print --course CODE -o OUT.pdf [--all]
 *   taphuan-cli certificates verify CODE
 *   taphuan-cli certificates register [-o FILE.csv|FILE.pdf] [--course CODE]
 *   taphuan-cli certificates revoke NUMBER --reason TEXT
 *   taphuan-cli certificates reissue NUMBER --reason TEXT [--date YYYY-MM-DD]
 *   taphuan-cli certificates make-trainer NUMBER
 *   taphuan-cli certificates cascade (--course CODE | --trainer NUMBER)
 */
#include "config.h"

#include "cli-common.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli-certificates.h"
#include "tp-certificates.h"
#include "tp-doc-certificate.h"
#include "tp-format.h"
#include "tp-store.h"



typedef struct {
  const char *name;
  const char *synopsis;
  const char *summary;  /* N_() */
  int (*func) (const char *db_path, int argc, char **argv);
} SubCommand;


static int
usage (const SubCommand *sub,
       const char       *message)
{
  if (message != NULL)
    fprintf (stderr, "%s: %s\n", PROGRAM, message);
  fprintf (stderr, _("Usage: %s [--db FILE] certificates %s %s\n"), PROGRAM, sub->name, sub->synopsis);
  return EXIT_USAGE;
}

/* Parses options; leaves the positional arguments (after the subcommand)
 * in @rest. */
static gboolean
parse (const SubCommand    *sub,
       const GOptionEntry  *entries,
       int                  argc,
       char               **argv,
       GStrv               *rest,
       int                 *exit_code)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parameter = g_strdup_printf ("certificates %s %s", sub->name, sub->synopsis);
  g_auto(GStrv) args = g_new0 (char *, argc + 2);
  GStrvBuilder *builder;

  args[0] = g_strdup (PROGRAM);
  for (int i = 0; i < argc; i++)
    args[i + 1] = g_strdup (argv[i]);
  context = g_option_context_new (parameter);
  g_option_context_set_summary (context, _(sub->summary));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      *exit_code = usage (sub, error->message);
      return FALSE;
    }
  /* args: program, "certificates", subcommand, positionals... */
  builder = g_strv_builder_new ();
  for (guint i = 3; i < g_strv_length (args); i++)
    g_strv_builder_add (builder, args[i]);
  *rest = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return TRUE;
}


static TpCourse *
find_course (TpDb       *db,
             const char *code)
{
  g_autoptr(GError) error = NULL;
  TpCourse *course = tp_store_get_course_by_code (db, code, &error);

  if (course == NULL)
    cli_data_error ("%s", error->message);
  return course;
}

/* A certificate named on the command line: register number or code. */
static TpCertificate *
find_certificate (TpDb       *db,
                  const char *name)
{
  g_autoptr(GError) error = NULL;
  TpCertificate *cert = tp_certificates_get_by_number (db, name, NULL);

  if (cert == NULL)
    cert = tp_certificates_get_by_code (db, name, NULL);
  if (cert == NULL)
    {
      tp_certificates_get_by_number (db, name, &error);
      cli_data_error ("%s", error->message);
    }
  return cert;
}

/* ---- issue ------------------------------------------------------------- */

static int
cmd_issue (const char  *db_path,
           int          argc,
           char       **argv);
static int
cmd_print (const char  *db_path,
           int          argc,
           char       **argv);
static int
cmd_verify (const char  *db_path,
            int          argc,
            char       **argv);
static int
cmd_register (const char  *db_path,
              int          argc,
              char       **argv);
static int
cmd_revoke (const char  *db_path,
            int          argc,
            char       **argv);
static int
cmd_reissue (const char  *db_path,
             int          argc,
             char       **argv);
static int
cmd_make_trainer (const char  *db_path,
                  int          argc,
                  char       **argv);
static int
cmd_cascade (const char  *db_path,
             int          argc,
             char       **argv);

static const SubCommand subcommands[] = {
  { "issue", "--course CODE [--date YYYY-MM-DD] [--serial-start SERIAL]",
    N_("Issue certificates to everyone eligible in a course who has none yet"), cmd_issue },
  { "print", "--course CODE -o OUT.pdf [--all]",
    N_("Print a course’s certificates to a PDF, one page each"), cmd_print },
  { "verify", "CODE",
    N_("Say whose certificate a verification code belongs to and whether it is valid"), cmd_verify },
  { "register", "[-o FILE.csv|FILE.pdf] [--course CODE]",
    N_("List the certificate register, or export it as CSV or PDF"), cmd_register },
  { "revoke", "NUMBER --reason TEXT",
    N_("Revoke a certificate, keeping its number and the reason"), cmd_revoke },
  { "reissue", "NUMBER --reason TEXT [--date YYYY-MM-DD]",
    N_("Revoke a certificate and issue a corrected one with a new number"), cmd_reissue },
  { "make-trainer", "NUMBER",
    N_("Make the holder of a trainer-of-trainers certificate a source trainer"), cmd_make_trainer },
  { "cascade", "--course CODE | --trainer NUMBER",
    N_("Show the trainers, courses and people a ToT course or a trainer reached"), cmd_cascade },
};

static const SubCommand *
find_sub (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    if (g_str_equal (subcommands[i].name, name))
      return &subcommands[i];
  return NULL;
}

static int
cmd_issue (const char  *db_path,
           int          argc,
           char       **argv)
{
  const SubCommand *sub = find_sub ("issue");
  g_autofree char *code = NULL, *date = NULL, *serial = NULL;
  const GOptionEntry entries[] = {
    { "course", 'c', 0, G_OPTION_ARG_STRING, &code, N_("The course code"), N_("CODE") },
    { "date", 'd', 0, G_OPTION_ARG_STRING, &date, N_("Issue date (default: today)"), N_("YYYY-MM-DD") },
    { "serial-start", 0, 0, G_OPTION_ARG_STRING, &serial,
      N_("Serial of the first pre-printed blank (default: continue from the last)"), N_("SERIAL") },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(TpCourse) course = NULL;
  g_autoptr(GPtrArray) issued = NULL;
  g_autoptr(GPtrArray) eligibility = NULL;
  g_autoptr(GError) error = NULL;
  TpIssueOptions options = { 0 };
  guint held = 0, not_eligible = 0;
  int exit_code;

  if (!parse (sub, entries, argc, argv, &rest, &exit_code))
    return exit_code;
  if (code == NULL || rest[0] != NULL)
    return usage (sub, _("Name the course with --course CODE."));
  db = cli_open_existing (db_path);
  if (db == NULL)
    return EXIT_DATA;
  course = find_course (db, code);
  if (course == NULL)
    return EXIT_DATA;

  options.issue_date = date;
  options.serial_start = serial;
  if (!tp_certificates_issue (db, course->id, &options, &issued, &error))
    return cli_data_error ("%s", error->message);

  printf (g_dngettext (GETTEXT_PACKAGE, "Issued %u certificate for course %s.\n",
                       "Issued %u certificates for course %s.\n", issued->len),
          issued->len, course->code);
  for (guint i = 0; i < issued->len; i++)
    {
      TpCertificate *c = g_ptr_array_index (issued, i);

      printf ("%s\t%s\t%s\t%s\n", c->register_no, c->serial != NULL ? c->serial : "",
              c->verification_code, c->full_name != NULL ? c->full_name : "");
    }

  eligibility = tp_certificates_eligibility (db, course->id, NULL);
  for (guint i = 0; eligibility != NULL && i < eligibility->len; i++)
    {
      TpEligibility *e = g_ptr_array_index (eligibility, i);

      if (!e->eligible)
        not_eligible++;
      else
        held++;
    }
  held -= MIN (held, issued->len);
  if (held > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u person already held a certificate.\n",
                         "%u people already held a certificate.\n", held), held);
  if (not_eligible > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "%u person is not eligible (see the course’s Certificates tab).\n",
                         "%u people are not eligible (see the course’s Certificates tab).\n", not_eligible),
            not_eligible);
  return EXIT_OK;
}

/* ---- print ------------------------------------------------------------- */

static int
cmd_print (const char  *db_path,
           int          argc,
           char       **argv)
{
  const SubCommand *sub = find_sub ("print");
  g_autofree char *code = NULL, *output = NULL;
  gboolean all = FALSE;
  const GOptionEntry entries[] = {
    { "course", 'c', 0, G_OPTION_ARG_STRING, &code, N_("The course code"), N_("CODE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PDF to write"), N_("FILE") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Include revoked certificates (marked as revoked)"), NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(TpCourse) course = NULL;
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(GPtrArray) snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_cert_snapshot_free);
  g_autoptr(GError) error = NULL;
  TpCertRenderOptions options;
  gboolean ok;
  int exit_code;

  if (!parse (sub, entries, argc, argv, &rest, &exit_code))
    return exit_code;
  if (code == NULL || output == NULL || rest[0] != NULL)
    return usage (sub, _("Name the course with --course CODE and the PDF with -o FILE."));
  db = cli_open_existing (db_path);
  if (db == NULL)
    return EXIT_DATA;
  course = find_course (db, code);
  if (course == NULL)
    return EXIT_DATA;
  certs = tp_certificates_list (db, course->id, NULL, &error);
  if (certs == NULL)
    return cli_data_error ("%s", error->message);
  for (guint i = 0; i < certs->len; i++)
    {
      TpCertificate *c = g_ptr_array_index (certs, i);
      TpCertSnapshot *snap;

      if (c->status != TP_CERT_VALID && !all)
        continue;
      snap = tp_certificate_load_snapshot (c, &error);
      if (snap == NULL)
        return cli_data_error ("%s", error->message);
      g_ptr_array_add (snapshots, snap);
    }
  if (snapshots->len == 0)
    return cli_data_error (_("Course %s has no certificates to print; issue them first (certificates issue --course %s)"),
                       course->code, course->code);

  tp_cert_render_options_load (db, &options);
  ok = tp_doc_certificates_write_pdf (snapshots, output, &options, &error);
  tp_cert_render_options_clear (&options);
  if (!ok)
    return cli_data_error ("%s", error->message);
  printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %u certificate to %s.\n", "Wrote %u certificates to %s.\n",
                       snapshots->len),
          snapshots->len, output);
  return EXIT_OK;
}

/* ---- verify ------------------------------------------------------------ */

static int
cmd_verify (const char  *db_path,
            int          argc,
            char       **argv)
{
  const SubCommand *sub = find_sub ("verify");
  const GOptionEntry entries[] = { { NULL } };
  g_auto(GStrv) rest = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(TpCertificate) cert = NULL;
  g_autoptr(TpCertSnapshot) snap = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL, *to = NULL, *issued = NULL;
  int exit_code;

  if (!parse (sub, entries, argc, argv, &rest, &exit_code))
    return exit_code;
  if (g_strv_length (rest) != 1)
    return usage (sub, _("Give one verification code."));
  db = cli_open_existing (db_path);
  if (db == NULL)
    return EXIT_DATA;
  cert = tp_certificates_get_by_code (db, rest[0], &error);
  if (cert == NULL)
    return cli_data_error ("%s", error->message);
  snap = tp_certificate_load_snapshot (cert, &error);
  if (snap == NULL)
    return cli_data_error ("%s", error->message);

  from = tp_format_date_short (snap->start_date);
  to = tp_format_date_short (snap->end_date);
  issued = tp_format_date_short (snap->issue_date);
  printf (_("Certificate %s, verification code %s\n"), cert->register_no, cert->verification_code);
  if (snap->birth_year > 0)
    printf (_("Holder: %s (born %d)\n"), snap->full_name, snap->birth_year);
  else
    printf (_("Holder: %s\n"), snap->full_name);
  printf (_("Course: %s — %s (%s – %s)\n"), snap->course_code, snap->course_title,
          from != NULL ? from : "", to != NULL ? to : "");
  printf (_("Issued: %s by %s\n"), issued != NULL ? issued : cert->issued_on,
          snap->issuer_name != NULL ? snap->issuer_name : "");
  if (cert->status == TP_CERT_VALID)
    {
      printf ("%s\n", _("Status: valid"));
      return EXIT_OK;
    }
  printf (_("Status: REVOKED (%s)\n"), cert->revoked_reason != NULL ? cert->revoked_reason : "");
  return cli_data_error (_("Certificate %s is not valid: it was revoked"), cert->register_no);
}

/* ---- register ---------------------------------------------------------- */

static int
cmd_register (const char  *db_path,
              int          argc,
              char       **argv)
{
  const SubCommand *sub = find_sub ("register");
  g_autofree char *output = NULL, *code = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the register to FILE: CSV, or a printable PDF when FILE ends in .pdf"), N_("FILE") },
    { "course", 'c', 0, G_OPTION_ARG_STRING, &code, N_("Only this course’s certificates (PDF and listing)"), N_("CODE") },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(TpCourse) course = NULL;
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(GError) error = NULL;
  int exit_code;

  if (!parse (sub, entries, argc, argv, &rest, &exit_code))
    return exit_code;
  if (rest[0] != NULL)
    return usage (sub, NULL);
  db = cli_open_existing (db_path);
  if (db == NULL)
    return EXIT_DATA;
  if (code != NULL && (course = find_course (db, code)) == NULL)
    return EXIT_DATA;

  if (output != NULL && !g_str_has_suffix (output, ".pdf") && !g_str_has_suffix (output, ".PDF"))
    {
      if (course != NULL)
        return usage (sub, _("The CSV export holds the whole register; --course works with a PDF or the listing."));
      if (!tp_certificates_export_csv (db, output, &error))
        return cli_data_error (_("Cannot write “%s”: %s"), output, error->message);
      return EXIT_OK;
    }

  certs = tp_certificates_list (db, course != NULL ? course->id : NULL, NULL, &error);
  if (certs == NULL)
    return cli_data_error ("%s", error->message);
  if (output != NULL)
    {
      g_autoptr(TpRegisterDoc) doc = tp_register_doc_new (db, certs);

      if (!tp_register_doc_write_pdf (doc, output, &error))
        return cli_data_error ("%s", error->message);
      return EXIT_OK;
    }
  for (guint i = 0; i < certs->len; i++)
    {
      TpCertificate *c = g_ptr_array_index (certs, i);

      printf ("%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", c->register_no, c->serial != NULL ? c->serial : "",
              c->full_name != NULL ? c->full_name : "", c->birth_year,
              c->sex != TP_SEX_UNKNOWN ? tp_sex_to_string (c->sex) : "",
              c->organization != NULL ? c->organization : "", c->course_code != NULL ? c->course_code : "",
              c->issued_on, tp_cert_status_to_string (c->status));
    }
  return EXIT_OK;
}

/* ---- revoke and reissue ------------------------------------------------ */

static int
cmd_revoke (const char  *db_path,
            int          argc,
            char       **argv)
{
  const SubCommand *sub = find_sub ("revoke");
  g_autofree char *reason = NULL;
  const GOptionEntry entries[] = {
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason, N_("Why it is revoked (kept in the register)"), N_("TEXT") },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(TpCertificate) cert = NULL;
  g_autoptr(GError) error = NULL;
  int exit_code;

  if (!parse (sub, entries, argc, argv, &rest, &exit_code))
    return exit_code;
  if (g_strv_length (rest) != 1 || reason == NULL)
    return usage (sub, _("Give the register number and --reason TEXT."));
  db = cli_open_existing (db_path);
  if (db == NULL || (cert = find_certificate (db, rest[0])) == NULL)
    return EXIT_DATA;
  if (!tp_certificates_revoke (db, cert->id, reason, &error))
    return cli_data_error ("%s", error->message);
  printf (_("Revoked certificate %s (%s).\n"), cert->register_no, cert->full_name != NULL ? cert->full_name : "");
  return EXIT_OK;
}

static int
cmd_reissue (const char  *db_path,
             int          argc,
             char       **argv)
{
  const SubCommand *sub = find_sub ("reissue");
  g_autofree char *reason = NULL, *date = NULL;
  const GOptionEntry entries[] = {
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason, N_("What was corrected (kept in the register)"), N_("TEXT") },
    { "date", 'd', 0, G_OPTION_ARG_STRING, &date, N_("Issue date (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(TpCertificate) cert = NULL;
  g_autoptr(TpCertificate) fresh = NULL;
  g_autoptr(GError) error = NULL;
  TpIssueOptions options = { 0 };
  int exit_code;

  if (!parse (sub, entries, argc, argv, &rest, &exit_code))
    return exit_code;
  if (g_strv_length (rest) != 1 || reason == NULL)
    return usage (sub, _("Give the register number and --reason TEXT."));
  db = cli_open_existing (db_path);
  if (db == NULL || (cert = find_certificate (db, rest[0])) == NULL)
    return EXIT_DATA;
  options.issue_date = date;
  fresh = tp_certificates_reissue (db, cert->id, reason, &options, &error);
  if (fresh == NULL)
    return cli_data_error ("%s", error->message);
  printf (_("Certificate %s replaces %s.\n"), fresh->register_no, cert->register_no);
  return EXIT_OK;
}

/* ---- the trainer cascade ----------------------------------------------- */

static int
cmd_make_trainer (const char  *db_path,
                  int          argc,
                  char       **argv)
{
  const SubCommand *sub = find_sub ("make-trainer");
  const GOptionEntry entries[] = { { NULL } };
  g_auto(GStrv) rest = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(TpCertificate) cert = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *profile = NULL;
  int exit_code;

  if (!parse (sub, entries, argc, argv, &rest, &exit_code))
    return exit_code;
  if (g_strv_length (rest) != 1)
    return usage (sub, _("Give the register number of the ToT certificate."));
  db = cli_open_existing (db_path);
  if (db == NULL || (cert = find_certificate (db, rest[0])) == NULL)
    return EXIT_DATA;
  profile = tp_certificates_make_trainer (db, cert->id, &error);
  if (profile == NULL)
    return cli_data_error ("%s", error->message);
  printf (_("%s is now a source trainer (certificate %s).\n"), cert->full_name, cert->register_no);
  return EXIT_OK;
}

static void
print_items (const char *title,
             GPtrArray  *items)
{
  printf ("%s: %u\n", title, items->len);
  for (guint i = 0; i < items->len; i++)
    printf ("  %s\n", ((TpCascadeItem *) g_ptr_array_index (items, i))->label);
}

static int
cmd_cascade (const char  *db_path,
             int          argc,
             char       **argv)
{
  const SubCommand *sub = find_sub ("cascade");
  g_autofree char *code = NULL, *trainer = NULL;
  const GOptionEntry entries[] = {
    { "course", 'c', 0, G_OPTION_ARG_STRING, &code, N_("A trainer-of-trainers course"), N_("CODE") },
    { "trainer", 't', 0, G_OPTION_ARG_STRING, &trainer,
      N_("A trainer, by the register number of their ToT certificate"), N_("NUMBER") },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(TpCascade) cascade = NULL;
  g_autoptr(GError) error = NULL;
  int exit_code;

  if (!parse (sub, entries, argc, argv, &rest, &exit_code))
    return exit_code;
  if ((code == NULL) == (trainer == NULL) || rest[0] != NULL)
    return usage (sub, _("Give either --course CODE or --trainer NUMBER."));
  db = cli_open_existing (db_path);
  if (db == NULL)
    return EXIT_DATA;
  if (code != NULL)
    {
      g_autoptr(TpCourse) course = find_course (db, code);

      if (course == NULL)
        return EXIT_DATA;
      cascade = tp_cascade_for_course (db, course->id, &error);
    }
  else
    {
      g_autoptr(TpCertificate) cert = find_certificate (db, trainer);

      if (cert == NULL)
        return EXIT_DATA;
      cascade = tp_cascade_for_trainer (db, cert->person_id, &error);
    }
  if (cascade == NULL)
    return cli_data_error ("%s", error->message);

  print_items (_("Own courses"), cascade->direct_courses);
  print_items (_("People trained in them"), cascade->direct_reached);
  print_items (_("Source trainers produced"), cascade->trainers);
  print_items (_("Courses they taught"), cascade->courses);
  print_items (_("People they reached"), cascade->reached);
  print_items (_("Trainers they trained"), cascade->second_trainers);
  print_items (_("Second generation reached"), cascade->second_generation);
  return EXIT_OK;
}

/* ---- dispatch ---------------------------------------------------------- */

int
cli_certificates (const char  *db_path,
                  int          argc,
                  char       **argv)
{
  const SubCommand *sub;

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      FILE *out = argc < 2 ? stderr : stdout;

      if (argc < 2)
        fprintf (stderr, "%s: %s\n", PROGRAM, _("Say what to do with certificates."));
      for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
        fprintf (out, "  certificates %s %s\n      %s\n", subcommands[i].name, subcommands[i].synopsis,
                 _(subcommands[i].summary));
      return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
  sub = find_sub (argv[1]);
  if (sub == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("Unknown certificates command “%s”."), argv[1]);

      fprintf (stderr, "%s: %s\n", PROGRAM, msg);
      return EXIT_USAGE;
    }
  return sub->func (db_path, argc, argv);
}
