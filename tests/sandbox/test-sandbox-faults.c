/* test-sandbox-faults.c: every fault kind, the control endpoint and the log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sandbox-test-util.h"

static void
add_fault (TestFixture             *fixture,
           const char              *match,
           AtelierSandboxFaultKind  kind,
           guint                    status,
           guint                    retry_after,
           guint                    delay_ms,
           guint                    times)
{
  AtelierSandboxFault fault = { kind, status, retry_after, delay_ms };

  atelier_sandbox_add_fault (fixture->sandbox, match, &fault, times);
}

/* A finished Core3D generation's presigned URL. */
static char *
presigned_url (TestFixture *fixture)
{
  g_autoptr(TestReply) created = test_post_json (fixture, "/v1/generations", TOKEN,
                                                 "{\"type\":\"image\",\"data\":{\"style\":\"vector-art\",\"type\":\"graphic\"}}");
  g_autoptr(JsonObject) root = test_reply_object (created);
  g_autofree char *path = g_strdup_printf ("/v1/generations/%s", json_object_get_string_member (root, "id"));

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(TestReply) reply = test_get (fixture, path, TOKEN);
      g_autoptr(JsonObject) generation = test_reply_object (reply);

      if (g_str_equal (json_object_get_string_member (generation, "status"), "ok"))
        {
          const char *upload = json_array_get_string_element (json_object_get_array_member (json_object_get_object_member (generation, "result"), "uploads"), 0);
          g_autofree char *upload_path = g_strdup_printf ("/v1/uploads/%s", upload);
          g_autoptr(TestReply) upload_reply = test_get (fixture, upload_path, TOKEN);
          g_autoptr(JsonObject) upload_root = test_reply_object (upload_reply);

          return g_strdup (json_object_get_string_member (upload_root, "url"));
        }
      test_wait (20);
    }
  g_assert_not_reached ();
}

static void
test_status_retry_after (TestFixture   *fixture,
                         gconstpointer  data)
{
  const char *body = "{\"prompt\":\"x\",\"size\":\"256x256\"}";
  GPtrArray *log;

  add_fault (fixture, "POST /v1/images/generations", ATELIER_SANDBOX_FAULT_STATUS, 429, 3, 0, 2);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(TestReply) reply = test_post_json (fixture, "/v1/images/generations", TOKEN, body);
      g_autoptr(JsonObject) root = test_reply_object (reply);
      JsonObject *error = json_object_get_object_member (root, "error");

      g_assert_cmpuint (reply->status, ==, 429);
      g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Retry-After"), ==, "3");
      g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, "rate_limit_exceeded");
    }

  {
    g_autoptr(TestReply) reply = test_post_json (fixture, "/v1/images/generations", TOKEN, body);

    g_assert_cmpuint (reply->status, ==, 200);
  }

  log = atelier_sandbox_get_requests (fixture->sandbox);
  g_assert_cmpuint (log->len, ==, 3);
  g_assert_cmpuint (((AtelierSandboxRequest *) g_ptr_array_index (log, 0))->status, ==, 429);
  g_assert_cmpuint (((AtelierSandboxRequest *) g_ptr_array_index (log, 2))->status, ==, 200);
  g_assert_cmpstr (((AtelierSandboxRequest *) g_ptr_array_index (log, 0))->authorization, ==, "Bearer " TOKEN);
  g_assert_false (((AtelierSandboxRequest *) g_ptr_array_index (log, 0))->cdn);
  g_assert_cmpstr (((AtelierSandboxRequest *) g_ptr_array_index (log, 0))->method, ==, "POST");
  g_assert_cmpstr (((AtelierSandboxRequest *) g_ptr_array_index (log, 0))->path, ==, "/v1/images/generations");

  /* Sub-second hints, as OpenAI sends them: retry-after-ms plus a rounded Retry-After. */
  {
    AtelierSandboxFault fault = { ATELIER_SANDBOX_FAULT_STATUS, 429, 0, 0, 250 };
    g_autoptr(TestReply) reply = NULL;

    atelier_sandbox_add_fault (fixture->sandbox, "POST /v1/images/generations", &fault, 1);
    reply = test_post_json (fixture, "/v1/images/generations", TOKEN, body);
    g_assert_cmpuint (reply->status, ==, 429);
    g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "retry-after-ms"), ==, "250");
    g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Retry-After"), ==, "1");
    atelier_sandbox_clear_requests (fixture->sandbox);
  }
  {
    g_autoptr(TestReply) add = test_post_json (fixture, "/_sandbox/faults", NULL,
                                               "{\"match\":\"POST /v1/images/\",\"kind\":\"status\","
                                               "\"status\":503,\"retry_after_ms\":1500}");
    g_autoptr(TestReply) reply = test_post_json (fixture, "/v1/images/generations", TOKEN, body);

    g_assert_cmpuint (add->status, ==, 200);
    g_assert_cmpuint (reply->status, ==, 503);
    g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "retry-after-ms"), ==, "1500");
    g_assert_cmpstr (soup_message_headers_get_one (reply->headers, "Retry-After"), ==, "2");
    atelier_sandbox_clear_requests (fixture->sandbox);
  }
}

