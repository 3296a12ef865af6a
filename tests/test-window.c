/* test-window.c: the main window driven through its actions, on a real
 * database in a temporary folder, under a virtual X display. */
#include "config.h"

#include <stdlib.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "taphuan-compat.h"
#include "taphuan-course-editor.h"
#include "taphuan-course-item.h"
#include "taphuan-course-page.h"
#include "taphuan-courses-page.h"
#include "taphuan-enrol-dialog.h"
#include "taphuan-people-page.h"
#include "taphuan-person-editor.h"
#include "taphuan-person-item.h"
#include "taphuan-person-slot.h"
#include "taphuan-window-private.h"
#include "tp-refdata.h"
#include "tp-store.h"

typedef struct
{
  char          *dir;
  char          *path;
  TaphuanWindow *window;
} Fixture;

/* The isolated XDG dirs hide the system MIME database, without which GTK
 * cannot tell that its icons are SVG; add the system data dirs back. */
static void
use_system_data_dirs (void)
{
  g_autofree char *dirs = g_strconcat (g_getenv ("XDG_DATA_DIRS"), ":/usr/local/share:/usr/share", NULL);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());

  g_setenv ("XDG_DATA_DIRS", dirs, TRUE);
  /* GLib has cached the isolated dirs: tell the icon theme directly. */
  gtk_icon_theme_add_search_path (theme, "/usr/share/icons");
}

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

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  GError *error = NULL;

  use_system_data_dirs ();
  f->dir = g_dir_make_tmp ("taphuan-ui-XXXXXX", &error);
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
  g_chmod (f->dir, 0700);
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

static TaphuanWindow *
open_window (const char *path,
             gboolean    create)
{
  TaphuanWindow *window = taphuan_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  taphuan_window_open_database (window, path, create);
  WAIT_FOR (taphuan_window_get_state (window) != TAPHUAN_WINDOW_LOADING);
  return window;
}

static char *
add_person (TpDb       *db,
            const char *name,
            TpSex       sex,
            int         year,
            const char *organization)
{
  g_autoptr(TpPerson) p = tp_person_new ();
  GError *error = NULL;

  p->full_name = g_strdup (name);
  p->sex = sex;
  p->birth_year = year;
  p->organization = g_strdup (organization);
  g_assert_true (tp_store_save_person (db, p, &error));
  g_assert_no_error (error);
  return g_strdup (p->id);
}

static void
set_text (GtkWidget  *editable,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (editable), text);
}

static const char *
item_name (GListModel *model,
           guint       i)
{
  g_autoptr(TaphuanPersonSlot) slot = g_list_model_get_item (model, i);
  return taphuan_person_item_get_name (taphuan_person_slot_get_item (slot));
}

static TaphuanEnrolDialog *
open_enrol_dialog (TaphuanCoursePage *page)
{
  TaphuanEnrolDialog *dialog;

  gtk_widget_activate_action (GTK_WIDGET (page), "course.enrol", NULL);
  dialog = TAPHUAN_ENROL_DIALOG (taphuan_course_page_get_enrol_dialog (page));
  g_assert_nonnull (dialog);
  WAIT_FOR (!taphuan_enrol_dialog_is_loading (dialog));
  return dialog;
}

