/* tp-report.c: computing the training report and writing it as JSON and CSV.
 *
 * The report is a tree of figures whose paths are the JSON keys. Each
 * figure keeps the records (courses, people, enrolments) it counted, so the
 * drill-down is exact by construction: a count is the length of its list.
 * The definitions of the figures are in docs/reports.md; the code below
 * follows them in the same order.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "tp-model.h"
#include "tp-refdata.h"
#include "tp-report-private.h"
#include "tp-store.h"

/* ---- figures and the tree ---------------------------------------------- */

typedef struct {
  const char *course_id;   /* in the report's string chunk */
  const char *person_id;
} Ref;

typedef struct {
  char            *key;
  TpReportRefKind  kind;
  double           value;
  gboolean         is_mean;     /* value is a sum until finish_means () */
  gboolean         has_value;
  GArray          *refs;        /* Ref */
  GHashTable      *seen;        /* for distinct counts: "course/person" */
} Figure;

typedef struct _Node Node;
struct _Node {
  char      *name;
  char      *path;
  GPtrArray *children;   /* Node*, in insertion order; NULL for a leaf */
  Figure    *figure;     /* leaf: a figure ... */
  char      *raw;        /* ... or a raw JSON value */
};

struct _TpReport {
  char          *from;
  char          *to;
  char          *province_code;
  char          *course_type;
  char          *province_name;
  char          *course_type_name;
  char          *course_type_name_vi;
  char          *parent_agency;
  char          *agency;
  char          *place;
  char          *signer_title;
  char          *signer_name;
  char          *preparer_name;

  GPtrArray     *course_types;     /* TpReportLabel* */
  GPtrArray     *target_groups;
  GPtrArray     *funding_sources;

  GStringChunk  *strings;
  Node          *root;
  GHashTable    *figures;          /* key → Figure* (owned by the nodes) */
  GPtrArray     *keys;             /* figure keys in order (borrowed) */
  GPtrArray     *rows;             /* TpReportRow* */
};

static void
label_free (TpReportLabel *label)
{
  g_free (label->id);
  g_free (label->name);
  g_free (label->name_vi);
  g_free (label);
}

static void
figure_free (Figure *fig)
{
  g_free (fig->key);
  g_array_unref (fig->refs);
  g_clear_pointer (&fig->seen, g_hash_table_unref);
  g_free (fig);
}

static void
node_free (Node *node)
{
  if (node == NULL)
    return;
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_clear_pointer (&node->figure, figure_free);
  g_free (node->raw);
  g_free (node->name);
  g_free (node->path);
  g_free (node);
}

static void
row_free (TpReportRow *row)
{
  g_free ((char *) row->key);
  g_free ((char *) row->label);
  g_free (row);
}

void
tp_report_ref_free (TpReportRef *ref)
{
  if (ref == NULL)
    return;
  g_free (ref->course_id);
  g_free (ref->person_id);
  g_free (ref);
}

static Node *
node_new (Node       *parent,
          const char *name,
          gboolean    is_object)
{
  Node *node = g_new0 (Node, 1);

  node->name = g_strdup (name);
  if (parent == NULL)
    node->path = g_strdup ("");
  else if (parent->path[0] == '\0')
    node->path = g_strdup (name);
  else
    node->path = g_strconcat (parent->path, ".", name, NULL);
  if (is_object)
    node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  if (parent != NULL)
    g_ptr_array_add (parent->children, node);
  return node;
}

static Node *
object_new (Node       *parent,
            const char *name)
{
  return node_new (parent, name, TRUE);
}

static void
raw_new (Node       *parent,
         const char *name,
         const char *json)
{
  Node *node = node_new (parent, name, FALSE);

  node->raw = g_strdup (json);
}

static char *
json_string (const char *text)
{
  GString *out;

  if (text == NULL)
    return g_strdup ("null");
  out = g_string_new ("\"");
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c == '\n')
        g_string_append (out, "\\n");
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
  return g_string_free (out, FALSE);
}

static void
string_new (Node       *parent,
            const char *name,
            const char *value)
{
  g_autofree char *json = json_string (value);

  raw_new (parent, name, json);
}

static Figure *
figure_new (TpReport        *report,
            Node            *parent,
            const char      *name,
            TpReportRefKind  kind)
{
  Node *node = node_new (parent, name, FALSE);
  Figure *fig = g_new0 (Figure, 1);

  fig->key = g_strdup (node->path);
  fig->kind = kind;
  fig->has_value = TRUE;
  fig->refs = g_array_new (FALSE, FALSE, sizeof (Ref));
  node->figure = fig;
  g_hash_table_insert (report->figures, fig->key, fig);
  g_ptr_array_add (report->keys, fig->key);
  return fig;
}

static Figure *
mean_new (TpReport   *report,
          Node       *parent,
          const char *name)
{
  Figure *fig = figure_new (report, parent, name, TP_REPORT_REF_ENROLMENT);

  fig->is_mean = TRUE;
  return fig;
}

/* Adds one record to a figure and @amount to its value. For people and
 * courses a record already counted is not counted again. */
static void
figure_add (Figure     *fig,
            const char *course_id,
            const char *person_id,
            double      amount)
{
  Ref ref = { NULL, NULL };

  if (fig == NULL)
    return;
  switch (fig->kind)
    {
    case TP_REPORT_REF_COURSE:
      ref.course_id = course_id;
      break;
    case TP_REPORT_REF_PERSON:
      ref.person_id = person_id;
      break;
    case TP_REPORT_REF_ENROLMENT:
    default:
      ref.course_id = course_id;
      ref.person_id = person_id;
      break;
    }
  if (fig->kind != TP_REPORT_REF_ENROLMENT)
    {
      /* Strings come from one GStringChunk with _insert_const, so equal ids
       * are the same pointer. */
      const char *id = ref.course_id != NULL ? ref.course_id : ref.person_id;

      if (fig->seen == NULL)
        fig->seen = g_hash_table_new (NULL, NULL);
      if (!g_hash_table_add (fig->seen, (gpointer) id))
        return;
    }
  g_array_append_val (fig->refs, ref);
  fig->value += amount;
}

/* Adds @amount to a course figure, the course listed once however many
 * amounts it brings (the budget total of a course with two sources). */
static void
figure_add_amount (Figure     *fig,
                   const char *course_id,
                   double      amount)
{
  figure_add (fig, course_id, NULL, 0);
  fig->value += amount;
}

static void
figure_count (Figure     *fig,
              const char *course_id,
              const char *person_id)
{
  figure_add (fig, course_id, person_id, 1);
}

static void
add_row (TpReport   *report,
         const char *key,
         const char *label,
         Figure     *total,
         Figure     *female,
         Figure     *male,
         Figure     *unknown)
{
  TpReportRow *row = g_new0 (TpReportRow, 1);

  row->key = g_strdup (key);
  row->label = g_strdup (label);
  row->total = total ? total->key : NULL;
  row->female = female ? female->key : NULL;
  row->male = male ? male->key : NULL;
  row->unknown = unknown ? unknown->key : NULL;
  g_ptr_array_add (report->rows, row);
}

