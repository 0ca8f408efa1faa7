/* atelier-sandbox-core3d-private.h: the Core3D dialect's product designs and exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-sandbox-private.h"

G_BEGIN_DECLS

/* atelier-sandbox-core3d-design.c */
void     _atelier_sandbox_core3d_design_init   (AtelierSandbox     *self);
/* POST /v1/generations with type "design": @body already read. */
void     _atelier_sandbox_core3d_design_create (AtelierSandboxCtx  *ctx,
                                                JsonObject         *body);
/* /v1/models, /v1/uploads (POST), /v1/designs, /v1/exports and design
 * generations; FALSE when the path is none of these. @parts is the path
 * after /v1/, split at '/'. */
gboolean _atelier_sandbox_core3d_design_route  (AtelierSandboxCtx  *ctx,
                                                char              **parts,
                                                guint               n);

G_END_DECLS
