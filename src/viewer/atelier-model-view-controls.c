/* atelier-model-view-controls.c: the viewer's toolbar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-viewer"

#include "config.h"

#include "atelier-model-view-controls.h"
#include "atelier-model-view.h"
#include "atelier-viewer-resources.h"

struct _AtelierModelViewControls
{
  GtkBox       parent_instance;

  /* Template Widgets */
  GtkDropDown *mode;
};

G_DEFINE_FINAL_TYPE (AtelierModelViewControls, atelier_model_view_controls, GTK_TYPE_BOX)

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
  GEnumClass *modes = g_type_class_peek (G_VALUE_TYPE (to));
  guint selected = g_value_get_uint (from);

  /* GTK_INVALID_LIST_POSITION while the list is empty. */
  if (g_enum_get_value (modes, selected) == NULL)
    return FALSE;
  g_value_set_enum (to, selected);
  return TRUE;
}

static void
atelier_model_view_controls_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), ATELIER_TYPE_MODEL_VIEW_CONTROLS);

  G_OBJECT_CLASS (atelier_model_view_controls_parent_class)->dispose (object);
}

static void
atelier_model_view_controls_class_init (AtelierModelViewControlsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_model_view_controls_dispose;

  /* The resources live in a static library: referencing them keeps them
   * linked, and linked they register themselves. */
  atelier_viewer_get_resource ();

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/viewer/atelier-model-view-controls.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierModelViewControls, mode);

  gtk_widget_class_set_css_name (widget_class, "toolbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TOOLBAR);
}

static void
atelier_model_view_controls_init (AtelierModelViewControls *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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
