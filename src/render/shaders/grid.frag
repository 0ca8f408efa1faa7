/* SPDX-License-Identifier: GPL-3.0-or-later */
in vec3 v_world;

uniform vec3 u_center;
uniform float u_extent;
uniform float u_cell;
uniform vec3 u_line_color;

out vec4 o_color;

float
grid_lines (vec2 coord)
{
  vec2 g = abs (fract (coord - 0.5) - 0.5) / max (fwidth (coord), vec2 (1e-6));
  return 1.0 - min (min (g.x, g.y), 1.0);
}

void
main ()
{
  vec2 p = v_world.xz;
  float minor = grid_lines (p / u_cell) * 0.35;
  float major = grid_lines (p / (u_cell * 10.0));
  float a = max (minor, major);
  float fade = 1.0 - smoothstep (0.4 * u_extent, u_extent, length (p - u_center.xz));
  a *= fade * 0.6;
  if (a <= 0.002)
    discard;
  o_color = vec4 (u_line_color * a, a);
}
