/* test-image-bombs.c: decoding within the size limit, small thumbnails, the "too large" states
 *
 * A 30000 × 30000 PNG of 2.6 MB cost 2.6 GB and 13 s even for a list
 * thumbnail. Now it is refused from its header (for formats the probe does
 * not read, from gdk-pixbuf's size-prepared), a thumbnail of a large
 * allowed image is made while decoding without the full picture, and the
 * job row and the image view say "too large to show". Every image here is
 * decoded for real (libpng, libjpeg, libwebp, gdk-pixbuf); peak memory is
 * checked where it is the point (tests that raise it run later).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <png.h>

#include "atelier-image-decode.h"
#include "atelier-image-probe.h"
#include "atelier-image-view.h"
#include "atelier-job-row.h"
#include "atelier-resources.h"
#include "atelier-texture-loader.h"
#include "image-fixtures.h"

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static char *
write_bomb (const char *name,
            guint32     width,
            guint32     height)
{
  g_autoptr(GError) error = NULL;
  char *path = tmp_path (name);

  image_fixture_write_png (path, width, height, 3, &error);
  g_assert_no_error (error);
  return path;
}

static void
assert_too_large (const GError *error,
                  const char   *size)
{
  g_assert_error (error, ATELIER_IMAGE_ERROR, ATELIER_IMAGE_ERROR_TOO_LARGE);
  if (strstr (error->message, size) == NULL)
    g_error ("“%s” does not say “%s”", error->message, size);
}

/* Pixel @x, @y of @pixbuf as 0xRRGGBBAA. */
static guint32
pixel_at (GdkPixbuf *pixbuf,
          int        x,
          int        y)
{
  const guint8 *p = gdk_pixbuf_read_pixels (pixbuf) + (gsize) y * gdk_pixbuf_get_rowstride (pixbuf)
                    + (gsize) x * gdk_pixbuf_get_n_channels (pixbuf);
  guint8 a = gdk_pixbuf_get_has_alpha (pixbuf) ? p[3] : 255;

  return ((guint32) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | a;
}

static void
assert_color (guint32 got,
              guint32 want,
              int     tolerance)
{
  for (int shift = 0; shift < 32; shift += 8)
    if (ABS ((int) ((got >> shift) & 0xFF) - (int) ((want >> shift) & 0xFF)) > tolerance)
      g_error ("colour %08x is not %08x (± %d)", got, want, tolerance);
}

/* Peak memory first, while this process's high-water mark is still low. */

static void
test_bomb_refused (void)
{
  g_autofree char *path = write_bomb ("bomb.png", 30000, 30000);
  double before = image_fixture_peak_rss_mib ();
  gint64 start = g_get_monotonic_time ();
  int sizes[] = { 128, 0 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkPixbuf) pixbuf = atelier_image_decode (path, sizes[i], NULL, &error);

      g_assert_null (pixbuf);
      assert_too_large (error, "30000 × 30000");
    }
  g_test_message ("two loads of a 30000² PNG: %.1f ms, peak RSS %.0f → %.0f MiB",
                  (g_get_monotonic_time () - start) / 1000.0, before, image_fixture_peak_rss_mib ());
  /* Decoding it would take 2.6 GB. */
  g_assert_cmpfloat (image_fixture_peak_rss_mib () - before, <, 32);
  g_unlink (path);
}

static void
test_thumbnail_memory (void)
{
  /* 6000 × 6000 is allowed (36 megapixels, 144 MB as RGBA): its thumbnail
   * is box-filtered while libpng decodes, never held at full size. */
  g_autofree char *path = write_bomb ("large.png", 6000, 6000);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  double before = image_fixture_peak_rss_mib ();

  pixbuf = atelier_image_decode (path, 128, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 128);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 128);
  assert_color (pixel_at (pixbuf, 64, 64), 0x000000ff, 0);
  g_test_message ("6000² thumbnail: peak RSS %.0f → %.0f MiB", before, image_fixture_peak_rss_mib ());
  g_assert_cmpfloat (image_fixture_peak_rss_mib () - before, <, 32);
  g_unlink (path);
}

/* PNGs of every colour type through libpng's writer. */
typedef guint16 (*SampleFunc) (int x, int y, int channel);

