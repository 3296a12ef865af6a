/* bench-core.c: import, open, folded search and export of the
 * province-scale database. */
#include "config.h"

#include <stdlib.h>

#include "bench.h"
#include "tp-bundle.h"
#include "tp-store.h"

static void
import_bundle (gpointer data)
{
  BenchContext *ctx = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = tp_db_open (ctx->db_path, &error);

  if (db == NULL || !tp_bundle_import_file (db, ctx->bundle_path, FALSE, NULL, &error))
    {
      g_printerr ("bench: import failed: %s\n", error->message);
      exit (1);
    }
}

static void
open_db (gpointer data)
{
  BenchContext *ctx = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = tp_db_open_existing (ctx->db_path, &error);

  if (db == NULL)
    exit (1);
}

static void
export_db (gpointer data)
{
  BenchContext *ctx = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = tp_db_open_existing (ctx->db_path, &error);
  g_autofree char *out = g_build_filename (ctx->dir, "export.json", NULL);

  if (db == NULL || !tp_bundle_export_file (db, out, NULL, &error))
    exit (1);
}

void
bench_core (BenchContext *ctx)
{
  static const char * const queries[] = {
    "nguyen", "dang", "hoa", "thuy", "lo van", "minh anh", "pao", "tam duong", "0912", "xuan",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = NULL;
  BenchResult r;
  gint64 start;
  double worst_page = 0, worst_all = 0, total_page = 0;
  guint n_hits = 0;

  /* TAPHUAN_BENCH_SEARCH_ONLY=1 reuses the database of an earlier run
   * (TAPHUAN_BENCH_DB) to measure the search alone. */
  if (g_getenv ("TAPHUAN_BENCH_SEARCH_ONLY") == NULL)
    {
      start = g_get_monotonic_time ();
      bench_write_bundle (ctx->bundle_path, ctx->n_people, ctx->n_courses, 50, 2026);
      bench_report ("generate the synthetic bundle", (g_get_monotonic_time () - start) / 1e6, "s", NULL);

      r = bench_measure (import_bundle, ctx);
      bench_report ("import the bundle: time", r.seconds, "s", NULL);
      bench_report ("import the bundle: peak memory", r.peak_rss_kb / 1024.0, "MB", NULL);
    }

  r = bench_measure (open_db, ctx);
  bench_report ("open the database (checks included)", r.seconds * 1000, "ms", NULL);

  db = tp_db_open_existing (ctx->db_path, &error);
  g_assert_no_error (error);
  /* Warm the cache as a running app would have it. */
  g_ptr_array_unref (tp_store_list_people (db, "warm", 50, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GPtrArray) page = NULL;
      g_autoptr(GPtrArray) all = NULL;
      double t;

      start = g_get_monotonic_time ();
      page = tp_store_list_people (db, queries[i], 50, &error);
      t = (g_get_monotonic_time () - start) / 1000.0;
      total_page += t;
      worst_page = MAX (worst_page, t);
      g_printerr ("bench: search “%s”: first page %.2f ms\n", queries[i], t);

      start = g_get_monotonic_time ();
      all = tp_store_list_people (db, queries[i], 0, &error);
      t = (g_get_monotonic_time () - start) / 1000.0;
      worst_all = MAX (worst_all, t);
      n_hits += all->len;
    }
  bench_report ("folded search, first 50 in name order: mean", total_page / G_N_ELEMENTS (queries), "ms", "< 10 ms");
  bench_report ("folded search, first 50 in name order: worst", worst_page, "ms", "< 10 ms");
  bench_report ("folded search, every match loaded: worst", worst_all, "ms", NULL);
  g_printerr ("bench: %u matches over %zu queries\n", n_hits, G_N_ELEMENTS (queries));

  r = bench_measure (export_db, ctx);
  bench_report ("export the database: time", r.seconds, "s", NULL);
  bench_report ("export the database: peak memory", r.peak_rss_kb / 1024.0, "MB", NULL);
}
