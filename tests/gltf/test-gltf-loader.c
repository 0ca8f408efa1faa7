/* test-gltf-loader.c: features of the loader, on fixtures built in code
 *
 * `test-gltf-loader --write-seeds DIR` also saves every fixture into DIR as
 * a seed corpus for tests/fuzz/.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>

#include "gltf-fixtures.h"

#ifdef HAVE_MESHOPT
#include <meshoptimizer.h>
#endif

static AtelierGltfScene *
load_ok (GBytes     *bytes,
         const char *base_dir)
{
  g_autoptr(GError) error = NULL;
  AtelierGltfScene *scene = atelier_gltf_load_bytes (bytes, base_dir, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scene);
  return scene;
}

static void
assert_vec (const float *v,
            float        x,
            float        y,
            float        z)
{
  g_assert_cmpfloat_with_epsilon (v[0], x, 1e-4);
  g_assert_cmpfloat_with_epsilon (v[1], y, 1e-4);
  g_assert_cmpfloat_with_epsilon (v[2], z, 1e-4);
}

static void
test_triangle (void)
{
  g_autoptr(GBytes) glb = triangle_glb_with ("{" ASSET TRIANGLE_BUFFERS TRIANGLE_ACCESSORS
                                             TRIANGLE_MESH "}");
  g_autoptr(AtelierGltfScene) scene = load_ok (glb, NULL);
  const AtelierGltfPrimitive *prim;

  g_assert_cmpuint (scene->n_meshes, ==, 1);
  g_assert_cmpuint (scene->n_instances, ==, 1);
  g_assert_cmpuint (scene->n_scenes, ==, 1);
  g_assert_cmpuint (scene->n_nodes, ==, 1);
  g_assert_cmpuint (scene->n_triangles, ==, 1);
  g_assert_cmpuint (scene->n_vertices, ==, 3);
  g_assert_cmpuint (scene->file_size, ==, g_bytes_get_size (glb));

  prim = &scene->meshes[0].primitives[0];
  g_assert_cmpint (prim->mode, ==, ATELIER_GLTF_MODE_TRIANGLES);
  g_assert_cmpuint (prim->vertex_count, ==, 3);
  g_assert_cmpuint (prim->index_count, ==, 3);
  g_assert_cmpmem (prim->positions, 36, triangle_positions, 36);
  g_assert_cmpuint (prim->indices[2], ==, 2);
  g_assert_cmpint (prim->material, ==, -1);
  g_assert_null (prim->texcoords0);
  g_assert_null (prim->tangents);

  /* Missing normals are computed, facing +Z for this counter-clockwise face. */
  g_assert_nonnull (prim->normals);
  for (guint i = 0; i < 3; i++)
    assert_vec (prim->normals + i * 3, 0, 0, 1);

  assert_vec (prim->min, 0, 0, 0);
  assert_vec (prim->max, 1, 1, 0);
  assert_vec (scene->min, 0, 0, 0);
  assert_vec (scene->max, 1, 1, 0);
  g_assert_cmpfloat (scene->instances[0].world[0], ==, 1.0f);
  g_assert_cmpfloat (scene->instances[0].world[15], ==, 1.0f);
}

/* Smooth normals are area weighted: a big face dominates a small one. */
static void
test_normals_area_weighted (void)
{
  /* Two faces sharing vertex 0: a large one in the XY plane, a tiny one in XZ. */
  float pos[12] = { 0, 0, 0, 10, 0, 0, 0, 10, 0, 0, 0, 0.1f };
  guint32 idx[6] = { 0, 1, 2, 0, 3, 1 };
  guint8 bin[72];
  g_autoptr(GBytes) glb = NULL;
  g_autoptr(AtelierGltfScene) scene = NULL;
  const float *n;

  memcpy (bin, pos, 48);
  memcpy (bin + 48, idx, 24);
  glb = make_glb ("{" ASSET "\"buffers\":[{\"byteLength\":72}],"
                  "\"bufferViews\":[{\"buffer\":0,\"byteLength\":48},"
                  "{\"buffer\":0,\"byteOffset\":48,\"byteLength\":24}],"
                  "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":4,"
                  "\"type\":\"VEC3\"},{\"bufferView\":1,\"componentType\":5125,\"count\":6,"
                  "\"type\":\"SCALAR\"}]," TRIANGLE_MESH "}", bin, sizeof bin);
  scene = load_ok (glb, NULL);
  n = scene->meshes[0].primitives[0].normals;
  g_assert_cmpfloat (n[2], >, 0.99f);
  g_assert_cmpfloat (sqrtf (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]), >, 0.999f);
}

