/* taphuan-compat.h: one place for the API that differs between GTK 4.8 /
 * libadwaita 1.2 (Debian 12) and the newer GNOME runtime: file choosers,
 * alert dialogs and the about dialog. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Asks for a database file to open (@save FALSE) or to create (@save TRUE,
 * @initial_name suggested). Finish returns NULL with G_IO_ERROR_CANCELLED
 * when the user cancels. */
void       taphuan_compat_choose_file_async  (GtkWindow           *parent,
                                              const char          *title,
                                              gboolean             save,
                                              const char          *initial_name,
                                              GtkFileFilter       *filter,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GFile     *taphuan_compat_choose_file_finish (GAsyncResult        *result,
                                              GError             **error);

typedef void (*TaphuanAlertCallback) (const char *response,
                                      gpointer    user_data);

/* An alert (AdwAlertDialog or AdwMessageDialog). The first response added
 * is the close response; the one flagged @suggested is the default. */
GtkWidget *taphuan_compat_alert_new          (const char          *heading,
                                              const char          *body);
void       taphuan_compat_alert_add_response (GtkWidget           *alert,
                                              const char          *id,
                                              const char          *label,
                                              gboolean             destructive,
                                              gboolean             suggested);
void       taphuan_compat_alert_present      (GtkWidget           *alert,
                                              GtkWidget           *parent,
                                              TaphuanAlertCallback callback,
                                              gpointer             user_data);
/* Answers an alert as if the user had clicked @response (for tests). */
void       taphuan_compat_alert_respond      (GtkWidget           *alert,
                                              const char          *response);

/* AdwAboutDialog or AdwAboutWindow with the given properties set. */
void       taphuan_compat_show_about         (GtkWidget           *parent,
                                              const char          *first_property,
                                              ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS

G_BEGIN_DECLS

/* adw_preferences_page_scroll_to_top() is libadwaita 1.3. */
void       taphuan_compat_scroll_to_top      (AdwPreferencesPage  *page);

G_END_DECLS
