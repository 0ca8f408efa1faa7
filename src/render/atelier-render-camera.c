/* atelier-render-camera.c: an orbit camera around a target
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-render"

#include "config.h"

#include <math.h>

#include "atelier-render-camera.h"

#define DEFAULT_YAW    (GLM_PIf * 0.20f)
#define DEFAULT_PITCH  (GLM_PIf * 0.12f)
#define PITCH_LIMIT    (GLM_PIf * 0.495f)

static void
get_forward (const AtelierRenderCamera *camera,
             vec3                       forward)
{
  /* From the eye towards the target. */
  forward[0] = -cosf (camera->pitch) * sinf (camera->yaw);
  forward[1] = -sinf (camera->pitch);
  forward[2] = -cosf (camera->pitch) * cosf (camera->yaw);
}

void
atelier_render_camera_init (AtelierRenderCamera *camera)
{
  static const float min[3] = { -1, -1, -1 }, max[3] = { 1, 1, 1 };

  memset (camera, 0, sizeof *camera);
  camera->fov_y = glm_rad (35.0f);
  atelier_render_camera_frame_bounds (camera, min, max, 1.0f);
}

void
atelier_render_camera_frame_bounds (AtelierRenderCamera *camera,
                                    const float          min[3],
                                    const float          max[3],
                                    float                aspect)
{
  vec3 extent;
  float radius, fit;

  /* An empty or inverted box (no geometry) frames the unit cube instead. */
  if (!(min[0] <= max[0] && min[1] <= max[1] && min[2] <= max[2]) ||
      !isfinite (min[0] + min[1] + min[2] + max[0] + max[1] + max[2]))
    {
      static const float umin[3] = { -1, -1, -1 }, umax[3] = { 1, 1, 1 };
      min = umin;
      max = umax;
    }

  for (int i = 0; i < 3; i++)
    {
      camera->target[i] = 0.5f * (min[i] + max[i]);
      extent[i] = max[i] - min[i];
    }
  radius = 0.5f * glm_vec3_norm (extent);
  if (radius < 1e-6f)
    radius = 1e-3f;
  camera->radius = radius;

  camera->yaw = DEFAULT_YAW;
  camera->pitch = DEFAULT_PITCH;

  /* Fit the box's eight corners as seen from the default angle, rather than
   * its bounding sphere, which leaves flat models (most of them) small. */
  {
    vec3 forward, right, up, world_up = { 0, 1, 0 };
    float tan_y = tanf (0.5f * camera->fov_y);
    float tan_x = tan_y * (aspect > 0 ? aspect : 1);

    get_forward (camera, forward);
    glm_vec3_crossn (forward, world_up, right);
    glm_vec3_cross (right, forward, up);

    fit = 0;
    for (int c = 0; c < 8; c++)
      {
        vec3 corner = { c & 1 ? max[0] : min[0], c & 2 ? max[1] : min[1], c & 4 ? max[2] : min[2] };
        vec3 offset;
        float x, y, z;

        glm_vec3_sub (corner, camera->target, offset);
        x = fabsf (glm_vec3_dot (offset, right));
        y = fabsf (glm_vec3_dot (offset, up));
        z = -glm_vec3_dot (offset, forward);   /* towards the camera */
        fit = MAX (fit, z + x / tan_x);
        fit = MAX (fit, z + y / tan_y);
      }
  }
  camera->distance = MAX (fit * 1.08f, radius * 0.5f);

  glm_vec3_copy (camera->target, camera->home_target);
  camera->home_distance = camera->distance;
  camera->home_yaw = camera->yaw;
  camera->home_pitch = camera->pitch;
}

void
atelier_render_camera_reset (AtelierRenderCamera *camera)
{
  glm_vec3_copy (camera->home_target, camera->target);
  camera->distance = camera->home_distance;
  camera->yaw = camera->home_yaw;
  camera->pitch = camera->home_pitch;
}

void
atelier_render_camera_orbit (AtelierRenderCamera *camera,
                             float                dyaw,
                             float                dpitch)
{
  camera->yaw = fmodf (camera->yaw + dyaw, 2.0f * GLM_PIf);
  camera->pitch = glm_clamp (camera->pitch + dpitch, -PITCH_LIMIT, PITCH_LIMIT);
}

void
atelier_render_camera_get_eye (const AtelierRenderCamera *camera,
                               vec3                       eye)
{
  vec3 forward;

  get_forward (camera, forward);
  glm_vec3_scale (forward, -camera->distance, eye);
  glm_vec3_add (eye, (float *) camera->target, eye);
}

void
atelier_render_camera_pan (AtelierRenderCamera *camera,
                           float                dx,
                           float                dy,
                           float                viewport_height)
{
  vec3 forward, right, up, move;
  vec3 world_up = { 0, 1, 0 };
  float units_per_px;

  if (viewport_height <= 0)
    return;

  get_forward (camera, forward);
  glm_vec3_crossn (forward, world_up, right);
  glm_vec3_cross (right, forward, up);

  /* The height of the view at the target's depth, in world units. */
  units_per_px = 2.0f * camera->distance * tanf (0.5f * camera->fov_y) / viewport_height;
  glm_vec3_scale (right, -dx * units_per_px, move);
  glm_vec3_muladds (up, dy * units_per_px, move);
  glm_vec3_add (camera->target, move, camera->target);
}

void
atelier_render_camera_zoom (AtelierRenderCamera *camera,
                            float                factor)
{
  float lo = camera->radius * 0.01f, hi = camera->radius * 100.0f;

  if (!(factor > 0))
    return;
  camera->distance = glm_clamp (camera->distance * factor, lo, hi);
}

void
atelier_render_camera_get_matrices (const AtelierRenderCamera *camera,
                                    float                      aspect,
                                    mat4                       view,
                                    mat4                       projection)
{
  vec3 eye, up = { 0, 1, 0 };
  float near_z, far_z;

  if (!(aspect > 0))
    aspect = 1;

  atelier_render_camera_get_eye (camera, eye);
  glm_lookat (eye, (float *) camera->target, up, view);

  /* The ground grid reaches a few radii out; keep it inside the far plane
   * without losing depth precision on the model. */
  far_z = camera->distance + camera->radius * 12.0f;
  near_z = MAX (camera->distance - camera->radius * 3.0f, far_z * 1e-4f);

  if (camera->orthographic)
    {
      float h = camera->distance * tanf (0.5f * camera->fov_y);
      glm_ortho (-h * aspect, h * aspect, -h, h,
                 -camera->radius * 12.0f, camera->distance + camera->radius * 12.0f,
                 projection);
    }
  else
    {
      glm_perspective (camera->fov_y, aspect, near_z, far_z, projection);
    }
}
