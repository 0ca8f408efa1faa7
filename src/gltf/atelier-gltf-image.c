/* atelier-gltf-image.c: images, identified by magic bytes, decoded in workers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "atelier-gltf-private.h"
#include "atelier-image-probe.h"

struct _GltfImageJobs
{
  GThreadPool *pool;
};

typedef struct
{
  AtelierGltfScene *scene;
  guint             index;
  GBytes           *bytes;
  GCancellable     *cancellable;
} ImageJob;

void
gltf_image_free_pixels (AtelierGltfScene *scene,
                        guint             i)
{
  GltfSceneReal *real = (GltfSceneReal *) scene;
  AtelierGltfImage *image = &scene->images[i];

  if (real->pixbufs != NULL && real->pixbufs[i] != NULL)
    g_clear_object (&real->pixbufs[i]);
  else
    g_free (image->pixels);
  image->pixels = NULL;
}

/* The budget was charged for the header's size: a decoder that finds
 * another size (a second frame header, a canvas) stops before allocating. */
static void
on_size_prepared (GdkPixbufLoader  *pixbuf_loader,
                  int               width,
                  int               height,
                  AtelierGltfImage *image)
{
  if (width != image->width || height != image->height)
    gdk_pixbuf_loader_set_size (pixbuf_loader, 0, 0);
}

static void
decode_image (ImageJob *job)
{
  GltfSceneReal *real = (GltfSceneReal *) job->scene;
  AtelierGltfImage *image = &job->scene->images[job->index];
  g_autoptr(GdkPixbufLoader) pixbuf_loader = NULL;
  g_autoptr(GError) error = NULL;
  const char *type = strchr (image->mime_type, '/') + 1;
  GdkPixbuf *pixbuf;
  gsize length;
  const guint8 *data = g_bytes_get_data (job->bytes, &length);
  int w, h, channels, rowstride;
  const guint8 *src;

  if (g_cancellable_is_cancelled (job->cancellable))
    return;

#ifdef HAVE_LIBPNG
  if (g_str_equal (image->mime_type, "image/png"))
    {
      image->pixels = gltf_decode_png (data, length, image->width, image->height, &image->error);
      return;
    }
#endif
#ifdef HAVE_LIBWEBP
  if (g_str_equal (image->mime_type, "image/webp"))
    {
      image->pixels = gltf_decode_webp (data, length, image->width, image->height, &image->error);
      return;
    }
#endif
#ifdef HAVE_LIBJPEG
  if (g_str_equal (image->mime_type, "image/jpeg"))
    {
      image->pixels = gltf_decode_jpeg (data, length, image->width, image->height, &image->error);
      return;
    }
#endif

  pixbuf_loader = gdk_pixbuf_loader_new_with_type (type, &error);
  if (pixbuf_loader != NULL)
    g_signal_connect (pixbuf_loader, "size-prepared", G_CALLBACK (on_size_prepared), image);
  if (pixbuf_loader == NULL ||
      !gdk_pixbuf_loader_write (pixbuf_loader, data, length, &error) ||
      !gdk_pixbuf_loader_close (pixbuf_loader, &error))
    {
      if (pixbuf_loader != NULL)
        gdk_pixbuf_loader_close (pixbuf_loader, NULL);
      image->error = g_strdup (error->message);
      return;
    }

  pixbuf = gdk_pixbuf_loader_get_pixbuf (pixbuf_loader);
  if (pixbuf == NULL)
    {
      image->error = g_strdup ("the decoder produced no image");
      return;
    }

  w = gdk_pixbuf_get_width (pixbuf);
  h = gdk_pixbuf_get_height (pixbuf);
  channels = gdk_pixbuf_get_n_channels (pixbuf);
  rowstride = gdk_pixbuf_get_rowstride (pixbuf);

  /* The budget was charged for the header's size; a decoder that disagrees
   * with the header is not trusted. */
  if (w != image->width || h != image->height || gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 ||
      (channels != 3 && channels != 4))
    {
      image->error = g_strdup ("the decoded size or format does not match the image header");
      return;
    }

  if (channels == 4 && rowstride == w * 4)
    {
      real->pixbufs[job->index] = g_object_ref (G_OBJECT (pixbuf));
      image->pixels = gdk_pixbuf_get_pixels (pixbuf);
      return;
    }

  image->pixels = g_try_malloc ((gsize) w * h * 4);
  if (image->pixels == NULL)
    {
      image->error = g_strdup ("out of memory");
      return;
    }

  src = gdk_pixbuf_read_pixels (pixbuf);
  for (int y = 0; y < h; y++)
    {
      const guint8 *s = src + (gsize) y * rowstride;
      guint8 *d = image->pixels + (gsize) y * w * 4;

      if (channels == 4)
        memcpy (d, s, (gsize) w * 4);
      else
        for (int x = 0; x < w; x++, s += 3, d += 4)
          {
            d[0] = s[0];
            d[1] = s[1];
            d[2] = s[2];
            d[3] = 255;
          }
    }
}

static void
image_job_run (gpointer data,
               gpointer user_data)
{
  ImageJob *job = data;

  decode_image (job);
  g_bytes_unref (job->bytes);
  g_clear_object (&job->cancellable);
  g_free (job);
}

