/* atelier-sandbox-http.c: answering requests in each service's own way
 *
 * Error shapes, by dialect:
 *   OpenAI    {"error": {"message", "type", "param", "code"}}
 *   Core3D    {"error": {"code", "message", "status"}}
 *   image3d   {"error": message, "code": code}
 *   Style DNA {"message", "statusCode", "error": reason phrase}
 *   CDN       S3-style XML <Error><Code/><Message/></Error>
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sandbox"

#include "config.h"

#include <string.h>

#include "atelier-json.h"
#include "atelier-sandbox-private.h"

AtelierSandboxDialect
_atelier_sandbox_dialect_for_path (const char *path)
{
  if (g_str_has_prefix (path, "/v1/images/") || g_str_equal (path, "/v1/models") ||
      g_str_has_prefix (path, "/v1/models/"))
    return ATELIER_SANDBOX_DIALECT_OPENAI;
  if (g_str_has_prefix (path, "/v1/"))
    return ATELIER_SANDBOX_DIALECT_CORE3D;
  /* image3d's sign-in (Firebase) is routed by the image3d dialect. */
  if (g_str_has_prefix (path, "/api/") || g_str_has_prefix (path, "/firebase/"))
    return ATELIER_SANDBOX_DIALECT_IMAGE3D;
  if (g_str_has_prefix (path, "/v2/"))
    return ATELIER_SANDBOX_DIALECT_STYLEDNA;
  if (g_str_has_prefix (path, "/_sandbox/"))
    return ATELIER_SANDBOX_DIALECT_CONTROL;
  return ATELIER_SANDBOX_DIALECT_CDN;
}

void
_atelier_sandbox_ctx_pause (AtelierSandboxCtx *ctx)
{
  if (!ctx->paused && !ctx->finished)
    {
      soup_server_message_pause (ctx->msg);
      ctx->paused = TRUE;
    }
}

void
_atelier_sandbox_ctx_resume (AtelierSandboxCtx *ctx)
{
  if (ctx->paused && !ctx->finished)
    soup_server_message_unpause (ctx->msg);
  ctx->paused = FALSE;
}

AtelierSandboxCtx *
_atelier_sandbox_ctx_ref (AtelierSandboxCtx *ctx)
{
  g_object_ref (ctx->msg);
  return ctx;
}

void
_atelier_sandbox_ctx_unref (AtelierSandboxCtx *ctx)
{
  g_object_unref (ctx->msg);
}

void
_atelier_sandbox_respond (AtelierSandboxCtx *ctx,
                          guint              status,
                          const char        *content_type,
                          GBytes            *body)
{
  SoupMessageHeaders *headers;

  if (ctx->finished)
    return;

  headers = soup_server_message_get_response_headers (ctx->msg);
  soup_server_message_set_status (ctx->msg, status, NULL);
  if (body != NULL)
    {
      soup_message_headers_set_content_type (headers, content_type, NULL);
      soup_message_body_append_bytes (soup_server_message_get_response_body (ctx->msg), body);
    }
  _atelier_sandbox_ctx_resume (ctx);
}

void
_atelier_sandbox_respond_json (AtelierSandboxCtx *ctx,
                               guint              status,
                               JsonNode          *node)
{
  g_autoptr(JsonNode) owned = node;
  gsize len;
  char *text = json_to_string (owned, FALSE);
  g_autoptr(GBytes) bytes = NULL;

  len = strlen (text);
  bytes = g_bytes_new_take (text, len);
  _atelier_sandbox_respond (ctx, status, "application/json", bytes);
}

static const char *
default_code (guint status)
{
  switch (status)
    {
    case 400: return "invalid_request";
    case 401: return "unauthorized";
    case 402: return "insufficient_credits";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 408: return "timeout";
    case 409: return "conflict";
    case 422: return "unprocessable";
    case 429: return "rate_limited";
    case 503: return "service_unavailable";
    default:  return status >= 500 ? "server_error" : "error";
    }
}

static const char *
openai_type (guint status)
{
  if (status == 429)
    return "requests";
  if (status >= 500)
    return "server_error";
  return "invalid_request_error";
}

void
_atelier_sandbox_respond_error (AtelierSandboxCtx *ctx,
                                guint              status,
                                const char        *message,
                                const char        *param,
                                const char        *code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (code == NULL && ctx->dialect != ATELIER_SANDBOX_DIALECT_OPENAI)
    code = default_code (status);

  json_builder_begin_object (builder);
  switch (ctx->dialect)
    {
    case ATELIER_SANDBOX_DIALECT_OPENAI:
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, openai_type (status));
      json_builder_set_member_name (builder, "param");
      if (param != NULL)
        json_builder_add_string_value (builder, param);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "code");
      if (code != NULL)
        json_builder_add_string_value (builder, code);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
      break;

    case ATELIER_SANDBOX_DIALECT_CORE3D:
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, code);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
      json_builder_set_member_name (builder, "status");
      json_builder_add_int_value (builder, status);
      json_builder_end_object (builder);
      break;

    case ATELIER_SANDBOX_DIALECT_STYLEDNA:
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, message);
      json_builder_set_member_name (builder, "statusCode");
      json_builder_add_int_value (builder, status);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, soup_status_get_phrase (status));
      break;

    case ATELIER_SANDBOX_DIALECT_CDN:
      {
        g_autofree char *escaped = g_markup_escape_text (message, -1);
        char *xml = g_strdup_printf ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                     "<Error><Code>%s</Code><Message>%s</Message></Error>\n",
                                     status == 403 ? "AccessDenied" :
                                     status == 404 ? "NoSuchKey" : code,
                                     escaped);
        g_autoptr(GBytes) bytes = g_bytes_new_take (xml, strlen (xml));

        _atelier_sandbox_respond (ctx, status, "application/xml", bytes);
        return;
      }

    case ATELIER_SANDBOX_DIALECT_IMAGE3D:
    case ATELIER_SANDBOX_DIALECT_CONTROL:
    default:
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, message);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, code);
      break;
    }
  json_builder_end_object (builder);

  _atelier_sandbox_respond_json (ctx, status, json_builder_get_root (builder));
}

