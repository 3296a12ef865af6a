/* tp-bundle.c: reading and writing the exchange bundle, format v1.
 *
 * Import runs in three passes so that a bad file never reaches the database:
 * parse every record into model structs (types, formats, the model's own
 * validation, each failure named by its JSON path); resolve references
 * against the bundle and the database (people, sessions, codes); then apply
 * inside one transaction, comparing each record with the stored one so that
 * an unchanged record is not written at all (no change-log row, no new
 * updated_at).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "tp-backup.h"
#include "tp-bundle.h"
#include "tp-model.h"
#include "tp-refdata.h"
#include "tp-store.h"
#include "tp-text.h"

/* ---- stats ------------------------------------------------------------- */

TpBundleStats *
tp_bundle_stats_new (void)
{
  TpBundleStats *stats = g_new0 (TpBundleStats, 1);

  stats->warnings = g_ptr_array_new_with_free_func (g_free);
  return stats;
}

void
tp_bundle_stats_free (TpBundleStats *stats)
{
  if (stats == NULL)
    return;
  g_clear_pointer (&stats->warnings, g_ptr_array_unref);
  g_free (stats->batch_id);
  g_free (stats);
}

guint
tp_bundle_stats_n_changes (const TpBundleStats *stats)
{
  guint n = 0;

  for (guint i = 0; i < TP_BUNDLE_N_KINDS; i++)
    n += stats->counts[i].added + stats->counts[i].updated;
  return n;
}

static void
stats_reset (TpBundleStats *stats)
{
  memset (stats->counts, 0, sizeof stats->counts);
  if (stats->warnings == NULL)
    stats->warnings = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_set_size (stats->warnings, 0);
  g_clear_pointer (&stats->batch_id, g_free);
}

const char *
tp_bundle_kind_to_string (TpBundleKind kind)
{
  static const char * const keys[TP_BUNDLE_N_KINDS] = {
    "people", "courses", "sessions", "trainers", "enrollments",
    "attendance", "certificates",
  };

  g_return_val_if_fail (kind < TP_BUNDLE_N_KINDS, NULL);
  return keys[kind];
}

const char *
tp_bundle_kind_label (TpBundleKind kind)
{
  switch (kind)
    {
    case TP_BUNDLE_PEOPLE:
      return _("People");
    case TP_BUNDLE_COURSES:
      return _("Courses");
    case TP_BUNDLE_SESSIONS:
      return _("Sessions");
    case TP_BUNDLE_TRAINERS:
      return _("Course trainers");
    case TP_BUNDLE_ENROLMENTS:
      return _("Enrolments");
    case TP_BUNDLE_MARKS:
      return _("Attendance marks");
    case TP_BUNDLE_CERTIFICATES:
      return _("Certificates");
    case TP_BUNDLE_N_KINDS:
    default:
      break;
    }
  g_return_val_if_reached (NULL);
}

/* ---- parsed records ---------------------------------------------------- */

typedef struct {
  char     *path;          /* "people[3]" */
  TpPerson *person;
  gboolean  parts_given;   /* any of family/middle/given name in the file */
  GDateTime *updated_at;   /* the file's "updated_at", or NULL */
} BPerson;

typedef struct {
  char      *path;
  TpSession *session;
} BSession;

typedef struct {
  char          *path;
  char          *person_id;
  TpTrainerRole  role;
} BTrainer;

typedef struct {
  char   *path;            /* "courses[0].enrollments[2].attendance.<id>" */
  char   *session_id;
  TpMark  mark;
} BMark;

typedef struct {
  char              *path;
  char              *person_id;
  TpEnrolmentStatus  status;
  double             pre_test;
  double             post_test;
  GPtrArray         *marks;      /* BMark* */
} BEnrolment;

typedef struct {
  char      *path;
  TpCourse  *course;
  GPtrArray *sessions;     /* BSession* */
  GPtrArray *trainers;     /* BTrainer* */
  GPtrArray *enrolments;   /* BEnrolment* */
  GDateTime *updated_at;   /* the file's "updated_at", or NULL */
} BCourse;

typedef struct {
  char   *path;
  char   *id;
  char   *course_id;
  char   *person_id;
  char   *register_no;
  char   *serial;
  char   *issued_on;
  char   *status;
  char   *verification_code;
  char   *signer;
  char   *issuer;
  char   *revoked_reason;
  gint64  year;
  gint64  seq;             /* 0: the next free number of issuer and year */
} BCertificate;

static void
bperson_free (BPerson *p)
{
  g_free (p->path);
  g_clear_pointer (&p->person, tp_person_free);
  g_clear_pointer (&p->updated_at, g_date_time_unref);
  g_free (p);
}

static void
bsession_free (BSession *s)
{
  g_free (s->path);
  g_clear_pointer (&s->session, tp_session_free);
  g_free (s);
}

static void
btrainer_free (BTrainer *t)
{
  g_free (t->path);
  g_free (t->person_id);
  g_free (t);
}

static void
bmark_free (BMark *m)
{
  g_free (m->path);
  g_free (m->session_id);
  g_free (m);
}

static void
benrolment_free (BEnrolment *e)
{
  g_free (e->path);
  g_free (e->person_id);
  g_clear_pointer (&e->marks, g_ptr_array_unref);
  g_free (e);
}

static void
bcourse_free (BCourse *c)
{
  g_free (c->path);
  g_clear_pointer (&c->course, tp_course_free);
  g_clear_pointer (&c->sessions, g_ptr_array_unref);
  g_clear_pointer (&c->trainers, g_ptr_array_unref);
  g_clear_pointer (&c->enrolments, g_ptr_array_unref);
  g_clear_pointer (&c->updated_at, g_date_time_unref);
  g_free (c);
}

static void
bcertificate_free (BCertificate *c)
{
  g_free (c->path);
  g_free (c->id);
  g_free (c->course_id);
  g_free (c->person_id);
  g_free (c->register_no);
  g_free (c->serial);
  g_free (c->issued_on);
  g_free (c->status);
  g_free (c->verification_code);
  g_free (c->signer);
  g_free (c->issuer);
  g_free (c->revoked_reason);
  g_free (c);
}

typedef struct {
  TpDb          *db;
  TpBundleStats *stats;
  GError        *error;         /* the first problem found */

  GPtrArray     *people;        /* BPerson* */
  GPtrArray     *courses;       /* BCourse* */
  GPtrArray     *certificates;  /* BCertificate* */

  GHashTable    *person_paths;  /* id → path of the record in the file */
  GHashTable    *course_paths;  /* id → path */
  GHashTable    *course_codes;  /* code → path */
  GHashTable    *session_paths; /* id → path */
  GHashTable    *cert_paths;    /* id → path */
} Import;

static void
import_clear (Import *im)
{
  g_clear_error (&im->error);
  g_clear_pointer (&im->people, g_ptr_array_unref);
  g_clear_pointer (&im->courses, g_ptr_array_unref);
  g_clear_pointer (&im->certificates, g_ptr_array_unref);
  g_clear_pointer (&im->person_paths, g_hash_table_unref);
  g_clear_pointer (&im->course_paths, g_hash_table_unref);
  g_clear_pointer (&im->course_codes, g_hash_table_unref);
  g_clear_pointer (&im->session_paths, g_hash_table_unref);
  g_clear_pointer (&im->cert_paths, g_hash_table_unref);
}

static char *
join_path (const char *path,
           const char *key)
{
  if (key == NULL)
    return g_strdup (path);
  if (path == NULL || *path == '\0')
    return g_strdup (key);
  return g_strdup_printf ("%s.%s", path, key);
}

/* Records the first problem as "<JSON path>: <reason>"; returns FALSE. */
G_GNUC_PRINTF (5, 6)
static gboolean
fail (Import     *im,
      TpError     code,
      const char *path,
      const char *key,
      const char *format,
      ...)
{
  g_autofree char *where = NULL;
  g_autofree char *reason = NULL;
  va_list args;

  if (im->error != NULL)
    return FALSE;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  where = join_path (path, key);
  g_set_error (&im->error, TP_ERROR, code, "%s: %s", where, reason);
  return FALSE;
}

G_GNUC_PRINTF (4, 5)
static void
warn (Import     *im,
      const char *path,
      const char *key,
      const char *format,
      ...)
{
  g_autofree char *where = join_path (path, key);
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (im->stats->warnings, g_strdup_printf ("%s: %s", where, reason));
}

/* First message of a validation result, prefixed with the record's path. */
static gboolean
fail_field_errors (Import     *im,
                   const char *path,
                   GPtrArray  *errors)
{
  TpFieldError *first;

  if (errors == NULL || errors->len == 0)
    return TRUE;

  first = g_ptr_array_index (errors, 0);
  return fail (im, TP_ERROR_INVALID, path, first->field, "%s", first->message);
}

static void
check_known_fields (Import             *im,
                    JsonObject         *obj,
                    const char         *path,
                    const char * const *known)
{
  g_autoptr(GList) members = json_object_get_members (obj);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (!g_strv_contains (known, name))
        warn (im, path, name, _("Unknown field, ignored"));
    }
}

