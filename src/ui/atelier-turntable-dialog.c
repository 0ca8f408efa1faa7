/* atelier-turntable-dialog.c: "Export Turntable…"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-turntable-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-export-job.h"
#include "atelier-model-view.h"
#include "atelier-resources.h"
#include "atelier-turntable-dialog.h"
#include "atelier-turntable.h"

/* By position in size_row's model: square frames. */
static const int sizes[] = { 256, 512, 768, 1024 };

struct _AtelierTurntableDialog
{
  AdwWindow         parent_instance;

  /* Template Widgets */
  AdwToastOverlay  *toast_overlay;
  AdwWindowTitle   *window_title;
  AtelierModelView *model_view;
  GtkProgressBar   *progress_bar;
  GtkWidget        *busy_label;
  GtkWidget        *settings_page;
  GtkSpinButton    *frames_spin;
  GtkSpinButton    *seconds_spin;
  AdwComboRow      *size_row;
  AdwComboRow      *mode_row;
  GtkSwitch        *transparent_switch;

  /* Owned References */
  GFile            *source_file;
  AtelierEngine    *engine;
  AtelierJob       *job;
  GCancellable     *cancellable;
  char             *export_path;
  char             *error_message;

  AtelierTurntableOptions options;  /* of the export in progress */
};

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_ENGINE,
  PROP_JOB,
  PROP_BUSY,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

enum {
  EXPORTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AtelierTurntableDialog, atelier_turntable_dialog, ADW_TYPE_WINDOW)

