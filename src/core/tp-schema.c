/* tp-schema.c: schema v1 and the change-log triggers.
 *
 * The change log is written by triggers, generated from the tables'
 * columns, so that every insert, update and delete lands there whatever
 * code makes it. The derived columns (search folds, sort keys) are left out.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "tp-schema.h"
#include "tp-text.h"

static const char schema_v1[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY, value TEXT NOT NULL,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"

  /* reference data */
  "CREATE TABLE provinces ("
  "  code TEXT PRIMARY KEY, name TEXT NOT NULL, full_name TEXT NOT NULL, name_en TEXT,"
  "  admin_version TEXT NOT NULL, fold TEXT NOT NULL,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
  "CREATE TABLE communes ("
  "  code TEXT PRIMARY KEY, province_code TEXT NOT NULL REFERENCES provinces (code),"
  "  name TEXT NOT NULL, full_name TEXT NOT NULL, name_en TEXT,"
  "  admin_version TEXT NOT NULL, fold TEXT NOT NULL,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
  "CREATE INDEX communes_province ON communes (province_code);"
  "CREATE TABLE ethnic_groups ("
  "  id TEXT PRIMARY KEY, name_vi TEXT NOT NULL, code_121_1979 TEXT, code_1019_2008 TEXT,"
  "  name_vi_2008 TEXT, aliases TEXT, position INTEGER NOT NULL,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
  "CREATE TABLE course_types ("
  "  id TEXT PRIMARY KEY, name_vi TEXT NOT NULL, name_en TEXT, is_tot INTEGER NOT NULL DEFAULT 0,"
  "  builtin INTEGER NOT NULL DEFAULT 0, position INTEGER NOT NULL DEFAULT 1000,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
  "CREATE TABLE target_groups ("
  "  id TEXT PRIMARY KEY, name_vi TEXT NOT NULL, name_en TEXT,"
  "  builtin INTEGER NOT NULL DEFAULT 0, position INTEGER NOT NULL DEFAULT 1000,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
  "CREATE TABLE funding_sources ("
  "  id TEXT PRIMARY KEY, name_vi TEXT NOT NULL, name_en TEXT,"
  "  builtin INTEGER NOT NULL DEFAULT 0, position INTEGER NOT NULL DEFAULT 1000,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
  "CREATE TABLE agencies ("
  "  id TEXT PRIMARY KEY, name_vi TEXT NOT NULL, name_en TEXT, short_name TEXT,"
  "  parent_id TEXT, valid_from TEXT, valid_to TEXT, roles TEXT NOT NULL DEFAULT '',"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"

  /* people */
  "CREATE TABLE people ("
  "  id TEXT PRIMARY KEY,"
  "  full_name TEXT NOT NULL, family_name TEXT, middle_name TEXT, given_name TEXT, sort_name TEXT,"
  "  sex TEXT CHECK (sex IN ('female', 'male')),"
  "  birth_year INTEGER, birth_date TEXT,"
  "  ethnicity_id TEXT REFERENCES ethnic_groups (id),"
  "  national_id TEXT, phone TEXT, email TEXT, organization TEXT, position TEXT,"
  "  province_code TEXT, commune_code TEXT, admin_version TEXT,"
  "  target_group TEXT REFERENCES target_groups (id),"
  "  consent_sensitive INTEGER NOT NULL DEFAULT 0, consent_date TEXT, consent_method TEXT,"
  "  name_fold TEXT NOT NULL, search_fold TEXT NOT NULL, sort_key BLOB NOT NULL,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
  "CREATE INDEX people_sort ON people (sort_key);"
  "CREATE INDEX people_name_year ON people (name_fold, birth_year);"
  "CREATE INDEX people_national_id ON people (national_id) WHERE national_id IS NOT NULL;"
  "CREATE VIRTUAL TABLE people_fts USING fts5 ("
  "  search_fold, content = 'people', content_rowid = 'rowid', tokenize = 'trigram');"
  "CREATE TRIGGER people_fts_ai AFTER INSERT ON people BEGIN"
  "  INSERT INTO people_fts (rowid, search_fold) VALUES (new.rowid, new.search_fold);"
  "END;"
  "CREATE TRIGGER people_fts_ad AFTER DELETE ON people BEGIN"
  "  INSERT INTO people_fts (people_fts, rowid, search_fold) VALUES ('delete', old.rowid, old.search_fold);"
  "END;"
  "CREATE TRIGGER people_fts_au AFTER UPDATE OF search_fold ON people BEGIN"
  "  INSERT INTO people_fts (people_fts, rowid, search_fold) VALUES ('delete', old.rowid, old.search_fold);"
  "  INSERT INTO people_fts (rowid, search_fold) VALUES (new.rowid, new.search_fold);"
  "END;"

  /* courses */
  "CREATE TABLE courses ("
  "  id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, title TEXT NOT NULL,"
  "  type_id TEXT NOT NULL REFERENCES course_types (id),"
  "  level TEXT, target_groups TEXT, organizer TEXT,"
  "  province_code TEXT, commune_code TEXT, admin_version TEXT, venue TEXT,"
  "  start_date TEXT NOT NULL, end_date TEXT NOT NULL CHECK (end_date >= start_date),"
  "  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'open', 'completed', 'cancelled')),"
  "  completion_threshold INTEGER NOT NULL DEFAULT 80 CHECK (completion_threshold BETWEEN 0 AND 100),"
  "  excused_counts INTEGER NOT NULL DEFAULT 0,"
  "  pass_mark REAL CHECK (pass_mark IS NULL OR pass_mark BETWEEN 0 AND 10),"
  "  daily_allowance INTEGER NOT NULL DEFAULT 0,"
  "  search_fold TEXT NOT NULL,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
  "CREATE INDEX courses_start ON courses (start_date);"
  "CREATE TABLE budget_lines ("
  "  id TEXT PRIMARY KEY, course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,"
  "  source_id TEXT NOT NULL REFERENCES funding_sources (id),"
  "  planned INTEGER, actual INTEGER,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
  "  UNIQUE (course_id, source_id));"
  "CREATE TABLE sessions ("
  "  id TEXT PRIMARY KEY, course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,"
  "  date TEXT NOT NULL, part TEXT NOT NULL CHECK (part IN ('morning', 'afternoon', 'full-day')),"
  "  topic TEXT, trainer_id TEXT REFERENCES people (id) ON DELETE SET NULL,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
  "  UNIQUE (course_id, date, part));"
  "CREATE TABLE course_trainers ("
  "  id TEXT PRIMARY KEY, course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,"
  "  person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,"
  "  role TEXT NOT NULL CHECK (role IN ('lead', 'co-trainer', 'assistant')),"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
  "  UNIQUE (course_id, person_id));"
  "CREATE TABLE enrolments ("
  "  id TEXT PRIMARY KEY, course_id TEXT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,"
  "  person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,"
  "  status TEXT NOT NULL DEFAULT 'registered' CHECK (status IN ('registered', 'attending', 'completed', 'withdrawn')),"
  "  pre_test REAL CHECK (pre_test IS NULL OR pre_test BETWEEN 0 AND 10),"
  "  post_test REAL CHECK (post_test IS NULL OR post_test BETWEEN 0 AND 10),"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
  "  UNIQUE (course_id, person_id));"
  "CREATE INDEX enrolments_person ON enrolments (person_id);"
  "CREATE TABLE attendance ("
  "  id TEXT PRIMARY KEY, enrolment_id TEXT NOT NULL REFERENCES enrolments (id) ON DELETE CASCADE,"
  "  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,"
  "  mark TEXT NOT NULL CHECK (mark IN ('present', 'late', 'excused', 'absent')),"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
  "  UNIQUE (enrolment_id, session_id));"
  "CREATE INDEX attendance_session ON attendance (session_id);"

  /* certificates and the trainer cascade */
  "CREATE TABLE certificates ("
  "  id TEXT PRIMARY KEY, course_id TEXT NOT NULL REFERENCES courses (id),"
  "  person_id TEXT NOT NULL REFERENCES people (id),"
  "  issuer TEXT NOT NULL DEFAULT '', year INTEGER NOT NULL, seq INTEGER NOT NULL,"
  "  register_no TEXT NOT NULL UNIQUE, serial TEXT, issued_on TEXT NOT NULL, signer TEXT,"
  "  status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'revoked')),"
  "  revoked_reason TEXT, replaces_id TEXT REFERENCES certificates (id),"
  "  verification_code TEXT NOT NULL UNIQUE, snapshot TEXT, snapshot_sha256 TEXT,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
  "  UNIQUE (issuer, year, seq));"
  "CREATE INDEX certificates_course ON certificates (course_id);"
  "CREATE INDEX certificates_person ON certificates (person_id);"
  "CREATE TABLE certificate_counters ("
  "  issuer TEXT NOT NULL, year INTEGER NOT NULL, last_seq INTEGER NOT NULL,"
  "  PRIMARY KEY (issuer, year));"
  "CREATE TABLE trainer_profiles ("
  "  id TEXT PRIMARY KEY, person_id TEXT NOT NULL UNIQUE REFERENCES people (id) ON DELETE CASCADE,"
  "  topics TEXT, qualification TEXT,"
  "  source_certificate_id TEXT REFERENCES certificates (id) ON DELETE SET NULL,"
  "  created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"

  /* the change log */
  "CREATE TABLE change_log ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT,"
  "  table_name TEXT NOT NULL, row_id TEXT NOT NULL,"
  "  op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),"
  "  old TEXT, new TEXT, batch TEXT);"
  "CREATE INDEX change_log_row ON change_log (table_name, row_id);"
  "CREATE INDEX change_log_batch ON change_log (batch) WHERE batch IS NOT NULL;"
  /* The few deletions among a province's million log rows, for history. */
  "CREATE INDEX change_log_deletes ON change_log (table_name) WHERE op = 'delete';";

