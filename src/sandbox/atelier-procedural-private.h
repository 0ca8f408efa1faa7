/* atelier-procedural-private.h: helpers shared by the procedural generators
 * and the sandbox dialects (e.g. the OpenAI edits endpoint blends an input
 * image with a rendered one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "atelier-procedural.h"

G_BEGIN_DECLS

#define ATELIER_PALETTE_MAX 6

typedef struct
{
  guint8 rgba[ATELIER_PALETTE_MAX][4];
  guint  n_colors;   /* palette entries in use, >= 3 */
  guint  n_named;    /* leading entries that came from @colors or the prompt */
} AtelierPalette;

guint32    _atelier_procedural_hash    (const char         *text);
gboolean   _atelier_procedural_palette (const char         *prompt,
                                        const char * const *colors,
                                        AtelierPalette     *palette,
                                        GError            **error);
/* An RGBA pixbuf with the rendered motif. */
GdkPixbuf *_atelier_procedural_render  (const char         *prompt,
                                        const AtelierPalette *palette,
                                        guint               width,
                                        guint               height,
                                        gboolean            pattern,
                                        gboolean            transparent);
/* @quality 0..100 (JPEG/WebP; 100 = lossless WebP). */
GBytes    *_atelier_procedural_encode  (GdkPixbuf          *pixbuf,
                                        const char         *format,
                                        guint               quality,
                                        GError            **error);
const char *_atelier_procedural_mime_type (const char *format);
/* atelier_procedural_glb() with @source (if not NULL) scaled into the base
 * colour texture instead of the rendered pattern. */
GBytes    *_atelier_procedural_glb_textured (const AtelierProceduralModel *model,
                                             GdkPixbuf                    *source,
                                             GError                      **error);

G_END_DECLS
