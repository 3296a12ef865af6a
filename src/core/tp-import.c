/* tp-import.c: participant lists from spreadsheets (see tp-import.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "tp-backup.h"
#include "tp-import.h"
#include "tp-refdata.h"
#include "tp-store.h"
#include "tp-text.h"

#define MAX_HEADER_SEARCH 30

/* ---- fields and header titles ------------------------------------------ */

static const struct {
  const char *key;
  const char *label;   /* N_() */
} field_info[TP_IMPORT_N_FIELDS] = {
  [TP_IMPORT_FIELD_NONE] = { "none", N_("(not imported)") },
  [TP_IMPORT_FIELD_SEQUENCE] = { "sequence", N_("Sequence number (not imported)") },
  [TP_IMPORT_FIELD_FULL_NAME] = { "full_name", N_("Full name") },
  [TP_IMPORT_FIELD_FAMILY_NAME] = { "family_name", N_("Family name") },
  [TP_IMPORT_FIELD_FAMILY_MIDDLE] = { "family_middle", N_("Family and middle name") },
  [TP_IMPORT_FIELD_MIDDLE_NAME] = { "middle_name", N_("Middle name") },
  [TP_IMPORT_FIELD_GIVEN_NAME] = { "given_name", N_("Given name") },
  [TP_IMPORT_FIELD_SEX] = { "sex", N_("Sex") },
  [TP_IMPORT_FIELD_BIRTH_YEAR] = { "birth_year", N_("Birth year") },
  [TP_IMPORT_FIELD_BIRTH_DATE] = { "birth_date", N_("Birth date") },
  [TP_IMPORT_FIELD_YEAR_MALE] = { "year_male", N_("Birth year, men (“Nam” column)") },
  [TP_IMPORT_FIELD_YEAR_FEMALE] = { "year_female", N_("Birth year, women (“Nữ” column)") },
  [TP_IMPORT_FIELD_ETHNICITY] = { "ethnicity", N_("Ethnicity") },
  [TP_IMPORT_FIELD_POSITION] = { "position", N_("Position") },
  [TP_IMPORT_FIELD_ORGANIZATION] = { "organization", N_("Organisation") },
  [TP_IMPORT_FIELD_PHONE] = { "phone", N_("Phone") },
  [TP_IMPORT_FIELD_EMAIL] = { "email", N_("E-mail") },
  [TP_IMPORT_FIELD_NATIONAL_ID] = { "national_id", N_("ID number") },
  [TP_IMPORT_FIELD_PROVINCE] = { "province", N_("Province") },
  [TP_IMPORT_FIELD_COMMUNE] = { "commune", N_("Commune") },
  [TP_IMPORT_FIELD_TARGET_GROUP] = { "target_group", N_("Target group") },
  [TP_IMPORT_FIELD_CONSENT] = { "consent", N_("Consent to record ethnicity") },
};

/* Header titles after title_key(): folded, only letters and digits. */
static const struct {
  const char    *key;
  TpImportField  field;
} title_keys[] = {
  { "stt", TP_IMPORT_FIELD_SEQUENCE }, { "tt", TP_IMPORT_FIELD_SEQUENCE },
  { "sott", TP_IMPORT_FIELD_SEQUENCE }, { "sothutu", TP_IMPORT_FIELD_SEQUENCE },
  { "no", TP_IMPORT_FIELD_SEQUENCE }, { "number", TP_IMPORT_FIELD_SEQUENCE },

  { "hovaten", TP_IMPORT_FIELD_FULL_NAME }, { "hoten", TP_IMPORT_FIELD_FULL_NAME },
  { "fullname", TP_IMPORT_FIELD_FULL_NAME }, { "name", TP_IMPORT_FIELD_FULL_NAME },
  { "tenhocvien", TP_IMPORT_FIELD_FULL_NAME }, { "tendaibieu", TP_IMPORT_FIELD_FULL_NAME },
  { "hovatendem", TP_IMPORT_FIELD_FAMILY_MIDDLE }, { "hotendem", TP_IMPORT_FIELD_FAMILY_MIDDLE },
  { "hodem", TP_IMPORT_FIELD_FAMILY_MIDDLE }, { "hovadem", TP_IMPORT_FIELD_FAMILY_MIDDLE },
  { "holot", TP_IMPORT_FIELD_FAMILY_MIDDLE }, { "hovatenlot", TP_IMPORT_FIELD_FAMILY_MIDDLE },
  { "ho", TP_IMPORT_FIELD_FAMILY_NAME }, { "familyname", TP_IMPORT_FIELD_FAMILY_NAME },
  { "lastname", TP_IMPORT_FIELD_FAMILY_NAME }, { "surname", TP_IMPORT_FIELD_FAMILY_NAME },
  { "tendem", TP_IMPORT_FIELD_MIDDLE_NAME }, { "dem", TP_IMPORT_FIELD_MIDDLE_NAME },
  { "tenlot", TP_IMPORT_FIELD_MIDDLE_NAME }, { "middlename", TP_IMPORT_FIELD_MIDDLE_NAME },
  { "ten", TP_IMPORT_FIELD_GIVEN_NAME }, { "givenname", TP_IMPORT_FIELD_GIVEN_NAME },
  { "firstname", TP_IMPORT_FIELD_GIVEN_NAME },

  { "gioitinh", TP_IMPORT_FIELD_SEX }, { "gioi", TP_IMPORT_FIELD_SEX },
  { "namnu", TP_IMPORT_FIELD_SEX }, { "sex", TP_IMPORT_FIELD_SEX },
  { "gender", TP_IMPORT_FIELD_SEX },

  { "namsinh", TP_IMPORT_FIELD_BIRTH_YEAR }, { "birthyear", TP_IMPORT_FIELD_BIRTH_YEAR },
  { "yearofbirth", TP_IMPORT_FIELD_BIRTH_YEAR },
  { "ngaysinh", TP_IMPORT_FIELD_BIRTH_DATE }, { "ngaythangnamsinh", TP_IMPORT_FIELD_BIRTH_DATE },
  { "dateofbirth", TP_IMPORT_FIELD_BIRTH_DATE }, { "birthdate", TP_IMPORT_FIELD_BIRTH_DATE },
  { "dob", TP_IMPORT_FIELD_BIRTH_DATE }, { "birthday", TP_IMPORT_FIELD_BIRTH_DATE },

  { "dantoc", TP_IMPORT_FIELD_ETHNICITY }, { "ethnicity", TP_IMPORT_FIELD_ETHNICITY },
  { "ethnicgroup", TP_IMPORT_FIELD_ETHNICITY },
  { "dongy", TP_IMPORT_FIELD_CONSENT }, { "dongyghidantoc", TP_IMPORT_FIELD_CONSENT },
  { "consent", TP_IMPORT_FIELD_CONSENT },

  { "chucvu", TP_IMPORT_FIELD_POSITION }, { "chucdanh", TP_IMPORT_FIELD_POSITION },
  { "position", TP_IMPORT_FIELD_POSITION }, { "jobtitle", TP_IMPORT_FIELD_POSITION },

  { "donvi", TP_IMPORT_FIELD_ORGANIZATION }, { "donvicongtac", TP_IMPORT_FIELD_ORGANIZATION },
  { "coquan", TP_IMPORT_FIELD_ORGANIZATION }, { "coquancongtac", TP_IMPORT_FIELD_ORGANIZATION },
  { "noicongtac", TP_IMPORT_FIELD_ORGANIZATION }, { "tendonvi", TP_IMPORT_FIELD_ORGANIZATION },
  { "tencoquan", TP_IMPORT_FIELD_ORGANIZATION }, { "organization", TP_IMPORT_FIELD_ORGANIZATION },
  { "organisation", TP_IMPORT_FIELD_ORGANIZATION }, { "agency", TP_IMPORT_FIELD_ORGANIZATION },
  { "workplace", TP_IMPORT_FIELD_ORGANIZATION },

  { "sodienthoai", TP_IMPORT_FIELD_PHONE }, { "sdt", TP_IMPORT_FIELD_PHONE },
  { "dienthoai", TP_IMPORT_FIELD_PHONE }, { "dt", TP_IMPORT_FIELD_PHONE },
  { "didong", TP_IMPORT_FIELD_PHONE }, { "phone", TP_IMPORT_FIELD_PHONE },
  { "phonenumber", TP_IMPORT_FIELD_PHONE }, { "mobile", TP_IMPORT_FIELD_PHONE },
  { "telephone", TP_IMPORT_FIELD_PHONE },

  { "email", TP_IMPORT_FIELD_EMAIL }, { "thudientu", TP_IMPORT_FIELD_EMAIL },
  { "emailaddress", TP_IMPORT_FIELD_EMAIL },

  { "cccd", TP_IMPORT_FIELD_NATIONAL_ID }, { "socccd", TP_IMPORT_FIELD_NATIONAL_ID },
  { "sodinhdanh", TP_IMPORT_FIELD_NATIONAL_ID }, { "sodinhdanhcanhan", TP_IMPORT_FIELD_NATIONAL_ID },
  { "cmnd", TP_IMPORT_FIELD_NATIONAL_ID }, { "socmnd", TP_IMPORT_FIELD_NATIONAL_ID },
  { "cmndcccd", TP_IMPORT_FIELD_NATIONAL_ID }, { "socmndcccd", TP_IMPORT_FIELD_NATIONAL_ID },
  { "cccdcmnd", TP_IMPORT_FIELD_NATIONAL_ID }, { "socancuoc", TP_IMPORT_FIELD_NATIONAL_ID },
  { "socancuoccongdan", TP_IMPORT_FIELD_NATIONAL_ID }, { "nationalid", TP_IMPORT_FIELD_NATIONAL_ID },
  { "idnumber", TP_IMPORT_FIELD_NATIONAL_ID },

  { "tinhthanhpho", TP_IMPORT_FIELD_PROVINCE }, { "tinh", TP_IMPORT_FIELD_PROVINCE },
  { "tinhtp", TP_IMPORT_FIELD_PROVINCE }, { "tinhthanh", TP_IMPORT_FIELD_PROVINCE },
  { "province", TP_IMPORT_FIELD_PROVINCE },
  { "xaphuong", TP_IMPORT_FIELD_COMMUNE }, { "phuongxa", TP_IMPORT_FIELD_COMMUNE },
  { "xa", TP_IMPORT_FIELD_COMMUNE }, { "xaphuongdackhu", TP_IMPORT_FIELD_COMMUNE },
  { "commune", TP_IMPORT_FIELD_COMMUNE }, { "ward", TP_IMPORT_FIELD_COMMUNE },

  { "doituong", TP_IMPORT_FIELD_TARGET_GROUP }, { "targetgroup", TP_IMPORT_FIELD_TARGET_GROUP },
};

