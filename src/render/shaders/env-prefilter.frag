/* SPDX-License-Identifier: GPL-3.0-or-later
 * GGX prefiltering with N = V = R, sampling lower source mips by the sample's
 * solid angle so that few samples stay smooth (filtered importance sampling). */
in vec2 v_uv;

uniform samplerCube u_source;
uniform int u_face;
uniform float u_roughness;
uniform float u_source_size;
uniform int u_samples;

out vec4 o_color;

void
main ()
{
  vec3 n = cube_dir (u_face, v_uv);
  if (u_roughness <= 0.0)
    {
      o_color = vec4 (textureLod (u_source, n, 0.0).rgb, 1.0);
      return;
    }

  mat3 tbn = basis (n);
  float a = u_roughness * u_roughness;
  float a2 = a * a;
  float texel_sa = 4.0 * PI / (6.0 * u_source_size * u_source_size);
  vec3 sum = vec3 (0.0);
  float weight = 0.0;

  for (int i = 0; i < u_samples; i++)
    {
      vec2 xi = hammersley (i, u_samples);
      float phi = 2.0 * PI * xi.x;
      float cos_t = sqrt ((1.0 - xi.y) / (1.0 + (a2 - 1.0) * xi.y));
      float sin_t = sqrt (1.0 - cos_t * cos_t);
      vec3 h = tbn * vec3 (sin_t * cos (phi), sin_t * sin (phi), cos_t);
      vec3 l = 2.0 * dot (n, h) * h - n;
      float n_dot_l = dot (n, l);
      if (n_dot_l > 0.0)
        {
          float f = cos_t * cos_t * (a2 - 1.0) + 1.0;
          float d = a2 / (PI * f * f);
          float pdf = d / 4.0;
          float sample_sa = 1.0 / (float (u_samples) * pdf + 1e-6);
          float lod = max (0.5 * log2 (sample_sa / texel_sa) + 1.0, 0.0);
          sum += textureLod (u_source, l, lod).rgb * n_dot_l;
          weight += n_dot_l;
        }
    }
  o_color = vec4 (sum / max (weight, 1e-6), 1.0);
}
