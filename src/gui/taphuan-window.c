/* taphuan-window.c: the main window. Opens its database in a worker
 * thread, switches between the sections, hosts the toasts with Undo and
 * the window-wide actions (new course, search, delete, print, undo). */
#include "config.h"

#include <glib/gi18n.h>

#include "taphuan-compat.h"
#include "taphuan-course-editor.h"
#include "taphuan-course-page.h"
#include "taphuan-courses-page.h"
#include "taphuan-data-safety.h"
#include "taphuan-import-dialog.h"
#include "taphuan-people-page.h"
#include "taphuan-print-operation.h"
#include "taphuan-person-page.h"
#include "taphuan-snapshot.h"
#include "taphuan-certificates-page.h"
#include "taphuan-reports-page.h"
#include "taphuan-trainers-page.h"
#include "taphuan-window-private.h"
#include "tp-store.h"

struct _TaphuanWindow
{
  AdwApplicationWindow  parent_instance;

  /* template */
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *back_button;
  GtkWidget            *new_course_button;
  AdwWindowTitle       *window_title;
  GtkStack             *state_stack;
  GtkSpinner           *loading_spinner;
  AdwStatusPage        *error_page;
  GtkWidget            *restore_backup_button;
  GtkListBox           *sidebar;
  GtkStack             *content_stack;
  TaphuanCoursesPage   *courses_page;
  TaphuanCoursePage    *course_page;
  TaphuanPeoplePage    *people_page;
  TaphuanPersonPage    *person_page;
  TaphuanTrainersPage  *trainers_page;
  TaphuanCertificatesPage *certificates_page;
  GMenu                *recent_section;

  TpDb                 *db;
  char                 *path;
  TaphuanWindowState    state;
  char                 *error_message;
  GCancellable         *cancellable;

  /* The page to return to from a course or a person. */
  char                 *list_page;

  AdwToast             *undo_toast;
  TaphuanUndoFunc       undo_func;
  gpointer              undo_data;
  GDestroyNotify        undo_destroy;
  char                 *last_toast;

  TaphuanCourseEditor  *course_editor;   /* weak */
  GtkWidget            *alert;           /* weak */
};

