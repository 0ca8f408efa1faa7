/* atelier-gltf-normals.c: smooth normals and tangents for meshes without them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <math.h>
#include <string.h>

#include "atelier-gltf-private.h"

guint64
gltf_primitive_triangles (const AtelierGltfPrimitive *prim)
{
  guint32 n = prim->indices != NULL ? prim->index_count : prim->vertex_count;

  switch (prim->mode)
    {
    case ATELIER_GLTF_MODE_TRIANGLES:
      return n / 3;
    case ATELIER_GLTF_MODE_TRIANGLE_STRIP:
    case ATELIER_GLTF_MODE_TRIANGLE_FAN:
      return n >= 3 ? n - 2 : 0;
    default:
      return 0;
    }
}

/* Vertex indices of triangle @t, wound consistently for strips. */
static inline void
triangle (const AtelierGltfPrimitive *prim,
          guint64                     t,
          guint32                    *a,
          guint32                    *b,
          guint32                    *c)
{
  guint64 i0, i1, i2;

  switch (prim->mode)
    {
    case ATELIER_GLTF_MODE_TRIANGLE_STRIP:
      i0 = t;
      i1 = t + 1 + (t & 1);
      i2 = t + 2 - (t & 1);
      break;
    case ATELIER_GLTF_MODE_TRIANGLE_FAN:
      i0 = t + 1;
      i1 = t + 2;
      i2 = 0;
      break;
    case ATELIER_GLTF_MODE_TRIANGLES:
    default:
      i0 = t * 3;
      i1 = t * 3 + 1;
      i2 = t * 3 + 2;
      break;
    }

  if (prim->indices != NULL)
    {
      *a = prim->indices[i0];
      *b = prim->indices[i1];
      *c = prim->indices[i2];
    }
  else
    {
      *a = (guint32) i0;
      *b = (guint32) i1;
      *c = (guint32) i2;
    }
}

static inline void
normalize3 (float      *v,
            const float fallback[3])
{
  float len = sqrtf (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);

  if (len > 1e-20f && isfinite (len))
    {
      float inv = 1.0f / len;
      v[0] *= inv;
      v[1] *= inv;
      v[2] *= inv;
    }
  else
    memcpy (v, fallback, 3 * sizeof (float));
}

static inline void
accumulate_face (const float   *p,
                 float         *n,
                 const guint32 *idx)
{
  const float *p0 = p + (gsize) idx[0] * 3;
  const float *p1 = p + (gsize) idx[1] * 3;
  const float *p2 = p + (gsize) idx[2] * 3;
  float e1x = p1[0] - p0[0], e1y = p1[1] - p0[1], e1z = p1[2] - p0[2];
  float e2x = p2[0] - p0[0], e2y = p2[1] - p0[1], e2z = p2[2] - p0[2];
  float fx = e1y * e2z - e1z * e2y;
  float fy = e1z * e2x - e1x * e2z;
  float fz = e1x * e2y - e1y * e2x;

  for (guint k = 0; k < 3; k++)
    {
      float *d = n + (gsize) idx[k] * 3;
      d[0] += fx;
      d[1] += fy;
      d[2] += fz;
    }
}

/* Two distant halves of a triangle-list slice at once: neighbouring faces
 * share vertices, so each face's adds wait on the previous face's stores,
 * and two chains keep the CPU busy. */
static void
accumulate_list (const float   *p,
                 float         *n,
                 const guint32 *indices,
                 guint64        n_triangles)
{
  guint64 half = n_triangles / 2;
  const guint32 *a = indices;
  const guint32 *b = indices + half * 3;

  for (guint64 t = 0; t < half; t++, a += 3, b += 3)
    {
      accumulate_face (p, n, a);
      accumulate_face (p, n, b);
    }
  if (n_triangles % 2 != 0)
    accumulate_face (p, n, indices + (n_triangles - 1) * 3);
}

/* Big indexed lists are split over threads, each adding into its own
 * array, then summed and normalised by vertex ranges. */
