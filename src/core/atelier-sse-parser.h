/* atelier-sse-parser.h: server-sent events, split out of bytes as they come
 *
 * The text/event-stream format (WHATWG HTML, "server-sent events"): lines
 * end with CRLF, LF or CR; "field: value" lines build an event, a blank line
 * ends it; "data" lines join with "\n", lines starting with ":" are comments,
 * one space after the colon is dropped. No line length limit: an image
 * streamed as base64 is megabytes on one "data:" line. What one event may
 * weigh is capped instead, so a server cannot make it grow without end.
 *
 * Pure and synchronous (no I/O), so it is tested and fuzzed on its own;
 * AtelierSseReader feeds it from a stream.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ATELIER_SSE_ERROR (atelier_sse_error_quark ())

typedef enum
{
  ATELIER_SSE_ERROR_TOO_LARGE = 1,   /* one event over the cap */
} AtelierSseError;

GQuark atelier_sse_error_quark (void) G_GNUC_CONST;

/* What most callers cap one event at: a 4K PNG in base64 is ~35 MB. */
#define ATELIER_SSE_DEFAULT_MAX_EVENT ((gsize) 64 * 1024 * 1024)

typedef struct
{
  char   *type;   /* the "event" field; "message" when the event named none */
  char   *id;     /* the "id" field, or NULL */
  GBytes *data;   /* the "data" lines joined with "\n" (no final "\n") */
} AtelierSseEvent;

void atelier_sse_event_free (AtelierSseEvent *event);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierSseEvent, atelier_sse_event_free)

typedef struct _AtelierSseParser AtelierSseParser;

/* @max_event_bytes bounds one event: its lines (comments included) and its
 * data together. 0: ATELIER_SSE_DEFAULT_MAX_EVENT. */
AtelierSseParser *atelier_sse_parser_new    (gsize              max_event_bytes);
void              atelier_sse_parser_free   (AtelierSseParser  *self);
/* Splits @len more bytes into lines; complete events are queued for
 * atelier_sse_parser_pop(). After an error, stop feeding. */
gboolean          atelier_sse_parser_feed   (AtelierSseParser  *self,
                                             const guint8      *data,
                                             gsize              len,
                                             GError           **error);
/* The stream ended: an event not yet closed by a blank line is queued as if
 * one had come (servers differ in whether they send it). */
void              atelier_sse_parser_finish (AtelierSseParser  *self);
/* The next complete event, or NULL. */
AtelierSseEvent  *atelier_sse_parser_pop    (AtelierSseParser  *self);
/* Bytes buffered for the event being read (for tests and limits). */
gsize             atelier_sse_parser_get_pending (AtelierSseParser *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierSseParser, atelier_sse_parser_free)

G_END_DECLS
