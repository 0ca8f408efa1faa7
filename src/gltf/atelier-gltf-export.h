/* atelier-gltf-export.h: an asset out to the file type its name asks for
 *
 * .glb and .gltf through the writer; .obj with a .mtl and its textures
 * (PNG or JPEG) beside it; binary .stl for printing: one mesh, every
 * instance's world transform applied, turned Z-up, in millimetres (glTF
 * units are metres), as the 80-byte header says.
 *
 * The one call an "Export…" dialog needs is atelier_gltf_export_async():
 * optimize a loaded source asset, write it, and report the before/after
 * statistics. For a live preview, atelier_gltf_optimize_async() gives the
 * optimized asset to show and atelier_gltf_asset_write_glb() its size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-gltf-optimize.h"
#include "atelier-gltf-writer.h"

G_BEGIN_DECLS

typedef enum
{
  ATELIER_GLTF_FILE_GLB,
  ATELIER_GLTF_FILE_GLTF,
  ATELIER_GLTF_FILE_OBJ,
  ATELIER_GLTF_FILE_STL,
} AtelierGltfFileType;

/* From the extension (case-insensitive); FALSE for anything else. */
gboolean atelier_gltf_file_type_from_path (const char                    *path,
                                           AtelierGltfFileType           *type);

/* Writes @asset as @path's extension says. @options applies to .glb and
 * .gltf (its binary field is set from the extension); NULL: defaults.
 * @bytes_written (may be NULL): every file's bytes (a .gltf's .bin and
 * images, an .obj's .mtl and textures). */
gboolean atelier_gltf_asset_export        (AtelierGltfAsset              *asset,
                                           const char                    *path,
                                           const AtelierGltfWriteOptions *options,
                                           GCancellable                  *cancellable,
                                           guint64                       *bytes_written,
                                           GError                       **error);

typedef struct
{
  AtelierGltfAssetStats before;
  AtelierGltfAssetStats after;
  guint64               bytes_before;   /* the source file */
  guint64               bytes_after;    /* everything written */
} AtelierGltfExportReport;

/* Optimizes @source with @optimize (NULL: unchanged) and exports the result
 * to @path with @write (NULL: defaults), in a worker thread. */
void     atelier_gltf_export_async        (AtelierGltfAsset                 *source,
                                           const char                       *path,
                                           const AtelierGltfOptimizeOptions *optimize,
                                           const AtelierGltfWriteOptions    *write,
                                           AtelierGltfProgressFunc           progress,
                                           gpointer                          progress_data,
                                           GCancellable                     *cancellable,
                                           GAsyncReadyCallback               callback,
                                           gpointer                          user_data);
gboolean atelier_gltf_export_finish       (GAsyncResult                     *result,
                                           AtelierGltfExportReport          *report,
                                           GError                          **error);

G_END_DECLS
