/* atelier-window.c: the main window: composer, job list and detail, wired together
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-resources.h"
#include "atelier-window-private.h"

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AtelierWindow, atelier_window, ADW_TYPE_APPLICATION_WINDOW)

/* Wiring: what one part of the window does to the others */

static void
on_job_created (AtelierWindow *self,
                AtelierJob    *job)
{
  /* Made from a result given with "Use as input": that job is its parent. */
  if (self->input_path != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, atelier_job_get_params (job));
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (value != NULL && strstr (value, self->input_path) != NULL)
          {
            atelier_job_set_parent_id (job, self->input_job_id);
            break;
          }
    }
  _atelier_window_show_new_job (self, job);
}

/* "Generate with…": each job as if made alone, so the newest, where the
 * batch's heading shows, ends up selected; what a service could not take
 * is said once. */
static void
on_batch_created (AtelierWindow *self,
                  AtelierBatch  *batch)
{
  GPtrArray *jobs = atelier_batch_get_jobs (batch);
  g_autofree char *notes = g_strjoinv ("\n", (char **) atelier_batch_get_notes (batch));

  for (guint i = 0; i < jobs->len; i++)
    on_job_created (self, g_ptr_array_index (jobs, i));
  if (*notes != '\0')
    _atelier_window_toast (self, notes);
}

static gboolean
on_paste_image (AtelierWindow *self)
{
  return _atelier_window_paste (self);
}

static void
on_can_generate (AtelierWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.generate",
                                 atelier_composer_get_can_generate (self->composer));
}

static void
on_selected_job_changed (AtelierWindow *self)
{
  AtelierJob *job = atelier_job_list_view_get_selected_job (self->job_list);

  if (job != NULL && !self->selecting && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail));
}

/* Activating a row, or clicking the selected one again, opens the detail
 * on a narrow window. */
static void
on_job_activated (AtelierWindow *self,
                  AtelierJob    *job)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail));
}

static void
on_leaflet_folded (AtelierWindow *self)
{
  /* Folded with nothing to show: the form and list are what matter. */
  if (adw_leaflet_get_folded (self->leaflet)
      && atelier_job_detail_get_job (self->detail) == NULL
      && atelier_job_detail_get_file (self->detail) == NULL)
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

/* List or gallery */

static void
on_view_changed (AtelierWindow *self)
{
  /* A grid wants the room a list does not: the sidebar shares the width. */
  gtk_widget_set_hexpand (self->sidebar,
                          g_strcmp0 (atelier_job_list_view_get_view (self->job_list), "gallery") == 0);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);

  atelier_job_list_view_set_view (self->job_list, g_variant_get_string (param, NULL));
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_child_focus (GTK_WIDGET (atelier_job_list_view_get_view_stack (self->job_list)),
                          GTK_DIR_TAB_FORWARD);
}

/* Drag and drop of files onto the window */

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         AtelierWindow *self)
{
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      atelier_window_open_file (self, g_value_get_object (value));
      return TRUE;
    }
  /* An image dragged from a browser or another app, without a file. */
  if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE))
    {
      _atelier_window_use_texture (self, g_value_get_object (value));
      return TRUE;
    }
  return FALSE;
}

/* Window state */

static void
on_active_changed (AtelierWindow *self)
{
  /* Coming back to the window: show what the CLI did meanwhile at once. */
  if (gtk_window_is_active (GTK_WINDOW (self)) && atelier_engine_get_history (self->engine) != NULL)
    atelier_engine_refresh_from_history (self->engine);
}

static void
restore_size (AtelierWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
atelier_window_close_request (GtkWindow *window)
{
  AtelierWindow *self = ATELIER_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }

  atelier_job_list_view_commit_deletes (self->job_list);

  return GTK_WINDOW_CLASS (atelier_window_parent_class)->close_request (window);
}

