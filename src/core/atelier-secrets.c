/* atelier-secrets.c: taking tokens out of messages
 *
 * Tokens are registered where they enter the program (a service config, a
 * request's auth) and kept for its life, so a message is cleaned of every
 * one of them wherever it was made: the HTTP layer cannot know which token
 * a job's failure text might echo, and the history writer none at all.
 * Patterns catch what was never registered: a token a server makes up and
 * echoes in a "Bearer" header line, a presigned URL's signature.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-secrets"

#include "config.h"

#include <string.h>

#include "atelier-secrets.h"

#define MASK "…"

static GMutex     secrets_lock;
static GPtrArray *secrets;  /* char*: each secret, and its URL-escaped form */

/* Query parameters that carry a credential, compared without case. */
static const char * const secret_params[] = {
  "key", "api_key", "apikey", "api-key", "token", "access_token", "id_token", "refresh_token",
  "auth", "authorization", "password", "secret", "client_secret", "signature", "sig",
  "x-amz-signature", "x-amz-credential", "x-amz-security-token", "x-goog-signature",
  "x-goog-credential", "key-pair-id", "policy", "code", NULL
};

static void
add_locked (const char *text)
{
  for (guint i = 0; i < secrets->len; i++)
    if (g_str_equal (g_ptr_array_index (secrets, i), text))
      return;
  g_ptr_array_add (secrets, g_strdup (text));
}

void
atelier_secrets_register (const char *secret)
{
  g_autofree char *escaped = NULL;

  if (secret == NULL || strlen (secret) < ATELIER_SECRET_MIN_LENGTH)
    return;

  escaped = g_uri_escape_string (secret, NULL, FALSE);
  g_mutex_lock (&secrets_lock);
  if (secrets == NULL)
    secrets = g_ptr_array_new ();  /* for the life of the process */
  add_locked (secret);
  add_locked (escaped);
  g_mutex_unlock (&secrets_lock);
}

gboolean
atelier_secrets_contains (const char *text)
{
  gboolean found = FALSE;

  if (text == NULL)
    return FALSE;
  g_mutex_lock (&secrets_lock);
  for (guint i = 0; secrets != NULL && i < secrets->len && !found; i++)
    found = strstr (text, g_ptr_array_index (secrets, i)) != NULL;
  g_mutex_unlock (&secrets_lock);
  return found;
}

static void
replace_registered (GString *s)
{
  g_mutex_lock (&secrets_lock);
  /* Longest first would matter only for secrets that contain each other. */
  for (guint i = 0; secrets != NULL && i < secrets->len; i++)
    g_string_replace (s, g_ptr_array_index (secrets, i), MASK, 0);
  g_mutex_unlock (&secrets_lock);
}

static gboolean
is_token_char (char c)
{
  return g_ascii_isalnum (c) || strchr ("-._~+/=:", c) != NULL;
}

static gboolean
ends_value (char c)
{
  return c == '\0' || g_ascii_isspace (c) || strchr ("&#;,\"'<>()[]{}", c) != NULL;
}

/* Replaces s->str[start, end) with the mask; returns the index just past it. */
static gsize
mask_range (GString *s,
            gsize    start,
            gsize    end)
{
  g_string_erase (s, start, end - start);
  g_string_insert (s, start, MASK);
  return start + strlen (MASK);
}

/* "Bearer abc…" (an echoed Authorization header): whatever credential
 * follows, registered or not. */
static void
mask_bearer (GString *s)
{
  static const char scheme[] = "bearer ";
  gsize n = strlen (scheme);

  for (gsize i = 0; i + n <= s->len; i++)
    {
      gsize end;

      if (g_ascii_strncasecmp (s->str + i, scheme, n) != 0)
        continue;
      for (end = i + n; end < s->len && is_token_char (s->str[end]); end++)
        ;
      if (end >= i + n + ATELIER_SECRET_MIN_LENGTH)
        i = mask_range (s, i + n, end) - 1;
    }
}

/* ?key=…&X-Amz-Signature=…: the values go. */
static void
mask_query_values (GString *s)
{
  for (gsize i = 0; i < s->len; i++)
    {
      char c = s->str[i];

      if (c != '?' && c != '&' && c != ';')
        continue;
      for (guint k = 0; secret_params[k] != NULL; k++)
        {
          gsize n = strlen (secret_params[k]);
          gsize start = i + 1 + n + 1, end;

          if (i + 1 + n + 1 > s->len ||
              g_ascii_strncasecmp (s->str + i + 1, secret_params[k], n) != 0 ||
              s->str[i + 1 + n] != '=')
            continue;
          for (end = start; end < s->len && !ends_value (s->str[end]); end++)
            ;
          if (end > start)
            i = mask_range (s, start, end) - 1;
          break;
        }
    }
}

/* scheme://user:password@host: the user information goes. */
static void
mask_userinfo (GString *s)
{
  const char *p = s->str;

  while ((p = strstr (p, "://")) != NULL)
    {
      gsize start = (gsize) (p - s->str) + 3, end;

      for (end = start; end < s->len; end++)
        {
          char c = s->str[end];

          if (c == '@' || c == '/' || c == '?' || c == '#' || ends_value (c))
            break;
        }
      if (end < s->len && s->str[end] == '@' && end > start)
        end = mask_range (s, start, end);
      p = s->str + MIN (end, s->len);
    }
}

static gboolean
is_unsafe_char (gunichar c)
{
  /* Control characters move a terminal's cursor or colour it; bidi
   * overrides make text read other than it is. */
  return (c < 0x20 && c != '\n' && c != '\t') ||
         (c >= 0x7f && c <= 0x9f) ||
         (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069);
}

char *
atelier_scrub_secrets (const char *text)
{
  g_autofree char *valid = NULL;
  g_autoptr(GString) s = NULL;
  GString *out;
  const char *p;
  guint chars = 0;

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  s = g_string_new (valid);
  replace_registered (s);
  mask_bearer (s);
  mask_query_values (s);
  mask_userinfo (s);

  out = g_string_sized_new (MIN (s->len, ATELIER_SCRUB_MAX_CHARS * 4) + 4);
  for (p = s->str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (chars++ == ATELIER_SCRUB_MAX_CHARS)
        {
          g_string_append (out, MASK);
          break;
        }
      if (is_unsafe_char (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

char *
atelier_scrub_secrets_take (char *text)
{
  char *clean = atelier_scrub_secrets (text);

  g_free (text);
  return clean;
}
