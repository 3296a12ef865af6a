/* tp-store.c: validation and the reads and writes of people, courses,
 * sessions, trainers, enrolments and attendance. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "tp-backup.h"
#include "tp-refdata.h"
#include "tp-store.h"
#include "tp-store-private.h"
#include "tp-text.h"

/* ---- statement helpers ------------------------------------------------- */

void
tp_sql_bind_text (sqlite3_stmt *stmt,
                  int           col,
                  const char   *value)
{
  if (value == NULL || *value == '\0')
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_text (stmt, col, value, -1, SQLITE_TRANSIENT);
}

char *
tp_sql_dup_text (sqlite3_stmt *stmt,
                 int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

gboolean
tp_sql_run (TpDb          *db,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return tp_db_set_error (db, rc, error);
  return TRUE;
}

gboolean
tp_sql_run_cached (TpDb          *db,
                   sqlite3_stmt  *stmt,
                   GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return tp_db_set_error (db, rc, error);
  return TRUE;
}

static void
bind_double_or_null (sqlite3_stmt *stmt,
                     int           col,
                     double        value)
{
  if (value < 0)
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_double (stmt, col, value);
}

static double
column_double_or_none (sqlite3_stmt *stmt,
                       int           col)
{
  if (sqlite3_column_type (stmt, col) == SQLITE_NULL)
    return -1;
  return sqlite3_column_double (stmt, col);
}

/* Replaces *field with its NFC form ("" becomes NULL). */
static void
normalize_field (char **field)
{
  char *nfc;

  if (*field == NULL)
    return;
  nfc = tp_text_normalize (*field);
  g_free (*field);
  *field = (nfc != NULL && *nfc != '\0') ? nfc : (g_free (nfc), NULL);
}

static gboolean
is_blank (const char *s)
{
  return s == NULL || *s == '\0';
}

/* ---- validation -------------------------------------------------------- */

void
tp_field_error_free (TpFieldError *e)
{
  if (e == NULL)
    return;
  g_free (e->field);
  g_free (e->message);
  g_free (e);
}

static GPtrArray *
field_errors_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) tp_field_error_free);
}

static void
add_error (GPtrArray  *errors,
           const char *field,
           char       *message)  /* takes ownership; NULL = no error */
{
  TpFieldError *e;

  if (message == NULL)
    return;
  e = g_new0 (TpFieldError, 1);
  e->field = g_strdup (field);
  e->message = message;
  g_ptr_array_add (errors, e);
}

gboolean
tp_field_errors_to_gerror (GPtrArray  *errors,
                           GError    **error)
{
  g_autoptr(GString) text = NULL;

  if (errors == NULL || errors->len == 0)
    return TRUE;
  text = g_string_new (NULL);
  for (guint i = 0; i < errors->len; i++)
    {
      TpFieldError *e = g_ptr_array_index (errors, i);
      if (i > 0)
        g_string_append (text, "; ");
      g_string_append_printf (text, "%s: %s", e->field, e->message);
    }
  g_set_error_literal (error, TP_ERROR, TP_ERROR_INVALID, text->str);
  return FALSE;
}

static int
current_year (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_get_year (now);
}

char *
tp_check_birth_year (int year)
{
  int now = current_year ();

  if (year == 0)
    return NULL;
  if (year < 1900 || year > now)
    return g_strdup_printf (_("Birth year %d is out of range (1900 to %d)"), year, now);
  return NULL;
}

char *
tp_check_national_id (const char *id)
{
  if (is_blank (id))
    return NULL;
  if (strlen (id) != 12 || strspn (id, "0123456789") != 12)
    return g_strdup_printf (_("The national ID number “%s” must have exactly 12 digits"), id);
  return NULL;
}

char *
tp_check_email (const char *email)
{
  const char *at;
  const char *dot;

  if (is_blank (email))
    return NULL;
  at = strchr (email, '@');
  dot = at != NULL ? strrchr (at, '.') : NULL;
  if (at == NULL || at == email || strchr (at + 1, '@') != NULL || dot == NULL ||
      dot == at + 1 || dot[1] == '\0' || strchr (email, ' ') != NULL)
    return g_strdup_printf (_("“%s” is not an e-mail address"), email);
  return NULL;
}

/* Vietnamese numbers: mobiles have 10 digits (03, 05, 07, 08, 09),
 * landlines 11 (02 + area code); +84 / 84 replaces the leading 0. Spaces, dots and
 * dashes are allowed as separators. */
char *
tp_check_phone (const char *phone)
{
  g_autoptr(GString) digits = NULL;
  const char *p;
  const char *national;

  if (is_blank (phone))
    return NULL;
  digits = g_string_new (NULL);
  for (p = phone; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == '+' && p == phone)
        continue;
      else if (*p != ' ' && *p != '.' && *p != '-' && *p != '(' && *p != ')')
        return g_strdup_printf (_("“%s” is not a Vietnamese phone number"), phone);
    }
  national = digits->str;
  if (g_str_has_prefix (national, "84") && digits->len >= 11)
    {
      /* +84 drops the leading 0. */
      g_string_erase (digits, 0, 2);
      g_string_prepend_c (digits, '0');
      national = digits->str;
    }
  /* Mobile: 10 digits, 03/05/07/08/09. Landline: 11 digits, 02. */
  if (digits->len == 10 && national[0] == '0' && strchr ("35789", national[1]) != NULL)
    return NULL;
  if (digits->len == 11 && national[0] == '0' && national[1] == '2')
    return NULL;
  return g_strdup_printf (_("“%s” is not a Vietnamese phone number (10 digits for a mobile, 11 for a landline, or +84)"), phone);
}

