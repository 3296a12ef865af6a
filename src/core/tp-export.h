/* tp-export.h: spreadsheets out, and the anonymised file for upward
 * reporting (docs/import.md).
 *
 * CSV files are UTF-8 with a BOM, so Excel opens them right, and start with
 * a line saying they hold personal data ("CHỨA DỮ LIỆU CÁ NHÂN"). The
 * anonymised export keeps what the ministry counts (sex, birth year,
 * ethnicity, target group, course) and nothing that names anyone. Every
 * export is recorded in the change log (table "exports") and written
 * private to the user (0600).
 */
#pragma once

#include "tp-db.h"

G_BEGIN_DECLS

/* The first cell of every export that holds names. */
#define TP_EXPORT_PERSONAL_MARK "CHỨA DỮ LIỆU CÁ NHÂN"

#define TP_EXPORT_ANONYMISED_FORMAT "taphuan-anonymised"
#define TP_EXPORT_ANONYMISED_VERSION 1

typedef enum {
  TP_EXPORT_PEOPLE = 0,    /* the whole register */
  TP_EXPORT_ROSTER,        /* the people enrolled in a course */
  TP_EXPORT_ATTENDANCE,    /* a course's attendance matrix */
} TpExportKind;

/* "people", "roster", "attendance". */
gboolean    tp_export_kind_from_string (const char   *str,
                                        TpExportKind *out);

/* The CSV text (with BOM). ROSTER and ATTENDANCE need @course_code
 * (TP_ERROR_NOT_FOUND when unknown, TP_ERROR_INVALID when NULL). */
GBytes     *tp_export_csv_bytes      (TpDb          *db,
                                      TpExportKind   kind,
                                      const char    *course_code,
                                      GError       **error);
/* Writes it atomically (0600) and records the export in the change log. */
gboolean    tp_export_csv_file       (TpDb          *db,
                                      TpExportKind   kind,
                                      const char    *course_code,
                                      const char    *path,
                                      GError       **error);

/* JSON: the courses (all, or those of @course_codes) with one entry per
 * participant holding only sex, birth year, ethnicity, target group and
 * enrolment status, sorted so that not even the order hints at names. */
GBytes     *tp_export_anonymised_bytes (TpDb               *db,
                                        const char * const *course_codes,
                                        GError            **error);
gboolean    tp_export_anonymised_file  (TpDb               *db,
                                        const char * const *course_codes,
                                        const char         *path,
                                        GError            **error);

/* Adds a change-log row (table "exports", op "insert") describing what was
 * exported (@what: "people", "bundle", ...), where, for which courses, and
 * whether it holds personal data. */
gboolean    tp_export_record         (TpDb               *db,
                                      const char         *what,
                                      const char         *path,
                                      gboolean            personal_data,
                                      const char * const *course_codes,
                                      GError            **error);

G_END_DECLS
