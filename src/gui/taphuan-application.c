/* taphuan-application.c: application actions, the recent-databases list
 * and choosing which window opens which database. */
#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>

#include "taphuan-application.h"
#include "taphuan-compat.h"
#include "taphuan-preferences-window.h"
#include "taphuan-window.h"
#include "tp-db.h"

#define MAX_RECENT 8

struct _TaphuanApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  GMenu          *recent_menu;
};

G_DEFINE_FINAL_TYPE (TaphuanApplication, taphuan_application, ADW_TYPE_APPLICATION)

static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;
  return g_settings_new (APP_ID);
}

static gboolean
is_c_locale (const char *name)
{
  return name == NULL || g_str_equal (name, "C") || g_str_equal (name, "POSIX");
}

/* Preferences ▸ Language: an explicit interface language overrides the
 * desktop's through LANGUAGE. gettext ignores LANGUAGE when LC_MESSAGES is C
 * or POSIX, so such a locale becomes C.UTF-8 (present in every glibc and in
 * the Flatpak runtime). This runs before gtk_init, which calls
 * setlocale (LC_ALL, "") again: hence environment variables, not just
 * setlocale (). */
static void
apply_ui_language (const char *lang)
{
  const char *messages;

  g_setenv ("LANGUAGE", lang, TRUE);
  messages = setlocale (LC_MESSAGES, "");
  if (!is_c_locale (messages))
    return;
  /* LC_ALL overrides LC_MESSAGES; an unsupported locale fails as a whole. */
  if (messages == NULL || (g_getenv ("LC_ALL") != NULL && *g_getenv ("LC_ALL") != '\0'))
    g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  else
    g_setenv ("LC_MESSAGES", "C.UTF-8", TRUE);
}

void
taphuan_application_setup_i18n (void)
{
  g_autoptr(GSettings) settings = settings_new_if_installed ();
  const char *localedir = g_getenv ("TAPHUAN_LOCALEDIR");

  if (settings != NULL)
    {
      g_autofree char *lang = g_settings_get_string (settings, "ui-language");

      if (lang[0] != '\0')
        apply_ui_language (lang);
    }
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

static TaphuanWindow *
find_window_for_path (TaphuanApplication *self,
                      const char         *path)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (TAPHUAN_IS_WINDOW (l->data)
        && g_strcmp0 (taphuan_window_get_database_path (l->data), path) == 0)
      return l->data;
  return NULL;
}

static TaphuanWindow *
get_active_window (TaphuanApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (TAPHUAN_IS_WINDOW (window))
    return TAPHUAN_WINDOW (window);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (TAPHUAN_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
taphuan_application_activate (GApplication *app)
{
  TaphuanApplication *self = TAPHUAN_APPLICATION (app);
  TaphuanWindow *window = get_active_window (self);
  g_autofree char *path = NULL;

  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  if (self->settings != NULL)
    path = g_settings_get_string (self->settings, "last-database");
  if (path == NULL || path[0] == '\0' || !g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_free (path);
      path = tp_db_default_path ();
    }
  window = taphuan_window_new (self);
  gtk_window_present (GTK_WINDOW (window));
  taphuan_window_open_database (window, path, TRUE);
}

static void
taphuan_application_open (GApplication  *app,
                          GFile        **files,
                          int            n_files,
                          const char    *hint)
{
  TaphuanApplication *self = TAPHUAN_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);
      TaphuanWindow *window;

      if (path == NULL)
        continue;
      window = find_window_for_path (self, path);
      if (window == NULL)
        {
          window = taphuan_window_new (self);
          taphuan_window_open_database (window, path, TRUE);
        }
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
rebuild_recent_menu (TaphuanApplication *self)
{
  g_auto(GStrv) recent = NULL;

  g_menu_remove_all (self->recent_menu);
  if (self->settings == NULL)
    return;
  recent = g_settings_get_strv (self->settings, "recent-databases");
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *base = g_path_get_basename (recent[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (base, NULL);

      g_menu_item_set_action_and_target_value (item, "app.open-recent",
                                               g_variant_new_string (recent[i]));
      g_menu_append_item (self->recent_menu, item);
    }
}

void
taphuan_application_note_database (TaphuanApplication *self,
                                   const char         *path)
{
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) updated = NULL;
  guint n = 1;

  g_return_if_fail (TAPHUAN_IS_APPLICATION (self));

  if (self->settings == NULL || path == NULL)
    return;
  g_settings_set_string (self->settings, "last-database", path);
  recent = g_settings_get_strv (self->settings, "recent-databases");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, path);
  for (guint i = 0; recent[i] != NULL && n < MAX_RECENT; i++)
    if (g_strcmp0 (recent[i], path) != 0)
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-databases", (const char *const *) updated);
}

GMenuModel *
taphuan_application_get_recent_menu (TaphuanApplication *self)
{
  g_return_val_if_fail (TAPHUAN_IS_APPLICATION (self), NULL);
  return G_MENU_MODEL (self->recent_menu);
}

GSettings *
taphuan_application_get_settings (TaphuanApplication *self)
{
  g_return_val_if_fail (TAPHUAN_IS_APPLICATION (self), NULL);
  return self->settings;
}

/* ---- actions ----------------------------------------------------------- */

static GtkFileFilter *
database_filter_new (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Taphuan Databases"));
  gtk_file_filter_add_mime_type (filter, "application/x-taphuan-database");
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_filter_add_pattern (filter, "*.taphuan");
  return filter;
}

typedef struct
{
  TaphuanApplication *app;
  gboolean            create;
} ChooseData;

static void
database_chosen_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autofree ChooseData *data = user_data;
  g_autoptr(TaphuanApplication) self = data->app;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = taphuan_compat_choose_file_finish (result, &error);
  g_autofree char *path = NULL;
  TaphuanWindow *window;

  if (file == NULL)
    return;
  path = g_file_get_path (file);
  if (path == NULL)
    return;
  window = find_window_for_path (self, path);
  if (window == NULL)
    {
      window = object != NULL && TAPHUAN_IS_WINDOW (object) ? TAPHUAN_WINDOW (object)
                                                             : get_active_window (self);
      if (window == NULL)
        window = taphuan_window_new (self);
      /* A new database replaces what is open in this window; opening an
       * existing one never creates a file by mistake. */
      taphuan_window_open_database (window, path, data->create);
    }
  gtk_window_present (GTK_WINDOW (window));
}

