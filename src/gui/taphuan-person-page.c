/* taphuan-person-page.c: a person's page. */
#include "config.h"

#include <glib/gi18n.h>

#include "taphuan-compat.h"
#include "taphuan-course-item.h"
#include "taphuan-course-page.h"
#include "taphuan-person-editor.h"
#include "taphuan-person-page.h"
#include "taphuan-window.h"
#include "tp-refdata.h"
#include "tp-store.h"

struct _TaphuanPersonPage
{
  AdwBin               parent_instance;

  AdwPreferencesPage  *page;
  AdwPreferencesGroup *header_group;
  AdwPreferencesGroup *courses_group;
  AdwPreferencesGroup *certificates_group;

  TpDb                *db;
  char                *person_id;
  GPtrArray           *rows;
  guint                n_courses;
};

G_DEFINE_FINAL_TYPE (TaphuanPersonPage, taphuan_person_page, ADW_TYPE_BIN)

static void
add_row (TaphuanPersonPage   *self,
         AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle,
         gboolean             property)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (property)
    gtk_widget_add_css_class (row, "property");
  g_object_set_data (G_OBJECT (row), "group", group);
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, row);
}

static void
clear_rows (TaphuanPersonPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      adw_preferences_group_remove (g_object_get_data (G_OBJECT (row), "group"), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
course_row_activated_cb (AdwActionRow      *row,
                         TaphuanPersonPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), TAPHUAN_TYPE_WINDOW);

  if (window != NULL)
    taphuan_window_show_course (TAPHUAN_WINDOW (window),
                                g_object_get_data (G_OBJECT (row), "course-id"));
}

static char *
score_text (double score)
{
  return score < 0 ? g_strdup (_("—")) : g_strdup_printf ("%.1f", score);
}

static void
fill_courses (TaphuanPersonPage *self)
{
  g_autoptr(GPtrArray) enrolments = tp_store_list_person_enrolments (self->db, self->person_id, NULL);

  self->n_courses = enrolments ? enrolments->len : 0;
  if (self->n_courses == 0)
    {
      add_row (self, self->courses_group, _("Not enrolled in any course yet"), NULL, FALSE);
      return;
    }
  for (guint i = 0; i < enrolments->len; i++)
    {
      const TpEnrolment *e = g_ptr_array_index (enrolments, i);
      g_autoptr(TpCourse) course = tp_store_get_course (self->db, e->course_id, NULL);
      g_autoptr(GPtrArray) sessions = NULL;
      g_autoptr(GHashTable) marks = NULL;
      g_autofree char *dates = NULL, *subtitle = NULL, *pre = NULL, *post = NULL;
      g_autofree char *attendance = NULL;
      GtkWidget *row;
      int pct;

      if (course == NULL)
        continue;
      sessions = tp_store_list_sessions (self->db, course->id, NULL);
      marks = tp_store_get_course_marks (self->db, course->id, NULL);
      pct = marks ? taphuan_attendance_percent (course, sessions, marks, e->id) : -1;
      dates = taphuan_format_date_range (course->start_date, course->end_date);
      pre = score_text (e->pre_test);
      post = score_text (e->post_test);
      attendance = pct >= 0 ? g_strdup_printf ("%d%%", pct) : g_strdup (_("—"));
      /* Translators: a course on a person's page: dates · enrolment status ·
       * attendance percentage · pre-test / post-test marks */
      subtitle = g_strdup_printf (_("%s · %s · attendance %s · tests %s / %s"), dates,
                                  tp_enrolment_status_label (e->status), attendance, pre, post);
      add_row (self, self->courses_group, course->title, subtitle, FALSE);
      row = g_ptr_array_index (self->rows, self->rows->len - 1);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "course-id", g_strdup (course->id), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (course_row_activated_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
    }
}

/* The core has no certificate listing yet: read the table directly. */
static void
fill_certificates (TaphuanPersonPage *self)
{
  sqlite3_stmt *stmt = tp_db_prepare (self->db,
                                      "SELECT c.register_no, c.issued_on, c.status, k.title "
                                      "FROM certificates c JOIN courses k ON k.id = c.course_id "
                                      "WHERE c.person_id = ?1 ORDER BY c.issued_on DESC",
                                      NULL);
  guint n = 0;

  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, self->person_id, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *status = (const char *) sqlite3_column_text (stmt, 2);
          g_autofree char *issued = taphuan_format_date_range ((const char *) sqlite3_column_text (stmt, 1), NULL);
          /* Translators: a certificate: register number, date issued, (revoked) */
          g_autofree char *subtitle = g_strdup_printf (_("No. %s, issued %s%s"),
                                                       (const char *) sqlite3_column_text (stmt, 0),
                                                       issued,
                                                       g_strcmp0 (status, "revoked") == 0
                                                       ? _(" (revoked)") : "");
          add_row (self, self->certificates_group, (const char *) sqlite3_column_text (stmt, 3),
                   subtitle, FALSE);
          n++;
        }
      sqlite3_finalize (stmt);
    }
  if (n == 0)
    add_row (self, self->certificates_group, _("No certificates yet"), NULL, FALSE);
}

