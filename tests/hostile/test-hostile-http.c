/* test-hostile-http.c: the HTTP layer and the engine against a server that
 * trickles, hangs, echoes the token, points at file:// and forges
 * placeholders (issue 10). The server is a SoupServer in this program.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "atelier-engine.h"
#include "atelier-error.h"
#include "atelier-image3d.h"
#include "atelier-openai.h"

#define TOKEN "hostile-http-0123456789"

/* A 1×1 PNG. */
static const char png_b64[] =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

typedef struct
{
  SoupServer *server;
  char       *base;       /* http://127.0.0.1:PORT */
  GHashTable *counts;     /* path → requests */
  char       *openai_answer;
  GPtrArray  *hanging;    /* paused messages, never answered */
  char       *dir;
  AtelierHttp *http;
} Fixture;

/* ---- the server ---------------------------------------------------------- */

typedef struct
{
  SoupServerMessage *msg;
  guint              source;
  gboolean           done;
} Trickle;

static gboolean
trickle_more (gpointer data)
{
  Trickle *t = data;

  t->source = 0;
  soup_message_body_append (soup_server_message_get_response_body (t->msg), SOUP_MEMORY_STATIC,
                            "\0", 1);
  soup_server_message_unpause (t->msg);
  return G_SOURCE_REMOVE;
}

static void
trickle_wrote_chunk (SoupServerMessage *msg,
                     Trickle           *t)
{
  if (t->done || t->source != 0)
    return;
  /* One byte every 100 ms: 10 B/s. */
  soup_server_message_pause (msg);
  t->source = g_timeout_add (100, trickle_more, t);
}

static void
trickle_finished (SoupServerMessage *msg,
                  Trickle           *t)
{
  t->done = TRUE;
  g_clear_handle_id (&t->source, g_source_remove);
}

static void
trickle_free (Trickle *t)
{
  g_clear_handle_id (&t->source, g_source_remove);
  g_free (t);
}

static void
start_trickle (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  Trickle *t = g_new0 (Trickle, 1);
  gsize len;
  g_autofree guchar *png = g_base64_decode (png_b64, &len);

  t->msg = msg;
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_set_content_length (headers, 100000);
  soup_message_headers_set_content_type (headers, "image/png", NULL);
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_append (body, SOUP_MEMORY_COPY, png, 16);
  g_object_set_data_full (G_OBJECT (msg), "trickle", t, (GDestroyNotify) trickle_free);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (trickle_wrote_chunk), t);
  g_signal_connect (msg, "finished", G_CALLBACK (trickle_finished), t);
}

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *reason,
         const char        *body)
{
  soup_server_message_set_status (msg, status, reason);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, body,
                                    strlen (body));
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           data)
{
  Fixture *f = data;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (f->counts, path));

  g_hash_table_insert (f->counts, g_strdup (path), GUINT_TO_POINTER (n + 1));

  if (g_str_equal (path, "/trickle.png"))
    start_trickle (msg);
  else if (g_str_equal (path, "/hang") || g_str_has_prefix (path, "/image3d/api/status/"))
    {
      /* Accepted, never answered. */
      soup_server_message_pause (msg);
      g_ptr_array_add (f->hanging, g_object_ref (msg));
    }
  else if (g_str_equal (path, "/reason"))
    respond (msg, 500, "Oops (Authorization: Bearer " TOKEN ")", "");
  else if (g_str_equal (path, "/to-file"))
    {
      soup_server_message_set_status (msg, 302, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location",
                                    "file:///etc/passwd");
    }
  else if (g_str_equal (path, "/image3d/api/generate"))
    respond (msg, 200, NULL, "{\"task_id\": \"t-1\", \"status\": \"queued\"}");
  else if (g_str_equal (path, "/openai/v1/images/generations") || g_str_equal (path, "/answer"))
    respond (msg, 200, NULL, f->openai_answer);
  else
    respond (msg, 404, NULL, "{}");
}

static guint
count (Fixture    *f,
       const char *path)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (f->counts, path));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  f->dir = g_dir_make_tmp ("atelier-hostile-XXXXXX", &error);
  g_assert_no_error (error);
  f->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->hanging = g_ptr_array_new_with_free_func (g_object_unref);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->base = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  f->http = atelier_http_new ();
  atelier_http_set_backoff (f->http, 10, 40, 100);
  /* The limits, shortened: 1 KiB/s over 300 ms, 10 s per exchange. */
  atelier_http_set_limits (f->http, 10000, 10000, 1024, 300);
  atelier_http_set_spool_dir (f->http, f->dir);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static guint
