/* atelier-renderer.h: draws an AtelierGltfScene with the current GL context
 *
 * No GTK and no globals: the same renderer runs inside a GtkGLArea and in a
 * headless EGL context (atelier-headless.h). Every function needs the
 * context the renderer was created with to be current.
 *
 * Typical use:
 *
 *   renderer = atelier_renderer_new (use_es, &error);   // shaders + IBL
 *   atelier_renderer_set_scene (renderer, scene);        // uploads once
 *   atelier_renderer_get_bounds (renderer, min, max);
 *   atelier_render_camera_frame_bounds (&camera, min, max, w / (float) h);
 *   atelier_renderer_draw (renderer, &camera, w, h);     // into the bound FBO
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "atelier-gltf.h"
#include "atelier-render-camera.h"
#include "atelier-render-lod.h"

G_BEGIN_DECLS

#define ATELIER_RENDER_ERROR (atelier_render_error_quark ())
typedef enum
{
  ATELIER_RENDER_ERROR_FAILED = 1,
  ATELIER_RENDER_ERROR_SHADER,       /* compile or link, with the info log */
  ATELIER_RENDER_ERROR_UNSUPPORTED,  /* the context lacks something we need */
  ATELIER_RENDER_ERROR_CONTEXT,      /* no EGL display or context */
  ATELIER_RENDER_ERROR_GL,           /* glGetError reported a problem */
  ATELIER_RENDER_ERROR_IO,
} AtelierRenderError;
GQuark atelier_render_error_quark (void) G_GNUC_CONST;

typedef enum
{
  ATELIER_RENDER_MODE_SHADED,
  ATELIER_RENDER_MODE_CLAY,        /* ignores materials: grey, rough, dielectric */
  ATELIER_RENDER_MODE_BASE_COLOR,  /* unlit base colour × vertex colour */
  ATELIER_RENDER_MODE_NORMALS,     /* world-space shading normal as RGB */
  ATELIER_RENDER_MODE_WIREFRAME,   /* clay with the wireframe overlay */
  ATELIER_RENDER_MODE_UV_CHECKER,  /* checker on TEXCOORD_0 */
} AtelierRenderMode;

/* "shaded", "clay", "basecolor", "normals", "wireframe", "uv" */
const char *atelier_render_mode_to_string   (AtelierRenderMode  mode);
gboolean    atelier_render_mode_from_string (const char        *name,
                                             AtelierRenderMode *mode);

typedef struct
{
  guint64 vertices;     /* over all instances */
  guint64 triangles;
  guint64 triangles_drawn; /* in the last frame: fewer when simplified or culled */
  guint   draw_calls;   /* in the last frame, grid and overlay included */
  guint   textures;     /* GL textures of the scene */
  double  cpu_ms;       /* time spent in the last atelier_renderer_draw() */
  double  gpu_ms;       /* GPU time of a recent frame, < 0 when unknown */
} AtelierRenderStats;

typedef struct _AtelierRenderer AtelierRenderer;

/* Compiles the shaders (GLSL ES 3.00 when @use_es, else GLSL 3.30 core) and
 * prefilters the built-in studio environment. */
AtelierRenderer  *atelier_renderer_new             (gboolean                 use_es,
                                                    GError                 **error);
void              atelier_renderer_free            (AtelierRenderer         *renderer);

/* Uploads @scene (NULL clears). The renderer borrows @scene: it must stay
 * alive until it is replaced, because the wireframe overlay is built from
 * the CPU-side indices on first use. */
void              atelier_renderer_set_scene       (AtelierRenderer         *renderer,
                                                    const AtelierGltfScene  *scene);
/* The same for one picture from @camera at @width × @height, for
 * `atelier-cli render` and thumbnails: the triangles that cannot show from
 * there are left out (atelier-render-cull.h), which on a software
 * rasteriser is most of the time of a dense model, and the picture is the
 * same. Drawing from another camera afterwards would miss triangles.
 * @samples: of the framebuffer. With @release, @scene's vertex and index
 * arrays are freed (set to NULL) as they are uploaded: the driver keeps its
 * own copy. Set the mode and wireframe overlay first (the overlay needs the
 * indices). */
void              atelier_renderer_set_scene_still (AtelierRenderer         *renderer,
                                                    AtelierGltfScene        *scene,
                                                    const AtelierRenderCamera *camera,
                                                    int                      width,
                                                    int                      height,
                                                    int                      samples,
                                                    gboolean                 release);
/* World bounds of @scene as the renderer would draw it (before uploading
 * it: to frame the camera for atelier_renderer_set_scene_still()). */
gboolean          atelier_renderer_scene_bounds    (const AtelierGltfScene  *scene,
                                                    float                    min[3],
                                                    float                    max[3]);
/* World bounds of what is drawn; FALSE (and a unit box) when empty. */
gboolean          atelier_renderer_get_bounds      (AtelierRenderer         *renderer,
                                                    float                    min[3],
                                                    float                    max[3]);

/* Level of detail: uploads @lod's simplified triangle lists (built from
 * the scene set, see atelier-render-lod.h) into the same vertices; NULL
 * removes them, as does a new scene. @lod can be freed afterwards. */
void              atelier_renderer_set_lod         (AtelierRenderer         *renderer,
                                                    const AtelierRenderLod  *lod);
gboolean          atelier_renderer_has_lod         (AtelierRenderer         *renderer);
/* Triangles per frame with the simplified lists (all when there are none). */
guint64           atelier_renderer_get_lod_triangles (AtelierRenderer       *renderer);
/* Whether frames draw the simplified lists (while the camera moves). */
void              atelier_renderer_set_use_lod     (AtelierRenderer         *renderer,
                                                    gboolean                 use_lod);

void              atelier_renderer_set_mode        (AtelierRenderer         *renderer,
                                                    AtelierRenderMode        mode);
AtelierRenderMode atelier_renderer_get_mode        (AtelierRenderer         *renderer);
void              atelier_renderer_set_show_grid   (AtelierRenderer         *renderer,
                                                    gboolean                 show_grid);
/* The overlay on top of any mode (ATELIER_RENDER_MODE_WIREFRAME implies it). */
void              atelier_renderer_set_show_wireframe (AtelierRenderer      *renderer,
                                                    gboolean                 show_wireframe);
/* Straight (not premultiplied) sRGB; alpha 0 gives a transparent image. */
void              atelier_renderer_set_background  (AtelierRenderer         *renderer,
                                                    const float              rgba[4]);

/* Draws into the currently bound framebuffer (which needs a depth buffer)
 * at @width × @height pixels. Output is premultiplied alpha. Leaves GL state
 * as GtkGLArea expects it: no program, VAO, blending or depth test. */
void              atelier_renderer_draw            (AtelierRenderer         *renderer,
                                                    const AtelierRenderCamera *camera,
                                                    int                      width,
                                                    int                      height);
void              atelier_renderer_get_stats       (AtelierRenderer         *renderer,
                                                    AtelierRenderStats      *stats);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierRenderer, atelier_renderer_free)

G_END_DECLS
