/* test-report.c: the training report over tests/fixtures/report-fixture.json,
 * every figure counted by hand below, checked in the JSON, in the CSV, in
 * the drill-down and in the text of the PDF.
 *
 * The fixture, reporting year 2026 = 2025-12-15 .. 2026-12-14 (default start
 * 12-15):
 *
 *   RF-C1 rc-1  ToT gender equality, provincial, province 15, starts 2026-03-10.
 *         4 half-day sessions (10/3 am, pm; 11/3 am, pm); threshold 75 % (3 of
 *         4), excused does NOT count, pass mark 5. Trainer rt-1 (listed, and
 *         on sessions 1a and 1c), rt-2 named on session 1b only.
 *         rp-a F Kinh      P P P late      pre 4 post 8  completed, certified
 *         rp-b F Thái      P P exc exc     pre 5 post 7  2 of 4: not completed;
 *                                                        her certificate is revoked
 *         rp-c M HMông     P P P absent    pre 3 post 6  3 of 4: completed; one
 *                                                        revoked and one valid certificate
 *         rp-d ? Kinh      P P P P         pre 2 post 4  below the pass mark
 *         rp-g F Kinh      withdrawn                     left out everywhere
 *         Budget: state-provincial 40 000 000 / 36 000 000; ntp-project-8
 *         planned 10 000 000, no actual.
 *   RF-C2 rc-2  ToT GBV, commune, province 15, 2026-12-14 .. 2026-12-15: starts on
 *         the last day of the period, ends after it: included, whole.
 *         2 full days; threshold 100 %, excused DOES count. Trainer rt-2.
 *         rp-c M HMông     P P          completed, certified
 *         rp-e M (none)    P unmarked   1 of 2: not completed
 *         rp-f F Dao       P excused    completed (excused counts), certified
 *         Budget: gbv-programme 20 000 000 / 18 000 000.
 *   RF-C3 rc-3  starts 2025-12-14, the day before the period: excluded (with
 *         its 99 000 000 budget, trainer rt-4 and the ToT certificate of rt-1).
 *   RF-C4 rc-4  gender knowledge, provincial, province 66, 2025-12-15 (first
 *         day of the period: included). Morning + afternoon; threshold 50 %,
 *         excused does not count. Trainer rt-3 (no sex recorded).
 *         rp-a F Kinh      excused, P   1 of 2 = 50 %: completed, certified
 *         rp-i F Ê-đê      unmarked     registered only; pre 6
 *         Budget: oda-ngo 5 000 000 / 6 000 000.
 *   RF-C5 rc-5  cancelled, starts 2026-04-01: excluded.
 *
 *   rp-e has no ethnicity and no target group. rp-d and rt-3 have no sex: a
 *   bundle requires the sex, so the test clears it afterwards as the v0
 *   migration leaves it. rt-1 is a source trainer (trainer_profiles row with
 *   her ToT certificate from RF-C3); rt-2 has a profile without one.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <cairo-pdf.h>
#include <json-glib/json-glib.h>

#include "tp-bundle.h"
#include "tp-db.h"
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
  g_autofree char *bundle = g_test_build_filename (G_TEST_DIST, "fixtures", "report-fixture.json", NULL);

  f->dir = g_dir_make_tmp ("taphuan-report-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "taphuan.db", NULL);
  f->db = tp_db_open (path, &error);
  g_assert_no_error (error);
  tp_bundle_import_file (f->db, bundle, FALSE, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (tp_db_begin (f->db, &error));
  g_assert_true (tp_db_exec (f->db,
                             "UPDATE people SET sex = NULL WHERE id IN ('rp-d', 'rt-3');"
                             "INSERT INTO trainer_profiles (id, person_id, source_certificate_id, created_at, updated_at)"
                             " VALUES ('tp-1', 'rt-1', 'cert-t1', '2026-01-01', '2026-01-01'),"
                             "        ('tp-2', 'rt-2', NULL, '2026-01-01', '2026-01-01');",
                             &error));
  g_assert_true (tp_db_commit (f->db, &error));
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

static TpReport *
compute (TpDb       *db,
         const char *from,
         const char *to,
         const char *province,
         const char *type)
{
  g_autoptr(GError) error = NULL;
  TpReportQuery query = { (char *) from, (char *) to, (char *) province, (char *) type };
  TpReport *report = tp_report_compute (db, &query, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* ---- the expected figures ---------------------------------------------- */

/* key → double* (NAN = null in the JSON, empty in the CSV). */
static void
expect (GHashTable *expected,
        const char *key,
        double      value)
{
  double *boxed = g_new (double, 1);

  *boxed = value;
  g_assert_false (g_hash_table_contains (expected, key));
  g_hash_table_insert (expected, g_strdup (key), boxed);
}

