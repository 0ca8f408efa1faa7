/* atelier-endpoints.c: named OpenAI-compatible endpoints
 *
 * The keyfile is read on every call: the window and atelier-cli may both
 * change it, and it is a few lines long.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-endpoints"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

#include "atelier-credentials.h"
#include "atelier-endpoints.h"

#define KEY_URL "base-url"

G_DEFINE_QUARK (atelier-endpoint-error-quark, atelier_endpoint_error)

gboolean
atelier_endpoint_name_is_valid (const char *name)
{
  gsize len;

  if (name == NULL || (len = strlen (name)) == 0 || len > ATELIER_ENDPOINT_MAX_NAME)
    return FALSE;
  for (const char *c = name; *c != '\0'; c++)
    if (!g_ascii_isalnum (*c) && *c != '-' && *c != '_')
      return FALSE;
  return TRUE;
}

gboolean
atelier_endpoint_url_is_valid (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL || strlen (url) > 2048)
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0)
         && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0'
         && g_uri_get_userinfo (uri) == NULL && g_uri_get_query (uri) == NULL
         && g_uri_get_fragment (uri) == NULL;
}

char *
atelier_endpoint_provider_id (const char *name)
{
  return g_strconcat (ATELIER_ENDPOINT_SERVICE ":", name, NULL);
}

const char *
atelier_endpoint_name_from_id (const char *provider_id)
{
  const char *prefix = ATELIER_ENDPOINT_SERVICE ":";

  if (provider_id == NULL || !g_str_has_prefix (provider_id, prefix))
    return NULL;
  return provider_id + strlen (prefix);
}

char *
atelier_endpoints_get_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "atelier", "endpoints.ini", NULL);
}

static GKeyFile *
load (GError **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *path = atelier_endpoints_get_path ();
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_KEEP_COMMENTS, &local_error)
      && !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, ATELIER_ENDPOINT_ERROR, ATELIER_ENDPOINT_ERROR_FAILED,
                   _("Could not read the endpoints from “%s”: %s"), path, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&file);
}

static gboolean
save (GKeyFile  *file,
      GError   **error)
{
  g_autofree char *path = atelier_endpoints_get_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) local_error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0 || !g_key_file_save_to_file (file, path, &local_error))
    {
      g_set_error (error, ATELIER_ENDPOINT_ERROR, ATELIER_ENDPOINT_ERROR_FAILED,
                   _("Could not save the endpoints to “%s”: %s"), path,
                   local_error != NULL ? local_error->message : g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

char **
atelier_endpoints_list (void)
{
  g_autoptr(GKeyFile) file = load (NULL);
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) groups = NULL;

  if (file != NULL)
    groups = g_key_file_get_groups (file, NULL);
  /* Hand-edited files may hold anything: only usable entries count. */
  for (guint i = 0; groups != NULL && groups[i] != NULL; i++)
    {
      g_autofree char *url = g_key_file_get_string (file, groups[i], KEY_URL, NULL);

      if (atelier_endpoint_name_is_valid (groups[i]) && atelier_endpoint_url_is_valid (url))
        g_strv_builder_add (names, groups[i]);
    }
  return g_strv_builder_end (names);
}

char *
atelier_endpoints_get_base_url (const char *name)
{
  g_autoptr(GKeyFile) file = NULL;
  g_autofree char *url = NULL;

  if (!atelier_endpoint_name_is_valid (name) || (file = load (NULL)) == NULL)
    return NULL;
  url = g_key_file_get_string (file, name, KEY_URL, NULL);
  return atelier_endpoint_url_is_valid (url) ? g_steal_pointer (&url) : NULL;
}

gboolean
atelier_endpoints_set (const char  *name,
                       const char  *base_url,
                       GError     **error)
{
  g_autoptr(GKeyFile) file = NULL;

  if (!atelier_endpoint_name_is_valid (name))
    {
      g_set_error (error, ATELIER_ENDPOINT_ERROR, ATELIER_ENDPOINT_ERROR_INVALID_NAME,
                   _("An endpoint name is 1 to %d letters, digits, “-” or “_”"),
                   ATELIER_ENDPOINT_MAX_NAME);
      return FALSE;
    }
  if (!atelier_endpoint_url_is_valid (base_url))
    {
      g_set_error (error, ATELIER_ENDPOINT_ERROR, ATELIER_ENDPOINT_ERROR_INVALID_URL,
                   _("The base URL must be an http or https address without a query, "
                     "like https://api.openai.com/v1"));
      return FALSE;
    }
  if ((file = load (error)) == NULL)
    return FALSE;
  g_key_file_set_string (file, name, KEY_URL, base_url);
  return save (file, error);
}

gboolean
atelier_endpoints_remove (const char  *name,
                          GError     **error)
{
  g_autoptr(GKeyFile) file = NULL;

  if ((file = load (error)) == NULL)
    return FALSE;
  if (!atelier_endpoint_name_is_valid (name) || !g_key_file_has_group (file, name))
    {
      g_set_error (error, ATELIER_ENDPOINT_ERROR, ATELIER_ENDPOINT_ERROR_NOT_FOUND,
                   _("There is no endpoint “%s”"), name);
      return FALSE;
    }
  g_key_file_remove_group (file, name, NULL);
  return save (file, error);
}

char *
atelier_endpoints_lookup_token (const char *name)
{
  g_return_val_if_fail (atelier_endpoint_name_is_valid (name), NULL);
  return atelier_credentials_lookup_secret (ATELIER_ENDPOINT_SERVICE, name);
}

void
atelier_endpoints_store_token_async (const char          *name,
                                     const char          *token,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (atelier_endpoint_name_is_valid (name));
  atelier_credentials_store_secret_async (ATELIER_ENDPOINT_SERVICE, name, token, cancellable,
                                          callback, user_data);
}

gboolean
atelier_endpoints_store_token_finish (GAsyncResult  *result,
                                      GError       **error)
{
  return atelier_credentials_store_secret_finish (result, error);
}
