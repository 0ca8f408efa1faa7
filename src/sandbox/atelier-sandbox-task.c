/* atelier-sandbox-task.c: a simulated remote job
 *
 * The state is computed from the clock when asked (no timers): pending for
 * the first 15 % of the job duration, then running with progress, then done
 * (or failed). The results are rendered on the sandbox's thread pool as soon
 * as the task starts, so a large image or model never stalls the main loop; a task
 * whose time is up but whose rendering is not finished stays "running".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sandbox"

#include "config.h"

#include "atelier-sandbox-private.h"

#define PENDING_SHARE 0.15

struct _AtelierSandboxTask
{
  GWeakRef                 sandbox;       /* the sandbox keeps its tasks */
  char                    *id;
  gint64                   started_us;
  guint                    duration_ms;
  char                    *content_type;
  char                    *extension;
  char                    *fail_message;
  AtelierSandboxRenderFunc render;
  gpointer                 data;
  GDestroyNotify           destroy;

  gboolean                 rendered;
  gboolean                 canceled;
  GPtrArray               *names;         /* CDN names of the results */
  GList                   *waiters;
};

typedef struct
{
  AtelierSandboxTask      *task;
  AtelierSandboxCtx       *ctx;
  AtelierSandboxTaskReady  ready;
  gboolean                 timer_done;
  gboolean                 fired;
} Waiter;

static void
task_free (gpointer data)
{
  AtelierSandboxTask *task = data;

  if (task->destroy != NULL)
    task->destroy (task->data);
  g_clear_pointer (&task->names, g_ptr_array_unref);
  g_free (task->id);
  g_free (task->content_type);
  g_free (task->extension);
  g_free (task->fail_message);
  g_weak_ref_clear (&task->sandbox);
}

AtelierSandboxTask *
_atelier_sandbox_task_ref (AtelierSandboxTask *task)
{
  return g_rc_box_acquire (task);
}

void
_atelier_sandbox_task_unref (AtelierSandboxTask *task)
{
  g_rc_box_release_full (task, task_free);
}

static void
waiter_fire (Waiter *waiter)
{
  AtelierSandboxTask *task = waiter->task;

  if (waiter->fired)
    return;
  waiter->fired = TRUE;
  task->waiters = g_list_remove (task->waiters, waiter);

  if (!waiter->ctx->finished)
    waiter->ready (waiter->ctx, task);

  _atelier_sandbox_ctx_unref (waiter->ctx);
  _atelier_sandbox_task_unref (task);
  g_free (waiter);
}

/* One render on its way through the pool and back to the main context. */
typedef struct
{
  AtelierSandboxTask *task;
  GMainContext       *context;
  GPtrArray          *results;
  GError             *error;
} RenderJob;

static gboolean
render_done (gpointer user_data)
{
  RenderJob *job = user_data;
  g_autoptr(AtelierSandboxTask) task = job->task;
  g_autoptr(GPtrArray) results = job->results;
  g_autoptr(GError) error = job->error;
  g_autoptr(AtelierSandbox) sandbox = g_weak_ref_get (&task->sandbox);
  GList *ready = NULL;

  g_main_context_unref (job->context);
  g_free (job);

  if (results == NULL)
    {
      g_warning ("Sandbox rendering failed: %s", error->message);
      if (task->fail_message == NULL)
        task->fail_message = g_strdup_printf ("Generation failed: %s", error->message);
    }
  else if (sandbox != NULL)
    {
      for (guint i = 0; i < results->len; i++)
        g_ptr_array_add (task->names,
                         _atelier_sandbox_publish (sandbox, g_ptr_array_index (results, i),
                                                   task->content_type, task->extension));
    }

  task->rendered = TRUE;

  for (GList *l = task->waiters; l != NULL; l = l->next)
    if (((Waiter *) l->data)->timer_done)
      ready = g_list_prepend (ready, l->data);
  for (GList *l = ready; l != NULL; l = l->next)
    waiter_fire (l->data);
  g_list_free (ready);

  return G_SOURCE_REMOVE;
}

static void
render_worker (gpointer data,
               gpointer user_data)
{
  RenderJob *job = data;

  job->results = job->task->render (job->task->data, &job->error);
  g_main_context_invoke (job->context, render_done, job);
}

/* The sandbox's own pool, not GLib's shared GTask one: a burst of jobs in
 * the app's offline mode must not queue the app's file and parsing work
 * behind renders. One core is left to the main loop. */
