/* atelier-headless.c: a GL context without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-render"

#include "config.h"

#include <epoxy/egl.h>
#include <epoxy/gl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#ifdef HAVE_LIBPNG
# include <png.h>
# include <zlib.h>
#endif
#include <stdio.h>
#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atelier-headless.h"
#include "atelier-render-profile.h"
#include "atelier-render-target.h"

#ifndef EGL_PLATFORM_SURFACELESS_MESA
#define EGL_PLATFORM_SURFACELESS_MESA 0x31DD
#endif

struct _AtelierHeadless
{
  EGLDisplay display;
  EGLContext context;
  EGLSurface surface;
  gboolean   use_es;
  int        width;
  int        height;
  AtelierRenderTarget *target;
};

static gboolean
has_client_extension (const char *name)
{
  return epoxy_has_egl_extension (EGL_NO_DISPLAY, name);
}

static EGLDisplay
open_display (gboolean *surfaceless)
{
  EGLDisplay display = EGL_NO_DISPLAY;

  *surfaceless = FALSE;
  /* ATELIER_RENDER_EGL=pbuffer skips the surfaceless platform, so tests
   * can exercise the fallback. */
  if (g_strcmp0 (g_getenv ("ATELIER_RENDER_EGL"), "pbuffer") != 0 &&
      has_client_extension ("EGL_EXT_platform_base") &&
      has_client_extension ("EGL_MESA_platform_surfaceless"))
    {
      display = eglGetPlatformDisplayEXT (EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
      if (display != EGL_NO_DISPLAY && eglInitialize (display, NULL, NULL))
        {
          *surfaceless = TRUE;
          return display;
        }
    }

  display = eglGetDisplay (EGL_DEFAULT_DISPLAY);
  if (display != EGL_NO_DISPLAY && eglInitialize (display, NULL, NULL))
    return display;
  return EGL_NO_DISPLAY;
}

static EGLConfig
choose_config (EGLDisplay display,
               EGLint     renderable)
{
  EGLint attribs[] = {
    EGL_SURFACE_TYPE, EGL_PBUFFER_BIT,
    EGL_RENDERABLE_TYPE, renderable,
    EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_ALPHA_SIZE, 8,
    EGL_NONE,
  };
  EGLConfig config = NULL;
  EGLint n = 0;

  if (!eglChooseConfig (display, attribs, &config, 1, &n) || n < 1)
    return NULL;
  return config;
}

static gboolean
create_context (AtelierHeadless *self,
                gboolean         surfaceless,
                gboolean         es)
{
  static const EGLint gl_attribs[] = {
    EGL_CONTEXT_MAJOR_VERSION, 3,
    EGL_CONTEXT_MINOR_VERSION, 3,
    EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
    EGL_NONE,
  };
  static const EGLint es_attribs[] = {
    EGL_CONTEXT_MAJOR_VERSION, 3,
    EGL_CONTEXT_MINOR_VERSION, 0,
    EGL_NONE,
  };
  gboolean force_pbuffer = g_strcmp0 (g_getenv ("ATELIER_RENDER_EGL"), "pbuffer") == 0;
  gboolean no_config = !force_pbuffer && epoxy_has_egl_extension (self->display, "EGL_KHR_no_config_context");
  gboolean no_surface = !force_pbuffer && epoxy_has_egl_extension (self->display, "EGL_KHR_surfaceless_context");
  EGLConfig config = EGL_NO_CONFIG_KHR;

  if (!eglBindAPI (es ? EGL_OPENGL_ES_API : EGL_OPENGL_API))
    return FALSE;

  if (!(surfaceless && no_config && no_surface))
    {
      config = choose_config (self->display, es ? EGL_OPENGL_ES3_BIT : EGL_OPENGL_BIT);
      if (config == NULL)
        return FALSE;
    }

  self->context = eglCreateContext (self->display, config, EGL_NO_CONTEXT,
                                    es ? es_attribs : gl_attribs);
  if (self->context == EGL_NO_CONTEXT)
    return FALSE;

  /* We draw into our own FBO, so a 1×1 pbuffer is only there to make the
   * context current where surfaceless contexts are not allowed. */
  if (!no_surface && config != EGL_NO_CONFIG_KHR)
    {
      static const EGLint pb_attribs[] = { EGL_WIDTH, 1, EGL_HEIGHT, 1, EGL_NONE };
      self->surface = eglCreatePbufferSurface (self->display, config, pb_attribs);
      if (self->surface == EGL_NO_SURFACE)
        {
          eglDestroyContext (self->display, self->context);
          self->context = EGL_NO_CONTEXT;
          return FALSE;
        }
    }

  if (!eglMakeCurrent (self->display, self->surface, self->surface, self->context))
    {
      if (self->surface != EGL_NO_SURFACE)
        eglDestroySurface (self->display, self->surface);
      eglDestroyContext (self->display, self->context);
      self->surface = EGL_NO_SURFACE;
      self->context = EGL_NO_CONTEXT;
      return FALSE;
    }

  self->use_es = es;
  return TRUE;
}

