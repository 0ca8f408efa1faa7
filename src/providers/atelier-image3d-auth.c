/* atelier-image3d-auth.c: staying signed in to image3d
 *
 * image3d takes a Firebase ID token that lasts an hour. With a refresh token
 * and the project's Web API key the client renews it: before it runs out
 * (the JWT's exp, or expires_in), and when the service says 401. A request
 * refused with 401 was not accepted, so it goes again once after a
 * successful refresh, never more. A refresh refused with 400 means "sign in
 * again"; the job keeps its task id and Retry resumes it.
 *
 * The base asks for the token's renewal (renew_token) before each request
 * and after a 401, and sends the request once more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-image3d"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-credentials.h"
#include "atelier-error.h"
#include "atelier-firebase.h"
#include "atelier-image3d-private.h"
#include "atelier-provider-util.h"

#define DEFAULT_MARGIN_US (60 * G_USEC_PER_SEC)

static const char *
current_token (AtelierImage3dProvider *self)
{
  return atelier_service_client_get_config (ATELIER_SERVICE_CLIENT (self))->token;
}

/* When a token of @lifetime_s seconds should be renewed: a minute early,
 * or a tenth of its life early when it lives less than ten minutes. */
static void
set_expiry (AtelierImage3dProvider *self,
            gint64                  expires_at_s,
            gint64                  lifetime_s)
{
  self->expires_at = expires_at_s > 0 ? expires_at_s * G_USEC_PER_SEC : 0;
  self->margin = lifetime_s > 0 && lifetime_s < 600 ? lifetime_s * G_USEC_PER_SEC / 10
                                                    : DEFAULT_MARGIN_US;
}

void
_atelier_image3d_auth_init (AtelierImage3dProvider *self)
{
  const AtelierServiceConfig *config = atelier_service_client_get_config (ATELIER_SERVICE_CLIENT (self));
  g_autofree char *env_key = atelier_service_env_name ("image3d", "FIREBASE_KEY");
  gint64 issued = 0, exp;

  self->refresh_token = g_strdup (config->refresh_token);
  self->auth_key = g_strdup (g_getenv (env_key) != NULL && *g_getenv (env_key) != '\0'
                             ? g_getenv (env_key) : config->auth_key);
  self->auth_url = g_strdup (config->auth_url);
  self->token_url = g_strdup (config->token_url);
  exp = atelier_firebase_token_expiry (config->token, &issued);
  set_expiry (self, exp, exp > 0 && issued > 0 ? exp - issued : 0);
}

void
_atelier_image3d_auth_finalize (AtelierImage3dProvider *self)
{
  g_clear_pointer (&self->refresh_token, g_free);
  g_clear_pointer (&self->auth_key, g_free);
  g_clear_pointer (&self->auth_url, g_free);
  g_clear_pointer (&self->token_url, g_free);
  g_assert (self->waiters == NULL);
}

gboolean
atelier_image3d_provider_can_refresh (AtelierImage3dProvider *self)
{
  g_return_val_if_fail (ATELIER_IS_IMAGE3D_PROVIDER (self), FALSE);
  return self->refresh_token != NULL && *self->refresh_token != '\0';
}

void
atelier_image3d_provider_set_auth_key (AtelierImage3dProvider *self,
                                       const char             *key)
{
  g_return_if_fail (ATELIER_IS_IMAGE3D_PROVIDER (self));
  g_free (self->auth_key);
  self->auth_key = g_strdup (key != NULL && *key != '\0' ? key : NULL);
}

const char *
atelier_image3d_provider_get_auth_key (AtelierImage3dProvider *self)
{
  g_return_val_if_fail (ATELIER_IS_IMAGE3D_PROVIDER (self), NULL);
  return self->auth_key;
}

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!atelier_credentials_store_secret_finish (result, &error))
    g_warning ("Could not keep the image3d sign-in in the keyring: %s", error->message);
}

