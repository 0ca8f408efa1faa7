/* atelier-sandbox-body.c: request bodies, capped before and while they arrive
 *
 * libsoup keeps a request body whole by default, however large, and only
 * then calls the handler: a 1.5 GB POST cost 3 GB that glibc never gave
 * back. Here libsoup keeps nothing (accumulate FALSE); each chunk lands in
 * one buffer sized from Content-Length, counted against the request's cap
 * and the sandbox's budget. A body that would break either is answered
 * 413 (or 503 for the budget) as soon as that is known: from the headers
 * when Content-Length says so, else at the chunk that crosses the line.
 * The rest is read and thrown away so the client gets the answer, up to
 * ATELIER_SANDBOX_DRAIN_CAP; past that the sandbox stops reading.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sandbox"

#include "config.h"

#include "atelier-sandbox-private.h"

typedef struct
{
  AtelierSandbox    *sandbox;   /* owned */
  AtelierSandboxCtx *ctx;       /* borrowed: both live as long as the message */
  GByteArray        *data;      /* NULL once taken or refused */
  gsize              cap;
  gsize              charged;   /* counted in sandbox->body_bytes */
  gsize              discarded; /* after a refusal */
  gboolean           refused;
  gboolean           stopped;   /* stopped reading the connection */
} Body;

static void
body_uncharge (Body *body)
{
  g_assert (body->sandbox->body_bytes >= body->charged);
  body->sandbox->body_bytes -= body->charged;
  body->charged = 0;
}

static void
body_free (gpointer data)
{
  Body *body = data;

  body_uncharge (body);
  if (body->data != NULL)
    g_byte_array_unref (body->data);
  g_object_unref (body->sandbox);
  g_free (body);
}

/* Reserves room up to @total bytes of body; FALSE if the budget is out. */
static gboolean
body_charge (Body  *body,
             gsize  total)
{
  AtelierSandbox *self = body->sandbox;

  if (total <= body->charged)
    return TRUE;
  if (total - body->charged > self->body_budget - MIN (self->body_budget, self->body_bytes))
    return FALSE;
  self->body_bytes += total - body->charged;
  body->charged = total;
  return TRUE;
}

gsize
_atelier_sandbox_body_cap (const char *method,
                           const char *path)
{
  /* The endpoints that take images in the body: OpenAI edits (up to 16
   * images, multipart or data: URLs), image3d's image-to-3D and Core3D's
   * uploads. */
  if (g_str_equal (method, "POST") &&
      (g_str_equal (path, "/v1/images/edits") || g_str_equal (path, "/api/generate") ||
       g_str_equal (path, "/v1/uploads")))
    return ATELIER_SANDBOX_IMAGE_BODY_CAP;
  return ATELIER_SANDBOX_BODY_CAP;
}

static void
body_refuse (Body  *body,
             guint  status)
{
  AtelierSandboxCtx *ctx = body->ctx;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (ctx->msg);
  g_autofree char *message = NULL;

  body->refused = TRUE;
  g_clear_pointer (&body->data, g_byte_array_unref);
  body_uncharge (body);

  if (status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE)
    message = g_strdup_printf ("Request body too large: the limit for %s %s is %" G_GSIZE_FORMAT
                               " bytes", ctx->method, ctx->path, body->cap);
  else
    {
      message = g_strdup ("The server is busy receiving other requests; try again shortly");
      soup_message_headers_replace (headers, "Retry-After", "1");
    }
  /* Whatever the client still sends is thrown away: do not read it twice. */
  soup_message_headers_replace (headers, "Connection", "close");
  g_debug ("%s %s refused with %u", ctx->method, ctx->path, status);
  _atelier_sandbox_respond_error (ctx, status, message, NULL,
                                  status == SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE
                                  ? "request_too_large" : NULL);
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              Body              *body)
{
  gsize len = g_bytes_get_size (chunk);

  if (body->refused)
    {
      body->discarded += len;
      if (body->discarded > ATELIER_SANDBOX_DRAIN_CAP && !body->stopped)
        {
          GSocket *socket = soup_server_message_get_socket (msg);

          /* libsoup then reads an end of stream: the answer (already set)
           * goes out, or the connection closes. */
          body->stopped = TRUE;
          if (socket != NULL)
            g_socket_shutdown (socket, TRUE, FALSE, NULL);
        }
      return;
    }

  if (body->data == NULL)
    return;

  if (len > body->cap - body->data->len)
    {
      body->discarded = body->data->len + len;
      body_refuse (body, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
      return;
    }
  if (!body_charge (body, body->data->len + len))
    {
      body->discarded = body->data->len + len;
      body_refuse (body, SOUP_STATUS_SERVICE_UNAVAILABLE);
      return;
    }
  g_byte_array_append (body->data, g_bytes_get_data (chunk, NULL), len);
}

void
_atelier_sandbox_body_begin (AtelierSandboxCtx *ctx,
                             gboolean           discard)
{
  SoupServerMessage *msg = ctx->msg;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  Body *body = g_new0 (Body, 1);
  goffset length = -1;

  body->sandbox = g_object_ref (ctx->sandbox);
  body->ctx = ctx;
  body->cap = _atelier_sandbox_body_cap (ctx->method, ctx->path);
  g_object_set_data_full (G_OBJECT (msg), "atelier-sandbox-body", body, body_free);

  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), body);

  if (discard)
    {
      body->refused = TRUE;
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    length = soup_message_headers_get_content_length (headers);

  if (length > 0 && (guint64) length > body->cap)
    {
      body_refuse (body, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
      return;
    }
  if (length > 0 && !body_charge (body, length))
    {
      body_refuse (body, SOUP_STATUS_SERVICE_UNAVAILABLE);
      return;
    }

  /* One more for the NUL _take() adds. */
  body->data = g_byte_array_sized_new (length > 0 ? (guint) length + 1 : 0);
}

GBytes *
_atelier_sandbox_body_take (AtelierSandboxCtx *ctx)
{
  Body *body = g_object_get_data (G_OBJECT (ctx->msg), "atelier-sandbox-body");

  g_autoptr(GBytes) whole = NULL;
  gsize len;

  /* The charge stays with the message: the bytes live about as long. */
  if (body == NULL || body->data == NULL)
    return g_bytes_new_static ("", 0);

  /* A NUL after the end, outside the bytes handed over, as libsoup's own
   * flattened bodies have: soup_multipart_new_from_message() (3.2) runs
   * strstr() over the body and would read past its end (found by
   * tests/fuzz/fuzz-sandbox.c). */
  len = body->data->len;
  g_byte_array_append (body->data, (const guint8 *) "", 1);
  whole = g_byte_array_free_to_bytes (g_steal_pointer (&body->data));
  return g_bytes_new_from_bytes (whole, 0, len);
}
