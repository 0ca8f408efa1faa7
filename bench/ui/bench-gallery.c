/* bench-gallery.c: the gallery beside the job list, scrolled through a big history
 *
 * One run, one process, one window: a history of N finished jobs (each
 * with an image, every tenth with two; the images are copies of one under
 * DISTINCT names, more than the thumbnail cache holds, so scrolling really
 * decodes), shown as the list and then as the gallery, each scrolled from
 * top to bottom in SCROLL_STEPS jumps of one frame each (every row or tile
 * on screen rebinds). Printed side by side: frame times while scrolling,
 * and how long a screenful of thumbnails takes to arrive after a jump.
 * Figures, not assertions: see README "Tests and benchmarks".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "atelier-gallery.h"
#include "atelier-gallery-tile.h"
#include "atelier-history.h"
#include "atelier-job-list-view.h"
#include "atelier-job-row.h"
#include "atelier-param.h"
#include "atelier-procedural.h"
#include "atelier-window.h"
#include "image-fixtures.h"

#define SCROLL_STEPS 60
#define DISTINCT     600

typedef struct
{
  double mean_ms;
  double p95_ms;
  double max_ms;
  double screenful_ms;   /* after a jump, until every cell on screen has its thumbnail */
  guint  items;
} Figures;

static guint frames;

static void
after_paint (GdkFrameClock *clock,
             gpointer       user_data)
{
  frames++;
}

/* One frame of @widget: asked for, so that a still window does not wait
 * for a frame that never comes. */
