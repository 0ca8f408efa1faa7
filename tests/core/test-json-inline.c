/* test-json-inline.c: base64 values taken out of a JSON stream
 *
 * Every document is fed whole, byte by byte and in every two-part split, and
 * must come out the same: chunk boundaries fall anywhere on the network.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "atelier-json-inline.h"
#include "atelier-json.h"

typedef struct
{
  GPtrArray  *values;   /* GByteArray per value */
  GByteArray *current;
  guint       fail_at;  /* begin of this value fails; G_MAXUINT: never */
} Sink;

static gboolean
sink_begin (gpointer   data,
            guint      index,
            GError   **error)
{
  Sink *sink = data;

  g_assert_cmpuint (index, ==, sink->values->len);
  if (index == sink->fail_at)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "disk full");
      return FALSE;
    }
  g_assert_null (sink->current);
  sink->current = g_byte_array_new ();
  return TRUE;
}

static gboolean
sink_write (gpointer       data,
            const guint8  *bytes,
            gsize          len,
            GError       **error)
{
  Sink *sink = data;

  g_assert_nonnull (sink->current);
  g_byte_array_append (sink->current, bytes, len);
  return TRUE;
}

static char *
sink_end (gpointer   data,
          guint      index,
          GError   **error)
{
  Sink *sink = data;

  g_ptr_array_add (sink->values, g_steal_pointer (&sink->current));
  return g_strdup_printf ("file-%u", index);
}

static const AtelierJsonInlineSink sink_funcs = { sink_begin, sink_write, sink_end };

typedef struct
{
  char      *skeleton;  /* NULL: failed */
  GError    *error;
  GPtrArray *values;
} Result;

static void
result_clear (Result *r)
{
  g_free (r->skeleton);
  g_clear_error (&r->error);
  g_ptr_array_unref (r->values);
}

/* Feeds @doc in pieces: @split 0 whole, 1 byte by byte, else first @split bytes then the rest. */
static Result
run (const char *doc,
     gsize       split,
     gsize       max_skeleton,
     guint       max_values,
     guint       fail_at)
{
  Sink sink = { g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref), NULL,
                fail_at };
  g_autoptr(AtelierJsonInline) reader = atelier_json_inline_new ("b64_json", max_skeleton,
                                                                 max_values, &sink_funcs, &sink);
  gsize len = strlen (doc);
  Result r = { NULL, NULL, sink.values };
  gboolean ok = TRUE;

  if (split == 1)
    for (gsize i = 0; i < len && ok; i++)
      ok = atelier_json_inline_feed (reader, doc + i, 1, &r.error);
  else if (split == 0 || split >= len)
    ok = atelier_json_inline_feed (reader, doc, len, &r.error);
  else
    ok = atelier_json_inline_feed (reader, doc, split, &r.error) &&
         atelier_json_inline_feed (reader, doc + split, len - split, &r.error);

  if (ok)
    {
      g_autoptr(GBytes) skeleton = atelier_json_inline_finish (reader, &r.error);

      if (skeleton != NULL)
        r.skeleton = g_strndup (g_bytes_get_data (skeleton, NULL), g_bytes_get_size (skeleton));
    }
  if (sink.current != NULL)
    g_byte_array_unref (sink.current);
  return r;
}

static void
assert_value (Result     *r,
              guint       i,
              const char *expected)
{
  GByteArray *value;

  g_assert_cmpuint (i, <, r->values->len);
  value = g_ptr_array_index (r->values, i);
  g_assert_cmpmem (value->data, value->len, expected, strlen (expected));
}

/* The same outcome for every way of cutting the document. */
static void
check_all_splits (const char  *doc,
                  const char  *skeleton,
                  const char **values)
{
  gsize len = strlen (doc);

  for (gsize split = 0; split < len; split++)
    {
      Result r = run (doc, split, 1 << 20, 16, G_MAXUINT);

      g_assert_no_error (r.error);
      g_assert_cmpstr (r.skeleton, ==, skeleton);
      g_assert_cmpuint (r.values->len, ==, g_strv_length ((char **) values));
      for (guint i = 0; values[i] != NULL; i++)
        assert_value (&r, i, values[i]);
      result_clear (&r);
    }
}

