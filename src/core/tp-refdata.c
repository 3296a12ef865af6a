/* tp-refdata.c: the shipped reference data, loaded into each new database,
 * and the look-ups the rest of the app makes in it. */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "taphuan-refdata.h"
#include "tp-refdata.h"
#include "tp-text.h"

#define RESOURCE_PREFIX "/io/github/taphuan/Taphuan/refdata/"

void
tp_ref_item_free (TpRefItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->name);
  g_free (item->name_en);
  g_free (item->name_vi);
  g_free (item->parent);
  g_free (item->extra);
  g_free (item);
}

static GBytes *
load_resource (const char  *name,
               GError     **error)
{
  g_autofree char *path = g_strconcat (RESOURCE_PREFIX, name, NULL);

  /* Referencing the resource keeps it linked in from the static library. */
  (void) taphuan_refdata_get_resource ();
  return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

static gboolean
step_done (TpDb          *db,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return tp_db_set_error (db, rc, error);
  return TRUE;
}

static void
bind_str (sqlite3_stmt *stmt,
          int           col,
          const char   *value)
{
  if (value == NULL || *value == '\0')
    sqlite3_bind_null (stmt, col);
  else
    sqlite3_bind_text (stmt, col, value, -1, SQLITE_TRANSIENT);
}

static gboolean
load_admin_units (TpDb     *db,
                  GError  **error)
{
  g_autoptr(GBytes) bytes = load_resource ("vn-admin-units-2026-07-25.json", error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *now = tp_now_iso ();
  sqlite3_stmt *prov = NULL, *comm = NULL;
  JsonArray *provinces;
  gboolean ok = TRUE;

  if (bytes == NULL)
    return FALSE;
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
    return FALSE;
  provinces = json_node_get_array (json_parser_get_root (parser));

  prov = tp_db_prepare (db, "INSERT INTO provinces (code, name, full_name, name_en, admin_version, fold, created_at, updated_at)"
                            " VALUES (?1, ?2, ?3, ?4, '" TP_ADMIN_DATA_VERSION "', ?5, ?6, ?6)", error);
  comm = tp_db_prepare (db, "INSERT INTO communes (code, province_code, name, full_name, name_en, admin_version, fold, created_at, updated_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, '" TP_ADMIN_DATA_VERSION "', ?6, ?7, ?7)", error);
  if (prov == NULL || comm == NULL)
    ok = FALSE;

  for (guint i = 0; ok && i < json_array_get_length (provinces); i++)
    {
      JsonObject *p = json_array_get_object_element (provinces, i);
      const char *code = json_object_get_string_member (p, "Code");
      const char *full = json_object_get_string_member (p, "FullName");
      g_autofree char *fold = tp_text_fold (full);
      JsonArray *wards = json_object_get_array_member (p, "Wards");

      bind_str (prov, 1, code);
      bind_str (prov, 2, json_object_get_string_member (p, "Name"));
      bind_str (prov, 3, full);
      bind_str (prov, 4, json_object_get_string_member (p, "NameEn"));
      bind_str (prov, 5, fold);
      bind_str (prov, 6, now);
      ok = step_done (db, prov, error);

      for (guint j = 0; ok && wards != NULL && j < json_array_get_length (wards); j++)
        {
          JsonObject *w = json_array_get_object_element (wards, j);
          const char *wfull = json_object_get_string_member (w, "FullName");
          g_autofree char *wfold = tp_text_fold (wfull);

          bind_str (comm, 1, json_object_get_string_member (w, "Code"));
          bind_str (comm, 2, code);
          bind_str (comm, 3, json_object_get_string_member (w, "Name"));
          bind_str (comm, 4, wfull);
          bind_str (comm, 5, json_object_get_string_member (w, "NameEn"));
          bind_str (comm, 6, wfold);
          bind_str (comm, 7, now);
          ok = step_done (db, comm, error);
        }
    }
  sqlite3_finalize (prov);
  sqlite3_finalize (comm);
  return ok;
}

static gboolean
load_ethnic_groups (TpDb     *db,
                    GError  **error)
{
  g_autoptr(GBytes) bytes = load_resource ("ethnic-groups.csv", error);
  g_autofree char *now = tp_now_iso ();
  g_auto(GStrv) lines = NULL;
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  if (bytes == NULL)
    return FALSE;
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    lines = g_strsplit (text, "\n", -1);
  }
  stmt = tp_db_prepare (db, "INSERT INTO ethnic_groups (id, name_vi, code_121_1979, code_1019_2008, name_vi_2008, aliases, position, created_at, updated_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)", error);
  if (stmt == NULL)
    return FALSE;
  /* Line 0 is the header; the file has no quoted fields. */
  for (guint i = 1; ok && lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));

      if (*line == '\0')
        continue;
      f = g_strsplit (line, ",", 6);
      if (g_strv_length (f) < 5)
        continue;
      for (int k = 0; k < 6 && f[k] != NULL; k++)
        {
          g_autofree char *nfc = tp_text_normalize (f[k]);
          bind_str (stmt, k + 1, nfc);
        }
      sqlite3_bind_int (stmt, 7, (int) i);
      bind_str (stmt, 8, now);
      ok = step_done (db, stmt, error);
    }
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
load_simple_list (TpDb        *db,
                  JsonObject  *root,
                  const char  *table,
                  GError     **error)
{
  JsonArray *items = json_object_get_array_member (root, table);
  g_autofree char *now = tp_now_iso ();
  g_autofree char *sql = NULL;
  gboolean is_types = g_str_equal (table, "course_types");
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  if (is_types)
    sql = g_strdup ("INSERT INTO course_types (id, name_vi, name_en, is_tot, builtin, position, created_at, updated_at)"
                    " VALUES (?1, ?2, ?3, ?5, 1, ?4, ?6, ?6)");
  else
    sql = g_strdup_printf ("INSERT INTO %s (id, name_vi, name_en, builtin, position, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, 1, ?4, ?6, ?6)", table);
  stmt = tp_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; ok && i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);

      bind_str (stmt, 1, json_object_get_string_member (o, "id"));
      bind_str (stmt, 2, json_object_get_string_member (o, "name_vi"));
      bind_str (stmt, 3, json_object_get_string_member (o, "name_en"));
      sqlite3_bind_int (stmt, 4, (int) i);
      if (is_types)
        sqlite3_bind_int (stmt, 5, json_object_get_boolean_member_with_default (o, "is_tot", FALSE));
      bind_str (stmt, 6, now);
      ok = step_done (db, stmt, error);
    }
  sqlite3_finalize (stmt);
  return ok;
}

