/* test-window.c: the main window on an in-process sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "atelier-compare-window.h"
#include "atelier-composer.h"
#include "atelier-default-options.h"
#include "atelier-job-detail.h"
#include "atelier-job-row.h"
#include "atelier-output-grid.h"
#include "atelier-param-form.h"
#include "atelier-preferences-window.h"
#include "atelier-product-picker.h"
#include "atelier-procedural.h"
#include "atelier-providers.h"
#include "atelier-sandbox.h"
#include "atelier-window.h"
#include "ui-test.h"

#include "atelier-model-view.h"

typedef struct
{
  UiSandbox      sandbox;
  AtelierEngine *engine;
  AtelierWindow *window;
  char          *tmpdir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  ui_sandbox_start (&fixture->sandbox, 300);
  fixture->engine = fixture->sandbox.engine;
  fixture->tmpdir = fixture->sandbox.tmpdir;

  /* Our own reference, so teardown can check it is the last one. */
  fixture->window = g_object_ref (atelier_window_new (NULL, fixture->engine));
  /* @data: a width to start at, as on a phone. */
  if (data != NULL)
    gtk_window_set_default_size (GTK_WINDOW (fixture->window), GPOINTER_TO_INT (data), 720);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_assert_finalize_object (fixture->window);
  ui_sandbox_stop (&fixture->sandbox);
}

static AtelierJobRow *
find_row (GtkWidget *widget)
{
  if (ATELIER_IS_JOB_ROW (widget) && atelier_job_row_get_job (ATELIER_JOB_ROW (widget)) != NULL)
    return ATELIER_JOB_ROW (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AtelierJobRow *row = find_row (child);

      if (row != NULL)
        return row;
    }
  return NULL;
}

static gboolean
row_has_thumbnail (gpointer data)
{
  Fixture *fixture = data;
  AtelierJobRow *row = find_row (GTK_WIDGET (fixture->window));

  return row != NULL && atelier_job_row_get_thumbnail (row) != NULL;
}

static gboolean
first_job_finished (gpointer data)
{
  Fixture *fixture = data;
  GListModel *jobs = G_LIST_MODEL (atelier_engine_get_jobs (fixture->engine));
  g_autoptr(AtelierJob) job = g_list_model_get_n_items (jobs) > 0 ? g_list_model_get_item (jobs, 0) : NULL;

  return job != NULL && atelier_job_is_finished (job);
}

static void
test_generate_shows_row (Fixture       *fixture,
                         gconstpointer  data)
{
  GListModel *visible = atelier_window_get_visible_jobs (fixture->window);
  g_autoptr(AtelierJob) job = NULL;
  AtelierJobRow *row;

  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 0);

  atelier_window_set_prompt (fixture->window, "lazy cats in black and gold");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL));

  /* The row shows at once, before anything finished. */
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 1);
  g_assert_true (ui_wait_for (first_job_finished, fixture, 20000));

  job = g_list_model_get_item (visible, 0);
  g_assert_cmpstr (atelier_job_get_error_message (job), ==, NULL);
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
  g_assert_cmpstr (atelier_job_get_prompt (job), ==, "lazy cats in black and gold");
  g_assert_nonnull (atelier_job_get_outputs (job));
  g_assert_true (g_file_test (atelier_job_get_outputs (job)[0], G_FILE_TEST_EXISTS));

  g_assert_true (ui_wait_for (row_has_thumbnail, fixture, 10000));
  row = find_row (GTK_WIDGET (fixture->window));
  g_assert_true (atelier_job_row_get_job (row) == job);
}

static void
test_invalid_params_refused (Fixture       *fixture,
                             gconstpointer  data)
{
  GListModel *visible = atelier_window_get_visible_jobs (fixture->window);

  /* Nothing to generate without a prompt: no job, no crash. */
  atelier_window_set_prompt (fixture->window, "");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (visible), ==, 0);
}

static gboolean
visible_empty (gpointer data)
{
  Fixture *fixture = data;

  return g_list_model_get_n_items (atelier_window_get_visible_jobs (fixture->window)) == 0;
}

