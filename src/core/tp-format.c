/* tp-format.c: Vietnamese number, money and date formats for documents.
 *
 * These strings are the wording of Vietnamese official forms, not UI text,
 * so they are not translated.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "tp-format.h"

char *
tp_format_money (gint64 amount)
{
  g_autofree char *digits = NULL;
  GString *out = g_string_new (NULL);
  gsize len;
  guint64 magnitude;

  /* G_MININT64 has no positive counterpart in gint64. */
  magnitude = amount < 0 ? (guint64) (-(amount + 1)) + 1 : (guint64) amount;
  digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude);
  len = strlen (digits);
  if (amount < 0)
    g_string_append_c (out, '-');
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, '.');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static const char *const digit_words[] = {
  "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
};

static void
append_word (GString    *out,
             const char *word)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append (out, word);
}

/* One group of three digits. @full: the group follows a higher non-zero
 * group, so its zero hundreds and zero tens are read ("không trăm linh
 * năm"). */
static void
append_group (GString  *out,
              guint     group,
              gboolean  full)
{
  guint hundreds = group / 100;
  guint tens = (group / 10) % 10;
  guint units = group % 10;

  if (hundreds > 0 || full)
    {
      append_word (out, digit_words[hundreds]);
      append_word (out, "trăm");
    }

  if (tens == 0)
    {
      if (units > 0 && (hundreds > 0 || full))
        append_word (out, "linh");
    }
  else if (tens == 1)
    append_word (out, "mười");
  else
    {
      append_word (out, digit_words[tens]);
      append_word (out, "mươi");
    }

  if (units == 0)
    return;
  if (units == 1 && tens >= 2)
    append_word (out, "mốt");
  else if (units == 4 && tens >= 2)
    append_word (out, "tư");
  else if (units == 5 && tens >= 1)
    append_word (out, "lăm");
  else
    append_word (out, digit_words[units]);
}

char *
tp_format_number_words (gint64 number)
{
  /* Scales of the groups of three digits, lowest first. Past "tỷ" the
   * scales repeat: a thousand billion is "nghìn tỷ". */
  static const char *const scales[] = {
    NULL, "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ", "tỷ tỷ",
  };
  GString *out = g_string_new (NULL);
  guint groups[G_N_ELEMENTS (scales)] = { 0 };
  guint64 magnitude;
  int top = 0;
  gboolean started = FALSE;

  if (number == 0)
    {
      g_string_append (out, digit_words[0]);
      return g_string_free (out, FALSE);
    }

  magnitude = number < 0 ? (guint64) (-(number + 1)) + 1 : (guint64) number;
  for (int i = 0; magnitude > 0; i++)
    {
      groups[i] = magnitude % 1000;
      magnitude /= 1000;
      top = i;
    }

  if (number < 0)
    append_word (out, "âm");
  for (int i = top; i >= 0; i--)
    {
      if (groups[i] == 0)
        continue;
      append_group (out, groups[i], started);
      if (scales[i] != NULL)
        append_word (out, scales[i]);
      started = TRUE;
    }
  return g_string_free (out, FALSE);
}

char *
tp_format_money_words (gint64 amount)
{
  g_autofree char *words = tp_format_number_words (amount);
  gunichar first = g_utf8_get_char (words);
  const char *rest = g_utf8_next_char (words);
  char upper[8] = { 0 };

  g_unichar_to_utf8 (g_unichar_totitle (first), upper);
  return g_strconcat (upper, rest, " đồng", NULL);
}

char *
tp_format_halves (int halves)
{
  const char *sign = halves < 0 ? "-" : "";
  int magnitude = ABS (halves);

  if (magnitude % 2 == 0)
    return g_strdup_printf ("%s%d", sign, magnitude / 2);
  return g_strdup_printf ("%s%d,5", sign, magnitude / 2);
}

