/* test-procedural.c: the procedural images and GLB models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "atelier-procedural.h"

static GdkPixbuf *
decode (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_loader_write_bytes (loader, bytes, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

/* Share of pixels within @tolerance (per channel) of @rgb. */
static double
share_near (GdkPixbuf    *pixbuf,
            const guint8  rgb[3],
            int           tolerance)
{
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf), nc = gdk_pixbuf_get_n_channels (pixbuf);
  guint near = 0;

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *p = pixels + y * stride + x * nc;

        if (ABS (p[0] - rgb[0]) <= tolerance && ABS (p[1] - rgb[1]) <= tolerance &&
            ABS (p[2] - rgb[2]) <= tolerance)
          near++;
      }

  return (double) near / (w * h);
}

static void
test_color_parse (void)
{
  guint8 rgba[4];

  g_assert_true (atelier_procedural_parse_color ("gold", rgba));
  g_assert_cmpuint (rgba[0], ==, 0xff);
  g_assert_cmpuint (rgba[1], ==, 0xd7);
  g_assert_cmpuint (rgba[2], ==, 0x00);
  g_assert_true (atelier_procedural_parse_color ("RebeccaPurple", rgba));
  g_assert_cmpuint (rgba[0], ==, 0x66);
  g_assert_true (atelier_procedural_parse_color ("#f80", rgba));
  g_assert_cmpuint (rgba[1], ==, 0x88);
  g_assert_true (atelier_procedural_parse_color ("#102030", rgba));
  g_assert_cmpuint (rgba[2], ==, 0x30);
  g_assert_cmpuint (rgba[3], ==, 0xff);
  g_assert_true (atelier_procedural_parse_color ("#10203080", rgba));
  g_assert_cmpuint (rgba[3], ==, 0x80);
  g_assert_false (atelier_procedural_parse_color ("#12", NULL));
  g_assert_false (atelier_procedural_parse_color ("#ggg", NULL));
  g_assert_false (atelier_procedural_parse_color ("notacolour", NULL));
  g_assert_false (atelier_procedural_parse_color ("", NULL));
}

static void
test_image_formats (void)
{
  const struct { const char *format; const char *magic; gsize magic_len; gsize offset; } cases[] = {
    { "png", "\x89PNG\r\n\x1a\n", 8, 0 },
    { "jpeg", "\xff\xd8\xff", 3, 0 },
    { "webp", "WEBP", 4, 8 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      const guint8 *data;

      bytes = atelier_procedural_image ("a red fox", NULL, 96, 64, "graphic", cases[i].format,
                                        FALSE, &error);
      g_assert_no_error (error);
      data = g_bytes_get_data (bytes, NULL);
      g_assert_cmpmem (data + cases[i].offset, cases[i].magic_len, cases[i].magic,
                       cases[i].magic_len);
      pixbuf = decode (bytes);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 96);
      g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 64);
    }
}

static void
test_image_deterministic (void)
{
  const char *colors[] = { "navy", "#ffcc00", NULL };
  g_autoptr(GBytes) a = atelier_procedural_image ("waves", colors, 128, 128, "pattern", "png", FALSE, NULL);
  g_autoptr(GBytes) b = atelier_procedural_image ("waves", colors, 128, 128, "pattern", "png", FALSE, NULL);
  g_autoptr(GBytes) c = atelier_procedural_image ("dunes", colors, 128, 128, "pattern", "png", FALSE, NULL);

  g_assert_true (g_bytes_equal (a, b));
  g_assert_false (g_bytes_equal (a, c));
}

static void
test_image_colors_follow_prompt (void)
{
  const guint8 black[3] = { 0, 0, 0 };
  const guint8 gold[3] = { 0xff, 0xd7, 0x00 };
  const char *styles[] = { "graphic", "pattern" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      double b, g;

      bytes = atelier_procedural_image ("lazy cats in black and gold", NULL, 256, 256,
                                        styles[i], "png", FALSE, &error);
      g_assert_no_error (error);
      pixbuf = decode (bytes);
      b = share_near (pixbuf, black, 24);
      g = share_near (pixbuf, gold, 24);
      g_test_message ("%s: black %.2f gold %.2f", styles[i], b, g);
      g_assert_cmpfloat (b, >, 0.2);
      g_assert_cmpfloat (g, >, 0.1);
      g_assert_cmpfloat (b + g, >, 0.8);
    }
}

