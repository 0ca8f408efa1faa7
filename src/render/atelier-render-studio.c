/* atelier-render-studio.c: the built-in studio environment, computed
 *
 * Only atelier-render-studio-gen runs this, at build time; see the header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "atelier-render-studio.h"

#define SOURCE_SIZE      64   /* the studio itself, then box-filtered mips */
#define SPECULAR_SIZE    ATELIER_STUDIO_SPECULAR_SIZE
#define SPECULAR_LEVELS  ATELIER_STUDIO_SPECULAR_LEVELS
#define SPECULAR_SAMPLES 48
#define IRRADIANCE_SIZE  ATELIER_STUDIO_IRRADIANCE_SIZE
#define IRRADIANCE_SAMPLES 128
#define LUT_SIZE         ATELIER_STUDIO_LUT_SIZE
#define LUT_SAMPLES      64

typedef struct
{
  int    size;
  float *texels;   /* 6 faces × size² × RGBA */
} CubeLevel;

static float
radical_inverse (guint32 bits)
{
  bits = (bits << 16u) | (bits >> 16u);
  bits = ((bits & 0x55555555u) << 1u) | ((bits & 0xAAAAAAAAu) >> 1u);
  bits = ((bits & 0x33333333u) << 2u) | ((bits & 0xCCCCCCCCu) >> 2u);
  bits = ((bits & 0x0F0F0F0Fu) << 4u) | ((bits & 0xF0F0F0F0u) >> 4u);
  bits = ((bits & 0x00FF00FFu) << 8u) | ((bits & 0xFF00FF00u) >> 8u);
  return (float) bits * 2.3283064365386963e-10f;
}

static void
normalize3 (float v[3])
{
  float l = sqrtf (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);

  if (l > 0)
    v[0] /= l, v[1] /= l, v[2] /= l;
}

