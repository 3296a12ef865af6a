/* taphuan-course-certificates.c: a course's Certificates section.
 *
 * Everything that reads or writes many rows (eligibility of a 2,000-person
 * course, issuing, loading snapshots for printing and export) runs in a
 * GTask thread on its own TpDb opened on the same file, so the main loop
 * never waits on the disk; SQLite's WAL lets the window's connection read
 * meanwhile. Single-row writes (revoke, reissue, make a source trainer) are
 * one short transaction each and stay on the main thread. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "taphuan-certificate-print.h"
#include "taphuan-certificate-texts-dialog.h"
#include "taphuan-compat.h"
#include "taphuan-course-certificates.h"
#include "taphuan-window.h"
#include "tp-certificates.h"
#include "tp-doc-certificate.h"
#include "tp-refdata.h"
#include "tp-store.h"

/* Lists longer than this in the cascade end in "and N more". */
#define CASCADE_ROWS_MAX 200
/* Height of a row of the list: two lines of text and their margins. */
#define ROW_HEIGHT 58

/* ---- a row: one enrolled person and their certificate ------------------ */

#define TAPHUAN_TYPE_CERT_ENTRY (taphuan_cert_entry_get_type ())
G_DECLARE_FINAL_TYPE (TaphuanCertEntry, taphuan_cert_entry, TAPHUAN, CERT_ENTRY, GObject)

struct _TaphuanCertEntry
{
  GObject        parent_instance;

  char          *person_id;
  char          *name;
  char          *detail;
  char          *status;
  char         **status_classes;
  gboolean       eligible;
  gboolean       trainer;
  GPtrArray     *certificates;   /* keeps @certificate alive */
  TpCertificate *certificate;    /* the valid one, else the newest, or NULL */
  GMenuModel    *menu;
};

enum {
  ENTRY_PROP_0,
  ENTRY_PROP_PERSON_ID,
  ENTRY_PROP_NAME,
  ENTRY_PROP_DETAIL,
  ENTRY_PROP_STATUS,
  ENTRY_PROP_STATUS_CLASSES,
  ENTRY_PROP_ELIGIBLE,
  ENTRY_PROP_TRAINER,
  ENTRY_PROP_REGISTER_NO,
  ENTRY_PROP_CERTIFICATE_ID,
  ENTRY_PROP_MENU,
  ENTRY_PROP_HAS_MENU,
  ENTRY_N_PROPS
};

static GParamSpec *entry_props[ENTRY_N_PROPS];

G_DEFINE_FINAL_TYPE (TaphuanCertEntry, taphuan_cert_entry, G_TYPE_OBJECT)

