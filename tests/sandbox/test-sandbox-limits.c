/* test-sandbox-limits.c: the sandbox as a server that trusts no client
 *
 * The control key, body caps before and while a body arrives, the budget
 * across requests, nesting bombs on every endpoint and decompression bombs.
 * Large bodies are sent by a raw client on its own thread (the sandbox
 * runs on this thread's main context), streamed from a small buffer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "atelier-sandbox-private.h"
#include "sandbox-test-util.h"

/* ---- a raw HTTP client on a thread ---- */

typedef struct
{
  guint        port;
  char        *head;        /* request line and headers, without the blank line */
  guint64      body_len;
  gboolean     chunked;
  guint64      sent;
  GString     *reply;
  gint         done;
} RawPost;

static gboolean
send_all (GOutputStream *out,
          const void    *data,
          gsize          len)
{
  return g_output_stream_write_all (out, data, len, NULL, NULL, NULL);
}

static gpointer
raw_post_thread (gpointer data)
{
  RawPost *post = data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autofree char *head = NULL;
  GOutputStream *out;
  GInputStream *in;
  static char zeros[64 * 1024];
  char buf[4096];
  gssize got;

  g_socket_client_set_timeout (client, 60);
  conn = g_socket_client_connect_to_host (client, "127.0.0.1", post->port, NULL, NULL);
  if (conn == NULL)
    goto out;
  out = g_io_stream_get_output_stream (G_IO_STREAM (conn));
  in = g_io_stream_get_input_stream (G_IO_STREAM (conn));

  head = post->chunked
    ? g_strdup_printf ("%s\r\nTransfer-Encoding: chunked\r\n\r\n", post->head)
    : g_strdup_printf ("%s\r\nContent-Length: %" G_GUINT64_FORMAT "\r\n\r\n", post->head,
                       post->body_len);
  if (!send_all (out, head, strlen (head)))
    goto read;

  while (post->sent < post->body_len)
    {
      gsize piece = MIN (sizeof zeros, post->body_len - post->sent);

      if (post->chunked)
        {
          g_autofree char *size = g_strdup_printf ("%" G_GSIZE_MODIFIER "x\r\n", piece);

          if (!send_all (out, size, strlen (size)) || !send_all (out, zeros, piece) ||
              !send_all (out, "\r\n", 2))
            goto read;
        }
      else if (!send_all (out, zeros, piece))
        goto read;
      post->sent += piece;
    }
  if (post->chunked)
    send_all (out, "0\r\n\r\n", 5);

read:
  /* Whatever came back, also when the sandbox stopped reading us. */
  while ((got = g_input_stream_read (in, buf, sizeof buf, NULL, NULL)) > 0)
    g_string_append_len (post->reply, buf, got);

out:
  g_atomic_int_set (&post->done, 1);
  g_main_context_wakeup (NULL);
  return NULL;
}

/* POSTs @body_len zero bytes to @path; returns the raw reply. */
static char *
raw_post (TestFixture *fixture,
          const char  *path,
          guint64      body_len,
          gboolean     chunked,
          guint64     *sent)
{
  RawPost post = { 0 };
  GThread *thread;

  post.port = atelier_sandbox_get_port (fixture->sandbox);
  post.head = g_strdup_printf ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Authorization: Bearer " TOKEN "\r\n"
                               "Content-Type: application/json", path);
  post.body_len = body_len;
  post.chunked = chunked;
  post.reply = g_string_new (NULL);

  thread = g_thread_new ("raw-post", raw_post_thread, &post);
  while (!g_atomic_int_get (&post.done))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);

  g_free (post.head);
  if (sent != NULL)
    *sent = post.sent;
  return g_string_free (post.reply, FALSE);
}

static guint
reply_status (const char *reply)
{
  guint status = 0;

  if (g_str_has_prefix (reply, "HTTP/1.1 "))
    status = (guint) g_ascii_strtoull (reply + 9, NULL, 10);
  return status;
}

/* Once every message is gone, no body may still count against the budget. */
static void
assert_budget_released (TestFixture *fixture)
{
  for (guint i = 0; i < 100 && fixture->sandbox->body_bytes > 0; i++)
    test_wait (10);
  g_assert_cmpuint (fixture->sandbox->body_bytes, ==, 0);
}

/* ---- the control key ---- */

