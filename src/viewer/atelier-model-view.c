/* atelier-model-view.c: the 3D model viewer widget
 *
 * Follows GTK's gtkshadertoy.c: GL resources are made in realize and freed
 * in unrealize, failures go through gtk_gl_area_set_error, and no GL state
 * lives outside the instance. The loader's CPU-side scene is uploaded on the
 * next render after it changes. Child widgets (toolbar, progress, error
 * page, statistics) are laid over the GL content with a GtkBinLayout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-viewer"

#include "config.h"

#include <adwaita.h>
#include <epoxy/gl.h>
#include <glib/gi18n.h>

#include "atelier-model-view-controls.h"
#include "atelier-model-view-private.h"
#include "atelier-render-profile.h"
#include "atelier-render-target.h"

G_DEFINE_ENUM_TYPE (AtelierRenderMode, atelier_render_mode,
  G_DEFINE_ENUM_VALUE (ATELIER_RENDER_MODE_SHADED, "shaded"),
  G_DEFINE_ENUM_VALUE (ATELIER_RENDER_MODE_CLAY, "clay"),
  G_DEFINE_ENUM_VALUE (ATELIER_RENDER_MODE_BASE_COLOR, "basecolor"),
  G_DEFINE_ENUM_VALUE (ATELIER_RENDER_MODE_NORMALS, "normals"),
  G_DEFINE_ENUM_VALUE (ATELIER_RENDER_MODE_WIREFRAME, "wireframe"),
  G_DEFINE_ENUM_VALUE (ATELIER_RENDER_MODE_UV_CHECKER, "uv"))

G_DEFINE_FINAL_TYPE (AtelierModelView, atelier_model_view, GTK_TYPE_GL_AREA)

enum {
  PROP_0,
  PROP_FILE,
  PROP_MODE,
  PROP_AUTO_ROTATE,
  PROP_ORTHOGRAPHIC,
  PROP_SHOW_GRID,
  PROP_SHOW_WIREFRAME,
  PROP_SHOW_STATS,
  PROP_SHOW_CONTROLS,
  PROP_LOADING,
  PROP_PROGRESS,
  PROP_ERROR_MESSAGE,
  PROP_SIMPLIFY_WHILE_MOVING,
  PROP_SIMPLIFIED,
  PROP_STATUS_HINT,
  PROP_PREVIEW_TRIANGLES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Radians per second of the turntable. */
#define TURNTABLE_SPEED 0.6

static void update_overlays    (AtelierModelView *self);
static void free_moving_frames (AtelierModelView *self);

void
atelier_model_view_queue (AtelierModelView *self)
{
  self->picture_dirty = TRUE;
  gtk_gl_area_queue_render (GTK_GL_AREA (self));
}

GtkWidget *
atelier_model_view_new (void)
{
  return g_object_new (ATELIER_TYPE_MODEL_VIEW, NULL);
}

/* GL lifecycle */

static GdkGLContext *
atelier_model_view_create_context (GtkGLArea *area)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkGLContext) context = NULL;
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (area));

  /* GtkGLArea 4.8 asks for desktop GL only unless told otherwise; the
   * renderer has GLES 3.0 shaders, so take whichever the display offers. */
  context = gdk_surface_create_gl_context (gtk_native_get_surface (native), &error);
  if (context != NULL)
    {
      gdk_gl_context_set_allowed_apis (context, GDK_GL_API_GL | GDK_GL_API_GLES);
      if (gdk_gl_context_realize (context, &error))
        return g_steal_pointer (&context);
    }

  gtk_gl_area_set_error (area, error);
  ATELIER_MODEL_VIEW (area)->error_set = TRUE;
  return NULL;
}

static void
atelier_model_view_realize (GtkWidget *widget)
{
  AtelierModelView *self = ATELIER_MODEL_VIEW (widget);
  GtkGLArea *area = GTK_GL_AREA (widget);
  g_autoptr(GError) error = NULL;
  GdkGLContext *context;

  GTK_WIDGET_CLASS (atelier_model_view_parent_class)->realize (widget);

  gtk_gl_area_make_current (area);
  if (gtk_gl_area_get_error (area) != NULL)
    return;

  context = gtk_gl_area_get_context (area);
  self->renderer = atelier_renderer_new (gdk_gl_context_get_use_es (context), &error);
  if (self->renderer == NULL)
    {
      g_warning ("Cannot start the 3D renderer: %s", error->message);
      gtk_gl_area_set_error (area, error);
      self->error_set = TRUE;
      return;
    }
  self->scene_dirty = TRUE;
  /* A new renderer: time it again, and build for it. */
  atelier_model_view_lod_reset (self);
}

static void
atelier_model_view_unrealize (GtkWidget *widget)
{
  AtelierModelView *self = ATELIER_MODEL_VIEW (widget);
  GtkGLArea *area = GTK_GL_AREA (widget);

  gtk_gl_area_make_current (area);
  if (gtk_gl_area_get_error (area) == NULL)
    {
      g_clear_pointer (&self->target, atelier_render_target_free);
      self->shown_target = NULL;
      free_moving_frames (self);
      g_clear_pointer (&self->renderer, atelier_renderer_free);
    }
  else
    self->renderer = NULL;  /* nothing was created */

  if (self->error_set)
    {
      gtk_gl_area_set_error (area, NULL);
      self->error_set = FALSE;
    }

  GTK_WIDGET_CLASS (atelier_model_view_parent_class)->unrealize (widget);
}

