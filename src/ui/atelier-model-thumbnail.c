/* atelier-model-thumbnail.c: list thumbnails of 3D models, rendered headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-model-thumbnail"

#include "config.h"

#include <errno.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

#include "atelier-gltf.h"
#include "atelier-headless.h"
#include "atelier-image-decode.h"
#include "atelier-model-thumbnail.h"

#define RENDER_SIZE 256
/* A list thumbnail is not worth parsing a huge model for. */
#define MAX_MODEL_BYTES (256 * 1024 * 1024)

typedef struct
{
  char *path;
  int   size;
} ThumbData;

/* One headless GL context at a time: llvmpipe already uses every core. */
static GMutex render_lock;

static void
thumb_data_free (ThumbData *data)
{
  g_free (data->path);
  g_free (data);
}

static char *
cache_path_for (const char *path,
                GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *key = NULL;
  g_autofree char *sum = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;

  /* A changed file gets a new thumbnail. */
  key = g_strdup_printf ("%s\n%" G_GUINT64_FORMAT "\n%" G_GOFFSET_FORMAT, path,
                         g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED),
                         g_file_info_get_size (info));
  sum = g_compute_checksum_for_string (G_CHECKSUM_MD5, key, -1);
  dir = g_build_filename (g_get_user_cache_dir (), "atelier", "thumbnails", NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   "%s: %s", dir, g_strerror (errno));
      return NULL;
    }
  name = g_strconcat (sum, ".png", NULL);
  return g_build_filename (dir, name, NULL);
}

static void
thumbnail_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ThumbData *data = task_data;
  g_autofree char *png = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GError *error = NULL;

  png = cache_path_for (data->path, &error);
  if (png == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (!g_file_test (png, G_FILE_TEST_EXISTS))
    {
      g_autoptr(AtelierGltfScene) scene = NULL;
      AtelierGltfLimits limits;
      AtelierHeadlessOptions options;
      gboolean ok;

      atelier_gltf_limits_init (&limits);
      limits.max_file_size = MIN (limits.max_file_size, MAX_MODEL_BYTES);
      scene = atelier_gltf_load_file (data->path, &limits, &error);
      if (scene == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      if (g_task_return_error_if_cancelled (task))
        return;

      atelier_headless_options_init (&options);
      options.width = options.height = RENDER_SIZE;
      options.transparent = TRUE;
      options.show_grid = FALSE;

      g_mutex_lock (&render_lock);
      ok = atelier_headless_render_png (scene, &options, png, &error);
      g_mutex_unlock (&render_lock);
      if (!ok)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  /* Our own render, but read like any image: checked from its header and
   * scaled while it decodes. */
  pixbuf = atelier_image_decode (png, data->size, cancellable, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, gdk_texture_new_for_pixbuf (pixbuf), g_object_unref);
}

void
atelier_model_thumbnail_async (const char          *path,
                               int                  size,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ThumbData *data;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_model_thumbnail_async);
  g_task_set_return_on_cancel (task, TRUE);

  data = g_new0 (ThumbData, 1);
  data->path = g_strdup (path);
  data->size = size;
  g_task_set_task_data (task, data, (GDestroyNotify) thumb_data_free);
  g_task_run_in_thread (task, thumbnail_thread);
}

GdkTexture *
atelier_model_thumbnail_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == atelier_model_thumbnail_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
