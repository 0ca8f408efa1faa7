/* test-openai-endpoints.c: models from an OpenAI-compatible server (read,
 * filtered, cached per endpoint) and several named endpoints, each with
 * its own token, over real HTTP to in-process sandboxes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "atelier-credentials.h"
#include "atelier-endpoints.h"
#include "atelier-json.h"
#include "atelier-openai-models.h"
#include "atelier-service-client.h"
#include "provider-fixture.h"

#define TOKEN_TWO "token-two-only-for-the-second-server"

static void
setup_openai (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *cache = atelier_openai_models_cache_path ("openai");

  /* Each test starts without a list kept by the one before. */
  g_unlink (cache);
  fixture_setup (f, "openai");
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/* The model ids @provider lists (@refresh: asking the server), or NULL
 * with @error. */
static GStrv
list_models (AtelierProvider  *provider,
             gboolean          refresh,
             GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  atelier_provider_list_choices_async (provider, "model", refresh, NULL, store_result, &result);
  wait_for (&result);
  choices = atelier_provider_list_choices_finish (provider, result, error);
  if (choices == NULL)
    return NULL;
  for (guint i = 0; i < choices->len; i++)
    g_strv_builder_add (ids, ((AtelierParamChoice *) g_ptr_array_index (choices, i))->value);
  return g_strv_builder_end (ids);
}

static char *
read_cache (const char *provider_id)
{
  g_autofree char *path = atelier_openai_models_cache_path (provider_id);
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, NULL);
  return text;
}

static void
test_models_listed (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = list_models (f->provider, TRUE, &error);
  g_autofree char *cache = NULL;
  const AtelierParamSpec *spec;

  g_assert_no_error (error);
  /* The server's image models, in its order; its chat model left out. */
  g_assert_cmpstr (ids[0], ==, "dall-e-2");
  g_assert_true (g_strv_contains ((const char * const *) ids, "gpt-image-2-2026-04-21"));
  g_assert_true (g_strv_contains ((const char * const *) ids, "chatgpt-image-latest"));
  g_assert_false (g_strv_contains ((const char * const *) ids, "gpt-4o-mini"));
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "GET /v1/models"), ==, 1);

  /* The form's drop-down follows: the table's choices are the server's. */
  spec = atelier_param_table_lookup (atelier_provider_get_params (f->provider), "model");
  g_assert_true (g_strv_equal ((const char * const *) spec->choices, (const char * const *) ids));
  g_assert_true (spec->flags & ATELIER_PARAM_FLAG_OPEN_ENUM);

  /* Kept on disk for this endpoint, without the token. */
  cache = read_cache ("openai");
  g_assert_nonnull (cache);
  g_assert_nonnull (strstr (cache, "gpt-image-2-2026-04-21"));
  g_assert_null (strstr (cache, ATELIER_SANDBOX_TOKEN));
}

static void
test_models_cached (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) first = list_models (f->provider, TRUE, &error);
  g_autoptr(AtelierServiceConfig) config = NULL;
  g_autoptr(AtelierProvider) again = NULL;
  g_autoptr(AtelierServiceConfig) moved_config = NULL;
  g_autoptr(AtelierProvider) moved = NULL;
  g_auto(GStrv) cached = NULL;
  g_auto(GStrv) refreshed = NULL;
  g_auto(GStrv) elsewhere = NULL;
  g_autofree char *url = atelier_sandbox_get_url (f->sandbox, "openai");

  g_assert_no_error (error);

  /* The next start fills the list from the cache, asking nothing. */
  config = atelier_service_config_new ("openai", url, ATELIER_SANDBOX_TOKEN);
  again = atelier_providers_create ("openai", f->http, config);
  cached = list_models (again, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_equal ((const char * const *) cached, (const char * const *) first));
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "GET /v1/models"), ==, 1);

  /* The refresh button asks again. */
  refreshed = list_models (again, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "GET /v1/models"), ==, 2);

  /* A cache is only good for the address it was read from. */
  moved_config = atelier_service_config_new ("openai", "http://127.0.0.1:1/v1", ATELIER_SANDBOX_TOKEN);
  moved = atelier_providers_create ("openai", f->http, moved_config);
  atelier_http_set_max_attempts (f->http, 1);
  elsewhere = list_models (moved, FALSE, &error);
  g_assert_null (elsewhere);
  g_assert_nonnull (error);
}

