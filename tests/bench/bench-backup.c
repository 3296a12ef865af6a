/* bench-backup.c: backup, full integrity check, inspecting a backup and a
 * person's history on the province-scale database. */
#include "config.h"

#include <stdlib.h>

#include "bench.h"
#include "tp-backup.h"
#include "tp-history.h"
#include "tp-store.h"

static void
backup_db (gpointer data)
{
  BenchContext *ctx = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = tp_db_open_existing (ctx->db_path, &error);
  g_autofree char *made = NULL;

  if (db != NULL)
    made = tp_backup_make (db, "manual", &error);
  if (made == NULL)
    {
      g_printerr ("bench: backup failed: %s\n", error->message);
      exit (1);
    }
}

static void
integrity_check (gpointer data)
{
  BenchContext *ctx = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = tp_db_open_existing (ctx->db_path, &error);

  if (db == NULL || !tp_backup_integrity_check (db, &error))
    {
      g_printerr ("bench: integrity check failed: %s\n", error->message);
      exit (1);
    }
}

static void
inspect_backup (gpointer data)
{
  BenchContext *ctx = data;
  g_autoptr(GPtrArray) list = tp_backup_list (ctx->db_path);
  g_autoptr(TpBackupContents) c = NULL;

  if (list->len == 0)
    exit (1);
  c = tp_backup_inspect (((TpBackupInfo *) g_ptr_array_index (list, 0))->path, FALSE);
  if (!c->readable)
    exit (1);
}

void
bench_backup (BenchContext *ctx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *label = NULL;
  BenchResult r;
  gint64 start;

  label = g_strdup_printf ("backup (SQLite online backup) of %u people", ctx->n_people);
  r = bench_measure (backup_db, ctx);
  bench_report (label, r.seconds, "s", "< 10 s");
  bench_report ("backup: peak memory", r.peak_rss_kb / 1024.0, "MB", "< 100 MB");

  g_free (label);
  label = g_strdup_printf ("full integrity check of %u people", ctx->n_people);
  r = bench_measure (integrity_check, ctx);
  bench_report (label, r.seconds, "s", "< 30 s");

  r = bench_measure (inspect_backup, ctx);
  bench_report ("inspect a backup (copy, open, count)", r.seconds, "s", "< 10 s");

  db = tp_db_open_existing (ctx->db_path, &error);
  if (db == NULL)
    return;
  people = tp_store_list_people (db, NULL, 1, &error);
  if (people == NULL || people->len == 0)
    return;
  start = g_get_monotonic_time ();
  history = tp_history_for_person (db, ((TpPerson *) g_ptr_array_index (people, 0))->id, &error);
  bench_report ("history of one person (change log scan)",
                (g_get_monotonic_time () - start) / 1e3, "ms", "< 2000 ms");
}