static void
atelier_window_constructed (GObject *object)
{
  AtelierWindow *self = ATELIER_WINDOW (object);
  GtkDropTarget *drop;

  G_OBJECT_CLASS (atelier_window_parent_class)->constructed (object);

  g_assert (ATELIER_IS_ENGINE (self->engine));

  restore_size (self);

  /* Settings first: the composer starts on the service used last. */
  atelier_composer_set_settings (self->composer, self->settings);
  atelier_composer_set_engine (self->composer, self->engine);
  atelier_job_list_view_set_engine (self->job_list, self->engine);
  atelier_job_detail_set_engine (self->detail, self->engine);
  if (self->settings != NULL)
    g_settings_bind (self->settings, "history-view", self->job_list, "view", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->job_list, "notify::view",
                           G_CALLBACK (on_view_changed), self, G_CONNECT_SWAPPED);
  on_view_changed (self);

  g_signal_connect_object (self->composer, "notify::can-generate",
                           G_CALLBACK (on_can_generate), self, G_CONNECT_SWAPPED);
  on_can_generate (self);

  /* The list's selection is what the detail shows. */
  g_object_bind_property (self->job_list, "selected-job", self->detail, "job", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->job_list, "notify::selected-job",
                           G_CALLBACK (on_selected_job_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detail, "notify::job",
                           G_CALLBACK (_atelier_window_update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detail, "notify::result-path",
                           G_CALLBACK (_atelier_window_update_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->detail, "notify::file",
                           G_CALLBACK (_atelier_window_update_actions), self, G_CONNECT_SWAPPED);
  _atelier_window_update_actions (self);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, (GType[2]) { G_TYPE_FILE, GDK_TYPE_TEXTURE }, 2);
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_active_changed), NULL);

  atelier_composer_focus_prompt (self->composer);
}

static void
atelier_window_dispose (GObject *object)
{
  AtelierWindow *self = ATELIER_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->purchase != NULL)
    atelier_credit_purchase_cancel (self->purchase);
  g_clear_object (&self->purchase);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_WINDOW);
  g_clear_pointer (&self->input_job_id, g_free);
  g_clear_pointer (&self->input_path, g_free);

  g_clear_object (&self->settings);
  g_clear_object (&self->engine);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (atelier_window_parent_class)->dispose (object);
}

static void
atelier_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  AtelierWindow *self = ATELIER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  AtelierWindow *self = ATELIER_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GtkEventController *
shortcut_controller (guint            key,
                     GdkModifierType  mods,
                     const char      *action)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (key, mods),
                                                          gtk_named_action_new (action)));
  return controller;
}

static void
atelier_window_class_init (AtelierWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = atelier_window_constructed;
  object_class->dispose = atelier_window_dispose;
  object_class->get_property = atelier_window_get_property;
  object_class->set_property = atelier_window_set_property;
  window_class->close_request = atelier_window_close_request;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         ATELIER_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Construct-only: "application" is only set after constructed(). */
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The resources live in a static library: referencing them keeps them
   * linked, and linked they register themselves. */
  atelier_get_resource ();

  g_type_ensure (ATELIER_TYPE_COMPOSER);
  g_type_ensure (ATELIER_TYPE_JOB_DETAIL);
  g_type_ensure (ATELIER_TYPE_JOB_LIST_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/ui/atelier-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, composer);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, job_list);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, detail);
  /* Kept out of the struct: only init() needs them, to give them the list's stack. */
  gtk_widget_class_bind_template_child_full (widget_class, "view_switcher", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "view_switcher_bar", FALSE, 0);
  gtk_widget_class_bind_template_callback (widget_class, on_job_created);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_created);
  gtk_widget_class_bind_template_callback (widget_class, on_paste_image);
  gtk_widget_class_bind_template_callback (widget_class, on_job_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded);

  _atelier_window_class_add_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK,
                                       "win.show-view", "s", "list");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK,
                                       "win.show-view", "s", "gallery");
}

