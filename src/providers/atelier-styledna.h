/* atelier-styledna.h: Style DNA (Tengr.ai), images in the style of an anchor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-service-client.h"

G_BEGIN_DECLS

/* The largest area width × height may have. */
#define ATELIER_STYLEDNA_MAX_AREA 1763584

#define ATELIER_TYPE_STYLEDNA_PROVIDER (atelier_styledna_provider_get_type ())
G_DECLARE_FINAL_TYPE (AtelierStylednaProvider, atelier_styledna_provider, ATELIER, STYLEDNA_PROVIDER, AtelierServiceClient)

/* POST /v2/style-dna/generate-anchor, then waits for the artwork: the
 * result's URL is what the anchorImageUrl parameter takes. @description and
 * @aspect_ratio may be NULL. */
void             atelier_styledna_provider_generate_anchor_async  (AtelierStylednaProvider *self,
                                                                   const char              *visual_prompt,
                                                                   const char              *description,
                                                                   const char              *aspect_ratio,
                                                                   GCancellable            *cancellable,
                                                                   GAsyncReadyCallback      callback,
                                                                   gpointer                 user_data);
/* Returns the anchor image URL; @task_id (the artwork id) may be NULL. */
char            *atelier_styledna_provider_generate_anchor_finish (AtelierStylednaProvider *self,
                                                                   GAsyncResult            *result,
                                                                   char                   **task_id,
                                                                   GError                 **error);

G_END_DECLS
