/* taphuan-snapshot.h: the rows a delete is about to remove, kept in memory
 * so Undo can put them back exactly (same ids, same timestamps). The core
 * has no "restore" call, so this copies rows with plain SQL; the change-log
 * triggers record the re-inserts like any other write. */
#pragma once

#include "tp-db.h"

G_BEGIN_DECLS

typedef struct _TaphuanSnapshot TaphuanSnapshot;

TaphuanSnapshot *taphuan_snapshot_new     (void);
void             taphuan_snapshot_free    (TaphuanSnapshot *self);
/* Copies the rows of @table matching `WHERE @where` (one text parameter
 * ?1 = @param). Restoring inserts tables in the order they were added, so
 * add parents first. */
gboolean         taphuan_snapshot_add     (TaphuanSnapshot *self,
                                           TpDb            *db,
                                           const char      *table,
                                           const char      *where,
                                           const char      *param,
                                           GError         **error);
guint            taphuan_snapshot_n_rows  (TaphuanSnapshot *self);
/* Re-inserts every row in one transaction. */
gboolean         taphuan_snapshot_restore (TaphuanSnapshot *self,
                                           TpDb            *db,
                                           GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TaphuanSnapshot, taphuan_snapshot_free)

G_END_DECLS
