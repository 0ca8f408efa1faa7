/* test-engine.c: the engine and the OpenAI-compatible client over real HTTP
 * against the sandbox: happy paths, every failure, retries only where safe,
 * and no token on the download host.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "atelier-engine.h"
#include "atelier-error.h"
#include "atelier-openai.h"
#include "atelier-procedural.h"
#include "atelier-sandbox.h"

typedef struct
{
  AtelierSandbox *sandbox;
  AtelierHttp    *http;
  AtelierHistory *history;
  AtelierEngine  *engine;
  char           *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *db = NULL;
  g_autofree char *library = NULL;
  g_autoptr(AtelierServiceConfig) config = NULL;
  g_autoptr(AtelierProvider) provider = NULL;

  f->dir = g_dir_make_tmp ("atelier-openai-XXXXXX", &error);
  g_assert_no_error (error);

  f->sandbox = atelier_sandbox_new ();
  atelier_sandbox_set_job_duration (f->sandbox, 200);
  g_assert_true (atelier_sandbox_start (f->sandbox, 0, &error));
  g_assert_no_error (error);

  f->http = atelier_http_new ();
  atelier_http_set_backoff (f->http, 20, 200, 1500);

  db = g_build_filename (f->dir, "history.db", NULL);
  f->history = atelier_history_open (db, &error);
  g_assert_no_error (error);

  f->engine = atelier_engine_new (f->http, f->history);
  library = g_build_filename (f->dir, "library", NULL);
  atelier_engine_set_library_dir (f->engine, library);
  atelier_engine_set_poll_interval (f->engine, 50, 200);

  url = atelier_sandbox_get_url (f->sandbox, "openai");
  config = atelier_service_config_new ("openai", url, ATELIER_SANDBOX_TOKEN);
  provider = atelier_openai_provider_new (f->http, config);
  atelier_engine_add_provider (f->engine, provider);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->engine);
  g_clear_object (&f->history);
  g_clear_object (&f->http);
  atelier_sandbox_stop (f->sandbox);
  g_clear_object (&f->sandbox);
  g_free (f->dir);
}

static AtelierJob *
run_job (Fixture     *f,
         const char  *first_key,
         ...)
{
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(GError) error = NULL;
  AtelierJob *job;
  const char *key = first_key;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      g_hash_table_insert (params, g_strdup (key), g_strdup (va_arg (args, const char *)));
      key = va_arg (args, const char *);
    }
  va_end (args);

  job = atelier_engine_create_job (f->engine, "openai", params, &error);
  g_assert_no_error (error);
  g_object_ref (job);

  while (!atelier_job_is_finished (job) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (atelier_job_is_finished (job));
  return job;
}

static void
assert_output_magic (AtelierJob *job,
                     const char *ext)
{
  const char * const *outputs = atelier_job_get_outputs (job);
  g_autofree char *data = NULL;
  gsize len;

  g_assert_nonnull (outputs[0]);
  g_assert_true (g_str_has_suffix (outputs[0], ext));
  g_assert_true (g_file_get_contents (outputs[0], &data, &len, NULL));
  g_assert_cmpstr (atelier_sniff_extension ((const guint8 *) data, len), ==, ext);
}

static void
assert_no_token_on_cdn (Fixture *f)
{
  GPtrArray *requests = atelier_sandbox_get_requests (f->sandbox);
  guint cdn = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      AtelierSandboxRequest *r = g_ptr_array_index (requests, i);
      if (r->cdn)
        {
          cdn++;
          g_assert_null (r->authorization);
        }
    }
  (void) cdn;
}

static void
add_fault (Fixture                 *f,
           const char              *match,
           AtelierSandboxFaultKind  kind,
           guint                    status,
           guint                    retry_after,
           guint                    times)
{
  AtelierSandboxFault fault = { kind, status, retry_after, 0 };
  atelier_sandbox_add_fault (f->sandbox, match, &fault, times);
}

static void
test_generate_b64 (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AtelierJob) job = run_job (f, "prompt", "lazy cats in black and gold",
                                       "model", "gpt-image-1", "size", "1024x1024", NULL);

  g_autofree char *name = NULL;
  g_autofree char *base = NULL;
  g_autoptr(JsonNode) saved = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpstr (atelier_job_get_error_message (job), ==, NULL);
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
  assert_output_magic (job, "png");
  g_assert_true (g_str_has_prefix (atelier_job_get_outputs (job)[0], f->dir));
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "POST /v1/images/generations"), ==, 1);

  /* Decoded into its file as the answer arrived, named like a download, and
   * never a data: URI in the job or its record (issue 10). */
  base = g_path_get_basename (atelier_job_get_outputs (job)[0]);
  name = g_strdup_printf ("%s-1.png", atelier_job_get_id (job));
  g_assert_cmpstr (base, ==, name);
  saved = atelier_job_to_json (job);
  text = json_to_string (saved, FALSE);
  g_assert_null (strstr (text, "data:"));
  g_assert_null (strstr (text, "base64"));
}