const char *
tp_import_field_label (TpImportField field)
{
  if ((guint) field >= TP_IMPORT_N_FIELDS)
    return "";
  return _(field_info[field].label);
}

const char *
tp_import_field_to_string (TpImportField field)
{
  if ((guint) field >= TP_IMPORT_N_FIELDS)
    return NULL;
  return field_info[field].key;
}

gboolean
tp_import_field_from_string (const char    *str,
                             TpImportField *out)
{
  for (guint i = 0; str != NULL && i < TP_IMPORT_N_FIELDS; i++)
    if (g_str_equal (str, field_info[i].key))
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

/* Folded, parenthesised remarks ("(*)", "(dd/mm/yyyy)") dropped, only
 * letters and digits kept: "Họ và tên (*)" → "hovaten". */
static char *
title_key (const char *title)
{
  g_autofree char *fold = tp_text_fold (title != NULL ? title : "");
  GString *key = g_string_new (NULL);
  int depth = 0;

  for (const char *p = fold != NULL ? fold : ""; *p != '\0'; p++)
    {
      if (*p == '(' || *p == '[')
        depth++;
      else if ((*p == ')' || *p == ']') && depth > 0)
        depth--;
      else if (depth == 0 && g_ascii_isalnum (*p))
        g_string_append_c (key, *p);
    }
  return g_string_free (key, FALSE);
}

TpImportField
tp_import_field_for_title (const char *title)
{
  g_autofree char *key = title_key (title);
  TpImportField best = TP_IMPORT_FIELD_NONE;
  gsize best_len = 0;

  if (*key == '\0')
    return TP_IMPORT_FIELD_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (title_keys); i++)
    if (g_str_equal (key, title_keys[i].key))
      return title_keys[i].field;

  /* A longer title that starts with a known one: "Số điện thoại liên hệ",
   * "Email Address", "Họ và tên học viên". Short keys ("ten", "ho") would
   * catch too much. */
  for (guint i = 0; i < G_N_ELEMENTS (title_keys); i++)
    {
      gsize len = strlen (title_keys[i].key);

      if (len >= 5 && len > best_len && g_str_has_prefix (key, title_keys[i].key))
        {
          best = title_keys[i].field;
          best_len = len;
        }
    }
  return best;
}

/* ---- the import object ------------------------------------------------- */

struct _TpImport {
  TpDb           *db;
  char           *source_name;
  TpCsvTable     *table;
  guint           header_index;   /* rows[] index of the header */
  guint           data_start;     /* rows[] index of the first data row */
  guint           n_columns;
  char          **titles;
  TpImportField  *fields;
  GPtrArray      *unrecognised;
  GPtrArray      *notes;
  GPtrArray      *rows;           /* TpImportRow* */

  /* reference data by folded name */
  GHashTable     *provinces;      /* fold → code */
  GHashTable     *communes;       /* fold → code, or "" when ambiguous */
  GHashTable     *commune_province; /* code → province code */
  GHashTable     *target_groups;  /* fold → id */
  GHashTable     *ethnicities;    /* fold → id or "" (unknown) */
};

static void
problem_free (TpImportProblem *problem)
{
  g_free (problem->message);
  g_free (problem);
}

static void
import_row_free (TpImportRow *row)
{
  g_strfreev (row->cells);
  tp_person_free (row->person);
  g_ptr_array_unref (row->problems);
  if (row->match != NULL)
    tp_person_free (row->match);
  g_free (row);
}

void
tp_import_free (TpImport *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->db);
  g_free (self->source_name);
  tp_csv_table_free (self->table);
  g_strfreev (self->titles);
  g_free (self->fields);
  g_clear_pointer (&self->unrecognised, g_ptr_array_unref);
  g_clear_pointer (&self->notes, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->provinces, g_hash_table_unref);
  g_clear_pointer (&self->communes, g_hash_table_unref);
  g_clear_pointer (&self->commune_province, g_hash_table_unref);
  g_clear_pointer (&self->target_groups, g_hash_table_unref);
  g_clear_pointer (&self->ethnicities, g_hash_table_unref);
  g_free (self);
}

/* "A", "B", ... "Z", "AA": what Excel calls the column. */
static char *
column_letter (guint column)
{
  char buf[8];
  int i = G_N_ELEMENTS (buf) - 1;

  buf[i] = '\0';
  column++;
  while (column > 0 && i > 0)
    {
      column--;
      buf[--i] = 'A' + column % 26;
      column /= 26;
    }
  return g_strdup (buf + i);
}

static const char *
row_cell (const TpCsvRow *row,
          guint           column)
{
  return column < row->n_fields ? row->fields[column] : "";
}

static gboolean
is_name_field (TpImportField f)
{
  return f == TP_IMPORT_FIELD_FULL_NAME || f == TP_IMPORT_FIELD_FAMILY_NAME ||
         f == TP_IMPORT_FIELD_FAMILY_MIDDLE || f == TP_IMPORT_FIELD_GIVEN_NAME;
}

static gboolean
title_is (const char *title,
          const char *key)
{
  g_autofree char *k = title_key (title);

  return g_str_equal (k, key);
}

/* The two-column convention: "Nam" and "Nữ" side by side, each holding the
 * birth year of the people of that sex. */
static gboolean
row_has_male_female (const TpCsvRow *row)
{
  gboolean male = FALSE, female = FALSE;

  for (guint j = 0; j < row->n_fields; j++)
    {
      male |= title_is (row->fields[j], "nam");
      female |= title_is (row->fields[j], "nu");
    }
  return male && female;
}

/* Fills titles/fields from the header row (and a sub-header holding
 * "Nam" | "Nữ" under a merged "Năm sinh"). */
static void
map_header (TpImport *self)
{
  const TpCsvRow *header = g_ptr_array_index (self->table->rows, self->header_index);
  const TpCsvRow *sub = NULL;
  gboolean male_female = row_has_male_female (header);
  guint n_columns = 0;

  self->data_start = self->header_index + 1;
  if (!male_female && self->data_start < self->table->rows->len)
    {
      const TpCsvRow *next = g_ptr_array_index (self->table->rows, self->data_start);
      gboolean only_sub = row_has_male_female (next);

      for (guint j = 0; only_sub && j < next->n_fields; j++)
        if (*next->fields[j] != '\0' && !title_is (next->fields[j], "nam") &&
            !title_is (next->fields[j], "nu") && !title_is (next->fields[j], "ho") &&
            !title_is (next->fields[j], "ten"))
          only_sub = FALSE;
      if (only_sub)
        {
          sub = next;
          self->data_start++;
        }
    }

  for (guint i = self->header_index; i < self->table->rows->len; i++)
    n_columns = MAX (n_columns, ((TpCsvRow *) g_ptr_array_index (self->table->rows, i))->n_fields);
  self->n_columns = n_columns;
  self->titles = g_new0 (char *, n_columns + 1);
  self->fields = g_new0 (TpImportField, n_columns);

  for (guint j = 0; j < n_columns; j++)
    {
      const char *title = row_cell (header, j);
      const char *sub_title = sub != NULL ? row_cell (sub, j) : "";
      TpImportField field;

      if (*sub_title != '\0')
        {
          self->titles[j] = *title != '\0' ? g_strdup_printf ("%s – %s", title, sub_title)
                                           : g_strdup (sub_title);
          if (title_is (sub_title, "nam"))
            field = TP_IMPORT_FIELD_YEAR_MALE;
          else if (title_is (sub_title, "nu"))
            field = TP_IMPORT_FIELD_YEAR_FEMALE;
          else if (title_is (sub_title, "ho"))
            field = TP_IMPORT_FIELD_FAMILY_MIDDLE;
          else
            field = TP_IMPORT_FIELD_GIVEN_NAME;
        }
      else
        {
          self->titles[j] = g_strdup (title);
          if (male_female && title_is (title, "nam"))
            field = TP_IMPORT_FIELD_YEAR_MALE;
          else if (male_female && title_is (title, "nu"))
            field = TP_IMPORT_FIELD_YEAR_FEMALE;
          else
            field = tp_import_field_for_title (title);
        }
      self->fields[j] = field;
    }

  /* "Họ và tên" over two columns (Excel merged cells): family and middle
   * name in the first, the given name in the untitled second. */
  for (guint j = 0; j + 1 < n_columns; j++)
    {
      guint one_word = 0, filled = 0;

      if (self->fields[j] != TP_IMPORT_FIELD_FULL_NAME || *self->titles[j + 1] != '\0')
        continue;
      for (guint i = self->data_start; i < self->table->rows->len && i < self->data_start + 20; i++)
        {
          const char *cell = row_cell (g_ptr_array_index (self->table->rows, i), j + 1);

          if (*cell == '\0')
            continue;
          filled++;
          one_word += strchr (cell, ' ') == NULL;
        }
      if (filled > 0 && one_word * 10 >= filled * 8)
        {
          self->fields[j] = TP_IMPORT_FIELD_FAMILY_MIDDLE;
          self->fields[j + 1] = TP_IMPORT_FIELD_GIVEN_NAME;
        }
    }
}

