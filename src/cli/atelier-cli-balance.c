/* atelier-cli-balance.c: `atelier-cli balance`, the image3d credits left
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

typedef struct
{
  GMainLoop *loop;
  gboolean   ok;
  gint64     balance;
  char      *unit;
  GError    *error;
} BalanceData;

static void
balance_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  BalanceData *bd = user_data;

  bd->ok = atelier_provider_get_balance_finish (ATELIER_PROVIDER (object), result,
                                                &bd->balance, &bd->unit, &bd->error);
  g_main_loop_quit (bd->loop);
}

int
atelier_cli_balance (int argc, char **argv)
{
  gboolean json = FALSE, offline = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the balance as JSON"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, N_("Use the embedded offline sandbox"), NULL },
    { NULL }
  };
  g_autoptr(AtelierCliContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  AtelierProvider *provider;
  BalanceData bd = { 0 };

  if (!atelier_cli_parse ("balance", NULL, _("Show the image3d credits left."),
                          entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;

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
  atelier_provider_get_balance_async (provider, NULL, balance_cb, &bd);
  g_main_loop_run (ctx->loop);

  if (!bd.ok)
    {
      g_printerr ("atelier-cli balance: %s\n", bd.error->message);
      g_clear_error (&bd.error);
      return ATELIER_CLI_EXIT_FAILED;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "balance");
      json_builder_add_int_value (builder, bd.balance);
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, bd.unit ? bd.unit : "credits");
      json_builder_set_member_name (builder, "pricing_url");
      json_builder_add_string_value (builder,
                                     atelier_provider_get_help_url (provider,
                                                                    ATELIER_ERROR_KIND_NO_CREDITS));
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      text = json_to_string (root, TRUE);
      printf ("%s\n", text);
    }
  else
    printf ("%" G_GINT64_FORMAT " %s\n", bd.balance, bd.unit ? bd.unit : _("credits"));

  g_free (bd.unit);
  return ATELIER_CLI_EXIT_OK;
}
