/* test-bundle.c: the exchange bundle on real database files: import of the
 * fixture, round trip, idempotent re-import, updates that reach the change
 * log, every kind of bad input rejected with its JSON path and the database
 * file left byte-identical, warnings for unknown fields, partial export. */
#include "config.h"

#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "tp-bundle.h"
#include "tp-db.h"
#include "tp-refdata.h"
#include "tp-store.h"

typedef struct {
  char *dir;
  char *path;
  TpDb *db;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("taphuan-bundle-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "taphuan.db", NULL);
  f->db = tp_db_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->db);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->path);
  g_free (f->dir);
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->db);
  f->db = tp_db_open (f->path, &error);
  g_assert_no_error (error);
}

static int
count (TpDb       *db,
       const char *sql)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, NULL);
  int n = -1;

  g_assert_nonnull (stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static char *
query_text (TpDb       *db,
            const char *sql,
            const char *param)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, NULL);
  char *text = NULL;

  g_assert_nonnull (stmt);
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* Every updated_at of the records a bundle carries, in one string. */
static char *
all_updated_at (TpDb *db)
{
  return query_text (db,
                     "SELECT group_concat (t, ',') FROM ("
                     " SELECT id || updated_at AS t FROM people UNION ALL"
                     " SELECT id || updated_at FROM courses UNION ALL"
                     " SELECT id || updated_at FROM sessions UNION ALL"
                     " SELECT id || updated_at FROM course_trainers UNION ALL"
                     " SELECT id || updated_at FROM enrolments UNION ALL"
                     " SELECT id || updated_at FROM attendance UNION ALL"
                     " SELECT id || updated_at FROM budget_lines UNION ALL"
                     " SELECT id || updated_at FROM certificates ORDER BY 1)", NULL);
}

static char *
fixture_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "bundle-small.json", NULL);
}

static char *
fixture_text (void)
{
  g_autofree char *path = fixture_path ();
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *
fixture_json (void)
{
  g_autofree char *text = fixture_text ();

  return parse (text);
}

/* The object at a path like "courses[1].sessions[2]" ("" = the root). */
static JsonObject *
object_at (JsonNode   *root,
           const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = root;

  for (guint i = 0; parts[i] != NULL && *parts[i] != '\0'; i++)
    {
      char *bracket = strchr (parts[i], '[');
      guint index = 0;

      if (bracket != NULL)
        {
          index = (guint) g_ascii_strtoull (bracket + 1, NULL, 10);
          *bracket = '\0';
        }
      node = json_object_get_member (json_node_get_object (node), parts[i]);
      g_assert_nonnull (node);
      if (bracket != NULL)
        node = json_array_get_element (json_node_get_array (node), index);
    }
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_get_object (node);
}

static char *
to_text (JsonNode *root)
{
  return json_to_string (root, TRUE);
}

static guint
array_length (JsonNode   *root,
              const char *path,
              const char *member)
{
  return json_array_get_length (json_object_get_array_member (object_at (root, path), member));
}

static TpBundleStats *
import_ok (TpDb       *db,
           const char *text,
           gboolean    dry_run)
{
  g_autoptr(TpBundleStats) stats = tp_bundle_stats_new ();
  g_autoptr(GError) error = NULL;

  tp_bundle_import_data (db, text, -1, "test.json", dry_run, stats, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&stats);
}

static void
import_fixture (TpDb *db)
{
  g_autofree char *text = fixture_text ();
  g_autoptr(TpBundleStats) stats = import_ok (db, text, FALSE);
}

static char *
export_text (TpDb               *db,
             const char * const *codes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = tp_bundle_export_bytes (db, codes, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* SHA-256 of the database file and its WAL, if any. */
static char *
file_state (const char *path)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_checksum_update (sum, (const guchar *) data, len);
  g_clear_pointer (&data, g_free);
  if (g_file_get_contents (wal, &data, &len, NULL))
    g_checksum_update (sum, (const guchar *) data, len);
  return g_strdup (g_checksum_get_string (sum));
}

/* ---- semantic comparison ----------------------------------------------- */

static const char *
element_key (JsonNode *node)
{
  static const char * const keys[] = { "id", "person_id", "source", NULL };
  JsonObject *obj;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  obj = json_node_get_object (node);
  for (guint i = 0; keys[i] != NULL; i++)
    if (json_object_has_member (obj, keys[i]))
      return keys[i];
  return NULL;
}

/* NULL when everything in @expected is in @actual with the same value
 * (objects may have more members; arrays of records are matched by key),
 * else a description of the first difference. */
static char *
json_subset_diff (JsonNode   *expected,
                  JsonNode   *actual,
                  const char *path)
{
  if (actual == NULL)
    return g_strdup_printf ("%s: missing", path);

  if (JSON_NODE_HOLDS_OBJECT (expected))
    {
      JsonObject *eo = json_node_get_object (expected);
      g_autoptr(GList) members = json_object_get_members (eo);

      if (!JSON_NODE_HOLDS_OBJECT (actual))
        return g_strdup_printf ("%s: not an object", path);
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *sub = g_strdup_printf ("%s.%s", path, (char *) l->data);
          char *diff = json_subset_diff (json_object_get_member (eo, l->data),
                                         json_object_get_member (json_node_get_object (actual), l->data),
                                         sub);
          if (diff != NULL)
            return diff;
        }
      return NULL;
    }

  if (JSON_NODE_HOLDS_ARRAY (expected))
    {
      JsonArray *ea = json_node_get_array (expected);
      JsonArray *aa;

      if (!JSON_NODE_HOLDS_ARRAY (actual))
        return g_strdup_printf ("%s: not an array", path);
      aa = json_node_get_array (actual);
      if (json_array_get_length (ea) != json_array_get_length (aa))
        return g_strdup_printf ("%s: %u elements instead of %u", path,
                                json_array_get_length (aa), json_array_get_length (ea));
      for (guint i = 0; i < json_array_get_length (ea); i++)
        {
          JsonNode *e = json_array_get_element (ea, i);
          JsonNode *match = NULL;
          const char *key = element_key (e);
          g_autofree char *sub = g_strdup_printf ("%s[%u]", path, i);
          char *diff;

          if (key == NULL)
            match = json_array_get_element (aa, i);
          else
            for (guint j = 0; j < json_array_get_length (aa) && match == NULL; j++)
              {
                JsonNode *a = json_array_get_element (aa, j);

                if (JSON_NODE_HOLDS_OBJECT (a) &&
                    g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (a), key, NULL),
                               json_object_get_string_member (json_node_get_object (e), key)) == 0)
                  match = a;
              }
          diff = json_subset_diff (e, match, sub);
          if (diff != NULL)
            return diff;
        }
      return NULL;
    }

  if (JSON_NODE_HOLDS_VALUE (expected))
    {
      GType type = json_node_get_value_type (expected);

      if (!JSON_NODE_HOLDS_VALUE (actual))
        return g_strdup_printf ("%s: not a value", path);
      if (type == G_TYPE_STRING)
        {
          if (g_strcmp0 (json_node_get_string (expected), json_node_get_string (actual)) != 0)
            return g_strdup_printf ("%s: “%s” instead of “%s”", path,
                                    json_node_get_string (actual), json_node_get_string (expected));
        }
      else if (type == G_TYPE_BOOLEAN)
        {
          if (json_node_get_value_type (actual) != G_TYPE_BOOLEAN ||
              json_node_get_boolean (expected) != json_node_get_boolean (actual))
            return g_strdup_printf ("%s: boolean differs", path);
        }
      else if (json_node_get_double (expected) != json_node_get_double (actual))
        return g_strdup_printf ("%s: %g instead of %g", path,
                                json_node_get_double (actual), json_node_get_double (expected));
      return NULL;
    }
  return NULL;
}

