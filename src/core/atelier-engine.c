/* atelier-engine.c: the job state machine
 *
 * queued → submitting → running → downloading → done, with failed and
 * cancelled reachable from anywhere. A submission is paid for, so nothing
 * here ever resubmits a job that might have reached the service: resuming
 * means polling the remote id or redoing downloads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-engine"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "atelier-engine.h"
#include "atelier-error.h"
#include "atelier-history-writer.h"
#include "atelier-secrets.h"

#define DEFAULT_MAX_CONCURRENT 4
#define MAX_POLL_FAILURES      3
#define IMAGE_DOWNLOAD_MAX     ((gsize) 256 * 1024 * 1024)
#define MODEL_DOWNLOAD_MAX     ((gsize) 1024 * 1024 * 1024)

struct _AtelierEngine
{
  GObject         parent_instance;

  AtelierHttp    *http;
  AtelierHistory *history;
  AtelierHistoryWriter *writer;  /* NULL without a history */
  AtelierJobList *jobs;
  GListStore     *providers;
  char           *library_dir;

  GHashTable     *limits;    /* provider id → max concurrent (GUINT_TO_POINTER) */
  GHashTable     *active;    /* provider id → jobs holding a slot */
  GHashTable     *runs;      /* AtelierJob* → Run* */
  GQueue          queue;     /* AtelierJob* waiting for a slot, oldest first */

  guint           deadline_s;
  guint           poll_first_ms;
  guint           poll_max_ms;
  gboolean        history_loaded;
  gint64          history_seen;   /* newest "updated" already taken in */
  /* Paging: the last job of the first page, until the rest is listed. */
  char           *history_page_end_id;
  gint64          history_page_end_created;
  guint           watch_source;
};

G_DEFINE_FINAL_TYPE (AtelierEngine, atelier_engine, G_TYPE_OBJECT)

enum {
  JOB_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  AtelierEngine   *engine;
  AtelierJob      *job;
  AtelierProvider *provider;
  GCancellable    *cancellable;
  guint            poll_source;
  guint            poll_interval;
  guint            poll_failures;
  gint64           started;      /* monotonic µs */
  guint            deadline_source;
  gboolean         expired_once; /* a fresh link was already asked for */
  gboolean         sent;         /* the submission went out: the service may charge for it */
  gboolean         detached;     /* cancelled or engine gone: only its last callback remains */
} Run;

static void run_next_phase (Run *run);
static void schedule (AtelierEngine *self);

/* The moments a crash must not lose: written before the engine goes on. */
static void
save_job (AtelierEngine *self,
          AtelierJob    *job)
{
  if (self->writer != NULL)
    atelier_history_writer_save_now (self->writer, job);
}

static void
flush_job (AtelierEngine *self,
           AtelierJob    *job)
{
  if (self->writer != NULL)
    atelier_history_writer_flush_job (self->writer, job);
}

/* A running job's steps are written with its next milestone, or within a
 * few seconds: resuming recomputes them. Changes to a job the engine is not
 * running (a star, a job failed at start-up) go out at the end of the turn. */
static void
job_notify_cb (AtelierJob    *job,
               GParamSpec    *pspec,
               AtelierEngine *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (self->writer == NULL || g_str_equal (name, "updated") || g_str_equal (name, "prompt"))
    return;

  if (g_hash_table_contains (self->runs, job) || g_queue_find (&self->queue, job) != NULL)
    atelier_history_writer_save_later (self->writer, job);
  else
    atelier_history_writer_save_soon (self->writer, job);
}

static void
track_job (AtelierEngine *self,
           AtelierJob    *job)
{
  atelier_job_list_add (self->jobs, job);
  g_signal_connect_object (job, "notify", G_CALLBACK (job_notify_cb), self, 0);
}

static guint
slots_in_use (AtelierEngine *self,
              const char    *provider_id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->active, provider_id));
}

static guint
slot_limit (AtelierEngine *self,
            const char    *provider_id)
{
  gpointer value;

  if (g_hash_table_lookup_extended (self->limits, provider_id, NULL, &value))
    return MAX (GPOINTER_TO_UINT (value), 1);
  return DEFAULT_MAX_CONCURRENT;
}

static void
run_free (Run *run)
{
  g_clear_handle_id (&run->poll_source, g_source_remove);
  g_clear_handle_id (&run->deadline_source, g_source_remove);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->provider);
  g_clear_object (&run->job);
  g_free (run);
}

/* Takes a run out of the engine at once (cancel, dispose). Whatever request
 * it still has in flight comes back to a callback that only frees it, so a
 * Retry can start a new run for the same job straight away. */
static void
run_detach (Run *run)
{
  AtelierEngine *self = run->engine;
  const char *provider_id = atelier_job_get_provider (run->job);
  guint used = slots_in_use (self, provider_id);

  g_hash_table_steal (self->runs, run->job);
  g_hash_table_insert (self->active, g_strdup (provider_id), GUINT_TO_POINTER (used ? used - 1 : 0));
  run->detached = TRUE;
  g_clear_handle_id (&run->deadline_source, g_source_remove);
  g_cancellable_cancel (run->cancellable);

  /* A pending poll timer is not a request: nothing will call back. */
  if (run->poll_source != 0)
    run_free (run);
}

/* Returns TRUE (and frees the run) when a run was detached: from a callback
 * arriving late, or reentrantly, when a notify handler cancelled the job
 * while a callback was still working on it. There is nothing left to do. */
