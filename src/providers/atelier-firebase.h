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

/* What atelier_firebase_call_async() asks. None carries the service's
 * bearer token: the key in the query is the project's public Web API key. */
typedef enum
{
  /* POST {token_url}/token, grant_type=refresh_token (@secret). A 400
   * (revoked, expired, disabled) is ATELIER_PROVIDER_ERROR_NEEDS_SIGN_IN. */
  ATELIER_FIREBASE_REFRESH,
  /* accounts:signInWithPassword (@email, @secret the password). */
  ATELIER_FIREBASE_SIGN_IN_WITH_PASSWORD,
  /* accounts:sendOobCode, requestType EMAIL_SIGNIN: the person gets a link
   * to paste (@email, @secret the continue URL). */
  ATELIER_FIREBASE_SEND_SIGN_IN_LINK,
  /* accounts:signInWithEmailLink with the code of the pasted link (@email,
   * @secret the link). */
  ATELIER_FIREBASE_SIGN_IN_WITH_LINK,
} AtelierFirebaseCall;

/* What atelier_firebase_call_async() sends: @call to @url (the token URL
 * for a refresh, else the auth URL; NULL for the default, see
 * atelier_firebase_auth_url()) with the project's @key, for @email with
 * @secret as AtelierFirebaseCall says. */
typedef struct
{
  AtelierFirebaseCall  call;
  const char          *url;
  const char          *key;
  const char          *email;
  const char          *secret;
} AtelierFirebaseRequest;

void    atelier_firebase_call_async (AtelierHttp                  *http,
                                     const AtelierFirebaseRequest *request,
                                     GCancellable                 *cancellable,
                                     GAsyncReadyCallback           callback,
                                     gpointer                      user_data);
/* The session a refresh or a sign-in gave (an empty one for
 * ATELIER_FIREBASE_SEND_SIGN_IN_LINK), or NULL with @error. */
AtelierFirebaseSession *atelier_firebase_call_finish (GAsyncResult *result,
                                                      GError      **error);

G_END_DECLS
