/* atelier-json.c: bounded JSON parsing
 *
 * A non-recursive pass checks the text against RFC 8259 first (a small
 * state machine with a stack of at most ATELIER_JSON_MAX_DEPTH containers),
 * so json-glib only ever sees documents it cannot recurse deeply on. The
 * pass must be strict rather than a bracket count: json-glib also reads
 * comments and single-quoted strings, and a bracket counter that honours
 * only double quotes is blind to `['"', [[[…` or to a comment holding a
 * double quote.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-json"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-json.h"

G_DEFINE_QUARK (atelier-json-error-quark, atelier_json_error)

typedef enum
{
  EXPECT_VALUE,           /* after ':' or ',' in an array, and at the start */
  EXPECT_VALUE_OR_CLOSE,  /* just after '[' */
  EXPECT_KEY,             /* after ',' in an object */
  EXPECT_KEY_OR_CLOSE,    /* just after '{' */
  EXPECT_COLON,
  EXPECT_NEXT,            /* after a value: ',' or a closing bracket, or the end */
} State;

typedef enum
{
  PROBLEM_CHARACTER,
  PROBLEM_STRING,
  PROBLEM_NUMBER,
  PROBLEM_TRAILING,
} Problem;

static void
set_position_error (GError      **error,
                    const char   *text,
                    gsize         offset,
                    Problem       problem)
{
  guint line = 1, column = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (text[i] == '\n')
        {
          line++;
          column = 1;
        }
      else if (((guchar) text[i] & 0xC0) != 0x80)
        column++;
    }

  switch (problem)
    {
    case PROBLEM_STRING:
      g_set_error (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_INVALID,
                   _("The JSON document has an invalid string at line %u, column %u."),
                   line, column);
      break;
    case PROBLEM_NUMBER:
      g_set_error (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_INVALID,
                   _("The JSON document has an invalid number at line %u, column %u."),
                   line, column);
      break;
    case PROBLEM_TRAILING:
      g_set_error (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_INVALID,
                   _("The JSON document goes on after its end, at line %u, column %u."),
                   line, column);
      break;
    case PROBLEM_CHARACTER:
    default:
      g_set_error (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_INVALID,
                   _("The JSON document has an unexpected character at line %u, column %u."),
                   line, column);
      break;
    }
}

