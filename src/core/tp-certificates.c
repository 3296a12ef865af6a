/* tp-certificates.c: eligibility, issuing with gap-free register numbers,
 * revoking, reissuing, the register, verification and the trainer cascade.
 *
 * Numbers come from certificate_counters inside the issuing transaction:
 * a failure or a killed process rolls the counter back with the
 * certificates, so the register never has a gap or a duplicate.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "tp-attendance.h"
#include "tp-certificates.h"
#include "tp-refdata.h"
#include "tp-store.h"
#include "tp-store-private.h"
#include "tp-text.h"

/* ---- small helpers ----------------------------------------------------- */

static char *
today_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

static gboolean
is_blank (const char *s)
{
  return s == NULL || *s == '\0';
}

static char *
setting_or (TpDb       *db,
            const char *key,
            const char *fallback)
{
  char *value = tp_db_get_setting (db, key);

  if (is_blank (value))
    {
      g_free (value);
      return g_strdup (fallback);
    }
  return value;
}

static char *
query_text (TpDb       *db,
            const char *sql,
            const char *param1,
            const char *param2)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, NULL);
  char *value = NULL;

  if (stmt == NULL)
    return NULL;
  if (param1 != NULL)
    sqlite3_bind_text (stmt, 1, param1, -1, SQLITE_TRANSIENT);
  if (param2 != NULL)
    sqlite3_bind_text (stmt, 2, param2, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = tp_sql_dup_text (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

/* A score as the office writes it: "5", "7.5". */
static char *
format_score (double score)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.4g", score));
}

/* ---- eligibility ------------------------------------------------------- */

void
tp_eligibility_free (TpEligibility *e)
{
  if (e == NULL)
    return;
  g_free (e->enrolment_id);
  g_free (e->person_id);
  g_free (e->full_name);
  g_free (e->reason);
  g_free (e->certificate_id);
  g_free (e->register_no);
  g_free (e);
}

/* Attendance is counted by tp-attendance (late counts as attended,
 * excused only when the course says so), so the certificate rule and the
 * attendance summary can never disagree. */
#define ELIGIBILITY_SQL \
  "SELECT e.id, e.person_id, p.full_name, e.status, e.post_test," \
  "  (SELECT c.id FROM certificates c WHERE c.course_id = e.course_id" \
  "    AND c.person_id = e.person_id AND c.status = 'valid' ORDER BY c.year DESC, c.seq DESC LIMIT 1)," \
  "  (SELECT c.register_no FROM certificates c WHERE c.course_id = e.course_id" \
  "    AND c.person_id = e.person_id AND c.status = 'valid' ORDER BY c.year DESC, c.seq DESC LIMIT 1)" \
  " FROM enrolments e JOIN people p ON p.id = e.person_id" \
  " WHERE e.course_id = ?1 ORDER BY p.sort_key, p.id"

static GPtrArray *
compute_eligibility (TpDb            *db,
                     const TpCourse  *course,
                     GError         **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_eligibility_free);
  g_autoptr(GPtrArray) sessions = tp_store_list_sessions (db, course->id, error);
  g_autoptr(GHashTable) marks = NULL;
  int needed;
  sqlite3_stmt *stmt;

  if (sessions == NULL)
    return NULL;
  marks = tp_store_get_course_marks (db, course->id, error);
  if (marks == NULL)
    return NULL;
  /* The smallest count reaching the threshold (ceiling, in integers). */
  needed = (course->completion_threshold * (int) sessions->len + 99) / 100;

  stmt = tp_db_prepare (db, ELIGIBILITY_SQL, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, course->id, -1, SQLITE_TRANSIENT);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TpEligibility *e = g_new0 (TpEligibility, 1);
      g_autoptr(GPtrArray) reasons = g_ptr_array_new_with_free_func (g_free);
      const char *status = (const char *) sqlite3_column_text (stmt, 3);
      TpAttendanceSummary summary;

      e->enrolment_id = tp_sql_dup_text (stmt, 0);
      e->person_id = tp_sql_dup_text (stmt, 1);
      e->full_name = tp_sql_dup_text (stmt, 2);
      e->post_test = sqlite3_column_type (stmt, 4) == SQLITE_NULL ? -1 : sqlite3_column_double (stmt, 4);
      e->certificate_id = tp_sql_dup_text (stmt, 5);
      e->register_no = tp_sql_dup_text (stmt, 6);
      tp_attendance_summarize (course, sessions, marks, e->enrolment_id, &summary);
      e->attended = summary.attended;
      e->sessions = summary.total;
      e->needed = needed;

      if (g_strcmp0 (status, "withdrawn") == 0)
        g_ptr_array_add (reasons, g_strdup (_("Withdrew from the course")));
      else if (summary.total == 0)
        g_ptr_array_add (reasons, g_strdup (_("The course has no sessions, so attendance cannot be counted")));
      else if (!summary.complete)
        g_ptr_array_add (reasons,
                         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "Attended %d of %d session, needs %d",
                                                       "Attended %d of %d sessions, needs %d",
                                                       e->sessions),
                                          e->attended, e->sessions, needed));

      if (course->pass_mark >= 0 && g_strcmp0 (status, "withdrawn") != 0)
        {
          g_autofree char *pass = format_score (course->pass_mark);

          if (e->post_test < 0)
            g_ptr_array_add (reasons, g_strdup_printf (_("No post-test score (the pass mark is %s)"), pass));
          else if (e->post_test < course->pass_mark)
            {
              g_autofree char *score = format_score (e->post_test);

              g_ptr_array_add (reasons, g_strdup_printf (_("Post-test score %s is below the pass mark %s"),
                                                         score, pass));
            }
        }

      e->eligible = reasons->len == 0;
      if (!e->eligible)
        {
          g_ptr_array_add (reasons, NULL);
          e->reason = g_strjoinv ("; ", (char **) reasons->pdata);
        }
      g_ptr_array_add (list, e);
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&list);
}

GPtrArray *
tp_certificates_eligibility (TpDb        *db,
                             const char  *course_id,
                             GError     **error)
{
  g_autoptr(TpCourse) course = tp_store_get_course (db, course_id, error);

  if (course == NULL)
    return NULL;
  return compute_eligibility (db, course, error);
}

/* ---- snapshots --------------------------------------------------------- */

