/* atelier-cli-batch.c: `atelier-cli batch`, one prompt to several services
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "atelier-batch.h"
#include "atelier-cli-commands.h"
#include "atelier-cli-common.h"

typedef struct
{
  AtelierBatch *batch;
  gboolean      wait;
} RunState;

static gboolean
batch_settled (AtelierCliContext *ctx,
               gpointer           data)
{
  RunState *state = data;
  GPtrArray *jobs = atelier_batch_get_jobs (state->batch);

  /* As `generate`: without --wait, until no job can be lost (the service
   * has it, or it ended). */
  for (guint i = 0; i < jobs->len; i++)
    {
      AtelierJob *job = g_ptr_array_index (jobs, i);

      if (atelier_job_is_finished (job))
        continue;
      if (state->wait || atelier_job_get_remote_id (job) == NULL)
        return FALSE;
    }
  return TRUE;
}

/* "a, b,,c" → {a, b, c}, each once. */
static GStrv
split_providers (const char *list)
{
  g_auto(GStrv) parts = g_strsplit (list, ",", -1);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *id = g_strstrip (parts[i]);

      if (*id != '\0' && g_hash_table_add (seen, id))
        g_strv_builder_add (ids, id);
    }
  return g_strv_builder_end (ids);
}

/* "openai.n=2" → "openai" and "n=2"; FALSE when it is not SERVICE.KEY=VALUE. */
static gboolean
split_option (const char  *option,
              char       **service,
              const char **rest)
{
  const char *eq = strchr (option, '=');
  const char *dot = strchr (option, '.');

  if (eq == NULL || dot == NULL || dot == option || dot > eq || dot + 1 == eq)
    return FALSE;
  *service = g_strndup (option, dot - option);
  *rest = dot + 1;
  return TRUE;
}

static void
print_text (AtelierBatch *batch)
{
  GPtrArray *jobs = atelier_batch_get_jobs (batch);

  /* Translators: the first line of `atelier-cli batch`, %s is the batch id */
  printf (_("batch %s\n"), atelier_batch_get_id (batch));
  fflush (stdout);
  for (guint i = 0; i < jobs->len; i++)
    atelier_cli_print_job (g_ptr_array_index (jobs, i), FALSE);
}

static void
print_json (AtelierBatch *batch)
{
  g_autoptr(JsonNode) node = atelier_batch_to_json (batch);
  g_autofree char *text = json_to_string (node, TRUE);

  printf ("%s\n", text);
  fflush (stdout);
}