static void
test_status_shapes (TestFixture   *fixture,
                    gconstpointer  data)
{
  g_autoptr(TestReply) core3d = NULL;
  g_autoptr(TestReply) styledna = NULL;
  g_autoptr(TestReply) image3d = NULL;
  g_autoptr(JsonObject) c = NULL;
  g_autoptr(JsonObject) s = NULL;
  g_autoptr(JsonObject) i = NULL;

  /* Prefix match: "GET /v1/gen" covers /v1/generation-styles. */
  add_fault (fixture, "GET /v1/gen", ATELIER_SANDBOX_FAULT_STATUS, 503, 0, 0, 1);
  add_fault (fixture, "GET /v2/artworks/", ATELIER_SANDBOX_FAULT_STATUS, 500, 0, 0, 1);
  add_fault (fixture, "GET /api/balance", ATELIER_SANDBOX_FAULT_STATUS, 402, 0, 0, 1);

  core3d = test_get (fixture, "/v1/generation-styles", TOKEN);
  styledna = test_get (fixture, "/v2/artworks/whatever", TOKEN);
  image3d = test_get (fixture, "/api/balance", TOKEN);
  g_assert_cmpuint (core3d->status, ==, 503);
  g_assert_cmpuint (styledna->status, ==, 500);
  g_assert_cmpuint (image3d->status, ==, 402);
  c = test_reply_object (core3d);
  s = test_reply_object (styledna);
  i = test_reply_object (image3d);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (c, "error"), "status"), ==, 503);
  g_assert_cmpint (json_object_get_int_member (s, "statusCode"), ==, 500);
  g_assert_nonnull (json_object_get_string_member (i, "error"));
}

static void
test_bad_json (TestFixture   *fixture,
               gconstpointer  data)
{
  g_autoptr(TestReply) truncated = NULL;
  g_autoptr(TestReply) wrong = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonObject) root = NULL;

  add_fault (fixture, "GET /api/status/", ATELIER_SANDBOX_FAULT_TRUNCATED_JSON, 0, 0, 0, 1);
  add_fault (fixture, "GET /api/status/", ATELIER_SANDBOX_FAULT_WRONG_TYPE_JSON, 0, 0, 0, 1);

  truncated = test_get (fixture, "/api/status/abc", TOKEN);
  g_assert_cmpuint (truncated->status, ==, 200);
  g_assert_false (json_parser_load_from_data (parser, g_bytes_get_data (truncated->body, NULL),
                                              g_bytes_get_size (truncated->body), NULL));

  wrong = test_get (fixture, "/api/status/abc", TOKEN);
  g_assert_cmpuint (wrong->status, ==, 200);
  root = test_reply_object (wrong);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (root, "status")), !=, G_TYPE_STRING);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (root, "progress")), !=, G_TYPE_INT64);
  g_assert_false (JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "data")));
}