#define MAX_NORMAL_THREADS 4
#define MIN_TRIANGLES_PER_THREAD 100000

typedef struct
{
  const AtelierGltfPrimitive *prim;
  float                      *sums[MAX_NORMAL_THREADS];
  guint                       n_sums;
  guint64                     first, end;   /* triangles, then vertices */
  GThread                    *thread;
} NormalSlice;

static const float up[3] = { 0.0f, 0.0f, 1.0f };

static gpointer
accumulate_slice (gpointer data)
{
  NormalSlice *slice = data;

  accumulate_list (slice->prim->positions, slice->sums[0],
                   slice->prim->indices + slice->first * 3, slice->end - slice->first);
  return NULL;
}

static gpointer
reduce_slice (gpointer data)
{
  NormalSlice *slice = data;
  float *n = slice->sums[0];

  for (guint64 i = slice->first * 3; i < slice->end * 3; i++)
    for (guint k = 1; k < slice->n_sums; k++)
      n[i] += slice->sums[k][i];
  for (guint64 v = slice->first; v < slice->end; v++)
    normalize3 (n + v * 3, up);
  return NULL;
}

static void
compute_normals_threaded (AtelierGltfPrimitive *prim,
                          guint64               n_triangles,
                          guint                 n_threads)
{
  NormalSlice slices[MAX_NORMAL_THREADS] = { { 0 } };
  float *sums[MAX_NORMAL_THREADS] = { prim->normals };

  for (guint i = 1; i < n_threads; i++)
    sums[i] = g_new0 (float, (gsize) prim->vertex_count * 3);

  for (guint i = 0; i < n_threads; i++)
    {
      slices[i].prim = prim;
      slices[i].sums[0] = sums[i];
      slices[i].first = n_triangles * i / n_threads;
      slices[i].end = n_triangles * (i + 1) / n_threads;
      if (i > 0)
        slices[i].thread = g_thread_new ("atelier-normals", accumulate_slice, &slices[i]);
    }
  accumulate_slice (&slices[0]);
  for (guint i = 1; i < n_threads; i++)
    g_thread_join (slices[i].thread);

  for (guint i = 0; i < n_threads; i++)
    {
      memcpy (slices[i].sums, sums, sizeof sums);
      slices[i].n_sums = n_threads;
      slices[i].first = (guint64) prim->vertex_count * i / n_threads;
      slices[i].end = (guint64) prim->vertex_count * (i + 1) / n_threads;
      if (i > 0)
        slices[i].thread = g_thread_new ("atelier-normals", reduce_slice, &slices[i]);
    }
  reduce_slice (&slices[0]);
  for (guint i = 1; i < n_threads; i++)
    g_thread_join (slices[i].thread);

  for (guint i = 1; i < n_threads; i++)
    g_free (sums[i]);
}

/* Face normals are left unnormalised, so their length (twice the area)
 * weights each face's contribution to its vertices. */
void
gltf_compute_normals (AtelierGltfPrimitive *prim)
{
  const float *p = prim->positions;
  float *n = prim->normals;
  guint64 n_triangles = gltf_primitive_triangles (prim);

  memset (n, 0, (gsize) prim->vertex_count * 3 * sizeof (float));

  if (prim->mode == ATELIER_GLTF_MODE_TRIANGLES && prim->indices != NULL)
    {
      guint n_threads = MIN (MIN (g_get_num_processors (), MAX_NORMAL_THREADS),
                             n_triangles / MIN_TRIANGLES_PER_THREAD);

      /* A million triangles take some 50 ms on one core, while the
       * headless renderer or the viewer waits for them. */
      if (n_threads > 1)
        {
          compute_normals_threaded (prim, n_triangles, n_threads);
          return;
        }
      accumulate_list (p, n, prim->indices, n_triangles);
    }
  else
    {
      for (guint64 t = 0; t < n_triangles; t++)
        {
          guint32 v[3];
          const float *p0, *p1, *p2;
          float e1[3], e2[3], f[3];

          triangle (prim, t, &v[0], &v[1], &v[2]);
          p0 = p + (gsize) v[0] * 3;
          p1 = p + (gsize) v[1] * 3;
          p2 = p + (gsize) v[2] * 3;
          for (guint k = 0; k < 3; k++)
            {
              e1[k] = p1[k] - p0[k];
              e2[k] = p2[k] - p0[k];
            }
          f[0] = e1[1] * e2[2] - e1[2] * e2[1];
          f[1] = e1[2] * e2[0] - e1[0] * e2[2];
          f[2] = e1[0] * e2[1] - e1[1] * e2[0];
          for (guint k = 0; k < 3; k++)
            {
              float *d = n + (gsize) v[k] * 3;
              d[0] += f[0];
              d[1] += f[1];
              d[2] += f[2];
            }
        }
    }

  for (guint32 i = 0; i < prim->vertex_count; i++)
    normalize3 (n + (gsize) i * 3, up);
}

