/* tp-report.h: the sex- and ethnicity-disaggregated training report
 * (docs/reports.md).
 *
 * A TpReport is computed once from the database for a period and optional
 * filters (province, course type). It holds counts only, never names: every
 * figure has a key (its JSON path, "enrolments.female",
 * "by_target_group.inspectors.male") and the records behind it, so any
 * number can be drilled down to the people or courses it counts. The same
 * report writes JSON (for the ministry's tools), CSV (one row per figure)
 * and a printed PDF.
 */
#pragma once

#include <cairo.h>

#include "tp-db.h"

G_BEGIN_DECLS

#define TP_REPORT_FORMAT  "taphuan-report"
#define TP_REPORT_VERSION 1

/* Default start of the reporting year (MM-DD), the setting report.year_start. */
#define TP_REPORT_DEFAULT_YEAR_START "12-15"

typedef struct {
  char *from;           /* YYYY-MM-DD, inclusive */
  char *to;             /* YYYY-MM-DD, inclusive */
  char *province_code;  /* NULL = every province */
  char *course_type;    /* NULL = every course type */
} TpReportQuery;

typedef enum {
  TP_REPORT_REF_COURSE = 0,   /* the figure counts courses */
  TP_REPORT_REF_PERSON,       /* distinct people */
  TP_REPORT_REF_ENROLMENT,    /* enrolments: one person in one course */
} TpReportRefKind;

/* One record behind a figure. Course figures set course_id only, people
 * figures person_id only, enrolment figures both. */
typedef struct {
  char *course_id;
  char *person_id;
} TpReportRef;

void         tp_report_ref_free          (TpReportRef *ref);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpReportRef, tp_report_ref_free)

typedef struct _TpReport TpReport;

/* The reporting year that ends in @year, from the setting report.year_start
 * (MM-DD, default 12-15): 2026 → 2025-12-15 .. 2026-12-14; with "01-01",
 * 2026-01-01 .. 2026-12-31. TP_ERROR_INVALID when the setting or the year
 * is not usable. */
gboolean     tp_report_reporting_year    (TpDb        *db,
                                          int          year,
                                          char       **from,
                                          char       **to,
                                          GError     **error);
/* Checks a MM-DD value for report.year_start (29 February is refused: it
 * would move every other year). */
gboolean     tp_report_check_year_start  (const char  *month_day,
                                          GError     **error);

/* Computes the report. TP_ERROR_INVALID for a bad or reversed date,
 * TP_ERROR_NOT_FOUND for an unknown province or course type. */
TpReport    *tp_report_compute           (TpDb                *db,
                                          const TpReportQuery *query,
                                          GError             **error);
void         tp_report_free              (TpReport    *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpReport, tp_report_free)

const char  *tp_report_get_from          (TpReport    *report);
const char  *tp_report_get_to            (TpReport    *report);
const char  *tp_report_get_province_code (TpReport    *report);
const char  *tp_report_get_course_type   (TpReport    *report);

/* The value of a figure; FALSE when @key is not a figure or the figure has
 * no value (a mean without scores). */
gboolean     tp_report_get_value         (TpReport    *report,
                                          const char  *key,
                                          double      *value);
/* Every figure key, in report order (borrowed strings). */
GPtrArray   *tp_report_list_keys         (TpReport    *report);

/* The records behind the figure @key (TpReportRef*, owned), sorted by
 * course id then person id; @kind (may be NULL) says what they are.
 * TP_ERROR_NOT_FOUND for an unknown key. For count figures the array has
 * exactly as many records as the figure's value. */
GPtrArray   *tp_report_drill_down        (TpReport        *report,
                                          const char      *key,
                                          TpReportRefKind *kind,
                                          GError         **error);

/* ---- rows: the figures as a table (CSV, the Reports page) --------------- */

typedef struct {
  const char *key;      /* the row key (CSV column "key") */
  const char *label;    /* translated */
  /* Figure keys of the cells; NULL when the cell does not apply (a count
   * of courses has no women and men). */
  const char *total;
  const char *female;
  const char *male;
  const char *unknown;
} TpReportRow;

/* TpReportRow*, borrowed, in report order. */
GPtrArray   *tp_report_get_rows          (TpReport    *report);
/* A figure's value formatted as in the JSON and CSV ("12", "6.25", "" for
 * no value). */
char        *tp_report_format_value      (TpReport    *report,
                                          const char  *key);

/* ---- outputs ------------------------------------------------------------ */

char        *tp_report_to_json           (TpReport    *report);
/* UTF-8 with a byte-order mark, CRLF line ends, header
 * "key,total,female,male,unknown". */
char        *tp_report_to_csv            (TpReport    *report);

/* The printed report (tp-report-pdf.c): A4 pages with the national motto,
 * tables and bar charts, written atomically. */
gboolean     tp_report_write_pdf         (TpReport    *report,
                                          const char  *path,
                                          GError     **error);
/* The same pages on any cairo_t, for a GtkPrintOperation: the A4 layout
 * scaled to fit a @width × @height page (points; 0 = A4). @page is
 * 0-based, as in GtkPrintOperation::draw-page. tp_report_write_pdf uses
 * them, so printing and the PDF give the same pages. */
int          tp_report_page_count        (TpReport    *report,
                                          double       width,
                                          double       height);
void         tp_report_draw_page         (TpReport    *report,
                                          cairo_t     *cr,
                                          int          page,
                                          double       width,
                                          double       height);
/* Writes the JSON, CSV or PDF by @format ("json", "csv", "pdf"). */
gboolean     tp_report_write_file        (TpReport    *report,
                                          const char  *format,
                                          const char  *path,
                                          GError     **error);

typedef enum {
  TP_REPORT_CHART_BY_COURSE_TYPE = 0,  /* enrolments of women and men by course type */
  TP_REPORT_CHART_BY_TARGET_GROUP,     /* enrolments of women and men by target group */
} TpReportChart;

/* Draws a bar chart of women and men in the rectangle @width × @height at
 * the current origin of @cr, with Pango text; the same drawing serves the
 * PDF and the Reports page. */
void         tp_report_draw_chart        (TpReport      *report,
                                          TpReportChart  chart,
                                          cairo_t       *cr,
                                          double         width,
                                          double         height);

G_END_DECLS