/* Tables whose rows are logged, with the column holding the row id. */
static const struct {
  const char *table;
  const char *id_column;
} logged_tables[] = {
  { "settings", "key" },
  { "course_types", "id" },
  { "target_groups", "id" },
  { "funding_sources", "id" },
  { "agencies", "id" },
  { "people", "id" },
  { "courses", "id" },
  { "budget_lines", "id" },
  { "sessions", "id" },
  { "course_trainers", "id" },
  { "enrolments", "id" },
  { "attendance", "id" },
  { "certificates", "id" },
  { "trainer_profiles", "id" },
};

static gboolean
is_derived_column (const char *name)
{
  return g_str_equal (name, "name_fold") || g_str_equal (name, "search_fold") ||
         g_str_equal (name, "sort_key") || g_str_equal (name, "fold");
}

static gboolean
create_log_triggers (TpDb        *db,
                     const char  *table,
                     const char  *id_column,
                     GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA table_info (%s)", table);
  g_autoptr(GString) new_obj = g_string_new ("json_object(");
  g_autoptr(GString) old_obj = g_string_new ("json_object(");
  g_autoptr(GString) changed = g_string_new ("");
  g_autofree char *triggers = NULL;
  sqlite3_stmt *stmt;
  gboolean first = TRUE;

  stmt = tp_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *col = (const char *) sqlite3_column_text (stmt, 1);

      if (is_derived_column (col))
        continue;
      g_string_append_printf (new_obj, "%s'%s', new.\"%s\"", first ? "" : ", ", col, col);
      g_string_append_printf (old_obj, "%s'%s', old.\"%s\"", first ? "" : ", ", col, col);
      if (!g_str_equal (col, "updated_at") && !g_str_equal (col, "created_at"))
        g_string_append_printf (changed, "%sold.\"%s\" IS NOT new.\"%s\"",
                                changed->len ? " OR " : "", col, col);
      first = FALSE;
    }
  sqlite3_finalize (stmt);
  g_string_append_c (new_obj, ')');
  g_string_append_c (old_obj, ')');

  triggers = g_strdup_printf (
    "CREATE TRIGGER %1$s_log_insert AFTER INSERT ON %1$s BEGIN "
    "  INSERT INTO change_log (at, user, table_name, row_id, op, old, new, batch) "
    "  VALUES (tp_now (), tp_user (), '%1$s', new.\"%2$s\", 'insert', NULL, %3$s, tp_batch ()); "
    "END;"
    "CREATE TRIGGER %1$s_log_update AFTER UPDATE ON %1$s WHEN %5$s BEGIN "
    "  INSERT INTO change_log (at, user, table_name, row_id, op, old, new, batch) "
    "  VALUES (tp_now (), tp_user (), '%1$s', new.\"%2$s\", 'update', %4$s, %3$s, tp_batch ()); "
    "END;"
    "CREATE TRIGGER %1$s_log_delete AFTER DELETE ON %1$s BEGIN "
    "  INSERT INTO change_log (at, user, table_name, row_id, op, old, new, batch) "
    "  VALUES (tp_now (), tp_user (), '%1$s', old.\"%2$s\", 'delete', %4$s, NULL, tp_batch ()); "
    "END;",
    table, id_column, new_obj->str, old_obj->str, changed->str);

  return tp_db_exec (db, triggers, error);
}

