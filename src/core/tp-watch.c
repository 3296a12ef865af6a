/* tp-watch.c: PRAGMA data_version, polled. */
#include "config.h"

#include "tp-watch.h"

#define DATA_VERSION_KEY "tp-watch-data-version"

static gint64
data_version (TpDb *db)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, "PRAGMA data_version", NULL);
  gint64 v = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

gboolean
tp_db_changed_elsewhere (TpDb *db)
{
  gint64 *last;
  gint64 now;

  g_return_val_if_fail (TP_IS_DB (db), FALSE);

  now = data_version (db);
  if (now < 0)
    return FALSE;
  last = g_object_get_data (G_OBJECT (db), DATA_VERSION_KEY);
  if (last == NULL)
    {
      last = g_new (gint64, 1);
      *last = now;
      g_object_set_data_full (G_OBJECT (db), DATA_VERSION_KEY, last, g_free);
      return FALSE;
    }
  if (*last == now)
    return FALSE;
  *last = now;
  return TRUE;
}

typedef struct {
  GWeakRef         db;
  TpDbChangedFunc  func;
  gpointer         user_data;
} Watch;

static void
watch_free (gpointer data)
{
  Watch *w = data;

  g_weak_ref_clear (&w->db);
  g_free (w);
}

static gboolean
watch_tick_cb (gpointer data)
{
  Watch *w = data;
  g_autoptr(TpDb) db = g_weak_ref_get (&w->db);

  if (db == NULL)
    return G_SOURCE_REMOVE;
  /* Not in the middle of our own transaction: the answer would wait. */
  if (!tp_db_in_transaction (db) && tp_db_changed_elsewhere (db))
    w->func (db, w->user_data);
  return G_SOURCE_CONTINUE;
}

guint
tp_db_watch_add (TpDb            *db,
                 guint            interval_ms,
                 TpDbChangedFunc  func,
                 gpointer         user_data)
{
  Watch *w = g_new0 (Watch, 1);
  GSource *source;
  guint id;

  g_return_val_if_fail (TP_IS_DB (db), 0);

  g_weak_ref_init (&w->db, db);
  w->func = func;
  w->user_data = user_data;
  tp_db_changed_elsewhere (db);

  source = g_timeout_source_new (interval_ms);
  g_source_set_callback (source, watch_tick_cb, w, watch_free);
  g_source_set_name (source, "[taphuan] database watch");
  id = g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);
  return id;
}