/* ---- tests ------------------------------------------------------------- */

static void
test_import_fixture (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) root = fixture_json ();
  g_autofree char *text = fixture_text ();
  g_autoptr(TpBundleStats) stats = NULL;
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(TpPerson) mai = NULL;
  g_autoptr(TpPerson) hhen = NULL;
  g_autoptr(TpCourse) course = NULL;
  const char *mai_id = json_object_get_string_member (object_at (root, "people[2]"), "id");
  const char *hhen_id = json_object_get_string_member (object_at (root, "people[7]"), "id");
  guint n_sessions = 0, n_enrolments = 0, n_trainers = 0, n_marks = 0;
  int log_before = count (f->db, "SELECT count(*) FROM change_log");

  for (guint i = 0; i < array_length (root, "", "courses"); i++)
    {
      g_autofree char *cpath = g_strdup_printf ("courses[%u]", i);

      n_sessions += array_length (root, cpath, "sessions");
      n_trainers += array_length (root, cpath, "trainers");
      n_enrolments += array_length (root, cpath, "enrollments");
      for (guint j = 0; j < array_length (root, cpath, "enrollments"); j++)
        {
          g_autofree char *epath = g_strdup_printf ("%s.enrollments[%u]", cpath, j);
          JsonObject *e = object_at (root, epath);

          if (json_object_has_member (e, "attendance"))
            n_marks += json_object_get_size (json_object_get_object_member (e, "attendance"));
        }
    }

  stats = import_ok (f->db, text, FALSE);

  g_assert_cmpuint (stats->counts[TP_BUNDLE_PEOPLE].added, ==, array_length (root, "", "people"));
  g_assert_cmpuint (stats->counts[TP_BUNDLE_COURSES].added, ==, array_length (root, "", "courses"));
  g_assert_cmpuint (stats->counts[TP_BUNDLE_SESSIONS].added, ==, n_sessions);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_TRAINERS].added, ==, n_trainers);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_ENROLMENTS].added, ==, n_enrolments);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_MARKS].added, ==, n_marks);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_CERTIFICATES].added, ==,
                    array_length (root, "", "certificates"));
  g_assert_cmpuint (stats->warnings->len, ==, 0);

  g_assert_cmpint (tp_store_count_people (f->db), ==, array_length (root, "", "people"));
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM attendance"), ==, n_marks);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM budget_lines"), ==, 3);

  /* Every change of the import is in one batch, which the stats name. */
  g_assert_nonnull (stats->batch_id);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM change_log WHERE batch = '%s'",
                                            stats->batch_id);

    g_assert_cmpint (count (f->db, sql), >, 0);
    g_assert_cmpint (count (f->db, sql), ==,
                     count (f->db, "SELECT count(*) FROM change_log") - log_before);
  }

  /* Fields as a user would see them. */
  mai = tp_store_get_person (f->db, mai_id, NULL);
  g_assert_nonnull (mai);
  g_assert_cmpstr (mai->full_name, ==, "Lò Thị Mai");
  g_assert_cmpstr (mai->given_name, ==, "Mai");
  g_assert_cmpstr (mai->family_name, ==, "Lò");
  g_assert_cmpint (mai->birth_year, ==, 1990);   /* from birth_date */
  g_assert_cmpstr (mai->ethnicity_id, ==, "thai");
  g_assert_true (mai->consent_sensitive);

  hhen = tp_store_get_person (f->db, hhen_id, NULL);
  g_assert_cmpstr (hhen->ethnicity_id, ==, "e-de");
  g_assert_cmpstr (hhen->sort_name, ==, "H'Hen Niê");

  course = tp_store_get_course_by_code (f->db, "LC-BDG-2026-01", NULL);
  g_assert_nonnull (course);
  g_assert_cmpint (course->status, ==, TP_COURSE_COMPLETED);
  g_assert_cmpfloat (course->pass_mark, ==, 5.0);
  g_assert_cmpint (course->budget->len, ==, 2);

  /* Vietnamese order: by given name, An before Anh, Đ after D. */
  people = tp_store_list_people (f->db, NULL, 0, NULL);
  g_assert_cmpstr (((TpPerson *) people->pdata[0])->full_name, ==, "Nguyễn Văn An");
  g_assert_cmpstr (((TpPerson *) people->pdata[1])->full_name, ==, "Phạm Thị Lan Anh");
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(JsonNode) fixture = fixture_json ();
  g_autoptr(JsonNode) exported = NULL;
  g_autoptr(TpBundleStats) stats = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *diff = NULL;
  g_autofree char *updated_before = NULL;
  g_autofree char *updated_after = NULL;
  g_autofree char *other_dir = NULL;
  g_autofree char *other_path = NULL;
  g_autoptr(TpDb) other = NULL;
  int log_before;

  import_fixture (f->db);
  first = export_text (f->db, NULL);
  exported = parse (first);

  /* Everything the fixture says is in the export. */
  diff = json_subset_diff (fixture, exported, "$");
  g_assert_cmpstr (diff, ==, NULL);

  /* Re-importing the export changes nothing at all. */
  log_before = count (f->db, "SELECT count(*) FROM change_log");
  updated_before = all_updated_at (f->db);
  stats = import_ok (f->db, first, FALSE);
  g_assert_cmpuint (tp_bundle_stats_n_changes (stats), ==, 0);
  g_assert_null (stats->batch_id);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log"), ==, log_before);
  updated_after = all_updated_at (f->db);
  g_assert_cmpstr (updated_after, ==, updated_before);

  /* Another database loaded from the export exports the same file. */
  other_dir = g_dir_make_tmp ("taphuan-bundle-XXXXXX", &error);
  g_assert_no_error (error);
  other_path = g_build_filename (other_dir, "other.db", NULL);
  other = tp_db_open (other_path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&stats, tp_bundle_stats_free);
  stats = import_ok (other, first, FALSE);
  second = export_text (other, NULL);
  g_assert_cmpstr (second, ==, first);

  g_clear_object (&other);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", other_dir);

    g_assert_cmpint (system (cmd), ==, 0);
  }
}

