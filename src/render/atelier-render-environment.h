/* atelier-render-environment.h: the built-in studio for image-based lighting
 *
 * A procedural neutral studio prefiltered for GGX (one roughness per mip)
 * and for Lambert (a small irradiance cube), plus the split-sum BRDF lookup
 * table; computed at build time (atelier-render-studio.h), uploaded here.
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

G_END_DECLS
