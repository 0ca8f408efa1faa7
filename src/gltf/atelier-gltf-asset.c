/* atelier-gltf-asset.c: a scene plus its image files and authored attributes
 *
 * The loader runs as usual; a second, light pass over the same mapped bytes
 * reads only what the scene drops (image files, which attributes existed).
 * It reuses the loader's own container, buffer and bufferView code, so the
 * same bounds checks apply.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <string.h>

#include "atelier-gltf-asset-private.h"

AtelierGltfScene *
gltf_scene_new (void)
{
  AtelierGltfScene *scene = (AtelierGltfScene *) g_new0 (GltfSceneReal, 1);

  scene->extensions_used = g_new0 (char *, 1);
  scene->extensions_required = g_new0 (char *, 1);
  return scene;
}

void
gltf_scene_alloc_images (AtelierGltfScene *scene,
                         guint             n)
{
  GltfSceneReal *real = (GltfSceneReal *) scene;

  g_assert (scene->images == NULL);
  scene->images = g_new0 (AtelierGltfImage, n);
  scene->n_images = n;
  real->pixbufs = g_new0 (GObject *, MAX (n, 1));
}

static gpointer
dup_array (const void *data,
           gsize       count,
           gsize       element)
{
  return data != NULL ? g_memdup2 (data, count * element) : NULL;
}

AtelierGltfScene *
gltf_scene_copy (const AtelierGltfScene *src,
                 gboolean                copy_pixels)
{
  AtelierGltfScene *scene = gltf_scene_new ();

  g_strfreev (scene->extensions_used);
  g_strfreev (scene->extensions_required);
  scene->extensions_used = g_strdupv (src->extensions_used);
  scene->extensions_required = g_strdupv (src->extensions_required);

  scene->meshes = g_new0 (AtelierGltfMesh, MAX (src->n_meshes, 1));
  scene->n_meshes = src->n_meshes;
  for (guint i = 0; i < src->n_meshes; i++)
    {
      const AtelierGltfMesh *sm = &src->meshes[i];
      AtelierGltfMesh *m = &scene->meshes[i];

      m->name = g_strdup (sm->name);
      m->primitives = g_new0 (AtelierGltfPrimitive, MAX (sm->n_primitives, 1));
      m->n_primitives = sm->n_primitives;
      for (guint j = 0; j < sm->n_primitives; j++)
        {
          const AtelierGltfPrimitive *sp = &sm->primitives[j];
          AtelierGltfPrimitive *p = &m->primitives[j];
          gsize n = sp->vertex_count;

          *p = *sp;
          p->positions = dup_array (sp->positions, n, 3 * sizeof (float));
          p->normals = dup_array (sp->normals, n, 3 * sizeof (float));
          p->tangents = dup_array (sp->tangents, n, 4 * sizeof (float));
          p->texcoords0 = dup_array (sp->texcoords0, n, 2 * sizeof (float));
          p->texcoords1 = dup_array (sp->texcoords1, n, 2 * sizeof (float));
          p->colors = dup_array (sp->colors, n, 4 * sizeof (float));
          p->indices = dup_array (sp->indices, sp->index_count, sizeof (guint32));
        }
    }

  scene->materials = dup_array (src->materials, src->n_materials, sizeof (AtelierGltfMaterial));
  scene->n_materials = src->n_materials;
  for (guint i = 0; i < src->n_materials; i++)
    scene->materials[i].name = g_strdup (src->materials[i].name);
  scene->textures = dup_array (src->textures, src->n_textures, sizeof (AtelierGltfTexture));
  scene->n_textures = src->n_textures;
  scene->samplers = dup_array (src->samplers, src->n_samplers, sizeof (AtelierGltfSampler));
  scene->n_samplers = src->n_samplers;
  scene->instances = dup_array (src->instances, src->n_instances, sizeof (AtelierGltfInstance));
  scene->n_instances = src->n_instances;

  gltf_scene_alloc_images (scene, src->n_images);
  for (guint i = 0; i < src->n_images; i++)
    {
      const AtelierGltfImage *si = &src->images[i];
      AtelierGltfImage *im = &scene->images[i];

      im->mime_type = g_strdup (si->mime_type);
      im->error = g_strdup (si->error);
      im->width = si->width;
      im->height = si->height;
      if (copy_pixels && si->pixels != NULL)
        im->pixels = g_memdup2 (si->pixels, (gsize) si->width * si->height * 4);
    }

  scene->n_scenes = src->n_scenes;
  scene->n_nodes = src->n_nodes;
  scene->n_vertices = src->n_vertices;
  scene->n_triangles = src->n_triangles;
  memcpy (scene->min, src->min, sizeof scene->min);
  memcpy (scene->max, src->max, sizeof scene->max);
  scene->file_size = src->file_size;
  return scene;
}

void
gltf_scene_update_summary (AtelierGltfScene *scene)
{
  gboolean first = TRUE;

  scene->n_vertices = 0;
  scene->n_triangles = 0;
  memset (scene->min, 0, sizeof scene->min);
  memset (scene->max, 0, sizeof scene->max);

  for (guint i = 0; i < scene->n_instances; i++)
    {
      const AtelierGltfInstance *inst = &scene->instances[i];
      const AtelierGltfMesh *mesh = &scene->meshes[inst->mesh];
      const float *w = inst->world;

      for (guint j = 0; j < mesh->n_primitives; j++)
        {
          const AtelierGltfPrimitive *prim = &mesh->primitives[j];

          scene->n_vertices += prim->vertex_count;
          scene->n_triangles += gltf_primitive_triangles (prim);
          if (prim->vertex_count == 0)
            continue;
          for (guint corner = 0; corner < 8; corner++)
            {
              float p[3] = {
                corner & 1 ? prim->max[0] : prim->min[0],
                corner & 2 ? prim->max[1] : prim->min[1],
                corner & 4 ? prim->max[2] : prim->min[2],
              };

              for (guint r = 0; r < 3; r++)
                {
                  float v = w[r] * p[0] + w[4 + r] * p[1] + w[8 + r] * p[2] + w[12 + r];

                  if (first || v < scene->min[r])
                    scene->min[r] = v;
                  if (first || v > scene->max[r])
                    scene->max[r] = v;
                }
              first = FALSE;
            }
        }
    }
}

AtelierGltfAsset *
gltf_asset_new (AtelierGltfScene *scene)
{
  AtelierGltfAsset *asset = g_new0 (AtelierGltfAsset, 1);

  g_atomic_ref_count_init (&asset->ref_count);
  asset->scene = scene;
  asset->image_files = g_new0 (GBytes *, MAX (scene->n_images, 1));
  asset->authored = g_new0 (guint *, MAX (scene->n_meshes, 1));
  for (guint i = 0; i < scene->n_meshes; i++)
    {
      const AtelierGltfMesh *mesh = &scene->meshes[i];

      asset->authored[i] = g_new0 (guint, MAX (mesh->n_primitives, 1));
      for (guint j = 0; j < mesh->n_primitives; j++)
        asset->authored[i][j] = (mesh->primitives[j].normals ? ATELIER_GLTF_AUTHORED_NORMALS : 0) |
                                (mesh->primitives[j].tangents ? ATELIER_GLTF_AUTHORED_TANGENTS : 0);
    }
  return asset;
}

/* The second pass: image files and per-primitive attribute names. */
static gboolean
read_source_extras (AtelierGltfAsset        *asset,
                    GBytes                  *bytes,
                    const char              *base_dir,
                    const AtelierGltfLimits *limits,
                    GError                 **error)
{
  GltfLoader loader = { 0 };
  const guint8 *json;
  gsize json_length;
  JsonArray *images = NULL, *meshes = NULL;
  gboolean ok = FALSE;

  loader.limits = *limits;
  loader.data = g_bytes_get_data (bytes, &loader.size);
  loader.base_dir = base_dir;
  json = loader.data;
  json_length = loader.size;

  loader.is_glb = gltf_glb_is_glb (loader.data, loader.size);
  if (loader.is_glb && !gltf_glb_parse (&loader, &json, &json_length, error))
    goto out;
  loader.parser = gltf_json_parse (&loader, (const char *) json, json_length, error);
  if (loader.parser == NULL)
    goto out;
  loader.root = json_node_get_object (json_parser_get_root (loader.parser));
  if (!gltf_buffers_load (&loader, error) || !gltf_views_load (&loader, error))
    goto out;

  /* The loader already checked both arrays; their lengths match the scene. */
  if (json_object_has_member (loader.root, "images"))
    images = json_object_get_array_member (loader.root, "images");
  for (guint i = 0; images != NULL && i < MIN (json_array_get_length (images),
                                               asset->scene->n_images); i++)
    {
      JsonObject *obj = json_array_get_object_element (images, i);
      char ptr[GLTF_PTR_MAX];
      const char *uri = NULL;
      int view = -1;

      g_snprintf (ptr, sizeof ptr, "/images/%u", i);
      if (!gltf_json_string (obj, ptr, "uri", FALSE, &uri, NULL))
        uri = NULL;
      if (!gltf_json_index (obj, ptr, "bufferView", FALSE, loader.n_views, &view, NULL))
        view = -1;

      /* An image the loader could not read is not written either. */
      if (asset->scene->images[i].mime_type == NULL || asset->scene->images[i].error != NULL)
        continue;

      if (uri != NULL)
        {
          g_autoptr(GError) local_error = NULL;

          if (!gltf_uri_load (&loader, uri, ptr, &asset->image_files[i], &local_error))
            g_debug ("%s: %s", ptr, local_error->message);
        }
      else if (view >= 0)
        {
          const guint8 *data;
          gsize length;

          if (!gltf_view_data (&loader, view, &data, &length, NULL))
            continue;
          /* Inside the GLB: a slice of the mapping, not a copy. */
          if (data >= loader.data && data + length <= loader.data + loader.size)
            asset->image_files[i] = g_bytes_new_from_bytes (bytes, data - loader.data, length);
          else
            asset->image_files[i] = g_bytes_new (data, length);
        }
    }

  if (json_object_has_member (loader.root, "meshes"))
    meshes = json_object_get_array_member (loader.root, "meshes");
  for (guint i = 0; meshes != NULL && i < MIN (json_array_get_length (meshes),
                                               asset->scene->n_meshes); i++)
    {
      JsonObject *mesh = json_array_get_object_element (meshes, i);
      JsonArray *prims = json_object_get_array_member (mesh, "primitives");
      guint out = 0;

      for (guint j = 0; j < json_array_get_length (prims) &&
                        out < asset->scene->meshes[i].n_primitives; j++)
        {
          JsonObject *prim = json_array_get_object_element (prims, j);
          JsonObject *attributes = json_object_get_object_member (prim, "attributes");
          guint flags = 0;

          /* Mirrors the loader: a primitive without positions was skipped. */
          if (attributes == NULL || !json_object_has_member (attributes, "POSITION"))
            continue;
          if (json_object_has_member (attributes, "NORMAL"))
            flags |= ATELIER_GLTF_AUTHORED_NORMALS;
          if (json_object_has_member (attributes, "TANGENT"))
            flags |= ATELIER_GLTF_AUTHORED_TANGENTS;
          asset->authored[i][out++] = flags;
        }
    }
  ok = TRUE;

out:
  for (guint i = 0; i < loader.n_buffers; i++)
    g_clear_pointer (&loader.buffers[i].owned, g_bytes_unref);
  for (guint i = 0; i < loader.n_views; i++)
    g_free (loader.views[i].decoded);
  g_free (loader.buffers);
  g_free (loader.views);
  g_clear_object (&loader.parser);
  return ok;
}

