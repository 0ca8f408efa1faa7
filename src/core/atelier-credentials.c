/* atelier-credentials.c
 *
 * Each keyring lookup is a few D-Bus round trips (and, the first time, a
 * session with the keyring daemon): 5 to 30 ms on the main thread per
 * service at start-up. So the app reads all of its tokens at once in a
 * worker thread while GTK starts, and start-up's lookups take their answer
 * from that.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-credentials"

#include "config.h"

#include <glib/gi18n.h>
#include <libsecret/secret.h>
#include <string.h>

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

/* The start-up snapshot, under prefetch_lock. */
static GMutex      prefetch_lock;
static GCond       prefetch_cond;
static gboolean    prefetch_running;
static gboolean    prefetch_ended;
static GHashTable *prefetched;  /* service id → token */
static GHashTable *prefetch_served;  /* ids answered from it (or changed since) */

static void
token_free (char *token)
{
  if (token != NULL)
    {
      memset (token, 0, strlen (token));
      g_free (token);
    }
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

static gpointer
prefetch_thread (gpointer data)
{
  g_autoptr(GError) error = NULL;
  GHashTable *tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) token_free);
  GList *items;

  items = secret_password_search_sync (token_schema (),
                                       SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK
                                       | SECRET_SEARCH_LOAD_SECRETS,
                                       NULL, &error, NULL);
  /* As for a lookup, no keyring means no tokens, not an error. */
  if (error != NULL)
    g_debug ("No keyring available: %s", error->message);

  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);
      const char *service = g_hash_table_lookup (attributes, "service");
      SecretValue *value = secret_retrievable_retrieve_secret_sync (l->data, NULL, NULL);
      const char *text = value != NULL ? secret_value_get_text (value) : NULL;

      /* The first one, as a lookup would answer. */
      if (service != NULL && text != NULL && *text != '\0'
          && !g_hash_table_contains (tokens, service))
        g_hash_table_insert (tokens, g_strdup (service), g_strdup (text));
      g_clear_pointer (&value, secret_value_unref);
    }
  g_list_free_full (items, g_object_unref);

  g_mutex_lock (&prefetch_lock);
  if (prefetch_ended)
    g_clear_pointer (&tokens, g_hash_table_unref);
  prefetched = tokens;
  prefetch_running = FALSE;
  g_cond_broadcast (&prefetch_cond);
  g_mutex_unlock (&prefetch_lock);
  return NULL;
}

void
atelier_credentials_prefetch_begin (void)
{
  if (keyring_disabled ())
    return;

  g_mutex_lock (&prefetch_lock);
  if (!prefetch_running && prefetch_served == NULL)
    {
      prefetch_running = TRUE;
      prefetch_served = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_thread_unref (g_thread_new ("atelier-keyring", prefetch_thread, NULL));
    }
  g_mutex_unlock (&prefetch_lock);
}

void
atelier_credentials_prefetch_end (void)
{
  g_mutex_lock (&prefetch_lock);
  prefetch_ended = TRUE;
  g_clear_pointer (&prefetched, g_hash_table_unref);
  g_mutex_unlock (&prefetch_lock);
}

/* TRUE when the snapshot answers for @service_id: @token is then its
 * token, or NULL when the keyring has none. Once per service. */
static gboolean
take_prefetched (const char  *service_id,
                 char       **token)
{
  gboolean answered = FALSE;

  g_mutex_lock (&prefetch_lock);
  while (prefetch_running && !prefetch_ended)
    g_cond_wait (&prefetch_cond, &prefetch_lock);
  if (prefetched != NULL && !prefetch_ended
      && g_hash_table_add (prefetch_served, g_strdup (service_id)))
    {
      *token = NULL;
      g_hash_table_steal_extended (prefetched, service_id, NULL, (gpointer *) token);
      answered = TRUE;
    }
  g_mutex_unlock (&prefetch_lock);
  return answered;
}

/* A token stored or cleared since: the snapshot no longer knows it. */
static void
forget_prefetched (const char *service_id)
{
  g_mutex_lock (&prefetch_lock);
  if (prefetch_served != NULL)
    g_hash_table_add (prefetch_served, g_strdup (service_id));
  if (prefetched != NULL)
    g_hash_table_remove (prefetched, service_id);
  g_mutex_unlock (&prefetch_lock);
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
  if (take_prefetched (service_id, &token))
    return token;

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
  forget_prefetched (service_id);

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

  forget_prefetched (service_id);
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

/* ATELIER_KEYRING_STAND_IN_FILE: tests whose secrets must outlive one
 * process (atelier-cli storing a token one run reads in the next) keep the
 * stand-in in that file, readable by its owner only. Tests only: a real
 * session has a keyring. Called under the stand_in lock. */
static const char *
stand_in_file (void)
{
  const char *path = g_getenv ("ATELIER_KEYRING_STAND_IN_FILE");

  return path != NULL && *path != '\0' ? path : NULL;
}

static void
stand_in_load (void)
{
  g_autoptr(GKeyFile) file = NULL;
  g_auto(GStrv) keys = NULL;

  if (stand_in == NULL)
    stand_in = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (stand_in_file () == NULL)
    return;
  file = g_key_file_new ();
  if (!g_key_file_load_from_file (file, stand_in_file (), G_KEY_FILE_NONE, NULL))
    return;
  g_hash_table_remove_all (stand_in);
  keys = g_key_file_get_keys (file, "secrets", NULL, NULL);
  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    g_hash_table_insert (stand_in, g_strdup (keys[i]),
                         g_key_file_get_string (file, "secrets", keys[i], NULL));
}

static void
stand_in_save (void)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gsize len;

  if (stand_in_file () == NULL)
    return;
  file = g_key_file_new ();
  g_hash_table_iter_init (&iter, stand_in);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_key_file_set_string (file, "secrets", key, value);
  data = g_key_file_to_data (file, &len, NULL);
  if (!g_file_set_contents_full (stand_in_file (), data, len, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, &error))
    g_warning ("Could not save the keyring stand-in: %s", error->message);
}

char *
atelier_credentials_peek_stand_in (const char *service_id,
                                   const char *name)
{
  g_autofree char *key = secret_key (service_id, name);
  char *secret = NULL;

  G_LOCK (stand_in);
  if (keyring_disabled ())
    stand_in_load ();
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
      stand_in_load ();
      if (clear)
        g_hash_table_remove (stand_in, key);
      else
        g_hash_table_insert (stand_in, g_steal_pointer (&key), g_strdup (secret));
      stand_in_save ();
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
