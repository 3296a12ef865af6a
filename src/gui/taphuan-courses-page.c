/* taphuan-courses-page.c: the Courses table. Courses number in the
 * hundreds, so they load on the main thread; the filter runs over the
 * precomputed folds of the items. */
#include "config.h"

#include <stdlib.h>
#include <glib/gi18n.h>

#include "taphuan-course-item.h"
#include "taphuan-courses-page.h"
#include "taphuan-ref-object.h"
#include "taphuan-window.h"
#include "tp-refdata.h"
#include "tp-store.h"
#include "tp-text.h"

struct _TaphuanCoursesPage
{
  AdwBin              parent_instance;

  GtkStack           *stack;
  GtkStack           *list_stack;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *year_dropdown;
  GtkDropDown        *type_dropdown;
  GtkDropDown        *status_dropdown;
  GtkColumnView      *column_view;
  GtkSingleSelection *selection;
  GtkFilterListModel *filter_model;
  GListStore         *store;
  GtkCustomFilter    *filter;

  TpDb               *db;
  GtkStringList      *years;
  GListStore         *types;
  char               *search_fold;
  int                 year;        /* 0 = all */
  char               *type_id;     /* NULL = all */
  int                 status;      /* -1 = all */
};

G_DEFINE_FINAL_TYPE (TaphuanCoursesPage, taphuan_courses_page, ADW_TYPE_BIN)

static gboolean
course_matches (gpointer item,
                gpointer user_data)
{
  TaphuanCoursesPage *self = user_data;
  TaphuanCourseItem *course_item = item;
  const TpCourse *course = taphuan_course_item_get_course (course_item);

  if (self->year != 0 && taphuan_course_item_get_year (course_item) != self->year)
    return FALSE;
  if (self->type_id != NULL && g_strcmp0 (course->type_id, self->type_id) != 0)
    return FALSE;
  if (self->status >= 0 && (int) course->status != self->status)
    return FALSE;
  if (self->search_fold != NULL && self->search_fold[0] != '\0'
      && !tp_text_matches (taphuan_course_item_get_fold (course_item), self->search_fold))
    return FALSE;
  return TRUE;
}

static void
filters_changed_cb (TaphuanCoursesPage *self)
{
  guint pos;

  g_free (self->search_fold);
  self->search_fold = tp_text_fold (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));

  pos = gtk_drop_down_get_selected (self->year_dropdown);
  self->year = (pos == 0 || pos == GTK_INVALID_LIST_POSITION)
               ? 0 : atoi (gtk_string_list_get_string (self->years, pos));

  g_clear_pointer (&self->type_id, g_free);
  pos = gtk_drop_down_get_selected (self->type_dropdown);
  if (pos != GTK_INVALID_LIST_POSITION && self->types != NULL)
    {
      g_autoptr(TaphuanRefObject) obj = g_list_model_get_item (G_LIST_MODEL (self->types), pos);
      if (obj != NULL)
        self->type_id = g_strdup (taphuan_ref_object_get_id (obj));
    }

  pos = gtk_drop_down_get_selected (self->status_dropdown);
  self->status = (pos == 0 || pos == GTK_INVALID_LIST_POSITION) ? -1 : (int) pos - 1;

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_stack_set_visible_child_name (self->list_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) > 0
                                    ? "table" : "no-results");
}

static void
row_activated_cb (GtkColumnView      *view,
                  guint               position,
                  TaphuanCoursesPage *self)
{
  g_autoptr(TaphuanCourseItem) item =
    g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), TAPHUAN_TYPE_WINDOW);

  if (item != NULL && window != NULL)
    taphuan_window_show_course (TAPHUAN_WINDOW (window),
                                taphuan_course_item_get_course (item)->id);
}

static void
update_years (TaphuanCoursesPage *self,
              GPtrArray          *courses)
{
  g_autoptr(GPtrArray) years = g_ptr_array_new_with_free_func (g_free);
  const char *selected = NULL;
  guint pos = gtk_drop_down_get_selected (self->year_dropdown);
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->years));
  gboolean same;

  /* Courses come newest first, so years come out in descending order. */
  for (guint i = 0; i < courses->len; i++)
    {
      const TpCourse *c = g_ptr_array_index (courses, i);
      g_autofree char *year = c->start_date ? g_strndup (c->start_date, 4) : NULL;

      if (year == NULL)
        continue;
      if (years->len == 0 || g_strcmp0 (g_ptr_array_index (years, years->len - 1), year) != 0)
        g_ptr_array_add (years, g_steal_pointer (&year));
    }

  same = n_old == years->len + 1;
  for (guint i = 0; same && i < years->len; i++)
    same = g_strcmp0 (gtk_string_list_get_string (self->years, i + 1),
                      g_ptr_array_index (years, i)) == 0;
  if (same)
    return;

  if (pos != GTK_INVALID_LIST_POSITION && pos > 0)
    selected = gtk_string_list_get_string (self->years, pos);
  {
    g_autofree char *keep = g_strdup (selected);
    guint new_pos = 0;

    g_ptr_array_add (years, NULL);
    gtk_string_list_splice (self->years, 1, n_old - 1, (const char *const *) years->pdata);
    for (guint i = 0; keep != NULL && years->pdata[i] != NULL; i++)
      if (g_strcmp0 (years->pdata[i], keep) == 0)
        new_pos = i + 1;
    gtk_drop_down_set_selected (self->year_dropdown, new_pos);
  }
}