/* A member, or NULL when absent or null. */
static JsonNode *
member (JsonObject *obj,
        const char *key)
{
  JsonNode *node = json_object_get_member (obj, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

static gboolean
read_string (Import      *im,
             JsonObject  *obj,
             const char  *path,
             const char  *key,
             gboolean     required,
             char       **out)
{
  JsonNode *node = member (obj, key);
  g_autofree char *text = NULL;

  *out = NULL;
  if (node == NULL)
    {
      if (required)
        return fail (im, TP_ERROR_INVALID, path, key, _("This field is required"));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (im, TP_ERROR_INVALID, path, key, _("Expected text"));

  text = tp_text_normalize (json_node_get_string (node));
  if (text == NULL)
    return fail (im, TP_ERROR_INVALID, path, key, _("The text is not valid UTF-8"));
  if (*text == '\0')
    {
      if (required)
        return fail (im, TP_ERROR_INVALID, path, key, _("This field is required"));
      return TRUE;
    }

  *out = g_steal_pointer (&text);
  return TRUE;
}

/* Ids are kept exactly as written: non-empty, printable, no spaces. */
static gboolean
read_id (Import      *im,
         JsonObject  *obj,
         const char  *path,
         const char  *key,
         gboolean     required,
         char       **out)
{
  JsonNode *node = member (obj, key);
  const char *text;

  *out = NULL;
  if (node == NULL)
    {
      if (required)
        return fail (im, TP_ERROR_INVALID, path, key, _("This field is required"));
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (im, TP_ERROR_INVALID, path, key, _("Expected an id (text)"));

  text = json_node_get_string (node);
  if (*text == '\0' || strlen (text) > 128)
    return fail (im, TP_ERROR_INVALID, path, key,
                 _("An id must have between 1 and 128 characters"));
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p <= ' ' || *p == 0x7f)
      return fail (im, TP_ERROR_INVALID, path, key,
                   _("An id must not contain spaces or control characters"));

  *out = g_strdup (text);
  return TRUE;
}

static gboolean
read_date (Import      *im,
           JsonObject  *obj,
           const char  *path,
           const char  *key,
           gboolean     required,
           char       **out)
{
  g_autofree char *text = NULL;
  g_autofree char *problem = NULL;

  *out = NULL;
  if (!read_string (im, obj, path, key, required, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;

  problem = tp_check_date (text);
  if (problem != NULL)
    return fail (im, TP_ERROR_INVALID, path, key, "%s", problem);

  *out = g_steal_pointer (&text);
  return TRUE;
}

/* An ISO 8601 date and time ("2026-04-30T08:30:00.000Z", as export writes)
 * or a date alone (midnight UTC); without a time zone, UTC. */
static GDateTime *
parse_timestamp (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (text == NULL)
    return NULL;
  if (strlen (text) == 10 && tp_check_date (text) == NULL)
    {
      g_autofree char *full = g_strconcat (text, "T00:00:00Z", NULL);

      return g_date_time_new_from_iso8601 (full, utc);
    }
  return g_date_time_new_from_iso8601 (text, utc);
}

static gboolean
read_timestamp (Import      *im,
                JsonObject  *obj,
                const char  *path,
                const char  *key,
                GDateTime  **out)
{
  g_autofree char *text = NULL;

  *out = NULL;
  if (!read_string (im, obj, path, key, FALSE, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;
  *out = parse_timestamp (text);
  if (*out == NULL)
    return fail (im, TP_ERROR_INVALID, path, key,
                 _("“%s” is not a date and time; expected for example 2026-04-30T08:30:00Z"),
                 text);
  return TRUE;
}

static gboolean
read_int (Import     *im,
          JsonObject *obj,
          const char *path,
          const char *key,
          gint64     *out,
          gboolean   *present)
{
  JsonNode *node = member (obj, key);

  *present = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (im, TP_ERROR_INVALID, path, key, _("Expected a whole number"));

  *out = json_node_get_int (node);
  *present = TRUE;
  return TRUE;
}

static gboolean
read_double (Import     *im,
             JsonObject *obj,
             const char *path,
             const char *key,
             double     *out,
             gboolean   *present)
{
  JsonNode *node = member (obj, key);
  GType type;

  *present = FALSE;
  if (node == NULL)
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return fail (im, TP_ERROR_INVALID, path, key, _("Expected a number"));

  *out = json_node_get_double (node);
  *present = TRUE;
  return TRUE;
}

static gboolean
read_bool (Import     *im,
           JsonObject *obj,
           const char *path,
           const char *key,
           gboolean   *out)
{
  JsonNode *node = member (obj, key);

  *out = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (im, TP_ERROR_INVALID, path, key, _("Expected true or false"));

  *out = json_node_get_boolean (node);
  return TRUE;
}

/* An array member; absent or null gives NULL. */
static gboolean
read_array (Import      *im,
            JsonObject  *obj,
            const char  *path,
            const char  *key,
            JsonArray  **out)
{
  JsonNode *node = member (obj, key);

  *out = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (im, TP_ERROR_INVALID, path, key, _("Expected a list"));

  *out = json_node_get_array (node);
  return TRUE;
}

static JsonObject *
element_object (Import     *im,
                JsonArray  *array,
                guint       index,
                const char *path)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      fail (im, TP_ERROR_INVALID, path, NULL, _("Expected an object"));
      return NULL;
    }
  return json_node_get_object (node);
}

/* An enum value from its stable string. */
typedef gboolean (*FromStringFunc) (const char *str, int *out);

static gboolean
read_enum (Import         *im,
           JsonObject     *obj,
           const char     *path,
           const char     *key,
           gboolean        required,
           FromStringFunc  from_string,
           const char     *expected,
           int            *out,
           gboolean       *present)
{
  g_autofree char *text = NULL;

  if (present != NULL)
    *present = FALSE;
  if (!read_string (im, obj, path, key, required, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!from_string (text, out))
    /* Translators: the second %s lists the accepted values. */
    return fail (im, TP_ERROR_INVALID, path, key,
                 _("Unknown value “%s”; expected %s"), text, expected);
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

/* Adapters: the model's *_from_string take typed enum pointers. */
#define DEFINE_FROM_STRING(name, func, type)                        \
  static gboolean                                                   \
  name (const char *str, int *out)                                  \
  {                                                                 \
    type value;                                                     \
    if (!func (str, &value))                                        \
      return FALSE;                                                 \
    *out = (int) value;                                             \
    return TRUE;                                                    \
  }

DEFINE_FROM_STRING (sex_from_string, tp_sex_from_string, TpSex)
DEFINE_FROM_STRING (part_from_string, tp_session_part_from_string, TpSessionPart)
DEFINE_FROM_STRING (mark_from_string, tp_mark_from_string, TpMark)
DEFINE_FROM_STRING (course_status_from_string, tp_course_status_from_string, TpCourseStatus)
DEFINE_FROM_STRING (enrolment_status_from_string, tp_enrolment_status_from_string, TpEnrolmentStatus)
DEFINE_FROM_STRING (role_from_string, tp_trainer_role_from_string, TpTrainerRole)
DEFINE_FROM_STRING (cert_status_from_string, tp_cert_status_from_string, TpCertStatus)

static gboolean
level_from_string (const char *str,
                   int        *out)
{
  static const char * const levels[] = { "central", "provincial", "commune", NULL };

  for (int i = 0; levels[i] != NULL; i++)
    if (g_str_equal (str, levels[i]))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

static const char * const level_names[] = { "central", "provincial", "commune" };

/* Admin codes are checked when they refer to the admin data we ship. */
static gboolean
check_admin_codes (Import     *im,
                   const char *path,
                   const char *province_code,
                   const char *commune_code,
                   const char *admin_version)
{
  if (admin_version != NULL && !g_str_equal (admin_version, TP_ADMIN_DATA_VERSION))
    return TRUE;

  if (province_code != NULL)
    {
      g_autofree char *name = tp_refdata_province_name (im->db, province_code);

      if (name == NULL)
        return fail (im, TP_ERROR_INVALID, path, "province_code",
                     _("No province has the code “%s”"), province_code);
    }
  if (commune_code != NULL)
    {
      g_autofree char *name = tp_refdata_commune_name (im->db, commune_code);

      if (name == NULL)
        return fail (im, TP_ERROR_INVALID, path, "commune_code",
                     _("No commune has the code “%s”"), commune_code);
    }
  return TRUE;
}

typedef enum {
  REF_COURSE_TYPE,
  REF_TARGET_GROUP,
  REF_FUNDING_SOURCE,
} RefKind;

static gboolean
check_refdata (Import     *im,
               const char *path,
               const char *key,
               RefKind     kind,
               const char *id)
{
  if (id == NULL)
    return TRUE;

  switch (kind)
    {
    case REF_COURSE_TYPE:
      if (tp_refdata_exists (im->db, "course_types", id))
        return TRUE;
      return fail (im, TP_ERROR_INVALID, path, key, _("Unknown course type “%s”"), id);
    case REF_TARGET_GROUP:
      if (tp_refdata_exists (im->db, "target_groups", id))
        return TRUE;
      return fail (im, TP_ERROR_INVALID, path, key, _("Unknown target group “%s”"), id);
    case REF_FUNDING_SOURCE:
    default:
      if (tp_refdata_exists (im->db, "funding_sources", id))
        return TRUE;
      return fail (im, TP_ERROR_INVALID, path, key, _("Unknown funding source “%s”"), id);
    }
}

/* ---- pass 1: parsing --------------------------------------------------- */

static const char * const person_fields[] = {
  "id", "full_name", "family_name", "middle_name", "given_name", "sort_name",
  "sex", "birth_year", "birth_date", "ethnicity", "national_id", "phone",
  "email", "organization", "position", "province_code", "commune_code",
  "admin_version", "target_group", "consent_sensitive", "consent_date",
  "consent_method", "updated_at", NULL
};

static gboolean
parse_person (Import     *im,
              JsonObject *obj,
              const char *path)
{
  g_autoptr(TpPerson) p = tp_person_new ();
  g_autoptr(GDateTime) updated_at = NULL;
  g_autofree char *ethnicity = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  BPerson *bp;
  const char *seen;
  int sex = TP_SEX_UNKNOWN;
  gint64 year = 0;
  gboolean has_year = FALSE;

  check_known_fields (im, obj, path, person_fields);

  if (!read_id (im, obj, path, "id", TRUE, &p->id) ||
      !read_string (im, obj, path, "full_name", TRUE, &p->full_name) ||
      !read_string (im, obj, path, "family_name", FALSE, &p->family_name) ||
      !read_string (im, obj, path, "middle_name", FALSE, &p->middle_name) ||
      !read_string (im, obj, path, "given_name", FALSE, &p->given_name) ||
      !read_string (im, obj, path, "sort_name", FALSE, &p->sort_name) ||
      !read_enum (im, obj, path, "sex", TRUE, sex_from_string,
                  "“female”, “male”", &sex, NULL) ||
      !read_int (im, obj, path, "birth_year", &year, &has_year) ||
      !read_date (im, obj, path, "birth_date", FALSE, &p->birth_date) ||
      !read_string (im, obj, path, "ethnicity", FALSE, &ethnicity) ||
      !read_string (im, obj, path, "national_id", FALSE, &p->national_id) ||
      !read_string (im, obj, path, "phone", FALSE, &p->phone) ||
      !read_string (im, obj, path, "email", FALSE, &p->email) ||
      !read_string (im, obj, path, "organization", FALSE, &p->organization) ||
      !read_string (im, obj, path, "position", FALSE, &p->position) ||
      !read_string (im, obj, path, "province_code", FALSE, &p->province_code) ||
      !read_string (im, obj, path, "commune_code", FALSE, &p->commune_code) ||
      !read_string (im, obj, path, "admin_version", FALSE, &p->admin_version) ||
      !read_id (im, obj, path, "target_group", FALSE, &p->target_group) ||
      !read_bool (im, obj, path, "consent_sensitive", &p->consent_sensitive) ||
      !read_date (im, obj, path, "consent_date", FALSE, &p->consent_date) ||
      !read_string (im, obj, path, "consent_method", FALSE, &p->consent_method) ||
      !read_timestamp (im, obj, path, "updated_at", &updated_at))
    return FALSE;

  p->sex = sex;
  if (p->sex == TP_SEX_UNKNOWN)
    return fail (im, TP_ERROR_INVALID, path, "sex",
                 _("Unknown value “%s”; expected %s"), "unknown", "“female”, “male”");

  if (has_year)
    {
      if (year < 1 || year > 9999)
        return fail (im, TP_ERROR_INVALID, path, "birth_year",
                     _("The birth year %d is out of range"), (int) CLAMP (year, -1, 100000));
      p->birth_year = (int) year;
    }
  if (p->birth_date != NULL)
    {
      int date_year = atoi (p->birth_date);

      if (has_year && p->birth_year != date_year)
        return fail (im, TP_ERROR_INVALID, path, "birth_year",
                     _("The birth year %d does not match the birth date %s"),
                     p->birth_year, p->birth_date);
      p->birth_year = date_year;
    }

  if (ethnicity != NULL)
    {
      p->ethnicity_id = tp_refdata_match_ethnicity (im->db, ethnicity);
      if (p->ethnicity_id == NULL)
        return fail (im, TP_ERROR_INVALID, path, "ethnicity",
                     _("“%s” is not one of the 54 ethnic groups"), ethnicity);
    }

  if ((p->province_code != NULL || p->commune_code != NULL) && p->admin_version == NULL)
    p->admin_version = g_strdup (TP_ADMIN_DATA_VERSION);

  errors = tp_person_validate (p);
  if (!fail_field_errors (im, path, errors))
    return FALSE;

  if (!check_admin_codes (im, path, p->province_code, p->commune_code, p->admin_version) ||
      !check_refdata (im, path, "target_group", REF_TARGET_GROUP, p->target_group))
    return FALSE;

  seen = g_hash_table_lookup (im->person_paths, p->id);
  if (seen != NULL)
    return fail (im, TP_ERROR_CONFLICT, path, "id",
                 _("The same id as %s"), seen);

  bp = g_new0 (BPerson, 1);
  bp->path = g_strdup (path);
  bp->parts_given = p->family_name != NULL || p->middle_name != NULL || p->given_name != NULL;
  bp->person = g_steal_pointer (&p);
  bp->updated_at = g_steal_pointer (&updated_at);
  g_hash_table_insert (im->person_paths, g_strdup (bp->person->id), g_strdup (path));
  g_ptr_array_add (im->people, bp);
  return TRUE;
}

static const char * const session_fields[] = {
  "id", "date", "part", "topic", "trainer_id", NULL
};

static gboolean
parse_session (Import     *im,
               BCourse    *bc,
               JsonObject *obj,
               const char *path)
{
  g_autoptr(TpSession) s = tp_session_new ();
  g_autoptr(GPtrArray) errors = NULL;
  BSession *bs;
  const char *seen;
  int part = TP_PART_MORNING;

  check_known_fields (im, obj, path, session_fields);

  if (!read_id (im, obj, path, "id", TRUE, &s->id) ||
      !read_date (im, obj, path, "date", TRUE, &s->date) ||
      !read_enum (im, obj, path, "part", TRUE, part_from_string,
                  "“morning”, “afternoon”, “full-day”", &part, NULL) ||
      !read_string (im, obj, path, "topic", FALSE, &s->topic) ||
      !read_id (im, obj, path, "trainer_id", FALSE, &s->trainer_id))
    return FALSE;

  s->part = part;
  s->course_id = g_strdup (bc->course->id);

  errors = tp_session_validate (s, bc->course);
  if (!fail_field_errors (im, path, errors))
    return FALSE;

  seen = g_hash_table_lookup (im->session_paths, s->id);
  if (seen != NULL)
    return fail (im, TP_ERROR_CONFLICT, path, "id", _("The same id as %s"), seen);
  for (guint i = 0; i < bc->sessions->len; i++)
    {
      BSession *other = g_ptr_array_index (bc->sessions, i);

      if (g_str_equal (other->session->date, s->date) && other->session->part == s->part)
        return fail (im, TP_ERROR_CONFLICT, path, "part",
                     _("The same date and part of the day as %s"), other->path);
    }

  bs = g_new0 (BSession, 1);
  bs->path = g_strdup (path);
  bs->session = g_steal_pointer (&s);
  g_hash_table_insert (im->session_paths, g_strdup (bs->session->id), g_strdup (path));
  g_ptr_array_add (bc->sessions, bs);
  return TRUE;
}

static const char * const trainer_fields[] = { "person_id", "role", NULL };

static gboolean
parse_trainer (Import     *im,
               BCourse    *bc,
               JsonObject *obj,
               const char *path)
{
  g_autofree char *person_id = NULL;
  BTrainer *bt;
  int role = TP_ROLE_LEAD;

  check_known_fields (im, obj, path, trainer_fields);

  if (!read_id (im, obj, path, "person_id", TRUE, &person_id) ||
      !read_enum (im, obj, path, "role", TRUE, role_from_string,
                  "“lead”, “co-trainer”, “assistant”", &role, NULL))
    return FALSE;

  for (guint i = 0; i < bc->trainers->len; i++)
    {
      BTrainer *other = g_ptr_array_index (bc->trainers, i);

      if (g_str_equal (other->person_id, person_id))
        return fail (im, TP_ERROR_CONFLICT, path, "person_id",
                     _("The same trainer as %s"), other->path);
    }

  bt = g_new0 (BTrainer, 1);
  bt->path = g_strdup (path);
  bt->person_id = g_steal_pointer (&person_id);
  bt->role = role;
  g_ptr_array_add (bc->trainers, bt);
  return TRUE;
}

static const char * const enrolment_fields[] = {
  "person_id", "status", "pre_test", "post_test", "attendance", NULL
};

static gboolean
read_score (Import     *im,
            JsonObject *obj,
            const char *path,
            const char *key,
            double     *out)
{
  gboolean present;

  *out = -1;
  if (!read_double (im, obj, path, key, out, &present))
    return FALSE;
  if (!present)
    {
      *out = -1;
      return TRUE;
    }
  if (*out < 0 || *out > 10)
    return fail (im, TP_ERROR_INVALID, path, key,
                 _("A test score must be between 0 and 10"));
  return TRUE;
}

static gboolean
parse_enrolment (Import     *im,
                 BCourse    *bc,
                 JsonObject *obj,
                 const char *path)
{
  g_autoptr(GPtrArray) marks = g_ptr_array_new_with_free_func ((GDestroyNotify) bmark_free);
  g_autofree char *person_id = NULL;
  g_autofree char *attendance_path = NULL;
  JsonNode *attendance;
  BEnrolment *be;
  int status = TP_ENROLMENT_REGISTERED;
  double pre_test, post_test;

  check_known_fields (im, obj, path, enrolment_fields);

  if (!read_id (im, obj, path, "person_id", TRUE, &person_id) ||
      !read_enum (im, obj, path, "status", FALSE, enrolment_status_from_string,
                  "“registered”, “attending”, “completed”, “withdrawn”",
                  &status, NULL) ||
      !read_score (im, obj, path, "pre_test", &pre_test) ||
      !read_score (im, obj, path, "post_test", &post_test))
    return FALSE;

  for (guint i = 0; i < bc->enrolments->len; i++)
    {
      BEnrolment *other = g_ptr_array_index (bc->enrolments, i);

      if (g_str_equal (other->person_id, person_id))
        return fail (im, TP_ERROR_CONFLICT, path, "person_id",
                     _("The same person is already enrolled in %s"), other->path);
    }

  attendance_path = join_path (path, "attendance");
  attendance = member (obj, "attendance");
  if (attendance != NULL && !JSON_NODE_HOLDS_OBJECT (attendance))
    return fail (im, TP_ERROR_INVALID, attendance_path, NULL,
                 _("Expected an object mapping session ids to marks"));
  if (attendance != NULL)
    {
      JsonObject *map = json_node_get_object (attendance);
      g_autoptr(GList) keys = json_object_get_members (map);

      for (GList *l = keys; l != NULL; l = l->next)
        {
          const char *session_id = l->data;
          g_autofree char *mark_path = join_path (attendance_path, session_id);
          BMark *bm;
          int mark = TP_MARK_NONE;

          if (!read_enum (im, map, attendance_path, session_id, TRUE, mark_from_string,
                          "“present”, “late”, “excused”, “absent”", &mark, NULL))
            return FALSE;
          if (mark == TP_MARK_NONE)
            return fail (im, TP_ERROR_INVALID, mark_path, NULL,
                         _("Unknown value “%s”; expected %s"),
                         tp_mark_to_string (TP_MARK_NONE),
                         "“present”, “late”, “excused”, “absent”");

          bm = g_new0 (BMark, 1);
          bm->path = g_steal_pointer (&mark_path);
          bm->session_id = g_strdup (session_id);
          bm->mark = mark;
          g_ptr_array_add (marks, bm);
        }
    }

  be = g_new0 (BEnrolment, 1);
  be->path = g_strdup (path);
  be->person_id = g_steal_pointer (&person_id);
  be->status = status;
  be->pre_test = pre_test;
  be->post_test = post_test;
  be->marks = g_steal_pointer (&marks);
  g_ptr_array_add (bc->enrolments, be);
  return TRUE;
}

static const char * const budget_fields[] = { "source", "planned", "actual", NULL };

static gboolean
parse_budget_line (Import     *im,
                   TpCourse   *course,
                   JsonObject *obj,
                   const char *path)
{
  g_autofree char *source = NULL;
  gint64 planned = -1, actual = -1;
  gboolean has_planned, has_actual;

  check_known_fields (im, obj, path, budget_fields);

  if (!read_id (im, obj, path, "source", TRUE, &source) ||
      !read_int (im, obj, path, "planned", &planned, &has_planned) ||
      !read_int (im, obj, path, "actual", &actual, &has_actual))
    return FALSE;

  if (!has_planned)
    planned = -1;
  else if (planned < 0)
    return fail (im, TP_ERROR_INVALID, path, "planned",
                 _("An amount cannot be negative"));
  if (!has_actual)
    actual = -1;
  else if (actual < 0)
    return fail (im, TP_ERROR_INVALID, path, "actual",
                 _("An amount cannot be negative"));

  if (!check_refdata (im, path, "source", REF_FUNDING_SOURCE, source))
    return FALSE;

  for (guint i = 0; i < course->budget->len; i++)
    {
      TpBudgetLine *other = g_ptr_array_index (course->budget, i);

      if (g_str_equal (other->source_id, source))
        return fail (im, TP_ERROR_CONFLICT, path, "source",
                     _("The funding source “%s” is listed twice"), source);
    }

  g_ptr_array_add (course->budget, tp_budget_line_new (source, planned, actual));
  return TRUE;
}

static const char * const course_fields[] = {
  "id", "code", "title", "type", "level", "target_groups", "organizer",
  "province_code", "commune_code", "admin_version", "venue", "start_date",
  "end_date", "status", "completion_threshold", "excused_counts", "pass_mark",
  "daily_allowance", "sessions", "trainers", "enrollments", "budget",
  "updated_at", NULL
};

/* Walks the objects of an array member, calling @func on each. */
typedef gboolean (*ElementFunc) (Import     *im,
                                 BCourse    *bc,
                                 JsonObject *obj,
                                 const char *path);

static gboolean
parse_course_list (Import      *im,
                   BCourse     *bc,
                   JsonObject  *obj,
                   const char  *key,
                   ElementFunc  func)
{
  JsonArray *array;

  if (!read_array (im, obj, bc->path, key, &array))
    return FALSE;
  if (array == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s.%s[%u]", bc->path, key, i);
      JsonObject *element = element_object (im, array, i, path);

      if (element == NULL || !func (im, bc, element, path))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_budget_element (Import     *im,
                      BCourse    *bc,
                      JsonObject *obj,
                      const char *path)
{
  return parse_budget_line (im, bc->course, obj, path);
}

static gboolean
parse_course (Import     *im,
              JsonObject *obj,
              const char *path)
{
  g_autoptr(TpCourse) c = tp_course_new ();
  g_autoptr(GPtrArray) errors = NULL;
  g_autoptr(GDateTime) updated_at = NULL;
  g_autofree char *level = NULL;
  BCourse *bc;
  JsonArray *groups;
  const char *seen;
  int status = TP_COURSE_PLANNED, level_index = 0;
  gint64 threshold = 80, allowance = 0;
  gboolean has_threshold, has_pass_mark, has_allowance;
  double pass_mark = -1;

  check_known_fields (im, obj, path, course_fields);

  if (!read_id (im, obj, path, "id", TRUE, &c->id) ||
      !read_string (im, obj, path, "code", TRUE, &c->code) ||
      !read_string (im, obj, path, "title", TRUE, &c->title) ||
      !read_id (im, obj, path, "type", TRUE, &c->type_id) ||
      !read_string (im, obj, path, "level", FALSE, &level) ||
      !read_array (im, obj, path, "target_groups", &groups) ||
      !read_string (im, obj, path, "organizer", FALSE, &c->organizer) ||
      !read_string (im, obj, path, "province_code", FALSE, &c->province_code) ||
      !read_string (im, obj, path, "commune_code", FALSE, &c->commune_code) ||
      !read_string (im, obj, path, "admin_version", FALSE, &c->admin_version) ||
      !read_string (im, obj, path, "venue", FALSE, &c->venue) ||
      !read_date (im, obj, path, "start_date", TRUE, &c->start_date) ||
      !read_date (im, obj, path, "end_date", TRUE, &c->end_date) ||
      !read_enum (im, obj, path, "status", FALSE, course_status_from_string,
                  "“planned”, “open”, “completed”, “cancelled”", &status, NULL) ||
      !read_int (im, obj, path, "completion_threshold", &threshold, &has_threshold) ||
      !read_bool (im, obj, path, "excused_counts", &c->excused_counts) ||
      !read_double (im, obj, path, "pass_mark", &pass_mark, &has_pass_mark) ||
      !read_int (im, obj, path, "daily_allowance", &allowance, &has_allowance) ||
      !read_timestamp (im, obj, path, "updated_at", &updated_at))
    return FALSE;

  c->status = status;
  if (!has_threshold)
    threshold = 80;
  if (threshold < G_MININT || threshold > G_MAXINT)
    return fail (im, TP_ERROR_INVALID, path, "completion_threshold",
                 _("The completion threshold must be between 0 and 100"));
  c->completion_threshold = (int) threshold;
  c->pass_mark = has_pass_mark ? pass_mark : -1;
  if (has_pass_mark && (pass_mark < 0 || pass_mark > 10))
    return fail (im, TP_ERROR_INVALID, path, "pass_mark",
                 _("The pass mark must be between 0 and 10"));
  if (has_allowance && allowance < 0)
    return fail (im, TP_ERROR_INVALID, path, "daily_allowance",
                 _("An amount cannot be negative"));
  c->daily_allowance = has_allowance ? allowance : 0;

  if (level != NULL)
    {
      if (!level_from_string (level, &level_index))
        return fail (im, TP_ERROR_INVALID, path, "level",
                     _("Unknown value “%s”; expected %s"), level,
                     "“central”, “provincial”, “commune”");
      c->level = g_strdup (level_names[level_index]);
    }

  if (groups != NULL && json_array_get_length (groups) > 0)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_autofree char *groups_path = join_path (path, "target_groups");

      for (guint i = 0; i < json_array_get_length (groups); i++)
        {
          JsonNode *node = json_array_get_element (groups, i);
          g_autofree char *item_path = g_strdup_printf ("%s[%u]", groups_path, i);
          const char *group;

          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
            return fail (im, TP_ERROR_INVALID, item_path, NULL, _("Expected an id (text)"));
          group = json_node_get_string (node);
          if (!check_refdata (im, item_path, NULL, REF_TARGET_GROUP, group))
            return FALSE;
          g_strv_builder_add (builder, group);
        }
      c->target_groups = g_strv_builder_end (builder);
    }

  if (c->budget == NULL)
    c->budget = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_budget_line_free);
  g_ptr_array_set_size (c->budget, 0);

  if ((c->province_code != NULL || c->commune_code != NULL) && c->admin_version == NULL)
    c->admin_version = g_strdup (TP_ADMIN_DATA_VERSION);

  errors = tp_course_validate (c);
  if (!fail_field_errors (im, path, errors))
    return FALSE;

  if (!check_refdata (im, path, "type", REF_COURSE_TYPE, c->type_id) ||
      !check_admin_codes (im, path, c->province_code, c->commune_code, c->admin_version))
    return FALSE;

  seen = g_hash_table_lookup (im->course_paths, c->id);
  if (seen != NULL)
    return fail (im, TP_ERROR_CONFLICT, path, "id", _("The same id as %s"), seen);
  seen = g_hash_table_lookup (im->course_codes, c->code);
  if (seen != NULL)
    return fail (im, TP_ERROR_CONFLICT, path, "code",
                 _("The code “%s” is already used by %s"), c->code, seen);

  bc = g_new0 (BCourse, 1);
  bc->path = g_strdup (path);
  bc->course = g_steal_pointer (&c);
  bc->updated_at = g_steal_pointer (&updated_at);
  bc->sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) bsession_free);
  bc->trainers = g_ptr_array_new_with_free_func ((GDestroyNotify) btrainer_free);
  bc->enrolments = g_ptr_array_new_with_free_func ((GDestroyNotify) benrolment_free);
  g_ptr_array_add (im->courses, bc);
  g_hash_table_insert (im->course_paths, g_strdup (bc->course->id), g_strdup (path));
  g_hash_table_insert (im->course_codes, g_strdup (bc->course->code), g_strdup (path));

  return parse_course_list (im, bc, obj, "budget", parse_budget_element) &&
         parse_course_list (im, bc, obj, "sessions", parse_session) &&
         parse_course_list (im, bc, obj, "trainers", parse_trainer) &&
         parse_course_list (im, bc, obj, "enrollments", parse_enrolment);
}

static const char * const certificate_fields[] = {
  "id", "course_id", "person_id", "issuer", "year", "seq", "register_no",
  "serial", "issued_on", "signer", "status", "revoked_reason",
  "verification_code", NULL
};

static gboolean
parse_certificate (Import     *im,
                   JsonObject *obj,
                   const char *path)
{
  BCertificate *cert = g_new0 (BCertificate, 1);
  const char *seen;
  int status = TP_CERT_VALID;
  gboolean has_year, has_seq;

  cert->path = g_strdup (path);
  g_ptr_array_add (im->certificates, cert);

  check_known_fields (im, obj, path, certificate_fields);

  if (!read_id (im, obj, path, "id", TRUE, &cert->id) ||
      !read_id (im, obj, path, "course_id", TRUE, &cert->course_id) ||
      !read_id (im, obj, path, "person_id", TRUE, &cert->person_id) ||
      !read_string (im, obj, path, "register_no", TRUE, &cert->register_no) ||
      !read_string (im, obj, path, "serial", FALSE, &cert->serial) ||
      !read_date (im, obj, path, "issued_on", TRUE, &cert->issued_on) ||
      !read_enum (im, obj, path, "status", FALSE, cert_status_from_string,
                  "“valid”, “revoked”", &status, NULL) ||
      !read_string (im, obj, path, "verification_code", TRUE, &cert->verification_code) ||
      !read_string (im, obj, path, "signer", FALSE, &cert->signer) ||
      !read_string (im, obj, path, "issuer", FALSE, &cert->issuer) ||
      !read_string (im, obj, path, "revoked_reason", FALSE, &cert->revoked_reason) ||
      !read_int (im, obj, path, "year", &cert->year, &has_year) ||
      !read_int (im, obj, path, "seq", &cert->seq, &has_seq))
    return FALSE;

  cert->status = g_strdup (tp_cert_status_to_string (status));
  if (cert->issuer == NULL)
    cert->issuer = g_strdup ("");
  if (!has_year)
    cert->year = atoi (cert->issued_on);
  else if (cert->year < 1900 || cert->year > 9999)
    return fail (im, TP_ERROR_INVALID, path, "year", _("The year %d is out of range"),
                 (int) CLAMP (cert->year, G_MININT, G_MAXINT));
  if (!has_seq)
    cert->seq = 0;
  else if (cert->seq < 1)
    return fail (im, TP_ERROR_INVALID, path, "seq",
                 _("The number in the register must be 1 or more"));

  seen = g_hash_table_lookup (im->cert_paths, cert->id);
  if (seen != NULL)
    return fail (im, TP_ERROR_CONFLICT, path, "id", _("The same id as %s"), seen);
  g_hash_table_insert (im->cert_paths, g_strdup (cert->id), g_strdup (path));
  return TRUE;
}

typedef gboolean (*TopFunc) (Import     *im,
                             JsonObject *obj,
                             const char *path);

static gboolean
parse_top_list (Import     *im,
                JsonObject *root,
                const char *key,
                TopFunc     func)
{
  JsonArray *array;

  if (!read_array (im, root, "", key, &array))
    return FALSE;
  if (array == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s[%u]", key, i);
      JsonObject *element = element_object (im, array, i, path);

      if (element == NULL || !func (im, element, path))
        return FALSE;
    }
  return TRUE;
}

static const char * const top_fields[] = {
  "format", "version", "generator", "people", "courses", "certificates", NULL
};

static gboolean
parse_root (Import   *im,
            JsonNode *root)
{
  JsonObject *obj;
  JsonNode *format, *version;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (&im->error, TP_ERROR, TP_ERROR_PARSE,
                   _("Not a Taphuan bundle: the file does not hold a JSON object"));
      return FALSE;
    }
  obj = json_node_get_object (root);

  format = member (obj, "format");
  if (format == NULL || !JSON_NODE_HOLDS_VALUE (format) ||
      json_node_get_value_type (format) != G_TYPE_STRING ||
      g_strcmp0 (json_node_get_string (format), TP_BUNDLE_FORMAT) != 0)
    return fail (im, TP_ERROR_PARSE, "", "format",
                 _("Not a Taphuan bundle: expected “%s”"), TP_BUNDLE_FORMAT);

  version = member (obj, "version");
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 ||
      json_node_get_int (version) < 1)
    return fail (im, TP_ERROR_PARSE, "", "version",
                 _("Expected the format version, a whole number"));
  if (json_node_get_int (version) > TP_BUNDLE_VERSION)
    return fail (im, TP_ERROR_PARSE, "", "version",
                 _("Format version %d comes from a newer Taphuan; this version reads "
                   "version %d. Update Taphuan to import this file."),
                 (int) MIN (json_node_get_int (version), G_MAXINT), TP_BUNDLE_VERSION);

  check_known_fields (im, obj, "", top_fields);

  return parse_top_list (im, obj, "people", parse_person) &&
         parse_top_list (im, obj, "courses", parse_course) &&
         parse_top_list (im, obj, "certificates", parse_certificate);
}

/* ---- pass 2: references ------------------------------------------------ */

/* Whether @id is a person in the bundle or the database. */
static gboolean
person_known (Import     *im,
              const char *id)
{
  g_autoptr(TpPerson) stored = NULL;

  if (g_hash_table_contains (im->person_paths, id))
    return TRUE;
  stored = tp_store_get_person (im->db, id, NULL);
  return stored != NULL;
}

static gboolean
check_person_ref (Import     *im,
                  const char *path,
                  const char *key,
                  const char *id)
{
  if (id == NULL || person_known (im, id))
    return TRUE;
  return fail (im, TP_ERROR_INVALID, path, key,
               _("No person with the id “%s” in the file or the database"), id);
}

static gboolean
resolve_course (Import  *im,
                BCourse *bc)
{
  TpCourse *c = bc->course;
  g_autoptr(TpCourse) stored = tp_store_get_course (im->db, c->id, NULL);
  g_autoptr(TpCourse) same_code = tp_store_get_course_by_code (im->db, c->code, NULL);
  g_autoptr(GHashTable) sessions = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) stored_sessions = NULL;

  /* The code must not belong to another course, unless that course is in
   * this file and gets another code. */
  if (same_code != NULL && !g_str_equal (same_code->id, c->id))
    {
      gboolean renamed = FALSE;

      for (guint i = 0; i < im->courses->len; i++)
        {
          BCourse *other = g_ptr_array_index (im->courses, i);

          if (g_str_equal (other->course->id, same_code->id))
            renamed = !g_str_equal (other->course->code, c->code);
        }
      if (!renamed)
        return fail (im, TP_ERROR_CONFLICT, bc->path, "code",
                     _("Another course in the database already has the code “%s”"),
                     c->code);
    }

  for (guint i = 0; i < bc->sessions->len; i++)
    {
      BSession *bs = g_ptr_array_index (bc->sessions, i);

      if (!check_person_ref (im, bs->path, "trainer_id", bs->session->trainer_id))
        return FALSE;
      g_hash_table_add (sessions, bs->session->id);
    }

  if (stored != NULL)
    stored_sessions = tp_store_list_sessions (im->db, c->id, NULL);
  if (stored_sessions != NULL)
    for (guint i = 0; i < stored_sessions->len; i++)
      {
        TpSession *s = g_ptr_array_index (stored_sessions, i);

        g_hash_table_add (sessions, s->id);
        if (g_hash_table_contains (im->session_paths, s->id))
          continue;
        for (guint j = 0; j < bc->sessions->len; j++)
          {
            BSession *bs = g_ptr_array_index (bc->sessions, j);

            if (g_str_equal (bs->session->date, s->date) && bs->session->part == s->part)
              return fail (im, TP_ERROR_CONFLICT, bs->path, "part",
                           _("The course already has a session with another id on this date "
                             "and part of the day"));
          }
      }

  for (guint i = 0; i < bc->trainers->len; i++)
    {
      BTrainer *bt = g_ptr_array_index (bc->trainers, i);

      if (!check_person_ref (im, bt->path, "person_id", bt->person_id))
        return FALSE;
    }

  for (guint i = 0; i < bc->enrolments->len; i++)
    {
      BEnrolment *be = g_ptr_array_index (bc->enrolments, i);

      if (!check_person_ref (im, be->path, "person_id", be->person_id))
        return FALSE;
      for (guint j = 0; j < be->marks->len; j++)
        {
          BMark *bm = g_ptr_array_index (be->marks, j);

          if (!g_hash_table_contains (sessions, bm->session_id))
            return fail (im, TP_ERROR_INVALID, bm->path, NULL,
                         _("No session with this id in the course"));
        }
    }
  return TRUE;
}

/* Whether a session id in the file already belongs to another course. */
static gboolean
check_session_owners (Import  *im,
                      BCourse *bc)
{
  g_autoptr(GHashTable) owners = NULL;

  for (guint i = 0; i < bc->sessions->len; i++)
    {
      BSession *bs = g_ptr_array_index (bc->sessions, i);
      sqlite3_stmt *stmt;
      int rc;

      stmt = tp_db_prepare (im->db, "SELECT course_id FROM sessions WHERE id = ?", NULL);
      if (stmt == NULL)
        return TRUE;  /* the save will say what is wrong */
      sqlite3_bind_text (stmt, 1, bs->session->id, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW &&
          g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), bc->course->id) != 0)
        {
          sqlite3_finalize (stmt);
          return fail (im, TP_ERROR_CONFLICT, bs->path, "id",
                       _("This session already belongs to another course"));
        }
      sqlite3_finalize (stmt);
    }
  return TRUE;
}

static gboolean
resolve (Import *im)
{
  for (guint i = 0; i < im->courses->len; i++)
    {
      BCourse *bc = g_ptr_array_index (im->courses, i);

      if (!resolve_course (im, bc) || !check_session_owners (im, bc))
        return FALSE;
    }

  for (guint i = 0; i < im->certificates->len; i++)
    {
      BCertificate *cert = g_ptr_array_index (im->certificates, i);

      if (!check_person_ref (im, cert->path, "person_id", cert->person_id))
        return FALSE;
      if (!g_hash_table_contains (im->course_paths, cert->course_id))
        {
          g_autoptr(TpCourse) stored = tp_store_get_course (im->db, cert->course_id, NULL);

          if (stored == NULL)
            return fail (im, TP_ERROR_INVALID, cert->path, "course_id",
                         _("No course with the id “%s” in the file or the database"),
                         cert->course_id);
        }
    }
  return TRUE;
}

/* ---- pass 3: applying -------------------------------------------------- */

static gboolean
strv_equal0 (char **a,
             char **b)
{
  guint na = a ? g_strv_length (a) : 0;
  guint nb = b ? g_strv_length (b) : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    if (!g_str_equal (a[i], b[i]))
      return FALSE;
  return TRUE;
}

static gboolean
person_equal (const TpPerson *a,
              const TpPerson *b)
{
  return g_strcmp0 (a->full_name, b->full_name) == 0 &&
         g_strcmp0 (a->family_name, b->family_name) == 0 &&
         g_strcmp0 (a->middle_name, b->middle_name) == 0 &&
         g_strcmp0 (a->given_name, b->given_name) == 0 &&
         g_strcmp0 (a->sort_name, b->sort_name) == 0 &&
         a->sex == b->sex &&
         a->birth_year == b->birth_year &&
         g_strcmp0 (a->birth_date, b->birth_date) == 0 &&
         g_strcmp0 (a->ethnicity_id, b->ethnicity_id) == 0 &&
         g_strcmp0 (a->national_id, b->national_id) == 0 &&
         g_strcmp0 (a->phone, b->phone) == 0 &&
         g_strcmp0 (a->email, b->email) == 0 &&
         g_strcmp0 (a->organization, b->organization) == 0 &&
         g_strcmp0 (a->position, b->position) == 0 &&
         g_strcmp0 (a->province_code, b->province_code) == 0 &&
         g_strcmp0 (a->commune_code, b->commune_code) == 0 &&
         g_strcmp0 (a->admin_version, b->admin_version) == 0 &&
         g_strcmp0 (a->target_group, b->target_group) == 0 &&
         !a->consent_sensitive == !b->consent_sensitive &&
         g_strcmp0 (a->consent_date, b->consent_date) == 0 &&
         g_strcmp0 (a->consent_method, b->consent_method) == 0;
}

static gboolean
budget_equal (GPtrArray *a,
              GPtrArray *b)
{
  guint na = a ? a->len : 0;
  guint nb = b ? b->len : 0;

  if (na != nb)
    return FALSE;
  /* Order does not matter: one line per funding source. */
  for (guint i = 0; i < na; i++)
    {
      TpBudgetLine *la = g_ptr_array_index (a, i);
      gboolean found = FALSE;

      for (guint j = 0; j < nb && !found; j++)
        {
          TpBudgetLine *lb = g_ptr_array_index (b, j);

          found = g_str_equal (la->source_id, lb->source_id) &&
                  la->planned == lb->planned && la->actual == lb->actual;
        }
      if (!found)
        return FALSE;
    }
  return TRUE;
}

static gboolean
course_equal (const TpCourse *a,
              const TpCourse *b)
{
  return g_strcmp0 (a->code, b->code) == 0 &&
         g_strcmp0 (a->title, b->title) == 0 &&
         g_strcmp0 (a->type_id, b->type_id) == 0 &&
         g_strcmp0 (a->level, b->level) == 0 &&
         strv_equal0 (a->target_groups, b->target_groups) &&
         g_strcmp0 (a->organizer, b->organizer) == 0 &&
         g_strcmp0 (a->province_code, b->province_code) == 0 &&
         g_strcmp0 (a->commune_code, b->commune_code) == 0 &&
         g_strcmp0 (a->admin_version, b->admin_version) == 0 &&
         g_strcmp0 (a->venue, b->venue) == 0 &&
         g_strcmp0 (a->start_date, b->start_date) == 0 &&
         g_strcmp0 (a->end_date, b->end_date) == 0 &&
         a->status == b->status &&
         a->completion_threshold == b->completion_threshold &&
         !a->excused_counts == !b->excused_counts &&
         a->pass_mark == b->pass_mark &&
         a->daily_allowance == b->daily_allowance &&
         budget_equal (a->budget, b->budget);
}

static gboolean
session_equal (const TpSession *a,
               const TpSession *b)
{
  return g_strcmp0 (a->course_id, b->course_id) == 0 &&
         g_strcmp0 (a->date, b->date) == 0 &&
         a->part == b->part &&
         g_strcmp0 (a->topic, b->topic) == 0 &&
         g_strcmp0 (a->trainer_id, b->trainer_id) == 0;
}

static void
count (Import       *im,
       TpBundleKind  kind,
       gboolean      existed,
       gboolean      changed)
{
  TpBundleCounts *c = &im->stats->counts[kind];

  if (!existed)
    c->added++;
  else if (changed)
    c->updated++;
  else
    c->unchanged++;
}

/* TRUE when the stored record, which differs from the file's, changed after
 * the file's (both "updated_at"): then the stored one is kept, counted as a
 * conflict and named in a warning. A file without "updated_at" always
 * wins, as before the field existed. */
static gboolean
stored_is_newer (Import       *im,
                 TpBundleKind  kind,
                 const char   *path,
                 const char   *stored_updated_at,
                 GDateTime    *file_updated_at)
{
  g_autoptr(GDateTime) stored = NULL;
  g_autofree char *stored_text = NULL;
  g_autofree char *file_text = NULL;
  const char *format = "%Y-%m-%d";

  if (file_updated_at == NULL)
    return FALSE;
  stored = parse_timestamp (stored_updated_at);
  if (stored == NULL || g_date_time_compare (stored, file_updated_at) <= 0)
    return FALSE;

  /* The same day: the time tells them apart. */
  if (g_date_time_get_year (stored) == g_date_time_get_year (file_updated_at) &&
      g_date_time_get_day_of_year (stored) == g_date_time_get_day_of_year (file_updated_at))
    format = "%Y-%m-%d %H:%M:%S UTC";
  stored_text = g_date_time_format (stored, format);
  file_text = g_date_time_format (file_updated_at, format);

  im->stats->counts[kind].conflicts++;
  /* Translators: both %s are dates ("2026-05-02"); a record is a person
   * or a course. */
  warn (im, path, NULL, _("kept the newer record in the database (changed %s), the file’s is from %s"),
        stored_text, file_text);
  return TRUE;
}

/* A store error, prefixed with the path of the record that caused it. */
static gboolean
fail_store (Import     *im,
            const char *path,
            GError     *store_error)
{
  if (im->error == NULL)
    {
      im->error = store_error;
      g_prefix_error (&im->error, "%s: ", path);
    }
  else
    g_error_free (store_error);
  return FALSE;
}

/* A record written from a file that says when it last changed keeps that
 * time, as tp_now_iso() writes it, so that a later file from another
 * province is compared with the time of the change, not of the import. An
 * update of updated_at alone writes no change-log row. */
static gboolean
keep_file_updated_at (Import     *im,
                      const char *table,
                      const char *id,
                      const char *path,
                      GDateTime  *updated_at)
{
  g_autofree char *sql = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) utc = NULL;
  GError *local_error = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (updated_at == NULL)
    return TRUE;
  utc = g_date_time_to_utc (updated_at);
  text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
  sql = g_strdup_printf ("UPDATE %s SET updated_at = ?1 WHERE id = ?2", table);
  stmt = tp_db_prepare (im->db, sql, &local_error);
  if (stmt == NULL)
    return fail_store (im, path, local_error);
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      tp_db_set_error (im->db, rc, &local_error);
      return fail_store (im, path, local_error);
    }
  return TRUE;
}

