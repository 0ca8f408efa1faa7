/* test-styledna.c: the Style DNA client against the sandbox, over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "atelier-styledna.h"
#include "provider-fixture.h"

#define POST_GENERATE "POST /v2/style-dna/generate"
#define GET_ARTWORK   "GET /v2/artworks/"

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  fixture_setup (f, "styledna");
}

static GHashTable *
fox_params (void)
{
  return fixture_params ("visualPrompt", "a fox in the snow",
                         "anchorImageUrl", "https://example.com/anchor.png",
                         "description", "flat pastel vector art", NULL);
}

static void
test_webp_aspect_ratio (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GHashTable) params = fox_params ();
  g_autoptr(AtelierJob) job = NULL;

  g_hash_table_insert (params, g_strdup ("aspectRatio"), g_strdup ("16:9"));
  g_hash_table_insert (params, g_strdup ("imageFormat"), g_strdup ("webp"));
  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "webp");
  g_assert_cmpstr (atelier_job_get_prompt (job), ==, "a fox in the snow");
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 1);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "GET /cdn/"), ==, 1);
}

static void
test_png_size (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GHashTable) params = fox_params ();
  g_autoptr(AtelierJob) job = NULL;

  /* 1328 × 1328 = 1,763,584: exactly the largest area allowed. */
  g_hash_table_insert (params, g_strdup ("width"), g_strdup ("1328"));
  g_hash_table_insert (params, g_strdup ("height"), g_strdup ("1328"));
  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "png");
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  struct {
    const char *key1, *value1, *key2, *value2, *needle;
  } cases[] = {
    { "width", "1024", NULL, NULL, "width and height must be given together" },
    { "height", "1024", NULL, NULL, "width and height must be given together" },
    { "width", "2048", "height", "2048",
      "width × height must not exceed 1,763,584 pixels (it is 4,194,304)" },
    { "width", "1329", "height", "1328", "(it is 1,764,912)" },
    { "width", "300", "height", "1024", "width must be between 512 and 2048" },
    { "height", "4096", "width", "1024", "height must be between 512 and 2048" },
    { "aspectRatio", "16:9", "width", "1024", "cannot be combined" },
    { "aspectRatio", "5:4", NULL, NULL, "aspectRatio must be one of" },
    { "imageFormat", "jpeg", NULL, NULL, "imageFormat must be one of png, webp" },
    { "anchorImageUrl", "not a url", NULL, NULL, "anchorImageUrl" },
    { "anchorImageUrl", "file:///home/me/anchor.png", NULL, NULL, "http or https" },
    { "description", "", NULL, NULL, "description is required" },
    { "visualPrompt", "", NULL, NULL, "visualPrompt is required" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) params = fox_params ();
      g_autofree char *message = NULL;

      g_hash_table_insert (params, g_strdup (cases[i].key1), g_strdup (cases[i].value1));
      if (cases[i].key2)
        g_hash_table_insert (params, g_strdup (cases[i].key2), g_strdup (cases[i].value2));
      message = fixture_refused (f, params);
      if (strstr (message, cases[i].needle) == NULL)
        g_error ("“%s” is not in “%s”", cases[i].needle, message);
    }

  /* aspectRatio and the size exclude each other in the table too, for forms. */
  {
    const AtelierParamTable *table = atelier_provider_get_params (f->provider);
    g_assert_nonnull (strstr (atelier_param_table_lookup (table, "aspectRatio")->excludes, "width"));
    g_assert_cmpstr (atelier_param_table_lookup (table, "width")->excludes, ==, "aspectRatio");
  }
}

static void
test_moderation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GHashTable) params = fox_params ();
  g_autoptr(AtelierJob) job = NULL;

  g_hash_table_insert (params, g_strdup ("visualPrompt"), g_strdup ("something forbidden"));
  job = fixture_run (f, params);
  /* The service's own {message, statusCode, error} message comes through. */
  fixture_assert_failed (job, "content moderation");
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 1);
}

static void
test_submit_errors (Fixture       *f,
                    gconstpointer  data)
{
  const struct { guint status; const char *needle; } cases[] = {
    { 400, "HTTP 400" }, { 401, "HTTP 401" }, { 403, "HTTP 403" }, { 500, "HTTP 500" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) params = fox_params ();
      g_autoptr(AtelierJob) job = NULL;

      atelier_sandbox_clear_requests (f->sandbox);
      fixture_fault_status (f, POST_GENERATE, cases[i].status, 0, 1);
      job = fixture_run (f, params);
      fixture_assert_failed (job, cases[i].needle);
      g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 1);
    }
}

static void
test_rate_limited (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GHashTable) params = fox_params ();
  g_autoptr(AtelierJob) job = NULL;

  fixture_fault_status (f, POST_GENERATE, 429, 1, 1);
  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "png");
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 2);
}

