/* test-secrets.c: atelier_scrub_secrets, the one place tokens leave messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "atelier-secrets.h"

#define TOKEN "sk-hostile-0123456789abcdef"

static void
assert_scrubbed (const char *text,
                 const char *expected)
{
  g_autofree char *clean = atelier_scrub_secrets (text);

  g_assert_cmpstr (clean, ==, expected);
}

static void
test_registered (void)
{
  atelier_secrets_register (TOKEN);
  /* Shorter strings are no credential (tests use "t"): kept as they are. */
  atelier_secrets_register ("t");
  atelier_secrets_register (NULL);

  assert_scrubbed ("Invalid token: " TOKEN ".", "Invalid token: ….");
  assert_scrubbed (TOKEN TOKEN, "……");
  assert_scrubbed ("a test text", "a test text");
  /* Escaped as a server might put it into a URL it echoes. */
  atelier_secrets_register ("tok+en/with=odd");
  assert_scrubbed ("https://x.test/?q=tok%2Ben%2Fwith%3Dodd", "https://x.test/?q=…");
  g_assert_true (atelier_secrets_contains ("id-" TOKEN));
  g_assert_false (atelier_secrets_contains ("id-42"));
  g_assert_false (atelier_secrets_contains (NULL));
  g_assert_null (atelier_scrub_secrets (NULL));
}

static void
test_patterns (void)
{
  /* An echoed Authorization header, whatever token it holds. */
  assert_scrubbed ("got Authorization: Bearer abc.DEF-123_xyz=", "got Authorization: Bearer …");
  assert_scrubbed ("bearer of bad news", "bearer of bad news");
  /* Credentials in query strings, whatever the case. */
  assert_scrubbed ("GET https://cdn.test/a.png?X-Amz-Signature=deadbeef&size=2 failed",
                   "GET https://cdn.test/a.png?X-Amz-Signature=…&size=2 failed");
  assert_scrubbed ("https://api.test/v1?key=AIzaXYZ", "https://api.test/v1?key=…");
  assert_scrubbed ("https://api.test/v1?monkey=banana", "https://api.test/v1?monkey=banana");
  /* User information in a URL. */
  assert_scrubbed ("proxy http://user:pa55@proxy.test:3128/ refused",
                   "proxy http://…@proxy.test:3128/ refused");
  assert_scrubbed ("see https://example.test/a@b", "see https://example.test/a@b");
}

static void
test_characters (void)
{
  g_autofree char *long_text = g_strnfill (5000, 'x');
  g_autofree char *clean = NULL;

  /* Terminal escapes and bidi overrides are not passed on. */
  assert_scrubbed ("red\033[31m alert\r\x07", "red [31m alert  ");
  assert_scrubbed ("abc\xe2\x80\xae" "def", "abc def");
  assert_scrubbed ("line\none\ttab", "line\none\ttab");
  /* Not UTF-8: repaired, not passed on. */
  clean = atelier_scrub_secrets ("ab\xff\xfe" "cd");
  g_assert_true (g_utf8_validate (clean, -1, NULL));
  g_clear_pointer (&clean, g_free);

  /* A message, not a megabyte of echoed request. */
  clean = atelier_scrub_secrets (long_text);
  g_assert_cmpuint (g_utf8_strlen (clean, -1), ==, ATELIER_SCRUB_MAX_CHARS + 1);
  g_assert_true (g_str_has_suffix (clean, "…"));
}

static void
test_take (void)
{
  g_autofree char *clean = NULL;

  atelier_secrets_register (TOKEN);
  clean = atelier_scrub_secrets_take (g_strdup ("echo " TOKEN));
  g_assert_null (strstr (clean, TOKEN));
  g_assert_null (atelier_scrub_secrets_take (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/secrets/registered", test_registered);
  g_test_add_func ("/secrets/patterns", test_patterns);
  g_test_add_func ("/secrets/characters", test_characters);
  g_test_add_func ("/secrets/take", test_take);

  return g_test_run ();
}