G_DEFINE_FINAL_TYPE (TaphuanWindow, taphuan_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ---- toasts and undo --------------------------------------------------- */

static void
clear_undo (TaphuanWindow *self)
{
  if (self->undo_destroy != NULL && self->undo_data != NULL)
    self->undo_destroy (self->undo_data);
  self->undo_func = NULL;
  self->undo_data = NULL;
  self->undo_destroy = NULL;
  self->undo_toast = NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", FALSE);
}

static void
undo_toast_dismissed_cb (AdwToast      *toast,
                         TaphuanWindow *self)
{
  if (self->undo_toast == toast)
    clear_undo (self);
}

void
taphuan_window_show_toast (TaphuanWindow *self,
                           const char    *title)
{
  AdwToast *toast = adw_toast_new (title);

  g_return_if_fail (TAPHUAN_IS_WINDOW (self));

  g_free (self->last_toast);
  self->last_toast = g_strdup (title);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
taphuan_window_show_undo_toast (TaphuanWindow   *self,
                                const char      *title,
                                TaphuanUndoFunc  undo,
                                gpointer         user_data,
                                GDestroyNotify   destroy)
{
  AdwToast *toast;

  g_return_if_fail (TAPHUAN_IS_WINDOW (self));

  if (self->undo_toast != NULL)
    {
      AdwToast *old = self->undo_toast;
      clear_undo (self);
      adw_toast_dismiss (old);
    }
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_set_timeout (toast, 10);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (undo_toast_dismissed_cb), self, 0);
  self->undo_toast = toast;
  self->undo_func = undo;
  self->undo_data = user_data;
  self->undo_destroy = destroy;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", TRUE);
  g_free (self->last_toast);
  self->last_toast = g_strdup (title);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
taphuan_window_report_error (TaphuanWindow *self,
                             const char    *what,
                             const GError  *error)
{
  g_autofree char *text = NULL;

  /* Translators: "Could not delete the course: <reason>" */
  text = g_strdup_printf (_("%s: %s"), what, error ? error->message : _("unknown error"));
  taphuan_window_show_toast (self, text);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TaphuanWindow *self = TAPHUAN_WINDOW (widget);
  TaphuanUndoFunc func = self->undo_func;
  gpointer data = self->undo_data;
  GDestroyNotify destroy = self->undo_destroy;
  AdwToast *toast = self->undo_toast;

  if (func == NULL)
    return;
  /* Steal first: dismissing the toast must not free what undo uses. */
  self->undo_func = NULL;
  self->undo_data = NULL;
  self->undo_destroy = NULL;
  self->undo_toast = NULL;
  gtk_widget_action_set_enabled (widget, "win.undo", FALSE);
  if (toast != NULL)
    adw_toast_dismiss (toast);
  func (data);
  if (destroy != NULL)
    destroy (data);
}

/* ---- pages ------------------------------------------------------------- */

static void
update_header (TaphuanWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);
  gboolean detail = g_strcmp0 (page, "course") == 0 || g_strcmp0 (page, "person") == 0;
  gboolean ready = self->state == TAPHUAN_WINDOW_READY;

  gtk_widget_set_visible (self->back_button, ready && detail);
  gtk_widget_set_visible (self->new_course_button, ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-back", ready && detail);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-course", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-people", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print", ready);
}

static void
content_page_changed_cb (TaphuanWindow *self)
{
  update_header (self);
}

static void
select_sidebar_row (TaphuanWindow *self,
                    const char    *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      {
        if (gtk_list_box_get_selected_row (self->sidebar) != GTK_LIST_BOX_ROW (row))
          gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (row));
        return;
      }
}

static void
sidebar_row_selected_cb (GtkListBox    *box,
                         GtkListBoxRow *row,
                         TaphuanWindow *self)
{
  const char *name;

  if (row == NULL)
    return;
  name = gtk_widget_get_name (GTK_WIDGET (row));
  if (name != self->list_page)
    {
      g_free (self->list_page);
      self->list_page = g_strdup (name);
    }
  gtk_stack_set_visible_child_name (self->content_stack, name);
}

void
taphuan_window_show_page (TaphuanWindow *self,
                          const char    *name)
{
  g_return_if_fail (TAPHUAN_IS_WINDOW (self));

  if (gtk_stack_get_child_by_name (self->content_stack, name) == NULL)
    return;
  if (g_strcmp0 (name, "course") == 0 || g_strcmp0 (name, "person") == 0)
    gtk_stack_set_visible_child_name (self->content_stack, name);
  else
    {
      /* @name may be self->list_page itself. */
      char *page = g_strdup (name);

      select_sidebar_row (self, page);
      g_free (self->list_page);
      self->list_page = page;
      gtk_stack_set_visible_child_name (self->content_stack, page);
    }
}

void
taphuan_window_show_course (TaphuanWindow *self,
                            const char    *course_id)
{
  g_return_if_fail (TAPHUAN_IS_WINDOW (self));

  if (self->db == NULL)
    return;
  taphuan_course_page_set_course (self->course_page, self->db, course_id);
  gtk_stack_set_visible_child_name (self->content_stack, "course");
}

void
taphuan_window_show_person (TaphuanWindow *self,
                            const char    *person_id)
{
  g_return_if_fail (TAPHUAN_IS_WINDOW (self));

  if (self->db == NULL)
    return;
  taphuan_person_page_set_person (self->person_page, self->db, person_id);
  gtk_stack_set_visible_child_name (self->content_stack, "person");
}

