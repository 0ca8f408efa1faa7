/* atelier-sse-reader.c: server-sent events read from a stream, one at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sse"

#include "config.h"

#include "atelier-sse-reader.h"

#define CHUNK_SIZE (64 * 1024)

struct _AtelierSseReader
{
  GObject           parent_instance;
  GInputStream     *stream;
  AtelierSseParser *parser;
  guint64           bytes_read;
  gboolean          ended;
  gboolean          busy;
};

G_DEFINE_FINAL_TYPE (AtelierSseReader, atelier_sse_reader, G_TYPE_OBJECT)

static void
atelier_sse_reader_finalize (GObject *object)
{
  AtelierSseReader *self = ATELIER_SSE_READER (object);

  g_clear_object (&self->stream);
  g_clear_pointer (&self->parser, atelier_sse_parser_free);

  G_OBJECT_CLASS (atelier_sse_reader_parent_class)->finalize (object);
}

static void
atelier_sse_reader_class_init (AtelierSseReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = atelier_sse_reader_finalize;
}

static void
atelier_sse_reader_init (AtelierSseReader *self)
{
}

AtelierSseReader *
atelier_sse_reader_new (GInputStream *stream,
                        gsize         max_event_bytes)
{
  AtelierSseReader *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), NULL);

  self = g_object_new (ATELIER_TYPE_SSE_READER, NULL);
  self->stream = g_object_ref (stream);
  self->parser = atelier_sse_parser_new (max_event_bytes);
  return self;
}

guint64
atelier_sse_reader_get_bytes_read (AtelierSseReader *self)
{
  g_return_val_if_fail (ATELIER_IS_SSE_READER (self), 0);
  return self->bytes_read;
}

gsize
atelier_sse_reader_get_pending (AtelierSseReader *self)
{
  g_return_val_if_fail (ATELIER_IS_SSE_READER (self), 0);
  return atelier_sse_parser_get_pending (self->parser);
}

static void read_more (GTask *task);

/* Completes @task (taking it) when an event is queued or the stream ended. */
static gboolean
deliver (GTask *task)
{
  AtelierSseReader *self = g_task_get_source_object (task);
  AtelierSseEvent *event = atelier_sse_parser_pop (self->parser);

  if (event == NULL && !self->ended)
    return FALSE;
  self->busy = FALSE;
  g_task_return_pointer (task, event, (GDestroyNotify) atelier_sse_event_free);
  g_object_unref (task);
  return TRUE;
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  AtelierSseReader *self = g_task_get_source_object (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  gsize len;
  const guint8 *data;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      self->busy = FALSE;
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      self->ended = TRUE;
      atelier_sse_parser_finish (self->parser);
    }
  else
    {
      self->bytes_read += len;
      if (!atelier_sse_parser_feed (self->parser, data, len, &error))
        {
          /* Nothing more is read: the rest of the stream is not events. */
          self->ended = TRUE;
          self->busy = FALSE;
          g_task_return_error (task, error);
          g_object_unref (task);
          return;
        }
    }

  if (!deliver (task))
    read_more (task);
}

static void
read_more (GTask *task)
{
  AtelierSseReader *self = g_task_get_source_object (task);

  g_input_stream_read_bytes_async (self->stream, CHUNK_SIZE, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), read_cb, task);
}

void
atelier_sse_reader_next_async (AtelierSseReader    *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ATELIER_IS_SSE_READER (self));
  g_return_if_fail (!self->busy);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_sse_reader_next_async);
  self->busy = TRUE;
  /* Events left from the last chunk come first, without reading. */
  if (!deliver (task))
    read_more (task);
}

AtelierSseEvent *
atelier_sse_reader_next_finish (AtelierSseReader  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
