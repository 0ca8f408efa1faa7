/* atelier-render-profile.h: phase timings of the render path
 *
 * With ATELIER_RENDER_PROFILE=1 in the environment, each phase of the
 * headless path (EGL, shaders, environment, load, upload, draw, readback,
 * PNG) prints one line on stderr:
 *
 *   render-profile: egl-context          12.3 ms  (ends at 45.6 ms since exec)
 *
 * GL phases are closed with glFinish() when profiling, so that the time of
 * work the driver queued is charged to the phase that queued it. Without
 * the variable everything here costs one branch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean atelier_render_profile_enabled (void);
/* A timestamp to pass to atelier_render_profile_end() (0 when disabled). */
gint64   atelier_render_profile_begin   (void);
/* Prints @phase with the time since @start; @gl_finish: glFinish() first. */
void     atelier_render_profile_end     (gint64      start,
                                         const char *phase,
                                         gboolean    gl_finish);

G_END_DECLS
