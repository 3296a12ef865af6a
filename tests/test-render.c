/* test-render.c: the printed documents, checked in the PDF itself.
 *
 * Courses of 1, 25 and 300 people with realistic Vietnamese names and long
 * organisation names (so cells wrap) are rendered to PDF; pdfinfo gives the
 * page count, pdftotext the text (every name once per sheet, in Vietnamese
 * order, NFC; the header row on every page; the totals and the total in
 * words), pdffonts the embedding. Set TAPHUAN_TEST_KEEP=DIR to keep the
 * PDFs for looking at them.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "tp-attendance.h"
#include "tp-db.h"
#include "tp-format.h"
#include "tp-render.h"
#include "tp-store.h"

#define DAILY_ALLOWANCE 150000

typedef struct {
  char      *dir;
  TpDb      *db;
  TpCourse  *course;
  GPtrArray *names;        /* char*: full names in the order the documents list them */
  gint64     expected_total;
  guint      women;
  guint      minority;
} Fixture;

static const char *const family_names[] = {
  "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
  "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Lò", "Hà", "Triệu",
};
static const char *const middle_female[] = {
  "Thị", "Thị Thu", "Thị Ngọc", "Thu", "Ngọc", "Thị Minh", "Kim", "Thị Thanh",
};
static const char *const middle_male[] = {
  "Văn", "Hữu", "Đức", "Minh", "Quang", "Văn Thành", "Công", "Xuân",
};
static const char *const given_female[] = {
  "Hoa", "Hằng", "Lan", "Hương", "Mai", "Phương", "Thảo", "Trang", "Nga", "Yến",
  "Ánh", "Quỳnh", "Hiền", "Thủy", "Nhung", "Duyên", "Loan", "Oanh",
};
static const char *const given_male[] = {
  "Bình", "Dũng", "Hùng", "Tuấn", "Hải", "Long", "Sơn", "Đạt", "Khánh", "Việt",
  "Cường", "Thắng", "Quân", "Phúc", "Nghĩa", "Toàn",
};
static const char *const organisations[] = {
  "Phòng Văn hóa - Xã hội, Ủy ban nhân dân xã Bảo Thắng, tỉnh Lào Cai",
  "Hội Liên hiệp Phụ nữ phường Cam Đường",
  "Trung tâm Công tác xã hội và Quỹ Bảo trợ trẻ em tỉnh",
  "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã Mường Khương",
  "Sở Nội vụ",
  "Ban vì sự tiến bộ phụ nữ xã Sa Pa",
  "Trường Trung học cơ sở Nguyễn Du",
};
static const char *const positions[] = {
  "Chủ tịch Hội Liên hiệp Phụ nữ xã",
  "Công chức Văn hóa - Xã hội",
  "Phó Chủ tịch Ủy ban nhân dân xã",
  "Chuyên viên",
  "Cán bộ làm công tác bình đẳng giới",
  NULL,
};
static const char *const ethnicities[] = { "kinh", "kinh", "tay", "hmong", "kinh", "thai", "dao" };

static char *
keep_dir (void)
{
  const char *dir = g_getenv ("TAPHUAN_TEST_KEEP");
  return dir != NULL && *dir != '\0' ? g_strdup (dir) : NULL;
}

