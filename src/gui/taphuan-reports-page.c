/* taphuan-reports-page.c: the Reports section. The report is computed by
 * the core (tp-report.h) in a worker thread on its own connection to the
 * database file, so a large register never freezes the window. The figures
 * are shown as tables, one per part of the report; every number is a button
 * that lists the people or courses behind it. Exports go through the core
 * writers, also off the main thread. The report itself holds counts only;
 * the drill-down shows names because it stays inside the app. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "taphuan-compat.h"
#include "taphuan-reports-page.h"
#include "taphuan-window.h"
#include "tp-format.h"
#include "tp-refdata.h"
#include "tp-store.h"
#include "tp-text.h"

/* ---- a report shared with worker threads -------------------------------- */

typedef struct
{
  TpReport *report;
} SharedReport;

static void
shared_report_clear (SharedReport *shared)
{
  g_clear_pointer (&shared->report, tp_report_free);
}

static SharedReport *
shared_report_new (TpReport *report)
{
  SharedReport *shared = g_atomic_rc_box_new0 (SharedReport);

  shared->report = report;
  return shared;
}

static SharedReport *
shared_report_ref (SharedReport *shared)
{
  return g_atomic_rc_box_acquire (shared);
}

static void
shared_report_unref (SharedReport *shared)
{
  g_atomic_rc_box_release_full (shared, (GDestroyNotify) shared_report_clear);
}

/* ---- list items: one row of a table ------------------------------------ */

#define N_CELLS 6

#define TAPHUAN_TYPE_REPORT_ITEM (taphuan_report_item_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanReportItem, taphuan_report_item, TAPHUAN, REPORT_ITEM, GObject)

struct _TaphuanReportItem
{
  GObject  parent_instance;

  char    *texts[N_CELLS];
  char    *keys[N_CELLS];   /* figure keys of the cells (figures table) */
  char    *course_id;       /* drill-down rows */
  char    *person_id;
  char    *sort_key;
};

G_DEFINE_FINAL_TYPE (TaphuanReportItem, taphuan_report_item, G_TYPE_OBJECT)

static void
taphuan_report_item_finalize (GObject *object)
{
  TaphuanReportItem *self = TAPHUAN_REPORT_ITEM (object);

  for (guint i = 0; i < N_CELLS; i++)
    {
      g_free (self->texts[i]);
      g_free (self->keys[i]);
    }
  g_free (self->course_id);
  g_free (self->person_id);
  g_free (self->sort_key);
  G_OBJECT_CLASS (taphuan_report_item_parent_class)->finalize (object);
}

static void
taphuan_report_item_class_init (TaphuanReportItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = taphuan_report_item_finalize;
}

static void
taphuan_report_item_init (TaphuanReportItem *self)
{
}

/* ---- the page ---------------------------------------------------------- */

struct _TaphuanReportsPage
{
  AdwBin          parent_instance;

  /* template */
  AdwComboRow    *period_row;
  AdwActionRow   *year_row;
  GtkSpinButton  *year_spin;
  AdwEntryRow    *from_row;
  AdwEntryRow    *to_row;
  AdwComboRow    *province_row;
  AdwComboRow    *type_row;
  GtkLabel       *period_label;
  GtkSpinner     *spinner;
  GtkStack       *result_stack;
  AdwStatusPage  *error_page;
  GtkLabel       *notice_label;
  GtkDrawingArea *type_chart;
  GtkDrawingArea *group_chart;
  GtkBox         *sections_box;

  TpDb           *db;
  GPtrArray      *province_ids;   /* row i + 1 of province_row */
  GPtrArray      *type_ids;       /* row i + 1 of type_row */
  SharedReport   *report;
  char           *error_message;
  GCancellable   *cancellable;    /* the computation in flight */
  GCancellable   *life;           /* cancelled when the page goes */
  guint64         serial;         /* the database's change serial when computed */
  gboolean        busy;
  gboolean        stale;
  gboolean        updating;       /* setting the controls from code */

  GtkWidget      *window;         /* weak: the TaphuanWindow we follow */
  gulong          state_handler;
};

G_DEFINE_FINAL_TYPE (TaphuanReportsPage, taphuan_reports_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void populate (TaphuanReportsPage *self);

/* ---- numbers ------------------------------------------------------------ */

/* "40,000,000" / "6.25" in English, "40.000.000" / "6,25" in Vietnamese. */
static char *
group_digits (const char *digits)
{
  /* Translators: the thousands separator in figures ("," in English, "." in Vietnamese) */
  const char *sep = C_("number", ",");
  GString *out = g_string_new (NULL);
  size_t len = strlen (digits);

  for (size_t i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static char *
display_value (TpReport   *report,
               const char *key)
{
  double value;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *whole = NULL;
  g_autofree char *grouped = NULL;
  const char *sign;
  char *point;
  size_t len;

  if (!tp_report_get_value (report, key, &value))
    return g_strdup ("—");
  sign = value < 0 ? "−" : "";
  value = fabs (value);
  if (value == floor (value) && value < 1e15)
    {
      whole = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);
      grouped = group_digits (whole);
      return g_strconcat (sign, grouped, NULL);
    }
  g_ascii_formatd (buf, sizeof buf, "%.2f", value);
  len = strlen (buf);
  while (len > 0 && buf[len - 1] == '0')
    buf[--len] = '\0';
  point = strchr (buf, '.');
  if (point == NULL)
    return g_strconcat (sign, buf, NULL);
  *point = '\0';
  grouped = group_digits (buf);
  /* Translators: the decimal separator in figures ("." in English, "," in Vietnamese) */
  return g_strconcat (sign, grouped, C_("number", "."), point + 1, NULL);
}

/* ---- busy and errors ---------------------------------------------------- */

static void
set_busy (TaphuanReportsPage *self,
          gboolean            busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
update_actions (TaphuanReportsPage *self)
{
  gboolean ready = self->report != NULL && self->report->report != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.print", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-pdf", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-csv", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "reports.export-json", ready);
}

static void
clear_report (TaphuanReportsPage *self)
{
  g_clear_pointer (&self->report, shared_report_unref);
  update_actions (self);
}

static void
show_error (TaphuanReportsPage *self,
            const char         *message)
{
  clear_report (self);
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->result_stack, "error");
}

static void
show_alert (TaphuanReportsPage *self,
            const char         *heading,
            const char         *body)
{
  GtkWidget *alert = taphuan_compat_alert_new (heading, body);

  taphuan_compat_alert_add_response (alert, "close", _("_Close"), FALSE, TRUE);
  taphuan_compat_alert_present (alert, GTK_WIDGET (self), NULL, NULL);
}

/* ---- the period and the filters ---------------------------------------- */

static TaphuanReportPeriod
get_period_kind (TaphuanReportsPage *self)
{
  guint selected = adw_combo_row_get_selected (self->period_row);

  return selected <= TAPHUAN_REPORT_PERIOD_RANGE ? (TaphuanReportPeriod) selected
                                                 : TAPHUAN_REPORT_PERIOD_REPORTING_YEAR;
}

static const char *
selected_id (AdwComboRow *row,
             GPtrArray   *ids)
{
  guint selected = adw_combo_row_get_selected (row);

  if (ids == NULL || selected == GTK_INVALID_LIST_POSITION || selected == 0 || selected > ids->len)
    return NULL;
  return g_ptr_array_index (ids, selected - 1);
}

/* The query for the chosen period and filters; FALSE with a message the
 * user can act on. */
static gboolean
build_query (TaphuanReportsPage  *self,
             char               **from,
             char               **to,
             GError             **error)
{
  int year = gtk_spin_button_get_value_as_int (self->year_spin);

  switch (get_period_kind (self))
    {
    case TAPHUAN_REPORT_PERIOD_CALENDAR_YEAR:
      *from = g_strdup_printf ("%04d-01-01", year);
      *to = g_strdup_printf ("%04d-12-31", year);
      return TRUE;
    case TAPHUAN_REPORT_PERIOD_RANGE:
      {
        g_autofree char *f = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->from_row))));
        g_autofree char *t = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->to_row))));

        if (*f == '\0' || *t == '\0')
          {
            g_set_error_literal (error, TP_ERROR, TP_ERROR_INVALID,
                                 _("Enter the first and the last day of the period, as YYYY-MM-DD."));
            return FALSE;
          }
        *from = g_steal_pointer (&f);
        *to = g_steal_pointer (&t);
        return TRUE;
      }
    case TAPHUAN_REPORT_PERIOD_REPORTING_YEAR:
    default:
      return tp_report_reporting_year (self->db, year, from, to, error);
    }
}

