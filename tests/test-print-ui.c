/* test-print-ui.c: the print dialog's pages equal the CLI's PDF. The
 * operation is run with GTK_PRINT_OPERATION_ACTION_EXPORT (no dialog) and
 * its PDF compared with tp_render_to_pdf's: same page count, same text. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <gtk/gtk.h>

#include "taphuan-print-operation.h"
#include "tp-store.h"

static char *
run_tool (const char *tool,
          const char *arg,
          const char *pdf)
{
  const char *argv[] = { tool, arg, pdf, arg != NULL ? "-" : NULL, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (arg == NULL)
    argv[1] = pdf, argv[2] = NULL;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

static void
test_same_pages (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("taphuan-test-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (dir, "taphuan.db", NULL);
  g_autofree char *gtk_pdf = g_build_filename (dir, "dialog.pdf", NULL);
  g_autofree char *cli_pdf = g_build_filename (dir, "cli.pdf", NULL);
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_autoptr(TpDb) db = tp_db_open (db_path, &error);
  g_autoptr(TpCourse) course = tp_course_new ();
  g_autoptr(TaphuanPrintOperation) operation = NULL;
  g_autoptr(TpDocument) doc = NULL;
  g_autofree char *info_gtk = NULL, *info_cli = NULL, *text_gtk = NULL, *text_cli = NULL;
  g_autofree char *tool = g_find_program_in_path ("pdftotext");
  GtkPrintOperationResult result;

  if (tool == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }
  g_assert_no_error (error);
  course->code = g_strdup ("BDG-2026-05");
  course->title = g_strdup ("Tập huấn phòng ngừa, ứng phó với bạo lực trên cơ sở giới");
  course->type_id = g_strdup ("tot-gender-equality");
  course->start_date = g_strdup ("2026-05-20");
  course->end_date = g_strdup ("2026-05-21");
  tp_store_save_course (db, course, &error);
  g_assert_no_error (error);
  tp_store_generate_sessions (db, course->id, &error);
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(TpPerson) p = tp_person_new ();
      g_autoptr(TpEnrolment) e = tp_enrolment_new ();
      static const char *const given[] = { "Hoa", "Bình", "Lan", "Dũng", "Mai" };

      p->full_name = g_strdup_printf ("Nguyễn Thị %s %u", given[i % 5], i);
      p->sex = TP_SEX_FEMALE;
      p->birth_year = 1970 + i;
      p->organization = g_strdup ("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã Mường Khương");
      tp_store_save_person (db, p, &error);
      e->course_id = g_strdup (course->id);
      e->person_id = g_strdup (p->id);
      tp_store_enrol (db, e, &error);
      g_assert_no_error (error);
    }

  operation = taphuan_print_operation_new (db, course->id, TP_DOCUMENT_SIGNIN);
  gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (operation), gtk_pdf);
  gtk_print_operation_set_allow_async (GTK_PRINT_OPERATION (operation), FALSE);
  result = gtk_print_operation_run (GTK_PRINT_OPERATION (operation), GTK_PRINT_OPERATION_ACTION_EXPORT,
                                    NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);

  doc = tp_document_new (db, TP_DOCUMENT_SIGNIN, course->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (tp_render_to_pdf (doc, cli_pdf, &error));

  info_gtk = run_tool ("pdfinfo", NULL, gtk_pdf);
  info_cli = run_tool ("pdfinfo", NULL, cli_pdf);
  g_assert_cmpint (atoi (strstr (info_gtk, "Pages:") + 6), ==, tp_document_get_n_pages (doc));
  g_assert_cmpint (atoi (strstr (info_cli, "Pages:") + 6), ==, tp_document_get_n_pages (doc));
  g_assert_cmpint (tp_document_get_n_pages (doc), >, 2);   /* two days, several pages each */

  text_gtk = run_tool ("pdftotext", "-raw", gtk_pdf);
  text_cli = run_tool ("pdftotext", "-raw", cli_pdf);
  g_assert_cmpstr (text_gtk, ==, text_cli);
  g_assert_nonnull (strstr (text_gtk, "DANH SÁCH HỌC VIÊN KÝ TÊN"));

  g_assert_cmpint (system (cmd), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  g_test_add_func ("/print/same-pages-as-pdf", test_same_pages);
  return g_test_run ();
}
