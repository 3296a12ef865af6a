/* tp-csv.c: reading and writing CSV/TSV files (see tp-csv.h). */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tp-csv.h"

/* ---- decoding ---------------------------------------------------------- */

/* CP1252 0x80–0x9F; the undefined bytes keep their C1 code point, as
 * Latin-1 readers do, so every byte maps to one character and
 * tp_text_detect_legacy sees the bytes as they were. */
static const gunichar cp1252_c1[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
  0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

static char *
decode_cp1252 (const char *data,
               gsize       length)
{
  GString *out = g_string_sized_new (length + length / 4 + 1);

  for (gsize i = 0; i < length; i++)
    {
      guchar b = (guchar) data[i];

      if (b == 0)
        continue;
      if (b < 0x80)
        g_string_append_c (out, (char) b);
      else if (b < 0xA0)
        g_string_append_unichar (out, cp1252_c1[b - 0x80]);
      else
        g_string_append_unichar (out, b);
    }
  return g_string_free (out, FALSE);
}

static char *
decode_utf16 (const char  *data,
              gsize        length,
              gboolean     big_endian,
              GError     **error)
{
  gsize n_units = length / 2;
  g_autofree gunichar2 *units = g_new (gunichar2, n_units + 1);
  g_autoptr(GError) local_error = NULL;
  gsize j = 0;
  char *text;

  for (gsize i = 0; i < n_units; i++)
    {
      guchar a = (guchar) data[2 * i];
      guchar b = (guchar) data[2 * i + 1];
      gunichar2 unit = big_endian ? (gunichar2) ((a << 8) | b) : (gunichar2) ((b << 8) | a);

      if (unit != 0)
        units[j++] = unit;
    }
  units[j] = 0;

  text = g_utf16_to_utf8 (units, j, NULL, NULL, &local_error);
  if (text == NULL)
    g_set_error (error, TP_ERROR, TP_ERROR_PARSE,
                 _("The file says it is UTF-16 text but holds invalid characters"));
  return text;
}

/* UTF-16 without a BOM: ASCII text in it has a zero byte in every other
 * position. */
static gboolean
looks_like_utf16 (const char *data,
                  gsize       length,
                  gboolean   *big_endian)
{
  gsize n = MIN (length, 1024) & ~(gsize) 1;
  guint zero_even = 0, zero_odd = 0;

  if (n < 4)
    return FALSE;
  for (gsize i = 0; i < n; i += 2)
    {
      zero_even += data[i] == 0;
      zero_odd += data[i + 1] == 0;
    }
  if (zero_odd * 10 >= (n / 2) * 4 && zero_even * 10 < (n / 2))
    {
      *big_endian = FALSE;
      return TRUE;
    }
  if (zero_even * 10 >= (n / 2) * 4 && zero_odd * 10 < (n / 2))
    {
      *big_endian = TRUE;
      return TRUE;
    }
  return FALSE;
}

char *
tp_csv_decode (const char     *data,
               gsize           length,
               TpCsvEncoding  *encoding,
               GError        **error)
{
  const guchar *u = (const guchar *) data;
  TpCsvEncoding dummy;
  gboolean big_endian = FALSE;

  if (encoding == NULL)
    encoding = &dummy;
  if (data == NULL)
    length = 0;

  if (length >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
    {
      const char *end = NULL;

      *encoding = TP_CSV_UTF8_BOM;
      data += 3;
      length -= 3;
      if (g_utf8_validate_len (data, length, &end))
        return g_strndup (data, length);
      /* A BOM and then broken UTF-8: keep what is valid, mark the rest. */
      return g_utf8_make_valid (data, length);
    }
  if (length >= 2 && u[0] == 0xFF && u[1] == 0xFE)
    {
      *encoding = TP_CSV_UTF16LE;
      return decode_utf16 (data + 2, length - 2, FALSE, error);
    }
  if (length >= 2 && u[0] == 0xFE && u[1] == 0xFF)
    {
      *encoding = TP_CSV_UTF16BE;
      return decode_utf16 (data + 2, length - 2, TRUE, error);
    }
  if (looks_like_utf16 (data, length, &big_endian))
    {
      *encoding = big_endian ? TP_CSV_UTF16BE : TP_CSV_UTF16LE;
      return decode_utf16 (data, length, big_endian, error);
    }
  if (g_utf8_validate_len (data, length, NULL))
    {
      *encoding = TP_CSV_UTF8;
      return g_strndup (data != NULL ? data : "", length);
    }

  /* 8-bit. TCVN3 and VNI files are Latin-1/CP1252 bytes that only make
   * sense through their fonts; anything else from a Vietnamese Windows is
   * Windows-1258. */
  {
    g_autofree char *latin = decode_cp1252 (data, length);
    TpLegacyEncoding legacy = tp_text_detect_legacy (latin);

    if (legacy == TP_LEGACY_TCVN3 || legacy == TP_LEGACY_VNI)
      {
        *encoding = TP_CSV_CP1252;
        return g_steal_pointer (&latin);
      }
  }
  *encoding = TP_CSV_CP1258;
  return tp_text_from_cp1258 (data, length);
}

const char *
tp_csv_encoding_label (TpCsvEncoding encoding)
{
  switch (encoding)
    {
    case TP_CSV_UTF8:
      return "UTF-8";
    case TP_CSV_UTF8_BOM:
      return _("UTF-8 with BOM");
    case TP_CSV_UTF16LE:
      return _("UTF-16 (little-endian)");
    case TP_CSV_UTF16BE:
      return _("UTF-16 (big-endian)");
    case TP_CSV_CP1258:
      return "Windows-1258";
    case TP_CSV_CP1252:
      /* Translators: 8-bit text whose letters only make sense through an
       * old Vietnamese font. */
      return _("8-bit (legacy Vietnamese font)");
    default:
      return "?";
    }
}

const char *
tp_csv_legacy_label (TpLegacyEncoding legacy)
{
  switch (legacy)
    {
    case TP_LEGACY_TCVN3:
      return _("TCVN3 (ABC, .VnTime fonts)");
    case TP_LEGACY_VNI:
      return _("VNI (VNI-Times fonts)");
    case TP_LEGACY_CP1258:
      return "Windows-1258";
    case TP_LEGACY_NONE:
    default:
      return "Unicode";
    }
}

/* ---- delimiter --------------------------------------------------------- */

static const char candidates[] = { ',', ';', '\t' };

/* Counts each candidate per logical line (quotes respected) over the first
 * lines, and picks the one whose count is the same on most lines. */
char
tp_csv_detect_delimiter (const char *text,
                         char        hint)
{
  guint counts[G_N_ELEMENTS (candidates)][32] = { { 0 } };
  guint n_lines = 0;
  gboolean in_quotes = FALSE;
  char best = hint != 0 ? hint : ',';
  guint best_score = 0;
  guint best_total = 0;
  const char *p;

  if (text == NULL)
    return best;
  if (g_str_has_prefix (text, "sep=") && text[4] != '\0' && text[4] != '\n' && text[4] != '\r')
    return text[4];

  for (p = text; *p != '\0' && n_lines < G_N_ELEMENTS (counts[0]); p++)
    {
      if (*p == '"')
        in_quotes = !in_quotes;
      else if (!in_quotes && (*p == '\n' || *p == '\r'))
        {
          if (*p == '\r' && p[1] == '\n')
            p++;
          n_lines++;
        }
      else if (!in_quotes)
        for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
          if (*p == candidates[c])
            counts[c][n_lines]++;
    }
  if (*p == '\0' && n_lines < G_N_ELEMENTS (counts[0]))
    n_lines++;

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    {
      guint best_mode = 0, best_mode_lines = 0, total = 0;

      /* The most frequent non-zero count and on how many lines it is. */
      for (guint i = 0; i < n_lines; i++)
        {
          guint same = 0;

          total += counts[c][i];
          if (counts[c][i] == 0)
            continue;
          for (guint j = 0; j < n_lines; j++)
            same += counts[c][j] == counts[c][i];
          if (same > best_mode_lines || (same == best_mode_lines && counts[c][i] > best_mode))
            {
              best_mode_lines = same;
              best_mode = counts[c][i];
            }
        }
      if (best_mode_lines > best_score ||
          (best_mode_lines == best_score && best_score > 0 &&
           (total > best_total || (total == best_total && candidates[c] == hint))))
        {
          best_score = best_mode_lines;
          best_total = total;
          best = candidates[c];
        }
    }
  return best;
}

/* ---- parsing ----------------------------------------------------------- */

static void
tp_csv_row_free (TpCsvRow *row)
{
  g_strfreev (row->fields);
  g_free (row);
}

void
tp_csv_table_free (TpCsvTable *table)
{
  if (table == NULL)
    return;
  g_clear_pointer (&table->rows, g_ptr_array_unref);
  g_free (table);
}

static gboolean
is_ascii (const char *s)
{
  for (; *s != '\0'; s++)
    if ((guchar) *s >= 0x80)
      return FALSE;
  return TRUE;
}

/* Whitespace and the no-break space Excel users paste in. */
static char *
clean_field (TpCsvTable *table,
             const char *raw,
             gsize       length)
{
  g_autofree char *valid = g_utf8_make_valid (raw, length);
  g_autofree char *nfc = NULL;
  GString *s;
  const char *p;

  /* A stray NUL or an unpaired surrogate never reaches the database. */
  nfc = g_utf8_normalize (valid, -1, G_NORMALIZE_NFC);
  if (nfc == NULL)
    nfc = g_strdup ("");

  if (table->legacy != TP_LEGACY_NONE || !is_ascii (nfc))
    {
      /* A file with Unicode headers may still hold cells typed with an old
       * font: those are recognised one by one. */
      TpLegacyEncoding legacy = table->legacy != TP_LEGACY_NONE
                                  ? table->legacy : tp_text_detect_legacy (nfc);
      char *converted = NULL;

      if (legacy == TP_LEGACY_TCVN3 || legacy == TP_LEGACY_VNI)
        {
          converted = tp_text_from_legacy (nfc, legacy);
          if (table->cell_legacy == TP_LEGACY_NONE)
            table->cell_legacy = legacy;
        }

      if (converted != NULL && !g_str_equal (converted, nfc))
        table->n_legacy_fields++;
      if (converted != NULL)
        {
          g_free (nfc);
          nfc = converted;
        }
    }

  /* Trim and collapse white space, keeping line breaks inside a field as
   * single spaces: a name never spans lines. */
  s = g_string_sized_new (strlen (nfc));
  for (p = nfc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar ch = g_utf8_get_char (p);

      if (g_unichar_isspace (ch) || ch == 0x00A0 || ch == 0x200B || ch == 0xFEFF)
        {
          if (s->len > 0 && s->str[s->len - 1] != ' ')
            g_string_append_c (s, ' ');
        }
      else
        g_string_append_unichar (s, ch);
    }
  if (s->len > 0 && s->str[s->len - 1] == ' ')
    g_string_truncate (s, s->len - 1);

  /* The ' a spreadsheet-safe export puts before = + - @. */
  if (s->len >= 2 && s->str[0] == '\'' && strchr ("=+-@", s->str[1]) != NULL)
    g_string_erase (s, 0, 1);
  return g_string_free (s, FALSE);
}

static gboolean
row_is_blank (GPtrArray *fields)
{
  for (guint i = 0; i < fields->len; i++)
    {
      const char *f = g_ptr_array_index (fields, i);

      if (f != NULL && *f != '\0')
        return FALSE;
    }
  return TRUE;
}

static void
finish_row (TpCsvTable *table,
            GPtrArray  *fields,
            guint       line)
{
  TpCsvRow *row;

  if (row_is_blank (fields))
    {
      g_ptr_array_set_size (fields, 0);
      return;
    }
  /* Trailing empty fields (Excel pads title rows with delimiters) are
   * kept: the column count matters for the header. */
  row = g_new0 (TpCsvRow, 1);
  row->line = line;
  row->n_fields = fields->len;
  g_ptr_array_add (fields, NULL);
  row->fields = (char **) g_ptr_array_steal (fields, NULL);
  g_ptr_array_add (table->rows, row);
}

static gboolean
parse_text (TpCsvTable  *table,
            const char  *text,
            GError     **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) field = g_string_new (NULL);
  const char delim = table->delimiter;
  const char *p = text;
  guint line = 1;
  guint record_line = 1;
  guint quote_line = 0;
  gboolean in_quotes = FALSE;
  gboolean was_quoted = FALSE;

  /* Excel's "sep=;" line says the delimiter and is not data. */
  if (g_str_has_prefix (p, "sep=") && p[4] == delim && (p[5] == '\n' || p[5] == '\r' || p[5] == '\0'))
    {
      p += 5;
      if (*p == '\r')
        p++;
      if (*p == '\n')
        p++;
      line = record_line = 2;
    }

  for (; *p != '\0'; p++)
    {
      char c = *p;

      if (in_quotes)
        {
          if (c == '"')
            {
              if (p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p++;
                }
              else
                in_quotes = FALSE;
            }
          else
            {
              if (c == '\n' || (c == '\r' && p[1] != '\n'))
                line++;
              g_string_append_c (field, c);
            }
          continue;
        }

      if (c == '"' && field->len == 0 && !was_quoted)
        {
          in_quotes = TRUE;
          was_quoted = TRUE;
          quote_line = line;
        }
      else if (c == delim)
        {
          g_ptr_array_add (fields, clean_field (table, field->str, field->len));
          g_string_truncate (field, 0);
          was_quoted = FALSE;
        }
      else if (c == '\n' || c == '\r')
        {
          if (c == '\r' && p[1] == '\n')
            p++;
          g_ptr_array_add (fields, clean_field (table, field->str, field->len));
          g_string_truncate (field, 0);
          was_quoted = FALSE;
          finish_row (table, fields, record_line);
          line++;
          record_line = line;
        }
      else
        /* A quote inside an unquoted field, or text after a closing
         * quote, is kept as it is (what Excel does). */
        g_string_append_c (field, c);
    }

  if (in_quotes)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_PARSE,
                   _("Line %u: a quoted field is never closed (a \" is missing)"), quote_line);
      return FALSE;
    }
  if (field->len > 0 || fields->len > 0)
    {
      g_ptr_array_add (fields, clean_field (table, field->str, field->len));
      finish_row (table, fields, record_line);
    }
  return TRUE;
}

