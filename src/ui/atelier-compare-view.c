/* atelier-compare-view.c: two images over each other with a wipe between them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-compare-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "atelier-compare-view.h"

#define MAX_ZOOM    16.0
#define ZOOM_STEP   1.25
#define SPLIT_STEP  0.05
#define SPLIT_FINE  0.01
#define PAN_STEP    0.1
/* How near the handle a press has to be to take it, in pixels. */
#define HANDLE_GRAB 16.0
#define KNOB_SIZE   28.0

typedef enum
{
  DRAG_NONE,
  DRAG_SPLIT,
  DRAG_PAN,
} DragMode;

struct _AtelierCompareView
{
  GtkWidget   parent_instance;

  GdkTexture *textures[2];
  double      split;
  double      zoom;
  /* The images' centre, from the view's centre, in pixels. */
  double      pan_x;
  double      pan_y;

  DragMode    drag_mode;
  double      drag_start_x;
  double      drag_start_pan_x;
  double      drag_start_pan_y;
  double      pinch_start_zoom;
  double      pointer_x;
  double      pointer_y;
};

enum {
  PROP_0,
  PROP_SPLIT,
  PROP_ZOOM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (AtelierCompareView, atelier_compare_view, GTK_TYPE_WIDGET)

/* Geometry */

static GdkTexture *
reference (AtelierCompareView *self)
{
  return self->textures[0] != NULL ? self->textures[0] : self->textures[1];
}

/* The box both images fit in at zoom 1: the first image's shape, as large
 * as the view allows. */
static gboolean
base_size (AtelierCompareView *self,
           double             *width,
           double             *height)
{
  GdkTexture *ref = reference (self);
  double w = gtk_widget_get_width (GTK_WIDGET (self));
  double h = gtk_widget_get_height (GTK_WIDGET (self));
  double tw, th, scale;

  if (ref == NULL || w <= 0 || h <= 0)
    return FALSE;
  tw = gdk_texture_get_width (ref);
  th = gdk_texture_get_height (ref);
  scale = MIN (w / tw, h / th);
  *width = tw * scale;
  *height = th * scale;
  return TRUE;
}

static void
clamp_pan (AtelierCompareView *self)
{
  double bw, bh, max_x, max_y;

  if (!base_size (self, &bw, &bh))
    {
      self->pan_x = self->pan_y = 0;
      return;
    }
  /* Never further than the image's edge reaching the view's. */
  max_x = MAX (0, (bw * self->zoom - gtk_widget_get_width (GTK_WIDGET (self))) / 2);
  max_y = MAX (0, (bh * self->zoom - gtk_widget_get_height (GTK_WIDGET (self))) / 2);
  self->pan_x = CLAMP (self->pan_x, -max_x, max_x);
  self->pan_y = CLAMP (self->pan_y, -max_y, max_y);
}

gboolean
atelier_compare_view_get_image_bounds (AtelierCompareView *self,
                                       AtelierCompareSide  side,
                                       graphene_rect_t    *bounds)
{
  GdkTexture *texture;
  double bw, bh, dw, dh, tw, th, scale, cx, cy;

  g_return_val_if_fail (ATELIER_IS_COMPARE_VIEW (self), FALSE);
  g_return_val_if_fail (side <= ATELIER_COMPARE_SIDE_RIGHT, FALSE);

  texture = self->textures[side];
  if (texture == NULL || !base_size (self, &bw, &bh))
    return FALSE;

  dw = bw * self->zoom;
  dh = bh * self->zoom;
  cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0 + self->pan_x;
  cy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0 + self->pan_y;
  /* An image of another shape fits inside the same box, centred. */
  tw = gdk_texture_get_width (texture);
  th = gdk_texture_get_height (texture);
  scale = MIN (dw / tw, dh / th);
  graphene_rect_init (bounds, cx - tw * scale / 2, cy - th * scale / 2, tw * scale, th * scale);
  return TRUE;
}

static void
update_accessible (AtelierCompareView *self)
{
  int percent = (int) (self->split * 100 + 0.5);
  /* Translators: read by a screen reader as the handle moves */
  g_autofree char *text = g_strdup_printf (_("%d %% left image, %d %% right image"), percent, 100 - percent);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, (double) percent,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

/* Zooms keeping the point (@x, @y) of the view where it is. */
static void
zoom_at (AtelierCompareView *self,
         double              zoom,
         double              x,
         double              y)
{
  double factor, cx, cy;

  zoom = CLAMP (zoom, 1.0, MAX_ZOOM);
  if (zoom == self->zoom)
    return;

  factor = zoom / self->zoom;
  cx = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0 + self->pan_x;
  cy = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0 + self->pan_y;
  self->pan_x = x - (x - cx) * factor - gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  self->pan_y = y - (y - cy) * factor - gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
  self->zoom = zoom;
  clamp_pan (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.zoom-out", zoom > 1.0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.zoom-in", zoom < MAX_ZOOM);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ZOOM]);
}

