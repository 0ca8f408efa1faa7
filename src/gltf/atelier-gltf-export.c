/* atelier-gltf-export.c: the file type from the name, and optimize-then-export
 * in a worker for the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <string.h>

#include "atelier-gltf-export.h"
#include "atelier-gltf-writer-private.h"

gboolean
atelier_gltf_file_type_from_path (const char          *path,
                                  AtelierGltfFileType *type)
{
  static const struct
  {
    const char         *suffix;
    AtelierGltfFileType type;
  } types[] = {
    { ".glb", ATELIER_GLTF_FILE_GLB },
    { ".gltf", ATELIER_GLTF_FILE_GLTF },
    { ".obj", ATELIER_GLTF_FILE_OBJ },
    { ".stl", ATELIER_GLTF_FILE_STL },
  };
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_has_suffix (lower, types[i].suffix))
      {
        if (type != NULL)
          *type = types[i].type;
        return TRUE;
      }
  return FALSE;
}

gboolean
atelier_gltf_asset_export (AtelierGltfAsset              *asset,
                           const char                    *path,
                           const AtelierGltfWriteOptions *options,
                           GCancellable                  *cancellable,
                           guint64                       *bytes_written,
                           GError                       **error)
{
  AtelierGltfWriteOptions write;
  AtelierGltfFileType type;

  g_return_val_if_fail (asset != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (bytes_written != NULL)
    *bytes_written = 0;
  if (!atelier_gltf_file_type_from_path (path, &type))
    {
      g_autofree char *base = g_path_get_basename (path);

      g_set_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_UNSUPPORTED,
                   "“%s”: the file type must be .glb, .gltf, .obj or .stl", base);
      return FALSE;
    }

  switch (type)
    {
    case ATELIER_GLTF_FILE_OBJ:
      return gltf_write_obj (asset, path, cancellable, bytes_written, error);
    case ATELIER_GLTF_FILE_STL:
      return gltf_write_stl (asset, path, cancellable, bytes_written, error);
    case ATELIER_GLTF_FILE_GLB:
    case ATELIER_GLTF_FILE_GLTF:
    default:
      if (options != NULL)
        write = *options;
      else
        atelier_gltf_write_options_init (&write);
      write.binary = type == ATELIER_GLTF_FILE_GLB;
      return gltf_asset_write (asset, path, &write, cancellable, bytes_written, error);
    }
}

typedef struct
{
  AtelierGltfAsset           *source;
  char                       *path;
  gboolean                    optimize;
  AtelierGltfOptimizeOptions  optimize_options;
  AtelierGltfWriteOptions     write_options;
} ExportWork;

static void
export_work_free (gpointer data)
{
  ExportWork *work = data;

  atelier_gltf_asset_unref (work->source);
  g_free (work->path);
  g_free (work);
}

static gpointer
export_work (gpointer                 data,
             GCancellable            *cancellable,
             AtelierGltfProgressFunc  progress,
             gpointer                 progress_data,
             GError                 **error)
{
  ExportWork *work = data;
  g_autoptr(AtelierGltfAsset) out = NULL;
  AtelierGltfExportReport *report = g_new0 (AtelierGltfExportReport, 1);

  atelier_gltf_asset_get_stats (work->source, &report->before);
  report->bytes_before = work->source->scene->file_size;

  if (work->optimize)
    out = atelier_gltf_optimize (work->source, &work->optimize_options, cancellable, NULL, NULL,
                                 error);
  else
    out = atelier_gltf_asset_ref (work->source);
  if (out == NULL)
    {
      g_free (report);
      return NULL;
    }
  if (progress != NULL)
    progress (0.8, progress_data);

  if (!atelier_gltf_asset_export (out, work->path, &work->write_options, cancellable,
                                  &report->bytes_after, error))
    {
      g_free (report);
      return NULL;
    }
  atelier_gltf_asset_get_stats (out, &report->after);
  if (progress != NULL)
    progress (1.0, progress_data);
  return report;
}

void
atelier_gltf_export_async (AtelierGltfAsset                 *source,
                           const char                       *path,
                           const AtelierGltfOptimizeOptions *optimize,
                           const AtelierGltfWriteOptions    *write,
                           AtelierGltfProgressFunc           progress,
                           gpointer                          progress_data,
                           GCancellable                     *cancellable,
                           GAsyncReadyCallback               callback,
                           gpointer                          user_data)
{
  ExportWork *work;

  g_return_if_fail (source != NULL);
  g_return_if_fail (path != NULL);

  work = g_new0 (ExportWork, 1);
  work->source = atelier_gltf_asset_ref (source);
  work->path = g_strdup (path);
  work->optimize = optimize != NULL;
  if (optimize != NULL)
    work->optimize_options = *optimize;
  if (write != NULL)
    work->write_options = *write;
  else
    atelier_gltf_write_options_init (&work->write_options);

  gltf_asset_task_run (atelier_gltf_export_async, export_work, work, export_work_free, g_free,
                       progress, progress_data, cancellable, callback, user_data);
}

gboolean
atelier_gltf_export_finish (GAsyncResult             *result,
                            AtelierGltfExportReport  *report,
                            GError                  **error)
{
  g_autofree AtelierGltfExportReport *out = NULL;

  out = gltf_asset_task_finish (result, atelier_gltf_export_async, error);
  if (out == NULL)
    return FALSE;
  if (report != NULL)
    *report = *out;
  return TRUE;
}