static char *
write_png (const char *name,
           int         width,
           int         height,
           int         color_type,
           int         bit_depth,
           gboolean    interlaced,
           SampleFunc  sample)
{
  char *path = tmp_path (name);
  FILE *file = fopen (path, "wb");
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  int channels = color_type == PNG_COLOR_TYPE_RGB_ALPHA ? 4 : color_type == PNG_COLOR_TYPE_RGB ? 3
                 : color_type == PNG_COLOR_TYPE_GRAY_ALPHA ? 2 : 1;
  g_autofree guint8 *image = g_malloc0 ((gsize) height * width * channels * 2);
  g_autofree png_bytep *rows = g_new (png_bytep, height);
  gsize rowbytes = ((gsize) width * channels * bit_depth + 7) / 8;

  g_assert_nonnull (file);
  g_assert_false (setjmp (png_jmpbuf (png)));
  png_init_io (png, file);
  png_set_IHDR (png, info, width, height, bit_depth, color_type,
                interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (color_type == PNG_COLOR_TYPE_PALETTE)
    {
      png_color palette[2] = { { 255, 0, 0 }, { 0, 0, 255 } };
      png_byte alpha[2] = { 255, 0 };

      png_set_PLTE (png, info, palette, 2);
      png_set_tRNS (png, info, alpha, 2, NULL);
    }
  png_write_info (png, info);

  for (int y = 0; y < height; y++)
    {
      guint8 *row = image + (gsize) y * rowbytes;

      rows[y] = row;
      for (int x = 0; x < width; x++)
        for (int c = 0; c < channels; c++)
          {
            guint16 v = sample (x, y, c);
            gsize bit = ((gsize) x * channels + c) * bit_depth;

            if (bit_depth == 16)
              {
                row[bit / 8] = v >> 8;
                row[bit / 8 + 1] = v & 0xFF;
              }
            else if (bit_depth == 8)
              row[bit / 8] = (guint8) v;
            else
              row[bit / 8] |= v << (8 - bit_depth - bit % 8);
          }
    }
  png_write_image (png, rows);
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);
  fclose (file);
  return path;
}

/* Left half one colour, right half another, per colour type. */
static guint16 rgba16 (int x, int y, int c) { return x < 200 ? (c == 0 || c == 3 ? 0xFFFF : 0) : (c == 2 ? 0xFFFF : c == 3 ? 0x8000 : 0); }
static guint16 rgb8 (int x, int y, int c) { return x < 200 ? (c == 1 ? 255 : 0) : 255; }
static guint16 gray1 (int x, int y, int c) { return x < 200 ? 1 : 0; }
static guint16 gray_alpha8 (int x, int y, int c) { return c == 0 ? 128 : (x < 200 ? 255 : 0); }
static guint16 palette1 (int x, int y, int c) { return x < 200 ? 0 : 1; }

static void
check_halves (const char *name,
              int         color_type,
              int         bit_depth,
              gboolean    interlaced,
              SampleFunc  sample,
              guint32     left,
              guint32     right)
{
  g_autofree char *path = write_png (name, 400, 100, color_type, bit_depth, interlaced, sample);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = atelier_image_decode (path, 128, NULL, &error);

  g_test_message ("%s", name);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 128);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 32);
  assert_color (pixel_at (pixbuf, 10, 16), left, 2);
  /* A fully transparent side has no colour to compare. */
  if ((right & 0xFF) == 0)
    g_assert_cmpuint (pixel_at (pixbuf, 118, 16) & 0xFF, ==, 0);
  else
    assert_color (pixel_at (pixbuf, 118, 16), right, 2);
  g_unlink (path);
}

static void
test_png_kinds (void)
{
  check_halves ("rgba16.png", PNG_COLOR_TYPE_RGB_ALPHA, 16, FALSE, rgba16, 0xff0000ff, 0x0000ff80);
  check_halves ("rgb8.png", PNG_COLOR_TYPE_RGB, 8, FALSE, rgb8, 0x00ff00ff, 0xffffffff);
  check_halves ("gray1.png", PNG_COLOR_TYPE_GRAY, 1, FALSE, gray1, 0xffffffff, 0x000000ff);
  check_halves ("gray-alpha.png", PNG_COLOR_TYPE_GRAY_ALPHA, 8, FALSE, gray_alpha8, 0x808080ff, 0);
  check_halves ("palette.png", PNG_COLOR_TYPE_PALETTE, 1, FALSE, palette1, 0xff0000ff, 0);
  /* Adam7 goes through gdk-pixbuf (still refused from the header when too large). */
  check_halves ("interlaced.png", PNG_COLOR_TYPE_RGB, 8, TRUE, rgb8, 0x00ff00ff, 0xffffffff);
}

