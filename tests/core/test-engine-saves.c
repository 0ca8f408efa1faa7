/* test-engine-saves.c: how often the engine writes the history, and that
 * the writes it no longer makes cost no safety: the submission is on disk
 * before the service sees it, the remote id before the engine moves on,
 * and a finished job as it finishes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "atelier-engine.h"
#include "atelier-error.h"
#include "atelier-providers.h"
#include "atelier-sandbox.h"

/* Writes a person can see: submitted, accepted (remote id or result),
 * finished. Progress goes with them, or once per interval. */
#define MILESTONES       3
#define SAVE_INTERVAL_US (3 * G_USEC_PER_SEC)

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
  Fixture *f = user_data;
  g_autofree char *url = atelier_sandbox_get_url (f->sandbox, id);

  return atelier_service_config_new (id, url, ATELIER_SANDBOX_TOKEN);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;
  g_autofree char *library = NULL;

  f->dir = g_dir_make_tmp ("atelier-history-writes-XXXXXX", &error);
  g_assert_no_error (error);

  f->sandbox = atelier_sandbox_new ();
  /* Long enough for a dozen polls with progress in between. */
  atelier_sandbox_set_job_duration (f->sandbox, 1000);
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
  atelier_engine_set_poll_interval (f->engine, 50, 50);
  atelier_providers_register_all (f->engine, sandbox_config, f);
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
create_job (Fixture    *f,
            const char *provider,
            const char *first_key,
            ...)
{
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(GError) error = NULL;
  const char *key = first_key;
  AtelierJob *job;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      g_hash_table_insert (params, g_strdup (key), g_strdup (va_arg (args, const char *)));
      key = va_arg (args, const char *);
    }
  va_end (args);

  job = atelier_engine_create_job (f->engine, provider, params, &error);
  g_assert_no_error (error);
  return g_object_ref (job);
}

static void
wait_finished (AtelierJob *job)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!atelier_job_is_finished (job) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (atelier_job_is_finished (job));
}

/* What another process (or the next start after a kill) would read. */
static AtelierJob *
load_from_disk (Fixture    *f,
                AtelierJob *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) other = atelier_history_open (atelier_history_get_path (f->history), &error);
  AtelierJob *stored;

  g_assert_no_error (error);
  stored = atelier_history_load (other, atelier_job_get_id (job), &error);
  g_assert_no_error (error);
  return stored;
}

/* A slow machine gets more progress writes, never more milestones. */
static void
saves_for_one_job (Fixture    *f,
                   const char *provider,
                   const char *first_key,
                   ...)
{
  guint64 before = atelier_history_get_save_count (f->history);
  gint64 time_before = atelier_history_get_save_time (f->history);
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(AtelierJob) stored = NULL;
  const char *key = first_key;
  gint64 started = g_get_monotonic_time ();
  guint64 saves, allowed;
  va_list args;

  va_start (args, first_key);
  while (key != NULL)
    {
      g_hash_table_insert (params, g_strdup (key), g_strdup (va_arg (args, const char *)));
      key = va_arg (args, const char *);
    }
  va_end (args);

  job = g_object_ref (atelier_engine_create_job (f->engine, provider, params, &error));
  g_assert_no_error (error);
  wait_finished (job);
  g_assert_cmpstr (atelier_job_get_error_message (job), ==, NULL);
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);

  saves = atelier_history_get_save_count (f->history) - before;
  allowed = MILESTONES + (g_get_monotonic_time () - started) / SAVE_INTERVAL_US;
  g_test_message ("%s job (%s): %" G_GUINT64_FORMAT " history saves, %.2f ms", provider,
                  atelier_job_get_param (job, "model") ? atelier_job_get_param (job, "model")
                                                       : "default", saves,
                  (atelier_history_get_save_time (f->history) - time_before) / 1000.0);
  g_assert_cmpuint (saves, <=, allowed);

  /* Fewer writes, the same record in the end. */
  stored = load_from_disk (f, job);
  g_assert_cmpint (atelier_job_get_status (stored), ==, ATELIER_JOB_STATUS_DONE);
  g_assert_cmpstr (atelier_job_get_outputs (stored)[0], ==, atelier_job_get_outputs (job)[0]);
  g_assert_null (atelier_job_get_pending_outputs (stored)[0]);
  g_assert_cmpfloat (atelier_job_get_progress (stored), ==, 1.0);
}

static void
test_saves_per_job (Fixture       *f,
                    gconstpointer  data)
{
  saves_for_one_job (f, "openai", "prompt", "lazy cats in black and gold", NULL);
  saves_for_one_job (f, "openai", "prompt", "a red fox", "model", "dall-e-2",
                     "n", "2", "size", "256x256", NULL);
  saves_for_one_job (f, "image3d", "prompt", "a small chair", "quality", "fast", NULL);
}

/* A kill while the request is on the wire must not lead to a second,
 * paid submission: the history already says it was submitted. */
