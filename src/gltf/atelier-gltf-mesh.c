/* atelier-gltf-mesh.c: meshes and primitives into upload-ready arrays
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <math.h>
#include <string.h>

#include "atelier-gltf-private.h"
#ifdef HAVE_DRACO
#include "atelier-gltf-draco.h"
#endif

typedef struct
{
  int position;
  int normal;
  int tangent;
  int texcoord[2];
  int color;
} Attributes;

static gpointer
alloc_array (GltfLoader  *loader,
             guint64      count,
             gsize        element,
             const char  *ptr,
             GError     **error)
{
  gsize size;
  gpointer mem;

  if (!g_size_checked_mul (&size, count, element) || !gltf_charge (loader, size, ptr, error))
    {
      if (error != NULL && *error == NULL)
        gltf_error (error, ATELIER_GLTF_ERROR_LIMIT, ptr, "array size overflows");
      return NULL;
    }

  mem = gltf_try_alloc_large (size);
  if (mem == NULL)
    gltf_error (error, ATELIER_GLTF_ERROR_LIMIT, ptr, "out of memory (%" G_GSIZE_FORMAT " bytes)",
                size);
  return mem;
}

static gboolean
check_attribute (GltfLoader  *loader,
                 int          accessor,
                 const char  *ptr,
                 const char  *name,
                 guint        min_components,
                 guint        max_components,
                 GError     **error)
{
  const GltfAccessor *acc = &loader->accessors[accessor];

  if (acc->n_components < min_components || acc->n_components > max_components ||
      acc->component_type == GLTF_UNSIGNED_INT)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL,
                  "%s/%s: accessor %d has an invalid type or component type for this attribute",
                  ptr, name, accessor);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_attributes (GltfLoader  *loader,
                  JsonObject  *attributes,
                  const char  *ptr,
                  Attributes  *attr,
                  GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (attributes);
  gint64 count = -1;

  attr->position = attr->normal = attr->tangent = attr->color = -1;
  attr->texcoord[0] = attr->texcoord[1] = -1;

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      int accessor;

      if (!gltf_json_index (attributes, ptr, name, TRUE, loader->n_accessors, &accessor, error))
        return FALSE;

      if (count >= 0 && loader->accessors[accessor].count != count)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_BOUNDS, NULL,
                      "%s/%s: accessor %d has %u elements, other attributes have %" G_GINT64_FORMAT,
                      ptr, name, accessor, loader->accessors[accessor].count, count);
          return FALSE;
        }
      count = loader->accessors[accessor].count;

      if (g_str_equal (name, "POSITION"))
        {
          if (!check_attribute (loader, accessor, ptr, name, 3, 3, error))
            return FALSE;
          attr->position = accessor;
        }
      else if (g_str_equal (name, "NORMAL"))
        {
          if (!check_attribute (loader, accessor, ptr, name, 3, 3, error))
            return FALSE;
          attr->normal = accessor;
        }
      else if (g_str_equal (name, "TANGENT"))
        {
          if (!check_attribute (loader, accessor, ptr, name, 4, 4, error))
            return FALSE;
          attr->tangent = accessor;
        }
      else if (g_str_equal (name, "TEXCOORD_0") || g_str_equal (name, "TEXCOORD_1"))
        {
          if (!check_attribute (loader, accessor, ptr, name, 2, 2, error))
            return FALSE;
          attr->texcoord[name[9] - '0'] = accessor;
        }
      else if (g_str_equal (name, "COLOR_0"))
        {
          if (!check_attribute (loader, accessor, ptr, name, 3, 4, error))
            return FALSE;
          attr->color = accessor;
        }
    }

  return TRUE;
}

static void
compute_bounds (AtelierGltfPrimitive *prim)
{
  float mnx = G_MAXFLOAT, mny = G_MAXFLOAT, mnz = G_MAXFLOAT;
  float mxx = -G_MAXFLOAT, mxy = -G_MAXFLOAT, mxz = -G_MAXFLOAT;
  const float *p = prim->positions;

  /* Written so the compiler emits branchless min/max; a comparison with
   * NaN is false, so NaNs never widen the box. */
  for (guint32 i = 0; i < prim->vertex_count; i++, p += 3)
    {
      float x = p[0], y = p[1], z = p[2];

      mnx = x < mnx ? x : mnx;
      mny = y < mny ? y : mny;
      mnz = z < mnz ? z : mnz;
      mxx = x > mxx ? x : mxx;
      mxy = y > mxy ? y : mxy;
      mxz = z > mxz ? z : mxz;
    }

  if (mnx > mxx || mny > mxy || mnz > mxz)
    mnx = mny = mnz = mxx = mxy = mxz = 0.0f;
  prim->min[0] = mnx;
  prim->min[1] = mny;
  prim->min[2] = mnz;
  prim->max[0] = mxx;
  prim->max[1] = mxy;
  prim->max[2] = mxz;
}

