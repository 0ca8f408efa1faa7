/* sandbox-test-util.c: a small HTTP client for the sandbox tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sandbox-test-util.h"

void
test_fixture_setup (TestFixture   *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->sandbox = atelier_sandbox_new ();
  atelier_sandbox_set_job_duration (fixture->sandbox, 200);
  atelier_sandbox_start (fixture->sandbox, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_sandbox_get_port (fixture->sandbox), >, 0);
  g_assert_cmpuint (atelier_sandbox_get_cdn_port (fixture->sandbox), >, 0);
  g_assert_cmpuint (atelier_sandbox_get_port (fixture->sandbox), !=,
                    atelier_sandbox_get_cdn_port (fixture->sandbox));
  fixture->session = soup_session_new_with_options ("timeout", 20, NULL);
  fixture->base = g_strdup_printf ("http://127.0.0.1:%u", atelier_sandbox_get_port (fixture->sandbox));
  fixture->control_key = atelier_sandbox_get_control_key (fixture->sandbox);
  g_assert_cmpuint (strlen (fixture->control_key), ==, 32);
}

void
test_fixture_teardown (TestFixture   *fixture,
                       gconstpointer  data)
{
  AtelierSandbox *sandbox = fixture->sandbox;

  g_clear_object (&fixture->session);
  atelier_sandbox_stop (fixture->sandbox);
  g_object_add_weak_pointer (G_OBJECT (sandbox), (gpointer *) &sandbox);
  g_clear_object (&fixture->sandbox);

  /* Closed connections and finished messages go away on the next iterations;
   * then nothing may keep the sandbox alive. */
  for (guint i = 0; i < 50 && sandbox != NULL; i++)
    test_wait (10);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (sandbox);
  g_clear_pointer (&fixture->base, g_free);
}

typedef struct
{
  TestReply *reply;
  gboolean   done;
} Pending;

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pending *pending = user_data;

  pending->reply->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result,
                                                            &pending->reply->error);
  pending->done = TRUE;
}

TestReply *
test_request (TestFixture      *fixture,
              const char       *method,
              const char       *path,
              const char       *token,
              const char       *content_type,
              GBytes           *body,
              SoupMessageFlags  flags)
{
  g_autofree char *url = g_str_has_prefix (path, "http") ? g_strdup (path)
                                                         : g_strconcat (fixture->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  Pending pending = { g_new0 (TestReply, 1), FALSE };

  g_assert_nonnull (msg);
  soup_message_set_flags (msg, flags);
  if (token != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", token);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
    }
  if (fixture->control_key != NULL && strstr (path, "/_sandbox/") != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  ATELIER_SANDBOX_KEY_HEADER, fixture->control_key);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL, send_cb,
                                    &pending);
  while (!pending.done)
    g_main_context_iteration (NULL, TRUE);

  pending.reply->status = soup_message_get_status (msg);
  pending.reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return pending.reply;
}

TestReply *
test_get (TestFixture *fixture,
          const char  *path,
          const char  *token)
{
  return test_request (fixture, "GET", path, token, NULL, NULL, 0);
}

TestReply *
test_post_json (TestFixture *fixture,
                const char  *path,
                const char  *token,
                const char  *json)
{
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));

  return test_request (fixture, "POST", path, token, "application/json", body, 0);
}

void
test_reply_free (TestReply *reply)
{
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_error (&reply->error);
  g_free (reply);
}

JsonObject *
test_reply_object (TestReply *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data;

  g_assert_no_error (reply->error);
  data = g_bytes_get_data (reply->body, &len);
  json_parser_load_from_data (parser, data, len, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static gboolean
quit_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
test_wait (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, quit_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

GdkPixbuf *
test_decode_image (GBytes *bytes)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_loader_write_bytes (loader, bytes, &error);
  g_assert_no_error (error);
  gdk_pixbuf_loader_close (loader, &error);
  g_assert_no_error (error);
  return g_object_ref (gdk_pixbuf_loader_get_pixbuf (loader));
}

void
test_assert_no_token_on_cdn (AtelierSandbox *sandbox)
{
  GPtrArray *requests = atelier_sandbox_get_requests (sandbox);
  guint cdn = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      AtelierSandboxRequest *request = g_ptr_array_index (requests, i);

      if (request->cdn)
        {
          cdn++;
          g_assert_null (request->authorization);
        }
    }
  g_assert_cmpuint (cdn, >, 0);
}
