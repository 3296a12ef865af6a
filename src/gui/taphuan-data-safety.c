/* taphuan-data-safety.c: the window's backups, restore, history and
 * personal-data actions (docs/data-safety.md). The window calls
 * taphuan_data_safety_attach() once; everything else hangs off its
 * actions and its "state". Work on the file runs in worker threads, each
 * on its own connection, so the window's TpDb stays on the main thread. */
#include "config.h"

#include <glib/gi18n.h>

#include "taphuan-backup-dialog.h"
#include "taphuan-compat.h"
#include "taphuan-data-safety.h"
#include "taphuan-history-dialog.h"
#include "taphuan-window-private.h"
#include "tp-backup.h"
#include "tp-privacy.h"
#include "tp-store.h"
#include "tp-watch.h"

#define DATA_KEY "taphuan-data-safety"

typedef struct
{
  TaphuanWindow      *window;        /* weak */
  TpDb               *watched_db;    /* weak */
  guint               watch_id;
  GtkWidget          *alert;         /* weak */
  GtkWidget          *dialog;        /* weak */
  char               *chosen_file;   /* test hook */
  guint               n_workers;     /* threads holding their own connection */
  char               *pending_restore;
} DataSafety;

static DataSafety *
get_ds (TaphuanWindow *window)
{
  return g_object_get_data (G_OBJECT (window), DATA_KEY);
}

static void
data_safety_free (gpointer data)
{
  DataSafety *ds = data;

  if (ds->watched_db != NULL && ds->watch_id != 0)
    g_source_remove (ds->watch_id);
  g_clear_weak_pointer (&ds->watched_db);
  g_clear_weak_pointer (&ds->alert);
  g_clear_weak_pointer (&ds->dialog);
  g_free (ds->chosen_file);
  g_free (ds->pending_restore);
  g_free (ds);
}

/* Data for a worker: the window (weakly), paths, and what came back. */
typedef struct
{
  GWeakRef  window;
  char     *db_path;
  char     *arg;         /* destination, source or person id */
  char     *result;      /* made or kept path */
  int       count;
  gpointer  contents;    /* TpBackupContents* */
} Work;

static void
work_free (gpointer data)
{
  Work *work = data;

  g_weak_ref_clear (&work->window);
  g_free (work->db_path);
  g_free (work->arg);
  g_free (work->result);
  g_clear_pointer ((TpBackupContents **) &work->contents, tp_backup_contents_free);
  g_free (work);
}

static Work *
work_new (TaphuanWindow *window,
          const char    *arg)
{
  Work *work = g_new0 (Work, 1);

  g_weak_ref_init (&work->window, window);
  work->db_path = g_strdup (taphuan_window_get_database_path (window));
  work->arg = g_strdup (arg);
  return work;
}

static void start_restore (TaphuanWindow *window,
                           const char    *source);

static void
worker_done (TaphuanWindow *window)
{
  DataSafety *ds = get_ds (window);
  g_autofree char *pending = NULL;

  if (ds == NULL)
    return;
  if (ds->n_workers > 0)
    ds->n_workers--;
  if (ds->n_workers == 0 && ds->pending_restore != NULL)
    {
      pending = g_steal_pointer (&ds->pending_restore);
      start_restore (window, pending);
    }
}

static void
present_alert (TaphuanWindow        *window,
               GtkWidget            *parent,
               GtkWidget            *alert,
               TaphuanAlertCallback  callback,
               gpointer              user_data)
{
  DataSafety *ds = get_ds (window);

  g_set_weak_pointer (&ds->alert, alert);
  taphuan_compat_alert_present (alert, parent ? parent : GTK_WIDGET (window), callback, user_data);
}

static char *
basename_of (const char *path)
{
  return g_path_get_basename (path);
}

/* ---- choosing a file (with a test hook) -------------------------------- */

typedef void (*ChosenFunc) (TaphuanWindow *window,
                            const char    *path,
                            gpointer       user_data);

typedef struct
{
  GWeakRef   window;
  ChosenFunc func;
  gpointer   user_data;
  GDestroyNotify destroy;
} Choose;

static void
choose_free (Choose *choose)
{
  g_weak_ref_clear (&choose->window);
  if (choose->destroy != NULL)
    choose->destroy (choose->user_data);
  g_free (choose);
}

