/* atelier-application.c: the application: engine, settings, offline sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-application"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-application.h"
#include "atelier-credentials.h"
#include "atelier-history.h"
#include "atelier-preferences-window.h"
#include "atelier-profile.h"
#include "atelier-providers.h"
#include "atelier-sandbox.h"
#include "atelier-sandbox-process.h"
#include "atelier-window.h"

struct _AtelierApplication
{
  AdwApplication  parent_instance;

  /* Owned References */
  GSettings      *settings;
  AtelierHttp    *http;
  AtelierHistory *history;
  AtelierEngine  *engine;
  /* Offline mode: bound at start-up, running only once a service uses it. */
  AtelierSandboxProcess *sandbox;
  char           *startup_message;
  guint           n_sandboxed;

  /* The history past its first page, read once the window has shown. */
  GCancellable   *history_cancellable;
  guint           history_rest_fallback;
  gboolean        history_rest_started;
};

/* No row of the job list is shorter (a 64 px thumbnail and its margins),
 * and at least the header bar and the composer sit above the list. */
#define JOB_ROW_MIN_HEIGHT 64
#define JOB_LIST_MIN_TOP   300
/* When no window shows (a D-Bus activation), the rest loads anyway. */
#define HISTORY_REST_FALLBACK_S 3

G_DEFINE_FINAL_TYPE (AtelierApplication, atelier_application, ADW_TYPE_APPLICATION)