void
tp_cert_snapshot_free (TpCertSnapshot *s)
{
  if (s == NULL)
    return;
  g_free (s->full_name);
  g_free (s->birth_date);
  g_free (s->organization);
  g_free (s->position);
  g_free (s->course_code);
  g_free (s->course_title);
  g_free (s->course_type);
  g_free (s->start_date);
  g_free (s->end_date);
  g_free (s->venue);
  g_free (s->place);
  g_free (s->parent_agency);
  g_free (s->issuer_name);
  g_free (s->signer_prefix);
  g_free (s->signer_title);
  g_free (s->signer_name);
  g_free (s->issue_date);
  g_free (s->register_no);
  g_free (s->serial);
  g_free (s->verification_code);
  g_free (s->body_text);
  g_free (s->logo_path);
  g_free (s->background_path);
  g_free (s);
}

#define SNAPSHOT_VERSION 1

static void
add_string (JsonBuilder *b,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (b, key);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

char *
tp_cert_snapshot_to_json (const TpCertSnapshot *s)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, SNAPSHOT_VERSION);
  add_string (b, "full_name", s->full_name);
  add_string (b, "birth_date", s->birth_date);
  json_builder_set_member_name (b, "birth_year");
  json_builder_add_int_value (b, s->birth_year);
  add_string (b, "sex", s->sex == TP_SEX_UNKNOWN ? NULL : tp_sex_to_string (s->sex));
  add_string (b, "organization", s->organization);
  add_string (b, "position", s->position);
  add_string (b, "course_code", s->course_code);
  add_string (b, "course_title", s->course_title);
  add_string (b, "course_type", s->course_type);
  add_string (b, "start_date", s->start_date);
  add_string (b, "end_date", s->end_date);
  add_string (b, "venue", s->venue);
  add_string (b, "place", s->place);
  add_string (b, "parent_agency", s->parent_agency);
  add_string (b, "issuer_name", s->issuer_name);
  add_string (b, "signer_prefix", s->signer_prefix);
  add_string (b, "signer_title", s->signer_title);
  add_string (b, "signer_name", s->signer_name);
  add_string (b, "issue_date", s->issue_date);
  add_string (b, "register_no", s->register_no);
  add_string (b, "serial", s->serial);
  add_string (b, "verification_code", s->verification_code);
  /* Added later: only written when set, so older snapshots read alike. */
  if (s->body_text != NULL)
    add_string (b, "body_text", s->body_text);
  if (s->logo_path != NULL)
    add_string (b, "logo_path", s->logo_path);
  if (s->background_path != NULL)
    add_string (b, "background_path", s->background_path);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