/* Creating a course through the editor, sessions, enrolling three people. */
static void
test_course_flow (Fixture       *f,
                  gconstpointer  data)
{
  TaphuanCoursesPage *courses;
  TaphuanCoursePage *page;
  TaphuanCourseEditor *editor;
  TaphuanEnrolDialog *dialog;
  GListModel *model;
  TpDb *db;
  g_autoptr(TaphuanCourseItem) item = NULL;
  g_autofree char *hoa = NULL, *an = NULL, *mai = NULL, *binh = NULL;

  f->window = open_window (f->path, TRUE);
  g_assert_cmpint (taphuan_window_get_state (f->window), ==, TAPHUAN_WINDOW_READY);
  courses = _taphuan_window_get_courses_page (f->window);
  /* A new database welcomes the user. */
  g_assert_true (taphuan_courses_page_is_welcome (courses));

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-course", NULL);
  editor = _taphuan_window_get_course_editor (f->window);
  g_assert_nonnull (editor);
  g_assert_false (taphuan_course_editor_can_save (editor));

  set_text (taphuan_course_editor_get_field (editor, "code"), "LCU-2026-01");
  set_text (taphuan_course_editor_get_field (editor, "title"),
            "Tập huấn kiến thức về giới cho cán bộ xã");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (taphuan_course_editor_get_field (editor, "type")), 1);
  set_text (taphuan_course_editor_get_field (editor, "start_date"), "2026-03-03");
  /* An end before the start: the message shows at the end date, Save is off. */
  set_text (taphuan_course_editor_get_field (editor, "end_date"), "2026-03-01");
  g_assert_nonnull (taphuan_course_editor_get_field_error (editor, "end_date"));
  g_assert_null (taphuan_course_editor_get_field_error (editor, "start_date"));
  g_assert_false (taphuan_course_editor_can_save (editor));
  /* A day that does not exist. */
  set_text (taphuan_course_editor_get_field (editor, "end_date"), "2026-02-30");
  g_assert_nonnull (taphuan_course_editor_get_field_error (editor, "end_date"));
  set_text (taphuan_course_editor_get_field (editor, "end_date"), "2026-03-05");
  g_assert_null (taphuan_course_editor_get_field_error (editor, "end_date"));
  g_assert_true (taphuan_course_editor_can_save (editor));

  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  spin (20);
  g_assert_null (_taphuan_window_get_course_editor (f->window));
  g_assert_cmpstr (_taphuan_window_get_visible_page (f->window), ==, "course");
  page = _taphuan_window_get_course_page (f->window);
  g_assert_cmpstr (taphuan_course_page_get_title (page), ==,
                   "Tập huấn kiến thức về giới cho cán bộ xã");
  g_assert_false (taphuan_courses_page_is_welcome (courses));
  model = taphuan_courses_page_get_model (courses);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);

  /* Three days, morning and afternoon. */
  g_assert_cmpuint (taphuan_course_page_get_n_sessions (page), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (page), "course.generate-sessions", NULL);
  g_assert_cmpuint (taphuan_course_page_get_n_sessions (page), ==, 6);
  g_assert_cmpstr (_taphuan_window_get_last_toast (f->window), ==, "6 sessions added");
  gtk_widget_activate_action (GTK_WIDGET (page), "course.generate-sessions", NULL);
  g_assert_cmpuint (taphuan_course_page_get_n_sessions (page), ==, 6);

  db = taphuan_window_get_db (f->window);
  hoa = add_person (db, "Đặng Thị Hoa", TP_SEX_FEMALE, 1985, "UBND xã Bình Lư");
  an = add_person (db, "Nguyễn Văn An", TP_SEX_MALE, 1990, "Hội LHPN huyện");
  mai = add_person (db, "Lò Thị Mai", TP_SEX_FEMALE, 1995, "UBND xã Sơn Bình");
  binh = add_person (db, "Trần Văn Bình", TP_SEX_MALE, 1979, NULL);

  /* "dang" finds "Đặng": marks and đ do not matter. */
  dialog = open_enrol_dialog (page);
  model = taphuan_enrol_dialog_get_model (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  taphuan_enrol_dialog_set_search (dialog, "dang");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (item_name (model, 0), ==, "Đặng Thị Hoa");
  taphuan_enrol_dialog_set_search (dialog, "ĐẶNG thi");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  taphuan_enrol_dialog_select (dialog, 0, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "enrol.add", NULL);
  spin (20);
  g_assert_null (taphuan_course_page_get_enrol_dialog (page));
  g_assert_cmpuint (taphuan_course_page_get_n_enrolled (page), ==, 1);

  /* Two more at once; the one already enrolled is not offered again. */
  dialog = open_enrol_dialog (page);
  model = taphuan_enrol_dialog_get_model (dialog);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  taphuan_enrol_dialog_set_search (dialog, "thi");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
  g_assert_cmpstr (item_name (model, 0), ==, "Lò Thị Mai");
  taphuan_enrol_dialog_set_search (dialog, "");
  /* Vietnamese order, by given name: An, Bình, Mai. */
  g_assert_cmpstr (item_name (model, 0), ==, "Nguyễn Văn An");
  g_assert_cmpstr (item_name (model, 1), ==, "Trần Văn Bình");
  g_assert_cmpstr (item_name (model, 2), ==, "Lò Thị Mai");
  taphuan_enrol_dialog_select (dialog, 0, FALSE);
  taphuan_enrol_dialog_select (dialog, 2, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "enrol.add", NULL);
  spin (20);
  g_assert_cmpuint (taphuan_course_page_get_n_enrolled (page), ==, 3);
  g_assert_cmpstr (taphuan_course_page_get_summary (page), ==, "2 women, 1 man");
  g_assert_cmpstr (_taphuan_window_get_last_toast (f->window), ==, "2 people enrolled");

  /* The Courses table counts them too. */
  model = taphuan_courses_page_get_model (courses);
  item = g_list_model_get_item (model, 0);
  g_assert_cmpuint (taphuan_course_item_get_women (item), ==, 2);
  g_assert_cmpuint (taphuan_course_item_get_men (item), ==, 1);

  /* A new person typed in place who looks like one in the register. */
  dialog = open_enrol_dialog (page);
  taphuan_enrol_dialog_set_search (dialog, "Đặng Thị Hoà");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "enrol.new-person", NULL);
  {
    TaphuanPersonEditor *pe = TAPHUAN_PERSON_EDITOR (taphuan_enrol_dialog_get_person_editor (dialog));

    g_assert_nonnull (pe);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (taphuan_person_editor_get_field (pe, "full_name"))),
                     ==, "Đặng Thị Hoà");
    /* Sex is required and has no default. */
    g_assert_false (taphuan_person_editor_can_save (pe));
    set_text (taphuan_person_editor_get_field (pe, "birth_year"), "1885");
    g_assert_nonnull (taphuan_person_editor_get_field_error (pe, "birth_year"));
    set_text (taphuan_person_editor_get_field (pe, "birth_year"), "1985");
    g_assert_null (taphuan_person_editor_get_field_error (pe, "birth_year"));
    gtk_drop_down_set_selected (GTK_DROP_DOWN (taphuan_person_editor_get_field (pe, "sex")), 1);
    g_assert_true (taphuan_person_editor_can_save (pe));
    gtk_widget_activate_action (GTK_WIDGET (pe), "editor.save", NULL);
    /* Not saved yet: the look-alike is shown first. */
    g_assert_cmpuint (taphuan_person_editor_get_n_similar (pe), ==, 1);
    g_assert_cmpuint (tp_store_count_people (db), ==, 4);
    gtk_widget_activate_action (GTK_WIDGET (pe), "editor.save", NULL);
    spin (20);
  }
  g_assert_cmpuint (tp_store_count_people (db), ==, 5);
  g_assert_cmpuint (taphuan_course_page_get_n_enrolled (page), ==, 4);
  g_assert_cmpstr (taphuan_course_page_get_summary (page), ==, "3 women, 1 man");

  /* The People page reloads in the background and searches the same way. */
  {
    TaphuanPeoplePage *people = _taphuan_window_get_people_page (f->window);

    WAIT_FOR (!taphuan_people_page_is_loading (people));
    model = taphuan_people_page_get_model (people);
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
    taphuan_people_page_set_search (people, "dang thi hoa");
    g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);
    {
      /* A row already on screen shows the new first match after a search. */
      g_autoptr(TaphuanPersonSlot) first_row = g_list_model_get_item (model, 0);

      taphuan_people_page_set_search (people, "binh lu");
      g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1);
      g_assert_cmpstr (item_name (model, 0), ==, "Đặng Thị Hoa");
      g_assert_cmpstr (taphuan_person_item_get_name (taphuan_person_slot_get_item (first_row)), ==,
                       "Đặng Thị Hoa");
      taphuan_people_page_set_search (people, "");
      g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5);
      /* Vietnamese order: An, Bình, Hoa, Hoà, Mai. */
      g_assert_cmpstr (item_name (model, 0), ==, "Nguyễn Văn An");
      g_assert_cmpstr (item_name (model, 4), ==, "Lò Thị Mai");
    }
  }
  (void) an; (void) mai; (void) binh;
}

