/* tp-export.c: CSV exports and the anonymised export (see tp-export.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "tp-csv.h"
#include "tp-export.h"
#include "tp-refdata.h"
#include "tp-store.h"

gboolean
tp_export_kind_from_string (const char   *str,
                            TpExportKind *out)
{
  static const char * const names[] = { "people", "roster", "attendance" };

  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (str, names[i]))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

/* ---- CSV --------------------------------------------------------------- */

typedef struct {
  GString *out;
  gboolean first;
} Line;

static void
cell (Line       *line,
      const char *value)
{
  if (!line->first)
    g_string_append_c (line->out, ',');
  line->first = FALSE;
  tp_csv_append_field (line->out, value, ',');
}

static void
cell_int (Line *line,
          int   value)
{
  g_autofree char *text = value != 0 ? g_strdup_printf ("%d", value) : NULL;

  cell (line, text);
}

static void
end_line (Line *line)
{
  /* CRLF, as RFC 4180 and Excel have it. */
  g_string_append (line->out, "\r\n");
  line->first = TRUE;
}

static const char *
sex_cell (TpSex sex)
{
  return sex == TP_SEX_UNKNOWN ? NULL : tp_sex_label (sex);
}

/* 1985-03-15 → 15/03/1985, as Vietnamese spreadsheets write dates. */
static char *
date_cell (const char *iso)
{
  int y, m, d;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3)
    return NULL;
  return g_strdup_printf ("%02d/%02d/%04d", d, m, y);
}

static void
personal_data_line (Line *line)
{
  g_autofree char *text = g_strdup_printf ("%s — %s", TP_EXPORT_PERSONAL_MARK,
                                           _("This file holds personal data: keep it private and delete it when no longer needed."));

  cell (line, text);
  end_line (line);
}

static void
person_cells (TpDb     *db,
              Line     *line,
              TpPerson *p)
{
  g_autofree char *date = date_cell (p->birth_date);
  g_autofree char *ethnicity = p->ethnicity_id ? tp_refdata_ethnicity_name (db, p->ethnicity_id) : NULL;

  cell (line, p->full_name);
  cell (line, sex_cell (p->sex));
  cell_int (line, p->birth_year);
  cell (line, date);
  cell (line, ethnicity);
  cell (line, p->position);
  cell (line, p->organization);
  cell (line, p->phone);
  cell (line, p->email);
}

static void
person_header (Line *line)
{
  cell (line, _("Full name"));
  cell (line, _("Sex"));
  cell (line, _("Birth year"));
  cell (line, _("Birth date"));
  cell (line, _("Ethnicity"));
  cell (line, _("Position"));
  cell (line, _("Organisation"));
  cell (line, _("Phone"));
  cell (line, _("E-mail"));
}

static gboolean
export_people (TpDb     *db,
               GString  *out,
               GError  **error)
{
  g_autoptr(GPtrArray) people = tp_store_list_people (db, NULL, 0, error);
  Line line = { out, TRUE };

  if (people == NULL)
    return FALSE;
  personal_data_line (&line);
  cell (&line, _("No."));
  person_header (&line);
  cell (&line, _("ID number"));
  cell (&line, _("Province"));
  cell (&line, _("Commune"));
  cell (&line, _("Target group"));
  end_line (&line);

  for (guint i = 0; i < people->len; i++)
    {
      TpPerson *p = g_ptr_array_index (people, i);
      g_autofree char *province = p->province_code ? tp_refdata_province_name (db, p->province_code) : NULL;
      g_autofree char *commune = p->commune_code ? tp_refdata_commune_name (db, p->commune_code) : NULL;
      g_autofree char *group = p->target_group ? tp_refdata_target_group_name (db, p->target_group) : NULL;

      cell_int (&line, i + 1);
      person_cells (db, &line, p);
      cell (&line, p->national_id);
      cell (&line, province);
      cell (&line, commune);
      cell (&line, group);
      end_line (&line);
    }
  return TRUE;
}

static gboolean
export_roster (TpDb      *db,
               TpCourse  *course,
               GString   *out,
               GError   **error)
{
  g_autoptr(GPtrArray) enrolments = tp_store_list_enrolments (db, course->id, error);
  Line line = { out, TRUE };

  if (enrolments == NULL)
    return FALSE;
  personal_data_line (&line);
  cell (&line, _("No."));
  person_header (&line);
  cell (&line, _("Status"));
  end_line (&line);

  for (guint i = 0; i < enrolments->len; i++)
    {
      TpEnrolment *e = g_ptr_array_index (enrolments, i);
      g_autoptr(TpPerson) p = tp_store_get_person (db, e->person_id, error);

      if (p == NULL)
        return FALSE;
      cell_int (&line, i + 1);
      person_cells (db, &line, p);
      cell (&line, tp_enrolment_status_label (e->status));
      end_line (&line);
    }
  return TRUE;
}