static gboolean
image_bytes (GltfLoader  *loader,
             JsonObject  *obj,
             const char  *ptr,
             GBytes     **out,
             char       **soft_error,
             GError     **error)
{
  const char *uri, *mime_type;
  int view;

  if (!gltf_json_string (obj, ptr, "uri", FALSE, &uri, error) ||
      !gltf_json_index (obj, ptr, "bufferView", FALSE, loader->n_views, &view, error) ||
      !gltf_json_string (obj, ptr, "mimeType", FALSE, &mime_type, error))
    return FALSE;

  if ((uri == NULL) == (view < 0))
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, ptr,
                  "an image needs exactly one of uri and bufferView");
      return FALSE;
    }

  if (view >= 0)
    {
      const guint8 *data;
      gsize length;

      if (mime_type == NULL)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL,
                      "%s/mimeType: required with a bufferView", ptr);
          return FALSE;
        }
      if (loader->views[view].stride != 0)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL,
                      "%s/bufferView: an image's bufferView must not have a byteStride", ptr);
          return FALSE;
        }
      if (!gltf_view_data (loader, view, &data, &length, error))
        return FALSE;
      /* The loader's data outlives every image job. */
      *out = g_bytes_new_static (data, length);
      return TRUE;
    }
  else
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *uri_ptr = g_strconcat (ptr, "/uri", NULL);

      if (!gltf_uri_load (loader, uri, uri_ptr, out, &local_error))
        {
          /* A missing texture file should not hide the model. */
          if (g_error_matches (local_error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_IO))
            {
              *soft_error = g_strdup (local_error->message);
              return TRUE;
            }
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }
}

gboolean
gltf_images_start (GltfLoader  *loader,
                   GError     **error)
{
  AtelierGltfScene *scene = loader->scene;
  GltfSceneReal *real = (GltfSceneReal *) scene;
  JsonArray *array;
  guint n;

  if (!gltf_json_root_array (loader, "images", &array, &n, error))
    return FALSE;

  scene->images = g_new0 (AtelierGltfImage, n);
  scene->n_images = n;
  real->pixbufs = g_new0 (GObject *, n);

  for (guint i = 0; i < n; i++)
    {
      AtelierGltfImage *image = &scene->images[i];
      g_autoptr(GBytes) bytes = NULL;
      GError *size_error = NULL;
      AtelierImageInfo info;
      char ptr[GLTF_PTR_MAX];
      const guint8 *data;
      gsize length;
      ImageJob *job;

      g_snprintf (ptr, sizeof ptr, "/images/%u", i);
      if (!image_bytes (loader, json_array_get_object_element (array, i), ptr, &bytes,
                        &image->error, error))
        return FALSE;
      if (bytes == NULL)
        continue;

      data = g_bytes_get_data (bytes, &length);
      switch (atelier_image_probe (data, length, &info))
        {
        case ATELIER_IMAGE_PROBE_OK:
          break;
        case ATELIER_IMAGE_PROBE_UNKNOWN:
          image->error = g_strdup ("unknown image format (not PNG, JPEG or WebP)");
          continue;
        case ATELIER_IMAGE_PROBE_TRUNCATED:
        case ATELIER_IMAGE_PROBE_MALFORMED:
        default:
          image->mime_type = g_strdup (atelier_image_format_mime_type (info.format));
          image->error = g_strdup ("truncated or malformed image header");
          continue;
        }

      image->mime_type = g_strdup (atelier_image_format_mime_type (info.format));
      image->width = info.width;
      image->height = info.height;
      /* Over the one limit every image path shares: the model still loads,
       * drawn with the material's factors instead of this texture. */
      if (!atelier_image_check_size (info.width, info.height, &size_error))
        {
          image->error = g_strdup_printf ("not decoded: %s", size_error->message);
          g_clear_error (&size_error);
          continue;
        }

      if (!loader->limits.decode_images)
        continue;
      if (!gltf_charge (loader, (gsize) info.width * info.height * 4, ptr, error))
        return FALSE;

      if (loader->image_jobs == NULL)
        {
          loader->image_jobs = g_new0 (GltfImageJobs, 1);
          loader->image_jobs->pool = g_thread_pool_new (image_job_run, NULL,
                                                        MAX (1, (int) g_get_num_processors ()),
                                                        FALSE, NULL);
        }

      job = g_new0 (ImageJob, 1);
      job->scene = scene;
      job->index = i;
      job->bytes = g_steal_pointer (&bytes);
      job->cancellable = loader->cancellable ? g_object_ref (loader->cancellable) : NULL;
      g_thread_pool_push (loader->image_jobs->pool, job, NULL);
    }

  return TRUE;
}

void
gltf_images_finish (GltfLoader *loader)
{
  if (loader->image_jobs == NULL)
    return;

  g_thread_pool_free (loader->image_jobs->pool, FALSE, TRUE);
  g_clear_pointer (&loader->image_jobs, g_free);
}

gboolean
gltf_image_sniff (const guint8  *data,
                  gsize          length,
                  const char   **mime_type,
                  guint32       *width,
                  guint32       *height)
{
  static const char * const mime_types[] = {
    [ATELIER_IMAGE_FORMAT_PNG] = "image/png",
    [ATELIER_IMAGE_FORMAT_JPEG] = "image/jpeg",
    [ATELIER_IMAGE_FORMAT_WEBP] = "image/webp",
  };
  AtelierImageInfo info;

  if (atelier_image_probe (data, length, &info) != ATELIER_IMAGE_PROBE_OK
      || info.format == ATELIER_IMAGE_FORMAT_UNKNOWN)
    return FALSE;
  *mime_type = mime_types[info.format];
  *width = info.width;
  *height = info.height;
  return TRUE;
}
