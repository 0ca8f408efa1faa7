/* test-core3d.c: the Core3D client against the sandbox, over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "atelier-core3d.h"
#include "provider-fixture.h"

#define POST_GENERATIONS "POST /v1/generations"
#define GET_GENERATION   "GET /v1/generations/"
#define GET_UPLOAD       "GET /v1/uploads/"

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  fixture_setup (f, "core3d");
}

static GHashTable *
cat_params (void)
{
  return fixture_params ("style", "vector-art", "type", "pattern", "prompt", "lazy cats",
                         "colors", "black, gold", NULL);
}

static void
test_happy (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GHashTable) params = cat_params ();
  g_autoptr(AtelierJob) job = NULL;

  g_hash_table_insert (params, g_strdup ("count"), g_strdup ("2"));
  job = fixture_run (f, params);

  fixture_assert_done (job, 2, "png");
  g_assert_true (g_str_has_prefix (atelier_job_get_remote_id (job), "core3d:generation:"));
  g_assert_cmpint (atelier_job_get_kind (job), ==, ATELIER_JOB_KIND_IMAGE);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATIONS), ==, 1);
  /* Each upload resolved with the token on the API host, fetched without it. */
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, GET_UPLOAD), ==, 2);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "GET /presigned/"), ==, 2);
}

static void
test_transparent_graphic (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GHashTable) params = fixture_params ("style", "pixel-art", "type", "graphic",
                                                 "prompt", "a fox", "transparency", "true", NULL);
  g_autoptr(AtelierJob) job = fixture_run (f, params);

  fixture_assert_done (job, 1, "png");
}

static void
styles_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = atelier_core3d_provider_list_styles_finish (ATELIER_CORE3D_PROVIDER (object), result,
                                                     &error);
  g_assert_no_error (error);
}

static GPtrArray *
list_styles (Fixture *f)
{
  GPtrArray *styles = NULL;

  atelier_core3d_provider_list_styles_async (ATELIER_CORE3D_PROVIDER (f->provider), FALSE, NULL,
                                             styles_cb, &styles);
  while (styles == NULL)
    g_main_context_iteration (NULL, TRUE);
  return styles;
}

static const AtelierCore3dStyle *
find (GPtrArray  *styles,
      const char *id)
{
  for (guint i = 0; i < styles->len; i++)
    if (g_str_equal (((AtelierCore3dStyle *) g_ptr_array_index (styles, i))->id, id))
      return g_ptr_array_index (styles, i);
  return NULL;
}

static void
changed_cb (AtelierCore3dProvider *provider,
            guint                 *count)
{
  (*count)++;
}

static void
test_styles (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) styles = NULL;
  g_autoptr(GPtrArray) again = NULL;
  const AtelierCore3dStyle *vector_art, *watercolor;
  const AtelierParamSpec *spec;
  guint changed = 0;

  g_signal_connect (f->provider, "styles-changed", G_CALLBACK (changed_cb), &changed);
  styles = list_styles (f);
  g_assert_cmpuint (styles->len, >=, 2);
  g_assert_cmpuint (changed, ==, 1);

  vector_art = find (styles, "vector-art");
  g_assert_nonnull (vector_art);
  g_assert_cmpstr (vector_art->name, ==, "Vector Art");
  g_assert_nonnull (vector_art->preview);
  g_assert_true (g_str_has_prefix (vector_art->uri, "core3d:"));
  g_assert_true (atelier_core3d_style_supports (vector_art, "graphic"));
  g_assert_true (atelier_core3d_style_supports (vector_art, "pattern"));
  g_assert_true (atelier_core3d_style_supports_transparency (vector_art, "graphic"));
  g_assert_false (atelier_core3d_style_supports_transparency (vector_art, "pattern"));
  watercolor = find (styles, "watercolor");
  g_assert_nonnull (watercolor);
  g_assert_false (atelier_core3d_style_supports_transparency (watercolor, "graphic"));

  /* The form offers what the service listed. */
  spec = atelier_param_table_lookup (atelier_provider_get_params (f->provider), "style");
  g_assert_true (g_strv_contains (spec->choices, "watercolor"));
  g_assert_cmpuint (g_strv_length ((char **) spec->choices), ==, styles->len);

  /* Cached: asked once. */
  again = list_styles (f);
  g_assert_cmpuint (again->len, ==, styles->len);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "GET /v1/generation-styles"), ==, 1);
  g_assert_nonnull (atelier_core3d_provider_get_styles (ATELIER_CORE3D_PROVIDER (f->provider)));
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) styles = NULL;
  struct {
    const char *key, *value, *needle;
  } bad[] = {
    { "count", "9", "count must be between 1 and 4" },
    { "colors", "black, not-a-colour!", "colors" },
    { "type", "poster", "type must be one of" },
    { "transparency", "maybe", "transparency" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GHashTable) params = cat_params ();
      g_autofree char *message = NULL;

      g_hash_table_insert (params, g_strdup (bad[i].key), g_strdup (bad[i].value));
      message = fixture_refused (f, params);
      g_assert_nonnull (strstr (message, bad[i].needle));
    }

  /* With the styles known, combinations they do not take are refused too. */
  styles = list_styles (f);
  {
    g_autoptr(GHashTable) params = fixture_params ("style", "watercolor", "type", "graphic",
                                                   "transparency", "true", NULL);
    g_autofree char *message = fixture_refused (f, params);
    g_assert_nonnull (strstr (message, "transparency"));
    g_assert_nonnull (strstr (message, "watercolor"));
  }
  {
    g_autoptr(GHashTable) params = fixture_params ("style", "vector-art", "type", "pattern",
                                                   "transparency", "true", NULL);
    g_autofree char *message = fixture_refused (f, params);
    g_assert_nonnull (strstr (message, "transparency"));
  }
  {
    g_autoptr(GHashTable) params = fixture_params ("style", "pixel-art", "type", "pattern", NULL);
    g_autofree char *message = fixture_refused (f, params);
    g_assert_nonnull (strstr (message, "type pattern"));
  }
  {
    g_autoptr(GHashTable) params = fixture_params ("style", "no-such-style", NULL);
    g_autofree char *message = fixture_refused (f, params);
    g_assert_nonnull (strstr (message, "no-such-style"));
  }
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATIONS), ==, 0);
}

