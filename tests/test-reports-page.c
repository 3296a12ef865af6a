/* test-reports-page.c: the Reports page over tests/fixtures/report-fixture.json,
 * under a virtual X display. The numbers asserted are the hand counts in the
 * header comment of tests/test-report.c (reporting year 2026 =
 * 2025-12-15 .. 2026-12-14; courses RF-C1, RF-C2, RF-C4 counted): what the
 * user reads in the tables, and the rows listed when a figure is clicked. */
#include "config.h"

#include <stdlib.h>

#include <string.h>

#include <glib/gstdio.h>
#include <adwaita.h>

#include "taphuan-reports-page.h"
#include "tp-bundle.h"
#include "tp-db.h"

typedef struct
{
  char               *dir;
  TpDb               *db;
  GtkWindow          *window;
  TaphuanReportsPage *page;
} Fixture;

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

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* The isolated XDG dirs hide the system MIME database, without which GTK
 * cannot tell that its icons are SVG; add the system data dirs back. */
static void
use_system_data_dirs (void)
{
  g_autofree char *dirs = g_strconcat (g_getenv ("XDG_DATA_DIRS"), ":/usr/local/share:/usr/share", NULL);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());

  g_setenv ("XDG_DATA_DIRS", dirs, TRUE);
  gtk_icon_theme_add_search_path (theme, "/usr/share/icons");
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *bundle = g_test_build_filename (G_TEST_DIST, "fixtures", "report-fixture.json", NULL);

  use_system_data_dirs ();
  f->dir = g_dir_make_tmp ("taphuan-reports-ui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "office.db", NULL);
  f->db = tp_db_open (path, &error);
  g_assert_no_error (error);
  tp_bundle_import_file (f->db, bundle, FALSE, NULL, &error);
  g_assert_no_error (error);
  /* As in test-report.c: no sex for rp-d and rt-3, rt-1 a source trainer. */
  g_assert_true (tp_db_begin (f->db, &error));
  g_assert_true (tp_db_exec (f->db,
                             "UPDATE people SET sex = NULL WHERE id IN ('rp-d', 'rt-3');"
                             "INSERT INTO trainer_profiles (id, person_id, source_certificate_id, created_at, updated_at)"
                             " VALUES ('tp-1', 'rt-1', 'cert-t1', '2026-01-01', '2026-01-01'),"
                             "        ('tp-2', 'rt-2', NULL, '2026-01-01', '2026-01-01');",
                             &error));
  g_assert_true (tp_db_commit (f->db, &error));
  g_assert_no_error (error);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 900);
  f->page = g_object_new (TAPHUAN_TYPE_REPORTS_PAGE, NULL);
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  gtk_window_present (f->window);
  taphuan_reports_page_set_db (f->page, f->db);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (f->window);
  spin (50);
  g_clear_object (&f->db);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (f->dir);
  /* What is left: the backups folder the app made before an import or a
   * deletion (docs/data-safety.md). */
  if (g_file_test (f->dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);
      g_assert_cmpint (system (cmd), ==, 0);
    }
  g_free (f->dir);
}

static void
wait_for_report (Fixture *f)
{
  WAIT_FOR (!taphuan_reports_page_get_busy (f->page));
  g_assert_null (taphuan_reports_page_get_error (f->page));
  g_assert_nonnull (taphuan_reports_page_get_report (f->page));
  /* Let the tables lay out and bind their rows. */
  spin (200);
}

/* The text shown on each figure button, by figure key, from the widgets. */
static void
collect_cells (GtkWidget  *widget,
               GHashTable *cells)
{
  const char *key = g_object_get_data (G_OBJECT (widget), "taphuan-figure-key");

  if (GTK_IS_BUTTON (widget) && key != NULL && gtk_widget_get_visible (widget))
    {
      GtkWidget *label = gtk_button_get_child (GTK_BUTTON (widget));

      g_assert_true (GTK_IS_LABEL (label));
      g_hash_table_insert (cells, g_strdup (key), g_strdup (gtk_label_get_text (GTK_LABEL (label))));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cells (child, cells);
}

static GHashTable *
shown_cells (Fixture *f)
{
  GHashTable *cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  collect_cells (GTK_WIDGET (f->page), cells);
  return cells;
}

static void
assert_cell (GHashTable *cells,
             const char *key,
             const char *shown)
{
  const char *text = g_hash_table_lookup (cells, key);

  if (g_strcmp0 (text, shown) != 0)
    g_error ("figure %s shows “%s”, expected “%s”", key, text ? text : "(no cell)", shown);
}

static void
assert_split (GHashTable *cells,
              const char *prefix,
              const char *total,
              const char *female,
              const char *male,
              const char *unknown)
{
  const char *values[] = { total, female, male, unknown };
  const char *names[] = { "total", "female", "male", "unknown_sex" };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *key = g_strdup_printf ("%s.%s", prefix, names[i]);

      assert_cell (cells, key, values[i]);
    }
}

