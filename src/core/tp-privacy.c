/* tp-privacy.c: exporting, anonymising and deleting a person; consent,
 * retention and the record of processing. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "tp-backup.h"
#include "tp-history.h"
#include "tp-privacy.h"
#include "tp-store.h"
#include "tp-textdoc.h"

#define ANON_PREFIX "Ẩn danh "

char *
tp_privacy_anonymous_name (const char *person_id)
{
  g_autofree char *short_id = g_strndup (person_id, 8);

  return g_strconcat (ANON_PREFIX, short_id, NULL);
}

gboolean
tp_privacy_is_anonymised (const TpPerson *person)
{
  g_autofree char *name = tp_privacy_anonymous_name (person->id);

  return g_strcmp0 (person->full_name, name) == 0;
}

static gint64
query_int (TpDb       *db,
           const char *sql,
           const char *arg)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static gboolean
run_sql (TpDb        *db,
         const char  *sql,
         const char  *arg,
         GError     **error)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return tp_db_set_error (db, rc, error);
  return TRUE;
}

/* ---- export ---------------------------------------------------------------- */

static void
add_member_text (JsonBuilder *b,
                 const char  *key,
                 const char  *value)
{
  json_builder_set_member_name (b, key);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

/* Adds the columns of the current row of @stmt as members. */
static void
add_row_members (JsonBuilder  *b,
                 sqlite3_stmt *stmt)
{
  for (int i = 0; i < sqlite3_column_count (stmt); i++)
    {
      json_builder_set_member_name (b, sqlite3_column_name (stmt, i));
      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_INTEGER:
          json_builder_add_int_value (b, sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_FLOAT:
          json_builder_add_double_value (b, sqlite3_column_double (stmt, i));
          break;
        case SQLITE_NULL:
          json_builder_add_null_value (b);
          break;
        default:
          /* Nested rows come as JSON text from json_group_array (). */
          if (g_str_equal (sqlite3_column_name (stmt, i), "attendance"))
            {
              JsonNode *node = json_from_string ((const char *) sqlite3_column_text (stmt, i), NULL);

              if (node != NULL)
                {
                  json_builder_add_value (b, node);
                  break;
                }
            }
          json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, i));
          break;
        }
    }
}

static gboolean
add_rows (TpDb         *db,
          JsonBuilder  *b,
          const char   *member,
          const char   *sql,
          const char   *id,
          GError      **error)
{
  sqlite3_stmt *stmt = tp_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (b);
      add_row_members (b, stmt);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return tp_db_set_error (db, rc, error);
  return TRUE;
}

#define PERSON_EXPORT_COLUMNS \
  "id, full_name, family_name, middle_name, given_name, sort_name, sex, birth_year, birth_date," \
  " ethnicity_id, (SELECT name_vi FROM ethnic_groups e WHERE e.id = people.ethnicity_id) AS ethnicity," \
  " national_id, phone, email, organization, position, province_code, commune_code, admin_version," \
  " target_group, consent_sensitive, consent_date, consent_method, created_at, updated_at"

