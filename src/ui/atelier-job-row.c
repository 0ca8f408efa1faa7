/* atelier-job-row.c: one job in the list: prompt, status, progress, image
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-job-row"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-image-probe.h"
#include "atelier-job-row.h"
#include "atelier-model-thumbnail.h"
#include "atelier-texture-loader.h"

#define THUMBNAIL_SIZE 128

struct _AtelierJobRow
{
  GtkWidget       parent_instance;

  /* Template Widgets */
  GtkWidget      *thumb_frame;
  GtkImage       *thumb_icon;
  GtkPicture     *thumbnail;
  GtkWidget      *preview_badge;
  GtkLabel       *prompt_label;
  GtkLabel       *provider_label;
  GtkLabel       *status_label;
  GtkLabel       *elapsed_label;
  GtkLabel       *error_label;
  GtkProgressBar *progress_bar;
  GtkWidget      *star_icon;
  GtkWidget      *cancel_button;
  GtkWidget      *retry_button;

  /* Owned References */
  AtelierJob     *job;
  GCancellable   *load_cancellable;
  char           *thumbnail_path;
  char           *too_large;      /* why the image is not shown, or NULL */
  char           *title;          /* atelier_job_row_dup_title() */

  guint           pulse_id;
  guint           tick_id;
  /* A thumbnail to decode once the row is drawn: a list binds rows
   * offscreen too (GTK 4.8 keeps some 200), and decoding for those would
   * only compete with the frame. */
  guint           load_idle_id;
  gboolean        thumbnail_pending;
  gboolean        thumbnail_is_model;
  /* A streamed image still forming: the thumbnail is its latest preview. */
  gboolean        thumbnail_is_preview;
  guint           previews_told;    /* how many previews the description said */
  gint64          preview_told_at;  /* when, so a reader is not flooded */
  guint           describe_id;
};

enum {
  PROP_0,
  PROP_JOB,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AtelierJobRow, atelier_job_row, GTK_TYPE_WIDGET)

static gboolean
is_image_path (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".png") || g_str_has_suffix (lower, ".jpg")
      || g_str_has_suffix (lower, ".jpeg") || g_str_has_suffix (lower, ".webp");
}

/* The first image among the outputs: the result, or a model's preview. */
static const char *
find_image_output (AtelierJob *job)
{
  const char *const *outputs = atelier_job_get_outputs (job);

  for (guint i = 0; outputs != NULL && outputs[i] != NULL; i++)
    if (is_image_path (outputs[i]))
      return outputs[i];
  return NULL;
}

/* The latest preview of an image still forming, or NULL. */
static const char *
find_preview (AtelierJob *job)
{
  const char *const *previews = atelier_job_get_previews (job);
  guint n = previews != NULL ? g_strv_length ((char **) previews) : 0;

  if (n == 0 || atelier_job_get_kind (job) != ATELIER_JOB_KIND_IMAGE ||
      find_image_output (job) != NULL)
    return NULL;
  return previews[n - 1];
}

static const char *
find_model_output (AtelierJob *job)
{
  const char *const *outputs = atelier_job_get_outputs (job);

  for (guint i = 0; outputs != NULL && outputs[i] != NULL; i++)
    {
      g_autofree char *lower = g_ascii_strdown (outputs[i], -1);

      if (g_str_has_suffix (lower, ".glb") || g_str_has_suffix (lower, ".gltf"))
        return outputs[i];
    }
  return NULL;
}

static char *
format_duration (gint64 usec)
{
  gint64 s = MAX (usec, 0) / G_USEC_PER_SEC;

  if (s < 60)
    /* Translators: a duration in seconds, keep it short */
    return g_strdup_printf (_("%d s"), (int) s);
  if (s < 3600)
    return g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
  return g_strdup_printf ("%d:%02d:%02d", (int) (s / 3600), (int) (s / 60 % 60), (int) (s % 60));
}

static void
update_elapsed (AtelierJobRow *self)
{
  gint64 created = atelier_job_get_created (self->job);
  gint64 finished = atelier_job_get_finished (self->job);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;

  if (created <= 0)
    {
      gtk_label_set_text (self->elapsed_label, "");
      return;
    }

  if (finished <= 0 || !atelier_job_is_finished (self->job))
    {
      /* Running: how long so far. */
      text = format_duration (g_get_real_time () - created);
    }
  else
    {
      /* Finished: when, which matters more in a history; how long in the tooltip. */
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (created / G_USEC_PER_SEC);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *took = format_duration (finished - created);

      if (g_date_time_get_year (when) == g_date_time_get_year (now)
          && g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
        text = g_date_time_format (when, "%R");
      else
        text = g_date_time_format (when, "%x");
      /* Translators: %s is a duration, e.g. "12 s" */
      tooltip = g_strdup_printf (_("Took %s"), took);
    }

  gtk_label_set_text (self->elapsed_label, text != NULL ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->elapsed_label), tooltip);
}

