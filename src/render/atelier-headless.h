/* atelier-headless.h: a GL context without a display, for the CLI,
 * the thumbnailer and tests
 *
 * EGL on Mesa's surfaceless platform (no X, no Wayland, no GPU needed), or
 * a pbuffer on the default display; desktop GL 3.3 core, else GLES 3.0.
 * Rendering goes to a multisampled framebuffer object read back as RGBA.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "atelier-renderer.h"

G_BEGIN_DECLS

typedef struct _AtelierHeadless AtelierHeadless;

/* Creates the context, makes it current on this thread, and a framebuffer of
 * @width × @height with up to @samples MSAA samples (0 or 1: none). */
AtelierHeadless *atelier_headless_new         (int               width,
                                               int               height,
                                               int               samples,
                                               GError          **error);
/* Whether the context is GLES (pass to atelier_renderer_new). */
gboolean         atelier_headless_get_use_es  (AtelierHeadless  *headless);
/* Makes the context current again (after another context was used). */
gboolean         atelier_headless_make_current (AtelierHeadless *headless);
/* Remakes the framebuffer with @samples (see atelier_render_pick_samples()).
 * atelier_headless_render_png() makes it only here, once the scene's size
 * is known. */
gboolean         atelier_headless_set_samples (AtelierHeadless  *headless,
                                               int               samples,
                                               GError          **error);
/* Binds the framebuffer to draw into; atelier_renderer_draw() then fills it. */
void             atelier_headless_bind        (AtelierHeadless  *headless);
/* Resolves and reads back: top row first, width*height*4 bytes, straight
 * (un-premultiplied) alpha. */
guint8          *atelier_headless_read_rgba   (AtelierHeadless  *headless);
/* Fails with ATELIER_RENDER_ERROR_GL if glGetError reports anything. */
gboolean         atelier_headless_check_gl    (AtelierHeadless  *headless,
                                               GError          **error);
void             atelier_headless_free        (AtelierHeadless  *headless);

/* Writes straight-alpha RGBA (top row first) as a PNG; atomically, so a
 * file manager never sees half a thumbnail. */
gboolean         atelier_headless_write_png   (const guint8     *rgba,
                                               int               width,
                                               int               height,
                                               gboolean          keep_alpha,
                                               const char       *path,
                                               GError          **error);

typedef struct
{
  int               width;
  int               height;
  AtelierRenderMode mode;
  gboolean          transparent;
  gboolean          show_grid;
  int               samples;      /* < 0: atelier_render_pick_samples() */
} AtelierHeadlessOptions;

void             atelier_headless_options_init (AtelierHeadlessOptions *options);
/* The whole path of `atelier-cli render` and the thumbnailer: context,
 * renderer, framed camera, one frame, PNG. */
gboolean         atelier_headless_render_png   (const AtelierGltfScene       *scene,
                                                const AtelierHeadlessOptions *options,
                                                const char                   *path,
                                                GError                      **error);

typedef struct
{
  double  load_ms;
  double  total_ms;    /* from the call to the PNG on disk */
  guint64 triangles;
} AtelierHeadlessReport;

/* The same from a file: loads it in a thread while GL starts up. Errors
 * start with "Cannot load PATH:" or "Cannot render PATH:". @limits and
 * @report may be NULL.
 *
 * These make their own context current on the calling thread and release it
 * at the end: in a GTK program call them from a worker (GTask), never on
 * the main thread, where GDK's context is current. That is how the job list
 * can draw model thumbnails without the thumbnailer process. */
gboolean         atelier_headless_render_file_png (const char                   *model_path,
                                                   const AtelierGltfLimits      *limits,
                                                   const AtelierHeadlessOptions *options,
                                                   const char                   *png_path,
                                                   AtelierHeadlessReport        *report,
                                                   GError                      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierHeadless, atelier_headless_free)

G_END_DECLS
