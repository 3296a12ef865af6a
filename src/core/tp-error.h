/* tp-error.h: the core's error domain. Every message a user can see is
 * translated and names what and where ("Row 14: birth year 1890 is out of
 * range"), never just "Error". */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define TP_ERROR (tp_error_quark ())

typedef enum {
  TP_ERROR_FAILED,
  TP_ERROR_NOT_DATABASE,   /* the file is not an SQLite database */
  TP_ERROR_CORRUPT,        /* SQLite says the file is damaged */
  TP_ERROR_TOO_NEW,        /* written by a newer Taphuan */
  TP_ERROR_READ_ONLY,      /* the file or its folder cannot be written */
  TP_ERROR_NOT_FOUND,      /* no such record, file or course */
  TP_ERROR_INVALID,        /* a field or input failed validation */
  TP_ERROR_CONFLICT,       /* unique rule broken: duplicate code, enrolment... */
  TP_ERROR_BUSY,           /* another program holds the database too long */
  TP_ERROR_IO,             /* disk full, I/O error */
  TP_ERROR_PARSE,          /* a file to import could not be read */
} TpError;

GQuark tp_error_quark (void);

G_END_DECLS
