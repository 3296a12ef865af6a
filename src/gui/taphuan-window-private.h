/* taphuan-window-private.h: what the UI tests reach inside the window. */
#pragma once

#include "taphuan-course-editor.h"
#include "taphuan-course-page.h"
#include "taphuan-courses-page.h"
#include "taphuan-people-page.h"
#include "taphuan-person-page.h"
#include "taphuan-trainers-page.h"
#include "taphuan-window.h"

G_BEGIN_DECLS

TaphuanCoursesPage  *_taphuan_window_get_courses_page   (TaphuanWindow *self);
TaphuanCoursePage   *_taphuan_window_get_course_page    (TaphuanWindow *self);
TaphuanPeoplePage   *_taphuan_window_get_people_page    (TaphuanWindow *self);
TaphuanPersonPage   *_taphuan_window_get_person_page    (TaphuanWindow *self);
TaphuanTrainersPage *_taphuan_window_get_trainers_page  (TaphuanWindow *self);
/* The course editor opened by win.new-course / win.edit-course, if any. */
TaphuanCourseEditor *_taphuan_window_get_course_editor  (TaphuanWindow *self);
/* The confirmation shown by taphuan_window_delete_person, if any. */
GtkWidget           *_taphuan_window_get_alert          (TaphuanWindow *self);
const char          *_taphuan_window_get_visible_page   (TaphuanWindow *self);
const char          *_taphuan_window_get_error_title    (TaphuanWindow *self);
/* The title of the last toast shown. */
const char          *_taphuan_window_get_last_toast     (TaphuanWindow *self);

G_END_DECLS