/* A job made before the styles were known is checked against them before
 * the paid request. */
static void
test_checked_at_submit (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GHashTable) params = fixture_params ("style", "watercolor", "type", "graphic",
                                                 "prompt", "a fox", "transparency", "true", NULL);
  g_autoptr(AtelierJob) job = fixture_run (f, params);

  fixture_assert_failed (job, "transparency is not supported");
  g_assert_true (atelier_job_get_retry_safe (job));
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "GET /v1/generation-styles"), ==, 1);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATIONS), ==, 0);
}

static void
test_moderation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GHashTable) params = fixture_params ("prompt", "something forbidden", NULL);
  g_autoptr(AtelierJob) job = fixture_run (f, params);

  fixture_assert_failed (job, "moderation");
  g_assert_null (atelier_job_get_remote_id (job));
  g_assert_true (atelier_job_get_retry_safe (job));
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATIONS), ==, 1);
}

/* Client errors and 500 on submission: one POST, never retried. */
static void
test_submit_errors (Fixture       *f,
                    gconstpointer  data)
{
  const struct { guint status; const char *needle; } cases[] = {
    { 400, "HTTP 400" }, { 401, "HTTP 401" }, { 402, "HTTP 402" }, { 403, "HTTP 403" },
    { 500, "HTTP 500" }, { 503, "HTTP 503" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) params = cat_params ();
      g_autoptr(AtelierJob) job = NULL;

      atelier_sandbox_clear_requests (f->sandbox);
      fixture_fault_status (f, POST_GENERATIONS, cases[i].status, 0, 1);
      job = fixture_run (f, params);
      fixture_assert_failed (job, cases[i].needle);
      g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATIONS), ==, 1);
      g_assert_null (atelier_job_get_remote_id (job));
    }
}

static void
test_rate_limited (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GHashTable) params = cat_params ();
  g_autoptr(AtelierJob) job = NULL;

  fixture_fault_status (f, POST_GENERATIONS, 429, 1, 1);
  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "png");
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATIONS), ==, 2);
}

static void
test_poll_faults (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GHashTable) params = cat_params ();
  g_autoptr(AtelierJob) job = NULL;

  fixture_fault_status (f, GET_GENERATION, 500, 0, 1);
  fixture_fault_status (f, GET_GENERATION, 503, 1, 1);
  fixture_fault (f, GET_GENERATION, ATELIER_SANDBOX_FAULT_DROP, 1);
  fixture_fault (f, GET_GENERATION, ATELIER_SANDBOX_FAULT_TRUNCATED_JSON, 1);
  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "png");
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATIONS), ==, 1);
}

static void
test_wrong_type (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GHashTable) params = cat_params ();
  g_autoptr(AtelierJob) job = NULL;

  fixture_fault (f, GET_GENERATION, ATELIER_SANDBOX_FAULT_WRONG_TYPE_JSON, 1);
  job = fixture_run (f, params);
  fixture_assert_failed (job, "Core3D");
  /* The service has the job: Retry resumes it. */
  g_assert_nonnull (atelier_job_get_remote_id (job));
  g_assert_true (atelier_engine_retry (f->engine, job, NULL));
  fixture_wait (f, job);
  fixture_assert_done (job, 1, "png");
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATIONS), ==, 1);
}

static void
test_expired_upload (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GHashTable) params = cat_params ();
  g_autoptr(AtelierJob) job = NULL;

  fixture_fault (f, "GET /presigned/", ATELIER_SANDBOX_FAULT_EXPIRED, 1);
  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "png");
  /* The expired link was replaced by a fresh one, once. */
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, GET_UPLOAD), ==, 2);
}

