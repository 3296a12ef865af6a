/* taphuan-course-page.c: a course's page. A course holds tens of sessions
 * and people, so its rows are built directly into the preference groups. */
#include "config.h"

#include <glib/gi18n.h>

#include "taphuan-course-item.h"
#include "taphuan-compat.h"
#include "taphuan-attendance-grid.h"
#include "taphuan-course-certificates.h"
#include "taphuan-course-page.h"
#include "taphuan-enrol-dialog.h"
#include "taphuan-enrolment-editor.h"
#include "taphuan-session-editor.h"
#include "taphuan-window.h"
#include "tp-refdata.h"
#include "tp-store.h"

struct _TaphuanCoursePage
{
  AdwBin               parent_instance;

  AdwPreferencesPage  *page;
  AdwPreferencesGroup *header_group;
  AdwActionRow        *type_row;
  AdwActionRow        *dates_row;
  AdwActionRow        *place_row;
  AdwActionRow        *status_row;
  AdwActionRow        *completion_row;
  AdwPreferencesGroup *sessions_group;
  AdwPreferencesGroup *trainers_group;
  AdwPreferencesGroup *enrolled_group;

  TpDb                *db;
  char                *course_id;
  TpCourse            *course;
  GPtrArray           *rows;          /* dynamic rows, with their groups */
  guint                n_sessions;
  guint                n_enrolled;
  char                *summary;
  GtkWindow           *enrol_dialog;  /* weak */
};

G_DEFINE_FINAL_TYPE (TaphuanCoursePage, taphuan_course_page, ADW_TYPE_BIN)

int
taphuan_attendance_percent (const TpCourse *course,
                            GPtrArray      *sessions,
                            GHashTable     *marks,
                            const char     *enrolment_id)
{
  guint attended = 0;

  if (sessions == NULL || sessions->len == 0)
    return -1;
  for (guint i = 0; i < sessions->len; i++)
    {
      const TpSession *s = g_ptr_array_index (sessions, i);
      g_autofree char *key = g_strdup_printf ("%s/%s", enrolment_id, s->id);
      TpMark mark = GPOINTER_TO_INT (g_hash_table_lookup (marks, key));

      if (mark == TP_MARK_PRESENT || mark == TP_MARK_LATE
          || (mark == TP_MARK_EXCUSED && course->excused_counts))
        attended++;
    }
  return (int) (attended * 100 / sessions->len);
}

static TaphuanWindow *
get_window (TaphuanCoursePage *self)
{
  return TAPHUAN_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (self), TAPHUAN_TYPE_WINDOW));
}

