/* atelier-cli-common.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <stdio.h>

#include "atelier-cli-common.h"
#include "atelier-core3d-client.h"
#include "atelier-endpoints.h"
#include "atelier-error.h"
#include "atelier-providers.h"

static AtelierServiceConfig *
sandbox_config (const char *id,
                gpointer    user_data)
{
  AtelierSandbox *sandbox = user_data;
  g_autofree char *url = atelier_sandbox_get_url (sandbox, id);
  AtelierServiceConfig *config = atelier_service_config_new (id, url, ATELIER_SANDBOX_TOKEN);

  if (g_str_equal (id, "image3d"))
    {
      config->auth_key = g_strdup (ATELIER_SANDBOX_FIREBASE_KEY);
      config->auth_url = atelier_sandbox_get_firebase_url (sandbox, FALSE);
      config->token_url = atelier_sandbox_get_firebase_url (sandbox, TRUE);
    }
  return config;
}

static void
apply_env_tuning (AtelierCliContext *ctx)
{
  const char *value;

  /* Scripting and tests: poll and back off on a shorter leash. */
  if ((value = g_getenv ("ATELIER_POLL_MS")))
    {
      guint ms = (guint) g_ascii_strtoull (value, NULL, 10);
      atelier_engine_set_poll_interval (ctx->engine, ms, MAX (ms * 4, ms));
    }
  if ((value = g_getenv ("ATELIER_BACKOFF_MS")))
    {
      guint ms = (guint) g_ascii_strtoull (value, NULL, 10);
      atelier_http_set_backoff (ctx->http, ms, ms * 16, ms * 20);
    }
}

AtelierCliContext *
atelier_cli_context_new (gboolean   offline,
                         GError   **error)
{
  g_autoptr(AtelierCliContext) ctx = g_new0 (AtelierCliContext, 1);

  ctx->loop = g_main_loop_new (NULL, FALSE);
  ctx->http = atelier_http_new ();
  ctx->history = atelier_history_open (NULL, error);
  if (ctx->history == NULL)
    return NULL;
  if (atelier_history_get_recovery_message (ctx->history))
    g_printerr ("%s\n", atelier_history_get_recovery_message (ctx->history));

  ctx->engine = atelier_engine_new (ctx->http, ctx->history);
  apply_env_tuning (ctx);

  if (!offline && !atelier_providers_any_configured ())
    {
      g_printerr ("%s\n", _("No service is configured: using the offline sandbox."));
      offline = TRUE;
    }

  if (offline)
    {
      ctx->sandbox = atelier_sandbox_new ();
      if (!atelier_sandbox_start (ctx->sandbox, 0, error))
        return NULL;
      atelier_providers_register_all (ctx->engine, sandbox_config, ctx->sandbox);
    }
  else
    atelier_providers_register_all (ctx->engine, NULL, NULL);

  return g_steal_pointer (&ctx);
}

void
atelier_cli_context_free (AtelierCliContext *ctx)
{
  if (ctx == NULL)
    return;
  g_clear_object (&ctx->engine);
  g_clear_object (&ctx->history);
  g_clear_object (&ctx->http);
  if (ctx->sandbox)
    atelier_sandbox_stop (ctx->sandbox);
  g_clear_object (&ctx->sandbox);
  g_clear_pointer (&ctx->loop, g_main_loop_unref);
  g_free (ctx);
}

typedef struct
{
  AtelierCliContext *ctx;
  AtelierCliDoneFunc done;
  gpointer           data;
} RunData;

static void
check_done (RunData *rd)
{
  if (rd->done (rd->ctx, rd->data))
    g_main_loop_quit (rd->ctx->loop);
}

static void
job_changed_cb (GObject    *object,
                GParamSpec *pspec,
                RunData    *rd)
{
  check_done (rd);
}

