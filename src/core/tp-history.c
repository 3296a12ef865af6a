/* tp-history.c: reading and undoing the change log. */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "tp-format.h"
#include "tp-history.h"
#include "tp-model.h"
#include "tp-refdata.h"
#include "tp-store.h"

static void
change_free (TpHistoryChange *c)
{
  g_free (c->field);
  g_free (c->label);
  g_free (c->old_value);
  g_free (c->new_value);
  g_free (c->old_raw);
  g_free (c->new_raw);
  g_free (c);
}

void
tp_history_entry_free (TpHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->at);
  g_free (entry->user);
  g_free (entry->table_name);
  g_free (entry->row_id);
  g_free (entry->batch);
  g_free (entry->what);
  g_clear_pointer (&entry->changes, g_ptr_array_unref);
  g_free (entry);
}

const char *
tp_history_op_label (TpHistoryOp op)
{
  switch (op)
    {
    case TP_HISTORY_INSERT:
      return _("Added");
    case TP_HISTORY_UPDATE:
      return _("Changed");
    case TP_HISTORY_DELETE:
    default:
      return _("Deleted");
    }
}

/* How a logged column is shown. */
typedef enum {
  SHOW_TEXT,
  SHOW_HIDDEN,        /* ids, timestamps, sort keys, internal numbering */
  SHOW_DATE,          /* YYYY-MM-DD → dd/mm/yyyy */
  SHOW_BOOL,          /* 0/1 → No/Yes */
  SHOW_SEX,
  SHOW_MARK,
  SHOW_COURSE_STATUS,
  SHOW_ENROLMENT_STATUS,
  SHOW_CERT_STATUS,
  SHOW_TRAINER_ROLE,
  SHOW_SESSION_PART,
  SHOW_LEVEL,
  SHOW_PERSON,        /* person id → full name */
  SHOW_CERTIFICATE,   /* certificate id → register number */
  SHOW_ETHNICITY,
  SHOW_COURSE_TYPE,
  SHOW_TARGET_GROUP,
  SHOW_TARGET_GROUPS, /* comma-separated ids */
  SHOW_FUNDING_SOURCE,
  SHOW_PROVINCE,
  SHOW_COMMUNE,
} ShowAs;

/* Every column of the logged tables. @table NULL: the same in every table
 * (looked up after the table's own rows). */