static void
test_dropped_download (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GHashTable) params = cat_params ();
  g_autoptr(AtelierJob) job = NULL;

  fixture_fault (f, "GET /presigned/", ATELIER_SANDBOX_FAULT_DROP, 1);
  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "png");
}

/* The connection drops after the paid request went out: not repeated. */
static void
test_dropped_submit (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GHashTable) params = cat_params ();
  g_autoptr(AtelierJob) job = NULL;

  fixture_fault (f, POST_GENERATIONS, ATELIER_SANDBOX_FAULT_DROP, 1);
  job = fixture_run (f, params);
  fixture_assert_failed (job, NULL);
  g_assert_false (atelier_job_get_retry_safe (job));
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATIONS), ==, 1);
}

/* An API answer redirecting to another host: the token stays behind (the
 * teardown checks the CDN listener's log). */
static void
test_redirect_other_host (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GHashTable) params = cat_params ();
  g_autoptr(AtelierJob) job = NULL;

  fixture_fault (f, GET_UPLOAD, ATELIER_SANDBOX_FAULT_REDIRECT_OTHER_HOST, 1);
  job = fixture_run (f, params);
  g_test_message ("job ended %s: %s", atelier_job_status_to_string (atelier_job_get_status (job)),
                  atelier_job_get_error_message (job));
  g_assert_true (atelier_job_is_finished (job));
}

static void
test_service_error (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) params = fixture_params ("prompt", "sandbox-fail please", NULL);
  g_autoptr(AtelierJob) job = fixture_run (f, params);

  fixture_assert_failed (job, "sandbox-fail");
}

static void
status_cb (AtelierJob *job,
           GParamSpec *pspec,
           Fixture    *f)
{
  if (atelier_job_get_status (job) == ATELIER_JOB_STATUS_RUNNING &&
      atelier_job_get_remote_id (job) != NULL)
    atelier_engine_cancel (f->engine, job);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GHashTable) params = cat_params ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierJob) job = NULL;

  atelier_sandbox_set_job_duration (f->sandbox, 5000);
  job = atelier_engine_create_job (f->engine, "core3d", params, &error);
  g_assert_no_error (error);
  g_object_ref (job);
  g_signal_connect (job, "notify::remote-id", G_CALLBACK (status_cb), f);
  g_signal_connect (job, "notify::status", G_CALLBACK (status_cb), f);
  fixture_wait (f, job);
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_CANCELLED);

  /* The service is told too (best effort). */
  while (atelier_sandbox_count_requests (f->sandbox, "POST /v1/generations/") == 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
not_configured_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GError **error = user_data;
  GPtrArray *styles;

  styles = atelier_core3d_provider_list_styles_finish (ATELIER_CORE3D_PROVIDER (object), result,
                                                       error);
  g_assert_null (styles);
}

static void
test_not_configured (void)
{
  g_autoptr(AtelierHttp) http = atelier_http_new ();
  g_autoptr(AtelierServiceConfig) config = atelier_service_config_new ("core3d", NULL, NULL);
  g_autoptr(AtelierProvider) provider = atelier_providers_create ("core3d", http, config);
  GError *error = NULL;

  g_assert_cmpstr (atelier_provider_get_id (provider), ==, "core3d");
  g_assert_cmpstr (config->base_url, ==, "https://api.core3d.io/v1");

  atelier_core3d_provider_list_styles_async (ATELIER_CORE3D_PROVIDER (provider), FALSE, NULL,
                                             not_configured_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NOT_CONFIGURED);
  g_clear_error (&error);
}

int
main (int argc, char *argv[])
{
  fixture_init_env ();
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, setup, func, fixture_teardown)
  ADD ("/core3d/happy", test_happy);
  ADD ("/core3d/transparent-graphic", test_transparent_graphic);
  ADD ("/core3d/styles", test_styles);
  ADD ("/core3d/validation", test_validation);
  ADD ("/core3d/checked-at-submit", test_checked_at_submit);
  ADD ("/core3d/moderation", test_moderation);
  ADD ("/core3d/submit-errors", test_submit_errors);
  ADD ("/core3d/rate-limited", test_rate_limited);
  ADD ("/core3d/poll-faults", test_poll_faults);
  ADD ("/core3d/wrong-type", test_wrong_type);
  ADD ("/core3d/expired-upload", test_expired_upload);
  ADD ("/core3d/dropped-download", test_dropped_download);
  ADD ("/core3d/dropped-submit", test_dropped_submit);
  ADD ("/core3d/redirect-other-host", test_redirect_other_host);
  ADD ("/core3d/service-error", test_service_error);
  ADD ("/core3d/cancel", test_cancel);
#undef ADD
  g_test_add_func ("/core3d/not-configured", test_not_configured);

  return g_test_run ();
}
