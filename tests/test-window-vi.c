/* test-window-vi.c: the main window in Vietnamese. The catalogue comes from
 * the build tree ($TAPHUAN_LOCALEDIR/vi/LC_MESSAGES/taphuan.mo); without it
 * the test is skipped and says why. */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "taphuan-course-editor.h"
#include "taphuan-window-private.h"

static char *mo_path;

#define WAIT_FOR(cond) \
  G_STMT_START { \
    gint64 _end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC; \
    while (!(cond)) \
      { \
        g_assert_cmpint (g_get_monotonic_time (), <, _end); \
        g_main_context_iteration (NULL, FALSE); \
        g_usleep (1000); \
      } \
  } G_STMT_END

/* The isolated XDG dirs hide the system MIME database, without which GTK
 * cannot tell that its icons are SVG; add the system data dirs back. */
static void
use_system_data_dirs (void)
{
  g_autofree char *dirs = g_strconcat (g_getenv ("XDG_DATA_DIRS"), ":/usr/local/share:/usr/share", NULL);
  g_setenv ("XDG_DATA_DIRS", dirs, TRUE);
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

/* The translation of @english, which must differ from it. */
static const char *
vi (const char *english)
{
  const char *translated = g_dgettext (GETTEXT_PACKAGE, english);

  if (g_strcmp0 (translated, english) == 0)
    g_test_message ("not translated: “%s”", english);
  g_assert_cmpstr (translated, !=, english);
  return translated;
}

static TaphuanWindow *
open_window (const char *path,
             gboolean    create)
{
  TaphuanWindow *window = taphuan_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  taphuan_window_open_database (window, path, create);
  WAIT_FOR (taphuan_window_get_state (window) != TAPHUAN_WINDOW_LOADING);
  return window;
}

static void
test_vietnamese (void)
{
  g_autofree char *dir = NULL, *path = NULL, *text = NULL;
  TaphuanWindow *window;
  TaphuanCourseEditor *editor;
  GtkWidget *title;

  if (!g_file_test (mo_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *why = g_strdup_printf ("no Vietnamese catalogue at %s", mo_path);
      g_test_skip (why);
      return;
    }

  use_system_data_dirs ();
  dir = g_dir_make_tmp ("taphuan-vi-XXXXXX", NULL);
  path = g_build_filename (dir, "vanphong.db", NULL);
  window = open_window (path, TRUE);
  g_assert_cmpint (taphuan_window_get_state (window), ==, TAPHUAN_WINDOW_READY);

  /* The sidebar and the welcome page speak Vietnamese. */
  g_assert_true (has_label (GTK_WIDGET (window), vi ("Courses")));
  g_assert_true (has_label (GTK_WIDGET (window), vi ("People")));
  g_assert_true (has_label (GTK_WIDGET (window), vi ("Welcome to Taphuan")));
  g_assert_false (has_label (GTK_WIDGET (window), "Welcome to Taphuan"));

  /* So do the editor's messages, which come from the core. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-course", NULL);
  editor = _taphuan_window_get_course_editor (window);
  title = taphuan_course_editor_get_field (editor, "title");
  gtk_editable_set_text (GTK_EDITABLE (title), "x");
  gtk_editable_set_text (GTK_EDITABLE (title), "");
  g_assert_cmpstr (taphuan_course_editor_get_field_error (editor, "title"), ==,
                   vi ("The course title is required"));
  gtk_window_destroy (GTK_WINDOW (editor));
  gtk_window_destroy (GTK_WINDOW (window));

  /* And the explanation of a file that is not a database. */
  g_remove (path);
  g_file_set_contents (path, "không phải cơ sở dữ liệu\n", -1, NULL);
  window = open_window (path, FALSE);
  g_assert_cmpint (taphuan_window_get_state (window), ==, TAPHUAN_WINDOW_ERROR);
  g_assert_cmpstr (_taphuan_window_get_error_title (window), ==,
                   vi ("This File Is Not a Taphuan Database"));
  text = g_strdup_printf (vi ("“%s” is not a Taphuan database: it is not an SQLite file"), path);
  g_assert_cmpstr (taphuan_window_get_error_message (window), ==, text);
  g_assert_true (has_label (GTK_WIDGET (window), vi ("_Open Another…")));
  gtk_window_destroy (GTK_WINDOW (window));

  g_remove (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("TAPHUAN_LOCALEDIR");

  /* Before anything reads the locale. */
  g_setenv ("LANGUAGE", "vi", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  if (localedir == NULL)
    localedir = LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  mo_path = g_build_filename (localedir, "vi", "LC_MESSAGES", GETTEXT_PACKAGE ".mo", NULL);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/window/vietnamese", test_vietnamese);
  return g_test_run ();
}
