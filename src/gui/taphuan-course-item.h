/* taphuan-course-item.h: one course as a row of the Courses table, with the
 * display strings computed once (type and province names, enrolled women
 * and men) and the search fold. */
#pragma once

#include <glib-object.h>

#include "tp-model.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_COURSE_ITEM (taphuan_course_item_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanCourseItem, taphuan_course_item, TAPHUAN, COURSE_ITEM, GObject)

/* Takes @course. */
TaphuanCourseItem *taphuan_course_item_new        (TpCourse          *course,
                                                   const char        *type_name,
                                                   const char        *province_name,
                                                   guint              women,
                                                   guint              men);
const TpCourse    *taphuan_course_item_get_course (TaphuanCourseItem *self);
const char        *taphuan_course_item_get_fold   (TaphuanCourseItem *self);
int                taphuan_course_item_get_year   (TaphuanCourseItem *self);
guint              taphuan_course_item_get_women  (TaphuanCourseItem *self);
guint              taphuan_course_item_get_men    (TaphuanCourseItem *self);

/* "3–5 March 2026"-style range of two YYYY-MM-DD dates (either may be NULL). */
char              *taphuan_format_date_range      (const char        *start,
                                                   const char        *end);
/* "Tuesday 3 March 2026" for a YYYY-MM-DD date; a copy of @date if invalid. */
char              *taphuan_format_date_long       (const char        *date);

G_END_DECLS
