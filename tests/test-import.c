/* test-import.c: participant lists read from the files people really send
 * (tests/fixtures/import/ and bytes made here for UTF-16, Windows-1258,
 * TCVN3 and VNI), matched against the register, imported all or nothing,
 * undone, and exported again. */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "tp-csv.h"
#include "tp-export.h"
#include "tp-import.h"
#include "tp-privacy.h"
#include "tp-store.h"
#include "tp-text.h"

typedef struct {
  char *dir;
  char *path;
  TpDb *db;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("taphuan-import-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "taphuan.db", NULL);
  f->db = tp_db_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->db);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->path);
  g_free (f->dir);
}

static int
count (TpDb       *db,
       const char *sql)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, NULL);
  int n = -1;

  g_assert_nonnull (stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static char *
fixture_file (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "import", name, NULL);
}

static TpImport *
import_fixture (Fixture    *f,
                const char *name)
{
  g_autofree char *path = fixture_file (name);
  g_autoptr(GError) error = NULL;
  TpImport *import = tp_import_new_from_file (f->db, path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);
  return import;
}

static TpImport *
import_bytes (Fixture    *f,
              const char *data,
              gsize       length,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  TpImport *import = tp_import_new_from_data (f->db, data, length, name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);
  return import;
}

static TpImportStats *
apply (TpImport *import,
       gboolean  dry_run,
       gboolean  skip_invalid,
       const char *course)
{
  TpImportStats *stats = tp_import_stats_new ();
  TpImportOptions options = { dry_run, skip_invalid, course };
  g_autoptr(GError) error = NULL;

  g_assert_true (tp_import_apply (import, &options, stats, &error));
  g_assert_no_error (error);
  return stats;
}

/* The person of that full name in the register (exactly one). */
static TpPerson *
person_named (TpDb       *db,
              const char *name)
{
  g_autoptr(GPtrArray) people = tp_store_list_people (db, NULL, 0, NULL);
  TpPerson *found = NULL;

  for (guint i = 0; i < people->len; i++)
    {
      TpPerson *p = g_ptr_array_index (people, i);

      if (g_str_equal (p->full_name, name))
        {
          g_assert_null (found);
          found = tp_person_copy (p);
        }
    }
  if (found == NULL)
    g_error ("nobody called %s", name);
  return found;
}

static gboolean
lines_contain (GPtrArray  *lines,
               const char *needle)
{
  for (guint i = 0; i < lines->len; i++)
    if (strstr (g_ptr_array_index (lines, i), needle) != NULL)
      return TRUE;
  return FALSE;
}

/* ---- the reader -------------------------------------------------------- */

static const char people_utf8[] =
  "Họ và tên,Giới tính,Năm sinh,Đơn vị\r\n"
  "Nguyễn Thị Ngọc Diễm,Nữ,1985,Hội Liên hiệp Phụ nữ\r\n"
  "Đặng Văn Lâm,Nam,1979,\"UBND xã Bình Lư, Lai Châu\"\r\n";

static void
check_people_table (TpCsvTable *table)
{
  const TpCsvRow *row;

  g_assert_cmpuint (table->rows->len, ==, 3);
  row = g_ptr_array_index (table->rows, 1);
  g_assert_cmpuint (row->n_fields, ==, 4);
  g_assert_cmpstr (row->fields[0], ==, "Nguyễn Thị Ngọc Diễm");
  row = g_ptr_array_index (table->rows, 2);
  g_assert_cmpstr (row->fields[0], ==, "Đặng Văn Lâm");
  g_assert_cmpstr (row->fields[3], ==, "UBND xã Bình Lư, Lai Châu");
  g_assert_cmpuint (row->line, ==, 3);
}

static char *
to_utf16 (const char *text,
          gboolean    big_endian,
          gsize      *length)
{
  g_autoptr(GError) error = NULL;
  gsize n = 0;
  g_autofree char *body = g_convert (text, -1, big_endian ? "UTF-16BE" : "UTF-16LE", "UTF-8",
                                     NULL, &n, &error);
  char *out;

  g_assert_no_error (error);
  out = g_malloc (n + 2);
  out[0] = big_endian ? '\xFE' : '\xFF';
  out[1] = big_endian ? '\xFF' : '\xFE';
  memcpy (out + 2, body, n);
  *length = n + 2;
  return out;
}