static void
atelier_model_view_resize (GtkGLArea *area,
                           int        width,
                           int        height)
{
  AtelierModelView *self = ATELIER_MODEL_VIEW (area);

  self->width = width;
  self->height = height;
}

/* Uploads a changed scene and frames it; the context must be current. */
void
atelier_model_view_sync_scene (AtelierModelView *self,
                               int               width,
                               int               height)
{
  if (self->scene_dirty)
    {
      atelier_renderer_set_scene (self->renderer, self->scene);
      self->scene_dirty = FALSE;
      self->lod_remove = FALSE;  /* a new scene has none */
      /* Its sample count depends on the scene's size. */
      g_clear_pointer (&self->target, atelier_render_target_free);
      self->shown_target = NULL;
    }
  if (self->frame_pending && width > 0 && height > 0)
    {
      float min[3], max[3];

      atelier_renderer_get_bounds (self->renderer, min, max);
      atelier_render_camera_frame_bounds (&self->camera, min, max, width / (float) height);
      self->frame_pending = FALSE;
    }
  atelier_renderer_set_mode (self->renderer, self->mode);
  atelier_renderer_set_show_grid (self->renderer, self->show_grid);
  atelier_renderer_set_show_wireframe (self->renderer, self->show_wireframe);
}

static gboolean
update_stats_label (gpointer user_data)
{
  AtelierModelView *self = user_data;
  g_autofree char *text = NULL;
  g_autofree char *size = NULL;
  g_autofree char *vertices = NULL;
  g_autofree char *triangles = NULL;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  double frame_ms = self->stats.gpu_ms >= 0 ? self->stats.gpu_ms : self->stats.cpu_ms;
  gint64 now = g_get_monotonic_time ();

  self->stats_idle = 0;
  if (!self->show_stats || now - self->stats_updated < G_USEC_PER_SEC / 10)
    return G_SOURCE_REMOVE;
  self->stats_updated = now;

  size = g_format_size (self->scene ? self->scene->file_size : 0);
  /* The counts are formatted first: a G_GUINT64_FORMAT inside _() would
   * cut the message short for xgettext. */
  vertices = g_strdup_printf ("%'" G_GUINT64_FORMAT, self->stats.vertices);
  triangles = g_strdup_printf ("%'" G_GUINT64_FORMAT, self->stats.triangles);
  text = g_strdup_printf (_("Vertices: %s\n"
                            "Triangles: %s\n"
                            "Draw calls: %u\n"
                            "Textures: %u\n"
                            "File size: %s\n"
                            "Load time: %.0f ms\n"
                            "Frame time: %.2f ms"),
                          vertices, triangles, self->stats.draw_calls,
                          self->stats.textures, size, self->load_ms, frame_ms);
  /* A frame rate only means something while the turntable runs. */
  if (self->auto_rotate && clock != NULL)
    {
      g_autofree char *with_fps = g_strdup_printf (_("%s\nFrame rate: %.0f fps"), text,
                                                   gdk_frame_clock_get_fps (clock));
      g_free (text);
      text = g_steal_pointer (&with_fps);
    }
  gtk_inscription_set_text (GTK_INSCRIPTION (self->stats_label), text);
  return G_SOURCE_REMOVE;
}

static gboolean
atelier_model_view_render (GtkGLArea    *area,
                           GdkGLContext *context)
{
  AtelierModelView *self = ATELIER_MODEL_VIEW (area);
  g_autoptr(GError) error = NULL;
  int width = self->width, height = self->height;
  GLint area_fbo = 0;
  gint64 t;

  if (gtk_gl_area_get_error (area) != NULL || self->renderer == NULL ||
      self->width <= 0 || self->height <= 0)
    return FALSE;

  glGetIntegerv (GL_DRAW_FRAMEBUFFER_BINDING, &area_fbo);

  /* Upload first: whether multisampling is cheap depends on the scene. */
  if (self->scene_dirty)
    {
      atelier_model_view_sync_scene (self, self->width, self->height);
      atelier_renderer_get_stats (self->renderer, &self->stats);
    }

  /* Full size; simplified frames normally go through snapshot_moving(). */
  if (self->target == NULL ||
      atelier_render_target_get_width (self->target) != width ||
      atelier_render_target_get_height (self->target) != height)
    {
      g_clear_pointer (&self->target, atelier_render_target_free);
      self->target = atelier_render_target_new (width, height,
                                                atelier_render_pick_samples (self->stats.triangles),
                                                &error);
      if (self->target == NULL)
        {
          gtk_gl_area_set_error (area, error);
          self->error_set = TRUE;
          return FALSE;
        }
      self->picture_dirty = TRUE;
    }
  /* A simplified frame was shown since. */
  if (self->shown_target != self->target)
    self->picture_dirty = TRUE;

  /* GTK asks for the picture on every snapshot of the widget (the overlays
   * cause many); the model is only drawn again when something changed. */
  atelier_model_view_lod_upload (self);

  if (self->picture_dirty)
    {
      gboolean timed = atelier_model_view_lod_wants_timing (self);
      gint64 start = g_get_monotonic_time ();

      atelier_model_view_sync_scene (self, width, height);
      atelier_renderer_set_use_lod (self->renderer, self->simplified);
      atelier_render_target_bind (self->target);
      atelier_renderer_draw (self->renderer, &self->camera, width, height);
      t = atelier_render_profile_begin ();
      atelier_render_target_resolve (self->target);
      atelier_render_profile_end (t, "  view: resolve", TRUE);
      self->shown_target = self->target;
      atelier_renderer_get_stats (self->renderer, &self->stats);
      self->picture_dirty = FALSE;
      /* Only a few frames after a change are timed: glFinish stalls. */
      if (timed)
        {
          glFinish ();
          atelier_model_view_lod_frame (self, (g_get_monotonic_time () - start) / 1e3);
        }

      if (self->show_stats && self->stats_idle == 0)
        self->stats_idle = g_idle_add (update_stats_label, self);
    }
  t = atelier_render_profile_begin ();
  atelier_render_target_blit_to (self->shown_target, area_fbo);
  atelier_render_profile_end (t, "  view: blit", TRUE);
  return TRUE;
}