static void
test_generate_url_n2_webp (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(AtelierJob) job = run_job (f, "prompt", "a red fox", "model", "dall-e-2",
                                       "n", "2", "size", "256x256", NULL);
  g_autoptr(AtelierJob) job2 = NULL;
  g_autoptr(AtelierJob) loaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
  g_assert_cmpuint (g_strv_length ((char **) atelier_job_get_outputs (job)), ==, 2);
  assert_output_magic (job, "png");
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "GET /cdn/"), >=, 2);
  assert_no_token_on_cdn (f);

  job2 = run_job (f, "prompt", "a blue whale", "output_format", "webp", NULL);
  g_assert_cmpint (atelier_job_get_status (job2), ==, ATELIER_JOB_STATUS_DONE);
  assert_output_magic (job2, "webp");

  /* What the history holds is what the job holds. */
  loaded = atelier_history_load (f->history, atelier_job_get_id (job), &error);
  g_assert_no_error (error);
  g_assert_cmpint (atelier_job_get_status (loaded), ==, ATELIER_JOB_STATUS_DONE);
  g_assert_cmpstr (atelier_job_get_outputs (loaded)[1], ==, atelier_job_get_outputs (job)[1]);
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GBytes) png = atelier_procedural_image ("a cat", NULL, 64, 64, "graphic", "png",
                                                    FALSE, NULL);
  g_autofree char *path = g_build_filename (f->dir, "input.png", NULL);
  g_autofree char *mask = g_build_filename (f->dir, "mask.png", NULL);
  g_autoptr(AtelierJob) job = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL));
  g_assert_true (g_file_set_contents (mask, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL));
  job = run_job (f, "prompt", "add a rainbow", "image", path, "mask", mask, NULL);
  g_assert_cmpstr (atelier_job_get_error_message (job), ==, NULL);
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
  assert_output_magic (job, "png");
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "POST /v1/images/edits"), ==, 1);
}

static void
expect_refused (Fixture    *f,
                const char *key,
                const char *value,
                const char *model,
                const char *fragment)
{
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup ("x"));
  if (model)
    g_hash_table_insert (params, g_strdup ("model"), g_strdup (model));
  g_hash_table_insert (params, g_strdup (key), g_strdup (value));
  g_assert_null (atelier_engine_create_job (f->engine, "openai", params, &error));
  g_assert_nonnull (error);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  expect_refused (f, "n", "11", NULL, "n must be between 1 and 10");
  expect_refused (f, "n", "2", "dall-e-3", "n must be 1 for dall-e-3");
  expect_refused (f, "size", "512x512", "dall-e-3", "size must be");
  expect_refused (f, "response_format", "url", "gpt-image-1", "response_format");
  expect_refused (f, "style", "vivid", "gpt-image-1", "style is only supported by dall-e-3");
  expect_refused (f, "background", "transparent", "dall-e-2", "only supported by GPT image");
  expect_refused (f, "output_compression", "50", "gpt-image-1", "output_format jpeg or webp");
  expect_refused (f, "quality", "ultra", NULL, "quality must be one of");
  expect_refused (f, "mask", "/etc/hostname", NULL, "mask needs an image");
  expect_refused (f, "size", "big", "my-local-model", "WIDTHxHEIGHT");
  g_assert_cmpuint (atelier_sandbox_get_requests (f->sandbox)->len, ==, 0);
  g_assert_cmpuint (atelier_job_list_get_n_jobs (atelier_engine_get_jobs (f->engine)), ==, 0);
}

static void
test_submit_429_retried (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AtelierJob) job = NULL;

  add_fault (f, "POST /v1/images/generations", ATELIER_SANDBOX_FAULT_STATUS, 429, 1, 1);
  job = run_job (f, "prompt", "rate limited once", NULL);
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "POST /v1/images/generations"), ==, 2);
}

