/* tp-model.h: the records Taphuan keeps, as plain structs.
 *
 * Strings are owned NFC UTF-8 or NULL. Dates are "YYYY-MM-DD". Ids are UUID
 * text so bundles from different provinces merge without collisions. The
 * enums convert to and from the stable strings used in the database, the
 * exchange bundle and the CLI.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  TP_SEX_UNKNOWN = 0,
  TP_SEX_FEMALE,
  TP_SEX_MALE,
} TpSex;

typedef enum {
  TP_PART_MORNING = 0,
  TP_PART_AFTERNOON,
  TP_PART_FULL_DAY,
} TpSessionPart;

typedef enum {
  TP_MARK_NONE = 0,   /* unmarked: no row in the attendance table */
  TP_MARK_PRESENT,
  TP_MARK_LATE,
  TP_MARK_EXCUSED,
  TP_MARK_ABSENT,
} TpMark;

typedef enum {
  TP_COURSE_PLANNED = 0,
  TP_COURSE_OPEN,
  TP_COURSE_COMPLETED,
  TP_COURSE_CANCELLED,
} TpCourseStatus;

typedef enum {
  TP_ENROLMENT_REGISTERED = 0,
  TP_ENROLMENT_ATTENDING,
  TP_ENROLMENT_COMPLETED,
  TP_ENROLMENT_WITHDRAWN,
} TpEnrolmentStatus;

typedef enum {
  TP_ROLE_LEAD = 0,
  TP_ROLE_CO_TRAINER,
  TP_ROLE_ASSISTANT,
} TpTrainerRole;

typedef enum {
  TP_CERT_VALID = 0,
  TP_CERT_REVOKED,
} TpCertStatus;

/* Stable strings ("female", "morning", "present", "planned", ...). The
 * *_from_string functions return FALSE for unknown strings. */
const char *tp_sex_to_string            (TpSex s);
gboolean    tp_sex_from_string          (const char *str, TpSex *out);
const char *tp_session_part_to_string   (TpSessionPart p);
gboolean    tp_session_part_from_string (const char *str, TpSessionPart *out);
const char *tp_mark_to_string           (TpMark m);
gboolean    tp_mark_from_string         (const char *str, TpMark *out);
const char *tp_course_status_to_string  (TpCourseStatus s);
gboolean    tp_course_status_from_string (const char *str, TpCourseStatus *out);
const char *tp_enrolment_status_to_string (TpEnrolmentStatus s);
gboolean    tp_enrolment_status_from_string (const char *str, TpEnrolmentStatus *out);
const char *tp_trainer_role_to_string   (TpTrainerRole r);
gboolean    tp_trainer_role_from_string (const char *str, TpTrainerRole *out);
const char *tp_cert_status_to_string    (TpCertStatus s);
gboolean    tp_cert_status_from_string  (const char *str, TpCertStatus *out);

/* Translated labels for the UI and documents. */
const char *tp_sex_label                (TpSex s);
const char *tp_session_part_label       (TpSessionPart p);
const char *tp_mark_label               (TpMark m);
const char *tp_course_status_label      (TpCourseStatus s);
const char *tp_enrolment_status_label   (TpEnrolmentStatus s);
const char *tp_trainer_role_label       (TpTrainerRole r);

typedef struct {
  char  *id;
  char  *full_name;       /* as typed */
  char  *family_name;
  char  *middle_name;
  char  *given_name;
  char  *sort_name;       /* optional override (Ê Đê names) */
  TpSex  sex;
  int    birth_year;      /* 0 = unknown */
  char  *birth_date;      /* optional, YYYY-MM-DD; sets birth_year */
  char  *ethnicity_id;    /* id in ethnic_groups ("kinh", "hmong"...) */
  char  *national_id;     /* 12 digits */
  char  *phone;
  char  *email;
  char  *organization;
  char  *position;
  char  *province_code;   /* "01" */
  char  *commune_code;    /* "00004" */
  char  *admin_version;   /* version of the admin-unit data the codes mean */
  char  *target_group;    /* id in target_groups */
  gboolean consent_sensitive;
  char  *consent_date;
  char  *consent_method;
  char  *created_at;
  char  *updated_at;
} TpPerson;

typedef struct {
  char          *id;
  char          *course_id;
  char          *date;
  TpSessionPart  part;
  char          *topic;
  char          *trainer_id;  /* person id or NULL */
} TpSession;

typedef struct {
  char          *source_id;   /* funding_sources id */
  gint64         planned;     /* VND; -1 = not set */
  gint64         actual;      /* VND; -1 = not set */
} TpBudgetLine;

typedef struct {
  char           *id;
  char           *code;
  char           *title;
  char           *type_id;      /* course_types id */
  char           *level;        /* "provincial", "commune", "central" or NULL */
  char          **target_groups;  /* NULL-terminated ids, may be NULL */
  char           *organizer;
  char           *province_code;
  char           *commune_code;
  char           *admin_version;
  char           *venue;
  char           *start_date;
  char           *end_date;
  TpCourseStatus  status;
  int             completion_threshold;  /* percent, default 80 */
  gboolean        excused_counts;        /* excused absence counts as attended */
  double          pass_mark;             /* 0..10; < 0 = none */
  gint64          daily_allowance;       /* VND per day attended; 0 = none */
  GPtrArray      *budget;                /* TpBudgetLine*, owned */
  char           *created_at;
  char           *updated_at;
} TpCourse;

typedef struct {
  char              *id;
  char              *course_id;
  char              *person_id;
  TpEnrolmentStatus  status;
  double             pre_test;   /* < 0 = none */
  double             post_test;  /* < 0 = none */
} TpEnrolment;

typedef struct {
  char          *person_id;
  char          *course_id;
  TpTrainerRole  role;
} TpCourseTrainer;

TpPerson     *tp_person_new         (void);
TpPerson     *tp_person_copy        (const TpPerson *p);
void          tp_person_free        (TpPerson *p);
TpSession    *tp_session_new        (void);
void          tp_session_free       (TpSession *s);
TpBudgetLine *tp_budget_line_new    (const char *source_id, gint64 planned, gint64 actual);
void          tp_budget_line_free   (TpBudgetLine *b);
TpCourse     *tp_course_new         (void);
TpCourse     *tp_course_copy        (const TpCourse *c);
void          tp_course_free        (TpCourse *c);
TpEnrolment  *tp_enrolment_new      (void);
void          tp_enrolment_free     (TpEnrolment *e);
TpCourseTrainer *tp_course_trainer_new  (void);
void          tp_course_trainer_free (TpCourseTrainer *t);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpPerson, tp_person_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpSession, tp_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpBudgetLine, tp_budget_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpCourse, tp_course_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpEnrolment, tp_enrolment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpCourseTrainer, tp_course_trainer_free)

G_END_DECLS
