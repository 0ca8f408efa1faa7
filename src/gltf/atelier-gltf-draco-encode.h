/* atelier-gltf-draco-encode.h: a C face on libdraco's C++ encoder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GLTF_DRACO_POSITION,
  GLTF_DRACO_NORMAL,
  GLTF_DRACO_TANGENT,
  GLTF_DRACO_TEXCOORD0,
  GLTF_DRACO_TEXCOORD1,
  GLTF_DRACO_COLOR,
  GLTF_DRACO_N_ATTRIBUTES
} GltfDracoAttribute;

typedef struct
{
  guint32         vertex_count;
  const float    *attributes[GLTF_DRACO_N_ATTRIBUTES];  /* NULL: absent; POSITION required */
  const guint32  *indices;                               /* a triangle list */
  guint32         index_count;
  int             position_bits;
  int             normal_bits;
  int             texcoord_bits;
} GltfDracoInput;

typedef struct
{
  guint8  *data;                                  /* g_free () */
  gsize    length;
  int      ids[GLTF_DRACO_N_ATTRIBUTES];          /* unique ids, -1 when absent */
  guint32  n_points;                              /* what a decoder gives back */
  guint32  n_faces;
} GltfDracoOutput;

/* FALSE and @error (g_free) when libdraco fails. */
gboolean gltf_draco_encode (const GltfDracoInput *input,
                            GltfDracoOutput      *output,
                            char                **error);

G_END_DECLS
