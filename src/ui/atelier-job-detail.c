/* atelier-job-detail.c: one job in full: result, progress, parameters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-job-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-archive-view.h"
#include "atelier-compare-window.h"
#include "atelier-image-view.h"
#include "atelier-job-detail.h"
#include "atelier-job-lineage.h"
#include "atelier-output-grid.h"
#include "atelier-job-row.h"
#include "atelier-resources.h"
#include "atelier-texture-loader.h"

#include "atelier-model-view.h"

struct _AtelierJobDetail
{
  GtkWidget         parent_instance;

  /* Template Widgets */
  AdwWindowTitle   *detail_title;
  GtkToggleButton  *star_button;
  GtkStack         *detail_stack;
  AtelierImageView *image_view;
  AtelierOutputGrid *output_grid;
  GtkWidget        *preview_badge;
  AdwBin           *model_bin;
  AdwStatusPage    *status_page;
  GtkProgressBar   *status_progress;
  GtkWidget        *status_cancel;
  GtkWidget        *status_retry;
  GtkWidget        *status_help;
  GtkRevealer      *outputs_revealer;
  GtkWidget        *outputs_box;
  GtkRevealer      *params_revealer;
  GtkListBox       *params_list;

  /* Borrowed References */
  GtkWidget        *model_view;
  GtkWidget        *lineage;       /* AtelierJobLineage, below the result */
  GtkWidget        *archive_view;  /* AtelierArchiveView, the "archive" page */

  /* Owned References */
  AtelierEngine    *engine;
  AtelierJob       *job;
  GFile            *file;
  char             *result_path;
  /* Cancels thumbnail loads when the detail goes. */
  GCancellable     *cancellable;

  guint             pulse_id;
  guint             output_index;
  guint             show_params : 1;
  guint             folded : 1;
};

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_JOB,
  PROP_FILE,
  PROP_SHOW_PARAMS,
  PROP_FOLDED,
  PROP_RESULT_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AtelierJobDetail, atelier_job_detail, GTK_TYPE_WIDGET)

static void show_detail (AtelierJobDetail *self);
static void update_result_path (AtelierJobDetail *self);

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
  g_autofree char *lower = path != NULL ? g_ascii_strdown (path, -1) : NULL;

  return lower != NULL && (g_str_has_suffix (lower, ".glb") || g_str_has_suffix (lower, ".gltf"));
}

static const char *
provider_name (AtelierJobDetail *self,
               AtelierJob       *job)
{
  AtelierProvider *provider = NULL;

  if (self->engine != NULL)
    provider = atelier_engine_get_provider (self->engine, atelier_job_get_provider (job));
  if (provider == NULL && g_strcmp0 (atelier_job_get_provider (job), ATELIER_JOB_PROVIDER_EXPORT) == 0)
    return _("Export");
  return provider != NULL ? atelier_provider_get_display_name (provider) : atelier_job_get_provider (job);
}

/* Parameters */

static void
picture_loaded (GObject      *source,
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
add_source_image (AtelierJobDetail *self,
                  GtkWidget        *row,
                  const char       *path)
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
  atelier_texture_load_async (path, 96, self->cancellable, picture_loaded, g_object_ref (picture));
}

