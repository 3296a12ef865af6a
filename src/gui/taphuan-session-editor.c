/* taphuan-session-editor.c: add or edit one session of a course. */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "taphuan-form.h"
#include "taphuan-session-editor.h"
#include "tp-store.h"

struct _TaphuanSessionEditor
{
  AdwWindow            parent_instance;

  AdwPreferencesGroup *general_group;
  GtkWidget           *general_error;
  GtkWidget           *date_row, *date_error;
  GtkDropDown         *part_dropdown;
  GtkWidget           *part_error;
  GtkWidget           *topic_row;
  GtkDropDown         *trainer_dropdown;

  TpDb                *db;
  TpCourse            *course;
  TpSession           *original;      /* NULL for a new session */
  GPtrArray           *sessions;      /* the course's sessions, for clashes */
  GPtrArray           *trainer_ids;   /* parallel to the drop-down; [0] = none */
  gboolean             valid;
  gboolean             loading;
};

G_DEFINE_FINAL_TYPE (TaphuanSessionEditor, taphuan_session_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


GtkWidget *
taphuan_session_editor_get_field (TaphuanSessionEditor *self,
                                  const char           *field)
{
  g_return_val_if_fail (TAPHUAN_IS_SESSION_EDITOR (self), NULL);

  if (g_strcmp0 (field, "date") == 0)
    return self->date_row;
  if (g_strcmp0 (field, "part") == 0)
    return GTK_WIDGET (self->part_dropdown);
  if (g_strcmp0 (field, "topic") == 0)
    return self->topic_row;
  if (g_strcmp0 (field, "trainer") == 0)
    return GTK_WIDGET (self->trainer_dropdown);
  return NULL;
}

static GtkWidget *
error_row_for (TaphuanSessionEditor *self,
               const char           *field)
{
  if (g_strcmp0 (field, "date") == 0)
    return self->date_error;
  if (g_strcmp0 (field, "part") == 0)
    return self->part_error;
  return NULL;
}

const char *
taphuan_session_editor_get_field_error (TaphuanSessionEditor *self,
                                        const char           *field)
{
  GtkWidget *row;

  g_return_val_if_fail (TAPHUAN_IS_SESSION_EDITOR (self), NULL);
  row = error_row_for (self, field);
  if (row == NULL || !gtk_widget_get_visible (row))
    return NULL;
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

gboolean
taphuan_session_editor_can_save (TaphuanSessionEditor *self)
{
  g_return_val_if_fail (TAPHUAN_IS_SESSION_EDITOR (self), FALSE);
  return self->valid;
}

static TpSession *
session_from_form (TaphuanSessionEditor *self)
{
  TpSession *s = tp_session_new ();
  guint part = gtk_drop_down_get_selected (self->part_dropdown);
  guint trainer = gtk_drop_down_get_selected (self->trainer_dropdown);

  s->id = self->original ? g_strdup (self->original->id) : NULL;
  s->course_id = g_strdup (self->course->id);
  s->date = taphuan_form_entry_text (self->date_row);
  s->part = part != GTK_INVALID_LIST_POSITION ? (TpSessionPart) part : TP_PART_MORNING;
  s->topic = taphuan_form_entry_text (self->topic_row);
  if (trainer != GTK_INVALID_LIST_POSITION && trainer > 0 && trainer < self->trainer_ids->len)
    s->trainer_id = g_strdup (g_ptr_array_index (self->trainer_ids, trainer));
  return s;
}


/* Another session of the course on the same date and part. */
static const TpSession *
clashing_session (TaphuanSessionEditor *self,
                  const TpSession      *s)
{
  for (guint i = 0; self->sessions != NULL && i < self->sessions->len; i++)
    {
      const TpSession *other = g_ptr_array_index (self->sessions, i);

      if (g_strcmp0 (other->id, s->id) != 0 && g_strcmp0 (other->date, s->date) == 0
          && other->part == s->part)
        return other;
    }
  return NULL;
}

static void
validate (TaphuanSessionEditor *self)
{
  g_autoptr(TpSession) s = session_from_form (self);
  g_autoptr(GPtrArray) errors = tp_session_validate (s, self->course);
  g_autofree char *clash = NULL;
  const char *date_message = NULL, *part_message = NULL;

  for (guint i = 0; i < errors->len; i++)
    {
      TpFieldError *e = g_ptr_array_index (errors, i);

      if (g_strcmp0 (e->field, "date") == 0 && date_message == NULL)
        date_message = e->message;
      else if (part_message == NULL)
        part_message = e->message;
    }
  if (date_message == NULL && clashing_session (self, s) != NULL)
    {
      /* Translators: "The course already has a Morning session on 2026-03-03" */
      clash = g_strdup_printf (_("The course already has a %s session on %s"),
                               tp_session_part_label (s->part), s->date);
      date_message = clash;
    }
  taphuan_form_show_error (self->date_error, self->date_row, date_message);
  taphuan_form_show_error (self->part_error, GTK_WIDGET (self->part_dropdown), part_message);
  taphuan_form_show_error (self->general_error, NULL, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->general_group), FALSE);

  self->valid = errors->len == 0 && clash == NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", self->valid);
}

static void
field_changed_cb (TaphuanSessionEditor *self)
{
  if (!self->loading)
    validate (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TaphuanSessionEditor *self = TAPHUAN_SESSION_EDITOR (widget);
  g_autoptr(TpSession) s = NULL;
  g_autoptr(GError) error = NULL;

  validate (self);
  if (!self->valid)
    return;
  s = session_from_form (self);
  if (!tp_store_save_session (self->db, s, &error))
    {
      taphuan_form_show_error (self->general_error, NULL, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->general_group), TRUE);
      gtk_widget_action_set_enabled (widget, "editor.save", FALSE);
      return;
    }
  g_object_ref (self);
  g_signal_emit (self, signals[SAVED], 0, s->id);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static gboolean
parse_date (const char *text,
            GDate      *date)
{
  unsigned y, m, d;

  if (sscanf (text, "%4u-%2u-%2u", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

/* A new session goes to the first morning or afternoon of the course that
 * has none yet, else to its first day. */
static void
first_free_slot (TaphuanSessionEditor *self,
                 char                **date,
                 TpSessionPart        *part)
{
  g_autoptr(TpSession) probe = tp_session_new ();
  GDate day, end;

  *date = g_strdup (self->course->start_date);
  *part = TP_PART_MORNING;
  if (self->course->start_date == NULL || self->course->end_date == NULL)
    return;
  g_date_clear (&day, 1);
  g_date_clear (&end, 1);
  if (!parse_date (self->course->start_date, &day) || !parse_date (self->course->end_date, &end))
    return;
  for (guint n = 0; g_date_compare (&day, &end) <= 0 && n < 400; n++, g_date_add_days (&day, 1))
    {
      g_free (probe->date);
      probe->date = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&day),
                                     g_date_get_month (&day), g_date_get_day (&day));
      for (probe->part = TP_PART_MORNING; probe->part <= TP_PART_AFTERNOON; probe->part++)
        if (clashing_session (self, probe) == NULL)
          {
            g_free (*date);
            *date = g_strdup (probe->date);
            *part = probe->part;
            return;
          }
    }
}

static void
load (TaphuanSessionEditor *self)
{
  g_autoptr(GtkStringList) parts = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) trainers = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) course_trainers = tp_store_list_course_trainers (self->db, self->course->id, NULL);
  g_autofree char *date = NULL;
  TpSessionPart part = TP_PART_MORNING;
  guint trainer = 0;

  self->loading = TRUE;
  for (TpSessionPart p = TP_PART_MORNING; p <= TP_PART_FULL_DAY; p++)
    gtk_string_list_append (parts, tp_session_part_label (p));
  gtk_drop_down_set_model (self->part_dropdown, G_LIST_MODEL (parts));

  /* Translators: no trainer chosen for a session */
  gtk_string_list_append (trainers, _("None"));
  g_ptr_array_add (self->trainer_ids, NULL);
  for (guint i = 0; course_trainers != NULL && i < course_trainers->len; i++)
    {
      const TpCourseTrainer *t = g_ptr_array_index (course_trainers, i);
      g_autoptr(TpPerson) person = tp_store_get_person (self->db, t->person_id, NULL);

      gtk_string_list_append (trainers, person ? person->full_name : t->person_id);
      g_ptr_array_add (self->trainer_ids, g_strdup (t->person_id));
    }
  /* A trainer no longer among the course's keeps their place. */
  if (self->original != NULL && self->original->trainer_id != NULL)
    {
      for (guint i = 1; i < self->trainer_ids->len; i++)
        if (g_strcmp0 (g_ptr_array_index (self->trainer_ids, i), self->original->trainer_id) == 0)
          trainer = i;
      if (trainer == 0)
        {
          g_autoptr(TpPerson) person = tp_store_get_person (self->db, self->original->trainer_id, NULL);

          gtk_string_list_append (trainers, person ? person->full_name : self->original->trainer_id);
          g_ptr_array_add (self->trainer_ids, g_strdup (self->original->trainer_id));
          trainer = self->trainer_ids->len - 1;
        }
    }
  gtk_drop_down_set_model (self->trainer_dropdown, G_LIST_MODEL (trainers));

  if (self->original != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Session"));
      date = g_strdup (self->original->date);
      part = self->original->part;
      gtk_editable_set_text (GTK_EDITABLE (self->topic_row),
                             self->original->topic ? self->original->topic : "");
    }
  else
    first_free_slot (self, &date, &part);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), date ? date : "");
  gtk_drop_down_set_selected (self->part_dropdown, part);
  gtk_drop_down_set_selected (self->trainer_dropdown, trainer);
  self->loading = FALSE;
  validate (self);
}

