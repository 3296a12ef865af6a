/* fuzz-csv.c: libFuzzer target for the CSV/TSV reader (build-aux/fuzz).
 * Any bytes must give a table or a GError, never a crash, and every field
 * must be valid NFC UTF-8 with rows numbered in order. */
#include "config.h"

#include <string.h>

#include "tp-csv.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  GError *error = NULL;
  TpCsvTable *table = tp_csv_read_data ((const char *) data, size, 0, &error);
  guint last_line = 0;

  if (table == NULL)
    {
      g_assert (error != NULL);
      g_error_free (error);
      return 0;
    }
  for (guint i = 0; i < table->rows->len; i++)
    {
      const TpCsvRow *row = g_ptr_array_index (table->rows, i);

      g_assert (row->line > last_line);
      last_line = row->line;
      for (guint j = 0; j < row->n_fields; j++)
        g_assert (g_utf8_validate (row->fields[j], -1, NULL));
    }
  tp_csv_table_free (table);
  return 0;
}
