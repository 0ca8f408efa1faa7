/* fuzz-sandbox.c: libFuzzer harness for the sandbox's request handling
 *
 * Each input is one real HTTP request to an in-process sandbox, so every
 * dialect's body parsing runs as it does for a client: JSON bodies, the
 * OpenAI edits multipart form, ids in paths, query strings (presigned CDN
 * links), and the control endpoints with their key.
 *
 * Input: byte 0 picks the endpoint, byte 1 the content type and whether
 * the token and key are sent; then up to the first newline, a tail for the
 * path (ids, "?query"); the rest is the body. Multipart bodies use the
 * boundary "fuzz".
 *
 * Build and run (clang, ASan + UBSan), see also fuzz-gltf.c:
 *   CC=clang CXX=clang++ meson setup build-fuzz -Dfuzzing=true -Dui=disabled
 *   meson compile -C build-fuzz fuzz-sandbox
 *   build-fuzz/tests/fuzz/fuzz-sandbox -dict=tests/fuzz/sandbox.dict -max_total_time=600 \
 *       -timeout=20 /tmp/sandbox-corpus tests/fuzz/sandbox-corpus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <stdint.h>
#include <string.h>

#include "atelier-sandbox-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static const struct
{
  const char *method;
  const char *path;
  gboolean    cdn;
} endpoints[] = {
  { "POST", "/v1/images/generations", FALSE },
  { "POST", "/v1/images/edits", FALSE },
  { "GET", "/v1/models", FALSE },
  { "GET", "/v1/generation-styles", FALSE },
  { "POST", "/v1/generations", FALSE },
  { "GET", "/v1/generations/", FALSE },
  { "POST", "/v1/generations/", FALSE },
  { "GET", "/v1/uploads/", FALSE },
  { "POST", "/api/generate", FALSE },
  { "GET", "/api/status/", FALSE },
  { "GET", "/api/balance", FALSE },
  { "POST", "/api/create-checkout-session", FALSE },
  { "POST", "/v2/style-dna/generate-anchor", FALSE },
  { "POST", "/v2/style-dna/generate", FALSE },
  { "GET", "/v2/artworks/", FALSE },
  { "POST", "/_sandbox/faults", FALSE },
  { "POST", "/_sandbox/config", FALSE },
  { "GET", "/_sandbox/requests", FALSE },
  { "GET", "/cdn/", TRUE },
  { "GET", "/presigned/", TRUE },
  { "DELETE", "/v1/generations/", FALSE },
};

static const char * const content_types[] = {
  "application/json",
  "multipart/form-data; boundary=fuzz",
  "application/x-www-form-urlencoded",
  NULL,
};

/* Inputs between fresh sandboxes: the job tables only grow. */
#define RUNS_PER_SANDBOX 2000

static AtelierSandbox *sandbox;
static SoupSession *session;
static guint runs;

static void
fresh_sandbox (void)
{
  g_autoptr(GError) error = NULL;

  if (sandbox != NULL)
    {
      atelier_sandbox_stop (sandbox);
      g_clear_object (&sandbox);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  sandbox = atelier_sandbox_new ();
  /* Results render as soon as asked, and small: the point is the parsing. */
  atelier_sandbox_set_job_duration (sandbox, 0);
  sandbox->blob_cap = 16 << 20;
  if (!atelier_sandbox_start (sandbox, 0, &error))
    g_error ("%s", error->message);
  runs = 0;
}

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_bytes_unref (soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL));
  *(gboolean *) user_data = TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *tail = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  const uint8_t *newline;
  const char *content_type;
  gboolean done = FALSE;
  guint e, flags;

  if (size < 2)
    return 0;
  if (session == NULL)
    session = soup_session_new_with_options ("timeout", 30, "max-conns-per-host", 4, NULL);
  if (sandbox == NULL || ++runs > RUNS_PER_SANDBOX)
    fresh_sandbox ();

  e = data[0] % G_N_ELEMENTS (endpoints);
  flags = data[1];
  content_type = content_types[flags % G_N_ELEMENTS (content_types)];
  data += 2;
  size -= 2;

  newline = memchr (data, '\n', MIN (size, 256));
  if (newline != NULL)
    {
      tail = g_strndup ((const char *) data, newline - data);
      size -= newline + 1 - data;
      data = newline + 1;
    }
  /* Reserved characters stay, so paths and query strings keep their shape. */
  escaped = g_uri_escape_string (tail ? tail : "", "/?&=%:@!$'()*+,;", FALSE);
  url = g_strdup_printf ("http://127.0.0.1:%u%s%s",
                         endpoints[e].cdn ? atelier_sandbox_get_cdn_port (sandbox)
                                          : atelier_sandbox_get_port (sandbox),
                         endpoints[e].path, escaped);
  msg = soup_message_new (endpoints[e].method, url);
  if (msg == NULL)
    return 0;

  if (!(flags & 0x10))
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                  "Bearer " ATELIER_SANDBOX_TOKEN);
  if (!(flags & 0x20))
    soup_message_headers_replace (soup_message_get_request_headers (msg),
                                  ATELIER_SANDBOX_KEY_HEADER,
                                  atelier_sandbox_get_control_key (sandbox));
  if (size > 0 || g_str_equal (endpoints[e].method, "POST"))
    {
      body = g_bytes_new (data, size);
      soup_message_set_request_body_from_bytes (msg, content_type, body);
    }

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  /* To see what seeds and findings get (ATELIER_FUZZ_VERBOSE=1). */
  if (g_getenv ("ATELIER_FUZZ_VERBOSE") != NULL)
    g_printerr ("%s %s -> %u\n", endpoints[e].method, url, soup_message_get_status (msg));

  /* A control request may have queued faults (a slow one would stall the
   * next input) or changed settings: each input starts from the same. */
  atelier_sandbox_clear_faults (sandbox);
  atelier_sandbox_clear_requests (sandbox);
  atelier_sandbox_set_job_duration (sandbox, 0);
  atelier_sandbox_set_balance (sandbox, 580);
  atelier_sandbox_set_image3d_concurrency (sandbox, 0);
  return 0;
}
