/* taphuan-privacy-page.c: the Privacy page of Preferences. Each control
 * writes its database setting at once (one small transaction), so there
 * is nothing to "save"; the retention preview and "Anonymise Now" are a
 * separate window because they change records. */
#include "config.h"

#include <glib/gi18n.h>

#include "taphuan-compat.h"
#include "taphuan-privacy-page.h"
#include "tp-backup.h"
#include "tp-privacy.h"

struct _TaphuanPrivacyPage
{
  AdwPreferencesPage   parent_instance;

  GtkSwitch           *consent_switch;
  AdwEntryRow         *legal_basis_row;
  GtkSwitch           *retention_switch;
  GtkWidget           *retention_years_row;
  GtkSpinButton       *retention_years_spin;
  GtkWidget           *preview_row;
  AdwPreferencesGroup *backups_group;
  GtkSpinButton       *keep_daily_spin;
  GtkSpinButton       *keep_weekly_spin;
  GtkWidget           *error_row;

  TaphuanWindow       *window;    /* weak */
  TpDb                *db;
  gboolean             loading;
};

G_DEFINE_FINAL_TYPE (TaphuanPrivacyPage, taphuan_privacy_page, ADW_TYPE_PREFERENCES_PAGE)

static void
set_setting (TaphuanPrivacyPage *self,
             const char         *key,
             const char         *value)
{
  g_autoptr(GError) error = NULL;

  if (self->loading || self->db == NULL)
    return;
  if (!tp_db_set_setting (self->db, key, value, &error))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->error_row), error->message);
      gtk_widget_set_visible (self->error_row, TRUE);
      return;
    }
  gtk_widget_set_visible (self->error_row, FALSE);
}

static void
consent_changed_cb (TaphuanPrivacyPage *self)
{
  set_setting (self, "privacy.require_consent", gtk_switch_get_active (self->consent_switch) ? "1" : "0");
}

static void
legal_basis_apply_cb (TaphuanPrivacyPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->legal_basis_row))));

  set_setting (self, "privacy.legal_basis", text);
}

static void
update_retention_sensitivity (TaphuanPrivacyPage *self)
{
  gboolean on = gtk_switch_get_active (self->retention_switch);

  gtk_widget_set_sensitive (self->retention_years_row, on && self->db != NULL);
  gtk_widget_set_sensitive (self->preview_row, on && self->db != NULL);
}

static void
retention_changed_cb (TaphuanPrivacyPage *self)
{
  g_autofree char *years = NULL;

  update_retention_sensitivity (self);
  if (gtk_switch_get_active (self->retention_switch))
    years = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->retention_years_spin));
  else
    years = g_strdup ("0");
  set_setting (self, "privacy.retention_years", years);
}

static void
keep_changed_cb (TaphuanPrivacyPage *self)
{
  g_autofree char *daily = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->keep_daily_spin));
  g_autofree char *weekly = g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (self->keep_weekly_spin));

  set_setting (self, "backup.keep_daily", daily);
  set_setting (self, "backup.keep_weekly", weekly);
}

/* ---- record of processing ---------------------------------------------- */

static void
record_chosen_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TaphuanPrivacyPage) self = user_data;
  g_autoptr(GFile) file = taphuan_compat_choose_file_finish (result, NULL);
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  g_autofree char *target = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL, *base = NULL;
  GtkWidget *root = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);

  if (path == NULL || self->db == NULL)
    return;
  target = g_str_has_suffix (path, ".pdf") ? g_strdup (path) : g_strconcat (path, ".pdf", NULL);
  if (!tp_privacy_processing_record (self->db, target, &error))
    text = g_strdup (error->message);
  else
    {
      base = g_path_get_basename (target);
      /* Translators: %s is a file name */
      text = g_strdup_printf (_("Record of processing saved as “%s”"), base);
    }
  if (root != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
}

