/* test-image-probe.c: image sizes from headers, checked against real encoders
 *
 * Every probe answer is compared with what gdk-pixbuf (libpng, libjpeg,
 * libwebp) decodes from the same bytes; truncated and damaged headers are
 * told apart from unknown formats; the one size limit holds at its edges.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "atelier-image-probe.h"
#include "image-fixtures.h"

/* test-image-probe --write-seeds DIR saves the images made here as seeds
 * for tests/fuzz/fuzz-image-probe and fuzz-image-decode. */
static char *seed_dir;
static guint seed_count;

static void
save_seed (const guint8 *data,
           gsize         length)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (seed_dir == NULL || length > 16384)
    return;
  name = g_strdup_printf ("seed-%03u", seed_count++);
  path = g_build_filename (seed_dir, name, NULL);
  g_file_set_contents (path, (const char *) data, length, NULL);
}

static GBytes *
encode (const char *format,
        int         width,
        int         height,
        const char *option,
        const char *value)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  gchar *buffer = NULL;
  gsize length = 0;

  gdk_pixbuf_fill (pixbuf, 0x336699ff);
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &length, format, &error, option, value, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, length);
}

static void
assert_probe (GBytes             *bytes,
              AtelierImageFormat  format,
              guint32             width,
              guint32             height)
{
  AtelierImageInfo info;
  gsize n;
  const guint8 *data = g_bytes_get_data (bytes, &n);

  save_seed (data, n);
  g_assert_cmpint (atelier_image_probe (data, n, &info), ==, ATELIER_IMAGE_PROBE_OK);
  g_assert_cmpint (info.format, ==, format);
  g_assert_cmpuint (info.width, ==, width);
  g_assert_cmpuint (info.height, ==, height);
}

/* The probe agrees with the decoder on what real encoders write. */
static void
test_real_encoders (void)
{
  static const struct { int w, h; } sizes[] = { { 1, 1 }, { 17, 3 }, { 640, 480 }, { 3, 1000 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GBytes) png = encode ("png", sizes[i].w, sizes[i].h, NULL, NULL);
      g_autoptr(GBytes) jpeg = encode ("jpeg", sizes[i].w, sizes[i].h, "quality", "80");
      g_autoptr(GBytes) webp = encode ("webp", sizes[i].w, sizes[i].h, "quality", "80");
      g_autoptr(GBytes) lossless = encode ("webp", sizes[i].w, sizes[i].h, "lossless", "1");

      assert_probe (png, ATELIER_IMAGE_FORMAT_PNG, sizes[i].w, sizes[i].h);
      assert_probe (jpeg, ATELIER_IMAGE_FORMAT_JPEG, sizes[i].w, sizes[i].h);
      assert_probe (webp, ATELIER_IMAGE_FORMAT_WEBP, sizes[i].w, sizes[i].h);
      assert_probe (lossless, ATELIER_IMAGE_FORMAT_WEBP, sizes[i].w, sizes[i].h);
    }
}

static void
test_bomb_headers (void)
{
  g_autoptr(GBytes) png = image_fixture_zero_png (30000, 30000, 3);
  g_autoptr(GBytes) jpeg = image_fixture_jpeg_header (65535, 30000);
  g_autoptr(GBytes) vp8 = image_fixture_webp_header ("VP8 ", 16383, 16383);
  g_autoptr(GBytes) vp8l = image_fixture_webp_header ("VP8L", 16384, 12000);
  g_autoptr(GBytes) vp8x = image_fixture_webp_header ("VP8X", 16777216, 3);
  GdkPixbufFormat *format;
  int w = 0, h = 0;

  assert_probe (png, ATELIER_IMAGE_FORMAT_PNG, 30000, 30000);
  assert_probe (jpeg, ATELIER_IMAGE_FORMAT_JPEG, 65535, 30000);
  assert_probe (vp8, ATELIER_IMAGE_FORMAT_WEBP, 16383, 16383);
  assert_probe (vp8l, ATELIER_IMAGE_FORMAT_WEBP, 16384, 12000);
  assert_probe (vp8x, ATELIER_IMAGE_FORMAT_WEBP, 16777216, 3);

  /* The generated PNG is a real one: gdk-pixbuf reads the same size (from
   * its header only; decoding it is what the probe is there to avoid). */
  {
    g_autofree char *dir = g_dir_make_tmp ("atelier-probe-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "bomb.png", NULL);

    g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL));
    format = gdk_pixbuf_get_file_info (path, &w, &h);
    g_assert_nonnull (format);
    g_assert_cmpint (w, ==, 30000);
    g_assert_cmpint (h, ==, 30000);
    g_unlink (path);
    g_rmdir (dir);
  }
  g_assert_cmpuint (g_bytes_get_size (png), <, 3 << 20);
}