static void
expect_split (GHashTable *expected,
              const char *prefix,
              double      total,
              double      female,
              double      male,
              double      unknown)
{
  g_autofree char *k_total = g_strdup_printf ("%s.total", prefix);
  g_autofree char *k_female = g_strdup_printf ("%s.female", prefix);
  g_autofree char *k_male = g_strdup_printf ("%s.male", prefix);
  g_autofree char *k_unknown = g_strdup_printf ("%s.unknown_sex", prefix);

  expect (expected, k_total, total);
  expect (expected, k_female, female);
  expect (expected, k_male, male);
  expect (expected, k_unknown, unknown);
}

/* A population block: all, Kinh, ethnic minorities, ethnicity not recorded,
 * each total/female/male/unknown. Checks the hand count adds up. */
static void
expect_block (GHashTable *expected,
              const char *prefix,
              int t, int f, int m, int u,
              int kt, int kf, int km, int ku,
              int et, int ef, int em, int eu,
              int nt, int nf, int nm, int nu)
{
  g_autofree char *kinh = g_strdup_printf ("%s.by_ethnicity.kinh", prefix);
  g_autofree char *minority = g_strdup_printf ("%s.by_ethnicity.ethnic_minority", prefix);
  g_autofree char *not_recorded = g_strdup_printf ("%s.by_ethnicity.not_recorded", prefix);
  g_autofree char *flat = g_strdup_printf ("%s.ethnic_minority", prefix);
  g_autofree char *flat_female = g_strdup_printf ("%s.ethnic_minority_female", prefix);

  /* My own arithmetic, before the program's. */
  g_assert_cmpint (t, ==, f + m + u);
  g_assert_cmpint (t, ==, kt + et + nt);
  g_assert_cmpint (f, ==, kf + ef + nf);
  g_assert_cmpint (m, ==, km + em + nm);
  g_assert_cmpint (u, ==, ku + eu + nu);

  expect_split (expected, prefix, t, f, m, u);
  expect (expected, flat, et);
  expect (expected, flat_female, ef);
  expect_split (expected, kinh, kt, kf, km, ku);
  expect_split (expected, minority, et, ef, em, eu);
  expect_split (expected, not_recorded, nt, nf, nm, nu);
}

