/* atelier-composer-providers.c: what the form knows about particular services
 *
 * The form is generic; this adds what only a service can tell: Core3D's live
 * style list and which types each style supports, image3d's quality tiers
 * and credit balance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-composer"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-composer-private.h"
#include "atelier-core3d.h"
#include "atelier-image3d.h"

static char *
join_types (char **types)
{
  g_autoptr(GString) str = g_string_new (NULL);

  for (guint i = 0; types != NULL && types[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (str, ", ");
      g_string_append (str, types[i]);
    }
  return g_string_free (g_steal_pointer (&str), FALSE);
}

static char *
choice_label (const AtelierParamSpec *spec,
              const char             *value,
              gpointer                user_data)
{
  AtelierComposer *self = user_data;
  AtelierProvider *provider = atelier_composer_get_provider (self);

  if (ATELIER_IS_CORE3D_PROVIDER (provider) && g_strcmp0 (spec->name, "style") == 0)
    {
      GPtrArray *styles = atelier_core3d_provider_get_styles (ATELIER_CORE3D_PROVIDER (provider));

      for (guint i = 0; styles != NULL && i < styles->len; i++)
        {
          const AtelierCore3dStyle *style = g_ptr_array_index (styles, i);

          if (g_strcmp0 (style->id, value) == 0)
            {
              g_autofree char *types = join_types (style->types);

              /* Translators: a style's name and the target types it supports */
              return g_strdup_printf (_("%s (%s)"), style->name != NULL ? style->name : style->id,
                                      types);
            }
        }
    }

  if (ATELIER_IS_IMAGE3D_PROVIDER (provider) && g_strcmp0 (spec->name, "quality") == 0)
    {
      guint n_tiers = 0;
      const AtelierImage3dTier *tiers = atelier_image3d_get_tiers (&n_tiers);

      for (guint i = 0; i < n_tiers; i++)
        {
          const AtelierImage3dTier *tier = &tiers[i];

          if (g_strcmp0 (tier->id, value) != 0)
            continue;
          if (tier->seconds > 0 && tier->faces != NULL)
            /* Translators: a quality tier, its expected time and its face count */
            return g_strdup_printf (_("%s · about %u s · %s"), _(tier->label), tier->seconds,
                                    _(tier->faces));
          return g_strdup (_(tier->label));
        }
    }

  return NULL;
}

static void
styles_listed (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AtelierComposer) self = user_data;
  g_autoptr(GPtrArray) styles = NULL;
  g_autoptr(GError) error = NULL;

  styles = atelier_core3d_provider_list_styles_finish (ATELIER_CORE3D_PROVIDER (source), result, &error);
  if (styles == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not list the Core3D styles: %s", error->message);
      return;
    }
  if (atelier_composer_get_provider (self) == (AtelierProvider *) source)
    atelier_param_form_rebuild (self->param_form);
}

static void
balance_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AtelierComposer) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *text = NULL;
  gint64 balance = 0;

  if (!atelier_image3d_provider_get_balance_finish (ATELIER_IMAGE3D_PROVIDER (source), result,
                                                    &balance, &unit, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the image3d balance: %s", error->message);
      return;
    }
  if (atelier_composer_get_provider (self) != (AtelierProvider *) source)
    return;

  /* Translators: the image3d credit balance, e.g. "Balance: 120 credits" */
  text = g_strdup_printf (_("Balance: %lld %s"), (long long) balance,
                          unit != NULL ? unit : _("credits"));
  adw_action_row_set_subtitle (self->provider_row, text);
}

void
_atelier_composer_provider_selected (AtelierComposer *self)
{
  AtelierProvider *provider = atelier_composer_get_provider (self);

  adw_action_row_set_subtitle (self->provider_row, NULL);

  if (ATELIER_IS_CORE3D_PROVIDER (provider))
    atelier_core3d_provider_list_styles_async (ATELIER_CORE3D_PROVIDER (provider), FALSE,
                                               self->cancellable, styles_listed,
                                               g_object_ref (self));
  else if (ATELIER_IS_IMAGE3D_PROVIDER (provider))
    atelier_image3d_provider_get_balance_async (ATELIER_IMAGE3D_PROVIDER (provider),
                                                self->cancellable, balance_done,
                                                g_object_ref (self));
}

/* A finished image3d job spent credits. */
void
_atelier_composer_job_finished (AtelierComposer *self,
                                AtelierJob      *job)
{
  AtelierProvider *provider = atelier_composer_get_provider (self);

  if (ATELIER_IS_IMAGE3D_PROVIDER (provider)
      && g_strcmp0 (atelier_job_get_provider (job), atelier_provider_get_id (provider)) == 0)
    atelier_image3d_provider_get_balance_async (ATELIER_IMAGE3D_PROVIDER (provider),
                                                self->cancellable, balance_done,
                                                g_object_ref (self));
}

void
_atelier_composer_init_providers (AtelierComposer *self)
{
  atelier_param_form_set_choice_label_func (self->param_form, choice_label, self);
}
