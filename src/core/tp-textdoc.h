/* tp-textdoc.h: a small flowing-text PDF writer (A4, Pango/cairo, no
 * display needed) for the documents of tp-privacy.c: headings, paragraphs,
 * "label: value" lines, page numbers and an optional warning banner on
 * every page. Written to FILE.part, private to the user (0600), then
 * renamed into place. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TpTextDoc TpTextDoc;

TpTextDoc *tp_text_doc_new       (const char  *path,
                                  GError     **error);
/* Printed at the top of every page from the next page on (and this one if
 * nothing was drawn yet). */
void       tp_text_doc_set_banner (TpTextDoc  *doc,
                                   const char *banner);
void       tp_text_doc_title     (TpTextDoc  *doc,
                                  const char *text);
void       tp_text_doc_heading   (TpTextDoc  *doc,
                                  const char *text);
void       tp_text_doc_paragraph (TpTextDoc  *doc,
                                  const char *text);
void       tp_text_doc_field     (TpTextDoc  *doc,
                                  const char *label,
                                  const char *value);
/* Finishes the PDF and moves it into place; frees @doc either way. */
gboolean   tp_text_doc_finish    (TpTextDoc  *doc,
                                  GError    **error);
/* Frees without writing anything. */
void       tp_text_doc_abandon   (TpTextDoc  *doc);

G_END_DECLS