static GHashTable *
expected_year_2026 (void)
{
  GHashTable *e = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  expect (e, "version", 1);

  /* Courses RF-C1, RF-C2, RF-C4 (RF-C3 starts the day before, RF-C5 cancelled). */
  expect (e, "courses.total", 3);
  expect (e, "courses.by_type.tot-gender-equality", 1);   /* RF-C1 */
  expect (e, "courses.by_type.tot-gbv", 1);               /* RF-C2 */
  expect (e, "courses.by_type.gender-mainstreaming", 0);  /* RF-C3 excluded */
  expect (e, "courses.by_type.gender-knowledge", 1);      /* RF-C4 */
  expect (e, "courses.by_type.communication", 0);         /* RF-C5 cancelled */
  expect (e, "courses.by_type.other", 0);
  expect (e, "courses.by_level.central", 0);
  expect (e, "courses.by_level.provincial", 2);           /* RF-C1, RF-C4 */
  expect (e, "courses.by_level.commune", 1);              /* RF-C2 */
  expect (e, "courses.by_level.unspecified", 0);
  /* 4 (C1) + 2 (C2) + 2 (C4). */
  expect (e, "sessions.total", 8);

  /* Registered, withdrawn rp-g left out: C1 a b c d, C2 c e f, C4 a i = 9.
   * Women a b f a i = 5; men c c e = 3; unknown d = 1.
   * Kinh a d a (F2 U1); minorities b c c f i (F3: b f i; M2: c c);
   * not recorded e (M). */
  expect_block (e, "enrolments", 9, 5, 3, 1,  3, 2, 0, 1,  5, 3, 2, 0,  1, 0, 1, 0);
  /* Distinct: a b c d e f i = 7; women a b f i; men c e; unknown d.
   * Kinh a d; minorities b c f i (F3, M1); not recorded e. */
  expect_block (e, "people", 7, 4, 2, 1,  2, 1, 0, 1,  4, 3, 1, 0,  1, 0, 1, 0);
  /* Present or late at least once: all but rp-i in C4 = 8.
   * Women a(C1) b f a(C4) = 4; men c c e; unknown d. */
  expect_block (e, "attended", 8, 4, 3, 1,  3, 2, 0, 1,  4, 2, 2, 0,  1, 0, 1, 0);
  /* Distinct: a b c d e f = 6. */
  expect_block (e, "people_attended", 6, 3, 2, 1,  2, 1, 0, 1,  3, 2, 1, 0,  1, 0, 1, 0);
  /* Completed: a(C1) c(C1) c(C2) f(C2) a(C4) = 5. Not: b (excused not
   * counted in C1), d (post-test 4 < 5), e (1 of 2), i (never came). */
  expect_block (e, "completed", 5, 3, 2, 0,  2, 2, 0, 0,  3, 1, 2, 0,  0, 0, 0, 0);
  /* Distinct: a c f. */
  expect_block (e, "people_completed", 3, 2, 1, 0,  1, 1, 0, 0,  2, 1, 1, 0,  0, 0, 0, 0);
  /* Valid certificates: a(C1) c(C1, the re-issue) c(C2) f(C2) a(C4) = 5;
   * b's is revoked, rt-1's is for the excluded RF-C3. */
  expect_block (e, "certified", 5, 3, 2, 0,  2, 2, 0, 0,  3, 1, 2, 0,  0, 0, 0, 0);
  expect_block (e, "people_certified", 3, 2, 1, 0,  1, 1, 0, 0,  2, 1, 1, 0,  0, 0, 0, 0);

  /* Enrolments by course type: C1 a b c d; C2 c e f; C4 a i. */
  expect_split (e, "enrolments_by_type.tot-gender-equality", 4, 2, 1, 1);
  expect_split (e, "enrolments_by_type.tot-gbv", 3, 1, 2, 0);
  expect_split (e, "enrolments_by_type.gender-mainstreaming", 0, 0, 0, 0);
  expect_split (e, "enrolments_by_type.gender-knowledge", 2, 2, 0, 0);
  expect_split (e, "enrolments_by_type.communication", 0, 0, 0, 0);
  expect_split (e, "enrolments_by_type.other", 0, 0, 0, 0);

  /* By the person's target group, enrolments. */
  expect_split (e, "by_target_group.policy-drafters", 0, 0, 0, 0);     /* rp-g withdrew */
  expect_split (e, "by_target_group.inspectors", 1, 0, 0, 1);          /* d */
  expect_split (e, "by_target_group.judicial-officers", 1, 1, 0, 0);   /* f */
  expect_split (e, "by_target_group.gender-equality-officers", 3, 3, 0, 0); /* a a i */
  expect_split (e, "by_target_group.cfaw-members", 1, 1, 0, 0);        /* b */
  expect_split (e, "by_target_group.commune-leaders", 2, 0, 2, 0);     /* c c */
  expect_split (e, "by_target_group.women-leaders-pool", 0, 0, 0, 0);
  expect_split (e, "by_target_group.source-trainers", 0, 0, 0, 0);
  expect_split (e, "by_target_group.other", 0, 0, 0, 0);               /* rp-h: excluded courses */
  expect_split (e, "by_target_group.not_recorded", 1, 0, 1, 0);        /* e */

  /* rt-1 (F, C1), rt-2 (M, C1 session 1b and C2), rt-3 (unknown, C4); rt-4
   * taught only the excluded courses. */
  expect_split (e, "trainers", 3, 1, 1, 1);
  /* rt-1 is the only source trainer; she taught RF-C1: its 4 enrolments. */
  expect_split (e, "cascade.source_trainers", 1, 1, 0, 0);
  expect (e, "cascade.courses", 1);
  expect_block (e, "cascade.enrolments", 4, 2, 1, 1,  2, 1, 0, 1,  2, 1, 1, 0,  0, 0, 0, 0);
  expect_block (e, "cascade.people", 4, 2, 1, 1,  2, 1, 0, 1,  2, 1, 1, 0,  0, 0, 0, 0);

  /* Days (half a day per morning or afternoon, present or late):
   * C1 a 2, b 1 (excused day not a day of training), c 1.5, d 2 = 6.5;
   * C2 c 2, e 1, f 1 = 4; C4 a 0.5, i 0. Total 11.
   * Women a 2 + b 1 + f 1 + a 0.5 = 4.5; men c 1.5 + c 2 + e 1 = 4.5; d 2. */
  expect (e, "person_days", 11);
  expect_split (e, "person_days_by_sex", 11, 4.5, 4.5, 2);

  /* Pre-test: a 4, b 5, c 3, d 2 (C1), i 6 (C4): mean 20 / 5 = 4;
   * women (4 + 5 + 6) / 3 = 5; men 3; unknown 2.
   * Post-test: a 8, b 7, c 6, d 4: 25 / 4 = 6.25; women 7.5; men 6; d 4. */
  expect_split (e, "tests.pre_mean", 4, 5, 3, 2);
  expect_split (e, "tests.post_mean", 6.25, 7.5, 6, 4);
  expect_split (e, "tests.pre_count", 5, 3, 1, 1);
  expect_split (e, "tests.post_count", 4, 2, 1, 1);

  /* Budget of C1, C2, C4 only (C3's 99 000 000 and C5's 7 000 000 left out). */
  expect (e, "budget.state-central.planned", 0);
  expect (e, "budget.state-central.actual", 0);
  expect (e, "budget.state-provincial.planned", 40000000);
  expect (e, "budget.state-provincial.actual", 36000000);
  expect (e, "budget.ntp-project-8.planned", 10000000);
  expect (e, "budget.ntp-project-8.actual", 0);
  expect (e, "budget.gbv-programme.planned", 20000000);
  expect (e, "budget.gbv-programme.actual", 18000000);
  expect (e, "budget.communication-programme.planned", 0);
  expect (e, "budget.communication-programme.actual", 0);
  expect (e, "budget.oda-ngo.planned", 5000000);
  expect (e, "budget.oda-ngo.actual", 6000000);
  expect (e, "budget.other.planned", 0);
  expect (e, "budget.other.actual", 0);
  expect (e, "budget_total.planned", 75000000);
  expect (e, "budget_total.actual", 60000000);
  /* 60 000 000 spent / 3 people completed (a c f). */
  expect (e, "cost_per_person_trained", 20000000);

  expect (e, "data_problems.people_unknown_sex", 1);               /* d */
  expect (e, "data_problems.people_ethnicity_not_recorded", 1);    /* e */
  expect (e, "data_problems.people_target_group_not_recorded", 1); /* e */
  expect (e, "data_problems.courses_without_sessions", 0);
  expect (e, "data_problems.trainers_unknown_sex", 1);             /* rt-3 */
  return e;
}

