/* atelier-procedural-glb.c: deterministic GLB models whose shape follows a prompt
 *
 * The mesh is a superellipsoid or a supertoroid on a (rows+1)×(cols+1) vertex
 * grid (the seam is duplicated so UVs stay continuous), twisted and bumped by
 * parameters hashed from the prompt. Every per-vertex factor is separable into
 * a per-row and a per-column term, so a million faces cost a few trigonometric
 * calls per row and column plus multiplications.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-procedural"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "atelier-procedural-private.h"

#define MAX_FACES   (16u * 1024u * 1024u)
#define MAX_TEXTURE 8192u

#define GLB_MAGIC      0x46546C67u
#define GLB_CHUNK_JSON 0x4E4F534Au
#define GLB_CHUNK_BIN  0x004E4942u

typedef struct
{
  gboolean torus;
  double   e1, e2;       /* superquadric exponents: < 1 boxy, > 1 pinched */
  double   minor;        /* torus tube radius */
  double   twist;        /* radians from bottom to top */
  double   bump;         /* displacement amplitude */
  int      bump_u, bump_v;
  guint    rows, cols;
} ShapeParams;

static inline double
spow (double value,
      double exponent)
{
  return value < 0 ? -pow (-value, exponent) : pow (value, exponent);
}

static void
shape_params (const char  *prompt,
              guint        faces,
              ShapeParams *p)
{
  guint32 h = _atelier_procedural_hash (prompt);

  p->torus = (h & 1) != 0;
  p->e1 = 0.35 + ((h >> 1) % 100) / 80.0;
  p->e2 = 0.35 + ((h >> 8) % 100) / 80.0;
  p->minor = 0.30 + ((h >> 15) % 20) / 100.0;
  p->twist = (((int) ((h >> 20) % 121)) - 60) / 50.0;
  p->bump = ((h >> 5) % 13) / 100.0;
  p->bump_u = 2 + (h >> 24) % 6;
  p->bump_v = 1 + (h >> 28) % 5;

  if (p->torus)
    {
      /* faces = 2·rows·cols with cols ≈ 2·rows */
      p->rows = MAX (2, (guint) lround (sqrt (faces / 4.0)));
      p->cols = MAX (3, (guint) lround (faces / (2.0 * p->rows)));
    }
  else
    {
      /* The pole quads each lose their degenerate triangle:
       * faces = cols·(2·rows − 2). */
      p->rows = MAX (2, (guint) lround (sqrt (faces / 4.0)) + 1);
      p->cols = MAX (3, (guint) lround (faces / (2.0 * p->rows - 2.0)));
    }
}

static void
build_positions (const ShapeParams *p,
                 float             *pos,
                 float             *uv,
                 float              min[3],
                 float              max[3])
{
  guint rows = p->rows, cols = p->cols;
  g_autofree double *cu = g_new (double, cols + 1);
  g_autofree double *su = g_new (double, cols + 1);
  g_autofree double *bu = g_new (double, cols + 1);

  for (guint j = 0; j <= cols; j++)
    {
      /* Exact endpoints keep the seam columns bit-identical. */
      double theta = (j == cols ? 0 : j) * 2.0 * G_PI / cols - G_PI;

      cu[j] = spow (cos (theta), p->e2);
      su[j] = spow (sin (theta), p->e2);
      bu[j] = sin (p->bump_u * theta);
    }

  for (int c = 0; c < 3; c++)
    {
      min[c] = G_MAXFLOAT;
      max[c] = -G_MAXFLOAT;
    }

  for (guint i = 0; i <= rows; i++)
    {
      double t = (double) i / rows;
      double phi, ring, height, bv, ct, st;

      if (p->torus)
        {
          phi = (i == rows ? 0 : i) * 2.0 * G_PI / rows - G_PI;
          ring = 1.0 + p->minor * spow (cos (phi), p->e1);
          height = p->minor * spow (sin (phi), p->e1);
          bv = sin (p->bump_v * phi);
        }
      else
        {
          phi = t * G_PI - G_PI / 2;
          if (i == 0 || i == rows)
            ring = 0.0;
          else
            ring = spow (cos (phi), p->e1);
          height = i == 0 ? -1.0 : i == rows ? 1.0 : spow (sin (phi), p->e1);
          /* cos φ vanishes at the poles so they stay closed. */
          bv = ring * sin (p->bump_v * phi);
        }

      ct = cos (p->twist * (t - 0.5));
      st = sin (p->twist * (t - 0.5));

      for (guint j = 0; j <= cols; j++)
        {
          gsize v = (gsize) i * (cols + 1) + j;
          double s = 1.0 + p->bump * bu[j] * bv;
          double x = ring * cu[j];
          double z = ring * su[j];
          float *out = pos + 3 * v;

          out[0] = (float) ((x * ct - z * st) * s);
          out[1] = (float) (height * s);
          out[2] = (float) ((x * st + z * ct) * s);

          for (int c = 0; c < 3; c++)
            {
              min[c] = MIN (min[c], out[c]);
              max[c] = MAX (max[c], out[c]);
            }

          uv[2 * v] = (float) j / cols;
          uv[2 * v + 1] = (float) t;
        }
    }
}