static char *
member_dup (JsonObject *o,
            const char *key)
{
  JsonNode *node = json_object_get_member (o, key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

TpCertSnapshot *
tp_cert_snapshot_from_json (const char  *json,
                            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(TpCertSnapshot) s = NULL;
  g_autofree char *sex = NULL;
  JsonNode *root;
  JsonObject *o;

  if (json == NULL || !json_parser_load_from_data (parser, json, -1, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, TP_ERROR, TP_ERROR_CORRUPT,
                           _("The stored copy of this certificate cannot be read"));
      return NULL;
    }
  o = json_node_get_object (root);
  s = g_new0 (TpCertSnapshot, 1);
  s->full_name = member_dup (o, "full_name");
  s->birth_date = member_dup (o, "birth_date");
  s->birth_year = json_object_get_int_member_with_default (o, "birth_year", 0);
  sex = member_dup (o, "sex");
  if (sex == NULL || !tp_sex_from_string (sex, &s->sex))
    s->sex = TP_SEX_UNKNOWN;
  s->organization = member_dup (o, "organization");
  s->position = member_dup (o, "position");
  s->course_code = member_dup (o, "course_code");
  s->course_title = member_dup (o, "course_title");
  s->course_type = member_dup (o, "course_type");
  s->start_date = member_dup (o, "start_date");
  s->end_date = member_dup (o, "end_date");
  s->venue = member_dup (o, "venue");
  s->place = member_dup (o, "place");
  s->parent_agency = member_dup (o, "parent_agency");
  s->issuer_name = member_dup (o, "issuer_name");
  s->signer_prefix = member_dup (o, "signer_prefix");
  s->signer_title = member_dup (o, "signer_title");
  s->signer_name = member_dup (o, "signer_name");
  s->issue_date = member_dup (o, "issue_date");
  s->register_no = member_dup (o, "register_no");
  s->serial = member_dup (o, "serial");
  s->verification_code = member_dup (o, "verification_code");
  s->body_text = member_dup (o, "body_text");
  s->logo_path = member_dup (o, "logo_path");
  s->background_path = member_dup (o, "background_path");
  return g_steal_pointer (&s);
}

/* ---- office settings --------------------------------------------------- */

char *
tp_certificates_issuer_name (TpDb       *db,
                             const char *date)
{
  g_autofree char *fallback = tp_refdata_agency_name_on (db, "issuer", date);

  return setting_or (db, "office.agency", fallback != NULL ? fallback : "");
}

char *
tp_certificates_issuer_code (TpDb       *db,
                             const char *date)
{
  g_autofree char *short_name =
    query_text (db,
                "SELECT short_name FROM agencies WHERE roles LIKE '%,issuer,%'"
                " AND (valid_from IS NULL OR valid_from <= ?1)"
                " AND (valid_to IS NULL OR valid_to >= ?1)"
                " ORDER BY valid_from IS NULL, valid_from DESC LIMIT 1",
                date, NULL);

  return setting_or (db, "cert.issuer_code", short_name != NULL ? short_name : "");
}

char *
tp_certificates_course_key (const char *course_id,
                            const char *key)
{
  return g_strdup_printf ("course.%s.%s", course_id, key);
}

static const char *
setting_default (const char *key)
{
  if (g_str_equal (key, "office.signer_title"))
    return C_("certificate", "GIÁM ĐỐC");
  if (g_str_equal (key, "cert.body_text"))
    return C_("certificate", "Đã hoàn thành lớp tập huấn:");
  if (g_str_equal (key, "cert.number_pattern"))
    return TP_CERT_DEFAULT_PATTERN;
  return NULL;
}

/* The course's value, else the office's, else @fallback. */
static char *
course_setting_or (TpDb       *db,
                   const char *course_id,
                   const char *key,
                   const char *fallback)
{
  if (!is_blank (course_id))
    {
      g_autofree char *course_key = tp_certificates_course_key (course_id, key);
      char *value = tp_db_get_setting (db, course_key);

      if (!is_blank (value))
        return value;
      g_free (value);
    }
  return setting_or (db, key, fallback);
}

char *
tp_certificates_setting (TpDb       *db,
                         const char *course_id,
                         const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);
  return course_setting_or (db, course_id, key, setting_default (key));
}

typedef struct {
  char *parent_agency;
  char *issuer_name;
  char *issuer_code;
  char *place;
  char *signer_prefix;
  char *signer_title;
  char *signer_name;
  char *pattern;
  char *body_text;
  char *logo_path;
  char *background_path;
} Office;

static void
office_clear (Office *o)
{
  g_free (o->parent_agency);
  g_free (o->issuer_name);
  g_free (o->issuer_code);
  g_free (o->place);
  g_free (o->signer_prefix);
  g_free (o->signer_title);
  g_free (o->signer_name);
  g_free (o->pattern);
  g_free (o->body_text);
  g_free (o->logo_path);
  g_free (o->background_path);
}

static void
office_load (TpDb           *db,
             const TpCourse *course,
             const char     *date,
             Office         *o)
{
  g_autofree char *province_full = NULL;
  g_autofree char *province_short = NULL;
  g_autofree char *parent_default = NULL;

  if (!is_blank (course->province_code))
    {
      province_full = tp_refdata_province_name (db, course->province_code);
      province_short = query_text (db, "SELECT name FROM provinces WHERE code = ?1", course->province_code, NULL);
    }
  if (province_full != NULL)
    {
      /* Translators: the parent body printed above the issuing body,
       * e.g. "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU" (the province's full name is
       * appended). */
      g_autofree char *joined = g_strdup_printf ("%s %s", C_("certificate", "ỦY BAN NHÂN DÂN"), province_full);

      parent_default = g_utf8_strup (joined, -1);
    }

  /* What is printed may be set per course; the issuing body, its code and
   * the numbering stay the office's, so the register counts as one. */
  o->parent_agency = course_setting_or (db, course->id, "office.parent_agency", parent_default);
  o->issuer_name = tp_certificates_issuer_name (db, date);
  o->issuer_code = tp_certificates_issuer_code (db, date);
  o->place = course_setting_or (db, course->id, "office.place", province_short);
  o->signer_prefix = tp_certificates_setting (db, course->id, "office.signer_prefix");
  o->signer_title = tp_certificates_setting (db, course->id, "office.signer_title");
  o->signer_name = tp_certificates_setting (db, course->id, "office.signer_name");
  o->pattern = setting_or (db, "cert.number_pattern", TP_CERT_DEFAULT_PATTERN);
  o->body_text = tp_certificates_setting (db, course->id, "cert.body_text");
  o->logo_path = tp_certificates_setting (db, course->id, "cert.logo_path");
  o->background_path = tp_certificates_setting (db, course->id, "cert.background_path");
}

/* ---- numbers ----------------------------------------------------------- */

char *
tp_certificate_format_number (const char  *pattern,
                              const char  *issuer,
                              int          year,
                              int          seq,
                              GError     **error)
{
  g_autoptr(GString) out = g_string_new ("");
  gboolean has_seq = FALSE, has_year = FALSE;
  const char *p = pattern;

  if (is_blank (pattern))
    pattern = p = TP_CERT_DEFAULT_PATTERN;

  while (*p != '\0')
    {
      const char *close;
      g_autofree char *field = NULL;

      if (*p != '{')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      close = strchr (p, '}');
      if (close == NULL)
        {
          g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                       _("The register number pattern “%s” has a “{” without a closing “}”"), pattern);
          return NULL;
        }
      field = g_strndup (p + 1, close - p - 1);
      if (g_str_equal (field, "seq"))
        {
          g_string_append_printf (out, "%d", seq);
          has_seq = TRUE;
        }
      else if (g_str_has_prefix (field, "seq:0") && field[5] != '\0' &&
               strspn (field + 5, "0123456789") == strlen (field + 5) && strlen (field + 5) <= 2)
        {
          int width = atoi (field + 5);

          g_string_append_printf (out, "%0*d", CLAMP (width, 1, 12), seq);
          has_seq = TRUE;
        }
      else if (g_str_equal (field, "year"))
        {
          g_string_append_printf (out, "%04d", year);
          has_year = TRUE;
        }
      else if (g_str_equal (field, "issuer"))
        g_string_append (out, issuer != NULL ? issuer : "");
      else
        {
          g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                       _("The register number pattern “%s” has an unknown field “{%s}”; use {seq}, {seq:04}, {year} or {issuer}"),
                       pattern, field);
          return NULL;
        }
      p = close + 1;
    }

  if (!has_seq || !has_year)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                   _("The register number pattern “%s” needs both {seq} and {year}, so that numbers never repeat"),
                   pattern);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Next number for @issuer in @year, counted inside the caller's
 * transaction. Never below a number already in the register, even if the
 * counter row went missing (a restored or merged file). */
static int
next_seq (TpDb        *db,
          const char  *issuer,
          int          year,
          GError     **error)
{
  sqlite3_stmt *stmt;
  int seq = -1;
  int rc;

  stmt = tp_db_prepare (db,
                        "INSERT INTO certificate_counters (issuer, year, last_seq)"
                        " VALUES (?1, ?2, coalesce ((SELECT max (seq) FROM certificates WHERE issuer = ?1 AND year = ?2), 0) + 1)"
                        " ON CONFLICT (issuer, year) DO UPDATE SET last_seq ="
                        "  max (last_seq, coalesce ((SELECT max (seq) FROM certificates WHERE issuer = ?1 AND year = ?2), 0)) + 1"
                        " RETURNING last_seq",
                        error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, issuer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, year);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      seq = sqlite3_column_int (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      tp_db_set_error (db, rc, error);
      return -1;
    }
  return seq;
}

static guint32
random_u32 (void)
{
  guint32 value;

  if (getrandom (&value, sizeof value, 0) == sizeof value)
    return value;
  return g_random_int ();
}

