/* SPDX-License-Identifier: GPL-3.0-or-later
 * The built-in neutral studio: grey cyclorama, three soft boxes. Colourless
 * so that it never tints a model. */
in vec2 v_uv;

uniform int u_face;

out vec4 o_color;

float
softbox (vec3 d, vec3 axis, vec2 half_size, float power)
{
  float c = dot (d, axis);
  if (c <= 0.0)
    return 0.0;
  mat3 b = basis (axis);
  vec2 p = vec2 (dot (d, b[0]), dot (d, b[1])) / c;
  vec2 q = abs (p) / half_size;
  return (1.0 - smoothstep (0.75, 1.0, max (q.x, q.y))) * power;
}

void
main ()
{
  vec3 d = cube_dir (u_face, v_uv);
  vec3 c;
  if (d.y < 0.0)
    c = mix (vec3 (0.42), vec3 (0.16), smoothstep (0.0, 0.5, -d.y));
  else
    c = mix (vec3 (0.42), vec3 (0.70), smoothstep (0.0, 0.9, d.y));

  c += softbox (d, normalize (vec3 (-0.55, 0.55, 0.62)), vec2 (0.45, 0.30), 5.0);
  c += softbox (d, normalize (vec3 (0.85, 0.25, 0.45)), vec2 (0.30, 0.55), 1.6);
  c += softbox (d, normalize (vec3 (0.15, 0.65, -0.75)), vec2 (0.60, 0.18), 3.0);
  c += softbox (d, vec3 (0.0, 1.0, 0.0), vec2 (0.35, 0.35), 1.5);
  o_color = vec4 (c, 1.0);
}
