/* taphuan-certificates-page.h: the Certificates section: the register of
 * every certificate issued, with search, revoking and CSV export. */
#pragma once

#include <adwaita.h>

#include "tp-db.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_CERTIFICATES_PAGE (taphuan_certificates_page_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanCertificatesPage, taphuan_certificates_page, TAPHUAN, CERTIFICATES_PAGE, AdwBin)

void  taphuan_certificates_page_set_db  (TaphuanCertificatesPage *self,
                                         TpDb                    *db);
void  taphuan_certificates_page_reload  (TaphuanCertificatesPage *self);
/* Rows shown (after the search). */
guint taphuan_certificates_page_get_n_shown (TaphuanCertificatesPage *self);

G_END_DECLS
