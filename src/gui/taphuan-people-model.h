/* taphuan-people-model.h: the register as a searchable GListModel.
 *
 * Why not GtkFilterListModel over a GListStore: with 100,000 people it
 * took up to 106 ms per keystroke on the development machine (measured by
 * taphuan-bench-gui). Two costs: the filter model's bookkeeping, and, on
 * GTK 4.8, new row widgets for every row whose item changed. This model
 * keeps the people in one array and scans their precomputed folds
 * (narrowing from the last matches when the search only grew). Its items
 * are TaphuanPersonSlot objects, one per position, that stay while the
 * person in them changes: a refilter updates the slots alive in the view
 * and reports only the change in length at the end of the list, so the
 * rows keep their widgets and just show other text. */
#pragma once

#include <gio/gio.h>

#include "taphuan-person-item.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_PEOPLE_MODEL (taphuan_people_model_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanPeopleModel, taphuan_people_model, TAPHUAN, PEOPLE_MODEL, GObject)

TaphuanPeopleModel *taphuan_people_model_new          (void);
/* @items: TaphuanPersonItem*, in display order; the model takes a ref. */
void                taphuan_people_model_set_items    (TaphuanPeopleModel *self,
                                                       GPtrArray          *items);
/* Person ids to leave out (people already in a course); NULL for none. */
void                taphuan_people_model_set_excluded (TaphuanPeopleModel *self,
                                                       GHashTable         *person_ids);
/* @fold: an already folded search (tp_text_fold); "" or NULL shows all. */
void                taphuan_people_model_set_search   (TaphuanPeopleModel *self,
                                                       const char         *fold);
guint               taphuan_people_model_get_n_total  (TaphuanPeopleModel *self);
/* The person at @position (transfer none), NULL when out of range. */
TaphuanPersonItem  *taphuan_people_model_get_person   (TaphuanPeopleModel *self,
                                                       guint               position);

G_END_DECLS
