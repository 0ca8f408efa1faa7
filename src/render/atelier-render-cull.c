/* atelier-render-cull.c: triangles a still picture cannot show, left out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-render"

#include "config.h"

#include <math.h>

#include "atelier-render-cull.h"

#define MAX_THREADS 8

/* Outcode bits: outside a clip plane, or too close to the eye to project. */
enum
{
  OUT_LEFT = 1 << 0, OUT_RIGHT = 1 << 1,
  OUT_BOTTOM = 1 << 2, OUT_TOP = 1 << 3,
  OUT_NEAR = 1 << 4, OUT_FAR = 1 << 5,
  NO_PROJECTION = 1 << 6,
};

typedef struct
{
  float   x, y;   /* window coordinates, pixels, y up as GL's */
  guint32 code;
} Projected;

typedef struct _AtelierRenderCull AtelierRenderCull;

typedef struct
{
  AtelierRenderCull *cull;
  guint64            first, end;  /* vertices in phase 1, triangles in phase 2 */
  guint32           *kept;
  guint64            n_kept;
  GThread           *thread;
} Slice;

struct _AtelierRenderCull
{
  const AtelierGltfPrimitive *p;
  float                       mvp[16];
  float                       width, height;
  gboolean                    cull_back;
  gboolean                    pixel_centres;
  Projected                  *projected;
  guint                       n_slices;
  Slice                       slices[MAX_THREADS];
  GThread                    *coordinator;
};

static void
project_range (AtelierRenderCull *self,
               guint64            first,
               guint64            end)
{
  const float *m = self->mvp, *pos = self->p->positions;

  for (guint64 v = first; v < end; v++)
    {
      float x = pos[3 * v], y = pos[3 * v + 1], z = pos[3 * v + 2];
      float cx = m[0] * x + m[4] * y + m[8] * z + m[12];
      float cy = m[1] * x + m[5] * y + m[9] * z + m[13];
      float cz = m[2] * x + m[6] * y + m[10] * z + m[14];
      float cw = m[3] * x + m[7] * y + m[11] * z + m[15];
      /* A hair beyond the plane, so rounding never drops a triangle that
       * touches the view. */
      float w = cw + fabsf (cw) * 1e-5f;
      Projected *out = &self->projected[v];
      guint32 code = 0;

      code |= cx < -w ? OUT_LEFT : 0;
      code |= cx > w ? OUT_RIGHT : 0;
      code |= cy < -w ? OUT_BOTTOM : 0;
      code |= cy > w ? OUT_TOP : 0;
      code |= cz < -w ? OUT_NEAR : 0;
      code |= cz > w ? OUT_FAR : 0;
      if (!(cw > 1e-6f) || !isfinite (cx + cy + cz + cw))
        code |= NO_PROJECTION;
      else
        {
          out->x = (cx / cw * 0.5f + 0.5f) * self->width;
          out->y = (cy / cw * 0.5f + 0.5f) * self->height;
        }
      out->code = code;
    }
}

/* Whether some pixel centre k + 0.5 (0 ≤ k < @size) lies in [lo, hi],
 * widened by more than the rasteriser's 1/256 px snapping. */
static inline gboolean
holds_centre (float lo,
              float hi,
              float size)
{
  const float margin = 1.0f / 64;
  float first = ceilf (lo - margin - 0.5f), last = floorf (hi + margin - 0.5f);

  return first <= last && last >= 0 && first <= size - 1;
}

static inline gboolean
keep (const AtelierRenderCull *self,
      const Projected         *a,
      const Projected         *b,
      const Projected         *c)
{
  float min_x, max_x, min_y, max_y, area, slack;

  if (a->code & b->code & c->code & ~NO_PROJECTION)
    return FALSE;   /* all outside one plane */
  if ((a->code | b->code | c->code) & NO_PROJECTION)
    return TRUE;    /* crosses the eye plane: leave it to the clipper */

  min_x = MIN (a->x, MIN (b->x, c->x));
  max_x = MAX (a->x, MAX (b->x, c->x));
  min_y = MIN (a->y, MIN (b->y, c->y));
  max_y = MAX (a->y, MAX (b->y, c->y));

  if (self->cull_back)
    {
      /* Twice the signed area, counter-clockwise positive (GL_CCW front).
       * Snapping moves each corner by up to 1/512 px, which can change it
       * by about the perimeter / 256: only a clearer sign counts. */
      area = (b->x - a->x) * (c->y - a->y) - (c->x - a->x) * (b->y - a->y);
      slack = ((max_x - min_x) + (max_y - min_y)) * (1.0f / 32) + 1e-3f;
      if (area < -slack)
        return FALSE;
    }

  if (self->pixel_centres &&
      (!holds_centre (min_x, max_x, self->width) || !holds_centre (min_y, max_y, self->height)))
    return FALSE;
  return TRUE;
}

