/* atelier-model-view-lod.c: a simplified model while the camera moves
 *
 * On a slow GL (llvmpipe draws a million triangles in about 100 ms) turning
 * a dense model would stutter. So after a model is shown, its first full
 * frames are timed; if they are over FULL_BUDGET_MS, a worker simplifies the
 * model (atelier-render-lod.h) to what should draw in about TARGET_MS: first
 * coarsely in a fraction of a second, then carefully in a few seconds. While
 * the camera moves (drag, scroll, pinch, keys, the turntable) the view draws
 * the simplified model, and REST_MS after the last move the full one again.
 * A fast GPU never gets past the timing, and stays on full detail.
 *
 * ATELIER_VIEWER_LOD=always builds the simplified model whatever the timing
 * (tests), =never never does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-viewer"

#include "config.h"

#include <epoxy/gl.h>
#include <math.h>

#include "atelier-model-view-private.h"

/* Full frames at most this slow need no help. */
#define FULL_BUDGET_MS 25.0
/* What a simplified frame aims at: under the 33 ms of 30 frames a second,
 * with room for the compositor. */
#define TARGET_MS      20.0
/* Simplified frames slower than this get a smaller model, once. */
#define REBUILD_MS     33.0
#define MIN_RATIO      0.01
#define MAX_RATIO      0.6
#define REST_MS        200
/* Simplified frames also draw fewer pixels: this much of the width and
 * height to start with, then whatever keeps our part of a frame near
 * SCALE_TARGET_MS (GTK composing the window takes some more). */
#define START_SCALE    0.5
#define MIN_SCALE      0.3
#define SCALE_TARGET_MS 20.0
/* Every this many simplified frames one is timed, to follow the load. */
#define TIME_EVERY     8

struct _SceneRef
{
  gatomicrefcount   ref;
  AtelierGltfScene *scene;
  GDestroyNotify    free_func;
};

SceneRef *
scene_ref_new (AtelierGltfScene *scene,
               GDestroyNotify    free_func)
{
  SceneRef *self = g_new0 (SceneRef, 1);

  g_atomic_ref_count_init (&self->ref);
  self->scene = scene;
  self->free_func = free_func;
  return self;
}

SceneRef *
scene_ref_ref (SceneRef *self)
{
  g_atomic_ref_count_inc (&self->ref);
  return self;
}

void
scene_ref_unref (SceneRef *self)
{
  if (self != NULL && g_atomic_ref_count_dec (&self->ref))
    {
      self->free_func (self->scene);
      g_free (self);
    }
}

static const char *
lod_policy (void)
{
  const char *policy = g_getenv ("ATELIER_VIEWER_LOD");

  return policy ? policy : "auto";
}

typedef struct
{
  SceneRef *scene;
  double    ratio;
  gboolean  quality;
  guint     serial;
} BuildData;

static void
build_data_free (gpointer data)
{
  BuildData *build = data;

  scene_ref_unref (build->scene);
  g_free (build);
}

static void
build_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  BuildData *build = task_data;
  gint64 start = g_get_monotonic_time ();
  AtelierRenderLod *lod;

  lod = atelier_render_lod_build (build->scene->scene, build->ratio, build->quality, cancellable);
  if (lod)
    g_debug ("simplified to %" G_GUINT64_FORMAT " triangles (%.3f, %s) in %.0f ms",
             atelier_render_lod_get_triangles (lod), build->ratio,
             build->quality ? "careful" : "coarse", (g_get_monotonic_time () - start) / 1e3);
  g_task_return_pointer (task, lod, (GDestroyNotify) atelier_render_lod_free);
}

static void start_build (AtelierModelView *self,
                         double            ratio,
                         gboolean          quality);

static void
build_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AtelierModelView *self = ATELIER_MODEL_VIEW (source);
  BuildData *build = g_task_get_task_data (G_TASK (result));
  AtelierRenderLod *lod = g_task_propagate_pointer (G_TASK (result), NULL);
  gboolean quality = build->quality;
  double ratio = build->ratio;

  if (build->serial != self->lod_serial)
    {
      g_clear_pointer (&lod, atelier_render_lod_free);
      return;
    }
  g_clear_object (&self->lod_cancellable);

  if (lod == NULL)
    {
      /* Nothing to simplify (many small parts): full detail it is. */
      if (!self->lod_installed)
        self->lod_state = LOD_NOT_NEEDED;
      return;
    }

  g_clear_pointer (&self->lod_pending, atelier_render_lod_free);
  self->lod_pending = lod;
  self->lod_state = LOD_READY;
  gtk_gl_area_queue_render (GTK_GL_AREA (self));

  /* The coarse one is there; now the careful one, same size. */
  if (!quality)
    start_build (self, ratio, TRUE);
}

