/* tp-doc-certificate.c: the certificate page and the register book, drawn
 * with Pango on any cairo_t (no GTK), plus a small PDF writer.
 *
 * The printed words are Vietnamese document text, so their source strings
 * are Vietnamese, marked with the "certificate" context for translators.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
#ifdef HAVE_RSVG
#include <librsvg/rsvg.h>
#endif

#include "tp-doc-certificate.h"
#include "tp-format.h"

#define FONT_FAMILY "Times New Roman, Liberation Serif, Tinos, serif"
#define MM (72.0 / 25.4)

/* ---- text helpers ------------------------------------------------------ */

static PangoLayout *
layout_new (cairo_t    *cr,
            const char *markup,
            double      size,
            double      width,
            PangoAlignment align)
{
  PangoContext *ctx = pango_cairo_create_context (cr);
  PangoLayout *layout;
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);

  /* Points are points: the print dialog's resolution, not the screen's. */
  pango_cairo_context_set_resolution (ctx, 72);
  layout = pango_layout_new (ctx);
  g_object_unref (ctx);
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, align);
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

/* Draws @markup at (@x, @y), @width wide (0 = one line); returns the height. */
static double
draw_markup (cairo_t        *cr,
             const char     *markup,
             double          size,
             double          x,
             double          y,
             double          width,
             PangoAlignment  align)
{
  g_autoptr(PangoLayout) layout = layout_new (cr, markup, size, width, align);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  return (double) h / PANGO_SCALE;
}

static double
markup_width (cairo_t    *cr,
              const char *markup,
              double      size)
{
  g_autoptr(PangoLayout) layout = layout_new (cr, markup, size, 0, PANGO_ALIGN_LEFT);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) w / PANGO_SCALE;
}

static double
markup_height (cairo_t    *cr,
               const char *markup,
               double      size,
               double      width)
{
  g_autoptr(PangoLayout) layout = layout_new (cr, markup, size, width, PANGO_ALIGN_LEFT);
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static void
hline (cairo_t *cr,
       double   x1,
       double   x2,
       double   y,
       double   line_width)
{
  cairo_save (cr);
  cairo_set_line_width (cr, line_width);
  cairo_move_to (cr, x1, y);
  cairo_line_to (cr, x2, y);
  cairo_stroke (cr);
  cairo_restore (cr);
}

static char *
upper (const char *s)
{
  return s != NULL ? g_utf8_strup (s, -1) : g_strdup ("");
}

/* ---- the header shared by both documents ------------------------------- */

/* Parent body and issuing body (bold, underlined) centred in [x, x+w];
 * the national motto centred in [rx, rx+rw]. Returns the bottom. */
static double
draw_header (cairo_t    *cr,
             const char *parent_agency,
             const char *issuer_name,
             double      x,
             double      w,
             double      rx,
             double      rw,
             double      y)
{
  g_autofree char *parent = upper (parent_agency);
  g_autofree char *issuer = upper (issuer_name);
  g_autofree char *parent_m = g_markup_escape_text (parent, -1);
  g_autofree char *issuer_m = g_markup_printf_escaped ("<b>%s</b>", issuer);
  g_autofree char *motto = g_markup_printf_escaped ("<b>%s</b>", C_("certificate", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
  g_autofree char *motto2 = g_markup_printf_escaped ("<b>%s</b>", C_("certificate", "Độc lập - Tự do - Hạnh phúc"));
  double left_y = y, right_y = y;
  double line_w;

  if (*parent != '\0')
    left_y += draw_markup (cr, parent_m, 12.5, x, left_y, w, PANGO_ALIGN_CENTER);
  if (*issuer != '\0')
    {
      left_y += draw_markup (cr, issuer_m, 12.5, x, left_y, w, PANGO_ALIGN_CENTER);
      /* A short rule under the issuing body, a third of its width. */
      line_w = MIN (markup_width (cr, issuer_m, 12.5), w) / 3.0;
      hline (cr, x + (w - line_w) / 2, x + (w + line_w) / 2, left_y + 2, 0.8);
    }

  right_y += draw_markup (cr, motto, 12.5, rx, right_y, rw, PANGO_ALIGN_CENTER);
  right_y += draw_markup (cr, motto2, 13.5, rx, right_y, rw, PANGO_ALIGN_CENTER);
  line_w = markup_width (cr, motto2, 13.5);
  hline (cr, rx + (rw - line_w) / 2, rx + (rw + line_w) / 2, right_y + 2, 0.8);

  return MAX (left_y, right_y) + 6;
}

/* ---- render options ---------------------------------------------------- */

void
tp_cert_render_options_load (TpDb                *db,
                             TpCertRenderOptions *options)
{
  char *logo = tp_db_get_setting (db, "cert.logo_path");
  char *background = tp_db_get_setting (db, "cert.background_path");

  memset (options, 0, sizeof *options);
  options->logo_path = logo != NULL && *logo != '\0' ? logo : (g_free (logo), NULL);
  options->background_path = background != NULL && *background != '\0' ? background : (g_free (background), NULL);
  options->mark_revoked = TRUE;
}

void
tp_cert_render_options_clear (TpCertRenderOptions *options)
{
  g_free ((char *) options->logo_path);
  g_free ((char *) options->background_path);
  memset (options, 0, sizeof *options);
}

static gboolean
is_svg (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".svg") || g_str_has_suffix (lower, ".svgz");
}

gboolean
tp_doc_certificate_check_image (const char  *path,
                                GError     **error)
{
  if (path == NULL || *path == '\0')
    return TRUE;
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                   _("The certificate image “%s” does not exist"), path);
      return FALSE;
    }
  if (is_svg (path))
    {
#ifdef HAVE_RSVG
      g_autoptr(GError) local = NULL;
      RsvgHandle *handle = rsvg_handle_new_from_file (path, &local);

      if (handle == NULL)
        {
          g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                       _("The certificate image “%s” is not a readable SVG file: %s"), path, local->message);
          return FALSE;
        }
      g_object_unref (handle);
      return TRUE;
#else
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                   _("The certificate image “%s” is an SVG file, but this build of Taphuan cannot draw SVG; use a PNG image"),
                   path);
      return FALSE;
