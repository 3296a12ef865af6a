/* test-course-certificates.c: a course's Certificates section in the main
 * window, on a real database in a temporary folder, under a virtual X
 * display: the reasons shown, issuing through the action (numbers, issuing
 * again), making a source trainer, the print operation's PDF and the PDF
 * export, and a screenshot of the section.
 *
 * TAPHUAN_SHOT_DB=FILE TAPHUAN_SHOT_COURSE=CODE takes the screenshot of
 * that database's course instead, after issuing its certificates (so use a
 * copy; e.g. tests/fixtures/bundle-small.json imported with taphuan-cli). */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>
#include <sqlite3.h>

#include "taphuan-certificate-print.h"
#include "taphuan-course-certificates.h"
#include "taphuan-window-private.h"
#include "tp-certificates.h"
#include "tp-refdata.h"
#include "tp-store.h"

typedef struct
{
  char          *dir;
  char          *path;
  char          *course_id;
  TaphuanWindow *window;
} Fixture;

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* Runs the main loop until @cond holds; fails the test after 20 s. */
#define WAIT_FOR(cond) \
  G_STMT_START { \
    gint64 _end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC; \
    while (!(cond)) \
      { \
        g_assert_cmpint (g_get_monotonic_time (), <, _end); \
        g_main_context_iteration (NULL, FALSE); \
        g_usleep (1000); \
      } \
  } G_STMT_END

/* The isolated XDG dirs hide the system MIME database and icons. */
static void
use_system_data_dirs (void)
{
  g_autofree char *dirs = g_strconcat (g_getenv ("XDG_DATA_DIRS"), ":/usr/local/share:/usr/share", NULL);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());

  g_setenv ("XDG_DATA_DIRS", dirs, TRUE);
  gtk_icon_theme_add_search_path (theme, "/usr/share/icons");
}

static char *
add_person (TpDb       *db,
            const char *name,
            TpSex       sex)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpPerson) p = tp_person_new ();

  p->full_name = g_strdup (name);
  p->sex = sex;
  p->birth_year = 1986;
  p->organization = g_strdup ("UBND xã Bản Hồ");
  g_assert_true (tp_store_save_person (db, p, &error));
  g_assert_no_error (error);
  return g_strdup (p->id);
}