static void
file_chosen_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Choose *choose = user_data;
  g_autoptr(TaphuanWindow) window = g_weak_ref_get (&choose->window);
  g_autoptr(GFile) file = taphuan_compat_choose_file_finish (result, NULL);
  g_autofree char *path = file ? g_file_get_path (file) : NULL;

  if (window != NULL && path != NULL)
    choose->func (window, path, choose->user_data);
  choose_free (choose);
}

static void
choose_file (TaphuanWindow  *window,
             const char     *title,
             gboolean        save,
             const char     *initial_name,
             gboolean        databases,
             ChosenFunc      func,
             gpointer        user_data,
             GDestroyNotify  destroy)
{
  DataSafety *ds = get_ds (window);
  g_autoptr(GtkFileFilter) filter = NULL;
  Choose *choose;

  if (ds->chosen_file != NULL)
    {
      g_autofree char *path = g_steal_pointer (&ds->chosen_file);

      func (window, path, user_data);
      if (destroy != NULL)
        destroy (user_data);
      return;
    }
  if (databases)
    {
      filter = gtk_file_filter_new ();
      gtk_file_filter_set_name (filter, _("Taphuan Databases"));
      gtk_file_filter_add_pattern (filter, "*.db");
      gtk_file_filter_add_pattern (filter, "*.bak");
      gtk_file_filter_add_pattern (filter, "*.taphuan");
    }
  choose = g_new0 (Choose, 1);
  g_weak_ref_init (&choose->window, window);
  choose->func = func;
  choose->user_data = user_data;
  choose->destroy = destroy;
  taphuan_compat_choose_file_async (GTK_WINDOW (window), title, save, initial_name, filter,
                                    NULL, file_chosen_cb, choose);
}

/* ---- back up now ------------------------------------------------------- */

static void
back_up_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Work *work = task_data;
  GError *error = NULL;
  g_autoptr(TpDb) db = tp_db_open_full (work->db_path,
                                        TP_DB_OPEN_EXISTING | TP_DB_OPEN_SKIP_CHECK, &error);

  if (db == NULL || !tp_db_backup_to (db, work->arg, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
back_up_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Work *work = g_task_get_task_data (G_TASK (result));
  g_autoptr(TaphuanWindow) window = g_weak_ref_get (&work->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *base = basename_of (work->arg);
  g_autofree char *text = NULL;

  if (window == NULL)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    taphuan_window_report_error (window, _("Could not back up"), error);
  else
    {
      /* Translators: %s is a file name */
      text = g_strdup_printf (_("Backed up to “%s”"), base);
      taphuan_window_show_toast (window, text);
    }
  worker_done (window);
}

void
taphuan_data_safety_back_up_to (TaphuanWindow *window,
                                const char    *dest_path)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TAPHUAN_IS_WINDOW (window));

  if (taphuan_window_get_db (window) == NULL)
    return;
  get_ds (window)->n_workers++;
  task = g_task_new (NULL, NULL, back_up_done_cb, NULL);
  g_task_set_task_data (task, work_new (window, dest_path), work_free);
  g_task_run_in_thread (task, back_up_thread);
}

static void
backup_chosen (TaphuanWindow *window,
               const char    *path,
               gpointer       user_data)
{
  taphuan_data_safety_back_up_to (window, path);
}

static void
backup_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       user_data)
{
  TaphuanWindow *window = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = NULL;

  if (taphuan_window_get_db (window) == NULL)
    return;
  /* Translators: file name suggested for a backup; %s is today's date */
  name = g_strdup_printf (_("taphuan-backup-%s.db"), date);
  choose_file (window, _("Back Up To"), TRUE, name, TRUE, backup_chosen, NULL, NULL);
}

/* ---- restore ----------------------------------------------------------- */

static void
restore_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Work *work = task_data;
  GError *error = NULL;
  char *kept = NULL;

  if (!tp_backup_restore (work->db_path, work->arg, &kept, &error))
    g_task_return_error (task, error);
  else
    {
      work->result = kept;
      g_task_return_boolean (task, TRUE);
    }
}

