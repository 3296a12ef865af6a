/* tp-render.c: one renderer for the course documents.
 *
 * Every document is a list of sheets (the sign-in list has one per course
 * day); a sheet is a header block (agency, national motto, title), one
 * table and a footer (totals, place and date, signature blocks). The
 * renderer measures every row with one reused PangoLayout on a private
 * PangoContext at 72 dpi with metrics hinting off, so the page breaks it
 * computes do not depend on the cairo surface it later draws on.
 *
 * The wording on the pages is Vietnamese on purpose: these are Vietnamese
 * administrative forms whose labels are fixed by practice, whatever the
 * language of the user interface. Error messages are translated.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "tp-attendance.h"
#include "tp-format.h"
#include "tp-refdata.h"
#include "tp-render.h"
#include "tp-store.h"

#define MM (72.0 / 25.4)
#define A4_WIDTH (210.0 * MM)
#define A4_HEIGHT (297.0 * MM)

/* Decree 30/2020, Appendix I: top and bottom 20–25 mm, left 30–35 mm,
 * right 15–20 mm. */
#define MARGIN_TOP (20.0 * MM)
#define MARGIN_BOTTOM (20.0 * MM)
#define MARGIN_LEFT (30.0 * MM)
#define MARGIN_RIGHT (15.0 * MM)

#define FONT_FAMILY "Times New Roman, Liberation Serif, serif"
#define CELL_PAD_X 3.0
#define CELL_PAD_Y 2.5
#define LINE_WIDTH 0.6
#define SIGNATURE_SPACE 62.0

typedef enum {
  FONT_BODY,          /* table cells, 11 pt */
  FONT_BODY_BOLD,     /* table header, totals */
  FONT_SMALL_BOLD,    /* narrow session headers */
  FONT_TEXT,          /* footer lines, 12 pt */
  FONT_TEXT_BOLD,
  FONT_TEXT_ITALIC,
  FONT_MOTTO,         /* national motto, 12 pt bold */
  FONT_SLOGAN,        /* "Độc lập - Tự do - Hạnh phúc", 13 pt bold */
  FONT_TITLE,         /* document title, 14 pt bold */
  FONT_SUBTITLE,      /* course name, 13 pt bold */
  FONT_PAGE_NUMBER,   /* 13 pt */
  N_FONTS
} Font;

