/* test-styledna-edit.c: the Style DNA edit client against the sandbox, over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "atelier-styledna-edit.h"
#include "atelier-styledna.h"
#include "provider-fixture.h"

#define POST_EDIT     "POST /v2/style-dna/edit"
#define POST_GENERATE "POST /v2/style-dna/generate"
#define GET_ARTWORK   "GET /v2/artworks/"

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  fixture_setup (f, "styledna-edit");
}

static GHashTable *
edit_params (void)
{
  return fixture_params ("imageUrl", "https://example.com/fox.png",
                         "prompt", "the fox wears a red scarf", NULL);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* What "Edit in this style…" asks for @job. */
static char *
result_url (Fixture     *f,
            AtelierJob  *job,
            GError     **error)
{
  AtelierStylednaEditProvider *edit = ATELIER_STYLEDNA_EDIT_PROVIDER (f->provider);
  g_autoptr(GAsyncResult) result = NULL;

  atelier_styledna_edit_provider_result_url_async (edit, job, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return atelier_styledna_edit_provider_result_url_finish (edit, result, error);
}

/* A Style DNA job, then an edit of its result through the link the
 * service still has: the way the window's "Edit in this style…" goes. */
static void
test_edit_result (Fixture       *f,
                  gconstpointer  data)
{
  const AtelierServiceConfig *config = atelier_service_client_get_config (ATELIER_SERVICE_CLIENT (f->provider));
  g_autoptr(AtelierProvider) generate = atelier_providers_create ("styledna", f->http, config);
  g_autoptr(GHashTable) source_params = NULL;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(AtelierJob) source = NULL;
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  atelier_engine_add_provider (f->engine, generate);
  source_params = fixture_params ("visualPrompt", "a fox in the snow",
                                  "anchorImageUrl", "https://example.com/anchor.png",
                                  "description", "flat pastel vector art", NULL);
  source = atelier_engine_create_job (f->engine, "styledna", source_params, &error);
  g_assert_no_error (error);
  g_object_ref (source);
  fixture_wait (f, source);
  fixture_assert_done (source, 1, "png");
  g_assert_true (atelier_styledna_result_is_available (source, NULL));

  url = result_url (f, source, &error);
  g_assert_no_error (error);
  /* The result lives on the service's CDN, not the API host. */
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  g_assert_nonnull (strstr (url, "/cdn/"));

  params = edit_params ();
  g_hash_table_insert (params, g_strdup ("imageUrl"), g_strdup (url));
  g_hash_table_insert (params, g_strdup ("imageGuidance"), g_strdup ("1"));
  g_hash_table_insert (params, g_strdup ("aspectRatio"), g_strdup ("16:9"));
  g_hash_table_insert (params, g_strdup ("imageFormat"), g_strdup ("webp"));
  g_hash_table_insert (params, g_strdup ("negativePrompt"), g_strdup ("blur"));
  g_hash_table_insert (params, g_strdup ("effort"), g_strdup ("5"));
  g_hash_table_insert (params, g_strdup ("creativity"), g_strdup ("2"));
  g_hash_table_insert (params, g_strdup ("modification"), g_strdup ("3"));
  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "webp");
  g_assert_cmpstr (atelier_job_get_provider (job), ==, "styledna-edit");
  g_assert_cmpstr (atelier_job_get_prompt (job), ==, "the fox wears a red scarf");
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_EDIT), ==, 1);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 1);

  /* An edit is a Style DNA result too, and can be edited again. */
  g_assert_true (atelier_styledna_result_is_available (job, NULL));
}

static void
test_size (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GHashTable) params = edit_params ();
  g_autoptr(AtelierJob) job = NULL;

  /* The same size rules as generate: 1328² is exactly the largest area. */
  g_hash_table_insert (params, g_strdup ("width"), g_strdup ("1328"));
  g_hash_table_insert (params, g_strdup ("height"), g_strdup ("1328"));
  g_hash_table_insert (params, g_strdup ("imageGuidance"), g_strdup ("3"));
  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "png");
}

