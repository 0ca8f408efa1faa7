/* SPDX-License-Identifier: GPL-3.0-or-later
 *
 * glTF metallic-roughness as in the spec's appendix B, with split-sum image
 * based lighting, one key light and Khronos PBR Neutral tone mapping.
 * Output is premultiplied sRGB, which is what GtkGLArea composites.
 */
/* Built per primitive kind (see atelier-renderer.c): which attributes it
 * has, and whether alpha MASK needs discard, which would otherwise turn off
 * early depth testing for every opaque model. */
#ifndef HAS_TANGENTS
#define HAS_TANGENTS 1
#endif
#ifndef HAS_UV1
#define HAS_UV1 1
#endif
#ifndef HAS_COLORS
#define HAS_COLORS 1
#endif
#ifndef ALPHA_MASK
#define ALPHA_MASK 0
#endif

in vec3 v_world;
in vec3 v_normal;
#if HAS_TANGENTS
in vec4 v_tangent;
#endif
in vec2 v_uv0;
#if HAS_UV1
in vec2 v_uv1;
#else
#define v_uv1 v_uv0
#endif
#if HAS_COLORS
in vec4 v_color;
#else
#define v_color vec4 (1.0)
#endif

out vec4 o_color;

/* Modes: keep in sync with AtelierRenderMode. MODE is defined when the
 * program is built: one program per mode keeps each one small, which
 * matters on llvmpipe, where dead branches still cost. */
#define MODE_SHADED     0
#define MODE_CLAY       1
#define MODE_BASE_COLOR 2
#define MODE_NORMALS    3
#define MODE_WIREFRAME  4
#define MODE_UV_CHECKER 5

/* Texture slots: keep in sync with atelier-renderer.c. */
#define TEX_BASE     0
#define TEX_MR       1
#define TEX_NORMAL   2
#define TEX_OCCL     3
#define TEX_EMISSIVE 4

#ifndef MODE
#define MODE MODE_SHADED
#endif
uniform vec3 u_camera_pos;
uniform vec3 u_light_dir;
uniform vec3 u_light_color;
uniform float u_env_intensity;
uniform float u_env_max_lod;

uniform vec4 u_base_color_factor;
uniform float u_metallic_factor;
uniform float u_roughness_factor;
uniform vec3 u_emissive;
uniform int u_alpha_mode;
uniform float u_alpha_cutoff;
uniform bool u_unlit;
uniform bool u_has_normals;
uniform float u_normal_scale;
uniform float u_occlusion_strength;

uniform bool u_tex_on[5];
uniform int u_tex_set[5];
uniform mat3 u_tex_xf[5];

uniform sampler2D u_base_color_tex;
uniform sampler2D u_mr_tex;
uniform sampler2D u_normal_tex;
uniform sampler2D u_occlusion_tex;
uniform sampler2D u_emissive_tex;
uniform sampler2D u_brdf_lut;
uniform samplerCube u_specular_env;
uniform samplerCube u_irradiance_env;

const float PI = 3.14159265359;

vec2
tex_uv (int slot)
{
  vec2 uv = u_tex_set[slot] == 1 ? v_uv1 : v_uv0;
  return (u_tex_xf[slot] * vec3 (uv, 1.0)).xy;
}

vec3
srgb_encode (vec3 c)
{
  c = clamp (c, 0.0, 1.0);
  vec3 lo = c * 12.92;
  vec3 hi = 1.055 * pow (c, vec3 (1.0 / 2.4)) - 0.055;
  return mix (hi, lo, vec3 (lessThanEqual (c, vec3 (0.0031308))));
}

