/* test-composer.c: the prompt, service picker, options and Generate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "atelier-composer.h"
#include "ui-test.h"

typedef struct
{
  UiSandbox        sandbox;
  GtkWidget       *window;
  AtelierComposer *composer;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  ui_sandbox_start (&fixture->sandbox, 200);
  fixture->composer = ATELIER_COMPOSER (g_object_ref_sink (atelier_composer_new ()));
  fixture->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->composer));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  ui_assert_finalize (fixture->composer);
  ui_sandbox_stop (&fixture->sandbox);
}

static void
count (guint *counter)
{
  (*counter)++;
}

static void
keep_job (AtelierComposer *composer,
          AtelierJob      *job,
          AtelierJob     **out)
{
  *out = job;
}

static const char *
provider_id (Fixture *fixture)
{
  AtelierProvider *provider = atelier_composer_get_provider (fixture->composer);

  return provider != NULL ? atelier_provider_get_id (provider) : NULL;
}

/* The red line under the form, when it shows. */
static const char *
error_text (Fixture *fixture)
{
  GtkWidget *generate = ui_find_named (GTK_WIDGET (fixture->composer), GTK_TYPE_BUTTON, "Generate");
  GtkWidget *box = gtk_widget_get_parent (gtk_widget_get_parent (generate));
  GtkWidget *label = gtk_widget_get_first_child (box);

  g_assert_true (GTK_IS_LABEL (label));
  g_assert_true (gtk_widget_has_css_class (label, "error"));
  return gtk_widget_get_visible (label) ? gtk_label_get_text (GTK_LABEL (label)) : NULL;
}

static gboolean
jobs_finished (gpointer data)
{
  Fixture *fixture = data;

  return atelier_engine_get_n_active (fixture->sandbox.engine) == 0;
}

static void
test_generate (Fixture       *fixture,
               gconstpointer  data)
{
  GListModel *jobs = G_LIST_MODEL (atelier_engine_get_jobs (fixture->sandbox.engine));
  AtelierJob *created = NULL;
  AtelierJob *job;
  guint can_generate_changes = 0;
  g_autofree char *prompt = NULL;

  g_signal_connect_swapped (fixture->composer, "notify::can-generate", G_CALLBACK (count),
                            &can_generate_changes);
  g_signal_connect (fixture->composer, "job-created", G_CALLBACK (keep_job), &created);

  /* Without services there is nothing to generate with. */
  g_assert_false (atelier_composer_get_can_generate (fixture->composer));
  g_assert_null (atelier_composer_generate (fixture->composer));
  g_assert_null (created);

  atelier_composer_set_engine (fixture->composer, fixture->sandbox.engine);
  g_assert_cmpstr (provider_id (fixture), ==, "openai");
  /* Nothing typed yet is not worth an error message. */
  g_assert_false (atelier_composer_get_can_generate (fixture->composer));
  g_assert_null (error_text (fixture));

  atelier_composer_set_prompt (fixture->composer, "a red fox");
  g_assert_true (atelier_composer_get_can_generate (fixture->composer));
  g_assert_cmpuint (can_generate_changes, ==, 1);
  g_object_get (fixture->composer, "prompt", &prompt, NULL);
  g_assert_cmpstr (prompt, ==, "a red fox");

  job = atelier_composer_generate (fixture->composer);
  g_assert_nonnull (job);
  g_assert_true (created == job);
  g_assert_cmpstr (atelier_job_get_provider (job), ==, "openai");
  g_assert_cmpstr (atelier_job_get_prompt (job), ==, "a red fox");
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 1);

  /* The Generate button and Ctrl+Enter in the prompt go through the action. */
  created = NULL;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->composer), "composer.generate", NULL));
  g_assert_nonnull (created);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 2);

  g_assert_true (ui_wait_for (jobs_finished, fixture, 20000));
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  GListModel *jobs = G_LIST_MODEL (atelier_engine_get_jobs (fixture->sandbox.engine));

  atelier_composer_set_engine (fixture->composer, fixture->sandbox.engine);

  /* Generate with an empty prompt says what is missing. */
  g_assert_null (atelier_composer_generate (fixture->composer));
  g_assert_cmpstr (error_text (fixture), ==, "Describe what to generate first.");

  /* Style DNA needs an anchor and a description besides the prompt: the
   * reason shows before Generate is enabled. */
  g_assert_true (atelier_composer_select_provider (fixture->composer, "styledna"));
  atelier_composer_set_prompt (fixture->composer, "a lighthouse at dusk");
  g_assert_false (atelier_composer_get_can_generate (fixture->composer));
  g_assert_nonnull (error_text (fixture));
  g_assert_cmpstr (error_text (fixture), !=, "");
  gtk_widget_activate_action (GTK_WIDGET (fixture->composer), "composer.generate", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, 0);

  /* Back on a service that is satisfied, the message goes. */
  atelier_composer_select_provider (fixture->composer, "openai");
  g_assert_true (atelier_composer_get_can_generate (fixture->composer));
  g_assert_null (error_text (fixture));
}

