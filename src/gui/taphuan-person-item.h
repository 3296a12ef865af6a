/* taphuan-person-item.h: one person of the register as a list-model item.
 * Holds the TpPerson and its precomputed search fold, so refiltering the
 * People list is a substring test per row and nothing else. */
#pragma once

#include <glib-object.h>

#include "tp-model.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_PERSON_ITEM (taphuan_person_item_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanPersonItem, taphuan_person_item, TAPHUAN, PERSON_ITEM, GObject)

/* Takes @person. Safe to call from a worker thread. */
TaphuanPersonItem *taphuan_person_item_new          (TpPerson          *person);
const TpPerson    *taphuan_person_item_get_person   (TaphuanPersonItem *self);
const char        *taphuan_person_item_get_id       (TaphuanPersonItem *self);
const char        *taphuan_person_item_get_fold     (TaphuanPersonItem *self);
const char        *taphuan_person_item_get_name     (TaphuanPersonItem *self);
/* "Female · 1985 · Sở Nội vụ": what tells two namesakes apart. */
char              *taphuan_person_item_describe     (TaphuanPersonItem *self);

G_END_DECLS