static void
test_idempotent (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *text = fixture_text ();
  g_autoptr(TpBundleStats) stats = NULL;
  g_autofree char *updated_before = NULL;
  g_autofree char *updated_after = NULL;
  int log_before;

  import_fixture (f->db);
  reopen (f);
  log_before = count (f->db, "SELECT count(*) FROM change_log");
  updated_before = all_updated_at (f->db);

  stats = import_ok (f->db, text, FALSE);
  g_assert_cmpuint (tp_bundle_stats_n_changes (stats), ==, 0);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_PEOPLE].unchanged, ==, 10);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_MARKS].added, ==, 0);
  g_assert_null (stats->batch_id);

  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log"), ==, log_before);
  updated_after = all_updated_at (f->db);
  g_assert_cmpstr (updated_after, ==, updated_before);
}

static void
test_update_logged (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonNode) root = fixture_json ();
  g_autoptr(TpBundleStats) stats = NULL;
  g_autoptr(TpPerson) person = NULL;
  g_autoptr(TpCourse) course = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *logged = NULL;
  JsonObject *p = object_at (root, "people[4]");
  JsonObject *c = object_at (root, "courses[1]");
  JsonObject *e = object_at (root, "courses[1].enrollments[2]");
  JsonObject *attendance = json_object_get_object_member (e, "attendance");
  g_autoptr(GList) session_ids = json_object_get_members (attendance);
  g_autofree char *session_id = g_strdup (session_ids->data);
  const char *person_id = json_object_get_string_member (p, "id");
  int log_before;

  import_fixture (f->db);
  log_before = count (f->db, "SELECT count(*) FROM change_log");

  json_object_set_string_member (p, "organization", "Sở Nội vụ tỉnh Lào Cai");
  json_object_set_string_member (c, "venue", "Hội trường UBND xã Bát Xát");
  json_object_set_string_member (attendance, session_id, "present");
  text = to_text (root);

  stats = import_ok (f->db, text, FALSE);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_PEOPLE].updated, ==, 1);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_PEOPLE].unchanged, ==, 9);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_COURSES].updated, ==, 1);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_MARKS].updated, ==, 1);
  g_assert_cmpuint (tp_bundle_stats_n_changes (stats), ==, 3);
  g_assert_nonnull (stats->batch_id);

  person = tp_store_get_person (f->db, person_id, NULL);
  g_assert_cmpstr (person->organization, ==, "Sở Nội vụ tỉnh Lào Cai");
  course = tp_store_get_course (f->db, json_object_get_string_member (c, "id"), NULL);
  g_assert_cmpstr (course->venue, ==, "Hội trường UBND xã Bát Xát");

  /* Three update rows, all in the import's batch, the old value kept. */
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log"), ==, log_before + 3);
  sql = g_strdup_printf ("SELECT old FROM change_log WHERE op = 'update' AND table_name = 'people'"
                         " AND row_id = ?1 AND batch = '%s'", stats->batch_id);
  logged = query_text (f->db, sql, person_id);
  g_assert_nonnull (logged);
  g_assert_nonnull (strstr (logged, "Sở Tư pháp tỉnh Lào Cai"));
}