/* Simplified frames: drawn at moving_scale of the size into a texture of
 * our own that GTK scales up as it composes the window, rather than into
 * GtkGLArea's full-size one (which would take one more full-size pass on a
 * software GL, as long as drawing the smaller picture). A few such
 * textures, as GTK may still hold the last ones. */
typedef struct
{
  AtelierRenderTarget *target;
  GdkTexture          *holder;   /* while GTK uses it; not a reference */
} MovingFrame;

static void
moving_frame_released (gpointer data)
{
  MovingFrame *frame = data;

  frame->holder = NULL;
}

static void
free_moving_frames (AtelierModelView *self)
{
  /* With the context current. Textures GTK still holds take a copy. */
  for (guint i = 0; self->moving_frames && i < self->moving_frames->len; i++)
    {
      MovingFrame *frame = g_ptr_array_index (self->moving_frames, i);

      if (frame->holder)
        gdk_gl_texture_release (GDK_GL_TEXTURE (frame->holder));
      g_clear_pointer (&frame->target, atelier_render_target_free);
    }
  g_clear_pointer (&self->moving_frames, g_ptr_array_unref);
  self->moving_current = NULL;
}

static MovingFrame *
free_moving_frame (AtelierModelView *self)
{
  MovingFrame *frame;

  if (self->moving_frames == NULL)
    self->moving_frames = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < self->moving_frames->len; i++)
    {
      frame = g_ptr_array_index (self->moving_frames, i);
      if (frame->holder == NULL && frame != self->moving_current)
        return frame;
    }
  frame = g_new0 (MovingFrame, 1);
  g_ptr_array_add (self->moving_frames, frame);
  return frame;
}

static gboolean
snapshot_moving (AtelierModelView *self,
                 GtkSnapshot      *snapshot)
{
  GtkGLArea *area = GTK_GL_AREA (self);
  GtkWidget *widget = GTK_WIDGET (self);
  int scale = gtk_widget_get_scale_factor (widget);
  int width, height;
  MovingFrame *frame = self->moving_current;

  if (!gtk_widget_get_realized (widget) || self->renderer == NULL)
    return FALSE;
  gtk_gl_area_make_current (area);
  if (gtk_gl_area_get_error (area) != NULL)
    return FALSE;

  /* ::resize only comes from GtkGLArea's own drawing. */
  self->width = gtk_widget_get_width (widget) * scale;
  self->height = gtk_widget_get_height (widget) * scale;
  width = MAX (self->width * self->moving_scale, 1);
  height = MAX (self->height * self->moving_scale, 1);
  if (self->scene_dirty)
    atelier_model_view_sync_scene (self, self->width, self->height);
  atelier_model_view_lod_upload (self);

  if (frame == NULL || self->picture_dirty ||
      atelier_render_target_get_width (frame->target) != width ||
      atelier_render_target_get_height (frame->target) != height)
    {
      g_autoptr(GError) error = NULL;
      gboolean timed = atelier_model_view_lod_wants_timing (self);
      gint64 start = g_get_monotonic_time ();

      frame = free_moving_frame (self);
      if (frame->target == NULL ||
          atelier_render_target_get_width (frame->target) != width ||
          atelier_render_target_get_height (frame->target) != height)
        {
          g_clear_pointer (&frame->target, atelier_render_target_free);
          frame->target = atelier_render_target_new_texture (width, height, &error);
          if (frame->target == NULL)
            {
              g_warning ("%s", error->message);
              return FALSE;
            }
        }
      atelier_model_view_sync_scene (self, width, height);
      atelier_renderer_set_use_lod (self->renderer, TRUE);
      atelier_render_target_bind (frame->target);
      atelier_renderer_draw (self->renderer, &self->camera, width, height);
      atelier_renderer_get_stats (self->renderer, &self->stats);
      /* GTK samples it from its own context. */
      glFlush ();
      self->moving_current = frame;
      self->picture_dirty = FALSE;
      self->shown_target = NULL;   /* the full-size one is out of date */
      if (timed)
        {
          glFinish ();
          atelier_model_view_lod_frame (self, (g_get_monotonic_time () - start) / 1e3);
        }
      if (self->show_stats && self->stats_idle == 0)
        self->stats_idle = g_idle_add (update_stats_label, self);
    }

  if (frame->holder)
    g_object_ref (frame->holder);
  else
    frame->holder = gdk_gl_texture_new (gtk_gl_area_get_context (area),
                                        atelier_render_target_get_texture (frame->target),
                                        width, height, moving_frame_released, frame);
  /* GL's rows go bottom-up: flipped, as GtkGLArea does with its own. */
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, gtk_widget_get_height (widget)));
  gtk_snapshot_scale (snapshot, 1, -1);
  gtk_snapshot_append_texture (snapshot, frame->holder,
                               &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                    gtk_widget_get_height (widget)));
  gtk_snapshot_restore (snapshot);
  g_object_unref (frame->holder);
  return TRUE;
}