static gboolean
load_agencies (TpDb        *db,
               JsonObject  *root,
               GError     **error)
{
  JsonArray *items = json_object_get_array_member (root, "agencies");
  g_autofree char *now = tp_now_iso ();
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;

  stmt = tp_db_prepare (db, "INSERT INTO agencies (id, name_vi, name_en, short_name, parent_id, valid_from, valid_to, roles, created_at, updated_at)"
                            " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)", error);
  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; ok && i < json_array_get_length (items); i++)
    {
      JsonObject *o = json_array_get_object_element (items, i);
      JsonArray *roles = json_object_get_array_member (o, "roles");
      g_autoptr(GString) role_str = g_string_new (",");

      for (guint r = 0; roles != NULL && r < json_array_get_length (roles); r++)
        g_string_append_printf (role_str, "%s,", json_array_get_string_element (roles, r));

      bind_str (stmt, 1, json_object_get_string_member (o, "id"));
      bind_str (stmt, 2, json_object_get_string_member (o, "name_vi"));
      bind_str (stmt, 3, json_object_get_string_member (o, "name_en"));
      bind_str (stmt, 4, json_object_get_string_member_with_default (o, "short_name", NULL));
      bind_str (stmt, 5, json_object_get_string_member_with_default (o, "parent", NULL));
      bind_str (stmt, 6, json_object_get_string_member_with_default (o, "valid_from", NULL));
      bind_str (stmt, 7, json_object_get_string_member_with_default (o, "valid_to", NULL));
      bind_str (stmt, 8, role_str->str);
      bind_str (stmt, 9, now);
      ok = step_done (db, stmt, error);
    }
  sqlite3_finalize (stmt);
  return ok;
}

