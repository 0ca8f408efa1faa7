/* SPDX-License-Identifier: GPL-3.0-or-later
 * Shared by the environment passes: direction of a cube face texel, and a
 * Hammersley sequence without bitfieldReverse (not in GLSL ES 3.00). */
const float PI = 3.14159265359;

vec3
cube_dir (int face, vec2 uv)
{
  vec2 p = uv * 2.0 - 1.0;
  vec3 d;
  if (face == 0) d = vec3 (1.0, -p.y, -p.x);
  else if (face == 1) d = vec3 (-1.0, -p.y, p.x);
  else if (face == 2) d = vec3 (p.x, 1.0, p.y);
  else if (face == 3) d = vec3 (p.x, -1.0, -p.y);
  else if (face == 4) d = vec3 (p.x, -p.y, 1.0);
  else d = vec3 (-p.x, -p.y, -1.0);
  return normalize (d);
}

float
radical_inverse (uint bits)
{
  bits = (bits << 16u) | (bits >> 16u);
  bits = ((bits & 0x55555555u) << 1u) | ((bits & 0xAAAAAAAAu) >> 1u);
  bits = ((bits & 0x33333333u) << 2u) | ((bits & 0xCCCCCCCCu) >> 2u);
  bits = ((bits & 0x0F0F0F0Fu) << 4u) | ((bits & 0xF0F0F0F0u) >> 4u);
  bits = ((bits & 0x00FF00FFu) << 8u) | ((bits & 0xFF00FF00u) >> 8u);
  return float (bits) * 2.3283064365386963e-10;
}

vec2
hammersley (int i, int n)
{
  return vec2 (float (i) / float (n), radical_inverse (uint (i)));
}

mat3
basis (vec3 n)
{
  vec3 up = abs (n.y) < 0.999 ? vec3 (0.0, 1.0, 0.0) : vec3 (1.0, 0.0, 0.0);
  vec3 t = normalize (cross (up, n));
  return mat3 (t, cross (n, t), n);
}
