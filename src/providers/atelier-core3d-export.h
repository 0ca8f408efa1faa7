/* atelier-core3d-export.h: Core3D print exports (a design as print-ready artwork)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-core3d-client.h"
#include "atelier-core3d-products.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_CORE3D_EXPORT_PROVIDER (atelier_core3d_export_provider_get_type ())
G_DECLARE_FINAL_TYPE (AtelierCore3dExportProvider, atelier_core3d_export_provider,
                      ATELIER, CORE3D_EXPORT_PROVIDER, AtelierCore3dClient)

/* The parameters of an export of the design job @design_job: its design
 * URI, the @type asked for and its product (so that a type the product
 * does not support is refused before sending). FALSE with @error when the
 * job made no design. */
GHashTable *atelier_core3d_export_params_for_job (AtelierJob  *design_job,
                                                  const char  *type,
                                                  GError     **error);

G_END_DECLS