/* Two course days, morning and afternoon. Person i: day 1 present (late
 * when i % 7 == 3), day 2 morning present, day 2 afternoon absent when
 * i % 5 == 0, and nothing at all for i % 11 == 10. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  guint n = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) enrolments = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) halves = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  f->dir = g_dir_make_tmp ("taphuan-test-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "taphuan.db", NULL);
  f->db = tp_db_open (path, &error);
  g_assert_no_error (error);

  tp_db_set_setting (f->db, "office.parent_agency", "Ủy ban nhân dân tỉnh Lào Cai", &error);
  tp_db_set_setting (f->db, "office.agency", "Sở Nội vụ", &error);
  tp_db_set_setting (f->db, "office.place", "Lào Cai", &error);
  tp_db_set_setting (f->db, "office.signer_title", "GIÁM ĐỐC", &error);
  tp_db_set_setting (f->db, "office.signer_name", "Hoàng Văn Thụ", &error);
  tp_db_set_setting (f->db, "office.preparer_name", "Lý Thị Mai", &error);
  g_assert_no_error (error);

  g_assert_true (tp_db_begin (f->db, &error));
  f->course = tp_course_new ();
  f->course->code = g_strdup ("BDG-2026-03");
  f->course->title = g_strdup ("Lớp tập huấn kiến thức, kỹ năng lồng ghép giới trong xây dựng chính sách, pháp luật");
  f->course->type_id = g_strdup ("tot-gender-equality");
  f->course->start_date = g_strdup ("2026-03-05");
  f->course->end_date = g_strdup ("2026-03-06");
  f->course->venue = g_strdup ("Hội trường Sở Nội vụ tỉnh Lào Cai");
  f->course->daily_allowance = DAILY_ALLOWANCE;
  tp_store_save_course (f->db, f->course, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tp_store_generate_sessions (f->db, f->course->id, &error), ==, 4);

  for (guint i = 0; g_hash_table_size (seen) < n; i++)
    {
      g_autoptr(TpPerson) p = tp_person_new ();
      g_autoptr(TpEnrolment) e = tp_enrolment_new ();
      gboolean female = i % 2 == 0;
      const char *given = female ? given_female[(i / 2) % G_N_ELEMENTS (given_female)]
                                 : given_male[(i / 2) % G_N_ELEMENTS (given_male)];
      const char *middle = female ? middle_female[(i / 7) % G_N_ELEMENTS (middle_female)]
                                  : middle_male[(i / 7) % G_N_ELEMENTS (middle_male)];
      guint k = g_hash_table_size (seen);

      p->full_name = g_strdup_printf ("%s %s %s", family_names[(i / 3) % G_N_ELEMENTS (family_names)],
                                      middle, given);
      if (g_hash_table_contains (seen, p->full_name))
        continue;
      g_hash_table_add (seen, g_strdup (p->full_name));
      p->sex = female ? TP_SEX_FEMALE : TP_SEX_MALE;
      p->birth_year = 1965 + (i * 7) % 35;
      p->organization = g_strdup (organisations[k % G_N_ELEMENTS (organisations)]);
      p->position = g_strdup (positions[k % G_N_ELEMENTS (positions)]);
      p->ethnicity_id = g_strdup (ethnicities[k % G_N_ELEMENTS (ethnicities)]);
      p->consent_sensitive = TRUE;
      p->phone = g_strdup_printf ("09%08u", 12345678 + k);
      tp_store_save_person (f->db, p, &error);
      g_assert_no_error (error);
      if (female)
        f->women++;
      if (!g_str_equal (p->ethnicity_id, "kinh"))
        f->minority++;

      e->course_id = g_strdup (f->course->id);
      e->person_id = g_strdup (p->id);
      tp_store_enrol (f->db, e, &error);
      g_assert_no_error (error);
    }

  sessions = tp_store_list_sessions (f->db, f->course->id, &error);
  enrolments = tp_store_list_enrolments (f->db, f->course->id, &error);
  g_assert_no_error (error);
  f->names = g_ptr_array_new_with_free_func (g_free);
  for (guint k = 0; k < enrolments->len; k++)
    {
      TpEnrolment *e = g_ptr_array_index (enrolments, k);
      g_autoptr(TpPerson) p = tp_store_get_person (f->db, e->person_id, NULL);
      int h = 0;

      g_ptr_array_add (f->names, g_strdup (p->full_name));
      if (k % 11 == 10)
        continue;
      for (guint s = 0; s < 4; s++)
        {
          TpMark mark = TP_MARK_PRESENT;

          if (s == 0 && k % 7 == 3)
            mark = TP_MARK_LATE;
          if (s == 3 && k % 5 == 0)
            mark = TP_MARK_ABSENT;
          tp_store_set_mark (f->db, e->id, ((TpSession *) g_ptr_array_index (sessions, s))->id, mark, &error);
          g_assert_no_error (error);
          if (mark != TP_MARK_ABSENT)
            h++;
        }
      f->expected_total += (gint64) DAILY_ALLOWANCE * h / 2;
    }
  g_assert_true (tp_db_commit (f->db, &error));
  g_assert_cmpuint (f->names->len, ==, n);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_ptr_array_unref (f->names);
  tp_course_free (f->course);
  g_clear_object (&f->db);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
}

/* ---- reading the PDF back ---------------------------------------------- */

