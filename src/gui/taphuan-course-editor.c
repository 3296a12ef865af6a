/* taphuan-course-editor.c: create or edit a course. */
#include "config.h"

#include <glib/gi18n.h>

#include "taphuan-form.h"
#include "taphuan-course-editor.h"
#include "taphuan-ref-object.h"
#include "tp-refdata.h"
#include "tp-store.h"

struct _TaphuanCourseEditor
{
  AdwWindow        parent_instance;

  GtkWidget       *save_button;
  AdwPreferencesGroup *general_group;
  GtkWidget       *general_error;
  GtkWidget       *code_row, *code_error;
  GtkWidget       *title_row, *title_error;
  GtkDropDown     *type_dropdown;
  GtkWidget       *type_id_error;
  GtkDropDown     *status_dropdown;
  GtkWidget       *status_error;
  GtkWidget       *start_date_row, *start_date_error;
  GtkWidget       *end_date_row, *end_date_error;
  GtkDropDown     *province_dropdown;
  GtkWidget       *province_code_error;
  GtkDropDown     *commune_dropdown;
  GtkWidget       *commune_code_error;
  GtkWidget       *venue_row, *venue_error;
  GtkWidget       *organizer_row, *organizer_error;
  GtkSpinButton   *threshold_spin;
  GtkWidget       *completion_threshold_error;
  GtkSwitch       *excused_switch;

  TpDb            *db;
  TpCourse        *original;     /* NULL for a new course */
  GListStore      *types;
  GListStore      *provinces;
  GListStore      *communes;
  char            *communes_province;
  GHashTable      *filled;       /* fields that ever had content */
  gboolean         valid;
  gboolean         loading;
};

