/* taphuan-trainers-page.h: people with a trainer profile or who trained a
 * course, with their topics and the courses they taught. */
#pragma once

#include <adwaita.h>

#include "tp-db.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_TRAINERS_PAGE (taphuan_trainers_page_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanTrainersPage, taphuan_trainers_page, TAPHUAN, TRAINERS_PAGE, AdwBin)

void  taphuan_trainers_page_set_db         (TaphuanTrainersPage *self,
                                            TpDb                *db);
void  taphuan_trainers_page_reload         (TaphuanTrainersPage *self);
guint taphuan_trainers_page_get_n_trainers (TaphuanTrainersPage *self);

G_END_DECLS
