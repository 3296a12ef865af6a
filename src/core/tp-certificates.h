/* tp-certificates.h: who may have a certificate, issuing them with
 * gap-free register numbers, revoking and reissuing, the register book,
 * verification codes and the trainer cascade (docs/certificates.md).
 *
 * An issued certificate keeps a JSON snapshot of everything printed on it
 * (with its SHA-256), so reprints never change when a person or a course is
 * edited later. Every write is one transaction; the change log is written
 * by the schema's triggers.
 */
#pragma once

#include "tp-db.h"
#include "tp-model.h"

G_BEGIN_DECLS

#define TP_CERT_DEFAULT_PATTERN "{seq:04}/{year}/GCN"
/* Verification codes: 8 characters, no 0/O, 1/I/L look-alikes. */
#define TP_CERT_CODE_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#define TP_CERT_CODE_LENGTH 8

/* ---- eligibility ------------------------------------------------------- */

typedef struct {
  char     *enrolment_id;
  char     *person_id;
  char     *full_name;
  int       sessions;       /* sessions of the course */
  int       attended;       /* present + late (+ excused when it counts) */
  int       needed;         /* sessions needed for the threshold */
  double    post_test;      /* < 0 = none */
  gboolean  eligible;
  char     *reason;         /* translated; why not eligible, NULL if eligible */
  char     *certificate_id; /* a valid certificate already held, or NULL */
  char     *register_no;
} TpEligibility;

void       tp_eligibility_free          (TpEligibility *e);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpEligibility, tp_eligibility_free)

/* Every enrolment of the course (withdrawn ones too, not eligible), in the
 * Vietnamese order of names. */
GPtrArray *tp_certificates_eligibility  (TpDb        *db,
                                         const char  *course_id,
                                         GError     **error);

/* ---- the snapshot: what is printed ------------------------------------- */

typedef struct {
  char *full_name;
  char *birth_date;       /* YYYY-MM-DD or NULL */
  int   birth_year;       /* 0 = unknown */
  TpSex sex;
  char *organization;
  char *position;
  char *course_code;
  char *course_title;
  char *course_type;      /* name of the course type */
  char *start_date;
  char *end_date;
  char *venue;
  char *place;            /* địa danh of the date line */
  char *parent_agency;    /* "ỦY BAN NHÂN DÂN TỈNH ..." */
  char *issuer_name;      /* issuing body valid on the issue date */
  char *signer_prefix;    /* "KT. GIÁM ĐỐC", "TL. ..." or NULL */
  char *signer_title;
  char *signer_name;
  char *issue_date;
  char *register_no;
  char *serial;
  char *verification_code;
  char *body_text;        /* the line before the course; NULL = the default */
  char *logo_path;        /* PNG or SVG above the title, or NULL */
  char *background_path;  /* PNG or SVG over the page, or NULL */
  gboolean revoked;       /* not part of the JSON: the current status */
} TpCertSnapshot;

void            tp_cert_snapshot_free    (TpCertSnapshot *s);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpCertSnapshot, tp_cert_snapshot_free)

/* Canonical JSON (fixed key order) and back. */
char           *tp_cert_snapshot_to_json  (const TpCertSnapshot *s);
TpCertSnapshot *tp_cert_snapshot_from_json (const char  *json,
                                            GError     **error);

/* ---- certificates and the register ------------------------------------- */

typedef struct {
  char          *id;
  char          *course_id;
  char          *person_id;
  char          *issuer;         /* issuing-body code the numbers count in */
  int            year;
  int            seq;
  char          *register_no;
  char          *serial;
  char          *issued_on;
  TpCertStatus   status;
  char          *revoked_reason;
  char          *replaces_id;
  char          *verification_code;
  char          *snapshot;       /* JSON */
  char          *snapshot_sha256;
  /* From the snapshot, for listing: */
  char          *full_name;
  int            birth_year;
  TpSex          sex;
  char          *organization;
  char          *course_code;
  char          *course_title;
} TpCertificate;

void       tp_certificate_free          (TpCertificate *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpCertificate, tp_certificate_free)

/* Formats a register number: {seq}, {seq:0N} (zero-padded to N digits),
 * {year}, {issuer}. The pattern needs {seq} and {year}, so numbers never
 * repeat across years. */
char      *tp_certificate_format_number (const char  *pattern,
                                         const char  *issuer,
                                         int          year,
                                         int          seq,
                                         GError     **error);

typedef struct {
  const char *issue_date;    /* YYYY-MM-DD; NULL = today */
  const char *serial_start;  /* first serial (số hiệu), its trailing digits
                                counted up; NULL = setting cert.next_serial,
                                none when unset */
} TpIssueOptions;