static gboolean
check_idle_cb (gpointer data)
{
  check_done (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
interrupted_cb (gpointer data)
{
  RunData *rd = data;

  /* Leave jobs resumable: `atelier-cli jobs --resume` picks them up. */
  g_printerr ("%s\n", _("Interrupted: unfinished jobs resume with “atelier-cli jobs --resume”."));
  g_main_loop_quit (rd->ctx->loop);
  return G_SOURCE_CONTINUE;
}

void
atelier_cli_context_run (AtelierCliContext  *ctx,
                         AtelierCliDoneFunc  done,
                         gpointer            data)
{
  RunData rd = { ctx, done, data };
  guint check, sigint, sigterm;

  if (done (ctx, data))
    return;

  /* Status notifications finish most waits; the timer catches the rest. */
  check = g_timeout_add (100, check_idle_cb, &rd);
  sigint = g_unix_signal_add (SIGINT, interrupted_cb, &rd);
  sigterm = g_unix_signal_add (SIGTERM, interrupted_cb, &rd);
  g_signal_connect (ctx->engine, "job-finished", G_CALLBACK (job_changed_cb), &rd);
  g_main_loop_run (ctx->loop);
  g_signal_handlers_disconnect_by_func (ctx->engine, job_changed_cb, &rd);
  g_source_remove (check);
  g_source_remove (sigint);
  g_source_remove (sigterm);
}

void
atelier_cli_print_job (AtelierJob *job,
                       gboolean    json)
{
  if (json)
    {
      g_autoptr(JsonNode) node = atelier_job_to_json (job);
      g_autofree char *text = json_to_string (node, TRUE);
      printf ("%s\n", text);
    }
  else
    {
      const char * const *outputs = atelier_job_get_outputs (job);
      g_autofree char *prompt = g_utf8_substring (atelier_job_get_prompt (job), 0,
                                                  MIN (g_utf8_strlen (atelier_job_get_prompt (job), -1), 60));

      printf ("%s  %-9s %-11s %s\n", atelier_job_get_id (job), atelier_job_get_provider (job),
              atelier_job_status_to_string (atelier_job_get_status (job)), prompt);
      for (guint i = 0; outputs[i]; i++)
        printf ("    %s\n", outputs[i]);
      if (atelier_job_get_error_message (job))
        printf ("    %s\n", atelier_job_get_error_message (job));
      if (atelier_job_get_cost (job))
        {
          g_autofree char *cost = atelier_cost_format (atelier_job_get_cost (job));
          printf ("    %s\n", cost);
        }
    }
  fflush (stdout);
}

char *
atelier_cli_provider_id (const char  *provider,
                         const char  *endpoint,
                         GError     **error)
{
  if (endpoint == NULL)
    return g_strdup (provider);
  if (provider != NULL && !g_str_equal (provider, ATELIER_ENDPOINT_SERVICE))
    {
      g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                   _("--endpoint is for --provider openai"));
      return NULL;
    }
  if (!atelier_endpoint_name_is_valid (endpoint) || atelier_endpoints_get_base_url (endpoint) == NULL)
    {
      g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                   _("there is no endpoint “%s” (see “atelier-cli endpoints list”)"), endpoint);
      return NULL;
    }
  return atelier_endpoint_provider_id (endpoint);
}

typedef struct
{
  GMainLoop *loop;
  GPtrArray *items;
  GError    *error;
} Listing;

static void
listed (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Listing *listing = user_data;

  listing->items = atelier_core3d_client_list_finish (ATELIER_CORE3D_CLIENT (object), result,
                                                      &listing->error);
  g_main_loop_quit (listing->loop);
}

GPtrArray *
atelier_cli_core3d_listing (AtelierCliContext *ctx,
                            const char        *command,
                            const char        *provider_id)
{
  AtelierProvider *provider = atelier_engine_get_provider (ctx->engine, provider_id);
  Listing listing = { ctx->loop, NULL, NULL };

  if (provider == NULL || !ATELIER_IS_CORE3D_CLIENT (provider))
    {
      /* Translators: %s is the command, as in "atelier-cli styles" */
      g_printerr (_("atelier-cli %s: Core3D is not available\n"), command);
      return NULL;
    }

  atelier_core3d_client_list_async (ATELIER_CORE3D_CLIENT (provider), TRUE, NULL, listed, &listing);
  g_main_loop_run (ctx->loop);
  if (listing.items == NULL)
    {
      g_printerr ("atelier-cli %s: %s\n", command, listing.error->message);
      g_clear_error (&listing.error);
    }
  return listing.items;
}

void
atelier_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, TRUE);

  printf ("%s\n", text);
}
