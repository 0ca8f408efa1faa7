/* atelier-spend.h: what the jobs cost, added up by service and by period
 *
 * One tally for the window's Spend page and `atelier-cli spend`: jobs are
 * added one by one (the window has them all in its job list, the CLI loads
 * the history), each counted in the units its service reported. A job that
 * finished without its service saying what it cost is counted as unknown,
 * never estimated; a price per unit (from Preferences) turns units into
 * money only where one is set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-job.h"

G_BEGIN_DECLS

typedef enum
{
  ATELIER_SPEND_BY_DAY,
  ATELIER_SPEND_BY_MONTH,
} AtelierSpendPeriod;

/* One line of a tally: a service's amount in one unit, or (unit NULL) the
 * number of its jobs whose cost is unknown. */
typedef struct
{
  char   *service;  /* provider id */
  char   *period;   /* "2026-12-06" or "2026-12" (local time); NULL in totals */
  char   *unit;     /* NULL: unknown */
  gint64  amount;   /* in @unit; 0 for unknown */
  guint   n_jobs;
  double  money;    /* amount × the price set for (service, unit); < 0: none */
  double  price;    /* that price of one unit; < 0: none */
  const char *currency; /* the price's currency code, or NULL */
} AtelierSpendRow;

#define ATELIER_TYPE_SPEND (atelier_spend_get_type ())
G_DECLARE_FINAL_TYPE (AtelierSpend, atelier_spend, ATELIER, SPEND, GObject)

/* Jobs created before @since (unix µs; 0: none) are left out. */
AtelierSpend *atelier_spend_new            (AtelierSpendPeriod  by,
                                            gint64              since);
AtelierSpendPeriod atelier_spend_get_by    (AtelierSpend       *self);
/* @per_unit of @currency (an ISO code such as "USD") for one @unit of
 * @service's; set before adding jobs. */
void          atelier_spend_set_price      (AtelierSpend       *self,
                                            const char         *service,
                                            const char         *unit,
                                            double              per_unit,
                                            const char         *currency);
/* The Preferences price table, a{s(sds)}: service → (unit, price per
 * unit, currency). Entries without a positive price or a currency are
 * skipped. */
void          atelier_spend_set_prices     (AtelierSpend       *self,
                                            GVariant           *prices);
void          atelier_spend_add_job        (AtelierSpend       *self,
                                            AtelierJob         *job);
/* Whether @job counts at all: a service's job (not Atelier's own exports)
 * with a cost, or done without one (unknown). */
gboolean      atelier_spend_counts         (AtelierJob         *job);

/* Borrowed arrays of AtelierSpendRow: per service (and unit), sorted by
 * service then unit, unknown last; per period too, newest period first. */
GPtrArray    *atelier_spend_get_totals     (AtelierSpend       *self);
GPtrArray    *atelier_spend_get_periods    (AtelierSpend       *self);
guint         atelier_spend_get_n_unknown  (AtelierSpend       *self);
guint         atelier_spend_get_n_jobs     (AtelierSpend       *self);
/* Money over all priced rows: currency code → double, borrowed. */
GHashTable   *atelier_spend_get_money      (AtelierSpend       *self);

/* Translated, e.g. "0.95 USD" ("%.2f"; more digits for amounts under a cent). */
char         *atelier_spend_format_money   (double              money,
                                            const char         *currency);
/* {by, since, n_jobs, unknown, money: {cur: n}, services: {id: {units: {unit: n},
 * jobs, unknown, money: {cur: n}}}, periods: [{period, services: {…}}]}. */
JsonNode     *atelier_spend_to_json        (AtelierSpend       *self);

G_END_DECLS