static void
update_period_rows (TaphuanReportsPage *self)
{
  gboolean range = get_period_kind (self) == TAPHUAN_REPORT_PERIOD_RANGE;

  gtk_widget_set_visible (GTK_WIDGET (self->year_row), !range);
  gtk_widget_set_visible (GTK_WIDGET (self->from_row), range);
  gtk_widget_set_visible (GTK_WIDGET (self->to_row), range);
}

static void
update_period_label (TaphuanReportsPage *self,
                     const char         *from,
                     const char         *to)
{
  g_autofree char *from_text = tp_format_date_short (from);
  g_autofree char *to_text = tp_format_date_short (to);
  g_autofree char *range = NULL;
  g_autoptr(GString) label = g_string_new (NULL);
  const char *province = selected_id (self->province_row, self->province_ids);
  const char *type = selected_id (self->type_row, self->type_ids);

  /* Translators: the period of a report: "15/12/2025 – 14/12/2026" */
  range = g_strdup_printf (_("%s – %s"), from_text ? from_text : from, to_text ? to_text : to);
  adw_action_row_set_subtitle (self->year_row, range);
  g_string_append (label, range);
  if (province != NULL)
    {
      g_autofree char *name = tp_refdata_province_name (self->db, province);

      g_string_append_printf (label, " · %s", name ? name : province);
    }
  if (type != NULL)
    {
      g_autofree char *name = tp_refdata_course_type_name (self->db, type);

      g_string_append_printf (label, " · %s", name ? name : type);
    }
  gtk_label_set_text (self->period_label, label->str);
}

/* The reporting year that contains today. */
static int
current_reporting_year (TpDb *db)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  int year = g_date_time_get_year (now);

  if (tp_report_reporting_year (db, year, &from, &to, NULL) && strcmp (today, to) > 0)
    year++;
  return year;
}

static GtkStringList *
ref_model_new (GPtrArray  *items,
               const char *all_label,
               GPtrArray  *ids)
{
  GtkStringList *model = gtk_string_list_new (NULL);

  gtk_string_list_append (model, all_label);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      TpRefItem *item = g_ptr_array_index (items, i);

      gtk_string_list_append (model, item->name);
      g_ptr_array_add (ids, g_strdup (item->id));
    }
  return model;
}

static void
fill_filters (TaphuanReportsPage *self)
{
  g_autoptr(GPtrArray) provinces = NULL;
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GtkStringList) province_model = NULL;
  g_autoptr(GtkStringList) type_model = NULL;

  g_clear_pointer (&self->province_ids, g_ptr_array_unref);
  g_clear_pointer (&self->type_ids, g_ptr_array_unref);
  self->province_ids = g_ptr_array_new_with_free_func (g_free);
  self->type_ids = g_ptr_array_new_with_free_func (g_free);
  if (self->db != NULL)
    {
      provinces = tp_refdata_list_provinces (self->db);
      types = tp_refdata_list_course_types (self->db);
    }
  province_model = ref_model_new (provinces, _("All provinces"), self->province_ids);
  type_model = ref_model_new (types, _("All course types"), self->type_ids);
  adw_combo_row_set_model (self->province_row, G_LIST_MODEL (province_model));
  adw_combo_row_set_model (self->type_row, G_LIST_MODEL (type_model));
  adw_combo_row_set_selected (self->province_row, 0);
  adw_combo_row_set_selected (self->type_row, 0);
}

/* ---- computing ---------------------------------------------------------- */

typedef struct
{
  char *path;
  char *from;
  char *to;
  char *province;
  char *type;
} ComputeData;

static void
compute_data_free (ComputeData *data)
{
  g_free (data->path);
  g_free (data->from);
  g_free (data->to);
  g_free (data->province);
  g_free (data->type);
  g_free (data);
}

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ComputeData *data = task_data;
  g_autoptr(TpDb) db = NULL;
  GError *error = NULL;
  TpReportQuery query = { data->from, data->to, data->province, data->type };
  TpReport *report;

  if (g_task_return_error_if_cancelled (task))
    return;
  /* The window has checked and migrated the file already. */
  db = tp_db_open_full (data->path, TP_DB_OPEN_EXISTING | TP_DB_OPEN_SKIP_CHECK, &error);
  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  report = tp_report_compute (db, &query, &error);
  if (report == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, report, (GDestroyNotify) tp_report_free);
}

