/* atelier-gltf-writer-private.h: the writer's state, shared by its files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-gltf-asset-private.h"
#include "atelier-gltf-writer.h"

G_BEGIN_DECLS

#define GLTF_TARGET_ARRAY_BUFFER         34962
#define GLTF_TARGET_ELEMENT_ARRAY_BUFFER 34963

typedef struct
{
  const AtelierGltfWriteOptions *options;
  AtelierGltfAsset              *asset;
  GCancellable                  *cancellable;

  JsonObject *root;
  JsonArray  *buffer_views;
  JsonArray  *accessors;
  GByteArray *bin;               /* buffer 0 */
  gsize       fallback_length;   /* buffer 1: what meshopt views decode to */
  GPtrArray  *used;              /* extension names */
  GPtrArray  *required;
} GltfWriter;

/* atelier_gltf_asset_write(), adding up the bytes of every file written */
gboolean  gltf_asset_write          (AtelierGltfAsset              *asset,
                                     const char                    *path,
                                     const AtelierGltfWriteOptions *options,
                                     GCancellable                  *cancellable,
                                     guint64                       *bytes_written,
                                     GError                       **error);

void      gltf_writer_use_extension (GltfWriter       *writer,
                                     const char       *name,
                                     gboolean          required);
/* Appends @data to buffer 0 as a new bufferView; returns its index.
 * @stride 0: tightly packed; @target 0: none (images, Draco). */
int       gltf_writer_add_view      (GltfWriter       *writer,
                                     const void       *data,
                                     gsize             length,
                                     guint             stride,
                                     guint             target);

/* atelier-gltf-writer-mesh.c: the accessors and the mesh object of scene
 * mesh @index. @dequantize receives the matrix a node must apply after its
 * world matrix (identity unless positions are quantized). */
JsonObject *gltf_writer_add_mesh    (GltfWriter       *writer,
                                     guint             index,
                                     float             dequantize[16],
                                     GError          **error);

G_END_DECLS
