/* atelier-http.h: the one HTTP client every provider goes through
 *
 * One shared SoupSession; JSON in and out; streaming downloads; retries with
 * backoff; and the rule that a bearer token only ever reaches its API host.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "atelier-output.h"

G_BEGIN_DECLS

typedef enum
{
  /* GET-like: retry on 408, 429, 5xx and connection failures. */
  ATELIER_RETRY_IDEMPOTENT,
  /* A paid submission: retry only on 429, or when the connection failed
   * before the request was sent. */
  ATELIER_RETRY_SUBMIT,
  ATELIER_RETRY_NEVER,
} AtelierRetryPolicy;

typedef struct _AtelierHttpRequest AtelierHttpRequest;

AtelierHttpRequest *atelier_http_request_new            (const char         *method,
                                                         const char         *url);
AtelierHttpRequest *atelier_http_request_ref            (AtelierHttpRequest *req);
void                atelier_http_request_unref          (AtelierHttpRequest *req);
/* The token is sent only when the URL's scheme, host and port equal
 * @api_base's, also after redirects. */
void                atelier_http_request_set_auth       (AtelierHttpRequest *req,
                                                         const char         *token,
                                                         const char         *api_base);
/* Extra header, e.g. an API key header for services that use one. */
void                atelier_http_request_add_header     (AtelierHttpRequest *req,
                                                         const char         *name,
                                                         const char         *value);
void                atelier_http_request_set_json_body  (AtelierHttpRequest *req,
                                                         JsonNode           *body);
/* Any other body, e.g. application/x-www-form-urlencoded. */
void                atelier_http_request_set_body       (AtelierHttpRequest *req,
                                                         const char         *content_type,
                                                         GBytes             *body);
void                atelier_http_request_set_multipart  (AtelierHttpRequest *req,
                                                         SoupMultipart      *multipart);
void                atelier_http_request_set_retry      (AtelierHttpRequest *req,
                                                         AtelierRetryPolicy  policy);
void                atelier_http_request_set_max_bytes  (AtelierHttpRequest *req,
                                                         gsize               max_bytes);
/* Called once the request body has gone out (a submission is now paid for). */
void                atelier_http_request_set_sent_func  (AtelierHttpRequest *req,
                                                         GFunc               func,
                                                         gpointer            data);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierHttpRequest, atelier_http_request_unref)

#define ATELIER_TYPE_HTTP (atelier_http_get_type ())
G_DECLARE_FINAL_TYPE (AtelierHttp, atelier_http, ATELIER, HTTP, GObject)

AtelierHttp *atelier_http_new                 (void);
/* Test and scripting knobs: base backoff (default 500 ms), cap (8000 ms),
 * Retry-After cap (60 s), attempts (default 3 for GET, 2 for POST on 429). */
void         atelier_http_set_backoff         (AtelierHttp        *self,
                                               guint               base_ms,
                                               guint               cap_ms,
                                               guint               retry_after_cap_ms);
void         atelier_http_set_max_attempts    (AtelierHttp        *self,
                                               guint               attempts);
/* Number of HTTP requests sent, for benchmarks and tests. */
guint64      atelier_http_get_request_count   (AtelierHttp        *self);
SoupSession *atelier_http_get_session         (AtelierHttp        *self);

/* Sends @req; on 2xx parses the body as JSON. Non-2xx becomes an
 * ATELIER_HTTP_ERROR whose message includes the service's own message when
 * the body has one ({error:{message}}, {message}, {detail}). @status_out may
 * be NULL. */
void         atelier_http_send_json_async     (AtelierHttp        *self,
                                               AtelierHttpRequest *req,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
JsonNode    *atelier_http_send_json_finish    (AtelierHttp        *self,
                                               GAsyncResult       *result,
                                               guint              *status_out,
                                               GError            **error);

typedef void (*AtelierHttpProgressFunc) (goffset  received,
                                         goffset  total, /* -1 unknown */
                                         gpointer user_data);

/* Streams the body of a GET through an AtelierOutput for @dest_base (part
 * file, magic bytes, the request's size cap, durable rename). Returns the
 * final path "@dest_base.<ext>". Retries as IDEMPOTENT. */
void         atelier_http_download_async      (AtelierHttp        *self,
                                               AtelierHttpRequest *req,
                                               const char         *dest_base,
                                               AtelierHttpProgressFunc progress,
                                               gpointer            progress_data,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
char        *atelier_http_download_finish     (AtelierHttp        *self,
                                               GAsyncResult       *result,
                                               GError            **error);

G_END_DECLS