static gboolean
run_is_detached (Run *run)
{
  if (!run->detached)
    return FALSE;
  run_free (run);
  return TRUE;
}

/* Ends a run: frees the slot and lets the next queued job start. */
static void
run_end (Run *run)
{
  AtelierEngine *self = run->engine;
  g_autoptr(AtelierJob) job = NULL;
  const char *provider_id;
  guint used;

  if (run_is_detached (run))
    return;

  job = g_object_ref (run->job);
  provider_id = atelier_job_get_provider (job);
  used = slots_in_use (self, provider_id);

  g_hash_table_insert (self->active, g_strdup (provider_id), GUINT_TO_POINTER (used ? used - 1 : 0));
  g_hash_table_remove (self->runs, job);

  save_job (self, job);
  if (atelier_job_is_finished (job))
    g_signal_emit (self, signals[JOB_FINISHED], 0, job);
  schedule (self);
}

static gboolean
is_cancelled (Run          *run,
              const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_cancellable_is_cancelled (run->cancellable);
}

static void run_cancelled (Run *run);

/* Every failure path goes through here; a cancellation is not a failure. */
static void
run_fail (Run          *run,
          const GError *error,
          gboolean      retry_safe)
{
  if (is_cancelled (run, error))
    {
      run_cancelled (run);
      return;
    }

  if (g_log_writer_default_would_drop (G_LOG_LEVEL_DEBUG, G_LOG_DOMAIN) == FALSE)
    {
      g_autofree char *shown = atelier_scrub_secrets (error->message);
      g_debug ("Job %s failed: %s", atelier_job_get_id (run->job), shown);
    }
  atelier_job_fail_full (run->job, error->message, retry_safe, atelier_error_get_kind (error),
                         atelier_error_get_help_url (error, run->provider));
  run_end (run);
}

static void
run_cancelled (Run *run)
{
  if (atelier_job_get_status (run->job) != ATELIER_JOB_STATUS_CANCELLED)
    atelier_job_set_status (run->job, ATELIER_JOB_STATUS_CANCELLED);
  run_end (run);
}

/* ---- downloads ------------------------------------------------------- */

typedef struct
{
  char *dest_base;
  char *uri;      /* data:…;base64,… */
} WriteData;

static void
write_data_free (WriteData *wd)
{
  g_free (wd->dest_base);
  g_free (wd->uri);
  g_free (wd);
}

static void
write_data_uri_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  WriteData *wd = task_data;
  GError *error = NULL;
  const char *comma = strchr (wd->uri, ',');
  g_autoptr(GBytes) bytes = NULL;
  guchar *raw = NULL;
  gsize len = 0;
  char *path;

  /* Megabytes of base64: decoded here, not on the main loop. */
  if (comma != NULL)
    raw = g_base64_decode (comma + 1, &len);
  bytes = g_bytes_new_take (raw, len);
  path = atelier_write_output (wd->dest_base, bytes, &error);

  if (path == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
}

static char *
next_output_base (Run *run)
{
  guint n = g_strv_length ((char **) atelier_job_get_outputs (run->job));
  g_autofree char *name = g_strdup_printf ("%s-%u", atelier_job_get_id (run->job), n + 1);

  return g_build_filename (run->engine->library_dir, name, NULL);
}

static void
output_done (Run        *run,
             const char *ref,
             const char *path)
{
  g_object_freeze_notify (G_OBJECT (run->job));
  atelier_job_add_output (run->job, path);
  atelier_job_remove_pending_output (run->job, ref);
  g_object_thaw_notify (G_OBJECT (run->job));
  run->expired_once = FALSE;
  run_next_phase (run);
}

static void
data_uri_written_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), &error);
  const char *ref = g_object_get_data (G_OBJECT (result), "ref");

  if (run_is_detached (run))
    return;

  if (path == NULL)
    {
      run_fail (run, error, FALSE);
      return;
    }
  output_done (run, ref, path);
}

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = atelier_http_download_finish (ATELIER_HTTP (object), result, &error);
  const char * const *pending = atelier_job_get_pending_outputs (run->job);

  if (run_is_detached (run))
    return;

  if (path == NULL)
    {
      if (g_error_matches (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_EXPIRED) &&
          !run->expired_once && !is_cancelled (run, error))
        {
          /* Presigned links are minted per request: ask for a fresh one once. */
          run->expired_once = TRUE;
          run_next_phase (run);
        }
      else
        run_fail (run, error, TRUE);
      return;
    }
  output_done (run, pending[0], path);
}

static void
download_progress (goffset  received,
                   goffset  total,
                   gpointer user_data)
{
  Run *run = user_data;

  if (total > 0 && !run->detached)
    atelier_job_set_progress (run->job, (double) received / (double) total);
}

static void
fetch_request_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHttpRequest) req = NULL;
  g_autofree char *dest = NULL;

  if (run_is_detached (run))
    return;

  req = atelier_provider_fetch_request_finish (ATELIER_PROVIDER (object), result, &error);
  if (req == NULL)
    {
      run_fail (run, error, TRUE);
      return;
    }

  /* Caps keep a hostile server from filling the disk; an "ultra" model with
   * 4K textures is far larger than any image. */
  atelier_http_request_set_max_bytes (req, atelier_job_get_kind (run->job) == ATELIER_JOB_KIND_MODEL
                                           ? MODEL_DOWNLOAD_MAX : IMAGE_DOWNLOAD_MAX);
  dest = next_output_base (run);
  atelier_job_set_progress (run->job, -1);
  atelier_http_download_async (run->engine->http, req, dest, download_progress, run,
                               run->cancellable, download_cb, run);
}