static void
cull_range (Slice *slice)
{
  AtelierRenderCull *self = slice->cull;
  const guint32 *indices = self->p->indices;
  const Projected *v = self->projected;
  guint32 *out = slice->kept;
  guint64 n = 0;

  for (guint64 t = slice->first; t < slice->end; t++)
    {
      guint32 i0, i1, i2;

      if (indices)
        i0 = indices[3 * t], i1 = indices[3 * t + 1], i2 = indices[3 * t + 2];
      else
        i0 = 3 * t, i1 = 3 * t + 1, i2 = 3 * t + 2;
      if (keep (self, &v[i0], &v[i1], &v[i2]))
        {
          out[n++] = i0;
          out[n++] = i1;
          out[n++] = i2;
        }
    }
  slice->n_kept = n;
}

static gpointer
project_thread (gpointer data)
{
  Slice *slice = data;

  project_range (slice->cull, slice->first, slice->end);
  return NULL;
}

static gpointer
cull_thread (gpointer data)
{
  cull_range (data);
  return NULL;
}

/* Runs both phases on n_slices threads (this one included). */
static gpointer
coordinate (gpointer data)
{
  AtelierRenderCull *self = data;
  guint64 n_vertices = self->p->vertex_count;
  guint64 n_triangles = (self->p->indices ? self->p->index_count : self->p->vertex_count) / 3;
  guint n = self->n_slices;

  for (guint i = 0; i < n; i++)
    {
      Slice *s = &self->slices[i];

      s->cull = self;
      s->first = n_vertices * i / n;
      s->end = n_vertices * (i + 1) / n;
      s->thread = i == 0 ? NULL : g_thread_new ("atelier-cull", project_thread, s);
    }
  project_thread (&self->slices[0]);
  for (guint i = 1; i < n; i++)
    g_thread_join (self->slices[i].thread);

  for (guint i = 0; i < n; i++)
    {
      Slice *s = &self->slices[i];

      s->first = n_triangles * i / n;
      s->end = n_triangles * (i + 1) / n;
      /* Only the pages written become resident. */
      s->kept = g_new (guint32, MAX ((s->end - s->first) * 3, 1));
      s->thread = i == 0 ? NULL : g_thread_new ("atelier-cull", cull_thread, s);
    }
  cull_thread (&self->slices[0]);
  for (guint i = 1; i < n; i++)
    g_thread_join (self->slices[i].thread);
  g_clear_pointer (&self->projected, g_free);
  return NULL;
}

AtelierRenderCull *
atelier_render_cull_start (const AtelierGltfPrimitive *p,
                           const float                 mvp[16],
                           int                         width,
                           int                         height,
                           gboolean                    cull_back,
                           gboolean                    pixel_centres)
{
  AtelierRenderCull *self;
  guint64 n_triangles;

  if (p->mode != ATELIER_GLTF_MODE_TRIANGLES || p->positions == NULL || p->vertex_count == 0)
    return NULL;
  n_triangles = (p->indices ? p->index_count : p->vertex_count) / 3;
  if (n_triangles == 0)
    return NULL;

  self = g_new0 (AtelierRenderCull, 1);
  self->p = p;
  memcpy (self->mvp, mvp, sizeof self->mvp);
  self->width = width;
  self->height = height;
  self->cull_back = cull_back;
  self->pixel_centres = pixel_centres;
  self->projected = g_new (Projected, p->vertex_count);
  /* Small primitives are not worth a thread: they are culled in
   * atelier_render_cull_finish(), which a scene of many parts calls soon. */
  if (n_triangles < 50000)
    self->n_slices = 1;
  else
    {
      self->n_slices = CLAMP (g_get_num_processors (), 1, MAX_THREADS);
      self->coordinator = g_thread_new ("atelier-cull", coordinate, self);
    }
  return self;
}

guint32 *
atelier_render_cull_finish (AtelierRenderCull *self,
                            guint32           *index_count)
{
  guint32 *out;
  guint64 total = 0, at = 0;

  if (self->coordinator)
    g_thread_join (self->coordinator);
  else
    coordinate (self);
  for (guint i = 0; i < self->n_slices; i++)
    total += self->slices[i].n_kept;

  out = g_new (guint32, MAX (total, 1));
  for (guint i = 0; i < self->n_slices; i++)
    {
      memcpy (out + at, self->slices[i].kept, self->slices[i].n_kept * sizeof (guint32));
      at += self->slices[i].n_kept;
      g_free (self->slices[i].kept);
    }
  g_free (self);
  *index_count = total;
  return out;
}
