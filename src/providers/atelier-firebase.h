/* atelier-firebase.h: Firebase Auth over REST, for services signed in with it
 *
 * image3d takes a Firebase ID token that lasts an hour. These calls keep one
 * fresh from a refresh token (securetoken), and sign in by email and
 * password or by an emailed link (identitytoolkit). None of them carries the
 * service's bearer token: the key in the query is the project's public Web
 * API key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-http.h"

G_BEGIN_DECLS

#define ATELIER_FIREBASE_DEFAULT_AUTH_URL  "https://identitytoolkit.googleapis.com/v1"
#define ATELIER_FIREBASE_DEFAULT_TOKEN_URL "https://securetoken.googleapis.com/v1"

/* What a sign-in or a refresh gives. */
typedef struct
{
  char  *id_token;
  char  *refresh_token;
  gint64 expires_in;     /* seconds; 0 when not said */
  char  *email;          /* sign-ins only; may be NULL */
} AtelierFirebaseSession;

void atelier_firebase_session_free (AtelierFirebaseSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierFirebaseSession, atelier_firebase_session_free)

/* ATELIER_FIREBASE_AUTH_URL (ATELIER_FIREBASE_TOKEN_URL), else @configured,
 * else the Google address. */
char   *atelier_firebase_auth_url   (const char *configured);
char   *atelier_firebase_token_url  (const char *configured);
/* The `exp` claim of a JWT (seconds since the epoch), 0 when unreadable;
 * @issued gets `iat` (may be NULL). The signature is not checked: this
 * only tells when to refresh. */
gint64  atelier_firebase_token_expiry (const char *jwt,
                                       gint64     *issued);
/* The oobCode of a pasted sign-in link (also inside a nested `link` or
 * `continueUrl`), or NULL. */
char   *atelier_firebase_link_code  (const char *link);

/* POST {token_url}/token?key=KEY, grant_type=refresh_token. A 400 (revoked,
 * expired, disabled) is ATELIER_PROVIDER_ERROR_NEEDS_SIGN_IN. */
void    atelier_firebase_refresh_async  (AtelierHttp         *http,
                                         const char          *token_url,
                                         const char          *key,
                                         const char          *refresh_token,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
AtelierFirebaseSession *atelier_firebase_refresh_finish (GAsyncResult *result,
                                                         GError      **error);

/* accounts:signInWithPassword. */
void    atelier_firebase_sign_in_with_password_async (AtelierHttp         *http,
                                                      const char          *auth_url,
                                                      const char          *key,
                                                      const char          *email,
                                                      const char          *password,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* accounts:sendOobCode with requestType EMAIL_SIGNIN: the person gets a link. */
void    atelier_firebase_send_sign_in_link_async     (AtelierHttp         *http,
                                                      const char          *auth_url,
                                                      const char          *key,
                                                      const char          *email,
                                                      const char          *continue_url,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean atelier_firebase_send_sign_in_link_finish   (GAsyncResult        *result,
                                                      GError             **error);
/* accounts:signInWithEmailLink with the code of the pasted @link. */
void    atelier_firebase_sign_in_with_link_async     (AtelierHttp         *http,
                                                      const char          *auth_url,
                                                      const char          *key,
                                                      const char          *email,
                                                      const char          *link,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
/* Both sign-ins. */
AtelierFirebaseSession *atelier_firebase_sign_in_finish (GAsyncResult *result,
                                                         GError      **error);

G_END_DECLS