/* A field mapped twice keeps its first column; lists what is not used. */
static void
check_mapping (TpImport *self)
{
  int first[TP_IMPORT_N_FIELDS];

  for (guint f = 0; f < TP_IMPORT_N_FIELDS; f++)
    first[f] = -1;
  g_ptr_array_set_size (self->unrecognised, 0);

  for (guint j = 0; j < self->n_columns; j++)
    {
      TpImportField f = self->fields[j];
      g_autofree char *letter = column_letter (j);

      if (f == TP_IMPORT_FIELD_NONE)
        {
          if (*self->titles[j] != '\0')
            /* Translators: a column title and its letter, "Ghi chú (column H)". */
            g_ptr_array_add (self->unrecognised,
                             g_strdup_printf (_("%s (column %s)"), self->titles[j], letter));
          continue;
        }
      if (f == TP_IMPORT_FIELD_SEQUENCE)
        continue;
      if (first[f] >= 0)
        {
          g_autofree char *first_letter = column_letter (first[f]);

          g_ptr_array_add (self->unrecognised,
                           g_strdup_printf (_("%s (column %s: column %s already holds the %s)"),
                                            self->titles[j], letter, first_letter,
                                            tp_import_field_label (f)));
          self->fields[j] = TP_IMPORT_FIELD_NONE;
          continue;
        }
      first[f] = j;
    }
}

/* ---- reading values ---------------------------------------------------- */

static int
current_year (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_get_year (now);
}

static gboolean
all_digits (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

static int
expand_year (int yy,
             int digits)
{
  if (digits > 2)
    return yy;
  /* Two digits: the latest year not in the future. */
  return yy <= current_year () % 100 ? 2000 + yy : 1900 + yy;
}

gboolean
tp_import_parse_date (const char  *text,
                      char       **date,
                      int         *year)
{
  g_autofree char *s = text != NULL ? g_strstrip (g_strdup (text)) : NULL;
  int a = 0, b = 0, c = 0, n_a = 0, n_c = 0;
  int d, m, y;
  const char *p;
  char sep;

  *date = NULL;
  *year = 0;
  if (s == NULL || *s == '\0')
    return FALSE;

  /* A bare year. */
  if (all_digits (s) && strlen (s) == 4)
    {
      *year = atoi (s);
      return TRUE;
    }

  /* An Excel serial number (days since 1899-12-30, so 1 is 1900-01-01 and
   * the missing 1900-02-29 is skipped), possibly with a fraction. */
  {
    char *end = NULL;
    double serial = g_ascii_strtod (s, &end);

    if (end != NULL && *end == '\0' && g_ascii_isdigit (s[0]) && serial >= 61 && serial < 2958466)
      {
        g_autoptr(GDateTime) base = g_date_time_new_utc (1899, 12, 30, 0, 0, 0);
        g_autoptr(GDateTime) day = g_date_time_add_days (base, (int) serial);

        if (day == NULL)
          return FALSE;
        *year = g_date_time_get_year (day);
        *date = g_date_time_format (day, "%Y-%m-%d");
        return TRUE;
      }
  }

  /* yyyy-mm-dd, dd/mm/yyyy, d/m/yy, dd-mm-yyyy, dd.mm.yyyy */
  p = s;
  while (g_ascii_isdigit (*p) && n_a < 5)
    a = a * 10 + (*p++ - '0'), n_a++;
  sep = *p;
  if (n_a == 0 || (sep != '/' && sep != '-' && sep != '.'))
    return FALSE;
  p++;
  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p) && b < 100)
    b = b * 10 + (*p++ - '0');
  if (*p != sep)
    return FALSE;
  p++;
  while (g_ascii_isdigit (*p) && n_c < 5)
    c = c * 10 + (*p++ - '0'), n_c++;
  /* Excel may add a time: "15/03/1985 0:00". */
  if (n_c == 0 || (*p != '\0' && *p != ' '))
    return FALSE;

  if (n_a == 4)
    {
      y = a;
      m = b;
      d = c;
      if (n_c > 2)
        return FALSE;
    }
  else
    {
      if (n_a > 2 || (n_c != 2 && n_c != 4))
        return FALSE;
      d = a;
      m = b;
      y = expand_year (c, n_c);
    }
  if (y < 1 || y > 9999 || !g_date_valid_dmy (d, m, y))
    return FALSE;
  *year = y;
  *date = g_strdup_printf ("%04d-%02d-%02d", y, m, d);
  return TRUE;
}

static gboolean
parse_sex (const char *text,
           TpSex      *sex)
{
  g_autofree char *key = title_key (text);

  if (g_str_equal (key, "nam") || g_str_equal (key, "m") || g_str_equal (key, "male") ||
      g_str_equal (key, "trai"))
    *sex = TP_SEX_MALE;
  else if (g_str_equal (key, "nu") || g_str_equal (key, "f") || g_str_equal (key, "female") ||
           g_str_equal (key, "gai"))
    *sex = TP_SEX_FEMALE;
  else
    return FALSE;
  return TRUE;
}

static void
add_problem (TpImportRow      *row,
             TpImportSeverity  severity,
             TpImportField     field,
             char             *message)
{
  TpImportProblem *problem = g_new0 (TpImportProblem, 1);

  problem->line = row->line;
  problem->severity = severity;
  problem->field = field;
  problem->message = message;
  g_ptr_array_add (row->problems, problem);
  if (severity == TP_IMPORT_ERROR)
    row->has_error = TRUE;
}

G_GNUC_PRINTF (4, 5)
static void
row_error (TpImportRow   *row,
           TpImportField  field,
           gboolean       error,
           const char    *format,
           ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  /* Translators: "Row 14: birth year 1890 is out of range". */
  add_problem (row, error ? TP_IMPORT_ERROR : TP_IMPORT_WARNING, field,
               g_strdup_printf (_("Row %u: %s"), row->line, text));
}

/* Excel turns long numbers into "1.23457E+11": the digits are gone. */
static gboolean
is_scientific (const char *s)
{
  return s != NULL && g_ascii_isdigit (s[0]) && (strchr (s, 'E') != NULL || strchr (s, 'e') != NULL) &&
         strchr (s, '+') != NULL;
}

static char *
digits_only (const char *s)
{
  GString *out = g_string_new (NULL);

  for (; *s != '\0'; s++)
    if (g_ascii_isdigit (*s))
      g_string_append_c (out, *s);
    else if (*s != ' ' && *s != '.' && *s != '-')
      {
        g_string_free (out, TRUE);
        return NULL;
      }
  return g_string_free (out, FALSE);
}

static void
read_national_id (TpImportRow *row,
                  const char  *cell)
{
  g_autofree char *digits = NULL;
  g_autofree char *msg = NULL;

  if (is_scientific (cell))
    {
      row_error (row, TP_IMPORT_FIELD_NATIONAL_ID, TRUE,
                 _("the ID number “%s” was rounded by the spreadsheet; format the column as text and type it again"),
                 cell);
      return;
    }
  digits = digits_only (cell);
  /* A spreadsheet drops the leading zero of a number; every CCCD number
   * starts with 0 (the province code). */
  if (digits != NULL && strlen (digits) == 11)
    {
      char *fixed = g_strconcat ("0", digits, NULL);

      row_error (row, TP_IMPORT_FIELD_NATIONAL_ID, FALSE,
                 _("the ID number “%s” had lost its leading zero; read as %s"), cell, fixed);
      g_free (digits);
      digits = fixed;
    }
  msg = tp_check_national_id (digits != NULL ? digits : cell);
  if (msg != NULL)
    {
      row_error (row, TP_IMPORT_FIELD_NATIONAL_ID, TRUE, "%s", msg);
      return;
    }
  row->person->national_id = g_steal_pointer (&digits);
}

