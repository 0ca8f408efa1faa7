/* test-sse.c: server-sent events, from bytes and from a stream
 *
 * Every stream is fed whole, byte by byte and in every two-part split: the
 * network cuts anywhere, a CRLF included.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "atelier-sse-parser.h"
#include "atelier-sse-reader.h"

/* Events as "type|data" lines, data with "\n" shown as "\\n". */
static char *
describe (AtelierSseParser *parser)
{
  GString *out = g_string_new (NULL);
  AtelierSseEvent *event;

  while ((event = atelier_sse_parser_pop (parser)) != NULL)
    {
      gsize len;
      const char *data = g_bytes_get_data (event->data, &len);

      g_string_append_printf (out, "%s|", event->type);
      for (gsize i = 0; i < len; i++)
        {
          if (data[i] == '\n')
            g_string_append (out, "\\n");
          else
            g_string_append_c (out, data[i]);
        }
      if (event->id != NULL)
        g_string_append_printf (out, "#%s", event->id);
      g_string_append_c (out, ';');
      atelier_sse_event_free (event);
    }
  return g_string_free (out, FALSE);
}

/* Feeds @text split at @at (G_MAXSIZE: whole; 0 with @bytewise: byte by byte). */
static char *
parse (const char *text,
       gsize       max,
       gsize       at,
       gboolean    bytewise,
       GError    **error)
{
  g_autoptr(AtelierSseParser) parser = atelier_sse_parser_new (max);
  gsize len = strlen (text);

  if (bytewise)
    {
      for (gsize i = 0; i < len; i++)
        if (!atelier_sse_parser_feed (parser, (const guint8 *) text + i, 1, error))
          return NULL;
    }
  else
    {
      gsize first = MIN (at, len);

      if (!atelier_sse_parser_feed (parser, (const guint8 *) text, first, error) ||
          !atelier_sse_parser_feed (parser, (const guint8 *) text + first, len - first, error))
        return NULL;
    }
  atelier_sse_parser_finish (parser);
  return describe (parser);
}

static void
check (const char *text,
       const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *whole = parse (text, 0, G_MAXSIZE, FALSE, &error);
  g_autofree char *bytewise = parse (text, 0, 0, TRUE, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (whole, ==, expected);
  g_assert_cmpstr (bytewise, ==, expected);
  for (gsize at = 0; at <= strlen (text); at++)
    {
      g_autofree char *split = parse (text, 0, at, FALSE, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (split, ==, expected);
    }
}

static void
test_openai_shape (void)
{
  check ("event: image_generation.partial_image\n"
         "data: {\"type\":\"image_generation.partial_image\",\"partial_image_index\":0}\n"
         "\n"
         "event: image_generation.completed\n"
         "data: {\"type\":\"image_generation.completed\"}\n"
         "\n",
         "image_generation.partial_image|{\"type\":\"image_generation.partial_image\","
         "\"partial_image_index\":0};"
         "image_generation.completed|{\"type\":\"image_generation.completed\"};");
}

static void
test_line_ends (void)
{
  check ("event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\rdata: 3\n\n",
         "a|1;b|2;message|3;");
}

static void
test_multiline_data (void)
{
  check ("data: one\ndata:two\ndata:  three\ndata\n\n", "message|one\\ntwo\\n three\\n;");
}

static void
test_comments_and_fields (void)
{
  check (": keep-alive\n\n:another\nid: 7\nretry: 100\nunknown: x\ndata: a\n\ndata: b\n\n",
         "message|a#7;message|b#7;");
}

static void
test_no_data_no_event (void)
{
  /* An event line alone dispatches nothing, and its name is forgotten. */
  check ("event: lonely\n\ndata: x\n\n", "message|x;");
}

static void
test_done_and_bom (void)
{
  check ("\xef\xbb\xbf" "data: [DONE]\n\n", "message|[DONE];");
}

static void
test_unterminated_end (void)
{
  /* A clean close right after the data: the last event still counts. */
  check ("event: e\ndata: last", "e|last;");
  check ("event: e\ndata: last\n", "e|last;");
}

static void
test_cap (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) big = g_string_new ("data: ");
  g_autofree char *out = NULL;

  for (guint i = 0; i < 2000; i++)
    g_string_append_c (big, 'A');
  g_string_append (big, "\n\n");

  /* At the cap exactly it passes; a byte more and it does not. */
  out = parse (big->str, 2006, G_MAXSIZE, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  g_clear_pointer (&out, g_free);
  out = parse (big->str, 2005, G_MAXSIZE, FALSE, &error);
  g_assert_error (error, ATELIER_SSE_ERROR, ATELIER_SSE_ERROR_TOO_LARGE);
  g_assert_null (out);
  g_clear_error (&error);

  /* Byte by byte too, and a comment line counts as well. */
  g_string_overwrite (big, 0, ":     ");
  out = parse (big->str, 1000, 0, TRUE, &error);
  g_assert_error (error, ATELIER_SSE_ERROR, ATELIER_SSE_ERROR_TOO_LARGE);
}

static void
test_large_line (void)
{
  /* Megabytes on one line, as a base64 image comes. */
  g_autoptr(AtelierSseParser) parser = atelier_sse_parser_new (0);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierSseEvent) event = NULL;
  g_autofree guint8 *chunk = g_malloc (64 * 1024);

  memset (chunk, 'Q', 64 * 1024);
  g_assert_true (atelier_sse_parser_feed (parser, (const guint8 *) "event: big\ndata: ", 17, &error));
  for (guint i = 0; i < 80; i++)
    g_assert_true (atelier_sse_parser_feed (parser, chunk, 64 * 1024, &error));
  g_assert_null (atelier_sse_parser_pop (parser));
  g_assert_cmpuint (atelier_sse_parser_get_pending (parser), ==, 80 * 64 * 1024 + 6);
  g_assert_true (atelier_sse_parser_feed (parser, (const guint8 *) "\r\n\r\n", 4, &error));
  g_assert_no_error (error);
  event = atelier_sse_parser_pop (parser);
  g_assert_nonnull (event);
  g_assert_cmpstr (event->type, ==, "big");
  g_assert_cmpuint (g_bytes_get_size (event->data), ==, 80 * 64 * 1024);
}

/* ---- the reader, on a stream ---- */

typedef struct
{
  GMainLoop *loop;
  GPtrArray *events;
  GError    *error;
} Reading;

static void next (AtelierSseReader *reader, Reading *reading);

static void
next_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reading *reading = user_data;
  AtelierSseEvent *event = atelier_sse_reader_next_finish (ATELIER_SSE_READER (object), result,
                                                           &reading->error);

  if (event == NULL)
    {
      g_main_loop_quit (reading->loop);
      return;
    }
  g_ptr_array_add (reading->events, event);
  next (ATELIER_SSE_READER (object), reading);
}

