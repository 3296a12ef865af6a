/* tp-report-pdf.c: the printed training report and its bar charts.
 *
 * Self-contained drawing with Pango on cairo (tp-render.[ch] lays out the
 * documents of one course and has no shared page frame yet): A4 portrait,
 * Decree 30/2020 margins, the national motto top right, the title, the
 * period, the tables and two bar charts of women and men. The printed
 * report is a Vietnamese official document, so its text is Vietnamese
 * whatever the interface language. It holds counts only, never names.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "tp-format.h"
#include "tp-report-private.h"

#define PAGE_WIDTH   595.28
#define PAGE_HEIGHT  841.89
#define MARGIN_LEFT  (30 * 72 / 25.4)
#define MARGIN_RIGHT (15 * 72 / 25.4)
#define MARGIN_TOP   (20 * 72 / 25.4)
#define MARGIN_BOTTOM (20 * 72 / 25.4)
#define CONTENT_WIDTH (PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)
#define FONT_FAMILY  "Times New Roman, Liberation Serif, Noto Serif, DejaVu Serif, Serif"

/* ---- text -------------------------------------------------------------- */

static PangoLayout *
make_layout (cairo_t    *cr,
             const char *text,
             double      size,
             gboolean    bold,
             gboolean    italic,
             double      width,
             PangoAlignment align)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *font = pango_font_description_from_string (FONT_FAMILY);

  /* Points as on paper, whatever the surface (see PLATFORM.md). */
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72);
  pango_layout_context_changed (layout);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style (font, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

/* Draws @text at (@x, @y) in a box @width wide; returns its height. */
static double
draw_text (cairo_t        *cr,
           const char     *text,
           double          x,
           double          y,
           double          width,
           double          size,
           gboolean        bold,
           gboolean        italic,
           PangoAlignment  align)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, text, size, bold, italic, width, align);
  double height = layout_height (layout);

  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  return height;
}

static double
text_height (cairo_t    *cr,
             const char *text,
             double      width,
             double      size,
             gboolean    bold)
{
  g_autoptr(PangoLayout) layout = make_layout (cr, text, size, bold, FALSE, width, PANGO_ALIGN_LEFT);

  return layout_height (layout);
}

/* Numbers as Vietnamese documents write them: 1.250.000, 6,25. */
static char *
format_number (TpReport   *report,
               const char *key)
{
  double value;

  if (!tp_report_get_value (report, key, &value))
    return g_strdup ("–");
  if (value == floor (value) && fabs (value) < 1e15)
    return tp_format_money ((gint64) value);
  {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    size_t len;

    g_ascii_formatd (buf, sizeof buf, "%.2f", value);
    len = strlen (buf);
    while (len > 0 && buf[len - 1] == '0')
      buf[--len] = '\0';
    for (char *p = buf; *p != '\0'; p++)
      if (*p == '.')
        *p = ',';
    return g_strdup (buf);
  }
}

/* ---- pages ------------------------------------------------------------- */

/* The layout runs whole for every use, so the pages are the same however
 * they are drawn: into a PDF (every page, cairo_show_page between), or
 * only page @target (0-based) onto a print context's cairo_t, the others
 * clipped away; target TARGET_NONE only counts. */
#define TARGET_ALL  (-1)
#define TARGET_NONE (-2)

typedef struct {
  cairo_t  *cr;
  double    y;
  int       page;      /* 1-based, the number printed on it */
  int       target;
  gboolean  clipped;
} Pager;

/* Draws only on the target page: a clip to nothing elsewhere. */
static void
update_clip (Pager *pager)
{
  gboolean hide = pager->target != TARGET_ALL && pager->page - 1 != pager->target;

  if (hide && !pager->clipped)
    {
      cairo_save (pager->cr);
      cairo_new_path (pager->cr);
      cairo_rectangle (pager->cr, 0, 0, 0, 0);
      cairo_clip (pager->cr);
      pager->clipped = TRUE;
    }
  else if (!hide && pager->clipped)
    {
      cairo_restore (pager->cr);
      pager->clipped = FALSE;
    }
}

