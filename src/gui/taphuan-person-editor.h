/* taphuan-person-editor.h: the dialog that adds a person to the register or
 * edits one. Sex is required with no default; ethnicity is recorded only
 * with consent; before adding someone who looks like a person already in
 * the register (same id number, or same name and birth year) it lists
 * them and offers to use one instead. */
#pragma once

#include <adwaita.h>

#include "tp-db.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_PERSON_EDITOR (taphuan_person_editor_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanPersonEditor, taphuan_person_editor, TAPHUAN, PERSON_EDITOR, AdwWindow)

/* @person_id NULL adds a new person, @initial_name pre-filled. Emits
 * "saved" (person id: the new one, or the existing one the user chose). */
TaphuanPersonEditor *taphuan_person_editor_new             (TpDb                *db,
                                                            const char          *person_id,
                                                            const char          *initial_name);
/* "full_name", "sex", "birth_year", "national_id", "organization",
 * "position", "phone", "email", "province_code", "commune_code",
 * "ethnicity", "consent". */
GtkWidget           *taphuan_person_editor_get_field       (TaphuanPersonEditor *self,
                                                            const char          *field);
const char          *taphuan_person_editor_get_field_error (TaphuanPersonEditor *self,
                                                            const char          *field);
gboolean             taphuan_person_editor_can_save        (TaphuanPersonEditor *self);
/* How many look-alikes the editor is showing (after a first Save). */
guint                taphuan_person_editor_get_n_similar   (TaphuanPersonEditor *self);

G_END_DECLS