static gboolean
tick_cb (gpointer user_data)
{
  AtelierJobRow *self = user_data;

  update_elapsed (self);
  return G_SOURCE_CONTINUE;
}

static gboolean
pulse_cb (gpointer user_data)
{
  AtelierJobRow *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
stop_timers (AtelierJobRow *self)
{
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  g_clear_handle_id (&self->tick_id, g_source_remove);
}

static void
set_thumbnail (AtelierJobRow *self,
               GdkTexture    *texture)
{
  gtk_picture_set_paintable (self->thumbnail, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->thumbnail), texture != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->thumb_icon), texture == NULL);

  if (texture != NULL)
    {
      g_autofree char *alt = NULL;

      if (self->job != NULL && atelier_job_get_kind (self->job) == ATELIER_JOB_KIND_MODEL)
        alt = g_strdup_printf (_("Generated model: %s"), self->title != NULL ? self->title : "");
      else if (self->thumbnail_is_preview)
        alt = g_strdup_printf (_("Preview of the image forming: %s"),
                               self->title != NULL ? self->title : "");
      else
        alt = g_strdup_printf (_("Generated image: %s"),
                               self->title != NULL ? self->title : "");
      gtk_picture_set_alternative_text (self->thumbnail, alt);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->thumbnail),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, alt,
                                      -1);
    }
}

static void update_description (AtelierJobRow *self);

/* The image was refused from its header (a decompression bomb, or just
 * more pixels than Atelier decodes): say so where the thumbnail would be.
 * NULL clears the state. */
static void
set_too_large (AtelierJobRow *self,
               const char    *reason)
{
  g_autofree char *tooltip = NULL;

  if (g_strcmp0 (reason, self->too_large) == 0)
    return;
  g_free (self->too_large);
  self->too_large = g_strdup (reason);

  if (reason != NULL)
    {
      /* Translators: %s says the image's size and the limit, e.g. "30000 ×
       * 30000 pixels, more than the 100 megapixels Atelier shows" */
      tooltip = g_strdup_printf (_("Too large to show: %s"), reason);
      gtk_image_set_from_icon_name (self->thumb_icon, "dialog-warning-symbolic");
    }
  gtk_widget_set_tooltip_text (self->thumb_frame, tooltip);
  if (reason != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->thumb_icon),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Image too large to show"),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, tooltip,
                                    -1);
  else
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->thumb_icon), GTK_ACCESSIBLE_PROPERTY_LABEL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->thumb_icon),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  if (self->job != NULL)
    update_description (self);
}

static void
thumbnail_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AtelierJobRow) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = atelier_texture_load_finish (result, &error);
  if (texture == NULL)
    {
      if (g_error_matches (error, ATELIER_IMAGE_ERROR, ATELIER_IMAGE_ERROR_TOO_LARGE))
        set_too_large (self, error->message);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("No thumbnail for %s: %s", self->thumbnail_path, error->message);
          gtk_image_set_from_icon_name (self->thumb_icon, "image-missing-symbolic");
        }
      return;
    }

  set_thumbnail (self, texture);
}

