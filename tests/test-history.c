/* test-history.c: the history of a course and of a person, read from the
 * change log, and single changes undone where that is still consistent. */
#include "config.h"

#include <glib/gstdio.h>

#include "tp-db.h"
#include "tp-format.h"
#include "tp-history.h"
#include "tp-model.h"
#include "tp-refdata.h"
#include "tp-store.h"

typedef struct {
  char     *dir;
  TpDb     *db;
  TpPerson *hoa;
  TpCourse *course;
  TpSession *session;
  TpEnrolment *enrolment;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("taphuan-history-XXXXXX", &error);
  path = g_build_filename (f->dir, "taphuan.db", NULL);
  f->db = tp_db_open (path, &error);
  g_assert_no_error (error);

  f->hoa = tp_person_new ();
  f->hoa->full_name = g_strdup ("Đặng Thị Hoà");
  f->hoa->sex = TP_SEX_FEMALE;
  f->hoa->birth_year = 1985;
  f->hoa->phone = g_strdup ("0912345678");
  g_assert_true (tp_store_save_person (f->db, f->hoa, &error));
  g_assert_no_error (error);

  f->course = tp_course_new ();
  f->course->code = g_strdup ("LC-2026-01");
  f->course->title = g_strdup ("Tập huấn kiến thức về giới");
  f->course->type_id = g_strdup ("tot-gender-equality");
  f->course->start_date = g_strdup ("2026-03-10");
  f->course->end_date = g_strdup ("2026-03-11");
  g_assert_true (tp_store_save_course (f->db, f->course, &error));
  g_assert_no_error (error);

  f->session = tp_session_new ();
  f->session->course_id = g_strdup (f->course->id);
  f->session->date = g_strdup ("2026-03-10");
  f->session->part = TP_PART_MORNING;
  g_assert_true (tp_store_save_session (f->db, f->session, &error));
  g_assert_no_error (error);

  f->enrolment = tp_enrolment_new ();
  f->enrolment->course_id = g_strdup (f->course->id);
  f->enrolment->person_id = g_strdup (f->hoa->id);
  g_assert_true (tp_store_enrol (f->db, f->enrolment, &error));
  g_assert_no_error (error);
  g_assert_true (tp_store_set_mark (f->db, f->enrolment->id, f->session->id, TP_MARK_PRESENT, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->db);
  tp_person_free (f->hoa);
  tp_course_free (f->course);
  tp_session_free (f->session);
  tp_enrolment_free (f->enrolment);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
}

static gint64
count (TpDb       *db,
       const char *sql)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, NULL);
  gint64 n = -1;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static TpHistoryChange *
find_change (TpHistoryEntry *e,
             const char     *field)
{
  for (guint i = 0; i < e->changes->len; i++)
    {
      TpHistoryChange *c = g_ptr_array_index (e->changes, i);
      if (g_str_equal (c->field, field))
        return c;
    }
  return NULL;
}

static TpHistoryEntry *
find_entry (GPtrArray  *entries,
            const char *table,
            TpHistoryOp op)
{
  for (guint i = 0; i < entries->len; i++)
    {
      TpHistoryEntry *e = g_ptr_array_index (entries, i);
      if (g_str_equal (e->table_name, table) && e->op == op)
        return e;
    }
  return NULL;
}

static void
rename_hoa (Fixture    *f,
            const char *name)
{
  g_autoptr(GError) error = NULL;

  g_free (f->hoa->full_name);
  f->hoa->full_name = g_strdup (name);
  g_clear_pointer (&f->hoa->family_name, g_free);
  g_clear_pointer (&f->hoa->middle_name, g_free);
  g_clear_pointer (&f->hoa->given_name, g_free);
  g_assert_true (tp_store_save_person (f->db, f->hoa, &error));
  g_assert_no_error (error);
}

