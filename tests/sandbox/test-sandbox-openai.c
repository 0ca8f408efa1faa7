/* test-sandbox-openai.c: the OpenAI-compatible dialect over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "sandbox-test-util.h"

#define GENERATIONS "/v1/images/generations"
#define EDITS       "/v1/images/edits"

/* Asserts a 400-ish OpenAI error and returns its param. */
static char *
assert_openai_error (TestReply  *reply,
                     guint       status,
                     const char *code)
{
  g_autoptr(JsonObject) root = NULL;
  JsonObject *error;

  g_assert_cmpuint (reply->status, ==, status);
  root = test_reply_object (reply);
  error = json_object_get_object_member (root, "error");
  g_assert_nonnull (error);
  g_assert_nonnull (json_object_get_string_member (error, "message"));
  g_assert_true (json_object_has_member (error, "type"));
  g_assert_true (json_object_has_member (error, "param"));
  g_assert_true (json_object_has_member (error, "code"));
  if (code != NULL)
    g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  return g_strdup (json_object_get_string_member_with_default (error, "param", NULL));
}

static void
test_generations_url (TestFixture   *fixture,
                      gconstpointer  data)
{
  g_autoptr(TestReply) reply = NULL;
  g_autoptr(TestReply) download = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *prefix = NULL;
  JsonArray *items;
  const char *url;

  reply = test_post_json (fixture, GENERATIONS, TOKEN,
                          "{\"prompt\":\"lazy cats in black and gold\",\"model\":\"dall-e-2\","
                          "\"size\":\"256x256\",\"n\":2}");
  g_assert_cmpuint (reply->status, ==, 200);
  root = test_reply_object (reply);
  g_assert_cmpint (json_object_get_int_member (root, "created"), >, 0);
  items = json_object_get_array_member (root, "data");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);

  url = json_object_get_string_member (json_array_get_object_element (items, 0), "url");
  prefix = g_strdup_printf ("http://127.0.0.1:%u/cdn/", atelier_sandbox_get_cdn_port (fixture->sandbox));
  g_assert_true (g_str_has_prefix (url, prefix));

  download = test_get (fixture, url, NULL);
  g_assert_cmpuint (download->status, ==, 200);
  g_assert_cmpmem (g_bytes_get_data (download->body, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
  pixbuf = test_decode_image (download->body);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 256);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 256);

  g_assert_cmpuint (atelier_sandbox_count_requests (fixture->sandbox, "POST " GENERATIONS), ==, 1);
  test_assert_no_token_on_cdn (fixture->sandbox);
}

static void
test_generations_gpt_b64 (TestFixture   *fixture,
                          gconstpointer  data)
{
  g_autoptr(TestReply) reply = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autofree guchar *bytes = NULL;
  JsonObject *item;
  gsize len;

  /* response_format=url is ignored: GPT image models answer base64. */
  reply = test_post_json (fixture, GENERATIONS, TOKEN,
                          "{\"prompt\":\"a red fox\",\"model\":\"gpt-image-1\",\"size\":\"1024x1536\","
                          "\"quality\":\"low\",\"output_format\":\"webp\",\"output_compression\":80,"
                          "\"background\":\"transparent\",\"moderation\":\"low\",\"user\":\"u-1\","
                          "\"response_format\":\"url\"}");
  g_assert_cmpuint (reply->status, ==, 200);
  root = test_reply_object (reply);
  item = json_array_get_object_element (json_object_get_array_member (root, "data"), 0);
  g_assert_false (json_object_has_member (item, "url"));
  bytes = g_base64_decode (json_object_get_string_member (item, "b64_json"), &len);
  g_assert_cmpuint (len, >, 12);
  g_assert_cmpmem (bytes + 8, 4, "WEBP", 4);
  g_assert_cmpstr (json_object_get_string_member (root, "output_format"), ==, "webp");
  g_assert_cmpstr (json_object_get_string_member (root, "background"), ==, "transparent");
  g_assert_cmpstr (json_object_get_string_member (root, "size"), ==, "1024x1536");
  g_assert_true (json_object_has_member (root, "usage"));
}

