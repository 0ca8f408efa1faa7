/* atelier-render-program.c: GLSL programs from the render GResource
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-render"

#include "config.h"

#include <gio/gio.h>

#include "atelier-render-program.h"
#include "atelier-render-resources.h"
#include "atelier-renderer.h"

#define RESOURCE_DIR "/io/github/atelierapp/Atelier/render/shaders/"

static const char header_gl[] = "#version 330 core\n";
static const char header_es[] =
  "#version 300 es\n"
  "precision highp float;\n"
  "precision highp int;\n"
  "precision highp sampler2D;\n"
  "precision highp samplerCube;\n";

static GBytes *
lookup (const char  *name,
        GError     **error)
{
  g_autofree char *path = g_strconcat (RESOURCE_DIR, name, NULL);

  /* Referencing the resource directly (rather than relying on the
   * constructor) keeps the linker from dropping it from the static lib. */
  return g_resource_lookup_data (atelier_render_get_resource (), path,
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

static GLuint
compile (gboolean     use_es,
         GLenum       type,
         const char  *name,
         const char  *defines,
         GError     **error)
{
  g_autoptr(GBytes) body = NULL;
  const char *sources[3];
  GLint lengths[3];
  int n = 0;
  GLuint shader;
  GLint status = 0;

  if (!(body = lookup (name, error)))
    return 0;

  sources[n] = use_es ? header_es : header_gl;
  lengths[n++] = -1;
  if (defines != NULL)
    {
      sources[n] = defines;
      lengths[n++] = -1;
    }
  sources[n] = g_bytes_get_data (body, NULL);
  lengths[n++] = g_bytes_get_size (body);

  shader = glCreateShader (type);
  glShaderSource (shader, n, sources, lengths);
  glCompileShader (shader);
  glGetShaderiv (shader, GL_COMPILE_STATUS, &status);
  if (!status)
    {
      GLint len = 0;
      g_autofree char *log = NULL;

      glGetShaderiv (shader, GL_INFO_LOG_LENGTH, &len);
      log = g_malloc0 (MAX (len, 1));
      glGetShaderInfoLog (shader, len, NULL, log);
      g_set_error (error, ATELIER_RENDER_ERROR, ATELIER_RENDER_ERROR_SHADER,
                   "Compiling %s failed: %s", name, log);
      glDeleteShader (shader);
      return 0;
    }
  return shader;
}

GLuint
atelier_render_program_new (gboolean     use_es,
                            const char  *vertex,
                            const char  *fragment,
                            const char  *defines,
                            GError     **error)
{
  GLuint vs, fs, program;
  GLint status = 0;

  if (!(vs = compile (use_es, GL_VERTEX_SHADER, vertex, defines, error)))
    return 0;
  if (!(fs = compile (use_es, GL_FRAGMENT_SHADER, fragment, defines, error)))
    {
      glDeleteShader (vs);
      return 0;
    }

  program = glCreateProgram ();
  glAttachShader (program, vs);
  glAttachShader (program, fs);
  glLinkProgram (program);
  glDetachShader (program, vs);
  glDetachShader (program, fs);
  glDeleteShader (vs);
  glDeleteShader (fs);

  glGetProgramiv (program, GL_LINK_STATUS, &status);
  if (!status)
    {
      GLint len = 0;
      g_autofree char *log = NULL;

      glGetProgramiv (program, GL_INFO_LOG_LENGTH, &len);
      log = g_malloc0 (MAX (len, 1));
      glGetProgramInfoLog (program, len, NULL, log);
      g_set_error (error, ATELIER_RENDER_ERROR, ATELIER_RENDER_ERROR_SHADER,
                   "Linking %s + %s failed: %s", vertex, fragment, log);
      glDeleteProgram (program);
      return 0;
    }
  return program;
}

void
atelier_render_program_set_unit (GLuint      program,
                                 const char *name,
                                 int         unit)
{
  GLint loc = glGetUniformLocation (program, name);

  if (loc != -1)
    glUniform1i (loc, unit);
}
