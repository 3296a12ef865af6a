/* taphuan-people-page.c: the People section. */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "taphuan-people-model.h"
#include "taphuan-people-page.h"
#include "taphuan-person-editor.h"
#include "taphuan-person-item.h"
#include "taphuan-person-slot.h"
#include "taphuan-window.h"
#include "tp-format.h"
#include "tp-store.h"
#include "tp-text.h"

struct _TaphuanPeoplePage
{
  AdwBin              parent_instance;

  GtkSearchEntry     *search_entry;
  GtkLabel           *count_label;
  GtkStack           *stack;
  GtkSpinner         *spinner;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *name_column;
  GtkColumnViewColumn *sex_column;
  GtkColumnViewColumn *birth_year_column;
  GtkColumnViewColumn *organization_column;
  GtkColumnViewColumn *position_column;
  GtkColumnViewColumn *phone_column;
  GtkSingleSelection *selection;
  TaphuanPeopleModel *people_model;

  TpDb               *db;
  GCancellable       *cancellable;
  char               *search_fold;
  gint64              filter_usec;
  gboolean            loading;
};

G_DEFINE_FINAL_TYPE (TaphuanPeoplePage, taphuan_people_page, ADW_TYPE_BIN)

/* ---- loading in a worker ----------------------------------------------- */

static void
load_people_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(GPtrArray) people = NULL;
  GPtrArray *items;
  GError *error = NULL;

  /* SQLite connections are not shared across threads: this one is ours. */
  db = tp_db_open_existing (path, &error);
  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  people = tp_store_list_people (db, NULL, 0, &error);
  if (people == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  items = g_ptr_array_new_full (people->len, g_object_unref);
  g_ptr_array_set_free_func (people, NULL);
  for (guint i = 0; i < people->len; i++)
    {
      g_ptr_array_add (items, taphuan_person_item_new (g_ptr_array_index (people, i)));
      if ((i & 0xfff) == 0 && g_cancellable_is_cancelled (cancellable))
        {
          /* The rest of the people are not wrapped yet: free them here. */
          for (guint j = i + 1; j < people->len; j++)
            tp_person_free (g_ptr_array_index (people, j));
          g_ptr_array_unref (items);
          g_task_return_error_if_cancelled (task);
          return;
        }
    }
  g_task_return_pointer (task, items, (GDestroyNotify) g_ptr_array_unref);
}

void
taphuan_load_people_async (const char          *path,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, taphuan_load_people_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, load_people_thread);
}

GPtrArray *
taphuan_load_people_finish (GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- cells ------------------------------------------------------------- */

/* Signal factories, not GtkBuilderListItemFactory: narrowing a search
 * replaces most visible rows at once, and parsing a builder template per
 * new cell cost tens of milliseconds per keystroke. */
static void
label_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

static void
label_update (GtkListItem *list_item)
{
  TaphuanPersonSlot *slot = gtk_list_item_get_item (list_item);
  const char *property = g_object_get_data (G_OBJECT (list_item), "property");
  g_autofree char *text = NULL;

  g_object_get (taphuan_person_slot_get_item (slot), property, &text, NULL);
  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)), text ? text : "");
}

static void
label_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  gulong id;

  g_object_set_data (G_OBJECT (list_item), "property", user_data);
  label_update (list_item);
  /* The slot keeps its row while the person in it changes. */
  id = g_signal_connect_object (gtk_list_item_get_item (list_item), "notify::item",
                                G_CALLBACK (label_update), list_item, G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (list_item), "slot-handler", GSIZE_TO_POINTER (id));
}

static void
label_unbind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "slot-handler"));
  gpointer slot = gtk_list_item_get_item (list_item);

  if (id != 0 && slot != NULL)
    g_signal_handler_disconnect (slot, id);
  g_object_set_data (G_OBJECT (list_item), "slot-handler", NULL);
}

static void
set_label_factory (GtkColumnViewColumn *column,
                   const char          *property)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (label_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (label_bind_cb), (gpointer) property);
  g_signal_connect (factory, "unbind", G_CALLBACK (label_unbind_cb), NULL);
  gtk_column_view_column_set_factory (column, factory);
}

