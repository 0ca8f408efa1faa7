/* atelier-image-view.c: the large image of the detail pane (zoom, pan, drag out)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-image-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "atelier-image-probe.h"
#include "atelier-image-view.h"
#include "atelier-texture-loader.h"

#define MIN_ZOOM 0.05
#define MAX_ZOOM 16.0

struct _AtelierImageView
{
  GtkWidget          parent_instance;

  GtkWidget         *overlay;
  GtkScrolledWindow *scroller;
  GtkPicture        *picture;
  GtkWidget         *spinner;
  GtkWidget         *error_label;
  GtkWidget         *too_large_page;
  GtkWidget         *zoom_buttons;
  GtkEventController *pan;
  GtkEventController *drag_source;

  GdkTexture        *texture;
  GCancellable      *cancellable;
  char              *path;
  double             zoom;
  double             pan_start_x;
  double             pan_start_y;
};

enum {
  PROP_0,
  PROP_PATH,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AtelierImageView, atelier_image_view, GTK_TYPE_WIDGET)

/* The scale the image is shown at now, also when fitted. */
static double
effective_zoom (AtelierImageView *self)
{
  int w, h;
  double fit;

  if (self->zoom > 0 || self->texture == NULL)
    return self->zoom > 0 ? self->zoom : 1.0;

  w = gdk_texture_get_width (self->texture);
  h = gdk_texture_get_height (self->texture);
  fit = MIN ((double) gtk_widget_get_width (GTK_WIDGET (self)) / MAX (w, 1),
             (double) gtk_widget_get_height (GTK_WIDGET (self)) / MAX (h, 1));
  return MIN (fit > 0 ? fit : 1.0, 1.0);
}

static void
apply_zoom (AtelierImageView *self)
{
  gboolean fit = self->zoom <= 0 || self->texture == NULL;

  if (fit)
    gtk_widget_set_size_request (GTK_WIDGET (self->picture), -1, -1);
  else
    gtk_widget_set_size_request (GTK_WIDGET (self->picture),
                                 (int) (gdk_texture_get_width (self->texture) * self->zoom),
                                 (int) (gdk_texture_get_height (self->texture) * self->zoom));

  /* Panning and dragging the file out share the same gesture: pan only
   * when there is something to pan. */
  gtk_event_controller_set_propagation_phase (self->pan, fit ? GTK_PHASE_NONE : GTK_PHASE_BUBBLE);
  gtk_event_controller_set_propagation_phase (self->drag_source, fit ? GTK_PHASE_BUBBLE : GTK_PHASE_NONE);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "image.zoom-fit", !fit);
}

static void
zoom_by (AtelierImageView *self,
         double            factor)
{
  atelier_image_view_set_zoom (self, effective_zoom (self) * factor);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  zoom_by (ATELIER_IMAGE_VIEW (widget), 1.25);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  zoom_by (ATELIER_IMAGE_VIEW (widget), 0.8);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  atelier_image_view_set_zoom (ATELIER_IMAGE_VIEW (widget), 0);
}

static void
zoom_original_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  atelier_image_view_set_zoom (ATELIER_IMAGE_VIEW (widget), 1.0);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           AtelierImageView         *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (!(state & GDK_CONTROL_MASK) || self->texture == NULL)
    return FALSE;

  zoom_by (self, dy < 0 ? 1.1 : 1 / 1.1);
  return TRUE;
}

static void
on_pan_begin (GtkGestureDrag   *gesture,
              double            x,
              double            y,
              AtelierImageView *self)
{
  self->pan_start_x = gtk_adjustment_get_value (gtk_scrolled_window_get_hadjustment (self->scroller));
  self->pan_start_y = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scroller));
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
}

static void
on_pan_update (GtkGestureDrag   *gesture,
               double            dx,
               double            dy,
               AtelierImageView *self)
{
  gtk_adjustment_set_value (gtk_scrolled_window_get_hadjustment (self->scroller), self->pan_start_x - dx);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), self->pan_start_y - dy);
}

