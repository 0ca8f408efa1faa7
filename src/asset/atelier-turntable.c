/* atelier-turntable.c: render a turn, encode an animated WebP
 *
 * The camera frames a box that is square around the vertical axis (the
 * model's footprint circle fits in it), so no corner leaves the picture
 * while the model turns. Frame i is at i/N of a turn, so after the last
 * frame the first one follows one step later: the loop has no seam.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-asset"

#include "config.h"

#include <math.h>
#include <string.h>
#ifdef HAVE_LIBWEBPMUX
#include <webp/encode.h>
#include <webp/mux.h>
#endif

#include "atelier-gltf-asset-private.h"
#include "atelier-headless.h"
#include "atelier-render-target.h"
#include "atelier-turntable.h"

G_DEFINE_QUARK (atelier-turntable-error-quark, atelier_turntable_error)

void
atelier_turntable_options_init (AtelierTurntableOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->width = 512;
  options->height = 512;
  options->frames = 36;
  options->seconds = 3.0;
  options->mode = ATELIER_RENDER_MODE_SHADED;
  options->quality = 80;
  options->samples = -1;
}

static void
report (AtelierGltfProgressFunc progress,
        gpointer                data,
        double                  fraction)
{
  if (progress != NULL)
    progress (CLAMP (fraction, 0.0, 1.0), data);
}

#ifdef HAVE_LIBWEBPMUX
static gboolean
encode_frame (WebPAnimEncoder               *encoder,
              const guint8                  *rgba,
              const AtelierTurntableOptions *options,
              int                            timestamp,
              GError                       **error)
{
  WebPConfig config;
  WebPPicture picture;
  gboolean ok;

  if (!WebPConfigInit (&config) || !WebPPictureInit (&picture))
    {
      g_set_error (error, ATELIER_TURNTABLE_ERROR, ATELIER_TURNTABLE_ERROR_FAILED,
                   "libwebp version mismatch");
      return FALSE;
    }
  config.lossless = options->quality >= 100;
  config.quality = CLAMP (options->quality, 1, 100);
  config.method = 4;
  picture.use_argb = 1;
  picture.width = options->width;
  picture.height = options->height;
  if (!WebPPictureImportRGBA (&picture, rgba, options->width * 4))
    {
      g_set_error (error, ATELIER_TURNTABLE_ERROR, ATELIER_TURNTABLE_ERROR_FAILED,
                   "out of memory for a %d×%d frame", options->width, options->height);
      return FALSE;
    }
  ok = WebPAnimEncoderAdd (encoder, &picture, timestamp, &config);
  WebPPictureFree (&picture);
  if (!ok)
    g_set_error (error, ATELIER_TURNTABLE_ERROR, ATELIER_TURNTABLE_ERROR_FAILED,
                 "WebP encoding failed: %s", WebPAnimEncoderGetError (encoder));
  return ok;
}
#endif

/* The default three-quarter view of a box that holds the model at any yaw. */
static void
frame_camera (AtelierRenderer        *renderer,
              const AtelierTurntableOptions *options,
              AtelierRenderCamera    *camera)
{
  float min[3], max[3], cx, cz, r;

  atelier_render_camera_init (camera);
  atelier_renderer_get_bounds (renderer, min, max);
  cx = 0.5f * (min[0] + max[0]);
  cz = 0.5f * (min[2] + max[2]);
  r = 0.5f * hypotf (max[0] - min[0], max[2] - min[2]);
  min[0] = cx - r, max[0] = cx + r;
  min[2] = cz - r, max[2] = cz + r;
  atelier_render_camera_frame_bounds (camera, min, max, options->width / (float) options->height);
}

