/* atelier-render-lod.c: a simplified version of a scene for moving views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-render"

#include "config.h"

#ifdef HAVE_MESHOPT
# include <meshoptimizer.h>
#endif

#include "atelier-render-lod.h"

/* Primitives below this are drawn whole: simplifying them saves nothing. */
#define MIN_TRIANGLES 2000

typedef struct
{
  guint32 *indices;    /* NULL: draw the primitive whole */
  guint32  index_count;
} LodPrimitive;

struct _AtelierRenderLod
{
  LodPrimitive *primitives;
  guint         n_primitives;
  guint64       triangles;
};

gboolean
atelier_render_lod_available (void)
{
#ifdef HAVE_MESHOPT
  return TRUE;
#else
  return FALSE;
#endif
}

static guint64
primitive_triangles (const AtelierGltfPrimitive *p)
{
  guint64 n = p->indices ? p->index_count : p->vertex_count;

  switch (p->mode)
    {
    case ATELIER_GLTF_MODE_TRIANGLES: return n / 3;
    case ATELIER_GLTF_MODE_TRIANGLE_STRIP:
    case ATELIER_GLTF_MODE_TRIANGLE_FAN: return n >= 3 ? n - 2 : 0;
    default: return 0;
    }
}

#ifdef HAVE_MESHOPT
static inline guint32
vertex_at (const AtelierGltfPrimitive *p,
           guint64                     i)
{
  return p->indices ? p->indices[i] : (guint32) i;
}

/* Any triangle primitive as a plain list, wound as GL draws it. */
static guint32 *
triangle_list (const AtelierGltfPrimitive *p,
               guint64                     triangles)
{
  guint32 *list = g_new (guint32, triangles * 3);

  for (guint64 t = 0; t < triangles; t++)
    {
      guint32 *out = list + 3 * t;

      switch (p->mode)
        {
        case ATELIER_GLTF_MODE_TRIANGLE_STRIP:
          out[0] = vertex_at (p, t);
          out[1] = vertex_at (p, t + 1 + (t & 1));
          out[2] = vertex_at (p, t + 2 - (t & 1));
          break;
        case ATELIER_GLTF_MODE_TRIANGLE_FAN:
          out[0] = vertex_at (p, t + 1);
          out[1] = vertex_at (p, t + 2);
          out[2] = vertex_at (p, 0);
          break;
        default:
          out[0] = vertex_at (p, 3 * t);
          out[1] = vertex_at (p, 3 * t + 1);
          out[2] = vertex_at (p, 3 * t + 2);
          break;
        }
    }
  return list;
}

static void
simplify (const AtelierGltfPrimitive *p,
          guint64                     triangles,
          double                      ratio,
          gboolean                    quality,
          LodPrimitive               *out)
{
  g_autofree guint32 *list = NULL;
  const guint32 *source = p->indices;
  guint32 *result;
  gsize target = MAX ((gsize) (triangles * ratio), 64) * 3;
  gsize n;
  float error = 0;

  if (p->mode != ATELIER_GLTF_MODE_TRIANGLES || source == NULL)
    source = list = triangle_list (p, triangles);

  result = g_new (guint32, triangles * 3);
  n = triangles * 3;
  /* Edge collapses that keep the shape within 2 % of its size, with seams
   * between UV islands kept closed: a second or two for a million
   * triangles. */
  if (quality)
    n = meshopt_simplify (result, source, triangles * 3, p->positions, p->vertex_count,
                          3 * sizeof (float), target, 0.02f, 0, &error);
  /* Vertex clustering: coarser, but ten times quicker, and it always gets
   * there, also where the topology stops the collapses early (many small
   * islands, seams everywhere). */
  if (n > target + target / 2)
    n = meshopt_simplifySloppy (result, source, triangles * 3, p->positions, p->vertex_count,
                                3 * sizeof (float), target, 0.02f, &error);
  /* Fewer vertex shader runs on any GL, llvmpipe's included. */
  if (quality)
    meshopt_optimizeVertexCache (result, result, n, p->vertex_count);

  if (n == 0 || n >= triangles * 3)
    {
      g_free (result);
      return;
    }
  out->indices = g_renew (guint32, result, n);
  out->index_count = n;
}
#endif

AtelierRenderLod *
atelier_render_lod_build (const AtelierGltfScene *scene,
                          double                  ratio,
                          gboolean                quality,
                          GCancellable           *cancellable)
{
  g_autoptr(AtelierRenderLod) self = NULL;
  gboolean simplified = FALSE;
  guint k = 0;

  g_return_val_if_fail (scene != NULL, NULL);
  ratio = CLAMP (ratio, 0.001, 1.0);

  self = g_new0 (AtelierRenderLod, 1);
  for (guint m = 0; m < scene->n_meshes; m++)
    self->n_primitives += scene->meshes[m].n_primitives;
  self->primitives = g_new0 (LodPrimitive, MAX (self->n_primitives, 1));

  for (guint m = 0; m < scene->n_meshes; m++)
    for (guint i = 0; i < scene->meshes[m].n_primitives; i++, k++)
      {
        const AtelierGltfPrimitive *p = &scene->meshes[m].primitives[i];
        guint64 triangles = primitive_triangles (p);
        LodPrimitive *out = &self->primitives[k];

        if (g_cancellable_is_cancelled (cancellable))
          return NULL;
#ifdef HAVE_MESHOPT
        if (triangles >= MIN_TRIANGLES && ratio < 1 && p->positions != NULL &&
            p->vertex_count > 0 && triangles * 3 <= G_MAXUINT32)
          simplify (p, triangles, ratio, quality, out);
#endif
        if (out->indices)
          {
            simplified = TRUE;
            self->triangles += out->index_count / 3;
          }
        else
          {
            self->triangles += triangles;
          }
      }

  if (!simplified)
    return NULL;
  return g_steal_pointer (&self);
}

const guint32 *
atelier_render_lod_get_indices (const AtelierRenderLod *self,
                                guint                   index,
                                guint32                *index_count)
{
  if (index >= self->n_primitives || self->primitives[index].indices == NULL)
    {
      *index_count = 0;
      return NULL;
    }
  *index_count = self->primitives[index].index_count;
  return self->primitives[index].indices;
}

guint
atelier_render_lod_get_n_primitives (const AtelierRenderLod *self)
{
  return self->n_primitives;
}

guint64
atelier_render_lod_get_triangles (const AtelierRenderLod *self)
{
  return self->triangles;
}

void
atelier_render_lod_free (AtelierRenderLod *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->n_primitives; i++)
    g_free (self->primitives[i].indices);
  g_free (self->primitives);
  g_free (self);
}