static void
check_index_type (guint component_type)
{
  guint size = component_type == 5121 ? 1 : component_type == 5123 ? 2 : 4;
  guint8 bin[48] = { 0 };
  g_autofree char *json = NULL;
  g_autoptr(GBytes) glb = NULL;
  g_autoptr(AtelierGltfScene) scene = NULL;

  memcpy (bin, triangle_positions, 36);
  for (guint i = 0; i < 3; i++)
    bin[36 + i * size] = 2 - i;

  json = g_strdup_printf ("{" ASSET "\"buffers\":[{\"byteLength\":48}],"
                          "\"bufferViews\":[{\"buffer\":0,\"byteLength\":36},"
                          "{\"buffer\":0,\"byteOffset\":36,\"byteLength\":%u}],"
                          "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":3,"
                          "\"type\":\"VEC3\"},{\"bufferView\":1,\"componentType\":%u,"
                          "\"count\":3,\"type\":\"SCALAR\"}]," TRIANGLE_MESH "}",
                          size * 3, component_type);
  glb = make_glb (json, bin, sizeof bin);
  scene = load_ok (glb, NULL);
  g_assert_cmpuint (scene->meshes[0].primitives[0].indices[0], ==, 2);
  g_assert_cmpuint (scene->meshes[0].primitives[0].indices[2], ==, 0);
  /* Reversed winding: the computed normal faces -Z. */
  g_assert_cmpfloat (scene->meshes[0].primitives[0].normals[2], <, -0.99f);
}

static void
test_index_types (void)
{
  check_index_type (5121);
  check_index_type (5123);
  check_index_type (5125);
}

/* Interleaved POSITION + TEXCOORD_0 with byteStride 20, plus normalized
 * integer colours and KHR_mesh_quantization positions. */
static void
test_interleaved_and_normalized (void)
{
  guint8 bin[60 + 12 + 24] = { 0 };
  g_autoptr(GBytes) glb = NULL;
  g_autoptr(AtelierGltfScene) scene = NULL;
  const AtelierGltfPrimitive *prim;

  for (guint v = 0; v < 3; v++)
    {
      float uv[2] = { v * 0.5f, 1.0f - v * 0.5f };
      guint16 color[4] = { 65535, 0, 32768, 0 };
      gint16 q[4] = { (gint16) (v * 100), -5, 7, 0 };

      memcpy (bin + v * 20, triangle_positions + v * 3, 12);
      memcpy (bin + v * 20 + 12, uv, 8);
      memcpy (bin + 60 + v * 4, (guint8[4]) { 255, 0, 0, 0 }, 4);
      memcpy (bin + 72 + v * 8, q, 8);
      (void) color;
    }

  glb = make_glb ("{" ASSET "\"extensionsUsed\":[\"KHR_mesh_quantization\"],"
                  "\"extensionsRequired\":[\"KHR_mesh_quantization\"],"
                  "\"buffers\":[{\"byteLength\":96}],"
                  "\"bufferViews\":[{\"buffer\":0,\"byteLength\":60,\"byteStride\":20},"
                  "{\"buffer\":0,\"byteOffset\":60,\"byteLength\":12,\"byteStride\":4},"
                  "{\"buffer\":0,\"byteOffset\":72,\"byteLength\":24,\"byteStride\":8}],"
                  "\"accessors\":["
                  "{\"bufferView\":0,\"componentType\":5126,\"count\":3,\"type\":\"VEC3\"},"
                  "{\"bufferView\":0,\"byteOffset\":12,\"componentType\":5126,\"count\":3,"
                  "\"type\":\"VEC2\"},"
                  "{\"bufferView\":1,\"componentType\":5121,\"normalized\":true,\"count\":3,"
                  "\"type\":\"VEC3\"},"
                  "{\"bufferView\":2,\"componentType\":5122,\"count\":3,\"type\":\"VEC3\"}],"
                  "\"meshes\":[{\"primitives\":["
                  "{\"attributes\":{\"POSITION\":0,\"TEXCOORD_0\":1,\"COLOR_0\":2}},"
                  "{\"attributes\":{\"POSITION\":3}}]}],"
                  "\"nodes\":[{\"mesh\":0}],\"scenes\":[{\"nodes\":[0]}]}", bin, sizeof bin);
  scene = load_ok (glb, NULL);

  prim = &scene->meshes[0].primitives[0];
  g_assert_null (prim->indices);
  g_assert_cmpmem (prim->positions, 36, triangle_positions, 36);
  g_assert_cmpfloat (prim->texcoords0[2], ==, 0.5f);
  g_assert_cmpfloat (prim->texcoords0[5], ==, 0.0f);
  g_assert_cmpfloat (prim->colors[0], ==, 1.0f);
  g_assert_cmpfloat (prim->colors[1], ==, 0.0f);
  g_assert_cmpfloat (prim->colors[3], ==, 1.0f); /* VEC3 colours get opaque alpha */

  prim = &scene->meshes[0].primitives[1];
  assert_vec (prim->positions + 6, 200, -5, 7);
  assert_vec (prim->max, 200, -5, 7);
  g_assert_cmpuint (scene->n_triangles, ==, 2);
}

