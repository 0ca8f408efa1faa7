/* atelier-procedural.h: content the sandbox makes, also used for test fixtures
 *
 * Deterministic: the same arguments give the same bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ATELIER_PROCEDURAL_ERROR (atelier_procedural_error_quark ())

typedef enum
{
  ATELIER_PROCEDURAL_ERROR_INVALID = 1,  /* a bad colour, size, style or format */
  ATELIER_PROCEDURAL_ERROR_ENCODE,       /* the image encoder failed */
} AtelierProceduralError;

GQuark  atelier_procedural_error_quark (void) G_GNUC_CONST;

/* An image whose palette and pattern follow the prompt and @colors (CSS
 * colour names or #rrggbb; NULL = derived from the prompt). @style is
 * "graphic" (a centred motif) or "pattern" (a seamless tile). @format is
 * "png", "jpeg" or "webp". @width and @height are rendered as given
 * (1..8192): callers that serve images cap them themselves. */
GBytes *atelier_procedural_image (const char         *prompt,
                                  const char * const *colors,
                                  guint               width,
                                  guint               height,
                                  const char         *style,
                                  const char         *format,
                                  gboolean            transparent,
                                  GError            **error);

typedef struct
{
  const char *prompt;        /* the shape and colours depend on it */
  guint       faces;         /* approximate triangle count, >= 12 */
  gboolean    with_normals;  /* FALSE: omit NORMAL, as real services often do */
  guint       texture_size;  /* base colour texture edge in px, 0 = none */
  const char *texture_format;/* "png" (default), "jpeg" or "webp" */
} AtelierProceduralModel;

/* A GLB: one mesh with POSITION, NORMAL (optional), TEXCOORD_0, uint32
 * indices, and a metallic-roughness material with a base colour texture. */
GBytes *atelier_procedural_glb   (const AtelierProceduralModel *model,
                                  GError                      **error);

/* Parses a CSS colour: a name ("gold", "rebeccapurple"), #rgb, #rgba,
 * #rrggbb or #rrggbbaa. @rgba may be NULL to only check the syntax. */
gboolean atelier_procedural_parse_color (const char *spec,
                                         guint8      rgba[4]);

G_END_DECLS