static void
test_delete_hides_until_closed (Fixture       *fixture,
                                gconstpointer  data)
{
  GListModel *jobs = G_LIST_MODEL (atelier_engine_get_jobs (fixture->engine));
  g_autoptr(AtelierJob) job = NULL;
  g_autofree char *output = NULL;

  atelier_window_set_prompt (fixture->window, "a red fox");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  g_assert_true (ui_wait_for (first_job_finished, fixture, 20000));
  job = g_list_model_get_item (jobs, 0);
  output = g_strdup (atelier_job_get_outputs (job)[0]);

  atelier_window_select_job (fixture->window, atelier_job_get_id (job));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-job", NULL);

  /* Hidden while the undo toast shows; the file is still there. */
  g_assert_true (ui_wait_for (visible_empty, fixture, 1000));
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 1);
  g_assert_true (g_file_test (output, G_FILE_TEST_EXISTS));

  /* Closing the window commits the deletion. */
  gtk_window_close (GTK_WINDOW (fixture->window));
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 0);
  g_assert_false (g_file_test (output, G_FILE_TEST_EXISTS));
}

static void
test_param_form (void)
{
  g_autoptr(AtelierHttp) http = atelier_http_new ();
  g_autoptr(AtelierServiceConfig) config = atelier_service_config_new ("openai", "http://127.0.0.1:9/v1", "t");
  g_autoptr(AtelierProvider) provider = atelier_providers_create ("openai", http, config);
  GtkWidget *form = g_object_ref_sink (atelier_param_form_new ());
  g_autoptr(GHashTable) empty = NULL;
  g_autoptr(GHashTable) params = NULL;
  const AtelierParamTable *table = atelier_provider_get_params (provider);
  const char *enum_name = NULL;
  const char *enum_value = NULL;
  guint changes = 0;

  g_signal_connect_swapped (form, "changed", G_CALLBACK (g_atomic_int_inc), &changes);
  atelier_param_form_set_provider (ATELIER_PARAM_FORM (form), provider);
  g_assert_cmpuint (changes, >=, 1);

  /* Untouched, the form asks for nothing beyond the service's defaults. */
  empty = atelier_param_form_get_params (ATELIER_PARAM_FORM (form));
  g_assert_cmpuint (g_hash_table_size (empty), ==, 0);

  for (guint i = 0; i < table->n_specs; i++)
    if (table->specs[i].type == ATELIER_PARAM_ENUM && table->specs[i].choices != NULL
        && !(table->specs[i].flags & ATELIER_PARAM_FLAG_OPEN_ENUM))
      {
        for (guint j = 0; table->specs[i].choices[j] != NULL; j++)
          if (g_strcmp0 (table->specs[i].choices[j], table->specs[i].default_value) != 0)
            {
              enum_name = table->specs[i].name;
              enum_value = table->specs[i].choices[j];
              break;
            }
        if (enum_name != NULL)
          break;
      }
  g_assert_nonnull (enum_name);

  g_assert_true (atelier_param_form_set_value (ATELIER_PARAM_FORM (form), enum_name, enum_value));
  g_assert_false (atelier_param_form_set_value (ATELIER_PARAM_FORM (form), "no-such-parameter", "1"));
  params = atelier_param_form_get_params (ATELIER_PARAM_FORM (form));
  g_assert_cmpstr (g_hash_table_lookup (params, enum_name), ==, enum_value);

  g_assert_finalize_object (form);
}

/* Defaults edited in Preferences are what a new form starts with; the
 * prompt and files are never kept. */
