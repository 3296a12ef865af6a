/* cli-common.c: the error line every taphuan-cli command prints. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "cli-common.h"

int
cli_data_error (const char *format,
                ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "%s: %s\n", PROGRAM, text);
  return EXIT_DATA;
}
