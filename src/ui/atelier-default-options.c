/* atelier-default-options.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-default-options"

#include "config.h"

#include <string.h>

#include "atelier-default-options.h"
#include "atelier-param-form.h"

GHashTable *
atelier_default_options_get (GSettings  *settings,
                             const char *provider_id)
{
  GHashTable *params = atelier_params_new ();
  g_autoptr(GVariant) all = NULL;
  g_autoptr(GVariant) options = NULL;
  GVariantIter iter;
  const char *name, *value;

  g_return_val_if_fail (G_IS_SETTINGS (settings), params);

  all = g_settings_get_value (settings, "default-options");
  options = g_variant_lookup_value (all, provider_id, G_VARIANT_TYPE ("a{ss}"));
  if (options == NULL && strchr (provider_id, ':') != NULL)
    {
      /* A named instance ("openai:Local") with nothing kept yet starts from
       * its service's shipped defaults (streaming, for one), never from the
       * options last used on another server, whose models may not be its. */
      g_autofree char *service = g_strndup (provider_id, strcspn (provider_id, ":"));
      g_autoptr(GVariant) shipped = g_settings_get_default_value (settings, "default-options");

      if (shipped != NULL)
        options = g_variant_lookup_value (shipped, service, G_VARIANT_TYPE ("a{ss}"));
    }
  if (options == NULL)
    return params;

  g_variant_iter_init (&iter, options);
  while (g_variant_iter_next (&iter, "{&s&s}", &name, &value))
    g_hash_table_insert (params, g_strdup (name), g_strdup (value));
  return params;
}

void
atelier_default_options_set (GSettings       *settings,
                             AtelierProvider *provider,
                             GHashTable      *params)
{
  const char *provider_id = atelier_provider_get_id (provider);
  const AtelierParamTable *table = atelier_provider_get_params (provider);
  const AtelierParamSpec *prompt = atelier_param_table_find_prompt (table);
  g_autoptr(GVariant) old = NULL;
  GVariantBuilder all, options;
  GVariantIter iter;
  GHashTableIter hiter;
  gpointer key, value;
  const char *id;
  GVariant *child;

  g_return_if_fail (G_IS_SETTINGS (settings));

  g_variant_builder_init (&options, G_VARIANT_TYPE ("a{ss}"));
  g_hash_table_iter_init (&hiter, params);
  while (g_hash_table_iter_next (&hiter, &key, &value))
    {
      const AtelierParamSpec *spec = atelier_param_table_lookup (table, key);

      if (spec == NULL || spec == prompt || spec->type == ATELIER_PARAM_FILE)
        continue;
      g_variant_builder_add (&options, "{ss}", key, value);
    }

  g_variant_builder_init (&all, G_VARIANT_TYPE ("a{sa{ss}}"));
  old = g_settings_get_value (settings, "default-options");
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s@a{ss}}", &id, &child))
    {
      if (g_strcmp0 (id, provider_id) != 0)
        g_variant_builder_add (&all, "{s@a{ss}}", id, child);
      g_variant_unref (child);
    }
  g_variant_builder_add (&all, "{sa{ss}}", provider_id, &options);
  g_settings_set_value (settings, "default-options", g_variant_builder_end (&all));
}
