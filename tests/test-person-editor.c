/* test-person-editor.c: the person editor records ethnicity only with the
 * person's consent while the office requires it (privacy.require_consent,
 * on by default; docs/data-safety.md), with the consent's date and how it
 * was given. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "taphuan-person-editor.h"
#include "tp-privacy.h"
#include "tp-store.h"

typedef struct {
  char *dir;
  TpDb *db;
  char *saved_id;
} Fixture;

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("taphuan-person-editor-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "office.db", NULL);
  f->db = tp_db_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  spin (50);
  g_clear_object (&f->db);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
  g_free (f->saved_id);
}

static void
saved_cb (TaphuanPersonEditor *editor,
          const char          *id,
          Fixture             *f)
{
  g_free (f->saved_id);
  f->saved_id = g_strdup (id);
}

/* A new person "Lò Thị Mai", woman, born 1990, ethnicity Thái chosen. */
static TaphuanPersonEditor *
new_editor (Fixture *f)
{
  TaphuanPersonEditor *editor = taphuan_person_editor_new (f->db, NULL, "Lò Thị Mai");
  GtkDropDown *ethnicity;
  GListModel *model;
  guint thai = GTK_INVALID_LIST_POSITION;

  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), f);
  gtk_window_present (GTK_WINDOW (editor));
  gtk_editable_set_text (GTK_EDITABLE (taphuan_person_editor_get_field (editor, "birth_year")), "1990");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (taphuan_person_editor_get_field (editor, "sex")), 1);
  ethnicity = GTK_DROP_DOWN (taphuan_person_editor_get_field (editor, "ethnicity"));
  model = gtk_drop_down_get_model (ethnicity);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);
      g_autofree char *id = NULL;

      if (g_object_class_find_property (G_OBJECT_GET_CLASS (item), "id") == NULL)
        continue;
      g_object_get (item, "id", &id, NULL);
      if (g_strcmp0 (id, "thai") == 0)
        thai = i;
    }
  g_assert_cmpuint (thai, !=, GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (ethnicity, thai);
  return editor;
}

static GtkWidget *
ethnicity_row (TaphuanPersonEditor *editor)
{
  GtkWidget *row = gtk_widget_get_ancestor (taphuan_person_editor_get_field (editor, "ethnicity"),
                                            ADW_TYPE_ACTION_ROW);
  g_assert_nonnull (row);
  return row;
}

static TpPerson *
saved_person (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  TpPerson *p;

  g_assert_nonnull (f->saved_id);
  p = tp_store_get_person (f->db, f->saved_id, &error);
  g_assert_no_error (error);
  return p;
}

static void
test_no_consent (Fixture       *f,
                 gconstpointer  data)
{
  TaphuanPersonEditor *editor = new_editor (f);
  g_autoptr(TpPerson) p = NULL;

  /* Without the switch the ethnicity cannot be chosen... */
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (taphuan_person_editor_get_field (editor, "consent"))));
  g_assert_false (gtk_widget_get_sensitive (ethnicity_row (editor)));
  g_assert_false (gtk_widget_get_sensitive (taphuan_person_editor_get_field (editor, "consent_date")));
  g_assert_true (taphuan_person_editor_can_save (editor));

  /* ... and is not saved, even though a value was selected. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  p = saved_person (f);
  g_assert_cmpstr (p->full_name, ==, "Lò Thị Mai");
  g_assert_null (p->ethnicity_id);
  g_assert_false (p->consent_sensitive);
  g_assert_cmpuint (tp_privacy_count_without_consent (f->db), ==, 0);
}

static void
test_with_consent (Fixture       *f,
                   gconstpointer  data)
{
  TaphuanPersonEditor *editor = new_editor (f);
  GtkWidget *date = taphuan_person_editor_get_field (editor, "consent_date");
  GtkWidget *method = taphuan_person_editor_get_field (editor, "consent_method");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(TpPerson) p = NULL;

  gtk_switch_set_active (GTK_SWITCH (taphuan_person_editor_get_field (editor, "consent")), TRUE);
  g_assert_true (gtk_widget_get_sensitive (ethnicity_row (editor)));
  g_assert_true (gtk_widget_get_sensitive (date));
  /* Today by default; a wrong date is named and blocks saving. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date)), ==, today);
  gtk_editable_set_text (GTK_EDITABLE (date), "2026-02-30");
  g_assert_nonnull (taphuan_person_editor_get_field_error (editor, "consent_date"));
  g_assert_false (taphuan_person_editor_can_save (editor));
  gtk_editable_set_text (GTK_EDITABLE (date), "2026-03-02");
  gtk_editable_set_text (GTK_EDITABLE (method), "Phiếu đăng ký có chữ ký");
  g_assert_null (taphuan_person_editor_get_field_error (editor, "consent_date"));
  g_assert_true (taphuan_person_editor_can_save (editor));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  p = saved_person (f);
  g_assert_cmpstr (p->ethnicity_id, ==, "thai");
  g_assert_true (p->consent_sensitive);
  g_assert_cmpstr (p->consent_date, ==, "2026-03-02");
  g_assert_cmpstr (p->consent_method, ==, "Phiếu đăng ký có chữ ký");

  /* Opened again: the consent is shown as recorded. */
  editor = taphuan_person_editor_new (f->db, p->id, NULL);
  gtk_window_present (GTK_WINDOW (editor));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (taphuan_person_editor_get_field (editor, "consent"))));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (taphuan_person_editor_get_field (editor, "consent_date"))),
                   ==, "2026-03-02");
  gtk_window_destroy (GTK_WINDOW (editor));
}

/* An office that turned the rule off records ethnicity without consent. */
static void
test_rule_off (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  TaphuanPersonEditor *editor;
  g_autoptr(TpPerson) p = NULL;

  g_assert_true (tp_db_set_setting (f->db, "privacy.require_consent", "0", &error));
  editor = new_editor (f);
  g_assert_true (gtk_widget_get_sensitive (ethnicity_row (editor)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  p = saved_person (f);
  g_assert_cmpstr (p->ethnicity_id, ==, "thai");
  g_assert_false (p->consent_sensitive);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

  g_test_add ("/person-editor/no-consent", Fixture, NULL, fixture_setup, test_no_consent, fixture_teardown);
  g_test_add ("/person-editor/with-consent", Fixture, NULL, fixture_setup, test_with_consent, fixture_teardown);
  g_test_add ("/person-editor/rule-off", Fixture, NULL, fixture_setup, test_rule_off, fixture_teardown);
  return g_test_run ();
}
