/* fuzz-bundle.c: libFuzzer target for the exchange bundle parser: any bytes
 * are imported (as a dry run) into one database opened once; a rejected
 * file must leave the database as it was. */
#include "config.h"

#include <glib/gstdio.h>

#include "tp-bundle.h"
#include "tp-store.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static TpDb *db;

static void
open_db (void)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp ("taphuan-fuzz-XXXXXX", &error);
  char *path;

  g_assert (dir != NULL);
  path = g_build_filename (dir, "fuzz.db", NULL);
  db = tp_db_open (path, &error);
  g_assert (db != NULL);
  g_free (path);
  g_free (dir);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  GError *error = NULL;
  TpBundleStats *stats = tp_bundle_stats_new ();
  guint before;

  if (db == NULL)
    open_db ();
  before = tp_store_count_people (db);
  if (!tp_bundle_import_data (db, (const char *) data, size, "fuzz.json", TRUE, stats, &error))
    {
      g_assert (error != NULL);
      g_error_free (error);
    }
  g_assert (tp_store_count_people (db) == before);
  g_assert (!tp_db_in_transaction (db));
  tp_bundle_stats_free (stats);
  return 0;
}
