/* atelier-spend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-spend"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "atelier-spend.h"

typedef struct
{
  double  per_unit;
  char   *currency;
} Price;

struct _AtelierSpend
{
  GObject             parent_instance;

  AtelierSpendPeriod  by;
  gint64              since;
  GHashTable         *prices;   /* "service\x1funit" → Price */
  GHashTable         *totals;   /* "service\x1funit" → row (owned by @total_rows) */
  GHashTable         *by_period;
  GPtrArray          *total_rows;
  GPtrArray          *period_rows;
  GHashTable         *money;    /* currency → double* */
  guint               n_jobs;
  guint               n_unknown;
  gboolean            sorted;

  /* The last period seen, [start, end) in unix µs: jobs come newest
   * first, so most fall in the same day as the one before. */
  gint64              period_start;
  gint64              period_end;
  char               *period;
};

G_DEFINE_FINAL_TYPE (AtelierSpend, atelier_spend, G_TYPE_OBJECT)

static void
price_free (Price *price)
{
  g_free (price->currency);
  g_free (price);
}

static void
row_free (AtelierSpendRow *row)
{
  g_free (row->service);
  g_free (row->period);
  g_free (row->unit);
  g_free (row);
}

static void
atelier_spend_finalize (GObject *object)
{
  AtelierSpend *self = ATELIER_SPEND (object);

  g_clear_pointer (&self->prices, g_hash_table_unref);
  g_clear_pointer (&self->totals, g_hash_table_unref);
  g_clear_pointer (&self->by_period, g_hash_table_unref);
  g_clear_pointer (&self->total_rows, g_ptr_array_unref);
  g_clear_pointer (&self->period_rows, g_ptr_array_unref);
  g_clear_pointer (&self->money, g_hash_table_unref);
  g_clear_pointer (&self->period, g_free);

  G_OBJECT_CLASS (atelier_spend_parent_class)->finalize (object);
}

static void
atelier_spend_class_init (AtelierSpendClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = atelier_spend_finalize;
}

static void
atelier_spend_init (AtelierSpend *self)
{
  self->prices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) price_free);
  self->totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->by_period = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->total_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->period_rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->money = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

AtelierSpend *
atelier_spend_new (AtelierSpendPeriod by,
                   gint64             since)
{
  AtelierSpend *self = g_object_new (ATELIER_TYPE_SPEND, NULL);

  self->by = by;
  self->since = MAX (since, 0);
  return self;
}

AtelierSpendPeriod
atelier_spend_get_by (AtelierSpend *self)
{
  g_return_val_if_fail (ATELIER_IS_SPEND (self), ATELIER_SPEND_BY_DAY);
  return self->by;
}

void
atelier_spend_set_price (AtelierSpend *self,
                         const char   *service,
                         const char   *unit,
                         double        per_unit,
                         const char   *currency)
{
  Price *price;

  g_return_if_fail (ATELIER_IS_SPEND (self));
  g_return_if_fail (service != NULL && unit != NULL);

  if (!(per_unit > 0 && per_unit < 1e9) || currency == NULL || *currency == '\0')
    return;
  price = g_new0 (Price, 1);
  price->per_unit = per_unit;
  price->currency = g_ascii_strup (currency, -1);
  g_hash_table_replace (self->prices, g_strconcat (service, "\x1f", unit, NULL), price);
}

void
atelier_spend_set_prices (AtelierSpend *self,
                          GVariant     *prices)
{
  GVariantIter iter;
  const char *service, *unit, *currency;
  double per_unit;

  g_return_if_fail (ATELIER_IS_SPEND (self));

  if (prices == NULL || !g_variant_is_of_type (prices, G_VARIANT_TYPE ("a{s(sds)}")))
    return;
  g_variant_iter_init (&iter, prices);
  while (g_variant_iter_next (&iter, "{&s(&sd&s)}", &service, &unit, &per_unit, &currency))
    atelier_spend_set_price (self, service, unit, per_unit, currency);
}

gboolean
atelier_spend_counts (AtelierJob *job)
{
  g_return_val_if_fail (ATELIER_IS_JOB (job), FALSE);

  if (g_str_equal (atelier_job_get_provider (job), ATELIER_JOB_PROVIDER_EXPORT))
    return FALSE;
  return atelier_job_get_cost (job) != NULL ||
         atelier_job_get_status (job) == ATELIER_JOB_STATUS_DONE;
}

/* Borrowed: valid until the next call. Local time, as the person reads
 * dates; a day is not always 24 hours (DST), so its bounds are computed. */
