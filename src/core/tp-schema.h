/* tp-schema.h: the database schema and its migrations (private to the core). */
#pragma once

#include <sqlite3.h>

#include "tp-db.h"

G_BEGIN_DECLS

/* Brings the schema from @from_version to TP_DB_SCHEMA_VERSION inside the
 * caller's transaction and sets PRAGMA user_version. */
gboolean tp_schema_migrate (TpDb     *db,
                            int       from_version,
                            GError  **error);

/* TRUE for the pre-release "v0" layout (a single table taphuan_v0_people
 * kept by the prototype spreadsheet tool), which v1 migrates from. */
gboolean tp_schema_is_v0   (sqlite3  *handle);

G_END_DECLS
