/* tp-bundle.h: the exchange bundle, format v1 (docs/bundle-format.md).
 *
 * A JSON file holding people, courses (with their sessions, trainers,
 * enrolments, attendance marks and budget) and certificates: the way
 * provinces send data to the ministry, and the way tests and benchmarks load
 * data. Import merges by id in one transaction and either applies the whole
 * file or nothing; export writes what import reads, so re-importing an
 * export changes nothing.
 */
#pragma once

#include "tp-db.h"

G_BEGIN_DECLS

#define TP_BUNDLE_FORMAT  "taphuan-bundle"
#define TP_BUNDLE_VERSION 1

typedef enum {
  TP_BUNDLE_PEOPLE = 0,
  TP_BUNDLE_COURSES,
  TP_BUNDLE_SESSIONS,
  TP_BUNDLE_TRAINERS,
  TP_BUNDLE_ENROLMENTS,
  TP_BUNDLE_MARKS,
  TP_BUNDLE_CERTIFICATES,
  TP_BUNDLE_N_KINDS
} TpBundleKind;

typedef struct {
  guint added;
  guint updated;
  guint unchanged;
  /* Records kept as stored because the database's copy is newer than the
   * file's ("updated_at"); each also has a warning. */
  guint conflicts;
} TpBundleCounts;

typedef struct {
  TpBundleCounts  counts[TP_BUNDLE_N_KINDS];
  /* Translated lines, each naming a JSON path ("people[2].nickname: unknown
   * field, ignored"). */
  GPtrArray      *warnings;
  /* The change-log batch of the import (NULL for a dry run or when nothing
   * changed): undoing it undoes the whole import. */
  char           *batch_id;
} TpBundleStats;

TpBundleStats *tp_bundle_stats_new      (void);
void           tp_bundle_stats_free     (TpBundleStats *stats);
/* Total of added + updated over every kind. */
guint          tp_bundle_stats_n_changes (const TpBundleStats *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpBundleStats, tp_bundle_stats_free)

/* Stable key ("people", "courses", ...) and translated label of a kind. */
const char    *tp_bundle_kind_to_string (TpBundleKind kind);
const char    *tp_bundle_kind_label     (TpBundleKind kind);

/* Imports a bundle. The whole file is checked before anything is written;
 * any invalid record rejects the file with TP_ERROR_INVALID (or
 * TP_ERROR_CONFLICT, TP_ERROR_PARSE) and a message "<path>: <JSON path>:
 * <reason>", and leaves the database unchanged. With @dry_run the changes
 * are made and rolled back, so @stats says exactly what would change.
 * @stats (may be NULL) is filled in either way. */
gboolean   tp_bundle_import_file  (TpDb           *db,
                                   const char     *path,
                                   gboolean        dry_run,
                                   TpBundleStats  *stats,
                                   GError        **error);
/* The same from memory; @source_name (may be NULL) starts the messages. */
gboolean   tp_bundle_import_bytes (TpDb           *db,
                                   GBytes         *bytes,
                                   const char     *source_name,
                                   gboolean        dry_run,
                                   TpBundleStats  *stats,
                                   GError        **error);
gboolean   tp_bundle_import_data  (TpDb           *db,
                                   const char     *data,
                                   gssize          length,
                                   const char     *source_name,
                                   gboolean        dry_run,
                                   TpBundleStats  *stats,
                                   GError        **error);

/* Exports everything, or only the courses whose codes are in @course_codes
 * (NULL = all) plus the people and certificates they reference. An unknown
 * code is TP_ERROR_NOT_FOUND. */
GBytes    *tp_bundle_export_bytes (TpDb               *db,
                                   const char * const *course_codes,
                                   GError            **error);
/* Writes atomically, the file private to the user (0600): it holds names
 * and other personal data. */
gboolean   tp_bundle_export_file  (TpDb               *db,
                                   const char         *path,
                                   const char * const *course_codes,
                                   GError            **error);

/* What to export. With neither codes nor dates, everything. With codes
 * and/or a date range, the courses chosen by either (codes: an unknown code
 * is TP_ERROR_NOT_FOUND; dates: the courses whose start_date is between
 * @from and @to, both included, "YYYY-MM-DD", both or neither given, else
 * TP_ERROR_INVALID), plus the people and certificates they reference. */
typedef struct {
  const char * const *course_codes;
  const char         *from;
  const char         *to;
} TpBundleExportOptions;

GBytes    *tp_bundle_export_bytes_full (TpDb                        *db,
                                        const TpBundleExportOptions *options,
                                        GError                     **error);
gboolean   tp_bundle_export_file_full  (TpDb                        *db,
                                        const char                  *path,
                                        const TpBundleExportOptions *options,
                                        GError                     **error);
/* The codes of the courses whose start_date is between @from and @to (both
 * included), in start order; an empty vector when there are none.
 * TP_ERROR_INVALID for a bad date or @from after @to. */
char     **tp_bundle_course_codes_between (TpDb        *db,
                                           const char  *from,
                                           const char  *to,
                                           GError     **error);

G_END_DECLS