int
atelier_cli_batch (int argc, char **argv)
{
  g_autofree char *provider_list = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *image = NULL;
  g_auto(GStrv) options = NULL;
  g_auto(GStrv) ids = NULL;
  gboolean wait = FALSE, json = FALSE, offline = FALSE;
  GOptionEntry entries[] = {
    { "provider", 'p', 0, G_OPTION_ARG_STRING, &provider_list,
      N_("Services, separated by commas: openai, core3d, image3d, styledna…"), N_("ID,ID,…") },
    { "prompt", 0, 0, G_OPTION_ARG_STRING, &prompt, N_("What to generate, sent to every service"),
      N_("TEXT") },
    { "image", 0, 0, G_OPTION_ARG_FILENAME, &image,
      N_("An input image, for the services that take one"), N_("FILE") },
    { "option", 'o', 0, G_OPTION_ARG_STRING_ARRAY, &options,
      N_("One service’s parameter, repeatable"), N_("SERVICE.KEY=VALUE") },
    { "wait", 'w', 0, G_OPTION_ARG_NONE, &wait, N_("Wait until every job has ended"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the batch id and its jobs as JSON"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, N_("Use the embedded offline sandbox"), NULL },
    { NULL }
  };
  g_autoptr(AtelierCliContext) ctx = NULL;
  g_autoptr(AtelierBatch) batch = NULL;
  g_autoptr(GHashTable) service_options = NULL;
  g_autoptr(GError) error = NULL;
  RunState state;
  GPtrArray *jobs;
  int status = ATELIER_CLI_EXIT_OK;

  if (!atelier_cli_parse ("batch", NULL,
                          _("Send one prompt to several services at once: a job each, one batch."),
                          entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;

  if (provider_list == NULL || (ids = split_providers (provider_list))[0] == NULL)
    {
      g_printerr ("%s\n", _("atelier-cli batch: --provider is required, e.g. "
                            "--provider openai,core3d,styledna"));
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (prompt == NULL || *g_strstrip (prompt) == '\0')
    {
      g_printerr ("%s\n", _("atelier-cli batch: --prompt is required"));
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      g_printerr (_("atelier-cli batch: unexpected argument “%s”\n"), argv[1]);
      return ATELIER_CLI_EXIT_USAGE;
    }

  ctx = atelier_cli_context_new (offline, &error);
  if (ctx == NULL)
    {
      g_printerr ("atelier-cli: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }

  service_options = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                           (GDestroyNotify) g_hash_table_unref);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      if (atelier_engine_get_provider (ctx->engine, ids[i]) == NULL)
        {
          g_printerr (_("atelier-cli batch: unknown provider “%s”\n"), ids[i]);
          return ATELIER_CLI_EXIT_USAGE;
        }
      g_hash_table_insert (service_options, ids[i], atelier_params_new ());
    }

  for (guint i = 0; options != NULL && options[i] != NULL; i++)
    {
      g_autofree char *service = NULL;
      const char *rest = NULL;
      AtelierProvider *provider;
      GHashTable *params;

      if (!split_option (options[i], &service, &rest))
        {
          g_printerr (_("atelier-cli batch: --option “%s” does not name its service "
                        "(SERVICE.KEY=VALUE, e.g. openai.n=2)\n"), options[i]);
          return ATELIER_CLI_EXIT_USAGE;
        }
      if ((params = g_hash_table_lookup (service_options, service)) == NULL)
        {
          g_printerr (_("atelier-cli batch: --option “%s” is for “%s”, which is not in --provider\n"),
                      options[i], service);
          return ATELIER_CLI_EXIT_USAGE;
        }
      /* A refusal of the batch: it names the service and the rule. */
      provider = atelier_engine_get_provider (ctx->engine, service);
      if (!atelier_param_parse_option (atelier_provider_get_params (provider), params, rest, &error))
        {
          g_printerr ("atelier-cli batch: %s (%s): %s\n",
                      atelier_provider_get_display_name (provider), service, error->message);
          return ATELIER_CLI_EXIT_FAILED;
        }
    }

  batch = atelier_batch_new (prompt);
  if (image != NULL)
    {
      g_autofree char *path = g_canonicalize_filename (image, NULL);

      atelier_batch_set_image (batch, path);
    }
  for (guint i = 0; ids[i] != NULL; i++)
    atelier_batch_add_service (batch, ids[i], g_hash_table_lookup (service_options, ids[i]));

  if (!atelier_batch_submit (batch, ctx->engine, &error))
    {
      g_printerr ("atelier-cli batch: %s\n", error->message);
      if (atelier_batch_get_jobs (batch)->len == 0)
        return ATELIER_CLI_EXIT_FAILED;
      /* Some jobs were made before the refusal: they are the batch. */
      status = ATELIER_CLI_EXIT_FAILED;
    }
  for (const char * const *note = atelier_batch_get_notes (batch); *note != NULL; note++)
    g_printerr ("atelier-cli batch: %s\n", *note);

  state.batch = batch;
  state.wait = wait;
  atelier_cli_context_run (ctx, batch_settled, &state);

  if (json)
    print_json (batch);
  else
    print_text (batch);

  jobs = atelier_batch_get_jobs (batch);
  for (guint i = 0; i < jobs->len; i++)
    {
      AtelierJob *job = g_ptr_array_index (jobs, i);
      AtelierJobStatus job_status = atelier_job_get_status (job);

      if (job_status == ATELIER_JOB_STATUS_FAILED)
        {
          g_printerr ("atelier-cli batch: %s: %s\n", atelier_job_get_provider (job),
                      atelier_job_get_error_message (job));
          status = ATELIER_CLI_EXIT_FAILED;
        }
      else if (wait && job_status != ATELIER_JOB_STATUS_DONE)
        status = ATELIER_CLI_EXIT_FAILED;
    }
  return status;
}