static void
test_generations_dalle3_b64 (TestFixture   *fixture,
                             gconstpointer  data)
{
  g_autoptr(TestReply) reply = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  JsonObject *item;
  guchar *bytes;
  gsize len;

  reply = test_post_json (fixture, GENERATIONS, TOKEN,
                          "{\"prompt\":\"a lighthouse\",\"model\":\"dall-e-3\",\"size\":\"1792x1024\","
                          "\"quality\":\"hd\",\"style\":\"natural\",\"response_format\":\"b64_json\"}");
  g_assert_cmpuint (reply->status, ==, 200);
  root = test_reply_object (reply);
  item = json_array_get_object_element (json_object_get_array_member (root, "data"), 0);
  g_assert_true (json_object_has_member (item, "revised_prompt"));
  bytes = g_base64_decode (json_object_get_string_member (item, "b64_json"), &len);
  png = g_bytes_new_take (bytes, len);
  pixbuf = test_decode_image (png);
  /* Rendered at most 1024 px on the longest edge, aspect kept. */
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 1024);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 585);
}

static void
test_generations_validation (TestFixture   *fixture,
                             gconstpointer  data)
{
  const struct { const char *body; const char *param; const char *code; } cases[] = {
    { "{\"model\":\"dall-e-2\"}", "prompt", "missing_required_parameter" },
    { "{\"prompt\":\"\"}", "prompt", "missing_required_parameter" },
    { "{\"prompt\":42}", "prompt", "invalid_type" },
    { "{\"prompt\":\"x\",\"n\":0}", "n", "integer_below_min_value" },
    { "{\"prompt\":\"x\",\"n\":11}", "n", "integer_above_max_value" },
    { "{\"prompt\":\"x\",\"n\":\"2\"}", "n", "invalid_type" },
    { "{\"prompt\":\"x\",\"model\":\"dall-e-3\",\"n\":2}", "n", "invalid_value" },
    { "{\"prompt\":\"x\",\"size\":\"1792x1024\"}", "size", "invalid_value" },
    { "{\"prompt\":\"x\",\"model\":\"gpt-image-1\",\"size\":\"512x512\"}", "size", "invalid_value" },
    { "{\"prompt\":\"x\",\"model\":\"gpt-image-2\",\"size\":\"1000x1000\"}", "size", "invalid_value" },
    { "{\"prompt\":\"x\",\"model\":\"gpt-image-2\",\"size\":\"3840x960\"}", "size", "invalid_value" },
    { "{\"prompt\":\"x\",\"quality\":\"hd\"}", "quality", "invalid_value" },
    { "{\"prompt\":\"x\",\"model\":\"gpt-image-1\",\"quality\":\"hd\"}", "quality", "invalid_value" },
    { "{\"prompt\":\"x\",\"response_format\":\"png\"}", "response_format", "invalid_value" },
    { "{\"prompt\":\"x\",\"output_format\":\"gif\"}", "output_format", "invalid_value" },
    { "{\"prompt\":\"x\",\"output_compression\":101}", "output_compression", "integer_above_max_value" },
    { "{\"prompt\":\"x\",\"background\":\"transparent\",\"output_format\":\"jpeg\"}", "background", "invalid_value" },
    { "{\"prompt\":\"x\",\"style\":\"cartoon\"}", "style", "invalid_value" },
    { "{\"prompt\":\"x\",\"moderation\":\"none\"}", "moderation", "invalid_value" },
    { "{\"prompt\":\"x\",\"model\":\"dall-e-9\"}", "model", "model_not_found" },
    { "{\"prompt\":\"x\",\"colour\":\"red\"}", "colour", "unknown_parameter" },
    /* Without a model dall-e-2 it is, which does not stream. */
    { "{\"prompt\":\"x\",\"stream\":true}", "stream", "invalid_value" },
    { "{\"prompt\":\"x\",\"model\":\"dall-e-3\",\"stream\":true}", "stream", "invalid_value" },
    { "{\"prompt\":\"x\",\"model\":\"gpt-image-1\",\"stream\":\"yes\"}", "stream",
      "invalid_type" },
    { "{\"prompt\":\"x\",\"model\":\"gpt-image-1\",\"stream\":true,\"partial_images\":4}",
      "partial_images", "integer_above_max_value" },
    { "{\"prompt\":\"a forbidden thing\"}", NULL, "moderation_blocked" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TestReply) reply = test_post_json (fixture, GENERATIONS, TOKEN, cases[i].body);
      g_autofree char *param = NULL;

      g_test_message ("%s", cases[i].body);
      param = assert_openai_error (reply, 400, cases[i].code);
      g_assert_cmpstr (param, ==, cases[i].param);
    }
}

