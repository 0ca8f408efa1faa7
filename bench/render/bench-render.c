/* bench-render.c: time to first PNG against f3d, and frame time
 *
 * One run, one generated 1,000,000-face GLB:
 *   1. wall time from process start to a written PNG (the process exiting
 *      after writing it) for `atelier-cli render` and `f3d --output`,
 *      median of --runs runs each, interleaved so load changes hit both;
 *   2. frame time of the renderer at 1280×800 in a headless context.
 * Figures are printed side by side; nothing is asserted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <epoxy/gl.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "atelier-gltf.h"
#include "atelier-headless.h"
#include "atelier-procedural.h"

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *v,
        int     n)
{
  qsort (v, n, sizeof *v, compare_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Seconds from spawning @argv to its exit; < 0 when it failed or wrote no
 * file at @out. */
static double
rusage_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_CHILDREN, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* Also sets *@cpu to the user + system time the command used: less at the
 * mercy of other load on a shared machine than wall time. */
static double
time_command (const char * const *argv,
              const char         *out,
              double             *cpu)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  gint64 start;
  double cpu_start = rusage_seconds ();
  int status = -1;

  g_unlink (out);
  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &err, &status, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return -1;
    }
  if (!g_spawn_check_wait_status (status, &error) || !g_file_test (out, G_FILE_TEST_EXISTS))
    {
      g_printerr ("%s failed: %s\n%s", argv[0], error ? error->message : "no PNG written",
                  err ? err : "");
      return -1;
    }
  if (cpu)
    *cpu = rusage_seconds () - cpu_start;
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
frame_times (const char *model,
             int         samples,
             int         frames,
             double     *cpu_ms,
             double     *total_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierGltfScene) scene = atelier_gltf_load_file (model, NULL, &error);
  g_autoptr(AtelierHeadless) headless = NULL;
  g_autoptr(AtelierRenderer) renderer = NULL;
  AtelierRenderCamera camera;
  AtelierRenderStats stats;
  float min[3], max[3];
  double sum_cpu = 0;
  gint64 start;

  g_assert_no_error (error);
  headless = atelier_headless_new (1280, 800, samples, &error);
  g_assert_no_error (error);
  renderer = atelier_renderer_new (atelier_headless_get_use_es (headless), &error);
  g_assert_no_error (error);
  atelier_renderer_set_scene (renderer, scene);
  atelier_renderer_get_bounds (renderer, min, max);
  atelier_render_camera_init (&camera);
  atelier_render_camera_frame_bounds (&camera, min, max, 1280 / 800.0f);
  atelier_headless_bind (headless);

  /* One frame to warm up (shader variants, first use of buffers). */
  atelier_renderer_draw (renderer, &camera, 1280, 800);
  glFinish ();

  start = g_get_monotonic_time ();
  for (int i = 0; i < frames; i++)
    {
      atelier_render_camera_orbit (&camera, 0.05f, 0);
      atelier_renderer_draw (renderer, &camera, 1280, 800);
      glFinish ();
      atelier_renderer_get_stats (renderer, &stats);
      sum_cpu += stats.cpu_ms;
    }
  *total_ms = (g_get_monotonic_time () - start) / 1e3 / frames;
  *cpu_ms = sum_cpu / frames;

  g_clear_pointer (&renderer, atelier_renderer_free);
}