static void
test_dry_run (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *text = fixture_text ();
  g_autoptr(TpBundleStats) stats = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  int log_before = count (f->db, "SELECT count(*) FROM change_log");

  g_clear_object (&f->db);
  before = file_state (f->path);
  reopen (f);

  stats = import_ok (f->db, text, TRUE);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_PEOPLE].added, ==, 10);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_COURSES].added, ==, 2);
  g_assert_null (stats->batch_id);
  g_assert_cmpint (tp_store_count_people (f->db), ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM change_log"), ==, log_before);

  g_clear_object (&f->db);
  after = file_state (f->path);
  g_assert_cmpstr (after, ==, before);
}

typedef struct {
  const char *name;
  const char *object;   /* path of the object to change, NULL: text below */
  const char *member;
  const char *json_value;  /* the new value, as JSON; NULL removes the member */
  const char *expected;    /* the message starts with "bad.json: " + this */
  int         code;
} BadCase;

static const BadCase bad_cases[] = {
  { "bad-date", "courses[1]", "start_date", "\"2026-02-30\"", "courses[1].start_date: ", TP_ERROR_INVALID },
  { "bad-updated-at", "people[3]", "updated_at", "\"yesterday\"", "people[3].updated_at: ", TP_ERROR_INVALID },
  { "updated-at-type", "courses[0]", "updated_at", "20260430", "courses[0].updated_at: ", TP_ERROR_INVALID },
  { "end-before-start", "courses[1]", "end_date", "\"2026-05-01\"", "courses[1].end_date: ", TP_ERROR_INVALID },
  { "unknown-sex", "people[3]", "sex", "\"f\"", "people[3].sex: ", TP_ERROR_INVALID },
  { "missing-sex", "people[5]", "sex", NULL, "people[5].sex: ", TP_ERROR_INVALID },
  { "bad-ethnicity", "people[2]", "ethnicity", "\"Klingon\"", "people[2].ethnicity: ", TP_ERROR_INVALID },
  { "bad-birth-year", "people[9]", "birth_year", "1850", "people[9].birth_year: ", TP_ERROR_INVALID },
  { "birth-year-type", "people[1]", "birth_year", "\"1979\"", "people[1].birth_year: ", TP_ERROR_INVALID },
  { "bad-national-id", "people[0]", "national_id", "\"12345\"", "people[0].national_id: ", TP_ERROR_INVALID },
  { "duplicate-code", "courses[1]", "code", "\"LC-BDG-2026-01\"", "courses[1].code: ", TP_ERROR_CONFLICT },
  { "session-outside", "courses[0].sessions[2]", "date", "\"2026-03-20\"", "courses[0].sessions[2].date: ", TP_ERROR_INVALID },
  { "bad-part", "courses[1].sessions[1]", "part", "\"evening\"", "courses[1].sessions[1].part: ", TP_ERROR_INVALID },
  { "bad-role", "courses[0].trainers[1]", "role", "\"boss\"", "courses[0].trainers[1].role: ", TP_ERROR_INVALID },
  { "unknown-person", "courses[1].enrollments[3]", "person_id", "\"no-such-person\"", "courses[1].enrollments[3].person_id: ", TP_ERROR_INVALID },
  { "threshold", "courses[0]", "completion_threshold", "120", "courses[0].completion_threshold: ", TP_ERROR_INVALID },
  { "pass-mark", "courses[0]", "pass_mark", "11", "courses[0].pass_mark: ", TP_ERROR_INVALID },
  { "unknown-type", "courses[1]", "type", "\"knitting\"", "courses[1].type: ", TP_ERROR_INVALID },
  { "budget-source", "courses[0].budget[1]", "source", "\"lottery\"", "courses[0].budget[1].source: ", TP_ERROR_INVALID },
  { "score", "courses[0].enrollments[1]", "post_test", "12", "courses[0].enrollments[1].post_test: ", TP_ERROR_INVALID },
  { "wrong-format", "", "format", "\"something-else\"", "format: ", TP_ERROR_PARSE },
  { "newer-version", "", "version", "2", "version: ", TP_ERROR_PARSE },
  { "people-not-list", "", "people", "{}", "people: ", TP_ERROR_INVALID },
  { "certificate-course", "certificates[0]", "course_id", "\"no-such-course\"", "certificates[0].course_id: ", TP_ERROR_INVALID },
};

static void
assert_rejected_unchanged (Fixture    *f,
                           const char *text,
                           const char *expected_prefix,
                           int         code)
{
  g_autoptr(TpBundleStats) stats = tp_bundle_stats_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *prefix = g_strconcat ("bad.json", expected_prefix, NULL);

  g_clear_object (&f->db);
  before = file_state (f->path);
  reopen (f);

  g_assert_false (tp_bundle_import_data (f->db, text, -1, "bad.json", FALSE, stats, &error));
  g_assert_error (error, TP_ERROR, code);
  g_test_message ("message: %s", error->message);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("“%s” does not start with “%s”", error->message, prefix);
  /* A reason follows the path. */
  g_assert_cmpuint (strlen (error->message), >, strlen (prefix) + 3);
  g_assert_cmpuint (tp_bundle_stats_n_changes (stats), ==, 0);

  g_clear_object (&f->db);
  after = file_state (f->path);
  g_assert_cmpstr (after, ==, before);
  reopen (f);
}