static void
next (AtelierSseReader *reader,
      Reading          *reading)
{
  atelier_sse_reader_next_async (reader, NULL, next_cb, reading);
}

static void
read_stream (GInputStream *stream,
             gsize         max,
             Reading      *reading)
{
  g_autoptr(AtelierSseReader) reader = atelier_sse_reader_new (stream, max);

  reading->loop = g_main_loop_new (NULL, FALSE);
  reading->events = g_ptr_array_new_with_free_func ((GDestroyNotify) atelier_sse_event_free);
  next (reader, reading);
  g_main_loop_run (reading->loop);
  g_main_loop_unref (reading->loop);
}

static void
test_reader (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GInputStream) stream = NULL;
  Reading reading = { 0 };

  /* Many events in one chunk, and one event over several chunks. */
  for (guint i = 0; i < 50; i++)
    g_string_append_printf (text, "event: e%u\ndata: %u\n\n", i, i);
  g_string_append (text, "event: big\ndata: ");
  for (guint i = 0; i < 300000; i++)
    g_string_append_c (text, 'x');
  g_string_append (text, "\n\ndata: [DONE]\n\n");

  stream = g_memory_input_stream_new_from_data (g_memdup2 (text->str, text->len), text->len,
                                                g_free);
  read_stream (stream, 0, &reading);
  g_assert_no_error (reading.error);
  g_assert_cmpuint (reading.events->len, ==, 52);
  for (guint i = 0; i < 50; i++)
    {
      AtelierSseEvent *event = g_ptr_array_index (reading.events, i);
      g_autofree char *type = g_strdup_printf ("e%u", i);

      g_assert_cmpstr (event->type, ==, type);
    }
  g_assert_cmpuint (g_bytes_get_size (((AtelierSseEvent *) reading.events->pdata[50])->data),
                    ==, 300000);
  g_ptr_array_unref (reading.events);
}

static void
test_reader_too_large (void)
{
  g_autoptr(GString) text = g_string_new ("data: ");
  g_autoptr(GInputStream) stream = NULL;
  Reading reading = { 0 };

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (text, 'x');
  stream = g_memory_input_stream_new_from_data (g_memdup2 (text->str, text->len), text->len,
                                                g_free);
  read_stream (stream, 100000, &reading);
  g_assert_error (reading.error, ATELIER_SSE_ERROR, ATELIER_SSE_ERROR_TOO_LARGE);
  g_assert_cmpuint (reading.events->len, ==, 0);
  g_clear_error (&reading.error);
  g_ptr_array_unref (reading.events);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sse/openai-shape", test_openai_shape);
  g_test_add_func ("/sse/line-ends", test_line_ends);
  g_test_add_func ("/sse/multiline-data", test_multiline_data);
  g_test_add_func ("/sse/comments-and-fields", test_comments_and_fields);
  g_test_add_func ("/sse/no-data-no-event", test_no_data_no_event);
  g_test_add_func ("/sse/done-and-bom", test_done_and_bom);
  g_test_add_func ("/sse/unterminated-end", test_unterminated_end);
  g_test_add_func ("/sse/cap", test_cap);
  g_test_add_func ("/sse/large-line", test_large_line);
  g_test_add_func ("/sse/reader", test_reader);
  g_test_add_func ("/sse/reader-too-large", test_reader_too_large);

  return g_test_run ();
}