static void
test_control_key (TestFixture   *fixture,
                  gconstpointer  data)
{
  static const struct { const char *method, *path, *body; } calls[] = {
    { "GET", "/_sandbox/requests", NULL },
    { "DELETE", "/_sandbox/requests", NULL },
    { "POST", "/_sandbox/faults", "{\"match\":\"GET /api/balance\",\"kind\":\"status\",\"status\":500}" },
    { "DELETE", "/_sandbox/faults", NULL },
    { "POST", "/_sandbox/config", "{\"job_duration_ms\":1234,\"balance\":1}" },
    { "GET", "/_sandbox/nothing-here", NULL },
  };
  g_autoptr(AtelierSandbox) other = atelier_sandbox_new ();
  const char *key = fixture->control_key;
  g_autoptr(GBytes) big = g_bytes_new_take (g_malloc0 (4 << 20), 4 << 20);

  g_assert_cmpstr (key, !=, atelier_sandbox_get_control_key (other));
  g_assert_cmpstr (key, !=, TOKEN);

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    {
      g_autoptr(GBytes) body = calls[i].body ? g_bytes_new_static (calls[i].body,
                                                                   strlen (calls[i].body))
                                             : NULL;
      g_autoptr(TestReply) without = NULL;
      g_autoptr(TestReply) wrong = NULL;
      g_autoptr(TestReply) service_token = NULL;
      g_autoptr(TestReply) with = NULL;

      fixture->control_key = NULL;
      without = test_request (fixture, calls[i].method, calls[i].path, NULL, "application/json",
                              body, 0);
      service_token = test_request (fixture, calls[i].method, calls[i].path, TOKEN,
                                    "application/json", body, 0);
      fixture->control_key = "0123456789abcdef0123456789abcdef";
      wrong = test_request (fixture, calls[i].method, calls[i].path, NULL, "application/json",
                            body, 0);
      fixture->control_key = key;
      with = test_request (fixture, calls[i].method, calls[i].path, NULL, "application/json",
                           body, 0);

      g_test_message ("%s %s: %u %u %u %u", calls[i].method, calls[i].path, without->status,
                      service_token->status, wrong->status, with->status);
      g_assert_cmpuint (without->status, ==, 401);
      g_assert_cmpuint (service_token->status, ==, 401);
      g_assert_cmpuint (wrong->status, ==, 403);
      g_assert_cmpuint (with->status, ==,
                        g_str_equal (calls[i].path, "/_sandbox/nothing-here") ? 404 : 200);

      /* Refused calls changed nothing: only the one with the key did. */
      if (g_str_equal (calls[i].path, "/_sandbox/config"))
        {
          g_assert_cmpuint (atelier_sandbox_get_job_duration (fixture->sandbox), ==, 1234);
          g_assert_cmpint (atelier_sandbox_get_balance (fixture->sandbox), ==, 1);
        }
    }

  /* A big body without the key is answered from the headers, not read. */
  fixture->control_key = NULL;
  {
    g_autoptr(TestReply) reply = test_request (fixture, "POST", "/_sandbox/config", NULL,
                                               "application/json", big, 0);

    g_assert_cmpuint (reply->status, ==, 401);
  }
  fixture->control_key = key;
  assert_budget_released (fixture);
}

/* Refused control requests leave no trace in the request log either. */
static void
test_control_not_logged (TestFixture   *fixture,
                         gconstpointer  data)
{
  g_autoptr(TestReply) reply = NULL;

  fixture->control_key = NULL;
  reply = test_get (fixture, "/_sandbox/requests", NULL);
  fixture->control_key = atelier_sandbox_get_control_key (fixture->sandbox);
  g_assert_cmpuint (reply->status, ==, 401);
  g_assert_cmpuint (atelier_sandbox_get_requests (fixture->sandbox)->len, ==, 0);
}

/* ---- nesting bombs ---- */

static const struct
{
  const char *method;
  const char *path;
} endpoints[] = {
  { "POST", "/v1/images/generations" }, { "POST", "/v1/images/edits" },
  { "GET", "/v1/models" }, { "GET", "/v1/generation-styles" },
  { "POST", "/v1/generations" }, { "GET", "/v1/generations/x" },
  { "POST", "/v1/generations/x/cancel" }, { "GET", "/v1/uploads/x" },
  { "POST", "/api/generate" }, { "GET", "/api/status/x" }, { "GET", "/api/balance" },
  { "POST", "/api/create-checkout-session" }, { "POST", "/v2/style-dna/generate-anchor" },
  { "POST", "/v2/style-dna/generate" }, { "GET", "/v2/artworks/x" },
  { "POST", "/_sandbox/faults" }, { "POST", "/_sandbox/config" }, { "GET", "/_sandbox/requests" },
  { "GET", "/cdn/x" }, { "PUT", "/presigned/x" }, { "POST", "/nowhere" },
};

