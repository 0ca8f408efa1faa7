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

/* What a JSON answer may weigh unless a request says otherwise; a status
 * or an error is a few hundred bytes. */
#define ATELIER_HTTP_JSON_MAX_BYTES ((gsize) 4 * 1024 * 1024)

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
/* For a JSON answer, the most it may hold (beyond its inline files);
 * default ATELIER_HTTP_JSON_MAX_BYTES. For a download, the file's cap. */
void                atelier_http_request_set_max_bytes  (AtelierHttpRequest *req,
                                                         gsize               max_bytes);
/* An answer that carries files as base64 strings (OpenAI's "b64_json"):
 * each string value of @member is decoded into a file in the spool folder
 * as it arrives, at most @max_files of at most @max_file_bytes each, and
 * never held in memory. The JSON answer holds a placeholder instead, which
 * atelier_http_send_json_finish_files()'s table maps to the file. */
void                atelier_http_request_set_inline_files (AtelierHttpRequest *req,
                                                           const char         *member,
                                                           guint               max_files,
                                                           gsize               max_file_bytes);
/* Names those files "@name-N" (N counting from @first) instead of
 * "inline-<random>-N". */
void                atelier_http_request_set_inline_name  (AtelierHttpRequest *req,
                                                           const char         *name,
                                                           guint               first);
/* For a streamed answer: the most one event may weigh (its base64 file
 * included); default ATELIER_SSE_DEFAULT_MAX_EVENT (64 MiB). */
void                atelier_http_request_set_max_event_bytes (AtelierHttpRequest *req,
                                                              gsize               max_event_bytes);
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
/* No exchange waits forever: an attempt gives up after @deadline_ms in all
 * (downloads: @download_deadline_ms), and once the answer has started, when
 * fewer than @min_rate bytes a second arrived over a window of @window_ms.
 * Either counts as a timeout, retried per the request's policy. Defaults:
 * 10 min, 60 min, 1 KiB/s over 30 s; the environment variables
 * ATELIER_HTTP_DEADLINE_MS, ATELIER_HTTP_MIN_RATE (bytes/s) and
 * ATELIER_HTTP_MIN_RATE_WINDOW (seconds, fractions allowed) set them too. */
void         atelier_http_set_limits          (AtelierHttp        *self,
                                               guint               deadline_ms,
                                               guint               download_deadline_ms,
                                               guint               min_rate,
                                               guint               window_ms);
/* Where inline files are written (atelier_http_request_set_inline_files);
 * default atelier_library_dir(). The engine sets its library folder. */
void         atelier_http_set_spool_dir       (AtelierHttp        *self,
                                               const char         *dir);
/* Where inline files go (a new string). */
char        *atelier_http_get_spool_dir       (AtelierHttp        *self);
/* Number of HTTP requests sent, for benchmarks and tests. */
guint64      atelier_http_get_request_count   (AtelierHttp        *self);
SoupSession *atelier_http_get_session         (AtelierHttp        *self);

/* Sends @req; on 2xx parses the body as JSON (atelier_json_parse(), capped
 * at the request's max bytes; an answer that is no JSON, or nested too
 * deep, is ATELIER_HTTP_ERROR_MALFORMED and retried as a transient
 * failure). Non-2xx becomes an ATELIER_HTTP_ERROR whose message includes
 * the service's own message when the body has one ({error:{message}},
 * {message}, {detail}), cleaned by atelier_scrub_secrets() like every
 * message made here. @status_out may be NULL. */
void         atelier_http_send_json_async     (AtelierHttp        *self,
                                               AtelierHttpRequest *req,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
JsonNode    *atelier_http_send_json_finish    (AtelierHttp        *self,
                                               GAsyncResult       *result,
                                               guint              *status_out,
                                               GError            **error);
/* The same, with the answer's inline files: a new table of placeholder →
 * path (NULL when the request has none). Files still in the table when it
 * is destroyed are deleted: take the ones kept with g_hash_table_steal_extended(). */
JsonNode    *atelier_http_send_json_finish_files (AtelierHttp     *self,
                                               GAsyncResult       *result,
                                               guint              *status_out,
                                               GHashTable        **files,
                                               GError            **error);

/* A streamed answer (text/event-stream), read event by event as it arrives
 * (atelier-sse-reader.h), never whole. For each event, on the main thread:
 * @dest says where the base64 file it may carry goes (the request's inline
 * member, e.g. "b64_json"): a new path without extension, or NULL for the
 * spool folder; then the event's data is read as JSON (the file written as
 * it is read, a placeholder in its place) and handed to @func with the
 * table of placeholder → path (files left in it are deleted). @func
 * returns FALSE with an error to end the exchange with that error.
 * "data: [DONE]" or a clean close ends the stream; whether the events were
 * all there is @func's business. A server that answers plain JSON instead
 * is read as atelier_http_send_json_async() reads it, and
 * atelier_http_send_events_finish() gives that answer. The watchdog's
 * deadline and minimum rate hold over the whole stream; an event over the
 * request's max event bytes is ATELIER_HTTP_ERROR_TOO_LARGE; a stream cut
 * mid-way is a failed attempt, retried per the request's policy. */
typedef char    *(*AtelierHttpEventDestFunc) (const char  *type,
                                              gpointer     user_data);
typedef gboolean (*AtelierHttpEventFunc)     (const char  *type,
                                              JsonNode    *data,
                                              GHashTable  *files,
                                              gpointer     user_data,
                                              GError     **error);

void         atelier_http_send_events_async   (AtelierHttp        *self,
                                               AtelierHttpRequest *req,
                                               AtelierHttpEventDestFunc dest,
                                               AtelierHttpEventFunc func,
                                               gpointer            func_data,
                                               GCancellable       *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer            user_data);
/* TRUE when the stream ended well (@answer NULL), or the service answered
 * plain JSON (@answer, and its inline files in @files, as
 * atelier_http_send_json_finish_files() gives them). */
gboolean     atelier_http_send_events_finish  (AtelierHttp        *self,
                                               GAsyncResult       *result,
                                               JsonNode          **answer,
                                               GHashTable        **files,
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