static void
choose_database (TaphuanApplication *self,
                 gboolean            create)
{
  g_autoptr(GtkFileFilter) filter = database_filter_new ();
  TaphuanWindow *window = get_active_window (self);
  ChooseData *data = g_new0 (ChooseData, 1);

  data->app = g_object_ref (self);
  data->create = create;
  taphuan_compat_choose_file_async (GTK_WINDOW (window),
                                    create ? _("New Database") : _("Open Database"),
                                    create,
                                    /* Translators: file name suggested for a new database */
                                    create ? _("training.db") : NULL,
                                    filter, NULL, database_chosen_cb, data);
}

static void
new_database_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  choose_database (TAPHUAN_APPLICATION (user_data), TRUE);
}

static void
open_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  choose_database (TAPHUAN_APPLICATION (user_data), FALSE);
}

static void
open_recent_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  TaphuanApplication *self = TAPHUAN_APPLICATION (user_data);
  const char *path = g_variant_get_string (param, NULL);
  TaphuanWindow *window = find_window_for_path (self, path);

  if (window == NULL)
    {
      window = get_active_window (self);
      if (window == NULL)
        window = taphuan_window_new (self);
      taphuan_window_open_database (window, path, FALSE);
    }
  gtk_window_present (GTK_WINDOW (window));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  TaphuanApplication *self = TAPHUAN_APPLICATION (user_data);
  TaphuanWindow *window = get_active_window (self);
  TaphuanPreferencesWindow *prefs;

  if (window == NULL)
    return;
  prefs = taphuan_preferences_window_new (window);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  TaphuanWindow *window = get_active_window (TAPHUAN_APPLICATION (user_data));

  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  TaphuanWindow *window = get_active_window (TAPHUAN_APPLICATION (user_data));
  const char *developers[] = { _("The Taphuan developers"), NULL };

  taphuan_compat_show_about (GTK_WIDGET (window),
                             "application-name", _("Taphuan"),
                             "application-icon", APP_ID,
                             "version", PACKAGE_VERSION,
                             "developer-name", _("The Taphuan developers"),
                             "developers", developers,
                             "comments", _("Plan training courses, keep one register of people, "
                                           "record attendance and report figures by sex and "
                                           "ethnicity."),
                             "license-type", GTK_LICENSE_GPL_3_0,
                             /* Translators: your names, one per line */
                             "translator-credits", _("translator-credits"),
                             NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  TaphuanApplication *self = TAPHUAN_APPLICATION (user_data);
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing lets each window save its size and cancel its work. */
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_application_quit (G_APPLICATION (self));
}

static const GActionEntry app_actions[] = {
  { "new-database", new_database_action },
  { "open", open_action },
  { "open-recent", open_recent_action, "s" },
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
taphuan_application_startup (GApplication *app)
{
  TaphuanApplication *self = TAPHUAN_APPLICATION (app);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.new-database", { "<Control><Shift>n", NULL } },
    { "app.open", { "<Control>o", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.quit", { "<Control>q", NULL } },
    { "win.show-help-overlay", { "<Control>question", NULL } },
    { "win.new-course", { "<Control>n", NULL } },
    { "win.search", { "<Control>f", NULL } },
    { "win.print", { "<Control>p", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.go-back", { "<Alt>Left", NULL } },
    { "win.show-page('courses')", { "<Alt>1", NULL } },
    { "win.show-page('people')", { "<Alt>2", NULL } },
    { "win.show-page('trainers')", { "<Alt>3", NULL } },
    { "win.show-page('certificates')", { "<Alt>4", NULL } },
    { "win.show-page('reports')", { "<Alt>5", NULL } },
  };

  G_APPLICATION_CLASS (taphuan_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::recent-databases",
                             G_CALLBACK (rebuild_recent_menu), self, G_CONNECT_SWAPPED);
  rebuild_recent_menu (self);
  gtk_window_set_default_icon_name (APP_ID);
}

static void
taphuan_application_dispose (GObject *object)
{
  TaphuanApplication *self = TAPHUAN_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->recent_menu);

  G_OBJECT_CLASS (taphuan_application_parent_class)->dispose (object);
}

static void
taphuan_application_class_init (TaphuanApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = taphuan_application_dispose;
  app_class->activate = taphuan_application_activate;
  app_class->open = taphuan_application_open;
  app_class->startup = taphuan_application_startup;
}

static void
taphuan_application_init (TaphuanApplication *self)
{
  self->settings = settings_new_if_installed ();
  self->recent_menu = g_menu_new ();
}

TaphuanApplication *
taphuan_application_new (void)
{
  return g_object_new (TAPHUAN_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/taphuan/Taphuan",
                       NULL);
}