static gboolean
have_poppler (void)
{
  g_autofree char *a = g_find_program_in_path ("pdftotext");
  g_autofree char *b = g_find_program_in_path ("pdfinfo");
  g_autofree char *c = g_find_program_in_path ("pdffonts");

  if (a == NULL || b == NULL || c == NULL)
    {
      g_test_skip ("poppler-utils (pdftotext, pdfinfo, pdffonts) are not installed");
      return FALSE;
    }
  return TRUE;
}

static char *
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  g_assert_true (g_utf8_validate (out, -1, NULL));
  return g_steal_pointer (&out);
}

static int
pdf_pages (const char *pdf)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *info = run (argv);
  const char *line = strstr (info, "\nPages:");

  g_assert_nonnull (line);
  return atoi (line + strlen ("\nPages:"));
}

static gboolean
pdf_is_landscape (const char *pdf)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *info = run (argv);
  const char *line = strstr (info, "\nPage size:");
  double w, h;

  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line, "\nPage size: %lf x %lf", &w, &h), ==, 2);
  /* A4 either way. */
  g_assert_cmpfloat (fabs (MIN (w, h) - 595.28), <, 1);
  g_assert_cmpfloat (fabs (MAX (w, h) - 841.89), <, 1);
  return w > h;
}

/* Page @page (1-based; 0 = all), with line breaks and runs of spaces
 * collapsed to one space so wrapped text reads as one line. */
static char *
pdf_text (const char *pdf,
          int         page,
          gboolean    layout)
{
  g_autofree char *first = g_strdup_printf ("%d", page);
  const char *argv_page[] = { "pdftotext", layout ? "-layout" : "-raw", "-f", first, "-l", first, pdf, "-", NULL };
  const char *argv_all[] = { "pdftotext", layout ? "-layout" : "-raw", pdf, "-", NULL };
  g_autofree char *text = run (page > 0 ? argv_page : argv_all);
  g_autofree char *nfc = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  GString *flat = g_string_new (NULL);

  /* What the PDF says is already NFC. */
  g_assert_cmpstr (text, ==, nfc);
  for (const char *p = text; *p != '\0'; p++)
    {
      gboolean space = *p == ' ' || *p == '\n' || *p == '\f' || *p == '\t';

      if (space && (flat->len == 0 || flat->str[flat->len - 1] == ' '))
        continue;
      g_string_append_c (flat, space ? ' ' : *p);
    }
  return g_string_free (flat, FALSE);
}

/* Occurrences of @word in @text as a whole word ("Lan" is not in "Lang"). */
static GArray *
find_all (const char *text,
          const char *word)
{
  GArray *at = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize len = strlen (word);

  for (const char *p = strstr (text, word); p != NULL; p = strstr (p + 1, word))
    {
      gunichar before = p > text ? g_utf8_get_char (g_utf8_prev_char (p)) : ' ';
      gunichar after = g_utf8_get_char (p + len);
      gsize offset = p - text;

      if (g_unichar_isalnum (before) || g_unichar_isalnum (after))
        continue;
      g_array_append_val (at, offset);
    }
  return at;
}

static void
assert_names_once_in_order (Fixture    *f,
                            const char *text)
{
  gsize last = 0;

  for (guint i = 0; i < f->names->len; i++)
    {
      const char *name = g_ptr_array_index (f->names, i);
      g_autoptr(GArray) at = find_all (text, name);

      if (at->len != 1)
        g_error ("“%s” appears %u times, expected once", name, at->len);
      if (g_array_index (at, gsize, 0) < last)
        g_error ("“%s” is out of order", name);
      last = g_array_index (at, gsize, 0);
    }
}