static void
test_generations_malformed (TestFixture   *fixture,
                            gconstpointer  data)
{
  const char *bodies[] = { "{\"prompt\":", "[1,2]", "" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(TestReply) reply = test_post_json (fixture, GENERATIONS, TOKEN, bodies[i]);
      g_autofree char *param = assert_openai_error (reply, 400, NULL);
    }
}

static void
test_auth (TestFixture   *fixture,
           gconstpointer  data)
{
  g_autoptr(TestReply) missing = test_post_json (fixture, GENERATIONS, NULL, "{\"prompt\":\"x\"}");
  g_autoptr(TestReply) wrong = test_post_json (fixture, GENERATIONS, "nope", "{\"prompt\":\"x\"}");
  g_autofree char *p1 = assert_openai_error (missing, 401, NULL);
  g_autofree char *p2 = assert_openai_error (wrong, 401, "invalid_api_key");

  /* The token never comes back in an error message. */
  g_assert_null (g_strstr_len (g_bytes_get_data (wrong->body, NULL), g_bytes_get_size (wrong->body), "nope"));
}

static void
test_models (TestFixture   *fixture,
             gconstpointer  data)
{
  g_autoptr(TestReply) list = test_get (fixture, "/v1/models", TOKEN);
  g_autoptr(TestReply) one = test_get (fixture, "/v1/models/dall-e-3", TOKEN);
  g_autoptr(TestReply) missing = test_get (fixture, "/v1/models/gpt-9", TOKEN);
  g_autoptr(TestReply) unauthorized = test_get (fixture, "/v1/models", NULL);
  g_autoptr(JsonObject) root = test_reply_object (list);
  g_autoptr(JsonObject) model = test_reply_object (one);
  g_autofree char *p1 = assert_openai_error (missing, 404, "model_not_found");
  g_autofree char *p2 = assert_openai_error (unauthorized, 401, NULL);

  g_assert_cmpstr (json_object_get_string_member (root, "object"), ==, "list");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "data")), >=, 3);
  g_assert_cmpstr (json_object_get_string_member (model, "id"), ==, "dall-e-3");
}

static GBytes *
multipart_body (SoupMultipart *multipart,
                char         **content_type)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  GBytes *body = NULL;

  soup_multipart_to_message (multipart, headers, &body);
  *content_type = g_strdup (soup_message_headers_get_one (headers, "Content-Type"));
  return body;
}

static GBytes *
solid_png (guint  width,
           guint  height,
           guint32 rgba)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, width, height);
  g_autoptr(GError) error = NULL;
  char *buffer;
  gsize len;

  gdk_pixbuf_fill (pixbuf, rgba);
  gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &len, "png", &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, len);
}

