/* atelier-render-environment.c: the built-in studio for image-based lighting
 *
 * The textures come ready-made from the render GResource (the build computes
 * them, see atelier-render-studio.h): half floats uploaded as they are, one
 * grey channel swizzled to RGB, so starting costs no prefiltering.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-render"

#include "config.h"

#include <gio/gio.h>

#include "atelier-render-environment.h"
#include "atelier-render-resources.h"
#include "atelier-render-studio.h"
#include "atelier-renderer.h"

#define STUDIO_RESOURCE "/io/github/atelierapp/Atelier/render/studio.bin"

static GLuint
make_cube (int levels)
{
  GLuint tex;

  glGenTextures (1, &tex);
  glBindTexture (GL_TEXTURE_CUBE_MAP, tex);
  glTexParameteri (GL_TEXTURE_CUBE_MAP, GL_TEXTURE_MIN_FILTER,
                   levels > 1 ? GL_LINEAR_MIPMAP_LINEAR : GL_LINEAR);
  glTexParameteri (GL_TEXTURE_CUBE_MAP, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri (GL_TEXTURE_CUBE_MAP, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri (GL_TEXTURE_CUBE_MAP, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexParameteri (GL_TEXTURE_CUBE_MAP, GL_TEXTURE_WRAP_R, GL_CLAMP_TO_EDGE);
  glTexParameteri (GL_TEXTURE_CUBE_MAP, GL_TEXTURE_MAX_LEVEL, levels - 1);
  /* Grey: the shaders read RGB (and A = 1) from one channel. */
  glTexParameteri (GL_TEXTURE_CUBE_MAP, GL_TEXTURE_SWIZZLE_G, GL_RED);
  glTexParameteri (GL_TEXTURE_CUBE_MAP, GL_TEXTURE_SWIZZLE_B, GL_RED);
  glTexParameteri (GL_TEXTURE_CUBE_MAP, GL_TEXTURE_SWIZZLE_A, GL_ONE);
  return tex;
}

/* Half floats of the blob, in host order. */
static const guint16 *
halves (GBytes   *blob,
        guint16 **owned)
{
  const guint8 *data = g_bytes_get_data (blob, NULL);

  *owned = NULL;
#if G_BYTE_ORDER == G_BIG_ENDIAN
  {
    gsize n = (g_bytes_get_size (blob) - 8) / 2;

    *owned = g_new (guint16, n);
    memcpy (*owned, data + 8, n * 2);
    for (gsize i = 0; i < n; i++)
      (*owned)[i] = GUINT16_FROM_LE ((*owned)[i]);
    return *owned;
  }
#else
  return (const guint16 *) (data + 8);
#endif
}

gboolean
atelier_render_environment_init (AtelierRenderEnvironment *env,
                                 gboolean                  use_es,
                                 GError                  **error)
{
  g_autoptr(GBytes) blob = NULL;
  g_autofree guint16 *owned = NULL;
  const guint16 *h;

  memset (env, 0, sizeof *env);

  blob = g_resource_lookup_data (atelier_render_get_resource (), STUDIO_RESOURCE,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (blob == NULL)
    return FALSE;
  if (g_bytes_get_size (blob) != ATELIER_STUDIO_BYTES ||
      memcmp (g_bytes_get_data (blob, NULL), ATELIER_STUDIO_MAGIC, 8) != 0)
    {
      g_set_error_literal (error, ATELIER_RENDER_ERROR, ATELIER_RENDER_ERROR_FAILED,
                           "The built-in lighting environment is damaged");
      return FALSE;
    }
  h = halves (blob, &owned);

  glPixelStorei (GL_UNPACK_ALIGNMENT, 2);
  env->specular = make_cube (ATELIER_STUDIO_SPECULAR_LEVELS);
  env->max_lod = ATELIER_STUDIO_SPECULAR_LEVELS - 1;
  for (int level = 0; level < ATELIER_STUDIO_SPECULAR_LEVELS; level++)
    {
      int size = ATELIER_STUDIO_SPECULAR_SIZE >> level;

      for (int f = 0; f < 6; f++, h += size * size)
        glTexImage2D (GL_TEXTURE_CUBE_MAP_POSITIVE_X + f, level, GL_R16F, size, size, 0,
                      GL_RED, GL_HALF_FLOAT, h);
    }

  env->irradiance = make_cube (1);
  for (int f = 0; f < 6; f++)
    {
      int size = ATELIER_STUDIO_IRRADIANCE_SIZE;

      glTexImage2D (GL_TEXTURE_CUBE_MAP_POSITIVE_X + f, 0, GL_R16F, size, size, 0,
                    GL_RED, GL_HALF_FLOAT, h);
      h += size * size;
    }
  glBindTexture (GL_TEXTURE_CUBE_MAP, 0);

  glGenTextures (1, &env->brdf_lut);
  glBindTexture (GL_TEXTURE_2D, env->brdf_lut);
  glTexImage2D (GL_TEXTURE_2D, 0, GL_RG16F, ATELIER_STUDIO_LUT_SIZE, ATELIER_STUDIO_LUT_SIZE, 0,
                GL_RG, GL_HALF_FLOAT, h);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture (GL_TEXTURE_2D, 0);
  glPixelStorei (GL_UNPACK_ALIGNMENT, 4);

  if (glGetError () != GL_NO_ERROR)
    {
      atelier_render_environment_clear (env);
      g_set_error_literal (error, ATELIER_RENDER_ERROR, ATELIER_RENDER_ERROR_UNSUPPORTED,
                           "Cannot upload the lighting environment (half-float textures)");
      return FALSE;
    }
  return TRUE;
}

void
atelier_render_environment_clear (AtelierRenderEnvironment *env)
{
  if (env->specular)
    glDeleteTextures (1, &env->specular);
  if (env->irradiance)
    glDeleteTextures (1, &env->irradiance);
  if (env->brdf_lut)
    glDeleteTextures (1, &env->brdf_lut);
  memset (env, 0, sizeof *env);
}