static void
next_page (Pager *pager)
{
  if (pager->target == TARGET_ALL)
    cairo_show_page (pager->cr);
  pager->page++;
  update_clip (pager);
  pager->y = MARGIN_TOP;
  {
    g_autofree char *number = g_strdup_printf ("%d", pager->page);

    draw_text (pager->cr, number, MARGIN_LEFT, MARGIN_TOP / 2 - 6, CONTENT_WIDTH, 11,
               FALSE, FALSE, PANGO_ALIGN_CENTER);
  }
}

static void
ensure_space (Pager  *pager,
              double  height)
{
  if (pager->y + height > PAGE_HEIGHT - MARGIN_BOTTOM)
    next_page (pager);
}

static void
draw_header (TpReport *report,
             Pager    *pager)
{
  cairo_t *cr = pager->cr;
  double left_w = CONTENT_WIDTH * 0.42;
  double right_x = MARGIN_LEFT + left_w;
  double right_w = CONTENT_WIDTH - left_w;
  double y = MARGIN_TOP;
  double yl = y, yr = y;
  const char *parent = tp_report_get_parent_agency (report);
  const char *agency = tp_report_get_agency (report);

  if (parent != NULL && *parent != '\0')
    {
      g_autofree char *upper = g_utf8_strup (parent, -1);

      yl += draw_text (cr, upper, MARGIN_LEFT, yl, left_w, 12, FALSE, FALSE, PANGO_ALIGN_CENTER);
    }
  if (agency != NULL && *agency != '\0')
    {
      g_autofree char *upper = g_utf8_strup (agency, -1);

      yl += draw_text (cr, upper, MARGIN_LEFT, yl, left_w, 12, TRUE, FALSE, PANGO_ALIGN_CENTER);
      cairo_set_line_width (cr, 0.6);
      cairo_move_to (cr, MARGIN_LEFT + left_w * 0.3, yl + 2);
      cairo_line_to (cr, MARGIN_LEFT + left_w * 0.7, yl + 2);
      cairo_stroke (cr);
      yl += 6;
    }

  yr += draw_text (cr, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", right_x, yr, right_w, 12,
                   TRUE, FALSE, PANGO_ALIGN_CENTER);
  yr += draw_text (cr, "Độc lập - Tự do - Hạnh phúc", right_x, yr, right_w, 13,
                   TRUE, FALSE, PANGO_ALIGN_CENTER);
  cairo_set_line_width (cr, 0.6);
  cairo_move_to (cr, right_x + right_w * 0.22, yr + 2);
  cairo_line_to (cr, right_x + right_w * 0.78, yr + 2);
  cairo_stroke (cr);
  yr += 10;
  {
    const char *place = tp_report_get_place (report);
    g_autofree char *line = g_strdup_printf ("%s%sngày     tháng     năm %.4s",
                                             place != NULL ? place : "",
                                             place != NULL && *place != '\0' ? ", " : "",
                                             tp_report_get_to (report));

    yr += draw_text (cr, line, right_x, yr, right_w, 13, FALSE, TRUE, PANGO_ALIGN_CENTER);
  }

  y = MAX (yl, yr) + 18;
  y += draw_text (cr, "BÁO CÁO KẾT QUẢ TẬP HUẤN", MARGIN_LEFT, y, CONTENT_WIDTH, 14, TRUE,
                  FALSE, PANGO_ALIGN_CENTER);
  y += draw_text (cr, "về bình đẳng giới, phòng ngừa và ứng phó với bạo lực trên cơ sở giới",
                  MARGIN_LEFT, y, CONTENT_WIDTH, 13, TRUE, FALSE, PANGO_ALIGN_CENTER);
  {
    g_autofree char *from = tp_format_date_short (tp_report_get_from (report));
    g_autofree char *to = tp_format_date_short (tp_report_get_to (report));
    g_autofree char *period = g_strdup_printf ("Kỳ báo cáo: từ ngày %s đến ngày %s", from, to);

    y += 4;
    y += draw_text (cr, period, MARGIN_LEFT, y, CONTENT_WIDTH, 13, FALSE, TRUE, PANGO_ALIGN_CENTER);
  }
  if (tp_report_get_province_name (report) != NULL)
    {
      g_autofree char *line = g_strdup_printf ("Địa bàn: %s", tp_report_get_province_name (report));

      y += draw_text (cr, line, MARGIN_LEFT, y, CONTENT_WIDTH, 13, FALSE, TRUE, PANGO_ALIGN_CENTER);
    }
  if (tp_report_get_course_type_name_vi (report) != NULL)
    {
      g_autofree char *line = g_strdup_printf ("Loại lớp: %s", tp_report_get_course_type_name_vi (report));

      y += draw_text (cr, line, MARGIN_LEFT, y, CONTENT_WIDTH, 13, FALSE, TRUE, PANGO_ALIGN_CENTER);
    }
  pager->y = y + 14;
}