gboolean
tp_refdata_load_defaults (TpDb     *db,
                          GError  **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;

  if (!load_admin_units (db, error) || !load_ethnic_groups (db, error))
    return FALSE;

  bytes = load_resource ("defaults.json", error);
  if (bytes == NULL)
    return FALSE;
  if (!json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
    return FALSE;
  root = json_node_get_object (json_parser_get_root (parser));

  return load_simple_list (db, root, "course_types", error) &&
         load_simple_list (db, root, "target_groups", error) &&
         load_simple_list (db, root, "funding_sources", error) &&
         load_agencies (db, root, error);
}

/* ---- look-ups ---------------------------------------------------------- */

/* Reference names are shown in the language of the user interface. */
static gboolean
prefer_english (void)
{
  /* Translators: "vi" in the Vietnamese catalogue, anything else elsewhere.
   * It picks which of the reference data's names is shown. */
  return g_strcmp0 (C_("reference-data-language", "en"), "vi") != 0;
}

/* Columns: id, name (Vietnamese), name_en, parent, extra; @localized:
 * item->name follows the interface language. */
static GPtrArray *
list_items_full (gboolean    localized,
                 TpDb       *db,
                 const char *sql,
                 const char *param)
{
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_ref_item_free);
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, NULL);
  gboolean english = localized && prefer_english ();

  if (stmt == NULL)
    return items;
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TpRefItem *item = g_new0 (TpRefItem, 1);

      item->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      item->name_vi = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      item->name_en = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      item->name = g_strdup (english && item->name_en != NULL && *item->name_en != '\0'
                             ? item->name_en : item->name_vi);
      item->parent = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      item->extra = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      g_ptr_array_add (items, item);
    }
  sqlite3_finalize (stmt);
  return items;
}

#define list_items(db, sql, param) list_items_full (FALSE, db, sql, param)
#define list_items_localized(db, sql, param) list_items_full (TRUE, db, sql, param)

GPtrArray *
tp_refdata_list_provinces (TpDb *db)
{
  return list_items (db, "SELECT code, full_name, name_en, NULL, name FROM provinces ORDER BY code", NULL);
}

GPtrArray *
tp_refdata_list_communes (TpDb       *db,
                          const char *province_code)
{
  return list_items (db, "SELECT code, full_name, name_en, province_code, name FROM communes"
                         " WHERE province_code = ?1 ORDER BY code", province_code);
}

GPtrArray *
tp_refdata_list_ethnic_groups (TpDb *db)
{
  return list_items (db, "SELECT id, name_vi, NULL, NULL, code_121_1979 || ';' || code_1019_2008"
                         " FROM ethnic_groups ORDER BY position", NULL);
}

GPtrArray *
tp_refdata_list_course_types (TpDb *db)
{
  return list_items_localized (db, "SELECT id, name_vi, name_en, NULL, CASE is_tot WHEN 1 THEN 'tot' END"
                                   " FROM course_types ORDER BY position, id", NULL);
}

GPtrArray *
tp_refdata_list_target_groups (TpDb *db)
{
  return list_items_localized (db, "SELECT id, name_vi, name_en, NULL, NULL FROM target_groups ORDER BY position, id", NULL);
}

GPtrArray *
tp_refdata_list_funding_sources (TpDb *db)
{
  return list_items_localized (db, "SELECT id, name_vi, name_en, NULL, NULL FROM funding_sources ORDER BY position, id", NULL);
}

