/* atelier-cli-texture.c: `atelier-cli texture JOB_ID`, texture a mesh-only model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-cli-commands.h"
#include "atelier-cli-common.h"
#include "atelier-image3d.h"

static gboolean
submitted_or_finished (AtelierCliContext *ctx,
                       gpointer           data)
{
  AtelierJob *job = data;

  return atelier_job_is_finished (job) || atelier_job_get_remote_id (job) != NULL;
}

static gboolean
finished (AtelierCliContext *ctx,
          gpointer           data)
{
  return atelier_job_is_finished (ATELIER_JOB (data));
}

int
atelier_cli_texture (int argc, char **argv)
{
  gboolean wait = FALSE, json = FALSE, offline = FALSE;
  GOptionEntry entries[] = {
    { "wait", 'w', 0, G_OPTION_ARG_NONE, &wait, N_("Wait until the textured model is saved"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the new job as JSON"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, N_("Use the embedded offline sandbox"), NULL },
    { NULL }
  };
  g_autoptr(AtelierCliContext) ctx = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierJob) job = NULL;
  AtelierJob *parent;

  if (!atelier_cli_parse ("texture", "JOB_ID",
                          _("Texture a mesh-only image3d model as a new job; the mesh stays."),
                          entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr ("%s\n", _("atelier-cli texture: give the id of one mesh-only image3d job "
                            "(see “atelier-cli jobs”)"));
      return ATELIER_CLI_EXIT_USAGE;
    }

  ctx = atelier_cli_context_new (offline, &error);
  if (ctx == NULL)
    {
      g_printerr ("atelier-cli: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }
  atelier_engine_load_history (ctx->engine, FALSE, NULL);
  parent = atelier_job_list_lookup (atelier_engine_get_jobs (ctx->engine), argv[1]);
  if (parent == NULL)
    {
      g_printerr (_("atelier-cli texture: no job “%s” in the history\n"), argv[1]);
      return ATELIER_CLI_EXIT_FAILED;
    }
  if ((params = atelier_image3d_texture_params (parent, &error)) == NULL ||
      (job = atelier_engine_create_job (ctx->engine, "image3d", params, &error)) == NULL)
    {
      g_printerr ("atelier-cli texture: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }
  g_object_ref (job);
  /* Both models stay in the history, the textured one linked to its mesh. */
  atelier_job_set_parent_id (job, atelier_job_get_id (parent));

  atelier_cli_context_run (ctx, wait ? finished : submitted_or_finished, job);
  atelier_cli_print_job (job, json);

  if (atelier_job_get_status (job) == ATELIER_JOB_STATUS_FAILED)
    {
      g_printerr ("atelier-cli texture: %s\n", atelier_job_get_error_message (job));
      return ATELIER_CLI_EXIT_FAILED;
    }
  if (wait && atelier_job_get_status (job) != ATELIER_JOB_STATUS_DONE)
    return ATELIER_CLI_EXIT_FAILED;
  return ATELIER_CLI_EXIT_OK;
}
