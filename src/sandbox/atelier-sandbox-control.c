/* atelier-sandbox-control.c: /_sandbox/… for tests in other processes
 *
 * POST /_sandbox/faults {match, kind, status, retry_after, delay_ms, times}
 * DELETE /_sandbox/faults
 * POST /_sandbox/config {job_duration_ms, balance, image3d_concurrency, stream_interval_ms}
 * GET, DELETE /_sandbox/requests
 *
 * Each wants the sandbox's key in the Atelier-Sandbox-Key header (401
 * without, 403 wrong), checked before the body is read: the sandbox
 * listens on loopback, but any local process, a web page's fetch()
 * included, can reach loopback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sandbox"

#include "config.h"

#include <string.h>

#include "atelier-sandbox-private.h"

/* Time independent of where the first difference is (the length is no
 * secret: every key has 32 characters). */
static gboolean
key_equal (const char *given,
           const char *key)
{
  gsize len = strlen (key);
  guint8 diff = 0;

  if (strlen (given) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    diff |= (guint8) (given[i] ^ key[i]);
  return diff == 0;
}

gboolean
_atelier_sandbox_control_check_key (AtelierSandboxCtx *ctx)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (ctx->msg);
  const char *given = soup_message_headers_get_one (headers, ATELIER_SANDBOX_KEY_HEADER);

  if (given != NULL && key_equal (given, ctx->sandbox->control_key))
    return TRUE;

  soup_message_headers_replace (soup_server_message_get_response_headers (ctx->msg),
                                "Connection", "close");
  if (given == NULL)
    _atelier_sandbox_respond_error (ctx, SOUP_STATUS_UNAUTHORIZED,
                                    "The control endpoints want the sandbox's key in the "
                                    ATELIER_SANDBOX_KEY_HEADER " header (atelier-cli sandbox "
                                    "prints it as ATELIER_SANDBOX_KEY)", NULL, "unauthorized");
  else
    _atelier_sandbox_respond_error (ctx, SOUP_STATUS_FORBIDDEN,
                                    "Wrong " ATELIER_SANDBOX_KEY_HEADER, NULL, "forbidden");
  return FALSE;
}

static void
control_requests (AtelierSandboxCtx *ctx)
{
  AtelierSandbox *self = ctx->sandbox;
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < self->requests->len; i++)
    {
      AtelierSandboxRequest *request = g_ptr_array_index (self->requests, i);
      JsonObject *object = json_object_new ();

      json_object_set_string_member (object, "method", request->method);
      json_object_set_string_member (object, "path", request->path);
      json_object_set_boolean_member (object, "cdn", request->cdn);
      if (request->authorization != NULL)
        json_object_set_string_member (object, "authorization", request->authorization);
      else
        json_object_set_null_member (object, "authorization");
      json_object_set_int_member (object, "status", request->status);
      json_array_add_object_element (array, object);
    }

  json_node_take_array (node, array);
  _atelier_sandbox_respond_json (ctx, SOUP_STATUS_OK, node);
}

static void
respond_ok (AtelierSandboxCtx *ctx)
{
  JsonNode *node = json_from_string ("{\"ok\":true}", NULL);

  _atelier_sandbox_respond_json (ctx, SOUP_STATUS_OK, node);
}

static void
control_config (AtelierSandboxCtx *ctx)
{
  g_autoptr(JsonObject) object = NULL;
  JsonNode *duration, *balance, *concurrency, *interval;

  if ((object = _atelier_sandbox_read_json (ctx)) == NULL)
    return;

  duration = json_object_get_member (object, "job_duration_ms");
  balance = json_object_get_member (object, "balance");
  concurrency = json_object_get_member (object, "image3d_concurrency");
  interval = json_object_get_member (object, "stream_interval_ms");
  if ((interval != NULL && json_node_get_value_type (interval) != G_TYPE_INT64) ||
      (duration != NULL && json_node_get_value_type (duration) != G_TYPE_INT64) ||
      (balance != NULL && json_node_get_value_type (balance) != G_TYPE_INT64) ||
      (concurrency != NULL && json_node_get_value_type (concurrency) != G_TYPE_INT64))
    {
      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_BAD_REQUEST,
                                      "job_duration_ms, balance and image3d_concurrency must "
                                      "be integers", NULL, "invalid_config");
      return;
    }

  if (duration != NULL)
    atelier_sandbox_set_job_duration (ctx->sandbox,
                                      CLAMP (json_node_get_int (duration), 0, 3600 * 1000));
  if (interval != NULL)
    atelier_sandbox_set_stream_interval (ctx->sandbox,
                                         CLAMP (json_node_get_int (interval), 0, 600 * 1000));
  if (balance != NULL)
    atelier_sandbox_set_balance (ctx->sandbox, json_node_get_int (balance));
  if (concurrency != NULL)
    atelier_sandbox_set_image3d_concurrency (ctx->sandbox,
                                             CLAMP (json_node_get_int (concurrency), 0, 1000));
  respond_ok (ctx);
}

void
_atelier_sandbox_control (AtelierSandboxCtx *ctx)
{
  AtelierSandbox *self = ctx->sandbox;
  JsonObject *object;

  if (g_str_equal (ctx->path, "/_sandbox/faults"))
    {
      if (g_str_equal (ctx->method, "DELETE"))
        {
          atelier_sandbox_clear_faults (self);
          respond_ok (ctx);
          return;
        }
      if (g_str_equal (ctx->method, "POST"))
        {
          g_autoptr(GError) error = NULL;
          g_autofree char *match = NULL;
          AtelierSandboxFault fault;
          guint times;

          if ((object = _atelier_sandbox_read_json (ctx)) == NULL)
            return;
          if (!_atelier_sandbox_parse_fault (object, &match, &fault, &times, &error))
            {
              _atelier_sandbox_respond_error (ctx, SOUP_STATUS_BAD_REQUEST, error->message, NULL,
                                              "invalid_fault");
              json_object_unref (object);
              return;
            }
          atelier_sandbox_add_fault (self, match, &fault, times);
          json_object_unref (object);
          respond_ok (ctx);
          return;
        }
    }
  else if (g_str_equal (ctx->path, "/_sandbox/config") && g_str_equal (ctx->method, "POST"))
    {
      control_config (ctx);
      return;
    }
  else if (g_str_equal (ctx->path, "/_sandbox/requests"))
    {
      if (g_str_equal (ctx->method, "GET"))
        {
          control_requests (ctx);
          return;
        }
      if (g_str_equal (ctx->method, "DELETE"))
        {
          atelier_sandbox_clear_requests (self);
          respond_ok (ctx);
          return;
        }
    }

  _atelier_sandbox_respond_error (ctx, SOUP_STATUS_NOT_FOUND, "No such control endpoint", NULL,
                                  "not_found");
}