static void
set_truncated_error (GError **error)
{
  g_set_error_literal (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_INVALID,
                       _("The JSON document ends in the middle of a value."));
}

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Reads "\uXXXX" at @p (the backslash); -1 if it is not one. */
static int
read_u_escape (const char *p,
               const char *end)
{
  int value = 0;

  if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
    return -1;
  for (int i = 2; i < 6; i++)
    {
      int digit = hex_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* @p is just past the opening quote; returns the position just past the
 * closing one, or NULL (*truncated says whether the text ran out). */
static const char *
scan_string (const char  *p,
             const char  *end,
             gboolean    *truncated)
{
  *truncated = FALSE;

  while (p < end)
    {
      guchar c = (guchar) *p;

      if (c == '"')
        return p + 1;
      /* Raw control characters are let through, as json-glib reads them:
       * its writer leaves U+001F unescaped, and what Atelier wrote must
       * read back. They cannot change the document's shape. */
      if (c != '\\')
        {
          p++;
          continue;
        }

      if (end - p < 2)
        break;
      switch (p[1])
        {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
          p += 2;
          break;
        case 'u':
          {
            int unit = read_u_escape (p, end);

            if (unit < 0)
              {
                *truncated = end - p < 6;
                return NULL;
              }
            p += 6;
            /* json-glib refuses lone surrogates: so do we, to agree with it. */
            if (unit >= 0xDC00 && unit <= 0xDFFF)
              return NULL;
            if (unit >= 0xD800 && unit <= 0xDBFF)
              {
                int low = read_u_escape (p, end);

                if (low < 0xDC00 || low > 0xDFFF)
                  {
                    *truncated = low < 0 && end - p < 6;
                    return NULL;
                  }
                p += 6;
              }
            break;
          }
        default:
          return NULL;
        }
    }

  *truncated = TRUE;
  return NULL;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? ; NULL if @p does not
 * start one, with *truncated when the text ran out inside it. */
static const char *
scan_number (const char *p,
             const char *end,
             gboolean   *truncated)
{
  *truncated = FALSE;

  if (p < end && *p == '-')
    p++;
  if (p >= end)
    goto out_of_text;
  if (*p == '0')
    p++;
  else if (*p >= '1' && *p <= '9')
    while (p < end && g_ascii_isdigit (*p))
      p++;
  else
    return NULL;

  if (p < end && *p == '.')
    {
      p++;
      if (p >= end)
        goto out_of_text;
      if (!g_ascii_isdigit (*p))
        return NULL;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end)
        goto out_of_text;
      if (!g_ascii_isdigit (*p))
        return NULL;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  /* "0x10", "1true": json-glib reads some of these; JSON does not. */
  if (p < end && (g_ascii_isalnum (*p) || *p == '.' || *p == '_'))
    return NULL;
  return p;

out_of_text:
  *truncated = TRUE;
  return NULL;
}

static const char *
scan_word (const char *p,
           const char *end,
           gboolean   *truncated)
{
  static const char * const words[] = { "true", "false", "null" };

  *truncated = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gsize len = strlen (words[i]);
      gsize avail = MIN (len, (gsize) (end - p));

      if (memcmp (p, words[i], avail) != 0)
        continue;
      if (avail < len)
        {
          *truncated = TRUE;
          return NULL;
        }
      if (p + len < end && (g_ascii_isalnum (p[len]) || p[len] == '_'))
        return NULL;
      return p + len;
    }
  return NULL;
}

gboolean
atelier_json_check (const char  *data,
                    gsize        length,
                    GError     **error)
{
  /* TRUE for an object, FALSE for an array, per open container. */
  gboolean is_object[ATELIER_JSON_MAX_DEPTH];
  const char *p = data, *end;
  guint depth = 0;
  guint64 values = 0;
  State state = EXPECT_VALUE;
  gboolean started = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (length == 0)
    {
      g_set_error_literal (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_INVALID,
                           _("The JSON document is empty."));
      return FALSE;
    }
  if (length > G_MAXSSIZE)
    {
      g_set_error_literal (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_TOO_LARGE,
                           _("The JSON document is too large."));
      return FALSE;
    }
  end = data + length;

  /* Also refuses NUL bytes, which would cut json-glib's reading short. */
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_INVALID,
                           _("The JSON document is not valid UTF-8 text."));
      return FALSE;
    }
  /* RFC 8259 lets a parser ignore a byte order mark, and json-glib does. */
  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      char c = *p;
      const char *next;
      gboolean truncated;

      if (is_space (c))
        {
          p++;
          continue;
        }

      switch (state)
        {
        case EXPECT_COLON:
          if (c != ':')
            goto unexpected;
          state = EXPECT_VALUE;
          p++;
          continue;

        case EXPECT_NEXT:
          if (depth == 0)
            {
              set_position_error (error, data, p - data, PROBLEM_TRAILING);
              return FALSE;
            }
          if (c == ',')
            state = is_object[depth - 1] ? EXPECT_KEY : EXPECT_VALUE;
          else if (c == (is_object[depth - 1] ? '}' : ']'))
            {
              depth--;
              state = EXPECT_NEXT;
            }
          else
            goto unexpected;
          p++;
          continue;

        case EXPECT_KEY:
        case EXPECT_KEY_OR_CLOSE:
          if (c == '}' && state == EXPECT_KEY_OR_CLOSE)
            {
              depth--;
              state = EXPECT_NEXT;
              p++;
              continue;
            }
          if (c != '"')
            goto unexpected;
          if ((next = scan_string (p + 1, end, &truncated)) == NULL)
            goto bad_string;
          p = next;
          state = EXPECT_COLON;
          continue;

        case EXPECT_VALUE_OR_CLOSE:
          if (c == ']')
            {
              depth--;
              state = EXPECT_NEXT;
              p++;
              continue;
            }
          G_GNUC_FALLTHROUGH;
        case EXPECT_VALUE:
        default:
          break;
        }

      /* A value starts here. */
      started = TRUE;
      if (++values > ATELIER_JSON_MAX_VALUES)
        {
          g_set_error (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_TOO_LARGE,
                       _("The JSON document has more than %u values."), ATELIER_JSON_MAX_VALUES);
          return FALSE;
        }

      if (c == '{' || c == '[')
        {
          if (depth == ATELIER_JSON_MAX_DEPTH)
            {
              g_set_error (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_TOO_DEEP,
                           _("The JSON document is nested deeper than %u levels."),
                           ATELIER_JSON_MAX_DEPTH);
              return FALSE;
            }
          is_object[depth++] = c == '{';
          state = c == '{' ? EXPECT_KEY_OR_CLOSE : EXPECT_VALUE_OR_CLOSE;
          p++;
          continue;
        }

      if (c == '"')
        {
          if ((next = scan_string (p + 1, end, &truncated)) == NULL)
            goto bad_string;
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          if ((next = scan_number (p, end, &truncated)) == NULL)
            {
              if (truncated)
                goto truncated;
              set_position_error (error, data, p - data, PROBLEM_NUMBER);
              return FALSE;
            }
        }
      else if ((next = scan_word (p, end, &truncated)) == NULL)
        {
          if (truncated)
            goto truncated;
          goto unexpected;
        }

      p = next;
      state = EXPECT_NEXT;
      continue;

    bad_string:
      if (truncated)
        goto truncated;
      set_position_error (error, data, p - data, PROBLEM_STRING);
      return FALSE;
    }

  if (!started)
    {
      g_set_error_literal (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_INVALID,
                           _("The JSON document is empty."));
      return FALSE;
    }
  if (depth > 0 || state != EXPECT_NEXT)
    goto truncated;
  return TRUE;

