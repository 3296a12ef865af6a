/* taphuan-form.h: small pieces the editors (course, person, session)
 * share. */
#pragma once

#include <adwaita.h>

#include "tp-db.h"

G_BEGIN_DECLS

/* The row's text, trimmed; NULL when empty. */
char *taphuan_form_entry_text       (GtkWidget    *row);

/* Fills @dropdown with the communes of @province_code ("None" first) and
 * selects @select_code; does nothing when that province is already shown.
 * *@communes and *@shown_province are the editor's own cache. */
void  taphuan_form_update_communes  (TpDb         *db,
                                     GtkDropDown  *dropdown,
                                     GListStore  **communes,
                                     char        **shown_province,
                                     const char   *province_code,
                                     const char   *select_code);

/* Shows @message in @error_row (hidden when NULL); marks @field (may be
 * NULL) with the "error" style and gives it the message as its accessible
 * description. */
void  taphuan_form_show_error       (GtkWidget    *error_row,
                                     GtkWidget    *field,
                                     const char   *message);

G_END_DECLS
