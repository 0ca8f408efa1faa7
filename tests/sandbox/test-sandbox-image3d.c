/* test-sandbox-image3d.c: the image3d dialect over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sandbox-test-util.h"

static void
assert_image3d_error (TestReply *reply,
                      guint      status)
{
  g_autoptr(JsonObject) root = NULL;

  g_assert_cmpuint (reply->status, ==, status);
  root = test_reply_object (reply);
  g_assert_nonnull (json_object_get_string_member (root, "error"));
  g_assert_nonnull (json_object_get_string_member (root, "code"));
}

static gint64
balance (TestFixture *fixture)
{
  g_autoptr(TestReply) reply = test_get (fixture, "/api/balance", TOKEN);
  g_autoptr(JsonObject) root = test_reply_object (reply);

  g_assert_cmpuint (reply->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (root, "unit"), ==, "credits");
  return json_object_get_int_member (root, "balance");
}

static guint32
read_u32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, 4);
  return GUINT32_FROM_LE (v);
}

/* Submits, polls to success and returns the downloaded GLB's JSON chunk. */
static JsonObject *
generate_model (TestFixture  *fixture,
                const char   *body,
                const char   *token_for_status,
                GBytes      **glb_out)
{
  g_autoptr(TestReply) submitted = test_post_json (fixture, "/api/generate", TOKEN, body);
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(TestReply) download = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *prefix = NULL;
  g_autofree char *model_url = NULL;
  const guint8 *glb;
  gint64 last_progress = -1;
  gboolean saw_processing = FALSE;

  g_assert_cmpuint (submitted->status, ==, 200);
  root = test_reply_object (submitted);
  g_assert_cmpstr (json_object_get_string_member (root, "status"), ==, "queued");
  g_assert_nonnull (json_object_get_string_member (root, "provider"));

  for (guint i = 0; i < 200 && model_url == NULL; i++)
    {
      g_autofree char *path = g_strdup_printf ("/api/status/%s", json_object_get_string_member (root, "task_id"));
      g_autoptr(TestReply) reply = test_get (fixture, path, token_for_status);
      g_autoptr(JsonObject) status = NULL;
      const char *state;
      gint64 progress;

      g_assert_cmpuint (reply->status, ==, 200);
      status = test_reply_object (reply);
      state = json_object_get_string_member (status, "status");
      progress = json_object_get_int_member (status, "progress");
      g_assert_cmpint (progress, >=, last_progress);
      g_assert_cmpint (progress, <=, 100);
      last_progress = progress;
      if (g_str_equal (state, "processing"))
        saw_processing = TRUE;
      if (g_str_equal (state, "success"))
        {
          g_assert_cmpint (progress, ==, 100);
          model_url = g_strdup (json_object_get_string_member (status, "model_url"));
        }
      else
        {
          g_assert_true (g_str_equal (state, "queued") || g_str_equal (state, "processing"));
          test_wait (20);
        }
    }
  g_assert_true (saw_processing);
  g_assert_nonnull (model_url);

  prefix = g_strdup_printf ("http://127.0.0.1:%u/cdn/", atelier_sandbox_get_cdn_port (fixture->sandbox));
  g_assert_true (g_str_has_prefix (model_url, prefix));
  g_assert_true (g_str_has_suffix (model_url, ".glb"));
  download = test_get (fixture, model_url, NULL);
  g_assert_cmpuint (download->status, ==, 200);
  glb = g_bytes_get_data (download->body, NULL);
  g_assert_cmpmem (glb, 4, "glTF", 4);
  g_assert_cmpuint (read_u32 (glb + 8), ==, g_bytes_get_size (download->body));
  json_parser_load_from_data (parser, (const char *) glb + 20, read_u32 (glb + 12), NULL);
  if (glb_out != NULL)
    *glb_out = g_bytes_ref (download->body);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static guint
face_count (JsonObject *gltf)
{
  JsonObject *prim = json_array_get_object_element (json_object_get_array_member (json_array_get_object_element (json_object_get_array_member (gltf, "meshes"), 0), "primitives"), 0);
  JsonObject *accessor = json_array_get_object_element (json_object_get_array_member (gltf, "accessors"),
                                                        json_object_get_int_member (prim, "indices"));

  return json_object_get_int_member (accessor, "count") / 3;
}

static void
test_text_to_model (TestFixture   *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) fast = NULL;
  g_autoptr(JsonObject) pro = NULL;
  gint64 before = balance (fixture);

  g_assert_cmpint (before, ==, 580);
  fast = generate_model (fixture, "{\"mode\":\"text\",\"prompt\":\"a red sports car\",\"quality\":\"fast\"}", TOKEN, NULL);
  /* The documented status call carries no token: accepted. */
  pro = generate_model (fixture, "{\"mode\":\"text\",\"prompt\":\"a red sports car\"}", NULL, NULL);

  g_assert_cmpuint (face_count (fast), <, face_count (pro));
  g_assert_true (json_object_has_member (pro, "images"));
  g_assert_cmpint (balance (fixture), ==, before - 5 - 20);
  test_assert_no_token_on_cdn (fixture->sandbox);
}