/* @samples < 0: no framebuffer yet (atelier_headless_set_samples() makes
 * it once the scene's size is known, rather than making one twice). */
static AtelierHeadless *
headless_new (int       width,
              int       height,
              int       samples,
              GError  **error)
{
  g_autoptr(AtelierHeadless) self = g_new0 (AtelierHeadless, 1);
  gboolean surfaceless, gles_first;
  gint64 t = atelier_render_profile_begin ();

  g_return_val_if_fail (width > 0 && height > 0, NULL);

  self->width = width;
  self->height = height;
  self->context = EGL_NO_CONTEXT;
  self->surface = EGL_NO_SURFACE;

  self->display = open_display (&surfaceless);
  if (self->display == EGL_NO_DISPLAY)
    {
      g_set_error (error, ATELIER_RENDER_ERROR, ATELIER_RENDER_ERROR_CONTEXT,
                   "No EGL display (neither surfaceless nor default)");
      return NULL;
    }
  atelier_render_profile_end (t, "egl-display", FALSE);
  t = atelier_render_profile_begin ();

  /* ATELIER_RENDER_GLES=1 tries GLES first: the GLES 3.0 shader path is
   * what some drivers give GtkGLArea, and tests exercise it this way. */
  gles_first = g_strcmp0 (g_getenv ("ATELIER_RENDER_GLES"), "1") == 0;
  if (!create_context (self, surfaceless, gles_first) &&
      !create_context (self, surfaceless, !gles_first))
    {
      g_set_error (error, ATELIER_RENDER_ERROR, ATELIER_RENDER_ERROR_CONTEXT,
                   "Could not create a GL 3.3 core or GLES 3.0 context (EGL error 0x%x)",
                   eglGetError ());
      return NULL;
    }
  atelier_render_profile_end (t, "egl-context", FALSE);

  if (samples >= 0 && !atelier_headless_set_samples (self, samples, error))
    return NULL;
  return g_steal_pointer (&self);
}

AtelierHeadless *
atelier_headless_new (int       width,
                      int       height,
                      int       samples,
                      GError  **error)
{
  return headless_new (width, height, MAX (samples, 0), error);
}

gboolean
atelier_headless_get_use_es (AtelierHeadless *self)
{
  return self->use_es;
}

gboolean
atelier_headless_set_samples (AtelierHeadless  *self,
                              int               samples,
                              GError          **error)
{
  gint64 t = atelier_render_profile_begin ();

  g_clear_pointer (&self->target, atelier_render_target_free);
  self->target = atelier_render_target_new_readback (self->width, self->height, samples, error);
  atelier_render_profile_end (t, "framebuffer", TRUE);
  return self->target != NULL;
}

gboolean
atelier_headless_make_current (AtelierHeadless *self)
{
  return eglMakeCurrent (self->display, self->surface, self->surface, self->context);
}

void
atelier_headless_bind (AtelierHeadless *self)
{
  atelier_render_target_bind (self->target);
}

guint8 *
atelier_headless_read_rgba (AtelierHeadless *self)
{
  return atelier_render_target_read_rgba (self->target);
}

