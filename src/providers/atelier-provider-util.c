/* atelier-provider-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-providers"

#include "config.h"

#include "atelier-error.h"
#include "atelier-provider-util.h"

gboolean
atelier_refuse (GError     **error,
                GQuark       domain,
                gint         code,
                const char  *format,
                ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (domain, code, format, args));
  va_end (args);
  return FALSE;
}

JsonObject *
atelier_json_object (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

const char *
atelier_json_string (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonArray *
atelier_json_get_array (JsonObject *obj,
                        const char *member)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

const char *
atelier_json_element_string (JsonNode   *element,
                             const char *member,
                             const char *other)
{
  JsonObject *obj = atelier_json_object (element);
  const char *value;

  if (obj == NULL)
    return atelier_json_string (element);
  if ((value = atelier_json_get_string (obj, member)) == NULL && other != NULL)
    value = atelier_json_get_string (obj, other);
  return value;
}

const char *
atelier_json_get_string (JsonObject *obj,
                         const char *member)
{
  return atelier_json_string (obj ? json_object_get_member (obj, member) : NULL);
}

const char *
atelier_json_get_any_string (JsonObject *obj,
                             const char *member,
                             ...)
{
  const char *value = NULL;
  va_list args;

  va_start (args, member);
  for (const char *name = member; name != NULL && value == NULL; name = va_arg (args, const char *))
    value = atelier_json_get_string (obj, name);
  va_end (args);
  return value;
}

double
atelier_json_get_number (JsonObject *obj,
                         const char *member,
                         double      fallback)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  if (type == G_TYPE_DOUBLE)
    return json_node_get_double (node);
  return fallback;
}

gint64
atelier_json_get_count (JsonObject *obj,
                        const char *member)
{
  double value = atelier_json_get_number (obj, member, -1);

  /* Far beyond any bill, and inside the range a double holds exactly. */
  if (!(value >= 0 && value <= 9.0e15) || value != (double) (gint64) value)
    return -1;
  return (gint64) value;
}

JsonNode *
atelier_json_node_take_object (JsonObject *obj)
{
  /* json_node_init_object() would take a second reference and leak @obj. */
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, obj);
  return node;
}

JsonNode *
atelier_params_to_json (const AtelierParamTable *table,
                        GHashTable              *params)
{
  JsonObject *obj = json_object_new ();

  for (guint i = 0; i < table->n_specs; i++)
    {
      const AtelierParamSpec *spec = &table->specs[i];
      const char *value = atelier_param_get (table, params, spec->name);

      if (value != NULL && spec->type != ATELIER_PARAM_FILE)
        json_object_set_member (obj, spec->name, atelier_param_to_json (spec, value));
    }
  return atelier_json_node_take_object (obj);
}

gboolean
atelier_is_http_url (const char *url)
{
  return url != NULL && (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://"));
}

gboolean
atelier_waiters_join (GPtrArray **waiters,
                      GTask      *task)
{
  gboolean first = *waiters == NULL;

  if (first)
    *waiters = g_ptr_array_new ();
  g_ptr_array_add (*waiters, task);
  return first;
}
