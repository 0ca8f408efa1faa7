/* atelier-price-group.h: a price per unit for each service, in Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define ATELIER_TYPE_PRICE_GROUP (atelier_price_group_get_type ())
G_DECLARE_FINAL_TYPE (AtelierPriceGroup, atelier_price_group, ATELIER, PRICE_GROUP, AdwPreferencesGroup)

/* A row per account in @services (provider ids; a client sharing another's
 * account, like Style DNA edit, is priced with it) with the price of one of
 * its units and a currency code, kept in @settings' service-prices. A
 * service without both is not priced: its spend shows in units alone. */
GtkWidget *atelier_price_group_new (GSettings          *settings,
                                    const char * const *services);

G_END_DECLS