static gsize
build_indices (const ShapeParams *p,
               guint32           *idx)
{
  guint rows = p->rows, cols = p->cols;
  gsize n = 0;

  for (guint i = 0; i < rows; i++)
    for (guint j = 0; j < cols; j++)
      {
        guint32 a = i * (cols + 1) + j;
        guint32 b = a + cols + 1;
        guint32 c = b + 1;
        guint32 d = a + 1;

        /* Counter-clockwise seen from outside. */
        if (p->torus || i != 0)
          {
            if (p->torus || i != rows - 1)
              {
                idx[n++] = a; idx[n++] = b; idx[n++] = c;
                idx[n++] = a; idx[n++] = c; idx[n++] = d;
              }
            else
              {
                idx[n++] = a; idx[n++] = c; idx[n++] = d;
              }
          }
        else
          {
            idx[n++] = a; idx[n++] = b; idx[n++] = c;
          }
      }

  return n;
}

static inline void
add3 (float       *dst,
      const float *src)
{
  dst[0] += src[0];
  dst[1] += src[1];
  dst[2] += src[2];
}

/* Area-weighted face normals, summed across the duplicated seam vertices so
 * the shading shows no seam. */
static void
build_normals (const ShapeParams *p,
               const float       *pos,
               const guint32     *idx,
               gsize              n_idx,
               float             *nrm,
               gsize              n_verts)
{
  guint rows = p->rows, cols = p->cols;

  memset (nrm, 0, n_verts * 3 * sizeof (float));

  for (gsize k = 0; k < n_idx; k += 3)
    {
      const float *a = pos + 3 * idx[k];
      const float *b = pos + 3 * idx[k + 1];
      const float *c = pos + 3 * idx[k + 2];
      float e1[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] };
      float e2[3] = { c[0] - a[0], c[1] - a[1], c[2] - a[2] };
      float n[3] = {
        e1[1] * e2[2] - e1[2] * e2[1],
        e1[2] * e2[0] - e1[0] * e2[2],
        e1[0] * e2[1] - e1[1] * e2[0],
      };

      add3 (nrm + 3 * idx[k], n);
      add3 (nrm + 3 * idx[k + 1], n);
      add3 (nrm + 3 * idx[k + 2], n);
    }

  for (guint i = 0; i <= rows; i++)
    {
      float *first = nrm + 3 * ((gsize) i * (cols + 1));
      float *last = first + 3 * cols;

      add3 (first, last);
      memcpy (last, first, 3 * sizeof (float));
    }

  if (p->torus)
    {
      for (guint j = 0; j <= cols; j++)
        {
          float *first = nrm + 3 * j;
          float *last = nrm + 3 * ((gsize) rows * (cols + 1) + j);

          add3 (first, last);
          memcpy (last, first, 3 * sizeof (float));
        }
    }
  else
    {
      for (guint r = 0; r <= rows; r += rows)
        {
          float sum[3] = { 0, 0, 0 };

          for (guint j = 0; j < cols; j++)
            add3 (sum, nrm + 3 * ((gsize) r * (cols + 1) + j));
          for (guint j = 0; j <= cols; j++)
            memcpy (nrm + 3 * ((gsize) r * (cols + 1) + j), sum, sizeof sum);
        }
    }

  for (gsize v = 0; v < n_verts; v++)
    {
      float *n = nrm + 3 * v;
      float len = sqrtf (n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);

      if (len > 1e-20f)
        {
          n[0] /= len;
          n[1] /= len;
          n[2] /= len;
        }
      else
        {
          n[0] = 0;
          n[1] = 1;
          n[2] = 0;
        }
    }
}

static void
append_float (GString *json,
              double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (json, g_ascii_formatd (buf, sizeof buf, "%.9g", value));
}

static void
append_vec3 (GString     *json,
             const float  v[3])
{
  g_string_append_c (json, '[');
  for (int c = 0; c < 3; c++)
    {
      if (c > 0)
        g_string_append_c (json, ',');
      append_float (json, v[c]);
    }
  g_string_append_c (json, ']');
}

/* One bufferView and a comma; @target 0 for none (images). */
static void
append_view (GString *json,
             gsize    offset,
             gsize    length,
             guint    target)
{
  g_string_append_printf (json, "{\"buffer\":0,\"byteOffset\":%" G_GSIZE_FORMAT
                          ",\"byteLength\":%" G_GSIZE_FORMAT, offset, length);
  if (target != 0)
    g_string_append_printf (json, ",\"target\":%u", target);
  g_string_append (json, "},");
}

