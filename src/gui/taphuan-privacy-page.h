/* taphuan-privacy-page.h: the Preferences page "Privacy": consent for
 * ethnicity, the retention rule with its preview, the legal basis, the
 * record of processing, and how many backups are kept. All of it is kept
 * in the database's settings (privacy.*, backup.*). */
#pragma once

#include <adwaita.h>

#include "taphuan-window.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_PRIVACY_PAGE (taphuan_privacy_page_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanPrivacyPage, taphuan_privacy_page, TAPHUAN, PRIVACY_PAGE, AdwPreferencesPage)

TaphuanPrivacyPage *taphuan_privacy_page_new (TaphuanWindow *window);

G_END_DECLS