static void
draw_heading (Pager      *pager,
              const char *text)
{
  double h = text_height (pager->cr, text, CONTENT_WIDTH, 13, TRUE);

  /* Keep a heading with at least two rows of its table. */
  ensure_space (pager, h + 60);
  pager->y += 6;
  pager->y += draw_text (pager->cr, text, MARGIN_LEFT, pager->y, CONTENT_WIDTH, 13, TRUE, FALSE,
                         PANGO_ALIGN_LEFT);
  pager->y += 4;
}

static void
draw_paragraph (Pager      *pager,
                const char *text,
                gboolean    italic)
{
  double h = text_height (pager->cr, text, CONTENT_WIDTH, 12, FALSE);

  ensure_space (pager, h);
  pager->y += draw_text (pager->cr, text, MARGIN_LEFT, pager->y, CONTENT_WIDTH, 12, FALSE, italic,
                         PANGO_ALIGN_LEFT);
}

/* ---- tables ------------------------------------------------------------ */

typedef struct {
  guint        n_columns;
  const double *widths;     /* fractions of the content width */
  GPtrArray   *header;      /* char* */
  GPtrArray   *rows;        /* GPtrArray* of char* */
  GArray      *bold_rows;   /* gboolean per row */
} Table;

static Table *
table_new (guint         n_columns,
           const double *widths,
           ...)
{
  Table *table = g_new0 (Table, 1);
  va_list args;

  table->n_columns = n_columns;
  table->widths = widths;
  table->header = g_ptr_array_new_with_free_func (g_free);
  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  table->bold_rows = g_array_new (FALSE, TRUE, sizeof (gboolean));
  va_start (args, widths);
  for (guint i = 0; i < n_columns; i++)
    g_ptr_array_add (table->header, g_strdup (va_arg (args, const char *)));
  va_end (args);
  return table;
}

static void
table_free (Table *table)
{
  g_ptr_array_unref (table->header);
  g_ptr_array_unref (table->rows);
  g_array_unref (table->bold_rows);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

/* Adds a row: a label, then the values of the figure keys (NULL = "–"). */
static void
table_add (Table      *table,
           TpReport   *report,
           gboolean    bold,
           const char *label,
           ...)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  va_list args;

  g_ptr_array_add (cells, g_strdup (label));
  va_start (args, label);
  for (guint i = 1; i < table->n_columns; i++)
    {
      const char *key = va_arg (args, const char *);

      g_ptr_array_add (cells, key != NULL ? format_number (report, key) : g_strdup ("–"));
    }
  va_end (args);
  g_ptr_array_add (table->rows, cells);
  g_array_append_val (table->bold_rows, bold);
}

static double
row_height (cairo_t   *cr,
            Table     *table,
            GPtrArray *cells,
            gboolean   bold)
{
  double height = 0;

  for (guint i = 0; i < table->n_columns; i++)
    height = MAX (height, text_height (cr, g_ptr_array_index (cells, i),
                                       table->widths[i] * CONTENT_WIDTH - 6, 11, bold));
  return height + 6;
}

static void
draw_row (cairo_t   *cr,
          Table     *table,
          GPtrArray *cells,
          gboolean   bold,
          double     y,
          double     height)
{
  double x = MARGIN_LEFT;

  cairo_set_line_width (cr, 0.5);
  for (guint i = 0; i < table->n_columns; i++)
    {
      double w = table->widths[i] * CONTENT_WIDTH;

      cairo_rectangle (cr, x, y, w, height);
      cairo_stroke (cr);
      draw_text (cr, g_ptr_array_index (cells, i), x + 3, y + 3, w - 6, 11, bold, FALSE,
                 i == 0 ? PANGO_ALIGN_LEFT : PANGO_ALIGN_RIGHT);
      x += w;
    }
}