static void
test_truncated (void)
{
  g_autoptr(GBytes) jpeg = encode ("jpeg", 40, 30, "quality", "80");
  g_autoptr(GBytes) png = encode ("png", 40, 30, NULL, NULL);
  g_autoptr(GBytes) webp = encode ("webp", 40, 30, "quality", "80");
  GBytes *all[] = { jpeg, png, webp };

  /* Every prefix shorter than the header is "truncated", never a size. */
  for (guint k = 0; k < G_N_ELEMENTS (all); k++)
    {
      gsize n;
      const guint8 *data = g_bytes_get_data (all[k], &n);
      gboolean seen_ok = FALSE;

      for (gsize i = 0; i <= n; i++)
        {
          AtelierImageInfo info;
          AtelierImageProbeResult r = atelier_image_probe (data, i, &info);

          if (r == ATELIER_IMAGE_PROBE_OK)
            {
              g_assert_cmpuint (info.width, ==, 40);
              g_assert_cmpuint (info.height, ==, 30);
              seen_ok = TRUE;
            }
          else if (seen_ok)
            g_error ("a longer prefix (%" G_GSIZE_FORMAT ") lost the size", i);
          else if (i >= 12)
            g_assert_cmpint (r, ==, ATELIER_IMAGE_PROBE_TRUNCATED);
          if (r != ATELIER_IMAGE_PROBE_OK)
            g_assert_cmpuint (info.width, ==, 0);
        }
      g_assert_true (seen_ok);
    }
}

