/* atelier-render-texture.c: a scene's textures and samplers on the GPU
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-render"

#include "config.h"

#include "atelier-render-texture.h"

#ifndef GL_TEXTURE_MAX_ANISOTROPY_EXT
#define GL_TEXTURE_MAX_ANISOTROPY_EXT 0x84FE
#endif

struct _AtelierRenderTextures
{
  guint   n_textures;
  GLuint *gl[2];         /* [srgb][texture index]; 0 = not made yet */
  guint8 *failed[2];     /* images that could not be uploaded */
  guint   n_samplers;
  GLuint *samplers;      /* one per scene sampler, then the default one */
  GLint   max_size;
  guint   count;
};

static gboolean
is_mipmap_filter (guint filter)
{
  return filter == GL_NEAREST_MIPMAP_NEAREST || filter == GL_LINEAR_MIPMAP_NEAREST ||
         filter == GL_NEAREST_MIPMAP_LINEAR || filter == GL_LINEAR_MIPMAP_LINEAR;
}

static gboolean
is_valid_filter (guint filter)
{
  return filter == GL_NEAREST || filter == GL_LINEAR || is_mipmap_filter (filter);
}

static GLenum
wrap_or_repeat (guint wrap)
{
  if (wrap == GL_CLAMP_TO_EDGE || wrap == GL_MIRRORED_REPEAT || wrap == GL_REPEAT)
    return wrap;
  return GL_REPEAT;
}

static GLuint
make_sampler (const AtelierGltfSampler *s,
              float                     anisotropy)
{
  GLuint sampler;
  guint min = s && is_valid_filter (s->min_filter) ? s->min_filter : GL_LINEAR_MIPMAP_LINEAR;
  guint mag = s && (s->mag_filter == GL_NEAREST || s->mag_filter == GL_LINEAR) ? s->mag_filter : GL_LINEAR;

  glGenSamplers (1, &sampler);
  glSamplerParameteri (sampler, GL_TEXTURE_MIN_FILTER, min);
  glSamplerParameteri (sampler, GL_TEXTURE_MAG_FILTER, mag);
  glSamplerParameteri (sampler, GL_TEXTURE_WRAP_S, wrap_or_repeat (s ? s->wrap_s : 0));
  glSamplerParameteri (sampler, GL_TEXTURE_WRAP_T, wrap_or_repeat (s ? s->wrap_t : 0));
  if (anisotropy > 1 && is_mipmap_filter (min))
    glSamplerParameterf (sampler, GL_TEXTURE_MAX_ANISOTROPY_EXT, anisotropy);
  return sampler;
}

AtelierRenderTextures *
atelier_render_textures_new (const AtelierGltfScene *scene)
{
  AtelierRenderTextures *self = g_new0 (AtelierRenderTextures, 1);
  float anisotropy = 1;

  self->n_textures = scene ? scene->n_textures : 0;
  for (guint i = 0; i < 2; i++)
    {
      self->gl[i] = g_new0 (GLuint, MAX (self->n_textures, 1));
      self->failed[i] = g_new0 (guint8, MAX (self->n_textures, 1));
    }

  if (epoxy_has_gl_extension ("GL_EXT_texture_filter_anisotropic") ||
      epoxy_has_gl_extension ("GL_ARB_texture_filter_anisotropic"))
    anisotropy = 8;

  self->n_samplers = (scene ? scene->n_samplers : 0) + 1;
  self->samplers = g_new0 (GLuint, self->n_samplers);
  for (guint i = 0; i + 1 < self->n_samplers; i++)
    self->samplers[i] = make_sampler (&scene->samplers[i], anisotropy);
  self->samplers[self->n_samplers - 1] = make_sampler (NULL, anisotropy);

  glGetIntegerv (GL_MAX_TEXTURE_SIZE, &self->max_size);
  return self;
}

static GLuint
upload (AtelierRenderTextures  *self,
        const AtelierGltfImage *image,
        gboolean                srgb)
{
  GLuint tex;

  if (image->pixels == NULL || image->width <= 0 || image->height <= 0)
    return 0;
  if (image->width > self->max_size || image->height > self->max_size)
    {
      g_warning ("Texture of %d×%d exceeds the GL limit of %d, ignored",
                 image->width, image->height, self->max_size);
      return 0;
    }

  glGenTextures (1, &tex);
  glBindTexture (GL_TEXTURE_2D, tex);
  glPixelStorei (GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D (GL_TEXTURE_2D, 0, srgb ? GL_SRGB8_ALPHA8 : GL_RGBA8,
                image->width, image->height, 0, GL_RGBA, GL_UNSIGNED_BYTE, image->pixels);
  glGenerateMipmap (GL_TEXTURE_2D);
  self->count++;
  return tex;
}

gboolean
atelier_render_textures_bind (AtelierRenderTextures  *self,
                              const AtelierGltfScene *scene,
                              int                     index,
                              gboolean                srgb,
                              GLuint                  unit)
{
  const AtelierGltfTexture *texture;
  int s = srgb ? 1 : 0;
  int sampler;

  if (index < 0 || (guint) index >= self->n_textures || self->failed[s][index])
    return FALSE;

  texture = &scene->textures[index];
  glActiveTexture (GL_TEXTURE0 + unit);

  if (self->gl[s][index] == 0)
    {
      if (texture->image < 0 || (guint) texture->image >= scene->n_images ||
          !(self->gl[s][index] = upload (self, &scene->images[texture->image], srgb)))
        {
          self->failed[s][index] = TRUE;
          return FALSE;
        }
    }

  glBindTexture (GL_TEXTURE_2D, self->gl[s][index]);
  sampler = texture->sampler;
  if (sampler < 0 || (guint) sampler + 1 >= self->n_samplers)
    sampler = self->n_samplers - 1;
  glBindSampler (unit, self->samplers[sampler]);
  return TRUE;
}

guint
atelier_render_textures_get_count (AtelierRenderTextures *self)
{
  return self->count;
}

void
atelier_render_textures_free (AtelierRenderTextures *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < 2; i++)
    {
      for (guint t = 0; t < self->n_textures; t++)
        if (self->gl[i][t])
          glDeleteTextures (1, &self->gl[i][t]);
      g_free (self->gl[i]);
      g_free (self->failed[i]);
    }
  glDeleteSamplers (self->n_samplers, self->samplers);
  g_free (self->samplers);
  g_free (self);
}
