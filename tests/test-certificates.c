/* test-certificates.c: eligibility, gap-free numbering (also when the
 * issuing process is killed), revoke and reissue, snapshots, the printed
 * certificate and register (pdftotext), CSV, verification and the trainer
 * cascade, on real database files in temporary folders. */
#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "tp-certificates.h"
#include "tp-doc-certificate.h"
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

  f->dir = g_dir_make_tmp ("taphuan-cert-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "taphuan.db", NULL);
  f->db = tp_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (tp_db_set_setting (f->db, "office.place", "Lào Cai", NULL));
  g_assert_true (tp_db_set_setting (f->db, "office.signer_prefix", "KT. GIÁM ĐỐC", NULL));
  g_assert_true (tp_db_set_setting (f->db, "office.signer_title", "PHÓ GIÁM ĐỐC", NULL));
  g_assert_true (tp_db_set_setting (f->db, "office.signer_name", "Nguyễn Văn Bình", NULL));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->db);
  /* TAPHUAN_TEST_KEEP=1 keeps the PDFs for looking at. */
  if (g_getenv ("TAPHUAN_TEST_KEEP") != NULL)
    g_test_message ("kept %s", f->dir);
  else
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

static TpCourse *
add_course (TpDb       *db,
            const char *code,
            const char *type_id,
            const char *start,
            const char *end)
{
  g_autoptr(GError) error = NULL;
  TpCourse *c = tp_course_new ();

  c->code = g_strdup (code);
  c->title = g_strdup ("Lồng ghép giới trong xây dựng văn bản quy phạm pháp luật");
  c->type_id = g_strdup (type_id);
  c->province_code = g_strdup ("15");
  c->admin_version = g_strdup (TP_ADMIN_DATA_VERSION);
  c->venue = g_strdup ("Hội trường Sở Nội vụ, số 2 đường Hoàng Liên");
  c->start_date = g_strdup (start);
  c->end_date = g_strdup (end);
  g_assert_true (tp_store_save_course (db, c, &error));
  g_assert_no_error (error);
  return c;
}

static TpPerson *
add_person (TpDb       *db,
            const char *name,
            TpSex       sex,
            const char *birth_date)
{
  g_autoptr(GError) error = NULL;
  TpPerson *p = tp_person_new ();

  p->full_name = g_strdup (name);
  p->sex = sex;
  p->birth_date = g_strdup (birth_date);
  p->birth_year = birth_date != NULL ? atoi (birth_date) : 1985;
  p->organization = g_strdup ("UBND xã Bắc Hà");
  g_assert_true (tp_store_save_person (db, p, &error));
  g_assert_no_error (error);
  return p;
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
  g_assert_true (tp_store_enrol (db, e, &error));
  g_assert_no_error (error);
  return e;
}

/* Marks the first sessions of @e: @marks is a string like "PPPLE-A"
 * (present, late, excused, absent, '-' unmarked). */
static void
mark (TpDb        *db,
      TpEnrolment *e,
      GPtrArray   *sessions,
      const char  *marks)
{
  for (guint i = 0; marks[i] != '\0' && i < sessions->len; i++)
    {
      TpSession *s = g_ptr_array_index (sessions, i);
      TpMark m = marks[i] == 'P' ? TP_MARK_PRESENT : marks[i] == 'L' ? TP_MARK_LATE
               : marks[i] == 'E' ? TP_MARK_EXCUSED : marks[i] == 'A' ? TP_MARK_ABSENT : TP_MARK_NONE;

      g_assert_true (tp_store_set_mark (db, e->id, s->id, m, NULL));
    }
}

/* A course with @days days (two sessions a day) and one enrolled person
 * per entry of @marks, all marked as given. */
static TpCourse *
course_with_people (TpDb        *db,
                    const char  *code,
                    const char  *type_id,
                    int          days,
                    const char **names,
                    const char **marks)
{
  g_autofree char *end = g_strdup_printf ("2026-03-%02d", 1 + days);
  TpCourse *c = add_course (db, code, type_id, "2026-03-02", days > 0 ? end : "2026-03-02");
  g_autoptr(GPtrArray) sessions = NULL;

  if (days > 0)
    g_assert_cmpint (tp_store_generate_sessions (db, c->id, NULL), ==, days * 2);
  sessions = tp_store_list_sessions (db, c->id, NULL);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(TpPerson) p = add_person (db, names[i], i % 2 == 0 ? TP_SEX_FEMALE : TP_SEX_MALE, "1990-04-12");
      g_autoptr(TpEnrolment) e = enrol (db, c->id, p->id);

      mark (db, e, sessions, marks[i]);
    }
  return c;
}

static TpEligibility *
find_eligibility (GPtrArray  *list,
                  const char *name)
{
  for (guint i = 0; i < list->len; i++)
    {
      TpEligibility *e = g_ptr_array_index (list, i);

      if (g_str_equal (e->full_name, name))
        return e;
    }
  g_assert_not_reached ();
  return NULL;
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *cmd = g_strdup_printf ("pdftotext -layout '%s' -", pdf);
  g_autofree char *out = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (cmd, &out, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  return g_steal_pointer (&out);
}

static int
pdf_pages (const char *pdf)
{
  g_autofree char *cmd = g_strdup_printf ("pdfinfo '%s'", pdf);
  g_autofree char *out = NULL;
  const char *line;

  g_assert_true (g_spawn_command_line_sync (cmd, &out, NULL, NULL, NULL));
  line = strstr (out, "Pages:");
  g_assert_nonnull (line);
  return atoi (line + 6);
}

static gboolean
have_poppler (void)
{
  g_autofree char *a = g_find_program_in_path ("pdftotext");
  g_autofree char *b = g_find_program_in_path ("pdfinfo");

  return a != NULL && b != NULL;
}

/* ---- numbers ----------------------------------------------------------- */

static void
test_pattern (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = tp_certificate_format_number (TP_CERT_DEFAULT_PATTERN, "SNV", 2026, 7, &error);
  g_autofree char *b = tp_certificate_format_number ("{issuer}-BĐG/{year}/{seq:05}", "SNV", 2026, 42, &error);
  g_autofree char *c = tp_certificate_format_number ("{seq}/{year}", "", 2027, 1234, &error);
  char *bad;

  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, "0007/2026/GCN");
  g_assert_cmpstr (b, ==, "SNV-BĐG/2026/00042");
  g_assert_cmpstr (c, ==, "1234/2027");

  bad = tp_certificate_format_number ("{seq:04}/GCN", "SNV", 2026, 1, &error);
  g_assert_null (bad);
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "{year}"));
  g_clear_error (&error);
  bad = tp_certificate_format_number ("{seq}/{year}/{month}", "SNV", 2026, 1, &error);
  g_assert_null (bad);
  g_assert_nonnull (strstr (error->message, "{month}"));
  g_clear_error (&error);
  bad = tp_certificate_format_number ("{seq}/{year", "SNV", 2026, 1, &error);
  g_assert_null (bad);
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
}

/* ---- eligibility ------------------------------------------------------- */