static gboolean
is_not_found (GError *error)
{
  return error == NULL || g_error_matches (error, TP_ERROR, TP_ERROR_NOT_FOUND);
}

static gboolean
apply_person (Import  *im,
              BPerson *bp)
{
  TpPerson *p = bp->person;
  g_autoptr(TpPerson) stored = NULL;
  g_autoptr(GError) local_error = NULL;
  GError *save_error = NULL;

  stored = tp_store_get_person (im->db, p->id, &local_error);
  if (stored == NULL && !is_not_found (local_error))
    return fail_store (im, bp->path, g_steal_pointer (&local_error));

  /* Name parts left out of the file: keep the stored ones (perhaps
   * corrected by hand) while the full name is the same, else split it. */
  if (!bp->parts_given)
    {
      if (stored != NULL && g_strcmp0 (stored->full_name, p->full_name) == 0)
        {
          p->family_name = g_strdup (stored->family_name);
          p->middle_name = g_strdup (stored->middle_name);
          p->given_name = g_strdup (stored->given_name);
        }
      else
        tp_text_split_name (p->full_name, &p->family_name, &p->middle_name, &p->given_name);
    }

  if (stored != NULL && person_equal (stored, p))
    {
      count (im, TP_BUNDLE_PEOPLE, TRUE, FALSE);
      return TRUE;
    }
  if (stored != NULL &&
      stored_is_newer (im, TP_BUNDLE_PEOPLE, bp->path, stored->updated_at, bp->updated_at))
    return TRUE;

  if (!tp_store_save_person (im->db, p, &save_error))
    return fail_store (im, bp->path, save_error);
  if (!keep_file_updated_at (im, "people", p->id, bp->path, bp->updated_at))
    return FALSE;
  count (im, TP_BUNDLE_PEOPLE, stored != NULL, TRUE);
  return TRUE;
}