static void
test_slow (TestFixture   *fixture,
           gconstpointer  data)
{
  g_autoptr(TestReply) balance = NULL;
  g_autoptr(TestReply) image = NULL;
  gint64 start;

  add_fault (fixture, "GET /api/balance", ATELIER_SANDBOX_FAULT_SLOW, 0, 0, 300, 1);
  add_fault (fixture, "POST /v1/images/generations", ATELIER_SANDBOX_FAULT_SLOW, 0, 0, 200, 1);

  start = g_get_monotonic_time ();
  balance = test_get (fixture, "/api/balance", TOKEN);
  g_assert_cmpuint (balance->status, ==, 200);
  /* A lower bound only: the answer cannot come before the delay. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);

  /* A slow request whose handler defers again (OpenAI answers late too). */
  image = test_post_json (fixture, "/v1/images/generations", TOKEN, "{\"prompt\":\"x\",\"size\":\"256x256\"}");
  g_assert_cmpuint (image->status, ==, 200);
}

static void
test_expired (TestFixture   *fixture,
              gconstpointer  data)
{
  g_autofree char *url = presigned_url (fixture);
  g_autoptr(TestReply) expired = NULL;
  g_autoptr(TestReply) fresh = NULL;

  add_fault (fixture, "GET /presigned/", ATELIER_SANDBOX_FAULT_EXPIRED, 0, 0, 0, 1);
  expired = test_get (fixture, url, NULL);
  g_assert_cmpuint (expired->status, ==, 403);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (expired->body, NULL),
                                  g_bytes_get_size (expired->body), "Request has expired"));

  fresh = test_get (fixture, url, NULL);
  g_assert_cmpuint (fresh->status, ==, 200);
  test_assert_no_token_on_cdn (fixture->sandbox);
}

typedef struct
{
  GInputStream *stream;
  GError       *error;
  gboolean      done;
} SendData;

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SendData *send = user_data;

  send->stream = soup_session_send_finish (SOUP_SESSION (source), result, &send->error);
  send->done = TRUE;
}

typedef struct
{
  gssize  n;
  GError *error;
} ReadData;

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  ReadData *read = user_data;

  read->n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &read->error);
}

/* Reads @url as a stream; returns bytes read, the Content-Length and any error. */
static goffset
stream_get (TestFixture  *fixture,
            const char   *url,
            goffset       limit,
            goffset      *content_length,
            GError      **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autofree char *buffer = g_malloc (64 * 1024);
  SendData send = { 0 };
  goffset total = 0;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                "Bearer " TOKEN);
  soup_session_send_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &send);
  while (!send.done)
    g_main_context_iteration (NULL, TRUE);
  if (send.error != NULL)
    {
      g_propagate_error (error, send.error);
      return 0;
    }
  *content_length = soup_message_headers_get_content_length (soup_message_get_response_headers (msg));

  while (total < limit)
    {
      ReadData read = { -2, NULL };

      g_input_stream_read_async (send.stream, buffer, 64 * 1024, G_PRIORITY_DEFAULT, NULL, read_cb, &read);
      while (read.n == -2)
        g_main_context_iteration (NULL, TRUE);
      if (read.n < 0)
        {
          g_propagate_error (error, read.error);
          break;
        }
      if (read.n == 0)
        break;
      total += read.n;
    }
  g_input_stream_close (send.stream, NULL, NULL);
  g_object_unref (send.stream);
  return total;
}