static TestReply *
post_edit (TestFixture *fixture,
           GBytes      *image,
           GBytes      *mask,
           const char  *model,
           const char  *extra_name,
           const char  *extra_value)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *content_type = NULL;

  if (image != NULL)
    soup_multipart_append_form_file (multipart, "image", "input.png", "image/png", image);
  if (mask != NULL)
    soup_multipart_append_form_file (multipart, "mask", "mask.png", "image/png", mask);
  soup_multipart_append_form_string (multipart, "prompt", "add a golden sun");
  soup_multipart_append_form_string (multipart, "model", model);
  soup_multipart_append_form_string (multipart, "size", "256x256");
  soup_multipart_append_form_string (multipart, "n", "1");
  soup_multipart_append_form_string (multipart, "response_format", "b64_json");
  if (extra_name != NULL)
    soup_multipart_append_form_string (multipart, extra_name, extra_value);
  body = multipart_body (multipart, &content_type);
  return test_request (fixture, "POST", EDITS, TOKEN, content_type, body, 0);
}

static void
test_edits (TestFixture   *fixture,
            gconstpointer  data)
{
  g_autoptr(GBytes) input = solid_png (64, 64, 0x2040e0ff);
  g_autoptr(TestReply) reply = post_edit (fixture, input, NULL, "dall-e-2", NULL, NULL);
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  const guint8 *px;
  guint64 blue = 0, red = 0;
  int stride, nc;
  guchar *bytes;
  gsize len;

  g_assert_cmpuint (reply->status, ==, 200);
  root = test_reply_object (reply);
  bytes = g_base64_decode (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (root, "data"), 0), "b64_json"), &len);
  png = g_bytes_new_take (bytes, len);
  pixbuf = test_decode_image (png);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 256);

  /* The blue input shows through: on average blue dominates red. */
  px = gdk_pixbuf_read_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  nc = gdk_pixbuf_get_n_channels (pixbuf);
  for (int y = 0; y < 256; y++)
    for (int x = 0; x < 256; x++)
      {
        red += px[y * stride + x * nc];
        blue += px[y * stride + x * nc + 2];
      }
  g_assert_cmpuint (blue, >, red);
}

static void
test_edits_mask_and_multi (TestFixture   *fixture,
                           gconstpointer  data)
{
  g_autoptr(GBytes) input = solid_png (64, 64, 0xff0000ff);
  g_autoptr(GBytes) mask = solid_png (64, 64, 0x00000000);
  g_autoptr(GBytes) wrong_mask = solid_png (32, 32, 0x00000000);
  g_autoptr(GBytes) not_image = g_bytes_new_static ("hello world!", 12);
  g_autoptr(TestReply) ok = post_edit (fixture, input, mask, "gpt-image-1", "output_format", "jpeg");
  g_autoptr(TestReply) bad_mask = post_edit (fixture, input, wrong_mask, "gpt-image-1", NULL, NULL);
  g_autoptr(TestReply) no_image = post_edit (fixture, NULL, NULL, "gpt-image-1", NULL, NULL);
  g_autoptr(TestReply) bad_image = post_edit (fixture, not_image, NULL, "gpt-image-1", NULL, NULL);
  g_autoptr(TestReply) bad_n = post_edit (fixture, input, NULL, "gpt-image-1", "n", "zero");
  g_autoptr(JsonObject) root = test_reply_object (ok);
  g_autofree char *p1 = assert_openai_error (bad_mask, 400, "invalid_image_dimensions");
  g_autofree char *p2 = assert_openai_error (no_image, 400, "missing_required_parameter");
  g_autofree char *p3 = assert_openai_error (bad_image, 400, "invalid_image_format");
  g_autofree char *p4 = assert_openai_error (bad_n, 400, "invalid_type");
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(GBytes) body = NULL;
  g_autofree char *content_type = NULL;
  g_autoptr(TestReply) multi = NULL;
  g_autoptr(TestReply) not_multipart = NULL;
  g_autofree char *p5 = NULL;

  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (root, "output_format"), ==, "jpeg");
  g_assert_cmpstr (p1, ==, "mask");
  g_assert_cmpstr (p2, ==, "image");

  /* image[] several times (GPT models take up to 16). */
  for (guint i = 0; i < 3; i++)
    soup_multipart_append_form_file (multipart, "image[]", "in.png", "image/png", input);
  soup_multipart_append_form_string (multipart, "prompt", "collage");
  soup_multipart_append_form_string (multipart, "model", "gpt-image-1.5");
  body = multipart_body (multipart, &content_type);
  multi = test_request (fixture, "POST", EDITS, TOKEN, content_type, body, 0);
  g_assert_cmpuint (multi->status, ==, 200);

  not_multipart = test_post_json (fixture, EDITS, TOKEN, "{\"prompt\":\"x\"}");
  p5 = assert_openai_error (not_multipart, 400, NULL);
}

