/* test-output-grid.c: several images as a grid: tiles, stars kept in the
 * history, the tile actions, and Compare opened from the grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "atelier-compare-window.h"
#include "atelier-job-detail.h"
#include "atelier-output-grid.h"
#include "ui-test.h"

typedef struct
{
  UiSandbox          sandbox;
  char              *history_dir;
  char              *history_path;
  GtkWidget         *window;
  AtelierJobDetail  *detail;
  AtelierOutputGrid *grid;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->history_dir = g_dir_make_tmp ("atelier-grid-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->history_path = g_build_filename (fixture->history_dir, "history.db", NULL);
  ui_sandbox_start_with_history (&fixture->sandbox, 200, fixture->history_path);

  fixture->detail = ATELIER_JOB_DETAIL (g_object_ref_sink (atelier_job_detail_new ()));
  atelier_job_detail_set_engine (fixture->detail, fixture->sandbox.engine);
  fixture->grid = ATELIER_OUTPUT_GRID (ui_find_descendant (GTK_WIDGET (fixture->detail),
                                                           ATELIER_TYPE_OUTPUT_GRID));
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->detail));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  ui_assert_finalize (fixture->detail);
  if (fixture->sandbox.engine != NULL)
    ui_sandbox_stop (&fixture->sandbox);
  ui_remove_tree (fixture->history_dir);
  g_free (fixture->history_dir);
  g_free (fixture->history_path);
}

static AtelierJob *
four_images (Fixture *fixture)
{
  AtelierJob *job = ui_sandbox_create_job (&fixture->sandbox, "openai",
                                           "prompt", "four lazy cats", "n", "4", NULL);

  atelier_job_detail_set_job (fixture->detail, job);
  g_assert_true (ui_wait_for_job (job, 30000));
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
  g_assert_cmpuint (g_strv_length ((char **) atelier_job_get_outputs (job)), ==, 4);
  return job;
}

static GtkWidget *
tile (Fixture    *fixture,
      const char *name)
{
  return ui_find_named (GTK_WIDGET (fixture->grid), GTK_TYPE_FLOW_BOX_CHILD, name);
}

static gboolean
thumbnails_loaded (gpointer data)
{
  AtelierOutputGrid *grid = data;

  for (guint i = 0; i < atelier_output_grid_get_n_tiles (grid); i++)
    {
      GtkWidget *picture = ui_find_descendant (atelier_output_grid_get_tile (grid, i), GTK_TYPE_PICTURE);

      if (gtk_picture_get_paintable (GTK_PICTURE (picture)) == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
test_four_tiles_and_stars (Fixture       *fixture,
                           gconstpointer  data)
{
  AtelierJob *job = four_images (fixture);
  const char *const *outputs = atelier_job_get_outputs (job);
  g_autofree char *job_id = g_strdup (atelier_job_get_id (job));
  g_auto(GStrv) paths = g_strdupv ((char **) outputs);
  g_autoptr(AtelierHistory) history = NULL;
  g_autoptr(AtelierJob) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *second;
  GtkWidget *reloaded_grid;

  /* Four outputs, four tiles, each named for a screen reader. */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ui_find_stack (GTK_WIDGET (fixture->detail), "grid")),
                   ==, "grid");
  g_assert_cmpuint (atelier_output_grid_get_n_tiles (fixture->grid), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("Image %u of 4", i + 1);

      g_assert_true (tile (fixture, name) == atelier_output_grid_get_tile (fixture->grid, i));
    }
  g_assert_null (atelier_output_grid_get_tile (fixture->grid, 4));
  /* Thumbnails, decoded off the main thread, no larger than a tile needs. */
  g_assert_true (ui_wait_for (thumbnails_loaded, fixture->grid, 10000));
  {
    GtkWidget *picture = ui_find_descendant (atelier_output_grid_get_tile (fixture->grid, 0), GTK_TYPE_PICTURE);
    GdkPaintable *thumb = gtk_picture_get_paintable (GTK_PICTURE (picture));

    g_assert_cmpint (gdk_paintable_get_intrinsic_width (thumb), <=, 320);
  }

  /* Ctrl+D on the second tile stars that image, not the job. */
  atelier_output_grid_select (fixture->grid, 1);
  g_assert_cmpstr (atelier_output_grid_get_current (fixture->grid), ==, paths[1]);
  g_assert_cmpstr (atelier_job_detail_get_result_path (fixture->detail), ==, paths[1]);
  second = atelier_output_grid_get_tile (fixture->grid, 1);
  g_assert_true (ui_press_key (second, GDK_KEY_d, GDK_CONTROL_MASK));
  g_assert_true (atelier_job_get_output_starred (job, paths[1]));
  g_assert_false (atelier_job_get_starred (job));
  g_assert_true (tile (fixture, "Image 2 of 4, starred") == second);

  /* The fourth starred from its menu's action, then unstarred. */
  atelier_output_grid_select (fixture->grid, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->grid), "grid.star", NULL));
  g_assert_nonnull (tile (fixture, "Image 4 of 4, starred"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->grid), "grid.star", NULL));
  g_assert_nonnull (tile (fixture, "Image 4 of 4"));
  g_assert_cmpuint (g_strv_length ((char **) atelier_job_get_starred_outputs (job)), ==, 1);

  /* Closing the engine writes what is pending; a fresh read of the history
   * has the star on the second image only. */
  atelier_job_detail_set_job (fixture->detail, NULL);
  atelier_job_detail_set_engine (fixture->detail, NULL);
  ui_sandbox_stop (&fixture->sandbox);
  history = atelier_history_open (fixture->history_path, &error);
  g_assert_no_error (error);
  reloaded = atelier_history_load (history, job_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (reloaded);
  g_assert_true (atelier_job_get_output_starred (reloaded, paths[1]));
  g_assert_false (atelier_job_get_output_starred (reloaded, paths[3]));

  /* And a grid of the job read back shows it. */
  reloaded_grid = g_object_ref_sink (atelier_output_grid_new ());
  atelier_output_grid_set_job (ATELIER_OUTPUT_GRID (reloaded_grid), reloaded);
  g_assert_nonnull (ui_find_named (reloaded_grid, GTK_TYPE_FLOW_BOX_CHILD, "Image 2 of 4, starred"));
  g_assert_nonnull (ui_find_named (reloaded_grid, GTK_TYPE_FLOW_BOX_CHILD, "Image 1 of 4"));
  atelier_output_grid_set_job (ATELIER_OUTPUT_GRID (reloaded_grid), NULL);
  g_assert_cmpuint (atelier_output_grid_get_n_tiles (ATELIER_OUTPUT_GRID (reloaded_grid)), ==, 0);
  g_assert_null (atelier_output_grid_get_tile (ATELIER_OUTPUT_GRID (reloaded_grid), 0));
  g_assert_null (atelier_output_grid_get_current (ATELIER_OUTPUT_GRID (reloaded_grid)));
  ui_assert_finalize (reloaded_grid);
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (g_type_is_a (G_OBJECT_TYPE (l->data), type) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
both_loaded (gpointer data)
{
  AtelierCompareView *view = atelier_compare_window_get_view (data);

  return atelier_compare_view_get_texture (view, ATELIER_COMPARE_SIDE_LEFT) != NULL &&
         atelier_compare_view_get_texture (view, ATELIER_COMPARE_SIDE_RIGHT) != NULL;
}

static void
saw_output (char       **seen,
            const char  *path)
{
  g_free (*seen);
  *seen = g_strdup (path);
}

static void
test_tile_actions (Fixture       *fixture,
                   gconstpointer  data)
{
  AtelierJob *job = four_images (fixture);
  const char *const *outputs = atelier_job_get_outputs (job);
  GtkWindow *window;
  g_autofree char *seen = NULL;

  /* Enter on a tile (the flow box's activation) opens that image large. */
  g_signal_connect_swapped (fixture->grid, "open-output", G_CALLBACK (saw_output), &seen);
  atelier_output_grid_select (fixture->grid, 2);
  g_assert_true (gtk_widget_activate (atelier_output_grid_get_tile (fixture->grid, 2)));
  g_assert_cmpstr (seen, ==, outputs[2]);
  window = find_toplevel (ADW_TYPE_WINDOW);
  g_assert_nonnull (window);
  g_assert_true (gtk_window_get_transient_for (window) == GTK_WINDOW (fixture->window));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Image 3 of 4");
  g_assert_nonnull (ui_find_label (GTK_WIDGET (window), "four lazy cats"));
  /* Escape closes it. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  g_assert_true (ui_press_key (GTK_WIDGET (window), GDK_KEY_Escape, 0));
  g_assert_null (window);

  /* Save and Use as Input say which image. */
  g_signal_connect_swapped (fixture->grid, "save-output", G_CALLBACK (saw_output), &seen);
  g_signal_connect_swapped (fixture->grid, "use-output", G_CALLBACK (saw_output), &seen);
  atelier_output_grid_select (fixture->grid, 1);
  g_assert_true (ui_press_key (atelier_output_grid_get_tile (fixture->grid, 1), GDK_KEY_s, GDK_CONTROL_MASK));
  g_assert_cmpstr (seen, ==, outputs[1]);
  atelier_output_grid_select (fixture->grid, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->grid), "grid.use-as-input", NULL));
  g_assert_cmpstr (seen, ==, outputs[3]);
  g_assert_cmpstr (atelier_job_detail_get_result_path (fixture->detail), ==, outputs[3]);

  /* The menu key shows the tile's menu, for that tile. */
  {
    GtkWidget *menu = ui_find_descendant (GTK_WIDGET (fixture->grid), GTK_TYPE_POPOVER_MENU);

    g_assert_nonnull (menu);
    g_assert_false (gtk_widget_get_visible (menu));
    atelier_output_grid_select (fixture->grid, 2);
    g_assert_true (ui_press_key (atelier_output_grid_get_tile (fixture->grid, 2), GDK_KEY_Menu, 0));
    g_assert_true (gtk_widget_get_visible (menu));
    g_assert_cmpstr (atelier_output_grid_get_current (fixture->grid), ==, outputs[2]);
    gtk_popover_popdown (GTK_POPOVER (menu));
  }

  /* Two tiles selected, Compare: those two side by side. */
  atelier_output_grid_select (fixture->grid, 0);
  gtk_flow_box_select_child (GTK_FLOW_BOX (ui_find_descendant (GTK_WIDGET (fixture->grid), GTK_TYPE_FLOW_BOX)),
                             GTK_FLOW_BOX_CHILD (atelier_output_grid_get_tile (fixture->grid, 2)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->grid), "grid.compare", NULL));
  window = find_toplevel (ATELIER_TYPE_COMPARE_WINDOW);
  g_assert_nonnull (window);
  g_assert_cmpstr (atelier_compare_window_get_output (ATELIER_COMPARE_WINDOW (window), ATELIER_COMPARE_SIDE_LEFT),
                   ==, outputs[0]);
  g_assert_cmpstr (atelier_compare_window_get_output (ATELIER_COMPARE_WINDOW (window), ATELIER_COMPARE_SIDE_RIGHT),
                   ==, outputs[2]);
  g_assert_true (ui_wait_for (both_loaded, window, 10000));
  gtk_window_destroy (window);
}

