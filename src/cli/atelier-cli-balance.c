/* atelier-cli-balance.c: `atelier-cli balance`, the image3d credits left,
 * and `--buy PACK`: a checkout page, then (with --wait) the new balance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "atelier-cli-commands.h"
#include "atelier-cli-common.h"
#include "atelier-error.h"
#include "atelier-image3d.h"

/* How long --wait watches for the purchase, and how often it asks. */
#define BUY_WAIT_S     (10 * 60)
#define BUY_POLL_MS    3000

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  gint64     balance;
  char      *unit;
  char      *url;
  GError    *error;
} BalanceData;

static void
balance_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BalanceData *bd = user_data;

  g_clear_pointer (&bd->unit, g_free);
  bd->ok = atelier_provider_get_balance_finish (ATELIER_PROVIDER (object), result,
                                                &bd->balance, &bd->unit, &bd->error);
  g_main_loop_quit (bd->loop);
}

static gboolean
get_balance (AtelierProvider *provider,
             BalanceData     *bd)
{
  atelier_provider_get_balance_async (provider, NULL, balance_cb, bd);
  g_main_loop_run (bd->loop);
  return bd->ok;
}

static void
checkout_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  BalanceData *bd = user_data;

  bd->url = atelier_image3d_provider_create_checkout_finish (ATELIER_IMAGE3D_PROVIDER (object),
                                                             result, &bd->error);
  g_main_loop_quit (bd->loop);
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);

  return value != NULL && *value != '\0' ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

static void
print_balance (BalanceData     *bd,
               AtelierProvider *provider,
               gboolean         json)
{
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "balance");
      json_builder_add_int_value (builder, bd->balance);
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, bd->unit ? bd->unit : "credits");
      json_builder_set_member_name (builder, "pricing_url");
      json_builder_add_string_value (builder,
                                     atelier_provider_get_help_url (provider,
                                                                    ATELIER_ERROR_KIND_NO_CREDITS));
      if (bd->url != NULL)
        {
          json_builder_set_member_name (builder, "checkout_url");
          json_builder_add_string_value (builder, bd->url);
        }
      json_builder_end_object (builder);
      atelier_cli_print_json (builder);
    }
  else
    printf ("%" G_GINT64_FORMAT " %s\n", bd->balance, bd->unit ? bd->unit : _("credits"));
  fflush (stdout);
}

static int
fail (BalanceData *bd)
{
  g_printerr ("atelier-cli balance: %s\n", bd->error->message);
  g_clear_error (&bd->error);
  return ATELIER_CLI_EXIT_FAILED;
}

/* Creates the checkout, prints its page at once, then (@wait) watches the
 * balance until it rises or the time is up. */
static int
buy (AtelierProvider *provider,
     BalanceData     *bd,
     const char      *type,
     const char      *pack,
     int              generations,
     const char      *price_id,
     gboolean         wait,
     gboolean         json)
{
  gint64 before, deadline;
  guint interval = env_uint ("ATELIER_POLL_MS", BUY_POLL_MS);

  if (wait && !get_balance (provider, bd))
    return fail (bd);
  before = bd->balance;

  atelier_image3d_provider_create_checkout_async (ATELIER_IMAGE3D_PROVIDER (provider), type, pack,
                                                  MAX (generations, 0), price_id, NULL,
                                                  checkout_cb, bd);
  g_main_loop_run (bd->loop);
  if (bd->url == NULL)
    return fail (bd);
  /* On its own line, at once: a script or a person opens it. */
  printf ("%s\n", bd->url);
  fflush (stdout);
  if (!wait)
    return ATELIER_CLI_EXIT_OK;

  g_printerr ("%s\n", _("Waiting for the purchase to complete in the browser…"));
  deadline = g_get_monotonic_time () + (gint64) env_uint ("ATELIER_BUY_WAIT_S", BUY_WAIT_S) * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_timeout_add (MAX (interval, 10), quit_cb, bd->loop);
      g_main_loop_run (bd->loop);
      /* A passing failure (network, rate limit) is asked again next time. */
      if (!get_balance (provider, bd))
        {
          g_debug ("Balance not read: %s", bd->error->message);
          g_clear_error (&bd->error);
          continue;
        }
      if (bd->balance > before)
        {
          g_clear_pointer (&bd->url, g_free);
          print_balance (bd, provider, json);
          return ATELIER_CLI_EXIT_OK;
        }
    }
  g_printerr ("%s\n", _("atelier-cli balance: the balance did not rise in time; if the purchase "
                        "went through, “atelier-cli balance” will show it."));
  return ATELIER_CLI_EXIT_FAILED;
}

int
atelier_cli_balance (int argc, char **argv)
{
  gboolean json = FALSE, offline = FALSE, wait = FALSE;
  g_autofree char *pack = NULL;
  g_autofree char *type = NULL;
  g_autofree char *price_id = NULL;
  int generations = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the balance as JSON"), NULL },
    { "buy", 0, 0, G_OPTION_ARG_STRING, &pack,
      N_("Buy credits: print a checkout page for this pack (e.g. starter)"), N_("PACK") },
    { "generations", 0, 0, G_OPTION_ARG_INT, &generations,
      N_("With --buy: how many generations to buy"), N_("N") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type,
      N_("With --buy: pack (default) or subscription"), N_("TYPE") },
    { "price-id", 0, 0, G_OPTION_ARG_STRING, &price_id,
      N_("With --buy: the service’s price id, when known"), N_("ID") },
    { "wait", 'w', 0, G_OPTION_ARG_NONE, &wait,
      N_("With --buy: wait (up to 10 minutes) until the balance rises, then print it"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, N_("Use the embedded offline sandbox"), NULL },
    { NULL }
  };
  g_autoptr(AtelierCliContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  AtelierProvider *provider;
  BalanceData bd = { 0 };
  int status;

  if (!atelier_cli_parse ("balance", NULL, _("Show the image3d credits left, or buy more."),
                          entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;
  if (pack == NULL && (wait || generations != 0 || type != NULL || price_id != NULL))
    {
      g_printerr ("%s\n", _("atelier-cli balance: --wait, --generations, --type and --price-id "
                            "go with --buy PACK"));
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (generations < 0 || (type != NULL && g_strcmp0 (type, "pack") != 0 &&
                          g_strcmp0 (type, "subscription") != 0))
    {
      g_printerr ("%s\n", _("atelier-cli balance: --generations must be positive and --type "
                            "pack or subscription"));
      return ATELIER_CLI_EXIT_USAGE;
    }

  ctx = atelier_cli_context_new (offline, &error);
  if (ctx == NULL)
    {
      g_printerr ("atelier-cli: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }

  provider = atelier_engine_get_provider (ctx->engine, "image3d");
  if (provider == NULL || !atelier_provider_has_balance (provider))
    {
      g_printerr ("%s\n", _("atelier-cli balance: image3d is not available"));
      return ATELIER_CLI_EXIT_FAILED;
    }

  bd.loop = ctx->loop;
  if (pack != NULL)
    status = buy (provider, &bd, type, pack, generations, price_id, wait, json);
  else if (!get_balance (provider, &bd))
    status = fail (&bd);
  else
    {
      print_balance (&bd, provider, json);
      status = ATELIER_CLI_EXIT_OK;
    }

  g_free (bd.unit);
  g_free (bd.url);
  return status;
}
