/* atelier-cli-spend.c: `atelier-cli spend`, what the jobs in the history cost
 *
 * The same tally as the window's Spend page (AtelierSpend), over the whole
 * history: nothing is sent to any service. Prices come from the window's
 * Preferences (the service-prices setting) when its schema is installed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "atelier-cli-commands.h"
#include "atelier-history.h"
#include "atelier-providers.h"
#include "atelier-spend.h"

#define SETTINGS_ID  "io.github.atelierapp.Atelier"
#define PRICES_KEY   "service-prices"

/* "2026-12-06", "2026-12" or a full ISO 8601 time; local time. */
static gboolean
parse_since (const char *text,
             gint64     *since)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) when = NULL;
  int y = 0, m = 0, d = 0;
  char tail = 0;

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3)
    when = g_date_time_new (local, y, m, d, 0, 0, 0);
  else if (sscanf (text, "%4d-%2d%c", &y, &m, &tail) == 2)
    when = g_date_time_new (local, y, m, 1, 0, 0, 0);
  else
    when = g_date_time_new_from_iso8601 (text, local);
  if (when == NULL)
    return FALSE;
  *since = g_date_time_to_unix (when) * G_USEC_PER_SEC;
  return TRUE;
}

static void
load_prices (AtelierSpend *spend)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GVariant) prices = NULL;

  /* Installed with the window; a CLI-only build has no prices. */
  if (source == NULL ||
      (schema = g_settings_schema_source_lookup (source, SETTINGS_ID, TRUE)) == NULL ||
      !g_settings_schema_has_key (schema, PRICES_KEY))
    return;
  settings = g_settings_new (SETTINGS_ID);
  prices = g_settings_get_value (settings, PRICES_KEY);
  atelier_spend_set_prices (spend, prices);
}

static const char *
service_name (const char *id)
{
  const char *name = atelier_providers_get_display_name (id);

  return name != NULL ? name : id;
}

static void
print_row (const AtelierSpendRow *row,
           gboolean               with_period)
{
  g_autofree char *amount = row->unit ? atelier_cost_format_amount (row->unit, row->amount)
                                      : g_strdup (_("unknown"));
  g_autofree char *money = row->currency ? atelier_spend_format_money (row->money, row->currency)
                                         : g_strdup ("");
  g_autofree char *jobs = g_strdup_printf (ngettext ("%u job", "%u jobs", row->n_jobs),
                                           row->n_jobs);

  if (with_period)
    printf ("  %-10s  %-20s %-20s %-14s %s\n", row->period, service_name (row->service), amount,
            money, jobs);
  else
    printf ("  %-20s %-20s %-14s %s\n", service_name (row->service), amount, money, jobs);
}

static void
print_text (AtelierSpend *spend)
{
  GPtrArray *totals = atelier_spend_get_totals (spend);
  GPtrArray *periods = atelier_spend_get_periods (spend);
  GHashTable *money = atelier_spend_get_money (spend);
  g_autoptr(GList) currencies = g_list_sort (g_hash_table_get_keys (money), (GCompareFunc) g_strcmp0);
  guint unknown = atelier_spend_get_n_unknown (spend);

  if (totals->len == 0)
    {
      printf ("%s\n", _("No jobs with a cost in this period."));
      return;
    }
  printf ("%s\n", _("By service:"));
  for (guint i = 0; i < totals->len; i++)
    print_row (g_ptr_array_index (totals, i), FALSE);
  for (GList *l = currencies; l; l = l->next)
    {
      g_autofree char *sum = atelier_spend_format_money (*(double *) g_hash_table_lookup (money, l->data),
                                                         l->data);
      printf (_("Total: %s\n"), sum);
    }
  if (unknown > 0)
    printf (ngettext ("%u job of unknown cost (not counted)\n",
                      "%u jobs of unknown cost (not counted)\n", unknown), unknown);

  printf ("\n%s\n", atelier_spend_get_by (spend) == ATELIER_SPEND_BY_MONTH ? _("By month:")
                                                                          : _("By day:"));
  for (guint i = 0; i < periods->len; i++)
    print_row (g_ptr_array_index (periods, i), TRUE);
}

int
atelier_cli_spend (int argc, char **argv)
{
  g_autofree char *since_text = NULL;
  g_autofree char *by_text = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "since", 's', 0, G_OPTION_ARG_STRING, &since_text,
      N_("Only jobs made on or after DATE (YYYY-MM-DD, YYYY-MM or ISO 8601)"), N_("DATE") },
    { "by", 'b', 0, G_OPTION_ARG_STRING, &by_text, N_("Totals per day or per month (default: day)"),
      N_("day|month") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the totals as JSON"), NULL },
    { NULL }
  };
  g_autoptr(AtelierHistory) history = NULL;
  g_autoptr(AtelierSpend) spend = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  AtelierSpendPeriod by = ATELIER_SPEND_BY_DAY;
  gint64 since = 0;

  if (!atelier_cli_parse ("spend", NULL,
                          _("Add up what the jobs in the history cost, by service and by day or "
                            "month, in the units each service reported. Jobs whose service did "
                            "not say are counted as unknown."),
                          entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;
  if (argc > 1)
    {
      g_printerr (_("atelier-cli spend: unexpected argument “%s”\n"), argv[1]);
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (by_text != NULL && g_str_equal (by_text, "month"))
    by = ATELIER_SPEND_BY_MONTH;
  else if (by_text != NULL && !g_str_equal (by_text, "day"))
    {
      g_printerr (_("atelier-cli spend: --by must be day or month, not “%s”\n"), by_text);
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (since_text != NULL && !parse_since (since_text, &since))
    {
      g_printerr (_("atelier-cli spend: --since must be a date such as 2026-12-06 or 2026-12, "
                    "not “%s”\n"), since_text);
      return ATELIER_CLI_EXIT_USAGE;
    }

  history = atelier_history_open (NULL, &error);
  if (history != NULL)
    jobs = atelier_history_load_all (history, &error);
  if (jobs == NULL)
    {
      g_printerr ("atelier-cli spend: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }

  spend = atelier_spend_new (by, since);
  load_prices (spend);
  for (guint i = 0; i < jobs->len; i++)
    atelier_spend_add_job (spend, g_ptr_array_index (jobs, i));

  if (json)
    {
      g_autoptr(JsonNode) node = atelier_spend_to_json (spend);
      g_autofree char *text = json_to_string (node, TRUE);

      printf ("%s\n", text);
    }
  else
    print_text (spend);
  return ATELIER_CLI_EXIT_OK;
}