static void
read_phone (TpImportRow *row,
            const char  *cell)
{
  g_autofree char *value = g_strdup (cell);
  g_autofree char *msg = NULL;

  if (is_scientific (cell))
    {
      row_error (row, TP_IMPORT_FIELD_PHONE, TRUE,
                 _("the phone number “%s” was rounded by the spreadsheet; format the column as text and type it again"),
                 cell);
      return;
    }
  if (all_digits (cell) && (strlen (cell) == 9 || (strlen (cell) == 10 && cell[0] == '2')))
    {
      g_free (value);
      value = g_strconcat ("0", cell, NULL);
      row_error (row, TP_IMPORT_FIELD_PHONE, FALSE,
                 _("the phone number “%s” had lost its leading zero; read as %s"), cell, value);
    }
  msg = tp_check_phone (value);
  if (msg != NULL)
    {
      row_error (row, TP_IMPORT_FIELD_PHONE, TRUE, "%s", msg);
      return;
    }
  row->person->phone = g_steal_pointer (&value);
}

/* Reference data by folded name, loaded once. */
static void
add_fold_key (GHashTable *table,
              const char *name,
              const char *value)
{
  g_autofree char *key = NULL;

  if (name == NULL)
    return;
  key = title_key (name);
  if (*key == '\0')
    return;
  if (g_hash_table_contains (table, key))
    {
      const char *old = g_hash_table_lookup (table, key);

      if (!g_str_equal (old, value))
        g_hash_table_replace (table, g_steal_pointer (&key), g_strdup (""));
      return;
    }
  g_hash_table_insert (table, g_steal_pointer (&key), g_strdup (value));
}

static const char * const admin_prefixes[] = {
  "tinh", "thanhpho", "tp", "xa", "phuong", "thitran", "dackhu", NULL,
};

static void
load_refdata (TpImport *self)
{
  sqlite3_stmt *stmt;

  if (self->provinces != NULL)
    return;
  self->provinces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->communes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->commune_province = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->target_groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->ethnicities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  stmt = tp_db_prepare (self->db, "SELECT code, name, full_name FROM provinces", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *code = (const char *) sqlite3_column_text (stmt, 0);

      add_fold_key (self->provinces, code, code);
      add_fold_key (self->provinces, (const char *) sqlite3_column_text (stmt, 1), code);
      add_fold_key (self->provinces, (const char *) sqlite3_column_text (stmt, 2), code);
    }
  sqlite3_finalize (stmt);

  stmt = tp_db_prepare (self->db, "SELECT code, province_code, name, full_name FROM communes", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *code = (const char *) sqlite3_column_text (stmt, 0);
      const char *province = (const char *) sqlite3_column_text (stmt, 1);
      const char *name = (const char *) sqlite3_column_text (stmt, 2);
      const char *full = (const char *) sqlite3_column_text (stmt, 3);
      g_autofree char *name_in = g_strdup_printf ("%s %s", province, name ? name : "");
      g_autofree char *full_in = g_strdup_printf ("%s %s", province, full ? full : "");

      g_hash_table_insert (self->commune_province, g_strdup (code), g_strdup (province));
      add_fold_key (self->communes, code, code);
      add_fold_key (self->communes, name, code);
      add_fold_key (self->communes, full, code);
      /* Qualified by the province, which settles names used twice. */
      add_fold_key (self->communes, name_in, code);
      add_fold_key (self->communes, full_in, code);
    }
  sqlite3_finalize (stmt);

  stmt = tp_db_prepare (self->db, "SELECT id, name_vi, name_en FROM target_groups", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);

      add_fold_key (self->target_groups, id, id);
      add_fold_key (self->target_groups, (const char *) sqlite3_column_text (stmt, 1), id);
      add_fold_key (self->target_groups, (const char *) sqlite3_column_text (stmt, 2), id);
    }
  sqlite3_finalize (stmt);
}

/* Looks up a place name with or without "Tỉnh", "Xã"... in front. */
static const char *
lookup_place (GHashTable *table,
              const char *prefix,
              const char *text)
{
  g_autofree char *key = title_key (text);
  const char *found;

  for (guint attempt = 0; attempt < 2; attempt++)
    {
      g_autofree char *full = prefix != NULL ? g_strconcat (prefix, key, NULL) : g_strdup (key);

      found = g_hash_table_lookup (table, full);
      if (found != NULL)
        return found;
      for (guint i = 0; admin_prefixes[i] != NULL; i++)
        if (g_str_has_prefix (key, admin_prefixes[i]) && strlen (key) > strlen (admin_prefixes[i]))
          {
            g_autofree char *bare = g_strconcat (prefix != NULL ? prefix : "",
                                                 key + strlen (admin_prefixes[i]), NULL);

            found = g_hash_table_lookup (table, bare);
            if (found != NULL)
              return found;
          }
      if (prefix == NULL)
        break;
      prefix = NULL;
    }
  return NULL;
}

static char *
match_ethnicity (TpImport   *self,
                 const char *text)
{
  const char *cached = g_hash_table_lookup (self->ethnicities, text);
  char *id;

  if (cached != NULL)
    return *cached != '\0' ? g_strdup (cached) : NULL;
  id = tp_refdata_match_ethnicity (self->db, text);
  g_hash_table_insert (self->ethnicities, g_strdup (text), g_strdup (id != NULL ? id : ""));
  return id;
}

static char *
join_words (const char *a,
            const char *b,
            const char *c)
{
  GString *out = g_string_new (NULL);
  const char *parts[] = { a, b, c };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL && *parts[i] != '\0')
      {
        if (out->len > 0)
          g_string_append_c (out, ' ');
        g_string_append (out, parts[i]);
      }
  return g_string_free (out, out->len == 0);
}

static void
read_year_column (TpImportRow *row,
                  const char  *cell,
                  TpSex        sex,
                  const char  *title)
{
  g_autofree char *date = NULL;
  int year = 0;

  if (row->person->sex != TP_SEX_UNKNOWN && row->person->sex != sex)
    {
      row_error (row, TP_IMPORT_FIELD_SEX, TRUE,
                 _("both the “Nam” and the “Nữ” columns are filled in; keep only one"));
      return;
    }
  row->person->sex = sex;
  /* A mark ("x") only says the sex. */
  if (g_ascii_strcasecmp (cell, "x") == 0 || g_str_equal (cell, "✓") || g_str_equal (cell, "✔"))
    return;
  if (!tp_import_parse_date (cell, &date, &year))
    {
      row_error (row, TP_IMPORT_FIELD_BIRTH_YEAR, TRUE,
                 _("“%s” in the “%s” column is not a birth year"), cell, title);
      return;
    }
  row->person->birth_year = year;
  row->person->birth_date = g_steal_pointer (&date);
}