static const struct {
  double       size;
  PangoWeight  weight;
  PangoStyle   style;
} font_specs[N_FONTS] = {
  [FONT_BODY] = { 11, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
  [FONT_BODY_BOLD] = { 11, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
  [FONT_SMALL_BOLD] = { 10, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
  [FONT_TEXT] = { 12, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
  [FONT_TEXT_BOLD] = { 12, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
  [FONT_TEXT_ITALIC] = { 12, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC },
  [FONT_MOTTO] = { 12, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
  [FONT_SLOGAN] = { 13, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
  [FONT_TITLE] = { 14, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
  [FONT_SUBTITLE] = { 13, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL },
  [FONT_PAGE_NUMBER] = { 13, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL },
};

typedef struct {
  char           *header;    /* the header cell (under the group, if any) */
  char           *group;     /* a header spanning the neighbours with the same group */
  double          fixed_mm;  /* > 0: this width */
  double          min_mm;    /* flexible columns: at least this */
  double          weight;    /* flexible columns: share of the rest */
  PangoAlignment  align;
  Font            header_font;
  double          width;     /* points, set by the layout */
} Column;

typedef struct {
  char   **cells;            /* one per column, owned, may be NULL */
  guint    n_cells;
  gint64   amount;           /* receipts: the row's amount */
  double   height;
} Row;

typedef struct {
  char *title;               /* may hold "\n" */
  char *hint;
  char *name;
} Signature;

typedef struct {
  int      first_row;
  int      n_rows;
  gboolean last;
} Page;

typedef struct {
  char      *title;
  GPtrArray *subtitles;      /* char*: the first in FONT_SUBTITLE, the rest FONT_TEXT */
  GPtrArray *columns;        /* Column* */
  GPtrArray *rows;           /* Row* */
  double     min_row_height;
  int        amount_column;  /* page totals and the grand total; -1 = none */
  gint64     grand_total;
  GPtrArray *footer_lines;   /* char* */
  char      *place_date;
  GPtrArray *signatures;     /* Signature* */

  double     header_height;  /* table header */
  double     group_height;
  double     block_height;   /* header block of the first page */
  double     footer_height;
  double     total_row_height;
  GArray    *pages;          /* Page */
} Sheet;

struct _TpDocument {
  TpDocumentKind  kind;
  char           *title;
  char           *parent_agency;
  char           *agency;
  GPtrArray      *sheets;    /* Sheet* */
  TpOrientation   orientation;
  gboolean        landscape;

  PangoContext   *context;
  PangoLayout    *layout;
  PangoFontDescription *fonts[N_FONTS];

  double          width;
  double          height;
  int             n_pages;
  GArray         *page_sheet;  /* int: the sheet of each page */
  GArray         *page_index;  /* int: the page within its sheet */
};

/* ---- building blocks --------------------------------------------------- */

static void
column_free (Column *c)
{
  g_free (c->header);
  g_free (c->group);
  g_free (c);
}

static Column *
add_column (Sheet          *sheet,
            const char     *group,
            const char     *header,
            double          fixed_mm,
            double          min_mm,
            double          weight,
            PangoAlignment  align)
{
  Column *c = g_new0 (Column, 1);

  c->group = g_strdup (group);
  c->header = g_strdup (header);
  c->fixed_mm = fixed_mm;
  c->min_mm = min_mm;
  c->weight = weight;
  c->align = align;
  c->header_font = FONT_BODY_BOLD;
  g_ptr_array_add (sheet->columns, c);
  return c;
}

static void
row_free (Row *r)
{
  /* Not g_strfreev: an empty cell is NULL in the middle of the array. */
  for (guint i = 0; i < r->n_cells; i++)
    g_free (r->cells[i]);
  g_free (r->cells);
  g_free (r);
}

static Row *
add_row (Sheet *sheet)
{
  Row *r = g_new0 (Row, 1);

  r->n_cells = sheet->columns->len;
  r->cells = g_new0 (char *, r->n_cells + 1);
  g_ptr_array_add (sheet->rows, r);
  return r;
}

static void
signature_free (Signature *s)
{
  g_free (s->title);
  g_free (s->hint);
  g_free (s->name);
  g_free (s);
}

static void
add_signature (Sheet      *sheet,
               const char *title,
               const char *hint,
               const char *name)
{
  Signature *s = g_new0 (Signature, 1);

  s->title = g_strdup (title);
  s->hint = g_strdup (hint);
  s->name = g_strdup (name);
  g_ptr_array_add (sheet->signatures, s);
}

static void
sheet_free (Sheet *sheet)
{
  g_free (sheet->title);
  g_ptr_array_unref (sheet->subtitles);
  g_ptr_array_unref (sheet->columns);
  g_ptr_array_unref (sheet->rows);
  g_ptr_array_unref (sheet->footer_lines);
  g_free (sheet->place_date);
  g_ptr_array_unref (sheet->signatures);
  g_array_unref (sheet->pages);
  g_free (sheet);
}

static Sheet *
sheet_new (const char *title)
{
  Sheet *sheet = g_new0 (Sheet, 1);

  sheet->title = g_strdup (title);
  sheet->subtitles = g_ptr_array_new_with_free_func (g_free);
  sheet->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) column_free);
  sheet->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  sheet->footer_lines = g_ptr_array_new_with_free_func (g_free);
  sheet->signatures = g_ptr_array_new_with_free_func ((GDestroyNotify) signature_free);
  sheet->pages = g_array_new (FALSE, TRUE, sizeof (Page));
  sheet->amount_column = -1;
  sheet->min_row_height = 0;
  return sheet;
}

void
tp_document_options_init (TpDocumentOptions *options)
{
  memset (options, 0, sizeof *options);
  options->columns = TP_ROSTER_DEFAULT_COLUMNS;
  options->orientation = TP_ORIENTATION_AUTO;
}

void
tp_document_free (TpDocument *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->title);
  g_free (doc->parent_agency);
  g_free (doc->agency);
  g_ptr_array_unref (doc->sheets);
  for (int i = 0; i < N_FONTS; i++)
    pango_font_description_free (doc->fonts[i]);
  g_clear_object (&doc->layout);
  g_clear_object (&doc->context);
  g_array_unref (doc->page_sheet);
  g_array_unref (doc->page_index);
  g_free (doc);
}

TpDocumentKind
tp_document_get_kind (TpDocument *doc)
{
  return doc->kind;
}

gboolean
tp_document_is_landscape (TpDocument *doc)
{
  return doc->landscape;
}

const char *
tp_document_get_title (TpDocument *doc)
{
  return doc->title;
}

int
tp_document_get_n_pages (TpDocument *doc)
{
  return doc->n_pages;
}

/* ---- data -------------------------------------------------------------- */

typedef struct {
  TpDb       *db;
  TpCourse   *course;
  GPtrArray  *sessions;      /* TpSession* */
  GPtrArray  *enrolments;    /* TpEnrolment*, withdrawn left out */
  GPtrArray  *people;        /* TpPerson*, same order */
  GHashTable *marks;
  GHashTable *ethnicity_names;
  char       *place;
  char       *signer_title;
  char       *signer_name;
  char       *preparer_name;
} Data;

static void
data_clear (Data *d)
{
  g_clear_pointer (&d->course, tp_course_free);
  g_clear_pointer (&d->sessions, g_ptr_array_unref);
  g_clear_pointer (&d->enrolments, g_ptr_array_unref);
  g_clear_pointer (&d->people, g_ptr_array_unref);
  g_clear_pointer (&d->marks, g_hash_table_unref);
  g_clear_pointer (&d->ethnicity_names, g_hash_table_unref);
  g_clear_pointer (&d->place, g_free);
  g_clear_pointer (&d->signer_title, g_free);
  g_clear_pointer (&d->signer_name, g_free);
  g_clear_pointer (&d->preparer_name, g_free);
}

static char *
setting_or_null (TpDb       *db,
                 const char *key)
{
  char *value = tp_db_get_setting (db, key);

  if (value != NULL && *g_strstrip (value) == '\0')
    g_clear_pointer (&value, g_free);
  return value;
}

/* "Tỉnh Lào Cai" → "Lào Cai": the place of the date line. */
static char *
place_from_province (TpDb       *db,
                     const char *code)
{
  static const char *const prefixes[] = { "Tỉnh ", "Thành phố ", "tỉnh ", "thành phố " };
  g_autofree char *name = code != NULL ? tp_refdata_province_name (db, code) : NULL;

  if (name == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (name, prefixes[i]))
      return g_strdup (name + strlen (prefixes[i]));
  return g_steal_pointer (&name);
}

static gboolean
data_load (Data        *d,
           TpDb        *db,
           const char  *course_id,
           GError     **error)
{
  g_autoptr(GPtrArray) all = NULL;

  d->db = db;
  d->course = tp_store_get_course (db, course_id, error);
  if (d->course == NULL)
    return FALSE;
  d->sessions = tp_store_list_sessions (db, course_id, error);
  if (d->sessions == NULL)
    return FALSE;
  all = tp_store_list_enrolments (db, course_id, error);
  if (all == NULL)
    return FALSE;
  d->marks = tp_store_get_course_marks (db, course_id, error);
  if (d->marks == NULL)
    return FALSE;

  d->enrolments = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_enrolment_free);
  d->people = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_person_free);
  for (guint i = 0; i < all->len; i++)
    {
      TpEnrolment *e = g_ptr_array_index (all, i);
      TpPerson *p;

      if (e->status == TP_ENROLMENT_WITHDRAWN)
        continue;
      p = tp_store_get_person (db, e->person_id, error);
      if (p == NULL)
        return FALSE;
      g_ptr_array_add (d->people, p);
      g_ptr_array_add (d->enrolments, g_steal_pointer (&all->pdata[i]));
    }
  if (d->people->len == 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                   _("Nobody is enrolled in course %s; there is nothing to print"), d->course->code);
      return FALSE;
    }

  d->ethnicity_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  d->place = setting_or_null (db, "office.place");
  if (d->place == NULL)
    d->place = place_from_province (db, d->course->province_code);
  d->signer_title = setting_or_null (db, "office.signer_title");
  d->signer_name = setting_or_null (db, "office.signer_name");
  d->preparer_name = setting_or_null (db, "office.preparer_name");
  return TRUE;
}

static const char *
ethnicity_name (Data       *d,
                const char *id)
{
  char *name;

  if (id == NULL)
    return NULL;
  name = g_hash_table_lookup (d->ethnicity_names, id);
  if (name == NULL)
    {
      name = tp_refdata_ethnicity_name (d->db, id);
      if (name == NULL)
        name = g_strdup (id);
      g_hash_table_insert (d->ethnicity_names, g_strdup (id), name);
    }
  return name;
}

static const char *
weekday_name (GDateWeekday day)
{
  static const char *const names[] = {
    "", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật",
  };

  return day >= 1 && day <= 7 ? names[day] : "";
}

static const char *
part_name (TpSessionPart part)
{
  switch (part)
    {
    case TP_PART_MORNING: return "Sáng";
    case TP_PART_AFTERNOON: return "Chiều";
    case TP_PART_FULL_DAY:
    default: return "Cả ngày";
    }
}

static const char *
part_abbreviation (TpSessionPart part)
{
  switch (part)
    {
    case TP_PART_MORNING: return "S";
    case TP_PART_AFTERNOON: return "C";
    case TP_PART_FULL_DAY:
    default: return "CN";
    }
}

static const char *
mark_symbol (TpMark mark)
{
  switch (mark)
    {
    case TP_MARK_PRESENT: return "x";
    case TP_MARK_LATE: return "M";
    case TP_MARK_EXCUSED: return "P";
    case TP_MARK_ABSENT: return "V";
    case TP_MARK_NONE:
    default: return NULL;
    }
}

/* "Thời gian: từ ngày 02/03/2026 đến ngày 06/03/2026" (one day: "ngày ..."). */
static char *
course_period (const TpCourse *course)
{
  g_autofree char *from = tp_format_date_short (course->start_date);
  g_autofree char *to = tp_format_date_short (course->end_date);

  if (from == NULL)
    return NULL;
  if (to == NULL || g_str_equal (from, to))
    return g_strdup_printf ("Thời gian: ngày %s", from);
  return g_strdup_printf ("Thời gian: từ ngày %s đến ngày %s", from, to);
}

static void
add_course_subtitles (Sheet          *sheet,
                      const TpCourse *course,
                      char           *time_line)
{
  g_ptr_array_add (sheet->subtitles, g_strdup (course->title));
  if (time_line != NULL)
    g_ptr_array_add (sheet->subtitles, time_line);
  if (course->venue != NULL && *course->venue != '\0')
    g_ptr_array_add (sheet->subtitles, g_strdup_printf ("Địa điểm: %s", course->venue));
}

static char *
place_date_line (Data       *d,
                 const char *date)
{
  g_autofree char *when = tp_format_date_document (date);

  if (when == NULL)
    when = g_strdup ("ngày … tháng … năm …");
  return g_strdup_printf ("%s, %s", d->place != NULL ? d->place : "…………", when);
}

static void
add_standard_signatures (Sheet    *sheet,
                         Data     *d,
                         gboolean  accountant)
{
  add_signature (sheet, "NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)", d->preparer_name);
  if (accountant)
    add_signature (sheet, "KẾ TOÁN TRƯỞNG", "(Ký, ghi rõ họ tên)", NULL);
  add_signature (sheet, d->signer_title != NULL ? d->signer_title : "THỦ TRƯỞNG ĐƠN VỊ",
                 "(Ký, ghi rõ họ tên, đóng dấu)", d->signer_name);
}

/* "Tổng số: 25 người (Nữ: 13; DTTS: 4)". */
static char *
people_total_line (Data *d)
{
  guint women = 0, minority = 0;

  for (guint i = 0; i < d->people->len; i++)
    {
      TpPerson *p = g_ptr_array_index (d->people, i);

      if (p->sex == TP_SEX_FEMALE)
        women++;
      if (tp_refdata_is_ethnic_minority (p->ethnicity_id))
        minority++;
    }
  return g_strdup_printf ("Tổng số: %u người (Nữ: %u; DTTS: %u)", d->people->len, women, minority);
}

static char *
year_text (int year)
{
  return year > 0 ? g_strdup_printf ("%d", year) : NULL;
}

static char *
percent_text (double percent)
{
  double rounded = floor (percent * 10.0 + 0.5) / 10.0;
  g_autofree char *text = NULL;

  if (rounded == floor (rounded))
    return g_strdup_printf ("%d%%", (int) rounded);
  text = g_strdup_printf ("%.1f%%", rounded);
  g_strdelimit (text, ".", ',');
  return g_steal_pointer (&text);
}

/* ---- the four documents ------------------------------------------------ */

static Sheet *
build_signin_sheet (Data              *d,
                    const char        *date,
                    GPtrArray         *day_sessions,
                    TpDocumentColumns  columns)
{
  Sheet *sheet = sheet_new ("DANH SÁCH HỌC VIÊN KÝ TÊN");
  gboolean ethnicity = (columns & TP_COLUMN_ETHNICITY) != 0;
  g_autofree char *short_date = tp_format_date_short (date);
  GDate gdate;
  int first_sign_column;

  tp_format_parse_date (date, &gdate);
  add_course_subtitles (sheet, d->course,
                        g_strdup_printf ("Thời gian: %s, ngày %s",
                                         weekday_name (g_date_get_weekday (&gdate)), short_date));

  add_column (sheet, NULL, "STT", 10, 0, 0, PANGO_ALIGN_CENTER);
  add_column (sheet, NULL, "Họ và tên", 0, 40, 2, PANGO_ALIGN_LEFT);
  add_column (sheet, "Năm sinh", "Nam", 13, 0, 0, PANGO_ALIGN_CENTER);
  add_column (sheet, "Năm sinh", "Nữ", 13, 0, 0, PANGO_ALIGN_CENTER);
  if (ethnicity)
    add_column (sheet, NULL, "Dân tộc", 17, 0, 0, PANGO_ALIGN_CENTER);
  add_column (sheet, NULL, "Chức vụ", 0, 22, 2, PANGO_ALIGN_LEFT);
  add_column (sheet, NULL, "Đơn vị công tác", 0, 36, 4, PANGO_ALIGN_LEFT);
  first_sign_column = sheet->columns->len;
  for (guint i = 0; i < day_sessions->len; i++)
    {
      TpSession *s = g_ptr_array_index (day_sessions, i);
      add_column (sheet, "Ký tên", part_name (s->part), 24, 0, 0, PANGO_ALIGN_CENTER);
    }
  /* One session: the signature column is simply "Ký tên". */
  if (day_sessions->len == 1)
    {
      Column *c = g_ptr_array_index (sheet->columns, first_sign_column);
      g_free (c->header);
      c->header = g_strdup_printf ("Ký tên (%s)", part_name (((TpSession *) g_ptr_array_index (day_sessions, 0))->part));
      g_clear_pointer (&c->group, g_free);
      c->fixed_mm = 30;
    }
  add_column (sheet, NULL, "Ghi chú", 16, 0, 0, PANGO_ALIGN_LEFT);
  sheet->min_row_height = 8.5 * MM;

  for (guint i = 0; i < d->people->len; i++)
    {
      TpPerson *p = g_ptr_array_index (d->people, i);
      Row *r = add_row (sheet);
      int c = 0;

      r->cells[c++] = g_strdup_printf ("%u", i + 1);
      r->cells[c++] = g_strdup (p->full_name);
      r->cells[c++] = p->sex == TP_SEX_MALE ? year_text (p->birth_year) : NULL;
      r->cells[c++] = p->sex == TP_SEX_FEMALE ? year_text (p->birth_year) : NULL;
      /* Sensitive data: printed only with the person's consent. */
      if (ethnicity)
        r->cells[c++] = p->consent_sensitive ? g_strdup (ethnicity_name (d, p->ethnicity_id)) : NULL;
      r->cells[c++] = g_strdup (p->position);
      r->cells[c++] = g_strdup (p->organization);
    }

  g_ptr_array_add (sheet->footer_lines, people_total_line (d));
  sheet->place_date = place_date_line (d, date);
  add_standard_signatures (sheet, d, FALSE);
  return sheet;
}

static gboolean
build_signin (TpDocument              *doc,
              Data                    *d,
              const TpDocumentOptions *options,
              GError                 **error)
{
  g_autoptr(GPtrArray) day = g_ptr_array_new ();
  const char *current = NULL;

  if (options->date != NULL)
    {
      GDate check;

      if (!tp_format_parse_date (options->date, &check))
        {
          g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                       _("“%s” is not a date; write it as YYYY-MM-DD"), options->date);
          return FALSE;
        }
    }

  for (guint i = 0; i <= d->sessions->len; i++)
    {
      TpSession *s = i < d->sessions->len ? g_ptr_array_index (d->sessions, i) : NULL;

      if (s != NULL && options->date != NULL && !g_str_equal (s->date, options->date))
        continue;
      if (current != NULL && (s == NULL || !g_str_equal (s->date, current)))
        {
          g_ptr_array_add (doc->sheets, build_signin_sheet (d, current, day, options->columns));
          g_ptr_array_set_size (day, 0);
        }
      if (s != NULL)
        {
          current = s->date;
          g_ptr_array_add (day, s);
        }
    }

  if (doc->sheets->len == 0)
    {
      if (options->date != NULL && d->sessions->len > 0)
        g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                     _("Course %s has no session on %s"), d->course->code, options->date);
      else
        g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                     _("Course %s has no sessions; add its sessions before printing sign-in sheets"),
                     d->course->code);
      return FALSE;
    }
  return TRUE;
}