void
taphuan_window_data_changed (TaphuanWindow *self,
                             TaphuanChange  change)
{
  const char *page;

  g_return_if_fail (TAPHUAN_IS_WINDOW (self));

  if (self->db == NULL)
    return;
  page = gtk_stack_get_visible_child_name (self->content_stack);
  taphuan_courses_page_reload (self->courses_page);
  taphuan_trainers_page_reload (self->trainers_page);
  taphuan_certificates_page_reload (self->certificates_page);
  if (change & TAPHUAN_CHANGED_PEOPLE)
    taphuan_people_page_reload (self->people_page);
  if (taphuan_course_page_get_course_id (self->course_page) != NULL)
    {
      if (!taphuan_course_page_reload (self->course_page) && g_strcmp0 (page, "course") == 0)
        gtk_widget_activate_action (GTK_WIDGET (self), "win.go-back", NULL);
    }
  if (taphuan_person_page_get_person_id (self->person_page) != NULL)
    {
      if (!taphuan_person_page_reload (self->person_page) && g_strcmp0 (page, "person") == 0)
        gtk_widget_activate_action (GTK_WIDGET (self), "win.go-back", NULL);
    }
}

/* ---- opening a database ------------------------------------------------ */

typedef struct
{
  char     *path;
  gboolean  create;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
open_database_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  OpenData *data = task_data;
  GError *error = NULL;
  TpDb *db;

  if (data->create)
    db = tp_db_open (data->path, &error);
  else
    db = tp_db_open_existing (data->path, &error);
  if (db == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, db, g_object_unref);
}

static void
set_state (TaphuanWindow      *self,
           TaphuanWindowState  state)
{
  static const char *names[] = { "loading", "error", "ready" };

  self->state = state;
  gtk_spinner_set_spinning (self->loading_spinner, state == TAPHUAN_WINDOW_LOADING);
  gtk_stack_set_visible_child_name (self->state_stack, names[state]);
  update_header (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
show_error (TaphuanWindow *self,
            const GError  *error)
{
  const char *title;

  if (error->domain == TP_ERROR)
    switch (error->code)
      {
      case TP_ERROR_NOT_DATABASE:
        title = _("This File Is Not a Taphuan Database");
        break;
      case TP_ERROR_CORRUPT:
        title = _("The Database Is Damaged");
        break;
      case TP_ERROR_TOO_NEW:
        title = _("The Database Needs a Newer Taphuan");
        break;
      case TP_ERROR_READ_ONLY:
        title = _("The Database Cannot Be Changed");
        break;
      case TP_ERROR_NOT_FOUND:
        title = _("The Database Was Not Found");
        break;
      default:
        title = _("Could Not Open the Database");
      }
  else
    title = _("Could Not Open the Database");

  g_free (self->error_message);
  self->error_message = g_strdup (error->message);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, error->message);
  gtk_widget_set_visible (self->restore_backup_button, g_error_matches (error, TP_ERROR, TP_ERROR_CORRUPT));
  set_state (self, TAPHUAN_WINDOW_ERROR);
}

static void
database_opened_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  TaphuanWindow *self = TAPHUAN_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = g_task_propagate_pointer (G_TASK (result), &error);
  GtkApplication *app;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (db == NULL)
    {
      show_error (self, error);
      return;
    }

  g_set_object (&self->db, db);
  taphuan_courses_page_set_db (self->courses_page, self->db);
  taphuan_trainers_page_set_db (self->trainers_page, self->db);
  taphuan_certificates_page_set_db (self->certificates_page, self->db);
  taphuan_people_page_set_db (self->people_page, self->db);
  taphuan_course_page_set_course (self->course_page, NULL, NULL);
  taphuan_person_page_set_person (self->person_page, NULL, NULL);
  set_state (self, TAPHUAN_WINDOW_READY);
  taphuan_window_show_page (self, "courses");

  app = gtk_window_get_application (GTK_WINDOW (self));
  if (TAPHUAN_IS_APPLICATION (app))
    taphuan_application_note_database (TAPHUAN_APPLICATION (app), self->path);
}

