/* atelier-window.c: the main window: form, job list and detail pane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-window"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-resources.h"
#include "atelier-window-private.h"

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_SETTINGS,
  PROP_SHOW_PARAMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AtelierWindow, atelier_window, ADW_TYPE_APPLICATION_WINDOW)

static char *
provider_display_name (AtelierProvider *provider)
{
  if (provider == NULL)
    return NULL;
  return g_strdup (atelier_provider_get_display_name (provider));
}

AtelierProvider *
_atelier_window_get_provider (AtelierWindow *self)
{
  return gtk_drop_down_get_selected_item (self->provider_dropdown);
}

static char *
get_prompt_text (AtelierWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->prompt_view);
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return g_strstrip (g_steal_pointer (&text));
}

/* The parameters as the form shows them, plus the prompt when the provider
 * has one. @prompt_missing says the provider needs a prompt and has none:
 * not worth an error message while the person has not typed yet. */
GHashTable *
_atelier_window_collect_params (AtelierWindow *self,
                                gboolean      *prompt_missing)
{
  AtelierProvider *provider = _atelier_window_get_provider (self);
  g_autoptr(GHashTable) params = atelier_param_form_get_params (self->param_form);
  g_autofree char *prompt = get_prompt_text (self);
  const AtelierParamSpec *spec = NULL;

  if (provider != NULL)
    spec = atelier_param_table_find_prompt (atelier_provider_get_params (provider));

  if (prompt_missing != NULL)
    *prompt_missing = FALSE;

  if (spec != NULL && prompt[0] != '\0')
    g_hash_table_insert (params, g_strdup (spec->name), g_steal_pointer (&prompt));
  else if (spec != NULL && (spec->flags & ATELIER_PARAM_FLAG_REQUIRED) && prompt_missing != NULL)
    *prompt_missing = TRUE;

  return g_steal_pointer (&params);
}

static void
set_error (AtelierWindow *self,
           const char    *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

void
_atelier_window_validate (AtelierWindow *self)
{
  AtelierProvider *provider = _atelier_window_get_provider (self);
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  gboolean prompt_missing = FALSE;
  gboolean ok = FALSE;

  if (provider == NULL)
    {
      set_error (self, _("No service is available."));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.generate", FALSE);
      return;
    }

  params = _atelier_window_collect_params (self, &prompt_missing);
  if (prompt_missing)
    set_error (self, NULL);
  else if (!(ok = atelier_provider_validate (provider, params, &error)))
    {
      g_autofree char *prompt = get_prompt_text (self);

      /* Nothing typed yet is not worth an error message. */
      set_error (self, prompt[0] != '\0' || g_hash_table_size (params) > 0 ? error->message : NULL);
    }
  else
    set_error (self, NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.generate", ok);
}

static void
on_prompt_changed (AtelierWindow *self,
                   GtkTextBuffer *buffer)
{
  gtk_widget_set_visible (self->prompt_placeholder,
                          gtk_text_buffer_get_char_count (buffer) == 0);
  _atelier_window_validate (self);
}

/* The job list would otherwise keep most of the height while the options
 * scroll in a sliver. */
static void
on_options_toggled (AtelierWindow *self)
{
  gboolean active = gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (self->options_button));

  gtk_scrolled_window_set_min_content_height (self->form_scroller, active ? 300 : -1);
}

static void
on_form_changed (AtelierWindow *self)
{
  _atelier_window_validate (self);
}

static void
on_provider_selected (AtelierWindow *self)
{
  AtelierProvider *provider = _atelier_window_get_provider (self);

  _atelier_window_provider_selected (self);
  atelier_param_form_set_provider (self->param_form, provider);
  _atelier_window_restore_options (self);
  gtk_widget_set_visible (self->options_button,
                          atelier_param_form_get_n_fields (self->param_form) > 0);
  if (provider != NULL && self->settings != NULL)
    g_settings_set_string (self->settings, "default-provider",
                           atelier_provider_get_id (provider));
  _atelier_window_validate (self);
}

void
_atelier_window_select_provider (AtelierWindow *self,
                                 const char    *provider_id)
{
  GListModel *providers = atelier_engine_get_providers (self->engine);
  guint n = g_list_model_get_n_items (providers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AtelierProvider) provider = g_list_model_get_item (providers, i);

      if (g_strcmp0 (atelier_provider_get_id (provider), provider_id) == 0)
        {
          gtk_drop_down_set_selected (self->provider_dropdown, i);
          return;
        }
    }
}