void
atelier_image3d_provider_set_session (AtelierImage3dProvider *self,
                                      const char             *id_token,
                                      const char             *refresh_token,
                                      gint64                  expires_in)
{
  gint64 issued = 0, exp;

  g_return_if_fail (ATELIER_IS_IMAGE3D_PROVIDER (self));

  atelier_service_client_set_token (ATELIER_SERVICE_CLIENT (self), id_token);
  if (refresh_token != NULL)
    {
      g_free (self->refresh_token);
      self->refresh_token = g_strdup (refresh_token);
    }
  exp = atelier_firebase_token_expiry (id_token, &issued);
  if (expires_in > 0)
    set_expiry (self, g_get_real_time () / G_USEC_PER_SEC + expires_in, expires_in);
  else
    set_expiry (self, exp, exp > 0 && issued > 0 ? exp - issued : 0);

  /* The keyring only: never settings, history or logs. */
  atelier_credentials_store_secret_async ("image3d", NULL, id_token, NULL, stored_cb, NULL);
  if (refresh_token != NULL)
    atelier_credentials_store_secret_async ("image3d", "refresh", refresh_token, NULL,
                                            stored_cb, NULL);
}

void
atelier_image3d_provider_sign_out (AtelierImage3dProvider *self)
{
  g_return_if_fail (ATELIER_IS_IMAGE3D_PROVIDER (self));

  atelier_service_client_set_token (ATELIER_SERVICE_CLIENT (self), NULL);
  if (self->refresh_token != NULL)
    memset (self->refresh_token, 0, strlen (self->refresh_token));
  g_clear_pointer (&self->refresh_token, g_free);
  self->expires_at = 0;
  atelier_credentials_store_secret_async ("image3d", NULL, NULL, NULL, stored_cb, NULL);
  atelier_credentials_store_secret_async ("image3d", "refresh", NULL, NULL, stored_cb, NULL);
}

/* ---- refreshing ---------------------------------------------------------- */

static gboolean
needs_refresh (AtelierImage3dProvider *self)
{
  const char *token = current_token (self);

  if (!atelier_image3d_provider_can_refresh (self))
    return FALSE;
  if (token == NULL || *token == '\0')
    return TRUE;
  return self->expires_at > 0 && g_get_real_time () >= self->expires_at - self->margin;
}

