/* taphuan-enrol-dialog.h: choose people of the register for a course,
 * searching as you type (marks and đ ignored), one or many at once, or
 * create a new person in place. In trainer mode it picks trainers. */
#pragma once

#include <adwaita.h>

#include "tp-db.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_ENROL_DIALOG (taphuan_enrol_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanEnrolDialog, taphuan_enrol_dialog, TAPHUAN, ENROL_DIALOG, AdwWindow)

/* People already enrolled in (or training) @course_id are left out.
 * Emits "people-chosen" (GStrv of person ids) and closes. */
TaphuanEnrolDialog *taphuan_enrol_dialog_new              (TpDb               *db,
                                                           const char         *course_id,
                                                           gboolean            trainer_mode);
gboolean            taphuan_enrol_dialog_get_trainer_mode (TaphuanEnrolDialog *self);
gboolean            taphuan_enrol_dialog_is_loading       (TaphuanEnrolDialog *self);

/* For tests: search now, the matching people, selecting one. */
void                taphuan_enrol_dialog_set_search       (TaphuanEnrolDialog *self,
                                                           const char         *text);
GListModel         *taphuan_enrol_dialog_get_model        (TaphuanEnrolDialog *self);
void                taphuan_enrol_dialog_select           (TaphuanEnrolDialog *self,
                                                           guint               position,
                                                           gboolean            add);
/* The person editor opened by enrol.new-person, if any. */
GtkWindow          *taphuan_enrol_dialog_get_person_editor (TaphuanEnrolDialog *self);

G_END_DECLS
