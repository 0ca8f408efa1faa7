/* atelier-window.c: the main window: form, job list and detail pane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-window"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-job-row.h"
#include "atelier-resources.h"
#include "atelier-texture-loader.h"
#include "atelier-window-private.h"

#ifdef HAVE_VIEWER
# include "atelier-model-view.h"
#endif

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_SETTINGS,
  PROP_SHOW_PARAMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AtelierWindow, atelier_window, ADW_TYPE_APPLICATION_WINDOW)

/* Entries of the status filter, in dropdown order. */
enum {
  STATUS_FILTER_ALL,
  STATUS_FILTER_ACTIVE,
  STATUS_FILTER_DONE,
  STATUS_FILTER_PROBLEM,
};

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

/* Filtering */

static gboolean
job_matches (gpointer item,
             gpointer user_data)
{
  AtelierWindow *self = user_data;
  AtelierJob *job = item;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint service = gtk_drop_down_get_selected (self->filter_service);
  guint kind = gtk_drop_down_get_selected (self->filter_kind);
  guint status = gtk_drop_down_get_selected (self->filter_status);
  AtelierJobStatus job_status = atelier_job_get_status (job);

  if (g_hash_table_contains (self->pending_deletes, atelier_job_get_id (job)))
    return FALSE;

  if (gtk_toggle_button_get_active (self->starred_toggle) && !atelier_job_get_starred (job))
    return FALSE;

  if (service != GTK_INVALID_LIST_POSITION && service > 0 && service < self->filter_service_ids->len + 1
      && g_strcmp0 (atelier_job_get_provider (job),
                    g_ptr_array_index (self->filter_service_ids, service - 1)) != 0)
    return FALSE;

  if (kind == 1 && atelier_job_get_kind (job) != ATELIER_JOB_KIND_IMAGE)
    return FALSE;
  if (kind == 2 && atelier_job_get_kind (job) != ATELIER_JOB_KIND_MODEL)
    return FALSE;

  switch (status)
    {
    case STATUS_FILTER_ACTIVE:
      if (atelier_job_is_finished (job))
        return FALSE;
      break;
    case STATUS_FILTER_DONE:
      if (job_status != ATELIER_JOB_STATUS_DONE)
        return FALSE;
      break;
    case STATUS_FILTER_PROBLEM:
      if (job_status != ATELIER_JOB_STATUS_FAILED && job_status != ATELIER_JOB_STATUS_CANCELLED)
        return FALSE;
      break;
    default:
      break;
    }

  if (query != NULL && query[0] != '\0')
    {
      const char *prompt = atelier_job_get_prompt (job);
      g_autofree char *needle = g_utf8_casefold (query, -1);
      g_autofree char *haystack = g_utf8_casefold (prompt != NULL ? prompt : "", -1);

      if (strstr (haystack, needle) == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
update_list_page (AtelierWindow *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0;
  gboolean filtering = gtk_search_bar_get_search_mode (self->search_bar);

  if (empty && filtering)
    {
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->list_stack, "empty")),
                                     "edit-find-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->list_stack, "empty")),
                                 _("No Results Found"));
      adw_status_page_set_description (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->list_stack, "empty")),
                                       _("Try a different search or filter"));
    }
  else if (empty)
    {
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->list_stack, "empty")),
                                     "image-x-generic-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->list_stack, "empty")),
                                 _("No Generations Yet"));
      adw_status_page_set_description (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->list_stack, "empty")),
                                       _("Describe an image or a model above and press Generate"));
    }

  gtk_stack_set_visible_child_name (self->list_stack, empty ? "empty" : "list");
}

void
_atelier_window_refilter (AtelierWindow *self)
{
  /* The filter dropdowns notify while the window is still being built. */
  if (self->filter == NULL)
    return;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_filter_changed (AtelierWindow *self)
{
  _atelier_window_refilter (self);
}

static void
on_search_mode_changed (AtelierWindow *self)
{
  /* Closing the search shows everything again. */
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_drop_down_set_selected (self->filter_service, 0);
      gtk_drop_down_set_selected (self->filter_kind, 0);
      gtk_drop_down_set_selected (self->filter_status, 0);
      gtk_toggle_button_set_active (self->starred_toggle, FALSE);
    }
  update_list_page (self);
}

