/* atelier-render-environment.c: the built-in studio for image-based lighting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-render"

#include "config.h"

#include <math.h>

#include "atelier-render-environment.h"
#include "atelier-render-program.h"
#include "atelier-renderer.h"

/* Small on purpose: llvmpipe prefilters this in tens of milliseconds, and
 * the key light, not the environment, draws the sharp highlights. */
#define SOURCE_SIZE      128
#define SPECULAR_SIZE    64
#define SPECULAR_LEVELS  5
#define IRRADIANCE_SIZE  16
#define LUT_SIZE         32

static float
radical_inverse (guint32 bits)
{
  bits = (bits << 16u) | (bits >> 16u);
  bits = ((bits & 0x55555555u) << 1u) | ((bits & 0xAAAAAAAAu) >> 1u);
  bits = ((bits & 0x33333333u) << 2u) | ((bits & 0xCCCCCCCCu) >> 2u);
  bits = ((bits & 0x0F0F0F0Fu) << 4u) | ((bits & 0xF0F0F0F0u) >> 4u);
  bits = ((bits & 0x00FF00FFu) << 8u) | ((bits & 0xFF00FF00u) >> 8u);
  return (float) bits * 2.3283064365386963e-10f;
}

static float
v_smith_correlated (float n_dot_l, float n_dot_v, float a)
{
  float a2 = a * a;
  float gv = n_dot_l * sqrtf (n_dot_v * n_dot_v * (1 - a2) + a2);
  float gl = n_dot_v * sqrtf (n_dot_l * n_dot_l * (1 - a2) + a2);
  return gv + gl > 0 ? 0.5f / (gv + gl) : 0;
}

float *
atelier_render_brdf_lut_compute (guint size,
                                 guint samples)
{
  float *lut = g_new (float, size * size * 2);

  for (guint y = 0; y < size; y++)
    {
      float roughness = (y + 0.5f) / size;
      float a = roughness * roughness;

      for (guint x = 0; x < size; x++)
        {
          float n_dot_v = (x + 0.5f) / size;
          float v[3] = { sqrtf (1 - n_dot_v * n_dot_v), 0, n_dot_v };
          float sum_a = 0, sum_b = 0;

          for (guint i = 0; i < samples; i++)
            {
              float xi0 = (float) i / samples, xi1 = radical_inverse (i);
              float phi = 2 * G_PI * xi0;
              float cos_t = sqrtf ((1 - xi1) / (1 + (a * a - 1) * xi1));
              float sin_t = sqrtf (1 - cos_t * cos_t);
              float h[3] = { sin_t * cosf (phi), sin_t * sinf (phi), cos_t };
              float v_dot_h = v[0] * h[0] + v[1] * h[1] + v[2] * h[2];
              float l_z = 2 * v_dot_h * h[2] - v[2];

              if (l_z > 0 && v_dot_h > 0)
                {
                  float vis = v_smith_correlated (l_z, n_dot_v, a);
                  float g_vis = vis * v_dot_h * l_z * 4 / h[2];
                  float fc = powf (1 - v_dot_h, 5);
                  sum_a += (1 - fc) * g_vis;
                  sum_b += fc * g_vis;
                }
            }
          lut[(y * size + x) * 2 + 0] = sum_a / samples;
          lut[(y * size + x) * 2 + 1] = sum_b / samples;
        }
    }
  return lut;
}