static void
expect_submit_failure (Fixture                 *f,
                       AtelierSandboxFaultKind  kind,
                       guint                    status,
                       guint                    posts,
                       const char              *fragment,
                       gboolean                 retry_safe)
{
  g_autoptr(AtelierJob) job = NULL;

  atelier_sandbox_clear_requests (f->sandbox);
  add_fault (f, "POST /v1/images/generations", kind, status, 0, 1);
  job = run_job (f, "prompt", "this will fail", NULL);
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_FAILED);
  if (strstr (atelier_job_get_error_message (job), fragment) == NULL)
    g_error ("“%s” does not mention “%s”", atelier_job_get_error_message (job), fragment);
  g_assert_cmpint (atelier_job_get_retry_safe (job), ==, retry_safe);
  /* A paid submission is never sent twice by itself. */
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "POST /v1/images/generations"), ==, posts);
  g_assert_null (strstr (atelier_job_get_error_message (job), ATELIER_SANDBOX_TOKEN));
  /* What the person can do about it; OpenAI-compatible servers have no one
   * purchase page. */
  g_assert_cmpstr (atelier_job_get_error_kind (job), ==,
                   status == 402 ? "no-credits" : status == 401 ? "sign-in" : NULL);
  g_assert_null (atelier_job_get_help_url (job));
  atelier_sandbox_clear_faults (f->sandbox);
}

static void
test_submit_failures (Fixture       *f,
                      gconstpointer  data)
{
  expect_submit_failure (f, ATELIER_SANDBOX_FAULT_STATUS, 500, 1, "HTTP 500", FALSE);
  expect_submit_failure (f, ATELIER_SANDBOX_FAULT_STATUS, 503, 1, "HTTP 503", FALSE);
  expect_submit_failure (f, ATELIER_SANDBOX_FAULT_STATUS, 400, 1, "HTTP 400", TRUE);
  expect_submit_failure (f, ATELIER_SANDBOX_FAULT_STATUS, 401, 1, "token", TRUE);
  expect_submit_failure (f, ATELIER_SANDBOX_FAULT_STATUS, 402, 1, "credits", TRUE);
  expect_submit_failure (f, ATELIER_SANDBOX_FAULT_STATUS, 403, 1, "HTTP 403", TRUE);
  expect_submit_failure (f, ATELIER_SANDBOX_FAULT_STATUS, 422, 1, "HTTP 422", TRUE);
  expect_submit_failure (f, ATELIER_SANDBOX_FAULT_DROP, 0, 1, "dropped", FALSE);
  expect_submit_failure (f, ATELIER_SANDBOX_FAULT_TRUNCATED_JSON, 0, 1, "not valid JSON", FALSE);
  expect_submit_failure (f, ATELIER_SANDBOX_FAULT_WRONG_TYPE_JSON, 0, 1, "does not understand", FALSE);
  expect_submit_failure (f, ATELIER_SANDBOX_FAULT_OVERSIZE, 0, 1, "larger than", FALSE);
}

static void
test_download_faults (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AtelierJob) ok = NULL;
  g_autoptr(AtelierJob) expired = NULL;

  /* GETs are retried: a CDN hiccup costs nothing. */
  add_fault (f, "GET /cdn/", ATELIER_SANDBOX_FAULT_STATUS, 503, 0, 1);
  ok = run_job (f, "prompt", "a flaky cdn", "model", "dall-e-2", NULL);
  g_assert_cmpint (atelier_job_get_status (ok), ==, ATELIER_JOB_STATUS_DONE);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "GET /cdn/"), ==, 2);

  add_fault (f, "GET /cdn/", ATELIER_SANDBOX_FAULT_EXPIRED, 0, 0, 10);
  expired = run_job (f, "prompt", "too late", "model", "dall-e-2", NULL);
  g_assert_cmpint (atelier_job_get_status (expired), ==, ATELIER_JOB_STATUS_FAILED);
  g_assert_nonnull (strstr (atelier_job_get_error_message (expired), "expired"));
  /* Nothing half-written is left in the library. */
  {
    g_autofree char *library = g_build_filename (f->dir, "library", NULL);
    g_autoptr(GDir) dir = g_dir_open (library, 0, NULL);
    const char *name;
    while (dir && (name = g_dir_read_name (dir)))
      g_assert_false (g_str_has_suffix (name, ".part"));
  }
  assert_no_token_on_cdn (f);
}

static void
redirect_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(JsonNode) node = atelier_http_send_json_finish (ATELIER_HTTP (object), result, NULL, error);
  if (*error == NULL)
    *error = g_error_new_literal (G_IO_ERROR, 0, "done");
}

