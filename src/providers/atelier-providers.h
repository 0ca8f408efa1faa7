/* atelier-providers.h: the known services, and how they are configured
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-engine.h"
#include "atelier-service.h"

G_BEGIN_DECLS

/* "openai", "core3d", "image3d", "styledna": the order the UI offers them. */
const char * const *atelier_providers_get_ids      (void);
/* The service whose address and token @id uses: "core3d" for
 * "core3d-design" and "core3d-export", else @id itself. */
const char         *atelier_providers_get_account  (const char                 *id);
/* Also the clients on another's account ("core3d-design"…); NULL for an
 * unknown id. */
AtelierProvider    *atelier_providers_create       (const char                 *id,
                                                    AtelierHttp                *http,
                                                    const AtelierServiceConfig *config);
/* Base URL from ATELIER_<ID>_URL, else @settings_url if non-empty, else the
 * documented default; token from ATELIER_<ID>_TOKEN, else the keyring. */
AtelierServiceConfig *atelier_providers_resolve_config (const char             *id,
                                                        const char             *settings_url);
/* TRUE when any service has a token or a URL override; without one, the
 * app and CLI use the embedded offline sandbox. */
gboolean            atelier_providers_any_configured (void);
/* Creates every provider with its config from @config_func (or the resolved
 * config when NULL) and adds it to @engine; clients on another's account
 * ("core3d-design", "core3d-export") follow it with its config. */
typedef AtelierServiceConfig *(*AtelierConfigFunc) (const char *id,
                                                    gpointer    user_data);
void                atelier_providers_register_all (AtelierEngine     *engine,
                                                    AtelierConfigFunc  config_func,
                                                    gpointer           user_data);

G_END_DECLS
