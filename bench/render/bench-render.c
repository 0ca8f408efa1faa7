/* bench-render.c: time to first PNG against f3d, and frame time
 *
 * One run, two generated GLB models: a 1,000,000-face one (--faces) and a
 * small box (12 faces, start-up cost):
 *   1. wall time from process start to a written PNG (the process exiting
 *      after writing it) for `atelier-cli render` and `f3d --output`, at
 *      800×600 (--size), median of --runs runs each, interleaved so load
 *      changes hit both; also their CPU time and peak memory (max RSS);
 *   2. frame time of the renderer in a headless context (the big model).
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
#include <sys/wait.h>

#include "atelier-gltf.h"
#include "atelier-headless.h"
#include "atelier-procedural.h"

typedef struct
{
  double wall;     /* s */
  double cpu;      /* s, user + system */
  double rss_mb;   /* peak */
} Run;

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
  if (n <= 0)
    return -1;
  qsort (v, n, sizeof *v, compare_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* Runs @argv to its exit: FALSE when it failed or wrote no file at @out. */
static gboolean
time_command (const char * const *argv,
              const char         *out,
              Run                *run)
{
  g_autoptr(GError) error = NULL;
  struct rusage usage;
  gint64 start;
  GPid pid;
  int status = -1;

  g_unlink (out);
  start = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, (char **) argv, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                      G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &pid, &error))
    {
      g_printerr ("%s: %s\n", argv[0], error->message);
      return FALSE;
    }
  /* Its own peak and CPU time, not the sum over all children so far. */
  if (wait4 (pid, &status, 0, &usage) < 0)
    return FALSE;
  run->wall = (g_get_monotonic_time () - start) / 1e6;
  run->cpu = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
             (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  run->rss_mb = usage.ru_maxrss / 1024.0;
  if (!g_spawn_check_wait_status (status, &error) || !g_file_test (out, G_FILE_TEST_EXISTS))
    {
      g_printerr ("%s failed: %s\n", argv[0], error ? error->message : "no PNG written");
      return FALSE;
    }
  return TRUE;
}
static void
frame_times (const char *model,
             int         samples,
             int         frames,
             int         width,
             int         height,
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
  headless = atelier_headless_new (width, height, samples, &error);
  g_assert_no_error (error);
  renderer = atelier_renderer_new (atelier_headless_get_use_es (headless), &error);
  g_assert_no_error (error);
  atelier_renderer_set_scene (renderer, scene);
  atelier_renderer_get_bounds (renderer, min, max);
  atelier_render_camera_init (&camera);
  atelier_render_camera_frame_bounds (&camera, min, max, width / (float) height);
  atelier_headless_bind (headless);

  /* One frame to warm up (shader variants, first use of buffers). */
  atelier_renderer_draw (renderer, &camera, width, height);
  glFinish ();

  start = g_get_monotonic_time ();
  for (int i = 0; i < frames; i++)
    {
      atelier_render_camera_orbit (&camera, 0.05f, 0);
      atelier_renderer_draw (renderer, &camera, width, height);
      glFinish ();
      atelier_renderer_get_stats (renderer, &stats);
      sum_cpu += stats.cpu_ms;
    }
  *total_ms = (g_get_monotonic_time () - start) / 1e3 / frames;
  *cpu_ms = sum_cpu / frames;

  g_clear_pointer (&renderer, atelier_renderer_free);
}

typedef struct
{
  const char *name;
  char       *path;
  Run        *atelier;
  Run        *f3d;
  int         n_atelier;
  int         n_f3d;
} Model;

static char *
write_model (const char  *dir,
             const char  *name,
             guint        faces,
             guint        texture_size,
             gsize       *size)
{
  AtelierProceduralModel spec = {
    .prompt = "a detailed ceramic vase",
    .faces = faces,
    .with_normals = TRUE,
    .texture_size = texture_size,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) glb = atelier_procedural_glb (&spec, &error);
  char *path = g_build_filename (dir, name, NULL);

  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (glb, NULL), g_bytes_get_size (glb), &error);
  g_assert_no_error (error);
  *size = g_bytes_get_size (glb);
  return path;
}

