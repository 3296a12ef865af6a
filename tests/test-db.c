/* test-db.c: opening, schema, migration, validation and the change log,
 * on real database files in temporary folders. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "tp-backup.h"
#include "tp-db.h"
#include "tp-refdata.h"
#include "tp-store.h"

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

  f->dir = g_dir_make_tmp ("taphuan-test-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "sub", "taphuan.db", NULL);
  f->db = tp_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->db);
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

static TpPerson *
make_person (const char *name,
             TpSex       sex,
             int         year)
{
  TpPerson *p = tp_person_new ();

  p->full_name = g_strdup (name);
  p->sex = sex;
  p->birth_year = year;
  return p;
}

static TpCourse *
make_course (const char *code,
             const char *start,
             const char *end)
{
  TpCourse *c = tp_course_new ();

  c->code = g_strdup (code);
  c->title = g_strdup ("Tập huấn giảng viên nguồn về bình đẳng giới");
  c->type_id = g_strdup ("tot-gender-equality");
  c->start_date = g_strdup (start);
  c->end_date = g_strdup (end);
  return c;
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return g_strdup ("missing");
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
}

/* ---- opening ---------------------------------------------------------- */

static void
test_new_file_private (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *dir = g_path_get_dirname (f->path);
  GStatBuf st;

  g_assert_cmpint (g_stat (f->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_cmpint (tp_db_get_schema_version (f->db), ==, TP_DB_SCHEMA_VERSION);
  g_assert_cmpint (count (f->db, "PRAGMA user_version"), ==, TP_DB_SCHEMA_VERSION);
  g_assert_cmpint (count (f->db, "PRAGMA foreign_keys"), ==, 1);
}

static void
test_reference_data (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) provinces = tp_refdata_list_provinces (f->db);
  g_autoptr(GPtrArray) groups = tp_refdata_list_ethnic_groups (f->db);
  g_autoptr(GPtrArray) types = tp_refdata_list_course_types (f->db);
  g_autofree char *hmong = tp_refdata_match_ethnicity (f->db, "Mèo");
  g_autofree char *khome = tp_refdata_match_ethnicity (f->db, "khơ me");
  g_autofree char *kinh = tp_refdata_match_ethnicity (f->db, "Việt");
  g_autofree char *nothing = tp_refdata_match_ethnicity (f->db, "Klingon");
  g_autofree char *before = tp_refdata_agency_name_on (f->db, "issuer", "2025-02-10");
  g_autofree char *after = tp_refdata_agency_name_on (f->db, "issuer", "2025-03-01");
  g_autofree char *lai_chau = tp_refdata_province_name (f->db, "12");

  g_assert_cmpuint (provinces->len, ==, 34);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM communes"), ==, 3321);
  g_assert_cmpuint (groups->len, ==, 54);
  g_assert_cmpuint (types->len, ==, 6);
  g_assert_cmpstr (lai_chau, ==, "Tỉnh Lai Châu");
  g_assert_cmpstr (hmong, ==, "hmong");
  g_assert_cmpstr (khome, ==, "kho-me");
  g_assert_cmpstr (kinh, ==, "kinh");
  g_assert_null (nothing);
  g_assert_cmpstr (before, ==, "Sở Lao động - Thương binh và Xã hội");
  g_assert_cmpstr (after, ==, "Sở Nội vụ");
  g_assert_true (tp_refdata_course_type_is_tot (f->db, "tot-gbv"));
  g_assert_false (tp_refdata_course_type_is_tot (f->db, "communication"));
}

static void
test_reopen (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpPerson) p = make_person ("Lê Thị Hồng", TP_SEX_FEMALE, 1990);
  g_autoptr(TpPerson) back = NULL;

  g_assert_true (tp_store_save_person (f->db, p, &error));
  g_clear_object (&f->db);
  f->db = tp_db_open_existing (f->path, &error);
  g_assert_no_error (error);
  back = tp_store_get_person (f->db, p->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (back->full_name, ==, "Lê Thị Hồng");
  /* Reference data is loaded once, not again on reopening. */
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM provinces"), ==, 34);
}

/* Every bad file is refused with its own error, and left byte-identical. */
static void
assert_refused (const char *path,
                int         code,
                const char *fragment)
{
  g_autofree char *before = file_checksum (path);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = tp_db_open (path, &error);

  g_assert_null (db);
  g_assert_error (error, TP_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
  if (fragment != NULL)
    g_assert_nonnull (strstr (error->message, fragment));
  after = file_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *text = g_build_filename (f->dir, "notes.db", NULL);
  g_autofree char *other = g_build_filename (f->dir, "other.sqlite", NULL);
  g_autofree char *newer = g_build_filename (f->dir, "newer.db", NULL);
  g_autofree char *cut = g_build_filename (f->dir, "cut.db", NULL);
  g_autofree char *damaged = g_build_filename (f->dir, "damaged.db", NULL);
  g_autofree char *readonly = g_build_filename (f->dir, "readonly.db", NULL);
  g_autofree char *contents = NULL;
  gsize len;
  sqlite3 *h;

  g_assert_true (g_file_set_contents (text, "Họ và tên,Năm sinh\nĐặng Thị Hoà,1985\n", -1, NULL));
  assert_refused (text, TP_ERROR_NOT_DATABASE, NULL);

  g_assert_cmpint (sqlite3_open (other, &h), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (h, "CREATE TABLE invoices (n INTEGER)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (h);
  assert_refused (other, TP_ERROR_NOT_DATABASE, NULL);

  /* A database from a newer Taphuan. */
  g_clear_object (&f->db);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TpDb) db = tp_db_open (newer, &error);
    g_assert_no_error (error);
    g_assert_true (tp_db_exec (db, "PRAGMA user_version = 99", NULL));
    g_assert_true (tp_db_exec (db, "PRAGMA journal_mode = DELETE", NULL));
  }
  assert_refused (newer, TP_ERROR_TOO_NEW, "99");

  /* Cut short in the middle of a page. */
  g_assert_true (g_file_get_contents (newer, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (cut, contents, len / 2 + 100, NULL));
  assert_refused (cut, TP_ERROR_CORRUPT, NULL);

  /* A damaged page: overwrite the second half of the file with garbage. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TpDb) db = tp_db_open (damaged, &error);
    g_assert_no_error (error);
    for (int i = 0; i < 200; i++)
      {
        g_autoptr(TpPerson) p = make_person ("Nguyễn Văn Bình", TP_SEX_MALE, 1970 + i % 30);
        g_assert_true (tp_store_save_person (db, p, NULL));
      }
    g_assert_true (tp_db_exec (db, "PRAGMA journal_mode = DELETE", NULL));
  }
  {
    g_autofree char *bytes = NULL;
    g_assert_true (g_file_get_contents (damaged, &bytes, &len, NULL));
    for (gsize i = len / 2; i < len; i++)
      bytes[i] = (char) (i * 7);
    g_assert_true (g_file_set_contents (damaged, bytes, len, NULL));
  }
  assert_refused (damaged, TP_ERROR_CORRUPT, NULL);
  {
    /* The check the GUI runs off the main thread finds it too. */
    g_autoptr(GError) error = NULL;
    g_assert_false (tp_db_quick_check (damaged, &error));
    g_assert_error (error, TP_ERROR, TP_ERROR_CORRUPT);
  }

  /* A read-only file. Root can write anyway, so only check as a user. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TpDb) db = tp_db_open (readonly, &error);
    g_assert_no_error (error);
    g_assert_true (tp_db_exec (db, "PRAGMA journal_mode = DELETE", NULL));
  }
  g_assert_cmpint (g_chmod (readonly, 0444), ==, 0);
  if (geteuid () != 0)
    assert_refused (readonly, TP_ERROR_READ_ONLY, NULL);
  else
    {
      /* Root writes through permission bits; check as an ordinary user
       * (nobody) in a child process, as an office user would meet it. */
      int status = 0;
      pid_t pid;

      g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          if (setgid (65534) != 0 || setuid (65534) != 0)
            _exit (3);
          assert_refused (readonly, TP_ERROR_READ_ONLY, NULL);
          _exit (0);
        }
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }
}