/* Reads one data row into a person and its problems. */
static TpImportRow *
read_row (TpImport       *self,
          const TpCsvRow *csv)
{
  TpImportRow *row = g_new0 (TpImportRow, 1);
  TpPerson *p = tp_person_new ();
  const char *value[TP_IMPORT_N_FIELDS] = { NULL };
  const char *title[TP_IMPORT_N_FIELDS] = { NULL };
  g_autofree char *family_middle = NULL;

  row->line = csv->line;
  row->person = p;
  row->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_free);
  row->match_row = -1;
  row->cells = g_new0 (char *, self->n_columns + 1);
  for (guint j = 0; j < self->n_columns; j++)
    {
      row->cells[j] = g_strdup (row_cell (csv, j));
      if (self->fields[j] != TP_IMPORT_FIELD_NONE && *row->cells[j] != '\0')
        {
          value[self->fields[j]] = row->cells[j];
          title[self->fields[j]] = self->titles[j];
        }
    }

  /* The name */
  if (value[TP_IMPORT_FIELD_FAMILY_MIDDLE] != NULL)
    {
      family_middle = g_strdup (value[TP_IMPORT_FIELD_FAMILY_MIDDLE]);
      if (value[TP_IMPORT_FIELD_GIVEN_NAME] != NULL)
        {
          char *space = strchr (family_middle, ' ');

          p->given_name = g_strdup (value[TP_IMPORT_FIELD_GIVEN_NAME]);
          if (space != NULL)
            {
              *space = '\0';
              p->middle_name = g_strdup (space + 1);
            }
          p->family_name = g_strdup (family_middle);
          if (space != NULL)
            *space = ' ';
        }
    }
  if (value[TP_IMPORT_FIELD_FULL_NAME] != NULL)
    p->full_name = g_strdup (value[TP_IMPORT_FIELD_FULL_NAME]);
  else if (family_middle != NULL)
    p->full_name = join_words (family_middle, value[TP_IMPORT_FIELD_GIVEN_NAME], NULL);
  else
    {
      p->full_name = join_words (value[TP_IMPORT_FIELD_FAMILY_NAME],
                                 value[TP_IMPORT_FIELD_MIDDLE_NAME],
                                 value[TP_IMPORT_FIELD_GIVEN_NAME]);
      if (p->full_name != NULL && p->given_name == NULL)
        {
          p->family_name = g_strdup (value[TP_IMPORT_FIELD_FAMILY_NAME]);
          p->middle_name = g_strdup (value[TP_IMPORT_FIELD_MIDDLE_NAME]);
          p->given_name = g_strdup (value[TP_IMPORT_FIELD_GIVEN_NAME]);
        }
    }
  if (p->full_name == NULL)
    row_error (row, TP_IMPORT_FIELD_FULL_NAME, TRUE, _("the name is missing"));
  else if (p->family_name == NULL && p->given_name == NULL)
    tp_text_split_name (p->full_name, &p->family_name, &p->middle_name, &p->given_name);

  /* Sex and birth */
  if (value[TP_IMPORT_FIELD_SEX] != NULL && !parse_sex (value[TP_IMPORT_FIELD_SEX], &p->sex))
    row_error (row, TP_IMPORT_FIELD_SEX, TRUE,
               _("“%s” is not a sex; write Nam or Nữ"), value[TP_IMPORT_FIELD_SEX]);
  if (value[TP_IMPORT_FIELD_YEAR_MALE] != NULL)
    read_year_column (row, value[TP_IMPORT_FIELD_YEAR_MALE], TP_SEX_MALE,
                      title[TP_IMPORT_FIELD_YEAR_MALE]);
  if (value[TP_IMPORT_FIELD_YEAR_FEMALE] != NULL)
    read_year_column (row, value[TP_IMPORT_FIELD_YEAR_FEMALE], TP_SEX_FEMALE,
                      title[TP_IMPORT_FIELD_YEAR_FEMALE]);

  if (value[TP_IMPORT_FIELD_BIRTH_DATE] != NULL)
    {
      g_autofree char *date = NULL;
      int year = 0;

      if (!tp_import_parse_date (value[TP_IMPORT_FIELD_BIRTH_DATE], &date, &year))
        row_error (row, TP_IMPORT_FIELD_BIRTH_DATE, TRUE,
                   _("“%s” is not a date; write it as day/month/year, e.g. 15/03/1985"),
                   value[TP_IMPORT_FIELD_BIRTH_DATE]);
      else
        {
          g_free (p->birth_date);
          p->birth_date = g_steal_pointer (&date);
          p->birth_year = year;
        }
    }
  if (value[TP_IMPORT_FIELD_BIRTH_YEAR] != NULL)
    {
      g_autofree char *date = NULL;
      int year = 0;

      if (!tp_import_parse_date (value[TP_IMPORT_FIELD_BIRTH_YEAR], &date, &year))
        row_error (row, TP_IMPORT_FIELD_BIRTH_YEAR, TRUE,
                   _("“%s” is not a birth year"), value[TP_IMPORT_FIELD_BIRTH_YEAR]);
      else if (p->birth_year != 0 && p->birth_year != year)
        row_error (row, TP_IMPORT_FIELD_BIRTH_YEAR, TRUE,
                   _("the birth year %d does not match the birth date %s"), year, p->birth_date);
      else
        {
          p->birth_year = year;
          if (p->birth_date == NULL)
            p->birth_date = g_steal_pointer (&date);
        }
    }
  if (p->birth_year != 0 && (p->birth_year < 1900 || p->birth_year > current_year ()))
    {
      row_error (row, TP_IMPORT_FIELD_BIRTH_YEAR, TRUE,
                 _("birth year %d is out of range (1900 to %d)"), p->birth_year, current_year ());
      p->birth_year = 0;
      g_clear_pointer (&p->birth_date, g_free);
    }

  /* Ethnicity, contact, place */
  if (value[TP_IMPORT_FIELD_ETHNICITY] != NULL)
    {
      p->ethnicity_id = match_ethnicity (self, value[TP_IMPORT_FIELD_ETHNICITY]);
      if (p->ethnicity_id == NULL)
        row_error (row, TP_IMPORT_FIELD_ETHNICITY, FALSE,
                   _("“%s” is not one of the 54 ethnic groups; ethnicity left empty"),
                   value[TP_IMPORT_FIELD_ETHNICITY]);
    }
  /* "Đồng ý" (consent to record ethnicity, docs/data-safety.md): a mark
   * such as "x", "có", "đồng ý", "yes"; empty or "không" = no consent. */
  if (value[TP_IMPORT_FIELD_CONSENT] != NULL)
    {
      g_autofree char *answer = title_key (value[TP_IMPORT_FIELD_CONSENT]);
      static const char * const yes[] = { "x", "co", "dongy", "yes", "y", "1", "true", "v", NULL };

      if (g_strv_contains (yes, answer))
        {
          p->consent_sensitive = TRUE;
          p->consent_method = g_strdup ("csv-import");
        }
    }
  p->position = g_strdup (value[TP_IMPORT_FIELD_POSITION]);
  p->organization = g_strdup (value[TP_IMPORT_FIELD_ORGANIZATION]);
  if (value[TP_IMPORT_FIELD_PHONE] != NULL)
    read_phone (row, value[TP_IMPORT_FIELD_PHONE]);
  if (value[TP_IMPORT_FIELD_EMAIL] != NULL)
    {
      g_autofree char *msg = tp_check_email (value[TP_IMPORT_FIELD_EMAIL]);

      if (msg != NULL)
        row_error (row, TP_IMPORT_FIELD_EMAIL, TRUE, "%s", msg);
      else
        p->email = g_ascii_strdown (value[TP_IMPORT_FIELD_EMAIL], -1);
    }
  if (value[TP_IMPORT_FIELD_NATIONAL_ID] != NULL)
    read_national_id (row, value[TP_IMPORT_FIELD_NATIONAL_ID]);

  if (value[TP_IMPORT_FIELD_PROVINCE] != NULL || value[TP_IMPORT_FIELD_COMMUNE] != NULL ||
      value[TP_IMPORT_FIELD_TARGET_GROUP] != NULL)
    load_refdata (self);
  if (value[TP_IMPORT_FIELD_PROVINCE] != NULL)
    {
      const char *code = lookup_place (self->provinces, NULL, value[TP_IMPORT_FIELD_PROVINCE]);

      if (code == NULL || *code == '\0')
        row_error (row, TP_IMPORT_FIELD_PROVINCE, FALSE,
                   _("there is no province “%s” (since the 2025 merger there are 34); left empty"),
                   value[TP_IMPORT_FIELD_PROVINCE]);
      else
        p->province_code = g_strdup (code);
    }
  if (value[TP_IMPORT_FIELD_COMMUNE] != NULL)
    {
      g_autofree char *prefix = p->province_code != NULL ? g_strdup (p->province_code) : NULL;
      const char *code = lookup_place (self->communes, prefix, value[TP_IMPORT_FIELD_COMMUNE]);

      if (code == NULL)
        row_error (row, TP_IMPORT_FIELD_COMMUNE, FALSE,
                   _("there is no commune “%s”; left empty"), value[TP_IMPORT_FIELD_COMMUNE]);
      else if (*code == '\0')
        row_error (row, TP_IMPORT_FIELD_COMMUNE, FALSE,
                   _("several communes are called “%s”; give the province too; left empty"),
                   value[TP_IMPORT_FIELD_COMMUNE]);
      else
        {
          const char *province = g_hash_table_lookup (self->commune_province, code);

          p->commune_code = g_strdup (code);
          if (p->province_code == NULL && province != NULL)
            p->province_code = g_strdup (province);
        }
    }
  if (value[TP_IMPORT_FIELD_TARGET_GROUP] != NULL)
    {
      const char *id = lookup_place (self->target_groups, NULL, value[TP_IMPORT_FIELD_TARGET_GROUP]);

      if (id == NULL || *id == '\0')
        row_error (row, TP_IMPORT_FIELD_TARGET_GROUP, FALSE,
                   _("“%s” is not a known target group; left empty"),
                   value[TP_IMPORT_FIELD_TARGET_GROUP]);
      else
        p->target_group = g_strdup (id);
    }
  return row;
}

/* ---- matching ---------------------------------------------------------- */

#define PERSON_SELECT \
  "SELECT id FROM people"

static gboolean
orgs_compatible (const char *a,
                 const char *b)
{
  g_autofree char *fa = NULL, *fb = NULL;

  if (a == NULL || b == NULL || *a == '\0' || *b == '\0')
    return TRUE;
  fa = title_key (a);
  fb = title_key (b);
  return g_str_equal (fa, fb);
}

typedef struct {
  sqlite3_stmt *by_id;
  sqlite3_stmt *by_name;
  GHashTable   *seen_id;    /* national id → row index + 1 */
  GHashTable   *seen_name;  /* "fold|year" → row index + 1 */
} Matcher;

static void
matcher_clear (Matcher *m)
{
  g_clear_pointer (&m->by_id, sqlite3_finalize);
  g_clear_pointer (&m->by_name, sqlite3_finalize);
  g_clear_pointer (&m->seen_id, g_hash_table_unref);
  g_clear_pointer (&m->seen_name, g_hash_table_unref);
}

static GPtrArray *
ids_from (sqlite3_stmt *stmt)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return ids;
}

