/* atelier-gltf.c: the loader's entry points and the order of its stages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <string.h>

#include "atelier-gltf-private.h"

G_DEFINE_QUARK (atelier-gltf-error-quark, atelier_gltf_error)

void
atelier_gltf_limits_init (AtelierGltfLimits *limits)
{
  g_return_if_fail (limits != NULL);

  limits->max_file_size = (gsize) 1 << 30;
  limits->max_decoded_bytes = (gsize) 2 << 30;
  limits->max_count = 16u << 20;
  limits->decode_images = TRUE;
  limits->allow_outside_folder = FALSE;
}

static gboolean
extension_supported (const char *name)
{
  static const char * const always[] = {
    "KHR_mesh_quantization",
    "KHR_texture_transform",
    "KHR_materials_emissive_strength",
    "KHR_materials_unlit",
    "EXT_texture_webp",
  };

  for (guint i = 0; i < G_N_ELEMENTS (always); i++)
    if (g_str_equal (name, always[i]))
      return TRUE;

#ifdef HAVE_DRACO
  if (g_str_equal (name, "KHR_draco_mesh_compression"))
    return TRUE;
#endif
  if (g_str_equal (name, "EXT_meshopt_compression"))
    return gltf_meshopt_available ();

  return FALSE;
}

static gboolean
read_string_list (GltfLoader  *loader,
                  const char  *name,
                  GStrv       *out,
                  GError     **error)
{
  JsonArray *array;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  char ptr[GLTF_PTR_MAX];

  if (!gltf_json_array (loader->root, "", name, FALSE, &array, error))
    return FALSE;

  g_snprintf (ptr, sizeof ptr, "/%s", name);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL, "%s/%u: expected a string", ptr, i);
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (node));
    }

  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
check_header (GltfLoader  *loader,
              GError     **error)
{
  AtelierGltfScene *scene = loader->scene;
  JsonObject *asset;
  const char *version;
  guint64 major = 0;

  if (!gltf_json_object (loader->root, "", "asset", TRUE, &asset, error) ||
      !gltf_json_string (asset, "/asset", "version", TRUE, &version, error))
    return FALSE;

  if (!g_regex_match_simple ("^[0-9]+\\.[0-9]+$", version, 0, 0))
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, "/asset/version", "invalid version “%s”",
                  version);
      return FALSE;
    }
  major = g_ascii_strtoull (version, NULL, 10);
  if (major != 2)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_UNSUPPORTED, "/asset/version",
                  "glTF version %s is not supported (only 2.x)", version);
      return FALSE;
    }

  if (!read_string_list (loader, "extensionsUsed", &scene->extensions_used, error) ||
      !read_string_list (loader, "extensionsRequired", &scene->extensions_required, error))
    return FALSE;

  for (guint i = 0; scene->extensions_required[i] != NULL; i++)
    {
      const char *name = scene->extensions_required[i];

      if (!extension_supported (name))
        {
          gltf_error (error, ATELIER_GLTF_ERROR_UNSUPPORTED, NULL,
                      "/extensionsRequired/%u: required extension “%s” is not supported", i,
                      name);
          return FALSE;
        }
    }

  loader->quantization = g_strv_contains ((const char * const *) scene->extensions_used,
                                          "KHR_mesh_quantization");
  return TRUE;
}

gboolean
gltf_check_cancelled (GltfLoader  *loader,
                      GError     **error)
{
  return !g_cancellable_set_error_if_cancelled (loader->cancellable, error);
}

void
gltf_report (GltfLoader *loader,
             double      fraction)
{
  if (loader->progress != NULL)
    loader->progress (CLAMP (fraction, 0.0, 1.0), loader->progress_data);
}

static void
loader_clear (GltfLoader *loader)
{
  gltf_images_finish (loader);

  for (guint i = 0; i < loader->n_buffers; i++)
    g_clear_pointer (&loader->buffers[i].owned, g_bytes_unref);
  for (guint i = 0; i < loader->n_views; i++)
    g_free (loader->views[i].decoded);
  for (guint i = 0; i < loader->n_nodes; i++)
    g_free (loader->nodes[i].children);

  g_clear_pointer (&loader->buffers, g_free);
  g_clear_pointer (&loader->views, g_free);
  g_clear_pointer (&loader->accessors, g_free);
  g_clear_pointer (&loader->nodes, g_free);
  g_clear_object (&loader->parser);
}

static gboolean
run_stages (GltfLoader  *loader,
            GError     **error)
{
  const guint8 *json = loader->data;
  gsize json_length = loader->size;

  loader->is_glb = gltf_glb_is_glb (loader->data, loader->size);
  if (loader->is_glb && !gltf_glb_parse (loader, &json, &json_length, error))
    return FALSE;

  loader->parser = gltf_json_parse (loader, (const char *) json, json_length, error);
  if (loader->parser == NULL)
    return FALSE;
  loader->root = json_node_get_object (json_parser_get_root (loader->parser));

  if (!check_header (loader, error) ||
      !gltf_buffers_load (loader, error) ||
      !gltf_views_load (loader, error) ||
      !gltf_accessors_parse (loader, error) ||
      !gltf_check_cancelled (loader, error))
    return FALSE;
  gltf_report (loader, 0.05);

  /* Images decode in workers while the geometry is converted here. */
  if (!gltf_images_start (loader, error) ||
      !gltf_materials_load (loader, error) ||
      !gltf_meshes_load (loader, error) ||
      !gltf_nodes_load (loader, error) ||
      !gltf_scenes_load (loader, error) ||
      !gltf_validate_other (loader, error) ||
      !gltf_check_cancelled (loader, error))
    return FALSE;
  gltf_report (loader, 0.75);

  gltf_images_finish (loader);
  if (!gltf_check_cancelled (loader, error))
    return FALSE;

  return TRUE;
}