static gboolean
balance_shown (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *row = ui_find_descendant (GTK_WIDGET (fixture->composer), ADW_TYPE_ACTION_ROW);
  const char *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));

  return subtitle != NULL && g_str_has_prefix (subtitle, "Balance: ");
}

static void
test_services (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = ui_settings_new ();
  guint provider_changes = 0;
  GtkWidget *other;

  if (settings == NULL)
    {
      g_test_skip ("settings schema not compiled");
      return;
    }
  g_settings_reset (settings, "default-provider");

  atelier_composer_set_settings (fixture->composer, settings);
  atelier_composer_set_engine (fixture->composer, fixture->sandbox.engine);
  g_signal_connect_swapped (fixture->composer, "notify::provider", G_CALLBACK (count),
                            &provider_changes);

  g_assert_false (atelier_composer_select_provider (fixture->composer, "no-such-service"));
  g_assert_cmpstr (provider_id (fixture), ==, "openai");
  g_assert_cmpuint (provider_changes, ==, 0);

  /* A print export runs only from "Export for Print…" on a design: the
   * picker offers product designs but not it. */
  {
    GtkDropDown *picker = GTK_DROP_DOWN (ui_find_named (GTK_WIDGET (fixture->composer),
                                                        GTK_TYPE_DROP_DOWN, "Service"));
    GListModel *offered;
    gboolean design = FALSE;

    g_assert_nonnull (picker);
    offered = gtk_drop_down_get_model (picker);
    g_assert_cmpuint (g_list_model_get_n_items (offered), ==,
                      g_list_model_get_n_items (atelier_engine_get_providers (fixture->sandbox.engine)) - 1);
    for (guint i = 0; i < g_list_model_get_n_items (offered); i++)
      {
        g_autoptr(AtelierProvider) provider = g_list_model_get_item (offered, i);

        g_assert_cmpstr (atelier_provider_get_id (provider), !=, "core3d-export");
        design |= g_str_equal (atelier_provider_get_id (provider), "core3d-design");
      }
    g_assert_true (design);
    g_assert_false (atelier_composer_offers_provider (fixture->composer, "core3d-export"));
    g_assert_true (atelier_composer_offers_provider (fixture->composer, "core3d-design"));
    g_assert_false (atelier_composer_select_provider (fixture->composer, "core3d-export"));
    g_assert_cmpstr (provider_id (fixture), ==, "openai");
    g_assert_cmpuint (provider_changes, ==, 0);
  }

  /* image3d shows the credit balance under the service's name. */
  g_assert_true (atelier_composer_select_provider (fixture->composer, "image3d"));
  g_assert_cmpstr (provider_id (fixture), ==, "image3d");
  g_assert_cmpuint (provider_changes, ==, 1);
  g_assert_true (ui_wait_for (balance_shown, fixture, 10000));

  /* The service picked last is where a new composer starts. */
  g_assert_cmpstr (g_settings_get_string (settings, "default-provider"), ==, "image3d");
  other = g_object_ref_sink (atelier_composer_new ());
  atelier_composer_set_settings (ATELIER_COMPOSER (other), settings);
  atelier_composer_set_engine (ATELIER_COMPOSER (other), fixture->sandbox.engine);
  g_assert_cmpstr (atelier_provider_get_id (atelier_composer_get_provider (ATELIER_COMPOSER (other))),
                   ==, "image3d");
  g_object_run_dispose (G_OBJECT (other));
  ui_assert_finalize (other);
}

static GFile *
write_png (Fixture *fixture)
{
  static const guint8 pixels[4 * 4 * 4] = { 0xff };
  g_autoptr(GBytes) bytes = g_bytes_new_static (pixels, sizeof pixels);
  g_autoptr(GdkTexture) texture = gdk_memory_texture_new (4, 4, GDK_MEMORY_R8G8B8A8, bytes, 16);
  g_autofree char *path = g_build_filename (fixture->sandbox.tmpdir, "input.png", NULL);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  return g_file_new_for_path (path);
}

