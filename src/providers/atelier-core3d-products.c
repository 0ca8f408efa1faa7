/* atelier-core3d-products.c: Core3D's products (GET /models)
 *
 * The guide shows a bare array of {id, uri, name, capabilities, images:
 * {default: {fullsize: {url}}}, platform: {id, url}} and says more fields
 * are left out; `ratio` comes from the model-creation guide. This file is
 * the one place that reads that shape. The list is free to ask for and
 * changes rarely, so each client keeps it, as the style list is kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-core3d"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-core3d-products.h"
#include "atelier-provider-util.h"

G_DEFINE_BOXED_TYPE (AtelierCore3dProduct, atelier_core3d_product,
                     atelier_core3d_product_copy, atelier_core3d_product_free)

AtelierCore3dProduct *
atelier_core3d_product_copy (const AtelierCore3dProduct *product)
{
  AtelierCore3dProduct *copy = g_new0 (AtelierCore3dProduct, 1);

  copy->id = g_strdup (product->id);
  copy->uri = g_strdup (product->uri);
  copy->name = g_strdup (product->name);
  copy->capabilities = g_strdupv (product->capabilities);
  copy->preview = g_strdup (product->preview);
  copy->platform_url = g_strdup (product->platform_url);
  copy->ratio = product->ratio;
  return copy;
}

void
atelier_core3d_product_free (AtelierCore3dProduct *product)
{
  if (product == NULL)
    return;
  g_free (product->id);
  g_free (product->uri);
  g_free (product->name);
  g_strfreev (product->capabilities);
  g_free (product->preview);
  g_free (product->platform_url);
  g_free (product);
}

gboolean
atelier_core3d_product_supports (const AtelierCore3dProduct *product,
                                 const char                 *capability)
{
  return product->capabilities != NULL &&
         g_strv_contains ((const char * const *) product->capabilities, capability);
}

gboolean
atelier_core3d_product_takes_type (const AtelierCore3dProduct *product,
                                   const char                 *type)
{
  gboolean dtf = atelier_core3d_product_supports (product, "dtf");
  gboolean dtg = atelier_core3d_product_supports (product, "dtg");

  if (!dtf && !dtg)
    return TRUE;
  if (g_strcmp0 (type, "pattern") == 0)
    return dtf;
  if (g_strcmp0 (type, "graphic") == 0)
    return dtf || dtg;
  return FALSE;
}

char *
atelier_core3d_product_list_types (const AtelierCore3dProduct *product)
{
  g_autoptr(GStrvBuilder) types = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  if (atelier_core3d_product_takes_type (product, "pattern"))
    g_strv_builder_add (types, "pattern");
  if (atelier_core3d_product_takes_type (product, "graphic"))
    g_strv_builder_add (types, "graphic");
  list = g_strv_builder_end (types);
  return g_strjoinv (", ", list);
}

const char *
atelier_core3d_preview_link (JsonObject *obj)
{
  JsonObject *images = obj ? atelier_json_object (json_object_get_member (obj, "images")) : NULL;
  JsonObject *def = images ? atelier_json_object (json_object_get_member (images, "default"))
                           : NULL;
  JsonObject *full = def ? atelier_json_object (json_object_get_member (def, "fullsize")) : NULL;
  const char *url = full ? atelier_json_get_string (full, "url") : NULL;

  return atelier_is_http_url (url) ? url : NULL;
}

static AtelierCore3dProduct *
parse_product (JsonNode *node)
{
  g_autoptr(AtelierCore3dProduct) product = g_new0 (AtelierCore3dProduct, 1);
  g_autoptr(GStrvBuilder) caps = g_strv_builder_new ();
  JsonObject *obj = atelier_json_object (node);
  JsonObject *platform;
  JsonArray *array;
  const char *id, *uri;

  if (obj == NULL)
    return NULL;
  id = atelier_json_get_string (obj, "id");
  uri = atelier_json_get_string (obj, "uri");
  if (uri == NULL && id != NULL)
    uri = g_str_has_prefix (id, ATELIER_CORE3D_MODEL_URI) ? id : NULL;
  if (id == NULL && uri == NULL)
    return NULL;

  product->id = g_strdup (id != NULL ? id : uri + strlen (ATELIER_CORE3D_MODEL_URI));
  product->uri = uri != NULL ? g_strdup (uri)
                             : g_strconcat (ATELIER_CORE3D_MODEL_URI, product->id, NULL);
  product->name = g_strdup (atelier_json_get_string (obj, "name"));
  if (product->name == NULL)
    product->name = g_strdup (product->id);

  if ((array = atelier_json_get_array (obj, "capabilities")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        /* A name, or an object naming one: newer capabilities may carry more. */
        const char *cap = atelier_json_element_string (json_array_get_element (array, i),
                                                       "id", "name");

        if (cap != NULL)
          g_strv_builder_add (caps, cap);
      }
  product->capabilities = g_strv_builder_end (caps);
  product->preview = g_strdup (atelier_core3d_preview_link (obj));
  platform = atelier_json_object (json_object_get_member (obj, "platform"));
  if (platform != NULL && atelier_is_http_url (atelier_json_get_string (platform, "url")))
    product->platform_url = g_strdup (atelier_json_get_string (platform, "url"));
  product->ratio = atelier_json_get_number (obj, "ratio", 1);
  return g_steal_pointer (&product);
}

