/* test-gltf-hostile.c: corrupt and malicious inputs end in clear errors
 *
 * Every case must fail with the expected error code and a message naming the
 * problem (with its JSON pointer where there is one), never crash. (Inputs
 * that crash tests/fuzz/ belong here as regressions; none has so far.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gltf-fixtures.h"
#include "image-fixtures.h"

static void
expect_error (GBytes                  *bytes,
              const AtelierGltfLimits *limits,
              AtelierGltfError         code,
              const char              *substring)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierGltfScene) scene = atelier_gltf_load_bytes (bytes, NULL, limits, &error);

  g_assert_null (scene);
  g_assert_error (error, ATELIER_GLTF_ERROR, (int) code);
  if (substring != NULL && strstr (error->message, substring) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, substring);
}

static void
expect_json_error (const char       *json,
                   AtelierGltfError  code,
                   const char       *substring)
{
  g_autoptr(GBytes) glb = triangle_glb_with (json);

  expect_error (glb, NULL, code, substring);
}

static GBytes *
valid_triangle (void)
{
  return triangle_glb_with ("{" ASSET TRIANGLE_BUFFERS TRIANGLE_ACCESSORS TRIANGLE_MESH "}");
}

static void
patch_u32 (guint8 *data,
           gsize   offset,
           guint32 v)
{
  data[offset] = v & 0xFF;
  data[offset + 1] = (v >> 8) & 0xFF;
  data[offset + 2] = (v >> 16) & 0xFF;
  data[offset + 3] = v >> 24;
}

static GBytes *
patched (GBytes *bytes,
         gsize   offset,
         guint32 value)
{
  gsize n;
  guint8 *copy = g_memdup2 (g_bytes_get_data (bytes, &n), g_bytes_get_size (bytes));
  GBytes *result;

  patch_u32 (copy, offset, value);
  result = g_bytes_new_take (copy, n);
  fixture_save_seed (result, "glb");
  return result;
}

static void
test_container (void)
{
  g_autoptr(GBytes) good = valid_triangle ();
  gsize json_length = ((const guint8 *) g_bytes_get_data (good, NULL))[12] |
                      (((const guint8 *) g_bytes_get_data (good, NULL))[13] << 8);
  g_autoptr(GBytes) magic = patched (good, 0, 0x12345678);
  g_autoptr(GBytes) version = patched (good, 4, 1);
  g_autoptr(GBytes) too_long = patched (good, 8, g_bytes_get_size (good) + 4);
  g_autoptr(GBytes) too_small = patched (good, 8, 12);
  g_autoptr(GBytes) chunk_overflow = patched (good, 12, 0xFFFFFFFC);
  g_autoptr(GBytes) unaligned = patched (good, 12, json_length - 1);
  g_autoptr(GBytes) bin_first = patched (good, 16, 0x004E4942);
  g_autoptr(GBytes) bin_overflow = patched (good, 20 + json_length, 0xFFFFFFF0);
  g_autoptr(GBytes) two_json = patched (good, 24 + json_length, 0x4E4F534A);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) header_only = g_bytes_new_static ("glTF\2\0\0\0\14\0\0\0", 12);

  expect_error (magic, NULL, ATELIER_GLTF_ERROR_JSON, NULL); /* not a GLB: parsed as JSON */
  expect_error (version, NULL, ATELIER_GLTF_ERROR_CONTAINER, "version");
  expect_error (too_long, NULL, ATELIER_GLTF_ERROR_CONTAINER, "truncated");
  expect_error (too_small, NULL, ATELIER_GLTF_ERROR_CONTAINER, "too small");
  expect_error (chunk_overflow, NULL, ATELIER_GLTF_ERROR_CONTAINER, "does not fit");
  expect_error (unaligned, NULL, ATELIER_GLTF_ERROR_CONTAINER, "aligned");
  expect_error (bin_first, NULL, ATELIER_GLTF_ERROR_CONTAINER, "first chunk");
  expect_error (bin_overflow, NULL, ATELIER_GLTF_ERROR_CONTAINER, "does not fit");
  expect_error (two_json, NULL, ATELIER_GLTF_ERROR_CONTAINER, "duplicate");
  expect_error (empty, NULL, ATELIER_GLTF_ERROR_JSON, NULL);
  expect_error (header_only, NULL, ATELIER_GLTF_ERROR_CONTAINER, NULL);
}

