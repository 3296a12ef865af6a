/* cli-data.c: backups, restore, checks, history and personal-data rights
 * from the command line.
 *
 *   taphuan-cli backup [-o FILE]
 *   taphuan-cli backups
 *   taphuan-cli restore FILE
 *   taphuan-cli check
 *   taphuan-cli history person|course ID   (a course also by its code)
 *   taphuan-cli history revert SEQ
 *   taphuan-cli person export ID -o FILE.json|FILE.pdf
 *   taphuan-cli person anonymise ID
 *   taphuan-cli person delete ID --yes [--purge-backups]
 *   taphuan-cli retention [--years N] [--apply]
 *   taphuan-cli processing-record -o FILE.pdf
 */
#include "config.h"

#include "cli-common.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli-data.h"
#include "tp-backup.h"
#include "tp-history.h"
#include "tp-privacy.h"
#include "tp-store.h"



typedef struct {
  const char *name;
  const char *synopsis;
  int (*func) (const char *db_path, int argc, char **argv);
} DataCommand;


static int
usage (const DataCommand *cmd,
       const char        *message)
{
  if (message != NULL)
    fprintf (stderr, "%s: %s\n", PROGRAM, message);
  fprintf (stderr, _("Usage: %s [--db FILE] %s %s\n"), PROGRAM, cmd->name, cmd->synopsis);
  return EXIT_USAGE;
}

/* Parses options; leaves the positional arguments (after the command name)
 * in @rest. */
static gboolean
parse (const DataCommand   *cmd,
       const GOptionEntry  *entries,
       int                  argc,
       char               **argv,
       GStrv               *rest,
       int                 *exit_code)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *parameter = g_strdup_printf ("%s %s", cmd->name, cmd->synopsis);
  g_auto(GStrv) args = g_new0 (char *, argc + 2);
  GStrvBuilder *builder;

  args[0] = g_strdup (PROGRAM);
  for (int i = 0; i < argc; i++)
    args[i + 1] = g_strdup (argv[i]);

  context = g_option_context_new (parameter);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      *exit_code = usage (cmd, error->message);
      return FALSE;
    }
  builder = g_strv_builder_new ();
  for (guint i = 2; args[i] != NULL; i++)
    g_strv_builder_add (builder, args[i]);
  *rest = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return TRUE;
}


static char *
format_local (const char *iso_utc)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso_utc == NULL)
    return g_strdup ("—");
  utc = g_date_time_new_from_iso8601 (iso_utc, NULL);
  if (utc == NULL)
    return g_strdup (iso_utc);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static void
print_contents (const TpBackupContents *c)
{
  g_autofree char *last = format_local (c->last_change);

  if (!c->readable)
    {
      printf (_("  cannot be used: %s\n"), c->problem);
      return;
    }
  printf (_("  %u people, %u courses, %u enrolments, %u certificates; last change %s\n"),
          c->n_people, c->n_courses, c->n_enrolments, c->n_certificates, last);
}

/* ---- backup, backups, restore, check --------------------------------------- */

static int
cmd_backup (const char  *db_path,
            int          argc,
            char       **argv)
{
  static const DataCommand cmd = { "backup", "[-o FILE]", NULL };
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write the backup to FILE instead of the backup folder"), N_("FILE") },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *made = NULL;
  int code;

  if (!parse (&cmd, entries, argc, argv, &rest, &code))
    return code;
  if (rest[0] != NULL)
    return usage (&cmd, _("backup takes no file name; use -o FILE."));
  db = cli_open_existing (db_path);
  if (db == NULL)
    return EXIT_DATA;

  if (output != NULL)
    {
      if (!tp_db_backup_to (db, output, &error))
        return cli_data_error ("%s", error->message);
      made = g_strdup (output);
    }
  else
    {
      made = tp_backup_make (db, "manual", &error);
      if (made == NULL)
        return cli_data_error ("%s", error->message);
    }
  printf (_("Backed up to %s\n"), made);
  return EXIT_OK;
}