static void
draw_table (Pager *pager,
            Table *table)
{
  cairo_t *cr = pager->cr;
  double header_h = row_height (cr, table, table->header, TRUE);

  ensure_space (pager, header_h * 2);
  draw_row (cr, table, table->header, TRUE, pager->y, header_h);
  pager->y += header_h;
  for (guint r = 0; r < table->rows->len; r++)
    {
      GPtrArray *cells = g_ptr_array_index (table->rows, r);
      gboolean bold = g_array_index (table->bold_rows, gboolean, r);
      double h = row_height (cr, table, cells, bold);

      if (pager->y + h > PAGE_HEIGHT - MARGIN_BOTTOM)
        {
          /* The header row repeats on the new page. */
          next_page (pager);
          draw_row (cr, table, table->header, TRUE, pager->y, header_h);
          pager->y += header_h;
        }
      draw_row (cr, table, cells, bold, pager->y, h);
      pager->y += h;
    }
  pager->y += 8;
}

/* ---- charts ------------------------------------------------------------ */

static void
chart_draw (TpReport      *report,
            TpReportChart  chart,
            cairo_t       *cr,
            double         width,
            double         height,
            const char    *women_label,
            const char    *men_label,
            const char    *empty_label)
{
  GPtrArray *labels = chart == TP_REPORT_CHART_BY_COURSE_TYPE
                      ? tp_report_get_course_types (report)
                      : tp_report_get_target_groups (report);
  const char *prefix = chart == TP_REPORT_CHART_BY_COURSE_TYPE ? "enrolments_by_type" : "by_target_group";
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GArray) women = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) men = g_array_new (FALSE, FALSE, sizeof (double));
  double max = 0, label_w = width * 0.38, legend_h = 18, row_h, bar_h, bar_x, bar_w;

  /* Only categories with someone in them: a bar of zeros says nothing. */
  for (guint i = 0; i < labels->len; i++)
    {
      TpReportLabel *label = g_ptr_array_index (labels, i);
      g_autofree char *fkey = g_strdup_printf ("%s.%s.female", prefix, label->id);
      g_autofree char *mkey = g_strdup_printf ("%s.%s.male", prefix, label->id);
      double w = tp_report_value_or_zero (report, fkey);
      double m = tp_report_value_or_zero (report, mkey);

      if (w == 0 && m == 0)
        continue;
      g_ptr_array_add (names, label->name_vi);
      g_array_append_val (women, w);
      g_array_append_val (men, m);
      max = MAX (max, MAX (w, m));
    }

  cairo_save (cr);
  /* Legend. */
  cairo_set_source_rgb (cr, 0.55, 0.27, 0.68);
  cairo_rectangle (cr, label_w, 3, 12, 10);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_text (cr, women_label, label_w + 16, 0, 80, 10, FALSE, FALSE, PANGO_ALIGN_LEFT);
  cairo_set_source_rgb (cr, 0.10, 0.50, 0.55);
  cairo_rectangle (cr, label_w + 100, 3, 12, 10);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_text (cr, men_label, label_w + 116, 0, 80, 10, FALSE, FALSE, PANGO_ALIGN_LEFT);

  if (names->len == 0)
    {
      draw_text (cr, empty_label, 0, legend_h + 4, width, 10, FALSE, TRUE, PANGO_ALIGN_CENTER);
      cairo_restore (cr);
      return;
    }

  row_h = (height - legend_h) / names->len;
  bar_h = MIN (12, (row_h - 4) / 2);
  bar_x = label_w + 4;
  bar_w = width - bar_x - 40;
  for (guint i = 0; i < names->len; i++)
    {
      double y = legend_h + i * row_h;
      double values[2] = { g_array_index (women, double, i), g_array_index (men, double, i) };

      cairo_set_source_rgb (cr, 0, 0, 0);
      draw_text (cr, g_ptr_array_index (names, i), 0, y + 1, label_w - 4, 9, FALSE, FALSE,
                 PANGO_ALIGN_RIGHT);
      for (int b = 0; b < 2; b++)
        {
          double len = max > 0 ? bar_w * values[b] / max : 0;
          double by = y + 2 + b * bar_h;
          char buf[32];

          if (b == 0)
            cairo_set_source_rgb (cr, 0.55, 0.27, 0.68);
          else
            cairo_set_source_rgb (cr, 0.10, 0.50, 0.55);
          cairo_rectangle (cr, bar_x, by, MAX (len, 0.5), bar_h - 1);
          cairo_fill (cr);
          cairo_set_source_rgb (cr, 0, 0, 0);
          g_snprintf (buf, sizeof buf, "%.0f", values[b]);
          draw_text (cr, buf, bar_x + len + 3, by - 1, 36, MIN (9, bar_h), FALSE, FALSE,
                     PANGO_ALIGN_LEFT);
        }
    }
  cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
  cairo_set_line_width (cr, 0.6);
  cairo_move_to (cr, bar_x, legend_h);
  cairo_line_to (cr, bar_x, height);
  cairo_stroke (cr);
  cairo_restore (cr);
}

