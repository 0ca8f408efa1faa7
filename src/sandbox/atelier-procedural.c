/* atelier-procedural.c: deterministic images whose look follows a prompt
 *
 * A pattern is a grid of motifs whose cell count divides the image exactly,
 * so the image tiles without a seam; a graphic is one motif in the centre.
 * Shapes are signed distance functions, which gives cheap antialiasing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-procedural"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <webp/encode.h>
#include <webp/types.h>

#include "atelier-procedural-private.h"

#define MAX_EDGE 8192

typedef enum
{
  MOTIF_DOTS,
  MOTIF_STAR,
  MOTIF_DIAMOND,
  MOTIF_WAVES,
  MOTIF_RINGS,
  N_MOTIFS
} Motif;

typedef struct
{
  Motif  motif;
  guint  petals;
  double amplitude;
  double phase;
} Shape;

/* Signed distance (in cell units, the cell spanning -0.5..0.5) to the motif;
 * @u is the global horizontal coordinate so waves continue across cells. */
static inline double
shape_distance (const Shape *shape,
                double       fx,
                double       fy,
                double       r,
                double       u)
{
  switch (shape->motif)
    {
    case MOTIF_DOTS:
      return r - 0.30;

    case MOTIF_STAR:
      {
        double theta = atan2 (fy, fx);
        double radius = 0.30 * (1.0 + shape->amplitude *
                                cos (shape->petals * theta + shape->phase));

        /* Scaled so the antialiasing band stays about one pixel wide. */
        return (r - radius) * 0.8;
      }

    case MOTIF_DIAMOND:
      return (fabs (fx) + fabs (fy) - 0.36) * 0.7071;

    case MOTIF_WAVES:
      return fabs (fy - 0.15 * sin (2.0 * G_PI * u + shape->phase)) - 0.12;

    case MOTIF_RINGS:
    case N_MOTIFS:
    default:
      return MAX (fabs (r - 0.28) - 0.08, -(r - 0.08));
    }
}

static inline void
blend (guint8       *px,
       const guint8  rgba[4],
       double        coverage)
{
  double src_a, dst_a, out_a;

  /* Most pixels are wholly outside or inside a shape. */
  if (coverage <= 0.0 || rgba[3] == 0)
    return;
  if (coverage >= 1.0 && rgba[3] == 255)
    {
      memcpy (px, rgba, 4);
      return;
    }

  src_a = coverage * rgba[3] / 255.0;
  dst_a = px[3] / 255.0;
  out_a = src_a + dst_a * (1.0 - src_a);

  for (guint c = 0; c < 3; c++)
    px[c] = (guint8) lround ((rgba[c] * src_a + px[c] * dst_a * (1.0 - src_a)) / out_a);
  px[3] = (guint8) lround (out_a * 255.0);
}

static inline double
coverage (double distance,
          double pixels_per_unit)
{
  return CLAMP (0.5 - distance * pixels_per_unit, 0.0, 1.0);
}

