/* bench-startup.c: Atelier's first frame with a 10,000-job history, beside
 * a bare libadwaita window measured in the same run
 *
 * Each run is a fresh process of this same binary (so both sides pay the
 * same dynamic linking, GTK, GL and theme start-up): `--child bare` shows an
 * AdwApplicationWindow with a header bar, `--child atelier` runs
 * AtelierApplication as atelier-main.c does, on a history of 10,000 jobs.
 * A child prints the monotonic clock at g_application_run() and at its
 * window's first frame clock "after-paint", and the CPU time all its
 * threads used until then (steadier than the clock on a busy machine), then
 * quits; the parent took the clock just before spawning it. Runs alternate bare / Atelier so that a
 * busy machine slows both alike, and medians are printed.
 *
 * Usage: bench-startup [RUNS] [JOBS]. With ATELIER_PROFILE_STARTUP=1 the
 * Atelier children print where their start-up time goes. With
 * ATELIER_BENCH_DIR, that folder holds the history and is kept (filled
 * only when it has none), for profiling a child by hand:
 *   XDG_DATA_HOME=$ATELIER_BENCH_DIR bench-startup --child atelier
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "atelier-application.h"
#include "atelier-history.h"
#include "atelier-procedural.h"
#include "atelier-profile.h"

#define DEFAULT_RUNS 7
#define DEFAULT_JOBS 10000
/* Distinct files, so thumbnails are decoded rather than found in a cache. */
#define N_IMAGES 256

/* Child side */

static gint64 run_start;

static void
after_paint (GdkFrameClock *clock,
             GApplication  *app)
{
  gint64 now = g_get_monotonic_time ();
  struct rusage usage;
  gint64 cpu;

  g_signal_handlers_disconnect_by_func (clock, after_paint, app);
  /* All threads: work moved to a thread still counts. */
  getrusage (RUSAGE_SELF, &usage);
  cpu = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC
        + usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
  g_print ("run %" G_GINT64_FORMAT "\nframe %" G_GINT64_FORMAT "\ncpu %" G_GINT64_FORMAT "\n",
           run_start, now, cpu);
  fflush (stdout);
  g_application_quit (app);
}

static void
on_realize (GtkWidget    *window,
            GApplication *app)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint), app);
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window)
{
  /* Only the first window counts. */
  g_signal_handlers_disconnect_by_func (app, on_window_added, NULL);
  g_signal_connect (window, "realize", G_CALLBACK (on_realize), app);
}

static void
bare_startup (GApplication *app)
{
  atelier_profile_mark ("bare: GTK and libadwaita started");
}

static void
bare_activate (GApplication *app)
{
  GtkWidget *window = adw_application_window_new (GTK_APPLICATION (app));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_title (GTK_WINDOW (window), "Bare");
  /* Atelier's default size: both paint as many pixels. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  atelier_profile_mark ("bare: window made");
  atelier_profile_watch_first_frame (window);
  gtk_window_present (GTK_WINDOW (window));
  atelier_profile_mark ("bare: window presented");
}

static int
run_child (const char *which,
           int         argc,
           char       *argv[])
{
  g_autoptr(GApplication) app = NULL;
  char *child_argv[] = { argv[0], NULL };

  /* What atelier-main.c does before its application runs. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_application_name (_("Atelier"));

  if (g_str_equal (which, "atelier"))
    {
      app = G_APPLICATION (atelier_application_new ());
    }
  else
    {
      atelier_profile_mark ("bare: application made");
      app = G_APPLICATION (adw_application_new (APP_ID ".BenchBare", G_APPLICATION_HANDLES_OPEN));
      g_signal_connect (app, "startup", G_CALLBACK (bare_startup), NULL);
      g_signal_connect (app, "activate", G_CALLBACK (bare_activate), NULL);
    }
  /* Each run stands alone, even if an instance of either is running. */
  g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), NULL);

  run_start = g_get_monotonic_time ();
  return g_application_run (app, 1, child_argv);
}

/* Parent side */

typedef struct
{
  double to_frame_ms;   /* process spawned → first after-paint */
  double run_ms;        /* g_application_run() → first after-paint */
  double cpu_ms;        /* CPU time of all its threads until then */
} Sample;

static gboolean
run_once (const char *self_path,
          const char *which,
          Sample     *sample)
{
  const char *argv[] = { self_path, "--child", which, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  gint64 spawned, run = 0, frame = 0, cpu = 0;
  int status;

  spawned = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL,
                     &out, NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("%s run failed: %s\n", which, error->message);
      return FALSE;
    }

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "run "))
        run = g_ascii_strtoll (lines[i] + 4, NULL, 10);
      else if (g_str_has_prefix (lines[i], "frame "))
        frame = g_ascii_strtoll (lines[i] + 6, NULL, 10);
      else if (g_str_has_prefix (lines[i], "cpu "))
        cpu = g_ascii_strtoll (lines[i] + 4, NULL, 10);
    }
  if (run == 0 || frame == 0)
    {
      g_printerr ("%s run printed no first frame:\n%s\n", which, out);
      return FALSE;
    }

  sample->to_frame_ms = (frame - spawned) / 1000.0;
  sample->run_ms = (frame - run) / 1000.0;
  sample->cpu_ms = cpu / 1000.0;
  return TRUE;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  guint n = values->len;

  g_array_sort (values, cmp_double);
  if (n % 2 == 1)
    return g_array_index (values, double, n / 2);
  return (g_array_index (values, double, n / 2 - 1) + g_array_index (values, double, n / 2)) / 2;
}

