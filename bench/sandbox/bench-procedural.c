/* bench-procedural.c: how fast the sandbox makes its content
 *
 * Times the procedural generators other benchmarks and the sandbox rely on
 * (a 1,000,000-face GLB with a 2048² texture, 1024² images in each format)
 * and prints each beside a floor measured in the same run: copying the
 * same number of bytes for the GLB, and encoding a flat image of the same
 * size and format for the images (the encoder's own cost).
 *
 *   bench-procedural [--runs N] [--faces N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-bench"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "atelier-procedural-private.h"

static int runs = 3;
static int faces = 1000000;

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *samples)
{
  g_array_sort (samples, compare_double);
  return g_array_index (samples, double, samples->len / 2);
}

static void
row (const char *what,
     double      ours,
     double      floor,
     const char *size)
{
  printf ("%-34s %10.1f %10.1f   %s\n", what, ours, floor, size);
}

static void
bench_glb (const char *label,
           guint       texture)
{
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *size = NULL;
  gsize len = 0;

  for (int i = 0; i < runs; i++)
    {
      AtelierProceduralModel model = {
        .prompt = "a twisted golden vase", .faces = faces, .with_normals = TRUE,
        .texture_size = texture, .texture_format = "png",
      };
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) glb = NULL;
      g_autofree guint8 *copy = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      glb = atelier_procedural_glb (&model, &error);
      g_assert_no_error (error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (ours, ms);
      len = g_bytes_get_size (glb);

      start = g_get_monotonic_time ();
      copy = g_malloc (len);
      memcpy (copy, g_bytes_get_data (glb, NULL), len);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (floor, ms);
    }

  size = g_format_size (len);
  row (label, median (ours), median (floor), size);
}

static void
bench_image (const char *format)
{
  g_autoptr(GArray) ours = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GdkPixbuf) flat = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, 1024, 1024);
  g_autofree char *label = g_strdup_printf ("image 1024² %s", format);
  g_autofree char *size = NULL;
  gsize len = 0;

  gdk_pixbuf_fill (flat, 0x204080ff);
  for (int i = 0; i < runs; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) image = NULL;
      g_autoptr(GBytes) encoded = NULL;
      gint64 start = g_get_monotonic_time ();
      double ms;

      image = atelier_procedural_image ("lazy cats in black and gold", NULL, 1024, 1024,
                                        "pattern", format, FALSE, &error);
      g_assert_no_error (error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (ours, ms);
      len = g_bytes_get_size (image);

      start = g_get_monotonic_time ();
      encoded = _atelier_procedural_encode (flat, format, 90, &error);
      g_assert_no_error (error);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (floor, ms);
    }

  size = g_format_size (len);
  row (label, median (ours), median (floor), size);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *glb_label = NULL;
  g_autofree char *bare_label = NULL;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per figure (median)", "N" },
    { "faces", 0, 0, G_OPTION_ARG_INT, &faces, "Faces of the GLB", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || runs < 1 || faces < 12)
    {
      fprintf (stderr, "bench-procedural: %s\n", error ? error->message : "bad arguments");
      return 2;
    }

  glb_label = g_strdup_printf ("GLB %d faces + 2048² PNG", faces);
  bare_label = g_strdup_printf ("GLB %d faces, no texture", faces);

  printf ("%-34s %10s %10s   %s\n", "median of runs", "ours (ms)", "floor (ms)", "size");
  bench_glb (glb_label, 2048);
  bench_glb (bare_label, 0);
  bench_image ("png");
  bench_image ("jpeg");
  bench_image ("webp");
  printf ("floor: GLB = copying the same bytes; image = encoding a flat image of the same "
          "size and format\n");
  return 0;
}