/* 2 MB of "[" (over most caps), just under the small cap, and the same
 * nesting hidden behind a single-quoted string; everywhere, also on the CDN
 * listener, and the sandbox still answers afterwards. */
static void
test_nested_everywhere (TestFixture   *fixture,
                        gconstpointer  data)
{
  g_autoptr(GString) two_mb = g_string_new (NULL);
  g_autoptr(GString) under_cap = g_string_new (NULL);
  g_autoptr(GString) quoted = g_string_new ("['\"',");
  g_autofree char *cdn = g_strdup_printf ("http://127.0.0.1:%u",
                                          atelier_sandbox_get_cdn_port (fixture->sandbox));
  const char *content_types[] = { "application/json", "multipart/form-data; boundary=[[[[" };
  guint n = 0;

  for (gsize i = 0; i < (2u << 20); i++)
    g_string_append_c (two_mb, '[');
  for (gsize i = 0; i < ATELIER_SANDBOX_BODY_CAP - 16; i++)
    g_string_append_c (under_cap, '[');
  g_string_append (quoted, under_cap->str + 64);

  for (guint e = 0; e < G_N_ELEMENTS (endpoints); e++)
    for (guint c = 0; c < G_N_ELEMENTS (content_types); c++)
      for (guint l = 0; l < 2; l++)
        {
          GString *bodies[] = { two_mb, under_cap, quoted };

          for (guint b = 0; b < G_N_ELEMENTS (bodies); b++)
            {
              g_autoptr(GBytes) body = g_bytes_new_static (bodies[b]->str, bodies[b]->len);
              g_autofree char *path = g_strconcat (l ? cdn : "", endpoints[e].path, NULL);
              g_autoptr(TestReply) reply = test_request (fixture, endpoints[e].method, path,
                                                         TOKEN, content_types[c], body, 0);

              g_assert_no_error (reply->error);
              /* GETs ignore a body they are sent; everything else refuses it. */
              if (reply->status >= 500 ||
                  (reply->status < 400 && !g_str_equal (endpoints[e].method, "GET")))
                g_error ("%s %s (%zu bytes of nesting, %s) → %u", endpoints[e].method, path,
                         bodies[b]->len, content_types[c], reply->status);
              n++;
            }
        }

  g_test_message ("%u nested bodies sent", n);
  {
    g_autoptr(TestReply) after = test_get (fixture, "/api/balance", TOKEN);

    g_assert_cmpuint (after->status, ==, 200);
  }
  assert_budget_released (fixture);
}

/* ---- body caps ---- */

/* 300 MB announced by Content-Length: 413 from the headers, and the body
 * streamed anyway is thrown away as it comes. */
static void
test_cap_content_length (TestFixture   *fixture,
                         gconstpointer  data)
{
  const char *paths[] = { "/v1/images/generations", "/v1/images/edits", "/_sandbox/config" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      guint64 sent = 0;
      g_autofree char *reply = raw_post (fixture, paths[i], 300u << 20, FALSE, &sent);

      g_test_message ("%s: %" G_GUINT64_FORMAT " bytes sent, answer: %.60s", paths[i], sent,
                      reply);
      /* The control endpoint refuses first for the missing key. */
      g_assert_cmpuint (reply_status (reply), ==,
                        g_str_has_prefix (paths[i], "/_sandbox/") ? 401 : 413);
      g_assert_nonnull (strstr (reply, "Connection: close"));
    }
  assert_budget_released (fixture);
}

/* 300 MB in chunks, no length said: refused at the chunk that crosses the
 * cap; the client still reads the 413. */
static void
test_cap_chunked (TestFixture   *fixture,
                  gconstpointer  data)
{
  const char *paths[] = { "/v1/images/generations", "/v1/images/edits", "/api/generate" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      guint64 sent = 0;
      g_autofree char *reply = raw_post (fixture, paths[i], 300u << 20, TRUE, &sent);

      g_test_message ("%s: %" G_GUINT64_FORMAT " bytes sent, answer: %.60s", paths[i], sent,
                      reply);
      g_assert_cmpuint (reply_status (reply), ==, 413);
      g_assert_nonnull (strstr (reply, "request_too_large"));
    }
  assert_budget_released (fixture);
}