static void
test_csv_encodings (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bom = g_strconcat ("\xEF\xBB\xBF", people_utf8, NULL);
  g_autofree char *nfd = g_utf8_normalize (people_utf8, -1, G_NORMALIZE_NFD);
  g_autofree char *cp1258 = NULL;
  gsize length = 0;

  {
    g_autoptr(TpCsvTable) t = tp_csv_read_data (people_utf8, strlen (people_utf8), 0, &error);
    g_assert_no_error (error);
    g_assert_cmpint (t->encoding, ==, TP_CSV_UTF8);
    check_people_table (t);
  }
  {
    g_autoptr(TpCsvTable) t = tp_csv_read_data (bom, strlen (bom), 0, &error);
    g_assert_no_error (error);
    g_assert_cmpint (t->encoding, ==, TP_CSV_UTF8_BOM);
    /* The BOM is not part of the first title. */
    g_assert_cmpstr (((TpCsvRow *) g_ptr_array_index (t->rows, 0))->fields[0], ==, "Họ và tên");
    check_people_table (t);
  }
  /* Windows' keyboard types combining marks: stored NFC all the same. */
  {
    g_autoptr(TpCsvTable) t = tp_csv_read_data (nfd, strlen (nfd), 0, &error);
    g_assert_no_error (error);
    check_people_table (t);
  }
  for (int be = 0; be < 2; be++)
    {
      g_autofree char *data = to_utf16 (people_utf8, be, &length);
      g_autoptr(TpCsvTable) t = tp_csv_read_data (data, length, 0, &error);

      g_assert_no_error (error);
      g_assert_cmpint (t->encoding, ==, be ? TP_CSV_UTF16BE : TP_CSV_UTF16LE);
      check_people_table (t);
    }
  /* Excel's "Unicode Text" is UTF-16 with tabs. */
  {
    g_autofree char *tabs = g_strdelimit (g_strdup (people_utf8), ",", '\t');
    g_autofree char *fixed = NULL;
    g_autofree char *data = NULL;
    g_autoptr(TpCsvTable) t = NULL;

    /* the quoted comma stays a comma */
    fixed = g_strdup (tabs);
    data = to_utf16 (fixed, FALSE, &length);
    t = tp_csv_read_data (data, length, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpint (t->delimiter, ==, '\t');
    g_assert_cmpuint (((TpCsvRow *) g_ptr_array_index (t->rows, 1))->n_fields, ==, 4);
  }
  /* Windows-1258: base letters plus combining tone bytes. */
  cp1258 = g_convert (people_utf8, -1, "CP1258", "UTF-8", NULL, &length, &error);
  g_assert_no_error (error);
  g_assert_false (g_utf8_validate (cp1258, length, NULL));
  {
    g_autoptr(TpCsvTable) t = tp_csv_read_data (cp1258, length, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpint (t->encoding, ==, TP_CSV_CP1258);
    g_assert_cmpint (t->legacy, ==, TP_LEGACY_NONE);
    check_people_table (t);
  }
  /* Broken UTF-16 is an error, not garbage. */
  {
    static const char broken[] = "\xFF\xFE\x00\xD8\x41\x00";
    g_autoptr(TpCsvTable) t = tp_csv_read_data (broken, sizeof broken - 1, 0, &error);

    g_assert_null (t);
    g_assert_error (error, TP_ERROR, TP_ERROR_PARSE);
  }
}

/* Text as the legacy font showed it, one byte per character. */
static char *
latin1_bytes (const char *mojibake,
              gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *bytes = g_convert (mojibake, -1, "ISO-8859-1", "UTF-8", NULL, length, &error);

  g_assert_no_error (error);
  return bytes;
}

static void
test_csv_legacy (void)
{
  static const char tcvn3[] =
    "Hä vµ tªn,Giíi tÝnh,N¨m sinh\n"
    "NguyÔn V¨n Anh,Nam,1980\n"
    "TrÇn ThÞ Thu H»ng,N÷,1985\n"
    "§Æng V¨n L©m,Nam,1979\n";
  static const char vni[] =
    "Hoï vaø teân,Giôùi tính,Naêm sinh\n"
    "Nguyeãn Vaên Anh,Nam,1980\n"
    "Traàn Thò Thu Haèng,Nöõ,1985\n"
    "Ñaëng Vaên Laâm,Nam,1979\n";
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  {
    g_autofree char *bytes = latin1_bytes (tcvn3, &length);
    g_autoptr(TpCsvTable) t = tp_csv_read_data (bytes, length, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpint (t->legacy, ==, TP_LEGACY_TCVN3);
    g_assert_cmpuint (t->n_legacy_fields, >=, 6);
    g_assert_cmpstr (((TpCsvRow *) g_ptr_array_index (t->rows, 0))->fields[0], ==, "Họ và tên");
    g_assert_cmpstr (((TpCsvRow *) g_ptr_array_index (t->rows, 2))->fields[0], ==, "Trần Thị Thu Hằng");
    g_assert_cmpstr (((TpCsvRow *) g_ptr_array_index (t->rows, 3))->fields[0], ==, "Đặng Văn Lâm");
  }
  {
    g_autofree char *bytes = latin1_bytes (vni, &length);
    g_autoptr(TpCsvTable) t = tp_csv_read_data (bytes, length, 0, &error);

    g_assert_no_error (error);
    g_assert_cmpint (t->legacy, ==, TP_LEGACY_VNI);
    g_assert_cmpstr (((TpCsvRow *) g_ptr_array_index (t->rows, 1))->fields[0], ==, "Nguyễn Văn Anh");
    g_assert_cmpstr (((TpCsvRow *) g_ptr_array_index (t->rows, 2))->fields[1], ==, "Nữ");
  }
  /* Excel saved the .VnTime cells as UTF-8: still recognised. */
  {
    g_autoptr(TpCsvTable) t = tp_csv_read_data (tcvn3, strlen (tcvn3), 0, &error);

    g_assert_no_error (error);
    g_assert_cmpint (t->encoding, ==, TP_CSV_UTF8);
    g_assert_cmpint (t->legacy, ==, TP_LEGACY_TCVN3);
    g_assert_cmpstr (((TpCsvRow *) g_ptr_array_index (t->rows, 1))->fields[0], ==, "Nguyễn Văn Anh");
  }
}

static void
test_csv_delimiters_and_quotes (void)
{
  static const char semicolons[] =
    "sep=;\n"
    "Họ tên;Ghi chú\n"
    "\"Lê Thị \"\"Bé\"\" Ba\";\"dòng một\r\ndòng hai\"\n"
    "\n"
    ";;\n"
    "Vũ Văn Tư;x\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(TpCsvTable) t = tp_csv_read_data (semicolons, strlen (semicolons), 0, &error);
  const TpCsvRow *row;

  g_assert_no_error (error);
  g_assert_cmpint (t->delimiter, ==, ';');
  /* "sep=", the blank line and the empty row are not rows. */
  g_assert_cmpuint (t->rows->len, ==, 3);
  row = g_ptr_array_index (t->rows, 1);
  g_assert_cmpuint (row->line, ==, 3);
  g_assert_cmpstr (row->fields[0], ==, "Lê Thị \"Bé\" Ba");
  g_assert_cmpstr (row->fields[1], ==, "dòng một dòng hai");
  row = g_ptr_array_index (t->rows, 2);
  /* The record after a two-line field starts on line 7. */
  g_assert_cmpuint (row->line, ==, 7);

  g_assert_cmpint (tp_csv_detect_delimiter ("a\tb\tc\n1\t2\t3\n", 0), ==, '\t');
  g_assert_cmpint (tp_csv_detect_delimiter ("a;b;c\n\"1,5\";2;3\n", 0), ==, ';');
  g_assert_cmpint (tp_csv_detect_delimiter ("Tiêu đề,,\na,b,c\n1,2,3\n", 0), ==, ',');

  g_clear_pointer (&t, tp_csv_table_free);
  t = tp_csv_read_data ("a,b\n\"never closed,x\n1,2\n", 22, 0, &error);
  g_assert_null (t);
  g_assert_error (error, TP_ERROR, TP_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "2"));
}

static void
test_csv_write (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  tp_csv_append_field (out, "a,b", ',');
  g_string_append_c (out, ',');
  tp_csv_append_field (out, "say \"hi\"", ',');
  g_string_append_c (out, ',');
  tp_csv_append_field (out, "=HYPERLINK(\"x\")", ',');
  g_string_append_c (out, ',');
  tp_csv_append_field (out, "+84 912 345 678", ',');
  g_assert_cmpstr (out->str, ==, "\"a,b\",\"say \"\"hi\"\"\",\"'=HYPERLINK(\"\"x\"\")\",+84 912 345 678");
}

/* ---- headers and values ------------------------------------------------ */

static void
test_header_titles (void)
{
  static const struct {
    const char    *title;
    TpImportField  field;
  } cases[] = {
    { "Họ và tên", TP_IMPORT_FIELD_FULL_NAME },
    { "Họ tên", TP_IMPORT_FIELD_FULL_NAME },
    { "HO TEN", TP_IMPORT_FIELD_FULL_NAME },
    { "  họ   và  TÊN (*) ", TP_IMPORT_FIELD_FULL_NAME },
    { "Full name", TP_IMPORT_FIELD_FULL_NAME },
    { "Họ và tên học viên", TP_IMPORT_FIELD_FULL_NAME },
    { "Họ", TP_IMPORT_FIELD_FAMILY_NAME },
    { "Tên đệm", TP_IMPORT_FIELD_MIDDLE_NAME },
    { "Tên", TP_IMPORT_FIELD_GIVEN_NAME },
    { "Họ và tên đệm", TP_IMPORT_FIELD_FAMILY_MIDDLE },
    { "Giới tính", TP_IMPORT_FIELD_SEX },
    { "Nam/Nữ", TP_IMPORT_FIELD_SEX },
    { "Sex", TP_IMPORT_FIELD_SEX },
    { "Năm sinh", TP_IMPORT_FIELD_BIRTH_YEAR },
    { "Ngày sinh", TP_IMPORT_FIELD_BIRTH_DATE },
    { "Ngày tháng năm sinh", TP_IMPORT_FIELD_BIRTH_DATE },
    { "Ngày, tháng, năm sinh", TP_IMPORT_FIELD_BIRTH_DATE },
    { "Dân tộc", TP_IMPORT_FIELD_ETHNICITY },
    { "Chức vụ", TP_IMPORT_FIELD_POSITION },
    { "Đơn vị", TP_IMPORT_FIELD_ORGANIZATION },
    { "Đơn vị công tác", TP_IMPORT_FIELD_ORGANIZATION },
    { "Cơ quan", TP_IMPORT_FIELD_ORGANIZATION },
    { "Số điện thoại", TP_IMPORT_FIELD_PHONE },
    { "SĐT", TP_IMPORT_FIELD_PHONE },
    { "Điện thoại", TP_IMPORT_FIELD_PHONE },
    { "Email", TP_IMPORT_FIELD_EMAIL },
    { "E-mail", TP_IMPORT_FIELD_EMAIL },
    { "Email Address", TP_IMPORT_FIELD_EMAIL },
    { "CCCD", TP_IMPORT_FIELD_NATIONAL_ID },
    { "Số CCCD", TP_IMPORT_FIELD_NATIONAL_ID },
    { "Số định danh", TP_IMPORT_FIELD_NATIONAL_ID },
    { "Tỉnh/Thành phố", TP_IMPORT_FIELD_PROVINCE },
    { "Xã/Phường", TP_IMPORT_FIELD_COMMUNE },
    { "STT", TP_IMPORT_FIELD_SEQUENCE },
    { "Ghi chú", TP_IMPORT_FIELD_NONE },
    { "Ký tên", TP_IMPORT_FIELD_NONE },
    { "Dấu thời gian", TP_IMPORT_FIELD_NONE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *nfd = g_utf8_normalize (cases[i].title, -1, G_NORMALIZE_NFD);

      if (tp_import_field_for_title (cases[i].title) != cases[i].field)
        g_error ("“%s” read as %s, expected %s", cases[i].title,
                 tp_import_field_to_string (tp_import_field_for_title (cases[i].title)),
                 tp_import_field_to_string (cases[i].field));
      g_assert_cmpint (tp_import_field_for_title (nfd), ==, cases[i].field);
    }
}

static void
test_dates (void)
{
  static const struct {
    const char *text;
    const char *date;
    int         year;
  } good[] = {
    { "15/03/1985", "1985-03-15", 1985 },
    { "5/3/1985", "1985-03-05", 1985 },
    { "1/2/88", "1988-02-01", 1988 },
    { "01-02-1975", "1975-02-01", 1975 },
    { "01.02.1975", "1975-02-01", 1975 },
    { "1990-07-30", "1990-07-30", 1990 },
    { "33239", "1991-01-01", 1991 },
    { "32874.0", "1990-01-01", 1990 },
    { "1985", NULL, 1985 },
    { "15/03/1985 0:00", "1985-03-15", 1985 },
  };
  static const char * const bad[] = {
    "", "abc", "31/02/1990", "13/13/1990", "1990-13-01", "12/25/1990", "15/03", "1/2/3", "--",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *date = NULL;
      int year = 0;

      if (!tp_import_parse_date (good[i].text, &date, &year))
        g_error ("“%s” not read as a date", good[i].text);
      g_assert_cmpstr (date, ==, good[i].date);
      g_assert_cmpint (year, ==, good[i].year);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *date = NULL;
      int year = 0;

      if (tp_import_parse_date (bad[i], &date, &year))
        g_error ("“%s” read as a date (%s)", bad[i], date);
    }
}

/* ---- importing --------------------------------------------------------- */

/* A "Đồng ý" column records consent to the ethnicity (docs/data-safety.md). */
static void
test_import_consent (Fixture       *f,
                     gconstpointer  data)
{
  static const char csv[] =
    "Họ và tên,Giới tính,Năm sinh,Dân tộc,Đồng ý\n"
    "Lò Thị Bình,Nữ,1985,Thái,x\n"
    "Sùng A Páo,Nam,1979,HMông,Đồng ý\n"
    "Hoàng Văn Đức,Nam,1990,Tày,\n"
    "Vàng Thị Dính,Nữ,1992,Dao,không\n";
  g_autoptr(TpImport) import = import_bytes (f, csv, strlen (csv), "consent.csv");
  g_autoptr(TpImportStats) stats = NULL;
  g_autoptr(TpPerson) binh = NULL;
  g_autoptr(TpPerson) pao = NULL;
  g_autoptr(TpPerson) duc = NULL;
  g_autoptr(TpPerson) dinh = NULL;

  g_assert_cmpint (tp_import_get_column_field (import, 4), ==, TP_IMPORT_FIELD_CONSENT);
  stats = apply (import, FALSE, FALSE, NULL);
  g_assert_cmpuint (stats->n_new, ==, 4);

  binh = person_named (f->db, "Lò Thị Bình");
  g_assert_cmpstr (binh->ethnicity_id, ==, "thai");
  g_assert_true (binh->consent_sensitive);
  g_assert_cmpstr (binh->consent_method, ==, "csv-import");
  pao = person_named (f->db, "Sùng A Páo");
  g_assert_true (pao->consent_sensitive);
  /* No mark, or "không": no consent recorded (the ethnicity is still read:
   * see docs/data-safety.md; `check` counts these people). */
  duc = person_named (f->db, "Hoàng Văn Đức");
  g_assert_false (duc->consent_sensitive);
  dinh = person_named (f->db, "Vàng Thị Dính");
  g_assert_false (dinh->consent_sensitive);
  g_assert_cmpuint (tp_privacy_count_without_consent (f->db), ==, 2);
}


static void
test_import_title_rows (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TpImport) import = import_fixture (f, "comma-title-rows.csv");
  g_autoptr(TpImportStats) stats = NULL;
  g_autoptr(TpPerson) binh = NULL;
  g_autoptr(TpPerson) pao = NULL;
  GPtrArray *unrecognised = tp_import_get_unrecognised (import);

  g_assert_cmpuint (tp_import_get_header_line (import), ==, 4);
  g_assert_cmpuint (tp_import_get_n_rows (import), ==, 3);
  g_assert_cmpuint (unrecognised->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (unrecognised, 0), ==, "Ghi chú (column I)");
  g_assert_true (lines_contain (tp_import_get_notes (import), "row 4"));
  g_assert_cmpuint (tp_import_get_row (import, 2)->line, ==, 8);
  g_assert_cmpuint (tp_import_count_errors (import), ==, 0);

  stats = apply (import, FALSE, FALSE, NULL);
  g_assert_cmpuint (stats->n_new, ==, 3);
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 3);

  binh = person_named (f->db, "Lò Thị Bình");
  g_assert_cmpint (binh->sex, ==, TP_SEX_FEMALE);
  g_assert_cmpint (binh->birth_year, ==, 1985);
  g_assert_cmpstr (binh->ethnicity_id, ==, "thai");
  g_assert_cmpstr (binh->organization, ==, "Hội LHPN xã Bình Lư");
  /* Excel dropped the leading zero; read back, and said so. */
  g_assert_cmpstr (binh->phone, ==, "0912345679");
  g_assert_true (lines_contain (stats->warnings, "Row 6: the phone number “912345679” had lost its leading zero"));
  pao = person_named (f->db, "Sùng A Páo");
  g_assert_cmpint (pao->sex, ==, TP_SEX_MALE);
  g_assert_cmpstr (pao->ethnicity_id, ==, "hmong");
  g_assert_cmpstr (pao->given_name, ==, "Páo");
}

static void
test_import_semicolon_dates (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(TpImport) import = import_fixture (f, "semicolon.csv");
  g_autoptr(TpImportStats) stats = apply (import, FALSE, FALSE, NULL);
  g_autoptr(TpPerson) hong = person_named (f->db, "Trần Thị Hồng");
  g_autoptr(TpPerson) duc = person_named (f->db, "Phạm Minh Đức");
  g_autoptr(TpPerson) son = person_named (f->db, "Hoàng Văn Sơn");
  g_autoptr(TpPerson) mai = person_named (f->db, "Vi Thị Mai");

  g_assert_cmpint (tp_import_get_table (import)->delimiter, ==, ';');
  g_assert_cmpuint (stats->n_new, ==, 4);
  g_assert_cmpstr (hong->birth_date, ==, "1979-11-05");
  g_assert_cmpint (hong->sex, ==, TP_SEX_FEMALE);
  g_assert_cmpstr (hong->email, ==, "hong.tt@example.vn");
  g_assert_cmpstr (duc->birth_date, ==, "1988-02-01");
  g_assert_cmpint (duc->sex, ==, TP_SEX_MALE);
  g_assert_cmpstr (duc->ethnicity_id, ==, "tay");
  g_assert_cmpstr (son->birth_date, ==, "1990-07-30");
  g_assert_cmpstr (mai->birth_date, ==, "1991-01-01");
  g_assert_cmpint (mai->sex, ==, TP_SEX_FEMALE);
}

static void
test_import_english_tsv (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(TpImport) import = import_fixture (f, "english.tsv");
  g_autoptr(TpImportStats) stats = apply (import, FALSE, FALSE, NULL);
  g_autoptr(TpPerson) binh = person_named (f->db, "Nguyen Van Binh");

  g_assert_cmpint (tp_import_get_table (import)->delimiter, ==, '\t');
  g_assert_cmpuint (stats->n_new, ==, 2);
  g_assert_cmpstr (binh->national_id, ==, "010680123456");
  g_assert_cmpint (binh->birth_year, ==, 1968);
  g_assert_true (lines_contain (stats->warnings, "Row 3: the ID number"));
}

static void
check_nam_nu (Fixture *f)
{
  g_autoptr(TpPerson) hai = person_named (f->db, "Nguyễn Văn Hải");
  g_autoptr(TpPerson) hoa = person_named (f->db, "Lê Thị Hoa");

  g_assert_cmpint (hai->sex, ==, TP_SEX_MALE);
  g_assert_cmpint (hai->birth_year, ==, 1970);
  g_assert_cmpint (hoa->sex, ==, TP_SEX_FEMALE);
  g_assert_cmpint (hoa->birth_year, ==, 1982);
  g_assert_cmpstr (hoa->family_name, ==, "Lê");
  g_assert_cmpstr (hoa->given_name, ==, "Hoa");
}

static void
test_import_nam_nu (Fixture       *f,
                    gconstpointer  data)
{
  {
    g_autoptr(TpImport) import = import_fixture (f, "nam-nu-columns.csv");
    g_autoptr(TpImportStats) stats = apply (import, FALSE, FALSE, NULL);

    g_assert_cmpint (tp_import_get_column_field (import, 4), ==, TP_IMPORT_FIELD_YEAR_MALE);
    g_assert_cmpint (tp_import_get_column_field (import, 5), ==, TP_IMPORT_FIELD_YEAR_FEMALE);
    g_assert_cmpuint (stats->n_new, ==, 2);
    check_nam_nu (f);
  }
  /* "Năm sinh" merged over "Nam" | "Nữ" on the row below: the same
   * people, so they match. */
  {
    g_autoptr(TpImport) import = import_fixture (f, "nam-nu-subheader.csv");
    g_autoptr(TpImportStats) stats = apply (import, FALSE, FALSE, NULL);
    g_autoptr(TpPerson) chu = person_named (f->db, "Mùa A Chứ");

    g_assert_cmpuint (tp_import_get_row (import, 0)->line, ==, 3);
    g_assert_cmpuint (stats->n_matched, ==, 2);
    g_assert_cmpuint (stats->n_new, ==, 1);
    g_assert_cmpint (chu->sex, ==, TP_SEX_MALE);
    g_assert_cmpint (chu->birth_year, ==, 1995);
    check_nam_nu (f);
  }
  /* Both columns filled in: the row says two things. */
  {
    static const char both[] = "Họ và tên,Nam,Nữ\nA Bê,1980,1981\n";
    g_autoptr(TpImport) import = import_bytes (f, both, strlen (both), "both.csv");

    g_assert_cmpuint (tp_import_count_errors (import), ==, 1);
  }
}

static void
test_import_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TpImport) import = import_fixture (f, "errors.csv");
  g_autoptr(TpImportStats) stats = tp_import_stats_new ();
  g_autoptr(GError) error = NULL;
  TpImportOptions options = { 0 };
  g_autoptr(TpImportStats) skipped = NULL;
  const char *expected[] = {
    "Row 3: birth year 1890 is out of range",
    "Row 5: The national ID number “12345” must have exactly 12 digits",
    "Row 6: “dung-at-example” is not an e-mail address",
    "Row 7: “Không rõ” is not a sex",
  };

  g_assert_false (tp_import_apply (import, &options, stats, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "4 rows have errors; nothing was imported"));
  g_assert_cmpuint (stats->n_errors, ==, 4);
  g_assert_cmpuint (stats->errors->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    if (!g_str_has_prefix (g_ptr_array_index (stats->errors, i), expected[i]))
      g_error ("error %u is “%s”, expected “%s…”", i,
               (char *) g_ptr_array_index (stats->errors, i), expected[i]);
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log WHERE table_name = 'people'"), ==, 0);

  /* Asked to: the valid row goes in, the others are reported. */
  skipped = apply (import, FALSE, TRUE, NULL);
  g_assert_cmpuint (skipped->n_new, ==, 1);
  g_assert_cmpuint (skipped->n_errors, ==, 4);
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 1);
}

