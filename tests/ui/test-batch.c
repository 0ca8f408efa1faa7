/* test-batch.c: "Generate with…": the chooser and its remembered services,
 * a batch made from the composer, refused as a whole, and grouped in the
 * job list under a heading whose Compare activates win.compare
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "atelier-batch-chooser.h"
#include "atelier-batch-header.h"
#include "atelier-composer.h"
#include "atelier-job-list-view.h"
#include "ui-test.h"

typedef struct
{
  UiSandbox            sandbox;
  GSettings           *settings;
  GtkWidget           *window;
  AtelierComposer     *composer;
  AtelierJobListView  *list;
  AtelierBatchChooser *chooser;
  AtelierBatch        *batch;
  GStrv                compared;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  fixture->settings = ui_settings_new ();
  if (fixture->settings == NULL)
    return;
  /* In-memory settings outlive a test case. */
  g_settings_reset (fixture->settings, "batch-providers");
  g_settings_reset (fixture->settings, "default-options");
  g_settings_reset (fixture->settings, "default-provider");

  ui_sandbox_start (&fixture->sandbox, 100);
  fixture->composer = ATELIER_COMPOSER (g_object_ref_sink (atelier_composer_new ()));
  fixture->list = ATELIER_JOB_LIST_VIEW (g_object_ref_sink (atelier_job_list_view_new ()));
  atelier_composer_set_settings (fixture->composer, fixture->settings);
  atelier_composer_set_engine (fixture->composer, fixture->sandbox.engine);
  atelier_job_list_view_set_engine (fixture->list, fixture->sandbox.engine);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 480, 760);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->composer));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->list));
  gtk_window_set_child (GTK_WINDOW (fixture->window), box);
  gtk_window_present (GTK_WINDOW (fixture->window));

  fixture->chooser = ATELIER_BATCH_CHOOSER (ui_find_descendant (GTK_WIDGET (fixture->composer),
                                                                ATELIER_TYPE_BATCH_CHOOSER));
  g_assert_nonnull (fixture->chooser);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->settings == NULL)
    return;
  g_clear_object (&fixture->batch);
  g_clear_pointer (&fixture->compared, g_strfreev);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  ui_assert_finalize (fixture->composer);
  ui_assert_finalize (fixture->list);
  ui_sandbox_stop (&fixture->sandbox);
  g_clear_object (&fixture->settings);
}

static gboolean
skip_without_settings (Fixture *fixture)
{
  if (fixture->settings != NULL)
    return FALSE;
  g_test_skip ("the settings schema is not compiled");
  return TRUE;
}

static GtkWidget *
service_check (AtelierBatchChooser *chooser,
               const char          *name)
{
  return ui_find_named (GTK_WIDGET (chooser), GTK_TYPE_CHECK_BUTTON, name);
}

/* Ticks it as a click would. */
static void
tick (AtelierBatchChooser *chooser,
      const char          *name)
{
  GtkWidget *check = service_check (chooser, name);

  g_assert_nonnull (check);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  gtk_widget_activate (check);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
}

static void
test_chooser (Fixture       *fixture,
              gconstpointer  data)
{
  g_auto(GStrv) kept = NULL;
  g_auto(GStrv) selected = NULL;
  AtelierBatchChooser *again;

  if (skip_without_settings (fixture))
    return;

  /* Every service that takes a prompt, none that does not. */
  g_assert_nonnull (service_check (fixture->chooser, "OpenAI-compatible"));
  g_assert_nonnull (service_check (fixture->chooser, "Core3D"));
  g_assert_nonnull (service_check (fixture->chooser, "image3d"));
  g_assert_nonnull (service_check (fixture->chooser, "Style DNA"));
  g_assert_null (service_check (fixture->chooser, "Core3D print export"));
  g_assert_cmpuint (atelier_batch_chooser_get_n_selected (fixture->chooser), ==, 0);
  g_assert_nonnull (ui_find_label (GTK_WIDGET (fixture->chooser), "Generate With"));

  tick (fixture->chooser, "OpenAI-compatible");
  tick (fixture->chooser, "Core3D");
  tick (fixture->chooser, "Style DNA");
  g_assert_cmpuint (atelier_batch_chooser_get_n_selected (fixture->chooser), ==, 3);
  g_assert_nonnull (ui_find_button (GTK_WIDGET (fixture->chooser), "Generate with 3 Services"));

  /* Remembered, and a new chooser starts with them. */
  kept = g_settings_get_strv (fixture->settings, "batch-providers");
  g_assert_cmpuint (g_strv_length (kept), ==, 3);
  g_assert_true (g_strv_contains ((const char * const *) kept, "styledna"));
  again = ATELIER_BATCH_CHOOSER (g_object_ref_sink (atelier_batch_chooser_new ()));
  atelier_batch_chooser_set_settings (again, fixture->settings);
  atelier_batch_chooser_set_engine (again, fixture->sandbox.engine);
  selected = atelier_batch_chooser_dup_selected (again);
  g_assert_cmpstrv (selected, ((const char * const[]) { "openai", "core3d", "styledna", NULL }));
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (service_check (again, "Core3D"))));
  ui_assert_finalize (again);
}

