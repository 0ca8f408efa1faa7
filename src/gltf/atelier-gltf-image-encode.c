/* atelier-gltf-image-encode.c: resizing and encoding textures for the writer
 *
 * WebP through libwebp, PNG and JPEG through gdk-pixbuf (libpng and
 * libjpeg-turbo underneath). Resizing is a separable Lanczos-3 filter, the
 * one image editors use for downscaling, weighted by alpha.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>
#include <string.h>
#ifdef HAVE_LIBWEBP
#include <webp/encode.h>
#endif

#include "atelier-gltf-asset-private.h"

gboolean
gltf_image_is_opaque (const guint8 *rgba,
                      int           width,
                      int           height)
{
  for (gsize i = 3; i < (gsize) width * height * 4; i += 4)
    if (rgba[i] != 255)
      return FALSE;
  return TRUE;
}

static double
lanczos3 (double x)
{
  if (x == 0.0)
    return 1.0;
  if (x <= -3.0 || x >= 3.0)
    return 0.0;
  x *= G_PI;
  return 3.0 * sin (x) * sin (x / 3.0) / (x * x);
}

typedef struct
{
  int    first;
  int    n;
  float *weights;
} Contrib;

/* For each output sample, the input samples and normalized weights. */
static Contrib *
contributions (int src,
               int dst)
{
  double scale = (double) src / dst;
  double support = 3.0 * MAX (scale, 1.0);
  double filter_scale = 1.0 / MAX (scale, 1.0);
  Contrib *c = g_new0 (Contrib, dst);

  for (int i = 0; i < dst; i++)
    {
      double center = (i + 0.5) * scale;
      int lo = MAX (0, (int) floor (center - support));
      int hi = MIN (src - 1, (int) ceil (center + support));
      double sum = 0.0;

      c[i].first = lo;
      c[i].n = hi - lo + 1;
      c[i].weights = g_new (float, c[i].n);
      for (int j = lo; j <= hi; j++)
        {
          double w = lanczos3 ((j + 0.5 - center) * filter_scale);

          c[i].weights[j - lo] = w;
          sum += w;
        }
      for (int k = 0; k < c[i].n; k++)
        c[i].weights[k] = sum != 0.0 ? c[i].weights[k] / sum : 1.0f / c[i].n;
    }
  return c;
}

static void
contributions_free (Contrib *c,
                    int      n)
{
  for (int i = 0; i < n; i++)
    g_free (c[i].weights);
  g_free (c);
}

guint8 *
gltf_image_resize (const guint8 *rgba,
                   int           width,
                   int           height,
                   int           new_width,
                   int           new_height)
{
  Contrib *cx = contributions (width, new_width);
  Contrib *cy = contributions (height, new_height);
  float *tmp = g_new (float, (gsize) new_width * height * 4);
  guint8 *out = g_malloc ((gsize) new_width * new_height * 4);

  /* Horizontal pass, premultiplied so transparent texels carry no colour. */
  for (int y = 0; y < height; y++)
    {
      const guint8 *row = rgba + (gsize) y * width * 4;
      float *dst = tmp + (gsize) y * new_width * 4;

      for (int x = 0; x < new_width; x++)
        {
          float acc[4] = { 0, 0, 0, 0 };

          for (int k = 0; k < cx[x].n; k++)
            {
              const guint8 *p = row + (gsize) (cx[x].first + k) * 4;
              float w = cx[x].weights[k];
              float a = p[3] * (1.0f / 255.0f);

              acc[0] += w * p[0] * a;
              acc[1] += w * p[1] * a;
              acc[2] += w * p[2] * a;
              acc[3] += w * p[3];
            }
          memcpy (dst + (gsize) x * 4, acc, sizeof acc);
        }
    }

  for (int y = 0; y < new_height; y++)
    for (int x = 0; x < new_width; x++)
      {
        float acc[4] = { 0, 0, 0, 0 };
        guint8 *p = out + ((gsize) y * new_width + x) * 4;
        float alpha;

        for (int k = 0; k < cy[y].n; k++)
          {
            const float *s = tmp + ((gsize) (cy[y].first + k) * new_width + x) * 4;
            float w = cy[y].weights[k];

            acc[0] += w * s[0];
            acc[1] += w * s[1];
            acc[2] += w * s[2];
            acc[3] += w * s[3];
          }
        alpha = CLAMP (acc[3], 0.0f, 255.0f);
        for (int c = 0; c < 3; c++)
          {
            float v = alpha > 0.0f ? acc[c] * 255.0f / alpha : 0.0f;

            p[c] = (guint8) (CLAMP (v, 0.0f, 255.0f) + 0.5f);
          }
        p[3] = (guint8) (alpha + 0.5f);
      }

  g_free (tmp);
  contributions_free (cx, new_width);
  contributions_free (cy, new_height);
  return out;
}