static void
restore_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Work *work = g_task_get_task_data (G_TASK (result));
  g_autoptr(TaphuanWindow) window = g_weak_ref_get (&work->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *base = basename_of (work->arg);
  g_autofree char *text = NULL;

  if (window == NULL)
    return;
  taphuan_window_open_database (window, work->db_path, FALSE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    taphuan_window_show_toast (window, error->message);
  else
    {
      /* Translators: %s is a file name */
      text = g_strdup_printf (_("Restored from “%s”; the previous database was kept as a backup"),
                              base);
      taphuan_window_show_toast (window, text);
    }
}

static void
start_restore (TaphuanWindow *window,
               const char    *source)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, restore_done_cb, NULL);

  g_task_set_task_data (task, work_new (window, source), work_free);
  g_task_run_in_thread (task, restore_thread);
}

static gboolean
destroy_window_idle (gpointer data)
{
  gtk_window_destroy (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

void
taphuan_data_safety_restore_from (TaphuanWindow *window,
                                  const char    *source)
{
  DataSafety *ds;

  g_return_if_fail (TAPHUAN_IS_WINDOW (window));
  g_return_if_fail (source != NULL);

  ds = get_ds (window);
  /* Called from the confirmation, which is the dialog's child: close the
   * dialog once the confirmation is gone. */
  if (ds->dialog != NULL && TAPHUAN_IS_BACKUP_DIALOG (ds->dialog))
    {
      gtk_widget_set_visible (ds->dialog, FALSE);
      g_idle_add_full (G_PRIORITY_DEFAULT, destroy_window_idle, g_object_ref (ds->dialog),
                       g_object_unref);
    }
  /* The file can only be replaced once every connection to it is closed:
   * the window's now, a backup thread's when it finishes. */
  taphuan_window_close_database (window);
  if (ds->n_workers > 0)
    {
      g_free (ds->pending_restore);
      ds->pending_restore = g_strdup (source);
      return;
    }
  start_restore (window, source);
}

static void
restore_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  TaphuanWindow *window = user_data;
  DataSafety *ds = get_ds (window);
  GtkWidget *dialog;

  if (ds->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (ds->dialog));
  dialog = GTK_WIDGET (taphuan_backup_dialog_new (window));
  g_set_weak_pointer (&ds->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- a damaged database: the newest good backup ------------------------ */

static void
find_good_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  Work *work = task_data;

  work->result = tp_backup_find_newest_good (work->db_path);
  if (work->result != NULL)
    work->contents = tp_backup_inspect (work->result, FALSE);
  g_task_return_boolean (task, TRUE);
}

typedef struct
{
  GWeakRef  window;
  char     *source;
} RestoreConfirm;

static void
restore_confirm_free (RestoreConfirm *confirm)
{
  g_weak_ref_clear (&confirm->window);
  g_free (confirm->source);
  g_free (confirm);
}

static void
confirm_restore_cb (const char *response,
                    gpointer    user_data)
{
  RestoreConfirm *confirm = user_data;
  g_autoptr(TaphuanWindow) window = g_weak_ref_get (&confirm->window);

  if (window != NULL && g_strcmp0 (response, "restore") == 0)
    taphuan_data_safety_restore_from (window, confirm->source);
  restore_confirm_free (confirm);
}

char *
_taphuan_data_safety_describe_contents (const TpBackupContents *contents)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u course", "%u courses",
                                             contents->n_courses),
                          contents->n_courses);
  g_string_append (text, _(", "));
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u person", "%u people",
                                             contents->n_people),
                          contents->n_people);
  g_string_append (text, _(", "));
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u certificate",
                                             "%u certificates", contents->n_certificates),
                          contents->n_certificates);
  if (contents->last_change != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_iso8601 (contents->last_change, NULL);
      g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;
      /* Translators: date and time format (strftime) of a change */
      g_autofree char *when = local ? g_date_time_format (local, _("%d/%m/%Y %H:%M")) : NULL;

      g_string_append (text, _(", "));
      /* Translators: %s is a date and time */
      g_string_append_printf (text, _("last change %s"), when ? when : contents->last_change);
    }
  return g_string_free (text, FALSE);
}