static void
zoom_centered (AtelierCompareView *self,
               double              zoom)
{
  zoom_at (self, zoom, gtk_widget_get_width (GTK_WIDGET (self)) / 2.0,
           gtk_widget_get_height (GTK_WIDGET (self)) / 2.0);
}

/* Drawing */

static void
atelier_compare_view_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  AtelierCompareView *self = ATELIER_COMPARE_VIEW (widget);
  double w = gtk_widget_get_width (widget);
  double h = gtk_widget_get_height (widget);
  float split_x = (float) (w * self->split);
  gboolean focused = (gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_FOCUS_VISIBLE) != 0;
  GdkRGBA line = { 1, 1, 1, 0.9f };
  GdkRGBA shade = { 0, 0, 0, 0.5f };
  GdkRGBA accent = { 0.21f, 0.52f, 0.89f, 1 };
  graphene_rect_t bounds;
  GskRoundedRect knob;

  for (guint side = 0; side < 2; side++)
    {
      graphene_rect_t clip = side == 0 ? GRAPHENE_RECT_INIT (0, 0, split_x, h)
                                       : GRAPHENE_RECT_INIT (split_x, 0, w - split_x, h);

      if (!atelier_compare_view_get_image_bounds (self, side, &bounds))
        continue;
      gtk_snapshot_push_clip (snapshot, &clip);
      gtk_snapshot_append_texture (snapshot, self->textures[side], &bounds);
      gtk_snapshot_pop (snapshot);
    }

  /* The handle: a line with a knob, dark-edged to show on light images too. */
  gtk_snapshot_append_color (snapshot, &shade, &GRAPHENE_RECT_INIT (split_x - 2, 0, 4, h));
  gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (split_x - 1, 0, 2, h));
  gsk_rounded_rect_init_from_rect (&knob, &GRAPHENE_RECT_INIT (split_x - KNOB_SIZE / 2, h / 2 - KNOB_SIZE / 2,
                                                               KNOB_SIZE, KNOB_SIZE), KNOB_SIZE / 2);
  gtk_snapshot_push_rounded_clip (snapshot, &knob);
  gtk_snapshot_append_color (snapshot, focused ? &accent : &line, &knob.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &knob, (float[4]) { 2, 2, 2, 2 },
                              (GdkRGBA[4]) { shade, shade, shade, shade });
}

static void
atelier_compare_view_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  clamp_pan (ATELIER_COMPARE_VIEW (widget));
}

static void
atelier_compare_view_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  *minimum = 64;
  *natural = 480;
}

/* Input */

static void
on_drag_begin (GtkGestureDrag     *gesture,
               double              x,
               double              y,
               AtelierCompareView *self)
{
  double split_x = gtk_widget_get_width (GTK_WIDGET (self)) * self->split;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_start_x = x;
  self->drag_start_pan_x = self->pan_x;
  self->drag_start_pan_y = self->pan_y;
  /* Fitted, there is nothing to pan: a press anywhere puts the split there. */
  if (fabs (x - split_x) <= HANDLE_GRAB || self->zoom <= 1.0)
    {
      self->drag_mode = DRAG_SPLIT;
      atelier_compare_view_set_split (self, x / MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1));
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "col-resize");
    }
  else
    {
      self->drag_mode = DRAG_PAN;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
    }
}

static void
on_drag_update (GtkGestureDrag     *gesture,
                double              dx,
                double              dy,
                AtelierCompareView *self)
{
  if (self->drag_mode == DRAG_SPLIT)
    atelier_compare_view_set_split (self, (self->drag_start_x + dx) /
                                          MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1));
  else if (self->drag_mode == DRAG_PAN)
    {
      self->pan_x = self->drag_start_pan_x + dx;
      self->pan_y = self->drag_start_pan_y + dy;
      clamp_pan (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_drag_end (GtkGestureDrag     *gesture,
             double              dx,
             double              dy,
             AtelierCompareView *self)
{
  self->drag_mode = DRAG_NONE;
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static void
on_motion (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           AtelierCompareView       *self)
{
  self->pointer_x = x;
  self->pointer_y = y;
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           AtelierCompareView       *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));

  if (!(state & GDK_CONTROL_MASK) || reference (self) == NULL)
    return FALSE;
  zoom_at (self, self->zoom * (dy < 0 ? 1.1 : 1 / 1.1), self->pointer_x, self->pointer_y);
  return TRUE;
}

static void
on_pinch_begin (GtkGesture         *gesture,
                GdkEventSequence   *sequence,
                AtelierCompareView *self)
{
  self->pinch_start_zoom = self->zoom;
}

static void
on_pinch_scale (GtkGestureZoom     *gesture,
                double              scale,
                AtelierCompareView *self)
{
  double x, y;

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
      y = gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;
    }
  zoom_at (self, self->pinch_start_zoom * scale, x, y);
}