G_DEFINE_FINAL_TYPE (TaphuanCourseEditor, taphuan_course_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


static GtkWidget *
error_row_for (TaphuanCourseEditor *self,
               const char          *field)
{
  static const struct { const char *field; gsize offset; } map[] = {
    { "code", G_STRUCT_OFFSET (TaphuanCourseEditor, code_error) },
    { "title", G_STRUCT_OFFSET (TaphuanCourseEditor, title_error) },
    { "type", G_STRUCT_OFFSET (TaphuanCourseEditor, type_id_error) },
    { "status", G_STRUCT_OFFSET (TaphuanCourseEditor, status_error) },
    { "start_date", G_STRUCT_OFFSET (TaphuanCourseEditor, start_date_error) },
    { "end_date", G_STRUCT_OFFSET (TaphuanCourseEditor, end_date_error) },
    { "province_code", G_STRUCT_OFFSET (TaphuanCourseEditor, province_code_error) },
    { "commune_code", G_STRUCT_OFFSET (TaphuanCourseEditor, commune_code_error) },
    { "venue", G_STRUCT_OFFSET (TaphuanCourseEditor, venue_error) },
    { "organizer", G_STRUCT_OFFSET (TaphuanCourseEditor, organizer_error) },
    { "completion_threshold", G_STRUCT_OFFSET (TaphuanCourseEditor, completion_threshold_error) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (map[i].field, field) == 0)
      return G_STRUCT_MEMBER (GtkWidget *, self, map[i].offset);
  return NULL;
}

GtkWidget *
taphuan_course_editor_get_field (TaphuanCourseEditor *self,
                                 const char          *field)
{
  static const struct { const char *field; gsize offset; } map[] = {
    { "code", G_STRUCT_OFFSET (TaphuanCourseEditor, code_row) },
    { "title", G_STRUCT_OFFSET (TaphuanCourseEditor, title_row) },
    { "type", G_STRUCT_OFFSET (TaphuanCourseEditor, type_dropdown) },
    { "status", G_STRUCT_OFFSET (TaphuanCourseEditor, status_dropdown) },
    { "start_date", G_STRUCT_OFFSET (TaphuanCourseEditor, start_date_row) },
    { "end_date", G_STRUCT_OFFSET (TaphuanCourseEditor, end_date_row) },
    { "province_code", G_STRUCT_OFFSET (TaphuanCourseEditor, province_dropdown) },
    { "commune_code", G_STRUCT_OFFSET (TaphuanCourseEditor, commune_dropdown) },
    { "venue", G_STRUCT_OFFSET (TaphuanCourseEditor, venue_row) },
    { "organizer", G_STRUCT_OFFSET (TaphuanCourseEditor, organizer_row) },
    { "completion_threshold", G_STRUCT_OFFSET (TaphuanCourseEditor, threshold_spin) },
  };

  g_return_val_if_fail (TAPHUAN_IS_COURSE_EDITOR (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (map[i].field, field) == 0)
      return G_STRUCT_MEMBER (GtkWidget *, self, map[i].offset);
  return NULL;
}

const char *
taphuan_course_editor_get_field_error (TaphuanCourseEditor *self,
                                       const char          *field)
{
  GtkWidget *row = error_row_for (self, field);

  if (row == NULL || !gtk_widget_get_visible (row))
    return NULL;
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

gboolean
taphuan_course_editor_can_save (TaphuanCourseEditor *self)
{
  g_return_val_if_fail (TAPHUAN_IS_COURSE_EDITOR (self), FALSE);
  return self->valid;
}

static void
update_communes (TaphuanCourseEditor *self,
                 const char          *province_code,
                 const char          *select_code)
{
  taphuan_form_update_communes (self->db, self->commune_dropdown, &self->communes,
                                &self->communes_province, province_code, select_code);
}

/* The course as the form describes it. */
static TpCourse *
course_from_form (TaphuanCourseEditor *self)
{
  TpCourse *course = self->original ? tp_course_copy (self->original) : tp_course_new ();
  guint status = gtk_drop_down_get_selected (self->status_dropdown);

#define TAKE(field, row) g_free (course->field); course->field = taphuan_form_entry_text (self->row)
  TAKE (code, code_row);
  TAKE (title, title_row);
  TAKE (start_date, start_date_row);
  TAKE (end_date, end_date_row);
  TAKE (venue, venue_row);
  TAKE (organizer, organizer_row);
#undef TAKE
  g_free (course->type_id);
  course->type_id = g_strdup (taphuan_ref_dropdown_get_id (self->type_dropdown));
  if (status != GTK_INVALID_LIST_POSITION)
    course->status = status;
  g_free (course->province_code);
  course->province_code = g_strdup (taphuan_ref_dropdown_get_id (self->province_dropdown));
  g_free (course->commune_code);
  course->commune_code = g_strdup (taphuan_ref_dropdown_get_id (self->commune_dropdown));
  g_free (course->admin_version);
  course->admin_version = course->province_code ? g_strdup (TP_ADMIN_DATA_VERSION) : NULL;
  course->completion_threshold = gtk_spin_button_get_value_as_int (self->threshold_spin);
  course->excused_counts = gtk_switch_get_active (self->excused_switch);
  return course;
}


static void
validate (TaphuanCourseEditor *self)
{
  g_autoptr(TpCourse) course = course_from_form (self);
  g_autoptr(GPtrArray) errors = tp_course_validate (course);
  g_autoptr(GHashTable) messages = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) general = g_string_new (NULL);
  const char *fields[] = { "code", "title", "type", "status", "start_date", "end_date",
                           "province_code", "commune_code", "venue", "organizer",
                           "completion_threshold" };
  g_autofree char *code_taken = NULL;

  /* Remember which fields have had content: an empty required field is
   * only scolded once the user has been there. */
#define NOTE(field, value) if (value != NULL && value[0] != '\0') g_hash_table_add (self->filled, (gpointer) field)
  NOTE ("code", course->code);
  NOTE ("title", course->title);
  NOTE ("start_date", course->start_date);
  NOTE ("end_date", course->end_date);
  NOTE ("venue", course->venue);
  NOTE ("organizer", course->organizer);
  NOTE ("type", course->type_id);
#undef NOTE
  g_hash_table_add (self->filled, (gpointer) "status");
  g_hash_table_add (self->filled, (gpointer) "completion_threshold");
  if (course->province_code != NULL)
    {
      g_hash_table_add (self->filled, (gpointer) "province_code");
      g_hash_table_add (self->filled, (gpointer) "commune_code");
    }

  for (guint i = 0; i < errors->len; i++)
    {
      TpFieldError *e = g_ptr_array_index (errors, i);
      if (!g_hash_table_contains (messages, e->field))
        g_hash_table_insert (messages, e->field, e->message);
    }
  if (course->code != NULL && !g_hash_table_contains (messages, "code"))
    {
      g_autoptr(TpCourse) other = tp_store_get_course_by_code (self->db, course->code, NULL);

      if (other != NULL && g_strcmp0 (other->id, course->id) != 0)
        {
          /* Translators: %s is a course code; the other course's title follows */
          code_taken = g_strdup_printf (_("The code %s is already used by “%s”."),
                                        course->code, other->title);
          g_hash_table_insert (messages, (gpointer) "code", code_taken);
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *message = g_hash_table_lookup (messages, fields[i]);
      gboolean show = message != NULL && g_hash_table_contains (self->filled, fields[i]);
      GtkWidget *field = taphuan_course_editor_get_field (self, fields[i]);

      taphuan_form_show_error (error_row_for (self, fields[i]), NULL, show ? message : NULL);
      if (show)
        gtk_widget_add_css_class (field, "error");
      else
        gtk_widget_remove_css_class (field, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (field),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, show ? message : "",
                                      -1);
      g_hash_table_remove (messages, fields[i]);
    }
  /* Messages about fields this form does not show. */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, messages);
    while (g_hash_table_iter_next (&iter, &key, &value))
      {
        if (general->len > 0)
          g_string_append_c (general, '\n');
        g_string_append (general, value);
      }
  }
  taphuan_form_show_error (self->general_error, NULL, general->len > 0 ? general->str : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->general_group), general->len > 0);

  self->valid = errors->len == 0 && code_taken == NULL;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", self->valid);
}

static void
field_changed_cb (TaphuanCourseEditor *self)
{
  if (self->loading)
    return;
  update_communes (self, taphuan_ref_dropdown_get_id (self->province_dropdown), NULL);
  validate (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TaphuanCourseEditor *self = TAPHUAN_COURSE_EDITOR (widget);
  g_autoptr(TpCourse) course = NULL;
  g_autoptr(GError) error = NULL;

  validate (self);
  if (!self->valid)
    return;
  course = course_from_form (self);
  if (!tp_store_save_course (self->db, course, &error))
    {
      taphuan_form_show_error (self->general_error, NULL, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->general_group), TRUE);
      return;
    }
  g_object_ref (self);
  g_signal_emit (self, signals[SAVED], 0, course->id);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
load (TaphuanCourseEditor *self)
{
  g_autoptr(GPtrArray) types = tp_refdata_list_course_types (self->db);
  g_autoptr(GPtrArray) provinces = tp_refdata_list_provinces (self->db);
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  const TpCourse *c = self->original;

  self->loading = TRUE;
  self->types = taphuan_ref_store_new (types, _("Choose…"));
  taphuan_ref_dropdown_setup (self->type_dropdown, G_LIST_MODEL (self->types), TRUE);
  self->provinces = taphuan_ref_store_new (provinces, _("None"));
  taphuan_ref_dropdown_setup (self->province_dropdown, G_LIST_MODEL (self->provinces), TRUE);
  for (TpCourseStatus s = TP_COURSE_PLANNED; s <= TP_COURSE_CANCELLED; s++)
    gtk_string_list_append (statuses, tp_course_status_label (s));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));

  if (c != NULL)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Edit Course"));
#define SET(row, value) gtk_editable_set_text (GTK_EDITABLE (self->row), value ? value : "")
      SET (code_row, c->code);
      SET (title_row, c->title);
      SET (start_date_row, c->start_date);
      SET (end_date_row, c->end_date);
      SET (venue_row, c->venue);
      SET (organizer_row, c->organizer);
#undef SET
      gtk_drop_down_set_selected (self->type_dropdown,
                                  taphuan_ref_store_find (G_LIST_MODEL (self->types), c->type_id));
      gtk_drop_down_set_selected (self->status_dropdown, c->status);
      gtk_drop_down_set_selected (self->province_dropdown,
                                  taphuan_ref_store_find (G_LIST_MODEL (self->provinces),
                                                          c->province_code));
      gtk_spin_button_set_value (self->threshold_spin, c->completion_threshold);
      gtk_switch_set_active (self->excused_switch, c->excused_counts);
    }
  update_communes (self, c ? c->province_code : NULL, c ? c->commune_code : NULL);
  self->loading = FALSE;
  validate (self);
}

