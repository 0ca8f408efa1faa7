/* atelier-gltf-writer.c: the document (materials, textures, images, nodes) and
 * the containers (GLB, or .gltf with .bin and image files)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "atelier-gltf-writer-private.h"

#define GLB_MAGIC      0x46546C67u
#define GLB_CHUNK_JSON 0x4E4F534Au
#define GLB_CHUNK_BIN  0x004E4942u

static const char * const compression_names[] = { "none", "meshopt", "draco" };

const char *
atelier_gltf_compression_to_string (AtelierGltfCompression compression)
{
  g_return_val_if_fail (compression <= ATELIER_GLTF_COMPRESSION_DRACO, NULL);

  return compression_names[compression];
}

gboolean
atelier_gltf_compression_from_string (const char             *name,
                                      AtelierGltfCompression *compression)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (compression_names); i++)
    if (g_ascii_strcasecmp (name, compression_names[i]) == 0)
      {
        *compression = i;
        return TRUE;
      }
  return FALSE;
}

gboolean
atelier_gltf_compression_available (AtelierGltfCompression compression)
{
  switch (compression)
    {
    case ATELIER_GLTF_COMPRESSION_NONE:
      return TRUE;
    case ATELIER_GLTF_COMPRESSION_MESHOPT:
      return gltf_meshopt_available ();
    case ATELIER_GLTF_COMPRESSION_DRACO:
#ifdef HAVE_DRACO
      return TRUE;
#else
      return FALSE;
#endif
    default:
      return FALSE;
    }
}

void
atelier_gltf_write_options_init (AtelierGltfWriteOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->binary = TRUE;
  options->compression = ATELIER_GLTF_COMPRESSION_NONE;
  options->position_bits = 14;
  options->texcoord_bits = 12;
  options->normal_bits = 10;
}

void
gltf_writer_use_extension (GltfWriter *writer,
                           const char *name,
                           gboolean    required)
{
  if (!g_ptr_array_find_with_equal_func (writer->used, name, g_str_equal, NULL))
    g_ptr_array_add (writer->used, (gpointer) name);
  if (required && !g_ptr_array_find_with_equal_func (writer->required, name, g_str_equal, NULL))
    g_ptr_array_add (writer->required, (gpointer) name);
}

static void
pad_bin (GltfWriter *writer)
{
  static const guint8 zeros[4];

  if (writer->bin->len % 4 != 0)
    g_byte_array_append (writer->bin, zeros, 4 - writer->bin->len % 4);
}

int
gltf_writer_add_view (GltfWriter *writer,
                      const void *data,
                      gsize       length,
                      guint       stride,
                      guint       target)
{
  JsonObject *view = json_object_new ();

  pad_bin (writer);
  json_object_set_int_member (view, "buffer", 0);
  json_object_set_int_member (view, "byteOffset", writer->bin->len);
  json_object_set_int_member (view, "byteLength", length);
  if (stride != 0)
    json_object_set_int_member (view, "byteStride", stride);
  if (target != 0)
    json_object_set_int_member (view, "target", target);
  g_byte_array_append (writer->bin, data, length);

  json_array_add_object_element (writer->buffer_views, view);
  return json_array_get_length (writer->buffer_views) - 1;
}

static JsonArray *
float_array (const float *values,
             guint        n)
{
  JsonArray *array = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    json_array_add_double_element (array, values[i]);
  return array;
}

static gboolean
all_equal (const float *values,
           guint        n,
           float        value)
{
  for (guint i = 0; i < n; i++)
    if (values[i] != value)
      return FALSE;
  return TRUE;
}

static const char *
image_extension (const char *mime_type)
{
  if (g_strcmp0 (mime_type, "image/jpeg") == 0)
    return "jpg";
  if (g_strcmp0 (mime_type, "image/webp") == 0)
    return "webp";
  return "png";
}

typedef struct
{
  char   *name;
  GBytes *bytes;
} SideFile;

static void
side_file_free (gpointer data)
{
  SideFile *file = data;

  g_free (file->name);
  g_bytes_unref (file->bytes);
  g_free (file);
}

/* Images, in scene order; @image_map and @webp get one entry per scene image. */
static gboolean
write_images (GltfWriter  *writer,
              const char  *stem,
              GPtrArray   *side_files,
              int         *image_map,
              gboolean    *webp,
              GError     **error)
{
  const AtelierGltfScene *scene = writer->asset->scene;
  JsonArray *images = json_array_new ();
  guint n = 0;

  for (guint i = 0; i < scene->n_images; i++)
    {
      const AtelierGltfImage *image = &scene->images[i];
      g_autoptr(GBytes) bytes = NULL;
      JsonObject *obj;
      const char *mime_type = NULL;
      guint32 width, height;
      const guint8 *data;
      gsize length;

      image_map[i] = -1;
      webp[i] = FALSE;
      if (!gltf_asset_image_usable (writer->asset, i))
        continue;

      if (writer->asset->image_files[i] != NULL)
        bytes = g_bytes_ref (writer->asset->image_files[i]);
      else
        {
          bytes = gltf_image_encode (image->pixels, image->width, image->height, "image/png", 0,
                                     error);
          if (bytes == NULL)
            {
              json_array_unref (images);
              return FALSE;
            }
        }

      /* The type is what the bytes are, whatever the source declared. */
      data = g_bytes_get_data (bytes, &length);
      if (!gltf_image_sniff (data, length, &mime_type, &width, &height))
        {
          g_debug ("image %u: not written (%s)", i, mime_type ? "malformed" : "unknown format");
          continue;
        }

      obj = json_object_new ();
      if (writer->options->binary)
        json_object_set_int_member (obj, "bufferView",
                                    gltf_writer_add_view (writer, data, length, 0, 0));
      else
        {
          SideFile *file = g_new0 (SideFile, 1);

          file->name = g_strdup_printf ("%s_%u.%s", stem, n, image_extension (mime_type));
          file->bytes = g_bytes_ref (bytes);
          json_object_set_string_member (obj, "uri", file->name);
          g_ptr_array_add (side_files, file);
        }
      json_object_set_string_member (obj, "mimeType", mime_type);
      json_array_add_object_element (images, obj);

      webp[i] = g_str_equal (mime_type, "image/webp");
      image_map[i] = n++;
    }

  if (n > 0)
    json_object_set_array_member (writer->root, "images", images);
  else
    json_array_unref (images);
  return TRUE;
}

