/* atelier-render-texture.c: a scene's textures and samplers on the GPU
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-render"

#include "config.h"

#include <math.h>

#include "atelier-render-target.h"
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

  /* Anisotropic filtering is nearly free on a GPU but costs a fifth of the
   * frame on llvmpipe, where trilinear has to do. */
  if ((epoxy_has_gl_extension ("GL_EXT_texture_filter_anisotropic") ||
       epoxy_has_gl_extension ("GL_ARB_texture_filter_anisotropic")) &&
      !atelier_render_is_software ())
    anisotropy = 8;

  self->n_samplers = (scene ? scene->n_samplers : 0) + 1;
  self->samplers = g_new0 (GLuint, self->n_samplers);
  for (guint i = 0; i + 1 < self->n_samplers; i++)
    self->samplers[i] = make_sampler (&scene->samplers[i], anisotropy);
  self->samplers[self->n_samplers - 1] = make_sampler (NULL, anisotropy);

  glGetIntegerv (GL_MAX_TEXTURE_SIZE, &self->max_size);
  return self;
}

/* sRGB ↔ linear tables for mipmapping colour textures correctly. */
static const float *
srgb_to_linear_table (void)
{
  static float table[256];
  static gsize done;

  if (g_once_init_enter (&done))
    {
      for (int i = 0; i < 256; i++)
        {
          float c = i / 255.0f;
          table[i] = c <= 0.04045f ? c / 12.92f : powf ((c + 0.055f) / 1.055f, 2.4f);
        }
      g_once_init_leave (&done, 1);
    }
  return table;
}

#define ENCODE_STEPS 4096

static const guint8 *
linear_to_srgb_table (void)
{
  static guint8 table[ENCODE_STEPS + 1];
  static gsize done;

  if (g_once_init_enter (&done))
    {
      for (int i = 0; i <= ENCODE_STEPS; i++)
        {
          float c = (float) i / ENCODE_STEPS;
          float e = c <= 0.0031308f ? c * 12.92f : 1.055f * powf (c, 1 / 2.4f) - 0.055f;
          table[i] = (guint8) CLAMP (e * 255.0f + 0.5f, 0, 255);
        }
      g_once_init_leave (&done, 1);
    }
  return table;
}

/* One 2×2 box-filtered level down (odd edges repeat their last texel). */
static guint8 *
downsample (const guint8 *src,
            int           w,
            int           h,
            int           dw,
            int           dh,
            gboolean      srgb)
{
  const float *to_linear = srgb_to_linear_table ();
  const guint8 *to_srgb = linear_to_srgb_table ();
  guint8 *dst = g_malloc ((gsize) dw * dh * 4);

  for (int y = 0; y < dh; y++)
    {
      const guint8 *r0 = src + (gsize) MIN (2 * y, h - 1) * w * 4;
      const guint8 *r1 = src + (gsize) MIN (2 * y + 1, h - 1) * w * 4;
      guint8 *out = dst + (gsize) y * dw * 4;

      for (int x = 0; x < dw; x++)
        {
          int x0 = MIN (2 * x, w - 1) * 4, x1 = MIN (2 * x + 1, w - 1) * 4;

          for (int c = 0; c < 4; c++)
            {
              if (srgb && c < 3)
                {
                  float l = to_linear[r0[x0 + c]] + to_linear[r0[x1 + c]] +
                            to_linear[r1[x0 + c]] + to_linear[r1[x1 + c]];
                  out[x * 4 + c] = to_srgb[(int) (l * (ENCODE_STEPS / 4.0f) + 0.5f)];
                }
              else
                {
                  out[x * 4 + c] = (r0[x0 + c] + r0[x1 + c] + r1[x0 + c] + r1[x1 + c] + 2) / 4;
                }
            }
        }
    }
  return dst;
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

  /* Mipmaps on the CPU: glGenerateMipmap on llvmpipe takes ~90 ms for one
   * 1024² sRGB texture, this takes a few. */
  {
    const guint8 *level = image->pixels;
    g_autofree guint8 *owned = NULL;
    int w = image->width, h = image->height, n = 0;

    while (w > 1 || h > 1)
      {
        int dw = MAX (w / 2, 1), dh = MAX (h / 2, 1);
        guint8 *next = downsample (level, w, h, dw, dh, srgb);

        glTexImage2D (GL_TEXTURE_2D, ++n, srgb ? GL_SRGB8_ALPHA8 : GL_RGBA8,
                      dw, dh, 0, GL_RGBA, GL_UNSIGNED_BYTE, next);
        g_free (owned);
        level = owned = next;
        w = dw;
        h = dh;
      }
    glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAX_LEVEL, n);
  }
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
