/* atelier-window-actions.c: what the window's buttons and shortcuts do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-window"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-compare-window.h"
#include "atelier-export-dialog.h"
#include "atelier-history.h"
#include "atelier-turntable-dialog.h"
#include "atelier-window-private.h"

void
_atelier_window_toast (AtelierWindow *self,
                       const char    *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static void
show_error (AtelierWindow *self,
            const char    *what,
            const GError  *error)
{
  g_autofree char *text = g_strdup_printf ("%s: %s", what, error->message);

  _atelier_window_toast (self, text);
}

void
_atelier_window_show_new_job (AtelierWindow *self,
                              AtelierJob    *job)
{
  /* Selecting the new job shows its progress, without leaving the form
   * on a narrow window. */
  self->selecting = TRUE;
  atelier_window_select_job (self, atelier_job_get_id (job));
  self->selecting = FALSE;
}

static void
generate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);

  /* The composer shows a refusal itself, and says when it made a job. */
  atelier_composer_generate (self->composer);
}

static AtelierJob *
selected_job (AtelierWindow *self)
{
  return atelier_job_detail_get_job (self->detail);
}

static void
generate_again_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  AtelierJob *selected = selected_job (self);
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;
  AtelierJob *job;

  if (selected == NULL)
    return;

  params = atelier_params_new ();
  g_hash_table_iter_init (&iter, atelier_job_get_params (selected));
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (params, g_strdup (key), g_strdup (value));

  job = atelier_engine_create_job (self->engine, atelier_job_get_provider (selected), params, &error);
  if (job == NULL)
    {
      show_error (self, _("Could not generate again"), error);
      return;
    }
  atelier_job_set_parent_id (job, atelier_job_get_id (selected));
  _atelier_window_show_new_job (self, job);
}

/* Back to the form with everything the job asked for, to change and run again. */
static void
reuse_params_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  AtelierJob *job = selected_job (self);

  if (job == NULL || atelier_engine_get_provider (self->engine, atelier_job_get_provider (job)) == NULL)
    return;

  atelier_composer_reuse_job (self->composer, job);
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  atelier_composer_focus_prompt (self->composer);
}

static AtelierJob *
lookup_job (AtelierWindow *self,
            GVariant      *param)
{
  if (param == NULL)
    return selected_job (self);
  return atelier_job_list_lookup (atelier_engine_get_jobs (self->engine),
                                  g_variant_get_string (param, NULL));
}

static void
cancel_job_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  AtelierJob *job = lookup_job (self, param);

  if (job != NULL && !atelier_job_is_finished (job))
    atelier_engine_cancel (self->engine, job);
}

static void
retry_job_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  AtelierJob *job = lookup_job (self, param);
  g_autoptr(GError) error = NULL;

  if (job != NULL && !atelier_engine_retry (self->engine, job, &error))
    show_error (self, _("Could not retry"), error);
}

static void
job_help_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  AtelierJob *job = lookup_job (self, param);
  const char *url;

  if (job == NULL)
    return;

  /* Credits are bought in place where the service allows; another page
   * opens in the browser; a sign-in is fixed in Preferences. */
  if (g_strcmp0 (atelier_job_get_error_kind (job), "no-credits") == 0 &&
      atelier_engine_get_provider (self->engine, atelier_job_get_provider (job)) != NULL &&
      atelier_credit_purchase_is_supported (atelier_engine_get_provider (self->engine,
                                                                         atelier_job_get_provider (job))))
    _atelier_window_buy_credits (self, atelier_job_get_id (job));
  else if ((url = atelier_job_get_help_url (job)) != NULL)
    gtk_show_uri (GTK_WINDOW (self), url, GDK_CURRENT_TIME);
  else if (g_strcmp0 (atelier_job_get_error_kind (job), "sign-in") == 0)
    g_action_group_activate_action (G_ACTION_GROUP (gtk_window_get_application (GTK_WINDOW (self))),
                                    "preferences", NULL);
}

/* Delete with undo: the list hides the job while its toast shows. */
static void
delete_job_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  AtelierJob *job = selected_job (self);

  if (job != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay,
                                 atelier_job_list_view_delete_job (self->job_list, job));
}

