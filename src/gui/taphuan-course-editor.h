/* taphuan-course-editor.h: the dialog that creates or edits a course, with
 * the core's validation messages shown under each field as the user types
 * and Save enabled only when everything is valid. */
#pragma once

#include <adwaita.h>

#include "tp-db.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_COURSE_EDITOR (taphuan_course_editor_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanCourseEditor, taphuan_course_editor, TAPHUAN, COURSE_EDITOR, AdwWindow)

/* @course_id NULL creates a new course. Emits "saved" (course id) and
 * closes after a successful save. */
TaphuanCourseEditor *taphuan_course_editor_new             (TpDb                *db,
                                                            const char          *course_id);
/* The widget editing @field ("code", "title", "type", "status",
 * "start_date", "end_date", "province_code", "commune_code", "venue",
 * "organizer", "completion_threshold"), for tests and focus. */
GtkWidget           *taphuan_course_editor_get_field       (TaphuanCourseEditor *self,
                                                            const char          *field);
/* The message shown at @field, NULL when none is shown. */
const char          *taphuan_course_editor_get_field_error (TaphuanCourseEditor *self,
                                                            const char          *field);
gboolean             taphuan_course_editor_can_save        (TaphuanCourseEditor *self);

G_END_DECLS