/* Delete a course, then Undo brings it back with its sessions and people. */
static void
test_delete_undo (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TpCourse) course = tp_course_new ();
  g_autoptr(TpEnrolment) e = tp_enrolment_new ();
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *person = NULL;
  TaphuanCoursesPage *courses;
  TaphuanCoursePage *page;
  TpDb *db;

  f->window = open_window (f->path, TRUE);
  db = taphuan_window_get_db (f->window);
  course->code = g_strdup ("DEL-1");
  course->title = g_strdup ("Lồng ghép giới");
  course->type_id = g_strdup ("gender-mainstreaming");
  course->start_date = g_strdup ("2026-04-01");
  course->end_date = g_strdup ("2026-04-02");
  g_assert_true (tp_store_save_course (db, course, &error));
  g_assert_cmpint (tp_store_generate_sessions (db, course->id, &error), ==, 4);
  person = add_person (db, "Hoàng Thị Lan", TP_SEX_FEMALE, 1988, NULL);
  e->course_id = g_strdup (course->id);
  e->person_id = g_strdup (person);
  g_assert_true (tp_store_enrol (db, e, &error));
  sessions = tp_store_list_sessions (db, course->id, &error);
  g_assert_true (tp_store_set_mark (db, e->id, ((TpSession *) sessions->pdata[0])->id,
                                    TP_MARK_PRESENT, &error));
  taphuan_window_data_changed (f->window, TAPHUAN_CHANGED_ALL);

  courses = _taphuan_window_get_courses_page (f->window);
  g_assert_cmpuint (g_list_model_get_n_items (taphuan_courses_page_get_model (courses)), ==, 1);
  taphuan_window_show_course (f->window, course->id);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete", NULL);
  g_assert_cmpstr (_taphuan_window_get_last_toast (f->window), ==, "“Lồng ghép giới” deleted");
  g_assert_null (tp_store_get_course (db, course->id, NULL));
  g_assert_true (taphuan_courses_page_is_welcome (courses));
  g_assert_cmpstr (_taphuan_window_get_visible_page (f->window), ==, "courses");

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (taphuan_courses_page_get_model (courses)), ==, 1);
  taphuan_window_show_course (f->window, course->id);
  page = _taphuan_window_get_course_page (f->window);
  g_assert_cmpuint (taphuan_course_page_get_n_sessions (page), ==, 4);
  g_assert_cmpuint (taphuan_course_page_get_n_enrolled (page), ==, 1);
  g_assert_cmpint (tp_store_get_mark (db, e->id, ((TpSession *) sessions->pdata[0])->id), ==,
                   TP_MARK_PRESENT);
  g_assert_cmpstr (_taphuan_window_get_last_toast (f->window), ==, "“Lồng ghép giới” restored");

  /* Deleting a person with attendance asks first and says what goes. */
  taphuan_window_delete_person (f->window, person);
  {
    GtkWidget *alert = _taphuan_window_get_alert (f->window);
    const char *body;

    g_assert_nonnull (alert);
    g_assert_nonnull (tp_store_get_person (db, person, NULL));
#if ADW_CHECK_VERSION (1, 5, 0)
    body = adw_alert_dialog_get_body (ADW_ALERT_DIALOG (alert));
#else
    body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (alert));
