/* atelier-image3d-private.h: what the image3d client's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-image3d.h"

G_BEGIN_DECLS

struct _AtelierImage3dProvider
{
  AtelierServiceClient parent_instance;

  /* Staying signed in (atelier-image3d-auth.c) */
  char      *refresh_token;
  char      *auth_key;
  char      *auth_url;
  char      *token_url;
  gint64     expires_at;   /* real time, µs; 0 when unknown */
  gint64     margin;       /* refresh this long before expires_at, µs */
  GPtrArray *waiters;      /* GTasks waiting for the refresh in flight, or NULL */
};

/* atelier-image3d-auth.c */
void     _atelier_image3d_auth_init       (AtelierImage3dProvider   *self);
void     _atelier_image3d_auth_finalize   (AtelierImage3dProvider   *self);
/* AtelierServiceClientClass.renew_token */
void     _atelier_image3d_renew_token     (AtelierServiceClient     *client,
                                           const char               *refused,
                                           GTask                    *task);

G_END_DECLS
