/* taphuan-person-item.c: a TpPerson wrapped for GListModel. */
#include "config.h"

#include <glib/gi18n.h>

#include "taphuan-person-item.h"
#include "tp-text.h"

struct _TaphuanPersonItem
{
  GObject   parent_instance;

  TpPerson *person;
  char     *fold;
  char     *birth_year_text;
};

G_DEFINE_FINAL_TYPE (TaphuanPersonItem, taphuan_person_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_NAME,
  PROP_SEX,
  PROP_BIRTH_YEAR,
  PROP_ORGANIZATION,
  PROP_POSITION,
  PROP_PHONE,
  PROP_DETAILS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
taphuan_person_item_finalize (GObject *object)
{
  TaphuanPersonItem *self = TAPHUAN_PERSON_ITEM (object);

  g_clear_pointer (&self->person, tp_person_free);
  g_clear_pointer (&self->fold, g_free);
  g_clear_pointer (&self->birth_year_text, g_free);

  G_OBJECT_CLASS (taphuan_person_item_parent_class)->finalize (object);
}

static void
taphuan_person_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TaphuanPersonItem *self = TAPHUAN_PERSON_ITEM (object);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, self->person->full_name);
      break;
    case PROP_SEX:
      g_value_set_string (value, self->person->sex == TP_SEX_UNKNOWN
                                 ? "" : tp_sex_label (self->person->sex));
      break;
    case PROP_BIRTH_YEAR:
      g_value_set_string (value, self->birth_year_text);
      break;
    case PROP_ORGANIZATION:
      g_value_set_string (value, self->person->organization);
      break;
    case PROP_POSITION:
      g_value_set_string (value, self->person->position);
      break;
    case PROP_PHONE:
      g_value_set_string (value, self->person->phone);
      break;
    case PROP_DETAILS:
      g_value_take_string (value, taphuan_person_item_describe (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
taphuan_person_item_class_init (TaphuanPersonItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = taphuan_person_item_finalize;
  object_class->get_property = taphuan_person_item_get_property;

  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEX] =
    g_param_spec_string ("sex", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BIRTH_YEAR] =
    g_param_spec_string ("birth-year", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORGANIZATION] =
    g_param_spec_string ("organization", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSITION] =
    g_param_spec_string ("position", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAILS] =
    g_param_spec_string ("details", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
taphuan_person_item_init (TaphuanPersonItem *self)
{
}

TaphuanPersonItem *
taphuan_person_item_new (TpPerson *person)
{
  TaphuanPersonItem *self;
  g_autoptr(GString) haystack = NULL;

  g_return_val_if_fail (person != NULL, NULL);

  haystack = g_string_new (NULL);

  self = g_object_new (TAPHUAN_TYPE_PERSON_ITEM, NULL);
  self->person = person;

  /* The same fields tp_store_list_people searches: name, organisation,
   * phone, e-mail, id number. '\n' keeps a match from spanning two. */
  g_string_append (haystack, person->full_name ? person->full_name : "");
  const char *extra[] = { person->organization, person->phone, person->email,
                          person->national_id };
  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    if (extra[i] != NULL)
      {
        g_string_append_c (haystack, '\n');
        g_string_append (haystack, extra[i]);
      }
  self->fold = tp_text_fold (haystack->str);
  if (self->fold == NULL)
    self->fold = g_strdup ("");
  self->birth_year_text = person->birth_year > 0 ? g_strdup_printf ("%d", person->birth_year)
                                                 : g_strdup ("");
  return self;
}

const TpPerson *
taphuan_person_item_get_person (TaphuanPersonItem *self)
{
  g_return_val_if_fail (TAPHUAN_IS_PERSON_ITEM (self), NULL);
  return self->person;
}

const char *
taphuan_person_item_get_id (TaphuanPersonItem *self)
{
  g_return_val_if_fail (TAPHUAN_IS_PERSON_ITEM (self), NULL);
  return self->person->id;
}

const char *
taphuan_person_item_get_fold (TaphuanPersonItem *self)
{
  g_return_val_if_fail (TAPHUAN_IS_PERSON_ITEM (self), NULL);
  return self->fold;
}

const char *
taphuan_person_item_get_name (TaphuanPersonItem *self)
{
  g_return_val_if_fail (TAPHUAN_IS_PERSON_ITEM (self), NULL);
  return self->person->full_name;
}

char *
taphuan_person_item_describe (TaphuanPersonItem *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  g_return_val_if_fail (TAPHUAN_IS_PERSON_ITEM (self), NULL);

  if (self->person->sex != TP_SEX_UNKNOWN)
    g_ptr_array_add (parts, (gpointer) tp_sex_label (self->person->sex));
  if (self->person->birth_year > 0)
    g_ptr_array_add (parts, self->birth_year_text);
  if (self->person->organization != NULL && self->person->organization[0] != '\0')
    g_ptr_array_add (parts, self->person->organization);
  g_ptr_array_add (parts, NULL);
  /* Translators: separates the facts about a person: "Female · 1985 · Sở Nội vụ" */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}
