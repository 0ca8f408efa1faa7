/* atelier-gltf-async.c: loading in a worker with progress on the caller's context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include "atelier-gltf-private.h"

typedef struct
{
  GFile                   *file;
  AtelierGltfLimits        limits;
  AtelierGltfProgressFunc  progress;
  gpointer                 progress_data;
  GMainContext            *context;
  GAsyncReadyCallback      callback;
  gpointer                 user_data;
  double                   last;     /* worker only */
  gboolean                 done;     /* caller's context only */
} AsyncData;

typedef struct
{
  AsyncData *data;
  double     fraction;
} ProgressUpdate;

static void
async_data_clear (gpointer mem)
{
  AsyncData *data = mem;

  g_clear_object (&data->file);
  g_clear_pointer (&data->context, g_main_context_unref);
}

static void
async_data_release (gpointer mem)
{
  g_atomic_rc_box_release_full (mem, async_data_clear);
}

static gboolean
progress_dispatch (gpointer user_data)
{
  ProgressUpdate *update = user_data;

  /* Updates still queued when the result arrives are dropped, so the
   * caller's progress data is never used after its callback ran. */
  if (!update->data->done && update->data->progress != NULL)
    update->data->progress (update->fraction, update->data->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer user_data)
{
  ProgressUpdate *update = user_data;

  async_data_release (update->data);
  g_free (update);
}

static void
progress_in_worker (double   fraction,
                    gpointer user_data)
{
  AsyncData *data = user_data;
  ProgressUpdate *update;

  /* Whole percents are enough for a progress bar. */
  if (fraction < 1.0 && fraction - data->last < 0.01 && fraction != 0.0)
    return;
  data->last = fraction;

  update = g_new (ProgressUpdate, 1);
  update->data = g_atomic_rc_box_acquire (data);
  update->fraction = fraction;
  g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, progress_dispatch, update,
                              progress_free);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  AsyncData *data = task_data;
  g_autofree char *path = g_file_get_path (data->file);
  g_autoptr(GError) error = NULL;
  AtelierGltfScene *scene;

  if (path != NULL)
    scene = gltf_load_path (path, &data->limits, cancellable, progress_in_worker, data, &error);
  else
    {
      g_autoptr(GFileInfo) info = NULL;
      g_autoptr(GBytes) bytes = NULL;
      const AtelierGltfLimits *limits = &data->limits;

      /* Not a local file (a GVfs location, a resource): check the size
       * before reading it all into memory. */
      info = g_file_query_info (data->file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                G_FILE_QUERY_INFO_NONE, cancellable, NULL);
      if (info != NULL && g_file_info_get_size (info) > (goffset) limits->max_file_size)
        g_set_error (&error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_LIMIT,
                     "the file (%" G_GOFFSET_FORMAT " bytes) exceeds the limit of %" G_GSIZE_FORMAT,
                     g_file_info_get_size (info), limits->max_file_size);
      else
        bytes = g_file_load_bytes (data->file, cancellable, NULL, &error);

      scene = bytes == NULL ? NULL
                            : gltf_load (bytes, NULL, limits, FALSE, cancellable,
                                         progress_in_worker, data, &error);
    }

  if (scene == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, scene, (GDestroyNotify) atelier_gltf_scene_free);
}

static void
load_done (GObject      *source_object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncData *data = g_task_get_task_data (G_TASK (result));

  data->done = TRUE;
  if (data->callback != NULL)
    data->callback (source_object, result, data->user_data);
}

void
atelier_gltf_load_async (GFile                   *file,
                         AtelierGltfProgressFunc  progress,
                         gpointer                 progress_data,
                         GCancellable            *cancellable,
                         GAsyncReadyCallback      callback,
                         gpointer                 user_data)
{
  atelier_gltf_load_async_full (file, NULL, progress, progress_data, cancellable, callback,
                                user_data);
}

void
atelier_gltf_load_async_full (GFile                   *file,
                              const AtelierGltfLimits *limits,
                              AtelierGltfProgressFunc  progress,
                              gpointer                 progress_data,
                              GCancellable            *cancellable,
                              GAsyncReadyCallback      callback,
                              gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_atomic_rc_box_new0 (AsyncData);
  data->file = g_object_ref (file);
  if (limits != NULL)
    data->limits = *limits;
  else
    atelier_gltf_limits_init (&data->limits);
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();
  data->callback = callback;
  data->user_data = user_data;

  task = g_task_new (NULL, cancellable, load_done, NULL);
  g_task_set_source_tag (task, atelier_gltf_load_async);
  g_task_set_name (task, "atelier_gltf_load_async");
  g_task_set_task_data (task, data, async_data_release);
  g_task_run_in_thread (task, load_thread);
}

AtelierGltfScene *
atelier_gltf_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == atelier_gltf_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
