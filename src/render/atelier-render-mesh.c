/* atelier-render-mesh.c: one glTF primitive as a vertex array object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-render"

#include "config.h"

#include "atelier-render-mesh.h"

static void
attrib (AtelierRenderMesh *mesh,
        guint              location,
        const float       *data,
        int                components,
        guint32            vertex_count)
{
  if (data == NULL)
    return;

  glGenBuffers (1, &mesh->buffers[location]);
  glBindBuffer (GL_ARRAY_BUFFER, mesh->buffers[location]);
  glBufferData (GL_ARRAY_BUFFER, (GLsizeiptr) vertex_count * components * sizeof (float),
                data, GL_STATIC_DRAW);
  glEnableVertexAttribArray (location);
  glVertexAttribPointer (location, components, GL_FLOAT, GL_FALSE, 0, NULL);
  mesh->has[location] = TRUE;
}

static guint64
count_triangles (GLenum mode,
                 guint64 n)
{
  switch (mode)
    {
    case GL_TRIANGLES:      return n / 3;
    case GL_TRIANGLE_STRIP:
    case GL_TRIANGLE_FAN:   return n >= 3 ? n - 2 : 0;
    default:                return 0;
    }
}

gboolean
atelier_render_mesh_upload (AtelierRenderMesh          *mesh,
                            const AtelierGltfPrimitive *p)
{
  memset (mesh, 0, sizeof *mesh);

  if (p->positions == NULL || p->vertex_count == 0 || p->mode > ATELIER_GLTF_MODE_TRIANGLE_FAN)
    return FALSE;
  if (p->indices != NULL && p->index_count == 0)
    return FALSE;

  mesh->mode = p->mode;
  mesh->indexed = p->indices != NULL;
  mesh->count = mesh->indexed ? p->index_count : p->vertex_count;
  mesh->triangles = count_triangles (mesh->mode, mesh->count);

  glGenVertexArrays (1, &mesh->vao);
  glBindVertexArray (mesh->vao);
  attrib (mesh, ATELIER_RENDER_ATTRIB_POSITION, p->positions, 3, p->vertex_count);
  attrib (mesh, ATELIER_RENDER_ATTRIB_NORMAL, p->normals, 3, p->vertex_count);
  attrib (mesh, ATELIER_RENDER_ATTRIB_TANGENT, p->tangents, 4, p->vertex_count);
  attrib (mesh, ATELIER_RENDER_ATTRIB_UV0, p->texcoords0, 2, p->vertex_count);
  attrib (mesh, ATELIER_RENDER_ATTRIB_UV1, p->texcoords1, 2, p->vertex_count);
  attrib (mesh, ATELIER_RENDER_ATTRIB_COLOR, p->colors, 4, p->vertex_count);

  if (mesh->indexed)
    {
      glGenBuffers (1, &mesh->index_buffer);
      glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, mesh->index_buffer);
      glBufferData (GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr) p->index_count * sizeof (guint32),
                    p->indices, GL_STATIC_DRAW);
    }

  glBindVertexArray (0);
  glBindBuffer (GL_ARRAY_BUFFER, 0);
  return TRUE;
}

void
atelier_render_mesh_draw (AtelierRenderMesh *mesh)
{
  glBindVertexArray (mesh->vao);
  if (mesh->indexed)
    glDrawElements (mesh->mode, mesh->count, GL_UNSIGNED_INT, NULL);
  else
    glDrawArrays (mesh->mode, 0, mesh->count);
}

static guint32
vertex_at (const AtelierGltfPrimitive *p,
           guint64                     i)
{
  return p->indices ? p->indices[i] : (guint32) i;
}

static void
build_lines (AtelierRenderMesh          *mesh,
             const AtelierGltfPrimitive *p)
{
  g_autofree guint32 *lines = NULL;
  guint64 n = mesh->count, t = mesh->triangles, k = 0;

  mesh->lines_done = TRUE;
  if (t == 0)
    return;

  /* Every triangle's three edges; shared edges are drawn twice, which costs
   * less than deduplicating them for a one-off overlay. */
  lines = g_new (guint32, t * 6);
  for (guint64 i = 0; i < t; i++)
    {
      guint32 a, b, c;

      if (mesh->mode == GL_TRIANGLES)
        a = vertex_at (p, 3 * i), b = vertex_at (p, 3 * i + 1), c = vertex_at (p, 3 * i + 2);
      else if (mesh->mode == GL_TRIANGLE_STRIP)
        a = vertex_at (p, i), b = vertex_at (p, i + 1), c = vertex_at (p, i + 2);
      else
        a = vertex_at (p, 0), b = vertex_at (p, i + 1), c = vertex_at (p, i + 2);

      lines[k++] = a; lines[k++] = b;
      lines[k++] = b; lines[k++] = c;
      lines[k++] = c; lines[k++] = a;
    }
  g_assert (k == t * 6 && n > 0);

  glBindVertexArray (0);
  glGenBuffers (1, &mesh->line_buffer);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, mesh->line_buffer);
  glBufferData (GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr) k * sizeof (guint32), lines, GL_STATIC_DRAW);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, 0);
  mesh->line_count = k;
}

void
atelier_render_mesh_draw_lines (AtelierRenderMesh          *mesh,
                                const AtelierGltfPrimitive *primitive)
{
  if (!mesh->lines_done)
    build_lines (mesh, primitive);
  if (mesh->line_count == 0)
    return;

  /* The element buffer binding is VAO state: swap it in, then restore. */
  glBindVertexArray (mesh->vao);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, mesh->line_buffer);
  glDrawElements (GL_LINES, mesh->line_count, GL_UNSIGNED_INT, NULL);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, mesh->index_buffer);
}

void
atelier_render_mesh_clear (AtelierRenderMesh *mesh)
{
  for (guint i = 0; i < ATELIER_RENDER_N_ATTRIBS; i++)
    if (mesh->buffers[i])
      glDeleteBuffers (1, &mesh->buffers[i]);
  if (mesh->index_buffer)
    glDeleteBuffers (1, &mesh->index_buffer);
  if (mesh->line_buffer)
    glDeleteBuffers (1, &mesh->line_buffer);
  if (mesh->vao)
    glDeleteVertexArrays (1, &mesh->vao);
  memset (mesh, 0, sizeof *mesh);
}