int
main (int   argc,
      char *argv[])
{
  int faces = 1000000, runs = 5, frames = 10;
  g_autofree char *cli = NULL;
  g_autofree char *keep = NULL;
  GOptionEntry entries[] = {
    { "faces", 0, 0, G_OPTION_ARG_INT, &faces, "Triangles in the generated model", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each command (median)", "N" },
    { "frames", 0, 0, G_OPTION_ARG_INT, &frames, "Frames timed", "N" },
    { "cli", 0, 0, G_OPTION_ARG_FILENAME, &cli, "atelier-cli to time", "PATH" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Also write the model here", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) glb = NULL;
  g_autofree char *dir = NULL, *model = NULL, *out_cli = NULL, *out_f3d = NULL;
  g_autofree double *t_cli = NULL, *t_f3d = NULL, *c_cli = NULL, *c_f3d = NULL;
  g_autofree char *f3d = g_find_program_in_path ("f3d");
  AtelierProceduralModel spec = {
    .prompt = "a detailed ceramic vase",
    .with_normals = TRUE,
    .texture_size = 1024,
  };
  double cli_med, f3d_med = -1, cpu_ms, total_ms, cpu_ms_aa, total_ms_aa;
  int ok_cli = 0, ok_f3d = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (cli == NULL)
    cli = g_build_filename (g_getenv ("ATELIER_BUILD_ROOT") ? g_getenv ("ATELIER_BUILD_ROOT") : ".",
                            "src", "cli", "atelier-cli", NULL);
  runs = CLAMP (runs, 1, 50);

  spec.faces = faces;
  glb = atelier_procedural_glb (&spec, &error);
  g_assert_no_error (error);
  dir = g_dir_make_tmp ("atelier-bench-render-XXXXXX", &error);
  g_assert_no_error (error);
  model = g_build_filename (dir, "model.glb", NULL);
  out_cli = g_build_filename (dir, "atelier.png", NULL);
  out_f3d = g_build_filename (dir, "f3d.png", NULL);
  g_file_set_contents (model, g_bytes_get_data (glb, NULL), g_bytes_get_size (glb), &error);
  g_assert_no_error (error);
  if (keep)
    g_file_set_contents (keep, g_bytes_get_data (glb, NULL), g_bytes_get_size (glb), NULL);

  printf ("Model: %d faces requested, %.1f MB GLB, 1024² PNG texture; images 1280×800\n",
          faces, g_bytes_get_size (glb) / 1e6);
  if (f3d == NULL || (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL))
    printf ("f3d: %s\n", f3d ? "needs a display (run under xvfb-run)" : "not installed");

  /* One untimed run each, so both start with warm caches. */
  {
    const char *cli_argv[] = { cli, "render", model, out_cli, "--size", "1280x800", NULL };
    const char *f3d_argv[] = { "f3d", "--output", out_f3d, "--resolution", "1280,800", model, NULL };

    time_command (cli_argv, out_cli, NULL);
    if (f3d && (g_getenv ("DISPLAY") || g_getenv ("WAYLAND_DISPLAY")))
      time_command (f3d_argv, out_f3d, NULL);
  }

  t_cli = g_new0 (double, runs);
  t_f3d = g_new0 (double, runs);
  c_cli = g_new0 (double, runs);
  c_f3d = g_new0 (double, runs);
  for (int i = 0; i < runs; i++)
    {
      const char *cli_argv[] = { cli, "render", model, out_cli, "--size", "1280x800", NULL };
      const char *f3d_argv[] = { "f3d", "--output", out_f3d, "--resolution", "1280,800", model, NULL };
      double t, cpu = 0;

      if ((t = time_command (cli_argv, out_cli, &cpu)) >= 0)
        {
          c_cli[ok_cli] = cpu;
          t_cli[ok_cli++] = t;
        }
      if (g_getenv ("BENCH_VERBOSE"))
        printf ("run %d: atelier %.3f s\n", i, t);
      if (f3d && (g_getenv ("DISPLAY") || g_getenv ("WAYLAND_DISPLAY")) &&
          (t = time_command (f3d_argv, out_f3d, &cpu)) >= 0)
        {
          c_f3d[ok_f3d] = cpu;
          t_f3d[ok_f3d++] = t;
        }
      if (g_getenv ("BENCH_VERBOSE"))
        printf ("run %d: f3d %.3f s\n", i, t);
    }
  if (ok_cli == 0)
    {
      g_printerr ("atelier-cli render failed\n");
      return 1;
    }
  cli_med = median (t_cli, ok_cli);
  if (ok_f3d > 0)
    f3d_med = median (t_f3d, ok_f3d);

  frame_times (model, 0, frames, &cpu_ms, &total_ms);
  frame_times (model, 4, frames, &cpu_ms_aa, &total_ms_aa);

  printf ("\n%-44s %12s %12s\n", "", "atelier", "f3d 1.3");
  printf ("%-44s %11.2fs ", "process start → PNG written (median)", cli_med);
  if (f3d_med >= 0)
    printf ("%11.2fs\n", f3d_med);
  else
    printf ("%12s\n", "n/a");
  if (f3d_med >= 0)
    printf ("%-44s %11.2f× (target ≥ 2×)\n", "speed-up", f3d_med / cli_med);
  printf ("%-44s %11.2fs ", "CPU time, user + system (median)", median (c_cli, ok_cli));
  if (ok_f3d > 0)
    printf ("%11.2fs\n", median (c_f3d, ok_f3d));
  else
    printf ("%12s\n", "n/a");
  printf ("%-44s %10.1fms %12s\n", "frame time 1280×800, no MSAA (GPU finished)", total_ms, "n/a");
  printf ("%-44s %10.1fms %12s\n", "frame time 1280×800, 4× MSAA (GPU finished)", total_ms_aa, "n/a");
  printf ("%-44s %10.1fms %12s\n", "  of which CPU submission", cpu_ms_aa, "");
  printf ("(after a warm-up, %d runs each interleaved, %d frames; Mesa llvmpipe;\n"
          " each with its defaults: atelier PBR + image-based lighting, f3d its standard shading;\n"
          " frame times are the viewer's, ground grid included)\n",
          runs, frames);

  g_unlink (model);
  g_unlink (out_cli);
  g_unlink (out_f3d);
  g_rmdir (dir);
  return 0;
}
