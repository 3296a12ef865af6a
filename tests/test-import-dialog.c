/* test-import-dialog.c: the import wizard driven as a user would, on a real
 * database in a temporary folder, under a virtual X display: a list with a
 * title row, a Vietnamese header, a duplicate of someone registered and an
 * invalid row; merge the duplicate, skip the invalid row, enrol everyone,
 * import, then undo from the main window.
 *
 * With TAPHUAN_SCREENSHOT_DIR set, each page is saved there as a PNG
 * (import-<step>.png); with LANGUAGE=vi the pages are in Vietnamese. */
#include "config.h"

#include <stdlib.h>

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "taphuan-import-dialog.h"
#include "taphuan-window-private.h"
#include "tp-refdata.h"
#include "tp-store.h"

typedef struct
{
  char          *dir;
  char          *path;
  TaphuanWindow *window;
} Fixture;

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

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
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  GError *error = NULL;
  g_autofree char *dirs = g_strconcat (g_getenv ("XDG_DATA_DIRS"), ":/usr/local/share:/usr/share", NULL);

  /* The isolated XDG dirs hide the system icons and MIME data. */
  g_setenv ("XDG_DATA_DIRS", dirs, TRUE);
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                  "/usr/share/icons");
  f->dir = g_dir_make_tmp ("taphuan-import-ui-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "office.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  spin (50);
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
  g_free (f->path);
  g_free (f->dir);
}

/* The register before the import: Đặng Thị Hoà (1985, another unit) and
 * one course. Returns her id. */
static char *
make_register (const char *path)
{
  GError *error = NULL;
  g_autoptr(TpDb) db = tp_db_open (path, &error);
  g_autoptr(TpPerson) hoa = tp_person_new ();
  g_autoptr(TpCourse) course = tp_course_new ();

  g_assert_no_error (error);
  hoa->full_name = g_strdup ("Đặng Thị Hoà");
  hoa->sex = TP_SEX_FEMALE;
  hoa->birth_year = 1985;
  hoa->organization = g_strdup ("Hội LHPN huyện Tam Đường");
  g_assert_true (tp_store_save_person (db, hoa, &error));
  g_assert_no_error (error);

  course->code = g_strdup ("LCU-2026-02");
  course->title = g_strdup ("Tập huấn kiến thức về giới cho cán bộ xã");
  course->type_id = g_strdup ("gender-knowledge");
  course->start_date = g_strdup ("2026-04-14");
  course->end_date = g_strdup ("2026-04-15");
  course->province_code = g_strdup ("12");
  course->admin_version = g_strdup (TP_ADMIN_DATA_VERSION);
  g_assert_true (tp_store_save_course (db, course, &error));
  g_assert_no_error (error);
  return g_strdup (hoa->id);
}

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("TAPHUAN_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *png = NULL;
  int width, height;

  if (dir == NULL)
    return;
  spin (400);
  paintable = gtk_widget_paintable_new (widget);
  width = gdk_paintable_get_intrinsic_width (paintable);
  height = gdk_paintable_get_intrinsic_height (paintable);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  png = g_strdup_printf ("%s/import-%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_test_message ("screenshot: %s", png);
}

static TaphuanImportDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (TAPHUAN_IS_IMPORT_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return TAPHUAN_IMPORT_DIALOG (window);
    }
  return NULL;
}

/* A problem of row @line ("Row 5: ...", translated) mentioning @part. */
static gboolean
problems_contain (TaphuanImportDialog *dialog,
                  guint                line,
                  const char          *part)
{
  GListModel *problems = taphuan_import_dialog_get_problems (dialog);
  g_autofree char *prefix = g_strdup_printf (_("Row %u: %s"), line, "");

  for (guint i = 0; i < g_list_model_get_n_items (problems); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (problems, i);
      const char *text = gtk_string_object_get_string (item);

      if (g_str_has_prefix (text, prefix) && strstr (text, part) != NULL)
        return TRUE;
    }
  return FALSE;
}

static guint
count_enrolled (TpDb       *db,
                const char *code)
{
  g_autoptr(TpCourse) course = tp_store_get_course_by_code (db, code, NULL);
  g_autoptr(GPtrArray) enrolments = NULL;

  g_assert_nonnull (course);
  enrolments = tp_store_list_enrolments (db, course->id, NULL);
  return enrolments != NULL ? enrolments->len : 0;
}