static void
write_samplers (GltfWriter *writer)
{
  const AtelierGltfScene *scene = writer->asset->scene;
  JsonArray *samplers;

  if (scene->n_samplers == 0)
    return;

  samplers = json_array_new ();
  for (guint i = 0; i < scene->n_samplers; i++)
    {
      const AtelierGltfSampler *s = &scene->samplers[i];
      JsonObject *obj = json_object_new ();

      if (s->mag_filter != 0)
        json_object_set_int_member (obj, "magFilter", s->mag_filter);
      if (s->min_filter != 0)
        json_object_set_int_member (obj, "minFilter", s->min_filter);
      if (s->wrap_s != 10497)
        json_object_set_int_member (obj, "wrapS", s->wrap_s);
      if (s->wrap_t != 10497)
        json_object_set_int_member (obj, "wrapT", s->wrap_t);
      json_array_add_object_element (samplers, obj);
    }
  json_object_set_array_member (writer->root, "samplers", samplers);
}

/* Every texture is kept (so material indices stay valid); one whose image
 * was dropped has no source, which glTF allows. */
static void
write_textures (GltfWriter     *writer,
                const int      *image_map,
                const gboolean *webp,
                int            *texture_map)
{
  const AtelierGltfScene *scene = writer->asset->scene;
  JsonArray *textures;

  if (scene->n_textures == 0)
    return;

  textures = json_array_new ();
  for (guint i = 0; i < scene->n_textures; i++)
    {
      const AtelierGltfTexture *t = &scene->textures[i];
      JsonObject *obj = json_object_new ();
      int image = t->image >= 0 ? image_map[t->image] : -1;

      if (t->sampler >= 0)
        json_object_set_int_member (obj, "sampler", t->sampler);
      if (image >= 0 && webp[t->image])
        {
          JsonObject *extensions = json_object_new ();
          JsonObject *ext = json_object_new ();

          /* No fallback image: loaders without WebP must refuse the file. */
          json_object_set_int_member (ext, "source", image);
          json_object_set_object_member (extensions, "EXT_texture_webp", ext);
          json_object_set_object_member (obj, "extensions", extensions);
          gltf_writer_use_extension (writer, "EXT_texture_webp", TRUE);
        }
      else if (image >= 0)
        json_object_set_int_member (obj, "source", image);

      texture_map[i] = image >= 0 ? (int) i : -1;
      json_array_add_object_element (textures, obj);
    }
  json_object_set_array_member (writer->root, "textures", textures);
}