/* Every prefix of a valid file fails cleanly. */
static void
test_truncated (void)
{
  g_autoptr(GBytes) good = valid_triangle ();
  gsize n;
  const guint8 *data = g_bytes_get_data (good, &n);

  for (gsize len = 0; len < n; len++)
    {
      g_autofree guint8 *copy = g_memdup2 (data, len);
      g_autoptr(GBytes) prefix = g_bytes_new_static (copy, len);
      g_autoptr(GError) error = NULL;
      g_autoptr(AtelierGltfScene) scene = atelier_gltf_load_bytes (prefix, NULL, NULL, &error);

      g_assert_null (scene);
      g_assert_nonnull (error);
      g_assert_cmpuint (strlen (error->message), >, 0);
    }
}

static void
test_json (void)
{
  g_autoptr(GBytes) syntax = make_gltf ("{\"asset\":{\"version\":\"2.0\"},");
  g_autoptr(GBytes) array = make_gltf ("[1,2,3]");
  g_autoptr(GBytes) bom = make_gltf ("\xEF\xBB\xBF{\"asset\":{\"version\":\"2.0\"}}");
  g_autoptr(GBytes) utf8 = make_gltf ("{\"asset\":{\"version\":\"2.0\"},\"x\":\"\xFF\xFE\"}");
  g_autoptr(GString) deep = g_string_new ("{\"asset\":{\"version\":\"2.0\"},\"extras\":");
  g_autoptr(GBytes) deep_bytes = NULL;

  expect_error (syntax, NULL, ATELIER_GLTF_ERROR_JSON, "invalid JSON");
  expect_error (array, NULL, ATELIER_GLTF_ERROR_JSON, "not a JSON object");
  expect_error (bom, NULL, ATELIER_GLTF_ERROR_JSON, "byte order mark");
  expect_error (utf8, NULL, ATELIER_GLTF_ERROR_JSON, "UTF-8");

  /* Deep nesting would exhaust the stack of a recursive parser. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  deep_bytes = make_gltf (deep->str);
  expect_error (deep_bytes, NULL, ATELIER_GLTF_ERROR_JSON, "nested");

  /* Wrong types, with their JSON pointers. */
  expect_json_error ("{" ASSET "\"buffers\":{}," TRIANGLE_ACCESSORS TRIANGLE_MESH "}",
                     ATELIER_GLTF_ERROR_JSON, "/buffers: expected an array, found an object");
  expect_json_error ("{" ASSET TRIANGLE_BUFFERS
                     "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":\"3\","
                     "\"type\":\"VEC3\"}]," TRIANGLE_MESH "}",
                     ATELIER_GLTF_ERROR_JSON, "/accessors/0/count: expected an integer");
  expect_json_error ("{" ASSET TRIANGLE_BUFFERS
                     "\"accessors\":[{\"bufferView\":0.5,\"componentType\":5126,\"count\":3,"
                     "\"type\":\"VEC3\"}]," TRIANGLE_MESH "}",
                     ATELIER_GLTF_ERROR_JSON, "/accessors/0/bufferView");
  expect_json_error ("{" ASSET TRIANGLE_BUFFERS TRIANGLE_ACCESSORS
                     "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0},"
                     "\"indices\":1}]}],\"nodes\":[{\"mesh\":0,\"matrix\":[1,2,3]}]}",
                     ATELIER_GLTF_ERROR_JSON, "/nodes/0/matrix: expected 16 numbers");
  expect_json_error ("{" ASSET TRIANGLE_BUFFERS TRIANGLE_ACCESSORS
                     "\"meshes\":[{\"primitives\":[7]}]}",
                     ATELIER_GLTF_ERROR_JSON, "/meshes/0/primitives/0: expected an object");
  expect_json_error ("{\"asset\":{\"version\":\"3.0\"}}", ATELIER_GLTF_ERROR_UNSUPPORTED,
                     "/asset/version");
  expect_json_error ("{}", ATELIER_GLTF_ERROR_JSON, "/asset: required property is missing");
}

