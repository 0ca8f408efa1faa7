/* atelier-cli-export.c: `atelier-cli export`, a Core3D design as print artwork
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "atelier-cli-commands.h"
#include "atelier-cli-common.h"
#include "atelier-core3d-export.h"

static gboolean
finished (AtelierCliContext *ctx,
          gpointer           data)
{
  return atelier_job_is_finished (ATELIER_JOB (data));
}

static gboolean
submitted_or_finished (AtelierCliContext *ctx,
                       gpointer           data)
{
  return atelier_job_is_finished (data) || atelier_job_get_remote_id (data) != NULL;
}

int
atelier_cli_export (int argc, char **argv)
{
  g_autofree char *type = NULL;
  gboolean wait = FALSE, json = FALSE, offline = FALSE;
  GOptionEntry entries[] = {
    { "type", 't', 0, G_OPTION_ARG_STRING, &type,
      N_("dtf (every pattern piece, all-over print) or dtg (the printable zones)"), N_("TYPE") },
    { "wait", 'w', 0, G_OPTION_ARG_NONE, &wait, N_("Wait until the ZIP is saved"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the job as JSON"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, N_("Use the embedded offline sandbox"), NULL },
    { NULL }
  };
  g_autoptr(AtelierCliContext) ctx = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierJob) design_job = NULL;
  g_autoptr(AtelierJob) job = NULL;
  const char *source;

  if (!atelier_cli_parse ("export", N_("DESIGN_URI|JOB_ID"),
                          _("Export a Core3D design as print-ready artwork: a ZIP of 300 DPI "
                            "pieces, saved in the library."),
                          entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;
  if (argc != 2 || type == NULL || (!g_str_equal (type, "dtf") && !g_str_equal (type, "dtg")))
    {
      g_printerr ("%s\n", _("Usage: atelier-cli export (DESIGN_URI | JOB_ID) --type dtf|dtg "
                            "[--wait] [--json]"));
      return ATELIER_CLI_EXIT_USAGE;
    }
  source = argv[1];

  ctx = atelier_cli_context_new (offline, &error);
  if (ctx == NULL)
    {
      g_printerr ("atelier-cli: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }

  if (g_str_has_prefix (source, ATELIER_CORE3D_DESIGN_URI))
    {
      params = atelier_params_new ();
      g_hash_table_insert (params, g_strdup ("design"), g_strdup (source));
      g_hash_table_insert (params, g_strdup ("type"), g_strdup (type));
    }
  else
    {
      design_job = atelier_history_load (ctx->history, source, &error);
      if (design_job == NULL)
        {
          g_printerr (_("atelier-cli export: no design URI or job “%s”: %s\n"), source,
                      error ? error->message : _("not in the history"));
          return ATELIER_CLI_EXIT_FAILED;
        }
      params = atelier_core3d_export_params_for_job (design_job, type, &error);
      if (params == NULL)
        {
          g_printerr ("atelier-cli export: %s\n", error->message);
          return ATELIER_CLI_EXIT_FAILED;
        }
    }

  job = atelier_engine_create_job (ctx->engine, "core3d-export", params, &error);
  if (job == NULL)
    {
      g_printerr ("atelier-cli export: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }
  g_object_ref (job);
  /* The export is the design job's child: image → design → export. */
  if (design_job != NULL)
    atelier_job_set_parent_id (job, atelier_job_get_id (design_job));

  atelier_cli_context_run (ctx, wait ? finished : submitted_or_finished, job);
  atelier_cli_print_job (job, json);

  if (atelier_job_get_status (job) == ATELIER_JOB_STATUS_FAILED)
    {
      g_printerr ("atelier-cli export: %s\n", atelier_job_get_error_message (job));
      return ATELIER_CLI_EXIT_FAILED;
    }
  if (wait && atelier_job_get_status (job) != ATELIER_JOB_STATUS_DONE)
    return ATELIER_CLI_EXIT_FAILED;
  return ATELIER_CLI_EXIT_OK;
}
