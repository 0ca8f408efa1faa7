/* atelier-output-grid.c: a job's several images as a grid of tiles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-output-grid"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-output-grid.h"
#include "atelier-resources.h"
#include "atelier-texture-loader.h"

/* Tiles are at most this wide on screen; twice that covers HiDPI. */
#define THUMB_SIZE 320

struct _AtelierOutputGrid
{
  GtkWidget     parent_instance;

  /* Template Widgets */
  GtkFlowBox   *flow_box;
  GtkWidget    *action_box;
  GtkWidget    *star_button;
  GMenuModel   *tile_menu;

  /* Owned References */
  AtelierJob   *job;
  GPtrArray    *paths;        /* the image outputs shown, one per tile */
  GCancellable *cancellable;  /* thumbnails of the tiles shown */
  GtkWidget    *menu;         /* GtkPopoverMenu, ours to unparent */

  /* Borrowed: the tile a right click was on, while its menu is open. */
  GtkWidget    *menu_tile;
};

enum {
  PROP_0,
  PROP_JOB,
  PROP_CURRENT,
  N_PROPS
};

enum {
  SIGNAL_OPEN_OUTPUT,
  SIGNAL_SAVE_OUTPUT,
  SIGNAL_USE_OUTPUT,
  SIGNAL_COMPARE_OUTPUTS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AtelierOutputGrid, atelier_output_grid, GTK_TYPE_WIDGET)

static gboolean
is_image_path (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".png") || g_str_has_suffix (lower, ".jpg")
      || g_str_has_suffix (lower, ".jpeg") || g_str_has_suffix (lower, ".webp");
}

static guint
tile_index (GtkWidget *tile)
{
  return (guint) gtk_flow_box_child_get_index (GTK_FLOW_BOX_CHILD (tile));
}

static const char *
tile_path (AtelierOutputGrid *self,
           GtkWidget         *tile)
{
  guint index = tile != NULL ? tile_index (tile) : G_MAXUINT;

  return index < self->paths->len ? g_ptr_array_index (self->paths, index) : NULL;
}

/* The tile with the keyboard focus, if the focus is in the grid. */
static GtkWidget *
focused_tile (AtelierOutputGrid *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  for (; focus != NULL; focus = gtk_widget_get_parent (focus))
    {
      if (GTK_IS_FLOW_BOX_CHILD (focus) &&
          gtk_widget_get_parent (focus) == GTK_WIDGET (self->flow_box))
        return focus;
      if (focus == GTK_WIDGET (self))
        break;
    }
  return NULL;
}

static GtkWidget *
current_tile (AtelierOutputGrid *self)
{
  g_autoptr(GList) selected = NULL;
  GtkWidget *tile;

  if (self->menu_tile != NULL)
    return self->menu_tile;
  if ((tile = focused_tile (self)) != NULL)
    return tile;
  selected = gtk_flow_box_get_selected_children (self->flow_box);
  if (selected != NULL)
    return selected->data;
  return GTK_WIDGET (gtk_flow_box_get_child_at_index (self->flow_box, 0));
}

/* Tiles */