static void
next_frame (GtkWidget *widget)
{
  guint target = frames + 1;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_widget_queue_draw (widget);
  while (frames < target && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The job list's GtkListView ("Jobs"), or the gallery's GtkGridView. */
static GtkWidget *
find_named_view (GtkWidget  *widget,
                 GType       type,
                 const char *name)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    {
      g_autofree char *mismatch =
        gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name);
      if (mismatch == NULL)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named_view (child, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every row or tile inside the view's visible area shows its thumbnail. */
static gboolean
screenful_shown (GtkWidget *view,
                 GtkWidget *widget)
{
  graphene_rect_t bounds;
  int height = gtk_widget_get_height (view);

  if (ATELIER_IS_GALLERY_TILE (widget) || ATELIER_IS_JOB_ROW (widget))
    {
      gboolean bound, shown;

      /* The grid keeps cells it scrolled past, unmapped where they were. */
      if (!gtk_widget_get_mapped (widget)
          || !gtk_widget_compute_bounds (widget, view, &bounds)
          || bounds.origin.y + bounds.size.height <= 0 || bounds.origin.y >= height)
        return TRUE;
      if (ATELIER_IS_GALLERY_TILE (widget))
        {
          bound = atelier_gallery_tile_get_item (ATELIER_GALLERY_TILE (widget)) != NULL;
          shown = atelier_gallery_tile_get_thumbnail (ATELIER_GALLERY_TILE (widget)) != NULL;
        }
      else
        {
          bound = atelier_job_row_get_job (ATELIER_JOB_ROW (widget)) != NULL;
          shown = atelier_job_row_get_thumbnail (ATELIER_JOB_ROW (widget)) != NULL;
        }
      return !bound || shown;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (!screenful_shown (view, child))
      return FALSE;
  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static Figures
scroll (GtkWidget  *view,
        GListModel *items)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  Figures figures = { 0 };
  double total = 0;
  gint64 start;

  figures.items = g_list_model_get_n_items (items);
  /* Let the first screen settle so scrolling measures scrolling. */
  for (guint i = 0; i < 20; i++)
    next_frame (view);

  for (guint i = 1; i <= SCROLL_STEPS; i++)
    {
      double upper = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      gtk_adjustment_set_value (adj, upper * i / SCROLL_STEPS);
      next_frame (view);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      g_array_append_val (times, ms);
      total += ms;
      figures.max_ms = MAX (figures.max_ms, ms);
    }
  figures.mean_ms = total / SCROLL_STEPS;
  g_array_sort (times, compare_doubles);
  figures.p95_ms = g_array_index (times, double, (guint) (0.95 * (times->len - 1)));

  /* A jump to the middle, to images not decoded yet: the time until every
   * cell on screen shows its thumbnail. */
  {
    double upper = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
    gint64 deadline;

    start = g_get_monotonic_time ();
    deadline = start + 30 * G_USEC_PER_SEC;
    gtk_adjustment_set_value (adj, upper * 0.37);
    next_frame (view);
    /* No frames forced meanwhile: decoding waits for the main loop to be
     * idle, as it would when a person stops scrolling. */
    while (!screenful_shown (view, view) && g_get_monotonic_time () < deadline)
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
    figures.screenful_ms = (g_get_monotonic_time () - start) / 1000.0;
  }
  return figures;
}

static void
fill_history (const char *path,
              guint       n_jobs,
              GPtrArray  *images)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = atelier_history_open (path, &error);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_no_error (error);
  for (guint i = 0; i < n_jobs; i++)
    {
      g_autoptr(GHashTable) params = atelier_params_new ();
      AtelierJob *job;

      g_hash_table_insert (params, g_strdup ("prompt"),
                           g_strdup_printf ("job %u: lazy cats in black and gold", i));
      job = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, params);
      atelier_job_add_output (job, g_ptr_array_index (images, i % images->len));
      if (i % 10 == 5)
        atelier_job_add_output (job, g_ptr_array_index (images, (i + 1) % images->len));
      atelier_job_set_status (job, ATELIER_JOB_STATUS_DONE);
      g_ptr_array_add (jobs, job);
    }
  if (!atelier_history_save_all (history, jobs, &error))
    g_error ("%s", error->message);
}

static void
measure (const char *dir,
         guint       n_jobs,
         GPtrArray  *images,
         Figures    *list_figures,
         Figures    *gallery_figures)
{
  g_autofree char *name = g_strdup_printf ("history-%u.db", n_jobs);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = NULL;
  g_autoptr(AtelierHttp) http = atelier_http_new ();
  g_autoptr(AtelierEngine) engine = NULL;
  AtelierJobListView *list;
  AtelierWindow *window;
  GtkWidget *view;
  GdkFrameClock *clock;

  fill_history (path, n_jobs, images);
  history = atelier_history_open (path, &error);
  g_assert_no_error (error);
  engine = atelier_engine_new (http, history);
  atelier_engine_load_history (engine, FALSE, &error);
  g_assert_no_error (error);

  window = g_object_ref (atelier_window_new (NULL, engine));
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), NULL);
  next_frame (GTK_WIDGET (window));
  list = ATELIER_JOB_LIST_VIEW (find_type (GTK_WIDGET (window), ATELIER_TYPE_JOB_LIST_VIEW));

  if (list_figures != NULL)
    {
      view = find_named_view (GTK_WIDGET (window), GTK_TYPE_LIST_VIEW, "Jobs");
      g_assert_nonnull (view);
      *list_figures = scroll (view, atelier_job_list_view_get_visible_jobs (list));
    }

  if (gallery_figures != NULL)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "gallery"));
      next_frame (GTK_WIDGET (window));
      view = find_named_view (GTK_WIDGET (window), GTK_TYPE_GRID_VIEW, "Gallery");
      g_assert_nonnull (view);
      *gallery_figures = scroll (view, atelier_gallery_get_outputs (atelier_job_list_view_get_gallery (list)));
    }

  g_signal_handlers_disconnect_by_func (clock, after_paint, NULL);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("atelier-bench-gallery-XXXXXX", &error);
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) png = NULL;
  guint baseline = 200, big = 10000;
  Figures la, ga, lb, gb;

  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  g_setenv ("XDG_CACHE_HOME", dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();
  adw_init ();

  png = atelier_procedural_image ("lazy cats in black and gold", NULL, 512, 512,
                                  "graphic", "png", FALSE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < DISTINCT; i++)
    {
      g_autofree char *file = g_strdup_printf ("cats-%04u.png", i);
      char *image = g_build_filename (dir, file, NULL);

      g_file_set_contents (image, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL);
      g_ptr_array_add (images, image);
    }

  /* The first window pays for GTK, GL and theme start-up: not ours to count. */
  measure (dir, 10, images, NULL, NULL);
  measure (dir, baseline, images, &la, &ga);
  measure (dir, big, images, &lb, &gb);

  g_print ("%-40s %10s %10s %10s %10s\n", "", "list", "gallery", "list", "gallery");
  g_print ("%-40s %10u %10u %10u %10u\n", "jobs in the history", baseline, baseline, big, big);
  g_print ("%-40s %10u %10u %10u %10u\n", "rows / tiles", la.items, ga.items, lb.items, gb.items);
  g_print ("%-40s %10.1f %10.1f %10.1f %10.1f\n", "scroll jump, mean frame (ms)",
           la.mean_ms, ga.mean_ms, lb.mean_ms, gb.mean_ms);
  g_print ("%-40s %10.1f %10.1f %10.1f %10.1f\n", "scroll jump, 95th percentile frame (ms)",
           la.p95_ms, ga.p95_ms, lb.p95_ms, gb.p95_ms);
  g_print ("%-40s %10.1f %10.1f %10.1f %10.1f\n", "scroll jump, worst frame (ms)",
           la.max_ms, ga.max_ms, lb.max_ms, gb.max_ms);
  g_print ("%-40s %10.1f %10.1f %10.1f %10.1f\n", "screenful of thumbnails after a jump (ms)",
           la.screenful_ms, ga.screenful_ms, lb.screenful_ms, gb.screenful_ms);
  g_print ("%-40s %10.0f\n", "peak RSS of the run (MiB)", image_fixture_peak_rss_mib ());

  {
    const char *rm[] = { "rm", "-rf", dir, NULL };

    /* The folder is ours, made by g_dir_make_tmp() above. */
    if (!g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                       NULL, NULL, NULL, NULL))
      g_printerr ("Could not remove %s\n", dir);
  }
  return 0;
}