#endif
    }
  {
    cairo_surface_t *image = cairo_image_surface_create_from_png (path);
    gboolean ok = cairo_surface_status (image) == CAIRO_STATUS_SUCCESS;

    cairo_surface_destroy (image);
    if (!ok)
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                   _("The certificate image “%s” is not a readable PNG or SVG file"), path);
    return ok;
  }
}

#ifdef HAVE_RSVG
static gboolean
draw_svg (cairo_t    *cr,
          const char *path,
          double      x,
          double      y,
          double      w,
          double      h,
          gboolean    fill)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GObject) object = NULL;
  RsvgHandle *handle = rsvg_handle_new_from_file (path, &error);
  RsvgRectangle viewport = { x, y, w, h };
  gboolean ok;

  if (handle == NULL)
    {
      g_warning ("Cannot read the image %s for the certificate: %s", path, error->message);
      return FALSE;
    }
  object = G_OBJECT (handle);
  cairo_save (cr);
  if (fill)
    {
      /* Stretched like a PNG background: draw in the document's own
       * size, scaled to the page. */
      double iw = 0, ih = 0;

      if (!rsvg_handle_get_intrinsic_size_in_pixels (handle, &iw, &ih) || iw <= 0 || ih <= 0)
        iw = w, ih = h;
      cairo_translate (cr, x, y);
      cairo_scale (cr, w / iw, h / ih);
      viewport = (RsvgRectangle) { 0, 0, iw, ih };
    }
  ok = rsvg_handle_render_document (handle, cr, &viewport, &error);
  cairo_restore (cr);
  if (!ok)
    g_warning ("Cannot draw the image %s for the certificate: %s", path, error->message);
  return ok;
}
#endif

/* Draws a PNG fitted into the box, centred; FALSE when it cannot be read. */
static gboolean
draw_png (cairo_t    *cr,
          const char *path,
          double      x,
          double      y,
          double      w,
          double      h,
          gboolean    fill)
{
  cairo_surface_t *image;
  double iw, ih, scale;

  if (path == NULL)
    return FALSE;
  if (is_svg (path))
    {
#ifdef HAVE_RSVG
      return draw_svg (cr, path, x, y, w, h, fill);
#else
      g_warning ("Cannot draw the SVG image %s: built without librsvg", path);
      return FALSE;
#endif
    }
  image = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (image);
      g_warning ("Cannot read the image %s for the certificate", path);
      return FALSE;
    }
  iw = cairo_image_surface_get_width (image);
  ih = cairo_image_surface_get_height (image);
  cairo_save (cr);
  if (fill)
    {
      cairo_translate (cr, x, y);
      cairo_scale (cr, w / iw, h / ih);
      cairo_set_source_surface (cr, image, 0, 0);
    }
  else
    {
      scale = MIN (w / iw, h / ih);
      cairo_translate (cr, x + (w - iw * scale) / 2, y + (h - ih * scale) / 2);
      cairo_scale (cr, scale, scale);
      cairo_set_source_surface (cr, image, 0, 0);
    }
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (image);
  return TRUE;
}

