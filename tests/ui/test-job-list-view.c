/* test-job-list-view.c: the job list: rows, search, filters, delete with undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "atelier-core3d-design.h"
#include "atelier-core3d-export.h"
#include "atelier-job-list-view.h"
#include "atelier-job-row.h"
#include "ui-test.h"

typedef struct
{
  UiSandbox           sandbox;
  GtkWidget          *window;
  AdwToastOverlay    *toasts;
  AtelierJobListView *list;
  AtelierJob         *fox;
  AtelierJob         *crane;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  ui_sandbox_start (&fixture->sandbox, 100);
  fixture->list = ATELIER_JOB_LIST_VIEW (g_object_ref_sink (atelier_job_list_view_new ()));
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 400, 600);
  fixture->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (fixture->toasts, GTK_WIDGET (fixture->list));
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->toasts));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  ui_assert_finalize (fixture->list);
  ui_sandbox_stop (&fixture->sandbox);
}

static guint
n_visible (Fixture *fixture)
{
  return g_list_model_get_n_items (atelier_job_list_view_get_visible_jobs (fixture->list));
}

static const char *
page (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (ui_find_stack (GTK_WIDGET (fixture->list), "list"));
}

/* A fox from OpenAI and a crane from Core3D, both done. */
static void
make_jobs (Fixture *fixture)
{
  fixture->fox = ui_sandbox_create_job (&fixture->sandbox, "openai", "prompt", "a red fox", NULL);
  fixture->crane = ui_sandbox_create_job (&fixture->sandbox, "core3d", "prompt", "a paper crane", NULL);
  g_assert_true (ui_wait_for_job (fixture->fox, 20000));
  g_assert_true (ui_wait_for_job (fixture->crane, 20000));
}

static gboolean
row_shown (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *row = ui_find_descendant (GTK_WIDGET (fixture->list), ATELIER_TYPE_JOB_ROW);

  return row != NULL && atelier_job_row_get_job (ATELIER_JOB_ROW (row)) != NULL;
}

static void
test_rows (Fixture       *fixture,
           gconstpointer  data)
{
  g_assert_cmpuint (n_visible (fixture), ==, 0);
  g_assert_cmpstr (page (fixture), ==, "empty");
  g_assert_nonnull (ui_find_label (GTK_WIDGET (fixture->list), "No Generations Yet"));

  atelier_job_list_view_set_engine (fixture->list, fixture->sandbox.engine);
  make_jobs (fixture);

  /* Newest first, with a row each. */
  g_assert_cmpuint (n_visible (fixture), ==, 2);
  g_assert_cmpstr (page (fixture), ==, "list");
  {
    g_autoptr(AtelierJob) first = g_list_model_get_item (atelier_job_list_view_get_visible_jobs (fixture->list), 0);

    g_assert_true (first == fixture->crane);
  }
  g_assert_true (ui_wait_for (row_shown, fixture, 5000));
}

typedef struct
{
  Fixture *fixture;
  guint    n;
} Expected;

static gboolean
n_visible_is (gpointer data)
{
  Expected *expected = data;

  return n_visible (expected->fixture) == expected->n;
}

static GtkWidget *
find_named (Fixture    *fixture,
            GType       type,
            const char *name)
{
  GtkWidget *widget = ui_find_named (GTK_WIDGET (fixture->list), type, name);

  g_assert_nonnull (widget);
  return widget;
}

static void
count (guint *counter)
{
  (*counter)++;
}