static const char *
period_of (AtelierSpend *self,
           gint64        created)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;

  if (self->period != NULL && created >= self->period_start && created < self->period_end)
    return self->period;

  g_clear_pointer (&self->period, g_free);
  when = g_date_time_new_from_unix_local (created / G_USEC_PER_SEC);
  if (when == NULL)
    return "?";
  start = g_date_time_new_local (g_date_time_get_year (when), g_date_time_get_month (when),
                                 self->by == ATELIER_SPEND_BY_MONTH ? 1 : g_date_time_get_day_of_month (when),
                                 0, 0, 0);
  end = start == NULL ? NULL
        : self->by == ATELIER_SPEND_BY_MONTH ? g_date_time_add_months (start, 1)
                                             : g_date_time_add_days (start, 1);
  self->period = g_date_time_format (when, self->by == ATELIER_SPEND_BY_MONTH ? "%Y-%m" : "%Y-%m-%d");
  if (start != NULL && end != NULL)
    {
      self->period_start = g_date_time_to_unix (start) * G_USEC_PER_SEC;
      self->period_end = g_date_time_to_unix (end) * G_USEC_PER_SEC;
    }
  else
    self->period_start = self->period_end = 0;
  return self->period;
}

static AtelierSpendRow *
get_row (AtelierSpend *self,
         GHashTable   *rows,
         GPtrArray    *store,
         const char   *period,
         const char   *service,
         const char   *unit)
{
  g_autofree char *key = g_strjoin ("\x1f", period ? period : "", service, unit ? unit : "", NULL);
  AtelierSpendRow *row = g_hash_table_lookup (rows, key);

  if (row == NULL)
    {
      Price *price = NULL;

      row = g_new0 (AtelierSpendRow, 1);
      row->service = g_strdup (service);
      row->period = g_strdup (period);
      row->unit = g_strdup (unit);
      row->money = row->price = -1;
      if (unit != NULL)
        {
          g_autofree char *price_key = g_strconcat (service, "\x1f", unit, NULL);
          price = g_hash_table_lookup (self->prices, price_key);
        }
      if (price != NULL)
        {
          row->price = price->per_unit;
          row->currency = price->currency;
          row->money = 0;
        }
      g_ptr_array_add (store, row);
      g_hash_table_insert (rows, g_steal_pointer (&key), row);
    }
  return row;
}

static void
add_to_row (AtelierSpendRow *row,
            gint64           amount)
{
  row->n_jobs++;
  if (row->unit == NULL)
    return;
  row->amount += amount;
  if (row->currency != NULL)
    row->money = row->amount * row->price;
}

