/* taphuan-course-item.c: a TpCourse wrapped for GListModel. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gi18n.h>

#include "taphuan-course-item.h"
#include "tp-format.h"
#include "tp-text.h"

struct _TaphuanCourseItem
{
  GObject   parent_instance;

  TpCourse *course;
  char     *type_name;
  char     *province_name;
  char     *dates;
  char     *fold;
  guint     women;
  guint     men;
};

G_DEFINE_FINAL_TYPE (TaphuanCourseItem, taphuan_course_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_TITLE,
  PROP_TYPE_NAME,
  PROP_DATES,
  PROP_PROVINCE,
  PROP_STATUS,
  PROP_WOMEN,
  PROP_MEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GDateTime *
parse_date (const char *date)
{
  int y, m, d;

  if (date == NULL || sscanf (date, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return NULL;
  if (!g_date_valid_dmy (d, m, y))
    return NULL;
  return g_date_time_new_local (y, m, d, 0, 0, 0);
}

char *
taphuan_format_date_long (const char *date)
{
  char *text = tp_format_date_weekday_ui (date);

  return text != NULL ? text : g_strdup (date ? date : "");
}

char *
taphuan_format_date_range (const char *start,
                           const char *end)
{
  g_autoptr(GDateTime) s = parse_date (start);
  g_autoptr(GDateTime) e = parse_date (end);

  if (s == NULL && e == NULL)
    return g_strdup ("");
  if (s == NULL || e == NULL || g_date_time_compare (s, e) == 0)
    /* Translators: a single day, strftime format: 03/03/2026 */
    return g_date_time_format (s ? s : e, _("%d/%m/%Y"));
  if (g_date_time_get_year (s) == g_date_time_get_year (e))
    {
      /* Translators: start of a date range within one year: "03/03" */
      g_autofree char *a = g_date_time_format (s, _("%d/%m"));
      g_autofree char *b = g_date_time_format (e, _("%d/%m/%Y"));
      /* Translators: a date range, "03/03–05/03/2026" */
      return g_strdup_printf (_("%s–%s"), a, b);
    }
  {
    g_autofree char *a = g_date_time_format (s, _("%d/%m/%Y"));
    g_autofree char *b = g_date_time_format (e, _("%d/%m/%Y"));
    return g_strdup_printf (_("%s–%s"), a, b);
  }
}

static void
taphuan_course_item_finalize (GObject *object)
{
  TaphuanCourseItem *self = TAPHUAN_COURSE_ITEM (object);

  g_clear_pointer (&self->course, tp_course_free);
  g_clear_pointer (&self->type_name, g_free);
  g_clear_pointer (&self->province_name, g_free);
  g_clear_pointer (&self->dates, g_free);
  g_clear_pointer (&self->fold, g_free);

  G_OBJECT_CLASS (taphuan_course_item_parent_class)->finalize (object);
}

static void
taphuan_course_item_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TaphuanCourseItem *self = TAPHUAN_COURSE_ITEM (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->course->code);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->course->title);
      break;
    case PROP_TYPE_NAME:
      g_value_set_string (value, self->type_name);
      break;
    case PROP_DATES:
      g_value_set_string (value, self->dates);
      break;
    case PROP_PROVINCE:
      g_value_set_string (value, self->province_name);
      break;
    case PROP_STATUS:
      g_value_set_string (value, tp_course_status_label (self->course->status));
      break;
    case PROP_WOMEN:
      g_value_take_string (value, g_strdup_printf ("%u", self->women));
      break;
    case PROP_MEN:
      g_value_take_string (value, g_strdup_printf ("%u", self->men));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
taphuan_course_item_class_init (TaphuanCourseItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = taphuan_course_item_finalize;
  object_class->get_property = taphuan_course_item_get_property;

#define STR_PROP(id, name) \
  properties[id] = g_param_spec_string (name, NULL, NULL, NULL, \
                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)
  STR_PROP (PROP_CODE, "code");
  STR_PROP (PROP_TITLE, "title");
  STR_PROP (PROP_TYPE_NAME, "type-name");
  STR_PROP (PROP_DATES, "dates");
  STR_PROP (PROP_PROVINCE, "province");
  STR_PROP (PROP_STATUS, "status");
  STR_PROP (PROP_WOMEN, "women");
  STR_PROP (PROP_MEN, "men");
#undef STR_PROP
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
taphuan_course_item_init (TaphuanCourseItem *self)
{
}

TaphuanCourseItem *
taphuan_course_item_new (TpCourse   *course,
                         const char *type_name,
                         const char *province_name,
                         guint       women,
                         guint       men)
{
  TaphuanCourseItem *self;
  g_autofree char *haystack = NULL;

  g_return_val_if_fail (course != NULL, NULL);

  self = g_object_new (TAPHUAN_TYPE_COURSE_ITEM, NULL);
  self->course = course;
  self->type_name = g_strdup (type_name ? type_name : "");
  self->province_name = g_strdup (province_name ? province_name : "");
  self->women = women;
  self->men = men;
  self->dates = taphuan_format_date_range (course->start_date, course->end_date);
  haystack = g_strjoin ("\n", course->code ? course->code : "",
                        course->title ? course->title : "",
                        course->venue ? course->venue : "",
                        course->organizer ? course->organizer : "",
                        self->province_name, NULL);
  self->fold = tp_text_fold (haystack);
  if (self->fold == NULL)
    self->fold = g_strdup ("");
  return self;
}

const TpCourse *
taphuan_course_item_get_course (TaphuanCourseItem *self)
{
  g_return_val_if_fail (TAPHUAN_IS_COURSE_ITEM (self), NULL);
  return self->course;
}

const char *
taphuan_course_item_get_fold (TaphuanCourseItem *self)
{
  g_return_val_if_fail (TAPHUAN_IS_COURSE_ITEM (self), NULL);
  return self->fold;
}

int
taphuan_course_item_get_year (TaphuanCourseItem *self)
{
  g_return_val_if_fail (TAPHUAN_IS_COURSE_ITEM (self), 0);
  if (self->course->start_date == NULL)
    return 0;
  return atoi (self->course->start_date);
}

guint
taphuan_course_item_get_women (TaphuanCourseItem *self)
{
  return self->women;
}

guint
taphuan_course_item_get_men (TaphuanCourseItem *self)
{
  return self->men;
}