static void
taphuan_cert_entry_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TaphuanCertEntry *self = TAPHUAN_CERT_ENTRY (object);

  switch (prop_id)
    {
    case ENTRY_PROP_PERSON_ID:
      g_value_set_string (value, self->person_id);
      break;
    case ENTRY_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case ENTRY_PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case ENTRY_PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    case ENTRY_PROP_STATUS_CLASSES:
      g_value_set_boxed (value, self->status_classes);
      break;
    case ENTRY_PROP_ELIGIBLE:
      g_value_set_boolean (value, self->eligible);
      break;
    case ENTRY_PROP_TRAINER:
      g_value_set_boolean (value, self->trainer);
      break;
    case ENTRY_PROP_REGISTER_NO:
      g_value_set_string (value, self->certificate ? self->certificate->register_no : NULL);
      break;
    case ENTRY_PROP_CERTIFICATE_ID:
      g_value_set_string (value, self->certificate ? self->certificate->id : NULL);
      break;
    case ENTRY_PROP_MENU:
      g_value_set_object (value, self->menu);
      break;
    case ENTRY_PROP_HAS_MENU:
      g_value_set_boolean (value, self->menu != NULL && g_menu_model_get_n_items (self->menu) > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
taphuan_cert_entry_finalize (GObject *object)
{
  TaphuanCertEntry *self = TAPHUAN_CERT_ENTRY (object);

  g_free (self->person_id);
  g_free (self->name);
  g_free (self->detail);
  g_free (self->status);
  g_strfreev (self->status_classes);
  g_clear_pointer (&self->certificates, g_ptr_array_unref);
  g_clear_object (&self->menu);
  G_OBJECT_CLASS (taphuan_cert_entry_parent_class)->finalize (object);
}

static void
taphuan_cert_entry_class_init (TaphuanCertEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->get_property = taphuan_cert_entry_get_property;
  object_class->finalize = taphuan_cert_entry_finalize;

  entry_props[ENTRY_PROP_PERSON_ID] = g_param_spec_string ("person-id", NULL, NULL, NULL, flags);
  entry_props[ENTRY_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  entry_props[ENTRY_PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, flags);
  entry_props[ENTRY_PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL, flags);
  entry_props[ENTRY_PROP_STATUS_CLASSES] = g_param_spec_boxed ("status-classes", NULL, NULL,
                                                               G_TYPE_STRV, flags);
  entry_props[ENTRY_PROP_ELIGIBLE] = g_param_spec_boolean ("eligible", NULL, NULL, FALSE, flags);
  entry_props[ENTRY_PROP_TRAINER] = g_param_spec_boolean ("trainer", NULL, NULL, FALSE, flags);
  entry_props[ENTRY_PROP_REGISTER_NO] = g_param_spec_string ("register-no", NULL, NULL, NULL, flags);
  entry_props[ENTRY_PROP_CERTIFICATE_ID] = g_param_spec_string ("certificate-id", NULL, NULL, NULL, flags);
  entry_props[ENTRY_PROP_MENU] = g_param_spec_object ("menu", NULL, NULL, G_TYPE_MENU_MODEL, flags);
  entry_props[ENTRY_PROP_HAS_MENU] = g_param_spec_boolean ("has-menu", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, ENTRY_N_PROPS, entry_props);
}

static void
taphuan_cert_entry_init (TaphuanCertEntry *self)
{
}

/* ---- the section ------------------------------------------------------- */

struct _TaphuanCourseCertificates
{
  AdwPreferencesGroup  parent_instance;

  GtkSpinner          *spinner;
  GtkScrolledWindow   *scroller;
  GtkSingleSelection  *selection;
  GListStore          *store;
  GtkStack            *preview_stack;
  GtkLabel            *preview_label;
  GtkDrawingArea      *preview_area;
  AdwPreferencesGroup *cascade_group;
  AdwExpanderRow      *trainers_row;
  AdwExpanderRow      *courses_row;
  AdwExpanderRow      *reached_row;
  AdwExpanderRow      *second_trainers_row;
  AdwExpanderRow      *second_generation_row;

  TpDb                *db;
  char                *course_id;
  GCancellable        *cancellable;       /* cancelled on dispose */
  GCancellable        *load_cancellable;  /* the load in flight */
  guint                generation;
  gboolean             loading;
  gboolean             applying;          /* selection changes are ours */
  gboolean             user_selected;     /* keep the person the user chose */
  guint                working;           /* issue, print or export tasks */
  guint                n_valid;

  TpCertSnapshot      *preview;
  char                *logo_path;
  char                *background_path;
  GPtrArray           *cascade_rows;      /* rows added to the expanders */
  guint                cascade_counts[4];
  char                *last_message;
};

G_DEFINE_FINAL_TYPE (TaphuanCourseCertificates, taphuan_course_certificates, ADW_TYPE_PREFERENCES_GROUP)

static void update_actions (TaphuanCourseCertificates *self);

static TpDb *
open_worker_db (const char  *path,
                GError     **error)
{
  return tp_db_open_full (path, TP_DB_OPEN_EXISTING | TP_DB_OPEN_SKIP_CHECK, error);
}

static TaphuanWindow *
get_window (TaphuanCourseCertificates *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), TAPHUAN_TYPE_WINDOW);

  return window != NULL ? TAPHUAN_WINDOW (window) : NULL;
}

static void
show_message (TaphuanCourseCertificates *self,
              const char                *text)
{
  TaphuanWindow *window = get_window (self);

  g_free (self->last_message);
  self->last_message = g_strdup (text);
  if (window != NULL)
    taphuan_window_show_toast (window, text);
}

static void
report (TaphuanCourseCertificates *self,
        const char                *what,
        const GError              *error)
{
  TaphuanWindow *window = get_window (self);

  g_free (self->last_message);
  self->last_message = g_strdup_printf ("%s: %s", what, error->message);
  if (window != NULL)
    taphuan_window_report_error (window, what, error);
  else
    g_message ("%s", self->last_message);
}

/* After a write: every view that shows certificates or trainers reloads
 * (the course page reloads this section). */
static void
changed (TaphuanCourseCertificates *self)
{
  TaphuanWindow *window = get_window (self);

  if (window != NULL)
    taphuan_window_data_changed (window, TAPHUAN_CHANGED_ALL);
  else
    taphuan_course_certificates_reload (self);
}

static void
begin_work (TaphuanCourseCertificates *self)
{
  self->working++;
  update_actions (self);
}

static void
end_work (TaphuanCourseCertificates *self)
{
  g_return_if_fail (self->working > 0);
  self->working--;
  update_actions (self);
}

static void
update_actions (TaphuanCourseCertificates *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean ready = self->db != NULL && self->course_id != NULL && self->working == 0;

  gtk_widget_action_set_enabled (widget, "certificates.issue", ready);
  gtk_widget_action_set_enabled (widget, "certificates.texts", ready);
  gtk_widget_action_set_enabled (widget, "certificates.print", ready && self->n_valid > 0);
  gtk_widget_action_set_enabled (widget, "certificates.export", ready && self->n_valid > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), self->loading || self->working > 0);
  gtk_spinner_set_spinning (self->spinner, self->loading || self->working > 0);
}

/* ---- loading (worker thread) ------------------------------------------- */

typedef struct {
  char *path;
  char *course_id;
} CourseJob;

static void
course_job_free (CourseJob *job)
{
  g_free (job->path);
  g_free (job->course_id);
  g_free (job);
}

static CourseJob *
course_job_new (TaphuanCourseCertificates *self)
{
  CourseJob *job = g_new0 (CourseJob, 1);

  job->path = g_strdup (tp_db_get_path (self->db));
  job->course_id = g_strdup (self->course_id);
  return job;
}

typedef struct {
  guint       generation;
  GPtrArray  *eligibility;     /* TpEligibility* */
  GPtrArray  *certificates;    /* TpCertificate*, the course's, all statuses */
  GHashTable *trainer_certs;   /* ids of certificates that made a source trainer */
  gboolean    is_tot;
  TpCascade  *cascade;
  char       *logo_path;
  char       *background_path;
} LoadResult;

