/* atelier-gltf-async.c: loading in a worker with progress on the caller's context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include "atelier-gltf-asset-private.h"
#include "atelier-gltf-private.h"

/* What a load needs in its worker. Progress, cancellation and the caller's
 * context are the shared task pattern's (atelier-gltf-asset-task.c). */
typedef struct
{
  GFile             *file;
  AtelierGltfLimits  limits;
} LoadData;

static void
load_data_free (gpointer mem)
{
  LoadData *data = mem;

  g_clear_object (&data->file);
  g_free (data);
}

static gpointer
load_work (gpointer                 work_data,
           GCancellable            *cancellable,
           AtelierGltfProgressFunc  progress,
           gpointer                 progress_data,
           GError                 **error)
{
  LoadData *data = work_data;
  g_autofree char *path = g_file_get_path (data->file);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const AtelierGltfLimits *limits = &data->limits;

  if (path != NULL)
    return gltf_load_path (path, limits, cancellable, progress, progress_data, error);

  /* Not a local file (a GVfs location, a resource): check the size
   * before reading it all into memory. */
  info = g_file_query_info (data->file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (info != NULL && g_file_info_get_size (info) > (goffset) limits->max_file_size)
    {
      g_set_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_LIMIT,
                   "the file (%" G_GOFFSET_FORMAT " bytes) exceeds the limit of %" G_GSIZE_FORMAT,
                   g_file_info_get_size (info), limits->max_file_size);
      return NULL;
    }
  bytes = g_file_load_bytes (data->file, cancellable, NULL, error);
  if (bytes == NULL)
    return NULL;
  return gltf_load (bytes, NULL, limits, FALSE, cancellable, progress, progress_data, error);
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
  LoadData *data;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (LoadData, 1);
  data->file = g_object_ref (file);
  if (limits != NULL)
    data->limits = *limits;
  else
    atelier_gltf_limits_init (&data->limits);

  gltf_asset_task_run (atelier_gltf_load_async, load_work, data, load_data_free,
                       (GDestroyNotify) atelier_gltf_scene_free, progress, progress_data,
                       cancellable, callback, user_data);
}

AtelierGltfScene *
atelier_gltf_load_finish (GAsyncResult  *result,
                          GError       **error)
{
  return gltf_asset_task_finish (result, atelier_gltf_load_async, error);
}
