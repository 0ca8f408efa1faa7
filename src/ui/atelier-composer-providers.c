/* atelier-composer-providers.c: what the form learns from the service
 *
 * The form is generic; this adds what only a service can tell at run time,
 * through the provider API: choices it lists or describes (Core3D's live
 * styles, image3d's tiers with time and faces) and a credit balance.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-composer"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-composer-private.h"
#include "atelier-credit-purchase.h"

/* Services that only run from a finished job in the window: a print export
 * starts from "Export for Print…" on a design, which names the design and
 * the types its product supports; a prompt has nothing to give it. */
static const char * const job_only_providers[] = { "core3d-export", NULL };

static gboolean
is_offered (gpointer item,
            gpointer user_data)
{
  return !g_strv_contains (job_only_providers, atelier_provider_get_id (item));
}

GListModel *
_atelier_composer_offered_providers (AtelierEngine *engine)
{
  GListModel *all = atelier_engine_get_providers (engine);

  return G_LIST_MODEL (gtk_filter_list_model_new (g_object_ref (all),
                                                  GTK_FILTER (gtk_custom_filter_new (is_offered,
                                                                                     NULL, NULL))));
}

gboolean
atelier_composer_offers_provider (AtelierComposer *self,
                                  const char      *provider_id)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), FALSE);

  return provider_id != NULL && self->engine != NULL
         && atelier_engine_get_provider (self->engine, provider_id) != NULL
         && !g_strv_contains (job_only_providers, provider_id);
}

static char *
choice_label (const AtelierParamSpec *spec,
              const char             *value,
              gpointer                user_data)
{
  AtelierComposer *self = user_data;
  AtelierProvider *provider = atelier_composer_get_provider (self);
  g_autoptr(AtelierParamChoice) choice = NULL;

  if (provider == NULL)
    return NULL;
  choice = atelier_provider_get_choice (provider, spec->name, value);
  if (choice == NULL || choice->label == NULL)
    return NULL;
  return g_strdup (choice->label);
}

static void
choices_listed (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AtelierComposer) self = user_data;
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GError) error = NULL;

  choices = atelier_provider_list_choices_finish (ATELIER_PROVIDER (source), result, &error);
  if (choices == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not list a service's choices: %s", error->message);
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

  if (!atelier_provider_get_balance_finish (ATELIER_PROVIDER (source), result,
                                            &balance, &unit, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the balance: %s", error->message);
      return;
    }
  if (atelier_composer_get_provider (self) != (AtelierProvider *) source)
    return;

  /* Translators: the image3d credit balance, e.g. "Balance: 120 credits" */
  text = g_strdup_printf (_("Balance: %lld %s"), (long long) balance,
                          unit != NULL ? unit : _("credits"));
  adw_action_row_set_subtitle (self->provider_row, text);
}

static void
refresh_balance (AtelierComposer *self,
                 AtelierProvider *provider)
{
  if (atelier_provider_has_balance (provider))
    atelier_provider_get_balance_async (provider, self->cancellable, balance_done,
                                        g_object_ref (self));
}

void
_atelier_composer_provider_selected (AtelierComposer *self)
{
  AtelierProvider *provider = atelier_composer_get_provider (self);
  const AtelierParamTable *table;

  adw_action_row_set_subtitle (self->provider_row, NULL);
  /* Beside the balance, for a service that sells credits in place. */
  gtk_widget_set_visible (self->buy_button,
                          provider != NULL && atelier_credit_purchase_is_supported (provider));
  if (provider == NULL)
    return;

  table = atelier_provider_get_params (provider);
  for (guint i = 0; table != NULL && i < table->n_specs; i++)
    if (table->specs[i].flags & ATELIER_PARAM_FLAG_SERVICE_CHOICES)
      atelier_provider_list_choices_async (provider, table->specs[i].name, FALSE,
                                           self->cancellable, choices_listed,
                                           g_object_ref (self));
  refresh_balance (self, provider);
}

/* A finished job on a service with credits spent some. */
void
_atelier_composer_job_finished (AtelierComposer *self,
                                AtelierJob      *job)
{
  AtelierProvider *provider = atelier_composer_get_provider (self);

  if (provider != NULL
      && g_strcmp0 (atelier_job_get_provider (job), atelier_provider_get_id (provider)) == 0)
    refresh_balance (self, provider);
}

void
atelier_composer_refresh_balance (AtelierComposer *self)
{
  AtelierProvider *provider;

  g_return_if_fail (ATELIER_IS_COMPOSER (self));

  if ((provider = atelier_composer_get_provider (self)) != NULL)
    refresh_balance (self, provider);
}

void
_atelier_composer_init_providers (AtelierComposer *self)
{
  atelier_param_form_set_choice_label_func (self->param_form, choice_label, self);
  /* The window's action: "" is no job in particular. */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->buy_button), "s", "");
}