static void
update_tile (AtelierOutputGrid *self,
             GtkWidget         *tile)
{
  const char *path = tile_path (self, tile);
  gboolean starred = self->job != NULL && atelier_job_get_output_starred (self->job, path);
  GtkWidget *star = g_object_get_data (G_OBJECT (tile), "star");
  g_autofree char *label = NULL;

  /* Translators: the accessible name of one image of several, e.g.
   * "Image 2 of 4, starred" */
  label = starred ? g_strdup_printf (_("Image %u of %u, starred"), tile_index (tile) + 1, self->paths->len)
                  : g_strdup_printf (_("Image %u of %u"), tile_index (tile) + 1, self->paths->len);
  gtk_widget_set_visible (star, starred);
  gtk_widget_set_tooltip_text (tile, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (tile), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
update_actions (AtelierOutputGrid *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const char *current = atelier_output_grid_get_current (self);
  gboolean starred = current != NULL && self->job != NULL &&
                     atelier_job_get_output_starred (self->job, current);

  gtk_widget_action_set_enabled (widget, "grid.open", current != NULL);
  gtk_widget_action_set_enabled (widget, "grid.star", current != NULL);
  gtk_widget_action_set_enabled (widget, "grid.save", current != NULL);
  gtk_widget_action_set_enabled (widget, "grid.use-as-input", current != NULL);
  gtk_widget_action_set_enabled (widget, "grid.compare", self->paths->len >= 2);
  gtk_button_set_icon_name (GTK_BUTTON (self->star_button),
                            starred ? "starred-symbolic" : "non-starred-symbolic");
  gtk_widget_set_tooltip_text (self->star_button,
                               starred ? _("Unstar Image (Ctrl+D)") : _("Star Image (Ctrl+D)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->star_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  starred ? _("Unstar image") : _("Star image"), -1);
}

static void
update_stars (AtelierOutputGrid *self)
{
  for (guint i = 0; i < self->paths->len; i++)
    update_tile (self, GTK_WIDGET (gtk_flow_box_get_child_at_index (self->flow_box, i)));
  update_actions (self);
}

static void
thumbnail_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = atelier_texture_load_finish (result, &error);

  if (texture != NULL)
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_widget_set_tooltip_text (GTK_WIDGET (picture), error->message);
}

static GtkWidget *
make_tile (AtelierOutputGrid *self,
           const char        *path)
{
  GtkWidget *tile = gtk_flow_box_child_new ();
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *picture = gtk_picture_new ();
  GtkWidget *star = gtk_image_new_from_icon_name ("starred-symbolic");
  GdkTexture *cached = atelier_texture_lookup (path, THUMB_SIZE);

  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_widget_set_size_request (picture, 120, 120);
  gtk_widget_add_css_class (picture, "atelier-thumb");
  gtk_overlay_set_child (GTK_OVERLAY (overlay), picture);

  gtk_widget_set_halign (star, GTK_ALIGN_END);
  gtk_widget_set_valign (star, GTK_ALIGN_START);
  gtk_widget_set_margin_top (star, 6);
  gtk_widget_set_margin_end (star, 6);
  gtk_widget_add_css_class (star, "atelier-output-star");
  /* The tile's name says it; the icon would only repeat it. */
  gtk_accessible_update_state (GTK_ACCESSIBLE (star), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), star);

  gtk_flow_box_child_set_child (GTK_FLOW_BOX_CHILD (tile), overlay);
  gtk_widget_add_css_class (tile, "atelier-output-tile");
  g_object_set_data (G_OBJECT (tile), "star", star);

  if (cached != NULL)
    gtk_picture_set_paintable (GTK_PICTURE (picture), GDK_PAINTABLE (cached));
  else
    atelier_texture_load_async (path, THUMB_SIZE, self->cancellable, thumbnail_loaded,
                                g_object_ref (picture));
  g_clear_object (&cached);
  return tile;
}

/* @force: another job, whose tiles start over even with the same files. */
static void
rebuild (AtelierOutputGrid *self,
         gboolean           force)
{
  const char *const *outputs = self->job != NULL ? atelier_job_get_outputs (self->job) : NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *child;
  gboolean same = !force;

  for (guint i = 0; outputs != NULL && outputs[i] != NULL; i++)
    if (is_image_path (outputs[i]))
      g_ptr_array_add (paths, g_strdup (outputs[i]));

  /* A star or a status change must not reload the tiles and lose the focus. */
  if (paths->len != self->paths->len)
    same = FALSE;
  for (guint i = 0; same && i < paths->len; i++)
    same = g_str_equal (g_ptr_array_index (paths, i), g_ptr_array_index (self->paths, i));
  if (same)
    {
      update_stars (self);
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  self->menu_tile = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->flow_box))) != NULL)
    gtk_flow_box_remove (self->flow_box, child);

  g_ptr_array_unref (self->paths);
  self->paths = g_steal_pointer (&paths);
  for (guint i = 0; i < self->paths->len; i++)
    gtk_flow_box_append (self->flow_box, make_tile (self, g_ptr_array_index (self->paths, i)));
  gtk_widget_set_visible (self->action_box, self->paths->len > 0);
  if (self->paths->len > 0)
    gtk_flow_box_select_child (self->flow_box, gtk_flow_box_get_child_at_index (self->flow_box, 0));
  update_stars (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

static void
on_job_notify (AtelierOutputGrid *self,
               GParamSpec        *pspec,
               AtelierJob        *job)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "outputs"))
    rebuild (self, FALSE);
  else if (g_str_equal (name, "starred-outputs"))
    update_stars (self);
}

/* Actions */

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AtelierOutputGrid *self = ATELIER_OUTPUT_GRID (widget);
  const char *path = atelier_output_grid_get_current (self);

  if (path != NULL)
    g_signal_emit (self, signals[SIGNAL_OPEN_OUTPUT], 0, path);
}

static void
star_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AtelierOutputGrid *self = ATELIER_OUTPUT_GRID (widget);
  const char *path = atelier_output_grid_get_current (self);

  if (path != NULL)
    atelier_job_set_output_starred (self->job, path, !atelier_job_get_output_starred (self->job, path));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AtelierOutputGrid *self = ATELIER_OUTPUT_GRID (widget);
  const char *path = atelier_output_grid_get_current (self);

  if (path != NULL)
    g_signal_emit (self, signals[SIGNAL_SAVE_OUTPUT], 0, path);
}

