/* test-session-enrolment-editors.c: adding and editing a course's sessions
 * (date inside the course, one session per date and part) and editing an
 * enrolment's status and test scores, as a user of the dialogs would. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "taphuan-course-page.h"
#include "taphuan-enrolment-editor.h"
#include "taphuan-session-editor.h"
#include "tp-store.h"

typedef struct {
  char *dir;
  TpDb *db;
  char *course_id;
  char *trainer_id;
  char *person_id;
  char *saved_id;
} Fixture;

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static char *
add_person (TpDb       *db,
            const char *name,
            TpSex       sex)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpPerson) p = tp_person_new ();

  p->full_name = g_strdup (name);
  p->sex = sex;
  p->birth_year = 1988;
  g_assert_true (tp_store_save_person (db, p, &error));
  g_assert_no_error (error);
  return g_strdup (p->id);
}

/* A three-day course (2 to 4 March 2026) with one trainer and one person
 * enrolled, and no sessions yet. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(TpCourse) course = tp_course_new ();
  g_autoptr(TpEnrolment) e = tp_enrolment_new ();

  f->dir = g_dir_make_tmp ("taphuan-session-editors-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "office.db", NULL);
  f->db = tp_db_open (path, &error);
  g_assert_no_error (error);

  course->code = g_strdup ("LCU-BDG-03");
  course->title = g_strdup ("Tập huấn về bình đẳng giới cho cán bộ xã");
  course->type_id = g_strdup ("tot-gender-equality");
  course->start_date = g_strdup ("2026-03-02");
  course->end_date = g_strdup ("2026-03-04");
  g_assert_true (tp_store_save_course (f->db, course, &error));
  g_assert_no_error (error);
  f->course_id = g_strdup (course->id);

  f->trainer_id = add_person (f->db, "Nguyễn Thị Hoa", TP_SEX_FEMALE);
  g_assert_true (tp_store_set_course_trainer (f->db, f->course_id, f->trainer_id, TP_ROLE_LEAD, &error));
  g_assert_no_error (error);

  f->person_id = add_person (f->db, "Lò Văn Páo", TP_SEX_MALE);
  e->course_id = g_strdup (f->course_id);
  e->person_id = g_strdup (f->person_id);
  g_assert_true (tp_store_enrol (f->db, e, &error));
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
  g_free (f->course_id);
  g_free (f->trainer_id);
  g_free (f->person_id);
  g_free (f->saved_id);
}

static void
saved_cb (GtkWindow  *editor,
          const char *id,
          Fixture    *f)
{
  g_free (f->saved_id);
  f->saved_id = g_strdup (id);
}

static GPtrArray *
sessions (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = tp_store_list_sessions (f->db, f->course_id, &error);

  g_assert_no_error (error);
  return list;
}

static TaphuanSessionEditor *
session_editor (Fixture    *f,
                const char *session_id)
{
  TaphuanSessionEditor *editor = taphuan_session_editor_new (f->db, f->course_id, session_id);

  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), f);
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}

static void
set_text (GtkWidget  *field,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (field), text);
}

static void
test_add_session (Fixture       *f,
                  gconstpointer  data)
{
  TaphuanSessionEditor *editor = session_editor (f, NULL);
  GtkDropDown *trainer = GTK_DROP_DOWN (taphuan_session_editor_get_field (editor, "trainer"));
  GListModel *trainers = gtk_drop_down_get_model (trainer);
  g_autoptr(GPtrArray) list = NULL;
  const TpSession *s;

  /* A new session starts on the course's first free morning. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (taphuan_session_editor_get_field (editor, "date"))),
                   ==, "2026-03-02");
  g_assert_true (taphuan_session_editor_can_save (editor));
  /* "None" and the course's one trainer. */
  g_assert_cmpuint (g_list_model_get_n_items (trainers), ==, 2);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (trainers), 1), ==, "Nguyễn Thị Hoa");

  set_text (taphuan_session_editor_get_field (editor, "date"), "2026-03-03");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (taphuan_session_editor_get_field (editor, "part")),
                              TP_PART_AFTERNOON);
  set_text (taphuan_session_editor_get_field (editor, "topic"), "Luật Bình đẳng giới");
  gtk_drop_down_set_selected (trainer, 1);
  g_assert_null (taphuan_session_editor_get_field_error (editor, "date"));
  g_assert_true (taphuan_session_editor_can_save (editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));

  g_assert_nonnull (f->saved_id);
  list = sessions (f);
  g_assert_cmpuint (list->len, ==, 1);
  s = g_ptr_array_index (list, 0);
  g_assert_cmpstr (s->id, ==, f->saved_id);
  g_assert_cmpstr (s->date, ==, "2026-03-03");
  g_assert_cmpint (s->part, ==, TP_PART_AFTERNOON);
  g_assert_cmpstr (s->topic, ==, "Luật Bình đẳng giới");
  g_assert_cmpstr (s->trainer_id, ==, f->trainer_id);
}

