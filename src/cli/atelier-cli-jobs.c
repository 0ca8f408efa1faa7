/* atelier-cli-jobs.c: `atelier-cli jobs`, `styles` and `balance`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "atelier-cli-commands.h"
#include "atelier-cli-common.h"

/* `jobs --batch ID`: the jobs of one batch, in the order they were made. */
static int
print_batch (AtelierCliContext *ctx,
             const char        *batch_id,
             gboolean           json)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;

  jobs = atelier_history_load_batch (ctx->history, batch_id, &error);
  if (jobs == NULL)
    {
      g_printerr ("atelier-cli jobs: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }
  if (jobs->len == 0)
    {
      g_printerr (_("atelier-cli jobs: no batch “%s” in the history\n"), batch_id);
      return ATELIER_CLI_EXIT_FAILED;
    }
  if (json)
    printf ("[\n");
  for (guint i = 0; i < jobs->len; i++)
    {
      if (json && i > 0)
        printf (",\n");
      atelier_cli_print_job (g_ptr_array_index (jobs, i), json);
    }
  if (json)
    printf ("]\n");
  return ATELIER_CLI_EXIT_OK;
}

static gboolean
none_active (AtelierCliContext *ctx,
             gpointer           data)
{
  return atelier_engine_get_n_active (ctx->engine) == 0;
}

int
atelier_cli_jobs (int argc, char **argv)
{
  gboolean resume = FALSE, json = FALSE, offline = FALSE;
  g_autofree char *batch_id = NULL;
  int limit = 50;
  GOptionEntry entries[] = {
    { "resume", 'r', 0, G_OPTION_ARG_NONE, &resume,
      N_("Resume unfinished jobs and wait for them"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print jobs as JSON"), NULL },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show at most N jobs (0: all)"), N_("N") },
    { "batch", 'b', 0, G_OPTION_ARG_STRING, &batch_id,
      N_("Only the jobs of this batch (atelier-cli batch, “Generate with…”)"), N_("ID") },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, N_("Use the embedded offline sandbox"), NULL },
    { NULL }
  };
  g_autoptr(AtelierCliContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  AtelierJobList *jobs;
  guint n, failed = 0;

  if (!atelier_cli_parse ("jobs", NULL, _("List the job history."), entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;

  ctx = atelier_cli_context_new (offline, &error);
  if (ctx == NULL)
    {
      g_printerr ("atelier-cli: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }
  if (batch_id != NULL)
    return print_batch (ctx, batch_id, json);

  atelier_engine_load_history (ctx->engine, resume, &error);
  if (error != NULL)
    {
      g_printerr ("atelier-cli jobs: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }

  if (resume)
    atelier_cli_context_run (ctx, none_active, NULL);

  jobs = atelier_engine_get_jobs (ctx->engine);
  n = g_list_model_get_n_items (G_LIST_MODEL (jobs));
  if (limit > 0)
    n = MIN (n, (guint) limit);

  if (json)
    printf ("[\n");
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AtelierJob) job = g_list_model_get_item (G_LIST_MODEL (jobs), i);

      if (json && i > 0)
        printf (",\n");
      atelier_cli_print_job (job, json);
      failed += atelier_job_get_status (job) == ATELIER_JOB_STATUS_FAILED;
    }
  if (json)
    printf ("]\n");

  return resume && atelier_engine_get_n_active (ctx->engine) > 0 ? ATELIER_CLI_EXIT_FAILED
                                                                 : ATELIER_CLI_EXIT_OK;
}
