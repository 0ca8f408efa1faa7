/* gltf-fixtures.h: tiny glTF/GLB files assembled in code for the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "atelier-gltf.h"

/* When set (test-gltf-loader --write-seeds DIR), every fixture is also saved
 * there as a seed for the fuzzer. */
static char *fixture_seed_dir;
static guint fixture_seed_count;

static void
fixture_save_seed (GBytes     *bytes,
                   const char *ext)
{
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  if (fixture_seed_dir == NULL)
    return;
  name = g_strdup_printf ("seed-%04u.%s", fixture_seed_count++, ext);
  path = g_build_filename (fixture_seed_dir, name, NULL);
  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL);
}

static void
put_u32 (GByteArray *out,
         guint32     v)
{
  guint8 b[4] = { v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, v >> 24 };
  g_byte_array_append (out, b, 4);
}

/* A GLB from JSON text and an optional BIN payload, padded as the spec asks. */
static GBytes *
make_glb (const char   *json,
          const void   *bin,
          gsize         bin_length)
{
  GByteArray *out = g_byte_array_new ();
  gsize json_length = strlen (json);
  gsize json_padded = (json_length + 3) & ~(gsize) 3;
  gsize bin_padded = (bin_length + 3) & ~(gsize) 3;
  gsize total = 12 + 8 + json_padded + (bin != NULL ? 8 + bin_padded : 0);
  GBytes *bytes;

  put_u32 (out, 0x46546C67);
  put_u32 (out, 2);
  put_u32 (out, total);
  put_u32 (out, json_padded);
  put_u32 (out, 0x4E4F534A);
  g_byte_array_append (out, (const guint8 *) json, json_length);
  for (gsize i = json_length; i < json_padded; i++)
    g_byte_array_append (out, (const guint8 *) " ", 1);

  if (bin != NULL)
    {
      static const guint8 zero[4];

      put_u32 (out, bin_padded);
      put_u32 (out, 0x004E4942);
      g_byte_array_append (out, bin, bin_length);
      g_byte_array_append (out, zero, bin_padded - bin_length);
    }

  bytes = g_byte_array_free_to_bytes (out);
  fixture_save_seed (bytes, "glb");
  return bytes;
}

G_GNUC_UNUSED static GBytes *
make_gltf (const char *json)
{
  GBytes *bytes = g_bytes_new (json, strlen (json));

  fixture_save_seed (bytes, "gltf");
  return bytes;
}

/* One triangle: 3 float positions at 0, 3 uint16 indices at 36 (BIN = 44 bytes). */
static const float triangle_positions[9] = { 0, 0, 0, 1, 0, 0, 0, 1, 0 };

static GBytes *
triangle_bin (void)
{
  guint8 bin[44] = { 0 };
  guint16 idx[3] = { 0, 1, 2 };

  memcpy (bin, triangle_positions, 36);
  memcpy (bin + 36, idx, 6);
  return g_bytes_new (bin, sizeof bin);
}

#define TRIANGLE_BUFFERS \
  "\"buffers\":[{\"byteLength\":44}]," \
  "\"bufferViews\":[{\"buffer\":0,\"byteOffset\":0,\"byteLength\":36}," \
  "{\"buffer\":0,\"byteOffset\":36,\"byteLength\":6}],"

#define TRIANGLE_ACCESSORS \
  "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":3,\"type\":\"VEC3\"}," \
  "{\"bufferView\":1,\"componentType\":5123,\"count\":3,\"type\":\"SCALAR\"}],"

#define TRIANGLE_MESH \
  "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0},\"indices\":1}]}]," \
  "\"nodes\":[{\"mesh\":0}],\"scenes\":[{\"nodes\":[0]}],\"scene\":0"

#define ASSET "\"asset\":{\"version\":\"2.0\"},"

G_GNUC_UNUSED static GBytes *
triangle_glb_with (const char *json)
{
  g_autoptr(GBytes) bin = triangle_bin ();
  gsize n;
  const void *data = g_bytes_get_data (bin, &n);

  return make_glb (json, data, n);
}

/* An encoded image of the given format ("png", "jpeg", "webp"). */
G_GNUC_UNUSED static GBytes *
encode_image (const char *format,
              int         width,
              int         height)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;

  gdk_pixbuf_fill (pixbuf, 0xFF8040FF);
  if (g_str_equal (format, "jpeg"))
    {
      g_autoptr(GdkPixbuf) rgb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
      gdk_pixbuf_fill (rgb, 0xFF8040FF);
      g_assert_true (gdk_pixbuf_save_to_buffer (rgb, &buffer, &size, "jpeg", &error, NULL));
    }
  else
    g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, format, &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}
