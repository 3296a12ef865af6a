/* taphuan-preferences-window.h: office settings kept in the database
 * (agency names, place, signer, certificate numbering, reporting year) and
 * the language settings kept in GSettings. */
#pragma once

#include <adwaita.h>

#include "taphuan-window.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_PREFERENCES_WINDOW (taphuan_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanPreferencesWindow, taphuan_preferences_window, TAPHUAN, PREFERENCES_WINDOW, AdwPreferencesWindow)

TaphuanPreferencesWindow *taphuan_preferences_window_new (TaphuanWindow *window);

G_END_DECLS
