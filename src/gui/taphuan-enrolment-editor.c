/* taphuan-enrolment-editor.c: edit one enrolment's status and test scores. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "taphuan-form.h"
#include "taphuan-enrolment-editor.h"
#include "tp-store.h"

struct _TaphuanEnrolmentEditor
{
  AdwWindow            parent_instance;

  AdwPreferencesGroup *person_group;
  AdwPreferencesGroup *general_group;
  GtkWidget           *general_error;
  GtkDropDown         *status_dropdown;
  GtkWidget           *pre_test_row, *pre_test_error;
  GtkWidget           *post_test_row, *post_test_error;

  TpDb                *db;
  TpEnrolment         *enrolment;
  gboolean             valid;
  gboolean             loading;
};

G_DEFINE_FINAL_TYPE (TaphuanEnrolmentEditor, taphuan_enrolment_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
taphuan_parse_score (const char *text,
                     double     *score)
{
  g_autofree char *copy = g_strstrip (g_strdup (text ? text : ""));
  char *end = NULL;
  double value;

  *score = -1;
  if (copy[0] == '\0')
    return NULL;
  /* Vietnamese writes the decimal comma. */
  g_strdelimit (copy, ",", '.');
  value = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !isfinite (value)
      || copy[strspn (copy, "-0123456789.")] != '\0')
    /* Translators: %s is what was typed in a score field */
    return g_strdup_printf (_("“%s” is not a score: type a number from 0 to 10, like 7.5"), text);
  if (value < 0 || value > 10)
    /* Translators: %s is the score as typed */
    return g_strdup_printf (_("The score %s is not between 0 and 10"), text);
  if (fabs (value * 10 - round (value * 10)) > 1e-6)
    return g_strdup (_("A score has at most one decimal, like 7.5"));
  *score = round (value * 10) / 10;
  return NULL;
}

static char *
format_score (double score)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (score < 0)
    return g_strdup ("");
  g_ascii_formatd (buf, sizeof buf, "%.1f", score);
  return g_strdup (buf);
}

GtkWidget *
taphuan_enrolment_editor_get_field (TaphuanEnrolmentEditor *self,
                                    const char             *field)
{
  g_return_val_if_fail (TAPHUAN_IS_ENROLMENT_EDITOR (self), NULL);

  if (g_strcmp0 (field, "status") == 0)
    return GTK_WIDGET (self->status_dropdown);
  if (g_strcmp0 (field, "pre_test") == 0)
    return self->pre_test_row;
  if (g_strcmp0 (field, "post_test") == 0)
    return self->post_test_row;
  return NULL;
}