static void
clear_rows (TaphuanCoursePage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      AdwPreferencesGroup *group = g_object_get_data (G_OBJECT (row), "group");

      adw_preferences_group_remove (group, row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
add_row (TaphuanCoursePage   *self,
         AdwPreferencesGroup *group,
         GtkWidget           *row)
{
  g_object_set_data (G_OBJECT (row), "group", group);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static void
add_placeholder (TaphuanCoursePage   *self,
                 AdwPreferencesGroup *group,
                 const char          *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  add_row (self, group, row);
}

static void
changed (TaphuanCoursePage *self,
         TaphuanChange      change)
{
  TaphuanWindow *window = get_window (self);

  if (window != NULL)
    taphuan_window_data_changed (window, change);
  else
    taphuan_course_page_reload (self);
}

static void
report (TaphuanCoursePage *self,
        const char        *what,
        const GError      *error)
{
  TaphuanWindow *window = get_window (self);

  if (window != NULL)
    taphuan_window_report_error (window, what, error);
  else
    g_warning ("%s: %s", what, error->message);
}

/* ---- session and enrolment editors -------------------------------------- */

static void
editor_saved_cb (GtkWindow         *editor,
                 const char        *id,
                 TaphuanCoursePage *self)
{
  changed (self, TAPHUAN_CHANGED_ALL);
}

static void
present_editor (TaphuanCoursePage *self,
                GtkWindow         *editor)
{
  if (editor == NULL)
    return;
  gtk_window_set_transient_for (editor, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  g_signal_connect_object (editor, "saved", G_CALLBACK (editor_saved_cb), self, 0);
  gtk_window_present (editor);
}

static void
session_edit_cb (GtkButton         *button,
                 TaphuanCoursePage *self)
{
  present_editor (self, GTK_WINDOW (taphuan_session_editor_new (self->db, self->course_id,
                                                                g_object_get_data (G_OBJECT (button), "session-id"))));
}

static void
add_session_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TaphuanCoursePage *self = TAPHUAN_COURSE_PAGE (widget);

  if (self->db != NULL && self->course_id != NULL)
    present_editor (self, GTK_WINDOW (taphuan_session_editor_new (self->db, self->course_id, NULL)));
}

static void
enrolment_edit_cb (GtkButton         *button,
                   TaphuanCoursePage *self)
{
  present_editor (self, GTK_WINDOW (taphuan_enrolment_editor_new (self->db, self->course_id,
                                                                  g_object_get_data (G_OBJECT (button), "person-id"))));
}

/* ---- sessions ---------------------------------------------------------- */

static TpSession *
session_copy (const TpSession *s)
{
  TpSession *copy = tp_session_new ();

  copy->id = g_strdup (s->id);
  copy->course_id = g_strdup (s->course_id);
  copy->date = g_strdup (s->date);
  copy->part = s->part;
  copy->topic = g_strdup (s->topic);
  copy->trainer_id = g_strdup (s->trainer_id);
  return copy;
}

static void
session_topic_apply_cb (AdwEntryRow       *row,
                        TaphuanCoursePage *self)
{
  TpSession *session = g_object_get_data (G_OBJECT (row), "session");
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  g_free (session->topic);
  session->topic = text[0] ? g_strdup (text) : NULL;
  if (!tp_store_save_session (self->db, session, &error))
    report (self, _("Could not save the session"), error);
}

static void
session_delete_cb (GtkButton         *button,
                   TaphuanCoursePage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "session-id");
  g_autoptr(GError) error = NULL;

  if (!tp_store_delete_session (self->db, id, &error))
    report (self, _("Could not delete the session"), error);
  changed (self, TAPHUAN_CHANGED_COURSES);
}

static void
fill_sessions (TaphuanCoursePage *self,
               GPtrArray         *sessions)
{
  self->n_sessions = sessions ? sessions->len : 0;
  if (self->n_sessions == 0)
    {
      add_placeholder (self, self->sessions_group,
                       _("No sessions yet. Generate them from the course dates."));
      return;
    }
  for (guint i = 0; i < sessions->len; i++)
    {
      TpSession *s = g_ptr_array_index (sessions, i);
      GtkWidget *row = adw_entry_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
      g_autofree char *date = taphuan_format_date_long (s->date);
      /* Translators: a session: "Tuesday 03/03/2026 — Morning" */
      g_autofree char *title = g_strdup_printf (_("%s — %s"), date, tp_session_part_label (s->part));
      g_autofree char *label = NULL;

      /* Translators: the entry of a session's topic is named after it */
      label = g_strdup_printf (_("Topic of %s"), title);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_editable_set_text (GTK_EDITABLE (row), s->topic ? s->topic : "");
      adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
      g_object_set_data_full (G_OBJECT (row), "session", session_copy (s),
                              (GDestroyNotify) tp_session_free);
      g_signal_connect (row, "apply", G_CALLBACK (session_topic_apply_cb), self);

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Delete Session"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Delete Session"), -1);
      g_object_set_data_full (G_OBJECT (remove), "session-id", g_strdup (s->id), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (session_delete_cb), self);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), remove);
      {
        GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");

        gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (edit, "flat");
        gtk_widget_set_tooltip_text (edit, _("Edit Session…"));
        gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Edit Session…"), -1);
        g_object_set_data_full (G_OBJECT (edit), "session-id", g_strdup (s->id), g_free);
        g_signal_connect (edit, "clicked", G_CALLBACK (session_edit_cb), self);
        adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), edit);
      }
      add_row (self, self->sessions_group, row);
    }
}