void
_taphuan_data_safety_confirm_restore (TaphuanWindow          *window,
                                      GtkWidget              *parent,
                                      const char             *source,
                                      const TpBackupContents *contents,
                                      gboolean                damaged)
{
  g_autofree char *base = basename_of (source);
  g_autofree char *heading = NULL, *what = NULL, *body = NULL;
  RestoreConfirm *confirm;
  GtkWidget *alert;

  if (!contents->readable)
    {
      alert = taphuan_compat_alert_new (_("This File Cannot Be Restored"), contents->problem);
      taphuan_compat_alert_add_response (alert, "close", _("_Close"), FALSE, TRUE);
      present_alert (window, parent, alert, NULL, NULL);
      return;
    }
  /* Translators: %s is a file name */
  heading = g_strdup_printf (_("Restore “%s”?"), base);
  what = _taphuan_data_safety_describe_contents (contents);
  /* Translators: %s lists what a backup holds ("3 courses, 40 people, ...") */
  body = g_strdup_printf ("%s\n\n%s",
                          what,
                          damaged
                          ? _("The damaged database is replaced by this backup. A copy of the damaged file is kept in the backup folder.")
                          : _("The open database is replaced by this file. The current database is kept as a backup first, so you can restore it again."));
  alert = taphuan_compat_alert_new (heading, body);
  taphuan_compat_alert_add_response (alert, "cancel", _("_Cancel"), FALSE, FALSE);
  taphuan_compat_alert_add_response (alert, "restore", _("_Restore"), TRUE, FALSE);
  confirm = g_new0 (RestoreConfirm, 1);
  g_weak_ref_init (&confirm->window, window);
  confirm->source = g_strdup (source);
  present_alert (window, parent, alert, confirm_restore_cb, confirm);
}

static void
find_good_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Work *work = g_task_get_task_data (G_TASK (result));
  g_autoptr(TaphuanWindow) window = g_weak_ref_get (&work->window);
  GAction *action;

  if (window == NULL)
    return;
  action = g_action_map_lookup_action (G_ACTION_MAP (window), "restore-newest-backup");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), TRUE);
  if (work->result == NULL)
    {
      GtkWidget *alert = taphuan_compat_alert_new (_("No Good Backup Found"),
                                                   _("None of the backups of this database opens and passes the integrity check. Open another database or create a new one."));
      taphuan_compat_alert_add_response (alert, "close", _("_Close"), FALSE, TRUE);
      present_alert (window, NULL, alert, NULL, NULL);
      return;
    }
  _taphuan_data_safety_confirm_restore (window, NULL, work->result, work->contents, TRUE);
}

static void
restore_newest_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  TaphuanWindow *window = user_data;
  g_autoptr(GTask) task = NULL;

  if (taphuan_window_get_database_path (window) == NULL)
    return;
  g_simple_action_set_enabled (action, FALSE);
  taphuan_window_show_toast (window, _("Checking the backups…"));
  task = g_task_new (NULL, NULL, find_good_done_cb, NULL);
  g_task_set_task_data (task, work_new (window, NULL), work_free);
  g_task_run_in_thread (task, find_good_thread);
}

/* ---- history ----------------------------------------------------------- */

static void
show_history (TaphuanWindow      *window,
              TaphuanHistoryKind  kind,
              const char         *id)
{
  DataSafety *ds = get_ds (window);
  GtkWidget *dialog;

  if (taphuan_window_get_db (window) == NULL || id == NULL)
    return;
  if (ds->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (ds->dialog));
  dialog = GTK_WIDGET (taphuan_history_dialog_new (window, kind, id));
  g_set_weak_pointer (&ds->dialog, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
course_history_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  TaphuanWindow *window = user_data;

  show_history (window, TAPHUAN_HISTORY_COURSE,
                taphuan_course_page_get_course_id (_taphuan_window_get_course_page (window)));
}

static const char *
current_person (TaphuanWindow *window)
{
  if (taphuan_window_get_db (window) == NULL)
    return NULL;
  return taphuan_person_page_get_person_id (_taphuan_window_get_person_page (window));
}

static void
person_history_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  TaphuanWindow *window = user_data;

  show_history (window, TAPHUAN_HISTORY_PERSON, current_person (window));
}

/* ---- a person's rights ------------------------------------------------- */