static void
test_course_history (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  TpHistoryEntry *e;
  TpHistoryChange *c;

  g_free (f->course->venue);
  f->course->venue = g_strdup ("Hội trường UBND tỉnh");
  g_assert_true (tp_store_save_course (f->db, f->course, &error));
  g_assert_no_error (error);

  entries = tp_history_for_course (f->db, f->course->id, &error);
  g_assert_no_error (error);
  /* Newest first: the venue change. */
  e = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (e->table_name, ==, "courses");
  g_assert_cmpint (e->op, ==, TP_HISTORY_UPDATE);
  g_assert_nonnull (e->user);
  g_assert_nonnull (e->at);
  g_assert_cmpuint (e->changes->len, ==, 1);
  c = find_change (e, "venue");
  g_assert_null (c->old_value);
  g_assert_cmpstr (c->new_value, ==, "Hội trường UBND tỉnh");
  g_assert_cmpstr (c->label, ==, "Venue");

  /* The session, the enrolment (naming the person) and the mark. */
  e = find_entry (entries, "sessions", TP_HISTORY_INSERT);
  g_assert_nonnull (e);
  g_assert_nonnull (strstr (e->what, "2026-03-10"));
  e = find_entry (entries, "enrolments", TP_HISTORY_INSERT);
  g_assert_nonnull (e);
  g_assert_nonnull (strstr (e->what, "Đặng Thị Hoà"));
  e = find_entry (entries, "attendance", TP_HISTORY_INSERT);
  g_assert_nonnull (e);
  /* The mark as the attendance grid names it; the stored code kept. */
  g_assert_cmpstr (find_change (e, "mark")->new_value, ==, tp_mark_label (TP_MARK_PRESENT));
  g_assert_cmpstr (find_change (e, "mark")->new_raw, ==, "present");
  g_assert_nonnull (find_entry (entries, "courses", TP_HISTORY_INSERT));

  /* Another course's history does not show them. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = tp_history_for_course (f->db, "no-such-course", &error);
  g_assert_null (entries);
  g_assert_error (error, TP_ERROR, TP_ERROR_NOT_FOUND);
}

static void
test_person_history (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  TpHistoryEntry *e;
  TpHistoryChange *c;

  rename_hoa (f, "Đặng Thị Hoà Bình");
  entries = tp_history_for_person (f->db, f->hoa->id, &error);
  g_assert_no_error (error);
  e = g_ptr_array_index (entries, 0);
  g_assert_cmpstr (e->table_name, ==, "people");
  c = find_change (e, "full_name");
  g_assert_cmpstr (c->old_value, ==, "Đặng Thị Hoà");
  g_assert_cmpstr (c->new_value, ==, "Đặng Thị Hoà Bình");
  g_assert_null (find_change (e, "updated_at"));
  /* Her enrolment names the course. */
  e = find_entry (entries, "enrolments", TP_HISTORY_INSERT);
  g_assert_nonnull (strstr (e->what, "LC-2026-01"));
  g_assert_nonnull (find_entry (entries, "attendance", TP_HISTORY_INSERT));
  g_assert_null (find_entry (entries, "sessions", TP_HISTORY_INSERT));
}