static gboolean
build_attendance (TpDocument              *doc,
                  Data                    *d,
                  const TpDocumentOptions *options,
                  GError                 **error)
{
  Sheet *sheet;
  guint complete = 0;
  double session_mm;

  if (d->sessions->len == 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                   _("Course %s has no sessions; there is no attendance to summarise"),
                   d->course->code);
      return FALSE;
    }

  sheet = sheet_new ("BẢNG TỔNG HỢP ĐIỂM DANH");
  g_ptr_array_add (doc->sheets, sheet);
  add_course_subtitles (sheet, d->course, course_period (d->course));

  /* Session columns share what the landscape page leaves. */
  session_mm = CLAMP ((297.0 - 45.0 - 10 - 40 - 30 - 15 - 14 - 30) / d->sessions->len, 6.0, 10.0);

  add_column (sheet, NULL, "STT", 10, 0, 0, PANGO_ALIGN_CENTER);
  add_column (sheet, NULL, "Họ và tên", 0, 40, 3, PANGO_ALIGN_LEFT);
  add_column (sheet, NULL, "Đơn vị công tác", 0, 30, 2, PANGO_ALIGN_LEFT);
  for (guint i = 0; i < d->sessions->len; i++)
    {
      TpSession *s = g_ptr_array_index (d->sessions, i);
      GDate date;
      g_autofree char *group = NULL;
      Column *c;

      tp_format_parse_date (s->date, &date);
      group = g_strdup_printf ("%02d/%02d", g_date_get_day (&date), g_date_get_month (&date));
      c = add_column (sheet, group, part_abbreviation (s->part), session_mm, 0, 0, PANGO_ALIGN_CENTER);
      c->header_font = FONT_SMALL_BOLD;
    }
  add_column (sheet, NULL, "Số buổi", 15, 0, 0, PANGO_ALIGN_CENTER);
  add_column (sheet, NULL, "Tỷ lệ", 14, 0, 0, PANGO_ALIGN_CENTER);
  add_column (sheet, NULL, "Kết quả", 30, 0, 0, PANGO_ALIGN_CENTER);

  for (guint i = 0; i < d->people->len; i++)
    {
      TpPerson *p = g_ptr_array_index (d->people, i);
      TpEnrolment *e = g_ptr_array_index (d->enrolments, i);
      TpAttendanceSummary summary;
      Row *r = add_row (sheet);
      int c = 0;

      tp_attendance_summarize (d->course, d->sessions, d->marks, e->id, &summary);
      r->cells[c++] = g_strdup_printf ("%u", i + 1);
      r->cells[c++] = g_strdup (p->full_name);
      r->cells[c++] = g_strdup (p->organization);
      for (guint j = 0; j < d->sessions->len; j++)
        {
          TpSession *s = g_ptr_array_index (d->sessions, j);
          r->cells[c++] = g_strdup (mark_symbol (tp_attendance_lookup (d->marks, e->id, s->id)));
        }
      r->cells[c++] = g_strdup_printf ("%u/%u", summary.attended, summary.total);
      r->cells[c++] = percent_text (summary.percent);
      r->cells[c++] = g_strdup (summary.complete ? "Hoàn thành" : "Chưa hoàn thành");
      if (summary.complete)
        complete++;
    }

  g_ptr_array_add (sheet->footer_lines,
                   g_strdup_printf ("Tổng số: %u người; hoàn thành: %u người; chưa hoàn thành: %u người"
                                    " (tỷ lệ tham dự tối thiểu: %d%%%s).",
                                    d->people->len, complete, d->people->len - complete,
                                    d->course->completion_threshold,
                                    d->course->excused_counts ? "; vắng có phép được tính là có mặt" : ""));
  g_ptr_array_add (sheet->footer_lines,
                   g_strdup ("Ký hiệu: x: có mặt; M: đi muộn; P: vắng có phép; V: vắng không phép;"
                             " để trống: chưa điểm danh. S: buổi sáng; C: buổi chiều; CN: cả ngày."));
  sheet->place_date = place_date_line (d, d->course->end_date);
  add_standard_signatures (sheet, d, FALSE);
  return TRUE;
}

