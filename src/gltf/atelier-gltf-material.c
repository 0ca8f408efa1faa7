/* atelier-gltf-material.c: samplers, textures and PBR materials
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <string.h>

#include "atelier-gltf-private.h"

static gboolean
load_samplers (GltfLoader  *loader,
               GError     **error)
{
  AtelierGltfScene *scene = loader->scene;
  JsonArray *array;
  guint n;

  if (!gltf_json_root_array (loader, "samplers", &array, &n, error))
    return FALSE;

  scene->samplers = g_new0 (AtelierGltfSampler, n);
  scene->n_samplers = n;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      AtelierGltfSampler *s = &scene->samplers[i];
      char ptr[GLTF_PTR_MAX];
      guint64 mag, min, ws, wt;

      g_snprintf (ptr, sizeof ptr, "/samplers/%u", i);
      if (!gltf_json_uint (obj, ptr, "magFilter", FALSE, 0, G_MAXUINT16, &mag, error) ||
          !gltf_json_uint (obj, ptr, "minFilter", FALSE, 0, G_MAXUINT16, &min, error) ||
          !gltf_json_uint (obj, ptr, "wrapS", FALSE, 10497, G_MAXUINT16, &ws, error) ||
          !gltf_json_uint (obj, ptr, "wrapT", FALSE, 10497, G_MAXUINT16, &wt, error))
        return FALSE;

      /* Unknown enum values fall back to the defaults rather than reach GL. */
      s->mag_filter = (mag == 9728 || mag == 9729) ? mag : 0;
      s->min_filter = (min >= 9728 && min <= 9729) || (min >= 9984 && min <= 9987) ? min : 0;
      s->wrap_s = (ws == 33071 || ws == 33648 || ws == 10497) ? ws : 10497;
      s->wrap_t = (wt == 33071 || wt == 33648 || wt == 10497) ? wt : 10497;
    }

  return TRUE;
}

static gboolean
load_textures (GltfLoader  *loader,
               GError     **error)
{
  AtelierGltfScene *scene = loader->scene;
  JsonArray *array;
  guint n;

  if (!gltf_json_root_array (loader, "textures", &array, &n, error))
    return FALSE;

  scene->textures = g_new0 (AtelierGltfTexture, n);
  scene->n_textures = n;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      AtelierGltfTexture *t = &scene->textures[i];
      JsonObject *webp;
      char ptr[GLTF_PTR_MAX];

      g_snprintf (ptr, sizeof ptr, "/textures/%u", i);
      if (!gltf_json_index (obj, ptr, "source", FALSE, scene->n_images, &t->image, error) ||
          !gltf_json_index (obj, ptr, "sampler", FALSE, scene->n_samplers, &t->sampler, error))
        return FALSE;

      webp = gltf_json_extension (obj, "EXT_texture_webp");
      if (webp != NULL)
        {
          int source;
          char sub[GLTF_PTR_MAX];

          g_snprintf (sub, sizeof sub, "%s/extensions/EXT_texture_webp", ptr);
          if (!gltf_json_index (webp, sub, "source", FALSE, scene->n_images, &source, error))
            return FALSE;
          if (source >= 0)
            t->image = source;
        }
    }

  return TRUE;
}

static void
texture_ref_init (AtelierGltfTextureRef *ref)
{
  ref->texture = -1;
  ref->texcoord = 0;
  ref->scale = 1.0f;
  ref->offset[0] = ref->offset[1] = 0.0f;
  ref->rotation = 0.0f;
  ref->uv_scale[0] = ref->uv_scale[1] = 1.0f;
}

static gboolean
load_texture_ref (GltfLoader            *loader,
                  JsonObject            *parent,
                  const char            *parent_ptr,
                  const char            *name,
                  const char            *scale_name,
                  AtelierGltfTextureRef *ref,
                  GError               **error)
{
  JsonObject *obj, *transform;
  char ptr[GLTF_PTR_MAX];
  guint64 texcoord;
  double scale;

  texture_ref_init (ref);

  if (!gltf_json_object (parent, parent_ptr, name, FALSE, &obj, error))
    return FALSE;
  if (obj == NULL)
    return TRUE;

  g_snprintf (ptr, sizeof ptr, "%s/%s", parent_ptr, name);
  if (!gltf_json_index (obj, ptr, "index", TRUE, loader->scene->n_textures, &ref->texture, error) ||
      !gltf_json_uint (obj, ptr, "texCoord", FALSE, 0, G_MAXINT, &texcoord, error))
    return FALSE;

  if (scale_name != NULL)
    {
      if (!gltf_json_number (obj, ptr, scale_name, 1.0, &scale, error))
        return FALSE;
      ref->scale = scale;
    }

  transform = gltf_json_extension (obj, "KHR_texture_transform");
  if (transform != NULL)
    {
      char sub[GLTF_PTR_MAX];
      double rotation;

      g_snprintf (sub, sizeof sub, "%s/extensions/KHR_texture_transform", ptr);
      if (!gltf_json_floats (transform, sub, "offset", 2, ref->offset, error) ||
          !gltf_json_floats (transform, sub, "scale", 2, ref->uv_scale, error) ||
          !gltf_json_number (transform, sub, "rotation", 0.0, &rotation, error) ||
          !gltf_json_uint (transform, sub, "texCoord", FALSE, texcoord, G_MAXINT, &texcoord, error))
        return FALSE;
      ref->rotation = rotation;
    }

  /* Only two UV sets are loaded: a texture on a third set is dropped. */
  if (texcoord > 1)
    ref->texture = -1;
  ref->texcoord = texcoord;
  return TRUE;
}

