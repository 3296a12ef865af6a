/* cli-import-csv.h: `taphuan-cli import FILE.csv|.tsv`, `export-csv` and
 * `export --anonymised` (docs/import.md). */
#pragma once

#include "tp-db.h"

G_BEGIN_DECLS

/* Imports a list of people; prints the counts and every error with its row
 * number. Returns the exit status (0 ok, 1 the file or the database at
 * fault). */
int      cli_import_people        (TpDb               *db,
                                   const char         *path,
                                   gboolean            dry_run,
                                   const char         *course_code,
                                   gboolean            skip_invalid);

/* `export-csv people|roster|attendance [--course CODE] -o FILE`; @argv[0]
 * is "export-csv". Returns the exit status (2 for usage errors). */
int      cli_export_csv           (const char         *db_path,
                                   int                 argc,
                                   char              **argv);

/* `export FILE.json --anonymised`. */
int      cli_export_anonymised    (TpDb               *db,
                                   const char         *path,
                                   const char * const *course_codes);

/* Records a bundle export (it holds names) in the change log. */
gboolean cli_export_record_bundle (TpDb               *db,
                                   const char         *path,
                                   const char * const *course_codes,
                                   GError            **error);

G_END_DECLS