static void
test_redirect_drops_token (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *base = atelier_sandbox_get_url (f->sandbox, "core3d");
  g_autofree char *url = g_strconcat (base, "/generation-styles", NULL);
  g_autoptr(AtelierHttpRequest) req = atelier_http_request_new ("GET", url);
  GError *error = NULL;
  GPtrArray *requests;
  gboolean saw_api_auth = FALSE, saw_cdn = FALSE;

  add_fault (f, "GET /v1/generation-styles", ATELIER_SANDBOX_FAULT_REDIRECT_OTHER_HOST, 0, 0, 1);
  atelier_http_request_set_auth (req, ATELIER_SANDBOX_TOKEN, base);
  atelier_http_send_json_async (f->http, req, NULL, redirect_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_clear_error (&error);

  requests = atelier_sandbox_get_requests (f->sandbox);
  for (guint i = 0; i < requests->len; i++)
    {
      AtelierSandboxRequest *r = g_ptr_array_index (requests, i);
      if (r->cdn)
        {
          saw_cdn = TRUE;
          g_assert_null (r->authorization);
        }
      else if (r->authorization)
        saw_api_auth = TRUE;
    }
  g_assert_true (saw_api_auth);
  g_assert_true (saw_cdn);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(GError) error = NULL;
  AtelierSandboxFault slow = { ATELIER_SANDBOX_FAULT_SLOW, 0, 0, 5000 };
  AtelierJob *job;

  atelier_sandbox_add_fault (f->sandbox, "POST /v1/images/generations", &slow, 1);
  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup ("never mind"));
  job = atelier_engine_create_job (f->engine, "openai", params, &error);
  g_assert_no_error (error);
  while (atelier_job_get_status (job) == ATELIER_JOB_STATUS_QUEUED)
    g_main_context_iteration (NULL, TRUE);
  atelier_engine_cancel (f->engine, job);
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_CANCELLED);
  g_assert_cmpuint (atelier_engine_get_n_active (f->engine), ==, 0);

  /* Retry at once, while the cancelled request is still in flight: it runs
   * again from the start (it never reached a remote id). */
  g_assert_true (atelier_engine_retry (f->engine, job, &error));
  while (!atelier_job_is_finished (job))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
}

typedef struct
{
  GPtrArray *jobs;
  guint      peak;
} Peak;

static void
status_cb (AtelierJob *job,
           GParamSpec *pspec,
           Peak       *p)
{
  guint running = 0;

  for (guint i = 0; i < p->jobs->len; i++)
    {
      AtelierJobStatus s = atelier_job_get_status (g_ptr_array_index (p->jobs, i));
      running += s != ATELIER_JOB_STATUS_QUEUED && !atelier_job_is_finished (g_ptr_array_index (p->jobs, i));
    }
  p->peak = MAX (p->peak, running);
}

static void
test_concurrency_limit (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  Peak p = { jobs, 0 };

  atelier_engine_set_max_concurrent (f->engine, "openai", 2);
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(GHashTable) params = atelier_params_new ();
      g_autoptr(GError) error = NULL;
      AtelierJob *job;

      g_hash_table_insert (params, g_strdup ("prompt"), g_strdup_printf ("job %u", i));
      job = atelier_engine_create_job (f->engine, "openai", params, &error);
      g_assert_no_error (error);
      g_ptr_array_add (jobs, g_object_ref (job));
      g_signal_connect (job, "notify::status", G_CALLBACK (status_cb), &p);
      status_cb (job, NULL, &p);
    }
  g_assert_cmpuint (p.peak, ==, 2);
  while (atelier_engine_get_n_active (f->engine) > 0)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < jobs->len; i++)
    g_assert_cmpint (atelier_job_get_status (g_ptr_array_index (jobs, i)), ==, ATELIER_JOB_STATUS_DONE);
  g_assert_cmpuint (p.peak, ==, 2);
}

