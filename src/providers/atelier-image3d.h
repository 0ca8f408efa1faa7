/* atelier-image3d.h: image3d text- and image-to-3D
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-service-client.h"

G_BEGIN_DECLS

/* Where a 402 sends people to buy credits. */
#define ATELIER_IMAGE3D_PRICING_URL "https://image3d.io/pricing/"

/* One quality tier, as documented; for the UI to show beside the choice. */
typedef struct
{
  const char *id;          /* the wire value: "fast", "standard", "pro"… */
  const char *label;       /* N_() marked */
  const char *engine;      /* "Trellis", "Hunyuan3D v3"; NULL when not published */
  guint       seconds;     /* expected time; 0 when not published */
  const char *faces;       /* N_() marked face count, e.g. "40K–60K"; NULL when not published */
  gboolean    pbr;         /* PBR materials */
} AtelierImage3dTier;

/* The tiers, cheapest first; @n_tiers may be NULL. The table is
 * NULL-terminated (id == NULL) too. */
const AtelierImage3dTier *atelier_image3d_get_tiers (guint *n_tiers);

#define ATELIER_TYPE_IMAGE3D_PROVIDER (atelier_image3d_provider_get_type ())
G_DECLARE_FINAL_TYPE (AtelierImage3dProvider, atelier_image3d_provider, ATELIER, IMAGE3D_PROVIDER, AtelierServiceClient)

/* GET /api/balance: the credits left. */
void             atelier_image3d_provider_get_balance_async  (AtelierImage3dProvider *self,
                                                              GCancellable           *cancellable,
                                                              GAsyncReadyCallback     callback,
                                                              gpointer                user_data);
/* @unit (e.g. "credits") may be NULL; free it with g_free(). */
gboolean         atelier_image3d_provider_get_balance_finish (AtelierImage3dProvider *self,
                                                              GAsyncResult           *result,
                                                              gint64                 *balance,
                                                              char                  **unit,
                                                              GError                **error);

G_END_DECLS
