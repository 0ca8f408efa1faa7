/* test-job-detail.c: the detail pane: progress, result, failure, model, parameters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "atelier-job-detail.h"
#include "atelier-output-grid.h"
#include "atelier-procedural.h"
#include "ui-test.h"

#include "atelier-model-view.h"

typedef struct
{
  UiSandbox         sandbox;
  GtkWidget        *window;
  AtelierJobDetail *detail;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  ui_sandbox_start (&fixture->sandbox, 300);
  fixture->detail = ATELIER_JOB_DETAIL (g_object_ref_sink (atelier_job_detail_new ()));
  atelier_job_detail_set_engine (fixture->detail, fixture->sandbox.engine);
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->detail));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  ui_assert_finalize (fixture->detail);
  ui_sandbox_stop (&fixture->sandbox);
}

static const char *
page (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (ui_find_stack (GTK_WIDGET (fixture->detail), "status"));
}

static GtkWidget *
shown_button (Fixture    *fixture,
              const char *label)
{
  GtkWidget *button = ui_find_button (GTK_WIDGET (fixture->detail), label);

  return button != NULL && gtk_widget_get_visible (button) ? button : NULL;
}

static void
count (guint *counter)
{
  (*counter)++;
}

static gboolean
texture_loaded (gpointer data)
{
  return atelier_job_detail_get_texture (data) != NULL;
}

static void
test_progress_then_result (Fixture       *fixture,
                           gconstpointer  data)
{
  AtelierJob *job;
  guint result_changes = 0;

  /* Nothing selected. */
  g_assert_cmpstr (page (fixture), ==, "empty");
  g_assert_null (atelier_job_detail_get_result_path (fixture->detail));
  g_assert_null (atelier_job_detail_get_texture (fixture->detail));

  atelier_sandbox_set_job_duration (fixture->sandbox.sandbox, 2000);
  job = ui_sandbox_create_job (&fixture->sandbox, "openai", "prompt", "a red fox", NULL);
  g_signal_connect_swapped (fixture->detail, "notify::result-path", G_CALLBACK (count), &result_changes);
  atelier_job_detail_set_job (fixture->detail, job);

  /* While it runs: progress and Cancel. */
  g_assert_cmpstr (page (fixture), ==, "status");
  g_assert_nonnull (shown_button (fixture, "_Cancel"));
  g_assert_null (shown_button (fixture, "_Retry"));
  g_assert_null (atelier_job_detail_get_result_path (fixture->detail));

  /* Done: the image, and the path of what is shown. */
  g_assert_true (ui_wait_for_job (job, 20000));
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
  g_assert_cmpuint (result_changes, ==, 1);
  g_assert_cmpstr (atelier_job_detail_get_result_path (fixture->detail), ==, atelier_job_get_outputs (job)[0]);
  g_assert_cmpstr (page (fixture), ==, "image");
  g_assert_true (ui_wait_for (texture_loaded, fixture->detail, 10000));

  /* The parameters as the job asked for them. */
  g_assert_nonnull (ui_find_named (GTK_WIDGET (fixture->detail), GTK_TYPE_LIST_BOX, "Parameters"));
  g_assert_true (atelier_job_detail_get_show_params (fixture->detail));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->detail), "detail.show-params", NULL));
  g_assert_false (atelier_job_detail_get_show_params (fixture->detail));
}

static void
test_failure_offers_help (Fixture       *fixture,
                          gconstpointer  data)
{
  AtelierSandboxFault fault = { ATELIER_SANDBOX_FAULT_STATUS, 402, 0, 0 };
  AtelierJob *job;

  atelier_sandbox_add_fault (fixture->sandbox.sandbox, "POST /api/generate", &fault, 1);
  job = ui_sandbox_create_job (&fixture->sandbox, "image3d", "prompt", "a chair nobody pays for", NULL);
  g_assert_true (ui_wait_for_job (job, 20000));
  g_assert_cmpstr (atelier_job_get_error_kind (job), ==, "no-credits");

  atelier_job_detail_set_job (fixture->detail, job);
  g_assert_cmpstr (page (fixture), ==, "status");
  g_assert_nonnull (shown_button (fixture, "_Buy Credits"));
  g_assert_nonnull (shown_button (fixture, "_Retry"));
  g_assert_null (shown_button (fixture, "_Cancel"));
  g_assert_null (atelier_job_detail_get_result_path (fixture->detail));
}

