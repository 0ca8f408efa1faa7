/* atelier-procedural-color.c: CSS colours and prompt-driven palettes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-procedural"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "atelier-procedural-private.h"

G_DEFINE_QUARK (atelier-procedural-error-quark, atelier_procedural_error)

typedef struct
{
  const char *name;
  guint32     rgb;
} NamedColor;

/* CSS Color Module Level 4 named colours, sorted for bsearch. */
static const NamedColor css_colors[] = {
  { "aliceblue", 0xf0f8ff }, { "antiquewhite", 0xfaebd7 }, { "aqua", 0x00ffff },
  { "aquamarine", 0x7fffd4 }, { "azure", 0xf0ffff }, { "beige", 0xf5f5dc },
  { "bisque", 0xffe4c4 }, { "black", 0x000000 }, { "blanchedalmond", 0xffebcd },
  { "blue", 0x0000ff }, { "blueviolet", 0x8a2be2 }, { "brown", 0xa52a2a },
  { "burlywood", 0xdeb887 }, { "cadetblue", 0x5f9ea0 }, { "chartreuse", 0x7fff00 },
  { "chocolate", 0xd2691e }, { "coral", 0xff7f50 }, { "cornflowerblue", 0x6495ed },
  { "cornsilk", 0xfff8dc }, { "crimson", 0xdc143c }, { "cyan", 0x00ffff },
  { "darkblue", 0x00008b }, { "darkcyan", 0x008b8b }, { "darkgoldenrod", 0xb8860b },
  { "darkgray", 0xa9a9a9 }, { "darkgreen", 0x006400 }, { "darkgrey", 0xa9a9a9 },
  { "darkkhaki", 0xbdb76b }, { "darkmagenta", 0x8b008b }, { "darkolivegreen", 0x556b2f },
  { "darkorange", 0xff8c00 }, { "darkorchid", 0x9932cc }, { "darkred", 0x8b0000 },
  { "darksalmon", 0xe9967a }, { "darkseagreen", 0x8fbc8f }, { "darkslateblue", 0x483d8b },
  { "darkslategray", 0x2f4f4f }, { "darkslategrey", 0x2f4f4f }, { "darkturquoise", 0x00ced1 },
  { "darkviolet", 0x9400d3 }, { "deeppink", 0xff1493 }, { "deepskyblue", 0x00bfff },
  { "dimgray", 0x696969 }, { "dimgrey", 0x696969 }, { "dodgerblue", 0x1e90ff },
  { "firebrick", 0xb22222 }, { "floralwhite", 0xfffaf0 }, { "forestgreen", 0x228b22 },
  { "fuchsia", 0xff00ff }, { "gainsboro", 0xdcdcdc }, { "ghostwhite", 0xf8f8ff },
  { "gold", 0xffd700 }, { "goldenrod", 0xdaa520 }, { "gray", 0x808080 }, { "green", 0x008000 },
  { "greenyellow", 0xadff2f }, { "grey", 0x808080 }, { "honeydew", 0xf0fff0 },
  { "hotpink", 0xff69b4 }, { "indianred", 0xcd5c5c }, { "indigo", 0x4b0082 },
  { "ivory", 0xfffff0 }, { "khaki", 0xf0e68c }, { "lavender", 0xe6e6fa },
  { "lavenderblush", 0xfff0f5 }, { "lawngreen", 0x7cfc00 }, { "lemonchiffon", 0xfffacd },
  { "lightblue", 0xadd8e6 }, { "lightcoral", 0xf08080 }, { "lightcyan", 0xe0ffff },
  { "lightgoldenrodyellow", 0xfafad2 }, { "lightgray", 0xd3d3d3 }, { "lightgreen", 0x90ee90 },
  { "lightgrey", 0xd3d3d3 }, { "lightpink", 0xffb6c1 }, { "lightsalmon", 0xffa07a },
  { "lightseagreen", 0x20b2aa }, { "lightskyblue", 0x87cefa }, { "lightslategray", 0x778899 },
  { "lightslategrey", 0x778899 }, { "lightsteelblue", 0xb0c4de }, { "lightyellow", 0xffffe0 },
  { "lime", 0x00ff00 }, { "limegreen", 0x32cd32 }, { "linen", 0xfaf0e6 },
  { "magenta", 0xff00ff }, { "maroon", 0x800000 }, { "mediumaquamarine", 0x66cdaa },
  { "mediumblue", 0x0000cd }, { "mediumorchid", 0xba55d3 }, { "mediumpurple", 0x9370db },
  { "mediumseagreen", 0x3cb371 }, { "mediumslateblue", 0x7b68ee },
  { "mediumspringgreen", 0x00fa9a }, { "mediumturquoise", 0x48d1cc },
  { "mediumvioletred", 0xc71585 }, { "midnightblue", 0x191970 }, { "mintcream", 0xf5fffa },
  { "mistyrose", 0xffe4e1 }, { "moccasin", 0xffe4b5 }, { "navajowhite", 0xffdead },
  { "navy", 0x000080 }, { "oldlace", 0xfdf5e6 }, { "olive", 0x808000 },
  { "olivedrab", 0x6b8e23 }, { "orange", 0xffa500 }, { "orangered", 0xff4500 },
  { "orchid", 0xda70d6 }, { "palegoldenrod", 0xeee8aa }, { "palegreen", 0x98fb98 },
  { "paleturquoise", 0xafeeee }, { "palevioletred", 0xdb7093 }, { "papayawhip", 0xffefd5 },
  { "peachpuff", 0xffdab9 }, { "peru", 0xcd853f }, { "pink", 0xffc0cb }, { "plum", 0xdda0dd },
  { "powderblue", 0xb0e0e6 }, { "purple", 0x800080 }, { "rebeccapurple", 0x663399 },
  { "red", 0xff0000 }, { "rosybrown", 0xbc8f8f }, { "royalblue", 0x4169e1 },
  { "saddlebrown", 0x8b4513 }, { "salmon", 0xfa8072 }, { "sandybrown", 0xf4a460 },
  { "seagreen", 0x2e8b57 }, { "seashell", 0xfff5ee }, { "sienna", 0xa0522d },
  { "silver", 0xc0c0c0 }, { "skyblue", 0x87ceeb }, { "slateblue", 0x6a5acd },
  { "slategray", 0x708090 }, { "slategrey", 0x708090 }, { "snow", 0xfffafa },
  { "springgreen", 0x00ff7f }, { "steelblue", 0x4682b4 }, { "tan", 0xd2b48c },
  { "teal", 0x008080 }, { "thistle", 0xd8bfd8 }, { "tomato", 0xff6347 },
  { "turquoise", 0x40e0d0 }, { "violet", 0xee82ee }, { "wheat", 0xf5deb3 },
  { "white", 0xffffff }, { "whitesmoke", 0xf5f5f5 }, { "yellow", 0xffff00 },
  { "yellowgreen", 0x9acd32 },
};