static void
test_image_colors_argument (void)
{
  const char *colors[] = { "white", "crimson", NULL };
  const guint8 crimson[3] = { 0xdc, 0x14, 0x3c };
  g_autoptr(GBytes) bytes = atelier_procedural_image ("lazy cats", colors, 200, 120, "pattern",
                                                      "png", FALSE, NULL);
  g_autoptr(GdkPixbuf) pixbuf = decode (bytes);

  g_assert_cmpfloat (share_near (pixbuf, crimson, 24), >, 0.1);
}

/* One named colour is the subject, not the background. */
static void
test_image_single_color (void)
{
  const guint8 red[3] = { 0xff, 0, 0 };
  g_autoptr(GBytes) opaque = atelier_procedural_image ("a red fox", NULL, 128, 128, "graphic",
                                                       "png", FALSE, NULL);
  g_autoptr(GBytes) clear = atelier_procedural_image ("a red fox", NULL, 128, 128, "graphic",
                                                      "png", TRUE, NULL);
  g_autoptr(GdkPixbuf) a = decode (opaque);
  g_autoptr(GdkPixbuf) b = decode (clear);

  g_assert_cmpfloat (share_near (a, red, 24), >, 0.15);
  g_assert_cmpfloat (share_near (a, red, 24), <, 0.85);
  g_assert_cmpfloat (share_near (b, red, 24), >, 0.15);
}

static void
test_image_transparent (void)
{
  g_autoptr(GBytes) bytes = atelier_procedural_image ("a gold coin", NULL, 64, 64, "graphic",
                                                      "png", TRUE, NULL);
  g_autoptr(GdkPixbuf) pixbuf = decode (bytes);
  const guint8 *px = gdk_pixbuf_read_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  g_assert_true (gdk_pixbuf_get_has_alpha (pixbuf));
  g_assert_cmpuint (px[3], ==, 0);                         /* corner */
  g_assert_cmpuint (px[32 * stride + 32 * 4 + 3], ==, 255); /* centre */
}

/* Left and right edges (and top and bottom) continue each other. */
static void
test_image_pattern_seamless (void)
{
  g_autoptr(GBytes) bytes = atelier_procedural_image ("stars", NULL, 240, 160, "pattern",
                                                      "png", FALSE, NULL);
  g_autoptr(GdkPixbuf) pixbuf = decode (bytes);
  const guint8 *px = gdk_pixbuf_read_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf), nc = gdk_pixbuf_get_n_channels (pixbuf);
  guint differ = 0;

  for (int y = 0; y < 160; y++)
    {
      const guint8 *l = px + y * stride, *r = px + y * stride + 239 * nc;

      for (int c = 0; c < 3; c++)
        differ += ABS (l[c] - r[c]) > 96;
    }
  g_assert_cmpuint (differ, <, 10);
}

