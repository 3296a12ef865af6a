/* taphuan-backup-dialog.c: the Restore dialog. Lists the backups at once,
 * then reads what each holds in a worker thread (a private copy is
 * opened, so it takes a while on a large file), one after the other. */
#include "config.h"

#include <glib/gi18n.h>

#include "taphuan-backup-dialog.h"
#include "taphuan-compat.h"
#include "taphuan-data-safety.h"
#include "tp-backup.h"

struct _TaphuanBackupDialog
{
  AdwWindow            parent_instance;

  AdwPreferencesGroup *backups_group;
  GtkSpinner          *spinner;

  TaphuanWindow       *window;        /* weak */
  GPtrArray           *rows;          /* AdwActionRow, one per backup */
  GHashTable          *contents;      /* path → TpBackupContents */
  GCancellable        *cancellable;
  guint                n_busy;
};

G_DEFINE_FINAL_TYPE (TaphuanBackupDialog, taphuan_backup_dialog, ADW_TYPE_WINDOW)

static const char *
reason_label (const char *reason)
{
  static const struct { const char *reason; const char *label; } labels[] = {
    { "daily", N_("Daily") },
    { "import", N_("Before an import") },
    { "migration", N_("Before a data format update") },
    { "delete", N_("Before a deletion") },
    { "before-restore", N_("Before a restore") },
    { "damaged", N_("Copy of a damaged database") },
    { "manual", N_("Made by hand") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (reason, labels[i].reason) == 0)
      return _(labels[i].label);
  return reason;
}

static void
set_busy (TaphuanBackupDialog *self,
          gboolean             busy)
{
  self->n_busy += busy ? 1 : -1;
  gtk_spinner_set_spinning (self->spinner, self->n_busy > 0);
}

static void
show_contents (TaphuanBackupDialog    *self,
               const char             *path,
               const TpBackupContents *contents)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      g_autofree char *text = NULL;

      if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "path"), path) != 0)
        continue;
      if (contents->readable)
        text = _taphuan_data_safety_describe_contents (contents);
      else
        /* Translators: %s says why a backup cannot be used */
        text = g_strdup_printf (_("Cannot be restored: %s"), contents->problem);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
      if (!contents->readable)
        gtk_widget_add_css_class (row, "error");
    }
}

/* ---- reading every backup in turn -------------------------------------- */

typedef struct
{
  GWeakRef          dialog;
  char             *path;
  TpBackupContents *contents;
} Inspected;

static gboolean
deliver_cb (gpointer user_data)
{
  Inspected *item = user_data;
  g_autoptr(TaphuanBackupDialog) self = g_weak_ref_get (&item->dialog);

  if (self != NULL)
    {
      show_contents (self, item->path, item->contents);
      g_hash_table_replace (self->contents, g_strdup (item->path), g_steal_pointer (&item->contents));
    }
  g_weak_ref_clear (&item->dialog);
  g_free (item->path);
  g_clear_pointer (&item->contents, tp_backup_contents_free);
  g_free (item);
  return G_SOURCE_REMOVE;
}

static void
inspect_all_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GPtrArray *paths = task_data;

  for (guint i = 0; i < paths->len; i++)
    {
      Inspected *item;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      item = g_new0 (Inspected, 1);
      g_weak_ref_init (&item->dialog, source_object);
      item->path = g_strdup (g_ptr_array_index (paths, i));
      item->contents = tp_backup_inspect (item->path, FALSE);
      g_main_context_invoke (NULL, deliver_cb, item);
    }
  g_task_return_boolean (task, TRUE);
}

static void
inspect_all_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  TaphuanBackupDialog *self = TAPHUAN_BACKUP_DIALOG (object);

  set_busy (self, FALSE);
}

/* ---- choosing one ------------------------------------------------------ */

static void
inspect_one_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  g_task_return_pointer (task, tp_backup_inspect (task_data, FALSE),
                         (GDestroyNotify) tp_backup_contents_free);
}

static void
inspect_one_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  TaphuanBackupDialog *self = TAPHUAN_BACKUP_DIALOG (object);
  const char *path = g_task_get_task_data (G_TASK (result));
  TpBackupContents *contents = g_task_propagate_pointer (G_TASK (result), NULL);

  set_busy (self, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self), TRUE);
  if (contents == NULL)
    return;
  show_contents (self, path, contents);
  g_hash_table_replace (self->contents, g_strdup (path), contents);
  if (self->window != NULL)
    _taphuan_data_safety_confirm_restore (self->window, GTK_WIDGET (self), path, contents, FALSE);
}