/* A count of courses (or any figure without a split by sex), with its row. */
static Figure *
scalar_new (TpReport        *report,
            Node            *parent,
            const char      *name,
            TpReportRefKind  kind,
            const char      *label)
{
  Figure *fig = figure_new (report, parent, name, kind);

  add_row (report, fig->key, label, fig, NULL, NULL, NULL);
  return fig;
}

/* ---- figures split by sex ---------------------------------------------- */

typedef struct {
  Figure *total;
  Figure *female;
  Figure *male;
  Figure *unknown;
} Split;

/* Adds total, female, male and unknown_sex to @node, and a row. */
static void
split_init (TpReport        *report,
            Split           *split,
            Node            *node,
            TpReportRefKind  kind,
            gboolean         mean,
            const char      *label)
{
  if (mean)
    {
      split->total = mean_new (report, node, "total");
      split->female = mean_new (report, node, "female");
      split->male = mean_new (report, node, "male");
      split->unknown = mean_new (report, node, "unknown_sex");
    }
  else
    {
      split->total = figure_new (report, node, "total", kind);
      split->female = figure_new (report, node, "female", kind);
      split->male = figure_new (report, node, "male", kind);
      split->unknown = figure_new (report, node, "unknown_sex", kind);
    }
  add_row (report, node->path, label, split->total, split->female, split->male, split->unknown);
}

static void
split_add (Split      *split,
           TpSex       sex,
           const char *course_id,
           const char *person_id,
           double      amount)
{
  figure_add (split->total, course_id, person_id, amount);
  switch (sex)
    {
    case TP_SEX_FEMALE:
      figure_add (split->female, course_id, person_id, amount);
      break;
    case TP_SEX_MALE:
      figure_add (split->male, course_id, person_id, amount);
      break;
    case TP_SEX_UNKNOWN:
    default:
      figure_add (split->unknown, course_id, person_id, amount);
      break;
    }
}

/* A population: enrolments or distinct people, by sex and by ethnicity. The
 * flat keys ethnic_minority and ethnic_minority_female are the ones the
 * ministry's tools read; by_ethnicity holds the full split. */
typedef struct {
  Split   all;
  Figure *ethnic_minority;
  Figure *ethnic_minority_female;
  Split   kinh;
  Split   minority;
  Split   not_recorded;
} Block;

static void
block_init (TpReport        *report,
            Block           *block,
            Node            *parent,
            const char      *name,
            TpReportRefKind  kind,
            const char      *label)
{
  Node *node = object_new (parent, name);
  Node *by_ethnicity;
  Node *sub;
  g_autofree char *kinh_label = g_strdup_printf (_("%s: Kinh"), label);
  g_autofree char *minority_label = g_strdup_printf (_("%s: ethnic minorities"), label);
  g_autofree char *nr_label = g_strdup_printf (_("%s: ethnicity not recorded"), label);

  split_init (report, &block->all, node, kind, FALSE, label);
  block->ethnic_minority = figure_new (report, node, "ethnic_minority", kind);
  block->ethnic_minority_female = figure_new (report, node, "ethnic_minority_female", kind);
  by_ethnicity = object_new (node, "by_ethnicity");
  sub = object_new (by_ethnicity, "kinh");
  split_init (report, &block->kinh, sub, kind, FALSE, kinh_label);
  sub = object_new (by_ethnicity, "ethnic_minority");
  split_init (report, &block->minority, sub, kind, FALSE, minority_label);
  sub = object_new (by_ethnicity, "not_recorded");
  split_init (report, &block->not_recorded, sub, kind, FALSE, nr_label);
}

typedef struct {
  const char *id;          /* in the string chunk */
  TpSex       sex;
  const char *ethnicity;   /* NULL = not recorded */
  const char *target_group;
} Person;

static void
block_add (Block        *block,
           const Person *person,
           const char   *course_id)
{
  split_add (&block->all, person->sex, course_id, person->id, 1);
  if (person->ethnicity == NULL)
    split_add (&block->not_recorded, person->sex, course_id, person->id, 1);
  else if (tp_refdata_is_ethnic_minority (person->ethnicity))
    {
      split_add (&block->minority, person->sex, course_id, person->id, 1);
      figure_count (block->ethnic_minority, course_id, person->id);
      if (person->sex == TP_SEX_FEMALE)
        figure_count (block->ethnic_minority_female, course_id, person->id);
    }
  else
    split_add (&block->kinh, person->sex, course_id, person->id, 1);
}

/* ---- the reporting period ---------------------------------------------- */

static gboolean
parse_month_day (const char *text,
                 int        *month,
                 int        *day)
{
  if (text == NULL || strlen (text) != 5 || text[2] != '-' ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;
  *month = (text[0] - '0') * 10 + (text[1] - '0');
  *day = (text[3] - '0') * 10 + (text[4] - '0');
  /* 2025 is not a leap year: 29 February is refused. */
  return g_date_valid_dmy (*day, *month, 2025);
}

gboolean
tp_report_check_year_start (const char  *month_day,
                            GError     **error)
{
  int month, day;

  if (!parse_month_day (month_day, &month, &day))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                   _("The start of the reporting year “%s” is not a month and day written MM-DD (for example 12-15); 02-29 is not allowed"),
                   month_day != NULL ? month_day : "");
      return FALSE;
    }
  return TRUE;
}

static char *
format_date (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

gboolean
tp_report_reporting_year (TpDb        *db,
                          int          year,
                          char       **from,
                          char       **to,
                          GError     **error)
{
  g_autofree char *setting = tp_db_get_setting (db, "report.year_start");
  const char *start = setting != NULL && *setting != '\0' ? setting : TP_REPORT_DEFAULT_YEAR_START;
  GDate first, last;
  int month, day;

  if (year < 1901 || year > 9998)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                   _("The year %d is out of range (1901–9998)"), year);
      return FALSE;
    }
  if (!parse_month_day (start, &month, &day))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                   _("The setting report.year_start “%s” is not a month and day written MM-DD (for example 12-15)"),
                   start);
      return FALSE;
    }

  /* The reporting year "2026" is the one that ends in 2026. */
  g_date_set_dmy (&first, day, month, year - 1);
  g_date_set_dmy (&last, day, month, year);
  g_date_subtract_days (&last, 1);
  if (g_date_get_year (&last) != year)
    {
      g_date_set_dmy (&first, day, month, year);
      g_date_set_dmy (&last, day, month, year + 1);
      g_date_subtract_days (&last, 1);
    }
  *from = format_date (&first);
  *to = format_date (&last);
  return TRUE;
}

/* ---- loading ----------------------------------------------------------- */

