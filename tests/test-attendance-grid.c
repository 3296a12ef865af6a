/* test-attendance-grid.c: the roll call grid as a user drives it: keys on
 * the focused cell, clicks, "mark the rest present", undo, the scanned
 * sheet flow, and what the grid shows (letters, a row's percentage and
 * completion, column totals), checked against the marks in the database. */
#include "config.h"

#include <adwaita.h>

#include "taphuan-attendance-grid.h"
#include "tp-attendance.h"
#include "tp-store.h"

typedef struct
{
  char                  *dir;
  TpDb                  *db;
  TpCourse              *course;
  GPtrArray             *sessions;    /* TpSession*, in the grid's order */
  GPtrArray             *enrolments;  /* TpEnrolment*, in the grid's order */
  GtkWindow             *window;
  TaphuanAttendanceGrid *grid;
} Fixture;

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* The grid lists them by given name: Ánh, Bình, Hoà, Páo, Thuỷ. */
static const struct { const char *name; TpSex sex; } people[] = {
  { "Đặng Thị Hoà", TP_SEX_FEMALE },
  { "Lò Văn Bình", TP_SEX_MALE },
  { "Giàng A Páo", TP_SEX_MALE },
  { "Hoàng Thị Thuỷ", TP_SEX_FEMALE },
  { "Nguyễn Thị Ánh", TP_SEX_FEMALE },
};

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("taphuan-grid-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "office.db", NULL);
  f->db = tp_db_open (path, &error);
  g_assert_no_error (error);

  /* Three days, six sessions; 50 % to complete, so 3 of 6 is the edge. */
  f->course = tp_course_new ();
  f->course->code = g_strdup ("LCU-2026-03");
  f->course->title = g_strdup ("Tập huấn lồng ghép giới trong xây dựng chính sách");
  f->course->type_id = g_strdup ("tot-gender-equality");
  f->course->start_date = g_strdup ("2026-03-10");
  f->course->end_date = g_strdup ("2026-03-12");
  f->course->completion_threshold = 50;
  f->course->excused_counts = FALSE;
  g_assert_true (tp_store_save_course (f->db, f->course, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tp_store_generate_sessions (f->db, f->course->id, &error), ==, 6);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(TpPerson) p = tp_person_new ();
      g_autoptr(TpEnrolment) e = tp_enrolment_new ();

      p->full_name = g_strdup (people[i].name);
      p->sex = people[i].sex;
      g_assert_true (tp_store_save_person (f->db, p, &error));
      e->course_id = g_strdup (f->course->id);
      e->person_id = g_strdup (p->id);
      g_assert_true (tp_store_enrol (f->db, e, &error));
      g_assert_no_error (error);
    }
  f->sessions = tp_store_list_sessions (f->db, f->course->id, &error);
  f->enrolments = tp_store_list_enrolments (f->db, f->course->id, &error);
  g_assert_no_error (error);

  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1100, 600);
  f->grid = TAPHUAN_ATTENDANCE_GRID (taphuan_attendance_grid_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->grid));
  taphuan_attendance_grid_set_course (f->grid, f->db, f->course->id);
  gtk_window_present (f->window);
  spin (200);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  gtk_window_destroy (f->window);
  spin (50);
  g_clear_pointer (&f->sessions, g_ptr_array_unref);
  g_clear_pointer (&f->enrolments, g_ptr_array_unref);
  g_clear_pointer (&f->course, tp_course_free);
  g_clear_object (&f->db);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
}

static TpMark
db_mark (Fixture *f,
         guint    row,
         guint    col)
{
  const TpEnrolment *e = g_ptr_array_index (f->enrolments, row);
  const TpSession *s = g_ptr_array_index (f->sessions, col);

  return tp_store_get_mark (f->db, e->id, s->id);
}

static void
set_db_mark (Fixture *f,
             guint    row,
             guint    col,
             TpMark   mark)
{
  const TpEnrolment *e = g_ptr_array_index (f->enrolments, row);
  const TpSession *s = g_ptr_array_index (f->sessions, col);
  g_autoptr(GError) error = NULL;

  g_assert_true (tp_store_set_mark (f->db, e->id, s->id, mark, &error));
  g_assert_no_error (error);
}

static void
key (Fixture *f,
     guint    keyval)
{
  g_assert_true (taphuan_attendance_grid_handle_key (f->grid, keyval, 0));
  spin (20);
}

/* The percentage label of a row, as on screen. */
static const char *
row_label (Fixture *f,
           guint    row)
{
  return taphuan_attendance_grid_get_cell_text (f->grid, row,
                                                taphuan_attendance_grid_get_n_sessions (f->grid));
}

