/* taphuan-import-dialog.c: the import wizard (docs/import.md).
 *
 * The TpImport lives in the dialog between steps and is lent to a worker
 * thread for anything that touches the database (reading the file,
 * re-reading it after a mapping change, applying). While it is lent,
 * self->import is NULL and nothing on the main thread reads it: the lists
 * show texts copied out of it when it came back. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gi18n.h>

#include "taphuan-compat.h"
#include "taphuan-import-dialog.h"
#include "tp-refdata.h"
#include "tp-store.h"

/* Rows shown in the preview table; every row is read and checked. */
#define PREVIEW_ROWS 100

enum {
  CELL_ROW,
  CELL_NAME,
  CELL_SEX,
  CELL_BIRTH,
  CELL_ETHNICITY,
  CELL_ORGANISATION,
  CELL_POSITION,
  CELL_PHONE,
  CELL_ID,
  CELL_STATUS,
  N_CELLS
};

static const char *const cell_keys[N_CELLS] = {
  "row", "name", "sex", "birth", "ethnicity", "organisation", "position", "phone", "id", "status",
};

/* The sides of a possible duplicate, compared field by field. */
enum {
  SIDE_NAME,
  SIDE_BIRTH,
  SIDE_SEX,
  SIDE_ORGANISATION,
  SIDE_ID,
  N_SIDE
};

static const char *const steps[] = { "choose", "preview", "problems", "duplicates", "course", "done" };

struct _TaphuanImportDialog
{
  AdwWindow            parent_instance;

  /* template */
  AdwWindowTitle      *window_title;
  GtkWidget           *cancel_button;
  GtkWidget           *back_button;
  GtkButton           *primary_button;
  GtkStack            *stack;
  GtkLabel            *choose_error_label;
  GtkSpinner          *busy_spinner;
  GtkLabel            *busy_label;
  GtkProgressBar      *busy_progress;
  GtkWidget           *legacy_banner;
  GtkLabel            *legacy_label;
  GtkLabel            *file_label;
  GtkSpinner          *remap_spinner;
  GtkBox              *notes_box;
  GtkLabel            *preview_caption;
  GtkColumnView       *preview_view;
  AdwPreferencesGroup *mapping_group;
  GtkLabel            *unrecognised_label;
  GtkLabel            *problems_summary;
  GtkWidget           *skip_box;
  GtkLabel            *blocked_label;
  GtkListView         *problems_view;
  GtkLabel            *duplicates_summary;
  GtkListView         *duplicates_view;
  AdwComboRow         *course_row;
  GtkLabel            *summary_label;
  GtkLabel            *apply_error_label;
  AdwStatusPage       *done_page;
  GtkWidget           *undo_button;

  TaphuanWindow       *window;          /* weak */
  char                *db_path;
  GFile               *file;
  TpImport            *import;          /* NULL while a worker has it */
  GListStore          *preview_store;   /* GtkStringObject, data "cells" */
  GListStore          *problems_store;  /* GtkStringObject, data "severity" */
  GListStore          *duplicates_store;/* GtkStringObject: the row index */
  GtkStringList       *field_names;
  GPtrArray           *mapping_rows;    /* AdwComboRow*, one per column */
  GPtrArray           *course_codes;    /* char*, [0] NULL: do not enrol */
  GHashTable          *ethnicity_names;
  GCancellable        *cancellable;
  const char          *step;
  char                *blocked_reason;
  TpImportStats       *stats;
  char                *course_title;    /* the course enrolled in, or NULL */
  guint                pulse_id;
  gboolean             busy;
  gboolean             applying;
  gboolean             updating;
  gboolean             skip_invalid;
  gboolean             undone;
};

G_DEFINE_FINAL_TYPE (TaphuanImportDialog, taphuan_import_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_SKIP_INVALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_actions (TaphuanImportDialog *self);

/* ---- texts ------------------------------------------------------------- */

static const char *
ethnicity_name (TaphuanImportDialog *self,
                const char          *id)
{
  TpDb *db = self->window != NULL ? taphuan_window_get_db (self->window) : NULL;
  const char *name;

  if (id == NULL || *id == '\0')
    return "";
  name = g_hash_table_lookup (self->ethnicity_names, id);
  if (name == NULL)
    {
      char *found = db != NULL ? tp_refdata_ethnicity_name (db, id) : NULL;

      name = found != NULL ? found : g_strdup (id);
      g_hash_table_insert (self->ethnicity_names, g_strdup (id), (char *) name);
    }
  return name;
}

static char *
birth_text (const TpPerson *p)
{
  int y, m, d;

  if (p->birth_date != NULL && sscanf (p->birth_date, "%d-%d-%d", &y, &m, &d) == 3)
    return g_strdup_printf ("%02d/%02d/%04d", d, m, y);
  if (p->birth_year > 0)
    return g_strdup_printf ("%d", p->birth_year);
  return g_strdup ("");
}

static const char *
sex_text (TpSex sex)
{
  return sex == TP_SEX_UNKNOWN ? "" : tp_sex_label (sex);
}

static char **
side_texts (const TpPerson *p)
{
  char **v = g_new0 (char *, N_SIDE + 1);

  v[SIDE_NAME] = g_strdup (p->full_name ? p->full_name : "");
  v[SIDE_BIRTH] = birth_text (p);
  v[SIDE_SEX] = g_strdup (sex_text (p->sex));
  v[SIDE_ORGANISATION] = g_strdup (p->organization ? p->organization : "");
  v[SIDE_ID] = g_strdup (p->national_id ? p->national_id : "");
  return v;
}

static char *
status_text (TaphuanImportDialog *self,
             const TpImportRow   *row)
{
  if (row->has_error)
    return g_strdup (_("Error"));
  if (row->decision == TP_IMPORT_SKIP && row->match_row >= 0)
    {
      const TpImportRow *first = tp_import_get_row (self->import, row->match_row);
      /* Translators: the row repeats an earlier row of the same file */
      return g_strdup_printf (_("Repeats row %u"), first->line);
    }
  if (row->decision == TP_IMPORT_SKIP)
    return g_strdup (_("Skipped"));
  if (row->decision == TP_IMPORT_MERGE)
    return g_strdup (_("Registered: merge"));
  if (row->match != NULL)
    return g_strdup (_("New; possible duplicate"));
  return g_strdup (_("New"));
}

static int
row_level (const TpImportRow *row)
{
  if (row->has_error)
    return 2;
  return row->problems != NULL && row->problems->len > 0 ? 1 : 0;
}

static char *
duplicate_reason (const TpImportRow *row)
{
  const TpPerson *p = row->person, *m = row->match;

  if (row->match_sure && p->national_id != NULL && g_strcmp0 (p->national_id, m->national_id) == 0)
    return g_strdup (_("The same ID number"));
  if (row->match_sure)
    return g_strdup (_("The same name and birth year"));
  if (p->birth_year == 0 || m->birth_year == 0)
    return g_strdup (_("The same name; the birth year is unknown on one side"));
  if (p->organization != NULL && m->organization != NULL)
    return g_strdup (_("The same name and birth year, another organisation"));
  return g_strdup (_("The same name and birth year as several registered people"));
}

/* ---- filling the pages from the import ---------------------------------- */

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
add_note (TaphuanImportDialog *self,
          const char          *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (self->notes_box, label);
}

static void
fill_notes (TaphuanImportDialog *self)
{
  const TpCsvTable *table = tp_import_get_table (self->import);
  GPtrArray *notes = tp_import_get_notes (self->import);
  GPtrArray *unrecognised = tp_import_get_unrecognised (self->import);
  gboolean legacy = table->legacy == TP_LEGACY_TCVN3 || table->legacy == TP_LEGACY_VNI;
  const char *legacy_name = tp_csv_legacy_label (table->legacy);
  guint n = tp_import_get_n_rows (self->import);
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->legacy_banner, legacy);
  if (legacy)
    {
      g_autofree char *banner = NULL;

      /* Translators: %s is "TCVN3 (ABC, .VnTime fonts)" or "VNI (VNI-Times fonts)" */
      banner = g_strdup_printf (_("Text typed in %s was converted to Unicode. Check the names below."),
                                legacy_name);
      gtk_label_set_label (self->legacy_label, banner);
    }

  /* Translators: "“danh-sach.csv”: 42 rows" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "“%s”: %u row", "“%s”: %u rows", n), name, n);
  gtk_label_set_label (self->file_label, text);
  g_clear_pointer (&text, g_free);

  clear_box (self->notes_box);
  text = g_strdup_printf (_("Column titles read from row %u."), tp_import_get_header_line (self->import));
  add_note (self, text);
  g_clear_pointer (&text, g_free);
  for (guint i = 0; notes != NULL && i < notes->len; i++)
    {
      add_note (self, g_ptr_array_index (notes, i));
    }

  if (n <= PREVIEW_ROWS)
    text = g_strdup (_("The rows as Taphuan understood them"));
  else
    text = g_strdup_printf (_("The first %u of %u rows as Taphuan understood them"), PREVIEW_ROWS, n);
  gtk_label_set_label (self->preview_caption, text);
  g_clear_pointer (&text, g_free);

  if (unrecognised != NULL && unrecognised->len > 0)
    {
      g_autoptr(GString) list = g_string_new (NULL);

      for (guint i = 0; i < unrecognised->len; i++)
        {
          if (i > 0)
            /* Translators: separates the titles of columns in a list */
            g_string_append (list, _(", "));
          g_string_append (list, g_ptr_array_index (unrecognised, i));
        }
      text = g_strdup_printf (_("Not recognised, so not imported: %s. Choose what a column holds above if it should be."),
                              list->str);
      gtk_label_set_label (self->unrecognised_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->unrecognised_label),
                          unrecognised != NULL && unrecognised->len > 0);
}

