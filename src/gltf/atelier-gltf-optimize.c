/* atelier-gltf-optimize.c: weld, simplify, reorder, and resize textures
 *
 * Per triangle primitive: vertices equal in every authored attribute are
 * welded (meshopt_generateVertexRemapMulti), so a UV seam or a hard edge
 * keeps two vertices at one position; meshopt_simplify recognises such
 * pairs by position and only collapses along the seam, so seams stay
 * closed and UVs stay right. Then the vertex cache and fetch order are
 * optimized (which also helps meshopt compression). Normals the file did
 * not author are recomputed from the new triangles rather than carried.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <math.h>
#include <string.h>

#include "atelier-gltf-asset-private.h"
#include "atelier-gltf-optimize.h"
#ifdef HAVE_MESHOPT
#include <meshoptimizer.h>
#endif

static const char * const format_names[] = { "keep", "webp", "jpeg", "png" };

const char *
atelier_gltf_texture_format_to_string (AtelierGltfTextureFormat format)
{
  g_return_val_if_fail (format <= ATELIER_GLTF_TEXTURE_PNG, NULL);

  return format_names[format];
}

gboolean
atelier_gltf_texture_format_from_string (const char               *name,
                                         AtelierGltfTextureFormat *format)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (name, format_names[i]) == 0)
      {
        *format = i;
        return TRUE;
      }
  if (g_ascii_strcasecmp (name, "jpg") == 0)
    {
      *format = ATELIER_GLTF_TEXTURE_JPEG;
      return TRUE;
    }
  return FALSE;
}

void
atelier_gltf_optimize_options_init (AtelierGltfOptimizeOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->target_ratio = 1.0;
  options->texture_format = ATELIER_GLTF_TEXTURE_KEEP;
}

typedef struct
{
  GCancellable            *cancellable;
  AtelierGltfProgressFunc  progress;
  gpointer                 progress_data;
} Progress;

static void
report (const Progress *p,
        double          fraction)
{
  if (p->progress != NULL)
    p->progress (CLAMP (fraction, 0.0, 1.0), p->progress_data);
}

#ifdef HAVE_MESHOPT
/* The vertex streams of a primitive that are welded and reordered together. */
typedef struct
{
  float **arrays[6];
  guint   floats[6];
  guint   n;
} Streams;

static void
streams_init (Streams              *s,
              AtelierGltfPrimitive *prim,
              guint                 authored)
{
  float **all[6] = { &prim->positions, &prim->normals, &prim->tangents, &prim->texcoords0,
                     &prim->texcoords1, &prim->colors };
  const guint floats[6] = { 3, 3, 4, 2, 2, 4 };

  s->n = 0;
  for (guint i = 0; i < 6; i++)
    {
      /* Computed normals and tangents are not welded on: they are redone. */
      if (*all[i] == NULL || (i == 1 && !(authored & ATELIER_GLTF_AUTHORED_NORMALS)) ||
          (i == 2 && !(authored & ATELIER_GLTF_AUTHORED_TANGENTS)))
        continue;
      s->arrays[s->n] = all[i];
      s->floats[s->n] = floats[i];
      s->n++;
    }
}

static void
streams_remap (Streams       *s,
               guint32        old_count,
               guint32        new_count,
               const guint32 *remap)
{
  for (guint i = 0; i < s->n; i++)
    {
      gsize size = s->floats[i] * sizeof (float);
      float *out = g_malloc ((gsize) MAX (new_count, 1) * size);

      meshopt_remapVertexBuffer (out, *s->arrays[i], old_count, size, remap);
      g_free (*s->arrays[i]);
      *s->arrays[i] = out;
    }
}

static void
update_bounds (AtelierGltfPrimitive *prim)
{
  for (guint k = 0; k < 3; k++)
    {
      prim->min[k] = prim->vertex_count > 0 ? prim->positions[k] : 0.0f;
      prim->max[k] = prim->min[k];
    }
  for (gsize v = 1; v < prim->vertex_count; v++)
    for (guint k = 0; k < 3; k++)
      {
        float x = prim->positions[v * 3 + k];

        prim->min[k] = MIN (prim->min[k], x);
        prim->max[k] = MAX (prim->max[k], x);
      }
}