/* A ToT course of four days (8 sessions, 80 %: 7 needed) with four people:
 * two eligible, one at 5 of 8, one with no marks at all. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  static const struct { const char *name; TpSex sex; const char *marks; } people[] = {
    { "Giàng Thị Sua",   TP_SEX_FEMALE, "PPPPPPPP" },
    { "Lò Văn Páo",      TP_SEX_MALE,   "PPLPPPPA" },
    { "Đặng Thị Hoa",    TP_SEX_FEMALE, "PPPPPAAA" },
    { "Vàng Thị Mai",    TP_SEX_FEMALE, "" },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(TpCourse) course = tp_course_new ();
  g_autoptr(GPtrArray) sessions = NULL;

  use_system_data_dirs ();
  f->dir = g_dir_make_tmp ("taphuan-cc-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "office.db", NULL);
  db = tp_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (tp_db_set_setting (db, "office.place", "Lai Châu", NULL));
  g_assert_true (tp_db_set_setting (db, "office.signer_name", "Nguyễn Văn Bình", NULL));

  course->code = g_strdup ("LCU-TOT-01");
  course->title = g_strdup ("Tập huấn giảng viên nguồn về bình đẳng giới");
  course->type_id = g_strdup ("tot-gender-equality");
  course->province_code = g_strdup ("12");
  course->admin_version = g_strdup (TP_ADMIN_DATA_VERSION);
  course->venue = g_strdup ("Hội trường Sở Nội vụ");
  course->start_date = g_strdup ("2026-03-02");
  course->end_date = g_strdup ("2026-03-05");
  g_assert_true (tp_store_save_course (db, course, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tp_store_generate_sessions (db, course->id, &error), ==, 8);
  sessions = tp_store_list_sessions (db, course->id, &error);
  g_assert_cmpuint (sessions->len, ==, 8);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autofree char *person_id = add_person (db, people[i].name, people[i].sex);
      g_autoptr(TpEnrolment) e = tp_enrolment_new ();

      e->course_id = g_strdup (course->id);
      e->person_id = g_strdup (person_id);
      g_assert_true (tp_store_enrol (db, e, &error));
      for (guint j = 0; people[i].marks[j] != '\0'; j++)
        {
          char m = people[i].marks[j];
          TpSession *s = g_ptr_array_index (sessions, j);

          g_assert_true (tp_store_set_mark (db, e->id, s->id,
                                            m == 'P' ? TP_MARK_PRESENT : m == 'L' ? TP_MARK_LATE
                                                                                  : TP_MARK_ABSENT, NULL));
        }
    }
  f->course_id = g_strdup (course->id);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  spin (50);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->course_id);
  g_free (f->path);
  g_free (f->dir);
}

static TaphuanCourseCertificates *
open_course (Fixture    *f,
             const char *path,
             const char *course_id)
{
  TaphuanCoursePage *page;
  TaphuanCourseCertificates *section;

  f->window = taphuan_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 1000);
  gtk_window_present (GTK_WINDOW (f->window));
  taphuan_window_open_database (f->window, path, FALSE);
  WAIT_FOR (taphuan_window_get_state (f->window) != TAPHUAN_WINDOW_LOADING);
  g_assert_cmpint (taphuan_window_get_state (f->window), ==, TAPHUAN_WINDOW_READY);
  taphuan_window_show_course (f->window, course_id);
  page = _taphuan_window_get_course_page (f->window);
  section = TAPHUAN_COURSE_CERTIFICATES (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                        TAPHUAN_TYPE_COURSE_PAGE,
                                                                        "certificates_section"));
  g_assert_nonnull (section);
  WAIT_FOR (!taphuan_course_certificates_get_busy (section));
  return section;
}

/* The row of @name: its "detail", "status", "register-no"... */
static GObject *
find_row (TaphuanCourseCertificates *section,
          const char                *name)
{
  GListModel *model = taphuan_course_certificates_get_model (section);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) row = g_list_model_get_item (model, i);
      g_autofree char *row_name = NULL;

      g_object_get (row, "name", &row_name, NULL);
      if (g_strcmp0 (row_name, name) == 0)
        return row;   /* the store keeps it alive */
    }
  g_assert_not_reached ();
}

static char *
row_string (TaphuanCourseCertificates *section,
            const char                *name,
            const char                *property)
{
  char *value = NULL;

  g_object_get (find_row (section, name), property, &value, NULL);
  return value;
}

static gboolean
row_bool (TaphuanCourseCertificates *section,
          const char                *name,
          const char                *property)
{
  gboolean value = FALSE;

  g_object_get (find_row (section, name), property, &value, NULL);
  return value;
}

static int
count (const char *path,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = tp_db_open (path, &error);
  sqlite3_stmt *stmt;
  int n = -1;

  g_assert_no_error (error);
  stmt = tp_db_prepare (db, sql, &error);
  g_assert_no_error (error);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
issue_and_wait (TaphuanCourseCertificates *section)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (section), "certificates.issue", NULL));
  g_assert_true (taphuan_course_certificates_get_busy (section));
  WAIT_FOR (!taphuan_course_certificates_get_busy (section));
}