static gboolean
apply_course (Import  *im,
              BCourse *bc)
{
  TpCourse *c = bc->course;
  g_autoptr(TpCourse) stored = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) stored_sessions = NULL;
  g_autoptr(GPtrArray) stored_trainers = NULL;
  g_autoptr(GHashTable) stored_marks = NULL;
  GError *save_error = NULL;

  stored = tp_store_get_course (im->db, c->id, &local_error);
  if (stored == NULL && !is_not_found (local_error))
    return fail_store (im, bc->path, g_steal_pointer (&local_error));

  if (stored != NULL && course_equal (stored, c))
    count (im, TP_BUNDLE_COURSES, TRUE, FALSE);
  else if (stored != NULL &&
           stored_is_newer (im, TP_BUNDLE_COURSES, bc->path, stored->updated_at, bc->updated_at))
    {
      /* The course's own fields stay; its sessions, trainers, enrolments
       * and marks (no "updated_at") merge as before, below. */
    }
  else if (!tp_store_save_course (im->db, c, &save_error))
    return fail_store (im, bc->path, save_error);
  else if (!keep_file_updated_at (im, "courses", c->id, bc->path, bc->updated_at))
    return FALSE;
  else
    count (im, TP_BUNDLE_COURSES, stored != NULL, TRUE);

  /* Sessions. */
  stored_sessions = tp_store_list_sessions (im->db, c->id, &save_error);
  if (stored_sessions == NULL)
    return fail_store (im, bc->path, save_error);
  for (guint i = 0; i < bc->sessions->len; i++)
    {
      BSession *bs = g_ptr_array_index (bc->sessions, i);
      TpSession *old = NULL;

      for (guint j = 0; j < stored_sessions->len && old == NULL; j++)
        {
          TpSession *s = g_ptr_array_index (stored_sessions, j);

          if (g_str_equal (s->id, bs->session->id))
            old = s;
        }
      if (old != NULL && session_equal (old, bs->session))
        {
          count (im, TP_BUNDLE_SESSIONS, TRUE, FALSE);
          continue;
        }
      if (!tp_store_save_session (im->db, bs->session, &save_error))
        return fail_store (im, bs->path, save_error);
      count (im, TP_BUNDLE_SESSIONS, old != NULL, TRUE);
    }

  /* Trainers. */
  stored_trainers = tp_store_list_course_trainers (im->db, c->id, &save_error);
  if (stored_trainers == NULL)
    return fail_store (im, bc->path, save_error);
  for (guint i = 0; i < bc->trainers->len; i++)
    {
      BTrainer *bt = g_ptr_array_index (bc->trainers, i);
      TpCourseTrainer *old = NULL;

      for (guint j = 0; j < stored_trainers->len && old == NULL; j++)
        {
          TpCourseTrainer *t = g_ptr_array_index (stored_trainers, j);

          if (g_str_equal (t->person_id, bt->person_id))
            old = t;
        }
      if (old != NULL && old->role == bt->role)
        {
          count (im, TP_BUNDLE_TRAINERS, TRUE, FALSE);
          continue;
        }
      if (!tp_store_set_course_trainer (im->db, c->id, bt->person_id, bt->role, &save_error))
        return fail_store (im, bt->path, save_error);
      count (im, TP_BUNDLE_TRAINERS, old != NULL, TRUE);
    }

  /* Enrolments and their marks. */
  stored_marks = tp_store_get_course_marks (im->db, c->id, &save_error);
  if (stored_marks == NULL)
    return fail_store (im, bc->path, save_error);
  for (guint i = 0; i < bc->enrolments->len; i++)
    {
      BEnrolment *be = g_ptr_array_index (bc->enrolments, i);
      g_autoptr(TpEnrolment) e = NULL;
      g_autoptr(GError) get_error = NULL;

      e = tp_store_get_enrolment (im->db, c->id, be->person_id, &get_error);
      if (e == NULL && !is_not_found (get_error))
        return fail_store (im, be->path, g_steal_pointer (&get_error));

      if (e == NULL)
        {
          e = tp_enrolment_new ();
          e->course_id = g_strdup (c->id);
          e->person_id = g_strdup (be->person_id);
          e->status = be->status;
          e->pre_test = be->pre_test;
          e->post_test = be->post_test;
          if (!tp_store_enrol (im->db, e, &save_error))
            return fail_store (im, be->path, save_error);
          count (im, TP_BUNDLE_ENROLMENTS, FALSE, TRUE);
        }
      else if (e->status != be->status || e->pre_test != be->pre_test ||
               e->post_test != be->post_test)
        {
          e->status = be->status;
          e->pre_test = be->pre_test;
          e->post_test = be->post_test;
          if (!tp_store_save_enrolment (im->db, e, &save_error))
            return fail_store (im, be->path, save_error);
          count (im, TP_BUNDLE_ENROLMENTS, TRUE, TRUE);
        }
      else
        count (im, TP_BUNDLE_ENROLMENTS, TRUE, FALSE);

      for (guint j = 0; j < be->marks->len; j++)
        {
          BMark *bm = g_ptr_array_index (be->marks, j);
          g_autofree char *key = g_strdup_printf ("%s/%s", e->id, bm->session_id);
          gpointer value;
          gboolean existed;

          existed = g_hash_table_lookup_extended (stored_marks, key, NULL, &value);
          if (existed && GPOINTER_TO_INT (value) == (int) bm->mark)
            {
              count (im, TP_BUNDLE_MARKS, TRUE, FALSE);
              continue;
            }
          if (!tp_store_set_mark (im->db, e->id, bm->session_id, bm->mark, &save_error))
            return fail_store (im, bm->path, save_error);
          count (im, TP_BUNDLE_MARKS, existed, TRUE);
        }
    }
  return TRUE;
}