static void
star_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  AtelierHistory *history = atelier_engine_get_history (self->engine);
  AtelierJob *job = selected_job (self);
  g_autoptr(GError) error = NULL;

  if (job == NULL)
    return;

  /* The detail's star follows the job. */
  atelier_job_set_starred (job, !atelier_job_get_starred (job));
  if (history != NULL && !atelier_history_save (history, job, &error))
    show_error (self, _("Could not save the star"), error);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  GdkTexture *texture = atelier_job_detail_get_texture (self->detail);
  const char *path = atelier_job_detail_get_result_path (self->detail);

  if (path == NULL)
    return;

  if (atelier_job_get_kind (selected_job (self)) == ATELIER_JOB_KIND_IMAGE && texture != NULL)
    {
      gdk_clipboard_set_texture (clipboard, texture);
      _atelier_window_toast (self, _("Image copied"));
    }
  else
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      gdk_clipboard_set (clipboard, G_TYPE_FILE, file);
      _atelier_window_toast (self, _("File copied"));
    }
}

static void
copy_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AtelierWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_copy_finish (G_FILE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could not save"), error);
      return;
    }
  _atelier_window_toast (self, _("Saved"));
}

static void
on_save_response (GtkNativeDialog *dialog,
                  int              response,
                  AtelierWindow   *self)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "source");

  if (response == GTK_RESPONSE_ACCEPT && path != NULL)
    {
      g_autoptr(GFile) dest = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GFile) src = g_file_new_for_path (path);

      g_file_copy_async (src, dest, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                         self->cancellable, NULL, NULL, copy_done, g_object_ref (self));
    }
  g_object_unref (dialog);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  const char *path = atelier_job_detail_get_result_path (self->detail);
  g_autofree char *name = NULL;
  GtkFileChooserNative *dialog;

  if (path == NULL)
    return;

  /* GtkFileDialog is 4.10; the native chooser still uses the portal. */
  dialog = gtk_file_chooser_native_new (_("Save As"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  name = g_path_get_basename (path);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "source", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_save_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_result_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  const char *path = atelier_job_detail_get_result_path (self->detail);
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  if (path == NULL)
    return;

  file = g_file_new_for_path (path);
  uri = g_file_get_uri (file);
  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
on_app_chosen (GtkDialog     *dialog,
               int            response,
               AtelierWindow *self)
{
  if (response == GTK_RESPONSE_OK)
    {
      g_autoptr(GAppInfo) info = gtk_app_chooser_get_app_info (GTK_APP_CHOOSER (dialog));
      GFile *file = g_object_get_data (G_OBJECT (dialog), "file");
      g_autoptr(GError) error = NULL;
      GList files = { file, NULL, NULL };

      if (info != NULL && !g_app_info_launch (info, &files, NULL, &error))
        show_error (self, _("Could not open"), error);
    }
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
open_with_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  const char *path = atelier_job_detail_get_result_path (self->detail);
  GFile *file;
  GtkWidget *dialog;

  if (path == NULL)
    return;

  file = g_file_new_for_path (path);
  dialog = gtk_app_chooser_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL, file);
  g_object_set_data_full (G_OBJECT (dialog), "file", file, g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_app_chosen), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
use_as_input_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  const char *path = atelier_job_detail_get_result_path (self->detail);
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    return;

  file = g_file_new_for_path (path);
  if (!atelier_composer_use_as_input (self->composer, file))
    {
      _atelier_window_toast (self, _("No service takes an input image"));
      return;
    }
  g_free (self->input_job_id);
  self->input_job_id = g_strdup (atelier_job_get_id (selected_job (self)));
  g_free (self->input_path);
  self->input_path = g_strdup (path);
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  atelier_composer_focus_prompt (self->composer);
}

/* Pasting an image (or an image file) gives the form its input image. */

static void
pasted_files (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AtelierWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  const GValue *value;
  GSList *files;

  value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (source), result, &error);
  if (value == NULL || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return;
  files = g_value_get_boxed (value);
  if (files != NULL)
    atelier_window_open_file (self, files->data);
}

void
_atelier_window_use_texture (AtelierWindow *self,
                             GdkTexture    *texture)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;

  /* Services take files: keep the image where the job can find it later. */
  dir = g_build_filename (g_get_user_data_dir (), "atelier", "pasted", NULL);
  g_mkdir_with_parents (dir, 0700);
  name = g_date_time_format (now, "pasted-%Y%m%d-%H%M%S.png");
  path = g_build_filename (dir, name, NULL);
  if (!gdk_texture_save_to_png (texture, path))
    {
      _atelier_window_toast (self, _("Could not keep the pasted image"));
      return;
    }
  file = g_file_new_for_path (path);
  atelier_window_open_file (self, file);
}