static void
download_next (Run *run)
{
  const char *ref = atelier_job_get_pending_outputs (run->job)[0];

  atelier_job_set_status (run->job, ATELIER_JOB_STATUS_DOWNLOADING);

  if (g_str_has_prefix (ref, "data:"))
    {
      g_autoptr(GTask) task = g_task_new (NULL, run->cancellable, data_uri_written_cb, run);
      WriteData *wd = g_new0 (WriteData, 1);

      wd->uri = g_strdup (ref);
      wd->dest_base = next_output_base (run);
      g_task_set_source_tag (task, download_next);
      g_task_set_task_data (task, wd, (GDestroyNotify) write_data_free);
      g_object_set_data_full (G_OBJECT (task), "ref", g_strdup (ref), g_free);
      g_task_run_in_thread (task, write_data_uri_thread);
      return;
    }

  atelier_provider_fetch_request_async (run->provider, run->job, ref, run->cancellable,
                                        fetch_request_cb, run);
}

/* ---- polling ---------------------------------------------------------- */

static void poll_now (Run *run);

static gboolean
poll_timeout_cb (gpointer data)
{
  Run *run = data;

  run->poll_source = 0;
  poll_now (run);
  return G_SOURCE_REMOVE;
}

static void
schedule_poll (Run *run)
{
  AtelierEngine *self = run->engine;
  guint max = atelier_provider_get_poll_interval (run->provider, FALSE);

  if (run_is_detached (run))
    return;
  if (max == 0)
    max = self->poll_max_ms;
  if (run->poll_interval == 0)
    {
      run->poll_interval = atelier_provider_get_poll_interval (run->provider, TRUE);
      if (run->poll_interval == 0)
        run->poll_interval = self->poll_first_ms;
    }
  else
    run->poll_interval = MIN (run->poll_interval * 3 / 2, max);

  run->poll_source = g_timeout_add (run->poll_interval, poll_timeout_cb, run);
}

static void
apply_remote_status (Run                 *run,
                     AtelierRemoteStatus *status)
{
  if (status->results != NULL)
    {
      GHashTableIter iter;
      gpointer name, value;

      g_hash_table_iter_init (&iter, status->results);
      while (g_hash_table_iter_next (&iter, &name, &value))
        atelier_job_set_result (run->job, name, value);
    }
  /* Whenever the service says it (image3d precharges at submission). */
  if (status->cost != NULL)
    atelier_job_set_cost (run->job, status->cost);

  switch (status->state)
    {
    case ATELIER_REMOTE_DONE:
      if (status->outputs->len + status->files->len == 0)
        {
          g_autoptr(GError) error =
            g_error_new (ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_PROTOCOL,
                         _("The service reported success but sent no result."));
          run_fail (run, error, FALSE);
          return;
        }
      /* Whichever provider: an answer listing thousands is not stored. */
      if (status->outputs->len + status->files->len > ATELIER_MAX_OUTPUTS)
        {
          g_autoptr(GError) error =
            g_error_new (ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_PROTOCOL,
                         _("The service sent %u results for one job; Atelier accepts at most "
                           "%u, and kept none."), status->outputs->len + status->files->len,
                         ATELIER_MAX_OUTPUTS);
          run_fail (run, error, FALSE);
          return;
        }
      g_object_freeze_notify (G_OBJECT (run->job));
      /* Results the answer carried are written already: they are the job's now. */
      for (guint i = 0; i < status->files->len; i++)
        atelier_job_add_output (run->job, g_ptr_array_index (status->files, i));
      g_ptr_array_set_free_func (status->files, g_free);
      g_ptr_array_set_size (status->files, 0);
      g_ptr_array_add (status->outputs, NULL);
      atelier_job_set_pending_outputs (run->job, (const char * const *) status->outputs->pdata);
      g_ptr_array_remove_index (status->outputs, status->outputs->len - 1);
      g_object_thaw_notify (G_OBJECT (run->job));
      run_next_phase (run);
      return;

    case ATELIER_REMOTE_FAILED:
      {
        g_autoptr(GError) error =
          g_error_new_literal (ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_FAILED,
                               status->message ? status->message
                                               : _("The service reported that the job failed."));
        run_fail (run, error, TRUE);
        return;
      }

    case ATELIER_REMOTE_CANCELLED:
      run_cancelled (run);
      return;

    case ATELIER_REMOTE_PENDING:
    case ATELIER_REMOTE_RUNNING:
    default:
      atelier_job_set_status (run->job, ATELIER_JOB_STATUS_RUNNING);
      atelier_job_set_progress (run->job, status->progress);
      if (g_get_monotonic_time () - run->started > (gint64) run->engine->deadline_s * G_USEC_PER_SEC)
        {
          g_autoptr(GError) error =
            g_error_new (ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_DEADLINE,
                         _("The service did not finish within %u minutes. Retry to keep "
                           "waiting for it."), MAX (run->engine->deadline_s / 60, 1));
          run_fail (run, error, TRUE);
          return;
        }
      schedule_poll (run);
      return;
    }
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierRemoteStatus) status = NULL;

  if (run_is_detached (run))
    return;

  status = atelier_provider_poll_finish (ATELIER_PROVIDER (object), result, &error);
  if (status == NULL)
    {
      if (!is_cancelled (run, error) && atelier_error_is_transient (error) &&
          ++run->poll_failures < MAX_POLL_FAILURES)
        schedule_poll (run);
      else
        run_fail (run, error, TRUE); /* the remote id is kept: Retry polls again */
      return;
    }

  run->poll_failures = 0;
  apply_remote_status (run, status);
}

