/* SPDX-License-Identifier: GPL-3.0-or-later
 * Cosine-weighted average radiance: multiplied by the diffuse colour it is
 * the Lambert term's outgoing radiance (the 1/pi cancels). */
in vec2 v_uv;

uniform samplerCube u_source;
uniform int u_face;
uniform float u_source_size;
uniform int u_samples;

out vec4 o_color;

void
main ()
{
  vec3 n = cube_dir (u_face, v_uv);
  mat3 tbn = basis (n);
  float texel_sa = 4.0 * PI / (6.0 * u_source_size * u_source_size);
  vec3 sum = vec3 (0.0);

  for (int i = 0; i < u_samples; i++)
    {
      vec2 xi = hammersley (i, u_samples);
      float phi = 2.0 * PI * xi.x;
      float cos_t = sqrt (1.0 - xi.y);
      float sin_t = sqrt (xi.y);
      vec3 l = tbn * vec3 (sin_t * cos (phi), sin_t * sin (phi), cos_t);
      float pdf = max (cos_t, 1e-3) / PI;
      float lod = max (0.5 * log2 (1.0 / (float (u_samples) * pdf) / texel_sa) + 1.0, 0.0);
      sum += textureLod (u_source, l, lod).rgb;
    }
  o_color = vec4 (sum / float (u_samples), 1.0);
}