static void
test_drop (TestFixture   *fixture,
           gconstpointer  data)
{
  g_autofree char *url = g_strconcat (fixture->base, "/v1/generation-styles", NULL);
  g_autofree char *cdn_url = presigned_url (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) cdn_error = NULL;
  g_autoptr(TestReply) after = NULL;
  goffset length = -1, cdn_length = -1, got, cdn_got;

  add_fault (fixture, "GET /v1/generation-styles", ATELIER_SANDBOX_FAULT_DROP, 0, 0, 0, 1);
  add_fault (fixture, "GET /presigned/", ATELIER_SANDBOX_FAULT_DROP, 0, 0, 0, 1);

  /* Headers arrive, then the body stops short of Content-Length: a client
   * sees a read error or fewer bytes than announced. */
  got = stream_get (fixture, url, G_MAXINT64, &length, &error);
  g_test_message ("drop: %" G_GOFFSET_FORMAT " of %" G_GOFFSET_FORMAT " bytes, %s", got, length,
                  error ? error->message : "no error");
  g_assert_true (error != NULL || got < length);

  cdn_got = stream_get (fixture, cdn_url, G_MAXINT64, &cdn_length, &cdn_error);
  g_assert_true (cdn_error != NULL || cdn_got < cdn_length);

  after = test_get (fixture, "/v1/generation-styles", TOKEN);
  g_assert_no_error (after->error);
  g_assert_cmpuint (after->status, ==, 200);
}

static void
test_oversize (TestFixture   *fixture,
               gconstpointer  data)
{
  g_autofree char *url = presigned_url (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(TestReply) after = NULL;
  goffset length = -1, got;

  add_fault (fixture, "GET /presigned/", ATELIER_SANDBOX_FAULT_OVERSIZE, 0, 0, 0, 1);

  /* A client with a 4 MiB cap reads that much, then gives up. */
  got = stream_get (fixture, url, 4 * 1024 * 1024, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (length, ==, G_GINT64_CONSTANT (2) << 30);
  g_assert_cmpint (got, >=, 4 * 1024 * 1024);

  after = test_get (fixture, url, NULL);
  g_assert_cmpuint (after->status, ==, 200);
}

static void
test_redirect_other_host (TestFixture   *fixture,
                          gconstpointer  data)
{
  g_autoptr(TestReply) redirect = NULL;
  g_autoptr(TestReply) followed = NULL;
  g_autoptr(TestReply) auto_followed = NULL;
  g_autofree char *expected = g_strdup_printf ("http://127.0.0.1:%u/v1/generation-styles?page=1",
                                               atelier_sandbox_get_cdn_port (fixture->sandbox));
  GPtrArray *log;
  AtelierSandboxRequest *last;

  add_fault (fixture, "GET /v1/generation-styles", ATELIER_SANDBOX_FAULT_REDIRECT_OTHER_HOST, 0, 0, 0, 1);
  redirect = test_request (fixture, "GET", "/v1/generation-styles?page=1", TOKEN, NULL, NULL,
                           SOUP_MESSAGE_NO_REDIRECT);
  g_assert_cmpuint (redirect->status, ==, 302);
  g_assert_cmpstr (soup_message_headers_get_one (redirect->headers, "Location"), ==, expected);

  /* The other host answers without a token (a client must not send it there). */
  followed = test_get (fixture, expected, NULL);
  g_assert_cmpuint (followed->status, ==, 200);
  log = atelier_sandbox_get_requests (fixture->sandbox);
  last = g_ptr_array_index (log, log->len - 1);
  g_assert_true (last->cdn);
  g_assert_null (last->authorization);

  /* For the HTTP layer's authors: does libsoup itself carry the token
   * across hosts when it follows a redirect? Reported, not asserted. */
  add_fault (fixture, "GET /v1/generation-styles", ATELIER_SANDBOX_FAULT_REDIRECT_OTHER_HOST, 0, 0, 0, 1);
  auto_followed = test_get (fixture, "/v1/generation-styles", TOKEN);
  g_assert_cmpuint (auto_followed->status, ==, 200);
  last = g_ptr_array_index (log, log->len - 1);
  g_assert_true (last->cdn);
  g_test_message ("libsoup auto-redirect to another host %s the Authorization header",
                  last->authorization ? "KEEPS" : "drops");
}

static void
test_control_endpoint (TestFixture   *fixture,
                       gconstpointer  data)
{
  g_autoptr(TestReply) add = test_post_json (fixture, "/_sandbox/faults", NULL,
                                             "{\"match\":\"GET /api/balance\",\"kind\":\"status\","
                                             "\"status\":429,\"retry_after\":7,\"times\":3}");
  g_autoptr(TestReply) bad_kind = test_post_json (fixture, "/_sandbox/faults", NULL,
                                                  "{\"match\":\"GET /\",\"kind\":\"explode\"}");
  g_autoptr(TestReply) first = NULL;
  g_autoptr(TestReply) clear = NULL;
  g_autoptr(TestReply) second = NULL;
  g_autoptr(TestReply) config = NULL;
  g_autoptr(TestReply) requests = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;

  g_assert_cmpuint (add->status, ==, 200);
  g_assert_cmpuint (bad_kind->status, ==, 400);

  first = test_get (fixture, "/api/balance", TOKEN);
  g_assert_cmpuint (first->status, ==, 429);
  g_assert_cmpstr (soup_message_headers_get_one (first->headers, "Retry-After"), ==, "7");

  clear = test_request (fixture, "DELETE", "/_sandbox/faults", NULL, NULL, NULL, 0);
  g_assert_cmpuint (clear->status, ==, 200);
  second = test_get (fixture, "/api/balance", TOKEN);
  g_assert_cmpuint (second->status, ==, 200);

  config = test_post_json (fixture, "/_sandbox/config", NULL, "{\"job_duration_ms\":1234}");
  g_assert_cmpuint (config->status, ==, 200);
  g_assert_cmpuint (atelier_sandbox_get_job_duration (fixture->sandbox), ==, 1234);

  /* The log over HTTP, for tests in another process; control calls are not logged. */
  requests = test_get (fixture, "/_sandbox/requests", NULL);
  g_assert_cmpuint (requests->status, ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (requests->body, NULL),
                              g_bytes_get_size (requests->body), NULL);
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "status"), ==, 429);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1), "path"), ==, "/api/balance");
  g_assert_cmpuint (atelier_sandbox_count_requests (fixture->sandbox, "GET /api/"), ==, 2);
  atelier_sandbox_clear_requests (fixture->sandbox);
  g_assert_cmpuint (atelier_sandbox_count_requests (fixture->sandbox, NULL), ==, 0);
}

