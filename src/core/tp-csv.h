/* tp-csv.h: reading the spreadsheets people send (CSV and TSV).
 *
 * Whatever Excel, LibreOffice or Google Forms wrote: UTF-8 with or without
 * a BOM, UTF-16 LE/BE ("Unicode Text"), Windows-1258, and text typed with
 * the legacy TCVN3 or VNI fonts (converted, and said so). The delimiter is
 * detected, quoting follows RFC 4180 (line breaks inside quotes included),
 * blank rows are dropped, and every row keeps the line number a user sees
 * in a text editor or in Excel, so messages can point at it.
 */
#pragma once

#include <glib.h>

#include "tp-error.h"
#include "tp-text.h"

G_BEGIN_DECLS

typedef enum {
  TP_CSV_UTF8 = 0,
  TP_CSV_UTF8_BOM,
  TP_CSV_UTF16LE,
  TP_CSV_UTF16BE,
  TP_CSV_CP1258,      /* 8-bit, read as Windows-1258 */
  TP_CSV_CP1252,      /* 8-bit holding TCVN3/VNI bytes, read as CP1252 */
} TpCsvEncoding;

typedef struct {
  guint   line;       /* 1-based physical line where the record starts */
  guint   n_fields;
  char  **fields;     /* NFC UTF-8, trimmed, NULL-terminated */
} TpCsvRow;

typedef struct {
  TpCsvEncoding     encoding;
  /* TCVN3 or VNI text converted to Unicode (TP_LEGACY_NONE when none). */
  TpLegacyEncoding  legacy;
  guint             n_legacy_fields;  /* how many fields were converted */
  TpLegacyEncoding  cell_legacy;      /* private: found cell by cell */
  char              delimiter;        /* ',', ';' or '\t' */
  GPtrArray        *rows;             /* TpCsvRow*, blank rows left out */
} TpCsvTable;

void        tp_csv_table_free       (TpCsvTable *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpCsvTable, tp_csv_table_free)

/* Decodes raw file bytes into UTF-8 (not yet normalised), saying which
 * encoding it took. Never fails on 8-bit input; fails with TP_ERROR_PARSE
 * on broken UTF-16. */
char       *tp_csv_decode           (const char     *data,
                                     gsize           length,
                                     TpCsvEncoding  *encoding,
                                     GError        **error);

/* The delimiter of decoded @text: comma, semicolon or tab ("sep=;" on the
 * first line, as Excel writes it, wins). @hint (0 = none) breaks ties. */
char        tp_csv_detect_delimiter (const char     *text,
                                     char            hint);

/* Reads a whole file from memory. @delimiter 0 = detect. Errors are
 * TP_ERROR_PARSE with a translated message naming the line. */
TpCsvTable *tp_csv_read_data        (const char     *data,
                                     gsize           length,
                                     char            delimiter,
                                     GError        **error);
/* The same from a file; a ".tsv" name hints a tab. Messages start with
 * the file name. */
TpCsvTable *tp_csv_read_file        (const char     *path,
                                     GError        **error);

/* Translated name of an encoding ("UTF-8", "Windows-1258"...) and of a
 * legacy font encoding ("TCVN3 (ABC)", "VNI"). */
const char *tp_csv_encoding_label   (TpCsvEncoding     encoding);
const char *tp_csv_legacy_label     (TpLegacyEncoding  legacy);

/* Writing: appends @value as one field, quoted when it holds the
 * delimiter, a quote or a line break; a formula-looking value (= + - @ at
 * the start) is prefixed with ' so a spreadsheet does not run it. */
void        tp_csv_append_field     (GString        *out,
                                     const char     *value,
                                     char            delimiter);

G_END_DECLS
