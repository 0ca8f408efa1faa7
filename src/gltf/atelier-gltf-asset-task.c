/* atelier-gltf-asset-task.c: the asset pipeline's async calls, one pattern
 *
 * Work runs in a GTask worker; progress is forwarded to the caller's main
 * context (whole percents), and updates still queued when the result
 * arrives are dropped, so the caller's progress data is never used after
 * its callback ran. atelier_gltf_load_async() runs on it too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include "atelier-gltf-asset-private.h"

typedef struct
{
  GltfAssetWork            work;
  gpointer                 work_data;
  GDestroyNotify           work_data_free;
  GDestroyNotify           result_free;
  AtelierGltfProgressFunc  progress;
  gpointer                 progress_data;
  GMainContext            *context;
  GAsyncReadyCallback      callback;
  gpointer                 user_data;
  double                   last;     /* worker only */
  gboolean                 done;     /* caller's context only */
} TaskData;

typedef struct
{
  TaskData *data;
  double    fraction;
} ProgressUpdate;

static void
task_data_clear (gpointer mem)
{
  TaskData *data = mem;

  if (data->work_data_free != NULL)
    g_clear_pointer (&data->work_data, data->work_data_free);
  g_clear_pointer (&data->context, g_main_context_unref);
}

static void
task_data_release (gpointer mem)
{
  g_atomic_rc_box_release_full (mem, task_data_clear);
}

static gboolean
progress_dispatch (gpointer user_data)
{
  ProgressUpdate *update = user_data;

  if (!update->data->done && update->data->progress != NULL)
    update->data->progress (update->fraction, update->data->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer user_data)
{
  ProgressUpdate *update = user_data;

  task_data_release (update->data);
  g_free (update);
}

static void
progress_in_worker (double   fraction,
                    gpointer user_data)
{
  TaskData *data = user_data;
  ProgressUpdate *update;

  if (data->progress == NULL ||
      (fraction < 1.0 && fraction - data->last < 0.01 && fraction != 0.0))
    return;
  data->last = fraction;

  update = g_new (ProgressUpdate, 1);
  update->data = g_atomic_rc_box_acquire (data);
  update->fraction = fraction;
  g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, progress_dispatch, update,
                              progress_free);
}

static void
task_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  gpointer result;

  result = data->work (data->work_data, cancellable, progress_in_worker, data, &error);
  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, data->result_free);
}

static void
task_done (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  TaskData *data = g_task_get_task_data (G_TASK (result));

  data->done = TRUE;
  if (data->callback != NULL)
    data->callback (source_object, result, data->user_data);
}

void
gltf_asset_task_run (gpointer                 source_tag,
                     GltfAssetWork            work,
                     gpointer                 work_data,
                     GDestroyNotify           work_data_free,
                     GDestroyNotify           result_free,
                     AtelierGltfProgressFunc  progress,
                     gpointer                 progress_data,
                     GCancellable            *cancellable,
                     GAsyncReadyCallback      callback,
                     gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  TaskData *data = g_atomic_rc_box_new0 (TaskData);

  data->work = work;
  data->work_data = work_data;
  data->work_data_free = work_data_free;
  data->result_free = result_free;
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  data->callback = callback;
  data->user_data = user_data;

  task = g_task_new (NULL, cancellable, task_done, NULL);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, task_data_release);
  g_task_run_in_thread (task, task_thread);
}

gpointer
gltf_asset_task_finish (GAsyncResult  *result,
                        gpointer       source_tag,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
