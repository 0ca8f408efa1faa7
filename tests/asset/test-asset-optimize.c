/* test-asset-optimize.c: simplification to a budget, sound seams, textures,
 * progress, cancellation, and a source that is never modified
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "asset-test-util.h"
#include "atelier-gltf-asset-private.h"
#include "atelier-gltf-optimize.h"
#include "atelier-gltf-writer.h"

static AtelierGltfAsset *
load_asset (const char *path,
            gboolean    decode)
{
  g_autoptr(GError) error = NULL;
  AtelierGltfLimits limits;
  AtelierGltfAsset *asset;

  atelier_gltf_limits_init (&limits);
  limits.decode_images = decode;
  asset = atelier_gltf_asset_load (path, &limits, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (asset);
  return asset;
}

static AtelierGltfAsset *
optimize (AtelierGltfAsset                 *source,
          const AtelierGltfOptimizeOptions *options)
{
  g_autoptr(GError) error = NULL;
  AtelierGltfAsset *out = atelier_gltf_optimize (source, options, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (out);
  return out;
}

static char *
checksum_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* Every output vertex is a source vertex, attributes and all: the
 * simplifier only removes vertices, so a seam vertex keeps its own UV. */
static void
assert_vertices_from_source (const AtelierGltfPrimitive *src,
                             const AtelierGltfPrimitive *out)
{
  g_autoptr(GHashTable) known = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                       (GDestroyNotify) g_bytes_unref, NULL);

  for (guint32 v = 0; v < src->vertex_count; v++)
    {
      float key[5];

      memcpy (key, src->positions + (gsize) v * 3, 3 * sizeof (float));
      memcpy (key + 3, src->texcoords0 + (gsize) v * 2, 2 * sizeof (float));
      g_hash_table_add (known, g_bytes_new (key, sizeof key));
    }
  for (guint32 v = 0; v < out->vertex_count; v++)
    {
      float key[5];
      g_autoptr(GBytes) bytes = NULL;

      memcpy (key, out->positions + (gsize) v * 3, 3 * sizeof (float));
      memcpy (key + 3, out->texcoords0 + (gsize) v * 2, 2 * sizeof (float));
      bytes = g_bytes_new (key, sizeof key);
      if (!g_hash_table_contains (known, bytes))
        g_error ("vertex %u (%g %g %g / %g %g) is not a source vertex", v, key[0], key[1], key[2],
                 key[3], key[4]);
    }
}

/* Counts edges (by position) used by other than two triangles: a closed
 * surface that stays closed has none, so no seam opened a crack. */
static guint
open_edges (const AtelierGltfPrimitive *prim)
{
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                                     (GDestroyNotify) g_bytes_unref, NULL);
  g_autoptr(GHashTable) edges = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree guint *pos_id = g_new (guint, prim->vertex_count);
  g_autofree gint64 *keys = g_new (gint64, prim->index_count);
  guint open = 0;
  GHashTableIter iter;
  gpointer value;

  for (guint32 v = 0; v < prim->vertex_count; v++)
    {
      GBytes *key = g_bytes_new (prim->positions + (gsize) v * 3, 3 * sizeof (float));
      gpointer id;

      if (!g_hash_table_lookup_extended (ids, key, NULL, &id))
        {
          id = GUINT_TO_POINTER (g_hash_table_size (ids));
          g_hash_table_insert (ids, g_bytes_ref (key), id);
        }
      pos_id[v] = GPOINTER_TO_UINT (id);
      g_bytes_unref (key);
    }

  for (guint32 t = 0; t < prim->index_count; t += 3)
    for (guint k = 0; k < 3; k++)
      {
        guint a = pos_id[prim->indices[t + k]], b = pos_id[prim->indices[t + (k + 1) % 3]];
        gint64 *key = &keys[t + k];

        if (a == b)
          continue;
        *key = ((gint64) MIN (a, b) << 32) | MAX (a, b);
        value = g_hash_table_lookup (edges, key);
        g_hash_table_insert (edges, key, GUINT_TO_POINTER (GPOINTER_TO_UINT (value) + 1));
      }

  g_hash_table_iter_init (&iter, edges);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (GPOINTER_TO_UINT (value) != 2)
      open++;
  return open;
}