void
taphuan_courses_page_reload (TaphuanCoursesPage *self)
{
  g_autoptr(GPtrArray) courses = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) type_names = NULL;
  g_autoptr(GHashTable) province_names = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TAPHUAN_IS_COURSES_PAGE (self));

  if (self->db == NULL)
    {
      g_list_store_remove_all (self->store);
      return;
    }
  courses = tp_store_list_courses (self->db, NULL, &error);
  if (courses == NULL)
    {
      g_warning ("Could not list courses: %s", error->message);
      return;
    }

  type_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  province_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  items = g_ptr_array_new_with_free_func (g_object_unref);
  update_years (self, courses);
  for (guint i = 0; i < courses->len; i++)
    {
      TpCourse *course = g_ptr_array_index (courses, i);
      const char *type_name = NULL, *province_name = NULL;
      guint women = 0, men = 0, unknown = 0;

      if (course->type_id != NULL
          && !(type_name = g_hash_table_lookup (type_names, course->type_id)))
        {
          char *name = tp_refdata_course_type_name (self->db, course->type_id);
          g_hash_table_insert (type_names, g_strdup (course->type_id), name);
          type_name = name;
        }
      if (course->province_code != NULL
          && !(province_name = g_hash_table_lookup (province_names, course->province_code)))
        {
          char *name = tp_refdata_province_name (self->db, course->province_code);
          g_hash_table_insert (province_names, g_strdup (course->province_code), name);
          province_name = name;
        }
      tp_store_course_enrolled_counts (self->db, course->id, &women, &men, &unknown);
      g_ptr_array_add (items, taphuan_course_item_new (course, type_name, province_name,
                                                       women, men));
      courses->pdata[i] = NULL;  /* the item owns it now */
    }
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);

  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "list" : "empty");
  filters_changed_cb (self);
}

void
taphuan_courses_page_set_db (TaphuanCoursesPage *self,
                             TpDb               *db)
{
  g_autoptr(GPtrArray) types = NULL;

  g_return_if_fail (TAPHUAN_IS_COURSES_PAGE (self));

  if (!g_set_object (&self->db, db))
    return;
  if (db != NULL)
    {
      types = tp_refdata_list_course_types (db);
      g_clear_object (&self->types);
      self->types = taphuan_ref_store_new (types, _("All Types"));
      taphuan_ref_dropdown_setup (self->type_dropdown, G_LIST_MODEL (self->types), FALSE);
    }
  gtk_drop_down_set_selected (self->year_dropdown, 0);
  gtk_drop_down_set_selected (self->status_dropdown, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  taphuan_courses_page_reload (self);
}

void
taphuan_courses_page_focus_search (TaphuanCoursesPage *self)
{
  g_return_if_fail (TAPHUAN_IS_COURSES_PAGE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

const char *
taphuan_courses_page_get_selected_id (TaphuanCoursesPage *self)
{
  TaphuanCourseItem *item;

  g_return_val_if_fail (TAPHUAN_IS_COURSES_PAGE (self), NULL);

  item = gtk_single_selection_get_selected_item (self->selection);
  return item != NULL ? taphuan_course_item_get_course (item)->id : NULL;
}

GListModel *
taphuan_courses_page_get_model (TaphuanCoursesPage *self)
{
  return G_LIST_MODEL (self->filter_model);
}

GtkEditable *
taphuan_courses_page_get_search (TaphuanCoursesPage *self)
{
  return GTK_EDITABLE (self->search_entry);
}

gboolean
taphuan_courses_page_is_welcome (TaphuanCoursesPage *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "empty") == 0;
}

static void
taphuan_courses_page_dispose (GObject *object)
{
  TaphuanCoursesPage *self = TAPHUAN_COURSES_PAGE (object);

  /* AdwBin unparents its child in its own dispose: let go of it first,
   * before the template drops the child it also holds. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_COURSES_PAGE);
  g_clear_object (&self->db);
  g_clear_object (&self->years);
  g_clear_object (&self->types);
  g_clear_pointer (&self->search_fold, g_free);
  g_clear_pointer (&self->type_id, g_free);

  G_OBJECT_CLASS (taphuan_courses_page_parent_class)->dispose (object);
}

static void
taphuan_courses_page_class_init (TaphuanCoursesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_courses_page_dispose;

  g_type_ensure (TAPHUAN_TYPE_COURSE_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-courses-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TaphuanCoursesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCoursesPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCoursesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCoursesPage, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCoursesPage, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCoursesPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCoursesPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCoursesPage, selection);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCoursesPage, filter_model);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCoursesPage, store);
  gtk_widget_class_bind_template_child (widget_class, TaphuanCoursesPage, filter);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
}

static void
taphuan_courses_page_init (TaphuanCoursesPage *self)
{
  g_autoptr(GtkStringList) statuses = NULL;
  const char *first_year[] = { _("All Years"), NULL };

  self->status = -1;
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_custom_filter_set_filter_func (self->filter, course_matches, self, NULL);

  self->years = gtk_string_list_new (first_year);
  gtk_drop_down_set_model (self->year_dropdown, G_LIST_MODEL (self->years));

  statuses = gtk_string_list_new (NULL);
  gtk_string_list_append (statuses, _("All Statuses"));
  for (TpCourseStatus s = TP_COURSE_PLANNED; s <= TP_COURSE_CANCELLED; s++)
    gtk_string_list_append (statuses, tp_course_status_label (s));
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (statuses));
}