static void
test_models_error (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  g_autofree char *cache = NULL;
  const AtelierParamSpec *spec;

  fixture_fault_status (f, "GET /v1/models", 403, 0, 5);
  ids = list_models (f->provider, TRUE, &error);
  g_assert_null (ids);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "403"));
  g_assert_null (strstr (error->message, ATELIER_SANDBOX_TOKEN));
  /* The built-in suggestions stay. */
  spec = atelier_param_table_lookup (atelier_provider_get_params (f->provider), "model");
  g_assert_true (g_strv_contains (spec->choices, "gpt-image-1"));
  cache = read_cache ("openai");
  g_assert_null (cache);
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = atelier_json_parse (text, -1, ATELIER_JSON_CAP_SMALL, &error);

  g_assert_no_error (error);
  return root;
}

static void
test_models_read (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) odd = parse ("{\"object\":\"list\",\"data\":[{\"id\":\"flux-dev\"},"
                                   "{\"name\":\"no id\"},7,null,{\"id\":42},{\"id\":\"\"},"
                                   "{\"id\":\"flux-dev\"},{\"id\":\"bad\\u0001id\"},"
                                   "{\"id\":\"gpt-4o\",\"object\":\"model\"},"
                                   "{\"id\":\"text-embedding-3-small\"},"
                                   "{\"id\":\"local-thing\"},"
                                   "{\"id\":\"vision-x\",\"output_modalities\":[\"text\"]},"
                                   "{\"id\":\"pix\",\"architecture\":{\"output_modalities\":[\"image\"]}}]}");
  g_autoptr(JsonNode) bare = parse ("[\"dall-e-3\",{\"id\":\"gpt-image-1\"}]");
  g_autoptr(JsonNode) wrong = parse ("{\"object\":\"list\",\"data\":{\"id\":\"x\"}}");
  g_autoptr(GString) many = g_string_new ("{\"data\":[");
  g_autoptr(GString) long_id = g_string_new (NULL);
  g_autoptr(JsonNode) big = NULL;
  g_auto(GStrv) images = atelier_openai_models_read (odd, TRUE, &error);
  g_auto(GStrv) all = atelier_openai_models_read (odd, FALSE, &error);
  g_auto(GStrv) from_bare = atelier_openai_models_read (bare, TRUE, &error);
  g_auto(GStrv) capped = NULL;

  g_assert_no_error (error);
  /* Junk entries skipped, duplicates once, non-image models filtered. */
  g_assert_cmpstrv (images, ((const char *[]) { "flux-dev", "local-thing", "pix", NULL }));
  g_assert_cmpstrv (all, ((const char *[]) { "flux-dev", "gpt-4o", "text-embedding-3-small",
                                             "local-thing", "vision-x", "pix", NULL }));
  g_assert_cmpstrv (from_bare, ((const char *[]) { "dall-e-3", "gpt-image-1", NULL }));
  g_assert_null (atelier_openai_models_read (wrong, TRUE, &error));
  g_assert_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_PROTOCOL);
  g_clear_error (&error);

  /* Bounded: ids too long are skipped, the list is cut. */
  g_string_append_c_inline (long_id, 'x');
  for (guint i = 0; i < ATELIER_OPENAI_MAX_MODEL_ID; i++)
    g_string_append_c (long_id, 'y');
  g_string_append_printf (many, "{\"id\":\"%s\"}", long_id->str);
  for (guint i = 0; i < ATELIER_OPENAI_MAX_MODELS + 50; i++)
    g_string_append_printf (many, ",{\"id\":\"image-model-%u\"}", i);
  g_string_append (many, "]}");
  big = parse (many->str);
  capped = atelier_openai_models_read (big, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (capped), ==, ATELIER_OPENAI_MAX_MODELS);
  g_assert_cmpstr (capped[0], ==, "image-model-0");
}