static void
on_items_changed (AtelierWindow *self)
{
  update_list_page (self);
}

static void
setup_filters (AtelierWindow *self)
{
  const char *kinds[] = { _("All Kinds"), _("Images"), _("Models"), NULL };
  const char *statuses[] = { _("Any Status"), _("In Progress"), _("Done"), _("Failed"), NULL };
  GListModel *providers = atelier_engine_get_providers (self->engine);
  g_autoptr(GtkStringList) services = gtk_string_list_new (NULL);

  gtk_string_list_append (services, _("All Services"));
  for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
    {
      g_autoptr(AtelierProvider) provider = g_list_model_get_item (providers, i);

      gtk_string_list_append (services, atelier_provider_get_display_name (provider));
      g_ptr_array_add (self->filter_service_ids, g_strdup (atelier_provider_get_id (provider)));
    }

  gtk_drop_down_set_model (self->filter_service, G_LIST_MODEL (services));
  gtk_drop_down_set_model (self->filter_kind, G_LIST_MODEL (gtk_string_list_new (kinds)));
  g_object_unref (gtk_drop_down_get_model (self->filter_kind));
  gtk_drop_down_set_model (self->filter_status, G_LIST_MODEL (gtk_string_list_new (statuses)));
  g_object_unref (gtk_drop_down_get_model (self->filter_status));
}

/* Job list */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (item, GTK_WIDGET (atelier_job_row_new ()));
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  AtelierWindow *self = user_data;
  AtelierJob *job = gtk_list_item_get_item (item);
  AtelierProvider *provider = atelier_engine_get_provider (self->engine,
                                                           atelier_job_get_provider (job));

  atelier_job_row_set_job (ATELIER_JOB_ROW (gtk_list_item_get_child (item)), job,
                           provider != NULL ? atelier_provider_get_display_name (provider) : NULL);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  atelier_job_row_set_job (ATELIER_JOB_ROW (gtk_list_item_get_child (item)), NULL, NULL);
}

/* Detail pane */

static void
source_image_loaded (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GdkTexture) texture = atelier_texture_load_finish (result, NULL);

  if (texture != NULL)
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