static void
test_eligibility_threshold (Fixture       *f,
                            gconstpointer  data)
{
  /* 4 days = 8 sessions; 80 % of 8 is 6.4, so 7 are needed. */
  const char *names[] = { "Lê Thị Hồng", "Trần Văn Nam", "Phạm Thị Lan", "Đặng Văn Dũng", "Hoàng Thị Mai", NULL };
  const char *marks[] = { "PPPPPPPA", "PPPPPPLA", "PPPPPPAA", "PPPPPPEA", "PPPPPP--", NULL };
  g_autoptr(TpCourse) c = course_with_people (f->db, "LG-01", "gender-mainstreaming", 4, names, marks);
  g_autoptr(GPtrArray) list = tp_certificates_eligibility (f->db, c->id, NULL);
  g_autoptr(GPtrArray) again = NULL;
  TpEligibility *e;

  g_assert_nonnull (list);
  g_assert_cmpuint (list->len, ==, 5);
  e = find_eligibility (list, "Lê Thị Hồng");
  g_assert_true (e->eligible);
  g_assert_null (e->reason);
  g_assert_cmpint (e->attended, ==, 7);
  g_assert_cmpint (e->needed, ==, 7);
  /* Late counts as attended. */
  g_assert_true (find_eligibility (list, "Trần Văn Nam")->eligible);
  e = find_eligibility (list, "Phạm Thị Lan");
  g_assert_false (e->eligible);
  g_assert_cmpstr (e->reason, ==, "Attended 6 of 8 sessions, needs 7");
  /* Excused does not count unless the course says so. */
  g_assert_false (find_eligibility (list, "Đặng Văn Dũng")->eligible);
  g_assert_false (find_eligibility (list, "Hoàng Thị Mai")->eligible);

  c->excused_counts = TRUE;
  g_assert_true (tp_store_save_course (f->db, c, NULL));
  again = tp_certificates_eligibility (f->db, c->id, NULL);
  g_assert_true (find_eligibility (again, "Đặng Văn Dũng")->eligible);
  g_assert_false (find_eligibility (again, "Phạm Thị Lan")->eligible);
}

static void
test_eligibility_exact_percent (Fixture       *f,
                                gconstpointer  data)
{
  /* 5 days = 10 sessions: 8 of 10 reaches 80 % exactly, 7 does not. */
  const char *names[] = { "Vũ Thị Thu", "Ngô Văn Hải", NULL };
  const char *marks[] = { "PPPPPPPPAA", "PPPPPPPAAA", NULL };
  g_autoptr(TpCourse) c = course_with_people (f->db, "LG-02", "gender-knowledge", 5, names, marks);
  g_autoptr(GPtrArray) list = tp_certificates_eligibility (f->db, c->id, NULL);
  g_autoptr(GPtrArray) full = NULL;

  g_assert_true (find_eligibility (list, "Vũ Thị Thu")->eligible);
  g_assert_cmpstr (find_eligibility (list, "Ngô Văn Hải")->reason, ==, "Attended 7 of 10 sessions, needs 8");

  c->completion_threshold = 100;
  g_assert_true (tp_store_save_course (f->db, c, NULL));
  full = tp_certificates_eligibility (f->db, c->id, NULL);
  g_assert_cmpstr (find_eligibility (full, "Vũ Thị Thu")->reason, ==, "Attended 8 of 10 sessions, needs 10");
}

