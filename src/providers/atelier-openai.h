/* atelier-openai.h: OpenAI-compatible image generations and edits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-service-client.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_OPENAI_PROVIDER (atelier_openai_provider_get_type ())
G_DECLARE_FINAL_TYPE (AtelierOpenaiProvider, atelier_openai_provider, ATELIER, OPENAI_PROVIDER, AtelierServiceClient)

AtelierProvider *atelier_openai_provider_new (AtelierHttp                *http,
                                              const AtelierServiceConfig *config);

G_END_DECLS