JsonNode *
tp_privacy_export_json (TpDb        *db,
                        const char  *person_id,
                        GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *now = tp_now_iso ();
  sqlite3_stmt *stmt;

  stmt = tp_db_prepare (db, "SELECT " PERSON_EXPORT_COLUMNS " FROM people WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, person_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_finalize (stmt);
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND, _("No person with id “%s”"), person_id);
      return NULL;
    }

  json_builder_begin_object (b);
  add_member_text (b, "format", "taphuan-person-export");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  add_member_text (b, "exported_at", now);
  add_member_text (b, "exported_by", g_get_user_name ());
  add_member_text (b, "notice", "CHỨA DỮ LIỆU CÁ NHÂN NHẠY CẢM");
  json_builder_set_member_name (b, "person");
  json_builder_begin_object (b);
  add_row_members (b, stmt);
  json_builder_end_object (b);
  sqlite3_finalize (stmt);

  if (!add_rows (db, b, "enrolments",
                 "SELECT c.code AS course_code, c.title AS course_title, c.start_date, c.end_date,"
                 " c.venue, e.status, e.pre_test, e.post_test,"
                 " (SELECT json_group_array (json_object ('date', s.date, 'part', s.part, 'mark', a.mark))"
                 "    FROM attendance a JOIN sessions s ON s.id = a.session_id"
                 "   WHERE a.enrolment_id = e.id ORDER BY s.date, s.part) AS attendance,"
                 " e.created_at"
                 " FROM enrolments e JOIN courses c ON c.id = e.course_id"
                 " WHERE e.person_id = ?1 ORDER BY c.start_date, c.code",
                 person_id, error) ||
      !add_rows (db, b, "trainer_roles",
                 "SELECT c.code AS course_code, c.title AS course_title, c.start_date, c.end_date, t.role"
                 " FROM course_trainers t JOIN courses c ON c.id = t.course_id"
                 " WHERE t.person_id = ?1 ORDER BY c.start_date, c.code",
                 person_id, error) ||
      !add_rows (db, b, "trainer_profile",
                 "SELECT topics, qualification, created_at, updated_at FROM trainer_profiles WHERE person_id = ?1",
                 person_id, error) ||
      !add_rows (db, b, "certificates",
                 "SELECT r.register_no, r.serial, c.code AS course_code, c.title AS course_title, r.issued_on,"
                 " r.signer, r.status, r.revoked_reason"
                 " FROM certificates r JOIN courses c ON c.id = r.course_id"
                 " WHERE r.person_id = ?1 ORDER BY r.issued_on, r.register_no",
                 person_id, error))
    return NULL;

  history = tp_history_for_person (db, person_id, error);
  if (history == NULL)
    return NULL;
  json_builder_set_member_name (b, "history");
  json_builder_begin_array (b);
  for (guint i = 0; i < history->len; i++)
    {
      TpHistoryEntry *e = g_ptr_array_index (history, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "seq");
      json_builder_add_int_value (b, e->seq);
      add_member_text (b, "at", e->at);
      add_member_text (b, "user", e->user);
      add_member_text (b, "what", e->what);
      add_member_text (b, "op", e->op == TP_HISTORY_INSERT ? "insert"
                              : e->op == TP_HISTORY_UPDATE ? "update" : "delete");
      json_builder_set_member_name (b, "changes");
      json_builder_begin_array (b);
      for (guint j = 0; j < e->changes->len; j++)
        {
          TpHistoryChange *c = g_ptr_array_index (e->changes, j);

          json_builder_begin_object (b);
          add_member_text (b, "field", c->field);
          add_member_text (b, "old", c->old_value);
          add_member_text (b, "new", c->new_value);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* Writes @data to @path through @path.part, private to the user. */
static gboolean
write_private (const char  *path,
               const char  *data,
               gsize        len,
               GError     **error)
{
  g_autofree char *tmp = g_strdup_printf ("%s.part", path);
  int fd = g_open (tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  gsize done = 0;
  int saved = 0;

  if (fd < 0)
    saved = errno;
  while (fd >= 0 && done < len)
    {
      gssize n = write (fd, data + done, len - done);
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          saved = errno;
          break;
        }
      done += n;
    }
  if (fd >= 0)
    {
      if (saved == 0 && fsync (fd) != 0)
        saved = errno;
      if (close (fd) != 0 && saved == 0)
        saved = errno;
    }
  if (saved == 0 && g_rename (tmp, path) != 0)
    saved = errno;
  if (saved != 0)
    {
      g_unlink (tmp);
      g_set_error (error, TP_ERROR, saved == ENOSPC ? TP_ERROR_IO : TP_ERROR_READ_ONLY,
                   _("“%s” cannot be written: %s"), path, g_strerror (saved));
      return FALSE;
    }
  g_chmod (path, 0600);
  return TRUE;
}

static const char *
member_string (JsonObject *obj,
               const char *key,
               char      **owned)
{
  JsonNode *node;

  g_clear_pointer (owned, g_free);
  if (obj == NULL || !json_object_has_member (obj, key))
    return NULL;
  node = json_object_get_member (obj, key);
  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    *owned = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      *owned = g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", json_node_get_double (node)));
    }
  return *owned;
}

static gboolean
export_pdf (TpDb        *db,
            JsonObject  *root,
            const char  *path,
            GError     **error)
{
  static const struct {
    const char *key;
    const char *label;
  } person_fields[] = {
    { "full_name", N_("Full name") },
    { "sex", N_("Sex") },
    { "birth_year", N_("Birth year") },
    { "birth_date", N_("Date of birth") },
    { "ethnicity", N_("Ethnicity") },
    { "national_id", N_("ID number") },
    { "phone", N_("Phone") },
    { "email", N_("E-mail") },
    { "organization", N_("Organisation") },
    { "position", N_("Position") },
    { "province_code", N_("Province") },
    { "commune_code", N_("Commune") },
    { "target_group", N_("Target group") },
    { "consent_sensitive", N_("Consent to sensitive data") },
    { "consent_date", N_("Consent date") },
    { "consent_method", N_("Consent given by") },
    { "created_at", N_("Added to the register") },
    { "updated_at", N_("Last changed") },
  };
  JsonObject *person = json_object_get_object_member (root, "person");
  TpTextDoc *doc = tp_text_doc_new (path, error);
  g_autofree char *owned = NULL;
  g_autofree char *agency = tp_db_get_setting (db, "office.agency");
  g_autofree char *intro = NULL;
  JsonArray *array;

  if (doc == NULL)
    return FALSE;
  tp_text_doc_set_banner (doc, "CHỨA DỮ LIỆU CÁ NHÂN NHẠY CẢM");
  tp_text_doc_title (doc, _("Personal data held about a person"));
  intro = g_strdup_printf (_("Everything %s holds in Taphuan about the person below, as of %s, exported by %s."),
                           agency != NULL ? agency : _("the office"),
                           json_object_get_string_member (root, "exported_at"),
                           json_object_get_string_member (root, "exported_by"));
  tp_text_doc_paragraph (doc, intro);

  tp_text_doc_heading (doc, _("Personal details"));
  for (guint i = 0; i < G_N_ELEMENTS (person_fields); i++)
    tp_text_doc_field (doc, _(person_fields[i].label), member_string (person, person_fields[i].key, &owned));

  tp_text_doc_heading (doc, _("Courses attended"));
  array = json_object_get_array_member (root, "enrolments");
  if (json_array_get_length (array) == 0)
    tp_text_doc_paragraph (doc, _("None."));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *e = json_array_get_object_element (array, i);
      g_autofree char *o1 = NULL, *o2 = NULL, *o3 = NULL;
      g_autofree char *line = g_strdup_printf ("%s — %s", member_string (e, "course_code", &o1),
                                               member_string (e, "course_title", &o2));
      g_autofree char *detail = NULL;
      g_autofree char *pre = NULL, *post = NULL;
      g_autoptr(GString) marks = g_string_new (NULL);
      JsonNode *attendance;

      member_string (e, "pre_test", &o3);
      pre = g_strdup (o3 != NULL ? o3 : "—");
      member_string (e, "post_test", &o3);
      post = g_strdup (o3 != NULL ? o3 : "—");
      detail = g_strdup_printf (_("From %s to %s; status: %s; pre-test: %s; post-test: %s"),
                                json_object_get_string_member (e, "start_date"),
                                json_object_get_string_member (e, "end_date"),
                                json_object_get_string_member (e, "status"), pre, post);
      attendance = json_object_get_member (e, "attendance");
      if (attendance != NULL && JSON_NODE_HOLDS_ARRAY (attendance))
        {
          JsonArray *m = json_node_get_array (attendance);

          for (guint j = 0; j < json_array_get_length (m); j++)
            {
              JsonObject *mo = json_array_get_object_element (m, j);
              TpMark mark;
              TpSessionPart part;

              if (!tp_mark_from_string (json_object_get_string_member (mo, "mark"), &mark) ||
                  !tp_session_part_from_string (json_object_get_string_member (mo, "part"), &part))
                continue;
              g_string_append_printf (marks, "%s%s %s: %s", marks->len ? "; " : "",
                                      json_object_get_string_member (mo, "date"),
                                      tp_session_part_label (part), tp_mark_label (mark));
            }
        }
      tp_text_doc_field (doc, line, detail);
      if (marks->len > 0)
        tp_text_doc_field (doc, _("Attendance"), marks->str);
    }

  array = json_object_get_array_member (root, "trainer_roles");
  if (json_array_get_length (array) > 0)
    {
      tp_text_doc_heading (doc, _("Courses taught"));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *t = json_array_get_object_element (array, i);
          g_autofree char *line = g_strdup_printf ("%s — %s", json_object_get_string_member (t, "course_code"),
                                                   json_object_get_string_member (t, "course_title"));
          TpTrainerRole role;
          const char *role_text = json_object_get_string_member (t, "role");

          if (tp_trainer_role_from_string (role_text, &role))
            role_text = tp_trainer_role_label (role);
          tp_text_doc_field (doc, line, role_text);
        }
    }

  tp_text_doc_heading (doc, _("Certificates"));
  array = json_object_get_array_member (root, "certificates");
  if (json_array_get_length (array) == 0)
    tp_text_doc_paragraph (doc, _("None."));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *c = json_array_get_object_element (array, i);
      g_autofree char *detail = g_strdup_printf (_("%s, issued on %s (%s)"),
                                                 json_object_get_string_member (c, "course_code"),
                                                 json_object_get_string_member (c, "issued_on"),
                                                 json_object_get_string_member (c, "status"));
      tp_text_doc_field (doc, json_object_get_string_member (c, "register_no"), detail);
    }

  tp_text_doc_heading (doc, _("History of changes"));
  array = json_object_get_array_member (root, "history");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *h = json_array_get_object_element (array, i);
      JsonArray *changes = json_object_get_array_member (h, "changes");
      g_autoptr(GString) text = g_string_new (json_object_get_string_member (h, "what"));
      g_autofree char *label = NULL;
      g_autofree char *o1 = NULL;
      const char *user;

      for (guint j = 0; j < json_array_get_length (changes); j++)
        {
          JsonObject *c = json_array_get_object_element (changes, j);
          g_autofree char *a = NULL, *bb = NULL;
          const char *old_value = member_string (c, "old", &a);
          const char *new_value = member_string (c, "new", &bb);

          g_string_append_printf (text, "\n%s: %s → %s", json_object_get_string_member (c, "field"),
                                  old_value != NULL ? old_value : "—", new_value != NULL ? new_value : "—");
        }
      user = member_string (h, "user", &o1);
      label = g_strdup_printf ("%s\n%s", json_object_get_string_member (h, "at"), user != NULL ? user : "");
      tp_text_doc_field (doc, label, text->str);
    }

  return tp_text_doc_finish (doc, error);
}