static const struct {
  const char *table;
  const char *field;
  const char *label;   /* N_(); NULL for hidden columns */
  ShowAs      show;
} fields[] = {
  /* bookkeeping */
  { NULL, "id", NULL, SHOW_HIDDEN },
  { NULL, "created_at", NULL, SHOW_HIDDEN },
  { NULL, "updated_at", NULL, SHOW_HIDDEN },
  { NULL, "name_fold", NULL, SHOW_HIDDEN },
  { NULL, "search_fold", NULL, SHOW_HIDDEN },
  { NULL, "sort_key", NULL, SHOW_HIDDEN },
  { NULL, "admin_version", NULL, SHOW_HIDDEN },
  /* people */
  { "people", "full_name", N_("Full name"), SHOW_TEXT },
  { "people", "family_name", N_("Family name"), SHOW_TEXT },
  { "people", "middle_name", N_("Middle name"), SHOW_TEXT },
  { "people", "given_name", N_("Given name"), SHOW_TEXT },
  { "people", "sort_name", N_("Sort as"), SHOW_TEXT },
  { "people", "sex", N_("Sex"), SHOW_SEX },
  { "people", "birth_year", N_("Birth year"), SHOW_TEXT },
  { "people", "birth_date", N_("Date of birth"), SHOW_DATE },
  { "people", "ethnicity_id", N_("Ethnicity"), SHOW_ETHNICITY },
  { "people", "national_id", N_("ID number"), SHOW_TEXT },
  { "people", "phone", N_("Phone"), SHOW_TEXT },
  { "people", "email", N_("E-mail"), SHOW_TEXT },
  { "people", "organization", N_("Organisation"), SHOW_TEXT },
  { "people", "position", N_("Position"), SHOW_TEXT },
  { "people", "target_group", N_("Target group"), SHOW_TARGET_GROUP },
  { "people", "consent_sensitive", N_("Consent to sensitive data"), SHOW_BOOL },
  { "people", "consent_date", N_("Consent date"), SHOW_DATE },
  { "people", "consent_method", N_("Consent given by"), SHOW_TEXT },
  { "people", "anonymised", N_("Anonymised"), SHOW_BOOL },
  { "people", "erased", N_("Deleted permanently"), SHOW_BOOL },
  /* courses */
  { "courses", "code", N_("Code"), SHOW_TEXT },
  { "courses", "title", N_("Title"), SHOW_TEXT },
  { "courses", "type_id", N_("Course type"), SHOW_COURSE_TYPE },
  { "courses", "level", N_("Level"), SHOW_LEVEL },
  { "courses", "target_groups", N_("Target groups"), SHOW_TARGET_GROUPS },
  { "courses", "organizer", N_("Organiser"), SHOW_TEXT },
  { "courses", "venue", N_("Venue"), SHOW_TEXT },
  { "courses", "start_date", N_("Start date"), SHOW_DATE },
  { "courses", "end_date", N_("End date"), SHOW_DATE },
  { "courses", "status", N_("Status"), SHOW_COURSE_STATUS },
  { "courses", "completion_threshold", N_("Completion threshold (%)"), SHOW_TEXT },
  { "courses", "excused_counts", N_("Excused absence counts as attended"), SHOW_BOOL },
  { "courses", "pass_mark", N_("Pass mark"), SHOW_TEXT },
  { "courses", "daily_allowance", N_("Daily allowance"), SHOW_TEXT },
  /* budget lines */
  { "budget_lines", "source_id", N_("Funding source"), SHOW_FUNDING_SOURCE },
  { "budget_lines", "planned", N_("Planned"), SHOW_TEXT },
  { "budget_lines", "actual", N_("Actual"), SHOW_TEXT },
  /* sessions */
  { "sessions", "date", N_("Date"), SHOW_DATE },
  { "sessions", "part", N_("Part of day"), SHOW_SESSION_PART },
  { "sessions", "topic", N_("Topic"), SHOW_TEXT },
  { "sessions", "trainer_id", N_("Trainer"), SHOW_PERSON },
  /* trainers of a course */
  { "course_trainers", "role", N_("Role"), SHOW_TRAINER_ROLE },
  /* enrolments */
  { "enrolments", "status", N_("Status"), SHOW_ENROLMENT_STATUS },
  { "enrolments", "pre_test", N_("Pre-test score"), SHOW_TEXT },
  { "enrolments", "post_test", N_("Post-test score"), SHOW_TEXT },
  /* attendance */
  { "attendance", "mark", N_("Attendance"), SHOW_MARK },
  /* certificates: the register number says issuer, year and number */
  { "certificates", "issuer", NULL, SHOW_HIDDEN },
  { "certificates", "year", NULL, SHOW_HIDDEN },
  { "certificates", "seq", NULL, SHOW_HIDDEN },
  { "certificates", "verification_code", NULL, SHOW_HIDDEN },
  { "certificates", "snapshot", NULL, SHOW_HIDDEN },
  { "certificates", "snapshot_sha256", NULL, SHOW_HIDDEN },
  { "certificates", "register_no", N_("Register number"), SHOW_TEXT },
  { "certificates", "serial", N_("Serial"), SHOW_TEXT },
  { "certificates", "issued_on", N_("Issued on"), SHOW_DATE },
  { "certificates", "signer", N_("Signer"), SHOW_TEXT },
  { "certificates", "status", N_("Status"), SHOW_CERT_STATUS },
  { "certificates", "revoked_reason", N_("Reason for revoking"), SHOW_TEXT },
  { "certificates", "replaces_id", N_("Replaces"), SHOW_CERTIFICATE },
  /* trainer profiles */
  { "trainer_profiles", "topics", N_("Topics"), SHOW_TEXT },
  { "trainer_profiles", "qualification", N_("Qualification"), SHOW_TEXT },
  { "trainer_profiles", "source_certificate_id", NULL, SHOW_HIDDEN },
  /* settings */
  { "settings", "key", NULL, SHOW_HIDDEN },
  { "settings", "value", N_("Value"), SHOW_TEXT },
  /* shared columns */
  { NULL, "province_code", N_("Province"), SHOW_PROVINCE },
  { NULL, "commune_code", N_("Commune"), SHOW_COMMUNE },
};

/* -1 when the column is not in the table above. */
static int
field_index (const char *table,
             const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].table != NULL && g_strcmp0 (fields[i].table, table) == 0 &&
        g_str_equal (fields[i].field, field))
      return i;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (fields[i].table == NULL && g_str_equal (fields[i].field, field))
      return i;
  return -1;
}

static const char *
field_label (const char *table,
             const char *field)
{
  int i = field_index (table, field);

  return i >= 0 && fields[i].label != NULL ? _(fields[i].label) : field;
}

/* Columns never shown as changes: the row's identity and bookkeeping. */
static gboolean
hidden_field (const char *table,
              const char *field,
              gboolean    for_display)
{
  int i;

  if (g_str_equal (field, "id") || g_str_equal (field, "created_at") ||
      g_str_equal (field, "updated_at"))
    return TRUE;
  if (!for_display)
    return FALSE;
  /* the links the entry's description already names */
  if (g_str_equal (field, "course_id") || g_str_equal (field, "person_id") ||
      g_str_equal (field, "enrolment_id") || g_str_equal (field, "session_id"))
    return TRUE;
  i = field_index (table, field);
  return i >= 0 && fields[i].show == SHOW_HIDDEN;
}

static char *
node_to_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (type == G_TYPE_DOUBLE)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];
          return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", json_node_get_double (node)));
        }
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "1" : "0");
    }
  return json_to_string (node, FALSE);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (text == NULL)
    return NULL;
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static char *lookup_text (TpDb       *db,
                          const char *sql,
                          const char *arg);