static void
test_sparse (void)
{
  /* Base: the triangle; sparse: vertex 1 moves to (5, 0, 0). Second accessor
   * has no bufferView: zeros, vertex 2 set sparsely. */
  guint8 bin[44 + 4 + 12] = { 0 };
  guint16 sparse_index[2] = { 1, 0 };
  float sparse_value[3] = { 5, 0, 0 };
  g_autoptr(GBytes) glb = NULL;
  g_autoptr(AtelierGltfScene) scene = NULL;
  const AtelierGltfPrimitive *prim;

  memcpy (bin, triangle_positions, 36);
  memcpy (bin + 36, (guint16[3]) { 0, 1, 2 }, 6);
  memcpy (bin + 44, sparse_index, 4);
  memcpy (bin + 48, sparse_value, 12);

  glb = make_glb ("{" ASSET "\"buffers\":[{\"byteLength\":60}],"
                  "\"bufferViews\":[{\"buffer\":0,\"byteLength\":36},"
                  "{\"buffer\":0,\"byteOffset\":36,\"byteLength\":6},"
                  "{\"buffer\":0,\"byteOffset\":44,\"byteLength\":4},"
                  "{\"buffer\":0,\"byteOffset\":48,\"byteLength\":12}],"
                  "\"accessors\":["
                  "{\"bufferView\":0,\"componentType\":5126,\"count\":3,\"type\":\"VEC3\","
                  "\"sparse\":{\"count\":1,\"indices\":{\"bufferView\":2,\"componentType\":5123},"
                  "\"values\":{\"bufferView\":3}}},"
                  "{\"bufferView\":1,\"componentType\":5123,\"count\":3,\"type\":\"SCALAR\"},"
                  "{\"componentType\":5126,\"count\":3,\"type\":\"VEC3\","
                  "\"sparse\":{\"count\":1,\"indices\":{\"bufferView\":2,\"componentType\":5123,"
                  "\"byteOffset\":2},\"values\":{\"bufferView\":3}}}],"
                  "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0},\"indices\":1},"
                  "{\"attributes\":{\"POSITION\":2},\"mode\":0}]}],"
                  "\"nodes\":[{\"mesh\":0}],\"scenes\":[{\"nodes\":[0]}]}", bin, sizeof bin);
  scene = load_ok (glb, NULL);

  prim = &scene->meshes[0].primitives[0];
  assert_vec (prim->positions + 3, 5, 0, 0);
  assert_vec (prim->positions + 6, 0, 1, 0);
  prim = &scene->meshes[0].primitives[1];
  assert_vec (prim->positions + 0, 5, 0, 0);
  assert_vec (prim->positions + 3, 0, 0, 0);
  g_assert_null (prim->normals); /* points get no computed normals */
}

static void
test_modes (void)
{
  /* 5 vertices in a fan/strip. */
  float fan[15] = { 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, -1, 0.5f, 0 };
  float strip[15] = { 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0, 0, 2, 0 };
  guint expected[7] = { 0, 0, 0, 0, 1, 3, 3 };
  guint8 bin[60];

  for (guint mode = 0; mode <= 6; mode++)
    {
      g_autofree char *json = g_strdup_printf (
        "{" ASSET "\"buffers\":[{\"byteLength\":60}],"
        "\"bufferViews\":[{\"buffer\":0,\"byteLength\":60}],"
        "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":5,\"type\":\"VEC3\"}],"
        "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0},\"mode\":%u}]}],"
        "\"nodes\":[{\"mesh\":0}]}", mode);
      g_autoptr(GBytes) glb = NULL;
      g_autoptr(AtelierGltfScene) scene = NULL;
      const AtelierGltfPrimitive *prim;

      memcpy (bin, mode == ATELIER_GLTF_MODE_TRIANGLE_STRIP ? strip : fan, 60);
      glb = make_glb (json, bin, sizeof bin);
      scene = load_ok (glb, NULL);
      prim = &scene->meshes[0].primitives[0];

      g_assert_cmpint (prim->mode, ==, mode);
      g_assert_cmpuint (scene->n_triangles, ==, expected[mode]);
      /* No scenes at all: every root node is shown. */
      g_assert_cmpuint (scene->n_instances, ==, 1);
      if (mode >= 4)
        for (guint v = 0; v < 5; v++)
          g_assert_cmpfloat (prim->normals[v * 3 + 2], >, 0.99f);
      else
        g_assert_null (prim->normals);
    }
}

static void
test_data_uri_gltf (void)
{
  g_autoptr(GBytes) bin = triangle_bin ();
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (bin, NULL), g_bytes_get_size (bin));
  g_autofree char *json = g_strdup_printf (
    "{" ASSET "\"buffers\":[{\"byteLength\":44,\"uri\":\"data:application/gltf-buffer;base64,%s\"}],"
    "\"bufferViews\":[{\"buffer\":0,\"byteOffset\":0,\"byteLength\":36},"
    "{\"buffer\":0,\"byteOffset\":36,\"byteLength\":6}],"
    TRIANGLE_ACCESSORS TRIANGLE_MESH "}", b64);
  g_autoptr(GBytes) gltf = make_gltf (json);
  g_autoptr(AtelierGltfScene) scene = load_ok (gltf, NULL);

  g_assert_cmpmem (scene->meshes[0].primitives[0].positions, 36, triangle_positions, 36);
}

