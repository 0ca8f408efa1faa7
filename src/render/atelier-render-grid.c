/* atelier-render-grid.c: the ground grid under the model
 *
 * Two triangles whose fragment shader draws anti-aliased lines with fwidth,
 * so there is no line geometry to rebuild when the model's scale changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-render"

#include "config.h"

#include "atelier-render-grid.h"
#include "atelier-render-program.h"

gboolean
atelier_render_grid_init (AtelierRenderGrid *grid,
                          gboolean           use_es,
                          GError           **error)
{
  memset (grid, 0, sizeof *grid);
  grid->program = atelier_render_program_new (use_es, "grid.vert", "grid.frag", NULL, error);
  if (grid->program == 0)
    return FALSE;

  grid->view_proj = glGetUniformLocation (grid->program, "u_view_proj");
  grid->center = glGetUniformLocation (grid->program, "u_center");
  grid->extent = glGetUniformLocation (grid->program, "u_extent");
  grid->cell = glGetUniformLocation (grid->program, "u_cell");
  grid->line_color = glGetUniformLocation (grid->program, "u_line_color");
  return TRUE;
}

void
atelier_render_grid_draw (AtelierRenderGrid *grid,
                          mat4               view_proj,
                          const vec3         center,
                          float              extent,
                          float              cell,
                          const vec3         color)
{
  glUseProgram (grid->program);
  glUniformMatrix4fv (grid->view_proj, 1, GL_FALSE, (const float *) view_proj);
  glUniform3fv (grid->center, 1, center);
  glUniform1f (grid->extent, extent);
  glUniform1f (grid->cell, cell);
  glUniform3fv (grid->line_color, 1, color);
  glDrawArrays (GL_TRIANGLES, 0, 6);
}

void
atelier_render_grid_clear (AtelierRenderGrid *grid)
{
  if (grid->program)
    glDeleteProgram (grid->program);
  memset (grid, 0, sizeof *grid);
}
