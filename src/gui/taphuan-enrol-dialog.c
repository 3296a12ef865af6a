/* taphuan-enrol-dialog.c: pick people from the register. */
#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "taphuan-enrol-dialog.h"
#include "taphuan-people-model.h"
#include "taphuan-people-page.h"
#include "taphuan-person-editor.h"
#include "taphuan-person-item.h"
#include "taphuan-person-slot.h"
#include "tp-store.h"
#include "tp-text.h"

struct _TaphuanEnrolDialog
{
  AdwWindow           parent_instance;

  GtkButton          *add_button;
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkSpinner         *spinner;
  GtkListView        *list_view;
  GtkMultiSelection  *selection;
  TaphuanPeopleModel *people_model;
  AdwStatusPage      *no_results_page;

  TpDb               *db;
  char               *course_id;
  gboolean            trainer_mode;
  gboolean            loading;
  GHashTable         *excluded;      /* person ids already in the course */
  char               *search_fold;
  GCancellable       *cancellable;
  GtkWindow          *person_editor; /* weak */
};

G_DEFINE_FINAL_TYPE (TaphuanEnrolDialog, taphuan_enrol_dialog, ADW_TYPE_WINDOW)

enum {
  PEOPLE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A signal factory: rows are replaced wholesale as the user types. */
static void
row_setup_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), details);
  gtk_list_item_set_child (list_item, box);
}

static void
row_update (GtkListItem *list_item)
{
  TaphuanPersonItem *item = taphuan_person_slot_get_item (gtk_list_item_get_item (list_item));
  GtkWidget *name = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  g_autofree char *details = taphuan_person_item_describe (item);

  gtk_label_set_label (GTK_LABEL (name), taphuan_person_item_get_name (item));
  gtk_label_set_label (GTK_LABEL (gtk_widget_get_next_sibling (name)), details);
}

static void
row_bind_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  gulong id;

  row_update (list_item);
  id = g_signal_connect_object (gtk_list_item_get_item (list_item), "notify::item",
                                G_CALLBACK (row_update), list_item, G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (list_item), "slot-handler", GSIZE_TO_POINTER (id));
}

static void
row_unbind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (list_item), "slot-handler"));
  gpointer slot = gtk_list_item_get_item (list_item);

  if (id != 0 && slot != NULL)
    g_signal_handler_disconnect (slot, id);
  g_object_set_data (G_OBJECT (list_item), "slot-handler", NULL);
}

static guint
count_selected (TaphuanEnrolDialog *self)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  return (guint) gtk_bitset_get_size (set);
}

