/* atelier-render-target.h: an offscreen framebuffer that reads back as RGBA
 *
 * Multisampled when the context allows, resolved on read. Used by the
 * headless context and by the viewer's screenshots (which must not disturb
 * GtkGLArea's own framebuffer).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <epoxy/gl.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _AtelierRenderTarget AtelierRenderTarget;

/* Needs a current context. @samples 0 or 1: no multisampling; clamped to
 * what the context supports. */
AtelierRenderTarget *atelier_render_target_new       (int                   width,
                                                      int                   height,
                                                      int                   samples,
                                                      GError              **error);
/* The same for pictures read back with atelier_render_target_read_rgba()
 * only (not resolve/blit_to): resolves with a small shader where the
 * context can, which is quicker to start than the driver's blit. */
AtelierRenderTarget *atelier_render_target_new_readback (int            width,
                                                         int            height,
                                                         int            samples,
                                                         GError       **error);
/* Without multisampling, its picture in a GL_TEXTURE_2D (for a
 * GdkGLTexture), which atelier_render_target_get_texture() returns. */
AtelierRenderTarget *atelier_render_target_new_texture (int             width,
                                                        int             height,
                                                        GError        **error);
GLuint               atelier_render_target_get_texture (AtelierRenderTarget *target);
/* Whether the current context rasterises on the CPU (llvmpipe & co). */
gboolean             atelier_render_is_software      (void);
/* Multisampling "if cheap": 4 samples, except on a software rasteriser
 * (llvmpipe) for big scenes, where it multiplies the frame time. Needs a
 * current context. */
int                  atelier_render_pick_samples     (guint64               triangles);
void                 atelier_render_target_bind      (AtelierRenderTarget  *target);
/* Top row first, width*height*4 bytes, straight alpha. Leaves the target
 * bound for drawing. */
guint8              *atelier_render_target_read_rgba (AtelierRenderTarget  *target);
/* Resolves the multisampled picture (a no-op without multisampling). */
void                 atelier_render_target_resolve   (AtelierRenderTarget  *target);
/* Copies the resolved picture into framebuffer @fbo (same size). */
void                 atelier_render_target_blit_to   (AtelierRenderTarget  *target,
                                                      GLuint                fbo);
int                  atelier_render_target_get_width  (AtelierRenderTarget *target);
/* 0 without multisampling, else what the context gave. */
int                  atelier_render_target_get_samples (AtelierRenderTarget *target);
int                  atelier_render_target_get_height (AtelierRenderTarget *target);
void                 atelier_render_target_free      (AtelierRenderTarget  *target);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierRenderTarget, atelier_render_target_free)

G_END_DECLS