gboolean
tp_privacy_export_person (TpDb        *db,
                          const char  *person_id,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(JsonNode) root = tp_privacy_export_json (db, person_id, error);
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (root == NULL)
    return FALSE;
  if (g_str_has_suffix (lower, ".pdf"))
    return export_pdf (db, json_node_get_object (root), path, error);
  else
    {
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autofree char *text = NULL;
      gsize len;

      json_generator_set_root (gen, root);
      json_generator_set_pretty (gen, TRUE);
      json_generator_set_indent (gen, 2);
      text = json_generator_to_data (gen, &len);
      return write_private (path, text, len, error);
    }
}

/* ---- anonymise and delete ------------------------------------------------ */

/* Freed pages are zeroed while personal data goes; the WAL, which still
 * holds the old pages, is folded in and truncated after. */
static int
secure_delete_on (TpDb *db)
{
  int previous = (int) query_int (db, "PRAGMA secure_delete", NULL);

  tp_db_exec (db, "PRAGMA secure_delete = ON", NULL);
  return previous;
}

static void
secure_delete_restore (TpDb *db,
                       int   previous)
{
  /* The full-text index keeps deleted terms until its segments merge. */
  tp_db_exec (db, "INSERT INTO people_fts (people_fts) VALUES ('optimize')", NULL);
  tp_db_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL);
  if (previous == 0)
    tp_db_exec (db, "PRAGMA secure_delete = OFF", NULL);
}