static double
median_of (const Run *runs,
           int        n,
           gsize      offset)
{
  g_autofree double *v = g_new (double, MAX (n, 1));

  for (int i = 0; i < n; i++)
    v[i] = G_STRUCT_MEMBER (double, &runs[i], offset);
  return median (v, n);
}

static double
max_of (const Run *runs,
        int        n,
        gsize      offset)
{
  double m = -1;

  for (int i = 0; i < n; i++)
    m = MAX (m, G_STRUCT_MEMBER (double, &runs[i], offset));
  return m;
}

/* Labels padded to 44 columns, counting characters, not bytes ("→", "×"). */
static void
label (const char *text)
{
  printf ("%s%*s", text, (int) MAX (44 - (long) g_utf8_strlen (text, -1), 0), "");
}

static void
print_model (const Model *m,
             int          width,
             int          height)
{
  double a = median_of (m->atelier, m->n_atelier, G_STRUCT_OFFSET (Run, wall));
  double f = median_of (m->f3d, m->n_f3d, G_STRUCT_OFFSET (Run, wall));
  g_autofree char *title = g_strdup_printf ("%s, %d×%d", m->name, width, height);

  printf ("\n");
  label (title);
  printf (" %12s %12s\n", "atelier", "f3d");
  label ("  process start → PNG written (median)");
  printf (" %11.3fs ", a);
  if (m->n_f3d > 0)
    {
      printf ("%11.3fs\n", f);
      label ("  speed-up");
      printf (" %11.2f× faster\n", f / a);
    }
  else
    printf ("%12s\n", "n/a");
  label ("  CPU time, user + system (median)");
  printf (" %11.3fs ", median_of (m->atelier, m->n_atelier, G_STRUCT_OFFSET (Run, cpu)));
  if (m->n_f3d > 0)
    printf ("%11.3fs\n", median_of (m->f3d, m->n_f3d, G_STRUCT_OFFSET (Run, cpu)));
  else
    printf ("%12s\n", "n/a");
  label ("  peak memory (max RSS, worst run)");
  printf (" %10.0fMB ", max_of (m->atelier, m->n_atelier, G_STRUCT_OFFSET (Run, rss_mb)));
  if (m->n_f3d > 0)
    printf ("%10.0fMB\n", max_of (m->f3d, m->n_f3d, G_STRUCT_OFFSET (Run, rss_mb)));
  else
    printf ("%12s\n", "n/a");
}