static gboolean
export_attendance (TpDb      *db,
                   TpCourse  *course,
                   GString   *out,
                   GError   **error)
{
  g_autoptr(GPtrArray) enrolments = tp_store_list_enrolments (db, course->id, error);
  g_autoptr(GPtrArray) sessions = NULL;
  g_autoptr(GHashTable) marks = NULL;
  Line line = { out, TRUE };

  if (enrolments == NULL)
    return FALSE;
  sessions = tp_store_list_sessions (db, course->id, error);
  if (sessions == NULL)
    return FALSE;
  marks = tp_store_get_course_marks (db, course->id, error);
  if (marks == NULL)
    return FALSE;

  personal_data_line (&line);
  cell (&line, _("No."));
  cell (&line, _("Full name"));
  cell (&line, _("Sex"));
  cell (&line, _("Birth year"));
  for (guint s = 0; s < sessions->len; s++)
    {
      TpSession *session = g_ptr_array_index (sessions, s);
      g_autofree char *date = date_cell (session->date);
      g_autofree char *title = g_strdup_printf ("%s %s", date ? date : "",
                                                tp_session_part_label (session->part));

      cell (&line, title);
    }
  cell (&line, _("Sessions attended"));
  end_line (&line);

  for (guint i = 0; i < enrolments->len; i++)
    {
      TpEnrolment *e = g_ptr_array_index (enrolments, i);
      g_autoptr(TpPerson) p = tp_store_get_person (db, e->person_id, error);
      guint attended = 0;

      if (p == NULL)
        return FALSE;
      cell_int (&line, i + 1);
      cell (&line, p->full_name);
      cell (&line, sex_cell (p->sex));
      cell_int (&line, p->birth_year);
      for (guint s = 0; s < sessions->len; s++)
        {
          TpSession *session = g_ptr_array_index (sessions, s);
          g_autofree char *key = g_strdup_printf ("%s/%s", e->id, session->id);
          TpMark mark = GPOINTER_TO_INT (g_hash_table_lookup (marks, key));

          cell (&line, mark == TP_MARK_NONE ? NULL : tp_mark_label (mark));
          attended += mark == TP_MARK_PRESENT || mark == TP_MARK_LATE ||
                      (mark == TP_MARK_EXCUSED && course->excused_counts);
        }
      {
        g_autofree char *count = g_strdup_printf ("%u", attended);

        cell (&line, count);
      }
      end_line (&line);
    }
  return TRUE;
}

static TpCourse *
find_course (TpDb        *db,
             const char  *code,
             GError     **error)
{
  TpCourse *course;

  if (code == NULL)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID, _("Say which course (its code)"));
      return NULL;
    }
  course = tp_store_get_course_by_code (db, code, NULL);
  if (course == NULL)
    g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND, _("No course has the code “%s”"), code);
  return course;
}