static void
keep_batch (AtelierComposer *composer,
            AtelierBatch    *batch,
            Fixture         *fixture)
{
  g_set_object (&fixture->batch, batch);
}

static gboolean
batch_finished (gpointer data)
{
  Fixture *fixture = data;
  GPtrArray *jobs = atelier_batch_get_jobs (fixture->batch);

  for (guint i = 0; i < jobs->len; i++)
    if (!atelier_job_is_finished (g_ptr_array_index (jobs, i)))
      return FALSE;
  return TRUE;
}

typedef struct
{
  guint               n;
  AtelierBatchHeader *last;
} Headers;

static void
collect_headers (GtkWidget *widget,
                 Headers   *headers)
{
  if (ATELIER_IS_BATCH_HEADER (widget) && gtk_widget_get_visible (widget)
      && gtk_widget_get_visible (gtk_widget_get_parent (widget)))
    {
      headers->n++;
      headers->last = ATELIER_BATCH_HEADER (widget);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_headers (child, headers);
}

/* Exactly one heading, over the batch's three jobs. */
static gboolean
one_header (gpointer data)
{
  Fixture *fixture = data;
  Headers headers = { 0, NULL };
  g_auto(GStrv) ids = NULL;

  collect_headers (GTK_WIDGET (fixture->list), &headers);
  if (headers.n != 1)
    return FALSE;
  ids = atelier_batch_header_dup_job_ids (headers.last);
  return g_strcmp0 (atelier_batch_header_get_batch_id (headers.last),
                    atelier_batch_get_id (fixture->batch)) == 0
      && g_strv_length (ids) == 3;
}

static AtelierBatchHeader *
the_header (Fixture *fixture)
{
  Headers headers = { 0, NULL };

  collect_headers (GTK_WIDGET (fixture->list), &headers);
  g_assert_cmpuint (headers.n, ==, 1);
  return headers.last;
}

static void
compare_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   Fixture       *fixture)
{
  g_clear_pointer (&fixture->compared, g_strfreev);
  fixture->compared = g_variant_dup_strv (parameter, NULL);
}

static gboolean
compared (gpointer data)
{
  return ((Fixture *) data)->compared != NULL;
}

static void
set_styledna_options (Fixture *fixture)
{
  GVariantBuilder options;

  g_variant_builder_init (&options, G_VARIANT_TYPE ("a{sa{ss}}"));
  g_variant_builder_add_parsed (&options, "{'styledna', {'anchorImageUrl': "
                                "'https://example.com/anchor.png', 'description': 'ink'}}");
  g_settings_set_value (fixture->settings, "default-options", g_variant_builder_end (&options));
}

static gboolean
match_error_label (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error")
      && gtk_widget_get_visible (widget);
}

