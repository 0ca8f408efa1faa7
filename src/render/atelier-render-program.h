/* atelier-render-program.h: GLSL programs from the render GResource
 *
 * Shader sources carry no #version line: one body serves GL 3.3 core and
 * GLES 3.0, and the header is chosen here from @use_es.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <epoxy/gl.h>
#include <glib.h>

G_BEGIN_DECLS

/* Needs a current context. @defines (may be NULL) is GLSL placed between
 * the #version header and each stage's body, e.g. "#define MODE 1\n". Returns 0 and sets @error
 * (GDK-independent ATELIER_RENDER_ERROR) on failure. */
GLuint atelier_render_program_new (gboolean     use_es,
                                   const char  *vertex,
                                   const char  *fragment,
                                   const char  *defines,
                                   GError     **error);

/* Sets sampler uniform @name to texture unit @unit (program must be in use). */
void   atelier_render_program_set_unit (GLuint      program,
                                        const char *name,
                                        int         unit);

G_END_DECLS
