/* taphuan-person-editor.c: add or edit a person of the register. */
#include "config.h"

#include <stdlib.h>
#include <glib/gi18n.h>

#include "taphuan-form.h"
#include "taphuan-compat.h"
#include "taphuan-person-editor.h"
#include "taphuan-ref-object.h"
#include "tp-privacy.h"
#include "tp-refdata.h"
#include "tp-store.h"

struct _TaphuanPersonEditor
{
  AdwWindow            parent_instance;

  GtkButton           *save_button;
  AdwPreferencesGroup *general_group;
  GtkWidget           *general_error;
  AdwPreferencesGroup *similar_group;
  GtkWidget           *full_name_row, *full_name_error;
  GtkDropDown         *sex_dropdown;
  GtkWidget           *sex_error;
  GtkWidget           *birth_year_row, *birth_year_error;
  GtkWidget           *national_id_row, *national_id_error;
  GtkWidget           *organization_row, *organization_error;
  GtkWidget           *position_row, *position_error;
  GtkWidget           *phone_row, *phone_error;
  GtkWidget           *email_row, *email_error;
  GtkDropDown         *province_dropdown;
  GtkWidget           *province_code_error;
  GtkDropDown         *commune_dropdown;
  GtkWidget           *commune_code_error;
  GtkSwitch           *consent_switch;
  GtkWidget           *consent_date_row, *consent_date_error;
  GtkWidget           *consent_method_row;
  GtkDropDown         *ethnicity_dropdown;
  GtkWidget           *ethnicity_row;
  GtkWidget           *ethnicity_error;

  TpDb                *db;
  TpPerson            *original;
  GListStore          *provinces;
  GListStore          *communes;
  GListStore          *ethnicities;
  char                *communes_province;
  GHashTable          *filled;
  GPtrArray           *similar_rows;
  guint                n_similar;
  gboolean             similar_acknowledged;
  gboolean             valid;
  gboolean             loading;
  gboolean             consent_was_on;
};

G_DEFINE_FINAL_TYPE (TaphuanPersonEditor, taphuan_person_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  const char *field;
  gsize       widget;
  gsize       error;
} Field;

static const Field fields[] = {
#define F(name, widget) { #name, G_STRUCT_OFFSET (TaphuanPersonEditor, widget), \
                          G_STRUCT_OFFSET (TaphuanPersonEditor, name##_error) }
  F (full_name, full_name_row),
  F (sex, sex_dropdown),
  F (birth_year, birth_year_row),
  F (national_id, national_id_row),
  F (organization, organization_row),
  F (position, position_row),
  F (phone, phone_row),
  F (email, email_row),
  F (province_code, province_dropdown),
  F (commune_code, commune_dropdown),
  F (ethnicity, ethnicity_dropdown),
  F (consent_date, consent_date_row),
#undef F
};


GtkWidget *
taphuan_person_editor_get_field (TaphuanPersonEditor *self,
                                 const char          *field)
{
  g_return_val_if_fail (TAPHUAN_IS_PERSON_EDITOR (self), NULL);

  if (g_strcmp0 (field, "consent") == 0)
    return GTK_WIDGET (self->consent_switch);
  if (g_strcmp0 (field, "consent_method") == 0)
    return self->consent_method_row;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].field, field) == 0)
      return G_STRUCT_MEMBER (GtkWidget *, self, fields[i].widget);
  return NULL;
}

const char *
taphuan_person_editor_get_field_error (TaphuanPersonEditor *self,
                                       const char          *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_strcmp0 (fields[i].field, field) == 0)
      {
        GtkWidget *row = G_STRUCT_MEMBER (GtkWidget *, self, fields[i].error);

        if (!gtk_widget_get_visible (row))
          return NULL;
        return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      }
  return NULL;
}

gboolean
taphuan_person_editor_can_save (TaphuanPersonEditor *self)
{
  g_return_val_if_fail (TAPHUAN_IS_PERSON_EDITOR (self), FALSE);
  return self->valid;
}

guint
taphuan_person_editor_get_n_similar (TaphuanPersonEditor *self)
{
  g_return_val_if_fail (TAPHUAN_IS_PERSON_EDITOR (self), 0);
  return self->n_similar;
}