char *
tp_check_date (const char *date)
{
  int y, m, d;
  char tail;

  if (is_blank (date))
    return NULL;
  if (strlen (date) != 10 || sscanf (date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      date[4] != '-' || date[7] != '-' || !g_date_valid_dmy (d, m, y))
    return g_strdup_printf (_("“%s” is not a valid date (expected YYYY-MM-DD)"), date);
  return NULL;
}

GPtrArray *
tp_person_validate (const TpPerson *p)
{
  GPtrArray *errors = field_errors_new ();
  g_autofree char *name = p->full_name != NULL ? tp_text_normalize (p->full_name) : NULL;

  if (is_blank (name))
    add_error (errors, "full_name", g_strdup (_("The name is required")));
  if (p->sex != TP_SEX_FEMALE && p->sex != TP_SEX_MALE)
    add_error (errors, "sex", g_strdup (_("Choose female or male")));
  add_error (errors, "birth_year", tp_check_birth_year (p->birth_year));
  if (!is_blank (p->birth_date))
    {
      char *msg = tp_check_date (p->birth_date);
      if (msg == NULL && p->birth_year != 0 && atoi (p->birth_date) != p->birth_year)
        msg = g_strdup_printf (_("The birth date %s does not match the birth year %d"),
                               p->birth_date, p->birth_year);
      if (msg == NULL)
        msg = tp_check_birth_year (atoi (p->birth_date));
      add_error (errors, "birth_date", msg);
    }
  add_error (errors, "national_id", tp_check_national_id (p->national_id));
  add_error (errors, "email", tp_check_email (p->email));
  add_error (errors, "phone", tp_check_phone (p->phone));
  if (!is_blank (p->consent_date))
    add_error (errors, "consent_date", tp_check_date (p->consent_date));
  return errors;
}

GPtrArray *
tp_course_validate (const TpCourse *c)
{
  GPtrArray *errors = field_errors_new ();
  char *msg;

  if (is_blank (c->code))
    add_error (errors, "code", g_strdup (_("The course code is required")));
  if (is_blank (c->title))
    add_error (errors, "title", g_strdup (_("The course title is required")));
  if (is_blank (c->type_id))
    add_error (errors, "type", g_strdup (_("Choose the type of course")));
  if (is_blank (c->start_date))
    add_error (errors, "start_date", g_strdup (_("The start date is required")));
  else
    add_error (errors, "start_date", tp_check_date (c->start_date));
  if (is_blank (c->end_date))
    add_error (errors, "end_date", g_strdup (_("The end date is required")));
  else if ((msg = tp_check_date (c->end_date)) != NULL)
    add_error (errors, "end_date", msg);
  else if (!is_blank (c->start_date) && tp_check_date (c->start_date) == NULL &&
           strcmp (c->end_date, c->start_date) < 0)
    add_error (errors, "end_date",
               g_strdup_printf (_("The end date %s is before the start date %s"), c->end_date, c->start_date));
  if (c->completion_threshold < 0 || c->completion_threshold > 100)
    add_error (errors, "completion_threshold",
               g_strdup_printf (_("The completion threshold %d%% must be between 0 and 100"), c->completion_threshold));
  if (c->pass_mark > 10)
    add_error (errors, "pass_mark",
               g_strdup_printf (_("The pass mark %.1f must be between 0 and 10"), c->pass_mark));
  if (c->daily_allowance < 0)
    add_error (errors, "daily_allowance", g_strdup (_("The daily allowance cannot be negative")));
  for (guint i = 0; c->budget != NULL && i < c->budget->len; i++)
    {
      const TpBudgetLine *b = g_ptr_array_index (c->budget, i);
      g_autofree char *field = g_strdup_printf ("budget[%u]", i);

      if (is_blank (b->source_id))
        add_error (errors, field, g_strdup (_("A budget line needs a funding source")));
      else if (b->planned < -1 || b->actual < -1)
        add_error (errors, field, g_strdup (_("Budget amounts cannot be negative")));
    }
  return errors;
}

GPtrArray *
tp_session_validate (const TpSession *s,
                     const TpCourse  *course)
{
  GPtrArray *errors = field_errors_new ();
  char *msg;

  if (is_blank (s->date))
    add_error (errors, "date", g_strdup (_("The session date is required")));
  else if ((msg = tp_check_date (s->date)) != NULL)
    add_error (errors, "date", msg);
  else if (course != NULL && !is_blank (course->start_date) && !is_blank (course->end_date) &&
           (strcmp (s->date, course->start_date) < 0 || strcmp (s->date, course->end_date) > 0))
    add_error (errors, "date",
               g_strdup_printf (_("The session on %s is outside the course dates (%s to %s)"),
                                s->date, course->start_date, course->end_date));
  if ((guint) s->part > TP_PART_FULL_DAY)
    add_error (errors, "part", g_strdup (_("Choose morning, afternoon or full day")));
  return errors;
}

/* ---- people ------------------------------------------------------------ */

static void
normalize_person (TpPerson *p)
{
  normalize_field (&p->full_name);
  normalize_field (&p->family_name);
  normalize_field (&p->middle_name);
  normalize_field (&p->given_name);
  normalize_field (&p->sort_name);
  normalize_field (&p->birth_date);
  normalize_field (&p->ethnicity_id);
  normalize_field (&p->national_id);
  normalize_field (&p->phone);
  normalize_field (&p->email);
  normalize_field (&p->organization);
  normalize_field (&p->position);
  normalize_field (&p->province_code);
  normalize_field (&p->commune_code);
  normalize_field (&p->admin_version);
  normalize_field (&p->target_group);
  normalize_field (&p->consent_date);
  normalize_field (&p->consent_method);

  if (p->family_name == NULL && p->middle_name == NULL && p->given_name == NULL && p->full_name != NULL)
    tp_text_split_name (p->full_name, &p->family_name, &p->middle_name, &p->given_name);
  if (p->birth_date != NULL && p->birth_year == 0)
    p->birth_year = atoi (p->birth_date);
  if ((p->province_code != NULL || p->commune_code != NULL) && p->admin_version == NULL)
    p->admin_version = g_strdup (TP_ADMIN_DATA_VERSION);
}

static char *
person_search_text (const TpPerson *p)
{
  g_autofree char *joined = g_strjoin (" ",
                                       p->full_name ? p->full_name : "",
                                       p->sort_name ? p->sort_name : "",
                                       p->organization ? p->organization : "",
                                       p->phone ? p->phone : "",
                                       p->email ? p->email : "",
                                       p->national_id ? p->national_id : "",
                                       NULL);
  return tp_text_fold (joined);
}

/* Checks that the codes name known reference data. */
static gboolean
check_person_refs (TpDb            *db,
                   const TpPerson  *p,
                   GError         **error)
{
  g_autoptr(GPtrArray) errors = field_errors_new ();

  if (p->ethnicity_id != NULL && !tp_refdata_exists (db, "ethnic_groups", p->ethnicity_id))
    add_error (errors, "ethnicity", g_strdup_printf (_("“%s” is not one of the 54 ethnic groups"), p->ethnicity_id));
  if (p->province_code != NULL && !tp_refdata_exists (db, "provinces", p->province_code))
    add_error (errors, "province_code", g_strdup_printf (_("There is no province with code “%s”"), p->province_code));
  if (p->commune_code != NULL && !tp_refdata_exists (db, "communes", p->commune_code))
    add_error (errors, "commune_code", g_strdup_printf (_("There is no commune with code “%s”"), p->commune_code));
  if (p->target_group != NULL && !tp_refdata_exists (db, "target_groups", p->target_group))
    add_error (errors, "target_group", g_strdup_printf (_("“%s” is not a known target group"), p->target_group));
  return tp_field_errors_to_gerror (errors, error);
}

#define PERSON_COLUMNS \
  "id, full_name, family_name, middle_name, given_name, sort_name, sex, birth_year, birth_date," \
  " ethnicity_id, national_id, phone, email, organization, position, province_code, commune_code," \
  " admin_version, target_group, consent_sensitive, consent_date, consent_method, created_at, updated_at"

static TpPerson *
person_from_row (sqlite3_stmt *stmt,
                 int           first)
{
  TpPerson *p = tp_person_new ();
  int c = first;
  const char *sex;

  p->id = tp_sql_dup_text (stmt, c++);
  p->full_name = tp_sql_dup_text (stmt, c++);
  p->family_name = tp_sql_dup_text (stmt, c++);
  p->middle_name = tp_sql_dup_text (stmt, c++);
  p->given_name = tp_sql_dup_text (stmt, c++);
  p->sort_name = tp_sql_dup_text (stmt, c++);
  sex = (const char *) sqlite3_column_text (stmt, c++);
  if (!tp_sex_from_string (sex, &p->sex))
    p->sex = TP_SEX_UNKNOWN;
  p->birth_year = sqlite3_column_int (stmt, c++);
  p->birth_date = tp_sql_dup_text (stmt, c++);
  p->ethnicity_id = tp_sql_dup_text (stmt, c++);
  p->national_id = tp_sql_dup_text (stmt, c++);
  p->phone = tp_sql_dup_text (stmt, c++);
  p->email = tp_sql_dup_text (stmt, c++);
  p->organization = tp_sql_dup_text (stmt, c++);
  p->position = tp_sql_dup_text (stmt, c++);
  p->province_code = tp_sql_dup_text (stmt, c++);
  p->commune_code = tp_sql_dup_text (stmt, c++);
  p->admin_version = tp_sql_dup_text (stmt, c++);
  p->target_group = tp_sql_dup_text (stmt, c++);
  p->consent_sensitive = sqlite3_column_int (stmt, c++) != 0;
  p->consent_date = tp_sql_dup_text (stmt, c++);
  p->consent_method = tp_sql_dup_text (stmt, c++);
  p->created_at = tp_sql_dup_text (stmt, c++);
  p->updated_at = tp_sql_dup_text (stmt, c++);
  return p;
}

static gboolean
row_exists (TpDb       *db,
            const char *table,
            const char *id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?1", table);
  sqlite3_stmt *stmt = tp_db_cached (db, sql, NULL);
  gboolean found;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

gboolean
tp_store_save_person (TpDb      *db,
                      TpPerson  *p,
                      GError   **error)
{
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *now = tp_now_iso ();
  g_autofree char *name_fold = NULL;
  g_autofree char *search = NULL;
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  gboolean insert;

  normalize_person (p);
  errors = tp_person_validate (p);
  if (!tp_field_errors_to_gerror (errors, error))
    return FALSE;
  if (!check_person_refs (db, p, error))
    return FALSE;

  name_fold = tp_text_fold (p->full_name);
  search = person_search_text (p);
  key = tp_text_name_sort_key (p->family_name, p->middle_name, p->given_name, p->sort_name);

  if (!tp_db_begin (db, error))
    return FALSE;

  insert = p->id == NULL || !row_exists (db, "people", p->id);
  if (p->id == NULL)
    p->id = tp_uuid_new ();

  if (insert)
    stmt = tp_db_cached (db,
      "INSERT INTO people (" PERSON_COLUMNS ", name_fold, search_fold, sort_key)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,"
      "         ?21, ?22, ?23, ?24, ?25, ?26, ?27)", error);
  else
    stmt = tp_db_cached (db,
      "UPDATE people SET full_name = ?2, family_name = ?3, middle_name = ?4, given_name = ?5,"
      " sort_name = ?6, sex = ?7, birth_year = ?8, birth_date = ?9, ethnicity_id = ?10, national_id = ?11,"
      " phone = ?12, email = ?13, organization = ?14, position = ?15, province_code = ?16,"
      " commune_code = ?17, admin_version = ?18, target_group = ?19, consent_sensitive = ?20,"
      " consent_date = ?21, consent_method = ?22, updated_at = ?24,"
      " name_fold = ?25, search_fold = ?26, sort_key = ?27"
      " WHERE id = ?1", error);
  if (stmt == NULL)
    {
      tp_db_rollback (db);
      return FALSE;
    }

  tp_sql_bind_text (stmt, 1, p->id);
  tp_sql_bind_text (stmt, 2, p->full_name);
  tp_sql_bind_text (stmt, 3, p->family_name);
  tp_sql_bind_text (stmt, 4, p->middle_name);
  tp_sql_bind_text (stmt, 5, p->given_name);
  tp_sql_bind_text (stmt, 6, p->sort_name);
  tp_sql_bind_text (stmt, 7, p->sex == TP_SEX_UNKNOWN ? NULL : tp_sex_to_string (p->sex));
  if (p->birth_year != 0)
    sqlite3_bind_int (stmt, 8, p->birth_year);
  tp_sql_bind_text (stmt, 9, p->birth_date);
  tp_sql_bind_text (stmt, 10, p->ethnicity_id);
  tp_sql_bind_text (stmt, 11, p->national_id);
  tp_sql_bind_text (stmt, 12, p->phone);
  tp_sql_bind_text (stmt, 13, p->email);
  tp_sql_bind_text (stmt, 14, p->organization);
  tp_sql_bind_text (stmt, 15, p->position);
  tp_sql_bind_text (stmt, 16, p->province_code);
  tp_sql_bind_text (stmt, 17, p->commune_code);
  tp_sql_bind_text (stmt, 18, p->admin_version);
  tp_sql_bind_text (stmt, 19, p->target_group);
  sqlite3_bind_int (stmt, 20, p->consent_sensitive ? 1 : 0);
  tp_sql_bind_text (stmt, 21, p->consent_date);
  tp_sql_bind_text (stmt, 22, p->consent_method);
  tp_sql_bind_text (stmt, 23, p->created_at != NULL ? p->created_at : now);
  tp_sql_bind_text (stmt, 24, now);
  tp_sql_bind_text (stmt, 25, name_fold);
  tp_sql_bind_text (stmt, 26, search);
  sqlite3_bind_blob (stmt, 27, key, strlen (key), SQLITE_TRANSIENT);

  if (!tp_sql_run_cached (db, stmt, error))
    {
      tp_db_rollback (db);
      return FALSE;
    }
  if (!tp_db_commit (db, error))
    return FALSE;

  if (p->created_at == NULL)
    p->created_at = g_strdup (now);
  g_free (p->updated_at);
  p->updated_at = g_strdup (now);
  return TRUE;
}

TpPerson *
tp_store_get_person (TpDb        *db,
                     const char  *id,
                     GError     **error)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, "SELECT " PERSON_COLUMNS " FROM people WHERE id = ?1", error);
  TpPerson *p = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    p = person_from_row (stmt, 0);
  else
    g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND, _("No person with id “%s”"), id);
  sqlite3_finalize (stmt);
  return p;
}