vec3
pbr_neutral (vec3 color)
{
  const float start_compression = 0.8 - 0.04;
  const float desaturation = 0.15;
  float x = min (color.r, min (color.g, color.b));
  float offset = x < 0.08 ? x - 6.25 * x * x : 0.04;
  color -= offset;
  float peak = max (color.r, max (color.g, color.b));
  if (peak < start_compression)
    return color;
  const float d = 1.0 - start_compression;
  float new_peak = 1.0 - d * d / (peak + d - start_compression);
  color *= new_peak / peak;
  float g = 1.0 - 1.0 / (desaturation * (peak - new_peak) + 1.0);
  return mix (color, vec3 (new_peak), g);
}

float
d_ggx (float n_dot_h, float a)
{
  float a2 = a * a;
  float f = n_dot_h * n_dot_h * (a2 - 1.0) + 1.0;
  return a2 / (PI * f * f);
}

float
v_smith_correlated (float n_dot_l, float n_dot_v, float a)
{
  float a2 = a * a;
  float gv = n_dot_l * sqrt (n_dot_v * n_dot_v * (1.0 - a2) + a2);
  float gl = n_dot_v * sqrt (n_dot_l * n_dot_l * (1.0 - a2) + a2);
  float s = gv + gl;
  return s > 0.0 ? 0.5 / s : 0.0;
}

vec3
f_schlick (vec3 f0, float v_dot_h)
{
  return f0 + (1.0 - f0) * pow (clamp (1.0 - v_dot_h, 0.0, 1.0), 5.0);
}

/* Normals may be missing on hand-made or point/line geometry: facet normals
 * from screen-space derivatives keep such models lit instead of black. */
vec3
geometric_normal (vec3 v)
{
  vec3 n;
  if (u_has_normals && dot (v_normal, v_normal) > 1e-12)
    {
      n = normalize (v_normal);
      if (!gl_FrontFacing)
        n = -n;
    }
  else
    {
      n = normalize (cross (dFdx (v_world), dFdy (v_world)));
      if (dot (n, v) < 0.0)
        n = -n;
    }
  return n;
}

vec3
shading_normal (vec3 ng)
{
  if (!u_tex_on[TEX_NORMAL])
    return ng;

  vec2 uv = tex_uv (TEX_NORMAL);
  vec3 t, b;
#if HAS_TANGENTS
  if (dot (v_tangent.xyz, v_tangent.xyz) > 1e-12)
    {
      t = normalize (v_tangent.xyz);
      t = normalize (t - ng * dot (ng, t));
      b = cross (ng, t) * (v_tangent.w < 0.0 ? -1.0 : 1.0);
      if (!gl_FrontFacing)
        {
          t = -t;
          b = -b;
        }
    }
  else
#endif
    {
      vec3 uv_dx = dFdx (vec3 (uv, 0.0));
      vec3 uv_dy = dFdy (vec3 (uv, 0.0));
      float det = uv_dx.s * uv_dy.t - uv_dy.s * uv_dx.t;
      if (abs (det) < 1e-14)
        return ng;
      vec3 t_ = (uv_dy.t * dFdx (v_world) - uv_dx.t * dFdy (v_world)) / det;
      t = t_ - ng * dot (ng, t_);
      if (dot (t, t) < 1e-20)
        return ng;
      t = normalize (t);
      b = cross (ng, t);
    }

  vec3 tn = texture (u_normal_tex, uv).rgb * 2.0 - 1.0;
  tn.xy *= u_normal_scale;
  return normalize (mat3 (t, b, ng) * tn);
}

