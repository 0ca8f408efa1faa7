/* fuzz-sse.c: libFuzzer harness for the server-sent events parser
 *
 * Beyond "no crash": the same bytes give the same events (or the same
 * refusal) fed whole and cut into pieces wherever the input's first byte
 * says, no event is over the cap, and types and ids are valid UTF-8.
 *
 * Build and run (clang, ASan + UBSan), see also fuzz-gltf.c:
 *   CC=clang CXX=clang++ meson setup build-fuzz -Dfuzzing=true -Dui=disabled
 *   meson compile -C build-fuzz fuzz-sse
 *   build-fuzz/tests/fuzz/fuzz-sse -dict=tests/fuzz/sse.dict -max_total_time=600 \
 *       /tmp/sse-corpus tests/fuzz/sse-corpus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "atelier-sse-parser.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define finding(...) G_STMT_START { g_printerr (__VA_ARGS__); g_printerr ("\n"); abort (); } G_STMT_END

#define MAX_EVENT 512

/* Every event, one after another, as "type\0id\0data\0"; NULL on refusal. */
static GByteArray *
run (const uint8_t *data,
     size_t         size,
     size_t         step)
{
  g_autoptr(AtelierSseParser) parser = atelier_sse_parser_new (MAX_EVENT);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  AtelierSseEvent *event;

  for (size_t i = 0; i < size; i += step)
    {
      g_autoptr(GError) error = NULL;

      if (!atelier_sse_parser_feed (parser, data + i, MIN (step, size - i), &error))
        {
          if (!g_error_matches (error, ATELIER_SSE_ERROR, ATELIER_SSE_ERROR_TOO_LARGE))
            finding ("unexpected error: %s", error->message);
          return NULL;
        }
      if (atelier_sse_parser_get_pending (parser) > MAX_EVENT)
        finding ("%zu bytes pending over a cap of %d", atelier_sse_parser_get_pending (parser),
                 MAX_EVENT);
    }
  atelier_sse_parser_finish (parser);

  while ((event = atelier_sse_parser_pop (parser)) != NULL)
    {
      gsize len;
      const guint8 *bytes = g_bytes_get_data (event->data, &len);

      if (len > MAX_EVENT)
        finding ("an event of %zu bytes passed a cap of %d", len, MAX_EVENT);
      if (!g_utf8_validate (event->type, -1, NULL) ||
          (event->id != NULL && !g_utf8_validate (event->id, -1, NULL)))
        finding ("a type or id that is not UTF-8");
      g_byte_array_append (out, (const guint8 *) event->type, strlen (event->type) + 1);
      if (event->id != NULL)
        g_byte_array_append (out, (const guint8 *) event->id, strlen (event->id));
      g_byte_array_append (out, (const guint8 *) "", 1);
      g_byte_array_append (out, bytes, len);
      g_byte_array_append (out, (const guint8 *) "", 1);
      atelier_sse_event_free (event);
    }
  return g_steal_pointer (&out);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GByteArray) whole = NULL;
  g_autoptr(GByteArray) pieces = NULL;
  size_t step;

  if (size == 0)
    return 0;
  step = 1 + data[0] % 7;
  data++;
  size--;

  whole = run (data, size, size > 0 ? size : 1);
  pieces = run (data, size, step);
  if ((whole == NULL) != (pieces == NULL))
    finding ("refused whole but not in pieces of %zu, or the other way round", step);
  if (whole != NULL &&
      (whole->len != pieces->len || memcmp (whole->data, pieces->data, whole->len) != 0))
    finding ("different events fed whole and in pieces of %zu", step);
  return 0;
}