static void
on_selection_changed (AtelierWindow *self)
{
  AtelierJob *job = gtk_single_selection_get_selected_item (self->selection);

  _atelier_window_set_selected_job (self, job);
  if (job != NULL && !self->selecting && adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->detail);
}

static void
on_leaflet_folded (AtelierWindow *self)
{
  /* Folded with nothing to show: the form and list are what matter. */
  if (adw_leaflet_get_folded (self->leaflet) && self->selected_job == NULL && self->opened_file == NULL)
    adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
}

static void
on_list_activate (AtelierWindow *self,
                  guint          position)
{
  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, self->detail);
}

static gboolean
show_detail_if_folded (gpointer user_data)
{
  AtelierWindow *self = user_data;

  if (adw_leaflet_get_folded (self->leaflet) && self->selected_job != NULL)
    adw_leaflet_set_visible_child (self->leaflet, self->detail);
  return G_SOURCE_REMOVE;
}

/* Tapping the row that is already selected changes no selection, yet on a
 * narrow window it should still open the detail. The row claims the click,
 * so look once the list has handled it. */
static void
on_list_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 AtelierWindow   *self)
{
  if (n_press == 1 && adw_leaflet_get_folded (self->leaflet))
    g_timeout_add_full (G_PRIORITY_DEFAULT, 250, show_detail_if_folded,
                        g_object_ref (self), g_object_unref);
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

  _atelier_window_commit_deletes (self);

  return GTK_WINDOW_CLASS (atelier_window_parent_class)->close_request (window);
}

static void
atelier_window_constructed (GObject *object)
{
  AtelierWindow *self = ATELIER_WINDOW (object);
  g_autoptr(GtkExpression) expression = NULL;
  g_autofree char *default_provider = NULL;
  GtkDropTarget *drop;
  GtkGesture *click;

  G_OBJECT_CLASS (atelier_window_parent_class)->constructed (object);

  g_assert (ATELIER_IS_ENGINE (self->engine));

  restore_size (self);

  /* Providers */
  _atelier_window_init_providers (self);
  g_signal_connect_object (self->engine, "job-finished",
                           G_CALLBACK (_atelier_window_job_finished), self, G_CONNECT_SWAPPED);
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (provider_display_name), NULL, NULL);
  gtk_drop_down_set_expression (self->provider_dropdown, expression);
  gtk_drop_down_set_model (self->provider_dropdown, atelier_engine_get_providers (self->engine));
  g_signal_connect_object (self->provider_dropdown, "notify::selected",
                           G_CALLBACK (on_provider_selected), self, G_CONNECT_SWAPPED);
  if (self->settings != NULL)
    default_provider = g_settings_get_string (self->settings, "default-provider");
  if (default_provider != NULL && default_provider[0] != '\0')
    _atelier_window_select_provider (self, default_provider);
  on_provider_selected (self);

  /* Jobs */
  _atelier_window_setup_list (self);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->job_list_view, "activate",
                           G_CALLBACK (on_list_activate), self, G_CONNECT_SWAPPED);
  click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_list_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->job_list_view), GTK_EVENT_CONTROLLER (click));

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, (GType[2]) { G_TYPE_FILE, GDK_TYPE_TEXTURE }, 2);
  g_signal_connect_object (drop, "drop", G_CALLBACK (on_drop), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_active_changed), NULL);

  _atelier_window_show_detail (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->prompt_view));
}

