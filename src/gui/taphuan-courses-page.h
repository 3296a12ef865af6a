/* taphuan-courses-page.h: every course in a table, newest first, with
 * search and filters by year, type and status; the welcome page when the
 * database holds nothing yet. */
#pragma once

#include <adwaita.h>

#include "tp-db.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_COURSES_PAGE (taphuan_courses_page_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanCoursesPage, taphuan_courses_page, TAPHUAN, COURSES_PAGE, AdwBin)

void        taphuan_courses_page_set_db          (TaphuanCoursesPage *self,
                                                  TpDb               *db);
void        taphuan_courses_page_reload          (TaphuanCoursesPage *self);
void        taphuan_courses_page_focus_search    (TaphuanCoursesPage *self);
const char *taphuan_courses_page_get_selected_id (TaphuanCoursesPage *self);

/* For tests: the filtered rows (TaphuanCourseItem) and the search entry. */
GListModel *taphuan_courses_page_get_model       (TaphuanCoursesPage *self);
GtkEditable *taphuan_courses_page_get_search     (TaphuanCoursesPage *self);
gboolean    taphuan_courses_page_is_welcome      (TaphuanCoursesPage *self);

G_END_DECLS