static char *
new_verification_code (TpDb *db)
{
  static const char alphabet[] = TP_CERT_CODE_ALPHABET;
  const guint n = sizeof alphabet - 1;

  for (;;)
    {
      char code[TP_CERT_CODE_LENGTH + 1];
      g_autofree char *taken = NULL;

      for (guint i = 0; i < TP_CERT_CODE_LENGTH; i++)
        {
          guint32 r;

          /* Rejection sampling keeps every character equally likely. */
          do
            r = random_u32 ();
          while (r >= G_MAXUINT32 - (G_MAXUINT32 % n));
          code[i] = alphabet[r % n];
        }
      code[TP_CERT_CODE_LENGTH] = '\0';
      taken = query_text (db, "SELECT id FROM certificates WHERE verification_code = ?1", code, NULL);
      if (taken == NULL)
        return g_strdup (code);
    }
}

/* "AB0001234" + 2 → "AB0001236": the trailing digits count up, keeping
 * their width. */
static char *
serial_add (const char  *start,
            guint        offset,
            GError     **error)
{
  gsize len = strlen (start);
  gsize digits = 0;
  guint64 value;

  while (digits < len && g_ascii_isdigit (start[len - 1 - digits]))
    digits++;
  if (digits == 0 || digits > 18)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                   _("The starting serial “%s” must end in a number (for example AA0001234)"), start);
      return NULL;
    }
  value = g_ascii_strtoull (start + len - digits, NULL, 10) + offset;
  return g_strdup_printf ("%.*s%0*" G_GUINT64_FORMAT, (int) (len - digits), start, (int) digits, value);
}

/* ---- certificates ------------------------------------------------------ */

void
tp_certificate_free (TpCertificate *c)
{
  if (c == NULL)
    return;
  g_free (c->id);
  g_free (c->course_id);
  g_free (c->person_id);
  g_free (c->issuer);
  g_free (c->register_no);
  g_free (c->serial);
  g_free (c->issued_on);
  g_free (c->revoked_reason);
  g_free (c->replaces_id);
  g_free (c->verification_code);
  g_free (c->snapshot);
  g_free (c->snapshot_sha256);
  g_free (c->full_name);
  g_free (c->organization);
  g_free (c->course_code);
  g_free (c->course_title);
  g_free (c);
}

#define CERT_COLUMNS \
  "c.id, c.course_id, c.person_id, c.issuer, c.year, c.seq, c.register_no, c.serial," \
  " c.issued_on, c.status, c.revoked_reason, c.replaces_id, c.verification_code," \
  " c.snapshot, c.snapshot_sha256"

static TpCertificate *
certificate_from_row (sqlite3_stmt *stmt)
{
  TpCertificate *c = g_new0 (TpCertificate, 1);
  g_autoptr(TpCertSnapshot) snap = NULL;

  c->id = tp_sql_dup_text (stmt, 0);
  c->course_id = tp_sql_dup_text (stmt, 1);
  c->person_id = tp_sql_dup_text (stmt, 2);
  c->issuer = tp_sql_dup_text (stmt, 3);
  c->year = sqlite3_column_int (stmt, 4);
  c->seq = sqlite3_column_int (stmt, 5);
  c->register_no = tp_sql_dup_text (stmt, 6);
  c->serial = tp_sql_dup_text (stmt, 7);
  c->issued_on = tp_sql_dup_text (stmt, 8);
  if (!tp_cert_status_from_string ((const char *) sqlite3_column_text (stmt, 9), &c->status))
    c->status = TP_CERT_VALID;
  c->revoked_reason = tp_sql_dup_text (stmt, 10);
  c->replaces_id = tp_sql_dup_text (stmt, 11);
  c->verification_code = tp_sql_dup_text (stmt, 12);
  c->snapshot = tp_sql_dup_text (stmt, 13);
  c->snapshot_sha256 = tp_sql_dup_text (stmt, 14);

  snap = tp_cert_snapshot_from_json (c->snapshot, NULL);
  if (snap != NULL)
    {
      c->full_name = g_steal_pointer (&snap->full_name);
      c->birth_year = snap->birth_year;
      c->sex = snap->sex;
      c->organization = g_steal_pointer (&snap->organization);
      c->course_code = g_steal_pointer (&snap->course_code);
      c->course_title = g_steal_pointer (&snap->course_title);
    }
  return c;
}

static TpCertificate *
get_certificate_where (TpDb        *db,
                       const char  *where,
                       const char  *param,
                       GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " CERT_COLUMNS " FROM certificates c WHERE %s", where);
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, error);
  TpCertificate *c = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    c = certificate_from_row (stmt);
  sqlite3_finalize (stmt);
  return c;
}

TpCertificate *
tp_certificates_get (TpDb        *db,
                     const char  *id,
                     GError     **error)
{
  TpCertificate *c = get_certificate_where (db, "c.id = ?1", id, error);

  if (c == NULL && error != NULL && *error == NULL)
    g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND, _("No certificate with id “%s”"), id);
  return c;
}

TpCertificate *
tp_certificates_get_by_number (TpDb        *db,
                               const char  *register_no,
                               GError     **error)
{
  g_autofree char *nfc = tp_text_normalize (register_no);
  TpCertificate *c = NULL;

  if (nfc != NULL)
    c = get_certificate_where (db, "c.register_no = ?1", nfc, error);
  if (c == NULL && error != NULL && *error == NULL)
    g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                 _("No certificate with register number “%s”"), register_no != NULL ? register_no : "");
  return c;
}

TpCertificate *
tp_certificates_get_by_code (TpDb        *db,
                             const char  *code,
                             GError     **error)
{
  g_autoptr(GString) clean = g_string_new ("");
  TpCertificate *c = NULL;

  for (const char *p = code != NULL ? code : ""; *p != '\0'; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (clean, g_ascii_toupper (*p));

  if (clean->len == TP_CERT_CODE_LENGTH)
    c = get_certificate_where (db, "c.verification_code = ?1", clean->str, error);
  if (c == NULL && error != NULL && *error == NULL)
    g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                 _("No certificate has the verification code “%s”"), code != NULL ? code : "");
  return c;
}

TpCertSnapshot *
tp_certificate_load_snapshot (const TpCertificate  *cert,
                              GError              **error)
{
  g_autofree char *sum = NULL;
  TpCertSnapshot *snap;

  if (cert->snapshot == NULL)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_CORRUPT,
                   _("Certificate %s has no stored copy to print from"), cert->register_no);
      return NULL;
    }
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, cert->snapshot, -1);
  if (g_strcmp0 (sum, cert->snapshot_sha256) != 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_CORRUPT,
                   _("The stored copy of certificate %s was changed after issuing (its SHA-256 does not match)"),
                   cert->register_no);
      return NULL;
    }
  snap = tp_cert_snapshot_from_json (cert->snapshot, error);
  if (snap != NULL)
    snap->revoked = cert->status == TP_CERT_REVOKED;
  return snap;
}