static void
load_result_free (LoadResult *r)
{
  g_clear_pointer (&r->eligibility, g_ptr_array_unref);
  g_clear_pointer (&r->certificates, g_ptr_array_unref);
  g_clear_pointer (&r->trainer_certs, g_hash_table_unref);
  g_clear_pointer (&r->cascade, tp_cascade_free);
  g_free (r->logo_path);
  g_free (r->background_path);
  g_free (r);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CourseJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = open_worker_db (job->path, &error);
  g_autoptr(TpCourse) course = NULL;
  LoadResult *r;
  TpCertRenderOptions options = { NULL, NULL, FALSE };
  sqlite3_stmt *stmt;

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  course = tp_store_get_course (db, job->course_id, &error);
  if (course == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  r = g_new0 (LoadResult, 1);
  r->is_tot = tp_refdata_course_type_is_tot (db, course->type_id);
  r->eligibility = tp_certificates_eligibility (db, job->course_id, &error);
  if (r->eligibility != NULL)
    r->certificates = tp_certificates_list (db, job->course_id, NULL, &error);
  if (r->certificates == NULL)
    {
      load_result_free (r);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  r->trainer_certs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  stmt = tp_db_prepare (db,
                        "SELECT t.source_certificate_id FROM trainer_profiles t"
                        " JOIN certificates c ON c.id = t.source_certificate_id"
                        " WHERE c.course_id = ?1", NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, job->course_id, -1, SQLITE_TRANSIENT);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_hash_table_add (r->trainer_certs, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_finalize (stmt);
    }
  if (r->is_tot)
    r->cascade = tp_cascade_for_course (db, job->course_id, NULL);

  tp_cert_render_options_load (db, &options);
  r->logo_path = g_strdup (options.logo_path);
  r->background_path = g_strdup (options.background_path);
  tp_cert_render_options_clear (&options);

  g_task_return_pointer (task, r, (GDestroyNotify) load_result_free);
}

/* ---- applying a load (main thread) ------------------------------------- */

static GMenuModel *
entry_menu_new (TaphuanCertEntry *entry,
                gboolean          is_tot)
{
  GMenu *menu = g_menu_new ();
  const TpCertificate *c = entry->certificate;
  g_autoptr(GMenuItem) item = NULL;

  if (c == NULL || c->status != TP_CERT_VALID)
    return G_MENU_MODEL (menu);
  if (is_tot && !entry->trainer)
    {
      item = g_menu_item_new (_("Make _Source Trainer"), NULL);
      g_menu_item_set_action_and_target_value (item, "certificates.make-trainer", g_variant_new_string (c->id));
      g_menu_append_item (menu, item);
      g_clear_object (&item);
    }
  item = g_menu_item_new (_("Re_issue…"), NULL);
  g_menu_item_set_action_and_target_value (item, "certificates.reissue", g_variant_new_string (c->id));
  g_menu_append_item (menu, item);
  g_clear_object (&item);
  item = g_menu_item_new (_("Re_voke…"), NULL);
  g_menu_item_set_action_and_target_value (item, "certificates.revoke", g_variant_new_string (c->id));
  g_menu_append_item (menu, item);
  return G_MENU_MODEL (menu);
}

static TaphuanCertEntry *
entry_new (const TpEligibility *e,
           GPtrArray           *certificates,
           TpCertificate       *certificate,
           GHashTable          *trainer_certs,
           gboolean             is_tot)
{
  TaphuanCertEntry *entry = g_object_new (TAPHUAN_TYPE_CERT_ENTRY, NULL);
  g_autoptr(GString) detail = g_string_new (NULL);
  const char *classes[3] = { NULL, NULL, NULL };

  entry->person_id = g_strdup (e->person_id);
  entry->name = g_strdup (e->full_name);
  entry->eligible = e->eligible;
  entry->certificates = g_ptr_array_ref (certificates);
  entry->certificate = certificate;
  entry->trainer = certificate != NULL && g_hash_table_contains (trainer_certs, certificate->id);

  if (e->eligible)
    /* Translators: why someone may have a certificate: "Eligible: attended 8 of 8 sessions" */
    g_string_printf (detail, _("Eligible: attended %d of %d sessions"), e->attended, e->sessions);
  else
    g_string_assign (detail, e->reason != NULL ? e->reason : _("Not eligible"));
  if (entry->trainer)
    /* Translators: appended to a person's eligibility when they became a source trainer */
    g_string_append_printf (detail, "%s%s", _(" · "), _("Source trainer"));
  entry->detail = g_string_free (g_steal_pointer (&detail), FALSE);

  if (certificate != NULL && certificate->status == TP_CERT_VALID)
    {
      entry->status = g_strdup (certificate->register_no);
      classes[0] = "numeric";
    }
  else if (certificate != NULL)
    {
      /* Translators: a revoked certificate's number in the list: "0003/2026/GCN, revoked" */
      entry->status = g_strdup_printf (_("%s, revoked"), certificate->register_no);
      classes[0] = "numeric";
      classes[1] = "error";
    }
  else if (e->eligible)
    {
      /* Translators: eligible for a certificate, none issued yet */
      entry->status = g_strdup (_("Not issued yet"));
      classes[0] = "success";
    }
  else
    {
      entry->status = g_strdup (_("Not eligible"));
      classes[0] = "dim-label";
    }
  entry->status_classes = g_strdupv ((char **) classes);
  entry->menu = entry_menu_new (entry, is_tot);
  return entry;
}

static void
clear_cascade (TaphuanCourseCertificates *self)
{
  for (guint i = 0; i < self->cascade_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->cascade_rows, i);

      adw_expander_row_remove (g_object_get_data (G_OBJECT (row), "expander"), row);
    }
  g_ptr_array_set_size (self->cascade_rows, 0);
  memset (self->cascade_counts, 0, sizeof self->cascade_counts);
}

static void
fill_cascade_list (TaphuanCourseCertificates *self,
                   AdwExpanderRow            *expander,
                   GPtrArray                 *items)
{
  guint n = items != NULL ? items->len : 0;
  g_autofree char *count = g_strdup_printf ("%u", n);

  adw_expander_row_set_subtitle (expander, count);
  gtk_widget_set_sensitive (GTK_WIDGET (expander), n > 0);
  for (guint i = 0; i < n && i <= CASCADE_ROWS_MAX; i++)
    {
      const TpCascadeItem *item = g_ptr_array_index (items, i);
      GtkWidget *row = adw_action_row_new ();

      if (i == CASCADE_ROWS_MAX)
        {
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more",
                                                                "and %u more", n - i), n - i);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
          gtk_widget_add_css_class (row, "dim-label");
        }
      else
        {
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->label);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
        }
      g_object_set_data (G_OBJECT (row), "expander", expander);
      adw_expander_row_add_row (expander, row);
      g_ptr_array_add (self->cascade_rows, row);
    }
}

static void
fill_cascade (TaphuanCourseCertificates *self,
              const TpCascade           *cascade)
{
  clear_cascade (self);
  gtk_widget_set_visible (GTK_WIDGET (self->cascade_group), cascade != NULL);
  if (cascade == NULL)
    return;
  fill_cascade_list (self, self->trainers_row, cascade->trainers);
  fill_cascade_list (self, self->courses_row, cascade->courses);
  fill_cascade_list (self, self->reached_row, cascade->reached);
  fill_cascade_list (self, self->second_trainers_row, cascade->second_trainers);
  fill_cascade_list (self, self->second_generation_row, cascade->second_generation);
  self->cascade_counts[0] = cascade->trainers ? cascade->trainers->len : 0;
  self->cascade_counts[1] = cascade->courses ? cascade->courses->len : 0;
  self->cascade_counts[2] = cascade->reached ? cascade->reached->len : 0;
  self->cascade_counts[3] = cascade->second_generation ? cascade->second_generation->len : 0;
}