static void
set_busy (AtelierTurntableDialog *self,
          gboolean                busy)
{
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
  gtk_widget_set_visible (self->busy_label, busy);
  gtk_widget_set_sensitive (self->settings_page, !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "turntable.choose", !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_error (AtelierTurntableDialog *self,
            const char             *what,
            const GError           *error)
{
  g_autofree char *escaped = NULL;

  g_free (self->error_message);
  self->error_message = g_strdup_printf ("%s: %s", what, error->message);
  escaped = g_markup_escape_text (self->error_message, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  AtelierTurntableDialog *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
}

static void
on_mode_changed (AtelierTurntableDialog *self)
{
  atelier_model_view_set_mode (self->model_view,
                               MIN (adw_combo_row_get_selected (self->mode_row),
                                    ATELIER_RENDER_MODE_UV_CHECKER));
}

static GHashTable *
turntable_params (AtelierTurntableDialog *self)
{
  const AtelierTurntableOptions *options = &self->options;
  GHashTable *params = atelier_params_new ();
  char seconds[G_ASCII_DTOSTR_BUF_SIZE];

  g_hash_table_insert (params, g_strdup ("frames"), g_strdup_printf ("%u", options->frames));
  g_hash_table_insert (params, g_strdup ("size"),
                       g_strdup_printf ("%dx%d", options->width, options->height));
  g_hash_table_insert (params, g_strdup ("mode"),
                       g_strdup (atelier_render_mode_to_string (options->mode)));
  g_hash_table_insert (params, g_strdup ("seconds"),
                       g_strdup (g_ascii_formatd (seconds, sizeof seconds, "%.1f", options->seconds)));
  if (options->transparent)
    g_hash_table_insert (params, g_strdup ("transparent"), g_strdup ("true"));
  return params;
}

static void
written (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(AtelierTurntableDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  AtelierJob *job = NULL;

  g_clear_object (&self->cancellable);
  /* Closed meanwhile: nothing left to show it in. */
  if (self->toast_overlay == NULL)
    return;
  if (!atelier_turntable_write_file_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Export cancelled")));
      else
        show_error (self, _("Could not export the turntable"), error);
      set_busy (self, FALSE);
      return;
    }

  if (self->engine != NULL && self->job != NULL)
    {
      g_autoptr(GHashTable) params = turntable_params (self);
      g_autofree char *source = g_file_get_path (self->source_file);

      job = atelier_export_job_record (self->engine, self->job, source, ATELIER_JOB_KIND_IMAGE,
                                       self->export_path, params, &error);
      if (job == NULL)
        g_warning ("Could not record the turntable: %s", error->message);
    }

  file = g_file_new_for_path (self->export_path);
  g_signal_emit (self, signals[EXPORTED], 0, file, job);
  gtk_window_close (GTK_WINDOW (self));
}

void
atelier_turntable_dialog_export_to (AtelierTurntableDialog *self,
                                    GFile                  *file)
{
  g_autofree char *path = NULL;
  g_autofree char *source = NULL;
  g_autofree char *lower = NULL;
  AtelierTurntableOptions *options = &self->options;
  int size;

  g_return_if_fail (ATELIER_IS_TURNTABLE_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->cancellable != NULL)
    return;

  path = g_file_get_path (file);
  source = g_file_get_path (self->source_file);
  if (path == NULL || source == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                                     _("Choose a folder on this computer"));
      show_error (self, _("Could not export the turntable"), error);
      return;
    }
  lower = g_ascii_strdown (path, -1);
  g_free (self->export_path);
  self->export_path = g_str_has_suffix (lower, ".webp") ? g_steal_pointer (&path)
                                                        : g_strconcat (path, ".webp", NULL);

  atelier_turntable_options_init (options);
  options->frames = gtk_spin_button_get_value_as_int (self->frames_spin);
  options->seconds = gtk_spin_button_get_value (self->seconds_spin);
  size = sizes[MIN (adw_combo_row_get_selected (self->size_row), G_N_ELEMENTS (sizes) - 1)];
  options->width = options->height = size;
  options->mode = atelier_model_view_get_mode (self->model_view);
  options->transparent = gtk_switch_get_active (self->transparent_switch);

  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  set_busy (self, TRUE);
  atelier_turntable_write_file_async (source, self->export_path, options, on_progress, self,
                                      self->cancellable, written, g_object_ref (self));
}

static void
on_chooser_response (GtkNativeDialog        *chooser,
                     int                     response,
                     AtelierTurntableDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        atelier_turntable_dialog_export_to (self, file);
    }
  g_object_unref (chooser);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AtelierTurntableDialog *self = ATELIER_TURNTABLE_DIALOG (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *base = atelier_export_job_suggest_name (self->job, self->source_file);
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;

  /* Translators: the turntable's file name: the model's, then this */
  name = g_strdup_printf ("%s-%s.webp", base, _("turntable"));

  gtk_file_filter_set_name (filter, _("Animated WebP"));
  gtk_file_filter_add_mime_type (filter, "image/webp");
  gtk_file_filter_add_suffix (filter, "webp");

  /* GtkFileDialog is 4.10; the native chooser still uses the portal. */
  chooser = gtk_file_chooser_native_new (_("Export Turntable"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  if (self->job == NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->source_file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Cancel stops the rendering; otherwise it closes, as Escape does. */
static void
on_cancel_clicked (AtelierTurntableDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  on_cancel_clicked (ATELIER_TURNTABLE_DIALOG (widget));
  return TRUE;
}

static gboolean
atelier_turntable_dialog_close_request (GtkWindow *window)
{
  AtelierTurntableDialog *self = ATELIER_TURNTABLE_DIALOG (window);

  g_cancellable_cancel (self->cancellable);
  return GTK_WINDOW_CLASS (atelier_turntable_dialog_parent_class)->close_request (window);
}

static void
atelier_turntable_dialog_constructed (GObject *object)
{
  AtelierTurntableDialog *self = ATELIER_TURNTABLE_DIALOG (object);
  g_autofree char *name = NULL;

  G_OBJECT_CLASS (atelier_turntable_dialog_parent_class)->constructed (object);

  g_assert (G_IS_FILE (self->source_file));
  name = g_file_get_basename (self->source_file);
  adw_window_title_set_subtitle (self->window_title,
                                 self->job != NULL ? atelier_job_get_prompt (self->job) : name);
  atelier_model_view_load_file (self->model_view, self->source_file);
}

static void
atelier_turntable_dialog_dispose (GObject *object)
{
  AtelierTurntableDialog *self = ATELIER_TURNTABLE_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_TURNTABLE_DIALOG);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->source_file);
  g_clear_object (&self->engine);
  g_clear_object (&self->job);

  G_OBJECT_CLASS (atelier_turntable_dialog_parent_class)->dispose (object);
}

static void
atelier_turntable_dialog_finalize (GObject *object)
{
  AtelierTurntableDialog *self = ATELIER_TURNTABLE_DIALOG (object);

  g_free (self->export_path);
  g_free (self->error_message);

  G_OBJECT_CLASS (atelier_turntable_dialog_parent_class)->finalize (object);
}

static void
atelier_turntable_dialog_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  AtelierTurntableDialog *self = ATELIER_TURNTABLE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source_file);
      break;
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->cancellable != NULL);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_turntable_dialog_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  AtelierTurntableDialog *self = ATELIER_TURNTABLE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      self->source_file = g_value_dup_object (value);
      break;
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;
    case PROP_JOB:
      self->job = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_turntable_dialog_class_init (AtelierTurntableDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->constructed = atelier_turntable_dialog_constructed;
  object_class->dispose = atelier_turntable_dialog_dispose;
  object_class->finalize = atelier_turntable_dialog_finalize;
  object_class->get_property = atelier_turntable_dialog_get_property;
  object_class->set_property = atelier_turntable_dialog_set_property;
  window_class->close_request = atelier_turntable_dialog_close_request;

  properties[PROP_SOURCE] = g_param_spec_object ("source", NULL, NULL, G_TYPE_FILE, construct);
  properties[PROP_ENGINE] = g_param_spec_object ("engine", NULL, NULL, ATELIER_TYPE_ENGINE, construct);
  properties[PROP_JOB] = g_param_spec_object ("job", NULL, NULL, ATELIER_TYPE_JOB, construct);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The file written and the job recorded for it (NULL without a source job). */
  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_FILE, ATELIER_TYPE_JOB);

  atelier_get_resource ();
  g_type_ensure (ATELIER_TYPE_MODEL_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/ui/atelier-turntable-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierTurntableDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AtelierTurntableDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, AtelierTurntableDialog, model_view);
  gtk_widget_class_bind_template_child (widget_class, AtelierTurntableDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AtelierTurntableDialog, busy_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierTurntableDialog, settings_page);
  gtk_widget_class_bind_template_child (widget_class, AtelierTurntableDialog, frames_spin);
  gtk_widget_class_bind_template_child (widget_class, AtelierTurntableDialog, seconds_spin);
  gtk_widget_class_bind_template_child (widget_class, AtelierTurntableDialog, size_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierTurntableDialog, mode_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierTurntableDialog, transparent_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_mode_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);

  gtk_widget_class_install_action (widget_class, "turntable.choose", NULL, choose_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "turntable.choose", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
}

static void
atelier_turntable_dialog_init (AtelierTurntableDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* The mode is a setting here, and the turn is automatic. */
  atelier_model_view_set_show_controls (self->model_view, FALSE);
}

GtkWidget *
atelier_turntable_dialog_new (GFile         *source,
                              AtelierEngine *engine,
                              AtelierJob    *job)
{
  g_return_val_if_fail (G_IS_FILE (source), NULL);
  g_return_val_if_fail (engine == NULL || ATELIER_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (job == NULL || ATELIER_IS_JOB (job), NULL);

  return g_object_new (ATELIER_TYPE_TURNTABLE_DIALOG,
                       "source", source,
                       "engine", engine,
                       "job", job,
                       NULL);
}

GFile *
atelier_turntable_dialog_get_source (AtelierTurntableDialog *self)
{
  g_return_val_if_fail (ATELIER_IS_TURNTABLE_DIALOG (self), NULL);

  return self->source_file;
}

gboolean
atelier_turntable_dialog_get_busy (AtelierTurntableDialog *self)
{
  g_return_val_if_fail (ATELIER_IS_TURNTABLE_DIALOG (self), FALSE);

  return self->cancellable != NULL;
}

const char *
atelier_turntable_dialog_get_error_message (AtelierTurntableDialog *self)
{
  g_return_val_if_fail (ATELIER_IS_TURNTABLE_DIALOG (self), NULL);

  return self->error_message;
}