static void
generate_sessions_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  TaphuanCoursePage *self = TAPHUAN_COURSE_PAGE (widget);
  g_autoptr(GError) error = NULL;
  TaphuanWindow *window = get_window (self);
  g_autofree char *text = NULL;
  int added;

  if (self->db == NULL || self->course_id == NULL)
    return;
  added = tp_store_generate_sessions (self->db, self->course_id, &error);
  if (added < 0)
    {
      report (self, _("Could not generate sessions"), error);
      return;
    }
  changed (self, TAPHUAN_CHANGED_COURSES);
  if (added == 0)
    text = g_strdup (_("Every day of the course already has its sessions"));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d session added",
                                         "%d sessions added", added), added);
  if (window != NULL)
    taphuan_window_show_toast (window, text);
}

/* ---- trainers ---------------------------------------------------------- */

static void
trainer_role_changed_cb (GtkDropDown       *dropdown,
                         GParamSpec        *pspec,
                         TaphuanCoursePage *self)
{
  const char *person_id = g_object_get_data (G_OBJECT (dropdown), "person-id");
  g_autoptr(GError) error = NULL;

  if (!tp_store_set_course_trainer (self->db, self->course_id, person_id,
                                    gtk_drop_down_get_selected (dropdown), &error))
    report (self, _("Could not change the role"), error);
}

static void
trainer_remove_cb (GtkButton         *button,
                   TaphuanCoursePage *self)
{
  const char *person_id = g_object_get_data (G_OBJECT (button), "person-id");
  g_autoptr(GError) error = NULL;

  if (!tp_store_remove_course_trainer (self->db, self->course_id, person_id, &error))
    report (self, _("Could not remove the trainer"), error);
  changed (self, TAPHUAN_CHANGED_COURSES);
}

static void
fill_trainers (TaphuanCoursePage *self)
{
  g_autoptr(GPtrArray) trainers = tp_store_list_course_trainers (self->db, self->course_id, NULL);

  if (trainers == NULL || trainers->len == 0)
    {
      add_placeholder (self, self->trainers_group, _("No trainers yet"));
      return;
    }
  for (guint i = 0; i < trainers->len; i++)
    {
      const TpCourseTrainer *t = g_ptr_array_index (trainers, i);
      g_autoptr(TpPerson) person = tp_store_get_person (self->db, t->person_id, NULL);
      g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *dropdown, *remove;
      g_autofree char *role_label = NULL;

      for (TpTrainerRole r = TP_ROLE_LEAD; r <= TP_ROLE_ASSISTANT; r++)
        gtk_string_list_append (roles, tp_trainer_role_label (r));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     person ? person->full_name : t->person_id);
      if (person != NULL && person->organization != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), person->organization);

      dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&roles)), NULL);
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), t->role);
      gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
      /* Translators: accessible name of a trainer's role drop-down */
      role_label = g_strdup_printf (_("Role of %s"), person ? person->full_name : "");
      gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      role_label, -1);
      g_object_set_data_full (G_OBJECT (dropdown), "person-id", g_strdup (t->person_id), g_free);
      g_signal_connect (dropdown, "notify::selected", G_CALLBACK (trainer_role_changed_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);

      remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove Trainer"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove Trainer"), -1);
      g_object_set_data_full (G_OBJECT (remove), "person-id", g_strdup (t->person_id), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (trainer_remove_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      add_row (self, self->trainers_group, row);
    }
}

/* ---- enrolled people --------------------------------------------------- */

static void
unenrol_cb (GtkButton         *button,
            TaphuanCoursePage *self)
{
  const char *enrolment_id = g_object_get_data (G_OBJECT (button), "enrolment-id");
  g_autoptr(GError) error = NULL;

  if (!tp_store_unenrol (self->db, enrolment_id, &error))
    report (self, _("Could not remove the person from the course"), error);
  changed (self, TAPHUAN_CHANGED_COURSES);
}

