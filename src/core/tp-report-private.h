/* tp-report-private.h: what the report's renderers (tp-report-pdf.c) see
 * of a TpReport beyond the public API. */
#pragma once

#include "tp-report.h"

G_BEGIN_DECLS

/* A reference item as the report knew it when computed: id, name in the
 * interface language (screen rows) and Vietnamese name (printed). */
typedef struct {
  char *id;
  char *name;
  char *name_vi;
} TpReportLabel;

/* TpReportLabel*, in reference-data order (borrowed). */
GPtrArray  *tp_report_get_course_types    (TpReport *report);
GPtrArray  *tp_report_get_target_groups   (TpReport *report);
GPtrArray  *tp_report_get_funding_sources (TpReport *report);
/* Province name of the filter, or NULL. */
const char *tp_report_get_province_name   (TpReport *report);
const char *tp_report_get_course_type_name (TpReport *report);
/* The same in Vietnamese, for printing. */
const char *tp_report_get_course_type_name_vi (TpReport *report);
/* Office settings for the document header (never NULL; may be ""). */
const char *tp_report_get_parent_agency   (TpReport *report);
const char *tp_report_get_agency          (TpReport *report);
const char *tp_report_get_place           (TpReport *report);
const char *tp_report_get_signer_title    (TpReport *report);
const char *tp_report_get_signer_name     (TpReport *report);
const char *tp_report_get_preparer_name   (TpReport *report);

/* The value of @key, 0 when missing or without value. */
double      tp_report_value_or_zero       (TpReport   *report,
                                           const char *key);

G_END_DECLS