static void
assert_fonts_embedded (const char *pdf)
{
  const char *argv[] = { "pdffonts", pdf, NULL };
  g_autofree char *out = run (argv);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint fonts = 0;

  /* name type encoding emb sub uni object ID; after two header lines. */
  for (guint i = 2; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      guint n;

      if (*lines[i] == '\0')
        continue;
      fields = g_strsplit_set (g_strstrip (lines[i]), " ", -1);
      {
        GPtrArray *kept = g_ptr_array_new ();
        for (guint j = 0; fields[j] != NULL; j++)
          if (*fields[j] != '\0')
            g_ptr_array_add (kept, fields[j]);
        n = kept->len;
        g_assert_cmpuint (n, >=, 6);
        g_assert_cmpstr (g_ptr_array_index (kept, n - 5), ==, "yes");   /* emb */
        g_assert_cmpstr (g_ptr_array_index (kept, n - 3), ==, "yes");   /* uni */
        g_ptr_array_unref (kept);
      }
      fonts++;
    }
  g_assert_cmpuint (fonts, >=, 2);  /* regular and bold at least */
}

static char *
render (Fixture                 *f,
        TpDocumentKind           kind,
        const TpDocumentOptions *options,
        const char              *name,
        int                     *n_pages)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDocument) doc = tp_document_new (f->db, kind, f->course->id, options, &error);
  g_autofree char *keep = keep_dir ();
  g_autofree char *file = g_strdup_printf ("%s-%u.pdf", name, f->names->len);
  char *path = g_build_filename (keep != NULL ? keep : f->dir, file, NULL);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_true (tp_render_to_pdf (doc, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pdf_pages (path), ==, tp_document_get_n_pages (doc));
  if (n_pages != NULL)
    *n_pages = tp_document_get_n_pages (doc);
  assert_fonts_embedded (path);
  return path;
}

static void
assert_header_on_every_page (const char *pdf,
                             int         n_pages,
                             const char *const *headers)
{
  for (int page = 1; page <= n_pages; page++)
    {
      g_autofree char *text = pdf_text (pdf, page, FALSE);

      for (guint i = 0; headers[i] != NULL; i++)
        if (strstr (text, headers[i]) == NULL)
          g_error ("page %d of %s lacks the header “%s”", page, pdf, headers[i]);
    }
}

static void
assert_contains (const char *text,
                 const char *what)
{
  if (strstr (text, what) == NULL)
    g_error ("“%s” is not in the document", what);
}

/* ---- the documents ----------------------------------------------------- */