static gboolean
need_meshopt (void)
{
  if (atelier_gltf_compression_available (ATELIER_GLTF_COMPRESSION_MESHOPT))
    return TRUE;
  g_test_skip ("built without libmeshoptimizer");
  return FALSE;
}

static void
test_simplify_budget (void)
{
  static const char * const prompts[] = { "a smooth pebble", "a twisted donut" };
  g_autofree char *dir = asset_test_tmpdir ();

  for (guint i = 0; i < G_N_ELEMENTS (prompts); i++)
    {
      g_autofree char *path = asset_test_procedural (dir, prompts[i], 40000, FALSE, 128, "jpeg");
      g_autofree char *before = checksum_file (path);
      g_autofree char *after = NULL;
      g_autoptr(AtelierGltfAsset) source = load_asset (path, TRUE);
      g_autoptr(AtelierGltfAsset) out = NULL;
      const AtelierGltfScene *a = atelier_gltf_asset_get_scene (source);
      const AtelierGltfScene *b;
      AtelierGltfOptimizeOptions options;
      guint64 faces = a->n_triangles;
      guint64 vertices = a->n_vertices;
      guint source_open = open_edges (&a->meshes[0].primitives[0]);

      atelier_gltf_optimize_options_init (&options);
      options.target_faces = 2000;
      out = optimize (source, &options);
      b = atelier_gltf_asset_get_scene (out);

      g_test_message ("%s: %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT " faces, %u open edges before",
                      prompts[i], faces, b->n_triangles, source_open);
      g_assert_cmpuint (b->n_triangles, >=, 1800);
      g_assert_cmpuint (b->n_triangles, <=, 2200);
      g_assert_cmpuint (b->n_vertices, <, vertices);

      /* The source asset and its file are untouched. */
      g_assert_cmpuint (a->n_triangles, ==, faces);
      g_assert_cmpuint (a->n_vertices, ==, vertices);
      after = checksum_file (path);
      g_assert_cmpstr (before, ==, after);

      assert_vertices_from_source (&a->meshes[0].primitives[0], &b->meshes[0].primitives[0]);
      g_assert_cmpuint (open_edges (&b->meshes[0].primitives[0]), <=, source_open);
      /* Normals were computed on load, so they are recomputed, not carried. */
      g_assert_cmpuint (atelier_gltf_asset_get_authored (out, 0, 0), ==, 0);
      g_assert_nonnull (b->meshes[0].primitives[0].normals);
      for (guint k = 0; k < 3; k++)
        {
          g_assert_cmpfloat_with_epsilon (a->min[k], b->min[k], 0.02 * (a->max[k] - a->min[k]) + 1e-4);
          g_assert_cmpfloat_with_epsilon (a->max[k], b->max[k], 0.02 * (a->max[k] - a->min[k]) + 1e-4);
        }
    }
}

/* Ratio, a mesh without indices, and a locked border. */
static void
test_ratio_and_weld (void)
{
  g_autofree char *knight = asset_test_corpus_file ("chr_knight.glb");
  g_autofree char *dir = asset_test_tmpdir ();
  g_autofree char *path = asset_test_procedural (dir, "a ratio test", 10000, TRUE, 0, NULL);
  g_autoptr(AtelierGltfAsset) source = load_asset (path, TRUE);
  g_autoptr(AtelierGltfAsset) out = NULL;
  AtelierGltfOptimizeOptions options;
  guint64 faces = atelier_gltf_asset_get_scene (source)->n_triangles;

  atelier_gltf_optimize_options_init (&options);
  options.target_ratio = 0.25;
  options.lock_borders = TRUE;
  out = optimize (source, &options);
  g_assert_cmpfloat (fabs ((double) atelier_gltf_asset_get_scene (out)->n_triangles - faces * 0.25),
                     <=, faces * 0.025);
  /* Authored normals are carried along. */
  g_assert_cmpuint (atelier_gltf_asset_get_authored (out, 0, 0), ==, ATELIER_GLTF_AUTHORED_NORMALS);

  if (knight != NULL)
    {
      g_autoptr(AtelierGltfAsset) k = load_asset (knight, TRUE);
      g_autoptr(AtelierGltfAsset) welded = NULL;
      const AtelierGltfScene *ks = atelier_gltf_asset_get_scene (k);
      const AtelierGltfScene *ws;

      /* Ratio 1: nothing removed, but shared vertices are welded. */
      atelier_gltf_optimize_options_init (&options);
      welded = optimize (k, &options);
      ws = atelier_gltf_asset_get_scene (welded);
      g_assert_cmpuint (ws->n_triangles, ==, ks->n_triangles);
      g_assert_cmpuint (ws->n_vertices, <, ks->n_vertices);
      g_assert_nonnull (ws->meshes[0].primitives[0].indices);
    }
}