/* A quoted FTS5 string: embedded quotes doubled. */
static char *
fts_phrase (const char *needle)
{
  GString *quoted = g_string_new ("\"");

  for (const char *c = needle; *c; c++)
    {
      if (*c == '"')
        g_string_append_c (quoted, '"');
      g_string_append_c (quoted, *c);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (quoted, FALSE);
}

/* Matches beyond which a first page is found faster by walking the name
 * order and testing each row than by sorting every match. */
#define COMMON_MATCHES 10000

static gboolean
is_common_term (TpDb       *db,
                const char *phrase)
{
  sqlite3_stmt *stmt = tp_db_cached (db,
                                     "SELECT count(*) FROM (SELECT rowid FROM people_fts"
                                     " WHERE people_fts MATCH ?1 LIMIT " G_STRINGIFY (COMMON_MATCHES) ")",
                                     NULL);
  int n = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, phrase, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return n >= COMMON_MATCHES;
}

/* Search of three or more characters goes through FTS5's trigram index over
 * the fold, then sorts the matches by name. For a first page of a common
 * term ("nguyen" matches four people in ten) sorting every match costs more
 * than walking the name index and testing the fold of each row, which stops
 * after @limit rows; one- and two-character searches always walk. */
GPtrArray *
tp_store_list_people (TpDb        *db,
                      const char  *search,
                      guint        limit,
                      GError     **error)
{
  GPtrArray *people = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_person_free);
  g_autofree char *needle = search != NULL ? tp_text_fold (search) : NULL;
  g_autofree char *phrase = NULL;
  const char *sql;
  sqlite3_stmt *stmt;
  gboolean filter = needle != NULL && *needle != '\0';
  gboolean use_fts = filter && g_utf8_strlen (needle, -1) >= 3;

  if (use_fts)
    {
      phrase = fts_phrase (needle);
      if (limit > 0 && is_common_term (db, phrase))
        use_fts = FALSE;
    }

  if (!filter)
    sql = "SELECT " PERSON_COLUMNS " FROM people ORDER BY sort_key, id LIMIT ?2";
  else if (use_fts)
    /* The sorter holds only keys; the page's 50 rows are read after. */
    sql = "SELECT " PERSON_COLUMNS " FROM people WHERE rowid IN"
          " (SELECT rowid FROM people WHERE rowid IN"
          "   (SELECT rowid FROM people_fts WHERE people_fts MATCH ?1)"
          "  ORDER BY sort_key, id LIMIT ?2)"
          " ORDER BY sort_key, id";
  else
    sql = "SELECT " PERSON_COLUMNS " FROM people INDEXED BY people_sort"
          " WHERE instr (search_fold, ?1) > 0 ORDER BY sort_key, id LIMIT ?2";

  stmt = tp_db_cached (db, sql, error);
  if (stmt == NULL)
    {
      g_ptr_array_unref (people);
      return NULL;
    }
  if (use_fts)
    sqlite3_bind_text (stmt, 1, phrase, -1, SQLITE_TRANSIENT);
  else if (filter)
    sqlite3_bind_text (stmt, 1, needle, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit == 0 ? -1 : (gint64) limit);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (people, person_from_row (stmt, 0));
  sqlite3_reset (stmt);
  return people;
}

