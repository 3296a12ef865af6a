/* test-data-safety-ui.c: Back Up Now, Restore, the damaged-file state,
 * history with Revert and anonymising from a person's page, driven through
 * the window's actions on a real database under a virtual X display. */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "taphuan-backup-dialog.h"
#include "taphuan-compat.h"
#include "taphuan-data-safety.h"
#include "taphuan-history-dialog.h"
#include "taphuan-people-page.h"
#include "taphuan-person-item.h"
#include "taphuan-person-slot.h"
#include "taphuan-preferences-window.h"
#include "taphuan-window-private.h"
#include "tp-backup.h"
#include "tp-history.h"
#include "tp-privacy.h"
#include "tp-store.h"

typedef struct
{
  char          *dir;
  char          *path;
  TaphuanWindow *window;
} Fixture;

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

#define WAIT_FOR(cond) \
  G_STMT_START { \
    gint64 _end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC; \
    while (!(cond)) \
      { \
        g_assert_cmpint (g_get_monotonic_time (), <, _end); \
        g_main_context_iteration (NULL, FALSE); \
        g_usleep (1000); \
      } \
  } G_STMT_END

static void
screenshot (GtkWidget  *widget,
            const char *name)
{
  const char *dir = g_getenv ("TAPHUAN_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *png = NULL;
  int width, height;

  if (dir == NULL)
    return;
  spin (400);
  paintable = gtk_widget_paintable_new (widget);
  width = gdk_paintable_get_intrinsic_width (paintable);
  height = gdk_paintable_get_intrinsic_height (paintable);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  png = g_strdup_printf ("%s/data-safety-%s.png", dir, name);
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_test_message ("screenshot: %s", png);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *dirs = g_strconcat (g_getenv ("XDG_DATA_DIRS"), ":/usr/local/share:/usr/share", NULL);
  GError *error = NULL;

  g_setenv ("XDG_DATA_DIRS", dirs, TRUE);
  gtk_icon_theme_add_search_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                  "/usr/share/icons");
  f->dir = g_dir_make_tmp ("taphuan-ds-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "office.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  spin (200);
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static char *
add_person (TpDb       *db,
            const char *name,
            const char *phone)
{
  g_autoptr(TpPerson) p = tp_person_new ();
  GError *error = NULL;

  p->full_name = g_strdup (name);
  p->sex = TP_SEX_FEMALE;
  p->birth_year = 1985;
  p->phone = g_strdup (phone);
  p->organization = g_strdup ("Hội LHPN xã Mường Kim");
  g_assert_true (tp_store_save_person (db, p, &error));
  g_assert_no_error (error);
  return g_strdup (p->id);
}

static void
open_window (Fixture *f)
{
  f->window = taphuan_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 720);
  gtk_window_present (GTK_WINDOW (f->window));
  taphuan_window_open_database (f->window, f->path, FALSE);
  WAIT_FOR (taphuan_window_get_state (f->window) != TAPHUAN_WINDOW_LOADING);
}

/* The names the People list shows, joined by "|". */
static char *
people_list_names (Fixture *f)
{
  TaphuanPeoplePage *page = _taphuan_window_get_people_page (f->window);
  GListModel *model;
  GString *names = g_string_new (NULL);

  WAIT_FOR (!taphuan_people_page_is_loading (page));
  model = taphuan_people_page_get_model (page);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TaphuanPersonSlot) slot = g_list_model_get_item (model, i);

      g_string_append_printf (names, "%s|",
                              taphuan_person_item_get_name (taphuan_person_slot_get_item (slot)));
    }
  return g_string_free (names, FALSE);
}

static gboolean
toast_starts_with (Fixture    *f,
                   const char *prefix)
{
  const char *toast = _taphuan_window_get_last_toast (f->window);

  return toast != NULL && g_str_has_prefix (toast, prefix);
}

/* ---- back up now and restore ------------------------------------------- */