AtelierGltfAsset *
atelier_gltf_asset_load (const char              *path,
                         const AtelierGltfLimits *limits,
                         GCancellable            *cancellable,
                         AtelierGltfProgressFunc  progress,
                         gpointer                 progress_data,
                         GError                 **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *base_dir = NULL;
  g_autoptr(AtelierGltfAsset) asset = NULL;
  AtelierGltfScene *scene;
  AtelierGltfLimits defaults;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (limits == NULL)
    {
      atelier_gltf_limits_init (&defaults);
      limits = &defaults;
    }

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (mapped);
  base_dir = g_path_get_dirname (path);

  /* Dropped pages of a private read-only mapping are read again on demand,
   * so the image pass below still sees the file. */
  scene = gltf_load (bytes, base_dir, limits, g_bytes_get_size (bytes) > 0, cancellable,
                     progress, progress_data, error);
  if (scene == NULL)
    return NULL;
  asset = gltf_asset_new (scene);

  if (!read_source_extras (asset, bytes, base_dir, limits, error))
    return NULL;
  return g_steal_pointer (&asset);
}

AtelierGltfAsset *
atelier_gltf_asset_ref (AtelierGltfAsset *asset)
{
  g_return_val_if_fail (asset != NULL, NULL);

  g_atomic_ref_count_inc (&asset->ref_count);
  return asset;
}