static void
person_row_activated_cb (AdwActionRow      *row,
                         TaphuanCoursePage *self)
{
  TaphuanWindow *window = get_window (self);

  if (window != NULL)
    taphuan_window_show_person (window, g_object_get_data (G_OBJECT (row), "person-id"));
}

static void
fill_enrolled (TaphuanCoursePage *self,
               GPtrArray         *sessions)
{
  g_autoptr(GPtrArray) enrolments = tp_store_list_enrolments (self->db, self->course_id, NULL);
  g_autoptr(GHashTable) marks = tp_store_get_course_marks (self->db, self->course_id, NULL);
  guint women = 0, men = 0, unknown = 0;
  g_autofree char *w = NULL, *m = NULL;

  tp_store_course_enrolled_counts (self->db, self->course_id, &women, &men, &unknown);
  w = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u woman", "%u women", women), women);
  m = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u man", "%u men", men), men);
  g_free (self->summary);
  /* Translators: "12 women, 8 men" */
  self->summary = g_strdup_printf (_("%s, %s"), w, m);
  adw_preferences_group_set_description (self->enrolled_group, self->summary);

  self->n_enrolled = enrolments ? enrolments->len : 0;
  if (self->n_enrolled == 0)
    {
      add_placeholder (self, self->enrolled_group, _("Nobody is enrolled yet"));
      return;
    }
  for (guint i = 0; i < enrolments->len; i++)
    {
      const TpEnrolment *e = g_ptr_array_index (enrolments, i);
      g_autoptr(TpPerson) person = tp_store_get_person (self->db, e->person_id, NULL);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label, *remove;
      g_autoptr(GString) subtitle = g_string_new (NULL);
      g_autofree char *state = NULL;
      int pct = marks ? taphuan_attendance_percent (self->course, sessions, marks, e->id) : -1;

      if (person == NULL)
        continue;
      if (person->sex != TP_SEX_UNKNOWN)
        g_string_append (subtitle, tp_sex_label (person->sex));
      if (person->birth_year > 0)
        g_string_append_printf (subtitle, "%s%d", subtitle->len ? _(" · ") : "", person->birth_year);
      if (person->organization != NULL)
        g_string_append_printf (subtitle, "%s%s", subtitle->len ? _(" · ") : "",
                                person->organization);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), person->full_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "person-id", g_strdup (e->person_id), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (person_row_activated_cb), self);

      if (pct >= 0)
        /* Translators: attendance and enrolment status: "85% · Attending" */
        state = g_strdup_printf (_("%d%% · %s"), pct, tp_enrolment_status_label (e->status));
      else
        state = g_strdup (tp_enrolment_status_label (e->status));
      label = gtk_label_new (state);
      gtk_widget_add_css_class (label, "numeric");
      if (pct >= 0 && pct < self->course->completion_threshold)
        gtk_widget_add_css_class (label, "warning");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      {
        GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");

        gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
        gtk_widget_add_css_class (edit, "flat");
        gtk_widget_set_tooltip_text (edit, _("Status and Scores…"));
        gtk_accessible_update_property (GTK_ACCESSIBLE (edit), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        _("Status and Scores…"), -1);
        g_object_set_data_full (G_OBJECT (edit), "person-id", g_strdup (e->person_id), g_free);
        g_signal_connect (edit, "clicked", G_CALLBACK (enrolment_edit_cb), self);
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit);
      }

      remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove from Course"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove from Course"), -1);
      g_object_set_data_full (G_OBJECT (remove), "enrolment-id", g_strdup (e->id), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (unenrol_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      add_row (self, self->enrolled_group, row);
    }
}

/* ---- enrol and add trainer -------------------------------------------- */

