/* taphuan-person-page.h: one person: details, every course attended with
 * attendance and test marks, and the certificates issued. */
#pragma once

#include <adwaita.h>

#include "tp-db.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_PERSON_PAGE (taphuan_person_page_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanPersonPage, taphuan_person_page, TAPHUAN, PERSON_PAGE, AdwBin)

void        taphuan_person_page_set_person    (TaphuanPersonPage *self,
                                               TpDb              *db,
                                               const char        *person_id);
const char *taphuan_person_page_get_person_id (TaphuanPersonPage *self);
/* FALSE when the person no longer exists. */
gboolean    taphuan_person_page_reload        (TaphuanPersonPage *self);
guint       taphuan_person_page_get_n_courses (TaphuanPersonPage *self);

G_END_DECLS