static void
on_pan_end (GtkGestureDrag   *gesture,
            double            dx,
            double            dy,
            AtelierImageView *self)
{
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource    *source,
                 double            x,
                 double            y,
                 AtelierImageView *self)
{
  g_autoptr(GFile) file = NULL;

  if (self->path == NULL || self->texture == NULL)
    return NULL;

  file = g_file_new_for_path (self->path);
  return gdk_content_provider_new_union ((GdkContentProvider *[2]) {
                                           gdk_content_provider_new_typed (G_TYPE_FILE, file),
                                           gdk_content_provider_new_typed (GDK_TYPE_TEXTURE, self->texture),
                                         }, 2);
}

/* Refused from its header: nothing was decoded, so there is nothing to zoom;
 * another app (which may tile or stream) can still open the file. */
static void
show_too_large (AtelierImageView *self,
                const char       *reason)
{
  g_autofree char *description = NULL;

  if (reason != NULL)
    /* Translators: %s says the image's size and the limit, e.g. "30000 ×
     * 30000 pixels, more than the 100 megapixels Atelier shows" */
    description = g_strdup_printf (_("%s. Open it with another app to see it."), reason);
  adw_status_page_set_description (ADW_STATUS_PAGE (self->too_large_page), description);
  gtk_widget_set_visible (self->too_large_page, reason != NULL);
  gtk_widget_set_visible (self->zoom_buttons, reason == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->scroller), reason == NULL);
}

static void
image_loaded (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AtelierImageView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = atelier_texture_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_spinner_stop (GTK_SPINNER (self->spinner));

  if (g_error_matches (error, ATELIER_IMAGE_ERROR, ATELIER_IMAGE_ERROR_TOO_LARGE))
    {
      show_too_large (self, error->message);
      return;
    }
  if (texture == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not show the image: %s"), error->message);

      gtk_label_set_text (GTK_LABEL (self->error_label), text);
      gtk_widget_set_visible (self->error_label, TRUE);
      return;
    }

  g_set_object (&self->texture, texture);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  apply_zoom (self);
}

static void
atelier_image_view_dispose (GObject *object)
{
  AtelierImageView *self = ATELIER_IMAGE_VIEW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->overlay, gtk_widget_unparent);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->texture);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (atelier_image_view_parent_class)->dispose (object);
}