static gboolean
read_attribute (GltfLoader  *loader,
                int          accessor,
                guint        n_out,
                float      **out,
                const char  *ptr,
                GError     **error)
{
  if (accessor < 0)
    return TRUE;

  *out = alloc_array (loader, loader->accessors[accessor].count, n_out * sizeof (float), ptr,
                      error);
  if (*out == NULL)
    return FALSE;

  return gltf_accessor_read_floats (loader, accessor, ptr, n_out, *out, error);
}

#ifdef HAVE_DRACO
static gboolean
load_draco (GltfLoader           *loader,
            AtelierGltfPrimitive *prim,
            JsonObject           *ext,
            const Attributes     *attr,
            const char           *ptr,
            GError              **error)
{
  g_autoptr(GltfDracoMesh) mesh = NULL;
  g_autofree char *message = NULL;
  JsonObject *ids;
  int view;
  const guint8 *data;
  gsize length;
  struct { int accessor; const char *name; guint n; float **out; } wanted[] = {
    { attr->position, "POSITION", 3, &prim->positions },
    { attr->normal, "NORMAL", 3, &prim->normals },
    { attr->tangent, "TANGENT", 4, &prim->tangents },
    { attr->texcoord[0], "TEXCOORD_0", 2, &prim->texcoords0 },
    { attr->texcoord[1], "TEXCOORD_1", 2, &prim->texcoords1 },
    { attr->color, "COLOR_0", 4, &prim->colors },
  };

  if (!gltf_json_index (ext, ptr, "bufferView", TRUE, loader->n_views, &view, error) ||
      !gltf_json_object (ext, ptr, "attributes", TRUE, &ids, error) ||
      !gltf_view_data (loader, view, &data, &length, error))
    return FALSE;

  mesh = gltf_draco_decode (data, length, &message);
  if (mesh == NULL)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_FAILED, ptr, "Draco decoding failed: %s", message);
      return FALSE;
    }

  if (gltf_draco_n_points (mesh) > loader->limits.max_count ||
      (guint64) gltf_draco_n_faces (mesh) * 3 > loader->limits.max_count)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_LIMIT, ptr, "Draco mesh exceeds the count limit");
      return FALSE;
    }

  prim->vertex_count = gltf_draco_n_points (mesh);
  prim->index_count = gltf_draco_n_faces (mesh) * 3;
  prim->mode = ATELIER_GLTF_MODE_TRIANGLES;
  prim->indices = alloc_array (loader, prim->index_count, sizeof (guint32), ptr, error);
  if (prim->indices == NULL)
    return FALSE;
  gltf_draco_read_indices (mesh, prim->indices);

  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    {
      guint64 id;
      char sub[GLTF_PTR_MAX];

      if (wanted[i].accessor < 0 || !json_object_has_member (ids, wanted[i].name))
        continue;

      g_snprintf (sub, sizeof sub, "%s/attributes", ptr);
      if (!gltf_json_uint (ids, sub, wanted[i].name, TRUE, 0, G_MAXINT, &id, error))
        return FALSE;

      *wanted[i].out = alloc_array (loader, prim->vertex_count, wanted[i].n * sizeof (float), ptr,
                                    error);
      if (*wanted[i].out == NULL)
        return FALSE;
      if (!gltf_draco_read_attribute (mesh, (int) id, wanted[i].n, *wanted[i].out))
        {
          gltf_error (error, ATELIER_GLTF_ERROR_FAILED, NULL,
                      "%s/%s: the Draco mesh has no usable attribute %" G_GUINT64_FORMAT,
                      sub, wanted[i].name, id);
          return FALSE;
        }
    }

  if (prim->positions == NULL)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_FAILED, ptr, "the Draco mesh has no POSITION");
      return FALSE;
    }

  return TRUE;
}
#endif