static void
test_revert_update (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(TpPerson) back = NULL;
  gint64 first, second;

  rename_hoa (f, "Đặng Thị Hoà Bình");
  entries = tp_history_for_person (f->db, f->hoa->id, &error);
  first = ((TpHistoryEntry *) g_ptr_array_index (entries, 0))->seq;
  g_clear_pointer (&entries, g_ptr_array_unref);

  rename_hoa (f, "Đặng Thị Hoà Xuân");
  entries = tp_history_for_person (f->db, f->hoa->id, &error);
  second = ((TpHistoryEntry *) g_ptr_array_index (entries, 0))->seq;

  /* The first rename cannot be undone: the name changed again since. */
  g_assert_false (tp_history_revert (f->db, first, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "Full name"));
  g_assert_nonnull (strstr (error->message, "Đặng Thị Hoà Xuân"));
  g_clear_error (&error);

  /* Undo the second, then the first. */
  g_assert_true (tp_history_revert (f->db, second, &error));
  g_assert_no_error (error);
  g_assert_true (tp_history_revert (f->db, first, &error));
  g_assert_no_error (error);
  back = tp_store_get_person (f->db, f->hoa->id, &error);
  g_assert_cmpstr (back->full_name, ==, "Đặng Thị Hoà");
  g_assert_cmpstr (back->given_name, ==, "Hoà");
  g_assert_cmpstr (back->phone, ==, "0912345678");
  /* The search fold followed: she is found by her old name again. */
  found = tp_store_list_people (f->db, "dang thi hoa", 0, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = tp_store_list_people (f->db, "xuan", 0, &error);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_revert_insert_and_delete (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = tp_history_for_course (f->db, f->course->id, &error);
  g_autoptr(GPtrArray) sessions = NULL;
  TpHistoryEntry *session_added = find_entry (entries, "sessions", TP_HISTORY_INSERT);
  TpHistoryEntry *mark_added = find_entry (entries, "attendance", TP_HISTORY_INSERT);
  gint64 deleted_seq;

  /* The session holds a mark: it cannot simply go. */
  g_assert_false (tp_history_revert (f->db, session_added->seq, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "attendance marks"));
  g_clear_error (&error);

  /* Undo the mark, then the session. */
  g_assert_true (tp_history_revert (f->db, mark_added->seq, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tp_store_get_mark (f->db, f->enrolment->id, f->session->id), ==, TP_MARK_NONE);
  g_assert_true (tp_history_revert (f->db, session_added->seq, &error));
  g_assert_no_error (error);
  sessions = tp_store_list_sessions (f->db, f->course->id, &error);
  g_assert_cmpuint (sessions->len, ==, 0);

  /* The undo of the session's removal brings it back. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = tp_history_for_course (f->db, f->course->id, &error);
  deleted_seq = find_entry (entries, "sessions", TP_HISTORY_DELETE)->seq;
  g_assert_true (tp_history_revert (f->db, deleted_seq, &error));
  g_assert_no_error (error);
  g_clear_pointer (&sessions, g_ptr_array_unref);
  sessions = tp_store_list_sessions (f->db, f->course->id, &error);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_cmpstr (((TpSession *) g_ptr_array_index (sessions, 0))->date, ==, "2026-03-10");
  /* ... once. */
  g_assert_false (tp_history_revert (f->db, deleted_seq, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_CONFLICT);
}

static void
test_revert_delete_orphan (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(TpPerson) still = NULL;
  TpHistoryEntry *e;
  gint64 changes_before;

  /* The enrolment goes, then the course: bringing the enrolment back
   * would point at nothing. */
  g_assert_true (tp_store_unenrol (f->db, f->enrolment->id, &error));
  entries = tp_history_for_person (f->db, f->hoa->id, &error);
  e = find_entry (entries, "enrolments", TP_HISTORY_DELETE);
  g_assert_nonnull (e);
  g_assert_true (tp_store_delete_course (f->db, f->course->id, &error));
  g_assert_no_error (error);

  changes_before = count (f->db, "SELECT count(*) FROM change_log");
  g_assert_false (tp_history_revert (f->db, e->seq, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "no longer exists"));
  g_clear_error (&error);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log"), ==, changes_before);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM enrolments"), ==, 0);

  /* The deleted course's history is still there. */
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = tp_history_for_course (f->db, f->course->id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_entry (entries, "courses", TP_HISTORY_DELETE));

  g_assert_false (tp_history_revert (f->db, 999999, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_NOT_FOUND);
  still = tp_store_get_person (f->db, f->hoa->id, NULL);
  g_assert_nonnull (still);
}

/* Changes read as a user knows the fields: labels, not column names;
 * codes, ids and dates as the editors show them; bookkeeping hidden. */
static void
test_readable_changes (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) groups = tp_refdata_list_target_groups (f->db);
  g_autoptr(GPtrArray) types = tp_refdata_list_course_types (f->db);
  TpRefItem *group, *type = NULL;
  g_autofree char *old_type = tp_refdata_course_type_name (f->db, f->course->type_id);
  g_autofree char *date_ui = tp_format_date_ui ("1985-04-30");
  g_autofree char *end_ui = tp_format_date_ui ("2026-03-12");
  TpHistoryEntry *e;
  TpHistoryChange *c;

  g_assert_cmpuint (groups->len, >, 0);
  group = g_ptr_array_index (groups, 0);
  for (guint i = 0; i < types->len && type == NULL; i++)
    if (!g_str_equal (((TpRefItem *) g_ptr_array_index (types, i))->id, f->course->type_id))
      type = g_ptr_array_index (types, i);
  g_assert_nonnull (type);

  f->hoa->sex = TP_SEX_MALE;
  f->hoa->birth_date = g_strdup ("1985-04-30");
  f->hoa->target_group = g_strdup (group->id);
  g_assert_true (tp_store_save_person (f->db, f->hoa, &error));
  g_assert_no_error (error);

  entries = tp_history_for_person (f->db, f->hoa->id, &error);
  g_assert_no_error (error);
  e = g_ptr_array_index (entries, 0);
  g_assert_cmpint (e->op, ==, TP_HISTORY_UPDATE);
  c = find_change (e, "sex");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->label, ==, "Sex");
  g_assert_cmpstr (c->old_value, ==, "Female");
  g_assert_cmpstr (c->new_value, ==, "Male");
  g_assert_cmpstr (c->old_raw, ==, "female");
  g_assert_cmpstr (c->new_raw, ==, "male");
  c = find_change (e, "birth_date");
  g_assert_cmpstr (c->label, ==, "Date of birth");
  g_assert_cmpstr (c->new_value, ==, date_ui);
  g_assert_cmpstr (c->new_value, ==, "30/04/1985");
  c = find_change (e, "target_group");
  g_assert_cmpstr (c->label, ==, "Target group");
  g_assert_cmpstr (c->new_value, ==, group->name);
  g_assert_cmpstr (c->new_raw, ==, group->id);
  /* Derived and bookkeeping columns are not changes a user made. */
  for (guint i = 0; i < e->changes->len; i++)
    {
      c = g_ptr_array_index (e->changes, i);
      g_assert_cmpstr (c->label, !=, c->field);
    }
  g_assert_null (find_change (e, "updated_at"));
  g_assert_null (find_change (e, "sort_key"));

  /* The first entry, adding her: consent is Yes/No, not 0/1. */
  e = g_ptr_array_index (entries, entries->len - 1);
  g_assert_cmpint (e->op, ==, TP_HISTORY_INSERT);
  c = find_change (e, "consent_sensitive");
  g_assert_nonnull (c);
  g_assert_cmpstr (c->label, ==, "Consent to sensitive data");
  g_assert_cmpstr (c->new_value, ==, "No");
  g_assert_cmpstr (c->new_raw, ==, "0");
  g_assert_null (find_change (e, "name_fold"));
  g_assert_null (find_change (e, "admin_version"));
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* A course: type by its name, status by its label, dates dd/mm/yyyy. */
  g_free (f->course->type_id);
  f->course->type_id = g_strdup (type->id);
  f->course->status = TP_COURSE_OPEN;
  f->course->excused_counts = TRUE;
  g_free (f->course->end_date);
  f->course->end_date = g_strdup ("2026-03-12");
  g_assert_true (tp_store_save_course (f->db, f->course, &error));
  g_assert_no_error (error);
  entries = tp_history_for_course (f->db, f->course->id, &error);
  g_assert_no_error (error);
  e = g_ptr_array_index (entries, 0);
  c = find_change (e, "type_id");
  g_assert_cmpstr (c->label, ==, "Course type");
  g_assert_cmpstr (c->old_value, ==, old_type);
  g_assert_cmpstr (c->new_value, ==, type->name);
  c = find_change (e, "status");
  g_assert_cmpstr (c->new_value, ==, tp_course_status_label (TP_COURSE_OPEN));
  g_assert_cmpstr (c->new_raw, ==, "open");
  c = find_change (e, "excused_counts");
  g_assert_cmpstr (c->old_value, ==, "No");
  g_assert_cmpstr (c->new_value, ==, "Yes");
  c = find_change (e, "end_date");
  g_assert_cmpstr (c->new_value, ==, end_ui);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* A session's trainer by name; undoing still works on the raw values. */
  f->session->trainer_id = g_strdup (f->hoa->id);
  g_assert_true (tp_store_save_session (f->db, f->session, &error));
  g_assert_no_error (error);
  entries = tp_history_for_course (f->db, f->course->id, &error);
  g_assert_no_error (error);
  e = g_ptr_array_index (entries, 0);
  c = find_change (e, "trainer_id");
  g_assert_cmpstr (c->label, ==, "Trainer");
  g_assert_cmpstr (c->new_value, ==, "Đặng Thị Hoà");
  g_assert_cmpstr (c->new_raw, ==, f->hoa->id);
  g_assert_true (tp_history_revert (f->db, e->seq, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM sessions WHERE trainer_id IS NULL"), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/history/course", test_course_history);
  ADD ("/history/person", test_person_history);
  ADD ("/history/revert-update", test_revert_update);
  ADD ("/history/revert-insert-and-delete", test_revert_insert_and_delete);
  ADD ("/history/revert-delete-orphan", test_revert_delete_orphan);
  ADD ("/history/readable-changes", test_readable_changes);
#undef ADD

  return g_test_run ();
}