static void
test_issue (Fixture       *f,
            gconstpointer  data)
{
  TaphuanCourseCertificates *section = open_course (f, f->path, f->course_id);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now);
  g_autofree char *first = g_strdup_printf ("%04d/%d/GCN", 1, year);
  g_autofree char *second = g_strdup_printf ("%04d/%d/GCN", 2, year);
  g_autofree char *reason_hoa = NULL, *reason_mai = NULL, *status_hoa = NULL;
  g_autofree char *no_sua = NULL, *no_pao = NULL, *no_hoa = NULL, *cert_sua = NULL;
  g_autofree char *sql = NULL;
  const char *toast;
  guint trainers = 0, courses = 0, reached = 0, second_gen = 0;

  /* Everyone listed, with why not. */
  g_assert_cmpuint (g_list_model_get_n_items (taphuan_course_certificates_get_model (section)), ==, 4);
  g_assert_true (row_bool (section, "Giàng Thị Sua", "eligible"));
  g_assert_true (row_bool (section, "Lò Văn Páo", "eligible"));
  g_assert_false (row_bool (section, "Đặng Thị Hoa", "eligible"));
  g_assert_false (row_bool (section, "Vàng Thị Mai", "eligible"));
  reason_hoa = row_string (section, "Đặng Thị Hoa", "detail");
  g_assert_cmpstr (reason_hoa, ==, "Attended 5 of 8 sessions, needs 7");
  reason_mai = row_string (section, "Vàng Thị Mai", "detail");
  g_assert_cmpstr (reason_mai, ==, "Attended 0 of 8 sessions, needs 7");
  status_hoa = row_string (section, "Đặng Thị Hoa", "status");
  g_assert_cmpstr (status_hoa, ==, "Not eligible");
  g_assert_null (row_string (section, "Giàng Thị Sua", "register-no"));
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (section)), ==,
                   "2 of 4 enrolled are eligible · 0 certificates issued");

  /* Issue: the two eligible get the first two numbers, in name order
   * (Páo before Sua). */
  issue_and_wait (section);
  toast = _taphuan_window_get_last_toast (f->window);
  g_assert_nonnull (toast);
  g_assert_nonnull (strstr (toast, "2 certificates issued"));
  g_assert_nonnull (strstr (toast, first));
  g_assert_nonnull (strstr (toast, second));
  no_pao = row_string (section, "Lò Văn Páo", "register-no");
  no_sua = row_string (section, "Giàng Thị Sua", "register-no");
  g_assert_cmpstr (no_pao, ==, first);
  g_assert_cmpstr (no_sua, ==, second);
  g_assert_null ((no_hoa = row_string (section, "Đặng Thị Hoa", "register-no")));
  g_assert_cmpint (count (f->path, "SELECT count(*) FROM certificates"), ==, 2);
  g_assert_cmpstr (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (section)), ==,
                   "2 of 4 enrolled are eligible · 2 certificates issued");

  /* Issuing again is safe: nobody new, no new numbers. */
  issue_and_wait (section);
  toast = _taphuan_window_get_last_toast (f->window);
  g_assert_cmpstr (toast, ==, "No new certificates: everyone eligible already holds one");
  g_assert_cmpint (count (f->path, "SELECT count(*) FROM certificates"), ==, 2);
  g_free (no_sua);
  no_sua = row_string (section, "Giàng Thị Sua", "register-no");
  g_assert_cmpstr (no_sua, ==, second);

  /* Make Source Trainer: a profile recording the certificate. */
  cert_sua = row_string (section, "Giàng Thị Sua", "certificate-id");
  g_assert_false (row_bool (section, "Giàng Thị Sua", "trainer"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (section), "certificates.make-trainer",
                                             "s", cert_sua));
  g_assert_cmpstr (_taphuan_window_get_last_toast (f->window), ==, "Giàng Thị Sua is now a source trainer");
  sql = g_strdup_printf ("SELECT count(*) FROM trainer_profiles WHERE source_certificate_id = '%s'", cert_sua);
  g_assert_cmpint (count (f->path, sql), ==, 1);
  WAIT_FOR (!taphuan_course_certificates_get_busy (section));
  g_assert_true (row_bool (section, "Giàng Thị Sua", "trainer"));
  taphuan_course_certificates_get_cascade_counts (section, &trainers, &courses, &reached, &second_gen);
  g_assert_cmpuint (trainers, ==, 1);
  g_assert_cmpuint (courses, ==, 0);
}