static void
test_import_no_header (Fixture       *f,
                       gconstpointer  data)
{
  static const char text[] = "1,2,3\n4,5,6\n";
  g_autoptr(GError) error = NULL;
  TpImport *import = tp_import_new_from_data (f->db, text, strlen (text), "numbers.csv", &error);

  g_assert_null (import);
  g_assert_error (error, TP_ERROR, TP_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "numbers.csv: No header row found"));
}

static void
test_import_legacy_file (Fixture       *f,
                         gconstpointer  data)
{
  static const char tcvn3[] =
    "Danh s¸ch häc viªn\n"
    "Hä vµ tªn,Giíi tÝnh,N¨m sinh,§¬n vÞ\n"
    "NguyÔn V¨n Anh,Nam,1980,Phßng Lao ®éng - Th\xc2\xad¬ng binh vµ X· héi\n"
    "TrÇn ThÞ Thu H»ng,N÷,1985,Héi Phô n÷\n";
  gsize length = 0;
  g_autofree char *bytes = latin1_bytes (tcvn3, &length);
  g_autoptr(TpImport) import = import_bytes (f, bytes, length, "tcvn3.csv");
  g_autoptr(TpImportStats) stats = apply (import, FALSE, FALSE, NULL);
  g_autoptr(TpPerson) anh = person_named (f->db, "Nguyễn Văn Anh");
  g_autoptr(TpPerson) hang = person_named (f->db, "Trần Thị Thu Hằng");

  g_assert_true (lines_contain (tp_import_get_notes (import), "TCVN3"));
  g_assert_cmpuint (stats->n_new, ==, 2);
  g_assert_cmpstr (anh->organization, ==, "Phòng Lao động - Thương binh và Xã hội");
  g_assert_cmpint (hang->sex, ==, TP_SEX_FEMALE);
}

