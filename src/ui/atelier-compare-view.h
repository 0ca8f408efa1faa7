/* atelier-compare-view.h: two images over each other with a wipe between them
 *
 * The left image shows left of the split, the right one right of it; both
 * share one zoom and one pan, so the same point of each stays at the same
 * place on screen. Drag the handle (or press Left/Right, Shift for fine
 * steps, Home/End) to move the split; Ctrl+scroll, a pinch or +/-/0 to zoom;
 * drag elsewhere, or Up/Down and Ctrl+Left/Right, to pan when zoomed in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef enum
{
  ATELIER_COMPARE_SIDE_LEFT,
  ATELIER_COMPARE_SIDE_RIGHT,
} AtelierCompareSide;

#define ATELIER_TYPE_COMPARE_VIEW (atelier_compare_view_get_type ())
G_DECLARE_FINAL_TYPE (AtelierCompareView, atelier_compare_view, ATELIER, COMPARE_VIEW, GtkWidget)

GtkWidget  *atelier_compare_view_new          (void);
void        atelier_compare_view_set_texture  (AtelierCompareView *self,
                                               AtelierCompareSide  side,
                                               GdkTexture         *texture);
GdkTexture *atelier_compare_view_get_texture  (AtelierCompareView *self,
                                               AtelierCompareSide  side);
/* "split": the share of the width left of the handle, 0 to 1. */
void        atelier_compare_view_set_split    (AtelierCompareView *self,
                                               double              split);
double      atelier_compare_view_get_split    (AtelierCompareView *self);
/* "zoom": 1 fits the images in the view, up to 16. */
void        atelier_compare_view_set_zoom     (AtelierCompareView *self,
                                               double              zoom);
double      atelier_compare_view_get_zoom     (AtelierCompareView *self);
/* Where @side's image is drawn now, in the view's coordinates; FALSE
 * without an image there. */
/* Where the images' centre is, from the view's centre, in pixels. */
void        atelier_compare_view_get_pan      (AtelierCompareView *self,
                                               double             *x,
                                               double             *y);
gboolean    atelier_compare_view_get_image_bounds (AtelierCompareView *self,
                                                   AtelierCompareSide  side,
                                                   graphene_rect_t    *bounds);

G_END_DECLS