static GtkWidget *
add_param_row (AtelierJobDetail *self,
               const char       *title,
               const char       *value)
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
fill_params (AtelierJobDetail *self)
{
  AtelierJob *job = self->job;
  GtkWidget *child;
  AtelierProvider *provider = NULL;
  const AtelierParamTable *table = NULL;
  g_autoptr(GList) names = NULL;
  GHashTable *params;
  const char *const *outputs;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->params_list))) != NULL)
    gtk_list_box_remove (self->params_list, child);

  if (job == NULL)
    return;

  if (self->engine != NULL)
    provider = atelier_engine_get_provider (self->engine, atelier_job_get_provider (job));
  if (provider != NULL)
    table = atelier_provider_get_params (provider);

  add_param_row (self, _("Service"), provider_name (self, job));

  /* What the service said it cost; a finished job whose service did not
   * say shows that, never an estimate. */
  if (atelier_job_get_cost (job) != NULL)
    {
      g_autofree char *cost = atelier_cost_format (atelier_job_get_cost (job));
      add_param_row (self, _("Cost"), cost);
    }
  else if (atelier_job_is_finished (job))
    add_param_row (self, _("Cost"), C_("cost", "Unknown"));

  params = atelier_job_get_params (job);
  names = g_list_sort (g_hash_table_get_keys (params), compare_names);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      const AtelierParamSpec *spec = table != NULL ? atelier_param_table_lookup (table, name) : NULL;
      const char *value = g_hash_table_lookup (params, name);
      GtkWidget *row;

      g_autoptr(AtelierParamChoice) choice = NULL;

      /* What the service calls a value it knows ("Hoodie" for a product's
       * URI), the value itself kept in the tooltip. */
      if (provider != NULL && spec != NULL && value != NULL &&
          (spec->type == ATELIER_PARAM_ENUM || spec->type == ATELIER_PARAM_STRING))
        choice = atelier_provider_get_choice (provider, name, value);
      if (choice != NULL && choice->label != NULL && g_strcmp0 (choice->label, value) != 0)
        {
          row = add_param_row (self, spec->label != NULL ? _(spec->label) : name, choice->label);
          gtk_widget_set_tooltip_text (row, value);
          continue;
        }
      row = add_param_row (self, spec != NULL && spec->label != NULL ? _(spec->label) : name, value);
      if (spec != NULL && spec->type == ATELIER_PARAM_FILE && value != NULL && strchr (value, '\n') == NULL)
        add_source_image (self, row, value);
    }

  outputs = atelier_job_get_outputs (job);
  for (guint i = 0; outputs != NULL && outputs[i] != NULL; i++)
    add_param_row (self, _("File"), outputs[i]);

  if (atelier_job_get_remote_id (job) != NULL)
    add_param_row (self, _("Remote ID"), atelier_job_get_remote_id (job));

  /* What the service made besides files: a design URI, the raw answer a
   * failure could not read. */
  {
    static const struct { const char *name; const char *label; } results[] = {
      { "design", N_("Design") }, { "model", N_("Product") }, { "upload", N_("Artwork upload") },
      { "uploads", N_("Uploads") }, { "archive", N_("Print file upload") },
      { "answer", N_("Service answer") },
    };

    for (guint i = 0; i < G_N_ELEMENTS (results); i++)
      if (atelier_job_get_result (job, results[i].name) != NULL)
        add_param_row (self, _(results[i].label), atelier_job_get_result (job, results[i].name));
  }
}

static void
update_params_revealer (AtelierJobDetail *self)
{
  gtk_revealer_set_reveal_child (self->params_revealer, self->show_params && self->job != NULL);
}

/* Several results (n images, a model and its preview): a strip to pick one. */

static void
on_output_toggled (GtkToggleButton  *button,
                   AtelierJobDetail *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  self->output_index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  show_detail (self);
}

static guint
count_images (const char *const *outputs)
{
  guint n = 0;

  for (guint i = 0; outputs != NULL && outputs[i] != NULL; i++)
    n += is_image_path (outputs[i]);
  return n;
}

static void
fill_outputs (AtelierJobDetail *self)
{
  const char *const *outputs = NULL;
  GtkToggleButton *group = NULL;
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (self->outputs_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->outputs_box), child);

  if (self->job != NULL && atelier_job_get_status (self->job) == ATELIER_JOB_STATUS_DONE)
    outputs = atelier_job_get_outputs (self->job);
  if (outputs != NULL)
    n = g_strv_length ((char **) outputs);

  /* Several images have the grid; the strip is for a model and its preview. */
  atelier_output_grid_set_job (self->output_grid, count_images (outputs) >= 2 ? self->job : NULL);
  gtk_revealer_set_reveal_child (self->outputs_revealer, n > 1 && count_images (outputs) < 2);
  if (n < 2 || count_images (outputs) >= 2)
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
        atelier_texture_load_async (outputs[i], 96, self->cancellable, picture_loaded,
                                    g_object_ref (picture));
      else
        gtk_button_set_icon_name (GTK_BUTTON (button), "package-x-generic-symbolic");
    }
}

/* The grid of several images */

/* What the window's actions (Copy, Save As, Use as Input…) act on follows
 * the tile picked in the grid. */
static void
pick_output (AtelierJobDetail *self,
             const char       *path)
{
  const char *const *outputs = self->job != NULL ? atelier_job_get_outputs (self->job) : NULL;

  for (guint i = 0; path != NULL && outputs != NULL && outputs[i] != NULL; i++)
    {
      if (g_str_equal (outputs[i], path))
        {
          self->output_index = i;
          update_result_path (self);
          return;
        }
    }
}

