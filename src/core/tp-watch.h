/* tp-watch.h: noticing writes made by other connections.
 *
 * The GUI and taphuan-cli (or two windows) may write to the same file at
 * once; SQLite's locking keeps the data whole, and PRAGMA data_version tells
 * a connection that someone else committed, so views can refresh.
 */
#pragma once

#include "tp-db.h"

G_BEGIN_DECLS

/* TRUE when another connection (another process or another TpDb) has
 * committed since the previous call on @db; the first call sets the
 * baseline and returns FALSE. Writes through @db itself never count. */
gboolean  tp_db_changed_elsewhere (TpDb *db);

typedef void (*TpDbChangedFunc) (TpDb     *db,
                                 gpointer  user_data);

/* Polls tp_db_changed_elsewhere() every @interval_ms on the thread-default
 * main context and calls @func when it is TRUE. Returns the GSource id
 * (g_source_remove() it, or it goes when @db is finalized). */
guint     tp_db_watch_add         (TpDb            *db,
                                   guint            interval_ms,
                                   TpDbChangedFunc  func,
                                   gpointer         user_data);

G_END_DECLS