static gboolean
anonymise_in_transaction (TpDb        *db,
                          const char  *person_id,
                          GError     **error)
{
  g_autoptr(TpPerson) p = tp_store_get_person (db, person_id, error);
  g_autofree char *now = tp_now_iso ();
  g_autofree char *audit = NULL;

  if (p == NULL)
    return FALSE;
  if (tp_privacy_is_anonymised (p))
    return TRUE;

  g_free (p->full_name);
  p->full_name = tp_privacy_anonymous_name (person_id);
  g_clear_pointer (&p->family_name, g_free);
  g_clear_pointer (&p->middle_name, g_free);
  g_clear_pointer (&p->given_name, g_free);
  g_clear_pointer (&p->sort_name, g_free);
  g_clear_pointer (&p->birth_date, g_free);
  g_clear_pointer (&p->national_id, g_free);
  g_clear_pointer (&p->phone, g_free);
  g_clear_pointer (&p->email, g_free);
  g_clear_pointer (&p->organization, g_free);
  g_clear_pointer (&p->position, g_free);
  g_clear_pointer (&p->commune_code, g_free);
  if (!tp_store_save_person (db, p, error))
    return FALSE;

  /* The person row's history holds the old values: it goes, and one entry
   * says that the person was anonymised, when and by whom. */
  if (!run_sql (db, "DELETE FROM change_log WHERE table_name = 'people' AND row_id = ?1", person_id, error))
    return FALSE;
  {
    sqlite3_stmt *stmt = tp_db_prepare (db,
                                        "INSERT INTO change_log (at, user, table_name, row_id, op, old, new, batch)"
                                        " VALUES (?1, ?2, 'people', ?3, 'update', NULL,"
                                        "  json_object ('full_name', ?4, 'anonymised', 1), tp_batch ())",
                                        error);
    int rc;

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, g_get_user_name (), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, person_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 4, p->full_name, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step (stmt);
    sqlite3_finalize (stmt);
    if (rc != SQLITE_DONE)
      return tp_db_set_error (db, rc, error);
  }
  return TRUE;
}