static void
poll_now (Run *run)
{
  atelier_provider_poll_async (run->provider, run->job, run->cancellable, poll_cb, run);
}

/* ---- submission ------------------------------------------------------- */

/* From here on the service may charge: a failure is no longer safe to
 * resubmit unless the error says the service refused before any work. */
static void
submission_sent_cb (AtelierProvider *provider,
                    AtelierJob      *job,
                    AtelierEngine   *self)
{
  Run *run = g_hash_table_lookup (self->runs, job);

  if (run == NULL || run->provider != provider)
    return;
  run->sent = TRUE;
  /* The service works while we wait for its answer. */
  if (atelier_job_get_status (job) == ATELIER_JOB_STATUS_SUBMITTING)
    atelier_job_set_status (job, ATELIER_JOB_STATUS_RUNNING);
}

static void
submit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierRemoteStatus) status = NULL;

  if (run_is_detached (run))
    return;

  status = atelier_provider_submit_finish (ATELIER_PROVIDER (object), result, &error);
  if (status == NULL)
    {
      run_fail (run, error, atelier_error_is_resend_safe (error, run->sent));
      return;
    }

  if (status->remote_id != NULL)
    atelier_job_set_remote_id (run->job, status->remote_id);

  /* Saved at once, with what the answer started (polling, or downloading
   * its results): from here on a crash resumes instead of paying twice.
   * Applying it may end the run, so hold what is needed after. */
  {
    g_autoptr(AtelierEngine) engine = g_object_ref (run->engine);
    g_autoptr(AtelierJob) job = g_object_ref (run->job);

    apply_remote_status (run, status);
    flush_job (engine, job);
  }
}

static void
run_next_phase (Run *run)
{
  const char * const *pending = atelier_job_get_pending_outputs (run->job);

  if (run_is_detached (run))
    return;
  if (g_cancellable_is_cancelled (run->cancellable))
    {
      run_cancelled (run);
      return;
    }

  if (pending[0] != NULL)
    download_next (run);
  else if (atelier_job_get_outputs (run->job)[0] != NULL)
    {
      atelier_job_set_status (run->job, ATELIER_JOB_STATUS_DONE);
      run_end (run);
    }
  else if (atelier_job_get_remote_id (run->job) != NULL)
    {
      atelier_job_set_status (run->job, ATELIER_JOB_STATUS_RUNNING);
      poll_now (run);
    }
  else
    {
      run->sent = FALSE;
      atelier_job_set_status (run->job, ATELIER_JOB_STATUS_SUBMITTING);
      atelier_job_set_progress (run->job, -1);
      /* On disk before the request leaves: after a crash, a job that was
       * queued is submitted, one that was submitting is not (it may have
       * been paid for). */
      save_job (run->engine, run->job);
      atelier_provider_submit_async (run->provider, run->job, run->cancellable, submit_cb, run);
    }
}

/* Ends a run from outside its requests (the deadline): the job fails now,
 * and whatever request is in flight comes back to a detached run. */
static void
run_abandon (Run          *run,
             const GError *error,
             gboolean      retry_safe)
{
  AtelierEngine *self = run->engine;
  g_autoptr(AtelierJob) job = g_object_ref (run->job);

  atelier_job_fail_full (job, error->message, retry_safe, atelier_error_get_kind (error),
                         atelier_error_get_help_url (error, run->provider));
  run_detach (run);
  save_job (self, job);
  g_signal_emit (self, signals[JOB_FINISHED], 0, job);
  schedule (self);
}

/* The job's deadline is kept by a timer: a poll that never answers (or a
 * submission that never does) must not hold the job and its slot. */
static gboolean
deadline_cb (gpointer data)
{
  Run *run = data;
  AtelierEngine *self = run->engine;
  guint minutes = MAX (self->deadline_s / 60, 1);
  g_autoptr(GError) error = NULL;
  gboolean polling;

  run->deadline_source = 0;
  /* A download has its own limits (rate, deadline per exchange). */
  if (atelier_job_get_status (run->job) == ATELIER_JOB_STATUS_DOWNLOADING)
    return G_SOURCE_REMOVE;

  polling = atelier_job_get_remote_id (run->job) != NULL;
  if (polling)
    error = g_error_new (ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_DEADLINE,
                         ngettext ("The service did not finish within %u minute. Retry to keep "
                                   "waiting for it.",
                                   "The service did not finish within %u minutes. Retry to keep "
                                   "waiting for it.", minutes), minutes);
  else
    error = g_error_new (ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_DEADLINE,
                         ngettext ("The service did not answer the submission within %u minute.",
                                   "The service did not answer the submission within %u minutes.",
                                   minutes), minutes);
  /* Polling again is free; submitting again may be paid for twice. */
  run_abandon (run, error, polling || !run->sent);
  return G_SOURCE_REMOVE;
}