static void
test_import_vni_file (Fixture       *f,
                      gconstpointer  data)
{
  static const char vni[] =
    "Hoï vaø teân;Giôùi tính;Naêm sinh\n"
    "Leâ Quang Ñaïo;Nam;1970\n"
    "Phaïm Thò Kim Tuyeán;Nöõ;1983\n";
  gsize length = 0;
  g_autofree char *bytes = latin1_bytes (vni, &length);
  g_autoptr(TpImport) import = import_bytes (f, bytes, length, "vni.csv");
  g_autoptr(TpImportStats) stats = apply (import, FALSE, FALSE, NULL);
  g_autoptr(TpPerson) dao = person_named (f->db, "Lê Quang Đạo");
  g_autoptr(TpPerson) tuyen = person_named (f->db, "Phạm Thị Kim Tuyến");

  g_assert_true (lines_contain (tp_import_get_notes (import), "VNI"));
  g_assert_cmpint (tuyen->sex, ==, TP_SEX_FEMALE);
  g_assert_cmpint (dao->birth_year, ==, 1970);
}

static void
test_import_utf16_cp1258_files (Fixture       *f,
                                gconstpointer  data)
{
  static const char text[] =
    "Họ và tên\tGiới tính\tNăm sinh\tĐơn vị\n"
    "Nguyễn Thị Ngọc Diễm\tNữ\t1985\tHội Liên hiệp Phụ nữ\n";
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  g_autofree char *utf16 = to_utf16 (text, FALSE, &length);
  g_autofree char *cp1258 = NULL;

  {
    g_autoptr(TpImport) import = import_bytes (f, utf16, length, "unicode.txt");
    g_autoptr(TpImportStats) stats = apply (import, FALSE, FALSE, NULL);

    g_assert_cmpuint (stats->n_new, ==, 1);
    g_assert_true (lines_contain (tp_import_get_notes (import), "UTF-16"));
  }
  /* The same person saved as Windows-1258 is found again. */
  cp1258 = g_convert (text, -1, "CP1258", "UTF-8", NULL, &length, &error);
  g_assert_no_error (error);
  {
    g_autoptr(TpImport) import = import_bytes (f, cp1258, length, "ansi.csv");
    g_autoptr(TpImportStats) stats = apply (import, FALSE, FALSE, NULL);

    g_assert_cmpuint (stats->n_matched, ==, 1);
    g_assert_true (lines_contain (tp_import_get_notes (import), "Windows-1258"));
  }
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 1);
}