static char *
enum_label (const char *raw,
            ShowAs      show)
{
  const char *label = NULL;

  switch (show)
    {
    case SHOW_SEX:
      {
        TpSex v;
        if (tp_sex_from_string (raw, &v))
          label = tp_sex_label (v);
      }
      break;
    case SHOW_MARK:
      {
        TpMark v;
        if (tp_mark_from_string (raw, &v))
          label = tp_mark_label (v);
      }
      break;
    case SHOW_COURSE_STATUS:
      {
        TpCourseStatus v;
        if (tp_course_status_from_string (raw, &v))
          label = tp_course_status_label (v);
      }
      break;
    case SHOW_ENROLMENT_STATUS:
      {
        TpEnrolmentStatus v;
        if (tp_enrolment_status_from_string (raw, &v))
          label = tp_enrolment_status_label (v);
      }
      break;
    case SHOW_TRAINER_ROLE:
      {
        TpTrainerRole v;
        if (tp_trainer_role_from_string (raw, &v))
          label = tp_trainer_role_label (v);
      }
      break;
    case SHOW_SESSION_PART:
      {
        TpSessionPart v;
        if (tp_session_part_from_string (raw, &v))
          label = tp_session_part_label (v);
      }
      break;
    case SHOW_CERT_STATUS:
      if (g_str_equal (raw, "valid"))
        label = _("Valid");
      else if (g_str_equal (raw, "revoked"))
        label = _("Revoked");
      break;
    case SHOW_LEVEL:
      if (g_str_equal (raw, "central"))
        label = C_("course level", "Central");
      else if (g_str_equal (raw, "provincial"))
        label = C_("course level", "Provincial");
      else if (g_str_equal (raw, "commune"))
        label = C_("course level", "Commune");
      break;
    case SHOW_BOOL:
      if (g_str_equal (raw, "0"))
        label = _("No");
      else if (g_str_equal (raw, "1"))
        label = _("Yes");
      break;
    default:
      break;
    }
  return g_strdup (label != NULL ? label : raw);
}

/* The text a user reads for stored value @raw of @table.@field: labels for
 * codes, names for ids (the stored value when the record is gone). */
static char *
display_value (TpDb       *db,
               const char *table,
               const char *field,
               const char *raw)
{
  int i = field_index (table, field);
  char *text = NULL;

  if (raw == NULL)
    return NULL;
  switch (i >= 0 ? fields[i].show : SHOW_TEXT)
    {
    case SHOW_DATE:
      text = tp_format_date_ui (raw);
      break;
    case SHOW_PERSON:
      text = lookup_text (db, "SELECT full_name FROM people WHERE id = ?1", raw);
      break;
    case SHOW_CERTIFICATE:
      text = lookup_text (db, "SELECT register_no FROM certificates WHERE id = ?1", raw);
      break;
    case SHOW_ETHNICITY:
      text = tp_refdata_ethnicity_name (db, raw);
      break;
    case SHOW_COURSE_TYPE:
      text = tp_refdata_course_type_name (db, raw);
      break;
    case SHOW_TARGET_GROUP:
      text = tp_refdata_target_group_name (db, raw);
      break;
    case SHOW_FUNDING_SOURCE:
      text = tp_refdata_funding_source_name (db, raw);
      break;
    case SHOW_PROVINCE:
      text = tp_refdata_province_name (db, raw);
      break;
    case SHOW_COMMUNE:
      text = tp_refdata_commune_name (db, raw);
      break;
    case SHOW_TARGET_GROUPS:
      {
        g_auto(GStrv) ids = g_strsplit (raw, ",", -1);
        g_autoptr(GString) names = g_string_new (NULL);

        for (guint k = 0; ids[k] != NULL; k++)
          {
            g_autofree char *name = NULL;

            if (*ids[k] == '\0')
              continue;
            name = tp_refdata_target_group_name (db, ids[k]);
            if (names->len > 0)
              /* Translators: between items of a list ("Officials, Women") */
              g_string_append (names, _(", "));
            g_string_append (names, name != NULL ? name : ids[k]);
          }
        text = g_string_free (g_steal_pointer (&names), FALSE);
      }
      break;
    case SHOW_TEXT:
    case SHOW_HIDDEN:
      break;
    default:
      text = enum_label (raw, fields[i].show);
      break;
    }
  return text != NULL ? text : g_strdup (raw);
}

/* Takes @old_raw and @new_raw. @db NULL: no display values (reverting). */
static void
add_change (GPtrArray  *changes,
            TpDb       *db,
            const char *table,
            const char *field,
            char       *old_raw,
            char       *new_raw)
{
  TpHistoryChange *c = g_new0 (TpHistoryChange, 1);

  c->field = g_strdup (field);
  c->label = g_strdup (field_label (table, field));
  c->old_raw = old_raw;
  c->new_raw = new_raw;
  if (db != NULL)
    {
      c->old_value = display_value (db, table, field, old_raw);
      c->new_value = display_value (db, table, field, new_raw);
    }
  else
    {
      c->old_value = g_strdup (old_raw);
      c->new_value = g_strdup (new_raw);
    }
  g_ptr_array_add (changes, c);
}

/* @db non-NULL: for display (hides what users do not know, formats the
 * values); NULL: every changed column, raw, for reverting. */
