/* atelier-render-environment.h: the built-in studio for image-based lighting
 *
 * A procedural neutral studio is evaluated into a cubemap, prefiltered once
 * for GGX (one roughness per mip) and for Lambert (a small irradiance cube),
 * plus the split-sum BRDF lookup table, all on the CPU at creation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <epoxy/gl.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  GLuint specular;     /* GL_TEXTURE_CUBE_MAP, roughness = level / max_lod */
  GLuint irradiance;   /* GL_TEXTURE_CUBE_MAP */
  GLuint brdf_lut;     /* GL_TEXTURE_2D, RG: scale and bias of F0 */
  float  max_lod;
} AtelierRenderEnvironment;

/* Needs a current context. */
gboolean atelier_render_environment_init  (AtelierRenderEnvironment *env,
                                           gboolean                  use_es,
                                           GError                  **error);
void     atelier_render_environment_clear (AtelierRenderEnvironment *env);

/* The split-sum table on the CPU: @size² RG pairs, rows by roughness. */
float   *atelier_render_brdf_lut_compute  (guint                     size,
                                           guint                     samples);

G_END_DECLS