/* Every rule is checked before any request: an edit is paid for once sent. */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GString) long_prompt = g_string_new (NULL);
  g_autoptr(GString) long_negative = g_string_new (NULL);
  struct {
    const char *key1, *value1, *key2, *value2, *needle;
  } cases[] = {
    { "imageUrl", "", NULL, NULL, "imageUrl is required" },
    { "imageUrl", "file:///home/me/fox.png", NULL, NULL, "http or https" },
    { "prompt", "", NULL, NULL, "prompt is required" },
    { "prompt", NULL, NULL, NULL, "prompt must be at most 256 words (it has 257)" },
    { "negativePrompt", NULL, NULL, NULL, "negativePrompt must be at most 64 words (it has 65)" },
    { "imageGuidance", "0", NULL, NULL, "imageGuidance must be between 1 and 3" },
    { "imageGuidance", "4", NULL, NULL, "imageGuidance must be between 1 and 3" },
    { "modification", "6", NULL, NULL, "modification must be between 1 and 5" },
    { "creativity", "0", NULL, NULL, "creativity must be between 1 and 5" },
    { "effort", "9", NULL, NULL, "effort must be between 1 and 5" },
    /* The default guidance is 2: an aspect ratio needs it low. */
    { "aspectRatio", "16:9", NULL, NULL, "aspectRatio works only with imageGuidance 1 (low), not 2" },
    { "aspectRatio", "1:1", "imageGuidance", "3", "not 3" },
    { "aspectRatio", "5:4", "imageGuidance", "1", "aspectRatio must be one of" },
    { "aspectRatio", "16:9", "width", "1024", "cannot be combined" },
    { "width", "1024", NULL, NULL, "width and height must be given together" },
    { "width", "2048", "height", "2048",
      "width × height must not exceed 1,763,584 pixels (it is 4,194,304)" },
    { "width", "300", "height", "1024", "width must be between 512 and 2048" },
    { "imageFormat", "jpeg", NULL, NULL, "imageFormat must be one of png, webp" },
  };

  for (guint i = 0; i < 257; i++)
    g_string_append (long_prompt, i ? " fox" : "fox");
  for (guint i = 0; i < 65; i++)
    g_string_append (long_negative, "  blur\n");
  cases[3].value1 = long_prompt->str;
  cases[4].value1 = long_negative->str;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) params = edit_params ();
      g_autofree char *message = NULL;

      g_hash_table_insert (params, g_strdup (cases[i].key1), g_strdup (cases[i].value1));
      if (cases[i].key2)
        g_hash_table_insert (params, g_strdup (cases[i].key2), g_strdup (cases[i].value2));
      message = fixture_refused (f, params);
      if (strstr (message, cases[i].needle) == NULL)
        g_error ("“%s” is not in “%s”", cases[i].needle, message);
    }

  /* Exactly at the limits is fine. */
  {
    g_autoptr(GHashTable) params = edit_params ();
    g_autoptr(AtelierJob) job = NULL;

    g_string_truncate (long_prompt, strlen ("fox") + 255 * strlen (" fox"));
    g_hash_table_insert (params, g_strdup ("prompt"), g_strdup (long_prompt->str));
    job = fixture_run (f, params);
    fixture_assert_done (job, 1, "png");
  }
}

/* A key without the style-dna domain: the message says so. */
static void
test_forbidden (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GHashTable) params = edit_params ();
  g_autoptr(AtelierJob) job = NULL;

  fixture_fault_status (f, POST_EDIT, 403, 0, 1);
  job = fixture_run (f, params);
  fixture_assert_failed (job, "this key lacks the style-dna domain");
  fixture_assert_failed (job, "HTTP 403");
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_EDIT), ==, 1);
}

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GHashTable) params = edit_params ();
  g_autoptr(GHashTable) failing = edit_params ();
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(AtelierJob) failed = NULL;

  fixture_fault_status (f, POST_EDIT, 429, 1, 1);
  fixture_fault_status (f, GET_ARTWORK, 503, 1, 1);
  fixture_fault (f, GET_ARTWORK, ATELIER_SANDBOX_FAULT_TRUNCATED_JSON, 1);
  fixture_fault (f, "GET /cdn/", ATELIER_SANDBOX_FAULT_DROP, 1);
  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "png");
  /* Refused with 429 means not accepted: sent again, once. */
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_EDIT), ==, 2);

  g_hash_table_insert (failing, g_strdup ("prompt"), g_strdup ("sandbox-fail"));
  failed = fixture_run (f, failing);
  fixture_assert_failed (failed, "sandbox-fail");
}

/* A result older than the service keeps, or no Style DNA result at all:
 * said without asking. */