static void
test_migrate_v0 (void)
{
  g_autofree char *dir = g_dir_make_tmp ("taphuan-v0-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "prototype.db", NULL);
  g_autofree char *sql_path = g_test_build_filename (G_TEST_DIST, "fixtures", "v0-prototype.sql", NULL);
  g_autofree char *sql = NULL;
  g_autofree char *backup = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(GPtrArray) people = NULL;
  TpPerson *hoa = NULL;
  sqlite3 *h;

  g_assert_true (g_file_get_contents (sql_path, &sql, NULL, NULL));
  g_assert_cmpint (sqlite3_open (path, &h), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (h, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (h);

  db = tp_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tp_db_get_schema_version (db), ==, 1);

  /* A backup of the old file was made first, in the backups folder, listed
   * as a migration backup, and it still holds the prototype's data. */
  {
    g_autoptr(GPtrArray) backups = tp_backup_list (path);
    g_autofree char *folder = tp_backup_folder (path);
    g_autofree char *legacy = g_strdup_printf ("%s.before-v1.bak", path);
    TpBackupInfo *info;
    sqlite3 *copy;
    sqlite3_stmt *stmt;

    g_assert_cmpuint (backups->len, ==, 1);
    info = g_ptr_array_index (backups, 0);
    g_assert_cmpstr (info->reason, ==, "migration");
    g_assert_true (g_str_has_prefix (info->path, folder));
    g_assert_false (g_file_test (legacy, G_FILE_TEST_EXISTS));
    backup = g_strdup (info->path);

    g_assert_cmpint (sqlite3_open_v2 (backup, &copy, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (copy, "SELECT count(*) FROM taphuan_v0_people", -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 3);
    sqlite3_finalize (stmt);
    sqlite3_close (copy);
  }

  people = tp_store_list_people (db, "hoa", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (people->len, ==, 1);
  hoa = g_ptr_array_index (people, 0);
  g_assert_cmpstr (hoa->given_name, ==, "Hoà");
  g_assert_cmpstr (hoa->family_name, ==, "Đặng");
  g_assert_cmpint (hoa->sex, ==, TP_SEX_FEMALE);
  g_assert_cmpint (hoa->birth_year, ==, 1985);
  g_assert_cmpuint (tp_store_count_people (db), ==, 3);
  g_assert_cmpint (count (db, "SELECT count(*) FROM sqlite_schema WHERE name = 'taphuan_v0_people'"), ==, 0);

  g_clear_object (&db);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    g_assert_cmpint (system (cmd), ==, 0);
  }
}

/* ---- validation -------------------------------------------------------- */

static gboolean
has_field_error (GPtrArray  *errors,
                 const char *field)
{
  for (guint i = 0; i < errors->len; i++)
    if (g_str_equal (((TpFieldError *) g_ptr_array_index (errors, i))->field, field))
      return TRUE;
  return FALSE;
}

/* TRUE when @msg is an error message (and frees it). */
static gboolean
rejects (char *msg)
{
  gboolean bad = msg != NULL;

  g_free (msg);
  return bad;
}

static void
test_person_validation (void)
{
  g_autoptr(TpPerson) p = tp_person_new ();
  g_autoptr(GPtrArray) errors = tp_person_validate (p);
  g_autofree char *year_msg = tp_check_birth_year (1890);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int this_year = g_date_time_get_year (now);

  g_assert_true (has_field_error (errors, "full_name"));
  g_assert_true (has_field_error (errors, "sex"));

  g_assert_nonnull (strstr (year_msg, "1890"));
  g_assert_false (rejects (tp_check_birth_year (1900)));
  g_assert_false (rejects (tp_check_birth_year (this_year)));
  g_assert_true (rejects (tp_check_birth_year (1899)));
  g_assert_true (rejects (tp_check_birth_year (this_year + 1)));

  g_assert_false (rejects (tp_check_national_id ("001185012345")));
  g_assert_true (rejects (tp_check_national_id ("00118501234")));
  g_assert_true (rejects (tp_check_national_id ("0011850123456")));
  g_assert_true (rejects (tp_check_national_id ("00118501234a")));

  g_assert_false (rejects (tp_check_email ("hoa.dt@laichau.gov.vn")));
  g_assert_true (rejects (tp_check_email ("hoa.dt@laichau")));
  g_assert_true (rejects (tp_check_email ("hoa dt@laichau.gov.vn")));
  g_assert_true (rejects (tp_check_email ("@laichau.gov.vn")));

  g_assert_false (rejects (tp_check_phone ("0912 345 678")));
  g_assert_false (rejects (tp_check_phone ("+84 912 345 678")));
  g_assert_false (rejects (tp_check_phone ("0213.3876.543")));
  g_assert_true (rejects (tp_check_phone ("091234567")));
  g_assert_true (rejects (tp_check_phone ("1912345678")));
  g_assert_true (rejects (tp_check_phone ("0912-ABC-678")));

  g_assert_false (rejects (tp_check_date ("2026-02-28")));
  g_assert_true (rejects (tp_check_date ("2026-02-29")));
  g_assert_true (rejects (tp_check_date ("28/02/2026")));
  g_assert_true (rejects (tp_check_date ("2026-2-28")));
}

static void
test_course_validation (void)
{
  g_autoptr(TpCourse) c = make_course ("LCU-2026-01", "2026-03-10", "2026-03-09");
  g_autoptr(GPtrArray) errors = tp_course_validate (c);
  TpFieldError *e;

  g_assert_cmpuint (errors->len, ==, 1);
  e = g_ptr_array_index (errors, 0);
  g_assert_cmpstr (e->field, ==, "end_date");
  g_assert_nonnull (strstr (e->message, "2026-03-09"));

  g_free (c->end_date);
  c->end_date = g_strdup ("2026-03-12");
  c->completion_threshold = 101;
  g_clear_pointer (&errors, g_ptr_array_unref);
  errors = tp_course_validate (c);
  g_assert_true (has_field_error (errors, "completion_threshold"));
  g_assert_false (has_field_error (errors, "end_date"));

  c->completion_threshold = 100;
  c->pass_mark = 10.5;
  g_clear_pointer (&errors, g_ptr_array_unref);
  errors = tp_course_validate (c);
  g_assert_true (has_field_error (errors, "pass_mark"));
}

static void
test_save_rules (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpCourse) c1 = make_course ("LCU-2026-01", "2026-03-10", "2026-03-12");
  g_autoptr(TpCourse) c2 = make_course ("LCU-2026-01", "2026-04-10", "2026-04-12");
  g_autoptr(TpPerson) p = make_person ("Đặng Thị Hoà", TP_SEX_FEMALE, 1985);
  g_autoptr(TpPerson) bad = make_person ("Lò Văn Páo", TP_SEX_MALE, 1979);
  g_autoptr(TpSession) outside = tp_session_new ();
  g_autoptr(TpSession) twice = tp_session_new ();
  g_autoptr(TpEnrolment) e1 = tp_enrolment_new ();
  g_autoptr(TpEnrolment) e2 = tp_enrolment_new ();
  g_autoptr(GPtrArray) sessions = NULL;
  int people_before;

  g_assert_true (tp_store_save_course (f->db, c1, &error));
  g_assert_no_error (error);

  /* The course code is unique. */
  g_assert_false (tp_store_save_course (f->db, c2, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "LCU-2026-01"));
  g_clear_error (&error);

  /* Sessions inside the course dates, one per part and day. */
  outside->course_id = g_strdup (c1->id);
  outside->date = g_strdup ("2026-03-13");
  g_assert_false (tp_store_save_session (f->db, outside, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (tp_store_generate_sessions (f->db, c1->id, &error), ==, 6);
  g_assert_cmpint (tp_store_generate_sessions (f->db, c1->id, &error), ==, 0);
  twice->course_id = g_strdup (c1->id);
  twice->date = g_strdup ("2026-03-11");
  twice->part = TP_PART_AFTERNOON;
  g_assert_false (tp_store_save_session (f->db, twice, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_CONFLICT);
  g_clear_error (&error);

  /* One enrolment per person and course, one mark per session. */
  g_assert_true (tp_store_save_person (f->db, p, &error));
  e1->course_id = g_strdup (c1->id);
  e1->person_id = g_strdup (p->id);
  g_assert_true (tp_store_enrol (f->db, e1, &error));
  e2->course_id = g_strdup (c1->id);
  e2->person_id = g_strdup (p->id);
  g_assert_false (tp_store_enrol (f->db, e2, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_CONFLICT);
  g_clear_error (&error);

  sessions = tp_store_list_sessions (f->db, c1->id, &error);
  g_assert_cmpuint (sessions->len, ==, 6);
  g_assert_cmpstr (((TpSession *) sessions->pdata[0])->date, ==, "2026-03-10");
  g_assert_cmpint (((TpSession *) sessions->pdata[0])->part, ==, TP_PART_MORNING);
  g_assert_cmpint (((TpSession *) sessions->pdata[1])->part, ==, TP_PART_AFTERNOON);
  g_assert_true (tp_store_set_mark (f->db, e1->id, ((TpSession *) sessions->pdata[0])->id, TP_MARK_PRESENT, &error));
  g_assert_true (tp_store_set_mark (f->db, e1->id, ((TpSession *) sessions->pdata[0])->id, TP_MARK_LATE, &error));
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM attendance"), ==, 1);
  g_assert_cmpint (tp_store_get_mark (f->db, e1->id, ((TpSession *) sessions->pdata[0])->id), ==, TP_MARK_LATE);

  /* Moving the course so a session falls outside it is refused. */
  g_free (c1->start_date);
  c1->start_date = g_strdup ("2026-03-11");
  g_assert_false (tp_store_save_course (f->db, c1, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_clear_error (&error);

  /* An invalid person is refused whole, nothing written. */
  people_before = count (f->db, "SELECT count(*) FROM people");
  bad->national_id = g_strdup ("12345");
  g_assert_false (tp_store_save_person (f->db, bad, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "national_id"));
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM people"), ==, people_before);
  g_clear_error (&error);

  bad->national_id[0] = '\0';
  bad->ethnicity_id = g_strdup ("klingon");
  g_assert_false (tp_store_save_person (f->db, bad, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_clear_error (&error);
}

static void
test_nfc_and_parts (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  /* "Nguyễn" typed with Windows' Vietnamese keyboard: combining marks. */
  g_autoptr(TpPerson) p = make_person ("  Nguye\xcc\x82\xcc\x83n  Thi\xcc\xa3   Minh Khai ", TP_SEX_FEMALE, 1980);
  g_autoptr(GPtrArray) found = NULL;

  g_assert_true (tp_store_save_person (f->db, p, &error));
  g_assert_cmpstr (p->full_name, ==, "Nguyễn Thị Minh Khai");
  g_assert_cmpstr (p->family_name, ==, "Nguyễn");
  g_assert_cmpstr (p->middle_name, ==, "Thị Minh");
  g_assert_cmpstr (p->given_name, ==, "Khai");

  found = tp_store_list_people (f->db, "nguyen thi", 0, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = tp_store_list_people (f->db, "Nguyễn", 0, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  found = tp_store_list_people (f->db, "kh", 0, &error);
  g_assert_cmpuint (found->len, ==, 1);
}

static void
test_search_and_order (Fixture       *f,
                       gconstpointer  data)
{
  const char *names[] = {
    "Trần Văn Bình", "Đặng Thị Hoà", "Lê Thị Hòa", "Nguyễn Văn An", "Dương Thị Ánh",
    "Phạm Đức Dũng", "Hoàng Thị Thuỷ", "Vũ Thị Thủy",
  };
  const char *expected[] = {
    "Nguyễn Văn An", "Dương Thị Ánh", "Trần Văn Bình", "Phạm Đức Dũng", "Lê Thị Hòa",
    "Đặng Thị Hoà", "Hoàng Thị Thuỷ", "Vũ Thị Thủy",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(TpPerson) p = make_person (names[i], TP_SEX_FEMALE, 1980 + i);
      g_assert_true (tp_store_save_person (f->db, p, &error));
    }
  all = tp_store_list_people (f->db, NULL, 0, &error);
  g_assert_cmpuint (all->len, ==, G_N_ELEMENTS (expected));
  /* Hòa and Hoà are the same name in two tone placements; both sort
   * between Dũng and Thủy, in either order. */
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const char *got = ((TpPerson *) all->pdata[i])->full_name;
      if (i == 4 || i == 5)
        g_assert_true (g_str_equal (got, expected[4]) || g_str_equal (got, expected[5]));
      else if (i == 6 || i == 7)
        g_assert_true (g_str_equal (got, expected[6]) || g_str_equal (got, expected[7]));
      else
        g_assert_cmpstr (got, ==, expected[i]);
    }

  hits = tp_store_list_people (f->db, "dang", 0, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((TpPerson *) hits->pdata[0])->full_name, ==, "Đặng Thị Hoà");
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = tp_store_list_people (f->db, "hoa", 0, &error);
  g_assert_cmpuint (hits->len, ==, 3);  /* Hòa, Hoà and Hoàng */
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = tp_store_list_people (f->db, "thuy", 0, &error);
  g_assert_cmpuint (hits->len, ==, 2);
}

/* A first page of a common term walks the name order instead of sorting
 * every match: the page must be the same either way. */
static void
test_search_common_term (Fixture       *f,
                         gconstpointer  data)
{
  static const char * const given[] = { "An", "Ánh", "Bình", "Dũng", "Đào", "Hà", "Hạ", "Thủy" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) rare = NULL;

  g_assert_true (tp_db_begin (f->db, &error));
  for (guint i = 0; i < 2300; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s Văn %s", i % 10 == 0 ? "Lò" : "Nguyễn",
                                               given[(i * 7) % G_N_ELEMENTS (given)]);
      g_autoptr(TpPerson) p = make_person (name, TP_SEX_MALE, 1960 + i % 40);
      g_assert_true (tp_store_save_person (f->db, p, &error));
    }
  g_assert_true (tp_db_commit (f->db, &error));

  page = tp_store_list_people (f->db, "nguyen", 50, &error);
  all = tp_store_list_people (f->db, "nguyen", 0, &error);
  g_assert_cmpuint (page->len, ==, 50);
  g_assert_cmpuint (all->len, ==, 2070);
  for (guint i = 0; i < page->len; i++)
    g_assert_cmpstr (((TpPerson *) page->pdata[i])->id, ==, ((TpPerson *) all->pdata[i])->id);
  /* Given name first: every An before any Ánh. */
  g_assert_cmpstr (((TpPerson *) page->pdata[0])->given_name, ==, "An");

  rare = tp_store_list_people (f->db, "lo van", 50, &error);
  g_assert_cmpuint (rare->len, ==, 50);
  g_assert_cmpstr (((TpPerson *) rare->pdata[0])->family_name, ==, "Lò");
}

static void
test_similar_people (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpPerson) a = make_person ("Đặng Thị Hoà", TP_SEX_FEMALE, 1985);
  g_autoptr(TpPerson) b = make_person ("Dang Thi Hoa", TP_SEX_FEMALE, 1985);
  g_autoptr(TpPerson) c = make_person ("Đặng Thị Hoà", TP_SEX_FEMALE, 1990);
  g_autoptr(TpPerson) d = make_person ("Someone Else", TP_SEX_MALE, 1970);
  g_autoptr(GPtrArray) similar = NULL;

  a->national_id = g_strdup ("001185012345");
  g_assert_true (tp_store_save_person (f->db, a, &error));

  similar = tp_store_find_similar_people (f->db, b, &error);
  g_assert_cmpuint (similar->len, ==, 1);
  g_clear_pointer (&similar, g_ptr_array_unref);
  similar = tp_store_find_similar_people (f->db, c, &error);
  g_assert_cmpuint (similar->len, ==, 0);
  g_clear_pointer (&similar, g_ptr_array_unref);
  d->national_id = g_strdup ("001185012345");
  similar = tp_store_find_similar_people (f->db, d, &error);
  g_assert_cmpuint (similar->len, ==, 1);
}

static void
test_change_log (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpPerson) p = make_person ("Lò Thị Mai", TP_SEX_FEMALE, 1992);
  int before = count (f->db, "SELECT count(*) FROM change_log");
  sqlite3_stmt *stmt;

  g_assert_true (tp_store_save_person (f->db, p, &error));
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log"), ==, before + 1);

  /* Saving unchanged writes no log row. */
  g_assert_true (tp_store_save_person (f->db, p, &error));
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log"), ==, before + 1);

  g_free (p->organization);
  p->organization = g_strdup ("Hội LHPN tỉnh Lai Châu");
  tp_db_set_batch (f->db, "batch-1");
  g_assert_true (tp_store_save_person (f->db, p, &error));
  tp_db_set_batch (f->db, NULL);
  g_assert_true (tp_store_delete_person (f->db, p->id, &error));

  stmt = tp_db_prepare (f->db,
                        "SELECT op, json_extract(old, '$.organization'), json_extract(new, '$.organization'), batch, user"
                        " FROM change_log WHERE table_name = 'people' AND row_id = ?1 ORDER BY seq", NULL);
  sqlite3_bind_text (stmt, 1, p->id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "insert");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 4), ==, g_get_user_name ());
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "update");
  g_assert_null (sqlite3_column_text (stmt, 1));
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "Hội LHPN tỉnh Lai Châu");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 3), ==, "batch-1");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "delete");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static void
test_transaction_rollback (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int before = count (f->db, "SELECT count(*) FROM people");

  g_assert_true (tp_db_begin (f->db, &error));
  for (int i = 0; i < 5; i++)
    {
      g_autoptr(TpPerson) p = make_person ("Hà Văn Tuấn", TP_SEX_MALE, 1980);
      g_assert_true (tp_store_save_person (f->db, p, &error));
    }
  tp_db_rollback (f->db);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM people"), ==, before);
}

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_assert_null (tp_db_get_setting (f->db, "office.place"));
  g_assert_true (tp_db_set_setting (f->db, "office.place", "Lai Cha\xcc\x82u", &error));
  value = tp_db_get_setting (f->db, "office.place");
  g_assert_cmpstr (value, ==, "Lai Châu");
}

/* History looks up deletions through a partial index that a new file
 * has from the start (not only after the first history view). */
static void
test_deletes_index (Fixture       *f,
                    gconstpointer  data)
{
  sqlite3_stmt *stmt;
  g_autoptr(GString) plan = g_string_new (NULL);

  g_assert_cmpint (count (f->db, "SELECT count(*) FROM sqlite_schema"
                                 " WHERE type = 'index' AND name = 'change_log_deletes'"), ==, 1);

  stmt = tp_db_prepare (f->db,
                        "EXPLAIN QUERY PLAN SELECT row_id FROM change_log"
                        " WHERE table_name = 'people' AND op = 'delete'", NULL);
  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  g_assert_nonnull (strstr (plan->str, "change_log_deletes"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/db/new-file-private", test_new_file_private);
  ADD ("/db/reference-data", test_reference_data);
  ADD ("/db/reopen", test_reopen);
  ADD ("/db/bad-files", test_bad_files);
  g_test_add_func ("/db/migrate-v0", test_migrate_v0);
  g_test_add_func ("/db/validate/person", test_person_validation);
  g_test_add_func ("/db/validate/course", test_course_validation);
  ADD ("/db/save-rules", test_save_rules);
  ADD ("/db/nfc-and-parts", test_nfc_and_parts);
  ADD ("/db/search-and-order", test_search_and_order);
  ADD ("/db/search-common-term", test_search_common_term);
  ADD ("/db/similar-people", test_similar_people);
  ADD ("/db/change-log", test_change_log);
  ADD ("/db/rollback", test_transaction_rollback);
  ADD ("/db/settings", test_settings);
  ADD ("/db/deletes-index", test_deletes_index);
#undef ADD

  return g_test_run ();
}
