/* test-image3d.c: the image3d client against the sandbox, over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "atelier-image3d.h"
#include "provider-fixture.h"

#define POST_GENERATE "POST /api/generate"
#define GET_STATUS    "GET /api/status/"

#define SIGN_IN_MESSAGE "The image3d sign-in expired (Firebase ID tokens last an hour). " \
                        "Sign in again, then Retry to resume this job."

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  fixture_setup (f, "image3d");
}

static GHashTable *
car_params (void)
{
  return fixture_params ("prompt", "a red sports car", "quality", "fast", NULL);
}

static void
test_text (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GHashTable) params = car_params ();
  g_autoptr(AtelierJob) job = fixture_run (f, params);

  fixture_assert_done (job, 1, "glb");
  g_assert_cmpint (atelier_job_get_kind (job), ==, ATELIER_JOB_KIND_MODEL);
  g_assert_nonnull (atelier_job_get_remote_id (job));
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 1);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "GET /cdn/"), ==, 1);
}

static void
test_image (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *png = fixture_write_file (f, "teapot.png", TRUE);
  g_autoptr(GHashTable) params = fixture_params ("image", png, "mesh_only", "true", NULL);
  g_autoptr(AtelierJob) job = NULL;

  /* No mode given: the image selects image mode. */
  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "glb");
}

static void
test_tiers (void)
{
  guint n = 0;
  const AtelierImage3dTier *tiers = atelier_image3d_get_tiers (&n);
  g_autoptr(AtelierHttp) http = atelier_http_new ();
  g_autoptr(AtelierServiceConfig) config = atelier_service_config_new ("image3d", NULL, "t");
  g_autoptr(AtelierProvider) provider = atelier_providers_create ("image3d", http, config);
  const AtelierParamSpec *quality;
  const char *documented[] = { "fast", "standard", "pro", "ultra" };

  g_assert_cmpuint (n, ==, 5);
  g_assert_null (tiers[n].id);
  for (guint i = 0; i < G_N_ELEMENTS (documented); i++)
    {
      gboolean found = FALSE;

      for (guint j = 0; j < n; j++)
        if (g_str_equal (tiers[j].id, documented[i]))
          {
            found = TRUE;
            g_assert_cmpuint (tiers[j].seconds, >, 0);
            g_assert_nonnull (tiers[j].faces);
            g_assert_nonnull (tiers[j].engine);
          }
      g_assert_true (found);
    }

  /* The parameter's choices are the tiers, pro by default. */
  quality = atelier_param_table_lookup (atelier_provider_get_params (provider), "quality");
  g_assert_cmpstr (quality->default_value, ==, "pro");
  g_assert_cmpuint (g_strv_length ((char **) quality->choices), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (quality->choices[i], ==, tiers[i].id);
  g_assert_cmpstr (config->base_url, ==, "https://image3d.io");
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *png = fixture_write_file (f, "teapot.png", TRUE);
  g_autofree char *text = fixture_write_file (f, "notes.png", FALSE);
  struct {
    GHashTable *params;
    const char *needle;
  } cases[] = {
    { fixture_params ("quality", "pro", NULL), "prompt is required in text mode" },
    { fixture_params ("mode", "image", "prompt", "a car", NULL), "image is required" },
    { fixture_params ("mode", "text", "prompt", "a car", "image", png, NULL), "mode image" },
    { fixture_params ("image", text, NULL), "not a PNG, JPEG or WebP" },
    { fixture_params ("prompt", "a car", "quality", "extreme", NULL), "quality must be one of" },
    { fixture_params ("prompt", "a car", "mode", "video", NULL), "mode must be one of" },
    { fixture_params ("image", "/nonexistent/teapot.png", NULL), "does not exist" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = fixture_refused (f, cases[i].params);

      if (strstr (message, cases[i].needle) == NULL)
        g_error ("“%s” is not in “%s”", cases[i].needle, message);
      g_hash_table_unref (cases[i].params);
    }
}

/* The Firebase token expired mid-job: the job keeps its task id and a
 * Retry, once signed in again, resumes polling without paying twice. */
static void
test_sign_in_expired (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GHashTable) params = car_params ();
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *remote_id = NULL;

  fixture_fault_status (f, GET_STATUS, 401, 0, 1);
  job = fixture_run (f, params);
  fixture_assert_failed (job, NULL);
  g_assert_cmpstr (atelier_job_get_error_message (job), ==, SIGN_IN_MESSAGE);
  g_assert_cmpstr (atelier_job_get_error_kind (job), ==, "sign-in");
  g_assert_nonnull (atelier_job_get_remote_id (job));
  remote_id = g_strdup (atelier_job_get_remote_id (job));

  g_assert_true (atelier_engine_retry (f->engine, job, &error));
  g_assert_no_error (error);
  fixture_wait (f, job);
  fixture_assert_done (job, 1, "glb");
  g_assert_cmpstr (atelier_job_get_remote_id (job), ==, remote_id);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 1);
}