static void
test_rows_and_columns (Fixture       *f,
                       gconstpointer  data)
{
  g_assert_cmpuint (taphuan_attendance_grid_get_n_people (f->grid), ==, 5);
  g_assert_cmpuint (taphuan_attendance_grid_get_n_sessions (f->grid), ==, 6);
  /* Date, part of the day, then the totals of women and men present. */
  g_assert_cmpstr (taphuan_attendance_grid_get_column_title (f->grid, 0), ==,
                   "10/03\nMorning\n0 F · 0 M");
  g_assert_cmpstr (taphuan_attendance_grid_get_column_title (f->grid, 5), ==,
                   "12/03\nAfternoon\n0 F · 0 M");
  g_assert_cmpstr (taphuan_attendance_grid_get_cell_text (f->grid, 0, 0), ==, "·");
  g_assert_cmpstr (row_label (f, 0), ==, "0% · Not complete");
}

static void
test_keyboard_marking (Fixture       *f,
                       gconstpointer  data)
{
  guint row, col;

  taphuan_attendance_grid_set_cursor (f->grid, 0, 0);
  key (f, GDK_KEY_p);
  g_assert_cmpint (db_mark (f, 0, 0), ==, TP_MARK_PRESENT);
  g_assert_cmpstr (taphuan_attendance_grid_get_cell_text (f->grid, 0, 0), ==, "P");
  g_assert_cmpstr (row_label (f, 0), ==, "16% · Not complete");

  /* Space cycles present → late → excused → absent → unmarked. */
  key (f, GDK_KEY_space);
  g_assert_cmpint (db_mark (f, 0, 0), ==, TP_MARK_LATE);
  g_assert_cmpstr (taphuan_attendance_grid_get_cell_text (f->grid, 0, 0), ==, "L");
  /* Late counts as attended. */
  g_assert_cmpstr (row_label (f, 0), ==, "16% · Not complete");
  key (f, GDK_KEY_space);
  g_assert_cmpint (db_mark (f, 0, 0), ==, TP_MARK_EXCUSED);
  g_assert_cmpstr (row_label (f, 0), ==, "0% · Not complete");
  key (f, GDK_KEY_space);
  g_assert_cmpint (db_mark (f, 0, 0), ==, TP_MARK_ABSENT);
  key (f, GDK_KEY_space);
  g_assert_cmpint (db_mark (f, 0, 0), ==, TP_MARK_NONE);
  g_assert_cmpstr (taphuan_attendance_grid_get_cell_text (f->grid, 0, 0), ==, "·");

  /* Arrows move the cursor; the Vietnamese initials mark too. */
  key (f, GDK_KEY_Right);
  key (f, GDK_KEY_Down);
  taphuan_attendance_grid_get_cursor (f->grid, &row, &col);
  g_assert_cmpuint (row, ==, 1);
  g_assert_cmpuint (col, ==, 1);
  key (f, GDK_KEY_C);
  g_assert_cmpint (db_mark (f, 1, 1), ==, TP_MARK_PRESENT);
  key (f, GDK_KEY_Right);
  key (f, GDK_KEY_m);
  g_assert_cmpint (db_mark (f, 1, 2), ==, TP_MARK_LATE);
  key (f, GDK_KEY_Right);
  key (f, GDK_KEY_v);
  g_assert_cmpint (db_mark (f, 1, 3), ==, TP_MARK_EXCUSED);
  key (f, GDK_KEY_Right);
  key (f, GDK_KEY_k);
  g_assert_cmpint (db_mark (f, 1, 4), ==, TP_MARK_ABSENT);
  g_assert_cmpstr (taphuan_attendance_grid_get_cell_text (f->grid, 1, 4), ==, "A");
  key (f, GDK_KEY_BackSpace);
  g_assert_cmpint (db_mark (f, 1, 4), ==, TP_MARK_NONE);
  key (f, GDK_KEY_a);
  g_assert_cmpint (db_mark (f, 1, 4), ==, TP_MARK_ABSENT);
  key (f, GDK_KEY_Delete);
  g_assert_cmpint (db_mark (f, 1, 4), ==, TP_MARK_NONE);
  /* Nothing moves past the edges. */
  key (f, GDK_KEY_Right);
  key (f, GDK_KEY_Right);
  key (f, GDK_KEY_Right);
  taphuan_attendance_grid_get_cursor (f->grid, &row, &col);
  g_assert_cmpuint (col, ==, 5);
  /* Keys with Ctrl are not marks (Ctrl+Z is undo). */
  g_assert_false (taphuan_attendance_grid_handle_key (f->grid, GDK_KEY_p, GDK_CONTROL_MASK));
  g_assert_cmpint (db_mark (f, 1, 5), ==, TP_MARK_NONE);

  /* Lò Văn Bình (row 1): present and late of six = 33 %. */
  g_assert_cmpstr (row_label (f, 1), ==, "33% · Not complete");
  /* A man present on 10/03 afternoon (late counts on 11/03 morning). */
  g_assert_cmpstr (taphuan_attendance_grid_get_column_title (f->grid, 1), ==,
                   "10/03\nAfternoon\n0 F · 1 M");
  g_assert_cmpstr (taphuan_attendance_grid_get_column_title (f->grid, 2), ==,
                   "11/03\nMorning\n0 F · 1 M");
}