static void
test_image_invalid (void)
{
  const char *bad[] = { "blurple", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_null (atelier_procedural_image ("x", bad, 16, 16, NULL, NULL, FALSE, &error));
  g_assert_error (error, ATELIER_PROCEDURAL_ERROR, ATELIER_PROCEDURAL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (atelier_procedural_image ("x", NULL, 0, 16, NULL, NULL, FALSE, &error));
  g_assert_error (error, ATELIER_PROCEDURAL_ERROR, ATELIER_PROCEDURAL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (atelier_procedural_image ("x", NULL, 16, 16, "scene", NULL, FALSE, &error));
  g_assert_error (error, ATELIER_PROCEDURAL_ERROR, ATELIER_PROCEDURAL_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (atelier_procedural_image ("x", NULL, 16, 16, NULL, "gif", FALSE, &error));
  g_assert_error (error, ATELIER_PROCEDURAL_ERROR, ATELIER_PROCEDURAL_ERROR_INVALID);
}

static guint32
read_u32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, 4);
  return GUINT32_FROM_LE (v);
}

/* Checks the container and returns the JSON chunk parsed. */
static JsonNode *
check_glb (GBytes        *bytes,
           const guint8 **bin_out,
           gsize         *bin_len_out)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  guint32 json_len, bin_len;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (len, >, 28);
  g_assert_cmpmem (data, 4, "glTF", 4);
  g_assert_cmpuint (read_u32 (data + 4), ==, 2);
  g_assert_cmpuint (read_u32 (data + 8), ==, len);
  json_len = read_u32 (data + 12);
  g_assert_cmpuint (json_len % 4, ==, 0);
  g_assert_cmpuint (read_u32 (data + 16), ==, 0x4E4F534A);
  g_assert_cmpuint (data[20 + json_len - 1], !=, 0);
  bin_len = read_u32 (data + 20 + json_len);
  g_assert_cmpuint (bin_len % 4, ==, 0);
  g_assert_cmpuint (read_u32 (data + 24 + json_len), ==, 0x004E4942);
  g_assert_cmpuint (28 + json_len + bin_len, ==, len);

  json_parser_load_from_data (parser, (const char *) data + 20, json_len, &error);
  g_assert_no_error (error);
  *bin_out = data + 28 + json_len;
  *bin_len_out = bin_len;
  return json_node_ref (json_parser_get_root (parser));
}

static JsonObject *
array_object (JsonObject *root,
              const char *member,
              guint       index)
{
  return json_array_get_object_element (json_object_get_array_member (root, member), index);
}

static void
test_glb_valid (void)
{
  AtelierProceduralModel model = {
    .prompt = "a twisted golden vase", .faces = 5000, .with_normals = TRUE,
    .texture_size = 128, .texture_format = "png",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = atelier_procedural_glb (&model, &error);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  JsonObject *root, *prim, *attrs, *pos, *idx, *img_view, *pbr;
  const guint8 *bin;
  gsize bin_len, faces;
  const float *positions;
  const guint32 *indices;
  guint n_verts;

  g_assert_no_error (error);
  node = check_glb (bytes, &bin, &bin_len);
  root = json_node_get_object (node);

  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "asset"), "version"), ==, "2.0");
  prim = json_array_get_object_element (json_object_get_array_member (array_object (root, "meshes", 0), "primitives"), 0);
  attrs = json_object_get_object_member (prim, "attributes");
  g_assert_true (json_object_has_member (attrs, "POSITION"));
  g_assert_true (json_object_has_member (attrs, "NORMAL"));
  g_assert_true (json_object_has_member (attrs, "TEXCOORD_0"));

  pos = array_object (root, "accessors", json_object_get_int_member (attrs, "POSITION"));
  g_assert_true (json_object_has_member (pos, "min"));
  g_assert_true (json_object_has_member (pos, "max"));
  n_verts = json_object_get_int_member (pos, "count");

  idx = array_object (root, "accessors", json_object_get_int_member (prim, "indices"));
  g_assert_cmpint (json_object_get_int_member (idx, "componentType"), ==, 5125);
  faces = json_object_get_int_member (idx, "count") / 3;
  g_assert_cmpuint (faces, >=, 4500);
  g_assert_cmpuint (faces, <=, 5500);

  /* Indices in range, min/max match the data. */
  positions = (const float *) (bin + json_object_get_int_member (array_object (root, "bufferViews", json_object_get_int_member (pos, "bufferView")), "byteOffset"));
  indices = (const guint32 *) (bin + json_object_get_int_member (array_object (root, "bufferViews", json_object_get_int_member (idx, "bufferView")), "byteOffset"));
  for (gsize i = 0; i < faces * 3; i++)
    g_assert_cmpuint (indices[i], <, n_verts);
  {
    JsonArray *mx = json_object_get_array_member (pos, "max");
    float m = -G_MAXFLOAT;

    for (guint v = 0; v < n_verts; v++)
      m = MAX (m, positions[3 * v]);
    g_assert_cmpfloat (m, ==, (float) json_array_get_double_element (mx, 0));
  }

  pbr = json_object_get_object_member (array_object (root, "materials", 0), "pbrMetallicRoughness");
  g_assert_cmpfloat (json_object_get_double_member (pbr, "metallicFactor"), ==, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (pbr, "roughnessFactor"), ==, 0.6);
  g_assert_true (json_object_has_member (pbr, "baseColorTexture"));

  g_assert_cmpstr (json_object_get_string_member (array_object (root, "images", 0), "mimeType"), ==, "image/png");
  img_view = array_object (root, "bufferViews", json_object_get_int_member (array_object (root, "images", 0), "bufferView"));
  image = g_bytes_new (bin + json_object_get_int_member (img_view, "byteOffset"),
                       json_object_get_int_member (img_view, "byteLength"));
  pixbuf = decode (image);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 128);
}