/* The courses of the report: starting in the period, not cancelled, in the
 * province and of the type asked for. ?1 from, ?2 to, ?3 province, ?4 type. */
#define SCOPE_CTE \
  "WITH scope AS (SELECT id FROM courses WHERE start_date >= ?1 AND start_date <= ?2" \
  "  AND status <> 'cancelled' AND (?3 IS NULL OR province_code = ?3)" \
  "  AND (?4 IS NULL OR type_id = ?4)) "

typedef struct {
  const char *id;
  const char *type_id;
  const char *level;
  gboolean    excused_counts;
  int         threshold;
  double      pass_mark;       /* < 0: none */
  GPtrArray  *sessions;        /* Session* (borrowed from the load) */
  gboolean    taught_by_source;
} Course;

typedef struct {
  const char *id;
  const char *date;
  int         halves;          /* 1 for a morning or an afternoon, 2 for a full day */
} Session;

typedef struct {
  TpReport     *report;
  TpDb         *db;
  const TpReportQuery *query;
  GHashTable   *courses;       /* id → Course* */
  GPtrArray    *course_list;   /* Course*, by id */
  GHashTable   *people;        /* id → Person* */
  GPtrArray    *session_store; /* Session* */
} Load;

static void
course_free (Course *c)
{
  g_ptr_array_unref (c->sessions);
  g_free (c);
}

static const char *
chunk (TpReport     *report,
       sqlite3_stmt *stmt,
       int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_string_chunk_insert_const (report->strings, text) : NULL;
}

static sqlite3_stmt *
prepare_scoped (Load        *load,
                const char  *sql,
                GError     **error)
{
  sqlite3_stmt *stmt = tp_db_prepare (load->db, sql, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, load->query->from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, load->query->to, -1, SQLITE_TRANSIENT);
  if (load->query->province_code != NULL)
    sqlite3_bind_text (stmt, 3, load->query->province_code, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 3);
  if (load->query->course_type != NULL)
    sqlite3_bind_text (stmt, 4, load->query->course_type, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 4);
  return stmt;
}

static gboolean
finish_stmt (Load          *load,
             sqlite3_stmt  *stmt,
             int            rc,
             GError       **error)
{
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return tp_db_set_error (load->db, rc, error);
  return TRUE;
}

static Person *
person_from_row (Load         *load,
                 sqlite3_stmt *stmt,
                 int           first)
{
  const char *id = chunk (load->report, stmt, first);
  Person *person = g_hash_table_lookup (load->people, id);
  const char *sex;

  if (person != NULL)
    return person;
  person = g_new0 (Person, 1);
  person->id = id;
  sex = (const char *) sqlite3_column_text (stmt, first + 1);
  if (sex == NULL || !tp_sex_from_string (sex, &person->sex))
    person->sex = TP_SEX_UNKNOWN;
  person->ethnicity = chunk (load->report, stmt, first + 2);
  person->target_group = chunk (load->report, stmt, first + 3);
  g_hash_table_insert (load->people, (gpointer) id, person);
  return person;
}

static gboolean
load_courses (Load    *load,
              GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare_scoped (load,
                         SCOPE_CTE
                         "SELECT c.id, c.type_id, c.level, c.excused_counts, c.completion_threshold,"
                         "  c.pass_mark FROM courses c JOIN scope ON scope.id = c.id ORDER BY c.id",
                         error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Course *c = g_new0 (Course, 1);

      c->id = chunk (load->report, stmt, 0);
      c->type_id = chunk (load->report, stmt, 1);
      c->level = chunk (load->report, stmt, 2);
      c->excused_counts = sqlite3_column_int (stmt, 3) != 0;
      c->threshold = sqlite3_column_int (stmt, 4);
      c->pass_mark = sqlite3_column_type (stmt, 5) == SQLITE_NULL ? -1 : sqlite3_column_double (stmt, 5);
      c->sessions = g_ptr_array_new ();
      g_hash_table_insert (load->courses, (gpointer) c->id, c);
      g_ptr_array_add (load->course_list, c);
    }
  if (!finish_stmt (load, stmt, rc, error))
    return FALSE;

  stmt = prepare_scoped (load,
                         SCOPE_CTE
                         "SELECT s.id, s.course_id, s.date, s.part FROM sessions s"
                         " JOIN scope ON scope.id = s.course_id ORDER BY s.course_id, s.date, s.part",
                         error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Session *s = g_new0 (Session, 1);
      Course *c = g_hash_table_lookup (load->courses, sqlite3_column_text (stmt, 1));
      const char *part = (const char *) sqlite3_column_text (stmt, 3);

      s->id = chunk (load->report, stmt, 0);
      s->date = chunk (load->report, stmt, 2);
      s->halves = g_strcmp0 (part, "full-day") == 0 ? 2 : 1;
      g_ptr_array_add (load->session_store, s);
      if (c != NULL)
        g_ptr_array_add (c->sessions, s);
    }
  return finish_stmt (load, stmt, rc, error);
}

/* ---- computing --------------------------------------------------------- */

typedef struct {
  Figure *courses_total;
  Node   *by_type_node;
  Node   *by_level_node;
  GHashTable *by_type;        /* type id → Figure* */
  GHashTable *by_level;       /* level → Figure* */
  Figure *sessions_total;
  Block   enrolments, people;
  Block   attended, people_attended;
  Block   completed, people_completed;
  Block   certified, people_certified;
  Node   *enrolments_by_type_node;
  GHashTable *enrolments_by_type;  /* type id → Split* */
  Node   *by_group_node;
  GHashTable *by_group;       /* group id → Split* */
  Split   trainers;
  Split   source_trainers;
  Figure *cascade_courses;
  Block   cascade_enrolments, cascade_people;
  Figure *person_days;
  Split   person_days_by_sex;
  Split   pre_mean, post_mean, pre_count, post_count;
  Node   *budget_node;
  GHashTable *budget_planned;  /* source id → Figure* */
  GHashTable *budget_actual;
  Figure *budget_total_planned, *budget_total_actual;
  Figure *cost_per_person;
  Figure *problem_unknown_sex, *problem_no_ethnicity, *problem_no_group;
  Figure *problem_no_sessions, *problem_trainer_unknown_sex;
} Figures;

static Split *
split_for_label (TpReport        *report,
                 Node            *parent,
                 GHashTable      *table,
                 const char      *id,
                 TpReportRefKind  kind,
                 const char      *label)
{
  Split *split = g_new0 (Split, 1);
  Node *node = object_new (parent, id);

  split_init (report, split, node, kind, FALSE, label);
  g_hash_table_insert (table, (gpointer) g_string_chunk_insert_const (report->strings, id), split);
  return split;
}