static void
test_backup_restore (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "chosen-backup.db", NULL);
  g_autofree char *names = NULL, *id = NULL, *text = NULL, *expected = NULL;
  g_autoptr(TpBackupContents) contents = NULL;
  g_autoptr(GPtrArray) list = NULL;
  TaphuanBackupDialog *dialog;
  GtkWidget *alert;
  gboolean kept = FALSE;
  TpDb *db;

  {
    GError *error = NULL;
    g_autoptr(TpDb) setup = tp_db_open (f->path, &error);
    g_assert_no_error (error);
    g_free (add_person (setup, "Đặng Thị Hoa", "0912 345 678"));
  }
  open_window (f);
  g_assert_cmpint (taphuan_window_get_state (f->window), ==, TAPHUAN_WINDOW_READY);
  /* Today's backup is made in the background at start-up. */
  WAIT_FOR (({ g_autoptr(GPtrArray) l = tp_backup_list (f->path); l->len >= 1; }));

  /* Back Up Now, through the action, to a chosen file. */
  _taphuan_data_safety_set_chosen_file (f->window, copy);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.backup", NULL);
  /* The messages are compared translated, so the test also runs in Vietnamese. */
  expected = g_strdup_printf (_("Backed up to “%s”"), "chosen-backup.db");
  WAIT_FOR (toast_starts_with (f, expected));
  contents = tp_backup_inspect (copy, TRUE);
  g_assert_true (contents->readable);
  g_assert_cmpuint (contents->n_people, ==, 1);

  /* A change after the backup. */
  db = taphuan_window_get_db (f->window);
  id = add_person (db, "Lò Văn Páo", NULL);
  taphuan_window_data_changed (f->window, TAPHUAN_CHANGED_PEOPLE);
  names = people_list_names (f);
  g_assert_nonnull (strstr (names, "Lò Văn Páo"));
  g_clear_pointer (&names, g_free);

  /* Restore…: the list of backups with what each holds. */
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.restore", NULL);
  dialog = TAPHUAN_BACKUP_DIALOG (_taphuan_data_safety_get_dialog (f->window));
  g_assert_nonnull (dialog);
  g_assert_cmpuint (taphuan_backup_dialog_get_n_backups (dialog), >=, 1);
  g_free (expected);
  expected = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person", "%u people", 1), 1);
  WAIT_FOR (strstr (_taphuan_backup_dialog_get_row_text (dialog, 0), expected) != NULL);
  g_test_message ("backup row: %s", _taphuan_backup_dialog_get_row_text (dialog, 0));
  screenshot (GTK_WIDGET (dialog), "restore-dialog");

  /* Any Taphuan database file: the one Back Up Now wrote. */
  taphuan_backup_dialog_choose (dialog, copy);
  WAIT_FOR (_taphuan_data_safety_get_alert (f->window) != NULL);
  alert = _taphuan_data_safety_get_alert (f->window);
  screenshot (alert, "restore-confirm");
  taphuan_compat_alert_respond (alert, "restore");
  g_free (expected);
  expected = g_strdup_printf (_("Restored from “%s”; the previous database was kept as a backup"),
                              "chosen-backup.db");
  WAIT_FOR (toast_starts_with (f, expected));
  WAIT_FOR (taphuan_window_get_state (f->window) == TAPHUAN_WINDOW_READY);

  /* The change is gone, in the file and in the window. */
  db = taphuan_window_get_db (f->window);
  g_assert_null (tp_store_get_person (db, id, NULL));
  names = people_list_names (f);
  g_assert_null (strstr (names, "Lò Văn Páo"));
  g_assert_nonnull (strstr (names, "Đặng Thị Hoa"));
  /* And what was replaced is kept as a backup. */
  list = tp_backup_list (f->path);
  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((TpBackupInfo *) list->pdata[i])->reason, "before-restore"))
      {
        g_autoptr(TpBackupContents) before = tp_backup_inspect (((TpBackupInfo *) list->pdata[i])->path, FALSE);
        g_assert_cmpuint (before->n_people, ==, 2);
        kept = TRUE;
      }
  g_assert_true (kept);
  text = g_strdup (_taphuan_window_get_last_toast (f->window));
  g_test_message ("%s", text);
}

/* ---- a damaged database ------------------------------------------------ */