GSettings *
atelier_settings_new_or_null (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  /* An uninstalled build may have no compiled schema: run with defaults
   * rather than abort inside g_settings_new(). */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "io.github.atelierapp.Atelier", TRUE);
  if (schema == NULL)
    {
      g_debug ("Settings schema not installed; using defaults");
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static gboolean
settings_has_key (GSettings  *settings,
                  const char *key)
{
  g_autoptr(GSettingsSchema) schema = NULL;

  if (settings == NULL)
    return FALSE;
  g_object_get (settings, "settings-schema", &schema, NULL);
  return schema != NULL && g_settings_schema_has_key (schema, key);
}

static char *
settings_get_string (GSettings  *settings,
                     const char *key)
{
  if (!settings_has_key (settings, key))
    return NULL;
  return g_settings_get_string (settings, key);
}

static AtelierServiceConfig *
sandbox_config_func (const char *id,
                     gpointer    user_data)
{
  AtelierApplication *self = user_data;
  g_autofree char *url = atelier_sandbox_process_get_url (self->sandbox, id);

  AtelierServiceConfig *config = atelier_service_config_new (id, url, ATELIER_SANDBOX_TOKEN);

  self->n_sandboxed++;
  /* The sandbox's Firebase stand-in, so signing in works offline too. */
  if (g_str_equal (id, "image3d"))
    {
      config->auth_key = g_strdup (ATELIER_SANDBOX_FIREBASE_KEY);
      /* The child serves the stand-in on its one known port too. */
      config->auth_url = g_strdup_printf ("%s/firebase/identitytoolkit/v1", url);
      config->token_url = g_strdup_printf ("%s/firebase/securetoken/v1", url);
    }
  return config;
}

/* image3d's Firebase Web API key is a setting (the environment wins). */
static AtelierServiceConfig *
add_auth_key (AtelierApplication   *self,
              AtelierServiceConfig *config)
{
  if (config->auth_key == NULL && g_str_equal (config->id, "image3d"))
    {
      g_autofree char *key = settings_get_string (self->settings, "image3d-firebase-key");

      if (key != NULL && *key != '\0')
        config->auth_key = g_steal_pointer (&key);
    }
  return config;
}

static AtelierServiceConfig *
settings_config_func (const char *id,
                      gpointer    user_data)
{
  AtelierApplication *self = user_data;
  g_autofree char *key = g_strdup_printf ("%s-base-url", id);
  g_autofree char *url = settings_get_string (self->settings, key);

  return add_auth_key (self, atelier_providers_resolve_config (id, url));
}

/* "auto" uses the sandbox for each service that has neither a token nor
 * an address of its own; "always" for all of them. */
static AtelierServiceConfig *
auto_config_func (const char *id,
                  gpointer    user_data)
{
  AtelierApplication *self = user_data;
  g_autofree char *url_env = atelier_service_env_name (id, "URL");
  g_autofree char *key = g_strdup_printf ("%s-base-url", id);
  g_autofree char *url = settings_get_string (self->settings, key);
  g_autoptr(AtelierServiceConfig) config = atelier_providers_resolve_config (id, url);

  if (config->token != NULL || config->refresh_token != NULL || g_getenv (url_env) != NULL ||
      (url != NULL && url[0] != '\0'))
    return add_auth_key (self, g_steal_pointer (&config));

  return sandbox_config_func (id, user_data);
}

static char *
offline_mode (AtelierApplication *self)
{
  g_autofree char *mode = settings_get_string (self->settings, "offline-mode");

  if (mode == NULL || mode[0] == '\0')
    return g_strdup ("auto");
  return g_steal_pointer (&mode);
}

/* This very binary, serving as the sandbox (see atelier-main.c). A binary
 * replaced since it started (a rebuild) is still reachable as /proc/self/exe. */
static char **
sandbox_command (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  const char *path = exe != NULL && !g_str_has_suffix (exe, " (deleted)") ? exe : "/proc/self/exe";
  char *argv[] = { (char *) path, (char *) ATELIER_SANDBOX_SERVER_ARG, NULL };

  return g_strdupv (argv);
}

static void
apply_concurrency (AtelierApplication *self)
{
  g_autoptr(GVariant) dict = NULL;
  GVariantIter iter;
  const char *id;
  guint32 max;

  if (!settings_has_key (self->settings, "max-concurrent"))
    return;

  dict = g_settings_get_value (self->settings, "max-concurrent");
  g_variant_iter_init (&iter, dict);
  while (g_variant_iter_next (&iter, "{&su}", &id, &max))
    if (max > 0)
      atelier_engine_set_max_concurrent (self->engine, id, max);
}

/* Enough jobs to fill the job list's part of the window with rows: all
 * that a first frame can show. Every listed job costs a row widget before
 * that frame, so the rest waits. */
static guint
history_first_page (AtelierApplication *self)
{
  int height = 0;

  if (settings_has_key (self->settings, "window-maximized")
      && g_settings_get_boolean (self->settings, "window-maximized"))
    {
      GListModel *monitors = gdk_display_get_monitors (gdk_display_get_default ());

      for (guint i = 0; i < g_list_model_get_n_items (monitors); i++)
        {
          g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, i);
          GdkRectangle geometry;

          gdk_monitor_get_geometry (monitor, &geometry);
          height = MAX (height, geometry.height);
        }
    }
  else if (settings_has_key (self->settings, "window-height"))
    height = g_settings_get_int (self->settings, "window-height");

  if (height <= 0)
    height = 1080;
  return CLAMP ((height - JOB_LIST_MIN_TOP) / JOB_ROW_MIN_HEIGHT + 1, 8, 80);
}

static void
append_message (AtelierApplication *self,
                const char         *message)
{
  char *joined;

  if (self->startup_message == NULL)
    {
      self->startup_message = g_strdup (message);
      return;
    }
  joined = g_strconcat (self->startup_message, "\n", message, NULL);
  g_free (self->startup_message);
  self->startup_message = joined;
}

