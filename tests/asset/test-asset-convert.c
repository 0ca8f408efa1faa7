/* test-asset-convert.c: export by extension (.glb, .gltf, .obj + .mtl, .stl)
 * and the optimize-then-export call the window uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "asset-test-util.h"
#include "atelier-gltf-export.h"

static guint64
file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

static AtelierGltfAsset *
load_asset (const char *path)
{
  g_autoptr(GError) error = NULL;
  AtelierGltfAsset *asset = atelier_gltf_asset_load (path, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return asset;
}

static guint32
read_u32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static float
read_f32 (const guint8 *p)
{
  guint32 bits = read_u32 (p);
  float value;

  memcpy (&value, &bits, 4);
  return value;
}

static void
test_stl (void)
{
  g_autofree char *dir = asset_test_tmpdir ();
  g_autofree char *path = asset_test_procedural (dir, "a printable vase", 6000, FALSE, 64, "png");
  g_autofree char *stl = g_build_filename (dir, "vase.STL", NULL);
  g_autoptr(AtelierGltfAsset) asset = load_asset (path);
  const AtelierGltfScene *scene = atelier_gltf_asset_get_scene (asset);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *data = NULL;
  gsize length;
  guint64 written;
  guint32 count;
  float min[3] = { G_MAXFLOAT, G_MAXFLOAT, G_MAXFLOAT }, max[3] = { -G_MAXFLOAT, -G_MAXFLOAT, -G_MAXFLOAT };
  double volume = 0.0, facing = 0.0;

  g_assert_true (atelier_gltf_asset_export (asset, stl, NULL, NULL, &written, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (stl, (char **) &data, &length, NULL));
  g_assert_cmpuint (written, ==, length);

  /* The header is not "solid…" (ASCII STL) and states the units. */
  g_assert_false (g_str_has_prefix ((const char *) data, "solid"));
  g_assert_nonnull (g_strstr_len ((const char *) data, 80, "mm"));
  g_assert_nonnull (g_strstr_len ((const char *) data, 80, "Z up"));

  count = read_u32 (data + 80);
  g_assert_cmpuint (count, ==, scene->n_triangles);
  g_assert_cmpuint (length, ==, 84 + (gsize) count * 50);

  for (guint32 t = 0; t < count; t++)
    {
      const guint8 *r = data + 84 + (gsize) t * 50;
      double n[3], p[3][3], cross[3];

      for (guint k = 0; k < 3; k++)
        n[k] = read_f32 (r + k * 4);
      for (guint v = 0; v < 3; v++)
        for (guint k = 0; k < 3; k++)
          {
            p[v][k] = read_f32 (r + 12 + v * 12 + k * 4);
            min[k] = MIN (min[k], p[v][k]);
            max[k] = MAX (max[k], p[v][k]);
          }
      g_assert_cmpuint (r[48] | r[49], ==, 0);

      cross[0] = (p[1][1] - p[0][1]) * (p[2][2] - p[0][2]) - (p[1][2] - p[0][2]) * (p[2][1] - p[0][1]);
      cross[1] = (p[1][2] - p[0][2]) * (p[2][0] - p[0][0]) - (p[1][0] - p[0][0]) * (p[2][2] - p[0][2]);
      cross[2] = (p[1][0] - p[0][0]) * (p[2][1] - p[0][1]) - (p[1][1] - p[0][1]) * (p[2][0] - p[0][0]);
      /* The stored normal agrees with the winding… */
      facing += n[0] * cross[0] + n[1] * cross[1] + n[2] * cross[2];
      /* …and the winding encloses a positive volume: facets face outward. */
      volume += (p[0][0] * (p[1][1] * p[2][2] - p[1][2] * p[2][1]) -
                 p[0][1] * (p[1][0] * p[2][2] - p[1][2] * p[2][0]) +
                 p[0][2] * (p[1][0] * p[2][1] - p[1][1] * p[2][0])) / 6.0;
    }
  g_test_message ("volume %.0f mm^3", volume);
  g_assert_cmpfloat (volume, >, 0.0);
  g_assert_cmpfloat (facing, >, 0.0);

  /* Z up in millimetres: STL z spans glTF's y range × 1000. */
  g_assert_cmpfloat_with_epsilon (min[2], scene->min[1] * 1000, 1.0);
  g_assert_cmpfloat_with_epsilon (max[2], scene->max[1] * 1000, 1.0);
  g_assert_cmpfloat_with_epsilon (min[0], scene->min[0] * 1000, 1.0);
  g_assert_cmpfloat_with_epsilon (max[1], -scene->min[2] * 1000, 1.0);
}