/* What the file says for @a or @b, for a row whose value was refused:
 * "1890" says more than an empty cell. */
static const char *
raw_cell (TaphuanImportDialog *self,
          const TpImportRow   *row,
          TpImportField        a,
          TpImportField        b)
{
  guint n = row->cells != NULL ? g_strv_length (row->cells) : 0;

  for (guint c = 0; c < tp_import_get_n_columns (self->import) && c < n; c++)
    {
      TpImportField field = tp_import_get_column_field (self->import, c);

      if ((field == a || field == b) && row->cells[c][0] != '\0')
        return row->cells[c];
    }
  return "";
}

static void
refused (TaphuanImportDialog *self,
         const TpImportRow   *row,
         char               **cell,
         TpImportField        a,
         TpImportField        b)
{
  if (row->has_error && **cell == '\0')
    {
      g_free (*cell);
      *cell = g_strdup (raw_cell (self, row, a, b));
    }
}

static void
fill_preview (TaphuanImportDialog *self)
{
  guint n = MIN (tp_import_get_n_rows (self->import), PREVIEW_ROWS);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      const TpImportRow *row = tp_import_get_row (self->import, i);
      const TpPerson *p = row->person;
      char **cells = g_new0 (char *, N_CELLS + 1);
      char index[16];
      GtkStringObject *item;

      g_snprintf (index, sizeof index, "%u", i);
      item = gtk_string_object_new (index);
      cells[CELL_ROW] = g_strdup_printf ("%u", row->line);
      cells[CELL_NAME] = g_strdup (p->full_name ? p->full_name : "");
      cells[CELL_SEX] = g_strdup (sex_text (p->sex));
      cells[CELL_BIRTH] = birth_text (p);
      cells[CELL_ETHNICITY] = g_strdup (ethnicity_name (self, p->ethnicity_id));
      cells[CELL_ORGANISATION] = g_strdup (p->organization ? p->organization : "");
      cells[CELL_POSITION] = g_strdup (p->position ? p->position : "");
      cells[CELL_PHONE] = g_strdup (p->phone ? p->phone : "");
      cells[CELL_ID] = g_strdup (p->national_id ? p->national_id : "");
      cells[CELL_STATUS] = status_text (self, row);
      refused (self, row, &cells[CELL_SEX], TP_IMPORT_FIELD_SEX, TP_IMPORT_FIELD_SEX);
      refused (self, row, &cells[CELL_BIRTH], TP_IMPORT_FIELD_BIRTH_YEAR, TP_IMPORT_FIELD_BIRTH_DATE);
      refused (self, row, &cells[CELL_BIRTH], TP_IMPORT_FIELD_YEAR_MALE, TP_IMPORT_FIELD_YEAR_FEMALE);
      refused (self, row, &cells[CELL_PHONE], TP_IMPORT_FIELD_PHONE, TP_IMPORT_FIELD_PHONE);
      refused (self, row, &cells[CELL_ID], TP_IMPORT_FIELD_NATIONAL_ID, TP_IMPORT_FIELD_NATIONAL_ID);
      g_object_set_data_full (G_OBJECT (item), "cells", cells, (GDestroyNotify) g_strfreev);
      g_object_set_data (G_OBJECT (item), "level", GINT_TO_POINTER (row_level (row)));
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->preview_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->preview_store)),
                       items->pdata, items->len);
}

static void
fill_problems (TaphuanImportDialog *self)
{
  guint n = tp_import_get_n_rows (self->import);
  guint n_errors = 0, n_warnings = 0;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) summary = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      const TpImportRow *row = tp_import_get_row (self->import, i);

      if (row->has_error)
        n_errors++;
      else if (row->problems != NULL && row->problems->len > 0)
        n_warnings++;
      for (guint j = 0; row->problems != NULL && j < row->problems->len; j++)
        {
          const TpImportProblem *problem = g_ptr_array_index (row->problems, j);
          GtkStringObject *item = gtk_string_object_new (problem->message);

          g_object_set_data (G_OBJECT (item), "severity", GINT_TO_POINTER (problem->severity));
          g_ptr_array_add (items, item);
        }
    }
  g_list_store_splice (self->problems_store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->problems_store)),
                       items->pdata, items->len);

  if (n_errors > 0)
    g_string_append_printf (summary,
                            g_dngettext (GETTEXT_PACKAGE,
                                         "%u row has errors and cannot be imported as it is.",
                                         "%u rows have errors and cannot be imported as they are.",
                                         n_errors), n_errors);
  else
    g_string_append (summary, _("No row has errors."));
  if (n_warnings > 0)
    {
      g_string_append_c (summary, ' ');
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u other row has warnings: it will be imported as shown, check it.",
                                           "%u other rows have warnings: they will be imported as shown, check them.",
                                           n_warnings), n_warnings);
    }
  gtk_label_set_label (self->problems_summary, summary->str);
  gtk_widget_set_visible (self->skip_box, n_errors > 0);
}

