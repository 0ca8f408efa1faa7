/* atelier-gltf-asset-private.h: what the writer, optimizer and converters share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-gltf-asset.h"
#include "atelier-gltf-private.h"

G_BEGIN_DECLS

struct _AtelierGltfAsset
{
  gatomicrefcount   ref_count;
  AtelierGltfScene *scene;        /* a GltfSceneReal */
  GBytes          **image_files;  /* scene->n_images entries, each may be NULL */
  guint           **authored;     /* per mesh, per primitive */
};

/* Takes @scene (made by the loader or gltf_scene_new); every attribute the
 * scene has counts as authored until told otherwise. */
AtelierGltfAsset *gltf_asset_new            (AtelierGltfScene *scene);

/* An empty scene that atelier_gltf_scene_free() can free. */
AtelierGltfScene *gltf_scene_new            (void);
/* Allocates @n images (mime types, pixels and errors NULL) with the owner
 * table atelier_gltf_scene_free() expects. */
void              gltf_scene_alloc_images   (AtelierGltfScene *scene,
                                             guint             n);
/* Deep copies, except images' pixels when @copy_pixels is FALSE. */
AtelierGltfScene *gltf_scene_copy           (const AtelierGltfScene *scene,
                                             gboolean          copy_pixels);
/* Sums vertices, triangles and bounds over the instances again. */
void              gltf_scene_update_summary (AtelierGltfScene *scene);

/* Whether image @i can be written: it has a file or pixels. */
gboolean          gltf_asset_image_usable   (AtelierGltfAsset *asset,
                                             guint             i);

/* atelier-gltf-writer.c: writes atomically (a temporary file, renamed) and
 * adds @length to @bytes_written (may be NULL). */
gboolean          gltf_write_file           (const char       *path,
                                             const void       *data,
                                             gsize             length,
                                             guint64          *bytes_written,
                                             GError          **error);

/* atelier-gltf-asset-task.c: @work runs in a worker thread and returns the
 * result (freed with @result_free if nobody takes it) or NULL and @error. */
typedef gpointer (*GltfAssetWork) (gpointer                 work_data,
                                   GCancellable            *cancellable,
                                   AtelierGltfProgressFunc  progress,
                                   gpointer                 progress_data,
                                   GError                 **error);
void              gltf_asset_task_run       (gpointer                 source_tag,
                                             GltfAssetWork            work,
                                             gpointer                 work_data,
                                             GDestroyNotify           work_data_free,
                                             GDestroyNotify           result_free,
                                             AtelierGltfProgressFunc  progress,
                                             gpointer                 progress_data,
                                             GCancellable            *cancellable,
                                             GAsyncReadyCallback      callback,
                                             gpointer                 user_data);
gpointer          gltf_asset_task_finish    (GAsyncResult            *result,
                                             gpointer                 source_tag,
                                             GError                 **error);

/* atelier-gltf-image-encode.c */
/* Decodes an image file to RGBA8 (the loader's decoders, size-checked). */
guint8           *gltf_image_decode_file    (GBytes           *file,
                                             int              *width,
                                             int              *height,
                                             GError          **error);
/* @mime_type: image/png, image/jpeg or image/webp; @quality 1..100 for the
 * lossy ones (0: a default). JPEG has no alpha: it is dropped. */
GBytes           *gltf_image_encode         (const guint8     *rgba,
                                             int               width,
                                             int               height,
                                             const char       *mime_type,
                                             int               quality,
                                             GError          **error);
/* A Lanczos-3 resampling of straight-alpha RGBA (weighted by alpha, so
 * transparent texels do not bleed their colour). */
guint8           *gltf_image_resize         (const guint8     *rgba,
                                             int               width,
                                             int               height,
                                             int               new_width,
                                             int               new_height);
gboolean          gltf_image_is_opaque      (const guint8     *rgba,
                                             int               width,
                                             int               height);

/* atelier-gltf-obj.c, atelier-gltf-stl.c */
gboolean          gltf_write_obj            (AtelierGltfAsset *asset,
                                             const char       *path,
                                             GCancellable     *cancellable,
                                             guint64          *bytes_written,
                                             GError          **error);
gboolean          gltf_write_stl            (AtelierGltfAsset *asset,
                                             const char       *path,
                                             GCancellable     *cancellable,
                                             guint64          *bytes_written,
                                             GError          **error);
/* The 3×3 matrix that carries normals through @world (its inverse
 * transpose up to scale), column-major; returns the sign of the
 * determinant (-1: the transform mirrors, so windings flip). */
int               gltf_normal_matrix        (const float      *world,
                                             float             normal[9]);

G_END_DECLS