guint
tp_store_count_people (TpDb *db)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, "SELECT count(*) FROM people", NULL);
  guint n = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

GPtrArray *
tp_store_find_similar_people (TpDb            *db,
                              const TpPerson  *person,
                              GError         **error)
{
  GPtrArray *people = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_person_free);
  g_autofree char *fold = person->full_name != NULL ? tp_text_fold (person->full_name) : NULL;
  g_autofree char *natid = person->national_id != NULL ? tp_text_normalize (person->national_id) : NULL;
  sqlite3_stmt *stmt;

  stmt = tp_db_prepare (db,
                        "SELECT " PERSON_COLUMNS " FROM people"
                        " WHERE id IS NOT ?1 AND ((?2 IS NOT NULL AND national_id = ?2)"
                        "  OR (name_fold = ?3 AND (?4 = 0 OR birth_year IS NULL OR birth_year = ?4)))"
                        " ORDER BY sort_key",
                        error);
  if (stmt == NULL)
    {
      g_ptr_array_unref (people);
      return NULL;
    }
  tp_sql_bind_text (stmt, 1, person->id);
  tp_sql_bind_text (stmt, 2, natid);
  tp_sql_bind_text (stmt, 3, fold != NULL ? fold : "");
  sqlite3_bind_int (stmt, 4, person->birth_year);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (people, person_from_row (stmt, 0));
  sqlite3_finalize (stmt);
  return people;
}

static guint
count_where (TpDb       *db,
             const char *sql,
             const char *param)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, NULL);
  guint n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

void
tp_store_person_dependents (TpDb       *db,
                            const char *id,
                            guint      *n_enrolments,
                            guint      *n_marks,
                            guint      *n_certificates)
{
  if (n_enrolments != NULL)
    *n_enrolments = count_where (db, "SELECT count(*) FROM enrolments WHERE person_id = ?1", id);
  if (n_marks != NULL)
    *n_marks = count_where (db, "SELECT count(*) FROM attendance a JOIN enrolments e ON e.id = a.enrolment_id"
                                " WHERE e.person_id = ?1", id);
  if (n_certificates != NULL)
    *n_certificates = count_where (db, "SELECT count(*) FROM certificates WHERE person_id = ?1", id);
}

static gboolean
delete_by_id (TpDb        *db,
              const char  *sql,
              const char  *id,
              const char  *not_found_format,
              GError     **error)
{
  sqlite3_stmt *stmt;

  if (!tp_db_begin (db, error))
    return FALSE;
  stmt = tp_db_prepare (db, sql, error);
  if (stmt == NULL)
    {
      tp_db_rollback (db);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (!tp_sql_run (db, stmt, error))
    {
      tp_db_rollback (db);
      return FALSE;
    }
  if (sqlite3_changes (tp_db_get_handle (db)) == 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND, not_found_format, id);
      tp_db_rollback (db);
      return FALSE;
    }
  return tp_db_commit (db, error);
}

gboolean
tp_store_delete_person (TpDb        *db,
                        const char  *id,
                        GError     **error)
{
  guint n_certs = 0;

  tp_store_person_dependents (db, id, NULL, NULL, &n_certs);
  if (n_certs > 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_CONFLICT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "This person holds %u certificate, which stays in the register; revoke it or anonymise the person instead",
                                "This person holds %u certificates, which stay in the register; revoke them or anonymise the person instead",
                                n_certs),
                   n_certs);
      return FALSE;
    }
  /* Sessions taught point at the person and are kept (trainer cleared). */
  return delete_by_id (db, "DELETE FROM people WHERE id = ?1", id, _("No person with id “%s”"), error);
}

/* ---- courses ----------------------------------------------------------- */

#define COURSE_COLUMNS \
  "id, code, title, type_id, level, target_groups, organizer, province_code, commune_code," \
  " admin_version, venue, start_date, end_date, status, completion_threshold, excused_counts," \
  " pass_mark, daily_allowance, created_at, updated_at"

static gboolean
load_budget (TpDb     *db,
             TpCourse *c)
{
  sqlite3_stmt *stmt = tp_db_prepare (db,
                                      "SELECT b.source_id, b.planned, b.actual FROM budget_lines b"
                                      " LEFT JOIN funding_sources f ON f.id = b.source_id"
                                      " WHERE b.course_id = ?1 ORDER BY f.position, b.source_id",
                                      NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, c->id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (c->budget,
                     tp_budget_line_new ((const char *) sqlite3_column_text (stmt, 0),
                                         sqlite3_column_type (stmt, 1) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 1),
                                         sqlite3_column_type (stmt, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 2)));
  sqlite3_finalize (stmt);
  return TRUE;
}

static TpCourse *
course_from_row (sqlite3_stmt *stmt)
{
  TpCourse *c = tp_course_new ();
  g_autofree char *groups = NULL;
  const char *status;

  c->id = tp_sql_dup_text (stmt, 0);
  c->code = tp_sql_dup_text (stmt, 1);
  c->title = tp_sql_dup_text (stmt, 2);
  c->type_id = tp_sql_dup_text (stmt, 3);
  c->level = tp_sql_dup_text (stmt, 4);
  groups = tp_sql_dup_text (stmt, 5);
  if (groups != NULL && *groups != '\0')
    c->target_groups = g_strsplit (groups, ",", -1);
  c->organizer = tp_sql_dup_text (stmt, 6);
  c->province_code = tp_sql_dup_text (stmt, 7);
  c->commune_code = tp_sql_dup_text (stmt, 8);
  c->admin_version = tp_sql_dup_text (stmt, 9);
  c->venue = tp_sql_dup_text (stmt, 10);
  c->start_date = tp_sql_dup_text (stmt, 11);
  c->end_date = tp_sql_dup_text (stmt, 12);
  status = (const char *) sqlite3_column_text (stmt, 13);
  if (!tp_course_status_from_string (status, &c->status))
    c->status = TP_COURSE_PLANNED;
  c->completion_threshold = sqlite3_column_int (stmt, 14);
  c->excused_counts = sqlite3_column_int (stmt, 15) != 0;
  c->pass_mark = column_double_or_none (stmt, 16);
  c->daily_allowance = sqlite3_column_int64 (stmt, 17);
  c->created_at = tp_sql_dup_text (stmt, 18);
  c->updated_at = tp_sql_dup_text (stmt, 19);
  return c;
}

