/* atelier-cli-styles.c: `atelier-cli styles`, the Core3D generation styles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "atelier-cli-commands.h"
#include "atelier-cli-common.h"
#include "atelier-core3d.h"

static void
print_json (GPtrArray *styles)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < styles->len; i++)
    {
      AtelierCore3dStyle *style = g_ptr_array_index (styles, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, style->id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, style->name);
      json_builder_set_member_name (builder, "uri");
      json_builder_add_string_value (builder, style->uri);
      json_builder_set_member_name (builder, "preview");
      json_builder_add_string_value (builder, style->preview);
      json_builder_set_member_name (builder, "types");
      json_builder_begin_object (builder);
      for (guint j = 0; style->types[j]; j++)
        {
          json_builder_set_member_name (builder, style->types[j]);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "prompt");
          json_builder_add_boolean_value (builder,
                                          g_strv_contains ((const char * const *) style->prompt_types,
                                                           style->types[j]));
          json_builder_set_member_name (builder, "transparency");
          json_builder_add_boolean_value (builder,
                                          atelier_core3d_style_supports_transparency (style,
                                                                                      style->types[j]));
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  atelier_cli_print_json (builder);
}

static void
print_table (GPtrArray *styles)
{
  for (guint i = 0; i < styles->len; i++)
    {
      AtelierCore3dStyle *style = g_ptr_array_index (styles, i);
      g_autoptr(GString) types = g_string_new (NULL);

      for (guint j = 0; style->types[j]; j++)
        {
          g_string_append_printf (types, "%s%s", j ? ", " : "", style->types[j]);
          /* Where a transparent background can be asked for. */
          if (atelier_core3d_style_supports_transparency (style, style->types[j]))
            g_string_append (types, _(" (transparency)"));
        }
      printf ("%-20s %-24s %s\n", style->id, style->name, types->str);
    }
  fflush (stdout);
}

int
atelier_cli_styles (int argc, char **argv)
{
  gboolean json = FALSE, offline = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the styles as JSON"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, N_("Use the embedded offline sandbox"), NULL },
    { NULL }
  };
  g_autoptr(AtelierCliContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  if (!atelier_cli_parse ("styles", NULL,
                          _("List the Core3D generation styles, the types each supports and "
                            "where it offers a transparent background."),
                          entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;

  ctx = atelier_cli_context_new (offline, &error);
  if (ctx == NULL)
    {
      g_printerr ("atelier-cli: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }

  items = atelier_cli_core3d_listing (ctx, "styles", "core3d");
  if (items == NULL)
    return ATELIER_CLI_EXIT_FAILED;

  if (json)
    print_json (items);
  else
    print_table (items);
  g_ptr_array_unref (items);
  return ATELIER_CLI_EXIT_OK;
}