static void
test_default_options (void)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(AtelierHttp) http = atelier_http_new ();
  g_autoptr(AtelierHistory) history = NULL;
  g_autoptr(AtelierEngine) engine = NULL;
  g_autoptr(AtelierServiceConfig) config = atelier_service_config_new ("openai", "http://127.0.0.1:9/v1", "t");
  g_autoptr(AtelierProvider) provider = atelier_providers_create ("openai", http, config);
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(GHashTable) kept = NULL;
  AtelierPreferencesWindow *prefs;
  GtkWidget *form;
  guint with_files, without_files;

  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);
  if (schema == NULL)
    schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (),
                                              "io.github.atelierapp.Atelier", TRUE);
  if (schema == NULL)
    {
      g_test_skip ("settings schema not compiled");
      return;
    }
  settings = g_settings_new_full (schema, NULL, NULL);

  g_hash_table_insert (params, g_strdup ("quality"), g_strdup ("high"));
  g_hash_table_insert (params, g_strdup ("n"), g_strdup ("3"));
  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup ("never kept"));
  g_hash_table_insert (params, g_strdup ("image"), g_strdup ("/never/kept.png"));
  atelier_default_options_set (settings, provider, params);
  kept = atelier_default_options_get (settings, "openai");
  g_assert_cmpuint (g_hash_table_size (kept), ==, 2);
  g_assert_cmpstr (g_hash_table_lookup (kept, "quality"), ==, "high");
  g_assert_cmpstr (g_hash_table_lookup (kept, "n"), ==, "3");
  g_clear_pointer (&kept, g_hash_table_unref);
  /* A named endpoint with nothing kept starts from the shipped defaults
   * (streaming with two previews), not from another server's options. */
  kept = atelier_default_options_get (settings, "openai:Local");
  g_assert_cmpstr (g_hash_table_lookup (kept, "stream"), ==, "auto");
  g_assert_cmpstr (g_hash_table_lookup (kept, "partial_images"), ==, "2");
  g_assert_null (g_hash_table_lookup (kept, "quality"));

  form = g_object_ref_sink (atelier_param_form_new ());
  atelier_param_form_set_provider (ATELIER_PARAM_FORM (form), provider);
  with_files = atelier_param_form_get_n_fields (ATELIER_PARAM_FORM (form));
  atelier_param_form_set_hide_files (ATELIER_PARAM_FORM (form), TRUE);
  without_files = atelier_param_form_get_n_fields (ATELIER_PARAM_FORM (form));
  g_assert_cmpuint (without_files, ==, with_files - 2); /* image, mask */
  g_assert_finalize_object (form);

  /* Preferences builds its Defaults page from the same settings. */
  engine = atelier_engine_new (http, history);
  atelier_engine_add_provider (engine, provider);
  prefs = atelier_preferences_window_new (engine, settings);
  gtk_window_present (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (prefs));
}

static AtelierJob *
newest_job (Fixture *fixture)
{
  GListModel *jobs = G_LIST_MODEL (atelier_engine_get_jobs (fixture->engine));

  return g_list_model_get_n_items (jobs) > 0 ? g_list_model_get_item (jobs, 0) : NULL;
}

static gboolean
newest_running (gpointer data)
{
  g_autoptr(AtelierJob) job = newest_job (data);

  return job != NULL && atelier_job_get_status (job) == ATELIER_JOB_STATUS_RUNNING;
}

static void
count_up (guint *count)
{
  (*count)++;
}

/* The row's Cancel and Retry go through the window's actions. */
static void
test_cancel_and_retry (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(AtelierJob) job = NULL;
  g_autofree char *id = NULL;
  guint runs_ended = 0;

  atelier_sandbox_set_job_duration (fixture->sandbox.sandbox, 4000);
  atelier_window_select_provider (fixture->window, "core3d");
  atelier_window_set_prompt (fixture->window, "a slow paper crane");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL));
  g_assert_true (ui_wait_for (newest_running, fixture, 10000));

  job = newest_job (fixture);
  id = g_strdup (atelier_job_get_id (job));
  g_signal_connect_swapped (fixture->engine, "job-finished", G_CALLBACK (count_up), &runs_ended);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.cancel-job", "s", id));
  g_assert_true (ui_wait_for (first_job_finished, fixture, 5000));
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_CANCELLED);

  /* Retry at once, even with the cancelled poll still out: the job resumes
   * from its remote id and finishes. */
  g_assert_cmpuint (runs_ended, ==, 1);
  atelier_sandbox_set_job_duration (fixture->sandbox.sandbox, 200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.retry-job", "s", id));
  g_assert_false (atelier_job_is_finished (job));
  g_assert_true (ui_wait_for (first_job_finished, fixture, 20000));
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
}

/* A failure the person can act on shows the button that does it. */
static void
assert_help_button (Fixture    *fixture,
                    const char *provider_id,
                    const char *match,
                    guint       status,
                    const char *label,
                    const char *kind)
{
  AtelierSandboxFault fault = { ATELIER_SANDBOX_FAULT_STATUS, status, 0, 0 };
  g_autoptr(AtelierJob) job = NULL;
  GtkWidget *button;

  atelier_window_select_provider (fixture->window, provider_id);
  atelier_sandbox_add_fault (fixture->sandbox.sandbox, match, &fault, 1);
  atelier_window_set_prompt (fixture->window, "a chair nobody pays for");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  job = newest_job (fixture);
  while (!atelier_job_is_finished (job))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (atelier_job_get_error_kind (job), ==, kind);

  atelier_window_select_job (fixture->window, atelier_job_get_id (job));
  button = ui_find_button (GTK_WIDGET (fixture->window), label);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
}

