/* atelier-cli-generate.c: `atelier-cli generate`
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "atelier-cli-commands.h"
#include "atelier-cli-common.h"
#include "atelier-core3d-design.h"
#include "atelier-error.h"
#include "atelier-styledna-edit.h"

static gboolean
submitted_or_finished (AtelierCliContext *ctx,
                       gpointer           data)
{
  AtelierJob *job = data;

  /* Without --wait we stay until the job cannot be lost: the service has
   * it (remote id saved) or it ended. */
  return atelier_job_is_finished (job) || atelier_job_get_remote_id (job) != NULL;
}

static gboolean
finished (AtelierCliContext *ctx,
          gpointer           data)
{
  return atelier_job_is_finished (ATELIER_JOB (data));
}

static void
products_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;

  products = atelier_core3d_design_provider_list_products_finish
               (ATELIER_CORE3D_DESIGN_PROVIDER (object), result, &error);
  if (products == NULL)
    g_debug ("Could not list the products: %s", error->message);
  g_main_loop_quit (user_data);
}

static char *
join_files (char **files)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; files && files[i]; i++)
    {
      g_autofree char *abs = g_canonicalize_filename (files[i], NULL);
      g_string_append_printf (s, "%s%s", s->len ? "\n" : "", abs);
    }
  return s->len ? g_string_free (g_steal_pointer (&s), FALSE) : NULL;
}

static void
result_url_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* --from-job: the address of a finished Style DNA job's result, asked of
 * the service (its links are the service's, and last 8 days). */
static char *
result_url (AtelierCliContext  *ctx,
            AtelierProvider    *provider,
            const char         *job_id,
            GError            **error)
{
  AtelierStylednaEditProvider *edit;
  g_autoptr(GAsyncResult) result = NULL;
  AtelierJob *source;

  if (!ATELIER_IS_STYLEDNA_EDIT_PROVIDER (provider))
    {
      g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_UNKNOWN,
                   _("--from-job is for --provider styledna-edit"));
      return NULL;
    }
  edit = ATELIER_STYLEDNA_EDIT_PROVIDER (provider);
  atelier_engine_load_history (ctx->engine, FALSE, NULL);
  source = atelier_job_list_lookup (atelier_engine_get_jobs (ctx->engine), job_id);
  if (source == NULL)
    {
      g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                   _("no job “%s” in the history"), job_id);
      return NULL;
    }
  atelier_styledna_edit_provider_result_url_async (edit, source, NULL, result_url_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return atelier_styledna_edit_provider_result_url_finish (edit, result, error);
}

