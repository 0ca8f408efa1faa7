/* atelier-openai-private.h: what the OpenAI-compatible client's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-openai.h"

G_BEGIN_DECLS

/* How many partial images a stream asks for unless told. */
#define ATELIER_OPENAI_DEFAULT_PARTIALS 2

/* Sends @req (a submission with "stream": true) and completes @task (taken)
 * as a submit does: with a DONE status holding the final images, once the
 * stream has ended. Each partial image becomes a preview of the task's job
 * the moment it arrived (atelier-openai-stream.c). */
void _atelier_openai_stream_submit (AtelierServiceClient *self,
                                    AtelierHttpRequest   *req,
                                    gboolean              edit,
                                    GTask                *task);

G_END_DECLS