static void
test_search_and_filters (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *entry = find_named (fixture, GTK_TYPE_SEARCH_ENTRY, "Search prompts");
  GtkDropDown *service = GTK_DROP_DOWN (find_named (fixture, GTK_TYPE_DROP_DOWN, "Filter by service"));
  GtkDropDown *kind = GTK_DROP_DOWN (find_named (fixture, GTK_TYPE_DROP_DOWN, "Filter by kind"));
  GtkDropDown *status = GTK_DROP_DOWN (find_named (fixture, GTK_TYPE_DROP_DOWN, "Filter by status"));
  GtkToggleButton *starred = GTK_TOGGLE_BUTTON (find_named (fixture, GTK_TYPE_TOGGLE_BUTTON, "Only starred"));
  Expected expected = { fixture, 1 };
  guint search_mode_changes = 0;

  atelier_job_list_view_set_engine (fixture->list, fixture->sandbox.engine);
  make_jobs (fixture);
  g_signal_connect_swapped (fixture->list, "notify::search-mode", G_CALLBACK (count),
                            &search_mode_changes);

  g_object_set (fixture->list, "search-mode", TRUE, NULL);
  g_assert_true (atelier_job_list_view_get_search_mode (fixture->list));
  g_assert_cmpuint (search_mode_changes, ==, 1);

  /* Search by prompt, case-insensitively. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "CRANE");
  g_assert_true (ui_wait_for (n_visible_is, &expected, 5000));
  gtk_editable_set_text (GTK_EDITABLE (entry), "no such thing");
  expected.n = 0;
  g_assert_true (ui_wait_for (n_visible_is, &expected, 5000));
  g_assert_cmpstr (page (fixture), ==, "empty");
  g_assert_nonnull (ui_find_label (GTK_WIDGET (fixture->list), "No Results Found"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  expected.n = 2;
  g_assert_true (ui_wait_for (n_visible_is, &expected, 5000));

  /* By service: "All Services", then the services in the engine's order. */
  gtk_drop_down_set_selected (service, 2);
  g_assert_cmpuint (n_visible (fixture), ==, 1);
  gtk_drop_down_set_selected (service, 0);

  /* By kind: both are images, no models. */
  gtk_drop_down_set_selected (kind, 2);
  g_assert_cmpuint (n_visible (fixture), ==, 0);
  gtk_drop_down_set_selected (kind, 1);
  g_assert_cmpuint (n_visible (fixture), ==, 2);

  /* By status: nothing in progress, both done. */
  gtk_drop_down_set_selected (status, 1);
  g_assert_cmpuint (n_visible (fixture), ==, 0);
  gtk_drop_down_set_selected (status, 2);
  g_assert_cmpuint (n_visible (fixture), ==, 2);

  /* Starred only. */
  atelier_job_set_starred (fixture->fox, TRUE);
  gtk_toggle_button_set_active (starred, TRUE);
  g_assert_cmpuint (n_visible (fixture), ==, 1);

  /* Closing the search shows everything again. */
  atelier_job_list_view_set_search_mode (fixture->list, FALSE);
  g_assert_cmpuint (search_mode_changes, ==, 2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpuint (gtk_drop_down_get_selected (kind), ==, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (status), ==, 0);
  g_assert_false (gtk_toggle_button_get_active (starred));
  g_assert_cmpuint (n_visible (fixture), ==, 2);
}

static void
keep_job (AtelierJobListView *list,
          AtelierJob         *job,
          AtelierJob        **out)
{
  *out = job;
}

static void
test_selection (Fixture       *fixture,
                gconstpointer  data)
{
  AtelierJob *activated = NULL;
  AtelierJob *third;
  guint selection_changes = 0;
  GtkWidget *view;

  atelier_job_list_view_set_engine (fixture->list, fixture->sandbox.engine);
  make_jobs (fixture);
  g_signal_connect_swapped (fixture->list, "notify::selected-job", G_CALLBACK (count),
                            &selection_changes);
  g_signal_connect (fixture->list, "job-activated", G_CALLBACK (keep_job), &activated);

  g_assert_null (atelier_job_list_view_get_selected_job (fixture->list));
  g_assert_true (atelier_job_list_view_select_job (fixture->list, atelier_job_get_id (fixture->fox)));
  g_assert_true (atelier_job_list_view_get_selected_job (fixture->list) == fixture->fox);
  g_assert_cmpuint (selection_changes, ==, 1);
  g_assert_false (atelier_job_list_view_select_job (fixture->list, "no-such-job"));
  g_assert_true (atelier_job_list_view_get_selected_job (fixture->list) == fixture->fox);

  /* A new job arriving on top keeps the selection where it was. */
  third = ui_sandbox_create_job (&fixture->sandbox, "openai", "prompt", "a third one", NULL);
  g_assert_true (atelier_job_list_view_get_selected_job (fixture->list) == fixture->fox);
  g_assert_cmpuint (selection_changes, ==, 1);

  /* Enter on a row says which job to open. */
  view = find_named (fixture, GTK_TYPE_LIST_VIEW, "Jobs");
  g_assert_true (gtk_widget_activate_action (view, "list.activate-item", "u", 1));
  g_assert_true (activated == fixture->crane);

  atelier_job_list_view_unselect (fixture->list);
  g_assert_null (atelier_job_list_view_get_selected_job (fixture->list));
  g_assert_cmpuint (selection_changes, ==, 2);

  g_assert_cmpuint (n_visible (fixture), ==, 3);
  g_assert_true (ui_wait_for_job (third, 20000));
}

static gboolean
in_engine (Fixture    *fixture,
           const char *job_id)
{
  return atelier_job_list_lookup (atelier_engine_get_jobs (fixture->sandbox.engine), job_id) != NULL;
}

typedef struct
{
  Fixture    *fixture;
  const char *job_id;
} Gone;

static gboolean
gone_from_engine (gpointer data)
{
  Gone *gone = data;

  return !in_engine (gone->fixture, gone->job_id);
}

/* As the window does: the overlay shows the toast, and owns it. */
static AdwToast *
delete_job (Fixture    *fixture,
            AtelierJob *job)
{
  AdwToast *toast = atelier_job_list_view_delete_job (fixture->list, job);

  g_assert_true (ADW_IS_TOAST (toast));
  adw_toast_overlay_add_toast (fixture->toasts, g_object_ref (toast));
  return toast;
}

static void
test_delete_with_undo (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(AdwToast) toast = NULL;
  g_autofree char *output = NULL;
  g_autofree char *crane = NULL;
  g_autofree char *fox = NULL;
  Gone gone = { fixture, NULL };

  atelier_job_list_view_set_engine (fixture->list, fixture->sandbox.engine);
  make_jobs (fixture);
  output = g_strdup (atelier_job_get_outputs (fixture->crane)[0]);
  crane = g_strdup (atelier_job_get_id (fixture->crane));
  fox = g_strdup (atelier_job_get_id (fixture->fox));

  /* Deleting hides the job, and the selection goes with it. */
  atelier_job_list_view_select_job (fixture->list, crane);
  toast = delete_job (fixture, fixture->crane);
  g_assert_cmpstr (adw_toast_get_title (toast), ==, "“a paper crane” deleted");
  g_assert_cmpstr (adw_toast_get_button_label (toast), ==, "_Undo");
  g_assert_cmpuint (n_visible (fixture), ==, 1);
  g_assert_null (atelier_job_list_view_get_selected_job (fixture->list));
  g_assert_true (in_engine (fixture, crane));
  g_assert_true (g_file_test (output, G_FILE_TEST_EXISTS));

  /* Undo brings it back, selected; the toast leaving then deletes nothing. */
  g_signal_emit_by_name (toast, "button-clicked");
  g_assert_cmpuint (n_visible (fixture), ==, 2);
  g_assert_true (atelier_job_list_view_get_selected_job (fixture->list) == fixture->crane);
  adw_toast_dismiss (toast);
  g_clear_object (&toast);
  g_assert_true (in_engine (fixture, crane));

  /* Without Undo, the toast leaving deletes the job and its files. */
  toast = delete_job (fixture, fixture->crane);
  adw_toast_dismiss (toast);
  gone.job_id = crane;
  g_assert_true (ui_wait_for (gone_from_engine, &gone, 5000));
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
  g_clear_object (&toast);

  /* Pending deletions are done when the window closes. */
  toast = delete_job (fixture, fixture->fox);
  g_assert_cmpuint (n_visible (fixture), ==, 0);
  g_assert_true (in_engine (fixture, fox));
  atelier_job_list_view_commit_deletes (fixture->list);
  g_assert_false (in_engine (fixture, fox));
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

/* 10,000 jobs, oldest first; the oldest has a prompt of its own. */
static AtelierHistory *
long_history (Fixture *fixture)
{
  g_autofree char *path = g_build_filename (fixture->sandbox.tmpdir, "history.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = atelier_history_open (path, &error);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_no_error (error);
  for (guint i = 0; i < 10000; i++)
    {
      g_autoptr(GHashTable) params = atelier_params_new ();
      AtelierJob *job;

      g_hash_table_insert (params, g_strdup ("prompt"),
                           i == 0 ? g_strdup ("the very first aardvark")
                                  : g_strdup_printf ("job %u: lazy cats in black and gold", i));
      job = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, params);
      atelier_job_set_status (job, ATELIER_JOB_STATUS_DONE);
      g_ptr_array_add (jobs, job);
    }
  g_assert_true (atelier_history_save_all (history, jobs, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&history);
}

static void
test_paged_history (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(AtelierHistory) history = long_history (fixture);
  g_autoptr(AtelierEngine) engine = atelier_engine_new (fixture->sandbox.http, history);
  GtkWidget *entry = find_named (fixture, GTK_TYPE_SEARCH_ENTRY, "Search prompts");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierJob) found = NULL;
  Expected expected = { fixture, 1 };

  /* A screenful first, as the application lists it before its first frame. */
  g_assert_true (atelier_engine_load_history_first (engine, 20, &error));
  g_assert_no_error (error);
  atelier_job_list_view_set_engine (fixture->list, engine);
  g_assert_cmpuint (n_visible (fixture), ==, 20);

  /* The oldest job is not listed yet: no "No Results Found" meanwhile. */
  atelier_job_list_view_set_search_mode (fixture->list, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), "aardvark");
  expected.n = 0;
  g_assert_true (ui_wait_for (n_visible_is, &expected, 5000));
  g_assert_cmpstr (page (fixture), ==, "list");

  /* Once the rest is paged in, the search finds it on the last page. */
  atelier_engine_load_history_rest_async (engine, TRUE, NULL, got_result, &result);
  g_assert_true (ui_wait_for (has_result, &result, 60000));
  atelier_engine_load_history_rest_finish (engine, result, &error);
  g_assert_no_error (error);
  expected.n = 1;
  g_assert_true (ui_wait_for (n_visible_is, &expected, 5000));
  found = g_list_model_get_item (atelier_job_list_view_get_visible_jobs (fixture->list), 0);
  g_assert_cmpstr (atelier_job_get_prompt (found), ==, "the very first aardvark");

  /* And every job is listed, filters and counts included. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  expected.n = 10000;
  g_assert_true (ui_wait_for (n_visible_is, &expected, 5000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (atelier_engine_get_jobs (engine))), ==, 10000);
  gtk_editable_set_text (GTK_EDITABLE (entry), "job 9999:");
  expected.n = 1;
  g_assert_true (ui_wait_for (n_visible_is, &expected, 5000));

  atelier_job_list_view_set_engine (fixture->list, NULL);
}

static gboolean
design_row_shown (gpointer data)
{
  Fixture *fixture = data;

  return ui_find_named (GTK_WIDGET (fixture->list), ATELIER_TYPE_JOB_ROW,
                        "Core3D product design · pattern") != NULL &&
         ui_find_named (GTK_WIDGET (fixture->list), ATELIER_TYPE_JOB_ROW,
                        "Core3D print export · dtf") != NULL;
}

/* Image → product design → print export: the design is an image (its
 * preview is one), the export's ZIP is a print export of its own. */
static void
test_kind_filter (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkDropDown *kind = GTK_DROP_DOWN (find_named (fixture, GTK_TYPE_DROP_DOWN, "Filter by kind"));
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(GHashTable) export_params = NULL;
  g_autoptr(GError) error = NULL;
  AtelierJob *image, *design, *export, *model;
  g_autoptr(AtelierJob) only = NULL;
  GListModel *kinds = gtk_drop_down_get_model (kind);

  g_assert_cmpuint (g_list_model_get_n_items (kinds), ==, 4);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (kinds), 3), ==, "Print Exports");

  atelier_job_list_view_set_engine (fixture->list, fixture->sandbox.engine);
  image = ui_sandbox_create_job (&fixture->sandbox, "core3d", "prompt", "a paper crane pattern",
                                 "type", "pattern", NULL);
  model = ui_sandbox_create_job (&fixture->sandbox, "image3d", "prompt", "a teapot", NULL);
  g_assert_true (ui_wait_for_job (image, 20000));
  g_assert_true (atelier_core3d_design_take_artwork (image, params, &error));
  g_assert_no_error (error);
  g_hash_table_insert (params, g_strdup ("model"), g_strdup ("Tee"));
  g_hash_table_insert (params, g_strdup ("type"), g_strdup ("pattern"));
  design = atelier_engine_create_job (fixture->sandbox.engine, "core3d-design", params, &error);
  g_assert_no_error (error);
  g_assert_true (ui_wait_for_job (design, 20000));
  g_assert_cmpint (atelier_job_get_status (design), ==, ATELIER_JOB_STATUS_DONE);
  export_params = atelier_core3d_export_params_for_job (design, "dtf", &error);
  g_assert_no_error (error);
  export = atelier_engine_create_job (fixture->sandbox.engine, "core3d-export", export_params, &error);
  g_assert_no_error (error);
  g_assert_true (ui_wait_for_job (export, 20000));
  g_assert_true (ui_wait_for_job (model, 30000));
  g_assert_cmpuint (n_visible (fixture), ==, 4);

  g_object_set (fixture->list, "search-mode", TRUE, NULL);
  gtk_drop_down_set_selected (kind, 1);
  g_assert_cmpuint (n_visible (fixture), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(AtelierJob) shown = g_list_model_get_item (atelier_job_list_view_get_visible_jobs (fixture->list), i);

      g_assert_true (shown == image || shown == design);
    }
  gtk_drop_down_set_selected (kind, 2);
  g_assert_cmpuint (n_visible (fixture), ==, 1);
  gtk_drop_down_set_selected (kind, 3);
  g_assert_cmpuint (n_visible (fixture), ==, 1);
  only = g_list_model_get_item (atelier_job_list_view_get_visible_jobs (fixture->list), 0);
  g_assert_true (only == export);
  gtk_drop_down_set_selected (kind, 0);
  g_assert_cmpuint (n_visible (fixture), ==, 4);

  /* Without a prompt, a row says what the job is. */
  g_assert_true (ui_wait_for (design_row_shown, fixture, 5000));
}