static float
dot3 (const float a[3],
      const float b[3])
{
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static void
cross3 (const float a[3],
        const float b[3],
        float       out[3])
{
  out[0] = a[1] * b[2] - a[2] * b[1];
  out[1] = a[2] * b[0] - a[0] * b[2];
  out[2] = a[0] * b[1] - a[1] * b[0];
}

/* An orthonormal basis around @n: t, b, n. */
static void
basis (const float n[3],
       float       t[3],
       float       b[3])
{
  float up[3] = { 0, 1, 0 };

  if (fabsf (n[1]) >= 0.999f)
    up[0] = 1, up[1] = 0;
  cross3 (up, n, t);
  normalize3 (t);
  cross3 (n, t, b);
}

/* GL's cube map layout: direction through texel (u, v) ∈ [0,1]² of @face. */
static void
face_dir (int   face,
          float u,
          float v,
          float d[3])
{
  float px = 2 * u - 1, py = 2 * v - 1;

  switch (face)
    {
    case 0: d[0] = 1;   d[1] = -py; d[2] = -px; break;
    case 1: d[0] = -1;  d[1] = -py; d[2] = px;  break;
    case 2: d[0] = px;  d[1] = 1;   d[2] = py;  break;
    case 3: d[0] = px;  d[1] = -1;  d[2] = -py; break;
    case 4: d[0] = px;  d[1] = -py; d[2] = 1;   break;
    default: d[0] = -px; d[1] = -py; d[2] = -1; break;
    }
  normalize3 (d);
}

static void
dir_to_face (const float d[3],
             int        *face,
             float      *u,
             float      *v)
{
  float ax = fabsf (d[0]), ay = fabsf (d[1]), az = fabsf (d[2]);
  float sc, tc, ma;

  if (ax >= ay && ax >= az)
    {
      *face = d[0] > 0 ? 0 : 1;
      sc = d[0] > 0 ? -d[2] : d[2];
      tc = -d[1];
      ma = ax;
    }
  else if (ay >= az)
    {
      *face = d[1] > 0 ? 2 : 3;
      sc = d[0];
      tc = d[1] > 0 ? d[2] : -d[2];
      ma = ay;
    }
  else
    {
      *face = d[2] > 0 ? 4 : 5;
      sc = d[2] > 0 ? d[0] : -d[0];
      tc = -d[1];
      ma = az;
    }
  *u = 0.5f * (sc / ma + 1);
  *v = 0.5f * (tc / ma + 1);
}

static float
smoothstep (float e0,
            float e1,
            float x)
{
  float t = CLAMP ((x - e0) / (e1 - e0), 0, 1);
  return t * t * (3 - 2 * t);
}

static float
softbox (const float d[3],
         const float axis_in[3],
         float       half_w,
         float       half_h,
         float       power)
{
  float axis[3] = { axis_in[0], axis_in[1], axis_in[2] };
  float t[3], b[3], c, qx, qy;

  normalize3 (axis);
  c = dot3 (d, axis);
  if (c <= 0)
    return 0;
  basis (axis, t, b);
  qx = fabsf (dot3 (d, t) / c) / half_w;
  qy = fabsf (dot3 (d, b) / c) / half_h;
  return (1 - smoothstep (0.75f, 1.0f, MAX (qx, qy))) * power;
}

/* The built-in neutral studio: grey cyclorama and four soft boxes, no
 * colour, so that it never tints a model. */
static float
studio (const float d[3])
{
  static const float key[3] = { -0.55f, 0.55f, 0.62f };
  static const float fill[3] = { 0.85f, 0.25f, 0.45f };
  static const float rim[3] = { 0.15f, 0.65f, -0.75f };
  static const float top[3] = { 0, 1, 0 };
  float c;

  if (d[1] < 0)
    c = 0.42f + (0.16f - 0.42f) * smoothstep (0, 0.5f, -d[1]);
  else
    c = 0.42f + (0.70f - 0.42f) * smoothstep (0, 0.9f, d[1]);

  c += softbox (d, key, 0.45f, 0.30f, 5.0f);
  c += softbox (d, fill, 0.30f, 0.55f, 1.6f);
  c += softbox (d, rim, 0.60f, 0.18f, 3.0f);
  c += softbox (d, top, 0.35f, 0.35f, 1.5f);
  return c;
}

static CubeLevel *
source_levels (int *n_levels)
{
  int n = 0;
  CubeLevel *levels;

  for (int s = SOURCE_SIZE; s >= 1; s >>= 1)
    n++;
  levels = g_new0 (CubeLevel, n);

  /* Level 0 evaluated at 2×2 points per texel to soften the box edges. */
  levels[0].size = SOURCE_SIZE;
  levels[0].texels = g_new (float, 6 * SOURCE_SIZE * SOURCE_SIZE);
  for (int f = 0; f < 6; f++)
    for (int y = 0; y < SOURCE_SIZE; y++)
      for (int x = 0; x < SOURCE_SIZE; x++)
        {
          float sum = 0, d[3];
          for (int k = 0; k < 4; k++)
            {
              face_dir (f, (x + 0.25f + 0.5f * (k & 1)) / SOURCE_SIZE,
                        (y + 0.25f + 0.5f * (k >> 1)) / SOURCE_SIZE, d);
              sum += studio (d);
            }
          levels[0].texels[(f * SOURCE_SIZE + y) * SOURCE_SIZE + x] = sum / 4;
        }

  for (int l = 1; l < n; l++)
    {
      int s = levels[l - 1].size / 2, ps = levels[l - 1].size;
      const float *src = levels[l - 1].texels;

      levels[l].size = s;
      levels[l].texels = g_new (float, 6 * s * s);
      for (int f = 0; f < 6; f++)
        for (int y = 0; y < s; y++)
          for (int x = 0; x < s; x++)
            {
              const float *p = src + (f * ps + 2 * y) * ps + 2 * x;
              levels[l].texels[(f * s + y) * s + x] = 0.25f * (p[0] + p[1] + p[ps] + p[ps + 1]);
            }
    }
  *n_levels = n;
  return levels;
}

static float
sample_source (const CubeLevel *levels,
               int              n_levels,
               const float      d[3],
               float            lod)
{
  int level = CLAMP ((int) (lod + 0.5f), 0, n_levels - 1);
  const CubeLevel *c = &levels[level];
  int face, x, y;
  float u, v;

  dir_to_face (d, &face, &u, &v);
  x = CLAMP ((int) (u * c->size), 0, c->size - 1);
  y = CLAMP ((int) (v * c->size), 0, c->size - 1);
  return c->texels[(face * c->size + y) * c->size + x];
}

/* GGX prefiltering with N = V = R, reading coarser source mips for samples
 * that stand for a larger solid angle (filtered importance sampling). */
static float
prefilter (const CubeLevel *src,
           int              n_src,
           const float      n[3],
           float            roughness)
{
  float a = roughness * roughness, a2 = a * a;
  float texel_sa = 4 * G_PI / (6.0f * SOURCE_SIZE * SOURCE_SIZE);
  float t[3], b[3], sum = 0, weight = 0;

  basis (n, t, b);
  for (int i = 0; i < SPECULAR_SAMPLES; i++)
    {
      float xi0 = (float) i / SPECULAR_SAMPLES, xi1 = radical_inverse (i);
      float phi = 2 * G_PI * xi0;
      float cos_t = sqrtf ((1 - xi1) / (1 + (a2 - 1) * xi1));
      float sin_t = sqrtf (1 - cos_t * cos_t);
      float hx = sin_t * cosf (phi), hy = sin_t * sinf (phi);
      float h[3], l[3], n_dot_l;

      for (int k = 0; k < 3; k++)
        h[k] = t[k] * hx + b[k] * hy + n[k] * cos_t;
      for (int k = 0; k < 3; k++)
        l[k] = 2 * cos_t * h[k] - n[k];
      n_dot_l = dot3 (n, l);
      if (n_dot_l > 0)
        {
          float f = cos_t * cos_t * (a2 - 1) + 1;
          float pdf = a2 / (G_PI * f * f) / 4;
          float sample_sa = 1.0f / (SPECULAR_SAMPLES * pdf + 1e-6f);
          float lod = MAX (0.5f * log2f (sample_sa / texel_sa) + 1, 0);

          sum += sample_source (src, n_src, l, lod) * n_dot_l;
          weight += n_dot_l;
        }
    }
  return weight > 0 ? sum / weight : 0;
}

/* Cosine-weighted average radiance: times the diffuse colour it is the
 * Lambert term's outgoing radiance (the 1/π cancels). */
static float
irradiance (const CubeLevel *src,
            int              n_src,
            const float      n[3])
{
  float texel_sa = 4 * G_PI / (6.0f * SOURCE_SIZE * SOURCE_SIZE);
  float t[3], b[3], sum = 0;

  basis (n, t, b);
  for (int i = 0; i < IRRADIANCE_SAMPLES; i++)
    {
      float xi0 = (float) i / IRRADIANCE_SAMPLES, xi1 = radical_inverse (i);
      float phi = 2 * G_PI * xi0;
      float cos_t = sqrtf (1 - xi1), sin_t = sqrtf (xi1);
      float lx = sin_t * cosf (phi), ly = sin_t * sinf (phi), l[3];
      float pdf = MAX (cos_t, 1e-3f) / G_PI;
      float lod = MAX (0.5f * log2f (1.0f / (IRRADIANCE_SAMPLES * pdf) / texel_sa) + 1, 0);

      for (int k = 0; k < 3; k++)
        l[k] = t[k] * lx + b[k] * ly + n[k] * cos_t;
      sum += sample_source (src, n_src, l, lod);
    }
  return sum / IRRADIANCE_SAMPLES;
}

static float
v_smith_correlated (float n_dot_l, float n_dot_v, float a)
{
  float a2 = a * a;
  float gv = n_dot_l * sqrtf (n_dot_v * n_dot_v * (1 - a2) + a2);
  float gl = n_dot_v * sqrtf (n_dot_l * n_dot_l * (1 - a2) + a2);
  return gv + gl > 0 ? 0.5f / (gv + gl) : 0;
}

static float *
brdf_lut_compute (guint size,
                  guint samples)
{
  float *lut = g_new (float, size * size * 2);

  for (guint y = 0; y < size; y++)
    {
      float roughness = (y + 0.5f) / size;
      float a = roughness * roughness;

      for (guint x = 0; x < size; x++)
        {
          float n_dot_v = (x + 0.5f) / size;
          float v[3] = { sqrtf (1 - n_dot_v * n_dot_v), 0, n_dot_v };
          float sum_a = 0, sum_b = 0;

          for (guint i = 0; i < samples; i++)
            {
              float xi0 = (float) i / samples, xi1 = radical_inverse (i);
              float phi = 2 * G_PI * xi0;
              float cos_t = sqrtf ((1 - xi1) / (1 + (a * a - 1) * xi1));
              float sin_t = sqrtf (1 - cos_t * cos_t);
              float h[3] = { sin_t * cosf (phi), sin_t * sinf (phi), cos_t };
              float v_dot_h = dot3 (v, h);
              float l_z = 2 * v_dot_h * h[2] - v[2];

              if (l_z > 0 && v_dot_h > 0)
                {
                  float vis = v_smith_correlated (l_z, n_dot_v, a);
                  float g_vis = vis * v_dot_h * l_z * 4 / h[2];
                  float fc = powf (1 - v_dot_h, 5);
                  sum_a += (1 - fc) * g_vis;
                  sum_b += fc * g_vis;
                }
            }
          lut[(y * size + x) * 2 + 0] = sum_a / samples;
          lut[(y * size + x) * 2 + 1] = sum_b / samples;
        }
    }
  return lut;
}


/* IEEE half from float, rounding to nearest even, as GL drivers convert:
 * the textures are the same as when the floats were uploaded. */
static guint16
to_half (float value)
{
  union { float f; guint32 u; } in = { value };
  guint32 sign = (in.u >> 16) & 0x8000;
  int exponent = (int) ((in.u >> 23) & 0xff) - 127 + 15;
  guint32 mantissa = in.u & 0x7fffff;

  if (((in.u >> 23) & 0xff) == 0xff)
    return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  if (exponent >= 31)
    return sign | 0x7c00;
  if (exponent <= 0)
    {
      guint32 shift, half, rest;

      if (exponent < -10)
        return sign;
      mantissa |= 0x800000;
      shift = 14 - exponent;
      half = mantissa >> shift;
      rest = mantissa & ((1u << shift) - 1);
      if (rest > (1u << (shift - 1)) || (rest == (1u << (shift - 1)) && (half & 1)))
        half++;
      return sign | half;
    }
  {
    guint32 half = sign | ((guint32) exponent << 10) | (mantissa >> 13);
    guint32 rest = mantissa & 0x1fff;

    if (rest > 0x1000 || (rest == 0x1000 && (half & 1)))
      half++;
    return half;
  }
}

static void
append (GByteArray  *out,
        const float *values,
        gsize        n)
{
  for (gsize i = 0; i < n; i++)
    {
      guint16 h = GUINT16_TO_LE (to_half (values[i]));
      g_byte_array_append (out, (const guint8 *) &h, 2);
    }
}

GBytes *
atelier_render_studio_compute (void)
{
  GByteArray *out = g_byte_array_new ();
  g_autofree float *lut = NULL;
  CubeLevel *src;
  int n_src;

  g_byte_array_append (out, (const guint8 *) ATELIER_STUDIO_MAGIC, 8);
  src = source_levels (&n_src);

  for (int level = 0; level < SPECULAR_LEVELS; level++)
    {
      int size = SPECULAR_SIZE >> level;
      float roughness = (float) level / (SPECULAR_LEVELS - 1);
      g_autofree float *face = g_new (float, size * size);

      for (int f = 0; f < 6; f++)
        {
          for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
              {
                float d[3];

                face_dir (f, (x + 0.5f) / size, (y + 0.5f) / size, d);
                /* The sharpest level is the studio itself. */
                face[y * size + x] = level == 0
                  ? studio (d)
                  : prefilter (src, n_src, d, roughness);
              }
          append (out, face, size * size);
        }
    }

  {
    g_autofree float *face = g_new (float, IRRADIANCE_SIZE * IRRADIANCE_SIZE);

    for (int f = 0; f < 6; f++)
      {
        for (int y = 0; y < IRRADIANCE_SIZE; y++)
          for (int x = 0; x < IRRADIANCE_SIZE; x++)
            {
              float d[3];

              face_dir (f, (x + 0.5f) / IRRADIANCE_SIZE, (y + 0.5f) / IRRADIANCE_SIZE, d);
              face[y * IRRADIANCE_SIZE + x] = irradiance (src, n_src, d);
            }
        append (out, face, IRRADIANCE_SIZE * IRRADIANCE_SIZE);
      }
  }

  for (int l = 0; l < n_src; l++)
    g_free (src[l].texels);
  g_free (src);

  lut = brdf_lut_compute (LUT_SIZE, LUT_SAMPLES);
  append (out, lut, LUT_SIZE * LUT_SIZE * 2);

  g_assert (out->len == ATELIER_STUDIO_BYTES);
  return g_byte_array_free_to_bytes (out);
}