static void
test_textures (void)
{
  g_autofree char *dir = asset_test_tmpdir ();
  g_autofree char *path = asset_test_procedural (dir, "a texture test", 2000, FALSE, 256, "png");
  g_autofree char *out_path = g_build_filename (dir, "small.glb", NULL);
  g_autoptr(AtelierGltfAsset) source = load_asset (path, FALSE);
  g_autoptr(AtelierGltfAsset) out = NULL;
  g_autoptr(AtelierGltfScene) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  AtelierGltfOptimizeOptions options;
  AtelierGltfWriteOptions write;
  AtelierGltfAssetStats stats;

  /* Without decoded pixels, an unchanged texture is the same file. */
  atelier_gltf_optimize_options_init (&options);
  out = optimize (source, &options);
  g_assert_true (atelier_gltf_asset_get_image_file (out, 0) ==
                 atelier_gltf_asset_get_image_file (source, 0));
  g_clear_pointer (&out, atelier_gltf_asset_unref);

  /* Resized and re-encoded (decoded from the file on demand). */
  options.texture_size = 64;
  options.texture_format = ATELIER_GLTF_TEXTURE_WEBP;
  out = optimize (source, &options);
  atelier_gltf_asset_get_stats (out, &stats);
  g_assert_cmpuint (stats.n_images, ==, 1);
  g_assert_cmpuint (stats.max_image_edge, ==, 64);
  g_assert_cmpuint (stats.texture_memory, ==, 64 * 64 * 4);
  g_assert_cmpstr (atelier_gltf_asset_get_scene (out)->images[0].mime_type, ==, "image/webp");
  g_assert_nonnull (atelier_gltf_asset_get_scene (out)->images[0].pixels);

  atelier_gltf_write_options_init (&write);
  g_assert_true (atelier_gltf_asset_write (out, out_path, &write, NULL, &error));
  g_assert_no_error (error);
  reloaded = atelier_gltf_load_file (out_path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reloaded->images[0].mime_type, ==, "image/webp");
  g_assert_cmpint (reloaded->images[0].width, ==, 64);
  g_assert_nonnull (reloaded->images[0].pixels);
  g_assert_true (g_strv_contains ((const char * const *) reloaded->extensions_required,
                                  "EXT_texture_webp"));
  g_assert_true (g_strv_contains ((const char * const *) reloaded->extensions_used,
                                  "EXT_texture_webp"));
  /* The base colour still reaches the material. */
  g_assert_cmpint (reloaded->textures[reloaded->materials[0].base_color.texture].image, ==, 0);

  /* A resize keeps the format when asked to. */
  g_clear_pointer (&out, atelier_gltf_asset_unref);
  options.texture_format = ATELIER_GLTF_TEXTURE_KEEP;
  options.texture_size = 100;
  out = optimize (source, &options);
  g_assert_cmpstr (atelier_gltf_asset_get_scene (out)->images[0].mime_type, ==, "image/png");
  g_assert_cmpint (atelier_gltf_asset_get_scene (out)->images[0].width, ==, 100);
}

/* Lanczos on a flat image stays flat; transparent texels do not bleed
 * their colour; an opaque image may become a JPEG. */
