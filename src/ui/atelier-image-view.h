/* atelier-image-view.h: the large image of the detail pane (zoom, pan, drag out)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ATELIER_TYPE_IMAGE_VIEW (atelier_image_view_get_type ())
G_DECLARE_FINAL_TYPE (AtelierImageView, atelier_image_view, ATELIER, IMAGE_VIEW, GtkWidget)

GtkWidget  *atelier_image_view_new         (void);
/* Loads @path in a worker thread; NULL clears. */
void        atelier_image_view_set_path    (AtelierImageView *self,
                                            const char       *path);
const char *atelier_image_view_get_path    (AtelierImageView *self);
/* NULL until loaded. */
GdkTexture *atelier_image_view_get_texture (AtelierImageView *self);
/* 0 fits the image in the view. */
void        atelier_image_view_set_zoom    (AtelierImageView *self,
                                            double            zoom);
double      atelier_image_view_get_zoom    (AtelierImageView *self);

G_END_DECLS