static void
start_engine (AtelierApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *library = NULL;
  g_autofree char *mode = NULL;

  self->http = atelier_http_new ();
  self->history = atelier_history_open (NULL, &error);
  atelier_profile_mark ("history opened");
  if (self->history == NULL)
    {
      /* Still usable: jobs just are not kept. */
      g_warning ("Could not open the history: %s", error->message);
      append_message (self, error->message);
      g_clear_error (&error);
    }
  else if (atelier_history_get_recovery_message (self->history) != NULL)
    {
      append_message (self, atelier_history_get_recovery_message (self->history));
    }

  self->engine = atelier_engine_new (self->http, self->history);
  atelier_profile_mark ("engine made");

  library = settings_get_string (self->settings, "library-folder");
  if (library != NULL && library[0] != '\0')
    atelier_engine_set_library_dir (self->engine, library);
  apply_concurrency (self);

  mode = offline_mode (self);
  if (!g_str_equal (mode, "never"))
    {
      g_auto(GStrv) command = sandbox_command ();

      /* Only the port is taken now: the sandbox itself starts (as a child
       * process, so a fault there cannot take the window down) when a
       * service without an account of its own is first used. */
      self->sandbox = atelier_sandbox_process_new ((const char * const *) command);
      if (atelier_sandbox_process_listen (self->sandbox, &error))
        {
          if (g_str_equal (mode, "always"))
            atelier_providers_register_all (self->engine, sandbox_config_func, self);
          else
            atelier_providers_register_all (self->engine, auto_config_func, self);
          /* Every service has an account: no need for the sandbox. */
          if (self->n_sandboxed == 0)
            {
              atelier_sandbox_process_stop (self->sandbox);
              g_clear_object (&self->sandbox);
            }
          else
            g_debug ("Offline sandbox for %u services on port %u", self->n_sandboxed,
                     atelier_sandbox_process_get_port (self->sandbox));
        }
      else
        {
          g_warning ("Could not start the offline sandbox: %s", error->message);
          append_message (self, error->message);
          g_clear_error (&error);
          g_clear_object (&self->sandbox);
          atelier_providers_register_all (self->engine, settings_config_func, self);
        }
    }
  else
    {
      atelier_providers_register_all (self->engine, settings_config_func, self);
    }

  atelier_credentials_prefetch_end ();
  atelier_profile_mark ("services registered");
  if (self->history != NULL)
    {
      /* A screenful now, the rest after the first frame: start_history_rest(). */
      if (!atelier_engine_load_history_first (self->engine, history_first_page (self), &error))
        {
          g_warning ("Could not load the history: %s", error->message);
          append_message (self, error->message);
          g_clear_error (&error);
        }
      atelier_profile_mark ("history: first page listed");
      /* Jobs atelier-cli adds show up while the window is open. */
      atelier_engine_watch_history (self->engine, 2000);
    }
}

static void
on_job_finished (AtelierApplication *self,
                 AtelierJob         *job,
                 AtelierEngine      *engine)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GNotification) notification = NULL;
  const char *title;
  const char *prompt;

  if (self->settings != NULL && settings_has_key (self->settings, "notify-on-finish")
      && !g_settings_get_boolean (self->settings, "notify-on-finish"))
    return;
  /* Only tell people about what they cannot see. */
  if (window != NULL && gtk_window_is_active (window))
    return;

  switch (atelier_job_get_status (job))
    {
    case ATELIER_JOB_STATUS_DONE:
      title = atelier_job_get_kind (job) == ATELIER_JOB_KIND_MODEL
              ? _("Model ready") : _("Image ready");
      break;
    case ATELIER_JOB_STATUS_FAILED:
      title = _("Generation failed");
      break;
    default:
      return;
    }

  prompt = atelier_job_get_prompt (job);
  notification = g_notification_new (title);
  if (prompt != NULL && prompt[0] != '\0')
    g_notification_set_body (notification, prompt);
  g_notification_set_default_action_and_target (notification, "app.show-job", "s",
                                                atelier_job_get_id (job));
  g_notification_add_button_with_target (notification, _("Open"), "app.show-job", "s",
                                         atelier_job_get_id (job));
  g_application_send_notification (G_APPLICATION (self), "job-finished", notification);
}

