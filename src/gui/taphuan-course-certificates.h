/* taphuan-course-certificates.h: the Certificates section of a course page:
 * everyone enrolled with whether they may have a certificate and why not,
 * their certificate if issued, issuing, printing, PDF export, a preview of
 * the selected certificate, revoke/reissue, making source trainers and,
 * for a trainer-of-trainers course, the trainer cascade. */
#pragma once

#include <adwaita.h>

#include "tp-db.h"

G_BEGIN_DECLS

#define TAPHUAN_TYPE_COURSE_CERTIFICATES (taphuan_course_certificates_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanCourseCertificates, taphuan_course_certificates, TAPHUAN, COURSE_CERTIFICATES, AdwPreferencesGroup)

/* Shows @course_id of @db (NULL clears), read in a worker thread on its own
 * connection to the same file. Setting the same course again reloads it,
 * keeping the selected person. */
void        taphuan_course_certificates_set_course  (TaphuanCourseCertificates *self,
                                                     TpDb                      *db,
                                                     const char                *course_id);
void        taphuan_course_certificates_reload      (TaphuanCourseCertificates *self);

/* Writes the course's valid certificates as one PDF at @target, or with
 * @per_person one PDF each in the folder @target, named by register number
 * ("0001-2026-GCN.pdf"). Runs in a worker thread; the outcome is a toast. */
void        taphuan_course_certificates_export      (TaphuanCourseCertificates *self,
                                                     GFile                     *target,
                                                     gboolean                   per_person);

/* For tests: loading, issuing or exporting in a worker thread. */
gboolean    taphuan_course_certificates_get_busy    (TaphuanCourseCertificates *self);
/* The rows: objects with the properties "person-id", "name", "detail" (the
 * reason, translated), "eligible", "status", "register-no",
 * "certificate-id", "trainer" (the certificate made its holder a source
 * trainer). */
GListModel *taphuan_course_certificates_get_model   (TaphuanCourseCertificates *self);
/* The text of the last toast or error this section showed. */
const char *taphuan_course_certificates_get_last_message (TaphuanCourseCertificates *self);
/* The cascade's counts for a ToT course (all 0 otherwise): trainers
 * produced, courses they taught, people reached, second generation. */
void        taphuan_course_certificates_get_cascade_counts (TaphuanCourseCertificates *self,
                                                            guint                     *trainers,
                                                            guint                     *courses,
                                                            guint                     *reached,
                                                            guint                     *second_generation);

G_END_DECLS
