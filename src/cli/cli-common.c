/* cli-common.c: the error line every taphuan-cli command prints. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "tp-backup.h"

int
cli_data_error (const char *format,
                ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "%s: %s\n", PROGRAM, text);
  return EXIT_DATA;
}

TpDb *
cli_open_existing (const char *db_path)
{
  g_autofree char *fallback = db_path == NULL ? tp_db_default_path () : NULL;
  const char *path = db_path != NULL ? db_path : fallback;
  g_autoptr(GError) error = NULL;
  TpDb *db = tp_db_open_existing (path, &error);

  if (db == NULL)
    {
      cli_data_error ("%s", error->message);
      if (g_error_matches (error, TP_ERROR, TP_ERROR_CORRUPT))
        cli_suggest_backup (path);
    }
  return db;
}

void
cli_suggest_backup (const char *db_path)
{
  g_autofree char *good = tp_backup_find_newest_good (db_path);

  if (good != NULL)
    fprintf (stderr, _("%s: the newest good backup is %s; restore it with: %s --db %s restore %s\n"),
             PROGRAM, good, PROGRAM, db_path, good);
}
