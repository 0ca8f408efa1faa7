/* atelier-render-cull.h: triangles a still picture cannot show, left out
 *
 * A software rasteriser (llvmpipe) spends most of a frame of a dense model
 * on per-triangle work in one thread: shading vertices, clipping, culling,
 * and rejecting the many triangles that fall between pixel centres. For one
 * picture from a known camera (`atelier-cli render`, thumbnails) those
 * tests are done here first, on every core, and only the triangles that can
 * produce a fragment are uploaded. The test is conservative (any doubt keeps
 * the triangle), so the picture is the same.
 *
 * A triangle is left out when all three vertices are outside one clip
 * plane; when it faces away (@cull_back) by more than rounding could flip;
 * or, without multisampling, when its bounding box holds no pixel centre.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "atelier-gltf.h"

G_BEGIN_DECLS

typedef struct _AtelierRenderCull AtelierRenderCull;

/* Starts culling @primitive (a triangle list; NULL for other modes) seen
 * through @mvp (clip from model space, column-major) in a @width × @height
 * viewport, in worker threads. @primitive must stay unchanged until
 * atelier_render_cull_finish(). */
AtelierRenderCull *atelier_render_cull_start  (const AtelierGltfPrimitive *primitive,
                                               const float                 mvp[16],
                                               int                         width,
                                               int                         height,
                                               gboolean                    cull_back,
                                               gboolean                    pixel_centres);
/* Waits, frees @cull, and returns the kept triangles' indices in their
 * original order (*@index_count of them, possibly 0); g_free() it. */
guint32           *atelier_render_cull_finish (AtelierRenderCull          *cull,
                                               guint32                    *index_count);

G_END_DECLS
