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

G_END_DECLS