static TpPerson *
save_person (Fixture    *f,
             const char *name,
             TpSex       sex,
             int         year,
             const char *org,
             const char *national_id)
{
  g_autoptr(GError) error = NULL;
  TpPerson *p = tp_person_new ();

  p->full_name = g_strdup (name);
  p->sex = sex;
  p->birth_year = year;
  p->organization = g_strdup (org);
  p->national_id = g_strdup (national_id);
  g_assert_true (tp_store_save_person (f->db, p, &error));
  g_assert_no_error (error);
  return p;
}

static void
test_import_matching (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TpPerson) an = save_person (f, "Nguyễn Văn An", TP_SEX_MALE, 1980, NULL, "001080012345");
  g_autoptr(TpPerson) binh = save_person (f, "Lê Thị Bình", TP_SEX_FEMALE, 1985, "Xã A", NULL);
  g_autoptr(TpPerson) cuong = save_person (f, "Trần Văn Cường", TP_SEX_MALE, 1975, "Xã B", NULL);
  g_autoptr(TpPerson) an_after = NULL;
  g_autoptr(TpPerson) binh_after = NULL;
  /* NFD names, a changed spelling of the id holder, other organisations. */
  g_autofree char *text = g_utf8_normalize (
    "Họ và tên,Giới tính,Năm sinh,Đơn vị,CCCD,Điện thoại\n"
    "Nguyễn V. An,Nam,1980,Sở Nội vụ,001080012345,0912345678\n"   /* id number */
    "LÊ THỊ BÌNH,Nữ,1985,xã a,,0987654321\n"                      /* name + year + org */
    "Trần Văn Cường,Nam,1975,Xã C,,\n"                             /* other organisation */
    "Đỗ Thị Dung,Nữ,1990,,,\n"                                     /* new */
    "Đỗ Thị Dung,Nữ,1990,,,\n",                                    /* twice in the file */
    -1, G_NORMALIZE_NFD);
  g_autoptr(TpImport) import = import_bytes (f, text, strlen (text), "list.csv");
  g_autoptr(TpImportStats) stats = NULL;
  const TpImportRow *row;

  row = tp_import_get_row (import, 0);
  g_assert_cmpint (row->decision, ==, TP_IMPORT_MERGE);
  g_assert_cmpstr (row->match->id, ==, an->id);
  row = tp_import_get_row (import, 1);
  g_assert_cmpint (row->decision, ==, TP_IMPORT_MERGE);
  g_assert_cmpstr (row->match->id, ==, binh->id);
  row = tp_import_get_row (import, 2);
  g_assert_cmpint (row->decision, ==, TP_IMPORT_NEW);
  g_assert_false (row->match_sure);
  g_assert_cmpstr (row->match->id, ==, cuong->id);
  row = tp_import_get_row (import, 4);
  g_assert_cmpint (row->decision, ==, TP_IMPORT_SKIP);
  g_assert_cmpint (row->match_row, ==, 3);

  stats = apply (import, FALSE, FALSE, NULL);
  g_assert_cmpuint (stats->n_matched, ==, 2);
  g_assert_cmpuint (stats->n_new, ==, 2);
  g_assert_cmpuint (stats->n_skipped, ==, 1);
  g_assert_true (lines_contain (stats->warnings, "Row 4: may be “Trần Văn Cường”"));
  g_assert_true (lines_contain (stats->warnings, "Row 6: repeats row 5"));

  /* Merging fills in, never overwrites. */
  an_after = tp_store_get_person (f->db, an->id, NULL);
  g_assert_cmpstr (an_after->full_name, ==, "Nguyễn Văn An");
  g_assert_cmpstr (an_after->phone, ==, "0912345678");
  g_assert_cmpstr (an_after->organization, ==, "Sở Nội vụ");
  binh_after = tp_store_get_person (f->db, binh->id, NULL);
  g_assert_cmpstr (binh_after->full_name, ==, "Lê Thị Bình");
  g_assert_cmpstr (binh_after->organization, ==, "Xã A");
  g_assert_cmpstr (binh_after->phone, ==, "0987654321");
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 5);
  /* Stored NFC. */
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM people WHERE full_name = 'Đỗ Thị Dung'"), ==, 1);
}

