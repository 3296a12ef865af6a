/* test-privacy.c: a person's rights: export everything, anonymise, delete
 * permanently (also from backups); consent for ethnicity; the retention
 * rule; the record of processing. The checks read the files the way an
 * inspector would: the JSON, the PDF's text, the database's raw bytes. */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tp-backup.h"
#include "tp-db.h"
#include "tp-privacy.h"
#include "tp-store.h"

typedef struct {
  char        *dir;
  char        *path;
  TpDb        *db;
  TpPerson    *hoa;
  TpPerson    *pao;
  TpCourse    *course;
  TpEnrolment *enrolment;
} Fixture;

static TpCourse *
make_course (TpDb       *db,
             const char *code,
             const char *start,
             const char *end)
{
  g_autoptr(GError) error = NULL;
  TpCourse *c = tp_course_new ();

  c->code = g_strdup (code);
  c->title = g_strdup ("Tập huấn phòng chống bạo lực trên cơ sở giới");
  c->type_id = g_strdup ("tot-gender-equality");
  c->start_date = g_strdup (start);
  c->end_date = g_strdup (end);
  g_assert_true (tp_store_save_course (db, c, &error));
  g_assert_no_error (error);
  return c;
}

static TpEnrolment *
enrol (TpDb       *db,
       const char *course_id,
       const char *person_id)
{
  g_autoptr(GError) error = NULL;
  TpEnrolment *e = tp_enrolment_new ();

  e->course_id = g_strdup (course_id);
  e->person_id = g_strdup (person_id);
  e->post_test = 8.5;
  g_assert_true (tp_store_enrol (db, e, &error));
  g_assert_no_error (error);
  return e;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpSession) s = tp_session_new ();

  f->dir = g_dir_make_tmp ("taphuan-privacy-XXXXXX", &error);
  f->path = g_build_filename (f->dir, "taphuan.db", NULL);
  f->db = tp_db_open (f->path, &error);
  g_assert_no_error (error);

  f->hoa = tp_person_new ();
  f->hoa->full_name = g_strdup ("Đặng Thị Hoà");
  f->hoa->sex = TP_SEX_FEMALE;
  f->hoa->birth_year = 1985;
  f->hoa->birth_date = g_strdup ("1985-04-12");
  f->hoa->ethnicity_id = g_strdup ("tay");
  f->hoa->consent_sensitive = TRUE;
  f->hoa->consent_date = g_strdup ("2026-03-01");
  f->hoa->consent_method = g_strdup ("phiếu đăng ký");
  f->hoa->national_id = g_strdup ("001185012345");
  f->hoa->phone = g_strdup ("0912345678");
  f->hoa->email = g_strdup ("hoa.dang@example.vn");
  f->hoa->organization = g_strdup ("Hội LHPN xã Tam Đường");
  f->hoa->target_group = g_strdup ("commune-leaders");
  g_assert_true (tp_store_save_person (f->db, f->hoa, &error));
  g_assert_no_error (error);

  f->pao = tp_person_new ();
  f->pao->full_name = g_strdup ("Giàng A Páo");
  f->pao->sex = TP_SEX_MALE;
  f->pao->birth_year = 1979;
  g_assert_true (tp_store_save_person (f->db, f->pao, &error));
  g_assert_no_error (error);

  f->course = make_course (f->db, "LC-2020-01", "2020-05-04", "2020-05-06");
  f->enrolment = enrol (f->db, f->course->id, f->hoa->id);
  s->course_id = g_strdup (f->course->id);
  s->date = g_strdup ("2020-05-04");
  s->part = TP_PART_MORNING;
  g_assert_true (tp_store_save_session (f->db, s, &error));
  g_assert_true (tp_store_set_mark (f->db, f->enrolment->id, s->id, TP_MARK_LATE, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->db);
  tp_person_free (f->hoa);
  tp_person_free (f->pao);
  tp_course_free (f->course);
  tp_enrolment_free (f->enrolment);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
count (TpDb       *db,
       const char *sql,
       const char *arg)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, NULL);
  gint64 n = -1;

  g_assert_nonnull (stmt);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The database file (and its WAL) holds @text anywhere, even in freed
 * pages. */