static void
test_external_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("atelier-gltf-XXXXXX", &error);
  g_autofree char *bin_path = g_build_filename (dir, "tri angle.bin", NULL);
  g_autofree char *gltf_path = g_build_filename (dir, "scene.gltf", NULL);
  g_autofree char *png_path = g_build_filename (dir, "tex.png", NULL);
  g_autoptr(GBytes) bin = triangle_bin ();
  g_autoptr(GBytes) png = encode_image ("png", 4, 2);
  g_autoptr(AtelierGltfScene) scene = NULL;
  const char *json =
    "{" ASSET "\"buffers\":[{\"byteLength\":44,\"uri\":\"tri%20angle.bin\"}],"
    "\"bufferViews\":[{\"buffer\":0,\"byteOffset\":0,\"byteLength\":36},"
    "{\"buffer\":0,\"byteOffset\":36,\"byteLength\":6}],"
    "\"images\":[{\"uri\":\"tex.png\"},{\"uri\":\"missing.png\"}],"
    "\"textures\":[{\"source\":0},{\"source\":1}],"
    TRIANGLE_ACCESSORS TRIANGLE_MESH "}";

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (bin_path, g_bytes_get_data (bin, NULL), 44, NULL));
  g_assert_true (g_file_set_contents (png_path, g_bytes_get_data (png, NULL),
                                      g_bytes_get_size (png), NULL));
  g_assert_true (g_file_set_contents (gltf_path, json, -1, NULL));

  scene = atelier_gltf_load_file (gltf_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (scene->meshes[0].primitives[0].positions, 36, triangle_positions, 36);
  g_assert_cmpint (scene->images[0].width, ==, 4);
  g_assert_nonnull (scene->images[0].pixels);
  /* A missing texture file does not hide the model. */
  g_assert_null (scene->images[1].pixels);
  g_assert_nonnull (scene->images[1].error);

  /* Without a base directory, external files are an error. */
  {
    g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
    g_autoptr(AtelierGltfScene) none = atelier_gltf_load_bytes (bytes, NULL, NULL, &error);

    g_assert_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_IO);
    g_assert_nonnull (strstr (error->message, "/buffers/0/uri"));
    g_clear_error (&error);
  }

  g_unlink (bin_path);
  g_unlink (png_path);
  g_unlink (gltf_path);
  g_rmdir (dir);
}

static void
test_hierarchy (void)
{
  /* Scene 1 is the default: node 1 (translate x+10, scale 2) → child node 2
   * (matrix translating y+1) → mesh. Scene 0 only holds node 0. */
  g_autoptr(GBytes) glb = triangle_glb_with (
    "{" ASSET TRIANGLE_BUFFERS TRIANGLE_ACCESSORS
    "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0},\"indices\":1}]}],"
    "\"nodes\":[{\"mesh\":0},"
    "{\"translation\":[10,0,0],\"scale\":[2,2,2],\"rotation\":[0,0,0,1],\"children\":[2]},"
    "{\"matrix\":[1,0,0,0, 0,1,0,0, 0,0,1,0, 0,1,0,1],\"mesh\":0}],"
    "\"scenes\":[{\"nodes\":[0]},{\"nodes\":[1]}],\"scene\":1}");
  g_autoptr(AtelierGltfScene) scene = load_ok (glb, NULL);
  const float *w;

  g_assert_cmpuint (scene->n_scenes, ==, 2);
  g_assert_cmpuint (scene->n_instances, ==, 1);
  g_assert_cmpint (scene->instances[0].node, ==, 2);
  w = scene->instances[0].world;
  g_assert_cmpfloat (w[0], ==, 2.0f);
  assert_vec (w + 12, 10, 2, 0);
  assert_vec (scene->min, 10, 2, 0);
  assert_vec (scene->max, 12, 4, 0);
}

static void
test_rotation (void)
{
  /* 90° about Z: x → y. */
  g_autoptr(GBytes) glb = triangle_glb_with (
    "{" ASSET TRIANGLE_BUFFERS TRIANGLE_ACCESSORS
    "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0},\"indices\":1}]}],"
    "\"nodes\":[{\"mesh\":0,\"rotation\":[0,0,0.70710678,0.70710678]}]}");
  g_autoptr(AtelierGltfScene) scene = load_ok (glb, NULL);

  assert_vec (scene->instances[0].world, 0, 1, 0);
  assert_vec (scene->min, -1, 0, 0);
  assert_vec (scene->max, 0, 1, 0);
}