gboolean
atelier_headless_check_gl (AtelierHeadless  *self,
                           GError          **error)
{
  GLenum err = glGetError ();

  if (err == GL_NO_ERROR)
    return TRUE;
  while (glGetError () != GL_NO_ERROR)
    ;
  g_set_error (error, ATELIER_RENDER_ERROR, ATELIER_RENDER_ERROR_GL,
               "GL error 0x%04x", err);
  return FALSE;
}

void
atelier_headless_free (AtelierHeadless *self)
{
  if (self == NULL)
    return;

  if (self->context != EGL_NO_CONTEXT)
    {
      eglMakeCurrent (self->display, self->surface, self->surface, self->context);
      g_clear_pointer (&self->target, atelier_render_target_free);
      eglMakeCurrent (self->display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
      eglDestroyContext (self->display, self->context);
    }
  if (self->surface != EGL_NO_SURFACE)
    eglDestroySurface (self->display, self->surface);
  /* eglTerminate would tear down every other context on this display too,
   * so the display stays initialised for the process. */
  g_free (self);
}

#ifdef HAVE_LIBPNG
static void
png_error_cb (png_structp  png,
              const char  *message)
{
  GError **error = png_get_error_ptr (png);

  g_set_error (error, ATELIER_RENDER_ERROR, ATELIER_RENDER_ERROR_IO, "PNG: %s", message);
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp  png,
                const char  *message)
{
}

/* libpng directly rather than gdk-pixbuf: one cheap filter and fast zlib
 * instead of trying every filter on every row, three times quicker for a
 * 1280×800 render, where it is a good part of the time to the first PNG. */
static gboolean
encode_png (FILE          *file,
            const guint8  *rgba,
            int            width,
            int            height,
            gboolean       keep_alpha,
            GError       **error)
{
  png_structp png;
  png_infop info;
  g_autofree guint8 *row = keep_alpha ? NULL : g_malloc ((gsize) width * 3);
  volatile gboolean ok = FALSE;

  png = png_create_write_struct (PNG_LIBPNG_VER_STRING, error, png_error_cb, png_warning_cb);
  info = png_create_info_struct (png);
  if (setjmp (png_jmpbuf (png)) == 0)
    {
      png_init_io (png, file);
      png_set_IHDR (png, info, width, height, 8,
                    keep_alpha ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB,
                    PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
      png_set_filter (png, 0, PNG_FILTER_SUB);
      png_set_compression_level (png, 1);
      png_set_compression_strategy (png, Z_RLE);
      png_write_info (png, info);
      for (int y = 0; y < height; y++)
        {
          const guint8 *src = rgba + (gsize) y * width * 4;

          if (keep_alpha)
            {
              png_write_row (png, src);
              continue;
            }
          for (int x = 0; x < width; x++)
            memcpy (row + x * 3, src + x * 4, 3);
          png_write_row (png, row);
        }
      png_write_end (png, info);
      ok = TRUE;
    }
  png_destroy_write_struct (&png, &info);
  return ok;
}
#endif

gboolean
atelier_headless_write_png (const guint8  *rgba,
                            int            width,
                            int            height,
                            gboolean       keep_alpha,
                            const char    *path,
                            GError       **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = NULL;
  int fd;

  /* Written beside the target and renamed over it, so a file manager never
   * sees half a thumbnail. */
  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp (tmp);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot write to %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  {
    /* mkstemp makes it private; give it the mode a plain create would. */
    mode_t mask = umask (0);
    umask (mask);
    fchmod (fd, 0666 & ~mask);
  }

#ifdef HAVE_LIBPNG
  {
    FILE *file = fdopen (fd, "wb");
    gboolean ok = encode_png (file, rgba, width, height, keep_alpha, error);

    if (fclose (file) != 0 && ok)
      {
        int saved = errno;
        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                     "Cannot write %s: %s", path, g_strerror (saved));
        ok = FALSE;
      }
    if (!ok)
      {
        g_unlink (tmp);
        return FALSE;
      }
  }
#else
  {
    g_autoptr(GdkPixbuf) pixbuf = NULL;
    g_autofree guint8 *copy = NULL;

    close (fd);
    if (keep_alpha)
      pixbuf = gdk_pixbuf_new_from_data (rgba, GDK_COLORSPACE_RGB, TRUE, 8, width, height,
                                         width * 4, NULL, NULL);
    else
      {
        gsize n = (gsize) width * height;

        copy = g_malloc (n * 3);
        for (gsize i = 0; i < n; i++)
          memcpy (copy + i * 3, rgba + i * 4, 3);
        pixbuf = gdk_pixbuf_new_from_data (copy, GDK_COLORSPACE_RGB, FALSE, 8, width, height,
                                           width * 3, NULL, NULL);
      }
    if (!gdk_pixbuf_save (pixbuf, tmp, "png", error, "compression", "1", NULL))
      {
        g_unlink (tmp);
        return FALSE;
      }
  }
#endif

  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;
      g_unlink (tmp);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot write %s: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

void
atelier_headless_options_init (AtelierHeadlessOptions *options)
{
  options->width = 1280;
  options->height = 800;
  options->mode = ATELIER_RENDER_MODE_SHADED;
  options->transparent = FALSE;
  options->show_grid = TRUE;
  options->samples = -1;
}

/* Context and renderer for @options; the scene comes later. */
static gboolean
prepare (const AtelierHeadlessOptions  *options,
         AtelierHeadless              **headless_out,
         AtelierRenderer              **renderer_out,
         GError                       **error)
{
  g_autoptr(AtelierHeadless) headless = NULL;

  headless = headless_new (options->width, options->height, options->samples, error);
  if (headless == NULL)
    return FALSE;
  *renderer_out = atelier_renderer_new (atelier_headless_get_use_es (headless), error);
  if (*renderer_out == NULL)
    return FALSE;
  *headless_out = g_steal_pointer (&headless);
  return TRUE;
}

typedef struct
{
  const guint8 *rgba;
  int           width;
  int           height;
  gboolean      keep_alpha;
  const char   *path;
  GError       *error;
  gboolean      ok;
} PngJob;

static gpointer
png_thread (gpointer data)
{
  PngJob *job = data;

  job->ok = atelier_headless_write_png (job->rgba, job->width, job->height, job->keep_alpha,
                                        job->path, &job->error);
  return NULL;
}

static gboolean
finish (AtelierHeadless              *headless_in,
        AtelierRenderer              *renderer_in,
        AtelierGltfScene             *scene,
        gboolean                      own_scene,
        const AtelierHeadlessOptions *options,
        const char                   *path,
        GError                      **error)
{
  g_autoptr(AtelierHeadless) headless = headless_in;
  g_autoptr(AtelierRenderer) renderer = renderer_in;
  g_autofree guint8 *rgba = NULL;
  AtelierRenderCamera camera;
  float min[3], max[3];
  gint64 t0 = g_get_monotonic_time (), t1, t2, t3, t;

  if (options->samples < 0 &&
      !atelier_headless_set_samples (headless, atelier_render_pick_samples (scene ? scene->n_triangles : 0),
                                     error))
    return FALSE;

  t = atelier_render_profile_begin ();
  atelier_renderer_set_mode (renderer, options->mode);
  atelier_renderer_set_show_grid (renderer, options->show_grid);
  if (options->transparent)
    {
      static const float clear[4] = { 0, 0, 0, 0 };
      atelier_renderer_set_background (renderer, clear);
    }
  atelier_render_camera_init (&camera);
  atelier_renderer_scene_bounds (scene, min, max);
  atelier_render_camera_frame_bounds (&camera, min, max, options->width / (float) options->height);
  atelier_renderer_set_scene_still (renderer, scene, &camera, options->width, options->height,
                                    atelier_render_target_get_samples (headless->target),
                                    own_scene);
  t1 = g_get_monotonic_time ();
  atelier_render_profile_end (t, "upload", TRUE);

  t = atelier_render_profile_begin ();
  atelier_headless_bind (headless);
  atelier_renderer_draw (renderer, &camera, options->width, options->height);
  atelier_render_profile_end (t, "draw (with JIT)", TRUE);
  t = atelier_render_profile_begin ();
  rgba = atelier_headless_read_rgba (headless);
  if (!atelier_headless_check_gl (headless, error))
    return FALSE;
  t2 = g_get_monotonic_time ();
  atelier_render_profile_end (t, "readback", FALSE);

  /* The PNG is written while GL is torn down (objects before the context),
   * which takes as long. */
  t = atelier_render_profile_begin ();
  {
    PngJob job = { rgba, options->width, options->height, options->transparent, path, NULL, FALSE };
    GThread *thread = g_thread_new ("atelier-png", png_thread, &job);

    g_clear_pointer (&renderer, atelier_renderer_free);
    g_clear_pointer (&headless, atelier_headless_free);
    atelier_render_profile_end (t, "free GL (PNG beside)", FALSE);
    g_thread_join (thread);
    if (!job.ok)
      {
        g_propagate_error (error, job.error);
        return FALSE;
      }
  }
  t3 = g_get_monotonic_time ();
  atelier_render_profile_end (t, "PNG written", FALSE);

  g_debug ("%d×%d: upload %.0f ms, draw+readback %.0f ms, PNG %.0f ms",
           options->width, options->height, (t1 - t0) / 1e3, (t2 - t1) / 1e3, (t3 - t2) / 1e3);
  return TRUE;
}

gboolean
atelier_headless_render_png (const AtelierGltfScene       *scene,
                             const AtelierHeadlessOptions *options,
                             const char                   *path,
                             GError                      **error)
{
  AtelierHeadless *headless = NULL;
  AtelierRenderer *renderer = NULL;

  if (!prepare (options, &headless, &renderer, error))
    {
      if (headless)
        atelier_headless_free (headless);
      return FALSE;
    }
  /* Not released: the scene is the caller's. */
  return finish (headless, renderer, (AtelierGltfScene *) scene, FALSE, options, path, error);
}

typedef struct
{
  const char              *path;
  const AtelierGltfLimits *limits;
  AtelierGltfScene        *scene;
  GError                  *error;
  double                   load_ms;
} LoadJob;

static gpointer
load_thread (gpointer data)
{
  LoadJob *job = data;
  gint64 start = g_get_monotonic_time ();

  job->scene = atelier_gltf_load_file (job->path, job->limits, &job->error);
  job->load_ms = (g_get_monotonic_time () - start) / 1e3;
  atelier_render_profile_end (start, "load (thread)", FALSE);
  return NULL;
}

gboolean
atelier_headless_render_file_png (const char                   *model_path,
                                  const AtelierGltfLimits      *limits,
                                  const AtelierHeadlessOptions *options,
                                  const char                   *png_path,
                                  AtelierHeadlessReport        *report,
                                  GError                      **error)
{
  LoadJob job = { model_path, limits, NULL, NULL, 0 };
  g_autoptr(GError) gl_error = NULL;
  AtelierHeadless *headless = NULL;
  AtelierRenderer *renderer = NULL;
  GThread *thread;
  gboolean ok;
  gint64 start = g_get_monotonic_time ();

  /* Loading and starting GL (driver, shaders, environment) overlap. */
  thread = g_thread_new ("atelier-load", load_thread, &job);
  ok = prepare (options, &headless, &renderer, &gl_error);
  {
    gint64 t = atelier_render_profile_begin ();
    g_thread_join (thread);
    atelier_render_profile_end (t, "wait for load", FALSE);
  }

  if (report)
    {
      report->load_ms = job.load_ms;
      report->triangles = job.scene ? job.scene->n_triangles : 0;
    }

  if (job.scene == NULL)
    {
      if (renderer)
        atelier_renderer_free (renderer);
      if (headless)
        atelier_headless_free (headless);
      g_propagate_prefixed_error (error, job.error, "Cannot load %s: ", model_path);
      return FALSE;
    }
  if (!ok)
    {
      if (headless)
        atelier_headless_free (headless);
      atelier_gltf_scene_free (job.scene);
      g_propagate_prefixed_error (error, g_steal_pointer (&gl_error), "Cannot render %s: ", model_path);
      return FALSE;
    }

  ok = finish (headless, renderer, job.scene, TRUE, options, png_path, &gl_error);
  atelier_gltf_scene_free (job.scene);
  if (report)
    report->total_ms = (g_get_monotonic_time () - start) / 1e3;
  if (!ok)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&gl_error), "Cannot render %s: ", model_path);
      return FALSE;
    }
  return TRUE;
}
