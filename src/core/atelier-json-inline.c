/* atelier-json-inline.c: base64 values decoded out of a JSON stream
 *
 * A small state machine over the raw text: outside strings, inside a
 * string (whose first bytes are kept, to recognise a member name), and
 * inside a value being taken out. It knows JSON only as far as finding
 * strings needs; the skeleton it leaves is parsed strictly afterwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-json"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-json.h"
#include "atelier-json-inline.h"

#define KEY_MAX    64
#define RUN_MAX    (64 * 1024)

typedef enum
{
  S_OUT,         /* between tokens */
  S_STRING,      /* in a string that stays */
  S_STRING_ESC,  /* just after a backslash in one */
  S_VALUE,       /* in a value being taken out */
  S_VALUE_ESC,
} State;

typedef enum
{
  AFTER_OTHER,
  AFTER_MEMBER,  /* the member's name was the last token */
  AFTER_COLON,   /* …followed by ':': a string here is taken out */
} After;

struct _AtelierJsonInline
{
  char                  *member;
  gsize                  member_len;
  gsize                  max_skeleton;
  guint                  max_values;
  AtelierJsonInlineSink  sink;
  gpointer               user_data;

  GByteArray            *skeleton;
  State                  state;
  After                  after;
  char                   key[KEY_MAX];
  gsize                  key_len;
  gboolean               key_plain;   /* no escapes, not longer than KEY_MAX */
  guint                  n_values;
  gint                   b64_state;
  guint                  b64_save;
  guint8                *decoded;     /* RUN_MAX * 3 / 4 + 3 */
  gboolean               failed;
};