static void
taphuan_course_editor_dispose (GObject *object)
{
  TaphuanCourseEditor *self = TAPHUAN_COURSE_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_COURSE_EDITOR);
  g_clear_object (&self->db);
  g_clear_pointer (&self->original, tp_course_free);
  g_clear_object (&self->types);
  g_clear_object (&self->provinces);
  g_clear_object (&self->communes);
  g_clear_pointer (&self->communes_province, g_free);
  g_clear_pointer (&self->filled, g_hash_table_unref);

  G_OBJECT_CLASS (taphuan_course_editor_parent_class)->dispose (object);
}

static void
taphuan_course_editor_class_init (TaphuanCourseEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_course_editor_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-course-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TaphuanCourseEditor, name)
  BIND (save_button);
  BIND (general_group);
  BIND (general_error);
  BIND (code_row); BIND (code_error);
  BIND (title_row); BIND (title_error);
  BIND (type_dropdown); BIND (type_id_error);
  BIND (status_dropdown); BIND (status_error);
  BIND (start_date_row); BIND (start_date_error);
  BIND (end_date_row); BIND (end_date_error);
  BIND (province_dropdown); BIND (province_code_error);
  BIND (commune_dropdown); BIND (commune_code_error);
  BIND (venue_row); BIND (venue_error);
  BIND (organizer_row); BIND (organizer_error);
  BIND (threshold_spin); BIND (completion_threshold_error);
  BIND (excused_switch);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
}

static void
taphuan_course_editor_init (TaphuanCourseEditor *self)
{
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->filled = g_hash_table_new (g_str_hash, g_str_equal);
}

TaphuanCourseEditor *
taphuan_course_editor_new (TpDb       *db,
                           const char *course_id)
{
  TaphuanCourseEditor *self;

  g_return_val_if_fail (TP_IS_DB (db), NULL);

  self = g_object_new (TAPHUAN_TYPE_COURSE_EDITOR, NULL);
  self->db = g_object_ref (db);
  if (course_id != NULL)
    {
      self->original = tp_store_get_course (db, course_id, NULL);
      /* Every field of an existing course has been "there". */
      if (self->original != NULL)
        for (const char *const *f = (const char *const[]) { "code", "title", "type",
                                                             "start_date", "end_date",
                                                             "venue", "organizer", NULL };
             *f != NULL; f++)
          g_hash_table_add (self->filled, (gpointer) *f);
    }
  load (self);
  return self;
}