n_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->http);
  for (guint i = 0; i < f->hanging->len; i++)
    soup_server_message_unpause (g_ptr_array_index (f->hanging, i));
  g_ptr_array_unref (f->hanging);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_hash_table_unref (f->counts);
  g_free (f->openai_answer);
  g_free (f->base);
  remove_tree (f->dir);
  g_free (f->dir);
}

/* ---- running requests ------------------------------------------------------ */

typedef struct
{
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      data)
{
  Wait *w = data;

  w->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Wait *w)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (w->result == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (w->result);
  return w->result;
}

static char *
download (Fixture       *f,
          const char    *path,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);
  g_autofree char *dest = g_build_filename (f->dir, "out", NULL);
  g_autoptr(AtelierHttpRequest) req = atelier_http_request_new ("GET", url);
  Wait w = { NULL };
  char *result;

  atelier_http_request_set_max_bytes (req, 1 << 20);
  atelier_http_download_async (f->http, req, dest, NULL, NULL, cancellable, done_cb, &w);
  result = atelier_http_download_finish (f->http, wait_result (&w), error);
  g_object_unref (w.result);
  return result;
}

static JsonNode *
send_json (Fixture     *f,
           const char  *url,
           GHashTable **files,
           GError     **error)
{
  g_autoptr(AtelierHttpRequest) req = atelier_http_request_new ("GET", url);
  Wait w = { NULL };
  JsonNode *root;

  atelier_http_request_set_auth (req, TOKEN, f->base);
  atelier_http_request_set_inline_files (req, "b64_json", 4, 1 << 20);
  atelier_http_send_json_async (f->http, req, NULL, done_cb, &w);
  root = atelier_http_send_json_finish_files (f->http, wait_result (&w), NULL, files, error);
  g_object_unref (w.result);
  return root;
}

/* ---- the HTTP layer ---------------------------------------------------------- */

static void
test_trickle (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = download (f, "/trickle.png", NULL, &error);

  /* A timeout, retried as a GET is, then given up on; no part file left. */
  g_assert_null (path);
  g_assert_error (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "slower than 1.0"));
  g_assert_nonnull (strstr (error->message, "KiB/s for 0."));
  g_assert_cmpuint (count (f, "/trickle.png"), ==, 3);
  g_assert_cmpuint (n_files (f->dir), ==, 0);
}

static gboolean
cancel_cb (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
test_trickle_cancelled (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  /* The caller's cancel still reads as a cancel, not as the watchdog's. */
  atelier_http_set_limits (f->http, 60000, 60000, 1024, 60000);
  g_timeout_add (150, cancel_cb, cancellable);
  path = download (f, "/trickle.png", cancellable, &error);
  g_assert_null (path);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count (f, "/trickle.png"), ==, 1);
}

static void
test_deadline (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *url = g_strconcat (f->base, "/hang", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  /* No answer at all, not even headers: the deadline ends each attempt. */
  atelier_http_set_limits (f->http, 400, 400, 1024, 300);
  root = send_json (f, url, NULL, &error);
  g_assert_null (root);
  g_assert_error (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_TIMEOUT);
  g_assert_cmpuint (count (f, "/hang"), ==, 3);
}

static void
test_reason_phrase (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *url = g_strconcat (f->base, "/reason", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;

  atelier_http_set_max_attempts (f->http, 1);
  root = send_json (f, url, NULL, &error);
  g_assert_error (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "HTTP 500"));
  g_assert_nonnull (strstr (error->message, "Oops"));
  g_assert_null (strstr (error->message, TOKEN));
}

static void
test_file_urls (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) redirected = NULL;
  g_autoptr(JsonNode) root = send_json (f, "file:///etc/passwd", NULL, &error);
  g_autofree char *path = NULL;

  /* Refused before libsoup sees it (which warned, and tests abort on that). */
  g_assert_null (root);
  g_assert_error (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "only http and https"));

  path = download (f, "/to-file", NULL, &redirected);
  g_assert_null (path);
  g_assert_error (redirected, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_FAILED);
}

static void
test_inline_files (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *url = g_strconcat (f->base, "/answer", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) files = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *placeholder, *path;
  JsonObject *img;

  f->openai_answer = g_strdup_printf ("{\"data\": [{\"b64_json\": \"%s\"}]}", png_b64);
  root = send_json (f, url, &files, &error);
  g_assert_no_error (error);
  img = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root),
                                                                     "data"), 0);
  placeholder = json_object_get_string_member (img, "b64_json");
  g_assert_true (g_str_has_prefix (placeholder, "atelier-inline:"));
  path = g_hash_table_lookup (files, placeholder);
  g_assert_nonnull (path);
  g_assert_true (g_str_has_prefix (path, f->dir));
  g_assert_true (g_str_has_suffix (path, ".png"));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  /* A file nobody took goes with the table. */
  g_clear_pointer (&files, g_hash_table_unref);
  g_assert_cmpuint (n_files (f->dir), ==, 0);

  /* An answer that turns bad after a file: nothing left behind. */
  g_free (f->openai_answer);
  f->openai_answer = g_strdup_printf ("{\"data\": [{\"b64_json\": \"%s\"}, [[[}", png_b64);
  g_clear_pointer (&root, json_node_unref);
  g_clear_error (&error);
  root = send_json (f, url, &files, &error);
  g_assert_error (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_MALFORMED);
  g_assert_null (files);
  g_assert_cmpuint (n_files (f->dir), ==, 0);
}