/* Certificates are kept as plain data here: issuing them (numbering,
 * snapshot) belongs to the certificate module. */
#define CERT_COLUMNS \
  "course_id, person_id, issuer, year, seq, register_no, serial, issued_on," \
  " signer, status, revoked_reason, verification_code"

static gint64
next_certificate_seq (TpDb       *db,
                      const char *issuer,
                      gint64      year)
{
  sqlite3_stmt *stmt;
  gint64 seq = 1;

  stmt = tp_db_prepare (db,
                        "SELECT max (coalesce ((SELECT max (seq) FROM certificates"
                        "                       WHERE issuer = ?1 AND year = ?2), 0),"
                        "            coalesce ((SELECT last_seq FROM certificate_counters"
                        "                       WHERE issuer = ?1 AND year = ?2), 0)) + 1",
                        NULL);
  if (stmt == NULL)
    return seq;
  sqlite3_bind_text (stmt, 1, issuer, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, year);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return seq;
}

static gboolean
apply_certificate (Import       *im,
                   BCertificate *cert)
{
  sqlite3_stmt *stmt;
  GError *local_error = NULL;
  gboolean existed = FALSE, changed = TRUE;
  g_autofree char *now = tp_now_iso ();
  int rc;

  stmt = tp_db_prepare (im->db, "SELECT " CERT_COLUMNS " FROM certificates WHERE id = ?",
                        &local_error);
  if (stmt == NULL)
    return fail_store (im, cert->path, local_error);
  sqlite3_bind_text (stmt, 1, cert->id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      existed = TRUE;
      if (cert->seq == 0)
        cert->seq = sqlite3_column_int64 (stmt, 4);
      changed =
        g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), cert->course_id) != 0 ||
        g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), cert->person_id) != 0 ||
        g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), cert->issuer) != 0 ||
        sqlite3_column_int64 (stmt, 3) != cert->year ||
        sqlite3_column_int64 (stmt, 4) != cert->seq ||
        g_strcmp0 ((const char *) sqlite3_column_text (stmt, 5), cert->register_no) != 0 ||
        g_strcmp0 ((const char *) sqlite3_column_text (stmt, 6), cert->serial) != 0 ||
        g_strcmp0 ((const char *) sqlite3_column_text (stmt, 7), cert->issued_on) != 0 ||
        g_strcmp0 ((const char *) sqlite3_column_text (stmt, 8), cert->signer) != 0 ||
        g_strcmp0 ((const char *) sqlite3_column_text (stmt, 9), cert->status) != 0 ||
        g_strcmp0 ((const char *) sqlite3_column_text (stmt, 10), cert->revoked_reason) != 0 ||
        g_strcmp0 ((const char *) sqlite3_column_text (stmt, 11), cert->verification_code) != 0;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      tp_db_set_error (im->db, rc, &local_error);
      return fail_store (im, cert->path, local_error);
    }
  if (cert->seq == 0)
    cert->seq = next_certificate_seq (im->db, cert->issuer, cert->year);

  if (changed)
    {
      stmt = tp_db_prepare (im->db,
                            existed ?
                            "UPDATE certificates SET course_id = ?1, person_id = ?2, issuer = ?3,"
                            " year = ?4, seq = ?5, register_no = ?6, serial = ?7, issued_on = ?8,"
                            " signer = ?9, status = ?10, revoked_reason = ?11,"
                            " verification_code = ?12, updated_at = ?14 WHERE id = ?13" :
                            "INSERT INTO certificates (" CERT_COLUMNS ", id, created_at, updated_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
                            &local_error);
      if (stmt == NULL)
        return fail_store (im, cert->path, local_error);
      sqlite3_bind_text (stmt, 1, cert->course_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, cert->person_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, cert->issuer, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, cert->year);
      sqlite3_bind_int64 (stmt, 5, cert->seq);
      sqlite3_bind_text (stmt, 6, cert->register_no, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, cert->serial, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 8, cert->issued_on, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 9, cert->signer, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 10, cert->status, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 11, cert->revoked_reason, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 12, cert->verification_code, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 13, cert->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 14, now, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          if ((rc & 0xff) == SQLITE_CONSTRAINT)
            g_set_error (&local_error, TP_ERROR, TP_ERROR_CONFLICT,
                         _("Another certificate already has the register number “%s”, "
                           "the verification code “%s” or the same number in the register"),
                         cert->register_no, cert->verification_code);
          else
            tp_db_set_error (im->db, rc, &local_error);
          return fail_store (im, cert->path, local_error);
        }

      /* Certificates issued later must not reuse the numbers imported. */
      stmt = tp_db_prepare (im->db,
                            "INSERT INTO certificate_counters (issuer, year, last_seq) VALUES (?1, ?2, ?3)"
                            " ON CONFLICT (issuer, year) DO UPDATE SET last_seq = max (last_seq, excluded.last_seq)",
                            &local_error);
      if (stmt == NULL)
        return fail_store (im, cert->path, local_error);
      sqlite3_bind_text (stmt, 1, cert->issuer, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, cert->year);
      sqlite3_bind_int64 (stmt, 3, cert->seq);
      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        {
          tp_db_set_error (im->db, rc, &local_error);
          return fail_store (im, cert->path, local_error);
        }
    }
  count (im, TP_BUNDLE_CERTIFICATES, existed, changed);
  return TRUE;
}