static void
fill_duplicates (TaphuanImportDialog *self)
{
  guint n = tp_import_get_n_rows (self->import);
  g_autoptr(GPtrArray) possible = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sure = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *text = NULL;
  guint total;

  for (guint i = 0; i < n; i++)
    {
      const TpImportRow *row = tp_import_get_row (self->import, i);
      GtkStringObject *item;
      char index[16];

      if (row->match == NULL || row->match_row >= 0 || row->has_error)
        continue;
      g_snprintf (index, sizeof index, "%u", i);
      item = gtk_string_object_new (index);
      g_object_set_data_full (G_OBJECT (item), "file", side_texts (row->person), (GDestroyNotify) g_strfreev);
      g_object_set_data_full (G_OBJECT (item), "register", side_texts (row->match), (GDestroyNotify) g_strfreev);
      g_object_set_data_full (G_OBJECT (item), "reason", duplicate_reason (row), g_free);
      g_object_set_data (G_OBJECT (item), "line", GUINT_TO_POINTER (row->line));
      g_object_set_data (G_OBJECT (item), "decision", GINT_TO_POINTER (row->decision));
      /* The uncertain ones first: they are the ones to decide. */
      g_ptr_array_add (row->match_sure ? sure : possible, item);
    }
  total = possible->len + sure->len;
  g_ptr_array_extend_and_steal (possible, g_steal_pointer (&sure));
  g_list_store_splice (self->duplicates_store, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->duplicates_store)),
                       possible->pdata, possible->len);
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u row may be someone already registered.",
                                       "%u rows may be people already registered.", total), total);
  gtk_label_set_label (self->duplicates_summary, text);
}

static void
sync_mapping (TaphuanImportDialog *self)
{
  self->updating = TRUE;
  for (guint c = 0; c < self->mapping_rows->len; c++)
    adw_combo_row_set_selected (g_ptr_array_index (self->mapping_rows, c),
                                tp_import_get_column_field (self->import, c));
  self->updating = FALSE;
}

static void
refresh (TaphuanImportDialog *self)
{
  sync_mapping (self);
  fill_notes (self);
  fill_preview (self);
  fill_problems (self);
  fill_duplicates (self);
  update_actions (self);
}

/* ---- the worker -------------------------------------------------------- */

typedef enum {
  JOB_READ,
  JOB_REMAP,
  JOB_APPLY,
} JobKind;

typedef struct
{
  JobKind        kind;
  char          *db_path;
  GFile         *file;
  TpImport      *import;
  guint          column;
  TpImportField  field;
  gboolean       skip_invalid;
  char          *course_code;
  TpImportStats *stats;
} Job;

static void
job_free (Job *job)
{
  g_free (job->db_path);
  g_clear_object (&job->file);
  g_clear_pointer (&job->import, tp_import_free);
  g_free (job->course_code);
  g_clear_pointer (&job->stats, tp_import_stats_free);
  g_free (job);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  GError *error = NULL;

  switch (job->kind)
    {
    case JOB_READ:
      {
        g_autoptr(TpDb) db = NULL;
        g_autofree char *data = NULL;
        g_autofree char *name = g_file_get_basename (job->file);
        gsize length = 0;

        if (!g_file_load_contents (job->file, cancellable, &data, &length, NULL, &error))
          {
            g_task_return_new_error (task, error->domain, error->code,
                                     /* Translators: "Could not read “x.csv”: <reason>" */
                                     _("Could not read “%s”: %s"), name, error->message);
            g_error_free (error);
            return;
          }
        /* Its own connection: the main window's belongs to the main thread. */
        db = tp_db_open_existing (job->db_path, &error);
        if (db != NULL)
          job->import = tp_import_new_from_data (db, data, length, name, &error);
        break;
      }
    case JOB_REMAP:
      tp_import_set_column_field (job->import, job->column, job->field);
      break;
    case JOB_APPLY:
      {
        TpImportOptions options = { FALSE, job->skip_invalid, job->course_code };

        tp_import_apply (job->import, &options, job->stats, &error);
        break;
      }
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
pulse_cb (gpointer user_data)
{
  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (user_data));
  return G_SOURCE_CONTINUE;
}

static void
show_busy (TaphuanImportDialog *self,
           const char          *text)
{
  gtk_label_set_label (self->busy_label, text);
  gtk_spinner_start (self->busy_spinner);
  if (self->pulse_id == 0)
    self->pulse_id = g_timeout_add (120, pulse_cb, self->busy_progress);
  gtk_stack_set_visible_child_name (self->stack, "busy");
}

static void
stop_busy (TaphuanImportDialog *self)
{
  gtk_spinner_stop (self->busy_spinner);
  gtk_spinner_stop (self->remap_spinner);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  self->busy = FALSE;
}

static void show_step (TaphuanImportDialog *self,
                       const char          *step);
static void mapping_changed_cb (AdwComboRow         *row,
                                GParamSpec          *pspec,
                                TaphuanImportDialog *self);
static void imported (TaphuanImportDialog *self,
                      TpImportStats       *stats);

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  TaphuanImportDialog *self = TAPHUAN_IMPORT_DIALOG (object);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  /* Closed meanwhile: the task data frees what the worker had. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  stop_busy (self);
  self->import = g_steal_pointer (&job->import);
  switch (job->kind)
    {
    case JOB_READ:
      if (!ok)
        {
          gtk_label_set_label (self->choose_error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->choose_error_label), TRUE);
          show_step (self, "choose");
          return;
        }
      {
        g_autofree char *title = NULL;
        guint n_columns = tp_import_get_n_columns (self->import);

        for (guint c = 0; c < self->mapping_rows->len; c++)
          adw_preferences_group_remove (self->mapping_group, g_ptr_array_index (self->mapping_rows, c));
        g_ptr_array_set_size (self->mapping_rows, 0);
        for (guint c = 0; c < n_columns; c++)
          {
            AdwComboRow *row = ADW_COMBO_ROW (adw_combo_row_new ());
            const char *column_title = tp_import_get_column_title (self->import, c);
            g_autofree char *escaped = NULL;
            g_autofree char *sample = NULL;

            for (guint i = 0; i < MIN (tp_import_get_n_rows (self->import), 20u) && sample == NULL; i++)
              {
                const TpImportRow *r = tp_import_get_row (self->import, i);

                if (r->cells != NULL && c < g_strv_length (r->cells) && r->cells[c][0] != '\0')
                  {
                    g_autofree char *value = g_markup_escape_text (r->cells[c], -1);
                    /* Translators: an example value of a column */
                    sample = g_strdup_printf (_("e.g. “%s”"), value);
                  }
              }
            if (column_title == NULL || *column_title == '\0')
              title = g_strdup_printf (_("Column %u (no title)"), c + 1);
            else
              title = g_strdup (column_title);
            escaped = g_markup_escape_text (title, -1);
            g_clear_pointer (&title, g_free);
            adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
            if (sample != NULL)
              adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sample);
            adw_combo_row_set_model (row, G_LIST_MODEL (self->field_names));
            g_object_set_data (G_OBJECT (row), "column", GUINT_TO_POINTER (c));
            adw_preferences_group_add (self->mapping_group, GTK_WIDGET (row));
            g_ptr_array_add (self->mapping_rows, row);
          }
        /* Connected after the first sync so building them reads nothing again. */
        sync_mapping (self);
        for (guint c = 0; c < self->mapping_rows->len; c++)
          g_signal_connect_object (g_ptr_array_index (self->mapping_rows, c), "notify::selected",
                                   G_CALLBACK (mapping_changed_cb), self, 0);
        refresh (self);
        show_step (self, "preview");
      }
      return;
    case JOB_REMAP:
      gtk_widget_set_sensitive (GTK_WIDGET (self->mapping_group), TRUE);
      refresh (self);
      return;
    case JOB_APPLY:
      self->applying = FALSE;
      if (!ok)
        {
          gtk_label_set_label (self->apply_error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->apply_error_label), TRUE);
          show_step (self, "course");
          /* The rows were changed by the attempt's dry parts: read them again. */
          refresh (self);
          return;
        }
      imported (self, g_steal_pointer (&job->stats));
      return;
    }
}