static void
test_date_outside (Fixture       *f,
                   gconstpointer  data)
{
  TaphuanSessionEditor *editor = session_editor (f, NULL);
  GtkWidget *date = taphuan_session_editor_get_field (editor, "date");
  GtkWidget *save = NULL;
  const char *message;
  g_autoptr(GPtrArray) list = NULL;

  set_text (date, "2026-04-01");
  message = taphuan_session_editor_get_field_error (editor, "date");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "outside the course dates"));
  g_assert_nonnull (strstr (message, "2026-04-01"));
  g_assert_true (gtk_widget_has_css_class (date, "error"));
  g_assert_false (taphuan_session_editor_can_save (editor));

  /* The Save button is disabled and the action saves nothing. */
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (editor)); w != NULL;)
    {
      if (GTK_IS_BUTTON (w) && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (w)), "editor.save") == 0)
        {
          save = w;
          break;
        }
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w) == GTK_WIDGET (editor) ? NULL : gtk_widget_get_parent (w);
          if (w != NULL)
            w = gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (save);
  g_assert_false (gtk_widget_is_sensitive (save));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  g_assert_null (f->saved_id);
  list = sessions (f);
  g_assert_cmpuint (list->len, ==, 0);

  /* An impossible day is refused too; a day inside the course is fine. */
  set_text (date, "2026-02-30");
  g_assert_nonnull (taphuan_session_editor_get_field_error (editor, "date"));
  g_assert_false (taphuan_session_editor_can_save (editor));
  set_text (date, "2026-03-04");
  g_assert_null (taphuan_session_editor_get_field_error (editor, "date"));
  g_assert_false (gtk_widget_has_css_class (date, "error"));
  g_assert_true (gtk_widget_is_sensitive (save));
  gtk_window_destroy (GTK_WINDOW (editor));
}

