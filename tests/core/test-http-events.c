/* test-http-events.c: a streamed answer read event by event by AtelierHttp
 *
 * Against a SoupServer in this program: events with their base64 image
 * written to the file the caller names, "[DONE]" ending the stream, plain
 * JSON from a server that does not stream, an error status, an event over
 * the cap, data that is no JSON, the consumer refusing an event, and a
 * stream that trickles (the watchdog's minimum rate holds over a stream).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-http.h"

/* A 1×1 PNG. */
#define PNG_B64 \
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

static const char events_body[] =
  ": the server says hello\r\n"
  "event: image_generation.partial_image\r\n"
  "data: {\"type\":\"image_generation.partial_image\",\"b64_json\":\"" PNG_B64 "\","
  "\"partial_image_index\":0}\r\n"
  "\r\n"
  "event: image_generation.completed\n"
  "data: {\"type\":\"image_generation.completed\",\n"
  "data: \"b64_json\":\"" PNG_B64 "\",\"usage\":{\"total_tokens\":3}}\n"
  "\n"
  "data: [DONE]\n\n"
  "event: after-done\ndata: {}\n\n";

typedef struct
{
  SoupServer  *server;
  char        *base;
  char        *dir;
  AtelierHttp *http;
  GMainLoop   *loop;
  GPtrArray   *types;     /* the events @func saw */
  GPtrArray   *paths;     /* the files they carried */
  guint        dests;
  gboolean     refuse;    /* @func fails the second event */
  gboolean     ok;
  JsonNode    *answer;
  GHashTable  *files;
  GError      *error;
} Fixture;

static gboolean
trickle_cb (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                            ":", 1);
  soup_server_message_unpause (msg);
  return G_SOURCE_CONTINUE;
}

static gboolean
second_event_cb (gpointer data)
{
  SoupServerMessage *msg = data;
  SoupMessageBody *body = soup_server_message_get_response_body (msg);

  soup_message_body_append (body, SOUP_MEMORY_STATIC, "event: b\ndata: {}\n\n", 19);
  soup_message_body_complete (body);
  soup_server_message_unpause (msg);
  g_object_unref (msg);
  return G_SOURCE_REMOVE;
}

static void
stop_trickle (SoupServerMessage *msg,
              gpointer           source)
{
  g_source_remove (GPOINTER_TO_UINT (source));
}

static void
respond_events (SoupServerMessage *msg,
                const char        *body)
{
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "text/event-stream", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  if (g_str_equal (path, "/events"))
    respond_events (msg, events_body);
  else if (g_str_equal (path, "/json"))
    {
      static const char json[] = "{\"data\":[{\"b64_json\":\"" PNG_B64 "\"}]}";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, json,
                                        strlen (json));
    }
  else if (g_str_equal (path, "/refused"))
    {
      static const char json[] = "{\"error\":{\"message\":\"Streaming is not for this model\"}}";

      soup_server_message_set_status (msg, 400, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, json,
                                        strlen (json));
    }
  else if (g_str_equal (path, "/huge"))
    {
      g_autoptr(GString) body = g_string_new ("data: {\"b64_json\":\"");

      for (guint i = 0; i < 4000; i++)
        g_string_append_c (body, 'A');
      g_string_append (body, "\"}\n\n");
      respond_events (msg, body->str);
    }
  else if (g_str_equal (path, "/not-json"))
    respond_events (msg, "event: image_generation.completed\ndata: hello\n\n");
  else if (g_str_equal (path, "/rest"))
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

      /* An event, then nothing for longer than the rate window, then one more. */
      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_STATIC,
                                "event: a\ndata: {}\n\n", 19);
      g_timeout_add (1000, second_event_cb, g_object_ref (msg));
    }
  else if (g_str_equal (path, "/trickle"))
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
      SoupMessageBody *body = soup_server_message_get_response_body (msg);
      guint source;

      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (headers, "text/event-stream", NULL);
      soup_message_body_append (body, SOUP_MEMORY_STATIC, "event: a\ndata: {}\n\n", 19);
      /* Then a byte every 100 ms: 10 B/s. */
      source = g_timeout_add (100, trickle_cb, msg);
      g_signal_connect (msg, "finished", G_CALLBACK (stop_trickle), GUINT_TO_POINTER (source));
    }
  else
    soup_server_message_set_status (msg, 404, NULL);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->dir = g_dir_make_tmp ("atelier-http-events-XXXXXX", &error);
  g_assert_no_error (error);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  f->http = atelier_http_new ();
  atelier_http_set_backoff (f->http, 10, 40, 100);
  /* 1 KiB/s over 300 ms, 10 s per exchange. */
  atelier_http_set_limits (f->http, 10000, 10000, 1024, 300);
  atelier_http_set_spool_dir (f->http, f->dir);
  f->loop = g_main_loop_new (NULL, FALSE);
  f->types = g_ptr_array_new_with_free_func (g_free);
  f->paths = g_ptr_array_new_with_free_func (g_free);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_pointer (&f->answer, json_node_unref);
  g_clear_pointer (&f->files, g_hash_table_unref);
  g_clear_error (&f->error);
  g_ptr_array_unref (f->types);
  g_ptr_array_unref (f->paths);
  g_main_loop_unref (f->loop);
  g_object_unref (f->http);
  soup_server_disconnect (f->server);
  g_object_unref (f->server);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->base);
}

