/* atelier-spend-page.h: what the jobs cost, by service and by day or month
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-engine.h"
#include "atelier-spend.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_SPEND_PAGE (atelier_spend_page_get_type ())
G_DECLARE_FINAL_TYPE (AtelierSpendPage, atelier_spend_page, ATELIER, SPEND_PAGE, GtkWidget)

/* Properties: "by-month" (boolean: totals per month instead of per day).
 * The totals follow the engine's jobs as they are added and finish, and
 * the service-prices setting. */
GtkWidget    *atelier_spend_page_new          (void);
void          atelier_spend_page_set_engine   (AtelierSpendPage *self,
                                               AtelierEngine    *engine);
gboolean      atelier_spend_page_get_by_month (AtelierSpendPage *self);
void          atelier_spend_page_set_by_month (AtelierSpendPage *self,
                                               gboolean          by_month);
/* The tally shown (borrowed), brought up to date first. */
AtelierSpend *atelier_spend_page_get_spend    (AtelierSpendPage *self);

G_END_DECLS
