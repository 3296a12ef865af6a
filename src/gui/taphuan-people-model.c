/* taphuan-people-model.c: the searchable register. */
#include "config.h"

#include <string.h>

#include "taphuan-people-model.h"
#include "taphuan-person-item.h"
#include "taphuan-person-slot.h"

struct _TaphuanPeopleModel
{
  GObject     parent_instance;

  GPtrArray  *items;     /* all people, TaphuanPersonItem* */
  GArray     *matches;   /* guint indices into items */
  GHashTable *excluded;  /* person id → present, or NULL */
  char       *search;
  GHashTable *slots;     /* position → TaphuanPersonSlot*, weak: the view holds them */
};

static GType
taphuan_people_model_get_item_type (GListModel *model)
{
  return TAPHUAN_TYPE_PERSON_SLOT;
}

static TaphuanPersonItem *
person_at (TaphuanPeopleModel *self,
           guint               position)
{
  return g_ptr_array_index (self->items, g_array_index (self->matches, guint, position));
}

static void
slot_gone_cb (gpointer  data,
              GObject  *where_the_object_was)
{
  TaphuanPeopleModel *self = data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == (gpointer) where_the_object_was)
      {
        g_hash_table_iter_remove (&iter);
        return;
      }
}

static guint
taphuan_people_model_get_n_items (GListModel *model)
{
  return TAPHUAN_PEOPLE_MODEL (model)->matches->len;
}

static gpointer
taphuan_people_model_get_item (GListModel *model,
                               guint       position)
{
  TaphuanPeopleModel *self = TAPHUAN_PEOPLE_MODEL (model);

  TaphuanPersonSlot *slot;

  if (position >= self->matches->len)
    return NULL;
  slot = g_hash_table_lookup (self->slots, GUINT_TO_POINTER (position));
  if (slot != NULL)
    return g_object_ref (slot);
  slot = taphuan_person_slot_new (position, person_at (self, position));
  g_object_weak_ref (G_OBJECT (slot), slot_gone_cb, self);
  g_hash_table_insert (self->slots, GUINT_TO_POINTER (position), slot);
  return slot;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = taphuan_people_model_get_item_type;
  iface->get_n_items = taphuan_people_model_get_n_items;
  iface->get_item = taphuan_people_model_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (TaphuanPeopleModel, taphuan_people_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static gboolean
matches (TaphuanPeopleModel *self,
         TaphuanPersonItem  *item)
{
  if (self->excluded != NULL
      && g_hash_table_contains (self->excluded, taphuan_person_item_get_id (item)))
    return FALSE;
  return self->search[0] == '\0' || strstr (taphuan_person_item_get_fold (item), self->search) != NULL;
}

/* Shows the new matches in the slots the view holds, then reports the
 * change in length at the end. */
static void
update_slots (TaphuanPeopleModel *self,
              guint               old_n)
{
  guint new_n = self->matches->len;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint position = GPOINTER_TO_UINT (key);

      if (position < new_n)
        taphuan_person_slot_set_item (value, person_at (self, position));
      else
        {
          /* Leaving the list: the view lets go of it after items-changed. */
          g_object_weak_unref (value, slot_gone_cb, self);
          g_hash_table_iter_remove (&iter);
        }
    }
  if (new_n < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);
  else if (new_n > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
}

/* Recomputes the matches; when @narrowing, only the current ones can
 * still match. */
static void
refilter (TaphuanPeopleModel *self,
          gboolean            narrowing)
{
  guint old_n = self->matches->len;
  GArray *result;

  if (narrowing)
    {
      guint kept = 0;

      for (guint i = 0; i < self->matches->len; i++)
        {
          guint index = g_array_index (self->matches, guint, i);
          if (matches (self, g_ptr_array_index (self->items, index)))
            g_array_index (self->matches, guint, kept++) = index;
        }
      g_array_set_size (self->matches, kept);
    }
  else
    {
      result = g_array_sized_new (FALSE, FALSE, sizeof (guint), self->items->len);
      for (guint i = 0; i < self->items->len; i++)
        if (matches (self, g_ptr_array_index (self->items, i)))
          g_array_append_val (result, i);
      g_array_unref (self->matches);
      self->matches = result;
    }
  update_slots (self, old_n);
}

void
taphuan_people_model_set_items (TaphuanPeopleModel *self,
                                GPtrArray          *items)
{
  g_return_if_fail (TAPHUAN_IS_PEOPLE_MODEL (self));

  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; items != NULL && i < items->len; i++)
    g_ptr_array_add (self->items, g_object_ref (g_ptr_array_index (items, i)));
  refilter (self, FALSE);
}

void
taphuan_people_model_set_excluded (TaphuanPeopleModel *self,
                                   GHashTable         *person_ids)
{
  g_return_if_fail (TAPHUAN_IS_PEOPLE_MODEL (self));

  g_clear_pointer (&self->excluded, g_hash_table_unref);
  if (person_ids != NULL)
    self->excluded = g_hash_table_ref (person_ids);
  refilter (self, FALSE);
}

void
taphuan_people_model_set_search (TaphuanPeopleModel *self,
                                 const char         *fold)
{
  g_autofree char *old = NULL;

  g_return_if_fail (TAPHUAN_IS_PEOPLE_MODEL (self));

  if (fold == NULL)
    fold = "";
  if (g_strcmp0 (fold, self->search) == 0)
    return;
  old = g_steal_pointer (&self->search);
  self->search = g_strdup (fold);
  refilter (self, old[0] != '\0' && strstr (fold, old) != NULL);
}

TaphuanPersonItem *
taphuan_people_model_get_person (TaphuanPeopleModel *self,
                                 guint               position)
{
  g_return_val_if_fail (TAPHUAN_IS_PEOPLE_MODEL (self), NULL);

  if (position >= self->matches->len)
    return NULL;
  return person_at (self, position);
}

guint
taphuan_people_model_get_n_total (TaphuanPeopleModel *self)
{
  g_return_val_if_fail (TAPHUAN_IS_PEOPLE_MODEL (self), 0);
  return self->items->len;
}

static void
taphuan_people_model_finalize (GObject *object)
{
  TaphuanPeopleModel *self = TAPHUAN_PEOPLE_MODEL (object);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->slots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (value, slot_gone_cb, self);
  g_hash_table_unref (self->slots);
  g_ptr_array_unref (self->items);
  g_array_unref (self->matches);
  g_clear_pointer (&self->excluded, g_hash_table_unref);
  g_free (self->search);

  G_OBJECT_CLASS (taphuan_people_model_parent_class)->finalize (object);
}

static void
taphuan_people_model_class_init (TaphuanPeopleModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = taphuan_people_model_finalize;
}

static void
taphuan_people_model_init (TaphuanPeopleModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->matches = g_array_new (FALSE, FALSE, sizeof (guint));
  self->search = g_strdup ("");
  self->slots = g_hash_table_new (NULL, NULL);
}

TaphuanPeopleModel *
taphuan_people_model_new (void)
{
  return g_object_new (TAPHUAN_TYPE_PEOPLE_MODEL, NULL);
}
