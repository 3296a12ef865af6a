/* taphuan-enrolment-editor.h: the dialog that edits one person's enrolment
 * in a course: its status and the pre-test and post-test scores (0 to 10,
 * one decimal, empty for none), with messages at the fields and Save
 * enabled only when valid. */
#pragma once

#include <adwaita.h>

#include "tp-db.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_ENROLMENT_EDITOR (taphuan_enrolment_editor_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanEnrolmentEditor, taphuan_enrolment_editor, TAPHUAN, ENROLMENT_EDITOR, AdwWindow)

/* Edits @person_id's enrolment in @course_id; NULL when there is none.
 * Emits "saved" (enrolment id) and closes after a successful save. */
TaphuanEnrolmentEditor *taphuan_enrolment_editor_new             (TpDb                   *db,
                                                                  const char             *course_id,
                                                                  const char             *person_id);
/* The widget editing @field ("status", "pre_test", "post_test"). */
GtkWidget              *taphuan_enrolment_editor_get_field       (TaphuanEnrolmentEditor *self,
                                                                  const char             *field);
/* The message shown at @field, NULL when none is shown. */
const char             *taphuan_enrolment_editor_get_field_error (TaphuanEnrolmentEditor *self,
                                                                  const char             *field);
gboolean                taphuan_enrolment_editor_can_save        (TaphuanEnrolmentEditor *self);

/* Reads a score as typed ("7.5", "7,5", "" = none → -1). Returns a
 * translated message when it is not a number from 0 to 10 with at most one
 * decimal. */
char                   *taphuan_parse_score                      (const char             *text,
                                                                  double                 *score);

G_END_DECLS