/* ---- filtering --------------------------------------------------------- */

static void
update_count (TaphuanPeoplePage *self)
{
  guint total = taphuan_people_model_get_n_total (self->people_model);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->people_model));
  g_autofree char *text = NULL;

  if (self->loading)
    text = g_strdup ("");
  else if (shown == total)
    {
      g_autofree char *n = tp_format_count_ui (total);

      /* Translators: %s is a number with its thousands separators: "1,024 people" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s person", "%s people", total), n);
    }
  else
    {
      g_autofree char *n = tp_format_count_ui (shown);
      g_autofree char *of = tp_format_count_ui (total);

      /* Translators: "12 of 1,024 people" */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s of %s person", "%s of %s people",
                                           total), n, of);
    }
  gtk_label_set_label (self->count_label, text);

  if (self->loading)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else if (total == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (shown == 0)
    gtk_stack_set_visible_child_name (self->stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
apply_search (TaphuanPeoplePage *self,
              const char        *text)
{
  char *fold = tp_text_fold (text ? text : "");
  gint64 start;

  g_free (self->search_fold);
  self->search_fold = fold ? fold : g_strdup ("");
  start = g_get_monotonic_time ();
  /* Positions now show other people: nothing stays selected. */
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  taphuan_people_model_set_search (self->people_model, self->search_fold);
  self->filter_usec = g_get_monotonic_time () - start;
  g_debug ("People refilter for “%s”: %" G_GINT64_FORMAT " µs", fold, self->filter_usec);
  update_count (self);
}

static void
search_changed_cb (TaphuanPeoplePage *self)
{
  apply_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
people_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = taphuan_load_people_finish (result, &error);
  g_autoptr(TaphuanPeoplePage) self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (items == NULL)
    {
      g_warning ("Could not load the register: %s", error->message);
      update_count (self);
      return;
    }
  taphuan_people_model_set_items (self->people_model, items);
  update_count (self);
}

void
taphuan_people_page_reload (TaphuanPeoplePage *self)
{
  g_return_if_fail (TAPHUAN_IS_PEOPLE_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->db == NULL)
    {
      self->loading = FALSE;
      taphuan_people_model_set_items (self->people_model, NULL);
      update_count (self);
      return;
    }
  self->cancellable = g_cancellable_new ();
  self->loading = TRUE;
  gtk_spinner_set_spinning (self->spinner, TRUE);
  /* Keep showing the old list while the new one loads, if there is one. */
  if (taphuan_people_model_get_n_total (self->people_model) == 0)
    update_count (self);
  /* The callback holds a reference: a cancelled load still calls back. */
  taphuan_load_people_async (tp_db_get_path (self->db), self->cancellable,
                             people_loaded_cb, g_object_ref (self));
}

void
taphuan_people_page_set_db (TaphuanPeoplePage *self,
                            TpDb              *db)
{
  g_return_if_fail (TAPHUAN_IS_PEOPLE_PAGE (self));

  if (!g_set_object (&self->db, db))
    return;
  taphuan_people_model_set_items (self->people_model, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  taphuan_people_page_reload (self);
}

gboolean
taphuan_people_page_is_loading (TaphuanPeoplePage *self)
{
  g_return_val_if_fail (TAPHUAN_IS_PEOPLE_PAGE (self), FALSE);
  return self->loading;
}

void
taphuan_people_page_focus_search (TaphuanPeoplePage *self)
{
  g_return_if_fail (TAPHUAN_IS_PEOPLE_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

const char *
taphuan_people_page_get_selected_id (TaphuanPeoplePage *self)
{
  TaphuanPersonItem *item;

  g_return_val_if_fail (TAPHUAN_IS_PEOPLE_PAGE (self), NULL);

  item = taphuan_people_model_get_person (self->people_model,
                                          gtk_single_selection_get_selected (self->selection));
  return item ? taphuan_person_item_get_id (item) : NULL;
}

GListModel *
taphuan_people_page_get_model (TaphuanPeoplePage *self)
{
  return G_LIST_MODEL (self->people_model);
}

void
taphuan_people_page_set_search (TaphuanPeoplePage *self,
                                const char        *text)
{
  g_return_if_fail (TAPHUAN_IS_PEOPLE_PAGE (self));

  /* Runs the refilter now rather than after the entry's delay. */
  g_signal_handlers_block_by_func (self->search_entry, search_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  g_signal_handlers_unblock_by_func (self->search_entry, search_changed_cb, self);
  apply_search (self, text);
}

gint64
taphuan_people_page_get_filter_usec (TaphuanPeoplePage *self)
{
  return self->filter_usec;
}

static void
row_activated_cb (GtkColumnView     *view,
                  guint              position,
                  TaphuanPeoplePage *self)
{
  TaphuanPersonItem *item = taphuan_people_model_get_person (self->people_model, position);
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), TAPHUAN_TYPE_WINDOW);

  if (item != NULL && window != NULL)
    taphuan_window_show_person (TAPHUAN_WINDOW (window), taphuan_person_item_get_id (item));
}

static void
person_saved_cb (TaphuanPersonEditor *editor,
                 const char          *person_id,
                 TaphuanPeoplePage   *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), TAPHUAN_TYPE_WINDOW);

  if (window == NULL)
    return;
  taphuan_window_data_changed (TAPHUAN_WINDOW (window), TAPHUAN_CHANGED_PEOPLE);
  taphuan_window_show_person (TAPHUAN_WINDOW (window), person_id);
}

static void
new_person_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TaphuanPeoplePage *self = TAPHUAN_PEOPLE_PAGE (widget);
  TaphuanPersonEditor *editor;

  if (self->db == NULL)
    return;
  editor = taphuan_person_editor_new (self->db, NULL, NULL);
  gtk_window_set_transient_for (GTK_WINDOW (editor),
                                GTK_WINDOW (gtk_widget_get_root (widget)));
  g_signal_connect_object (editor, "saved", G_CALLBACK (person_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
taphuan_people_page_dispose (GObject *object)
{
  TaphuanPeoplePage *self = TAPHUAN_PEOPLE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* AdwBin unparents its child in its own dispose: let go of it first,
   * before the template drops the child it also holds. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_PEOPLE_PAGE);
  g_clear_object (&self->db);
  g_clear_pointer (&self->search_fold, g_free);

  G_OBJECT_CLASS (taphuan_people_page_parent_class)->dispose (object);
}

static void
taphuan_people_page_class_init (TaphuanPeoplePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_people_page_dispose;

  g_type_ensure (TAPHUAN_TYPE_PERSON_ITEM);
  g_type_ensure (TAPHUAN_TYPE_PEOPLE_MODEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-people-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TaphuanPeoplePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TaphuanPeoplePage, count_label);
  gtk_widget_class_bind_template_child (widget_class, TaphuanPeoplePage, stack);
  gtk_widget_class_bind_template_child (widget_class, TaphuanPeoplePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, TaphuanPeoplePage, column_view);
  gtk_widget_class_bind_template_child (widget_class, TaphuanPeoplePage, name_column);
  gtk_widget_class_bind_template_child (widget_class, TaphuanPeoplePage, sex_column);
  gtk_widget_class_bind_template_child (widget_class, TaphuanPeoplePage, birth_year_column);
  gtk_widget_class_bind_template_child (widget_class, TaphuanPeoplePage, organization_column);
  gtk_widget_class_bind_template_child (widget_class, TaphuanPeoplePage, position_column);
  gtk_widget_class_bind_template_child (widget_class, TaphuanPeoplePage, phone_column);
  gtk_widget_class_bind_template_child (widget_class, TaphuanPeoplePage, selection);
  gtk_widget_class_bind_template_child (widget_class, TaphuanPeoplePage, people_model);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_install_action (widget_class, "people.new-person", NULL, new_person_action);
}

static void
taphuan_people_page_init (TaphuanPeoplePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->search_fold = g_strdup ("");
  set_label_factory (self->name_column, "name");
  set_label_factory (self->sex_column, "sex");
  set_label_factory (self->birth_year_column, "birth-year");
  set_label_factory (self->organization_column, "organization");
  set_label_factory (self->position_column, "position");
  set_label_factory (self->phone_column, "phone");
  update_count (self);
}