int
main (int   argc,
      char *argv[])
{
  int faces = 1000000, runs = 7, frames = 10;
  g_autofree char *cli = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *size = NULL;
  GOptionEntry entries[] = {
    { "faces", 0, 0, G_OPTION_ARG_INT, &faces, "Triangles in the big generated model", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs of each command (median)", "N" },
    { "frames", 0, 0, G_OPTION_ARG_INT, &frames, "Frames timed", "N" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "Image size (default 800x600)", "WxH" },
    { "cli", 0, 0, G_OPTION_ARG_FILENAME, &cli, "atelier-cli to time", "PATH" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Also write the big model here", "FILE" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *out_cli = NULL, *out_f3d = NULL;
  g_autofree char *f3d = g_find_program_in_path ("f3d");
  g_autofree char *size_arg = NULL, *resolution = NULL;
  gboolean display = g_getenv ("DISPLAY") || g_getenv ("WAYLAND_DISPLAY");
  gboolean with_f3d;
  int width = 800, height = 600;
  Model models[2] = { { NULL }, { "small box" } };
  g_autofree char *big_name = NULL;
  gsize big_size, small_size;
  double cpu_ms, total_ms;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (size && sscanf (size, "%dx%d", &width, &height) != 2)
    {
      g_printerr ("--size: not WxH: %s\n", size);
      return 2;
    }
  if (cli == NULL)
    cli = g_build_filename (g_getenv ("ATELIER_BUILD_ROOT") ? g_getenv ("ATELIER_BUILD_ROOT") : ".",
                            "src", "cli", "atelier-cli", NULL);
  runs = CLAMP (runs, 1, 50);
  big_name = faces == 1000000 ? g_strdup ("1M-face model") : g_strdup_printf ("%d-face model", faces);
  models[0].name = big_name;
  size_arg = g_strdup_printf ("%dx%d", width, height);
  resolution = g_strdup_printf ("%d,%d", width, height);
  with_f3d = f3d != NULL && display;

  dir = g_dir_make_tmp ("atelier-bench-render-XXXXXX", &error);
  g_assert_no_error (error);
  models[0].path = write_model (dir, "big.glb", faces, 1024, &big_size);
  models[1].path = write_model (dir, "box.glb", 12, 256, &small_size);
  out_cli = g_build_filename (dir, "atelier.png", NULL);
  out_f3d = g_build_filename (dir, "f3d.png", NULL);
  if (keep)
    {
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_get_contents (models[0].path, &contents, &length, NULL))
        g_file_set_contents (keep, contents, length, NULL);
    }

  printf ("Models: %d faces requested, %.1f MB GLB, 1024² PNG texture; a box, 12 faces, 256²\n",
          faces, big_size / 1e6);
  if (!with_f3d)
    printf ("f3d: %s\n", f3d ? "needs a display (run under xvfb-run)" : "not installed");

  for (int m = 0; m < 2; m++)
    {
      Model *model = &models[m];
      const char *cli_argv[] = { cli, "render", model->path, out_cli, "--size", size_arg, NULL };
      const char *f3d_argv[] = { "f3d", "--output", out_f3d, "--resolution", resolution,
                                 model->path, NULL };
      Run run;

      model->atelier = g_new0 (Run, runs);
      model->f3d = g_new0 (Run, runs);

      /* One untimed run each, so both start with warm caches. */
      time_command (cli_argv, out_cli, &run);
      if (with_f3d)
        time_command (f3d_argv, out_f3d, &run);

      for (int i = 0; i < runs; i++)
        {
          if (time_command (cli_argv, out_cli, &run))
            model->atelier[model->n_atelier++] = run;
          if (g_getenv ("BENCH_VERBOSE"))
            printf ("%s run %d: atelier %.3f s, %.0f MB\n", model->name, i, run.wall, run.rss_mb);
          if (with_f3d && time_command (f3d_argv, out_f3d, &run))
            model->f3d[model->n_f3d++] = run;
          if (with_f3d && g_getenv ("BENCH_VERBOSE"))
            printf ("%s run %d: f3d %.3f s, %.0f MB\n", model->name, i, run.wall, run.rss_mb);
        }
      if (model->n_atelier == 0)
        {
          g_printerr ("atelier-cli render failed\n");
          return 1;
        }
    }

  frame_times (models[0].path, 0, frames, width, height, &cpu_ms, &total_ms);

  for (int m = 0; m < 2; m++)
    print_model (&models[m], width, height);
  printf ("  (targets: ≥ 2.5× faster than f3d for both, peak ≤ 150 MB for the 1M-face model;\n"
          "   CPU time is less at the mercy of other load on a shared machine than wall time)\n");
  printf ("\n");
  label ("  frame time of the big model, no MSAA");
  printf (" %10.1fms\n", total_ms);
  label ("    of which CPU submission");
  printf (" %10.1fms\n", cpu_ms);
  printf ("(after a warm-up, %d runs each interleaved, %d frames; Mesa llvmpipe;\n"
          " each with its defaults: atelier PBR + image-based lighting, f3d its standard shading)\n",
          runs, frames);

  for (int m = 0; m < 2; m++)
    {
      g_unlink (models[m].path);
      g_free (models[m].path);
      g_free (models[m].atelier);
      g_free (models[m].f3d);
    }
  g_unlink (out_cli);
  g_unlink (out_f3d);
  g_rmdir (dir);
  return 0;
}