static void
record_clicked_cb (TaphuanPrivacyPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  taphuan_compat_choose_file_async (GTK_WINDOW (root), _("Print the Record of Processing"), TRUE,
                                    /* Translators: file name suggested for the record of processing */
                                    _("record-of-processing.pdf"), NULL, NULL,
                                    record_chosen_cb, g_object_ref (self));
}

/* ---- retention preview ------------------------------------------------- */

typedef struct
{
  GWeakRef   page;
  GtkWidget *preview;   /* weak */
  int        years;
} Apply;

static void
apply_free (Apply *apply)
{
  g_weak_ref_clear (&apply->page);
  g_clear_weak_pointer (&apply->preview);
  g_free (apply);
}

static void
confirm_apply_cb (const char *response,
                  gpointer    user_data)
{
  Apply *apply = user_data;
  g_autoptr(TaphuanPrivacyPage) self = g_weak_ref_get (&apply->page);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkWidget *root;
  int n;

  if (self == NULL || self->db == NULL || g_strcmp0 (response, "anonymise") != 0)
    {
      apply_free (apply);
      return;
    }
  n = tp_privacy_retention_apply (self->db, apply->years, NULL, &error);
  if (n < 0)
    text = g_strdup (error->message);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d person anonymised",
                                         "%d people anonymised", n), n);
  if (n > 0 && self->window != NULL)
    taphuan_window_data_changed (self->window, TAPHUAN_CHANGED_ALL);
  if (apply->preview != NULL)
    gtk_window_destroy (GTK_WINDOW (apply->preview));
  root = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);
  if (root != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), adw_toast_new (text));
  apply_free (apply);
}

static void
anonymise_now_clicked_cb (GtkButton          *button,
                          TaphuanPrivacyPage *self)
{
  GtkWidget *preview = GTK_WIDGET (gtk_widget_get_root (GTK_WIDGET (button)));
  guint n = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (preview), "count"));
  g_autofree char *heading = NULL;
  GtkWidget *alert;
  Apply *apply;

  heading = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Anonymise %u Person?",
                                          "Anonymise %u People?", n), n);
  alert = taphuan_compat_alert_new (heading,
                                    _("Their names, ID numbers, phones, e-mails, exact birth dates, organisations, positions and communes are removed for good. "
                                      "Sex, birth year, ethnicity, target group, province and course records stay, so the reports do not change. This cannot be undone."));
  taphuan_compat_alert_add_response (alert, "cancel", _("_Cancel"), FALSE, FALSE);
  taphuan_compat_alert_add_response (alert, "anonymise", _("_Anonymise"), TRUE, FALSE);
  apply = g_new0 (Apply, 1);
  g_weak_ref_init (&apply->page, self);
  g_set_weak_pointer (&apply->preview, preview);
  apply->years = gtk_spin_button_get_value_as_int (self->retention_years_spin);
  taphuan_compat_alert_present (alert, preview, confirm_apply_cb, apply);
}

static void
preview_clicked_cb (TaphuanPrivacyPage *self)
{
  int years = gtk_spin_button_get_value_as_int (self->retention_years_spin);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) people = NULL;
  g_autofree char *title = NULL;
  GtkWidget *window, *box, *header, *page, *group, *button;

  if (self->db == NULL)
    return;
  people = tp_privacy_retention_preview (self->db, years, NULL, &error);

  window = adw_window_new ();
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 520);
  gtk_window_set_title (GTK_WINDOW (window), _("Retention Preview"));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Retention Preview"), NULL));
  button = gtk_button_new_with_mnemonic (_("_Anonymise Now"));
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_widget_set_sensitive (button, people != NULL && people->len > 0);
  g_signal_connect_object (button, "clicked", G_CALLBACK (anonymise_now_clicked_cb), self, 0);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), button);
  gtk_box_append (GTK_BOX (box), header);
  page = adw_preferences_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  group = adw_preferences_group_new ();
  if (people == NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), error->message);
  else
    {
      title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "%u person whose last course ended more than %d years ago",
                                            "%u people whose last course ended more than %d years ago",
                                            people->len),
                               people->len, years);
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
      if (people->len == 0)
        adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                               _("Nobody would be anonymised today."));
      for (guint i = 0; i < people->len; i++)
        {
          TpRetentionCandidate *c = g_ptr_array_index (people, i);
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *subtitle = NULL;

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), c->full_name);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          if (c->last_course_end != NULL)
            /* Translators: %s is a date */
            subtitle = g_strdup_printf (_("Last course ended %s"), c->last_course_end);
          else
            subtitle = g_strdup (_("Never enrolled"));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
    }
  g_object_set_data (G_OBJECT (window), "count", GUINT_TO_POINTER (people ? people->len : 0));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  gtk_window_present (GTK_WINDOW (window));
}

