/* atelier-gltf-draco.cc: KHR_draco_mesh_compression through libdraco
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "atelier-gltf-draco.h"

#include <draco/compression/decode.h>
#include <draco/core/decoder_buffer.h>

#include <cstring>
#include <memory>
#include <new>

struct _GltfDracoMesh
{
  std::unique_ptr<draco::Mesh> mesh;
};

GltfDracoMesh *
gltf_draco_decode (const guint8  *data,
                   gsize          length,
                   char         **error)
{
  draco::DecoderBuffer buffer;
  draco::Decoder decoder;

  *error = NULL;
  try
    {
      buffer.Init (reinterpret_cast<const char *> (data), length);
      auto geometry = draco::Decoder::GetEncodedGeometryType (&buffer);
      if (!geometry.ok () || geometry.value () != draco::TRIANGULAR_MESH)
        {
          *error = g_strdup ("not a Draco triangle mesh");
          return NULL;
        }

      auto result = decoder.DecodeMeshFromBuffer (&buffer);
      if (!result.ok ())
        {
          *error = g_strdup (result.status ().error_msg ());
          return NULL;
        }

      GltfDracoMesh *mesh = new GltfDracoMesh;
      mesh->mesh = std::move (result).value ();
      return mesh;
    }
  catch (const std::exception &e)
    {
      *error = g_strdup (e.what ());
      return NULL;
    }
}

guint32
gltf_draco_n_points (GltfDracoMesh *mesh)
{
  return mesh->mesh->num_points ();
}

guint32
gltf_draco_n_faces (GltfDracoMesh *mesh)
{
  return mesh->mesh->num_faces ();
}

void
gltf_draco_read_indices (GltfDracoMesh *mesh,
                         guint32       *out)
{
  const draco::Mesh *m = mesh->mesh.get ();

  for (draco::FaceIndex f (0); f < m->num_faces (); ++f)
    {
      const auto &face = m->face (f);
      *out++ = face[0].value ();
      *out++ = face[1].value ();
      *out++ = face[2].value ();
    }
}

gboolean
gltf_draco_read_attribute (GltfDracoMesh *mesh,
                           int            unique_id,
                           guint          n_out,
                           float         *out)
{
  const draco::Mesh *m = mesh->mesh.get ();
  const draco::PointAttribute *attr = m->GetAttributeByUniqueId (unique_id);
  float value[4];

  if (attr == NULL || attr->num_components () < 1 || n_out > 4)
    return FALSE;

  for (draco::PointIndex p (0); p < m->num_points (); ++p)
    {
      guint n = MIN ((guint) attr->num_components (), n_out);
      draco::AttributeValueIndex v = attr->mapped_index (p);

      if (v.value () >= attr->size ())
        return FALSE;
      if (!attr->ConvertValue<float> (v, (int8_t) n, value))
        return FALSE;
      for (guint k = n; k < n_out; k++)
        value[k] = k == 3 ? 1.0f : 0.0f;
      memcpy (out, value, n_out * sizeof (float));
      out += n_out;
    }

  return TRUE;
}

void
gltf_draco_free (GltfDracoMesh *mesh)
{
  delete mesh;
}