void
taphuan_window_close_database (TaphuanWindow *self)
{
  g_return_if_fail (TAPHUAN_IS_WINDOW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  clear_undo (self);

  if (self->course_editor != NULL)
    gtk_window_destroy (GTK_WINDOW (self->course_editor));
  taphuan_courses_page_set_db (self->courses_page, NULL);
  taphuan_trainers_page_set_db (self->trainers_page, NULL);
  taphuan_certificates_page_set_db (self->certificates_page, NULL);
  taphuan_people_page_set_db (self->people_page, NULL);
  taphuan_course_page_set_course (self->course_page, NULL, NULL);
  taphuan_person_page_set_person (self->person_page, NULL, NULL);
  g_clear_object (&self->db);
  set_state (self, TAPHUAN_WINDOW_LOADING);
}

void
taphuan_window_open_database (TaphuanWindow *self,
                              const char    *path,
                              gboolean       create)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *base = NULL;
  OpenData *data;

  g_return_if_fail (TAPHUAN_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  taphuan_window_close_database (self);

  g_free (self->path);
  self->path = g_strdup (path);
  base = g_path_get_basename (path);
  adw_window_title_set_subtitle (self->window_title, base);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->window_title), path);
  set_state (self, TAPHUAN_WINDOW_LOADING);

  data = g_new0 (OpenData, 1);
  data->path = g_strdup (path);
  data->create = create;
  task = g_task_new (self, self->cancellable, database_opened_cb, NULL);
  g_task_set_source_tag (task, taphuan_window_open_database);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, open_database_thread);
}

const char *
taphuan_window_get_database_path (TaphuanWindow *self)
{
  g_return_val_if_fail (TAPHUAN_IS_WINDOW (self), NULL);
  return self->path;
}

TpDb *
taphuan_window_get_db (TaphuanWindow *self)
{
  g_return_val_if_fail (TAPHUAN_IS_WINDOW (self), NULL);
  return self->db;
}

TaphuanWindowState
taphuan_window_get_state (TaphuanWindow *self)
{
  g_return_val_if_fail (TAPHUAN_IS_WINDOW (self), TAPHUAN_WINDOW_ERROR);
  return self->state;
}

const char *
taphuan_window_get_error_message (TaphuanWindow *self)
{
  g_return_val_if_fail (TAPHUAN_IS_WINDOW (self), NULL);
  return self->error_message;
}

GCancellable *
taphuan_window_get_cancellable (TaphuanWindow *self)
{
  g_return_val_if_fail (TAPHUAN_IS_WINDOW (self), NULL);
  return self->cancellable;
}

/* ---- deleting with undo ------------------------------------------------ */

typedef struct
{
  TaphuanWindow   *window;   /* weak */
  TaphuanSnapshot *snapshot;
  TaphuanChange    change;
  char            *restored_message;
} UndoDelete;

static void
undo_delete_free (gpointer user_data)
{
  UndoDelete *undo = user_data;

  g_clear_weak_pointer (&undo->window);
  taphuan_snapshot_free (undo->snapshot);
  g_free (undo->restored_message);
  g_free (undo);
}

static void
undo_delete (gpointer user_data)
{
  UndoDelete *undo = user_data;
  g_autoptr(GError) error = NULL;
  TaphuanWindow *self = undo->window;

  if (self == NULL || self->db == NULL)
    return;
  if (!taphuan_snapshot_restore (undo->snapshot, self->db, &error))
    {
      taphuan_window_report_error (self, _("Could not undo"), error);
      return;
    }
  taphuan_window_data_changed (self, undo->change);
  taphuan_window_show_toast (self, undo->restored_message);
}

static UndoDelete *
undo_delete_new (TaphuanWindow *self,
                 TaphuanChange  change)
{
  UndoDelete *undo = g_new0 (UndoDelete, 1);

  g_set_weak_pointer (&undo->window, self);
  undo->snapshot = taphuan_snapshot_new ();
  undo->change = change;
  return undo;
}

