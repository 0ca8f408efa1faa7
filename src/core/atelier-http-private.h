/* atelier-http-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-http.h"

G_BEGIN_DECLS

struct _AtelierHttpRequest
{
  char              *method;
  char              *url;
  char              *token;
  char              *api_base;
  GPtrArray         *headers;      /* name, value, name, value… */
  GBytes            *body;
  char              *content_type;
  AtelierRetryPolicy retry;
  gsize              max_bytes;
  GFunc              sent_func;
  gpointer           sent_data;
  /* base64 values decoded into files as they arrive (atelier-http-inline.c) */
  char              *inline_member;
  guint              inline_max_files;
  gsize              inline_max_file_bytes;
  char              *inline_name;
  guint              inline_first;
  /* a streamed answer (atelier_http_send_events_async) */
  gsize              max_event_bytes;
};

/* The files of one answer, read as it arrives; every call but new() runs in
 * a worker thread, one at a time. */
typedef struct _AtelierHttpInline AtelierHttpInline;

AtelierHttpInline *atelier_http_inline_new         (AtelierHttpRequest  *req,
                                                    const char          *spool_dir);
/* The same for one event of a stream: its file goes to "@dest_base.<ext>"
 * (a second one to "@dest_base-2.<ext>"…). */
AtelierHttpInline *atelier_http_inline_new_at      (AtelierHttpRequest  *req,
                                                    const char          *dest_base);
void               atelier_http_inline_free        (AtelierHttpInline   *self);
/* Errors are ATELIER_HTTP_ERROR, ready to show. */
gboolean           atelier_http_inline_feed        (AtelierHttpInline   *self,
                                                    GBytes              *bytes,
                                                    GError             **error);
JsonNode          *atelier_http_inline_finish      (AtelierHttpInline   *self,
                                                    GError             **error);
/* Placeholder → path; files left in the table when it is freed are deleted. */
GHashTable        *atelier_http_inline_steal_files (AtelierHttpInline   *self);

/* An ATELIER_JSON_ERROR from a service's answer as the HTTP error callers
 * act on (MALFORMED: retried; TOO_LARGE: not), taking @json_error. */
GError            *atelier_http_json_error         (GError              *json_error);
/* The message a service put in an error body ({error:{message}},
 * {message}, {detail}…), not yet cleaned of secrets; NULL when none. */
char              *atelier_http_service_message    (const char          *data,
                                                    gsize                len);

G_END_DECLS
