/* atelier-gltf-writer-mesh.c: primitives to accessors, plain, quantized
 * (KHR_mesh_quantization), meshopt- or Draco-compressed
 *
 * Quantized positions are integers on a per-mesh grid whose scale (uniform,
 * so normals computed from them stay right) and offset go into the node, as
 * gltfpack does. Vertex streams are not interleaved: each compresses better
 * alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <math.h>
#include <string.h>

#include "atelier-gltf-writer-private.h"
#ifdef HAVE_MESHOPT
#include <meshoptimizer.h>
#endif
#ifdef HAVE_DRACO
#include "atelier-gltf-draco-encode.h"
#endif

typedef struct
{
  gboolean quantize;
  float    offset[3];   /* position grid */
  float    step;        /* world units per grid step */
  float    inv_step;
  guint    max_q;
} MeshQuant;

static JsonArray *
number_array (const double *values,
              guint         n)
{
  JsonArray *array = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    {
      if (values[i] == floor (values[i]) && fabs (values[i]) < 1e15)
        json_array_add_int_element (array, (gint64) values[i]);
      else
        json_array_add_double_element (array, values[i]);
    }
  return array;
}

static int
add_accessor (GltfWriter  *writer,
              int          view,
              guint        component_type,
              gboolean     normalized,
              guint32      count,
              const char  *type,
              const double *min,
              const double *max,
              guint        n_components)
{
  JsonObject *acc = json_object_new ();

  if (view >= 0)
    json_object_set_int_member (acc, "bufferView", view);
  json_object_set_int_member (acc, "componentType", component_type);
  if (normalized)
    json_object_set_boolean_member (acc, "normalized", TRUE);
  json_object_set_int_member (acc, "count", count);
  json_object_set_string_member (acc, "type", type);
  if (min != NULL)
    {
      json_object_set_array_member (acc, "min", number_array (min, n_components));
      json_object_set_array_member (acc, "max", number_array (max, n_components));
    }
  json_array_add_object_element (writer->accessors, acc);
  return json_array_get_length (writer->accessors) - 1;
}

static gboolean
use_meshopt (GltfWriter *writer)
{
  return writer->options->compression == ATELIER_GLTF_COMPRESSION_MESHOPT;
}

#ifdef HAVE_MESHOPT
/* The compressed bytes go to buffer 0; the view itself points into the
 * data-less fallback buffer 1, where a decoder puts what it decodes. */
static int
add_meshopt_view (GltfWriter   *writer,
                  const guint8 *compressed,
                  gsize         compressed_length,
                  gsize         length,
                  guint         stride,
                  guint32       count,
                  const char   *mode,
                  guint         target)
{
  static const guint8 zeros[4];
  JsonObject *view = json_object_new ();
  JsonObject *extensions = json_object_new ();
  JsonObject *ext = json_object_new ();

  if (writer->bin->len % 4 != 0)
    g_byte_array_append (writer->bin, zeros, 4 - writer->bin->len % 4);
  writer->fallback_length = (writer->fallback_length + 3) & ~(gsize) 3;

  json_object_set_int_member (ext, "buffer", 0);
  json_object_set_int_member (ext, "byteOffset", writer->bin->len);
  json_object_set_int_member (ext, "byteLength", compressed_length);
  json_object_set_int_member (ext, "byteStride", stride);
  json_object_set_string_member (ext, "mode", mode);
  json_object_set_int_member (ext, "count", count);
  g_byte_array_append (writer->bin, compressed, compressed_length);

  json_object_set_int_member (view, "buffer", 1);
  json_object_set_int_member (view, "byteOffset", writer->fallback_length);
  json_object_set_int_member (view, "byteLength", length);
  if (target == GLTF_TARGET_ARRAY_BUFFER)
    json_object_set_int_member (view, "byteStride", stride);
  json_object_set_int_member (view, "target", target);
  json_object_set_object_member (extensions, "EXT_meshopt_compression", ext);
  json_object_set_object_member (view, "extensions", extensions);
  writer->fallback_length += length;

  gltf_writer_use_extension (writer, "EXT_meshopt_compression", TRUE);
  json_array_add_object_element (writer->buffer_views, view);
  return json_array_get_length (writer->buffer_views) - 1;
}
#endif