void
taphuan_window_delete_course (TaphuanWindow *self,
                              const char    *course_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpCourse) course = NULL;
  UndoDelete *undo;
  g_autofree char *title = NULL;
  static const struct { const char *table; const char *where; } parts[] = {
    { "courses", "id = ?1" },
    { "budget_lines", "course_id = ?1" },
    { "sessions", "course_id = ?1" },
    { "course_trainers", "course_id = ?1" },
    { "enrolments", "course_id = ?1" },
    { "attendance", "enrolment_id IN (SELECT id FROM enrolments WHERE course_id = ?1)" },
  };

  g_return_if_fail (TAPHUAN_IS_WINDOW (self));

  if (self->db == NULL || course_id == NULL)
    return;
  course = tp_store_get_course (self->db, course_id, &error);
  if (course == NULL)
    {
      taphuan_window_report_error (self, _("Could not delete the course"), error);
      return;
    }
  undo = undo_delete_new (self, TAPHUAN_CHANGED_COURSES);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (!taphuan_snapshot_add (undo->snapshot, self->db, parts[i].table, parts[i].where,
                               course_id, &error))
      {
        undo_delete_free (undo);
        taphuan_window_report_error (self, _("Could not delete the course"), error);
        return;
      }
  if (!tp_store_delete_course (self->db, course_id, &error))
    {
      undo_delete_free (undo);
      taphuan_window_report_error (self, _("Could not delete the course"), error);
      return;
    }
  /* Translators: %s is a course title */
  undo->restored_message = g_strdup_printf (_("“%s” restored"), course->title);
  title = g_strdup_printf (_("“%s” deleted"), course->title);
  taphuan_window_data_changed (self, TAPHUAN_CHANGED_COURSES);
  taphuan_window_show_undo_toast (self, title, undo_delete, undo, undo_delete_free);
}

typedef struct
{
  TaphuanWindow *window;  /* weak */
  char          *person_id;
} ConfirmDelete;

static void really_delete_person (TaphuanWindow *self,
                                  const char    *person_id);

static void
confirm_delete_person_cb (const char *response,
                          gpointer    user_data)
{
  ConfirmDelete *data = user_data;

  if (data->window != NULL && g_strcmp0 (response, "delete") == 0)
    really_delete_person (data->window, data->person_id);
  g_clear_weak_pointer (&data->window);
  g_free (data->person_id);
  g_free (data);
}

static void
really_delete_person (TaphuanWindow *self,
                      const char    *person_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpPerson) person = NULL;
  g_autofree char *title = NULL;
  UndoDelete *undo;
  static const struct { const char *table; const char *where; } parts[] = {
    { "people", "id = ?1" },
    { "trainer_profiles", "person_id = ?1" },
    { "course_trainers", "person_id = ?1" },
    { "enrolments", "person_id = ?1" },
    { "attendance", "enrolment_id IN (SELECT id FROM enrolments WHERE person_id = ?1)" },
  };

  person = tp_store_get_person (self->db, person_id, &error);
  if (person == NULL)
    {
      taphuan_window_report_error (self, _("Could not delete the person"), error);
      return;
    }
  undo = undo_delete_new (self, TAPHUAN_CHANGED_ALL);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (!taphuan_snapshot_add (undo->snapshot, self->db, parts[i].table, parts[i].where,
                               person_id, &error))
      {
        undo_delete_free (undo);
        taphuan_window_report_error (self, _("Could not delete the person"), error);
        return;
      }
  if (!tp_store_delete_person (self->db, person_id, &error))
    {
      undo_delete_free (undo);
      taphuan_window_report_error (self, _("Could not delete the person"), error);
      return;
    }
  /* Translators: %s is a person's full name */
  undo->restored_message = g_strdup_printf (_("%s restored"), person->full_name);
  title = g_strdup_printf (_("%s deleted"), person->full_name);
  taphuan_window_data_changed (self, TAPHUAN_CHANGED_ALL);
  taphuan_window_show_undo_toast (self, title, undo_delete, undo, undo_delete_free);
}