static void
test_submitting_saved_before_send (Fixture       *f,
                                   gconstpointer  data)
{
  AtelierSandboxFault slow = { ATELIER_SANDBOX_FAULT_SLOW, 0, 0, 500 };
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(AtelierJob) stored = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  atelier_sandbox_add_fault (f->sandbox, "POST /v1/images/generations", &slow, 1);
  job = create_job (f, "openai", "prompt", "on the wire", NULL);
  while (atelier_sandbox_count_requests (f->sandbox, "POST /v1/images/generations") == 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, "POST /v1/images/generations"), ==, 1);

  stored = load_from_disk (f, job);
  g_assert_cmpint (atelier_job_get_status (stored), !=, ATELIER_JOB_STATUS_QUEUED);
  g_assert_false (atelier_job_is_finished (stored));
  wait_finished (job);
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
}

typedef struct
{
  Fixture    *f;
  AtelierJob *job;
  char       *remote_id_on_disk;
  gboolean    checked;
} RemoteIdCheck;

/* Runs before any other source the engine has started: if the id is on
 * disk here, no later callback can race a kill. */
static gboolean
check_remote_id_cb (gpointer data)
{
  RemoteIdCheck *check = data;
  g_autoptr(AtelierJob) stored = load_from_disk (check->f, check->job);

  check->remote_id_on_disk = g_strdup (atelier_job_get_remote_id (stored));
  check->checked = TRUE;
  return G_SOURCE_REMOVE;
}

static void
remote_id_cb (AtelierJob    *job,
              GParamSpec    *pspec,
              RemoteIdCheck *check)
{
  if (atelier_job_get_remote_id (job) != NULL && !check->checked)
    g_idle_add_full (G_PRIORITY_HIGH, check_remote_id_cb, check, NULL);
}

static void
test_remote_id_saved_at_once (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(GError) error = NULL;
  RemoteIdCheck check = { f, NULL, NULL, FALSE };
  AtelierJob *job;

  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup ("a small chair"));
  g_hash_table_insert (params, g_strdup ("quality"), g_strdup ("fast"));
  job = atelier_engine_create_job (f->engine, "image3d", params, &error);
  g_assert_no_error (error);
  check.job = g_object_ref (job);
  g_signal_connect (job, "notify::remote-id", G_CALLBACK (remote_id_cb), &check);

  wait_finished (job);
  g_assert_true (check.checked);
  g_assert_nonnull (check.remote_id_on_disk);
  g_assert_cmpstr (check.remote_id_on_disk, ==, atelier_job_get_remote_id (job));
  g_signal_handlers_disconnect_by_data (job, &check);
  g_object_unref (check.job);
  g_free (check.remote_id_on_disk);
}

/* Cancelled and failed are states a person sees: written at once. */
static void
test_finished_states_saved (Fixture       *f,
                            gconstpointer  data)
{
  AtelierSandboxFault fault = { ATELIER_SANDBOX_FAULT_STATUS, 402, 0, 0 };
  AtelierSandboxFault slow = { ATELIER_SANDBOX_FAULT_SLOW, 0, 0, 3000 };
  g_autoptr(AtelierJob) failed = NULL;
  g_autoptr(AtelierJob) cancelled = NULL;
  g_autoptr(AtelierJob) stored = NULL;

  atelier_sandbox_add_fault (f->sandbox, "POST /v1/images/generations", &fault, 1);
  failed = create_job (f, "openai", "prompt", "no credits", NULL);
  wait_finished (failed);
  g_assert_cmpint (atelier_job_get_status (failed), ==, ATELIER_JOB_STATUS_FAILED);
  stored = load_from_disk (f, failed);
  g_assert_cmpint (atelier_job_get_status (stored), ==, ATELIER_JOB_STATUS_FAILED);
  g_assert_cmpstr (atelier_job_get_error_message (stored), ==, atelier_job_get_error_message (failed));
  g_assert_cmpstr (atelier_job_get_error_kind (stored), ==, "no-credits");
  g_clear_object (&stored);

  atelier_sandbox_add_fault (f->sandbox, "POST /v1/images/generations", &slow, 1);
  cancelled = create_job (f, "openai", "prompt", "never mind", NULL);
  atelier_engine_cancel (f->engine, cancelled);
  stored = load_from_disk (f, cancelled);
  g_assert_cmpint (atelier_job_get_status (stored), ==, ATELIER_JOB_STATUS_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("ATELIER_NO_KEYRING", "1", TRUE);
  g_setenv ("ATELIER_POLL_MS", "50", TRUE);

#define ADD(path, func) \
  g_test_add ("/engine-saves/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("saves-per-job", test_saves_per_job);
  ADD ("submitting-saved-before-send", test_submitting_saved_before_send);
  ADD ("remote-id-saved-at-once", test_remote_id_saved_at_once);
  ADD ("finished-states-saved", test_finished_states_saved);
#undef ADD

  return g_test_run ();
}