gboolean
taphuan_person_page_reload (TaphuanPersonPage *self)
{
  g_autoptr(TpPerson) p = NULL;
  g_autofree char *year = NULL, *province = NULL, *commune = NULL, *ethnicity = NULL;
  g_autoptr(GString) address = NULL;

  g_return_val_if_fail (TAPHUAN_IS_PERSON_PAGE (self), FALSE);

  clear_rows (self);
  self->n_courses = 0;
  if (self->db == NULL || self->person_id == NULL)
    return FALSE;
  p = tp_store_get_person (self->db, self->person_id, NULL);
  if (p == NULL)
    return FALSE;

  adw_preferences_group_set_title (self->header_group, p->full_name);
  adw_preferences_group_set_description (self->header_group, p->organization);
  add_row (self, self->header_group, _("Sex"),
           p->sex != TP_SEX_UNKNOWN ? tp_sex_label (p->sex) : _("Not recorded"), TRUE);
  year = p->birth_year > 0 ? g_strdup_printf ("%d", p->birth_year) : g_strdup (_("Not recorded"));
  add_row (self, self->header_group, _("Birth year"), year, TRUE);
  if (p->position != NULL)
    add_row (self, self->header_group, _("Position"), p->position, TRUE);
  if (p->national_id != NULL)
    add_row (self, self->header_group, _("ID number"), p->national_id, TRUE);
  if (p->phone != NULL)
    add_row (self, self->header_group, _("Phone"), p->phone, TRUE);
  if (p->email != NULL)
    add_row (self, self->header_group, _("E-mail"), p->email, TRUE);
  address = g_string_new (NULL);
  commune = p->commune_code ? tp_refdata_commune_name (self->db, p->commune_code) : NULL;
  province = p->province_code ? tp_refdata_province_name (self->db, p->province_code) : NULL;
  if (commune != NULL)
    g_string_append (address, commune);
  if (province != NULL)
    g_string_append_printf (address, "%s%s", address->len ? ", " : "", province);
  if (address->len > 0)
    add_row (self, self->header_group, _("Address"), address->str, TRUE);
  /* Sensitive: shown only when the person agreed to it being kept. */
  if (p->consent_sensitive && p->ethnicity_id != NULL)
    {
      ethnicity = tp_refdata_ethnicity_name (self->db, p->ethnicity_id);
      add_row (self, self->header_group, _("Ethnicity (sensitive)"), ethnicity, TRUE);
    }

  fill_courses (self);
  fill_certificates (self);
  return TRUE;
}

void
taphuan_person_page_set_person (TaphuanPersonPage *self,
                                TpDb              *db,
                                const char        *person_id)
{
  g_return_if_fail (TAPHUAN_IS_PERSON_PAGE (self));

  g_set_object (&self->db, db);
  g_free (self->person_id);
  self->person_id = g_strdup (person_id);
  taphuan_person_page_reload (self);
  taphuan_compat_scroll_to_top (self->page);
}

const char *
taphuan_person_page_get_person_id (TaphuanPersonPage *self)
{
  g_return_val_if_fail (TAPHUAN_IS_PERSON_PAGE (self), NULL);
  return self->person_id;
}

guint
taphuan_person_page_get_n_courses (TaphuanPersonPage *self)
{
  return self->n_courses;
}

static void
person_saved_cb (TaphuanPersonEditor *editor,
                 const char          *person_id,
                 TaphuanPersonPage   *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), TAPHUAN_TYPE_WINDOW);

  if (window != NULL)
    taphuan_window_data_changed (TAPHUAN_WINDOW (window), TAPHUAN_CHANGED_ALL);
  else
    taphuan_person_page_reload (self);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TaphuanPersonPage *self = TAPHUAN_PERSON_PAGE (widget);
  TaphuanPersonEditor *editor;

  if (self->db == NULL || self->person_id == NULL)
    return;
  editor = taphuan_person_editor_new (self->db, self->person_id, NULL);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (gtk_widget_get_root (widget)));
  g_signal_connect_object (editor, "saved", G_CALLBACK (person_saved_cb), self, 0);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
taphuan_person_page_dispose (GObject *object)
{
  TaphuanPersonPage *self = TAPHUAN_PERSON_PAGE (object);

  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);
  /* AdwBin unparents its child in its own dispose: let go of it first,
   * before the template drops the child it also holds. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_PERSON_PAGE);
  g_clear_object (&self->db);
  g_clear_pointer (&self->person_id, g_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (taphuan_person_page_parent_class)->dispose (object);
}

static void
taphuan_person_page_class_init (TaphuanPersonPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_person_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-person-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TaphuanPersonPage, page);
  gtk_widget_class_bind_template_child (widget_class, TaphuanPersonPage, header_group);
  gtk_widget_class_bind_template_child (widget_class, TaphuanPersonPage, courses_group);
  gtk_widget_class_bind_template_child (widget_class, TaphuanPersonPage, certificates_group);
  gtk_widget_class_install_action (widget_class, "person.edit", NULL, edit_action);
}

static void
taphuan_person_page_init (TaphuanPersonPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}
