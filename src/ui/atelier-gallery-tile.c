/* atelier-gallery-tile.c: one output in the gallery: its thumbnail, star and state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gallery-tile"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-gallery-tile.h"
#include "atelier-image-probe.h"
#include "atelier-model-thumbnail.h"
#include "atelier-texture-loader.h"

/* Decoded size: a tile is 100–200 px wide, and a thumbnail this size is a
 * bounded 150 KB whatever the image. */
#define THUMBNAIL_SIZE 192
/* The grid makes as many columns of at least TILE_MIN_WIDTH as fit, so a
 * column (past two) is 104–139 px wide; GTK 4.8's grid asks for a height
 * without saying the width, and TILE_HEIGHT keeps tiles about square. */
#define TILE_MIN_WIDTH 104
#define TILE_HEIGHT    120

struct _AtelierGalleryTile
{
  GtkWidget          parent_instance;

  /* Template Widgets */
  GtkImage          *placeholder;
  GtkPicture        *picture;
  GtkWidget         *star;
  GtkLabel          *badge;
  GtkProgressBar    *progress;

  /* Owned References */
  AtelierOutputItem *item;
  AtelierJob        *job;     /* the item's, to disconnect from */
  char              *service;
  GCancellable      *load_cancellable;

  /* Decoding waits until the tile is drawn: the grid binds tiles offscreen
   * too, and a fast scroll passes most tiles without ever drawing them. */
  guint              load_idle_id;
  gboolean           thumbnail_pending;
};

G_DEFINE_FINAL_TYPE (AtelierGalleryTile, atelier_gallery_tile, GTK_TYPE_WIDGET)

static void
set_thumbnail (AtelierGalleryTile *self,
               GdkTexture         *texture)
{
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->picture), texture != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder), texture == NULL);
}

static void
cancel_load (AtelierGalleryTile *self)
{

  g_clear_handle_id (&self->load_idle_id, g_source_remove);
  self->thumbnail_pending = FALSE;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
}

static void
texture_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AtelierGalleryTile) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = atelier_texture_load_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (texture == NULL)
    {
      g_debug ("No thumbnail: %s", error->message);
      gtk_image_set_from_icon_name (self->placeholder,
                                    g_error_matches (error, ATELIER_IMAGE_ERROR, ATELIER_IMAGE_ERROR_TOO_LARGE)
                                    ? "dialog-warning-symbolic" : "image-missing-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), error->message);
      return;
    }
  set_thumbnail (self, texture);
}

