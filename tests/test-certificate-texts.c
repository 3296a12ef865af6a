/* test-certificate-texts.c: the "Certificate Texts…" dialog of a course
 * saves its fields as the course's own settings (what issuing uses),
 * empty fields fall back to the office, and a bad image changes nothing. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <adwaita.h>

#include "taphuan-certificate-texts-dialog.h"
#include "tp-certificates.h"
#include "tp-refdata.h"
#include "tp-store.h"

/* TAPHUAN_SHOT=FILE.png saves a picture of the dialog, for looking at. */
static void
maybe_save_png (GtkWidget *widget)
{
  const char *png = g_getenv ("TAPHUAN_SHOT");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  gint64 end = g_get_monotonic_time () + 500 * 1000;
  int width, height;

  if (png == NULL)
    return;
  gtk_window_present (GTK_WINDOW (widget));
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  width = gdk_paintable_get_intrinsic_width (paintable);
  height = gdk_paintable_get_intrinsic_height (paintable);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, png));
}

static void
mark_saved (gboolean *saved)
{
  *saved = TRUE;
}

static void
test_save_and_read_back (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("taphuan-texts-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "taphuan.db", NULL);
  g_autofree char *bad_svg = g_build_filename (dir, "broken.svg", NULL);
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
  g_autoptr(TpDb) db = tp_db_open (path, &error);
  g_autoptr(TpCourse) course = tp_course_new ();
  g_autoptr(TpCourse) other = tp_course_new ();
  TaphuanCertificateTextsDialog *dialog;
  g_autofree char *value = NULL;
  gboolean saved = FALSE;

  g_assert_no_error (error);
  g_assert_true (tp_db_set_setting (db, "office.signer_name", "Nguyễn Văn Bình", NULL));
  g_assert_true (tp_db_set_setting (db, "office.signer_title", "GIÁM ĐỐC", NULL));
  course->code = g_strdup ("LG-30");
  course->title = g_strdup ("Lồng ghép giới");
  course->type_id = g_strdup ("gender-knowledge");
  course->start_date = g_strdup ("2026-03-02");
  course->end_date = g_strdup ("2026-03-02");
  g_assert_true (tp_store_save_course (db, course, &error));
  g_assert_no_error (error);
  other->code = g_strdup ("LG-31");
  other->title = g_strdup ("Lồng ghép giới");
  other->type_id = g_strdup ("gender-knowledge");
  other->start_date = g_strdup ("2026-03-02");
  other->end_date = g_strdup ("2026-03-02");
  g_assert_true (tp_store_save_course (db, other, &error));
  g_assert_no_error (error);

  dialog = taphuan_certificate_texts_dialog_new (NULL, db, course->id);
  g_object_ref_sink (dialog);
  g_signal_connect_swapped (dialog, "saved", G_CALLBACK (mark_saved), &saved);
  /* Nothing set yet: every field is empty (the office setting). */
  g_assert_cmpstr (taphuan_certificate_texts_dialog_get_field (dialog, TAPHUAN_CERT_KEY_NAME), ==, "");
  g_assert_null (taphuan_certificate_texts_dialog_get_field (dialog, TAPHUAN_CERT_KEY_LOGO));

  taphuan_certificate_texts_dialog_set_field (dialog, TAPHUAN_CERT_KEY_NAME, "Phạm Thị Thu");
  taphuan_certificate_texts_dialog_set_field (dialog, TAPHUAN_CERT_KEY_TITLE, "PHÓ GIÁM ĐỐC");
  taphuan_certificate_texts_dialog_set_prefix (dialog, TAPHUAN_SIGNER_PREFIX_KT, "GIÁM ĐỐC");
  g_assert_true (taphuan_certificate_texts_dialog_save (dialog, &error));
  g_assert_no_error (error);
  g_assert_true (saved);

  value = tp_certificates_setting (db, course->id, "office.signer_name");
  g_assert_cmpstr (value, ==, "Phạm Thị Thu");
  g_free (value);
  value = tp_certificates_setting (db, course->id, "office.signer_prefix");
  g_assert_cmpstr (value, ==, "KT. GIÁM ĐỐC");
  g_free (value);
  /* Another course and the office keep theirs. */
  value = tp_certificates_setting (db, other->id, "office.signer_name");
  g_assert_cmpstr (value, ==, "Nguyễn Văn Bình");
  g_free (value);
  value = tp_db_get_setting (db, "office.signer_name");
  g_assert_cmpstr (value, ==, "Nguyễn Văn Bình");
  g_clear_pointer (&value, g_free);
  g_object_unref (dialog);

  /* Opening again shows the saved fields; a broken SVG is refused and the
   * saved name stays. */
  dialog = taphuan_certificate_texts_dialog_new (NULL, db, course->id);
  g_object_ref_sink (dialog);
  g_assert_cmpstr (taphuan_certificate_texts_dialog_get_field (dialog, TAPHUAN_CERT_KEY_NAME), ==, "Phạm Thị Thu");
  maybe_save_png (GTK_WIDGET (dialog));
  g_assert_true (g_file_set_contents (bad_svg, "<svg", -1, NULL));
  taphuan_certificate_texts_dialog_set_field (dialog, TAPHUAN_CERT_KEY_NAME, "");
  taphuan_certificate_texts_dialog_set_field (dialog, TAPHUAN_CERT_KEY_LOGO, bad_svg);
  g_assert_false (taphuan_certificate_texts_dialog_save (dialog, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "broken.svg"));
  g_clear_error (&error);
  value = tp_certificates_setting (db, course->id, "office.signer_name");
  g_assert_cmpstr (value, ==, "Phạm Thị Thu");
  g_clear_pointer (&value, g_free);

  /* Emptied: back to the office setting. */
  taphuan_certificate_texts_dialog_set_field (dialog, TAPHUAN_CERT_KEY_LOGO, NULL);
  g_assert_true (taphuan_certificate_texts_dialog_save (dialog, &error));
  g_assert_no_error (error);
  value = tp_certificates_setting (db, course->id, "office.signer_name");
  g_assert_cmpstr (value, ==, "Nguyễn Văn Bình");
  g_clear_pointer (&value, g_free);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);

  g_clear_object (&db);
  g_assert_cmpint (system (cmd), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  gtk_init ();
  adw_init ();
  g_test_add_func ("/certificate-texts/save-and-read-back", test_save_and_read_back);
  return g_test_run ();
}