static gboolean
check_course_refs (TpDb            *db,
                   const TpCourse  *c,
                   GError         **error)
{
  g_autoptr(GPtrArray) errors = field_errors_new ();

  if (!tp_refdata_exists (db, "course_types", c->type_id))
    add_error (errors, "type", g_strdup_printf (_("“%s” is not a known course type"), c->type_id));
  if (c->province_code != NULL && !tp_refdata_exists (db, "provinces", c->province_code))
    add_error (errors, "province_code", g_strdup_printf (_("There is no province with code “%s”"), c->province_code));
  if (c->commune_code != NULL && !tp_refdata_exists (db, "communes", c->commune_code))
    add_error (errors, "commune_code", g_strdup_printf (_("There is no commune with code “%s”"), c->commune_code));
  for (guint i = 0; c->target_groups != NULL && c->target_groups[i] != NULL; i++)
    if (!tp_refdata_exists (db, "target_groups", c->target_groups[i]))
      add_error (errors, "target_groups",
                 g_strdup_printf (_("“%s” is not a known target group"), c->target_groups[i]));
  for (guint i = 0; c->budget != NULL && i < c->budget->len; i++)
    {
      const TpBudgetLine *b = g_ptr_array_index (c->budget, i);
      g_autofree char *field = g_strdup_printf ("budget[%u].source", i);

      if (!tp_refdata_exists (db, "funding_sources", b->source_id))
        add_error (errors, field, g_strdup_printf (_("“%s” is not a known funding source"), b->source_id));
    }
  return tp_field_errors_to_gerror (errors, error);
}

static gboolean
code_taken (TpDb           *db,
            const TpCourse *c)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, "SELECT 1 FROM courses WHERE code = ?1 AND id IS NOT ?2", NULL);
  gboolean taken;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, c->code, -1, SQLITE_TRANSIENT);
  tp_sql_bind_text (stmt, 2, c->id);
  taken = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return taken;
}

static gboolean
save_budget (TpDb      *db,
             TpCourse  *c,
             const char *now,
             GError   **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GString) keep = g_string_new ("");

  for (guint i = 0; i < c->budget->len; i++)
    {
      const TpBudgetLine *b = g_ptr_array_index (c->budget, i);
      g_autofree char *id = tp_uuid_new ();

      stmt = tp_db_prepare (db,
                            "INSERT INTO budget_lines (id, course_id, source_id, planned, actual, created_at, updated_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)"
                            " ON CONFLICT (course_id, source_id) DO UPDATE SET planned = excluded.planned,"
                            "  actual = excluded.actual, updated_at = excluded.updated_at"
                            " WHERE planned IS NOT excluded.planned OR actual IS NOT excluded.actual",
                            error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, c->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, b->source_id, -1, SQLITE_TRANSIENT);
      if (b->planned >= 0)
        sqlite3_bind_int64 (stmt, 4, b->planned);
      if (b->actual >= 0)
        sqlite3_bind_int64 (stmt, 5, b->actual);
      sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);
      if (!tp_sql_run (db, stmt, error))
        return FALSE;
      g_string_append_printf (keep, "%s%s", keep->len ? "," : "", b->source_id);
    }

  /* Lines no longer in the course go. */
  stmt = tp_db_prepare (db,
                        "DELETE FROM budget_lines WHERE course_id = ?1"
                        " AND instr (',' || ?2 || ',', ',' || source_id || ',') = 0",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, c->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, keep->str, -1, SQLITE_TRANSIENT);
  return tp_sql_run (db, stmt, error);
}

gboolean
tp_store_save_course (TpDb      *db,
                      TpCourse  *c,
                      GError   **error)
{
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *now = tp_now_iso ();
  g_autofree char *groups = NULL;
  g_autofree char *search = NULL;
  sqlite3_stmt *stmt;
  gboolean insert;

  normalize_field (&c->code);
  normalize_field (&c->title);
  normalize_field (&c->type_id);
  normalize_field (&c->level);
  normalize_field (&c->organizer);
  normalize_field (&c->province_code);
  normalize_field (&c->commune_code);
  normalize_field (&c->admin_version);
  normalize_field (&c->venue);
  normalize_field (&c->start_date);
  normalize_field (&c->end_date);
  if ((c->province_code != NULL || c->commune_code != NULL) && c->admin_version == NULL)
    c->admin_version = g_strdup (TP_ADMIN_DATA_VERSION);

  errors = tp_course_validate (c);
  if (!tp_field_errors_to_gerror (errors, error))
    return FALSE;
  if (!check_course_refs (db, c, error))
    return FALSE;
  if (code_taken (db, c))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_CONFLICT,
                   _("code: another course already has the code “%s”"), c->code);
      return FALSE;
    }

  if (c->target_groups != NULL && c->target_groups[0] != NULL)
    groups = g_strjoinv (",", c->target_groups);
  {
    g_autofree char *joined = g_strjoin (" ", c->code, c->title, c->venue ? c->venue : "",
                                         c->organizer ? c->organizer : "", NULL);
    search = tp_text_fold (joined);
  }

  if (!tp_db_begin (db, error))
    return FALSE;

  insert = c->id == NULL || !row_exists (db, "courses", c->id);
  if (c->id == NULL)
    c->id = tp_uuid_new ();

  if (insert)
    stmt = tp_db_prepare (db,
      "INSERT INTO courses (" COURSE_COLUMNS ", search_fold)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
      error);
  else
    stmt = tp_db_prepare (db,
      "UPDATE courses SET code = ?2, title = ?3, type_id = ?4, level = ?5, target_groups = ?6,"
      " organizer = ?7, province_code = ?8, commune_code = ?9, admin_version = ?10, venue = ?11,"
      " start_date = ?12, end_date = ?13, status = ?14, completion_threshold = ?15,"
      " excused_counts = ?16, pass_mark = ?17, daily_allowance = ?18, updated_at = ?20,"
      " search_fold = ?21 WHERE id = ?1",
      error);
  if (stmt == NULL)
    {
      tp_db_rollback (db);
      return FALSE;
    }
  tp_sql_bind_text (stmt, 1, c->id);
  tp_sql_bind_text (stmt, 2, c->code);
  tp_sql_bind_text (stmt, 3, c->title);
  tp_sql_bind_text (stmt, 4, c->type_id);
  tp_sql_bind_text (stmt, 5, c->level);
  tp_sql_bind_text (stmt, 6, groups);
  tp_sql_bind_text (stmt, 7, c->organizer);
  tp_sql_bind_text (stmt, 8, c->province_code);
  tp_sql_bind_text (stmt, 9, c->commune_code);
  tp_sql_bind_text (stmt, 10, c->admin_version);
  tp_sql_bind_text (stmt, 11, c->venue);
  tp_sql_bind_text (stmt, 12, c->start_date);
  tp_sql_bind_text (stmt, 13, c->end_date);
  tp_sql_bind_text (stmt, 14, tp_course_status_to_string (c->status));
  sqlite3_bind_int (stmt, 15, c->completion_threshold);
  sqlite3_bind_int (stmt, 16, c->excused_counts ? 1 : 0);
  bind_double_or_null (stmt, 17, c->pass_mark);
  sqlite3_bind_int64 (stmt, 18, c->daily_allowance);
  tp_sql_bind_text (stmt, 19, c->created_at != NULL ? c->created_at : now);
  tp_sql_bind_text (stmt, 20, now);
  tp_sql_bind_text (stmt, 21, search);

  if (!tp_sql_run (db, stmt, error) || !save_budget (db, c, now, error))
    {
      tp_db_rollback (db);
      return FALSE;
    }

  /* Sessions must stay inside the course dates. */
  {
    sqlite3_stmt *check = tp_db_prepare (db,
                                         "SELECT date FROM sessions WHERE course_id = ?1 AND (date < ?2 OR date > ?3)"
                                         " ORDER BY date LIMIT 1", error);
    if (check == NULL)
      {
        tp_db_rollback (db);
        return FALSE;
      }
    sqlite3_bind_text (check, 1, c->id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (check, 2, c->start_date, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (check, 3, c->end_date, -1, SQLITE_TRANSIENT);
    if (sqlite3_step (check) == SQLITE_ROW)
      {
        g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                     _("start_date: a session on %s would fall outside the course dates; move or delete it first"),
                     (const char *) sqlite3_column_text (check, 0));
        sqlite3_finalize (check);
        tp_db_rollback (db);
        return FALSE;
      }
    sqlite3_finalize (check);
  }

  if (!tp_db_commit (db, error))
    return FALSE;
  if (c->created_at == NULL)
    c->created_at = g_strdup (now);
  g_free (c->updated_at);
  c->updated_at = g_strdup (now);
  return TRUE;
}

