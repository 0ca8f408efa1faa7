/* atelier-sse-parser.c: server-sent events, split out of bytes as they come
 *
 * Bytes are scanned once for line ends; a line is kept only until it ends
 * (a "data" line then moves to the event's data), so the memory held is one
 * event at most, and the cap is checked before anything grows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sse"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-sse-parser.h"

G_DEFINE_QUARK (atelier-sse-error-quark, atelier_sse_error)

struct _AtelierSseParser
{
  gsize       max_event;
  GByteArray *line;       /* the line being read, without its end */
  GByteArray *data;       /* this event's data lines, each followed by "\n" */
  gboolean    has_data;   /* a "data" field came (it may be empty) */
  char       *type;
  char       *last_id;    /* ids carry over to later events, as the format says */
  gboolean    skip_lf;    /* the last byte was a CR: a LF right after it ends nothing */
  gboolean    first_line; /* a byte order mark may open the stream */
  gboolean    failed;
  GQueue      events;
};

void
atelier_sse_event_free (AtelierSseEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->type);
  g_free (event->id);
  g_clear_pointer (&event->data, g_bytes_unref);
  g_free (event);
}

AtelierSseParser *
atelier_sse_parser_new (gsize max_event_bytes)
{
  AtelierSseParser *self = g_new0 (AtelierSseParser, 1);

  self->max_event = max_event_bytes > 0 ? max_event_bytes : ATELIER_SSE_DEFAULT_MAX_EVENT;
  self->line = g_byte_array_new ();
  self->data = g_byte_array_new ();
  self->first_line = TRUE;
  g_queue_init (&self->events);
  return self;
}

void
atelier_sse_parser_free (AtelierSseParser *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->line);
  g_byte_array_unref (self->data);
  g_free (self->type);
  g_free (self->last_id);
  g_queue_clear_full (&self->events, (GDestroyNotify) atelier_sse_event_free);
  g_free (self);
}

gsize
atelier_sse_parser_get_pending (AtelierSseParser *self)
{
  return self->line->len + self->data->len;
}

static void
dispatch (AtelierSseParser *self)
{
  AtelierSseEvent *event;

  if (!self->has_data)
    {
      /* An event without data is no event (only its name is forgotten). */
      g_clear_pointer (&self->type, g_free);
      return;
    }
  /* The last data line's "\n" is not part of the data. */
  if (self->data->len > 0)
    g_byte_array_set_size (self->data, self->data->len - 1);

  event = g_new0 (AtelierSseEvent, 1);
  event->type = self->type != NULL && *self->type != '\0' ? g_steal_pointer (&self->type)
                                                          : g_strdup ("message");
  event->id = g_strdup (self->last_id);
  event->data = g_byte_array_free_to_bytes (self->data);
  g_queue_push_tail (&self->events, event);

  g_clear_pointer (&self->type, g_free);
  self->data = g_byte_array_new ();
  self->has_data = FALSE;
}

static void
process_line (AtelierSseParser *self)
{
  const guint8 *line = self->line->data;
  gsize len = self->line->len;
  const guint8 *colon;
  gsize field_len;
  const guint8 *value;
  gsize value_len;

  if (self->first_line)
    {
      self->first_line = FALSE;
      if (len >= 3 && memcmp (line, "\xef\xbb\xbf", 3) == 0)
        {
          line += 3;
          len -= 3;
        }
    }

  if (len == 0)
    {
      dispatch (self);
      return;
    }
  if (line[0] == ':')
    return; /* a comment: servers send them to keep the connection open */

  colon = memchr (line, ':', len);
  field_len = colon != NULL ? (gsize) (colon - line) : len;
  value = colon != NULL ? colon + 1 : line + len;
  value_len = colon != NULL ? len - field_len - 1 : 0;
  if (value_len > 0 && value[0] == ' ')
    {
      value++;
      value_len--;
    }

#define FIELD_IS(name) (field_len == strlen (name) && memcmp (line, name, field_len) == 0)
  if (FIELD_IS ("data"))
    {
      g_byte_array_append (self->data, value, value_len);
      g_byte_array_append (self->data, (const guint8 *) "\n", 1);
      self->has_data = TRUE;
    }
  else if (FIELD_IS ("event"))
    {
      g_free (self->type);
      self->type = g_utf8_make_valid ((const char *) value, value_len);
    }
  else if (FIELD_IS ("id"))
    {
      /* The format ignores an id holding a NUL. */
      if (memchr (value, '\0', value_len) == NULL)
        {
          g_free (self->last_id);
          self->last_id = g_utf8_make_valid ((const char *) value, value_len);
        }
    }
  /* "retry" and unknown fields: nothing Atelier acts on. */
#undef FIELD_IS
}

static gboolean
check_cap (AtelierSseParser  *self,
           gsize              more,
           GError           **error)
{
  gsize held = self->line->len + self->data->len + (self->type ? strlen (self->type) : 0);

  if (more <= self->max_event && held <= self->max_event - more)
    return TRUE;

  {
    g_autofree char *size = g_format_size_full (self->max_event, G_FORMAT_SIZE_IEC_UNITS);

    self->failed = TRUE;
    g_set_error (error, ATELIER_SSE_ERROR, ATELIER_SSE_ERROR_TOO_LARGE,
                 _("The service sent an event larger than the %s allowed."), size);
    return FALSE;
  }
}

gboolean
atelier_sse_parser_feed (AtelierSseParser  *self,
                         const guint8      *data,
                         gsize              len,
                         GError           **error)
{
  gsize i = 0;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->failed, FALSE);

  while (i < len)
    {
      gsize j;

      if (self->skip_lf)
        {
          self->skip_lf = FALSE;
          if (data[i] == '\n')
            {
              i++;
              continue;
            }
        }

      for (j = i; j < len && data[j] != '\n' && data[j] != '\r'; j++)
        ;
      if (!check_cap (self, j - i, error))
        return FALSE;
      g_byte_array_append (self->line, data + i, j - i);
      if (j == len)
        break;

      process_line (self);
      g_byte_array_set_size (self->line, 0);
      self->skip_lf = data[j] == '\r';
      i = j + 1;
    }
  return TRUE;
}

void
atelier_sse_parser_finish (AtelierSseParser *self)
{
  g_return_if_fail (self != NULL);

  if (self->failed)
    return;
  if (self->line->len > 0)
    {
      process_line (self);
      g_byte_array_set_size (self->line, 0);
    }
  dispatch (self);
}

AtelierSseEvent *
atelier_sse_parser_pop (AtelierSseParser *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return g_queue_pop_head (&self->events);
}