static void
test_compare_choices (Fixture       *fixture,
                      gconstpointer  data)
{
  AtelierJob *first = four_images (fixture);
  AtelierJob *second = ui_sandbox_create_job (&fixture->sandbox, "openai", "prompt", "one dog", NULL);
  AtelierJob *jobs[2] = { first, second };
  g_autoptr(AtelierCompareWindow) window = NULL;

  g_assert_true (ui_wait_for_job (second, 30000));
  window = g_object_ref_sink (ATELIER_COMPARE_WINDOW (atelier_compare_window_new ()));

  /* Two jobs: the first image of each. */
  g_assert_true (atelier_compare_window_set_jobs (window, jobs, 2));
  g_assert_cmpstr (atelier_compare_window_get_output (window, ATELIER_COMPARE_SIDE_LEFT),
                   ==, atelier_job_get_outputs (first)[0]);
  g_assert_cmpstr (atelier_compare_window_get_output (window, ATELIER_COMPARE_SIDE_RIGHT),
                   ==, atelier_job_get_outputs (second)[0]);
  /* Every image of both can be picked. */
  g_assert_true (atelier_compare_window_show_outputs (window, atelier_job_get_outputs (first)[3],
                                                      atelier_job_get_outputs (first)[1]));
  g_assert_false (atelier_compare_window_show_outputs (window, "/nowhere.png", atelier_job_get_outputs (first)[1]));

  /* One job: its first two. */
  g_assert_true (atelier_compare_window_set_jobs (window, jobs, 1));
  g_assert_cmpstr (atelier_compare_window_get_output (window, ATELIER_COMPARE_SIDE_LEFT),
                   ==, atelier_job_get_outputs (first)[0]);
  g_assert_cmpstr (atelier_compare_window_get_output (window, ATELIER_COMPARE_SIDE_RIGHT),
                   ==, atelier_job_get_outputs (first)[1]);

  /* One image in all: nothing to compare. */
  g_assert_false (atelier_compare_window_set_jobs (window, &second, 1));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int ret;

  if (home == NULL)
    return 0;

  g_test_add ("/ui/output-grid/four-tiles-and-stars", Fixture, NULL,
              fixture_set_up, test_four_tiles_and_stars, fixture_tear_down);
  g_test_add ("/ui/output-grid/tile-actions", Fixture, NULL,
              fixture_set_up, test_tile_actions, fixture_tear_down);
  g_test_add ("/ui/output-grid/compare-choices", Fixture, NULL,
              fixture_set_up, test_compare_choices, fixture_tear_down);

  ret = g_test_run ();
  ui_remove_tree (home);
  return ret;
}
