/* atelier-cli-products.c: `atelier-cli products`, the Core3D products
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "atelier-cli-commands.h"
#include "atelier-cli-common.h"
#include "atelier-core3d-design.h"

static void
print_json (GPtrArray *products)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < products->len; i++)
    {
      AtelierCore3dProduct *product = g_ptr_array_index (products, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, product->id);
      json_builder_set_member_name (builder, "uri");
      json_builder_add_string_value (builder, product->uri);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, product->name);
      json_builder_set_member_name (builder, "capabilities");
      json_builder_begin_array (builder);
      for (guint j = 0; product->capabilities[j]; j++)
        json_builder_add_string_value (builder, product->capabilities[j]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "types");
      json_builder_begin_array (builder);
      if (atelier_core3d_product_takes_type (product, "pattern"))
        json_builder_add_string_value (builder, "pattern");
      if (atelier_core3d_product_takes_type (product, "graphic"))
        json_builder_add_string_value (builder, "graphic");
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "preview");
      json_builder_add_string_value (builder, product->preview);
      json_builder_set_member_name (builder, "platform_url");
      json_builder_add_string_value (builder, product->platform_url);
      json_builder_set_member_name (builder, "ratio");
      json_builder_add_double_value (builder, product->ratio);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  atelier_cli_print_json (builder);
}

static void
print_table (GPtrArray *products)
{
  for (guint i = 0; i < products->len; i++)
    {
      AtelierCore3dProduct *product = g_ptr_array_index (products, i);
      g_autofree char *caps = g_strjoinv (", ", product->capabilities);
      g_autofree char *types = atelier_core3d_product_list_types (product);

      printf ("%-16s %-50s %-10s %s\n", product->name, product->uri, caps, types);
    }
  fflush (stdout);
}

int
atelier_cli_products (int argc, char **argv)
{
  gboolean json = FALSE, offline = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the products as JSON"), NULL },
    { "offline", 0, 0, G_OPTION_ARG_NONE, &offline, N_("Use the embedded offline sandbox"), NULL },
    { NULL }
  };
  g_autoptr(AtelierCliContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  if (!atelier_cli_parse ("products", NULL,
                          _("List the Core3D products artwork can go on: name, URI, print "
                            "capabilities (dtf: all-over print, dtg: printable zones) and the "
                            "design types each takes."),
                          entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;

  ctx = atelier_cli_context_new (offline, &error);
  if (ctx == NULL)
    {
      g_printerr ("atelier-cli: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }

  items = atelier_cli_core3d_listing (ctx, "products", "core3d-design");
  if (items == NULL)
    return ATELIER_CLI_EXIT_FAILED;

  if (json)
    print_json (items);
  else
    print_table (items);
  g_ptr_array_unref (items);
  return ATELIER_CLI_EXIT_OK;
}