static void
export_chosen (TaphuanWindow *window,
               const char    *path,
               gpointer       user_data)
{
  const char *person_id = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  g_autofree char *base = NULL, *text = NULL;
  TpDb *db = taphuan_window_get_db (window);

  if (db == NULL)
    return;
  /* The format follows the name; without a known ending, a readable PDF. */
  if (g_str_has_suffix (path, ".json") || g_str_has_suffix (path, ".pdf")
      || g_str_has_suffix (path, ".JSON") || g_str_has_suffix (path, ".PDF"))
    target = g_strdup (path);
  else
    target = g_strconcat (path, ".pdf", NULL);
  if (!tp_privacy_export_person (db, person_id, target, &error))
    {
      taphuan_window_report_error (window, _("Could not export"), error);
      return;
    }
  base = basename_of (target);
  /* Translators: %s is a file name */
  text = g_strdup_printf (_("Exported to “%s”"), base);
  taphuan_window_show_toast (window, text);
}

static void
person_export_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  TaphuanWindow *window = user_data;
  const char *id = current_person (window);
  g_autoptr(TpPerson) person = NULL;
  g_autofree char *name = NULL;

  if (id == NULL)
    return;
  person = tp_store_get_person (taphuan_window_get_db (window), id, NULL);
  if (person == NULL)
    return;
  name = g_strdup_printf ("%s.pdf", person->full_name);
  choose_file (window, _("Export Everything About This Person"), TRUE, name, FALSE,
               export_chosen, g_strdup (id), g_free);
}

typedef struct
{
  GWeakRef   window;
  char      *person_id;
  char      *name;
  GtkWidget *purge_check;   /* weak */
} PersonConfirm;

static void
person_confirm_free (PersonConfirm *confirm)
{
  g_weak_ref_clear (&confirm->window);
  g_clear_weak_pointer (&confirm->purge_check);
  g_free (confirm->person_id);
  g_free (confirm->name);
  g_free (confirm);
}

static PersonConfirm *
person_confirm_new (TaphuanWindow  *window,
                    const TpPerson *person)
{
  PersonConfirm *confirm = g_new0 (PersonConfirm, 1);

  g_weak_ref_init (&confirm->window, window);
  confirm->person_id = g_strdup (person->id);
  confirm->name = g_strdup (person->full_name);
  return confirm;
}

static void
confirm_anonymise_cb (const char *response,
                      gpointer    user_data)
{
  PersonConfirm *confirm = user_data;
  g_autoptr(TaphuanWindow) window = g_weak_ref_get (&confirm->window);
  g_autoptr(GError) error = NULL;
  TpDb *db = window ? taphuan_window_get_db (window) : NULL;

  if (db != NULL && g_strcmp0 (response, "anonymise") == 0)
    {
      if (!tp_privacy_anonymise_person (db, confirm->person_id, &error))
        taphuan_window_report_error (window, _("Could not anonymise"), error);
      else
        {
          g_autofree char *anon = tp_privacy_anonymous_name (confirm->person_id);
          /* Translators: %s is the name an anonymised person gets */
          g_autofree char *text = g_strdup_printf (_("Anonymised: the register now shows “%s”"), anon);

          taphuan_window_data_changed (window, TAPHUAN_CHANGED_ALL);
          taphuan_window_show_toast (window, text);
        }
    }
  person_confirm_free (confirm);
}

static void
person_anonymise_action (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       user_data)
{
  TaphuanWindow *window = user_data;
  const char *id = current_person (window);
  g_autoptr(TpPerson) person = NULL;
  g_autofree char *heading = NULL;
  GtkWidget *alert;

  if (id == NULL || (person = tp_store_get_person (taphuan_window_get_db (window), id, NULL)) == NULL)
    return;
  if (tp_privacy_is_anonymised (person))
    {
      taphuan_window_show_toast (window, _("This person is already anonymised"));
      return;
    }
  /* Translators: %s is a person's full name */
  heading = g_strdup_printf (_("Anonymise %s?"), person->full_name);
  alert = taphuan_compat_alert_new (heading,
                                    _("Removed for good: the name, ID number, phone, e-mail, exact birth date, organisation, position and commune.\n\n"
                                      "Kept, so that reports stay right: sex, birth year, ethnicity (with its consent), target group, province and every course record. "
                                      "Certificates already issued keep what was printed on them.\n\n"
                                      "This cannot be undone."));
  taphuan_compat_alert_add_response (alert, "cancel", _("_Cancel"), FALSE, FALSE);
  taphuan_compat_alert_add_response (alert, "anonymise", _("_Anonymise"), TRUE, FALSE);
  present_alert (window, NULL, alert, confirm_anonymise_cb, person_confirm_new (window, person));
}

