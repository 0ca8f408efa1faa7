/* atelier-gallery-tile.h: one output in the gallery: its thumbnail, star and state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "atelier-output-item.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_GALLERY_TILE (atelier_gallery_tile_get_type ())
G_DECLARE_FINAL_TYPE (AtelierGalleryTile, atelier_gallery_tile, ATELIER, GALLERY_TILE, GtkWidget)

GtkWidget         *atelier_gallery_tile_new           (void);
/* @service: what to call the job's service (NULL: its id). NULL @item
 * unbinds, which also cancels a thumbnail still decoding. */
void               atelier_gallery_tile_set_item      (AtelierGalleryTile *self,
                                                       AtelierOutputItem  *item,
                                                       const char         *service);
AtelierOutputItem *atelier_gallery_tile_get_item      (AtelierGalleryTile *self);
/* The thumbnail shown, or NULL while there is none (for tests). */
GdkPaintable      *atelier_gallery_tile_get_thumbnail (AtelierGalleryTile *self);

G_END_DECLS