static void
test_input_image (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GFile) file = write_png (fixture);
  GtkWidget *options;

  atelier_composer_set_engine (fixture->composer, fixture->sandbox.engine);
  options = ui_find_named (GTK_WIDGET (fixture->composer), GTK_TYPE_TOGGLE_BUTTON, "Options");
  g_assert_true (GTK_IS_TOGGLE_BUTTON (options));

  /* Core3D takes no image: a dropped one is refused... */
  atelier_composer_select_provider (fixture->composer, "core3d");
  g_assert_false (atelier_composer_set_input_file (fixture->composer, file));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (options)));

  /* ...while "Use as Input" moves to the first service that takes one. */
  g_assert_true (atelier_composer_use_as_input (fixture->composer, file));
  g_assert_cmpstr (provider_id (fixture), ==, "openai");

  /* A dropped image opens the options, where it shows. */
  g_assert_true (atelier_composer_set_input_file (fixture->composer, file));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (options)));
}

/* "Edit and Generate Again": the form comes back as the job had it, and
 * what is generated next remembers those options. */
static void
test_reuse_job (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = ui_settings_new ();
  AtelierJob *old, *job;
  g_autofree char *prompt = NULL;
  GtkWidget *other;

  if (settings == NULL)
    {
      g_test_skip ("settings schema not compiled");
      return;
    }
  g_settings_reset (settings, "default-options");
  g_settings_reset (settings, "default-provider");

  atelier_composer_set_settings (fixture->composer, settings);
  atelier_composer_set_engine (fixture->composer, fixture->sandbox.engine);
  atelier_composer_select_provider (fixture->composer, "image3d");

  old = ui_sandbox_create_job (&fixture->sandbox, "openai", "prompt", "a blue heron", "n", "2", NULL);
  atelier_composer_reuse_job (fixture->composer, old);
  g_assert_cmpstr (provider_id (fixture), ==, "openai");
  prompt = atelier_composer_dup_prompt (fixture->composer);
  g_assert_cmpstr (prompt, ==, "a blue heron");
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (ui_find_named (GTK_WIDGET (fixture->composer),
                                                                                 GTK_TYPE_TOGGLE_BUTTON, "Options"))));

  job = atelier_composer_generate (fixture->composer);
  g_assert_nonnull (job);
  g_assert_cmpstr (g_hash_table_lookup (atelier_job_get_params (job), "n"), ==, "2");

  /* A new composer starts with the options used last, not the prompt. */
  other = g_object_ref_sink (atelier_composer_new ());
  atelier_composer_set_settings (ATELIER_COMPOSER (other), settings);
  atelier_composer_set_engine (ATELIER_COMPOSER (other), fixture->sandbox.engine);
  g_clear_pointer (&prompt, g_free);
  prompt = atelier_composer_dup_prompt (ATELIER_COMPOSER (other));
  g_assert_cmpstr (prompt, ==, "");
  atelier_composer_set_prompt (ATELIER_COMPOSER (other), "a grey heron");
  job = atelier_composer_generate (ATELIER_COMPOSER (other));
  g_assert_nonnull (job);
  g_assert_cmpstr (atelier_job_get_provider (job), ==, "openai");
  g_assert_cmpstr (g_hash_table_lookup (atelier_job_get_params (job), "n"), ==, "2");
  g_object_run_dispose (G_OBJECT (other));
  ui_assert_finalize (other);

  g_assert_true (ui_wait_for (jobs_finished, fixture, 20000));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int ret;

  if (home == NULL)
    return 0;

  g_test_add ("/ui/composer/generate", Fixture, NULL,
              fixture_set_up, test_generate, fixture_tear_down);
  g_test_add ("/ui/composer/refusals", Fixture, NULL,
              fixture_set_up, test_refusals, fixture_tear_down);
  g_test_add ("/ui/composer/services", Fixture, NULL,
              fixture_set_up, test_services, fixture_tear_down);
  g_test_add ("/ui/composer/input-image", Fixture, NULL,
              fixture_set_up, test_input_image, fixture_tear_down);
  g_test_add ("/ui/composer/reuse-job", Fixture, NULL,
              fixture_set_up, test_reuse_job, fixture_tear_down);

  ret = g_test_run ();
  ui_remove_tree (home);
  return ret;
}
