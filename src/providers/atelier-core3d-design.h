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

/* Fetches the products once (later calls answer from the cache unless
 * @refresh); they become the model parameter's choices. */
void       atelier_core3d_design_provider_list_products_async  (AtelierCore3dDesignProvider *self,
                                                                gboolean                     refresh,
                                                                GCancellable                *cancellable,
                                                                GAsyncReadyCallback          callback,
                                                                gpointer                     user_data);
/* A GPtrArray of AtelierCore3dProduct (a new array of copies). */
GPtrArray *atelier_core3d_design_provider_list_products_finish (AtelierCore3dDesignProvider *self,
                                                                GAsyncResult                *result,
                                                                GError                     **error);
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
