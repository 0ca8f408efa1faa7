/* atelier-providers.c: the registry of known services
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-providers"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-core3d.h"
#include "atelier-core3d-design.h"
#include "atelier-core3d-export.h"
#include "atelier-credentials.h"
#include "atelier-endpoints.h"
#include "atelier-image3d.h"
#include "atelier-openai.h"
#include "atelier-providers.h"
#include "atelier-styledna.h"
#include "atelier-styledna-edit.h"

/* The one list of services, in the order the UI offers them. Each client's
 * id, name and table are its own class data. */
static GType (* const types[]) (void) = {
  atelier_openai_provider_get_type,
  atelier_core3d_provider_get_type,
  atelier_image3d_provider_get_type,
  atelier_styledna_provider_get_type,
  atelier_styledna_edit_provider_get_type,
};

/* Clients that work on another service's account (its address and token):
 * Core3D's product designs and print exports. Each follows its account in
 * the engine's list of providers. */
static const struct
{
  GType      (*type) (void);
  const char  *account;
} followers[] = {
  { atelier_core3d_design_provider_get_type, "core3d" },
  { atelier_core3d_export_provider_get_type, "core3d" },
};

static const char *
follower_id (guint i)
{
  /* Class data lives as long as the program: the classes are kept. */
  return ATELIER_SERVICE_CLIENT_CLASS (g_type_class_ref (followers[i].type ()))->id;
}

static const char * const *
list_ids (void)
{
  static const char **ids = NULL;

  if (g_once_init_enter (&ids))
    {
      const char **list = g_new0 (const char *, G_N_ELEMENTS (types) + 1);

      /* Class data lives as long as the program: the classes are kept. */
      for (guint i = 0; i < G_N_ELEMENTS (types); i++)
        list[i] = ATELIER_SERVICE_CLIENT_CLASS (g_type_class_ref (types[i] ()))->id;
      g_once_init_leave (&ids, list);
    }
  return ids;
}

const char *
atelier_providers_get_display_name (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (types) + G_N_ELEMENTS (followers); i++)
    {
      GType type = i < G_N_ELEMENTS (types) ? types[i] () : followers[i - G_N_ELEMENTS (types)].type ();
      AtelierServiceClientClass *klass = g_type_class_ref (type);

      if (g_strcmp0 (klass->id, id) == 0)
        return _(klass->display_name);
    }
  return NULL;
}

const char * const *
atelier_providers_get_ids (void)
{
  return list_ids ();
}

/* "openai:NAME" for a name atelier-endpoints.h accepts. */
static gboolean
is_endpoint_id (const char *id)
{
  return atelier_endpoint_name_is_valid (atelier_endpoint_name_from_id (id));
}

const char *
atelier_providers_get_account (const char *id)
{
  const char * const *ids = list_ids ();

  /* Each named endpoint is an account of its own. */
  if (is_endpoint_id (id))
    return id;

  for (guint i = 0; i < G_N_ELEMENTS (followers); i++)
    if (g_strcmp0 (follower_id (i), id) == 0)
      return followers[i].account;
  for (guint i = 0; ids[i] != NULL; i++)
    if (g_strcmp0 (ids[i], id) == 0)
      {
        /* Kept by list_ids(). */
        AtelierServiceClientClass *klass = g_type_class_peek (types[i] ());

        return klass->account ? klass->account : klass->id;
      }
  return NULL;
}

AtelierProvider *
atelier_providers_create (const char                 *id,
                          AtelierHttp                *http,
                          const AtelierServiceConfig *config)
{
  const char * const *ids = list_ids ();

  /* The config's id ("openai:NAME") makes it that endpoint's client. */
  if (is_endpoint_id (id))
    return atelier_providers_create (ATELIER_ENDPOINT_SERVICE, http, config);
  for (guint i = 0; ids[i] != NULL; i++)
    if (g_strcmp0 (ids[i], id) == 0)
      return g_object_new (types[i] (), "http", http, "config", config, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (followers); i++)
    if (g_strcmp0 (follower_id (i), id) == 0)
      return g_object_new (followers[i].type (), "http", http, "config", config, NULL);
  return NULL;
}

