/* bench-viewer.c: orbiting a model in the real viewer widget
 *
 *   bench-viewer [MODEL] [--faces N] [--frames N] [--rounds N] [--size WxH]
 *
 * Opens MODEL (or a generated model of --faces triangles) in an
 * AtelierModelView in a window on the current display, waits until the
 * simplified model for moving views is built (if the view builds one), then
 * turns the camera a little on every frame, as a drag does, for --frames
 * frames: once with "simplify-while-moving" off (the baseline: every frame
 * at full detail) and once on, alternating for --rounds rounds. A frame's
 * time is the time between two frame-clock ticks while orbiting, so it
 * includes GTK composing the window. Prints medians:
 *
 *   orbit frame: N ms (full detail M ms)
 *
 * Exit 77 (skipped) without a display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "atelier-model-view.h"
#include "atelier-procedural.h"

typedef struct
{
  AtelierModelView *view;
  GArray           *intervals;   /* of double, ms */
  gint64            last;
  guint             ticks;
  guint             wanted;
} Orbit;

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  double *v = (double *) values->data;
  guint n = values->len;

  if (n == 0)
    return -1;
  qsort (v, n, sizeof *v, compare_double);
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spins the main loop until @done or @seconds pass; FALSE on timeout. */
static gboolean
spin_until (gboolean (*done) (AtelierModelView *view),
            AtelierModelView *view,
            guint             seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, timeout_cb, &timed_out);

  while (!done (view) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return !timed_out;
}

static void
spin_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
loaded_and_drawn (AtelierModelView *view)
{
  AtelierRenderStats stats;

  atelier_model_view_get_stats (view, &stats);
  return !atelier_model_view_get_loading (view) &&
         (atelier_model_view_get_error_message (view) != NULL ||
          (stats.triangles > 0 && stats.draw_calls > 0));
}

static gboolean
not_simplified (AtelierModelView *view)
{
  return !atelier_model_view_get_simplified (view);
}

static gint64 last_preview_change;

static void
preview_changed (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  last_preview_change = g_get_monotonic_time ();
}

/* The view times a few frames, then builds a coarse simplified model, then
 * a careful one; both arrive as "preview-triangles" changes. Settled when
 * there was none for a while. */
static gboolean
settled (AtelierModelView *view)
{
  gint64 quiet = g_get_monotonic_time () - last_preview_change;

  if (atelier_model_view_get_preview_triangles (view) == 0)
    return quiet > 8 * G_USEC_PER_SEC;   /* not needed: fast enough */
  return quiet > 3 * G_USEC_PER_SEC;
}

static gboolean
tick (GtkWidget     *widget,
      GdkFrameClock *clock,
      gpointer       user_data)
{
  Orbit *orbit = user_data;
  gint64 now = g_get_monotonic_time ();

  /* The first intervals still include starting to move (the hint's
   * layout, switching models). */
  if (++orbit->ticks > 3 && orbit->intervals->len < orbit->wanted)
    {
      double ms = (now - orbit->last) / 1e3;
      g_array_append_val (orbit->intervals, ms);
    }
  orbit->last = now;
  atelier_model_view_orbit (orbit->view, 0.03, 0);
  return G_SOURCE_CONTINUE;
}

static gboolean
orbit_done (AtelierModelView *view)
{
  Orbit *orbit = g_object_get_data (G_OBJECT (view), "bench-orbit");

  return orbit->intervals->len >= orbit->wanted;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* Median frame interval over @frames frames of orbiting; *@cpu_ms: CPU
 * time of the process (all threads) per frame, less at the mercy of other
 * load on a shared machine. */
static double
orbit_frames (AtelierModelView *view,
              gboolean          simplify,
              int               frames,
              guint64          *drawn,
              double           *cpu_ms)
{
  double cpu_start;
  Orbit orbit = { view, g_array_new (FALSE, FALSE, sizeof (double)), 0, 0, frames };
  AtelierRenderStats stats;
  guint tick_id;
  double result;

  atelier_model_view_set_simplify_while_moving (view, simplify);
  /* Start from rest, at full detail. */
  spin_until (not_simplified, view, 10);
  spin_for (300);

  g_object_set_data (G_OBJECT (view), "bench-orbit", &orbit);
  cpu_start = cpu_seconds ();
  tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (view), tick, &orbit, NULL);
  spin_until (orbit_done, view, 600);
  gtk_widget_remove_tick_callback (GTK_WIDGET (view), tick_id);
  *cpu_ms = (cpu_seconds () - cpu_start) * 1e3 / MAX (orbit.ticks, 1);
  atelier_model_view_get_stats (view, &stats);
  *drawn = stats.triangles_drawn;

  result = median (orbit.intervals);
  g_array_unref (orbit.intervals);
  return result;
}

