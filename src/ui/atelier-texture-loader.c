/* atelier-texture-loader.c: images decoded off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-texture-loader"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "atelier-image-decode.h"
#include "atelier-texture-loader.h"

/* Enough thumbnails for several screens of rows; full-size images are not
 * cached since one is shown at a time. */
#define CACHE_SIZE 256

typedef struct
{
  char *path;
  int   max_size;
} LoadData;

static GHashTable *cache;      /* "size:path" → GdkTexture */
static GQueue      cache_order = G_QUEUE_INIT;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_free (data);
}

static char *
cache_key (const char *path,
           int         max_size)
{
  return g_strdup_printf ("%d:%s", max_size, path);
}

static void
cache_insert (const char *path,
              int         max_size,
              GdkTexture *texture)
{
  char *key;

  if (max_size <= 0)
    return;
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  key = cache_key (path, max_size);
  if (g_hash_table_contains (cache, key))
    {
      g_free (key);
      return;
    }
  g_hash_table_insert (cache, key, g_object_ref (texture));
  g_queue_push_tail (&cache_order, key);

  while (cache_order.length > CACHE_SIZE)
    g_hash_table_remove (cache, g_queue_pop_head (&cache_order));
}

GdkTexture *
atelier_texture_lookup (const char *path,
                        int         max_size)
{
  g_autofree char *key = NULL;

  if (cache == NULL || path == NULL)
    return NULL;
  key = cache_key (path, max_size);
  return g_hash_table_lookup (cache, key);
}

void
atelier_texture_forget (const char *path)
{
  GList *l;

  if (cache == NULL || path == NULL)
    return;

  for (l = cache_order.head; l != NULL;)
    {
      GList *next = l->next;
      const char *key = l->data;
      const char *colon = strchr (key, ':');

      if (colon != NULL && g_str_equal (colon + 1, path))
        {
          g_queue_delete_link (&cache_order, l);
          g_hash_table_remove (cache, key);
        }
      l = next;
    }
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  GError *error = NULL;

  /* Refused from the header when too large; thumbnails decode small. */
  pixbuf = atelier_image_decode (data->path, MAX (data->max_size, 0), cancellable, &error);
  if (pixbuf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  /* Textures are immutable: making one here is safe and keeps the copy off
   * the main thread. */
  g_task_return_pointer (task, gdk_texture_new_for_pixbuf (oriented), g_object_unref);
}

void
atelier_texture_load_async (const char          *path,
                            int                  max_size,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GdkTexture *cached;
  LoadData *data;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_texture_load_async);
  g_task_set_return_on_cancel (task, TRUE);

  cached = atelier_texture_lookup (path, max_size);
  if (cached != NULL)
    {
      g_task_return_pointer (task, g_object_ref (cached), g_object_unref);
      return;
    }

  data = g_new0 (LoadData, 1);
  data->path = g_strdup (path);
  data->max_size = max_size;
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_thread);
}

GdkTexture *
atelier_texture_load_finish (GAsyncResult  *result,
                             GError       **error)
{
  GTask *task = G_TASK (result);
  LoadData *data = g_task_get_task_data (task);
  GdkTexture *texture;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (task) == atelier_texture_load_async, NULL);

  texture = g_task_propagate_pointer (task, error);
  if (texture != NULL && data != NULL)
    cache_insert (data->path, data->max_size, texture);
  return texture;
}