static void
test_malformed (void)
{
  static const guint8 png_no_ihdr[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDX\0\0\0\x10\0\0\0\x10\x08\x02\0\0\0";
  static const guint8 png_zero[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\0\0\0\0\x10\x08\x02\0\0\0";
  static const guint8 png_huge[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\x80\0\0\0\0\0\0\x10\x08\x02\0\0\0";
  static const guint8 jpeg_sos_first[] = { 0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x08, 0, 0, 0, 0, 0, 0 };
  static const guint8 jpeg_short_segment[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01, 0, 0 };
  static const guint8 jpeg_zero_height[] = { 0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x0B, 8, 0, 0, 0, 16, 1, 1, 0x11, 0 };
  static const guint8 jpeg_tiny_sof[] = { 0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x05, 8, 0, 16, 0, 16 };
  static const guint8 jpeg_garbage[] = { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0, 0, 0x12, 0x34 };
  static const guint8 webp_other[] = "RIFF\x20\0\0\0WEBPVP8Q\x10\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
  static const guint8 webp_bad_start[] = "RIFF\x20\0\0\0WEBPVP8 \x10\0\0\0\x10\x02\0\x9d\x01\x2b\x10\0\x10\0";
  static const guint8 webp_interframe[] = "RIFF\x20\0\0\0WEBPVP8 \x10\0\0\0\x11\x02\0\x9d\x01\x2a\x10\0\x10\0";
  static const guint8 webp_zero[] = "RIFF\x20\0\0\0WEBPVP8 \x10\0\0\0\x10\x02\0\x9d\x01\x2a\0\0\x10\0";
  static const guint8 vp8l_bad_sig[] = "RIFF\x20\0\0\0WEBPVP8L\x10\0\0\0\x2e\0\0\0\0";
  static const struct { const guint8 *d; gsize n; } cases[] = {
    { png_no_ihdr, sizeof png_no_ihdr - 1 },
    { png_zero, sizeof png_zero - 1 },
    { png_huge, sizeof png_huge - 1 },
    { jpeg_sos_first, sizeof jpeg_sos_first },
    { jpeg_short_segment, sizeof jpeg_short_segment },
    { jpeg_zero_height, sizeof jpeg_zero_height },
    { jpeg_tiny_sof, sizeof jpeg_tiny_sof },
    { jpeg_garbage, sizeof jpeg_garbage },
    { webp_other, sizeof webp_other - 1 },
    { webp_bad_start, sizeof webp_bad_start - 1 },
    { webp_interframe, sizeof webp_interframe - 1 },
    { webp_zero, sizeof webp_zero - 1 },
    { vp8l_bad_sig, sizeof vp8l_bad_sig - 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      AtelierImageInfo info;

      g_test_message ("case %u", i);
      save_seed (cases[i].d, cases[i].n);
      g_assert_cmpint (atelier_image_probe (cases[i].d, cases[i].n, &info), ==,
                       ATELIER_IMAGE_PROBE_MALFORMED);
      g_assert_cmpint (info.format, !=, ATELIER_IMAGE_FORMAT_UNKNOWN);
      g_assert_cmpuint (info.width, ==, 0);
      g_assert_cmpuint (info.height, ==, 0);
    }
}

static void
test_unknown (void)
{
  static const char *const texts[] = { "", "GIF89a", "BM", "RIFF\0\0\0\0WAVE", "\xFF\xD8", "\x89PNG", "<svg" };
  AtelierImageInfo info;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_assert_cmpint (atelier_image_probe ((const guint8 *) texts[i], strlen (texts[i]), &info), ==,
                       ATELIER_IMAGE_PROBE_UNKNOWN);
      g_assert_cmpint (info.format, ==, ATELIER_IMAGE_FORMAT_UNKNOWN);
    }
  g_assert_cmpint (atelier_image_probe (NULL, 0, &info), ==, ATELIER_IMAGE_PROBE_UNKNOWN);
  g_assert_null (atelier_image_format_mime_type (ATELIER_IMAGE_FORMAT_UNKNOWN));
  g_assert_cmpstr (atelier_image_format_mime_type (ATELIER_IMAGE_FORMAT_WEBP), ==, "image/webp");
}

static void
test_jpeg_markers (void)
{
  /* Fill bytes, standalone markers and a long APP segment before SOF2
   * (progressive). */
  GByteArray *d = g_byte_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  static const guint8 head[] = { 0xFF, 0xD8, 0xFF, 0xFF, 0xFF, 0x01, 0xFF, 0xD3, 0xFF, 0xE1, 0xFF, 0xFF };
  static const guint8 sof2[] = { 0xFF, 0xC2, 0x00, 0x11, 8, 0x01, 0x00, 0x02, 0x00, 3,
                                 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1 };
  guint8 *filler = g_malloc0 (0xFFFF - 2);
  AtelierImageInfo info;

  g_byte_array_append (d, head, sizeof head);
  g_byte_array_append (d, filler, 0xFFFF - 2);
  g_byte_array_append (d, sof2, sizeof sof2);
  g_free (filler);
  bytes = g_byte_array_free_to_bytes (d);

  g_assert_cmpint (atelier_image_probe (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &info),
                   ==, ATELIER_IMAGE_PROBE_OK);
  g_assert_cmpuint (info.width, ==, 512);
  g_assert_cmpuint (info.height, ==, 256);
  g_assert_true (info.interlaced);
}

static void
test_limits (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (atelier_image_size_allowed (1, 1));
  g_assert_true (atelier_image_size_allowed (10000, 10000));
  g_assert_true (atelier_image_size_allowed (16384, 6103));
  g_assert_true (atelier_image_size_allowed (16384, 1));
  g_assert_false (atelier_image_size_allowed (16384, 6104));
  g_assert_false (atelier_image_size_allowed (16385, 1));
  g_assert_false (atelier_image_size_allowed (1, 16385));
  g_assert_false (atelier_image_size_allowed (0, 10));
  g_assert_false (atelier_image_size_allowed (10001, 10000));
  g_assert_false (atelier_image_size_allowed (G_MAXUINT32, G_MAXUINT32));
  g_assert_false (atelier_image_size_allowed (G_MAXUINT64, 1));

  g_assert_true (atelier_image_check_size (4096, 4096, &error));
  g_assert_no_error (error);
  g_assert_false (atelier_image_check_size (30000, 30000, &error));
  g_assert_error (error, ATELIER_IMAGE_ERROR, ATELIER_IMAGE_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "30000 × 30000"));
  g_assert_nonnull (strstr (error->message, "100 megapixels"));
  g_clear_error (&error);
  g_assert_false (atelier_image_check_size (12000, 12000, &error));
  g_assert_nonnull (strstr (error->message, "100 megapixels"));
  g_clear_error (&error);
  g_assert_false (atelier_image_check_size (20000, 100, &error));
  g_assert_nonnull (strstr (error->message, "16384"));
  g_clear_error (&error);
  g_assert_false (atelier_image_check_size (0, 100, &error));
  g_assert_error (error, ATELIER_IMAGE_ERROR, ATELIER_IMAGE_ERROR_MALFORMED);
}

static void
test_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("atelier-probe-XXXXXX", &error);
  g_autofree char *bomb = g_build_filename (dir, "bomb.png", NULL);
  g_autofree char *long_jpeg = g_build_filename (dir, "long.jpg", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *cut = g_build_filename (dir, "cut.png", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.png", NULL);
  AtelierImageInfo info;

  g_assert_no_error (error);
  g_assert_true (image_fixture_write_png (bomb, 30000, 30000, 4, NULL));
  g_assert_true (atelier_image_probe_file (bomb, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.format, ==, ATELIER_IMAGE_FORMAT_PNG);
  g_assert_cmpuint (info.width, ==, 30000);

  /* A JPEG whose frame header comes after 300 KB of metadata segments
   * (EXIF, ICC, XMP): the probe reads on past its first 64 KiB. */
  {
    g_autoptr(GBytes) real = encode ("jpeg", 33, 44, "quality", "80");
    const guint8 *data = g_bytes_get_data (real, NULL);
    g_autoptr(GByteArray) out = g_byte_array_new ();
    g_autofree guint8 *payload = g_malloc0 (60000);

    g_byte_array_append (out, data, 2);
    for (int i = 0; i < 5; i++)
      {
        guint8 marker[4] = { 0xFF, 0xE2, 60002 >> 8, 60002 & 0xFF };

        g_byte_array_append (out, marker, 4);
        g_byte_array_append (out, payload, 60000);
      }
    g_byte_array_append (out, data + 2, g_bytes_get_size (real) - 2);
    g_assert_true (g_file_set_contents (long_jpeg, (const char *) out->data, out->len, NULL));
    g_assert_true (atelier_image_probe_file (long_jpeg, &info, &error));
    g_assert_cmpint (info.format, ==, ATELIER_IMAGE_FORMAT_JPEG);
    g_assert_cmpuint (info.width, ==, 33);
    g_assert_cmpuint (info.height, ==, 44);
  }

  /* Unknown formats are left to the decoder's own size check. */
  g_assert_true (g_file_set_contents (text, "hello", -1, NULL));
  g_assert_true (atelier_image_probe_file (text, &info, &error));
  g_assert_cmpint (info.format, ==, ATELIER_IMAGE_FORMAT_UNKNOWN);

  g_assert_true (g_file_set_contents (cut, "\x89PNG\r\n\x1a\n\0\0\0\x0dIH", 14, NULL));
  g_assert_false (atelier_image_probe_file (cut, &info, &error));
  g_assert_error (error, ATELIER_IMAGE_ERROR, ATELIER_IMAGE_ERROR_MALFORMED);
  g_clear_error (&error);

  /* A FIFO is refused at once rather than waited on. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_false (atelier_image_probe_file (fifo, &info, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_clear_error (&error);
  g_assert_false (atelier_image_probe_file (dir, &info, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL);
  g_clear_error (&error);

  g_assert_false (atelier_image_probe_file (missing, &info, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);

  g_unlink (bomb);
  g_unlink (long_jpeg);
  g_unlink (text);
  g_unlink (cut);
  g_unlink (fifo);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc >= 3 && g_str_equal (argv[1], "--write-seeds"))
    {
      g_autoptr(GBytes) thumbnailable = image_fixture_zero_png (2000, 1500, 4);

      seed_dir = argv[2];
      g_mkdir_with_parents (seed_dir, 0755);
      save_seed (g_bytes_get_data (thumbnailable, NULL), g_bytes_get_size (thumbnailable));
      argv[2] = argv[0];
      argv += 2;
      argc -= 2;
    }
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/image-probe/real-encoders", test_real_encoders);
  g_test_add_func ("/image-probe/bomb-headers", test_bomb_headers);
  g_test_add_func ("/image-probe/truncated", test_truncated);
  g_test_add_func ("/image-probe/malformed", test_malformed);
  g_test_add_func ("/image-probe/unknown", test_unknown);
  g_test_add_func ("/image-probe/jpeg-markers", test_jpeg_markers);
  g_test_add_func ("/image-probe/limits", test_limits);
  g_test_add_func ("/image-probe/file", test_file);

  return g_test_run ();
}