static void
simplify_primitive (AtelierGltfPrimitive       *prim,
                    guint                       authored,
                    const AtelierGltfMaterial  *material,
                    double                      ratio,
                    gboolean                    lock_borders)
{
  Streams streams;
  g_autofree guint32 *remap = NULL;
  guint32 count;

  if (prim->mode != ATELIER_GLTF_MODE_TRIANGLES || prim->vertex_count < 3)
    return;

  if (prim->indices == NULL)
    {
      prim->index_count = prim->vertex_count - prim->vertex_count % 3;
      prim->indices = g_new (guint32, prim->index_count);
      for (guint32 i = 0; i < prim->index_count; i++)
        prim->indices[i] = i;
    }
  prim->index_count -= prim->index_count % 3;

  streams_init (&streams, prim, authored);
  if (!(authored & ATELIER_GLTF_AUTHORED_NORMALS))
    g_clear_pointer (&prim->normals, g_free);
  if (!(authored & ATELIER_GLTF_AUTHORED_TANGENTS))
    g_clear_pointer (&prim->tangents, g_free);

  /* Weld on every attribute that is kept. */
  {
    struct meshopt_Stream ms[6];

    for (guint i = 0; i < streams.n; i++)
      {
        ms[i].data = *streams.arrays[i];
        ms[i].size = streams.floats[i] * sizeof (float);
        ms[i].stride = ms[i].size;
      }
    remap = g_new (guint32, prim->vertex_count);
    count = meshopt_generateVertexRemapMulti (remap, prim->indices, prim->index_count,
                                              prim->vertex_count, ms, streams.n);
    meshopt_remapIndexBuffer (prim->indices, prim->indices, prim->index_count, remap);
    streams_remap (&streams, prim->vertex_count, count, remap);
    prim->vertex_count = count;
  }

  if (ratio < 1.0 && prim->index_count >= 6)
    {
      gsize triangles = prim->index_count / 3;
      gsize target = MAX ((gsize) 1, (gsize) llround (triangles * ratio)) * 3;
      g_autofree guint32 *out = g_new (guint32, prim->index_count);
      float error = 0.0f;
      gsize n;

      /* No error cap: the face budget is what was asked for. The simplifier
       * still collapses the cheapest edges first and stops short only where
       * topology (seams, locked borders) forbids more. */
      n = meshopt_simplify (out, prim->indices, prim->index_count, prim->positions,
                            prim->vertex_count, 3 * sizeof (float), target, 1.0f,
                            lock_borders ? meshopt_SimplifyLockBorder : 0, &error);
      g_debug ("simplified %" G_GSIZE_FORMAT " -> %" G_GSIZE_FORMAT " triangles (target %"
               G_GSIZE_FORMAT ", error %.4f)", triangles, n / 3, target / 3, error);
      g_free (prim->indices);
      prim->indices = g_steal_pointer (&out);
      prim->index_count = n;
    }

  meshopt_optimizeVertexCache (prim->indices, prim->indices, prim->index_count,
                               prim->vertex_count);
  count = meshopt_optimizeVertexFetchRemap (remap, prim->indices, prim->index_count,
                                            prim->vertex_count);
  meshopt_remapIndexBuffer (prim->indices, prim->indices, prim->index_count, remap);
  streams_remap (&streams, prim->vertex_count, count, remap);
  prim->vertex_count = count;

  if (prim->normals == NULL)
    {
      prim->normals = g_new (float, (gsize) MAX (count, 1) * 3);
      gltf_compute_normals (prim);
    }
  if (prim->tangents == NULL && material != NULL && material->normal.texture >= 0)
    {
      const float *uv = material->normal.texcoord == 1 ? prim->texcoords1 : prim->texcoords0;

      if (uv != NULL)
        {
          prim->tangents = g_new (float, (gsize) MAX (count, 1) * 4);
          gltf_compute_tangents (prim, uv);
        }
    }
  update_bounds (prim);
}
#endif