static guint16 stripes (int x, int y, int c) { return c == 3 ? (x % 2 ? 255 : 0) : (x % 2 ? (c == 0 ? 255 : 0) : 0); }

static void
test_alpha_weighted (void)
{
  /* Opaque red next to transparent black, one pixel each: averaged with
   * alpha as weight, the thumbnail is half-transparent red, not dark red. */
  g_autofree char *path = write_png ("stripes.png", 512, 256, PNG_COLOR_TYPE_RGB_ALPHA, 8, FALSE, stripes);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = atelier_image_decode (path, 128, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 128);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 64);
  assert_color (pixel_at (pixbuf, 60, 30), 0xff000080, 1);
  g_unlink (path);
}

static void
test_aspect (void)
{
  static const struct { int w, h, max, tw, th; } cases[] = {
    { 300, 100, 128, 128, 43 }, { 100, 300, 128, 43, 128 }, { 20, 10, 128, 20, 10 },
    { 3000, 1, 128, 128, 1 }, { 1, 3000, 128, 1, 128 }, { 500, 400, 0, 500, 400 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("aspect-%u.png", i);
      g_autofree char *path = write_bomb (name, cases[i].w, cases[i].h);
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkPixbuf) pixbuf = atelier_image_decode (path, cases[i].max, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, cases[i].tw);
      g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, cases[i].th);
      g_unlink (path);
    }
}

static char *
save_pixbuf (const char *name,
             const char *format,
             int         width,
             int         height,
             const char *option,
             const char *value)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *path = tmp_path (name);

  gdk_pixbuf_fill (pixbuf, 0x3366ccff);
  gdk_pixbuf_save (pixbuf, path, format, &error, option, value, NULL);
  g_assert_no_error (error);
  return path;
}

static void
test_jpeg_webp (void)
{
  const char *files[][3] = {
    { "photo.jpg", "jpeg", "quality" }, { "lossy.webp", "webp", "quality" },
    { "lossless.webp", "webp", "lossless" },
  };
  const char *values[] = { "90", "90", "1" };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = save_pixbuf (files[i][0], files[i][1], 1000, 500, files[i][2], values[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkPixbuf) thumb = atelier_image_decode (path, 128, NULL, &error);
      g_autoptr(GdkPixbuf) full = NULL;

      g_test_message ("%s", files[i][0]);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_width (thumb), ==, 128);
      g_assert_cmpint (gdk_pixbuf_get_height (thumb), ==, 64);
      assert_color (pixel_at (thumb, 64, 32), 0x3366ccff, 6);

      full = atelier_image_decode (path, 0, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_width (full), ==, 1000);
      g_assert_cmpint (gdk_pixbuf_get_height (full), ==, 500);
      g_unlink (path);
    }
}