static GBytes *
textured_glb (const char *format,
              const char *declared_mime,
              const char *extra_json)
{
  g_autoptr(GBytes) image = encode_image (format, 8, 4);
  GByteArray *bin = g_byte_array_new ();
  float uv[6] = { 0, 0, 1, 0, 0, 1 };
  g_autofree char *json = NULL;
  GBytes *glb;
  gsize image_size = g_bytes_get_size (image);

  g_byte_array_append (bin, (const guint8 *) triangle_positions, 36);
  g_byte_array_append (bin, (const guint8 *) (guint16[4]) { 0, 1, 2, 0 }, 8);
  g_byte_array_append (bin, (const guint8 *) uv, 24);
  g_byte_array_append (bin, g_bytes_get_data (image, NULL), image_size);

  json = g_strdup_printf (
    "{" ASSET "%s"
    "\"buffers\":[{\"byteLength\":%u}],"
    "\"bufferViews\":[{\"buffer\":0,\"byteLength\":36},{\"buffer\":0,\"byteOffset\":36,"
    "\"byteLength\":6},{\"buffer\":0,\"byteOffset\":44,\"byteLength\":24},"
    "{\"buffer\":0,\"byteOffset\":68,\"byteLength\":%u}],"
    "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":3,\"type\":\"VEC3\"},"
    "{\"bufferView\":1,\"componentType\":5123,\"count\":3,\"type\":\"SCALAR\"},"
    "{\"bufferView\":2,\"componentType\":5126,\"count\":3,\"type\":\"VEC2\"}],"
    "\"images\":[{\"bufferView\":3,\"mimeType\":\"%s\"}],"
    "\"samplers\":[{\"magFilter\":9728,\"minFilter\":9987,\"wrapS\":33071}],"
    "\"materials\":[{\"name\":\"m\",\"pbrMetallicRoughness\":{\"baseColorFactor\":[0.5,0.5,0.5,1],"
    "\"metallicFactor\":0,\"roughnessFactor\":0.25,"
    "\"baseColorTexture\":{\"index\":0,\"extensions\":{\"KHR_texture_transform\":"
    "{\"offset\":[0.5,0.25],\"rotation\":1.5,\"scale\":[2,3]}}}},"
    "\"normalTexture\":{\"index\":0,\"scale\":0.5},\"occlusionTexture\":{\"index\":0,"
    "\"strength\":0.75},\"emissiveFactor\":[1,0.5,0],\"emissiveTexture\":{\"index\":0},"
    "\"alphaMode\":\"MASK\",\"alphaCutoff\":0.3,\"doubleSided\":true,"
    "\"extensions\":{\"KHR_materials_emissive_strength\":{\"emissiveStrength\":4},"
    "\"KHR_materials_unlit\":{}}}],"
    "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0,\"TEXCOORD_0\":2},"
    "\"indices\":1,\"material\":0}]}],\"nodes\":[{\"mesh\":0}],\"scenes\":[{\"nodes\":[0]}]}",
    extra_json, 68 + (guint) image_size, (guint) image_size, declared_mime);

  glb = make_glb (json, bin->data, bin->len);
  g_byte_array_unref (bin);
  return glb;
}

static void
check_textured (const char *format,
                const char *declared_mime,
                const char *extra_json,
                const char *textures_json)
{
  g_autofree char *extra = g_strconcat (extra_json, NULL);
  g_autoptr(GBytes) glb = NULL;
  g_autoptr(AtelierGltfScene) scene = NULL;
  g_autofree char *expected_mime = g_strconcat ("image/", format, NULL);
  const AtelierGltfMaterial *m;
  const AtelierGltfPrimitive *prim;
  g_autofree char *full_extra = g_strconcat (extra, *textures_json ? textures_json
                                                    : "\"textures\":[{\"source\":0,\"sampler\":0}],",
                                             NULL);

  glb = textured_glb (format, declared_mime, full_extra);
  scene = load_ok (glb, NULL);

  g_assert_cmpuint (scene->n_images, ==, 1);
  g_assert_cmpstr (scene->images[0].mime_type, ==, expected_mime);
  g_assert_null (scene->images[0].error);
  g_assert_cmpint (scene->images[0].width, ==, 8);
  g_assert_cmpint (scene->images[0].height, ==, 4);
  g_assert_nonnull (scene->images[0].pixels);
  g_assert_cmpuint (scene->images[0].pixels[3], ==, 255);
  g_assert_cmpuint (scene->images[0].pixels[0], >, 200);

  g_assert_cmpuint (scene->n_textures, ==, 1);
  g_assert_cmpint (scene->textures[0].image, ==, 0);
  g_assert_cmpint (scene->textures[0].sampler, ==, 0);
  g_assert_cmpuint (scene->samplers[0].mag_filter, ==, 9728);
  g_assert_cmpuint (scene->samplers[0].wrap_s, ==, 33071);
  g_assert_cmpuint (scene->samplers[0].wrap_t, ==, 10497);

  m = &scene->materials[0];
  g_assert_cmpstr (m->name, ==, "m");
  g_assert_cmpfloat (m->base_color_factor[0], ==, 0.5f);
  g_assert_cmpfloat (m->metallic_factor, ==, 0.0f);
  g_assert_cmpfloat (m->roughness_factor, ==, 0.25f);
  g_assert_cmpint (m->base_color.texture, ==, 0);
  g_assert_cmpfloat (m->base_color.offset[0], ==, 0.5f);
  g_assert_cmpfloat (m->base_color.rotation, ==, 1.5f);
  g_assert_cmpfloat (m->base_color.uv_scale[1], ==, 3.0f);
  g_assert_cmpint (m->metallic_roughness.texture, ==, -1);
  g_assert_cmpfloat (m->normal.scale, ==, 0.5f);
  g_assert_cmpfloat (m->occlusion.scale, ==, 0.75f);
  g_assert_cmpfloat (m->emissive_factor[1], ==, 0.5f);
  g_assert_cmpfloat (m->emissive_strength, ==, 4.0f);
  g_assert_cmpint (m->alpha_mode, ==, ATELIER_GLTF_ALPHA_MASK);
  g_assert_cmpfloat (m->alpha_cutoff, ==, 0.3f);
  g_assert_true (m->double_sided);
  g_assert_true (m->unlit);

  /* A normal map without TANGENT: tangents are generated along +U. */
  prim = &scene->meshes[0].primitives[0];
  g_assert_nonnull (prim->tangents);
  assert_vec (prim->tangents, 1, 0, 0);
  g_assert_cmpfloat (fabsf (prim->tangents[3]), ==, 1.0f);
}