static void
build_tree (TpReport *report,
            Figures  *f)
{
  Node *root = report->root;
  Node *node, *sub;

  raw_new (root, "format", "\"" TP_REPORT_FORMAT "\"");
  {
    g_autofree char *version = g_strdup_printf ("%d", TP_REPORT_VERSION);

    raw_new (root, "version", version);
  }
  node = object_new (root, "period");
  string_new (node, "from", report->from);
  string_new (node, "to", report->to);
  node = object_new (root, "filter");
  string_new (node, "province", report->province_code);
  string_new (node, "course_type", report->course_type);

  node = object_new (root, "courses");
  f->courses_total = scalar_new (report, node, "total", TP_REPORT_REF_COURSE, _("Courses held"));
  f->by_type_node = object_new (node, "by_type");
  for (guint i = 0; i < report->course_types->len; i++)
    {
      TpReportLabel *type = g_ptr_array_index (report->course_types, i);
      g_autofree char *label = g_strdup_printf (_("Courses: %s"), type->name);

      g_hash_table_insert (f->by_type, type->id,
                           scalar_new (report, f->by_type_node, type->id, TP_REPORT_REF_COURSE, label));
    }
  f->by_level_node = object_new (node, "by_level");
  {
    static const char * const levels[] = { "central", "provincial", "commune", "unspecified" };
    const char *labels[] = { N_("Courses at central level"), N_("Courses at provincial level"),
                             N_("Courses at commune level"), N_("Courses without a level") };

    for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
      g_hash_table_insert (f->by_level, (gpointer) levels[i],
                           scalar_new (report, f->by_level_node, levels[i], TP_REPORT_REF_COURSE,
                                       _(labels[i])));
  }
  node = object_new (root, "sessions");
  f->sessions_total = scalar_new (report, node, "total", TP_REPORT_REF_COURSE, _("Sessions held"));

  block_init (report, &f->enrolments, root, "enrolments", TP_REPORT_REF_ENROLMENT, _("Enrolments (person-times)"));
  block_init (report, &f->people, root, "people", TP_REPORT_REF_PERSON, _("People enrolled"));
  block_init (report, &f->attended, root, "attended", TP_REPORT_REF_ENROLMENT, _("Enrolments attended at least once"));
  block_init (report, &f->people_attended, root, "people_attended", TP_REPORT_REF_PERSON, _("People who attended at least once"));
  block_init (report, &f->completed, root, "completed", TP_REPORT_REF_ENROLMENT, _("Enrolments completed"));
  block_init (report, &f->people_completed, root, "people_completed", TP_REPORT_REF_PERSON, _("People who completed a course"));
  block_init (report, &f->certified, root, "certified", TP_REPORT_REF_ENROLMENT, _("Enrolments certified"));
  block_init (report, &f->people_certified, root, "people_certified", TP_REPORT_REF_PERSON, _("People certified"));

  f->enrolments_by_type_node = object_new (root, "enrolments_by_type");
  for (guint i = 0; i < report->course_types->len; i++)
    {
      TpReportLabel *type = g_ptr_array_index (report->course_types, i);
      g_autofree char *label = g_strdup_printf (_("Enrolments: %s"), type->name);

      split_for_label (report, f->enrolments_by_type_node, f->enrolments_by_type, type->id,
                       TP_REPORT_REF_ENROLMENT, label);
    }

  f->by_group_node = object_new (root, "by_target_group");
  for (guint i = 0; i < report->target_groups->len; i++)
    {
      TpReportLabel *group = g_ptr_array_index (report->target_groups, i);
      g_autofree char *label = g_strdup_printf (_("Enrolments: %s"), group->name);

      split_for_label (report, f->by_group_node, f->by_group, group->id,
                       TP_REPORT_REF_ENROLMENT, label);
    }
  split_for_label (report, f->by_group_node, f->by_group, "not_recorded",
                   TP_REPORT_REF_ENROLMENT, _("Enrolments: target group not recorded"));

  node = object_new (root, "trainers");
  split_init (report, &f->trainers, node, TP_REPORT_REF_PERSON, FALSE, _("Trainers who taught"));

  node = object_new (root, "cascade");
  sub = object_new (node, "source_trainers");
  split_init (report, &f->source_trainers, sub, TP_REPORT_REF_PERSON, FALSE,
              _("Source trainers who taught"));
  f->cascade_courses = scalar_new (report, node, "courses", TP_REPORT_REF_COURSE,
                                   _("Courses taught by source trainers"));
  block_init (report, &f->cascade_enrolments, node, "enrolments", TP_REPORT_REF_ENROLMENT,
              _("Enrolments reached by source trainers"));
  block_init (report, &f->cascade_people, node, "people", TP_REPORT_REF_PERSON,
              _("People reached by source trainers"));

  f->person_days = figure_new (report, root, "person_days", TP_REPORT_REF_ENROLMENT);
  node = object_new (root, "person_days_by_sex");
  split_init (report, &f->person_days_by_sex, node, TP_REPORT_REF_ENROLMENT, FALSE,
              _("Person-days of training"));

  node = object_new (root, "tests");
  sub = object_new (node, "pre_mean");
  split_init (report, &f->pre_mean, sub, TP_REPORT_REF_ENROLMENT, TRUE, _("Pre-test mean score"));
  sub = object_new (node, "post_mean");
  split_init (report, &f->post_mean, sub, TP_REPORT_REF_ENROLMENT, TRUE, _("Post-test mean score"));
  sub = object_new (node, "pre_count");
  split_init (report, &f->pre_count, sub, TP_REPORT_REF_ENROLMENT, FALSE, _("Pre-test scores recorded"));
  sub = object_new (node, "post_count");
  split_init (report, &f->post_count, sub, TP_REPORT_REF_ENROLMENT, FALSE, _("Post-test scores recorded"));

  f->budget_node = object_new (root, "budget");
  for (guint i = 0; i < report->funding_sources->len; i++)
    {
      TpReportLabel *source = g_ptr_array_index (report->funding_sources, i);
      g_autofree char *planned_label = g_strdup_printf (_("Budget planned: %s"), source->name);
      g_autofree char *actual_label = g_strdup_printf (_("Budget spent: %s"), source->name);

      sub = object_new (f->budget_node, source->id);
      g_hash_table_insert (f->budget_planned, source->id,
                           scalar_new (report, sub, "planned", TP_REPORT_REF_COURSE, planned_label));
      g_hash_table_insert (f->budget_actual, source->id,
                           scalar_new (report, sub, "actual", TP_REPORT_REF_COURSE, actual_label));
    }
  node = object_new (root, "budget_total");
  f->budget_total_planned = scalar_new (report, node, "planned", TP_REPORT_REF_COURSE, _("Budget planned, all sources"));
  f->budget_total_actual = scalar_new (report, node, "actual", TP_REPORT_REF_COURSE, _("Budget spent, all sources"));
  f->cost_per_person = scalar_new (report, root, "cost_per_person_trained", TP_REPORT_REF_PERSON,
                                   _("Cost per person trained"));

  node = object_new (root, "data_problems");
  f->problem_unknown_sex = scalar_new (report, node, "people_unknown_sex", TP_REPORT_REF_PERSON,
                                       _("People enrolled with no sex recorded"));
  f->problem_no_ethnicity = scalar_new (report, node, "people_ethnicity_not_recorded", TP_REPORT_REF_PERSON,
                                        _("People enrolled with no ethnicity recorded"));
  f->problem_no_group = scalar_new (report, node, "people_target_group_not_recorded", TP_REPORT_REF_PERSON,
                                    _("People enrolled with no target group recorded"));
  f->problem_no_sessions = scalar_new (report, node, "courses_without_sessions", TP_REPORT_REF_COURSE,
                                       _("Courses without sessions"));
  f->problem_trainer_unknown_sex = scalar_new (report, node, "trainers_unknown_sex", TP_REPORT_REF_PERSON,
                                               _("Trainers with no sex recorded"));
}