static void
update_communes (TaphuanPersonEditor *self,
                 const char          *province_code,
                 const char          *select_code)
{
  taphuan_form_update_communes (self->db, self->commune_dropdown, &self->communes,
                                &self->communes_province, province_code, select_code);
}

static TpPerson *
person_from_form (TaphuanPersonEditor *self)
{
  TpPerson *person = self->original ? tp_person_copy (self->original) : tp_person_new ();
  g_autofree char *year = taphuan_form_entry_text (self->birth_year_row);
  g_autofree char *full_name = taphuan_form_entry_text (self->full_name_row);
  guint sex = gtk_drop_down_get_selected (self->sex_dropdown);
  gboolean consent = gtk_switch_get_active (self->consent_switch);

  /* A changed name is split again by the store. */
  if (g_strcmp0 (full_name, person->full_name) != 0)
    {
      g_clear_pointer (&person->family_name, g_free);
      g_clear_pointer (&person->middle_name, g_free);
      g_clear_pointer (&person->given_name, g_free);
    }
  g_free (person->full_name);
  person->full_name = g_steal_pointer (&full_name);
#define TAKE(field) g_free (person->field); person->field = taphuan_form_entry_text (self->field##_row)
  TAKE (national_id);
  TAKE (organization);
  TAKE (position);
  TAKE (phone);
  TAKE (email);
#undef TAKE
  person->sex = sex == 1 ? TP_SEX_FEMALE : sex == 2 ? TP_SEX_MALE : TP_SEX_UNKNOWN;
  if (year == NULL)
    person->birth_year = 0;
  else
    {
      char *end = NULL;
      long value = strtol (year, &end, 10);
      /* Not a number: a year no check accepts, so the message shows. */
      person->birth_year = (end != NULL && *end == '\0' && value > 0 && value < 100000)
                           ? (int) value : -1;
    }
  g_free (person->province_code);
  person->province_code = g_strdup (taphuan_ref_dropdown_get_id (self->province_dropdown));
  g_free (person->commune_code);
  person->commune_code = g_strdup (taphuan_ref_dropdown_get_id (self->commune_dropdown));
  g_free (person->admin_version);
  person->admin_version = person->province_code ? g_strdup (TP_ADMIN_DATA_VERSION) : NULL;

  g_free (person->consent_date);
  g_free (person->consent_method);
  person->consent_date = consent ? taphuan_form_entry_text (self->consent_date_row) : NULL;
  person->consent_method = consent ? taphuan_form_entry_text (self->consent_method_row) : NULL;
  if (consent && person->consent_date == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      person->consent_date = g_date_time_format (now, "%Y-%m-%d");
    }
  person->consent_sensitive = consent;
  g_free (person->ethnicity_id);
  /* Without consent the ethnicity is not kept, unless the office turned the
   * rule off (privacy.require_consent = "0"; docs/data-safety.md). */
  person->ethnicity_id = consent || !tp_privacy_require_consent (self->db)
                         ? g_strdup (taphuan_ref_dropdown_get_id (self->ethnicity_dropdown))
                         : NULL;
  return person;
}


