/* test-attendance.c: completion against the course threshold, session
 * totals, "mark the rest present" (fills only unmarked cells) and undo of
 * the last change or batch, on a real database file. */
#include "config.h"

#include <glib/gstdio.h>

#include "tp-attendance.h"
#include "tp-db.h"
#include "tp-store.h"

typedef struct {
  char      *dir;
  TpDb      *db;
  TpCourse  *course;
  GPtrArray *sessions;     /* TpSession*, 10: five days, morning and afternoon */
  GPtrArray *enrolments;   /* TpEnrolment*: Hoa (f), Bình (m), Chi (f), Dũng (m, withdrawn) */
} Fixture;

static const struct {
  const char *name;
  TpSex       sex;
} people[] = {
  { "Nguyễn Thị Hoa", TP_SEX_FEMALE },
  { "Trần Văn Bình", TP_SEX_MALE },
  { "Lê Thị Chi", TP_SEX_FEMALE },
  { "Phạm Văn Dũng", TP_SEX_MALE },
};

static TpEnrolment *
enrolment_of (Fixture    *f,
              const char *full_name)
{
  for (guint i = 0; i < f->enrolments->len; i++)
    {
      TpEnrolment *e = g_ptr_array_index (f->enrolments, i);
      g_autoptr(TpPerson) p = tp_store_get_person (f->db, e->person_id, NULL);

      if (g_str_equal (p->full_name, full_name))
        return e;
    }
  g_assert_not_reached ();
  return NULL;
}

static const char *
session_id (Fixture *f,
            guint    i)
{
  return ((TpSession *) g_ptr_array_index (f->sessions, i))->id;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("taphuan-test-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "taphuan.db", NULL);
  f->db = tp_db_open (path, &error);
  g_assert_no_error (error);

  f->course = tp_course_new ();
  f->course->code = g_strdup ("BDG-2026-01");
  f->course->title = g_strdup ("Tập huấn về bình đẳng giới");
  f->course->type_id = g_strdup ("tot-gender-equality");
  f->course->start_date = g_strdup ("2026-03-02");
  f->course->end_date = g_strdup ("2026-03-06");
  f->course->completion_threshold = 80;
  tp_store_save_course (f->db, f->course, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tp_store_generate_sessions (f->db, f->course->id, &error), ==, 10);
  g_assert_no_error (error);
  f->sessions = tp_store_list_sessions (f->db, f->course->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->sessions->len, ==, 10);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(TpPerson) p = tp_person_new ();
      g_autoptr(TpEnrolment) e = tp_enrolment_new ();

      p->full_name = g_strdup (people[i].name);
      p->sex = people[i].sex;
      p->birth_year = 1980 + i;
      tp_store_save_person (f->db, p, &error);
      g_assert_no_error (error);
      e->course_id = g_strdup (f->course->id);
      e->person_id = g_strdup (p->id);
      if (i == 3)
        e->status = TP_ENROLMENT_WITHDRAWN;
      tp_store_enrol (f->db, e, &error);
      g_assert_no_error (error);
    }
  f->enrolments = tp_store_list_enrolments (f->db, f->course->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->enrolments->len, ==, 4);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_ptr_array_unref (f->enrolments);
  g_ptr_array_unref (f->sessions);
  tp_course_free (f->course);
  g_clear_object (&f->db);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
}

static void
set_mark (Fixture    *f,
          const char *name,
          guint       session,
          TpMark      mark)
{
  g_autoptr(GError) error = NULL;

  tp_store_set_mark (f->db, enrolment_of (f, name)->id, session_id (f, session), mark, &error);
  g_assert_no_error (error);
}

static TpMark
get_mark (Fixture    *f,
          const char *name,
          guint       session)
{
  return tp_store_get_mark (f->db, enrolment_of (f, name)->id, session_id (f, session));
}

static void
summarize (Fixture             *f,
           const char          *name,
           TpAttendanceSummary *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) marks = tp_store_get_course_marks (f->db, f->course->id, &error);

  g_assert_no_error (error);
  tp_attendance_summarize (f->course, f->sessions, marks, enrolment_of (f, name)->id, out);
}

/* 80 % of 10 sessions: 8 attended completes, 7 does not; late counts;
 * excused counts only when the course says so. */