static void
refreshed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AtelierImage3dProvider) self = user_data;
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);
  g_autoptr(AtelierFirebaseSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = atelier_firebase_call_finish (result, &error);
  if (session != NULL)
    /* Always keep the refresh token that came back: it may be a new one. */
    atelier_image3d_provider_set_session (self, session->id_token, session->refresh_token,
                                          session->expires_in);
  else if (g_error_matches (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NEEDS_SIGN_IN))
    {
      /* Asking again with the same token cannot help: wait for a sign-in. */
      g_clear_pointer (&self->refresh_token, g_free);
      g_prefix_error_literal (&error, _("image3d: "));
    }

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

/* Makes the token fresh; with @refused (the token a 401 refused), renews it
 * unless that already happened. Requests in flight share one refresh. */
void
_atelier_image3d_renew_token (AtelierServiceClient *client,
                              const char           *refused,
                              GTask                *task)
{
  AtelierImage3dProvider *self = ATELIER_IMAGE3D_PROVIDER (client);

  if (refused != NULL && g_strcmp0 (refused, current_token (self)) != 0)
    {
      /* Renewed meanwhile: send it again with the new one. */
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  if (refused != NULL ? !atelier_image3d_provider_can_refresh (self) : !needs_refresh (self))
    {
      g_task_return_boolean (task, FALSE);
      g_object_unref (task);
      return;
    }
  if (self->auth_key == NULL)
    {
      g_task_return_new_error (task, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NOT_CONFIGURED,
                               _("To stay signed in to image3d, set its Firebase Web API key "
                                 "in Preferences."));
      g_object_unref (task);
      return;
    }
  if (!atelier_waiters_join (&self->waiters, task))
    return;
  g_debug ("Refreshing the image3d ID token");
  /* Shared by every waiter: not cancelled by any one of them. */
  atelier_firebase_call_async (atelier_service_client_get_http (client),
                               &(AtelierFirebaseRequest) { .call = ATELIER_FIREBASE_REFRESH,
                                                           .url = self->token_url,
                                                           .key = self->auth_key,
                                                           .secret = self->refresh_token },
                               NULL, refreshed_cb, g_object_ref (self));
}

/* ---- signing in ------------------------------------------------------------ */

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(AtelierFirebaseSession) session = NULL;
  AtelierImage3dProvider *self = g_task_get_source_object (task);
  GError *error = NULL;

  if ((session = atelier_firebase_call_finish (result, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* A sent link signs nobody in yet. */
  if (session->id_token != NULL)
    atelier_image3d_provider_set_session (self, session->id_token, session->refresh_token,
                                          session->expires_in);
  g_task_return_pointer (task, g_steal_pointer (&session),
                         (GDestroyNotify) atelier_firebase_session_free);
}

void
atelier_image3d_provider_sign_in_async (AtelierImage3dProvider *self,
                                        AtelierFirebaseCall     how,
                                        const char             *email,
                                        const char             *secret,
                                        GCancellable           *cancellable,
                                        GAsyncReadyCallback     callback,
                                        gpointer                user_data)
{
  g_autofree char *continue_url = NULL;
  GTask *task;

  g_return_if_fail (ATELIER_IS_IMAGE3D_PROVIDER (self));
  g_return_if_fail (how != ATELIER_FIREBASE_REFRESH);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_image3d_provider_sign_in_async);
  if (self->auth_key == NULL)
    {
      g_task_return_new_error (task, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NOT_CONFIGURED,
                               _("Set image3d’s Firebase Web API key first."));
      g_object_unref (task);
      return;
    }
  /* The link lands on the service's own login page; the person pastes it. */
  if (how == ATELIER_FIREBASE_SEND_SIGN_IN_LINK)
    secret = continue_url =
      atelier_url_join (atelier_service_client_get_config (ATELIER_SERVICE_CLIENT (self))->base_url,
                        "login/");
  atelier_firebase_call_async (atelier_service_client_get_http (ATELIER_SERVICE_CLIENT (self)),
                               &(AtelierFirebaseRequest) { .call = how, .url = self->auth_url,
                                                           .key = self->auth_key, .email = email,
                                                           .secret = secret },
                               cancellable, signed_in_cb, task);
}

gboolean
atelier_image3d_provider_sign_in_finish (AtelierImage3dProvider  *self,
                                         GAsyncResult            *result,
                                         char                   **email,
                                         GError                 **error)
{
  g_autoptr(AtelierFirebaseSession) session = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  session = g_task_propagate_pointer (G_TASK (result), error);
  if (email != NULL)
    *email = session != NULL ? g_steal_pointer (&session->email) : NULL;
  return session != NULL;
}

/* ---- buying credits ------------------------------------------------------- */

static gpointer
read_checkout (AtelierServiceClient  *client,
               JsonNode              *root,
               GError               **error)
{
  const char *url = atelier_json_get_string (atelier_json_object (root), "url");

  /* Opened in the browser: nothing but a web page will do. */
  if (!atelier_is_http_url (url))
    return atelier_service_client_protocol_error (client, "url", error);
  return g_strdup (url);
}

static void
checkout_ready_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  AtelierServiceClient *client = ATELIER_SERVICE_CLIENT (object);
  JsonObject *obj = g_task_get_task_data (task);
  g_autoptr(AtelierHttpRequest) req = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  if (error != NULL || !atelier_service_client_check_config (client, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  req = atelier_service_client_post_json (client, "api/create-checkout-session",
                                          json_object_ref (obj));
  /* A second session is harmless, but the person should see one page. */
  atelier_http_request_set_retry (req, ATELIER_RETRY_SUBMIT);
  atelier_service_client_send (client, req, read_checkout, g_free, g_steal_pointer (&task));
}

void
atelier_image3d_provider_create_checkout_async (AtelierImage3dProvider *self,
                                                const char             *type,
                                                const char             *pack,
                                                guint                   generations,
                                                const char             *price_id,
                                                GCancellable           *cancellable,
                                                GAsyncReadyCallback     callback,
                                                gpointer                user_data)
{
  GTask *task;
  JsonObject *obj;

  g_return_if_fail (ATELIER_IS_IMAGE3D_PROVIDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_image3d_provider_create_checkout_async);
  obj = json_object_new ();
  json_object_set_string_member (obj, "type", type != NULL ? type : "pack");
  if (pack != NULL && *pack != '\0')
    json_object_set_string_member (obj, "pack", pack);
  if (generations > 0)
    json_object_set_int_member (obj, "generations", generations);
  if (price_id != NULL && *price_id != '\0')
    json_object_set_string_member (obj, "priceId", price_id);
  g_task_set_task_data (task, obj, (GDestroyNotify) json_object_unref);
  _atelier_image3d_renew_token (ATELIER_SERVICE_CLIENT (self), NULL,
                                g_task_new (self, cancellable, checkout_ready_cb, task));
}

char *
atelier_image3d_provider_create_checkout_finish (AtelierImage3dProvider  *self,
                                                 GAsyncResult            *result,
                                                 GError                 **error)
{
  return atelier_service_client_send_finish (ATELIER_SERVICE_CLIENT (self), result, error);
}