/* What the composer says under the form, or NULL. */
static const char *
composer_error (Fixture *fixture)
{
  GtkWidget *label = ui_find (GTK_WIDGET (fixture->composer), match_error_label, NULL);

  return label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static void
test_generate (Fixture       *fixture,
               gconstpointer  data)
{
  GListModel *jobs = G_LIST_MODEL (atelier_engine_get_jobs (fixture->sandbox.engine));
  g_autoptr(GSimpleActionGroup) group = NULL;
  g_autoptr(GSimpleAction) compare = NULL;
  g_auto(GStrv) header_ids = NULL;
  GtkWidget *generate, *compare_button;
  AtelierBatchHeader *header;
  GPtrArray *batch_jobs;

  if (skip_without_settings (fixture))
    return;

  /* Style DNA's anchor and description come from its remembered options;
   * OpenAI, the current service, takes the form's. */
  set_styledna_options (fixture);
  g_assert_true (atelier_composer_set_param (fixture->composer, "n", "2"));
  atelier_composer_set_prompt (fixture->composer, "a lighthouse at dusk");
  g_signal_connect (fixture->composer, "batch-created", G_CALLBACK (keep_batch), fixture);

  tick (fixture->chooser, "OpenAI-compatible");
  tick (fixture->chooser, "Core3D");
  tick (fixture->chooser, "Style DNA");
  generate = ui_find_button (GTK_WIDGET (fixture->chooser), "Generate with 3 Services");
  g_assert_nonnull (generate);
  g_signal_emit_by_name (generate, "clicked");

  g_assert_null (composer_error (fixture));
  g_assert_nonnull (fixture->batch);
  batch_jobs = atelier_batch_get_jobs (fixture->batch);
  g_assert_cmpuint (batch_jobs->len, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 3);
  for (guint i = 0; i < batch_jobs->len; i++)
    {
      AtelierJob *job = g_ptr_array_index (batch_jobs, i);

      g_assert_cmpstr (atelier_job_get_batch_id (job), ==, atelier_batch_get_id (fixture->batch));
      g_assert_cmpstr (atelier_job_get_prompt (job), ==, "a lighthouse at dusk");
    }
  g_assert_cmpstr (atelier_job_get_param (g_ptr_array_index (batch_jobs, 0), "n"), ==, "2");
  g_assert_cmpstr (atelier_job_get_param (g_ptr_array_index (batch_jobs, 2), "description"), ==, "ink");
  g_assert_true (ui_wait_for (batch_finished, fixture, 20000));
  for (guint i = 0; i < batch_jobs->len; i++)
    g_assert_cmpint (atelier_job_get_status (g_ptr_array_index (batch_jobs, i)), ==,
                     ATELIER_JOB_STATUS_DONE);

  /* The list groups them under one heading. */
  g_assert_true (ui_wait_for (one_header, fixture, 5000));
  header = the_header (fixture);
  g_assert_nonnull (ui_find_label (GTK_WIDGET (header), "Batch of 3 jobs"));
  /* In the order the services were ticked. */
  header_ids = atelier_batch_header_dup_job_ids (header);
  g_assert_cmpuint (g_strv_length (header_ids), ==, batch_jobs->len);
  for (guint i = 0; i < batch_jobs->len; i++)
    g_assert_cmpstr (header_ids[i], ==, atelier_job_get_id (g_ptr_array_index (batch_jobs, i)));

  /* Compare waits for a window that offers it... */
  compare_button = ui_find_named (GTK_WIDGET (header), GTK_TYPE_BUTTON, "Compare the batch");
  g_assert_nonnull (compare_button);
  g_assert_false (gtk_widget_is_sensitive (compare_button));

  /* ...and then hands it the batch's jobs. */
  group = g_simple_action_group_new ();
  compare = g_simple_action_new ("compare", G_VARIANT_TYPE_STRING_ARRAY);
  g_signal_connect (compare, "activate", G_CALLBACK (compare_activated), fixture);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (compare));
  gtk_widget_insert_action_group (fixture->window, "win", G_ACTION_GROUP (group));
  g_assert_true (gtk_widget_is_sensitive (compare_button));
  g_signal_emit_by_name (compare_button, "clicked");
  g_assert_true (ui_wait_for (compared, fixture, 2000));
  g_assert_cmpstrv (fixture->compared, header_ids);

  /* A job made alone afterwards goes on top, outside the batch. */
  ui_sandbox_create_job (&fixture->sandbox, "openai", "prompt", "a lone fox", NULL);
  g_assert_true (ui_wait_for (one_header, fixture, 5000));
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  GListModel *jobs = G_LIST_MODEL (atelier_engine_get_jobs (fixture->sandbox.engine));
  GtkWidget *generate;

  if (skip_without_settings (fixture))
    return;

  g_signal_connect (fixture->composer, "batch-created", G_CALLBACK (keep_batch), fixture);
  tick (fixture->chooser, "OpenAI-compatible");
  tick (fixture->chooser, "Style DNA");
  generate = ui_find_button (GTK_WIDGET (fixture->chooser), "Generate with 2 Services");

  /* Nothing to send yet. */
  g_signal_emit_by_name (generate, "clicked");
  g_assert_null (fixture->batch);
  g_assert_nonnull (ui_find_label (GTK_WIDGET (fixture->composer), "Describe what to generate first."));

  /* Style DNA has no anchor: the whole batch is refused, with the reason. */
  atelier_sandbox_clear_requests (fixture->sandbox.sandbox);
  atelier_composer_set_prompt (fixture->composer, "a lighthouse at dusk");
  g_signal_emit_by_name (generate, "clicked");
  g_assert_null (fixture->batch);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 0);
  g_assert_nonnull (ui_find_label (GTK_WIDGET (fixture->composer),
                                   "Style DNA (styledna): anchorImageUrl is required"));
  g_assert_cmpuint (atelier_sandbox_count_requests (fixture->sandbox.sandbox, "POST"), ==, 0);
}