/* ---- issuing ----------------------------------------------------------- */

static TpCertSnapshot *
build_snapshot (TpDb           *db,
                const TpCourse *course,
                const TpPerson *person,
                const Office   *office,
                const char     *issue_date)
{
  TpCertSnapshot *s = g_new0 (TpCertSnapshot, 1);

  s->full_name = g_strdup (person->full_name);
  s->birth_date = g_strdup (person->birth_date);
  s->birth_year = person->birth_year;
  s->sex = person->sex;
  s->organization = g_strdup (person->organization);
  s->position = g_strdup (person->position);
  s->course_code = g_strdup (course->code);
  s->course_title = g_strdup (course->title);
  s->course_type = tp_refdata_course_type_name_vi (db, course->type_id);
  s->start_date = g_strdup (course->start_date);
  s->end_date = g_strdup (course->end_date);
  s->venue = g_strdup (course->venue);
  s->place = g_strdup (office->place);
  s->parent_agency = g_strdup (office->parent_agency);
  s->issuer_name = g_strdup (office->issuer_name);
  s->signer_prefix = g_strdup (office->signer_prefix);
  s->signer_title = g_strdup (office->signer_title);
  s->signer_name = g_strdup (office->signer_name);
  s->body_text = g_strdup (office->body_text);
  s->logo_path = g_strdup (office->logo_path);
  s->background_path = g_strdup (office->background_path);
  s->issue_date = g_strdup (issue_date);
  return s;
}

TpCertSnapshot *
tp_certificates_draft_snapshot (TpDb        *db,
                                const char  *course_id,
                                const char  *person_id,
                                const char  *issue_date,
                                GError     **error)
{
  g_autoptr(TpCourse) course = tp_store_get_course (db, course_id, error);
  g_autoptr(TpPerson) person = NULL;
  g_autofree char *date = is_blank (issue_date) ? today_iso () : g_strdup (issue_date);
  Office office = { 0 };
  TpCertSnapshot *s;

  if (course == NULL)
    return NULL;
  person = tp_store_get_person (db, person_id, error);
  if (person == NULL)
    return NULL;
  office_load (db, course, date, &office);
  s = build_snapshot (db, course, person, &office, date);
  office_clear (&office);
  return s;
}

typedef struct {
  char   *issue_date;
  int     year;
  char   *serial_start;   /* NULL = no serials */
  guint   serials_used;
} IssueRun;

static void
issue_run_clear (IssueRun *run)
{
  g_free (run->issue_date);
  g_free (run->serial_start);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IssueRun, issue_run_clear)