/* Issues a certificate to every eligible person without a valid one for
 * the course, in one transaction. @issued (may be NULL) receives the new
 * TpCertificate*s in register order. Returns FALSE and changes nothing on
 * any error. */
gboolean   tp_certificates_issue        (TpDb                  *db,
                                         const char            *course_id,
                                         const TpIssueOptions  *options,
                                         GPtrArray            **issued,
                                         GError               **error);

/* Looks a certificate up by id, register number or verification code
 * (case, spaces and hyphens ignored). TP_ERROR_NOT_FOUND when unknown. */
TpCertificate *tp_certificates_get      (TpDb        *db,
                                         const char  *id,
                                         GError     **error);
TpCertificate *tp_certificates_get_by_number (TpDb        *db,
                                              const char  *register_no,
                                              GError     **error);
TpCertificate *tp_certificates_get_by_code   (TpDb        *db,
                                              const char  *code,
                                              GError     **error);

/* Revokes with a reason (required); the number stays taken. */
gboolean   tp_certificates_revoke       (TpDb        *db,
                                         const char  *certificate_id,
                                         const char  *reason,
                                         GError     **error);

/* Revokes @certificate_id with @reason and issues a corrected certificate
 * from the current data with a new number and replaces_id set, in one
 * transaction. */
TpCertificate *tp_certificates_reissue  (TpDb                  *db,
                                         const char            *certificate_id,
                                         const char            *reason,
                                         const TpIssueOptions  *options,
                                         GError               **error);

/* The register: every certificate (course_id NULL) or a course's, oldest
 * year first, then issuer and number. @search folds like the people list
 * (name, register number, serial, code, organisation). */
GPtrArray *tp_certificates_list         (TpDb        *db,
                                         const char  *course_id,
                                         const char  *search,
                                         GError     **error);

/* The parsed snapshot, after checking it against its SHA-256. */
TpCertSnapshot *tp_certificate_load_snapshot (const TpCertificate  *cert,
                                              GError              **error);

/* The register as CSV (UTF-8 with a BOM, so spreadsheet programs read the
 * marks right). */
gboolean   tp_certificates_export_csv   (TpDb        *db,
                                         const char  *path,
                                         GError     **error);

/* Office settings used on certificates, with defaults filled in. */
/* A certificate setting for a course: the course's override (settings key
 * "course.<course id>.<key>"), else the office setting @key, else the
 * default for keys that have a fixed one (office.signer_title,
 * cert.body_text, cert.number_pattern), else NULL. @course_id may be NULL. */
char      *tp_certificates_setting      (TpDb        *db,
                                         const char  *course_id,
                                         const char  *key);
/* The settings key of a course's override of @key. */
char      *tp_certificates_course_key   (const char  *course_id,
                                         const char  *key);
/* What would be printed for @person_id if the course issued today (or on
 * @issue_date): a draft snapshot without numbers, built like the real
 * ones, for previews. */
TpCertSnapshot *tp_certificates_draft_snapshot (TpDb        *db,
                                                const char  *course_id,
                                                const char  *person_id,
                                                const char  *issue_date,
                                                GError     **error);

char      *tp_certificates_issuer_name  (TpDb *db, const char *date);
char      *tp_certificates_issuer_code  (TpDb *db, const char *date);

/* ---- the trainer cascade ----------------------------------------------- */

/* Makes the holder of @certificate_id (valid, from a ToT course) a source
 * trainer whose profile records the certificate. Returns the profile id. */
char      *tp_certificates_make_trainer (TpDb        *db,
                                         const char  *certificate_id,
                                         GError     **error);

typedef struct {
  char *id;      /* person or course id */
  char *label;   /* full name, or "CODE — title" */
} TpCascadeItem;

typedef struct {
  GPtrArray *direct_courses;     /* a trainer's own courses (empty for a course) */
  GPtrArray *direct_reached;     /* people in them */
  GPtrArray *trainers;           /* source trainers produced */
  GPtrArray *courses;            /* courses those trainers taught */
  GPtrArray *reached;            /* people enrolled in those courses */
  GPtrArray *second_trainers;    /* trainers produced by those trainers */
  GPtrArray *second_generation;  /* people reached by the second trainers */
} TpCascade;

void       tp_cascade_free              (TpCascade *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpCascade, tp_cascade_free)

TpCascade *tp_cascade_for_trainer       (TpDb        *db,
                                         const char  *person_id,
                                         GError     **error);
TpCascade *tp_cascade_for_course        (TpDb        *db,
                                         const char  *course_id,
                                         GError     **error);

G_END_DECLS
