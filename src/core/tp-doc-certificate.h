/* tp-doc-certificate.h: drawing certificates and the certificate register
 * on any cairo context (print dialog, PDF export, the command-line tool).
 *
 * A certificate is drawn from its snapshot only, so a reprint shows what
 * was issued whatever was edited since. A4 landscape, Decree 30/2020 header
 * (issuing body top left, national motto top right), Times New Roman
 * (Liberation Serif where Times is missing).
 */
#pragma once

#include <cairo.h>

#include "tp-certificates.h"

G_BEGIN_DECLS

/* A4 landscape in points. */
#define TP_DOC_A4_LONG  841.8898
#define TP_DOC_A4_SHORT 595.2756

typedef struct {
  const char *logo_path;        /* PNG or SVG above the title; NULL = none */
  const char *background_path;  /* PNG or SVG stretched over the page; NULL = none */
  gboolean    mark_revoked;     /* "ĐÃ THU HỒI" across revoked certificates */
} TpCertRenderOptions;

/* Fills the render options from the settings cert.logo_path and
 * cert.background_path (strings owned by the caller: free with
 * tp_cert_render_options_clear). */
void       tp_cert_render_options_load  (TpDb                 *db,
                                         TpCertRenderOptions  *options);
void       tp_cert_render_options_clear (TpCertRenderOptions  *options);

/* Checks that @path is an image a certificate can show: a readable PNG,
 * or SVG when Taphuan was built with librsvg (a translated refusal
 * otherwise). NULL or "" is fine (no image). */
gboolean   tp_doc_certificate_check_image (const char  *path,
                                           GError     **error);

/* Draws one certificate on a @width × @height page (points). */
void       tp_doc_certificate_draw      (cairo_t                    *cr,
                                         double                      width,
                                         double                      height,
                                         const TpCertSnapshot       *snapshot,
                                         const TpCertRenderOptions  *options);

/* One page per snapshot (TpCertSnapshot*), written atomically. */
gboolean   tp_doc_certificates_write_pdf (GPtrArray                  *snapshots,
                                          const char                 *path,
                                          const TpCertRenderOptions  *options,
                                          GError                    **error);

/* ---- the register book (sổ cấp giấy chứng nhận) ----------------------- */

typedef struct _TpRegisterDoc TpRegisterDoc;

/* @certificates: TpCertificate* in register order (kept referenced). */
TpRegisterDoc *tp_register_doc_new      (TpDb          *db,
                                         GPtrArray     *certificates);
void       tp_register_doc_free         (TpRegisterDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpRegisterDoc, tp_register_doc_free)

/* Lays the rows out on @width × @height pages measured with @cr; returns the
 * number of pages (at least 1). Call before drawing. */
guint      tp_register_doc_paginate     (TpRegisterDoc *doc,
                                         cairo_t       *cr,
                                         double         width,
                                         double         height);
void       tp_register_doc_draw_page    (TpRegisterDoc *doc,
                                         cairo_t       *cr,
                                         guint          page);

gboolean   tp_register_doc_write_pdf    (TpRegisterDoc  *doc,
                                         const char     *path,
                                         GError        **error);

G_END_DECLS