static void
test_indices_out_of_range (void)
{
  /* An index into the accessors array that does not exist. */
  expect_json_error ("{" ASSET TRIANGLE_BUFFERS TRIANGLE_ACCESSORS
                     "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":7}}]}]}",
                     ATELIER_GLTF_ERROR_INDEX, "/meshes/0/primitives/0/attributes/POSITION");
  expect_json_error ("{" ASSET TRIANGLE_BUFFERS TRIANGLE_ACCESSORS
                     "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":-1}}]}]}",
                     ATELIER_GLTF_ERROR_INDEX, "out of range");
  expect_json_error ("{" ASSET TRIANGLE_BUFFERS TRIANGLE_ACCESSORS TRIANGLE_MESH
                     ",\"materials\":[{\"normalTexture\":{\"index\":3}}]}",
                     ATELIER_GLTF_ERROR_INDEX, "/materials/0/normalTexture/index");
  expect_json_error ("{" ASSET TRIANGLE_BUFFERS TRIANGLE_ACCESSORS
                     "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0}}]}],"
                     "\"nodes\":[{\"mesh\":0}],\"scenes\":[{\"nodes\":[0]}],\"scene\":4}",
                     ATELIER_GLTF_ERROR_INDEX, "/scene");
}

/* An index value at or above the vertex count would read past the arrays. */
static void
test_index_value (void)
{
  guint8 bin[44] = { 0 };
  guint16 idx[3] = { 0, 1, 3 };
  g_autoptr(GBytes) glb = NULL;

  memcpy (bin, triangle_positions, 36);
  memcpy (bin + 36, idx, 6);
  glb = make_glb ("{" ASSET TRIANGLE_BUFFERS TRIANGLE_ACCESSORS TRIANGLE_MESH "}", bin, 44);
  expect_error (glb, NULL, ATELIER_GLTF_ERROR_INDEX,
                "/meshes/0/primitives/0/indices: index value 3 is not below the vertex count 3");
}