static char *
dest (const char *type,
      gpointer    data)
{
  Fixture *f = data;
  g_autofree char *name = g_strdup_printf ("event-%u", ++f->dests);

  return g_build_filename (f->dir, name, NULL);
}

static gboolean
on_event (const char  *type,
          JsonNode    *node,
          GHashTable  *files,
          gpointer     data,
          GError     **error)
{
  Fixture *f = data;
  GHashTableIter iter;
  gpointer key, value;

  g_ptr_array_add (f->types, g_strdup (type));
  if (f->refuse && f->types->len == 2)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "not this one");
      return FALSE;
    }
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_hash_table_iter_init (&iter, files);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      /* The placeholder is what the JSON holds in the image's place. */
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "b64_json"),
                       ==, key);
      g_ptr_array_add (f->paths, g_strdup (value));
      g_hash_table_iter_steal (&iter);
      g_free (key);
    }
  return TRUE;
}

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Fixture *f = data;

  f->ok = atelier_http_send_events_finish (ATELIER_HTTP (object), result, &f->answer, &f->files,
                                           &f->error);
  g_main_loop_quit (f->loop);
}

static void
run (Fixture    *f,
     const char *path,
     gsize       max_event)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);
  g_autoptr(AtelierHttpRequest) req = atelier_http_request_new ("POST", url);

  atelier_http_request_set_retry (req, ATELIER_RETRY_NEVER);
  atelier_http_request_set_inline_files (req, "b64_json", 16, 1024 * 1024);
  if (max_event > 0)
    atelier_http_request_set_max_event_bytes (req, max_event);
  atelier_http_send_events_async (f->http, req, dest, on_event, f, NULL, done_cb, f);
  g_main_loop_run (f->loop);
}

static void
test_events (Fixture       *f,
             gconstpointer  data)
{
  run (f, "/events", 0);
  g_assert_no_error (f->error);
  g_assert_true (f->ok);
  g_assert_null (f->answer);

  /* Both events, in order; nothing after "[DONE]". */
  g_assert_cmpuint (f->types->len, ==, 2);
  g_assert_cmpstr (f->types->pdata[0], ==, "image_generation.partial_image");
  g_assert_cmpstr (f->types->pdata[1], ==, "image_generation.completed");
  /* Each image went to the file the caller named, typed from its bytes. */
  g_assert_cmpuint (f->paths->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%s/event-%u.png", f->dir, i + 1);

      g_assert_cmpstr (f->paths->pdata[i], ==, expected);
      g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));
    }
}

static void
test_json_fallback (Fixture       *f,
                    gconstpointer  data)
{
  run (f, "/json", 0);
  g_assert_no_error (f->error);
  g_assert_true (f->ok);
  /* A server that does not stream: its answer as usual, no events. */
  g_assert_nonnull (f->answer);
  g_assert_cmpuint (f->types->len, ==, 0);
  g_assert_nonnull (f->files);
  g_assert_cmpuint (g_hash_table_size (f->files), ==, 1);
}

static void
test_error_status (Fixture       *f,
                   gconstpointer  data)
{
  run (f, "/refused", 0);
  g_assert_false (f->ok);
  g_assert_error (f->error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (f->error->message, "Streaming is not for this model"));
  g_assert_cmpuint (f->types->len, ==, 0);
}

static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  run (f, "/huge", 1000);
  g_assert_error (f->error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_TOO_LARGE);
  g_assert_cmpuint (f->types->len, ==, 0);
}

static void
test_not_json (Fixture       *f,
               gconstpointer  data)
{
  run (f, "/not-json", 0);
  g_assert_error (f->error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_MALFORMED);
  g_assert_cmpuint (f->types->len, ==, 0);
}

static void
test_consumer_refuses (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *refused = NULL;

  f->refuse = TRUE;
  run (f, "/events", 0);
  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpuint (f->types->len, ==, 2);
  /* The refused event's file did not stay. */
  g_assert_cmpuint (f->dests, ==, 2);
  refused = g_build_filename (f->dir, "event-2.png", NULL);
  g_assert_false (g_file_test (refused, G_FILE_TEST_EXISTS));
}

static void
test_rest_between_events (Fixture       *f,
                          gconstpointer  data)
{
  run (f, "/rest", 0);
  /* A service at work between events is no trickle. */
  g_assert_no_error (f->error);
  g_assert_true (f->ok);
  g_assert_cmpuint (f->types->len, ==, 2);
}

static void
test_trickle (Fixture       *f,
              gconstpointer  data)
{
  run (f, "/trickle", 0);
  /* The first event came; then 10 B/s is a timeout, over the stream too. */
  g_assert_cmpuint (f->types->len, ==, 1);
  g_assert_error (f->error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_TIMEOUT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/http-events/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("events", test_events);
  ADD ("json-fallback", test_json_fallback);
  ADD ("error-status", test_error_status);
  ADD ("too-large", test_too_large);
  ADD ("not-json", test_not_json);
  ADD ("consumer-refuses", test_consumer_refuses);
  ADD ("rest-between-events", test_rest_between_events);
  ADD ("trickle", test_trickle);
#undef ADD

  return g_test_run ();
}
