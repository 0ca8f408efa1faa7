/* test-sandbox-core3d.c: the Core3D dialect over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sandbox-test-util.h"

static JsonObject *
poll_generation (TestFixture *fixture,
                 const char  *id,
                 GPtrArray   *seen)
{
  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *path = g_strdup_printf ("/v1/generations/%s", id);
      g_autoptr(TestReply) reply = test_get (fixture, path, TOKEN);
      JsonObject *root;
      const char *status;

      g_assert_cmpuint (reply->status, ==, 200);
      root = test_reply_object (reply);
      status = json_object_get_string_member (root, "status");
      if (seen != NULL && (seen->len == 0 || !g_str_equal (g_ptr_array_index (seen, seen->len - 1), status)))
        g_ptr_array_add (seen, g_strdup (status));
      if (!g_str_equal (status, "pending") && !g_str_equal (status, "waiting") &&
          !g_str_equal (status, "running"))
        return root;
      json_object_unref (root);
      test_wait (30);
    }
  g_assert_not_reached ();
}

static void
assert_core3d_error (TestReply *reply,
                     guint      status)
{
  g_autoptr(JsonObject) root = NULL;
  JsonObject *error;

  g_assert_cmpuint (reply->status, ==, status);
  root = test_reply_object (reply);
  error = json_object_get_object_member (root, "error");
  g_assert_nonnull (error);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  g_assert_nonnull (json_object_get_string_member (error, "code"));
  g_assert_cmpint (json_object_get_int_member (error, "status"), ==, status);
}

static void
test_styles (TestFixture   *fixture,
             gconstpointer  data)
{
  g_autoptr(TestReply) reply = test_get (fixture, "/v1/generation-styles", TOKEN);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(TestReply) preview = NULL;
  JsonArray *styles;
  JsonObject *vector = NULL;
  gboolean graphic_only = FALSE, no_transparency = FALSE;

  g_assert_cmpuint (reply->status, ==, 200);
  json_parser_load_from_data (parser, g_bytes_get_data (reply->body, NULL),
                              g_bytes_get_size (reply->body), NULL);
  styles = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (styles), >=, 4);

  for (guint i = 0; i < json_array_get_length (styles); i++)
    {
      JsonObject *style = json_array_get_object_element (styles, i);
      JsonObject *types = json_object_get_object_member (style, "types");
      g_autofree char *uri = g_strconcat ("core3d:generation-style:",
                                          json_object_get_string_member (style, "id"), NULL);

      g_assert_cmpstr (json_object_get_string_member (style, "uri"), ==, uri);
      g_assert_nonnull (json_object_get_string_member (style, "name"));
      if (g_str_equal (json_object_get_string_member (style, "id"), "vector-art"))
        vector = style;
      if (json_object_has_member (types, "graphic") && !json_object_has_member (types, "pattern"))
        graphic_only = TRUE;
      if (json_object_has_member (types, "graphic"))
        {
          JsonArray *supports = json_object_get_array_member (json_object_get_object_member (types, "graphic"), "supports");

          if (json_array_get_length (supports) == 1)
            no_transparency = TRUE;
        }
    }
  g_assert_nonnull (vector);
  g_assert_true (graphic_only);
  g_assert_true (no_transparency);

  preview = test_get (fixture, json_object_get_string_member (vector, "preview"), NULL);
  g_assert_cmpuint (preview->status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (preview->body, NULL), 4, "\x89PNG", 4);
}

static void
test_generation (TestFixture   *fixture,
                 gconstpointer  data)
{
  g_autoptr(TestReply) created = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(JsonObject) done = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  const char *id, *uri;
  JsonArray *uploads;

  created = test_post_json (fixture, "/v1/generations", TOKEN,
                            "{\"type\":\"image\",\"data\":{\"colors\":[\"black\",\"gold\"],"
                            "\"prompt\":\"lazy cats\",\"style\":\"vector-art\",\"type\":\"pattern\","
                            "\"count\":2}}");
  g_assert_cmpuint (created->status, ==, 200);
  root = test_reply_object (created);
  id = json_object_get_string_member (root, "id");
  uri = json_object_get_string_member (root, "uri");
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_true (g_str_has_prefix (uri, "core3d:generation:"));
  g_assert_cmpstr (uri + strlen ("core3d:generation:"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (root, "status"), ==, "pending");
  g_assert_true (json_object_get_null_member (root, "result"));
  g_ptr_array_add (seen, g_strdup ("pending"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "data"), "style"), ==, "vector-art");

  /* Poll by URI, as the docs suggest. */
  done = poll_generation (fixture, uri, seen);
  g_assert_cmpstr (json_object_get_string_member (done, "status"), ==, "ok");
  g_assert_cmpstr (g_ptr_array_index (seen, seen->len - 1), ==, "ok");
  g_assert_true (seen->len >= 2);
  /* States only move forward. */
  {
    const char *order[] = { "pending", "waiting", "running", "ok", NULL };
    guint at = 0;

    for (guint i = 0; i < seen->len; i++)
      {
        while (order[at] != NULL && !g_str_equal (order[at], g_ptr_array_index (seen, i)))
          at++;
        g_assert_nonnull (order[at]);
      }
  }

  uploads = json_object_get_array_member (json_object_get_object_member (done, "result"), "uploads");
  g_assert_cmpuint (json_array_get_length (uploads), ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      const char *upload_uri = json_array_get_string_element (uploads, i);
      g_autofree char *path = g_strdup_printf ("/v1/uploads/%s", upload_uri);
      g_autoptr(TestReply) upload = test_get (fixture, path, TOKEN);
      g_autoptr(JsonObject) upload_root = NULL;
      g_autoptr(TestReply) download = NULL;
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      g_autofree char *prefix = g_strdup_printf ("http://127.0.0.1:%u/presigned/",
                                                 atelier_sandbox_get_cdn_port (fixture->sandbox));
      const char *url;

      g_assert_true (g_str_has_prefix (upload_uri, "core3d:upload:"));
      g_assert_cmpuint (upload->status, ==, 200);
      upload_root = test_reply_object (upload);
      g_assert_cmpstr (json_object_get_string_member (upload_root, "uri"), ==, upload_uri);
      url = json_object_get_string_member (upload_root, "url");
      g_assert_true (g_str_has_prefix (url, prefix));
      g_assert_nonnull (strstr (url, "X-Expires="));
      g_assert_nonnull (strstr (url, "X-Signature="));

      download = test_get (fixture, url, NULL);
      g_assert_cmpuint (download->status, ==, 200);
      pixbuf = test_decode_image (download->body);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 512);

      /* A tampered signature is refused like S3 would. */
      {
        g_autofree char *tampered = g_strconcat (url, "0", NULL);
        g_autoptr(TestReply) refused = test_get (fixture, tampered, NULL);

        g_assert_cmpuint (refused->status, ==, 403);
        g_assert_nonnull (g_strstr_len (g_bytes_get_data (refused->body, NULL),
                                        g_bytes_get_size (refused->body), "<Error>"));
      }
    }

  /* Bare ids work as well as URIs. */
  {
    g_autofree char *path = g_strdup_printf ("/v1/generations/%s", id);
    g_autoptr(TestReply) again = test_get (fixture, path, TOKEN);

    g_assert_cmpuint (again->status, ==, 200);
  }

  test_assert_no_token_on_cdn (fixture->sandbox);
}

