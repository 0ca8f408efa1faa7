/* atelier-price-group.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-price-group"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-cost.h"
#include "atelier-price-group.h"
#include "atelier-providers.h"

#define PRICES_KEY "service-prices"

struct _AtelierPriceGroup
{
  AdwPreferencesGroup  parent_instance;

  /* Owned References */
  GSettings           *settings;
};

G_DEFINE_FINAL_TYPE (AtelierPriceGroup, atelier_price_group, ADW_TYPE_PREFERENCES_GROUP)

/* The unit each client reports (src/providers): what a price is for. */
static const char *
default_unit (const char *service)
{
  if (g_strcmp0 (service, "image3d") == 0)
    return ATELIER_COST_UNIT_CREDITS;
  if (g_strcmp0 (service, "openai") == 0)
    return ATELIER_COST_UNIT_TOKENS;
  return ATELIER_COST_UNIT_IMAGES;
}

static char *
unit_label (const char *unit)
{
  if (g_str_equal (unit, ATELIER_COST_UNIT_CREDITS))
    return g_strdup (_("Price of one credit"));
  if (g_str_equal (unit, ATELIER_COST_UNIT_TOKENS))
    return g_strdup (_("Price of one token"));
  if (g_str_equal (unit, ATELIER_COST_UNIT_IMAGES))
    return g_strdup (_("Price of one image"));
  /* TRANSLATORS: a unit a service named itself, e.g. "Price of one: gems" */
  return g_strdup_printf (_("Price of one: %s"), unit);
}

static gboolean
currency_is_valid (const char *code)
{
  if (code == NULL || strlen (code) != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    if (!g_ascii_isalpha (code[i]))
      return FALSE;
  return TRUE;
}

static void
on_price_changed (AtelierPriceGroup *self,
                  GtkWidget         *changed)
{
  GtkWidget *row = gtk_widget_get_ancestor (changed, ADW_TYPE_ACTION_ROW);
  const char *service = g_object_get_data (G_OBJECT (row), "service-id");
  const char *unit = g_object_get_data (G_OBJECT (row), "unit");
  GtkSpinButton *spin = g_object_get_data (G_OBJECT (row), "price");
  GtkEditable *entry = g_object_get_data (G_OBJECT (row), "currency");
  g_autofree char *currency = g_ascii_strup (gtk_editable_get_text (entry), -1);
  double price = gtk_spin_button_get_value (spin);
  g_autoptr(GVariant) old = g_settings_get_value (self->settings, PRICES_KEY);
  GVariantBuilder builder;
  GVariantIter iter;
  GVariant *entry_value;
  const char *key;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{s(sds)}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s@(sds)}", &key, &entry_value))
    {
      if (g_strcmp0 (atelier_providers_get_account (key), service) != 0 &&
          g_strcmp0 (key, service) != 0)
        g_variant_builder_add (&builder, "{s@(sds)}", key, entry_value);
      g_variant_unref (entry_value);
    }
  /* Only a whole price is kept: both a number and a currency. Clients on
   * this account (Style DNA edit on Style DNA's) are billed alike. */
  if (price > 0 && currency_is_valid (currency))
    {
      const char * const *ids = atelier_providers_get_ids ();

      for (guint i = 0; ids[i] != NULL; i++)
        if (g_strcmp0 (atelier_providers_get_account (ids[i]), service) == 0)
          g_variant_builder_add (&builder, "{s(sds)}", ids[i], unit, price, currency);
    }
  g_settings_set_value (self->settings, PRICES_KEY, g_variant_builder_end (&builder));
}

static void
add_service_row (AtelierPriceGroup *self,
                 const char        *service,
                 GVariant          *prices)
{
  const char *name = atelier_providers_get_display_name (service);
  const char *unit = default_unit (service), *currency = "";
  double price = 0;
  g_autofree char *subtitle = NULL;
  g_autofree char *price_name = NULL;
  g_autofree char *currency_name = NULL;
  GtkWidget *row, *spin, *entry;

  /* A price kept for another unit (set outside this window) stays as it is. */
  g_variant_lookup (prices, service, "(&sd&s)", &unit, &price, &currency);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name != NULL ? name : service);
  subtitle = unit_label (unit);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  g_object_set_data_full (G_OBJECT (row), "service-id", g_strdup (service), g_free);
  g_object_set_data_full (G_OBJECT (row), "unit", g_strdup (unit), g_free);

  spin = gtk_spin_button_new_with_range (0, 100000, 0.01);
  /* Six places: a price per token is a few millionths. */
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 6);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 9);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), price);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  /* TRANSLATORS: accessible name, e.g. "Price of one credit, image3d" */
  price_name = g_strdup_printf (_("%s, %s"), subtitle, name != NULL ? name : service);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  price_name, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  g_object_set_data (G_OBJECT (row), "price", spin);

  entry = gtk_entry_new ();
  gtk_entry_set_max_length (GTK_ENTRY (entry), 3);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 4);
  /* TRANSLATORS: an example currency code */
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("USD"));
  gtk_editable_set_text (GTK_EDITABLE (entry), currency);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  /* TRANSLATORS: accessible name, e.g. "Currency, image3d" */
  currency_name = g_strdup_printf (_("Currency, %s"), name != NULL ? name : service);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  currency_name, -1);
  gtk_widget_set_tooltip_text (entry, _("The currency code, e.g. USD or EUR"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
  g_object_set_data (G_OBJECT (row), "currency", entry);

  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (on_price_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (entry, "changed", G_CALLBACK (on_price_changed), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
}

static void
atelier_price_group_dispose (GObject *object)
{
  AtelierPriceGroup *self = ATELIER_PRICE_GROUP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_PRICE_GROUP);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (atelier_price_group_parent_class)->dispose (object);
}

static void
atelier_price_group_class_init (AtelierPriceGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_price_group_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/ui/atelier-price-group.ui");
}

static void
atelier_price_group_init (AtelierPriceGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
atelier_price_group_new (GSettings          *settings,
                         const char * const *services)
{
  AtelierPriceGroup *self;
  g_autoptr(GVariant) prices = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (ATELIER_TYPE_PRICE_GROUP, NULL);
  self->settings = g_object_ref (settings);
  prices = g_settings_get_value (settings, PRICES_KEY);
  /* One row per account: its clients share its price. */
  for (guint i = 0; services != NULL && services[i] != NULL; i++)
    if (g_strcmp0 (atelier_providers_get_account (services[i]), services[i]) == 0)
      add_service_row (self, services[i], prices);
  return GTK_WIDGET (self);
}