static void
test_environment (TestFixture   *fixture,
                  gconstpointer  data)
{
  g_auto(GStrv) env = atelier_sandbox_get_environment (fixture->sandbox);
  g_autofree char *openai = g_strdup_printf ("ATELIER_OPENAI_URL=http://127.0.0.1:%u/v1",
                                             atelier_sandbox_get_port (fixture->sandbox));
  g_autofree char *image3d = g_strdup_printf ("ATELIER_IMAGE3D_URL=http://127.0.0.1:%u",
                                              atelier_sandbox_get_port (fixture->sandbox));

  g_assert_true (g_strv_contains ((const char * const *) env, openai));
  g_assert_true (g_strv_contains ((const char * const *) env, image3d));
  g_assert_true (g_strv_contains ((const char * const *) env, "ATELIER_STYLEDNA_TOKEN=sandbox-token"));
  g_assert_cmpuint (g_strv_length (env), ==, 8);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sandbox/faults/" path, TestFixture, NULL, test_fixture_setup, func, test_fixture_teardown)
  ADD ("status-retry-after", test_status_retry_after);
  ADD ("status-shapes", test_status_shapes);
  ADD ("drop", test_drop);
  ADD ("bad-json", test_bad_json);
  ADD ("slow", test_slow);
  ADD ("expired", test_expired);
  ADD ("oversize", test_oversize);
  ADD ("redirect-other-host", test_redirect_other_host);
  ADD ("control-endpoint", test_control_endpoint);
  ADD ("environment", test_environment);
#undef ADD

  return g_test_run ();
}