static void
test_edit_part (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL, after = NULL;
  TaphuanSessionEditor *editor;
  const TpSession *first, *s = NULL;
  GtkDropDown *part;

  g_assert_cmpint (tp_store_generate_sessions (f->db, f->course_id, &error), ==, 6);
  before = sessions (f);
  first = g_ptr_array_index (before, 0);
  g_assert_cmpint (first->part, ==, TP_PART_MORNING);

  editor = session_editor (f, first->id);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (editor)), ==, "Edit Session");
  part = GTK_DROP_DOWN (taphuan_session_editor_get_field (editor, "part"));
  g_assert_cmpuint (gtk_drop_down_get_selected (part), ==, TP_PART_MORNING);

  /* The afternoon of that day is taken already... */
  gtk_drop_down_set_selected (part, TP_PART_AFTERNOON);
  g_assert_nonnull (strstr (taphuan_session_editor_get_field_error (editor, "date"), "already has"));
  g_assert_false (taphuan_session_editor_can_save (editor));
  /* ... a full day is not. */
  gtk_drop_down_set_selected (part, TP_PART_FULL_DAY);
  g_assert_null (taphuan_session_editor_get_field_error (editor, "date"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_cmpstr (f->saved_id, ==, first->id);

  after = sessions (f);
  g_assert_cmpuint (after->len, ==, 6);
  for (guint i = 0; i < after->len; i++)
    if (g_strcmp0 (((TpSession *) g_ptr_array_index (after, i))->id, first->id) == 0)
      s = g_ptr_array_index (after, i);
  g_assert_nonnull (s);
  g_assert_cmpint (s->part, ==, TP_PART_FULL_DAY);
  g_assert_cmpstr (s->date, ==, "2026-03-02");
}

static TaphuanEnrolmentEditor *
enrolment_editor (Fixture *f)
{
  TaphuanEnrolmentEditor *editor = taphuan_enrolment_editor_new (f->db, f->course_id, f->person_id);

  g_assert_nonnull (editor);
  g_signal_connect (editor, "saved", G_CALLBACK (saved_cb), f);
  gtk_window_present (GTK_WINDOW (editor));
  return editor;
}

static void
test_enrolment_scores (Fixture       *f,
                       gconstpointer  data)
{
  TaphuanEnrolmentEditor *editor = enrolment_editor (f);
  g_autoptr(TpEnrolment) e = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (taphuan_enrolment_editor_get_field (editor, "status"))),
                    ==, TP_ENROLMENT_REGISTERED);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (taphuan_enrolment_editor_get_field (editor, "post_test"))), ==, "");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (taphuan_enrolment_editor_get_field (editor, "status")),
                              TP_ENROLMENT_COMPLETED);
  set_text (taphuan_enrolment_editor_get_field (editor, "pre_test"), "5,5");
  set_text (taphuan_enrolment_editor_get_field (editor, "post_test"), "7.5");
  g_assert_null (taphuan_enrolment_editor_get_field_error (editor, "pre_test"));
  g_assert_null (taphuan_enrolment_editor_get_field_error (editor, "post_test"));
  g_assert_true (taphuan_enrolment_editor_can_save (editor));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_nonnull (f->saved_id);

  e = tp_store_get_enrolment (f->db, f->course_id, f->person_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (e->status, ==, TP_ENROLMENT_COMPLETED);
  g_assert_cmpfloat_with_epsilon (e->post_test, 7.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (e->pre_test, 5.5, 1e-9);

  /* Opened again, the dialog shows what was saved; emptied, a score is none. */
  editor = enrolment_editor (f);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (taphuan_enrolment_editor_get_field (editor, "post_test"))), ==, "7.5");
  set_text (taphuan_enrolment_editor_get_field (editor, "pre_test"), "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_clear_pointer (&e, tp_enrolment_free);
  e = tp_store_get_enrolment (f->db, f->course_id, f->person_id, &error);
  g_assert_cmpfloat (e->pre_test, <, 0);
  g_assert_cmpfloat_with_epsilon (e->post_test, 7.5, 1e-9);
}

static void
test_enrolment_score_refused (Fixture       *f,
                              gconstpointer  data)
{
  TaphuanEnrolmentEditor *editor = enrolment_editor (f);
  GtkWidget *post = taphuan_enrolment_editor_get_field (editor, "post_test");
  g_autoptr(TpEnrolment) e = NULL;
  const char *message;

  set_text (post, "11");
  message = taphuan_enrolment_editor_get_field_error (editor, "post_test");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "11"));
  g_assert_nonnull (strstr (message, "between 0 and 10"));
  g_assert_null (taphuan_enrolment_editor_get_field_error (editor, "pre_test"));
  g_assert_true (gtk_widget_has_css_class (post, "error"));
  g_assert_false (taphuan_enrolment_editor_can_save (editor));
  gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL);
  g_assert_null (f->saved_id);
  e = tp_store_get_enrolment (f->db, f->course_id, f->person_id, NULL);
  g_assert_cmpfloat (e->post_test, <, 0);

  set_text (post, "7.25");
  g_assert_nonnull (taphuan_enrolment_editor_get_field_error (editor, "post_test"));
  set_text (post, "bảy");
  g_assert_nonnull (taphuan_enrolment_editor_get_field_error (editor, "post_test"));
  set_text (post, "10");
  g_assert_null (taphuan_enrolment_editor_get_field_error (editor, "post_test"));
  g_assert_true (taphuan_enrolment_editor_can_save (editor));
  gtk_window_destroy (GTK_WINDOW (editor));
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *tooltip)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_widget_get_tooltip_text (child), tooltip) == 0)
        return child;
      if ((found = find_button (child, tooltip)) != NULL)
        return found;
    }
  return NULL;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        return GTK_WINDOW (w);
    }
  return NULL;
}