static void
test_threshold (Fixture       *f,
                gconstpointer  data)
{
  const char *hoa = "Nguyễn Thị Hoa";
  TpAttendanceSummary s;

  for (guint i = 0; i < 7; i++)
    set_mark (f, hoa, i, TP_MARK_PRESENT);
  set_mark (f, hoa, 7, TP_MARK_ABSENT);
  summarize (f, hoa, &s);
  g_assert_cmpuint (s.total, ==, 10);
  g_assert_cmpuint (s.attended, ==, 7);
  g_assert_cmpuint (s.absent, ==, 1);
  g_assert_cmpuint (s.unmarked, ==, 2);
  g_assert_cmpfloat_with_epsilon (s.percent, 70.0, 1e-9);
  g_assert_false (s.complete);

  set_mark (f, hoa, 8, TP_MARK_LATE);
  summarize (f, hoa, &s);
  g_assert_cmpuint (s.attended, ==, 8);
  g_assert_cmpuint (s.late, ==, 1);
  g_assert_cmpfloat_with_epsilon (s.percent, 80.0, 1e-9);
  g_assert_true (s.complete);

  /* Back to 7 attended plus one excused. */
  set_mark (f, hoa, 8, TP_MARK_EXCUSED);
  f->course->excused_counts = FALSE;
  summarize (f, hoa, &s);
  g_assert_cmpuint (s.attended, ==, 7);
  g_assert_cmpuint (s.excused, ==, 1);
  g_assert_false (s.complete);
  f->course->excused_counts = TRUE;
  summarize (f, hoa, &s);
  g_assert_cmpuint (s.attended, ==, 8);
  g_assert_true (s.complete);

  /* A threshold that 8 of 10 misses by a hair. */
  f->course->completion_threshold = 81;
  summarize (f, hoa, &s);
  g_assert_false (s.complete);
  f->course->completion_threshold = 0;
  summarize (f, "Lê Thị Chi", &s);
  g_assert_cmpuint (s.attended, ==, 0);
  g_assert_true (s.complete);
}

