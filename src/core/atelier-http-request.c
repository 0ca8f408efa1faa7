/* atelier-http-request.c: what to send, and under which rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-http"

#include "config.h"

#include <string.h>

#include "atelier-http-private.h"
#include "atelier-secrets.h"
#include "atelier-sse-parser.h"

AtelierHttpRequest *
atelier_http_request_new (const char *method,
                          const char *url)
{
  AtelierHttpRequest *req;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  req = g_atomic_rc_box_new0 (AtelierHttpRequest);
  req->method = g_strdup (method);
  req->url = g_strdup (url);
  req->headers = g_ptr_array_new_with_free_func (g_free);
  req->retry = g_str_equal (method, "GET") ? ATELIER_RETRY_IDEMPOTENT : ATELIER_RETRY_SUBMIT;
  req->max_bytes = ATELIER_HTTP_JSON_MAX_BYTES;
  /* Tests set a small one rather than stream 64 MiB. */
  req->max_event_bytes = ATELIER_SSE_DEFAULT_MAX_EVENT;
  if (g_getenv ("ATELIER_SSE_MAX_EVENT_BYTES") != NULL)
    {
      guint64 max = g_ascii_strtoull (g_getenv ("ATELIER_SSE_MAX_EVENT_BYTES"), NULL, 10);

      if (max > 0 && max <= G_MAXSIZE)
        req->max_event_bytes = (gsize) max;
    }
  return req;
}

AtelierHttpRequest *
atelier_http_request_ref (AtelierHttpRequest *req)
{
  return g_atomic_rc_box_acquire (req);
}

static void
request_clear (AtelierHttpRequest *req)
{
  g_free (req->method);
  g_free (req->url);
  if (req->token)
    memset (req->token, 0, strlen (req->token));
  g_free (req->token);
  g_free (req->api_base);
  g_ptr_array_unref (req->headers);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req->content_type);
  g_free (req->inline_member);
  g_free (req->inline_name);
}

void
atelier_http_request_unref (AtelierHttpRequest *req)
{
  g_atomic_rc_box_release_full (req, (GDestroyNotify) request_clear);
}

void
atelier_http_request_set_auth (AtelierHttpRequest *req,
                               const char         *token,
                               const char         *api_base)
{
  g_free (req->token);
  g_free (req->api_base);
  /* From here on no message shows it, whoever echoes it. */
  atelier_secrets_register (token);
  req->token = g_strdup (token);
  req->api_base = g_strdup (api_base);
}

void
atelier_http_request_add_header (AtelierHttpRequest *req,
                                 const char         *name,
                                 const char         *value)
{
  g_ptr_array_add (req->headers, g_strdup (name));
  g_ptr_array_add (req->headers, g_strdup (value));
}

void
atelier_http_request_set_json_body (AtelierHttpRequest *req,
                                    JsonNode           *body)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  gsize len = 0;
  char *data;

  json_generator_set_root (gen, body);
  data = json_generator_to_data (gen, &len);
  g_clear_pointer (&req->body, g_bytes_unref);
  req->body = g_bytes_new_take (data, len);
  g_free (req->content_type);
  req->content_type = g_strdup ("application/json");
}

void
atelier_http_request_set_body (AtelierHttpRequest *req,
                               const char         *content_type,
                               GBytes             *body)
{
  g_clear_pointer (&req->body, g_bytes_unref);
  req->body = body != NULL ? g_bytes_ref (body) : NULL;
  g_free (req->content_type);
  req->content_type = g_strdup (content_type);
}

void
atelier_http_request_set_multipart (AtelierHttpRequest *req,
                                    SoupMultipart      *multipart)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  GBytes *body = NULL;

  /* Serialise once, so every retry sends the very same bytes. */
  soup_multipart_to_message (multipart, headers, &body);
  soup_multipart_free (multipart);
  g_clear_pointer (&req->body, g_bytes_unref);
  req->body = body;
  g_free (req->content_type);
  req->content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
}

void
atelier_http_request_set_retry (AtelierHttpRequest *req,
                                AtelierRetryPolicy  policy)
{
  req->retry = policy;
}

void
atelier_http_request_set_max_bytes (AtelierHttpRequest *req,
                                    gsize               max_bytes)
{
  req->max_bytes = max_bytes;
}

void
atelier_http_request_set_sent_func (AtelierHttpRequest *req,
                                    GFunc               func,
                                    gpointer            data)
{
  req->sent_func = func;
  req->sent_data = data;
}

void
atelier_http_request_set_inline_files (AtelierHttpRequest *req,
                                       const char         *member,
                                       guint               max_files,
                                       gsize               max_file_bytes)
{
  g_return_if_fail (member != NULL && strlen (member) <= 64);

  g_free (req->inline_member);
  req->inline_member = g_strdup (member);
  req->inline_max_files = max_files;
  req->inline_max_file_bytes = max_file_bytes;
}

void
atelier_http_request_set_inline_name (AtelierHttpRequest *req,
                                      const char         *name,
                                      guint               first)
{
  g_free (req->inline_name);
  req->inline_name = g_strdup (name);
  req->inline_first = first;
}

void
atelier_http_request_set_max_event_bytes (AtelierHttpRequest *req,
                                          gsize               max_event_bytes)
{
  g_return_if_fail (req != NULL);
  req->max_event_bytes = max_event_bytes > 0 ? max_event_bytes : ATELIER_SSE_DEFAULT_MAX_EVENT;
}