static gboolean
apply (Import *im)
{
  for (guint i = 0; i < im->people->len; i++)
    if (!apply_person (im, g_ptr_array_index (im->people, i)))
      return FALSE;
  for (guint i = 0; i < im->courses->len; i++)
    if (!apply_course (im, g_ptr_array_index (im->courses, i)))
      return FALSE;
  for (guint i = 0; i < im->certificates->len; i++)
    if (!apply_certificate (im, g_ptr_array_index (im->certificates, i)))
      return FALSE;
  return TRUE;
}

/* ---- import entry points ----------------------------------------------- */

/* json-glib says "<data>:3:14: Parse error: unexpected character..." */
static void
set_parse_error (GError     **error,
                 const char  *source_name,
                 GError      *json_error)
{
  const char *msg = json_error->message;
  const char *detail = msg;
  unsigned line = 0, column = 0;
  int consumed = 0;

  if (g_str_has_prefix (msg, "<data>:"))
    msg += strlen ("<data>:");
  if (sscanf (msg, "%u:%u: %n", &line, &column, &consumed) == 2 && consumed > 0)
    {
      detail = msg + consumed;
      if (g_str_has_prefix (detail, "Parse error: "))
        detail += strlen ("Parse error: ");
      if (source_name != NULL)
        /* Translators: file:line:column, then the parser's explanation. */
        g_set_error (error, TP_ERROR, TP_ERROR_PARSE, _("%s:%u:%u: not valid JSON: %s"),
                     source_name, line, column, detail);
      else
        /* Translators: line:column, then the parser's explanation. */
        g_set_error (error, TP_ERROR, TP_ERROR_PARSE, _("%u:%u: not valid JSON: %s"),
                     line, column, detail);
      return;
    }

  if (source_name != NULL)
    g_set_error (error, TP_ERROR, TP_ERROR_PARSE, _("%s: not valid JSON: %s"),
                 source_name, detail);
  else
    g_set_error (error, TP_ERROR, TP_ERROR_PARSE, _("Not valid JSON: %s"), detail);
}