static void
start_build (AtelierModelView *self,
             double            ratio,
             gboolean          quality)
{
  g_autoptr(GTask) task = NULL;
  BuildData *build;

  if (self->scene_ref == NULL)
    return;
  if (self->lod_cancellable)
    g_cancellable_cancel (self->lod_cancellable);
  g_clear_object (&self->lod_cancellable);
  self->lod_cancellable = g_cancellable_new ();
  self->lod_ratio = ratio;

  build = g_new0 (BuildData, 1);
  build->scene = scene_ref_ref (self->scene_ref);
  build->ratio = ratio;
  build->quality = quality;
  build->serial = self->lod_serial;

  task = g_task_new (self, self->lod_cancellable, build_done, NULL);
  g_task_set_source_tag (task, start_build);
  g_task_set_task_data (task, build, build_data_free);
  g_task_run_in_thread (task, build_thread);
  if (self->lod_state != LOD_READY)
    self->lod_state = LOD_BUILDING;
}

void
atelier_model_view_lod_reset (AtelierModelView *self)
{
  self->lod_serial++;
  if (self->lod_cancellable)
    g_cancellable_cancel (self->lod_cancellable);
  g_clear_object (&self->lod_cancellable);
  g_clear_pointer (&self->lod_pending, atelier_render_lod_free);
  self->lod_state = self->scene_ref && atelier_render_lod_available () &&
                    g_strcmp0 (lod_policy (), "never") != 0
                    ? LOD_MEASURING : LOD_NOT_NEEDED;
  self->lod_remove = TRUE;
  self->lod_installed = FALSE;
  self->lod_rebuilt = FALSE;
  self->full_frames = self->lod_frames = self->moving_count = 0;
  self->full_ms = self->lod_ms = G_MAXDOUBLE;
  self->moving_scale = START_SCALE;
  if (self->preview_triangles != 0)
    {
      self->preview_triangles = 0;
      atelier_model_view_notify_preview (self);
    }
  atelier_model_view_update_simplified (self);
}

gboolean
atelier_model_view_lod_wants_timing (AtelierModelView *self)
{
  if (self->simplified)
    return self->lod_installed && (self->lod_frames < 2 || ++self->moving_count % TIME_EVERY == 0);
  return self->lod_state == LOD_MEASURING;
}

/* Follows the time of simplified frames with the size they are drawn at:
 * down at once when slow, up gently when there is room. */
static void
adapt_scale (AtelierModelView *self,
             double            ms)
{
  double wanted = self->moving_scale * sqrt (SCALE_TARGET_MS / MAX (ms, 1.0));
  double scale;

  wanted = CLAMP (wanted, MIN_SCALE, 1.0);
  scale = wanted < self->moving_scale ? wanted
                                      : self->moving_scale + 0.25 * (wanted - self->moving_scale);
  /* In steps, so a new size (and framebuffer) is not made every time. */
  scale = CLAMP (round (scale * 20) / 20, MIN_SCALE, 1.0);
  if (scale != self->moving_scale)
    g_debug ("simplified frames take %.0f ms: drawn at %.0f %%", ms, scale * 100);
  self->moving_scale = scale;
}

/* The share of triangles to keep: as many as fit the time, but no more than
 * one per PIXELS_PER_TRIANGLE pixels of a simplified frame. Smaller ones
 * would not show, and cost a software rasteriser the most: it shades in
 * 4×4 blocks, however little of a block a triangle covers. */
#define PIXELS_PER_TRIANGLE 10.0

static double
first_ratio (AtelierModelView *self)
{
  double ratio = TARGET_MS / self->full_ms;
  double pixels = (double) MAX (self->width, 1) * MAX (self->height, 1) *
                  START_SCALE * START_SCALE;

  if (self->stats.triangles > 0)
    ratio = MIN (ratio, pixels / PIXELS_PER_TRIANGLE / self->stats.triangles);
  return CLAMP (ratio, MIN_RATIO, MAX_RATIO);
}