static void
model_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AtelierGalleryTile) self = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = atelier_model_thumbnail_finish (result, &error);
  if (texture == NULL)
    {
      /* The model icon stays: the model may still open in the viewer. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No model thumbnail: %s", error->message);
      return;
    }
  set_thumbnail (self, texture);
}

static gboolean
load_idle_cb (gpointer user_data)
{
  AtelierGalleryTile *self = user_data;
  const char *image;

  self->load_idle_id = 0;
  if (!self->thumbnail_pending || self->item == NULL)
    return G_SOURCE_REMOVE;
  self->thumbnail_pending = FALSE;

  self->load_cancellable = g_cancellable_new ();
  image = atelier_output_item_get_image_path (self->item);
  if (image != NULL)
    atelier_texture_load_async (image, THUMBNAIL_SIZE, self->load_cancellable,
                                texture_loaded, g_object_ref (self));
  else
    atelier_model_thumbnail_async (atelier_output_item_get_path (self->item), THUMBNAIL_SIZE,
                                   self->load_cancellable, model_loaded, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
atelier_gallery_tile_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  AtelierGalleryTile *self = ATELIER_GALLERY_TILE (widget);

  if (self->thumbnail_pending && self->load_idle_id == 0)
    self->load_idle_id = g_idle_add_full (G_PRIORITY_LOW, load_idle_cb, self, NULL);

  GTK_WIDGET_CLASS (atelier_gallery_tile_parent_class)->snapshot (widget, snapshot);
}

static void
atelier_gallery_tile_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = *natural = TILE_MIN_WIDTH;
    }
  else
    *minimum = *natural = for_size > 0 ? MIN (for_size, 2 * TILE_HEIGHT) : TILE_HEIGHT;
}

static void
atelier_gallery_tile_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  /* Each child takes the whole tile, placed by its own alignment. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (gtk_widget_should_layout (child))
      gtk_widget_allocate (child, width, height, -1, NULL);
}

static void
update_state (AtelierGalleryTile *self)
{
  AtelierJob *job = self->job;
  AtelierJobStatus status = atelier_job_get_status (job);
  const char *prompt = atelier_job_get_prompt (job);
  const char *service = self->service != NULL ? self->service : atelier_job_get_provider (job);
  guint n = atelier_output_item_get_n_in_job (self->item);
  g_autofree char *label = NULL;
  g_autofree char *count = NULL;
  g_autofree char *description = NULL;
  const char *state = NULL;

  if (prompt == NULL || prompt[0] == '\0')
    prompt = _("No prompt");

  if (atelier_output_item_is_model (self->item))
    /* Translators: a gallery tile to screen readers: the prompt, then the service */
    label = g_strdup_printf (_("Model: %s, from %s"), prompt, service);
  else if (atelier_output_item_get_path (self->item) != NULL)
    /* Translators: a gallery tile to screen readers: the prompt, then the service */
    label = g_strdup_printf (_("Image: %s, from %s"), prompt, service);
  else
    /* Translators: a gallery tile of a job without a result yet (or a failed one) */
    label = g_strdup_printf (_("Job: %s, from %s"), prompt, service);

  if (n > 1)
    /* Translators: which of a job's outputs a gallery tile is, e.g. "2/4" */
    count = g_strdup_printf (_("%u/%u"), atelier_output_item_get_index (self->item) + 1, n);

  if (status != ATELIER_JOB_STATUS_DONE)
    state = atelier_job_status_get_label (status);
  else if (atelier_output_item_is_model (self->item))
    state = _("3D");

  gtk_label_set_text (self->badge, count != NULL ? count : state != NULL ? state : "");
  gtk_widget_set_visible (GTK_WIDGET (self->badge), count != NULL || state != NULL);
  gtk_widget_set_visible (self->star, atelier_job_get_starred (job));

  if (!atelier_job_is_finished (job))
    {
      double progress = atelier_job_get_progress (job);

      gtk_widget_set_visible (GTK_WIDGET (self->progress), TRUE);
      if (progress >= 0)
        gtk_progress_bar_set_fraction (self->progress, CLAMP (progress, 0, 1));
      else
        gtk_progress_bar_pulse (self->progress);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);

  if (status == ATELIER_JOB_STATUS_FAILED && atelier_job_get_error_message (job) != NULL)
    description = g_strdup_printf ("%s: %s", atelier_job_status_get_label (status),
                                   atelier_job_get_error_message (job));
  else if (count != NULL)
    /* Translators: "2 of 4" outputs of the job, then its status */
    description = g_strdup_printf (_("%u of %u, %s"), atelier_output_item_get_index (self->item) + 1, n,
                                   atelier_job_status_get_label (status));
  else
    description = g_strdup (atelier_job_status_get_label (status));
  if (atelier_job_get_starred (job))
    {
      /* Translators: appended to a gallery tile's description */
      char *starred = g_strdup_printf (_("%s, starred"), description);

      g_free (description);
      description = starred;
    }

  gtk_widget_set_tooltip_text (GTK_WIDGET (self), prompt);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
}