static void
model_thumbnail_loaded (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(AtelierJobRow) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = atelier_model_thumbnail_finish (result, &error);
  if (texture == NULL)
    {
      /* The icon stays: a model the list cannot preview may still open. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No model thumbnail for %s: %s", self->thumbnail_path, error->message);
      return;
    }

  set_thumbnail (self, texture);
}

/* What stands where the thumbnail will be. */
/* A print export leaves a ZIP, not a picture. */
static gboolean
has_archive_output (AtelierJob *job)
{
  const char *const *outputs = atelier_job_get_outputs (job);

  for (guint i = 0; outputs != NULL && outputs[i] != NULL; i++)
    if (g_str_has_suffix (outputs[i], ".zip"))
      return TRUE;
  return FALSE;
}

static void
set_placeholder_icon (AtelierJobRow *self)
{
  gboolean package = self->job != NULL &&
                     (atelier_job_get_kind (self->job) == ATELIER_JOB_KIND_MODEL ||
                      has_archive_output (self->job));

  gtk_image_set_from_icon_name (self->thumb_icon,
                                package ? "package-x-generic-symbolic" : "image-x-generic-symbolic");
}

static void
cancel_thumbnail_load (AtelierJobRow *self)
{
  g_clear_handle_id (&self->load_idle_id, g_source_remove);
  self->thumbnail_pending = FALSE;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
}

static void
update_thumbnail (AtelierJobRow *self)
{
  const char *path = NULL;
  gboolean model = FALSE;
  gboolean preview = FALSE;
  gboolean was_preview = self->thumbnail_is_preview;
  GdkTexture *cached;

  if (self->job != NULL && atelier_job_get_status (self->job) == ATELIER_JOB_STATUS_DONE)
    {
      path = find_image_output (self->job);
      if (path == NULL && (path = find_model_output (self->job)) != NULL)
        model = TRUE;
    }
  if (path == NULL && self->job != NULL && (path = find_preview (self->job)) != NULL)
    preview = TRUE;

  if (g_strcmp0 (path, self->thumbnail_path) == 0)
    {
      /* Still no picture, but the job may now have left a ZIP. */
      if (path == NULL)
        set_placeholder_icon (self);
      return;
    }

  self->thumbnail_is_preview = preview;
  gtk_widget_set_visible (self->preview_badge, preview);
  cancel_thumbnail_load (self);
  g_free (self->thumbnail_path);
  self->thumbnail_path = g_strdup (path);
  set_too_large (self, NULL);

  set_placeholder_icon (self);

  if (path == NULL)
    {
      set_thumbnail (self, NULL);
      return;
    }

  /* A cache hit avoids a flash of the placeholder while scrolling. */
  cached = atelier_texture_lookup (path, THUMBNAIL_SIZE);
  if (cached != NULL)
    {
      set_thumbnail (self, cached);
      return;
    }

  /* A sharper preview, or the final image, replaces the last preview in
   * place: no placeholder in between. */
  if (!was_preview)
    set_thumbnail (self, NULL);
  self->thumbnail_is_model = model;
  self->thumbnail_pending = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
start_thumbnail_load (AtelierJobRow *self)
{
  self->thumbnail_pending = FALSE;
  if (self->thumbnail_path == NULL)
    return;

  self->load_cancellable = g_cancellable_new ();
  if (self->thumbnail_is_model)
    atelier_model_thumbnail_async (self->thumbnail_path, THUMBNAIL_SIZE, self->load_cancellable,
                                   model_thumbnail_loaded, g_object_ref (self));
  else
    atelier_texture_load_async (self->thumbnail_path, THUMBNAIL_SIZE, self->load_cancellable,
                                thumbnail_loaded, g_object_ref (self));
}

/* Screen readers (and the UI test) hear the state without reading every child. */
static void
update_description (AtelierJobRow *self)
{
  AtelierJob *job = self->job;
  AtelierJobStatus status = atelier_job_get_status (job);
  const char *label = atelier_job_status_get_label (status);
  const char *error = atelier_job_get_error_message (job);
  double progress = atelier_job_get_progress (job);
  g_autofree char *description = NULL;

  if (status == ATELIER_JOB_STATUS_FAILED && error != NULL)
    description = g_strdup_printf ("%s: %s", label, error);
  else if (status == ATELIER_JOB_STATUS_DONE && find_image_output (job) != NULL && self->too_large != NULL)
    /* Translators: %s is a job status ("Done") */
    description = g_strdup_printf (_("%s, image too large to show"), label);
  else if (status == ATELIER_JOB_STATUS_DONE && find_image_output (job) != NULL)
    description = g_strdup_printf (_("%s, image shown"), label);
  else if (self->thumbnail_is_preview && !atelier_job_is_finished (job))
    /* Translators: %s is a job status ("Running"), %u how many rough
     * versions of the image arrived so far */
    description = g_strdup_printf (_("%s, preview %u shown"), label,
                                   MAX (self->previews_told, 1));
  else if (!atelier_job_is_finished (job) && progress >= 0)
    description = g_strdup_printf (_("%s %d %%"), label, (int) (CLAMP (progress, 0, 1) * 100 + 0.5));
  else
    description = g_strdup (label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static gboolean
describe_cb (gpointer user_data)
{
  AtelierJobRow *self = user_data;

  self->describe_id = 0;
  if (self->job != NULL)
    {
      self->previews_told = g_strv_length ((char **) atelier_job_get_previews (self->job));
      self->preview_told_at = g_get_monotonic_time ();
      update_description (self);
    }
  return G_SOURCE_REMOVE;
}

/* A new preview is worth a word to a screen reader, but at most one every
 * few seconds per job: up to three arrive within a second or two. */
#define PREVIEW_TELL_INTERVAL_US (3 * G_USEC_PER_SEC)

static void
tell_preview (AtelierJobRow *self)
{
  gint64 wait = self->preview_told_at + PREVIEW_TELL_INTERVAL_US - g_get_monotonic_time ();

  if (self->describe_id != 0)
    return;
  if (self->previews_told == 0 || wait <= 0)
    describe_cb (self);
  else
    self->describe_id = g_timeout_add ((guint) (wait / 1000) + 1, describe_cb, self);
}

static gboolean
load_idle_cb (gpointer user_data)
{
  AtelierJobRow *self = user_data;

  self->load_idle_id = 0;
  if (self->thumbnail_pending)
    start_thumbnail_load (self);
  return G_SOURCE_REMOVE;
}

/* Drawn means on screen: only now is the thumbnail worth decoding, and
 * after this frame rather than during it. */
static void
atelier_job_row_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  AtelierJobRow *self = ATELIER_JOB_ROW (widget);

  if (self->thumbnail_pending && self->load_idle_id == 0)
    self->load_idle_id = g_idle_add_full (G_PRIORITY_LOW, load_idle_cb, self, NULL);

  GTK_WIDGET_CLASS (atelier_job_row_parent_class)->snapshot (widget, snapshot);
}

static void
update_status (AtelierJobRow *self)
{
  AtelierJob *job = self->job;
  AtelierJobStatus status = atelier_job_get_status (job);
  gboolean finished = atelier_job_is_finished (job);
  double progress = atelier_job_get_progress (job);
  const char *label = atelier_job_status_get_label (status);
  const char *error = atelier_job_get_error_message (job);
  g_autofree char *text = NULL;

  if (!finished && progress >= 0)
    /* Translators: a job status and its progress, e.g. "Running 40 %" */
    text = g_strdup_printf (_("%s %d %%"), label, (int) (CLAMP (progress, 0, 1) * 100 + 0.5));
  else
    text = g_strdup (label);
  gtk_label_set_text (self->status_label, text);

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "accent");
  if (status == ATELIER_JOB_STATUS_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else if (status == ATELIER_JOB_STATUS_DONE)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "success");
  else if (!finished)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "accent");

  gtk_label_set_text (self->error_label, error != NULL ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label),
                          status == ATELIER_JOB_STATUS_FAILED && error != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->error_label), error);

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), !finished);
  gtk_widget_set_visible (self->cancel_button, !finished);
  gtk_widget_set_visible (self->retry_button,
                          status == ATELIER_JOB_STATUS_FAILED || status == ATELIER_JOB_STATUS_CANCELLED);

  if (!finished && progress < 0)
    {
      if (self->pulse_id == 0)
        self->pulse_id = g_timeout_add (200, pulse_cb, self);
    }
  else
    {
      g_clear_handle_id (&self->pulse_id, g_source_remove);
      gtk_progress_bar_set_fraction (self->progress_bar, finished ? 1.0 : CLAMP (progress, 0, 1));
    }

  if (!finished && self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (1, tick_cb, self);
  else if (finished)
    g_clear_handle_id (&self->tick_id, g_source_remove);
  update_elapsed (self);

  update_thumbnail (self);
  update_description (self);
}