static void
pasted_texture (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AtelierWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);
  if (texture == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could not paste the image"), error);
      return;
    }
  _atelier_window_use_texture (self, texture);
}

gboolean
_atelier_window_paste (AtelierWindow *self)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));
  GdkContentFormats *formats = gdk_clipboard_get_formats (clipboard);

  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST))
    {
      gdk_clipboard_read_value_async (clipboard, GDK_TYPE_FILE_LIST, G_PRIORITY_DEFAULT,
                                      self->cancellable, pasted_files, g_object_ref (self));
      return TRUE;
    }
  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE)
      && !gdk_content_formats_contain_gtype (formats, G_TYPE_STRING))
    {
      gdk_clipboard_read_texture_async (clipboard, self->cancellable, pasted_texture,
                                        g_object_ref (self));
      return TRUE;
    }
  return FALSE;
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  _atelier_window_paste (ATELIER_WINDOW (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  gboolean enable = !atelier_job_list_view_get_search_mode (self->job_list);

  atelier_job_list_view_set_search_mode (self->job_list, enable);
  if (enable)
    {
      adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
      atelier_job_list_view_focus_search (self->job_list);
    }
}

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  AtelierWindow   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        atelier_window_open_file (self, file);
    }
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  g_autoptr(GtkFileFilter) models = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();
  GtkFileChooserNative *dialog;

  gtk_file_filter_set_name (models, _("3D Models"));
  gtk_file_filter_add_mime_type (models, "model/gltf-binary");
  gtk_file_filter_add_mime_type (models, "model/gltf+json");
  gtk_file_filter_add_suffix (models, "glb");
  gtk_file_filter_add_suffix (models, "gltf");
  gtk_file_filter_set_name (images, _("Images"));
  gtk_file_filter_add_pixbuf_formats (images);

  dialog = gtk_file_chooser_native_new (_("Open Model"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), models);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), images);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_open_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Export… and Export Turntable… */

static gboolean
is_model_path (const char *path)
{
  g_autofree char *lower = path != NULL ? g_ascii_strdown (path, -1) : NULL;

  return lower != NULL && (g_str_has_suffix (lower, ".glb") || g_str_has_suffix (lower, ".gltf"));
}

/* The model shown: a job's result, or an opened file (@job is then NULL). */
static GFile *
shown_model (AtelierWindow  *self,
             AtelierJob    **job)
{
  const char *path = atelier_job_detail_get_result_path (self->detail);
  GFile *file = atelier_job_detail_get_file (self->detail);

  *job = NULL;
  if (is_model_path (path))
    {
      *job = selected_job (self);
      return g_file_new_for_path (path);
    }
  return file != NULL && selected_job (self) == NULL ? g_object_ref (file) : NULL;
}

static void
on_exported (AtelierWindow *self,
             GFile         *file,
             AtelierJob    *job)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = g_strdup_printf (_("Exported “%s”"), name);
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (escaped);

  /* The export is a new job in the history: offer to go to it. */
  if (job != NULL)
    {
      adw_toast_set_button_label (toast, _("_Show"));
      adw_toast_set_action_name (toast, "win.show-job");
      adw_toast_set_action_target_value (toast, g_variant_new_string (atelier_job_get_id (job)));
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
present_dialog (AtelierWindow *self,
                GtkWidget     *dialog)
{
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "exported", G_CALLBACK (on_exported), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  AtelierJob *job;
  g_autoptr(GFile) file = shown_model (self, &job);

  if (file != NULL)
    present_dialog (self, atelier_export_dialog_new (file, self->engine, job));
}

static void
export_turntable_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  AtelierJob *job;
  g_autoptr(GFile) file = shown_model (self, &job);

  if (file != NULL)
    present_dialog (self, atelier_turntable_dialog_new (file, self->engine, job));
}

static void
show_job_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  atelier_window_select_job (ATELIER_WINDOW (widget), g_variant_get_string (param, NULL));
}