static char *
lookup_text (TpDb       *db,
             const char *sql,
             const char *param)
{
  sqlite3_stmt *stmt;
  char *result = NULL;

  if (param == NULL)
    return NULL;
  stmt = tp_db_cached (db, sql, NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return result;
}

#define NAME_SQL(table) \
  (prefer_english () ? "SELECT coalesce(nullif(name_en, ''), name_vi) FROM " table " WHERE id = ?1" \
                     : "SELECT name_vi FROM " table " WHERE id = ?1")

char *
tp_refdata_province_name (TpDb *db, const char *code)
{
  return lookup_text (db, "SELECT full_name FROM provinces WHERE code = ?1", code);
}

char *
tp_refdata_commune_name (TpDb *db, const char *code)
{
  return lookup_text (db, "SELECT full_name FROM communes WHERE code = ?1", code);
}

char *
tp_refdata_ethnicity_name (TpDb *db, const char *id)
{
  return lookup_text (db, "SELECT name_vi FROM ethnic_groups WHERE id = ?1", id);
}

char *
tp_refdata_course_type_name (TpDb *db, const char *id)
{
  return lookup_text (db, NAME_SQL ("course_types"), id);
}

char *
tp_refdata_target_group_name (TpDb *db, const char *id)
{
  return lookup_text (db, NAME_SQL ("target_groups"), id);
}

char *
tp_refdata_funding_source_name (TpDb *db, const char *id)
{
  return lookup_text (db, NAME_SQL ("funding_sources"), id);
}

char *
tp_refdata_course_type_name_vi (TpDb *db, const char *id)
{
  return lookup_text (db, "SELECT name_vi FROM course_types WHERE id = ?1", id);
}

char *
tp_refdata_target_group_name_vi (TpDb *db, const char *id)
{
  return lookup_text (db, "SELECT name_vi FROM target_groups WHERE id = ?1", id);
}

char *
tp_refdata_funding_source_name_vi (TpDb *db, const char *id)
{
  return lookup_text (db, "SELECT name_vi FROM funding_sources WHERE id = ?1", id);
}

gboolean
tp_refdata_course_type_is_tot (TpDb *db, const char *id)
{
  g_autofree char *v = lookup_text (db, "SELECT is_tot FROM course_types WHERE id = ?1", id);

  return g_strcmp0 (v, "1") == 0;
}

gboolean
tp_refdata_exists (TpDb       *db,
                   const char *table,
                   const char *id)
{
  static const char * const allowed[] = {
    "provinces", "communes", "ethnic_groups", "course_types", "target_groups",
    "funding_sources", "agencies",
  };
  g_autofree char *sql = NULL;
  g_autofree char *found = NULL;
  gboolean known = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (allowed); i++)
    known |= g_str_equal (allowed[i], table);
  g_return_val_if_fail (known, FALSE);

  if (g_str_equal (table, "provinces") || g_str_equal (table, "communes"))
    sql = g_strdup_printf ("SELECT 1 FROM %s WHERE code = ?1", table);
  else
    sql = g_strdup_printf ("SELECT 1 FROM %s WHERE id = ?1", table);
  found = lookup_text (db, sql, id);
  return found != NULL;
}

/* The fold used to match ethnicity names: marks, case, hyphens, apostrophes
 * and spaces all ignored ("Khơ-me" = "khome", "H'Mông" = "hmong"). */