/* The budget counts the bodies held at once: past it, 503 + Retry-After. */
static void
test_budget (TestFixture   *fixture,
             gconstpointer  data)
{
  g_autoptr(GBytes) body = g_bytes_new_take (g_malloc0 (200 * 1024), 200 * 1024);
  g_autoptr(TestReply) busy = NULL;
  g_autoptr(TestReply) fine = NULL;

  fixture->sandbox->body_budget = 100 * 1024;
  busy = test_request (fixture, "POST", "/v1/images/edits", TOKEN, "application/json", body, 0);
  g_assert_cmpuint (busy->status, ==, 503);
  g_assert_cmpstr (soup_message_headers_get_one (busy->headers, "Retry-After"), ==, "1");

  fixture->sandbox->body_budget = ATELIER_SANDBOX_BODY_BUDGET;
  fine = test_post_json (fixture, "/v1/images/generations", TOKEN,
                         "{\"prompt\":\"a fox\",\"model\":\"dall-e-2\",\"size\":\"256x256\"}");
  g_assert_cmpuint (fine->status, ==, 200);
  assert_budget_released (fixture);
}

/* ---- decompression bombs ---- */

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         len)
{
  crc = ~crc;
  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
  return ~crc;
}

static void
png_chunk (GByteArray   *png,
           const char   *type,
           const guint8 *data,
           guint32       len)
{
  guint32 be_len = GUINT32_TO_BE (len);
  guint32 crc = crc32_update (0, (const guint8 *) type, 4);
  guint32 be_crc;

  crc = crc32_update (crc, data, len);
  be_crc = GUINT32_TO_BE (crc);
  g_byte_array_append (png, (const guint8 *) &be_len, 4);
  g_byte_array_append (png, (const guint8 *) type, 4);
  g_byte_array_append (png, data, len);
  g_byte_array_append (png, (const guint8 *) &be_crc, 4);
}

/* A PNG header announcing @width × @height RGBA, with a token of data. */
static GBytes *
png_claiming (guint32 width,
              guint32 height)
{
  GByteArray *png = g_byte_array_new ();
  guint8 ihdr[13] = { 0 };
  const guint8 idat[] = { 0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01 };
  guint32 be;

  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  be = GUINT32_TO_BE (width);
  memcpy (ihdr, &be, 4);
  be = GUINT32_TO_BE (height);
  memcpy (ihdr + 4, &be, 4);
  ihdr[8] = 8;  /* bits per sample */
  ihdr[9] = 6;  /* RGBA */
  png_chunk (png, "IHDR", ihdr, sizeof ihdr);
  png_chunk (png, "IDAT", idat, sizeof idat);
  png_chunk (png, "IEND", NULL, 0);
  return g_byte_array_free_to_bytes (png);
}

static void
test_image_bomb (TestFixture   *fixture,
                 gconstpointer  data)
{
  g_autoptr(GBytes) bomb = png_claiming (30000, 30000);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = _atelier_sandbox_decode_image (bomb, &error);
  g_autoptr(SoupMultipart) multipart = soup_multipart_new (SOUP_FORM_MIME_TYPE_MULTIPART);
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(TestReply) reply = NULL;
  g_autoptr(JsonObject) root = NULL;
  const char *content_type;

  g_assert_null (pixbuf);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);

  soup_multipart_append_form_file (multipart, "image", "bomb.png", "image/png", bomb);
  soup_multipart_append_form_string (multipart, "prompt", "a sun");
  soup_multipart_append_form_string (multipart, "model", "gpt-image-1");
  soup_multipart_to_message (multipart, headers, &body);
  content_type = soup_message_headers_get_one (headers, "Content-Type");

  reply = test_request (fixture, "POST", "/v1/images/edits", TOKEN, content_type, body, 0);
  g_assert_cmpuint (reply->status, ==, 400);
  root = test_reply_object (reply);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "error"),
                                                  "code"), ==, "image_too_large");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/sandbox/limits/" path, TestFixture, NULL, test_fixture_setup, func, test_fixture_teardown)
  ADD ("control-key", test_control_key);
  ADD ("control-not-logged", test_control_not_logged);
  ADD ("nested-everywhere", test_nested_everywhere);
  ADD ("cap-content-length", test_cap_content_length);
  ADD ("cap-chunked", test_cap_chunked);
  ADD ("budget", test_budget);
  ADD ("image-bomb", test_image_bomb);
#undef ADD

  return g_test_run ();
}
