/* tp-textdoc.c: flowing text on A4 pages with Pango and cairo. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "tp-error.h"
#include "tp-textdoc.h"

#define PAGE_W 595.276   /* A4 in points */
#define PAGE_H 841.890
#define MARGIN 56.0
#define LABEL_W 170.0

struct _TpTextDoc
{
  char            *path;
  char            *tmp;
  cairo_surface_t *surface;
  cairo_t         *cr;
  char            *banner;
  double           y;
  int              page;
  gboolean         page_started;
};

static void
start_page (TpTextDoc *doc)
{
  doc->page++;
  doc->y = MARGIN;
  doc->page_started = TRUE;
  if (doc->banner != NULL)
    {
      PangoLayout *layout = pango_cairo_create_layout (doc->cr);
      PangoFontDescription *font = pango_font_description_from_string ("Sans Bold 8");

      pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72);
      pango_layout_set_font_description (layout, font);
      pango_layout_set_width (layout, pango_units_from_double (PAGE_W - 2 * MARGIN));
      pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_set_text (layout, doc->banner, -1);
      cairo_move_to (doc->cr, MARGIN, MARGIN - 24);
      pango_cairo_show_layout (doc->cr, layout);
      pango_font_description_free (font);
      g_object_unref (layout);
    }
}

static void
end_page (TpTextDoc *doc)
{
  PangoLayout *layout = pango_cairo_create_layout (doc->cr);
  PangoFontDescription *font = pango_font_description_from_string ("Sans 8");
  g_autofree char *text = g_strdup_printf (_("Page %d"), doc->page);

  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, pango_units_from_double (PAGE_W - 2 * MARGIN));
  pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (doc->cr, MARGIN, PAGE_H - MARGIN + 16);
  pango_cairo_show_layout (doc->cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
  cairo_show_page (doc->cr);
  doc->page_started = FALSE;
}

TpTextDoc *
tp_text_doc_new (const char  *path,
                 GError     **error)
{
  TpTextDoc *doc;
  int fd;

  g_autofree char *tmp = g_strdup_printf ("%s.part", path);

  fd = g_open (tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, TP_ERROR, saved == ENOSPC ? TP_ERROR_IO : TP_ERROR_READ_ONLY,
                   _("“%s” cannot be written: %s"), path, g_strerror (saved));
      return NULL;
    }
  close (fd);

  doc = g_new0 (TpTextDoc, 1);
  doc->path = g_strdup (path);
  doc->tmp = g_steal_pointer (&tmp);
  doc->surface = cairo_pdf_surface_create (doc->tmp, PAGE_W, PAGE_H);
  doc->cr = cairo_create (doc->surface);
  return doc;
}

void
tp_text_doc_set_banner (TpTextDoc  *doc,
                        const char *banner)
{
  g_free (doc->banner);
  doc->banner = g_strdup (banner);
}

/* Lays out @text at @x with @width; breaks the page first when it does not
 * fit (a block taller than a page is drawn anyway). Returns its height. */
static double
draw_block (TpTextDoc  *doc,
            const char *font_name,
            double      x,
            double      width,
            const char *text,
            gboolean    advance,
            double      space_before)
{
  PangoLayout *layout;
  PangoFontDescription *font;
  int h;
  double height;

  if (!doc->page_started)
    start_page (doc);
  layout = pango_cairo_create_layout (doc->cr);
  pango_cairo_context_set_resolution (pango_layout_get_context (layout), 72);
  font = pango_font_description_from_string (font_name);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, pango_units_from_double (width));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  pango_layout_get_size (layout, NULL, &h);
  height = pango_units_to_double (h);

  if (doc->y > MARGIN && doc->y + space_before + height > PAGE_H - MARGIN)
    {
      end_page (doc);
      start_page (doc);
    }
  else if (doc->y > MARGIN)
    doc->y += space_before;

  cairo_move_to (doc->cr, x, doc->y);
  pango_cairo_show_layout (doc->cr, layout);
  if (advance)
    doc->y += height;
  pango_font_description_free (font);
  g_object_unref (layout);
  return height;
}

void
tp_text_doc_title (TpTextDoc  *doc,
                   const char *text)
{
  draw_block (doc, "Sans Bold 15", MARGIN, PAGE_W - 2 * MARGIN, text, TRUE, 0);
  doc->y += 8;
}

void
tp_text_doc_heading (TpTextDoc  *doc,
                     const char *text)
{
  draw_block (doc, "Sans Bold 11", MARGIN, PAGE_W - 2 * MARGIN, text, TRUE, 12);
  doc->y += 3;
}

void
tp_text_doc_paragraph (TpTextDoc  *doc,
                       const char *text)
{
  draw_block (doc, "Sans 10", MARGIN, PAGE_W - 2 * MARGIN, text, TRUE, 4);
}

void
tp_text_doc_field (TpTextDoc  *doc,
                   const char *label,
                   const char *value)
{
  double y0, h1, h2;

  /* The value decides the page break (it is the taller one); the label
   * goes on the same line. */
  h2 = draw_block (doc, "Sans 10", MARGIN + LABEL_W, PAGE_W - 2 * MARGIN - LABEL_W,
                   value != NULL && *value != '\0' ? value : "—", FALSE, 2);
  y0 = doc->y;
  h1 = draw_block (doc, "Sans Bold 10", MARGIN, LABEL_W - 8, label, FALSE, 0);
  doc->y = y0 + MAX (h1, h2);
}

void
tp_text_doc_abandon (TpTextDoc *doc)
{
  if (doc == NULL)
    return;
  cairo_destroy (doc->cr);
  cairo_surface_finish (doc->surface);
  cairo_surface_destroy (doc->surface);
  g_unlink (doc->tmp);
  g_free (doc->tmp);
  g_free (doc->path);
  g_free (doc->banner);
  g_free (doc);
}

gboolean
tp_text_doc_finish (TpTextDoc  *doc,
                    GError    **error)
{
  cairo_status_t status;
  gboolean ok = TRUE;

  if (doc->page_started || doc->page == 0)
    {
      if (!doc->page_started)
        start_page (doc);
      end_page (doc);
    }
  cairo_destroy (doc->cr);
  cairo_surface_finish (doc->surface);
  status = cairo_surface_status (doc->surface);
  cairo_surface_destroy (doc->surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_IO,
                   _("“%s” could not be written: %s"), doc->path, cairo_status_to_string (status));
      g_unlink (doc->tmp);
      ok = FALSE;
    }
  else if (g_rename (doc->tmp, doc->path) != 0)
    {
      int saved = errno;
      g_set_error (error, TP_ERROR, TP_ERROR_IO,
                   _("“%s” could not be written: %s"), doc->path, g_strerror (saved));
      g_unlink (doc->tmp);
      ok = FALSE;
    }
  else
    g_chmod (doc->path, 0600);

  g_free (doc->tmp);
  g_free (doc->path);
  g_free (doc->banner);
  g_free (doc);
  return ok;
}