/* The course page opens the dialogs and shows what they saved. */
static void
test_course_page (Fixture       *f,
                  gconstpointer  data)
{
  GtkWidget *window = gtk_window_new ();
  TaphuanCoursePage *page = g_object_new (TAPHUAN_TYPE_COURSE_PAGE, NULL);
  GtkWindow *editor;
  GtkWidget *edit;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  taphuan_course_page_set_course (page, f->db, f->course_id);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpuint (taphuan_course_page_get_n_sessions (page), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "course.add-session", NULL));
  editor = find_toplevel (TAPHUAN_TYPE_SESSION_EDITOR);
  g_assert_nonnull (editor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_cmpuint (taphuan_course_page_get_n_sessions (page), ==, 1);
  g_assert_nonnull (find_button (GTK_WIDGET (page), "Edit Session…"));

  edit = find_button (GTK_WIDGET (page), "Status and Scores…");
  g_assert_nonnull (edit);
  g_signal_emit_by_name (edit, "clicked");
  editor = find_toplevel (TAPHUAN_TYPE_ENROLMENT_EDITOR);
  g_assert_nonnull (editor);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (taphuan_enrolment_editor_get_field (TAPHUAN_ENROLMENT_EDITOR (editor), "status")),
                              TP_ENROLMENT_WITHDRAWN);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  /* Withdrawn people are no longer counted among the enrolled. */
  g_assert_cmpstr (taphuan_course_page_get_summary (page), ==, "0 women, 0 men");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  const char *outdir = g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".";
  g_autofree char *png = g_build_filename (outdir, name, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gdk_paintable_get_intrinsic_width (paintable);
  int height = gdk_paintable_get_intrinsic_height (paintable);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_test_message ("screenshot: %s", png);
}

/* Both dialogs showing a message, in the language of the run
 * (LANGUAGE=vi TAPHUAN_SHOT_LANG=vi for Vietnamese). */
static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  const char *lang = g_getenv ("TAPHUAN_SHOT_LANG") ? g_getenv ("TAPHUAN_SHOT_LANG") : "en";
  g_autofree char *session_png = g_strdup_printf ("screenshot-session-editor-%s.png", lang);
  g_autofree char *enrolment_png = g_strdup_printf ("screenshot-enrolment-editor-%s.png", lang);
  TaphuanSessionEditor *session = session_editor (f, NULL);
  TaphuanEnrolmentEditor *enrolment;

  set_text (taphuan_session_editor_get_field (session, "date"), "2026-04-01");
  set_text (taphuan_session_editor_get_field (session, "topic"), "Luật Bình đẳng giới");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (taphuan_session_editor_get_field (session, "trainer")), 1);
  spin (400);
  save_png (GTK_WIDGET (session), session_png);
  gtk_window_destroy (GTK_WINDOW (session));

  enrolment = enrolment_editor (f);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (taphuan_enrolment_editor_get_field (enrolment, "status")),
                              TP_ENROLMENT_COMPLETED);
  set_text (taphuan_enrolment_editor_get_field (enrolment, "pre_test"), "5.5");
  set_text (taphuan_enrolment_editor_get_field (enrolment, "post_test"), "11");
  spin (400);
  save_png (GTK_WIDGET (enrolment), enrolment_png);
  gtk_window_destroy (GTK_WINDOW (enrolment));
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("TAPHUAN_LOCALEDIR");

  /* The assertions read English; only a screenshot run keeps LANGUAGE. */
  if (g_getenv ("TAPHUAN_SHOT_LANG") == NULL)
    g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/session-editor/add", test_add_session);
  ADD ("/session-editor/date-outside-course", test_date_outside);
  ADD ("/session-editor/edit-part", test_edit_part);
  ADD ("/enrolment-editor/status-and-scores", test_enrolment_scores);
  ADD ("/enrolment-editor/score-out-of-range", test_enrolment_score_refused);
  ADD ("/session-enrolment-editors/course-page", test_course_page);
  ADD ("/session-enrolment-editors/screenshot", test_screenshot);
#undef ADD
  return g_test_run ();
}