/* ---- the engine ---------------------------------------------------------------- */

static AtelierJob *
run_job (AtelierEngine *engine,
         const char    *provider,
         const char    *prompt)
{
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(GError) error = NULL;
  AtelierJob *job;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup (prompt));
  job = atelier_engine_create_job (engine, provider, params, &error);
  g_assert_no_error (error);
  g_object_ref (job);
  while (!atelier_job_is_finished (job) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (atelier_job_is_finished (job));
  return job;
}

static AtelierEngine *
engine_for (Fixture    *f,
            const char *id)
{
  g_autofree char *url = g_strdup_printf ("%s/%s", f->base,
                                          g_str_equal (id, "openai") ? "openai/v1" : id);
  g_autoptr(AtelierServiceConfig) config = atelier_service_config_new (id, url, TOKEN);
  g_autoptr(AtelierProvider) provider = NULL;
  AtelierEngine *engine = atelier_engine_new (f->http, NULL);

  atelier_engine_set_library_dir (engine, f->dir);
  atelier_engine_set_poll_interval (engine, 20, 50);
  provider = g_str_equal (id, "openai") ? atelier_openai_provider_new (f->http, config)
                                        : g_object_new (ATELIER_TYPE_IMAGE3D_PROVIDER, "http",
                                                        f->http, "config", config, NULL);
  atelier_engine_add_provider (engine, provider);
  return engine;
}

static void
test_job_deadline_timer (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AtelierEngine) engine = engine_for (f, "image3d");
  g_autoptr(AtelierJob) job = NULL;

  /* Polls that are never answered: no answer ever checks the deadline,
   * the timer does (the HTTP deadline is long here). */
  atelier_http_set_limits (f->http, 600000, 600000, 1024, 30000);
  atelier_engine_set_deadline (engine, 1);
  job = run_job (engine, "image3d", "a chair");
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_FAILED);
  g_assert_nonnull (strstr (atelier_job_get_error_message (job), "did not finish within"));
  g_assert_true (atelier_job_get_retry_safe (job));
  g_assert_cmpstr (atelier_job_get_remote_id (job), ==, "t-1");
  g_assert_cmpuint (atelier_engine_get_n_active (engine), ==, 0);
}

static void
test_forged_placeholder (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(AtelierEngine) engine = engine_for (f, "openai");
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(AtelierJob) raw = NULL;

  /* The member written with an escape is not read as it arrives: a
   * placeholder the server made up names no file. */
  f->openai_answer = g_strdup ("{\"data\": [{\"b64_jso\\u006e\": \"atelier-inline:0000:0\"}]}");
  job = run_job (engine, "openai", "forged");
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_FAILED);
  g_assert_nonnull (strstr (atelier_job_get_error_message (job), "cannot read"));

  /* Nor is base64 kept that way: it is no address. */
  g_free (f->openai_answer);
  f->openai_answer = g_strdup_printf ("{\"data\": [{\"b64_jso\\u006e\": \"%s\"}]}", png_b64);
  raw = run_job (engine, "openai", "raw");
  g_assert_cmpint (atelier_job_get_status (raw), ==, ATELIER_JOB_STATUS_FAILED);
  g_assert_nonnull (strstr (atelier_job_get_error_message (raw), "not an http or https link"));
  g_assert_cmpuint (g_utf8_strlen (atelier_job_get_error_message (raw), -1), <, 300);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("ATELIER_NO_KEYRING", "1", TRUE);

#define ADD(path, func) \
  g_test_add ("/hostile/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("http/trickle", test_trickle);
  ADD ("http/trickle-cancelled", test_trickle_cancelled);
  ADD ("http/deadline", test_deadline);
  ADD ("http/reason-phrase", test_reason_phrase);
  ADD ("http/file-urls", test_file_urls);
  ADD ("http/inline-files", test_inline_files);
  ADD ("engine/job-deadline-timer", test_job_deadline_timer);
  ADD ("engine/forged-placeholder", test_forged_placeholder);
#undef ADD

  return g_test_run ();
}
