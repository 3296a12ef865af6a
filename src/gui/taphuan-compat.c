/* taphuan-compat.c: newer GTK/libadwaita API where available, the 4.8/1.2
 * equivalent otherwise. Keep each newer side small and obvious: it cannot
 * be built on the development machines. */
#include "config.h"

#include <glib/gi18n.h>

#include "taphuan-compat.h"

/* ---- file chooser ------------------------------------------------------ */

#if GTK_CHECK_VERSION (4, 10, 0)

static void
file_dialog_done_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GFile *file;

  if (GPOINTER_TO_INT (g_task_get_task_data (task)))
    file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, &error);
  else
    file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, &error);

  if (file == NULL)
    {
      /* GTK_DIALOG_ERROR_DISMISSED is what the user's Cancel looks like. */
      if (g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED)
          || g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("No file was chosen"));
        }
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, file, g_object_unref);
}

void
taphuan_compat_choose_file_async (GtkWindow           *parent,
                                  const char          *title,
                                  gboolean             save,
                                  const char          *initial_name,
                                  GtkFileFilter       *filter,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  GTask *task = g_task_new (parent, cancellable, callback, user_data);

  g_task_set_task_data (task, GINT_TO_POINTER (save), NULL);
  gtk_file_dialog_set_title (dialog, title);
  gtk_file_dialog_set_modal (dialog, TRUE);
  if (filter != NULL)
    gtk_file_dialog_set_default_filter (dialog, filter);
  if (save)
    {
      if (initial_name != NULL)
        gtk_file_dialog_set_initial_name (dialog, initial_name);
      gtk_file_dialog_save (dialog, parent, cancellable, file_dialog_done_cb, task);
    }
  else
    gtk_file_dialog_open (dialog, parent, cancellable, file_dialog_done_cb, task);
}

#else /* GTK 4.8 */

static void
native_response_cb (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(GTask) task = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      GFile *file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        g_task_return_pointer (task, file, g_object_unref);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                 _("The chosen item is not a local file"));
    }
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("No file was chosen"));
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

void
taphuan_compat_choose_file_async (GtkWindow           *parent,
                                  const char          *title,
                                  gboolean             save,
                                  const char          *initial_name,
                                  GtkFileFilter       *filter,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GtkFileChooserNative *native;
  GTask *task = g_task_new (parent, cancellable, callback, user_data);

  native = gtk_file_chooser_native_new (title, parent,
                                        save ? GTK_FILE_CHOOSER_ACTION_SAVE
                                             : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        save ? _("_Create") : _("_Open"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  if (save && initial_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), initial_name);
  g_signal_connect (native, "response", G_CALLBACK (native_response_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

#endif

GFile *
taphuan_compat_choose_file_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- alerts ------------------------------------------------------------ */

#if ADW_CHECK_VERSION (1, 5, 0)
# define ALERT(w) ADW_ALERT_DIALOG (w)
# define alert_add_response adw_alert_dialog_add_response
# define alert_set_response_appearance adw_alert_dialog_set_response_appearance
# define alert_set_default_response adw_alert_dialog_set_default_response
# define alert_set_close_response adw_alert_dialog_set_close_response
# define alert_get_close_response adw_alert_dialog_get_close_response
#else
# define ALERT(w) ADW_MESSAGE_DIALOG (w)
# define alert_add_response adw_message_dialog_add_response
# define alert_set_response_appearance adw_message_dialog_set_response_appearance
# define alert_set_default_response adw_message_dialog_set_default_response
# define alert_set_close_response adw_message_dialog_set_close_response
# define alert_get_close_response adw_message_dialog_get_close_response
#endif

typedef struct
{
  TaphuanAlertCallback callback;
  gpointer             user_data;
} AlertData;

GtkWidget *
taphuan_compat_alert_new (const char *heading,
                          const char *body)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  return adw_alert_dialog_new (heading, body);
#else
  return adw_message_dialog_new (NULL, heading, body);
#endif
}

void
taphuan_compat_alert_add_response (GtkWidget  *alert,
                                   const char *id,
                                   const char *label,
                                   gboolean    destructive,
                                   gboolean    suggested)
{
  gboolean first = g_object_get_data (G_OBJECT (alert), "taphuan-has-response") == NULL;

  alert_add_response (ALERT (alert), id, label);
  if (destructive)
    alert_set_response_appearance (ALERT (alert), id, ADW_RESPONSE_DESTRUCTIVE);
  else if (suggested)
    alert_set_response_appearance (ALERT (alert), id, ADW_RESPONSE_SUGGESTED);
  if (suggested || destructive)
    alert_set_default_response (ALERT (alert), id);
  if (first)
    {
      alert_set_close_response (ALERT (alert), id);
      g_object_set_data (G_OBJECT (alert), "taphuan-has-response", GINT_TO_POINTER (1));
    }
}

static void
alert_response_cb (GtkWidget  *alert,
                   const char *response,
                   gpointer    user_data)
{
  AlertData *data = user_data;

  if (data->callback != NULL)
    data->callback (response, data->user_data);
  data->callback = NULL;
}

void
taphuan_compat_alert_present (GtkWidget            *alert,
                              GtkWidget            *parent,
                              TaphuanAlertCallback  callback,
                              gpointer              user_data)
{
  AlertData *data = g_new0 (AlertData, 1);

  data->callback = callback;
  data->user_data = user_data;
  g_signal_connect_data (alert, "response", G_CALLBACK (alert_response_cb),
                         data, (GClosureNotify) (void (*) (void)) g_free, 0);
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (alert), parent);
#else
  gtk_window_set_transient_for (GTK_WINDOW (alert),
                                GTK_WINDOW (gtk_widget_get_root (parent)));
  gtk_window_set_modal (GTK_WINDOW (alert), TRUE);
  gtk_window_present (GTK_WINDOW (alert));
#endif
}

void
taphuan_compat_alert_respond (GtkWidget  *alert,
                              const char *response)
{
  g_signal_emit_by_name (alert, "response", response);
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_force_close (ADW_DIALOG (alert));
#else
  gtk_window_destroy (GTK_WINDOW (alert));
#endif
}

/* ---- about ------------------------------------------------------------- */

void
taphuan_compat_show_about (GtkWidget  *parent,
                           const char *first_property,
                           ...)
{
  GObject *about;
  va_list args;

#if ADW_CHECK_VERSION (1, 5, 0)
  about = g_object_new (ADW_TYPE_ABOUT_DIALOG, NULL);
#else
  about = g_object_new (ADW_TYPE_ABOUT_WINDOW, NULL);
#endif
  va_start (args, first_property);
  g_object_set_valist (about, first_property, args);
  va_end (args);
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (about), parent);
#else
  gtk_window_set_transient_for (GTK_WINDOW (about), GTK_WINDOW (gtk_widget_get_root (parent)));
  gtk_window_set_modal (GTK_WINDOW (about), TRUE);
  gtk_window_present (GTK_WINDOW (about));
#endif
}

/* ---- scrolling --------------------------------------------------------- */

static GtkScrolledWindow *
find_scrolled_window (GtkWidget *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    return GTK_SCROLLED_WINDOW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrolledWindow *found = find_scrolled_window (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

void
taphuan_compat_scroll_to_top (AdwPreferencesPage *page)
{
#if ADW_CHECK_VERSION (1, 3, 0)
  adw_preferences_page_scroll_to_top (page);
#else
  GtkScrolledWindow *scrolled = find_scrolled_window (GTK_WIDGET (page));

  if (scrolled != NULL)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scrolled), 0);
#endif
}