static void
add_texture_ref (GltfWriter                  *writer,
                 JsonObject                  *parent,
                 const char                  *name,
                 const AtelierGltfTextureRef *ref,
                 const char                  *scale_name,
                 const int                   *texture_map)
{
  JsonObject *obj;

  if (ref->texture < 0 || texture_map[ref->texture] < 0)
    return;

  obj = json_object_new ();
  json_object_set_int_member (obj, "index", texture_map[ref->texture]);
  if (ref->texcoord != 0)
    json_object_set_int_member (obj, "texCoord", ref->texcoord);
  if (scale_name != NULL && ref->scale != 1.0f)
    json_object_set_double_member (obj, scale_name, ref->scale);

  if (ref->offset[0] != 0.0f || ref->offset[1] != 0.0f || ref->rotation != 0.0f ||
      ref->uv_scale[0] != 1.0f || ref->uv_scale[1] != 1.0f)
    {
      JsonObject *extensions = json_object_new ();
      JsonObject *ext = json_object_new ();

      json_object_set_array_member (ext, "offset", float_array (ref->offset, 2));
      if (ref->rotation != 0.0f)
        json_object_set_double_member (ext, "rotation", ref->rotation);
      json_object_set_array_member (ext, "scale", float_array (ref->uv_scale, 2));
      json_object_set_object_member (extensions, "KHR_texture_transform", ext);
      json_object_set_object_member (obj, "extensions", extensions);
      gltf_writer_use_extension (writer, "KHR_texture_transform", FALSE);
    }

  json_object_set_object_member (parent, name, obj);
}

static void
write_materials (GltfWriter *writer,
                 const int  *texture_map)
{
  const AtelierGltfScene *scene = writer->asset->scene;
  static const char * const alpha_modes[] = { "OPAQUE", "MASK", "BLEND" };
  JsonArray *materials;

  if (scene->n_materials == 0)
    return;

  materials = json_array_new ();
  for (guint i = 0; i < scene->n_materials; i++)
    {
      const AtelierGltfMaterial *m = &scene->materials[i];
      JsonObject *obj = json_object_new ();
      JsonObject *pbr = json_object_new ();
      JsonObject *extensions = json_object_new ();

      if (m->name != NULL)
        json_object_set_string_member (obj, "name", m->name);

      if (!all_equal (m->base_color_factor, 4, 1.0f))
        json_object_set_array_member (pbr, "baseColorFactor", float_array (m->base_color_factor, 4));
      add_texture_ref (writer, pbr, "baseColorTexture", &m->base_color, NULL, texture_map);
      if (m->metallic_factor != 1.0f)
        json_object_set_double_member (pbr, "metallicFactor", m->metallic_factor);
      if (m->roughness_factor != 1.0f)
        json_object_set_double_member (pbr, "roughnessFactor", m->roughness_factor);
      add_texture_ref (writer, pbr, "metallicRoughnessTexture", &m->metallic_roughness, NULL,
                       texture_map);
      json_object_set_object_member (obj, "pbrMetallicRoughness", pbr);

      add_texture_ref (writer, obj, "normalTexture", &m->normal, "scale", texture_map);
      add_texture_ref (writer, obj, "occlusionTexture", &m->occlusion, "strength", texture_map);
      add_texture_ref (writer, obj, "emissiveTexture", &m->emissive, NULL, texture_map);
      if (!all_equal (m->emissive_factor, 3, 0.0f))
        json_object_set_array_member (obj, "emissiveFactor", float_array (m->emissive_factor, 3));

      if (m->alpha_mode != ATELIER_GLTF_ALPHA_OPAQUE)
        json_object_set_string_member (obj, "alphaMode", alpha_modes[m->alpha_mode]);
      if (m->alpha_mode == ATELIER_GLTF_ALPHA_MASK && m->alpha_cutoff != 0.5f)
        json_object_set_double_member (obj, "alphaCutoff", m->alpha_cutoff);
      if (m->double_sided)
        json_object_set_boolean_member (obj, "doubleSided", TRUE);

      if (m->emissive_strength != 1.0f)
        {
          JsonObject *ext = json_object_new ();

          json_object_set_double_member (ext, "emissiveStrength", m->emissive_strength);
          json_object_set_object_member (extensions, "KHR_materials_emissive_strength", ext);
          gltf_writer_use_extension (writer, "KHR_materials_emissive_strength", FALSE);
        }
      if (m->unlit)
        {
          json_object_set_object_member (extensions, "KHR_materials_unlit", json_object_new ());
          gltf_writer_use_extension (writer, "KHR_materials_unlit", FALSE);
        }
      if (json_object_get_size (extensions) > 0)
        json_object_set_object_member (obj, "extensions", extensions);
      else
        json_object_unref (extensions);

      json_array_add_object_element (materials, obj);
    }
  json_object_set_array_member (writer->root, "materials", materials);
}

