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
atelier_render_mesh_can_upload (const AtelierGltfPrimitive *p)
{
  if (p->positions == NULL || p->vertex_count == 0 || p->mode > ATELIER_GLTF_MODE_TRIANGLE_FAN)
    return FALSE;
  if (p->indices != NULL && p->index_count == 0)
    return FALSE;
  return TRUE;
}

static void
begin (AtelierRenderMesh          *mesh,
       const AtelierGltfPrimitive *p)
{
  mesh->mode = p->mode;
  mesh->indexed = p->indices != NULL;
  mesh->count = mesh->indexed ? p->index_count : p->vertex_count;
  mesh->triangles = count_triangles (mesh->mode, mesh->count);
  glGenVertexArrays (1, &mesh->vao);
  glBindVertexArray (mesh->vao);
}

static void
upload_indices (AtelierRenderMesh *mesh,
                const guint32     *indices,
                guint32            count)
{
  glGenBuffers (1, &mesh->index_buffer);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, mesh->index_buffer);
  glBufferData (GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr) count * sizeof (guint32), indices, GL_STATIC_DRAW);
}

static void
end (void)
{
  glBindVertexArray (0);
  glBindBuffer (GL_ARRAY_BUFFER, 0);
}

gboolean
atelier_render_mesh_upload (AtelierRenderMesh          *mesh,
                            const AtelierGltfPrimitive *p)
{
  memset (mesh, 0, sizeof *mesh);
  if (!atelier_render_mesh_can_upload (p))
    return FALSE;

  begin (mesh, p);
  attrib (mesh, ATELIER_RENDER_ATTRIB_POSITION, p->positions, 3, p->vertex_count);
  attrib (mesh, ATELIER_RENDER_ATTRIB_NORMAL, p->normals, 3, p->vertex_count);
  attrib (mesh, ATELIER_RENDER_ATTRIB_TANGENT, p->tangents, 4, p->vertex_count);
  attrib (mesh, ATELIER_RENDER_ATTRIB_UV0, p->texcoords0, 2, p->vertex_count);
  attrib (mesh, ATELIER_RENDER_ATTRIB_UV1, p->texcoords1, 2, p->vertex_count);
  attrib (mesh, ATELIER_RENDER_ATTRIB_COLOR, p->colors, 4, p->vertex_count);
  if (mesh->indexed)
    upload_indices (mesh, p->indices, p->index_count);
  end ();
  return TRUE;
}

/* Uploads one array and, with @release, frees it at once: the driver has
 * its own copy, and the process's peak is what a thumbnailer is judged by. */
static void
attrib_release (AtelierRenderMesh *mesh,
                guint              location,
                float            **data,
                int                components,
                guint32            vertex_count,
                gboolean           release)
{
  attrib (mesh, location, *data, components, vertex_count);
  if (release)
    g_clear_pointer (data, g_free);
}

gboolean
atelier_render_mesh_upload_culled (AtelierRenderMesh    *mesh,
                                   AtelierGltfPrimitive *p,
                                   AtelierRenderCull    *cull,
                                   gboolean              release_vertices,
                                   gboolean              release_indices)
{
  g_autofree guint32 *kept = NULL;
  guint32 n_kept = 0;

  memset (mesh, 0, sizeof *mesh);
  if (!atelier_render_mesh_can_upload (p))
    {
      if (cull)
        g_free (atelier_render_cull_finish (cull, &n_kept));
      return FALSE;
    }

  begin (mesh, p);
  /* The culling threads read positions and indices meanwhile. */
  attrib_release (mesh, ATELIER_RENDER_ATTRIB_NORMAL, &p->normals, 3, p->vertex_count, release_vertices);
  attrib_release (mesh, ATELIER_RENDER_ATTRIB_TANGENT, &p->tangents, 4, p->vertex_count, release_vertices);
  attrib_release (mesh, ATELIER_RENDER_ATTRIB_UV0, &p->texcoords0, 2, p->vertex_count, release_vertices);
  attrib_release (mesh, ATELIER_RENDER_ATTRIB_UV1, &p->texcoords1, 2, p->vertex_count, release_vertices);
  attrib_release (mesh, ATELIER_RENDER_ATTRIB_COLOR, &p->colors, 4, p->vertex_count, release_vertices);

  if (cull)
    {
      kept = atelier_render_cull_finish (cull, &n_kept);
      mesh->indexed = TRUE;
      mesh->count = n_kept;
      upload_indices (mesh, kept, n_kept);
    }
  else if (mesh->indexed)
    {
      upload_indices (mesh, p->indices, p->index_count);
    }
  if (release_indices)
    g_clear_pointer (&p->indices, g_free);
  /* Positions last: bounds and culling needed them until now. */
  attrib_release (mesh, ATELIER_RENDER_ATTRIB_POSITION, &p->positions, 3, p->vertex_count, release_vertices);
  end ();
  return TRUE;
}

/* Triangles per piece when throttled: llvmpipe bins a whole draw (some
 * 300 bytes per visible triangle) before rasterising it, in as many scenes
 * as it likes: a million triangles held 85 MB at once. */
#define PIECE_TRIANGLES 16384

static void
draw_pieces (AtelierRenderMesh *mesh)
{
  GLsync previous = NULL;
  GLsizei piece = PIECE_TRIANGLES * 3;

  for (GLsizei first = 0; first < mesh->count; first += piece)
    {
      GLsizei n = MIN (piece, mesh->count - first);
      GLsync fence;

      if (mesh->indexed)
        glDrawElements (mesh->mode, n, GL_UNSIGNED_INT, (const void *) ((gsize) first * sizeof (guint32)));
      else
        glDrawArrays (mesh->mode, first, n);
      /* One piece rasterises while the next is binned, no more. */
      fence = glFenceSync (GL_SYNC_GPU_COMMANDS_COMPLETE, 0);
      glFlush ();
      if (previous)
        {
          glClientWaitSync (previous, 0, GL_TIMEOUT_IGNORED);
          glDeleteSync (previous);
        }
      previous = fence;
    }
  if (previous)
    glDeleteSync (previous);
}

void
atelier_render_mesh_draw (AtelierRenderMesh *mesh,
                          gboolean           throttle)
{
  glBindVertexArray (mesh->vao);
  if (throttle && mesh->mode == GL_TRIANGLES && mesh->count > 2 * PIECE_TRIANGLES * 3)
    draw_pieces (mesh);
  else if (mesh->indexed)
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
  guint64 t = mesh->triangles, k = 0;

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
  g_assert (k == t * 6);

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

guint64
atelier_render_mesh_get_drawn_triangles (AtelierRenderMesh *mesh)
{
  return count_triangles (mesh->mode, mesh->count);
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
