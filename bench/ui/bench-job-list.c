/* bench-job-list.c: the window with a big history: start-up and scrolling
 *
 * Prints, for a baseline history and a 10,000-job one: loading the history
 * into the list, building and showing the window until its first frame, and
 * scrolling the job list from top to bottom one step per frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "atelier-history.h"
#include "atelier-procedural.h"
#include "atelier-window.h"

#define SCROLL_STEPS 60

typedef struct
{
  double load_ms;
  double first_frame_ms;
  double scroll_mean_ms;
  double scroll_max_ms;
} Figures;

static guint frames;

static void
after_paint (GdkFrameClock *clock,
             gpointer       user_data)
{
  frames++;
}

static void
wait_frames (guint n)
{
  guint target = frames + n;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (frames < target && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

/* The job list: a GtkListView named "Jobs" to screen readers. The first
 * list view in the window is the service picker's popup, and the job
 * list's filter dropdowns hold more. */
static GtkWidget *
find_job_list (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    {
      g_autofree char *mismatch =
        gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, "Jobs");
      if (mismatch == NULL)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_job_list (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
fill_history (const char *path,
              guint       n_jobs,
              const char *image)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = atelier_history_open (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < n_jobs; i++)
    {
      g_autoptr(GHashTable) params = atelier_params_new ();
      g_autoptr(AtelierJob) job = NULL;

      g_hash_table_insert (params, g_strdup ("prompt"),
                           g_strdup_printf ("job %u: lazy cats in black and gold", i));
      job = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, params);
      atelier_job_add_output (job, image);
      atelier_job_set_status (job, ATELIER_JOB_STATUS_DONE);
      if (!atelier_history_save (history, job, &error))
        g_error ("%s", error->message);
    }
}

static Figures
measure (const char *dir,
         guint       n_jobs,
         const char *image)
{
  g_autofree char *name = g_strdup_printf ("history-%u.db", n_jobs);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = NULL;
  g_autoptr(AtelierHttp) http = atelier_http_new ();
  g_autoptr(AtelierEngine) engine = NULL;
  AtelierWindow *window;
  GtkWidget *list;
  GtkAdjustment *adj;
  GdkFrameClock *clock;
  Figures figures = { 0 };
  gint64 start;
  double total = 0;

  fill_history (path, n_jobs, image);

  history = atelier_history_open (path, &error);
  g_assert_no_error (error);
  engine = atelier_engine_new (http, history);

  start = g_get_monotonic_time ();
  atelier_engine_load_history (engine, FALSE, &error);
  g_assert_no_error (error);
  figures.load_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (atelier_engine_get_jobs (engine))), ==, n_jobs);

  start = g_get_monotonic_time ();
  window = g_object_ref (atelier_window_new (NULL, engine));
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), NULL);
  wait_frames (1);
  figures.first_frame_ms = (g_get_monotonic_time () - start) / 1000.0;

  list = find_job_list (GTK_WIDGET (window));
  g_assert_nonnull (list);
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));
  /* Let the first thumbnails arrive so scrolling measures rows, not start-up. */
  for (guint i = 0; i < 20; i++)
    wait_frames (1);

  for (guint i = 1; i <= SCROLL_STEPS; i++)
    {
      double upper = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      gtk_adjustment_set_value (adj, upper * i / SCROLL_STEPS);
      gtk_widget_queue_draw (list);
      wait_frames (1);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      total += ms;
      figures.scroll_max_ms = MAX (figures.scroll_max_ms, ms);
    }
  figures.scroll_mean_ms = total / SCROLL_STEPS;

  g_signal_handlers_disconnect_by_func (clock, after_paint, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  return figures;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("atelier-bench-ui-XXXXXX", &error);
  g_autofree char *image = NULL;
  g_autoptr(GBytes) png = NULL;
  guint baseline = 200, big = 10000;
  Figures a, b;

  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  g_setenv ("XDG_CACHE_HOME", dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();
  adw_init ();

  png = atelier_procedural_image ("lazy cats in black and gold", NULL, 256, 256,
                                  "graphic", "png", FALSE, &error);
  g_assert_no_error (error);
  image = g_build_filename (dir, "cats.png", NULL);
  g_file_set_contents (image, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL);

  /* The first window pays for GTK, GL and theme start-up: not ours to count. */
  measure (dir, 10, image);
  a = measure (dir, baseline, image);
  b = measure (dir, big, image);

  g_print ("%-36s %12u %12u\n", "jobs in the history", baseline, big);
  g_print ("%-36s %12.1f %12.1f\n", "load history into the list (ms)", a.load_ms, b.load_ms);
  g_print ("%-36s %12.1f %12.1f\n", "window to first frame (ms)", a.first_frame_ms, b.first_frame_ms);
  g_print ("%-36s %12.2f %12.2f\n", "scroll step, mean frame (ms)", a.scroll_mean_ms, b.scroll_mean_ms);
  g_print ("%-36s %12.2f %12.2f\n", "scroll step, worst frame (ms)", a.scroll_max_ms, b.scroll_max_ms);

  {
    const char *rm[] = { "rm", "-rf", dir, NULL };

    /* The folder is ours, made by g_dir_make_tmp() above. */
    if (!g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                       NULL, NULL, NULL, NULL))
      g_printerr ("Could not remove %s\n", dir);
  }
  return 0;
}