static void
start_thumbnail (AtelierGalleryTile *self)
{
  const char *image = atelier_output_item_get_image_path (self->item);
  const char *path = atelier_output_item_get_path (self->item);
  AtelierJob *job = self->job;
  GdkTexture *cached;

  gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
  if (path == NULL)
    {
      AtelierJobStatus status = atelier_job_get_status (job);

      gtk_image_set_from_icon_name (self->placeholder,
                                    status == ATELIER_JOB_STATUS_FAILED ? "dialog-error-symbolic"
                                    : status == ATELIER_JOB_STATUS_CANCELLED ? "process-stop-symbolic"
                                    : status == ATELIER_JOB_STATUS_DONE ? "package-x-generic-symbolic"
                                    : "content-loading-symbolic");
      set_thumbnail (self, NULL);
      return;
    }

  gtk_image_set_from_icon_name (self->placeholder,
                                atelier_output_item_is_model (self->item)
                                ? "package-x-generic-symbolic" : "image-x-generic-symbolic");
  /* A cache hit avoids a flash of the placeholder while scrolling. */
  cached = image != NULL ? atelier_texture_lookup (image, THUMBNAIL_SIZE) : NULL;
  set_thumbnail (self, cached);
  if (cached == NULL)
    {
      self->thumbnail_pending = TRUE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_job_notify (AtelierGalleryTile *self,
               GParamSpec         *pspec,
               AtelierJob         *job)
{
  const char *name = g_param_spec_get_name (pspec);

  /* A finished job gets new items from the model; until then, its state. */
  if (!g_str_equal (name, "updated"))
    update_state (self);
}

static void
atelier_gallery_tile_dispose (GObject *object)
{
  AtelierGalleryTile *self = ATELIER_GALLERY_TILE (object);
  GtkWidget *child;

  atelier_gallery_tile_set_item (self, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_GALLERY_TILE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (atelier_gallery_tile_parent_class)->dispose (object);
}

static void
atelier_gallery_tile_class_init (AtelierGalleryTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_gallery_tile_dispose;
  widget_class->snapshot = atelier_gallery_tile_snapshot;
  widget_class->measure = atelier_gallery_tile_measure;
  widget_class->size_allocate = atelier_gallery_tile_size_allocate;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/ui/atelier-gallery-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierGalleryTile, placeholder);
  gtk_widget_class_bind_template_child (widget_class, AtelierGalleryTile, picture);
  gtk_widget_class_bind_template_child (widget_class, AtelierGalleryTile, star);
  gtk_widget_class_bind_template_child (widget_class, AtelierGalleryTile, badge);
  gtk_widget_class_bind_template_child (widget_class, AtelierGalleryTile, progress);

  gtk_widget_class_set_css_name (widget_class, "ateliergallerytile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource      *source,
                 double              x,
                 double              y,
                 AtelierGalleryTile *self)
{
  g_autoptr(GFile) file = NULL;
  const char *path = self->item != NULL ? atelier_output_item_get_path (self->item) : NULL;

  if (path == NULL)
    return NULL;
  file = g_file_new_for_path (path);
  return gdk_content_provider_new_typed (G_TYPE_FILE, file);
}

static void
atelier_gallery_tile_init (AtelierGalleryTile *self)
{
  GtkDragSource *drag;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Drag a result out, into a file manager or an editor. */
  drag = gtk_drag_source_new ();
  gtk_drag_source_set_actions (drag, GDK_ACTION_COPY);
  g_signal_connect (drag, "prepare", G_CALLBACK (on_drag_prepare), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

GtkWidget *
atelier_gallery_tile_new (void)
{
  return g_object_new (ATELIER_TYPE_GALLERY_TILE, NULL);
}

void
atelier_gallery_tile_set_item (AtelierGalleryTile *self,
                               AtelierOutputItem  *item,
                               const char         *service)
{
  g_return_if_fail (ATELIER_IS_GALLERY_TILE (self));
  g_return_if_fail (item == NULL || ATELIER_IS_OUTPUT_ITEM (item));

  cancel_load (self);
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_func (self->job, on_job_notify, self);
  g_clear_object (&self->job);
  g_set_object (&self->item, item);
  g_free (self->service);
  self->service = g_strdup (service);

  if (item == NULL)
    {
      set_thumbnail (self, NULL);
      return;
    }

  self->job = g_object_ref (atelier_output_item_get_job (item));
  g_signal_connect_object (self->job, "notify", G_CALLBACK (on_job_notify), self, G_CONNECT_SWAPPED);
  start_thumbnail (self);
  update_state (self);
}

AtelierOutputItem *
atelier_gallery_tile_get_item (AtelierGalleryTile *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY_TILE (self), NULL);

  return self->item;
}

GdkPaintable *
atelier_gallery_tile_get_thumbnail (AtelierGalleryTile *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY_TILE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->picture))
         ? gtk_picture_get_paintable (self->picture) : NULL;
}
