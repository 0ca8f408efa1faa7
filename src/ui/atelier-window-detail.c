/* atelier-window-detail.c: the detail pane: result, progress, parameters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-window"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-texture-loader.h"
#include "atelier-window-private.h"

#include "atelier-model-view.h"

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

gboolean
_atelier_window_is_model_path (const char *path)
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

/* A failure the person can act on gets its button: buy credits on the
 * service's page, or fix the token in Preferences. */
static void
update_help_button (AtelierWindow *self,
                    AtelierJob    *job)
{
  const char *kind = atelier_job_get_error_kind (job);
  const char *label = NULL;

  if (atelier_job_get_status (job) == ATELIER_JOB_STATUS_FAILED)
    {
      if (g_strcmp0 (kind, "no-credits") == 0 && atelier_job_get_help_url (job) != NULL)
        label = _("_Buy Credits");
      else if (g_strcmp0 (kind, "sign-in") == 0)
        label = _("Open _Preferences");
    }

  gtk_widget_set_visible (self->status_help, label != NULL);
  if (label != NULL)
    gtk_button_set_label (GTK_BUTTON (self->status_help), label);
}

static void
show_model (AtelierWindow *self,
            GFile         *file)
{
  GFile *shown;

  if (self->model_view == NULL)
    {
      self->model_view = GTK_WIDGET (atelier_model_view_new ());
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->model_view),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("3D model"),
                                      -1);
      adw_bin_set_child (self->model_bin, self->model_view);
    }

  /* Starring or any other change must not reload the model and lose the camera. */
  shown = atelier_model_view_get_file (ATELIER_MODEL_VIEW (self->model_view));
  if (shown == NULL || !g_file_equal (shown, file))
    atelier_model_view_load_file (ATELIER_MODEL_VIEW (self->model_view), file);
  gtk_stack_set_visible_child_name (self->detail_stack, "model");
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
  if (path != NULL && (atelier_job_get_kind (job) == ATELIER_JOB_KIND_MODEL || _atelier_window_is_model_path (path))
      && _atelier_window_is_model_path (path))
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
  update_help_button (self, job);
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

void
_atelier_window_set_selected_job (AtelierWindow *self,
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

void
_atelier_window_detail_dispose (AtelierWindow *self)
{
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (self->selected_job != NULL)
    g_signal_handlers_disconnect_by_func (self->selected_job, on_selected_job_notify, self);
}