static void
test_year_figures (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GHashTable) cells = NULL;

  taphuan_reports_page_set_period (f->page, TAPHUAN_REPORT_PERIOD_REPORTING_YEAR, 2026, NULL, NULL);
  wait_for_report (f);
  g_assert_cmpstr (tp_report_get_from (taphuan_reports_page_get_report (f->page)), ==, "2025-12-15");
  g_assert_cmpstr (tp_report_get_to (taphuan_reports_page_get_report (f->page)), ==, "2026-12-14");

  cells = shown_cells (f);
  /* RF-C1, RF-C2, RF-C4; RF-C3 starts the day before, RF-C5 is cancelled. */
  assert_cell (cells, "courses.total", "3");
  assert_cell (cells, "courses.by_level.provincial", "2");
  assert_cell (cells, "sessions.total", "8");
  /* Enrolments a b c d (C1), c e f (C2), a i (C4); rp-g withdrew. */
  assert_split (cells, "enrolments", "9", "5", "3", "1");
  assert_split (cells, "enrolments.by_ethnicity.ethnic_minority", "5", "3", "2", "0");
  assert_split (cells, "people", "7", "4", "2", "1");
  assert_split (cells, "attended", "8", "4", "3", "1");
  assert_split (cells, "completed", "5", "3", "2", "0");
  assert_split (cells, "people_completed", "3", "2", "1", "0");
  /* b's certificate revoked; c's revoked one re-issued counts once. */
  assert_split (cells, "certified", "5", "3", "2", "0");
  assert_split (cells, "enrolments_by_type.tot-gbv", "3", "1", "2", "0");
  assert_split (cells, "by_target_group.gender-equality-officers", "3", "3", "0", "0");
  assert_split (cells, "by_target_group.not_recorded", "1", "0", "1", "0");
  assert_split (cells, "trainers", "3", "1", "1", "1");
  assert_split (cells, "person_days_by_sex", "11", "4.5", "4.5", "2");
  assert_split (cells, "tests.post_mean", "6.25", "7.5", "6", "4");
  /* Budget of C1, C2 and C4 only, grouped as the interface language writes it. */
  assert_cell (cells, "budget_total.planned", "75,000,000");
  assert_cell (cells, "budget_total.actual", "60,000,000");
  assert_cell (cells, "cost_per_person_trained", "20,000,000");
  assert_cell (cells, "data_problems.people_unknown_sex", "1");
  /* A count of courses has no women and men. */
  g_assert_false (g_hash_table_contains (cells, "courses.total.female"));
}

static void
test_drill_down (Fixture       *f,
                 gconstpointer  data)
{
  GtkWindow *list;
  GtkWidget *child;
  GtkColumnView *view = NULL;
  GListModel *model;

  taphuan_reports_page_set_period (f->page, TAPHUAN_REPORT_PERIOD_REPORTING_YEAR, 2026, NULL, NULL);
  wait_for_report (f);

  /* Women's enrolments: a (C1), b, f, a (C4), i. */
  list = taphuan_reports_page_drill_down (f->page, "enrolments.female");
  g_assert_nonnull (list);
  WAIT_FOR (taphuan_reports_drill_down_get_n_rows (list) >= 0);
  g_assert_cmpint (taphuan_reports_drill_down_get_n_rows (list), ==, 5);
  g_assert_cmpstr (gtk_window_get_title (list), ==, "Enrolments (person-times)");

  /* The list the user sees: find the column view and read its rows. */
  child = gtk_window_get_child (list);
  while (child != NULL && view == NULL)
    {
      GtkWidget *next = gtk_widget_get_first_child (child);

      for (GtkWidget *w = child; w != NULL; w = gtk_widget_get_next_sibling (w))
        if (GTK_IS_COLUMN_VIEW (w))
          view = GTK_COLUMN_VIEW (w);
        else if (GTK_IS_STACK (w))
          next = gtk_stack_get_visible_child (GTK_STACK (w));
      child = next;
    }
  g_assert_nonnull (view);
  model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
  gtk_window_destroy (list);

  /* People, not enrolments: a b f i. */
  list = taphuan_reports_page_drill_down (f->page, "people.female");
  WAIT_FOR (taphuan_reports_drill_down_get_n_rows (list) >= 0);
  g_assert_cmpint (taphuan_reports_drill_down_get_n_rows (list), ==, 4);
  gtk_window_destroy (list);

  /* Courses: C1, C2, C4. */
  list = taphuan_reports_page_drill_down (f->page, "courses.total");
  WAIT_FOR (taphuan_reports_drill_down_get_n_rows (list) >= 0);
  g_assert_cmpint (taphuan_reports_drill_down_get_n_rows (list), ==, 3);
  gtk_window_destroy (list);
}