static void
validate (TaphuanPersonEditor *self)
{
  g_autoptr(TpPerson) person = person_from_form (self);
  g_autoptr(GPtrArray) errors = tp_person_validate (person);
  g_autoptr(GHashTable) messages = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GString) general = g_string_new (NULL);
  g_autofree char *year_text = taphuan_form_entry_text (self->birth_year_row);
  gboolean any = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      GtkWidget *w = G_STRUCT_MEMBER (GtkWidget *, self, fields[i].widget);
      gboolean has = GTK_IS_EDITABLE (w) ? gtk_editable_get_text (GTK_EDITABLE (w))[0] != '\0'
                                         : gtk_drop_down_get_selected (GTK_DROP_DOWN (w)) > 0;
      if (has)
        g_hash_table_add (self->filled, (gpointer) fields[i].field);
    }

  /* The single-field checks first: their messages are the most specific. */
  if (year_text != NULL)
    g_hash_table_insert (messages, (gpointer) "birth_year",
                         person->birth_year < 0
                         ? g_strdup (_("Type the birth year as four digits, such as 1985."))
                         : tp_check_birth_year (person->birth_year));
  if (person->national_id)
    g_hash_table_insert (messages, (gpointer) "national_id", tp_check_national_id (person->national_id));
  if (person->phone)
    g_hash_table_insert (messages, (gpointer) "phone", tp_check_phone (person->phone));
  if (person->email)
    g_hash_table_insert (messages, (gpointer) "email", tp_check_email (person->email));
  if (person->consent_sensitive && person->ethnicity_id == NULL)
    g_hash_table_insert (messages, (gpointer) "ethnicity",
                         g_strdup (_("Choose the ethnicity, or turn off the consent switch.")));

  for (guint i = 0; i < errors->len; i++)
    {
      TpFieldError *e = g_ptr_array_index (errors, i);
      if (g_hash_table_lookup (messages, e->field) == NULL)
        g_hash_table_insert (messages, e->field, g_strdup (e->message));
    }

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *message = g_hash_table_lookup (messages, fields[i].field);
      gboolean show = message != NULL && g_hash_table_contains (self->filled, fields[i].field);
      GtkWidget *w = G_STRUCT_MEMBER (GtkWidget *, self, fields[i].widget);

      if (message != NULL)
        any = TRUE;
      /* The ethnicity message is about the switch the user just turned on. */
      if (g_str_equal (fields[i].field, "ethnicity") && message != NULL)
        show = TRUE;
      taphuan_form_show_error (G_STRUCT_MEMBER (GtkWidget *, self, fields[i].error), NULL, show ? message : NULL);
      if (show)
        gtk_widget_add_css_class (w, "error");
      else
        gtk_widget_remove_css_class (w, "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      show ? message : "", -1);
      g_hash_table_remove (messages, fields[i].field);
    }
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, messages);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (value != NULL)
        {
          any = TRUE;
          if (general->len > 0)
            g_string_append_c (general, '\n');
          g_string_append (general, value);
        }
  }
  taphuan_form_show_error (self->general_error, NULL, general->len > 0 ? general->str : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->general_group), general->len > 0);

  {
    gboolean consent = gtk_switch_get_active (self->consent_switch);

    gtk_widget_set_sensitive (self->ethnicity_row, consent || !tp_privacy_require_consent (self->db));
    gtk_widget_set_sensitive (self->consent_date_row, consent);
    gtk_widget_set_sensitive (self->consent_method_row, consent);
  }
  self->valid = !any;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.save", self->valid);
}

static void
clear_similar (TaphuanPersonEditor *self)
{
  for (guint i = 0; i < self->similar_rows->len; i++)
    adw_preferences_group_remove (self->similar_group, g_ptr_array_index (self->similar_rows, i));
  g_ptr_array_set_size (self->similar_rows, 0);
  self->n_similar = 0;
  self->similar_acknowledged = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->similar_group), FALSE);
  gtk_button_set_label (self->save_button, _("_Save"));
}

static void
field_changed_cb (TaphuanPersonEditor *self)
{
  if (self->loading)
    return;
  /* Consent just recorded: today, unless a date is typed. */
  if (gtk_switch_get_active (self->consent_switch) && !self->consent_was_on &&
      gtk_editable_get_text (GTK_EDITABLE (self->consent_date_row))[0] == '\0')
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

      self->consent_was_on = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->consent_date_row), today);
      return;   /* that change validates */
    }
  self->consent_was_on = gtk_switch_get_active (self->consent_switch);
  update_communes (self, taphuan_ref_dropdown_get_id (self->province_dropdown), NULL);
  if (self->n_similar > 0)
    clear_similar (self);
  validate (self);
}