/* The job's input image, small, beside its path. */
static void
add_source_image (AtelierWindow *self,
                  GtkWidget     *row,
                  const char    *path)
{
  GtkWidget *picture;

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return;

  picture = gtk_picture_new ();
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
  gtk_widget_set_size_request (picture, 48, 48);
  gtk_widget_set_valign (picture, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (picture, "atelier-thumb");
  gtk_widget_set_overflow (picture, GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Source image"), -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), picture);
  atelier_texture_load_async (path, 96, self->cancellable, source_image_loaded,
                              g_object_ref (picture));
}

static GtkWidget *
add_param_row (AtelierWindow *self,
               const char    *title,
               const char    *value)
{
  GtkWidget *row = adw_action_row_new ();

  /* Name above, value below at full width: paths and prompts wrap readably. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "atelier-param");
  gtk_list_box_append (self->params_list, row);
  return row;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (a, b);
}

static void
fill_params (AtelierWindow *self)
{
  AtelierJob *job = self->selected_job;
  GtkWidget *child;
  AtelierProvider *provider;
  const AtelierParamTable *table = NULL;
  g_autoptr(GList) names = NULL;
  GHashTable *params;
  const char *const *outputs;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->params_list))) != NULL)
    gtk_list_box_remove (self->params_list, child);

  if (job == NULL)
    return;

  provider = atelier_engine_get_provider (self->engine, atelier_job_get_provider (job));
  if (provider != NULL)
    table = atelier_provider_get_params (provider);

  add_param_row (self, _("Service"),
                 provider != NULL ? atelier_provider_get_display_name (provider)
                                  : atelier_job_get_provider (job));

  params = atelier_job_get_params (job);
  names = g_list_sort (g_hash_table_get_keys (params), compare_names);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const AtelierParamSpec *spec = table != NULL ? atelier_param_table_lookup (table, name) : NULL;

      const char *value = g_hash_table_lookup (params, name);
      GtkWidget *row;

      row = add_param_row (self, spec != NULL && spec->label != NULL ? _(spec->label) : name, value);
      if (spec != NULL && spec->type == ATELIER_PARAM_FILE && value != NULL && strchr (value, '\n') == NULL)
        add_source_image (self, row, value);
    }

  outputs = atelier_job_get_outputs (job);
  for (guint i = 0; outputs != NULL && outputs[i] != NULL; i++)
    add_param_row (self, _("File"), outputs[i]);

  if (atelier_job_get_remote_id (job) != NULL)
    add_param_row (self, _("Remote ID"), atelier_job_get_remote_id (job));
}

static gboolean
is_image_path (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".png") || g_str_has_suffix (lower, ".jpg")
      || g_str_has_suffix (lower, ".jpeg") || g_str_has_suffix (lower, ".webp");
}

static gboolean
is_model_path (const char *path)
{
  return path != NULL && (g_str_has_suffix (path, ".glb") || g_str_has_suffix (path, ".gltf")
                          || g_str_has_suffix (path, ".GLB") || g_str_has_suffix (path, ".GLTF"));
}

void
_atelier_window_update_params_revealer (AtelierWindow *self)
{
  gtk_revealer_set_reveal_child (self->params_revealer,
                                 self->show_params && self->selected_job != NULL);
}

const char *
_atelier_window_get_result_path (AtelierWindow *self)
{
  const char *const *outputs;
  guint n;

  if (self->selected_job == NULL
      || atelier_job_get_status (self->selected_job) != ATELIER_JOB_STATUS_DONE)
    return NULL;

  outputs = atelier_job_get_outputs (self->selected_job);
  if (outputs == NULL || outputs[0] == NULL)
    return NULL;
  n = g_strv_length ((char **) outputs);
  return outputs[self->output_index < n ? self->output_index : 0];
}

/* Several results (n images, a model and its preview): a strip to pick one. */

static void
output_thumbnail_loaded (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GdkTexture) texture = atelier_texture_load_finish (result, NULL);

  if (texture != NULL)
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

static void
on_output_toggled (GtkToggleButton *button,
                   AtelierWindow   *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  self->output_index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  _atelier_window_show_detail (self);
}

static void
fill_outputs (AtelierWindow *self)
{
  const char *const *outputs = NULL;
  GtkToggleButton *group = NULL;
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (self->outputs_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->outputs_box), child);

  if (self->selected_job != NULL && atelier_job_get_status (self->selected_job) == ATELIER_JOB_STATUS_DONE)
    outputs = atelier_job_get_outputs (self->selected_job);
  if (outputs != NULL)
    n = g_strv_length ((char **) outputs);

  gtk_revealer_set_reveal_child (self->outputs_revealer, n > 1);
  if (n < 2)
    return;

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *picture = gtk_picture_new ();
      g_autofree char *label = g_strdup_printf (_("Result %u of %u"), i + 1, n);

      gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
      gtk_widget_set_size_request (picture, 48, 48);
      gtk_button_set_child (GTK_BUTTON (button), picture);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_add_css_class (button, "atelier-output");
      gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      if (group != NULL)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), group);
      else
        group = GTK_TOGGLE_BUTTON (button);
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), i == self->output_index);
      g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (i));
      g_signal_connect_object (button, "toggled", G_CALLBACK (on_output_toggled), self, 0);
      gtk_box_append (GTK_BOX (self->outputs_box), button);

      if (is_image_path (outputs[i]))
        atelier_texture_load_async (outputs[i], 96, self->cancellable, output_thumbnail_loaded,
                                    g_object_ref (picture));
      else
        gtk_button_set_icon_name (GTK_BUTTON (button), "package-x-generic-symbolic");
    }
}

static gboolean
pulse_cb (gpointer user_data)
{
  AtelierWindow *self = user_data;

  gtk_progress_bar_pulse (self->status_progress);
  return G_SOURCE_CONTINUE;
}