static void
on_grid_current (AtelierJobDetail *self)
{
  pick_output (self, atelier_output_grid_get_current (self->output_grid));
}

static void
open_large (AtelierJobDetail *self,
            const char       *path)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *view = atelier_image_view_new ();
  GtkShortcutController *shortcuts;
  const char *const *outputs = atelier_job_get_outputs (self->job);
  g_autofree char *title = NULL;
  guint index = 0, n = 0;

  for (guint i = 0; outputs[i] != NULL; i++)
    {
      if (!is_image_path (outputs[i]))
        continue;
      if (g_str_equal (outputs[i], path))
        index = n;
      n++;
    }
  title = g_strdup_printf (_("Image %u of %u"), index + 1, n);
  gtk_window_set_title (GTK_WINDOW (window), title);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (title, atelier_job_get_prompt (self->job)));
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);
  if (GTK_IS_WINDOW (root))
    {
      gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
      gtk_window_set_modal (GTK_WINDOW (window), TRUE);
    }
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), view);
  adw_window_set_content (ADW_WINDOW (window), box);
  atelier_image_view_set_path (ATELIER_IMAGE_VIEW (view), path);

  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, GTK_EVENT_CONTROLLER (shortcuts));
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_grab_focus (view);
}

static void
on_grid_open (AtelierJobDetail *self,
              const char       *path)
{
  if (self->job != NULL)
    open_large (self, path);
}

/* Through the window's own actions, on that output. */
static void
on_grid_save (AtelierJobDetail *self,
              const char       *path)
{
  pick_output (self, path);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.save-as", NULL);
}

static void
on_grid_use (AtelierJobDetail *self,
             const char       *path)
{
  pick_output (self, path);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.use-as-input", NULL);
}

static void
on_grid_compare (AtelierJobDetail *self,
                 const char       *a,
                 const char       *b)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *window;

  if (self->job == NULL)
    return;
  window = atelier_compare_window_new ();
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  atelier_compare_window_set_jobs (ATELIER_COMPARE_WINDOW (window), &self->job, 1);
  atelier_compare_window_show_outputs (ATELIER_COMPARE_WINDOW (window), a, b);
  gtk_window_present (GTK_WINDOW (window));
}

/* What is shown */

static const char *
find_result_path (AtelierJobDetail *self)
{
  const char *const *outputs;
  guint n;

  if (self->job == NULL || atelier_job_get_status (self->job) != ATELIER_JOB_STATUS_DONE)
    return NULL;

  outputs = atelier_job_get_outputs (self->job);
  if (outputs == NULL || outputs[0] == NULL)
    return NULL;
  n = g_strv_length ((char **) outputs);
  return outputs[self->output_index < n ? self->output_index : 0];
}

static void
update_result_path (AtelierJobDetail *self)
{
  const char *path = find_result_path (self);

  if (g_strcmp0 (path, self->result_path) == 0)
    return;
  g_free (self->result_path);
  self->result_path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT_PATH]);
}

static void
update_star (AtelierJobDetail *self)
{
  gboolean starred = self->job != NULL && atelier_job_get_starred (self->job);

  gtk_toggle_button_set_active (self->star_button, starred);
  gtk_button_set_icon_name (GTK_BUTTON (self->star_button),
                            starred ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->star_button),
                               starred ? _("Unstar (Ctrl+D)") : _("Star (Ctrl+D)"));
}

static gboolean
pulse_cb (gpointer user_data)
{
  AtelierJobDetail *self = user_data;

  gtk_progress_bar_pulse (self->status_progress);
  return G_SOURCE_CONTINUE;
}

/* A failure the person can act on gets its button: buy credits on the
 * service's page, or fix the token in Preferences. */
static void
update_help_button (AtelierJobDetail *self,
                    AtelierJob       *job)
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
show_model (AtelierJobDetail *self,
            GFile            *file)
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
    {
      AtelierGltfLimits limits;

      /* A file the person opened may use ../textures beside it, as
       * hand-made assets do; a downloaded one stays in its folder. */
      atelier_gltf_limits_init (&limits);
      limits.allow_outside_folder = (self->file != NULL && g_file_equal (self->file, file));
      atelier_model_view_load_file_full (ATELIER_MODEL_VIEW (self->model_view), file, &limits);
    }
  gtk_stack_set_visible_child_name (self->detail_stack, "model");
}