/* Outward winding: the signed volume of a closed mesh is positive. */
static void
test_glb_winding (void)
{
  const char *prompts[] = { "a", "b", "cc", "ddd", "a twisted golden vase", "lamp" };

  for (guint k = 0; k < G_N_ELEMENTS (prompts); k++)
    {
      AtelierProceduralModel model = { .prompt = prompts[k], .faces = 2000 };
      g_autoptr(GBytes) bytes = atelier_procedural_glb (&model, NULL);
      g_autoptr(JsonNode) node = NULL;
      JsonObject *root, *prim;
      const guint8 *bin;
      gsize bin_len, n_idx;
      const float *p;
      const guint32 *ix;
      double volume = 0;

      node = check_glb (bytes, &bin, &bin_len);
      root = json_node_get_object (node);
      prim = json_array_get_object_element (json_object_get_array_member (array_object (root, "meshes", 0), "primitives"), 0);
      g_assert_false (json_object_has_member (json_object_get_object_member (prim, "attributes"), "NORMAL"));
      g_assert_false (json_object_has_member (root, "images"));
      p = (const float *) bin;
      n_idx = json_object_get_int_member (array_object (root, "accessors", json_object_get_int_member (prim, "indices")), "count");
      ix = (const guint32 *) (bin + json_object_get_int_member (array_object (root, "bufferViews", 2), "byteOffset"));
      for (gsize i = 0; i < n_idx; i += 3)
        {
          const float *a = p + 3 * ix[i], *b = p + 3 * ix[i + 1], *c = p + 3 * ix[i + 2];

          volume += a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0])
                    + a[2] * (b[0] * c[1] - b[1] * c[0]);
        }
      g_assert_cmpfloat (volume, >, 0.0);
    }
}

static void
test_glb_formats (void)
{
  const char *formats[] = { "jpeg", "webp" };
  const char *mimes[] = { "image/jpeg", "image/webp" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      AtelierProceduralModel model = { .prompt = "rock", .faces = 12, .with_normals = TRUE,
                                       .texture_size = 64, .texture_format = formats[i] };
      g_autoptr(GBytes) a = atelier_procedural_glb (&model, NULL);
      g_autoptr(GBytes) b = atelier_procedural_glb (&model, NULL);
      g_autoptr(JsonNode) node = NULL;
      const guint8 *bin;
      gsize bin_len;

      g_assert_true (g_bytes_equal (a, b));
      node = check_glb (a, &bin, &bin_len);
      g_assert_cmpstr (json_object_get_string_member (array_object (json_node_get_object (node), "images", 0), "mimeType"), ==, mimes[i]);
    }
}

static void
test_glb_invalid (void)
{
  AtelierProceduralModel model = { .prompt = "x", .faces = 4 };
  g_autoptr(GError) error = NULL;

  g_assert_null (atelier_procedural_glb (&model, &error));
  g_assert_error (error, ATELIER_PROCEDURAL_ERROR, ATELIER_PROCEDURAL_ERROR_INVALID);
  g_clear_error (&error);
  model.faces = 100;
  model.texture_size = 16;
  model.texture_format = "tga";
  g_assert_null (atelier_procedural_glb (&model, &error));
  g_assert_error (error, ATELIER_PROCEDURAL_ERROR, ATELIER_PROCEDURAL_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sandbox/procedural/color-parse", test_color_parse);
  g_test_add_func ("/sandbox/procedural/image-formats", test_image_formats);
  g_test_add_func ("/sandbox/procedural/image-deterministic", test_image_deterministic);
  g_test_add_func ("/sandbox/procedural/image-colors-follow-prompt", test_image_colors_follow_prompt);
  g_test_add_func ("/sandbox/procedural/image-colors-argument", test_image_colors_argument);
  g_test_add_func ("/sandbox/procedural/image-single-color", test_image_single_color);
  g_test_add_func ("/sandbox/procedural/image-transparent", test_image_transparent);
  g_test_add_func ("/sandbox/procedural/image-pattern-seamless", test_image_pattern_seamless);
  g_test_add_func ("/sandbox/procedural/image-invalid", test_image_invalid);
  g_test_add_func ("/sandbox/procedural/glb-valid", test_glb_valid);
  g_test_add_func ("/sandbox/procedural/glb-winding", test_glb_winding);
  g_test_add_func ("/sandbox/procedural/glb-formats", test_glb_formats);
  g_test_add_func ("/sandbox/procedural/glb-invalid", test_glb_invalid);

  return g_test_run ();
}