static gboolean
build_roster (TpDocument              *doc,
              Data                    *d,
              const TpDocumentOptions *options,
              GError                 **error)
{
  Sheet *sheet = sheet_new ("DANH SÁCH HỌC VIÊN");
  TpDocumentColumns columns = options->columns;

  g_ptr_array_add (doc->sheets, sheet);
  add_course_subtitles (sheet, d->course, course_period (d->course));

  add_column (sheet, NULL, "STT", 10, 0, 0, PANGO_ALIGN_CENTER);
  add_column (sheet, NULL, "Họ và tên", 0, 40, 3, PANGO_ALIGN_LEFT);
  add_column (sheet, NULL, "Giới tính", 16, 0, 0, PANGO_ALIGN_CENTER);
  add_column (sheet, NULL, "Năm sinh", 16, 0, 0, PANGO_ALIGN_CENTER);
  if (columns & TP_COLUMN_ETHNICITY)
    add_column (sheet, NULL, "Dân tộc", 17, 0, 0, PANGO_ALIGN_CENTER);
  if (columns & TP_COLUMN_POSITION)
    add_column (sheet, NULL, "Chức vụ", 0, 22, 2, PANGO_ALIGN_LEFT);
  if (columns & TP_COLUMN_ORGANIZATION)
    add_column (sheet, NULL, "Đơn vị công tác", 0, 36, 3, PANGO_ALIGN_LEFT);
  if (columns & TP_COLUMN_PHONE)
    add_column (sheet, NULL, "Điện thoại", 27, 0, 0, PANGO_ALIGN_CENTER);
  if (columns & TP_COLUMN_EMAIL)
    add_column (sheet, NULL, "Email", 0, 38, 2, PANGO_ALIGN_LEFT);
  if (columns & TP_COLUMN_NATIONAL_ID)
    add_column (sheet, NULL, "Số định danh cá nhân", 30, 0, 0, PANGO_ALIGN_CENTER);

  for (guint i = 0; i < d->people->len; i++)
    {
      TpPerson *p = g_ptr_array_index (d->people, i);
      Row *r = add_row (sheet);
      int c = 0;

      r->cells[c++] = g_strdup_printf ("%u", i + 1);
      r->cells[c++] = g_strdup (p->full_name);
      r->cells[c++] = g_strdup (p->sex == TP_SEX_FEMALE ? "Nữ" : p->sex == TP_SEX_MALE ? "Nam" : NULL);
      r->cells[c++] = year_text (p->birth_year);
      if (columns & TP_COLUMN_ETHNICITY)
        r->cells[c++] = p->consent_sensitive ? g_strdup (ethnicity_name (d, p->ethnicity_id)) : NULL;
      if (columns & TP_COLUMN_POSITION)
        r->cells[c++] = g_strdup (p->position);
      if (columns & TP_COLUMN_ORGANIZATION)
        r->cells[c++] = g_strdup (p->organization);
      if (columns & TP_COLUMN_PHONE)
        r->cells[c++] = g_strdup (p->phone);
      if (columns & TP_COLUMN_EMAIL)
        r->cells[c++] = g_strdup (p->email);
      if (columns & TP_COLUMN_NATIONAL_ID)
        r->cells[c++] = g_strdup (p->national_id);
    }

  g_ptr_array_add (sheet->footer_lines, people_total_line (d));
  sheet->place_date = place_date_line (d, d->course->start_date);
  add_standard_signatures (sheet, d, FALSE);
  return TRUE;
}

/* Days attended in halves: each day's sessions share that day, so a
 * morning of a two-session day is half a day and a one-session day is a
 * whole one. Late counts; excused and absent do not (an allowance pays for
 * presence). */
static int
attended_halves (Data       *d,
                 const char *enrolment_id)
{
  int halves = 0;
  guint i = 0;

  while (i < d->sessions->len)
    {
      TpSession *first = g_ptr_array_index (d->sessions, i);
      guint n = 0, attended = 0;

      for (; i < d->sessions->len; i++)
        {
          TpSession *s = g_ptr_array_index (d->sessions, i);
          TpMark mark;

          if (!g_str_equal (s->date, first->date))
            break;
          n++;
          mark = tp_attendance_lookup (d->marks, enrolment_id, s->id);
          if (mark == TP_MARK_PRESENT || mark == TP_MARK_LATE)
            attended++;
        }
      halves += (int) (attended * 2 / n);
    }
  return halves;
}