static int
cmd_backups (const char  *db_path,
             int          argc,
             char       **argv)
{
  static const DataCommand cmd = { "backups", "", NULL };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int code;

  if (!parse (&cmd, NULL, argc, argv, &rest, &code))
    return code;
  if (rest[0] != NULL)
    return usage (&cmd, NULL);

  list = tp_backup_list (db_path);
  if (list->len == 0)
    {
      g_autofree char *folder = tp_backup_folder (db_path);
      printf (_("No backups yet in %s\n"), folder);
      return EXIT_OK;
    }
  for (guint i = 0; i < list->len; i++)
    {
      TpBackupInfo *info = g_ptr_array_index (list, i);
      g_autofree char *when = g_date_time_format (info->made_at, "%Y-%m-%d %H:%M:%S");
      g_autoptr(TpBackupContents) c = tp_backup_inspect (info->path, FALSE);

      /* Translators: date, reason ("daily", "import"...), path. */
      printf (_("%s  %s  %s\n"), when, info->reason, info->path);
      print_contents (c);
    }
  return EXIT_OK;
}

static int
cmd_restore (const char  *db_path,
             int          argc,
             char       **argv)
{
  static const DataCommand cmd = { "restore", "FILE", NULL };
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpBackupContents) c = NULL;
  g_autofree char *kept = NULL;
  int code;

  if (!parse (&cmd, NULL, argc, argv, &rest, &code))
    return code;
  if (rest[0] == NULL || rest[1] != NULL)
    return usage (&cmd, _("Give the one file to restore from."));

  c = tp_backup_inspect (rest[0], FALSE);
  if (!c->readable)
    return cli_data_error (_("Nothing was restored: %s"), c->problem);
  printf (_("Restoring %s:\n"), rest[0]);
  print_contents (c);

  if (!tp_backup_restore (db_path, rest[0], &kept, &error))
    return cli_data_error ("%s", error->message);
  if (kept != NULL)
    printf (_("The previous database was kept as %s\n"), kept);
  printf (_("Restored %s from %s\n"), db_path, rest[0]);
  return EXIT_OK;
}

static int
cmd_check (const char  *db_path,
           int          argc,
           char       **argv)
{
  static const DataCommand cmd = { "check", "", NULL };
  g_auto(GStrv) rest = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(GError) error = NULL;
  guint without_consent;
  int code;

  if (!parse (&cmd, NULL, argc, argv, &rest, &code))
    return code;
  if (rest[0] != NULL)
    return usage (&cmd, NULL);

  db = cli_open_existing (db_path);
  if (db == NULL)
    return EXIT_DATA;
  if (!tp_backup_integrity_check (db, &error))
    {
      cli_data_error ("%s", error->message);
      g_clear_object (&db);
      cli_suggest_backup (db_path);
      return EXIT_DATA;
    }
  printf (_("%s: no damage found.\n"), db_path);
  without_consent = tp_privacy_count_without_consent (db);
  if (without_consent > 0 && tp_privacy_require_consent (db))
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "Note: %u person has an ethnicity recorded without consent.\n",
                         "Note: %u people have an ethnicity recorded without consent.\n",
                         without_consent),
            without_consent);
  return EXIT_OK;
}

/* ---- history ----------------------------------------------------------------- */

static void
print_entry (const TpHistoryEntry *e)
{
  g_autofree char *when = format_local (e->at);

  printf ("#%" G_GINT64_FORMAT "  %s  %s  %s: %s\n", e->seq, when,
          e->user != NULL ? e->user : "?", tp_history_op_label (e->op), e->what);
  for (guint i = 0; i < e->changes->len; i++)
    {
      TpHistoryChange *c = g_ptr_array_index (e->changes, i);

      printf ("    %s: %s → %s\n", c->label,
              c->old_value != NULL ? c->old_value : "—",
              c->new_value != NULL ? c->new_value : "—");
    }
}

