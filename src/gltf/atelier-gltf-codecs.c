/* atelier-gltf-codecs.c: PNG, JPEG and WebP straight into RGBA8 (libpng, libjpeg-turbo, libwebp)
 *
 * gdk-pixbuf decodes the same formats, but zero-fills its pixbuf, copies each
 * row and makes RGB that then needs widening: on a 2048² texture that is half
 * the load time. These decoders write RGBA rows into the final array once.
 * Checksums are not verified (like most real-time loaders): damaged data
 * gives damaged pixels, never unsafe memory access.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "atelier-gltf-private.h"

#ifdef HAVE_LIBPNG
#include <png.h>

typedef struct
{
  const guint8 *data;
  gsize         length;
  gsize         offset;
  char         *error;
} PngReader;

static void
png_read_cb (png_structp png,
             png_bytep   out,
             size_t      n)
{
  PngReader *reader = png_get_io_ptr (png);

  if (n > reader->length - reader->offset)
    png_error (png, "unexpected end of PNG data");
  memcpy (out, reader->data + reader->offset, n);
  reader->offset += n;
}

static void
png_error_cb (png_structp     png,
              png_const_charp message)
{
  PngReader *reader = png_get_error_ptr (png);

  if (reader->error == NULL)
    reader->error = g_strdup (message);
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp     png,
                png_const_charp message)
{
}

guint8 *
gltf_decode_png (const guint8  *data,
                 gsize          length,
                 guint32        width,
                 guint32        height,
                 char         **error)
{
  PngReader reader = { data, length, 0, NULL };
  png_structp png;
  png_infop info;
  guint8 *volatile pixels = NULL;
  png_bytep *volatile rows = NULL;
  int color_type, bit_depth;

  png = png_create_read_struct (PNG_LIBPNG_VER_STRING, &reader, png_error_cb, png_warning_cb);
  if (png == NULL)
    {
      *error = g_strdup ("cannot create a PNG decoder");
      return NULL;
    }
  info = png_create_info_struct (png);

  if (info == NULL || setjmp (png_jmpbuf (png)))
    {
      png_destroy_read_struct (&png, &info, NULL);
      g_free (pixels);
      g_free (rows);
      *error = reader.error ? reader.error : g_strdup ("PNG decoding failed");
      return NULL;
    }

  png_set_read_fn (png, &reader, png_read_cb);
  png_set_crc_action (png, PNG_CRC_QUIET_USE, PNG_CRC_QUIET_USE);
#ifdef PNG_IGNORE_ADLER32
  png_set_option (png, PNG_IGNORE_ADLER32, PNG_OPTION_ON);
#endif
  png_set_user_limits (png, width, height);
  png_read_info (png, info);

  if (png_get_image_width (png, info) != width || png_get_image_height (png, info) != height)
    png_error (png, "PNG size differs from its header");

  color_type = png_get_color_type (png, info);
  bit_depth = png_get_bit_depth (png, info);
  if (color_type == PNG_COLOR_TYPE_PALETTE)
    png_set_palette_to_rgb (png);
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8)
    png_set_expand_gray_1_2_4_to_8 (png);
  if (png_get_valid (png, info, PNG_INFO_tRNS))
    png_set_tRNS_to_alpha (png);
  else if (!(color_type & PNG_COLOR_MASK_ALPHA))
    png_set_filler (png, 0xFF, PNG_FILLER_AFTER);
  if (bit_depth == 16)
    png_set_strip_16 (png);
  if (color_type == PNG_COLOR_TYPE_GRAY || color_type == PNG_COLOR_TYPE_GRAY_ALPHA)
    png_set_gray_to_rgb (png);
  png_set_interlace_handling (png);
  png_read_update_info (png, info);

  if (png_get_rowbytes (png, info) != (gsize) width * 4)
    png_error (png, "unsupported PNG pixel format");

  pixels = gltf_try_alloc_large ((gsize) width * height * 4);
  rows = g_try_new (png_bytep, height);
  if (pixels == NULL || rows == NULL)
    png_error (png, "out of memory");
  for (guint32 y = 0; y < height; y++)
    rows[y] = pixels + (gsize) y * width * 4;

  png_read_image (png, rows);
  png_destroy_read_struct (&png, &info, NULL);
  g_free (rows);
  return pixels;
}
#endif

#ifdef HAVE_LIBJPEG
#include <jpeglib.h>

typedef struct
{
  struct jpeg_error_mgr mgr;
  jmp_buf               jump;
  char                  message[JMSG_LENGTH_MAX];
} JpegError;

static void
jpeg_error_exit_cb (j_common_ptr cinfo)
{
  JpegError *err = (JpegError *) cinfo->err;

  cinfo->err->format_message (cinfo, err->message);
  longjmp (err->jump, 1);
}

static void
jpeg_output_message_cb (j_common_ptr cinfo)
{
}

guint8 *
gltf_decode_jpeg (const guint8  *data,
                  gsize          length,
                  guint32        width,
                  guint32        height,
                  char         **error)
{
  struct jpeg_decompress_struct cinfo;
  JpegError err;
  guint8 *volatile pixels = NULL;

  cinfo.err = jpeg_std_error (&err.mgr);
  err.mgr.error_exit = jpeg_error_exit_cb;
  err.mgr.output_message = jpeg_output_message_cb;
  err.message[0] = '\0';

  if (setjmp (err.jump))
    {
      jpeg_destroy_decompress (&cinfo);
      g_free (pixels);
      *error = g_strdup (err.message[0] ? err.message : "JPEG decoding failed");
      return NULL;
    }

  jpeg_create_decompress (&cinfo);
  jpeg_mem_src (&cinfo, data, length);
  jpeg_read_header (&cinfo, TRUE);

  if (cinfo.image_width != width || cinfo.image_height != height)
    {
      g_strlcpy (err.message, "JPEG size differs from its header", sizeof err.message);
      longjmp (err.jump, 1);
    }

  /* libjpeg-turbo writes RGBA itself; CMYK and others are refused. */
  if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK)
    {
      g_strlcpy (err.message, "CMYK JPEG is not supported", sizeof err.message);
      longjmp (err.jump, 1);
    }
  cinfo.out_color_space = JCS_EXT_RGBA;
  jpeg_start_decompress (&cinfo);

  if (cinfo.output_width != width || cinfo.output_height != height ||
      cinfo.output_components != 4)
    {
      g_strlcpy (err.message, "unexpected JPEG output format", sizeof err.message);
      longjmp (err.jump, 1);
    }

  pixels = gltf_try_alloc_large ((gsize) width * height * 4);
  if (pixels == NULL)
    {
      g_strlcpy (err.message, "out of memory", sizeof err.message);
      longjmp (err.jump, 1);
    }

  while (cinfo.output_scanline < cinfo.output_height)
    {
      JSAMPROW row = pixels + (gsize) cinfo.output_scanline * width * 4;
      jpeg_read_scanlines (&cinfo, &row, 1);
    }

  jpeg_finish_decompress (&cinfo);
  jpeg_destroy_decompress (&cinfo);
  return pixels;
}
#endif

#ifdef HAVE_LIBWEBP
#include <webp/decode.h>

guint8 *
gltf_decode_webp (const guint8  *data,
                  gsize          length,
                  guint32        width,
                  guint32        height,
                  char         **error)
{
  int w = 0, h = 0;
  gsize size = (gsize) width * height * 4;
  guint8 *pixels;

  if (!WebPGetInfo (data, length, &w, &h) || (guint32) w != width || (guint32) h != height)
    {
      *error = g_strdup ("WebP size differs from its header or the data is invalid");
      return NULL;
    }

  pixels = gltf_try_alloc_large (size);
  if (pixels == NULL)
    {
      *error = g_strdup ("out of memory");
      return NULL;
    }

  if (WebPDecodeRGBAInto (data, length, pixels, size, (int) width * 4) == NULL)
    {
      g_free (pixels);
      *error = g_strdup ("WebP decoding failed");
      return NULL;
    }
  return pixels;
}
#endif