static void
run_job (TaphuanImportDialog *self,
         Job                 *job)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, job_done_cb, NULL);

  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  self->busy = TRUE;
  update_actions (self);
  g_task_run_in_thread (task, job_thread);
}

/* ---- steps ------------------------------------------------------------- */

static gboolean
step_wanted (TaphuanImportDialog *self,
             const char          *step)
{
  if (g_str_equal (step, "problems"))
    return g_list_model_get_n_items (G_LIST_MODEL (self->problems_store)) > 0;
  if (g_str_equal (step, "duplicates"))
    return g_list_model_get_n_items (G_LIST_MODEL (self->duplicates_store)) > 0;
  return TRUE;
}

static const char *
step_title (const char *step)
{
  if (g_str_equal (step, "choose"))
    return _("Choose a File");
  if (g_str_equal (step, "preview"))
    return _("Check What Was Read");
  if (g_str_equal (step, "problems"))
    return _("Problems");
  if (g_str_equal (step, "duplicates"))
    return _("Possible Duplicates");
  if (g_str_equal (step, "course"))
    return _("Enrol and Import");
  return _("Done");
}

static int
step_index (const char *step)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_strcmp0 (steps[i], step) == 0)
      return (int) i;
  return 0;
}

static void
show_step (TaphuanImportDialog *self,
           const char          *step)
{
  self->step = steps[step_index (step)];
  gtk_stack_set_visible_child_name (self->stack, self->step);
  update_actions (self);
}

static void
step_changed_cb (TaphuanImportDialog *self)
{
  update_actions (self);
}

static void
count_rows (TaphuanImportDialog *self,
            guint               *n_new,
            guint               *n_merge,
            guint               *n_skip,
            guint               *n_errors)
{
  guint n = tp_import_get_n_rows (self->import);

  *n_new = *n_merge = *n_skip = *n_errors = 0;
  for (guint i = 0; i < n; i++)
    {
      const TpImportRow *row = tp_import_get_row (self->import, i);

      if (row->has_error)
        (*n_errors)++;
      else if (row->decision == TP_IMPORT_SKIP)
        (*n_skip)++;
      else if (row->decision == TP_IMPORT_MERGE)
        (*n_merge)++;
      else
        (*n_new)++;
    }
}

static void
update_summary (TaphuanImportDialog *self,
                guint                n_new,
                guint                n_merge,
                guint                n_skip,
                guint                n_errors)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint course = adw_combo_row_get_selected (self->course_row);
  guint left_out = n_skip + n_errors;

  if (n_new + n_merge == 0)
    {
      gtk_label_set_label (self->summary_label, _("Nothing to import: every row is skipped or has errors."));
      return;
    }
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "%u new person will be added.",
                                             "%u new people will be added.", n_new), n_new);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "%u row will be merged into a person already registered.",
                                             "%u rows will be merged into people already registered.",
                                             n_merge), n_merge);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "%u row will be left out.",
                                             "%u rows will be left out.", left_out), left_out);
  if (course != GTK_INVALID_LIST_POSITION && course > 0)
    {
      GtkStringObject *item = g_list_model_get_item (adw_combo_row_get_model (self->course_row), course);

      g_string_append_c (text, '\n');
      g_string_append_printf (text, _("Everyone imported or merged will be enrolled in %s."),
                              gtk_string_object_get_string (item));
      g_object_unref (item);
    }
  gtk_label_set_label (self->summary_label, text->str);
}

static void
update_actions (TaphuanImportDialog *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean have = self->import != NULL && !self->busy;
  guint n_new = 0, n_merge = 0, n_skip = 0, n_errors = 0;
  gboolean blocked, done = g_strcmp0 (self->step, "done") == 0;
  const char *step = self->step;
  int index = step_index (step);
  guint shown = 0, position = 0;

  if (have)
    count_rows (self, &n_new, &n_merge, &n_skip, &n_errors);
  blocked = n_errors > 0 && !self->skip_invalid;

  g_clear_pointer (&self->blocked_reason, g_free);
  if (have && blocked)
    self->blocked_reason =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                    "%u row has errors, so nothing can be imported. Correct the file and choose it again, or switch on “Import the valid rows only”.",
                                    "%u rows have errors, so nothing can be imported. Correct the file and choose them again, or switch on “Import the valid rows only”.",
                                    n_errors), n_errors);
  else if (have && n_new + n_merge == 0)
    self->blocked_reason = g_strdup (_("Nothing to import: every row is skipped or has errors."));
  gtk_label_set_label (self->blocked_label, self->blocked_reason ? self->blocked_reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->blocked_label), self->blocked_reason != NULL);
  if (have)
    update_summary (self, n_new, n_merge, n_skip, n_errors);

  gtk_widget_action_set_enabled (widget, "import.choose-file", !self->busy && !done);
  gtk_widget_action_set_enabled (widget, "import.back", !self->busy && index > 0 && !done);
  gtk_widget_action_set_enabled (widget, "import.next",
                                 have && index >= 1 && index <= 3 &&
                                 !(g_str_equal (step, "problems") && blocked));
  gtk_widget_action_set_enabled (widget, "import.apply",
                                 have && g_str_equal (step, "course") && self->blocked_reason == NULL);
  gtk_widget_action_set_enabled (widget, "import.decide", have);
  gtk_widget_action_set_enabled (widget, "import.undo",
                                 done && self->stats != NULL && self->stats->batch_id != NULL &&
                                 !self->undone);

  gtk_widget_set_visible (self->cancel_button, !done);
  gtk_widget_set_visible (self->back_button, index > 0 && !done);
  gtk_widget_set_visible (GTK_WIDGET (self->primary_button), index > 0);
  if (done)
    {
      gtk_button_set_label (self->primary_button, _("_Close"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->primary_button), "window.close");
    }
  else if (g_str_equal (step, "course"))
    {
      gtk_button_set_label (self->primary_button, _("_Import"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->primary_button), "import.apply");
    }
  else
    {
      gtk_button_set_label (self->primary_button, _("_Next"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->primary_button), "import.next");
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->primary_button),
                               !done && index >= 1 && self->blocked_reason != NULL &&
                               (g_str_equal (step, "problems") || g_str_equal (step, "course"))
                               ? self->blocked_reason : NULL);

  /* "Step 2 of 4": only the steps this file needs. */
  for (guint i = 0; i + 1 < G_N_ELEMENTS (steps); i++)
    if (i < 2 || self->import == NULL || step_wanted (self, steps[i]))
      {
        shown++;
        if ((int) i <= index)
          position = shown;
      }
  if (done)
    adw_window_title_set_subtitle (self->window_title, step_title (step));
  else
    {
      g_autofree char *subtitle = NULL;

      /* Translators: "Step 2 of 5: Check What Was Read" */
      subtitle = g_strdup_printf (_("Step %u of %u: %s"), position, shown, step_title (step));
      adw_window_title_set_subtitle (self->window_title, subtitle);
    }
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TaphuanImportDialog *self = TAPHUAN_IMPORT_DIALOG (widget);

  for (guint i = step_index (self->step) + 1; i + 1 < G_N_ELEMENTS (steps); i++)
    if (step_wanted (self, steps[i]))
      {
        show_step (self, steps[i]);
        return;
      }
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TaphuanImportDialog *self = TAPHUAN_IMPORT_DIALOG (widget);

  for (int i = step_index (self->step) - 1; i >= 0; i--)
    if (self->import == NULL || step_wanted (self, steps[i]))
      {
        show_step (self, steps[i]);
        return;
      }
}

