/* atelier-main.c: entry point of the Atelier window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "atelier-application.h"
#include "atelier-sandbox-process.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AtelierApplication) app = NULL;

  /* The window starts its offline sandbox as a child process running this
   * binary: that child serves and never becomes an application. */
  if (argc == 2 && g_str_equal (argv[1], ATELIER_SANDBOX_SERVER_ARG))
    return atelier_sandbox_process_serve_child ();

#ifdef ATELIER_BUILD_ROOT
  {
    /* Uninstalled (`bash .ci/dev run`): use the schema compiled beside the
     * binary, so settings work without installing. */
    g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

    if (exe != NULL && g_str_has_prefix (exe, ATELIER_BUILD_ROOT G_DIR_SEPARATOR_S)
        && g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL
        && g_file_test (ATELIER_BUILD_ROOT "/data/gschemas.compiled", G_FILE_TEST_EXISTS))
      g_setenv ("GSETTINGS_SCHEMA_DIR", ATELIER_BUILD_ROOT "/data", FALSE);
  }
#endif

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Atelier"));

  app = atelier_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