static void
show_status (AtelierJobDetail *self,
             AtelierJob       *job)
{
  AtelierJobStatus status = atelier_job_get_status (job);
  double progress = atelier_job_get_progress (job);

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
      {
        /* Status page descriptions are markup; a service's message is not. */
        const char *message = atelier_job_get_error_message (job);
        g_autofree char *escaped = g_markup_escape_text (message != NULL ? message : "", -1);

        adw_status_page_set_icon_name (self->status_page, "dialog-error-symbolic");
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
                                       ? _("Generating a 3D model…")
                                       : g_str_equal (atelier_job_get_provider (job), "core3d-export")
                                       ? _("Exporting for print…")
                                       : g_str_equal (atelier_job_get_provider (job), "core3d-design")
                                       ? _("Putting the artwork on the product…")
                                       : _("Generating an image…"));
      if (progress >= 0)
        gtk_progress_bar_set_fraction (self->status_progress, CLAMP (progress, 0, 1));
      else
        self->pulse_id = g_timeout_add (150, pulse_cb, self);
      break;
    }

  gtk_stack_set_visible_child_name (self->detail_stack, "status");
}

/* An export to .obj or .stl: nothing here draws it, another app can. */
static void
show_other_file (AtelierJobDetail *self,
                 const char       *path)
{
  g_autofree char *name = g_path_get_basename (path);

  gtk_widget_set_visible (GTK_WIDGET (self->status_progress), FALSE);
  gtk_widget_set_visible (self->status_cancel, FALSE);
  gtk_widget_set_visible (self->status_retry, FALSE);
  gtk_widget_set_visible (self->status_help, FALSE);
  adw_status_page_set_icon_name (self->status_page, "text-x-generic-symbolic");
  adw_status_page_set_title (self->status_page, name);
  adw_status_page_set_description (self->status_page,
                                   _("Atelier does not show this type of file: open it with another app"));
  gtk_stack_set_visible_child_name (self->detail_stack, "status");
}

/* An image still forming shows its latest preview, marked as one. Returns
 * FALSE when @job has none. */
static gboolean
show_preview (AtelierJobDetail *self,
              AtelierJob       *job)
{
  const char *const *previews = atelier_job_get_previews (job);
  guint n = previews != NULL ? g_strv_length ((char **) previews) : 0;

  /* A failure or a cancel says so instead (the row keeps the preview). */
  if (n == 0 || atelier_job_get_kind (job) != ATELIER_JOB_KIND_IMAGE ||
      atelier_job_is_finished (job))
    return FALSE;
  atelier_image_view_set_path (self->image_view, previews[n - 1]);
  gtk_widget_set_visible (self->preview_badge, TRUE);
  gtk_stack_set_visible_child_name (self->detail_stack, "image");
  return TRUE;
}

static void
show_detail (AtelierJobDetail *self)
{
  AtelierJob *job = self->job;
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;
  const char *path;

  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gtk_widget_set_visible (self->preview_badge, FALSE);
  update_result_path (self);
  update_star (self);
  update_params_revealer (self);

  if (job == NULL && self->file != NULL)
    {
      g_autofree char *name = g_file_get_basename (self->file);

      adw_window_title_set_title (self->detail_title, name);
      adw_window_title_set_subtitle (self->detail_title, _("3D Model"));
      show_model (self, self->file);
      return;
    }
  if (job == NULL)
    {
      adw_window_title_set_title (self->detail_title, "");
      adw_window_title_set_subtitle (self->detail_title, "");
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      return;
    }

  subtitle = g_strdup_printf ("%s · %s", provider_name (self, job),
                              atelier_job_status_get_label (atelier_job_get_status (job)));
  title = atelier_job_row_dup_title (job, provider_name (self, job));
  adw_window_title_set_title (self->detail_title, title);
  adw_window_title_set_subtitle (self->detail_title, subtitle);

  path = self->result_path;
  if (path != NULL && g_str_has_suffix (path, ".zip"))
    {
      atelier_archive_view_set_path (ATELIER_ARCHIVE_VIEW (self->archive_view), path);
      gtk_stack_set_visible_child_name (self->detail_stack, "archive");
    }
  else if (path != NULL && is_model_path (path))
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      show_model (self, file);
    }
  else if (path != NULL && atelier_output_grid_get_n_tiles (self->output_grid) >= 2)
    gtk_stack_set_visible_child_name (self->detail_stack, "grid");
  else if (path != NULL && is_image_path (path))
    {
      atelier_image_view_set_path (self->image_view, path);
      gtk_stack_set_visible_child_name (self->detail_stack, "image");
    }
  else if (path != NULL)
    show_other_file (self, path);
  else if (!show_preview (self, job))
    show_status (self, job);
}