/* ---- choosing a file ---------------------------------------------------- */

void
taphuan_import_dialog_open_file (TaphuanImportDialog *self,
                                 GFile               *file)
{
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  Job *job;

  g_return_if_fail (TAPHUAN_IS_IMPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->busy || self->db_path == NULL)
    return;
  g_set_object (&self->file, file);
  g_clear_pointer (&self->import, tp_import_free);
  gtk_widget_set_visible (GTK_WIDGET (self->choose_error_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->apply_error_label), FALSE);

  name = g_file_get_basename (file);
  /* Translators: %s is a file name */
  text = g_strdup_printf (_("Reading “%s”…"), name);
  job = g_new0 (Job, 1);
  job->kind = JOB_READ;
  job->db_path = g_strdup (self->db_path);
  job->file = g_object_ref (file);
  run_job (self, job);
  show_busy (self, text);
}

static void
file_chosen_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TaphuanImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = taphuan_compat_choose_file_finish (result, &error);

  if (file != NULL && !g_cancellable_is_cancelled (self->cancellable))
    taphuan_import_dialog_open_file (self, file);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  TaphuanImportDialog *self = TAPHUAN_IMPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Spreadsheets saved as CSV or TSV"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_mime_type (filter, "text/tab-separated-values");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_filter_add_pattern (filter, "*.tsv");
  gtk_file_filter_add_pattern (filter, "*.txt");
  taphuan_compat_choose_file_async (GTK_WINDOW (self), _("Import a List of People"), FALSE, NULL,
                                    filter, self->cancellable, file_chosen_cb, g_object_ref (self));
}

static gboolean
drop_cb (GtkDropTarget       *target,
         const GValue        *value,
         double               x,
         double               y,
         TaphuanImportDialog *self)
{
  GFile *file = g_value_get_object (value);

  if (file == NULL || self->busy || self->applying || g_strcmp0 (self->step, "done") == 0)
    return FALSE;
  taphuan_import_dialog_open_file (self, file);
  return TRUE;
}

/* ---- column mapping and decisions ---------------------------------------- */

static void
mapping_changed_cb (AdwComboRow         *row,
                    GParamSpec          *pspec,
                    TaphuanImportDialog *self)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "column"));
  guint field = adw_combo_row_get_selected (row);
  Job *job;

  if (self->updating || self->import == NULL || self->busy ||
      field >= TP_IMPORT_N_FIELDS || field == (guint) tp_import_get_column_field (self->import, column))
    return;
  job = g_new0 (Job, 1);
  job->kind = JOB_REMAP;
  job->import = g_steal_pointer (&self->import);
  job->column = column;
  job->field = field;
  gtk_widget_set_sensitive (GTK_WIDGET (self->mapping_group), FALSE);
  gtk_spinner_start (self->remap_spinner);
  run_job (self, job);
}

static void
decide (TaphuanImportDialog *self,
        guint                index,
        TpImportDecision     decision)
{
  GListModel *model = G_LIST_MODEL (self->duplicates_store);

  if (self->import == NULL || index >= tp_import_get_n_rows (self->import))
    return;
  tp_import_set_decision (self->import, index, decision);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if ((guint) atoi (gtk_string_object_get_string (item)) == index)
        {
          g_object_set_data (G_OBJECT (item), "decision",
                             GINT_TO_POINTER (tp_import_get_row (self->import, index)->decision));
          g_list_store_splice (self->duplicates_store, i, 1, (gpointer *) &item, 1);
          break;
        }
    }
  fill_preview (self);
  update_actions (self);
}

static void
decide_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  TaphuanImportDialog *self = TAPHUAN_IMPORT_DIALOG (widget);
  guint32 index;
  const char *what;
  TpImportDecision decision;

  g_variant_get (param, "(u&s)", &index, &what);
  if (g_str_equal (what, "merge"))
    decision = TP_IMPORT_MERGE;
  else if (g_str_equal (what, "new"))
    decision = TP_IMPORT_NEW;
  else if (g_str_equal (what, "skip"))
    decision = TP_IMPORT_SKIP;
  else
    return;
  decide (self, index, decision);
}

/* ---- importing and undo ------------------------------------------------ */

typedef struct
{
  TaphuanWindow       *window;   /* weak */
  TaphuanImportDialog *dialog;   /* weak */
  char                *batch_id;
} UndoImport;

static void
undo_import_free (gpointer data)
{
  UndoImport *undo = data;

  g_clear_weak_pointer (&undo->window);
  g_clear_weak_pointer (&undo->dialog);
  g_free (undo->batch_id);
  g_free (undo);
}

static void
undo_import (gpointer data)
{
  UndoImport *undo = data;
  g_autoptr(GError) error = NULL;
  TpDb *db;

  if (undo->window == NULL || (db = taphuan_window_get_db (undo->window)) == NULL)
    return;
  if (!tp_import_undo (db, undo->batch_id, &error))
    {
      taphuan_window_report_error (undo->window, _("Could not undo the import"), error);
      return;
    }
  taphuan_window_data_changed (undo->window, TAPHUAN_CHANGED_ALL);
  taphuan_window_show_toast (undo->window, _("Import undone"));
  if (undo->dialog != NULL)
    {
      undo->dialog->undone = TRUE;
      adw_status_page_set_title (undo->dialog->done_page, _("Import Undone"));
      adw_status_page_set_description (undo->dialog->done_page,
                                       _("Everything the import added or changed was taken back."));
      gtk_widget_set_visible (undo->dialog->undo_button, FALSE);
      update_actions (undo->dialog);
    }
}