static TpCourse *
get_course_where (TpDb        *db,
                  const char  *where,
                  const char  *value,
                  const char  *not_found_format,
                  GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " COURSE_COLUMNS " FROM courses WHERE %s = ?1", where);
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, error);
  TpCourse *c = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    c = course_from_row (stmt);
  else
    g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND, not_found_format, value);
  sqlite3_finalize (stmt);
  if (c != NULL)
    load_budget (db, c);
  return c;
}

TpCourse *
tp_store_get_course (TpDb        *db,
                     const char  *id,
                     GError     **error)
{
  return get_course_where (db, "id", id, _("No course with id “%s”"), error);
}

TpCourse *
tp_store_get_course_by_code (TpDb        *db,
                             const char  *code,
                             GError     **error)
{
  g_autofree char *nfc = tp_text_normalize (code);

  return get_course_where (db, "code", nfc != NULL ? nfc : "", _("No course with code “%s”"), error);
}

GPtrArray *
tp_store_list_courses (TpDb        *db,
                       const char  *search,
                       GError     **error)
{
  GPtrArray *courses = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_course_free);
  g_autofree char *needle = search != NULL ? tp_text_fold (search) : NULL;
  sqlite3_stmt *stmt;

  stmt = tp_db_prepare (db,
                        "SELECT " COURSE_COLUMNS " FROM courses"
                        " WHERE ?1 IS NULL OR instr (search_fold, ?1) > 0"
                        " ORDER BY start_date DESC, code DESC",
                        error);
  if (stmt == NULL)
    {
      g_ptr_array_unref (courses);
      return NULL;
    }
  tp_sql_bind_text (stmt, 1, needle);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (courses, course_from_row (stmt));
  sqlite3_finalize (stmt);
  for (guint i = 0; i < courses->len; i++)
    load_budget (db, g_ptr_array_index (courses, i));
  return courses;
}

gboolean
tp_store_delete_course (TpDb        *db,
                        const char  *id,
                        GError     **error)
{
  guint n_certs = count_where (db, "SELECT count(*) FROM certificates WHERE course_id = ?1", id);

  if (n_certs > 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_CONFLICT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The course has %u issued certificate in the register and cannot be deleted",
                                "The course has %u issued certificates in the register and cannot be deleted",
                                n_certs),
                   n_certs);
      return FALSE;
    }
  /* The course goes with its sessions, enrolments and marks: a backup
   * first (docs/data-safety.md), unless a caller's transaction owns it. */
  if (!tp_db_in_transaction (db) &&
      count_where (db, "SELECT count(*) FROM courses WHERE id = ?1", id) > 0 &&
      !tp_backup_before (db, "delete", error))
    {
      g_prefix_error (error, "%s", _("The course was not deleted because no backup could be made first: "));
      return FALSE;
    }
  return delete_by_id (db, "DELETE FROM courses WHERE id = ?1", id, _("No course with id “%s”"), error);
}

void
tp_store_course_enrolled_counts (TpDb       *db,
                                 const char *course_id,
                                 guint      *women,
                                 guint      *men,
                                 guint      *unknown)
{
  sqlite3_stmt *stmt = tp_db_prepare (db,
                                      "SELECT count(*) FILTER (WHERE p.sex = 'female'),"
                                      " count(*) FILTER (WHERE p.sex = 'male'),"
                                      " count(*) FILTER (WHERE p.sex IS NULL)"
                                      " FROM enrolments e JOIN people p ON p.id = e.person_id"
                                      " WHERE e.course_id = ?1 AND e.status <> 'withdrawn'",
                                      NULL);
  guint w = 0, m = 0, u = 0;

  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, course_id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          w = sqlite3_column_int (stmt, 0);
          m = sqlite3_column_int (stmt, 1);
          u = sqlite3_column_int (stmt, 2);
        }
      sqlite3_finalize (stmt);
    }
  if (women != NULL)
    *women = w;
  if (men != NULL)
    *men = m;
  if (unknown != NULL)
    *unknown = u;
}

/* ---- sessions ---------------------------------------------------------- */

gboolean
tp_store_save_session (TpDb       *db,
                       TpSession  *s,
                       GError    **error)
{
  g_autoptr(TpCourse) course = NULL;
  g_autoptr(GPtrArray) errors = NULL;
  g_autofree char *now = tp_now_iso ();
  sqlite3_stmt *stmt;
  int rc;

  normalize_field (&s->date);
  normalize_field (&s->topic);
  normalize_field (&s->trainer_id);
  course = tp_store_get_course (db, s->course_id, error);
  if (course == NULL)
    return FALSE;
  errors = tp_session_validate (s, course);
  if (!tp_field_errors_to_gerror (errors, error))
    return FALSE;

  if (!tp_db_begin (db, error))
    return FALSE;
  if (s->id == NULL)
    s->id = tp_uuid_new ();
  stmt = tp_db_cached (db,
                        "INSERT INTO sessions (id, course_id, date, part, topic, trainer_id, created_at, updated_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)"
                        " ON CONFLICT (id) DO UPDATE SET date = excluded.date, part = excluded.part,"
                        "  topic = excluded.topic, trainer_id = excluded.trainer_id, updated_at = excluded.updated_at"
                        " WHERE date IS NOT excluded.date OR part IS NOT excluded.part"
                        "  OR topic IS NOT excluded.topic OR trainer_id IS NOT excluded.trainer_id",
                        error);
  if (stmt == NULL)
    {
      tp_db_rollback (db);
      return FALSE;
    }
  tp_sql_bind_text (stmt, 1, s->id);
  tp_sql_bind_text (stmt, 2, s->course_id);
  tp_sql_bind_text (stmt, 3, s->date);
  tp_sql_bind_text (stmt, 4, tp_session_part_to_string (s->part));
  tp_sql_bind_text (stmt, 5, s->topic);
  tp_sql_bind_text (stmt, 6, s->trainer_id);
  tp_sql_bind_text (stmt, 7, now);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        g_set_error (error, TP_ERROR, TP_ERROR_CONFLICT,
                     _("date: the course already has a %s session on %s"),
                     tp_session_part_label (s->part), s->date);
      else
        tp_db_set_error (db, rc, error);
      tp_db_rollback (db);
      return FALSE;
    }
  return tp_db_commit (db, error);
}

