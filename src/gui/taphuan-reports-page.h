/* taphuan-reports-page.h: the Reports section: the sex- and
 * ethnicity-disaggregated training report (tp-report.h) for a reporting
 * year, a calendar year or a range, optionally for one province or course
 * type; every figure drills down to the people or courses behind it; bar
 * charts; export as PDF, CSV and JSON. */
#pragma once

#include <adwaita.h>

#include "tp-db.h"
#include "tp-report.h"

G_BEGIN_DECLS

typedef enum {
  TAPHUAN_REPORT_PERIOD_REPORTING_YEAR = 0,  /* the year ending in YYYY (report.year_start) */
  TAPHUAN_REPORT_PERIOD_CALENDAR_YEAR,
  TAPHUAN_REPORT_PERIOD_RANGE,
} TaphuanReportPeriod;

#define TAPHUAN_TYPE_REPORTS_PAGE (taphuan_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanReportsPage, taphuan_reports_page, TAPHUAN, REPORTS_PAGE, AdwBin)

/* The database to report on. Inside a TaphuanWindow the page follows the
 * window's database by itself. The report is computed in a worker thread
 * on its own connection to the same file, when the page is shown and
 * whenever the period or a filter changes. */
void        taphuan_reports_page_set_db          (TaphuanReportsPage  *self,
                                                  TpDb                *db);
/* Chooses the period: @year for the two kinds of year, @from and @to
 * (YYYY-MM-DD) for a range; then computes. */
void        taphuan_reports_page_set_period      (TaphuanReportsPage  *self,
                                                  TaphuanReportPeriod  kind,
                                                  int                  year,
                                                  const char          *from,
                                                  const char          *to);
/* Filters by province code / course type id (NULL for all); then computes. */
void        taphuan_reports_page_set_filters     (TaphuanReportsPage  *self,
                                                  const char          *province_code,
                                                  const char          *course_type);
/* Computes again (property "busy" is TRUE until it is done). */
void        taphuan_reports_page_refresh         (TaphuanReportsPage  *self);
gboolean    taphuan_reports_page_get_busy        (TaphuanReportsPage  *self);
/* The report shown (borrowed), NULL before the first one or after an error. */
TpReport   *taphuan_reports_page_get_report      (TaphuanReportsPage  *self);
/* The message shown when the report could not be computed, else NULL. */
const char *taphuan_reports_page_get_error       (TaphuanReportsPage  *self);

/* A print operation for the report shown (NULL when none): A4, the pages of
 * the PDF export (tp_report_draw_page). The Print button runs it with the
 * print dialog; a test can export it to a file. */
GtkPrintOperation *taphuan_reports_page_new_print_operation (TaphuanReportsPage *self);
/* Opens the list of records behind figure @key (a window over the page's
 * window); the same as clicking the figure. NULL for an unknown key. */
GtkWindow  *taphuan_reports_page_drill_down      (TaphuanReportsPage  *self,
                                                  const char          *key);
/* The rows a drill-down window lists, -1 while they are loading. */
int         taphuan_reports_drill_down_get_n_rows (GtkWindow          *window);

G_END_DECLS
