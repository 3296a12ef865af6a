/* tp-store-private.h: statement helpers shared inside the core. */
#pragma once

#include <sqlite3.h>

#include "tp-db.h"

G_BEGIN_DECLS

/* Binds NULL for NULL or "" */
void        tp_sql_bind_text   (sqlite3_stmt *stmt, int col, const char *value);
/* NULL for a NULL column */
char       *tp_sql_dup_text    (sqlite3_stmt *stmt, int col);
/* Steps a statement that returns no rows, finalizes it, sets @error. */
gboolean    tp_sql_run         (TpDb *db, sqlite3_stmt *stmt, GError **error);

/* Steps a cached statement that returns no rows, resets it, sets @error. */
gboolean    tp_sql_run_cached  (TpDb *db, sqlite3_stmt *stmt, GError **error);

G_END_DECLS