static int
add_vertex_view (GltfWriter *writer,
                 const void *data,
                 guint32     count,
                 guint       stride)
{
#ifdef HAVE_MESHOPT
  if (use_meshopt (writer))
    {
      gsize bound = meshopt_encodeVertexBufferBound (count, stride);
      g_autofree guint8 *out = g_malloc (bound);
      gsize n = meshopt_encodeVertexBuffer (out, bound, data, count, stride);

      return add_meshopt_view (writer, out, n, (gsize) count * stride, stride, count,
                               "ATTRIBUTES", GLTF_TARGET_ARRAY_BUFFER);
    }
#endif
  return gltf_writer_add_view (writer, data, (gsize) count * stride, stride,
                               GLTF_TARGET_ARRAY_BUFFER);
}

static int
add_index_accessor (GltfWriter                 *writer,
                    const AtelierGltfPrimitive *prim)
{
  gboolean small = prim->vertex_count <= 65535;
  guint size = small ? 2 : 4;
  gsize length = (gsize) prim->index_count * size;
  g_autofree guint8 *packed = NULL;
  int view;

  if (small)
    {
      guint16 *out = g_malloc (MAX (length, 2));

      for (guint32 i = 0; i < prim->index_count; i++)
        out[i] = prim->indices[i];
      packed = (guint8 *) out;
    }

#ifdef HAVE_MESHOPT
  if (use_meshopt (writer))
    {
      gboolean triangles = prim->mode == ATELIER_GLTF_MODE_TRIANGLES && prim->index_count % 3 == 0;
      gsize bound = triangles ? meshopt_encodeIndexBufferBound (prim->index_count, prim->vertex_count)
                              : meshopt_encodeIndexSequenceBound (prim->index_count, prim->vertex_count);
      g_autofree guint8 *out = g_malloc (bound);
      gsize n = triangles ? meshopt_encodeIndexBuffer (out, bound, prim->indices, prim->index_count)
                          : meshopt_encodeIndexSequence (out, bound, prim->indices, prim->index_count);

      view = add_meshopt_view (writer, out, n, length, size, prim->index_count,
                               triangles ? "TRIANGLES" : "INDICES",
                               GLTF_TARGET_ELEMENT_ARRAY_BUFFER);
    }
  else
#endif
    view = gltf_writer_add_view (writer, small ? packed : (const guint8 *) prim->indices, length, 0,
                                 GLTF_TARGET_ELEMENT_ARRAY_BUFFER);

  return add_accessor (writer, view, small ? 5123 : 5125, FALSE, prim->index_count, "SCALAR",
                       NULL, NULL, 0);
}

static void
float_bounds (const float *values,
              guint32      count,
              guint        n,
              double      *min,
              double      *max)
{
  for (guint k = 0; k < n; k++)
    {
      min[k] = count > 0 ? values[k] : 0.0;
      max[k] = min[k];
    }
  for (guint32 v = 1; v < count; v++)
    for (guint k = 0; k < n; k++)
      {
        double x = values[(gsize) v * n + k];

        min[k] = MIN (min[k], x);
        max[k] = MAX (max[k], x);
      }
}

static int
add_positions (GltfWriter                 *writer,
               const AtelierGltfPrimitive *prim,
               const MeshQuant            *q)
{
  double min[3], max[3];
  guint32 n = prim->vertex_count;

  if (!q->quantize)
    {
      float_bounds (prim->positions, n, 3, min, max);
      return add_accessor (writer, add_vertex_view (writer, prim->positions, n, 12),
                           GLTF_FLOAT, FALSE, n, "VEC3", min, max, 3);
    }
  else
    {
      g_autofree guint16 *out = g_new0 (guint16, (gsize) MAX (n, 1) * 4);

      for (guint32 v = 0; v < n; v++)
        for (guint k = 0; k < 3; k++)
          {
            float x = (prim->positions[(gsize) v * 3 + k] - q->offset[k]) * q->inv_step;
            guint value = x <= 0.0f ? 0 : x >= q->max_q ? q->max_q : (guint) (x + 0.5f);

            out[(gsize) v * 4 + k] = value;
            if (v == 0 || value < min[k])
              min[k] = value;
            if (v == 0 || value > max[k])
              max[k] = value;
          }
      gltf_writer_use_extension (writer, "KHR_mesh_quantization", TRUE);
      return add_accessor (writer, add_vertex_view (writer, out, n, 8), GLTF_UNSIGNED_SHORT, FALSE,
                           n, "VEC3", n > 0 ? min : NULL, max, 3);
    }
}