static void
history_rest_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AtelierApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  GtkWindow *window;
  guint resumed;

  resumed = atelier_engine_load_history_rest_finish (ATELIER_ENGINE (object), result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_warning ("Could not load the history: %s", error->message);
      window = gtk_application_get_active_window (GTK_APPLICATION (self));
      if (ATELIER_IS_WINDOW (window))
        atelier_window_show_message (ATELIER_WINDOW (window), error->message);
      else
        append_message (self, error->message);
      return;
    }
  atelier_profile_mark ("history: all %u jobs listed, %u resumed",
                        g_list_model_get_n_items (G_LIST_MODEL (atelier_engine_get_jobs (self->engine))),
                        resumed);
}

static void
start_history_rest (AtelierApplication *self)
{
  g_clear_handle_id (&self->history_rest_fallback, g_source_remove);
  if (self->history_rest_started || self->history == NULL)
    return;

  self->history_rest_started = TRUE;
  atelier_profile_mark ("history: reading the rest");
  atelier_engine_load_history_rest_async (self->engine, TRUE, self->history_cancellable,
                                          history_rest_done, g_object_ref (self));
}

static gboolean
history_rest_fallback_cb (gpointer user_data)
{
  AtelierApplication *self = user_data;

  self->history_rest_fallback = 0;
  start_history_rest (self);
  return G_SOURCE_REMOVE;
}

static void
first_frame_cb (GdkFrameClock      *clock,
                AtelierApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, first_frame_cb, self);
  start_history_rest (self);
}

static void
window_realized_cb (GtkWidget          *window,
                    AtelierApplication *self)
{
  g_signal_handlers_disconnect_by_func (window, window_realized_cb, self);
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (first_frame_cb), self, 0);
}

static AtelierWindow *
ensure_window (AtelierApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      atelier_profile_mark ("making the window");
      window = GTK_WINDOW (atelier_window_new (self, self->engine));
      atelier_profile_mark ("window made");
      atelier_profile_watch_first_frame (GTK_WIDGET (window));
      /* Whatever the first frame does not show waits for it. */
      if (!self->history_rest_started)
        g_signal_connect_object (window, "realize", G_CALLBACK (window_realized_cb), self, 0);
      atelier_window_set_offline (ATELIER_WINDOW (window), self->sandbox != NULL);
      if (self->startup_message != NULL)
        {
          atelier_window_show_message (ATELIER_WINDOW (window), self->startup_message);
          g_clear_pointer (&self->startup_message, g_free);
        }
    }

  return ATELIER_WINDOW (window);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  AtelierApplication *self = user_data;
  GList *windows;

  /* Closing windows first lets them commit pending deletions. */
  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    g_object_ref (l->data);
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free_full (windows, g_object_unref);
  g_application_quit (G_APPLICATION (self));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  AtelierApplication *self = user_data;
  AtelierWindow *window = ensure_window (self);
  AtelierPreferencesWindow *prefs;

  prefs = atelier_preferences_window_new (self->engine, self->settings);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  AtelierApplication *self = user_data;
  static const char *developers[] = { "The Atelier developers", NULL };
  GtkWindow *window = GTK_WINDOW (ensure_window (self));
  g_autofree char *debug_info = NULL;
  GtkWidget *about;

  /* What a bug report needs, and nothing private (no tokens, no paths). */
  debug_info = g_strdup_printf ("Atelier %s (%s)\n"
                                "GTK %u.%u.%u\n"
                                "libadwaita %u.%u.%u\n"
                                "GLib %u.%u.%u\n"
                                "libsoup %u.%u.%u\n"
                                "Offline sandbox: %s\n",
                                PACKAGE_VERSION, APP_ID,
                                gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
                                adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
                                glib_major_version, glib_minor_version, glib_micro_version,
                                soup_get_major_version (), soup_get_minor_version (), soup_get_micro_version (),
                                self->sandbox != NULL ? "yes" : "no");

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", window,
                        "application-name", _("Atelier"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Atelier developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Generate images and 3D models with remote services, "
                                      "keep every result, and view models in 3D."),
                        "website", "https://github.com/atelierapp/atelier",
                        "issue-url", "https://github.com/atelierapp/atelier/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        "debug-info", debug_info,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
