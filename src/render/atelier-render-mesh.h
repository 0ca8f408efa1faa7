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
#include "atelier-render-cull.h"

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
  guint64  triangles;      /* of the primitive, even when culled */

  /* Edges for the wireframe overlay, made on first use. */
  GLuint   line_buffer;
  GLsizei  line_count;
  gboolean lines_done;

  /* The simplified triangle list (atelier-render-lod.h), if any. */
  GLuint   lod_buffer;
  GLsizei  lod_count;
  guint32 *lod_indices;    /* for its overlay */
  GLuint   lod_line_buffer;
  GLsizei  lod_line_count;
  gboolean lod_lines_done;
} AtelierRenderMesh;

/* Whether atelier_render_mesh_upload() would draw something. */
gboolean atelier_render_mesh_can_upload (const AtelierGltfPrimitive *primitive);
/* Needs a current context. Returns FALSE for a primitive with nothing to
 * draw (the mesh is then zeroed and needs no clear). */
gboolean atelier_render_mesh_upload     (AtelierRenderMesh          *mesh,
                                         const AtelierGltfPrimitive *primitive);
/* The same, for one still picture: draws the triangles @cull keeps (NULL:
 * all; it is finished here either way) and frees @primitive's vertex
 * arrays (@release_vertices) and indices (@release_indices) once uploaded. */
gboolean atelier_render_mesh_upload_culled (AtelierRenderMesh       *mesh,
                                         AtelierGltfPrimitive       *primitive,
                                         AtelierRenderCull          *cull,
                                         gboolean                    release_vertices,
                                         gboolean                    release_indices);
/* Draws with the VAO bound; the caller has set the program. @throttle
 * (software rasterisers) draws a big triangle list in pieces so that the
 * driver never holds more than two of them. @use_lod: the simplified list
 * where there is one. */
void     atelier_render_mesh_draw       (AtelierRenderMesh          *mesh,
                                         gboolean                    throttle,
                                         gboolean                    use_lod);
/* Uploads a simplified triangle list into the same vertices (NULL removes
 * it). */
void     atelier_render_mesh_set_lod    (AtelierRenderMesh          *mesh,
                                         const guint32              *indices,
                                         guint32                     index_count);
/* Draws the triangle edges as GL_LINES (nothing for non-triangle modes).
 * @primitive must be the one uploaded. */
void     atelier_render_mesh_draw_lines (AtelierRenderMesh          *mesh,
                                         const AtelierGltfPrimitive *primitive,
                                         gboolean                    use_lod);
/* What atelier_render_mesh_draw() draws (after culling or simplifying). */
guint64  atelier_render_mesh_get_drawn_triangles (AtelierRenderMesh *mesh,
                                         gboolean                    use_lod);
void     atelier_render_mesh_clear      (AtelierRenderMesh          *mesh);

G_END_DECLS
