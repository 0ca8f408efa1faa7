/* test-batch.c: one prompt to several services (AtelierBatch) over real HTTP
 * against the in-process sandbox: the jobs share the batch id and finish,
 * one invalid service refuses the whole batch before any request, and the
 * input image goes only where a service takes one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "atelier-batch.h"
#include "atelier-error.h"
#include "atelier-procedural.h"
#include "atelier-providers.h"
#include "atelier-sandbox.h"

typedef struct
{
  AtelierSandbox *sandbox;
  AtelierHttp    *http;
  AtelierHistory *history;
  AtelierEngine  *engine;
  char           *dir;
} Fixture;

static AtelierServiceConfig *
sandbox_config (const char *id,
                gpointer    user_data)
{
  g_autofree char *url = atelier_sandbox_get_url (user_data, id);

  return atelier_service_config_new (id, url, ATELIER_SANDBOX_TOKEN);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *library = NULL;

  f->dir = g_dir_make_tmp ("atelier-batch-XXXXXX", &error);
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
  atelier_providers_register_all (f->engine, sandbox_config, f->sandbox);
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

static AtelierBatch *
three_services (const char *prompt,
                gboolean    with_anchor)
{
  AtelierBatch *batch = atelier_batch_new (prompt);
  g_autoptr(GHashTable) openai = atelier_params_new ();
  g_autoptr(GHashTable) styledna = atelier_params_new ();

  g_hash_table_insert (openai, g_strdup ("size"), g_strdup ("1024x1024"));
  if (with_anchor)
    g_hash_table_insert (styledna, g_strdup ("anchorImageUrl"),
                         g_strdup ("https://example.com/anchor.png"));
  g_hash_table_insert (styledna, g_strdup ("description"), g_strdup ("ink and watercolour"));
  atelier_batch_add_service (batch, "openai", openai);
  atelier_batch_add_service (batch, "core3d", NULL);
  atelier_batch_add_service (batch, "styledna", styledna);
  return batch;
}

static gboolean
all_finished (GPtrArray *jobs)
{
  for (guint i = 0; i < jobs->len; i++)
    if (!atelier_job_is_finished (g_ptr_array_index (jobs, i)))
      return FALSE;
  return TRUE;
}

static void
iterate_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_three_services (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(AtelierBatch) batch = three_services ("a lighthouse at dusk", TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = NULL;
  const char * const expected[] = { "openai", "core3d", "styledna" };
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  GPtrArray *jobs;

  atelier_batch_submit (batch, f->engine, &error);
  g_assert_no_error (error);
  g_assert_true (atelier_batch_get_submitted (batch));
  jobs = atelier_batch_get_jobs (batch);
  g_assert_cmpuint (jobs->len, ==, 3);
  g_assert_null (atelier_batch_get_notes (batch)[0]);

  while (!all_finished (jobs) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < jobs->len; i++)
    {
      AtelierJob *job = g_ptr_array_index (jobs, i);

      g_test_message ("%s: %s %s", atelier_job_get_provider (job),
                      atelier_job_status_to_string (atelier_job_get_status (job)),
                      atelier_job_get_error_message (job) ? atelier_job_get_error_message (job) : "");
      g_assert_cmpstr (atelier_job_get_provider (job), ==, expected[i]);
      g_assert_cmpstr (atelier_job_get_batch_id (job), ==, atelier_batch_get_id (batch));
      g_assert_cmpstr (atelier_job_get_prompt (job), ==, "a lighthouse at dusk");
      g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
      g_assert_nonnull (atelier_job_get_outputs (job)[0]);
    }
  /* Each service its own options: the size went to OpenAI alone. */
  g_assert_cmpstr (atelier_job_get_param (g_ptr_array_index (jobs, 0), "size"), ==, "1024x1024");
  g_assert_null (atelier_job_get_param (g_ptr_array_index (jobs, 1), "size"));
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "POST /v1/images/generations"), ==, 1);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "POST /v1/generations"), ==, 1);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "POST /v2/style-dna/generate"), ==, 1);

  /* The history has the batch, in the order of the services. */
  g_clear_object (&f->engine);
  stored = atelier_history_load_batch (f->history, atelier_batch_get_id (batch), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 3);
  for (guint i = 0; i < stored->len; i++)
    {
      g_assert_cmpstr (atelier_job_get_provider (g_ptr_array_index (stored, i)), ==, expected[i]);
      g_assert_cmpint (atelier_job_get_status (g_ptr_array_index (stored, i)), ==,
                       ATELIER_JOB_STATUS_DONE);
    }
}

