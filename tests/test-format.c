/* test-format.c: money, amounts in words and dates as Vietnamese documents
 * write them. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n-lib.h>

#include "tp-format.h"

static void
test_money (void)
{
  static const struct {
    gint64      amount;
    const char *text;
  } cases[] = {
    { 0, "0" },
    { 5, "5" },
    { 999, "999" },
    { 1000, "1.000" },
    { 150000, "150.000" },
    { 1250000, "1.250.000" },
    { 12500000, "12.500.000" },
    { -5000, "-5.000" },
    { G_MAXINT64, "9.223.372.036.854.775.807" },
    { G_MININT64, "-9.223.372.036.854.775.808" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = tp_format_money (cases[i].amount);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_number_words (void)
{
  static const struct {
    gint64      number;
    const char *words;
  } cases[] = {
    { 0, "không" },
    { 1, "một" },
    { 4, "bốn" },
    { 5, "năm" },
    { 10, "mười" },
    { 11, "mười một" },
    { 14, "mười bốn" },
    { 15, "mười lăm" },
    { 20, "hai mươi" },
    { 21, "hai mươi mốt" },
    { 24, "hai mươi tư" },
    { 25, "hai mươi lăm" },
    { 31, "ba mươi mốt" },
    { 55, "năm mươi lăm" },
    { 100, "một trăm" },
    { 101, "một trăm linh một" },
    { 104, "một trăm linh bốn" },
    { 105, "một trăm linh năm" },
    { 110, "một trăm mười" },
    { 111, "một trăm mười một" },
    { 115, "một trăm mười lăm" },
    { 121, "một trăm hai mươi mốt" },
    { 999, "chín trăm chín mươi chín" },
    { 1000, "một nghìn" },
    { 1001, "một nghìn không trăm linh một" },
    { 1010, "một nghìn không trăm mười" },
    { 1015, "một nghìn không trăm mười lăm" },
    { 1100, "một nghìn một trăm" },
    { 21000, "hai mươi mốt nghìn" },
    { 150000, "một trăm năm mươi nghìn" },
    { 300000, "ba trăm nghìn" },
    { 1000500, "một triệu năm trăm" },
    { 1000005, "một triệu không trăm linh năm" },
    { 1005000, "một triệu không trăm linh năm nghìn" },
    { 1250000, "một triệu hai trăm năm mươi nghìn" },
    { 15000000, "mười lăm triệu" },
    { 2000000000, "hai tỷ" },
    { 2000000001, "hai tỷ không trăm linh một" },
    { 1000000000000, "một nghìn tỷ" },
    { 5000000000000000, "năm triệu tỷ" },
    { -21, "âm hai mươi mốt" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = tp_format_number_words (cases[i].number);
      g_assert_cmpstr (words, ==, cases[i].words);
    }
}

static void
test_money_words (void)
{
  g_autofree char *a = tp_format_money_words (1250000);
  g_autofree char *b = tp_format_money_words (0);
  g_autofree char *c = tp_format_money_words (41500000);

  g_assert_cmpstr (a, ==, "Một triệu hai trăm năm mươi nghìn đồng");
  g_assert_cmpstr (b, ==, "Không đồng");
  g_assert_cmpstr (c, ==, "Bốn mươi mốt triệu năm trăm nghìn đồng");
}

static void
test_halves (void)
{
  g_autofree char *a = tp_format_halves (4);
  g_autofree char *b = tp_format_halves (3);
  g_autofree char *c = tp_format_halves (0);
  g_autofree char *d = tp_format_halves (1);

  g_assert_cmpstr (a, ==, "2");
  g_assert_cmpstr (b, ==, "1,5");
  g_assert_cmpstr (c, ==, "0");
  g_assert_cmpstr (d, ==, "0,5");
}

static void
test_dates (void)
{
  g_autofree char *s = tp_format_date_short ("2026-03-05");
  g_autofree char *l = tp_format_date_long ("2026-03-05");
  g_autofree char *d1 = tp_format_date_document ("2026-03-05");
  g_autofree char *d2 = tp_format_date_document ("2026-01-15");
  g_autofree char *d3 = tp_format_date_document ("2026-12-31");

  g_assert_cmpstr (s, ==, "05/03/2026");
  g_assert_cmpstr (l, ==, "ngày 5 tháng 3 năm 2026");
  g_assert_cmpstr (d1, ==, "ngày 05 tháng 3 năm 2026");
  g_assert_cmpstr (d2, ==, "ngày 15 tháng 01 năm 2026");
  g_assert_cmpstr (d3, ==, "ngày 31 tháng 12 năm 2026");

  g_assert_null (tp_format_date_short ("2026-02-30"));
  g_assert_null (tp_format_date_long ("5/3/2026"));
  g_assert_null (tp_format_date_document (NULL));
  g_assert_null (tp_format_date_short ("2026-3-05"));
}

/* The windows' formats follow the interface language: en-GB style in
 * English (the source strings)... */