static void
test_failure_offers_help (Fixture       *fixture,
                          gconstpointer  data)
{
  assert_help_button (fixture, "image3d", "POST /api/generate", 402, "_Buy Credits", "no-credits");
  assert_help_button (fixture, "openai", "POST /v1/images/generations", 401, "Open _Preferences",
                      "sign-in");
}

static void
test_failure_shows_message (Fixture       *fixture,
                            gconstpointer  data)
{
  AtelierSandboxFault fault = { ATELIER_SANDBOX_FAULT_STATUS, 400, 0, 0 };
  g_autoptr(AtelierJob) job = NULL;
  AtelierJobRow *row;

  atelier_sandbox_add_fault (fixture->sandbox.sandbox, "POST /v1/images/generations", &fault, 1);
  atelier_window_set_prompt (fixture->window, "a refused fox");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  g_assert_true (ui_wait_for (first_job_finished, fixture, 20000));

  job = newest_job (fixture);
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_FAILED);
  g_assert_nonnull (atelier_job_get_error_message (job));
  g_assert_cmpstr (atelier_job_get_error_message (job), !=, "");

  row = find_row (GTK_WIDGET (fixture->window));
  g_assert_nonnull (row);
  g_assert_true (atelier_job_row_get_job (row) == job);
  g_assert_null (atelier_job_row_get_thumbnail (row));
}

static void
test_open_model (Fixture       *fixture,
                 gconstpointer  data)
{
  AtelierProceduralModel model = { "a teapot", 64, TRUE, 16, "png" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) glb = atelier_procedural_glb (&model, &error);
  g_autofree char *path = g_build_filename (fixture->tmpdir, "teapot.glb", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (glb, NULL), g_bytes_get_size (glb), NULL));

  atelier_window_open_file (fixture->window, file);
  {
    GtkWidget *view = ui_find_descendant (GTK_WIDGET (fixture->window), ATELIER_TYPE_MODEL_VIEW);
    GFile *shown;

    g_assert_nonnull (view);
    shown = atelier_model_view_get_file (ATELIER_MODEL_VIEW (view));
    g_assert_nonnull (shown);
    g_assert_true (g_file_equal (shown, file));
  }

  /* Not a model nor an image: refused with a message, nothing else changes. */
  {
    g_autofree char *text = g_build_filename (fixture->tmpdir, "notes.txt", NULL);
    g_autoptr(GFile) text_file = g_file_new_for_path (text);

    g_assert_true (g_file_set_contents (text, "hello", -1, NULL));
    atelier_window_open_file (fixture->window, text_file);
  }
}

static guint
count_untitled_rows (GtkWidget *widget)
{
  guint n = 0;

  if (ADW_IS_PREFERENCES_ROW (widget))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));

      if (title == NULL || title[0] == '\0')
        n++;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_untitled_rows (child);
  return n;
}

/* One generic builder serves every service: each parameter but the prompt
 * gets a row, and every row has a name screen readers can say. */
static void
test_forms_for_every_service (Fixture       *fixture,
                              gconstpointer  data)
{
  GListModel *providers = atelier_engine_get_providers (fixture->engine);

  g_assert_cmpuint (g_list_model_get_n_items (providers), >=, 4);
  for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
    {
      g_autoptr(AtelierProvider) provider = g_list_model_get_item (providers, i);
      const AtelierParamTable *table = atelier_provider_get_params (provider);
      GtkWidget *form = g_object_ref_sink (atelier_param_form_new ());
      guint expected = table->n_specs - (atelier_param_table_find_prompt (table) != NULL ? 1 : 0);
      g_autoptr(GHashTable) params = NULL;

      atelier_param_form_set_provider (ATELIER_PARAM_FORM (form), provider);
      g_assert_cmpuint (atelier_param_form_get_n_fields (ATELIER_PARAM_FORM (form)), ==, expected);

      g_assert_cmpuint (count_untitled_rows (form), ==, 0);

      params = atelier_param_form_get_params (ATELIER_PARAM_FORM (form));
      g_assert_nonnull (params);
      g_assert_finalize_object (form);
    }
}

