/* atelier-secrets.h: the one place where a token is taken out of a message
 *
 * Anything that can reach a person, a log or the history and holds text
 * Atelier did not write itself (a service's error message or reason
 * phrase, a job's failure text, a connection error, a URL) goes through
 * atelier_scrub_secrets() first. A server that echoes the Authorization
 * header must not get the token onto stderr, into the window or into
 * history.db.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Shorter "tokens" (tests use "t") are no credential, and scrubbing them
 * would take every such letter out of every message. */
#define ATELIER_SECRET_MIN_LENGTH 6
/* Text from a service is cut to this many characters: a message, not a
 * megabyte of echoed request. */
#define ATELIER_SCRUB_MAX_CHARS   1000

/* Remembers @secret (a token, an API key) for the life of the process, so
 * every later message is cleaned of it. Thread-safe; NULL and strings
 * shorter than ATELIER_SECRET_MIN_LENGTH are ignored. */
void      atelier_secrets_register   (const char *secret);
/* Whether @text holds a registered secret (or its URL-escaped form). */
gboolean  atelier_secrets_contains   (const char *text);

/* A copy of @text (NULL gives NULL) that can be shown, logged and stored:
 * registered secrets (and their URL-escaped forms) and whatever follows
 * "Bearer " become "…"; so do the values of query parameters that carry
 * credentials (key, token, signature, X-Amz-*…) and the user information
 * of URLs; control characters (terminal escapes) become spaces, invalid
 * UTF-8 is repaired, and the text is cut to ATELIER_SCRUB_MAX_CHARS. */
char     *atelier_scrub_secrets      (const char *text);
/* The same, taking @text. */
char     *atelier_scrub_secrets_take (char       *text);

G_END_DECLS