gboolean
atelier_turntable_write (const AtelierGltfScene        *scene,
                         const char                    *path,
                         const AtelierTurntableOptions *options,
                         GCancellable                  *cancellable,
                         AtelierGltfProgressFunc        progress,
                         gpointer                       progress_data,
                         GError                       **error)
{
#ifdef HAVE_LIBWEBPMUX
  g_autoptr(AtelierHeadless) headless = NULL;
  g_autoptr(AtelierRenderer) renderer = NULL;
  g_autoptr(GError) local_error = NULL;
  WebPAnimEncoderOptions encoder_options;
  WebPAnimEncoder *encoder = NULL;
  WebPData data = { NULL, 0 };
  AtelierRenderCamera camera;
  gboolean ok = FALSE;
  double frame_ms;
  int samples;

  g_return_val_if_fail (scene != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  if (options->frames < 1 || options->frames > 3600 || options->width < 1 ||
      options->height < 1 || options->width > 4096 || options->height > 4096 ||
      !(options->seconds > 0.0))
    {
      g_set_error (error, ATELIER_TURNTABLE_ERROR, ATELIER_TURNTABLE_ERROR_FAILED,
                   "a turntable needs 1 to 3600 frames of at most 4096×4096 pixels and a "
                   "positive duration");
      return FALSE;
    }
  if (!g_str_has_suffix (path, ".webp") && !g_str_has_suffix (path, ".WEBP"))
    {
      g_set_error (error, ATELIER_TURNTABLE_ERROR, ATELIER_TURNTABLE_ERROR_UNSUPPORTED,
                   "only animated WebP (.webp) can be written: video needs GStreamer, which "
                   "this build lacks");
      return FALSE;
    }

  samples = options->samples >= 0 ? options->samples : atelier_render_pick_samples (scene->n_triangles);
  headless = atelier_headless_new (options->width, options->height, samples, error);
  if (headless == NULL)
    return FALSE;
  renderer = atelier_renderer_new (atelier_headless_get_use_es (headless), error);
  if (renderer == NULL)
    return FALSE;

  atelier_renderer_set_scene (renderer, scene);
  atelier_renderer_set_mode (renderer, options->mode);
  atelier_renderer_set_show_grid (renderer, FALSE);
  if (options->transparent)
    {
      static const float clear[4] = { 0, 0, 0, 0 };

      atelier_renderer_set_background (renderer, clear);
    }
  frame_camera (renderer, options, &camera);

  if (!WebPAnimEncoderOptionsInit (&encoder_options))
    {
      g_set_error (error, ATELIER_TURNTABLE_ERROR, ATELIER_TURNTABLE_ERROR_FAILED,
                   "libwebp version mismatch");
      return FALSE;
    }
  encoder_options.anim_params.loop_count = 0;  /* forever */
  encoder_options.allow_mixed = FALSE;
  encoder = WebPAnimEncoderNew (options->width, options->height, &encoder_options);

  frame_ms = options->seconds * 1000.0 / options->frames;
  for (guint i = 0; i < options->frames; i++)
    {
      g_autofree guint8 *rgba = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      camera.yaw = camera.home_yaw + 2.0f * (float) G_PI * i / options->frames;
      atelier_headless_bind (headless);
      atelier_renderer_draw (renderer, &camera, options->width, options->height);
      rgba = atelier_headless_read_rgba (headless);
      if (!atelier_headless_check_gl (headless, error))
        goto out;
      if (!options->transparent)
        for (gsize p = 3; p < (gsize) options->width * options->height * 4; p += 4)
          rgba[p] = 255;

      if (!encode_frame (encoder, rgba, options, (int) lround (i * frame_ms), error))
        goto out;
      report (progress, progress_data, 0.95 * (i + 1) / options->frames);
    }

  if (!WebPAnimEncoderAdd (encoder, NULL, (int) lround (options->frames * frame_ms), NULL) ||
      !WebPAnimEncoderAssemble (encoder, &data))
    {
      g_set_error (error, ATELIER_TURNTABLE_ERROR, ATELIER_TURNTABLE_ERROR_FAILED,
                   "WebP encoding failed: %s", WebPAnimEncoderGetError (encoder));
      goto out;
    }

  if (!g_file_set_contents_full (path, (const char *) data.bytes, data.size,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    {
      g_set_error (error, ATELIER_TURNTABLE_ERROR, ATELIER_TURNTABLE_ERROR_IO, "%s",
                   local_error->message);
      goto out;
    }
  report (progress, progress_data, 1.0);
  ok = TRUE;

out:
  WebPDataClear (&data);
  WebPAnimEncoderDelete (encoder);
  /* GL objects go before the context does. */
  g_clear_pointer (&renderer, atelier_renderer_free);
  return ok;
#else
  g_set_error (error, ATELIER_TURNTABLE_ERROR, ATELIER_TURNTABLE_ERROR_UNSUPPORTED,
               "animated WebP needs libwebpmux, which this build lacks");
  return FALSE;
#endif
}

typedef struct
{
  char                    *model_path;
  char                    *path;
  AtelierTurntableOptions  options;
} TurntableWork;

static void
turntable_work_free (gpointer data)
{
  TurntableWork *work = data;

  g_free (work->model_path);
  g_free (work->path);
  g_free (work);
}

static gpointer
turntable_work (gpointer                 data,
                GCancellable            *cancellable,
                AtelierGltfProgressFunc  progress,
                gpointer                 progress_data,
                GError                 **error)
{
  TurntableWork *work = data;
  g_autoptr(AtelierGltfScene) scene = NULL;

  scene = gltf_load_path (work->model_path, NULL, cancellable, NULL, NULL, error);
  if (scene == NULL)
    return NULL;
  report (progress, progress_data, 0.1);
  if (!atelier_turntable_write (scene, work->path, &work->options, cancellable, progress,
                                progress_data, error))
    return NULL;
  return GINT_TO_POINTER (1);
}

void
atelier_turntable_write_file_async (const char                    *model_path,
                                    const char                    *path,
                                    const AtelierTurntableOptions *options,
                                    AtelierGltfProgressFunc        progress,
                                    gpointer                       progress_data,
                                    GCancellable                  *cancellable,
                                    GAsyncReadyCallback            callback,
                                    gpointer                       user_data)
{
  TurntableWork *work;

  g_return_if_fail (model_path != NULL);
  g_return_if_fail (path != NULL);
  g_return_if_fail (options != NULL);

  work = g_new0 (TurntableWork, 1);
  work->model_path = g_strdup (model_path);
  work->path = g_strdup (path);
  work->options = *options;
  gltf_asset_task_run (atelier_turntable_write_file_async, turntable_work, work,
                       turntable_work_free, NULL, progress, progress_data, cancellable, callback,
                       user_data);
}

gboolean
atelier_turntable_write_file_finish (GAsyncResult  *result,
                                     GError       **error)
{
  return gltf_asset_task_finish (result, atelier_turntable_write_file_async, error) != NULL;
}