static inline gint8
snorm8 (float value)
{
  value = CLAMP (value, -1.0f, 1.0f) * 127.0f;
  return (gint8) (value >= 0 ? value + 0.5f : value - 0.5f);
}

/* Normals (3 components) or tangents (4, w stays ±1). */
static int
add_directions (GltfWriter  *writer,
                const float *values,
                guint32      n,
                guint        components,
                gboolean     quantize)
{
  if (!quantize)
    return add_accessor (writer, add_vertex_view (writer, values, n, components * 4), GLTF_FLOAT,
                         FALSE, n, components == 3 ? "VEC3" : "VEC4", NULL, NULL, 0);
  else
    {
      g_autofree gint8 *out = g_new0 (gint8, (gsize) MAX (n, 1) * 4);

      for (guint32 v = 0; v < n; v++)
        {
          const float *d = values + (gsize) v * components;
          float length = sqrtf (d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
          float s = length > 0.0f ? 1.0f / length : 0.0f;

          for (guint k = 0; k < 3; k++)
            out[(gsize) v * 4 + k] = snorm8 (d[k] * s);
          if (components == 4)
            out[(gsize) v * 4 + 3] = d[3] < 0.0f ? -127 : 127;
        }
      gltf_writer_use_extension (writer, "KHR_mesh_quantization", TRUE);
      return add_accessor (writer, add_vertex_view (writer, out, n, 4), GLTF_BYTE, TRUE, n,
                           components == 3 ? "VEC3" : "VEC4", NULL, NULL, 0);
    }
}

static int
add_texcoords (GltfWriter  *writer,
               const float *uv,
               guint32      n,
               gboolean     quantize)
{
  gboolean unit = quantize;

  for (gsize i = 0; unit && i < (gsize) n * 2; i++)
    unit = uv[i] >= 0.0f && uv[i] <= 1.0f;

  if (!unit)
    return add_accessor (writer, add_vertex_view (writer, uv, n, 8), GLTF_FLOAT, FALSE, n, "VEC2",
                         NULL, NULL, 0);
  else
    {
      guint bits = writer->options->texcoord_bits;
      guint max = (1u << bits) - 1;
      g_autofree guint16 *out = g_new (guint16, (gsize) MAX (n, 1) * 2);

      /* Rounded to @bits, then the top bits repeated below so that 1.0 stays
       * exactly 65535 and the grid keeps its low entropy. */
      for (gsize i = 0; i < (gsize) n * 2; i++)
        {
          guint value = (guint) (uv[i] * max + 0.5f);

          out[i] = (value << (16 - bits)) | (value >> (2 * bits - 16));
        }
      return add_accessor (writer, add_vertex_view (writer, out, n, 4), GLTF_UNSIGNED_SHORT, TRUE,
                           n, "VEC2", NULL, NULL, 0);
    }
}

static int
add_colors (GltfWriter  *writer,
            const float *rgba,
            guint32      n,
            gboolean     quantize)
{
  if (!quantize)
    return add_accessor (writer, add_vertex_view (writer, rgba, n, 16), GLTF_FLOAT, FALSE, n,
                         "VEC4", NULL, NULL, 0);
  else
    {
      g_autofree guint16 *out = g_new (guint16, (gsize) MAX (n, 1) * 4);

      for (gsize i = 0; i < (gsize) n * 4; i++)
        out[i] = (guint16) (CLAMP (rgba[i], 0.0f, 1.0f) * 65535.0f + 0.5f);
      return add_accessor (writer, add_vertex_view (writer, out, n, 8), GLTF_UNSIGNED_SHORT, TRUE,
                           n, "VEC4", NULL, NULL, 0);
    }
}

#ifdef HAVE_DRACO
static gboolean
add_draco_primitive (GltfWriter                 *writer,
                     const AtelierGltfPrimitive *prim,
                     gboolean                    normals,
                     gboolean                    tangents,
                     JsonObject                 *prim_obj,
                     JsonObject                 *attributes,
                     GError                    **error)
{
  static const char * const names[GLTF_DRACO_N_ATTRIBUTES] = {
    "POSITION", "NORMAL", "TANGENT", "TEXCOORD_0", "TEXCOORD_1", "COLOR_0",
  };
  static const char * const types[GLTF_DRACO_N_ATTRIBUTES] = {
    "VEC3", "VEC3", "VEC4", "VEC2", "VEC2", "VEC4",
  };
  GltfDracoInput in = { 0 };
  GltfDracoOutput out;
  g_autofree guint32 *sequence = NULL;
  g_autofree char *message = NULL;
  JsonObject *extensions = json_object_new ();
  JsonObject *ext = json_object_new ();
  JsonObject *ids = json_object_new ();
  double min[3], max[3];
  int view;

  in.vertex_count = prim->vertex_count;
  in.attributes[GLTF_DRACO_POSITION] = prim->positions;
  in.attributes[GLTF_DRACO_NORMAL] = normals ? prim->normals : NULL;
  in.attributes[GLTF_DRACO_TANGENT] = tangents ? prim->tangents : NULL;
  in.attributes[GLTF_DRACO_TEXCOORD0] = prim->texcoords0;
  in.attributes[GLTF_DRACO_TEXCOORD1] = prim->texcoords1;
  in.attributes[GLTF_DRACO_COLOR] = prim->colors;
  if (prim->indices != NULL)
    {
      in.indices = prim->indices;
      in.index_count = prim->index_count;
    }
  else
    {
      sequence = g_new (guint32, MAX (prim->vertex_count, 1));
      for (guint32 i = 0; i < prim->vertex_count; i++)
        sequence[i] = i;
      in.indices = sequence;
      in.index_count = prim->vertex_count - prim->vertex_count % 3;
    }
  in.position_bits = writer->options->position_bits;
  in.normal_bits = writer->options->normal_bits;
  in.texcoord_bits = writer->options->texcoord_bits;

  if (!gltf_draco_encode (&in, &out, &message))
    {
      g_set_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_FAILED,
                   "Draco compression failed: %s", message);
      json_object_unref (extensions);
      json_object_unref (ext);
      json_object_unref (ids);
      return FALSE;
    }

  view = gltf_writer_add_view (writer, out.data, out.length, 0, 0);
  g_free (out.data);

  /* The bounds are the source's: Draco's own quantization moves them by
   * less than a grid step. */
  float_bounds (prim->positions, prim->vertex_count, 3, min, max);
  for (guint a = 0; a < GLTF_DRACO_N_ATTRIBUTES; a++)
    {
      if (out.ids[a] < 0)
        continue;
      json_object_set_int_member (attributes, names[a],
                                  add_accessor (writer, -1, GLTF_FLOAT, FALSE, out.n_points,
                                                types[a], a == 0 ? min : NULL, max, 3));
      json_object_set_int_member (ids, names[a], out.ids[a]);
    }
  json_object_set_int_member (prim_obj, "indices",
                              add_accessor (writer, -1, out.n_points <= 65535 ? 5123 : 5125, FALSE,
                                            out.n_faces * 3, "SCALAR", NULL, NULL, 0));

  json_object_set_int_member (ext, "bufferView", view);
  json_object_set_object_member (ext, "attributes", ids);
  json_object_set_object_member (extensions, "KHR_draco_mesh_compression", ext);
  json_object_set_object_member (prim_obj, "extensions", extensions);
  gltf_writer_use_extension (writer, "KHR_draco_mesh_compression", TRUE);
  return TRUE;
}
#endif