/* A job made from another one (a product design, a print export) has no
 * prompt: the row says what it is instead, "Core3D product design · pattern". */
char *
atelier_job_row_dup_title (AtelierJob *job,
                           const char *provider_name)
{
  const char *prompt = atelier_job_get_prompt (job);
  const char *type = atelier_job_get_param (job, "type");

  if (prompt != NULL && prompt[0] != '\0')
    return g_strdup (prompt);
  if (provider_name == NULL)
    provider_name = atelier_job_get_provider (job);
  if (type == NULL || type[0] == '\0')
    return g_strdup (provider_name);
  return g_strdup_printf ("%s · %s", provider_name, type);
}

static void
set_title (AtelierJobRow *self,
           const char    *provider_name)
{
  g_free (self->title);
  self->title = atelier_job_row_dup_title (self->job, provider_name);
  gtk_label_set_text (self->prompt_label, self->title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->prompt_label), self->title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title,
                                  -1);
}

static void
on_job_notify (AtelierJobRow *self,
               GParamSpec    *pspec,
               AtelierJob    *job)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "starred"))
    gtk_widget_set_visible (self->star_icon, atelier_job_get_starred (job));
  else if (g_str_equal (name, "previews"))
    {
      update_thumbnail (self);
      if (self->thumbnail_is_preview)
        tell_preview (self);
    }
  else if (g_str_equal (name, "prompt"))
    set_title (self, gtk_label_get_text (self->provider_label));
  else if (!g_str_equal (name, "updated"))
    update_status (self);
}