static void
match_row (TpImport    *self,
           Matcher     *m,
           TpImportRow *row,
           guint        index)
{
  TpPerson *p = row->person;
  g_autofree char *fold = NULL;
  g_autofree char *name_key = NULL;
  gpointer earlier;

  row->decision = TP_IMPORT_NEW;
  g_clear_pointer (&row->match, tp_person_free);
  row->match_sure = FALSE;
  row->match_row = -1;
  if (row->has_error || p->full_name == NULL)
    return;

  fold = tp_text_fold (p->full_name);
  name_key = g_strdup_printf ("%s|%d", fold, p->birth_year);

  /* The same person twice in the file. */
  if ((p->national_id != NULL && (earlier = g_hash_table_lookup (m->seen_id, p->national_id)) != NULL) ||
      (p->birth_year != 0 && (earlier = g_hash_table_lookup (m->seen_name, name_key)) != NULL &&
       orgs_compatible (((TpImportRow *) g_ptr_array_index (self->rows, GPOINTER_TO_UINT (earlier) - 1))->person->organization,
                        p->organization)))
    {
      TpImportRow *first = g_ptr_array_index (self->rows, GPOINTER_TO_UINT (earlier) - 1);

      row->match_row = GPOINTER_TO_UINT (earlier) - 1;
      row->match_sure = TRUE;
      row->decision = TP_IMPORT_SKIP;
      row_error (row, TP_IMPORT_FIELD_NONE, FALSE,
                 _("repeats row %u (%s); left out"), first->line, first->person->full_name);
      return;
    }
  if (p->national_id != NULL)
    g_hash_table_insert (m->seen_id, g_strdup (p->national_id), GUINT_TO_POINTER (index + 1));
  if (p->birth_year != 0)
    g_hash_table_insert (m->seen_name, g_strdup (name_key), GUINT_TO_POINTER (index + 1));

  /* Someone registered: the same id number, else the same name and birth
   * year (and organisation when both are known). */
  if (m->by_id == NULL)
    {
      m->by_id = tp_db_prepare (self->db, "SELECT id FROM people WHERE national_id = ?1", NULL);
      m->by_name = tp_db_prepare (self->db,
                                  "SELECT id FROM people WHERE name_fold = ?1"
                                  " AND (birth_year = ?2 OR birth_year IS NULL OR ?2 = 0)"
                                  " ORDER BY sort_key LIMIT 20", NULL);
      if (m->by_id == NULL || m->by_name == NULL)
        return;
    }

  if (p->national_id != NULL)
    {
      g_autoptr(GPtrArray) ids = NULL;

      sqlite3_bind_text (m->by_id, 1, p->national_id, -1, SQLITE_TRANSIENT);
      ids = ids_from (m->by_id);
      if (ids->len > 0)
        {
          row->match = tp_store_get_person (self->db, g_ptr_array_index (ids, 0), NULL);
          if (row->match != NULL)
            {
              g_autofree char *a = tp_text_fold (row->match->full_name);

              row->match_sure = TRUE;
              row->decision = TP_IMPORT_MERGE;
              if (!g_str_equal (a, fold))
                row_error (row, TP_IMPORT_FIELD_NATIONAL_ID, FALSE,
                           _("the ID number %s is registered to “%s”, not “%s”; the registered person is kept"),
                           p->national_id, row->match->full_name, p->full_name);
              return;
            }
        }
    }

  {
    g_autoptr(GPtrArray) ids = NULL;
    g_autoptr(GPtrArray) sure = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_person_free);
    g_autoptr(GPtrArray) possible = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_person_free);

    sqlite3_bind_text (m->by_name, 1, fold, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int (m->by_name, 2, p->birth_year);
    ids = ids_from (m->by_name);
    for (guint i = 0; i < ids->len; i++)
      {
        TpPerson *other = tp_store_get_person (self->db, g_ptr_array_index (ids, i), NULL);

        if (other == NULL)
          continue;
        /* Different id numbers: different people. */
        if (p->national_id != NULL && other->national_id != NULL)
          tp_person_free (other);
        else if (p->birth_year != 0 && other->birth_year == p->birth_year &&
                 orgs_compatible (p->organization, other->organization))
          g_ptr_array_add (sure, other);
        else
          g_ptr_array_add (possible, other);
      }

    if (sure->len == 1)
      {
        row->match = g_ptr_array_steal_index (sure, 0);
        row->match_sure = TRUE;
        row->decision = TP_IMPORT_MERGE;
        if (row->match->sex != TP_SEX_UNKNOWN && p->sex != TP_SEX_UNKNOWN && row->match->sex != p->sex)
          row_error (row, TP_IMPORT_FIELD_SEX, FALSE,
                     _("“%s” (%d) is registered as %s, the file says %s; the register is kept"),
                     row->match->full_name, row->match->birth_year,
                     tp_sex_label (row->match->sex), tp_sex_label (p->sex));
      }
    else if (sure->len > 1)
      {
        row->match = g_ptr_array_steal_index (sure, 0);
        row_error (row, TP_IMPORT_FIELD_NONE, FALSE,
                   _("%u registered people are called “%s” and born in %d; added as a new person, check for a duplicate"),
                   sure->len + 1, p->full_name, p->birth_year);
      }
    else if (possible->len > 0)
      {
        TpPerson *other = g_ptr_array_index (possible, 0);

        row->match = g_ptr_array_steal_index (possible, 0);
        if (other->organization != NULL && p->organization != NULL &&
            !orgs_compatible (other->organization, p->organization))
          row_error (row, TP_IMPORT_FIELD_NONE, FALSE,
                     _("may be “%s” (%d, %s) already registered; added as a new person because the organisation differs"),
                     other->full_name, other->birth_year, other->organization);
        else
          row_error (row, TP_IMPORT_FIELD_NONE, FALSE,
                     _("may be “%s” already registered (birth year unknown on one side); added as a new person"),
                     other->full_name);
      }
  }
}

/* Re-reads every row with the current mapping and matches it. */
static void
analyse (TpImport *self)
{
  Matcher m = { 0 };

  g_ptr_array_set_size (self->rows, 0);
  check_mapping (self);
  m.seen_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  m.seen_name = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = self->data_start; i < self->table->rows->len; i++)
    {
      TpImportRow *row = read_row (self, g_ptr_array_index (self->table->rows, i));

      g_ptr_array_add (self->rows, row);
      match_row (self, &m, row, self->rows->len - 1);
      /* A new person needs a sex; a registered one has it already. */
      if (!row->has_error && row->person->sex == TP_SEX_UNKNOWN && row->decision == TP_IMPORT_NEW)
        row_error (row, TP_IMPORT_FIELD_SEX, TRUE, _("the sex is missing; write Nam or Nữ"));
    }
  matcher_clear (&m);
}

static gboolean
find_header (TpImport  *self,
             GError   **error)
{
  guint limit = MIN (self->table->rows->len, MAX_HEADER_SEARCH);

  for (guint i = 0; i < limit; i++)
    {
      const TpCsvRow *row = g_ptr_array_index (self->table->rows, i);
      gboolean name = FALSE;
      guint known = row_has_male_female (row) ? 2 : 0;

      for (guint j = 0; j < row->n_fields; j++)
        {
          TpImportField f = tp_import_field_for_title (row->fields[j]);

          name |= is_name_field (f);
          known += f != TP_IMPORT_FIELD_NONE;
        }
      if (name && known >= 2)
        {
          self->header_index = i;
          if (i > 0)
            g_ptr_array_add (self->notes,
                             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                           "%u title row above the header (row %u) was skipped.",
                                                           "%u title rows above the header (row %u) were skipped.",
                                                           i),
                                              i, row->line));
          return TRUE;
        }
    }
  g_set_error (error, TP_ERROR, TP_ERROR_PARSE,
               _("No header row found: one of the first rows must name the columns, "
                 "e.g. “Họ và tên”, “Giới tính”, “Năm sinh”, “Đơn vị”"));
  return FALSE;
}

static TpImport *
import_new (TpDb        *db,
            TpCsvTable  *table,
            const char  *source_name,
            GError     **error)
{
  g_autoptr(TpImport) self = g_new0 (TpImport, 1);

  self->db = g_object_ref (db);
  self->table = table;
  self->source_name = g_strdup (source_name);
  self->notes = g_ptr_array_new_with_free_func (g_free);
  self->unrecognised = g_ptr_array_new_with_free_func (g_free);
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) import_row_free);
  self->ethnicities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (table->encoding != TP_CSV_UTF8 && table->encoding != TP_CSV_UTF8_BOM)
    g_ptr_array_add (self->notes, g_strdup_printf (_("The file was read as %s text."),
                                                   tp_csv_encoding_label (table->encoding)));
  if (table->legacy == TP_LEGACY_TCVN3 || table->legacy == TP_LEGACY_VNI)
    g_ptr_array_add (self->notes,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u cell was typed with an old %s font and was converted to Unicode; check the names.",
                                                   "%u cells were typed with an old %s font and were converted to Unicode; check the names.",
                                                   table->n_legacy_fields),
                                      table->n_legacy_fields, tp_csv_legacy_label (table->legacy)));

  if (table->rows->len == 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_PARSE, _("The file is empty"));
      return NULL;
    }
  if (!find_header (self, error))
    return NULL;
  map_header (self);
  analyse (self);
  return g_steal_pointer (&self);
}

static void
prefix_error (GError     **error,
              const char  *source_name)
{
  if (error != NULL && *error != NULL && source_name != NULL &&
      !g_str_has_prefix ((*error)->message, source_name))
    g_prefix_error (error, "%s: ", source_name);
}

