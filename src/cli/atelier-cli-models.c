/* atelier-cli-models.c: `atelier-cli models`, the image models a server offers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "atelier-cli-commands.h"
#include "atelier-cli-common.h"

typedef struct
{
  GMainLoop *loop;
  GPtrArray *choices;
  GError    *error;
} ListData;

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  ListData *ld = user_data;

  ld->choices = atelier_provider_list_choices_finish (ATELIER_PROVIDER (object), result,
                                                      &ld->error);
  g_main_loop_quit (ld->loop);
}

int
atelier_cli_models (int argc, char **argv)
{
  g_autofree char *provider_arg = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *provider_id = NULL;
  gboolean json = FALSE, offline = FALSE;
  GOptionEntry entries[] = {
    { "provider", 'p', 0, G_OPTION_ARG_STRING, &provider_arg,
      N_("Service: openai (the default)"), N_("ID") },
    { "endpoint", 'e', 0, G_OPTION_ARG_STRING, &endpoint,
      N_("A named OpenAI-compatible endpoint (see “atelier-cli endpoints”)"), N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the model ids as a JSON array"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, N_("Use the embedded offline sandbox"), NULL },
    { NULL }
  };
  g_autoptr(AtelierCliContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  const AtelierParamSpec *spec;
  AtelierProvider *provider;
  ListData ld = { 0 };

  if (!atelier_cli_parse ("models", NULL,
                          _("List the image models the server offers, asking it afresh (chat "
                            "and other models that make no images are left out)."),
                          entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;

  provider_id = atelier_cli_provider_id (provider_arg != NULL ? provider_arg : "openai", endpoint,
                                         &error);
  if (provider_id == NULL)
    {
      g_printerr ("atelier-cli models: %s\n", error->message);
      return ATELIER_CLI_EXIT_USAGE;
    }

  if ((ctx = atelier_cli_context_new (offline, &error)) == NULL)
    {
      g_printerr ("atelier-cli: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }
  provider = atelier_engine_get_provider (ctx->engine, provider_id);
  if (provider == NULL || (spec = atelier_param_table_lookup (atelier_provider_get_params (provider),
                                                               "model")) == NULL ||
      !(spec->flags & ATELIER_PARAM_FLAG_SERVICE_CHOICES))
    {
      g_printerr (_("atelier-cli models: “%s” lists no models\n"), provider_id);
      return ATELIER_CLI_EXIT_USAGE;
    }

  ld.loop = ctx->loop;
  atelier_provider_list_choices_async (provider, "model", TRUE, NULL, listed_cb, &ld);
  g_main_loop_run (ctx->loop);
  if (ld.choices == NULL)
    {
      g_printerr ("atelier-cli models: %s\n", ld.error->message);
      g_clear_error (&ld.error);
      return ATELIER_CLI_EXIT_FAILED;
    }

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_array (builder);
      for (guint i = 0; i < ld.choices->len; i++)
        json_builder_add_string_value (builder,
                                       ((AtelierParamChoice *) g_ptr_array_index (ld.choices, i))->value);
      json_builder_end_array (builder);
      atelier_cli_print_json (builder);
    }
  else
    for (guint i = 0; i < ld.choices->len; i++)
      printf ("%s\n", ((AtelierParamChoice *) g_ptr_array_index (ld.choices, i))->value);
  fflush (stdout);
  g_ptr_array_unref (ld.choices);
  return ATELIER_CLI_EXIT_OK;
}
