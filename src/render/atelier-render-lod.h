/* atelier-render-lod.h: a simplified version of a scene for moving views
 *
 * A level of detail for interaction: while the camera moves, a viewer on a
 * slow GL (llvmpipe) draws these simplified triangle lists instead of the
 * full ones, and the full model again when the camera rests. Built with
 * meshoptimizer in a worker thread from the loader's CPU-side arrays; only
 * new index lists, into the vertices already uploaded, so it costs the GPU
 * a few megabytes at most. No GL here.
 *
 * Primitives are numbered as the renderer flattens them: mesh by mesh, each
 * mesh's primitives in order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "atelier-gltf.h"

G_BEGIN_DECLS

typedef struct _AtelierRenderLod AtelierRenderLod;

/* Whether this build can simplify (it was built with meshoptimizer). */
gboolean          atelier_render_lod_available     (void);
/* Simplifies @scene's triangle primitives to about @ratio (0..1) of their
 * triangles each; primitives too small to matter are left whole. Without
 * @quality by vertex clustering (a quarter of a second for a million
 * triangles), with it by edge collapses that keep the shape and the UV
 * seams (some seconds). NULL when cancelled, or when nothing could be
 * simplified. Thread-safe: @scene is only read. */
AtelierRenderLod *atelier_render_lod_build         (const AtelierGltfScene *scene,
                                                    double                  ratio,
                                                    gboolean                quality,
                                                    GCancellable           *cancellable);
/* The simplified triangle list of primitive @index, or NULL (draw it
 * whole). */
const guint32    *atelier_render_lod_get_indices   (const AtelierRenderLod *lod,
                                                    guint                   index,
                                                    guint32                *index_count);
guint             atelier_render_lod_get_n_primitives (const AtelierRenderLod *lod);
/* Triangles of one instance of each primitive, simplified or not. */
guint64           atelier_render_lod_get_triangles (const AtelierRenderLod *lod);
void              atelier_render_lod_free          (AtelierRenderLod       *lod);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierRenderLod, atelier_render_lod_free)

G_END_DECLS