static void
show_model (AtelierWindow *self,
            GFile         *file)
{
#ifdef HAVE_VIEWER
  if (self->model_view == NULL)
    {
      self->model_view = GTK_WIDGET (atelier_model_view_new ());
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->model_view),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("3D model"),
                                      -1);
      adw_bin_set_child (self->model_bin, self->model_view);
    }
  atelier_model_view_load_file (ATELIER_MODEL_VIEW (self->model_view), file);
  gtk_stack_set_visible_child_name (self->detail_stack, "model");
#else
  g_autofree char *name = g_file_get_basename (file);

  adw_status_page_set_icon_name (self->status_page, "emblem-system-symbolic");
  adw_status_page_set_title (self->status_page, _("3D Model"));
  adw_status_page_set_description (self->status_page,
                                   _("This build has no 3D viewer: use Open With to view the model"));
  gtk_widget_set_visible (GTK_WIDGET (self->status_progress), FALSE);
  gtk_widget_set_visible (self->status_cancel, FALSE);
  gtk_widget_set_visible (self->status_retry, FALSE);
  gtk_stack_set_visible_child_name (self->detail_stack, "status");
  (void) name;
#endif
}

void
_atelier_window_show_detail (AtelierWindow *self)
{
  AtelierJob *job = self->selected_job;
  AtelierJobStatus status;
  AtelierProvider *provider;
  const char *path;
  g_autofree char *subtitle = NULL;
  double progress;

  g_clear_handle_id (&self->pulse_id, g_source_remove);
  _atelier_window_update_actions (self);

  if (job == NULL)
    {
      if (self->opened_file != NULL)
        {
          g_autofree char *name = g_file_get_basename (self->opened_file);

          adw_window_title_set_title (self->detail_title, name);
          adw_window_title_set_subtitle (self->detail_title, _("3D Model"));
          show_model (self, self->opened_file);
        }
      else
        {
          adw_window_title_set_title (self->detail_title, "");
          adw_window_title_set_subtitle (self->detail_title, "");
          gtk_stack_set_visible_child_name (self->detail_stack, "empty");
        }
      _atelier_window_update_params_revealer (self);
      return;
    }

  _atelier_window_update_params_revealer (self);
  status = atelier_job_get_status (job);
  provider = atelier_engine_get_provider (self->engine, atelier_job_get_provider (job));
  subtitle = g_strdup_printf ("%s · %s",
                              provider != NULL ? atelier_provider_get_display_name (provider)
                                               : atelier_job_get_provider (job),
                              atelier_job_status_get_label (status));
  adw_window_title_set_title (self->detail_title, atelier_job_get_prompt (job));
  adw_window_title_set_subtitle (self->detail_title, subtitle);

  path = _atelier_window_get_result_path (self);
  if (path != NULL && (atelier_job_get_kind (job) == ATELIER_JOB_KIND_MODEL || is_model_path (path))
      && is_model_path (path))
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      show_model (self, file);
      return;
    }
  else if (path != NULL)
    {
      atelier_image_view_set_path (self->image_view, path);
      gtk_stack_set_visible_child_name (self->detail_stack, "image");
      return;
    }

  progress = atelier_job_get_progress (job);
  gtk_widget_set_visible (GTK_WIDGET (self->status_progress), !atelier_job_is_finished (job));
  gtk_widget_set_visible (self->status_cancel, !atelier_job_is_finished (job));
  gtk_widget_set_visible (self->status_retry,
                          status == ATELIER_JOB_STATUS_FAILED || status == ATELIER_JOB_STATUS_CANCELLED);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->status_cancel), "s", atelier_job_get_id (job));
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->status_retry), "s", atelier_job_get_id (job));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->status_cancel), "win.cancel-job");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->status_retry), "win.retry-job");
  adw_status_page_set_title (self->status_page, atelier_job_status_get_label (status));

  switch (status)
    {
    case ATELIER_JOB_STATUS_FAILED:
      adw_status_page_set_icon_name (self->status_page, "dialog-error-symbolic");
      {
        /* Status page descriptions are markup; a service's message is not. */
        g_autofree char *escaped = g_markup_escape_text (atelier_job_get_error_message (job) != NULL
                                                         ? atelier_job_get_error_message (job) : "", -1);

        adw_status_page_set_description (self->status_page, escaped);
      }
      break;
    case ATELIER_JOB_STATUS_CANCELLED:
      adw_status_page_set_icon_name (self->status_page, "process-stop-symbolic");
      adw_status_page_set_description (self->status_page, _("This job was cancelled"));
      break;
    case ATELIER_JOB_STATUS_DONE:
      adw_status_page_set_icon_name (self->status_page, "dialog-warning-symbolic");
      adw_status_page_set_description (self->status_page, _("The job finished without a result file"));
      break;
    default:
      adw_status_page_set_icon_name (self->status_page, "content-loading-symbolic");
      adw_status_page_set_description (self->status_page,
                                       atelier_job_get_kind (job) == ATELIER_JOB_KIND_MODEL
                                       ? _("Generating a 3D model…") : _("Generating an image…"));
      if (progress >= 0)
        gtk_progress_bar_set_fraction (self->status_progress, CLAMP (progress, 0, 1));
      else
        self->pulse_id = g_timeout_add (150, pulse_cb, self);
      break;
    }

  gtk_stack_set_visible_child_name (self->detail_stack, "status");
}