static void
taphuan_session_editor_dispose (GObject *object)
{
  TaphuanSessionEditor *self = TAPHUAN_SESSION_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_SESSION_EDITOR);
  g_clear_object (&self->db);
  g_clear_pointer (&self->course, tp_course_free);
  g_clear_pointer (&self->original, tp_session_free);
  g_clear_pointer (&self->sessions, g_ptr_array_unref);
  g_clear_pointer (&self->trainer_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (taphuan_session_editor_parent_class)->dispose (object);
}

static void
taphuan_session_editor_class_init (TaphuanSessionEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_session_editor_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-session-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TaphuanSessionEditor, name)
  BIND (general_group);
  BIND (general_error);
  BIND (date_row); BIND (date_error);
  BIND (part_dropdown); BIND (part_error);
  BIND (topic_row);
  BIND (trainer_dropdown);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
}

static void
taphuan_session_editor_init (TaphuanSessionEditor *self)
{
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->trainer_ids = g_ptr_array_new_with_free_func (g_free);
}

TaphuanSessionEditor *
taphuan_session_editor_new (TpDb       *db,
                            const char *course_id,
                            const char *session_id)
{
  TaphuanSessionEditor *self;

  g_return_val_if_fail (TP_IS_DB (db), NULL);
  g_return_val_if_fail (course_id != NULL, NULL);

  self = g_object_new (TAPHUAN_TYPE_SESSION_EDITOR, NULL);
  self->db = g_object_ref (db);
  self->course = tp_store_get_course (db, course_id, NULL);
  if (self->course == NULL)
    {
      self->course = tp_course_new ();
      self->course->id = g_strdup (course_id);
    }
  self->sessions = tp_store_list_sessions (db, course_id, NULL);
  for (guint i = 0; session_id != NULL && self->sessions != NULL && i < self->sessions->len; i++)
    {
      const TpSession *s = g_ptr_array_index (self->sessions, i);

      if (g_strcmp0 (s->id, session_id) == 0)
        {
          self->original = tp_session_new ();
          self->original->id = g_strdup (s->id);
          self->original->course_id = g_strdup (s->course_id);
          self->original->date = g_strdup (s->date);
          self->original->part = s->part;
          self->original->topic = g_strdup (s->topic);
          self->original->trainer_id = g_strdup (s->trainer_id);
        }
    }
  load (self);
  return self;
}
