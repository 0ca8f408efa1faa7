/* atelier-core3d-design.h: Core3D product designs (artwork put on a product)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-core3d-client.h"
#include "atelier-core3d-products.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_CORE3D_DESIGN_PROVIDER (atelier_core3d_design_provider_get_type ())
G_DECLARE_FINAL_TYPE (AtelierCore3dDesignProvider, atelier_core3d_design_provider,
                      ATELIER, CORE3D_DESIGN_PROVIDER, AtelierCore3dClient)

/* The products, as the Core3D client lists them
 * (atelier_core3d_client_list_async()): fetched once (later calls answer
 * from the cache unless @refresh), they become the model parameter's
 * choices. Finishes with a GPtrArray of AtelierCore3dProduct (copies). */
#define atelier_core3d_design_provider_list_products_async(self, refresh, cancellable, callback, \
                                                           data) \
  atelier_core3d_client_list_async (ATELIER_CORE3D_CLIENT (self), refresh, cancellable, \
                                    callback, data)
#define atelier_core3d_design_provider_list_products_finish(self, result, error) \
  atelier_core3d_client_list_finish (ATELIER_CORE3D_CLIENT (self), result, error)
/* The cached products (borrowed), NULL before the first listing. */
GPtrArray *atelier_core3d_design_provider_get_products         (AtelierCore3dDesignProvider *self);

/* Where a design job's artwork comes from, from a finished image job
 * @source: its Core3D upload URI (an image job of "core3d" remembers it),
 * else its first output file. Sets "upload" or "image" in @params; FALSE
 * with @error when @source has no finished image. */
gboolean   atelier_core3d_design_take_artwork (AtelierJob  *source,
                                               GHashTable  *params,
                                               GError     **error);

G_END_DECLS
