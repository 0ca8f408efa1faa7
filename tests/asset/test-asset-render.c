/* test-asset-render.c: what the optimizer makes looks like its source, and
 * turntables turn
 *
 * Rendered headless through src/render (real GL: Mesa llvmpipe). Both
 * images of a comparison use one camera, framed on the source.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <webp/demux.h>

#include "asset-test-util.h"
#include "atelier-gltf-export.h"
#include "atelier-headless.h"
#include "atelier-turntable.h"

#define SIZE 256

/* RGBA, straight alpha, transparent background; NULL (and the test skipped)
 * without GL. */
static guint8 *
render (const AtelierGltfScene *scene,
        const AtelierGltfScene *framing,
        AtelierRenderMode       mode)
{
  static const float clear[4] = { 0, 0, 0, 0 };
  g_autoptr(AtelierHeadless) headless = NULL;
  g_autoptr(AtelierRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  AtelierRenderCamera camera;
  guint8 *rgba;

  headless = atelier_headless_new (SIZE, SIZE, 4, &error);
  if (headless == NULL)
    {
      g_test_skip_printf ("no GL context: %s", error->message);
      return NULL;
    }
  renderer = atelier_renderer_new (atelier_headless_get_use_es (headless), &error);
  g_assert_no_error (error);

  atelier_renderer_set_scene (renderer, scene);
  atelier_renderer_set_mode (renderer, mode);
  atelier_renderer_set_show_grid (renderer, FALSE);
  atelier_renderer_set_background (renderer, clear);
  atelier_render_camera_init (&camera);
  atelier_render_camera_frame_bounds (&camera, framing->min, framing->max, 1.0f);
  atelier_headless_bind (headless);
  atelier_renderer_draw (renderer, &camera, SIZE, SIZE);
  rgba = atelier_headless_read_rgba (headless);
  g_assert_true (atelier_headless_check_gl (headless, NULL));
  g_clear_pointer (&renderer, atelier_renderer_free);
  return rgba;
}

/* Intersection over union of the foreground (alpha) masks. */
static double
silhouette_iou (const guint8 *a,
                const guint8 *b)
{
  guint64 inter = 0, uni = 0;

  for (gsize i = 3; i < (gsize) SIZE * SIZE * 4; i += 4)
    {
      gboolean fa = a[i] > 127, fb = b[i] > 127;

      inter += fa && fb;
      uni += fa || fb;
    }
  return uni > 0 ? (double) inter / uni : 1.0;
}

/* Mean absolute colour difference where both are foreground, 0..255. */
static double
mean_difference (const guint8 *a,
                 const guint8 *b)
{
  double sum = 0;
  guint64 n = 0;

  for (gsize i = 0; i < (gsize) SIZE * SIZE * 4; i += 4)
    if (a[i + 3] > 127 && b[i + 3] > 127)
      {
        for (guint c = 0; c < 3; c++)
          sum += fabs ((double) a[i + c] - b[i + c]);
        n += 3;
      }
  return n > 0 ? sum / n : 0.0;
}

static AtelierGltfAsset *
load_asset (const char *path)
{
  g_autoptr(GError) error = NULL;
  AtelierGltfAsset *asset = atelier_gltf_asset_load (path, NULL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return asset;
}

static AtelierGltfScene *
optimize_write_reload (AtelierGltfAsset                 *source,
                       const AtelierGltfOptimizeOptions *optimize,
                       const AtelierGltfWriteOptions    *write,
                       const char                       *path)
{
  g_autoptr(AtelierGltfAsset) out = NULL;
  g_autoptr(GError) error = NULL;
  AtelierGltfScene *scene;

  out = atelier_gltf_optimize (source, optimize, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (atelier_gltf_asset_export (out, path, write, NULL, NULL, &error));
  g_assert_no_error (error);
  scene = atelier_gltf_load_file (path, NULL, &error);
  g_assert_no_error (error);
  return scene;
}

/* DamagedHelmet → 20,000 faces, textures ≤ 512 px WebP, meshopt: renders
 * like the source. */
static void
test_helmet (void)
{
  g_autofree char *path = asset_test_corpus_file ("DamagedHelmet.glb");
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autoptr(AtelierGltfAsset) source = NULL;
  g_autoptr(AtelierGltfScene) small = NULL;
  g_autofree guint8 *a = NULL;
  g_autofree guint8 *b = NULL;
  g_autofree guint8 *ca = NULL;
  g_autofree guint8 *cb = NULL;
  const AtelierGltfScene *scene;
  AtelierGltfOptimizeOptions optimize;
  AtelierGltfWriteOptions write;
  double iou, diff;

  if (path == NULL)
    {
      g_test_skip ("no shared corpus (DamagedHelmet.glb)");
      return;
    }
  if (!atelier_gltf_compression_available (ATELIER_GLTF_COMPRESSION_MESHOPT))
    {
      g_test_skip ("built without libmeshoptimizer");
      return;
    }
  dir = asset_test_tmpdir ();
  out = g_build_filename (dir, "helmet-20k.glb", NULL);
  source = load_asset (path);
  scene = atelier_gltf_asset_get_scene (source);

  atelier_gltf_optimize_options_init (&optimize);
  optimize.target_faces = 20000;
  optimize.texture_size = 512;
  optimize.texture_format = ATELIER_GLTF_TEXTURE_WEBP;
  atelier_gltf_write_options_init (&write);
  write.compression = ATELIER_GLTF_COMPRESSION_MESHOPT;
  small = optimize_write_reload (source, &optimize, &write, out);

  /* DamagedHelmet has 15,452 triangles: a budget above that keeps them all. */
  g_assert_cmpuint (small->n_triangles, <=, 20000 * 1.1);
  g_assert_cmpuint (small->n_triangles, >=, MIN (20000, scene->n_triangles) * 0.9);
  for (guint i = 0; i < small->n_images; i++)
    {
      g_assert_cmpstr (small->images[i].mime_type, ==, "image/webp");
      g_assert_cmpint (MAX (small->images[i].width, small->images[i].height), <=, 512);
      g_assert_nonnull (small->images[i].pixels);
    }

  a = render (scene, scene, ATELIER_RENDER_MODE_SHADED);
  if (a == NULL)
    return;
  b = render (small, scene, ATELIER_RENDER_MODE_SHADED);
  ca = render (scene, scene, ATELIER_RENDER_MODE_CLAY);
  cb = render (small, scene, ATELIER_RENDER_MODE_CLAY);
  iou = silhouette_iou (ca, cb);
  diff = mean_difference (a, b);
  g_test_message ("DamagedHelmet %" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT
                  " faces: silhouette IoU %.4f, mean colour difference %.2f / 255",
                  scene->n_triangles, small->n_triangles, iou, diff);
  g_assert_cmpfloat (iou, >=, 0.97);
  g_assert_cmpfloat (diff, <=, 8.0);
}

/* A generator-shaped model (no normals, one UV-mapped mesh) at 5 %. */
static void
test_generator_silhouette (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *out = NULL;
  g_autoptr(AtelierGltfAsset) source = NULL;
  g_autoptr(AtelierGltfScene) small = NULL;
  g_autofree guint8 *a = NULL;
  g_autofree guint8 *b = NULL;
  const AtelierGltfScene *scene;
  AtelierGltfOptimizeOptions optimize;
  AtelierGltfWriteOptions write;
  double iou;

  if (!atelier_gltf_compression_available (ATELIER_GLTF_COMPRESSION_MESHOPT))
    {
      g_test_skip ("built without libmeshoptimizer");
      return;
    }
  dir = asset_test_tmpdir ();
  path = asset_test_procedural (dir, "a generated statue", 200000, FALSE, 256, "jpeg");
  out = g_build_filename (dir, "statue-5.glb", NULL);
  source = load_asset (path);
  scene = atelier_gltf_asset_get_scene (source);

  atelier_gltf_optimize_options_init (&optimize);
  optimize.target_ratio = 0.05;
  atelier_gltf_write_options_init (&write);
  write.compression = ATELIER_GLTF_COMPRESSION_MESHOPT;
  small = optimize_write_reload (source, &optimize, &write, out);
  g_assert_cmpuint (small->n_triangles, >=, scene->n_triangles * 0.045);
  g_assert_cmpuint (small->n_triangles, <=, scene->n_triangles * 0.055);

  a = render (scene, scene, ATELIER_RENDER_MODE_CLAY);
  if (a == NULL)
    return;
  b = render (small, scene, ATELIER_RENDER_MODE_CLAY);
  iou = silhouette_iou (a, b);
  g_test_message ("%" G_GUINT64_FORMAT " -> %" G_GUINT64_FORMAT " faces: silhouette IoU %.4f, "
                  "clay difference %.2f", scene->n_triangles, small->n_triangles, iou,
                  mean_difference (a, b));
  g_assert_cmpfloat (iou, >=, 0.95);
}

typedef struct
{
  guint    n_frames;
  guint32  loop_count;
  int      width;
  int      height;
  guint8 **frames;
  int     *timestamps;
} Animation;

static void
animation_free (Animation *anim)
{
  for (guint i = 0; i < anim->n_frames; i++)
    g_free (anim->frames[i]);
  g_free (anim->frames);
  g_free (anim->timestamps);
}

static void
decode_animation (const char *path,
                  Animation  *anim)
{
  g_autofree char *contents = NULL;
  gsize length;
  WebPData data;
  WebPAnimDecoderOptions options;
  WebPAnimDecoder *decoder;
  WebPAnimInfo info;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  data.bytes = (const uint8_t *) contents;
  data.size = length;
  g_assert_true (WebPAnimDecoderOptionsInit (&options));
  options.color_mode = MODE_RGBA;
  decoder = WebPAnimDecoderNew (&data, &options);
  g_assert_nonnull (decoder);
  g_assert_true (WebPAnimDecoderGetInfo (decoder, &info));

  anim->n_frames = info.frame_count;
  anim->loop_count = info.loop_count;
  anim->width = info.canvas_width;
  anim->height = info.canvas_height;
  anim->frames = g_new0 (guint8 *, info.frame_count);
  anim->timestamps = g_new0 (int, info.frame_count);
  for (guint i = 0; WebPAnimDecoderHasMoreFrames (decoder); i++)
    {
      uint8_t *buffer;
      int timestamp;

      g_assert_cmpuint (i, <, info.frame_count);
      g_assert_true (WebPAnimDecoderGetNext (decoder, &buffer, &timestamp));
      anim->frames[i] = g_memdup2 (buffer, (gsize) info.canvas_width * info.canvas_height * 4);
      anim->timestamps[i] = timestamp;
    }
  WebPAnimDecoderDelete (decoder);
}

static double
frame_difference (const Animation *anim,
                  guint            i,
                  guint            j)
{
  double sum = 0;
  gsize n = (gsize) anim->width * anim->height * 4;

  for (gsize k = 0; k < n; k++)
    sum += fabs ((double) anim->frames[i][k] - anim->frames[j][k]);
  return sum / n;
}

static void
check_turntable (const char *path,
                 guint       frames,
                 int         size,
                 double      seconds)
{
  Animation anim = { 0 };
  double min_step = G_MAXDOUBLE, max_step = 0, wrap;

  decode_animation (path, &anim);
  g_assert_cmpuint (anim.n_frames, ==, frames);
  g_assert_cmpuint (anim.loop_count, ==, 0);   /* forever */
  g_assert_cmpint (anim.width, ==, size);
  g_assert_cmpint (anim.height, ==, size);
  /* The decoder's timestamps are end times: the last is one whole turn. */
  g_assert_cmpint (anim.timestamps[frames - 1], ==, (int) lround (seconds * 1000));

  for (guint i = 1; i < frames; i++)
    {
      double d = frame_difference (&anim, i - 1, i);

      min_step = MIN (min_step, d);
      max_step = MAX (max_step, d);
    }
  wrap = frame_difference (&anim, frames - 1, 0);
  g_test_message ("%u frames: steps %.2f..%.2f, last to first %.2f, opposite %.2f", frames,
                  min_step, max_step, wrap, frame_difference (&anim, 0, frames / 2));
  /* Every frame differs from the one before… */
  g_assert_cmpfloat (min_step, >, 0.2);
  /* …and the loop closes: the last frame is one ordinary step from the first. */
  g_assert_cmpfloat (wrap, >, 0.2);
  g_assert_cmpfloat (wrap, <=, max_step * 1.5);
  g_assert_cmpfloat (wrap, >=, min_step * 0.5);
  animation_free (&anim);
}

static void
test_turntable (void)
{
  g_autofree char *dir = asset_test_tmpdir ();
  g_autofree char *path = asset_test_procedural (dir, "a turning vase", 20000, FALSE, 256, "png");
  g_autofree char *out = g_build_filename (dir, "turn.webp", NULL);
  g_autoptr(AtelierGltfScene) scene = NULL;
  g_autoptr(GError) error = NULL;
  AtelierTurntableOptions options;
  g_autofree guint8 *probe = NULL;

  scene = atelier_gltf_load_file (path, NULL, &error);
  g_assert_no_error (error);
  probe = render (scene, scene, ATELIER_RENDER_MODE_CLAY);
  if (probe == NULL)
    return;

  atelier_turntable_options_init (&options);
  options.width = options.height = 128;
  g_assert_cmpuint (options.frames, ==, 36);
  g_assert_true (atelier_turntable_write (scene, out, &options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  check_turntable (out, 36, 128, 3.0);

  /* Video is refused with a reason rather than written wrong. */
  {
    g_autofree char *video = g_build_filename (dir, "turn.webm", NULL);

    g_assert_false (atelier_turntable_write (scene, video, &options, NULL, NULL, NULL, &error));
    g_assert_error (error, ATELIER_TURNTABLE_ERROR, ATELIER_TURNTABLE_ERROR_UNSUPPORTED);
    g_assert_false (g_file_test (video, G_FILE_TEST_EXISTS));
  }
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
turntable_done (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  int *state = user_data;
  g_autoptr(GError) error = NULL;

  *state = atelier_turntable_write_file_finish (result, &error) ? 1 : 2;
  g_assert_no_error (error);
}

static void
test_turntable_async (void)
{
  g_autofree char *dir = asset_test_tmpdir ();
  g_autofree char *path = asset_test_procedural (dir, "a clay cup", 5000, TRUE, 0, NULL);
  g_autofree char *out = g_build_filename (dir, "cup.webp", NULL);
  g_autoptr(AtelierGltfScene) scene = atelier_gltf_load_file (path, NULL, NULL);
  g_autofree guint8 *probe = render (scene, scene, ATELIER_RENDER_MODE_CLAY);
  AtelierTurntableOptions options;
  double last = 0.0;
  int state = 0;

  if (probe == NULL)
    return;
  atelier_turntable_options_init (&options);
  options.width = options.height = 96;
  options.frames = 12;
  options.seconds = 1.5;
  options.mode = ATELIER_RENDER_MODE_CLAY;
  atelier_turntable_write_file_async (path, out, &options, progress_cb, &last, NULL,
                                      turntable_done, &state);
  while (state == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (state, ==, 1);
  check_turntable (out, 12, 96, 1.5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/asset/render/helmet", test_helmet);
  g_test_add_func ("/asset/render/generator-silhouette", test_generator_silhouette);
  g_test_add_func ("/asset/turntable/webp", test_turntable);
  g_test_add_func ("/asset/turntable/async", test_turntable_async);

  return asset_test_run ();
}
