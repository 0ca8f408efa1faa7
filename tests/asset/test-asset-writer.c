/* test-asset-writer.c: load → write → load gives the same scene
 *
 * On the sandbox's procedural models (every texture format, with and
 * without normals) and on the shared corpus ($ATELIER_SHARED_DIR, skipped
 * when absent): GLB and .gltf exactly, quantized and meshopt within the
 * quantization grid, Draco by its counts and bounds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "asset-test-util.h"
#include "atelier-gltf-writer.h"

static AtelierGltfAsset *
load_asset (const char *path)
{
  g_autoptr(GError) error = NULL;
  AtelierGltfAsset *asset = atelier_gltf_asset_load (path, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (asset);
  return asset;
}

static AtelierGltfScene *
write_and_reload (AtelierGltfAsset              *asset,
                  const char                    *path,
                  const AtelierGltfWriteOptions *options)
{
  g_autoptr(GError) error = NULL;
  AtelierGltfScene *scene;

  g_assert_true (atelier_gltf_asset_write (asset, path, options, NULL, &error));
  g_assert_no_error (error);
  scene = atelier_gltf_load_file (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (scene);
  return scene;
}

static void
check_round_trips (const char *source,
                   const char *dir,
                   gboolean    with_gltf)
{
  g_autoptr(AtelierGltfAsset) asset = load_asset (source);
  const AtelierGltfScene *a = atelier_gltf_asset_get_scene (asset);
  g_autofree char *glb_path = g_build_filename (dir, "out.glb", NULL);
  g_autofree char *gltf_path = g_build_filename (dir, "out.gltf", NULL);
  g_autofree char *quant_path = g_build_filename (dir, "out-q.glb", NULL);
  g_autofree char *meshopt_path = g_build_filename (dir, "out-meshopt.glb", NULL);
  AtelierGltfWriteOptions options;

  atelier_gltf_write_options_init (&options);
  {
    g_autoptr(AtelierGltfScene) b = write_and_reload (asset, glb_path, &options);

    asset_test_assert_same (a, b, 0.0, TRUE);
  }

  if (with_gltf)
    {
      g_autoptr(AtelierGltfScene) b = NULL;

      options.binary = FALSE;
      b = write_and_reload (asset, gltf_path, &options);
      asset_test_assert_same (a, b, 0.0, TRUE);
      options.binary = TRUE;
    }

  /* 14-bit positions: half a step is 3·10⁻⁵ of the size. */
  options.quantize = TRUE;
  {
    g_autoptr(AtelierGltfScene) b = write_and_reload (asset, quant_path, &options);

    asset_test_assert_same (a, b, 1e-4, FALSE);
  }

  if (atelier_gltf_compression_available (ATELIER_GLTF_COMPRESSION_MESHOPT))
    {
      g_autoptr(AtelierGltfScene) b = NULL;
      g_autoptr(GBytes) in_memory = NULL;
      g_autofree char *contents = NULL;
      gsize length;

      options.compression = ATELIER_GLTF_COMPRESSION_MESHOPT;
      b = write_and_reload (asset, meshopt_path, &options);
      asset_test_assert_same (a, b, 1e-4, FALSE);

      /* The in-memory GLB is the file, byte for byte. */
      in_memory = atelier_gltf_asset_write_glb (asset, &options, NULL, NULL);
      g_assert_nonnull (in_memory);
      g_assert_true (g_file_get_contents (meshopt_path, &contents, &length, NULL));
      g_assert_cmpmem (contents, length, g_bytes_get_data (in_memory, NULL),
                       g_bytes_get_size (in_memory));
    }
}