/* The standard base64 alphabet and padding. */
static gboolean
is_base64 (guchar c)
{
  return g_ascii_isalnum (c) || c == '+' || c == '/' || c == '=';
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

AtelierJsonInline *
atelier_json_inline_new (const char                  *member,
                         gsize                        max_skeleton,
                         guint                        max_values,
                         const AtelierJsonInlineSink *sink,
                         gpointer                     user_data)
{
  AtelierJsonInline *self;

  g_return_val_if_fail (member != NULL && strlen (member) <= KEY_MAX, NULL);
  g_return_val_if_fail (sink != NULL && sink->begin && sink->write && sink->end, NULL);

  self = g_new0 (AtelierJsonInline, 1);
  self->member = g_strdup (member);
  self->member_len = strlen (member);
  self->max_skeleton = max_skeleton;
  self->max_values = max_values;
  self->sink = *sink;
  self->user_data = user_data;
  self->skeleton = g_byte_array_new ();
  self->decoded = g_malloc (RUN_MAX / 4 * 3 + 3);
  return self;
}

void
atelier_json_inline_free (AtelierJsonInline *self)
{
  if (self == NULL)
    return;
  g_byte_array_unref (self->skeleton);
  g_free (self->decoded);
  g_free (self->member);
  g_free (self);
}

guint
atelier_json_inline_get_n_values (AtelierJsonInline *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_values;
}

static gboolean
keep (AtelierJsonInline  *self,
      const char         *data,
      gsize               len,
      GError            **error)
{
  if (len > self->max_skeleton - MIN (self->skeleton->len, self->max_skeleton))
    {
      g_autofree char *cap = g_format_size_full (self->max_skeleton, G_FORMAT_SIZE_IEC_UNITS);

      g_set_error (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_TOO_LARGE,
                   _("The answer is larger than the %s allowed besides its images."), cap);
      return FALSE;
    }
  g_byte_array_append (self->skeleton, (const guint8 *) data, len);
  return TRUE;
}

static gboolean
decode (AtelierJsonInline  *self,
        const char         *data,
        gsize               len,
        GError            **error)
{
  while (len > 0)
    {
      gsize run = MIN (len, RUN_MAX);
      gsize out = g_base64_decode_step (data, run, self->decoded, &self->b64_state,
                                        &self->b64_save);

      if (out > 0 && !self->sink.write (self->user_data, self->decoded, out, error))
        return FALSE;
      data += run;
      len -= run;
    }
  return TRUE;
}

static gboolean
begin_value (AtelierJsonInline  *self,
             GError            **error)
{
  if (self->n_values >= self->max_values)
    {
      g_set_error (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_TOO_LARGE,
                   _("The answer holds more than %u images."), self->max_values);
      return FALSE;
    }
  self->b64_state = 0;
  self->b64_save = 0;
  return self->sink.begin (self->user_data, self->n_values, error);
}

static gboolean
end_value (AtelierJsonInline  *self,
           GError            **error)
{
  g_autofree char *placeholder = self->sink.end (self->user_data, self->n_values, error);

  if (placeholder == NULL)
    return FALSE;
  g_assert (strpbrk (placeholder, "\"\\") == NULL);
  self->n_values++;
  return keep (self, "\"", 1, error) &&
         keep (self, placeholder, strlen (placeholder), error) &&
         keep (self, "\"", 1, error);
}

static void
set_invalid (GError **error)
{
  g_set_error_literal (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_INVALID,
                       _("The answer’s base64 image data holds a character base64 does not "
                         "use."));
}

/* One step from @p; returns how many bytes it used, or 0 on error. */
static gsize
step (AtelierJsonInline  *self,
      const char         *p,
      const char         *end,
      GError            **error)
{
  const char *q = p;
  char c = *p;

  switch (self->state)
    {
    case S_OUT:
      if (c == '"' && self->after == AFTER_COLON)
        {
          self->after = AFTER_OTHER;
          self->state = S_VALUE;
          return begin_value (self, error) ? 1 : 0;
        }
      if (c == '"')
        {
          self->state = S_STRING;
          self->key_len = 0;
          self->key_plain = TRUE;
          self->after = AFTER_OTHER;
        }
      else if (c == ':' && self->after == AFTER_MEMBER)
        self->after = AFTER_COLON;
      else if (!is_space (c))
        self->after = AFTER_OTHER;
      return keep (self, p, 1, error) ? 1 : 0;

    case S_STRING:
      while (q < end && *q != '"' && *q != '\\')
        q++;
      if (q > p)
        {
          gsize n = (gsize) (q - p);

          if (self->key_plain && self->key_len + n <= KEY_MAX)
            memcpy (self->key + self->key_len, p, n);
          else
            self->key_plain = FALSE;
          self->key_len += n;
          return keep (self, p, n, error) ? n : 0;
        }
      if (c == '\\')
        {
          self->key_plain = FALSE;
          self->state = S_STRING_ESC;
        }
      else
        {
          self->state = S_OUT;
          self->after = self->key_plain && self->key_len == self->member_len &&
                        memcmp (self->key, self->member, self->member_len) == 0
                        ? AFTER_MEMBER : AFTER_OTHER;
        }
      return keep (self, p, 1, error) ? 1 : 0;

    case S_STRING_ESC:
      self->state = S_STRING;
      return keep (self, p, 1, error) ? 1 : 0;

    case S_VALUE:
      while (q < end && is_base64 ((guchar) *q))
        q++;
      if (q > p)
        return decode (self, p, (gsize) (q - p), error) ? (gsize) (q - p) : 0;
      if (c == '\\')
        {
          self->state = S_VALUE_ESC;
          return 1;
        }
      if (c == '"')
        {
          self->state = S_OUT;
          return end_value (self, error) ? 1 : 0;
        }
      set_invalid (error);
      return 0;

    case S_VALUE_ESC:
    default:
      self->state = S_VALUE;
      /* Some encoders write "\/"; line breaks in base64 are allowed. */
      if (c == '/')
        return decode (self, "/", 1, error) ? 1 : 0;
      if (c == 'n' || c == 'r')
        return 1;
      set_invalid (error);
      return 0;
    }
}

gboolean
atelier_json_inline_feed (AtelierJsonInline  *self,
                          const char         *data,
                          gsize               len,
                          GError            **error)
{
  const char *p = data, *end = data + len;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->failed, FALSE);

  while (p < end)
    {
      gsize used = step (self, p, end, error);

      if (used == 0)
        {
          self->failed = TRUE;
          return FALSE;
        }
      p += used;
    }
  return TRUE;
}

GBytes *
atelier_json_inline_finish (AtelierJsonInline  *self,
                            GError            **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (!self->failed, NULL);

  if (self->state == S_VALUE || self->state == S_VALUE_ESC)
    {
      self->failed = TRUE;
      g_set_error_literal (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_INVALID,
                           _("The answer ends in the middle of an image."));
      return NULL;
    }
  return g_bytes_new (self->skeleton->data, self->skeleton->len);
}