gboolean
tp_privacy_anonymise_person (TpDb        *db,
                             const char  *person_id,
                             GError     **error)
{
  int previous = secure_delete_on (db);
  gboolean ok = FALSE;

  if (tp_db_begin (db, error))
    {
      if (anonymise_in_transaction (db, person_id, error))
        ok = tp_db_commit (db, error);
      else
        tp_db_rollback (db);
    }
  secure_delete_restore (db, previous);
  return ok;
}

/* Every change-log entry about the person: their row, their enrolments,
 * the marks of those enrolments, trainer roles and profile. */
static gboolean
purge_log (TpDb        *db,
           const char  *person_id,
           GError     **error)
{
  return run_sql (db,
                  "DELETE FROM change_log WHERE table_name = 'attendance'"
                  " AND json_extract (coalesce (new, old), '$.enrolment_id') IN ("
                  "   SELECT row_id FROM change_log WHERE table_name = 'enrolments'"
                  "    AND json_extract (coalesce (new, old), '$.person_id') = ?1)",
                  person_id, error) &&
         run_sql (db,
                  "DELETE FROM change_log WHERE (table_name = 'people' AND row_id = ?1)"
                  " OR (table_name IN ('enrolments', 'course_trainers', 'trainer_profiles')"
                  "     AND json_extract (coalesce (new, old), '$.person_id') = ?1)",
                  person_id, error);
}

static gboolean
delete_in_transaction (TpDb        *db,
                       const char  *person_id,
                       GError     **error)
{
  gint64 n_certs;
  g_autofree char *now = tp_now_iso ();
  sqlite3_stmt *stmt;
  int rc;

  if (query_int (db, "SELECT count(*) FROM people WHERE id = ?1", person_id) == 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND, _("No person with id “%s”"), person_id);
      return FALSE;
    }
  n_certs = query_int (db, "SELECT count(*) FROM certificates WHERE person_id = ?1", person_id);
  if (n_certs > 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_CONFLICT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "This person holds %u certificate, which stays in the register; anonymise the person instead",
                                "This person holds %u certificates, which stay in the register; anonymise the person instead",
                                (gulong) n_certs),
                   (guint) n_certs);
      return FALSE;
    }
  /* Enrolments, marks, trainer roles and the profile go by cascade;
   * sessions they taught stay, without a trainer. */
  if (!run_sql (db, "DELETE FROM people WHERE id = ?1", person_id, error) ||
      !purge_log (db, person_id, error))
    return FALSE;

  stmt = tp_db_prepare (db,
                        "INSERT INTO change_log (at, user, table_name, row_id, op, old, new, batch)"
                        " VALUES (?1, ?2, 'people', ?3, 'delete', json_object ('erased', 1), NULL, tp_batch ())",
                        error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, g_get_user_name (), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, person_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return tp_db_set_error (db, rc, error);
  return TRUE;
}