static Figure *
level_figure (TpReport   *report,
              Figures    *f,
              const char *level)
{
  const char *key = level != NULL && *level != '\0' ? level : "unspecified";
  Figure *fig = g_hash_table_lookup (f->by_level, key);

  if (fig == NULL)
    {
      /* A level the reference list does not know: shown under its own key. */
      const char *id = g_string_chunk_insert_const (report->strings, key);
      g_autofree char *label = g_strdup_printf (_("Courses at level “%s”"), key);

      fig = scalar_new (report, f->by_level_node, id, TP_REPORT_REF_COURSE, label);
      g_hash_table_insert (f->by_level, (gpointer) id, fig);
    }
  return fig;
}

static gboolean
compute_courses (Load     *load,
                 Figures  *f,
                 GError  **error)
{
  TpReport *report = load->report;

  for (guint i = 0; i < load->course_list->len; i++)
    {
      Course *c = g_ptr_array_index (load->course_list, i);
      Figure *by_type = g_hash_table_lookup (f->by_type, c->type_id);

      figure_count (f->courses_total, c->id, NULL);
      if (by_type == NULL)
        {
          g_autofree char *label = g_strdup_printf (_("Courses: %s"), c->type_id);

          by_type = scalar_new (report, f->by_type_node, c->type_id, TP_REPORT_REF_COURSE, label);
          g_hash_table_insert (f->by_type, (gpointer) c->type_id, by_type);
        }
      figure_count (by_type, c->id, NULL);
      figure_count (level_figure (report, f, c->level), c->id, NULL);
      figure_add (f->sessions_total, c->id, NULL, c->sessions->len);
      if (c->sessions->len == 0)
        figure_count (f->problem_no_sessions, c->id, NULL);
    }
  return TRUE;
}

static gboolean
compute_trainers (Load     *load,
                  Figures  *f,
                  GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* Who taught: listed as a trainer of the course, or named on a session. */
  stmt = prepare_scoped (load,
                         SCOPE_CTE
                         ", taught AS ("
                         "  SELECT course_id, person_id FROM course_trainers WHERE course_id IN scope"
                         "  UNION SELECT course_id, trainer_id FROM sessions"
                         "  WHERE trainer_id IS NOT NULL AND course_id IN scope)"
                         "SELECT t.course_id, p.id, p.sex, p.ethnicity_id, p.target_group,"
                         "  EXISTS (SELECT 1 FROM trainer_profiles tp WHERE tp.person_id = p.id"
                         "          AND tp.source_certificate_id IS NOT NULL)"
                         " FROM taught t JOIN people p ON p.id = t.person_id"
                         " ORDER BY t.course_id, p.id",
                         error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Course *c = g_hash_table_lookup (load->courses, sqlite3_column_text (stmt, 0));
      Person *p = person_from_row (load, stmt, 1);

      if (c == NULL)
        continue;
      split_add (&f->trainers, p->sex, c->id, p->id, 1);
      if (p->sex == TP_SEX_UNKNOWN)
        figure_count (f->problem_trainer_unknown_sex, c->id, p->id);
      if (sqlite3_column_int (stmt, 5))
        {
          split_add (&f->source_trainers, p->sex, c->id, p->id, 1);
          figure_count (f->cascade_courses, c->id, NULL);
          c->taught_by_source = TRUE;
        }
    }
  return finish_stmt (load, stmt, rc, error);
}

static gboolean
mark_attended (const char *mark)
{
  return g_strcmp0 (mark, "present") == 0 || g_strcmp0 (mark, "late") == 0;
}

