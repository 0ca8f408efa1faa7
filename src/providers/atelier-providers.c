/* atelier-providers.c: the registry of known services
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-providers"

#include "config.h"

#include "atelier-core3d.h"
#include "atelier-credentials.h"
#include "atelier-image3d.h"
#include "atelier-openai.h"
#include "atelier-providers.h"
#include "atelier-styledna.h"

typedef AtelierProvider *(*ProviderNew) (AtelierHttp *http, const AtelierServiceConfig *config);

static const struct {
  const char  *id;
  ProviderNew  create;
} known[] = {
  { "openai", atelier_openai_provider_new },
  { "core3d", atelier_core3d_provider_new },
  { "image3d", atelier_image3d_provider_new },
  { "styledna", atelier_styledna_provider_new },
};

static const char * const ids[] = { "openai", "core3d", "image3d", "styledna", NULL };

const char * const *
atelier_providers_get_ids (void)
{
  return ids;
}

AtelierProvider *
atelier_providers_create (const char                 *id,
                          AtelierHttp                *http,
                          const AtelierServiceConfig *config)
{
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_strcmp0 (known[i].id, id) == 0)
      return known[i].create (http, config);
  return NULL;
}

AtelierServiceConfig *
atelier_providers_resolve_config (const char *id,
                                  const char *settings_url)
{
  g_autofree char *url = atelier_service_resolve_url (id, settings_url);
  g_autofree char *token = atelier_credentials_lookup (id, NULL);

  return atelier_service_config_new (id, url, token);
}

gboolean
atelier_providers_any_configured (void)
{
  for (guint i = 0; ids[i]; i++)
    {
      g_autofree char *url_env = atelier_service_env_name (ids[i], "URL");
      g_autofree char *token = NULL;

      if (g_getenv (url_env) != NULL)
        return TRUE;
      token = atelier_credentials_lookup (ids[i], NULL);
      if (token != NULL)
        return TRUE;
    }
  return FALSE;
}

void
atelier_providers_register_all (AtelierEngine     *engine,
                                AtelierConfigFunc  config_func,
                                gpointer           user_data)
{
  for (guint i = 0; ids[i]; i++)
    {
      g_autoptr(AtelierServiceConfig) config = NULL;
      g_autoptr(AtelierProvider) provider = NULL;

      config = config_func ? config_func (ids[i], user_data)
                           : atelier_providers_resolve_config (ids[i], NULL);
      if (config == NULL)
        continue;
      provider = atelier_providers_create (ids[i], atelier_engine_get_http (engine), config);
      if (config->max_concurrent > 0)
        atelier_engine_set_max_concurrent (engine, ids[i], config->max_concurrent);
      atelier_engine_add_provider (engine, provider);
    }
}
