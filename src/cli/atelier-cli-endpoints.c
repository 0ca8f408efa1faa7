/* atelier-cli-endpoints.c: `atelier-cli endpoints`, named OpenAI-compatible servers
 *
 * The token is read from standard input, never from an argument: arguments
 * are visible to every user in /proc and kept in shell histories.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "atelier-cli-commands.h"
#include "atelier-cli-common.h"
#include "atelier-endpoints.h"
#include "atelier-openai-models.h"

/* No token is longer; more input is a mistake (a file piped by accident). */
#define MAX_TOKEN 8192

/* The first line of standard input, without echo on a terminal. NULL with
 * @error when it is too long or not text; "" when there is none. */
static char *
read_token (const char  *name,
            GError     **error)
{
  g_autoptr(GString) token = g_string_new (NULL);
  struct termios saved, quiet;
  gboolean tty = isatty (STDIN_FILENO);
  int c;

  if (tty)
    {
      /* Translators: %s is an endpoint name */
      g_printerr (_("Token for %s (not shown; empty for none, or to keep the current one): "),
                  name);
      tcgetattr (STDIN_FILENO, &saved);
      quiet = saved;
      quiet.c_lflag &= ~(tcflag_t) ECHO;
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  while ((c = getchar ()) != EOF && c != '\n' && token->len <= MAX_TOKEN)
    g_string_append_c (token, (char) c);
  if (tty)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      g_printerr ("\n");
    }

  if (token->len > MAX_TOKEN || !g_utf8_validate (token->str, token->len, NULL))
    {
      memset (token->str, 0, token->len);
      g_set_error (error, ATELIER_ENDPOINT_ERROR, ATELIER_ENDPOINT_ERROR_FAILED,
                   _("The token on standard input is not one line of text of at most %d bytes"),
                   MAX_TOKEN);
      return NULL;
    }
  g_strstrip (token->str);
  return g_string_free (g_steal_pointer (&token), FALSE);
}

typedef struct
{
  gboolean done;
  GError  *error;
} StoreData;

static void
stored_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  StoreData *sd = user_data;

  atelier_endpoints_store_token_finish (result, &sd->error);
  sd->done = TRUE;
}

static gboolean
store_token (const char  *name,
             const char  *token,
             GError     **error)
{
  StoreData sd = { 0 };

  atelier_endpoints_store_token_async (name, token, NULL, stored_cb, &sd);
  while (!sd.done)
    g_main_context_iteration (NULL, TRUE);
  if (sd.error != NULL)
    {
      g_propagate_error (error, sd.error);
      return FALSE;
    }
  return TRUE;
}

static int
endpoints_add (int argc, char **argv)
{
  g_autofree char *base_url = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GError) error = NULL;
  gboolean existed;
  GOptionEntry entries[] = {
    { "base-url", 0, 0, G_OPTION_ARG_STRING, &base_url,
      N_("The server’s base URL, like https://api.openai.com/v1"), N_("URL") },
    { NULL }
  };

  if (!atelier_cli_parse ("endpoints add", _("NAME"),
                          _("Add an OpenAI-compatible endpoint (or change its address). The "
                            "token is read from standard input and kept in the keyring; "
                            "none there keeps an existing endpoint's token."),
                          entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;
  if (argc != 2 || base_url == NULL)
    {
      g_printerr ("%s\n", _("atelier-cli endpoints add: give one NAME and --base-url URL"));
      return ATELIER_CLI_EXIT_USAGE;
    }
  /* Checked before the token is asked for. */
  if (!atelier_endpoint_name_is_valid (argv[1]) || !atelier_endpoint_url_is_valid (base_url))
    {
      atelier_endpoints_set (argv[1], base_url, &error);
      g_printerr ("atelier-cli endpoints add: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }
  existed = atelier_endpoints_get_base_url (argv[1]) != NULL;
  /* No token for an endpoint there already keeps its token: changing an
   * address does not mean typing the token again. */
  if ((token = read_token (argv[1], &error)) == NULL ||
      !atelier_endpoints_set (argv[1], base_url, &error) ||
      ((*token != '\0' || !existed) && !store_token (argv[1], token, &error)))
    {
      if (token != NULL)
        memset (token, 0, strlen (token));
      g_printerr ("atelier-cli endpoints add: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }
  memset (token, 0, strlen (token));
  return ATELIER_CLI_EXIT_OK;
}

static int
endpoints_list (int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the endpoints as JSON"), NULL },
    { NULL }
  };
  g_auto(GStrv) names = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!atelier_cli_parse ("endpoints list", NULL, _("List the OpenAI-compatible endpoints."),
                          entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;

  names = atelier_endpoints_list ();
  json_builder_begin_array (builder);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *url = atelier_endpoints_get_base_url (names[i]);
      g_autofree char *id = atelier_endpoint_provider_id (names[i]);
      g_autofree char *token = atelier_endpoints_lookup_token (names[i]);
      /* Whether there is one, never what it is. */
      gboolean has_token = token != NULL && *token != '\0';

      if (token != NULL)
        memset (token, 0, strlen (token));
      if (!json)
        {
          printf ("%-20s %-28s %s%s\n", names[i], id, url, has_token ? "" : _("  (no token)"));
          continue;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, names[i]);
      json_builder_set_member_name (builder, "provider");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "base_url");
      json_builder_add_string_value (builder, url);
      json_builder_set_member_name (builder, "has_token");
      json_builder_add_boolean_value (builder, has_token);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  if (json)
    atelier_cli_print_json (builder);
  fflush (stdout);
  return ATELIER_CLI_EXIT_OK;
}

static int
endpoints_remove (int argc, char **argv)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *cache = NULL;

  if (!atelier_cli_parse ("endpoints remove", _("NAME"),
                          _("Remove an OpenAI-compatible endpoint and its token."),
                          entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;
  if (argc != 2)
    {
      g_printerr ("%s\n", _("atelier-cli endpoints remove: give one NAME"));
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (!atelier_endpoints_remove (argv[1], &error) || !store_token (argv[1], NULL, &error))
    {
      g_printerr ("atelier-cli endpoints remove: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }
  id = atelier_endpoint_provider_id (argv[1]);
  cache = atelier_openai_models_cache_path (id);
  g_unlink (cache);
  return ATELIER_CLI_EXIT_OK;
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: atelier-cli endpoints add|list|remove [OPTION…]"));
  fprintf (out, "  %-34s %s\n", "add NAME --base-url URL",
           _("Add an endpoint; the token comes from standard input"));
  fprintf (out, "  %-34s %s\n", "list [--json]", _("List the endpoints (never their tokens)"));
  fprintf (out, "  %-34s %s\n", "remove NAME", _("Remove an endpoint and its token"));
  fprintf (out, "\n%s\n", _("Use one with “--endpoint NAME” on generate and models."));
}

int
atelier_cli_endpoints (int argc, char **argv)
{
  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? ATELIER_CLI_EXIT_USAGE : ATELIER_CLI_EXIT_OK;
    }
  if (g_str_equal (argv[1], "add"))
    return endpoints_add (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "list"))
    return endpoints_list (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "remove"))
    return endpoints_remove (argc - 1, argv + 1);
  g_printerr (_("atelier-cli endpoints: unknown action “%s”\n"), argv[1]);
  print_usage (stderr);
  return ATELIER_CLI_EXIT_USAGE;
}