static GPtrArray *
compute_changes (TpDb       *db,
                 const char *table,
                 JsonObject *old,
                 JsonObject *new)
{
  gboolean for_display = db != NULL;
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  JsonObject *shape = new != NULL ? new : old;
  g_autoptr(GList) members = NULL;

  if (shape == NULL)
    return changes;
  members = json_object_get_members (shape);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *field = l->data;
      char *a, *b;

      if (hidden_field (table, field, for_display))
        continue;
      a = old != NULL ? node_to_text (json_object_get_member (old, field)) : NULL;
      b = new != NULL ? node_to_text (json_object_get_member (new, field)) : NULL;
      if (g_strcmp0 (a, b) == 0)
        {
          g_free (a);
          g_free (b);
          continue;
        }
      add_change (changes, db, table, field, a, b);
    }
  return changes;
}

/* ---- describing rows ---------------------------------------------------- */

static char *
lookup_text (TpDb       *db,
             const char *sql,
             const char *arg)
{
  sqlite3_stmt *stmt;
  char *text = NULL;

  if (arg == NULL)
    return NULL;
  stmt = tp_db_prepare (db, sql, NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

static char *
member_text (JsonObject *obj,
             const char *field)
{
  if (obj == NULL || !json_object_has_member (obj, field))
    return NULL;
  return node_to_text (json_object_get_member (obj, field));
}

static char *
person_name (TpDb       *db,
             const char *person_id)
{
  char *name = lookup_text (db, "SELECT full_name FROM people WHERE id = ?1", person_id);

  return name != NULL ? name : g_strdup (_("a person no longer in the register"));
}

static char *
course_name (TpDb       *db,
             const char *course_id)
{
  char *name = lookup_text (db, "SELECT code || ' ' || title FROM courses WHERE id = ?1", course_id);

  return name != NULL ? name : g_strdup (_("a deleted course"));
}

static char *
session_name (TpDb       *db,
              const char *session_id,
              JsonObject *session)
{
  g_autofree char *date = NULL;
  g_autofree char *part = NULL;
  TpSessionPart p;

  if (session != NULL)
    {
      date = member_text (session, "date");
      part = member_text (session, "part");
    }
  else
    {
      date = lookup_text (db, "SELECT date FROM sessions WHERE id = ?1", session_id);
      part = lookup_text (db, "SELECT part FROM sessions WHERE id = ?1", session_id);
    }
  if (date == NULL)
    return g_strdup (_("a deleted session"));
  if (part != NULL && tp_session_part_from_string (part, &p))
    /* Translators: a session: date, then morning/afternoon/full day. */
    return g_strdup_printf (_("%s, %s"), date, tp_session_part_label (p));
  return g_strdup (date);
}

/* @for_person: the history is a person's, so name the course rather than
 * the person. */
static char *
describe (TpDb       *db,
          const char *table,
          const char *row_id,
          JsonObject *row,
          gboolean    for_person)
{
  if (g_str_equal (table, "people"))
    {
      g_autofree char *name = member_text (row, "full_name");
      return g_strdup_printf (_("Person: %s"), name != NULL ? name : row_id);
    }
  if (g_str_equal (table, "courses"))
    {
      g_autofree char *code = member_text (row, "code");
      return g_strdup_printf (_("Course %s"), code != NULL ? code : row_id);
    }
  if (g_str_equal (table, "sessions"))
    {
      g_autofree char *s = session_name (db, row_id, row);
      return g_strdup_printf (_("Session %s"), s);
    }
  if (g_str_equal (table, "enrolments") || g_str_equal (table, "course_trainers") ||
      g_str_equal (table, "certificates"))
    {
      g_autofree char *who = NULL;
      g_autofree char *person_id = member_text (row, "person_id");
      g_autofree char *course_id = member_text (row, "course_id");

      who = for_person ? course_name (db, course_id) : person_name (db, person_id);
      if (g_str_equal (table, "enrolments"))
        return g_strdup_printf (for_person ? _("Enrolment in %s") : _("Enrolment of %s"), who);
      if (g_str_equal (table, "course_trainers"))
        return g_strdup_printf (for_person ? _("Trainer in %s") : _("Trainer %s"), who);
      {
        g_autofree char *no = member_text (row, "register_no");
        return g_strdup_printf (_("Certificate %s (%s)"), no != NULL ? no : "", who);
      }
    }
  if (g_str_equal (table, "attendance"))
    {
      g_autofree char *session_id = member_text (row, "session_id");
      g_autofree char *enrolment_id = member_text (row, "enrolment_id");
      g_autofree char *s = session_name (db, session_id, NULL);
      g_autofree char *who = NULL;

      if (for_person)
        {
          g_autofree char *course_id = lookup_text (db, "SELECT course_id FROM sessions WHERE id = ?1", session_id);
          who = course_name (db, course_id);
        }
      else
        {
          g_autofree char *person_id = lookup_text (db, "SELECT person_id FROM enrolments WHERE id = ?1", enrolment_id);
          if (person_id == NULL)
            person_id = lookup_text (db,
                                     "SELECT json_extract (coalesce (new, old), '$.person_id') FROM change_log"
                                     " WHERE table_name = 'enrolments' AND row_id = ?1 ORDER BY seq DESC LIMIT 1",
                                     enrolment_id);
          who = person_name (db, person_id);
        }
      /* Translators: "Attendance of Nguyễn Văn A, session 2026-03-05, morning". */
      return g_strdup_printf (_("Attendance of %s, session %s"), who, s);
    }
  if (g_str_equal (table, "budget_lines"))
    {
      g_autofree char *source = member_text (row, "source_id");
      g_autofree char *name = tp_refdata_funding_source_name (db, source);
      return g_strdup_printf (_("Budget line: %s"), name != NULL ? name : source);
    }
  if (g_str_equal (table, "trainer_profiles"))
    return g_strdup (_("Trainer profile"));
  if (g_str_equal (table, "settings"))
    return g_strdup_printf (_("Setting %s"), row_id);
  return g_strdup_printf ("%s %s", table, row_id);
}

/* ---- reading ------------------------------------------------------------ */

#define ENTRY_COLUMNS "seq, at, user, table_name, row_id, op, old, new, batch"

static TpHistoryEntry *
entry_from_row (TpDb         *db,
                sqlite3_stmt *stmt,
                gboolean      for_person)
{
  TpHistoryEntry *e = g_new0 (TpHistoryEntry, 1);
  const char *op = (const char *) sqlite3_column_text (stmt, 5);
  g_autoptr(JsonObject) old = parse_object ((const char *) sqlite3_column_text (stmt, 6));
  g_autoptr(JsonObject) new = parse_object ((const char *) sqlite3_column_text (stmt, 7));

  e->seq = sqlite3_column_int64 (stmt, 0);
  e->at = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  e->user = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  e->table_name = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  e->row_id = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  e->op = g_strcmp0 (op, "insert") == 0 ? TP_HISTORY_INSERT
        : g_strcmp0 (op, "update") == 0 ? TP_HISTORY_UPDATE : TP_HISTORY_DELETE;
  if (sqlite3_column_type (stmt, 8) != SQLITE_NULL)
    e->batch = g_strdup ((const char *) sqlite3_column_text (stmt, 8));
  e->changes = compute_changes (db, e->table_name, old, new);
  e->what = describe (db, e->table_name, e->row_id, new != NULL ? new : old, for_person);
  return e;
}

static GPtrArray *
run_query (TpDb        *db,
           const char  *sql,
           const char  *id,
           gboolean     for_person,
           GError     **error)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, error);
  GPtrArray *entries;
  int rc;

  if (stmt == NULL)
    return NULL;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_history_entry_free);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (db, stmt, for_person));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      tp_db_set_error (db, rc, error);
      g_ptr_array_unref (entries);
      return NULL;
    }
  return entries;
}