static void
start_run (AtelierEngine *self,
           AtelierJob    *job)
{
  AtelierProvider *provider = atelier_engine_get_provider (self, atelier_job_get_provider (job));
  const char *provider_id = atelier_job_get_provider (job);
  Run *run;

  if (provider == NULL)
    {
      atelier_job_fail (job, _("This job’s service is not available in this version of Atelier."),
                        FALSE);
      return;
    }

  run = g_new0 (Run, 1);
  run->engine = self;
  run->job = g_object_ref (job);
  run->provider = g_object_ref (provider);
  run->cancellable = g_cancellable_new ();
  run->started = g_get_monotonic_time ();
  run->deadline_source = g_timeout_add_seconds (self->deadline_s, deadline_cb, run);
  g_hash_table_insert (self->runs, job, run);
  g_hash_table_insert (self->active, g_strdup (provider_id),
                       GUINT_TO_POINTER (slots_in_use (self, provider_id) + 1));

  run_next_phase (run);
}

static void
schedule (AtelierEngine *self)
{
  GList *l = self->queue.head;

  while (l != NULL)
    {
      GList *next = l->next;
      AtelierJob *job = l->data;
      const char *provider_id = atelier_job_get_provider (job);

      if (slots_in_use (self, provider_id) < slot_limit (self, provider_id))
        {
          g_queue_delete_link (&self->queue, l);
          start_run (self, job);
          g_object_unref (job);
        }
      l = next;
    }
}

static void
enqueue (AtelierEngine *self,
         AtelierJob    *job)
{
  g_queue_push_tail (&self->queue, g_object_ref (job));
  schedule (self);
}

/* ---- object ----------------------------------------------------------- */

static void
atelier_engine_dispose (GObject *object)
{
  AtelierEngine *self = (AtelierEngine *)object;

  /* Stop network work without marking jobs cancelled: they resume later.
   * Callbacks still in flight find their run detached and only free it. */
  if (self->runs != NULL)
    {
      g_autoptr(GList) runs = g_hash_table_get_values (self->runs);
      for (GList *l = runs; l != NULL; l = l->next)
        run_detach (l->data);
    }
  if (self->writer != NULL)
    atelier_history_writer_flush (self->writer);

  g_clear_handle_id (&self->watch_source, g_source_remove);
  g_queue_clear_full (&self->queue, g_object_unref);
  g_clear_object (&self->providers);

  G_OBJECT_CLASS (atelier_engine_parent_class)->dispose (object);
}

static void
atelier_engine_finalize (GObject *object)
{
  AtelierEngine *self = (AtelierEngine *)object;

  g_clear_pointer (&self->runs, g_hash_table_unref);
  g_clear_pointer (&self->active, g_hash_table_unref);
  g_clear_pointer (&self->limits, g_hash_table_unref);
  g_clear_object (&self->jobs);
  g_clear_object (&self->writer);
  g_clear_object (&self->history);
  g_clear_object (&self->http);
  g_clear_pointer (&self->library_dir, g_free);
  g_clear_pointer (&self->history_page_end_id, g_free);

  G_OBJECT_CLASS (atelier_engine_parent_class)->finalize (object);
}

static void
atelier_engine_class_init (AtelierEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = atelier_engine_dispose;
  object_class->finalize = atelier_engine_finalize;

  signals[JOB_FINISHED] =
    g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, ATELIER_TYPE_JOB);
}

static void
atelier_engine_init (AtelierEngine *self)
{
  self->jobs = atelier_job_list_new ();
  self->providers = g_list_store_new (ATELIER_TYPE_PROVIDER);
  self->limits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->active = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Runs are freed by their own end; dispose only cancels them. */
  self->runs = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) run_free);
  g_queue_init (&self->queue);
  self->library_dir = atelier_library_dir ();
  self->deadline_s = 30 * 60;
  self->poll_first_ms = 750;
  self->poll_max_ms = 10000;
  g_hash_table_insert (self->limits, g_strdup ("image3d"), GUINT_TO_POINTER (5));
}

AtelierEngine *
atelier_engine_new (AtelierHttp    *http,
                    AtelierHistory *history)
{
  AtelierEngine *self;

  g_return_val_if_fail (ATELIER_IS_HTTP (http), NULL);
  g_return_val_if_fail (history == NULL || ATELIER_IS_HISTORY (history), NULL);

  self = g_object_new (ATELIER_TYPE_ENGINE, NULL);
  self->http = g_object_ref (http);
  self->history = history ? g_object_ref (history) : NULL;
  self->writer = history ? atelier_history_writer_new (history) : NULL;
  /* Results that come inside an answer are written where downloads go. */
  atelier_http_set_spool_dir (self->http, self->library_dir);
  return self;
}

AtelierHttp *
atelier_engine_get_http (AtelierEngine *self)
{
  g_return_val_if_fail (ATELIER_IS_ENGINE (self), NULL);
  return self->http;
}

AtelierHistory *
atelier_engine_get_history (AtelierEngine *self)
{
  g_return_val_if_fail (ATELIER_IS_ENGINE (self), NULL);
  return self->history;
}

AtelierJobList *
atelier_engine_get_jobs (AtelierEngine *self)
{
  g_return_val_if_fail (ATELIER_IS_ENGINE (self), NULL);
  return self->jobs;
}

void
atelier_engine_add_provider (AtelierEngine   *self,
                             AtelierProvider *provider)
{
  g_return_if_fail (ATELIER_IS_ENGINE (self));
  g_return_if_fail (ATELIER_IS_PROVIDER (provider));

  g_list_store_append (self->providers, provider);
  g_signal_connect_object (provider, "submission-sent", G_CALLBACK (submission_sent_cb), self, 0);
}