static guint
count_prefix (const char *text,
              const char *prefix)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      n++;
  return n;
}

static void
test_obj (void)
{
  g_autofree char *dir = asset_test_tmpdir ();
  g_autofree char *path = asset_test_procedural (dir, "an obj teapot", 3000, TRUE, 64, "webp");
  g_autofree char *obj_path = g_build_filename (dir, "teapot.obj", NULL);
  g_autofree char *mtl_path = g_build_filename (dir, "teapot.mtl", NULL);
  g_autofree char *png_path = g_build_filename (dir, "teapot_0.png", NULL);
  g_autoptr(AtelierGltfAsset) asset = load_asset (path);
  const AtelierGltfScene *scene = atelier_gltf_asset_get_scene (asset);
  const AtelierGltfPrimitive *prim = &scene->meshes[0].primitives[0];
  g_autoptr(GError) error = NULL;
  g_autofree char *obj = NULL;
  g_autofree char *mtl = NULL;
  g_autoptr(GdkPixbuf) texture = NULL;
  guint64 written;

  g_assert_true (atelier_gltf_asset_export (asset, obj_path, NULL, NULL, &written, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (obj_path, &obj, NULL, NULL));
  g_assert_true (g_file_get_contents (mtl_path, &mtl, NULL, NULL));

  g_assert_nonnull (strstr (obj, "mtllib teapot.mtl\n"));
  g_assert_cmpuint (count_prefix (obj, "v "), ==, prim->vertex_count);
  g_assert_cmpuint (count_prefix (obj, "vt "), ==, prim->vertex_count);
  g_assert_cmpuint (count_prefix (obj, "vn "), ==, prim->vertex_count);
  g_assert_cmpuint (count_prefix (obj, "f "), ==, scene->n_triangles);
  g_assert_nonnull (strstr (obj, "usemtl material_0\n"));

  /* The WebP texture became a PNG beside the files, named by the MTL. */
  g_assert_nonnull (strstr (mtl, "newmtl material_0\n"));
  g_assert_nonnull (strstr (mtl, "map_Kd teapot_0.png\n"));
  texture = gdk_pixbuf_new_from_file (png_path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (texture), ==, 64);
  g_assert_cmpuint (written, ==, strlen (obj) + strlen (mtl) + file_size (png_path));

  /* v is flipped: OBJ's texture origin is the bottom left. */
  {
    const char *vt = strstr (obj, "\nvt ");
    double u, v;

    g_assert_nonnull (vt);
    u = g_ascii_strtod (vt + 4, (char **) &vt);
    v = g_ascii_strtod (vt, NULL);
    g_assert_cmpfloat_with_epsilon (u, prim->texcoords0[0], 1e-5);
    g_assert_cmpfloat_with_epsilon (v, 1.0 - prim->texcoords0[1], 1e-5);
  }
}

/* Numbers stay "1.5", never "1,5", whatever the locale. */
static void
test_obj_locale (void)
{
  g_autofree char *dir = asset_test_tmpdir ();
  g_autofree char *path = asset_test_procedural (dir, "a locale test", 200, FALSE, 0, NULL);
  g_autofree char *obj_path = g_build_filename (dir, "locale.obj", NULL);
  g_autoptr(AtelierGltfAsset) asset = load_asset (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *obj = NULL;
  const char *locale = setlocale (LC_NUMERIC, "de_DE.UTF-8");

  if (locale == NULL)
    locale = setlocale (LC_NUMERIC, "fr_FR.UTF-8");
  g_assert_true (atelier_gltf_asset_export (asset, obj_path, NULL, NULL, NULL, &error));
  setlocale (LC_NUMERIC, "C");
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (obj_path, &obj, NULL, NULL));
  g_assert_null (strstr (obj, ","));
  if (locale == NULL)
    g_test_message ("no comma locale installed: checked in C only");
}

static void
test_gltf_types (void)
{
  g_autofree char *dir = asset_test_tmpdir ();
  g_autofree char *path = asset_test_procedural (dir, "a typed export", 500, FALSE, 32, "png");
  g_autofree char *gltf = g_build_filename (dir, "typed.GLTF", NULL);
  g_autofree char *bin = g_build_filename (dir, "typed.bin", NULL);
  g_autofree char *bad = g_build_filename (dir, "typed.fbx", NULL);
  g_autoptr(AtelierGltfAsset) asset = load_asset (path);
  g_autoptr(AtelierGltfScene) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  AtelierGltfFileType type;
  guint64 written;

  g_assert_true (atelier_gltf_file_type_from_path ("a/b.Glb", &type));
  g_assert_cmpint (type, ==, ATELIER_GLTF_FILE_GLB);
  g_assert_false (atelier_gltf_file_type_from_path ("a/b.fbx", &type));

  g_assert_true (atelier_gltf_asset_export (asset, gltf, NULL, NULL, &written, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (bin, G_FILE_TEST_IS_REGULAR));
  reloaded = atelier_gltf_load_file (gltf, NULL, &error);
  g_assert_no_error (error);
  asset_test_assert_same (atelier_gltf_asset_get_scene (asset), reloaded, 0.0, TRUE);

  g_assert_false (atelier_gltf_asset_export (asset, bad, NULL, NULL, NULL, &error));
  g_assert_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_UNSUPPORTED);
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
}

static void
export_done (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  AtelierGltfExportReport *report = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (atelier_gltf_export_finish (result, report, &error));
  g_assert_no_error (error);
}

static void
test_export_async (void)
{
  g_autofree char *dir = asset_test_tmpdir ();
  g_autofree char *path = asset_test_procedural (dir, "an exported lamp", 20000, FALSE, 256, "png");
  g_autofree char *out = g_build_filename (dir, "lamp-small.glb", NULL);
  g_autoptr(AtelierGltfAsset) asset = load_asset (path);
  AtelierGltfExportReport report = { { 0 } };
  AtelierGltfOptimizeOptions optimize;
  AtelierGltfWriteOptions write;
  GStatBuf st;

  if (!atelier_gltf_compression_available (ATELIER_GLTF_COMPRESSION_MESHOPT))
    {
      g_test_skip ("built without libmeshoptimizer");
      return;
    }

  atelier_gltf_optimize_options_init (&optimize);
  optimize.target_faces = 5000;
  optimize.texture_size = 128;
  optimize.texture_format = ATELIER_GLTF_TEXTURE_WEBP;
  atelier_gltf_write_options_init (&write);
  write.compression = ATELIER_GLTF_COMPRESSION_MESHOPT;

  atelier_gltf_export_async (asset, out, &optimize, &write, NULL, NULL, NULL, export_done, &report);
  while (report.bytes_after == 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (report.before.faces, ==, atelier_gltf_asset_get_scene (asset)->n_triangles);
  g_assert_cmpuint (report.after.faces, >=, 4500);
  g_assert_cmpuint (report.after.faces, <=, 5500);
  g_assert_cmpuint (report.before.max_image_edge, ==, 256);
  g_assert_cmpuint (report.after.max_image_edge, ==, 128);
  g_assert_cmpuint (report.after.texture_memory, ==, 128 * 128 * 4);
  g_assert_cmpint (g_stat (out, &st), ==, 0);
  g_assert_cmpuint (report.bytes_after, ==, st.st_size);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (report.bytes_before, ==, st.st_size);
  g_assert_cmpuint (report.bytes_after, <, report.bytes_before / 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/asset/convert/stl", test_stl);
  g_test_add_func ("/asset/convert/obj", test_obj);
  g_test_add_func ("/asset/convert/obj-locale", test_obj_locale);
  g_test_add_func ("/asset/convert/gltf-types", test_gltf_types);
  g_test_add_func ("/asset/convert/export-async", test_export_async);

  return asset_test_run ();
}