static void
imported (TaphuanImportDialog *self,
          TpImportStats       *stats)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *name = g_file_get_basename (self->file);
  g_autofree char *toast = NULL;
  guint left_out;

  g_clear_pointer (&self->stats, tp_import_stats_free);
  self->stats = stats;
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u new person added",
                                             "%u new people added", stats->n_new), stats->n_new);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                             "%u matched a person already registered",
                                             "%u matched people already registered",
                                             stats->n_matched), stats->n_matched);
  g_string_append_c (text, '\n');
  /* Rows with errors were left out too (only possible with skip_invalid). */
  left_out = stats->n_skipped + stats->n_errors;
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u row skipped", "%u rows skipped",
                                             left_out), left_out);
  if (self->course_title != NULL)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u person enrolled in %s",
                                                 "%u people enrolled in %s", stats->n_enrolled),
                              stats->n_enrolled, self->course_title);
      if (stats->n_already_enrolled > 0)
        {
          g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, " (%u was already)",
                                                     " (%u were already)", stats->n_already_enrolled),
                                  stats->n_already_enrolled);
        }
    }
  adw_status_page_set_description (self->done_page, text->str);
  gtk_widget_set_visible (self->undo_button, stats->batch_id != NULL);
  show_step (self, "done");

  if (self->window != NULL && stats->batch_id != NULL)
    {
      UndoImport *undo = g_new0 (UndoImport, 1);

      g_set_weak_pointer (&undo->window, self->window);
      g_set_weak_pointer (&undo->dialog, self);
      undo->batch_id = g_strdup (stats->batch_id);
      taphuan_window_data_changed (self->window, TAPHUAN_CHANGED_ALL);
      /* Translators: "Imported “danh-sach.csv”: 12 new, 3 matched" */
      toast = g_strdup_printf (_("Imported “%s”: %u new, %u matched"), name, stats->n_new, stats->n_matched);
      taphuan_window_show_undo_toast (self->window, toast, undo_import, undo, undo_import_free);
    }
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  TaphuanImportDialog *self = TAPHUAN_IMPORT_DIALOG (widget);
  guint course = adw_combo_row_get_selected (self->course_row);
  Job *job;

  if (self->import == NULL || self->busy)
    return;
  g_clear_pointer (&self->course_title, g_free);
  job = g_new0 (Job, 1);
  job->kind = JOB_APPLY;
  job->skip_invalid = self->skip_invalid;
  if (course != GTK_INVALID_LIST_POSITION && course > 0 && course < self->course_codes->len)
    {
      GtkStringObject *item = g_list_model_get_item (adw_combo_row_get_model (self->course_row), course);

      job->course_code = g_strdup (g_ptr_array_index (self->course_codes, course));
      self->course_title = g_strdup (gtk_string_object_get_string (item));
      g_object_unref (item);
    }
  job->stats = tp_import_stats_new ();
  job->import = g_steal_pointer (&self->import);
  self->applying = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self->apply_error_label), FALSE);
  run_job (self, job);
  show_busy (self, _("Importing…"));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TaphuanImportDialog *self = TAPHUAN_IMPORT_DIALOG (widget);
  UndoImport *undo;

  if (self->stats == NULL || self->stats->batch_id == NULL || self->undone)
    return;
  /* The window's Undo is this import's while the toast shows: use it, so
   * the toast goes too. */
  if (self->window != NULL &&
      gtk_widget_activate_action (GTK_WIDGET (self->window), "win.undo", NULL) && self->undone)
    return;
  undo = g_new0 (UndoImport, 1);
  g_set_weak_pointer (&undo->window, self->window);
  g_set_weak_pointer (&undo->dialog, self);
  undo->batch_id = g_strdup (self->stats->batch_id);
  undo_import (undo);
  undo_import_free (undo);
}

/* ---- list rows ----------------------------------------------------------- */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (GPOINTER_TO_UINT (user_data) == CELL_ROW)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (list_item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GObject *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  char **cells = g_object_get_data (item, "cells");
  guint cell = GPOINTER_TO_UINT (user_data);
  int level = GPOINTER_TO_INT (g_object_get_data (item, "level"));

  gtk_label_set_label (GTK_LABEL (label), cells != NULL ? cells[cell] : "");
  gtk_widget_set_tooltip_text (label, cells != NULL && *cells[cell] ? cells[cell] : NULL);
  if (cell == CELL_STATUS || cell == CELL_ROW)
    {
      gtk_widget_remove_css_class (label, "error");
      gtk_widget_remove_css_class (label, "warning");
      if (level == 2)
        gtk_widget_add_css_class (label, "error");
      else if (level == 1)
        gtk_widget_add_css_class (label, "warning");
    }
}

static void
add_column (TaphuanImportDialog *self,
            const char          *title,
            guint                cell,
            gboolean             expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GUINT_TO_POINTER (cell));
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GUINT_TO_POINTER (cell));
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->preview_view, column);
  g_object_unref (column);
}

static void
problem_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
problem_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GObject *item = gtk_list_item_get_item (list_item);
  GtkWidget *icon = gtk_widget_get_first_child (gtk_list_item_get_child (list_item));
  GtkWidget *label = gtk_widget_get_next_sibling (icon);
  gboolean error = GPOINTER_TO_INT (g_object_get_data (item, "severity")) == TP_IMPORT_ERROR;

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), error ? "dialog-error-symbolic" : "dialog-warning-symbolic");
  gtk_widget_remove_css_class (icon, error ? "warning" : "error");
  gtk_widget_add_css_class (icon, error ? "error" : "warning");
  gtk_label_set_label (GTK_LABEL (label), gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  error ? _("Error") : _("Warning"), -1);
}

typedef struct
{
  TaphuanImportDialog *self;
  GtkWidget           *title;
  GtkWidget           *reason;
  GtkWidget           *file_header;
  GtkWidget           *values[2][N_SIDE];
  GtkWidget           *toggles[3];
  guint                index;
  gboolean             binding;
} DuplicateRow;

static const TpImportDecision toggle_decisions[3] = { TP_IMPORT_MERGE, TP_IMPORT_NEW, TP_IMPORT_SKIP };

static void
toggle_cb (GtkToggleButton *button,
           DuplicateRow    *row)
{
  if (row->binding || !gtk_toggle_button_get_active (button))
    return;
  for (guint i = 0; i < 3; i++)
    if (row->toggles[i] == GTK_WIDGET (button))
      decide (row->self, row->index, toggle_decisions[i]);
}

static GtkWidget *
grid_label (GtkGrid    *grid,
            const char *text,
            int         column,
            int         line,
            const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (column > 0)
    gtk_widget_set_hexpand (label, TRUE);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  gtk_grid_attach (grid, label, column, line, 1, 1);
  return label;
}