static int
compare_named (const void *key,
               const void *item)
{
  return g_ascii_strcasecmp (key, ((const NamedColor *) item)->name);
}

static gboolean
lookup_name (const char *name,
             guint8      rgba[4])
{
  const NamedColor *found;

  if (g_ascii_strcasecmp (name, "transparent") == 0)
    {
      if (rgba != NULL)
        memset (rgba, 0, 4);
      return TRUE;
    }

  found = bsearch (name, css_colors, G_N_ELEMENTS (css_colors), sizeof (NamedColor),
                   compare_named);
  if (found == NULL)
    return FALSE;

  if (rgba != NULL)
    {
      rgba[0] = (found->rgb >> 16) & 0xff;
      rgba[1] = (found->rgb >> 8) & 0xff;
      rgba[2] = found->rgb & 0xff;
      rgba[3] = 0xff;
    }
  return TRUE;
}

gboolean
atelier_procedural_parse_color (const char *spec,
                                guint8      rgba[4])
{
  g_autofree char *text = NULL;
  guint8 out[4] = { 0, 0, 0, 0xff };
  gsize len;

  if (spec == NULL)
    return FALSE;

  text = g_strstrip (g_strdup (spec));
  len = strlen (text);

  if (text[0] != '#')
    return lookup_name (text, rgba);

  for (gsize i = 1; i < len; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;

  switch (len - 1)
    {
    case 3:
    case 4:
      for (gsize i = 0; i < len - 1; i++)
        out[i] = g_ascii_xdigit_value (text[i + 1]) * 17;
      break;
    case 6:
    case 8:
      for (gsize i = 0; i < (len - 1) / 2; i++)
        out[i] = g_ascii_xdigit_value (text[1 + 2 * i]) * 16
                 + g_ascii_xdigit_value (text[2 + 2 * i]);
      break;
    default:
      return FALSE;
    }

  if (rgba != NULL)
    memcpy (rgba, out, 4);
  return TRUE;
}

/* FNV-1a: stable across runs and platforms, unlike g_str_hash's contract. */
guint32
_atelier_procedural_hash (const char *text)
{
  guint32 h = 2166136261u;

  for (const guchar *p = (const guchar *) (text ? text : ""); *p; p++)
    {
      h ^= g_ascii_tolower (*p);
      h *= 16777619u;
    }
  return h;
}

static void
hsl_to_rgb (double  h,
            double  s,
            double  l,
            guint8  rgba[4])
{
  double c = (1.0 - fabs (2.0 * l - 1.0)) * s;
  double hp = fmod (h, 360.0) / 60.0;
  double x = c * (1.0 - fabs (fmod (hp, 2.0) - 1.0));
  double m = l - c / 2.0;
  double r = 0, g = 0, b = 0;

  if (hp < 1) { r = c; g = x; }
  else if (hp < 2) { r = x; g = c; }
  else if (hp < 3) { g = c; b = x; }
  else if (hp < 4) { g = x; b = c; }
  else if (hp < 5) { r = x; b = c; }
  else { r = c; b = x; }

  rgba[0] = (guint8) lround ((r + m) * 255.0);
  rgba[1] = (guint8) lround ((g + m) * 255.0);
  rgba[2] = (guint8) lround ((b + m) * 255.0);
  rgba[3] = 0xff;
}

static void
palette_add (AtelierPalette *palette,
             const guint8    rgba[4])
{
  if (palette->n_colors < ATELIER_PALETTE_MAX)
    memcpy (palette->rgba[palette->n_colors++], rgba, 4);
}

/* Named colours in the prompt, in order: "black and gold" → black, gold.
 * Two-word names such as "light blue" or "navy blue"→"navy" are joined first. */
static void
palette_from_prompt (const char     *prompt,
                     AtelierPalette *palette)
{
  g_auto(GStrv) words = NULL;
  g_autofree char *lower = g_ascii_strdown (prompt ? prompt : "", -1);

  for (char *p = lower; *p; p++)
    if (!g_ascii_isalnum (*p))
      *p = ' ';
  words = g_strsplit (lower, " ", -1);

  for (guint i = 0; words[i] != NULL && palette->n_colors < ATELIER_PALETTE_MAX; i++)
    {
      guint8 rgba[4];

      if (words[i][0] == '\0')
        continue;

      if (words[i + 1] != NULL && words[i + 1][0] != '\0')
        {
          g_autofree char *joined = g_strconcat (words[i], words[i + 1], NULL);

          if (lookup_name (joined, rgba) && rgba[3] != 0)
            {
              palette_add (palette, rgba);
              i++;
              continue;
            }
        }

      if (strlen (words[i]) > 2 && lookup_name (words[i], rgba) && rgba[3] != 0)
        palette_add (palette, rgba);
    }
}

gboolean
_atelier_procedural_palette (const char         *prompt,
                             const char * const *colors,
                             AtelierPalette     *palette,
                             GError            **error)
{
  guint32 h = _atelier_procedural_hash (prompt);

  memset (palette, 0, sizeof *palette);

  if (colors != NULL && colors[0] != NULL)
    {
      for (guint i = 0; colors[i] != NULL; i++)
        {
          guint8 rgba[4];

          if (!atelier_procedural_parse_color (colors[i], rgba))
            {
              g_set_error (error, ATELIER_PROCEDURAL_ERROR, ATELIER_PROCEDURAL_ERROR_INVALID,
                           _("“%s” is not a CSS colour"), colors[i]);
              return FALSE;
            }
          palette_add (palette, rgba);
        }
    }
  else
    palette_from_prompt (prompt, palette);

  palette->n_named = palette->n_colors;

  /* Hashed hues fill the rest so every prompt gets its own look. */
  for (guint i = 0; palette->n_colors < 3; i++)
    {
      guint8 rgba[4];
      guint32 hh = h ^ (0x9e3779b9u * (i + 1));
      double hue = (hh % 360);
      double light = palette->n_colors == 0 ? 0.22 + (hh >> 9) % 20 / 100.0
                                            : 0.50 + (hh >> 9) % 15 / 100.0;

      hsl_to_rgb (hue, 0.55 + (hh >> 17) % 35 / 100.0, light, rgba);
      palette_add (palette, rgba);
    }

  return TRUE;
}
