/* test-service-client.c: the client base, the registry and the generic
 * provider API (choices, balance, test connection), over real HTTP to the
 * in-process sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "atelier-image3d.h"
#include "atelier-service-client.h"
#include "provider-fixture.h"

static void
setup_openai (Fixture       *f,
              gconstpointer  data)
{
  fixture_setup (f, "openai");
}

static void
setup_core3d (Fixture       *f,
              gconstpointer  data)
{
  fixture_setup (f, "core3d");
}

static void
setup_image3d (Fixture       *f,
               gconstpointer  data)
{
  fixture_setup (f, "image3d");
}

/* Runs the main loop until *@result is set by a callback. */
static void
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* A client for @id on the sandbox, with @token (NULL: the sandbox's). */
static AtelierProvider *
sandbox_client (Fixture    *f,
                const char *id,
                const char *token)
{
  g_autofree char *url = atelier_sandbox_get_url (f->sandbox, id);
  g_autoptr(AtelierServiceConfig) config =
    atelier_service_config_new (id, url, token ? token : ATELIER_SANDBOX_TOKEN);

  return atelier_providers_create (id, f->http, config);
}

/* A base URL where nothing listens. */
static char *
closed_url (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);

  g_socket_listener_close (listener);
  return g_strdup_printf ("http://127.0.0.1:%u/v1", port);
}

/* ---- registry ----------------------------------------------------------- */

static void
test_registry (void)
{
  const char * const *ids = atelier_providers_get_ids ();
  g_autoptr(AtelierHttp) http = atelier_http_new ();

  g_assert_cmpuint (g_strv_length ((char **) ids), ==, 5);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(AtelierServiceConfig) config = atelier_service_config_new (ids[i], NULL, "t");
      g_autoptr(AtelierProvider) a = atelier_providers_create (ids[i], http, config);
      g_autoptr(AtelierProvider) b = atelier_providers_create (ids[i], http, config);

      /* Every service is a client of the one base, its class data its own. */
      g_assert_true (ATELIER_IS_SERVICE_CLIENT (a));
      g_assert_true (a != b);
      g_assert_cmpstr (atelier_provider_get_id (a), ==, ids[i]);
      g_assert_nonnull (atelier_provider_get_display_name (a));
      g_assert_nonnull (atelier_provider_get_params (a));
      g_assert_true (atelier_service_client_get_http (ATELIER_SERVICE_CLIENT (a)) == http);
      /* The config is copied, with the documented default address. */
      g_assert_true (atelier_service_client_get_config (ATELIER_SERVICE_CLIENT (a)) != config);
      g_assert_cmpstr (atelier_service_client_get_config (ATELIER_SERVICE_CLIENT (a))->base_url,
                       ==, config->base_url);
    }
  g_assert_null (atelier_providers_create ("nonexistent", http, NULL));
}

/* ---- the base's helpers ------------------------------------------------- */

static void
test_failed_without_token (void)
{
  g_autoptr(AtelierServiceConfig) config = atelier_service_config_new ("image3d", NULL, "s3cr3t");
  g_autoptr(AtelierProvider) provider = atelier_providers_create ("image3d", NULL, config);
  AtelierServiceClient *client = ATELIER_SERVICE_CLIENT (provider);
  g_autoptr(AtelierRemoteStatus) echoed = NULL;
  g_autoptr(AtelierRemoteStatus) silent = NULL;

  /* A service that echoes the token does not get it into a message. */
  echoed = atelier_service_client_failed (client, "bad token s3cr3t, sorry", "It failed: %s",
                                          "It failed.");
  g_assert_cmpint (echoed->state, ==, ATELIER_REMOTE_FAILED);
  g_assert_cmpstr (echoed->message, ==, "It failed: bad token …, sorry");

  silent = atelier_service_client_failed (client, "", "It failed: %s", "It failed.");
  g_assert_cmpstr (silent->message, ==, "It failed.");
}

