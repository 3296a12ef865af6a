/* tp-model.c: the records' constructors, destructors and stable strings. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tp-model.h"

static gboolean
lookup (const char * const *table,
        guint               n,
        const char         *str,
        int                *out)
{
  if (str == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_str_equal (table[i], str))
      {
        *out = (int) i;
        return TRUE;
      }
  return FALSE;
}

#define STRING_ENUM(prefix, Type, ...)                                          \
  static const char * const prefix##_strings[] = { __VA_ARGS__ };               \
  const char *                                                                  \
  prefix##_to_string (Type v)                                                   \
  {                                                                             \
    g_return_val_if_fail ((guint) v < G_N_ELEMENTS (prefix##_strings), NULL);   \
    return prefix##_strings[v];                                                 \
  }                                                                             \
  gboolean                                                                      \
  prefix##_from_string (const char *str, Type *out)                             \
  {                                                                             \
    int v;                                                                      \
    if (!lookup (prefix##_strings, G_N_ELEMENTS (prefix##_strings), str, &v))   \
      return FALSE;                                                             \
    *out = (Type) v;                                                            \
    return TRUE;                                                                \
  }

STRING_ENUM (tp_sex, TpSex, "unknown", "female", "male")
STRING_ENUM (tp_session_part, TpSessionPart, "morning", "afternoon", "full-day")
STRING_ENUM (tp_mark, TpMark, "none", "present", "late", "excused", "absent")
STRING_ENUM (tp_course_status, TpCourseStatus, "planned", "open", "completed", "cancelled")
STRING_ENUM (tp_enrolment_status, TpEnrolmentStatus, "registered", "attending", "completed", "withdrawn")
STRING_ENUM (tp_trainer_role, TpTrainerRole, "lead", "co-trainer", "assistant")
STRING_ENUM (tp_cert_status, TpCertStatus, "valid", "revoked")

const char *
tp_sex_label (TpSex s)
{
  switch (s)
    {
    case TP_SEX_FEMALE: return _("Female");
    case TP_SEX_MALE: return _("Male");
    case TP_SEX_UNKNOWN:
    default: return _("Not recorded");
    }
}

const char *
tp_session_part_label (TpSessionPart p)
{
  switch (p)
    {
    case TP_PART_MORNING: return _("Morning");
    case TP_PART_AFTERNOON: return _("Afternoon");
    case TP_PART_FULL_DAY:
    default: return _("Full day");
    }
}

const char *
tp_mark_label (TpMark m)
{
  switch (m)
    {
    case TP_MARK_PRESENT: return _("Present");
    case TP_MARK_LATE: return _("Late");
    case TP_MARK_EXCUSED: return _("Excused");
    case TP_MARK_ABSENT: return _("Absent");
    case TP_MARK_NONE:
    default: return _("Unmarked");
    }
}

const char *
tp_course_status_label (TpCourseStatus s)
{
  switch (s)
    {
    case TP_COURSE_PLANNED: return _("Planned");
    case TP_COURSE_OPEN: return _("In progress");
    case TP_COURSE_COMPLETED: return _("Completed");
    case TP_COURSE_CANCELLED:
    default: return _("Cancelled");
    }
}

const char *
tp_enrolment_status_label (TpEnrolmentStatus s)
{
  switch (s)
    {
    case TP_ENROLMENT_REGISTERED: return _("Registered");
    case TP_ENROLMENT_ATTENDING: return _("Attending");
    case TP_ENROLMENT_COMPLETED: return _("Completed");
    case TP_ENROLMENT_WITHDRAWN:
    default: return _("Withdrawn");
    }
}

const char *
tp_trainer_role_label (TpTrainerRole r)
{
  switch (r)
    {
    case TP_ROLE_LEAD: return _("Lead trainer");
    case TP_ROLE_CO_TRAINER: return _("Co-trainer");
    case TP_ROLE_ASSISTANT:
    default: return _("Assistant");
    }
}

TpPerson *
tp_person_new (void)
{
  return g_new0 (TpPerson, 1);
}

TpPerson *
tp_person_copy (const TpPerson *p)
{
  TpPerson *c = g_new0 (TpPerson, 1);

  c->id = g_strdup (p->id);
  c->full_name = g_strdup (p->full_name);
  c->family_name = g_strdup (p->family_name);
  c->middle_name = g_strdup (p->middle_name);
  c->given_name = g_strdup (p->given_name);
  c->sort_name = g_strdup (p->sort_name);
  c->sex = p->sex;
  c->birth_year = p->birth_year;
  c->birth_date = g_strdup (p->birth_date);
  c->ethnicity_id = g_strdup (p->ethnicity_id);
  c->national_id = g_strdup (p->national_id);
  c->phone = g_strdup (p->phone);
  c->email = g_strdup (p->email);
  c->organization = g_strdup (p->organization);
  c->position = g_strdup (p->position);
  c->province_code = g_strdup (p->province_code);
  c->commune_code = g_strdup (p->commune_code);
  c->admin_version = g_strdup (p->admin_version);
  c->target_group = g_strdup (p->target_group);
  c->consent_sensitive = p->consent_sensitive;
  c->consent_date = g_strdup (p->consent_date);
  c->consent_method = g_strdup (p->consent_method);
  c->created_at = g_strdup (p->created_at);
  c->updated_at = g_strdup (p->updated_at);
  return c;
}

void
tp_person_free (TpPerson *p)
{
  if (p == NULL)
    return;
  g_free (p->id);
  g_free (p->full_name);
  g_free (p->family_name);
  g_free (p->middle_name);
  g_free (p->given_name);
  g_free (p->sort_name);
  g_free (p->birth_date);
  g_free (p->ethnicity_id);
  g_free (p->national_id);
  g_free (p->phone);
  g_free (p->email);
  g_free (p->organization);
  g_free (p->position);
  g_free (p->province_code);
  g_free (p->commune_code);
  g_free (p->admin_version);
  g_free (p->target_group);
  g_free (p->consent_date);
  g_free (p->consent_method);
  g_free (p->created_at);
  g_free (p->updated_at);
  g_free (p);
}

TpSession *
tp_session_new (void)
{
  return g_new0 (TpSession, 1);
}

void
tp_session_free (TpSession *s)
{
  if (s == NULL)
    return;
  g_free (s->id);
  g_free (s->course_id);
  g_free (s->date);
  g_free (s->topic);
  g_free (s->trainer_id);
  g_free (s);
}

TpBudgetLine *
tp_budget_line_new (const char *source_id,
                    gint64      planned,
                    gint64      actual)
{
  TpBudgetLine *b = g_new0 (TpBudgetLine, 1);

  b->source_id = g_strdup (source_id);
  b->planned = planned;
  b->actual = actual;
  return b;
}

void
tp_budget_line_free (TpBudgetLine *b)
{
  if (b == NULL)
    return;
  g_free (b->source_id);
  g_free (b);
}

TpCourse *
tp_course_new (void)
{
  TpCourse *c = g_new0 (TpCourse, 1);

  c->completion_threshold = 80;
  c->pass_mark = -1;
  c->budget = g_ptr_array_new_with_free_func ((GDestroyNotify) tp_budget_line_free);
  return c;
}

TpCourse *
tp_course_copy (const TpCourse *c)
{
  TpCourse *d = tp_course_new ();

  d->id = g_strdup (c->id);
  d->code = g_strdup (c->code);
  d->title = g_strdup (c->title);
  d->type_id = g_strdup (c->type_id);
  d->level = g_strdup (c->level);
  d->target_groups = g_strdupv (c->target_groups);
  d->organizer = g_strdup (c->organizer);
  d->province_code = g_strdup (c->province_code);
  d->commune_code = g_strdup (c->commune_code);
  d->admin_version = g_strdup (c->admin_version);
  d->venue = g_strdup (c->venue);
  d->start_date = g_strdup (c->start_date);
  d->end_date = g_strdup (c->end_date);
  d->status = c->status;
  d->completion_threshold = c->completion_threshold;
  d->excused_counts = c->excused_counts;
  d->pass_mark = c->pass_mark;
  d->daily_allowance = c->daily_allowance;
  for (guint i = 0; c->budget != NULL && i < c->budget->len; i++)
    {
      const TpBudgetLine *b = g_ptr_array_index (c->budget, i);
      g_ptr_array_add (d->budget, tp_budget_line_new (b->source_id, b->planned, b->actual));
    }
  d->created_at = g_strdup (c->created_at);
  d->updated_at = g_strdup (c->updated_at);
  return d;
}

void
tp_course_free (TpCourse *c)
{
  if (c == NULL)
    return;
  g_free (c->id);
  g_free (c->code);
  g_free (c->title);
  g_free (c->type_id);
  g_free (c->level);
  g_strfreev (c->target_groups);
  g_free (c->organizer);
  g_free (c->province_code);
  g_free (c->commune_code);
  g_free (c->admin_version);
  g_free (c->venue);
  g_free (c->start_date);
  g_free (c->end_date);
  g_clear_pointer (&c->budget, g_ptr_array_unref);
  g_free (c->created_at);
  g_free (c->updated_at);
  g_free (c);
}

TpEnrolment *
tp_enrolment_new (void)
{
  TpEnrolment *e = g_new0 (TpEnrolment, 1);

  e->pre_test = -1;
  e->post_test = -1;
  return e;
}

void
tp_enrolment_free (TpEnrolment *e)
{
  if (e == NULL)
    return;
  g_free (e->id);
  g_free (e->course_id);
  g_free (e->person_id);
  g_free (e);
}

TpCourseTrainer *
tp_course_trainer_new (void)
{
  return g_new0 (TpCourseTrainer, 1);
}

void
tp_course_trainer_free (TpCourseTrainer *t)
{
  if (t == NULL)
    return;
  g_free (t->person_id);
  g_free (t->course_id);
  g_free (t);
}