show_job_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  AtelierApplication *self = user_data;
  AtelierWindow *window = ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));
  atelier_window_select_job (window, g_variant_get_string (param, NULL));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "show-job", show_job_action, "s" },
};

static void
atelier_application_startup (GApplication *app)
{
  AtelierApplication *self = ATELIER_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };

  /* The same resources whatever the app id (.Devel included). */
  g_application_set_resource_base_path (app, "/io/github/atelierapp/Atelier");

  atelier_profile_mark ("startup");
  /* The services' tokens are read from the keyring while GTK starts. */
  atelier_credentials_prefetch_begin ();
  G_APPLICATION_CLASS (atelier_application_parent_class)->startup (app);
  atelier_profile_mark ("GTK and libadwaita started");

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         prefs_accels);

  self->settings = atelier_settings_new_or_null ();
  atelier_profile_mark ("settings");
  self->history_cancellable = g_cancellable_new ();
  start_engine (self);
  self->history_rest_fallback = g_timeout_add_seconds (HISTORY_REST_FALLBACK_S,
                                                       history_rest_fallback_cb, self);
  g_signal_connect_object (self->engine, "job-finished",
                           G_CALLBACK (on_job_finished), self, G_CONNECT_SWAPPED);
}

static void
atelier_application_activate (GApplication *app)
{
  AtelierWindow *window = ensure_window (ATELIER_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  atelier_profile_mark ("window presented");
}

static void
atelier_application_open (GApplication  *app,
                          GFile        **files,
                          int            n_files,
                          const char    *hint)
{
  AtelierWindow *window = ensure_window (ATELIER_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  /* One viewer: the last file given wins. */
  if (n_files > 0)
    atelier_window_open_file (window, files[n_files - 1]);
}

static void
atelier_application_shutdown (GApplication *app)
{
  AtelierApplication *self = ATELIER_APPLICATION (app);

  g_cancellable_cancel (self->history_cancellable);
  g_clear_handle_id (&self->history_rest_fallback, g_source_remove);
  if (self->sandbox != NULL)
    atelier_sandbox_process_stop (self->sandbox);

  G_APPLICATION_CLASS (atelier_application_parent_class)->shutdown (app);
}

static void
atelier_application_finalize (GObject *object)
{
  AtelierApplication *self = ATELIER_APPLICATION (object);

  g_clear_object (&self->engine);
  g_clear_object (&self->history);
  g_clear_object (&self->http);
  g_clear_object (&self->sandbox);
  g_clear_object (&self->settings);
  g_clear_object (&self->history_cancellable);
  g_clear_pointer (&self->startup_message, g_free);

  G_OBJECT_CLASS (atelier_application_parent_class)->finalize (object);
}

static void
atelier_application_class_init (AtelierApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = atelier_application_finalize;
  app_class->startup = atelier_application_startup;
  app_class->activate = atelier_application_activate;
  app_class->open = atelier_application_open;
  app_class->shutdown = atelier_application_shutdown;
}

static void
atelier_application_init (AtelierApplication *self)
{
}

AtelierApplication *
atelier_application_new (void)
{
  atelier_profile_mark ("application made");
  return g_object_new (ATELIER_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}

AtelierEngine *
atelier_application_get_engine (AtelierApplication *self)
{
  g_return_val_if_fail (ATELIER_IS_APPLICATION (self), NULL);

  return self->engine;
}

GSettings *
atelier_application_get_settings (AtelierApplication *self)
{
  g_return_val_if_fail (ATELIER_IS_APPLICATION (self), NULL);

  return self->settings;
}

gboolean
atelier_application_get_offline (AtelierApplication *self)
{
  g_return_val_if_fail (ATELIER_IS_APPLICATION (self), FALSE);

  return self->sandbox != NULL;
}