/* ---- JSON -------------------------------------------------------------- */

static void
check_json_node (JsonNode   *node,
                 const char *path,
                 GHashTable *expected,
                 GHashTable *strings,
                 GHashTable *seen)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (obj);

      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *child = *path != '\0' ? g_strconcat (path, ".", l->data, NULL)
                                                 : g_strdup (l->data);

          check_json_node (json_object_get_member (obj, l->data), child, expected, strings, seen);
        }
      return;
    }

  g_hash_table_add (seen, g_strdup (path));
  if (g_hash_table_contains (strings, path))
    {
      const char *want = g_hash_table_lookup (strings, path);

      if (want == NULL)
        g_assert_true (JSON_NODE_HOLDS_NULL (node));
      else
        g_assert_cmpstr (json_node_get_string (node), ==, want);
      return;
    }

  {
    double *want = g_hash_table_lookup (expected, path);

    if (want == NULL)
      g_error ("JSON figure %s is not in the hand-counted list", path);
    if (isnan (*want))
      g_assert_true (JSON_NODE_HOLDS_NULL (node));
    else
      {
        if (!JSON_NODE_HOLDS_VALUE (node))
          g_error ("JSON figure %s is not a number", path);
        if (json_node_get_double (node) != *want)
          g_error ("JSON figure %s is %g, counted by hand %g", path, json_node_get_double (node), *want);
      }
  }
}

static void
check_json (TpReport   *report,
            GHashTable *expected,
            GHashTable *strings)
{
  g_autofree char *json = tp_report_to_json (report);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  check_json_node (json_parser_get_root (parser), "", expected, strings, seen);

  /* And nothing counted by hand is missing from the JSON. */
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (seen, key))
      g_error ("%s is missing from the JSON", (char *) key);
  g_hash_table_iter_init (&iter, strings);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_true (g_hash_table_contains (seen, key));
}

/* ---- CSV --------------------------------------------------------------- */

static void
check_cell (GHashTable *expected,
            GHashTable *covered,
            const char *key,
            const char *cell)
{
  double *want = g_hash_table_lookup (expected, key);

  if (want == NULL)
    g_error ("CSV cell %s is not a hand-counted figure", key);
  g_hash_table_add (covered, g_strdup (key));
  if (isnan (*want))
    g_assert_cmpstr (cell, ==, "");
  else
    {
      char *end = NULL;
      double value;

      g_assert_cmpstr (cell, !=, "");
      value = g_ascii_strtod (cell, &end);
      g_assert_true (end != NULL && *end == '\0');
      if (value != *want)
        g_error ("CSV %s is %s, counted by hand %g", key, cell, *want);
    }
}

static void
check_csv (TpReport   *report,
           GHashTable *expected)
{
  g_autofree char *csv = tp_report_to_csv (report);
  g_autoptr(GHashTable) covered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = NULL;
  GHashTableIter iter;
  gpointer key;
  guint n_rows = 0;

  g_assert_true (g_str_has_prefix (csv, "\xEF\xBB\xBF" "key,total,female,male,unknown\r\n"));
  g_assert_true (g_str_has_suffix (csv, "\r\n"));
  lines = g_strsplit (csv + 3, "\r\n", -1);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[i], ",", -1);
      const char *row = cells[0];

      g_assert_cmpuint (g_strv_length (cells), ==, 5);
      n_rows++;
      if (g_hash_table_contains (expected, row))
        {
          /* A figure without women and men: only the total. */
          check_cell (expected, covered, row, cells[1]);
          g_assert_cmpstr (cells[2], ==, "");
          g_assert_cmpstr (cells[3], ==, "");
          g_assert_cmpstr (cells[4], ==, "");
        }
      else
        {
          static const char * const columns[] = { "total", "female", "male", "unknown_sex" };

          for (guint c = 0; c < 4; c++)
            {
              g_autofree char *cell_key = g_strdup_printf ("%s.%s", row, columns[c]);

              check_cell (expected, covered, cell_key, cells[c + 1]);
            }
        }
    }
  /* courses 1 + by type 6 + by level 4 + sessions 1; 8 blocks of 4 rows
   * (all, Kinh, minorities, not recorded); enrolments by type 6; target
   * groups 9 + not recorded; trainers 1; cascade 1 + 1 + 2 blocks of 4;
   * person-days 1; tests 4; budget 7 sources × 2; totals 2; cost 1;
   * data problems 5. */
  g_assert_cmpuint (n_rows, ==, 12 + 32 + 6 + 10 + 1 + 10 + 1 + 4 + 14 + 2 + 1 + 5);

  /* Every figure is in the CSV, except the JSON's shortcuts that repeat one
   * (ethnic_minority = by_ethnicity.ethnic_minority.total...). */
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      if (g_hash_table_contains (covered, key) || g_str_equal (key, "version") ||
          g_str_equal (key, "person_days") || g_str_has_suffix (key, ".ethnic_minority") ||
          g_str_has_suffix (key, ".ethnic_minority_female"))
        continue;
      g_error ("%s is missing from the CSV", (char *) key);
    }
}