static void
use_existing_cb (GtkButton           *button,
                 TaphuanPersonEditor *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "person-id");

  g_object_ref (self);
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static gboolean
show_similar (TaphuanPersonEditor *self,
              const TpPerson      *person)
{
  g_autoptr(GPtrArray) similar = tp_store_find_similar_people (self->db, person, NULL);

  if (similar == NULL || similar->len == 0)
    return FALSE;
  for (guint i = 0; i < similar->len; i++)
    {
      const TpPerson *p = g_ptr_array_index (similar, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Use This Person"));
      g_autoptr(GString) subtitle = g_string_new (NULL);

      if (p->birth_year > 0)
        /* Translators: in the list of look-alikes: "born 1985" */
        g_string_append_printf (subtitle, _("born %d"), p->birth_year);
      if (p->national_id != NULL)
        {
          if (subtitle->len)
            g_string_append (subtitle, _(" · "));
          /* Translators: a national id number */
          g_string_append_printf (subtitle, _("ID %s"), p->national_id);
        }
      if (p->organization != NULL)
        {
          if (subtitle->len)
            g_string_append (subtitle, _(" · "));
          g_string_append (subtitle, p->organization);
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->full_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "person-id", g_strdup (p->id), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (use_existing_cb), self);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Use This Person"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (self->similar_group, row);
      g_ptr_array_add (self->similar_rows, row);
    }
  self->n_similar = similar->len;
  gtk_widget_set_visible (GTK_WIDGET (self->similar_group), TRUE);
  gtk_button_set_label (self->save_button, _("_Save Anyway"));
  taphuan_compat_scroll_to_top (ADW_PREFERENCES_PAGE (
    gtk_widget_get_ancestor (GTK_WIDGET (self->similar_group), ADW_TYPE_PREFERENCES_PAGE)));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  TaphuanPersonEditor *self = TAPHUAN_PERSON_EDITOR (widget);
  g_autoptr(TpPerson) person = NULL;
  g_autoptr(GError) error = NULL;

  validate (self);
  if (!self->valid)
    return;
  person = person_from_form (self);
  if (self->original == NULL && !self->similar_acknowledged)
    {
      if (show_similar (self, person))
        {
          /* The next Save means "add anyway". */
          self->similar_acknowledged = TRUE;
          return;
        }
    }
  /* The editor enforces consent for ethnicity (imports: see
   * docs/data-safety.md); person_from_form already leaves it out. */
  if (!tp_privacy_check_consent (self->db, person, &error) ||
      !tp_store_save_person (self->db, person, &error))
    {
      taphuan_form_show_error (self->general_error, NULL, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->general_group), TRUE);
      return;
    }
  /* A handler may close what opened us, and us with it. */
  g_object_ref (self);
  g_signal_emit (self, signals[SAVED], 0, person->id);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
load (TaphuanPersonEditor *self,
      const char          *initial_name)
{
  g_autoptr(GPtrArray) provinces = tp_refdata_list_provinces (self->db);
  g_autoptr(GPtrArray) ethnicities = tp_refdata_list_ethnic_groups (self->db);
  g_autoptr(GtkStringList) sexes = gtk_string_list_new (NULL);
  const TpPerson *p = self->original;

  self->loading = TRUE;
  gtk_string_list_append (sexes, _("Choose…"));
  gtk_string_list_append (sexes, tp_sex_label (TP_SEX_FEMALE));
  gtk_string_list_append (sexes, tp_sex_label (TP_SEX_MALE));
  gtk_drop_down_set_model (self->sex_dropdown, G_LIST_MODEL (sexes));
  self->provinces = taphuan_ref_store_new (provinces, _("None"));
  taphuan_ref_dropdown_setup (self->province_dropdown, G_LIST_MODEL (self->provinces), TRUE);
  self->ethnicities = taphuan_ref_store_new (ethnicities, _("Choose…"));
  taphuan_ref_dropdown_setup (self->ethnicity_dropdown, G_LIST_MODEL (self->ethnicities), TRUE);

  if (p != NULL)
    {
      g_autofree char *year = p->birth_year > 0 ? g_strdup_printf ("%d", p->birth_year) : NULL;

      gtk_window_set_title (GTK_WINDOW (self), _("Edit Person"));
#define SET(row, value) gtk_editable_set_text (GTK_EDITABLE (self->row), value ? value : "")
      SET (full_name_row, p->full_name);
      SET (birth_year_row, year);
      SET (national_id_row, p->national_id);
      SET (organization_row, p->organization);
      SET (position_row, p->position);
      SET (phone_row, p->phone);
      SET (email_row, p->email);
#undef SET
      gtk_drop_down_set_selected (self->sex_dropdown, p->sex == TP_SEX_FEMALE ? 1
                                                      : p->sex == TP_SEX_MALE ? 2 : 0);
      gtk_drop_down_set_selected (self->province_dropdown,
                                  taphuan_ref_store_find (G_LIST_MODEL (self->provinces),
                                                          p->province_code));
      gtk_switch_set_active (self->consent_switch, p->consent_sensitive);
      gtk_editable_set_text (GTK_EDITABLE (self->consent_date_row), p->consent_date ? p->consent_date : "");
      gtk_editable_set_text (GTK_EDITABLE (self->consent_method_row), p->consent_method ? p->consent_method : "");
      gtk_drop_down_set_selected (self->ethnicity_dropdown,
                                  taphuan_ref_store_find (G_LIST_MODEL (self->ethnicities),
                                                          p->ethnicity_id));
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        g_hash_table_add (self->filled, (gpointer) fields[i].field);
    }
  else if (initial_name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->full_name_row), initial_name);
  update_communes (self, p ? p->province_code : NULL, p ? p->commune_code : NULL);
  self->consent_was_on = p != NULL && p->consent_sensitive;
  self->loading = FALSE;
  validate (self);
}