static void
test_unavailable_results (Fixture       *f,
                          gconstpointer  data)
{
  const char *cases[][3] = {
    /* provider, created days ago, what the message says */
    { "styledna", "9", "8 days" },
    { "openai", "0", "Only Style DNA results" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 created = g_get_real_time () - g_ascii_strtoll (cases[i][1], NULL, 10) * 24 * 3600 * G_USEC_PER_SEC;
      g_autofree char *text = g_strdup_printf ("{\"id\": \"old-%u\", \"provider\": \"%s\", "
                                               "\"kind\": \"image\", \"status\": \"done\", "
                                               "\"remote_id\": \"artwork-1\", \"created\": %"
                                               G_GINT64_FORMAT ", \"params\": {}}",
                                               i, cases[i][0], created);
      g_autoptr(JsonNode) node = json_from_string (text, NULL);
      g_autoptr(AtelierJob) job = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *url = NULL;

      job = atelier_job_new_from_json (node, &error);
      g_assert_no_error (error);
      g_assert_false (atelier_styledna_result_is_available (job, NULL));
      atelier_sandbox_clear_requests (f->sandbox);
      url = result_url (f, job, &error);
      g_assert_null (url);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i][2]) == NULL)
        g_error ("“%s” is not in “%s”", cases[i][2], error->message);
      g_assert_cmpuint (atelier_sandbox_get_requests (f->sandbox)->len, ==, 0);
    }
}

/* One account: the edit client takes Style DNA's address, key and settings. */
static AtelierServiceConfig *
record_config (const char *id,
               gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strdup (id));
  return atelier_service_config_new (id, "http://127.0.0.1:9", "t");
}

static void
test_shared_account (void)
{
  g_autoptr(AtelierHttp) http = atelier_http_new ();
  g_autoptr(AtelierEngine) engine = atelier_engine_new (http, NULL);
  g_autoptr(GPtrArray) asked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(AtelierServiceConfig) config = NULL;
  AtelierProvider *edit;
  guint styledna = 0;

  g_assert_cmpstr (atelier_providers_get_account ("styledna-edit"), ==, "styledna");
  g_assert_cmpstr (atelier_providers_get_account ("styledna"), ==, "styledna");
  g_assert_cmpstr (atelier_providers_get_account ("image3d"), ==, "image3d");
  g_assert_null (atelier_providers_get_account ("nonexistent"));

  g_setenv ("ATELIER_STYLEDNA_URL", "http://127.0.0.1:9/tengr", TRUE);
  g_setenv ("ATELIER_STYLEDNA_TOKEN", "shared-key", TRUE);
  config = atelier_providers_resolve_config ("styledna-edit", NULL);
  g_assert_cmpstr (config->base_url, ==, "http://127.0.0.1:9/tengr");
  g_assert_cmpstr (config->token, ==, "shared-key");
  g_unsetenv ("ATELIER_STYLEDNA_URL");
  g_unsetenv ("ATELIER_STYLEDNA_TOKEN");

  atelier_providers_register_all (engine, record_config, asked);
  for (guint i = 0; i < asked->len; i++)
    {
      g_assert_cmpstr (g_ptr_array_index (asked, i), !=, "styledna-edit");
      styledna += g_str_equal (g_ptr_array_index (asked, i), "styledna");
    }
  g_assert_cmpuint (styledna, ==, 2);
  edit = atelier_engine_get_provider (engine, "styledna-edit");
  g_assert_nonnull (edit);
  g_assert_cmpstr (atelier_provider_get_display_name (edit), ==, "Style DNA edit");
  g_assert_cmpstr (atelier_param_table_lookup (atelier_provider_get_params (edit),
                                               "imageGuidance")->default_value, ==, "2");
}

int
main (int argc, char *argv[])
{
  fixture_init_env ();
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, setup, func, fixture_teardown)
  ADD ("/styledna-edit/edit-result", test_edit_result);
  ADD ("/styledna-edit/size", test_size);
  ADD ("/styledna-edit/refusals", test_refusals);
  ADD ("/styledna-edit/forbidden", test_forbidden);
  ADD ("/styledna-edit/faults", test_faults);
  ADD ("/styledna-edit/unavailable-results", test_unavailable_results);
#undef ADD
  g_test_add_func ("/styledna-edit/shared-account", test_shared_account);

  return g_test_run ();
}