static AdwLeaflet *
leaflet (Fixture *fixture)
{
  return ADW_LEAFLET (ui_find_descendant (GTK_WIDGET (fixture->window), ADW_TYPE_LEAFLET));
}

static gboolean
folded (gpointer data)
{
  return adw_leaflet_get_folded (leaflet (data));
}

static gboolean
showing_detail (Fixture *fixture)
{
  GtkWidget *child = adw_leaflet_get_visible_child (leaflet (fixture));

  return ATELIER_IS_JOB_DETAIL (child);
}

/* On a narrow window the list and the detail take turns. */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(AtelierJob) job = NULL;
  GtkWidget *list_view;
  GtkWidget *back;

  g_assert_true (ui_wait_for (folded, fixture, 5000));
  g_assert_false (showing_detail (fixture));

  /* Generating stays on the form... */
  atelier_window_set_prompt (fixture->window, "a narrow fox");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL));
  g_assert_false (showing_detail (fixture));
  job = newest_job (fixture);
  g_assert_true (ui_wait_for_job (job, 20000));

  /* ...opening the row shows the job, with a way back... */
  list_view = ui_find_named (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_VIEW, "Jobs");
  g_assert_true (gtk_widget_activate_action (list_view, "list.activate-item", "u", 0));
  g_assert_true (showing_detail (fixture));
  back = ui_find_named (GTK_WIDGET (fixture->window), GTK_TYPE_BUTTON, "Back");
  g_assert_nonnull (back);
  g_assert_true (gtk_widget_get_visible (back));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.back", NULL));
  g_assert_false (showing_detail (fixture));

  /* ...and so does picking another job (from a notification, say). */
  atelier_window_set_prompt (fixture->window, "a second narrow fox");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.generate", NULL);
  g_assert_false (showing_detail (fixture));
  atelier_window_select_job (fixture->window, atelier_job_get_id (job));
  g_assert_true (showing_detail (fixture));
  g_clear_object (&job);
  job = newest_job (fixture);
  g_assert_true (ui_wait_for_job (job, 20000));
}

/* The detail's buttons and menu act on the selected job. */
static void
test_job_actions (Fixture       *fixture,
                  gconstpointer  data)
{
  GListModel *jobs = G_LIST_MODEL (atelier_engine_get_jobs (fixture->engine));
  GtkWidget *window = GTK_WIDGET (fixture->window);
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(AtelierJob) again = NULL;
  AtelierComposer *composer;

  atelier_window_set_prompt (fixture->window, "a fox to star");
  gtk_widget_activate_action (window, "win.generate", NULL);
  job = newest_job (fixture);
  g_assert_true (ui_wait_for_job (job, 20000));
  atelier_window_select_job (fixture->window, atelier_job_get_id (job));

  g_assert_true (gtk_widget_activate_action (window, "win.star", NULL));
  g_assert_true (atelier_job_get_starred (job));

  /* Generate again: the same parameters, a new job, shown. */
  g_assert_true (gtk_widget_activate_action (window, "win.generate-again", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 2);
  again = newest_job (fixture);
  g_assert_true (again != job);
  g_assert_cmpstr (atelier_job_get_prompt (again), ==, "a fox to star");
  g_assert_true (ui_wait_for_job (again, 20000));

  /* Use as input: the image goes into the form of a service that takes one. */
  atelier_window_select_job (fixture->window, atelier_job_get_id (again));
  atelier_window_select_provider (fixture->window, "core3d");
  g_assert_true (gtk_widget_activate_action (window, "win.use-as-input", NULL));
  composer = ATELIER_COMPOSER (ui_find_descendant (window, ATELIER_TYPE_COMPOSER));
  g_assert_cmpstr (atelier_provider_get_id (atelier_composer_get_provider (composer)), ==, "openai");
}

static AtelierCompareWindow *
compare_window (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ATELIER_IS_COMPARE_WINDOW (l->data))
      return l->data;
  return NULL;
}