static void
test_textures (void)
{
  /* Declared types lie: only the magic bytes count. */
  check_textured ("png", "image/jpeg", "", "");
  check_textured ("jpeg", "image/png", "", "");
}

static void
test_texture_webp (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("webp", &error);

  if (loader == NULL)
    {
      g_test_skip ("webp-pixbuf-loader is not installed");
      return;
    }
  gdk_pixbuf_loader_close (loader, NULL);

  check_textured ("webp", "image/webp",
                  "\"extensionsUsed\":[\"EXT_texture_webp\"],"
                  "\"extensionsRequired\":[\"EXT_texture_webp\"],",
                  "\"textures\":[{\"sampler\":0,\"extensions\":{\"EXT_texture_webp\":{\"source\":0}}}],");
}

/* A normal map on the second UV set (chosen by KHR_texture_transform's
 * texCoord override): tangents follow TEXCOORD_1. */
static void
test_tangents_uv1 (void)
{
  float uv0[6] = { 0, 0, 1, 0, 0, 1 };
  float uv1[6] = { 0, 0, 0, 1, -1, 0 };
  guint8 bin[44 + 48];
  g_autoptr(GBytes) glb = NULL;
  g_autoptr(AtelierGltfScene) scene = NULL;
  const AtelierGltfPrimitive *prim;
  const AtelierGltfMaterial *m;

  memcpy (bin, triangle_positions, 36);
  memcpy (bin + 36, (guint16[4]) { 0, 1, 2, 0 }, 8);
  memcpy (bin + 44, uv0, 24);
  memcpy (bin + 68, uv1, 24);
  glb = make_glb ("{" ASSET "\"buffers\":[{\"byteLength\":92}],"
                  "\"bufferViews\":[{\"buffer\":0,\"byteLength\":36},"
                  "{\"buffer\":0,\"byteOffset\":36,\"byteLength\":6},"
                  "{\"buffer\":0,\"byteOffset\":44,\"byteLength\":48}],"
                  "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":3,\"type\":\"VEC3\"},"
                  "{\"bufferView\":1,\"componentType\":5123,\"count\":3,\"type\":\"SCALAR\"},"
                  "{\"bufferView\":2,\"componentType\":5126,\"count\":3,\"type\":\"VEC2\"},"
                  "{\"bufferView\":2,\"byteOffset\":24,\"componentType\":5126,\"count\":3,"
                  "\"type\":\"VEC2\"}],"
                  "\"images\":[{\"uri\":\"data:image/png;base64,AAAA\"}],\"textures\":[{\"source\":0}],"
                  "\"materials\":[{\"normalTexture\":{\"index\":0,\"extensions\":"
                  "{\"KHR_texture_transform\":{\"texCoord\":1}}}}],"
                  "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0,\"TEXCOORD_0\":2,"
                  "\"TEXCOORD_1\":3},\"indices\":1,\"material\":0}]}],\"nodes\":[{\"mesh\":0}]}",
                  bin, sizeof bin);
  scene = load_ok (glb, NULL);
  m = &scene->materials[0];
  g_assert_cmpint (m->normal.texcoord, ==, 1);
  prim = &scene->meshes[0].primitives[0];
  g_assert_nonnull (prim->texcoords1);
  g_assert_cmpfloat (prim->texcoords1[3], ==, 1.0f);
  g_assert_nonnull (prim->tangents);
  /* On UV set 1, U grows along -Y (it would be +X on set 0). */
  assert_vec (prim->tangents, 0, -1, 0);
}

/* What services send: a data: URI declaring PNG that holds JPEG bytes. */
static void
test_data_uri_image (void)
{
  g_autoptr(GBytes) jpeg = encode_image ("jpeg", 16, 8);
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  g_autofree char *json = g_strdup_printf ("{" ASSET "\"images\":[{\"uri\":\"data:image/png;base64,%s\"}],"
                                           "\"textures\":[{\"source\":0}]}", b64);
  g_autoptr(GBytes) gltf = make_gltf (json);
  g_autoptr(AtelierGltfScene) scene = load_ok (gltf, NULL);

  g_assert_cmpstr (scene->images[0].mime_type, ==, "image/jpeg");
  g_assert_cmpint (scene->images[0].width, ==, 16);
  g_assert_cmpint (scene->images[0].height, ==, 8);
  g_assert_nonnull (scene->images[0].pixels);
  g_assert_cmpuint (scene->images[0].pixels[3], ==, 255);
  g_assert_cmpuint (scene->n_meshes, ==, 0);
}