static void
test_several_results (Fixture       *fixture,
                      gconstpointer  data)
{
  AtelierJob *job = ui_sandbox_create_job (&fixture->sandbox, "openai",
                                           "prompt", "two foxes", "n", "2", NULL);
  const char *const *outputs;
  GtkWidget *second;
  guint result_changes = 0;

  atelier_job_detail_set_job (fixture->detail, job);
  g_assert_true (ui_wait_for_job (job, 20000));
  outputs = atelier_job_get_outputs (job);
  g_assert_cmpuint (g_strv_length ((char **) outputs), ==, 2);
  g_assert_cmpstr (atelier_job_detail_get_result_path (fixture->detail), ==, outputs[0]);

  /* Several images show as a grid; the tile picked is what the window's
   * actions act on. */
  g_assert_cmpstr (page (fixture), ==, "grid");
  second = ui_find_named (GTK_WIDGET (fixture->detail), GTK_TYPE_FLOW_BOX_CHILD, "Image 2 of 2");
  g_assert_true (GTK_IS_FLOW_BOX_CHILD (second));
  g_signal_connect_swapped (fixture->detail, "notify::result-path", G_CALLBACK (count), &result_changes);
  atelier_output_grid_select (ATELIER_OUTPUT_GRID (ui_find_descendant (GTK_WIDGET (fixture->detail),
                                                                       ATELIER_TYPE_OUTPUT_GRID)), 1);
  g_assert_cmpuint (result_changes, ==, 1);
  g_assert_cmpstr (atelier_job_detail_get_result_path (fixture->detail), ==, outputs[1]);
}

static void
test_star_follows_job (Fixture       *fixture,
                       gconstpointer  data)
{
  AtelierJob *job = ui_sandbox_create_job (&fixture->sandbox, "openai", "prompt", "a star", NULL);
  GtkWidget *star = ui_find_named (GTK_WIDGET (fixture->detail), GTK_TYPE_TOGGLE_BUTTON, "Star");

  g_assert_true (GTK_IS_TOGGLE_BUTTON (star));
  atelier_job_detail_set_job (fixture->detail, job);
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (star)));

  atelier_job_set_starred (job, TRUE);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (star)));
  g_assert_cmpstr (gtk_button_get_icon_name (GTK_BUTTON (star)), ==, "starred-symbolic");

  g_assert_true (ui_wait_for_job (job, 20000));
}

static void
test_model_file (Fixture       *fixture,
                 gconstpointer  data)
{
  AtelierProceduralModel model = { "a teapot", 64, TRUE, 16, "png" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) glb = atelier_procedural_glb (&model, &error);
  g_autofree char *path = g_build_filename (fixture->sandbox.tmpdir, "teapot.glb", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AtelierJob *job;
  GtkWidget *view;
  guint file_changes = 0;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (glb, NULL), g_bytes_get_size (glb), NULL));
  g_signal_connect_swapped (fixture->detail, "notify::file", G_CALLBACK (count), &file_changes);

  atelier_job_detail_set_file (fixture->detail, file);
  g_assert_cmpuint (file_changes, ==, 1);
  g_assert_cmpstr (page (fixture), ==, "model");
  view = ui_find_named (GTK_WIDGET (fixture->detail), ATELIER_TYPE_MODEL_VIEW, "3D model");
  g_assert_true (ATELIER_IS_MODEL_VIEW (view));
  g_assert_true (g_file_equal (atelier_model_view_get_file (ATELIER_MODEL_VIEW (view)), file));

  /* A job takes the place of the file. */
  job = ui_sandbox_create_job (&fixture->sandbox, "openai", "prompt", "a cup", NULL);
  atelier_job_detail_set_job (fixture->detail, job);
  g_assert_null (atelier_job_detail_get_file (fixture->detail));
  g_assert_cmpuint (file_changes, ==, 2);
  g_assert_cmpstr (page (fixture), ==, "status");

  g_assert_true (ui_wait_for_job (job, 20000));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int ret;

  if (home == NULL)
    return 0;

  g_test_add ("/ui/job-detail/progress-then-result", Fixture, NULL,
              fixture_set_up, test_progress_then_result, fixture_tear_down);
  g_test_add ("/ui/job-detail/failure-offers-help", Fixture, NULL,
              fixture_set_up, test_failure_offers_help, fixture_tear_down);
  g_test_add ("/ui/job-detail/several-results", Fixture, NULL,
              fixture_set_up, test_several_results, fixture_tear_down);
  g_test_add ("/ui/job-detail/star-follows-job", Fixture, NULL,
              fixture_set_up, test_star_follows_job, fixture_tear_down);
  g_test_add ("/ui/job-detail/model-file", Fixture, NULL,
              fixture_set_up, test_model_file, fixture_tear_down);

  ret = g_test_run ();
  ui_remove_tree (home);
  return ret;
}
