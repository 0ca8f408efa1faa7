/* atelier-render-camera.h: an orbit camera around a target
 *
 * Plain data and pure functions (no GL), so the viewer's gestures and the
 * headless renderer share one behaviour, and tests can check it directly.
 * Angles are radians; glTF's +Y is up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cglm/cglm.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  vec3     target;
  float    distance;
  float    yaw;          /* around +Y; 0 looks down -Z from +Z */
  float    pitch;        /* above the horizon, clamped to ±89° */
  float    fov_y;        /* perspective vertical field of view */
  gboolean orthographic;
  float    radius;       /* of the framed bounds: sets near/far planes */

  /* What atelier_render_camera_reset() returns to (set by framing). */
  vec3     home_target;
  float    home_distance;
  float    home_yaw;
  float    home_pitch;
} AtelierRenderCamera;

void atelier_render_camera_init         (AtelierRenderCamera *camera);
/* Fits the box [min, max] into the view at @aspect (width/height) from the
 * default three-quarter angle, and makes that the home position. */
void atelier_render_camera_frame_bounds (AtelierRenderCamera *camera,
                                         const float          min[3],
                                         const float          max[3],
                                         float                aspect);
void atelier_render_camera_reset        (AtelierRenderCamera *camera);
void atelier_render_camera_orbit        (AtelierRenderCamera *camera,
                                         float                dyaw,
                                         float                dpitch);
/* Moves the target by a drag of (@dx, @dy) pixels in a viewport
 * @viewport_height pixels tall, so the model follows the pointer. */
void atelier_render_camera_pan          (AtelierRenderCamera *camera,
                                         float                dx,
                                         float                dy,
                                         float                viewport_height);
/* @factor < 1 moves closer. */
void atelier_render_camera_zoom         (AtelierRenderCamera *camera,
                                         float                factor);
void atelier_render_camera_get_eye      (const AtelierRenderCamera *camera,
                                         vec3                       eye);
void atelier_render_camera_get_matrices (const AtelierRenderCamera *camera,
                                         float                      aspect,
                                         mat4                       view,
                                         mat4                       projection);

G_END_DECLS
