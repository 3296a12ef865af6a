/* taphuan-trainers-page.c: the Trainers section. The core has no trainer
 * listing yet, so this reads trainer_profiles and course_trainers with
 * plain SQL over the window's connection. */
#include "config.h"

#include <glib/gi18n.h>

#include "taphuan-course-item.h"
#include "taphuan-trainers-page.h"
#include "taphuan-window.h"
#include "tp-model.h"

struct _TaphuanTrainersPage
{
  AdwBin               parent_instance;

  GtkStack            *stack;
  AdwPreferencesGroup *trainers_group;

  TpDb                *db;
  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (TaphuanTrainersPage, taphuan_trainers_page, ADW_TYPE_BIN)

static void
course_activated_cb (AdwActionRow        *row,
                     TaphuanTrainersPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), TAPHUAN_TYPE_WINDOW);

  if (window != NULL)
    taphuan_window_show_course (TAPHUAN_WINDOW (window),
                                g_object_get_data (G_OBJECT (row), "course-id"));
}

static void
person_activated_cb (GtkButton           *button,
                     TaphuanTrainersPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), TAPHUAN_TYPE_WINDOW);

  if (window != NULL)
    taphuan_window_show_person (TAPHUAN_WINDOW (window),
                                g_object_get_data (G_OBJECT (button), "person-id"));
}

static void
add_courses (TaphuanTrainersPage *self,
             AdwExpanderRow      *expander,
             const char          *person_id)
{
  sqlite3_stmt *stmt = tp_db_prepare (self->db,
                                      "SELECT k.id, k.title, k.start_date, k.end_date, ct.role "
                                      "FROM course_trainers ct JOIN courses k ON k.id = ct.course_id "
                                      "WHERE ct.person_id = ?1 ORDER BY k.start_date DESC",
                                      NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_text (stmt, 1, person_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GtkWidget *row = adw_action_row_new ();
      TpTrainerRole role = TP_ROLE_LEAD;
      g_autofree char *dates = taphuan_format_date_range ((const char *) sqlite3_column_text (stmt, 2),
                                                         (const char *) sqlite3_column_text (stmt, 3));
      g_autofree char *subtitle = NULL;

      tp_trainer_role_from_string ((const char *) sqlite3_column_text (stmt, 4), &role);
      /* Translators: a course a trainer taught: "03/03–05/03/2026 · Lead trainer" */
      subtitle = g_strdup_printf (_("%s · %s"), dates, tp_trainer_role_label (role));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     (const char *) sqlite3_column_text (stmt, 1));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "course-id",
                              g_strdup ((const char *) sqlite3_column_text (stmt, 0)), g_free);
      g_signal_connect (row, "activated", G_CALLBACK (course_activated_cb), self);
      adw_expander_row_add_row (expander, row);
    }
  sqlite3_finalize (stmt);
}

void
taphuan_trainers_page_reload (TaphuanTrainersPage *self)
{
  sqlite3_stmt *stmt;

  g_return_if_fail (TAPHUAN_IS_TRAINERS_PAGE (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->trainers_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  gtk_stack_set_visible_child_name (self->stack, "empty");
  if (self->db == NULL)
    return;

  stmt = tp_db_prepare (self->db,
                        "SELECT p.id, p.full_name, p.organization, tp.topics, "
                        "       (SELECT COUNT(*) FROM course_trainers ct WHERE ct.person_id = p.id) "
                        "FROM people p LEFT JOIN trainer_profiles tp ON tp.person_id = p.id "
                        "WHERE tp.id IS NOT NULL "
                        "   OR p.id IN (SELECT person_id FROM course_trainers) "
                        "ORDER BY p.sort_key",
                        NULL);
  if (stmt == NULL)
    return;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      GtkWidget *expander = adw_expander_row_new ();
      GtkWidget *open = gtk_button_new_from_icon_name ("go-next-symbolic");
      const char *topics = (const char *) sqlite3_column_text (stmt, 3);
      const char *organization = (const char *) sqlite3_column_text (stmt, 2);
      int n = sqlite3_column_int (stmt, 4);
      g_autofree char *courses = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "%d course taught",
                                                               "%d courses taught", n), n);
      g_autofree char *subtitle = NULL;

      if (topics != NULL && topics[0] != '\0')
        subtitle = g_strdup_printf (_("%s · %s"), topics, courses);
      else if (organization != NULL && organization[0] != '\0')
        subtitle = g_strdup_printf (_("%s · %s"), organization, courses);
      else
        subtitle = g_strdup (courses);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander),
                                     (const char *) sqlite3_column_text (stmt, 1));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);

      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (open, "flat");
      gtk_widget_set_tooltip_text (open, _("Open Person"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (open), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Open Person"), -1);
      g_object_set_data_full (G_OBJECT (open), "person-id",
                              g_strdup ((const char *) sqlite3_column_text (stmt, 0)), g_free);
      g_signal_connect (open, "clicked", G_CALLBACK (person_activated_cb), self);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (expander), open);
      add_courses (self, ADW_EXPANDER_ROW (expander), (const char *) sqlite3_column_text (stmt, 0));
      adw_preferences_group_add (self->trainers_group, expander);
      g_ptr_array_add (self->rows, expander);
    }
  sqlite3_finalize (stmt);
  if (self->rows->len > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
}

void
taphuan_trainers_page_set_db (TaphuanTrainersPage *self,
                              TpDb                *db)
{
  g_return_if_fail (TAPHUAN_IS_TRAINERS_PAGE (self));

  g_set_object (&self->db, db);
  taphuan_trainers_page_reload (self);
}

guint
taphuan_trainers_page_get_n_trainers (TaphuanTrainersPage *self)
{
  return self->rows->len;
}

static void
taphuan_trainers_page_dispose (GObject *object)
{
  TaphuanTrainersPage *self = TAPHUAN_TRAINERS_PAGE (object);

  if (self->rows != NULL)
    g_ptr_array_set_size (self->rows, 0);
  /* AdwBin unparents its child in its own dispose: let go of it first,
   * before the template drops the child it also holds. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_TRAINERS_PAGE);
  g_clear_object (&self->db);
  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (taphuan_trainers_page_parent_class)->dispose (object);
}

static void
taphuan_trainers_page_class_init (TaphuanTrainersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_trainers_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-trainers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TaphuanTrainersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, TaphuanTrainersPage, trainers_group);
}

static void
taphuan_trainers_page_init (TaphuanTrainersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}
