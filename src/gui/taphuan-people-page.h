/* taphuan-people-page.h: the whole register, in Vietnamese name order,
 * searched as the user types. The list loads once in a worker thread with
 * its own database connection; each keystroke then only refilters the
 * loaded items on their precomputed folds. */
#pragma once

#include <adwaita.h>

#include "tp-db.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_PEOPLE_PAGE (taphuan_people_page_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanPeoplePage, taphuan_people_page, TAPHUAN, PEOPLE_PAGE, AdwBin)

void        taphuan_people_page_set_db           (TaphuanPeoplePage *self,
                                                  TpDb              *db);
/* Loads the register again in the background. */
void        taphuan_people_page_reload           (TaphuanPeoplePage *self);
gboolean    taphuan_people_page_is_loading       (TaphuanPeoplePage *self);
void        taphuan_people_page_focus_search     (TaphuanPeoplePage *self);
const char *taphuan_people_page_get_selected_id  (TaphuanPeoplePage *self);

/* For tests and benchmarks. */
GListModel *taphuan_people_page_get_model        (TaphuanPeoplePage *self);
void        taphuan_people_page_set_search       (TaphuanPeoplePage *self,
                                                  const char        *text);
/* Microseconds the last refilter took. */
gint64      taphuan_people_page_get_filter_usec  (TaphuanPeoplePage *self);

/* Shared with the enrol dialog: loads every person of the database at
 * @path as TaphuanPersonItem in a worker thread with its own connection.
 * Finish returns a GPtrArray of items (transfer full). */
void        taphuan_load_people_async            (const char          *path,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
GPtrArray  *taphuan_load_people_finish           (GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
