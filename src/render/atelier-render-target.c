/* atelier-render-target.c: an offscreen framebuffer that reads back as RGBA
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-render"

#include "config.h"

#include "atelier-render-profile.h"
#include "atelier-render-program.h"
#include "atelier-render-target.h"
#include "atelier-renderer.h"

struct _AtelierRenderTarget
{
  int    width;
  int    height;
  int    samples;
  GLuint fbo;           /* multisampled when samples > 0 */
  GLuint color;         /* a renderbuffer, or a texture when color_is_texture */
  GLuint depth;
  GLuint resolve_fbo;
  GLuint resolve_color;
  gboolean color_is_texture;
  GLuint resolve_program;
  GLuint resolve_vao;
};

static gboolean
create_framebuffers (AtelierRenderTarget  *self,
                     int                   samples,
                     GError              **error)
{
  GLint max_samples = 0, max_size = 0;

  glGetIntegerv (GL_MAX_RENDERBUFFER_SIZE, &max_size);
  if (self->width > max_size || self->height > max_size)
    {
      g_set_error (error, ATELIER_RENDER_ERROR, ATELIER_RENDER_ERROR_UNSUPPORTED,
                   "%d×%d is larger than this GL allows (%d)", self->width, self->height, max_size);
      return FALSE;
    }

  glGetIntegerv (GL_MAX_SAMPLES, &max_samples);
  self->samples = CLAMP (samples, 0, max_samples);
  if (self->samples <= 1)
    self->samples = 0;

  glGenFramebuffers (1, &self->fbo);
  glBindFramebuffer (GL_FRAMEBUFFER, self->fbo);
  if (self->color_is_texture && self->samples > 0)
    {
      glGenTextures (1, &self->color);
      glBindTexture (GL_TEXTURE_2D_MULTISAMPLE, self->color);
      glTexImage2DMultisample (GL_TEXTURE_2D_MULTISAMPLE, self->samples, GL_RGBA8,
                               self->width, self->height, GL_TRUE);
      glBindTexture (GL_TEXTURE_2D_MULTISAMPLE, 0);
      glFramebufferTexture2D (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D_MULTISAMPLE,
                              self->color, 0);
    }
  else if (self->color_is_texture)
    {
      glGenTextures (1, &self->color);
      glBindTexture (GL_TEXTURE_2D, self->color);
      glTexImage2D (GL_TEXTURE_2D, 0, GL_RGBA8, self->width, self->height, 0, GL_RGBA,
                    GL_UNSIGNED_BYTE, NULL);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
      glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
      glBindTexture (GL_TEXTURE_2D, 0);
      glFramebufferTexture2D (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, self->color, 0);
    }
  else
    {
      glGenRenderbuffers (1, &self->color);
      glBindRenderbuffer (GL_RENDERBUFFER, self->color);
      glRenderbufferStorageMultisample (GL_RENDERBUFFER, self->samples, GL_RGBA8, self->width, self->height);
      glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, self->color);
    }
  glGenRenderbuffers (1, &self->depth);
  glBindRenderbuffer (GL_RENDERBUFFER, self->depth);
  glRenderbufferStorageMultisample (GL_RENDERBUFFER, self->samples, GL_DEPTH_COMPONENT24, self->width, self->height);
  glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, self->depth);
  if (glCheckFramebufferStatus (GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
    {
      g_set_error (error, ATELIER_RENDER_ERROR, ATELIER_RENDER_ERROR_UNSUPPORTED,
                   "The offscreen framebuffer is incomplete");
      return FALSE;
    }

  if (self->samples > 0)
    {
      glGenFramebuffers (1, &self->resolve_fbo);
      glBindFramebuffer (GL_FRAMEBUFFER, self->resolve_fbo);
      glGenRenderbuffers (1, &self->resolve_color);
      glBindRenderbuffer (GL_RENDERBUFFER, self->resolve_color);
      glRenderbufferStorage (GL_RENDERBUFFER, GL_RGBA8, self->width, self->height);
      glFramebufferRenderbuffer (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, self->resolve_color);
      if (glCheckFramebufferStatus (GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
        {
          g_set_error (error, ATELIER_RENDER_ERROR, ATELIER_RENDER_ERROR_UNSUPPORTED,
                       "The resolve framebuffer is incomplete");
          return FALSE;
        }
    }
  glBindRenderbuffer (GL_RENDERBUFFER, 0);
  glBindFramebuffer (GL_FRAMEBUFFER, self->fbo);
  return TRUE;
}


static AtelierRenderTarget *
target_new (int        width,
            int        height,
            int        samples,
            gboolean   color_texture,
            GError   **error)
{
  AtelierRenderTarget *self = g_new0 (AtelierRenderTarget, 1);

  self->width = width;
  self->height = height;
  self->color_is_texture = color_texture;
  if (!create_framebuffers (self, samples, error))
    {
      atelier_render_target_free (self);
      return NULL;
    }
  return self;
}

AtelierRenderTarget *
atelier_render_target_new (int       width,
                           int       height,
                           int       samples,
                           GError  **error)
{
  return target_new (width, height, samples, FALSE, error);
}

AtelierRenderTarget *
atelier_render_target_new_texture (int       width,
                                   int       height,
                                   GError  **error)
{
  return target_new (width, height, 0, TRUE, error);
}

GLuint
atelier_render_target_get_texture (AtelierRenderTarget *self)
{
  return self->color_is_texture && self->samples == 0 ? self->color : 0;
}

AtelierRenderTarget *
atelier_render_target_new_readback (int       width,
                                    int       height,
                                    int       samples,
                                    GError  **error)
{
  AtelierRenderTarget *self;
  g_autofree char *defines = NULL;

  /* Multisample textures need desktop GL 3.2 (or GLES 3.1, not asked for). */
  if (samples <= 1 || !epoxy_is_desktop_gl () || epoxy_gl_version () < 32)
    return target_new (width, height, samples, FALSE, error);

  if (!(self = target_new (width, height, samples, TRUE, error)))
    return NULL;
  if (self->samples == 0)
    return self;   /* the context had no multisampling after all */

  defines = g_strdup_printf ("#define SAMPLES %d\n", self->samples);
  self->resolve_program = atelier_render_program_new (FALSE, "resolve.vert", "resolve.frag",
                                                      defines, error);
  if (self->resolve_program == 0)
    {
      atelier_render_target_free (self);
      return NULL;
    }
  glUseProgram (self->resolve_program);
  atelier_render_program_set_unit (self->resolve_program, "u_color", 0);
  glUseProgram (0);
  glGenVertexArrays (1, &self->resolve_vao);
  return self;
}

gboolean
atelier_render_is_software (void)
{
  const char *renderer = (const char *) glGetString (GL_RENDERER);

  return renderer && (strstr (renderer, "llvmpipe") || strstr (renderer, "softpipe") ||
                      strstr (renderer, "SwiftShader"));
}

int
atelier_render_pick_samples (guint64 triangles)
{
  if (atelier_render_is_software () && triangles > 200000)
    return 0;
  return 4;
}

void
atelier_render_target_bind (AtelierRenderTarget *self)
{
  glBindFramebuffer (GL_FRAMEBUFFER, self->fbo);
  glViewport (0, 0, self->width, self->height);
}

void
atelier_render_target_resolve (AtelierRenderTarget *self)
{
  if (self->samples > 0)
    {
      glBindFramebuffer (GL_READ_FRAMEBUFFER, self->fbo);
      glBindFramebuffer (GL_DRAW_FRAMEBUFFER, self->resolve_fbo);
      glBlitFramebuffer (0, 0, self->width, self->height, 0, 0, self->width, self->height,
                         GL_COLOR_BUFFER_BIT, GL_NEAREST);
    }
}

void
atelier_render_target_blit_to (AtelierRenderTarget *self,
                               GLuint               fbo)
{
  glBindFramebuffer (GL_READ_FRAMEBUFFER, self->samples > 0 ? self->resolve_fbo : self->fbo);
  glBindFramebuffer (GL_DRAW_FRAMEBUFFER, fbo);
  glBlitFramebuffer (0, 0, self->width, self->height, 0, 0, self->width, self->height,
                     GL_COLOR_BUFFER_BIT, GL_NEAREST);
  glBindFramebuffer (GL_FRAMEBUFFER, fbo);
}

int
atelier_render_target_get_samples (AtelierRenderTarget *self)
{
  return self->samples;
}

int
atelier_render_target_get_width (AtelierRenderTarget *self)
{
  return self->width;
}

int
atelier_render_target_get_height (AtelierRenderTarget *self)
{
  return self->height;
}

/* The same as the blit, by drawing: on llvmpipe the first multisample
 * glBlitFramebuffer builds the driver's blit shaders (35 ms, every start of
 * `atelier-cli render`), while this small program comes from the shader
 * cache. */
static void
resolve_with_shader (AtelierRenderTarget *self)
{
  glBindFramebuffer (GL_FRAMEBUFFER, self->resolve_fbo);
  glViewport (0, 0, self->width, self->height);
  glDisable (GL_DEPTH_TEST);
  glDisable (GL_BLEND);
  glDisable (GL_CULL_FACE);
  glDisable (GL_SCISSOR_TEST);
  glUseProgram (self->resolve_program);
  glActiveTexture (GL_TEXTURE0);
  glBindTexture (GL_TEXTURE_2D_MULTISAMPLE, self->color);
  glBindVertexArray (self->resolve_vao);
  glDrawArrays (GL_TRIANGLES, 0, 3);
  glBindVertexArray (0);
  glBindTexture (GL_TEXTURE_2D_MULTISAMPLE, 0);
  glUseProgram (0);
}

guint8 *
atelier_render_target_read_rgba (AtelierRenderTarget *self)
{
  gsize stride = (gsize) self->width * 4;
  g_autofree guint8 *raw = g_malloc (stride * self->height);
  guint8 *out = g_malloc (stride * self->height);
  gint64 t = atelier_render_profile_begin ();

  if (self->resolve_program)
    {
      resolve_with_shader (self);
      glBindFramebuffer (GL_READ_FRAMEBUFFER, self->resolve_fbo);
    }
  else if (self->samples > 0)
    {
      glBindFramebuffer (GL_READ_FRAMEBUFFER, self->fbo);
      glBindFramebuffer (GL_DRAW_FRAMEBUFFER, self->resolve_fbo);
      glBlitFramebuffer (0, 0, self->width, self->height, 0, 0, self->width, self->height,
                         GL_COLOR_BUFFER_BIT, GL_NEAREST);
      glBindFramebuffer (GL_READ_FRAMEBUFFER, self->resolve_fbo);
    }
  else
    {
      glBindFramebuffer (GL_READ_FRAMEBUFFER, self->fbo);
    }

  atelier_render_profile_end (t, "  resolve", TRUE);
  glPixelStorei (GL_PACK_ALIGNMENT, 1);
  glReadPixels (0, 0, self->width, self->height, GL_RGBA, GL_UNSIGNED_BYTE, raw);
  glBindFramebuffer (GL_FRAMEBUFFER, self->fbo);

  /* GL's rows go bottom-up, and the renderer writes premultiplied alpha. */
  for (int y = 0; y < self->height; y++)
    {
      const guint8 *src = raw + (gsize) (self->height - 1 - y) * stride;
      guint8 *dst = out + (gsize) y * stride;

      for (int x = 0; x < self->width; x++, src += 4, dst += 4)
        {
          guint a = src[3];

          if (a == 255 || a == 0)
            memcpy (dst, src, 4);
          else
            {
              for (int c = 0; c < 3; c++)
                dst[c] = MIN (255u, (src[c] * 255u + a / 2) / a);
              dst[3] = a;
            }
        }
    }
  return out;
}

void
atelier_render_target_free (AtelierRenderTarget *self)
{
  if (self == NULL)
    return;
  if (self->fbo)
    glDeleteFramebuffers (1, &self->fbo);
  if (self->resolve_fbo)
    glDeleteFramebuffers (1, &self->resolve_fbo);
  if (self->color && self->color_is_texture)
    glDeleteTextures (1, &self->color);
  else if (self->color)
    glDeleteRenderbuffers (1, &self->color);
  if (self->resolve_program)
    glDeleteProgram (self->resolve_program);
  if (self->resolve_vao)
    glDeleteVertexArrays (1, &self->resolve_vao);
  if (self->depth)
    glDeleteRenderbuffers (1, &self->depth);
  if (self->resolve_color)
    glDeleteRenderbuffers (1, &self->resolve_color);
  g_free (self);
}
