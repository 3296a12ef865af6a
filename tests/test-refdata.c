/* test-refdata.c: reference-data names in the interface language, the
 * same in the lists (drop-downs, report rows) as in the name look-ups
 * (tables), with the Vietnamese names kept for printed documents.
 * Runs under LC_ALL=C.UTF-8: the interface is English. */
#include "config.h"

#include "tp-db.h"
#include "tp-refdata.h"
#include "tp-report.h"

typedef struct {
  char *dir;
  TpDb *db;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("taphuan-refdata-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "taphuan.db", NULL);
  f->db = tp_db_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->db);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
}

typedef char *(*NameFunc) (TpDb *db, const char *id);

static void
check_list (TpDb      *db,
            GPtrArray *items,
            NameFunc   name,
            NameFunc   name_vi)
{
  guint english = 0;

  g_assert_cmpuint (items->len, >, 0);
  for (guint i = 0; i < items->len; i++)
    {
      TpRefItem *item = g_ptr_array_index (items, i);
      g_autofree char *shown = name (db, item->id);
      g_autofree char *printed = name_vi (db, item->id);

      /* The drop-down says what the table says. */
      g_assert_cmpstr (item->name, ==, shown);
      g_assert_cmpstr (item->name_vi, ==, printed);
      if (item->name_en != NULL && *item->name_en != '\0')
        {
          g_assert_cmpstr (item->name, ==, item->name_en);
          if (g_strcmp0 (item->name, item->name_vi) != 0)
            english++;
        }
      else
        g_assert_cmpstr (item->name, ==, item->name_vi);
    }
  /* The shipped lists have English names: an English interface shows them. */
  g_assert_cmpuint (english, >, 0);
}

static void
test_names_agree (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) types = tp_refdata_list_course_types (f->db);
  g_autoptr(GPtrArray) groups = tp_refdata_list_target_groups (f->db);
  g_autoptr(GPtrArray) sources = tp_refdata_list_funding_sources (f->db);

  check_list (f->db, types, tp_refdata_course_type_name, tp_refdata_course_type_name_vi);
  check_list (f->db, groups, tp_refdata_target_group_name, tp_refdata_target_group_name_vi);
  check_list (f->db, sources, tp_refdata_funding_source_name, tp_refdata_funding_source_name_vi);
}

/* Report rows name course types and target groups as the tables do: no
 * "Courses: Tập huấn…" in an English interface. */
static void
test_report_labels (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) types = tp_refdata_list_course_types (f->db);
  TpReportQuery query = { (char *) "2026-01-01", (char *) "2026-12-31", NULL, NULL };
  TpReport *report = tp_report_compute (f->db, &query, &error);
  GPtrArray *rows;

  g_assert_no_error (error);
  rows = tp_report_get_rows (report);
  for (guint i = 0; i < types->len; i++)
    {
      TpRefItem *type = g_ptr_array_index (types, i);
      g_autofree char *key = g_strdup_printf ("courses.by_type.%s", type->id);
      g_autofree char *name = tp_refdata_course_type_name (f->db, type->id);
      g_autofree char *expected = g_strdup_printf ("Courses: %s", name);
      gboolean found = FALSE;

      for (guint j = 0; j < rows->len; j++)
        {
          TpReportRow *row = g_ptr_array_index (rows, j);

          if (g_str_equal (row->key, key))
            {
              g_assert_cmpstr (row->label, ==, expected);
              found = TRUE;
            }
        }
      g_assert_true (found);
    }
  tp_report_free (report);
}

/* A user-defined item without an English name shows its Vietnamese one. */
static void
test_added_without_english (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) types = NULL;
  g_autofree char *name = NULL;
  gboolean found = FALSE;

  g_assert_true (tp_refdata_add (f->db, "course_types", "tot-commune", "Tập huấn cấp xã", NULL, &error));
  g_assert_no_error (error);
  name = tp_refdata_course_type_name (f->db, "tot-commune");
  g_assert_cmpstr (name, ==, "Tập huấn cấp xã");
  types = tp_refdata_list_course_types (f->db);
  for (guint i = 0; i < types->len; i++)
    {
      TpRefItem *item = g_ptr_array_index (types, i);

      if (g_str_equal (item->id, "tot-commune"))
        {
          g_assert_cmpstr (item->name, ==, "Tập huấn cấp xã");
          found = TRUE;
        }
    }
  g_assert_true (found);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/refdata/names-agree", Fixture, NULL, fixture_setup, test_names_agree, fixture_teardown);
  g_test_add ("/refdata/report-labels", Fixture, NULL, fixture_setup, test_report_labels, fixture_teardown);
  g_test_add ("/refdata/added-without-english", Fixture, NULL, fixture_setup, test_added_without_english, fixture_teardown);

  return g_test_run ();
}