gboolean
tp_privacy_delete_person (TpDb        *db,
                          const char  *person_id,
                          GError     **error)
{
  int previous = secure_delete_on (db);
  gboolean ok = FALSE;

  if (tp_db_begin (db, error))
    {
      if (delete_in_transaction (db, person_id, error))
        ok = tp_db_commit (db, error);
      else
        tp_db_rollback (db);
    }
  secure_delete_restore (db, previous);
  return ok;
}

int
tp_privacy_purge_from_backups (const char  *db_path,
                               const char  *person_id,
                               GError     **error)
{
  g_autoptr(GPtrArray) list = tp_backup_list (db_path);
  int held = 0;

  for (guint i = 0; i < list->len; i++)
    {
      TpBackupInfo *info = g_ptr_array_index (list, i);
      g_autoptr(GError) local = NULL;
      g_autoptr(TpDb) backup = tp_db_open_existing (info->path, &local);
      gint64 n;

      if (backup == NULL)
        continue;   /* damaged or foreign: nothing we can change safely */
      n = query_int (backup,
                     "SELECT (SELECT count(*) FROM people WHERE id = ?1)"
                     " + (SELECT count(*) FROM change_log WHERE table_name = 'people' AND row_id = ?1)",
                     person_id);
      if (n > 0)
        {
          int previous = secure_delete_on (backup);
          gboolean ok = FALSE;

          held++;
          if (tp_db_begin (backup, &local))
            {
              /* In a backup the register's certificates go too: the live
               * database keeps the register. */
              if (run_sql (backup, "DELETE FROM trainer_profiles WHERE source_certificate_id IN"
                                   " (SELECT id FROM certificates WHERE person_id = ?1)", person_id, &local) &&
                  run_sql (backup, "DELETE FROM certificates WHERE person_id = ?1", person_id, &local) &&
                  run_sql (backup, "DELETE FROM people WHERE id = ?1", person_id, &local) &&
                  purge_log (backup, person_id, &local))
                ok = tp_db_commit (backup, &local);
              else
                tp_db_rollback (backup);
            }
          secure_delete_restore (backup, previous);
          if (!ok)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return -1;
            }
        }
      /* Backups stay single files, as tp_db_backup_to writes them. */
      tp_db_exec (backup, "PRAGMA journal_mode = DELETE", NULL);
    }
  return held;
}

/* ---- consent --------------------------------------------------------------- */

gboolean
tp_privacy_require_consent (TpDb *db)
{
  g_autofree char *value = tp_db_get_setting (db, "privacy.require_consent");

  return value == NULL || !g_str_equal (value, "0");
}

gboolean
tp_privacy_check_consent (TpDb            *db,
                          const TpPerson  *person,
                          GError         **error)
{
  if (person->ethnicity_id == NULL || *person->ethnicity_id == '\0' || person->consent_sensitive)
    return TRUE;
  if (!tp_privacy_require_consent (db))
    return TRUE;
  g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
               _("%s: ethnicity is sensitive personal data and can only be recorded with the person’s consent; "
                 "record the consent (date and how it was given) or leave ethnicity empty"),
               person->full_name != NULL ? person->full_name : _("This person"));
  return FALSE;
}

guint
tp_privacy_count_without_consent (TpDb *db)
{
  return (guint) query_int (db,
                            "SELECT count(*) FROM people WHERE ethnicity_id IS NOT NULL AND consent_sensitive = 0",
                            NULL);
}

/* ---- retention -------------------------------------------------------------- */

void
tp_retention_candidate_free (TpRetentionCandidate *c)
{
  if (c == NULL)
    return;
  g_free (c->person_id);
  g_free (c->full_name);
  g_free (c->last_course_end);
  g_free (c);
}

int
tp_privacy_retention_years (TpDb *db)
{
  g_autofree char *value = tp_db_get_setting (db, "privacy.retention_years");
  guint64 n = 0;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 0, 100, &n, NULL))
    return 0;
  return (int) n;
}