static void
test_ui_english (void)
{
  g_autofree char *date = tp_format_date_ui ("2026-03-05");
  g_autofree char *weekday = tp_format_date_weekday_ui ("2026-03-03");
  g_autofree char *count = tp_format_count_ui (1234567);
  g_autofree char *small = tp_format_count_ui (999);
  g_autofree char *negative = tp_format_count_ui (-25000);

  g_assert_cmpstr (date, ==, "05/03/2026");
  g_assert_cmpstr (weekday, ==, "Tuesday 03/03/2026");
  g_assert_cmpstr (count, ==, "1,234,567");
  g_assert_cmpstr (small, ==, "999");
  g_assert_cmpstr (negative, ==, "-25,000");
  g_assert_null (tp_format_date_ui ("2026-02-30"));
  g_assert_null (tp_format_date_weekday_ui ("yesterday"));
}

/* ... and Vietnamese under LANGUAGE=vi with the catalogue built in po/,
 * even when LC_TIME and LC_NUMERIC are C (gettext is per process, so this
 * runs in a child). */
static void
test_ui_vietnamese_child (void)
{
  const char *localedir = g_getenv ("TAPHUAN_LOCALEDIR");
  g_autofree char *built = g_test_build_filename (G_TEST_BUILT, "..", "po", NULL);
  g_autofree char *date = NULL;
  g_autofree char *count = NULL;
  g_autofree char *weekday = NULL;

  g_setenv ("LANGUAGE", "vi", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : built);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  date = tp_format_date_ui ("2026-03-05");
  count = tp_format_count_ui (1234567);
  g_assert_cmpstr (date, ==, "05/03/2026");
  g_assert_cmpstr (count, ==, "1.234.567");

  /* The weekday names are newer; the po suite reports them until translated. */
  if (g_str_equal (C_("weekday", "Tuesday"), "Tuesday"))
    {
      g_test_message ("weekday names not yet translated in vi.po");
      return;
    }
  weekday = tp_format_date_weekday_ui ("2026-03-03");
  g_assert_cmpstr (weekday, ==, "Thứ Ba 03/03/2026");
}

static void
test_ui_vietnamese (void)
{
  g_autofree char *mo = g_test_build_filename (G_TEST_BUILT, "..", "po", "vi", "LC_MESSAGES",
                                               GETTEXT_PACKAGE ".mo", NULL);

  if (g_getenv ("TAPHUAN_LOCALEDIR") == NULL && !g_file_test (mo, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("the Vietnamese catalogue is not built");
      return;
    }
  g_test_trap_subprocess ("/format/ui-vietnamese/subprocess", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/format/money", test_money);
  g_test_add_func ("/format/number-words", test_number_words);
  g_test_add_func ("/format/money-words", test_money_words);
  g_test_add_func ("/format/halves", test_halves);
  g_test_add_func ("/format/dates", test_dates);
  g_test_add_func ("/format/ui-english", test_ui_english);
  g_test_add_func ("/format/ui-vietnamese", test_ui_vietnamese);
  g_test_add_func ("/format/ui-vietnamese/subprocess", test_ui_vietnamese_child);
  return g_test_run ();
}