static void
test_read_status (void)
{
  g_autoptr(AtelierProvider) provider = atelier_providers_create ("styledna", NULL, NULL);
  AtelierServiceClient *client = ATELIER_SERVICE_CLIENT (provider);
  g_autoptr(JsonNode) array = json_from_string ("[1, 2]", NULL);
  g_autoptr(JsonNode) accepted = json_from_string ("{\"id\": \"a1\"}", NULL);
  g_autoptr(JsonNode) no_state = json_from_string ("{\"id\": \"a1\", \"status\": 7}", NULL);
  g_autoptr(AtelierRemoteStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  /* Whatever a service says about a job, it says in an object. */
  g_assert_null (atelier_service_client_read_status (client, array, FALSE, &error));
  g_assert_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* A submission may be accepted before it has a status; a poll may not. */
  status = atelier_service_client_read_status (client, accepted, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (status->remote_id, ==, "a1");
  g_assert_null (atelier_service_client_read_status (client, accepted, FALSE, &error));
  g_assert_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_null (atelier_service_client_read_status (client, no_state, TRUE, &error));
  g_assert_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_PROTOCOL);
}

/* ---- choices ------------------------------------------------------------ */

static void
count_cb (guint *count)
{
  (*count)++;
}

static GPtrArray *
list_choices (AtelierProvider *provider,
              const char      *param,
              GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  atelier_provider_list_choices_async (provider, param, FALSE, NULL, store_result, &result);
  wait_for (&result);
  return atelier_provider_list_choices_finish (provider, result, error);
}

static void
test_service_choices (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) styles = NULL;
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(AtelierParamChoice) choice = NULL;
  g_autoptr(GError) error = NULL;
  const AtelierParamSpec *spec;
  guint changed = 0;

  spec = atelier_param_table_lookup (atelier_provider_get_params (f->provider), "style");
  g_assert_true (spec->flags & ATELIER_PARAM_FLAG_SERVICE_CHOICES);
  g_assert_null (atelier_provider_get_choice (f->provider, "style", "vector-art"));
  g_signal_connect_swapped (f->provider, "choices-changed::style", G_CALLBACK (count_cb), &changed);

  /* Core3D's styles come from the service, and the table follows them. */
  styles = list_choices (f->provider, "style", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (styles->len, >, 1);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "GET /v1/generation-styles"), ==, 1);
  spec = atelier_param_table_lookup (atelier_provider_get_params (f->provider), "style");
  for (guint i = 0; i < styles->len; i++)
    {
      AtelierParamChoice *style = g_ptr_array_index (styles, i);

      g_assert_cmpstr (spec->choices[i], ==, style->value);
      /* What the list shows: the name and the types it makes. */
      g_assert_nonnull (strchr (style->label, '('));
    }
  choice = atelier_provider_get_choice (f->provider, "style", spec->choices[0]);
  g_assert_nonnull (choice);
  g_assert_cmpstr (choice->label, ==, ((AtelierParamChoice *) g_ptr_array_index (styles, 0))->label);

  /* Asked again: from what is known, no second request. */
  g_clear_pointer (&styles, g_ptr_array_unref);
  styles = list_choices (f->provider, "style", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "GET /v1/generation-styles"), ==, 1);

  /* A parameter the service does not list answers with the table. */
  types = list_choices (f->provider, "type", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (types->len, ==, 3);
  g_assert_cmpstr (((AtelierParamChoice *) g_ptr_array_index (types, 0))->value, ==, "graphic");
  g_assert_cmpstr (((AtelierParamChoice *) g_ptr_array_index (types, 0))->label, ==, "graphic");
}

static void
test_described_choices (void)
{
  g_autoptr(AtelierProvider) provider = atelier_providers_create ("image3d", NULL, NULL);
  g_autoptr(AtelierParamChoice) pro = atelier_provider_get_choice (provider, "quality", "pro");
  g_autoptr(AtelierParamChoice) plus = atelier_provider_get_choice (provider, "quality", "proplus");
  g_autoptr(GPtrArray) tiers = NULL;
  g_autoptr(GError) error = NULL;
  guint n_tiers = 0;

  atelier_image3d_get_tiers (&n_tiers);
  /* The tiers, with time and face count where published; no network. */
  g_assert_cmpstr (pro->value, ==, "pro");
  g_assert_nonnull (strstr (pro->label, "30 s"));
  /* Engine and PBR note; the newer top tier shows as "Ultra+". */
  g_assert_cmpstr (pro->description, ==, "Hunyuan3D v3 · PBR materials");
  g_assert_true (g_str_has_prefix (plus->label, "Ultra+"));
  g_assert_null (atelier_provider_get_choice (provider, "quality", "extreme"));
  g_assert_null (atelier_provider_get_choice (provider, "mode", "text"));

  tiers = list_choices (provider, "quality", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tiers->len, ==, n_tiers);
  g_assert_cmpstr (((AtelierParamChoice *) g_ptr_array_index (tiers, 2))->label, ==, pro->label);
}