static gboolean
file_holds (const char *path,
            const char *text)
{
  g_autofree char *wal = g_strdup_printf ("%s-wal", path);
  const char *files[] = { path, wal };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *bytes = NULL;
      gsize len = 0;

      if (!g_file_get_contents (files[i], &bytes, &len, NULL))
        continue;
      if (memmem (bytes, len, text, strlen (text)) != NULL)
        return TRUE;
    }
  return FALSE;
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *cmd = g_strdup_printf ("pdftotext -layout '%s' -", pdf);
  g_autofree char *program = g_find_program_in_path ("pdftotext");
  char *out = NULL;
  int status = 0;

  if (program == NULL)
    return NULL;
  g_assert_true (g_spawn_command_line_sync (cmd, &out, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  return out;
}

static void
assert_private (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_export_json (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (f->dir, "hoa.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *person, *e;
  JsonArray *marks;

  g_assert_true (tp_privacy_export_person (f->db, f->hoa->id, out, &error));
  g_assert_no_error (error);
  assert_private (out);
  g_assert_true (json_parser_load_from_file (parser, out, &error));
  root = json_node_get_object (json_parser_get_root (parser));
  person = json_object_get_object_member (root, "person");
  g_assert_cmpstr (json_object_get_string_member (person, "full_name"), ==, "Đặng Thị Hoà");
  g_assert_cmpstr (json_object_get_string_member (person, "ethnicity"), ==, "Tày");
  g_assert_cmpstr (json_object_get_string_member (person, "phone"), ==, "0912345678");
  g_assert_cmpstr (json_object_get_string_member (person, "consent_method"), ==, "phiếu đăng ký");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "enrolments")), ==, 1);
  e = json_array_get_object_element (json_object_get_array_member (root, "enrolments"), 0);
  g_assert_cmpstr (json_object_get_string_member (e, "course_code"), ==, "LC-2020-01");
  g_assert_cmpfloat (json_object_get_double_member (e, "post_test"), ==, 8.5);
  marks = json_object_get_array_member (e, "attendance");
  g_assert_cmpuint (json_array_get_length (marks), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (marks, 0), "mark"), ==, "late");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "history")), >=, 3);

  g_assert_false (tp_privacy_export_person (f->db, "no-such-person", out, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_NOT_FOUND);
}

static void
test_export_pdf (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (f->dir, "hoa.pdf", NULL);
  g_autofree char *text = NULL;

  g_assert_true (tp_privacy_export_person (f->db, f->hoa->id, out, &error));
  g_assert_no_error (error);
  assert_private (out);
  text = pdf_text (out);
  if (text == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }
  g_assert_nonnull (strstr (text, "Đặng Thị Hoà"));
  g_assert_nonnull (strstr (text, "CHỨA DỮ LIỆU CÁ NHÂN NHẠY CẢM"));
  g_assert_nonnull (strstr (text, "LC-2020-01"));
  g_assert_nonnull (strstr (text, "hoa.dang@example.vn"));
}

