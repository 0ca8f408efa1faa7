/* atelier-service.h: where a provider lives and who we are to it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Immutable once made; providers keep a reference. */
typedef struct
{
  char *id;        /* "openai", "core3d", "image3d", "styledna" */
  char *base_url;  /* no trailing slash, e.g. "https://api.openai.com/v1" */
  char *token;     /* may be NULL */
  guint max_concurrent;
  /* Services whose tokens are renewed (image3d's Firebase sign-in): a
   * long-lived refresh token, the auth service's public key, and its two
   * addresses (NULL: the documented ones). All may be NULL. */
  char *refresh_token;
  char *auth_key;
  char *auth_url;
  char *token_url;
} AtelierServiceConfig;

AtelierServiceConfig *atelier_service_config_new   (const char *id,
                                                    const char *base_url,
                                                    const char *token);
AtelierServiceConfig *atelier_service_config_copy  (const AtelierServiceConfig *config);
void                  atelier_service_config_free  (AtelierServiceConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierServiceConfig, atelier_service_config_free)

/* The documented default base URL of a service. */
const char *atelier_service_default_url  (const char *id);
/* ATELIER_<ID>_URL, else @fallback (settings), else the default. */
char       *atelier_service_resolve_url  (const char *id,
                                          const char *fallback);
/* "ATELIER_OPENAI_TOKEN"… */
char       *atelier_service_env_name     (const char *id,
                                          const char *suffix);
/* Joins a base URL and a path with exactly one slash. */
char       *atelier_url_join             (const char *base,
                                          const char *path);
/* Whether @url has the same scheme, host and port as @base. */
gboolean    atelier_url_same_origin      (const char *url,
                                          const char *base);

G_END_DECLS
