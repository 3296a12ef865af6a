/* cli-data.h: the data-safety and privacy commands of taphuan-cli
 * (docs/data-safety.md): backup, backups, restore, check, history, person,
 * retention, processing-record. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @argv[0] is the command name; @db_path is the database (never NULL).
 * Returns the exit status (0 ok, 1 data at fault, 2 usage). */
int cli_data (const char  *db_path,
              int          argc,
              char       **argv);

G_END_DECLS