static void
test_procedural (void)
{
  static const struct
  {
    const char *prompt;
    gboolean    normals;
    guint       texture;
    const char *format;
  } models[] = {
    { "a red fox", FALSE, 256, "png" },
    { "a blue ring", TRUE, 128, "jpeg" },
    { "a golden torus knot", FALSE, 64, "webp" },
    { "an untextured stone", TRUE, 0, NULL },
  };
  g_autofree char *dir = asset_test_tmpdir ();

  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      g_autofree char *path = asset_test_procedural (dir, models[i].prompt, 3000,
                                                     models[i].normals, models[i].texture,
                                                     models[i].format);

      g_test_message ("%s", path);
      check_round_trips (path, dir, TRUE);
    }
}

/* Authored attributes only: a file without normals stays without. */
static void
test_no_computed_normals (void)
{
  g_autofree char *dir = asset_test_tmpdir ();
  g_autofree char *without = asset_test_procedural (dir, "a bare vase", 500, FALSE, 0, NULL);
  g_autofree char *with = asset_test_procedural (dir, "a bare vase", 500, TRUE, 0, NULL);
  g_autofree char *out = g_build_filename (dir, "out.glb", NULL);
  g_autoptr(AtelierGltfAsset) a = load_asset (without);
  g_autoptr(AtelierGltfAsset) b = load_asset (with);
  g_autoptr(GBytes) glb_a = NULL;
  g_autoptr(GBytes) glb_b = NULL;
  AtelierGltfWriteOptions options;

  g_assert_cmpuint (atelier_gltf_asset_get_authored (a, 0, 0), ==, 0);
  g_assert_cmpuint (atelier_gltf_asset_get_authored (b, 0, 0), ==, ATELIER_GLTF_AUTHORED_NORMALS);

  atelier_gltf_write_options_init (&options);
  glb_a = atelier_gltf_asset_write_glb (a, &options, NULL, NULL);
  glb_b = atelier_gltf_asset_write_glb (b, &options, NULL, NULL);
  g_assert_nonnull (glb_a);
  g_assert_nonnull (glb_b);
  g_assert_null (memmem (g_bytes_get_data (glb_a, NULL), g_bytes_get_size (glb_a), "NORMAL", 6));
  g_assert_nonnull (memmem (g_bytes_get_data (glb_b, NULL), g_bytes_get_size (glb_b), "NORMAL", 6));
}

/* An unchanged image is copied, not re-encoded. */
static void
test_images_copied (void)
{
  g_autofree char *dir = asset_test_tmpdir ();
  g_autofree char *path = asset_test_procedural (dir, "a jade cup", 500, FALSE, 256, "jpeg");
  g_autoptr(AtelierGltfAsset) asset = load_asset (path);
  GBytes *image = atelier_gltf_asset_get_image_file (asset, 0);
  g_autoptr(GBytes) glb = NULL;
  AtelierGltfWriteOptions options;

  g_assert_nonnull (image);
  atelier_gltf_write_options_init (&options);
  glb = atelier_gltf_asset_write_glb (asset, &options, NULL, NULL);
  g_assert_nonnull (memmem (g_bytes_get_data (glb, NULL), g_bytes_get_size (glb),
                            g_bytes_get_data (image, NULL), g_bytes_get_size (image)));
}

static void
test_draco (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(AtelierGltfAsset) asset = NULL;
  g_autoptr(AtelierGltfScene) b = NULL;
  g_autoptr(GError) error = NULL;
  const AtelierGltfScene *a;
  AtelierGltfWriteOptions options;

  if (!atelier_gltf_compression_available (ATELIER_GLTF_COMPRESSION_DRACO))
    {
      g_test_skip ("built without libdraco");
      return;
    }

  dir = asset_test_tmpdir ();
  path = asset_test_procedural (dir, "a draco lamp", 4000, TRUE, 64, "png");
  out = g_build_filename (dir, "out-draco.glb", NULL);
  asset = load_asset (path);
  a = atelier_gltf_asset_get_scene (asset);

  atelier_gltf_write_options_init (&options);
  options.compression = ATELIER_GLTF_COMPRESSION_DRACO;
  g_assert_true (atelier_gltf_asset_write (asset, out, &options, NULL, &error));
  g_assert_no_error (error);
  b = atelier_gltf_load_file (out, NULL, &error);
  g_assert_no_error (error);

  /* Draco reorders vertices: compare what can be compared. */
  g_assert_cmpuint (b->n_triangles, ==, a->n_triangles);
  g_assert_cmpuint (b->n_images, ==, a->n_images);
  g_assert_true (g_strv_contains ((const char * const *) b->extensions_required,
                                  "KHR_draco_mesh_compression"));
  for (guint k = 0; k < 3; k++)
    {
      g_assert_cmpfloat_with_epsilon (a->min[k], b->min[k], 1e-3);
      g_assert_cmpfloat_with_epsilon (a->max[k], b->max[k], 1e-3);
    }
  g_assert_nonnull (b->meshes[0].primitives[0].normals);
  g_assert_nonnull (b->meshes[0].primitives[0].texcoords0);
}