static void
on_selected_job_notify (AtelierWindow *self,
                        GParamSpec    *pspec,
                        AtelierJob    *job)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "progress"))
    {
      double progress = atelier_job_get_progress (job);

      if (progress >= 0)
        {
          g_clear_handle_id (&self->pulse_id, g_source_remove);
          gtk_progress_bar_set_fraction (self->status_progress, CLAMP (progress, 0, 1));
        }
      return;
    }
  if (g_str_equal (name, "updated"))
    return;

  if (g_str_equal (name, "outputs") || g_str_equal (name, "remote-id"))
    fill_params (self);
  if (g_str_equal (name, "outputs") || g_str_equal (name, "status"))
    fill_outputs (self);
  _atelier_window_show_detail (self);
}

static void
set_selected_job (AtelierWindow *self,
                  AtelierJob    *job)
{
  if (self->selected_job == job)
    return;

  if (self->selected_job != NULL)
    g_signal_handlers_disconnect_by_func (self->selected_job, on_selected_job_notify, self);
  g_set_object (&self->selected_job, job);
  if (job != NULL)
    {
      g_clear_object (&self->opened_file);
      g_signal_connect_object (job, "notify", G_CALLBACK (on_selected_job_notify), self,
                               G_CONNECT_SWAPPED);
    }

  self->output_index = 0;
  fill_params (self);
  fill_outputs (self);
  _atelier_window_show_detail (self);
}

static void
on_selection_changed (AtelierWindow *self)
{
  AtelierJob *job = gtk_single_selection_get_selected_item (self->selection);

  set_selected_job (self, job);
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
  g_autoptr(GtkListItemFactory) factory = NULL;
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
  setup_filters (self);
  self->filter = gtk_custom_filter_new (job_matches, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (atelier_engine_get_jobs (self->engine))),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (on_selection_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->job_list_view, factory);
  gtk_list_view_set_model (self->job_list_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->job_list_view, "activate",
                           G_CALLBACK (on_list_activate), self, G_CONNECT_SWAPPED);
  click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (on_list_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->job_list_view), GTK_EVENT_CONTROLLER (click));
  update_list_page (self);

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
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (self->selected_job != NULL)
    g_signal_handlers_disconnect_by_func (self->selected_job, on_selected_job_notify, self);

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
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, star_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, params_revealer);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, outputs_revealer);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, outputs_box);
  gtk_widget_class_bind_template_child (widget_class, AtelierWindow, params_list);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
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
                           G_CALLBACK (on_search_mode_changed), self, G_CONNECT_SWAPPED);
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
  if (path != NULL && !is_model_path (path) && is_image_file (file))
    {
      if (!atelier_param_form_set_file (self->param_form, file))
        _atelier_window_toast (self, _("This service takes no input image"));
      else
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->options_button), TRUE);
      return;
    }
  if (path == NULL || !is_model_path (path))
    {
      _atelier_window_toast (self, _("Atelier opens glTF models (.glb, .gltf) and images"));
      return;
    }

  self->selecting = TRUE;
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  self->selecting = FALSE;
  set_selected_job (self, NULL);
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