static void
mesh_quant_init (GltfWriter            *writer,
                 const AtelierGltfMesh *mesh,
                 MeshQuant             *q,
                 float                  dequantize[16])
{
  float min[3] = { 0, 0, 0 }, max[3] = { 0, 0, 0 }, extent = 0.0f;
  gboolean first = TRUE;

  memset (dequantize, 0, 16 * sizeof (float));
  dequantize[0] = dequantize[5] = dequantize[10] = dequantize[15] = 1.0f;
  memset (q, 0, sizeof *q);

  if (writer->options->compression == ATELIER_GLTF_COMPRESSION_DRACO ||
      !(writer->options->quantize || use_meshopt (writer)))
    return;

  for (guint j = 0; j < mesh->n_primitives; j++)
    {
      const AtelierGltfPrimitive *prim = &mesh->primitives[j];

      for (gsize i = 0; i < (gsize) prim->vertex_count * 3; i++)
        {
          guint k = i % 3;
          float x = prim->positions[i];

          if (!isfinite (x))
            continue;
          if (first || x < min[k])
            min[k] = x;
          if (first || x > max[k])
            max[k] = x;
          if (k == 2)
            first = FALSE;
        }
    }
  for (guint k = 0; k < 3; k++)
    extent = MAX (extent, max[k] - min[k]);
  if (!(extent > 0.0f))
    extent = 1.0f;

  q->quantize = TRUE;
  q->max_q = (1u << writer->options->position_bits) - 1;
  q->step = extent / q->max_q;
  q->inv_step = q->max_q / extent;
  memcpy (q->offset, min, sizeof min);

  dequantize[0] = dequantize[5] = dequantize[10] = q->step;
  dequantize[12] = min[0];
  dequantize[13] = min[1];
  dequantize[14] = min[2];
}