static void
test_bounds (void)
{
  /* Accessor reaching past its bufferView. */
  expect_json_error ("{" ASSET TRIANGLE_BUFFERS
                     "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":4,"
                     "\"type\":\"VEC3\"}]," TRIANGLE_MESH "}",
                     ATELIER_GLTF_ERROR_BOUNDS, "/accessors/0");
  /* byteOffset near 2^64: the sum must not wrap around. */
  expect_json_error ("{" ASSET TRIANGLE_BUFFERS
                     "\"accessors\":[{\"bufferView\":0,\"byteOffset\":18446744073709551612,"
                     "\"componentType\":5126,\"count\":3,\"type\":\"VEC3\"}]}",
                     ATELIER_GLTF_ERROR_JSON, "/accessors/0/byteOffset");
  expect_json_error ("{" ASSET TRIANGLE_BUFFERS
                     "\"accessors\":[{\"bufferView\":0,\"byteOffset\":9223372036854775800,"
                     "\"componentType\":5126,\"count\":3,\"type\":\"VEC3\"}]}",
                     ATELIER_GLTF_ERROR_BOUNDS, "/accessors/0");
  /* bufferView past its buffer, and a buffer longer than the BIN chunk. */
  expect_json_error ("{" ASSET "\"buffers\":[{\"byteLength\":44}],"
                     "\"bufferViews\":[{\"buffer\":0,\"byteOffset\":40,\"byteLength\":8}]}",
                     ATELIER_GLTF_ERROR_BOUNDS, "/bufferViews/0");
  expect_json_error ("{" ASSET "\"buffers\":[{\"byteLength\":4400}]}",
                     ATELIER_GLTF_ERROR_BOUNDS, "/buffers/0");
  /* Stride smaller than an element. */
  expect_json_error ("{" ASSET "\"buffers\":[{\"byteLength\":44}],"
                     "\"bufferViews\":[{\"buffer\":0,\"byteLength\":36,\"byteStride\":4}],"
                     "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":3,"
                     "\"type\":\"VEC3\"}]}",
                     ATELIER_GLTF_ERROR_BOUNDS, "smaller than the element size");
  /* Misaligned float accessor. */
  expect_json_error ("{" ASSET TRIANGLE_BUFFERS
                     "\"accessors\":[{\"bufferView\":0,\"byteOffset\":2,\"componentType\":5126,"
                     "\"count\":2,\"type\":\"VEC3\"}]}",
                     ATELIER_GLTF_ERROR_BOUNDS, "aligned");
  /* Sparse indices pointing past the accessor. */
  {
    guint8 bin[52] = { 0 };
    g_autoptr(GBytes) glb = NULL;

    memcpy (bin, triangle_positions, 36);
    bin[40] = 9; /* sparse index 9 of 3 */
    glb = make_glb ("{" ASSET "\"buffers\":[{\"byteLength\":52}],"
                    "\"bufferViews\":[{\"buffer\":0,\"byteLength\":36},"
                    "{\"buffer\":0,\"byteOffset\":40,\"byteLength\":12}],"
                    "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":3,"
                    "\"type\":\"VEC3\",\"sparse\":{\"count\":1,\"indices\":{\"bufferView\":1,"
                    "\"componentType\":5121},\"values\":{\"bufferView\":0}}}],"
                    "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0}}]}]}",
                    bin, sizeof bin);
    expect_error (glb, NULL, ATELIER_GLTF_ERROR_INDEX, "/accessors/0/sparse/indices");
  }
}

static void
test_node_graph (void)
{
  const char *cycle = "{" ASSET TRIANGLE_BUFFERS TRIANGLE_ACCESSORS
    "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0}}]}],"
    "\"nodes\":[{\"mesh\":0},{\"children\":[2]},{\"children\":[3]},{\"children\":[1]}],"
    "\"scenes\":[{\"nodes\":[0]}]}";
  const char *self = "{" ASSET "\"nodes\":[{\"children\":[0]}]}";
  const char *two_parents = "{" ASSET "\"nodes\":[{\"children\":[2]},{\"children\":[2]},{}]}";
  const char *non_root = "{" ASSET "\"nodes\":[{\"children\":[1]},{}],"
    "\"scenes\":[{\"nodes\":[1]}]}";

  expect_json_error (cycle, ATELIER_GLTF_ERROR_INDEX, "cycle");
  expect_json_error (self, ATELIER_GLTF_ERROR_INDEX, "/nodes/0/children/0");
  expect_json_error (two_parents, ATELIER_GLTF_ERROR_INDEX, "/nodes/1/children/0");
  expect_json_error (non_root, ATELIER_GLTF_ERROR_INDEX, "not a root");
}