static gboolean
compute_enrolments (Load     *load,
                    Figures  *f,
                    GError  **error)
{
  g_autoptr(GHashTable) marks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) certified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  /* Marks of the enrolments in scope: "enrolment/session" → mark (static string). */
  stmt = prepare_scoped (load,
                         SCOPE_CTE
                         "SELECT a.enrolment_id, a.session_id, a.mark FROM attendance a"
                         " JOIN enrolments e ON e.id = a.enrolment_id"
                         " WHERE e.course_id IN scope AND e.status <> 'withdrawn'",
                         error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *mark = (const char *) sqlite3_column_text (stmt, 2);
      TpMark m;

      if (!tp_mark_from_string (mark, &m))
        continue;
      g_hash_table_insert (marks,
                           g_strdup_printf ("%s/%s", sqlite3_column_text (stmt, 0),
                                            sqlite3_column_text (stmt, 1)),
                           (gpointer) tp_mark_to_string (m));
    }
  if (!finish_stmt (load, stmt, rc, error))
    return FALSE;

  /* Valid certificates: a revoked one does not count, a re-issue does. */
  stmt = prepare_scoped (load,
                         SCOPE_CTE
                         "SELECT DISTINCT course_id, person_id FROM certificates"
                         " WHERE status = 'valid' AND course_id IN scope",
                         error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (certified, g_strdup_printf ("%s/%s", sqlite3_column_text (stmt, 0),
                                                  sqlite3_column_text (stmt, 1)));
  if (!finish_stmt (load, stmt, rc, error))
    return FALSE;

  stmt = prepare_scoped (load,
                         SCOPE_CTE
                         "SELECT e.id, e.course_id, p.id, p.sex, p.ethnicity_id, p.target_group,"
                         "  e.pre_test, e.post_test"
                         " FROM enrolments e JOIN people p ON p.id = e.person_id"
                         " WHERE e.course_id IN scope AND e.status <> 'withdrawn'"
                         " ORDER BY e.course_id, p.id",
                         error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *enrolment_id = (const char *) sqlite3_column_text (stmt, 0);
      Course *c = g_hash_table_lookup (load->courses, sqlite3_column_text (stmt, 1));
      Person *p = person_from_row (load, stmt, 2);
      gboolean has_pre = sqlite3_column_type (stmt, 6) != SQLITE_NULL;
      gboolean has_post = sqlite3_column_type (stmt, 7) != SQLITE_NULL;
      double pre = sqlite3_column_double (stmt, 6);
      double post = sqlite3_column_double (stmt, 7);
      g_autoptr(GHashTable) halves_by_date = NULL;
      g_autofree char *cert_key = NULL;
      guint attended = 0, counted = 0, halves = 0;
      gboolean complete;
      Split *split;
      GHashTableIter iter;
      gpointer value;

      if (c == NULL)
        continue;

      /* Registered. */
      block_add (&f->enrolments, p, c->id);
      block_add (&f->people, p, c->id);
      split = g_hash_table_lookup (f->enrolments_by_type, c->type_id);
      if (split == NULL)
        split = split_for_label (load->report, f->enrolments_by_type_node, f->enrolments_by_type,
                                 c->type_id, TP_REPORT_REF_ENROLMENT, c->type_id);
      split_add (split, p->sex, c->id, p->id, 1);
      split = g_hash_table_lookup (f->by_group, p->target_group != NULL ? p->target_group : "not_recorded");
      if (split == NULL)
        split = split_for_label (load->report, f->by_group_node, f->by_group, p->target_group,
                                 TP_REPORT_REF_ENROLMENT, p->target_group);
      split_add (split, p->sex, c->id, p->id, 1);
      if (p->sex == TP_SEX_UNKNOWN)
        figure_count (f->problem_unknown_sex, NULL, p->id);
      if (p->ethnicity == NULL)
        figure_count (f->problem_no_ethnicity, NULL, p->id);
      if (p->target_group == NULL)
        figure_count (f->problem_no_group, NULL, p->id);
      if (c->taught_by_source)
        {
          block_add (&f->cascade_enrolments, p, c->id);
          block_add (&f->cascade_people, p, c->id);
        }

      /* Attendance: present and late are attended; excused counts toward
       * completion only when the course says so, never as a day of
       * training. Days: a morning or an afternoon is half a day, a full day
       * a whole one, at most one day per date. */
      halves_by_date = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < c->sessions->len; i++)
        {
          Session *s = g_ptr_array_index (c->sessions, i);
          g_autofree char *key = g_strdup_printf ("%s/%s", enrolment_id, s->id);
          const char *mark = g_hash_table_lookup (marks, key);

          if (mark_attended (mark))
            {
              attended++;
              counted++;
              g_hash_table_insert (halves_by_date, (gpointer) s->date,
                                   GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (halves_by_date, s->date)) + s->halves));
            }
          else if (c->excused_counts && g_strcmp0 (mark, "excused") == 0)
            counted++;
        }
      g_hash_table_iter_init (&iter, halves_by_date);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        halves += MIN (GPOINTER_TO_INT (value), 2);

      if (attended > 0)
        {
          block_add (&f->attended, p, c->id);
          block_add (&f->people_attended, p, c->id);
        }
      if (halves > 0)
        {
          figure_add (f->person_days, c->id, p->id, halves / 2.0);
          split_add (&f->person_days_by_sex, p->sex, c->id, p->id, halves / 2.0);
        }

      /* Completed: attendance reaches the threshold (exact integers, as on
       * the attendance page) and, when the course has a pass mark, the
       * post-test reaches it. No sessions, no completion. */
      complete = c->sessions->len > 0 &&
                 (guint64) counted * 100 >= (guint64) c->threshold * c->sessions->len &&
                 (c->pass_mark < 0 || (has_post && post >= c->pass_mark));
      if (complete)
        {
          block_add (&f->completed, p, c->id);
          block_add (&f->people_completed, p, c->id);
        }

      cert_key = g_strdup_printf ("%s/%s", c->id, p->id);
      if (g_hash_table_contains (certified, cert_key))
        {
          block_add (&f->certified, p, c->id);
          block_add (&f->people_certified, p, c->id);
        }

      if (has_pre)
        {
          split_add (&f->pre_mean, p->sex, c->id, p->id, pre);
          split_add (&f->pre_count, p->sex, c->id, p->id, 1);
        }
      if (has_post)
        {
          split_add (&f->post_mean, p->sex, c->id, p->id, post);
          split_add (&f->post_count, p->sex, c->id, p->id, 1);
        }
    }
  return finish_stmt (load, stmt, rc, error);
}

static gboolean
compute_budget (Load     *load,
                Figures  *f,
                GError  **error)
{
  TpReport *report = load->report;
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare_scoped (load,
                         SCOPE_CTE
                         "SELECT course_id, source_id, planned, actual FROM budget_lines"
                         " WHERE course_id IN scope ORDER BY course_id, source_id",
                         error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Course *c = g_hash_table_lookup (load->courses, sqlite3_column_text (stmt, 0));
      const char *source = chunk (report, stmt, 1);
      Figure *planned = g_hash_table_lookup (f->budget_planned, source);
      Figure *actual = g_hash_table_lookup (f->budget_actual, source);

      if (c == NULL)
        continue;
      if (planned == NULL)
        {
          Node *sub = object_new (f->budget_node, source);
          g_autofree char *planned_label = g_strdup_printf (_("Budget planned: %s"), source);
          g_autofree char *actual_label = g_strdup_printf (_("Budget spent: %s"), source);

          planned = scalar_new (report, sub, "planned", TP_REPORT_REF_COURSE, planned_label);
          actual = scalar_new (report, sub, "actual", TP_REPORT_REF_COURSE, actual_label);
          g_hash_table_insert (f->budget_planned, (gpointer) source, planned);
          g_hash_table_insert (f->budget_actual, (gpointer) source, actual);
        }
      if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
        {
          gint64 amount = sqlite3_column_int64 (stmt, 2);

          figure_add (planned, c->id, NULL, amount);
          figure_add_amount (f->budget_total_planned, c->id, amount);
        }
      if (sqlite3_column_type (stmt, 3) != SQLITE_NULL)
        {
          gint64 amount = sqlite3_column_int64 (stmt, 3);

          figure_add (actual, c->id, NULL, amount);
          figure_add_amount (f->budget_total_actual, c->id, amount);
        }
    }
  return finish_stmt (load, stmt, rc, error);
}

/* ---- public ------------------------------------------------------------ */

static GPtrArray *
load_labels (GPtrArray *items)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func ((GDestroyNotify) label_free);

  for (guint i = 0; i < items->len; i++)
    {
      TpRefItem *item = g_ptr_array_index (items, i);
      TpReportLabel *label = g_new0 (TpReportLabel, 1);

      label->id = g_strdup (item->id);
      label->name = g_strdup (item->name != NULL ? item->name : item->id);
      label->name_vi = g_strdup (item->name_vi != NULL ? item->name_vi : item->id);
      g_ptr_array_add (labels, label);
    }
  g_ptr_array_unref (items);
  return labels;
}

static char *
setting_or (TpDb       *db,
            const char *key,
            char       *fallback)
{
  char *value = tp_db_get_setting (db, key);

  if (value != NULL && *value != '\0')
    {
      g_free (fallback);
      return value;
    }
  g_free (value);
  return fallback != NULL ? fallback : g_strdup ("");
}

