/* atelier-model-view-controls.h: the viewer's toolbar
 *
 * A row of buttons driving an AtelierModelView through its actions and
 * properties; the view places it over the bottom of the GL content.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ATELIER_TYPE_MODEL_VIEW_CONTROLS (atelier_model_view_controls_get_type ())
G_DECLARE_FINAL_TYPE (AtelierModelViewControls, atelier_model_view_controls, ATELIER, MODEL_VIEW_CONTROLS, GtkBox)

/* @view is an AtelierModelView (not referenced: the view owns the controls). */
GtkWidget *atelier_model_view_controls_new (GObject *view);

G_END_DECLS