static GBytes *
encode_with_pixbuf (const guint8  *rgba,
                    int            width,
                    int            height,
                    const char    *type,
                    int            quality,
                    GError       **error)
{
  gboolean alpha = g_str_equal (type, "png") && !gltf_image_is_opaque (rgba, width, height);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, alpha, 8, width, height);
  g_autoptr(GError) local_error = NULL;
  guint8 *dst = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = alpha ? 4 : 3;
  gchar *buffer = NULL;
  gsize size = 0;
  gboolean ok;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      memcpy (dst + (gsize) y * stride + (gsize) x * channels,
              rgba + ((gsize) y * width + x) * 4, channels);

  if (g_str_equal (type, "jpeg"))
    {
      g_autofree char *q = g_strdup_printf ("%d", quality > 0 ? quality : 90);

      ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", &local_error,
                                      "quality", q, NULL);
    }
  else
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &local_error,
                                    "compression", "9", NULL);
  if (!ok)
    {
      g_set_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_IMAGE,
                   "cannot encode a %d×%d %s image: %s", width, height, type,
                   local_error->message);
      return NULL;
    }
  return g_bytes_new_take (buffer, size);
}

GBytes *
gltf_image_encode (const guint8  *rgba,
                   int            width,
                   int            height,
                   const char    *mime_type,
                   int            quality,
                   GError       **error)
{
  if (g_str_equal (mime_type, "image/webp"))
    {
#ifdef HAVE_LIBWEBP
      uint8_t *out = NULL;
      size_t size;

      size = WebPEncodeRGBA (rgba, width, height, width * 4, quality > 0 ? quality : 90, &out);
      if (size == 0)
        {
          g_set_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_IMAGE,
                       "cannot encode a %d×%d WebP image", width, height);
          return NULL;
        }
      {
        GBytes *bytes = g_bytes_new (out, size);

        WebPFree (out);
        return bytes;
      }
#else
      g_set_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_UNSUPPORTED,
                   "WebP encoding is not available in this build (libwebp)");
      return NULL;
#endif
    }
  if (g_str_equal (mime_type, "image/jpeg"))
    return encode_with_pixbuf (rgba, width, height, "jpeg", quality, error);
  return encode_with_pixbuf (rgba, width, height, "png", quality, error);
}

#define MAX_DECODE_EDGE 16384

guint8 *
gltf_image_decode_file (GBytes  *file,
                        int     *width,
                        int     *height,
                        GError **error)
{
  gsize length;
  const guint8 *data = g_bytes_get_data (file, &length);
  const char *mime_type = NULL;
  guint32 w, h;
  g_autofree char *message = NULL;
  guint8 *pixels = NULL;

  if (!gltf_image_sniff (data, length, &mime_type, &w, &h) || w == 0 || h == 0 ||
      w > MAX_DECODE_EDGE || h > MAX_DECODE_EDGE)
    {
      g_set_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_IMAGE,
                   "unknown, malformed or oversized image");
      return NULL;
    }

#ifdef HAVE_LIBPNG
  if (g_str_equal (mime_type, "image/png"))
    pixels = gltf_decode_png (data, length, w, h, &message);
#endif
#ifdef HAVE_LIBJPEG
  if (g_str_equal (mime_type, "image/jpeg"))
    pixels = gltf_decode_jpeg (data, length, w, h, &message);
#endif
#ifdef HAVE_LIBWEBP
  if (g_str_equal (mime_type, "image/webp"))
    pixels = gltf_decode_webp (data, length, w, h, &message);
#endif

  if (pixels == NULL && message == NULL)
    {
      g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_mime_type (mime_type, NULL);
      GdkPixbuf *pixbuf;

      if (loader != NULL && gdk_pixbuf_loader_write (loader, data, length, NULL) &&
          gdk_pixbuf_loader_close (loader, NULL) &&
          (pixbuf = gdk_pixbuf_loader_get_pixbuf (loader)) != NULL &&
          gdk_pixbuf_get_width (pixbuf) == (int) w && gdk_pixbuf_get_height (pixbuf) == (int) h &&
          gdk_pixbuf_get_bits_per_sample (pixbuf) == 8)
        {
          g_autoptr(GdkPixbuf) rgba = gdk_pixbuf_add_alpha (pixbuf, FALSE, 0, 0, 0);
          const guint8 *src = gdk_pixbuf_read_pixels (rgba);
          int stride = gdk_pixbuf_get_rowstride (rgba);

          pixels = g_malloc ((gsize) w * h * 4);
          for (guint32 y = 0; y < h; y++)
            memcpy (pixels + (gsize) y * w * 4, src + (gsize) y * stride, (gsize) w * 4);
        }
      else
        message = g_strdup ("the image could not be decoded");
      if (loader != NULL)
        gdk_pixbuf_loader_close (loader, NULL);
    }

  if (pixels == NULL)
    {
      g_set_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_IMAGE, "%s", message);
      return NULL;
    }
  *width = w;
  *height = h;
  return pixels;
}