static void
test_bad_case (Fixture       *f,
               gconstpointer  data)
{
  const BadCase *bad = data;
  g_autoptr(JsonNode) root = fixture_json ();
  g_autofree char *text = NULL;
  g_autofree char *prefix = g_strconcat (": ", bad->expected, NULL);
  JsonObject *obj;

  import_fixture (f->db);

  /* Valid changes before the bad record must not reach the file either. */
  json_object_set_string_member (object_at (root, "people[0]"), "position", "Trưởng phòng");
  json_object_set_string_member (object_at (root, "courses[0]"), "venue", "Khách sạn Sapa");

  obj = object_at (root, bad->object);
  if (bad->json_value == NULL)
    json_object_remove_member (obj, bad->member);
  else
    json_object_set_member (obj, bad->member, parse (bad->json_value));
  text = to_text (root);

  assert_rejected_unchanged (f, text, prefix, bad->code);
}

static void
test_bad_mark (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(JsonNode) root = fixture_json ();
  g_autofree char *text = NULL;
  JsonObject *attendance = json_object_get_object_member (object_at (root, "courses[0].enrollments[0]"),
                                                          "attendance");
  g_autoptr(GList) ids = json_object_get_members (attendance);
  g_autofree char *session_id = g_strdup (ids->data);
  g_autofree char *bad_value = NULL;

  import_fixture (f->db);

  /* A mark that is not one of the four. */
  json_object_set_string_member (attendance, session_id, "sleeping");
  text = to_text (root);
  bad_value = g_strdup_printf (": courses[0].enrollments[0].attendance.%s: ", session_id);
  assert_rejected_unchanged (f, text, bad_value, TP_ERROR_INVALID);

  /* A session that is not in the course. */
  json_object_set_string_member (attendance, session_id, "present");
  json_object_set_string_member (attendance, "no-such-session", "present");
  g_free (text);
  text = to_text (root);
  assert_rejected_unchanged (f, text, ": courses[0].enrollments[0].attendance.no-such-session: ",
                             TP_ERROR_INVALID);
}

/* A problem found only while writing (a register number already used by
 * another certificate) still leaves the file as it was. */
static void
test_conflict_while_writing (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(JsonNode) root = fixture_json ();
  g_autoptr(JsonNode) copy = NULL;
  g_autofree char *text = NULL;
  JsonArray *certs = json_object_get_array_member (object_at (root, ""), "certificates");
  JsonObject *second;

  import_fixture (f->db);

  json_object_set_string_member (object_at (root, "people[0]"), "position", "Trưởng phòng");
  {
    /* json_node_copy () shares the object: copy through text. */
    g_autofree char *first = json_to_string (json_array_get_element (certs, 0), FALSE);

    copy = parse (first);
  }
  second = json_node_get_object (copy);
  json_object_set_string_member (second, "id", "3b0c6a8e-2a51-4c43-9d55-0c1f0d7e9a11");
  json_object_set_string_member (second, "verification_code", "ZZZZ-0000");
  json_object_set_int_member (second, "seq", 2);
  json_array_add_element (certs, g_steal_pointer (&copy));
  text = to_text (root);

  assert_rejected_unchanged (f, text, ": certificates[1]: ", TP_ERROR_CONFLICT);
}

/* A new course taking the code of a course already in the database. */
static void
test_code_taken_in_database (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *text = NULL;

  import_fixture (f->db);
  text = g_strdup ("{ \"format\": \"taphuan-bundle\", \"version\": 1, \"courses\": [\n"
                   "  { \"id\": \"a9d1b3c4-1111-4a2b-8c3d-4e5f60718293\", \"code\": \"LC-GBV-2026-02\",\n"
                   "    \"title\": \"Lớp khác\", \"type\": \"other\",\n"
                   "    \"start_date\": \"2026-09-01\", \"end_date\": \"2026-09-02\" } ] }");
  assert_rejected_unchanged (f, text, ": courses[0].code: ", TP_ERROR_CONFLICT);
}

static void
test_malformed_json (Fixture       *f,
                     gconstpointer  data)
{
  /* The stray comma is on line 4 (column 15, as json-glib 1.6 counts). */
  const char *text =
    "{\n"
    "  \"format\": \"taphuan-bundle\",\n"
    "  \"version\": 1,\n"
    "  \"people\": [ , ]\n"
    "}\n";

  import_fixture (f->db);
  assert_rejected_unchanged (f, text, ":4:", TP_ERROR_PARSE);
  assert_rejected_unchanged (f, "", ": ", TP_ERROR_PARSE);
  assert_rejected_unchanged (f, "[1, 2]", ": ", TP_ERROR_PARSE);
}

static void
test_unknown_fields (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(JsonNode) root = fixture_json ();
  g_autoptr(TpBundleStats) stats = NULL;
  g_autofree char *text = NULL;
  g_autofree char *all = NULL;

  json_object_set_string_member (object_at (root, ""), "exported_by", "Excel macro");
  json_object_set_string_member (object_at (root, "people[1]"), "nickname", "Anh Ba");
  json_object_set_string_member (object_at (root, "courses[0]"), "colour", "blue");
  json_object_set_int_member (object_at (root, "courses[1].sessions[0]"), "room", 3);
  text = to_text (root);

  stats = import_ok (f->db, text, FALSE);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_PEOPLE].added, ==, 10);
  g_assert_cmpuint (stats->warnings->len, ==, 4);
  g_ptr_array_add (stats->warnings, NULL);
  all = g_strjoinv ("\n", (char **) stats->warnings->pdata);
  g_test_message ("%s", all);
  g_assert_nonnull (strstr (all, "exported_by: "));
  g_assert_nonnull (strstr (all, "people[1].nickname: "));
  g_assert_nonnull (strstr (all, "courses[0].colour: "));
  g_assert_nonnull (strstr (all, "courses[1].sessions[0].room: "));
}

