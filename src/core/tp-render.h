/* tp-render.h: the printed documents of a course, laid out with Pango on
 * any cairo context.
 *
 * A TpDocument is built from the database once (the sign-in sheets, the
 * attendance summary, the participant roster or the allowance receipt
 * list), then paginated for a paper size and drawn page by page: the same
 * code serves GtkPrintOperation (begin-print / paginate / draw-page) and
 * tp_render_to_pdf(), so the print dialog, its preview and taphuan-cli give
 * the same pages. The text on the pages is Vietnamese: these are Vietnamese
 * official forms (Decree 30/2020 layout: A4, margins 20/20/30/15 mm, the
 * national motto top right, page numbers "x/y" centred in the top margin
 * from page 2). Coordinates are in points (1/72 inch).
 */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "tp-db.h"

G_BEGIN_DECLS

typedef enum {
  TP_DOCUMENT_SIGNIN = 0,     /* danh sách học viên ký tên, one sheet per day */
  TP_DOCUMENT_ATTENDANCE,     /* bảng tổng hợp điểm danh */
  TP_DOCUMENT_ROSTER,         /* danh sách học viên */
  TP_DOCUMENT_RECEIPTS,       /* danh sách ký nhận tiền hỗ trợ */
} TpDocumentKind;

typedef enum {
  TP_ORIENTATION_AUTO = 0,    /* landscape when the columns do not fit portrait */
  TP_ORIENTATION_PORTRAIT,
  TP_ORIENTATION_LANDSCAPE,
} TpOrientation;

/* The optional columns of the roster (and Dân tộc on the sign-in sheet). */
typedef enum {
  TP_COLUMN_POSITION     = 1 << 0,  /* Chức vụ */
  TP_COLUMN_ORGANIZATION = 1 << 1,  /* Đơn vị công tác */
  TP_COLUMN_PHONE        = 1 << 2,  /* Điện thoại */
  TP_COLUMN_EMAIL        = 1 << 3,  /* Email */
  TP_COLUMN_ETHNICITY    = 1 << 4,  /* Dân tộc: sensitive, off by default */
  TP_COLUMN_NATIONAL_ID  = 1 << 5,  /* Số định danh cá nhân */
} TpDocumentColumns;

#define TP_ROSTER_DEFAULT_COLUMNS \
  (TP_COLUMN_POSITION | TP_COLUMN_ORGANIZATION | TP_COLUMN_PHONE | TP_COLUMN_EMAIL)

typedef struct {
  const char        *date;         /* sign-in: "YYYY-MM-DD"; NULL = every course day */
  TpDocumentColumns  columns;      /* roster; TP_COLUMN_ETHNICITY also on sign-in */
  TpOrientation      orientation;
} TpDocumentOptions;

void        tp_document_options_init   (TpDocumentOptions *options);

typedef struct _TpDocument TpDocument;

/* Reads what the document shows. Fails with a translated message naming
 * the course when there is nothing to print: nobody enrolled, no sessions
 * (sign-in, attendance, receipts), no session on @options->date, no daily
 * allowance (receipts). */
TpDocument *tp_document_new            (TpDb                    *db,
                                        TpDocumentKind           kind,
                                        const char              *course_id,
                                        const TpDocumentOptions *options,
                                        GError                 **error);
void        tp_document_free           (TpDocument *doc);

TpDocumentKind tp_document_get_kind    (TpDocument *doc);
/* The orientation chosen (options, else by the width of the columns). */
gboolean    tp_document_is_landscape   (TpDocument *doc);
/* The document's name, for a print job or a file ("Danh sách ký tên ..."). */
const char *tp_document_get_title      (TpDocument *doc);

/* Lays the document out on paper of @width × @height points (A4 is
 * 595.28 × 841.89; swapped for landscape) and returns the number of pages.
 * Rows never split; the header row repeats on every page. */
int         tp_document_paginate       (TpDocument *doc,
                                        double      width,
                                        double      height);
int         tp_document_get_n_pages    (TpDocument *doc);
/* Draws page @page (0-based) with the paper's top left corner at the
 * origin of @cr, in points. */
void        tp_document_draw_page      (TpDocument *doc,
                                        cairo_t    *cr,
                                        int         page);

/* Writes the whole document as an A4 PDF. */
gboolean    tp_render_to_pdf           (TpDocument *doc,
                                        const char *path,
                                        GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpDocument, tp_document_free)

G_END_DECLS