/* ---- a streamed image (issue 13) ---- */

static gboolean
has_preview (gpointer data)
{
  return atelier_job_get_previews (data)[0] != NULL;
}

static GtkWidget *
streamed_row (Fixture    *fixture,
              AtelierJob *job)
{
  GtkWidget *row = ui_find_descendant (GTK_WIDGET (fixture->list), ATELIER_TYPE_JOB_ROW);

  g_assert_nonnull (row);
  g_assert_true (atelier_job_row_get_job (ATELIER_JOB_ROW (row)) == job);
  return row;
}

static gboolean
thumbnail_shown (gpointer data)
{
  GtkWidget *picture = ui_find_descendant (data, GTK_TYPE_PICTURE);

  return picture != NULL && gtk_widget_get_visible (picture) &&
         gtk_picture_get_paintable (GTK_PICTURE (picture)) != NULL;
}

typedef struct
{
  GtkWidget    *row;
  GdkPaintable *old;
} Replaced;

static gboolean
thumbnail_replaced (gpointer data)
{
  Replaced *replaced = data;
  GtkWidget *picture = ui_find_descendant (replaced->row, GTK_TYPE_PICTURE);

  return gtk_picture_get_paintable (GTK_PICTURE (picture)) != replaced->old &&
         thumbnail_shown (replaced->row);
}

