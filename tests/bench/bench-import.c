/* bench-import.c: a 10,000-row participant list (CSV) imported into the
 * province-scale database of 100,000 people, duplicate matching included;
 * a third of the rows are people already registered. */
#include "config.h"

#include <stdlib.h>

#include <glib/gstdio.h>

#include "bench.h"
#include "tp-import.h"
#include "tp-store.h"

#define N_ROWS 10000

typedef struct {
  char *db_path;
  char *csv_path;
} ImportBench;

static void
write_csv (const char *db_path,
           const char *csv_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = tp_db_open_existing (db_path, &error);
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBFSTT,Họ và tên,Giới tính,Năm sinh,Dân tộc,Đơn vị công tác,Số điện thoại\r\n");
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260301);
  sqlite3_stmt *stmt;
  guint row = 0;

  if (db == NULL)
    {
      g_printerr ("bench: %s\n", error->message);
      exit (1);
    }
  /* Registered people, as a list from a commune would name them again. */
  stmt = tp_db_prepare (db, "SELECT full_name, sex, birth_year FROM people"
                            " WHERE birth_year IS NOT NULL ORDER BY random () LIMIT ?1", NULL);
  sqlite3_bind_int (stmt, 1, N_ROWS / 3);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *sex = (const char *) sqlite3_column_text (stmt, 1);

      g_string_append_printf (out, "%u,%s,%s,%d,Kinh,,\r\n", ++row,
                              (const char *) sqlite3_column_text (stmt, 0),
                              g_strcmp0 (sex, "female") == 0 ? "Nữ" : "Nam",
                              sqlite3_column_int (stmt, 2));
    }
  sqlite3_finalize (stmt);

  while (row < N_ROWS)
    {
      gboolean female = FALSE;
      g_autofree char *name = bench_random_name (rand, &female);

      g_string_append_printf (out, "%u,%s,%s,%d,Thái,UBND xã Bình Lư,09%08d\r\n", ++row, name,
                              female ? "Nữ" : "Nam", g_rand_int_range (rand, 1960, 2004),
                              g_rand_int_range (rand, 0, 99999999));
    }
  if (!g_file_set_contents (csv_path, out->str, out->len, &error))
    {
      g_printerr ("bench: %s\n", error->message);
      exit (1);
    }
}

static void
import_csv (gpointer data)
{
  ImportBench *b = data;
  g_autoptr(GError) error = NULL;
  /* The app has the database open already: its check is not the import's. */
  g_autoptr(TpDb) db = tp_db_open_full (b->db_path, TP_DB_OPEN_SKIP_CHECK, &error);
  g_autoptr(TpImport) import = NULL;
  g_autoptr(TpImportStats) stats = tp_import_stats_new ();
  TpImportOptions options = { .skip_invalid = TRUE };
  gint64 start = g_get_monotonic_time ();
  gint64 read_done;

  if (db != NULL)
    import = tp_import_new_from_file (db, b->csv_path, &error);
  read_done = g_get_monotonic_time ();
  if (import == NULL || !tp_import_apply (import, &options, stats, &error))
    {
      g_printerr ("bench: import failed: %s\n", error->message);
      exit (1);
    }
  bench_report ("import: read, check and match 10,000 rows (preview)", (read_done - start) / 1e6, "s", NULL);
  bench_report ("import: 10,000-row CSV into 100,000 people, matching included", (g_get_monotonic_time () - start) / 1e6, "s", "< 1 s");
  if (stats->n_new + stats->n_matched + stats->n_skipped + stats->n_errors != N_ROWS)
    {
      g_printerr ("bench: %u new + %u matched + %u skipped + %u errors != %d rows\n",
                  stats->n_new, stats->n_matched, stats->n_skipped, stats->n_errors, N_ROWS);
      exit (1);
    }
}

void
bench_import (BenchContext *ctx)
{
  ImportBench b = { 0 };
  g_autofree char *cmd = NULL;
  BenchResult r;

  b.db_path = g_build_filename (ctx->dir, "import.db", NULL);
  b.csv_path = g_build_filename (ctx->dir, "list.csv", NULL);
  cmd = g_strdup_printf ("cp '%s' '%s'", ctx->db_path, b.db_path);
  if (system (cmd) != 0)
    exit (1);
  /* The backup the import makes first (2 s at this size) is measured on
   * its own by bench-backup; here it would only leave 700 MB behind. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TpDb) db = tp_db_open_existing (b.db_path, &error);

    if (db == NULL || !tp_db_set_setting (db, "backup.before_import", "0", &error))
      exit (1);
  }
  write_csv (b.db_path, b.csv_path);

  r = bench_measure (import_csv, &b);
  bench_report ("import: the same with opening the database", r.seconds, "s", NULL);
  bench_report ("import: peak memory", r.peak_rss_kb / 1024.0, "MiB", NULL);

  g_unlink (b.db_path);
  g_unlink (b.csv_path);
  g_free (b.db_path);
  g_free (b.csv_path);
}
