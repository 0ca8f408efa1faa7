/* atelier-headless.c: a GL context without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-render"

#include "config.h"

#include <epoxy/egl.h>
#include <epoxy/gl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <unistd.h>

#include "atelier-headless.h"
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
  if (has_client_extension ("EGL_EXT_platform_base") &&
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
  gboolean no_config = epoxy_has_egl_extension (self->display, "EGL_KHR_no_config_context");
  gboolean no_surface = epoxy_has_egl_extension (self->display, "EGL_KHR_surfaceless_context");
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

AtelierHeadless *
atelier_headless_new (int       width,
                      int       height,
                      int       samples,
                      GError  **error)
{
  g_autoptr(AtelierHeadless) self = g_new0 (AtelierHeadless, 1);
  gboolean surfaceless;

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

  if (!create_context (self, surfaceless, FALSE) &&
      !create_context (self, surfaceless, TRUE))
    {
      g_set_error (error, ATELIER_RENDER_ERROR, ATELIER_RENDER_ERROR_CONTEXT,
                   "Could not create a GL 3.3 core or GLES 3.0 context (EGL error 0x%x)",
                   eglGetError ());
      return NULL;
    }

  if (!(self->target = atelier_render_target_new (width, height, samples, error)))
    return NULL;

  return g_steal_pointer (&self);
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
  g_clear_pointer (&self->target, atelier_render_target_free);
  self->target = atelier_render_target_new (self->width, self->height, samples, error);
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

gboolean
atelier_headless_write_png (const guint8  *rgba,
                            int            width,
                            int            height,
                            gboolean       keep_alpha,
                            const char    *path,
                            GError       **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp = NULL;
  g_autofree guint8 *copy = NULL;
  int fd;

  if (keep_alpha)
    {
      pixbuf = gdk_pixbuf_new_from_data (rgba, GDK_COLORSPACE_RGB, TRUE, 8, width, height,
                                         width * 4, NULL, NULL);
    }
  else
    {
      gsize n = (gsize) width * height;

      copy = g_malloc (n * 3);
      for (gsize i = 0; i < n; i++)
        memcpy (copy + i * 3, rgba + i * 4, 3);
      pixbuf = gdk_pixbuf_new_from_data (copy, GDK_COLORSPACE_RGB, FALSE, 8, width, height,
                                         width * 3, NULL, NULL);
    }

  tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  fd = g_mkstemp (tmp);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot write to %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (!gdk_pixbuf_save (pixbuf, tmp, "png", error, "compression", "1", NULL))
    {
      g_unlink (tmp);
      return FALSE;
    }
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

gboolean
atelier_headless_render_png (const AtelierGltfScene       *scene,
                             const AtelierHeadlessOptions *options,
                             const char                   *path,
                             GError                      **error)
{
  g_autoptr(AtelierHeadless) headless = NULL;
  g_autoptr(AtelierRenderer) renderer = NULL;
  g_autofree guint8 *rgba = NULL;
  AtelierRenderCamera camera;
  float min[3], max[3];
  gint64 t0 = g_get_monotonic_time (), t1, t2, t3, t4, t5;

  headless = atelier_headless_new (options->width, options->height, MAX (options->samples, 0), error);
  if (headless == NULL)
    return FALSE;
  if (options->samples < 0 &&
      !atelier_headless_set_samples (headless, atelier_render_pick_samples (scene ? scene->n_triangles : 0),
                                     error))
    return FALSE;
  t1 = g_get_monotonic_time ();

  renderer = atelier_renderer_new (atelier_headless_get_use_es (headless), error);
  if (renderer == NULL)
    return FALSE;
  t2 = g_get_monotonic_time ();

  atelier_renderer_set_scene (renderer, scene);
  atelier_renderer_set_mode (renderer, options->mode);
  atelier_renderer_set_show_grid (renderer, options->show_grid);
  if (options->transparent)
    {
      static const float clear[4] = { 0, 0, 0, 0 };
      atelier_renderer_set_background (renderer, clear);
    }
  glFinish ();
  t3 = g_get_monotonic_time ();

  atelier_render_camera_init (&camera);
  atelier_renderer_get_bounds (renderer, min, max);
  atelier_render_camera_frame_bounds (&camera, min, max, options->width / (float) options->height);

  atelier_headless_bind (headless);
  atelier_renderer_draw (renderer, &camera, options->width, options->height);
  rgba = atelier_headless_read_rgba (headless);
  if (!atelier_headless_check_gl (headless, error))
    return FALSE;
  t4 = g_get_monotonic_time ();

  /* GL objects go before the context does. */
  g_clear_pointer (&renderer, atelier_renderer_free);
  g_clear_pointer (&headless, atelier_headless_free);

  if (!atelier_headless_write_png (rgba, options->width, options->height,
                                   options->transparent, path, error))
    return FALSE;
  t5 = g_get_monotonic_time ();

  g_debug ("%d×%d, %d samples: context %.0f ms, shaders+environment %.0f ms, upload %.0f ms, "
           "draw+readback %.0f ms, PNG %.0f ms",
           options->width, options->height, options->samples, (t1 - t0) / 1e3, (t2 - t1) / 1e3, (t3 - t2) / 1e3, (t4 - t3) / 1e3, (t5 - t4) / 1e3);
  return TRUE;
}