static void
atelier_image_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AtelierImageView *self = ATELIER_IMAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_image_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AtelierImageView *self = ATELIER_IMAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PATH:
      atelier_image_view_set_path (self, g_value_get_string (value));
      break;
    case PROP_ZOOM:
      atelier_image_view_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_image_view_class_init (AtelierImageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_image_view_dispose;
  object_class->get_property = atelier_image_view_get_property;
  object_class->set_property = atelier_image_view_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 0, MAX_ZOOM, 0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "image.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "image.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "image.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "image.zoom-original", NULL, zoom_original_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "image.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "image.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "image.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "image.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "image.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "image.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "image.zoom-original", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "atelierimageview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkWidget *
osd_button (const char *icon,
            const char *action,
            const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  return button;
}

static void
atelier_image_view_init (AtelierImageView *self)
{
  GtkEventController *scroll;
  GtkWidget *buttons;
  GtkWidget *open_with;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Image"),
                                  -1);

  self->overlay = gtk_overlay_new ();
  gtk_widget_set_parent (self->overlay, GTK_WIDGET (self));

  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), GTK_WIDGET (self->scroller));

  self->picture = GTK_PICTURE (gtk_picture_new ());
  gtk_picture_set_can_shrink (self->picture, TRUE);
  gtk_picture_set_content_fit (self->picture, GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_add_css_class (GTK_WIDGET (self->picture), "atelier-image");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->picture),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Result image"),
                                  -1);
  gtk_scrolled_window_set_child (self->scroller, GTK_WIDGET (self->picture));

  self->spinner = gtk_spinner_new ();
  gtk_widget_set_size_request (self->spinner, 32, 32);
  gtk_widget_set_halign (self->spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->spinner, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->spinner);

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_halign (self->error_label, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->error_label, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->error_label);

  /* The window's "Open With…" still works on a file too large to show. */
  self->too_large_page = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->too_large_page), "image-x-generic-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (self->too_large_page), _("Image Too Large to Show"));
  open_with = gtk_button_new_with_mnemonic (_("Open _With…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (open_with), "win.open-with");
  gtk_widget_set_halign (open_with, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (open_with, "pill");
  adw_status_page_set_child (ADW_STATUS_PAGE (self->too_large_page), open_with);
  gtk_widget_set_visible (self->too_large_page, FALSE);
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), self->too_large_page);

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (buttons, "linked");
  gtk_widget_add_css_class (buttons, "osd");
  gtk_widget_add_css_class (buttons, "atelier-zoom");
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_widget_set_valign (buttons, GTK_ALIGN_END);
  gtk_widget_set_margin_end (buttons, 12);
  gtk_widget_set_margin_bottom (buttons, 12);
  gtk_box_append (GTK_BOX (buttons), osd_button ("zoom-out-symbolic", "image.zoom-out", _("Zoom Out")));
  gtk_box_append (GTK_BOX (buttons), osd_button ("zoom-fit-best-symbolic", "image.zoom-fit", _("Best Fit")));
  gtk_box_append (GTK_BOX (buttons), osd_button ("zoom-in-symbolic", "image.zoom-in", _("Zoom In")));
  gtk_overlay_add_overlay (GTK_OVERLAY (self->overlay), buttons);
  self->zoom_buttons = buttons;

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (scroll, GTK_PHASE_CAPTURE);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), scroll);

  self->pan = GTK_EVENT_CONTROLLER (gtk_gesture_drag_new ());
  g_signal_connect (self->pan, "drag-begin", G_CALLBACK (on_pan_begin), self);
  g_signal_connect (self->pan, "drag-update", G_CALLBACK (on_pan_update), self);
  g_signal_connect (self->pan, "drag-end", G_CALLBACK (on_pan_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), self->pan);

  self->drag_source = GTK_EVENT_CONTROLLER (gtk_drag_source_new ());
  gtk_drag_source_set_actions (GTK_DRAG_SOURCE (self->drag_source), GDK_ACTION_COPY);
  g_signal_connect (self->drag_source, "prepare", G_CALLBACK (on_drag_prepare), self);
  gtk_widget_add_controller (GTK_WIDGET (self->picture), self->drag_source);

  apply_zoom (self);
}

GtkWidget *
atelier_image_view_new (void)
{
  return g_object_new (ATELIER_TYPE_IMAGE_VIEW, NULL);
}

void
atelier_image_view_set_path (AtelierImageView *self,
                             const char       *path)
{
  g_return_if_fail (ATELIER_IS_IMAGE_VIEW (self));

  if (g_strcmp0 (path, self->path) == 0)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->texture);
  g_free (self->path);
  self->path = g_strdup (path);
  self->zoom = 0;

  gtk_widget_set_visible (self->error_label, FALSE);
  show_too_large (self, NULL);
  /* The cached thumbnail stands in while the full image decodes. */
  gtk_picture_set_paintable (self->picture,
                             path != NULL ? GDK_PAINTABLE (atelier_texture_lookup (path, 128)) : NULL);
  apply_zoom (self);

  if (path != NULL)
    {
      self->cancellable = g_cancellable_new ();
      gtk_widget_set_visible (self->spinner, TRUE);
      gtk_spinner_start (GTK_SPINNER (self->spinner));
      atelier_texture_load_async (path, 0, self->cancellable, image_loaded, g_object_ref (self));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

const char *
atelier_image_view_get_path (AtelierImageView *self)
{
  g_return_val_if_fail (ATELIER_IS_IMAGE_VIEW (self), NULL);

  return self->path;
}

GdkTexture *
atelier_image_view_get_texture (AtelierImageView *self)
{
  g_return_val_if_fail (ATELIER_IS_IMAGE_VIEW (self), NULL);

  return self->texture;
}

void
atelier_image_view_set_zoom (AtelierImageView *self,
                             double            zoom)
{
  g_return_if_fail (ATELIER_IS_IMAGE_VIEW (self));

  zoom = zoom <= 0 ? 0 : CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (zoom == self->zoom)
    return;

  self->zoom = zoom;
  apply_zoom (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

double
atelier_image_view_get_zoom (AtelierImageView *self)
{
  g_return_val_if_fail (ATELIER_IS_IMAGE_VIEW (self), 0);

  return self->zoom;
}