GPtrArray *
tp_store_list_sessions (TpDb        *db,
                        const char  *course_id,
                        GError     **error)
{
  GPtrArray *sessions = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_session_free);
  sqlite3_stmt *stmt = tp_db_prepare (db,
                                      "SELECT id, course_id, date, part, topic, trainer_id FROM sessions"
                                      " WHERE course_id = ?1 ORDER BY date,"
                                      " CASE part WHEN 'morning' THEN 0 WHEN 'afternoon' THEN 1 ELSE 2 END",
                                      error);
  if (stmt == NULL)
    {
      g_ptr_array_unref (sessions);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, course_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TpSession *s = tp_session_new ();

      s->id = tp_sql_dup_text (stmt, 0);
      s->course_id = tp_sql_dup_text (stmt, 1);
      s->date = tp_sql_dup_text (stmt, 2);
      tp_session_part_from_string ((const char *) sqlite3_column_text (stmt, 3), &s->part);
      s->topic = tp_sql_dup_text (stmt, 4);
      s->trainer_id = tp_sql_dup_text (stmt, 5);
      g_ptr_array_add (sessions, s);
    }
  sqlite3_finalize (stmt);
  return sessions;
}

gboolean
tp_store_delete_session (TpDb        *db,
                         const char  *id,
                         GError     **error)
{
  return delete_by_id (db, "DELETE FROM sessions WHERE id = ?1", id, _("No session with id “%s”"), error);
}

int
tp_store_generate_sessions (TpDb        *db,
                            const char  *course_id,
                            GError     **error)
{
  g_autoptr(TpCourse) course = tp_store_get_course (db, course_id, error);
  g_autoptr(GDate) day = NULL;
  g_autoptr(GDate) last = NULL;
  int added = 0;

  if (course == NULL)
    return -1;
  day = g_date_new ();
  last = g_date_new ();
  {
    int y, m, d;
    sscanf (course->start_date, "%d-%d-%d", &y, &m, &d);
    g_date_set_dmy (day, d, m, y);
    sscanf (course->end_date, "%d-%d-%d", &y, &m, &d);
    g_date_set_dmy (last, d, m, y);
  }

  if (!tp_db_begin (db, error))
    return -1;
  for (; g_date_compare (day, last) <= 0; g_date_add_days (day, 1))
    {
      char iso[11];
      sqlite3_stmt *stmt;
      gboolean has_any;

      g_date_strftime (iso, sizeof iso, "%Y-%m-%d", day);
      stmt = tp_db_prepare (db, "SELECT 1 FROM sessions WHERE course_id = ?1 AND date = ?2", error);
      if (stmt == NULL)
        {
          tp_db_rollback (db);
          return -1;
        }
      sqlite3_bind_text (stmt, 1, course_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, iso, -1, SQLITE_TRANSIENT);
      has_any = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_finalize (stmt);
      if (has_any)
        continue;

      for (TpSessionPart part = TP_PART_MORNING; part <= TP_PART_AFTERNOON; part++)
        {
          g_autoptr(TpSession) s = tp_session_new ();

          s->course_id = g_strdup (course_id);
          s->date = g_strdup (iso);
          s->part = part;
          if (!tp_store_save_session (db, s, error))
            {
              tp_db_rollback (db);
              return -1;
            }
          added++;
        }
    }
  if (!tp_db_commit (db, error))
    return -1;
  return added;
}

/* ---- trainers of a course ---------------------------------------------- */

gboolean
tp_store_set_course_trainer (TpDb           *db,
                             const char     *course_id,
                             const char     *person_id,
                             TpTrainerRole   role,
                             GError        **error)
{
  g_autofree char *id = tp_uuid_new ();
  g_autofree char *now = tp_now_iso ();
  sqlite3_stmt *stmt;

  if (!row_exists (db, "courses", course_id))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND, _("No course with id “%s”"), course_id);
      return FALSE;
    }
  if (!row_exists (db, "people", person_id))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND, _("No person with id “%s”"), person_id);
      return FALSE;
    }
  if (!tp_db_begin (db, error))
    return FALSE;
  stmt = tp_db_prepare (db,
                        "INSERT INTO course_trainers (id, course_id, person_id, role, created_at, updated_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?5)"
                        " ON CONFLICT (course_id, person_id) DO UPDATE SET role = excluded.role,"
                        "  updated_at = excluded.updated_at WHERE role IS NOT excluded.role",
                        error);
  if (stmt == NULL)
    {
      tp_db_rollback (db);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, course_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, person_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, tp_trainer_role_to_string (role), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  if (!tp_sql_run (db, stmt, error))
    {
      tp_db_rollback (db);
      return FALSE;
    }
  return tp_db_commit (db, error);
}

gboolean
tp_store_remove_course_trainer (TpDb        *db,
                                const char  *course_id,
                                const char  *person_id,
                                GError     **error)
{
  sqlite3_stmt *stmt;

  if (!tp_db_begin (db, error))
    return FALSE;
  stmt = tp_db_prepare (db, "DELETE FROM course_trainers WHERE course_id = ?1 AND person_id = ?2", error);
  if (stmt == NULL)
    {
      tp_db_rollback (db);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, course_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, person_id, -1, SQLITE_TRANSIENT);
  if (!tp_sql_run (db, stmt, error))
    {
      tp_db_rollback (db);
      return FALSE;
    }
  return tp_db_commit (db, error);
}

GPtrArray *
tp_store_list_course_trainers (TpDb        *db,
                               const char  *course_id,
                               GError     **error)
{
  GPtrArray *trainers = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_course_trainer_free);
  sqlite3_stmt *stmt = tp_db_prepare (db,
                                      "SELECT t.person_id, t.course_id, t.role FROM course_trainers t"
                                      " JOIN people p ON p.id = t.person_id WHERE t.course_id = ?1"
                                      " ORDER BY CASE t.role WHEN 'lead' THEN 0 WHEN 'co-trainer' THEN 1 ELSE 2 END, p.sort_key",
                                      error);
  if (stmt == NULL)
    {
      g_ptr_array_unref (trainers);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, course_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TpCourseTrainer *t = tp_course_trainer_new ();

      t->person_id = tp_sql_dup_text (stmt, 0);
      t->course_id = tp_sql_dup_text (stmt, 1);
      tp_trainer_role_from_string ((const char *) sqlite3_column_text (stmt, 2), &t->role);
      g_ptr_array_add (trainers, t);
    }
  sqlite3_finalize (stmt);
  return trainers;
}

/* ---- enrolments and attendance ----------------------------------------- */

#define ENROLMENT_COLUMNS "e.id, e.course_id, e.person_id, e.status, e.pre_test, e.post_test"

static TpEnrolment *
enrolment_from_row (sqlite3_stmt *stmt)
{
  TpEnrolment *e = tp_enrolment_new ();

  e->id = tp_sql_dup_text (stmt, 0);
  e->course_id = tp_sql_dup_text (stmt, 1);
  e->person_id = tp_sql_dup_text (stmt, 2);
  if (!tp_enrolment_status_from_string ((const char *) sqlite3_column_text (stmt, 3), &e->status))
    e->status = TP_ENROLMENT_REGISTERED;
  e->pre_test = column_double_or_none (stmt, 4);
  e->post_test = column_double_or_none (stmt, 5);
  return e;
}

static char *
check_score (const char *field_label,
             double      score)
{
  if (score > 10)
    return g_strdup_printf (_("%s %.1f must be between 0 and 10"), field_label, score);
  return NULL;
}

