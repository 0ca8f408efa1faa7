/* atelier-image3d.h: image3d text- and image-to-3D
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-firebase.h"
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

/* ---- staying signed in (Firebase; atelier-image3d-auth.c) ---- */

/* Whether a refresh token is held: the ID token renews itself. */
gboolean         atelier_image3d_provider_can_refresh        (AtelierImage3dProvider *self);
/* The project's Firebase Web API key (a public identifier, a setting). */
void             atelier_image3d_provider_set_auth_key       (AtelierImage3dProvider *self,
                                                              const char             *key);
const char      *atelier_image3d_provider_get_auth_key       (AtelierImage3dProvider *self);
/* Uses @id_token from now on (it expires after @expires_in seconds, or at
 * its JWT exp when 0) and keeps @refresh_token (if not NULL) to renew it;
 * both go to the keyring, nowhere else. */
void             atelier_image3d_provider_set_session        (AtelierImage3dProvider *self,
                                                              const char             *id_token,
                                                              const char             *refresh_token,
                                                              gint64                  expires_in);
/* Forgets the ID and refresh tokens, here and in the keyring. */
void             atelier_image3d_provider_sign_out           (AtelierImage3dProvider *self);
/* Signs in to the service's Firebase project, as @how says:
 * ATELIER_FIREBASE_SIGN_IN_WITH_PASSWORD (@secret the password),
 * ATELIER_FIREBASE_SEND_SIGN_IN_LINK (emails a link to @email; @secret
 * NULL) or ATELIER_FIREBASE_SIGN_IN_WITH_LINK (@secret the pasted link,
 * @email the address it went to). */
void             atelier_image3d_provider_sign_in_async     (AtelierImage3dProvider *self,
                                                             AtelierFirebaseCall     how,
                                                             const char             *email,
                                                             const char             *secret,
                                                             GCancellable           *cancellable,
                                                             GAsyncReadyCallback     callback,
                                                             gpointer                user_data);
/* TRUE once signed in (or the link sent); @email (may be NULL) gets the
 * account's email, NULL when the service did not say. */
gboolean         atelier_image3d_provider_sign_in_finish    (AtelierImage3dProvider *self,
                                                             GAsyncResult           *result,
                                                             char                  **email,
                                                             GError                **error);

/* ---- buying credits ---- */

/* POST /api/create-checkout-session {type, pack, generations, priceId?}
 * (@type "pack" or "subscription"; @generations 0 and @price_id NULL are
 * left out). Finishes with the checkout page's URL. */
void             atelier_image3d_provider_create_checkout_async  (AtelierImage3dProvider *self,
                                                                  const char             *type,
                                                                  const char             *pack,
                                                                  guint                   generations,
                                                                  const char             *price_id,
                                                                  GCancellable           *cancellable,
                                                                  GAsyncReadyCallback     callback,
                                                                  gpointer                user_data);
char            *atelier_image3d_provider_create_checkout_finish (AtelierImage3dProvider *self,
                                                                  GAsyncResult           *result,
                                                                  GError                **error);

/* ---- texture later ---- */

/* The parameters of a job that textures the mesh-only model @parent made
 * (mode "texture" with its task id), or NULL with @error when @parent is no
 * finished mesh-only image3d job. Create it with atelier_engine_create_job()
 * and set its parent id. */
GHashTable      *atelier_image3d_texture_params (AtelierJob  *parent,
                                                 GError     **error);

G_END_DECLS
