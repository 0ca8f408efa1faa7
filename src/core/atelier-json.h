/* atelier-json.h: the one way Atelier parses JSON it did not write
 *
 * Every body that comes from a service, the sandbox's clients or a file goes
 * through here rather than straight to json-glib, which recurses once per
 * nesting level (about 100 KB of "[" overflows a thread's stack), accepts
 * comments and single-quoted strings, and builds a node per value whatever
 * the input's size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define ATELIER_JSON_ERROR (atelier_json_error_quark ())

typedef enum
{
  ATELIER_JSON_ERROR_INVALID = 1,  /* not JSON: syntax, truncated, not UTF-8, empty */
  ATELIER_JSON_ERROR_TOO_DEEP,     /* nested deeper than ATELIER_JSON_MAX_DEPTH */
  ATELIER_JSON_ERROR_TOO_LARGE,    /* over the caller's byte cap or ATELIER_JSON_MAX_VALUES */
  ATELIER_JSON_ERROR_WRONG_TYPE,   /* valid JSON, but not the kind of root asked for */
} AtelierJsonError;

/* No answer of any service Atelier speaks comes near these; they keep
 * json-glib's recursion and its node-per-value memory bounded. */
#define ATELIER_JSON_MAX_DEPTH  64
#define ATELIER_JSON_MAX_VALUES (1u << 20)

/* Caps for callers to pick from ("per use"): a status or error answer, a
 * request to the sandbox, an answer that may carry base64 images. */
#define ATELIER_JSON_CAP_SMALL  (1u << 20)
#define ATELIER_JSON_CAP_BODY   (16u << 20)
#define ATELIER_JSON_CAP_IMAGES (256u << 20)

GQuark    atelier_json_error_quark  (void) G_GNUC_CONST;

/* Parses @length bytes of @data (-1: up to the first NUL) as one JSON
 * document: RFC 8259 tokens (no comments, no single quotes; raw control
 * characters in strings are read, as json-glib writes some), UTF-8,
 * at most ATELIER_JSON_MAX_DEPTH levels and ATELIER_JSON_MAX_VALUES values,
 * at most @max_bytes long. Returns a new root node (never NULL on success:
 * an empty body is an error), or NULL with @error in ATELIER_JSON_ERROR
 * whose message a person can read. Safe to call from any thread. */
JsonNode   *atelier_json_parse        (const char  *data,
                                       gssize       length,
                                       gsize        max_bytes,
                                       GError     **error);
JsonNode   *atelier_json_parse_bytes  (GBytes      *bytes,
                                       gsize        max_bytes,
                                       GError     **error);
/* The same, for the common case of a root that must be an object
 * (ATELIER_JSON_ERROR_WRONG_TYPE otherwise). Free with json_object_unref(). */
JsonObject *atelier_json_parse_object (const char  *data,
                                       gssize       length,
                                       gsize        max_bytes,
                                       GError     **error);

/* Only the cheap, non-recursive checks atelier_json_parse() runs before
 * json-glib sees the text: tokens, depth and value count. */
gboolean    atelier_json_check        (const char  *data,
                                       gsize        length,
                                       GError     **error);

G_END_DECLS
