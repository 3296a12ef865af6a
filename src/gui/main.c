/* main.c: the taphuan executable. */
#include "config.h"

#include "taphuan-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TaphuanApplication) app = NULL;

  taphuan_application_setup_i18n ();
  app = taphuan_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