static void
split_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  AtelierCompareView *self = ATELIER_COMPARE_VIEW (widget);

  atelier_compare_view_set_split (self, self->split + g_variant_get_double (param));
}

static void
split_to_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  atelier_compare_view_set_split (ATELIER_COMPARE_VIEW (widget), g_variant_get_double (param));
}

/* Parameter: how far to look, in parts of the view (up and left negative),
 * as scrolling would. */
static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  AtelierCompareView *self = ATELIER_COMPARE_VIEW (widget);
  double dx, dy;

  g_variant_get (param, "(dd)", &dx, &dy);
  self->pan_x -= dx * gtk_widget_get_width (widget);
  self->pan_y -= dy * gtk_widget_get_height (widget);
  clamp_pan (self);
  gtk_widget_queue_draw (widget);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AtelierCompareView *self = ATELIER_COMPARE_VIEW (widget);

  if (g_str_equal (action_name, "compare.zoom-in"))
    zoom_centered (self, self->zoom * ZOOM_STEP);
  else if (g_str_equal (action_name, "compare.zoom-out"))
    zoom_centered (self, self->zoom / ZOOM_STEP);
  else
    zoom_centered (self, 1.0);
}

/* GObject */

static void
atelier_compare_view_dispose (GObject *object)
{
  AtelierCompareView *self = ATELIER_COMPARE_VIEW (object);

  g_clear_object (&self->textures[0]);
  g_clear_object (&self->textures[1]);

  G_OBJECT_CLASS (atelier_compare_view_parent_class)->dispose (object);
}

