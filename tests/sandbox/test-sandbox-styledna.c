/* test-sandbox-styledna.c: the Style DNA dialect over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sandbox-test-util.h"

static void
assert_styledna_error (TestReply *reply,
                       guint      status)
{
  g_autoptr(JsonObject) root = NULL;

  g_assert_cmpuint (reply->status, ==, status);
  root = test_reply_object (reply);
  g_assert_nonnull (json_object_get_string_member (root, "message"));
  g_assert_cmpint (json_object_get_int_member (root, "statusCode"), ==, status);
  g_assert_nonnull (json_object_get_string_member (root, "error"));
}

/* Submits and polls to a final state; returns the artwork. */
static JsonObject *
run_artwork (TestFixture *fixture,
             const char  *path,
             const char  *body)
{
  g_autoptr(TestReply) submitted = test_post_json (fixture, path, TOKEN, body);
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *poll = NULL;

  g_assert_cmpuint (submitted->status, ==, 202);
  root = test_reply_object (submitted);
  g_assert_cmpstr (json_object_get_string_member (root, "status"), ==, "starting");
  poll = g_strdup_printf ("/v2/artworks/%s", json_object_get_string_member (root, "id"));

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(TestReply) reply = test_get (fixture, poll, TOKEN);
      JsonObject *artwork;
      const char *status;

      g_assert_cmpuint (reply->status, ==, 200);
      artwork = test_reply_object (reply);
      status = json_object_get_string_member (artwork, "status");
      if (!g_str_equal (status, "starting") && !g_str_equal (status, "processing"))
        return artwork;
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (artwork, "results")), ==, 0);
      json_object_unref (artwork);
      test_wait (20);
    }
  g_assert_not_reached ();
}

static void
test_anchor_then_generate (TestFixture   *fixture,
                           gconstpointer  data)
{
  g_autoptr(JsonObject) anchor = run_artwork (fixture, "/v2/style-dna/generate-anchor",
                                              "{\"visualPrompt\":\"ink wash mountains\"}");
  g_autoptr(JsonObject) artwork = NULL;
  g_autoptr(TestReply) download = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *body = NULL;
  const char *anchor_url;

  g_assert_cmpstr (json_object_get_string_member (anchor, "status"), ==, "succeeded");
  anchor_url = json_array_get_string_element (json_object_get_array_member (anchor, "results"), 0);

  body = g_strdup_printf ("{\"visualPrompt\":\"a fox in the snow\",\"anchorImageUrl\":\"%s\","
                          "\"description\":\"ink wash\",\"aspectRatio\":\"16:9\",\"imageFormat\":\"webp\","
                          "\"webhookUrl\":\"https://example.invalid/hook\"}", anchor_url);
  artwork = run_artwork (fixture, "/v2/style-dna/generate", body);
  g_assert_cmpstr (json_object_get_string_member (artwork, "status"), ==, "succeeded");
  g_assert_cmpint (json_object_get_int_member (artwork, "width"), ==, 1344);

  download = test_get (fixture, json_array_get_string_element (json_object_get_array_member (artwork, "results"), 0), NULL);
  g_assert_cmpuint (download->status, ==, 200);
  g_assert_cmpmem ((const guint8 *) g_bytes_get_data (download->body, NULL) + 8, 4, "WEBP", 4);
  pixbuf = test_decode_image (download->body);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 1024);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 585);
  test_assert_no_token_on_cdn (fixture->sandbox);
}

static void
test_custom_size (TestFixture   *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) artwork = run_artwork (fixture, "/v2/style-dna/generate",
                                               "{\"visualPrompt\":\"tea cup\",\"anchorImageUrl\":\"https://x.test/a.png\","
                                               "\"description\":\"d\",\"width\":512,\"height\":768}");
  g_autoptr(TestReply) download = test_get (fixture, json_array_get_string_element (json_object_get_array_member (artwork, "results"), 0), NULL);
  g_autoptr(GdkPixbuf) pixbuf = test_decode_image (download->body);

  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 512);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 768);
}

static void
test_validation (TestFixture   *fixture,
                 gconstpointer  data)
{
#define BASE "\"visualPrompt\":\"v\",\"anchorImageUrl\":\"https://x.test/a.png\",\"description\":\"d\""
  const char *bad[] = {
    "{\"anchorImageUrl\":\"https://x.test/a.png\",\"description\":\"d\"}",
    "{\"visualPrompt\":\"v\",\"description\":\"d\"}",
    "{\"visualPrompt\":\"v\",\"anchorImageUrl\":\"https://x.test/a.png\"}",
    "{\"visualPrompt\":\"v\",\"anchorImageUrl\":\"not a url\",\"description\":\"d\"}",
    "{" BASE ",\"width\":1024,\"height\":1024,\"aspectRatio\":\"1:1\"}",
    "{" BASE ",\"width\":511,\"height\":1024}",
    "{" BASE ",\"width\":2049,\"height\":1024}",
    "{" BASE ",\"width\":1400,\"height\":1400}",
    "{" BASE ",\"width\":1024}",
    "{" BASE ",\"aspectRatio\":\"5:4\"}",
    "{" BASE ",\"imageFormat\":\"jpeg\"}",
    "{" BASE ",\"width\":\"1024\",\"height\":1024}",
    "{\"visualPrompt\":\"forbidden art\",\"anchorImageUrl\":\"https://x.test/a.png\",\"description\":\"d\"}",
    "{oops",
  };
  g_autoptr(TestReply) ok_edge = test_post_json (fixture, "/v2/style-dna/generate",
                                                 TOKEN, "{" BASE ",\"width\":1328,\"height\":1328}");
  g_autoptr(TestReply) no_token = test_post_json (fixture, "/v2/style-dna/generate", NULL, "{" BASE "}");
  g_autoptr(TestReply) missing = test_get (fixture, "/v2/artworks/nope", TOKEN);
#undef BASE

  /* 1328² = 1,763,584: exactly the limit. */
  g_assert_cmpuint (ok_edge->status, ==, 202);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(TestReply) reply = test_post_json (fixture, "/v2/style-dna/generate", TOKEN, bad[i]);

      g_test_message ("%s", bad[i]);
      assert_styledna_error (reply, 400);
    }
  assert_styledna_error (no_token, 401);
  assert_styledna_error (missing, 404);
}

static void
test_failure (TestFixture   *fixture,
              gconstpointer  data)
{
  g_autoptr(JsonObject) artwork = run_artwork (fixture, "/v2/style-dna/generate-anchor",
                                               "{\"prompt\":\"sandbox-fail\"}");

  g_assert_cmpstr (json_object_get_string_member (artwork, "status"), ==, "failed");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (artwork, "results")), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sandbox/styledna/" path, TestFixture, NULL, test_fixture_setup, func, test_fixture_teardown)
  ADD ("anchor-then-generate", test_anchor_then_generate);
  ADD ("custom-size", test_custom_size);
  ADD ("validation", test_validation);
  ADD ("failure", test_failure);
#undef ADD

  return g_test_run ();
}