void
tp_report_draw_chart (TpReport      *report,
                      TpReportChart  chart,
                      cairo_t       *cr,
                      double         width,
                      double         height)
{
  chart_draw (report, chart, cr, width, height, _("Women"), _("Men"), _("No participants"));
}

static void
draw_chart_section (TpReport      *report,
                    Pager         *pager,
                    TpReportChart  chart,
                    const char    *title,
                    guint          n_categories)
{
  double height = 24 + MAX (1, n_categories) * 28;

  /* The title stays with its chart. */
  ensure_space (pager, height + 30);
  draw_heading (pager, title);
  cairo_save (pager->cr);
  cairo_translate (pager->cr, MARGIN_LEFT, pager->y);
  chart_draw (report, chart, pager->cr, CONTENT_WIDTH, height, "Nữ", "Nam", "Không có học viên");
  cairo_restore (pager->cr);
  pager->y += height + 10;
}

static guint
count_categories (TpReport   *report,
                  GPtrArray  *labels,
                  const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < labels->len; i++)
    {
      TpReportLabel *label = g_ptr_array_index (labels, i);
      g_autofree char *key = g_strdup_printf ("%s.%s.total", prefix, label->id);

      if (tp_report_value_or_zero (report, key) > 0)
        n++;
    }
  return n;
}

/* ---- the document ------------------------------------------------------ */

