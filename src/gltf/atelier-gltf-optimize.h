/* atelier-gltf-optimize.h: a lighter copy of an asset
 *
 * Welds identical vertices, simplifies to a face budget with meshoptimizer
 * (UV seams and attribute discontinuities are kept: vertices are welded on
 * every attribute, and the simplifier only collapses along a seam, never
 * across it), reorders for the vertex cache and fetch, and resizes and
 * re-encodes textures. The source asset is never modified; how the result
 * is stored (quantized, compressed) is the writer's business.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-gltf-asset.h"

G_BEGIN_DECLS

typedef enum
{
  ATELIER_GLTF_TEXTURE_KEEP,   /* each image in its own format */
  ATELIER_GLTF_TEXTURE_WEBP,   /* EXT_texture_webp */
  ATELIER_GLTF_TEXTURE_JPEG,   /* images with transparency stay PNG */
  ATELIER_GLTF_TEXTURE_PNG,
} AtelierGltfTextureFormat;

/* "keep", "webp", "jpeg", "png" */
const char *atelier_gltf_texture_format_to_string   (AtelierGltfTextureFormat  format);
gboolean    atelier_gltf_texture_format_from_string (const char               *name,
                                                     AtelierGltfTextureFormat *format);

typedef struct
{
  guint64                  target_faces;     /* 0: use target_ratio */
  double                   target_ratio;     /* of the faces, 1: no simplification */
  gboolean                 lock_borders;     /* open borders stay where they are */
  guint                    texture_size;     /* largest image edge, 0: unchanged */
  AtelierGltfTextureFormat texture_format;
  int                      texture_quality;  /* WebP/JPEG 1..100, 0: 90 */
} AtelierGltfOptimizeOptions;

void              atelier_gltf_optimize_options_init (AtelierGltfOptimizeOptions       *options);

/* Runs on the calling thread; @progress (0..1) is called there too. Images
 * are decoded from their files when they must change and the source was
 * loaded without pixels. */
AtelierGltfAsset *atelier_gltf_optimize             (AtelierGltfAsset                 *source,
                                                     const AtelierGltfOptimizeOptions *options,
                                                     GCancellable                     *cancellable,
                                                     AtelierGltfProgressFunc           progress,
                                                     gpointer                          progress_data,
                                                     GError                          **error);

/* The same in a worker thread, @progress on the caller's main context: for
 * a live preview, cancel the previous call when the settings change. */
void              atelier_gltf_optimize_async       (AtelierGltfAsset                 *source,
                                                     const AtelierGltfOptimizeOptions *options,
                                                     AtelierGltfProgressFunc           progress,
                                                     gpointer                          progress_data,
                                                     GCancellable                     *cancellable,
                                                     GAsyncReadyCallback               callback,
                                                     gpointer                          user_data);
AtelierGltfAsset *atelier_gltf_optimize_finish      (GAsyncResult                     *result,
                                                     GError                          **error);

G_END_DECLS