/* The change log has an index on (table_name, row_id) only: the rows that
 * belong to a course or a person are found by their ids in the live tables,
 * plus the deleted ones (read from the JSON of "delete" entries), so a
 * history never scans the attendance marks of the whole province. */
#define DELETED(table, field) \
  " SELECT row_id AS id FROM change_log WHERE table_name = '" table "' AND op = 'delete'" \
  "  AND json_extract (old, '$." field "') "

/* The deletions are few among a province's million log rows; this partial
 * index finds them without reading the rest (4 s → under 1 ms per person on
 * the 100,000-person benchmark). Schema v1 creates it; files made by
 * builds before it was added get it on first use (IF NOT EXISTS: a no-op
 * otherwise); a read-only or busy file just goes without. */
static void
ensure_deletes_index (TpDb *db)
{
  if (g_object_get_data (G_OBJECT (db), "tp-history-index") != NULL)
    return;
  tp_db_exec (db, "CREATE INDEX IF NOT EXISTS change_log_deletes ON change_log (table_name) WHERE op = 'delete'", NULL);
  g_object_set_data (G_OBJECT (db), "tp-history-index", GINT_TO_POINTER (1));
}

GPtrArray *
tp_history_for_course (TpDb        *db,
                       const char  *course_id,
                       GError     **error)
{
  GPtrArray *entries;

  ensure_deletes_index (db);
  entries = run_query (db,
    "WITH enrol (id) AS ("
    "  SELECT id FROM enrolments WHERE course_id = ?1"
    "  UNION" DELETED ("enrolments", "course_id") "= ?1),"
    " att (id) AS ("
    "  SELECT id FROM attendance WHERE enrolment_id IN (SELECT id FROM enrol)"
    "  UNION" DELETED ("attendance", "enrolment_id") "IN (SELECT id FROM enrol)),"
    " rows (t, id) AS ("
    "  SELECT 'courses', ?1"
    "  UNION ALL SELECT 'enrolments', id FROM enrol"
    "  UNION ALL SELECT 'attendance', id FROM att"
    "  UNION ALL SELECT 'sessions', id FROM sessions WHERE course_id = ?1"
    "  UNION ALL SELECT 'sessions', id FROM (" DELETED ("sessions", "course_id") "= ?1)"
    "  UNION ALL SELECT 'budget_lines', id FROM budget_lines WHERE course_id = ?1"
    "  UNION ALL SELECT 'budget_lines', id FROM (" DELETED ("budget_lines", "course_id") "= ?1)"
    "  UNION ALL SELECT 'course_trainers', id FROM course_trainers WHERE course_id = ?1"
    "  UNION ALL SELECT 'course_trainers', id FROM (" DELETED ("course_trainers", "course_id") "= ?1)"
    "  UNION ALL SELECT 'certificates', id FROM certificates WHERE course_id = ?1)"
    " SELECT DISTINCT " ENTRY_COLUMNS " FROM rows JOIN change_log ON table_name = rows.t AND row_id = rows.id"
    " ORDER BY seq DESC",
    course_id, FALSE, error);

  if (entries != NULL && entries->len == 0)
    {
      g_autofree char *found = lookup_text (db, "SELECT id FROM courses WHERE id = ?1", course_id);

      if (found == NULL)
        {
          g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                       _("No course with id “%s”, now or in the history"), course_id);
          g_clear_pointer (&entries, g_ptr_array_unref);
        }
    }
  return entries;
}