static void
apply_load (TaphuanCourseCertificates *self,
            LoadResult                *r)
{
  g_autoptr(GHashTable) best = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *selected_id = NULL;
  g_autofree char *eligible_text = NULL, *issued_text = NULL, *description = NULL;
  GObject *selected = gtk_single_selection_get_selected_item (self->selection);
  guint n_eligible = 0, select_pos = GTK_INVALID_LIST_POSITION;

  if (selected != NULL && self->user_selected)
    selected_id = g_strdup (TAPHUAN_CERT_ENTRY (selected)->person_id);

  /* Each person's certificate: the valid one, else the newest revoked. */
  self->n_valid = 0;
  for (guint i = 0; i < r->certificates->len; i++)
    {
      TpCertificate *c = g_ptr_array_index (r->certificates, i);
      TpCertificate *held = g_hash_table_lookup (best, c->person_id);

      if (c->status == TP_CERT_VALID)
        self->n_valid++;
      if (held == NULL || c->status == TP_CERT_VALID || held->status != TP_CERT_VALID)
        g_hash_table_insert (best, c->person_id, c);
    }

  for (guint i = 0; i < r->eligibility->len; i++)
    {
      const TpEligibility *e = g_ptr_array_index (r->eligibility, i);

      if (e->eligible)
        n_eligible++;
      if (g_strcmp0 (e->person_id, selected_id) == 0)
        select_pos = i;
      /* At first, show the first certificate in the preview. */
      if (selected_id == NULL && select_pos == GTK_INVALID_LIST_POSITION
          && g_hash_table_contains (best, e->person_id))
        select_pos = i;
      g_ptr_array_add (entries, entry_new (e, r->certificates, g_hash_table_lookup (best, e->person_id),
                                           r->trainer_certs, r->is_tot));
    }
  self->applying = TRUE;
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       entries->pdata, entries->len);
  if (select_pos != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, select_pos);
  self->applying = FALSE;
  /* A list view asks for one row's height: show up to six rows, then
   * scroll. */
  gtk_scrolled_window_set_min_content_height (self->scroller, MIN (MAX (entries->len, 1), 6) * ROW_HEIGHT);

  eligible_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u enrolled is eligible",
                                                "%u of %u enrolled are eligible", r->eligibility->len),
                                   n_eligible, r->eligibility->len);
  issued_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u certificate issued",
                                              "%u certificates issued", self->n_valid), self->n_valid);
  /* Translators: "3 of 4 enrolled are eligible · 2 certificates issued" */
  description = g_strdup_printf (_("%s · %s"), eligible_text, issued_text);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), description);

  g_free (self->logo_path);
  self->logo_path = g_steal_pointer (&r->logo_path);
  g_free (self->background_path);
  self->background_path = g_steal_pointer (&r->background_path);
  fill_cascade (self, r->cascade);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TaphuanCourseCertificates *self = TAPHUAN_COURSE_CERTIFICATES (source);
  g_autoptr(GError) error = NULL;
  LoadResult *r = g_task_propagate_pointer (G_TASK (result), &error);
  guint generation = GPOINTER_TO_UINT (user_data);

  if (generation != self->generation)
    {
      /* A newer load is on its way (or the course went away). */
      g_clear_pointer (&r, load_result_free);
      return;
    }
  self->loading = FALSE;
  if (r == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          && !g_error_matches (error, TP_ERROR, TP_ERROR_NOT_FOUND))
        report (self, _("Could not read the certificates"), error);
      update_actions (self);
      return;
    }
  apply_load (self, r);
  load_result_free (r);
  update_actions (self);
}

void
taphuan_course_certificates_reload (TaphuanCourseCertificates *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TAPHUAN_IS_COURSE_CERTIFICATES (self));

  self->generation++;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->db == NULL || self->course_id == NULL)
    {
      self->loading = FALSE;
      self->n_valid = 0;
      self->applying = TRUE;
      g_list_store_remove_all (self->store);
      self->applying = FALSE;
      fill_cascade (self, NULL);
      update_actions (self);
      return;
    }
  self->loading = TRUE;
  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->load_cancellable, load_done_cb, GUINT_TO_POINTER (self->generation));
  g_task_set_source_tag (task, taphuan_course_certificates_reload);
  g_task_set_task_data (task, course_job_new (self), (GDestroyNotify) course_job_free);
  g_task_run_in_thread (task, load_thread);
  update_actions (self);
}

void
taphuan_course_certificates_set_course (TaphuanCourseCertificates *self,
                                        TpDb                      *db,
                                        const char                *course_id)
{
  g_return_if_fail (TAPHUAN_IS_COURSE_CERTIFICATES (self));

  if (db != self->db || g_strcmp0 (course_id, self->course_id) != 0)
    {
      g_set_object (&self->db, db);
      g_free (self->course_id);
      self->course_id = g_strdup (course_id);
      self->applying = TRUE;
      g_list_store_remove_all (self->store);
      self->applying = FALSE;
      self->user_selected = FALSE;
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), NULL);
    }
  taphuan_course_certificates_reload (self);
}

/* ---- the preview ------------------------------------------------------- */