static void
test_headers_refused (void)
{
  /* Bomb headers of the other formats, refused before any decoder runs. */
  struct { const char *name; GBytes *bytes; const char *size; } cases[] = {
    { "bomb.jpg", image_fixture_jpeg_header (30000, 30000), "30000 × 30000" },
    { "bomb-x.webp", image_fixture_webp_header ("VP8X", 30000, 30000), "30000 × 30000" },
    { "bomb-l.webp", image_fixture_webp_header ("VP8L", 16384, 16384), "16384 × 16384" },
    { "wide.webp", image_fixture_webp_header ("VP8X", 20000, 10), "20000 × 10" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = tmp_path (cases[i].name);
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;

      g_assert_true (g_file_set_contents (path, g_bytes_get_data (cases[i].bytes, NULL),
                                          g_bytes_get_size (cases[i].bytes), NULL));
      pixbuf = atelier_image_decode (path, 0, NULL, &error);
      g_assert_null (pixbuf);
      assert_too_large (error, cases[i].size);
      g_bytes_unref (cases[i].bytes);
      g_unlink (path);
    }
}

static void
put_le (guint8 *p,
        guint32 v,
        int     n)
{
  for (int i = 0; i < n; i++)
    p[i] = (v >> (8 * i)) & 0xFF;
}

static void
test_size_prepared_gate (void)
{
  /* A BMP (a format the probe does not read) claiming 30000 × 30000: the
   * gdk-pixbuf loader reports the size before allocating and is stopped. */
  guint8 bmp[54 + 64] = { 'B', 'M' };
  g_autofree char *path = tmp_path ("bomb.bmp");
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  double before = image_fixture_peak_rss_mib ();

  put_le (bmp + 2, sizeof bmp, 4);
  put_le (bmp + 10, 54, 4);
  put_le (bmp + 14, 40, 4);
  put_le (bmp + 18, 30000, 4);
  put_le (bmp + 22, 30000, 4);
  put_le (bmp + 26, 1, 2);
  put_le (bmp + 28, 24, 2);
  g_assert_true (g_file_set_contents (path, (const char *) bmp, sizeof bmp, NULL));

  pixbuf = atelier_image_decode (path, 128, NULL, &error);
  g_assert_null (pixbuf);
  assert_too_large (error, "30000 × 30000");
  g_assert_cmpfloat (image_fixture_peak_rss_mib () - before, <, 32);
  g_clear_error (&error);

  pixbuf = atelier_image_decode (path, 0, NULL, &error);
  g_assert_null (pixbuf);
  assert_too_large (error, "30000 × 30000");
  g_unlink (path);
}

static void
test_damaged (void)
{
  /* A PNG cut in the middle of its pixels: the thumbnail fails with a
   * reason; the full-size view (gdk-pixbuf's progressive loader) shows
   * what arrived, at the header's size, as image viewers do. */
  g_autoptr(GBytes) png = image_fixture_zero_png (300, 300, 3);
  g_autofree char *path = tmp_path ("cut.png");
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) thumb = NULL;
  g_autoptr(GdkPixbuf) full = NULL;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), 60, NULL));
  thumb = atelier_image_decode (path, 128, NULL, &error);
  g_assert_null (thumb);
  g_assert_error (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE);
  g_clear_error (&error);

  full = atelier_image_decode (path, 0, NULL, &error);
  if (full == NULL)
    g_assert_nonnull (error);
  else
    g_assert_cmpint (gdk_pixbuf_get_width (full), ==, 300);
  g_clear_error (&error);

  /* Cut inside the header: the probe says so before any decoder runs. */
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (png, NULL), 20, NULL));
  thumb = atelier_image_decode (path, 128, NULL, &error);
  g_assert_null (thumb);
  g_assert_error (error, ATELIER_IMAGE_ERROR, ATELIER_IMAGE_ERROR_MALFORMED);
  g_unlink (path);
}

static void
texture_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GdkTexture *
load_texture (const char  *path,
              int          max_size,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  atelier_texture_load_async (path, max_size, NULL, texture_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return atelier_texture_load_finish (result, error);
}

static void
test_texture_loader (void)
{
  g_autofree char *bomb = write_bomb ("loader-bomb.png", 30000, 30000);
  g_autofree char *fine = write_bomb ("loader-fine.png", 640, 320);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  texture = load_texture (bomb, 128, &error);
  g_assert_null (texture);
  assert_too_large (error, "30000 × 30000");
  g_assert_null (atelier_texture_lookup (bomb, 128));
  g_clear_error (&error);

  texture = load_texture (fine, 128, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 128);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 64);
  g_assert_true (atelier_texture_lookup (fine, 128) == texture);
  g_clear_object (&texture);

  texture = load_texture (fine, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 640);
  atelier_texture_forget (fine);
  g_unlink (bomb);
  g_unlink (fine);
}

