/* fuzz-encoding.c: libFuzzer target for the encoding detector: file bytes
 * decoded (UTF-8, UTF-16, Windows-1258, CP1252), legacy TCVN3/VNI text
 * detected and converted. */
#include "config.h"

#include "tp-csv.h"
#include "tp-text.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  GError *error = NULL;
  TpCsvEncoding encoding;
  char *text = tp_csv_decode ((const char *) data, size, &encoding, &error);

  if (text == NULL)
    {
      g_assert (error != NULL);
      g_error_free (error);
      return 0;
    }
  g_assert (g_utf8_validate (text, -1, NULL));
  {
    TpLegacyEncoding legacy = tp_text_detect_legacy (text);
    char *converted = tp_text_from_legacy (text, legacy);

    g_assert (converted != NULL);
    g_assert (g_utf8_validate (converted, -1, NULL));
    g_free (converted);
  }
  (void) tp_csv_detect_delimiter (text, 0);
  g_free (text);
  return 0;
}