static void
computed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  TaphuanReportsPage *self = TAPHUAN_REPORTS_PAGE (object);
  g_autoptr(GError) error = NULL;
  TpReport *report = g_task_propagate_pointer (G_TASK (result), &error);

  /* Only the newest computation counts: an older one, or one running when
   * the page went, was cancelled and GTask reports it so. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || g_task_get_cancellable (G_TASK (result)) != self->cancellable)
    {
      g_clear_pointer (&report, tp_report_free);
      return;
    }
  set_busy (self, FALSE);
  if (report == NULL)
    {
      show_error (self, error->message);
      return;
    }
  g_clear_pointer (&self->error_message, g_free);
  clear_report (self);
  self->report = shared_report_new (report);
  update_actions (self);
  populate (self);
}

void
taphuan_reports_page_refresh (TaphuanReportsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  ComputeData *data;

  g_return_if_fail (TAPHUAN_IS_REPORTS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->db == NULL)
    {
      set_busy (self, FALSE);
      return;
    }
  self->cancellable = g_cancellable_new ();
  self->stale = FALSE;
  self->serial = tp_db_get_change_serial (self->db);

  if (!build_query (self, &from, &to, &error))
    {
      set_busy (self, FALSE);
      gtk_label_set_text (self->period_label, "");
      show_error (self, error->message);
      return;
    }
  update_period_label (self, from, to);

  data = g_new0 (ComputeData, 1);
  data->path = g_strdup (tp_db_get_path (self->db));
  data->from = g_steal_pointer (&from);
  data->to = g_steal_pointer (&to);
  data->province = g_strdup (selected_id (self->province_row, self->province_ids));
  data->type = g_strdup (selected_id (self->type_row, self->type_ids));

  set_busy (self, TRUE);
  task = g_task_new (self, self->cancellable, computed_cb, NULL);
  g_task_set_source_tag (task, taphuan_reports_page_refresh);
  g_task_set_task_data (task, data, (GDestroyNotify) compute_data_free);
  g_task_run_in_thread (task, compute_thread);
}

/* ---- the tables --------------------------------------------------------- */

static const struct {
  const char *id;
  const char *title;
  const char *prefixes;   /* first parts of the keys, space-separated */
} sections[] = {
  { "courses", N_("Courses and sessions"), "courses sessions person_days person_days_by_sex" },
  { "participants", N_("Participants"),
    "enrolments people attended people_attended completed people_completed certified people_certified" },
  { "types", N_("Enrolments by course type"), "enrolments_by_type" },
  { "groups", N_("Enrolments by target group"), "by_target_group" },
  { "trainers", N_("Trainers and the cascade"), "trainers cascade" },
  { "tests", N_("Pre-test and post-test"), "tests" },
  { "budget", N_("Budget"), "budget budget_total cost_per_person_trained" },
  { "problems", N_("Gaps in the data"), "data_problems" },
  { "other", N_("Other figures"), "" },
};

static guint
section_of (const char *key)
{
  g_autofree char *first = NULL;
  const char *dot = strchr (key, '.');

  first = dot ? g_strndup (key, dot - key) : g_strdup (key);
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_auto(GStrv) words = g_strsplit (sections[i].prefixes, " ", -1);

      if (g_strv_contains ((const char * const *) words, first))
        return i;
    }
  return G_N_ELEMENTS (sections) - 1;
}

static const char *
cell_title (guint column)
{
  switch (column)
    {
    case 1: return _("Total");
    case 2: return _("Women");
    case 3: return _("Men");
    case 4: return _("Sex not recorded");
    default: return _("Figure");
    }
}

static void
label_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_set_margin_start (label, 6);
  gtk_list_item_set_child (list_item, label);
}

static void
label_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  TaphuanReportItem *item = gtk_list_item_get_item (list_item);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)),
                      item->texts[column] ? item->texts[column] : "");
}

static void
cell_clicked_cb (GtkButton          *button,
                 TaphuanReportsPage *self)
{
  const char *key = g_object_get_data (G_OBJECT (button), "taphuan-figure-key");

  if (key != NULL)
    taphuan_reports_page_drill_down (self, key);
}

static void
value_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                TaphuanReportsPage       *self)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new (NULL);

  /* Left-aligned like the column titles above them. */
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "numeric");
  gtk_button_set_child (GTK_BUTTON (button), label);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "figure");
  gtk_widget_set_tooltip_text (button, _("Show the records behind this figure"));
  g_signal_connect (button, "clicked", G_CALLBACK (cell_clicked_cb), self);
  gtk_list_item_set_child (list_item, button);
}

static void
value_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               TaphuanReportsPage       *self)
{
  TaphuanReportItem *item = gtk_list_item_get_item (list_item);
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));
  GtkWidget *button = gtk_list_item_get_child (list_item);
  GtkWidget *label = gtk_button_get_child (GTK_BUTTON (button));
  g_autofree char *accessible = NULL;

  g_object_set_data_full (G_OBJECT (button), "taphuan-figure-key", g_strdup (item->keys[column]), g_free);
  gtk_widget_set_visible (button, item->keys[column] != NULL);
  gtk_label_set_text (GTK_LABEL (label), item->texts[column] ? item->texts[column] : "");
  /* Translators: what a screen reader says for a figure: "Enrolments (person-times), Women: 5" */
  accessible = g_strdup_printf (_("%s, %s: %s"), item->texts[0], cell_title (column),
                                item->texts[column] ? item->texts[column] : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

static void
section_activate_cb (GtkColumnView      *view,
                     guint               position,
                     TaphuanReportsPage *self)
{
  g_autoptr(TaphuanReportItem) item = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (view)),
                                                             position);

  if (item != NULL && item->keys[1] != NULL)
    taphuan_reports_page_drill_down (self, item->keys[1]);
}