/* Per-triangle UV-derivative accumulation (Lengyel), then Gram-Schmidt
 * against the normal; bitangent sign goes to w. */
void
gltf_compute_tangents (AtelierGltfPrimitive *prim,
                       const float          *uv)
{
  static const float x_axis[3] = { 1.0f, 0.0f, 0.0f };
  const float *p = prim->positions;
  float *tan = prim->tangents;
  g_autofree float *bitan = g_new0 (float, (gsize) prim->vertex_count * 3);
  guint64 n_triangles = gltf_primitive_triangles (prim);

  memset (tan, 0, (gsize) prim->vertex_count * 4 * sizeof (float));

  for (guint64 t = 0; t < n_triangles; t++)
    {
      guint32 v[3];
      const float *p0, *p1, *p2, *w0, *w1, *w2;
      float e1[3], e2[3], s[3], b[3];
      float du1, dv1, du2, dv2, det, r;

      triangle (prim, t, &v[0], &v[1], &v[2]);
      p0 = p + (gsize) v[0] * 3;
      p1 = p + (gsize) v[1] * 3;
      p2 = p + (gsize) v[2] * 3;
      w0 = uv + (gsize) v[0] * 2;
      w1 = uv + (gsize) v[1] * 2;
      w2 = uv + (gsize) v[2] * 2;

      du1 = w1[0] - w0[0];
      dv1 = w1[1] - w0[1];
      du2 = w2[0] - w0[0];
      dv2 = w2[1] - w0[1];
      det = du1 * dv2 - du2 * dv1;
      if (fabsf (det) < 1e-20f || !isfinite (det))
        continue;
      r = 1.0f / det;

      for (guint k = 0; k < 3; k++)
        {
          e1[k] = p1[k] - p0[k];
          e2[k] = p2[k] - p0[k];
          s[k] = (e1[k] * dv2 - e2[k] * dv1) * r;
          b[k] = (e2[k] * du1 - e1[k] * du2) * r;
        }

      for (guint j = 0; j < 3; j++)
        for (guint k = 0; k < 3; k++)
          {
            tan[(gsize) v[j] * 4 + k] += s[k];
            bitan[(gsize) v[j] * 3 + k] += b[k];
          }
    }

  for (guint32 i = 0; i < prim->vertex_count; i++)
    {
      float *tv = tan + (gsize) i * 4;
      const float *nv = prim->normals + (gsize) i * 3;
      const float *bv = bitan + (gsize) i * 3;
      float d = nv[0] * tv[0] + nv[1] * tv[1] + nv[2] * tv[2];
      float c[3];

      tv[0] -= nv[0] * d;
      tv[1] -= nv[1] * d;
      tv[2] -= nv[2] * d;
      normalize3 (tv, x_axis);

      c[0] = nv[1] * tv[2] - nv[2] * tv[1];
      c[1] = nv[2] * tv[0] - nv[0] * tv[2];
      c[2] = nv[0] * tv[1] - nv[1] * tv[0];
      tv[3] = (c[0] * bv[0] + c[1] * bv[1] + c[2] * bv[2]) < 0.0f ? -1.0f : 1.0f;
    }
}
