/* tp-import.h: importing participant lists from spreadsheets (docs/import.md).
 *
 * Two steps. tp_import_new_* reads the file (tp-csv), finds the header row
 * (Vietnamese or English, case, marks and spacing ignored), maps the
 * columns, reads every row as a person and looks for people already in the
 * register: that is the preview, which the caller can change (column
 * mapping, the decision for each row). tp_import_apply then writes it all
 * in one transaction tagged with a change-log batch, so tp_import_undo can
 * take it back as a whole. Nothing is written while any row has an error,
 * unless the caller asks to skip the invalid rows.
 */
#pragma once

#include "tp-csv.h"
#include "tp-db.h"
#include "tp-model.h"

G_BEGIN_DECLS

/* What a column holds. */
typedef enum {
  TP_IMPORT_FIELD_NONE = 0,      /* not imported */
  TP_IMPORT_FIELD_SEQUENCE,      /* "STT": known, not imported */
  TP_IMPORT_FIELD_FULL_NAME,
  TP_IMPORT_FIELD_FAMILY_NAME,
  TP_IMPORT_FIELD_FAMILY_MIDDLE, /* "Họ và tên đệm" */
  TP_IMPORT_FIELD_MIDDLE_NAME,
  TP_IMPORT_FIELD_GIVEN_NAME,
  TP_IMPORT_FIELD_SEX,
  TP_IMPORT_FIELD_BIRTH_YEAR,
  TP_IMPORT_FIELD_BIRTH_DATE,
  TP_IMPORT_FIELD_YEAR_MALE,     /* the "Nam" column of "Nam | Nữ" */
  TP_IMPORT_FIELD_YEAR_FEMALE,   /* the "Nữ" column */
  TP_IMPORT_FIELD_ETHNICITY,
  TP_IMPORT_FIELD_POSITION,
  TP_IMPORT_FIELD_ORGANIZATION,
  TP_IMPORT_FIELD_PHONE,
  TP_IMPORT_FIELD_EMAIL,
  TP_IMPORT_FIELD_NATIONAL_ID,
  TP_IMPORT_FIELD_PROVINCE,
  TP_IMPORT_FIELD_COMMUNE,
  TP_IMPORT_FIELD_TARGET_GROUP,
  TP_IMPORT_FIELD_CONSENT,       /* "Đồng ý": consent to record ethnicity */
  TP_IMPORT_N_FIELDS
} TpImportField;

/* Translated label ("Birth year") and stable key ("birth_year"). */
const char    *tp_import_field_label      (TpImportField field);
const char    *tp_import_field_to_string  (TpImportField field);
gboolean       tp_import_field_from_string (const char    *str,
                                            TpImportField *out);
/* The field a header title names, TP_IMPORT_FIELD_NONE when unknown. */
TpImportField  tp_import_field_for_title  (const char    *title);

typedef enum {
  TP_IMPORT_NEW = 0,     /* add a new person */
  TP_IMPORT_MERGE,       /* the existing person; only empty fields filled in */
  TP_IMPORT_SKIP,        /* leave this row out */
} TpImportDecision;

typedef enum {
  TP_IMPORT_WARNING = 0, /* imported; something was read with care or dropped */
  TP_IMPORT_ERROR,       /* this row cannot be imported as it is */
} TpImportSeverity;

typedef struct {
  guint             line;     /* as tp_csv: the row number Excel shows */
  TpImportSeverity  severity;
  TpImportField     field;    /* NONE when about the whole row */
  char             *message;  /* translated, complete: "Row 14: ..." */
} TpImportProblem;

typedef struct {
  guint             line;
  char            **cells;      /* the cells as read (NFC), one per column */
  TpPerson         *person;     /* as understood; never NULL */
  GPtrArray        *problems;   /* TpImportProblem* */
  gboolean          has_error;
  TpImportDecision  decision;
  TpPerson         *match;      /* the registered person it matches, or NULL */
  gboolean          match_sure; /* same id number, or name + year (+ unit) */
  int               match_row;  /* an earlier row of the file it repeats, or -1 */
} TpImportRow;

typedef struct _TpImport TpImport;

