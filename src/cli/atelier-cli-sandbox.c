/* atelier-cli-sandbox.c: `atelier-cli sandbox`, the offline server standalone
 *
 * Prints the environment a client needs (one KEY=VALUE per line, so a
 * script can `eval` or `source` it, ATELIER_SANDBOX_KEY last), then serves
 * until SIGINT or SIGTERM.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include "atelier-cli-commands.h"
#include "atelier-sandbox.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  /* Removed after the loop, together with the other signal's source. */
  return G_SOURCE_CONTINUE;
}

int
atelier_cli_sandbox (int    argc,
                     char **argv)
{
  g_autoptr(AtelierSandbox) sandbox = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) environment = NULL;
  int port = 0;
  int job_duration = -1;
  int stream_interval = -1;
  gint64 balance = -1;
  GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port,
      N_("Port of the API listener (default: a free one)"), N_("PORT") },
    { "job-duration", 'd', 0, G_OPTION_ARG_INT, &job_duration,
      N_("How long a job takes, in milliseconds (default: 2000)"), N_("MS") },
    { "stream-interval", 0, 0, G_OPTION_ARG_INT, &stream_interval,
      N_("Pause between two events of a streamed image, in milliseconds (default: a quarter "
         "of the job duration)"), N_("MS") },
    { "balance", 'b', 0, G_OPTION_ARG_INT64, &balance,
      N_("image3d credits to start with (default: 580)"), N_("CREDITS") },
    { NULL }
  };
  guint sigint, sigterm;

  if (!atelier_cli_parse ("sandbox", NULL,
                          _("Serves the Core3D, image3d, OpenAI-compatible and Style DNA "
                            "dialects on 127.0.0.1, with results on a second “CDN” port."),
                          entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;

  if (argc > 1)
    {
      fprintf (stderr, _("atelier-cli sandbox: unexpected argument “%s”\n"), argv[1]);
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (port < 0 || port > 65535)
    {
      fprintf (stderr, _("atelier-cli sandbox: --port must be between 0 and 65535\n"));
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (job_duration < -1 || job_duration > 3600 * 1000)
    {
      fprintf (stderr, _("atelier-cli sandbox: --job-duration must be between 0 and 3600000 ms\n"));
      return ATELIER_CLI_EXIT_USAGE;
    }

  sandbox = atelier_sandbox_new ();
  if (job_duration >= 0)
    atelier_sandbox_set_job_duration (sandbox, job_duration);
  if (stream_interval >= 0)
    atelier_sandbox_set_stream_interval (sandbox, MIN (stream_interval, 600 * 1000));
  if (balance >= 0)
    atelier_sandbox_set_balance (sandbox, balance);

  if (!atelier_sandbox_start (sandbox, port, &error))
    {
      fprintf (stderr, _("atelier-cli sandbox: could not listen on 127.0.0.1:%d: %s\n"),
               port, error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }

  environment = atelier_sandbox_get_environment (sandbox);
  for (guint i = 0; environment[i] != NULL; i++)
    printf ("%s\n", environment[i]);
  printf ("ATELIER_SANDBOX_CDN_URL=http://127.0.0.1:%u\n", atelier_sandbox_get_cdn_port (sandbox));
  /* Last, so a reader that has it has everything: the control endpoints
   * (/_sandbox/…) want it in the Atelier-Sandbox-Key header. */
  printf ("ATELIER_SANDBOX_KEY=%s\n", atelier_sandbox_get_control_key (sandbox));
  fflush (stdout);
  fprintf (stderr, _("Sandbox running; press Ctrl+C to stop.\n"));

  loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm = g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);

  atelier_sandbox_stop (sandbox);
  return ATELIER_CLI_EXIT_OK;
}
