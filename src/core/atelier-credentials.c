/* atelier-credentials.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-credentials"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "atelier-credentials.h"
#include "atelier-service.h"

static const SecretSchema *
token_schema (void)
{
  static const SecretSchema schema = {
    "io.github.atelierapp.Atelier.Token", SECRET_SCHEMA_NONE,
    {
      { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "NULL", 0 },
    }
  };
  return &schema;
}

static char *
env_token (const char *service_id)
{
  g_autofree char *name = atelier_service_env_name (service_id, "TOKEN");
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

/* Tests and CI have no keyring; asking D-Bus there only costs time. */
static gboolean
keyring_disabled (void)
{
  return g_getenv ("ATELIER_NO_KEYRING") != NULL;
}

char *
atelier_credentials_lookup (const char  *service_id,
                            GError     **error)
{
  char *token;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (service_id != NULL, NULL);

  if ((token = env_token (service_id)))
    return token;
  if (keyring_disabled ())
    return NULL;

  token = secret_password_lookup_sync (token_schema (), NULL, &local_error,
                                       "service", service_id, NULL);
  if (local_error != NULL)
    {
      /* No keyring is not an error for callers: there is just no token. */
      g_debug ("No keyring available for %s: %s", service_id, local_error->message);
      return NULL;
    }
  return token;
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_debug ("Keyring lookup failed: %s", error->message);
  g_task_return_pointer (task, token, (GDestroyNotify) secret_password_free);
}

void
atelier_credentials_lookup_async (const char          *service_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  char *token;

  g_task_set_source_tag (task, atelier_credentials_lookup_async);

  if ((token = env_token (service_id)) || keyring_disabled ())
    {
      g_task_return_pointer (task, token, g_free);
      return;
    }

  secret_password_lookup (token_schema (), cancellable, lookup_cb, g_steal_pointer (&task),
                          "service", service_id, NULL);
}

char *
atelier_credentials_lookup_finish (GAsyncResult  *result,
                                   GError       **error)
{
  char *token = g_task_propagate_pointer (G_TASK (result), error);
  char *copy = g_strdup (token);

  /* Hand out g_free-able memory whichever allocator produced it. */
  if (token != NULL)
    secret_password_free (token);
  return copy;
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
atelier_credentials_store_async (const char          *service_id,
                                 const char          *token,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = g_strdup_printf (_("Atelier token for %s"), service_id);

  g_task_set_source_tag (task, atelier_credentials_store_async);

  if (token == NULL || *token == '\0')
    {
      GError *error = NULL;
      if (atelier_credentials_clear (service_id, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, error);
      return;
    }

  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, store_cb, g_steal_pointer (&task),
                         "service", service_id, NULL);
}

gboolean
atelier_credentials_store_finish (GAsyncResult  *result,
                                  GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
atelier_credentials_clear (const char  *service_id,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (keyring_disabled ())
    return TRUE;

  secret_password_clear_sync (token_schema (), NULL, &local_error, "service", service_id, NULL);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* ---- named secrets ------------------------------------------------------ */

G_LOCK_DEFINE_STATIC (stand_in);
static GHashTable *stand_in;  /* "<id>[:<name>]" → secret, under ATELIER_NO_KEYRING */

static char *
secret_key (const char *service_id,
            const char *name)
{
  return name != NULL ? g_strdup_printf ("%s:%s", service_id, name) : g_strdup (service_id);
}

static char *
env_secret (const char *service_id,
            const char *name)
{
  g_autofree char *up = name != NULL ? g_ascii_strup (name, -1) : NULL;
  g_autofree char *suffix = up != NULL ? g_strconcat (up, "_TOKEN", NULL) : g_strdup ("TOKEN");
  g_autofree char *env = atelier_service_env_name (service_id, suffix);
  const char *value = g_getenv (env);

  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

char *
atelier_credentials_peek_stand_in (const char *service_id,
                                   const char *name)
{
  g_autofree char *key = secret_key (service_id, name);
  char *secret = NULL;

  G_LOCK (stand_in);
  if (stand_in != NULL)
    secret = g_strdup (g_hash_table_lookup (stand_in, key));
  G_UNLOCK (stand_in);
  return secret;
}

char *
atelier_credentials_lookup_secret (const char *service_id,
                                   const char *name)
{
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  char *secret;

  g_return_val_if_fail (service_id != NULL, NULL);

  if ((secret = env_secret (service_id, name)) != NULL)
    return secret;
  if (keyring_disabled ())
    return atelier_credentials_peek_stand_in (service_id, name);

  key = secret_key (service_id, name);
  secret = secret_password_lookup_sync (token_schema (), NULL, &error, "service", key, NULL);
  if (error != NULL)
    g_debug ("No keyring available for %s: %s", key, error->message);
  if (secret != NULL)
    {
      char *copy = g_strdup (secret);

      secret_password_free (secret);
      return copy;
    }
  return NULL;
}

static void
store_secret_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
clear_secret_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
atelier_credentials_store_secret_async (const char          *service_id,
                                        const char          *name,
                                        const char          *secret,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *key = secret_key (service_id, name);
  g_autofree char *label = NULL;
  gboolean clear = secret == NULL || *secret == '\0';

  g_task_set_source_tag (task, atelier_credentials_store_secret_async);

  if (keyring_disabled ())
    {
      G_LOCK (stand_in);
      if (stand_in == NULL)
        stand_in = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      if (clear)
        g_hash_table_remove (stand_in, key);
      else
        g_hash_table_insert (stand_in, g_steal_pointer (&key), g_strdup (secret));
      G_UNLOCK (stand_in);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (clear)
    {
      secret_password_clear (token_schema (), cancellable, clear_secret_cb,
                             g_steal_pointer (&task), "service", key, NULL);
      return;
    }
  label = name != NULL ? g_strdup_printf (_("Atelier %s for %s"), name, service_id)
                       : g_strdup_printf (_("Atelier token for %s"), service_id);
  secret_password_store (token_schema (), SECRET_COLLECTION_DEFAULT, label, secret,
                         cancellable, store_secret_cb, g_steal_pointer (&task),
                         "service", key, NULL);
}

gboolean
atelier_credentials_store_secret_finish (GAsyncResult  *result,
                                         GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