static void
test_resize_quality (void)
{
  g_autofree guint8 *flat = g_malloc (100 * 60 * 4);
  g_autofree guint8 *half = g_malloc (64 * 64 * 4);
  g_autofree guint8 *small = NULL;
  g_autofree char *dir = asset_test_tmpdir ();
  g_autofree char *path = asset_test_procedural (dir, "an opaque test", 500, FALSE, 128, "png");
  g_autoptr(AtelierGltfAsset) source = load_asset (path, TRUE);
  g_autoptr(AtelierGltfAsset) out = NULL;
  AtelierGltfOptimizeOptions options;
  const AtelierGltfImage *image;

  for (guint i = 0; i < 100 * 60; i++)
    memcpy (flat + i * 4, (guint8[]) { 200, 100, 50, 255 }, 4);
  small = gltf_image_resize (flat, 100, 60, 33, 20);
  for (guint i = 0; i < 33 * 20; i++)
    g_assert_cmpmem (small + i * 4, 4, ((guint8[]) { 200, 100, 50, 255 }), 4);
  g_clear_pointer (&small, g_free);

  /* Left half transparent red, right half opaque green. */
  for (guint y = 0; y < 64; y++)
    for (guint x = 0; x < 64; x++)
      memcpy (half + (y * 64 + x) * 4,
              x < 32 ? (guint8[]) { 255, 0, 0, 0 } : (guint8[]) { 0, 255, 0, 255 }, 4);
  small = gltf_image_resize (half, 64, 64, 16, 16);
  for (guint i = 0; i < 16 * 16; i++)
    if (small[i * 4 + 3] > 0)
      g_assert_cmpuint (small[i * 4], ==, 0);

  atelier_gltf_optimize_options_init (&options);
  options.texture_size = 32;
  options.texture_format = ATELIER_GLTF_TEXTURE_JPEG;
  out = optimize (source, &options);
  image = &atelier_gltf_asset_get_scene (out)->images[0];
  g_assert_cmpint (image->width, ==, 32);
  g_assert_cmpint (image->height, ==, 32);
  g_assert_cmpstr (image->mime_type, ==, "image/jpeg");
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  GArray *values = user_data;

  g_array_append_val (values, fraction);
}

static void
optimize_done (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AtelierGltfAsset **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = atelier_gltf_optimize_finish (result, &error);
  g_assert_no_error (error);
}

static void
test_async_progress (void)
{
  g_autofree char *dir = asset_test_tmpdir ();
  g_autofree char *path = asset_test_procedural (dir, "an async test", 20000, FALSE, 64, "png");
  g_autoptr(AtelierGltfAsset) source = load_asset (path, TRUE);
  g_autoptr(AtelierGltfAsset) out = NULL;
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
  AtelierGltfOptimizeOptions options;

  atelier_gltf_optimize_options_init (&options);
  options.target_ratio = 0.1;
  atelier_gltf_optimize_async (source, &options, progress_cb, values, NULL, optimize_done, &out);
  while (out == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (atelier_gltf_asset_get_scene (out)->n_triangles, <=, 2200);
  g_assert_cmpuint (values->len, >=, 2);
  for (guint i = 1; i < values->len; i++)
    g_assert_cmpfloat (g_array_index (values, double, i), >=, g_array_index (values, double, i - 1));
}

static void
test_cancelled (void)
{
  g_autofree char *dir = asset_test_tmpdir ();
  g_autofree char *path = asset_test_procedural (dir, "a cancelled test", 2000, FALSE, 0, NULL);
  g_autoptr(AtelierGltfAsset) source = load_asset (path, TRUE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  AtelierGltfOptimizeOptions options;
  AtelierGltfAsset *out;

  atelier_gltf_optimize_options_init (&options);
  options.target_ratio = 0.5;
  g_cancellable_cancel (cancellable);
  out = atelier_gltf_optimize (source, &options, cancellable, NULL, NULL, &error);
  g_assert_null (out);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!atelier_gltf_compression_available (ATELIER_GLTF_COMPRESSION_MESHOPT))
    {
      g_test_add_func ("/asset/optimize/unavailable", (GTestFunc) need_meshopt);
      return g_test_run ();
    }

  g_test_add_func ("/asset/optimize/simplify-budget", test_simplify_budget);
  g_test_add_func ("/asset/optimize/ratio-and-weld", test_ratio_and_weld);
  g_test_add_func ("/asset/optimize/textures", test_textures);
  g_test_add_func ("/asset/optimize/resize-quality", test_resize_quality);
  g_test_add_func ("/asset/optimize/async-progress", test_async_progress);
  g_test_add_func ("/asset/optimize/cancelled", test_cancelled);

  return asset_test_run ();
}
