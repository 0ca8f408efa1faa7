/* bench-asset.c: `atelier-cli optimize` beside gltfpack on a 1,000,000-face model
 *
 * Generates a model shaped like generator output (one big UV-mapped mesh,
 * no normals, uint32 indices, a 2048² JPEG), then, in the same run and in
 * alternating order, simplifies it to 5 % with meshopt compression with
 *   atelier-cli optimize IN OUT --ratio 0.05 --compress meshopt
 *   gltfpack -i IN -o OUT -si 0.05 -cc
 * (each a fresh process; wall time, median of the runs), and compares the
 * output sizes, face counts, glTF-Validator errors and the silhouette of
 * clay renders against the source's (intersection over union of the
 * foreground masks, one camera framed on the source). Then 1M → 20,000 faces
 * as binary STL, checking that its header count matches its size.
 *
 *   bench-asset --cli PATH [--gltfpack PATH] [--validator JS] [--faces N] [--runs N] [--keep DIR]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "atelier-gltf.h"
#include "atelier-headless.h"
#include "atelier-procedural.h"

#define SIZE 512

static double
run_ms (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;
  gint64 start = g_get_monotonic_time ();

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL,
                     &err, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      fprintf (stderr, "%s failed: %s\n%s", argv[0], error->message, err ? err : "");
      return -1.0;
    }
  return (g_get_monotonic_time () - start) / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *values)
{
  g_array_sort (values, compare_doubles);
  return values->len ? g_array_index (values, double, values->len / 2) : -1.0;
}

static guint8 *
render_clay (const AtelierGltfScene *scene,
             const AtelierGltfScene *framing)
{
  static const float clear[4] = { 0, 0, 0, 0 };
  g_autoptr(AtelierHeadless) headless = NULL;
  g_autoptr(AtelierRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  AtelierRenderCamera camera;
  guint8 *rgba;

  headless = atelier_headless_new (SIZE, SIZE, 4, &error);
  if (headless == NULL ||
      (renderer = atelier_renderer_new (atelier_headless_get_use_es (headless), &error)) == NULL)
    {
      fprintf (stderr, "no GL: %s\n", error->message);
      return NULL;
    }
  atelier_renderer_set_scene (renderer, scene);
  atelier_renderer_set_mode (renderer, ATELIER_RENDER_MODE_CLAY);
  atelier_renderer_set_show_grid (renderer, FALSE);
  atelier_renderer_set_background (renderer, clear);
  atelier_render_camera_init (&camera);
  atelier_render_camera_frame_bounds (&camera, framing->min, framing->max, 1.0f);
  atelier_headless_bind (headless);
  atelier_renderer_draw (renderer, &camera, SIZE, SIZE);
  rgba = atelier_headless_read_rgba (headless);
  g_clear_pointer (&renderer, atelier_renderer_free);
  return rgba;
}

static double
iou (const guint8 *a,
     const guint8 *b)
{
  guint64 inter = 0, uni = 0;

  if (a == NULL || b == NULL)
    return -1.0;
  for (gsize i = 3; i < (gsize) SIZE * SIZE * 4; i += 4)
    {
      gboolean fa = a[i] > 127, fb = b[i] > 127;

      inter += fa && fb;
      uni += fa || fb;
    }
  return uni ? (double) inter / uni : 1.0;
}

/* Errors the Khronos validator reports, -1 when it is not installed. */
static int
validator_errors (const char *validator,
                  const char *path)
{
  const char *argv[] = { "node", validator, path, NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  int status;

  if (validator == NULL || g_find_program_in_path ("node") == NULL ||
      !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &out, NULL, &status, NULL) ||
      !json_parser_load_from_data (parser, out, -1, NULL))
    return -1;
  {
    JsonObject *obj = json_node_get_object (json_parser_get_root (parser));

    return json_object_has_member (obj, "errors") ? json_object_get_int_member (obj, "errors") : -1;
  }
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (guint64) st.st_size : 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cli = NULL;
  g_autofree char *gltfpack = NULL;
  g_autofree char *validator = NULL;
  g_autofree char *keep = NULL;
  int faces = 1000000, runs = 3;
  GOptionEntry entries[] = {
    { "cli", 0, 0, G_OPTION_ARG_FILENAME, &cli, "atelier-cli", "PATH" },
    { "gltfpack", 0, 0, G_OPTION_ARG_FILENAME, &gltfpack, "gltfpack (npm package)", "PATH" },
    { "validator", 0, 0, G_OPTION_ARG_FILENAME, &validator, "tests/asset/gltf-validate.js", "JS" },
    { "faces", 0, 0, G_OPTION_ARG_INT, &faces, "Triangles in the model", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each tool", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Keep the files in DIR", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— asset optimizer benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) glb = NULL;
  g_autoptr(GArray) ours_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) pack_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(AtelierGltfScene) source = NULL;
  g_autoptr(AtelierGltfScene) ours = NULL;
  g_autoptr(AtelierGltfScene) pack = NULL;
  g_autofree guint8 *img_source = NULL;
  g_autofree guint8 *img_ours = NULL;
  g_autofree guint8 *img_pack = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *in = NULL;
  g_autofree char *out_ours = NULL;
  g_autofree char *out_pack = NULL;
  g_autofree char *out_stl = NULL;
  AtelierProceduralModel model = {
    .prompt = "a generated statue", .with_normals = FALSE,
    .texture_size = 2048, .texture_format = "jpeg",
  };
  double t_ours, t_pack = -1, iou_ours, iou_pack = -1;
  guint64 size_ours, size_pack = 0;
  gboolean have_pack;
  int v_ours, v_pack = -1;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || cli == NULL)
    {
      fprintf (stderr, "%s\n", error ? error->message : "--cli is required");
      return 2;
    }
  have_pack = gltfpack != NULL && g_file_test (gltfpack, G_FILE_TEST_IS_EXECUTABLE);

  dir = keep ? g_strdup (keep) : g_dir_make_tmp ("atelier-bench-asset-XXXXXX", NULL);
  g_mkdir_with_parents (dir, 0755);
  in = g_build_filename (dir, "generated-1m.glb", NULL);
  out_ours = g_build_filename (dir, "atelier-5.glb", NULL);
  out_pack = g_build_filename (dir, "gltfpack-5.glb", NULL);
  out_stl = g_build_filename (dir, "atelier-20k.stl", NULL);

  model.faces = faces;
  glb = atelier_procedural_glb (&model, &error);
  if (glb == NULL || !g_file_set_contents (in, g_bytes_get_data (glb, NULL), g_bytes_get_size (glb),
                                           &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }

  for (int r = 0; r < runs; r++)
    {
      const char *ours_argv[] = { cli, "optimize", in, out_ours, "--ratio", "0.05", "--compress",
                                  "meshopt", NULL };
      const char *pack_argv[] = { gltfpack, "-i", in, "-o", out_pack, "-si", "0.05", "-cc", NULL };
      double t;

      /* Alternating, so neither always runs on a warmer cache. */
      for (int k = 0; k < 2; k++)
        {
          gboolean first_ours = (r % 2 == 0) == (k == 0);

          if (first_ours)
            {
              if ((t = run_ms (ours_argv)) < 0)
                return 1;
              g_array_append_val (ours_ms, t);
            }
          else if (have_pack)
            {
              if ((t = run_ms (pack_argv)) < 0)
                return 1;
              g_array_append_val (pack_ms, t);
            }
        }
    }
  t_ours = median (ours_ms);
  size_ours = file_size (out_ours);
  if (have_pack)
    {
      t_pack = median (pack_ms);
      size_pack = file_size (out_pack);
    }

  source = atelier_gltf_load_file (in, NULL, &error);
  g_assert_no_error (error);
  ours = atelier_gltf_load_file (out_ours, NULL, &error);
  g_assert_no_error (error);
  img_source = render_clay (source, source);
  img_ours = render_clay (ours, source);
  iou_ours = iou (img_source, img_ours);
  v_ours = validator_errors (validator, out_ours);
  if (have_pack)
    {
      pack = atelier_gltf_load_file (out_pack, NULL, &error);
      if (pack == NULL)
        fprintf (stderr, "our loader cannot read gltfpack's output: %s\n", error->message);
      else
        {
          img_pack = render_clay (pack, source);
          iou_pack = iou (img_source, img_pack);
        }
      v_pack = validator_errors (validator, out_pack);
    }

  {
    g_autofree char *size = g_format_size (file_size (in));

    printf ("\n%d-face generator-shaped model (no normals, one UV-mapped mesh, 2048² JPEG), "
            "%s, simplified to 5 %% with meshopt compression; median of %d runs, wall time:\n\n",
            faces, size, runs);
  }
  printf ("  %-10s %9s %11s %9s %10s %10s\n", "", "time", "size", "faces", "IoU", "validator");
  printf ("  %-10s %7.0f ms %11" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT " %10.4f %10d\n",
          "atelier", t_ours, size_ours, ours->n_triangles, iou_ours, v_ours);
  if (have_pack)
    printf ("  %-10s %7.0f ms %11" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT " %10.4f %10d\n",
            "gltfpack", t_pack, size_pack, pack ? pack->n_triangles : 0, iou_pack, v_pack);
  else
    printf ("  gltfpack: not installed (.ci/npm-deps.sh), no comparison\n");

  printf ("\n  faces:  %" G_GUINT64_FORMAT " (target %d ± 10 %%): %s\n", ours->n_triangles,
          faces / 20, fabs ((double) ours->n_triangles - faces / 20.0) <= faces / 200.0 ? "met" : "MISSED");
  printf ("  IoU:    %.4f (target ≥ 0.95): %s\n", iou_ours, iou_ours >= 0.95 ? "met" : "MISSED");
  if (have_pack)
    {
      printf ("  time:   %.2f× gltfpack's (target ≤ 1): %s\n", t_ours / t_pack,
              t_ours <= t_pack ? "met" : "MISSED");
      printf ("  size:   %.3f× gltfpack -cc (target ≤ 1.25): %s\n", (double) size_ours / size_pack,
              size_ours <= size_pack * 1.25 ? "met" : "MISSED");
    }
  printf ("  validator errors: %d%s\n", v_ours, v_ours < 0 ? " (not installed)" : "");

  /* 1M faces → binary STL of ~20,000 triangles. */
  {
    const char *stl_argv[] = { cli, "optimize", in, out_stl, "--faces", "20000", NULL };
    g_autofree char *data = NULL;
    gsize length = 0;
    guint32 count = 0;
    double t = run_ms (stl_argv);

    if (t >= 0 && g_file_get_contents (out_stl, &data, &length, NULL) && length >= 84)
      count = GUINT32_FROM_LE (*(guint32 *) (data + 80));
    printf ("\n  STL: 1M → %u triangles in %.0f ms, %" G_GSIZE_FORMAT " bytes; header count %s "
            "its size (84 + 50 × %u = %" G_GUINT64_FORMAT ")\n", count, t, length,
            length == 84 + 50 * (guint64) count ? "matches" : "DOES NOT MATCH", count,
            84 + 50 * (guint64) count);
  }

  if (keep == NULL)
    {
      g_unlink (in);
      g_unlink (out_ours);
      g_unlink (out_pack);
      g_unlink (out_stl);
      g_rmdir (dir);
    }
  return 0;
}