static void
test_image_mode_mesh_only (TestFixture   *fixture,
                           gconstpointer  data)
{
  g_autofree char *image = g_base64_encode ((const guchar *) "\x89PNG\r\n\x1a\n0123456789", 18);
  g_autofree char *body = g_strdup_printf ("{\"mode\":\"image\",\"image\":\"%s\",\"quality\":\"standard\","
                                           "\"mesh_only\":true}", image);
  g_autoptr(JsonObject) gltf = generate_model (fixture, body, TOKEN, NULL);

  g_assert_false (json_object_has_member (gltf, "images"));
  g_assert_false (json_object_has_member (gltf, "textures"));
}

/* Image-to-3D: the uploaded picture becomes the model's base colour texture. */
static void
test_image_mode_texture (TestFixture   *fixture,
                         gconstpointer  data)
{
  g_autoptr(GdkPixbuf) red = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 48, 48);
  g_autofree char *png = NULL;
  g_autofree char *b64 = NULL;
  g_autofree char *body = NULL;
  g_autoptr(JsonObject) gltf = NULL;
  g_autoptr(GBytes) glb = NULL;
  g_autoptr(GBytes) image = NULL;
  g_autoptr(GdkPixbuf) texture = NULL;
  JsonObject *view;
  const guint8 *px, *bin;
  gsize png_len;
  guint32 json_len;

  gdk_pixbuf_fill (red, 0xe01010ff);
  gdk_pixbuf_save_to_buffer (red, &png, &png_len, "png", NULL, NULL);
  b64 = g_base64_encode ((const guchar *) png, png_len);
  body = g_strdup_printf ("{\"mode\":\"image\",\"image\":\"data:image/png;base64,%s\","
                          "\"quality\":\"fast\"}", b64);
  gltf = generate_model (fixture, body, TOKEN, &glb);

  view = json_array_get_object_element (json_object_get_array_member (gltf, "bufferViews"),
                                        json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (gltf, "images"), 0), "bufferView"));
  json_len = read_u32 ((const guint8 *) g_bytes_get_data (glb, NULL) + 12);
  bin = (const guint8 *) g_bytes_get_data (glb, NULL) + 28 + json_len;
  image = g_bytes_new (bin + json_object_get_int_member (view, "byteOffset"),
                       json_object_get_int_member (view, "byteLength"));
  texture = test_decode_image (image);
  g_assert_cmpint (gdk_pixbuf_get_width (texture), ==, 256);
  px = gdk_pixbuf_read_pixels (texture) + 128 * gdk_pixbuf_get_rowstride (texture)
       + 128 * gdk_pixbuf_get_n_channels (texture);
  g_assert_cmpuint (px[0], >, 200);
  g_assert_cmpuint (px[1], <, 40);
}

static void
test_validation (TestFixture   *fixture,
                 gconstpointer  data)
{
  const char *bad[] = {
    "{\"prompt\":\"a car\"}",
    "{\"mode\":\"video\",\"prompt\":\"a car\"}",
    "{\"mode\":\"text\"}",
    "{\"mode\":\"text\",\"prompt\":\"\"}",
    "{\"mode\":\"image\"}",
    "{\"mode\":\"image\",\"image\":\"aGVsbG8gd29ybGQsIG5vdCBhbiBpbWFnZQ==\"}",
    "{\"mode\":\"text\",\"prompt\":\"a car\",\"quality\":\"insane\"}",
    "{\"mode\":\"text\",\"prompt\":\"a car\",\"mesh_only\":\"yes\"}",
    "{\"mode\":\"text\",\"prompt\":42}",
    "not json",
  };
  g_autoptr(TestReply) missing = test_get (fixture, "/api/status/does-not-exist", TOKEN);
  g_autoptr(TestReply) no_token = test_post_json (fixture, "/api/generate", NULL, "{\"mode\":\"text\",\"prompt\":\"x\"}");
  g_autoptr(TestReply) no_token_balance = test_get (fixture, "/api/balance", NULL);
  g_autoptr(TestReply) wrong_token_status = test_get (fixture, "/api/status/x", "expired-firebase-token");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(TestReply) reply = test_post_json (fixture, "/api/generate", TOKEN, bad[i]);

      g_test_message ("%s", bad[i]);
      assert_image3d_error (reply, 400);
    }
  assert_image3d_error (missing, 404);
  assert_image3d_error (no_token, 401);
  assert_image3d_error (no_token_balance, 401);
  assert_image3d_error (wrong_token_status, 401);
  g_assert_cmpint (balance (fixture), ==, 580);
}

/* The balance is lowered over the control endpoint, as another process would. */
static void
test_insufficient_credits (TestFixture   *fixture,
                           gconstpointer  data)
{
  g_autoptr(TestReply) config = test_post_json (fixture, "/_sandbox/config", NULL, "{\"balance\":15}");
  g_autoptr(TestReply) ultra = NULL;
  g_autoptr(TestReply) fast = NULL;

  g_assert_cmpuint (config->status, ==, 200);
  g_assert_cmpint (balance (fixture), ==, 15);
  ultra = test_post_json (fixture, "/api/generate", TOKEN, "{\"mode\":\"text\",\"prompt\":\"x\",\"quality\":\"ultra\"}");
  assert_image3d_error (ultra, 402);
  fast = test_post_json (fixture, "/api/generate", TOKEN, "{\"mode\":\"text\",\"prompt\":\"x\",\"quality\":\"fast\"}");
  g_assert_cmpuint (fast->status, ==, 200);
  g_assert_cmpint (balance (fixture), ==, 10);
}