static void
test_eligibility_no_sessions (Fixture       *f,
                              gconstpointer  data)
{
  const char *names[] = { "Lò Thị Xuân", NULL };
  const char *marks[] = { "", NULL };
  g_autoptr(TpCourse) c = course_with_people (f->db, "LG-03", "communication", 0, names, marks);
  g_autoptr(GPtrArray) list = tp_certificates_eligibility (f->db, c->id, NULL);
  g_autoptr(GPtrArray) issued = NULL;
  g_autoptr(GError) error = NULL;
  TpEligibility *e = find_eligibility (list, "Lò Thị Xuân");

  g_assert_false (e->eligible);
  g_assert_nonnull (strstr (e->reason, "no sessions"));
  g_assert_true (tp_certificates_issue (f->db, c->id, NULL, &issued, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (issued->len, ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM certificates"), ==, 0);
}

static void
test_eligibility_pass_mark (Fixture       *f,
                            gconstpointer  data)
{
  const char *names[] = { "Sùng Thị Mỷ", "Giàng A Páo", "Thào Thị Dợ", NULL };
  const char *marks[] = { "PP", "PP", "PA", NULL };
  g_autoptr(TpCourse) c = course_with_people (f->db, "LG-04", "gender-knowledge", 1, names, marks);
  g_autoptr(GPtrArray) enrolments = tp_store_list_enrolments (f->db, c->id, NULL);
  g_autoptr(GPtrArray) list = NULL;
  double scores[] = { 5.0, 4.5, 9.0 };

  c->pass_mark = 5;
  g_assert_true (tp_store_save_course (f->db, c, NULL));
  for (guint i = 0; i < enrolments->len; i++)
    {
      TpEnrolment *e = g_ptr_array_index (enrolments, i);
      g_autoptr(TpPerson) p = tp_store_get_person (f->db, e->person_id, NULL);

      for (guint k = 0; k < 3; k++)
        if (g_str_equal (p->full_name, names[k]) && k < 2)
          e->post_test = scores[k];
      g_assert_true (tp_store_save_enrolment (f->db, e, NULL));
    }
  list = tp_certificates_eligibility (f->db, c->id, NULL);
  /* Exactly the pass mark passes. */
  g_assert_true (find_eligibility (list, "Sùng Thị Mỷ")->eligible);
  g_assert_cmpstr (find_eligibility (list, "Giàng A Páo")->reason, ==, "Post-test score 4.5 is below the pass mark 5");
  /* Both rules fail: both reasons. */
  g_assert_cmpstr (find_eligibility (list, "Thào Thị Dợ")->reason, ==,
                   "Attended 1 of 2 sessions, needs 2; No post-test score (the pass mark is 5)");
}

/* ---- issuing ----------------------------------------------------------- */

static void
assert_gap_free (TpDb *db)
{
  /* For every issuer and year: numbers 1..n, each once, and the counter
   * at n. */
  g_assert_cmpint (count (db, "SELECT count(*) FROM (SELECT issuer, year, count(*) AS n, max(seq) AS m,"
                              " count(DISTINCT seq) AS d FROM certificates GROUP BY issuer, year)"
                              " WHERE n != m OR d != n"), ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) FROM certificate_counters k WHERE last_seq !="
                              " (SELECT count(*) FROM certificates c WHERE c.issuer = k.issuer AND c.year = k.year)"), ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) - count(DISTINCT register_no) FROM certificates"), ==, 0);
  g_assert_cmpint (count (db, "SELECT count(*) - count(DISTINCT verification_code) FROM certificates"), ==, 0);
}

static void
test_issue_numbering (Fixture       *f,
                      gconstpointer  data)
{
  const char *names[] = { "Lê Thị Hồng", "Trần Văn Nam", "Phạm Thị Lan", "Đặng Văn Dũng", "Hoàng Thị Mai", NULL };
  const char *marks[] = { "PP", "PL", "PP", "PA", "PP", NULL };
  g_autoptr(TpCourse) c = course_with_people (f->db, "LG-05", "gender-knowledge", 1, names, marks);
  g_autoptr(GPtrArray) issued = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  g_autoptr(GPtrArray) next_year = NULL;
  g_autoptr(GPtrArray) enrolments = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  TpIssueOptions opts = { .issue_date = "2026-03-05", .serial_start = "AA0001998" };

  g_assert_true (tp_certificates_issue (f->db, c->id, &opts, &issued, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (issued->len, ==, 4);
  /* In name order (given name first): Hồng, Lan, Mai, Nam. */
  for (guint i = 0; i < issued->len; i++)
    {
      TpCertificate *cert = g_ptr_array_index (issued, i);
      g_autofree char *number = g_strdup_printf ("%04u/2026/GCN", i + 1);
      g_autofree char *serial = g_strdup_printf ("AA%07u", 1998 + i);

      g_assert_cmpstr (cert->register_no, ==, number);
      g_assert_cmpstr (cert->serial, ==, serial);
      g_assert_cmpstr (cert->issuer, ==, "SNV");
      g_assert_cmpint (strlen (cert->verification_code), ==, TP_CERT_CODE_LENGTH);
      g_assert_cmpint (strspn (cert->verification_code, TP_CERT_CODE_ALPHABET), ==, TP_CERT_CODE_LENGTH);
      g_assert_nonnull (cert->snapshot_sha256);
    }
  g_assert_cmpstr (((TpCertificate *) g_ptr_array_index (issued, 0))->full_name, ==, "Lê Thị Hồng");
  g_assert_cmpstr (((TpCertificate *) g_ptr_array_index (issued, 3))->full_name, ==, "Trần Văn Nam");

  /* Again: nobody new. */
  g_assert_true (tp_certificates_issue (f->db, c->id, &opts, &second, &error));
  g_assert_cmpuint (second->len, ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM certificates"), ==, 4);

  /* Dũng makes up the session: only he is numbered, next in line, and the
   * serials continue from the setting. */
  enrolments = tp_store_list_enrolments (f->db, c->id, NULL);
  sessions = tp_store_list_sessions (f->db, c->id, NULL);
  for (guint i = 0; i < enrolments->len; i++)
    {
      TpEnrolment *e = g_ptr_array_index (enrolments, i);
      g_autoptr(TpPerson) p = tp_store_get_person (f->db, e->person_id, NULL);

      if (g_str_equal (p->full_name, "Đặng Văn Dũng"))
        mark (f->db, e, sessions, "PP");
    }
  opts.serial_start = NULL;
  g_assert_true (tp_certificates_issue (f->db, c->id, &opts, &third, &error));
  g_assert_cmpuint (third->len, ==, 1);
  g_assert_cmpstr (((TpCertificate *) g_ptr_array_index (third, 0))->register_no, ==, "0005/2026/GCN");
  g_assert_cmpstr (((TpCertificate *) g_ptr_array_index (third, 0))->serial, ==, "AA0002002");
  g_assert_cmpstr (((TpCertificate *) g_ptr_array_index (third, 0))->full_name, ==, "Đặng Văn Dũng");

  /* A new year starts again at 1, in another course. */
  {
    const char *n2[] = { "Vàng Thị Sua", NULL };
    const char *m2[] = { "PP", NULL };
    g_autoptr(TpCourse) c2 = course_with_people (f->db, "LG-06", "gender-knowledge", 1, n2, m2);
    TpIssueOptions next = { .issue_date = "2027-01-04" };

    g_assert_true (tp_certificates_issue (f->db, c2->id, &next, &next_year, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (next_year->len, ==, 1);
    g_assert_cmpstr (((TpCertificate *) g_ptr_array_index (next_year, 0))->register_no, ==, "0001/2027/GCN");
  }
  assert_gap_free (f->db);
  /* Every certificate is in the change log. */
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log WHERE table_name = 'certificates' AND op = 'insert'"), ==, 6);
}

static void
test_issue_bad_pattern_changes_nothing (Fixture       *f,
                                        gconstpointer  data)
{
  const char *names[] = { "Lê Thị Hồng", NULL };
  const char *marks[] = { "PP", NULL };
  g_autoptr(TpCourse) c = course_with_people (f->db, "LG-07", "gender-knowledge", 1, names, marks);
  g_autoptr(GPtrArray) issued = NULL;
  g_autoptr(GError) error = NULL;
  TpIssueOptions bad_date = { .issue_date = "2026-02-30" };
  TpIssueOptions bad_serial = { .serial_start = "ABC" };

  g_assert_true (tp_db_set_setting (f->db, "cert.number_pattern", "GCN-{seq}", NULL));
  g_assert_false (tp_certificates_issue (f->db, c->id, NULL, &issued, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "GCN-{seq}"));
  g_clear_error (&error);
  g_assert_true (tp_db_set_setting (f->db, "cert.number_pattern", NULL, NULL));
  g_assert_false (tp_certificates_issue (f->db, c->id, &bad_date, &issued, &error));
  g_assert_nonnull (strstr (error->message, "2026-02-30"));
  g_clear_error (&error);
  g_assert_false (tp_certificates_issue (f->db, c->id, &bad_serial, &issued, &error));
  g_assert_nonnull (strstr (error->message, "ABC"));
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM certificates"), ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM certificate_counters"), ==, 0);
}

/* ---- revoke and reissue ------------------------------------------------ */

static void
test_revoke_reissue (Fixture       *f,
                     gconstpointer  data)
{
  const char *names[] = { "Lê Thị Hồng", "Trần Văn Nam", NULL };
  const char *marks[] = { "PP", "PP", NULL };
  g_autoptr(TpCourse) c = course_with_people (f->db, "LG-08", "gender-knowledge", 1, names, marks);
  g_autoptr(GPtrArray) issued = NULL;
  g_autoptr(TpCertificate) fresh = NULL;
  g_autoptr(TpCertificate) orig = NULL;
  g_autoptr(TpCertificate) nam = NULL;
  g_autoptr(TpPerson) person = NULL;
  g_autoptr(GError) error = NULL;
  TpIssueOptions opts = { .issue_date = "2026-03-05" };
  TpCertificate *hong;

  g_assert_true (tp_certificates_issue (f->db, c->id, &opts, &issued, &error));
  g_assert_cmpuint (issued->len, ==, 2);
  hong = g_ptr_array_index (issued, 0);

  /* The name was misspelt: correct it and reissue. */
  person = tp_store_get_person (f->db, hong->person_id, NULL);
  g_free (person->full_name);
  person->full_name = g_strdup ("Lê Thị Hồng Nhung");
  g_clear_pointer (&person->given_name, g_free);
  g_clear_pointer (&person->family_name, g_free);
  g_clear_pointer (&person->middle_name, g_free);
  g_assert_true (tp_store_save_person (f->db, person, NULL));

  g_assert_null (tp_certificates_reissue (f->db, hong->id, "  ", &opts, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_clear_error (&error);
  fresh = tp_certificates_reissue (f->db, hong->id, "Sai tên", &opts, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fresh->register_no, ==, "0003/2026/GCN");
  g_assert_cmpstr (fresh->replaces_id, ==, hong->id);
  g_assert_cmpstr (fresh->full_name, ==, "Lê Thị Hồng Nhung");
  orig = tp_certificates_get (f->db, hong->id, NULL);
  g_assert_cmpint (orig->status, ==, TP_CERT_REVOKED);
  g_assert_cmpstr (orig->revoked_reason, ==, "Reissued as 0003/2026/GCN: Sai tên");
  g_assert_cmpstr (orig->full_name, ==, "Lê Thị Hồng");

  /* Revoking Nam keeps his number taken. */
  nam = tp_certificates_get_by_number (f->db, "0002/2026/GCN", NULL);
  g_assert_false (tp_certificates_revoke (f->db, nam->id, "", &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_true (tp_certificates_revoke (f->db, nam->id, "Không tham dự đủ", &error));
  g_assert_false (tp_certificates_revoke (f->db, nam->id, "again", &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM certificates WHERE register_no = '0002/2026/GCN'"
                                 " AND status = 'revoked' AND revoked_reason = 'Không tham dự đủ'"), ==, 1);
  {
    const char *n2[] = { "Vàng Thị Sua", NULL };
    const char *m2[] = { "PP", NULL };
    g_autoptr(TpCourse) c2 = course_with_people (f->db, "LG-09", "gender-knowledge", 1, n2, m2);
    g_autoptr(GPtrArray) more = NULL;

    g_assert_true (tp_certificates_issue (f->db, c2->id, &opts, &more, &error));
    g_assert_cmpstr (((TpCertificate *) g_ptr_array_index (more, 0))->register_no, ==, "0004/2026/GCN");
  }
  assert_gap_free (f->db);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log WHERE table_name = 'certificates' AND op = 'update'"
                                 " AND json_extract (new, '$.status') = 'revoked'"), ==, 2);
}

/* ---- snapshots and printing -------------------------------------------- */

static char *
print_course (Fixture    *f,
              const char *course_id,
              const char *name)
{
  g_autoptr(GPtrArray) certs = tp_certificates_list (f->db, course_id, NULL, NULL);
  g_autoptr(GPtrArray) snaps = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_cert_snapshot_free);
  g_autoptr(GError) error = NULL;
  char *pdf = g_build_filename (f->dir, name, NULL);

  for (guint i = 0; i < certs->len; i++)
    {
      TpCertSnapshot *s = tp_certificate_load_snapshot (g_ptr_array_index (certs, i), &error);

      g_assert_no_error (error);
      g_ptr_array_add (snaps, s);
    }
  g_assert_true (tp_doc_certificates_write_pdf (snaps, pdf, NULL, &error));
  g_assert_no_error (error);
  return pdf;
}

static void
test_snapshot_immutable (Fixture       *f,
                         gconstpointer  data)
{
  const char *names[] = { "Lê Thị Hồng", NULL };
  const char *marks[] = { "PP", NULL };
  g_autoptr(TpCourse) c = course_with_people (f->db, "LG-10", "gender-knowledge", 1, names, marks);
  g_autoptr(GPtrArray) issued = NULL;
  g_autoptr(TpPerson) p = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autoptr(TpCertificate) tampered = NULL;
  TpIssueOptions opts = { .issue_date = "2026-03-05" };

  if (!have_poppler ())
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }
  g_assert_true (tp_certificates_issue (f->db, c->id, &opts, &issued, &error));
  p = tp_store_get_person (f->db, ((TpCertificate *) g_ptr_array_index (issued, 0))->person_id, NULL);
  g_free (p->full_name);
  p->full_name = g_strdup ("Nguyễn Thị Đổi Tên");
  g_clear_pointer (&p->given_name, g_free);
  g_clear_pointer (&p->family_name, g_free);
  g_clear_pointer (&p->middle_name, g_free);
  g_assert_true (tp_store_save_person (f->db, p, NULL));
  g_free (c->title);
  c->title = g_strdup ("Tên lớp đã sửa");
  g_assert_true (tp_store_save_course (f->db, c, NULL));
  g_assert_true (tp_db_set_setting (f->db, "office.signer_name", "Người Ký Mới", NULL));

  pdf = print_course (f, c->id, "reprint.pdf");
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Lê Thị Hồng"));
  g_assert_nonnull (strstr (text, "LỒNG GHÉP GIỚI"));
  g_assert_nonnull (strstr (text, "Nguyễn Văn Bình"));
  g_assert_null (strstr (text, "Đổi Tên"));
  g_assert_null (strstr (text, "Người Ký Mới"));
  g_assert_null (strstr (text, "TÊN LỚP ĐÃ SỬA"));

  /* A snapshot edited behind Taphuan's back is refused, not printed. */
  g_assert_true (tp_db_exec (f->db, "UPDATE certificates SET snapshot = replace (snapshot, 'Hồng', 'Hồnq')", NULL));
  tampered = tp_certificates_get_by_number (f->db, "0001/2026/GCN", NULL);
  g_assert_null (tp_certificate_load_snapshot (tampered, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "0001/2026/GCN"));
}

/* Issue 5: the texts, signer and images may be set per course; issuing
 * keeps them in the snapshot. */
static void
test_course_overrides (Fixture       *f,
                       gconstpointer  data)
{
  const char *names[] = { "Lê Thị Hồng", NULL };
  const char *marks[] = { "PP", NULL };
  g_autoptr(TpCourse) a = course_with_people (f->db, "LG-20", "gender-knowledge", 1, names, marks);
  g_autoptr(TpCourse) b = course_with_people (f->db, "LG-21", "gender-knowledge", 1, names, marks);
  g_autofree char *key = tp_certificates_course_key (a->id, "office.signer_name");
  g_autofree char *body_key = tp_certificates_course_key (a->id, "cert.body_text");
  g_autofree char *value = NULL;
  g_autoptr(GPtrArray) issued = NULL;
  g_autoptr(TpCertSnapshot) snap_a = NULL;
  g_autoptr(TpCertSnapshot) snap_b = NULL;
  g_autoptr(TpCertSnapshot) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf_a = NULL, *pdf_b = NULL, *pdf_again = NULL;
  g_autofree char *text_a = NULL, *text_b = NULL, *text_again = NULL;
  TpIssueOptions opts = { .issue_date = "2026-03-05" };

  if (!have_poppler ())
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }
  g_assert_true (tp_db_set_setting (f->db, key, "Phạm Thị Thu", NULL));
  g_assert_true (tp_db_set_setting (f->db, body_key, "Đã tham gia đầy đủ khóa bồi dưỡng:", NULL));

  /* The helper: course, else office, else default. */
  value = tp_certificates_setting (f->db, a->id, "office.signer_name");
  g_assert_cmpstr (value, ==, "Phạm Thị Thu");
  g_free (value);
  value = tp_certificates_setting (f->db, b->id, "office.signer_name");
  g_assert_cmpstr (value, ==, "Nguyễn Văn Bình");
  g_free (value);
  value = tp_certificates_setting (f->db, a->id, "office.signer_title");
  g_assert_cmpstr (value, ==, "PHÓ GIÁM ĐỐC");
  g_clear_pointer (&value, g_free);
  g_assert_true (tp_db_set_setting (f->db, "office.signer_title", "", NULL));
  value = tp_certificates_setting (f->db, a->id, "office.signer_title");
  g_assert_cmpstr (value, ==, "GIÁM ĐỐC");
  g_clear_pointer (&value, g_free);
  g_assert_true (tp_db_set_setting (f->db, "office.signer_title", "PHÓ GIÁM ĐỐC", NULL));

  /* The preview's draft is built the same way. */
  {
    g_autoptr(GPtrArray) elig = tp_certificates_eligibility (f->db, a->id, NULL);
    TpEligibility *e = g_ptr_array_index (elig, 0);

    draft = tp_certificates_draft_snapshot (f->db, a->id, e->person_id, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (draft->signer_name, ==, "Phạm Thị Thu");
    g_assert_null (draft->register_no);
  }

  g_assert_true (tp_certificates_issue (f->db, a->id, &opts, &issued, &error));
  g_assert_no_error (error);
  g_clear_pointer (&issued, g_ptr_array_unref);
  g_assert_true (tp_certificates_issue (f->db, b->id, &opts, &issued, &error));
  g_assert_no_error (error);
  g_clear_pointer (&issued, g_ptr_array_unref);

  {
    g_autoptr(GPtrArray) ca = tp_certificates_list (f->db, a->id, NULL, NULL);
    g_autoptr(GPtrArray) cb = tp_certificates_list (f->db, b->id, NULL, NULL);

    snap_a = tp_certificate_load_snapshot (g_ptr_array_index (ca, 0), &error);
    g_assert_no_error (error);
    snap_b = tp_certificate_load_snapshot (g_ptr_array_index (cb, 0), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpstr (snap_a->signer_name, ==, "Phạm Thị Thu");
  g_assert_cmpstr (snap_a->body_text, ==, "Đã tham gia đầy đủ khóa bồi dưỡng:");
  g_assert_cmpstr (snap_b->signer_name, ==, "Nguyễn Văn Bình");

  pdf_a = print_course (f, a->id, "override-a.pdf");
  pdf_b = print_course (f, b->id, "override-b.pdf");
  text_a = pdf_text (pdf_a);
  text_b = pdf_text (pdf_b);
  g_assert_nonnull (strstr (text_a, "Phạm Thị Thu"));
  g_assert_nonnull (strstr (text_a, "Đã tham gia đầy đủ khóa bồi dưỡng:"));
  g_assert_null (strstr (text_a, "Nguyễn Văn Bình"));
  g_assert_nonnull (strstr (text_b, "Nguyễn Văn Bình"));
  g_assert_nonnull (strstr (text_b, "Đã hoàn thành lớp tập huấn:"));
  g_assert_null (strstr (text_b, "Phạm Thị Thu"));

  /* Changing the override later leaves the issued certificate alone. */
  g_assert_true (tp_db_set_setting (f->db, key, "Đỗ Văn Sau", NULL));
  pdf_again = print_course (f, a->id, "override-again.pdf");
  text_again = pdf_text (pdf_again);
  g_assert_nonnull (strstr (text_again, "Phạm Thị Thu"));
  g_assert_null (strstr (text_again, "Đỗ Văn Sau"));
}

/* An SVG logo and background are drawn (with librsvg) or refused with a
 * message saying why. */
static void
test_svg_images (Fixture       *f,
                 gconstpointer  data)
{
  const char *names[] = { "Lê Thị Hồng", NULL };
  const char *marks[] = { "PP", NULL };
  g_autoptr(TpCourse) c = course_with_people (f->db, "LG-22", "gender-knowledge", 1, names, marks);
  g_autofree char *svg = g_build_filename (f->dir, "logo.svg", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "svg.pdf", NULL);
  g_autofree char *logo_key = tp_certificates_course_key (c->id, "cert.logo_path");
  g_autofree char *bg_key = tp_certificates_course_key (c->id, "cert.background_path");
  g_autoptr(GPtrArray) issued = NULL;
  g_autoptr(GPtrArray) snaps = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_cert_snapshot_free);
  g_autoptr(GError) error = NULL;
  TpIssueOptions opts = { .issue_date = "2026-03-05" };
  const char *content =
    "<svg xmlns='http://www.w3.org/2000/svg' width='100' height='100' viewBox='0 0 100 100'>"
    "<rect width='100' height='100' fill='#00ff00'/>"
    "<circle cx='50' cy='50' r='40' fill='#c00000'/></svg>";

  g_assert_true (g_file_set_contents (svg, content, -1, NULL));
  g_assert_true (tp_db_set_setting (f->db, logo_key, svg, NULL));
  g_assert_true (tp_db_set_setting (f->db, bg_key, svg, NULL));
  g_assert_true (tp_certificates_issue (f->db, c->id, &opts, &issued, &error));
  g_assert_no_error (error);
  g_ptr_array_add (snaps, tp_certificate_load_snapshot (g_ptr_array_index (issued, 0), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (((TpCertSnapshot *) g_ptr_array_index (snaps, 0))->logo_path, ==, svg);

#ifdef HAVE_RSVG
  g_assert_true (tp_doc_certificate_check_image (svg, &error));
  g_assert_no_error (error);
  g_assert_true (tp_doc_certificates_write_pdf (snaps, pdf, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
  {
    /* The stretched background is green in the page's corner, where the
     * plain certificate is white. */
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 421, 298);
    cairo_t *cr = cairo_create (surface);
    guint32 pixel;

    cairo_scale (cr, 0.5, 0.5);
    tp_doc_certificate_draw (cr, TP_DOC_A4_LONG, TP_DOC_A4_SHORT, g_ptr_array_index (snaps, 0), NULL);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    pixel = *(guint32 *) (cairo_image_surface_get_data (surface) + 2 * cairo_image_surface_get_stride (surface) + 2 * 4);
    g_assert_cmphex (pixel & 0xffffff, ==, 0x00ff00);
    cairo_surface_destroy (surface);
  }
  /* A broken SVG is named in the refusal. */
  g_assert_true (g_file_set_contents (svg, "<svg", -1, NULL));
  g_assert_false (tp_doc_certificates_write_pdf (snaps, pdf, NULL, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "logo.svg"));
#else
  g_assert_false (tp_doc_certificates_write_pdf (snaps, pdf, NULL, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "SVG"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
#endif
}

static void
test_certificate_pdf (Fixture       *f,
                      gconstpointer  data)
{
  const char *names[] = { "Lê Thị Hồng", "Trần Văn Nam", "Hoàng Thị Mai", NULL };
  const char *marks[] = { "PPPP", "PPPP", "PPPP", NULL };
  g_autoptr(TpCourse) c = course_with_people (f->db, "LG-11", "gender-knowledge", 2, names, marks);
  g_autoptr(GPtrArray) issued = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *text = NULL;
  g_autofree char *code_line = NULL;
  TpIssueOptions opts = { .issue_date = "2026-03-05", .serial_start = "B 012345" };

  if (!have_poppler ())
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }
  g_assert_true (tp_certificates_issue (f->db, c->id, &opts, &issued, &error));
  pdf = print_course (f, c->id, "course.pdf");
  g_assert_cmpint (pdf_pages (pdf), ==, 3);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "GIẤY CHỨNG NHẬN"));
  g_assert_nonnull (strstr (text, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
  g_assert_nonnull (strstr (text, "Độc lập - Tự do - Hạnh phúc"));
  g_assert_nonnull (strstr (text, "SỞ NỘI VỤ"));
  g_assert_nonnull (strstr (text, "ỦY BAN NHÂN DÂN TỈNH LÀO CAI"));
  g_assert_nonnull (strstr (text, "Chứng nhận Bà: Lê Thị Hồng"));
  g_assert_nonnull (strstr (text, "Chứng nhận Ông: Trần Văn Nam"));
  g_assert_nonnull (strstr (text, "Ngày sinh: 12/04/1990"));
  g_assert_nonnull (strstr (text, "Đã hoàn thành lớp tập huấn"));
  g_assert_nonnull (strstr (text, "từ ngày 02/03/2026 đến ngày 03/03/2026"));
  g_assert_nonnull (strstr (text, "Lào Cai, ngày 5 tháng 3 năm 2026"));
  g_assert_nonnull (strstr (text, "KT. GIÁM ĐỐC"));
  g_assert_nonnull (strstr (text, "PHÓ GIÁM ĐỐC"));
  g_assert_nonnull (strstr (text, "Số vào sổ: 0001/2026/GCN"));
  g_assert_nonnull (strstr (text, "Số vào sổ: 0003/2026/GCN"));
  g_assert_nonnull (strstr (text, "Số hiệu: B 012346"));
  code_line = g_strdup_printf ("Mã xác minh: %s", ((TpCertificate *) g_ptr_array_index (issued, 0))->verification_code);
  g_assert_nonnull (strstr (text, code_line));
  /* The pages are in register order: Hồng's page comes first. */
  g_assert_true (strstr (text, "Lê Thị Hồng") < strstr (text, "Hoàng Thị Mai"));
}

static void
test_register (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) marks = g_ptr_array_new ();
  g_autoptr(TpCourse) c = NULL;
  g_autoptr(GPtrArray) issued = NULL;
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(TpRegisterDoc) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "register.pdf", NULL);
  g_autofree char *csv_path = g_build_filename (f->dir, "register.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) lines = NULL;
  const char *given[] = { "An", "Bình", "Chi", "Dung", "Giang", "Hà", "Khánh", "Linh", "Minh", "Ngọc" };
  TpIssueOptions opts = { .issue_date = "2026-03-05" };
  const char *headers_found;
  int pages, header_count = 0;

  if (!have_poppler ())
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }
  for (guint i = 0; i < 45; i++)
    {
      g_ptr_array_add (names, g_strdup_printf ("Nguyễn Thị %s %u", given[i % 10], i));
      g_ptr_array_add (marks, "PP");
    }
  g_ptr_array_add (names, NULL);
  g_ptr_array_add (marks, NULL);
  c = course_with_people (f->db, "LG-12", "gender-knowledge", 1, (const char **) names->pdata, (const char **) marks->pdata);
  g_assert_true (tp_certificates_issue (f->db, c->id, &opts, &issued, &error));
  g_assert_cmpuint (issued->len, ==, 45);
  g_assert_true (tp_certificates_revoke (f->db, ((TpCertificate *) g_ptr_array_index (issued, 2))->id,
                                         "Cấp nhầm, người học không dự", NULL));

  certs = tp_certificates_list (f->db, NULL, NULL, &error);
  g_assert_cmpuint (certs->len, ==, 45);
  doc = tp_register_doc_new (f->db, certs);
  g_assert_true (tp_register_doc_write_pdf (doc, pdf, &error));
  g_assert_no_error (error);
  pages = pdf_pages (pdf);
  g_assert_cmpint (pages, >=, 2);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "SỔ CẤP GIẤY CHỨNG NHẬN"));
  g_assert_nonnull (strstr (text, "0045/2026/GCN"));
  g_assert_nonnull (strstr (text, "Đã thu hồi: Cấp"));
  for (guint i = 0; i < issued->len; i++)
    g_assert_nonnull (strstr (text, ((TpCertificate *) g_ptr_array_index (issued, i))->register_no));
  /* The column headers repeat on every page. */
  for (headers_found = strstr (text, "Số vào sổ"); headers_found != NULL;
       headers_found = strstr (headers_found + 1, "Số vào sổ"))
    header_count++;
  g_assert_cmpint (header_count, ==, pages);

  /* CSV: BOM, a header row, one row per certificate, revoked marked. */
  g_assert_true (tp_certificates_export_csv (f->db, csv_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF" "No.,Register number,Serial,Full name"));
  lines = g_strsplit (csv, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 47);  /* header + 45 + the empty end */
  g_assert_true (g_str_has_prefix (lines[1], "1,0001/2026/GCN,,"));
  g_assert_nonnull (strstr (lines[3], ",Revoked,\"Cấp nhầm, người học không dự\","));
  g_assert_nonnull (strstr (lines[1], ",1990,Female,UBND xã Bắc Hà,LG-12,"));
}

static void
test_verify (Fixture       *f,
             gconstpointer  data)
{
  const char *names[] = { "Lê Thị Hồng", NULL };
  const char *marks[] = { "PP", NULL };
  g_autoptr(TpCourse) c = course_with_people (f->db, "LG-13", "gender-knowledge", 1, names, marks);
  g_autoptr(GPtrArray) issued = NULL;
  g_autoptr(TpCertificate) found = NULL;
  g_autoptr(TpCertificate) missing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lower = NULL;
  g_autofree char *typed = NULL;
  TpCertificate *cert;

  g_assert_true (tp_certificates_issue (f->db, c->id, NULL, &issued, &error));
  cert = g_ptr_array_index (issued, 0);
  /* Typed in lower case with a hyphen in the middle. */
  lower = g_ascii_strdown (cert->verification_code, -1);
  typed = g_strdup_printf ("%.4s-%s", lower, lower + 4);
  found = tp_certificates_get_by_code (f->db, typed, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->id, ==, cert->id);
  g_assert_cmpstr (found->full_name, ==, "Lê Thị Hồng");
  g_assert_cmpstr (found->course_code, ==, "LG-13");

  missing = tp_certificates_get_by_code (f->db, "ZZZZZZZZ", &error);
  g_assert_null (missing);
  g_assert_error (error, TP_ERROR, TP_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "ZZZZZZZZ"));
}

/* ---- the trainer cascade ----------------------------------------------- */

static char *
person_in (TpDb       *db,
           const char *course_id,
           const char *name)
{
  g_autoptr(GPtrArray) list = tp_certificates_eligibility (db, course_id, NULL);

  return g_strdup (find_eligibility (list, name)->person_id);
}

static void
test_cascade (Fixture       *f,
              gconstpointer  data)
{
  const char *tot_names[] = { "Lê Thị An", "Trần Văn Bảo", "Phạm Thị Cúc", NULL };
  const char *tot_marks[] = { "PP", "PP", "AA", NULL };
  g_autoptr(TpCourse) t1 = course_with_people (f->db, "TOT-01", "tot-gender-equality", 1, tot_names, tot_marks);
  const char *c2_names[] = { "Đỗ Thị Dịu", "Hà Văn Em", "Kiều Thị Gấm", NULL };
  const char *c2_marks[] = { "PP", "PP", "PP", NULL };
  g_autoptr(TpCourse) c2 = course_with_people (f->db, "XA-02", "communication", 1, c2_names, c2_marks);
  const char *t2_names[] = { "Lý Văn Hùng", "Mạc Thị Ích", NULL };
  const char *t2_marks[] = { "PP", "PP", NULL };
  g_autoptr(TpCourse) t2 = course_with_people (f->db, "TOT-02", "tot-gbv", 1, t2_names, t2_marks);
  const char *c3_names[] = { "Nông Thị Kim", "Ông Văn Lực", "Quàng Thị Mơ", "Sầm Văn Nhật", NULL };
  const char *c3_marks[] = { "PP", "PP", "PP", "PP", NULL };
  g_autoptr(TpCourse) c3 = course_with_people (f->db, "XA-03", "communication", 1, c3_names, c3_marks);
  g_autoptr(GPtrArray) issued1 = NULL;
  g_autoptr(GPtrArray) issued2 = NULL;
  g_autoptr(GPtrArray) issued3 = NULL;
  g_autoptr(TpCascade) by_course = NULL;
  g_autoptr(TpCascade) by_trainer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *an = person_in (f->db, t1->id, "Lê Thị An");
  g_autofree char *hung = person_in (f->db, t2->id, "Lý Văn Hùng");
  g_autofree char *profile = NULL;
  g_autofree char *refused = NULL;

  g_assert_true (tp_certificates_issue (f->db, t1->id, NULL, &issued1, &error));
  g_assert_cmpuint (issued1->len, ==, 2);
  for (guint i = 0; i < issued1->len; i++)
    {
      g_autofree char *id = tp_certificates_make_trainer (f->db, ((TpCertificate *) g_ptr_array_index (issued1, i))->id, &error);

      g_assert_no_error (error);
      g_assert_nonnull (id);
    }
  /* Making someone a trainer twice keeps one profile. */
  profile = tp_certificates_make_trainer (f->db, ((TpCertificate *) g_ptr_array_index (issued1, 0))->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM trainer_profiles WHERE source_certificate_id IS NOT NULL"), ==, 2);

  /* An teaches a commune course and a second ToT; Hùng, trained there,
   * teaches another commune course. */
  g_assert_true (tp_store_set_course_trainer (f->db, c2->id, an, TP_ROLE_LEAD, NULL));
  g_assert_true (tp_store_set_course_trainer (f->db, t2->id, an, TP_ROLE_LEAD, NULL));
  g_assert_true (tp_certificates_issue (f->db, t2->id, NULL, &issued2, &error));
  for (guint i = 0; i < issued2->len; i++)
    {
      TpCertificate *cert = g_ptr_array_index (issued2, i);

      if (g_str_equal (cert->person_id, hung))
        {
          g_autofree char *id = tp_certificates_make_trainer (f->db, cert->id, &error);

          g_assert_no_error (error);
        }
    }
  g_assert_true (tp_store_set_course_trainer (f->db, c3->id, hung, TP_ROLE_LEAD, NULL));

  /* A commune course's certificate makes no source trainer. */
  g_assert_true (tp_certificates_issue (f->db, c3->id, NULL, &issued3, &error));
  refused = tp_certificates_make_trainer (f->db, ((TpCertificate *) g_ptr_array_index (issued3, 0))->id, &error);
  g_assert_null (refused);
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "XA-03"));
  g_clear_error (&error);

  by_course = tp_cascade_for_course (f->db, t1->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_course->direct_reached->len, ==, 3);
  g_assert_cmpuint (by_course->trainers->len, ==, 2);       /* An, Bảo */
  g_assert_cmpuint (by_course->courses->len, ==, 2);        /* XA-02, TOT-02 */
  g_assert_cmpuint (by_course->reached->len, ==, 5);        /* 3 + 2 */
  g_assert_cmpuint (by_course->second_trainers->len, ==, 1);  /* Hùng */
  g_assert_cmpstr (((TpCascadeItem *) g_ptr_array_index (by_course->second_trainers, 0))->label, ==, "Lý Văn Hùng");
  g_assert_cmpuint (by_course->second_generation->len, ==, 4);
  /* In Vietnamese name order: An before Bảo. */
  g_assert_cmpstr (((TpCascadeItem *) g_ptr_array_index (by_course->trainers, 0))->label, ==, "Lê Thị An");

  by_trainer = tp_cascade_for_trainer (f->db, an, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (by_trainer->direct_courses->len, ==, 2);
  g_assert_cmpuint (by_trainer->direct_reached->len, ==, 5);
  g_assert_cmpuint (by_trainer->trainers->len, ==, 1);      /* Hùng */
  g_assert_cmpuint (by_trainer->courses->len, ==, 1);       /* XA-03 */
  g_assert_cmpstr (((TpCascadeItem *) g_ptr_array_index (by_trainer->courses, 0))->label, ==,
                   "XA-03 — Lồng ghép giới trong xây dựng văn bản quy phạm pháp luật");
  g_assert_cmpuint (by_trainer->reached->len, ==, 4);
  g_assert_cmpuint (by_trainer->second_generation->len, ==, 0);
}

/* ---- the command line, and a killed issue ------------------------------ */

static char *
cli_path (void)
{
  const char *env = g_getenv ("TAPHUAN_CLI");
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");

  if (env != NULL)
    return g_strdup (env);
  if (builddir != NULL)
    return g_build_filename (builddir, "..", "src", "cli", "taphuan-cli", NULL);
  return NULL;
}

static int
run_cli (const char  *db,
         char       **out,
         char       **err,
         ...)
{
  g_autofree char *cli = cli_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, cli);
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  va_start (args, err);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &status, &error));
  g_assert_no_error (error);
  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  const char *names[] = { "Lê Thị Hồng", "Trần Văn Nam", "Phạm Thị Lan", NULL };
  const char *marks[] = { "PP", "PP", "AA", NULL };
  g_autoptr(TpCourse) c = course_with_people (f->db, "LG-20", "gender-knowledge", 1, names, marks);
  g_autofree char *cli = cli_path ();
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "out.pdf", NULL);
  g_autofree char *csv = g_build_filename (f->dir, "out.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(TpCertificate) cert = NULL;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE) || !have_poppler ())
    {
      g_test_skip ("taphuan-cli or pdftotext is missing");
      return;
    }
  g_clear_object (&f->db);

  g_assert_cmpint (run_cli (f->path, &out, &err, "certificates", "issue", "--course", "LG-20", "--date", "2026-03-05", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Issued 2 certificates for course LG-20."));
  g_assert_nonnull (strstr (out, "0001/2026/GCN"));
  g_assert_nonnull (strstr (out, "0002/2026/GCN"));
  g_assert_nonnull (strstr (out, "1 person is not eligible"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f->path, &out, &err, "certificates", "issue", "--course", "LG-20", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Issued 0 certificates"));
  g_assert_nonnull (strstr (out, "2 people already held a certificate."));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f->path, &out, &err, "certificates", "print", "--course", "LG-20", "-o", pdf, NULL), ==, 0);
  g_assert_cmpint (pdf_pages (pdf), ==, 2);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Lê Thị Hồng"));
  g_assert_nonnull (strstr (text, "Trần Văn Nam"));
  g_assert_null (strstr (text, "Phạm Thị Lan"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  f->db = tp_db_open_existing (f->path, NULL);
  cert = tp_certificates_get_by_number (f->db, "0001/2026/GCN", NULL);
  g_clear_object (&f->db);
  g_assert_cmpint (run_cli (f->path, &out, &err, "certificates", "verify", cert->verification_code, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Lê Thị Hồng"));
  g_assert_nonnull (strstr (out, "LG-20"));
  g_assert_nonnull (strstr (out, "Status: valid"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f->path, &out, &err, "certificates", "verify", "ZZZZ-ZZZZ", NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, "taphuan-cli: "));
  g_assert_nonnull (strstr (err, "ZZZZ-ZZZZ"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f->path, &out, &err, "certificates", "revoke", "0002/2026/GCN", NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f->path, &out, &err, "certificates", "revoke", "0002/2026/GCN", "--reason", "Cấp nhầm", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (f->path, &out, &err, "certificates", "revoke", "0009/2026/GCN", "--reason", "x", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "0009/2026/GCN"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f->path, &out, &err, "certificates", "register", "-o", csv, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (csv, &out, NULL, NULL));
  g_assert_true (g_str_has_prefix (out, "\xEF\xBB\xBF"));
  g_assert_nonnull (strstr (out, "0002/2026/GCN"));
  g_assert_nonnull (strstr (out, "Revoked,Cấp nhầm"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_cli (f->path, &out, &err, "certificates", "register", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "0001/2026/GCN\t\tLê Thị Hồng\t1990\tfemale"));
  g_assert_nonnull (strstr (out, "revoked"));
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (to, contents, len, NULL));
}

static GPid
spawn_issue (const char *db)
{
  g_autofree char *cli = cli_path ();
  const char *argv[] = { cli, "--db", db, "certificates", "issue", "--course", "BIG-01", "--date", "2026-03-05", NULL };
  g_autoptr(GError) error = NULL;
  GPid pid;

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL,
                                G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  return pid;
}

/* After a kill: all or nothing, never a gap or a duplicate. */
static int
check_after_kill (const char *db_path,
                  guint       expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = tp_db_open_existing (db_path, &error);
  int n;

  g_assert_no_error (error);
  n = count (db, "SELECT count(*) FROM certificates");
  g_assert_true (n == 0 || n == (int) expected);
  assert_gap_free (db);
  if (n == 0)
    g_assert_cmpint (count (db, "SELECT count(*) FROM certificate_counters"), ==, 0);
  return n;
}

static void
test_kill_mid_issue (Fixture       *f,
                     gconstpointer  data)
{
  const guint n_people = 2000;
  g_autofree char *cli = cli_path ();
  g_autofree char *timing = g_build_filename (f->dir, "timing.db", NULL);
  g_autoptr(TpCourse) c = NULL;
  g_autoptr(GPtrArray) sessions = NULL;
  double fractions[] = { 0.2, 0.45, 0.7, 0.9 };
  guint killed_empty = 0;
  gint64 start, full;
  int status;
  GPid pid;

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("taphuan-cli is missing");
      return;
    }
  c = add_course (f->db, "BIG-01", "gender-knowledge", "2026-03-02", "2026-03-02");
  g_assert_cmpint (tp_store_generate_sessions (f->db, c->id, NULL), ==, 2);
  sessions = tp_store_list_sessions (f->db, c->id, NULL);
  g_assert_true (tp_db_begin (f->db, NULL));
  for (guint i = 0; i < n_people; i++)
    {
      g_autofree char *name = g_strdup_printf ("Nguyễn Thị Học Viên %u", i);
      g_autoptr(TpPerson) p = add_person (f->db, name, TP_SEX_FEMALE, NULL);
      g_autoptr(TpEnrolment) e = enrol (f->db, c->id, p->id);

      mark (f->db, e, sessions, "PP");
    }
  g_assert_true (tp_db_commit (f->db, NULL));
  g_clear_object (&f->db);

  /* How long a whole issue takes here, on a copy. */
  copy_file (f->path, timing);
  start = g_get_monotonic_time ();
  pid = spawn_issue (timing);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  full = g_get_monotonic_time () - start;
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_assert_cmpint (check_after_kill (timing, n_people), ==, (int) n_people);
  g_test_message ("a full issue of %u certificates took %.3f s", n_people, full / 1e6);

  for (guint k = 0; k < G_N_ELEMENTS (fractions); k++)
    {
      g_autofree char *copy = g_strdup_printf ("%s/kill-%u.db", f->dir, k);
      int n;

      copy_file (f->path, copy);
      pid = spawn_issue (copy);
      g_usleep ((gulong) (full * fractions[k]));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      n = check_after_kill (copy, n_people);
      if (WIFSIGNALED (status) && n == 0)
        killed_empty++;

      /* Issuing again finishes the job: 1..2000, once each. */
      pid = spawn_issue (copy);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
      g_assert_cmpint (check_after_kill (copy, n_people), ==, (int) n_people);
    }
  /* At least one kill landed before the commit. */
  g_assert_cmpuint (killed_empty, >, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/certificates/pattern", test_pattern);
  ADD ("/certificates/eligibility/threshold", test_eligibility_threshold);
  ADD ("/certificates/eligibility/exact-percent", test_eligibility_exact_percent);
  ADD ("/certificates/eligibility/no-sessions", test_eligibility_no_sessions);
  ADD ("/certificates/eligibility/pass-mark", test_eligibility_pass_mark);
  ADD ("/certificates/issue/numbering", test_issue_numbering);
  ADD ("/certificates/issue/bad-input-changes-nothing", test_issue_bad_pattern_changes_nothing);
  ADD ("/certificates/revoke-reissue", test_revoke_reissue);
  ADD ("/certificates/snapshot-immutable", test_snapshot_immutable);
  ADD ("/certificates/pdf", test_certificate_pdf);
  ADD ("/certificates/course-overrides", test_course_overrides);
  ADD ("/certificates/svg-images", test_svg_images);
  ADD ("/certificates/register", test_register);
  ADD ("/certificates/verify", test_verify);
  ADD ("/certificates/cascade", test_cascade);
  ADD ("/certificates/cli", test_cli);
  ADD ("/certificates/kill-mid-issue", test_kill_mid_issue);
#undef ADD

  return g_test_run ();
}