GPtrArray *
tp_history_for_person (TpDb        *db,
                       const char  *person_id,
                       GError     **error)
{
  GPtrArray *entries;

  ensure_deletes_index (db);
  entries = run_query (db,
    "WITH enrol (id) AS ("
    "  SELECT id FROM enrolments WHERE person_id = ?1"
    "  UNION" DELETED ("enrolments", "person_id") "= ?1),"
    " att (id) AS ("
    "  SELECT id FROM attendance WHERE enrolment_id IN (SELECT id FROM enrol)"
    "  UNION" DELETED ("attendance", "enrolment_id") "IN (SELECT id FROM enrol)),"
    " rows (t, id) AS ("
    "  SELECT 'people', ?1"
    "  UNION ALL SELECT 'enrolments', id FROM enrol"
    "  UNION ALL SELECT 'attendance', id FROM att"
    "  UNION ALL SELECT 'course_trainers', id FROM course_trainers WHERE person_id = ?1"
    "  UNION ALL SELECT 'course_trainers', id FROM (" DELETED ("course_trainers", "person_id") "= ?1)"
    "  UNION ALL SELECT 'trainer_profiles', id FROM trainer_profiles WHERE person_id = ?1"
    "  UNION ALL SELECT 'trainer_profiles', id FROM (" DELETED ("trainer_profiles", "person_id") "= ?1)"
    "  UNION ALL SELECT 'certificates', id FROM certificates WHERE person_id = ?1)"
    " SELECT DISTINCT " ENTRY_COLUMNS " FROM rows JOIN change_log ON table_name = rows.t AND row_id = rows.id"
    " ORDER BY seq DESC",
    person_id, TRUE, error);

  if (entries != NULL && entries->len == 0)
    {
      g_autofree char *found = lookup_text (db, "SELECT id FROM people WHERE id = ?1", person_id);

      if (found == NULL)
        {
          g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                       _("No person with id “%s”, now or in the history"), person_id);
          g_clear_pointer (&entries, g_ptr_array_unref);
        }
    }
  return entries;
}

static sqlite3_stmt *
prepare_entry (TpDb     *db,
               gint64    seq,
               GError  **error)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, "SELECT " ENTRY_COLUMNS " FROM change_log WHERE seq = ?1", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                   _("No change number %lld in the history"), (long long) seq);
      return NULL;
    }
  return stmt;
}

TpHistoryEntry *
tp_history_get (TpDb     *db,
                gint64    seq,
                GError  **error)
{
  sqlite3_stmt *stmt = prepare_entry (db, seq, error);
  TpHistoryEntry *e;

  if (stmt == NULL)
    return NULL;
  e = entry_from_row (db, stmt, FALSE);
  sqlite3_finalize (stmt);
  return e;
}

/* ---- reverting ---------------------------------------------------------- */

/* Who points at rows of a table, so an added row is only removed when
 * nothing refers to it. */
static const struct {
  const char *parent;
  const char *child;
  const char *column;
  const char *what;   /* N_() */
} references[] = {
  { "people", "enrolments", "person_id", N_("enrolments") },
  { "people", "course_trainers", "person_id", N_("trainer roles") },
  { "people", "certificates", "person_id", N_("certificates") },
  { "people", "sessions", "trainer_id", N_("sessions taught") },
  { "people", "trainer_profiles", "person_id", N_("a trainer profile") },
  { "courses", "sessions", "course_id", N_("sessions") },
  { "courses", "enrolments", "course_id", N_("enrolments") },
  { "courses", "certificates", "course_id", N_("certificates") },
  { "courses", "budget_lines", "course_id", N_("budget lines") },
  { "courses", "course_trainers", "course_id", N_("trainers") },
  { "sessions", "attendance", "session_id", N_("attendance marks") },
  { "enrolments", "attendance", "enrolment_id", N_("attendance marks") },
};