static void
atelier_window_init (AtelierWindow *self)
{
  AdwViewStack *views;
  GObject *switcher;

  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  views = atelier_job_list_view_get_view_stack (self->job_list);
  switcher = gtk_widget_get_template_child (GTK_WIDGET (self), ATELIER_TYPE_WINDOW, "view_switcher");
  adw_view_switcher_title_set_stack (ADW_VIEW_SWITCHER_TITLE (switcher), views);
  switcher = gtk_widget_get_template_child (GTK_WIDGET (self), ATELIER_TYPE_WINDOW, "view_switcher_bar");
  adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (switcher), views);

  /* Delete only where it cannot mean "delete a character" (the job list
   * has its own). */
  gtk_widget_add_controller (GTK_WIDGET (self->detail),
                             shortcut_controller (GDK_KEY_Delete, 0, "win.delete-job"));
  gtk_widget_add_controller (GTK_WIDGET (self->leaflet),
                             shortcut_controller (GDK_KEY_Escape, 0, "win.back"));

#if DEVELOPMENT
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

AtelierWindow *
atelier_window_new (AtelierApplication *app,
                    AtelierEngine      *engine)
{
  g_return_val_if_fail (app == NULL || ATELIER_IS_APPLICATION (app), NULL);
  g_return_val_if_fail (ATELIER_IS_ENGINE (engine), NULL);

  return g_object_new (ATELIER_TYPE_WINDOW,
                       "application", app,
                       "engine", engine,
                       "settings", app != NULL ? atelier_application_get_settings (app) : NULL,
                       NULL);
}

AtelierEngine *
atelier_window_get_engine (AtelierWindow *self)
{
  g_return_val_if_fail (ATELIER_IS_WINDOW (self), NULL);

  return self->engine;
}

GCancellable *
atelier_window_get_cancellable (AtelierWindow *self)
{
  g_return_val_if_fail (ATELIER_IS_WINDOW (self), NULL);

  return self->cancellable;
}

void
atelier_window_set_offline (AtelierWindow *self,
                            gboolean       offline)
{
  g_return_if_fail (ATELIER_IS_WINDOW (self));

  gtk_revealer_set_reveal_child (self->banner_revealer, offline);
}

void
atelier_window_show_message (AtelierWindow *self,
                             const char    *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (ATELIER_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  /* Toast titles are markup: a path with "&" must not break it. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
atelier_window_select_job (AtelierWindow *self,
                           const char    *job_id)
{
  g_return_if_fail (ATELIER_IS_WINDOW (self));

  atelier_job_list_view_select_job (self->job_list, job_id);
}

static gboolean
is_model_path (const char *path)
{
  g_autofree char *lower = path != NULL ? g_ascii_strdown (path, -1) : NULL;

  return lower != NULL && (g_str_has_suffix (lower, ".glb") || g_str_has_suffix (lower, ".gltf"));
}

static gboolean
is_image_file (GFile *file)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);
  const char *type = info != NULL ? g_file_info_get_content_type (info) : NULL;

  return type != NULL && g_content_type_is_mime_type (type, "image/*");
}

void
atelier_window_open_file (AtelierWindow *self,
                          GFile         *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (ATELIER_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path != NULL && !is_model_path (path) && is_image_file (file))
    {
      if (!atelier_composer_set_input_file (self->composer, file))
        _atelier_window_toast (self, _("This service takes no input image"));
      return;
    }
  if (!is_model_path (path))
    {
      _atelier_window_toast (self, _("Atelier opens glTF models (.glb, .gltf) and images"));
      return;
    }

  self->selecting = TRUE;
  atelier_job_list_view_unselect (self->job_list);
  self->selecting = FALSE;
  atelier_job_detail_set_file (self->detail, file);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->detail));
}

void
atelier_window_set_prompt (AtelierWindow *self,
                           const char    *prompt)
{
  g_return_if_fail (ATELIER_IS_WINDOW (self));

  atelier_composer_set_prompt (self->composer, prompt);
}

void
atelier_window_select_provider (AtelierWindow *self,
                                const char    *provider_id)
{
  g_return_if_fail (ATELIER_IS_WINDOW (self));

  atelier_composer_select_provider (self->composer, provider_id);
}

GListModel *
atelier_window_get_visible_jobs (AtelierWindow *self)
{
  g_return_val_if_fail (ATELIER_IS_WINDOW (self), NULL);

  return atelier_job_list_view_get_visible_jobs (self->job_list);
}
