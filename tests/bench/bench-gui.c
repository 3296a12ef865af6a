/* bench-gui: how the main window copes with a province-scale register.
 *
 *   taphuan-bench-gui [DATABASE]
 *
 * Without DATABASE, or when it does not exist yet, it builds one with
 * $TAPHUAN_BENCH_PEOPLE people (100,000 by default), in a scratch folder
 * removed afterwards or at DATABASE. Reports, as Markdown rows: the time from
 * creating the window to its first drawn frame with the data shown, the
 * time the People list takes to load in its worker, and per keystroke the
 * People refilter and the time until the next frame is drawn. Needs a
 * display (run under xvfb-run). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "taphuan-window-private.h"
#include "tp-store.h"

static gboolean painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  painted = TRUE;
}

static double
wait_for_frame (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gint64 start = g_get_monotonic_time ();
  gulong id;

  painted = FALSE;
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  gtk_widget_queue_draw (widget);
  while (!painted)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, id);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
build_database (const char *path,
                guint       n_people)
{
  static const char *family[] = { "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Lò", "Vàng",
                                  "Giàng", "Lý", "Tẩn", "Sùng", "Điêu", "Lường", "Bùi", "Đỗ" };
  static const char *middle[] = { "Thị", "Văn", "Thị Thu", "Văn Đức", "A", "Thị Ngọc", "Hữu" };
  static const char *given[] = { "Hoa", "An", "Bình", "Mai", "Lan", "Páo", "Sua", "Thủy", "Hằng",
                                 "Minh", "Tuấn", "Xuân", "Dung", "Quang", "Hoà", "Mẩy", "Lử" };
  GError *error = NULL;
  g_autoptr(TpDb) db = tp_db_open (path, &error);
  GRand *rand = g_rand_new_with_seed (42);

  g_assert_no_error (error);
  g_assert_true (tp_db_begin (db, &error));
  for (guint i = 0; i < n_people; i++)
    {
      g_autoptr(TpPerson) p = tp_person_new ();
      const char *m = middle[g_rand_int_range (rand, 0, G_N_ELEMENTS (middle))];

      p->full_name = g_strdup_printf ("%s %s %s", family[g_rand_int_range (rand, 0, G_N_ELEMENTS (family))],
                                      m, given[g_rand_int_range (rand, 0, G_N_ELEMENTS (given))]);
      p->sex = g_str_has_prefix (m, "Thị") ? TP_SEX_FEMALE : TP_SEX_MALE;
      p->birth_year = g_rand_int_range (rand, 1960, 2005);
      p->organization = g_strdup_printf ("UBND xã số %u", g_rand_int_range (rand, 1, 300));
      if (!tp_store_save_person (db, p, &error))
        g_error ("%s", error->message);
    }
  g_assert_true (tp_db_commit (db, &error));
  g_rand_free (rand);
}

static void
report (const char *what,
        double      value,
        const char *unit,
        const char *target)
{
  printf ("| %s | %.1f %s | %s |\n", what, value, unit, target ? target : "");
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL, *path = NULL;
  const char *keys[] = { "n", "ng", "ngu", "nguy", "nguye", "nguyen", "nguyen t", "nguyen th",
                         "nguyen thi", "nguyen thi h", "nguyen thi ho", "nguyen thi hoa" };
  TaphuanWindow *window;
  TaphuanPeoplePage *people;
  gint64 start;
  double worst_filter = 0, worst_frame = 0;
  guint n_people = g_getenv ("TAPHUAN_BENCH_PEOPLE") ? atoi (g_getenv ("TAPHUAN_BENCH_PEOPLE")) : 100000;

  gtk_init ();
  adw_init ();

  if (argc > 1)
    {
      /* A missing DATABASE is built there and kept for the next run. */
      path = g_strdup (argv[1]);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        build_database (path, n_people);
    }
  else
    {
      dir = g_dir_make_tmp ("taphuan-bench-gui-XXXXXX", NULL);
      path = g_build_filename (dir, "bench.db", NULL);
      start = g_get_monotonic_time ();
      build_database (path, n_people);
      g_printerr ("built %u people in %.1f s\n", n_people, (g_get_monotonic_time () - start) / 1e6);
    }

  printf ("| what | value | target |\n|---|---|---|\n");
  start = g_get_monotonic_time ();
  window = taphuan_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  taphuan_window_open_database (window, path, FALSE);
  while (taphuan_window_get_state (window) == TAPHUAN_WINDOW_LOADING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (taphuan_window_get_state (window), ==, TAPHUAN_WINDOW_READY);
  wait_for_frame (GTK_WIDGET (window));
  report ("window created → first frame with the data", (g_get_monotonic_time () - start) / 1000.0,
          "ms", "< 500 ms");

  people = _taphuan_window_get_people_page (window);
  while (taphuan_people_page_is_loading (people))
    g_main_context_iteration (NULL, TRUE);
  report ("People list loaded in its worker (from window creation)",
          (g_get_monotonic_time () - start) / 1000.0, "ms", "off the main thread");
  printf ("| people in the register | %u | |\n",
          g_list_model_get_n_items (taphuan_people_page_get_model (people)));

  taphuan_window_show_page (window, "people");
  wait_for_frame (GTK_WIDGET (window));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      double filter_ms, frame_ms;

      start = g_get_monotonic_time ();
      taphuan_people_page_set_search (people, keys[i]);
      filter_ms = taphuan_people_page_get_filter_usec (people) / 1000.0;
      wait_for_frame (GTK_WIDGET (window));
      frame_ms = (g_get_monotonic_time () - start) / 1000.0;
      worst_filter = MAX (worst_filter, filter_ms);
      worst_frame = MAX (worst_frame, frame_ms);
      g_printerr ("“%s”: %u matches, refilter %.2f ms, to next frame %.2f ms\n", keys[i],
                  g_list_model_get_n_items (taphuan_people_page_get_model (people)),
                  filter_ms, frame_ms);
    }
  report ("People refilter per keystroke (worst of 12)", worst_filter, "ms", "< 16 ms");
  report ("keystroke → next frame drawn (worst of 12)", worst_frame, "ms", "");

  /* Clearing the search shows everyone again. */
  start = g_get_monotonic_time ();
  taphuan_people_page_set_search (people, "");
  wait_for_frame (GTK_WIDGET (window));
  report ("clear search → next frame drawn", (g_get_monotonic_time () - start) / 1000.0, "ms", "");

  gtk_window_destroy (GTK_WINDOW (window));
  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);
      g_remove (path);
      g_remove (wal);
      g_remove (shm);
      g_rmdir (dir);
    }
  return 0;
}