void
atelier_gltf_asset_unref (AtelierGltfAsset *asset)
{
  if (asset == NULL || !g_atomic_ref_count_dec (&asset->ref_count))
    return;

  for (guint i = 0; i < asset->scene->n_images; i++)
    g_clear_pointer (&asset->image_files[i], g_bytes_unref);
  for (guint i = 0; i < asset->scene->n_meshes; i++)
    g_free (asset->authored[i]);
  g_free (asset->image_files);
  g_free (asset->authored);
  atelier_gltf_scene_free (asset->scene);
  g_free (asset);
}

const AtelierGltfScene *
atelier_gltf_asset_get_scene (AtelierGltfAsset *asset)
{
  g_return_val_if_fail (asset != NULL, NULL);

  return asset->scene;
}

GBytes *
atelier_gltf_asset_get_image_file (AtelierGltfAsset *asset,
                                   guint             image)
{
  g_return_val_if_fail (asset != NULL, NULL);
  g_return_val_if_fail (image < asset->scene->n_images, NULL);

  return asset->image_files[image];
}

guint
atelier_gltf_asset_get_authored (AtelierGltfAsset *asset,
                                 guint             mesh,
                                 guint             primitive)
{
  g_return_val_if_fail (asset != NULL, 0);
  g_return_val_if_fail (mesh < asset->scene->n_meshes, 0);
  g_return_val_if_fail (primitive < asset->scene->meshes[mesh].n_primitives, 0);

  return asset->authored[mesh][primitive];
}

gboolean
gltf_asset_image_usable (AtelierGltfAsset *asset,
                         guint             i)
{
  return asset->image_files[i] != NULL || asset->scene->images[i].pixels != NULL;
}

void
atelier_gltf_asset_get_stats (AtelierGltfAsset      *asset,
                              AtelierGltfAssetStats *stats)
{
  const AtelierGltfScene *scene;

  g_return_if_fail (asset != NULL);
  g_return_if_fail (stats != NULL);

  scene = asset->scene;
  memset (stats, 0, sizeof *stats);
  stats->faces = scene->n_triangles;
  stats->vertices = scene->n_vertices;
  for (guint i = 0; i < scene->n_images; i++)
    {
      const AtelierGltfImage *image = &scene->images[i];

      if (!gltf_asset_image_usable (asset, i))
        continue;
      stats->n_images++;
      stats->max_image_edge = MAX (stats->max_image_edge, (guint) MAX (image->width, image->height));
      stats->texture_memory += (guint64) image->width * image->height * 4;
      if (asset->image_files[i] != NULL)
        stats->image_bytes += g_bytes_get_size (asset->image_files[i]);
    }
}