static gboolean
queue_again (gpointer data)
{
  AtelierModelView *self = data;

  self->lod_idle = 0;
  atelier_model_view_queue (self);
  return G_SOURCE_REMOVE;
}

/* Called after each drawn frame that atelier_model_view_lod_wants_timing()
 * asked to time (with glFinish, so the GL work is in). */
void
atelier_model_view_lod_frame (AtelierModelView *self,
                              double            ms)
{
  if (self->simplified)
    {
      /* The first may include compiling shaders: decide on the second. */
      if (++self->lod_frames < 2)
        return;
      adapt_scale (self, ms);
      if (self->lod_frames > 2)
        return;
      self->lod_ms = ms;
      /* Still slow with the fewest pixels: fewer triangles too, once. */
      if (self->lod_ms > REBUILD_MS && self->moving_scale <= MIN_SCALE &&
          self->lod_ratio > MIN_RATIO && !self->lod_rebuilt &&
          g_strcmp0 (lod_policy (), "always") != 0)
        {
          self->lod_rebuilt = TRUE;
          start_build (self, MAX (self->lod_ratio * TARGET_MS / self->lod_ms, MIN_RATIO), FALSE);
        }
      return;
    }

  if (self->lod_state != LOD_MEASURING)
    return;
  self->full_ms = MIN (self->full_ms, ms);
  self->full_frames++;

  if (g_strcmp0 (lod_policy (), "always") == 0)
    {
      start_build (self, 0.25, FALSE);
      return;
    }
  /* Fast even with the first frame's shader compiling: nothing to do. */
  if (self->full_ms <= FULL_BUDGET_MS)
    {
      self->lod_state = LOD_NOT_NEEDED;
      return;
    }
  if (self->full_frames < 2)
    {
      /* Time one more, without the compiling, before deciding. */
      if (self->lod_idle == 0)
        self->lod_idle = g_idle_add (queue_again, self);
      return;
    }
  g_debug ("full frames take %.0f ms: simplifying", self->full_ms);
  start_build (self, first_ratio (self), FALSE);
}

/* In the render callback, with the context current. */
void
atelier_model_view_lod_upload (AtelierModelView *self)
{
  if (self->lod_remove)
    {
      atelier_renderer_set_lod (self->renderer, NULL);
      self->lod_remove = FALSE;
    }
  if (self->lod_pending == NULL)
    return;

  atelier_renderer_set_lod (self->renderer, self->lod_pending);
  g_clear_pointer (&self->lod_pending, atelier_render_lod_free);
  self->lod_installed = atelier_renderer_has_lod (self->renderer);
  self->lod_frames = 0;
  self->lod_ms = G_MAXDOUBLE;
  self->preview_triangles = self->lod_installed
    ? atelier_renderer_get_lod_triangles (self->renderer) : 0;
  atelier_model_view_notify_preview (self);
  /* Not from inside the render: property handlers may queue things. */
  if (self->lod_idle == 0)
    self->lod_idle = g_idle_add (queue_again, self);
}

static gboolean
rest (gpointer data)
{
  AtelierModelView *self = data;
  gint64 idle_us = g_get_monotonic_time () - self->last_motion;

  self->rest_id = 0;
  if (idle_us < REST_MS * 1000)
    {
      self->rest_id = g_timeout_add (MAX (REST_MS - idle_us / 1000, 1), rest, self);
      return G_SOURCE_REMOVE;
    }
  self->moving = FALSE;
  atelier_model_view_update_simplified (self);
  return G_SOURCE_REMOVE;
}

void
atelier_model_view_note_motion (AtelierModelView *self)
{
  self->last_motion = g_get_monotonic_time ();
  if (!self->moving)
    {
      self->moving = TRUE;
      atelier_model_view_update_simplified (self);
    }
  if (self->rest_id == 0)
    self->rest_id = g_timeout_add (REST_MS, rest, self);
}

void
atelier_model_view_lod_dispose (AtelierModelView *self)
{
  self->lod_serial++;
  if (self->lod_cancellable)
    g_cancellable_cancel (self->lod_cancellable);
  g_clear_object (&self->lod_cancellable);
  g_clear_pointer (&self->lod_pending, atelier_render_lod_free);
  g_clear_handle_id (&self->rest_id, g_source_remove);
  g_clear_handle_id (&self->lod_idle, g_source_remove);
}