static void
test_models_heuristic (void)
{
  const char *images[] = { "gpt-image-1", "gpt-image-2-2026-04-21", "chatgpt-image-latest",
                           "dall-e-2", "dall-e-3", "flux-1-schnell", "stable-diffusion-xl",
                           "imagen-4", "gemini-2.5-flash-image", "my-own-model" };
  const char *others[] = { "gpt-4o-mini", "gpt-3.5-turbo", "o3-mini", "text-embedding-3-large",
                           "whisper-1", "tts-1-hd", "omni-moderation-latest",
                           "claude-sonnet-4", "deepseek-chat", "qwen-max" };

  for (guint i = 0; i < G_N_ELEMENTS (images); i++)
    g_assert_true (atelier_openai_model_is_image (images[i], NULL));
  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    g_assert_false (atelier_openai_model_is_image (others[i], NULL));
}

/* Known families keep their rules; a model the app does not know gets the
 * common parameters and the server decides. */
static void
test_unknown_model (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) unknown = fixture_params ("prompt", "a fox", "model", "flux-1-schnell",
                                                  "size", "1024x1024", "n", "2", NULL);
  g_autoptr(GHashTable) dalle = fixture_params ("prompt", "a fox", "model", "dall-e-3",
                                                "n", "2", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (atelier_provider_validate (f->provider, unknown, &error));
  g_assert_no_error (error);
  g_assert_false (atelier_provider_validate (f->provider, dalle, &error));
  g_assert_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_CONFLICT);
}

static void
test_endpoint_store (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *path = atelier_endpoints_get_path ();
  g_autofree char *text = NULL;
  g_autofree char *url = NULL;

  g_assert_true (atelier_endpoint_name_is_valid ("3xCoder"));
  g_assert_true (atelier_endpoint_name_is_valid ("local_2-b"));
  g_assert_false (atelier_endpoint_name_is_valid (""));
  g_assert_false (atelier_endpoint_name_is_valid ("a b"));
  g_assert_false (atelier_endpoint_name_is_valid ("a:b"));
  g_assert_false (atelier_endpoint_name_is_valid ("../x"));
  g_assert_true (atelier_endpoint_url_is_valid ("https://api.3xcoder.com/v1"));
  g_assert_true (atelier_endpoint_url_is_valid ("http://127.0.0.1:8080/v1"));
  g_assert_false (atelier_endpoint_url_is_valid ("ftp://example.com/v1"));
  g_assert_false (atelier_endpoint_url_is_valid ("https://user:secret@example.com/v1"));
  g_assert_false (atelier_endpoint_url_is_valid ("https://example.com/v1?key=secret"));
  g_assert_false (atelier_endpoint_url_is_valid ("not a url"));

  g_assert_false (atelier_endpoints_set ("a b", "https://example.com/v1", &error));
  g_assert_error (error, ATELIER_ENDPOINT_ERROR, ATELIER_ENDPOINT_ERROR_INVALID_NAME);
  g_clear_error (&error);
  g_assert_false (atelier_endpoints_set ("Store", "https://k:v@example.com/v1", &error));
  g_assert_error (error, ATELIER_ENDPOINT_ERROR, ATELIER_ENDPOINT_ERROR_INVALID_URL);
  g_clear_error (&error);

  g_assert_true (atelier_endpoints_set ("Store", "https://example.com/v1", &error));
  g_assert_no_error (error);
  g_assert_true (atelier_endpoints_set ("Store", "https://example.org/v1", &error));
  url = atelier_endpoints_get_base_url ("Store");
  g_assert_cmpstr (url, ==, "https://example.org/v1");
  names = atelier_endpoints_list ();
  g_assert_true (g_strv_contains ((const char * const *) names, "Store"));
  g_assert_cmpstr (atelier_endpoint_name_from_id ("openai:Store"), ==, "Store");
  g_assert_null (atelier_endpoint_name_from_id ("core3d"));
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_null (strstr (text, "token"));

  g_assert_true (atelier_endpoints_remove ("Store", &error));
  g_assert_null (atelier_endpoints_get_base_url ("Store"));
  g_assert_false (atelier_endpoints_remove ("Store", &error));
  g_assert_error (error, ATELIER_ENDPOINT_ERROR, ATELIER_ENDPOINT_ERROR_NOT_FOUND);
}

