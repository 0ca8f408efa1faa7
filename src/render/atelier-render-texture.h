/* atelier-render-texture.h: a scene's textures and samplers on the GPU
 *
 * glTF textures pair an image with a sampler, and one image may be used as
 * sRGB colour by one material and as linear data by another, so GL textures
 * are made per (texture, colour space) on first use and samplers become GL
 * sampler objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <epoxy/gl.h>

#include "atelier-gltf.h"

G_BEGIN_DECLS

typedef struct _AtelierRenderTextures AtelierRenderTextures;

/* Needs a current context; the scene is only read during the calls. */
AtelierRenderTextures *atelier_render_textures_new  (const AtelierGltfScene *scene);
/* Binds texture @index of the scene to @unit with its sampler. Returns FALSE
 * (binding nothing) when the texture has no usable image. */
gboolean               atelier_render_textures_bind (AtelierRenderTextures  *textures,
                                                     const AtelierGltfScene *scene,
                                                     int                     index,
                                                     gboolean                srgb,
                                                     GLuint                  unit);
/* Distinct GL textures created so far. */
guint                  atelier_render_textures_get_count (AtelierRenderTextures *textures);
void                   atelier_render_textures_free (AtelierRenderTextures  *textures);

G_END_DECLS