static GtkWidget *
section_view_new (TaphuanReportsPage *self,
                  GListModel         *rows)
{
  GtkNoSelection *selection = gtk_no_selection_new (g_object_ref (rows));
  GtkWidget *view = gtk_column_view_new (GTK_SELECTION_MODEL (selection));

  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (view), TRUE);
  gtk_column_view_set_reorderable (GTK_COLUMN_VIEW (view), FALSE);
  gtk_widget_add_css_class (view, "card");
  gtk_widget_add_css_class (view, "data-table");
  gtk_widget_add_css_class (view, "report-table");
  g_signal_connect (view, "activate", G_CALLBACK (section_activate_cb), self);

  for (guint c = 0; c < 5; c++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (c));
      if (c == 0)
        {
          g_signal_connect (factory, "setup", G_CALLBACK (label_setup_cb), self);
          g_signal_connect (factory, "bind", G_CALLBACK (label_bind_cb), self);
        }
      else
        {
          g_signal_connect (factory, "setup", G_CALLBACK (value_setup_cb), self);
          g_signal_connect (factory, "bind", G_CALLBACK (value_bind_cb), self);
        }
      column = gtk_column_view_column_new (cell_title (c), g_object_ref (factory));
      if (c == 0)
        gtk_column_view_column_set_expand (column, TRUE);
      else
        gtk_column_view_column_set_fixed_width (column, 160);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
    }
  return view;
}

static TaphuanReportItem *
row_item_new (TpReport          *report,
              const TpReportRow *row)
{
  TaphuanReportItem *item = g_object_new (TAPHUAN_TYPE_REPORT_ITEM, NULL);
  const char *keys[] = { NULL, row->total, row->female, row->male, row->unknown };

  item->texts[0] = g_strdup (row->label);
  item->keys[0] = g_strdup (row->key);
  for (guint c = 1; c < G_N_ELEMENTS (keys); c++)
    if (keys[c] != NULL)
      {
        item->keys[c] = g_strdup (keys[c]);
        item->texts[c] = display_value (report, keys[c]);
      }
  return item;
}

static void
populate (TaphuanReportsPage *self)
{
  TpReport *report = self->report->report;
  GPtrArray *rows = tp_report_get_rows (report);
  GListStore *stores[G_N_ELEMENTS (sections)] = { NULL, };
  GtkWidget *child;
  double courses = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sections_box))) != NULL)
    gtk_box_remove (self->sections_box, child);

  for (guint i = 0; i < rows->len; i++)
    {
      const TpReportRow *row = g_ptr_array_index (rows, i);
      g_autoptr(TaphuanReportItem) item = row_item_new (report, row);
      guint s = section_of (row->key);

      if (stores[s] == NULL)
        stores[s] = g_list_store_new (TAPHUAN_TYPE_REPORT_ITEM);
      g_list_store_append (stores[s], item);
    }

  for (guint s = 0; s < G_N_ELEMENTS (sections); s++)
    {
      GtkWidget *box, *heading;

      if (stores[s] == NULL)
        continue;
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      gtk_widget_set_name (box, sections[s].id);
      heading = gtk_label_new (_(sections[s].title));
      gtk_label_set_xalign (GTK_LABEL (heading), 0);
      gtk_widget_add_css_class (heading, "heading");
      gtk_box_append (GTK_BOX (box), heading);
      gtk_box_append (GTK_BOX (box), section_view_new (self, G_LIST_MODEL (stores[s])));
      gtk_box_append (self->sections_box, box);
      g_object_unref (stores[s]);
    }

  tp_report_get_value (report, "courses.total", &courses);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), courses == 0);
  gtk_label_set_text (self->notice_label,
                      _("No course starts in this period. A course counts in the period it starts in; cancelled courses are left out."));
  gtk_widget_queue_draw (GTK_WIDGET (self->type_chart));
  gtk_widget_queue_draw (GTK_WIDGET (self->group_chart));
  gtk_stack_set_visible_child_name (self->result_stack, "report");
}

/* ---- charts ------------------------------------------------------------- */

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  TaphuanReportsPage *self = TAPHUAN_REPORTS_PAGE (user_data);
  TpReportChart chart = area == self->type_chart ? TP_REPORT_CHART_BY_COURSE_TYPE
                                                 : TP_REPORT_CHART_BY_TARGET_GROUP;
  /* The chart is drawn in points for paper; larger on screen. */
  const double scale = 1.35, pad = 12;

  if (self->report == NULL || self->report->report == NULL)
    return;
  /* Paper-white under the paper's black text, in light and dark styles. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_translate (cr, pad, pad);
  cairo_scale (cr, scale, scale);
  tp_report_draw_chart (self->report->report, chart, cr,
                        (width - 2 * pad) / scale, (height - 2 * pad) / scale);
}

/* ---- drill-down --------------------------------------------------------- */

typedef struct
{
  TaphuanReportsPage *page;          /* weak */
  TpReportRefKind     kind;
  GListStore         *rows;
  GtkStack           *stack;
  GCancellable       *cancellable;
  int                 n_rows;        /* -1 while loading */
} DrillDown;

static void
drill_down_free (DrillDown *drill)
{
  g_cancellable_cancel (drill->cancellable);
  g_clear_object (&drill->cancellable);
  g_clear_object (&drill->rows);
  g_clear_weak_pointer (&drill->page);
  g_free (drill);
}

typedef struct
{
  char            *path;
  GPtrArray       *refs;
  TpReportRefKind  kind;
} DrillData;

static void
drill_data_free (DrillData *data)
{
  g_free (data->path);
  g_clear_pointer (&data->refs, g_ptr_array_unref);
  g_free (data);
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  TaphuanReportItem *x = *(TaphuanReportItem **) a;
  TaphuanReportItem *y = *(TaphuanReportItem **) b;

  return g_strcmp0 (x->sort_key, y->sort_key);
}

