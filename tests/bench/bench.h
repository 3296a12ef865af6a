/* bench.h: the benchmark harness behind `build-aux/dev bench`.
 *
 * Each bench_* function measures one thing and reports it with
 * bench_report(). Work that allocates is run in a forked child so its peak
 * memory is its own (bench_measure). Numbers go to stdout as a Markdown
 * table; docs/benchmarks.md records them with the machine and the date. */
#pragma once

#include <glib.h>

#include "tp-db.h"

G_BEGIN_DECLS

typedef struct {
  char *dir;            /* scratch folder, removed at the end */
  char *bundle_path;    /* the synthetic province-scale bundle */
  char *db_path;        /* a database with the bundle imported */
  guint n_people;
  guint n_courses;
} BenchContext;

typedef struct {
  double seconds;
  long   peak_rss_kb;   /* of the child that ran the work */
  int    exit_status;
} BenchResult;

typedef void (*BenchFunc) (gpointer data);

/* Runs @func (@data) in a forked child; the child's wall time and peak RSS. */
BenchResult bench_measure (BenchFunc func,
                           gpointer  data);

/* One row of the results table. @target may be NULL. */
void bench_report (const char *what,
                   double      value,
                   const char *unit,
                   const char *target);

/* Realistic Vietnamese names and a province-scale bundle. */
char *bench_random_name   (GRand    *rand,
                           gboolean *female);
void  bench_write_bundle  (const char *path,
                           guint       n_people,
                           guint       n_courses,
                           guint       enrolments_per_course,
                           guint       seed);

/* The benchmarks; each module adds its own. */
void bench_core          (BenchContext *ctx);
void bench_backup        (BenchContext *ctx);
void bench_import        (BenchContext *ctx);
void bench_render        (BenchContext *ctx);
void bench_certificates  (BenchContext *ctx);

G_END_DECLS
