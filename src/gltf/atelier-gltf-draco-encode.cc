/* atelier-gltf-draco-encode.cc: KHR_draco_mesh_compression output through libdraco
 *
 * The counts a glTF accessor must state are those a decoder will produce, so
 * they are read back by decoding the result rather than guessed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "atelier-gltf-draco-encode.h"

#include <draco/compression/decode.h>
#include <draco/compression/encode.h>
#include <draco/core/decoder_buffer.h>
#include <draco/core/encoder_buffer.h>
#include <draco/mesh/mesh.h>

#include <cstring>
#include <memory>

static const struct
{
  draco::GeometryAttribute::Type type;
  int                            components;
} kinds[GLTF_DRACO_N_ATTRIBUTES] = {
  { draco::GeometryAttribute::POSITION, 3 },
  { draco::GeometryAttribute::NORMAL, 3 },
  { draco::GeometryAttribute::GENERIC, 4 },
  { draco::GeometryAttribute::TEX_COORD, 2 },
  { draco::GeometryAttribute::TEX_COORD, 2 },
  { draco::GeometryAttribute::COLOR, 4 },
};

gboolean
gltf_draco_encode (const GltfDracoInput *input,
                   GltfDracoOutput      *output,
                   char                **error)
{
  *error = NULL;
  memset (output, 0, sizeof *output);
  for (int a = 0; a < GLTF_DRACO_N_ATTRIBUTES; a++)
    output->ids[a] = -1;

  try
    {
      draco::Mesh mesh;
      draco::Encoder encoder;
      draco::EncoderBuffer buffer;
      guint32 n = input->vertex_count;

      mesh.set_num_points (n);
      for (int a = 0; a < GLTF_DRACO_N_ATTRIBUTES; a++)
        {
          const float *values = input->attributes[a];
          draco::GeometryAttribute ga;
          int id;

          if (values == NULL)
            continue;
          ga.Init (kinds[a].type, nullptr, kinds[a].components, draco::DT_FLOAT32, false,
                   sizeof (float) * kinds[a].components, 0);
          id = mesh.AddAttribute (ga, true, n);
          if (id < 0)
            {
              *error = g_strdup ("Draco refused an attribute");
              return FALSE;
            }
          draco::PointAttribute *attr = mesh.attribute (id);
          for (guint32 v = 0; v < n; v++)
            attr->SetAttributeValue (draco::AttributeValueIndex (v),
                                     values + (gsize) v * kinds[a].components);
          output->ids[a] = attr->unique_id ();
        }

      mesh.SetNumFaces (input->index_count / 3);
      for (guint32 f = 0; f < input->index_count / 3; f++)
        {
          draco::Mesh::Face face;

          for (int k = 0; k < 3; k++)
            face[k] = draco::PointIndex (input->indices[(gsize) f * 3 + k]);
          mesh.SetFace (draco::FaceIndex (f), face);
        }

      /* glTF-Transform's defaults: speed 5, edgebreaker, 8-bit colours. */
      encoder.SetSpeedOptions (5, 5);
      encoder.SetEncodingMethod (draco::MESH_EDGEBREAKER_ENCODING);
      encoder.SetAttributeQuantization (draco::GeometryAttribute::POSITION, input->position_bits);
      encoder.SetAttributeQuantization (draco::GeometryAttribute::NORMAL, input->normal_bits);
      encoder.SetAttributeQuantization (draco::GeometryAttribute::TEX_COORD, input->texcoord_bits);
      encoder.SetAttributeQuantization (draco::GeometryAttribute::COLOR, 8);
      encoder.SetAttributeQuantization (draco::GeometryAttribute::GENERIC, 12);

      draco::Status status = encoder.EncodeMeshToBuffer (mesh, &buffer);
      if (!status.ok ())
        {
          *error = g_strdup (status.error_msg ());
          return FALSE;
        }

      draco::DecoderBuffer check;
      draco::Decoder decoder;
      check.Init (buffer.data (), buffer.size ());
      auto decoded = decoder.DecodeMeshFromBuffer (&check);
      if (!decoded.ok ())
        {
          *error = g_strdup (decoded.status ().error_msg ());
          return FALSE;
        }
      output->n_points = decoded.value ()->num_points ();
      output->n_faces = decoded.value ()->num_faces ();
      output->length = buffer.size ();
      output->data = (guint8 *) g_memdup2 (buffer.data (), buffer.size ());
      return TRUE;
    }
  catch (const std::exception &e)
    {
      *error = g_strdup (e.what ());
      return FALSE;
    }
}