static void
test_signin (Fixture       *f,
             gconstpointer  data)
{
  const char *const headers[] = { "STT", "Họ và tên", "Năm sinh", "Chức vụ", "Đơn vị công tác", "Ký tên", "Ghi chú", NULL };
  const char *const days[] = { "2026-03-05", "2026-03-06" };
  g_autofree char *total = g_strdup_printf ("Tổng số: %u người (Nữ: %u; DTTS: %u)",
                                            f->names->len, f->women, f->minority);

  if (!have_poppler ())
    return;

  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    {
      TpDocumentOptions options;
      g_autofree char *name = g_strdup_printf ("signin-%s", days[d]);
      g_autofree char *pdf = NULL;
      g_autofree char *text = NULL;
      g_autofree char *date_line = NULL;
      int pages;

      tp_document_options_init (&options);
      options.date = days[d];
      pdf = render (f, TP_DOCUMENT_SIGNIN, &options, name, &pages);
      text = pdf_text (pdf, 0, TRUE);
      assert_names_once_in_order (f, text);
      assert_header_on_every_page (pdf, pages, headers);
      g_assert_true (pdf_is_landscape (pdf));
      assert_contains (text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
      assert_contains (text, "Độc lập - Tự do - Hạnh phúc");
      assert_contains (text, "ỦY BAN NHÂN DÂN TỈNH LÀO CAI");
      assert_contains (text, "SỞ NỘI VỤ");
      assert_contains (text, "DANH SÁCH HỌC VIÊN KÝ TÊN");
      assert_contains (text, f->course->title);
      assert_contains (text, d == 0 ? "Thứ Năm, ngày 05/03/2026" : "Thứ Sáu, ngày 06/03/2026");
      assert_contains (text, total);
      date_line = g_strdup_printf ("Lào Cai, ngày 0%d tháng 3 năm 2026", 5 + d);
      assert_contains (text, date_line);
      assert_contains (text, "NGƯỜI LẬP BIỂU");
      assert_contains (text, "GIÁM ĐỐC");
      assert_contains (text, "Lý Thị Mai");
      assert_contains (text, "Hoàng Văn Thụ");
      /* Ethnicity is sensitive: not printed unless asked for. */
      g_assert_null (strstr (text, "Dân tộc"));
      g_assert_null (strstr (text, "Tày"));
      if (f->names->len == 300)
        g_assert_cmpint (pages, >, 5);
      if (f->names->len == 1)
        g_assert_cmpint (pages, ==, 1);
    }
}

static void
test_signin_all_days (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GArray) titles = NULL;
  TpDocumentOptions options;
  int pages;

  if (!have_poppler ())
    return;
  tp_document_options_init (&options);
  options.columns |= TP_COLUMN_ETHNICITY;
  pdf = render (f, TP_DOCUMENT_SIGNIN, &options, "signin-all", &pages);
  text = pdf_text (pdf, 0, TRUE);

  /* One sheet per day, in order, each with everybody. */
  titles = find_all (text, "DANH SÁCH HỌC VIÊN KÝ TÊN");
  g_assert_cmpuint (titles->len, ==, 2);
  g_assert_true (strstr (text, "ngày 05/03/2026") < strstr (text, "ngày 06/03/2026"));
  for (guint i = 0; i < f->names->len; i++)
    {
      g_autoptr(GArray) at = find_all (text, g_ptr_array_index (f->names, i));
      g_assert_cmpuint (at->len, ==, 2);
    }
  /* Asked for: the ethnicity column, for people who consented. */
  assert_contains (text, "Dân tộc");
  if (f->names->len >= 25)
    assert_contains (text, "Tày");
}

static void
test_attendance (Fixture       *f,
                 gconstpointer  data)
{
  const char *const headers[] = { "STT", "Họ và tên", "05/03", "06/03", "Số buổi", "Tỷ lệ", "Kết quả", NULL };
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *summary = NULL;
  guint complete = 0;
  int pages;

  if (!have_poppler ())
    return;
  pdf = render (f, TP_DOCUMENT_ATTENDANCE, NULL, "attendance", &pages);
  text = pdf_text (pdf, 0, FALSE);
  assert_names_once_in_order (f, text);
  assert_header_on_every_page (pdf, pages, headers);
  assert_contains (text, "BẢNG TỔNG HỢP ĐIỂM DANH");
  assert_contains (text, "Ký hiệu: x: có mặt; M: đi muộn");

  /* 80 %: 3 of 4 sessions (75 %) is not enough, 4 of 4 is. */
  for (guint k = 0; k < f->names->len; k++)
    if (k % 11 != 10 && k % 5 != 0)
      complete++;
  summary = g_strdup_printf ("Tổng số: %u người; hoàn thành: %u người; chưa hoàn thành: %u người",
                             f->names->len, complete, f->names->len - complete);
  assert_contains (text, summary);
  if (f->names->len >= 25)
    {
      assert_contains (text, "4/4 100% Hoàn thành");
      assert_contains (text, "3/4 75% Chưa hoàn thành");
      assert_contains (text, "0/4 0% Chưa hoàn thành");
    }
}

