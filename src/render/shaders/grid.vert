/* SPDX-License-Identifier: GPL-3.0-or-later */
uniform mat4 u_view_proj;
uniform vec3 u_center;
uniform float u_extent;

out vec3 v_world;

void
main ()
{
  /* Two triangles from gl_VertexID: no buffers needed. */
  const vec2 corners[6] = vec2[6] (vec2 (-1.0, -1.0), vec2 (1.0, -1.0), vec2 (1.0, 1.0),
                                   vec2 (-1.0, -1.0), vec2 (1.0, 1.0), vec2 (-1.0, 1.0));
  vec2 c = corners[gl_VertexID];
  v_world = u_center + vec3 (c.x, 0.0, c.y) * u_extent;
  gl_Position = u_view_proj * vec4 (v_world, 1.0);
}