static void
on_job_notify (AtelierJobDetail *self,
               GParamSpec       *pspec,
               AtelierJob       *job)
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
  if (g_str_equal (name, "starred"))
    {
      update_star (self);
      return;
    }

  if (g_str_equal (name, "outputs") || g_str_equal (name, "remote-id") ||
      g_str_equal (name, "results") || g_str_equal (name, "cost") ||
      g_str_equal (name, "status"))
    fill_params (self);
  if (g_str_equal (name, "outputs") || g_str_equal (name, "status"))
    fill_outputs (self);
  show_detail (self);
}

static void
atelier_job_detail_dispose (GObject *object)
{
  AtelierJobDetail *self = ATELIER_JOB_DETAIL (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_func (self->job, on_job_notify, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_JOB_DETAIL);
  /* Template children without an id are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->model_view = NULL;
  self->lineage = NULL;
  self->archive_view = NULL;

  g_clear_object (&self->job);
  g_clear_object (&self->file);
  g_clear_object (&self->engine);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->result_path, g_free);

  G_OBJECT_CLASS (atelier_job_detail_parent_class)->dispose (object);
}

static void
atelier_job_detail_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AtelierJobDetail *self = ATELIER_JOB_DETAIL (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_SHOW_PARAMS:
      g_value_set_boolean (value, self->show_params);
      break;
    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;
    case PROP_RESULT_PATH:
      g_value_set_string (value, self->result_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_job_detail_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AtelierJobDetail *self = ATELIER_JOB_DETAIL (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      atelier_job_detail_set_engine (self, g_value_get_object (value));
      break;
    case PROP_JOB:
      atelier_job_detail_set_job (self, g_value_get_object (value));
      break;
    case PROP_FILE:
      atelier_job_detail_set_file (self, g_value_get_object (value));
      break;
    case PROP_SHOW_PARAMS:
      atelier_job_detail_set_show_params (self, g_value_get_boolean (value));
      break;
    case PROP_FOLDED:
      atelier_job_detail_set_folded (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_job_detail_class_init (AtelierJobDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_job_detail_dispose;
  object_class->get_property = atelier_job_detail_get_property;
  object_class->set_property = atelier_job_detail_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         ATELIER_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL,
                         ATELIER_TYPE_JOB,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_PARAMS] =
    g_param_spec_boolean ("show-params", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDED] =
    g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESULT_PATH] =
    g_param_spec_string ("result-path", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The resources live in a static library: referencing them keeps them
   * linked, and linked they register themselves. */
  atelier_get_resource ();
  g_type_ensure (ATELIER_TYPE_IMAGE_VIEW);
  g_type_ensure (ATELIER_TYPE_OUTPUT_GRID);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/ui/atelier-job-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierJobDetail, detail_title);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobDetail, star_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobDetail, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobDetail, image_view);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobDetail, output_grid);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobDetail, preview_badge);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobDetail, model_bin);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobDetail, status_page);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobDetail, status_progress);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobDetail, status_cancel);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobDetail, status_retry);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobDetail, status_help);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobDetail, outputs_revealer);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobDetail, outputs_box);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobDetail, params_revealer);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobDetail, params_list);

  gtk_widget_class_install_property_action (widget_class, "detail.show-params", "show-params");

  gtk_widget_class_set_css_name (widget_class, "atelierjobdetail");
  /* What the GtkBox it replaces was to screen readers. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
atelier_job_detail_init (AtelierJobDetail *self)
{
  self->cancellable = g_cancellable_new ();
  self->show_params = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->output_grid, "notify::current", G_CALLBACK (on_grid_current), self);
  g_signal_connect_swapped (self->output_grid, "open-output", G_CALLBACK (on_grid_open), self);
  g_signal_connect_swapped (self->output_grid, "save-output", G_CALLBACK (on_grid_save), self);
  g_signal_connect_swapped (self->output_grid, "use-output", G_CALLBACK (on_grid_use), self);
  g_signal_connect_swapped (self->output_grid, "compare-outputs", G_CALLBACK (on_grid_compare), self);
  /* Built here, not in the template: the lineage goes under the result,
   * the list of a ZIP's files is one more page. */
  self->lineage = atelier_job_lineage_new ();
  gtk_widget_insert_after (self->lineage, GTK_WIDGET (self), GTK_WIDGET (self->detail_stack));
  self->archive_view = atelier_archive_view_new ();
  gtk_stack_add_named (self->detail_stack, self->archive_view, "archive");
  show_detail (self);
}