AtelierGltfScene *
gltf_load (GBytes                  *bytes,
           const char              *base_dir,
           const AtelierGltfLimits *limits,
           gboolean                 drop_pages,
           GCancellable            *cancellable,
           AtelierGltfProgressFunc  progress,
           gpointer                 progress_data,
           GError                 **error)
{
  GltfLoader loader = { 0 };
  g_autoptr(AtelierGltfScene) scene = NULL;
  gboolean ok;

  if (limits != NULL)
    loader.limits = *limits;
  else
    atelier_gltf_limits_init (&loader.limits);

  loader.data = g_bytes_get_data (bytes, &loader.size);
  if (loader.data == NULL)
    loader.data = (const guint8 *) "";
  loader.base_dir = base_dir;
  loader.drop_pages = drop_pages;
  loader.cancellable = cancellable;
  loader.progress = progress;
  loader.progress_data = progress_data;

  if (loader.size > loader.limits.max_file_size)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_LIMIT, NULL,
                  "the file (%" G_GSIZE_FORMAT " bytes) exceeds the limit of %" G_GSIZE_FORMAT,
                  loader.size, loader.limits.max_file_size);
      return NULL;
    }

  scene = (AtelierGltfScene *) g_new0 (GltfSceneReal, 1);
  scene->file_size = loader.size;
  loader.scene = scene;
  gltf_report (&loader, 0.0);

  ok = run_stages (&loader, error);
  loader_clear (&loader);
  if (!ok)
    return NULL;

  gltf_report (&loader, 1.0);
  return g_steal_pointer (&scene);
}

AtelierGltfScene *
gltf_load_path (const char              *path,
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
  AtelierGltfLimits defaults;

  if (limits == NULL)
    {
      atelier_gltf_limits_init (&defaults);
      limits = &defaults;
    }

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_IO, "%s",
                   local_error->message);
      return NULL;
    }

  if (g_mapped_file_get_length (mapped) > limits->max_file_size)
    {
      g_set_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_LIMIT,
                   "the file (%" G_GSIZE_FORMAT " bytes) exceeds the limit of %" G_GSIZE_FORMAT,
                   g_mapped_file_get_length (mapped), limits->max_file_size);
      return NULL;
    }

  bytes = g_mapped_file_get_bytes (mapped);
  base_dir = g_path_get_dirname (path);

  /* The mapping is private and read-only: consumed pages may be dropped. */
  return gltf_load (bytes, base_dir, limits, g_mapped_file_get_length (mapped) > 0, cancellable,
                    progress, progress_data, error);
}

AtelierGltfScene *
atelier_gltf_load_bytes (GBytes                  *bytes,
                         const char              *base_dir,
                         const AtelierGltfLimits *limits,
                         GError                 **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return gltf_load (bytes, base_dir, limits, FALSE, NULL, NULL, NULL, error);
}

AtelierGltfScene *
atelier_gltf_load_file (const char              *path,
                        const AtelierGltfLimits *limits,
                        GError                 **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return gltf_load_path (path, limits, NULL, NULL, NULL, error);
}

void
atelier_gltf_scene_free (AtelierGltfScene *scene)
{
  GltfSceneReal *real = (GltfSceneReal *) scene;

  if (scene == NULL)
    return;

  for (guint i = 0; i < scene->n_meshes; i++)
    {
      AtelierGltfMesh *mesh = &scene->meshes[i];

      for (guint j = 0; j < mesh->n_primitives; j++)
        {
          AtelierGltfPrimitive *p = &mesh->primitives[j];

          g_free (p->positions);
          g_free (p->normals);
          g_free (p->tangents);
          g_free (p->texcoords0);
          g_free (p->texcoords1);
          g_free (p->colors);
          g_free (p->indices);
        }
      g_free (mesh->primitives);
      g_free (mesh->name);
    }
  g_free (scene->meshes);

  for (guint i = 0; i < scene->n_materials; i++)
    g_free (scene->materials[i].name);
  g_free (scene->materials);

  for (guint i = 0; i < scene->n_images; i++)
    {
      gltf_image_free_pixels (scene, i);
      g_free (scene->images[i].mime_type);
      g_free (scene->images[i].error);
    }
  g_free (scene->images);
  g_free (real->pixbufs);

  g_free (scene->textures);
  g_free (scene->samplers);
  g_free (scene->instances);
  g_strfreev (scene->extensions_used);
  g_strfreev (scene->extensions_required);
  g_free (scene);
}
