/* atelier-gltf-stl.c: binary STL for printing
 *
 * One solid from every triangle of every instance, in world space, turned
 * from glTF's Y-up to the Z-up printers expect, in millimetres (glTF units
 * are metres). The header says so, and never starts with "solid" (which
 * would make readers take the file for ASCII STL).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <math.h>
#include <string.h>

#include "atelier-gltf-asset-private.h"

#define STL_HEADER "Atelier binary STL: units mm, Z up (from glTF: metres, Y up)"
#define MM_PER_UNIT 1000.0f

int
gltf_normal_matrix (const float *m,
                    float        n[9])
{
  /* Cofactors of the upper 3×3: the inverse transpose times the determinant. */
  float a = m[0], b = m[4], c = m[8];
  float d = m[1], e = m[5], f = m[9];
  float g = m[2], h = m[6], i = m[10];
  float det;

  n[0] = e * i - f * h;
  n[3] = c * h - b * i;
  n[6] = b * f - c * e;
  n[1] = f * g - d * i;
  n[4] = a * i - c * g;
  n[7] = c * d - a * f;
  n[2] = d * h - e * g;
  n[5] = b * g - a * h;
  n[8] = a * e - b * d;
  det = a * n[0] + b * n[1] + c * n[2];
  return det < 0.0f ? -1 : 1;
}

static void
to_print_space (const float *world,
                const float *p,
                float       *out)
{
  float w[3];

  for (guint r = 0; r < 3; r++)
    w[r] = world[r] * p[0] + world[4 + r] * p[1] + world[8 + r] * p[2] + world[12 + r];
  out[0] = w[0] * MM_PER_UNIT;
  out[1] = -w[2] * MM_PER_UNIT;
  out[2] = w[1] * MM_PER_UNIT;
}

static void
put_floats (GByteArray  *out,
            const float *values,
            guint        n)
{
  for (guint i = 0; i < n; i++)
    {
      guint32 bits;

      memcpy (&bits, &values[i], 4);
      bits = GUINT32_TO_LE (bits);
      g_byte_array_append (out, (const guint8 *) &bits, 4);
    }
}

/* Vertex indices of triangle @t of @prim (lists, strips and fans). */
static gboolean
triangle (const AtelierGltfPrimitive *prim,
          guint64                     t,
          guint32                     v[3])
{
  guint64 i[3];

  switch (prim->mode)
    {
    case ATELIER_GLTF_MODE_TRIANGLES:
      i[0] = t * 3, i[1] = t * 3 + 1, i[2] = t * 3 + 2;
      break;
    case ATELIER_GLTF_MODE_TRIANGLE_STRIP:
      i[0] = t, i[1] = t % 2 ? t + 2 : t + 1, i[2] = t % 2 ? t + 1 : t + 2;
      break;
    case ATELIER_GLTF_MODE_TRIANGLE_FAN:
      i[0] = 0, i[1] = t + 1, i[2] = t + 2;
      break;
    default:
      return FALSE;
    }
  for (guint k = 0; k < 3; k++)
    v[k] = prim->indices ? prim->indices[i[k]] : (guint32) i[k];
  return TRUE;
}

gboolean
gltf_write_stl (AtelierGltfAsset *asset,
                const char       *path,
                GCancellable     *cancellable,
                guint64          *bytes_written,
                GError          **error)
{
  const AtelierGltfScene *scene = asset->scene;
  g_autoptr(GByteArray) out = NULL;
  guint64 count = 0;
  guint8 header[80];
  guint32 n;

  for (guint i = 0; i < scene->n_instances; i++)
    {
      const AtelierGltfMesh *mesh = &scene->meshes[scene->instances[i].mesh];

      for (guint j = 0; j < mesh->n_primitives; j++)
        count += gltf_primitive_triangles (&mesh->primitives[j]);
    }
  if (count == 0 || count > G_MAXUINT32 || count > (G_MAXSIZE - 84) / 50)
    {
      g_set_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_FAILED,
                   count == 0 ? "the model has no triangles to print"
                              : "too many triangles for an STL file");
      return FALSE;
    }

  out = g_byte_array_sized_new (84 + count * 50);
  memset (header, ' ', sizeof header);
  memcpy (header, STL_HEADER, strlen (STL_HEADER));
  g_byte_array_append (out, header, sizeof header);
  n = GUINT32_TO_LE ((guint32) count);
  g_byte_array_append (out, (const guint8 *) &n, 4);

  for (guint i = 0; i < scene->n_instances; i++)
    {
      const AtelierGltfInstance *inst = &scene->instances[i];
      const AtelierGltfMesh *mesh = &scene->meshes[inst->mesh];
      float normal_matrix[9];
      gboolean mirrored = gltf_normal_matrix (inst->world, normal_matrix) < 0;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      for (guint j = 0; j < mesh->n_primitives; j++)
        {
          const AtelierGltfPrimitive *prim = &mesh->primitives[j];
          guint64 n_triangles = gltf_primitive_triangles (prim);

          for (guint64 t = 0; t < n_triangles; t++)
            {
              float record[12];
              guint32 v[3];
              float *a = record + 3, *b = record + 6, *c = record + 9;
              float u[3], w[3], length;
              static const guint8 zero[2];

              triangle (prim, t, v);
              if (mirrored)
                {
                  guint32 swap = v[1];

                  v[1] = v[2];
                  v[2] = swap;
                }
              to_print_space (inst->world, prim->positions + (gsize) v[0] * 3, a);
              to_print_space (inst->world, prim->positions + (gsize) v[1] * 3, b);
              to_print_space (inst->world, prim->positions + (gsize) v[2] * 3, c);

              for (guint k = 0; k < 3; k++)
                {
                  u[k] = b[k] - a[k];
                  w[k] = c[k] - a[k];
                }
              record[0] = u[1] * w[2] - u[2] * w[1];
              record[1] = u[2] * w[0] - u[0] * w[2];
              record[2] = u[0] * w[1] - u[1] * w[0];
              length = sqrtf (record[0] * record[0] + record[1] * record[1] + record[2] * record[2]);
              for (guint k = 0; k < 3; k++)
                record[k] = length > 0.0f ? record[k] / length : 0.0f;

              put_floats (out, record, 12);
              g_byte_array_append (out, zero, 2);
            }
        }
    }

  g_assert (out->len == 84 + count * 50);
  return gltf_write_file (path, out->data, out->len, bytes_written, error);
}