static gboolean
build_receipts (TpDocument              *doc,
                Data                    *d,
                const TpDocumentOptions *options,
                GError                 **error)
{
  Sheet *sheet;
  g_autofree char *rate = NULL;
  g_autofree char *grand = NULL;
  g_autofree char *words = NULL;

  if (d->sessions->len == 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                   _("Course %s has no sessions; the days attended cannot be counted"),
                   d->course->code);
      return FALSE;
    }
  if (d->course->daily_allowance <= 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                   _("Course %s has no daily allowance; set it in the course before printing the receipt list"),
                   d->course->code);
      return FALSE;
    }

  sheet = sheet_new ("DANH SÁCH KÝ NHẬN TIỀN HỖ TRỢ");
  g_ptr_array_add (doc->sheets, sheet);
  add_course_subtitles (sheet, d->course, course_period (d->course));
  rate = tp_format_money (d->course->daily_allowance);

  add_column (sheet, NULL, "STT", 10, 0, 0, PANGO_ALIGN_CENTER);
  add_column (sheet, NULL, "Họ và tên", 0, 40, 3, PANGO_ALIGN_LEFT);
  add_column (sheet, NULL, "Đơn vị công tác", 0, 36, 3, PANGO_ALIGN_LEFT);
  add_column (sheet, NULL, "Số ngày", 15, 0, 0, PANGO_ALIGN_CENTER);
  add_column (sheet, NULL, "Mức hỗ trợ (đồng/ngày)", 25, 0, 0, PANGO_ALIGN_RIGHT);
  sheet->amount_column = sheet->columns->len;
  add_column (sheet, NULL, "Thành tiền (đồng)", 28, 0, 0, PANGO_ALIGN_RIGHT);
  add_column (sheet, NULL, "Ký nhận", 30, 0, 0, PANGO_ALIGN_CENTER);
  add_column (sheet, NULL, "Ghi chú", 16, 0, 0, PANGO_ALIGN_LEFT);
  sheet->min_row_height = 8.5 * MM;

  for (guint i = 0; i < d->people->len; i++)
    {
      TpPerson *p = g_ptr_array_index (d->people, i);
      TpEnrolment *e = g_ptr_array_index (d->enrolments, i);
      int halves = attended_halves (d, e->id);
      Row *r = add_row (sheet);
      int c = 0;

      r->amount = (d->course->daily_allowance * halves + 1) / 2;
      sheet->grand_total += r->amount;
      r->cells[c++] = g_strdup_printf ("%u", i + 1);
      r->cells[c++] = g_strdup (p->full_name);
      r->cells[c++] = g_strdup (p->organization);
      r->cells[c++] = tp_format_halves (halves);
      r->cells[c++] = g_strdup (rate);
      r->cells[c++] = tp_format_money (r->amount);
    }

  grand = tp_format_money (sheet->grand_total);
  words = tp_format_money_words (sheet->grand_total);
  g_ptr_array_add (sheet->footer_lines,
                   g_strdup_printf ("Tổng số: %u người. Tổng số tiền: %s đồng.", d->people->len, grand));
  g_ptr_array_add (sheet->footer_lines, g_strdup_printf ("Số tiền bằng chữ: %s./.", words));
  sheet->place_date = place_date_line (d, d->course->end_date);
  add_standard_signatures (sheet, d, TRUE);
  return TRUE;
}

/* ---- measuring and drawing text ---------------------------------------- */

