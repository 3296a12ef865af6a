/* taphuan-session-editor.h: the dialog that adds a session to a course or
 * edits one (date, part of the day, topic, trainer), with the core's
 * validation messages shown at each field and Save enabled only when valid. */
#pragma once

#include <adwaita.h>

#include "tp-db.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_SESSION_EDITOR (taphuan_session_editor_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanSessionEditor, taphuan_session_editor, TAPHUAN, SESSION_EDITOR, AdwWindow)

/* @session_id NULL adds a session to @course_id. Emits "saved" (session
 * id) and closes after a successful save. */
TaphuanSessionEditor *taphuan_session_editor_new             (TpDb                 *db,
                                                              const char           *course_id,
                                                              const char           *session_id);
/* The widget editing @field ("date", "part", "topic", "trainer"). */
GtkWidget            *taphuan_session_editor_get_field       (TaphuanSessionEditor *self,
                                                              const char           *field);
/* The message shown at @field ("date", "part"), NULL when none is shown. */
const char           *taphuan_session_editor_get_field_error (TaphuanSessionEditor *self,
                                                              const char           *field);
gboolean              taphuan_session_editor_can_save        (TaphuanSessionEditor *self);

G_END_DECLS