static gboolean
issue_run_init (TpDb                 *db,
                const TpIssueOptions *options,
                IssueRun             *run,
                GError              **error)
{
  const char *date = options != NULL ? options->issue_date : NULL;
  const char *serial = options != NULL ? options->serial_start : NULL;

  run->issue_date = is_blank (date) ? today_iso () : g_strdup (date);
  {
    g_autofree char *problem = tp_check_date (run->issue_date);

    if (problem != NULL)
      {
        g_set_error (error, TP_ERROR, TP_ERROR_INVALID, _("Issue date “%s”: %s"), run->issue_date, problem);
        return FALSE;
      }
  }
  run->year = atoi (run->issue_date);
  run->serial_start = is_blank (serial) ? tp_db_get_setting (db, "cert.next_serial") : tp_text_normalize (serial);
  if (is_blank (run->serial_start))
    g_clear_pointer (&run->serial_start, g_free);
  if (run->serial_start != NULL)
    {
      g_autofree char *check = serial_add (run->serial_start, 0, error);

      if (check == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Inserts one certificate inside the caller's transaction. */
static TpCertificate *
issue_one (TpDb           *db,
           const TpCourse *course,
           const char     *person_id,
           const Office   *office,
           IssueRun       *run,
           const char     *replaces_id,
           GError        **error)
{
  g_autoptr(TpPerson) person = tp_store_get_person (db, person_id, error);
  g_autoptr(TpCertSnapshot) snap = NULL;
  g_autofree char *id = tp_uuid_new ();
  g_autofree char *now = tp_now_iso ();
  g_autofree char *number = NULL;
  g_autofree char *json = NULL;
  g_autofree char *sum = NULL;
  sqlite3_stmt *stmt;
  int seq;

  if (person == NULL)
    return NULL;
  seq = next_seq (db, office->issuer_code, run->year, error);
  if (seq < 0)
    return NULL;
  number = tp_certificate_format_number (office->pattern, office->issuer_code, run->year, seq, error);
  if (number == NULL)
    return NULL;

  snap = build_snapshot (db, course, person, office, run->issue_date);
  snap->register_no = g_strdup (number);
  snap->verification_code = new_verification_code (db);
  if (run->serial_start != NULL)
    {
      snap->serial = serial_add (run->serial_start, run->serials_used, error);
      if (snap->serial == NULL)
        return NULL;
      run->serials_used++;
    }
  json = tp_cert_snapshot_to_json (snap);
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, json, -1);

  stmt = tp_db_prepare (db,
                        "INSERT INTO certificates (id, course_id, person_id, issuer, year, seq, register_no,"
                        "  serial, issued_on, signer, status, replaces_id, verification_code, snapshot,"
                        "  snapshot_sha256, created_at, updated_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'valid', ?11, ?12, ?13, ?14, ?15, ?15)",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, course->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, person_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, office->issuer_code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 5, run->year);
  sqlite3_bind_int (stmt, 6, seq);
  sqlite3_bind_text (stmt, 7, number, -1, SQLITE_TRANSIENT);
  tp_sql_bind_text (stmt, 8, snap->serial);
  sqlite3_bind_text (stmt, 9, run->issue_date, -1, SQLITE_TRANSIENT);
  tp_sql_bind_text (stmt, 10, office->signer_name);
  tp_sql_bind_text (stmt, 11, replaces_id);
  sqlite3_bind_text (stmt, 12, snap->verification_code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 13, json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 14, sum, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 15, now, -1, SQLITE_TRANSIENT);
  {
    int rc = sqlite3_step (stmt);

    sqlite3_finalize (stmt);
    if (rc == SQLITE_CONSTRAINT)
      {
        g_set_error (error, TP_ERROR, TP_ERROR_CONFLICT,
                     _("Register number %s is already taken; check the number pattern in Preferences (it may need {issuer})"),
                     number);
        return NULL;
      }
    if (rc != SQLITE_DONE)
      {
        tp_db_set_error (db, rc, error);
        return NULL;
      }
  }
  return tp_certificates_get (db, id, error);
}

static gboolean
finish_serials (TpDb      *db,
                IssueRun  *run,
                GError   **error)
{
  g_autofree char *next = NULL;

  if (run->serial_start == NULL || run->serials_used == 0)
    return TRUE;
  next = serial_add (run->serial_start, run->serials_used, error);
  return next != NULL && tp_db_set_setting (db, "cert.next_serial", next, error);
}

gboolean
tp_certificates_issue (TpDb                  *db,
                       const char            *course_id,
                       const TpIssueOptions  *options,
                       GPtrArray            **issued,
                       GError               **error)
{
  g_autoptr(TpCourse) course = NULL;
  g_autoptr(GPtrArray) eligibility = NULL;
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_certificate_free);
  g_auto(IssueRun) run = { 0 };
  Office office = { 0 };
  gboolean ok = FALSE;

  if (issued != NULL)
    *issued = NULL;
  course = tp_store_get_course (db, course_id, error);
  if (course == NULL)
    return FALSE;
  if (!issue_run_init (db, options, &run, error))
    return FALSE;
  if (!tp_db_begin (db, error))
    return FALSE;

  office_load (db, course, run.issue_date, &office);
  {
    /* Check the pattern once before numbering anyone. */
    g_autofree char *probe = tp_certificate_format_number (office.pattern, office.issuer_code, run.year, 1, error);

    if (probe == NULL)
      goto out;
  }

  /* Computed inside the transaction: what is issued matches what was
   * counted, even if attendance is being marked elsewhere. */
  eligibility = compute_eligibility (db, course, error);
  if (eligibility == NULL)
    goto out;

  for (guint i = 0; i < eligibility->len; i++)
    {
      TpEligibility *e = g_ptr_array_index (eligibility, i);
      TpCertificate *cert;

      if (!e->eligible || e->certificate_id != NULL)
        continue;
      cert = issue_one (db, course, e->person_id, &office, &run, NULL, error);
      if (cert == NULL)
        goto out;
      g_ptr_array_add (made, cert);
    }
  if (!finish_serials (db, &run, error))
    goto out;
  ok = TRUE;

out:
  office_clear (&office);
  if (!ok)
    {
      tp_db_rollback (db);
      return FALSE;
    }
  if (!tp_db_commit (db, error))
    return FALSE;
  if (issued != NULL)
    *issued = g_steal_pointer (&made);
  return TRUE;
}

static gboolean
set_revoked (TpDb        *db,
             const char  *certificate_id,
             const char  *reason,
             GError     **error)
{
  g_autofree char *now = tp_now_iso ();
  sqlite3_stmt *stmt;

  stmt = tp_db_prepare (db,
                        "UPDATE certificates SET status = 'revoked', revoked_reason = ?2, updated_at = ?3"
                        " WHERE id = ?1 AND status = 'valid'",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, certificate_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  return tp_sql_run (db, stmt, error);
}

static TpCertificate *
check_revocable (TpDb        *db,
                 const char  *certificate_id,
                 const char  *reason,
                 GError     **error)
{
  g_autoptr(TpCertificate) cert = tp_certificates_get (db, certificate_id, error);

  if (cert == NULL)
    return NULL;
  if (cert->status == TP_CERT_REVOKED)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_CONFLICT,
                   _("Certificate %s is already revoked (%s)"), cert->register_no,
                   cert->revoked_reason != NULL ? cert->revoked_reason : "");
      return NULL;
    }
  if (is_blank (reason))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                   _("Give a reason for revoking certificate %s; it is kept in the register"), cert->register_no);
      return NULL;
    }
  return g_steal_pointer (&cert);
}

gboolean
tp_certificates_revoke (TpDb        *db,
                        const char  *certificate_id,
                        const char  *reason,
                        GError     **error)
{
  g_autofree char *nfc = tp_text_normalize (reason);
  g_autoptr(TpCertificate) cert = NULL;

  if (!tp_db_begin (db, error))
    return FALSE;
  cert = check_revocable (db, certificate_id, nfc, error);
  if (cert == NULL || !set_revoked (db, certificate_id, nfc, error))
    {
      tp_db_rollback (db);
      return FALSE;
    }
  return tp_db_commit (db, error);
}

TpCertificate *
tp_certificates_reissue (TpDb                  *db,
                         const char            *certificate_id,
                         const char            *reason,
                         const TpIssueOptions  *options,
                         GError               **error)
{
  g_autofree char *nfc = tp_text_normalize (reason);
  g_autoptr(TpCertificate) original = NULL;
  g_autoptr(TpCourse) course = NULL;
  g_autoptr(TpCertificate) fresh = NULL;
  g_autofree char *why = NULL;
  g_auto(IssueRun) run = { 0 };
  Office office = { 0 };

  if (!issue_run_init (db, options, &run, error))
    return NULL;
  if (!tp_db_begin (db, error))
    return NULL;
  original = check_revocable (db, certificate_id, nfc, error);
  if (original != NULL)
    course = tp_store_get_course (db, original->course_id, error);
  if (course != NULL)
    {
      office_load (db, course, run.issue_date, &office);
      fresh = issue_one (db, course, original->person_id, &office, &run, original->id, error);
      office_clear (&office);
    }
  if (fresh != NULL)
    {
      /* Translators: the reason kept on a revoked certificate that was
       * replaced: "Reissued as 0007/2026/GCN: name misspelt". */
      why = g_strdup_printf (_("Reissued as %s: %s"), fresh->register_no, nfc);
    }
  if (fresh == NULL || !set_revoked (db, original->id, why, error) || !finish_serials (db, &run, error))
    {
      tp_db_rollback (db);
      return NULL;
    }
  if (!tp_db_commit (db, error))
    return NULL;
  return g_steal_pointer (&fresh);
}