static gboolean
check_query (TpDb                *db,
             const TpReportQuery *query,
             GError             **error)
{
  g_autofree char *from_problem = NULL;
  g_autofree char *to_problem = NULL;

  if (query->from == NULL || query->to == NULL)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID, _("The report needs a first and a last day"));
      return FALSE;
    }
  from_problem = tp_check_date (query->from);
  if (from_problem != NULL)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID, _("First day of the report: %s"), from_problem);
      return FALSE;
    }
  to_problem = tp_check_date (query->to);
  if (to_problem != NULL)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID, _("Last day of the report: %s"), to_problem);
      return FALSE;
    }
  if (strcmp (query->from, query->to) > 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                   _("The report period ends (%s) before it starts (%s)"), query->to, query->from);
      return FALSE;
    }
  if (query->province_code != NULL)
    {
      g_autofree char *name = tp_refdata_province_name (db, query->province_code);

      if (name == NULL)
        {
          g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                       _("“%s” is not the code of a province"), query->province_code);
          return FALSE;
        }
    }
  if (query->course_type != NULL && !tp_refdata_exists (db, "course_types", query->course_type))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                   _("“%s” is not a course type"), query->course_type);
      return FALSE;
    }
  return TRUE;
}

static void
finish_means (TpReport *report)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, report->figures);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Figure *fig = value;

      if (!fig->is_mean)
        continue;
      if (fig->refs->len == 0)
        fig->has_value = FALSE;
      else
        fig->value /= fig->refs->len;
    }
}

TpReport *
tp_report_compute (TpDb                *db,
                   const TpReportQuery *query,
                   GError             **error)
{
  g_autoptr(TpReport) report = NULL;
  g_autoptr(GHashTable) courses = NULL;
  g_autoptr(GHashTable) people = NULL;
  g_autoptr(GPtrArray) course_list = NULL;
  g_autoptr(GPtrArray) session_store = NULL;
  Figures f = { 0 };
  Load load = { 0 };
  gboolean ok;

  g_return_val_if_fail (TP_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (!check_query (db, query, error))
    return NULL;

  report = g_new0 (TpReport, 1);
  report->from = g_strdup (query->from);
  report->to = g_strdup (query->to);
  report->province_code = g_strdup (query->province_code);
  report->course_type = g_strdup (query->course_type);
  if (query->province_code != NULL)
    report->province_name = tp_refdata_province_name (db, query->province_code);
  if (query->course_type != NULL)
    {
      report->course_type_name = tp_refdata_course_type_name (db, query->course_type);
      report->course_type_name_vi = tp_refdata_course_type_name_vi (db, query->course_type);
    }
  report->parent_agency = setting_or (db, "office.parent_agency", NULL);
  report->agency = setting_or (db, "office.agency", tp_refdata_agency_name_on (db, "issuer", query->to));
  report->place = setting_or (db, "office.place", NULL);
  report->signer_title = setting_or (db, "office.signer_title", NULL);
  report->signer_name = setting_or (db, "office.signer_name", NULL);
  report->preparer_name = setting_or (db, "office.preparer_name", NULL);
  report->course_types = load_labels (tp_refdata_list_course_types (db));
  report->target_groups = load_labels (tp_refdata_list_target_groups (db));
  report->funding_sources = load_labels (tp_refdata_list_funding_sources (db));
  report->strings = g_string_chunk_new (4096);
  report->root = object_new (NULL, "");
  report->figures = g_hash_table_new (g_str_hash, g_str_equal);
  report->keys = g_ptr_array_new ();
  report->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);

  f.by_type = g_hash_table_new (g_str_hash, g_str_equal);
  f.by_level = g_hash_table_new (g_str_hash, g_str_equal);
  f.enrolments_by_type = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  f.by_group = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  f.budget_planned = g_hash_table_new (g_str_hash, g_str_equal);
  f.budget_actual = g_hash_table_new (g_str_hash, g_str_equal);
  build_tree (report, &f);

  courses = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) course_free);
  people = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  course_list = g_ptr_array_new ();
  session_store = g_ptr_array_new_with_free_func (g_free);
  load.report = report;
  load.db = db;
  load.query = query;
  load.courses = courses;
  load.course_list = course_list;
  load.people = people;
  load.session_store = session_store;

  /* One read transaction: every figure comes from the same state. */
  ok = tp_db_exec (db, "SAVEPOINT report", error);
  if (ok)
    {
      ok = load_courses (&load, error) &&
           compute_courses (&load, &f, error) &&
           compute_trainers (&load, &f, error) &&
           compute_enrolments (&load, &f, error) &&
           compute_budget (&load, &f, error);
      tp_db_exec (db, "RELEASE report", NULL);
    }

  if (ok)
    {
      finish_means (report);
      /* Cost per person trained: money spent over the people who completed. */
      if (f.people_completed.all.total->refs->len > 0 && f.budget_total_actual->refs->len > 0)
        {
          Figure *people_completed = f.people_completed.all.total;

          for (guint i = 0; i < people_completed->refs->len; i++)
            {
              Ref *ref = &g_array_index (people_completed->refs, Ref, i);

              figure_add (f.cost_per_person, NULL, ref->person_id, 0);
            }
          f.cost_per_person->value = round (f.budget_total_actual->value / people_completed->refs->len);
        }
      else
        f.cost_per_person->has_value = FALSE;
    }

  g_hash_table_unref (f.by_type);
  g_hash_table_unref (f.by_level);
  g_hash_table_unref (f.enrolments_by_type);
  g_hash_table_unref (f.by_group);
  g_hash_table_unref (f.budget_planned);
  g_hash_table_unref (f.budget_actual);

  if (!ok)
    return NULL;
  return g_steal_pointer (&report);
}

void
tp_report_free (TpReport *report)
{
  if (report == NULL)
    return;
  g_free (report->from);
  g_free (report->to);
  g_free (report->province_code);
  g_free (report->course_type);
  g_free (report->province_name);
  g_free (report->course_type_name);
  g_free (report->course_type_name_vi);
  g_free (report->parent_agency);
  g_free (report->agency);
  g_free (report->place);
  g_free (report->signer_title);
  g_free (report->signer_name);
  g_free (report->preparer_name);
  g_clear_pointer (&report->course_types, g_ptr_array_unref);
  g_clear_pointer (&report->target_groups, g_ptr_array_unref);
  g_clear_pointer (&report->funding_sources, g_ptr_array_unref);
  g_clear_pointer (&report->rows, g_ptr_array_unref);
  g_clear_pointer (&report->keys, g_ptr_array_unref);
  g_clear_pointer (&report->figures, g_hash_table_unref);
  g_clear_pointer (&report->root, node_free);
  if (report->strings != NULL)
    g_string_chunk_free (report->strings);
  g_free (report);
}

const char *
tp_report_get_from (TpReport *report)
{
  return report->from;
}