static void
taphuan_person_editor_dispose (GObject *object)
{
  TaphuanPersonEditor *self = TAPHUAN_PERSON_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TAPHUAN_TYPE_PERSON_EDITOR);
  g_clear_object (&self->db);
  g_clear_pointer (&self->original, tp_person_free);
  g_clear_object (&self->provinces);
  g_clear_object (&self->communes);
  g_clear_object (&self->ethnicities);
  g_clear_pointer (&self->communes_province, g_free);
  g_clear_pointer (&self->filled, g_hash_table_unref);
  g_clear_pointer (&self->similar_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (taphuan_person_editor_parent_class)->dispose (object);
}

static void
taphuan_person_editor_class_init (TaphuanPersonEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = taphuan_person_editor_dispose;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/taphuan/Taphuan/ui/taphuan-person-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, TaphuanPersonEditor, name)
  BIND (save_button);
  BIND (general_group); BIND (general_error);
  BIND (similar_group);
  BIND (full_name_row); BIND (full_name_error);
  BIND (sex_dropdown); BIND (sex_error);
  BIND (birth_year_row); BIND (birth_year_error);
  BIND (national_id_row); BIND (national_id_error);
  BIND (organization_row); BIND (organization_error);
  BIND (position_row); BIND (position_error);
  BIND (phone_row); BIND (phone_error);
  BIND (email_row); BIND (email_error);
  BIND (province_dropdown); BIND (province_code_error);
  BIND (commune_dropdown); BIND (commune_code_error);
  BIND (consent_switch);
  BIND (consent_date_row); BIND (consent_date_error);
  BIND (consent_method_row);
  BIND (ethnicity_dropdown); BIND (ethnicity_row); BIND (ethnicity_error);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, field_changed_cb);
  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
}

static void
taphuan_person_editor_init (TaphuanPersonEditor *self)
{
  self->loading = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->filled = g_hash_table_new (g_str_hash, g_str_equal);
  self->similar_rows = g_ptr_array_new ();
  gtk_widget_set_visible (GTK_WIDGET (self->similar_group), FALSE);
}

TaphuanPersonEditor *
taphuan_person_editor_new (TpDb       *db,
                           const char *person_id,
                           const char *initial_name)
{
  TaphuanPersonEditor *self;

  g_return_val_if_fail (TP_IS_DB (db), NULL);

  self = g_object_new (TAPHUAN_TYPE_PERSON_EDITOR, NULL);
  self->db = g_object_ref (db);
  if (person_id != NULL)
    self->original = tp_store_get_person (db, person_id, NULL);
  load (self, initial_name);
  return self;
}