/* ---- the certificate --------------------------------------------------- */

static void
draw_frame (cairo_t *cr,
            double   width,
            double   height)
{
  double outer = 8 * MM, inner = 10 * MM;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.55, 0.09, 0.09);
  cairo_set_line_width (cr, 3.0);
  cairo_rectangle (cr, outer, outer, width - 2 * outer, height - 2 * outer);
  cairo_stroke (cr);
  cairo_set_line_width (cr, 0.8);
  cairo_rectangle (cr, inner, inner, width - 2 * inner, height - 2 * inner);
  cairo_stroke (cr);
  /* Small diamonds in the corners of the inner frame. */
  for (int i = 0; i < 4; i++)
    {
      double cx = i % 2 == 0 ? inner : width - inner;
      double cy = i / 2 == 0 ? inner : height - inner;

      cairo_move_to (cr, cx, cy - 5);
      cairo_line_to (cr, cx + 5, cy);
      cairo_line_to (cr, cx, cy + 5);
      cairo_line_to (cr, cx - 5, cy);
      cairo_close_path (cr);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

static char *
short_date (const char *iso)
{
  char *s = iso != NULL ? tp_format_date_short (iso) : NULL;

  return s != NULL ? s : g_strdup (iso != NULL ? iso : "");
}

/* "Label: value" with the value in bold (escaped). */
static char *
field_markup (const char *label,
              const char *value)
{
  return g_markup_printf_escaped ("%s <b>%s</b>", label, value);
}

/* Draws @markup, or only measures it when @draw is FALSE. */
static double
put (cairo_t        *cr,
     gboolean        draw,
     const char     *markup,
     double          size,
     double          x,
     double          y,
     double          width,
     PangoAlignment  align)
{
  if (draw)
    return draw_markup (cr, markup, size, x, y, width, align);
  return markup_height (cr, markup, size, width);
}

/* The person and the course, from @y; returns the bottom. */
static double
draw_body (cairo_t              *cr,
           gboolean              draw,
           const TpCertSnapshot *s,
           double                body_x,
           double                body_w,
           double                y)
{
  double line = 15.5;
  double gap = 9.0;
  const char *salutation;
  g_autofree char *m = NULL;

  /* The person. */
  salutation = s->sex == TP_SEX_FEMALE ? C_("certificate", "Bà")
             : s->sex == TP_SEX_MALE ? C_("certificate", "Ông")
             : C_("certificate", "Ông/Bà");
  m = g_markup_printf_escaped ("%s %s: <span size='%d'><b>%s</b></span>",
                               C_("certificate", "Chứng nhận"), salutation,
                               (int) (19 * PANGO_SCALE), s->full_name != NULL ? s->full_name : "");
  y += put (cr, draw, m, line, body_x, y, body_w, PANGO_ALIGN_LEFT) + gap;
  g_clear_pointer (&m, g_free);

  if (s->birth_date != NULL)
    {
      g_autofree char *d = short_date (s->birth_date);

      m = field_markup (C_("certificate", "Ngày sinh:"), d);
    }
  else if (s->birth_year > 0)
    {
      g_autofree char *yr = g_strdup_printf ("%d", s->birth_year);

      m = field_markup (C_("certificate", "Năm sinh:"), yr);
    }
  if (m != NULL)
    {
      y += put (cr, draw, m, line, body_x, y, body_w, PANGO_ALIGN_LEFT) + gap;
      g_clear_pointer (&m, g_free);
    }
  if (s->position != NULL)
    {
      m = field_markup (C_("certificate", "Chức vụ:"), s->position);
      y += put (cr, draw, m, line, body_x, y, body_w, PANGO_ALIGN_LEFT) + gap;
      g_clear_pointer (&m, g_free);
    }
  if (s->organization != NULL)
    {
      m = field_markup (C_("certificate", "Đơn vị công tác:"), s->organization);
      y += put (cr, draw, m, line, body_x, y, body_w, PANGO_ALIGN_LEFT) + gap;
      g_clear_pointer (&m, g_free);
    }

  /* The course. */
  m = g_markup_printf_escaped ("%s", s->body_text != NULL ? s->body_text
                                                      : C_("certificate", "Đã hoàn thành lớp tập huấn:"));
  y += put (cr, draw, m, line, body_x, y, body_w, PANGO_ALIGN_LEFT) + 3;
  g_clear_pointer (&m, g_free);
  {
    g_autofree char *course = upper (s->course_title);

    m = g_markup_printf_escaped ("<b>%s</b>", course);
    y += put (cr, draw, m, 15.5, body_x - 20, y, body_w + 40, PANGO_ALIGN_CENTER) + gap;
    g_clear_pointer (&m, g_free);
  }
  {
    g_autofree char *from = short_date (s->start_date);
    g_autofree char *to = short_date (s->end_date);

    if (g_strcmp0 (s->start_date, s->end_date) == 0)
      m = g_markup_printf_escaped ("%s <b>%s</b>", C_("certificate", "Thời gian: ngày"), from);
    else
      m = g_markup_printf_escaped ("%s <b>%s</b> %s <b>%s</b>", C_("certificate", "Thời gian: từ ngày"), from,
                                   C_("certificate", "đến ngày"), to);
    y += put (cr, draw, m, line, body_x, y, body_w, PANGO_ALIGN_LEFT) + gap;
    g_clear_pointer (&m, g_free);
  }
  if (s->venue != NULL)
    {
      m = field_markup (C_("certificate", "Địa điểm:"), s->venue);
      y += put (cr, draw, m, line, body_x, y, body_w, PANGO_ALIGN_LEFT) + gap;
      g_clear_pointer (&m, g_free);
    }

  return y;
}

void
tp_doc_certificate_draw (cairo_t                   *cr,
                         double                     width,
                         double                     height,
                         const TpCertSnapshot      *s,
                         const TpCertRenderOptions *options)
{
  double margin = 16 * MM;
  double col_w = (width - 2 * margin) / 2;
  double body_x = width * 0.16, body_w = width * 0.68;
  double y, sign_x, sign_w, sign_y;
  g_autofree char *title = NULL;
  g_autofree char *m = NULL;
  const char *background, *logo;

  cairo_save (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  /* The snapshot's images (issued since they could be set per course)
   * win over the office's current ones. */
  background = s->background_path != NULL ? s->background_path : options != NULL ? options->background_path : NULL;
  logo = s->logo_path != NULL ? s->logo_path : options != NULL ? options->logo_path : NULL;
  if (!draw_png (cr, background, 0, 0, width, height, TRUE))
    draw_frame (cr, width, height);
  cairo_set_source_rgb (cr, 0, 0, 0);

  y = draw_header (cr, s->parent_agency, s->issuer_name, margin, col_w - 10, margin + col_w + 10, col_w - 10,
                   14 * MM);

  if (logo != NULL && draw_png (cr, logo, width / 2 - 30, y - 4, 60, 60, FALSE))
    y += 60;
  else
    y += 22;

  /* The title. */
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.55, 0.09, 0.09);
  title = g_markup_printf_escaped ("<b>%s</b>", C_("certificate", "GIẤY CHỨNG NHẬN"));
  y += draw_markup (cr, title, 34, 0, y, width, PANGO_ALIGN_CENTER) + 20;
  cairo_restore (cr);

  /* The body sits in the middle of the space left above the signature. */
  {
    double body_h = draw_body (cr, FALSE, s, body_x, body_w, 0);
    double room = (height - 64 * MM) - y - body_h;

    y = draw_body (cr, TRUE, s, body_x, body_w, y + MAX (0, room / 3));
  }

  /* Place and date, signer: bottom right. */
  sign_w = width * 0.40;
  sign_x = width - margin - sign_w;
  sign_y = MAX (y + 10, height - 64 * MM);
  {
    g_autofree char *date = s->issue_date != NULL ? tp_format_date_long (s->issue_date) : NULL;

    if (s->place != NULL)
      m = g_markup_printf_escaped ("<i>%s, %s</i>", s->place, date != NULL ? date : "");
    else
      m = g_markup_printf_escaped ("<i>%s</i>", date != NULL ? date : "");
    sign_y += draw_markup (cr, m, 14, sign_x, sign_y, sign_w, PANGO_ALIGN_CENTER) + 2;
    g_clear_pointer (&m, g_free);
  }
  if (s->signer_prefix != NULL)
    {
      g_autofree char *prefix = upper (s->signer_prefix);

      m = g_markup_printf_escaped ("<b>%s</b>", prefix);
      sign_y += draw_markup (cr, m, 13.5, sign_x, sign_y, sign_w, PANGO_ALIGN_CENTER);
      g_clear_pointer (&m, g_free);
    }
  if (s->signer_title != NULL)
    {
      g_autofree char *t = upper (s->signer_title);

      m = g_markup_printf_escaped ("<b>%s</b>", t);
      sign_y += draw_markup (cr, m, 13.5, sign_x, sign_y, sign_w, PANGO_ALIGN_CENTER);
      g_clear_pointer (&m, g_free);
    }
  if (s->signer_name != NULL)
    {
      m = g_markup_printf_escaped ("<b>%s</b>", s->signer_name);
      draw_markup (cr, m, 14, sign_x, MAX (sign_y + 22 * MM, height - 24 * MM), sign_w, PANGO_ALIGN_CENTER);
      g_clear_pointer (&m, g_free);
    }

  /* Số hiệu, số vào sổ and the verification code: bottom left. */
  {
    double bx = margin + 6 * MM;
    double by = height - 34 * MM;

    if (s->serial != NULL)
      {
        m = field_markup (C_("certificate", "Số hiệu:"), s->serial);
        by += draw_markup (cr, m, 12.5, bx, by, 0, PANGO_ALIGN_LEFT);
        g_clear_pointer (&m, g_free);
      }
    m = field_markup (C_("certificate", "Số vào sổ:"), s->register_no != NULL ? s->register_no : "");
    by += draw_markup (cr, m, 12.5, bx, by, 0, PANGO_ALIGN_LEFT);
    g_clear_pointer (&m, g_free);
    m = g_markup_printf_escaped ("<span size='%d'>%s <tt>%s</tt></span>", (int) (10.5 * PANGO_SCALE),
                                 C_("certificate", "Mã xác minh:"),
                                 s->verification_code != NULL ? s->verification_code : "");
    draw_markup (cr, m, 10.5, bx, by + 2, 0, PANGO_ALIGN_LEFT);
    g_clear_pointer (&m, g_free);
  }

  if (s->revoked && (options == NULL || options->mark_revoked))
    {
      cairo_save (cr);
      cairo_translate (cr, width / 2, height / 2);
      cairo_rotate (cr, -atan2 (height, width));
      cairo_set_source_rgba (cr, 0.8, 0.1, 0.1, 0.35);
      m = g_markup_printf_escaped ("<b>%s</b>", C_("certificate", "ĐÃ THU HỒI"));
      {
        double w = markup_width (cr, m, 80);

        draw_markup (cr, m, 80, -w / 2, -50, 0, PANGO_ALIGN_LEFT);
      }
      g_clear_pointer (&m, g_free);
      cairo_restore (cr);
    }
  cairo_restore (cr);
}

/* ---- PDF --------------------------------------------------------------- */

typedef void (*DrawPagesFunc) (cairo_t *cr, gpointer data);

static cairo_status_t
write_to_stream (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  GOutputStream *out = closure;

  return g_output_stream_write_all (out, data, length, NULL, NULL, NULL)
    ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Writes a PDF through a temporary file renamed into place, so a failed
 * export never leaves half a document under the user's chosen name. */
static gboolean
write_pdf (const char     *path,
           double          width,
           double          height,
           DrawPagesFunc   draw,
           gpointer        data,
           GError        **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  g_autoptr(GError) local = NULL;

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &local);
  if (stream == NULL)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_IO, _("Cannot write “%s”: %s"), path, local->message);
      return FALSE;
    }
  surface = cairo_pdf_surface_create_for_stream (write_to_stream, stream, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Taphuan " PACKAGE_VERSION);
  cr = cairo_create (surface);
  draw (cr, data);
  status = cairo_status (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autoptr(GCancellable) cancel = g_cancellable_new ();

      /* Closing cancelled drops the temporary file: the old one stays. */
      g_cancellable_cancel (cancel);
      g_output_stream_close (G_OUTPUT_STREAM (stream), cancel, NULL);
      g_set_error (error, TP_ERROR, TP_ERROR_IO, _("Cannot write “%s”: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }
  if (!g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &local))
    {
      g_set_error (error, TP_ERROR, TP_ERROR_IO, _("Cannot write “%s”: %s"), path, local->message);
      return FALSE;
    }
  return TRUE;
}

typedef struct {
  GPtrArray                 *snapshots;
  const TpCertRenderOptions *options;
} CertPages;

static void
draw_cert_pages (cairo_t  *cr,
                 gpointer  data)
{
  CertPages *pages = data;

  for (guint i = 0; i < pages->snapshots->len; i++)
    {
      tp_doc_certificate_draw (cr, TP_DOC_A4_LONG, TP_DOC_A4_SHORT,
                               g_ptr_array_index (pages->snapshots, i), pages->options);
      cairo_show_page (cr);
    }
}

gboolean
tp_doc_certificates_write_pdf (GPtrArray                  *snapshots,
                               const char                 *path,
                               const TpCertRenderOptions  *options,
                               GError                    **error)
{
  CertPages pages = { snapshots, options };

  if (snapshots->len == 0)
    {
      g_set_error_literal (error, TP_ERROR, TP_ERROR_NOT_FOUND, _("There are no certificates to print"));
      return FALSE;
    }
  /* An SVG that cannot be drawn is refused before anything is written. */
  for (guint i = 0; i < snapshots->len; i++)
    {
      const TpCertSnapshot *s = g_ptr_array_index (snapshots, i);
      const char *logo = s->logo_path != NULL ? s->logo_path : options != NULL ? options->logo_path : NULL;
      const char *background = s->background_path != NULL ? s->background_path
                             : options != NULL ? options->background_path : NULL;

      if ((logo != NULL && is_svg (logo) && !tp_doc_certificate_check_image (logo, error)) ||
          (background != NULL && is_svg (background) && !tp_doc_certificate_check_image (background, error)))
        return FALSE;
    }
  return write_pdf (path, TP_DOC_A4_LONG, TP_DOC_A4_SHORT, draw_cert_pages, &pages, error);
}

/* ---- the register book ------------------------------------------------- */

enum {
  COL_NO,
  COL_NUMBER,
  COL_SERIAL,
  COL_NAME,
  COL_YEAR,
  COL_SEX,
  COL_ORG,
  COL_COURSE,
  COL_DATE,
  COL_NOTES,
  N_COLS
};

/* Relative widths of the columns. */
static const double col_weights[N_COLS] = { 4, 12, 9, 16, 6, 5, 17, 20, 8.5, 14 };

struct _TpRegisterDoc {
  GPtrArray *certificates;
  GHashTable *numbers_by_id;  /* id → register number, for "Replaces" */
  char      *parent_agency;
  char      *issuer_name;
  char      *place;
  char      *date;
  double     width, height;
  double     margin_top, margin_bottom, margin_left, margin_right;
  double     col_x[N_COLS + 1];
  double     header_height;   /* of the column-header row */
  double     first_top;       /* where the table starts on page 1 */
  GArray    *row_heights;     /* double per certificate */
  GArray    *page_starts;     /* guint: first row of each page */
};

#define CELL_PAD 3.0
#define CELL_SIZE 10.5

TpRegisterDoc *
tp_register_doc_new (TpDb      *db,
                     GPtrArray *certificates)
{
  TpRegisterDoc *doc = g_new0 (TpRegisterDoc, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  doc->certificates = g_ptr_array_ref (certificates);
  doc->numbers_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < certificates->len; i++)
    {
      TpCertificate *c = g_ptr_array_index (certificates, i);

      g_hash_table_insert (doc->numbers_by_id, g_strdup (c->id), g_strdup (c->register_no));
    }
  doc->date = g_date_time_format (now, "%Y-%m-%d");
  doc->parent_agency = tp_db_get_setting (db, "office.parent_agency");
  doc->issuer_name = tp_certificates_issuer_name (db, doc->date);
  doc->place = tp_db_get_setting (db, "office.place");
  doc->row_heights = g_array_new (FALSE, TRUE, sizeof (double));
  doc->page_starts = g_array_new (FALSE, TRUE, sizeof (guint));
  return doc;
}

void
tp_register_doc_free (TpRegisterDoc *doc)
{
  if (doc == NULL)
    return;
  g_ptr_array_unref (doc->certificates);
  g_hash_table_unref (doc->numbers_by_id);
  g_free (doc->parent_agency);
  g_free (doc->issuer_name);
  g_free (doc->place);
  g_free (doc->date);
  g_array_unref (doc->row_heights);
  g_array_unref (doc->page_starts);
  g_free (doc);
}

static const char *
column_title (int col)
{
  switch (col)
    {
    case COL_NO: return C_("certificate", "STT");
    case COL_NUMBER: return C_("certificate", "Số vào sổ");
    case COL_SERIAL: return C_("certificate", "Số hiệu");
    case COL_NAME: return C_("certificate", "Họ và tên");
    case COL_YEAR: return C_("certificate", "Năm sinh");
    case COL_SEX: return C_("certificate", "Giới tính");
    case COL_ORG: return C_("certificate", "Đơn vị công tác");
    case COL_COURSE: return C_("certificate", "Lớp tập huấn");
    case COL_DATE: return C_("certificate", "Ngày cấp");
    case COL_NOTES: return C_("certificate", "Ghi chú");
    default: return "";
    }
}

/* The text of one cell (plain, not markup). */
static char *
cell_text (TpRegisterDoc *doc,
           guint          row,
           int            col)
{
  TpCertificate *c = g_ptr_array_index (doc->certificates, row);

  switch (col)
    {
    case COL_NO: return g_strdup_printf ("%u", row + 1);
    case COL_NUMBER: return g_strdup (c->register_no);
    case COL_SERIAL: return g_strdup (c->serial != NULL ? c->serial : "");
    case COL_NAME: return g_strdup (c->full_name != NULL ? c->full_name : "");
    case COL_YEAR: return c->birth_year > 0 ? g_strdup_printf ("%d", c->birth_year) : g_strdup ("");
    case COL_SEX:
      return g_strdup (c->sex == TP_SEX_FEMALE ? C_("certificate", "Nữ")
                       : c->sex == TP_SEX_MALE ? C_("certificate", "Nam") : "");
    case COL_ORG: return g_strdup (c->organization != NULL ? c->organization : "");
    case COL_COURSE:
      return g_strdup_printf ("%s%s%s", c->course_title != NULL ? c->course_title : "",
                              c->course_code != NULL ? " — " : "", c->course_code != NULL ? c->course_code : "");
    case COL_DATE: return short_date (c->issued_on);
    case COL_NOTES:
      {
        g_autoptr(GString) notes = g_string_new ("");

        if (c->status == TP_CERT_REVOKED)
          g_string_append_printf (notes, "%s: %s", C_("certificate", "Đã thu hồi"),
                                  c->revoked_reason != NULL ? c->revoked_reason : "");
        if (c->replaces_id != NULL)
          {
            const char *orig = g_hash_table_lookup (doc->numbers_by_id, c->replaces_id);

            if (notes->len > 0)
              g_string_append (notes, "; ");
            g_string_append_printf (notes, "%s %s", C_("certificate", "Cấp lại thay số"),
                                    orig != NULL ? orig : "?");
          }
        return g_string_free (g_steal_pointer (&notes), FALSE);
      }
    default:
      return g_strdup ("");
    }
}

static double
title_block (TpRegisterDoc *doc,
             cairo_t       *cr,
             gboolean       draw)
{
  double usable = doc->width - doc->margin_left - doc->margin_right;
  double y = doc->margin_top;
  g_autofree char *title = g_markup_printf_escaped ("<b>%s</b>", C_("certificate", "SỔ CẤP GIẤY CHỨNG NHẬN"));
  g_autofree char *sub = NULL;

  if (draw)
    y = draw_header (cr, doc->parent_agency, doc->issuer_name, doc->margin_left, usable * 0.45,
                     doc->margin_left + usable * 0.5, usable * 0.5, y);
  else
    y += 60;
  y += 12;
  if (draw)
    draw_markup (cr, title, 16, doc->margin_left, y, usable, PANGO_ALIGN_CENTER);
  y += markup_height (cr, title, 16, usable) + 2;
  {
    g_autofree char *date = tp_format_date_long (doc->date);

    sub = g_markup_printf_escaped (C_("certificate", "<i>(Lập %s; %u giấy chứng nhận)</i>"),
                                   date != NULL ? date : doc->date, doc->certificates->len);
  }
  if (draw)
    draw_markup (cr, sub, 12, doc->margin_left, y, usable, PANGO_ALIGN_CENTER);
  y += markup_height (cr, sub, 12, usable) + 10;
  return y;
}

guint
tp_register_doc_paginate (TpRegisterDoc *doc,
                          cairo_t       *cr,
                          double         width,
                          double         height)
{
  double total = 0, usable, x, y, bottom;
  guint n = doc->certificates->len;

  doc->width = width;
  doc->height = height;
  doc->margin_top = 15 * MM;
  doc->margin_bottom = 15 * MM;
  doc->margin_left = 20 * MM;
  doc->margin_right = 12 * MM;
  usable = width - doc->margin_left - doc->margin_right;
  for (int i = 0; i < N_COLS; i++)
    total += col_weights[i];
  x = doc->margin_left;
  for (int i = 0; i < N_COLS; i++)
    {
      doc->col_x[i] = x;
      x += usable * col_weights[i] / total;
    }
  doc->col_x[N_COLS] = doc->margin_left + usable;

  doc->header_height = 0;
  for (int i = 0; i < N_COLS; i++)
    {
      g_autofree char *m = g_markup_printf_escaped ("<b>%s</b>", column_title (i));

      doc->header_height = MAX (doc->header_height,
                                markup_height (cr, m, CELL_SIZE, doc->col_x[i + 1] - doc->col_x[i] - 2 * CELL_PAD));
    }
  doc->header_height += 2 * CELL_PAD;

  g_array_set_size (doc->row_heights, n);
  for (guint r = 0; r < n; r++)
    {
      double h = 0;

      for (int i = 0; i < N_COLS; i++)
        {
          g_autofree char *text = cell_text (doc, r, i);
          g_autofree char *m = g_markup_escape_text (text, -1);

          h = MAX (h, markup_height (cr, m, CELL_SIZE, doc->col_x[i + 1] - doc->col_x[i] - 2 * CELL_PAD));
        }
      g_array_index (doc->row_heights, double, r) = h + 2 * CELL_PAD;
    }

  doc->first_top = title_block (doc, cr, FALSE);
  g_array_set_size (doc->page_starts, 0);
  bottom = height - doc->margin_bottom;
  y = doc->first_top + doc->header_height;
  {
    guint start = 0;

    g_array_append_val (doc->page_starts, start);
  }
  for (guint r = 0; r < n; r++)
    {
      double h = g_array_index (doc->row_heights, double, r);

      if (y + h > bottom && r > g_array_index (doc->page_starts, guint, doc->page_starts->len - 1))
        {
          g_array_append_val (doc->page_starts, r);
          y = doc->margin_top + 14 + doc->header_height;
        }
      y += h;
    }
  return doc->page_starts->len;
}

static void
draw_row (TpRegisterDoc *doc,
          cairo_t       *cr,
          double         y,
          double         h,
          int            row)   /* -1 = column headers */
{
  cairo_save (cr);
  cairo_set_line_width (cr, 0.6);
  for (int i = 0; i < N_COLS; i++)
    {
      double cx = doc->col_x[i], cw = doc->col_x[i + 1] - doc->col_x[i];
      g_autofree char *m = NULL;

      if (row < 0)
        m = g_markup_printf_escaped ("<b>%s</b>", column_title (i));
      else
        {
          g_autofree char *text = cell_text (doc, row, i);

          m = g_markup_escape_text (text, -1);
        }
      cairo_rectangle (cr, cx, y, cw, h);
      cairo_stroke (cr);
      draw_markup (cr, m, CELL_SIZE, cx + CELL_PAD, y + CELL_PAD, cw - 2 * CELL_PAD,
                   row < 0 || i == COL_NO || i == COL_YEAR || i == COL_SEX || i == COL_DATE
                   ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
    }
  cairo_restore (cr);
}

void
tp_register_doc_draw_page (TpRegisterDoc *doc,
                           cairo_t       *cr,
                           guint          page)
{
  guint first, last;
  double y;

  if (page >= doc->page_starts->len)
    return;
  first = g_array_index (doc->page_starts, guint, page);
  last = page + 1 < doc->page_starts->len ? g_array_index (doc->page_starts, guint, page + 1)
                                          : doc->certificates->len;
  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  if (page == 0)
    {
      title_block (doc, cr, TRUE);
      y = doc->first_top;
    }
  else
    {
      /* Page numbers from page 2 on, centred in the top margin. */
      g_autofree char *num = g_strdup_printf ("%u", page + 1);

      draw_markup (cr, num, 13, 0, doc->margin_top - 20, doc->width, PANGO_ALIGN_CENTER);
      y = doc->margin_top + 14;
    }
  draw_row (doc, cr, y, doc->header_height, -1);
  y += doc->header_height;
  for (guint r = first; r < last; r++)
    {
      double h = g_array_index (doc->row_heights, double, r);

      draw_row (doc, cr, y, h, r);
      y += h;
    }
  cairo_restore (cr);
}

static void
draw_register_pages (cairo_t  *cr,
                     gpointer  data)
{
  TpRegisterDoc *doc = data;
  guint pages = tp_register_doc_paginate (doc, cr, TP_DOC_A4_LONG, TP_DOC_A4_SHORT);

  for (guint p = 0; p < pages; p++)
    {
      tp_register_doc_draw_page (doc, cr, p);
      cairo_show_page (cr);
    }
}

gboolean
tp_register_doc_write_pdf (TpRegisterDoc  *doc,
                           const char     *path,
                           GError        **error)
{
  return write_pdf (path, TP_DOC_A4_LONG, TP_DOC_A4_SHORT, draw_register_pages, doc, error);
}
