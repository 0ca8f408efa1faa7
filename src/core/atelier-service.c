/* atelier-service.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-service"

#include "config.h"

#include <string.h>

#include "atelier-secrets.h"
#include "atelier-service.h"

static const struct {
  const char *id;
  const char *url;
} defaults[] = {
  /* OpenAI SDK convention: the base includes /v1, endpoint paths follow. */
  { "openai",   "https://api.openai.com/v1" },
  { "core3d",   "https://api.core3d.io/v1" },
  { "image3d",  "https://image3d.io" },
  { "styledna", "https://api.tengr.ai" },
};

AtelierServiceConfig *
atelier_service_config_new (const char *id,
                            const char *base_url,
                            const char *token)
{
  AtelierServiceConfig *config = g_new0 (AtelierServiceConfig, 1);
  gsize len;

  config->id = g_strdup (id);
  config->base_url = g_strdup (base_url ? base_url : atelier_service_default_url (id));
  len = config->base_url ? strlen (config->base_url) : 0;
  while (len > 0 && config->base_url[len - 1] == '/')
    config->base_url[--len] = '\0';
  config->token = g_strdup (token);
  /* Every message from here on is cleaned of it (atelier-secrets.h). */
  atelier_secrets_register (token);
  return config;
}

AtelierServiceConfig *
atelier_service_config_copy (const AtelierServiceConfig *config)
{
  AtelierServiceConfig *copy = atelier_service_config_new (config->id, config->base_url,
                                                           config->token);
  copy->max_concurrent = config->max_concurrent;
  copy->refresh_token = g_strdup (config->refresh_token);
  copy->auth_key = g_strdup (config->auth_key);
  copy->auth_url = g_strdup (config->auth_url);
  copy->token_url = g_strdup (config->token_url);
  return copy;
}

void
atelier_service_config_free (AtelierServiceConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->id);
  g_free (config->base_url);
  if (config->token)
    memset (config->token, 0, strlen (config->token));
  g_free (config->token);
  if (config->refresh_token)
    memset (config->refresh_token, 0, strlen (config->refresh_token));
  g_free (config->refresh_token);
  g_free (config->auth_key);
  g_free (config->auth_url);
  g_free (config->token_url);
  g_free (config);
}

const char *
atelier_service_default_url (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    if (g_strcmp0 (defaults[i].id, id) == 0)
      return defaults[i].url;
  return NULL;
}

char *
atelier_service_env_name (const char *id,
                          const char *suffix)
{
  g_autofree char *up = g_ascii_strup (id, -1);
  return g_strdup_printf ("ATELIER_%s_%s", up, suffix);
}

char *
atelier_service_resolve_url (const char *id,
                             const char *fallback)
{
  g_autofree char *env = atelier_service_env_name (id, "URL");
  const char *value = g_getenv (env);

  if (value != NULL && *value != '\0')
    return g_strdup (value);
  if (fallback != NULL && *fallback != '\0')
    return g_strdup (fallback);
  return g_strdup (atelier_service_default_url (id));
}

char *
atelier_url_join (const char *base,
                  const char *path)
{
  gsize len = strlen (base);

  while (len > 0 && base[len - 1] == '/')
    len--;
  while (*path == '/')
    path++;
  return g_strdup_printf ("%.*s/%s", (int) len, base, path);
}

gboolean
atelier_url_same_origin (const char *url,
                         const char *base)
{
  g_autoptr(GUri) a = NULL;
  g_autoptr(GUri) b = NULL;

  if (url == NULL || base == NULL)
    return FALSE;

  a = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  b = g_uri_parse (base, G_URI_FLAGS_NONE, NULL);
  if (a == NULL || b == NULL)
    return FALSE;

  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a) ? g_uri_get_host (a) : "",
                             g_uri_get_host (b) ? g_uri_get_host (b) : "") == 0 &&
         g_uri_get_port (a) == g_uri_get_port (b);
}