GPtrArray *
tp_certificates_list (TpDb        *db,
                      const char  *course_id,
                      const char  *search,
                      GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_certificate_free);
  g_autofree char *needle = is_blank (search) ? NULL : tp_text_fold (search);
  sqlite3_stmt *stmt;

  stmt = tp_db_prepare (db,
                        "SELECT " CERT_COLUMNS " FROM certificates c"
                        " WHERE (?1 IS NULL OR c.course_id = ?1)"
                        " ORDER BY c.year, c.issuer, c.seq",
                        error);
  if (stmt == NULL)
    return NULL;
  tp_sql_bind_text (stmt, 1, course_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(TpCertificate) c = certificate_from_row (stmt);

      if (needle != NULL)
        {
          g_autofree char *hay_text = g_strjoin (" ", c->full_name ? c->full_name : "", c->register_no,
                                                 c->serial ? c->serial : "", c->verification_code,
                                                 c->organization ? c->organization : "",
                                                 c->course_code ? c->course_code : "", NULL);
          g_autofree char *hay = tp_text_fold (hay_text);

          if (!tp_text_matches (hay, needle))
            continue;
        }
      g_ptr_array_add (list, g_steal_pointer (&c));
    }
  sqlite3_finalize (stmt);
  return g_steal_pointer (&list);
}

/* ---- CSV --------------------------------------------------------------- */

static void
csv_field (GString    *out,
           const char *value,
           gboolean    last)
{
  const char *v = value != NULL ? value : "";

  if (strpbrk (v, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = v; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, v);
  g_string_append (out, last ? "\r\n" : ",");
}

static char *
date_dmy (const char *iso)
{
  int y, m, d;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3)
    return g_strdup (iso != NULL ? iso : "");
  return g_strdup_printf ("%02d/%02d/%04d", d, m, y);
}

gboolean
tp_certificates_export_csv (TpDb        *db,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(GPtrArray) certs = tp_certificates_list (db, NULL, NULL, error);
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");
  const char *headers[] = {
    /* Translators: columns of the certificate register (sổ cấp giấy
     * chứng nhận) exported as CSV. */
    N_("No."), N_("Register number"), N_("Serial"), N_("Full name"), N_("Birth year"),
    N_("Sex"), N_("Organisation"), N_("Course code"), N_("Course"), N_("Issue date"),
    N_("Status"), N_("Notes"), N_("Verification code"),
  };

  if (certs == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    csv_field (out, _(headers[i]), i + 1 == G_N_ELEMENTS (headers));
  for (guint i = 0; i < certs->len; i++)
    {
      TpCertificate *c = g_ptr_array_index (certs, i);
      g_autofree char *stt = g_strdup_printf ("%u", i + 1);
      g_autofree char *year = c->birth_year > 0 ? g_strdup_printf ("%d", c->birth_year) : NULL;
      g_autofree char *date = date_dmy (c->issued_on);
      g_autofree char *notes = NULL;

      if (c->replaces_id != NULL)
        {
          g_autoptr(TpCertificate) orig = tp_certificates_get (db, c->replaces_id, NULL);

          notes = g_strdup_printf (_("Replaces %s"), orig != NULL ? orig->register_no : c->replaces_id);
        }
      if (c->status == TP_CERT_REVOKED)
        {
          g_autofree char *prev = g_steal_pointer (&notes);

          notes = g_strjoin ("; ", c->revoked_reason ? c->revoked_reason : "", prev, NULL);
        }

      csv_field (out, stt, FALSE);
      csv_field (out, c->register_no, FALSE);
      csv_field (out, c->serial, FALSE);
      csv_field (out, c->full_name, FALSE);
      csv_field (out, year, FALSE);
      csv_field (out, c->sex != TP_SEX_UNKNOWN ? tp_sex_label (c->sex) : "", FALSE);
      csv_field (out, c->organization, FALSE);
      csv_field (out, c->course_code, FALSE);
      csv_field (out, c->course_title, FALSE);
      csv_field (out, date, FALSE);
      csv_field (out, c->status == TP_CERT_VALID ? _("Valid") : _("Revoked"), FALSE);
      csv_field (out, notes, FALSE);
      csv_field (out, c->verification_code, TRUE);
    }

  if (!g_file_set_contents_full (path, out->str, out->len, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  return TRUE;
}

/* ---- the trainer cascade ----------------------------------------------- */

char *
tp_certificates_make_trainer (TpDb        *db,
                              const char  *certificate_id,
                              GError     **error)
{
  g_autoptr(TpCertificate) cert = tp_certificates_get (db, certificate_id, error);
  g_autoptr(TpCourse) course = NULL;
  g_autofree char *existing = NULL;
  g_autofree char *now = tp_now_iso ();
  char *profile_id;
  sqlite3_stmt *stmt;

  if (cert == NULL)
    return NULL;
  if (cert->status != TP_CERT_VALID)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                   _("Certificate %s is revoked and cannot make its holder a source trainer"), cert->register_no);
      return NULL;
    }
  course = tp_store_get_course (db, cert->course_id, error);
  if (course == NULL)
    return NULL;
  if (!tp_refdata_course_type_is_tot (db, course->type_id))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                   _("Course %s is not a trainer-of-trainers course, so its certificate does not make a source trainer"),
                   course->code);
      return NULL;
    }

  if (!tp_db_begin (db, error))
    return NULL;
  existing = query_text (db, "SELECT id FROM trainer_profiles WHERE person_id = ?1", cert->person_id, NULL);
  if (existing != NULL)
    {
      stmt = tp_db_prepare (db,
                            "UPDATE trainer_profiles SET source_certificate_id = ?2, updated_at = ?3"
                            " WHERE id = ?1 AND source_certificate_id IS NOT ?2",
                            error);
      profile_id = g_strdup (existing);
    }
  else
    {
      stmt = tp_db_prepare (db,
                            "INSERT INTO trainer_profiles (id, person_id, source_certificate_id, created_at, updated_at)"
                            " VALUES (?1, ?4, ?2, ?3, ?3)",
                            error);
      profile_id = tp_uuid_new ();
    }
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, profile_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, cert->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
      if (existing == NULL)
        sqlite3_bind_text (stmt, 4, cert->person_id, -1, SQLITE_TRANSIENT);
    }
  if (stmt == NULL || !tp_sql_run (db, stmt, error) || !tp_db_commit (db, error))
    {
      if (tp_db_in_transaction (db))
        tp_db_rollback (db);
      g_free (profile_id);
      return NULL;
    }
  return profile_id;
}

static void
cascade_item_free (TpCascadeItem *item)
{
  g_free (item->id);
  g_free (item->label);
  g_free (item);
}