static void
store_token (const char *name,
             const char *token)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  atelier_endpoints_store_token_async (name, token, NULL, store_result, &result);
  wait_for (&result);
  g_assert_true (atelier_endpoints_store_token_finish (result, &error));
  g_assert_no_error (error);
}

/* Every request @sandbox saw carried @token, and there was at least one. */
static void
assert_only_token (AtelierSandbox *sandbox,
                   const char     *token)
{
  GPtrArray *requests = atelier_sandbox_get_requests (sandbox);
  g_autofree char *expected = g_strconcat ("Bearer ", token, NULL);
  guint api = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      AtelierSandboxRequest *r = g_ptr_array_index (requests, i);

      if (r->cdn)
        {
          g_assert_null (r->authorization);
          continue;
        }
      g_assert_cmpstr (r->authorization, ==, expected);
      api++;
    }
  g_assert_cmpuint (api, >, 0);
}

/* Two endpoints on two servers, each with its own token: each server sees
 * only its own endpoint's token, never the other's nor the default's. */
static void
test_two_endpoints (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(AtelierSandbox) second = atelier_sandbox_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *url_one = atelier_sandbox_get_url (f->sandbox, "openai");
  g_autofree char *url_two = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(AtelierJob) job = NULL;
  g_auto(GStrv) ids_one = NULL;
  g_auto(GStrv) ids_two = NULL;
  g_autofree char *default_token = NULL;
  g_autofree char *cache_two = NULL;
  AtelierProvider *one, *two;
  AtelierJob *made;

  atelier_sandbox_set_job_duration (second, 200);
  atelier_sandbox_start (second, 0, &error);
  g_assert_no_error (error);
  url_two = atelier_sandbox_get_url (second, "openai");

  g_assert_true (atelier_endpoints_set ("One", url_one, &error));
  g_assert_true (atelier_endpoints_set ("Two", url_two, &error));
  store_token ("One", ATELIER_SANDBOX_TOKEN);
  store_token ("Two", TOKEN_TWO);

  one = atelier_providers_add_endpoint (f->engine, "One");
  two = atelier_providers_add_endpoint (f->engine, "Two");
  g_assert_nonnull (one);
  g_assert_nonnull (two);
  g_assert_true (atelier_providers_add_endpoint (f->engine, "One") == one);
  g_assert_cmpstr (atelier_provider_get_id (one), ==, "openai:One");
  g_assert_cmpstr (atelier_provider_get_display_name (two), ==, "Two");
  g_assert_true (atelier_engine_get_provider (f->engine, "openai:Two") == two);
  g_assert_cmpstr (atelier_providers_get_account ("openai:Two"), ==, "openai:Two");
  /* The default endpoint does not borrow a named one's token. */
  default_token = atelier_credentials_lookup ("openai", NULL);
  g_assert_null (default_token);

  ids_one = list_models (one, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) ids_one, "gpt-image-1"));
  /* The second server takes only the sandbox token: it refuses this one,
   * which is how the test sees which token reached it. */
  ids_two = list_models (two, TRUE, &error);
  g_assert_null (ids_two);
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, TOKEN_TWO));
  g_clear_error (&error);
  cache_two = read_cache ("openai:Two");
  g_assert_null (cache_two);

  /* A job on endpoint One remembers it. */
  params = fixture_params ("prompt", "a fox", "model", "gpt-image-1", NULL);
  made = atelier_engine_create_job (f->engine, "openai:One", params, &error);
  g_assert_no_error (error);
  job = g_object_ref (made);
  fixture_wait (f, job);
  fixture_assert_done (job, 1, "png");
  g_assert_cmpstr (atelier_job_get_provider (job), ==, "openai:One");

  assert_only_token (f->sandbox, ATELIER_SANDBOX_TOKEN);
  assert_only_token (second, TOKEN_TWO);

  g_assert_true (atelier_endpoints_remove ("One", NULL));
  g_assert_true (atelier_endpoints_remove ("Two", NULL));
  store_token ("One", NULL);
  store_token ("Two", NULL);
  atelier_sandbox_stop (second);
}

