/* atelier-gltf-writer.h: the loader's mirror, an asset out to GLB or glTF
 *
 * Writes meshes, materials (metallic-roughness, KHR_texture_transform,
 * KHR_materials_emissive_strength, KHR_materials_unlit), textures, samplers,
 * images (PNG, JPEG, WebP behind EXT_texture_webp) and one node per mesh
 * instance. Optionally quantized (KHR_mesh_quantization) and compressed
 * (EXT_meshopt_compression or KHR_draco_mesh_compression). Animations, skins
 * and cameras are not part of the scene and are not written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-gltf-asset.h"

G_BEGIN_DECLS

typedef enum
{
  ATELIER_GLTF_COMPRESSION_NONE,
  ATELIER_GLTF_COMPRESSION_MESHOPT,  /* EXT_meshopt_compression, quantized */
  ATELIER_GLTF_COMPRESSION_DRACO,    /* KHR_draco_mesh_compression */
} AtelierGltfCompression;

/* "none", "meshopt", "draco" */
const char *atelier_gltf_compression_to_string   (AtelierGltfCompression  compression);
gboolean    atelier_gltf_compression_from_string (const char             *name,
                                                  AtelierGltfCompression *compression);
/* Whether this build can write @compression. */
gboolean    atelier_gltf_compression_available   (AtelierGltfCompression  compression);

typedef struct
{
  gboolean               binary;         /* GLB; FALSE: .gltf, .bin and images side by side */
  gboolean               quantize;       /* KHR_mesh_quantization; implied by meshopt */
  AtelierGltfCompression compression;
  guint                  position_bits;  /* quantized and Draco positions, default 14 */
  guint                  texcoord_bits;  /* default 12 */
  guint                  normal_bits;    /* Draco only (quantized normals are 8 bits), default 10 */
} AtelierGltfWriteOptions;

void     atelier_gltf_write_options_init (AtelierGltfWriteOptions       *options);

/* A whole GLB in memory (@options->binary is ignored): for a size preview. */
GBytes  *atelier_gltf_asset_write_glb    (AtelierGltfAsset              *asset,
                                          const AtelierGltfWriteOptions *options,
                                          GCancellable                  *cancellable,
                                          GError                       **error);
/* Writes @path through a temporary file renamed when complete. A .gltf gets
 * PATH-without-extension.bin and its images beside it. */
gboolean atelier_gltf_asset_write        (AtelierGltfAsset              *asset,
                                          const char                    *path,
                                          const AtelierGltfWriteOptions *options,
                                          GCancellable                  *cancellable,
                                          GError                       **error);

G_END_DECLS