static void
test_limits (void)
{
  AtelierGltfLimits limits;
  g_autoptr(GBytes) good = valid_triangle ();
  g_autofree char *bomb_json = NULL;
  g_autoptr(GBytes) bomb = NULL;

  /* A count far above the cap fails before anything is allocated. */
  expect_json_error ("{" ASSET TRIANGLE_BUFFERS
                     "\"accessors\":[{\"componentType\":5126,\"count\":4000000000,"
                     "\"type\":\"VEC3\"}]}",
                     ATELIER_GLTF_ERROR_LIMIT, "/accessors/0/count");

  /* Sparse accessors without a bufferView cost no file bytes: 16M VEC4
   * vertices would be 256 MB of output from a few hundred bytes of input. */
  atelier_gltf_limits_init (&limits);
  limits.max_decoded_bytes = 32 << 20;
  bomb_json = g_strdup ("{" ASSET
                        "\"accessors\":[{\"componentType\":5126,\"count\":16000000,"
                        "\"type\":\"VEC3\"}],"
                        "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0}}]}],"
                        "\"nodes\":[{\"mesh\":0}]}");
  bomb = make_gltf (bomb_json);
  expect_error (bomb, &limits, ATELIER_GLTF_ERROR_LIMIT, "/meshes/0/primitives/0");

  atelier_gltf_limits_init (&limits);
  limits.max_file_size = 100;
  expect_error (good, &limits, ATELIER_GLTF_ERROR_LIMIT, "exceeds the limit");

  atelier_gltf_limits_init (&limits);
  limits.max_count = 2;
  expect_error (good, &limits, ATELIER_GLTF_ERROR_LIMIT, "/accessors/0/count");

  /* Numbers cost far more as parsed JSON nodes than as text. */
  {
    g_autoptr(GString) json = g_string_new ("{" ASSET "\"extras\":[0");
    g_autoptr(GBytes) many = NULL;

    for (guint i = 0; i < 5000; i++)
      g_string_append (json, ",0");
    g_string_append (json, "]}");
    many = make_gltf (json->str);
    atelier_gltf_limits_init (&limits);
    limits.max_decoded_bytes = 100000;
    expect_error (many, &limits, ATELIER_GLTF_ERROR_LIMIT, "decoded data");
  }
}

/* A GLB whose only image is @image, in a bufferView. */
static GBytes *
glb_with_image (GBytes *image)
{
  gsize length = g_bytes_get_size (image);
  g_autofree char *json = g_strdup_printf ("{" ASSET "\"buffers\":[{\"byteLength\":%" G_GSIZE_FORMAT "}],"
                                           "\"bufferViews\":[{\"buffer\":0,\"byteLength\":%" G_GSIZE_FORMAT "}],"
                                           "\"images\":[{\"bufferView\":0,\"mimeType\":\"image/png\"}]}",
                                           length, length);

  return make_glb (json, g_bytes_get_data (image, NULL), length);
}

/* Loads @image inside a GLB: the model loads, the image is refused as too
 * large, with its size in the reason. */
static void
expect_image_refused (GBytes     *image,
                      const char *size)
{
  g_autoptr(GBytes) glb = glb_with_image (image);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierGltfScene) scene = atelier_gltf_load_bytes (glb, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (scene->n_images, ==, 1);
  g_assert_null (scene->images[0].pixels);
  g_assert_nonnull (scene->images[0].error);
  if (strstr (scene->images[0].error, size) == NULL)
    g_error ("“%s” does not mention “%s”", scene->images[0].error, size);
}

static void
test_image_bomb (void)
{
  /* A PNG header claiming 30000×30000 pixels (3.6 GB decoded). */
  static const guint8 png_header[33] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0x75, 0x30, 0, 0, 0x75, 0x30, 8, 6, 0, 0, 0, 0, 0, 0, 0,
  };
  g_autoptr(GBytes) png = g_bytes_new_static (png_header, sizeof png_header);
  g_autoptr(GBytes) jpeg = image_fixture_jpeg_header (30000, 30000);
  g_autoptr(GBytes) webp = image_fixture_webp_header ("VP8X", 30000, 30000);
  g_autoptr(GBytes) wide = image_fixture_webp_header ("VP8L", 16384, 16384);
  g_autoptr(GBytes) allowed = NULL;
  g_autoptr(GBytes) glb = NULL;
  AtelierGltfLimits limits;

  /* Over the limit every image path shares: the texture is dropped with a
   * reason, the model still loads. */
  expect_image_refused (png, "30000 × 30000");
  expect_image_refused (jpeg, "30000 × 30000");
  expect_image_refused (webp, "30000 × 30000");
  expect_image_refused (wide, "16384 × 16384");

  /* Under it, the decoded-bytes budget still fails a model whose images
   * add up to more than the caller allows. */
  allowed = image_fixture_webp_header ("VP8L", 10000, 10000);
  glb = glb_with_image (allowed);
  atelier_gltf_limits_init (&limits);
  limits.max_decoded_bytes = 100 << 20;
  expect_error (glb, &limits, ATELIER_GLTF_ERROR_LIMIT, "/images/0");
}