void
taphuan_window_delete_person (TaphuanWindow *self,
                              const char    *person_id)
{
  guint n_enrolments = 0, n_marks = 0, n_certificates = 0;
  g_autoptr(TpPerson) person = NULL;
  g_autoptr(GString) body = NULL;
  g_autofree char *heading = NULL;
  ConfirmDelete *data;
  GtkWidget *alert;

  g_return_if_fail (TAPHUAN_IS_WINDOW (self));

  if (self->db == NULL || person_id == NULL)
    return;
  tp_store_person_dependents (self->db, person_id, &n_enrolments, &n_marks, &n_certificates);
  /* Without attendance there is nothing to warn about; with certificates
   * the core refuses and its toast says why (revoke or anonymise). */
  if (n_marks == 0 || n_certificates > 0)
    {
      really_delete_person (self, person_id);
      return;
    }

  person = tp_store_get_person (self->db, person_id, NULL);
  /* Translators: %s is a person's full name */
  heading = g_strdup_printf (_("Delete %s?"), person ? person->full_name : "");
  body = g_string_new (NULL);
  g_string_append_printf (body,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "This person is enrolled in %u course",
                                       "This person is enrolled in %u courses",
                                       n_enrolments),
                          n_enrolments);
  g_string_append (body, " ");
  g_string_append_printf (body,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "with %u attendance record.",
                                       "with %u attendance records.", n_marks),
                          n_marks);
  g_string_append (body, " ");
  g_string_append (body, _("The enrolments and attendance records are deleted with the person "
                           "and course figures change."));

  alert = taphuan_compat_alert_new (heading, body->str);
  taphuan_compat_alert_add_response (alert, "cancel", _("_Cancel"), FALSE, FALSE);
  taphuan_compat_alert_add_response (alert, "delete", _("_Delete"), TRUE, FALSE);
  data = g_new0 (ConfirmDelete, 1);
  g_set_weak_pointer (&data->window, self);
  data->person_id = g_strdup (person_id);
  g_set_weak_pointer (&self->alert, alert);
  taphuan_compat_alert_present (alert, GTK_WIDGET (self), confirm_delete_person_cb, data);
}

/* ---- actions ----------------------------------------------------------- */

static void
course_editor_saved_cb (TaphuanCourseEditor *editor,
                        const char          *course_id,
                        TaphuanWindow       *self)
{
  taphuan_window_data_changed (self, TAPHUAN_CHANGED_COURSES);
  taphuan_window_show_course (self, course_id);
}

static void
open_course_editor (TaphuanWindow *self,
                    const char    *course_id)
{
  TaphuanCourseEditor *editor;

  if (self->db == NULL)
    return;
  if (self->course_editor != NULL)
    gtk_window_destroy (GTK_WINDOW (self->course_editor));
  editor = taphuan_course_editor_new (self->db, course_id);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (self));
  g_signal_connect_object (editor, "saved", G_CALLBACK (course_editor_saved_cb), self, 0);
  g_set_weak_pointer (&self->course_editor, editor);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
new_course_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  open_course_editor (TAPHUAN_WINDOW (widget), NULL);
}