void
tp_cascade_free (TpCascade *c)
{
  if (c == NULL)
    return;
  g_clear_pointer (&c->direct_courses, g_ptr_array_unref);
  g_clear_pointer (&c->direct_reached, g_ptr_array_unref);
  g_clear_pointer (&c->trainers, g_ptr_array_unref);
  g_clear_pointer (&c->courses, g_ptr_array_unref);
  g_clear_pointer (&c->reached, g_ptr_array_unref);
  g_clear_pointer (&c->second_trainers, g_ptr_array_unref);
  g_clear_pointer (&c->second_generation, g_ptr_array_unref);
  g_free (c);
}

static GHashTable *
id_set_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* Adds the first column of @sql, run once per id in @from, to @into. */
static void
collect (TpDb       *db,
         const char *sql,
         GHashTable *from,
         GHashTable *into)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, NULL);
  GHashTableIter iter;
  gpointer key;

  if (stmt == NULL)
    return;
  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_hash_table_add (into, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    }
  sqlite3_finalize (stmt);
}

static GHashTable *
courses_taught_by (TpDb       *db,
                   GHashTable *trainers)
{
  GHashTable *courses = id_set_new ();

  collect (db,
           "SELECT course_id FROM course_trainers WHERE person_id = ?1"
           " UNION SELECT course_id FROM sessions WHERE trainer_id = ?1",
           trainers, courses);
  return courses;
}

static GHashTable *
trainers_produced_by (TpDb       *db,
                      GHashTable *courses,
                      GHashTable *exclude)
{
  GHashTable *trainers = id_set_new ();
  GHashTableIter iter;
  gpointer key;

  collect (db,
           "SELECT t.person_id FROM trainer_profiles t JOIN certificates c ON c.id = t.source_certificate_id"
           " WHERE c.course_id = ?1",
           courses, trainers);
  g_hash_table_iter_init (&iter, exclude);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_remove (trainers, key);
  return trainers;
}

static GHashTable *
people_reached_in (TpDb       *db,
                   GHashTable *courses)
{
  GHashTable *people = id_set_new ();

  collect (db, "SELECT person_id FROM enrolments WHERE course_id = ?1 AND status != 'withdrawn'", courses, people);
  return people;
}

typedef struct {
  TpCascadeItem *item;
  char          *key;
} SortedItem;

static int
sorted_item_compare (gconstpointer a,
                     gconstpointer b)
{
  const SortedItem *x = *(SortedItem **) a;
  const SortedItem *y = *(SortedItem **) b;

  return g_strcmp0 (x->key, y->key);
}

/* The ids of @set as items, people in Vietnamese name order, courses by
 * start date. */
static GPtrArray *
items_from_set (TpDb       *db,
                GHashTable *set,
                gboolean    courses)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) cascade_item_free);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  sqlite3_stmt *stmt;
  GHashTableIter iter;
  gpointer key;

  stmt = tp_db_prepare (db,
                        courses ? "SELECT code || ' — ' || title, start_date || code FROM courses WHERE id = ?1"
                                : "SELECT full_name, hex (sort_key) || id FROM people WHERE id = ?1",
                        NULL);
  if (stmt == NULL)
    return items;
  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          SortedItem *s = g_new0 (SortedItem, 1);

          s->item = g_new0 (TpCascadeItem, 1);
          s->item->id = g_strdup (key);
          s->item->label = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          s->key = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
          g_ptr_array_add (sorted, s);
        }
    }
  sqlite3_finalize (stmt);
  g_ptr_array_sort (sorted, sorted_item_compare);
  for (guint i = 0; i < sorted->len; i++)
    {
      SortedItem *s = g_ptr_array_index (sorted, i);

      g_ptr_array_add (items, s->item);
      g_free (s->key);
      g_free (s);
    }
  return items;
}

static void
set_union (GHashTable *into,
           GHashTable *from)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, from);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_add (into, g_strdup (key));
}

/* root_courses: a trainer's own courses, or the ToT course itself.
 * seen_trainers: who is never counted as "produced" (the root trainer). */
static TpCascade *
cascade_from (TpDb       *db,
              GHashTable *root_courses,
              GHashTable *seen_trainers)
{
  TpCascade *c = g_new0 (TpCascade, 1);
  g_autoptr(GHashTable) direct_reached = people_reached_in (db, root_courses);
  g_autoptr(GHashTable) trainers = trainers_produced_by (db, root_courses, seen_trainers);
  g_autoptr(GHashTable) courses = NULL;
  g_autoptr(GHashTable) reached = NULL;
  g_autoptr(GHashTable) second_trainers = NULL;
  g_autoptr(GHashTable) second_courses = NULL;
  g_autoptr(GHashTable) second_generation = NULL;

  set_union (seen_trainers, trainers);
  courses = courses_taught_by (db, trainers);
  reached = people_reached_in (db, courses);
  second_trainers = trainers_produced_by (db, courses, seen_trainers);
  second_courses = courses_taught_by (db, second_trainers);
  second_generation = people_reached_in (db, second_courses);

  c->direct_courses = items_from_set (db, root_courses, TRUE);
  c->direct_reached = items_from_set (db, direct_reached, FALSE);
  c->trainers = items_from_set (db, trainers, FALSE);
  c->courses = items_from_set (db, courses, TRUE);
  c->reached = items_from_set (db, reached, FALSE);
  c->second_trainers = items_from_set (db, second_trainers, FALSE);
  c->second_generation = items_from_set (db, second_generation, FALSE);
  return c;
}

TpCascade *
tp_cascade_for_trainer (TpDb        *db,
                        const char  *person_id,
                        GError     **error)
{
  g_autoptr(TpPerson) person = tp_store_get_person (db, person_id, error);
  g_autoptr(GHashTable) root = id_set_new ();
  g_autoptr(GHashTable) courses = NULL;

  if (person == NULL)
    return NULL;
  g_hash_table_add (root, g_strdup (person_id));
  courses = courses_taught_by (db, root);
  return cascade_from (db, courses, root);
}

TpCascade *
tp_cascade_for_course (TpDb        *db,
                       const char  *course_id,
                       GError     **error)
{
  g_autoptr(TpCourse) course = tp_store_get_course (db, course_id, error);
  g_autoptr(GHashTable) root = id_set_new ();
  g_autoptr(GHashTable) seen = id_set_new ();

  if (course == NULL)
    return NULL;
  g_hash_table_add (root, g_strdup (course_id));
  return cascade_from (db, root, seen);
}