GdkPixbuf *
_atelier_procedural_render (const char           *prompt,
                            const AtelierPalette *palette,
                            guint                 width,
                            guint                 height,
                            gboolean              pattern,
                            gboolean              transparent)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  guint32 h = _atelier_procedural_hash (prompt);
  Shape shape;
  guint8 background[4];
  const guint8 *motifs[ATELIER_PALETTE_MAX];
  const guint8 *accent;
  guint n_motif;
  guint cells_x, cells_y;
  double ppu;
  guint8 *pixels;
  int stride;

  pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  pixels = gdk_pixbuf_get_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);

  shape.motif = (h >> 3) % N_MOTIFS;
  shape.petals = 3 + (h >> 7) % 6;
  shape.amplitude = 0.12 + ((h >> 11) % 24) / 100.0;
  shape.phase = ((h >> 16) % 628) / 100.0;
  if (!pattern && shape.motif == MOTIF_WAVES)
    shape.motif = MOTIF_STAR;

  /* Colour roles. Two or more named colours: the first is the background,
   * the others take turns in the motif ("black and gold" → gold on black).
   * One named colour is the motif, on a pale or dark tint of itself. A
   * transparent image puts every named colour in the motif. Hashed colours
   * fill in, the first of them as a small accent so named colours dominate. */
  n_motif = 0;
  if (transparent && palette->n_named > 0)
    {
      for (guint i = 0; i < palette->n_named; i++)
        motifs[n_motif++] = palette->rgba[i];
    }
  else if (palette->n_named >= 2)
    {
      for (guint i = 1; i < palette->n_named; i++)
        motifs[n_motif++] = palette->rgba[i];
    }
  else
    motifs[n_motif++] = palette->rgba[palette->n_named == 1 ? 0 : 1];

  if (palette->n_named == 1)
    {
      const guint8 *named = palette->rgba[0];
      gboolean light = named[0] * 299 + named[1] * 587 + named[2] * 114 > 128 * 1000;

      for (guint c = 0; c < 3; c++)
        background[c] = light ? named[c] / 5 : named[c] + (255 - named[c]) * 4 / 5;
      background[3] = 255;
    }
  else
    memcpy (background, palette->rgba[0], 4);
  if (transparent)
    background[3] = 0;

  if (palette->n_named == 0)
    accent = palette->rgba[2];
  else
    accent = palette->rgba[palette->n_colors > palette->n_named ? palette->n_named
                                                                : palette->n_colors - 1];

  if (pattern)
    {
      cells_x = 3 + (h >> 21) % 4;
      ppu = (double) width / cells_x;
      cells_y = MAX (1, (guint) lround (height / ppu));
    }
  else
    {
      cells_x = cells_y = 1;
      ppu = MIN (width, height);
    }

  for (guint y = 0; y < height; y++)
    {
      guint8 *row = pixels + (gsize) y * stride;
      double v, fy;
      guint cj;

      if (pattern)
        {
          v = (y + 0.5) * cells_y / height;
          cj = (guint) v;
          fy = (v - cj - 0.5) * (ppu * cells_y / height);
        }
      else
        {
          cj = 0;
          fy = (y + 0.5 - height / 2.0) / ppu;
        }

      for (guint x = 0; x < width; x++)
        {
          guint8 *px = row + x * 4;
          double u, fx, r, d, dot;
          guint ci;

          if (pattern)
            {
              u = (x + 0.5) * cells_x / width;
              ci = (guint) u;
              fx = u - ci - 0.5;
            }
          else
            {
              ci = 0;
              fx = (x + 0.5 - width / 2.0) / ppu;
              u = fx;
            }

          memcpy (px, background, 4);

          r = sqrt (fx * fx + fy * fy);
          d = shape_distance (&shape, fx, fy, r, u);
          /* Waves keep one colour along their length. */
          blend (px, motifs[(shape.motif == MOTIF_WAVES ? cj : ci + cj) % n_motif],
                 coverage (d, ppu));

          dot = r - 0.05;
          blend (px, accent, coverage (dot, ppu));
        }
    }

  return g_steal_pointer (&pixbuf);
}

const char *
_atelier_procedural_mime_type (const char *format)
{
  if (g_strcmp0 (format, "jpeg") == 0 || g_strcmp0 (format, "jpg") == 0)
    return "image/jpeg";
  if (g_strcmp0 (format, "webp") == 0)
    return "image/webp";
  return "image/png";
}