static GThreadPool *
render_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    {
      guint threads = CLAMP (g_get_num_processors () - 1, 1, 4);

      g_once_init_leave (&pool, g_thread_pool_new (render_worker, NULL, threads, FALSE, NULL));
    }
  return pool;
}

AtelierSandboxTask *
_atelier_sandbox_task_new (AtelierSandbox          *self,
                           const char              *content_type,
                           const char              *extension,
                           const char              *fail_message,
                           AtelierSandboxRenderFunc render,
                           gpointer                 data,
                           GDestroyNotify           destroy)
{
  AtelierSandboxTask *task = g_rc_box_new0 (AtelierSandboxTask);
  RenderJob *job;

  g_weak_ref_init (&task->sandbox, self);
  task->id = g_uuid_string_random ();
  task->started_us = g_get_monotonic_time ();
  task->duration_ms = self->job_duration_ms;
  task->content_type = g_strdup (content_type);
  task->extension = g_strdup (extension);
  task->fail_message = g_strdup (fail_message);
  task->render = render;
  task->data = data;
  task->destroy = destroy;
  task->names = g_ptr_array_new_with_free_func (g_free);

  if (fail_message != NULL)
    {
      /* Nothing to render for a job that is going to fail. */
      task->rendered = TRUE;
      return task;
    }

  job = g_new0 (RenderJob, 1);
  job->task = _atelier_sandbox_task_ref (task);
  job->context = g_main_context_ref_thread_default ();
  g_thread_pool_push (render_pool (), job, NULL);

  return task;
}

const char *
_atelier_sandbox_task_get_id (AtelierSandboxTask *task)
{
  return task->id;
}

AtelierSandboxTaskState
_atelier_sandbox_task_get_state (AtelierSandboxTask *task,
                                 double             *progress)
{
  double elapsed_ms = (g_get_monotonic_time () - task->started_us) / 1000.0;
  double fraction = task->duration_ms > 0 ? elapsed_ms / task->duration_ms : 1.0;

  if (progress != NULL)
    *progress = CLAMP (fraction, 0.0, 1.0);

  if (task->canceled)
    return ATELIER_SANDBOX_TASK_CANCELED;
  if (fraction < PENDING_SHARE)
    {
      if (progress != NULL)
        *progress = 0.0;
      return ATELIER_SANDBOX_TASK_PENDING;
    }
  if (fraction < 1.0 || !task->rendered)
    {
      if (progress != NULL)
        *progress = MIN (*progress, 0.99);
      return ATELIER_SANDBOX_TASK_RUNNING;
    }
  if (task->fail_message != NULL)
    return ATELIER_SANDBOX_TASK_FAILED;
  return ATELIER_SANDBOX_TASK_DONE;
}

double
_atelier_sandbox_task_get_elapsed (AtelierSandboxTask *task)
{
  double elapsed_ms = (g_get_monotonic_time () - task->started_us) / 1000.0;

  return task->duration_ms > 0 ? elapsed_ms / task->duration_ms : 1.0;
}

GPtrArray *
_atelier_sandbox_task_get_names (AtelierSandboxTask *task)
{
  return task->names;
}

const char *
_atelier_sandbox_task_get_error (AtelierSandboxTask *task)
{
  return task->fail_message;
}

gboolean
_atelier_sandbox_task_cancel (AtelierSandboxTask *task)
{
  AtelierSandboxTaskState state = _atelier_sandbox_task_get_state (task, NULL);

  if (state == ATELIER_SANDBOX_TASK_DONE || state == ATELIER_SANDBOX_TASK_FAILED)
    return FALSE;
  task->canceled = TRUE;
  return TRUE;
}

static gboolean
waiter_timeout_cb (gpointer user_data)
{
  Waiter *waiter = user_data;

  waiter->timer_done = TRUE;
  if (waiter->task->rendered)
    waiter_fire (waiter);
  return G_SOURCE_REMOVE;
}

void
_atelier_sandbox_task_wait (AtelierSandboxTask      *task,
                            AtelierSandboxCtx       *ctx,
                            guint                    delay_ms,
                            AtelierSandboxTaskReady  ready)
{
  Waiter *waiter = g_new0 (Waiter, 1);

  waiter->task = _atelier_sandbox_task_ref (task);
  waiter->ctx = _atelier_sandbox_ctx_ref (ctx);
  waiter->ready = ready;
  task->waiters = g_list_prepend (task->waiters, waiter);

  _atelier_sandbox_ctx_pause (ctx);
  g_timeout_add (delay_ms, waiter_timeout_cb, waiter);
}