static int
cmd_history (const char  *db_path,
             int          argc,
             char       **argv)
{
  static const DataCommand cmd = { "history", "person|course ID | revert SEQ", NULL };
  g_auto(GStrv) rest = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  int code;

  if (!parse (&cmd, NULL, argc, argv, &rest, &code))
    return code;
  if (g_strv_length (rest) != 2 ||
      (!g_str_equal (rest[0], "person") && !g_str_equal (rest[0], "course") &&
       !g_str_equal (rest[0], "revert")))
    return usage (&cmd, _("Say whose history to show (person ID or course ID), or which change to undo (revert SEQ)."));

  db = cli_open_existing (db_path);
  if (db == NULL)
    return EXIT_DATA;

  if (g_str_equal (rest[0], "revert"))
    {
      guint64 seq;
      g_autoptr(TpHistoryEntry) e = NULL;

      if (!g_ascii_string_to_unsigned (rest[1][0] == '#' ? rest[1] + 1 : rest[1], 10, 1, G_MAXINT64, &seq, NULL))
        return usage (&cmd, _("The change to undo is a number from the history (#123 or 123)."));
      e = tp_history_get (db, (gint64) seq, &error);
      if (e == NULL || !tp_history_revert (db, (gint64) seq, &error))
        return cli_data_error (_("Change #%s was not undone: %s"), rest[1], error->message);
      printf (_("Undid change #%lld (%s: %s)\n"), (long long) seq,
              tp_history_op_label (e->op), e->what);
      return EXIT_OK;
    }

  if (g_str_equal (rest[0], "person"))
    entries = tp_history_for_person (db, rest[1], &error);
  else
    {
      g_autoptr(TpCourse) course = tp_store_get_course_by_code (db, rest[1], NULL);
      entries = tp_history_for_course (db, course != NULL ? course->id : rest[1], &error);
    }
  if (entries == NULL)
    return cli_data_error ("%s", error->message);
  if (entries->len == 0)
    printf ("%s\n", _("No changes recorded."));
  for (guint i = 0; i < entries->len; i++)
    print_entry (g_ptr_array_index (entries, i));
  return EXIT_OK;
}

/* ---- person ------------------------------------------------------------------ */

static int
cmd_person (const char  *db_path,
            int          argc,
            char       **argv)
{
  static const DataCommand cmd = { "person", "export ID -o FILE.json|FILE.pdf | anonymise ID | delete ID --yes [--purge-backups]", NULL };
  g_autofree char *output = NULL;
  gboolean yes = FALSE;
  gboolean purge_backups = FALSE;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The file to write (.json or .pdf)"), N_("FILE") },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes,
      N_("Confirm a permanent deletion"), NULL },
    { "purge-backups", 0, 0, G_OPTION_ARG_NONE, &purge_backups,
      N_("Also remove the person from every backup"), NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpPerson) person = NULL;
  int code;

  if (!parse (&cmd, entries, argc, argv, &rest, &code))
    return code;
  if (g_strv_length (rest) != 2 ||
      (!g_str_equal (rest[0], "export") && !g_str_equal (rest[0], "anonymise") &&
       !g_str_equal (rest[0], "anonymize") && !g_str_equal (rest[0], "delete")))
    return usage (&cmd, _("Say what to do (export, anonymise or delete) and with whom (the person’s id)."));
  if (g_str_equal (rest[0], "export"))
    {
      g_autofree char *lower = output != NULL ? g_ascii_strdown (output, -1) : NULL;

      if (output == NULL)
        return usage (&cmd, _("Say where to write the export: -o FILE.json or -o FILE.pdf."));
      if (!g_str_has_suffix (lower, ".json") && !g_str_has_suffix (lower, ".pdf"))
        return usage (&cmd, _("The export is written as .json or .pdf; name the file accordingly."));
    }
  if (g_str_equal (rest[0], "delete") && !yes)
    return usage (&cmd, _("Deleting a person cannot be undone; add --yes to confirm."));

  db = cli_open_existing (db_path);
  if (db == NULL)
    return EXIT_DATA;
  person = tp_store_get_person (db, rest[1], &error);
  if (person == NULL)
    return cli_data_error ("%s", error->message);

  if (g_str_equal (rest[0], "export"))
    {
      if (!tp_privacy_export_person (db, rest[1], output, &error))
        return cli_data_error ("%s", error->message);
      printf (_("Wrote everything held about %s to %s\n"), person->full_name, output);
    }
  else if (g_str_equal (rest[0], "delete"))
    {
      if (!tp_privacy_delete_person (db, rest[1], &error))
        return cli_data_error ("%s", error->message);
      printf (_("Deleted %s permanently, with their enrolments, marks and history.\n"), person->full_name);
      if (purge_backups)
        {
          int n = tp_privacy_purge_from_backups (db_path, rest[1], &error);

          if (n < 0)
            return cli_data_error ("%s", error->message);
          printf (g_dngettext (GETTEXT_PACKAGE, "Removed them from %d backup.\n",
                               "Removed them from %d backups.\n", n), n);
        }
      else
        printf ("%s\n", _("Older backups still hold them until they are rotated out; --purge-backups removes them now."));
    }
  else
    {
      g_autofree char *name = tp_privacy_anonymous_name (rest[1]);

      if (tp_privacy_is_anonymised (person))
        {
          printf (_("%s is already anonymised.\n"), person->full_name);
          return EXIT_OK;
        }
      if (!tp_privacy_anonymise_person (db, rest[1], &error))
        return cli_data_error ("%s", error->message);
      printf (_("Anonymised %s: now “%s”; sex, birth year, ethnicity, target group and courses are kept.\n"),
              person->full_name, name);
    }
  return EXIT_OK;
}