/* win.compare, as the batch view opens it: job ids in, their images out. */
static void
test_compare_action (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  AtelierJob *pair = ui_sandbox_create_job (&fixture->sandbox, "openai", "prompt", "two owls", "n", "2", NULL);
  AtelierJob *single = ui_sandbox_create_job (&fixture->sandbox, "openai", "prompt", "one owl", NULL);
  AtelierCompareWindow *compare;

  g_assert_true (ui_wait_for_job (pair, 20000));
  g_assert_true (ui_wait_for_job (single, 20000));

  /* Two jobs: the first image of each, side by side. */
  g_assert_true (gtk_widget_activate_action (window, "win.compare", "^as",
                                             (const char *[]) { atelier_job_get_id (single),
                                                                atelier_job_get_id (pair), NULL }));
  compare = compare_window ();
  g_assert_nonnull (compare);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (compare)) == GTK_WINDOW (window));
  g_assert_cmpstr (atelier_compare_window_get_output (compare, ATELIER_COMPARE_SIDE_LEFT),
                   ==, atelier_job_get_outputs (single)[0]);
  g_assert_cmpstr (atelier_compare_window_get_output (compare, ATELIER_COMPARE_SIDE_RIGHT),
                   ==, atelier_job_get_outputs (pair)[0]);
  gtk_window_destroy (GTK_WINDOW (compare));

  /* One job (an unknown id skipped): its first two images. */
  g_assert_true (gtk_widget_activate_action (window, "win.compare", "^as",
                                             (const char *[]) { "no-such-job", atelier_job_get_id (pair), NULL }));
  compare = compare_window ();
  g_assert_nonnull (compare);
  g_assert_cmpstr (atelier_compare_window_get_output (compare, ATELIER_COMPARE_SIDE_LEFT),
                   ==, atelier_job_get_outputs (pair)[0]);
  g_assert_cmpstr (atelier_compare_window_get_output (compare, ATELIER_COMPARE_SIDE_RIGHT),
                   ==, atelier_job_get_outputs (pair)[1]);
  gtk_window_destroy (GTK_WINDOW (compare));

  /* "Use as Input" on the second tile: that image, not the first, goes to
   * the form, and the job made from it remembers where it came from. */
  {
    AtelierOutputGrid *grid;
    g_autoptr(AtelierJob) edit = NULL;

    atelier_window_select_job (fixture->window, atelier_job_get_id (pair));
    grid = ATELIER_OUTPUT_GRID (ui_find_descendant (window, ATELIER_TYPE_OUTPUT_GRID));
    g_assert_cmpuint (atelier_output_grid_get_n_tiles (grid), ==, 2);
    atelier_output_grid_select (grid, 1);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "grid.use-as-input", NULL));
    atelier_window_set_prompt (fixture->window, "the second owl, in a hat");
    g_assert_true (gtk_widget_activate_action (window, "win.generate", NULL));
    edit = newest_job (fixture);
    g_assert_cmpstr (atelier_job_get_prompt (edit), ==, "the second owl, in a hat");
    g_assert_cmpstr (atelier_job_get_param (edit, "image"), ==, atelier_job_get_outputs (pair)[1]);
    g_assert_cmpstr (atelier_job_get_parent_id (edit), ==, atelier_job_get_id (pair));
    g_assert_true (ui_wait_for_job (edit, 20000));
  }

  /* One image in all: nothing opens. */
  g_assert_true (gtk_widget_activate_action (window, "win.compare", "^as",
                                             (const char *[]) { atelier_job_get_id (single), NULL }));
  g_assert_null (compare_window ());
}

/* The message dialog the window shows now, and what it holds. */
static gboolean
dialog_shown (gpointer data)
{
  AdwMessageDialog **dialog = data;
  GListModel *toplevels = gtk_window_get_toplevels ();

  *dialog = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        *dialog = ADW_MESSAGE_DIALOG (window);
    }
  return *dialog != NULL;
}

static gboolean
no_dialog (gpointer data)
{
  AdwMessageDialog *dialog = NULL;

  return !dialog_shown (&dialog);
}

/* Image → "Put on a Product…" (Enter on a product) → "Export for Print…",
 * each a child of the one before; only what the product supports. */