static void
test_year_2026 (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autoptr(TpReport) report = NULL;
  g_autoptr(GHashTable) expected = expected_year_2026 ();
  g_autoptr(GHashTable) strings = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_true (tp_report_reporting_year (f->db, 2026, &from, &to, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (from, ==, "2025-12-15");
  g_assert_cmpstr (to, ==, "2026-12-14");

  report = compute (f->db, from, to, NULL, NULL);
  g_hash_table_insert (strings, "format", "taphuan-report");
  g_hash_table_insert (strings, "period.from", "2025-12-15");
  g_hash_table_insert (strings, "period.to", "2026-12-14");
  g_hash_table_insert (strings, "filter.province", NULL);
  g_hash_table_insert (strings, "filter.course_type", NULL);
  check_json (report, expected, strings);
  check_csv (report, expected);
}

/* ---- drill-down -------------------------------------------------------- */

static char *
refs_text (TpReport        *report,
           const char      *key,
           TpReportRefKind  want_kind)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refs = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  TpReportRefKind kind;

  refs = tp_report_drill_down (report, key, &kind, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kind, ==, want_kind);
  for (guint i = 0; i < refs->len; i++)
    {
      TpReportRef *ref = g_ptr_array_index (refs, i);

      if (text->len > 0)
        g_string_append_c (text, ' ');
      if (ref->course_id != NULL && ref->person_id != NULL)
        g_string_append_printf (text, "%s/%s", ref->course_id, ref->person_id);
      else
        g_string_append (text, ref->course_id != NULL ? ref->course_id : ref->person_id);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

#define assert_refs(report, key, kind, want) \
  G_STMT_START { \
    g_autofree char *got_ = refs_text (report, key, kind); \
    g_assert_cmpstr (got_, ==, want); \
  } G_STMT_END

static void
test_drill_down (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TpReport) report = compute (f->db, "2025-12-15", "2026-12-14", NULL, NULL);
  g_autoptr(GPtrArray) keys = tp_report_list_keys (report);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = NULL;

  assert_refs (report, "courses.total", TP_REPORT_REF_COURSE, "rc-1 rc-2 rc-4");
  assert_refs (report, "courses.by_level.provincial", TP_REPORT_REF_COURSE, "rc-1 rc-4");
  assert_refs (report, "enrolments.female", TP_REPORT_REF_ENROLMENT,
               "rc-1/rp-a rc-1/rp-b rc-2/rp-f rc-4/rp-a rc-4/rp-i");
  assert_refs (report, "enrolments.ethnic_minority_female", TP_REPORT_REF_ENROLMENT,
               "rc-1/rp-b rc-2/rp-f rc-4/rp-i");
  assert_refs (report, "people.female", TP_REPORT_REF_PERSON, "rp-a rp-b rp-f rp-i");
  assert_refs (report, "people.by_ethnicity.not_recorded.total", TP_REPORT_REF_PERSON, "rp-e");
  assert_refs (report, "completed.total", TP_REPORT_REF_ENROLMENT,
               "rc-1/rp-a rc-1/rp-c rc-2/rp-c rc-2/rp-f rc-4/rp-a");
  assert_refs (report, "certified.male", TP_REPORT_REF_ENROLMENT, "rc-1/rp-c rc-2/rp-c");
  assert_refs (report, "trainers.total", TP_REPORT_REF_PERSON, "rt-1 rt-2 rt-3");
  assert_refs (report, "cascade.source_trainers.total", TP_REPORT_REF_PERSON, "rt-1");
  assert_refs (report, "data_problems.people_unknown_sex", TP_REPORT_REF_PERSON, "rp-d");
  assert_refs (report, "by_target_group.not_recorded.total", TP_REPORT_REF_ENROLMENT, "rc-2/rp-e");
  assert_refs (report, "budget.state-provincial.actual", TP_REPORT_REF_COURSE, "rc-1");
  assert_refs (report, "budget_total.planned", TP_REPORT_REF_COURSE, "rc-1 rc-2 rc-4");
  /* Who the days were spent by: everyone who came, rp-i never did. */
  assert_refs (report, "person_days", TP_REPORT_REF_ENROLMENT,
               "rc-1/rp-a rc-1/rp-b rc-1/rp-c rc-1/rp-d rc-2/rp-c rc-2/rp-e rc-2/rp-f rc-4/rp-a");
  assert_refs (report, "tests.post_mean.female", TP_REPORT_REF_ENROLMENT, "rc-1/rp-a rc-1/rp-b");

  /* Every count is exactly the number of records behind it. */
  for (guint i = 0; i < keys->len; i++)
    {
      const char *key = g_ptr_array_index (keys, i);
      g_autoptr(GPtrArray) refs = NULL;
      double value;

      if (g_str_has_prefix (key, "budget") || g_str_has_prefix (key, "person_days") ||
          g_str_has_prefix (key, "tests.pre_mean") || g_str_has_prefix (key, "tests.post_mean") ||
          g_str_has_prefix (key, "cost_per_person") || g_str_has_prefix (key, "sessions"))
        continue;
      g_assert_true (tp_report_get_value (report, key, &value));
      refs = tp_report_drill_down (report, key, NULL, &error);
      g_assert_no_error (error);
      if ((double) refs->len != value)
        g_error ("%s is %g but lists %u records", key, value, refs->len);
    }

  none = tp_report_drill_down (report, "enrolments.nonsense", NULL, &error);
  g_assert_null (none);
  g_assert_error (error, TP_ERROR, TP_ERROR_NOT_FOUND);
}

/* ---- filters and periods ----------------------------------------------- */

static double
value (TpReport   *report,
       const char *key)
{
  double v = -1;

  if (!tp_report_get_value (report, key, &v))
    g_error ("no value for %s", key);
  return v;
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(TpReport) p66 = compute (f->db, "2025-12-15", "2026-12-14", "66", NULL);
  g_autoptr(TpReport) p15 = compute (f->db, "2025-12-15", "2026-12-14", "15", NULL);
  g_autoptr(TpReport) gbv = compute (f->db, "2025-12-15", "2026-12-14", NULL, "tot-gbv");
  g_autoptr(TpReport) calendar = compute (f->db, "2026-01-01", "2026-12-31", NULL, NULL);
  g_autoptr(TpReport) empty = compute (f->db, "2030-01-01", "2030-12-31", NULL, NULL);
  g_autofree char *json = tp_report_to_json (p66);

  /* Province 66: RF-C4 only: rp-a (Kinh) and rp-i (Ê-đê), both women. */
  g_assert_cmpfloat (value (p66, "courses.total"), ==, 1);
  g_assert_cmpfloat (value (p66, "enrolments.total"), ==, 2);
  g_assert_cmpfloat (value (p66, "enrolments.female"), ==, 2);
  g_assert_cmpfloat (value (p66, "enrolments.ethnic_minority_female"), ==, 1);
  g_assert_cmpfloat (value (p66, "completed.total"), ==, 1);
  g_assert_cmpfloat (value (p66, "person_days"), ==, 0.5);
  g_assert_cmpfloat (value (p66, "trainers.unknown_sex"), ==, 1);
  /* 6 000 000 spent for one person completed. */
  g_assert_cmpfloat (value (p66, "cost_per_person_trained"), ==, 6000000);
  g_assert_nonnull (strstr (json, "\"province\": \"66\""));

  /* Province 15: RF-C1 and RF-C2 (RF-C3 and RF-C5 still out). */
  g_assert_cmpfloat (value (p15, "courses.total"), ==, 2);
  g_assert_cmpfloat (value (p15, "enrolments.total"), ==, 7);
  g_assert_cmpfloat (value (p15, "people.total"), ==, 6);
  g_assert_cmpfloat (value (p15, "budget_total.actual"), ==, 54000000);

  /* Type tot-gbv: RF-C2: c e f. */
  g_assert_cmpfloat (value (gbv, "courses.total"), ==, 1);
  g_assert_cmpfloat (value (gbv, "enrolments.total"), ==, 3);
  g_assert_cmpfloat (value (gbv, "enrolments.male"), ==, 2);
  g_assert_cmpfloat (value (gbv, "people_certified.total"), ==, 2);

  /* Calendar 2026: RF-C1 and RF-C2; RF-C4 (15/12/2025) is now outside. */
  g_assert_cmpfloat (value (calendar, "courses.total"), ==, 2);
  g_assert_cmpfloat (value (calendar, "enrolments.total"), ==, 7);

  /* Nothing held: zeros, and no mean or cost to divide by. */
  g_assert_cmpfloat (value (empty, "courses.total"), ==, 0);
  g_assert_false (tp_report_get_value (empty, "tests.pre_mean.total", NULL));
  g_assert_false (tp_report_get_value (empty, "cost_per_person_trained", NULL));
}

static void
assert_year (TpDb       *db,
             int         year,
             const char *want_from,
             const char *want_to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_assert_true (tp_report_reporting_year (db, year, &from, &to, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (from, ==, want_from);
  g_assert_cmpstr (to, ==, want_to);
}

static void
test_periods (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  assert_year (f->db, 2026, "2025-12-15", "2026-12-14");
  assert_year (f->db, 2025, "2024-12-15", "2025-12-14");

  g_assert_true (tp_db_set_setting (f->db, "report.year_start", "01-01", &error));
  assert_year (f->db, 2026, "2026-01-01", "2026-12-31");
  g_assert_true (tp_db_set_setting (f->db, "report.year_start", "07-01", &error));
  assert_year (f->db, 2026, "2025-07-01", "2026-06-30");
  /* A leap year inside: 2024-03-01 .. 2025-02-28 (and 2023-03-01 .. 2024-02-29). */
  g_assert_true (tp_db_set_setting (f->db, "report.year_start", "03-01", &error));
  assert_year (f->db, 2025, "2024-03-01", "2025-02-28");
  assert_year (f->db, 2024, "2023-03-01", "2024-02-29");

  for (guint i = 0; i < 4; i++)
    {
      const char *bad[] = { "02-29", "13-01", "1215", "12-32" };

      g_assert_true (tp_db_set_setting (f->db, "report.year_start", bad[i], &error));
      g_assert_false (tp_report_reporting_year (f->db, 2026, &from, &to, &error));
      g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_clear_error (&error);
      g_assert_false (tp_report_check_year_start (bad[i], NULL));
    }
  g_assert_true (tp_report_check_year_start ("12-15", NULL));
}

static void
assert_query_error (TpDb       *db,
                    const char *from,
                    const char *to,
                    const char *province,
                    const char *type,
                    int         code,
                    const char *in_message)
{
  g_autoptr(GError) error = NULL;
  TpReportQuery query = { (char *) from, (char *) to, (char *) province, (char *) type };
  g_autoptr(TpReport) report = tp_report_compute (db, &query, &error);

  g_assert_null (report);
  g_assert_error (error, TP_ERROR, code);
  g_assert_nonnull (strstr (error->message, in_message));
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  assert_query_error (f->db, "2026-02-30", "2026-12-31", NULL, NULL, TP_ERROR_INVALID, "2026-02-30");
  assert_query_error (f->db, "2026-01-01", "31/12/2026", NULL, NULL, TP_ERROR_INVALID, "31/12/2026");
  assert_query_error (f->db, "2026-12-31", "2026-01-01", NULL, NULL, TP_ERROR_INVALID, "2026-01-01");
  assert_query_error (f->db, "2026-01-01", "2026-12-31", "99", NULL, TP_ERROR_NOT_FOUND, "99");
  assert_query_error (f->db, "2026-01-01", "2026-12-31", NULL, "karaoke", TP_ERROR_NOT_FOUND, "karaoke");
}

/* ---- files ------------------------------------------------------------- */

static void
test_no_names (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(TpReport) report = compute (f->db, "2025-12-15", "2026-12-14", NULL, NULL);
  g_autofree char *json = tp_report_to_json (report);
  g_autofree char *csv = tp_report_to_csv (report);
  const char *names[] = { "Nguyễn Thị Lan", "Lò Thị Mai", "Giàng A Páo", "Đỗ Minh Tâm",
                          "Lê Văn Bình", "Vàng Thị Dua", "Niê", "rp-", "rt-" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_null (strstr (json, names[i]));
      g_assert_null (strstr (csv, names[i]));
    }
}

static char *
run_pdftotext (const char *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("pdftotext");
  const char *argv[] = { NULL, "-layout", pdf, "-", NULL };
  char *out = NULL;
  int status = -1;

  if (program == NULL)
    return NULL;
  argv[0] = program;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  return out;
}

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpReport) report = NULL;
  g_autofree char *path = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GRegex) collapse = g_regex_new ("[ \t]+", 0, 0, NULL);
  g_autofree char *flat = NULL;
  const char *wanted[] = {
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "SỞ NỘI VỤ TỈNH LÀO CAI",
    "BÁO CÁO KẾT QUẢ TẬP HUẤN",
    "Kỳ báo cáo: từ ngày 15/12/2025 đến ngày 14/12/2026",
    /* Table I: the ToT course row, then the total: 3 courses, 9, 5 women, 3 men. */
    "Tổng cộng 3 9 5 3",
    /* Table II: enrolments 9 = 5 F + 3 M + 1 unknown; 5 ethnic minority, 3 EM women. */
    "Lượt người ghi danh 9 5 3 1 5 3",
    "Số người ghi danh 7 4 2 1 4 3",
    "Lượt người hoàn thành 5 3 2 0 3 1",
    "Số người được cấp giấy chứng nhận 3 2 1 0 2 1",
    "Số buổi học: 8. Số ngày-người tập huấn: 11.",
    "Giảng viên tham gia giảng dạy 3 1 1 1",
    "Điểm trung bình cuối khóa 6,25 7,5 6 4",
    "Tổng cộng 75.000.000 60.000.000",
    "20.000.000 đồng",
    "Biểu đồ 1. Lượt người nữ và nam theo loại lớp",
    "Biểu đồ 2. Lượt người nữ và nam theo nhóm đối tượng",
    "1 người chưa có thông tin giới tính",
    "1 người chưa ghi dân tộc",
  };

  g_assert_true (tp_db_set_setting (f->db, "office.agency", "Sở Nội vụ tỉnh Lào Cai", &error));
  g_assert_no_error (error);
  report = compute (f->db, "2025-12-15", "2026-12-14", NULL, NULL);
  g_assert_true (tp_report_write_file (report, "pdf", path, &error));
  g_assert_no_error (error);

  text = run_pdftotext (path);
  if (text == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }
  flat = g_regex_replace_literal (collapse, text, -1, 0, " ", 0, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    if (strstr (flat, wanted[i]) == NULL)
      g_error ("The PDF does not say “%s”:\n%s", wanted[i], flat);
  /* Counts only, never names. */
  g_assert_null (strstr (flat, "Lò Thị Mai"));
  g_assert_null (strstr (flat, "Giàng A Páo"));
}

static int
run_pdfinfo_pages (const char *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("pdfinfo");
  const char *argv[] = { NULL, pdf, NULL };
  g_autofree char *out = NULL;
  const char *line;
  int status = -1;

  if (program == NULL)
    return -1;
  argv[0] = program;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  line = strstr (out, "Pages:");
  g_assert_nonnull (line);
  return atoi (line + strlen ("Pages:"));
}

/* The pages a print dialog gets (page count, then each page drawn on its
 * own cairo_t) are the pages of the PDF. */
static void
test_print_pages (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpReport) report = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "report.pdf", NULL);
  g_autofree char *printed = g_build_filename (f->dir, "printed.pdf", NULL);
  g_autofree char *pdf_text = NULL;
  g_autofree char *printed_text = NULL;
  cairo_surface_t *surface;
  int n_pages, pdf_pages;

  report = compute (f->db, "2025-12-15", "2026-12-14", NULL, NULL);
  g_assert_true (tp_report_write_pdf (report, pdf, &error));
  g_assert_no_error (error);
  n_pages = tp_report_page_count (report, 595.28, 841.89);
  g_assert_cmpint (n_pages, >=, 2);

  pdf_pages = run_pdfinfo_pages (pdf);
  if (pdf_pages < 0)
    {
      g_test_skip ("pdfinfo is not installed");
      return;
    }
  g_assert_cmpint (n_pages, ==, pdf_pages);

  /* Drawn page by page, as GtkPrintOperation::draw-page does. */
  surface = cairo_pdf_surface_create (printed, 595.28, 841.89);
  for (int i = 0; i < n_pages; i++)
    {
      cairo_t *cr = cairo_create (surface);

      tp_report_draw_page (report, cr, i, 595.28, 841.89);
      cairo_show_page (cr);
      cairo_destroy (cr);
    }
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  g_assert_cmpint (run_pdfinfo_pages (printed), ==, n_pages);

  pdf_text = run_pdftotext (pdf);
  printed_text = run_pdftotext (printed);
  g_assert_nonnull (strstr (printed_text, "BÁO CÁO KẾT QUẢ TẬP HUẤN"));
  g_assert_cmpstr (printed_text, ==, pdf_text);

  /* Letter paper: the same pages, scaled to fit. */
  g_assert_cmpint (tp_report_page_count (report, 612, 792), ==, n_pages);
}