static void
use_as_input_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AtelierOutputGrid *self = ATELIER_OUTPUT_GRID (widget);
  const char *path = atelier_output_grid_get_current (self);

  if (path != NULL)
    g_signal_emit (self, signals[SIGNAL_USE_OUTPUT], 0, path);
}

static int
compare_tiles (gconstpointer a,
               gconstpointer b)
{
  return gtk_flow_box_child_get_index ((GtkFlowBoxChild *) a) -
         gtk_flow_box_child_get_index ((GtkFlowBoxChild *) b);
}

/* The two selected tiles; with fewer, the current one and the one after it,
 * so that Compare always does something. */
static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  AtelierOutputGrid *self = ATELIER_OUTPUT_GRID (widget);
  g_autoptr(GList) selected = gtk_flow_box_get_selected_children (self->flow_box);
  GtkWidget *a = NULL, *b = NULL;
  guint n = self->paths->len;

  if (n < 2)
    return;

  selected = g_list_sort (selected, compare_tiles);
  if (g_list_length (selected) >= 2)
    {
      a = selected->data;
      b = selected->next->data;
    }
  else
    {
      guint first;

      a = current_tile (self);
      first = a != NULL ? tile_index (a) : 0;
      b = GTK_WIDGET (gtk_flow_box_get_child_at_index (self->flow_box, (first + 1) % n));
    }
  if (a != NULL && b != NULL && a != b)
    g_signal_emit (self, signals[SIGNAL_COMPARE_OUTPUTS], 0, tile_path (self, a), tile_path (self, b));
}

static void
on_menu_closed (AtelierOutputGrid *self)
{
  self->menu_tile = NULL;
  update_actions (self);
}

static void
popup_menu (AtelierOutputGrid *self,
            GtkWidget         *tile,
            double             x,
            double             y)
{
  graphene_point_t point;
  GdkRectangle rect = { 0, 0, 1, 1 };

  if (tile == NULL)
    return;

  self->menu_tile = tile;
  update_actions (self);
  if (x < 0 || !gtk_widget_compute_point (tile, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &point))
    {
      /* From the keyboard: under the tile's middle. */
      if (!gtk_widget_compute_point (tile, GTK_WIDGET (self),
                                     &GRAPHENE_POINT_INIT (gtk_widget_get_width (tile) / 2.f,
                                                           gtk_widget_get_height (tile) / 2.f),
                                     &point))
        point = GRAPHENE_POINT_INIT (0, 0);
    }
  rect.x = (int) point.x;
  rect.y = (int) point.y;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
menu_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AtelierOutputGrid *self = ATELIER_OUTPUT_GRID (widget);

  popup_menu (self, current_tile (self), -1, -1);
}

static void
on_right_click (GtkGestureClick   *gesture,
                int                n_press,
                double             x,
                double             y,
                AtelierOutputGrid *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->flow_box), x, y, GTK_PICK_DEFAULT);
  GtkWidget *tile = picked;
  graphene_point_t point;

  while (tile != NULL && !GTK_IS_FLOW_BOX_CHILD (tile))
    tile = gtk_widget_get_parent (tile);
  if (tile == NULL)
    return;

  /* A right click on an unselected tile is about that tile alone. */
  if (!gtk_flow_box_child_is_selected (GTK_FLOW_BOX_CHILD (tile)))
    {
      gtk_flow_box_unselect_all (self->flow_box);
      gtk_flow_box_select_child (self->flow_box, GTK_FLOW_BOX_CHILD (tile));
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (!gtk_widget_compute_point (GTK_WIDGET (self->flow_box), tile, &GRAPHENE_POINT_INIT (x, y), &point))
    point = GRAPHENE_POINT_INIT (-1, -1);
  popup_menu (self, tile, point.x, point.y);
}

static void
on_child_activated (AtelierOutputGrid *self,
                    GtkFlowBoxChild   *child)
{
  const char *path = tile_path (self, GTK_WIDGET (child));

  if (path != NULL)
    g_signal_emit (self, signals[SIGNAL_OPEN_OUTPUT], 0, path);
}

