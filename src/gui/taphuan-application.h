/* taphuan-application.h: the single-instance application. `taphuan [FILE]`
 * opens FILE as the database, or the last / default one. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TAPHUAN_TYPE_APPLICATION (taphuan_application_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanApplication, taphuan_application, TAPHUAN, APPLICATION, AdwApplication)

/* gettext set-up, honouring the ui-language setting and $TAPHUAN_LOCALEDIR. */
void                taphuan_application_setup_i18n       (void);

TaphuanApplication *taphuan_application_new              (void);
/* NULL when the GSettings schema is not installed (running uninstalled
 * without GSETTINGS_SCHEMA_DIR): settings are then not remembered. */
GSettings          *taphuan_application_get_settings     (TaphuanApplication *self);
/* Remembers @path as the last and most recent database. */
void                taphuan_application_note_database    (TaphuanApplication *self,
                                                          const char         *path);
/* The "Recent" submenu, kept in step with the recent-databases key. */
GMenuModel         *taphuan_application_get_recent_menu  (TaphuanApplication *self);

G_END_DECLS