static gboolean
load_material (GltfLoader          *loader,
               AtelierGltfMaterial *m,
               JsonObject          *obj,
               const char          *ptr,
               GError             **error)
{
  JsonObject *pbr, *ext;
  const char *name, *alpha_mode;
  double metallic = 1.0, roughness = 1.0, cutoff;
  char sub[GLTF_PTR_MAX];

  m->base_color_factor[0] = m->base_color_factor[1] = 1.0f;
  m->base_color_factor[2] = m->base_color_factor[3] = 1.0f;
  m->emissive_strength = 1.0f;

  if (!gltf_json_string (obj, ptr, "name", FALSE, &name, error) ||
      !gltf_json_object (obj, ptr, "pbrMetallicRoughness", FALSE, &pbr, error) ||
      !gltf_json_floats (obj, ptr, "emissiveFactor", 3, m->emissive_factor, error) ||
      !gltf_json_string (obj, ptr, "alphaMode", FALSE, &alpha_mode, error) ||
      !gltf_json_number (obj, ptr, "alphaCutoff", 0.5, &cutoff, error) ||
      !gltf_json_bool (obj, ptr, "doubleSided", FALSE, &m->double_sided, error) ||
      !load_texture_ref (loader, obj, ptr, "normalTexture", "scale", &m->normal, error) ||
      !load_texture_ref (loader, obj, ptr, "occlusionTexture", "strength", &m->occlusion, error) ||
      !load_texture_ref (loader, obj, ptr, "emissiveTexture", NULL, &m->emissive, error))
    return FALSE;

  m->name = g_strdup (name);
  m->alpha_cutoff = cutoff;

  if (alpha_mode == NULL || g_str_equal (alpha_mode, "OPAQUE"))
    m->alpha_mode = ATELIER_GLTF_ALPHA_OPAQUE;
  else if (g_str_equal (alpha_mode, "MASK"))
    m->alpha_mode = ATELIER_GLTF_ALPHA_MASK;
  else if (g_str_equal (alpha_mode, "BLEND"))
    m->alpha_mode = ATELIER_GLTF_ALPHA_BLEND;
  else
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL, "%s/alphaMode: invalid value “%s”", ptr,
                  alpha_mode);
      return FALSE;
    }

  g_snprintf (sub, sizeof sub, "%s/pbrMetallicRoughness", ptr);
  if (pbr != NULL)
    {
      if (!gltf_json_floats (pbr, sub, "baseColorFactor", 4, m->base_color_factor, error) ||
          !gltf_json_number (pbr, sub, "metallicFactor", 1.0, &metallic, error) ||
          !gltf_json_number (pbr, sub, "roughnessFactor", 1.0, &roughness, error) ||
          !load_texture_ref (loader, pbr, sub, "baseColorTexture", NULL, &m->base_color, error) ||
          !load_texture_ref (loader, pbr, sub, "metallicRoughnessTexture", NULL,
                             &m->metallic_roughness, error))
        return FALSE;
    }
  else
    {
      texture_ref_init (&m->base_color);
      texture_ref_init (&m->metallic_roughness);
    }
  m->metallic_factor = CLAMP (metallic, 0.0, 1.0);
  m->roughness_factor = CLAMP (roughness, 0.0, 1.0);

  ext = gltf_json_extension (obj, "KHR_materials_emissive_strength");
  if (ext != NULL)
    {
      double strength;

      g_snprintf (sub, sizeof sub, "%s/extensions/KHR_materials_emissive_strength", ptr);
      if (!gltf_json_number (ext, sub, "emissiveStrength", 1.0, &strength, error))
        return FALSE;
      if (strength < 0.0)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL,
                      "%s/emissiveStrength: must not be negative", sub);
          return FALSE;
        }
      m->emissive_strength = strength;
    }

  m->unlit = gltf_json_extension (obj, "KHR_materials_unlit") != NULL;
  return TRUE;
}

gboolean
gltf_materials_load (GltfLoader  *loader,
                     GError     **error)
{
  AtelierGltfScene *scene = loader->scene;
  JsonArray *array;
  guint n;

  if (!load_samplers (loader, error) || !load_textures (loader, error))
    return FALSE;

  if (!gltf_json_root_array (loader, "materials", &array, &n, error))
    return FALSE;

  scene->materials = g_new0 (AtelierGltfMaterial, n);
  scene->n_materials = n;

  for (guint i = 0; i < n; i++)
    {
      char ptr[GLTF_PTR_MAX];

      g_snprintf (ptr, sizeof ptr, "/materials/%u", i);
      if (!load_material (loader, &scene->materials[i], json_array_get_object_element (array, i),
                          ptr, error))
        return FALSE;
    }

  return TRUE;
}