static void
fill_history (const char *dir,
              guint       n_jobs)
{
  g_autofree char *path = g_build_filename (dir, "atelier", "history.db", NULL);
  g_autofree char *images = g_build_filename (dir, "images", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = atelier_history_open (path, &error);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GBytes) png = NULL;

  g_assert_no_error (error);
  png = atelier_procedural_image ("lazy cats in black and gold", NULL, 256, 256,
                                  "graphic", "png", FALSE, &error);
  g_assert_no_error (error);
  g_mkdir_with_parents (images, 0700);
  for (guint i = 0; i < N_IMAGES; i++)
    {
      g_autofree char *name = g_strdup_printf ("cats-%03u.png", i);
      g_autofree char *file = g_build_filename (images, name, NULL);

      g_file_set_contents (file, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error);
      g_assert_no_error (error);
    }

  /* Oldest first, so the newest job is the last saved, as in real use. */
  for (guint i = 0; i < n_jobs; i++)
    {
      g_autoptr(GHashTable) params = atelier_params_new ();
      g_autofree char *name = g_strdup_printf ("cats-%03u.png", i % N_IMAGES);
      g_autofree char *file = g_build_filename (images, name, NULL);
      AtelierJob *job;

      g_hash_table_insert (params, g_strdup ("prompt"),
                           g_strdup_printf ("job %u: lazy cats in black and gold", i));
      job = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, params);
      atelier_job_add_output (job, file);
      atelier_job_set_status (job, ATELIER_JOB_STATUS_DONE);
      g_ptr_array_add (jobs, job);
      if (jobs->len == 1000 || i == n_jobs - 1)
        {
          if (!atelier_history_save_all (history, jobs, &error))
            g_error ("%s", error->message);
          g_ptr_array_set_size (jobs, 0);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *self_path = NULL;
  g_autofree char *history = NULL;
  gboolean keep;
  g_autoptr(GArray) bare_frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_run = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) app_frame = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) app_run = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) app_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  guint runs = DEFAULT_RUNS, n_jobs = DEFAULT_JOBS;
  double bf, br, bc, af, ar, ac;

  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2], argc, argv);

  if (argc > 1)
    runs = MAX (1, atoi (argv[1]));
  if (argc > 2)
    n_jobs = MAX (1, atoi (argv[2]));

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_print ("SKIP: no display\n");
      return 77;
    }

  keep = g_getenv ("ATELIER_BENCH_DIR") != NULL;
  if (keep)
    dir = g_strdup (g_getenv ("ATELIER_BENCH_DIR"));
  else
    dir = g_dir_make_tmp ("atelier-bench-startup-XXXXXX", &error);
  g_assert_no_error (error);
  history = g_build_filename (dir, "atelier", "history.db", NULL);
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_strdup (argv[0]);

  /* The children's whole world: a private data folder with the history,
   * in-memory settings, and the keyring asked as a person's would be. */
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  g_setenv ("XDG_CACHE_HOME", dir, TRUE);
  g_setenv ("XDG_CONFIG_HOME", dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_unsetenv ("ATELIER_NO_KEYRING");
  if (!keep || !g_file_test (history, G_FILE_TEST_EXISTS))
    fill_history (dir, n_jobs);

  /* One run of each first: the page cache and shader caches warm up. */
  {
    Sample s;

    if (!run_once (self_path, "bare", &s) || !run_once (self_path, "atelier", &s))
      return 1;
  }

  for (guint i = 0; i < runs; i++)
    {
      Sample b, a;

      if (!run_once (self_path, "bare", &b) || !run_once (self_path, "atelier", &a))
        return 1;
      g_array_append_val (bare_frame, b.to_frame_ms);
      g_array_append_val (bare_run, b.run_ms);
      g_array_append_val (app_frame, a.to_frame_ms);
      g_array_append_val (app_run, a.run_ms);
      g_array_append_val (bare_cpu, b.cpu_ms);
      g_array_append_val (app_cpu, a.cpu_ms);
      g_print ("run %u: bare %.1f ms, Atelier %.1f ms\n", i + 1, b.to_frame_ms, a.to_frame_ms);
    }

  bf = median (bare_frame);
  br = median (bare_run);
  af = median (app_frame);
  ar = median (app_run);
  bc = median (bare_cpu);
  ac = median (app_cpu);

  g_print ("\nfirst frame, median of %u fresh processes each (%u jobs in the history)\n",
           runs, n_jobs);
  g_print ("%-40s %12s %12s %8s\n", "", "bare window", "Atelier", "ratio");
  g_print ("%-40s %9.1f ms %9.1f ms %7.2fx\n", "process start to first frame", bf, af, af / bf);
  g_print ("%-40s %9.1f ms %9.1f ms %7.2fx\n", "g_application_run() to first frame", br, ar, ar / br);
  g_print ("%-40s %9.1f ms %9.1f ms %7.2fx\n", "CPU time until then (all threads)", bc, ac, ac / bc);

  if (!keep)
    {
      const char *rm[] = { "rm", "-rf", dir, NULL };

      /* The folder is ours, made by g_dir_make_tmp() above. */
      if (!g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                         NULL, NULL, NULL, NULL))
        g_printerr ("Could not remove %s\n", dir);
    }
  return 0;
}
