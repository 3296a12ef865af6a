/* bench-render.c: the sign-in sheet and the allowance receipt list of one
 * course of 2,000 people, read from the database, laid out and written as
 * PDF (target: under 1 s and under 100 MB peak memory each). */
#include "config.h"

#include <glib/gstdio.h>

#include "bench.h"
#include "tp-render.h"
#include "tp-store.h"

#define BENCH_RENDER_PEOPLE 2000

typedef struct {
  char           *db_path;
  char           *course_id;
  char           *pdf_path;
  TpDocumentKind  kind;
  const char     *date;
} RenderJob;

static void
render_job (gpointer data)
{
  RenderJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = tp_db_open_existing (job->db_path, &error);
  g_autoptr(TpDocument) doc = NULL;
  TpDocumentOptions options;

  if (db == NULL)
    g_error ("%s", error->message);
  tp_document_options_init (&options);
  options.date = job->date;
  doc = tp_document_new (db, job->kind, job->course_id, &options, &error);
  if (doc == NULL || !tp_render_to_pdf (doc, job->pdf_path, &error))
    g_error ("%s", error->message);
}

/* A course of two days (four sessions) with @n people, everyone marked. */
static char *
make_course (const char *db_path,
             guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = tp_db_open (db_path, &error);
  g_autoptr(TpCourse) course = tp_course_new ();
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (2026);
  static const char *const organisations[] = {
    "Phòng Văn hóa - Xã hội, Ủy ban nhân dân xã Bảo Thắng, tỉnh Lào Cai",
    "Hội Liên hiệp Phụ nữ phường Cam Đường",
    "Trung tâm Công tác xã hội và Quỹ Bảo trợ trẻ em tỉnh",
    "Sở Nội vụ",
  };

  if (db == NULL || !tp_db_begin (db, &error))
    g_error ("%s", error->message);
  course->code = g_strdup ("BENCH-PRINT");
  course->title = g_strdup ("Lớp tập huấn kiến thức, kỹ năng lồng ghép giới trong xây dựng chính sách, pháp luật");
  course->type_id = g_strdup ("tot-gender-equality");
  course->start_date = g_strdup ("2026-03-05");
  course->end_date = g_strdup ("2026-03-06");
  course->venue = g_strdup ("Hội trường Sở Nội vụ tỉnh Lào Cai");
  course->daily_allowance = 150000;
  if (!tp_store_save_course (db, course, &error) ||
      tp_store_generate_sessions (db, course->id, &error) < 0)
    g_error ("%s", error->message);
  sessions = tp_store_list_sessions (db, course->id, &error);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TpPerson) p = tp_person_new ();
      g_autoptr(TpEnrolment) e = tp_enrolment_new ();
      gboolean female = FALSE;

      p->full_name = bench_random_name (rand, &female);
      p->sex = female ? TP_SEX_FEMALE : TP_SEX_MALE;
      p->birth_year = 1960 + g_rand_int_range (rand, 0, 40);
      p->organization = g_strdup (organisations[i % G_N_ELEMENTS (organisations)]);
      p->position = g_strdup ("Công chức Văn hóa - Xã hội");
      if (!tp_store_save_person (db, p, &error))
        g_error ("%s", error->message);
      e->course_id = g_strdup (course->id);
      e->person_id = g_strdup (p->id);
      if (!tp_store_enrol (db, e, &error))
        g_error ("%s", error->message);
      for (guint s = 0; s < sessions->len; s++)
        if (!tp_store_set_mark (db, e->id, ((TpSession *) g_ptr_array_index (sessions, s))->id,
                                g_rand_int_range (rand, 0, 10) == 0 ? TP_MARK_ABSENT : TP_MARK_PRESENT,
                                &error))
          g_error ("%s", error->message);
    }
  if (!tp_db_commit (db, &error))
    g_error ("%s", error->message);
  return g_strdup (course->id);
}

void
bench_render (BenchContext *ctx)
{
  g_autofree char *db_path = g_build_filename (ctx->dir, "print.db", NULL);
  g_autofree char *course_id = make_course (db_path, BENCH_RENDER_PEOPLE);
  g_autofree char *signin_pdf = g_build_filename (ctx->dir, "signin.pdf", NULL);
  g_autofree char *receipts_pdf = g_build_filename (ctx->dir, "receipts.pdf", NULL);
  RenderJob signin = { db_path, course_id, signin_pdf, TP_DOCUMENT_SIGNIN, "2026-03-05" };
  RenderJob receipts = { db_path, course_id, receipts_pdf, TP_DOCUMENT_RECEIPTS, NULL };
  BenchResult r;

  r = bench_measure (render_job, &signin);
  bench_report ("sign-in sheet, 2,000 people, to PDF: time", r.seconds, "s", "< 1 s");
  bench_report ("sign-in sheet, 2,000 people, to PDF: peak memory", r.peak_rss_kb / 1024.0, "MB", "< 100 MB");
  r = bench_measure (render_job, &receipts);
  bench_report ("receipt list, 2,000 people, to PDF: time", r.seconds, "s", "< 1 s");
  bench_report ("receipt list, 2,000 people, to PDF: peak memory", r.peak_rss_kb / 1024.0, "MB", "< 100 MB");
}