static GtkWidget *
find_widget (GtkWidget *widget,
             GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
wait_until (gboolean (*done) (gpointer),
            gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (data))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
row_has_tooltip (gpointer data)
{
  GtkWidget *frame = gtk_widget_get_first_child (GTK_WIDGET (data));

  return gtk_widget_get_tooltip_text (frame) != NULL;
}

static void
test_job_row (void)
{
  g_autofree char *bomb = write_bomb ("row-bomb.png", 30000, 30000);
  g_autoptr(AtelierJob) job = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, NULL);
  GtkWidget *window = gtk_window_new ();
  AtelierJobRow *row = atelier_job_row_new ();
  GtkWidget *frame, *icon;
  const char *tooltip;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (row));
  atelier_job_add_output (job, bomb);
  atelier_job_set_status (job, ATELIER_JOB_STATUS_DONE);
  atelier_job_row_set_job (row, job, "OpenAI");
  gtk_window_present (GTK_WINDOW (window));

  wait_until (row_has_tooltip, row);
  frame = gtk_widget_get_first_child (GTK_WIDGET (row));
  tooltip = gtk_widget_get_tooltip_text (frame);
  g_assert_nonnull (strstr (tooltip, "Too large to show"));
  g_assert_nonnull (strstr (tooltip, "30000 × 30000"));
  g_assert_null (atelier_job_row_get_thumbnail (row));

  icon = find_widget (frame, GTK_TYPE_IMAGE);
  g_assert_true (gtk_widget_get_visible (icon));
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), ==, "dialog-warning-symbolic");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Image too large to show");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Done, image too large to show");

  /* Another job in the same (recycled) row clears the state. */
  {
    g_autoptr(AtelierJob) other = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, NULL);

    atelier_job_row_set_job (row, other, "OpenAI");
    g_assert_null (gtk_widget_get_tooltip_text (frame));
    g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (icon)), !=, "dialog-warning-symbolic");
  }

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (bomb);
}

static gboolean
view_settled (gpointer data)
{
  AtelierImageView *view = data;
  GtkWidget *page = find_widget (GTK_WIDGET (view), ADW_TYPE_STATUS_PAGE);

  return gtk_widget_get_visible (page) || atelier_image_view_get_texture (view) != NULL;
}

static void
test_image_view (void)
{
  g_autofree char *bomb = write_bomb ("view-bomb.png", 30000, 30000);
  g_autofree char *fine = write_bomb ("view-fine.png", 300, 200);
  GtkWidget *window = gtk_window_new ();
  AtelierImageView *view = ATELIER_IMAGE_VIEW (atelier_image_view_new ());
  GtkWidget *page, *button;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));

  atelier_image_view_set_path (view, bomb);
  wait_until (view_settled, view);
  page = find_widget (GTK_WIDGET (view), ADW_TYPE_STATUS_PAGE);
  g_assert_true (gtk_widget_get_visible (page));
  g_assert_null (atelier_image_view_get_texture (view));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page)), ==, "Image Too Large to Show");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (page)), "30000 × 30000"));
  button = find_widget (page, GTK_TYPE_BUTTON);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.open-with");

  /* The next image shows normally. */
  atelier_image_view_set_path (view, fine);
  g_assert_false (gtk_widget_get_visible (page));
  wait_until (view_settled, view);
  g_assert_false (gtk_widget_get_visible (page));
  g_assert_cmpint (gdk_texture_get_width (atelier_image_view_get_texture (view)), ==, 300);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (bomb);
  g_unlink (fine);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* The window registers them; these widgets are tested alone. */
  g_resources_register (atelier_get_resource ());

  tmp_dir = g_dir_make_tmp ("atelier-image-bombs-XXXXXX", &error);
  g_assert_no_error (error);

  /* In this order: the memory checks come before anything decodes big. */
  g_test_add_func ("/image-bombs/bomb-refused", test_bomb_refused);
  g_test_add_func ("/image-bombs/thumbnail-memory", test_thumbnail_memory);
  g_test_add_func ("/image-bombs/size-prepared-gate", test_size_prepared_gate);
  g_test_add_func ("/image-bombs/headers-refused", test_headers_refused);
  g_test_add_func ("/image-bombs/png-kinds", test_png_kinds);
  g_test_add_func ("/image-bombs/alpha-weighted", test_alpha_weighted);
  g_test_add_func ("/image-bombs/aspect", test_aspect);
  g_test_add_func ("/image-bombs/jpeg-webp", test_jpeg_webp);
  g_test_add_func ("/image-bombs/damaged", test_damaged);
  g_test_add_func ("/image-bombs/texture-loader", test_texture_loader);
  g_test_add_func ("/image-bombs/job-row", test_job_row);
  g_test_add_func ("/image-bombs/image-view", test_image_view);

  status = g_test_run ();
  g_rmdir (tmp_dir);
  return status;
}
