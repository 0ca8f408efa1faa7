/* atelier-providers.h: the known services, and how they are configured
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-engine.h"
#include "atelier-service.h"

G_BEGIN_DECLS

/* "openai", "core3d", "image3d", "styledna", "styledna-edit": the order the UI offers them.
 * Named OpenAI-compatible endpoints ("openai:NAME") are not listed here:
 * atelier_endpoints_list() has them. */
const char * const *atelier_providers_get_ids      (void);
/* The account @id's client shares (its address, token and settings):
 * "core3d" for "core3d-design" and "core3d-export", "styledna" for
 * "styledna-edit", else @id itself; NULL for an unknown id. */
const char         *atelier_providers_get_account  (const char                 *id);
/* The translated name of the service @id ("OpenAI-compatible"), also for
 * the clients on another's account; NULL for an unknown id. */
const char         *atelier_providers_get_display_name (const char             *id);
/* Also the clients on another's account; NULL for an unknown id. */
AtelierProvider    *atelier_providers_create       (const char                 *id,
                                                    AtelierHttp                *http,
                                                    const AtelierServiceConfig *config);
/* Base URL from ATELIER_<ID>_URL, else @settings_url if non-empty, else the
 * documented default; token from ATELIER_<ID>_TOKEN, else the keyring. @id
 * may be a client sharing an account: its account's are used. */
AtelierServiceConfig *atelier_providers_resolve_config (const char             *id,
                                                        const char             *settings_url);
/* TRUE when any service has a token or a URL override; without one, the
 * app and CLI use the embedded offline sandbox. */
gboolean            atelier_providers_any_configured (void);
/* Creates every provider with its config from @config_func (or the resolved
 * config when NULL) and adds it to @engine. @config_func is asked for the
 * account (atelier_providers_get_account()), so clients sharing one share
 * its address and token. */
typedef AtelierServiceConfig *(*AtelierConfigFunc) (const char *id,
                                                    gpointer    user_data);
void                atelier_providers_register_all (AtelierEngine     *engine,
                                                    AtelierConfigFunc  config_func,
                                                    gpointer           user_data);

/* The named OpenAI-compatible endpoint @name (atelier-endpoints.h) as a
 * service of its own, "openai:NAME", added to @engine with its address and
 * token (the one already there when it was added before). NULL for an
 * invalid name. register_all() adds every endpoint after "openai". */
AtelierProvider    *atelier_providers_add_endpoint (AtelierEngine *engine,
                                                    const char    *name);

G_END_DECLS