#endif
    g_assert_nonnull (strstr (body, "enrolled in 1 course with 1 attendance record"));
    taphuan_compat_alert_respond (alert, "delete");
  }
  g_assert_null (tp_store_get_person (db, person, NULL));
  g_assert_cmpuint (taphuan_course_page_get_n_enrolled (page), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL);
  {
    g_autoptr(TpPerson) back = tp_store_get_person (db, person, NULL);
    g_assert_nonnull (back);
    g_assert_cmpstr (back->full_name, ==, "Hoàng Thị Lan");
  }
  g_assert_cmpuint (taphuan_course_page_get_n_enrolled (page), ==, 1);
  g_assert_cmpint (tp_store_get_mark (db, e->id, ((TpSession *) sessions->pdata[0])->id), ==,
                   TP_MARK_PRESENT);
}

/* ---- bad databases ----------------------------------------------------- */

static void
write_file (const char *path,
            const char *contents,
            gssize      len)
{
  GError *error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

static void
make_database (const char *path)
{
  GError *error = NULL;
  TpDb *db = tp_db_open (path, &error);

  g_assert_no_error (error);
  g_object_unref (db);
}

static void
check_bad (Fixture    *f,
           const char *expected_title)
{
  g_autofree char *before = NULL, *after = NULL;
  gsize before_len = 0, after_len = 0;
  const char *message;

  g_file_get_contents (f->path, &before, &before_len, NULL);
  f->window = open_window (f->path, FALSE);
  g_assert_cmpint (taphuan_window_get_state (f->window), ==, TAPHUAN_WINDOW_ERROR);
  g_assert_cmpstr (_taphuan_window_get_error_title (f->window), ==, expected_title);
  message = taphuan_window_get_error_message (f->window);
  g_test_message ("%s: %s", expected_title, message);
  /* The message names the file. */
  g_assert_nonnull (strstr (message, f->path));
  g_assert_null (taphuan_window_get_db (f->window));
  /* And the file was not touched. */
  g_file_get_contents (f->path, &after, &after_len, NULL);
  g_assert_cmpmem (before, before_len, after, after_len);
  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;
  g_remove (f->path);
}

static void
test_bad_databases (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *contents = NULL;
  gsize len;
  sqlite3 *handle;

  /* A text file. */
  write_file (f->path, "Họ và tên,Năm sinh\nĐặng Thị Hoa,1985\n", -1);
  check_bad (f, "This File Is Not a Taphuan Database");

  /* A damaged SQLite file: the header is right, the pages are garbage. */
  make_database (f->path);
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 8192);
  memset (contents + 4096, 0xA5, len - 4096);
  write_file (f->path, contents, len);
  check_bad (f, "The Database Is Damaged");

  /* Cut short in the middle of a page. */
  make_database (f->path);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  write_file (f->path, contents, 1000);
  check_bad (f, "The Database Is Damaged");

  /* Written by a newer Taphuan. */
  make_database (f->path);
  g_assert_cmpint (sqlite3_open (f->path, &handle), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (handle);
  check_bad (f, "The Database Needs a Newer Taphuan");

  /* A file the user may not write. Root writes anyway. */
  make_database (f->path);
  if (geteuid () == 0)
    g_test_message ("read-only file: skipped, root can write any file");
  else
    {
      g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
      check_bad (f, "The Database Cannot Be Changed");
    }

  /* Opening another works after all that. */
  make_database (f->path);
  f->window = open_window (f->path, FALSE);
  g_assert_cmpint (taphuan_window_get_state (f->window), ==, TAPHUAN_WINDOW_READY);
}

/* ---- screenshot -------------------------------------------------------- */

static void
add_sample_data (TpDb *db)
{
  static const struct { const char *code, *title, *type, *start, *end, *status; } courses[] = {
    { "LCU-2026-07", "Tập huấn giảng viên nguồn về bình đẳng giới", "tot-gender-equality", "2026-09-08", "2026-09-10", "open" },
    { "LCU-2026-06", "Phòng ngừa, ứng phó với bạo lực trên cơ sở giới cho cán bộ xã", "gender-knowledge", "2026-08-18", "2026-08-19", "completed" },
    { "LCU-2026-05", "Lồng ghép giới trong xây dựng chính sách", "gender-mainstreaming", "2026-06-23", "2026-06-24", "completed" },
    { "LCU-2026-04", "Truyền thông về bình đẳng giới tại cộng đồng", "communication", "2026-05-12", "2026-05-13", "completed" },
    { "LCU-2026-03", "Kiến thức về giới cho nữ cán bộ trong diện quy hoạch", "gender-knowledge", "2026-04-07", "2026-04-08", "cancelled" },
    { "LCU-2025-12", "Tháng hành động vì bình đẳng giới: tập huấn cấp xã", "communication", "2025-11-18", "2025-11-19", "completed" },
    { "LCU-2027-01", "Tập huấn giảng viên nguồn về phòng ngừa bạo lực giới", "tot-gbv", "2027-03-09", "2027-03-11", "planned" },
  };
  static const char *names[] = {
    "Đặng Thị Hoa", "Lò Văn Páo", "Giàng Thị Sua", "Nguyễn Thị Thủy", "Tao Văn Minh",
    "Vàng Thị Mai", "Lò Thị Ngọc", "Sùng A Lử", "Phạm Thị Hằng", "Lý Thị Dung",
    "Hoàng Văn Tuấn", "Tẩn Thị Xuân", "Chảo Thị Mẩy", "Lường Văn Quang", "Điêu Thị Lan",
  };
  GError *error = NULL;
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_ptr_array_add (people, add_person (db, names[i],
                                         strstr (names[i], " Thị ") ? TP_SEX_FEMALE : TP_SEX_MALE,
                                         1970 + (int) (i * 7) % 30, "UBND xã"));
  for (guint i = 0; i < G_N_ELEMENTS (courses); i++)
    {
      g_autoptr(TpCourse) c = tp_course_new ();

      c->code = g_strdup (courses[i].code);
      c->title = g_strdup (courses[i].title);
      c->type_id = g_strdup (courses[i].type);
      c->start_date = g_strdup (courses[i].start);
      c->end_date = g_strdup (courses[i].end);
      c->province_code = g_strdup ("12");
      c->admin_version = g_strdup (TP_ADMIN_DATA_VERSION);
      c->venue = g_strdup ("Hội trường Sở Nội vụ");
      tp_course_status_from_string (courses[i].status, &c->status);
      g_assert_true (tp_store_save_course (db, c, &error));
      g_assert_no_error (error);
      for (guint j = 0; j < people->len; j += 1 + i % 3)
        {
          g_autoptr(TpEnrolment) e = tp_enrolment_new ();
          e->course_id = g_strdup (c->id);
          e->person_id = g_strdup (people->pdata[j]);
          g_assert_true (tp_store_enrol (db, e, &error));
        }
    }
}

static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *png = NULL;
  GskRenderer *renderer;
  int width, height;
  GStatBuf st;

  make_database (f->path);
  {
    GError *error = NULL;
    g_autoptr(TpDb) db = tp_db_open (f->path, &error);
    g_assert_no_error (error);
    add_sample_data (db);
  }
  f->window = open_window (f->path, FALSE);
  g_assert_cmpint (taphuan_window_get_state (f->window), ==, TAPHUAN_WINDOW_READY);
  g_assert_cmpuint (g_list_model_get_n_items (taphuan_courses_page_get_model (
                      _taphuan_window_get_courses_page (f->window))), ==, 7);
  spin (500);

  paintable = gtk_widget_paintable_new (GTK_WIDGET (f->window));
  width = gdk_paintable_get_intrinsic_width (paintable);
  height = gdk_paintable_get_intrinsic_height (paintable);
  g_assert_cmpint (width, >=, 800);
  g_assert_cmpint (height, >=, 560);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (GTK_NATIVE (f->window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  png = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                          "screenshot-courses.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_assert_cmpint (g_stat (png, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 10000);
  g_test_message ("screenshot: %s", png);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  g_test_add ("/window/course-flow", Fixture, NULL, fixture_setup, test_course_flow, fixture_teardown);
  g_test_add ("/window/delete-undo", Fixture, NULL, fixture_setup, test_delete_undo, fixture_teardown);
  g_test_add ("/window/bad-databases", Fixture, NULL, fixture_setup, test_bad_databases, fixture_teardown);
  g_test_add ("/window/screenshot", Fixture, NULL, fixture_setup, test_screenshot, fixture_teardown);
  return g_test_run ();
}
