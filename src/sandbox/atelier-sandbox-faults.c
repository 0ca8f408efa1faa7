/* atelier-sandbox-faults.c: failures on request, and routing to the dialects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sandbox"

#include "config.h"

#include <math.h>
#include <string.h>

#include "atelier-sandbox-private.h"

/* Far beyond any download cap, and never allocated: streamed in chunks
 * until the client gives up. */
#define OVERSIZE_BYTES (G_GUINT64_CONSTANT (2) << 30)
#define OVERSIZE_CHUNK (64 * 1024)

static const struct
{
  const char             *name;
  AtelierSandboxFaultKind kind;
} fault_names[] = {
  { "status", ATELIER_SANDBOX_FAULT_STATUS },
  { "drop", ATELIER_SANDBOX_FAULT_DROP },
  { "truncated-json", ATELIER_SANDBOX_FAULT_TRUNCATED_JSON },
  { "wrong-type-json", ATELIER_SANDBOX_FAULT_WRONG_TYPE_JSON },
  { "slow", ATELIER_SANDBOX_FAULT_SLOW },
  { "expired", ATELIER_SANDBOX_FAULT_EXPIRED },
  { "oversize", ATELIER_SANDBOX_FAULT_OVERSIZE },
  { "redirect-other-host", ATELIER_SANDBOX_FAULT_REDIRECT_OTHER_HOST },
  { "stream-cut", ATELIER_SANDBOX_FAULT_STREAM_CUT },
  { "stream-error", ATELIER_SANDBOX_FAULT_STREAM_ERROR },
  { "stream-no-completed", ATELIER_SANDBOX_FAULT_STREAM_NO_COMPLETED },
  { "stream-huge", ATELIER_SANDBOX_FAULT_STREAM_HUGE },
  { "stream-done", ATELIER_SANDBOX_FAULT_STREAM_DONE },
  { "stream-final-first", ATELIER_SANDBOX_FAULT_STREAM_FINAL_FIRST },
};

/* Within [min, max] whatever the JSON says: json_node_get_int() of a huge
 * double would be undefined behaviour. */
static gint64
get_int (JsonObject *object,
         const char *member,
         gint64      fallback,
         gint64      min,
         gint64      max)
{
  JsonNode *node = json_object_get_member (object, member);
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return CLAMP (json_node_get_int (node), min, max);
  if (json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return fallback;
  value = json_node_get_double (node);
  if (isnan (value))
    return fallback;
  return (gint64) CLAMP (value, (double) min, (double) max);
}

gboolean
_atelier_sandbox_parse_fault (JsonObject          *object,
                              char               **match,
                              AtelierSandboxFault *fault,
                              guint               *times,
                              GError             **error)
{
  const char *kind = NULL;
  JsonNode *node;

  memset (fault, 0, sizeof *fault);

  node = json_object_get_member (object, "match");
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "“match” must be a string like \"POST /v1/images/generations\"");
      return FALSE;
    }
  *match = g_strdup (json_node_get_string (node));

  node = json_object_get_member (object, "kind");
  if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
    kind = json_node_get_string (node);

  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (fault_names); i++)
    if (g_str_equal (kind, fault_names[i].name))
      fault->kind = fault_names[i].kind;

  if (fault->kind == ATELIER_SANDBOX_FAULT_NONE)
    {
      g_clear_pointer (match, g_free);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "Unknown fault kind “%s”", kind ? kind : "(none)");
      return FALSE;
    }

  fault->status = get_int (object, "status", 500, 100, 599);
  fault->retry_after_s = get_int (object, "retry_after", 0, 0, 3600);
  fault->retry_after_ms = get_int (object, "retry_after_ms", 0, 0, 3600 * 1000);
  fault->delay_ms = get_int (object, "delay_ms", 1000, 0, 600000);
  *times = get_int (object, "times", 1, 1, G_MAXINT);
  return TRUE;
}

