/* test-sandbox-lifecycle.c: deferred answers whose client or server goes away,
 * and many jobs at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "atelier-sandbox-private.h"
#include "sandbox-test-util.h"

typedef struct
{
  guint    done;
  guint    ok;
  GError  *error;
} Counter;

static void
count_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Counter *counter = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);

  counter->done++;
  if (body != NULL && soup_message_get_status (msg) == 200)
    counter->ok++;
}

static SoupMessage *
generation_message (TestFixture *fixture,
                    const char  *prompt)
{
  g_autofree char *url = g_strconcat (fixture->base, "/v1/images/generations", NULL);
  g_autofree char *json = g_strdup_printf ("{\"prompt\":\"%s\",\"size\":\"256x256\"}", prompt);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  SoupMessage *msg = soup_message_new ("POST", url);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                "Bearer " TOKEN);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  return msg;
}

/* The client hangs up while its answer is deferred: the sandbox must neither
 * crash nor stop serving. */
static void
test_client_gone (TestFixture   *fixture,
                  gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(SoupMessage) msg = generation_message (fixture, "patience");
  g_autoptr(TestReply) after = NULL;
  Counter counter = { 0 };

  atelier_sandbox_set_job_duration (fixture->sandbox, 800);
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    count_cb, &counter);
  test_wait (50);
  g_cancellable_cancel (cancellable);
  while (counter.done == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (counter.ok, ==, 0);

  /* Past the moment the deferred answer is written to nobody. */
  test_wait (400);
  atelier_sandbox_set_job_duration (fixture->sandbox, 200);
  after = test_get (fixture, "/api/balance", TOKEN);
  g_assert_cmpuint (after->status, ==, 200);
}

/* Stopping with answers still deferred (Ctrl+C on `atelier-cli sandbox`). */
static void
test_stop_while_deferred (TestFixture   *fixture,
                          gconstpointer  data)
{
  g_autoptr(SoupMessage) msg = generation_message (fixture, "interrupted");
  Counter counter = { 0 };

  atelier_sandbox_set_job_duration (fixture->sandbox, 800);
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL,
                                    count_cb, &counter);
  test_wait (50);
  atelier_sandbox_stop (fixture->sandbox);
  test_wait (400);
  while (counter.done == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (counter.ok, ==, 0);
}

/* Many jobs at once all finish (rendering runs on worker threads). */
static void
test_many_jobs (TestFixture   *fixture,
                gconstpointer  data)
{
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  Counter counter = { 0 };
  const guint n = 40;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *prompt = g_strdup_printf ("job %u", i);
      SoupMessage *msg = generation_message (fixture, prompt);

      g_ptr_array_add (messages, msg);
      soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL,
                                        count_cb, &counter);
    }
  while (counter.done < n)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (counter.ok, ==, n);
  g_assert_cmpuint (atelier_sandbox_count_requests (fixture->sandbox, "POST /v1/images/"), ==, n);
}

static char *
generate_url (TestFixture *fixture,
              const char  *prompt)
{
  g_autofree char *body = g_strdup_printf ("{\"prompt\":\"%s\",\"size\":\"256x256\"}", prompt);
  g_autoptr(TestReply) reply = test_post_json (fixture, "/v1/images/generations", TOKEN, body);
  g_autoptr(JsonObject) root = test_reply_object (reply);

  g_assert_cmpuint (reply->status, ==, 200);
  return g_strdup (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (root, "data"), 0), "url"));
}

/* Past the store's cap the oldest results go, like expired links; the
 * newest and the style previews stay. */
static void
test_cdn_eviction (TestFixture   *fixture,
                   gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(TestReply) gone = NULL;
  g_autoptr(TestReply) kept = NULL;
  g_autoptr(TestReply) preview = NULL;
  g_autofree char *preview_url = g_strdup_printf ("http://127.0.0.1:%u/cdn/style-vector-art.png",
                                                  atelier_sandbox_get_cdn_port (fixture->sandbox));

  fixture->sandbox->blob_cap = 1;
  first = generate_url (fixture, "first");
  second = generate_url (fixture, "second");

  gone = test_get (fixture, first, NULL);
  kept = test_get (fixture, second, NULL);
  preview = test_get (fixture, preview_url, NULL);
  g_assert_cmpuint (gone->status, ==, 404);
  g_assert_cmpuint (kept->status, ==, 200);
  g_assert_cmpuint (preview->status, ==, 200);
}