static void
mat4_mul (const float *a,
          const float *b,
          float       *out)
{
  for (guint c = 0; c < 4; c++)
    for (guint r = 0; r < 4; r++)
      {
        float v = 0.0f;

        for (guint k = 0; k < 4; k++)
          v += a[k * 4 + r] * b[c * 4 + k];
        out[c * 4 + r] = v;
      }
}

static gboolean
is_identity (const float *m)
{
  for (guint i = 0; i < 16; i++)
    if (m[i] != (i % 5 == 0 ? 1.0f : 0.0f))
      return FALSE;
  return TRUE;
}

static gboolean
write_meshes_and_nodes (GltfWriter  *writer,
                        GError     **error)
{
  const AtelierGltfScene *scene = writer->asset->scene;
  g_autofree float *dequantize = g_new (float, (gsize) MAX (scene->n_meshes, 1) * 16);
  JsonArray *meshes = json_array_new ();
  JsonArray *nodes, *roots;
  JsonObject *scene_obj;

  json_object_set_array_member (writer->root, "meshes", meshes);
  for (guint i = 0; i < scene->n_meshes; i++)
    {
      JsonObject *mesh;

      if (g_cancellable_set_error_if_cancelled (writer->cancellable, error))
        return FALSE;
      mesh = gltf_writer_add_mesh (writer, i, dequantize + (gsize) i * 16, error);
      if (mesh == NULL)
        return FALSE;
      json_array_add_object_element (meshes, mesh);
    }
  if (scene->n_meshes == 0)
    json_object_remove_member (writer->root, "meshes");

  /* One root node per instance. The loader walks roots last to first, so
   * they are listed in reverse to come back in the same order. */
  nodes = json_array_new ();
  roots = json_array_new ();
  for (guint i = 0; i < scene->n_instances; i++)
    {
      const AtelierGltfInstance *inst = &scene->instances[i];
      JsonObject *node = json_object_new ();
      float matrix[16];

      mat4_mul (inst->world, dequantize + (gsize) inst->mesh * 16, matrix);
      json_object_set_int_member (node, "mesh", inst->mesh);
      if (!is_identity (matrix))
        json_object_set_array_member (node, "matrix", float_array (matrix, 16));
      json_array_add_object_element (nodes, node);
      json_array_add_int_element (roots, scene->n_instances - 1 - i);
    }

  /* An empty array is invalid glTF: a scene without instances has none. */
  scene_obj = json_object_new ();
  if (scene->n_instances > 0)
    {
      json_object_set_array_member (scene_obj, "nodes", roots);
      json_object_set_array_member (writer->root, "nodes", nodes);
    }
  else
    {
      json_array_unref (roots);
      json_array_unref (nodes);
    }
  json_object_set_array_member (writer->root, "scenes", json_array_new ());
  json_array_add_object_element (json_object_get_array_member (writer->root, "scenes"), scene_obj);
  json_object_set_int_member (writer->root, "scene", 0);
  return TRUE;
}

static JsonArray *
string_array (GPtrArray *strings)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < strings->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (strings, i));
  return array;
}