static void
test_actions_and_clicks (Fixture       *f,
                         gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (f->grid);

  taphuan_attendance_grid_set_cursor (f->grid, 3, 2);
  gtk_widget_activate_action (root, "grid.set-mark", "s", "excused");
  g_assert_cmpint (db_mark (f, 3, 2), ==, TP_MARK_EXCUSED);
  gtk_widget_activate_action (root, "grid.cycle", NULL);
  g_assert_cmpint (db_mark (f, 3, 2), ==, TP_MARK_ABSENT);
  gtk_widget_activate_action (root, "grid.move", "s", "up");
  gtk_widget_activate_action (root, "grid.set-mark", "s", "present");
  g_assert_cmpint (db_mark (f, 2, 2), ==, TP_MARK_PRESENT);
  gtk_widget_activate_action (root, "grid.set-mark", "s", "none");
  g_assert_cmpint (db_mark (f, 2, 2), ==, TP_MARK_NONE);
}

/* 3 of 6 reaches 50 %; 2 of 6 does not; excused counts only when the
 * course says so. */
static void
test_threshold_boundary (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  taphuan_attendance_grid_set_cursor (f->grid, 4, 0);
  key (f, GDK_KEY_p);
  key (f, GDK_KEY_Right);
  key (f, GDK_KEY_l);
  key (f, GDK_KEY_Right);
  key (f, GDK_KEY_e);
  key (f, GDK_KEY_Right);
  key (f, GDK_KEY_a);
  g_assert_cmpstr (row_label (f, 4), ==, "33% · Not complete");

  key (f, GDK_KEY_Left);
  key (f, GDK_KEY_p);  /* excused → present: 3 of 6 */
  g_assert_cmpstr (row_label (f, 4), ==, "50% · Complete");
  key (f, GDK_KEY_e);  /* back to excused: 2 of 6 */
  g_assert_cmpstr (row_label (f, 4), ==, "33% · Not complete");

  f->course->excused_counts = TRUE;
  g_assert_true (tp_store_save_course (f->db, f->course, &error));
  g_assert_no_error (error);
  taphuan_attendance_grid_reload (f->grid);
  spin (50);
  g_assert_cmpstr (row_label (f, 4), ==, "50% · Complete");
}

