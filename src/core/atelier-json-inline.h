/* atelier-json-inline.h: base64 values taken out of a JSON answer as it arrives
 *
 * OpenAI-compatible services answer with the images themselves, as base64
 * strings ("b64_json") in one JSON document: hundreds of megabytes from a
 * server that means harm, tens from one that does not. Held whole, such an
 * answer costs several times its size (the body, json-glib's copy, a data:
 * URI, the history row). This reader is fed the body chunk by chunk: every
 * string value of one member name is decoded on the fly and handed to a
 * sink (which writes it to a file), and what is left, the answer's
 * "skeleton" with a short placeholder in each value's place, stays small
 * and is parsed as usual.
 *
 * It only finds the values; the skeleton is checked in full by
 * atelier_json_parse() afterwards, so nothing malformed gets through.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where decoded values go. Each returns FALSE with @error to stop. */
typedef struct
{
  /* Value number @index (from 0) starts. */
  gboolean (*begin) (gpointer       user_data,
                     guint          index,
                     GError       **error);
  /* Decoded bytes of the current value, in order. */
  gboolean (*write) (gpointer       user_data,
                     const guint8  *data,
                     gsize          len,
                     GError       **error);
  /* The value ended: returns the text (plain ASCII, no quotes or
   * backslashes) the skeleton holds in its place. */
  char    *(*end)   (gpointer       user_data,
                     guint          index,
                     GError       **error);
} AtelierJsonInlineSink;

typedef struct _AtelierJsonInline AtelierJsonInline;

/* Takes out the string values of members named @member (compared as they
 * are written, without unescaping), at most @max_values of them; the rest
 * of the document may be at most @max_skeleton bytes. Errors are in
 * ATELIER_JSON_ERROR (TOO_LARGE, INVALID) or the sink's own. */
AtelierJsonInline *atelier_json_inline_new    (const char                  *member,
                                               gsize                        max_skeleton,
                                               guint                        max_values,
                                               const AtelierJsonInlineSink *sink,
                                               gpointer                     user_data);
void               atelier_json_inline_free   (AtelierJsonInline           *self);
/* Feeds the next @len bytes of the document. After an error, stop. */
gboolean           atelier_json_inline_feed   (AtelierJsonInline           *self,
                                               const char                  *data,
                                               gsize                        len,
                                               GError                     **error);
/* The document ended: the skeleton, or NULL with @error when a value was
 * left open. */
GBytes            *atelier_json_inline_finish (AtelierJsonInline           *self,
                                               GError                     **error);
guint              atelier_json_inline_get_n_values (AtelierJsonInline     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierJsonInline, atelier_json_inline_free)

G_END_DECLS