static char *
cutoff_date (int         years,
             const char *today)
{
  GDate date;

  g_date_clear (&date, 1);
  if (today != NULL)
    g_date_set_parse (&date, today);
  if (today == NULL || !g_date_valid (&date))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_date_set_dmy (&date, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }
  g_date_subtract_years (&date, years);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

GPtrArray *
tp_privacy_retention_preview (TpDb        *db,
                              int          years,
                              const char  *today,
                              GError     **error)
{
  g_autofree char *cutoff = NULL;
  GPtrArray *list;
  sqlite3_stmt *stmt;
  int rc;

  if (years <= 0)
    {
      g_set_error_literal (error, TP_ERROR, TP_ERROR_INVALID,
                           _("The retention period must be a whole number of years, 1 or more"));
      return NULL;
    }
  cutoff = cutoff_date (years, today);
  stmt = tp_db_prepare (db,
                        "SELECT p.id, p.full_name, max (c.end_date) AS last_end FROM people p"
                        " LEFT JOIN (SELECT person_id, course_id FROM enrolments"
                        "            UNION SELECT person_id, course_id FROM course_trainers) x ON x.person_id = p.id"
                        " LEFT JOIN courses c ON c.id = x.course_id"
                        " WHERE p.full_name IS NOT ('" ANON_PREFIX "' || substr (p.id, 1, 8))"
                        " GROUP BY p.id"
                        " HAVING coalesce (max (c.end_date), substr (p.created_at, 1, 10)) < ?1"
                        " ORDER BY coalesce (last_end, substr (p.created_at, 1, 10)), p.sort_key",
                        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, cutoff, -1, SQLITE_TRANSIENT);
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_retention_candidate_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TpRetentionCandidate *c = g_new0 (TpRetentionCandidate, 1);

      c->person_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      c->full_name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        c->last_course_end = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_ptr_array_add (list, c);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      tp_db_set_error (db, rc, error);
      g_ptr_array_unref (list);
      return NULL;
    }
  return list;
}

int
tp_privacy_retention_apply (TpDb        *db,
                            int          years,
                            const char  *today,
                            GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *batch = tp_uuid_new ();
  int previous;
  int done = -1;

  if (!tp_db_begin (db, error))
    return -1;
  list = tp_privacy_retention_preview (db, years, today, error);
  if (list == NULL)
    {
      tp_db_rollback (db);
      return -1;
    }
  if (list->len == 0)
    {
      tp_db_rollback (db);
      return 0;
    }

  previous = secure_delete_on (db);
  tp_db_set_batch (db, batch);
  done = 0;
  for (guint i = 0; i < list->len; i++)
    {
      TpRetentionCandidate *c = g_ptr_array_index (list, i);

      if (!anonymise_in_transaction (db, c->person_id, error))
        {
          done = -1;
          break;
        }
      done++;
    }
  tp_db_set_batch (db, NULL);
  if (done < 0)
    tp_db_rollback (db);
  else if (!tp_db_commit (db, error))
    done = -1;
  secure_delete_restore (db, previous);
  return done;
}

/* ---- record of processing ------------------------------------------------- */

static char *
count_text (TpDb       *db,
            const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM people WHERE %s IS NOT NULL AND %s != ''",
                                          column, column);
  gint64 n = query_int (db, sql, NULL);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "held for %d person", "held for %d people", (gulong) n),
                          (int) n);
}