void
_atelier_sandbox_route (AtelierSandboxCtx *ctx)
{
  gboolean handled = FALSE;

  if (g_str_has_prefix (ctx->path, "/cdn/") || g_str_has_prefix (ctx->path, "/presigned/"))
    {
      ctx->dialect = ATELIER_SANDBOX_DIALECT_CDN;
      _atelier_sandbox_cdn_serve (ctx);
      return;
    }

  ctx->dialect = _atelier_sandbox_dialect_for_path (ctx->path);
  /* OpenAI and Core3D share /v1 here, and both list /v1/models: Core3D's
   * clients ask for a sort order, OpenAI's never do. */
  if (ctx->dialect == ATELIER_SANDBOX_DIALECT_OPENAI && g_str_equal (ctx->path, "/v1/models") &&
      ctx->query != NULL && g_hash_table_contains (ctx->query, "sort"))
    ctx->dialect = ATELIER_SANDBOX_DIALECT_CORE3D;
  switch (ctx->dialect)
    {
    case ATELIER_SANDBOX_DIALECT_OPENAI:
      handled = _atelier_sandbox_openai_route (ctx);
      break;
    case ATELIER_SANDBOX_DIALECT_CORE3D:
      handled = _atelier_sandbox_core3d_route (ctx);
      break;
    case ATELIER_SANDBOX_DIALECT_IMAGE3D:
      handled = _atelier_sandbox_image3d_route (ctx);
      break;
    case ATELIER_SANDBOX_DIALECT_STYLEDNA:
      handled = _atelier_sandbox_styledna_route (ctx);
      break;
    case ATELIER_SANDBOX_DIALECT_CDN:
    case ATELIER_SANDBOX_DIALECT_CONTROL:
    default:
      break;
    }

  if (!handled)
    {
      g_autofree char *message = g_strdup_printf ("No route for %s %s", ctx->method, ctx->path);

      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_NOT_FOUND, message, NULL, NULL);
    }
}

static const char *
status_message (guint status)
{
  switch (status)
    {
    case 401: return "Invalid or expired token";
    case 402: return "Insufficient credits";
    case 422: return "Your request was rejected by the safety system";
    case 429: return "Rate limit reached, please retry later";
    case 500: return "The server had an error while processing your request";
    case 503: return "The service is temporarily unavailable";
    default:  return soup_status_get_phrase (status);
    }
}

static const char *
status_code (AtelierSandboxCtx *ctx,
             guint              status)
{
  if (ctx->dialect != ATELIER_SANDBOX_DIALECT_OPENAI)
    return NULL;
  switch (status)
    {
    case 401: return "invalid_api_key";
    case 422: return "moderation_blocked";
    case 429: return "rate_limit_exceeded";
    default:  return NULL;
    }
}

/* Takes the socket from libsoup and writes half an answer before closing it,
 * as a server that crashed mid-body would. */
static void
drop_connection (AtelierSandboxCtx *ctx)
{
  g_autoptr(GIOStream) stream = NULL;
  const char *head;

  if (ctx->dialect == ATELIER_SANDBOX_DIALECT_CDN)
    head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
           "Content-Length: 65536\r\nConnection: close\r\n\r\n\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  else
    head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
           "Content-Length: 4096\r\nConnection: close\r\n\r\n"
           "{\"id\":\"sandbox\",\"status\":\"ok\",\"data\":[{\"b64_json\":\"iVBORw0KGgo";

  if (ctx->record != NULL)
    ctx->record->status = SOUP_STATUS_OK;

  stream = soup_server_message_steal_connection (ctx->msg);
  ctx->finished = TRUE;
  if (stream == NULL)
    return;
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), head, strlen (head),
                             NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static const char filler_prefix[] = "{\"data\":\"";
static char filler[OVERSIZE_CHUNK];

static void
oversize_wrote_chunk_cb (SoupServerMessage *msg,
                         gpointer           user_data)
{
  guint64 *sent = g_object_get_data (G_OBJECT (msg), "atelier-sandbox-sent");
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  guint64 left = OVERSIZE_BYTES - *sent;

  if (left == 0)
    {
      soup_message_body_complete (body);
      return;
    }

  left = MIN (left, OVERSIZE_CHUNK);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, filler, left);
  *sent += left;
}

static void
oversize (AtelierSandboxCtx *ctx)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (ctx->msg);
  SoupMessageBody *body = soup_server_message_get_response_body (ctx->msg);
  guint64 *sent = g_new0 (guint64, 1);

  if (filler[0] == '\0')
    memset (filler, 'A', sizeof filler);

  soup_server_message_set_status (ctx->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CONTENT_LENGTH);
  soup_message_headers_set_content_length (headers, OVERSIZE_BYTES);
  soup_message_headers_set_content_type (headers,
                                         ctx->dialect == ATELIER_SANDBOX_DIALECT_CDN
                                         ? "application/octet-stream" : "application/json",
                                         NULL);
  soup_message_body_set_accumulate (body, FALSE);

  *sent = strlen (filler_prefix);
  soup_message_body_append (body, SOUP_MEMORY_STATIC, filler_prefix, *sent);
  g_object_set_data_full (G_OBJECT (ctx->msg), "atelier-sandbox-sent", sent, g_free);
  g_signal_connect (ctx->msg, "wrote-chunk", G_CALLBACK (oversize_wrote_chunk_cb), NULL);
}

static void
redirect_other_host (AtelierSandboxCtx *ctx)
{
  GUri *uri = soup_server_message_get_uri (ctx->msg);
  const char *query = g_uri_get_query (uri);
  guint other = ctx->cdn ? ctx->sandbox->port : ctx->sandbox->cdn_port;
  g_autofree char *location = g_strdup_printf ("http://127.0.0.1:%u%s%s%s", other, ctx->path,
                                               query ? "?" : "", query ? query : "");

  soup_server_message_set_redirect (ctx->msg, SOUP_STATUS_FOUND, location);
}

