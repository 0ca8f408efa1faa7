/* atelier-product-picker.h: Core3D's products to choose from, with their previews
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-core3d-products.h"
#include "atelier-http.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_PRODUCT_PICKER (atelier_product_picker_get_type ())
G_DECLARE_FINAL_TYPE (AtelierProductPicker, atelier_product_picker, ATELIER, PRODUCT_PICKER, GtkWidget)

/* A list of @products (an array of AtelierCore3dProduct, kept), each with its
 * name, what it supports and its preview. The previews are downloaded with
 * @http, without the token, into $XDG_CACHE_HOME/atelier/core3d-products
 * and decoded off the main thread at a small size; a placeholder shows
 * until then, and stays when there is none. The first product is selected. */
GtkWidget                  *atelier_product_picker_new          (AtelierHttp          *http,
                                                                 GPtrArray            *products);
/* The selected product (borrowed), NULL when none. */
const AtelierCore3dProduct *atelier_product_picker_get_selected (AtelierProductPicker *self);
void                        atelier_product_picker_select       (AtelierProductPicker *self,
                                                                 guint                 index);
/* How many previews show (for tests), and how many could not be had. */
guint                       atelier_product_picker_get_n_previews (AtelierProductPicker *self);
guint                       atelier_product_picker_get_n_failed   (AtelierProductPicker *self);

/* Properties:
 * "selected" (guint, read): the index of the selected product,
 *   GTK_INVALID_LIST_POSITION when none.
 * "n-previews" (guint, read): previews shown so far.
 *
 * Signals:
 * "product-activated": a product was chosen with Enter or a double click. */

G_END_DECLS
