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

/* What an answer's `usage` object says the job cost: its total tokens
 * (else input + output), with input, output and image tokens where given
 * (input_tokens_details and output_tokens_details). NULL when @usage is no
 * such object: the cost stays unknown. */
AtelierCost     *atelier_openai_cost_from_usage (JsonNode   *usage);
/* Records that on @job (nothing when @usage says nothing): the one way both
 * the answer to a submission and a stream's `*.completed` event keep it. */
void             atelier_openai_record_usage    (AtelierJob *job,
                                                 JsonNode   *usage);

G_END_DECLS