AtelierProvider *
atelier_engine_get_provider (AtelierEngine *self,
                             const char    *id)
{
  guint n;

  g_return_val_if_fail (ATELIER_IS_ENGINE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->providers));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AtelierProvider) p = g_list_model_get_item (G_LIST_MODEL (self->providers), i);
      if (g_strcmp0 (atelier_provider_get_id (p), id) == 0)
        return p; /* the store keeps it alive */
    }
  return NULL;
}

GListModel *
atelier_engine_get_providers (AtelierEngine *self)
{
  g_return_val_if_fail (ATELIER_IS_ENGINE (self), NULL);
  return G_LIST_MODEL (self->providers);
}

void
atelier_engine_set_library_dir (AtelierEngine *self,
                                const char    *dir)
{
  g_return_if_fail (ATELIER_IS_ENGINE (self));

  g_free (self->library_dir);
  self->library_dir = dir && *dir ? g_strdup (dir) : atelier_library_dir ();
  if (self->http != NULL)
    atelier_http_set_spool_dir (self->http, self->library_dir);
}

const char *
atelier_engine_get_library_dir (AtelierEngine *self)
{
  g_return_val_if_fail (ATELIER_IS_ENGINE (self), NULL);
  return self->library_dir;
}

void
atelier_engine_set_max_concurrent (AtelierEngine *self,
                                   const char    *provider_id,
                                   guint          max)
{
  g_return_if_fail (ATELIER_IS_ENGINE (self));

  g_hash_table_insert (self->limits, g_strdup (provider_id), GUINT_TO_POINTER (MAX (max, 1)));
  schedule (self);
}

void
atelier_engine_set_deadline (AtelierEngine *self,
                             guint          seconds)
{
  g_return_if_fail (ATELIER_IS_ENGINE (self));
  self->deadline_s = MAX (seconds, 1);
}

void
atelier_engine_set_poll_interval (AtelierEngine *self,
                                  guint          first_ms,
                                  guint          max_ms)
{
  g_return_if_fail (ATELIER_IS_ENGINE (self));
  self->poll_first_ms = MAX (first_ms, 10);
  self->poll_max_ms = MAX (max_ms, self->poll_first_ms);
}

AtelierJob *
atelier_engine_create_job (AtelierEngine  *self,
                           const char     *provider_id,
                           GHashTable     *params,
                           GError        **error)
{
  return atelier_engine_create_batch_job (self, provider_id, params, NULL, error);
}

AtelierJob *
atelier_engine_create_batch_job (AtelierEngine  *self,
                                 const char     *provider_id,
                                 GHashTable     *params,
                                 const char     *batch_id,
                                 GError        **error)
{
  AtelierProvider *provider;
  g_autoptr(AtelierJob) job = NULL;

  g_return_val_if_fail (ATELIER_IS_ENGINE (self), NULL);
  g_return_val_if_fail (params != NULL, NULL);

  provider = atelier_engine_get_provider (self, provider_id);
  if (provider == NULL)
    {
      g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                   _("Unknown service “%s”"), provider_id);
      return NULL;
    }

  if (!atelier_provider_validate (provider, params, error))
    return NULL;

  job = atelier_job_new (provider_id, atelier_provider_get_kind (provider, params), params);
  /* Before the first save: the submission's record already names its batch. */
  atelier_job_set_batch_id (job, batch_id);
  track_job (self, job);
  enqueue (self, job);
  /* Started at once, its submission was just saved; else it waits queued. */
  if (atelier_job_get_status (job) == ATELIER_JOB_STATUS_QUEUED)
    save_job (self, job);

  return job;
}