/* A real 30000² PNG (2.6 MB of deflated zeros): refused from its header,
 * so loading costs about the file, not the 3.6 GB it decodes to. */
static void
test_image_bomb_decodable (void)
{
  g_autoptr(GBytes) png = image_fixture_zero_png (30000, 30000, 4);
  g_autoptr(GBytes) glb = glb_with_image (png);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierGltfScene) scene = NULL;
  double before = image_fixture_peak_rss_mib ();

  scene = atelier_gltf_load_bytes (glb, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (scene->images[0].pixels);
  g_assert_nonnull (strstr (scene->images[0].error, "30000 × 30000"));
  g_test_message ("peak RSS %.0f MiB → %.0f MiB", before, image_fixture_peak_rss_mib ());
  g_assert_cmpfloat (image_fixture_peak_rss_mib () - before, <, 64);
}

static void
test_images_soft_errors (void)
{
  /* Unknown or broken image data does not fail the model. */
  static const guint8 junk[8] = "GIF89a!!";
  static const guint8 broken_png[40] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
    0, 0, 0, 4, 0, 0, 0, 4, 8, 6, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef,
  };
  guint8 bin[48];
  g_autoptr(GBytes) glb = NULL;
  g_autoptr(AtelierGltfScene) scene = NULL;
  g_autoptr(GError) error = NULL;

  memcpy (bin, junk, 8);
  memcpy (bin + 8, broken_png, 40);
  glb = make_glb ("{" ASSET "\"buffers\":[{\"byteLength\":48}],"
                  "\"bufferViews\":[{\"buffer\":0,\"byteLength\":8},"
                  "{\"buffer\":0,\"byteOffset\":8,\"byteLength\":40}],"
                  "\"images\":[{\"bufferView\":0,\"mimeType\":\"image/png\"},"
                  "{\"bufferView\":1,\"mimeType\":\"image/png\"},"
                  "{\"uri\":\"data:image/png;base64,AAAA\"}]}", bin, sizeof bin);
  scene = atelier_gltf_load_bytes (glb, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_null (scene->images[i].pixels);
      g_assert_nonnull (scene->images[i].error);
    }
  g_assert_null (scene->images[0].mime_type);
  g_assert_cmpstr (scene->images[1].mime_type, ==, "image/png");
}