static void
test_unlit_defaults (void)
{
  g_autoptr(GBytes) glb = triangle_glb_with (
    "{" ASSET TRIANGLE_BUFFERS TRIANGLE_ACCESSORS "\"materials\":[{}],"
    "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0},\"indices\":1,\"material\":0}]}],"
    "\"nodes\":[{\"mesh\":0}]}");
  g_autoptr(AtelierGltfScene) scene = load_ok (glb, NULL);
  const AtelierGltfMaterial *m = &scene->materials[0];

  /* glTF defaults: fully metallic and rough, white, opaque. */
  g_assert_cmpfloat (m->metallic_factor, ==, 1.0f);
  g_assert_cmpfloat (m->roughness_factor, ==, 1.0f);
  g_assert_cmpfloat (m->base_color_factor[3], ==, 1.0f);
  g_assert_cmpfloat (m->emissive_strength, ==, 1.0f);
  g_assert_cmpint (m->alpha_mode, ==, ATELIER_GLTF_ALPHA_OPAQUE);
  g_assert_cmpfloat (m->alpha_cutoff, ==, 0.5f);
  g_assert_cmpint (m->base_color.texture, ==, -1);
  g_assert_false (m->unlit);
  g_assert_false (m->double_sided);
}

/* EXT_meshopt_compression, encoded here with libmeshoptimizer's encoder. */
static void
test_meshopt (void)
{
#ifdef HAVE_MESHOPT
  static const float quad[12] = { 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0 };
  static const unsigned int idx[6] = { 0, 1, 2, 0, 2, 3 };
  guint8 bin[1024] = { 0 };
  gsize vlen, ilen, ioff;
  g_autofree char *json = NULL;
  g_autoptr(GBytes) glb = NULL;
  g_autoptr(AtelierGltfScene) scene = NULL;
  const AtelierGltfPrimitive *prim;

  vlen = meshopt_encodeVertexBuffer (bin, 512, quad, 4, 12);
  g_assert_cmpuint (vlen, >, 0);
  ioff = (vlen + 3) & ~(gsize) 3;
  ilen = meshopt_encodeIndexBuffer (bin + ioff, sizeof bin - ioff, idx, 6);
  g_assert_cmpuint (ilen, >, 0);

  json = g_strdup_printf (
    "{" ASSET "\"extensionsUsed\":[\"EXT_meshopt_compression\"],"
    "\"extensionsRequired\":[\"EXT_meshopt_compression\"],"
    "\"buffers\":[{\"byteLength\":%zu},{\"byteLength\":72,"
    "\"extensions\":{\"EXT_meshopt_compression\":{\"fallback\":true}}}],"
    "\"bufferViews\":["
    "{\"buffer\":1,\"byteLength\":48,\"byteStride\":12,\"extensions\":{\"EXT_meshopt_compression\":"
    "{\"buffer\":0,\"byteLength\":%zu,\"byteStride\":12,\"count\":4,\"mode\":\"ATTRIBUTES\"}}},"
    "{\"buffer\":1,\"byteOffset\":48,\"byteLength\":24,\"extensions\":{\"EXT_meshopt_compression\":"
    "{\"buffer\":0,\"byteOffset\":%zu,\"byteLength\":%zu,\"byteStride\":4,\"count\":6,"
    "\"mode\":\"TRIANGLES\"}}}],"
    "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":4,\"type\":\"VEC3\"},"
    "{\"bufferView\":1,\"componentType\":5125,\"count\":6,\"type\":\"SCALAR\"}],"
    TRIANGLE_MESH "}", ioff + ilen, vlen, ioff, ilen);
  glb = make_glb (json, bin, ioff + ilen);
  scene = load_ok (glb, NULL);

  prim = &scene->meshes[0].primitives[0];
  g_assert_cmpmem (prim->positions, sizeof quad, quad, sizeof quad);
  g_assert_cmpuint (prim->index_count, ==, 6);
  g_assert_cmpmem (prim->indices, sizeof idx, idx, sizeof idx);
  g_assert_cmpuint (scene->n_triangles, ==, 2);
#else
  g_test_skip ("built without libmeshoptimizer");
#endif
}

/* Accessors larger than the loader's 4 MiB copy chunks, read from a file
 * (where consumed pages are dropped as it goes): every element must arrive. */
static void
test_large_accessors (void)
{
  const guint32 n = 300000, n_idx = 1200000;
  gsize vsize = (gsize) n * 20, isize = (gsize) n_idx * 4;
  g_autofree guint8 *bin = g_malloc (vsize + isize);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("atelier-gltf-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "large.glb", NULL);
  g_autofree char *json = NULL;
  g_autoptr(GBytes) glb = NULL;
  g_autoptr(AtelierGltfScene) scene = NULL;
  const AtelierGltfPrimitive *prim;

  for (guint32 i = 0; i < n; i++)
    {
      float v[5] = { i, 2.0f * i, 3.0f * i, 0.5f * i, 1.0f };
      memcpy (bin + (gsize) i * 20, v, sizeof v);
    }
  for (guint32 i = 0; i < n_idx; i++)
    {
      guint32 v = (i * 7u) % n;
      memcpy (bin + vsize + (gsize) i * 4, &v, 4);
    }

  json = g_strdup_printf (
    "{" ASSET "\"buffers\":[{\"byteLength\":%zu}],"
    "\"bufferViews\":[{\"buffer\":0,\"byteLength\":%zu,\"byteStride\":20},"
    "{\"buffer\":0,\"byteOffset\":%zu,\"byteLength\":%zu}],"
    "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":%u,\"type\":\"VEC3\"},"
    "{\"bufferView\":0,\"byteOffset\":12,\"componentType\":5126,\"count\":%u,\"type\":\"VEC2\"},"
    "{\"bufferView\":1,\"componentType\":5125,\"count\":%u,\"type\":\"SCALAR\"}],"
    "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0,\"TEXCOORD_0\":1},"
    "\"indices\":2,\"mode\":1}]}],\"nodes\":[{\"mesh\":0}]}",
    vsize + isize, vsize, vsize, isize, n, n, n_idx);
  {
    /* Not a seed: too big for the fuzzer. */
    char *seeds = g_steal_pointer (&fixture_seed_dir);
    glb = make_glb (json, bin, vsize + isize);
    fixture_seed_dir = seeds;
  }
  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (glb, NULL), g_bytes_get_size (glb),
                                      &error));

  scene = atelier_gltf_load_file (path, NULL, &error);
  g_assert_no_error (error);
  prim = &scene->meshes[0].primitives[0];
  g_assert_cmpuint (prim->vertex_count, ==, n);
  for (guint32 i = 0; i < n; i++)
    {
      g_assert_cmpfloat (prim->positions[(gsize) i * 3 + 2], ==, 3.0f * i);
      g_assert_cmpfloat (prim->texcoords0[(gsize) i * 2], ==, 0.5f * i);
    }
  for (guint32 i = 0; i < n_idx; i++)
    g_assert_cmpuint (prim->indices[i], ==, (i * 7u) % n);
  assert_vec (prim->max, n - 1, 2.0f * (n - 1), 3.0f * (n - 1));

  g_unlink (path);
  g_rmdir (dir);
}