void
atelier_engine_cancel (AtelierEngine *self,
                       AtelierJob    *job)
{
  Run *run;

  g_return_if_fail (ATELIER_IS_ENGINE (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  if (atelier_job_is_finished (job))
    return;

  if (g_queue_remove (&self->queue, job))
    {
      atelier_job_set_status (job, ATELIER_JOB_STATUS_CANCELLED);
      save_job (self, job);
      g_signal_emit (self, signals[JOB_FINISHED], 0, job);
      g_object_unref (job);
      return;
    }

  run = g_hash_table_lookup (self->runs, job);
  if (run == NULL)
    {
      atelier_job_set_status (job, ATELIER_JOB_STATUS_CANCELLED);
      save_job (self, job);
      return;
    }

  /* Tell the service too, where it listens; do not wait for it. */
  if (atelier_job_get_remote_id (job) != NULL)
    atelier_provider_cancel_async (run->provider, job, NULL, NULL, NULL);

  atelier_job_set_status (job, ATELIER_JOB_STATUS_CANCELLED);
  run_detach (run);
  save_job (self, job);
  g_signal_emit (self, signals[JOB_FINISHED], 0, job);
  schedule (self);
}

gboolean
atelier_engine_retry (AtelierEngine  *self,
                      AtelierJob     *job,
                      GError        **error)
{
  AtelierJobStatus status;

  g_return_val_if_fail (ATELIER_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (ATELIER_IS_JOB (job), FALSE);

  status = atelier_job_get_status (job);
  if (status != ATELIER_JOB_STATUS_FAILED && status != ATELIER_JOB_STATUS_CANCELLED)
    {
      g_set_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_FAILED,
                   _("Only a failed or cancelled job can be retried."));
      return FALSE;
    }

  /* With a remote id the service already has the job: resume, don't resubmit. */
  if (atelier_job_get_remote_id (job) != NULL || atelier_job_get_pending_outputs (job)[0] != NULL)
    atelier_job_requeue (job);
  else
    atelier_job_reset (job);

  enqueue (self, job);
  return TRUE;
}

void
atelier_engine_delete (AtelierEngine *self,
                       AtelierJob    *job,
                       gboolean       delete_files)
{
  g_autoptr(AtelierJob) hold = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (ATELIER_IS_ENGINE (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  hold = g_object_ref (job);
  atelier_engine_cancel (self, job);
  g_signal_handlers_disconnect_by_func (job, job_notify_cb, self);
  if (self->writer != NULL)
    atelier_history_writer_forget (self->writer, job);
  atelier_job_list_remove (self->jobs, job);

  if (self->history != NULL && !atelier_history_delete (self->history, atelier_job_get_id (job), &error))
    g_warning ("%s", error->message);

  if (delete_files)
    {
      const char * const *outputs = atelier_job_get_outputs (job);
      const char * const *previews = atelier_job_get_previews (job);
      for (guint i = 0; outputs[i]; i++)
        g_unlink (outputs[i]);
      for (guint i = 0; previews[i]; i++)
        g_unlink (previews[i]);
      /* The job's own cache folder, once empty. */
      if (previews[0] != NULL)
        {
          g_autofree char *folder = g_path_get_dirname (previews[0]);
          g_rmdir (folder);
        }
    }
}

/* @jobs newest first; the ones already listed are left out. */
static void
track_jobs (AtelierEngine *self,
            GPtrArray     *jobs,
            guint          first,
            guint          n)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_sized_new (n);

  for (guint i = first; i < first + n; i++)
    {
      AtelierJob *job = g_ptr_array_index (jobs, i);

      if (atelier_job_list_lookup (self->jobs, atelier_job_get_id (job)) != NULL)
        continue;
      g_signal_connect_object (job, "notify", G_CALLBACK (job_notify_cb), self, 0);
      g_ptr_array_add (fresh, job);
    }
  atelier_job_list_add_all (self->jobs, fresh);
}

/* @jobs newest first. */
static guint
resume_jobs (AtelierEngine *self,
             GPtrArray     *jobs)
{
  guint resumed = 0;

  /* Oldest first, so they keep their order in the queue. */
  for (guint i = jobs->len; i > 0; i--)
    {
      AtelierJob *job = g_ptr_array_index (jobs, i - 1);
      AtelierJobStatus status = atelier_job_get_status (job);

      if (atelier_job_is_finished (job) || g_hash_table_contains (self->runs, job)
          || g_queue_find (&self->queue, job) != NULL)
        continue;

      if (status != ATELIER_JOB_STATUS_QUEUED &&
          atelier_job_get_remote_id (job) == NULL &&
          atelier_job_get_pending_outputs (job)[0] == NULL &&
          atelier_job_get_outputs (job)[0] == NULL)
        {
          /* The request may have reached the service: resubmitting could
           * charge twice, so the person decides. */
          atelier_job_fail (job, _("Atelier was closed while this job was being submitted. "
                                   "Retry to submit it again (the service may charge again)."),
                            FALSE);
          continue;
        }

      atelier_job_requeue (job);
      enqueue (self, job);
      resumed++;
    }

  return resumed;
}

guint
atelier_engine_load_history (AtelierEngine  *self,
                             gboolean        resume,
                             GError        **error)
{
  g_autoptr(GPtrArray) jobs = NULL;

  g_return_val_if_fail (ATELIER_IS_ENGINE (self), 0);

  if (self->history == NULL || self->history_loaded)
    return 0;

  self->history_seen = g_get_real_time ();
  jobs = atelier_history_load_all (self->history, error);
  if (jobs == NULL)
    return 0;
  self->history_loaded = TRUE;

  track_jobs (self, jobs, 0, jobs->len);
  return resume ? resume_jobs (self, jobs) : 0;
}

gboolean
atelier_engine_load_history_first (AtelierEngine  *self,
                                   guint           n_jobs,
                                   GError        **error)
{
  g_autoptr(GPtrArray) jobs = NULL;

  g_return_val_if_fail (ATELIER_IS_ENGINE (self), FALSE);
  g_return_val_if_fail (n_jobs > 0, FALSE);

  if (self->history == NULL || self->history_loaded)
    return TRUE;

  self->history_seen = g_get_real_time ();
  jobs = atelier_history_load_newest (self->history, n_jobs, error);
  if (jobs == NULL)
    return FALSE;
  self->history_loaded = TRUE;

  track_jobs (self, jobs, 0, jobs->len);
  /* A full page may have more behind it; a short one was all of it. */
  if (jobs->len == n_jobs)
    {
      AtelierJob *last = g_ptr_array_index (jobs, jobs->len - 1);

      self->history_page_end_id = g_strdup (atelier_job_get_id (last));
      self->history_page_end_created = atelier_job_get_created (last);
      atelier_job_list_set_loading (self->jobs, TRUE);
    }
  return TRUE;
}

/* Enough jobs for a few screens of rows, added a step at a time: a list
 * view makes a row for each, and making them all in one go would hold up
 * a frame. Past that, the rest costs a view no more rows and goes at once. */
#define REST_STEP      16
#define REST_STEPWISE  256

typedef struct
{
  GPtrArray *jobs;
  guint      next;
  gboolean   resume;
} RestLoad;

static void
rest_load_free (RestLoad *load)
{
  g_clear_pointer (&load->jobs, g_ptr_array_unref);
  g_free (load);
}

static void
finish_rest (GTask *task)
{
  AtelierEngine *self = g_task_get_source_object (task);
  RestLoad *load = g_task_get_task_data (task);
  g_autoptr(GPtrArray) unfinished = g_ptr_array_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->jobs));

  g_clear_pointer (&self->history_page_end_id, g_free);
  atelier_job_list_set_loading (self->jobs, FALSE);
  if (!load->resume)
    {
      g_task_return_int (task, 0);
      return;
    }

  /* All of the history is listed now: the list is what to resume from. */
  for (guint i = 0; i < n; i++)
    {
      AtelierJob *job = atelier_job_list_get_job (self->jobs, i);

      if (!atelier_job_is_finished (job))
        g_ptr_array_add (unfinished, job);
    }
  g_task_return_int (task, resume_jobs (self, unfinished));
}

static gboolean
add_rest_step (gpointer user_data)
{
  GTask *task = user_data;
  AtelierEngine *self = g_task_get_source_object (task);
  RestLoad *load = g_task_get_task_data (task);
  guint n;

  if (g_task_return_error_if_cancelled (task))
    return G_SOURCE_REMOVE;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->jobs)) < REST_STEPWISE)
    n = MIN (REST_STEP, load->jobs->len - load->next);
  else
    n = load->jobs->len - load->next;
  track_jobs (self, load->jobs, load->next, n);
  load->next += n;

  if (load->next < load->jobs->len)
    return G_SOURCE_CONTINUE;
  finish_rest (task);
  return G_SOURCE_REMOVE;
}