static void
drill_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DrillData *data = task_data;
  g_autoptr(TpDb) db = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) courses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) tp_course_free);
  GError *error = NULL;

  db = tp_db_open_full (data->path, TP_DB_OPEN_EXISTING | TP_DB_OPEN_SKIP_CHECK, &error);
  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < data->refs->len; i++)
    {
      TpReportRef *ref = g_ptr_array_index (data->refs, i);
      TaphuanReportItem *item = g_object_new (TAPHUAN_TYPE_REPORT_ITEM, NULL);
      TpCourse *course = NULL;

      if (g_task_return_error_if_cancelled (task))
        {
          g_object_unref (item);
          return;
        }
      if (ref->course_id != NULL)
        {
          course = g_hash_table_lookup (courses, ref->course_id);
          if (course == NULL && (course = tp_store_get_course (db, ref->course_id, NULL)) != NULL)
            g_hash_table_insert (courses, g_strdup (ref->course_id), course);
        }
      item->course_id = g_strdup (ref->course_id);
      item->person_id = g_strdup (ref->person_id);

      if (data->kind == TP_REPORT_REF_COURSE)
        {
          g_autofree char *date = course ? tp_format_date_short (course->start_date) : NULL;

          item->texts[0] = g_strdup (course && course->code ? course->code : "");
          item->texts[1] = g_strdup (course ? course->title : ref->course_id);
          item->texts[2] = g_strdup (date ? date : (course && course->start_date ? course->start_date : ""));
          item->texts[3] = course && course->province_code
                           ? tp_refdata_province_name (db, course->province_code) : NULL;
          item->texts[4] = course && course->type_id
                           ? tp_refdata_course_type_name (db, course->type_id) : NULL;
          item->sort_key = g_strdup_printf ("%s\t%s", course && course->start_date ? course->start_date : "",
                                            item->texts[0]);
        }
      else
        {
          g_autoptr(TpPerson) person = tp_store_get_person (db, ref->person_id, NULL);
          g_autofree char *name_key = NULL;

          if (person != NULL)
            {
              name_key = tp_text_name_sort_key (person->family_name, person->middle_name,
                                                person->given_name, person->sort_name);
              item->texts[0] = g_strdup (person->full_name);
              item->texts[1] = g_strdup (person->sex == TP_SEX_UNKNOWN ? _("Not recorded")
                                                                       : tp_sex_label (person->sex));
              item->texts[2] = person->birth_year > 0 ? g_strdup_printf ("%d", person->birth_year) : NULL;
              item->texts[3] = g_strdup (person->organization);
            }
          else
            item->texts[0] = g_strdup (ref->person_id);
          if (data->kind == TP_REPORT_REF_ENROLMENT && course != NULL)
            item->texts[4] = g_strdup (course->code && *course->code ? course->code : course->title);
          item->sort_key = g_strdup_printf ("%s\t%s", name_key ? name_key : "",
                                            item->texts[4] ? item->texts[4] : "");
        }
      g_ptr_array_add (items, item);
    }
  g_ptr_array_sort (items, compare_items);
  g_task_return_pointer (task, g_steal_pointer (&items), (GDestroyNotify) g_ptr_array_unref);
}

static void
drill_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GtkWindow *window = GTK_WINDOW (object);
  DrillDown *drill = g_object_get_data (G_OBJECT (window), "taphuan-drill-down");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_task_propagate_pointer (G_TASK (result), &error);

  if (drill == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (items == NULL)
    {
      GtkWidget *status = gtk_stack_get_child_by_name (drill->stack, "error");

      adw_status_page_set_description (ADW_STATUS_PAGE (status), error->message);
      gtk_stack_set_visible_child_name (drill->stack, "error");
      drill->n_rows = 0;
      return;
    }
  g_list_store_splice (drill->rows, 0, 0, items->pdata, items->len);
  drill->n_rows = items->len;
  gtk_stack_set_visible_child_name (drill->stack, items->len > 0 ? "list" : "empty");
}

static void
drill_row_activated_cb (GtkColumnView *view,
                        guint          position,
                        GtkWindow     *window)
{
  DrillDown *drill = g_object_get_data (G_OBJECT (window), "taphuan-drill-down");
  g_autoptr(TaphuanReportItem) item = g_list_model_get_item (G_LIST_MODEL (drill->rows), position);
  GtkRoot *root;

  if (item == NULL || drill->page == NULL)
    return;
  root = gtk_widget_get_root (GTK_WIDGET (drill->page));
  if (!TAPHUAN_IS_WINDOW (root))
    return;
  if (drill->kind == TP_REPORT_REF_COURSE)
    taphuan_window_show_course (TAPHUAN_WINDOW (root), item->course_id);
  else
    taphuan_window_show_person (TAPHUAN_WINDOW (root), item->person_id);
  gtk_window_destroy (window);
}

static GtkWidget *
drill_view_new (GtkWindow       *window,
                DrillDown       *drill)
{
  static const char *person_titles[] = { N_("Name"), N_("Sex"), N_("Born"), N_("Organisation"), N_("Course") };
  static const char *course_titles[] = { N_("Code"), N_("Title"), N_("Starts"), N_("Province"), N_("Course type") };
  const char **titles = drill->kind == TP_REPORT_REF_COURSE ? course_titles : person_titles;
  guint n_columns = drill->kind == TP_REPORT_REF_ENROLMENT ? 5 : drill->kind == TP_REPORT_REF_PERSON ? 4 : 5;
  GtkNoSelection *selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (drill->rows)));
  GtkWidget *view = gtk_column_view_new (GTK_SELECTION_MODEL (selection));

  gtk_column_view_set_show_row_separators (GTK_COLUMN_VIEW (view), TRUE);
  gtk_widget_add_css_class (view, "data-table");
  g_signal_connect_object (view, "activate", G_CALLBACK (drill_row_activated_cb), window, 0);
  for (guint c = 0; c < n_columns; c++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (c));
      g_signal_connect (factory, "setup", G_CALLBACK (label_setup_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (label_bind_cb), NULL);
      column = gtk_column_view_column_new (_(titles[c]), g_object_ref (factory));
      gtk_column_view_column_set_resizable (column, TRUE);
      if (c == 0 || (c == 1 && drill->kind == TP_REPORT_REF_COURSE)
          || (c == 3 && drill->kind != TP_REPORT_REF_COURSE))
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
    }
  return view;
}

static const TpReportRow *
find_row (TpReport   *report,
          const char *key,
          guint      *column)
{
  GPtrArray *rows = tp_report_get_rows (report);

  for (guint i = 0; i < rows->len; i++)
    {
      const TpReportRow *row = g_ptr_array_index (rows, i);
      const char *keys[] = { NULL, row->total, row->female, row->male, row->unknown };

      for (guint c = 1; c < G_N_ELEMENTS (keys); c++)
        if (g_strcmp0 (keys[c], key) == 0)
          {
            *column = c;
            return row;
          }
    }
  return NULL;
}