static void
atelier_model_view_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  AtelierModelView *self = ATELIER_MODEL_VIEW (widget);

  /* GtkGLArea draws only its texture; the overlays come on top. */
  if (!self->simplified || !snapshot_moving (self, snapshot))
    GTK_WIDGET_CLASS (atelier_model_view_parent_class)->snapshot (widget, snapshot);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
}

/* Turntable */

static gboolean
tick (GtkWidget     *widget,
      GdkFrameClock *clock,
      gpointer       user_data)
{
  AtelierModelView *self = ATELIER_MODEL_VIEW (widget);
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (self->last_tick != 0 && self->drag == DRAG_NONE)
    {
      double dt = MIN ((now - self->last_tick) / (double) G_USEC_PER_SEC, 0.1);
      atelier_render_camera_orbit (&self->camera, TURNTABLE_SPEED * dt, 0);
      atelier_model_view_note_motion (self);
      atelier_model_view_queue (self);
    }
  self->last_tick = now;
  return G_SOURCE_CONTINUE;
}

/* Scene and loading */

static void
clear_scene (AtelierModelView *self)
{
  /* The renderer borrows the scene, so let go of it there first. */
  if (self->renderer != NULL && gtk_widget_get_realized (GTK_WIDGET (self)))
    {
      gtk_gl_area_make_current (GTK_GL_AREA (self));
      atelier_renderer_set_scene (self->renderer, NULL);
    }
  self->scene = NULL;
  g_clear_pointer (&self->scene_ref, scene_ref_unref);
  self->scene_dirty = TRUE;
  memset (&self->stats, 0, sizeof self->stats);
  atelier_model_view_lod_reset (self);
}

static void
set_error (AtelierModelView *self,
           const char       *message)
{
  if (g_strcmp0 (self->error_message, message) == 0)
    return;
  g_free (self->error_message);
  self->error_message = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
set_progress (AtelierModelView *self,
              double            progress)
{
  self->progress = progress;
  if (self->progress_bar != NULL)
    gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar), progress);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

void
atelier_model_view_set_scene (AtelierModelView *self,
                              AtelierGltfScene *scene)
{
  atelier_model_view_set_scene_full (self, scene, (GDestroyNotify) atelier_gltf_scene_free);
}

void
atelier_model_view_set_scene_full (AtelierModelView *self,
                                   AtelierGltfScene *scene,
                                   GDestroyNotify    free_func)
{
  g_return_if_fail (ATELIER_IS_MODEL_VIEW (self));
  g_return_if_fail (scene == NULL || free_func != NULL);

  clear_scene (self);
  self->scene = scene;
  self->scene_ref = scene ? scene_ref_new (scene, free_func) : NULL;
  self->scene_dirty = TRUE;
  atelier_model_view_lod_reset (self);
  self->frame_pending = TRUE;
  set_error (self, NULL);
  update_overlays (self);
  atelier_model_view_queue (self);
}

void
atelier_model_view_replace_scene (AtelierModelView *self,
                                  AtelierGltfScene *scene,
                                  GDestroyNotify    free_func)
{
  gboolean had_scene;

  g_return_if_fail (ATELIER_IS_MODEL_VIEW (self));

  had_scene = self->scene != NULL;
  atelier_model_view_set_scene_full (self, scene, free_func);
  if (had_scene)
    self->frame_pending = FALSE;
}

const AtelierGltfScene *
atelier_model_view_get_scene (AtelierModelView *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL_VIEW (self), NULL);
  return self->scene;
}

typedef struct
{
  AtelierModelView *self;   /* strong ref until the load finishes */
  guint             serial;
} LoadRequest;

static void
load_progress (double   fraction,
               gpointer user_data)
{
  LoadRequest *request = user_data;

  if (request->serial == request->self->load_serial)
    set_progress (request->self, fraction);
}

static void
load_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  LoadRequest *request = user_data;
  g_autoptr(AtelierModelView) self = request->self;
  g_autoptr(GError) error = NULL;
  AtelierGltfScene *scene;
  gboolean current = request->serial == self->load_serial;

  g_free (request);
  scene = atelier_gltf_load_finish (result, &error);

  /* A newer load (or a cancel) has taken over. */
  if (!current)
    {
      g_clear_pointer (&scene, atelier_gltf_scene_free);
      return;
    }

  g_clear_object (&self->cancellable);
  self->load_ms = (g_get_monotonic_time () - self->load_started) / 1000.0;

  if (scene == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error (self, error->message);
    }
  else
    {
      atelier_model_view_set_scene (self, scene);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  update_overlays (self);
}

void
atelier_model_view_cancel_load (AtelierModelView *self)
{
  g_return_if_fail (ATELIER_IS_MODEL_VIEW (self));

  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->load_serial++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  update_overlays (self);
}

void
atelier_model_view_load_file (AtelierModelView *self,
                              GFile            *file)
{
  atelier_model_view_load_file_full (self, file, NULL);
}

void
atelier_model_view_load_file_full (AtelierModelView        *self,
                                   GFile                   *file,
                                   const AtelierGltfLimits *limits)
{
  LoadRequest *request;

  g_return_if_fail (ATELIER_IS_MODEL_VIEW (self));
  g_return_if_fail (!file || G_IS_FILE (file));

  atelier_model_view_cancel_load (self);
  g_set_object (&self->file, file);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
  set_error (self, NULL);

  if (file == NULL)
    {
      clear_scene (self);
      update_overlays (self);
      atelier_model_view_queue (self);
      return;
    }

  self->cancellable = g_cancellable_new ();
  self->load_started = g_get_monotonic_time ();
  request = g_new0 (LoadRequest, 1);
  request->self = g_object_ref (self);
  request->serial = ++self->load_serial;
  set_progress (self, 0);

  atelier_gltf_load_async_full (file, limits, load_progress, request, self->cancellable, load_done,
                                request);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  update_overlays (self);
}