gpointer
atelier_core3d_parse_products (AtelierServiceClient  *client,
                               JsonNode              *root,
                               GError               **error)
{
  g_autoptr(GPtrArray) products =
    g_ptr_array_new_with_free_func ((GDestroyNotify) atelier_core3d_product_free);
  /* The guide shows a bare array; a paginated envelope may carry one. */
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root)
                                                  : atelier_json_get_array (atelier_json_object (root),
                                                                            "data");

  if (array == NULL)
    return atelier_service_client_protocol_error (client, "models", error);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      AtelierCore3dProduct *product = parse_product (json_array_get_element (array, i));

      if (product == NULL)
        return atelier_service_client_protocol_error (client, "models[].uri", error);
      g_ptr_array_add (products, product);
    }
  return g_steal_pointer (&products);
}

const AtelierCore3dProduct *
atelier_core3d_products_find (GPtrArray  *products,
                              const char *key)
{
  if (products == NULL || key == NULL)
    return NULL;
  for (guint i = 0; i < products->len; i++)
    {
      const AtelierCore3dProduct *product = g_ptr_array_index (products, i);

      if (g_str_equal (product->uri, key) || g_str_equal (product->id, key))
        return product;
    }
  for (guint i = 0; i < products->len; i++)
    {
      const AtelierCore3dProduct *product = g_ptr_array_index (products, i);

      if (g_utf8_collate (product->name, key) == 0 || g_ascii_strcasecmp (product->name, key) == 0)
        return product;
    }
  return NULL;
}

static gpointer
copy_product (gconstpointer product,
              gpointer      user_data)
{
  return atelier_core3d_product_copy (product);
}

GPtrArray *
atelier_core3d_products_copy (GPtrArray *products)
{
  return g_ptr_array_copy (products, copy_product, NULL);
}

/* The model parameter takes a product's URI. */
static const char *
product_key (gconstpointer product)
{
  return ((const AtelierCore3dProduct *) product)->uri;
}

static AtelierParamChoice *
product_choice (gconstpointer item)
{
  const AtelierCore3dProduct *product = item;
  g_autofree char *types = atelier_core3d_product_list_types (product);
  /* Translators: a product and the design types it takes, e.g. "Tee (pattern, graphic)" */
  g_autofree char *label = g_strdup_printf (_("%s (%s)"), product->name, types);

  return atelier_param_choice_new (product->uri, label, NULL);
}

void
atelier_core3d_products_class_setup (AtelierCore3dClientClass *klass)
{
  atelier_core3d_client_class_set_listing (klass, ATELIER_CORE3D_PRODUCTS_PATH,
                                           atelier_core3d_parse_products, "model");
  klass->item_key = product_key;
  klass->item_choice = product_choice;
  klass->copy_items = atelier_core3d_products_copy;
  klass->find_item = (gconstpointer (*) (GPtrArray *, const char *)) atelier_core3d_products_find;
}
