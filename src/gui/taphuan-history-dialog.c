/* taphuan-history-dialog.c: the History window of a course or a person.
 * Whether a change can still be reverted is found by trying it inside a
 * transaction that is rolled back, so the button says why before it is
 * pressed. */
#include "config.h"

#include <glib/gi18n.h>

#include "taphuan-history-dialog.h"
#include "tp-history.h"
#include "tp-store.h"

/* Only the newest entries are tried in advance; older ones say why not
 * when pressed. */
#define MAX_DRY_RUNS 100

struct _TaphuanHistoryDialog
{
  AdwWindow            parent_instance;

  AdwToastOverlay     *toast_overlay;
  AdwWindowTitle      *window_title;
  AdwPreferencesGroup *entries_group;

  TaphuanWindow       *window;   /* weak */
  TaphuanHistoryKind   kind;
  char                *id;
  GPtrArray           *rows;     /* AdwActionRow */
  GPtrArray           *buttons;  /* GtkButton or NULL, per row */
};

G_DEFINE_FINAL_TYPE (TaphuanHistoryDialog, taphuan_history_dialog, ADW_TYPE_WINDOW)

static TpDb *
get_db (TaphuanHistoryDialog *self)
{
  return self->window ? taphuan_window_get_db (self->window) : NULL;
}

static gboolean
can_revert (TpDb    *db,
            gint64   seq,
            GError **error)
{
  gboolean ok;

  if (!tp_db_begin (db, error))
    return FALSE;
  ok = tp_history_revert (db, seq, error);
  tp_db_rollback (db);
  return ok;
}

static char *
format_when (const char *iso)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

  if (local == NULL)
    return g_strdup (iso);
  /* Translators: date and time format (strftime) of a change */
  return g_date_time_format (local, _("%d/%m/%Y %H:%M"));
}