static void
test_write_files (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TpReport) report = compute (f->db, "2025-12-15", "2026-12-14", NULL, NULL);
  g_autofree char *json_path = g_build_filename (f->dir, "r.json", NULL);
  g_autofree char *csv_path = g_build_filename (f->dir, "r.csv", NULL);
  g_autofree char *bad_path = g_build_filename (f->dir, "no", "such", "dir", "r.json", NULL);
  g_autofree char *json = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *on_disk = NULL;

  g_assert_true (tp_report_write_file (report, "json", json_path, &error));
  g_assert_no_error (error);
  json = tp_report_to_json (report);
  g_assert_true (g_file_get_contents (json_path, &on_disk, NULL, NULL));
  g_assert_cmpstr (on_disk, ==, json);
  g_clear_pointer (&on_disk, g_free);

  g_assert_true (tp_report_write_file (report, "csv", csv_path, &error));
  csv = tp_report_to_csv (report);
  g_assert_true (g_file_get_contents (csv_path, &on_disk, NULL, NULL));
  g_assert_cmpstr (on_disk, ==, csv);

  g_assert_false (tp_report_write_file (report, "xls", json_path, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (tp_report_write_file (report, "json", bad_path, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_IO);
  g_clear_error (&error);
  g_assert_false (tp_report_write_file (report, "pdf", bad_path, &error));
  g_assert_error (error, TP_ERROR, TP_ERROR_IO);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/report/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("year-2026", test_year_2026);
  ADD ("drill-down", test_drill_down);
  ADD ("filters", test_filters);
  ADD ("periods", test_periods);
  ADD ("errors", test_errors);
  ADD ("no-names", test_no_names);
  ADD ("pdf", test_pdf);
  ADD ("write-files", test_write_files);
  ADD ("print-pages", test_print_pages);
#undef ADD

  return g_test_run ();
}