gboolean
tp_format_parse_date (const char *date,
                      GDate      *out)
{
  int y, m, d;

  if (date == NULL || strlen (date) != 10 || date[4] != '-' || date[7] != '-')
    return FALSE;
  for (int i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (date[i]))
      return FALSE;
  y = atoi (date);
  m = atoi (date + 5);
  d = atoi (date + 8);
  if (!g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

char *
tp_format_date_short (const char *date)
{
  GDate d;

  if (!tp_format_parse_date (date, &d))
    return NULL;
  return g_strdup_printf ("%02d/%02d/%04d", g_date_get_day (&d), g_date_get_month (&d),
                          g_date_get_year (&d));
}

char *
tp_format_date_long (const char *date)
{
  GDate d;

  if (!tp_format_parse_date (date, &d))
    return NULL;
  return g_strdup_printf ("ngày %d tháng %d năm %d", g_date_get_day (&d),
                          g_date_get_month (&d), g_date_get_year (&d));
}

char *
tp_format_date_document (const char *date)
{
  GDate d;
  int month;

  if (!tp_format_parse_date (date, &d))
    return NULL;
  month = g_date_get_month (&d);
  return g_strdup_printf (month <= 2 ? "ngày %02d tháng %02d năm %d" : "ngày %02d tháng %d năm %d",
                          g_date_get_day (&d), month, g_date_get_year (&d));
}

/* ---- the interface language ----------------------------------------------
 *
 * Unlike the functions above these are translated: the catalogue carries
 * each language's date format and digit grouping, so the windows follow the
 * interface language (Preferences ▸ Language) rather than LC_TIME and
 * LC_NUMERIC, which may be C or English on an English desktop.
 */

static char *
format_date_ui (const char *date,
                const char *format)
{
  GDate d;
  g_autoptr(GDateTime) dt = NULL;

  if (!tp_format_parse_date (date, &d))
    return NULL;
  dt = g_date_time_new_utc (g_date_get_year (&d), g_date_get_month (&d),
                            g_date_get_day (&d), 0, 0, 0);
  return dt != NULL ? g_date_time_format (dt, format) : NULL;
}

char *
tp_format_date_ui (const char *date)
{
  /* Translators: a single day, strftime format: 03/03/2026 */
  return format_date_ui (date, _("%d/%m/%Y"));
}

static const char *
weekday_name (GDateWeekday weekday)
{
  switch (weekday)
    {
    case G_DATE_MONDAY: return C_("weekday", "Monday");
    case G_DATE_TUESDAY: return C_("weekday", "Tuesday");
    case G_DATE_WEDNESDAY: return C_("weekday", "Wednesday");
    case G_DATE_THURSDAY: return C_("weekday", "Thursday");
    case G_DATE_FRIDAY: return C_("weekday", "Friday");
    case G_DATE_SATURDAY: return C_("weekday", "Saturday");
    case G_DATE_SUNDAY: return C_("weekday", "Sunday");
    case G_DATE_BAD_WEEKDAY:
    default: return "";
    }
}

char *
tp_format_date_weekday_ui (const char *date)
{
  GDate d;
  g_auto(GStrv) parts = NULL;
  g_autofree char *name = NULL;
  g_autofree char *format = NULL;

  if (!tp_format_parse_date (date, &d))
    return NULL;
  /* %A would name the day in the C library's LC_TIME language; put our own
   * translated name in its place (a literal, so any '%' is doubled). */
  name = g_strjoinv ("%%", (parts = g_strsplit (weekday_name (g_date_get_weekday (&d)), "%", -1)));
  g_clear_pointer (&parts, g_strfreev);
  /* Translators: a session's date, strftime format: "Tuesday 03/03/2026" */
  parts = g_strsplit (_("%A %d/%m/%Y"), "%A", -1);
  format = g_strjoinv (name, parts);
  return format_date_ui (date, format);
}

char *
tp_format_count_ui (gint64 count)
{
  /* Translators: the thousands separator in figures ("," in English, "." in Vietnamese) */
  const char *separator = C_("number", ",");
  g_autofree char *digits = NULL;
  GString *out = g_string_new (NULL);
  guint64 magnitude;
  gsize len;

  magnitude = count < 0 ? (guint64) (-(count + 1)) + 1 : (guint64) count;
  digits = g_strdup_printf ("%" G_GUINT64_FORMAT, magnitude);
  len = strlen (digits);
  if (count < 0)
    g_string_append_c (out, '-');
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}