GBytes *
tp_export_csv_bytes (TpDb          *db,
                     TpExportKind   kind,
                     const char    *course_code,
                     GError       **error)
{
  g_autoptr(GString) out = g_string_new ("\xEF\xBB\xBF");
  g_autoptr(TpCourse) course = NULL;
  gboolean ok;

  g_return_val_if_fail (TP_IS_DB (db), NULL);

  if (kind != TP_EXPORT_PEOPLE)
    {
      course = find_course (db, course_code, error);
      if (course == NULL)
        return NULL;
    }

  /* One read transaction: a consistent snapshot. */
  if (!tp_db_begin (db, error))
    return NULL;
  switch (kind)
    {
    case TP_EXPORT_PEOPLE:
      ok = export_people (db, out, error);
      break;
    case TP_EXPORT_ROSTER:
      ok = export_roster (db, course, out, error);
      break;
    case TP_EXPORT_ATTENDANCE:
    default:
      ok = export_attendance (db, course, out, error);
      break;
    }
  tp_db_rollback (db);
  if (!ok)
    return NULL;
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
write_private (const char  *path,
               GBytes      *bytes,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!g_file_set_contents_full (path, data, size, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      /* Translators: the second %s is the system's explanation. */
      g_set_error (error, TP_ERROR, TP_ERROR_IO, _("%s: cannot write the file: %s"),
                   path, local_error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
tp_export_csv_file (TpDb          *db,
                    TpExportKind   kind,
                    const char    *course_code,
                    const char    *path,
                    GError       **error)
{
  static const char * const names[] = { "people", "roster", "attendance" };
  g_autoptr(GBytes) bytes = tp_export_csv_bytes (db, kind, course_code, error);
  const char *codes[] = { course_code, NULL };

  if (bytes == NULL || !write_private (path, bytes, error))
    return FALSE;
  return tp_export_record (db, names[kind], path, TRUE, course_code != NULL ? codes : NULL, error);
}

/* ---- anonymised -------------------------------------------------------- */

typedef struct {
  TpSex       sex;
  int         birth_year;
  const char *ethnicity;
  const char *target_group;
  const char *status;
} Participant;

static int
participant_compare (gconstpointer a,
                     gconstpointer b)
{
  const Participant *x = a, *y = b;
  int c;

  if (x->sex != y->sex)
    return x->sex < y->sex ? -1 : 1;
  if (x->birth_year != y->birth_year)
    return x->birth_year < y->birth_year ? -1 : 1;
  if ((c = g_strcmp0 (x->ethnicity, y->ethnicity)) != 0)
    return c;
  if ((c = g_strcmp0 (x->target_group, y->target_group)) != 0)
    return c;
  return g_strcmp0 (x->status, y->status);
}

static void
add_member_string (JsonBuilder *b,
                   const char  *key,
                   const char  *value)
{
  json_builder_set_member_name (b, key);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static gboolean
anonymised_course (TpDb        *db,
                   JsonBuilder *b,
                   TpCourse    *c,
                   GError     **error)
{
  g_autoptr(GPtrArray) enrolments = tp_store_list_enrolments (db, c->id, error);
  g_autoptr(GPtrArray) people = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_person_free);
  g_autoptr(GArray) participants = g_array_new (FALSE, TRUE, sizeof (Participant));
  guint women = 0, men = 0, minority = 0;

  if (enrolments == NULL)
    return FALSE;
  for (guint i = 0; i < enrolments->len; i++)
    {
      TpEnrolment *e = g_ptr_array_index (enrolments, i);
      TpPerson *p = tp_store_get_person (db, e->person_id, error);
      Participant part = { 0 };

      if (p == NULL)
        return FALSE;
      g_ptr_array_add (people, p);
      part.sex = p->sex;
      part.birth_year = p->birth_year;
      part.ethnicity = p->ethnicity_id;
      part.target_group = p->target_group;
      part.status = tp_enrolment_status_to_string (e->status);
      g_array_append_val (participants, part);
      if (e->status != TP_ENROLMENT_WITHDRAWN)
        {
          women += p->sex == TP_SEX_FEMALE;
          men += p->sex == TP_SEX_MALE;
          minority += tp_refdata_is_ethnic_minority (p->ethnicity_id);
        }
    }
  g_array_sort (participants, participant_compare);

  json_builder_begin_object (b);
  add_member_string (b, "code", c->code);
  add_member_string (b, "title", c->title);
  add_member_string (b, "type", c->type_id);
  add_member_string (b, "level", c->level);
  add_member_string (b, "province_code", c->province_code);
  add_member_string (b, "start_date", c->start_date);
  add_member_string (b, "end_date", c->end_date);
  add_member_string (b, "status", tp_course_status_to_string (c->status));
  json_builder_set_member_name (b, "target_groups");
  json_builder_begin_array (b);
  for (guint i = 0; c->target_groups != NULL && c->target_groups[i] != NULL; i++)
    json_builder_add_string_value (b, c->target_groups[i]);
  json_builder_end_array (b);

  json_builder_set_member_name (b, "totals");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "women");
  json_builder_add_int_value (b, women);
  json_builder_set_member_name (b, "men");
  json_builder_add_int_value (b, men);
  json_builder_set_member_name (b, "ethnic_minority");
  json_builder_add_int_value (b, minority);
  json_builder_end_object (b);

  json_builder_set_member_name (b, "participants");
  json_builder_begin_array (b);
  for (guint i = 0; i < participants->len; i++)
    {
      Participant *part = &g_array_index (participants, Participant, i);

      json_builder_begin_object (b);
      add_member_string (b, "sex", part->sex == TP_SEX_UNKNOWN ? NULL : tp_sex_to_string (part->sex));
      json_builder_set_member_name (b, "birth_year");
      if (part->birth_year > 0)
        json_builder_add_int_value (b, part->birth_year);
      else
        json_builder_add_null_value (b);
      add_member_string (b, "ethnicity", part->ethnicity);
      add_member_string (b, "target_group", part->target_group);
      add_member_string (b, "status", part->status);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return TRUE;
}

GBytes *
tp_export_anonymised_bytes (TpDb               *db,
                            const char * const *course_codes,
                            GError            **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) courses = NULL;
  g_autofree char *generator_name = g_strdup_printf ("Taphuan %s", PACKAGE_VERSION);
  g_autofree char *now = tp_now_iso ();
  char *text;
  gsize length;

  g_return_val_if_fail (TP_IS_DB (db), NULL);

  if (!tp_db_begin (db, error))
    return NULL;

  if (course_codes != NULL)
    {
      courses = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_course_free);
      for (guint i = 0; course_codes[i] != NULL; i++)
        {
          TpCourse *c = find_course (db, course_codes[i], error);

          if (c == NULL)
            {
              tp_db_rollback (db);
              return NULL;
            }
          g_ptr_array_add (courses, c);
        }
    }
  else
    {
      courses = tp_store_list_courses (db, NULL, error);
      if (courses == NULL)
        {
          tp_db_rollback (db);
          return NULL;
        }
    }

  json_builder_begin_object (b);
  add_member_string (b, "format", TP_EXPORT_ANONYMISED_FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, TP_EXPORT_ANONYMISED_VERSION);
  add_member_string (b, "generator", generator_name);
  add_member_string (b, "exported_at", now);
  json_builder_set_member_name (b, "personal_data");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_set_member_name (b, "courses");
  json_builder_begin_array (b);
  for (guint i = 0; i < courses->len; i++)
    if (!anonymised_course (db, b, g_ptr_array_index (courses, i), error))
      {
        tp_db_rollback (db);
        return NULL;
      }
  json_builder_end_array (b);
  json_builder_end_object (b);
  tp_db_rollback (db);

  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, &length);
  text = g_realloc (text, length + 2);
  text[length] = '\n';
  text[length + 1] = '\0';
  return g_bytes_new_take (text, length + 1);
}

gboolean
tp_export_anonymised_file (TpDb               *db,
                           const char * const *course_codes,
                           const char         *path,
                           GError            **error)
{
  g_autoptr(GBytes) bytes = tp_export_anonymised_bytes (db, course_codes, error);

  if (bytes == NULL || !write_private (path, bytes, error))
    return FALSE;
  return tp_export_record (db, "anonymised", path, FALSE, course_codes, error);
}

/* ---- the record -------------------------------------------------------- */

gboolean
tp_export_record (TpDb               *db,
                  const char         *what,
                  const char         *path,
                  gboolean            personal_data,
                  const char * const *course_codes,
                  GError            **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  g_autofree char *id = tp_uuid_new ();
  g_autofree char *now = tp_now_iso ();
  g_autofree char *absolute = path != NULL && !g_path_is_absolute (path)
                              ? g_canonicalize_filename (path, NULL) : g_strdup (path);
  sqlite3_stmt *stmt;
  int rc;

  json_builder_begin_object (b);
  add_member_string (b, "what", what);
  add_member_string (b, "path", absolute);
  json_builder_set_member_name (b, "personal_data");
  json_builder_add_boolean_value (b, personal_data);
  json_builder_set_member_name (b, "courses");
  if (course_codes != NULL)
    {
      json_builder_begin_array (b);
      for (guint i = 0; course_codes[i] != NULL; i++)
        json_builder_add_string_value (b, course_codes[i]);
      json_builder_end_array (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);

  if (!tp_db_begin (db, error))
    return FALSE;
  stmt = tp_db_prepare (db,
                        "INSERT INTO change_log (at, user, table_name, row_id, op, old, new, batch)"
                        " VALUES (?1, ?2, 'exports', ?3, 'insert', NULL, ?4, NULL)", error);
  if (stmt == NULL)
    {
      tp_db_rollback (db);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, g_get_user_name (), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, json, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      tp_db_set_error (db, rc, error);
      tp_db_rollback (db);
      return FALSE;
    }
  return tp_db_commit (db, error);
}