gboolean
_atelier_sandbox_check_auth (AtelierSandboxCtx *ctx)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (ctx->msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");
  const char *message;

  /* The CDN listener only sees API paths through a redirect to "another
   * host": it mirrors the API without asking for the token, so a client
   * that (rightly) drops the token across hosts still gets an answer. */
  if (ctx->cdn)
    return TRUE;

  if (value != NULL && g_str_equal (value, "Bearer " ATELIER_SANDBOX_TOKEN))
    return TRUE;

  if (value == NULL)
    message = ctx->dialect == ATELIER_SANDBOX_DIALECT_OPENAI
              ? "You didn't provide an API key. You need to provide your API key in an "
                "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
              : "Missing bearer token in the Authorization header";
  else
    message = ctx->dialect == ATELIER_SANDBOX_DIALECT_OPENAI
              ? "Incorrect API key provided. You can find your API key in your account settings."
              : "Invalid or expired token";

  _atelier_sandbox_respond_error (ctx, SOUP_STATUS_UNAUTHORIZED, message, NULL,
                                  ctx->dialect == ATELIER_SANDBOX_DIALECT_OPENAI
                                  ? (value ? "invalid_api_key" : NULL) : "unauthorized");
  return FALSE;
}

gboolean
_atelier_sandbox_route_collection (AtelierSandboxCtx         *ctx,
                                   char                     **parts,
                                   guint                      n,
                                   const AtelierSandboxRoute *routes,
                                   gsize                      n_routes)
{
  if (n != 1)
    return FALSE;
  for (gsize i = 0; i < n_routes; i++)
    if (g_str_equal (parts[0], routes[i].collection) && g_str_equal (ctx->method, routes[i].method))
      {
        if (_atelier_sandbox_check_auth (ctx))
          routes[i].handler (ctx);
        return TRUE;
      }
  return FALSE;
}

JsonObject *
_atelier_sandbox_read_json (AtelierSandboxCtx *ctx)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *message = NULL;

  /* The body is already capped (atelier-sandbox-body.c); the depth and value
   * limits keep json-glib's recursion and node count bounded too. */
  root = atelier_json_parse_bytes (ctx->body, _atelier_sandbox_body_cap (ctx->method, ctx->path),
                                   &error);
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    return json_object_ref (json_node_get_object (root));

  if (root != NULL)
    message = g_strdup ("Request body must be a JSON object");
  else if (ctx->dialect == ATELIER_SANDBOX_DIALECT_OPENAI)
    message = g_strdup ("We could not parse the JSON body of your request. (HINT: This likely "
                        "means you aren't using your HTTP library correctly. The OpenAI API "
                        "expects a JSON payload.)");
  else
    message = g_strdup_printf ("Request body is not valid JSON: %s", error->message);

  _atelier_sandbox_respond_error (ctx, SOUP_STATUS_BAD_REQUEST, message, NULL,
                                  ctx->dialect == ATELIER_SANDBOX_DIALECT_OPENAI
                                  ? NULL : "invalid_json");
  return NULL;
}

typedef struct
{
  gboolean too_large;
} DecodeState;

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  DecodeState     *state)
{
  if (width <= 0 || height <= 0 ||
      (guint64) width * (guint64) height > ATELIER_SANDBOX_MAX_PIXELS)
    {
      state->too_large = TRUE;
      /* A size of 0 makes the loaders stop before they allocate the image
       * (what gdk_pixbuf_get_file_info() does). */
      gdk_pixbuf_loader_set_size (loader, 0, 0);
    }
}

GdkPixbuf *
_atelier_sandbox_decode_image (GBytes  *bytes,
                               GError **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) local_error = NULL;
  DecodeState state = { FALSE };
  gsize len, offset = 0;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  GdkPixbuf *pixbuf;
  gboolean ok = TRUE;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &state);

  /* In pieces, so the header (and the size check) comes before the rest. */
  while (ok && offset < len && !state.too_large)
    {
      gsize piece = MIN (len - offset, 64 * 1024);

      ok = gdk_pixbuf_loader_write (loader, data + offset, piece, &local_error);
      offset += piece;
    }
  ok = gdk_pixbuf_loader_close (loader, ok ? &local_error : NULL) && ok;

  if (state.too_large)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                   "The image is larger than %u pixels", ATELIER_SANDBOX_MAX_PIXELS);
      return NULL;
    }
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (!ok || pixbuf == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "The image cannot be decoded%s%s",
                   local_error ? ": " : "", local_error ? local_error->message : "");
      return NULL;
    }
  return g_object_ref (pixbuf);
}

gboolean
_atelier_sandbox_is_refused (const char *prompt)
{
  g_autofree char *lower = g_utf8_strdown (prompt ? prompt : "", -1);

  return strstr (lower, ATELIER_SANDBOX_REFUSED_WORD) != NULL;
}

char *
_atelier_sandbox_iso8601_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

void
_atelier_sandbox_cap_size (guint *width,
                           guint *height)
{
  guint edge = MAX (*width, *height);

  if (edge <= ATELIER_SANDBOX_MAX_EDGE)
    return;

  *width = MAX (1, (guint) ((guint64) *width * ATELIER_SANDBOX_MAX_EDGE / edge));
  *height = MAX (1, (guint) ((guint64) *height * ATELIER_SANDBOX_MAX_EDGE / edge));
}
