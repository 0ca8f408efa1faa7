/* atelier-cli.c: `atelier-cli`, the command-line front end
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "atelier-cli-commands.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "generate", atelier_cli_generate, N_("Run a generation job") },
  { "models",   atelier_cli_models,   N_("List the image models an OpenAI-compatible server offers") },
  { "endpoints", atelier_cli_endpoints, N_("Add, list or remove OpenAI-compatible endpoints") },
  { "batch",    atelier_cli_batch,    N_("Send one prompt to several services at once") },
  { "jobs",     atelier_cli_jobs,     N_("List the job history, or resume unfinished jobs") },
  { "styles",   atelier_cli_styles,   N_("List Core3D generation styles") },
  { "texture",  atelier_cli_texture,  N_("Texture a mesh-only image3d model as a new job") },
  { "products", atelier_cli_products, N_("List the Core3D products artwork can go on") },
  { "export",   atelier_cli_export,   N_("Export a Core3D design for print (a ZIP)") },
  { "balance",  atelier_cli_balance,  N_("Show the image3d credit balance, or buy credits") },
  { "spend",    atelier_cli_spend,    N_("Add up what the jobs cost, by service and by day or month") },
  { "info",     atelier_cli_info,     N_("Summarise a glTF or GLB file") },
  { "render",   atelier_cli_render,   N_("Render a model to a PNG without a window") },
  { "optimize", atelier_cli_optimize, N_("Simplify, compress and convert a model") },
  { "turntable", atelier_cli_turntable, N_("Render a model turning around as an animated WebP") },
  { "sandbox",  atelier_cli_sandbox,  N_("Run the offline sandbox server") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: atelier-cli COMMAND [OPTION…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run “atelier-cli COMMAND --help” for a command’s options."));
}

gboolean
atelier_cli_parse (const char   *command,
                   const char   *parameter_string,
                   const char   *summary,
                   GOptionEntry *entries,
                   int          *argc,
                   char       ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *param = g_strdup_printf ("%s %s", command,
                                            parameter_string ? parameter_string : "");

  context = g_option_context_new (param);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      fprintf (stderr, "atelier-cli %s: %s\n\n%s", command, error->message, help);
      return FALSE;
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage (stderr);
      return ATELIER_CLI_EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return ATELIER_CLI_EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      printf ("atelier-cli %s\n", PACKAGE_VERSION);
      return ATELIER_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        return commands[i].run (argc - 1, argv + 1);
    }

  fprintf (stderr, _("atelier-cli: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);
  return ATELIER_CLI_EXIT_USAGE;
}