static double
srgb_to_linear (guint8 value)
{
  double c = value / 255.0;

  return c <= 0.04045 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static void
put_u32 (guint8  *dst,
         guint32  value)
{
  value = GUINT32_TO_LE (value);
  memcpy (dst, &value, 4);
}

GBytes *
atelier_procedural_glb (const AtelierProceduralModel *model,
                        GError                      **error)
{
  return _atelier_procedural_glb_textured (model, NULL, error);
}

GBytes *
_atelier_procedural_glb_textured (const AtelierProceduralModel *model,
                                  GdkPixbuf                    *source,
                                  GError                      **error)
{
  g_autoptr(GBytes) texture = NULL;
  g_autoptr(GString) json = NULL;
  g_autofree guint8 *bin = NULL;
  AtelierPalette palette;
  ShapeParams params;
  const char *format;
  gsize n_verts, max_idx, n_idx;
  gsize pos_off, nrm_off = 0, uv_off, idx_off, img_off = 0, bin_len, bin_padded, json_padded;
  gsize tex_len = 0, total;
  float min[3], max[3];
  guint accessor = 0;
  guint8 *glb, *p;

  g_return_val_if_fail (model != NULL, NULL);

  if (model->faces < 12 || model->faces > MAX_FACES)
    {
      g_set_error (error, ATELIER_PROCEDURAL_ERROR, ATELIER_PROCEDURAL_ERROR_INVALID,
                   _("Face count %u is out of range (12 to %u)"), model->faces, MAX_FACES);
      return NULL;
    }
  if (model->texture_size > MAX_TEXTURE)
    {
      g_set_error (error, ATELIER_PROCEDURAL_ERROR, ATELIER_PROCEDURAL_ERROR_INVALID,
                   _("Texture size %u is out of range (0 to %u)"),
                   model->texture_size, MAX_TEXTURE);
      return NULL;
    }

  format = model->texture_format ? model->texture_format : "png";
  if (g_str_equal (format, "jpg"))
    format = "jpeg";
  if (!g_str_equal (format, "png") && !g_str_equal (format, "jpeg") &&
      !g_str_equal (format, "webp"))
    {
      g_set_error (error, ATELIER_PROCEDURAL_ERROR, ATELIER_PROCEDURAL_ERROR_INVALID,
                   _("Unknown texture format “%s” (use png, jpeg or webp)"), format);
      return NULL;
    }

  if (!_atelier_procedural_palette (model->prompt, NULL, &palette, error))
    return NULL;

  if (model->texture_size > 0)
    {
      g_autoptr(GdkPixbuf) pixbuf = NULL;

      if (source != NULL)
        pixbuf = gdk_pixbuf_scale_simple (source, model->texture_size, model->texture_size,
                                          GDK_INTERP_BILINEAR);
      else
        pixbuf = _atelier_procedural_render (model->prompt, &palette, model->texture_size,
                                             model->texture_size, TRUE, FALSE);
      texture = _atelier_procedural_encode (pixbuf, format, 90, error);
      if (texture == NULL)
        return NULL;
      tex_len = g_bytes_get_size (texture);
    }

  shape_params (model->prompt, model->faces, &params);
  n_verts = (gsize) (params.rows + 1) * (params.cols + 1);
  max_idx = (gsize) params.rows * params.cols * 6;

  pos_off = 0;
  if (model->with_normals)
    nrm_off = n_verts * 12;
  uv_off = n_verts * (model->with_normals ? 24 : 12);
  idx_off = uv_off + n_verts * 8;
  bin = g_malloc (idx_off + max_idx * 4);

  build_positions (&params, (float *) (bin + pos_off), (float *) (bin + uv_off), min, max);
  n_idx = build_indices (&params, (guint32 *) (bin + idx_off));
  if (model->with_normals)
    build_normals (&params, (float *) (bin + pos_off), (guint32 *) (bin + idx_off), n_idx,
                   (float *) (bin + nrm_off), n_verts);

  img_off = idx_off + n_idx * 4;
  bin_len = img_off + tex_len;
  bin_padded = (bin_len + 3) & ~(gsize) 3;

  json = g_string_sized_new (2048);
  g_string_append (json,
                   "{\"asset\":{\"version\":\"2.0\",\"generator\":\"Atelier sandbox\"},"
                   "\"scene\":0,\"scenes\":[{\"nodes\":[0]}],"
                   "\"nodes\":[{\"mesh\":0,\"name\":\"Sandbox model\"}],"
                   "\"meshes\":[{\"name\":\"Sandbox model\",\"primitives\":[{\"attributes\":{");
  g_string_append_printf (json, "\"POSITION\":%u", accessor++);
  if (model->with_normals)
    g_string_append_printf (json, ",\"NORMAL\":%u", accessor++);
  g_string_append_printf (json, ",\"TEXCOORD_0\":%u},\"indices\":%u,\"material\":0,\"mode\":4}]}],",
                          accessor, accessor + 1);

  g_string_append (json, "\"materials\":[{\"name\":\"Sandbox material\","
                         "\"pbrMetallicRoughness\":{");
  if (texture != NULL)
    g_string_append (json, "\"baseColorTexture\":{\"index\":0},\"baseColorFactor\":[1,1,1,1],");
  else
    {
      g_string_append (json, "\"baseColorFactor\":[");
      for (int c = 0; c < 3; c++)
        {
          append_float (json, srgb_to_linear (palette.rgba[1][c]));
          g_string_append_c (json, ',');
        }
      g_string_append (json, "1],");
    }
  g_string_append (json, "\"metallicFactor\":0,\"roughnessFactor\":0.6}}],");

  if (texture != NULL)
    {
      if (g_str_equal (format, "webp"))
        g_string_append (json,
                         "\"extensionsUsed\":[\"EXT_texture_webp\"],"
                         "\"extensionsRequired\":[\"EXT_texture_webp\"],"
                         "\"textures\":[{\"sampler\":0,"
                         "\"extensions\":{\"EXT_texture_webp\":{\"source\":0}}}],");
      else
        g_string_append (json, "\"textures\":[{\"sampler\":0,\"source\":0}],");
      g_string_append (json, "\"samplers\":[{\"magFilter\":9729,\"minFilter\":9987,"
                             "\"wrapS\":10497,\"wrapT\":10497}],");
      g_string_append_printf (json, "\"images\":[{\"bufferView\":%u,\"mimeType\":\"%s\"}],",
                              model->with_normals ? 4 : 3, _atelier_procedural_mime_type (format));
    }

  g_string_append_printf (json, "\"buffers\":[{\"byteLength\":%" G_GSIZE_FORMAT "}],", bin_len);

  g_string_append (json, "\"bufferViews\":[");
  append_view (json, pos_off, n_verts * 12, 34962);
  if (model->with_normals)
    append_view (json, nrm_off, n_verts * 12, 34962);
  append_view (json, uv_off, n_verts * 8, 34962);
  append_view (json, idx_off, n_idx * 4, 34963);
  if (texture != NULL)
    append_view (json, img_off, tex_len, 0);
  g_string_truncate (json, json->len - 1);  /* the last comma */
  g_string_append (json, "],");

  g_string_append_printf (json, "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,"
                          "\"count\":%" G_GSIZE_FORMAT ",\"type\":\"VEC3\",\"min\":", n_verts);
  append_vec3 (json, min);
  g_string_append (json, ",\"max\":");
  append_vec3 (json, max);
  g_string_append (json, "},");
  if (model->with_normals)
    g_string_append_printf (json, "{\"bufferView\":1,\"componentType\":5126,"
                            "\"count\":%" G_GSIZE_FORMAT ",\"type\":\"VEC3\"},", n_verts);
  g_string_append_printf (json, "{\"bufferView\":%u,\"componentType\":5126,"
                          "\"count\":%" G_GSIZE_FORMAT ",\"type\":\"VEC2\"},"
                          "{\"bufferView\":%u,\"componentType\":5125,"
                          "\"count\":%" G_GSIZE_FORMAT ",\"type\":\"SCALAR\"}]}",
                          model->with_normals ? 2 : 1, n_verts,
                          model->with_normals ? 3 : 2, n_idx);

  json_padded = (json->len + 3) & ~(gsize) 3;
  total = 12 + 8 + json_padded + 8 + bin_padded;
  if (total > G_MAXUINT32)
    {
      g_set_error_literal (error, ATELIER_PROCEDURAL_ERROR, ATELIER_PROCEDURAL_ERROR_INVALID,
                           _("The model would exceed the 4 GiB GLB limit"));
      return NULL;
    }

  glb = g_malloc (total);
  p = glb;
  put_u32 (p, GLB_MAGIC);
  put_u32 (p + 4, 2);
  put_u32 (p + 8, (guint32) total);
  put_u32 (p + 12, (guint32) json_padded);
  put_u32 (p + 16, GLB_CHUNK_JSON);
  p += 20;
  memcpy (p, json->str, json->len);
  memset (p + json->len, ' ', json_padded - json->len);
  p += json_padded;
  put_u32 (p, (guint32) bin_padded);
  put_u32 (p + 4, GLB_CHUNK_BIN);
  p += 8;
  memcpy (p, bin, img_off);
  if (texture != NULL)
    memcpy (p + img_off, g_bytes_get_data (texture, NULL), tex_len);
  memset (p + bin_len, 0, bin_padded - bin_len);

  return g_bytes_new_take (glb, total);
}