static void
preview_draw (GtkDrawingArea *area,
              cairo_t        *cr,
              int             width,
              int             height,
              gpointer        user_data)
{
  TaphuanCourseCertificates *self = user_data;
  TpCertRenderOptions options = { self->logo_path, self->background_path, TRUE };
  double scale, w, h;

  if (self->preview == NULL)
    return;
  scale = MIN (width / TP_DOC_A4_LONG, height / TP_DOC_A4_SHORT);
  w = TP_DOC_A4_LONG * scale;
  h = TP_DOC_A4_SHORT * scale;
  cairo_translate (cr, floor ((width - w) / 2), floor ((height - h) / 2));
  /* A hairline edge so the white page stands out from the window. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
  cairo_rectangle (cr, -0.5, -0.5, w + 1, h + 1);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_scale (cr, scale, scale);
  tp_doc_certificate_draw (cr, TP_DOC_A4_LONG, TP_DOC_A4_SHORT, self->preview, &options);
}

static void
update_preview (TaphuanCourseCertificates *self)
{
  GObject *item = gtk_single_selection_get_selected_item (self->selection);
  TaphuanCertEntry *entry = item != NULL ? TAPHUAN_CERT_ENTRY (item) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_clear_pointer (&self->preview, tp_cert_snapshot_free);
  if (entry != NULL && entry->certificate != NULL)
    {
      self->preview = tp_certificate_load_snapshot (entry->certificate, &error);
      if (self->preview != NULL)
        {
          self->preview->revoked = entry->certificate->status == TP_CERT_REVOKED;
          gtk_stack_set_visible_child_name (self->preview_stack, "certificate");
          gtk_widget_queue_draw (GTK_WIDGET (self->preview_area));
          return;
        }
      text = g_strdup (error->message);
    }
  else if (entry != NULL && entry->eligible && self->db != NULL && self->course_id != NULL)
    {
      /* Not issued yet: a draft built like the real one, so the course's
       * certificate texts show before anyone is numbered. */
      self->preview = tp_certificates_draft_snapshot (self->db, self->course_id, entry->person_id, NULL, &error);
      if (self->preview != NULL)
        {
          gtk_stack_set_visible_child_name (self->preview_stack, "certificate");
          gtk_widget_queue_draw (GTK_WIDGET (self->preview_area));
          return;
        }
      text = g_strdup (error->message);
    }
  else if (entry != NULL)
    text = g_strdup_printf (_("%s has no certificate: %s"), entry->name, entry->detail);
  else
    text = g_strdup (_("Nobody is enrolled yet"));
  gtk_label_set_text (self->preview_label, text);
  gtk_stack_set_visible_child_name (self->preview_stack, "none");
}

static void
selection_changed_cb (TaphuanCourseCertificates *self)
{
  if (!self->applying)
    self->user_selected = TRUE;
  update_preview (self);
}

/* ---- the course's certificate texts ------------------------------------ */

static void
texts_saved_cb (TaphuanCourseCertificates *self)
{
  update_preview (self);
}

static void
texts_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TaphuanCourseCertificates *self = TAPHUAN_COURSE_CERTIFICATES (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  TaphuanCertificateTextsDialog *dialog;

  if (self->db == NULL || self->course_id == NULL)
    return;
  dialog = taphuan_certificate_texts_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                 self->db, self->course_id);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (texts_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- issuing ----------------------------------------------------------- */

static void
issue_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CourseJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = NULL;
  GPtrArray *issued = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  db = open_worker_db (job->path, &error);
  /* One transaction: all or nothing, so a failure leaves no gap. */
  if (db == NULL || !tp_certificates_issue (db, job->course_id, NULL, &issued, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, issued, (GDestroyNotify) g_ptr_array_unref);
}

static void
issue_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  TaphuanCourseCertificates *self = TAPHUAN_COURSE_CERTIFICATES (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) issued = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *text = NULL;

  end_work (self);
  if (issued == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        report (self, _("Could not issue the certificates"), error);
      return;
    }
  if (issued->len == 0)
    text = g_strdup (_("No new certificates: everyone eligible already holds one"));
  else if (issued->len == 1)
    text = g_strdup_printf (_("1 certificate issued: %s"),
                            ((TpCertificate *) g_ptr_array_index (issued, 0))->register_no);
  else
    /* Translators: "12 certificates issued: 0001/2026/GCN to 0012/2026/GCN" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u certificate issued: %s to %s",
                                         "%u certificates issued: %s to %s", issued->len),
                            issued->len,
                            ((TpCertificate *) g_ptr_array_index (issued, 0))->register_no,
                            ((TpCertificate *) g_ptr_array_index (issued, issued->len - 1))->register_no);
  show_message (self, text);
  if (issued->len > 0)
    changed (self);
}

static void
issue_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TaphuanCourseCertificates *self = TAPHUAN_COURSE_CERTIFICATES (widget);
  g_autoptr(GTask) task = NULL;

  if (self->db == NULL || self->course_id == NULL || self->working > 0)
    return;
  begin_work (self);
  task = g_task_new (self, self->cancellable, issue_done_cb, NULL);
  g_task_set_source_tag (task, issue_action);
  g_task_set_task_data (task, course_job_new (self), (GDestroyNotify) course_job_free);
  g_task_run_in_thread (task, issue_thread);
}

/* ---- snapshots for printing and export --------------------------------- */

typedef struct {
  GPtrArray *snapshots;      /* TpCertSnapshot* */
  GPtrArray *numbers;        /* register numbers, same order */
} Snapshots;

static void
snapshots_free (Snapshots *s)
{
  g_clear_pointer (&s->snapshots, g_ptr_array_unref);
  g_clear_pointer (&s->numbers, g_ptr_array_unref);
  g_free (s);
}

/* The valid certificates of the course, from their snapshots (a snapshot
 * whose checksum does not match is refused, not printed). */
static Snapshots *
load_snapshots (TpDb        *db,
                const char  *course_id,
                GError     **error)
{
  g_autoptr(GPtrArray) certs = tp_certificates_list (db, course_id, NULL, error);
  Snapshots *s;

  if (certs == NULL)
    return NULL;
  s = g_new0 (Snapshots, 1);
  s->snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_cert_snapshot_free);
  s->numbers = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < certs->len; i++)
    {
      const TpCertificate *c = g_ptr_array_index (certs, i);
      TpCertSnapshot *snapshot;

      if (c->status != TP_CERT_VALID)
        continue;
      snapshot = tp_certificate_load_snapshot (c, error);
      if (snapshot == NULL)
        {
          snapshots_free (s);
          return NULL;
        }
      g_ptr_array_add (s->snapshots, snapshot);
      g_ptr_array_add (s->numbers, g_strdup (c->register_no));
    }
  if (s->snapshots->len == 0)
    {
      snapshots_free (s);
      g_set_error_literal (error, TP_ERROR, TP_ERROR_NOT_FOUND,
                           _("No certificates have been issued for this course yet"));
      return NULL;
    }
  return s;
}

