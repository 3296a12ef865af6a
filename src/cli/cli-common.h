/* cli-common.h: what every taphuan-cli command shares: the exit codes and
 * the one-line error on stderr. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PROGRAM "taphuan-cli"

enum {
  EXIT_OK = 0,
  EXIT_DATA = 1,    /* the input or the database is at fault */
  EXIT_USAGE = 2,
};

/* Prints "taphuan-cli: <message>" on stderr and returns EXIT_DATA. */
G_GNUC_PRINTF (1, 2)
int cli_data_error (const char *format,
                    ...);

G_END_DECLS