static gboolean
revertable_table (const char  *table,
                  GError     **error)
{
  if (g_str_equal (table, "certificates") || g_str_equal (table, "certificate_counters"))
    {
      g_set_error_literal (error, TP_ERROR, TP_ERROR_CONFLICT,
                           _("Certificates are a numbered register and cannot be undone; revoke or reissue the certificate instead"));
      return FALSE;
    }
  return TRUE;
}

static const char *
id_column (const char *table)
{
  return g_str_equal (table, "settings") ? "key" : "id";
}

static gboolean
row_exists (TpDb       *db,
            const char *table,
            const char *row_id)
{
  g_autofree char *sql = g_strdup_printf ("SELECT 1 FROM \"%s\" WHERE \"%s\" = ?1", table, id_column (table));
  g_autofree char *found = lookup_text (db, sql, row_id);

  return found != NULL;
}

/* People and courses keep derived columns (folds, sort key) that the log
 * leaves out; saving through the store computes them again. */
static gboolean
refresh_derived (TpDb        *db,
                 const char  *table,
                 const char  *row_id,
                 GError     **error)
{
  if (g_str_equal (table, "people"))
    {
      g_autoptr(TpPerson) p = tp_store_get_person (db, row_id, error);
      return p != NULL && tp_store_save_person (db, p, error);
    }
  if (g_str_equal (table, "courses"))
    {
      g_autoptr(TpCourse) c = tp_store_get_course (db, row_id, error);
      return c != NULL && tp_store_save_course (db, c, error);
    }
  return TRUE;
}

static gboolean
revert_update (TpDb        *db,
               const char  *table,
               const char  *row_id,
               JsonObject  *old,
               JsonObject  *new,
               GError     **error)
{
  g_autoptr(GPtrArray) changes = compute_changes (NULL, table, old, new);
  g_autoptr(GString) set = g_string_new (NULL);
  g_autofree char *old_text = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *now = tp_now_iso ();
  sqlite3_stmt *stmt;
  gboolean has_updated_at = json_object_has_member (new, "updated_at");
  g_autofree char *new_text = NULL;

  if (!row_exists (db, table, row_id))
    {
      g_set_error_literal (error, TP_ERROR, TP_ERROR_CONFLICT,
                           _("The record was deleted after this change; undo the deletion first"));
      return FALSE;
    }
  if (changes->len == 0)
    {
      g_set_error_literal (error, TP_ERROR, TP_ERROR_INVALID,
                           _("This change altered nothing that can be undone"));
      return FALSE;
    }

  {
    JsonNode *node = json_node_init_object (json_node_alloc (), new);
    new_text = json_to_string (node, FALSE);
    json_node_unref (node);
  }

  /* Every field must still hold the value this change gave it. */
  for (guint i = 0; i < changes->len; i++)
    {
      TpHistoryChange *c = g_ptr_array_index (changes, i);
      g_autofree char *check = g_strdup_printf ("SELECT \"%s\" IS json_extract (?2, '$.\"%s\"'), \"%s\""
                                                " FROM \"%s\" WHERE \"%s\" = ?1",
                                                c->field, c->field, c->field, table, id_column (table));
      gboolean same;
      g_autofree char *current = NULL;

      stmt = tp_db_prepare (db, check, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, new_text, -1, SQLITE_TRANSIENT);
      same = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) == 1;
      if (!same && sqlite3_column_type (stmt, 1) != SQLITE_NULL)
        current = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      sqlite3_finalize (stmt);
      if (!same)
        {
          g_set_error (error, TP_ERROR, TP_ERROR_CONFLICT,
                       _("“%s” was changed again later (it is now “%s”); undo the later change first"),
                       c->label, current != NULL ? current : _("empty"));
          return FALSE;
        }
      g_string_append_printf (set, "%s\"%s\" = json_extract (?2, '$.\"%s\"')",
                              set->len ? ", " : "", c->field, c->field);
    }
  if (has_updated_at)
    g_string_append (set, ", updated_at = ?3");

  {
    JsonNode *node = json_node_init_object (json_node_alloc (), old);
    old_text = json_to_string (node, FALSE);
    json_node_unref (node);
  }
  sql = g_strdup_printf ("UPDATE \"%s\" SET %s WHERE \"%s\" = ?1", table, set->str, id_column (table));
  stmt = tp_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, old_text, -1, SQLITE_TRANSIENT);
  if (has_updated_at)
    sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  {
    int rc = sqlite3_step (stmt);
    sqlite3_finalize (stmt);
    if (rc != SQLITE_DONE)
      return tp_db_set_error (db, rc, error);
  }
  return refresh_derived (db, table, row_id, error);
}