static void
test_rest_present (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;
  g_autofree char *batch2 = NULL;
  guint women = 99, men = 99, unknown = 99;

  set_mark (f, "Nguyễn Thị Hoa", 0, TP_MARK_ABSENT);
  set_mark (f, "Trần Văn Bình", 0, TP_MARK_LATE);
  set_mark (f, "Lê Thị Chi", 1, TP_MARK_EXCUSED);

  g_assert_cmpint (tp_attendance_mark_rest_present (f->db, session_id (f, 0), &batch, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_nonnull (batch);
  g_assert_cmpint (get_mark (f, "Nguyễn Thị Hoa", 0), ==, TP_MARK_ABSENT);
  g_assert_cmpint (get_mark (f, "Trần Văn Bình", 0), ==, TP_MARK_LATE);
  g_assert_cmpint (get_mark (f, "Lê Thị Chi", 0), ==, TP_MARK_PRESENT);
  g_assert_cmpint (get_mark (f, "Phạm Văn Dũng", 0), ==, TP_MARK_NONE);   /* withdrawn */
  g_assert_cmpint (get_mark (f, "Lê Thị Chi", 1), ==, TP_MARK_EXCUSED);   /* other session */

  /* Present or late, by sex: Chi (present) and Bình (late); Hoa is absent. */
  g_assert_true (tp_attendance_session_totals (f->db, session_id (f, 0), &women, &men, &unknown, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (women, ==, 1);
  g_assert_cmpuint (men, ==, 1);
  g_assert_cmpuint (unknown, ==, 0);

  /* Nothing left to fill: no batch. */
  g_assert_cmpint (tp_attendance_mark_rest_present (f->db, session_id (f, 0), &batch2, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_null (batch2);

  /* A session that does not exist changes nothing. */
  g_assert_cmpint (tp_attendance_mark_rest_present (f->db, "no-such-session", NULL, &error), ==, -1);
  g_assert_error (error, TP_ERROR, TP_ERROR_NOT_FOUND);
  g_assert_null (tp_db_get_batch (f->db));
}

static void
test_undo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;

  g_assert_false (tp_attendance_can_undo (f->db, f->course->id));
  g_assert_cmpint (tp_attendance_undo_last (f->db, f->course->id, &error), ==, 0);
  g_assert_no_error (error);

  set_mark (f, "Nguyễn Thị Hoa", 0, TP_MARK_ABSENT);                     /* change 1 */
  g_assert_cmpint (tp_attendance_mark_rest_present (f->db, session_id (f, 0), NULL, &error), ==, 2);
  g_assert_cmpint (tp_attendance_mark_rest_present (f->db, session_id (f, 1), &batch, &error), ==, 3);
  g_assert_no_error (error);
  set_mark (f, "Lê Thị Chi", 1, TP_MARK_LATE);                           /* change 4 */
  set_mark (f, "Trần Văn Bình", 0, TP_MARK_NONE);                        /* change 5 */
  g_assert_true (tp_attendance_can_undo (f->db, f->course->id));

  /* Undo the removal: Bình is present again. */
  g_assert_cmpint (tp_attendance_undo_last (f->db, f->course->id, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (get_mark (f, "Trần Văn Bình", 0), ==, TP_MARK_PRESENT);

  /* Undo the single change: Chi back to present. */
  g_assert_cmpint (tp_attendance_undo_last (f->db, f->course->id, &error), ==, 1);
  g_assert_cmpint (get_mark (f, "Lê Thị Chi", 1), ==, TP_MARK_PRESENT);

  /* Undo the second batch as a whole: session 2 empty again. */
  g_assert_cmpint (tp_attendance_undo_last (f->db, f->course->id, &error), ==, 3);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (get_mark (f, people[i].name, 1), ==, TP_MARK_NONE);
  g_assert_cmpint (get_mark (f, "Lê Thị Chi", 0), ==, TP_MARK_PRESENT);  /* first batch kept */

  /* The first batch, then the first single change. */
  g_assert_cmpint (tp_attendance_undo_last (f->db, f->course->id, &error), ==, 2);
  g_assert_cmpint (get_mark (f, "Nguyễn Thị Hoa", 0), ==, TP_MARK_ABSENT);
  g_assert_cmpint (get_mark (f, "Lê Thị Chi", 0), ==, TP_MARK_NONE);
  g_assert_cmpint (tp_attendance_undo_last (f->db, f->course->id, &error), ==, 1);
  g_assert_cmpint (get_mark (f, "Nguyễn Thị Hoa", 0), ==, TP_MARK_NONE);
  g_assert_no_error (error);

  g_assert_false (tp_attendance_can_undo (f->db, f->course->id));
  g_assert_cmpint (tp_attendance_undo_last (f->db, f->course->id, &error), ==, 0);

  /* The undos are in the history too, old → new. */
  {
    sqlite3_stmt *stmt = tp_db_prepare (f->db,
                                        "SELECT count(*) FROM change_log WHERE table_name = 'attendance'"
                                        " AND batch LIKE 'undo:%'", NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1 + 1 + 3 + 2 + 1);
    sqlite3_finalize (stmt);
  }
  g_assert_null (tp_db_get_batch (f->db));
}

/* A change made after an undo is undone first; the undone one stays undone. */
static void
test_undo_then_change (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  set_mark (f, "Nguyễn Thị Hoa", 2, TP_MARK_PRESENT);
  set_mark (f, "Nguyễn Thị Hoa", 2, TP_MARK_ABSENT);
  g_assert_cmpint (tp_attendance_undo_last (f->db, f->course->id, &error), ==, 1);
  g_assert_cmpint (get_mark (f, "Nguyễn Thị Hoa", 2), ==, TP_MARK_PRESENT);
  set_mark (f, "Trần Văn Bình", 3, TP_MARK_EXCUSED);
  g_assert_cmpint (tp_attendance_undo_last (f->db, f->course->id, &error), ==, 1);
  g_assert_cmpint (get_mark (f, "Trần Văn Bình", 3), ==, TP_MARK_NONE);
  g_assert_cmpint (get_mark (f, "Nguyễn Thị Hoa", 2), ==, TP_MARK_PRESENT);
  g_assert_cmpint (tp_attendance_undo_last (f->db, f->course->id, &error), ==, 1);
  g_assert_cmpint (get_mark (f, "Nguyễn Thị Hoa", 2), ==, TP_MARK_NONE);
  g_assert_no_error (error);
}

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  ADD ("/attendance/threshold", test_threshold);
  ADD ("/attendance/rest-present", test_rest_present);
  ADD ("/attendance/undo", test_undo);
  ADD ("/attendance/undo-then-change", test_undo_then_change);
  return g_test_run ();
}