static void
atelier_window_dispose (GObject *object)
{
  AtelierWindow *self = ATELIER_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->pending_deletes != NULL)
    _atelier_window_commit_deletes (self);
  _atelier_window_detail_dispose (self);

  if (self->job_list_view != NULL)
    gtk_list_view_set_model (self->job_list_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_WINDOW);

  g_clear_object (&self->selected_job);
  g_clear_object (&self->opened_file);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->filter_service_ids, g_ptr_array_unref);
  g_clear_pointer (&self->pending_deletes, g_hash_table_unref);
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
    case PROP_SHOW_PARAMS:
      g_value_set_boolean (value, self->show_params);
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
    case PROP_SHOW_PARAMS:
      if (self->show_params != g_value_get_boolean (value))
        {
          self->show_params = g_value_get_boolean (value);
          _atelier_window_update_params_revealer (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
  properties[PROP_SHOW_PARAMS] =
    g_param_spec_boolean ("show-params", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The resources live in a static library: referencing them keeps them linked. */
  g_resources_register (atelier_get_resource ());

  g_type_ensure (ATELIER_TYPE_IMAGE_VIEW);
  g_type_ensure (ATELIER_TYPE_PARAM_FORM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/ui/atelier-window.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, detail);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, prompt_view);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, prompt_placeholder);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, provider_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, provider_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, param_form);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, options_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, form_scroller);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, generate_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, search_bar);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, filter_service);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, filter_kind);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, filter_status);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, starred_toggle);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, job_list_view);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, detail_title);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, image_view);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, model_bin);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, status_page);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, status_progress);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, status_cancel);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, status_retry);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, status_help);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, star_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, params_revealer);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, outputs_revealer);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, outputs_box);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, params_list);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_filter_changed",
                                                G_CALLBACK (_atelier_window_on_filter_changed));
  gtk_widget_class_bind_template_callback (widget_class, on_leaflet_folded);

  _atelier_window_class_add_actions (widget_class);
}

static void
atelier_window_init (AtelierWindow *self)
{
  GtkTextBuffer *buffer;

  self->cancellable = g_cancellable_new ();
  self->show_params = TRUE;
  self->filter_service_ids = g_ptr_array_new_with_free_func (g_free);
  self->pending_deletes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));

  buffer = gtk_text_view_get_buffer (self->prompt_view);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (on_prompt_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->options_button, "toggled",
                           G_CALLBACK (on_options_toggled), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (_atelier_window_on_search_mode_changed), self, G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  gtk_search_bar_set_key_capture_widget (self->search_bar, GTK_WIDGET (self->job_list_view));
  _atelier_window_init_shortcuts (self);

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
  GListModel *model;
  guint n;

  g_return_if_fail (ATELIER_IS_WINDOW (self));

  model = G_LIST_MODEL (self->filter_model);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AtelierJob) job = g_list_model_get_item (model, i);

      if (g_strcmp0 (atelier_job_get_id (job), job_id) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          /* gtk_list_view_scroll_to() is 4.12: the list's own action does it on 4.8. */
          gtk_widget_activate_action (GTK_WIDGET (self->job_list_view), "list.scroll-to-item", "u", i);
          return;
        }
    }
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
  if (path != NULL && !_atelier_window_is_model_path (path) && is_image_file (file))
    {
      if (!atelier_param_form_set_file (self->param_form, file))
        _atelier_window_toast (self, _("This service takes no input image"));
      else
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->options_button), TRUE);
      return;
    }
  if (path == NULL || !_atelier_window_is_model_path (path))
    {
      _atelier_window_toast (self, _("Atelier opens glTF models (.glb, .gltf) and images"));
      return;
    }

  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->selecting = FALSE;
  _atelier_window_set_selected_job (self, NULL);
  g_set_object (&self->opened_file, file);
  _atelier_window_show_detail (self);
  adw_leaflet_set_visible_child (self->leaflet, self->detail);
}

void
atelier_window_set_prompt (AtelierWindow *self,
                           const char    *prompt)
{
  g_return_if_fail (ATELIER_IS_WINDOW (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->prompt_view), prompt, -1);
}

void
atelier_window_select_provider (AtelierWindow *self,
                                const char    *provider_id)
{
  g_return_if_fail (ATELIER_IS_WINDOW (self));

  _atelier_window_select_provider (self, provider_id);
}

GListModel *
atelier_window_get_visible_jobs (AtelierWindow *self)
{
  g_return_val_if_fail (ATELIER_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}