/* A cache someone edited, or one for another address, is not trusted. */
static void
test_models_cache_tampered (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = atelier_openai_models_cache_path ("openai");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *url = atelier_sandbox_get_url (f->sandbox, "openai");
  g_autofree char *other = g_strdup_printf ("{\"base_url\":\"http://elsewhere/v1\","
                                            "\"data\":[{\"id\":\"planted\"}]}");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "[[[[not json", -1, NULL));
  g_assert_null (atelier_openai_models_cache_load ("openai", url));
  g_assert_true (g_file_set_contents (path, other, -1, NULL));
  g_assert_null (atelier_openai_models_cache_load ("openai", url));

  ids = list_models (f->provider, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (g_strv_contains ((const char * const *) ids, "planted"));
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "GET /v1/models"), ==, 1);
}

/* At start-up every endpoint is registered after the default one, and
 * ATELIER_OPENAI_<NAME>_TOKEN stands in for its keyring item. */
static void
test_registered_at_start (void)
{
  g_autoptr(AtelierHttp) http = atelier_http_new ();
  g_autoptr(AtelierEngine) engine = atelier_engine_new (http, NULL);
  g_autoptr(AtelierServiceConfig) config = NULL;
  GListModel *providers;
  guint openai = G_MAXUINT, env = G_MAXUINT;

  g_assert_true (atelier_endpoints_set ("Env1", "http://127.0.0.1:9/v1", NULL));
  g_setenv ("ATELIER_OPENAI_ENV1_TOKEN", "from-the-environment", TRUE);
  g_assert_true (atelier_providers_any_configured ());
  config = atelier_providers_resolve_config ("openai:Env1", NULL);
  g_assert_cmpstr (config->id, ==, "openai:Env1");
  g_assert_cmpstr (config->base_url, ==, "http://127.0.0.1:9/v1");
  g_assert_cmpstr (config->token, ==, "from-the-environment");

  atelier_providers_register_all (engine, NULL, NULL);
  providers = atelier_engine_get_providers (engine);
  for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
    {
      g_autoptr(AtelierProvider) provider = g_list_model_get_item (providers, i);

      if (g_str_equal (atelier_provider_get_id (provider), "openai"))
        openai = i;
      else if (g_str_equal (atelier_provider_get_id (provider), "openai:Env1"))
        env = i;
    }
  g_assert_cmpuint (openai, <, env);
  g_assert_cmpuint (env, <, g_list_model_get_n_items (providers));

  g_unsetenv ("ATELIER_OPENAI_ENV1_TOKEN");
  g_assert_true (atelier_endpoints_remove ("Env1", NULL));
}

int
main (int argc, char *argv[])
{
  fixture_init_env ();
  g_unsetenv ("ATELIER_OPENAI_TOKEN");
  g_unsetenv ("ATELIER_OPENAI_URL");
  g_setenv ("ATELIER_NO_KEYRING", "1", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/openai-models/read", test_models_read);
  g_test_add_func ("/openai-models/heuristic", test_models_heuristic);
  g_test_add_func ("/endpoints/store", test_endpoint_store);
  g_test_add_func ("/endpoints/registered-at-start", test_registered_at_start);
#define ADD(name, func) g_test_add (name, Fixture, NULL, setup_openai, func, fixture_teardown)
  ADD ("/openai-models/listed", test_models_listed);
  ADD ("/openai-models/cached", test_models_cached);
  ADD ("/openai-models/error", test_models_error);
  ADD ("/openai-models/cache-tampered", test_models_cache_tampered);
  ADD ("/openai-models/unknown-model", test_unknown_model);
  ADD ("/endpoints/two-tokens", test_two_endpoints);

  return g_test_run ();
}