static GLuint
make_cube (int      size,
           int      levels,
           GLenum   format,
           gboolean filter_mipmaps)
{
  GLuint tex;

  glGenTextures (1, &tex);
  glBindTexture (GL_TEXTURE_CUBE_MAP, tex);
  /* glTexStorage2D would be neater but is not in GL 3.3 core. */
  for (int level = 0; level < levels; level++)
    for (int face = 0; face < 6; face++)
      glTexImage2D (GL_TEXTURE_CUBE_MAP_POSITIVE_X + face, level, format,
                    MAX (size >> level, 1), MAX (size >> level, 1), 0, GL_RGBA,
                    format == GL_RGBA16F ? GL_HALF_FLOAT : GL_UNSIGNED_BYTE, NULL);
  glTexParameteri (GL_TEXTURE_CUBE_MAP, GL_TEXTURE_MIN_FILTER,
                   filter_mipmaps ? GL_LINEAR_MIPMAP_LINEAR : GL_LINEAR);
  glTexParameteri (GL_TEXTURE_CUBE_MAP, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri (GL_TEXTURE_CUBE_MAP, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri (GL_TEXTURE_CUBE_MAP, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glTexParameteri (GL_TEXTURE_CUBE_MAP, GL_TEXTURE_WRAP_R, GL_CLAMP_TO_EDGE);
  glTexParameteri (GL_TEXTURE_CUBE_MAP, GL_TEXTURE_MAX_LEVEL, levels - 1);
  return tex;
}

static int
n_levels (int size)
{
  int n = 1;

  while (size > 1)
    size >>= 1, n++;
  return n;
}

/* Runs @program once per face of @cube at @level. */
static gboolean
draw_faces (GLuint  fbo,
            GLuint  program,
            GLuint  cube,
            int     level,
            int     size)
{
  GLint face_loc = glGetUniformLocation (program, "u_face");

  glViewport (0, 0, size, size);
  for (int face = 0; face < 6; face++)
    {
      glFramebufferTexture2D (GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
                              GL_TEXTURE_CUBE_MAP_POSITIVE_X + face, cube, level);
      if (glCheckFramebufferStatus (GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE)
        return FALSE;
      glUniform1i (face_loc, face);
      glDrawArrays (GL_TRIANGLES, 0, 3);
    }
  return TRUE;
}

static gboolean
render_cubes (AtelierRenderEnvironment *env,
              gboolean                  use_es,
              GLenum                    format,
              GError                  **error)
{
  GLuint sky = 0, prefilter = 0, irradiance = 0, fbo = 0, source = 0;
  gboolean ok = FALSE;
  int source_levels = n_levels (SOURCE_SIZE);

  if (!(sky = atelier_render_program_new (use_es, "fullscreen.vert", "env-sky.frag", "cube.glsl", error)) ||
      !(prefilter = atelier_render_program_new (use_es, "fullscreen.vert", "env-prefilter.frag", "cube.glsl", error)) ||
      !(irradiance = atelier_render_program_new (use_es, "fullscreen.vert", "env-irradiance.frag", "cube.glsl", error)))
    goto out;

  glGenFramebuffers (1, &fbo);
  glBindFramebuffer (GL_FRAMEBUFFER, fbo);
  glDisable (GL_DEPTH_TEST);
  glDisable (GL_BLEND);
  glDisable (GL_CULL_FACE);

  source = make_cube (SOURCE_SIZE, source_levels, format, TRUE);
  glUseProgram (sky);
  if (!draw_faces (fbo, sky, source, 0, SOURCE_SIZE))
    {
      g_set_error (error, ATELIER_RENDER_ERROR, ATELIER_RENDER_ERROR_UNSUPPORTED,
                   "Cannot render to a cubemap of format 0x%x", format);
      goto out;
    }
  glBindTexture (GL_TEXTURE_CUBE_MAP, source);
  glGenerateMipmap (GL_TEXTURE_CUBE_MAP);

  /* Both targets exist before the source is bound: making one binds it. */
  env->specular = make_cube (SPECULAR_SIZE, SPECULAR_LEVELS, format, TRUE);
  env->irradiance = make_cube (IRRADIANCE_SIZE, 1, format, FALSE);
  glActiveTexture (GL_TEXTURE0);
  glBindTexture (GL_TEXTURE_CUBE_MAP, source);

  env->max_lod = SPECULAR_LEVELS - 1;
  glUseProgram (prefilter);
  atelier_render_program_set_unit (prefilter, "u_source", 0);
  glUniform1f (glGetUniformLocation (prefilter, "u_source_size"), SOURCE_SIZE);
  for (int level = 0; level < SPECULAR_LEVELS; level++)
    {
      float roughness = (float) level / (SPECULAR_LEVELS - 1);
      glUniform1f (glGetUniformLocation (prefilter, "u_roughness"), roughness);
      glUniform1i (glGetUniformLocation (prefilter, "u_samples"), level == 0 ? 1 : 48);
      if (!draw_faces (fbo, prefilter, env->specular, level, MAX (SPECULAR_SIZE >> level, 1)))
        goto out;
    }

  glUseProgram (irradiance);
  atelier_render_program_set_unit (irradiance, "u_source", 0);
  glUniform1f (glGetUniformLocation (irradiance, "u_source_size"), SOURCE_SIZE);
  glUniform1i (glGetUniformLocation (irradiance, "u_samples"), 64);
  if (!draw_faces (fbo, irradiance, env->irradiance, 0, IRRADIANCE_SIZE))
    goto out;

  ok = TRUE;

out:
  glUseProgram (0);
  glBindFramebuffer (GL_FRAMEBUFFER, 0);
  glBindTexture (GL_TEXTURE_CUBE_MAP, 0);
  if (fbo)
    glDeleteFramebuffers (1, &fbo);
  if (source)
    glDeleteTextures (1, &source);
  if (sky)
    glDeleteProgram (sky);
  if (prefilter)
    glDeleteProgram (prefilter);
  if (irradiance)
    glDeleteProgram (irradiance);
  return ok;
}

gboolean
atelier_render_environment_init (AtelierRenderEnvironment *env,
                                 gboolean                  use_es,
                                 GLuint                    fullscreen_vao,
                                 GError                  **error)
{
  g_autofree float *lut = NULL;
  g_autoptr(GError) local_error = NULL;

  memset (env, 0, sizeof *env);

  glBindVertexArray (fullscreen_vao);
  /* Half float keeps the soft boxes brighter than white; GLES without
   * EXT_color_buffer_(half_)float cannot render to it, so fall back. */
  if (!render_cubes (env, use_es, GL_RGBA16F, &local_error))
    {
      if (!g_error_matches (local_error, ATELIER_RENDER_ERROR, ATELIER_RENDER_ERROR_UNSUPPORTED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          atelier_render_environment_clear (env);
          glBindVertexArray (0);
          return FALSE;
        }
      g_debug ("%s; using RGBA8", local_error->message);
      atelier_render_environment_clear (env);
      if (!render_cubes (env, use_es, GL_RGBA8, error))
        {
          atelier_render_environment_clear (env);
          glBindVertexArray (0);
          return FALSE;
        }
    }
  glBindVertexArray (0);

  lut = atelier_render_brdf_lut_compute (LUT_SIZE, 128);
  glGenTextures (1, &env->brdf_lut);
  glBindTexture (GL_TEXTURE_2D, env->brdf_lut);
  glTexImage2D (GL_TEXTURE_2D, 0, GL_RG16F, LUT_SIZE, LUT_SIZE, 0, GL_RG, GL_FLOAT, lut);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri (GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture (GL_TEXTURE_2D, 0);
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