/* For the batch view and the grid alike: see atelier-window.h. */
static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  g_autofree const char **ids = g_variant_get_strv (param, NULL);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();
  GtkWidget *window;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      AtelierJob *job = atelier_job_list_lookup (atelier_engine_get_jobs (self->engine), ids[i]);

      if (job != NULL)
        g_ptr_array_add (jobs, job);
    }

  window = atelier_compare_window_new ();
  if (!atelier_compare_window_set_jobs (ATELIER_COMPARE_WINDOW (window),
                                        (AtelierJob * const *) jobs->pdata, jobs->len))
    {
      gtk_window_destroy (GTK_WINDOW (window));
      _atelier_window_toast (self, _("Compare needs two images"));
      return;
    }
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (window));
}

void
_atelier_window_update_actions (AtelierWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  AtelierJob *job = selected_job (self);
  gboolean has_job = job != NULL;
  gboolean has_result = atelier_job_detail_get_result_path (self->detail) != NULL;
  /* An export is Atelier's own work: there is no service to run it again. */
  gboolean has_service = has_job && atelier_engine_get_provider (self->engine,
                                                                 atelier_job_get_provider (job)) != NULL;
  g_autoptr(GFile) model = NULL;
  AtelierJob *model_job;

  model = shown_model (self, &model_job);
  gtk_widget_action_set_enabled (widget, "win.generate-again", has_service);
  /* A print export runs from its design, not from the form. */
  gtk_widget_action_set_enabled (widget, "win.reuse-params",
                                 has_service && atelier_composer_offers_provider (self->composer,
                                                                                  atelier_job_get_provider (job)));
  gtk_widget_action_set_enabled (widget, "win.export", model != NULL);
  gtk_widget_action_set_enabled (widget, "win.export-turntable", model != NULL);
  gtk_widget_action_set_enabled (widget, "win.delete-job", has_job);
  gtk_widget_action_set_enabled (widget, "win.star", has_job);
  gtk_widget_action_set_enabled (widget, "win.copy", has_result);
  gtk_widget_action_set_enabled (widget, "win.save-as", has_result);
  gtk_widget_action_set_enabled (widget, "win.open-result", has_result);
  gtk_widget_action_set_enabled (widget, "win.open-with", has_result);
  /* A print export is an image job whose result is a ZIP. */
  gtk_widget_action_set_enabled (widget, "win.use-as-input",
                                 has_result && atelier_job_get_kind (job) == ATELIER_JOB_KIND_IMAGE &&
                                 !g_str_has_suffix (atelier_job_detail_get_result_path (self->detail),
                                                    ".zip"));
  _atelier_window_core3d_update_actions (self);
  _atelier_window_update_service_actions (self);
}

void
_atelier_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.generate", NULL, generate_action);
  gtk_widget_class_install_action (widget_class, "win.generate-again", NULL, generate_again_action);
  gtk_widget_class_install_action (widget_class, "win.reuse-params", NULL, reuse_params_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-job", "s", cancel_job_action);
  gtk_widget_class_install_action (widget_class, "win.retry-job", "s", retry_job_action);
  gtk_widget_class_install_action (widget_class, "win.job-help", NULL, job_help_action);
  gtk_widget_class_install_action (widget_class, "win.delete-job", NULL, delete_job_action);
  gtk_widget_class_install_action (widget_class, "win.star", NULL, star_action);
  gtk_widget_class_install_action (widget_class, "win.copy", NULL, copy_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.open-result", NULL, open_result_action);
  gtk_widget_class_install_action (widget_class, "win.open-with", NULL, open_with_action);
  gtk_widget_class_install_action (widget_class, "win.use-as-input", NULL, use_as_input_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.paste-image", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-turntable", NULL, export_turntable_action);
  gtk_widget_class_install_action (widget_class, "win.show-job", "s", show_job_action);
  gtk_widget_class_install_action (widget_class, "win.compare", "as", compare_action);
  _atelier_window_core3d_class_init (widget_class);
  _atelier_window_class_add_service_actions (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "win.generate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "win.generate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK,
                                       "win.star", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.generate-again", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-turntable", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK,
                                       "win.paste-image", NULL);
  /* Text fields take Ctrl+C first, so this only copies the result. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK,
                                       "win.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.back", NULL);
}