const char *
tp_report_get_to (TpReport *report)
{
  return report->to;
}

const char *
tp_report_get_province_code (TpReport *report)
{
  return report->province_code;
}

const char *
tp_report_get_course_type (TpReport *report)
{
  return report->course_type;
}

GPtrArray *
tp_report_get_course_types (TpReport *report)
{
  return report->course_types;
}

GPtrArray *
tp_report_get_target_groups (TpReport *report)
{
  return report->target_groups;
}

GPtrArray *
tp_report_get_funding_sources (TpReport *report)
{
  return report->funding_sources;
}

const char *
tp_report_get_province_name (TpReport *report)
{
  return report->province_name;
}

const char *
tp_report_get_course_type_name (TpReport *report)
{
  return report->course_type_name;
}

const char *
tp_report_get_course_type_name_vi (TpReport *report)
{
  return report->course_type_name_vi;
}

const char *
tp_report_get_parent_agency (TpReport *report)
{
  return report->parent_agency;
}

const char *
tp_report_get_agency (TpReport *report)
{
  return report->agency;
}

const char *
tp_report_get_place (TpReport *report)
{
  return report->place;
}

const char *
tp_report_get_signer_title (TpReport *report)
{
  return report->signer_title;
}

const char *
tp_report_get_signer_name (TpReport *report)
{
  return report->signer_name;
}

const char *
tp_report_get_preparer_name (TpReport *report)
{
  return report->preparer_name;
}

gboolean
tp_report_get_value (TpReport   *report,
                     const char *key,
                     double     *value)
{
  Figure *fig = g_hash_table_lookup (report->figures, key);

  if (fig == NULL || !fig->has_value)
    return FALSE;
  if (value != NULL)
    *value = fig->value;
  return TRUE;
}

double
tp_report_value_or_zero (TpReport   *report,
                         const char *key)
{
  double value = 0;

  return tp_report_get_value (report, key, &value) ? value : 0;
}

GPtrArray *
tp_report_list_keys (TpReport *report)
{
  return g_ptr_array_ref (report->keys);
}

static int
compare_refs (gconstpointer a,
              gconstpointer b)
{
  const TpReportRef *ra = *(const TpReportRef * const *) a;
  const TpReportRef *rb = *(const TpReportRef * const *) b;
  int cmp = g_strcmp0 (ra->course_id, rb->course_id);

  return cmp != 0 ? cmp : g_strcmp0 (ra->person_id, rb->person_id);
}

GPtrArray *
tp_report_drill_down (TpReport         *report,
                      const char       *key,
                      TpReportRefKind  *kind,
                      GError          **error)
{
  Figure *fig = g_hash_table_lookup (report->figures, key);
  GPtrArray *refs;

  if (fig == NULL)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND, _("“%s” is not a figure of the report"), key);
      return NULL;
    }
  refs = g_ptr_array_new_full (fig->refs->len, (GDestroyNotify) tp_report_ref_free);
  for (guint i = 0; i < fig->refs->len; i++)
    {
      Ref *ref = &g_array_index (fig->refs, Ref, i);
      TpReportRef *copy = g_new0 (TpReportRef, 1);

      copy->course_id = g_strdup (ref->course_id);
      copy->person_id = g_strdup (ref->person_id);
      g_ptr_array_add (refs, copy);
    }
  g_ptr_array_sort (refs, compare_refs);
  if (kind != NULL)
    *kind = fig->kind;
  return refs;
}

GPtrArray *
tp_report_get_rows (TpReport *report)
{
  return report->rows;
}

static char *
format_figure (const Figure *fig)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  size_t len;

  if (fig == NULL || !fig->has_value)
    return g_strdup ("");
  if (fig->value == floor (fig->value) && fabs (fig->value) < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) fig->value);
  g_ascii_formatd (buf, sizeof buf, "%.2f", fig->value);
  len = strlen (buf);
  while (len > 0 && buf[len - 1] == '0')
    buf[--len] = '\0';
  if (len > 0 && buf[len - 1] == '.')
    buf[--len] = '\0';
  return g_strdup (buf);
}

char *
tp_report_format_value (TpReport   *report,
                        const char *key)
{
  return format_figure (key != NULL ? g_hash_table_lookup (report->figures, key) : NULL);
}

/* ---- JSON -------------------------------------------------------------- */

static void
write_node (GString    *out,
            const Node *node,
            int         depth)
{
  if (node->children == NULL)
    {
      if (node->raw != NULL)
        g_string_append (out, node->raw);
      else if (node->figure != NULL && node->figure->has_value)
        {
          g_autofree char *text = format_figure (node->figure);

          g_string_append (out, text);
        }
      else
        g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '{');
  for (guint i = 0; i < node->children->len; i++)
    {
      const Node *child = g_ptr_array_index (node->children, i);
      g_autofree char *name = json_string (child->name);

      g_string_append (out, i == 0 ? "\n" : ",\n");
      for (int d = 0; d <= depth; d++)
        g_string_append (out, "  ");
      g_string_append_printf (out, "%s: ", name);
      write_node (out, child, depth + 1);
    }
  g_string_append_c (out, '\n');
  for (int d = 0; d < depth; d++)
    g_string_append (out, "  ");
  g_string_append_c (out, '}');
}

char *
tp_report_to_json (TpReport *report)
{
  GString *out = g_string_new (NULL);

  write_node (out, report->root, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

/* ---- CSV --------------------------------------------------------------- */

static void
csv_field (GString    *out,
           const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

char *
tp_report_to_csv (TpReport *report)
{
  GString *out = g_string_new ("\xEF\xBB\xBF" "key,total,female,male,unknown\r\n");

  for (guint i = 0; i < report->rows->len; i++)
    {
      TpReportRow *row = g_ptr_array_index (report->rows, i);
      const char *cells[] = { row->total, row->female, row->male, row->unknown };

      csv_field (out, row->key);
      for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
        {
          g_autofree char *text = tp_report_format_value (report, cells[c]);

          g_string_append_c (out, ',');
          csv_field (out, text);
        }
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}

gboolean
tp_report_write_file (TpReport    *report,
                      const char  *format,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *text = NULL;

  if (g_strcmp0 (format, "pdf") == 0)
    return tp_report_write_pdf (report, path, error);
  if (g_strcmp0 (format, "json") == 0)
    text = tp_report_to_json (report);
  else if (g_strcmp0 (format, "csv") == 0)
    text = tp_report_to_csv (report);
  else
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                   _("Unknown report format “%s”; expected json, csv or pdf"), format);
      return FALSE;
    }

  {
    g_autoptr(GError) local = NULL;

    /* g_file_set_contents writes atomically and names the file. */
    if (!g_file_set_contents (path, text, -1, &local))
      {
        g_set_error (error, TP_ERROR, TP_ERROR_IO, "%s", local->message);
        return FALSE;
      }
  }
  return TRUE;
}