static void
test_roster (Fixture       *f,
             gconstpointer  data)
{
  const char *const headers[] = { "STT", "Họ và tên", "Giới tính", "Năm sinh", "Điện thoại", "Email", NULL };
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  int pages;

  if (!have_poppler ())
    return;
  pdf = render (f, TP_DOCUMENT_ROSTER, NULL, "roster", &pages);
  text = pdf_text (pdf, 0, TRUE);
  assert_names_once_in_order (f, text);
  assert_header_on_every_page (pdf, pages, headers);
  assert_contains (text, "0912345678");
  g_assert_null (strstr (text, "Dân tộc"));
}

static void
test_receipts (Fixture       *f,
               gconstpointer  data)
{
  const char *const headers[] = { "STT", "Họ và tên", "Số ngày", "Mức hỗ trợ", "Thành tiền", "Ký nhận", "Cộng trang", NULL };
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *last = NULL;
  g_autofree char *money = tp_format_money (f->expected_total);
  g_autofree char *words = tp_format_money_words (f->expected_total);
  g_autofree char *grand = NULL;
  g_autofree char *in_words = NULL;
  int pages;

  if (!have_poppler ())
    return;
  pdf = render (f, TP_DOCUMENT_RECEIPTS, NULL, "receipts", &pages);
  text = pdf_text (pdf, 0, FALSE);
  assert_names_once_in_order (f, text);
  assert_header_on_every_page (pdf, pages, headers);
  g_assert_true (pdf_is_landscape (pdf));
  assert_contains (text, "DANH SÁCH KÝ NHẬN TIỀN HỖ TRỢ");
  assert_contains (text, "150.000");
  assert_contains (text, "KẾ TOÁN TRƯỞNG");

  /* The grand total on the last page, in figures and in words. */
  last = pdf_text (pdf, pages, FALSE);
  grand = g_strdup_printf ("Tổng cộng %s", money);
  in_words = g_strdup_printf ("Số tiền bằng chữ: %s", words);
  assert_contains (last, grand);
  assert_contains (last, in_words);
  /* Worked by hand for the one-person course: one and a half days. */
  if (f->names->len == 1)
    {
      assert_contains (last, "Tổng cộng 225.000");
      assert_contains (last, "Số tiền bằng chữ: Hai trăm hai mươi lăm nghìn đồng");
      assert_contains (text, "1,5 150.000 225.000");
    }

  /* Page totals add up to the grand total. */
  {
    gint64 sum = 0;
    for (int page = 1; page <= pages; page++)
      {
        g_autofree char *t = pdf_text (pdf, page, FALSE);
        const char *at = strstr (t, "Cộng trang ");
        g_autofree char *digits = NULL;
        GString *d = g_string_new (NULL);

        g_assert_nonnull (at);
        for (const char *p = at + strlen ("Cộng trang "); g_ascii_isdigit (*p) || *p == '.'; p++)
          if (*p != '.')
            g_string_append_c (d, *p);
        digits = g_string_free (d, FALSE);
        sum += g_ascii_strtoll (digits, NULL, 10);
      }
    g_assert_cmpint (sum, ==, f->expected_total);
  }
}