static void
test_sign_in_on_submit (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GHashTable) params = car_params ();
  g_autoptr(AtelierJob) job = NULL;

  fixture_fault_status (f, POST_GENERATE, 401, 0, 1);
  job = fixture_run (f, params);
  fixture_assert_failed (job, NULL);
  g_assert_cmpstr (atelier_job_get_error_message (job), ==, SIGN_IN_MESSAGE);
  g_assert_cmpstr (atelier_job_get_error_kind (job), ==, "sign-in");
  g_assert_null (atelier_job_get_remote_id (job));
  /* Refused before any work: submitting again cannot charge twice. */
  g_assert_true (atelier_job_get_retry_safe (job));
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 1);
}

static void
test_no_credits (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GHashTable) params = car_params ();
  g_autoptr(AtelierJob) job = NULL;

  atelier_sandbox_set_balance (f->sandbox, 2);
  job = fixture_run (f, params);
  fixture_assert_failed (job, ATELIER_IMAGE3D_PRICING_URL);
  /* The window offers "Buy Credits" from these. */
  g_assert_cmpstr (atelier_job_get_error_kind (job), ==, "no-credits");
  g_assert_cmpstr (atelier_job_get_help_url (job), ==, ATELIER_IMAGE3D_PRICING_URL);
  g_assert_true (atelier_job_get_retry_safe (job));
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 1);
}

static void
test_submit_errors (Fixture       *f,
                    gconstpointer  data)
{
  const struct { guint status; const char *needle; } cases[] = {
    { 400, "HTTP 400" }, { 402, ATELIER_IMAGE3D_PRICING_URL }, { 403, "HTTP 403" },
    { 500, "HTTP 500" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) params = car_params ();
      g_autoptr(AtelierJob) job = NULL;

      atelier_sandbox_clear_requests (f->sandbox);
      fixture_fault_status (f, POST_GENERATE, cases[i].status, 0, 1);
      job = fixture_run (f, params);
      fixture_assert_failed (job, cases[i].needle);
      /* Paid submissions are never repeated behind the person's back. */
      g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 1);
    }
}

static void
test_rate_limited (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GHashTable) params = car_params ();
  g_autoptr(AtelierJob) job = NULL;

  fixture_fault_status (f, POST_GENERATE, 429, 1, 1);
  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "glb");
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 2);
}

static void
test_poll_faults (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GHashTable) params = car_params ();
  g_autoptr(AtelierJob) job = NULL;

  fixture_fault_status (f, GET_STATUS, 500, 0, 1);
  fixture_fault_status (f, GET_STATUS, 503, 1, 1);
  fixture_fault (f, GET_STATUS, ATELIER_SANDBOX_FAULT_DROP, 1);
  fixture_fault (f, GET_STATUS, ATELIER_SANDBOX_FAULT_TRUNCATED_JSON, 1);
  fixture_fault (f, "GET /cdn/", ATELIER_SANDBOX_FAULT_DROP, 1);
  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "glb");
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 1);
}

/* mesh_only, then "Texture it": two model jobs, the second linked to the
 * first, each with its own GLB; the texture request carries the task id. */
static void
test_texture_later (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) params = fixture_params ("prompt", "a teapot", "quality", "fast",
                                                 "mesh_only", "true", NULL);
  g_autoptr(GHashTable) again = NULL;
  g_autoptr(GHashTable) texture = NULL;
  g_autoptr(AtelierJob) mesh = fixture_run (f, params);
  g_autoptr(AtelierJob) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mesh_bytes = NULL;
  g_autofree char *child_bytes = NULL;
  gsize mesh_len = 0, child_len = 0;

  fixture_assert_done (mesh, 1, "glb");
  texture = atelier_image3d_texture_params (mesh, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (texture, "task_id"), ==, atelier_job_get_remote_id (mesh));

  child = atelier_engine_create_job (f->engine, "image3d", texture, &error);
  g_assert_no_error (error);
  g_object_ref (child);
  atelier_job_set_parent_id (child, atelier_job_get_id (mesh));
  fixture_wait (f, child);
  fixture_assert_done (child, 1, "glb");
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "POST /api/texture"), ==, 1);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 1);
  g_assert_cmpstr (atelier_job_get_parent_id (child), ==, atelier_job_get_id (mesh));
  g_assert_cmpstr (atelier_job_get_outputs (mesh)[0], !=, atelier_job_get_outputs (child)[0]);
  /* The textured model carries an image the mesh has not. */
  g_assert_true (g_file_get_contents (atelier_job_get_outputs (mesh)[0], &mesh_bytes, &mesh_len, NULL));
  g_assert_true (g_file_get_contents (atelier_job_get_outputs (child)[0], &child_bytes, &child_len,
                                      NULL));
  g_assert_cmpuint (child_len, >, mesh_len);

  /* Only a finished mesh-only model can be textured. */
  again = atelier_image3d_texture_params (child, &error);
  g_assert_null (again);
  g_assert_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID);
}