static void
test_anonymise (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpPerson) after = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *expected = tp_privacy_anonymous_name (f->hoa->id);

  g_assert_true (tp_privacy_anonymise_person (f->db, f->hoa->id, &error));
  g_assert_no_error (error);

  after = tp_store_get_person (f->db, f->hoa->id, &error);
  g_assert_cmpstr (after->full_name, ==, expected);
  g_assert_true (g_str_has_prefix (after->full_name, "Ẩn danh "));
  g_assert_true (tp_privacy_is_anonymised (after));
  g_assert_null (after->phone);
  g_assert_null (after->email);
  g_assert_null (after->national_id);
  g_assert_null (after->birth_date);
  g_assert_null (after->organization);
  /* What the statistics need stays. */
  g_assert_cmpint (after->sex, ==, TP_SEX_FEMALE);
  g_assert_cmpint (after->birth_year, ==, 1985);
  g_assert_cmpstr (after->ethnicity_id, ==, "tay");
  g_assert_true (after->consent_sensitive);
  g_assert_cmpstr (after->target_group, ==, "commune-leaders");
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM enrolments WHERE person_id = ?1", f->hoa->id), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM attendance", NULL), ==, 1);

  /* Nobody finds her by name, and the old values are nowhere: not in the
   * change log, not in freed pages, not in the WAL. */
  found = tp_store_list_people (f->db, "hoa", 0, &error);
  g_assert_cmpuint (found->len, ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log WHERE old LIKE '%0912345678%' OR new LIKE '%0912345678%'", NULL), ==, 0);
  g_assert_false (file_holds (f->path, "0912345678"));
  g_assert_false (file_holds (f->path, "hoa.dang@example.vn"));
  g_assert_false (file_holds (f->path, "Đặng Thị Hoà"));
  /* One entry says it happened; it cannot be undone. */
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log WHERE table_name = 'people' AND row_id = ?1", f->hoa->id), ==, 1);

  /* Twice is harmless. */
  g_assert_true (tp_privacy_anonymise_person (f->db, f->hoa->id, &error));
  g_assert_no_error (error);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autoptr(TpPerson) gone = NULL;

  backup = tp_backup_make (f->db, "manual", &error);
  g_assert_no_error (error);
  g_assert_true (file_holds (backup, "0912345678"));

  g_assert_true (tp_privacy_delete_person (f->db, f->hoa->id, &error));
  g_assert_no_error (error);
  gone = tp_store_get_person (f->db, f->hoa->id, &error);
  g_assert_null (gone);
  g_assert_error (error, TP_ERROR, TP_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM enrolments", NULL), ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM attendance", NULL), ==, 0);
  /* Only the marker that a deletion happened is left in the log. */
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log WHERE row_id = ?1", f->hoa->id), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log WHERE table_name IN ('enrolments', 'attendance')", NULL), ==, 0);
  g_assert_false (file_holds (f->path, "0912345678"));
  g_assert_false (file_holds (f->path, "Đặng Thị Hoà"));
  /* Others are untouched. */
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 1);

  /* The backup still holds her until purged. */
  g_assert_cmpint (tp_privacy_purge_from_backups (f->path, f->hoa->id, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_false (file_holds (backup, "0912345678"));
  {
    g_autoptr(TpBackupContents) c = tp_backup_inspect (backup, TRUE);
    g_assert_true (c->readable);
    g_assert_cmpuint (c->n_people, ==, 1);
  }
  g_assert_cmpint (tp_privacy_purge_from_backups (f->path, f->hoa->id, &error), ==, 0);
}

static void
test_delete_refused_with_certificate (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tp_db_exec (f->db,
                             "INSERT INTO certificates (id, course_id, person_id, year, seq, register_no,"
                             " issued_on, verification_code, created_at, updated_at)"
                             " SELECT 'cert-1', course_id, person_id, 2020, 1, '0001/2020/GCN', '2020-05-06',"
                             " 'ABCD-EFGH', 'x', 'x' FROM enrolments LIMIT 1", NULL));
  g_assert_false (tp_privacy_delete_person (f->db, f->hoa->id, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "anonymise"));
  g_assert_cmpuint (tp_store_count_people (f->db), ==, 2);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log WHERE table_name = 'people' AND row_id = ?1", f->hoa->id), ==, 1);
}