/* An opt-in plan limit: one job too many is refused with 429 + Retry-After. */
static void
test_concurrency_limit (TestFixture   *fixture,
                        gconstpointer  data)
{
  const char *body = "{\"mode\":\"text\",\"prompt\":\"x\",\"quality\":\"fast\"}";
  g_autoptr(TestReply) first = NULL;
  g_autoptr(TestReply) second = NULL;
  g_autoptr(TestReply) third = NULL;
  g_autoptr(TestReply) config = NULL;

  atelier_sandbox_set_job_duration (fixture->sandbox, 5000);
  atelier_sandbox_set_image3d_concurrency (fixture->sandbox, 1);
  first = test_post_json (fixture, "/api/generate", TOKEN, body);
  second = test_post_json (fixture, "/api/generate", TOKEN, body);
  g_assert_cmpuint (first->status, ==, 200);
  assert_image3d_error (second, 429);
  g_assert_cmpstr (soup_message_headers_get_one (second->headers, "Retry-After"), ==, "1");
  g_assert_cmpint (balance (fixture), ==, 575);

  config = test_post_json (fixture, "/_sandbox/config", NULL, "{\"image3d_concurrency\":0}");
  g_assert_cmpuint (config->status, ==, 200);
  third = test_post_json (fixture, "/api/generate", TOKEN, body);
  g_assert_cmpuint (third->status, ==, 200);
}

/* A 402 leads to the purchase page; opening it adds credits once. */
static void
test_checkout (TestFixture   *fixture,
               gconstpointer  data)
{
  g_autoptr(TestReply) session = test_post_json (fixture, "/api/create-checkout-session", TOKEN,
                                                 "{\"priceId\":\"price_123\",\"type\":\"pack\","
                                                 "\"pack\":\"starter\",\"generations\":3}");
  /* priceId is optional; a body saying nothing to buy is not. */
  g_autoptr(TestReply) bad = test_post_json (fixture, "/api/create-checkout-session", TOKEN,
                                             "{}");
  g_autoptr(TestReply) no_token = test_post_json (fixture, "/api/create-checkout-session", NULL,
                                                  "{\"priceId\":\"price_123\"}");
  g_autoptr(JsonObject) root = test_reply_object (session);
  g_autoptr(TestReply) page = NULL;
  g_autoptr(TestReply) again = NULL;
  g_autofree char *prefix = g_strdup_printf ("http://127.0.0.1:%u/", atelier_sandbox_get_cdn_port (fixture->sandbox));
  const char *url = json_object_get_string_member (root, "url");

  g_assert_cmpuint (session->status, ==, 200);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (root, "sessionId"), "cs_test_"));
  g_assert_true (g_str_has_prefix (url, prefix));
  assert_image3d_error (bad, 400);
  assert_image3d_error (no_token, 401);
  g_assert_cmpint (balance (fixture), ==, 580);

  page = test_get (fixture, url, NULL);
  g_assert_cmpuint (page->status, ==, 200);
  g_assert_cmpint (balance (fixture), ==, 610);
  again = test_get (fixture, url, NULL);
  g_assert_cmpint (balance (fixture), ==, 610);
}

static void
test_failure (TestFixture   *fixture,
              gconstpointer  data)
{
  g_autoptr(TestReply) submitted = test_post_json (fixture, "/api/generate", TOKEN,
                                                   "{\"mode\":\"text\",\"prompt\":\"sandbox-fail\",\"quality\":\"proplus\"}");
  g_autoptr(JsonObject) root = test_reply_object (submitted);
  g_autofree char *path = g_strdup_printf ("/api/status/%s", json_object_get_string_member (root, "task_id"));

  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(TestReply) reply = test_get (fixture, path, TOKEN);
      g_autoptr(JsonObject) status = test_reply_object (reply);

      if (g_str_equal (json_object_get_string_member (status, "status"), "failed"))
        {
          g_assert_nonnull (json_object_get_string_member (status, "error"));
          g_assert_false (json_object_has_member (status, "model_url"));
          return;
        }
      test_wait (20);
    }
  g_assert_not_reached ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sandbox/image3d/" path, TestFixture, NULL, test_fixture_setup, func, test_fixture_teardown)
  ADD ("text-to-model", test_text_to_model);
  ADD ("image-mode-mesh-only", test_image_mode_mesh_only);
  ADD ("image-mode-texture", test_image_mode_texture);
  ADD ("validation", test_validation);
  ADD ("insufficient-credits", test_insufficient_credits);
  ADD ("checkout", test_checkout);
  ADD ("concurrency-limit", test_concurrency_limit);
  ADD ("failure", test_failure);
#undef ADD

  return g_test_run ();
}