gboolean
tp_schema_is_v0 (sqlite3 *handle)
{
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (sqlite3_prepare_v2 (handle,
                          "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'taphuan_v0_people'",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return found;
}

/* v0 (the prototype tool) kept people in one flat table with Vietnamese
 * column names; each row becomes a v1 person with its name split into parts
 * and the derived columns computed, then the old table goes. */
static gboolean
migrate_v0_people (TpDb     *db,
                   GError  **error)
{
  sqlite3_stmt *read;
  sqlite3_stmt *write;
  g_autofree char *now = tp_now_iso ();
  int rc = SQLITE_DONE;

  read = tp_db_prepare (db, "SELECT ho_ten, gioi_tinh, nam_sinh, don_vi, dien_thoai FROM taphuan_v0_people", error);
  if (read == NULL)
    return FALSE;
  write = tp_db_prepare (db,
                         "INSERT INTO people (id, full_name, family_name, middle_name, given_name, sex,"
                         "  birth_year, organization, phone, name_fold, search_fold, sort_key, created_at, updated_at)"
                         " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
                         error);
  if (write == NULL)
    {
      sqlite3_finalize (read);
      return FALSE;
    }

  while (sqlite3_step (read) == SQLITE_ROW)
    {
      g_autofree char *id = tp_uuid_new ();
      g_autofree char *full = tp_text_normalize ((const char *) sqlite3_column_text (read, 0));
      g_autofree char *sex_text = tp_text_fold ((const char *) sqlite3_column_text (read, 1));
      g_autofree char *org = tp_text_normalize ((const char *) sqlite3_column_text (read, 3));
      g_autofree char *phone = tp_text_normalize ((const char *) sqlite3_column_text (read, 4));
      g_autofree char *family = NULL, *middle = NULL, *given = NULL;
      g_autofree char *fold = NULL, *key = NULL;
      g_autofree char *search = NULL;

      if (full == NULL || *full == '\0')
        continue;
      tp_text_split_name (full, &family, &middle, &given);
      fold = tp_text_fold (full);
      key = tp_text_name_sort_key (family, middle, given, NULL);
      {
        g_autofree char *joined = g_strjoin (" ", full, org != NULL ? org : "", phone != NULL ? phone : "", NULL);
        search = tp_text_fold (joined);
      }

      sqlite3_reset (write);
      sqlite3_bind_text (write, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 2, full, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 3, family, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 4, middle, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 5, given, -1, SQLITE_TRANSIENT);
      if (g_strcmp0 (sex_text, "nu") == 0)
        sqlite3_bind_text (write, 6, "female", -1, SQLITE_STATIC);
      else if (g_strcmp0 (sex_text, "nam") == 0)
        sqlite3_bind_text (write, 6, "male", -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (write, 6);
      if (sqlite3_column_type (read, 2) == SQLITE_INTEGER)
        sqlite3_bind_int (write, 7, sqlite3_column_int (read, 2));
      else
        sqlite3_bind_null (write, 7);
      sqlite3_bind_text (write, 8, org, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 9, phone, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 10, fold, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 11, search, -1, SQLITE_TRANSIENT);
      sqlite3_bind_blob (write, 12, key, strlen (key), SQLITE_TRANSIENT);
      sqlite3_bind_text (write, 13, now, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (write);
      if (rc != SQLITE_DONE)
        break;
    }
  sqlite3_finalize (read);
  sqlite3_finalize (write);
  if (rc != SQLITE_DONE)
    return tp_db_set_error (db, rc, error);

  return tp_db_exec (db, "DROP TABLE taphuan_v0_people", error);
}

gboolean
tp_schema_migrate (TpDb     *db,
                   int       from_version,
                   GError  **error)
{
  g_autofree char *pragma = NULL;
  g_autofree char *now = tp_now_iso ();
  g_autofree char *meta = NULL;

  if (from_version < 1)
    {
      if (!tp_db_exec (db, schema_v1, error))
        return FALSE;
      for (guint i = 0; i < G_N_ELEMENTS (logged_tables); i++)
        if (!create_log_triggers (db, logged_tables[i].table, logged_tables[i].id_column, error))
          return FALSE;
      meta = g_strdup_printf ("INSERT INTO meta (key, value) VALUES ('created_at', '%s'), ('app', 'taphuan')", now);
      if (!tp_db_exec (db, meta, error))
        return FALSE;
      if (tp_schema_is_v0 (tp_db_get_handle (db)) && !migrate_v0_people (db, error))
        return FALSE;
    }

  pragma = g_strdup_printf ("PRAGMA user_version = %d", TP_DB_SCHEMA_VERSION);
  return tp_db_exec (db, pragma, error);
}