static void
rest_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RestLoad *load = g_task_get_task_data (task);
  GError *error = NULL;

  load->jobs = atelier_history_load_older_finish (ATELIER_HISTORY (object), result, &error);
  if (load->jobs == NULL)
    {
      AtelierEngine *self = g_task_get_source_object (task);

      /* What is listed stays usable; the rest is not shown this time. */
      g_clear_pointer (&self->history_page_end_id, g_free);
      atelier_job_list_set_loading (self->jobs, FALSE);
      g_task_return_error (task, error);
      return;
    }

  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, add_rest_step, g_steal_pointer (&task), g_object_unref);
}

void
atelier_engine_load_history_rest_async (AtelierEngine       *self,
                                        gboolean             resume,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RestLoad *load;

  g_return_if_fail (ATELIER_IS_ENGINE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_engine_load_history_rest_async);
  load = g_new0 (RestLoad, 1);
  load->resume = resume;
  g_task_set_task_data (task, load, (GDestroyNotify) rest_load_free);

  if (self->history_page_end_id == NULL)
    {
      /* The first page was all of it (or nothing was paged). */
      load->jobs = g_ptr_array_new ();
      finish_rest (task);
      return;
    }

  atelier_history_load_older_async (self->history, self->history_page_end_created,
                                    self->history_page_end_id, 0, cancellable,
                                    rest_loaded_cb, g_steal_pointer (&task));
}

guint
atelier_engine_load_history_rest_finish (AtelierEngine  *self,
                                         GAsyncResult   *result,
                                         GError        **error)
{
  gssize resumed;

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == atelier_engine_load_history_rest_async, 0);

  resumed = g_task_propagate_int (G_TASK (result), error);
  return resumed > 0 ? (guint) resumed : 0;
}

guint
atelier_engine_refresh_from_history (AtelierEngine *self)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();
  guint changed = 0;

  g_return_val_if_fail (ATELIER_IS_ENGINE (self), 0);

  if (self->history == NULL)
    return 0;

  /* A little overlap: a writer's clock and commit order can disagree. */
  jobs = atelier_history_load_changed (self->history, self->history_seen - G_USEC_PER_SEC, &error);
  if (jobs == NULL)
    {
      g_warning ("%s", error->message);
      return 0;
    }
  self->history_seen = now;

  for (guint i = 0; i < jobs->len; i++)
    {
      AtelierJob *stored = g_ptr_array_index (jobs, i);
      AtelierJob *mine = atelier_job_list_lookup (self->jobs, atelier_job_get_id (stored));

      if (mine == NULL)
        {
          track_job (self, stored);
          changed++;
        }
      else if (!g_hash_table_contains (self->runs, mine) &&
               !g_queue_find (&self->queue, mine) &&
               atelier_job_get_updated (stored) > atelier_job_get_updated (mine))
        {
          /* Not ours to run: mirror what its owner wrote, without writing back. */
          g_signal_handlers_block_by_func (mine, job_notify_cb, self);
          atelier_job_update_from (mine, stored);
          g_signal_handlers_unblock_by_func (mine, job_notify_cb, self);
          changed++;
        }
    }

  return changed;
}

static gboolean
watch_cb (gpointer data)
{
  atelier_engine_refresh_from_history (data);
  return G_SOURCE_CONTINUE;
}

void
atelier_engine_watch_history (AtelierEngine *self,
                              guint          interval_ms)
{
  g_return_if_fail (ATELIER_IS_ENGINE (self));

  g_clear_handle_id (&self->watch_source, g_source_remove);
  if (interval_ms > 0)
    self->watch_source = g_timeout_add (interval_ms, watch_cb, self);
}

guint
atelier_engine_get_n_active (AtelierEngine *self)
{
  g_return_val_if_fail (ATELIER_IS_ENGINE (self), 0);
  return g_hash_table_size (self->runs) + self->queue.length;
}