static void
test_texture_refused (Fixture       *f,
                      gconstpointer  data)
{
  struct {
    GHashTable *params;
    const char *needle;
  } cases[] = {
    { fixture_params ("mode", "texture", NULL), "task_id is required" },
    { fixture_params ("prompt", "a car", "mode", "text", "task_id", "abc", NULL), "needs mode texture" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = fixture_refused (f, cases[i].params);

      if (strstr (message, cases[i].needle) == NULL)
        g_error ("“%s” is not in “%s”", cases[i].needle, message);
      g_hash_table_unref (cases[i].params);
    }
}

static void
test_wrong_type (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GHashTable) params = car_params ();
  g_autoptr(AtelierJob) job = NULL;

  fixture_fault (f, POST_GENERATE, ATELIER_SANDBOX_FAULT_WRONG_TYPE_JSON, 1);
  job = fixture_run (f, params);
  fixture_assert_failed (job, "task_id");
}

static void
test_service_failed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GHashTable) params = fixture_params ("prompt", "sandbox-fail", NULL);
  g_autoptr(AtelierJob) job = fixture_run (f, params);

  fixture_assert_failed (job, "sandbox-fail");
}

static void
balance_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;
  gint64 balance = -1;
  g_autofree char *unit = NULL;

  if (atelier_image3d_provider_get_balance_finish (ATELIER_IMAGE3D_PROVIDER (object), result,
                                                   &balance, &unit, error))
    {
      g_object_set_data (object, "balance", GINT_TO_POINTER ((int) balance));
      g_assert_cmpstr (unit, ==, "credits");
      *error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NONE, "ok");
    }
}

static GError *
get_balance (Fixture *f,
             gint64  *balance)
{
  GError *error = NULL;

  atelier_image3d_provider_get_balance_async (ATELIER_IMAGE3D_PROVIDER (f->provider), NULL,
                                              balance_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  *balance = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (f->provider), "balance"));
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NONE))
    g_clear_error (&error);
  return error;
}

static void
test_balance (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GHashTable) params = car_params ();
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = 0, after = 0;

  error = get_balance (f, &before);
  g_assert_no_error (error);
  g_assert_cmpint (before, ==, atelier_sandbox_get_balance (f->sandbox));

  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "glb");
  error = get_balance (f, &after);
  g_assert_no_error (error);
  g_assert_cmpint (after, <, before);

  fixture_fault_status (f, "GET /api/balance", 401, 0, 1);
  error = get_balance (f, &after);
  g_assert_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NEEDS_SIGN_IN);
  g_clear_error (&error);

  fixture_fault (f, "GET /api/balance", ATELIER_SANDBOX_FAULT_WRONG_TYPE_JSON, 1);
  error = get_balance (f, &after);
  g_assert_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_PROTOCOL);
}

int
main (int argc, char *argv[])
{
  fixture_init_env ();
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, setup, func, fixture_teardown)
  ADD ("/image3d/text", test_text);
  ADD ("/image3d/image", test_image);
  ADD ("/image3d/validation", test_validation);
  ADD ("/image3d/sign-in-expired", test_sign_in_expired);
  ADD ("/image3d/sign-in-on-submit", test_sign_in_on_submit);
  ADD ("/image3d/no-credits", test_no_credits);
  ADD ("/image3d/submit-errors", test_submit_errors);
  ADD ("/image3d/rate-limited", test_rate_limited);
  ADD ("/image3d/poll-faults", test_poll_faults);
  ADD ("/image3d/wrong-type", test_wrong_type);
  ADD ("/image3d/service-failed", test_service_failed);
  ADD ("/image3d/balance", test_balance);
#undef ADD
  g_test_add_func ("/image3d/tiers", test_tiers);

  g_test_add ("/image3d/texture-later", Fixture, NULL, setup, test_texture_later,
              fixture_teardown);
  g_test_add ("/image3d/texture-refused", Fixture, NULL, setup, test_texture_refused,
              fixture_teardown);

  return g_test_run ();
}
