/* provider-fixture.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "atelier-procedural.h"
#include "provider-fixture.h"

#define JOB_TIMEOUT_S 20

void
fixture_init_env (void)
{
  g_autofree char *root = g_dir_make_tmp ("atelier-providers-XXXXXX", NULL);
  const char *dirs[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };

  g_assert_nonnull (root);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (root, dirs[i], NULL);
      g_mkdir_with_parents (dir, 0700);
      g_setenv (dirs[i], dir, TRUE);
    }
  /* Providers with their own poll hints defer to this, as in scripts. */
  g_setenv ("ATELIER_POLL_MS", "50", TRUE);
}

static AtelierServiceConfig *
sandbox_config (const char *id,
                gpointer    user_data)
{
  Fixture *f = user_data;
  /* Core3D's designs and exports use the Core3D account. */
  g_autofree char *url = atelier_sandbox_get_url (f->sandbox, atelier_providers_get_account (id));

  return atelier_service_config_new (id, url, ATELIER_SANDBOX_TOKEN);
}

void
fixture_setup (Fixture    *f,
               const char *service_id)
{
  fixture_setup_with (f, service_id, NULL);
}

void
fixture_setup_with (Fixture           *f,
                    const char        *service_id,
                    FixtureAdjustFunc  adjust)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierServiceConfig) config = NULL;

  f->tmpdir = g_dir_make_tmp ("atelier-provider-test-XXXXXX", &error);
  g_assert_no_error (error);

  f->sandbox = atelier_sandbox_new ();
  atelier_sandbox_set_job_duration (f->sandbox, 200);
  atelier_sandbox_start (f->sandbox, 0, &error);
  g_assert_no_error (error);

  f->http = atelier_http_new ();
  atelier_http_set_backoff (f->http, 20, 200, 500);
  f->engine = atelier_engine_new (f->http, NULL);
  atelier_engine_set_poll_interval (f->engine, 50, 200);
  atelier_engine_set_library_dir (f->engine, f->tmpdir);

  config = sandbox_config (service_id, f);
  if (adjust != NULL)
    adjust (f, config);
  f->provider = atelier_providers_create (service_id, f->http, config);
  g_assert_nonnull (f->provider);
  atelier_engine_add_provider (f->engine, f->provider);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GPtrArray *requests = atelier_sandbox_get_requests (f->sandbox);
  guint cdn = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      AtelierSandboxRequest *r = g_ptr_array_index (requests, i);

      if (r->cdn)
        {
          cdn++;
          if (r->authorization != NULL)
            g_error ("%s %s reached the CDN listener with an Authorization header",
                     r->method, r->path);
        }
    }
  g_test_message ("%u requests, %u on the CDN listener", requests->len, cdn);

  g_clear_object (&f->provider);
  g_clear_object (&f->engine);
  g_clear_object (&f->http);
  atelier_sandbox_stop (f->sandbox);
  g_clear_object (&f->sandbox);
  /* Let cancelled exchanges unwind before the next test. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  remove_tree (f->tmpdir);
  g_clear_pointer (&f->tmpdir, g_free);
}

GHashTable *
fixture_params (const char *first_key,
                ...)
{
  GHashTable *params = atelier_params_new ();
  const char *key = first_key;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      const char *value = va_arg (args, const char *);

      g_hash_table_insert (params, g_strdup (key), g_strdup (value));
      key = va_arg (args, const char *);
    }
  va_end (args);
  return params;
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
fixture_wait (Fixture    *f,
              AtelierJob *job)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (JOB_TIMEOUT_S, timeout_cb, &timed_out);

  while (!atelier_job_is_finished (job) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Job %s still %s after %u s", atelier_job_get_id (job),
             atelier_job_status_to_string (atelier_job_get_status (job)), JOB_TIMEOUT_S);
  g_source_remove (source);
}

AtelierJob *
fixture_run (Fixture    *f,
             GHashTable *params)
{
  g_autoptr(GError) error = NULL;
  AtelierJob *job;

  job = atelier_engine_create_job (f->engine, atelier_provider_get_id (f->provider), params, &error);
  g_assert_no_error (error);
  g_object_ref (job);
  fixture_wait (f, job);
  return job;
}

char *
fixture_refused (Fixture    *f,
                 GHashTable *params)
{
  g_autoptr(GError) error = NULL;
  AtelierJob *job;

  atelier_sandbox_clear_requests (f->sandbox);
  job = atelier_engine_create_job (f->engine, atelier_provider_get_id (f->provider), params, &error);
  g_assert_null (job);
  g_assert_error (error, ATELIER_PARAM_ERROR, error->code);
  /* Give a stray request the chance to show up. */
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (atelier_sandbox_get_requests (f->sandbox)->len, ==, 0);
  g_test_message ("refused: %s", error->message);
  return g_strdup (error->message);
}

void
fixture_fault_status (Fixture    *f,
                      const char *match,
                      guint       status,
                      guint       retry_after_s,
                      guint       times)
{
  AtelierSandboxFault fault = { ATELIER_SANDBOX_FAULT_STATUS, status, retry_after_s, 0 };

  atelier_sandbox_add_fault (f->sandbox, match, &fault, times);
}

void
fixture_fault (Fixture                 *f,
               const char              *match,
               AtelierSandboxFaultKind  kind,
               guint                    times)
{
  AtelierSandboxFault fault = { kind, 0, 0, 0 };

  atelier_sandbox_add_fault (f->sandbox, match, &fault, times);
}

void
fixture_assert_done (AtelierJob *job,
                     guint       n_outputs,
                     const char *extension)
{
  const char * const *outputs;

  if (atelier_job_get_status (job) != ATELIER_JOB_STATUS_DONE)
    g_error ("Job ended %s: %s", atelier_job_status_to_string (atelier_job_get_status (job)),
             atelier_job_get_error_message (job) ? atelier_job_get_error_message (job) : "");

  outputs = atelier_job_get_outputs (job);
  g_assert_cmpuint (g_strv_length ((char **) outputs), ==, n_outputs);
  g_assert_null (atelier_job_get_pending_outputs (job)[0]);
  for (guint i = 0; outputs[i]; i++)
    {
      g_autofree char *data = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (outputs[i], &data, &len, NULL));
      /* The type comes from the bytes, and the name follows it. */
      g_assert_cmpstr (atelier_sniff_extension ((const guint8 *) data, len), ==, extension);
      g_assert_true (g_str_has_suffix (outputs[i], extension));
    }
}

void
fixture_assert_failed (AtelierJob *job,
                       const char *needle)
{
  const char *message = atelier_job_get_error_message (job);

  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_FAILED);
  g_assert_nonnull (message);
  g_test_message ("failed as expected: %s", message);
  if (needle != NULL && strstr (message, needle) == NULL)
    g_error ("“%s” is not in the message “%s”", needle, message);
  /* Never a token in a message. */
  g_assert_null (strstr (message, ATELIER_SANDBOX_TOKEN));
}

char *
fixture_write_file (Fixture    *f,
                    const char *name,
                    gboolean    png)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *path = g_build_filename (f->tmpdir, name, NULL);

  if (png)
    bytes = atelier_procedural_image ("a teapot", NULL, 64, 64, "graphic", "png", FALSE, &error);
  else
    bytes = g_bytes_new_static ("just some text, not a picture", 29);
  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  return path;
}