static void
on_selection_changed (AtelierOutputGrid *self)
{
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

/* GObject */

static void
atelier_output_grid_dispose (GObject *object)
{
  AtelierOutputGrid *self = ATELIER_OUTPUT_GRID (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->job != NULL)
    g_signal_handlers_disconnect_by_func (self->job, on_job_notify, self);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_OUTPUT_GRID);
  /* Template children without an id are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->menu_tile = NULL;
  g_clear_object (&self->job);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->paths, g_ptr_array_unref);

  G_OBJECT_CLASS (atelier_output_grid_parent_class)->dispose (object);
}

static void
atelier_output_grid_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  AtelierOutputGrid *self = ATELIER_OUTPUT_GRID (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    case PROP_CURRENT:
      g_value_set_string (value, atelier_output_grid_get_current (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_output_grid_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  AtelierOutputGrid *self = ATELIER_OUTPUT_GRID (object);

  switch (prop_id)
    {
    case PROP_JOB:
      atelier_output_grid_set_job (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_output_grid_class_init (AtelierOutputGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_output_grid_dispose;
  object_class->get_property = atelier_output_grid_get_property;
  object_class->set_property = atelier_output_grid_set_property;

  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL, ATELIER_TYPE_JOB,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT] =
    g_param_spec_string ("current", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_OPEN_OUTPUT] =
    g_signal_new ("open-output", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_SAVE_OUTPUT] =
    g_signal_new ("save-output", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_USE_OUTPUT] =
    g_signal_new ("use-output", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_COMPARE_OUTPUTS] =
    g_signal_new ("compare-outputs", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  atelier_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/ui/atelier-output-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierOutputGrid, flow_box);
  gtk_widget_class_bind_template_child (widget_class, AtelierOutputGrid, action_box);
  gtk_widget_class_bind_template_child (widget_class, AtelierOutputGrid, star_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierOutputGrid, tile_menu);

  gtk_widget_class_install_action (widget_class, "grid.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "grid.star", NULL, star_action);
  gtk_widget_class_install_action (widget_class, "grid.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "grid.use-as-input", NULL, use_as_input_action);
  gtk_widget_class_install_action (widget_class, "grid.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "grid.menu", NULL, menu_action);

  /* Bubbling up from a tile, these come before the window's own Ctrl+D and
   * Ctrl+S, which would act on the job rather than the image. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "grid.star", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "grid.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "grid.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "grid.menu", NULL);

  gtk_widget_class_set_css_name (widget_class, "atelieroutputgrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
atelier_output_grid_init (AtelierOutputGrid *self)
{
  GtkGesture *click;

  self->paths = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->flow_box, "child-activated", G_CALLBACK (on_child_activated), self);
  g_signal_connect_swapped (self->flow_box, "selected-children-changed",
                            G_CALLBACK (on_selection_changed), self);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_right_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self->flow_box), GTK_EVENT_CONTROLLER (click));

  self->menu = gtk_popover_menu_new_from_model (self->tile_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
  g_signal_connect_swapped (self->menu, "closed", G_CALLBACK (on_menu_closed), self);

  gtk_widget_set_visible (self->action_box, FALSE);
  update_actions (self);
}

GtkWidget *
atelier_output_grid_new (void)
{
  return g_object_new (ATELIER_TYPE_OUTPUT_GRID, NULL);
}

void
atelier_output_grid_set_job (AtelierOutputGrid *self,
                             AtelierJob        *job)
{
  g_return_if_fail (ATELIER_IS_OUTPUT_GRID (self));
  g_return_if_fail (job == NULL || ATELIER_IS_JOB (job));

  if (self->job == job)
    return;

  if (self->job != NULL)
    g_signal_handlers_disconnect_by_func (self->job, on_job_notify, self);
  g_set_object (&self->job, job);
  if (job != NULL)
    g_signal_connect_object (job, "notify", G_CALLBACK (on_job_notify), self, G_CONNECT_SWAPPED);
  rebuild (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}

AtelierJob *
atelier_output_grid_get_job (AtelierOutputGrid *self)
{
  g_return_val_if_fail (ATELIER_IS_OUTPUT_GRID (self), NULL);

  return self->job;
}

guint
atelier_output_grid_get_n_tiles (AtelierOutputGrid *self)
{
  g_return_val_if_fail (ATELIER_IS_OUTPUT_GRID (self), 0);

  return self->paths->len;
}

GtkWidget *
atelier_output_grid_get_tile (AtelierOutputGrid *self,
                              guint              index)
{
  g_return_val_if_fail (ATELIER_IS_OUTPUT_GRID (self), NULL);

  return (GtkWidget *) gtk_flow_box_get_child_at_index (self->flow_box, (int) index);
}

const char *
atelier_output_grid_get_current (AtelierOutputGrid *self)
{
  g_return_val_if_fail (ATELIER_IS_OUTPUT_GRID (self), NULL);

  return tile_path (self, current_tile (self));
}

void
atelier_output_grid_select (AtelierOutputGrid *self,
                            guint              index)
{
  GtkFlowBoxChild *tile;

  g_return_if_fail (ATELIER_IS_OUTPUT_GRID (self));

  if ((tile = gtk_flow_box_get_child_at_index (self->flow_box, (int) index)) == NULL)
    return;
  gtk_flow_box_unselect_all (self->flow_box);
  gtk_flow_box_select_child (self->flow_box, tile);
  gtk_widget_grab_focus (GTK_WIDGET (tile));
}