/* ---- retention and the record of processing --------------------------------- */

static int
cmd_retention (const char  *db_path,
               int          argc,
               char       **argv)
{
  static const DataCommand cmd = { "retention", "[--years N] [--apply]", NULL };
  int years = -1;
  gboolean apply = FALSE;
  g_autofree char *today = NULL;
  const GOptionEntry entries[] = {
    { "years", 0, 0, G_OPTION_ARG_INT, &years,
      N_("Anonymise people whose last course ended more than N years ago (default: the office's setting)"), N_("N") },
    { "apply", 0, 0, G_OPTION_ARG_NONE, &apply,
      N_("Anonymise them now (without it, only list them)"), NULL },
    { "today", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &today, NULL, NULL },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  int code;

  if (!parse (&cmd, entries, argc, argv, &rest, &code))
    return code;
  if (rest[0] != NULL)
    return usage (&cmd, NULL);
  if (years == 0 || years < -1)
    return usage (&cmd, _("--years needs a whole number of years, 1 or more."));

  db = cli_open_existing (db_path);
  if (db == NULL)
    return EXIT_DATA;
  if (years < 0)
    years = tp_privacy_retention_years (db);
  if (years <= 0)
    return cli_data_error ("%s", _("No retention rule is set; give --years N or set one in Preferences → Privacy."));

  list = tp_privacy_retention_preview (db, years, today, &error);
  if (list == NULL)
    return cli_data_error ("%s", error->message);
  for (guint i = 0; i < list->len; i++)
    {
      TpRetentionCandidate *c = g_ptr_array_index (list, i);

      printf ("%s\t%s\t%s\n", c->person_id, c->full_name,
              c->last_course_end != NULL ? c->last_course_end : _("no course"));
    }
  if (!apply)
    {
      printf (g_dngettext (GETTEXT_PACKAGE,
                           "%u person would be anonymised (last course more than %d years ago); add --apply to do it.\n",
                           "%u people would be anonymised (last course more than %d years ago); add --apply to do it.\n",
                           list->len),
              list->len, years);
      return EXIT_OK;
    }
  {
    int n = tp_privacy_retention_apply (db, years, today, &error);

    if (n < 0)
      return cli_data_error (_("Nobody was anonymised: %s"), error->message);
    printf (g_dngettext (GETTEXT_PACKAGE, "Anonymised %d person.\n", "Anonymised %d people.\n", n), n);
  }
  return EXIT_OK;
}

static int
cmd_processing_record (const char  *db_path,
                       int          argc,
                       char       **argv)
{
  static const DataCommand cmd = { "processing-record", "-o FILE.pdf", NULL };
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PDF file to write"), N_("FILE") },
    { NULL }
  };
  g_auto(GStrv) rest = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(GError) error = NULL;
  int code;

  if (!parse (&cmd, entries, argc, argv, &rest, &code))
    return code;
  if (output == NULL || rest[0] != NULL)
    return usage (&cmd, _("Say where to write the record: -o FILE.pdf."));
  db = cli_open_existing (db_path);
  if (db == NULL)
    return EXIT_DATA;
  if (!tp_privacy_processing_record (db, output, &error))
    return cli_data_error ("%s", error->message);
  printf (_("Wrote the record of processing to %s\n"), output);
  return EXIT_OK;
}

static const DataCommand commands[] = {
  { "backup", NULL, cmd_backup },
  { "backups", NULL, cmd_backups },
  { "restore", NULL, cmd_restore },
  { "check", NULL, cmd_check },
  { "history", NULL, cmd_history },
  { "person", NULL, cmd_person },
  { "retention", NULL, cmd_retention },
  { "processing-record", NULL, cmd_processing_record },
};

int
cli_data (const char  *db_path,
          int          argc,
          char       **argv)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, argv[0]))
      return commands[i].func (db_path, argc, argv);
  return cli_data_error (_("Unknown command “%s”."), argv[0]);
}