static GBytes *
encode_webp (GdkPixbuf *pixbuf,
             guint      quality,
             GError   **error)
{
  guint8 *out = NULL;
  size_t len;
  GBytes *bytes;
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  int w = gdk_pixbuf_get_width (pixbuf);
  int h = gdk_pixbuf_get_height (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  if (gdk_pixbuf_get_has_alpha (pixbuf))
    len = quality >= 100 ? WebPEncodeLosslessRGBA (pixels, w, h, stride, &out)
                         : WebPEncodeRGBA (pixels, w, h, stride, quality, &out);
  else
    len = quality >= 100 ? WebPEncodeLosslessRGB (pixels, w, h, stride, &out)
                         : WebPEncodeRGB (pixels, w, h, stride, quality, &out);

  if (len == 0)
    {
      g_set_error_literal (error, ATELIER_PROCEDURAL_ERROR, ATELIER_PROCEDURAL_ERROR_ENCODE,
                           _("Could not encode the WebP image"));
      return NULL;
    }

  bytes = g_bytes_new (out, len);
  WebPFree (out);
  return bytes;
}

/* JPEG has no alpha: flatten onto white, as image editors do. */
static GdkPixbuf *
flatten (GdkPixbuf *pixbuf)
{
  int w = gdk_pixbuf_get_width (pixbuf);
  int h = gdk_pixbuf_get_height (pixbuf);
  GdkPixbuf *rgb = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  guint8 *dst = gdk_pixbuf_get_pixels (rgb);
  int src_stride = gdk_pixbuf_get_rowstride (pixbuf);
  int dst_stride = gdk_pixbuf_get_rowstride (rgb);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *s = src + (gsize) y * src_stride + x * channels;
        guint8 *d = dst + (gsize) y * dst_stride + x * 3;
        guint a = channels == 4 ? s[3] : 255;

        for (int c = 0; c < 3; c++)
          d[c] = (s[c] * a + 255 * (255 - a)) / 255;
      }

  return rgb;
}

GBytes *
_atelier_procedural_encode (GdkPixbuf  *pixbuf,
                            const char *format,
                            guint       quality,
                            GError    **error)
{
  g_autofree char *buffer = NULL;
  gsize len = 0;
  gboolean ok;

  if (g_strcmp0 (format, "webp") == 0)
    return encode_webp (pixbuf, MIN (quality, 100), error);

  if (g_strcmp0 (format, "jpeg") == 0 || g_strcmp0 (format, "jpg") == 0)
    {
      g_autoptr(GdkPixbuf) rgb = flatten (pixbuf);
      char q[8];

      g_snprintf (q, sizeof q, "%u", CLAMP (quality, 1, 100));
      ok = gdk_pixbuf_save_to_buffer (rgb, &buffer, &len, "jpeg", error, "quality", q, NULL);
    }
  else
    {
      /* Level 4 is much faster than the default on large textures and barely larger. */
      ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "png", error,
                                      "compression", "4", NULL);
    }

  if (!ok)
    return NULL;

  return g_bytes_new_take (g_steal_pointer (&buffer), len);
}

static gboolean
check_format (const char  *format,
              GError     **error)
{
  if (format == NULL || g_str_equal (format, "png") || g_str_equal (format, "jpeg") ||
      g_str_equal (format, "jpg") || g_str_equal (format, "webp"))
    return TRUE;

  g_set_error (error, ATELIER_PROCEDURAL_ERROR, ATELIER_PROCEDURAL_ERROR_INVALID,
               _("Unknown image format “%s” (use png, jpeg or webp)"), format);
  return FALSE;
}

GBytes *
atelier_procedural_image (const char         *prompt,
                          const char * const *colors,
                          guint               width,
                          guint               height,
                          const char         *style,
                          const char         *format,
                          gboolean            transparent,
                          GError            **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  AtelierPalette palette;
  gboolean pattern;

  if (width == 0 || height == 0 || width > MAX_EDGE || height > MAX_EDGE)
    {
      g_set_error (error, ATELIER_PROCEDURAL_ERROR, ATELIER_PROCEDURAL_ERROR_INVALID,
                   _("Image size %u×%u is out of range (1 to %u pixels per edge)"),
                   width, height, MAX_EDGE);
      return NULL;
    }

  if (style != NULL && !g_str_equal (style, "graphic") && !g_str_equal (style, "pattern"))
    {
      g_set_error (error, ATELIER_PROCEDURAL_ERROR, ATELIER_PROCEDURAL_ERROR_INVALID,
                   _("Unknown image style “%s” (use graphic or pattern)"), style);
      return NULL;
    }
  pattern = g_strcmp0 (style, "pattern") == 0;

  if (!check_format (format, error))
    return NULL;

  if (!_atelier_procedural_palette (prompt, colors, &palette, error))
    return NULL;

  pixbuf = _atelier_procedural_render (prompt, &palette, width, height, pattern, transparent);
  return _atelier_procedural_encode (pixbuf, format ? format : "png", 90, error);
}
