/* taphuan-course-page.h: one course: its details, its sessions (generated
 * from the date range, then edited), its trainers with their roles and the
 * people enrolled with their attendance and status. */
#pragma once

#include <adwaita.h>

#include "tp-db.h"
#include "tp-model.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_COURSE_PAGE (taphuan_course_page_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanCoursePage, taphuan_course_page, TAPHUAN, COURSE_PAGE, AdwBin)

/* NULL @db or @course_id clears the page. */
void        taphuan_course_page_set_course    (TaphuanCoursePage *self,
                                               TpDb              *db,
                                               const char        *course_id);
const char *taphuan_course_page_get_course_id (TaphuanCoursePage *self);
/* FALSE when the course no longer exists. */
gboolean    taphuan_course_page_reload        (TaphuanCoursePage *self);

/* For tests: what the page shows. */
const char *taphuan_course_page_get_title     (TaphuanCoursePage *self);
guint       taphuan_course_page_get_n_sessions (TaphuanCoursePage *self);
guint       taphuan_course_page_get_n_enrolled (TaphuanCoursePage *self);
/* The enrolled group's summary ("2 women, 1 man"). */
const char *taphuan_course_page_get_summary   (TaphuanCoursePage *self);
/* The enrol dialog opened by course.enrol, if any. */
GtkWindow  *taphuan_course_page_get_enrol_dialog (TaphuanCoursePage *self);

/* Percentage of @sessions the enrolment attended, counting present and
 * late (and excused when the course says so); -1 when there are none. */
int         taphuan_attendance_percent        (const TpCourse    *course,
                                               GPtrArray         *sessions,
                                               GHashTable        *marks,
                                               const char        *enrolment_id);

G_END_DECLS
