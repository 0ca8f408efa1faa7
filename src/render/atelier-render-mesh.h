/* atelier-render-mesh.h: one glTF primitive as a vertex array object
 *
 * Attribute locations match shaders/pbr.vert. Missing attributes are left
 * disabled; the renderer sets their constant value before drawing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <epoxy/gl.h>

#include "atelier-gltf.h"

G_BEGIN_DECLS

enum
{
  ATELIER_RENDER_ATTRIB_POSITION,
  ATELIER_RENDER_ATTRIB_NORMAL,
  ATELIER_RENDER_ATTRIB_TANGENT,
  ATELIER_RENDER_ATTRIB_UV0,
  ATELIER_RENDER_ATTRIB_UV1,
  ATELIER_RENDER_ATTRIB_COLOR,
  ATELIER_RENDER_N_ATTRIBS
};

typedef struct
{
  GLuint   vao;
  GLuint   buffers[ATELIER_RENDER_N_ATTRIBS];
  GLuint   index_buffer;
  GLenum   mode;
  GLsizei  count;          /* indices, or vertices when not indexed */
  gboolean indexed;
  gboolean has[ATELIER_RENDER_N_ATTRIBS];
  guint64  triangles;

  /* Edges for the wireframe overlay, made on first use. */
  GLuint   line_buffer;
  GLsizei  line_count;
  gboolean lines_done;
} AtelierRenderMesh;

/* Needs a current context. Returns FALSE for a primitive with nothing to
 * draw (the mesh is then zeroed and needs no clear). */
gboolean atelier_render_mesh_upload     (AtelierRenderMesh          *mesh,
                                         const AtelierGltfPrimitive *primitive);
/* Draws with the VAO bound; the caller has set the program. */
void     atelier_render_mesh_draw       (AtelierRenderMesh          *mesh);
/* Draws the triangle edges as GL_LINES (nothing for non-triangle modes).
 * @primitive must be the one uploaded. */
void     atelier_render_mesh_draw_lines (AtelierRenderMesh          *mesh,
                                         const AtelierGltfPrimitive *primitive);
void     atelier_render_mesh_clear      (AtelierRenderMesh          *mesh);

G_END_DECLS