static char *
count_text (TpReportRefKind kind,
            guint           n)
{
  g_autofree char *number = tp_format_count_ui (n);

  switch (kind)
    {
    case TP_REPORT_REF_COURSE:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s course", "%s courses", n), number);
    case TP_REPORT_REF_PERSON:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s person", "%s people", n), number);
    case TP_REPORT_REF_ENROLMENT:
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s enrolment", "%s enrolments", n), number);
    }
}

GtkWindow *
taphuan_reports_page_drill_down (TaphuanReportsPage *self,
                                 const char         *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refs = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *count = NULL;
  g_autofree char *subtitle = NULL;
  TpReportRefKind kind = TP_REPORT_REF_COURSE;
  const TpReportRow *row;
  guint column = 1;
  GtkWidget *window, *box, *header, *title, *stack, *scrolled, *status, *spinner;
  GtkRoot *root;
  DrillDown *drill;
  DrillData *data;

  g_return_val_if_fail (TAPHUAN_IS_REPORTS_PAGE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (self->report == NULL || self->db == NULL)
    return NULL;
  refs = tp_report_drill_down (self->report->report, key, &kind, &error);
  if (refs == NULL)
    {
      show_alert (self, _("Nothing to Show"), error->message);
      return NULL;
    }
  row = find_row (self->report->report, key, &column);

  window = adw_window_new ();
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 820, 560);
  gtk_window_set_title (GTK_WINDOW (window), row ? row->label : key);

  drill = g_new0 (DrillDown, 1);
  g_set_weak_pointer (&drill->page, self);
  drill->kind = kind;
  drill->rows = g_list_store_new (TAPHUAN_TYPE_REPORT_ITEM);
  drill->cancellable = g_cancellable_new ();
  drill->n_rows = -1;
  g_object_set_data_full (G_OBJECT (window), "taphuan-drill-down", drill, (GDestroyNotify) drill_down_free);
  /* Rows arriving after the window closed must not touch its widgets. */
  g_signal_connect_swapped (window, "destroy", G_CALLBACK (g_cancellable_cancel), drill->cancellable);

  count = count_text (kind, refs->len);
  /* Translators: under the title of a drill-down: "Women · 5 enrolments" */
  subtitle = row && column > 1 ? g_strdup_printf (_("%s · %s"), cell_title (column), count)
                               : g_strdup (count);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  title = adw_window_title_new (row ? row->label : key, subtitle);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_box_append (GTK_BOX (box), header);

  stack = gtk_stack_new ();
  gtk_widget_set_vexpand (stack, TRUE);
  drill->stack = GTK_STACK (stack);
  spinner = gtk_spinner_new ();
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_size_request (spinner, 32, 32);
  gtk_widget_set_halign (spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (spinner, GTK_ALIGN_CENTER);
  gtk_stack_add_named (GTK_STACK (stack), spinner, "loading");
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), drill_view_new (GTK_WINDOW (window), drill));
  gtk_stack_add_named (GTK_STACK (stack), scrolled, "list");
  status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "edit-find-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("No Records"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), _("Nobody and nothing is counted in this figure."));
  gtk_stack_add_named (GTK_STACK (stack), status, "empty");
  status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "dialog-warning-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("The Records Could Not Be Read"));
  gtk_stack_add_named (GTK_STACK (stack), status, "error");
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "loading");
  gtk_box_append (GTK_BOX (box), stack);
  adw_window_set_content (ADW_WINDOW (window), box);

  {
    GtkEventController *keys = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (window, keys);
  }

  data = g_new0 (DrillData, 1);
  data->path = g_strdup (tp_db_get_path (self->db));
  data->refs = g_steal_pointer (&refs);
  data->kind = kind;
  task = g_task_new (window, drill->cancellable, drill_loaded_cb, NULL);
  g_task_set_source_tag (task, taphuan_reports_page_drill_down);
  g_task_set_task_data (task, data, (GDestroyNotify) drill_data_free);
  g_task_run_in_thread (task, drill_thread);

  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

int
taphuan_reports_drill_down_get_n_rows (GtkWindow *window)
{
  DrillDown *drill = g_object_get_data (G_OBJECT (window), "taphuan-drill-down");

  return drill != NULL ? drill->n_rows : -1;
}

/* ---- export ------------------------------------------------------------- */

typedef struct
{
  SharedReport *report;
  char         *format;
  char         *path;
} ExportData;

static void
export_data_free (ExportData *data)
{
  shared_report_unref (data->report);
  g_free (data->format);
  g_free (data->path);
  g_free (data);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  GError *error = NULL;

  if (tp_report_write_file (data->report->report, data->format, data->path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  TaphuanReportsPage *self = TAPHUAN_REPORTS_PAGE (object);
  ExportData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GtkRoot *root;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_alert (self, _("The Report Was Not Saved"), error->message);
      return;
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (TAPHUAN_IS_WINDOW (root))
    {
      g_autofree char *name = g_path_get_basename (data->path);
      /* Translators: %s is a file name */
      g_autofree char *text = g_strdup_printf (_("Report saved as “%s”"), name);

      taphuan_window_show_toast (TAPHUAN_WINDOW (root), text);
    }
}

typedef struct
{
  TaphuanReportsPage *page;   /* owned */
  char               *format;
} ExportRequest;

static void
export_request_free (ExportRequest *request)
{
  g_object_unref (request->page);
  g_free (request->format);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportRequest, export_request_free)

static void
export_chosen_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ExportRequest) request = user_data;
  TaphuanReportsPage *self = request->page;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = taphuan_compat_choose_file_finish (result, &error);
  g_autoptr(GTask) task = NULL;
  ExportData *data;

  if (file == NULL || self->report == NULL || g_cancellable_is_cancelled (self->life))
    return;
  data = g_new0 (ExportData, 1);
  data->path = g_file_get_path (file);
  if (data->path == NULL)
    {
      export_data_free (data);
      show_alert (self, _("The Report Was Not Saved"), _("The chosen place is not a local file."));
      return;
    }
  data->report = shared_report_ref (self->report);
  data->format = g_strdup (request->format);
  task = g_task_new (self, self->life, exported_cb, NULL);
  g_task_set_source_tag (task, export_chosen_cb);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TaphuanReportsPage *self = TAPHUAN_REPORTS_PAGE (widget);
  const char *format = strrchr (action_name, '-') + 1;   /* reports.export-FORMAT */
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = NULL;
  g_autofree char *upper = g_ascii_strup (format, -1);
  g_autofree char *title = NULL;
  g_autofree char *filter_name = NULL;
  ExportRequest *request;
  TpReport *report;

  if (self->report == NULL)
    return;
  report = self->report->report;
  /* Translators: the start of an exported report's file name, no spaces */
  name = g_strdup_printf ("%s-%s-%s.%s", C_("file name", "training-report"),
                          tp_report_get_from (report), tp_report_get_to (report), format);
  /* Translators: the title of the file chooser; %s is PDF, CSV or JSON */
  title = g_strdup_printf (_("Export the Report as %s"), upper);
  gtk_file_filter_add_suffix (filter, format);
  /* Translators: a file type in the file chooser: "PDF files" */
  filter_name = g_strdup_printf (_("%s files"), upper);
  gtk_file_filter_set_name (filter, filter_name);

  request = g_new0 (ExportRequest, 1);
  request->page = g_object_ref (self);
  request->format = g_strdup (format);
  taphuan_compat_choose_file_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, title, TRUE,
                                    name, filter, self->life, export_chosen_cb, request);
}

