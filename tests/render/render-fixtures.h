/* render-fixtures.h: small scenes built in code for the render tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-gltf.h"

G_BEGIN_DECLS

/* A scene with one instance of one primitive and one material (textures
 * added with fixture_add_texture). Vertex data is copied. */
AtelierGltfScene *fixture_scene_new     (const float   *positions,
                                         const float   *normals,
                                         const float   *texcoords,
                                         guint32        vertex_count,
                                         const guint32 *indices,
                                         guint32        index_count);
AtelierGltfMaterial *fixture_material   (AtelierGltfScene *scene);
/* Adds an RGBA8 image + texture, returns the texture index. */
int               fixture_add_texture   (AtelierGltfScene *scene,
                                         const guint8     *rgba,
                                         int               width,
                                         int               height);
void              fixture_texture_ref   (AtelierGltfTextureRef *ref,
                                         int                    texture);
/* A 2×2 quad in the XY plane facing +Z, UV (0,0) top-left. */
AtelierGltfScene *fixture_quad          (gboolean with_normals);
/* A unit cube (−1..1) with per-face UVs covering the whole texture. */
AtelierGltfScene *fixture_cube          (gboolean with_normals);
/* A UV sphere of radius 1. */
AtelierGltfScene *fixture_sphere        (gboolean with_normals,
                                         guint    rings,
                                         guint    segments);
void              fixture_scene_free    (AtelierGltfScene *scene);

/* The loader owns the autoptr for AtelierGltfScene; hand-made scenes use this. */
typedef AtelierGltfScene FixtureScene;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FixtureScene, fixture_scene_free)

G_END_DECLS