static void
test_transparency (TestFixture   *fixture,
                   gconstpointer  data)
{
  g_autoptr(TestReply) created = test_post_json (fixture, "/v1/generations", TOKEN,
                                                 "{\"type\":\"image\",\"data\":{\"prompt\":\"a gold coin\","
                                                 "\"style\":\"pixel-art\",\"type\":\"graphic\",\"transparency\":true}}");
  g_autoptr(JsonObject) root = test_reply_object (created);
  g_autoptr(JsonObject) done = poll_generation (fixture, json_object_get_string_member (root, "id"), NULL);
  const char *upload = json_array_get_string_element (json_object_get_array_member (json_object_get_object_member (done, "result"), "uploads"), 0);
  g_autofree char *path = g_strdup_printf ("/v1/uploads/%s", upload);
  g_autoptr(TestReply) reply = test_get (fixture, path, TOKEN);
  g_autoptr(JsonObject) upload_root = test_reply_object (reply);
  g_autoptr(TestReply) download = test_get (fixture, json_object_get_string_member (upload_root, "url"), NULL);
  g_autoptr(GdkPixbuf) pixbuf = test_decode_image (download->body);

  g_assert_true (gdk_pixbuf_get_has_alpha (pixbuf));
  g_assert_cmpuint (gdk_pixbuf_read_pixels (pixbuf)[3], ==, 0);
}