void
atelier_spend_add_job (AtelierSpend *self,
                       AtelierJob   *job)
{
  const AtelierCost *cost;
  const char *service, *unit, *period;
  AtelierSpendRow *total;

  g_return_if_fail (ATELIER_IS_SPEND (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  if (!atelier_spend_counts (job) || atelier_job_get_created (job) < self->since)
    return;

  cost = atelier_job_get_cost (job);
  service = atelier_job_get_provider (job);
  unit = cost != NULL ? cost->unit : NULL;
  period = period_of (self, atelier_job_get_created (job));

  total = get_row (self, self->totals, self->total_rows, NULL, service, unit);
  add_to_row (total, cost ? cost->amount : 0);
  add_to_row (get_row (self, self->by_period, self->period_rows, period, service, unit),
              cost ? cost->amount : 0);

  self->n_jobs++;
  if (cost == NULL)
    self->n_unknown++;
  else if (total->currency != NULL)
    {
      double *sum = g_hash_table_lookup (self->money, total->currency);

      if (sum == NULL)
        {
          sum = g_new0 (double, 1);
          g_hash_table_insert (self->money, g_strdup (total->currency), sum);
        }
      *sum += cost->amount * total->price;
    }
  self->sorted = FALSE;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const AtelierSpendRow *x = *(const AtelierSpendRow * const *) a;
  const AtelierSpendRow *y = *(const AtelierSpendRow * const *) b;
  int c;

  /* Newest period first, then by service, the unknown after the units. */
  if ((c = -g_strcmp0 (x->period, y->period)) != 0)
    return c;
  if ((c = g_strcmp0 (x->service, y->service)) != 0)
    return c;
  if ((x->unit == NULL) != (y->unit == NULL))
    return x->unit == NULL ? 1 : -1;
  return g_strcmp0 (x->unit, y->unit);
}

static void
ensure_sorted (AtelierSpend *self)
{
  if (self->sorted)
    return;
  g_ptr_array_sort (self->total_rows, compare_rows);
  g_ptr_array_sort (self->period_rows, compare_rows);
  self->sorted = TRUE;
}

GPtrArray *
atelier_spend_get_totals (AtelierSpend *self)
{
  g_return_val_if_fail (ATELIER_IS_SPEND (self), NULL);
  ensure_sorted (self);
  return self->total_rows;
}

GPtrArray *
atelier_spend_get_periods (AtelierSpend *self)
{
  g_return_val_if_fail (ATELIER_IS_SPEND (self), NULL);
  ensure_sorted (self);
  return self->period_rows;
}

guint
atelier_spend_get_n_unknown (AtelierSpend *self)
{
  g_return_val_if_fail (ATELIER_IS_SPEND (self), 0);
  return self->n_unknown;
}

guint
atelier_spend_get_n_jobs (AtelierSpend *self)
{
  g_return_val_if_fail (ATELIER_IS_SPEND (self), 0);
  return self->n_jobs;
}

GHashTable *
atelier_spend_get_money (AtelierSpend *self)
{
  g_return_val_if_fail (ATELIER_IS_SPEND (self), NULL);
  return self->money;
}

char *
atelier_spend_format_money (double      money,
                            const char *currency)
{
  /* A price per token is a tiny fraction of a cent: keep what shows. */
  int digits = money != 0 && fabs (money) < 0.01 ? 4 : 2;

  /* TRANSLATORS: an amount of money and its currency code, e.g. "0.95 USD" */
  return g_strdup_printf (_("%.*f %s"), digits, money, currency ? currency : "");
}

/* {units: {unit: n}, jobs, unknown, money: {cur: n}} per service. */
static JsonObject *
services_object (GPtrArray  *rows,
                 const char *period)
{
  JsonObject *services = json_object_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      AtelierSpendRow *row = g_ptr_array_index (rows, i);
      JsonObject *svc;

      if (g_strcmp0 (row->period, period) != 0)
        continue;
      if (json_object_has_member (services, row->service))
        svc = json_object_get_object_member (services, row->service);
      else
        {
          svc = json_object_new ();
          json_object_set_object_member (svc, "units", json_object_new ());
          json_object_set_int_member (svc, "jobs", 0);
          json_object_set_int_member (svc, "unknown", 0);
          json_object_set_object_member (services, row->service, svc);
        }
      json_object_set_int_member (svc, "jobs", json_object_get_int_member (svc, "jobs") + row->n_jobs);
      if (row->unit == NULL)
        {
          json_object_set_int_member (svc, "unknown", row->n_jobs);
          continue;
        }
      json_object_set_int_member (json_object_get_object_member (svc, "units"), row->unit,
                                  row->amount);
      if (row->currency != NULL)
        {
          JsonObject *money = json_object_has_member (svc, "money")
                              ? json_object_get_object_member (svc, "money") : NULL;

          if (money == NULL)
            {
              money = json_object_new ();
              json_object_set_object_member (svc, "money", money);
            }
          json_object_set_double_member (money, row->currency,
                                         (json_object_has_member (money, row->currency)
                                          ? json_object_get_double_member (money, row->currency)
                                          : 0) + row->money);
        }
    }
  return services;
}

JsonNode *
atelier_spend_to_json (AtelierSpend *self)
{
  JsonObject *root = json_object_new ();
  JsonObject *money = json_object_new ();
  JsonArray *periods = json_array_new ();
  GHashTableIter iter;
  gpointer cur, sum;
  const char *last = NULL;

  g_return_val_if_fail (ATELIER_IS_SPEND (self), NULL);

  ensure_sorted (self);
  json_object_set_string_member (root, "by", self->by == ATELIER_SPEND_BY_MONTH ? "month" : "day");
  if (self->since > 0)
    {
      g_autoptr(GDateTime) since = g_date_time_new_from_unix_local (self->since / G_USEC_PER_SEC);
      g_autofree char *text = since ? g_date_time_format_iso8601 (since) : NULL;

      json_object_set_string_member (root, "since", text);
    }
  else
    json_object_set_null_member (root, "since");
  json_object_set_int_member (root, "jobs", self->n_jobs);
  json_object_set_int_member (root, "unknown", self->n_unknown);
  g_hash_table_iter_init (&iter, self->money);
  while (g_hash_table_iter_next (&iter, &cur, &sum))
    json_object_set_double_member (money, cur, *(double *) sum);
  json_object_set_object_member (root, "money", money);
  json_object_set_object_member (root, "services", services_object (self->total_rows, NULL));

  for (guint i = 0; i < self->period_rows->len; i++)
    {
      AtelierSpendRow *row = g_ptr_array_index (self->period_rows, i);
      JsonObject *entry;

      if (g_strcmp0 (row->period, last) == 0)
        continue;
      last = row->period;
      entry = json_object_new ();
      json_object_set_string_member (entry, "period", row->period);
      json_object_set_object_member (entry, "services",
                                     services_object (self->period_rows, row->period));
      json_array_add_object_element (periods, entry);
    }
  json_object_set_array_member (root, "periods", periods);

  {
    JsonNode *node = json_node_init_object (json_node_alloc (), root);

    json_object_unref (root);
    return node;
  }
}
