/* taphuan-person-slot.h: one position of the searchable People list. The
 * slot stays while the person shown in it changes with the search, so GTK
 * 4.8 keeps the row's widgets and only rebinds their text (see
 * taphuan-people-model.h). */
#pragma once

#include "taphuan-person-item.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_PERSON_SLOT (taphuan_person_slot_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanPersonSlot, taphuan_person_slot, TAPHUAN, PERSON_SLOT, GObject)

TaphuanPersonSlot *taphuan_person_slot_new      (guint              position,
                                                 TaphuanPersonItem *item);
guint              taphuan_person_slot_get_position (TaphuanPersonSlot *self);
/* The person shown; "notify::item" when it changes. */
TaphuanPersonItem *taphuan_person_slot_get_item (TaphuanPersonSlot *self);
void               taphuan_person_slot_set_item (TaphuanPersonSlot *self,
                                                 TaphuanPersonItem *item);

G_END_DECLS