static void
test_rest_present_and_undo (Fixture       *f,
                            gconstpointer  data)
{
  const TpSession *s0 = g_ptr_array_index (f->sessions, 0);
  GtkWidget *root = GTK_WIDGET (f->grid);

  /* Marks given by hand (and by someone else, straight to the database). */
  taphuan_attendance_grid_set_cursor (f->grid, 1, 0);
  key (f, GDK_KEY_a);
  set_db_mark (f, 3, 0, TP_MARK_LATE);
  taphuan_attendance_grid_reload (f->grid);

  gtk_widget_activate_action (root, "grid.mark-rest-present", "s", s0->id);
  g_assert_cmpint (db_mark (f, 0, 0), ==, TP_MARK_PRESENT);
  g_assert_cmpint (db_mark (f, 1, 0), ==, TP_MARK_ABSENT);
  g_assert_cmpint (db_mark (f, 2, 0), ==, TP_MARK_PRESENT);
  g_assert_cmpint (db_mark (f, 3, 0), ==, TP_MARK_LATE);
  g_assert_cmpint (db_mark (f, 4, 0), ==, TP_MARK_PRESENT);
  /* Only that session. */
  for (guint r = 0; r < 5; r++)
    g_assert_cmpint (db_mark (f, r, 1), ==, TP_MARK_NONE);
  spin (20);
  g_assert_cmpstr (taphuan_attendance_grid_get_cell_text (f->grid, 1, 0), ==, "A");
  g_assert_cmpstr (taphuan_attendance_grid_get_cell_text (f->grid, 2, 0), ==, "P");
  /* Women: Ánh, Hoà, Thuỷ; men: Páo, late (Bình is absent). */
  g_assert_cmpstr (taphuan_attendance_grid_get_column_title (f->grid, 0), ==,
                   "10/03\nMorning\n3 F · 1 M");

  /* Undo takes back the whole batch and nothing else. */
  g_assert_true (gtk_widget_activate_action (root, "grid.undo", NULL));
  g_assert_cmpint (db_mark (f, 0, 0), ==, TP_MARK_NONE);
  g_assert_cmpint (db_mark (f, 1, 0), ==, TP_MARK_ABSENT);
  g_assert_cmpint (db_mark (f, 2, 0), ==, TP_MARK_NONE);
  g_assert_cmpint (db_mark (f, 3, 0), ==, TP_MARK_LATE);
  g_assert_cmpint (db_mark (f, 4, 0), ==, TP_MARK_NONE);
  spin (20);
  g_assert_cmpstr (taphuan_attendance_grid_get_cell_text (f->grid, 0, 0), ==, "·");
  g_assert_cmpstr (taphuan_attendance_grid_get_column_title (f->grid, 0), ==,
                   "10/03\nMorning\n0 F · 1 M");

  /* The next undo takes back the single change before it (made outside). */
  gtk_widget_activate_action (root, "grid.undo", NULL);
  g_assert_cmpint (db_mark (f, 3, 0), ==, TP_MARK_NONE);
  g_assert_cmpint (db_mark (f, 1, 0), ==, TP_MARK_ABSENT);
  gtk_widget_activate_action (root, "grid.undo", NULL);
  g_assert_cmpint (db_mark (f, 1, 0), ==, TP_MARK_NONE);
  g_assert_false (tp_attendance_can_undo (f->db, f->course->id));
}

/* One session at a time, in the order of the printed sheet: a mark moves
 * on to the next person; Enter skips one. */
static void
test_scanned_sheet (Fixture       *f,
                    gconstpointer  data)
{
  guint row, col;

  taphuan_attendance_grid_set_sheet_session (f->grid, 3);
  spin (50);
  taphuan_attendance_grid_get_cursor (f->grid, &row, &col);
  g_assert_cmpuint (row, ==, 0);
  g_assert_cmpuint (col, ==, 3);

  key (f, GDK_KEY_c);
  key (f, GDK_KEY_k);
  key (f, GDK_KEY_Return);
  key (f, GDK_KEY_m);
  key (f, GDK_KEY_c);
  g_assert_cmpint (db_mark (f, 0, 3), ==, TP_MARK_PRESENT);
  g_assert_cmpint (db_mark (f, 1, 3), ==, TP_MARK_ABSENT);
  g_assert_cmpint (db_mark (f, 2, 3), ==, TP_MARK_NONE);
  g_assert_cmpint (db_mark (f, 3, 3), ==, TP_MARK_LATE);
  g_assert_cmpint (db_mark (f, 4, 3), ==, TP_MARK_PRESENT);
  /* The last person keeps the cursor; left and right stay in the session. */
  key (f, GDK_KEY_Left);
  taphuan_attendance_grid_get_cursor (f->grid, &row, &col);
  g_assert_cmpuint (row, ==, 4);
  g_assert_cmpuint (col, ==, 3);
  for (guint c = 0; c < 6; c++)
    if (c != 3)
      for (guint r = 0; r < 5; r++)
        g_assert_cmpint (db_mark (f, r, c), ==, TP_MARK_NONE);

  /* "Mark the rest present" without a session id: the session in focus. */
  gtk_widget_activate_action (GTK_WIDGET (f->grid), "grid.mark-rest-present", "s", "");
  g_assert_cmpint (db_mark (f, 2, 3), ==, TP_MARK_PRESENT);
  g_assert_cmpint (db_mark (f, 1, 3), ==, TP_MARK_ABSENT);

  taphuan_attendance_grid_set_sheet_session (f->grid, -1);
  g_assert_cmpint (taphuan_attendance_grid_get_sheet_session (f->grid), ==, -1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/attendance-grid/rows-and-columns", test_rows_and_columns);
  ADD ("/attendance-grid/keyboard-marking", test_keyboard_marking);
  ADD ("/attendance-grid/actions", test_actions_and_clicks);
  ADD ("/attendance-grid/threshold-boundary", test_threshold_boundary);
  ADD ("/attendance-grid/rest-present-and-undo", test_rest_present_and_undo);
  ADD ("/attendance-grid/scanned-sheet", test_scanned_sheet);
#undef ADD
  return g_test_run ();
}
