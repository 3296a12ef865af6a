/* bench-certificates.c: issuing 1,000 certificates for one course, and
 * printing them to one PDF (target: under 5 s and 150 MB). */
#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>

#include "bench.h"
#include "tp-certificates.h"
#include "tp-doc-certificate.h"
#include "tp-store.h"

#define N_CERTIFICATES 1000

typedef struct {
  char *db_path;
  char *course_id;
  char *pdf_path;
} CertBench;

static void
fail (const char *what,
      GError     *error)
{
  g_printerr ("bench: %s failed: %s\n", what, error != NULL ? error->message : "?");
  exit (1);
}

/* One course, 1,000 people present at both sessions. */
static void
make_course (CertBench *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = tp_db_open (b->db_path, &error);
  g_autoptr(TpCourse) course = tp_course_new ();
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);

  if (db == NULL)
    fail ("opening the database", error);
  course->code = g_strdup ("BENCH-CERT");
  course->title = g_strdup ("Tập huấn giảng viên nguồn về bình đẳng giới năm 2026");
  course->type_id = g_strdup ("tot-gender-equality");
  course->venue = g_strdup ("Hội trường Sở Nội vụ tỉnh Lào Cai");
  course->start_date = g_strdup ("2026-03-02");
  course->end_date = g_strdup ("2026-03-02");
  if (!tp_db_begin (db, &error) || !tp_store_save_course (db, course, &error) ||
      tp_store_generate_sessions (db, course->id, &error) < 0)
    fail ("making the course", error);
  sessions = tp_store_list_sessions (db, course->id, &error);
  for (guint i = 0; i < N_CERTIFICATES; i++)
    {
      gboolean female;
      g_autoptr(TpPerson) p = tp_person_new ();
      g_autoptr(TpEnrolment) e = tp_enrolment_new ();

      p->full_name = bench_random_name (rand, &female);
      p->sex = female ? TP_SEX_FEMALE : TP_SEX_MALE;
      p->birth_year = g_rand_int_range (rand, 1965, 2000);
      p->organization = g_strdup_printf ("UBND xã số %u", g_rand_int_range (rand, 1, 99));
      if (!tp_store_save_person (db, p, &error))
        fail ("adding a person", error);
      e->course_id = g_strdup (course->id);
      e->person_id = g_strdup (p->id);
      if (!tp_store_enrol (db, e, &error))
        fail ("enrolling", error);
      for (guint s = 0; s < sessions->len; s++)
        if (!tp_store_set_mark (db, e->id, ((TpSession *) g_ptr_array_index (sessions, s))->id,
                                TP_MARK_PRESENT, &error))
          fail ("marking", error);
    }
  if (!tp_db_commit (db, &error))
    fail ("saving the course", error);
  b->course_id = g_strdup (course->id);
}

static void
issue (gpointer data)
{
  CertBench *b = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = tp_db_open_existing (b->db_path, &error);
  g_autoptr(GPtrArray) issued = NULL;
  TpIssueOptions options = { .issue_date = "2026-03-05" };

  if (db == NULL || !tp_certificates_issue (db, b->course_id, &options, &issued, &error))
    fail ("issuing", error);
  if (issued->len != N_CERTIFICATES)
    {
      g_printerr ("bench: issued %u certificates, expected %u\n", issued->len, N_CERTIFICATES);
      exit (1);
    }
}

static void
print_pdf (gpointer data)
{
  CertBench *b = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = tp_db_open_existing (b->db_path, &error);
  g_autoptr(GPtrArray) certs = NULL;
  g_autoptr(GPtrArray) snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_cert_snapshot_free);
  TpCertRenderOptions options;

  if (db == NULL || (certs = tp_certificates_list (db, b->course_id, NULL, &error)) == NULL)
    fail ("listing", error);
  for (guint i = 0; i < certs->len; i++)
    {
      TpCertSnapshot *s = tp_certificate_load_snapshot (g_ptr_array_index (certs, i), &error);

      if (s == NULL)
        fail ("reading a snapshot", error);
      g_ptr_array_add (snapshots, s);
    }
  tp_cert_render_options_load (db, &options);
  if (!tp_doc_certificates_write_pdf (snapshots, b->pdf_path, &options, &error))
    fail ("writing the PDF", error);
  tp_cert_render_options_clear (&options);
}

void
bench_certificates (BenchContext *ctx)
{
  CertBench b = { 0 };
  BenchResult r;
  GStatBuf st;

  b.db_path = g_build_filename (ctx->dir, "certificates.db", NULL);
  b.pdf_path = g_build_filename (ctx->dir, "certificates.pdf", NULL);
  make_course (&b);

  r = bench_measure (issue, &b);
  bench_report ("issue 1,000 certificates (one transaction)", r.seconds, "s", NULL);
  r = bench_measure (print_pdf, &b);
  bench_report ("1,000 certificates to one PDF: time", r.seconds, "s", "< 5 s");
  bench_report ("1,000 certificates to one PDF: peak memory", r.peak_rss_kb / 1024.0, "MB", "< 150 MB");
  if (g_stat (b.pdf_path, &st) == 0)
    bench_report ("1,000 certificates to one PDF: file size", st.st_size / (1024.0 * 1024.0), "MB", NULL);

  g_free (b.db_path);
  g_free (b.pdf_path);
  g_free (b.course_id);
}
