/* fuzz-answer.c: what the HTTP layer reads of any answer before a client
 * does: the base64 files of an answer read as it arrives (in chunks the
 * input decides), an error body's message, and the cleaning of what is shown
 * (see fuzz-provider.h for how to build and run it)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "atelier-http-private.h"
#include "atelier-json-inline.h"
#include "atelier-json.h"
#include "atelier-secrets.h"

#define TOKEN "fuzz-token-0123456789"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef struct
{
  gsize written;
  gboolean open;
} Sink;

static gboolean
sink_begin (gpointer data, guint index, GError **error)
{
  Sink *sink = data;

  g_assert (!sink->open);
  sink->open = TRUE;
  return TRUE;
}

static gboolean
sink_write (gpointer data, const guint8 *bytes, gsize len, GError **error)
{
  Sink *sink = data;

  g_assert (sink->open && len > 0);
  sink->written += len;
  return TRUE;
}

static char *
sink_end (gpointer data, guint index, GError **error)
{
  Sink *sink = data;

  g_assert (sink->open);
  sink->open = FALSE;
  return g_strdup_printf ("atelier-inline:fuzz:%u", index);
}

static const AtelierJsonInlineSink sink_funcs = { sink_begin, sink_write, sink_end };

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  Sink sink = { 0, FALSE };
  g_autoptr(AtelierJsonInline) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;
  g_autofree char *clean = NULL;
  gsize pos = 0;
  guint8 step;

  atelier_secrets_register (TOKEN);
  if (size < 1)
    return 0;
  /* The first byte cuts the rest into chunks of 1..256 bytes. */
  step = data[0];
  data++;
  size--;

  reader = atelier_json_inline_new ("b64_json", 4096, 4, &sink_funcs, &sink);
  while (pos < size)
    {
      gsize n = MIN ((gsize) step + 1, size - pos);

      if (!atelier_json_inline_feed (reader, (const char *) data + pos, n, &error))
        break;
      pos += n;
    }
  if (error == NULL)
    {
      g_autoptr(GBytes) skeleton = atelier_json_inline_finish (reader, &error);

      g_assert ((skeleton == NULL) != (error == NULL));
      if (skeleton != NULL)
        {
          g_autoptr(JsonNode) root = NULL;
          g_autoptr(GError) parse_error = NULL;

          g_assert (g_bytes_get_size (skeleton) <= 4096);
          root = atelier_json_parse_bytes (skeleton, 4096, &parse_error);
          g_assert ((root == NULL) != (parse_error == NULL));
        }
    }
  g_assert (error == NULL || error->message != NULL);

  /* An error body's message, cleaned as every message is. */
  message = atelier_http_service_message ((const char *) data, size);
  clean = atelier_scrub_secrets (message);
  if (clean != NULL)
    {
      g_assert (g_utf8_validate (clean, -1, NULL));
      g_assert (strstr (clean, TOKEN) == NULL);
      g_assert (g_utf8_strlen (clean, -1) <= ATELIER_SCRUB_MAX_CHARS + 1);
    }

  text = g_strndup ((const char *) data, size);
  g_clear_pointer (&clean, g_free);
  clean = atelier_scrub_secrets (text);
  g_assert (g_utf8_validate (clean, -1, NULL));
  g_assert (strstr (clean, TOKEN) == NULL);
  return 0;
}
