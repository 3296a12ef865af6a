/* tp-format.h: numbers, money and dates the way Vietnamese documents write
 * them: "1.250.000", "Một triệu hai trăm năm mươi nghìn đồng",
 * "ngày 5 tháng 3 năm 2026", "05/03/2026".
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Digits grouped by dots: 1250000 → "1.250.000", -5000 → "-5.000". */
char *tp_format_money          (gint64      amount);

/* The number in words, lower case, no unit: 105 → "một trăm linh năm",
 * 21 → "hai mươi mốt", 1000000000000 → "một nghìn tỷ". */
char *tp_format_number_words   (gint64      number);

/* An amount of money in words, first letter capitalised, ending in "đồng":
 * 1250000 → "Một triệu hai trăm năm mươi nghìn đồng". */
char *tp_format_money_words    (gint64      amount);

/* Half-units with a decimal comma: 3 → "3", 3 halves → "1,5". */
char *tp_format_halves         (int         halves);

/* "YYYY-MM-DD" → "05/03/2026"; NULL when @date is not a real day. */
char *tp_format_date_short     (const char *date);

/* "YYYY-MM-DD" → "ngày 5 tháng 3 năm 2026"; NULL when not a real day. */
char *tp_format_date_long      (const char *date);

/* The date line of a Decree 30/2020 document: days under 10 and the months
 * 1 and 2 get a leading zero: "ngày 05 tháng 3 năm 2026",
 * "ngày 15 tháng 01 năm 2026". NULL when not a real day. */
char *tp_format_date_document  (const char *date);

/* Parses "YYYY-MM-DD" into a GDate; FALSE when not a real day. */
gboolean tp_format_parse_date  (const char *date,
                                GDate      *out);

/* For the windows, not for documents: these follow the interface language
 * (its translation of the formats), so English reads en-GB style. */

/* "YYYY-MM-DD" → "05/03/2026" in both languages; NULL when not a real day. */
char *tp_format_date_ui         (const char *date);

/* "YYYY-MM-DD" → "Thursday 05/03/2026" / "Thứ Năm 05/03/2026", with the
 * weekday named in the interface language whatever LC_TIME says; NULL when
 * not a real day. */
char *tp_format_date_weekday_ui (const char *date);

/* 1234567 → "1,234,567" in English, "1.234.567" in Vietnamese. */
char *tp_format_count_ui        (gint64      count);

G_END_DECLS