static void
test_consent (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpPerson) p = tp_person_new ();

  p->full_name = g_strdup ("Lò Thị Mai");
  p->ethnicity_id = g_strdup ("thai");
  g_assert_true (tp_privacy_require_consent (f->db));
  g_assert_false (tp_privacy_check_consent (f->db, p, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Lò Thị Mai"));
  g_assert_nonnull (strstr (error->message, "consent"));
  g_clear_error (&error);

  p->consent_sensitive = TRUE;
  g_assert_true (tp_privacy_check_consent (f->db, p, &error));
  p->consent_sensitive = FALSE;
  g_clear_pointer (&p->ethnicity_id, g_free);
  g_assert_true (tp_privacy_check_consent (f->db, p, &error));

  p->ethnicity_id = g_strdup ("thai");
  g_assert_true (tp_db_set_setting (f->db, "privacy.require_consent", "0", NULL));
  g_assert_false (tp_privacy_require_consent (f->db));
  g_assert_true (tp_privacy_check_consent (f->db, p, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (tp_privacy_count_without_consent (f->db), ==, 0);
  g_assert_true (tp_db_exec (f->db, "UPDATE people SET ethnicity_id = 'hmong' WHERE full_name = 'Giàng A Páo'", NULL));
  g_assert_cmpuint (tp_privacy_count_without_consent (f->db), ==, 1);
}

static void
test_retention (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) preview = NULL;
  g_autoptr(TpCourse) recent = NULL;
  g_autoptr(TpEnrolment) pao_recent = NULL;
  g_autoptr(TpPerson) hoa = NULL;
  g_autoptr(TpPerson) pao = NULL;
  TpRetentionCandidate *c;

  g_assert_cmpint (tp_privacy_retention_years (f->db), ==, 0);
  g_assert_null (tp_privacy_retention_preview (f->db, 0, NULL, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_clear_error (&error);

  /* Páo took a course in 2025 too; Hoà's last one ended 2020-05-06. */
  recent = make_course (f->db, "LC-2025-07", "2025-07-01", "2025-07-02");
  pao_recent = enrol (f->db, recent->id, f->pao->id);

  preview = tp_privacy_retention_preview (f->db, 5, "2026-01-01", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->len, ==, 1);
  c = g_ptr_array_index (preview, 0);
  g_assert_cmpstr (c->full_name, ==, "Đặng Thị Hoà");
  g_assert_cmpstr (c->last_course_end, ==, "2020-05-06");
  g_clear_pointer (&preview, g_ptr_array_unref);

  /* The day before five years have passed, nobody. */
  preview = tp_privacy_retention_preview (f->db, 5, "2025-05-06", &error);
  g_assert_cmpuint (preview->len, ==, 0);
  g_clear_pointer (&preview, g_ptr_array_unref);

  g_assert_cmpint (tp_privacy_retention_apply (f->db, 5, "2026-01-01", &error), ==, 1);
  g_assert_no_error (error);
  hoa = tp_store_get_person (f->db, f->hoa->id, NULL);
  pao = tp_store_get_person (f->db, f->pao->id, NULL);
  g_assert_true (tp_privacy_is_anonymised (hoa));
  g_assert_cmpstr (pao->full_name, ==, "Giàng A Páo");

  /* Done once: the anonymised are not candidates again. */
  preview = tp_privacy_retention_preview (f->db, 5, "2026-01-01", &error);
  g_assert_cmpuint (preview->len, ==, 0);
  g_assert_true (tp_db_set_setting (f->db, "privacy.retention_years", "10", NULL));
  g_assert_cmpint (tp_privacy_retention_years (f->db), ==, 10);
}

static void
test_processing_record (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (f->dir, "record.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *unwrapped = NULL;

  g_assert_true (tp_db_set_setting (f->db, "privacy.legal_basis",
                                    "Luật Bình đẳng giới 2006; Nghị định 356/2025/NĐ-CP", NULL));
  g_assert_true (tp_db_set_setting (f->db, "office.agency", "Sở Y tế tỉnh Lào Cai", NULL));
  g_assert_true (tp_privacy_processing_record (f->db, out, &error));
  g_assert_no_error (error);
  assert_private (out);
  text = pdf_text (out);
  if (text == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }
  g_assert_nonnull (strstr (text, "Luật Bình đẳng giới 2006"));
  g_assert_nonnull (strstr (text, "Sở Y tế tỉnh Lào Cai"));
  g_assert_nonnull (strstr (text, "sensitive personal data"));
  g_assert_nonnull (strstr (text, "taphuan.db"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/privacy/export-json", test_export_json);
  ADD ("/privacy/export-pdf", test_export_pdf);
  ADD ("/privacy/anonymise", test_anonymise);
  ADD ("/privacy/delete", test_delete);
  ADD ("/privacy/delete-refused-with-certificate", test_delete_refused_with_certificate);
  ADD ("/privacy/consent", test_consent);
  ADD ("/privacy/retention", test_retention);
  ADD ("/privacy/processing-record", test_processing_record);
#undef ADD

  return g_test_run ();
}