static void
snapshots_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  CourseJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = open_worker_db (job->path, &error);
  Snapshots *s = db != NULL ? load_snapshots (db, job->course_id, &error) : NULL;

  if (s == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, s, (GDestroyNotify) snapshots_free);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               gpointer                 user_data)
{
  TaphuanCourseCertificates *self = user_data;
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      report (self, _("Could not print the certificates"), error);
    }
  g_object_unref (operation);
}

static void
print_snapshots_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  TaphuanCourseCertificates *self = TAPHUAN_COURSE_CERTIFICATES (source);
  g_autoptr(GError) error = NULL;
  Snapshots *s = g_task_propagate_pointer (G_TASK (result), &error);
  TpCertRenderOptions options = { self->logo_path, self->background_path, FALSE };
  TaphuanCertificatePrint *operation;
  GtkRoot *root;

  end_work (self);
  if (s == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        report (self, _("Could not print the certificates"), error);
      return;
    }
  /* Released by print_done_cb when the (asynchronous) job is over. */
  operation = taphuan_certificate_print_new (s->snapshots, &options);
  snapshots_free (s);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  gtk_print_operation_run (GTK_PRINT_OPERATION (operation), GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                           GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error);
  if (error != NULL)
    report (self, _("Could not print the certificates"), error);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TaphuanCourseCertificates *self = TAPHUAN_COURSE_CERTIFICATES (widget);
  g_autoptr(GTask) task = NULL;

  if (self->db == NULL || self->course_id == NULL || self->working > 0)
    return;
  begin_work (self);
  task = g_task_new (self, self->cancellable, print_snapshots_cb, NULL);
  g_task_set_source_tag (task, print_action);
  g_task_set_task_data (task, course_job_new (self), (GDestroyNotify) course_job_free);
  g_task_run_in_thread (task, snapshots_thread);
}

/* ---- PDF export -------------------------------------------------------- */

typedef struct {
  CourseJob            job;
  GFile               *target;
  gboolean             per_person;
  char                *logo_path;
  char                *background_path;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->job.path);
  g_free (job->job.course_id);
  g_clear_object (&job->target);
  g_free (job->logo_path);
  g_free (job->background_path);
  g_free (job);
}

/* "0001/2026/GCN" → "0001-2026-GCN.pdf": a register number as a file name
 * on every system. */
static char *
number_file_name (const char *number)
{
  g_autoptr(GString) name = g_string_new (NULL);

  for (const char *p = number; *p != '\0'; p++)
    g_string_append_c (name, strchr ("/\\:*?\"<>| ", *p) != NULL ? '-' : *p);
  g_string_append (name, ".pdf");
  return g_string_free (g_steal_pointer (&name), FALSE);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TpDb) db = open_worker_db (job->job.path, &error);
  g_autofree char *path = g_file_get_path (job->target);
  TpCertRenderOptions options = { job->logo_path, job->background_path, FALSE };
  Snapshots *s;
  guint n;

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (path == NULL)
    {
      g_task_return_new_error (task, TP_ERROR, TP_ERROR_IO, _("The chosen place is not a local file"));
      return;
    }
  s = load_snapshots (db, job->job.course_id, &error);
  if (s == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  n = s->snapshots->len;
  if (!job->per_person)
    {
      if (!tp_doc_certificates_write_pdf (s->snapshots, path, &options, &error))
        n = 0;
    }
  else if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved = errno;

      g_set_error (&error, TP_ERROR, TP_ERROR_IO, _("Cannot create the folder “%s”: %s"), path,
                   g_strerror (saved));
      n = 0;
    }
  else
    {
      for (guint i = 0; i < s->snapshots->len && error == NULL; i++)
        {
          g_autoptr(GPtrArray) one = g_ptr_array_new ();
          g_autofree char *name = number_file_name (g_ptr_array_index (s->numbers, i));
          g_autofree char *file = g_build_filename (path, name, NULL);

          if (g_task_return_error_if_cancelled (task))
            {
              snapshots_free (s);
              return;
            }
          g_ptr_array_add (one, g_ptr_array_index (s->snapshots, i));
          tp_doc_certificates_write_pdf (one, file, &options, &error);
        }
    }
  snapshots_free (s);
  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, n);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  TaphuanCourseCertificates *self = TAPHUAN_COURSE_CERTIFICATES (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gssize n = g_task_propagate_int (G_TASK (result), &error);
  g_autofree char *name = NULL, *text = NULL;

  end_work (self);
  if (n < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        report (self, _("Could not export the certificates"), error);
      return;
    }
  name = g_file_get_basename (job->target);
  if (job->per_person)
    /* Translators: "12 certificates exported to the folder “giay-chung-nhan”" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d certificate exported to the folder “%s”",
                                         "%d certificates exported to the folder “%s”", n), (int) n, name);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d certificate exported to “%s”",
                                         "%d certificates exported to “%s”", n), (int) n, name);
  show_message (self, text);
}

void
taphuan_course_certificates_export (TaphuanCourseCertificates *self,
                                    GFile                     *target,
                                    gboolean                   per_person)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (TAPHUAN_IS_COURSE_CERTIFICATES (self));
  g_return_if_fail (G_IS_FILE (target));

  if (self->db == NULL || self->course_id == NULL)
    return;
  job = g_new0 (ExportJob, 1);
  job->job.path = g_strdup (tp_db_get_path (self->db));
  job->job.course_id = g_strdup (self->course_id);
  job->target = g_object_ref (target);
  job->per_person = per_person;
  job->logo_path = g_strdup (self->logo_path);
  job->background_path = g_strdup (self->background_path);
  begin_work (self);
  task = g_task_new (self, self->cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, taphuan_course_certificates_export);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
export_file_chosen_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(TaphuanCourseCertificates) self = user_data;
  g_autoptr(GFile) file = taphuan_compat_choose_file_finish (result, NULL);

  if (file != NULL)
    taphuan_course_certificates_export (self, file, FALSE);
}

/* A folder for the one-PDF-per-person export: the folder chooser differs
 * between GTK 4.8 and 4.10, and taphuan-compat only chooses files. */
#if GTK_CHECK_VERSION (4, 10, 0)
static void
folder_dialog_done_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(TaphuanCourseCertificates) self = user_data;
  g_autoptr(GFile) folder = gtk_file_dialog_select_folder_finish (GTK_FILE_DIALOG (object), result, NULL);

  if (folder != NULL)
    taphuan_course_certificates_export (self, folder, TRUE);
}