static PangoLayout *
prepare (TpDocument     *doc,
         const char     *text,
         Font            font,
         double          width,
         PangoAlignment  align)
{
  PangoLayout *layout = doc->layout;

  pango_layout_set_font_description (layout, doc->fonts[font]);
  pango_layout_set_width (layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

/* Height of @text wrapped to @width; draws it at (x, y) when @cr is set. */
static double
text_block (TpDocument     *doc,
            cairo_t        *cr,
            const char     *text,
            Font            font,
            double          x,
            double          y,
            double          width,
            PangoAlignment  align)
{
  PangoLayout *layout;
  int w, h;

  if (text == NULL || *text == '\0')
    return 0;
  layout = prepare (doc, text, font, width, align);
  pango_layout_get_size (layout, &w, &h);
  if (cr != NULL)
    {
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
    }
  return (double) h / PANGO_SCALE;
}

static double
text_width (TpDocument *doc,
            const char *text,
            Font        font)
{
  PangoLayout *layout = prepare (doc, text, font, -1, PANGO_ALIGN_LEFT);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

static void
hline (cairo_t *cr,
       double   x1,
       double   x2,
       double   y,
       double   width)
{
  cairo_set_line_width (cr, width);
  cairo_move_to (cr, x1, y);
  cairo_line_to (cr, x2, y);
  cairo_stroke (cr);
}

static double
content_width (TpDocument *doc)
{
  return doc->width - MARGIN_LEFT - MARGIN_RIGHT;
}

/* Agency and motto, title and subtitles; returns the height used. */
static double
header_block (TpDocument *doc,
              Sheet      *sheet,
              cairo_t    *cr,
              double      y0)
{
  double cw = content_width (doc);
  /* The motto's column is as wide as the motto (never more than 58 %); the
   * agency gets the rest, so "ỦY BAN NHÂN DÂN TỈNH ..." stays on one line
   * on portrait pages too. */
  double motto_w = MAX (text_width (doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", FONT_MOTTO),
                        text_width (doc, "Độc lập - Tự do - Hạnh phúc", FONT_SLOGAN)) + 12;
  double right_w = MIN (MAX (motto_w, cw * 0.5), cw * 0.58);
  double left_w = cw - right_w;
  double right_x = MARGIN_LEFT + left_w;
  double yl = y0, yr = y0, y;
  double w;

  yl += text_block (doc, cr, doc->parent_agency, FONT_TEXT, MARGIN_LEFT, yl, left_w, PANGO_ALIGN_CENTER);
  yl += text_block (doc, cr, doc->agency, FONT_MOTTO, MARGIN_LEFT, yl, left_w, PANGO_ALIGN_CENTER);
  w = MIN (text_width (doc, doc->agency, FONT_MOTTO), left_w) / 3.0;
  if (cr != NULL)
    hline (cr, MARGIN_LEFT + (left_w - w) / 2, MARGIN_LEFT + (left_w + w) / 2, yl + 1.5, 0.8);

  yr += text_block (doc, cr, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", FONT_MOTTO, right_x, yr, right_w,
                    PANGO_ALIGN_CENTER);
  yr += text_block (doc, cr, "Độc lập - Tự do - Hạnh phúc", FONT_SLOGAN, right_x, yr, right_w,
                    PANGO_ALIGN_CENTER);
  w = MIN (text_width (doc, "Độc lập - Tự do - Hạnh phúc", FONT_SLOGAN), right_w);
  if (cr != NULL)
    hline (cr, right_x + (right_w - w) / 2, right_x + (right_w + w) / 2, yr + 1.5, 0.8);

  y = MAX (yl, yr) + 20;
  y += text_block (doc, cr, sheet->title, FONT_TITLE, MARGIN_LEFT, y, cw, PANGO_ALIGN_CENTER) + 2;
  for (guint i = 0; i < sheet->subtitles->len; i++)
    y += text_block (doc, cr, g_ptr_array_index (sheet->subtitles, i),
                     i == 0 ? FONT_SUBTITLE : FONT_TEXT, MARGIN_LEFT, y, cw, PANGO_ALIGN_CENTER) + 1;
  return y + 10 - y0;
}

/* Totals, notes, place and date, signature blocks; returns the height. */
static double
footer_block (TpDocument *doc,
              Sheet      *sheet,
              cairo_t    *cr,
              double      y0)
{
  double cw = content_width (doc);
  double y = y0 + 10;
  double block_w, block_y, tallest = 0;
  guint n = sheet->signatures->len;

  for (guint i = 0; i < sheet->footer_lines->len; i++)
    y += text_block (doc, cr, g_ptr_array_index (sheet->footer_lines, i), FONT_TEXT,
                     MARGIN_LEFT, y, cw, PANGO_ALIGN_LEFT) + 2;
  y += 6;

  block_w = n > 0 ? cw / n : cw;
  /* The place and date centred over the last signature block, reaching
   * left when the block is too narrow for it. */
  if (sheet->place_date != NULL)
    {
      double w = MIN (MAX (block_w, text_width (doc, sheet->place_date, FONT_TEXT_ITALIC) + 4), cw);
      double x = MIN (MARGIN_LEFT + cw - block_w / 2 - w / 2, MARGIN_LEFT + cw - w);

      y += text_block (doc, cr, sheet->place_date, FONT_TEXT_ITALIC, x, y, w, PANGO_ALIGN_CENTER);
    }
  block_y = y;
  for (guint i = 0; i < n; i++)
    {
      Signature *s = g_ptr_array_index (sheet->signatures, i);
      double x = MARGIN_LEFT + i * block_w;
      double by = block_y;

      by += text_block (doc, cr, s->title, FONT_TEXT_BOLD, x, by, block_w, PANGO_ALIGN_CENTER);
      by += text_block (doc, cr, s->hint, FONT_TEXT_ITALIC, x, by, block_w, PANGO_ALIGN_CENTER);
      by += SIGNATURE_SPACE;
      by += text_block (doc, cr, s->name, FONT_TEXT_BOLD, x, by, block_w, PANGO_ALIGN_CENTER);
      tallest = MAX (tallest, by - block_y);
    }
  return block_y + tallest - y0;
}

/* ---- the table --------------------------------------------------------- */

static void
layout_columns (TpDocument *doc,
                Sheet      *sheet)
{
  double cw = content_width (doc);
  double fixed = 0, min_flex = 0, weights = 0, rest;

  for (guint i = 0; i < sheet->columns->len; i++)
    {
      Column *c = g_ptr_array_index (sheet->columns, i);

      if (c->fixed_mm > 0)
        fixed += c->fixed_mm * MM;
      else
        {
          min_flex += c->min_mm * MM;
          weights += c->weight;
        }
    }

  /* When even the minimum does not fit, everything shrinks alike. */
  if (fixed + min_flex > cw)
    {
      double scale = cw / (fixed + min_flex);

      for (guint i = 0; i < sheet->columns->len; i++)
        {
          Column *c = g_ptr_array_index (sheet->columns, i);
          c->width = (c->fixed_mm > 0 ? c->fixed_mm : c->min_mm) * MM * scale;
        }
      return;
    }

  rest = cw - fixed - min_flex;
  for (guint i = 0; i < sheet->columns->len; i++)
    {
      Column *c = g_ptr_array_index (sheet->columns, i);

      if (c->fixed_mm > 0)
        c->width = c->fixed_mm * MM;
      else
        c->width = c->min_mm * MM + (weights > 0 ? rest * c->weight / weights : 0);
    }
}

static gboolean
has_groups (Sheet *sheet)
{
  for (guint i = 0; i < sheet->columns->len; i++)
    if (((Column *) g_ptr_array_index (sheet->columns, i))->group != NULL)
      return TRUE;
  return FALSE;
}

/* The span of columns sharing column @i's group: [i, *end). */
static guint
group_end (Sheet *sheet,
           guint  i)
{
  Column *first = g_ptr_array_index (sheet->columns, i);
  guint j = i + 1;

  while (j < sheet->columns->len)
    {
      Column *c = g_ptr_array_index (sheet->columns, j);

      if (c->group == NULL || !g_str_equal (c->group, first->group))
        break;
      j++;
    }
  return j;
}

static double
column_x (Sheet *sheet,
          guint  i)
{
  double x = MARGIN_LEFT;

  for (guint j = 0; j < i; j++)
    x += ((Column *) g_ptr_array_index (sheet->columns, j))->width;
  return x;
}

static void
measure_header (TpDocument *doc,
                Sheet      *sheet)
{
  double group_h = 0, sub_h = 0, single_h = 0;

  for (guint i = 0; i < sheet->columns->len; i++)
    {
      Column *c = g_ptr_array_index (sheet->columns, i);
      double h = text_block (doc, NULL, c->header, c->header_font, 0, 0,
                             c->width - 2 * CELL_PAD_X, PANGO_ALIGN_CENTER) + 2 * CELL_PAD_Y;

      if (c->group != NULL)
        {
          guint end = group_end (sheet, i);
          double w = 0;

          sub_h = MAX (sub_h, h);
          if (i == 0 || ((Column *) g_ptr_array_index (sheet->columns, i - 1))->group == NULL ||
              !g_str_equal (((Column *) g_ptr_array_index (sheet->columns, i - 1))->group, c->group))
            {
              for (guint j = i; j < end; j++)
                w += ((Column *) g_ptr_array_index (sheet->columns, j))->width;
              group_h = MAX (group_h, text_block (doc, NULL, c->group, FONT_BODY_BOLD, 0, 0,
                                                  w - 2 * CELL_PAD_X, PANGO_ALIGN_CENTER) + 2 * CELL_PAD_Y);
            }
        }
      else
        single_h = MAX (single_h, h);
    }

  if (has_groups (sheet))
    {
      sheet->group_height = group_h;
      sheet->header_height = MAX (group_h + sub_h, single_h);
    }
  else
    {
      sheet->group_height = 0;
      sheet->header_height = single_h;
    }
}

static void
cell_text (TpDocument     *doc,
           cairo_t        *cr,
           const char     *text,
           Font            font,
           double          x,
           double          y,
           double          w,
           double          h,
           PangoAlignment  align)
{
  PangoLayout *layout;
  int tw, th;

  if (text == NULL || *text == '\0')
    return;
  layout = prepare (doc, text, font, w - 2 * CELL_PAD_X, align);
  pango_layout_get_size (layout, &tw, &th);
  cairo_move_to (cr, x + CELL_PAD_X, y + (h - (double) th / PANGO_SCALE) / 2);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_table_header (TpDocument *doc,
                   Sheet      *sheet,
                   cairo_t    *cr,
                   double      y)
{
  double h = sheet->header_height;

  cairo_set_line_width (cr, LINE_WIDTH);
  for (guint i = 0; i < sheet->columns->len; i++)
    {
      Column *c = g_ptr_array_index (sheet->columns, i);
      double x = column_x (sheet, i);

      if (c->group == NULL)
        {
          cairo_rectangle (cr, x, y, c->width, h);
          cairo_stroke (cr);
          cell_text (doc, cr, c->header, c->header_font, x, y, c->width, h, PANGO_ALIGN_CENTER);
          continue;
        }

      /* The group cell, once, over its span. */
      if (i == 0 || ((Column *) g_ptr_array_index (sheet->columns, i - 1))->group == NULL ||
          !g_str_equal (((Column *) g_ptr_array_index (sheet->columns, i - 1))->group, c->group))
        {
          guint end = group_end (sheet, i);
          double w = column_x (sheet, end) - x;

          cairo_rectangle (cr, x, y, w, sheet->group_height);
          cairo_stroke (cr);
          cell_text (doc, cr, c->group, FONT_BODY_BOLD, x, y, w, sheet->group_height, PANGO_ALIGN_CENTER);
        }
      cairo_rectangle (cr, x, y + sheet->group_height, c->width, h - sheet->group_height);
      cairo_stroke (cr);
      cell_text (doc, cr, c->header, c->header_font, x, y + sheet->group_height, c->width,
                 h - sheet->group_height, PANGO_ALIGN_CENTER);
    }
}

static void
measure_rows (TpDocument *doc,
              Sheet      *sheet)
{
  for (guint r = 0; r < sheet->rows->len; r++)
    {
      Row *row = g_ptr_array_index (sheet->rows, r);
      double h = 0;

      for (guint i = 0; i < sheet->columns->len; i++)
        {
          Column *c = g_ptr_array_index (sheet->columns, i);

          if (row->cells[i] == NULL || row->cells[i][0] == '\0')
            continue;
          h = MAX (h, text_block (doc, NULL, row->cells[i], FONT_BODY, 0, 0,
                                  c->width - 2 * CELL_PAD_X, c->align));
        }
      row->height = MAX (h + 2 * CELL_PAD_Y, sheet->min_row_height);
    }
  sheet->total_row_height = text_block (doc, NULL, "0", FONT_BODY_BOLD, 0, 0, -1, PANGO_ALIGN_LEFT) +
                            2 * CELL_PAD_Y + 2;
}

static void
draw_row (TpDocument *doc,
          Sheet      *sheet,
          Row        *row,
          cairo_t    *cr,
          double      y)
{
  double x = MARGIN_LEFT;

  cairo_set_line_width (cr, LINE_WIDTH);
  for (guint i = 0; i < sheet->columns->len; i++)
    {
      Column *c = g_ptr_array_index (sheet->columns, i);

      cairo_rectangle (cr, x, y, c->width, row->height);
      cell_text (doc, cr, row->cells[i], FONT_BODY, x, y, c->width, row->height, c->align);
      x += c->width;
    }
  cairo_stroke (cr);
}

/* "Cộng trang" / "Tổng cộng": the label across the columns before the
 * amount, the amount under "Thành tiền". */
static void
draw_total_row (TpDocument *doc,
                Sheet      *sheet,
                cairo_t    *cr,
                double      y,
                const char *label,
                gint64      amount)
{
  g_autofree char *text = tp_format_money (amount);
  double label_w = column_x (sheet, sheet->amount_column) - MARGIN_LEFT;
  double h = sheet->total_row_height;
  double x = column_x (sheet, sheet->amount_column);

  cairo_set_line_width (cr, LINE_WIDTH);
  cairo_rectangle (cr, MARGIN_LEFT, y, label_w, h);
  cell_text (doc, cr, label, FONT_BODY_BOLD, MARGIN_LEFT, y, label_w, h, PANGO_ALIGN_CENTER);
  for (guint i = sheet->amount_column; i < sheet->columns->len; i++)
    {
      Column *c = g_ptr_array_index (sheet->columns, i);

      cairo_rectangle (cr, x, y, c->width, h);
      if (i == (guint) sheet->amount_column)
        cell_text (doc, cr, text, FONT_BODY_BOLD, x, y, c->width, h, PANGO_ALIGN_RIGHT);
      x += c->width;
    }
  cairo_stroke (cr);
}

/* ---- pagination -------------------------------------------------------- */

static void
paginate_sheet (TpDocument *doc,
                Sheet      *sheet)
{
  double top = MARGIN_TOP;
  double bottom = doc->height - MARGIN_BOTTOM;
  double totals = sheet->amount_column >= 0 ? sheet->total_row_height : 0;
  double y;
  Page page = { 0, 0, FALSE };
  Page *last;

  layout_columns (doc, sheet);
  measure_header (doc, sheet);
  measure_rows (doc, sheet);
  sheet->block_height = header_block (doc, sheet, NULL, top);
  sheet->footer_height = footer_block (doc, sheet, NULL, 0);

  g_array_set_size (sheet->pages, 0);
  y = top + sheet->block_height + sheet->header_height;
  for (guint r = 0; r < sheet->rows->len; r++)
    {
      Row *row = g_ptr_array_index (sheet->rows, r);

      if (page.n_rows > 0 && y + row->height + totals > bottom)
        {
          g_array_append_val (sheet->pages, page);
          page.first_row = r;
          page.n_rows = 0;
          y = top + sheet->header_height;
        }
      y += row->height;
      page.n_rows++;
    }
  g_array_append_val (sheet->pages, page);

  /* The footer (and the grand total) must follow the last row on its page.
   * When they do not fit, the last row moves over with them, so the
   * signatures never stand alone on a page. */
  if (y + 2 * totals + sheet->footer_height > bottom)
    {
      Page *prev = &g_array_index (sheet->pages, Page, sheet->pages->len - 1);
      Page moved = { prev->first_row + prev->n_rows, 0, FALSE };

      if (prev->n_rows > 1)
        {
          prev->n_rows--;
          moved.first_row--;
          moved.n_rows = 1;
        }
      g_array_append_val (sheet->pages, moved);
    }
  last = &g_array_index (sheet->pages, Page, sheet->pages->len - 1);
  last->last = TRUE;
}

int
tp_document_paginate (TpDocument *doc,
                      double      width,
                      double      height)
{
  doc->width = width;
  doc->height = height;
  doc->n_pages = 0;
  g_array_set_size (doc->page_sheet, 0);
  g_array_set_size (doc->page_index, 0);

  for (guint s = 0; s < doc->sheets->len; s++)
    {
      Sheet *sheet = g_ptr_array_index (doc->sheets, s);

      paginate_sheet (doc, sheet);
      for (guint p = 0; p < sheet->pages->len; p++)
        {
          int sheet_index = s, page_index = p;

          g_array_append_val (doc->page_sheet, sheet_index);
          g_array_append_val (doc->page_index, page_index);
        }
      doc->n_pages += sheet->pages->len;
    }
  return doc->n_pages;
}

void
tp_document_draw_page (TpDocument *doc,
                       cairo_t    *cr,
                       int         page_nr)
{
  Sheet *sheet;
  Page *page;
  int index;
  double y = MARGIN_TOP;
  gint64 page_total = 0;

  g_return_if_fail (page_nr >= 0 && page_nr < doc->n_pages);

  sheet = g_ptr_array_index (doc->sheets, g_array_index (doc->page_sheet, int, page_nr));
  index = g_array_index (doc->page_index, int, page_nr);
  page = &g_array_index (sheet->pages, Page, index);

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);

  /* Decree 30: the page number centred in the top margin, not on page 1. */
  if (index > 0)
    {
      g_autofree char *number = g_strdup_printf ("%d/%u", index + 1, sheet->pages->len);
      double h = text_block (doc, NULL, number, FONT_PAGE_NUMBER, 0, 0, -1, PANGO_ALIGN_LEFT);

      text_block (doc, cr, number, FONT_PAGE_NUMBER, MARGIN_LEFT, (MARGIN_TOP - h) / 2,
                  content_width (doc), PANGO_ALIGN_CENTER);
    }

  if (index == 0)
    y += header_block (doc, sheet, cr, y);

  if (page->n_rows > 0 || page->last)
    {
      draw_table_header (doc, sheet, cr, y);
      y += sheet->header_height;
    }
  for (int r = page->first_row; r < page->first_row + page->n_rows; r++)
    {
      Row *row = g_ptr_array_index (sheet->rows, r);

      draw_row (doc, sheet, row, cr, y);
      y += row->height;
      page_total += row->amount;
    }

  if (sheet->amount_column >= 0)
    {
      draw_total_row (doc, sheet, cr, y, "Cộng trang", page_total);
      y += sheet->total_row_height;
      if (page->last)
        {
          draw_total_row (doc, sheet, cr, y, "Tổng cộng", sheet->grand_total);
          y += sheet->total_row_height;
        }
    }

  if (page->last)
    footer_block (doc, sheet, cr, y);
  cairo_restore (cr);
}

/* ---- building the document --------------------------------------------- */

static double
minimum_width_mm (Sheet *sheet)
{
  double w = 0;

  for (guint i = 0; i < sheet->columns->len; i++)
    {
      Column *c = g_ptr_array_index (sheet->columns, i);
      w += c->fixed_mm > 0 ? c->fixed_mm : c->min_mm;
    }
  return w;
}

static char *
upper (const char *text)
{
  return text != NULL ? g_utf8_strup (text, -1) : NULL;
}

TpDocument *
tp_document_new (TpDb                    *db,
                 TpDocumentKind           kind,
                 const char              *course_id,
                 const TpDocumentOptions *options,
                 GError                 **error)
{
  g_autoptr(TpDocument) doc = g_new0 (TpDocument, 1);
  TpDocumentOptions defaults;
  Data d = { 0 };
  g_autofree char *parent = NULL;
  g_autofree char *agency = NULL;
  cairo_font_options_t *font_options;
  gboolean ok = FALSE;
  double widest = 0;

  if (options == NULL)
    {
      tp_document_options_init (&defaults);
      options = &defaults;
    }

  doc->kind = kind;
  doc->orientation = options->orientation;
  doc->sheets = g_ptr_array_new_with_free_func ((GDestroyNotify) sheet_free);
  doc->page_sheet = g_array_new (FALSE, FALSE, sizeof (int));
  doc->page_index = g_array_new (FALSE, FALSE, sizeof (int));

  doc->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_resolution (doc->context, 72);
  font_options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (doc->context, font_options);
  cairo_font_options_destroy (font_options);
  pango_context_set_language (doc->context, pango_language_from_string ("vi"));
  doc->layout = pango_layout_new (doc->context);
  pango_layout_set_wrap (doc->layout, PANGO_WRAP_WORD_CHAR);
  for (int i = 0; i < N_FONTS; i++)
    {
      doc->fonts[i] = pango_font_description_from_string (FONT_FAMILY);
      pango_font_description_set_size (doc->fonts[i], (int) (font_specs[i].size * PANGO_SCALE));
      pango_font_description_set_weight (doc->fonts[i], font_specs[i].weight);
      pango_font_description_set_style (doc->fonts[i], font_specs[i].style);
    }

  if (!data_load (&d, db, course_id, error))
    {
      data_clear (&d);
      return NULL;
    }

  switch (kind)
    {
    case TP_DOCUMENT_SIGNIN:
      ok = build_signin (doc, &d, options, error);
      doc->title = g_strdup_printf ("Danh sách học viên ký tên – %s", d.course->code);
      break;
    case TP_DOCUMENT_ATTENDANCE:
      ok = build_attendance (doc, &d, options, error);
      doc->title = g_strdup_printf ("Bảng tổng hợp điểm danh – %s", d.course->code);
      break;
    case TP_DOCUMENT_ROSTER:
      ok = build_roster (doc, &d, options, error);
      doc->title = g_strdup_printf ("Danh sách học viên – %s", d.course->code);
      break;
    case TP_DOCUMENT_RECEIPTS:
      ok = build_receipts (doc, &d, options, error);
      doc->title = g_strdup_printf ("Danh sách ký nhận tiền hỗ trợ – %s", d.course->code);
      break;
    default:
      g_set_error_literal (error, TP_ERROR, TP_ERROR_INVALID, _("Unknown kind of document"));
    }
  if (!ok)
    {
      data_clear (&d);
      return NULL;
    }

  /* The header: parent body and issuing body as set in Preferences, else
   * the province's committee and the body that was the issuer then. */
  parent = setting_or_null (db, "office.parent_agency");
  if (parent == NULL)
    {
      g_autofree char *province = d.course->province_code != NULL
                                  ? tp_refdata_province_name (db, d.course->province_code) : NULL;

      parent = province != NULL ? g_strdup_printf ("Ủy ban nhân dân %s", province)
                                : g_strdup ("Ủy ban nhân dân tỉnh");
    }
  agency = setting_or_null (db, "office.agency");
  if (agency == NULL)
    agency = tp_refdata_agency_name_on (db, "issuer",
                                        d.course->start_date != NULL ? d.course->start_date : "9999-12-31");
  doc->parent_agency = upper (parent);
  doc->agency = upper (agency);
  data_clear (&d);

  for (guint i = 0; i < doc->sheets->len; i++)
    widest = MAX (widest, minimum_width_mm (g_ptr_array_index (doc->sheets, i)));
  switch (doc->orientation)
    {
    case TP_ORIENTATION_PORTRAIT:
      doc->landscape = FALSE;
      break;
    case TP_ORIENTATION_LANDSCAPE:
      doc->landscape = TRUE;
      break;
    case TP_ORIENTATION_AUTO:
    default:
      doc->landscape = widest > 210.0 - 45.0;
      break;
    }
  return g_steal_pointer (&doc);
}

/* ---- PDF --------------------------------------------------------------- */

typedef struct {
  GOutputStream *stream;
  GError        *error;
} PdfWriter;

static cairo_status_t
pdf_write_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  PdfWriter *writer = closure;

  if (writer->error != NULL)
    return CAIRO_STATUS_WRITE_ERROR;
  if (!g_output_stream_write_all (writer->stream, data, length, NULL, NULL, &writer->error))
    return CAIRO_STATUS_WRITE_ERROR;
  return CAIRO_STATUS_SUCCESS;
}

gboolean
tp_render_to_pdf (TpDocument  *doc,
                  const char  *path,
                  GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = g_filename_display_name (path);
  PdfWriter writer = { NULL, NULL };
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  double width = doc->landscape ? A4_HEIGHT : A4_WIDTH;
  double height = doc->landscape ? A4_WIDTH : A4_HEIGHT;

  /* Written beside the target and renamed at the end: a failure leaves
   * any older file as it was. */
  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, &local_error);
  if (stream == NULL)
    {
      /* GIO's message names the file and the reason. */
      g_set_error_literal (error, TP_ERROR, TP_ERROR_IO, local_error->message);
      return FALSE;
    }
  writer.stream = G_OUTPUT_STREAM (stream);

  tp_document_paginate (doc, width, height);
  surface = cairo_pdf_surface_create_for_stream (pdf_write_cb, &writer, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, doc->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Taphuan " PACKAGE_VERSION);
  cr = cairo_create (surface);
  for (int i = 0; i < doc->n_pages; i++)
    {
      tp_document_draw_page (doc, cr, i);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (writer.error != NULL || status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_IO, _("Cannot write %s: %s"), display,
                   writer.error != NULL ? writer.error->message : cairo_status_to_string (status));
      g_clear_error (&writer.error);
      g_cancellable_cancel (cancellable);
      g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, NULL);
      return FALSE;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &local_error))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_IO, _("Cannot write %s: %s"), display, local_error->message);
      return FALSE;
    }
  return TRUE;
}