static void
test_orientation (Fixture       *f,
                  gconstpointer  data)
{
  TpDocumentOptions options;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;

  if (!have_poppler ())
    return;
  tp_document_options_init (&options);
  options.columns = TP_COLUMN_ORGANIZATION;
  pdf = render (f, TP_DOCUMENT_ROSTER, &options, "roster-narrow", NULL);
  g_assert_false (pdf_is_landscape (pdf));
  g_free (pdf);

  options.orientation = TP_ORIENTATION_LANDSCAPE;
  pdf = render (f, TP_DOCUMENT_ROSTER, &options, "roster-landscape", NULL);
  g_assert_true (pdf_is_landscape (pdf));
  text = pdf_text (pdf, 0, TRUE);
  assert_names_once_in_order (f, text);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDocument) doc = NULL;
  g_autofree char *target = g_build_filename (f->dir, "old.pdf", NULL);
  g_autofree char *contents = NULL;
  TpDocumentOptions options;
  g_autoptr(TpCourse) empty = tp_course_new ();
  g_autoptr(TpEnrolment) e = tp_enrolment_new ();

  tp_document_options_init (&options);
  options.date = "2026-03-07";
  doc = tp_document_new (f->db, TP_DOCUMENT_SIGNIN, f->course->id, &options, &error);
  g_assert_null (doc);
  g_assert_error (error, TP_ERROR, TP_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "BDG-2026-03"));
  g_assert_nonnull (strstr (error->message, "2026-03-07"));
  g_clear_error (&error);

  options.date = "7/3/2026";
  doc = tp_document_new (f->db, TP_DOCUMENT_SIGNIN, f->course->id, &options, &error);
  g_assert_null (doc);
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_clear_error (&error);

  doc = tp_document_new (f->db, TP_DOCUMENT_ROSTER, "no-such-course", NULL, &error);
  g_assert_null (doc);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* A course with a person but no sessions. */
  empty->code = g_strdup ("BDG-2026-04");
  empty->title = g_strdup ("Lớp chưa có buổi học");
  empty->type_id = g_strdup ("tot-gender-equality");
  empty->start_date = g_strdup ("2026-04-01");
  empty->end_date = g_strdup ("2026-04-01");
  tp_store_save_course (f->db, empty, &error);
  g_assert_no_error (error);
  doc = tp_document_new (f->db, TP_DOCUMENT_SIGNIN, empty->id, NULL, &error);
  g_assert_error (error, TP_ERROR, TP_ERROR_NOT_FOUND);   /* nobody enrolled */
  g_clear_error (&error);
  {
    g_autoptr(GPtrArray) people = tp_store_list_people (f->db, NULL, 1, &error);
    e->course_id = g_strdup (empty->id);
    e->person_id = g_strdup (((TpPerson *) g_ptr_array_index (people, 0))->id);
    tp_store_enrol (f->db, e, &error);
    g_assert_no_error (error);
  }
  doc = tp_document_new (f->db, TP_DOCUMENT_SIGNIN, empty->id, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, TP_ERROR, TP_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "BDG-2026-04"));
  g_clear_error (&error);
  doc = tp_document_new (f->db, TP_DOCUMENT_RECEIPTS, empty->id, NULL, &error);
  g_assert_null (doc);
  g_clear_error (&error);

  /* No daily allowance: no receipt list. */
  f->course->daily_allowance = 0;
  tp_store_save_course (f->db, f->course, &error);
  g_assert_no_error (error);
  doc = tp_document_new (f->db, TP_DOCUMENT_RECEIPTS, f->course->id, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_clear_error (&error);

  /* An unwritable target: an error naming it, nothing written. */
  doc = tp_document_new (f->db, TP_DOCUMENT_ROSTER, f->course->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (tp_render_to_pdf (doc, "/nonexistent-folder/out.pdf", &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent-folder/out.pdf"));
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_true (tp_render_to_pdf (doc, target, &error));
  g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
}

#define ADD(path, n, func) \
  g_test_add (path, Fixture, GUINT_TO_POINTER (n), fixture_setup, func, fixture_teardown)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("/render/signin/1", 1, test_signin);
  ADD ("/render/signin/25", 25, test_signin);
  ADD ("/render/signin/300", 300, test_signin);
  ADD ("/render/signin-all-days/25", 25, test_signin_all_days);
  ADD ("/render/attendance/1", 1, test_attendance);
  ADD ("/render/attendance/25", 25, test_attendance);
  ADD ("/render/attendance/300", 300, test_attendance);
  ADD ("/render/roster/1", 1, test_roster);
  ADD ("/render/roster/25", 25, test_roster);
  ADD ("/render/roster/300", 300, test_roster);
  ADD ("/render/receipts/1", 1, test_receipts);
  ADD ("/render/receipts/25", 25, test_receipts);
  ADD ("/render/receipts/300", 300, test_receipts);
  ADD ("/render/orientation/25", 25, test_orientation);
  ADD ("/render/errors/25", 25, test_errors);
  return g_test_run ();
}