static void
update (TaphuanEnrolDialog *self)
{
  guint n = count_selected (self);
  g_autofree char *label = NULL;

  if (self->trainer_mode)
    label = g_strdup (n > 1 ? _("_Add Trainers") : _("_Add Trainer"));
  else if (n == 0)
    label = g_strdup (_("_Enrol"));
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Enrol %u Person",
                                          "_Enrol %u People", n), n);
  gtk_button_set_label (self->add_button, label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "enrol.add", n > 0);

  if (self->loading)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->people_model)) == 0)
    gtk_stack_set_visible_child_name (self->stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
selection_changed_cb (TaphuanEnrolDialog *self)
{
  update (self);
}

static void
apply_search (TaphuanEnrolDialog *self,
              const char         *text)
{
  char *fold = tp_text_fold (text ? text : "");

  g_free (self->search_fold);
  self->search_fold = fold ? fold : g_strdup ("");
  /* Positions now show other people: start the choice again. */
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  taphuan_people_model_set_search (self->people_model, self->search_fold);
  update (self);
}

static void
search_changed_cb (TaphuanEnrolDialog *self)
{
  apply_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
search_activate_cb (TaphuanEnrolDialog *self)
{
  /* Enter picks the only match, a common case when typing a full name. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->people_model)) == 1)
    {
      gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), 0, FALSE);
      gtk_widget_activate_action (GTK_WIDGET (self), "enrol.add", NULL);
    }
}

static void
choose (TaphuanEnrolDialog *self,
        const char         *extra_id)
{
  g_autoptr(GtkBitset) set = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  GtkBitsetIter iter;
  guint pos;

  if (gtk_bitset_iter_init_first (&iter, set, &pos))
    do
      {
        TaphuanPersonItem *item = taphuan_people_model_get_person (self->people_model, pos);
        g_strv_builder_add (builder, taphuan_person_item_get_id (item));
      }
    while (gtk_bitset_iter_next (&iter, &pos));
  if (extra_id != NULL)
    g_strv_builder_add (builder, extra_id);
  ids = g_strv_builder_end (builder);
  g_object_ref (self);
  g_signal_emit (self, signals[PEOPLE_CHOSEN], 0, ids);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  TaphuanEnrolDialog *self = TAPHUAN_ENROL_DIALOG (widget);

  if (count_selected (self) > 0)
    choose (self, NULL);
}

static void
person_saved_cb (TaphuanPersonEditor *editor,
                 const char          *person_id,
                 TaphuanEnrolDialog  *self)
{
  choose (self, person_id);
}

static void
new_person_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  TaphuanEnrolDialog *self = TAPHUAN_ENROL_DIALOG (widget);
  TaphuanPersonEditor *editor;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  editor = taphuan_person_editor_new (self->db, NULL, text[0] ? text : NULL);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  g_signal_connect_object (editor, "saved", G_CALLBACK (person_saved_cb), self, 0);
  g_set_weak_pointer (&self->person_editor, GTK_WINDOW (editor));
  gtk_window_present (GTK_WINDOW (editor));
}

static void
people_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = taphuan_load_people_finish (result, &error);
  g_autoptr(TaphuanEnrolDialog) self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  gtk_spinner_set_spinning (self->spinner, FALSE);
  if (items != NULL)
    taphuan_people_model_set_items (self->people_model, items);
  else
    g_warning ("Could not load the register: %s", error->message);
  update (self);
}

static void
taphuan_enrol_dialog_dispose (GObject *object)
{
  TaphuanEnrolDialog *self = TAPHUAN_ENROL_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->person_editor != NULL)
    gtk_window_destroy (self->person_editor);
  g_clear_weak_pointer (&self->person_editor);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_ENROL_DIALOG);
  g_clear_object (&self->db);
  g_clear_pointer (&self->course_id, g_free);
  g_clear_pointer (&self->excluded, g_hash_table_unref);
  g_clear_pointer (&self->search_fold, g_free);

  G_OBJECT_CLASS (taphuan_enrol_dialog_parent_class)->dispose (object);
}

static void
taphuan_enrol_dialog_class_init (TaphuanEnrolDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_enrol_dialog_dispose;

  signals[PEOPLE_CHOSEN] = g_signal_new ("people-chosen", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRV);

  g_type_ensure (TAPHUAN_TYPE_PERSON_ITEM);
  g_type_ensure (TAPHUAN_TYPE_PEOPLE_MODEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-enrol-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TaphuanEnrolDialog, name)
  BIND (add_button);
  BIND (search_entry);
  BIND (stack);
  BIND (spinner);
  BIND (list_view);
  BIND (selection);
  BIND (people_model);
  BIND (no_results_page);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_install_action (widget_class, "enrol.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "enrol.new-person", NULL, new_person_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
taphuan_enrol_dialog_init (TaphuanEnrolDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->search_fold = g_strdup ("");
  self->excluded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  {
    g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

    g_signal_connect (factory, "setup", G_CALLBACK (row_setup_cb), NULL);
    g_signal_connect (factory, "bind", G_CALLBACK (row_bind_cb), NULL);
    g_signal_connect (factory, "unbind", G_CALLBACK (row_unbind_cb), NULL);
    gtk_list_view_set_factory (self->list_view, factory);
  }
}

TaphuanEnrolDialog *
taphuan_enrol_dialog_new (TpDb       *db,
                          const char *course_id,
                          gboolean    trainer_mode)
{
  TaphuanEnrolDialog *self;
  g_autoptr(GPtrArray) already = NULL;

  g_return_val_if_fail (TP_IS_DB (db), NULL);

  self = g_object_new (TAPHUAN_TYPE_ENROL_DIALOG, NULL);
  self->db = g_object_ref (db);
  self->course_id = g_strdup (course_id);
  self->trainer_mode = trainer_mode;
  if (trainer_mode)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Add Trainers"));
      already = tp_store_list_course_trainers (db, course_id, NULL);
      for (guint i = 0; already && i < already->len; i++)
        g_hash_table_add (self->excluded,
                          g_strdup (((TpCourseTrainer *) g_ptr_array_index (already, i))->person_id));
    }
  else
    {
      already = tp_store_list_enrolments (db, course_id, NULL);
      for (guint i = 0; already && i < already->len; i++)
        g_hash_table_add (self->excluded,
                          g_strdup (((TpEnrolment *) g_ptr_array_index (already, i))->person_id));
    }

  taphuan_people_model_set_excluded (self->people_model, self->excluded);
  self->loading = TRUE;
  gtk_spinner_set_spinning (self->spinner, TRUE);
  self->cancellable = g_cancellable_new ();
  taphuan_load_people_async (tp_db_get_path (db), self->cancellable, people_loaded_cb,
                             g_object_ref (self));
  update (self);
  return self;
}

gboolean
taphuan_enrol_dialog_get_trainer_mode (TaphuanEnrolDialog *self)
{
  g_return_val_if_fail (TAPHUAN_IS_ENROL_DIALOG (self), FALSE);
  return self->trainer_mode;
}

gboolean
taphuan_enrol_dialog_is_loading (TaphuanEnrolDialog *self)
{
  g_return_val_if_fail (TAPHUAN_IS_ENROL_DIALOG (self), FALSE);
  return self->loading;
}

void
taphuan_enrol_dialog_set_search (TaphuanEnrolDialog *self,
                                 const char         *text)
{
  g_signal_handlers_block_by_func (self->search_entry, search_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  g_signal_handlers_unblock_by_func (self->search_entry, search_changed_cb, self);
  apply_search (self, text);
}

GListModel *
taphuan_enrol_dialog_get_model (TaphuanEnrolDialog *self)
{
  return G_LIST_MODEL (self->people_model);
}

void
taphuan_enrol_dialog_select (TaphuanEnrolDialog *self,
                             guint               position,
                             gboolean            add)
{
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, !add);
}

GtkWindow *
taphuan_enrol_dialog_get_person_editor (TaphuanEnrolDialog *self)
{
  return self->person_editor;
}