static void
duplicate_setup_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    TaphuanImportDialog      *self)
{
  DuplicateRow *row = g_new0 (DuplicateRow, 1);
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *heading = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *linked = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());
  const char *field_names[N_SIDE] = {
    _("Full name"), _("Birth"), _("Sex"), _("Organisation"), _("ID number"),
  };
  const char *toggle_labels[3] = {
    /* Translators: a choice for a possible duplicate */
    _("Merge"), C_("import decision", "New"), _("Skip"),
  };

  row->self = self;
  gtk_widget_add_css_class (card, "card");
  gtk_widget_set_margin_top (card, 6);
  gtk_widget_set_margin_bottom (card, 6);
  gtk_widget_set_margin_start (card, 6);
  gtk_widget_set_margin_end (card, 6);

  gtk_widget_set_margin_start (top, 12);
  gtk_widget_set_margin_end (top, 12);
  gtk_widget_set_margin_top (top, 12);
  row->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->title), 0);
  gtk_widget_add_css_class (row->title, "heading");
  row->reason = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->reason), 0);
  gtk_widget_add_css_class (row->reason, "dim-label");
  gtk_box_append (GTK_BOX (heading), row->title);
  gtk_box_append (GTK_BOX (heading), row->reason);
  gtk_widget_set_hexpand (heading, TRUE);
  gtk_box_append (GTK_BOX (top), heading);
  gtk_widget_add_css_class (linked, "linked");
  gtk_widget_set_valign (linked, GTK_ALIGN_CENTER);
  for (guint i = 0; i < 3; i++)
    {
      row->toggles[i] = gtk_toggle_button_new_with_label (toggle_labels[i]);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (row->toggles[i]), GTK_TOGGLE_BUTTON (row->toggles[0]));
      g_signal_connect (row->toggles[i], "toggled", G_CALLBACK (toggle_cb), row);
      gtk_box_append (GTK_BOX (linked), row->toggles[i]);
    }
  gtk_box_append (GTK_BOX (top), linked);
  gtk_box_append (GTK_BOX (card), top);

  gtk_grid_set_column_spacing (grid, 18);
  gtk_grid_set_row_spacing (grid, 4);
  gtk_widget_set_margin_start (GTK_WIDGET (grid), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (grid), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (grid), 12);
  row->file_header = grid_label (grid, NULL, 1, 0, "caption-heading");
  grid_label (grid, _("In the register"), 2, 0, "caption-heading");
  for (guint f = 0; f < N_SIDE; f++)
    {
      grid_label (grid, field_names[f], 0, f + 1, "dim-label");
      row->values[0][f] = grid_label (grid, NULL, 1, f + 1, NULL);
      row->values[1][f] = grid_label (grid, NULL, 2, f + 1, NULL);
    }
  gtk_box_append (GTK_BOX (card), GTK_WIDGET (grid));

  g_object_set_data_full (G_OBJECT (list_item), "row", row, g_free);
  gtk_list_item_set_child (list_item, card);
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
duplicate_bind_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *list_item,
                   TaphuanImportDialog      *self)
{
  DuplicateRow *row = g_object_get_data (G_OBJECT (list_item), "row");
  GObject *item = gtk_list_item_get_item (list_item);
  char **file = g_object_get_data (item, "file");
  char **registered = g_object_get_data (item, "register");
  guint line = GPOINTER_TO_UINT (g_object_get_data (item, "line"));
  TpImportDecision decision = GPOINTER_TO_INT (g_object_get_data (item, "decision"));
  g_autofree char *title = NULL;
  g_autofree char *header = NULL;

  row->binding = TRUE;
  row->index = (guint) atoi (gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
  /* Translators: "Row 4: Đặng Thị Hòa" */
  title = g_strdup_printf (_("Row %u: %s"), line, file[SIDE_NAME]);
  gtk_label_set_label (GTK_LABEL (row->title), title);
  gtk_label_set_label (GTK_LABEL (row->reason), g_object_get_data (item, "reason"));
  header = g_strdup_printf (_("In the file (row %u)"), line);
  gtk_label_set_label (GTK_LABEL (row->file_header), header);
  for (guint f = 0; f < N_SIDE; f++)
    {
      gboolean differ = *file[f] && *registered[f] && g_strcmp0 (file[f], registered[f]) != 0;

      gtk_label_set_label (GTK_LABEL (row->values[0][f]), *file[f] ? file[f] : "—");
      gtk_label_set_label (GTK_LABEL (row->values[1][f]), *registered[f] ? registered[f] : "—");
      for (guint s = 0; s < 2; s++)
        {
          if (differ)
            gtk_widget_add_css_class (row->values[s][f], "accent");
          else
            gtk_widget_remove_css_class (row->values[s][f], "accent");
        }
    }
  for (guint i = 0; i < 3; i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (row->toggles[i]), toggle_decisions[i] == decision);
  row->binding = FALSE;
}

/* ---- the object ---------------------------------------------------------- */

static void
course_selected_cb (TaphuanImportDialog *self)
{
  update_actions (self);
}

static gboolean
taphuan_import_dialog_close_request (GtkWindow *window)
{
  TaphuanImportDialog *self = TAPHUAN_IMPORT_DIALOG (window);

  /* The transaction finishes in well under a second; let it. */
  if (self->applying)
    return TRUE;
  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (taphuan_import_dialog_parent_class)->close_request (window);
}

static void
taphuan_import_dialog_dispose (GObject *object)
{
  TaphuanImportDialog *self = TAPHUAN_IMPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_IMPORT_DIALOG);
  G_OBJECT_CLASS (taphuan_import_dialog_parent_class)->dispose (object);
}

static void
taphuan_import_dialog_finalize (GObject *object)
{
  TaphuanImportDialog *self = TAPHUAN_IMPORT_DIALOG (object);

  g_clear_weak_pointer (&self->window);
  g_free (self->db_path);
  g_clear_object (&self->file);
  g_clear_pointer (&self->import, tp_import_free);
  g_clear_object (&self->preview_store);
  g_clear_object (&self->problems_store);
  g_clear_object (&self->duplicates_store);
  g_clear_object (&self->field_names);
  g_clear_pointer (&self->mapping_rows, g_ptr_array_unref);
  g_clear_pointer (&self->course_codes, g_ptr_array_unref);
  g_clear_pointer (&self->ethnicity_names, g_hash_table_unref);
  g_clear_object (&self->cancellable);
  g_free (self->blocked_reason);
  g_free (self->course_title);
  g_clear_pointer (&self->stats, tp_import_stats_free);
  G_OBJECT_CLASS (taphuan_import_dialog_parent_class)->finalize (object);
}

static void
taphuan_import_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  TaphuanImportDialog *self = TAPHUAN_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SKIP_INVALID:
      g_value_set_boolean (value, self->skip_invalid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
taphuan_import_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  TaphuanImportDialog *self = TAPHUAN_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SKIP_INVALID:
      if (self->skip_invalid != g_value_get_boolean (value))
        {
          self->skip_invalid = g_value_get_boolean (value);
          update_actions (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
taphuan_import_dialog_class_init (TaphuanImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = taphuan_import_dialog_dispose;
  object_class->finalize = taphuan_import_dialog_finalize;
  object_class->get_property = taphuan_import_dialog_get_property;
  object_class->set_property = taphuan_import_dialog_set_property;
  window_class->close_request = taphuan_import_dialog_close_request;

  properties[PROP_SKIP_INVALID] =
    g_param_spec_boolean ("skip-invalid", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, primary_button);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, choose_error_label);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, busy_spinner);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, busy_label);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, busy_progress);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, legacy_banner);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, legacy_label);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, file_label);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, remap_spinner);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, notes_box);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, preview_caption);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, preview_view);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, mapping_group);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, unrecognised_label);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, problems_summary);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, skip_box);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, blocked_label);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, problems_view);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, duplicates_summary);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, duplicates_view);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, course_row);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, apply_error_label);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, TaphuanImportDialog, undo_button);
  gtk_widget_class_bind_template_callback (widget_class, step_changed_cb);

  gtk_widget_class_install_action (widget_class, "import.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "import.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "import.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "import.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "import.decide", "(us)", decide_action);
  gtk_widget_class_install_action (widget_class, "import.undo", NULL, undo_action);
  gtk_widget_class_install_property_action (widget_class, "import.skip-invalid", "skip-invalid");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
