/* atelier-image-decode.c: images decoded within the shared size limit, thumbnails small
 *
 * A 2.6 MB PNG can hold 30000 × 30000 black pixels: decoding it took 2.6 GB
 * and 13 s, also for a 128 px list thumbnail. Every image is now refused
 * from its header when over the limit of atelier-image-probe.h, and a
 * thumbnail is scaled while it decodes: PNG rows are box-filtered into the
 * small picture as libpng hands them over, lossy WebP goes through
 * libwebp's own scaler, JPEG through libjpeg's DCT scaling (gdk-pixbuf asks
 * for it). Lossless WebP still needs its whole image while decoding (it may
 * refer back anywhere), which the limit bounds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-image-decode"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#ifdef HAVE_LIBPNG
#include <png.h>
#endif
#ifdef HAVE_LIBWEBP
#include <webp/decode.h>
#endif

#include "atelier-image-decode.h"
#include "atelier-image-probe.h"

#define READ_CHUNK (64 * 1024)

/* The largest size within @max_size × @max_size with the image's aspect;
 * never larger than the image. */
static void
fit_size (guint32  width,
          guint32  height,
          int      max_size,
          int     *out_width,
          int     *out_height)
{
  if (max_size <= 0 || (width <= (guint32) max_size && height <= (guint32) max_size))
    {
      *out_width = width;
      *out_height = height;
    }
  else if (width >= height)
    {
      *out_width = max_size;
      *out_height = CLAMP ((int) ((double) height * max_size / width + 0.5), 1, max_size);
    }
  else
    {
      *out_height = max_size;
      *out_width = CLAMP ((int) ((double) width * max_size / height + 0.5), 1, max_size);
    }
}

#ifdef HAVE_LIBPNG

/* Source rows in, one box-filtered destination row out whenever the source
 * moves past it: memory is a few rows, whatever the image's height. Alpha
 * weights the colour so transparent pixels do not darken the edges. */
typedef struct
{
  int      src_width, src_height;
  int      width, height;
  int     *column;   /* source x → destination x */
  guint64 *sums;     /* per destination pixel: r·a, g·a, b·a, a */
  guint32 *counts;
  int      row;      /* destination row being summed */
  guint8  *pixels;
  int      stride;
} Shrinker;

static void
shrinker_init (Shrinker  *s,
               int        src_width,
               int        src_height,
               GdkPixbuf *pixbuf)
{
  s->src_width = src_width;
  s->src_height = src_height;
  s->width = gdk_pixbuf_get_width (pixbuf);
  s->height = gdk_pixbuf_get_height (pixbuf);
  s->pixels = gdk_pixbuf_get_pixels (pixbuf);
  s->stride = gdk_pixbuf_get_rowstride (pixbuf);
  s->column = g_new (int, src_width);
  for (int x = 0; x < src_width; x++)
    s->column[x] = (int) ((guint64) x * s->width / src_width);
  s->sums = g_new0 (guint64, (gsize) s->width * 4);
  s->counts = g_new0 (guint32, s->width);
  s->row = 0;
}

static void
shrinker_flush (Shrinker *s)
{
  guint8 *out = s->pixels + (gsize) s->row * s->stride;

  for (int x = 0; x < s->width; x++, out += 4)
    {
      guint64 *sum = s->sums + (gsize) x * 4;
      guint64 alpha = sum[3];
      guint32 n = MAX (s->counts[x], 1);

      if (alpha == 0)
        memset (out, 0, 4);
      else
        for (int c = 0; c < 3; c++)
          out[c] = (guint8) MIN ((sum[c] + alpha / 2) / alpha, 255);
      out[3] = (guint8) ((alpha + n / 2) / n);
      memset (sum, 0, 4 * sizeof *sum);
      s->counts[x] = 0;
    }
}

static void
shrinker_add_row (Shrinker     *s,
                  int           y,
                  const guint8 *rgba)
{
  int row = (int) ((guint64) y * s->height / s->src_height);

  if (row != s->row)
    {
      shrinker_flush (s);
      s->row = row;
    }

  for (int x = 0; x < s->src_width; x++, rgba += 4)
    {
      guint64 *sum = s->sums + (gsize) s->column[x] * 4;
      guint32 a = rgba[3];

      sum[0] += rgba[0] * a;
      sum[1] += rgba[1] * a;
      sum[2] += rgba[2] * a;
      sum[3] += a;
      s->counts[s->column[x]]++;
    }
}

static void
shrinker_clear (Shrinker *s)
{
  g_free (s->column);
  g_free (s->sums);
  g_free (s->counts);
  g_free (s);
}

typedef struct
{
  char message[256];
} PngErrorState;

static void
png_error_cb (png_structp     png,
              png_const_charp message)
{
  PngErrorState *state = png_get_error_ptr (png);

  g_strlcpy (state->message, message, sizeof state->message);
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp     png,
                png_const_charp message)
{
}