/* Builds the JSON; buffer 0 is writer->bin. */
static JsonNode *
build_document (GltfWriter  *writer,
                const char  *stem,
                GPtrArray   *side_files,
                GError     **error)
{
  const AtelierGltfScene *scene = writer->asset->scene;
  g_autofree int *image_map = g_new (int, MAX (scene->n_images, 1));
  g_autofree gboolean *webp = g_new (gboolean, MAX (scene->n_images, 1));
  g_autofree int *texture_map = g_new (int, MAX (scene->n_textures, 1));
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *asset = json_object_new ();
  JsonArray *buffers;

  writer->root = json_object_new ();
  json_node_take_object (node, writer->root);
  writer->buffer_views = json_array_new ();
  writer->accessors = json_array_new ();

  json_object_set_string_member (asset, "version", "2.0");
  json_object_set_string_member (asset, "generator", "Atelier " PACKAGE_VERSION);
  json_object_set_object_member (writer->root, "asset", asset);
  /* Filled at the end, but listed first as tools do. */
  json_object_set_null_member (writer->root, "extensionsUsed");
  json_object_set_null_member (writer->root, "extensionsRequired");

  if (!write_images (writer, stem, side_files, image_map, webp, error))
    return NULL;
  write_samplers (writer);
  write_textures (writer, image_map, webp, texture_map);
  write_materials (writer, texture_map);
  if (!write_meshes_and_nodes (writer, error))
    return NULL;

  if (json_array_get_length (writer->accessors) > 0)
    json_object_set_array_member (writer->root, "accessors",
                                  json_array_ref (writer->accessors));
  if (json_array_get_length (writer->buffer_views) > 0)
    json_object_set_array_member (writer->root, "bufferViews",
                                  json_array_ref (writer->buffer_views));

  pad_bin (writer);
  buffers = json_array_new ();
  if (writer->bin->len > 0)
    {
      JsonObject *buffer = json_object_new ();

      json_object_set_int_member (buffer, "byteLength", writer->bin->len);
      if (!writer->options->binary)
        {
          SideFile *file = g_new0 (SideFile, 1);

          file->name = g_strdup_printf ("%s.bin", stem);
          file->bytes = g_bytes_new (writer->bin->data, writer->bin->len);
          json_object_set_string_member (buffer, "uri", file->name);
          g_ptr_array_add (side_files, file);
        }
      json_array_add_object_element (buffers, buffer);
    }
  if (writer->fallback_length > 0)
    {
      JsonObject *buffer = json_object_new ();
      JsonObject *extensions = json_object_new ();
      JsonObject *ext = json_object_new ();

      /* No data behind it: decoders fill it from the compressed views. */
      g_assert (writer->bin->len > 0);
      json_object_set_int_member (buffer, "byteLength", writer->fallback_length);
      json_object_set_boolean_member (ext, "fallback", TRUE);
      json_object_set_object_member (extensions, "EXT_meshopt_compression", ext);
      json_object_set_object_member (buffer, "extensions", extensions);
      json_array_add_object_element (buffers, buffer);
    }
  if (json_array_get_length (buffers) > 0)
    json_object_set_array_member (writer->root, "buffers", buffers);
  else
    json_array_unref (buffers);

  if (writer->used->len > 0)
    json_object_set_array_member (writer->root, "extensionsUsed", string_array (writer->used));
  else
    json_object_remove_member (writer->root, "extensionsUsed");
  if (writer->required->len > 0)
    json_object_set_array_member (writer->root, "extensionsRequired",
                                  string_array (writer->required));
  else
    json_object_remove_member (writer->root, "extensionsRequired");

  return g_steal_pointer (&node);
}

static void
writer_clear (GltfWriter *writer)
{
  g_clear_pointer (&writer->buffer_views, json_array_unref);
  g_clear_pointer (&writer->accessors, json_array_unref);
  g_clear_pointer (&writer->bin, g_byte_array_unref);
  g_clear_pointer (&writer->used, g_ptr_array_unref);
  g_clear_pointer (&writer->required, g_ptr_array_unref);
}

static gboolean
check_options (const AtelierGltfWriteOptions  *options,
               GError                        **error)
{
  if (!atelier_gltf_compression_available (options->compression))
    {
      g_set_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_UNSUPPORTED,
                   "%s compression is not available in this build",
                   atelier_gltf_compression_to_string (options->compression));
      return FALSE;
    }
  if (options->position_bits < 8 || options->position_bits > 16 ||
      options->texcoord_bits < 8 || options->texcoord_bits > 16 ||
      options->normal_bits < 6 || options->normal_bits > 16)
    {
      g_set_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_FAILED,
                   "quantization bits out of range");
      return FALSE;
    }
  return TRUE;
}

static char *
generate_json (JsonNode *node,
               gboolean  pretty,
               gsize    *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, pretty);
  json_generator_set_indent (generator, 1);
  return json_generator_to_data (generator, length);
}

static void
put_u32 (GByteArray *array,
         guint32     value)
{
  guint8 b[4] = { value, value >> 8, value >> 16, value >> 24 };

  g_byte_array_append (array, b, 4);
}

