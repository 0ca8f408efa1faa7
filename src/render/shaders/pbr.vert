/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef HAS_TANGENTS
#define HAS_TANGENTS 1
#endif
#ifndef HAS_UV1
#define HAS_UV1 1
#endif
#ifndef HAS_COLORS
#define HAS_COLORS 1
#endif
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in vec4 a_tangent;
layout(location = 3) in vec2 a_uv0;
layout(location = 4) in vec2 a_uv1;
layout(location = 5) in vec4 a_color;

uniform mat4 u_model;
uniform mat3 u_normal_matrix;
uniform mat4 u_view_proj;

/* Only the attributes a primitive has are passed on: every varying costs
 * triangle setup time on a software rasteriser. */
out vec3 v_world;
out vec3 v_normal;
#if HAS_TANGENTS
out vec4 v_tangent;
#endif
out vec2 v_uv0;
#if HAS_UV1
out vec2 v_uv1;
#endif
#if HAS_COLORS
out vec4 v_color;
#endif

void
main ()
{
  vec4 world = u_model * vec4 (a_position, 1.0);
  v_world = world.xyz;
  v_normal = u_normal_matrix * a_normal;
#if HAS_TANGENTS
  v_tangent = vec4 (mat3 (u_model) * a_tangent.xyz, a_tangent.w);
#endif
  v_uv0 = a_uv0;
#if HAS_UV1
  v_uv1 = a_uv1;
#endif
#if HAS_COLORS
  v_color = a_color;
#endif
  gl_Position = u_view_proj * world;
}