static void
test_damaged (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *contents = NULL;
  gsize len;
  GtkWidget *alert;

  {
    GError *error = NULL;
    g_autoptr(TpDb) db = tp_db_open (f->path, &error);
    g_autofree char *made = NULL;

    g_assert_no_error (error);
    for (int i = 0; i < 40; i++)
      {
        g_autofree char *name = g_strdup_printf ("Giàng Thị Sua %d", i);
        g_free (add_person (db, name, NULL));
      }
    made = tp_backup_make (db, "daily", &error);
    g_assert_no_error (error);
  }
  g_assert_true (g_file_get_contents (f->path, &contents, &len, NULL));
  g_assert_cmpuint (len, >, 8192);
  memset (contents + 4096, 0xA5, len - 4096);
  g_assert_true (g_file_set_contents (f->path, contents, len, NULL));

  open_window (f);
  g_assert_cmpint (taphuan_window_get_state (f->window), ==, TAPHUAN_WINDOW_ERROR);
  g_assert_cmpstr (_taphuan_window_get_error_title (f->window), ==, _("The Database Is Damaged"));
  screenshot (GTK_WIDGET (f->window), "damaged");
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.restore-newest-backup", NULL);
  WAIT_FOR (_taphuan_data_safety_get_alert (f->window) != NULL);
  alert = _taphuan_data_safety_get_alert (f->window);
  screenshot (alert, "damaged-confirm");
  taphuan_compat_alert_respond (alert, "restore");
  WAIT_FOR (taphuan_window_get_state (f->window) == TAPHUAN_WINDOW_READY);
  {
    g_autofree char *names = people_list_names (f);
    g_assert_nonnull (strstr (names, "Giàng Thị Sua 39"));
  }
}

/* ---- history and revert ------------------------------------------------ */

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *id = NULL, *text = NULL;
  g_autoptr(TpPerson) person = NULL;
  g_autoptr(TpPerson) after = NULL;
  g_autoptr(GError) error = NULL;
  TaphuanHistoryDialog *dialog;
  GtkWidget *button;
  guint n;
  TpDb *db;

  {
    g_autoptr(TpDb) setup = tp_db_open (f->path, &error);
    g_assert_no_error (error);
  }
  open_window (f);
  db = taphuan_window_get_db (f->window);
  id = add_person (db, "Đặng Thị Hoa", "0912 345 678");
  person = tp_store_get_person (db, id, &error);
  g_assert_no_error (error);
  g_free (person->phone);
  person->phone = g_strdup ("0988 111 222");
  g_assert_true (tp_store_save_person (db, person, &error));
  g_assert_no_error (error);
  taphuan_window_data_changed (f->window, TAPHUAN_CHANGED_PEOPLE);
  taphuan_window_show_person (f->window, id);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.person-history", NULL);
  dialog = TAPHUAN_HISTORY_DIALOG (_taphuan_data_safety_get_dialog (f->window));
  g_assert_nonnull (dialog);
  n = taphuan_history_dialog_get_n_entries (dialog);
  g_assert_cmpuint (n, ==, 2);
  text = _taphuan_history_dialog_get_entry_text (dialog, 0);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, tp_history_op_label (TP_HISTORY_UPDATE)));
  g_assert_nonnull (strstr (text, "0912 345 678 → 0988 111 222"));
  screenshot (GTK_WIDGET (dialog), "history");

  button = _taphuan_history_dialog_get_revert_button (dialog, 0);
  g_assert_true (gtk_widget_get_sensitive (button));
  /* The addition cannot be reverted while a later change touches it. */
  g_assert_false (gtk_widget_get_sensitive (_taphuan_history_dialog_get_revert_button (dialog, 1)));
  g_assert_nonnull (gtk_widget_get_tooltip_text (_taphuan_history_dialog_get_revert_button (dialog, 1)));
  {
    g_autofree char *added = _taphuan_history_dialog_get_entry_text (dialog, 1);
    g_autofree char *reason = g_strdup (_("\nCannot be reverted: %s"));

    *strstr (reason, "%s") = '\0';
    g_assert_nonnull (strstr (added, reason));
  }
  g_signal_emit_by_name (button, "clicked");
  after = tp_store_get_person (db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->phone, ==, "0912 345 678");
  /* The revert is itself in the history, and the list refreshed. */
  g_assert_cmpuint (taphuan_history_dialog_get_n_entries (dialog), ==, n + 1);
  g_clear_pointer (&text, g_free);
  text = _taphuan_history_dialog_get_entry_text (dialog, 0);
  g_assert_nonnull (strstr (text, "0988 111 222 → 0912 345 678"));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* ---- anonymise and delete ---------------------------------------------- */