static void
people_chosen_cb (TaphuanEnrolDialog *dialog,
                  GStrv               ids,
                  TaphuanCoursePage  *self)
{
  gboolean trainers = taphuan_enrol_dialog_get_trainer_mode (dialog);
  TaphuanWindow *window = get_window (self);
  guint added = 0;

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok;

      if (trainers)
        ok = tp_store_set_course_trainer (self->db, self->course_id, ids[i],
                                          self->n_sessions == 0 && added == 0 ? TP_ROLE_LEAD
                                                                              : TP_ROLE_CO_TRAINER,
                                          &error);
      else
        {
          g_autoptr(TpEnrolment) e = tp_enrolment_new ();

          e->course_id = g_strdup (self->course_id);
          e->person_id = g_strdup (ids[i]);
          ok = tp_store_enrol (self->db, e, &error);
        }
      if (ok)
        added++;
      else
        report (self, trainers ? _("Could not add the trainer") : _("Could not enrol"), error);
    }
  changed (self, TAPHUAN_CHANGED_ALL);
  if (window != NULL && added > 0 && !trainers)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person enrolled",
                                                            "%u people enrolled", added), added);
      taphuan_window_show_toast (window, text);
    }
}

static void
open_enrol_dialog (TaphuanCoursePage *self,
                   gboolean           trainers)
{
  TaphuanEnrolDialog *dialog;

  if (self->db == NULL || self->course_id == NULL)
    return;
  if (self->enrol_dialog != NULL)
    gtk_window_destroy (self->enrol_dialog);
  dialog = taphuan_enrol_dialog_new (self->db, self->course_id, trainers);
  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  g_signal_connect_object (dialog, "people-chosen", G_CALLBACK (people_chosen_cb), self, 0);
  g_set_weak_pointer (&self->enrol_dialog, GTK_WINDOW (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
enrol_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  open_enrol_dialog (TAPHUAN_COURSE_PAGE (widget), FALSE);
}

static void
add_trainer_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  open_enrol_dialog (TAPHUAN_COURSE_PAGE (widget), TRUE);
}

/* ---- the page ---------------------------------------------------------- */

gboolean
taphuan_course_page_reload (TaphuanCoursePage *self)
{
  g_autoptr(GPtrArray) sessions = NULL;
  g_autofree char *type_name = NULL, *province = NULL, *commune = NULL, *dates = NULL;
  g_autoptr(GString) place = NULL;
  g_autofree char *description = NULL, *completion = NULL;

  g_return_val_if_fail (TAPHUAN_IS_COURSE_PAGE (self), FALSE);

  clear_rows (self);
  taphuan_attendance_grid_set_course (TAPHUAN_ATTENDANCE_GRID (gtk_widget_get_template_child (GTK_WIDGET (self), TAPHUAN_TYPE_COURSE_PAGE, "attendance_grid")), self->db, self->course_id);
  taphuan_course_certificates_set_course (TAPHUAN_COURSE_CERTIFICATES (gtk_widget_get_template_child (GTK_WIDGET (self), TAPHUAN_TYPE_COURSE_PAGE, "certificates_section")),
                                          self->db, self->course_id);
  g_clear_pointer (&self->course, tp_course_free);
  self->n_sessions = self->n_enrolled = 0;
  if (self->db == NULL || self->course_id == NULL)
    return FALSE;
  self->course = tp_store_get_course (self->db, self->course_id, NULL);
  if (self->course == NULL)
    return FALSE;

  /* Translators: under the course title: its code */
  description = g_strdup_printf (_("Code %s"), self->course->code);
  adw_preferences_group_set_title (self->header_group, self->course->title);
  adw_preferences_group_set_description (self->header_group, description);

  type_name = tp_refdata_course_type_name (self->db, self->course->type_id);
  adw_action_row_set_subtitle (self->type_row, type_name ? type_name : "");
  dates = taphuan_format_date_range (self->course->start_date, self->course->end_date);
  adw_action_row_set_subtitle (self->dates_row, dates);
  place = g_string_new (self->course->venue ? self->course->venue : "");
  commune = self->course->commune_code ? tp_refdata_commune_name (self->db, self->course->commune_code) : NULL;
  province = self->course->province_code ? tp_refdata_province_name (self->db, self->course->province_code) : NULL;
  if (commune != NULL)
    g_string_append_printf (place, "%s%s", place->len ? ", " : "", commune);
  if (province != NULL)
    g_string_append_printf (place, "%s%s", place->len ? ", " : "", province);
  adw_action_row_set_subtitle (self->place_row, place->str);
  adw_action_row_set_subtitle (self->status_row, tp_course_status_label (self->course->status));
  /* Translators: completion rule of a course */
  completion = g_strdup_printf (_("At least %d%% of the sessions attended"),
                                self->course->completion_threshold);
  adw_action_row_set_subtitle (self->completion_row, completion);

  sessions = tp_store_list_sessions (self->db, self->course_id, NULL);
  fill_sessions (self, sessions);
  fill_trainers (self);
  fill_enrolled (self, sessions);
  return TRUE;
}

void
taphuan_course_page_set_course (TaphuanCoursePage *self,
                                TpDb              *db,
                                const char        *course_id)
{
  g_return_if_fail (TAPHUAN_IS_COURSE_PAGE (self));

  g_set_object (&self->db, db);
  g_free (self->course_id);
  self->course_id = g_strdup (course_id);
  if (self->enrol_dialog != NULL)
    gtk_window_destroy (self->enrol_dialog);
  taphuan_course_page_reload (self);
  taphuan_compat_scroll_to_top (self->page);
}

const char *
taphuan_course_page_get_course_id (TaphuanCoursePage *self)
{
  g_return_val_if_fail (TAPHUAN_IS_COURSE_PAGE (self), NULL);
  return self->course_id;
}

const char *
taphuan_course_page_get_title (TaphuanCoursePage *self)
{
  return adw_preferences_group_get_title (self->header_group);
}

guint
taphuan_course_page_get_n_sessions (TaphuanCoursePage *self)
{
  return self->n_sessions;
}

guint
taphuan_course_page_get_n_enrolled (TaphuanCoursePage *self)
{
  return self->n_enrolled;
}

const char *
taphuan_course_page_get_summary (TaphuanCoursePage *self)
{
  return self->summary;
}

GtkWindow *
taphuan_course_page_get_enrol_dialog (TaphuanCoursePage *self)
{
  return self->enrol_dialog;
}

static void
taphuan_course_page_dispose (GObject *object)
{
  TaphuanCoursePage *self = TAPHUAN_COURSE_PAGE (object);

  if (self->enrol_dialog != NULL)
    gtk_window_destroy (self->enrol_dialog);
  g_clear_weak_pointer (&self->enrol_dialog);
  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);
  /* AdwBin unparents its child in its own dispose: let go of it first,
   * before the template drops the child it also holds. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_COURSE_PAGE);
  g_clear_object (&self->db);
  g_clear_pointer (&self->course_id, g_free);
  g_clear_pointer (&self->course, tp_course_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (taphuan_course_page_parent_class)->dispose (object);
}

static void
taphuan_course_page_class_init (TaphuanCoursePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_course_page_dispose;

  g_type_ensure (TAPHUAN_TYPE_ATTENDANCE_GRID);
  g_type_ensure (TAPHUAN_TYPE_COURSE_CERTIFICATES);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-course-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TaphuanCoursePage, name)
  BIND (page);
  BIND (header_group);
  BIND (type_row);
  BIND (dates_row);
  BIND (place_row);
  BIND (status_row);
  BIND (completion_row);
  BIND (sessions_group);
  BIND (trainers_group);
  BIND (enrolled_group);
#undef BIND
  gtk_widget_class_bind_template_child_full (widget_class, "certificates_section", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "attendance_grid", FALSE, 0);
  gtk_widget_class_install_action (widget_class, "course.generate-sessions", NULL,
                                   generate_sessions_action);
  gtk_widget_class_install_action (widget_class, "course.enrol", NULL, enrol_action);
  gtk_widget_class_install_action (widget_class, "course.add-session", NULL, add_session_action);
  gtk_widget_class_install_action (widget_class, "course.add-trainer", NULL, add_trainer_action);
}

static void
taphuan_course_page_init (TaphuanCoursePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}
