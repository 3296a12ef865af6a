/* taphuan-person-slot.c: a stable list position showing some person. */
#include "config.h"

#include "taphuan-person-slot.h"

struct _TaphuanPersonSlot
{
  GObject            parent_instance;

  guint              position;
  TaphuanPersonItem *item;
};

G_DEFINE_FINAL_TYPE (TaphuanPersonSlot, taphuan_person_slot, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
taphuan_person_slot_finalize (GObject *object)
{
  TaphuanPersonSlot *self = TAPHUAN_PERSON_SLOT (object);

  g_clear_object (&self->item);

  G_OBJECT_CLASS (taphuan_person_slot_parent_class)->finalize (object);
}

static void
taphuan_person_slot_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TaphuanPersonSlot *self = TAPHUAN_PERSON_SLOT (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
taphuan_person_slot_class_init (TaphuanPersonSlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = taphuan_person_slot_finalize;
  object_class->get_property = taphuan_person_slot_get_property;

  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, TAPHUAN_TYPE_PERSON_ITEM,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
taphuan_person_slot_init (TaphuanPersonSlot *self)
{
}

TaphuanPersonSlot *
taphuan_person_slot_new (guint              position,
                         TaphuanPersonItem *item)
{
  TaphuanPersonSlot *self = g_object_new (TAPHUAN_TYPE_PERSON_SLOT, NULL);

  self->position = position;
  self->item = g_object_ref (item);
  return self;
}

guint
taphuan_person_slot_get_position (TaphuanPersonSlot *self)
{
  g_return_val_if_fail (TAPHUAN_IS_PERSON_SLOT (self), 0);
  return self->position;
}

TaphuanPersonItem *
taphuan_person_slot_get_item (TaphuanPersonSlot *self)
{
  g_return_val_if_fail (TAPHUAN_IS_PERSON_SLOT (self), NULL);
  return self->item;
}

void
taphuan_person_slot_set_item (TaphuanPersonSlot *self,
                              TaphuanPersonItem *item)
{
  g_return_if_fail (TAPHUAN_IS_PERSON_SLOT (self));

  if (g_set_object (&self->item, item))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}