static void
purge_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Work *work = task_data;
  GError *error = NULL;

  work->count = tp_privacy_purge_from_backups (work->db_path, work->arg, &error);
  if (work->count < 0)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
purge_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Work *work = g_task_get_task_data (G_TASK (result));
  g_autoptr(TaphuanWindow) window = g_weak_ref_get (&work->window);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (window == NULL)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    taphuan_window_report_error (window, _("Deleted, but not removed from the backups"), error);
  else
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Deleted permanently and removed from %d backup",
                                           "Deleted permanently and removed from %d backups",
                                           work->count),
                              work->count);
      taphuan_window_show_toast (window, text);
    }
  worker_done (window);
}

static void
confirm_delete_cb (const char *response,
                   gpointer    user_data)
{
  PersonConfirm *confirm = user_data;
  g_autoptr(TaphuanWindow) window = g_weak_ref_get (&confirm->window);
  g_autoptr(GError) error = NULL;
  TpDb *db = window ? taphuan_window_get_db (window) : NULL;
  gboolean purge = confirm->purge_check != NULL
                   && gtk_check_button_get_active (GTK_CHECK_BUTTON (confirm->purge_check));

  if (db != NULL && g_strcmp0 (response, "delete") == 0)
    {
      if (!tp_privacy_delete_person (db, confirm->person_id, &error))
        taphuan_window_report_error (window, _("Could not delete the person"), error);
      else
        {
          taphuan_window_data_changed (window, TAPHUAN_CHANGED_ALL);
          if (purge)
            {
              g_autoptr(GTask) task = g_task_new (NULL, NULL, purge_done_cb, NULL);

              get_ds (window)->n_workers++;
              taphuan_window_show_toast (window, _("Deleted; removing from the backups…"));
              g_task_set_task_data (task, work_new (window, confirm->person_id), work_free);
              g_task_run_in_thread (task, purge_thread);
            }
          else
            {
              /* Translators: %s is a person's full name */
              g_autofree char *text = g_strdup_printf (_("%s was deleted permanently"), confirm->name);
              taphuan_window_show_toast (window, text);
            }
        }
    }
  person_confirm_free (confirm);
}

static void
person_delete_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       user_data)
{
  TaphuanWindow *window = user_data;
  const char *id = current_person (window);
  g_autoptr(TpPerson) person = NULL;
  g_autofree char *heading = NULL;
  PersonConfirm *confirm;
  GtkWidget *alert, *check;

  if (id == NULL || (person = tp_store_get_person (taphuan_window_get_db (window), id, NULL)) == NULL)
    return;
  /* Translators: %s is a person's full name */
  heading = g_strdup_printf (_("Delete %s Permanently?"), person->full_name);
  alert = taphuan_compat_alert_new (heading,
                                    _("The person, their enrolments, attendance marks, trainer roles and every entry about them in the history are removed for good; course figures change. "
                                      "This cannot be undone. A person who holds certificates cannot be deleted: anonymise them instead.\n\n"
                                      "Backups made before still hold the person until they rotate out, in about a month."));
  check = gtk_check_button_new_with_mnemonic (_("Also remove from the _backups now"));
  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  /* AdwAlertDialog and AdwMessageDialog both have "extra-child". */
  g_object_set (alert, "extra-child", check, NULL);
  taphuan_compat_alert_add_response (alert, "cancel", _("_Cancel"), FALSE, FALSE);
  taphuan_compat_alert_add_response (alert, "delete", _("_Delete Permanently"), TRUE, FALSE);
  confirm = person_confirm_new (window, person);
  g_set_weak_pointer (&confirm->purge_check, check);
  present_alert (window, NULL, alert, confirm_delete_cb, confirm);
}