/* A non-interlaced PNG, scaled row by row. */
static GdkPixbuf *
decode_png_scaled (const char    *path,
                   int            max_size,
                   GCancellable  *cancellable,
                   GError       **error)
{
  PngErrorState state = { "" };
  FILE *volatile file = NULL;
  png_structp volatile png = NULL;
  png_infop volatile info = NULL;
  GdkPixbuf *volatile pixbuf = NULL;
  guint8 *volatile row = NULL;
  /* On the heap so longjmp () leaves the pointer, set before setjmp (), valid. */
  Shrinker *shrinker = g_new0 (Shrinker, 1);
  volatile gboolean cancelled = FALSE;
  png_uint_32 width, height;
  int depth, color, interlace, dw, dh;

  file = fopen (path, "rbe");
  if (file == NULL)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", path,
                   g_strerror (saved));
      return NULL;
    }

  png = png_create_read_struct (PNG_LIBPNG_VER_STRING, &state, png_error_cb, png_warning_cb);
  if (png != NULL)
    info = png_create_info_struct (png);
  if (png == NULL || info == NULL)
    {
      g_strlcpy (state.message, "cannot create a PNG decoder", sizeof state.message);
      goto failed;
    }

  if (setjmp (png_jmpbuf (png)))
    goto failed;

  png_init_io (png, file);
  /* A thumbnail of damaged data is damaged pixels, as with the glTF
   * loader; the checksum is a tenth of the time. */
  png_set_crc_action (png, PNG_CRC_QUIET_USE, PNG_CRC_QUIET_USE);
#ifdef PNG_IGNORE_ADLER32
  png_set_option (png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
  /* libpng checks again, in case the file changed since it was probed. */
  png_set_user_limits (png, ATELIER_IMAGE_MAX_EDGE, ATELIER_IMAGE_MAX_EDGE);
  png_read_info (png, info);
  png_get_IHDR (png, info, &width, &height, &depth, &color, &interlace, NULL, NULL);
  if (!atelier_image_size_allowed (width, height) || interlace != PNG_INTERLACE_NONE)
    png_error (png, "the image changed while it was read");

  if (color == PNG_COLOR_TYPE_PALETTE)
    png_set_palette_to_rgb (png);
  if (color == PNG_COLOR_TYPE_GRAY && depth < 8)
    png_set_expand_gray_1_2_4_to_8 (png);
  if (png_get_valid (png, info, PNG_INFO_tRNS))
    png_set_tRNS_to_alpha (png);
  if (depth == 16)
    png_set_strip_16 (png);
  if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA)
    png_set_gray_to_rgb (png);
  png_set_filler (png, 0xFF, PNG_FILLER_AFTER);
  png_read_update_info (png, info);
  if (png_get_rowbytes (png, info) != (gsize) width * 4)
    png_error (png, "unexpected row size after conversion to RGBA");

  fit_size (width, height, max_size, &dw, &dh);
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, dw, dh);
  if (pixbuf == NULL)
    png_error (png, "out of memory");
  row = g_malloc ((gsize) width * 4);
  shrinker_init (shrinker, width, height, pixbuf);

  for (png_uint_32 y = 0; y < height; y++)
    {
      if ((y & 255) == 0 && g_cancellable_is_cancelled (cancellable))
        {
          cancelled = TRUE;
          break;
        }
      png_read_row (png, row, NULL);
      shrinker_add_row (shrinker, y, row);
    }
  if (!cancelled)
    shrinker_flush (shrinker);

  shrinker_clear (shrinker);
  g_free (row);
  png_destroy_read_struct ((png_structpp) &png, (png_infopp) &info, NULL);
  fclose (file);
  if (cancelled)
    {
      g_clear_object ((GdkPixbuf **) &pixbuf);
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }
  return pixbuf;

failed:
  shrinker_clear (shrinker);
  g_free (row);
  g_clear_object ((GdkPixbuf **) &pixbuf);
  if (png != NULL)
    png_destroy_read_struct ((png_structpp) &png, info != NULL ? (png_infopp) &info : NULL, NULL);
  fclose (file);
  g_set_error (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
               /* Translators: %s is libpng's (English) reason */
               _("The PNG image cannot be read: %s"), state.message);
  return NULL;
}

#endif /* HAVE_LIBPNG */

#ifdef HAVE_LIBWEBP

/* A still WebP through libwebp's scaler; NULL without @error for an
 * animation, which gdk-pixbuf handles. */
