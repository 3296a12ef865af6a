/* cli-common.h: what every taphuan-cli command shares: the exit codes and
 * the one-line error on stderr. */
#pragma once

#include <glib.h>

#include "tp-db.h"

G_BEGIN_DECLS

#define PROGRAM "taphuan-cli"

enum {
  EXIT_OK = 0,
  EXIT_DATA = 1,    /* the input or the database is at fault */
  EXIT_USAGE = 2,
};

/* Prints "taphuan-cli: <message>" on stderr and returns EXIT_DATA. */
G_GNUC_PRINTF (1, 2)
int cli_data_error (const char *format,
                    ...);

/* Opens an existing database (NULL: the default one). On failure prints the
 * error line, and for a damaged file the newest good backup to restore,
 * and returns NULL: the caller returns EXIT_DATA. */
TpDb *cli_open_existing  (const char *db_path);

/* Names the newest backup of @db_path that passes the check, if any. */
void  cli_suggest_backup (const char *db_path);

G_END_DECLS