static void
draw_report (TpReport *report,
             Pager    *pager)
{
  static const double type_widths[] = { 0.46, 0.12, 0.14, 0.14, 0.14 };
  static const double people_widths[] = { 0.40, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10 };
  static const double split_widths[] = { 0.48, 0.13, 0.13, 0.13, 0.13 };
  static const double budget_widths[] = { 0.50, 0.25, 0.25 };
  static const struct {
    const char *prefix;
    const char *label;
  } blocks[] = {
    { "enrolments", "Lượt người ghi danh" },
    { "people", "Số người ghi danh" },
    { "attended", "Lượt người có tham dự" },
    { "people_attended", "Số người có tham dự" },
    { "completed", "Lượt người hoàn thành" },
    { "people_completed", "Số người hoàn thành" },
    { "certified", "Lượt người được cấp giấy chứng nhận" },
    { "people_certified", "Số người được cấp giấy chứng nhận" },
  };
  GPtrArray *types = tp_report_get_course_types (report);
  GPtrArray *groups = tp_report_get_target_groups (report);
  GPtrArray *sources = tp_report_get_funding_sources (report);
  g_autoptr(Table) table = NULL;

  draw_header (report, pager);

  /* I. Courses */
  draw_heading (pager, "I. Các lớp tập huấn đã tổ chức");
  table = table_new (5, type_widths, "Loại lớp", "Số lớp", "Lượt người", "Nữ", "Nam");
  for (guint i = 0; i < types->len; i++)
    {
      TpReportLabel *type = g_ptr_array_index (types, i);
      g_autofree char *courses = g_strdup_printf ("courses.by_type.%s", type->id);
      g_autofree char *total = g_strdup_printf ("enrolments_by_type.%s.total", type->id);
      g_autofree char *female = g_strdup_printf ("enrolments_by_type.%s.female", type->id);
      g_autofree char *male = g_strdup_printf ("enrolments_by_type.%s.male", type->id);

      if (tp_report_value_or_zero (report, courses) == 0)
        continue;
      table_add (table, report, FALSE, type->name_vi, courses, total, female, male);
    }
  table_add (table, report, TRUE, "Tổng cộng", "courses.total", "enrolments.total",
             "enrolments.female", "enrolments.male");
  draw_table (pager, table);
  g_clear_pointer (&table, table_free);
  {
    g_autofree char *sessions = format_number (report, "sessions.total");
    g_autofree char *days = format_number (report, "person_days");
    g_autofree char *line = g_strdup_printf ("Số buổi học: %s. Số ngày-người tập huấn: %s.",
                                             sessions, days);

    draw_paragraph (pager, line, FALSE);
  }

  /* II. Participants */
  draw_heading (pager, "II. Học viên theo giới tính và dân tộc");
  table = table_new (7, people_widths, "Chỉ tiêu", "Tổng số", "Nữ", "Nam", "Chưa rõ giới tính",
                     "DTTS", "Nữ DTTS");
  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    {
      g_autofree char *total = g_strdup_printf ("%s.total", blocks[i].prefix);
      g_autofree char *female = g_strdup_printf ("%s.female", blocks[i].prefix);
      g_autofree char *male = g_strdup_printf ("%s.male", blocks[i].prefix);
      g_autofree char *unknown = g_strdup_printf ("%s.unknown_sex", blocks[i].prefix);
      g_autofree char *em = g_strdup_printf ("%s.ethnic_minority", blocks[i].prefix);
      g_autofree char *em_female = g_strdup_printf ("%s.ethnic_minority_female", blocks[i].prefix);

      table_add (table, report, FALSE, blocks[i].label, total, female, male, unknown, em, em_female);
    }
  draw_table (pager, table);
  g_clear_pointer (&table, table_free);

  /* III. Target groups */
  draw_heading (pager, "III. Lượt người theo nhóm đối tượng");
  table = table_new (5, split_widths, "Nhóm đối tượng", "Tổng số", "Nữ", "Nam", "Chưa rõ giới tính");
  for (guint i = 0; i <= groups->len; i++)
    {
      const char *id = i < groups->len ? ((TpReportLabel *) g_ptr_array_index (groups, i))->id : "not_recorded";
      const char *name = i < groups->len ? ((TpReportLabel *) g_ptr_array_index (groups, i))->name_vi : "Chưa ghi nhóm đối tượng";
      g_autofree char *total = g_strdup_printf ("by_target_group.%s.total", id);
      g_autofree char *female = g_strdup_printf ("by_target_group.%s.female", id);
      g_autofree char *male = g_strdup_printf ("by_target_group.%s.male", id);
      g_autofree char *unknown = g_strdup_printf ("by_target_group.%s.unknown_sex", id);

      if (tp_report_value_or_zero (report, total) == 0)
        continue;
      table_add (table, report, FALSE, name, total, female, male, unknown);
    }
  table_add (table, report, TRUE, "Tổng cộng", "enrolments.total", "enrolments.female",
             "enrolments.male", "enrolments.unknown_sex");
  draw_table (pager, table);
  g_clear_pointer (&table, table_free);

  /* IV. Trainers */
  draw_heading (pager, "IV. Giảng viên và mạng lưới lan tỏa");
  table = table_new (5, split_widths, "Chỉ tiêu", "Tổng số", "Nữ", "Nam", "Chưa rõ giới tính");
  table_add (table, report, FALSE, "Giảng viên tham gia giảng dạy", "trainers.total",
             "trainers.female", "trainers.male", "trainers.unknown_sex");
  table_add (table, report, FALSE, "Giảng viên nguồn tham gia giảng dạy",
             "cascade.source_trainers.total", "cascade.source_trainers.female",
             "cascade.source_trainers.male", "cascade.source_trainers.unknown_sex");
  table_add (table, report, FALSE, "Lượt người do giảng viên nguồn tập huấn",
             "cascade.enrolments.total", "cascade.enrolments.female",
             "cascade.enrolments.male", "cascade.enrolments.unknown_sex");
  table_add (table, report, FALSE, "Số người do giảng viên nguồn tập huấn",
             "cascade.people.total", "cascade.people.female",
             "cascade.people.male", "cascade.people.unknown_sex");
  draw_table (pager, table);
  g_clear_pointer (&table, table_free);
  {
    g_autofree char *courses = format_number (report, "cascade.courses");
    g_autofree char *line = g_strdup_printf ("Số lớp do giảng viên nguồn giảng dạy: %s.", courses);

    draw_paragraph (pager, line, FALSE);
  }

  /* V. Tests */
  if (tp_report_value_or_zero (report, "tests.pre_count.total") > 0 ||
      tp_report_value_or_zero (report, "tests.post_count.total") > 0)
    {
      draw_heading (pager, "V. Kết quả kiểm tra đầu khóa và cuối khóa (thang điểm 10)");
      table = table_new (5, split_widths, "Chỉ tiêu", "Chung", "Nữ", "Nam", "Chưa rõ giới tính");
      table_add (table, report, FALSE, "Điểm trung bình đầu khóa", "tests.pre_mean.total",
                 "tests.pre_mean.female", "tests.pre_mean.male", "tests.pre_mean.unknown_sex");
      table_add (table, report, FALSE, "Điểm trung bình cuối khóa", "tests.post_mean.total",
                 "tests.post_mean.female", "tests.post_mean.male", "tests.post_mean.unknown_sex");
      table_add (table, report, FALSE, "Số bài kiểm tra đầu khóa", "tests.pre_count.total",
                 "tests.pre_count.female", "tests.pre_count.male", "tests.pre_count.unknown_sex");
      table_add (table, report, FALSE, "Số bài kiểm tra cuối khóa", "tests.post_count.total",
                 "tests.post_count.female", "tests.post_count.male", "tests.post_count.unknown_sex");
      draw_table (pager, table);
      g_clear_pointer (&table, table_free);
    }

  /* VI. Budget */
  draw_heading (pager, "VI. Kinh phí (đồng)");
  table = table_new (3, budget_widths, "Nguồn kinh phí", "Dự toán", "Thực chi");
  for (guint i = 0; i < sources->len; i++)
    {
      TpReportLabel *source = g_ptr_array_index (sources, i);
      g_autofree char *planned = g_strdup_printf ("budget.%s.planned", source->id);
      g_autofree char *actual = g_strdup_printf ("budget.%s.actual", source->id);

      if (tp_report_value_or_zero (report, planned) == 0 && tp_report_value_or_zero (report, actual) == 0)
        continue;
      table_add (table, report, FALSE, source->name_vi, planned, actual);
    }
  table_add (table, report, TRUE, "Tổng cộng", "budget_total.planned", "budget_total.actual");
  draw_table (pager, table);
  g_clear_pointer (&table, table_free);
  {
    g_autofree char *cost = format_number (report, "cost_per_person_trained");
    g_autofree char *line = g_strdup_printf ("Chi phí bình quân cho một người hoàn thành tập huấn: %s đồng.",
                                             cost);

    draw_paragraph (pager, line, FALSE);
  }

  /* Charts */
  draw_chart_section (report, pager, TP_REPORT_CHART_BY_COURSE_TYPE,
                      "Biểu đồ 1. Lượt người nữ và nam theo loại lớp",
                      count_categories (report, types, "enrolments_by_type"));
  draw_chart_section (report, pager, TP_REPORT_CHART_BY_TARGET_GROUP,
                      "Biểu đồ 2. Lượt người nữ và nam theo nhóm đối tượng",
                      count_categories (report, groups, "by_target_group"));

  /* Data problems, so that the reader knows what the numbers miss. */
  {
    g_autoptr(GString) note = g_string_new (NULL);
    static const struct {
      const char *key;
      const char *text;
    } problems[] = {
      { "data_problems.people_unknown_sex", "người chưa có thông tin giới tính" },
      { "data_problems.people_ethnicity_not_recorded", "người chưa ghi dân tộc" },
      { "data_problems.people_target_group_not_recorded", "người chưa ghi nhóm đối tượng" },
      { "data_problems.courses_without_sessions", "lớp chưa có buổi học" },
      { "data_problems.trainers_unknown_sex", "giảng viên chưa có thông tin giới tính" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (problems); i++)
      {
        g_autofree char *n = NULL;

        if (tp_report_value_or_zero (report, problems[i].key) == 0)
          continue;
        n = format_number (report, problems[i].key);
        g_string_append (note, note->len == 0 ? "Lưu ý về số liệu: " : "; ");
        g_string_append_printf (note, "%s %s", n, problems[i].text);
      }
    if (note->len > 0)
      {
        g_string_append_c (note, '.');
        pager->y += 4;
        draw_paragraph (pager, note->str, TRUE);
      }
  }

  /* Signatures. */
  {
    double half = CONTENT_WIDTH / 2;
    double y;
    const char *title = tp_report_get_signer_title (report);
    const char *signer = tp_report_get_signer_name (report);
    const char *preparer = tp_report_get_preparer_name (report);
    g_autofree char *title_upper = g_utf8_strup (title != NULL && *title != '\0' ? title : "Thủ trưởng đơn vị", -1);

    ensure_space (pager, 110);
    y = pager->y + 14;
    draw_text (pager->cr, "NGƯỜI LẬP BIỂU", MARGIN_LEFT, y, half, 12, TRUE, FALSE, PANGO_ALIGN_CENTER);
    draw_text (pager->cr, title_upper, MARGIN_LEFT + half, y, half, 12, TRUE, FALSE, PANGO_ALIGN_CENTER);
    draw_text (pager->cr, "(Ký, ghi rõ họ tên)", MARGIN_LEFT, y + 16, half, 11, FALSE, TRUE, PANGO_ALIGN_CENTER);
    draw_text (pager->cr, "(Ký tên, đóng dấu)", MARGIN_LEFT + half, y + 16, half, 11, FALSE, TRUE, PANGO_ALIGN_CENTER);
    if (preparer != NULL && *preparer != '\0')
      draw_text (pager->cr, preparer, MARGIN_LEFT, y + 80, half, 12, TRUE, FALSE, PANGO_ALIGN_CENTER);
    if (signer != NULL && *signer != '\0')
      draw_text (pager->cr, signer, MARGIN_LEFT + half, y + 80, half, 12, TRUE, FALSE, PANGO_ALIGN_CENTER);
    pager->y = y + 100;
  }
}

/* Lays the report out on @cr scaled to a @width × @height page, drawing
 * page @target only (or TARGET_NONE); returns the number of pages. */
static int
run_pages (TpReport *report,
           cairo_t  *cr,
           int       target,
           double    width,
           double    height)
{
  Pager pager = { 0 };
  double scale = 1.0;

  if (width > 0 && height > 0)
    scale = MIN (width / PAGE_WIDTH, height / PAGE_HEIGHT);

  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  cairo_set_source_rgb (cr, 0, 0, 0);
  pager.cr = cr;
  pager.page = 1;
  pager.target = target;
  pager.y = MARGIN_TOP;
  update_clip (&pager);
  draw_report (report, &pager);
  if (pager.clipped)
    cairo_restore (cr);
  cairo_restore (cr);
  return pager.page;
}

int
tp_report_page_count (TpReport *report,
                      double    width,
                      double    height)
{
  /* A PDF surface with no output: the same text metrics as the printed
   * (vector) page. */
  cairo_surface_t *surface;
  cairo_t *cr;
  int n;

  g_return_val_if_fail (report != NULL, 0);

  surface = cairo_pdf_surface_create (NULL, width > 0 ? width : PAGE_WIDTH,
                                      height > 0 ? height : PAGE_HEIGHT);
  cr = cairo_create (surface);
  n = run_pages (report, cr, TARGET_NONE, width, height);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return n;
}

void
tp_report_draw_page (TpReport *report,
                     cairo_t  *cr,
                     int       page,
                     double    width,
                     double    height)
{
  g_return_if_fail (report != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page >= 0);

  run_pages (report, cr, page, width, height);
}

gboolean
tp_report_write_pdf (TpReport    *report,
                     const char  *path,
                     GError     **error)
{
  g_autofree char *tmp_path = g_strdup_printf ("%s.tmp-XXXXXX", path);
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;
  int fd;

  /* Written next to the target, then renamed: a reader never sees half a file. */
  fd = g_mkstemp (tmp_path);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, TP_ERROR, TP_ERROR_IO, _("Could not write “%s”: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  close (fd);

  surface = cairo_pdf_surface_create (tmp_path, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, "Báo cáo kết quả tập huấn");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Taphuan " PACKAGE_VERSION);
  cr = cairo_create (surface);
  run_pages (report, cr, TARGET_ALL, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_show_page (cr);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp_path);
      g_set_error (error, TP_ERROR, TP_ERROR_IO, _("Could not write “%s”: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  if (g_rename (tmp_path, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp_path);
      g_set_error (error, TP_ERROR, TP_ERROR_IO, _("Could not write “%s”: %s"), path,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