static void
edit_course_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TaphuanWindow *self = TAPHUAN_WINDOW (widget);
  const char *id = g_variant_get_string (param, NULL);

  open_course_editor (self, id[0] ? id : taphuan_course_page_get_course_id (self->course_page));
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  TaphuanWindow *self = TAPHUAN_WINDOW (widget);

  taphuan_window_show_page (self, self->list_page ? self->list_page : "courses");
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  taphuan_window_show_page (TAPHUAN_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TaphuanWindow *self = TAPHUAN_WINDOW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);

  if (g_strcmp0 (page, "people") == 0 || g_strcmp0 (page, "person") == 0)
    {
      taphuan_window_show_page (self, "people");
      taphuan_people_page_focus_search (self->people_page);
    }
  else
    {
      taphuan_window_show_page (self, "courses");
      taphuan_courses_page_focus_search (self->courses_page);
    }
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TaphuanWindow *self = TAPHUAN_WINDOW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);

  if (g_strcmp0 (page, "courses") == 0)
    taphuan_window_delete_course (self, taphuan_courses_page_get_selected_id (self->courses_page));
  else if (g_strcmp0 (page, "course") == 0)
    taphuan_window_delete_course (self, taphuan_course_page_get_course_id (self->course_page));
  else if (g_strcmp0 (page, "people") == 0)
    taphuan_window_delete_person (self, taphuan_people_page_get_selected_id (self->people_page));
  else if (g_strcmp0 (page, "person") == 0)
    taphuan_window_delete_person (self, taphuan_person_page_get_person_id (self->person_page));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  TaphuanWindow *self = TAPHUAN_WINDOW (widget);
  const char *page = gtk_stack_get_visible_child_name (self->content_stack);

  /* The course's documents; the dialog's Document tab picks which. */
  if (g_strcmp0 (page, "course") == 0 && self->db != NULL)
    taphuan_print_course (GTK_WINDOW (self), self->db,
                          taphuan_course_page_get_course_id (self->course_page), TP_DOCUMENT_SIGNIN);
  else
    taphuan_window_show_toast (self, _("Open a course to print its sign-in sheets and lists"));
}

static void
import_people_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  gtk_window_present (GTK_WINDOW (taphuan_import_dialog_new (TAPHUAN_WINDOW (widget))));
}

/* ---- window state ------------------------------------------------------ */

static GSettings *
get_settings (TaphuanWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!TAPHUAN_IS_APPLICATION (app))
    return NULL;
  return taphuan_application_get_settings (TAPHUAN_APPLICATION (app));
}

static gboolean
taphuan_window_close_request (GtkWindow *window)
{
  TaphuanWindow *self = TAPHUAN_WINDOW (window);
  GSettings *settings = get_settings (self);

  g_cancellable_cancel (self->cancellable);
  if (settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
    }
  return GTK_WINDOW_CLASS (taphuan_window_parent_class)->close_request (window);
}

static void
taphuan_window_constructed (GObject *object)
{
  TaphuanWindow *self = TAPHUAN_WINDOW (object);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings = get_settings (self);

  G_OBJECT_CLASS (taphuan_window_parent_class)->constructed (object);

  if (settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  if (TAPHUAN_IS_APPLICATION (app))
    g_menu_append_section (self->recent_section, NULL,
                           taphuan_application_get_recent_menu (TAPHUAN_APPLICATION (app)));
}

static void
taphuan_window_dispose (GObject *object)
{
  TaphuanWindow *self = TAPHUAN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  clear_undo (self);
  if (self->course_editor != NULL)
    gtk_window_destroy (GTK_WINDOW (self->course_editor));
  g_clear_weak_pointer (&self->course_editor);
  g_clear_weak_pointer (&self->alert);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_WINDOW);

  G_OBJECT_CLASS (taphuan_window_parent_class)->dispose (object);
}

static void
taphuan_window_finalize (GObject *object)
{
  TaphuanWindow *self = TAPHUAN_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->db);
  g_free (self->path);
  g_free (self->error_message);
  g_free (self->list_page);
  g_free (self->last_toast);

  G_OBJECT_CLASS (taphuan_window_parent_class)->finalize (object);
}

