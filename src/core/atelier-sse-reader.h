/* atelier-sse-reader.h: server-sent events read from a stream, one at a time
 *
 * Reads libsoup's streamed response body (soup_session_send_async()) as it
 * arrives, never whole: each atelier_sse_reader_next_async() completes with
 * the next event, or with none when the stream ended cleanly (a last event
 * without its blank line still counts). One event is capped (see
 * AtelierSseParser); the caller watches the pace with
 * atelier_sse_reader_get_bytes_read() (AtelierHttp's watchdog does).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "atelier-sse-parser.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_SSE_READER (atelier_sse_reader_get_type ())
G_DECLARE_FINAL_TYPE (AtelierSseReader, atelier_sse_reader, ATELIER, SSE_READER, GObject)

/* @max_event_bytes: 0 for ATELIER_SSE_DEFAULT_MAX_EVENT. */
AtelierSseReader *atelier_sse_reader_new            (GInputStream        *stream,
                                                     gsize                max_event_bytes);
/* One read at a time. */
void              atelier_sse_reader_next_async     (AtelierSseReader    *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* The next event; NULL without @error when the stream ended. Errors: the
 * stream's (G_IO_ERROR), or ATELIER_SSE_ERROR_TOO_LARGE. */
AtelierSseEvent  *atelier_sse_reader_next_finish    (AtelierSseReader    *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
/* Every byte read so far, also in the middle of an event. */
guint64           atelier_sse_reader_get_bytes_read (AtelierSseReader    *self);
/* Bytes of an event (or comment) under way: 0 between events, where a
 * stream may rest while the service works. */
gsize             atelier_sse_reader_get_pending    (AtelierSseReader    *self);

G_END_DECLS