static void
test_extensions (void)
{
  expect_json_error ("{" ASSET "\"extensionsUsed\":[\"KHR_materials_pbrSpecularGlossiness\"],"
                     "\"extensionsRequired\":[\"KHR_materials_pbrSpecularGlossiness\"]}",
                     ATELIER_GLTF_ERROR_UNSUPPORTED,
                     "/extensionsRequired/0: required extension “KHR_materials_pbrSpecularGlossiness”");
  expect_json_error ("{" ASSET "\"extensionsRequired\":[42]}", ATELIER_GLTF_ERROR_JSON,
                     "/extensionsRequired/0");
  expect_json_error ("{" ASSET "\"extensions\":{\"KHR_x\":1}}", ATELIER_GLTF_ERROR_JSON,
                     "/extensions/KHR_x");

#ifdef HAVE_MESHOPT
  /* Garbage where meshopt-compressed vertices should be. */
  expect_json_error ("{" ASSET "\"extensionsRequired\":[\"EXT_meshopt_compression\"],"
                     "\"buffers\":[{\"byteLength\":44},{\"byteLength\":36}],"
                     "\"bufferViews\":[{\"buffer\":1,\"byteLength\":36,\"byteStride\":12,"
                     "\"extensions\":{\"EXT_meshopt_compression\":{\"buffer\":0,\"byteLength\":40,"
                     "\"byteStride\":12,\"count\":3,\"mode\":\"ATTRIBUTES\"}}}],"
                     "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":3,"
                     "\"type\":\"VEC3\"}],"
                     "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0}}]}]}",
                     ATELIER_GLTF_ERROR_FAILED,
                     "/bufferViews/0/extensions/EXT_meshopt_compression: meshopt decoding failed");
#endif

  /* An unknown optional extension is ignored. */
  {
    g_autoptr(GBytes) glb = triangle_glb_with ("{" ASSET "\"extensionsUsed\":[\"KHR_unknown\"],"
                                               TRIANGLE_BUFFERS TRIANGLE_ACCESSORS TRIANGLE_MESH
                                               "}");
    g_autoptr(GError) error = NULL;
    g_autoptr(AtelierGltfScene) scene = atelier_gltf_load_bytes (glb, NULL, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (scene->extensions_used[0], ==, "KHR_unknown");
    g_assert_null (scene->extensions_required[0]);
  }
}

static void
test_attribute_formats (void)
{
  /* POSITION must be VEC3 and not unsigned int; counts must agree. */
  expect_json_error ("{" ASSET TRIANGLE_BUFFERS
                     "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":4,"
                     "\"type\":\"VEC2\"}],"
                     "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0}}]}]}",
                     ATELIER_GLTF_ERROR_JSON, "/meshes/0/primitives/0/attributes/POSITION");
  expect_json_error ("{" ASSET TRIANGLE_BUFFERS
                     "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":3,"
                     "\"type\":\"VEC3\"},{\"bufferView\":0,\"componentType\":5126,\"count\":2,"
                     "\"type\":\"VEC3\"}],"
                     "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0,"
                     "\"NORMAL\":1}}]}]}",
                     ATELIER_GLTF_ERROR_BOUNDS, "/meshes/0/primitives/0/attributes");
  expect_json_error ("{" ASSET TRIANGLE_BUFFERS TRIANGLE_ACCESSORS
                     "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0},"
                     "\"indices\":0}]}]}",
                     ATELIER_GLTF_ERROR_JSON, "/meshes/0/primitives/0/indices");
  expect_json_error ("{" ASSET TRIANGLE_BUFFERS TRIANGLE_ACCESSORS
                     "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0},"
                     "\"mode\":7}]}]}",
                     ATELIER_GLTF_ERROR_JSON, "/meshes/0/primitives/0/mode");
}

int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--write-seeds") && i + 1 < argc)
      {
        fixture_seed_dir = g_strdup (argv[i + 1]);
        g_mkdir_with_parents (fixture_seed_dir, 0755);
        fixture_seed_count = 1000;
        for (int k = i; k + 2 <= argc; k++)
          argv[k] = argv[k + 2];
        argc -= 2;
        break;
      }

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gltf/hostile/container", test_container);
  g_test_add_func ("/gltf/hostile/truncated", test_truncated);
  g_test_add_func ("/gltf/hostile/json", test_json);
  g_test_add_func ("/gltf/hostile/indices-out-of-range", test_indices_out_of_range);
  g_test_add_func ("/gltf/hostile/index-value", test_index_value);
  g_test_add_func ("/gltf/hostile/bounds", test_bounds);
  g_test_add_func ("/gltf/hostile/node-graph", test_node_graph);
  g_test_add_func ("/gltf/hostile/limits", test_limits);
  g_test_add_func ("/gltf/hostile/image-bomb", test_image_bomb);
  g_test_add_func ("/gltf/hostile/image-bomb-decodable", test_image_bomb_decodable);
  g_test_add_func ("/gltf/hostile/image-soft-errors", test_images_soft_errors);
  g_test_add_func ("/gltf/hostile/extensions", test_extensions);
  g_test_add_func ("/gltf/hostile/attribute-formats", test_attribute_formats);
  return g_test_run ();
}