GtkWidget *
atelier_job_detail_new (void)
{
  return g_object_new (ATELIER_TYPE_JOB_DETAIL, NULL);
}

void
atelier_job_detail_set_engine (AtelierJobDetail *self,
                               AtelierEngine    *engine)
{
  g_return_if_fail (ATELIER_IS_JOB_DETAIL (self));
  g_return_if_fail (engine == NULL || ATELIER_IS_ENGINE (engine));

  if (!g_set_object (&self->engine, engine))
    return;
  atelier_job_lineage_set_engine (ATELIER_JOB_LINEAGE (self->lineage), engine);
  fill_params (self);
  show_detail (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

AtelierEngine *
atelier_job_detail_get_engine (AtelierJobDetail *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB_DETAIL (self), NULL);

  return self->engine;
}

void
atelier_job_detail_set_job (AtelierJobDetail *self,
                            AtelierJob       *job)
{
  g_return_if_fail (ATELIER_IS_JOB_DETAIL (self));
  g_return_if_fail (job == NULL || ATELIER_IS_JOB (job));

  if (self->job == job)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_func (self->job, on_job_notify, self);
  g_set_object (&self->job, job);
  if (job != NULL)
    {
      g_signal_connect_object (job, "notify", G_CALLBACK (on_job_notify), self, G_CONNECT_SWAPPED);
      if (self->file != NULL)
        {
          g_clear_object (&self->file);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
        }
    }

  self->output_index = 0;
  atelier_job_lineage_set_job (ATELIER_JOB_LINEAGE (self->lineage), job);
  fill_params (self);
  fill_outputs (self);
  show_detail (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
  g_object_thaw_notify (G_OBJECT (self));
}

AtelierJob *
atelier_job_detail_get_job (AtelierJobDetail *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB_DETAIL (self), NULL);

  return self->job;
}

void
atelier_job_detail_set_file (AtelierJobDetail *self,
                             GFile            *file)
{
  g_return_if_fail (ATELIER_IS_JOB_DETAIL (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  g_object_freeze_notify (G_OBJECT (self));
  if (file != NULL)
    atelier_job_detail_set_job (self, NULL);
  if (g_set_object (&self->file, file))
    {
      show_detail (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

GFile *
atelier_job_detail_get_file (AtelierJobDetail *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB_DETAIL (self), NULL);

  return self->file;
}

void
atelier_job_detail_set_show_params (AtelierJobDetail *self,
                                    gboolean          show_params)
{
  g_return_if_fail (ATELIER_IS_JOB_DETAIL (self));

  if (self->show_params == !!show_params)
    return;
  self->show_params = !!show_params;
  update_params_revealer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_PARAMS]);
}

gboolean
atelier_job_detail_get_show_params (AtelierJobDetail *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB_DETAIL (self), FALSE);

  return self->show_params;
}

void
atelier_job_detail_set_folded (AtelierJobDetail *self,
                               gboolean          folded)
{
  g_return_if_fail (ATELIER_IS_JOB_DETAIL (self));

  if (self->folded == !!folded)
    return;
  self->folded = !!folded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDED]);
}

gboolean
atelier_job_detail_get_folded (AtelierJobDetail *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB_DETAIL (self), FALSE);

  return self->folded;
}

const char *
atelier_job_detail_get_result_path (AtelierJobDetail *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB_DETAIL (self), NULL);

  return self->result_path;
}

GdkTexture *
atelier_job_detail_get_texture (AtelierJobDetail *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB_DETAIL (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->detail_stack), "image") != 0)
    return NULL;
  return atelier_image_view_get_texture (self->image_view);
}