static void
test_openai_answer (void)
{
  /* "aGVsbG8=" is "hello", "d29y\/bGQ=" "wor?ld" with an escaped slash. */
  const char *doc =
    "{\"created\": 1, \"data\": [{\"b64_json\": \"aGVsbG8=\", \"revised_prompt\": \"a \\\"b64_json\\\": x\"},"
    " {\"b64_json\":\"aGVs\\nbG8h\"}], \"usage\": {\"b64_json\": null}}";
  const char *values[] = { "hello", "hello!", NULL };

  check_all_splits (doc,
                    "{\"created\": 1, \"data\": [{\"b64_json\": \"file-0\", \"revised_prompt\": \"a \\\"b64_json\\\": x\"},"
                    " {\"b64_json\":\"file-1\"}], \"usage\": {\"b64_json\": null}}",
                    values);
}

static void
test_not_member (void)
{
  /* Other members, escaped names, names as values: left alone. */
  const char *values[] = { NULL };

  check_all_splits ("{\"b64\": \"aGk=\", \"b64_jso\\u006e\": \"aGk=\", \"x\": \"b64_json\", "
                    "\"y\": [\"b64_json\", \"aGk=\"], \"b64_json_2\": \"aGk=\"}",
                    "{\"b64\": \"aGk=\", \"b64_jso\\u006e\": \"aGk=\", \"x\": \"b64_json\", "
                    "\"y\": [\"b64_json\", \"aGk=\"], \"b64_json_2\": \"aGk=\"}",
                    values);
}

static void
test_escaped_slash (void)
{
  const char *values[] = { "\xff\xff", NULL };

  /* "//8=" written the way some encoders write "/". */
  check_all_splits ("{\"b64_json\":\"\\/\\/8=\"}", "{\"b64_json\":\"file-0\"}", values);
}

static void
test_refusals (void)
{
  Result r;
  g_autofree char *many = NULL;
  g_autoptr(GString) big = g_string_new ("{\"pad\": \"");

  /* Not base64. */
  r = run ("{\"b64_json\": \"aGVs bG8=\"}", 0, 1 << 20, 16, G_MAXUINT);
  g_assert_error (r.error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_INVALID);
  result_clear (&r);
  r = run ("{\"b64_json\": \"aGVs\\u0041\"}", 0, 1 << 20, 16, G_MAXUINT);
  g_assert_error (r.error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_INVALID);
  result_clear (&r);

  /* Cut off inside a value. */
  r = run ("{\"b64_json\": \"aGVsbG8=", 1, 1 << 20, 16, G_MAXUINT);
  g_assert_error (r.error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_INVALID);
  g_assert_null (r.skeleton);
  result_clear (&r);

  /* More values than allowed. */
  many = g_strdup ("[{\"b64_json\":\"aGk=\"},{\"b64_json\":\"aGk=\"},{\"b64_json\":\"aGk=\"}]");
  r = run (many, 0, 1 << 20, 2, G_MAXUINT);
  g_assert_error (r.error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_TOO_LARGE);
  g_assert_cmpuint (r.values->len, ==, 2);
  result_clear (&r);

  /* The rest of the document is capped; the values are not part of it. */
  for (guint i = 0; i < 2000; i++)
    g_string_append_c (big, 'x');
  g_string_append (big, "\", \"b64_json\": \"");
  for (guint i = 0; i < 10000; i++)
    g_string_append (big, "AAAA");
  g_string_append (big, "\"}");
  r = run (big->str, 0, 1000, 16, G_MAXUINT);
  g_assert_error (r.error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_TOO_LARGE);
  result_clear (&r);
  r = run (big->str, 0, 4000, 16, G_MAXUINT);
  g_assert_no_error (r.error);
  g_assert_cmpuint (((GByteArray *) g_ptr_array_index (r.values, 0))->len, ==, 30000);
  result_clear (&r);

  /* The sink's own errors stop the reader. */
  r = run ("{\"b64_json\": \"aGk=\"}", 0, 1 << 20, 16, 0);
  g_assert_error (r.error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  result_clear (&r);
}

/* What is left is what atelier_json_parse() then reads strictly. */
static void
test_skeleton_parses (void)
{
  Result r = run ("{\"data\": [{\"b64_json\": \"aGk=\"}]}", 1, 1 << 20, 16, G_MAXUINT);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_no_error (r.error);
  root = atelier_json_parse (r.skeleton, -1, 1 << 20, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  result_clear (&r);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-inline/openai-answer", test_openai_answer);
  g_test_add_func ("/json-inline/not-member", test_not_member);
  g_test_add_func ("/json-inline/escaped-slash", test_escaped_slash);
  g_test_add_func ("/json-inline/refusals", test_refusals);
  g_test_add_func ("/json-inline/skeleton-parses", test_skeleton_parses);

  return g_test_run ();
}