/* Garbage and type-confused bodies never crash the sandbox nor get a 5xx. */
static void
test_hostile_bodies (TestFixture   *fixture,
                     gconstpointer  data)
{
  static const char *endpoints[] = {
    "/v1/images/generations", "/v1/images/edits", "/v1/generations", "/v1/generations/x/cancel",
    "/api/generate", "/api/create-checkout-session", "/v2/style-dna/generate", "/v2/style-dna/generate-anchor",
    "/_sandbox/faults", "/_sandbox/config",
  };
  static const char *fields[] = {
    "prompt", "model", "n", "size", "quality", "response_format", "output_format",
    "output_compression", "background", "moderation", "style", "user", "stream",
    "partial_images", "type", "data", "mode", "image", "mesh_only", "visualPrompt",
    "anchorImageUrl", "description", "width", "height", "aspectRatio", "imageFormat",
    "webhookUrl", "priceId", "pack", "generations", "match", "kind", "status", "times", "delay_ms", "job_duration_ms", "balance",
  };
  static const char *values[] = {
    "null", "true", "-1.5", "99999999999999999999", "\"\"", "[]", "{}",
    "{\"style\":{},\"type\":[],\"colors\":[1,{}],\"count\":1e9,\"transparency\":\"yes\"}",
  };
  static const char *bodies[] = {
    "", "null", "[]", "\"text\"", "{}", "{\"a\":", "\xff\xfe\x00garbage", "{\"prompt\":\"\\ud800\"}",
  };
  g_autoptr(GString) deep = g_string_new (NULL);
  guint sent = 0;

  for (guint i = 0; i < 2000; i++)
    g_string_append_c (deep, '[');

  for (guint e = 0; e < G_N_ELEMENTS (endpoints); e++)
    {
      g_autoptr(TestReply) nested = test_post_json (fixture, endpoints[e], TOKEN, deep->str);

      g_assert_cmpuint (nested->status, <, 500);
      for (guint b = 0; b < G_N_ELEMENTS (bodies); b++)
        {
          g_autoptr(TestReply) reply = test_post_json (fixture, endpoints[e], TOKEN, bodies[b]);

          g_assert_no_error (reply->error);
          /* Only an empty config object is a valid request here. */
          if (reply->status < 400 && !(g_str_equal (bodies[b], "{}") &&
                                       g_str_equal (endpoints[e], "/_sandbox/config")))
            g_error ("%s %s → %u", endpoints[e], bodies[b], reply->status);
          g_assert_cmpuint (reply->status, <, 500);
          sent++;
        }
      for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
        for (guint v = 0; v < G_N_ELEMENTS (values); v++)
          {
            g_autofree char *body = g_strdup_printf ("{\"%s\":%s}", fields[f], values[v]);
            g_autoptr(TestReply) reply = test_post_json (fixture, endpoints[e], TOKEN, body);

            g_assert_no_error (reply->error);
            if (reply->status >= 500)
              g_error ("%s %s → %u", endpoints[e], body, reply->status);
            sent++;
          }
    }

  /* Faults added by the garbage above must not linger into the check. */
  atelier_sandbox_clear_faults (fixture->sandbox);
  atelier_sandbox_set_job_duration (fixture->sandbox, 200);
  g_test_message ("%u hostile requests", sent);
  {
    g_autoptr(TestReply) after = test_get (fixture, "/api/balance", TOKEN);

    g_assert_cmpuint (after->status, ==, 200);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sandbox/lifecycle/" path, TestFixture, NULL, test_fixture_setup, func, test_fixture_teardown)
  ADD ("client-gone", test_client_gone);
  ADD ("stop-while-deferred", test_stop_while_deferred);
  ADD ("many-jobs", test_many_jobs);
  ADD ("cdn-eviction", test_cdn_eviction);
  ADD ("hostile-bodies", test_hostile_bodies);
#undef ADD

  return g_test_run ();
}