static gboolean
badge_visible (GtkWidget *row)
{
  GtkWidget *badge = ui_find_label (row, "Preview");

  g_assert_nonnull (badge);
  return gtk_widget_get_visible (badge);
}

static void
test_streamed_previews (Fixture       *fixture,
                        gconstpointer  data)
{
  AtelierJob *job;
  GtkWidget *row;
  g_autoptr(GdkPaintable) preview_paintable = NULL;
  Replaced replaced;

  /* Slow enough to look at each preview. */
  atelier_sandbox_set_stream_interval (fixture->sandbox.sandbox, 1500);
  atelier_job_list_view_set_engine (fixture->list, fixture->sandbox.engine);
  job = ui_sandbox_create_job (&fixture->sandbox, "openai", "prompt", "a fox forming",
                               "stream", "on", "partial_images", "2", NULL);

  /* The first preview shows in the row at once, marked as one. */
  g_assert_true (ui_wait_for (has_preview, job, 20000));
  g_assert_false (atelier_job_is_finished (job));
  row = streamed_row (fixture, job);
  g_assert_true (ui_wait_for (thumbnail_shown, row, 10000));
  g_assert_true (badge_visible (row));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Running, preview 1 shown");
  preview_paintable = g_object_ref (gtk_picture_get_paintable (GTK_PICTURE (ui_find_descendant (row, GTK_TYPE_PICTURE))));

  /* Then the final image in the same place, the badge gone. */
  g_assert_true (ui_wait_for_job (job, 20000));
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
  g_assert_cmpuint (g_strv_length ((char **) atelier_job_get_previews (job)), ==, 2);
  replaced.row = row;
  replaced.old = preview_paintable;
  g_assert_true (ui_wait_for (thumbnail_replaced, &replaced, 10000));
  g_assert_false (badge_visible (row));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       "Done, image shown");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int ret;

  if (home == NULL)
    return 0;

  g_test_add ("/ui/job-list-view/rows", Fixture, NULL,
              fixture_set_up, test_rows, fixture_tear_down);
  g_test_add ("/ui/job-list-view/search-and-filters", Fixture, NULL,
              fixture_set_up, test_search_and_filters, fixture_tear_down);
  g_test_add ("/ui/job-list-view/selection", Fixture, NULL,
              fixture_set_up, test_selection, fixture_tear_down);
  g_test_add ("/ui/job-list-view/delete-with-undo", Fixture, NULL,
              fixture_set_up, test_delete_with_undo, fixture_tear_down);
  g_test_add ("/ui/job-list-view/paged-history", Fixture, NULL,
              fixture_set_up, test_paged_history, fixture_tear_down);
  g_test_add ("/ui/job-list-view/kind-filter", Fixture, NULL,
              fixture_set_up, test_kind_filter, fixture_tear_down);

  g_test_add ("/ui/job-list-view/streamed-previews", Fixture, NULL,
              fixture_set_up, test_streamed_previews, fixture_tear_down);

  ret = g_test_run ();
  ui_remove_tree (home);
  return ret;
}