/* ---- following the window ---------------------------------------------- */

static void
changed_elsewhere_cb (TpDb     *db,
                      gpointer  user_data)
{
  DataSafety *ds = user_data;

  if (ds->window != NULL && taphuan_window_get_db (ds->window) == db)
    taphuan_window_data_changed (ds->window, TAPHUAN_CHANGED_ALL);
}

static void
daily_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Work *work = task_data;
  GError *error = NULL;
  g_autoptr(TpDb) db = tp_db_open_full (work->db_path,
                                        TP_DB_OPEN_EXISTING | TP_DB_OPEN_SKIP_CHECK, &error);

  if (db == NULL || !tp_backup_daily_if_due (db, &work->result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
daily_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Work *work = g_task_get_task_data (G_TASK (result));
  g_autoptr(TaphuanWindow) window = g_weak_ref_get (&work->window);
  g_autoptr(GError) error = NULL;

  if (window == NULL)
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    taphuan_window_report_error (window, _("Could not make today’s backup"), error);
  else if (work->result != NULL)
    g_debug ("daily backup: %s", work->result);
  worker_done (window);
}

static void
update_actions (DataSafety *ds)
{
  TaphuanWindowState state = taphuan_window_get_state (ds->window);
  static const char *need_db[] = {
    "backup", "course-history", "person-history", "person-export", "person-anonymise",
    "person-delete-permanently",
  };

  for (guint i = 0; i < G_N_ELEMENTS (need_db); i++)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (ds->window),
                                                                              need_db[i])),
                                 state == TAPHUAN_WINDOW_READY);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (ds->window),
                                                                            "restore")),
                               state != TAPHUAN_WINDOW_LOADING);
}

static void
state_changed_cb (TaphuanWindow *window,
                  GParamSpec    *pspec,
                  DataSafety    *ds)
{
  TpDb *db = taphuan_window_get_db (window);

  update_actions (ds);
  if (taphuan_window_get_state (window) != TAPHUAN_WINDOW_READY || db == NULL
      || db == ds->watched_db)
    return;

  if (ds->watched_db != NULL && ds->watch_id != 0)
    g_source_remove (ds->watch_id);
  g_set_weak_pointer (&ds->watched_db, db);
  ds->watch_id = tp_db_watch_add (db, 1000, changed_elsewhere_cb, ds);

  {
    g_autoptr(GTask) task = g_task_new (NULL, NULL, daily_done_cb, NULL);

    ds->n_workers++;
    g_task_set_task_data (task, work_new (window, NULL), work_free);
    g_task_run_in_thread (task, daily_thread);
  }
}

static const GActionEntry actions[] = {
  { "backup", backup_action },
  { "restore", restore_action },
  { "restore-newest-backup", restore_newest_action },
  { "course-history", course_history_action },
  { "person-history", person_history_action },
  { "person-export", person_export_action },
  { "person-anonymise", person_anonymise_action },
  { "person-delete-permanently", person_delete_action },
};

void
taphuan_data_safety_attach (TaphuanWindow *window)
{
  DataSafety *ds;

  g_return_if_fail (TAPHUAN_IS_WINDOW (window));
  g_return_if_fail (get_ds (window) == NULL);

  ds = g_new0 (DataSafety, 1);
  ds->window = window;   /* ds lives exactly as long as the window */
  g_object_set_data_full (G_OBJECT (window), DATA_KEY, ds, data_safety_free);
  g_action_map_add_action_entries (G_ACTION_MAP (window), actions, G_N_ELEMENTS (actions), window);
  g_signal_connect (window, "notify::state", G_CALLBACK (state_changed_cb), ds);
  update_actions (ds);
}

GtkWidget *
_taphuan_data_safety_get_alert (TaphuanWindow *window)
{
  return get_ds (window)->alert;
}

GtkWidget *
_taphuan_data_safety_get_dialog (TaphuanWindow *window)
{
  return get_ds (window)->dialog;
}

void
_taphuan_data_safety_set_chosen_file (TaphuanWindow *window,
                                      const char    *path)
{
  DataSafety *ds = get_ds (window);

  g_free (ds->chosen_file);
  ds->chosen_file = g_strdup (path);
}