/* ---- printing ----------------------------------------------------------- */

/* The core draws the same pages as the PDF export (tp_report_draw_page),
 * from the paper's corner in points, keeping its own margins. */
static void
print_begin_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                SharedReport      *shared)
{
  gtk_print_operation_set_n_pages (operation,
                                   tp_report_page_count (shared->report,
                                                         gtk_print_context_get_width (context),
                                                         gtk_print_context_get_height (context)));
}

static void
print_draw_page_cb (GtkPrintOperation *operation,
                    GtkPrintContext   *context,
                    int                page_nr,
                    SharedReport      *shared)
{
  tp_report_draw_page (shared->report, gtk_print_context_get_cairo_context (context), page_nr,
                       gtk_print_context_get_width (context), gtk_print_context_get_height (context));
}

GtkPrintOperation *
taphuan_reports_page_new_print_operation (TaphuanReportsPage *self)
{
  GtkPrintOperation *operation;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  g_return_val_if_fail (TAPHUAN_IS_REPORTS_PAGE (self), NULL);
  if (self->report == NULL || self->report->report == NULL)
    return NULL;

  operation = gtk_print_operation_new ();
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);
  /* Translators: the print job's name */
  gtk_print_operation_set_job_name (operation, _("Training report"));
  gtk_page_setup_set_paper_size (setup, a4);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (operation, setup);
  /* The report being printed stays even if the page computes a new one. */
  g_signal_connect_data (operation, "begin-print", G_CALLBACK (print_begin_cb),
                         shared_report_ref (self->report), (GClosureNotify) shared_report_unref, 0);
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (print_draw_page_cb),
                         shared_report_ref (self->report), (GClosureNotify) shared_report_unref, 0);
  return operation;
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               TaphuanReportsPage      *self)
{
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        show_alert (self, _("The Report Was Not Printed"), error->message);
    }
  g_object_unref (operation);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TaphuanReportsPage *self = TAPHUAN_REPORTS_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkPrintOperation *operation = taphuan_reports_page_new_print_operation (self);
  g_autoptr(GError) error = NULL;

  if (operation == NULL)
    return;
  /* Released in print_done_cb once the (asynchronous) job is over. */
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);
  gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                           GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error);
  if (error != NULL)
    show_alert (self, _("The Report Was Not Printed"), error->message);
}

/* ---- following the window ---------------------------------------------- */

static void
window_state_cb (TaphuanReportsPage *self)
{
  TpDb *db = NULL;

  if (self->window != NULL
      && taphuan_window_get_state (TAPHUAN_WINDOW (self->window)) == TAPHUAN_WINDOW_READY)
    db = taphuan_window_get_db (TAPHUAN_WINDOW (self->window));
  if (db != self->db)
    taphuan_reports_page_set_db (self, db);
}

static void
taphuan_reports_page_root (GtkWidget *widget)
{
  TaphuanReportsPage *self = TAPHUAN_REPORTS_PAGE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (taphuan_reports_page_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (TAPHUAN_IS_WINDOW (root))
    {
      g_set_weak_pointer (&self->window, GTK_WIDGET (root));
      self->state_handler = g_signal_connect_object (root, "notify::state",
                                                     G_CALLBACK (window_state_cb), self,
                                                     G_CONNECT_SWAPPED);
      window_state_cb (self);
    }
}

static void
taphuan_reports_page_unroot (GtkWidget *widget)
{
  TaphuanReportsPage *self = TAPHUAN_REPORTS_PAGE (widget);

  if (self->window != NULL)
    g_clear_signal_handler (&self->state_handler, self->window);
  g_clear_weak_pointer (&self->window);
  GTK_WIDGET_CLASS (taphuan_reports_page_parent_class)->unroot (widget);
}

/* Shown again after the data changed: compute again. */
static void
taphuan_reports_page_map (GtkWidget *widget)
{
  TaphuanReportsPage *self = TAPHUAN_REPORTS_PAGE (widget);

  GTK_WIDGET_CLASS (taphuan_reports_page_parent_class)->map (widget);

  if (self->db != NULL && (self->stale || self->serial != tp_db_get_change_serial (self->db)))
    taphuan_reports_page_refresh (self);
}

/* ---- the controls ------------------------------------------------------- */

static void
period_changed_cb (TaphuanReportsPage *self)
{
  update_period_rows (self);
  if (self->updating)
    return;
  if (get_period_kind (self) == TAPHUAN_REPORT_PERIOD_RANGE)
    {
      /* Start the range from the period shown. */
      if (self->report != NULL
          && *gtk_editable_get_text (GTK_EDITABLE (self->from_row)) == '\0'
          && *gtk_editable_get_text (GTK_EDITABLE (self->to_row)) == '\0')
        {
          gtk_editable_set_text (GTK_EDITABLE (self->from_row), tp_report_get_from (self->report->report));
          gtk_editable_set_text (GTK_EDITABLE (self->to_row), tp_report_get_to (self->report->report));
        }
    }
  taphuan_reports_page_refresh (self);
}

static void
year_changed_cb (TaphuanReportsPage *self)
{
  if (!self->updating)
    taphuan_reports_page_refresh (self);
}

static void
range_applied_cb (TaphuanReportsPage *self)
{
  if (!self->updating)
    taphuan_reports_page_refresh (self);
}

static void
filter_changed_cb (TaphuanReportsPage *self)
{
  if (!self->updating)
    taphuan_reports_page_refresh (self);
}

/* ---- public ------------------------------------------------------------- */

void
taphuan_reports_page_set_db (TaphuanReportsPage *self,
                             TpDb               *db)
{
  g_return_if_fail (TAPHUAN_IS_REPORTS_PAGE (self));
  g_return_if_fail (db == NULL || TP_IS_DB (db));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);
  g_set_object (&self->db, db);
  clear_report (self);
  g_clear_pointer (&self->error_message, g_free);
  gtk_label_set_text (self->period_label, "");
  gtk_stack_set_visible_child_name (self->result_stack, "none");

  self->updating = TRUE;
  fill_filters (self);
  if (db != NULL)
    gtk_spin_button_set_value (self->year_spin, current_reporting_year (db));
  self->updating = FALSE;

  self->stale = db != NULL;
  if (db != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    taphuan_reports_page_refresh (self);
}

void
taphuan_reports_page_set_period (TaphuanReportsPage  *self,
                                 TaphuanReportPeriod  kind,
                                 int                  year,
                                 const char          *from,
                                 const char          *to)
{
  g_return_if_fail (TAPHUAN_IS_REPORTS_PAGE (self));

  self->updating = TRUE;
  adw_combo_row_set_selected (self->period_row, kind);
  if (kind == TAPHUAN_REPORT_PERIOD_RANGE)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->from_row), from ? from : "");
      gtk_editable_set_text (GTK_EDITABLE (self->to_row), to ? to : "");
    }
  else
    gtk_spin_button_set_value (self->year_spin, year);
  self->updating = FALSE;
  update_period_rows (self);
  taphuan_reports_page_refresh (self);
}