AtelierServiceConfig *
atelier_providers_resolve_config (const char *client_id,
                                  const char *settings_url)
{
  const char *account = atelier_providers_get_account (client_id);
  const char *id = account ? account : client_id;
  g_autofree char *url = NULL;
  g_autofree char *key_env = NULL;
  AtelierServiceConfig *config;

  /* A named endpoint: its address from the endpoints file, its token from
   * its own keyring item, never the default endpoint's. */
  if (is_endpoint_id (id))
    {
      const char *name = atelier_endpoint_name_from_id (id);
      g_autofree char *endpoint_url = atelier_endpoints_get_base_url (name);
      g_autofree char *endpoint_token = atelier_endpoints_lookup_token (name);

      return atelier_service_config_new (id, endpoint_url != NULL ? endpoint_url : "",
                                         endpoint_token);
    }
  url = atelier_service_resolve_url (id, settings_url);
  g_autofree char *token = atelier_credentials_lookup (id, NULL);

  key_env = atelier_service_env_name (id, "FIREBASE_KEY");
  config = atelier_service_config_new (id, url, token);

  /* image3d, signed in with Firebase, renews its token with these; the
   * others have none to look up (each lookup is a keyring round trip). */
  if (g_str_equal (id, "image3d"))
    {
      config->refresh_token = atelier_credentials_lookup_secret (id, "refresh");
      config->auth_key = g_strdup (g_getenv (key_env));
    }
  return config;
}

gboolean
atelier_providers_any_configured (void)
{
  const char * const *ids = list_ids ();
  g_auto(GStrv) endpoints = atelier_endpoints_list ();

  if (endpoints[0] != NULL)
    return TRUE;

  for (guint i = 0; ids[i]; i++)
    {
      g_autofree char *url_env = NULL;
      g_autofree char *token = NULL;

      /* A client sharing an account is configured with it. */
      if (!g_str_equal (atelier_providers_get_account (ids[i]), ids[i]))
        continue;
      url_env = atelier_service_env_name (ids[i], "URL");
      if (g_getenv (url_env) != NULL)
        return TRUE;
      token = atelier_credentials_lookup (ids[i], NULL);
      if (token != NULL)
        return TRUE;
      if (g_str_equal (ids[i], "image3d") &&
          (token = atelier_credentials_lookup_secret (ids[i], "refresh")) != NULL)
        return TRUE;
    }
  return FALSE;
}

void
atelier_providers_register_all (AtelierEngine     *engine,
                                AtelierConfigFunc  config_func,
                                gpointer           user_data)
{
  const char * const *ids = list_ids ();

  for (guint i = 0; ids[i]; i++)
    {
      g_autoptr(AtelierServiceConfig) config = NULL;
      g_autoptr(AtelierProvider) provider = NULL;

      const char *account = atelier_providers_get_account (ids[i]);

      config = config_func ? config_func (account, user_data)
                           : atelier_providers_resolve_config (account, NULL);
      if (config == NULL)
        continue;
      provider = atelier_providers_create (ids[i], atelier_engine_get_http (engine), config);
      if (config->max_concurrent > 0)
        atelier_engine_set_max_concurrent (engine, ids[i], config->max_concurrent);
      atelier_engine_add_provider (engine, provider);

      for (guint j = 0; j < G_N_ELEMENTS (followers); j++)
        {
          g_autoptr(AtelierProvider) follower = NULL;

          if (!g_str_equal (followers[j].account, ids[i]))
            continue;
          follower = atelier_providers_create (follower_id (j), atelier_engine_get_http (engine),
                                               config);
          atelier_engine_add_provider (engine, follower);
        }

      /* The named endpoints follow the default one in the picker. They
       * are set up by their owner, so never replaced by the sandbox. */
      if (g_str_equal (ids[i], ATELIER_ENDPOINT_SERVICE))
        {
          g_auto(GStrv) names = atelier_endpoints_list ();

          for (guint j = 0; names[j] != NULL; j++)
            atelier_providers_add_endpoint (engine, names[j]);
        }
    }
}

AtelierProvider *
atelier_providers_add_endpoint (AtelierEngine *engine,
                                const char    *name)
{
  g_autofree char *id = NULL;
  g_autoptr(AtelierServiceConfig) config = NULL;
  g_autoptr(AtelierProvider) provider = NULL;
  AtelierProvider *existing;

  g_return_val_if_fail (ATELIER_IS_ENGINE (engine), NULL);

  if (!atelier_endpoint_name_is_valid (name))
    return NULL;
  id = atelier_endpoint_provider_id (name);
  if ((existing = atelier_engine_get_provider (engine, id)) != NULL)
    return existing;
  config = atelier_providers_resolve_config (id, NULL);
  provider = atelier_providers_create (id, atelier_engine_get_http (engine), config);
  atelier_engine_add_provider (engine, provider);
  /* The engine's list keeps it. */
  return provider;
}
