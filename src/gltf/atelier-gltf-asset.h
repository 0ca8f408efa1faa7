/* atelier-gltf-asset.h: a loaded model with what a writer needs beyond the scene
 *
 * The loader's scene is made for drawing: images are decoded, missing normals
 * are computed. Writing a model back needs two things the scene drops: the
 * image files as they were stored (so an unchanged texture is copied, never
 * re-encoded) and which attributes the file itself carried (so computed
 * normals are not written into a file that had none).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-gltf.h"

G_BEGIN_DECLS

typedef enum
{
  ATELIER_GLTF_AUTHORED_NORMALS  = 1 << 0,
  ATELIER_GLTF_AUTHORED_TANGENTS = 1 << 1,
} AtelierGltfAuthored;

typedef struct
{
  guint64 faces;           /* triangles over instances, as the viewer draws them */
  guint64 vertices;        /* over instances */
  guint   n_images;        /* images that can be written */
  guint   max_image_edge;  /* largest width or height */
  guint64 image_bytes;     /* encoded image files */
  guint64 texture_memory;  /* RGBA8 width × height × 4 over images, without mipmaps */
} AtelierGltfAssetStats;

typedef struct _AtelierGltfAsset AtelierGltfAsset;

/* Loads @path (GLB or glTF) and keeps its image files. Set
 * @limits->decode_images to FALSE when the pixels are not needed (images are
 * then copied as they are). Cancellable and with progress, on any thread. */
AtelierGltfAsset       *atelier_gltf_asset_load          (const char              *path,
                                                          const AtelierGltfLimits *limits,
                                                          GCancellable            *cancellable,
                                                          AtelierGltfProgressFunc  progress,
                                                          gpointer                 progress_data,
                                                          GError                 **error);
AtelierGltfAsset       *atelier_gltf_asset_ref           (AtelierGltfAsset        *asset);
void                    atelier_gltf_asset_unref         (AtelierGltfAsset        *asset);

/* The scene stays owned by the asset and lives as long as it (for a preview
 * in the viewer, keep a reference to the asset). */
const AtelierGltfScene *atelier_gltf_asset_get_scene     (AtelierGltfAsset        *asset);
/* The image file to write as it is (PNG, JPEG or WebP), or NULL: the pixels
 * are encoded on writing (or, without pixels either, the image is dropped). */
GBytes                 *atelier_gltf_asset_get_image_file (AtelierGltfAsset       *asset,
                                                          guint                    image);
/* AtelierGltfAuthored flags of a primitive of the scene. */
guint                   atelier_gltf_asset_get_authored  (AtelierGltfAsset        *asset,
                                                          guint                    mesh,
                                                          guint                    primitive);
void                    atelier_gltf_asset_get_stats     (AtelierGltfAsset        *asset,
                                                          AtelierGltfAssetStats   *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierGltfAsset, atelier_gltf_asset_unref)

G_END_DECLS