static void
taphuan_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TaphuanWindow *self = TAPHUAN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
taphuan_window_class_init (TaphuanWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = taphuan_window_constructed;
  object_class->dispose = taphuan_window_dispose;
  object_class->finalize = taphuan_window_finalize;
  object_class->get_property = taphuan_window_get_property;
  window_class->close_request = taphuan_window_close_request;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, 0, TAPHUAN_WINDOW_READY, TAPHUAN_WINDOW_LOADING,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TAPHUAN_TYPE_COURSES_PAGE);
  g_type_ensure (TAPHUAN_TYPE_COURSE_PAGE);
  g_type_ensure (TAPHUAN_TYPE_PEOPLE_PAGE);
  g_type_ensure (TAPHUAN_TYPE_PERSON_PAGE);
  g_type_ensure (TAPHUAN_TYPE_TRAINERS_PAGE);
  g_type_ensure (TAPHUAN_TYPE_CERTIFICATES_PAGE);
  g_type_ensure (TAPHUAN_TYPE_REPORTS_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TaphuanWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TaphuanWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, TaphuanWindow, new_course_button);
  gtk_widget_class_bind_template_child (widget_class, TaphuanWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TaphuanWindow, state_stack);
  gtk_widget_class_bind_template_child (widget_class, TaphuanWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, TaphuanWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, TaphuanWindow, restore_backup_button);
  gtk_widget_class_bind_template_child (widget_class, TaphuanWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, TaphuanWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, TaphuanWindow, courses_page);
  gtk_widget_class_bind_template_child (widget_class, TaphuanWindow, course_page);
  gtk_widget_class_bind_template_child (widget_class, TaphuanWindow, people_page);
  gtk_widget_class_bind_template_child (widget_class, TaphuanWindow, person_page);
  gtk_widget_class_bind_template_child (widget_class, TaphuanWindow, trainers_page);
  gtk_widget_class_bind_template_child (widget_class, TaphuanWindow, certificates_page);
  gtk_widget_class_bind_template_child (widget_class, TaphuanWindow, recent_section);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, content_page_changed_cb);

  gtk_widget_class_install_action (widget_class, "win.new-course", NULL, new_course_action);
  gtk_widget_class_install_action (widget_class, "win.edit-course", "s", edit_course_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.import-people", NULL, import_people_action);

  /* Delete only reaches the window when no entry used the key. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "win.delete", NULL);
}

static void
taphuan_window_init (TaphuanWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->list_page = g_strdup ("courses");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", FALSE);
  set_state (self, TAPHUAN_WINDOW_LOADING);
  taphuan_data_safety_attach (self);
#ifdef DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

TaphuanWindow *
taphuan_window_new (TaphuanApplication *app)
{
  return g_object_new (TAPHUAN_TYPE_WINDOW, "application", app, NULL);
}

/* ---- for tests --------------------------------------------------------- */

TaphuanCoursesPage *
_taphuan_window_get_courses_page (TaphuanWindow *self)
{
  return self->courses_page;
}

TaphuanCoursePage *
_taphuan_window_get_course_page (TaphuanWindow *self)
{
  return self->course_page;
}

TaphuanPeoplePage *
_taphuan_window_get_people_page (TaphuanWindow *self)
{
  return self->people_page;
}

TaphuanPersonPage *
_taphuan_window_get_person_page (TaphuanWindow *self)
{
  return self->person_page;
}

TaphuanTrainersPage *
_taphuan_window_get_trainers_page (TaphuanWindow *self)
{
  return self->trainers_page;
}

TaphuanCourseEditor *
_taphuan_window_get_course_editor (TaphuanWindow *self)
{
  return self->course_editor;
}

GtkWidget *
_taphuan_window_get_alert (TaphuanWindow *self)
{
  return self->alert;
}

const char *
_taphuan_window_get_visible_page (TaphuanWindow *self)
{
  return gtk_stack_get_visible_child_name (self->content_stack);
}

const char *
_taphuan_window_get_error_title (TaphuanWindow *self)
{
  return adw_status_page_get_title (self->error_page);
}

const char *
_taphuan_window_get_last_toast (TaphuanWindow *self)
{
  return self->last_toast;
}
