/* shot.c DB PAGE OUT.png: runs the real application on DB, shows PAGE
 * (win.show-page) and saves the window as a PNG, in-process so there is no
 * window manager to crop away. Built and run by build-aux/screenshots/run.sh. */
#include "config.h"
#include <adwaita.h>
#include "taphuan-application.h"
#include "taphuan-window.h"

static const char *page, *out;

static gboolean
snap_cb (gpointer data)
{
  GApplication *app = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  int width = gdk_paintable_get_intrinsic_width (paintable);
  int height = gdk_paintable_get_intrinsic_height (paintable);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, out));
  g_print ("%s: %dx%d\n", out, width, height);
  g_application_quit (app);
  return G_SOURCE_REMOVE;
}

static gboolean
page_cb (gpointer data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (data));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", page);
  g_timeout_add (1500, snap_cb, data);
  return G_SOURCE_REMOVE;
}

static void
activated_cb (GApplication *app)
{
  g_timeout_add (2500, page_cb, app);
}

int
main (int argc, char **argv)
{
  g_autoptr(TaphuanApplication) app = NULL;
  char *args[] = { argv[0], argv[1], NULL };

  page = argv[2];
  out = argv[3];
  taphuan_application_setup_i18n ();
  app = taphuan_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "open", G_CALLBACK (activated_cb), NULL);
  return g_application_run (G_APPLICATION (app), 2, args);
}