static void
choose_folder (TaphuanCourseCertificates *self,
               GtkWindow                 *parent)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, _("Choose a Folder for the Certificates"));
  gtk_file_dialog_set_modal (dialog, TRUE);
  gtk_file_dialog_select_folder (dialog, parent, self->cancellable, folder_dialog_done_cb,
                                 g_object_ref (self));
}
#else
static void
folder_native_response_cb (GtkNativeDialog *native,
                           int              response,
                           gpointer         user_data)
{
  g_autoptr(TaphuanCourseCertificates) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (folder != NULL)
        taphuan_course_certificates_export (self, folder, TRUE);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}

static void
choose_folder (TaphuanCourseCertificates *self,
               GtkWindow                 *parent)
{
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Choose a Folder for the Certificates"), parent,
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  g_signal_connect (native, "response", G_CALLBACK (folder_native_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}
#endif

static void
export_choice_cb (const char *response,
                  gpointer    user_data)
{
  g_autoptr(TaphuanCourseCertificates) self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;

  if (g_strcmp0 (response, "one") == 0)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _("PDF documents"));
      gtk_file_filter_add_mime_type (filter, "application/pdf");
      taphuan_compat_choose_file_async (parent, _("Export the Certificates"), TRUE,
                                        /* Translators: file name of the exported certificates */
                                        _("giay-chung-nhan.pdf"), filter, self->cancellable,
                                        export_file_chosen_cb, g_object_ref (self));
    }
  else if (g_strcmp0 (response, "each") == 0)
    choose_folder (self, parent);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  TaphuanCourseCertificates *self = TAPHUAN_COURSE_CERTIFICATES (widget);
  GtkWidget *alert;

  if (self->db == NULL || self->course_id == NULL)
    return;
  alert = taphuan_compat_alert_new (_("Export Certificates as PDF"),
                                    _("Export every valid certificate of this course as one PDF with a page per certificate, or as one PDF per person in a folder, each named by its register number."));
  taphuan_compat_alert_add_response (alert, "cancel", _("_Cancel"), FALSE, FALSE);
  taphuan_compat_alert_add_response (alert, "each", _("One PDF _per Person…"), FALSE, FALSE);
  taphuan_compat_alert_add_response (alert, "one", _("_One PDF…"), FALSE, TRUE);
  taphuan_compat_alert_present (alert, widget, export_choice_cb, g_object_ref (self));
}

/* ---- revoke, reissue, make a source trainer ---------------------------- */

typedef struct {
  TaphuanCourseCertificates *self;
  char                      *certificate_id;
  gboolean                   reissue;
  GtkWidget                 *reason_entry;
} ReasonData;

static void
reason_data_free (ReasonData *data)
{
  g_object_unref (data->self);
  g_free (data->certificate_id);
  g_free (data);
}

static TaphuanCertEntry *
find_entry (TaphuanCourseCertificates *self,
            const char                *certificate_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TaphuanCertEntry) entry = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (entry->certificate != NULL && g_strcmp0 (entry->certificate->id, certificate_id) == 0)
        return entry;
    }
  return NULL;
}

static void
reason_response_cb (const char *response,
                    gpointer    user_data)
{
  ReasonData *data = user_data;
  TaphuanCourseCertificates *self = data->self;
  const char *reason = gtk_editable_get_text (GTK_EDITABLE (data->reason_entry));
  g_autoptr(GError) error = NULL;

  if (self->db == NULL || g_strcmp0 (response, "apply") != 0)
    {
      reason_data_free (data);
      return;
    }
  if (data->reissue)
    {
      g_autoptr(TpCertificate) replacement = tp_certificates_reissue (self->db, data->certificate_id,
                                                                      reason, NULL, &error);
      if (replacement == NULL)
        report (self, _("Could not reissue the certificate"), error);
      else
        {
          g_autofree char *text = g_strdup_printf (_("Reissued as %s"), replacement->register_no);

          show_message (self, text);
        }
    }
  else if (!tp_certificates_revoke (self->db, data->certificate_id, reason, &error))
    report (self, _("Could not revoke the certificate"), error);
  else
    show_message (self, _("Certificate revoked"));
  reason_data_free (data);
  changed (self);
}

static void
ask_reason (TaphuanCourseCertificates *self,
            const char                *certificate_id,
            gboolean                   reissue)
{
  TaphuanCertEntry *entry = find_entry (self, certificate_id);
  const char *number = entry != NULL ? entry->certificate->register_no : "";
  g_autofree char *heading = NULL;
  GtkWidget *alert;
  ReasonData *data;

  if (self->db == NULL || entry == NULL)
    return;
  if (reissue)
    {
      heading = g_strdup_printf (_("Reissue Certificate %s?"), number);
      alert = taphuan_compat_alert_new (heading,
                                        _("A corrected certificate is issued from the current record with a new number; this one is revoked with the reason and its number is never used again."));
    }
  else
    {
      heading = g_strdup_printf (_("Revoke Certificate %s?"), number);
      alert = taphuan_compat_alert_new (heading,
                                        _("The certificate stays in the register as revoked, with the reason, and its number is never used again."));
    }
  data = g_new0 (ReasonData, 1);
  data->self = g_object_ref (self);
  data->certificate_id = g_strdup (certificate_id);
  data->reissue = reissue;
  data->reason_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (data->reason_entry), _("Reason (required)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (data->reason_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  reissue ? _("Reason for reissuing") : _("Reason for revoking"), -1);
#if ADW_CHECK_VERSION (1, 5, 0)
  if (ADW_IS_ALERT_DIALOG (alert))
    adw_alert_dialog_set_extra_child (ADW_ALERT_DIALOG (alert), data->reason_entry);
#else
  if (ADW_IS_MESSAGE_DIALOG (alert))
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (alert), data->reason_entry);
#endif
  taphuan_compat_alert_add_response (alert, "cancel", _("_Cancel"), FALSE, FALSE);
  taphuan_compat_alert_add_response (alert, "apply", reissue ? _("_Reissue") : _("_Revoke"),
                                     !reissue, reissue);
  taphuan_compat_alert_present (alert, GTK_WIDGET (self), reason_response_cb, data);
}