/* Reads and analyses. Fails (TP_ERROR_PARSE, TP_ERROR_NOT_FOUND...) when
 * the file cannot be read or holds no header row Taphuan recognises. */
TpImport      *tp_import_new_from_file    (TpDb        *db,
                                           const char  *path,
                                           GError     **error);
TpImport      *tp_import_new_from_data    (TpDb        *db,
                                           const char  *data,
                                           gsize        length,
                                           const char  *source_name,
                                           GError     **error);
void           tp_import_free             (TpImport    *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpImport, tp_import_free)

const TpCsvTable *tp_import_get_table     (TpImport    *self);
/* The header row's line number. */
guint          tp_import_get_header_line  (TpImport    *self);
/* Lines describing how the file was read: the encoding when not plain
 * UTF-8, legacy-font text converted, title rows skipped. Translated. */
GPtrArray     *tp_import_get_notes        (TpImport    *self);

guint          tp_import_get_n_columns    (TpImport    *self);
const char    *tp_import_get_column_title (TpImport    *self,
                                           guint        column);
TpImportField  tp_import_get_column_field (TpImport    *self,
                                           guint        column);
/* Changes what a column holds and reads every row again (decisions the
 * caller made are reset). Mapping a field already mapped elsewhere moves
 * it. */
void           tp_import_set_column_field (TpImport    *self,
                                           guint        column,
                                           TpImportField field);
/* Titles of the columns that were not recognised ("Ghi chú (column H)"),
 * translated; empty when none. */
GPtrArray     *tp_import_get_unrecognised (TpImport    *self);

guint          tp_import_get_n_rows       (TpImport    *self);
const TpImportRow *tp_import_get_row      (TpImport    *self,
                                           guint        index);
void           tp_import_set_decision     (TpImport    *self,
                                           guint        index,
                                           TpImportDecision decision);
/* Rows with at least one error. */
guint          tp_import_count_errors     (TpImport    *self);

typedef struct {
  gboolean     dry_run;        /* make the changes, report, roll back */
  gboolean     skip_invalid;   /* import the valid rows, skip the others */
  const char  *course_code;    /* enrol everyone imported; NULL = none */
} TpImportOptions;

typedef struct {
  guint      n_new;
  guint      n_matched;    /* merged into a registered person */
  guint      n_skipped;    /* decided skip, or invalid and skipped */
  guint      n_errors;     /* rows with errors */
  guint      n_enrolled;   /* newly enrolled in the course */
  guint      n_already_enrolled;
  GPtrArray *errors;       /* translated lines, "Row 14: ..." */
  GPtrArray *warnings;     /* translated lines */
  char      *batch_id;     /* the change-log batch; NULL for a dry run */
} TpImportStats;

TpImportStats *tp_import_stats_new        (void);
void           tp_import_stats_free       (TpImportStats *stats);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TpImportStats, tp_import_stats_free)

/* Writes the import in one transaction. With errors and no skip_invalid,
 * nothing is written and the call fails with TP_ERROR_INVALID ("3 rows have
 * errors; nothing was imported"); @stats says which. An unknown course code
 * is TP_ERROR_NOT_FOUND. */
gboolean       tp_import_apply            (TpImport              *self,
                                           const TpImportOptions *options,
                                           TpImportStats         *stats,
                                           GError               **error);

/* Takes back everything change-log batch @batch_id wrote (people added are
 * removed, people merged get their earlier values back, enrolments
 * removed), in one transaction. Fails with TP_ERROR_CONFLICT, changing
 * nothing, when those records were changed since, and with
 * TP_ERROR_NOT_FOUND when there is no such batch or it was undone already. */
gboolean       tp_import_undo             (TpDb        *db,
                                           const char  *batch_id,
                                           GError     **error);

/* Parses a birth date as people type it: dd/mm/yyyy, d/m/yy, dd-mm-yyyy,
 * dd.mm.yyyy, yyyy-mm-dd, an Excel serial number, or a bare year. Fills
 * @date (YYYY-MM-DD, NULL for a bare year) and @year; FALSE when it is none
 * of these. */
gboolean       tp_import_parse_date       (const char  *text,
                                           char       **date,
                                           int         *year);

G_END_DECLS