JsonObject *
gltf_writer_add_mesh (GltfWriter  *writer,
                      guint        index,
                      float        dequantize[16],
                      GError     **error)
{
  const AtelierGltfMesh *mesh = &writer->asset->scene->meshes[index];
  g_autoptr(JsonObject) obj = json_object_new ();
  JsonArray *primitives = json_array_new ();
  gboolean quantize = writer->options->compression != ATELIER_GLTF_COMPRESSION_DRACO &&
                      (writer->options->quantize || use_meshopt (writer));
  MeshQuant q;

  mesh_quant_init (writer, mesh, &q, dequantize);
  if (mesh->name != NULL)
    json_object_set_string_member (obj, "name", mesh->name);
  json_object_set_array_member (obj, "primitives", primitives);

  for (guint j = 0; j < mesh->n_primitives; j++)
    {
      const AtelierGltfPrimitive *prim = &mesh->primitives[j];
      guint authored = writer->asset->authored[index][j];
      gboolean normals = prim->normals != NULL && (authored & ATELIER_GLTF_AUTHORED_NORMALS);
      gboolean tangents = prim->tangents != NULL && (authored & ATELIER_GLTF_AUTHORED_TANGENTS);
      JsonObject *prim_obj = json_object_new ();
      JsonObject *attributes = json_object_new ();

      json_array_add_object_element (primitives, prim_obj);
      json_object_set_object_member (prim_obj, "attributes", attributes);
      if (prim->mode != ATELIER_GLTF_MODE_TRIANGLES)
        json_object_set_int_member (prim_obj, "mode", prim->mode);
      if (prim->material >= 0 && (guint) prim->material < writer->asset->scene->n_materials)
        json_object_set_int_member (prim_obj, "material", prim->material);

#ifdef HAVE_DRACO
      if (writer->options->compression == ATELIER_GLTF_COMPRESSION_DRACO &&
          prim->mode == ATELIER_GLTF_MODE_TRIANGLES && prim->vertex_count >= 3)
        {
          if (!add_draco_primitive (writer, prim, normals, tangents, prim_obj, attributes, error))
            return NULL;
          continue;
        }
#endif

      json_object_set_int_member (attributes, "POSITION", add_positions (writer, prim, &q));
      if (normals)
        json_object_set_int_member (attributes, "NORMAL",
                                    add_directions (writer, prim->normals, prim->vertex_count, 3,
                                                    quantize));
      if (tangents)
        json_object_set_int_member (attributes, "TANGENT",
                                    add_directions (writer, prim->tangents, prim->vertex_count, 4,
                                                    quantize));
      if (prim->texcoords0 != NULL)
        json_object_set_int_member (attributes, "TEXCOORD_0",
                                    add_texcoords (writer, prim->texcoords0, prim->vertex_count,
                                                   quantize));
      if (prim->texcoords1 != NULL)
        json_object_set_int_member (attributes, "TEXCOORD_1",
                                    add_texcoords (writer, prim->texcoords1, prim->vertex_count,
                                                   quantize));
      if (prim->colors != NULL)
        json_object_set_int_member (attributes, "COLOR_0",
                                    add_colors (writer, prim->colors, prim->vertex_count, quantize));
      if (prim->indices != NULL)
        json_object_set_int_member (prim_obj, "indices", add_index_accessor (writer, prim));
    }

  return g_steal_pointer (&obj);
}
