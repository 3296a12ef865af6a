/* taphuan-ref-object.c: reference data as list items. */
#include "config.h"

#include <string.h>

#include "taphuan-ref-object.h"
#include "tp-refdata.h"
#include "tp-text.h"

struct _TaphuanRefObject
{
  GObject  parent_instance;

  char    *id;
  char    *name;
  char    *fold;
};

/* Folded words that name the kind of an administrative unit. */
static const char *unit_kinds[] = {
  "thanh pho ", "tinh ", "phuong ", "xa ", "dac khu ",
};

G_DEFINE_FINAL_TYPE (TaphuanRefObject, taphuan_ref_object, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_FOLD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
taphuan_ref_object_finalize (GObject *object)
{
  TaphuanRefObject *self = TAPHUAN_REF_OBJECT (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->fold);

  G_OBJECT_CLASS (taphuan_ref_object_parent_class)->finalize (object);
}

static void
taphuan_ref_object_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TaphuanRefObject *self = TAPHUAN_REF_OBJECT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_FOLD:
      g_value_set_string (value, self->fold);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
taphuan_ref_object_class_init (TaphuanRefObjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = taphuan_ref_object_finalize;
  object_class->get_property = taphuan_ref_object_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLD] =
    g_param_spec_string ("fold", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
taphuan_ref_object_init (TaphuanRefObject *self)
{
}

TaphuanRefObject *
taphuan_ref_object_new (const char *id,
                        const char *name)
{
  TaphuanRefObject *self = g_object_new (TAPHUAN_TYPE_REF_OBJECT, NULL);

  self->id = g_strdup (id);
  self->name = g_strdup (name ? name : "");
  self->fold = tp_text_fold (self->name);
  if (self->fold == NULL)
    self->fold = g_strdup ("");
  /* GtkDropDown's search matches the start of the key on GTK 4.8, so the
   * unit's kind goes last: "lai chau tinh", "ba dinh phuong". */
  for (guint i = 0; i < G_N_ELEMENTS (unit_kinds); i++)
    if (g_str_has_prefix (self->fold, unit_kinds[i]) && self->fold[strlen (unit_kinds[i])] != '\0')
      {
        char *key = g_strconcat (self->fold + strlen (unit_kinds[i]), " ",
                                 unit_kinds[i], NULL);
        g_strchomp (key);
        g_free (self->fold);
        self->fold = key;
        break;
      }
  return self;
}

const char *
taphuan_ref_object_get_id (TaphuanRefObject *self)
{
  g_return_val_if_fail (TAPHUAN_IS_REF_OBJECT (self), NULL);
  return self->id;
}

const char *
taphuan_ref_object_get_name (TaphuanRefObject *self)
{
  g_return_val_if_fail (TAPHUAN_IS_REF_OBJECT (self), NULL);
  return self->name;
}

GListStore *
taphuan_ref_store_new (GPtrArray  *ref_items,
                       const char *none_label)
{
  GListStore *store = g_list_store_new (TAPHUAN_TYPE_REF_OBJECT);
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func (g_object_unref);

  if (none_label != NULL)
    g_ptr_array_add (objects, taphuan_ref_object_new (NULL, none_label));
  for (guint i = 0; ref_items != NULL && i < ref_items->len; i++)
    {
      TpRefItem *item = g_ptr_array_index (ref_items, i);
      g_ptr_array_add (objects, taphuan_ref_object_new (item->id, item->name));
    }
  g_list_store_splice (store, 0, 0, objects->pdata, objects->len);
  return store;
}

guint
taphuan_ref_store_find (GListModel *model,
                        const char *id)
{
  guint n = g_list_model_get_n_items (model);

  if (id == NULL)
    return 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TaphuanRefObject) obj = g_list_model_get_item (model, i);
      if (g_strcmp0 (obj->id, id) == 0)
        return i;
    }
  return 0;
}

static void
ref_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), GPOINTER_TO_INT (user_data));
  gtk_list_item_set_child (list_item, label);
}

static void
ref_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  TaphuanRefObject *obj = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);

  gtk_label_set_label (GTK_LABEL (label), obj->name);
  gtk_widget_set_tooltip_text (label, obj->name);
}

void
taphuan_ref_dropdown_setup (GtkDropDown *dropdown,
                            GListModel  *model,
                            gboolean     searchable)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (ref_setup_cb), GINT_TO_POINTER (28));
  g_signal_connect (factory, "bind", G_CALLBACK (ref_bind_cb), NULL);
  gtk_drop_down_set_factory (dropdown, factory);
  gtk_drop_down_set_expression (dropdown,
                                gtk_property_expression_new (TAPHUAN_TYPE_REF_OBJECT, NULL, "fold"));
  gtk_drop_down_set_enable_search (dropdown, searchable);
  gtk_drop_down_set_model (dropdown, model);
}

const char *
taphuan_ref_dropdown_get_id (GtkDropDown *dropdown)
{
  gpointer item = gtk_drop_down_get_selected_item (dropdown);

  if (!TAPHUAN_IS_REF_OBJECT (item))
    return NULL;
  return TAPHUAN_REF_OBJECT (item)->id;
}