/* The input image goes to the services that take one; the others get the
 * prompt alone, and the batch says so. */
static void
test_input_image (Fixture       *fixture,
                  gconstpointer  data)
{
  static const guint8 pixels[4 * 4 * 4] = { 0xff };
  g_autoptr(GBytes) bytes = g_bytes_new_static (pixels, sizeof pixels);
  g_autoptr(GdkTexture) texture = gdk_memory_texture_new (4, 4, GDK_MEMORY_R8G8B8A8, bytes, 16);
  g_autofree char *path = g_build_filename (fixture->sandbox.tmpdir, "input.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  const char * const services[] = { "openai", "core3d", NULL };
  const char * const *notes;
  GPtrArray *batch_jobs;

  if (skip_without_settings (fixture))
    return;

  g_assert_true (gdk_texture_save_to_png (texture, path));
  atelier_composer_select_provider (fixture->composer, "openai");
  g_assert_true (atelier_composer_set_input_file (fixture->composer, file));
  atelier_composer_set_prompt (fixture->composer, "the same, at night");

  fixture->batch = atelier_composer_generate_batch (fixture->composer, services);
  g_assert_null (composer_error (fixture));
  g_assert_nonnull (fixture->batch);
  batch_jobs = atelier_batch_get_jobs (fixture->batch);
  g_assert_cmpuint (batch_jobs->len, ==, 2);
  g_assert_cmpstr (atelier_job_get_param (g_ptr_array_index (batch_jobs, 0), "image"), ==, path);
  g_assert_null (atelier_job_get_param (g_ptr_array_index (batch_jobs, 1), "image"));
  g_assert_cmpstr (atelier_job_get_prompt (g_ptr_array_index (batch_jobs, 1)), ==, "the same, at night");
  notes = atelier_batch_get_notes (fixture->batch);
  g_assert_nonnull (notes[0]);
  g_assert_nonnull (strstr (notes[0], "Core3D"));
  g_assert_true (ui_wait_for (batch_finished, fixture, 20000));
}

static gboolean
chooser_shown (gpointer data)
{
  return gtk_widget_get_visible (GTK_WIDGET (((Fixture *) data)->chooser));
}

/* Alt+W opens the chooser from the keyboard; the button keeps the
 * composer as narrow as a narrow window. */
static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *button;
  int min = 0;

  if (skip_without_settings (fixture))
    return;

  button = ui_find_named (GTK_WIDGET (fixture->composer), GTK_TYPE_MENU_BUTTON,
                          "Generate with several services");
  g_assert_nonnull (button);
  gtk_widget_measure (GTK_WIDGET (fixture->composer), GTK_ORIENTATION_HORIZONTAL, -1,
                      &min, NULL, NULL, NULL);
  g_test_message ("the composer needs %d px", min);
  g_assert_cmpint (min, <=, 360);

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (fixture->chooser)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->composer),
                                             "composer.generate-with", NULL));
  g_assert_true (ui_wait_for (chooser_shown, fixture, 2000));
  gtk_popover_popdown (GTK_POPOVER (fixture->chooser));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int ret;

  if (home == NULL)
    return 0;

  g_test_add ("/ui/batch/chooser", Fixture, NULL,
              fixture_set_up, test_chooser, fixture_tear_down);
  g_test_add ("/ui/batch/generate-and-group", Fixture, NULL,
              fixture_set_up, test_generate, fixture_tear_down);
  g_test_add ("/ui/batch/refused", Fixture, NULL,
              fixture_set_up, test_refused, fixture_tear_down);
  g_test_add ("/ui/batch/input-image", Fixture, NULL,
              fixture_set_up, test_input_image, fixture_tear_down);
  g_test_add ("/ui/batch/keyboard", Fixture, NULL,
              fixture_set_up, test_keyboard, fixture_tear_down);

  ret = g_test_run ();
  ui_remove_tree (home);
  return ret;
}