void
taphuan_backup_dialog_choose (TaphuanBackupDialog *self,
                              const char          *path)
{
  TpBackupContents *contents;
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TAPHUAN_IS_BACKUP_DIALOG (self));
  g_return_if_fail (path != NULL);

  if (self->window == NULL)
    return;
  contents = g_hash_table_lookup (self->contents, path);
  if (contents != NULL)
    {
      _taphuan_data_safety_confirm_restore (self->window, GTK_WIDGET (self), path, contents, FALSE);
      return;
    }
  set_busy (self, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
  task = g_task_new (self, self->cancellable, inspect_one_done_cb, NULL);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, inspect_one_thread);
}

static void
backup_row_activated_cb (AdwActionRow        *row,
                         TaphuanBackupDialog *self)
{
  taphuan_backup_dialog_choose (self, g_object_get_data (G_OBJECT (row), "path"));
}

static void
other_file_chosen_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GFile) file = taphuan_compat_choose_file_finish (result, NULL);
  g_autofree char *path = file ? g_file_get_path (file) : NULL;

  if (path != NULL)
    taphuan_backup_dialog_choose (TAPHUAN_BACKUP_DIALOG (object), path);
}

static void
other_file_activated_cb (TaphuanBackupDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Taphuan Databases"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_filter_add_pattern (filter, "*.bak");
  gtk_file_filter_add_pattern (filter, "*.taphuan");
  taphuan_compat_choose_file_async (GTK_WINDOW (self), _("Restore From"), FALSE, NULL, filter,
                                    self->cancellable, other_file_chosen_cb, NULL);
}

/* ---- the list ---------------------------------------------------------- */

static void
fill (TaphuanBackupDialog *self)
{
  const char *db_path = taphuan_window_get_database_path (self->window);
  g_autoptr(GPtrArray) list = db_path ? tp_backup_list (db_path) : g_ptr_array_new ();
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GTask) task = NULL;

  for (guint i = 0; i < list->len; i++)
    {
      TpBackupInfo *info = g_ptr_array_index (list, i);
      /* Translators: date and time format (strftime) of a backup */
      g_autofree char *when = g_date_time_format (info->made_at, _("%d/%m/%Y %H:%M"));
      g_autofree char *title = g_strdup_printf ("%s · %s", when, reason_label (info->reason));
      g_autofree char *size = g_format_size (info->size);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *size_label = gtk_label_new (size);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Reading what it holds…"));
      gtk_widget_set_tooltip_text (row, info->path);
      gtk_widget_add_css_class (size_label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), size_label);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "path", g_strdup (info->path), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (backup_row_activated_cb), self);
      adw_preferences_group_add (self->backups_group, row);
      g_ptr_array_add (self->rows, row);
      g_ptr_array_add (paths, g_strdup (info->path));
    }
  if (list->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("No backups yet: the first is made today, when the database is opened"));
      adw_preferences_group_add (self->backups_group, row);
      g_ptr_array_unref (paths);
      return;
    }
  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, inspect_all_done_cb, NULL);
  g_task_set_task_data (task, paths, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, inspect_all_thread);
}

guint
taphuan_backup_dialog_get_n_backups (TaphuanBackupDialog *self)
{
  g_return_val_if_fail (TAPHUAN_IS_BACKUP_DIALOG (self), 0);
  return self->rows->len;
}

const char *
_taphuan_backup_dialog_get_row_text (TaphuanBackupDialog *self,
                                     guint                i)
{
  g_return_val_if_fail (i < self->rows->len, NULL);
  return adw_action_row_get_subtitle (g_ptr_array_index (self->rows, i));
}

static void
taphuan_backup_dialog_dispose (GObject *object)
{
  TaphuanBackupDialog *self = TAPHUAN_BACKUP_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_BACKUP_DIALOG);
  g_clear_weak_pointer (&self->window);

  G_OBJECT_CLASS (taphuan_backup_dialog_parent_class)->dispose (object);
}

static void
taphuan_backup_dialog_finalize (GObject *object)
{
  TaphuanBackupDialog *self = TAPHUAN_BACKUP_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->contents, g_hash_table_unref);

  G_OBJECT_CLASS (taphuan_backup_dialog_parent_class)->finalize (object);
}

static void
taphuan_backup_dialog_class_init (TaphuanBackupDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_backup_dialog_dispose;
  object_class->finalize = taphuan_backup_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-backup-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TaphuanBackupDialog, backups_group);
  gtk_widget_class_bind_template_child (widget_class, TaphuanBackupDialog, spinner);
  gtk_widget_class_bind_template_callback (widget_class, other_file_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
taphuan_backup_dialog_init (TaphuanBackupDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->contents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) tp_backup_contents_free);
  self->cancellable = g_cancellable_new ();
}

TaphuanBackupDialog *
taphuan_backup_dialog_new (TaphuanWindow *window)
{
  TaphuanBackupDialog *self = g_object_new (TAPHUAN_TYPE_BACKUP_DIALOG,
                                            "transient-for", window, NULL);

  g_set_weak_pointer (&self->window, window);
  fill (self);
  return self;
}