static gboolean
optimize_geometry (AtelierGltfAsset                 *out,
                   const AtelierGltfOptimizeOptions *options,
                   double                            ratio,
                   const Progress                   *progress,
                   GError                          **error)
{
#ifdef HAVE_MESHOPT
  AtelierGltfScene *scene = out->scene;
  guint64 total = 0, done = 0;

  for (guint i = 0; i < scene->n_meshes; i++)
    for (guint j = 0; j < scene->meshes[i].n_primitives; j++)
      total += MAX (scene->meshes[i].primitives[j].index_count,
                    scene->meshes[i].primitives[j].vertex_count);

  for (guint i = 0; i < scene->n_meshes; i++)
    for (guint j = 0; j < scene->meshes[i].n_primitives; j++)
      {
        AtelierGltfPrimitive *prim = &scene->meshes[i].primitives[j];
        const AtelierGltfMaterial *material = NULL;

        if (g_cancellable_set_error_if_cancelled (progress->cancellable, error))
          return FALSE;
        if (prim->material >= 0 && (guint) prim->material < scene->n_materials)
          material = &scene->materials[prim->material];

        done += MAX (prim->index_count, prim->vertex_count);
        simplify_primitive (prim, out->authored[i][j], material, ratio, options->lock_borders);
        report (progress, 0.05 + 0.75 * done / MAX (total, 1));
      }
  gltf_scene_update_summary (scene);
  return TRUE;
#else
  /* Converting and re-encoding textures still work. */
  if (ratio >= 1.0)
    return TRUE;
  g_set_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_UNSUPPORTED,
               "simplifying needs libmeshoptimizer, which this build lacks");
  return FALSE;
#endif
}

static const char *
format_mime_type (AtelierGltfTextureFormat format,
                  const char              *keep)
{
  switch (format)
    {
    case ATELIER_GLTF_TEXTURE_WEBP:
      return "image/webp";
    case ATELIER_GLTF_TEXTURE_JPEG:
      return "image/jpeg";
    case ATELIER_GLTF_TEXTURE_PNG:
      return "image/png";
    case ATELIER_GLTF_TEXTURE_KEEP:
    default:
      return keep;
    }
}

static gboolean
optimize_image (AtelierGltfAsset                 *out,
                AtelierGltfAsset                 *source,
                guint                             i,
                const AtelierGltfOptimizeOptions *options,
                GError                          **error)
{
  AtelierGltfImage *image = &out->scene->images[i];
  const AtelierGltfImage *src = &source->scene->images[i];
  GBytes *file = source->image_files[i];
  const char *src_mime = "image/png";
  const char *mime;
  guint32 w, h;
  int width = src->width, height = src->height, new_width, new_height;
  g_autofree guint8 *decoded = NULL;
  g_autofree guint8 *resized = NULL;
  const guint8 *pixels = src->pixels;
  GBytes *encoded;

  if (!gltf_asset_image_usable (source, i))
    return TRUE;
  if (file != NULL)
    gltf_image_sniff (g_bytes_get_data (file, NULL), g_bytes_get_size (file), &src_mime, &w, &h);
  mime = format_mime_type (options->texture_format, src_mime);

  new_width = width;
  new_height = height;
  if (options->texture_size > 0 && (guint) MAX (width, height) > options->texture_size)
    {
      double scale = (double) options->texture_size / MAX (width, height);

      new_width = MAX (1, (int) lround (width * scale));
      new_height = MAX (1, (int) lround (height * scale));
    }

  /* Unchanged: the very same file. */
  if (file != NULL && new_width == width && new_height == height && g_str_equal (mime, src_mime))
    {
      out->image_files[i] = g_bytes_ref (file);
      return TRUE;
    }

  if (pixels == NULL)
    {
      decoded = gltf_image_decode_file (file, &width, &height, error);
      if (decoded == NULL)
        {
          g_prefix_error (error, "image %u: ", i);
          return FALSE;
        }
      pixels = decoded;
    }

  /* JPEG has no alpha: transparent images stay lossless. */
  if (g_str_equal (mime, "image/jpeg") && !gltf_image_is_opaque (pixels, width, height))
    mime = "image/png";

  if (new_width != width || new_height != height)
    {
      resized = gltf_image_resize (pixels, width, height, new_width, new_height);
      pixels = resized;
    }

  encoded = gltf_image_encode (pixels, new_width, new_height, mime, options->texture_quality,
                               error);
  if (encoded == NULL)
    {
      g_prefix_error (error, "image %u: ", i);
      return FALSE;
    }

  out->image_files[i] = encoded;
  gltf_image_free_pixels (out->scene, i);
  image->pixels = resized ? g_steal_pointer (&resized)
                          : decoded ? g_steal_pointer (&decoded)
                                    : g_memdup2 (pixels, (gsize) new_width * new_height * 4);
  image->width = new_width;
  image->height = new_height;
  g_free (image->mime_type);
  image->mime_type = g_strdup (mime);
  return TRUE;
}