static char *
ethnic_key (const char *text)
{
  g_autofree char *fold = tp_text_fold (text);
  GString *out;

  if (fold == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (const char *p = fold; *p; p++)
    if (g_ascii_isalnum (*p) || (guchar) *p >= 0x80)
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* key → id for every name and alias, built once per connection. */
static GHashTable *
ethnic_index (TpDb *db)
{
  GHashTable *index = g_object_get_data (G_OBJECT (db), "tp-ethnic-index");
  sqlite3_stmt *stmt;

  if (index != NULL)
    return index;
  index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  stmt = tp_db_prepare (db, "SELECT id, name_vi, name_vi_2008, aliases FROM ethnic_groups ORDER BY position DESC", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      for (int col = 0; col < 4; col++)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, col);
          g_auto(GStrv) names = NULL;

          if (value == NULL)
            continue;
          names = g_strsplit (value, ";", -1);
          for (guint i = 0; names[i] != NULL; i++)
            {
              const char *paren = strchr (names[i], '(');
              char *k = ethnic_key (names[i]);

              if (k != NULL && *k != '\0')
                g_hash_table_insert (index, k, g_strdup (id));
              else
                g_free (k);
              /* "Kinh (Việt)" also answers to "Kinh". */
              if (paren != NULL)
                {
                  g_autofree char *head = g_strndup (names[i], paren - names[i]);
                  g_hash_table_insert (index, ethnic_key (head), g_strdup (id));
                }
            }
        }
    }
  sqlite3_finalize (stmt);
  g_object_set_data_full (G_OBJECT (db), "tp-ethnic-index", index, (GDestroyNotify) g_hash_table_unref);
  return index;
}

char *
tp_refdata_match_ethnicity (TpDb       *db,
                            const char *text)
{
  g_autofree char *key = ethnic_key (text);

  if (key == NULL || *key == '\0')
    return NULL;
  return g_strdup (g_hash_table_lookup (ethnic_index (db), key));
}

gboolean
tp_refdata_is_ethnic_minority (const char *ethnicity_id)
{
  return ethnicity_id != NULL && !g_str_equal (ethnicity_id, "kinh");
}

char *
tp_refdata_agency_name_on (TpDb       *db,
                           const char *role,
                           const char *date)
{
  g_autofree char *pattern = g_strdup_printf ("%%,%s,%%", role);
  sqlite3_stmt *stmt;
  char *name = NULL;

  stmt = tp_db_prepare (db,
                        "SELECT name_vi FROM agencies WHERE roles LIKE ?1"
                        " AND (valid_from IS NULL OR valid_from <= ?2)"
                        " AND (valid_to IS NULL OR valid_to >= ?2)"
                        " ORDER BY valid_from IS NULL, valid_from DESC LIMIT 1",
                        NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, date, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return name;
}

gboolean
tp_refdata_add (TpDb        *db,
                const char  *table,
                const char  *id,
                const char  *name_vi,
                const char  *name_en,
                GError     **error)
{
  g_autofree char *sql = NULL;
  g_autofree char *now = tp_now_iso ();
  g_autofree char *vi = tp_text_normalize (name_vi);
  g_autofree char *en = tp_text_normalize (name_en);
  sqlite3_stmt *stmt;
  int rc;

  if (!g_str_equal (table, "course_types") && !g_str_equal (table, "target_groups") &&
      !g_str_equal (table, "funding_sources"))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID, _("Unknown list “%s”"), table);
      return FALSE;
    }
  if (id == NULL || *id == '\0' || vi == NULL || *vi == '\0')
    {
      g_set_error_literal (error, TP_ERROR, TP_ERROR_INVALID, _("An entry needs an id and a Vietnamese name"));
      return FALSE;
    }
  if (!tp_db_begin (db, error))
    return FALSE;
  sql = g_strdup_printf ("INSERT INTO %s (id, name_vi, name_en, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)", table);
  stmt = tp_db_prepare (db, sql, error);
  if (stmt == NULL)
    {
      tp_db_rollback (db);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, vi, -1, SQLITE_TRANSIENT);
  bind_str (stmt, 3, en);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      if ((rc & 0xff) == SQLITE_CONSTRAINT)
        g_set_error (error, TP_ERROR, TP_ERROR_CONFLICT, _("“%s” is already in the list"), id);
      else
        tp_db_set_error (db, rc, error);
      tp_db_rollback (db);
      return FALSE;
    }
  return tp_db_commit (db, error);
}
