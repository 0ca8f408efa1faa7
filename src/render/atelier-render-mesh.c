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
draw_range (GLenum   mode,
            gboolean indexed,
            GLsizei  first,
            GLsizei  count)
{
  if (indexed)
    glDrawElements (mode, count, GL_UNSIGNED_INT, (const void *) ((gsize) first * sizeof (guint32)));
  else
    glDrawArrays (mode, first, count);
}

static void
draw_pieces (GLenum   mode,
             gboolean indexed,
             GLsizei  count)
{
  GLsync previous = NULL;
  GLsizei piece = PIECE_TRIANGLES * 3;

  for (GLsizei first = 0; first < count; first += piece)
    {
      GLsync fence;

      draw_range (mode, indexed, first, MIN (piece, count - first));
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

static void
draw_list (GLenum   mode,
           gboolean indexed,
           GLsizei  count,
           gboolean throttle)
{
  if (throttle && mode == GL_TRIANGLES && count > 2 * PIECE_TRIANGLES * 3)
    draw_pieces (mode, indexed, count);
  else
    draw_range (mode, indexed, 0, count);
}

void
atelier_render_mesh_draw (AtelierRenderMesh *mesh,
                          gboolean           throttle,
                          gboolean           use_lod)
{
  glBindVertexArray (mesh->vao);
  if (use_lod && mesh->lod_buffer)
    {
      /* The element buffer binding is VAO state: swap it in, then restore. */
      glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, mesh->lod_buffer);
      draw_list (GL_TRIANGLES, TRUE, mesh->lod_count, throttle);
      glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, mesh->index_buffer);
      return;
    }
  draw_list (mesh->mode, mesh->indexed, mesh->count, throttle);
}

void
atelier_render_mesh_set_lod (AtelierRenderMesh *mesh,
                             const guint32     *indices,
                             guint32            index_count)
{
  if (mesh->lod_buffer)
    glDeleteBuffers (1, &mesh->lod_buffer);
  if (mesh->lod_line_buffer)
    glDeleteBuffers (1, &mesh->lod_line_buffer);
  g_clear_pointer (&mesh->lod_indices, g_free);
  mesh->lod_buffer = mesh->lod_line_buffer = 0;
  mesh->lod_count = mesh->lod_line_count = 0;
  mesh->lod_lines_done = FALSE;
  if (indices == NULL || index_count == 0 || mesh->vao == 0)
    return;

  glBindVertexArray (0);
  glGenBuffers (1, &mesh->lod_buffer);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, mesh->lod_buffer);
  glBufferData (GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr) index_count * sizeof (guint32), indices,
                GL_STATIC_DRAW);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, 0);
  mesh->lod_count = index_count;
  /* Kept for the wireframe overlay, made only if it is asked for. */
  mesh->lod_indices = g_memdup2 (indices, (gsize) index_count * sizeof (guint32));
}

static guint32
vertex_at (const guint32 *indices,
           guint64        i)
{
  return indices ? indices[i] : (guint32) i;
}

/* Every triangle's three edges; shared edges are drawn twice, which costs
 * less than deduplicating them for a one-off overlay. */
static GLuint
build_lines (GLenum         mode,
             const guint32 *indices,
             guint64        t,
             GLsizei       *line_count)
{
  g_autofree guint32 *lines = NULL;
  guint64 k = 0;
  GLuint buffer;

  *line_count = 0;
  if (t == 0)
    return 0;

  lines = g_new (guint32, t * 6);
  for (guint64 i = 0; i < t; i++)
    {
      guint32 a, b, c;

      if (mode == GL_TRIANGLES)
        a = vertex_at (indices, 3 * i), b = vertex_at (indices, 3 * i + 1), c = vertex_at (indices, 3 * i + 2);
      else if (mode == GL_TRIANGLE_STRIP)
        a = vertex_at (indices, i), b = vertex_at (indices, i + 1), c = vertex_at (indices, i + 2);
      else
        a = vertex_at (indices, 0), b = vertex_at (indices, i + 1), c = vertex_at (indices, i + 2);

      lines[k++] = a; lines[k++] = b;
      lines[k++] = b; lines[k++] = c;
      lines[k++] = c; lines[k++] = a;
    }
  g_assert (k == t * 6);

  glBindVertexArray (0);
  glGenBuffers (1, &buffer);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, buffer);
  glBufferData (GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr) k * sizeof (guint32), lines, GL_STATIC_DRAW);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, 0);
  *line_count = k;
  return buffer;
}

void
atelier_render_mesh_draw_lines (AtelierRenderMesh          *mesh,
                                const AtelierGltfPrimitive *primitive,
                                gboolean                    use_lod)
{
  GLuint buffer;
  GLsizei count;

  if (use_lod && mesh->lod_buffer)
    {
      if (!mesh->lod_lines_done)
        {
          mesh->lod_line_buffer = build_lines (GL_TRIANGLES, mesh->lod_indices, mesh->lod_count / 3,
                                               &mesh->lod_line_count);
          mesh->lod_lines_done = TRUE;
        }
      buffer = mesh->lod_line_buffer;
      count = mesh->lod_line_count;
    }
  else
    {
      if (!mesh->lines_done)
        {
          mesh->line_buffer = build_lines (mesh->mode, primitive->indices, mesh->triangles,
                                           &mesh->line_count);
          mesh->lines_done = TRUE;
        }
      buffer = mesh->line_buffer;
      count = mesh->line_count;
    }
  if (count == 0)
    return;

  glBindVertexArray (mesh->vao);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, buffer);
  glDrawElements (GL_LINES, count, GL_UNSIGNED_INT, NULL);
  glBindBuffer (GL_ELEMENT_ARRAY_BUFFER, mesh->index_buffer);
}

guint64
atelier_render_mesh_get_drawn_triangles (AtelierRenderMesh *mesh,
                                         gboolean           use_lod)
{
  if (use_lod && mesh->lod_buffer)
    return mesh->lod_count / 3;
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
  atelier_render_mesh_set_lod (mesh, NULL, 0);
  if (mesh->vao)
    glDeleteVertexArrays (1, &mesh->vao);
  memset (mesh, 0, sizeof *mesh);
}
