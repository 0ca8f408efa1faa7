/* atelier-model-view-input.c: pointer, touch and keyboard camera control
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-viewer"

#include "config.h"

#include <math.h>

#include "atelier-model-view-private.h"

/* Radians per logical pixel: a drag across a typical view is a half turn. */
#define ORBIT_SPEED 0.008f

static void
drag_begin (GtkGestureDrag   *gesture,
            double            x,
            double            y,
            AtelierModelView *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->drag_x = 0;
  self->drag_y = 0;

  if (button == GDK_BUTTON_MIDDLE || (state & GDK_SHIFT_MASK) != 0)
    self->drag = DRAG_PAN;
  else if (button == GDK_BUTTON_PRIMARY || button == 0)
    self->drag = DRAG_ORBIT;
  else
    {
      self->drag = DRAG_NONE;
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
    }
}

static void
drag_update (GtkGestureDrag   *gesture,
             double            offset_x,
             double            offset_y,
             AtelierModelView *self)
{
  double dx = offset_x - self->drag_x, dy = offset_y - self->drag_y;

  self->drag_x = offset_x;
  self->drag_y = offset_y;

  switch (self->drag)
    {
    case DRAG_ORBIT:
      atelier_render_camera_orbit (&self->camera, -dx * ORBIT_SPEED, dy * ORBIT_SPEED);
      break;
    case DRAG_PAN:
      atelier_render_camera_pan (&self->camera, dx, dy,
                                 MAX (gtk_widget_get_height (GTK_WIDGET (self)), 1));
      break;
    case DRAG_NONE:
    default:
      return;
    }
  atelier_model_view_note_motion (self);
  atelier_model_view_queue (self);
}

static void
drag_end (GtkGestureDrag   *gesture,
          double            offset_x,
          double            offset_y,
          AtelierModelView *self)
{
  self->drag = DRAG_NONE;
}

static gboolean
scroll (GtkEventControllerScroll *controller,
        double                    dx,
        double                    dy,
        AtelierModelView         *self)
{
  atelier_render_camera_zoom (&self->camera, powf (1.12f, dy));
  atelier_model_view_note_motion (self);
  atelier_model_view_queue (self);
  return TRUE;
}

static void
zoom_begin (GtkGesture       *gesture,
            GdkEventSequence *sequence,
            AtelierModelView *self)
{
  self->zoom_scale = 1;
}

static void
zoom_changed (GtkGestureZoom   *gesture,
              double            scale,
              AtelierModelView *self)
{
  if (scale <= 0)
    return;
  atelier_render_camera_zoom (&self->camera, self->zoom_scale / scale);
  self->zoom_scale = scale;
  atelier_model_view_note_motion (self);
  atelier_model_view_queue (self);
}

static void
pressed (GtkGestureClick  *gesture,
         int               n_press,
         double            x,
         double            y,
         AtelierModelView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 2)
    atelier_model_view_frame (self);
}

static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             AtelierModelView      *self)
{
  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_f:
    case GDK_KEY_F:
      atelier_model_view_frame (self);
      return TRUE;
    case GDK_KEY_r:
    case GDK_KEY_R:
    case GDK_KEY_Home:
      atelier_model_view_reset_camera (self);
      return TRUE;
    case GDK_KEY_g:
    case GDK_KEY_G:
      atelier_model_view_set_show_grid (self, !self->show_grid);
      return TRUE;
    case GDK_KEY_w:
    case GDK_KEY_W:
      atelier_model_view_set_show_wireframe (self, !self->show_wireframe);
      return TRUE;
    case GDK_KEY_t:
    case GDK_KEY_T:
      atelier_model_view_set_auto_rotate (self, !self->auto_rotate);
      return TRUE;
    case GDK_KEY_o:
    case GDK_KEY_O:
      atelier_model_view_set_orthographic (self, !self->camera.orthographic);
      return TRUE;
    case GDK_KEY_1: case GDK_KEY_2: case GDK_KEY_3:
    case GDK_KEY_4: case GDK_KEY_5: case GDK_KEY_6:
      atelier_model_view_set_mode (self, keyval - GDK_KEY_1);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
drop (GtkDropTarget    *target,
      const GValue     *value,
      double            x,
      double            y,
      AtelierModelView *self)
{
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    {
      atelier_model_view_load_file (self, g_value_get_object (value));
      return TRUE;
    }
  return FALSE;
}

void
atelier_model_view_setup_input (AtelierModelView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkGesture *drag, *zoom, *click;
  GtkEventController *scroll_controller, *key;
  GtkDropTarget *drop_target;

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), 0);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (zoom_begin), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (zoom_changed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (zoom));

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (pressed), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));

  scroll_controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (scroll_controller, "scroll", G_CALLBACK (scroll), self);
  gtk_widget_add_controller (widget, scroll_controller);

  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (widget, key);

  drop_target = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect (drop_target, "drop", G_CALLBACK (drop), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drop_target));
}