static void
test_resume_download (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AtelierJob) done = run_job (f, "prompt", "first", "model", "dall-e-2", NULL);
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(AtelierJob) interrupted = NULL;
  g_autoptr(AtelierJob) submitting = NULL;
  g_autoptr(AtelierEngine) engine2 = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *requests = atelier_sandbox_get_requests (f->sandbox);
  g_autofree char *cdn_url = NULL;
  AtelierJob *resumed, *failed;

  /* Find the CDN URL the first job downloaded, and pretend a second job
   * was killed right after the service answered. */
  for (guint i = 0; i < requests->len; i++)
    {
      AtelierSandboxRequest *r = g_ptr_array_index (requests, i);
      if (r->cdn)
        cdn_url = g_strdup_printf ("http://127.0.0.1:%u%s",
                                   atelier_sandbox_get_cdn_port (f->sandbox), r->path);
    }
  g_assert_nonnull (cdn_url);

  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup ("interrupted"));
  interrupted = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, params);
  atelier_job_set_status (interrupted, ATELIER_JOB_STATUS_DOWNLOADING);
  atelier_job_set_pending_outputs (interrupted, (const char *[]) { cdn_url, NULL });
  g_assert_true (atelier_history_save (f->history, interrupted, &error));

  submitting = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, params);
  atelier_job_set_status (submitting, ATELIER_JOB_STATUS_RUNNING);
  g_assert_true (atelier_history_save (f->history, submitting, &error));

  engine2 = atelier_engine_new (f->http, f->history);
  atelier_engine_set_library_dir (engine2, atelier_engine_get_library_dir (f->engine));
  atelier_engine_add_provider (engine2, atelier_engine_get_provider (f->engine, "openai"));
  g_assert_cmpuint (atelier_engine_load_history (engine2, TRUE, &error), ==, 1);
  g_assert_no_error (error);

  resumed = atelier_job_list_lookup (atelier_engine_get_jobs (engine2), atelier_job_get_id (interrupted));
  failed = atelier_job_list_lookup (atelier_engine_get_jobs (engine2), atelier_job_get_id (submitting));
  while (!atelier_job_is_finished (resumed))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (atelier_job_get_status (resumed), ==, ATELIER_JOB_STATUS_DONE);
  assert_output_magic (resumed, "png");

  /* Maybe paid for, no remote id: the person decides, nothing resubmits. */
  g_assert_cmpint (atelier_job_get_status (failed), ==, ATELIER_JOB_STATUS_FAILED);
  g_assert_false (atelier_job_get_retry_safe (failed));
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "POST /v1/images/generations"), ==, 1);
}

static void
test_notices_other_process (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) other_history = atelier_history_open (atelier_history_get_path (f->history), &error);
  g_autoptr(AtelierEngine) other = atelier_engine_new (f->http, other_history);
  g_autoptr(GHashTable) params = atelier_params_new ();
  AtelierJob *theirs, *seen;

  g_assert_no_error (error);
  atelier_engine_load_history (f->engine, FALSE, &error);
  atelier_engine_set_library_dir (other, atelier_engine_get_library_dir (f->engine));
  atelier_engine_add_provider (other, atelier_engine_get_provider (f->engine, "openai"));

  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup ("made by the cli"));
  theirs = atelier_engine_create_job (other, "openai", params, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (atelier_engine_refresh_from_history (f->engine), >=, 1);
  seen = atelier_job_list_lookup (atelier_engine_get_jobs (f->engine), atelier_job_get_id (theirs));
  g_assert_nonnull (seen);

  while (!atelier_job_is_finished (theirs))
    g_main_context_iteration (NULL, TRUE);
  atelier_engine_refresh_from_history (f->engine);
  g_assert_cmpint (atelier_job_get_status (seen), ==, ATELIER_JOB_STATUS_DONE);
  g_assert_cmpstr (atelier_job_get_outputs (seen)[0], ==, atelier_job_get_outputs (theirs)[0]);
  /* Only the owner ran it. */
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "POST /v1/images/generations"), ==, 1);
}

static void
test_dispose_mid_job (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(GError) error = NULL;
  AtelierSandboxFault slow = { ATELIER_SANDBOX_FAULT_SLOW, 0, 0, 300 };
  g_autoptr(AtelierJob) job = NULL;
  gint64 until;

  atelier_sandbox_add_fault (f->sandbox, "POST /v1/images/generations", &slow, 1);
  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup ("closing the window"));
  job = g_object_ref (atelier_engine_create_job (f->engine, "openai", params, &error));
  g_assert_no_error (error);
  g_assert_cmpint (atelier_job_get_status (job), !=, ATELIER_JOB_STATUS_QUEUED);

  /* The window closes with a request in flight: its answer must find
   * nothing freed, and the job keeps its state for the next start. */
  g_clear_object (&f->engine);
  until = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (atelier_job_is_finished (job));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/openai/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("generate-b64", test_generate_b64);
  ADD ("generate-url-n2-webp", test_generate_url_n2_webp);
  ADD ("edit", test_edit);
  ADD ("validation", test_validation);
  ADD ("submit-429-retried", test_submit_429_retried);
  ADD ("submit-failures", test_submit_failures);
  ADD ("download-faults", test_download_faults);
  ADD ("redirect-drops-token", test_redirect_drops_token);
  ADD ("cancel", test_cancel);
  ADD ("concurrency-limit", test_concurrency_limit);
  ADD ("resume-download", test_resume_download);
  ADD ("notices-other-process", test_notices_other_process);
  ADD ("dispose-mid-job", test_dispose_mid_job);
#undef ADD

  return g_test_run ();
}