static void
atelier_job_row_dispose (GObject *object)
{
  AtelierJobRow *self = ATELIER_JOB_ROW (object);

  GtkWidget *child;

  atelier_job_row_set_job (self, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_JOB_ROW);
  /* Template children without an id are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (atelier_job_row_parent_class)->dispose (object);
}

static void
atelier_job_row_finalize (GObject *object)
{
  AtelierJobRow *self = ATELIER_JOB_ROW (object);

  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->thumbnail_path, g_free);
  g_clear_pointer (&self->too_large, g_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (atelier_job_row_parent_class)->finalize (object);
}

static void
atelier_job_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AtelierJobRow *self = ATELIER_JOB_ROW (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_job_row_class_init (AtelierJobRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_job_row_dispose;
  object_class->finalize = atelier_job_row_finalize;
  object_class->get_property = atelier_job_row_get_property;
  widget_class->snapshot = atelier_job_row_snapshot;

  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL,
                         ATELIER_TYPE_JOB,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/ui/atelier-job-row.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierJobRow, thumb_frame);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobRow, thumb_icon);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobRow, thumbnail);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobRow, preview_badge);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobRow, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobRow, provider_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobRow, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobRow, error_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobRow, star_icon);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobRow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobRow, retry_button);

  gtk_widget_class_set_css_name (widget_class, "atelierjobrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* Drag the result out of the list, e.g. into a file manager or an editor. */
static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 AtelierJobRow *self)
{
  const char *const *outputs;
  g_autoptr(GFile) file = NULL;

  if (self->job == NULL || atelier_job_get_status (self->job) != ATELIER_JOB_STATUS_DONE)
    return NULL;
  outputs = atelier_job_get_outputs (self->job);
  if (outputs == NULL || outputs[0] == NULL)
    return NULL;

  file = g_file_new_for_path (outputs[0]);
  return gdk_content_provider_new_typed (G_TYPE_FILE, file);
}

static void
atelier_job_row_init (AtelierJobRow *self)
{
  GtkDragSource *drag;

  gtk_widget_init_template (GTK_WIDGET (self));

  drag = gtk_drag_source_new ();
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare), self);
  gtk_widget_add_controller (self->thumb_frame, GTK_EVENT_CONTROLLER (drag));
}

AtelierJobRow *
atelier_job_row_new (void)
{
  return g_object_new (ATELIER_TYPE_JOB_ROW, NULL);
}

AtelierJob *
atelier_job_row_get_job (AtelierJobRow *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB_ROW (self), NULL);

  return self->job;
}

GdkPaintable *
atelier_job_row_get_thumbnail (AtelierJobRow *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB_ROW (self), NULL);

  return gtk_picture_get_paintable (self->thumbnail);
}

void
atelier_job_row_set_job (AtelierJobRow *self,
                         AtelierJob    *job,
                         const char    *provider_name)
{
  g_return_if_fail (ATELIER_IS_JOB_ROW (self));
  g_return_if_fail (job == NULL || ATELIER_IS_JOB (job));

  if (self->job == job)
    return;

  if (self->job != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->job, on_job_notify, self);
      g_clear_object (&self->job);
    }
  stop_timers (self);
  cancel_thumbnail_load (self);
  g_clear_pointer (&self->thumbnail_path, g_free);
  g_clear_pointer (&self->title, g_free);
  set_too_large (self, NULL);
  g_clear_handle_id (&self->describe_id, g_source_remove);
  self->thumbnail_is_preview = FALSE;
  self->previews_told = 0;
  self->preview_told_at = 0;
  gtk_widget_set_visible (self->preview_badge, FALSE);

  if (job != NULL)
    {
      const char *id = atelier_job_get_id (job);

      self->job = g_object_ref (job);
      /* A recycled row may still show the last job's warning or missing icon. */
      set_placeholder_icon (self);
      g_signal_connect_object (job, "notify", G_CALLBACK (on_job_notify), self, G_CONNECT_SWAPPED);

      gtk_label_set_text (self->provider_label,
                          provider_name != NULL ? provider_name : atelier_job_get_provider (job));
      set_title (self, provider_name);
      gtk_widget_set_visible (self->star_icon, atelier_job_get_starred (job));
      /* Target first: a name without its target would warn about the type. */
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->cancel_button), "s", id);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->retry_button), "s", id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->cancel_button), "win.cancel-job");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->retry_button), "win.retry-job");
      update_status (self);
    }
  else
    {
      set_thumbnail (self, NULL);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}
