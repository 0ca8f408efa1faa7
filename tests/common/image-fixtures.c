/* image-fixtures.c: decompression bombs made in a few milliseconds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <zlib.h>

#include "image-fixtures.h"

/* Uncompressed bytes per repeated deflate block: large enough that the
 * per-block overhead (~20 bytes) is small, small enough to compress fast. */
#define BLOCK_SIZE (4u << 20)

static void
put_be32 (GByteArray *out,
          guint32     v)
{
  guint8 b[4] = { v >> 24, (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF };

  g_byte_array_append (out, b, 4);
}

static void
put_chunk (GByteArray   *out,
           const char   *type,
           const guint8 *data,
           gsize         length)
{
  uLong crc = crc32 (0, (const Bytef *) type, 4);

  g_assert (length <= G_MAXUINT32);
  put_be32 (out, (guint32) length);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (length > 0)
    {
      g_byte_array_append (out, data, (guint) length);
      crc = crc32_z (crc, data, length);
    }
  put_be32 (out, (guint32) crc);
}

/* Raw deflate of @n zero bytes ending on a byte boundary with no reference
 * to earlier data, so copies of it can be concatenated. */
static GByteArray *
deflate_zeros (gsize    n,
               gboolean last)
{
  g_autofree guint8 *zeros = g_malloc0 (MAX (n, 1));
  GByteArray *out = g_byte_array_new ();
  guint8 buffer[16384];
  z_stream z = { 0 };
  int ret;

  ret = deflateInit2 (&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
  g_assert_cmpint (ret, ==, Z_OK);
  z.next_in = zeros;
  z.avail_in = (uInt) n;
  do
    {
      z.next_out = buffer;
      z.avail_out = sizeof buffer;
      ret = deflate (&z, last ? Z_FINISH : Z_FULL_FLUSH);
      g_assert (ret == Z_OK || ret == Z_STREAM_END || ret == Z_BUF_ERROR);
      g_byte_array_append (out, buffer, sizeof buffer - z.avail_out);
    }
  while (z.avail_out == 0);
  deflateEnd (&z);
  return out;
}

GBytes *
image_fixture_zero_png (guint32 width,
                        guint32 height,
                        guint   channels)
{
  GByteArray *png = g_byte_array_new ();
  g_autoptr(GByteArray) idat = g_byte_array_new ();
  g_autoptr(GByteArray) block = NULL;
  g_autoptr(GByteArray) tail = NULL;
  guint8 ihdr[13];
  guint64 total = (guint64) height * (1 + (guint64) width * channels);
  guint64 repeats = total / BLOCK_SIZE;
  guint32 adler;
  const guint8 zlib_header[2] = { 0x78, 0xDA };
  guint8 adler_be[4];

  g_assert (channels == 3 || channels == 4);
  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);

  ihdr[0] = width >> 24; ihdr[1] = width >> 16; ihdr[2] = width >> 8; ihdr[3] = width;
  ihdr[4] = height >> 24; ihdr[5] = height >> 16; ihdr[6] = height >> 8; ihdr[7] = height;
  ihdr[8] = 8;                        /* bit depth */
  ihdr[9] = channels == 4 ? 6 : 2;    /* RGBA or RGB */
  ihdr[10] = ihdr[11] = ihdr[12] = 0; /* deflate, adaptive filters, no interlace */
  put_chunk (png, "IHDR", ihdr, sizeof ihdr);

  /* Filter byte 0 and black pixels: the whole stream is zeros. */
  g_byte_array_append (idat, zlib_header, 2);
  if (repeats > 0)
    {
      block = deflate_zeros (BLOCK_SIZE, FALSE);
      for (guint64 i = 0; i < repeats; i++)
        g_byte_array_append (idat, block->data, block->len);
    }
  tail = deflate_zeros (total - repeats * BLOCK_SIZE, TRUE);
  g_byte_array_append (idat, tail->data, tail->len);

  /* Adler-32 of n zeros: a = 1, b = n mod 65521. */
  adler = (guint32) ((total % 65521) << 16) | 1;
  adler_be[0] = adler >> 24; adler_be[1] = adler >> 16; adler_be[2] = adler >> 8; adler_be[3] = adler;
  g_byte_array_append (idat, adler_be, 4);

  put_chunk (png, "IDAT", idat->data, idat->len);
  put_chunk (png, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (png);
}

gboolean
image_fixture_write_png (const char  *path,
                         guint32      width,
                         guint32      height,
                         guint        channels,
                         GError     **error)
{
  g_autoptr(GBytes) png = image_fixture_zero_png (width, height, channels);

  return g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), error);
}

GBytes *
image_fixture_jpeg_header (guint16 width,
                           guint16 height)
{
  static const guint8 app0[] = {
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01, 0x00,
    0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
  };
  GByteArray *out = g_byte_array_new ();
  guint8 sof[] = {
    0xFF, 0xC0, 0x00, 0x11, 0x08, height >> 8, height & 0xFF, width >> 8, width & 0xFF, 0x03,
    0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
  };

  g_byte_array_append (out, app0, sizeof app0);
  g_byte_array_append (out, sof, sizeof sof);
  return g_byte_array_free_to_bytes (out);
}

static void
put_le32 (guint8  *p,
          guint32  v)
{
  p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}

GBytes *
image_fixture_webp_header (const char *chunk,
                           guint32     width,
                           guint32     height)
{
  guint8 d[40] = { 0 };

  memcpy (d, "RIFF", 4);
  put_le32 (d + 4, sizeof d - 8);
  memcpy (d + 8, "WEBP", 4);
  memcpy (d + 12, chunk, 4);
  put_le32 (d + 16, sizeof d - 20);

  if (g_str_equal (chunk, "VP8 "))
    {
      /* A key frame tag, the start code, 14-bit sizes. */
      d[20] = 0x10; d[21] = 0x02; d[22] = 0x00;
      d[23] = 0x9D; d[24] = 0x01; d[25] = 0x2A;
      d[26] = width & 0xFF; d[27] = (width >> 8) & 0x3F;
      d[28] = height & 0xFF; d[29] = (height >> 8) & 0x3F;
    }
  else if (g_str_equal (chunk, "VP8L"))
    {
      guint32 bits = ((width - 1) & 0x3FFF) | (((height - 1) & 0x3FFF) << 14) | (1u << 28);

      d[20] = 0x2F;
      put_le32 (d + 21, bits);
    }
  else
    {
      g_assert (g_str_equal (chunk, "VP8X"));
      put_le32 (d + 16, 10);
      d[24] = (width - 1) & 0xFF; d[25] = ((width - 1) >> 8) & 0xFF; d[26] = ((width - 1) >> 16) & 0xFF;
      d[27] = (height - 1) & 0xFF; d[28] = ((height - 1) >> 8) & 0xFF; d[29] = ((height - 1) >> 16) & 0xFF;
    }

  return g_bytes_new (d, sizeof d);
}

double
image_fixture_peak_rss_mib (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return 0;
  return usage.ru_maxrss / 1024.0;
}
