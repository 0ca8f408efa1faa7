/* ui-test.c: what the widget tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "atelier-providers.h"
#include "ui-test.h"

static AtelierServiceConfig *
sandbox_config (const char *id,
                gpointer    user_data)
{
  UiSandbox *sandbox = user_data;
  g_autofree char *url = atelier_sandbox_get_url (sandbox->sandbox, id);
  AtelierServiceConfig *config = atelier_service_config_new (id, url, ATELIER_SANDBOX_TOKEN);

  /* The sandbox's Firebase stand-in; its key is for a test to set. */
  if (g_str_equal (id, "image3d"))
    {
      config->auth_url = atelier_sandbox_get_firebase_url (sandbox->sandbox, FALSE);
      config->token_url = atelier_sandbox_get_firebase_url (sandbox->sandbox, TRUE);
    }
  return config;
}

void
ui_sandbox_start (UiSandbox *sandbox,
                  guint      job_ms)
{
  ui_sandbox_start_with_history (sandbox, job_ms, NULL);
}

void
ui_sandbox_start_with_history (UiSandbox  *sandbox,
                               guint       job_ms,
                               const char *history_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = NULL;

  sandbox->tmpdir = g_dir_make_tmp ("atelier-ui-XXXXXX", &error);
  g_assert_no_error (error);

  sandbox->sandbox = atelier_sandbox_new ();
  atelier_sandbox_set_job_duration (sandbox->sandbox, job_ms);
  atelier_sandbox_start (sandbox->sandbox, 0, &error);
  g_assert_no_error (error);

  sandbox->http = atelier_http_new ();
  if (history_path != NULL)
    {
      history = atelier_history_open (history_path, &error);
      g_assert_no_error (error);
    }
  sandbox->engine = atelier_engine_new (sandbox->http, history);
  atelier_engine_set_library_dir (sandbox->engine, sandbox->tmpdir);
  atelier_engine_set_poll_interval (sandbox->engine, 50, 200);
  atelier_providers_register_all (sandbox->engine, sandbox_config, sandbox);
}

void
ui_sandbox_stop (UiSandbox *sandbox)
{
  g_clear_object (&sandbox->engine);
  g_clear_object (&sandbox->http);
  atelier_sandbox_stop (sandbox->sandbox);
  g_clear_object (&sandbox->sandbox);
  ui_remove_tree (sandbox->tmpdir);
  g_clear_pointer (&sandbox->tmpdir, g_free);
}

AtelierJob *
ui_sandbox_create_job (UiSandbox  *sandbox,
                       const char *provider_id,
                       const char *first_name,
                       ...)
{
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(GError) error = NULL;
  AtelierJob *job;
  va_list args;

  va_start (args, first_name);
  for (const char *name = first_name; name != NULL; name = va_arg (args, const char *))
    g_hash_table_insert (params, g_strdup (name), g_strdup (va_arg (args, const char *)));
  va_end (args);

  job = atelier_engine_create_job (sandbox->engine, provider_id, params, &error);
  g_assert_no_error (error);
  g_assert_nonnull (job);
  return job;
}

gboolean
ui_wait_for (UiCondition condition,
             gpointer    data,
             guint       timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  return TRUE;
}

static gboolean
job_finished (gpointer data)
{
  return atelier_job_is_finished (data);
}

gboolean
ui_wait_for_job (AtelierJob *job,
                 guint       timeout_ms)
{
  return ui_wait_for (job_finished, job, timeout_ms);
}

GtkWidget *
ui_find (GtkWidget     *widget,
         UiMatch        match,
         gconstpointer  data)
{
  if (match (widget, data))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_find (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
match_type (GtkWidget     *widget,
            gconstpointer  data)
{
  return g_type_is_a (G_OBJECT_TYPE (widget), GPOINTER_TO_SIZE (data));
}

GtkWidget *
ui_find_descendant (GtkWidget *widget,
                    GType      type)
{
  return ui_find (widget, match_type, GSIZE_TO_POINTER (type));
}

static gboolean
match_stack (GtkWidget     *widget,
             gconstpointer  data)
{
  return GTK_IS_STACK (widget) && gtk_stack_get_child_by_name (GTK_STACK (widget), data) != NULL;
}

GtkStack *
ui_find_stack (GtkWidget  *widget,
               const char *page_name)
{
  return GTK_STACK (ui_find (widget, match_stack, page_name));
}

static gboolean
match_button (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

GtkWidget *
ui_find_button (GtkWidget  *widget,
                const char *label)
{
  return ui_find (widget, match_button, label);
}

static gboolean
match_label (GtkWidget     *widget,
             gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

GtkWidget *
ui_find_label (GtkWidget  *widget,
               const char *text)
{
  return ui_find (widget, match_label, text);
}

typedef struct
{
  GType       type;
  const char *name;
} Named;

static gboolean
match_name (GtkWidget     *widget,
            gconstpointer  data)
{
  const Named *named = data;
  g_autofree char *mismatch = NULL;

  if (!g_type_is_a (G_OBJECT_TYPE (widget), named->type))
    return FALSE;
  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                 GTK_ACCESSIBLE_PROPERTY_LABEL, named->name);
  return mismatch == NULL;
}

GtkWidget *
ui_find_named (GtkWidget  *widget,
               GType       type,
               const char *name)
{
  Named named = { type, name };

  return ui_find (widget, match_name, &named);
}

static gboolean
only_our_reference (gpointer data)
{
  return G_OBJECT (data)->ref_count == 1;
}

void
ui_assert_finalize (gpointer object)
{
  /* A cancelled request still holds its widget until its callback runs. */
  ui_wait_for (only_our_reference, object, 5000);
  g_assert_finalize_object (object);
}

char *
ui_test_init (int    *argc,
              char ***argv)
{
  g_autoptr(GError) error = NULL;
  char *home;
  g_autofree char *data = NULL;
  g_autofree char *config = NULL;
  g_autofree char *cache = NULL;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      /* The suite runs under xvfb-run; without any display, say so. */
      g_print ("1..0 # SKIP no display\n");
      return NULL;
    }

  home = g_dir_make_tmp ("atelier-ui-home-XXXXXX", &error);
  g_assert_no_error (error);
  data = g_build_filename (home, "data", NULL);
  config = g_build_filename (home, "config", NULL);
  cache = g_build_filename (home, "cache", NULL);

  /* Before anything caches the user directories. */
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config, TRUE);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  return home;
}

void
ui_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        ui_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

GSettings *
ui_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source == NULL)
    return NULL;
  schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    schema = g_settings_schema_source_lookup (source, "io.github.atelierapp.Atelier", TRUE);
  return schema != NULL ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

gboolean
ui_press_key (GtkWidget       *widget,
              guint            keyval,
              GdkModifierType  modifiers)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (w);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
              gtk_event_controller_get_propagation_phase (GTK_EVENT_CONTROLLER (controller)) == GTK_PHASE_NONE)
            continue;
          for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
              GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

              if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
                  gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
                  gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers &&
                  gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                GTK_SHORTCUT_ACTION_EXCLUSIVE, w,
                                                gtk_shortcut_get_arguments (shortcut)))
                return TRUE;
            }
        }
    }
  return FALSE;
}