static void
assert_refused (Fixture      *f,
                AtelierBatch *batch,
                const char   *service,
                const char   *rule)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = NULL;

  atelier_sandbox_clear_requests (f->sandbox);
  g_assert_false (atelier_batch_submit (batch, f->engine, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == ATELIER_PARAM_ERROR);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, service));
  g_assert_nonnull (strstr (error->message, rule));
  g_clear_error (&error);
  g_assert_cmpuint (atelier_batch_get_jobs (batch)->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (atelier_engine_get_jobs (f->engine))), ==, 0);

  /* Whatever the loop had to do, it did not send a thing. */
  iterate_for (300);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, NULL), ==, 0);
  stored = atelier_history_load_batch (f->history, atelier_batch_get_id (batch), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 0);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(AtelierBatch) no_anchor = three_services ("a lighthouse", FALSE);
  g_autoptr(AtelierBatch) too_many = three_services ("a lighthouse", TRUE);
  g_autoptr(GHashTable) openai = atelier_params_new ();

  /* The last service is the invalid one: the first two are not sent either. */
  assert_refused (f, no_anchor, "styledna", "anchorImageUrl is required");

  g_hash_table_insert (openai, g_strdup ("n"), g_strdup ("11"));
  atelier_batch_add_service (too_many, "openai", openai);
  assert_refused (f, too_many, "OpenAI", "n must be between 1 and 10");
  /* Added again, it kept its place. */
  g_assert_cmpstr (atelier_batch_get_services (too_many)[0], ==, "openai");
  g_assert_cmpuint (g_strv_length ((char **) atelier_batch_get_services (too_many)), ==, 3);
}

static void
test_no_services (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(AtelierBatch) empty = atelier_batch_new ("a lighthouse");
  g_autoptr(AtelierBatch) unknown = atelier_batch_new ("a lighthouse");
  g_autoptr(GError) error = NULL;

  g_assert_false (atelier_batch_submit (empty, f->engine, &error));
  g_assert_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_MISSING);
  g_clear_error (&error);

  atelier_batch_add_service (unknown, "openai", NULL);
  atelier_batch_add_service (unknown, "no-such-service", NULL);
  g_assert_false (atelier_batch_validate (unknown, f->engine, &error));
  g_assert_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no-such-service"));
}

static void
test_image (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(AtelierBatch) batch = atelier_batch_new ("the same, at night");
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GHashTable) openai = NULL;
  g_autoptr(GHashTable) core3d = NULL;
  g_autoptr(GHashTable) image3d = NULL;
  g_autoptr(GHashTable) quality = atelier_params_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "input.png", NULL);
  const char * const *notes;

  png = atelier_procedural_image ("a lighthouse", NULL, 64, 64, "graphic", "png", FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                      &error));

  g_hash_table_insert (quality, g_strdup ("quality"), g_strdup ("fast"));
  atelier_batch_set_image (batch, path);
  atelier_batch_add_service (batch, "openai", NULL);
  atelier_batch_add_service (batch, "core3d", NULL);
  atelier_batch_add_service (batch, "image3d", quality);

  openai = atelier_batch_dup_params (batch, f->engine, "openai");
  core3d = atelier_batch_dup_params (batch, f->engine, "core3d");
  image3d = atelier_batch_dup_params (batch, f->engine, "image3d");
  g_assert_null (atelier_batch_dup_params (batch, f->engine, "styledna"));
  g_assert_cmpstr (g_hash_table_lookup (openai, "image"), ==, path);
  g_assert_cmpstr (g_hash_table_lookup (image3d, "image"), ==, path);
  g_assert_cmpstr (g_hash_table_lookup (image3d, "quality"), ==, "fast");
  g_assert_false (g_hash_table_contains (core3d, "image"));
  g_assert_cmpstr (g_hash_table_lookup (core3d, "prompt"), ==, "the same, at night");

  g_assert_true (atelier_batch_validate (batch, f->engine, &error));
  g_assert_no_error (error);
  notes = atelier_batch_get_notes (batch);
  g_assert_nonnull (notes[0]);
  g_assert_nonnull (strstr (notes[0], "Core3D"));
  g_assert_null (notes[1]);
  g_remove (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/batch/three-services", Fixture, NULL,
              fixture_set_up, test_three_services, fixture_tear_down);
  g_test_add ("/core/batch/refused-before-any-request", Fixture, NULL,
              fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/core/batch/no-services", Fixture, NULL,
              fixture_set_up, test_no_services, fixture_tear_down);
  g_test_add ("/core/batch/image-where-taken", Fixture, NULL,
              fixture_set_up, test_image, fixture_tear_down);

  return g_test_run ();
}