static void
test_corpus (void)
{
  static const char * const files[] = {
    "DamagedHelmet.glb", "BoxVertexColors.glb", "chr_knight.glb", "BoxMeshopt.glb",
    "meshopt_fuzz.glb", "Box_Draco.glb", "draco_Duck.glb", "draco_CesiumMan.glb",
    "DenseSphere.glb", "SheenCloth.glb", "pirate.glb", "box01.glb", "cgltf_Box.glb",
    "singleBlendshapeCube_sparse.glb",
  };
  g_autofree char *dir = asset_test_tmpdir ();
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = asset_test_corpus_file (files[i]);

      g_autoptr(AtelierGltfScene) probe = NULL;
      g_autoptr(GError) error = NULL;

      if (path == NULL)
        continue;
      /* A build without Draco or meshopt cannot read those files at all. */
      probe = atelier_gltf_load_file (path, NULL, &error);
      if (g_error_matches (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_UNSUPPORTED))
        {
          g_test_message ("%s: %s", files[i], error->message);
          continue;
        }
      g_test_message ("%s", files[i]);
      check_round_trips (path, dir, i < 3);
      n++;
    }
  if (n == 0)
    g_test_skip ("no shared glTF corpus ($ATELIER_SHARED_DIR/gltf-corpus/real)");
}

static void
test_cancelled (void)
{
  g_autofree char *dir = asset_test_tmpdir ();
  g_autofree char *path = asset_test_procedural (dir, "a cancelled cube", 500, FALSE, 0, NULL);
  g_autofree char *out = g_build_filename (dir, "never.glb", NULL);
  g_autoptr(AtelierGltfAsset) asset = load_asset (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  AtelierGltfWriteOptions options;

  atelier_gltf_write_options_init (&options);
  g_cancellable_cancel (cancellable);
  g_assert_false (atelier_gltf_asset_write (asset, out, &options, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_bad_input (void)
{
  g_autofree char *dir = asset_test_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "bad.glb", NULL);
  g_autoptr(GError) error = NULL;
  AtelierGltfAsset *asset;

  g_assert_true (g_file_set_contents (path, "glTF\2\0\0\0garbage", 16, NULL));
  asset = atelier_gltf_asset_load (path, NULL, NULL, NULL, NULL, &error);
  g_assert_null (asset);
  g_assert_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_CONTAINER);

  g_clear_error (&error);
  asset = atelier_gltf_asset_load ("/nonexistent/model.glb", NULL, NULL, NULL, NULL, &error);
  g_assert_null (asset);
  g_assert_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_IO);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/asset/writer/procedural", test_procedural);
  g_test_add_func ("/asset/writer/no-computed-normals", test_no_computed_normals);
  g_test_add_func ("/asset/writer/images-copied", test_images_copied);
  g_test_add_func ("/asset/writer/draco", test_draco);
  g_test_add_func ("/asset/writer/corpus", test_corpus);
  g_test_add_func ("/asset/writer/cancelled", test_cancelled);
  g_test_add_func ("/asset/writer/bad-input", test_bad_input);

  return asset_test_run ();
}