typedef struct
{
  GMainLoop        *loop;
  AtelierGltfScene *scene;
  GError           *error;
  double            last_progress;
  guint             n_progress;
} AsyncState;

static void
on_progress (double   fraction,
             gpointer user_data)
{
  AsyncState *state = user_data;

  /* Delivered on the caller's context, not in the worker. */
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_assert_cmpfloat (fraction, >=, state->last_progress);
  state->last_progress = fraction;
  state->n_progress++;
}

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;

  state->scene = atelier_gltf_load_finish (result, &state->error);
  g_main_loop_quit (state->loop);
}

static void
test_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) glb = textured_glb ("png", "image/png", "\"textures\":[{\"source\":0}],");
  g_autofree char *dir = g_dir_make_tmp ("atelier-gltf-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "model.glb", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncState state = { g_main_loop_new (NULL, FALSE) };

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (glb, NULL), g_bytes_get_size (glb),
                                      NULL));

  atelier_gltf_load_async (file, on_progress, &state, NULL, on_loaded, &state);
  g_main_loop_run (state.loop);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.scene);
  g_assert_nonnull (state.scene->images[0].pixels);
  g_assert_cmpuint (state.n_progress, >, 0);
  g_clear_pointer (&state.scene, atelier_gltf_scene_free);

  /* Cancelled before it starts: the result is a cancellation error. */
  g_cancellable_cancel (cancellable);
  atelier_gltf_load_async (file, NULL, NULL, cancellable, on_loaded, &state);
  g_main_loop_run (state.loop);
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (state.scene);
  g_clear_error (&state.error);

  /* Errors arrive through finish too. */
  {
    g_autofree char *missing = g_build_filename (dir, "missing.glb", NULL);
    g_autoptr(GFile) none = g_file_new_for_path (missing);

    atelier_gltf_load_async (none, NULL, NULL, NULL, on_loaded, &state);
    g_main_loop_run (state.loop);
    g_assert_error (state.error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_IO);
    g_clear_error (&state.error);
  }

  g_main_loop_unref (state.loop);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--write-seeds") && i + 1 < argc)
      {
        fixture_seed_dir = g_strdup (argv[i + 1]);
        g_mkdir_with_parents (fixture_seed_dir, 0755);
        for (int k = i; k + 2 <= argc; k++)
          argv[k] = argv[k + 2];
        argc -= 2;
        break;
      }

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gltf/loader/triangle", test_triangle);
  g_test_add_func ("/gltf/loader/normals-area-weighted", test_normals_area_weighted);
  g_test_add_func ("/gltf/loader/index-types", test_index_types);
  g_test_add_func ("/gltf/loader/interleaved-normalized", test_interleaved_and_normalized);
  g_test_add_func ("/gltf/loader/sparse", test_sparse);
  g_test_add_func ("/gltf/loader/modes", test_modes);
  g_test_add_func ("/gltf/loader/data-uri", test_data_uri_gltf);
  g_test_add_func ("/gltf/loader/external-files", test_external_files);
  g_test_add_func ("/gltf/loader/hierarchy", test_hierarchy);
  g_test_add_func ("/gltf/loader/rotation", test_rotation);
  g_test_add_func ("/gltf/loader/textures", test_textures);
  g_test_add_func ("/gltf/loader/texture-webp", test_texture_webp);
  g_test_add_func ("/gltf/loader/data-uri-image", test_data_uri_image);
  g_test_add_func ("/gltf/loader/tangents-uv1", test_tangents_uv1);
  g_test_add_func ("/gltf/loader/material-defaults", test_unlit_defaults);
  g_test_add_func ("/gltf/loader/meshopt", test_meshopt);
  g_test_add_func ("/gltf/loader/large-accessors", test_large_accessors);
  g_test_add_func ("/gltf/loader/async", test_async);
  return g_test_run ();
}