static gboolean
revert_insert (TpDb        *db,
               gint64       seq,
               const char  *table,
               const char  *row_id,
               GError     **error)
{
  g_autofree char *sql = NULL;
  gboolean changed_later = FALSE;
  sqlite3_stmt *stmt;

  if (!row_exists (db, table, row_id))
    {
      g_set_error_literal (error, TP_ERROR, TP_ERROR_CONFLICT,
                           _("The record was already deleted"));
      return FALSE;
    }
  stmt = tp_db_prepare (db,
                        "SELECT count(*) FROM change_log WHERE table_name = ?1 AND row_id = ?2 AND seq > ?3",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, row_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, seq);
  changed_later = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) > 0;
  sqlite3_finalize (stmt);
  if (changed_later)
    {
      g_set_error_literal (error, TP_ERROR, TP_ERROR_CONFLICT,
                           _("The record was changed after it was added; undo the later changes first"));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (references); i++)
    {
      g_autofree char *check = NULL;
      int n = 0;

      if (!g_str_equal (references[i].parent, table))
        continue;
      check = g_strdup_printf ("SELECT count(*) FROM \"%s\" WHERE \"%s\" = ?1",
                               references[i].child, references[i].column);
      stmt = tp_db_prepare (db, check, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      if (n > 0)
        {
          /* Translators: %s is e.g. "enrolments", "attendance marks". */
          g_set_error (error, TP_ERROR, TP_ERROR_CONFLICT,
                       _("The record cannot be removed: %s refer to it"),
                       _(references[i].what));
          return FALSE;
        }
    }

  sql = g_strdup_printf ("DELETE FROM \"%s\" WHERE \"%s\" = ?1", table, id_column (table));
  stmt = tp_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_TRANSIENT);
  {
    int rc = sqlite3_step (stmt);
    sqlite3_finalize (stmt);
    if (rc != SQLITE_DONE)
      return tp_db_set_error (db, rc, error);
  }
  return TRUE;
}

static gboolean
revert_delete (TpDb        *db,
               const char  *table,
               const char  *row_id,
               const char  *old_text,
               JsonObject  *old,
               GError     **error)
{
  g_autoptr(GString) cols = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new (NULL);
  g_autoptr(GList) members = json_object_get_members (old);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (row_exists (db, table, row_id))
    {
      g_set_error_literal (error, TP_ERROR, TP_ERROR_CONFLICT,
                           _("The record exists again; there is nothing to bring back"));
      return FALSE;
    }
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *field = l->data;

      g_string_append_printf (cols, "%s\"%s\"", cols->len ? ", " : "", field);
      g_string_append_printf (values, "%sjson_extract (?1, '$.\"%s\"')", values->len ? ", " : "", field);
    }
  /* Derived columns get placeholders, then the store computes them. */
  if (g_str_equal (table, "people"))
    {
      g_string_append (cols, ", name_fold, search_fold, sort_key");
      g_string_append (values, ", '', '', x''");
    }
  else if (g_str_equal (table, "courses"))
    {
      g_string_append (cols, ", search_fold");
      g_string_append (values, ", ''");
    }

  sql = g_strdup_printf ("INSERT INTO \"%s\" (%s) VALUES (%s)", table, cols->str, values->str);
  stmt = tp_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, old_text, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if ((rc & 0xff) == SQLITE_CONSTRAINT)
    {
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        g_set_error_literal (error, TP_ERROR, TP_ERROR_CONFLICT,
                             _("The record cannot be brought back: a record it belonged to (a course, a person or a session) no longer exists"));
      else
        g_set_error_literal (error, TP_ERROR, TP_ERROR_CONFLICT,
                             _("The record cannot be brought back: another record now has the same code or place"));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return tp_db_set_error (db, rc, error);
  return refresh_derived (db, table, row_id, error);
}

gboolean
tp_history_revert (TpDb     *db,
                   gint64    seq,
                   GError  **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *table = NULL;
  g_autofree char *row_id = NULL;
  g_autofree char *op = NULL;
  g_autofree char *old_text = NULL;
  g_autoptr(JsonObject) old = NULL;
  g_autoptr(JsonObject) new = NULL;
  gboolean ok;

  if (!tp_db_begin (db, error))
    return FALSE;

  stmt = prepare_entry (db, seq, error);
  if (stmt == NULL)
    {
      tp_db_rollback (db);
      return FALSE;
    }
  table = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  row_id = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  op = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
  if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
    old_text = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  old = parse_object (old_text);
  new = parse_object ((const char *) sqlite3_column_text (stmt, 7));
  sqlite3_finalize (stmt);

  if (!revertable_table (table, error))
    ok = FALSE;
  else if ((new != NULL && json_object_has_member (new, "anonymised")) ||
           (old != NULL && json_object_has_member (old, "erased")))
    {
      g_set_error_literal (error, TP_ERROR, TP_ERROR_CONFLICT,
                           _("Anonymising or permanently deleting a person cannot be undone"));
      ok = FALSE;
    }
  else if (g_str_equal (op, "update") && old != NULL && new != NULL)
    ok = revert_update (db, table, row_id, old, new, error);
  else if (g_str_equal (op, "insert"))
    ok = revert_insert (db, seq, table, row_id, error);
  else if (g_str_equal (op, "delete") && old != NULL)
    ok = revert_delete (db, table, row_id, old_text, old, error);
  else
    {
      g_set_error_literal (error, TP_ERROR, TP_ERROR_INVALID,
                           _("This entry of the history cannot be read, so it cannot be undone"));
      ok = FALSE;
    }

  if (!ok)
    {
      tp_db_rollback (db);
      return FALSE;
    }
  return tp_db_commit (db, error);
}