static char *
generate (guint    faces,
          char   **dir)
{
  AtelierProceduralModel spec = {
    .prompt = "a detailed ceramic vase",
    .faces = faces,
    .with_normals = TRUE,
    .texture_size = 1024,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) glb = atelier_procedural_glb (&spec, &error);
  char *path;

  if (glb == NULL)
    g_error ("Cannot generate the model: %s", error->message);
  *dir = g_dir_make_tmp ("atelier-bench-viewer-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, "model.glb", NULL);
  if (!g_file_set_contents (path, g_bytes_get_data (glb, NULL), g_bytes_get_size (glb), &error))
    g_error ("%s", error->message);
  return path;
}

int
main (int   argc,
      char *argv[])
{
  int faces = 1000000, frames = 40, rounds = 3;
  g_autofree char *size = NULL;
  GOptionEntry entries[] = {
    { "faces", 0, 0, G_OPTION_ARG_INT, &faces, "Triangles of the generated model (no MODEL)", "N" },
    { "frames", 0, 0, G_OPTION_ARG_INT, &frames, "Frames timed per round", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Rounds of full detail, then simplified", "N" },
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "Window size (default 1280x800)", "WxH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[MODEL]");
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) simplified = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) full_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) simplified_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  AtelierRenderStats stats;
  AtelierModelView *view;
  GtkWindow *window;
  int width = 1280, height = 800;
  guint64 drawn_full = 0, drawn_simplified = 0;
  double full_ms, simplified_ms;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc > 2)
    {
      g_printerr ("%s\n", error ? error->message : "Usage: bench-viewer [MODEL]");
      return 2;
    }
  if (size && sscanf (size, "%dx%d", &width, &height) != 2)
    {
      g_printerr ("--size: not WxH: %s\n", size);
      return 2;
    }
  frames = CLAMP (frames, 5, 10000);
  rounds = CLAMP (rounds, 1, 20);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("bench-viewer: needs a display (run under xvfb-run -s \"-screen 0 1280x800x24\")\n");
      return 77;
    }
  gtk_init ();
  adw_init ();

  path = argc == 2 ? g_strdup (argv[1]) : generate (faces, &dir);
  file = g_file_new_for_commandline_arg (path);

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, width, height);
  view = ATELIER_MODEL_VIEW (atelier_model_view_new ());
  gtk_window_set_child (window, GTK_WIDGET (view));
  g_signal_connect (view, "notify::preview-triangles", G_CALLBACK (preview_changed), NULL);
  gtk_window_present (window);

  last_preview_change = g_get_monotonic_time ();
  atelier_model_view_load_file (view, file);
  if (!spin_until (loaded_and_drawn, view, 120) || atelier_model_view_get_error_message (view))
    {
      g_printerr ("bench-viewer: cannot show %s: %s\n", path,
                  atelier_model_view_get_error_message (view) ?: "timed out");
      return 1;
    }
  last_preview_change = g_get_monotonic_time ();
  spin_until (settled, view, 120);
  atelier_model_view_get_stats (view, &stats);

  for (int r = 0; r < rounds; r++)
    {
      double ms, cpu;

      ms = orbit_frames (view, FALSE, frames, &drawn_full, &cpu);
      g_array_append_val (full, ms);
      g_array_append_val (full_cpu, cpu);
      ms = orbit_frames (view, TRUE, frames, &drawn_simplified, &cpu);
      g_array_append_val (simplified, ms);
      g_array_append_val (simplified_cpu, cpu);
      if (g_getenv ("BENCH_VERBOSE"))
        printf ("round %d: full %.1f ms, simplified %.1f ms\n", r,
                g_array_index (full, double, r), g_array_index (simplified, double, r));
    }
  full_ms = median (full);
  simplified_ms = median (simplified);

  printf ("Model: %s, %" G_GUINT64_FORMAT " triangles; window %d×%d\n",
          argc == 2 ? path : "generated", stats.triangles, width, height);
  printf ("while moving: %" G_GUINT64_FORMAT " triangles drawn, at rest %" G_GUINT64_FORMAT "\n",
          drawn_simplified, drawn_full);
  printf ("orbit frame: %.0f ms (full detail %.0f ms)\n", simplified_ms, full_ms);
  printf ("CPU time per frame, all threads: %.0f ms (full detail %.0f ms)\n",
          median (simplified_cpu), median (full_cpu));
  printf ("(medians of %d rounds of %d frames, alternating; target ≤ 33 ms while moving)\n",
          rounds, frames);

  gtk_window_destroy (window);
  if (dir)
    {
      g_unlink (path);
      g_rmdir (dir);
    }
  return 0;
}
