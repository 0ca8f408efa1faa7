/* atelier-model-view-controls.c: the viewer's toolbar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-viewer"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-model-view-controls.h"
#include "atelier-model-view.h"

struct _AtelierModelViewControls
{
  GtkBox     parent_instance;
  GtkWidget *mode;
};

G_DEFINE_FINAL_TYPE (AtelierModelViewControls, atelier_model_view_controls, GTK_TYPE_BOX)

/* Same order as AtelierRenderMode. */
static const char * const mode_labels[] = {
  N_("Shaded"), N_("Clay"), N_("Base Colour"), N_("Normals"), N_("Wireframe"), N_("UV Checker"),
};

static gboolean
mode_to_selected (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  g_value_set_uint (to, g_value_get_enum (from));
  return TRUE;
}

static gboolean
selected_to_mode (GBinding     *binding,
                  const GValue *from,
                  GValue       *to,
                  gpointer      user_data)
{
  guint selected = g_value_get_uint (from);

  if (selected >= G_N_ELEMENTS (mode_labels))
    return FALSE;
  g_value_set_enum (to, selected);
  return TRUE;
}

static GtkWidget *
add_button (AtelierModelViewControls *self,
            gboolean                  toggle,
            const char               *icon,
            const char               *tooltip,
            const char               *action)
{
  GtkWidget *button = toggle ? gtk_toggle_button_new () : gtk_button_new ();

  gtk_button_set_icon_name (GTK_BUTTON (button), icon);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_add_css_class (button, "flat");
  gtk_box_append (GTK_BOX (self), button);
  return button;
}

static void
atelier_model_view_controls_class_init (AtelierModelViewControlsClass *klass)
{
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "toolbar");
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_TOOLBAR);
}

static void
atelier_model_view_controls_init (AtelierModelViewControls *self)
{
  g_autoptr(GtkStringList) modes = gtk_string_list_new (NULL);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_spacing (GTK_BOX (self), 4);
  gtk_widget_add_css_class (GTK_WIDGET (self), "osd");
  gtk_widget_add_css_class (GTK_WIDGET (self), "toolbar");

  for (guint i = 0; i < G_N_ELEMENTS (mode_labels); i++)
    gtk_string_list_append (modes, _(mode_labels[i]));
  self->mode = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&modes)), NULL);
  gtk_widget_set_tooltip_text (self->mode, _("Display Mode"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->mode),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Display Mode"), -1);
  gtk_box_append (GTK_BOX (self), self->mode);

  add_button (self, TRUE, "view-grid-symbolic", _("Ground Grid"), "model-view.show-grid");
  add_button (self, TRUE, "applications-engineering-symbolic", _("Wireframe Overlay"),
              "model-view.show-wireframe");
  add_button (self, TRUE, "object-rotate-right-symbolic", _("Turntable"), "model-view.auto-rotate");
  add_button (self, TRUE, "view-dual-symbolic", _("Orthographic Projection"),
              "model-view.orthographic");
  add_button (self, FALSE, "zoom-fit-best-symbolic", _("Frame Model (F)"), "model-view.frame");
  add_button (self, FALSE, "view-refresh-symbolic", _("Reset View (R)"), "model-view.reset");
  add_button (self, TRUE, "dialog-information-symbolic", _("Statistics"), "model-view.show-stats");
  add_button (self, FALSE, "camera-photo-symbolic", _("Save Screenshot…"), "model-view.screenshot");
}

GtkWidget *
atelier_model_view_controls_new (GObject *view)
{
  AtelierModelViewControls *self = g_object_new (ATELIER_TYPE_MODEL_VIEW_CONTROLS, NULL);

  g_object_bind_property_full (view, "mode", self->mode, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               mode_to_selected, selected_to_mode, NULL, NULL);
  return GTK_WIDGET (self);
}
