/* atelier-gltf-draco.h: a C face on libdraco's C++ decoder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _GltfDracoMesh GltfDracoMesh;

GltfDracoMesh *gltf_draco_decode         (const guint8  *data,
                                          gsize          length,
                                          char         **error);
guint32        gltf_draco_n_points       (GltfDracoMesh *mesh);
guint32        gltf_draco_n_faces        (GltfDracoMesh *mesh);
/* 3 × n_faces values */
void           gltf_draco_read_indices   (GltfDracoMesh *mesh,
                                          guint32       *out);
/* n_out floats per point; missing components become 0 (w: 1) */
gboolean       gltf_draco_read_attribute (GltfDracoMesh *mesh,
                                          int            unique_id,
                                          guint          n_out,
                                          float         *out);
void           gltf_draco_free           (GltfDracoMesh *mesh);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GltfDracoMesh, gltf_draco_free)

G_END_DECLS