static void
test_anonymise (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = NULL, *other = NULL, *anon = NULL, *names = NULL;
  g_autoptr(TpPerson) person = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *alert;
  TpDb *db;

  {
    g_autoptr(TpDb) setup = tp_db_open (f->path, &error);
    g_assert_no_error (error);
    id = add_person (setup, "Đặng Thị Hoa", "0912 345 678");
    other = add_person (setup, "Lò Thị Ngọc", NULL);
  }
  open_window (f);
  db = taphuan_window_get_db (f->window);
  taphuan_window_show_person (f->window, id);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.person-anonymise", NULL);
  alert = _taphuan_data_safety_get_alert (f->window);
  g_assert_nonnull (alert);
  screenshot (alert, "anonymise-confirm");
  /* Cancel changes nothing. */
  taphuan_compat_alert_respond (alert, "cancel");
  spin (50);
  person = tp_store_get_person (db, id, &error);
  g_assert_cmpstr (person->full_name, ==, "Đặng Thị Hoa");
  g_clear_pointer (&person, tp_person_free);

  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.person-anonymise", NULL);
  alert = _taphuan_data_safety_get_alert (f->window);
  taphuan_compat_alert_respond (alert, "anonymise");
  spin (50);
  anon = tp_privacy_anonymous_name (id);
  person = tp_store_get_person (db, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (person->full_name, ==, anon);
  g_assert_null (person->phone);
  g_assert_cmpint (person->birth_year, ==, 1985);
  /* The list shows the anonymised label, and the name nowhere. */
  names = people_list_names (f);
  g_test_message ("%s", names);
  g_assert_nonnull (strstr (names, anon));
  g_assert_null (strstr (names, "Đặng Thị Hoa"));
  g_assert_true (g_str_equal (_taphuan_window_get_visible_page (f->window), "person"));

  /* Delete Permanently, with the backups. */
  taphuan_window_show_person (f->window, other);
  gtk_widget_activate_action (GTK_WIDGET (f->window), "win.person-delete-permanently", NULL);
  alert = _taphuan_data_safety_get_alert (f->window);
  g_assert_nonnull (alert);
  screenshot (alert, "delete-confirm");
  taphuan_compat_alert_respond (alert, "delete");
  spin (50);
  g_assert_null (tp_store_get_person (db, other, NULL));
  g_clear_pointer (&names, g_free);
  names = people_list_names (f);
  g_assert_null (strstr (names, "Lò Thị Ngọc"));
  {
    g_autofree char *toast = g_strdup_printf (_("%s was deleted permanently"), "Lò Thị Ngọc");
    g_assert_cmpstr (_taphuan_window_get_last_toast (f->window), ==, toast);
  }
}

/* ---- preferences -------------------------------------------------------- */

static void
test_preferences (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TaphuanPreferencesWindow *prefs;

  {
    g_autoptr(TpDb) setup = tp_db_open (f->path, &error);
    g_assert_no_error (error);
  }
  open_window (f);
  prefs = taphuan_preferences_window_new (f->window);
  gtk_window_present (GTK_WINDOW (prefs));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (prefs), "privacy");
  screenshot (GTK_WIDGET (prefs), "preferences-privacy");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* ---- another program writes ------------------------------------------- */

static gboolean
list_has (Fixture    *f,
          const char *name)
{
  g_autofree char *names = people_list_names (f);

  return strstr (names, name) != NULL;
}

static void
test_other_writer (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) other = NULL;

  {
    g_autoptr(TpDb) setup = tp_db_open (f->path, &error);
    g_assert_no_error (error);
  }
  open_window (f);
  g_assert_false (list_has (f, "Sùng A Lử"));
  /* A second connection, as taphuan-cli would be: the window notices. */
  other = tp_db_open (f->path, &error);
  g_assert_no_error (error);
  g_free (add_person (other, "Sùng A Lử", NULL));
  WAIT_FOR (list_has (f, "Sùng A Lử"));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("TAPHUAN_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  g_test_add ("/data-safety/backup-restore", Fixture, NULL, fixture_setup, test_backup_restore, fixture_teardown);
  g_test_add ("/data-safety/damaged", Fixture, NULL, fixture_setup, test_damaged, fixture_teardown);
  g_test_add ("/data-safety/history", Fixture, NULL, fixture_setup, test_history, fixture_teardown);
  g_test_add ("/data-safety/anonymise", Fixture, NULL, fixture_setup, test_anonymise, fixture_teardown);
  g_test_add ("/data-safety/other-writer", Fixture, NULL, fixture_setup, test_other_writer, fixture_teardown);
  g_test_add ("/data-safety/preferences", Fixture, NULL, fixture_setup, test_preferences, fixture_teardown);
  return g_test_run ();
}