static gboolean
slow_cb (gpointer user_data)
{
  AtelierSandboxCtx *ctx = user_data;

  if (!ctx->finished)
    _atelier_sandbox_route (ctx);
  return G_SOURCE_REMOVE;
}

gboolean
_atelier_sandbox_apply_fault (AtelierSandboxCtx *ctx)
{
  AtelierSandboxFault fault;
  SoupMessageHeaders *headers;

  if (!_atelier_sandbox_take_fault (ctx->sandbox, ctx->method, ctx->path, &fault))
    return FALSE;

  g_debug ("Fault %d on %s %s", fault.kind, ctx->method, ctx->path);
  headers = soup_server_message_get_response_headers (ctx->msg);

  switch (fault.kind)
    {
    case ATELIER_SANDBOX_FAULT_STATUS:
      if (fault.retry_after_s > 0 || fault.retry_after_ms > 0)
        {
          guint seconds = fault.retry_after_s > 0 ? fault.retry_after_s
                                                  : (fault.retry_after_ms + 999) / 1000;
          g_autofree char *value = g_strdup_printf ("%u", seconds);

          soup_message_headers_replace (headers, "Retry-After", value);
        }
      if (fault.retry_after_ms > 0)
        {
          g_autofree char *value = g_strdup_printf ("%u", fault.retry_after_ms);

          soup_message_headers_replace (headers, "retry-after-ms", value);
        }
      _atelier_sandbox_respond_error (ctx, fault.status, status_message (fault.status), NULL,
                                      status_code (ctx, fault.status));
      return TRUE;

    case ATELIER_SANDBOX_FAULT_DROP:
      drop_connection (ctx);
      return TRUE;

    case ATELIER_SANDBOX_FAULT_TRUNCATED_JSON:
      {
        static const char truncated[] = "{\"id\":\"sandbox-truncated\",\"status\":\"runn";
        g_autoptr(GBytes) bytes = g_bytes_new_static (truncated, strlen (truncated));

        _atelier_sandbox_respond (ctx, SOUP_STATUS_OK, "application/json", bytes);
        return TRUE;
      }

    case ATELIER_SANDBOX_FAULT_WRONG_TYPE_JSON:
      {
        /* Valid JSON where every field a client reads has the wrong type. */
        static const char wrong[] =
          "{\"id\":42,\"uri\":false,\"task_id\":[],\"status\":7,\"progress\":\"half\","
          "\"data\":\"not-an-array\",\"result\":\"none\",\"results\":{\"url\":1},"
          "\"model_url\":123,\"url\":null,\"balance\":\"lots\",\"created\":\"yesterday\"}";
        g_autoptr(GBytes) bytes = g_bytes_new_static (wrong, strlen (wrong));

        _atelier_sandbox_respond (ctx, SOUP_STATUS_OK, "application/json", bytes);
        return TRUE;
      }

    case ATELIER_SANDBOX_FAULT_SLOW:
      _atelier_sandbox_ctx_pause (ctx);
      g_timeout_add_full (G_PRIORITY_DEFAULT, fault.delay_ms, slow_cb,
                          _atelier_sandbox_ctx_ref (ctx),
                          (GDestroyNotify) _atelier_sandbox_ctx_unref);
      return TRUE;

    case ATELIER_SANDBOX_FAULT_EXPIRED:
      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_FORBIDDEN, "Request has expired", NULL,
                                      ctx->dialect == ATELIER_SANDBOX_DIALECT_OPENAI
                                      ? "expired" : NULL);
      return TRUE;

    case ATELIER_SANDBOX_FAULT_OVERSIZE:
      oversize (ctx);
      return TRUE;

    case ATELIER_SANDBOX_FAULT_REDIRECT_OTHER_HOST:
      redirect_other_host (ctx);
      return TRUE;

    case ATELIER_SANDBOX_FAULT_STREAM_CUT:
    case ATELIER_SANDBOX_FAULT_STREAM_ERROR:
    case ATELIER_SANDBOX_FAULT_STREAM_NO_COMPLETED:
    case ATELIER_SANDBOX_FAULT_STREAM_HUGE:
    case ATELIER_SANDBOX_FAULT_STREAM_DONE:
    case ATELIER_SANDBOX_FAULT_STREAM_FINAL_FIRST:
      /* The answer goes on as usual; a stream reads this on its way. */
      g_object_set_data (G_OBJECT (ctx->msg), "atelier-stream-fault",
                         GINT_TO_POINTER (fault.kind));
      return FALSE;

    case ATELIER_SANDBOX_FAULT_NONE:
    default:
      return FALSE;
    }
}