/* ---- set-up ------------------------------------------------------------ */

static void
load (TaphuanPrivacyPage *self)
{
  g_autofree char *legal = NULL, *folder = NULL, *description = NULL;
  TpBackupPolicy policy = { TP_BACKUP_DEFAULT_KEEP_DAILY, TP_BACKUP_DEFAULT_KEEP_WEEKLY,
                            TP_BACKUP_DEFAULT_KEEP_TAGGED };
  int years = 0;

  self->loading = TRUE;
  if (self->db != NULL)
    {
      gtk_switch_set_active (self->consent_switch, tp_privacy_require_consent (self->db));
      legal = tp_db_get_setting (self->db, "privacy.legal_basis");
      years = tp_privacy_retention_years (self->db);
      tp_backup_policy_load (self->db, &policy);
      folder = tp_backup_folder (tp_db_get_path (self->db));
      /* Translators: %s is a folder */
      description = g_strdup_printf (_("Made every day the database is used and before imports, updates and deletions, in %s. Only you can read them."),
                                     folder);
      adw_preferences_group_set_description (self->backups_group, description);
    }
  else
    gtk_switch_set_active (self->consent_switch, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->legal_basis_row), legal ? legal : "");
  gtk_switch_set_active (self->retention_switch, years > 0);
  if (years > 0)
    gtk_spin_button_set_value (self->retention_years_spin, years);
  gtk_spin_button_set_value (self->keep_daily_spin, policy.keep_daily);
  gtk_spin_button_set_value (self->keep_weekly_spin, policy.keep_weekly);
  update_retention_sensitivity (self);
  self->loading = FALSE;

  gtk_widget_set_sensitive (GTK_WIDGET (self->consent_switch), self->db != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->legal_basis_row), self->db != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->retention_switch), self->db != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->backups_group), self->db != NULL);
}

static void
taphuan_privacy_page_dispose (GObject *object)
{
  TaphuanPrivacyPage *self = TAPHUAN_PRIVACY_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_PRIVACY_PAGE);
  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->db);

  G_OBJECT_CLASS (taphuan_privacy_page_parent_class)->dispose (object);
}

static void
taphuan_privacy_page_class_init (TaphuanPrivacyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_privacy_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-privacy-page.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TaphuanPrivacyPage, name)
  BIND (consent_switch);
  BIND (legal_basis_row);
  BIND (retention_switch);
  BIND (retention_years_row);
  BIND (retention_years_spin);
  BIND (preview_row);
  BIND (backups_group);
  BIND (keep_daily_spin);
  BIND (keep_weekly_spin);
  BIND (error_row);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, consent_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, legal_basis_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, retention_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, keep_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, record_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, preview_clicked_cb);
}

static void
taphuan_privacy_page_init (TaphuanPrivacyPage *self)
{
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->loading = FALSE;
}

TaphuanPrivacyPage *
taphuan_privacy_page_new (TaphuanWindow *window)
{
  TaphuanPrivacyPage *self = g_object_new (TAPHUAN_TYPE_PRIVACY_PAGE, NULL);
  TpDb *db = window ? taphuan_window_get_db (window) : NULL;

  g_set_weak_pointer (&self->window, window);
  self->db = db ? g_object_ref (db) : NULL;
  load (self);
  return self;
}