static void
test_filters_and_periods (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GHashTable) province = NULL;
  g_autoptr(GHashTable) calendar = NULL;

  /* Province 66: RF-C4 only, rp-a and rp-i. */
  taphuan_reports_page_set_period (f->page, TAPHUAN_REPORT_PERIOD_REPORTING_YEAR, 2026, NULL, NULL);
  taphuan_reports_page_set_filters (f->page, "66", NULL);
  wait_for_report (f);
  g_assert_cmpstr (tp_report_get_province_code (taphuan_reports_page_get_report (f->page)), ==, "66");
  province = shown_cells (f);
  assert_cell (province, "courses.total", "1");
  assert_split (province, "enrolments", "2", "2", "0", "0");

  /* Calendar year 2026: RF-C4 (2025-12-15) falls out, RF-C1 and RF-C2 stay. */
  taphuan_reports_page_set_filters (f->page, NULL, NULL);
  taphuan_reports_page_set_period (f->page, TAPHUAN_REPORT_PERIOD_CALENDAR_YEAR, 2026, NULL, NULL);
  wait_for_report (f);
  calendar = shown_cells (f);
  assert_cell (calendar, "courses.total", "2");
  assert_split (calendar, "enrolments", "7", "3", "3", "1");

  /* A range that ends before it starts: the core's message, no figures. */
  taphuan_reports_page_set_period (f->page, TAPHUAN_REPORT_PERIOD_RANGE, 0, "2026-12-31", "2026-01-01");
  WAIT_FOR (!taphuan_reports_page_get_busy (f->page));
  g_assert_nonnull (taphuan_reports_page_get_error (f->page));
  g_assert_null (taphuan_reports_page_get_report (f->page));
}

/* The Print button's operation gives the pages of the PDF export: printed
 * to a file through GTK (as "Print to File" does), the page count is the
 * core's and the text is the report's. */
static void
test_print (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkPrintOperation) operation = NULL;
  g_autofree char *printed = g_build_filename (f->dir, "printed.pdf", NULL);
  g_autofree char *pdfinfo = g_find_program_in_path ("pdfinfo");
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");
  g_autofree char *info = NULL;
  g_autofree char *text = NULL;
  GtkPrintOperationResult result;
  int n_pages;

  taphuan_reports_page_set_period (f->page, TAPHUAN_REPORT_PERIOD_REPORTING_YEAR, 2026, NULL, NULL);
  wait_for_report (f);
  operation = taphuan_reports_page_new_print_operation (f->page);
  g_assert_nonnull (operation);
  n_pages = tp_report_page_count (taphuan_reports_page_get_report (f->page), 595.28, 841.89);

  gtk_print_operation_set_allow_async (operation, FALSE);
  gtk_print_operation_set_export_filename (operation, printed);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, f->window, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_true (g_file_test (printed, G_FILE_TEST_IS_REGULAR));

  if (pdfinfo == NULL || pdftotext == NULL)
    {
      g_test_skip ("pdfinfo or pdftotext is not installed");
      return;
    }
  {
    const char *argv[] = { pdfinfo, printed, NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &info, NULL, NULL, &error));
  }
  {
    g_autoptr(GRegex) pages = g_regex_new ("^Pages: +([0-9]+)$", G_REGEX_MULTILINE, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;
    g_autofree char *number = NULL;

    g_assert_true (g_regex_match (pages, info, 0, &match));
    number = g_match_info_fetch (match, 1);
    g_assert_cmpint (atoi (number), ==, n_pages);
  }
  {
    const char *argv[] = { pdftotext, printed, "-", NULL };
    g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                                 &text, NULL, NULL, &error));
  }
  g_assert_nonnull (strstr (text, "BÁO CÁO KẾT QUẢ TẬP HUẤN"));
  g_assert_nonnull (strstr (text, "NGƯỜI LẬP BIỂU"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  g_test_add ("/reports-page/year-figures", Fixture, NULL, fixture_setup, test_year_figures, fixture_teardown);
  g_test_add ("/reports-page/drill-down", Fixture, NULL, fixture_setup, test_drill_down, fixture_teardown);
  g_test_add ("/reports-page/filters-and-periods", Fixture, NULL, fixture_setup, test_filters_and_periods, fixture_teardown);
  g_test_add ("/reports-page/print", Fixture, NULL, fixture_setup, test_print, fixture_teardown);
  return g_test_run ();
}
