/* atelier-endpoints.h: named OpenAI-compatible endpoints
 *
 * Any number of servers that speak OpenAI's images API ("OpenAI",
 * "3xCoder", "Local"), each with its base URL kept in a small keyfile in
 * the config dir and its token in the keyring (a named secret of the
 * "openai" service: atelier-credentials.h). The keyfile never holds a
 * token. Each endpoint is a service of its own, with the provider id
 * "openai:NAME"; plain "openai" stays the default endpoint the
 * environment variables (ATELIER_OPENAI_URL, ATELIER_OPENAI_TOKEN) and
 * Preferences' OpenAI-compatible group set up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ATELIER_ENDPOINT_ERROR (atelier_endpoint_error_quark ())

typedef enum
{
  ATELIER_ENDPOINT_ERROR_INVALID_NAME = 1,
  ATELIER_ENDPOINT_ERROR_INVALID_URL,
  ATELIER_ENDPOINT_ERROR_NOT_FOUND,
  ATELIER_ENDPOINT_ERROR_FAILED,        /* the keyfile could not be read or written */
} AtelierEndpointError;

/* The service every endpoint is an instance of. */
#define ATELIER_ENDPOINT_SERVICE "openai"
#define ATELIER_ENDPOINT_MAX_NAME 40

GQuark      atelier_endpoint_error_quark     (void) G_GNUC_CONST;

/* 1–40 ASCII letters, digits, '-' or '_': it goes into a provider id, a
 * keyring item and an environment variable name. */
gboolean    atelier_endpoint_name_is_valid   (const char  *name);
/* An http(s) address with a host, without a query, fragment or user info
 * (a token in the address would be stored in the clear). */
gboolean    atelier_endpoint_url_is_valid    (const char  *url);

/* "openai:NAME" (a new string). */
char       *atelier_endpoint_provider_id     (const char  *name);
/* NAME for "openai:NAME", else NULL (points into @provider_id). */
const char *atelier_endpoint_name_from_id    (const char  *provider_id);

/* Where they are kept: $XDG_CONFIG_HOME/atelier/endpoints.ini. */
char       *atelier_endpoints_get_path       (void);
/* The names, in the order they were added (never NULL). */
char      **atelier_endpoints_list           (void);
/* NULL when there is no such endpoint. */
char       *atelier_endpoints_get_base_url   (const char  *name);
/* Adds @name or changes its address. */
gboolean    atelier_endpoints_set            (const char  *name,
                                              const char  *base_url,
                                              GError     **error);
/* Removes @name's address and its token. */
gboolean    atelier_endpoints_remove         (const char  *name,
                                              GError     **error);
/* ATELIER_OPENAI_<NAME>_TOKEN, else the keyring (NULL when none). */
char       *atelier_endpoints_lookup_token   (const char  *name);
/* Stores (NULL or "" clears) @name's token in the keyring. */
void        atelier_endpoints_store_token_async  (const char          *name,
                                                  const char          *token,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean    atelier_endpoints_store_token_finish (GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