static void
test_ethnicity_names (Fixture       *f,
                      gconstpointer  data)
{
  static const struct {
    const char *written;
    const char *id;
  } cases[] = {
    { "Mèo", "hmong" },
    { "mường", "muong" },
    { "Ê Đê", "e-de" },
    { "KHƠ-ME", "kho-me" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = g_strdup_printf (
        "{\"format\": \"taphuan-bundle\", \"version\": 1, \"people\": ["
        " {\"id\": \"eth-%u\", \"full_name\": \"Người Thử %u\", \"sex\": \"female\","
        "  \"ethnicity\": \"%s\"}]}", i, i, cases[i].written);
      g_autofree char *id = g_strdup_printf ("eth-%u", i);
      g_autoptr(TpBundleStats) stats = import_ok (f->db, text, FALSE);
      g_autoptr(TpPerson) p = tp_store_get_person (f->db, id, NULL);

      g_assert_cmpstr (p->ethnicity_id, ==, cases[i].id);
    }
}

/* Text typed on Windows' Vietnamese keyboard arrives decomposed (NFD): it is
 * stored composed, and importing it again changes nothing. */
static void
test_nfd_input (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *nfd = g_utf8_normalize ("Đặng Thị Hoà", -1, G_NORMALIZE_NFD);
  g_autofree char *text = g_strdup_printf (
    "{\"format\": \"taphuan-bundle\", \"version\": 1, \"people\": ["
    " {\"id\": \"nfd-1\", \"full_name\": \"  %s \", \"sex\": \"female\"}]}", nfd);
  g_autoptr(TpBundleStats) first = import_ok (f->db, text, FALSE);
  g_autoptr(TpBundleStats) second = import_ok (f->db, text, FALSE);
  g_autoptr(TpPerson) p = tp_store_get_person (f->db, "nfd-1", NULL);

  g_assert_cmpstr (nfd, !=, "Đặng Thị Hoà");
  g_assert_cmpstr (p->full_name, ==, "Đặng Thị Hoà");
  g_assert_cmpstr (p->given_name, ==, "Hoà");
  g_assert_cmpuint (first->counts[TP_BUNDLE_PEOPLE].added, ==, 1);
  g_assert_cmpuint (second->counts[TP_BUNDLE_PEOPLE].unchanged, ==, 1);
}

static void
test_export_courses (Fixture       *f,
                     gconstpointer  data)
{
  const char * const codes[] = { "LC-GBV-2026-02", NULL };
  const char * const unknown[] = { "NO-SUCH-CODE", NULL };
  g_autoptr(JsonNode) fixture = fixture_json ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) referenced = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(TpBundleStats) stats = NULL;
  g_autofree char *text = NULL;
  JsonObject *course;
  JsonArray *people;

  import_fixture (f->db);
  text = export_text (f->db, codes);
  root = parse (text);

  g_assert_cmpuint (array_length (root, "", "courses"), ==, 1);
  course = object_at (root, "courses[0]");
  g_assert_cmpstr (json_object_get_string_member (course, "code"), ==, "LC-GBV-2026-02");
  g_assert_cmpuint (array_length (root, "", "certificates"), ==, 0);

  /* Exactly the people the course references: enrolled and trainers. */
  for (guint i = 0; i < array_length (root, "courses[0]", "enrollments"); i++)
    g_hash_table_add (referenced, (char *) json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (course, "enrollments"), i), "person_id"));
  for (guint i = 0; i < array_length (root, "courses[0]", "trainers"); i++)
    g_hash_table_add (referenced, (char *) json_object_get_string_member (
      json_array_get_object_element (json_object_get_array_member (course, "trainers"), i), "person_id"));
  people = json_object_get_array_member (object_at (root, ""), "people");
  g_assert_cmpuint (json_array_get_length (people), ==, g_hash_table_size (referenced));
  g_assert_cmpuint (json_array_get_length (people), <, array_length (fixture, "", "people"));
  for (guint i = 0; i < json_array_get_length (people); i++)
    g_assert_true (g_hash_table_contains (referenced, json_object_get_string_member (
      json_array_get_object_element (people, i), "id")));

  /* It re-imports without change. */
  stats = import_ok (f->db, text, FALSE);
  g_assert_cmpuint (tp_bundle_stats_n_changes (stats), ==, 0);

  none = tp_bundle_export_bytes (f->db, unknown, &error);
  g_assert_null (none);
  g_assert_error (error, TP_ERROR, TP_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "NO-SUCH-CODE"));
}