static void
revoke_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ask_reason (TAPHUAN_COURSE_CERTIFICATES (widget), g_variant_get_string (parameter, NULL), FALSE);
}

static void
reissue_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ask_reason (TAPHUAN_COURSE_CERTIFICATES (widget), g_variant_get_string (parameter, NULL), TRUE);
}

static void
make_trainer_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  TaphuanCourseCertificates *self = TAPHUAN_COURSE_CERTIFICATES (widget);
  const char *certificate_id = g_variant_get_string (parameter, NULL);
  TaphuanCertEntry *entry = find_entry (self, certificate_id);
  g_autoptr(GError) error = NULL;
  g_autofree char *profile_id = NULL;

  if (self->db == NULL)
    return;
  profile_id = tp_certificates_make_trainer (self->db, certificate_id, &error);
  if (profile_id == NULL)
    {
      report (self, _("Could not make a source trainer"), error);
      return;
    }
  if (entry != NULL)
    {
      /* Translators: toast after "Make Source Trainer" */
      g_autofree char *text = g_strdup_printf (_("%s is now a source trainer"), entry->name);

      show_message (self, text);
    }
  changed (self);
}

/* ---- for tests ----------------------------------------------------------- */

gboolean
taphuan_course_certificates_get_busy (TaphuanCourseCertificates *self)
{
  g_return_val_if_fail (TAPHUAN_IS_COURSE_CERTIFICATES (self), FALSE);
  return self->loading || self->working > 0;
}

GListModel *
taphuan_course_certificates_get_model (TaphuanCourseCertificates *self)
{
  g_return_val_if_fail (TAPHUAN_IS_COURSE_CERTIFICATES (self), NULL);
  return G_LIST_MODEL (self->store);
}

const char *
taphuan_course_certificates_get_last_message (TaphuanCourseCertificates *self)
{
  g_return_val_if_fail (TAPHUAN_IS_COURSE_CERTIFICATES (self), NULL);
  return self->last_message;
}

void
taphuan_course_certificates_get_cascade_counts (TaphuanCourseCertificates *self,
                                                guint                     *trainers,
                                                guint                     *courses,
                                                guint                     *reached,
                                                guint                     *second_generation)
{
  g_return_if_fail (TAPHUAN_IS_COURSE_CERTIFICATES (self));
  if (trainers != NULL)
    *trainers = self->cascade_counts[0];
  if (courses != NULL)
    *courses = self->cascade_counts[1];
  if (reached != NULL)
    *reached = self->cascade_counts[2];
  if (second_generation != NULL)
    *second_generation = self->cascade_counts[3];
}

/* ---- the object -------------------------------------------------------- */

static void
taphuan_course_certificates_dispose (GObject *object)
{
  TaphuanCourseCertificates *self = TAPHUAN_COURSE_CERTIFICATES (object);

  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->db);
  g_clear_pointer (&self->course_id, g_free);
  if (self->cascade_rows != NULL)
    g_ptr_array_set_size (self->cascade_rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_COURSE_CERTIFICATES);
  G_OBJECT_CLASS (taphuan_course_certificates_parent_class)->dispose (object);
}

static void
taphuan_course_certificates_finalize (GObject *object)
{
  TaphuanCourseCertificates *self = TAPHUAN_COURSE_CERTIFICATES (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->preview, tp_cert_snapshot_free);
  g_clear_pointer (&self->cascade_rows, g_ptr_array_unref);
  g_free (self->logo_path);
  g_free (self->background_path);
  g_free (self->last_message);
  G_OBJECT_CLASS (taphuan_course_certificates_parent_class)->finalize (object);
}

static void
taphuan_course_certificates_class_init (TaphuanCourseCertificatesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_course_certificates_dispose;
  object_class->finalize = taphuan_course_certificates_finalize;

  /* The row template names the entry type. */
  g_type_ensure (TAPHUAN_TYPE_CERT_ENTRY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-course-certificates.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TaphuanCourseCertificates, name)
  BIND (spinner);
  BIND (scroller);
  BIND (selection);
  BIND (store);
  BIND (preview_stack);
  BIND (preview_label);
  BIND (preview_area);
  BIND (cascade_group);
  BIND (trainers_row);
  BIND (courses_row);
  BIND (reached_row);
  BIND (second_trainers_row);
  BIND (second_generation_row);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);

  gtk_widget_class_install_action (widget_class, "certificates.issue", NULL, issue_action);
  gtk_widget_class_install_action (widget_class, "certificates.texts", NULL, texts_action);
  gtk_widget_class_install_action (widget_class, "certificates.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "certificates.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "certificates.revoke", "s", revoke_action);
  gtk_widget_class_install_action (widget_class, "certificates.reissue", "s", reissue_action);
  gtk_widget_class_install_action (widget_class, "certificates.make-trainer", "s", make_trainer_action);
}

static void
taphuan_course_certificates_init (TaphuanCourseCertificates *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->cascade_rows = g_ptr_array_new ();
  gtk_drawing_area_set_draw_func (self->preview_area, preview_draw, self, NULL);
  update_preview (self);
  update_actions (self);
}