gboolean
tp_privacy_processing_record (TpDb        *db,
                              const char  *path,
                              GError     **error)
{
  static const struct {
    const char *column;
    const char *label;
    gboolean    sensitive;
  } fields[] = {
    { "full_name", N_("Full name"), FALSE },
    { "sex", N_("Sex"), FALSE },
    { "birth_year", N_("Birth year"), FALSE },
    { "birth_date", N_("Date of birth"), FALSE },
    { "ethnicity_id", N_("Ethnicity"), TRUE },
    { "national_id", N_("ID number"), FALSE },
    { "phone", N_("Phone"), FALSE },
    { "email", N_("E-mail"), FALSE },
    { "organization", N_("Organisation"), FALSE },
    { "position", N_("Position"), FALSE },
    { "province_code", N_("Province"), FALSE },
    { "commune_code", N_("Commune"), FALSE },
    { "target_group", N_("Target group"), FALSE },
  };
  TpTextDoc *doc;
  g_autofree char *agency = tp_db_get_setting (db, "office.agency");
  g_autofree char *place = tp_db_get_setting (db, "office.place");
  g_autofree char *basis = tp_db_get_setting (db, "privacy.legal_basis");
  g_autofree char *folder = tp_backup_folder (tp_db_get_path (db));
  g_autoptr(GPtrArray) backups = tp_backup_list (tp_db_get_path (db));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *text = NULL;
  TpBackupPolicy policy;
  int years = tp_privacy_retention_years (db);
  gint64 n_people = query_int (db, "SELECT count(*) FROM people", NULL);

  doc = tp_text_doc_new (path, error);
  if (doc == NULL)
    return FALSE;
  tp_backup_policy_load (db, &policy);

  tp_text_doc_title (doc, _("Record of processing of personal data"));
  text = g_strdup_printf (_("Made with Taphuan on %s, for the office’s data protection impact assessment "
                            "(Law on Personal Data Protection 91/2025/QH15, Decree 356/2025/NĐ-CP)."), today);
  tp_text_doc_paragraph (doc, text);

  tp_text_doc_heading (doc, _("Controller"));
  tp_text_doc_field (doc, _("Agency"), agency != NULL ? agency : _("not set (Preferences → Office)"));
  tp_text_doc_field (doc, _("Place"), place);

  tp_text_doc_heading (doc, _("Purpose"));
  tp_text_doc_paragraph (doc, _("Organising gender-equality training courses: registering participants and trainers, "
                                "sign-in sheets and attendance, issuing certificates, and statistical reports "
                                "disaggregated by sex and ethnicity. Reports count people; they do not name them."));

  tp_text_doc_heading (doc, _("Legal basis"));
  tp_text_doc_paragraph (doc, basis != NULL ? basis : _("Not set: the office writes its legal basis in Preferences → Privacy."));

  tp_text_doc_heading (doc, _("People concerned"));
  g_free (text);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Participants and trainers of the office’s courses: %d person in the register.",
                                       "Participants and trainers of the office’s courses: %d people in the register.",
                                       (gulong) n_people),
                          (int) n_people);
  tp_text_doc_paragraph (doc, text);

  tp_text_doc_heading (doc, _("Personal data held"));
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *held = count_text (db, fields[i].column);
      g_autofree char *value = g_strdup_printf ("%s; %s", fields[i].sensitive ? _("sensitive personal data")
                                                                              : _("basic personal data"),
                                                held);
      tp_text_doc_field (doc, _(fields[i].label), value);
    }
  tp_text_doc_field (doc, _("Courses"), _("enrolments, attendance marks, test scores, certificates issued"));
  tp_text_doc_field (doc, _("Change log"), _("every change with its time and the system user who made it"));

  tp_text_doc_heading (doc, _("Consent for sensitive data"));
  g_free (text);
  text = g_strdup_printf (_("Ethnicity is recorded only with the person’s consent: %s. People with ethnicity recorded "
                            "without consent: %u."),
                          tp_privacy_require_consent (db) ? _("required") : _("not required by the office’s setting"),
                          tp_privacy_count_without_consent (db));
  tp_text_doc_paragraph (doc, text);

  tp_text_doc_heading (doc, _("Retention"));
  g_free (text);
  if (years > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "People are anonymised %d year after their last course ended.",
                                         "People are anonymised %d years after their last course ended.",
                                         years),
                            years);
  else
    text = g_strdup (_("No automatic rule: records are kept until the office anonymises or deletes them."));
  tp_text_doc_paragraph (doc, text);
  g_free (text);
  text = g_strdup_printf (_("Backups: the last %u daily and %u weekly copies and %u copies made before imports, "
                            "migrations, restores and bulk deletions; older ones are deleted."),
                          policy.keep_daily, policy.keep_weekly, policy.keep_tagged);
  tp_text_doc_paragraph (doc, text);

  tp_text_doc_heading (doc, _("Where the data is"));
  tp_text_doc_field (doc, _("Database file"), tp_db_get_path (db));
  g_free (text);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%u file)", "%s (%u files)", backups->len),
                          folder, backups->len);
  tp_text_doc_field (doc, _("Backups"), text);
  tp_text_doc_paragraph (doc, _("The files are readable by their owner only (permissions 0600). Taphuan sends "
                                "nothing over the network; data leaves the computer only in files a user exports."));

  tp_text_doc_heading (doc, _("Rights of the people concerned"));
  tp_text_doc_paragraph (doc, _("From a person’s page the office can export everything held about them (JSON and PDF), "
                                "correct it, anonymise them, or delete them permanently with their history."));

  return tp_text_doc_finish (doc, error);
}