static gboolean
write_enrolment (TpDb         *db,
                 TpEnrolment  *e,
                 gboolean      insert,
                 GError      **error)
{
  g_autoptr(GPtrArray) errors = field_errors_new ();
  g_autofree char *now = tp_now_iso ();
  sqlite3_stmt *stmt;
  int rc;

  add_error (errors, "pre_test", check_score (_("The pre-test score"), e->pre_test));
  add_error (errors, "post_test", check_score (_("The post-test score"), e->post_test));
  if (!tp_field_errors_to_gerror (errors, error))
    return FALSE;
  if (insert && !row_exists (db, "courses", e->course_id))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND, _("No course with id “%s”"), e->course_id);
      return FALSE;
    }
  if (insert && !row_exists (db, "people", e->person_id))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND, _("No person with id “%s”"), e->person_id);
      return FALSE;
    }

  if (!tp_db_begin (db, error))
    return FALSE;
  if (e->id == NULL)
    e->id = tp_uuid_new ();
  if (insert)
    stmt = tp_db_cached (db,
                          "INSERT INTO enrolments (id, course_id, person_id, status, pre_test, post_test, created_at, updated_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)", error);
  else
    stmt = tp_db_cached (db,
                          "UPDATE enrolments SET status = ?4, pre_test = ?5, post_test = ?6, updated_at = ?7"
                          " WHERE id = ?1 AND (status IS NOT ?4 OR pre_test IS NOT ?5 OR post_test IS NOT ?6)",
                          error);
  if (stmt == NULL)
    {
      tp_db_rollback (db);
      return FALSE;
    }
  tp_sql_bind_text (stmt, 1, e->id);
  tp_sql_bind_text (stmt, 2, e->course_id);
  tp_sql_bind_text (stmt, 3, e->person_id);
  tp_sql_bind_text (stmt, 4, tp_enrolment_status_to_string (e->status));
  bind_double_or_null (stmt, 5, e->pre_test);
  bind_double_or_null (stmt, 6, e->post_test);
  tp_sql_bind_text (stmt, 7, now);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        g_set_error_literal (error, TP_ERROR, TP_ERROR_CONFLICT,
                             _("This person is already enrolled in the course"));
      else
        tp_db_set_error (db, rc, error);
      tp_db_rollback (db);
      return FALSE;
    }
  return tp_db_commit (db, error);
}

gboolean
tp_store_enrol (TpDb         *db,
                TpEnrolment  *e,
                GError      **error)
{
  return write_enrolment (db, e, TRUE, error);
}

gboolean
tp_store_save_enrolment (TpDb         *db,
                         TpEnrolment  *e,
                         GError      **error)
{
  g_return_val_if_fail (e->id != NULL, FALSE);
  return write_enrolment (db, e, FALSE, error);
}

gboolean
tp_store_unenrol (TpDb        *db,
                  const char  *enrolment_id,
                  GError     **error)
{
  return delete_by_id (db, "DELETE FROM enrolments WHERE id = ?1", enrolment_id,
                       _("No enrolment with id “%s”"), error);
}

TpEnrolment *
tp_store_get_enrolment (TpDb        *db,
                        const char  *course_id,
                        const char  *person_id,
                        GError     **error)
{
  sqlite3_stmt *stmt = tp_db_prepare (db,
                                      "SELECT " ENROLMENT_COLUMNS " FROM enrolments e"
                                      " WHERE e.course_id = ?1 AND e.person_id = ?2", error);
  TpEnrolment *e = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, course_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, person_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    e = enrolment_from_row (stmt);
  else
    g_set_error_literal (error, TP_ERROR, TP_ERROR_NOT_FOUND, _("This person is not enrolled in the course"));
  sqlite3_finalize (stmt);
  return e;
}

static GPtrArray *
list_enrolments (TpDb        *db,
                 const char  *sql,
                 const char  *param,
                 GError     **error)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_enrolment_free);
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, error);

  if (stmt == NULL)
    {
      g_ptr_array_unref (list);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (list, enrolment_from_row (stmt));
  sqlite3_finalize (stmt);
  return list;
}

GPtrArray *
tp_store_list_enrolments (TpDb        *db,
                          const char  *course_id,
                          GError     **error)
{
  return list_enrolments (db,
                          "SELECT " ENROLMENT_COLUMNS " FROM enrolments e JOIN people p ON p.id = e.person_id"
                          " WHERE e.course_id = ?1 ORDER BY p.sort_key, p.id",
                          course_id, error);
}

GPtrArray *
tp_store_list_person_enrolments (TpDb        *db,
                                 const char  *person_id,
                                 GError     **error)
{
  return list_enrolments (db,
                          "SELECT " ENROLMENT_COLUMNS " FROM enrolments e JOIN courses c ON c.id = e.course_id"
                          " WHERE e.person_id = ?1 ORDER BY c.start_date DESC, c.code",
                          person_id, error);
}

gboolean
tp_store_set_mark (TpDb        *db,
                   const char  *enrolment_id,
                   const char  *session_id,
                   TpMark       mark,
                   GError     **error)
{
  g_autofree char *id = tp_uuid_new ();
  g_autofree char *now = tp_now_iso ();
  sqlite3_stmt *stmt;

  if (!tp_db_begin (db, error))
    return FALSE;

  /* The session and the enrolment must belong to the same course. */
  stmt = tp_db_cached (db,
                        "SELECT 1 FROM enrolments e JOIN sessions s ON s.course_id = e.course_id"
                        " WHERE e.id = ?1 AND s.id = ?2", error);
  if (stmt == NULL)
    {
      tp_db_rollback (db);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, enrolment_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, session_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error_literal (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                           _("The session and the enrolment do not belong to the same course"));
      tp_db_rollback (db);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (mark == TP_MARK_NONE)
    stmt = tp_db_cached (db, "DELETE FROM attendance WHERE enrolment_id = ?2 AND session_id = ?3", error);
  else
    stmt = tp_db_cached (db,
                          "INSERT INTO attendance (id, enrolment_id, session_id, mark, created_at, updated_at)"
                          " VALUES (?1, ?2, ?3, ?4, ?5, ?5)"
                          " ON CONFLICT (enrolment_id, session_id) DO UPDATE SET mark = excluded.mark,"
                          "  updated_at = excluded.updated_at WHERE mark IS NOT excluded.mark",
                          error);
  if (stmt == NULL)
    {
      tp_db_rollback (db);
      return FALSE;
    }
  if (mark != TP_MARK_NONE)
    {
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, tp_mark_to_string (mark), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
    }
  sqlite3_bind_text (stmt, 2, enrolment_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, session_id, -1, SQLITE_TRANSIENT);
  if (!tp_sql_run_cached (db, stmt, error))
    {
      tp_db_rollback (db);
      return FALSE;
    }
  return tp_db_commit (db, error);
}

TpMark
tp_store_get_mark (TpDb        *db,
                   const char  *enrolment_id,
                   const char  *session_id)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, "SELECT mark FROM attendance WHERE enrolment_id = ?1 AND session_id = ?2", NULL);
  TpMark mark = TP_MARK_NONE;

  if (stmt == NULL)
    return mark;
  sqlite3_bind_text (stmt, 1, enrolment_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, session_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    tp_mark_from_string ((const char *) sqlite3_column_text (stmt, 0), &mark);
  sqlite3_finalize (stmt);
  return mark;
}

GHashTable *
tp_store_get_course_marks (TpDb        *db,
                           const char  *course_id,
                           GError     **error)
{
  GHashTable *marks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt = tp_db_prepare (db,
                                      "SELECT a.enrolment_id, a.session_id, a.mark FROM attendance a"
                                      " JOIN enrolments e ON e.id = a.enrolment_id WHERE e.course_id = ?1",
                                      error);
  if (stmt == NULL)
    {
      g_hash_table_unref (marks);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, course_id, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TpMark mark = TP_MARK_NONE;

      tp_mark_from_string ((const char *) sqlite3_column_text (stmt, 2), &mark);
      g_hash_table_insert (marks,
                           g_strdup_printf ("%s/%s", sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1)),
                           GINT_TO_POINTER (mark));
    }
  sqlite3_finalize (stmt);
  return marks;
}
