/* atelier-credentials.h: tokens, from libsecret or an environment override
 *
 * Tokens never go to GSettings, the history, logs or error messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* ATELIER_<ID>_TOKEN if set, else the keyring (sync; may be NULL). */
char     *atelier_credentials_lookup        (const char   *service_id,
                                             GError      **error);
void      atelier_credentials_lookup_async  (const char   *service_id,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer      user_data);
char     *atelier_credentials_lookup_finish (GAsyncResult *result,
                                             GError      **error);
void      atelier_credentials_store_async   (const char   *service_id,
                                             const char   *token,
                                             GCancellable *cancellable,
                                             GAsyncReadyCallback callback,
                                             gpointer      user_data);
gboolean  atelier_credentials_store_finish  (GAsyncResult *result,
                                             GError      **error);
gboolean  atelier_credentials_clear         (const char   *service_id,
                                             GError      **error);

/* A service's named secret beside (or as) its token: @name NULL is the
 * token itself, "refresh" image3d's Firebase refresh token. Read from
 * ATELIER_<ID>_<NAME>_TOKEN (ATELIER_<ID>_TOKEN for NULL), else what was
 * stored, else the keyring item of service "<id>:<name>" ("<id>" for NULL).
 * Under ATELIER_NO_KEYRING a stand-in in this process's memory takes the
 * keyring's place, so tests can see what would be stored; with
 * ATELIER_KEYRING_STAND_IN_FILE it is kept in that file (mode 0600) too, for
 * tests whose secrets outlive one process (atelier-cli endpoints add). */
char     *atelier_credentials_lookup_secret       (const char   *service_id,
                                                   const char   *name);
/* Stores @secret (NULL or "" clears it) for atelier_credentials_lookup_secret(). */
void      atelier_credentials_store_secret_async  (const char   *service_id,
                                                   const char   *name,
                                                   const char   *secret,
                                                   GCancellable *cancellable,
                                                   GAsyncReadyCallback callback,
                                                   gpointer      user_data);
gboolean  atelier_credentials_store_secret_finish (GAsyncResult *result,
                                                   GError      **error);
/* The stand-in's copy of a secret (tests); NULL outside ATELIER_NO_KEYRING. */
char     *atelier_credentials_peek_stand_in       (const char   *service_id,
                                                   const char   *name);
/* Start-up: reads all of Atelier's tokens from the keyring at once, in a
 * worker thread. Until _prefetch_end(), each service's first lookup takes
 * its answer from that (waiting for it if need be) instead of asking the
 * keyring on the calling thread. */
void      atelier_credentials_prefetch_begin (void);
void      atelier_credentials_prefetch_end   (void);

G_END_DECLS