const char *
taphuan_enrolment_editor_get_field_error (TaphuanEnrolmentEditor *self,
                                          const char             *field)
{
  GtkWidget *row = NULL;

  g_return_val_if_fail (TAPHUAN_IS_ENROLMENT_EDITOR (self), NULL);
  if (g_strcmp0 (field, "pre_test") == 0)
    row = self->pre_test_error;
  else if (g_strcmp0 (field, "post_test") == 0)
    row = self->post_test_error;
  if (row == NULL || !gtk_widget_get_visible (row))
    return NULL;
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

gboolean
taphuan_enrolment_editor_can_save (TaphuanEnrolmentEditor *self)
{
  g_return_val_if_fail (TAPHUAN_IS_ENROLMENT_EDITOR (self), FALSE);
  return self->valid;
}


/* Fills @e from the form; FALSE (with the messages shown) when invalid. */
static gboolean
read_form (TaphuanEnrolmentEditor *self,
           TpEnrolment            *e)
{
  g_autofree char *pre_message = NULL, *post_message = NULL;
  guint status = gtk_drop_down_get_selected (self->status_dropdown);

  pre_message = taphuan_parse_score (gtk_editable_get_text (GTK_EDITABLE (self->pre_test_row)),
                                     &e->pre_test);
  post_message = taphuan_parse_score (gtk_editable_get_text (GTK_EDITABLE (self->post_test_row)),
                                      &e->post_test);
  if (status != GTK_INVALID_LIST_POSITION)
    e->status = status;
  taphuan_form_show_error (self->pre_test_error, self->pre_test_row, pre_message);
  taphuan_form_show_error (self->post_test_error, self->post_test_row, post_message);
  return pre_message == NULL && post_message == NULL;
}

static void
validate (TaphuanEnrolmentEditor *self)
{
  TpEnrolment scratch = *self->enrolment;

  self->valid = read_form (self, &scratch);
  taphuan_form_show_error (self->general_error, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->general_group), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", self->valid);
}

static void
field_changed_cb (TaphuanEnrolmentEditor *self)
{
  if (!self->loading)
    validate (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TaphuanEnrolmentEditor *self = TAPHUAN_ENROLMENT_EDITOR (widget);
  g_autoptr(TpEnrolment) e = tp_enrolment_new ();
  g_autoptr(GError) error = NULL;

  e->id = g_strdup (self->enrolment->id);
  e->course_id = g_strdup (self->enrolment->course_id);
  e->person_id = g_strdup (self->enrolment->person_id);
  e->status = self->enrolment->status;
  if (!read_form (self, e))
    {
      self->valid = FALSE;
      gtk_widget_action_set_enabled (widget, "editor.save", FALSE);
      return;
    }
  if (!tp_store_save_enrolment (self->db, e, &error))
    {
      taphuan_form_show_error (self->general_error, NULL, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->general_group), TRUE);
      return;
    }
  g_object_ref (self);
  g_signal_emit (self, signals[SAVED], 0, e->id);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
load (TaphuanEnrolmentEditor *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autoptr(TpPerson) person = tp_store_get_person (self->db, self->enrolment->person_id, NULL);
  g_autoptr(TpCourse) course = tp_store_get_course (self->db, self->enrolment->course_id, NULL);
  g_autofree char *pre = format_score (self->enrolment->pre_test);
  g_autofree char *post = format_score (self->enrolment->post_test);

  self->loading = TRUE;
  for (TpEnrolmentStatus s = TP_ENROLMENT_REGISTERED; s <= TP_ENROLMENT_WITHDRAWN; s++)
    gtk_string_list_append (statuses, tp_enrolment_status_label (s));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));
  gtk_drop_down_set_selected (self->status_dropdown, self->enrolment->status);
  gtk_editable_set_text (GTK_EDITABLE (self->pre_test_row), pre);
  gtk_editable_set_text (GTK_EDITABLE (self->post_test_row), post);
  if (person != NULL)
    adw_preferences_group_set_title (self->person_group, person->full_name);
  if (course != NULL)
    adw_preferences_group_set_description (self->person_group, course->title);
  self->loading = FALSE;
  validate (self);
}

static void
taphuan_enrolment_editor_dispose (GObject *object)
{
  TaphuanEnrolmentEditor *self = TAPHUAN_ENROLMENT_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_ENROLMENT_EDITOR);
  g_clear_object (&self->db);
  g_clear_pointer (&self->enrolment, tp_enrolment_free);

  G_OBJECT_CLASS (taphuan_enrolment_editor_parent_class)->dispose (object);
}

static void
taphuan_enrolment_editor_class_init (TaphuanEnrolmentEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_enrolment_editor_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-enrolment-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TaphuanEnrolmentEditor, name)
  BIND (person_group);
  BIND (general_group);
  BIND (general_error);
  BIND (status_dropdown);
  BIND (pre_test_row); BIND (pre_test_error);
  BIND (post_test_row); BIND (post_test_error);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
}

static void
taphuan_enrolment_editor_init (TaphuanEnrolmentEditor *self)
{
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
}

TaphuanEnrolmentEditor *
taphuan_enrolment_editor_new (TpDb       *db,
                              const char *course_id,
                              const char *person_id)
{
  TaphuanEnrolmentEditor *self;
  TpEnrolment *enrolment;

  g_return_val_if_fail (TP_IS_DB (db), NULL);

  enrolment = tp_store_get_enrolment (db, course_id, person_id, NULL);
  if (enrolment == NULL)
    return NULL;
  self = g_object_new (TAPHUAN_TYPE_ENROLMENT_EDITOR, NULL);
  self->db = g_object_ref (db);
  self->enrolment = enrolment;
  load (self);
  return self;
}