static void
test_import_decisions (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(TpPerson) an = save_person (f, "Nguyễn Văn An", TP_SEX_MALE, 1980, NULL, NULL);
  static const char text[] =
    "Họ và tên,Giới tính,Năm sinh,Ghi chú,Đơn vị\n"
    "Nguyễn Văn An,Nam,1980,Trưởng thôn,\n"
    "Lê Văn Bảy,Nam,1981,Cán bộ,\n";
  g_autoptr(TpImport) import = import_bytes (f, text, strlen (text), "list.csv");
  g_autoptr(TpImportStats) stats = NULL;

  /* The caller maps the unrecognised column and chooses "new". */
  g_assert_cmpuint (tp_import_get_unrecognised (import)->len, ==, 1);
  tp_import_set_column_field (import, 3, TP_IMPORT_FIELD_POSITION);
  g_assert_cmpuint (tp_import_get_unrecognised (import)->len, ==, 0);
  g_assert_cmpint (tp_import_get_row (import, 0)->decision, ==, TP_IMPORT_MERGE);
  tp_import_set_decision (import, 0, TP_IMPORT_NEW);
  tp_import_set_decision (import, 1, TP_IMPORT_SKIP);
  stats = apply (import, FALSE, FALSE, NULL);
  g_assert_cmpuint (stats->n_new, ==, 1);
  g_assert_cmpuint (stats->n_skipped, ==, 1);
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 2);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM people WHERE position = 'Trưởng thôn'"), ==, 1);
  (void) an;
}

