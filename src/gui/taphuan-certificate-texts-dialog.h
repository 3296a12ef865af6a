/* taphuan-certificate-texts-dialog.h: "Certificate Texts…" of a course's
 * Certificates tab: the signer, the text before the course, the place and
 * the logo or background image printed on this course's certificates.
 * Every field left empty uses the office setting; saved as the settings
 * "course.<course id>.<key>" (tp_certificates_setting). Certificates
 * already issued keep what they were issued with. */
#pragma once

#include <adwaita.h>

#include "tp-db.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_CERTIFICATE_TEXTS_DIALOG (taphuan_certificate_texts_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanCertificateTextsDialog, taphuan_certificate_texts_dialog,
                      TAPHUAN, CERTIFICATE_TEXTS_DIALOG, AdwWindow)

/* The setting keys the dialog edits. */
#define TAPHUAN_CERT_KEY_PREFIX     "office.signer_prefix"
#define TAPHUAN_CERT_KEY_TITLE      "office.signer_title"
#define TAPHUAN_CERT_KEY_NAME       "office.signer_name"
#define TAPHUAN_CERT_KEY_BODY       "cert.body_text"
#define TAPHUAN_CERT_KEY_PLACE      "office.place"
#define TAPHUAN_CERT_KEY_LOGO       "cert.logo_path"
#define TAPHUAN_CERT_KEY_BACKGROUND "cert.background_path"

typedef enum {
  TAPHUAN_SIGNER_PREFIX_OFFICE, /* use the office setting */
  TAPHUAN_SIGNER_PREFIX_KT,     /* ký thay */
  TAPHUAN_SIGNER_PREFIX_TL,     /* thừa lệnh */
} TaphuanSignerPrefix;

/* Emits "saved" after a successful save (the tab then redraws its
 * preview). */
TaphuanCertificateTextsDialog *taphuan_certificate_texts_dialog_new (GtkWindow  *parent,
                                                                     TpDb       *db,
                                                                     const char *course_id);

/* What the fields would do, for tests and the tab: sets the field of @key
 * (one of TAPHUAN_CERT_KEY_*, not the prefix) to @value; NULL or "" = use
 * the office setting. */
void     taphuan_certificate_texts_dialog_set_field  (TaphuanCertificateTextsDialog *self,
                                                      const char                    *key,
                                                      const char                    *value);
const char *taphuan_certificate_texts_dialog_get_field (TaphuanCertificateTextsDialog *self,
                                                        const char                    *key);
/* @head_title: whose title follows "KT."/"TL." (e.g. "GIÁM ĐỐC"). */
void     taphuan_certificate_texts_dialog_set_prefix (TaphuanCertificateTextsDialog *self,
                                                      TaphuanSignerPrefix            prefix,
                                                      const char                    *head_title);
/* Writes every field in one transaction; an unreadable image is refused
 * (translated message) and nothing changes. */
gboolean taphuan_certificate_texts_dialog_save       (TaphuanCertificateTextsDialog *self,
                                                      GError                       **error);

G_END_DECLS