TpImport *
tp_import_new_from_data (TpDb        *db,
                         const char  *data,
                         gsize        length,
                         const char  *source_name,
                         GError     **error)
{
  TpCsvTable *table;
  TpImport *self;
  g_autofree char *lower = source_name != NULL ? g_ascii_strdown (source_name, -1) : NULL;

  g_return_val_if_fail (TP_IS_DB (db), NULL);

  table = tp_csv_read_data (data, length,
                            lower != NULL && g_str_has_suffix (lower, ".tsv") ? '\t' : 0, error);
  if (table == NULL)
    {
      prefix_error (error, source_name);
      return NULL;
    }
  /* import_new owns the table, even when it fails. */
  self = import_new (db, table, source_name, error);
  if (self == NULL)
    prefix_error (error, source_name);
  return self;
}

TpImport *
tp_import_new_from_file (TpDb        *db,
                         const char  *path,
                         GError     **error)
{
  TpCsvTable *table;
  TpImport *self;

  g_return_val_if_fail (TP_IS_DB (db), NULL);

  table = tp_csv_read_file (path, error);
  if (table == NULL)
    return NULL;
  self = import_new (db, table, path, error);
  if (self == NULL)
    prefix_error (error, path);
  return self;
}

/* ---- accessors --------------------------------------------------------- */

const TpCsvTable *
tp_import_get_table (TpImport *self)
{
  return self->table;
}

guint
tp_import_get_header_line (TpImport *self)
{
  return ((TpCsvRow *) g_ptr_array_index (self->table->rows, self->header_index))->line;
}

GPtrArray *
tp_import_get_notes (TpImport *self)
{
  return self->notes;
}

guint
tp_import_get_n_columns (TpImport *self)
{
  return self->n_columns;
}

const char *
tp_import_get_column_title (TpImport *self,
                            guint     column)
{
  g_return_val_if_fail (column < self->n_columns, NULL);
  return self->titles[column];
}

TpImportField
tp_import_get_column_field (TpImport *self,
                            guint     column)
{
  g_return_val_if_fail (column < self->n_columns, TP_IMPORT_FIELD_NONE);
  return self->fields[column];
}

void
tp_import_set_column_field (TpImport      *self,
                            guint          column,
                            TpImportField  field)
{
  g_return_if_fail (column < self->n_columns);
  g_return_if_fail ((guint) field < TP_IMPORT_N_FIELDS);

  if (field != TP_IMPORT_FIELD_NONE && field != TP_IMPORT_FIELD_SEQUENCE)
    for (guint j = 0; j < self->n_columns; j++)
      if (self->fields[j] == field)
        self->fields[j] = TP_IMPORT_FIELD_NONE;
  self->fields[column] = field;
  analyse (self);
}

GPtrArray *
tp_import_get_unrecognised (TpImport *self)
{
  return self->unrecognised;
}

guint
tp_import_get_n_rows (TpImport *self)
{
  return self->rows->len;
}

const TpImportRow *
tp_import_get_row (TpImport *self,
                   guint     index)
{
  g_return_val_if_fail (index < self->rows->len, NULL);
  return g_ptr_array_index (self->rows, index);
}

void
tp_import_set_decision (TpImport         *self,
                        guint             index,
                        TpImportDecision  decision)
{
  TpImportRow *row;

  g_return_if_fail (index < self->rows->len);
  row = g_ptr_array_index (self->rows, index);
  if (decision == TP_IMPORT_MERGE && row->match == NULL && row->match_row < 0)
    return;
  row->decision = decision;
}

guint
tp_import_count_errors (TpImport *self)
{
  guint n = 0;

  for (guint i = 0; i < self->rows->len; i++)
    n += ((TpImportRow *) g_ptr_array_index (self->rows, i))->has_error;
  return n;
}

/* ---- applying ---------------------------------------------------------- */

TpImportStats *
tp_import_stats_new (void)
{
  TpImportStats *stats = g_new0 (TpImportStats, 1);

  stats->errors = g_ptr_array_new_with_free_func (g_free);
  stats->warnings = g_ptr_array_new_with_free_func (g_free);
  return stats;
}

void
tp_import_stats_free (TpImportStats *stats)
{
  if (stats == NULL)
    return;
  g_ptr_array_unref (stats->errors);
  g_ptr_array_unref (stats->warnings);
  g_free (stats->batch_id);
  g_free (stats);
}

static void
stats_reset (TpImportStats *stats)
{
  stats->n_new = stats->n_matched = stats->n_skipped = stats->n_errors = 0;
  stats->n_enrolled = stats->n_already_enrolled = 0;
  g_ptr_array_set_size (stats->errors, 0);
  g_ptr_array_set_size (stats->warnings, 0);
  g_clear_pointer (&stats->batch_id, g_free);
}

#define FILL(field) \
  G_STMT_START { \
    if ((target->field == NULL || *target->field == '\0') && source->field != NULL) \
      { \
        g_free (target->field); \
        target->field = g_strdup (source->field); \
        changed = TRUE; \
      } \
  } G_STMT_END

/* Merging fills in what the register does not know yet; what it knows is
 * kept. */
static gboolean
fill_empty_fields (TpPerson       *target,
                   const TpPerson *source)
{
  gboolean changed = FALSE;

  if (target->sex == TP_SEX_UNKNOWN && source->sex != TP_SEX_UNKNOWN)
    {
      target->sex = source->sex;
      changed = TRUE;
    }
  if (target->birth_year == 0 && source->birth_year != 0)
    {
      target->birth_year = source->birth_year;
      changed = TRUE;
    }
  if (target->birth_date == NULL && source->birth_date != NULL &&
      (target->birth_year == 0 || target->birth_year == source->birth_year))
    {
      target->birth_date = g_strdup (source->birth_date);
      changed = TRUE;
    }
  if (target->ethnicity_id == NULL && source->ethnicity_id != NULL)
    {
      /* The consent goes with the ethnicity it is about. */
      target->consent_sensitive = source->consent_sensitive;
      g_free (target->consent_date);
      target->consent_date = g_strdup (source->consent_date);
      g_free (target->consent_method);
      target->consent_method = g_strdup (source->consent_method);
    }
  FILL (ethnicity_id);
  FILL (national_id);
  FILL (phone);
  FILL (email);
  FILL (organization);
  FILL (position);
  if (target->province_code == NULL && target->commune_code == NULL)
    {
      FILL (province_code);
      FILL (commune_code);
    }
  FILL (target_group);
  return changed;
}

#undef FILL

static gboolean
enrol (TpDb        *db,
       const char  *course_id,
       const char  *person_id,
       TpImportStats *stats,
       GError     **error)
{
  g_autoptr(TpEnrolment) existing = tp_store_get_enrolment (db, course_id, person_id, NULL);
  g_autoptr(TpEnrolment) enrolment = NULL;

  if (existing != NULL)
    {
      stats->n_already_enrolled++;
      return TRUE;
    }
  enrolment = tp_enrolment_new ();
  enrolment->course_id = g_strdup (course_id);
  enrolment->person_id = g_strdup (person_id);
  if (!tp_store_enrol (db, enrolment, error))
    return FALSE;
  stats->n_enrolled++;
  return TRUE;
}