/* The JSON form of edits: data: URLs and the sandbox's own links. */
static void
test_edits_json (TestFixture   *fixture,
                 gconstpointer  data)
{
  g_autoptr(GBytes) input = solid_png (32, 32, 0x2040e0ff);
  g_autofree char *b64 = g_base64_encode (g_bytes_get_data (input, NULL), g_bytes_get_size (input));
  g_autofree char *body = g_strdup_printf ("{\"prompt\":\"gold sun\",\"model\":\"gpt-image-1\","
                                           "\"images\":[{\"image_url\":\"data:image/png;base64,%s\"}],"
                                           "\"size\":\"1024x1024\",\"quality\":\"low\","
                                           "\"moderation\":\"low\"}", b64);
  g_autoptr(TestReply) ok = test_post_json (fixture, EDITS, TOKEN, body);
  g_autoptr(TestReply) generated = test_post_json (fixture, GENERATIONS, TOKEN,
                                                   "{\"prompt\":\"seed\",\"size\":\"256x256\"}");
  g_autoptr(JsonObject) generated_root = test_reply_object (generated);
  const char *url = json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (generated_root, "data"), 0), "url");
  g_autofree char *chained_body = g_strdup_printf ("{\"prompt\":\"again\",\"images\":[{\"image_url\":\"%s\"}]}", url);
  g_autoptr(TestReply) chained = test_post_json (fixture, EDITS, TOKEN, chained_body);
  g_autoptr(TestReply) file_id = test_post_json (fixture, EDITS, TOKEN,
                                                 "{\"prompt\":\"x\",\"images\":[{\"file_id\":\"file-1\"}]}");
  g_autoptr(TestReply) elsewhere = test_post_json (fixture, EDITS, TOKEN,
                                                   "{\"prompt\":\"x\",\"images\":[{\"image_url\":\"https://example.com/a.png\"}]}");
  g_autoptr(TestReply) no_images = test_post_json (fixture, EDITS, TOKEN, "{\"prompt\":\"x\"}");
  g_autofree char *p1 = assert_openai_error (file_id, 400, "unsupported_value");
  g_autofree char *p2 = assert_openai_error (elsewhere, 400, "unsupported_value");
  g_autofree char *p3 = assert_openai_error (no_images, 400, "missing_required_parameter");

  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpuint (chained->status, ==, 200);
  g_assert_cmpstr (p1, ==, "images");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sandbox/openai/" path, TestFixture, NULL, test_fixture_setup, func, test_fixture_teardown)
  ADD ("generations-url", test_generations_url);
  ADD ("generations-gpt-b64", test_generations_gpt_b64);
  ADD ("generations-dalle3-b64", test_generations_dalle3_b64);
  ADD ("generations-validation", test_generations_validation);
  ADD ("generations-malformed", test_generations_malformed);
  ADD ("auth", test_auth);
  ADD ("models", test_models);
  ADD ("edits", test_edits);
  ADD ("edits-mask-and-multi", test_edits_mask_and_multi);
  ADD ("edits-json", test_edits_json);
#undef ADD

  return g_test_run ();
}