static TpCsvTable *
read_data (const char  *data,
           gsize        length,
           char         delimiter,
           char         hint,
           GError     **error)
{
  g_autoptr(TpCsvTable) table = g_new0 (TpCsvTable, 1);
  g_autofree char *text = NULL;

  table->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_csv_row_free);
  text = tp_csv_decode (data, length, &table->encoding, error);
  if (text == NULL)
    return NULL;

  table->delimiter = delimiter != 0 ? delimiter : tp_csv_detect_delimiter (text, hint);

  /* Legacy fonts: decided on the whole text when it holds no genuine
   * Unicode Vietnamese; a converted 8-bit file always is legacy. */
  table->legacy = tp_text_detect_legacy (text);
  if (table->legacy == TP_LEGACY_CP1258)
    table->legacy = TP_LEGACY_NONE;

  if (!parse_text (table, text, error))
    return NULL;
  if (table->legacy == TP_LEGACY_NONE && table->n_legacy_fields > 0)
    table->legacy = table->cell_legacy;
  return g_steal_pointer (&table);
}

TpCsvTable *
tp_csv_read_data (const char  *data,
                  gsize        length,
                  char         delimiter,
                  GError     **error)
{
  return read_data (data, length, delimiter, 0, error);
}

TpCsvTable *
tp_csv_read_file (const char  *path,
                  GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *lower = g_ascii_strdown (path, -1);
  gsize length = 0;
  TpCsvTable *table;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      /* Translators: the second %s is the system's explanation. */
      g_set_error (error, TP_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? TP_ERROR_NOT_FOUND : TP_ERROR_IO,
                   _("%s: cannot read the file: %s"), path, local_error->message);
      return NULL;
    }
  table = read_data (contents, length, 0, g_str_has_suffix (lower, ".tsv") ? '\t' : 0,
                     &local_error);
  if (table == NULL)
    g_set_error (error, TP_ERROR, TP_ERROR_PARSE, "%s: %s", path, local_error->message);
  return table;
}

/* ---- writing ----------------------------------------------------------- */

void
tp_csv_append_field (GString    *out,
                     const char *value,
                     char        delimiter)
{
  gboolean quote = FALSE;
  gboolean formula = FALSE;

  if (value == NULL)
    value = "";
  if (value[0] == '=' || value[0] == '@' ||
      ((value[0] == '+' || value[0] == '-') && !g_ascii_isdigit (value[1]) && value[1] != ' '))
    formula = value[1] != '\0';
  for (const char *p = value; *p != '\0'; p++)
    if (*p == delimiter || *p == '"' || *p == '\n' || *p == '\r')
      {
        quote = TRUE;
        break;
      }
  if (!quote && !formula)
    {
      g_string_append (out, value);
      return;
    }
  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}