static char *
export_range (TpDb               *db,
              const char * const *codes,
              const char         *from,
              const char         *to)
{
  TpBundleExportOptions options = { codes, from, to };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = tp_bundle_export_bytes_full (db, &options, &error);

  g_assert_no_error (error);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* The fixture's courses start on 2026-03-10 (LC-BDG-2026-01) and
 * 2026-05-20 (LC-GBV-2026-02). */
static void
test_export_date_range (Fixture       *f,
                        gconstpointer  data)
{
  const char * const first[] = { "LC-BDG-2026-01", NULL };
  const char * const second[] = { "LC-GBV-2026-02", NULL };
  TpBundleExportOptions half_open = { NULL, "2026-01-01", NULL };
  TpBundleExportOptions reversed = { NULL, "2026-06-01", "2026-01-01" };
  TpBundleExportOptions bad_day = { NULL, "2026-02-30", "2026-06-01" };
  g_autofree char *by_first = NULL;
  g_autofree char *by_second = NULL;
  g_autofree char *all = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) none = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) codes = NULL;
  g_autoptr(TpBundleStats) stats = NULL;

  import_fixture (f->db);
  by_first = export_text (f->db, first);
  by_second = export_text (f->db, second);
  all = export_text (f->db, NULL);

  /* Both ends are included: the same files as exporting by code. */
  text = export_range (f->db, NULL, "2026-03-10", "2026-03-10");
  g_assert_cmpstr (text, ==, by_first);
  g_clear_pointer (&text, g_free);
  text = export_range (f->db, NULL, "2026-03-11", "2026-05-20");
  g_assert_cmpstr (text, ==, by_second);
  g_clear_pointer (&text, g_free);
  text = export_range (f->db, NULL, "2026-01-01", "2026-12-31");
  g_assert_cmpstr (text, ==, all);
  g_clear_pointer (&text, g_free);

  /* Codes and a range: the courses chosen by either. */
  text = export_range (f->db, first, "2026-05-01", "2026-05-31");
  g_assert_cmpstr (text, ==, all);
  g_clear_pointer (&text, g_free);

  /* A range with no course starting in it: no courses, people or
   * certificates. */
  text = export_range (f->db, NULL, "2026-03-11", "2026-05-19");
  root = parse (text);
  g_assert_cmpuint (array_length (root, "", "courses"), ==, 0);
  g_assert_cmpuint (array_length (root, "", "people"), ==, 0);
  g_assert_cmpuint (array_length (root, "", "certificates"), ==, 0);

  codes = tp_bundle_course_codes_between (f->db, "2026-01-01", "2026-12-31", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (codes), ==, 2);
  g_assert_cmpstr (codes[0], ==, "LC-BDG-2026-01");
  g_assert_cmpstr (codes[1], ==, "LC-GBV-2026-02");
  g_clear_pointer (&codes, g_strfreev);
  codes = tp_bundle_course_codes_between (f->db, "2026-03-11", "2026-05-19", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (codes), ==, 0);

  /* A range export re-imports without change. */
  g_clear_pointer (&text, g_free);
  text = export_range (f->db, NULL, "2026-05-01", "2026-05-31");
  stats = import_ok (f->db, text, FALSE);
  g_assert_cmpuint (tp_bundle_stats_n_changes (stats), ==, 0);

  /* Bad ranges are refused. */
  none = tp_bundle_export_bytes_full (f->db, &half_open, &error);
  g_assert_null (none);
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_clear_error (&error);
  none = tp_bundle_export_bytes_full (f->db, &reversed, &error);
  g_assert_null (none);
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-06-01"));
  g_clear_error (&error);
  none = tp_bundle_export_bytes_full (f->db, &bad_day, &error);
  g_assert_null (none);
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "2026-02-30"));
}

static void
set_updated_at (TpDb       *db,
                const char *table,
                const char *id,
                const char *when)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET updated_at = '%s' WHERE id = '%s'",
                                          table, when, id);

  g_assert_true (tp_db_exec (db, sql, &error));
  g_assert_no_error (error);
}

static gboolean
has_warning (TpBundleStats *stats,
             const char    *text)
{
  for (guint i = 0; i < stats->warnings->len; i++)
    if (g_str_equal (g_ptr_array_index (stats->warnings, i), text))
      return TRUE;
  return FALSE;
}

/* Bundles from several provinces: a record changed in the database after
 * the file's copy is kept and reported; an older one is updated; a file
 * without updated_at updates as before. */
