/* cli-report.h: `taphuan-cli report ...` (docs/reports.md). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @argv[0] is "report"; @db_path NULL = the default database. Returns the
 * exit status (0 ok, 1 data at fault, 2 usage). */
int cli_report (const char  *db_path,
                int          argc,
                char       **argv);

G_END_DECLS