static guint
find_id (GPtrArray  *ids,
         const char *id)
{
  guint index;

  if (id == NULL || ids == NULL)
    return 0;
  if (g_ptr_array_find_with_equal_func (ids, id, g_str_equal, &index))
    return index + 1;
  return 0;
}

void
taphuan_reports_page_set_filters (TaphuanReportsPage *self,
                                  const char         *province_code,
                                  const char         *course_type)
{
  g_return_if_fail (TAPHUAN_IS_REPORTS_PAGE (self));

  self->updating = TRUE;
  adw_combo_row_set_selected (self->province_row, find_id (self->province_ids, province_code));
  adw_combo_row_set_selected (self->type_row, find_id (self->type_ids, course_type));
  self->updating = FALSE;
  taphuan_reports_page_refresh (self);
}

gboolean
taphuan_reports_page_get_busy (TaphuanReportsPage *self)
{
  g_return_val_if_fail (TAPHUAN_IS_REPORTS_PAGE (self), FALSE);
  return self->busy;
}

TpReport *
taphuan_reports_page_get_report (TaphuanReportsPage *self)
{
  g_return_val_if_fail (TAPHUAN_IS_REPORTS_PAGE (self), NULL);
  return self->report != NULL ? self->report->report : NULL;
}

const char *
taphuan_reports_page_get_error (TaphuanReportsPage *self)
{
  g_return_val_if_fail (TAPHUAN_IS_REPORTS_PAGE (self), NULL);
  return self->error_message;
}

/* ---- GObject ------------------------------------------------------------ */

static void
taphuan_reports_page_dispose (GObject *object)
{
  TaphuanReportsPage *self = TAPHUAN_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->life);
  if (self->window != NULL)
    g_clear_signal_handler (&self->state_handler, self->window);
  g_clear_weak_pointer (&self->window);
  clear_report (self);
  g_clear_object (&self->db);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_REPORTS_PAGE);
  G_OBJECT_CLASS (taphuan_reports_page_parent_class)->dispose (object);
}

static void
taphuan_reports_page_finalize (GObject *object)
{
  TaphuanReportsPage *self = TAPHUAN_REPORTS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->life);
  g_clear_pointer (&self->province_ids, g_ptr_array_unref);
  g_clear_pointer (&self->type_ids, g_ptr_array_unref);
  g_free (self->error_message);
  G_OBJECT_CLASS (taphuan_reports_page_parent_class)->finalize (object);
}

static void
taphuan_reports_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TaphuanReportsPage *self = TAPHUAN_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
taphuan_reports_page_class_init (TaphuanReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_reports_page_dispose;
  object_class->finalize = taphuan_reports_page_finalize;
  object_class->get_property = taphuan_reports_page_get_property;
  widget_class->root = taphuan_reports_page_root;
  widget_class->unroot = taphuan_reports_page_unroot;
  widget_class->map = taphuan_reports_page_map;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TaphuanReportsPage, period_row);
  gtk_widget_class_bind_template_child (widget_class, TaphuanReportsPage, year_row);
  gtk_widget_class_bind_template_child (widget_class, TaphuanReportsPage, year_spin);
  gtk_widget_class_bind_template_child (widget_class, TaphuanReportsPage, from_row);
  gtk_widget_class_bind_template_child (widget_class, TaphuanReportsPage, to_row);
  gtk_widget_class_bind_template_child (widget_class, TaphuanReportsPage, province_row);
  gtk_widget_class_bind_template_child (widget_class, TaphuanReportsPage, type_row);
  gtk_widget_class_bind_template_child (widget_class, TaphuanReportsPage, period_label);
  gtk_widget_class_bind_template_child (widget_class, TaphuanReportsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, TaphuanReportsPage, result_stack);
  gtk_widget_class_bind_template_child (widget_class, TaphuanReportsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, TaphuanReportsPage, notice_label);
  gtk_widget_class_bind_template_child (widget_class, TaphuanReportsPage, type_chart);
  gtk_widget_class_bind_template_child (widget_class, TaphuanReportsPage, group_chart);
  gtk_widget_class_bind_template_child (widget_class, TaphuanReportsPage, sections_box);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, year_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, range_applied_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);

  gtk_widget_class_install_action (widget_class, "reports.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "reports.export-pdf", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "reports.export-csv", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "reports.export-json", NULL, export_action);
}

static void
taphuan_reports_page_init (TaphuanReportsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->life = g_cancellable_new ();
  gtk_drawing_area_set_draw_func (self->type_chart, draw_chart, self, NULL);
  gtk_drawing_area_set_draw_func (self->group_chart, draw_chart, self, NULL);
  update_period_rows (self);
  update_actions (self);
}
