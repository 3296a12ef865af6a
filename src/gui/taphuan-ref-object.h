/* taphuan-ref-object.h: a reference-data entry (province, commune, ethnic
 * group, course type...) as a list item with a "name" to show and a "fold"
 * that the drop-downs' type-to-search matches, so "lai chau" finds
 * "Lai Châu" and "dak" finds "Đắk Lắk". */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TAPHUAN_TYPE_REF_OBJECT (taphuan_ref_object_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanRefObject, taphuan_ref_object, TAPHUAN, REF_OBJECT, GObject)

TaphuanRefObject *taphuan_ref_object_new      (const char       *id,
                                               const char       *name);
const char       *taphuan_ref_object_get_id   (TaphuanRefObject *self);
const char       *taphuan_ref_object_get_name (TaphuanRefObject *self);

/* "fold" is the search key: the folded name, the kind of unit moved last.
 * A GListStore of TaphuanRefObject from a GPtrArray of TpRefItem; with
 * @none_label, a first entry with a NULL id stands for "none chosen". */
GListStore       *taphuan_ref_store_new       (GPtrArray        *ref_items,
                                               const char       *none_label);
/* Position of @id in @model, or 0 (the "none" entry) when absent. */
guint             taphuan_ref_store_find      (GListModel       *model,
                                               const char       *id);

G_END_DECLS

G_BEGIN_DECLS

/* Sets up @dropdown over @model (TaphuanRefObject items): names shown
 * ellipsized, type-to-search over the fold. */
void              taphuan_ref_dropdown_setup  (GtkDropDown      *dropdown,
                                               GListModel       *model,
                                               gboolean          searchable);
/* The id of the selected item, NULL for none. */
const char       *taphuan_ref_dropdown_get_id (GtkDropDown      *dropdown);

G_END_DECLS