static void
test_poll_faults (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GHashTable) params = fox_params ();
  g_autoptr(AtelierJob) job = NULL;

  fixture_fault_status (f, GET_ARTWORK, 500, 0, 1);
  fixture_fault_status (f, GET_ARTWORK, 503, 1, 1);
  fixture_fault (f, GET_ARTWORK, ATELIER_SANDBOX_FAULT_DROP, 1);
  fixture_fault (f, GET_ARTWORK, ATELIER_SANDBOX_FAULT_TRUNCATED_JSON, 1);
  fixture_fault (f, "GET /cdn/", ATELIER_SANDBOX_FAULT_DROP, 1);
  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "png");
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 1);
}

static void
test_wrong_type (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GHashTable) params = fox_params ();
  g_autoptr(AtelierJob) job = NULL;

  fixture_fault (f, GET_ARTWORK, ATELIER_SANDBOX_FAULT_WRONG_TYPE_JSON, 1);
  job = fixture_run (f, params);
  fixture_assert_failed (job, "Style DNA");
  g_assert_nonnull (atelier_job_get_remote_id (job));
  g_assert_true (atelier_engine_retry (f->engine, job, NULL));
  fixture_wait (f, job);
  fixture_assert_done (job, 1, "png");
}

static void
test_service_failed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GHashTable) params = fox_params ();
  g_autoptr(AtelierJob) job = NULL;

  g_hash_table_insert (params, g_strdup ("visualPrompt"), g_strdup ("sandbox-fail"));
  job = fixture_run (f, params);
  fixture_assert_failed (job, "sandbox-fail");
}

typedef struct
{
  gboolean  done;
  char     *url;
  char     *id;
  GError   *error;
} AnchorResult;

static void
anchor_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AnchorResult *r = user_data;

  r->url = atelier_styledna_provider_generate_anchor_finish (ATELIER_STYLEDNA_PROVIDER (object),
                                                             result, &r->id, &r->error);
  r->done = TRUE;
}

static void
make_anchor (Fixture      *f,
             const char   *prompt,
             AnchorResult *r)
{
  atelier_styledna_provider_generate_anchor_async (ATELIER_STYLEDNA_PROVIDER (f->provider),
                                                   prompt, "bold ink drawing", "1:1", NULL,
                                                   anchor_cb, r);
  while (!r->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_anchor (Fixture       *f,
             gconstpointer  data)
{
  AnchorResult r = { 0 };
  AnchorResult bad = { 0 };
  g_autoptr(GHashTable) params = fox_params ();
  g_autoptr(AtelierJob) job = NULL;

  make_anchor (f, "an owl", &r);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.id);
  g_assert_true (g_str_has_prefix (r.url, "http://127.0.0.1:"));
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "POST /v2/style-dna/generate-anchor"),
                    ==, 1);

  /* The anchor is what the next generations follow. */
  g_hash_table_insert (params, g_strdup ("anchorImageUrl"), g_strdup (r.url));
  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "png");

  make_anchor (f, "sandbox-fail", &bad);
  g_assert_error (bad.error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_FAILED);
  g_assert_null (bad.url);

  g_free (r.url);
  g_free (r.id);
  g_free (bad.id);
  g_clear_error (&bad.error);
}

static void
test_defaults (void)
{
  g_autoptr(AtelierHttp) http = atelier_http_new ();
  g_autoptr(AtelierServiceConfig) config = atelier_service_config_new ("styledna", NULL, "t");
  g_autoptr(AtelierProvider) provider = atelier_providers_create ("styledna", http, config);
  const char * const *ids = atelier_providers_get_ids ();

  g_assert_cmpstr (config->base_url, ==, "https://api.tengr.ai");
  g_assert_cmpstr (atelier_provider_get_id (provider), ==, "styledna");
  g_assert_cmpstr (atelier_param_table_lookup (atelier_provider_get_params (provider),
                                               "imageFormat")->default_value, ==, "png");
  /* The order the UI offers them. */
  g_assert_cmpstr (ids[0], ==, "openai");
  g_assert_cmpstr (ids[1], ==, "core3d");
  g_assert_cmpstr (ids[2], ==, "image3d");
  g_assert_cmpstr (ids[3], ==, "styledna");
  g_assert_cmpstr (ids[4], ==, "styledna-edit");
  g_assert_null (ids[5]);
}

int
main (int argc, char *argv[])
{
  fixture_init_env ();
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, setup, func, fixture_teardown)
  ADD ("/styledna/webp-aspect-ratio", test_webp_aspect_ratio);
  ADD ("/styledna/png-size", test_png_size);
  ADD ("/styledna/validation", test_validation);
  ADD ("/styledna/moderation", test_moderation);
  ADD ("/styledna/submit-errors", test_submit_errors);
  ADD ("/styledna/rate-limited", test_rate_limited);
  ADD ("/styledna/poll-faults", test_poll_faults);
  ADD ("/styledna/wrong-type", test_wrong_type);
  ADD ("/styledna/service-failed", test_service_failed);
  ADD ("/styledna/anchor", test_anchor);
#undef ADD
  g_test_add_func ("/styledna/defaults", test_defaults);

  return g_test_run ();
}