static void
test_core3d_actions (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  AtelierJob *image;
  g_autoptr(AtelierJob) design = NULL;
  g_autoptr(AtelierJob) export = NULL;
  AdwMessageDialog *dialog = NULL;
  AtelierProductPicker *picker;
  GtkListBox *list;

  image = ui_sandbox_create_job (&fixture->sandbox, "core3d", "prompt", "cranes",
                                 "type", "pattern", NULL);
  g_assert_true (ui_wait_for_job (image, 20000));
  atelier_window_select_job (fixture->window, atelier_job_get_id (image));
  g_assert_true (gtk_widget_activate_action (window, "win.put-on-product", NULL));
  g_assert_true (ui_wait_for (dialog_shown, &dialog, 10000));
  picker = ATELIER_PRODUCT_PICKER (ui_find_descendant (GTK_WIDGET (dialog), ATELIER_TYPE_PRODUCT_PICKER));
  g_assert_nonnull (picker);
  list = GTK_LIST_BOX (ui_find_descendant (GTK_WIDGET (picker), GTK_TYPE_LIST_BOX));
  atelier_product_picker_select (picker, 1);
  g_assert_cmpstr (atelier_product_picker_get_selected (picker)->name, ==, "Hoodie");
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 1));
  g_assert_true (ui_wait_for (no_dialog, NULL, 5000));

  design = newest_job (fixture);
  g_assert_cmpstr (atelier_job_get_provider (design), ==, "core3d-design");
  g_assert_cmpstr (atelier_job_get_parent_id (design), ==, atelier_job_get_id (image));
  g_assert_cmpstr (atelier_job_get_param (design, "type"), ==, "pattern");
  g_assert_true (g_str_has_prefix (atelier_job_get_param (design, "model"), "core3d:model:"));
  g_assert_true (ui_wait_for_job (design, 20000));
  g_assert_cmpint (atelier_job_get_status (design), ==, ATELIER_JOB_STATUS_DONE);

  /* The Hoodie prints all over, and has no printable zones. */
  atelier_window_select_job (fixture->window, atelier_job_get_id (design));
  g_assert_true (gtk_widget_activate_action (window, "win.export-print", NULL));
  g_assert_true (ui_wait_for (dialog_shown, &dialog, 5000));
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "dtf"));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "dtg"));
  adw_message_dialog_response (dialog, "dtf");
  gtk_window_destroy (GTK_WINDOW (dialog));
  export = newest_job (fixture);
  g_assert_cmpstr (atelier_job_get_provider (export), ==, "core3d-export");
  g_assert_cmpstr (atelier_job_get_parent_id (export), ==, atelier_job_get_id (design));
  g_assert_true (ui_wait_for_job (export, 20000));
  g_assert_cmpint (atelier_job_get_status (export), ==, ATELIER_JOB_STATUS_DONE);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int ret;

  if (home == NULL)
    return 0;

  g_test_add ("/ui/window/generate-shows-row", Fixture, NULL,
              fixture_set_up, test_generate_shows_row, fixture_tear_down);
  g_test_add ("/ui/window/invalid-params-refused", Fixture, NULL,
              fixture_set_up, test_invalid_params_refused, fixture_tear_down);
  g_test_add ("/ui/window/delete-hides-until-closed", Fixture, NULL,
              fixture_set_up, test_delete_hides_until_closed, fixture_tear_down);
  g_test_add ("/ui/window/cancel-and-retry", Fixture, NULL,
              fixture_set_up, test_cancel_and_retry, fixture_tear_down);
  g_test_add ("/ui/window/failure-shows-message", Fixture, NULL,
              fixture_set_up, test_failure_shows_message, fixture_tear_down);
  g_test_add ("/ui/window/failure-offers-help", Fixture, NULL,
              fixture_set_up, test_failure_offers_help, fixture_tear_down);
  g_test_add ("/ui/window/open-model", Fixture, NULL,
              fixture_set_up, test_open_model, fixture_tear_down);
  g_test_add ("/ui/window/narrow", Fixture, GINT_TO_POINTER (360),
              fixture_set_up, test_narrow, fixture_tear_down);
  g_test_add ("/ui/window/job-actions", Fixture, NULL,
              fixture_set_up, test_job_actions, fixture_tear_down);
  g_test_add ("/ui/window/compare-action", Fixture, NULL,
              fixture_set_up, test_compare_action, fixture_tear_down);
  g_test_add ("/ui/window/core3d-actions", Fixture, NULL,
              fixture_set_up, test_core3d_actions, fixture_tear_down);
  g_test_add ("/ui/param-form/every-service", Fixture, NULL,
              fixture_set_up, test_forms_for_every_service, fixture_tear_down);
  g_test_add_func ("/ui/param-form/values", test_param_form);
  g_test_add_func ("/ui/preferences/default-options", test_default_options);

  ret = g_test_run ();
  ui_remove_tree (home);
  return ret;
}