int
atelier_cli_generate (int argc, char **argv)
{
  g_autofree char *provider_id = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *prompt = NULL;
  g_auto(GStrv) options = NULL;
  g_auto(GStrv) images = NULL;
  g_autofree char *mask = NULL;
  g_autofree char *from = NULL;
  g_autofree char *from_job = NULL;
  g_autoptr(AtelierJob) source = NULL;
  gboolean wait = FALSE, json = FALSE, offline = FALSE;
  GOptionEntry entries[] = {
    { "provider", 'p', 0, G_OPTION_ARG_STRING, &provider_id,
      N_("Service: openai, core3d, core3d-design, image3d, styledna or styledna-edit"), N_("ID") },
    { "endpoint", 'e', 0, G_OPTION_ARG_STRING, &endpoint,
      N_("openai: a named endpoint (see “atelier-cli endpoints”) instead of the default one"),
      N_("NAME") },
    { "prompt", 0, 0, G_OPTION_ARG_STRING, &prompt, N_("What to generate"), N_("TEXT") },
    { "option", 'o', 0, G_OPTION_ARG_STRING_ARRAY, &options,
      N_("A service parameter, repeatable"), N_("KEY=VALUE") },
    { "image", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &images, N_("An input image, repeatable"),
      N_("FILE") },
    { "mask", 0, 0, G_OPTION_ARG_FILENAME, &mask, N_("A mask for image edits"), N_("FILE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      N_("A finished job whose image is the input (core3d-design: the artwork)"), N_("JOB_ID") },
    { "from-job", 0, 0, G_OPTION_ARG_STRING, &from_job,
      N_("styledna-edit: edit the result of this finished Style DNA job (kept 8 days)"),
      N_("JOB_ID") },
    { "wait", 'w', 0, G_OPTION_ARG_NONE, &wait, N_("Wait until the job is done"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the job as JSON"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, N_("Use the embedded offline sandbox"), NULL },
    { NULL }
  };
  g_autoptr(AtelierCliContext) ctx = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  AtelierProvider *provider;
  AtelierJob *job;

  if (!atelier_cli_parse ("generate", NULL, _("Run a generation job and save its results."),
                          entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;

  /* --endpoint NAME alone means the OpenAI-compatible service there. */
  if (endpoint != NULL)
    {
      char *id = atelier_cli_provider_id (provider_id != NULL ? provider_id : "openai", endpoint,
                                          &error);

      if (id == NULL)
        {
          g_printerr ("atelier-cli generate: %s\n", error->message);
          return ATELIER_CLI_EXIT_USAGE;
        }
      g_free (provider_id);
      provider_id = id;
    }
  if (provider_id == NULL)
    {
      g_printerr ("%s\n", _("atelier-cli generate: --provider is required "
                            "(openai, core3d, core3d-design, image3d, styledna or styledna-edit)"));
      return ATELIER_CLI_EXIT_USAGE;
    }

  ctx = atelier_cli_context_new (offline, &error);
  if (ctx == NULL)
    {
      g_printerr ("atelier-cli: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }

  provider = atelier_engine_get_provider (ctx->engine, provider_id);
  if (provider == NULL)
    {
      g_printerr (_("atelier-cli generate: unknown provider “%s”\n"), provider_id);
      return ATELIER_CLI_EXIT_USAGE;
    }

  params = atelier_params_new ();
  for (guint i = 0; options && options[i]; i++)
    {
      if (!atelier_param_parse_option (atelier_provider_get_params (provider), params, options[i],
                                       &error))
        {
          g_printerr ("atelier-cli generate: %s\n", error->message);
          return ATELIER_CLI_EXIT_FAILED;
        }
    }
  if (prompt != NULL)
    {
      /* Style DNA names its prompt differently; --prompt fills whichever exists. */
      const char *key = atelier_param_table_lookup (atelier_provider_get_params (provider), "prompt")
                        ? "prompt" : "visualPrompt";
      g_hash_table_insert (params, g_strdup (key), g_strdup (prompt));
    }
  if (from_job != NULL)
    {
      char *url = result_url (ctx, provider, from_job, &error);

      if (url == NULL)
        {
          g_printerr ("atelier-cli generate: %s\n", error->message);
          return ATELIER_CLI_EXIT_FAILED;
        }
      g_hash_table_insert (params, g_strdup ("imageUrl"), url);
    }
  if (images != NULL)
    g_hash_table_insert (params, g_strdup ("image"), join_files (images));
  if (from != NULL)
    {
      source = atelier_history_load (ctx->history, from, &error);
      if (source == NULL)
        {
          g_printerr (_("atelier-cli generate: no job “%s”: %s\n"), from,
                      error ? error->message : _("not in the history"));
          return ATELIER_CLI_EXIT_FAILED;
        }
      /* A Core3D image goes by its upload URI, anything else as its file. */
      if (g_str_equal (provider_id, "core3d-design"))
        {
          if (!atelier_core3d_design_take_artwork (source, params, &error))
            {
              g_printerr ("atelier-cli generate: %s\n", error->message);
              return ATELIER_CLI_EXIT_FAILED;
            }
        }
      else if (atelier_job_get_outputs (source)[0] != NULL)
        g_hash_table_insert (params, g_strdup ("image"),
                             g_strdup (atelier_job_get_outputs (source)[0]));
    }
  if (mask != NULL)
    g_hash_table_insert (params, g_strdup ("mask"), g_canonicalize_filename (mask, NULL));

  /* With the products known, a product or type it cannot take is refused
   * here, before a job is even made. */
  if (ATELIER_IS_CORE3D_DESIGN_PROVIDER (provider))
    {
      atelier_core3d_design_provider_list_products_async (ATELIER_CORE3D_DESIGN_PROVIDER (provider),
                                                          FALSE, NULL, products_cb, ctx->loop);
      g_main_loop_run (ctx->loop);
    }

  job = atelier_engine_create_job (ctx->engine, provider_id, params, &error);
  if (job == NULL)
    {
      g_printerr ("atelier-cli generate: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }
  g_object_ref (job);
  if (source != NULL)
    atelier_job_set_parent_id (job, atelier_job_get_id (source));

  atelier_cli_context_run (ctx, wait ? finished : submitted_or_finished, job);
  atelier_cli_print_job (job, json);

  if (atelier_job_get_status (job) == ATELIER_JOB_STATUS_FAILED)
    {
      g_printerr ("atelier-cli generate: %s\n", atelier_job_get_error_message (job));
      g_object_unref (job);
      return ATELIER_CLI_EXIT_FAILED;
    }
  if (wait && atelier_job_get_status (job) != ATELIER_JOB_STATUS_DONE)
    {
      g_object_unref (job);
      return ATELIER_CLI_EXIT_FAILED;
    }

  g_object_unref (job);
  return ATELIER_CLI_EXIT_OK;
}