static TpCourse *
make_course (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  TpCourse *c = tp_course_new ();

  c->code = g_strdup ("BDG-01");
  c->title = g_strdup ("Tập huấn bình đẳng giới");
  c->type_id = g_strdup ("gender-knowledge");
  c->start_date = g_strdup ("2026-03-02");
  c->end_date = g_strdup ("2026-03-03");
  g_assert_true (tp_store_save_course (f->db, c, &error));
  g_assert_no_error (error);
  return c;
}

static void
test_import_enrol_undo (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TpPerson) an = save_person (f, "Nguyễn Văn An", TP_SEX_MALE, 1980, NULL, NULL);
  g_autoptr(TpCourse) course = make_course (f);
  g_autoptr(TpImport) import = import_fixture (f, "comma-title-rows.csv");
  g_autoptr(TpImportStats) dry = NULL;
  g_autoptr(TpImportStats) stats = NULL;
  g_autoptr(TpPerson) an_after = NULL;
  g_autoptr(TpPerson) an_undone = NULL;
  g_autoptr(GError) error = NULL;
  int log_before;

  log_before = count (f->db, "SELECT count(*) FROM change_log");

  /* A dry run reports and changes nothing. */
  dry = apply (import, TRUE, FALSE, "BDG-01");
  g_assert_cmpuint (dry->n_new, ==, 2);
  g_assert_cmpuint (dry->n_matched, ==, 1);
  g_assert_cmpuint (dry->n_enrolled, ==, 3);
  g_assert_null (dry->batch_id);
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log"), ==, log_before);

  stats = apply (import, FALSE, FALSE, "BDG-01");
  g_assert_cmpuint (stats->n_enrolled, ==, 3);
  g_assert_nonnull (stats->batch_id);
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 3);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM enrolments"), ==, 3);
  an_after = tp_store_get_person (f->db, an->id, NULL);
  g_assert_cmpstr (an_after->organization, ==, "UBND xã Bình Lư");

  /* Undone as a whole: the two new people gone, An as before. */
  g_assert_true (tp_import_undo (f->db, stats->batch_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM enrolments"), ==, 0);
  an_undone = tp_store_get_person (f->db, an->id, NULL);
  g_assert_null (an_undone->organization);
  g_assert_null (an_undone->phone);
  g_assert_cmpstr (an_undone->full_name, ==, "Nguyễn Văn An");

  /* Not twice. */
  g_assert_false (tp_import_undo (f->db, stats->batch_id, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (tp_import_undo (f->db, "no-such-batch", &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_NOT_FOUND);
}

static void
test_import_undo_conflict (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(TpImport) import = import_fixture (f, "semicolon.csv");
  g_autoptr(TpImportStats) stats = apply (import, FALSE, FALSE, NULL);
  g_autoptr(TpPerson) hong = person_named (f->db, "Trần Thị Hồng");
  g_autoptr(GError) error = NULL;

  /* Someone corrected a person since: undoing would lose that. */
  g_free (hong->position);
  hong->position = g_strdup ("Chuyên viên");
  g_assert_true (tp_store_save_person (f->db, hong, &error));
  g_assert_false (tp_import_undo (f->db, stats->batch_id, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_CONFLICT);
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 4);
}

/* ---- exports ----------------------------------------------------------- */

static void
test_export_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TpImport) import = import_fixture (f, "comma-title-rows.csv");
  g_autoptr(TpCourse) course = make_course (f);
  g_autoptr(TpImportStats) stats = apply (import, FALSE, FALSE, "BDG-01");
  g_autofree char *people = g_build_filename (f->dir, "people.csv", NULL);
  g_autofree char *roster = g_build_filename (f->dir, "roster.csv", NULL);
  g_autofree char *anon = g_build_filename (f->dir, "anon.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  gsize length;

  g_assert_true (tp_export_csv_file (f->db, TP_EXPORT_PEOPLE, NULL, people, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (people, &contents, &length, NULL));
  g_assert_true (g_str_has_prefix (contents, "\xEF\xBB\xBF" TP_EXPORT_PERSONAL_MARK));
  g_assert_nonnull (strstr (contents, "Lò Thị Bình"));
  g_assert_cmpint (g_stat (people, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log WHERE table_name = 'exports'"
                                 " AND json_extract (new, '$.what') = 'people'"
                                 " AND json_extract (new, '$.personal_data') = 1"), ==, 1);

  /* What Taphuan writes, Taphuan reads back: everyone matches. */
  {
    g_autoptr(TpImport) back = NULL;
    g_autoptr(TpImportStats) back_stats = NULL;

    back = tp_import_new_from_file (f->db, people, &error);
    g_assert_no_error (error);
    back_stats = apply (back, FALSE, FALSE, NULL);
    g_assert_cmpuint (back_stats->n_matched, ==, 3);
    g_assert_cmpuint (back_stats->n_new, ==, 0);
  }

  g_assert_true (tp_export_csv_file (f->db, TP_EXPORT_ROSTER, "BDG-01", roster, &error));
  g_assert_false (tp_export_csv_file (f->db, TP_EXPORT_ROSTER, "NOPE", roster, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (tp_export_anonymised_file (f->db, NULL, anon, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (anon, &contents, &length, NULL));
  g_assert_null (strstr (contents, "Bình\","));
  g_assert_null (strstr (contents, "Lò Thị"));
  g_assert_null (strstr (contents, "0912345678"));
  g_assert_null (strstr (contents, TP_EXPORT_PERSONAL_MARK));
  g_assert_nonnull (strstr (contents, "\"birth_year\" : 1985"));
  g_assert_nonnull (strstr (contents, "\"ethnicity\" : \"hmong\""));
  g_assert_nonnull (strstr (contents, "\"women\" : 1"));
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log WHERE table_name = 'exports'"
                                 " AND json_extract (new, '$.personal_data') = 0"), ==, 1);
}

/* ---- the command line -------------------------------------------------- */

static int
run_cli (const char  *db,
         char       **out,
         char       **err,
         ...)
{
  const char *cli = g_getenv ("TAPHUAN_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status = -1;
  va_list args;

  g_ptr_array_add (argv, (char *) cli);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (args, err);
  for (arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autofree char *good = fixture_file ("comma-title-rows.csv");
  g_autofree char *bad = fixture_file ("errors.csv");
  g_autofree char *out_csv = g_build_filename (f->dir, "out.csv", NULL);
  g_autofree char *out_json = g_build_filename (f->dir, "anon.json", NULL);
  char *out = NULL, *err = NULL;

  if (g_getenv ("TAPHUAN_CLI") == NULL)
    {
      g_test_skip ("TAPHUAN_CLI is not set");
      return;
    }
  g_clear_object (&f->db);

  g_assert_cmpint (run_cli (f->path, &out, &err, "import", good, "--dry-run", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Dry run, nothing was saved"));
  g_assert_nonnull (strstr (out, "New people: 3"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  f->db = tp_db_open (f->path, NULL);
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 0);
  g_clear_object (&f->db);

  g_assert_cmpint (run_cli (f->path, &out, &err, "import", bad, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Row 3: birth year 1890 is out of range"));
  g_assert_nonnull (strstr (err, "Row 7: “Không rõ” is not a sex"));
  g_assert_nonnull (strstr (err, "nothing was imported"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f->path, &out, &err, "import", bad, "--skip-invalid", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "New people: 1"));
  g_assert_nonnull (strstr (out, "Rows with errors: 4"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f->path, &out, &err, "import", good, "--course", "NOPE", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "NOPE"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f->path, &out, &err, "export-csv", "people", "-o", out_csv, NULL), ==, 0);
  g_assert_true (g_file_test (out_csv, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f->path, &out, &err, "export-csv", "roster", "-o", out_csv, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f->path, &out, &err, "export", out_json, "--anonymised", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/csv/encodings", test_csv_encodings);
  g_test_add_func ("/import/csv/legacy", test_csv_legacy);
  g_test_add_func ("/import/csv/delimiters-quotes", test_csv_delimiters_and_quotes);
  g_test_add_func ("/import/csv/write", test_csv_write);
  g_test_add_func ("/import/headers", test_header_titles);
  g_test_add_func ("/import/dates", test_dates);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/import/title-rows", test_import_title_rows);
  ADD ("/import/semicolon-dates", test_import_semicolon_dates);
  ADD ("/import/english-tsv", test_import_english_tsv);
  ADD ("/import/nam-nu", test_import_nam_nu);
  ADD ("/import/errors", test_import_errors);
  ADD ("/import/no-header", test_import_no_header);
  ADD ("/import/tcvn3", test_import_legacy_file);
  ADD ("/import/vni", test_import_vni_file);
  ADD ("/import/utf16-cp1258", test_import_utf16_cp1258_files);
  ADD ("/import/matching", test_import_matching);
  ADD ("/import/decisions", test_import_decisions);
  ADD ("/import/consent", test_import_consent);
  ADD ("/import/enrol-undo", test_import_enrol_undo);
  ADD ("/import/undo-conflict", test_import_undo_conflict);
  ADD ("/export/csv", test_export_csv);
  ADD ("/import/cli", test_cli);
#undef ADD
  return g_test_run ();
}