GFile *
atelier_model_view_get_file (AtelierModelView *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL_VIEW (self), NULL);
  return self->file;
}

gboolean
atelier_model_view_get_loading (AtelierModelView *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL_VIEW (self), FALSE);
  return self->cancellable != NULL;
}

double
atelier_model_view_get_progress (AtelierModelView *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL_VIEW (self), 0);
  return self->progress;
}

const char *
atelier_model_view_get_error_message (AtelierModelView *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL_VIEW (self), NULL);
  return self->error_message;
}

/* Images the loader refused (too large, outside the model's folder, broken)
 * are drawn as the material's plain colour: say so rather than leave the
 * model looking wrong without a reason. */
static void
update_texture_note (AtelierModelView *self)
{
  g_autoptr(GString) reasons = g_string_new (NULL);
  g_autofree char *text = NULL;
  guint n = 0;

  for (guint i = 0; self->scene != NULL && i < self->scene->n_images; i++)
    if (self->scene->images[i].error != NULL)
      {
        if (n++ > 0)
          g_string_append_c (reasons, '\n');
        g_string_append (reasons, self->scene->images[i].error);
      }

  gtk_widget_set_visible (self->texture_note, n > 0);
  if (n == 0)
    return;
  text = g_strdup_printf (ngettext ("%u texture not shown", "%u textures not shown", n), n);
  gtk_label_set_text (GTK_LABEL (self->texture_note), text);
  gtk_widget_set_tooltip_text (self->texture_note, reasons->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->texture_note),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, reasons->str,
                                  -1);
}

static void
update_overlays (AtelierModelView *self)
{
  AdwStatusPage *page;
  gboolean loading = self->cancellable != NULL;

  if (self->status_page == NULL)  /* disposed */
    return;
  page = ADW_STATUS_PAGE (self->status_page);

  gtk_widget_set_visible (self->progress_box, loading);

  if (self->error_message != NULL && !loading)
    {
      g_autofree char *name = self->file ? g_file_get_basename (self->file) : NULL;
      g_autofree char *title = name ? g_strdup_printf (_("Cannot Show “%s”"), name)
                                    : g_strdup (_("Cannot Show This Model"));
      g_autofree char *escaped = g_markup_escape_text (self->error_message, -1);

      adw_status_page_set_icon_name (page, "dialog-warning-symbolic");
      adw_status_page_set_title (page, title);
      adw_status_page_set_description (page, escaped);
      gtk_widget_set_visible (self->status_page, TRUE);
    }
  else if (self->scene == NULL && !loading)
    {
      adw_status_page_set_icon_name (page, "image-x-generic-symbolic");
      adw_status_page_set_title (page, _("No Model"));
      adw_status_page_set_description (page, _("Drop a glTF or GLB file here to view it"));
      gtk_widget_set_visible (self->status_page, TRUE);
    }
  else
    {
      gtk_widget_set_visible (self->status_page, FALSE);
    }

  gtk_widget_set_visible (self->controls, self->show_controls && self->scene != NULL);
  gtk_widget_set_visible (self->hint_label, self->simplified);
  gtk_widget_set_visible (self->stats_label, self->show_stats && self->scene != NULL);
  update_texture_note (self);
}

/* Camera */

void
atelier_model_view_frame (AtelierModelView *self)
{
  g_return_if_fail (ATELIER_IS_MODEL_VIEW (self));
  self->frame_pending = TRUE;
  atelier_model_view_note_motion (self);
  atelier_model_view_queue (self);
}

void
atelier_model_view_reset_camera (AtelierModelView *self)
{
  g_return_if_fail (ATELIER_IS_MODEL_VIEW (self));
  atelier_render_camera_reset (&self->camera);
  atelier_model_view_note_motion (self);
  atelier_model_view_queue (self);
}

void
atelier_model_view_orbit (AtelierModelView *self,
                          double            yaw,
                          double            pitch)
{
  g_return_if_fail (ATELIER_IS_MODEL_VIEW (self));
  atelier_render_camera_orbit (&self->camera, yaw, pitch);
  atelier_model_view_note_motion (self);
  atelier_model_view_queue (self);
}

/* Level of detail */

void
atelier_model_view_update_simplified (AtelierModelView *self)
{
  gboolean simplified = self->moving && self->simplify_while_moving && self->lod_installed;

  if (self->simplified == simplified)
    return;
  self->simplified = simplified;
  /* Back to full detail, or on to the simplified one while still. */
  atelier_model_view_queue (self);
  update_overlays (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIMPLIFIED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_HINT]);
}

void
atelier_model_view_notify_preview (AtelierModelView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW_TRIANGLES]);
  atelier_model_view_update_simplified (self);
}

gboolean
atelier_model_view_get_simplified (AtelierModelView *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL_VIEW (self), FALSE);
  return self->simplified;
}

const char *
atelier_model_view_get_status_hint (AtelierModelView *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL_VIEW (self), NULL);
  return self->simplified ? _("Simplified while moving") : NULL;
}

guint64
atelier_model_view_get_preview_triangles (AtelierModelView *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL_VIEW (self), 0);
  return self->preview_triangles;
}