static GBytes *
assemble_glb (JsonNode   *node,
              GByteArray *bin)
{
  gsize json_length, json_padded, total;
  g_autofree char *json = generate_json (node, FALSE, &json_length);
  GByteArray *glb;

  json_padded = (json_length + 3) & ~(gsize) 3;
  total = 12 + 8 + json_padded + (bin->len > 0 ? 8 + bin->len : 0);
  glb = g_byte_array_sized_new (total);

  put_u32 (glb, GLB_MAGIC);
  put_u32 (glb, 2);
  put_u32 (glb, total);
  put_u32 (glb, json_padded);
  put_u32 (glb, GLB_CHUNK_JSON);
  g_byte_array_append (glb, (const guint8 *) json, json_length);
  for (gsize i = json_length; i < json_padded; i++)
    g_byte_array_append (glb, (const guint8 *) " ", 1);
  if (bin->len > 0)
    {
      put_u32 (glb, bin->len);
      put_u32 (glb, GLB_CHUNK_BIN);
      g_byte_array_append (glb, bin->data, bin->len);
    }
  return g_byte_array_free_to_bytes (glb);
}

static JsonNode *
run_writer (AtelierGltfAsset              *asset,
            const AtelierGltfWriteOptions *options,
            const char                    *stem,
            GPtrArray                     *side_files,
            GCancellable                  *cancellable,
            GByteArray                   **bin,
            GError                       **error)
{
  GltfWriter writer = { 0 };
  JsonNode *node;

  if (!check_options (options, error))
    return NULL;

  writer.options = options;
  writer.asset = asset;
  writer.cancellable = cancellable;
  writer.bin = g_byte_array_new ();
  writer.used = g_ptr_array_new ();
  writer.required = g_ptr_array_new ();

  node = build_document (&writer, stem, side_files, error);
  if (node != NULL)
    *bin = g_byte_array_ref (writer.bin);
  writer_clear (&writer);
  return node;
}

GBytes *
atelier_gltf_asset_write_glb (AtelierGltfAsset              *asset,
                              const AtelierGltfWriteOptions *options,
                              GCancellable                  *cancellable,
                              GError                       **error)
{
  AtelierGltfWriteOptions glb;
  g_autoptr(GPtrArray) side_files = g_ptr_array_new_with_free_func (side_file_free);
  g_autoptr(GByteArray) bin = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (asset != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  glb = *options;
  glb.binary = TRUE;
  node = run_writer (asset, &glb, "model", side_files, cancellable, &bin, error);
  if (node == NULL)
    return NULL;
  return assemble_glb (node, bin);
}

gboolean
gltf_write_file (const char  *path,
                 const void  *data,
                 gsize        length,
                 guint64     *bytes_written,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  /* A temporary file beside the target, renamed once complete. */
  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                 &local_error))
    {
      g_set_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }
  if (bytes_written != NULL)
    *bytes_written += length;
  return TRUE;
}

gboolean
atelier_gltf_asset_write (AtelierGltfAsset              *asset,
                          const char                    *path,
                          const AtelierGltfWriteOptions *options,
                          GCancellable                  *cancellable,
                          GError                       **error)
{
  return gltf_asset_write (asset, path, options, cancellable, NULL, error);
}

gboolean
gltf_asset_write (AtelierGltfAsset              *asset,
                  const char                    *path,
                  const AtelierGltfWriteOptions *options,
                  GCancellable                  *cancellable,
                  guint64                       *bytes_written,
                  GError                       **error)
{
  g_autoptr(GPtrArray) side_files = g_ptr_array_new_with_free_func (side_file_free);
  g_autoptr(GByteArray) bin = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  char *dot;

  g_return_val_if_fail (asset != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';

  node = run_writer (asset, options, base, side_files, cancellable, &bin, error);
  if (node == NULL)
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (options->binary)
    {
      g_autoptr(GBytes) glb = assemble_glb (node, bin);

      return gltf_write_file (path, g_bytes_get_data (glb, NULL), g_bytes_get_size (glb),
                              bytes_written, error);
    }

  /* Side files first: the .gltf appears only when what it names exists. */
  for (guint i = 0; i < side_files->len; i++)
    {
      SideFile *file = g_ptr_array_index (side_files, i);
      g_autofree char *side_path = g_build_filename (dir, file->name, NULL);

      if (!gltf_write_file (side_path, g_bytes_get_data (file->bytes, NULL),
                            g_bytes_get_size (file->bytes), bytes_written, error))
        return FALSE;
    }

  {
    gsize length;
    g_autofree char *json = generate_json (node, TRUE, &length);

    return gltf_write_file (path, json, length, bytes_written, error);
  }
}