truncated:
  set_truncated_error (error);
  return FALSE;

unexpected:
  set_position_error (error, data, p - data, PROBLEM_CHARACTER);
  return FALSE;
}

JsonNode *
atelier_json_parse (const char  *data,
                    gssize       length,
                    gsize        max_bytes,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  gsize len;

  g_return_val_if_fail (data != NULL || length <= 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";
  len = length < 0 ? strlen (data) : (gsize) length;

  if (len > max_bytes)
    {
      g_autofree char *size = g_format_size (len);
      g_autofree char *cap = g_format_size (max_bytes);

      g_set_error (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_TOO_LARGE,
                   _("The JSON document is %s, more than the %s allowed."), size, cap);
      return NULL;
    }

  if (!atelier_json_check (data, len, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      /* The check above should have caught it; json-glib's word is final. */
      g_set_error (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_INVALID,
                   _("The JSON document is not valid: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_steal_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_INVALID,
                           _("The JSON document is empty."));
      return NULL;
    }
  return root;
}

JsonNode *
atelier_json_parse_bytes (GBytes  *bytes,
                          gsize    max_bytes,
                          GError **error)
{
  gsize len = 0;
  const char *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &len);
  if (len > G_MAXSSIZE)
    {
      g_set_error_literal (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_TOO_LARGE,
                           _("The JSON document is too large."));
      return NULL;
    }
  return atelier_json_parse (data, (gssize) len, max_bytes, error);
}

JsonObject *
atelier_json_parse_object (const char  *data,
                           gssize       length,
                           gsize        max_bytes,
                           GError     **error)
{
  g_autoptr(JsonNode) root = atelier_json_parse (data, length, max_bytes, error);

  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_WRONG_TYPE,
                           _("The JSON document is not an object."));
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}