gboolean
tp_bundle_import_data (TpDb           *db,
                       const char     *data,
                       gssize          length,
                       const char     *source_name,
                       gboolean        dry_run,
                       TpBundleStats  *stats,
                       GError        **error)
{
  g_autoptr(TpBundleStats) own_stats = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) json_error = NULL;
  g_autofree char *batch_id = NULL;
  g_autofree char *previous_batch = NULL;
  Import im = { 0 };
  gboolean ok;

  g_return_val_if_fail (TP_IS_DB (db), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (stats == NULL)
    stats = own_stats = tp_bundle_stats_new ();
  stats_reset (stats);

  if (length < 0)
    length = strlen (data);
  if (length == 0)
    {
      if (source_name != NULL)
        g_set_error (error, TP_ERROR, TP_ERROR_PARSE, _("%s: the file is empty"), source_name);
      else
        g_set_error (error, TP_ERROR, TP_ERROR_PARSE, _("The bundle is empty"));
      return FALSE;
    }

  if (!json_parser_load_from_data (parser, data, length, &json_error))
    {
      set_parse_error (error, source_name, json_error);
      return FALSE;
    }

  im.db = db;
  im.stats = stats;
  im.people = g_ptr_array_new_with_free_func ((GDestroyNotify) bperson_free);
  im.courses = g_ptr_array_new_with_free_func ((GDestroyNotify) bcourse_free);
  im.certificates = g_ptr_array_new_with_free_func ((GDestroyNotify) bcertificate_free);
  im.person_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.course_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.course_codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.session_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  im.cert_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  ok = parse_root (&im, json_parser_get_root (parser));
  /* The records are copied out: the JSON tree can go before writing. */
  g_clear_object (&parser);
  ok = ok && resolve (&im);

  /* A valid file about to be written: a backup first (docs/data-safety.md).
   * None inside a caller's transaction: that caller owns the change. */
  if (ok && !dry_run && !tp_db_in_transaction (db) &&
      !tp_backup_before (db, "import", &im.error))
    {
      g_prefix_error (&im.error, "%s", _("Nothing was imported because no backup could be made first: "));
      ok = FALSE;
    }

  if (ok)
    {
      batch_id = tp_uuid_new ();
      previous_batch = g_strdup (tp_db_get_batch (db));
      tp_db_set_batch (db, batch_id);

      if (tp_db_begin (db, &im.error))
        {
          ok = apply (&im);
          if (ok && !dry_run)
            ok = tp_db_commit (db, &im.error);
          else
            tp_db_rollback (db);  /* a dry run or a failure */
        }
      else
        ok = FALSE;

      tp_db_set_batch (db, previous_batch);
    }

  if (!ok)
    {
      /* Nothing was written: the counts would only mislead. */
      memset (stats->counts, 0, sizeof stats->counts);
      g_assert (im.error != NULL);
      if (source_name != NULL)
        g_prefix_error (&im.error, "%s: ", source_name);
      g_propagate_error (error, g_steal_pointer (&im.error));
      import_clear (&im);
      return FALSE;
    }

  if (!dry_run && tp_bundle_stats_n_changes (stats) > 0)
    stats->batch_id = g_steal_pointer (&batch_id);

  import_clear (&im);
  return TRUE;
}

gboolean
tp_bundle_import_bytes (TpDb           *db,
                        GBytes         *bytes,
                        const char     *source_name,
                        gboolean        dry_run,
                        TpBundleStats  *stats,
                        GError        **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return tp_bundle_import_data (db, data ? data : "", size, source_name, dry_run,
                                stats, error);
}

gboolean
tp_bundle_import_file (TpDb           *db,
                       const char     *path,
                       gboolean        dry_run,
                       TpBundleStats  *stats,
                       GError        **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      int code = g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT) ?
                 TP_ERROR_NOT_FOUND : TP_ERROR_IO;

      if (code == TP_ERROR_NOT_FOUND)
        g_set_error (error, TP_ERROR, code, _("%s: no such file"), path);
      else
        /* Translators: the second %s is the system's explanation. */
        g_set_error (error, TP_ERROR, code, _("%s: cannot read the file: %s"),
                     path, local_error->message);
      return FALSE;
    }

  return tp_bundle_import_data (db,
                                g_mapped_file_get_contents (mapped) ?
                                g_mapped_file_get_contents (mapped) : "",
                                g_mapped_file_get_length (mapped),
                                path, dry_run, stats, error);
}

/* ---- export ------------------------------------------------------------ */

static void
add_string (JsonBuilder *b,
            const char  *key,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, key);
  json_builder_add_string_value (b, value);
}

static void
add_int (JsonBuilder *b,
         const char  *key,
         gint64       value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_int_value (b, value);
}

static void
add_double (JsonBuilder *b,
            const char  *key,
            double       value)
{
  json_builder_set_member_name (b, key);
  if (value == (double) (gint64) value)
    json_builder_add_int_value (b, (gint64) value);
  else
    json_builder_add_double_value (b, value);
}

static void
add_bool (JsonBuilder *b,
          const char  *key,
          gboolean     value)
{
  json_builder_set_member_name (b, key);
  json_builder_add_boolean_value (b, value);
}

static void
export_person (TpDb        *db,
               JsonBuilder *b,
               TpPerson    *p)
{
  json_builder_begin_object (b);
  add_string (b, "id", p->id);
  add_string (b, "full_name", p->full_name);
  add_string (b, "family_name", p->family_name);
  add_string (b, "middle_name", p->middle_name);
  add_string (b, "given_name", p->given_name);
  add_string (b, "sort_name", p->sort_name);
  add_string (b, "sex", tp_sex_to_string (p->sex));
  if (p->birth_year > 0)
    add_int (b, "birth_year", p->birth_year);
  add_string (b, "birth_date", p->birth_date);
  if (p->ethnicity_id != NULL)
    {
      g_autofree char *name = tp_refdata_ethnicity_name (db, p->ethnicity_id);

      add_string (b, "ethnicity", name ? name : p->ethnicity_id);
    }
  add_string (b, "national_id", p->national_id);
  add_string (b, "phone", p->phone);
  add_string (b, "email", p->email);
  add_string (b, "organization", p->organization);
  add_string (b, "position", p->position);
  add_string (b, "province_code", p->province_code);
  add_string (b, "commune_code", p->commune_code);
  add_string (b, "admin_version", p->admin_version);
  add_string (b, "target_group", p->target_group);
  if (p->consent_sensitive)
    add_bool (b, "consent_sensitive", TRUE);
  add_string (b, "consent_date", p->consent_date);
  add_string (b, "consent_method", p->consent_method);
  add_string (b, "updated_at", p->updated_at);
  json_builder_end_object (b);
}

static gboolean
export_course (TpDb        *db,
               JsonBuilder *b,
               TpCourse    *c,
               GHashTable  *person_ids,
               GError     **error)
{
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GPtrArray) trainers = NULL;
  g_autoptr(GPtrArray) enrolments = NULL;
  g_autoptr(GHashTable) marks = NULL;

  sessions = tp_store_list_sessions (db, c->id, error);
  if (sessions == NULL)
    return FALSE;
  trainers = tp_store_list_course_trainers (db, c->id, error);
  if (trainers == NULL)
    return FALSE;
  enrolments = tp_store_list_enrolments (db, c->id, error);
  if (enrolments == NULL)
    return FALSE;
  marks = tp_store_get_course_marks (db, c->id, error);
  if (marks == NULL)
    return FALSE;

  json_builder_begin_object (b);
  add_string (b, "id", c->id);
  add_string (b, "code", c->code);
  add_string (b, "title", c->title);
  add_string (b, "type", c->type_id);
  add_string (b, "level", c->level);
  if (c->target_groups != NULL && c->target_groups[0] != NULL)
    {
      json_builder_set_member_name (b, "target_groups");
      json_builder_begin_array (b);
      for (guint i = 0; c->target_groups[i] != NULL; i++)
        json_builder_add_string_value (b, c->target_groups[i]);
      json_builder_end_array (b);
    }
  add_string (b, "organizer", c->organizer);
  add_string (b, "province_code", c->province_code);
  add_string (b, "commune_code", c->commune_code);
  add_string (b, "admin_version", c->admin_version);
  add_string (b, "venue", c->venue);
  add_string (b, "start_date", c->start_date);
  add_string (b, "end_date", c->end_date);
  add_string (b, "status", tp_course_status_to_string (c->status));
  add_int (b, "completion_threshold", c->completion_threshold);
  if (c->excused_counts)
    add_bool (b, "excused_counts", TRUE);
  if (c->pass_mark >= 0)
    add_double (b, "pass_mark", c->pass_mark);
  if (c->daily_allowance > 0)
    add_int (b, "daily_allowance", c->daily_allowance);
  add_string (b, "updated_at", c->updated_at);

  json_builder_set_member_name (b, "sessions");
  json_builder_begin_array (b);
  for (guint i = 0; i < sessions->len; i++)
    {
      TpSession *s = g_ptr_array_index (sessions, i);

      json_builder_begin_object (b);
      add_string (b, "id", s->id);
      add_string (b, "date", s->date);
      add_string (b, "part", tp_session_part_to_string (s->part));
      add_string (b, "topic", s->topic);
      add_string (b, "trainer_id", s->trainer_id);
      json_builder_end_object (b);
      if (s->trainer_id != NULL)
        g_hash_table_add (person_ids, g_strdup (s->trainer_id));
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "trainers");
  json_builder_begin_array (b);
  for (guint i = 0; i < trainers->len; i++)
    {
      TpCourseTrainer *t = g_ptr_array_index (trainers, i);

      json_builder_begin_object (b);
      add_string (b, "person_id", t->person_id);
      add_string (b, "role", tp_trainer_role_to_string (t->role));
      json_builder_end_object (b);
      g_hash_table_add (person_ids, g_strdup (t->person_id));
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "enrollments");
  json_builder_begin_array (b);
  for (guint i = 0; i < enrolments->len; i++)
    {
      TpEnrolment *e = g_ptr_array_index (enrolments, i);
      gboolean any_mark = FALSE;

      json_builder_begin_object (b);
      add_string (b, "person_id", e->person_id);
      add_string (b, "status", tp_enrolment_status_to_string (e->status));
      if (e->pre_test >= 0)
        add_double (b, "pre_test", e->pre_test);
      if (e->post_test >= 0)
        add_double (b, "post_test", e->post_test);
      /* Marks in session order. */
      for (guint j = 0; j < sessions->len; j++)
        {
          TpSession *s = g_ptr_array_index (sessions, j);
          g_autofree char *key = g_strdup_printf ("%s/%s", e->id, s->id);
          gpointer value;

          if (!g_hash_table_lookup_extended (marks, key, NULL, &value) ||
              GPOINTER_TO_INT (value) == TP_MARK_NONE)
            continue;
          if (!any_mark)
            {
              json_builder_set_member_name (b, "attendance");
              json_builder_begin_object (b);
              any_mark = TRUE;
            }
          add_string (b, s->id, tp_mark_to_string (GPOINTER_TO_INT (value)));
        }
      if (any_mark)
        json_builder_end_object (b);
      json_builder_end_object (b);
      g_hash_table_add (person_ids, g_strdup (e->person_id));
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "budget");
  json_builder_begin_array (b);
  for (guint i = 0; c->budget != NULL && i < c->budget->len; i++)
    {
      TpBudgetLine *line = g_ptr_array_index (c->budget, i);

      json_builder_begin_object (b);
      add_string (b, "source", line->source_id);
      if (line->planned >= 0)
        add_int (b, "planned", line->planned);
      if (line->actual >= 0)
        add_int (b, "actual", line->actual);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_end_object (b);
  return TRUE;
}