static gboolean
apply_rows (TpImport       *self,
            const char     *course_id,
            gboolean        skip_invalid,
            TpImportStats  *stats,
            GError        **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_full (self->rows->len, g_free);

  for (guint i = 0; i < self->rows->len; i++)
    {
      TpImportRow *row = g_ptr_array_index (self->rows, i);
      g_autoptr(TpPerson) person = NULL;
      g_autoptr(GPtrArray) invalid = NULL;
      g_autoptr(GError) local_error = NULL;
      const char *person_id = NULL;

      g_ptr_array_add (ids, NULL);
      if (row->has_error)
        continue;
      if (row->decision == TP_IMPORT_SKIP)
        {
          stats->n_skipped++;
          /* A repeated row still enrols the person it repeats. */
          if (row->match_row >= 0 && course_id != NULL)
            person_id = g_ptr_array_index (ids, row->match_row);
          if (person_id == NULL)
            continue;
        }
      else if (row->decision == TP_IMPORT_MERGE && row->match != NULL)
        {
          person = tp_store_get_person (self->db, row->match->id, error);
          if (person == NULL)
            return FALSE;
          if (fill_empty_fields (person, row->person))
            {
              invalid = tp_person_validate (person);
              if (invalid->len > 0)
                {
                  TpFieldError *fe = g_ptr_array_index (invalid, 0);

                  g_set_error (error, TP_ERROR, TP_ERROR_INVALID, _("Row %u: %s"), row->line, fe->message);
                  return FALSE;
                }
              if (!tp_store_save_person (self->db, person, error))
                return FALSE;
            }
          stats->n_matched++;
          person_id = person->id;
        }
      else
        {
          person = tp_person_copy (row->person);
          g_clear_pointer (&person->id, g_free);
          invalid = tp_person_validate (person);
          if (invalid->len > 0)
            {
              TpFieldError *fe = g_ptr_array_index (invalid, 0);
              char *line = g_strdup_printf (_("Row %u: %s"), row->line, fe->message);

              if (!skip_invalid)
                {
                  g_set_error_literal (error, TP_ERROR, TP_ERROR_INVALID, line);
                  g_free (line);
                  return FALSE;
                }
              g_ptr_array_add (stats->errors, line);
              stats->n_errors++;
              stats->n_skipped++;
              continue;
            }
          if (!tp_store_save_person (self->db, person, error))
            return FALSE;
          stats->n_new++;
          person_id = person->id;
        }

      g_free (g_ptr_array_index (ids, i));
      g_ptr_array_index (ids, i) = g_strdup (person_id);
      if (course_id != NULL && !enrol (self->db, course_id, person_id, stats, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
tp_import_apply (TpImport               *self,
                 const TpImportOptions  *options,
                 TpImportStats          *stats,
                 GError                **error)
{
  g_autoptr(TpImportStats) own_stats = NULL;
  g_autoptr(TpCourse) course = NULL;
  g_autofree char *batch_id = NULL;
  g_autofree char *previous_batch = NULL;
  TpImportOptions defaults = { 0 };
  guint n_error_rows;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  if (options == NULL)
    options = &defaults;
  if (stats == NULL)
    stats = own_stats = tp_import_stats_new ();
  stats_reset (stats);

  for (guint i = 0; i < self->rows->len; i++)
    {
      TpImportRow *row = g_ptr_array_index (self->rows, i);

      for (guint k = 0; k < row->problems->len; k++)
        {
          TpImportProblem *problem = g_ptr_array_index (row->problems, k);

          g_ptr_array_add (problem->severity == TP_IMPORT_ERROR ? stats->errors : stats->warnings,
                           g_strdup (problem->message));
        }
    }
  n_error_rows = tp_import_count_errors (self);
  stats->n_errors = n_error_rows;

  if (n_error_rows > 0 && !options->skip_invalid)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u row has errors; nothing was imported",
                                "%u rows have errors; nothing was imported",
                                n_error_rows),
                   n_error_rows);
      prefix_error (error, self->source_name);
      return FALSE;
    }

  if (options->course_code != NULL)
    {
      course = tp_store_get_course_by_code (self->db, options->course_code, NULL);
      if (course == NULL)
        {
          g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                       _("No course has the code “%s”"), options->course_code);
          return FALSE;
        }
    }

  /* A backup before writing (docs/data-safety.md); none inside a caller's
   * transaction: that caller owns the change. */
  if (!options->dry_run && !tp_db_in_transaction (self->db) &&
      !tp_backup_before (self->db, "import", error))
    {
      g_prefix_error (error, "%s", _("Nothing was imported because no backup could be made first: "));
      prefix_error (error, self->source_name);
      return FALSE;
    }

  if (!tp_db_begin (self->db, error))
    return FALSE;
  batch_id = tp_uuid_new ();
  previous_batch = g_strdup (tp_db_get_batch (self->db));
  tp_db_set_batch (self->db, batch_id);

  ok = apply_rows (self, course != NULL ? course->id : NULL, options->skip_invalid, stats, error);

  tp_db_set_batch (self->db, previous_batch);
  if (!ok)
    {
      tp_db_rollback (self->db);
      prefix_error (error, self->source_name);
      stats->n_new = stats->n_matched = stats->n_enrolled = stats->n_already_enrolled = 0;
      return FALSE;
    }
  if (options->dry_run)
    {
      tp_db_rollback (self->db);
      return TRUE;
    }
  if (!tp_db_commit (self->db, error))
    return FALSE;
  if (stats->n_new + stats->n_matched + stats->n_enrolled > 0)
    stats->batch_id = g_steal_pointer (&batch_id);
  return TRUE;
}

/* ---- undo -------------------------------------------------------------- */

static TpPerson *
person_from_json (JsonObject *o)
{
  TpPerson *p = tp_person_new ();
  const char *sex;

#define STR(field) \
  p->field = json_object_has_member (o, #field) && !json_object_get_null_member (o, #field) \
             ? g_strdup (json_object_get_string_member (o, #field)) : NULL
  STR (id);
  STR (full_name);
  STR (family_name);
  STR (middle_name);
  STR (given_name);
  STR (sort_name);
  STR (birth_date);
  STR (ethnicity_id);
  STR (national_id);
  STR (phone);
  STR (email);
  STR (organization);
  STR (position);
  STR (province_code);
  STR (commune_code);
  STR (admin_version);
  STR (target_group);
  STR (consent_date);
  STR (consent_method);
  STR (created_at);
#undef STR
  sex = json_object_get_string_member_with_default (o, "sex", NULL);
  if (!tp_sex_from_string (sex, &p->sex))
    p->sex = TP_SEX_UNKNOWN;
  p->birth_year = json_object_get_int_member_with_default (o, "birth_year", 0);
  p->consent_sensitive = json_object_get_int_member_with_default (o, "consent_sensitive", 0) != 0;
  return p;
}

static const char * const undoable_tables[] = { "people", "enrolments", NULL };

gboolean
tp_import_undo (TpDb        *db,
                const char  *batch_id,
                GError     **error)
{
  g_autofree char *undo_batch = NULL;
  sqlite3_stmt *stmt;
  gint64 last_seq = 0;
  guint n_later = 0;
  int rc;

  g_return_val_if_fail (TP_IS_DB (db), FALSE);
  g_return_val_if_fail (batch_id != NULL, FALSE);

  undo_batch = g_strconcat ("undo:", batch_id, NULL);

  if (!tp_db_begin (db, error))
    return FALSE;

  stmt = tp_db_prepare (db, "SELECT max (seq), (SELECT count (*) FROM change_log WHERE batch = ?2)"
                            " FROM change_log WHERE batch = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, undo_batch, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      last_seq = sqlite3_column_int64 (stmt, 0);
      if (sqlite3_column_int (stmt, 1) > 0)
        last_seq = -1;
    }
  sqlite3_finalize (stmt);
  if (last_seq == 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND, _("There is no import “%s” to undo"), batch_id);
      goto fail;
    }
  if (last_seq < 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_NOT_FOUND, _("The import “%s” was undone already"), batch_id);
      goto fail;
    }

  /* Changed since by someone else: the record itself, or something made
   * for a person or enrolment of the batch (marks, certificates...). */
  stmt = tp_db_prepare (db,
                        "SELECT count (*) FROM change_log l WHERE l.seq > ?2 AND l.table_name <> 'exports'"
                        " AND EXISTS (SELECT 1 FROM change_log b WHERE b.batch = ?1 AND"
                        "  ((b.table_name = l.table_name AND b.row_id = l.row_id)"
                        "   OR b.row_id = json_extract (coalesce (l.new, l.old), '$.person_id')"
                        "   OR b.row_id = json_extract (coalesce (l.new, l.old), '$.enrolment_id')))",
                        error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, last_seq);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n_later = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  if (n_later > 0)
    {
      g_set_error (error, TP_ERROR, TP_ERROR_CONFLICT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The import cannot be undone: %u change was made to its records since",
                                "The import cannot be undone: %u changes were made to its records since",
                                n_later),
                   n_later);
      goto fail;
    }

  tp_db_set_batch (db, undo_batch);
  stmt = tp_db_prepare (db, "SELECT table_name, row_id, op, old FROM change_log WHERE batch = ?1"
                            " ORDER BY seq DESC", error);
  if (stmt == NULL)
    goto fail_batch;
  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (stmt, 0);
      const char *row_id = (const char *) sqlite3_column_text (stmt, 1);
      const char *op = (const char *) sqlite3_column_text (stmt, 2);
      const char *old = (const char *) sqlite3_column_text (stmt, 3);
      gboolean ok = FALSE;

      if (!g_strv_contains (undoable_tables, table))
        {
          g_set_error (error, TP_ERROR, TP_ERROR_FAILED,
                       _("The change batch “%s” holds changes an import does not make; it cannot be undone here"),
                       batch_id);
        }
      else if (g_str_equal (op, "insert"))
        {
          g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", table);
          sqlite3_stmt *del = tp_db_prepare (db, sql, error);

          if (del != NULL)
            {
              sqlite3_bind_text (del, 1, row_id, -1, SQLITE_TRANSIENT);
              rc = sqlite3_step (del);
              sqlite3_finalize (del);
              ok = rc == SQLITE_DONE || tp_db_set_error (db, rc, error);
            }
        }
      else if (g_str_equal (op, "update") && g_str_equal (table, "people") && old != NULL)
        {
          g_autoptr(JsonParser) parser = json_parser_new ();

          if (json_parser_load_from_data (parser, old, -1, NULL) &&
              JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
            {
              g_autoptr(TpPerson) person = person_from_json (json_node_get_object (json_parser_get_root (parser)));

              ok = tp_store_save_person (db, person, error);
            }
          else
            g_set_error (error, TP_ERROR, TP_ERROR_CORRUPT,
                         _("The change log entry for person %s cannot be read"), row_id);
        }
      else
        g_set_error (error, TP_ERROR, TP_ERROR_FAILED,
                     _("The change batch “%s” holds changes an import does not make; it cannot be undone here"),
                     batch_id);
      if (!ok)
        {
          sqlite3_finalize (stmt);
          goto fail_batch;
        }
    }
  sqlite3_finalize (stmt);
  tp_db_set_batch (db, NULL);
  if (rc != SQLITE_DONE)
    {
      tp_db_set_error (db, rc, error);
      goto fail;
    }
  return tp_db_commit (db, error);

fail_batch:
  tp_db_set_batch (db, NULL);
fail:
  tp_db_rollback (db);
  return FALSE;
}