AtelierGltfAsset *
atelier_gltf_optimize (AtelierGltfAsset                 *source,
                       const AtelierGltfOptimizeOptions *options,
                       GCancellable                     *cancellable,
                       AtelierGltfProgressFunc           progress_func,
                       gpointer                          progress_data,
                       GError                          **error)
{
  Progress progress = { cancellable, progress_func, progress_data };
  g_autoptr(AtelierGltfAsset) out = NULL;
  double ratio;
  guint64 faces;

  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  ratio = options->target_ratio;
  faces = source->scene->n_triangles;
  if (options->target_faces > 0)
    ratio = faces > 0 ? (double) options->target_faces / faces : 1.0;
  if (!(ratio > 0.0))
    {
      g_set_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_FAILED,
                   "the target face ratio must be above 0");
      return NULL;
    }
  ratio = MIN (ratio, 1.0);

  report (&progress, 0.0);
  out = gltf_asset_new (gltf_scene_copy (source->scene, TRUE));
  for (guint i = 0; i < source->scene->n_meshes; i++)
    memcpy (out->authored[i], source->authored[i],
            source->scene->meshes[i].n_primitives * sizeof (guint));
  out->scene->file_size = 0;
  report (&progress, 0.05);

  if (!optimize_geometry (out, options, ratio, &progress, error))
    return NULL;

  for (guint i = 0; i < source->scene->n_images; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!optimize_image (out, source, i, options, error))
        return NULL;
      report (&progress, 0.8 + 0.2 * (i + 1) / source->scene->n_images);
    }

  report (&progress, 1.0);
  return g_steal_pointer (&out);
}

typedef struct
{
  AtelierGltfAsset           *source;
  AtelierGltfOptimizeOptions  options;
} OptimizeWork;

static void
optimize_work_free (gpointer data)
{
  OptimizeWork *work = data;

  atelier_gltf_asset_unref (work->source);
  g_free (work);
}

static gpointer
optimize_work (gpointer                 data,
               GCancellable            *cancellable,
               AtelierGltfProgressFunc  progress,
               gpointer                 progress_data,
               GError                 **error)
{
  OptimizeWork *work = data;

  return atelier_gltf_optimize (work->source, &work->options, cancellable, progress,
                                progress_data, error);
}

void
atelier_gltf_optimize_async (AtelierGltfAsset                 *source,
                             const AtelierGltfOptimizeOptions *options,
                             AtelierGltfProgressFunc           progress,
                             gpointer                          progress_data,
                             GCancellable                     *cancellable,
                             GAsyncReadyCallback               callback,
                             gpointer                          user_data)
{
  OptimizeWork *work;

  g_return_if_fail (source != NULL);
  g_return_if_fail (options != NULL);

  work = g_new0 (OptimizeWork, 1);
  work->source = atelier_gltf_asset_ref (source);
  work->options = *options;
  gltf_asset_task_run (atelier_gltf_optimize_async, optimize_work, work, optimize_work_free,
                       (GDestroyNotify) atelier_gltf_asset_unref, progress, progress_data,
                       cancellable, callback, user_data);
}

AtelierGltfAsset *
atelier_gltf_optimize_finish (GAsyncResult  *result,
                              GError       **error)
{
  return gltf_asset_task_finish (result, atelier_gltf_optimize_async, error);
}