static gboolean
validate_targets (GltfLoader  *loader,
                  JsonObject  *obj,
                  const char  *ptr,
                  GError     **error)
{
  JsonArray *targets;
  char sub[GLTF_PTR_MAX];

  if (!gltf_json_array (obj, ptr, "targets", FALSE, &targets, error))
    return FALSE;
  if (targets == NULL)
    return TRUE;

  g_snprintf (sub, sizeof sub, "%s/targets", ptr);
  for (guint i = 0; i < json_array_get_length (targets); i++)
    {
      JsonObject *target = gltf_json_element_object (targets, i, sub, error);
      g_autoptr(GList) members = NULL;
      char tptr[GLTF_PTR_MAX];

      if (target == NULL)
        return FALSE;
      g_snprintf (tptr, sizeof tptr, "%s/%u", sub, i);
      members = json_object_get_members (target);
      for (GList *l = members; l != NULL; l = l->next)
        {
          int accessor;
          if (!gltf_json_index (target, tptr, l->data, TRUE, loader->n_accessors, &accessor, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
load_primitive (GltfLoader           *loader,
                AtelierGltfPrimitive *prim,
                JsonObject           *obj,
                const char           *ptr,
                double                progress_start,
                double                progress_span,
                gboolean             *skip,
                GError              **error)
{
  JsonObject *attributes, *draco;
  Attributes attr;
  guint64 mode;
  int indices;
  char sub[GLTF_PTR_MAX];
  const AtelierGltfMaterial *material = NULL;

  *skip = FALSE;
  prim->material = -1;

  if (!gltf_json_object (obj, ptr, "attributes", TRUE, &attributes, error) ||
      !gltf_json_uint (obj, ptr, "mode", FALSE, 4, 6, &mode, error) ||
      !gltf_json_index (obj, ptr, "indices", FALSE, loader->n_accessors, &indices, error) ||
      !gltf_json_index (obj, ptr, "material", FALSE, loader->scene->n_materials, &prim->material,
                        error) ||
      !validate_targets (loader, obj, ptr, error))
    return FALSE;

  prim->mode = mode;
  if (prim->material >= 0)
    material = &loader->scene->materials[prim->material];

  g_snprintf (sub, sizeof sub, "%s/attributes", ptr);
  if (!parse_attributes (loader, attributes, sub, &attr, error))
    return FALSE;

  if (indices >= 0)
    {
      const GltfAccessor *acc = &loader->accessors[indices];

      if (acc->view >= 0 && loader->views[acc->view].stride != 0 &&
          loader->views[acc->view].meshopt == NULL)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL,
                      "%s/indices: the bufferView of an index accessor must not have a byteStride",
                      ptr);
          return FALSE;
        }
    }

  draco = gltf_json_extension (obj, "KHR_draco_mesh_compression");
#ifdef HAVE_DRACO
  if (draco != NULL)
    {
      g_snprintf (sub, sizeof sub, "%s/extensions/KHR_draco_mesh_compression", ptr);
      if (!load_draco (loader, prim, draco, &attr, sub, error))
        return FALSE;
    }
  else
#else
  /* An optional extension falls back to plain accessors, but only when they
   * carry data: without it the mesh would silently collapse to a point. */
  if (draco != NULL && attr.position >= 0 && loader->accessors[attr.position].view < 0)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_UNSUPPORTED, NULL,
                  "%s/extensions/KHR_draco_mesh_compression: this build cannot decode Draco "
                  "and the primitive has no uncompressed fallback", ptr);
      return FALSE;
    }
#endif
    {
      if (attr.position < 0)
        {
          /* Valid glTF, but there is nothing to draw. */
          *skip = TRUE;
          return TRUE;
        }

      prim->vertex_count = loader->accessors[attr.position].count;

      g_snprintf (sub, sizeof sub, "%s/attributes/POSITION", ptr);
      if (!read_attribute (loader, attr.position, 3, &prim->positions, sub, error))
        return FALSE;
      /* While the positions are still in cache. */
      compute_bounds (prim);
      gltf_report (loader, progress_start + progress_span * 0.2);
      g_snprintf (sub, sizeof sub, "%s/attributes/NORMAL", ptr);
      if (!read_attribute (loader, attr.normal, 3, &prim->normals, sub, error))
        return FALSE;
      g_snprintf (sub, sizeof sub, "%s/attributes/TANGENT", ptr);
      if (!read_attribute (loader, attr.tangent, 4, &prim->tangents, sub, error))
        return FALSE;
      g_snprintf (sub, sizeof sub, "%s/attributes/TEXCOORD_0", ptr);
      if (!read_attribute (loader, attr.texcoord[0], 2, &prim->texcoords0, sub, error))
        return FALSE;
      g_snprintf (sub, sizeof sub, "%s/attributes/TEXCOORD_1", ptr);
      if (!read_attribute (loader, attr.texcoord[1], 2, &prim->texcoords1, sub, error))
        return FALSE;
      g_snprintf (sub, sizeof sub, "%s/attributes/COLOR_0", ptr);
      if (!read_attribute (loader, attr.color, 4, &prim->colors, sub, error))
        return FALSE;

      gltf_report (loader, progress_start + progress_span * 0.4);
      if (indices >= 0)
        {
          guint32 max_value;

          g_snprintf (sub, sizeof sub, "%s/indices", ptr);
          prim->index_count = loader->accessors[indices].count;
          prim->indices = alloc_array (loader, prim->index_count, sizeof (guint32), sub, error);
          if (prim->indices == NULL ||
              !gltf_accessor_read_indices (loader, indices, sub, prim->indices, &max_value, error))
            return FALSE;

          if (max_value >= prim->vertex_count)
            {
              gltf_error (error, ATELIER_GLTF_ERROR_INDEX, sub,
                          "index value %u is not below the vertex count %u", max_value,
                          prim->vertex_count);
              return FALSE;
            }
        }
    }

#ifdef HAVE_DRACO
  /* Draco indices come from the decoder: verify them like any others. */
  if (draco != NULL)
    {
      compute_bounds (prim);
      for (guint32 i = 0; i < prim->index_count; i++)
        if (prim->indices[i] >= prim->vertex_count)
          {
            gltf_error (error, ATELIER_GLTF_ERROR_INDEX, ptr,
                        "Draco index value %u is not below the vertex count %u",
                        prim->indices[i], prim->vertex_count);
            return FALSE;
          }
    }
#endif

  if (!gltf_check_cancelled (loader, error))
    return FALSE;
  gltf_report (loader, progress_start + progress_span * 0.7);

  if (prim->mode >= ATELIER_GLTF_MODE_TRIANGLES)
    {
      if (prim->normals == NULL)
        {
          prim->normals = alloc_array (loader, prim->vertex_count, 3 * sizeof (float), ptr, error);
          if (prim->normals == NULL)
            return FALSE;
          gltf_compute_normals (prim);
        }

      if (prim->tangents == NULL && material != NULL && material->normal.texture >= 0)
        {
          const float *uv = material->normal.texcoord == 1 ? prim->texcoords1 : prim->texcoords0;

          if (uv != NULL)
            {
              prim->tangents = alloc_array (loader, prim->vertex_count, 4 * sizeof (float), ptr,
                                            error);
              if (prim->tangents == NULL)
                return FALSE;
              gltf_compute_tangents (prim, uv);
            }
        }
    }

  return TRUE;
}

gboolean
gltf_meshes_load (GltfLoader  *loader,
                  GError     **error)
{
  AtelierGltfScene *scene = loader->scene;
  JsonArray *array;
  guint n;

  if (!gltf_json_root_array (loader, "meshes", &array, &n, error))
    return FALSE;

  scene->meshes = g_new0 (AtelierGltfMesh, n);
  scene->n_meshes = n;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      AtelierGltfMesh *mesh = &scene->meshes[i];
      JsonArray *primitives;
      const char *name;
      char ptr[GLTF_PTR_MAX];
      guint n_prims;

      if (!gltf_check_cancelled (loader, error))
        return FALSE;

      g_snprintf (ptr, sizeof ptr, "/meshes/%u", i);
      if (!gltf_json_string (obj, ptr, "name", FALSE, &name, error) ||
          !gltf_json_array (obj, ptr, "primitives", TRUE, &primitives, error))
        return FALSE;
      mesh->name = g_strdup (name);

      n_prims = json_array_get_length (primitives);
      if (n_prims == 0)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL, "%s/primitives: must not be empty",
                      ptr);
          return FALSE;
        }
      if (n_prims > loader->limits.max_count)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_LIMIT, NULL, "%s/primitives: too many", ptr);
          return FALSE;
        }

      mesh->primitives = g_new0 (AtelierGltfPrimitive, n_prims);
      for (guint j = 0; j < n_prims; j++)
        {
          char pptr[GLTF_PTR_MAX];
          JsonObject *pobj;
          gboolean skip;
          AtelierGltfPrimitive *prim = &mesh->primitives[mesh->n_primitives];

          g_snprintf (pptr, sizeof pptr, "%s/primitives", ptr);
          pobj = gltf_json_element_object (primitives, j, pptr, error);
          if (pobj == NULL)
            return FALSE;
          g_snprintf (pptr, sizeof pptr, "%s/primitives/%u", ptr, j);

          /* Counted before loading so a failure still frees partial arrays. */
          mesh->n_primitives++;
          if (!load_primitive (loader, prim, pobj, pptr,
                               0.05 + 0.65 * (i + (double) j / n_prims) / n,
                               0.65 / n / n_prims, &skip, error))
            return FALSE;
          if (skip)
            {
              mesh->n_primitives--;
              memset (prim, 0, sizeof *prim);
            }
        }
    }

  return TRUE;
}