/* ---- balance ------------------------------------------------------------ */

static void
test_balance (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(AtelierProvider) openai = sandbox_client (f, "openai", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) unsupported = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *unit = NULL;
  gint64 balance = 0;

  atelier_sandbox_set_balance (f->sandbox, 42);
  g_assert_true (atelier_provider_has_balance (f->provider));
  atelier_provider_get_balance_async (f->provider, NULL, store_result, &result);
  wait_for (&result);
  g_assert_true (atelier_provider_get_balance_finish (f->provider, result, &balance, &unit,
                                                      &error));
  g_assert_no_error (error);
  g_assert_cmpint (balance, ==, 42);
  g_assert_cmpstr (unit, ==, "credits");
  g_assert_cmpstr (atelier_provider_get_help_url (f->provider, ATELIER_ERROR_KIND_NO_CREDITS), ==,
                   ATELIER_IMAGE3D_PRICING_URL);

  /* A service without one says so, without asking anybody. */
  g_assert_false (atelier_provider_has_balance (openai));
  atelier_provider_get_balance_async (openai, NULL, store_result, &unsupported);
  wait_for (&unsupported);
  g_assert_false (atelier_provider_get_balance_finish (openai, unsupported, NULL, NULL, &error));
  g_assert_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_UNSUPPORTED);
  g_assert_null (atelier_provider_get_help_url (openai, ATELIER_ERROR_KIND_NO_CREDITS));
}

/* ---- test connection ---------------------------------------------------- */

static gboolean
test_connection (AtelierProvider    *provider,
                 AtelierConnection  *state,
                 GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  atelier_provider_test_connection_async (provider, NULL, store_result, &result);
  wait_for (&result);
  return atelier_provider_test_connection_finish (provider, result, state, error);
}

static void
test_connection_states (Fixture       *f,
                        gconstpointer  data)
{
  const char *authenticated[] = { "openai", "core3d", "image3d" };

  for (guint i = 0; i < G_N_ELEMENTS (authenticated); i++)
    {
      g_autoptr(AtelierProvider) good = sandbox_client (f, authenticated[i], NULL);
      g_autoptr(AtelierProvider) bad = sandbox_client (f, authenticated[i], "wrong");
      AtelierConnection state = -1;
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", authenticated[i]);
      g_assert_true (test_connection (good, &state, &error));
      g_assert_no_error (error);
      g_assert_cmpint (state, ==, ATELIER_CONNECTION_OK);
      g_assert_true (test_connection (bad, &state, &error));
      g_assert_no_error (error);
      g_assert_cmpint (state, ==, ATELIER_CONNECTION_TOKEN_REFUSED);
    }

  /* Style DNA has no free request to check a token with: the address answers. */
  {
    g_autoptr(AtelierProvider) styledna = sandbox_client (f, "styledna", NULL);
    AtelierConnection state = -1;
    g_autoptr(GError) error = NULL;

    g_assert_true (test_connection (styledna, &state, &error));
    g_assert_no_error (error);
    g_assert_cmpint (state, ==, ATELIER_CONNECTION_REACHABLE);
  }

  /* Nothing listens: no answer, and the error says why. */
  {
    g_autofree char *url = closed_url ();
    g_autoptr(AtelierServiceConfig) config = atelier_service_config_new ("openai", url, NULL);
    g_autoptr(AtelierProvider) nowhere = atelier_providers_create ("openai", f->http, config);
    AtelierConnection state = -1;
    g_autoptr(GError) error = NULL;

    g_assert_false (test_connection (nowhere, &state, &error));
    g_assert_error (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_CONNECTION);
  }

  /* Testing never submits anything. */
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "POST "), ==, 0);
}