void
atelier_model_view_set_simplify_while_moving (AtelierModelView *self,
                                              gboolean          simplify)
{
  g_return_if_fail (ATELIER_IS_MODEL_VIEW (self));
  simplify = !!simplify;
  if (self->simplify_while_moving == simplify)
    return;
  self->simplify_while_moving = simplify;
  atelier_model_view_update_simplified (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIMPLIFY_WHILE_MOVING]);
}

gboolean
atelier_model_view_get_simplify_while_moving (AtelierModelView *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL_VIEW (self), FALSE);
  return self->simplify_while_moving;
}

void
atelier_model_view_get_stats (AtelierModelView   *self,
                              AtelierRenderStats *stats)
{
  g_return_if_fail (ATELIER_IS_MODEL_VIEW (self));
  *stats = self->stats;
}

/* Properties */

#define BOOL_SETTER(field, prop, redraw)                                        \
void                                                                            \
atelier_model_view_set_##field (AtelierModelView *self,                         \
                                gboolean          value)                        \
{                                                                               \
  g_return_if_fail (ATELIER_IS_MODEL_VIEW (self));                              \
  value = !!value;                                                              \
  if (self->field == value)                                                     \
    return;                                                                     \
  self->field = value;                                                          \
  redraw;                                                                       \
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);                 \
}                                                                               \
                                                                                \
gboolean                                                                        \
atelier_model_view_get_##field (AtelierModelView *self)                         \
{                                                                               \
  g_return_val_if_fail (ATELIER_IS_MODEL_VIEW (self), FALSE);                   \
  return self->field;                                                           \
}

BOOL_SETTER (show_grid, PROP_SHOW_GRID, atelier_model_view_queue (self))
BOOL_SETTER (show_wireframe, PROP_SHOW_WIREFRAME, atelier_model_view_queue (self))
BOOL_SETTER (show_stats, PROP_SHOW_STATS, (update_overlays (self), self->stats_updated = 0,
                                           atelier_model_view_queue (self)))

void
atelier_model_view_set_orthographic (AtelierModelView *self,
                                     gboolean          orthographic)
{
  g_return_if_fail (ATELIER_IS_MODEL_VIEW (self));
  orthographic = !!orthographic;
  if (self->camera.orthographic == orthographic)
    return;
  self->camera.orthographic = orthographic;
  atelier_model_view_queue (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORTHOGRAPHIC]);
}

gboolean
atelier_model_view_get_orthographic (AtelierModelView *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL_VIEW (self), FALSE);
  return self->camera.orthographic;
}

void
atelier_model_view_set_auto_rotate (AtelierModelView *self,
                                    gboolean          auto_rotate)
{
  g_return_if_fail (ATELIER_IS_MODEL_VIEW (self));
  auto_rotate = !!auto_rotate;
  if (self->auto_rotate == auto_rotate)
    return;
  self->auto_rotate = auto_rotate;
  if (auto_rotate && self->tick_id == 0)
    {
      self->last_tick = 0;
      self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick, NULL, NULL);
    }
  else if (!auto_rotate && self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_ROTATE]);
}

gboolean
atelier_model_view_get_auto_rotate (AtelierModelView *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL_VIEW (self), FALSE);
  return self->auto_rotate;
}

void
atelier_model_view_set_mode (AtelierModelView  *self,
                             AtelierRenderMode  mode)
{
  g_return_if_fail (ATELIER_IS_MODEL_VIEW (self));
  if (self->mode == mode)
    return;
  self->mode = mode;
  atelier_model_view_queue (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

AtelierRenderMode
atelier_model_view_get_mode (AtelierModelView *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL_VIEW (self), ATELIER_RENDER_MODE_SHADED);
  return self->mode;
}

void
atelier_model_view_set_show_controls (AtelierModelView *self,
                                      gboolean          show_controls)
{
  g_return_if_fail (ATELIER_IS_MODEL_VIEW (self));
  if (self->show_controls == !!show_controls)
    return;
  self->show_controls = !!show_controls;
  update_overlays (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_CONTROLS]);
}

gboolean
atelier_model_view_get_show_controls (AtelierModelView *self)
{
  g_return_val_if_fail (ATELIER_IS_MODEL_VIEW (self), FALSE);
  return self->show_controls;
}

