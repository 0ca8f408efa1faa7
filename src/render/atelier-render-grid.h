/* atelier-render-grid.h: the ground grid under the model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cglm/cglm.h>
#include <epoxy/gl.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  GLuint program;
  GLint  view_proj;
  GLint  center;
  GLint  extent;
  GLint  cell;
  GLint  line_color;
} AtelierRenderGrid;

gboolean atelier_render_grid_init  (AtelierRenderGrid *grid,
                                    gboolean           use_es,
                                    GError           **error);
/* Draws a fading grid in the plane y = @center[1], @extent units around
 * @center, with minor lines every @cell and major ones every 10 cells.
 * Blending and depth state are the caller's; an empty VAO must be bound. */
void     atelier_render_grid_draw  (AtelierRenderGrid *grid,
                                    mat4               view_proj,
                                    const vec3         center,
                                    float              extent,
                                    float              cell,
                                    const vec3         color);
void     atelier_render_grid_clear (AtelierRenderGrid *grid);

G_END_DECLS