vec3
lit (vec3 base, float metallic, float roughness, float ao, vec3 n, vec3 v)
{
  vec3 c_diff = mix (base, vec3 (0.0), metallic);
  vec3 f0 = mix (vec3 (0.04), base, metallic);
  float a = roughness * roughness;
  float n_dot_v = clamp (abs (dot (n, v)), 1e-4, 1.0);

  /* Key light */
  vec3 l = normalize (u_light_dir);
  vec3 h = normalize (l + v);
  float n_dot_l = clamp (dot (n, l), 0.0, 1.0);
  float n_dot_h = clamp (dot (n, h), 0.0, 1.0);
  float v_dot_h = clamp (dot (v, h), 0.0, 1.0);
  vec3 f = f_schlick (f0, v_dot_h);
  vec3 f_diffuse = (1.0 - f) * c_diff / PI;
  vec3 f_specular = f * d_ggx (n_dot_h, max (a, 1e-3)) * v_smith_correlated (n_dot_l, n_dot_v, max (a, 1e-3));
  vec3 color = (f_diffuse + f_specular) * u_light_color * n_dot_l;

  /* Image-based lighting, split-sum */
  vec3 r = reflect (-v, n);
  vec2 lut = texture (u_brdf_lut, vec2 (n_dot_v, roughness)).rg;
  vec3 specular = textureLod (u_specular_env, r, roughness * u_env_max_lod).rgb * (f0 * lut.x + lut.y);
  vec3 diffuse = texture (u_irradiance_env, n).rgb * c_diff;
  color += (diffuse + specular) * u_env_intensity * ao;
  return color;
}

vec4
base_color ()
{
  vec4 base = u_base_color_factor * v_color;
  if (u_tex_on[TEX_BASE])
    base *= texture (u_base_color_tex, tex_uv (TEX_BASE));
  return base;
}

void
main ()
{
  vec3 v = normalize (u_camera_pos - v_world);
  vec4 base = base_color ();
  float alpha = base.a;

#if ALPHA_MASK
  if (alpha < u_alpha_cutoff)
    discard;
  alpha = 1.0;
#else
  if (u_alpha_mode == 0 || MODE != MODE_SHADED)
    alpha = 1.0;
#endif

  vec3 color;
  vec3 ng = geometric_normal (v);

  if (MODE == MODE_CLAY || MODE == MODE_WIREFRAME)
    {
      color = pbr_neutral (lit (vec3 (0.62, 0.60, 0.57), 0.0, 0.55, 1.0, ng, v));
    }
  else if (MODE == MODE_BASE_COLOR)
    {
      color = base.rgb;
    }
  else if (MODE == MODE_NORMALS)
    {
      /* Display the raw direction, so skip the sRGB curve below. */
      o_color = vec4 (shading_normal (ng) * 0.5 + 0.5, 1.0);
      return;
    }
  else if (MODE == MODE_UV_CHECKER)
    {
      vec2 cell = floor (v_uv0 * 8.0);
      float k = mod (cell.x + cell.y, 2.0);
      vec3 checker = mix (vec3 (0.9), vec3 (0.15), k) * mix (vec3 (1.0), vec3 (fract (v_uv0), 0.6), 0.35);
      color = pbr_neutral (lit (checker, 0.0, 0.7, 1.0, ng, v));
    }
  else if (u_unlit)
    {
      color = base.rgb;
    }
  else
    {
      float metallic = u_metallic_factor;
      float roughness = u_roughness_factor;
      if (u_tex_on[TEX_MR])
        {
          vec4 mr = texture (u_mr_tex, tex_uv (TEX_MR));
          roughness *= mr.g;
          metallic *= mr.b;
        }
      metallic = clamp (metallic, 0.0, 1.0);
      roughness = clamp (roughness, 0.03, 1.0);

      float ao = 1.0;
      if (u_tex_on[TEX_OCCL])
        ao = 1.0 + u_occlusion_strength * (texture (u_occlusion_tex, tex_uv (TEX_OCCL)).r - 1.0);

      vec3 n = shading_normal (ng);
      color = lit (base.rgb, metallic, roughness, ao, n, v);

      vec3 emissive = u_emissive;
      if (u_tex_on[TEX_EMISSIVE])
        emissive *= texture (u_emissive_tex, tex_uv (TEX_EMISSIVE)).rgb;
      color += emissive;
      color = pbr_neutral (color);
    }

  o_color = vec4 (srgb_encode (color) * alpha, alpha);
}