static void
revert_clicked_cb (GtkButton            *button,
                   TaphuanHistoryDialog *self)
{
  gint64 seq = *(gint64 *) g_object_get_data (G_OBJECT (button), "seq");
  g_autoptr(GError) error = NULL;
  TpDb *db = get_db (self);

  if (db == NULL)
    return;
  if (!tp_history_revert (db, seq, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  if (self->window != NULL)
    taphuan_window_data_changed (self->window, TAPHUAN_CHANGED_ALL);
  taphuan_history_dialog_reload (self);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Change reverted")));
}

static void
clear (TaphuanHistoryDialog *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->entries_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->buttons, 0);
}

static void
add_message_row (TaphuanHistoryDialog *self,
                 const char           *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_preferences_group_add (self->entries_group, row);
  g_ptr_array_add (self->rows, row);
  g_ptr_array_add (self->buttons, NULL);
}

void
taphuan_history_dialog_reload (TaphuanHistoryDialog *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  TpDb *db;

  g_return_if_fail (TAPHUAN_IS_HISTORY_DIALOG (self));

  clear (self);
  db = get_db (self);
  if (db == NULL)
    return;
  if (self->kind == TAPHUAN_HISTORY_COURSE)
    entries = tp_history_for_course (db, self->id, &error);
  else
    entries = tp_history_for_person (db, self->id, &error);
  if (entries == NULL)
    {
      add_message_row (self, error->message);
      return;
    }
  if (entries->len == 0)
    {
      add_message_row (self, _("No changes recorded yet"));
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      TpHistoryEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *when = format_when (entry->at);
      g_autofree char *title = NULL;
      g_autoptr(GString) subtitle = g_string_new (NULL);
      g_autoptr(GError) why = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button;
      gint64 *seq;

      /* Translators: a history entry: "Changed — Person: Đặng Thị Hoa" */
      title = g_strdup_printf (_("%s — %s"), tp_history_op_label (entry->op), entry->what);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      /* Translators: when a change was made and by which computer user */
      g_string_append_printf (subtitle, _("%s, by %s"), when, entry->user ? entry->user : _("unknown"));
      for (guint j = 0; entry->changes != NULL && j < entry->changes->len; j++)
        {
          TpHistoryChange *change = g_ptr_array_index (entry->changes, j);

          g_string_append_c (subtitle, '\n');
          if (entry->op == TP_HISTORY_UPDATE)
            /* Translators: a changed field: "Phone: 0912 → 0988" */
            g_string_append_printf (subtitle, _("%s: %s → %s"), change->label,
                                    change->old_value ? change->old_value : _("(empty)"),
                                    change->new_value ? change->new_value : _("(empty)"));
          else
            g_string_append_printf (subtitle, _("%s: %s"), change->label,
                                    entry->op == TP_HISTORY_DELETE
                                    ? (change->old_value ? change->old_value : _("(empty)"))
                                    : (change->new_value ? change->new_value : _("(empty)")));
        }
      button = gtk_button_new_with_mnemonic (_("_Revert"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      seq = g_new (gint64, 1);
      *seq = entry->seq;
      g_object_set_data_full (G_OBJECT (button), "seq", seq, g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (revert_clicked_cb), self);
      if (i < MAX_DRY_RUNS && !can_revert (db, entry->seq, &why))
        {
          gtk_widget_set_sensitive (button, FALSE);
          gtk_widget_set_tooltip_text (button, why ? why->message : NULL);
          if (why != NULL)
            /* Translators: %s says why a change cannot be reverted */
            g_string_append_printf (subtitle, _("\nCannot be reverted: %s"), why->message);
        }
      else
        gtk_widget_set_tooltip_text (button, _("Undo this change only"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (self->entries_group, row);
      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (self->buttons, button);
    }
}

guint
taphuan_history_dialog_get_n_entries (TaphuanHistoryDialog *self)
{
  guint n = 0;

  for (guint i = 0; i < self->buttons->len; i++)
    if (g_ptr_array_index (self->buttons, i) != NULL)
      n++;
  return n;
}

char *
_taphuan_history_dialog_get_entry_text (TaphuanHistoryDialog *self,
                                        guint                 i)
{
  GtkWidget *row;

  g_return_val_if_fail (i < self->rows->len, NULL);
  row = g_ptr_array_index (self->rows, i);
  return g_strdup_printf ("%s\n%s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                          adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
}

GtkWidget *
_taphuan_history_dialog_get_revert_button (TaphuanHistoryDialog *self,
                                           guint                 i)
{
  g_return_val_if_fail (i < self->buttons->len, NULL);
  return g_ptr_array_index (self->buttons, i);
}

static void
taphuan_history_dialog_dispose (GObject *object)
{
  TaphuanHistoryDialog *self = TAPHUAN_HISTORY_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_HISTORY_DIALOG);
  g_clear_weak_pointer (&self->window);

  G_OBJECT_CLASS (taphuan_history_dialog_parent_class)->dispose (object);
}

static void
taphuan_history_dialog_finalize (GObject *object)
{
  TaphuanHistoryDialog *self = TAPHUAN_HISTORY_DIALOG (object);

  g_free (self->id);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->buttons, g_ptr_array_unref);

  G_OBJECT_CLASS (taphuan_history_dialog_parent_class)->finalize (object);
}

static void
taphuan_history_dialog_class_init (TaphuanHistoryDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_history_dialog_dispose;
  object_class->finalize = taphuan_history_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-history-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TaphuanHistoryDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TaphuanHistoryDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, TaphuanHistoryDialog, entries_group);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
taphuan_history_dialog_init (TaphuanHistoryDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->buttons = g_ptr_array_new ();
}

TaphuanHistoryDialog *
taphuan_history_dialog_new (TaphuanWindow      *window,
                            TaphuanHistoryKind  kind,
                            const char         *id)
{
  TaphuanHistoryDialog *self = g_object_new (TAPHUAN_TYPE_HISTORY_DIALOG,
                                             "transient-for", window, NULL);
  TpDb *db = taphuan_window_get_db (window);
  g_autofree char *subtitle = NULL;

  g_set_weak_pointer (&self->window, window);
  self->kind = kind;
  self->id = g_strdup (id);
  if (db != NULL && kind == TAPHUAN_HISTORY_COURSE)
    {
      g_autoptr(TpCourse) course = tp_store_get_course (db, id, NULL);
      subtitle = course ? g_strdup (course->title) : NULL;
    }
  else if (db != NULL)
    {
      g_autoptr(TpPerson) person = tp_store_get_person (db, id, NULL);
      subtitle = person ? g_strdup (person->full_name) : NULL;
    }
  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
  taphuan_history_dialog_reload (self);
  return self;
}