/* An array of the certificates of the exported courses (all when
 * @course_ids is NULL). */
static gboolean
export_certificates (TpDb        *db,
                     JsonBuilder *b,
                     GHashTable  *course_ids,
                     GHashTable  *person_ids,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = tp_db_prepare (db,
                        "SELECT id, " CERT_COLUMNS
                        " FROM certificates ORDER BY issued_on, issuer, year, seq, id", error);
  if (stmt == NULL)
    return FALSE;

  json_builder_begin_array (b);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *course_id = (const char *) sqlite3_column_text (stmt, 1);
      const char *person_id = (const char *) sqlite3_column_text (stmt, 2);

      if (course_ids != NULL && !g_hash_table_contains (course_ids, course_id))
        continue;

      json_builder_begin_object (b);
      add_string (b, "id", (const char *) sqlite3_column_text (stmt, 0));
      add_string (b, "course_id", course_id);
      add_string (b, "person_id", person_id);
      if (sqlite3_column_bytes (stmt, 3) > 0)
        add_string (b, "issuer", (const char *) sqlite3_column_text (stmt, 3));
      add_int (b, "year", sqlite3_column_int64 (stmt, 4));
      add_int (b, "seq", sqlite3_column_int64 (stmt, 5));
      add_string (b, "register_no", (const char *) sqlite3_column_text (stmt, 6));
      add_string (b, "serial", (const char *) sqlite3_column_text (stmt, 7));
      add_string (b, "issued_on", (const char *) sqlite3_column_text (stmt, 8));
      add_string (b, "signer", (const char *) sqlite3_column_text (stmt, 9));
      add_string (b, "status", (const char *) sqlite3_column_text (stmt, 10));
      add_string (b, "revoked_reason", (const char *) sqlite3_column_text (stmt, 11));
      add_string (b, "verification_code", (const char *) sqlite3_column_text (stmt, 12));
      json_builder_end_object (b);
      g_hash_table_add (person_ids, g_strdup (person_id));
    }
  json_builder_end_array (b);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return tp_db_set_error (db, rc, error);
  return TRUE;
}

static int
compare_start (gconstpointer pa,
               gconstpointer pb)
{
  const TpCourse *a = *(TpCourse * const *) pa;
  const TpCourse *b = *(TpCourse * const *) pb;
  int cmp = g_strcmp0 (a->start_date, b->start_date);

  return cmp != 0 ? cmp : g_strcmp0 (a->code, b->code);
}

static gboolean
check_range (const char  *from,
             const char  *to,
             GError     **error)
{
  g_autofree char *problem = NULL;

  if ((from == NULL) != (to == NULL))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                   _("A date range needs both a first and a last day"));
      return FALSE;
    }
  if (from == NULL)
    return TRUE;
  problem = tp_check_date (from);
  if (problem == NULL)
    problem = tp_check_date (to);
  if (problem != NULL)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID, "%s", problem);
      return FALSE;
    }
  if (strcmp (from, to) > 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                   _("The first day %s is after the last day %s"), from, to);
      return FALSE;
    }
  return TRUE;
}

static gboolean
starts_between (const TpCourse *c,
                const char     *from,
                const char     *to)
{
  return c->start_date != NULL &&
         strcmp (c->start_date, from) >= 0 && strcmp (c->start_date, to) <= 0;
}

char **
tp_bundle_course_codes_between (TpDb        *db,
                                const char  *from,
                                const char  *to,
                                GError     **error)
{
  g_autoptr(GPtrArray) courses = NULL;
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();

  g_return_val_if_fail (TP_IS_DB (db), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  if (!check_range (from, to, error))
    return NULL;
  courses = tp_store_list_courses (db, NULL, error);
  if (courses == NULL)
    return NULL;
  for (guint i = 0; i < courses->len; i++)
    {
      TpCourse *c = g_ptr_array_index (courses, i);

      if (starts_between (c, from, to))
        g_ptr_array_add (chosen, c);
    }
  g_ptr_array_sort (chosen, compare_start);
  for (guint i = 0; i < chosen->len; i++)
    g_strv_builder_add (codes, ((TpCourse *) g_ptr_array_index (chosen, i))->code);
  return g_strv_builder_end (codes);
}

GBytes *
tp_bundle_export_bytes (TpDb               *db,
                        const char * const *course_codes,
                        GError            **error)
{
  TpBundleExportOptions options = { course_codes, NULL, NULL };

  return tp_bundle_export_bytes_full (db, &options, error);
}

GBytes *
tp_bundle_export_bytes_full (TpDb                        *db,
                             const TpBundleExportOptions *options,
                             GError                     **error)
{
  static const TpBundleExportOptions no_options = { NULL, NULL, NULL };
  const char * const *course_codes;
  const char *from, *to;
  g_autoptr(JsonBuilder) courses_b = json_builder_new_immutable ();
  g_autoptr(JsonBuilder) certs_b = json_builder_new_immutable ();
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(GPtrArray) courses = NULL;
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GHashTable) course_ids = NULL;
  g_autoptr(GHashTable) person_ids = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                            g_free, NULL);
  g_autoptr(JsonNode) courses_node = NULL;
  g_autoptr(JsonNode) certs_node = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *generator_name = NULL;
  char *text;
  gsize length;

  g_return_val_if_fail (TP_IS_DB (db), NULL);

  if (options == NULL)
    options = &no_options;
  course_codes = options->course_codes;
  from = options->from;
  to = options->to;
  if (!check_range (from, to, error))
    return NULL;

  /* One read transaction, so the file is a consistent snapshot. */
  if (!tp_db_begin (db, error))
    return NULL;

  if (course_codes != NULL || from != NULL)
    course_ids = g_hash_table_new (g_str_hash, g_str_equal);
  if (course_codes != NULL)
    {
      for (guint i = 0; course_codes[i] != NULL; i++)
        {
          g_autoptr(TpCourse) c = tp_store_get_course_by_code (db, course_codes[i], NULL);

          if (c == NULL)
            {
              tp_db_rollback (db);
              g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                           _("No course has the code “%s”"), course_codes[i]);
              return NULL;
            }
          g_hash_table_add (course_ids, (gpointer) g_intern_string (c->id));
        }
    }

  courses = tp_store_list_courses (db, NULL, error);
  if (courses == NULL)
    {
      tp_db_rollback (db);
      return NULL;
    }

  json_builder_begin_array (courses_b);
  for (guint i = 0; i < courses->len; i++)
    {
      TpCourse *c = g_ptr_array_index (courses, i);

      if (from != NULL && starts_between (c, from, to))
        g_hash_table_add (course_ids, (gpointer) g_intern_string (c->id));
      if (course_ids != NULL && !g_hash_table_contains (course_ids, c->id))
        continue;
      if (!export_course (db, courses_b, c, person_ids, error))
        {
          tp_db_rollback (db);
          return NULL;
        }
    }
  json_builder_end_array (courses_b);
  courses_node = json_builder_get_root (courses_b);

  if (!export_certificates (db, certs_b, course_ids, person_ids, error))
    {
      tp_db_rollback (db);
      return NULL;
    }
  certs_node = json_builder_get_root (certs_b);

  people = tp_store_list_people (db, NULL, 0, error);
  if (people == NULL)
    {
      tp_db_rollback (db);
      return NULL;
    }

  generator_name = g_strdup_printf ("Taphuan %s", PACKAGE_VERSION);
  json_builder_begin_object (b);
  add_string (b, "format", TP_BUNDLE_FORMAT);
  add_int (b, "version", TP_BUNDLE_VERSION);
  add_string (b, "generator", generator_name);
  json_builder_set_member_name (b, "people");
  json_builder_begin_array (b);
  for (guint i = 0; i < people->len; i++)
    {
      TpPerson *p = g_ptr_array_index (people, i);

      if (course_ids != NULL && !g_hash_table_contains (person_ids, p->id))
        continue;
      export_person (db, b, p);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "courses");
  json_builder_add_value (b, g_steal_pointer (&courses_node));
  json_builder_set_member_name (b, "certificates");
  json_builder_add_value (b, g_steal_pointer (&certs_node));
  json_builder_end_object (b);

  /* Nothing was written: ending the read transaction. */
  tp_db_rollback (db);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, &length);
  /* A final newline, as text files have. */
  text = g_realloc (text, length + 2);
  text[length] = '\n';
  text[length + 1] = '\0';
  return g_bytes_new_take (text, length + 1);
}

gboolean
tp_bundle_export_file (TpDb               *db,
                       const char         *path,
                       const char * const *course_codes,
                       GError            **error)
{
  TpBundleExportOptions options = { course_codes, NULL, NULL };

  return tp_bundle_export_file_full (db, path, &options, error);
}

gboolean
tp_bundle_export_file_full (TpDb                        *db,
                            const char                  *path,
                            const TpBundleExportOptions *options,
                            GError                     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data;

  g_return_val_if_fail (path != NULL, FALSE);

  bytes = tp_bundle_export_bytes_full (db, options, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &size);
  if (!g_file_set_contents_full (path, data, size,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      /* Translators: the second %s is the system's explanation. */
      g_set_error (error, TP_ERROR, TP_ERROR_IO, _("%s: cannot write the file: %s"),
                   path, local_error->message);
      return FALSE;
    }
  return TRUE;
}