static void
test_wizard (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *hoa_id = make_register (f->path);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "import",
                                                    "wizard-duplicate.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (fixture);
  g_autofree char *duplicate = NULL;
  g_autofree char *tay = NULL;
  TaphuanImportDialog *dialog;
  TaphuanPeoplePage *people;
  AdwComboRow *row;
  GtkWidget *widget;
  TpDb *db;
  guint index;

  f->window = taphuan_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 720);
  gtk_window_present (GTK_WINDOW (f->window));
  taphuan_window_open_database (f->window, f->path, FALSE);
  WAIT_FOR (taphuan_window_get_state (f->window) != TAPHUAN_WINDOW_LOADING);
  g_assert_cmpint (taphuan_window_get_state (f->window), ==, TAPHUAN_WINDOW_READY);
  db = taphuan_window_get_db (f->window);
  people = _taphuan_window_get_people_page (f->window);
  WAIT_FOR (!taphuan_people_page_is_loading (people));
  g_assert_cmpuint (g_list_model_get_n_items (taphuan_people_page_get_model (people)), ==, 1);

  /* The window's action opens the wizard on its first step. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.import-people", NULL);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  widget = GTK_WIDGET (dialog);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_true ((gpointer) gtk_window_get_transient_for (GTK_WINDOW (dialog)) == (gpointer) f->window);
  g_assert_cmpstr (taphuan_import_dialog_get_step (dialog), ==, "choose");
  screenshot (widget, "1-choose");

  /* A file that is not there: a message naming it, still on the first step. */
  {
    g_autofree char *missing_path = g_build_filename (f->dir, "khong-co.csv", NULL);
    g_autoptr(GFile) missing = g_file_new_for_path (missing_path);

    taphuan_import_dialog_open_file (dialog, missing);
    WAIT_FOR (!taphuan_import_dialog_is_busy (dialog));
    g_assert_cmpstr (taphuan_import_dialog_get_step (dialog), ==, "choose");
  }

  /* 2. The preview: the title row skipped, four people as understood. */
  taphuan_import_dialog_open_file (dialog, file);
  WAIT_FOR (!taphuan_import_dialog_is_busy (dialog));
  g_assert_cmpstr (taphuan_import_dialog_get_step (dialog), ==, "preview");
  g_assert_cmpuint (g_list_model_get_n_items (taphuan_import_dialog_get_preview (dialog)), ==, 4);
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 0, "row"), ==, "3");
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 0, "name"), ==, "Nguyễn Văn An");
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 0, "sex"), ==, tp_sex_label (TP_SEX_MALE));
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 0, "birth"), ==, "1980");
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 0, "position"), ==, "Chủ tịch");
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 0, "phone"), ==, "0912345678");
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 1, "name"), ==, "Đặng Thị Hòa");
  tay = tp_refdata_ethnicity_name (db, "tay");
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 1, "ethnicity"), ==, tay);
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 2, "row"), ==, "5");
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 2, "status"), ==, _("Error"));
  /* The refused value is shown as the file has it. */
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 2, "birth"), ==, "1890");
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 3, "id"), ==, "011192001234");
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 3, "organisation"), ==,
                   "Đoàn Thanh niên xã Bình Lư");
  screenshot (widget, "2-preview");

  /* The mapping: "Chức vụ" read as the position; ignoring it reads the
   * rows again without it, and choosing it back restores it. */
  row = taphuan_import_dialog_get_mapping_row (dialog, 5);
  g_assert_nonnull (row);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, TP_IMPORT_FIELD_POSITION);
  g_assert_cmpuint (adw_combo_row_get_selected (taphuan_import_dialog_get_mapping_row (dialog, 9)), ==,
                    TP_IMPORT_FIELD_NONE);
  g_assert_null (taphuan_import_dialog_get_mapping_row (dialog, 10));
  adw_combo_row_set_selected (row, TP_IMPORT_FIELD_NONE);
  WAIT_FOR (!taphuan_import_dialog_is_busy (dialog) &&
            g_strcmp0 (taphuan_import_dialog_get_cell (dialog, 0, "position"), "") == 0);
  adw_combo_row_set_selected (row, TP_IMPORT_FIELD_POSITION);
  WAIT_FOR (!taphuan_import_dialog_is_busy (dialog) &&
            g_strcmp0 (taphuan_import_dialog_get_cell (dialog, 0, "position"), "Chủ tịch") == 0);

  /* 3. Problems: row 5's birth year; nothing can go further until the
   * valid rows only are asked for. */
  gtk_widget_activate_action (widget, "import.next", NULL);
  g_assert_cmpstr (taphuan_import_dialog_get_step (dialog), ==, "problems");
  g_assert_true (problems_contain (dialog, 5, "1890"));
  g_assert_nonnull (taphuan_import_dialog_get_blocked_reason (dialog));
  screenshot (widget, "3-problems-blocked");
  gtk_widget_activate_action (widget, "import.next", NULL);
  g_assert_cmpstr (taphuan_import_dialog_get_step (dialog), ==, "problems");
  gtk_widget_activate_action (widget, "import.skip-invalid", NULL);
  g_assert_null (taphuan_import_dialog_get_blocked_reason (dialog));
  screenshot (widget, "3-problems");

  /* 4. The duplicate side by side, then merged. */
  gtk_widget_activate_action (widget, "import.next", NULL);
  g_assert_cmpstr (taphuan_import_dialog_get_step (dialog), ==, "duplicates");
  g_assert_cmpuint (g_list_model_get_n_items (taphuan_import_dialog_get_duplicates (dialog)), ==, 1);
  duplicate = taphuan_import_dialog_describe_duplicate (dialog, 0);
  g_assert_true (g_str_has_prefix (duplicate, "Đặng Thị Hòa | 1985 | "));
  g_assert_nonnull (strstr (duplicate, "Hội LHPN xã Bình Lư"));
  g_assert_nonnull (strstr (duplicate, "|| Đặng Thị Hoà | 1985 | "));
  g_assert_nonnull (strstr (duplicate, "Hội LHPN huyện Tam Đường"));
  /* Another organisation: added as new unless the user says otherwise. */
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 1, "status"), ==, _("New; possible duplicate"));
  screenshot (widget, "4-duplicates");
  {
    g_autoptr(GtkStringObject) item = g_list_model_get_item (taphuan_import_dialog_get_duplicates (dialog), 0);

    index = (guint) g_ascii_strtoull (gtk_string_object_get_string (item), NULL, 10);
  }
  gtk_widget_activate_action (widget, "import.decide", "(us)", index, "merge");
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 1, "status"), ==, _("Registered: merge"));

  /* 5. Enrol in the course (newest first after "Don't enrol"), import. */
  gtk_widget_activate_action (widget, "import.next", NULL);
  g_assert_cmpstr (taphuan_import_dialog_get_step (dialog), ==, "course");
  row = taphuan_import_dialog_get_course_row (dialog);
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (row)), ==, 2);
  adw_combo_row_set_selected (row, 1);
  screenshot (widget, "5-course");
  gtk_widget_activate_action (widget, "import.apply", NULL);
  WAIT_FOR (!taphuan_import_dialog_is_busy (dialog));
  g_assert_cmpstr (taphuan_import_dialog_get_step (dialog), ==, "done");
  g_assert_cmpuint (taphuan_import_dialog_get_stats (dialog)->n_new, ==, 2);
  g_assert_cmpuint (taphuan_import_dialog_get_stats (dialog)->n_matched, ==, 1);
  g_assert_cmpuint (taphuan_import_dialog_get_stats (dialog)->n_skipped, ==, 0);
  g_assert_cmpuint (taphuan_import_dialog_get_stats (dialog)->n_errors, ==, 1);
  g_assert_cmpuint (taphuan_import_dialog_get_stats (dialog)->n_enrolled, ==, 3);
  screenshot (widget, "6-done");

  /* The register: two new people, Hoà filled in but not overwritten, three
   * enrolled; the People list shows them. */
  g_assert_cmpuint (tp_store_count_people (db), ==, 3);
  g_assert_cmpuint (count_enrolled (db, "LCU-2026-02"), ==, 3);
  {
    g_autoptr(TpPerson) hoa = tp_store_get_person (db, hoa_id, NULL);

    g_assert_cmpstr (hoa->full_name, ==, "Đặng Thị Hoà");
    g_assert_cmpstr (hoa->organization, ==, "Hội LHPN huyện Tam Đường");
    g_assert_cmpstr (hoa->ethnicity_id, ==, "tay");
    g_assert_cmpstr (hoa->position, ==, "Cán bộ");
  }
  WAIT_FOR (!taphuan_people_page_is_loading (people) &&
            g_list_model_get_n_items (taphuan_people_page_get_model (people)) == 3);
  g_assert_nonnull (strstr (_taphuan_window_get_last_toast (f->window), "wizard-duplicate.csv"));
  screenshot (GTK_WIDGET (f->window), "7-window-toast");

  /* Undo from the window's toast takes the whole import back. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_cmpuint (tp_store_count_people (db), ==, 1);
  g_assert_cmpuint (count_enrolled (db, "LCU-2026-02"), ==, 0);
  {
    g_autoptr(TpPerson) hoa = tp_store_get_person (db, hoa_id, NULL);

    g_assert_null (hoa->ethnicity_id);
    g_assert_null (hoa->position);
  }
  WAIT_FOR (!taphuan_people_page_is_loading (people) &&
            g_list_model_get_n_items (taphuan_people_page_get_model (people)) == 1);
  screenshot (widget, "8-undone");
  gtk_window_close (GTK_WINDOW (dialog));
  spin (50);
  g_assert_null (find_dialog ());
}

/* A file with errors and the switch left off imports nothing. */
static void
test_blocked (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *hoa_id = make_register (f->path);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "fixtures", "import", "errors.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (fixture);
  TaphuanImportDialog *dialog;

  f->window = taphuan_window_new (NULL);
  gtk_window_present (GTK_WINDOW (f->window));
  taphuan_window_open_database (f->window, f->path, FALSE);
  WAIT_FOR (taphuan_window_get_state (f->window) != TAPHUAN_WINDOW_LOADING);
  dialog = taphuan_import_dialog_new (f->window);
  gtk_window_present (GTK_WINDOW (dialog));
  taphuan_import_dialog_open_file (dialog, file);
  WAIT_FOR (!taphuan_import_dialog_is_busy (dialog));
  g_assert_cmpstr (taphuan_import_dialog_get_step (dialog), ==, "preview");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.next", NULL);
  g_assert_cmpstr (taphuan_import_dialog_get_step (dialog), ==, "problems");
  /* errors.csv: the name broken over lines 3-4 starts on row 3. */
  g_assert_true (problems_contain (dialog, 3, "1890"));
  g_assert_true (problems_contain (dialog, 7, "Không rõ"));
  g_assert_nonnull (taphuan_import_dialog_get_blocked_reason (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.apply", NULL);
  g_assert_cmpstr (taphuan_import_dialog_get_step (dialog), ==, "problems");
  g_assert_false (taphuan_import_dialog_is_busy (dialog));
  g_assert_cmpuint (tp_store_count_people (taphuan_window_get_db (f->window)), ==, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static gboolean
shows_text (GtkWidget  *widget,
            const char *part)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      strstr (gtk_label_get_label (GTK_LABEL (widget)), part) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, part))
      return TRUE;
  return FALSE;
}

/* Text typed with the old TCVN3 fonts: converted, and the banner says so. */
static void
test_legacy (Fixture       *f,
             gconstpointer  data)
{
  static const char tcvn3[] =
    "Hä vµ tªn,Giíi tÝnh,N¨m sinh,§¬n vÞ\n"
    "NguyÔn V¨n Anh,Nam,1980,Héi N«ng d©n\n"
    "TrÇn ThÞ Thu H»ng,N÷,1985,Héi Phô n÷\n";
  g_autofree char *hoa_id = make_register (f->path);
  g_autofree char *path = g_build_filename (f->dir, "tcvn3.csv", NULL);
  g_autofree char *bytes = g_convert (tcvn3, -1, "ISO-8859-1", "UTF-8", NULL, NULL, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  TaphuanImportDialog *dialog;

  g_assert_nonnull (bytes);
  g_assert_true (g_file_set_contents (path, bytes, -1, NULL));
  f->window = taphuan_window_new (NULL);
  gtk_window_present (GTK_WINDOW (f->window));
  taphuan_window_open_database (f->window, f->path, FALSE);
  WAIT_FOR (taphuan_window_get_state (f->window) != TAPHUAN_WINDOW_LOADING);
  dialog = taphuan_import_dialog_new (f->window);
  gtk_window_present (GTK_WINDOW (dialog));
  taphuan_import_dialog_open_file (dialog, file);
  WAIT_FOR (!taphuan_import_dialog_is_busy (dialog));
  g_assert_cmpstr (taphuan_import_dialog_get_step (dialog), ==, "preview");
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 0, "name"), ==, "Nguyễn Văn Anh");
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 1, "name"), ==, "Trần Thị Thu Hằng");
  g_assert_cmpstr (taphuan_import_dialog_get_cell (dialog, 1, "organisation"), ==, "Hội Phụ nữ");
  spin (100);
  g_assert_true (shows_text (GTK_WIDGET (dialog), "TCVN3"));
  screenshot (GTK_WIDGET (dialog), "2-preview-tcvn3");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("TAPHUAN_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  g_test_add ("/import-dialog/wizard", Fixture, NULL, fixture_setup, test_wizard, fixture_teardown);
  g_test_add ("/import-dialog/legacy", Fixture, NULL, fixture_setup, test_legacy, fixture_teardown);
  g_test_add ("/import-dialog/blocked", Fixture, NULL, fixture_setup, test_blocked, fixture_teardown);
  return g_test_run ();
}