static void
atelier_model_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AtelierModelView *self = ATELIER_MODEL_VIEW (object);

  switch (prop_id)
    {
    case PROP_FILE: g_value_set_object (value, self->file); break;
    case PROP_MODE: g_value_set_enum (value, self->mode); break;
    case PROP_AUTO_ROTATE: g_value_set_boolean (value, self->auto_rotate); break;
    case PROP_ORTHOGRAPHIC: g_value_set_boolean (value, self->camera.orthographic); break;
    case PROP_SHOW_GRID: g_value_set_boolean (value, self->show_grid); break;
    case PROP_SHOW_WIREFRAME: g_value_set_boolean (value, self->show_wireframe); break;
    case PROP_SHOW_STATS: g_value_set_boolean (value, self->show_stats); break;
    case PROP_SHOW_CONTROLS: g_value_set_boolean (value, atelier_model_view_get_show_controls (self)); break;
    case PROP_LOADING: g_value_set_boolean (value, atelier_model_view_get_loading (self)); break;
    case PROP_PROGRESS: g_value_set_double (value, self->progress); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, self->error_message); break;
    case PROP_SIMPLIFY_WHILE_MOVING: g_value_set_boolean (value, self->simplify_while_moving); break;
    case PROP_SIMPLIFIED: g_value_set_boolean (value, self->simplified); break;
    case PROP_STATUS_HINT: g_value_set_string (value, atelier_model_view_get_status_hint (self)); break;
    case PROP_PREVIEW_TRIANGLES: g_value_set_uint64 (value, self->preview_triangles); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_model_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AtelierModelView *self = ATELIER_MODEL_VIEW (object);

  switch (prop_id)
    {
    case PROP_FILE: atelier_model_view_load_file (self, g_value_get_object (value)); break;
    case PROP_MODE: atelier_model_view_set_mode (self, g_value_get_enum (value)); break;
    case PROP_AUTO_ROTATE: atelier_model_view_set_auto_rotate (self, g_value_get_boolean (value)); break;
    case PROP_ORTHOGRAPHIC: atelier_model_view_set_orthographic (self, g_value_get_boolean (value)); break;
    case PROP_SHOW_GRID: atelier_model_view_set_show_grid (self, g_value_get_boolean (value)); break;
    case PROP_SHOW_WIREFRAME: atelier_model_view_set_show_wireframe (self, g_value_get_boolean (value)); break;
    case PROP_SHOW_STATS: atelier_model_view_set_show_stats (self, g_value_get_boolean (value)); break;
    case PROP_SHOW_CONTROLS: atelier_model_view_set_show_controls (self, g_value_get_boolean (value)); break;
    case PROP_SIMPLIFY_WHILE_MOVING:
      atelier_model_view_set_simplify_while_moving (self, g_value_get_boolean (value));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_model_view_dispose (GObject *object)
{
  AtelierModelView *self = ATELIER_MODEL_VIEW (object);
  GtkWidget *child;

  /* A load still running finishes later; its result is then ignored. */
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->load_serial++;
  if (self->tick_id)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }
  g_clear_handle_id (&self->stats_idle, g_source_remove);
  atelier_model_view_lod_dispose (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  self->status_page = self->progress_box = self->progress_bar = NULL;
  self->stats_label = self->controls = self->texture_note = self->hint_label = NULL;

  G_OBJECT_CLASS (atelier_model_view_parent_class)->dispose (object);
}

static void
atelier_model_view_finalize (GObject *object)
{
  AtelierModelView *self = ATELIER_MODEL_VIEW (object);

  /* Unrealized by now, so the renderer no longer borrows the scene, and
   * the simplified frames' GL objects are gone. */
  g_clear_pointer (&self->moving_frames, g_ptr_array_unref);
  self->scene = NULL;
  g_clear_pointer (&self->scene_ref, scene_ref_unref);
  g_clear_object (&self->file);
  g_clear_pointer (&self->error_message, g_free);

  G_OBJECT_CLASS (atelier_model_view_parent_class)->finalize (object);
}

static void
action_frame (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  atelier_model_view_frame (ATELIER_MODEL_VIEW (widget));
}

static void
action_reset (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  atelier_model_view_reset_camera (ATELIER_MODEL_VIEW (widget));
}

static void
action_cancel (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  atelier_model_view_cancel_load (ATELIER_MODEL_VIEW (widget));
}

static void
action_screenshot (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  atelier_model_view_screenshot_dialog (ATELIER_MODEL_VIEW (widget));
}

static void
atelier_model_view_class_init (AtelierModelViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkGLAreaClass *area_class = GTK_GL_AREA_CLASS (klass);

  object_class->get_property = atelier_model_view_get_property;
  object_class->set_property = atelier_model_view_set_property;
  object_class->dispose = atelier_model_view_dispose;
  object_class->finalize = atelier_model_view_finalize;

  widget_class->realize = atelier_model_view_realize;
  widget_class->unrealize = atelier_model_view_unrealize;
  widget_class->snapshot = atelier_model_view_snapshot;

  area_class->create_context = atelier_model_view_create_context;
  area_class->render = atelier_model_view_render;
  area_class->resize = atelier_model_view_resize;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, ATELIER_TYPE_RENDER_MODE, ATELIER_RENDER_MODE_SHADED,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_ROTATE] =
    g_param_spec_boolean ("auto-rotate", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORTHOGRAPHIC] =
    g_param_spec_boolean ("orthographic", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_GRID] =
    g_param_spec_boolean ("show-grid", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_WIREFRAME] =
    g_param_spec_boolean ("show-wireframe", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_STATS] =
    g_param_spec_boolean ("show-stats", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_CONTROLS] =
    g_param_spec_boolean ("show-controls", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Draw a simplified model while the camera moves, when full frames are
   * slow (a software GL); full detail again once it rests. */
  properties[PROP_SIMPLIFY_WHILE_MOVING] =
    g_param_spec_boolean ("simplify-while-moving", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Whether frames now show the simplified model. */
  properties[PROP_SIMPLIFIED] =
    g_param_spec_boolean ("simplified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* A short status line for an overlay ("Simplified while moving"), or
   * NULL; notified with "simplified". */
  properties[PROP_STATUS_HINT] =
    g_param_spec_string ("status-hint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* Triangles drawn while moving, once a simplified model is ready (0
   * before, or when not needed). */
  properties[PROP_PREVIEW_TRIANGLES] =
    g_param_spec_uint64 ("preview-triangles", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "model-view.frame", NULL, action_frame);
  gtk_widget_class_install_action (widget_class, "model-view.reset", NULL, action_reset);
  gtk_widget_class_install_action (widget_class, "model-view.cancel", NULL, action_cancel);
  gtk_widget_class_install_action (widget_class, "model-view.screenshot", NULL, action_screenshot);
  gtk_widget_class_install_property_action (widget_class, "model-view.auto-rotate", "auto-rotate");
  gtk_widget_class_install_property_action (widget_class, "model-view.orthographic", "orthographic");
  gtk_widget_class_install_property_action (widget_class, "model-view.show-grid", "show-grid");
  gtk_widget_class_install_property_action (widget_class, "model-view.show-wireframe", "show-wireframe");
  gtk_widget_class_install_property_action (widget_class, "model-view.show-stats", "show-stats");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "modelview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static GtkWidget *
make_progress_box (AtelierModelView *self)
{
  GtkWidget *box, *label, *cancel;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (box, "osd");
  gtk_widget_add_css_class (box, "card");
  gtk_widget_set_size_request (box, 260, -1);
  g_object_set (box, "margin-top", 12, "margin-bottom", 12, "margin-start", 12, "margin-end", 12, NULL);

  label = gtk_label_new (_("Loading Model…"));
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  gtk_box_append (GTK_BOX (box), label);

  self->progress_bar = gtk_progress_bar_new ();
  gtk_widget_set_margin_start (self->progress_bar, 12);
  gtk_widget_set_margin_end (self->progress_bar, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading progress"), -1);
  gtk_box_append (GTK_BOX (box), self->progress_bar);

  cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "model-view.cancel");
  gtk_widget_set_halign (cancel, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_bottom (cancel, 12);
  gtk_widget_add_css_class (cancel, "pill");
  gtk_box_append (GTK_BOX (box), cancel);
  return box;
}

static void
atelier_model_view_init (AtelierModelView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_gl_area_set_has_depth_buffer (GTK_GL_AREA (self), TRUE);
  /* GtkGLArea keeps no picture between snapshots, so it must render on each
   * one; that only copies our cached picture unless the view changed. */
  gtk_gl_area_set_auto_render (GTK_GL_AREA (self), TRUE);
  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_widget_set_vexpand (widget, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("3D model view"),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  _("Drag to orbit, Shift+drag or middle-drag to pan, scroll to zoom, "
                                    "F to frame the model, R to reset the view, 1 to 6 for display modes, "
                                    "W wireframe, G grid, T turntable, O orthographic"),
                                  -1);

  self->mode = ATELIER_RENDER_MODE_SHADED;
  self->show_grid = TRUE;
  self->simplify_while_moving = TRUE;
  self->frame_pending = TRUE;
  atelier_render_camera_init (&self->camera);

  self->status_page = adw_status_page_new ();
  gtk_widget_add_css_class (self->status_page, "view");
  gtk_widget_set_visible (self->status_page, FALSE);
  gtk_widget_set_parent (self->status_page, widget);

  /* An inscription's size does not follow its text, so refreshing the
   * figures does not relayout (and re-render) the whole view. */
  self->stats_label = gtk_inscription_new (NULL);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (self->stats_label), 26);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (self->stats_label), 26);
  gtk_inscription_set_min_lines (GTK_INSCRIPTION (self->stats_label), 8);
  gtk_inscription_set_nat_lines (GTK_INSCRIPTION (self->stats_label), 8);
  gtk_widget_add_css_class (self->stats_label, "osd");
  gtk_widget_add_css_class (self->stats_label, "numeric");
  gtk_widget_add_css_class (self->stats_label, "caption");
  gtk_widget_set_halign (self->stats_label, GTK_ALIGN_START);
  gtk_widget_set_valign (self->stats_label, GTK_ALIGN_START);
  gtk_widget_set_can_target (self->stats_label, FALSE);
  g_object_set (self->stats_label, "margin-top", 12, "margin-start", 12, NULL);
  gtk_widget_set_visible (self->stats_label, FALSE);
  gtk_widget_set_parent (self->stats_label, widget);

  self->texture_note = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->texture_note, "osd");
  gtk_widget_add_css_class (self->texture_note, "caption");
  gtk_widget_add_css_class (self->texture_note, "warning");
  gtk_widget_set_halign (self->texture_note, GTK_ALIGN_END);
  gtk_widget_set_valign (self->texture_note, GTK_ALIGN_START);
  g_object_set (self->texture_note, "margin-top", 12, "margin-end", 12, NULL);
  gtk_widget_set_visible (self->texture_note, FALSE);
  gtk_widget_set_parent (self->texture_note, widget);

  self->controls = atelier_model_view_controls_new (G_OBJECT (self));
  gtk_widget_set_halign (self->controls, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (self->controls, GTK_ALIGN_END);
  gtk_widget_set_margin_bottom (self->controls, 12);
  gtk_widget_set_parent (self->controls, widget);

  /* Says why edges look coarser while turning the model. */
  self->hint_label = gtk_label_new (_("Simplified while moving"));
  gtk_widget_add_css_class (self->hint_label, "osd");
  gtk_widget_add_css_class (self->hint_label, "caption");
  gtk_widget_set_halign (self->hint_label, GTK_ALIGN_END);
  gtk_widget_set_valign (self->hint_label, GTK_ALIGN_START);
  gtk_widget_set_can_target (self->hint_label, FALSE);
  g_object_set (self->hint_label, "margin-top", 12, "margin-end", 12, NULL);
  gtk_widget_set_visible (self->hint_label, FALSE);
  gtk_widget_set_parent (self->hint_label, widget);

  self->progress_box = make_progress_box (self);
  gtk_widget_set_visible (self->progress_box, FALSE);
  gtk_widget_set_parent (self->progress_box, widget);

  self->show_controls = TRUE;
  update_overlays (self);

  atelier_model_view_setup_input (self);
}
