/* atelier-gltf-image.c: images, identified by magic bytes, decoded in workers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "atelier-gltf-private.h"

/* Textures wider than GL's usual maximum cannot be uploaded anyway. */
#define MAX_IMAGE_EDGE 32768

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

static guint32
be16 (const guint8 *p)
{
  return ((guint32) p[0] << 8) | p[1];
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

static gboolean
sniff_jpeg (const guint8 *d,
            gsize         n,
            guint32      *width,
            guint32      *height)
{
  gsize i = 2;

  while (i + 4 <= n)
    {
      guint8 m;
      guint32 seg;

      if (d[i] != 0xFF)
        return FALSE;
      while (i < n && d[i] == 0xFF)
        i++;
      if (i >= n)
        return FALSE;
      m = d[i++];

      if (m == 0x01 || (m >= 0xD0 && m <= 0xD8))
        continue;
      if (i + 2 > n)
        return FALSE;
      seg = be16 (d + i);
      if (seg < 2)
        return FALSE;

      if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC)
        {
          if (i + 7 > n)
            return FALSE;
          *height = be16 (d + i + 3);
          *width = be16 (d + i + 5);
          return TRUE;
        }
      i += seg;
    }

  return FALSE;
}

static gboolean
sniff_webp (const guint8 *d,
            gsize         n,
            guint32      *width,
            guint32      *height)
{
  if (n < 30)
    return FALSE;

  if (memcmp (d + 12, "VP8 ", 4) == 0)
    {
      if (d[23] != 0x9D || d[24] != 0x01 || d[25] != 0x2A)
        return FALSE;
      *width = (d[26] | (d[27] << 8)) & 0x3FFF;
      *height = (d[28] | (d[29] << 8)) & 0x3FFF;
      return TRUE;
    }
  if (memcmp (d + 12, "VP8L", 4) == 0)
    {
      guint32 bits = d[21] | (d[22] << 8) | (d[23] << 16) | ((guint32) d[24] << 24);

      if (d[20] != 0x2F)
        return FALSE;
      *width = (bits & 0x3FFF) + 1;
      *height = ((bits >> 14) & 0x3FFF) + 1;
      return TRUE;
    }
  if (memcmp (d + 12, "VP8X", 4) == 0)
    {
      *width = (d[24] | (d[25] << 8) | (d[26] << 16)) + 1;
      *height = (d[27] | (d[28] << 8) | (d[29] << 16)) + 1;
      return TRUE;
    }

  return FALSE;
}

/* Services declare one type and send another, so only the bytes count. */
gboolean
gltf_image_sniff (const guint8  *d,
                  gsize          n,
                  const char   **mime_type,
                  guint32       *width,
                  guint32       *height)
{
  *mime_type = NULL;
  *width = *height = 0;

  if (n >= 24 && memcmp (d, "\x89PNG\r\n\x1a\n", 8) == 0)
    {
      *mime_type = "image/png";
      if (memcmp (d + 12, "IHDR", 4) != 0)
        return FALSE;
      *width = be32 (d + 16);
      *height = be32 (d + 20);
      return TRUE;
    }
  if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
    {
      *mime_type = "image/jpeg";
      return sniff_jpeg (d, n, width, height);
    }
  if (n >= 12 && memcmp (d, "RIFF", 4) == 0 && memcmp (d + 8, "WEBP", 4) == 0)
    {
      *mime_type = "image/webp";
      return sniff_webp (d, n, width, height);
    }

  return FALSE;
}

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
      const char *mime_type;
      guint32 width, height;
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
      if (!gltf_image_sniff (data, length, &mime_type, &width, &height))
        {
          image->mime_type = g_strdup (mime_type);
          image->error = g_strdup (mime_type == NULL ? "unknown image format (not PNG, JPEG or WebP)"
                                                     : "truncated or malformed image header");
          continue;
        }

      image->mime_type = g_strdup (mime_type);
      if (width == 0 || height == 0 || width > MAX_IMAGE_EDGE || height > MAX_IMAGE_EDGE)
        {
          image->error = g_strdup_printf ("unsupported image size %u×%u", width, height);
          continue;
        }
      image->width = width;
      image->height = height;

      if (!loader->limits.decode_images)
        continue;
      if (!gltf_charge (loader, (gsize) width * height * 4, ptr, error))
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