/* ---- submissions: the engine changes the status ------------------------- */

typedef struct
{
  guint     sent;
  gboolean  running_without_id;
} Seen;

static void
sent_cb (AtelierProvider *provider,
         AtelierJob      *job,
         Seen            *seen)
{
  g_assert_true (ATELIER_IS_JOB (job));
  seen->sent++;
}

static void
status_cb (AtelierJob *job,
           GParamSpec *pspec,
           Seen       *seen)
{
  if (atelier_job_get_status (job) == ATELIER_JOB_STATUS_RUNNING &&
      atelier_job_get_remote_id (job) == NULL)
    seen->running_without_id = TRUE;
}

/* The OpenAI answer is the result: while the service works on it, the job
 * shows as running, which the engine sets when the client says the
 * submission went out. */
static void
test_submission_sent (Fixture       *f,
                      gconstpointer  data)
{
  AtelierSandboxFault slow = { ATELIER_SANDBOX_FAULT_SLOW, 0, 0, 300 };
  g_autoptr(GHashTable) params = fixture_params ("prompt", "a slow lighthouse", NULL);
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(GError) error = NULL;
  Seen seen = { 0 };

  atelier_sandbox_add_fault (f->sandbox, "POST /v1/images/generations", &slow, 1);
  g_signal_connect (f->provider, "submission-sent", G_CALLBACK (sent_cb), &seen);
  job = atelier_engine_create_job (f->engine, "openai", params, &error);
  g_assert_no_error (error);
  g_object_ref (job);
  g_signal_connect (job, "notify::status", G_CALLBACK (status_cb), &seen);
  fixture_wait (f, job);

  fixture_assert_done (job, 1, "png");
  g_assert_cmpuint (seen.sent, ==, 1);
  g_assert_true (seen.running_without_id);
  g_signal_handlers_disconnect_by_data (f->provider, &seen);
}

/* Nothing went out: the failure is safe to submit again. */
static void
test_not_sent (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *url = closed_url ();
  g_autoptr(AtelierServiceConfig) config = atelier_service_config_new ("openai", url, "t");
  g_autoptr(AtelierHttp) http = atelier_http_new ();
  g_autoptr(AtelierEngine) engine = atelier_engine_new (http, NULL);
  g_autoptr(AtelierProvider) provider = NULL;
  g_autoptr(GHashTable) params = fixture_params ("prompt", "a lighthouse", NULL);
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(GError) error = NULL;
  Seen seen = { 0 };

  atelier_http_set_backoff (http, 10, 20, 20);
  provider = atelier_providers_create ("openai", http, config);
  atelier_engine_add_provider (engine, provider);
  atelier_engine_set_library_dir (engine, f->tmpdir);
  g_signal_connect (provider, "submission-sent", G_CALLBACK (sent_cb), &seen);

  job = atelier_engine_create_job (engine, "openai", params, &error);
  g_assert_no_error (error);
  g_object_ref (job);
  g_signal_connect (job, "notify::status", G_CALLBACK (status_cb), &seen);
  fixture_wait (f, job);

  fixture_assert_failed (job, NULL);
  g_assert_cmpuint (seen.sent, ==, 0);
  g_assert_false (seen.running_without_id);
  g_assert_true (atelier_job_get_retry_safe (job));
}

int
main (int argc, char *argv[])
{
  fixture_init_env ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/service-client/registry", test_registry);
  g_test_add_func ("/service-client/failed-without-token", test_failed_without_token);
  g_test_add_func ("/service-client/read-status", test_read_status);
  g_test_add_func ("/service-client/described-choices", test_described_choices);
#define ADD(name, setup, func) g_test_add (name, Fixture, NULL, setup, func, fixture_teardown)
  ADD ("/service-client/service-choices", setup_core3d, test_service_choices);
  ADD ("/service-client/balance", setup_image3d, test_balance);
  ADD ("/service-client/test-connection", setup_openai, test_connection_states);
  ADD ("/service-client/submission-sent", setup_openai, test_submission_sent);
  ADD ("/service-client/not-sent", setup_openai, test_not_sent);
#undef ADD

  return g_test_run ();
}