static void
atelier_compare_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  AtelierCompareView *self = ATELIER_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SPLIT:
      g_value_set_double (value, self->split);
      break;
    case PROP_ZOOM:
      g_value_set_double (value, self->zoom);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_compare_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  AtelierCompareView *self = ATELIER_COMPARE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SPLIT:
      atelier_compare_view_set_split (self, g_value_get_double (value));
      break;
    case PROP_ZOOM:
      atelier_compare_view_set_zoom (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
add_key (GtkWidgetClass  *widget_class,
         guint            keyval,
         GdkModifierType  mods,
         const char      *action,
         double           value)
{
  if (g_str_has_prefix (action, "compare.split"))
    gtk_widget_class_add_binding_action (widget_class, keyval, mods, action, "d", value);
  else
    gtk_widget_class_add_binding_action (widget_class, keyval, mods, action, NULL);
}

static void
atelier_compare_view_class_init (AtelierCompareViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_compare_view_dispose;
  object_class->get_property = atelier_compare_view_get_property;
  object_class->set_property = atelier_compare_view_set_property;
  widget_class->snapshot = atelier_compare_view_snapshot;
  widget_class->measure = atelier_compare_view_measure;
  widget_class->size_allocate = atelier_compare_view_size_allocate;

  properties[PROP_SPLIT] =
    g_param_spec_double ("split", NULL, NULL, 0, 1, 0.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ZOOM] =
    g_param_spec_double ("zoom", NULL, NULL, 1, MAX_ZOOM, 1,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "compare.split", "d", split_action);
  gtk_widget_class_install_action (widget_class, "compare.split-to", "d", split_to_action);
  gtk_widget_class_install_action (widget_class, "compare.pan", "(dd)", pan_action);
  gtk_widget_class_install_action (widget_class, "compare.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "compare.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "compare.zoom-reset", NULL, zoom_action);

  add_key (widget_class, GDK_KEY_Left, 0, "compare.split", -SPLIT_STEP);
  add_key (widget_class, GDK_KEY_KP_Left, 0, "compare.split", -SPLIT_STEP);
  add_key (widget_class, GDK_KEY_Right, 0, "compare.split", SPLIT_STEP);
  add_key (widget_class, GDK_KEY_KP_Right, 0, "compare.split", SPLIT_STEP);
  add_key (widget_class, GDK_KEY_Left, GDK_SHIFT_MASK, "compare.split", -SPLIT_FINE);
  add_key (widget_class, GDK_KEY_Right, GDK_SHIFT_MASK, "compare.split", SPLIT_FINE);
  add_key (widget_class, GDK_KEY_Home, 0, "compare.split-to", 0);
  add_key (widget_class, GDK_KEY_End, 0, "compare.split-to", 1);
  /* Left and Right are the split's: panning sideways takes Ctrl. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "compare.pan", "(dd)", 0.0, -PAN_STEP);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "compare.pan", "(dd)", 0.0, PAN_STEP);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_CONTROL_MASK, "compare.pan", "(dd)", -PAN_STEP, 0.0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_CONTROL_MASK, "compare.pan", "(dd)", PAN_STEP, 0.0);
  add_key (widget_class, GDK_KEY_plus, 0, "compare.zoom-in", 0);
  add_key (widget_class, GDK_KEY_equal, 0, "compare.zoom-in", 0);
  add_key (widget_class, GDK_KEY_KP_Add, 0, "compare.zoom-in", 0);
  add_key (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "compare.zoom-in", 0);
  add_key (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "compare.zoom-in", 0);
  add_key (widget_class, GDK_KEY_minus, 0, "compare.zoom-out", 0);
  add_key (widget_class, GDK_KEY_KP_Subtract, 0, "compare.zoom-out", 0);
  add_key (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "compare.zoom-out", 0);
  add_key (widget_class, GDK_KEY_0, 0, "compare.zoom-reset", 0);
  add_key (widget_class, GDK_KEY_KP_0, 0, "compare.zoom-reset", 0);
  add_key (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "compare.zoom-reset", 0);

  gtk_widget_class_set_css_name (widget_class, "ateliercompareview");
  /* The handle is what a screen reader can move: a slider. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SLIDER);
}

static void
atelier_compare_view_init (AtelierCompareView *self)
{
  GtkGesture *drag, *pinch;
  GtkEventController *scroll, *motion;

  self->split = 0.5;
  self->zoom = 1.0;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Comparison split"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Left and Right move the split, plus and minus zoom both images"),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 100.0,
                                  -1);
  update_accessible (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.zoom-out", FALSE);

  drag = gtk_gesture_drag_new ();
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  pinch = gtk_gesture_zoom_new ();
  g_signal_connect (pinch, "begin", G_CALLBACK (on_pinch_begin), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (on_pinch_scale), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (pinch));
  gtk_gesture_group (pinch, drag);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

GtkWidget *
atelier_compare_view_new (void)
{
  return g_object_new (ATELIER_TYPE_COMPARE_VIEW, NULL);
}

void
atelier_compare_view_set_texture (AtelierCompareView *self,
                                  AtelierCompareSide  side,
                                  GdkTexture         *texture)
{
  g_return_if_fail (ATELIER_IS_COMPARE_VIEW (self));
  g_return_if_fail (side <= ATELIER_COMPARE_SIDE_RIGHT);
  g_return_if_fail (texture == NULL || GDK_IS_TEXTURE (texture));

  if (g_set_object (&self->textures[side], texture))
    {
      clamp_pan (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

GdkTexture *
atelier_compare_view_get_texture (AtelierCompareView *self,
                                  AtelierCompareSide  side)
{
  g_return_val_if_fail (ATELIER_IS_COMPARE_VIEW (self), NULL);
  g_return_val_if_fail (side <= ATELIER_COMPARE_SIDE_RIGHT, NULL);

  return self->textures[side];
}

void
atelier_compare_view_set_split (AtelierCompareView *self,
                                double              split)
{
  g_return_if_fail (ATELIER_IS_COMPARE_VIEW (self));

  split = CLAMP (split, 0.0, 1.0);
  /* Steps of 0.05 added up must land on 0.5 again, not 0.49999…. */
  split = round (split * 1000) / 1000;
  if (split == self->split)
    return;
  self->split = split;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPLIT]);
}

double
atelier_compare_view_get_split (AtelierCompareView *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPARE_VIEW (self), 0.5);

  return self->split;
}

void
atelier_compare_view_set_zoom (AtelierCompareView *self,
                               double              zoom)
{
  g_return_if_fail (ATELIER_IS_COMPARE_VIEW (self));

  zoom_centered (self, zoom);
}

double
atelier_compare_view_get_zoom (AtelierCompareView *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPARE_VIEW (self), 1.0);

  return self->zoom;
}

void
atelier_compare_view_get_pan (AtelierCompareView *self,
                              double             *x,
                              double             *y)
{
  g_return_if_fail (ATELIER_IS_COMPARE_VIEW (self));

  *x = self->pan_x;
  *y = self->pan_y;
}