taphuan_import_dialog_init (TaphuanImportDialog *self)
{
  GtkListItemFactory *factory;
  GtkNoSelection *selection;
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->mapping_rows = g_ptr_array_new ();
  self->course_codes = g_ptr_array_new_with_free_func (g_free);
  self->ethnicity_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->step = steps[0];

  self->field_names = gtk_string_list_new (NULL);
  /* Translators: what a column holds: nothing to import */
  gtk_string_list_append (self->field_names, _("Ignore"));
  for (guint f = 1; f < TP_IMPORT_N_FIELDS; f++)
    gtk_string_list_append (self->field_names, tp_import_field_label (f));

  self->preview_store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->preview_store)));
  gtk_column_view_set_model (self->preview_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  add_column (self, _("Row"), CELL_ROW, FALSE);
  add_column (self, _("Full name"), CELL_NAME, TRUE);
  add_column (self, _("Sex"), CELL_SEX, FALSE);
  add_column (self, _("Birth"), CELL_BIRTH, FALSE);
  add_column (self, _("Ethnicity"), CELL_ETHNICITY, FALSE);
  add_column (self, _("Organisation"), CELL_ORGANISATION, TRUE);
  add_column (self, _("Position"), CELL_POSITION, FALSE);
  add_column (self, _("Phone"), CELL_PHONE, FALSE);
  add_column (self, _("ID number"), CELL_ID, FALSE);
  add_column (self, _("Status"), CELL_STATUS, TRUE);

  self->problems_store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (problem_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (problem_bind_cb), self);
  gtk_list_view_set_factory (self->problems_view, factory);
  g_object_unref (factory);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->problems_store)));
  gtk_list_view_set_model (self->problems_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  self->duplicates_store = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (duplicate_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (duplicate_bind_cb), self);
  gtk_list_view_set_factory (self->duplicates_view, factory);
  g_object_unref (factory);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->duplicates_store)));
  gtk_list_view_set_model (self->duplicates_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  g_signal_connect_swapped (self->course_row, "notify::selected", G_CALLBACK (course_selected_cb), self);

  drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  update_actions (self);
}

TaphuanImportDialog *
taphuan_import_dialog_new (TaphuanWindow *window)
{
  TaphuanImportDialog *self;
  GtkStringList *names;
  TpDb *db;

  g_return_val_if_fail (TAPHUAN_IS_WINDOW (window), NULL);

  self = g_object_new (TAPHUAN_TYPE_IMPORT_DIALOG, NULL);
  gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (window));
  g_set_weak_pointer (&self->window, window);
  self->db_path = g_strdup (taphuan_window_get_database_path (window));

  /* Newest first, as tp_store_list_courses gives them. */
  names = gtk_string_list_new (NULL);
  gtk_string_list_append (names, _("Don’t enrol"));
  g_ptr_array_add (self->course_codes, NULL);
  db = taphuan_window_get_db (window);
  if (db != NULL)
    {
      g_autoptr(GPtrArray) courses = tp_store_list_courses (db, NULL, NULL);

      for (guint i = 0; courses != NULL && i < courses->len; i++)
        {
          TpCourse *course = g_ptr_array_index (courses, i);
          /* Translators: a course in a list: "LCU-2026-01 — Tập huấn về giới" */
          g_autofree char *label = g_strdup_printf (_("%s — %s"), course->code, course->title);

          gtk_string_list_append (names, label);
          g_ptr_array_add (self->course_codes, g_strdup (course->code));
        }
    }
  adw_combo_row_set_model (self->course_row, G_LIST_MODEL (names));
  g_object_unref (names);
  adw_combo_row_set_selected (self->course_row, 0);
  return self;
}

/* ---- for tests ----------------------------------------------------------- */

gboolean
taphuan_import_dialog_is_busy (TaphuanImportDialog *self)
{
  g_return_val_if_fail (TAPHUAN_IS_IMPORT_DIALOG (self), FALSE);
  return self->busy;
}

const char *
taphuan_import_dialog_get_step (TaphuanImportDialog *self)
{
  g_return_val_if_fail (TAPHUAN_IS_IMPORT_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GListModel *
taphuan_import_dialog_get_preview (TaphuanImportDialog *self)
{
  g_return_val_if_fail (TAPHUAN_IS_IMPORT_DIALOG (self), NULL);
  return G_LIST_MODEL (self->preview_store);
}

const char *
taphuan_import_dialog_get_cell (TaphuanImportDialog *self,
                                guint                row,
                                const char          *column)
{
  g_autoptr(GObject) item = NULL;
  char **cells;

  g_return_val_if_fail (TAPHUAN_IS_IMPORT_DIALOG (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->preview_store), row);
  if (item == NULL)
    return NULL;
  cells = g_object_get_data (item, "cells");
  for (guint c = 0; c < N_CELLS; c++)
    if (g_strcmp0 (cell_keys[c], column) == 0)
      return cells[c];
  return NULL;
}

AdwComboRow *
taphuan_import_dialog_get_mapping_row (TaphuanImportDialog *self,
                                       guint                column)
{
  g_return_val_if_fail (TAPHUAN_IS_IMPORT_DIALOG (self), NULL);
  return column < self->mapping_rows->len ? g_ptr_array_index (self->mapping_rows, column) : NULL;
}

GListModel *
taphuan_import_dialog_get_problems (TaphuanImportDialog *self)
{
  g_return_val_if_fail (TAPHUAN_IS_IMPORT_DIALOG (self), NULL);
  return G_LIST_MODEL (self->problems_store);
}

GListModel *
taphuan_import_dialog_get_duplicates (TaphuanImportDialog *self)
{
  g_return_val_if_fail (TAPHUAN_IS_IMPORT_DIALOG (self), NULL);
  return G_LIST_MODEL (self->duplicates_store);
}

char *
taphuan_import_dialog_describe_duplicate (TaphuanImportDialog *self,
                                          guint                position)
{
  g_autoptr(GObject) item = NULL;
  g_autofree char *file = NULL, *registered = NULL;

  g_return_val_if_fail (TAPHUAN_IS_IMPORT_DIALOG (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->duplicates_store), position);
  if (item == NULL)
    return NULL;
  file = g_strjoinv (" | ", g_object_get_data (item, "file"));
  registered = g_strjoinv (" | ", g_object_get_data (item, "register"));
  return g_strdup_printf ("%s || %s", file, registered);
}

const char *
taphuan_import_dialog_get_blocked_reason (TaphuanImportDialog *self)
{
  g_return_val_if_fail (TAPHUAN_IS_IMPORT_DIALOG (self), NULL);
  return self->blocked_reason;
}

AdwComboRow *
taphuan_import_dialog_get_course_row (TaphuanImportDialog *self)
{
  g_return_val_if_fail (TAPHUAN_IS_IMPORT_DIALOG (self), NULL);
  return self->course_row;
}

const TpImportStats *
taphuan_import_dialog_get_stats (TaphuanImportDialog *self)
{
  g_return_val_if_fail (TAPHUAN_IS_IMPORT_DIALOG (self), NULL);
  return self->stats;
}