static void
test_updated_at_conflicts (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonNode) root = fixture_json ();
  g_autoptr(TpBundleStats) stats = NULL;
  g_autoptr(TpPerson) person = NULL;
  g_autoptr(TpPerson) other = NULL;
  g_autoptr(TpCourse) course = NULL;
  g_autofree char *text = NULL;
  g_autofree char *exported = NULL;
  g_autoptr(JsonNode) exported_root = NULL;
  JsonObject *p3 = object_at (root, "people[3]");
  JsonObject *p4 = object_at (root, "people[4]");
  JsonObject *c1 = object_at (root, "courses[1]");
  const char *p3_id = json_object_get_string_member (p3, "id");
  const char *p4_id = json_object_get_string_member (p4, "id");
  const char *c1_id = json_object_get_string_member (c1, "id");
  g_autofree char *p3_org = NULL;
  g_autofree char *c1_venue = NULL;

  import_fixture (f->db);
  person = tp_store_get_person (f->db, p3_id, NULL);
  p3_org = g_strdup (person->organization);
  g_clear_pointer (&person, tp_person_free);
  course = tp_store_get_course (f->db, c1_id, NULL);
  c1_venue = g_strdup (course->venue);
  g_clear_pointer (&course, tp_course_free);

  /* Export writes the stored updated_at. */
  set_updated_at (f->db, "people", p3_id, "2026-05-02T09:15:00.000Z");
  exported = export_text (f->db, NULL);
  exported_root = parse (exported);
  {
    JsonArray *people = json_object_get_array_member (object_at (exported_root, ""), "people");
    const char *written = NULL;

    for (guint i = 0; i < json_array_get_length (people); i++)
      {
        JsonObject *o = json_array_get_object_element (people, i);

        if (g_str_equal (json_object_get_string_member (o, "id"), p3_id))
          written = json_object_get_string_member (o, "updated_at");
      }
    g_assert_cmpstr (written, ==, "2026-05-02T09:15:00.000Z");
  }

  /* people[3] and courses[1] changed in the database on 2026-05-02, the
   * file's copies are from 2026-04-30: kept. people[4] changed in the
   * database on 2026-04-01, before the file's: updated. */
  set_updated_at (f->db, "courses", c1_id, "2026-05-02T10:00:00.000Z");
  set_updated_at (f->db, "people", p4_id, "2026-04-01T00:00:00.000Z");
  json_object_set_string_member (p3, "organization", "Hội Phụ nữ tỉnh Lào Cai");
  json_object_set_string_member (p3, "updated_at", "2026-04-30T16:00:00Z");
  json_object_set_string_member (c1, "venue", "Nhà văn hoá thôn Cốc Ly");
  json_object_set_string_member (c1, "updated_at", "2026-04-30");
  json_object_set_string_member (p4, "organization", "Sở Nội vụ tỉnh Lào Cai");
  json_object_set_string_member (p4, "updated_at", "2026-04-30T16:00:00Z");
  text = to_text (root);

  /* A dry run says so too, and changes nothing. */
  stats = import_ok (f->db, text, TRUE);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_PEOPLE].conflicts, ==, 1);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_COURSES].conflicts, ==, 1);
  g_clear_pointer (&stats, tp_bundle_stats_free);

  stats = import_ok (f->db, text, FALSE);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_PEOPLE].conflicts, ==, 1);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_PEOPLE].updated, ==, 1);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_PEOPLE].unchanged, ==, 8);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_COURSES].conflicts, ==, 1);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_COURSES].updated, ==, 0);
  g_assert_true (has_warning (stats, "people[3]: kept the newer record in the database"
                              " (changed 2026-05-02), the file’s is from 2026-04-30"));
  g_assert_true (has_warning (stats, "courses[1]: kept the newer record in the database"
                              " (changed 2026-05-02), the file’s is from 2026-04-30"));

  person = tp_store_get_person (f->db, p3_id, NULL);
  g_assert_cmpstr (person->organization, ==, p3_org);
  g_assert_cmpstr (person->updated_at, ==, "2026-05-02T09:15:00.000Z");
  course = tp_store_get_course (f->db, c1_id, NULL);
  g_assert_cmpstr (course->venue, ==, c1_venue);
  other = tp_store_get_person (f->db, p4_id, NULL);
  g_assert_cmpstr (other->organization, ==, "Sở Nội vụ tỉnh Lào Cai");
  /* It keeps the time of the change, not of the import. */
  g_assert_cmpstr (other->updated_at, ==, "2026-04-30T16:00:00.000000Z");
  g_clear_pointer (&other, tp_person_free);

  /* The same day: the time tells them apart. */
  set_updated_at (f->db, "people", p3_id, "2026-04-30T17:00:00.000Z");
  g_clear_pointer (&stats, tp_bundle_stats_free);
  stats = import_ok (f->db, text, FALSE);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_PEOPLE].conflicts, ==, 1);
  g_assert_true (has_warning (stats, "people[3]: kept the newer record in the database"
                              " (changed 2026-04-30 17:00:00 UTC), the file’s is from 2026-04-30 16:00:00 UTC"));

  /* Without updated_at in the file, the file's record wins, as before. */
  json_object_remove_member (p3, "updated_at");
  json_object_remove_member (c1, "updated_at");
  g_clear_pointer (&text, g_free);
  text = to_text (root);
  g_clear_pointer (&stats, tp_bundle_stats_free);
  stats = import_ok (f->db, text, FALSE);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_PEOPLE].conflicts, ==, 0);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_PEOPLE].updated, ==, 1);
  g_assert_cmpuint (stats->counts[TP_BUNDLE_COURSES].updated, ==, 1);
  g_assert_cmpuint (stats->warnings->len, ==, 0);
  other = tp_store_get_person (f->db, p3_id, NULL);
  g_assert_cmpstr (other->organization, ==, "Hội Phụ nữ tỉnh Lào Cai");
  g_clear_pointer (&course, tp_course_free);
  course = tp_store_get_course (f->db, c1_id, NULL);
  g_assert_cmpstr (course->venue, ==, "Nhà văn hoá thôn Cốc Ly");
}

static void
test_export_file (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "export.json", NULL);
  g_autofree char *written = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(TpBundleStats) stats = tp_bundle_stats_new ();
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  import_fixture (f->db);
  g_assert_true (tp_bundle_export_file (f->db, path, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  g_assert_true (g_file_get_contents (path, &written, NULL, NULL));
  expected = export_text (f->db, NULL);
  g_assert_cmpstr (written, ==, expected);

  g_assert_true (tp_bundle_import_file (f->db, path, FALSE, stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tp_bundle_stats_n_changes (stats), ==, 0);

  /* A missing file is named in the message. */
  g_assert_false (tp_bundle_import_file (f->db, "/nonexistent/x.json", FALSE, stats, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/x.json: "));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/bundle/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("import-fixture", test_import_fixture);
  ADD ("round-trip", test_round_trip);
  ADD ("idempotent", test_idempotent);
  ADD ("update-logged", test_update_logged);
  ADD ("dry-run", test_dry_run);
  ADD ("unknown-fields", test_unknown_fields);
  ADD ("ethnicity-names", test_ethnicity_names);
  ADD ("nfd-input", test_nfd_input);
  ADD ("export-courses", test_export_courses);
  ADD ("export-file", test_export_file);
  ADD ("export-date-range", test_export_date_range);
  ADD ("updated-at-conflicts", test_updated_at_conflicts);
  ADD ("invalid/mark", test_bad_mark);
  ADD ("invalid/conflict-while-writing", test_conflict_while_writing);
  ADD ("invalid/code-taken-in-database", test_code_taken_in_database);
  ADD ("invalid/malformed-json", test_malformed_json);
#undef ADD

  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/bundle/invalid/%s", bad_cases[i].name);

      g_test_add (name, Fixture, &bad_cases[i], fixture_setup, test_bad_case, fixture_teardown);
    }

  return g_test_run ();
}