static void
test_validation (TestFixture   *fixture,
                 gconstpointer  data)
{
  const char *bad[] = {
    "{\"type\":\"model\",\"data\":{\"style\":\"vector-art\",\"type\":\"graphic\"}}",
    "{\"type\":\"image\"}",
    "{\"type\":\"image\",\"data\":{\"type\":\"graphic\"}}",
    "{\"type\":\"image\",\"data\":{\"style\":\"oil-paint\",\"type\":\"graphic\"}}",
    "{\"type\":\"image\",\"data\":{\"style\":\"vector-art\",\"type\":\"sculpture\"}}",
    "{\"type\":\"image\",\"data\":{\"style\":\"pixel-art\",\"type\":\"pattern\"}}",
    "{\"type\":\"image\",\"data\":{\"style\":\"watercolor\",\"type\":\"graphic\",\"transparency\":true}}",
    "{\"type\":\"image\",\"data\":{\"style\":\"vector-art\",\"type\":\"pattern\",\"transparency\":true}}",
    "{\"type\":\"image\",\"data\":{\"style\":\"vector-art\",\"type\":\"graphic\",\"colors\":[\"blurple\"]}}",
    "{\"type\":\"image\",\"data\":{\"style\":\"vector-art\",\"type\":\"graphic\",\"colors\":\"red\"}}",
    "{\"type\":\"image\",\"data\":{\"style\":\"vector-art\",\"type\":\"graphic\",\"count\":0}}",
    "{\"type\":\"image\",\"data\":{\"style\":\"vector-art\",\"type\":\"graphic\",\"prompt\":7}}",
    "{\"type\":",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(TestReply) reply = test_post_json (fixture, "/v1/generations", TOKEN, bad[i]);

      g_test_message ("%s", bad[i]);
      assert_core3d_error (reply, 400);
    }
}

static void
test_moderation_and_failure (TestFixture   *fixture,
                             gconstpointer  data)
{
  g_autoptr(TestReply) refused = test_post_json (fixture, "/v1/generations", TOKEN,
                                                 "{\"type\":\"image\",\"data\":{\"style\":\"vector-art\","
                                                 "\"type\":\"graphic\",\"prompt\":\"something forbidden\"}}");
  g_autoptr(TestReply) failing = test_post_json (fixture, "/v1/generations", TOKEN,
                                                 "{\"type\":\"image\",\"data\":{\"style\":\"vector-art\","
                                                 "\"type\":\"graphic\",\"prompt\":\"sandbox-fail please\"}}");
  g_autoptr(JsonObject) root = test_reply_object (failing);
  g_autoptr(JsonObject) done = poll_generation (fixture, json_object_get_string_member (root, "id"), NULL);

  assert_core3d_error (refused, 422);
  g_assert_cmpstr (json_object_get_string_member (done, "status"), ==, "error");
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (done, "error"), "message"));
}

static void
test_cancel_and_missing (TestFixture   *fixture,
                         gconstpointer  data)
{
  g_autoptr(TestReply) created = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(TestReply) canceled = NULL;
  g_autoptr(JsonObject) canceled_root = NULL;
  g_autoptr(TestReply) missing = test_get (fixture, "/v1/generations/core3d:generation:nope", TOKEN);
  g_autoptr(TestReply) missing_upload = test_get (fixture, "/v1/uploads/nope", TOKEN);
  g_autoptr(TestReply) unauthorized = test_get (fixture, "/v1/generation-styles", "wrong");
  g_autofree char *path = NULL;

  atelier_sandbox_set_job_duration (fixture->sandbox, 5000);
  created = test_post_json (fixture, "/v1/generations", TOKEN,
                            "{\"type\":\"image\",\"data\":{\"style\":\"line-art\",\"type\":\"graphic\"}}");
  root = test_reply_object (created);
  path = g_strdup_printf ("/v1/generations/%s/cancel", json_object_get_string_member (root, "uri"));
  canceled = test_post_json (fixture, path, TOKEN, "{}");
  g_assert_cmpuint (canceled->status, ==, 200);
  canceled_root = test_reply_object (canceled);
  g_assert_cmpstr (json_object_get_string_member (canceled_root, "status"), ==, "canceled");

  assert_core3d_error (missing, 404);
  assert_core3d_error (missing_upload, 404);
  assert_core3d_error (unauthorized, 401);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sandbox/core3d/" path, TestFixture, NULL, test_fixture_setup, func, test_fixture_teardown)
  ADD ("styles", test_styles);
  ADD ("generation", test_generation);
  ADD ("transparency", test_transparency);
  ADD ("validation", test_validation);
  ADD ("moderation-and-failure", test_moderation_and_failure);
  ADD ("cancel-and-missing", test_cancel_and_missing);
#undef ADD

  return g_test_run ();
}
