/* taphuan-certificate-print.h: printing issued certificates through the
 * print dialog, one A4 landscape page per certificate, drawn from the
 * snapshots by tp-doc-certificate so the pages equal the exported PDF. */
#pragma once

#include <gtk/gtk.h>

#include "tp-doc-certificate.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_CERTIFICATE_PRINT (taphuan_certificate_print_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanCertificatePrint, taphuan_certificate_print, TAPHUAN, CERTIFICATE_PRINT, GtkPrintOperation)

/* @snapshots: TpCertSnapshot*s, one page each (kept referenced); @options
 * is copied. The default page setup is A4 landscape. */
TaphuanCertificatePrint *taphuan_certificate_print_new (GPtrArray                 *snapshots,
                                                        const TpCertRenderOptions *options);

G_END_DECLS