static char *
run_tool (const char *tool,
          const char *pdf)
{
  const char *argv[] = { tool, pdf, NULL, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (g_str_equal (tool, "pdftotext"))
    argv[2] = "-";
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static int
pdf_pages (const char *pdf)
{
  g_autofree char *info = run_tool ("pdfinfo", pdf);
  const char *pages = strstr (info, "Pages:");

  g_assert_nonnull (pages);
  return atoi (pages + 6);
}

static void
test_print_and_export (Fixture       *f,
                       gconstpointer  data)
{
  TaphuanCourseCertificates *section;
  g_autofree char *tool = g_find_program_in_path ("pdftotext");
  g_autofree char *printed = g_build_filename (f->dir, "printed.pdf", NULL);
  g_autofree char *exported = g_build_filename (f->dir, "exported.pdf", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "each", NULL);
  g_autofree char *text = NULL, *one_text = NULL, *no_pao = NULL, *file_name = NULL, *one = NULL;
  g_autoptr(GFile) exported_file = g_file_new_for_path (exported);
  g_autoptr(GFile) folder_file = g_file_new_for_path (folder);
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(GPtrArray) snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_cert_snapshot_free);
  g_autoptr(TaphuanCertificatePrint) operation = NULL;
  GtkPageSetup *setup;
  GtkPrintOperationResult result;

  if (tool == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }
  section = open_course (f, f->path, f->course_id);
  issue_and_wait (section);
  no_pao = row_string (section, "Lò Văn Páo", "register-no");

  /* The print operation: A4 landscape by default, a page per certificate,
   * drawn from the snapshots. */
  db = tp_db_open (f->path, &error);
  g_assert_no_error (error);
  certs = tp_certificates_list (db, f->course_id, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < certs->len; i++)
    g_ptr_array_add (snapshots, tp_certificate_load_snapshot (g_ptr_array_index (certs, i), NULL));
  operation = taphuan_certificate_print_new (snapshots, NULL);
  setup = gtk_print_operation_get_default_page_setup (GTK_PRINT_OPERATION (operation));
  g_assert_cmpint (gtk_page_setup_get_orientation (setup), ==, GTK_PAGE_ORIENTATION_LANDSCAPE);
  g_assert_cmpstr (gtk_paper_size_get_name (gtk_page_setup_get_paper_size (setup)), ==, GTK_PAPER_NAME_A4);
  gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (operation), printed);
  gtk_print_operation_set_allow_async (GTK_PRINT_OPERATION (operation), FALSE);
  result = gtk_print_operation_run (GTK_PRINT_OPERATION (operation), GTK_PRINT_OPERATION_ACTION_EXPORT,
                                    NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_cmpint (pdf_pages (printed), ==, 2);
  text = run_tool ("pdftotext", printed);
  g_assert_nonnull (strstr (text, "GIẤY CHỨNG NHẬN"));
  g_assert_nonnull (strstr (text, "Lò Văn Páo"));
  g_assert_nonnull (strstr (text, "Giàng Thị Sua"));
  g_assert_nonnull (strstr (text, no_pao));
  g_assert_null (strstr (text, "Đặng Thị Hoa"));
  if (g_getenv ("TAPHUAN_TEST_KEEP") != NULL)
    {
      g_autofree char *kept = g_build_filename (g_getenv ("TAPHUAN_TEST_KEEP"), "printed.pdf", NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (printed, &contents, &len, NULL));
      g_assert_true (g_file_set_contents (kept, contents, len, NULL));
    }

  /* Export: one PDF with a page each, then one PDF per person named by the
   * register number. */
  taphuan_course_certificates_export (section, exported_file, FALSE);
  WAIT_FOR (!taphuan_course_certificates_get_busy (section));
  g_assert_cmpstr (taphuan_course_certificates_get_last_message (section), ==,
                   "2 certificates exported to “exported.pdf”");
  g_assert_cmpint (pdf_pages (exported), ==, 2);

  taphuan_course_certificates_export (section, folder_file, TRUE);
  WAIT_FOR (!taphuan_course_certificates_get_busy (section));
  g_assert_cmpstr (taphuan_course_certificates_get_last_message (section), ==,
                   "2 certificates exported to the folder “each”");
  file_name = g_strdelimit (g_strdup_printf ("%s.pdf", no_pao), "/", '-');
  one = g_build_filename (folder, file_name, NULL);
  g_assert_true (g_file_test (one, G_FILE_TEST_EXISTS));
  g_assert_cmpint (pdf_pages (one), ==, 1);
  one_text = run_tool ("pdftotext", one);
  g_assert_nonnull (strstr (one_text, "Lò Văn Páo"));
  g_assert_null (strstr (one_text, "Giàng Thị Sua"));
}

/* Renders @widget to @png. Under load the widget may not have been drawn
 * yet (no node): give the main loop more frames before deciding. */
static void
save_png (GtkWidget  *widget,
          const char *png)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = 0;
  int height = 0;

  for (int attempt = 0; attempt < 50 && node == NULL; attempt++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      if (attempt > 0)
        spin (100);
      width = gdk_paintable_get_intrinsic_width (paintable);
      height = gdk_paintable_get_intrinsic_height (paintable);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_test_message ("screenshot: %s", png);
}

static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  const char *shot_db = g_getenv ("TAPHUAN_SHOT_DB");
  const char *outdir = g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".";
  g_autofree char *course_id = g_strdup (f->course_id);
  g_autofree char *window_png = g_build_filename (outdir, "screenshot-course-certificates.png", NULL);
  g_autofree char *section_png = g_build_filename (outdir, "screenshot-course-certificates-section.png", NULL);
  TaphuanCourseCertificates *section;
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;
  double x = 0, y = 0;

  if (shot_db != NULL)
    {
      g_autoptr(TpDb) db = tp_db_open (shot_db, NULL);
      g_autoptr(GPtrArray) courses = tp_store_list_courses (db, NULL, NULL);

      g_assert_nonnull (courses);
      for (guint i = 0; i < courses->len; i++)
        {
          const TpCourse *c = g_ptr_array_index (courses, i);

          if (g_strcmp0 (c->code, g_getenv ("TAPHUAN_SHOT_COURSE")) == 0)
            {
              g_free (course_id);
              course_id = g_strdup (c->id);
            }
        }
    }
  section = open_course (f, shot_db != NULL ? shot_db : f->path, course_id);
  issue_and_wait (section);
  g_assert_cmpuint (g_list_model_get_n_items (taphuan_course_certificates_get_model (section)), >, 0);

  /* Scroll the course page down to the section. */
  scrolled = gtk_widget_get_ancestor (GTK_WIDGET (section), GTK_TYPE_SCROLLED_WINDOW);
  g_assert_nonnull (scrolled);
  spin (300);
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (section),
                                                   gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                                   0, 0, &x, &y));
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adjustment, y - 24);
  spin (500);
  save_png (GTK_WIDGET (f->window), window_png);
  save_png (GTK_WIDGET (section), section_png);
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("TAPHUAN_LOCALEDIR");

  /* The assertions read English; the screenshot of another database may
   * be taken in Vietnamese (LANGUAGE=vi). */
  if (g_getenv ("TAPHUAN_SHOT_DB") == NULL)
    g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();
  g_test_add ("/course-certificates/issue", Fixture, NULL, fixture_setup, test_issue, fixture_teardown);
  g_test_add ("/course-certificates/print-and-export", Fixture, NULL, fixture_setup,
              test_print_and_export, fixture_teardown);
  g_test_add ("/course-certificates/screenshot", Fixture, NULL, fixture_setup, test_screenshot,
              fixture_teardown);
  return g_test_run ();
}