static GdkPixbuf *
decode_webp_scaled (const char    *path,
                    int            max_size,
                    GError       **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  WebPDecoderConfig config;
  const guint8 *data;
  gsize length;
  int dw, dh, stride;
  VP8StatusCode status;

  mapped = g_mapped_file_new (path, FALSE, error);
  if (mapped == NULL)
    return NULL;
  data = (const guint8 *) g_mapped_file_get_contents (mapped);
  length = g_mapped_file_get_length (mapped);

  if (!WebPInitDecoderConfig (&config) ||
      WebPGetFeatures (data, length, &config.input) != VP8_STATUS_OK)
    {
      g_set_error_literal (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                           _("The WebP image cannot be read"));
      return NULL;
    }
  if (config.input.has_animation)
    return NULL;
  if (!atelier_image_check_size (config.input.width, config.input.height, error))
    return NULL;

  fit_size (config.input.width, config.input.height, max_size, &dw, &dh);
  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, dw, dh);
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM, g_strerror (ENOMEM));
      return NULL;
    }
  stride = gdk_pixbuf_get_rowstride (pixbuf);

  config.options.use_threads = 0;
  if (dw != config.input.width || dh != config.input.height)
    {
      config.options.use_scaling = 1;
      config.options.scaled_width = dw;
      config.options.scaled_height = dh;
    }
  config.output.colorspace = MODE_RGBA;
  config.output.is_external_memory = 1;
  config.output.u.RGBA.rgba = gdk_pixbuf_get_pixels (pixbuf);
  config.output.u.RGBA.stride = stride;
  config.output.u.RGBA.size = (gsize) stride * (dh - 1) + (gsize) dw * 4;

  status = WebPDecode (data, length, &config);
  WebPFreeDecBuffer (&config.output);
  if (status != VP8_STATUS_OK)
    {
      g_set_error (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                   /* Translators: %d is libwebp's status code */
                   _("The WebP image cannot be read (error %d)"), (int) status);
      return NULL;
    }
  return g_steal_pointer (&pixbuf);
}

#endif /* HAVE_LIBWEBP */

typedef struct
{
  int      max_size;
  gboolean too_large;
  int      width;
  int      height;
} SizeGate;

/* gdk-pixbuf's loaders report the size before they allocate: the last word
 * for formats the probe does not read (GIF, BMP, TIFF, SVG…). A size of
 * 0 × 0 makes the loader give up; the caller also stops feeding it. */
static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  SizeGate        *gate)
{
  int dw, dh;

  if (width <= 0 || height <= 0 || !atelier_image_size_allowed (width, height))
    {
      gate->too_large = TRUE;
      gate->width = width;
      gate->height = height;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }

  fit_size (width, height, gate->max_size, &dw, &dh);
  if (dw != width || dh != height)
    gdk_pixbuf_loader_set_size (loader, dw, dh);
}

static gboolean
gate_error (SizeGate  *gate,
            GError   **error)
{
  if (!gate->too_large)
    return FALSE;
  if (atelier_image_check_size (MAX (gate->width, 0), MAX (gate->height, 0), error))
    g_assert_not_reached ();
  return TRUE;
}

static GdkPixbuf *
decode_with_loader (const char    *path,
                    int            max_size,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autofree guint8 *buffer = g_malloc (READ_CHUNK);
  g_autoptr(GError) local_error = NULL;
  SizeGate gate = { max_size, FALSE, 0, 0 };
  GdkPixbuf *pixbuf;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &gate);

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    {
      gdk_pixbuf_loader_close (loader, NULL);
      return NULL;
    }

  for (;;)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, READ_CHUNK, cancellable,
                                      &local_error);

      if (n < 0)
        {
          gdk_pixbuf_loader_close (loader, NULL);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (n == 0)
        break;
      if (!gdk_pixbuf_loader_write (loader, buffer, n, &local_error) || gate.too_large)
        {
          gdk_pixbuf_loader_close (loader, NULL);
          if (!gate_error (&gate, error))
            g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  if (!gdk_pixbuf_loader_close (loader, &local_error))
    {
      if (!gate_error (&gate, error))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (gate_error (&gate, error))
    return NULL;

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                           _("The image cannot be read"));
      return NULL;
    }
  return g_object_ref (pixbuf);
}

GdkPixbuf *
atelier_image_decode (const char    *path,
                      int            max_size,
                      GCancellable  *cancellable,
                      GError       **error)
{
  AtelierImageInfo info;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!atelier_image_probe_file (path, &info, error))
    return NULL;
  if (info.format != ATELIER_IMAGE_FORMAT_UNKNOWN &&
      !atelier_image_check_size (info.width, info.height, error))
    return NULL;

#ifdef HAVE_LIBPNG
  if (max_size > 0 && info.format == ATELIER_IMAGE_FORMAT_PNG && !info.interlaced)
    return decode_png_scaled (path, max_size, cancellable, error);
#endif
#ifdef HAVE_LIBWEBP
  if (max_size > 0 && info.format == ATELIER_IMAGE_FORMAT_WEBP)
    {
      GError *webp_error = NULL;
      GdkPixbuf *pixbuf = decode_webp_scaled (path, max_size, &webp_error);

      if (pixbuf != NULL || webp_error != NULL)
        {
          if (webp_error != NULL)
            g_propagate_error (error, webp_error);
          return pixbuf;
        }
    }
#endif

  return decode_with_loader (path, max_size, cancellable, error);
}
