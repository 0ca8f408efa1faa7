/* atelier-gltf-json.c: typed access to the glTF JSON with JSON-pointer errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <math.h>

#include "atelier-gltf-private.h"

/* json-glib parses recursively; deeper documents could exhaust a worker
 * thread's stack, and no glTF needs more than a handful of levels. */
#define MAX_JSON_DEPTH 128

void
gltf_error (GError          **error,
            AtelierGltfError  code,
            const char       *ptr,
            const char       *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (ptr != NULL && *ptr != '\0')
    g_set_error (error, ATELIER_GLTF_ERROR, code, "%s: %s", ptr, message);
  else if (ptr != NULL)
    g_set_error (error, ATELIER_GLTF_ERROR, code, "/: %s", message);
  else
    g_set_error_literal (error, ATELIER_GLTF_ERROR, code, message);
}

/* json-glib builds a node per value (~64 bytes each): a file of nothing but
 * "[0,0,0,…]" would otherwise turn 1 GiB of text into tens of GiB. */
#define JSON_NODE_COST 64

static gboolean
check_shape (const char  *text,
             gsize        length,
             guint64     *n_values,
             GError     **error)
{
  guint depth = 0;
  guint64 values = 1;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == ',')
        values++;
      else if (c == '{' || c == '[')
        {
          values++;
          if (++depth > MAX_JSON_DEPTH)
            {
              gltf_error (error, ATELIER_GLTF_ERROR_JSON, "",
                          "JSON nested deeper than %u levels", MAX_JSON_DEPTH);
              return FALSE;
            }
        }
      else if ((c == '}' || c == ']') && depth > 0)
        depth--;
    }

  *n_values = values;
  return TRUE;
}

JsonParser *
gltf_json_parse (GltfLoader  *loader,
                 const char  *text,
                 gsize        length,
                 GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  guint64 n_values;

  if (length >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, "",
                  "invalid JSON: a byte order mark is not allowed");
      return NULL;
    }

  if (length > G_MAXSSIZE)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_LIMIT, "", "JSON too large");
      return NULL;
    }

  if (!g_utf8_validate (text, length, NULL))
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, "", "invalid JSON: not UTF-8");
      return NULL;
    }

  /* Parsed JSON counts against the decoded-bytes budget like any output. */
  if (!check_shape (text, length, &n_values, error) ||
      !gltf_charge (loader, n_values * JSON_NODE_COST, "", error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, text, (gssize) length, &local_error))
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, "", "invalid JSON: %s",
                  local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, "", "the document is not a JSON object");
      return NULL;
    }

  return g_steal_pointer (&parser);
}

static const char *
node_type_name (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return "an object";
    case JSON_NODE_ARRAY:
      return "an array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      {
        GType t = json_node_get_value_type (node);
        if (t == G_TYPE_STRING)
          return "a string";
        if (t == G_TYPE_BOOLEAN)
          return "a boolean";
        return "a number";
      }
    }
}

static gboolean
type_error (GError     **error,
            const char  *ptr,
            const char  *name,
            JsonNode    *node,
            const char  *expected)
{
  gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL, "%s/%s: expected %s, found %s",
              ptr, name, expected, node_type_name (node));
  return FALSE;
}

static gboolean
missing_error (GError     **error,
               const char  *ptr,
               const char  *name)
{
  gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL,
              "%s/%s: required property is missing", ptr, name);
  return FALSE;
}

/* Reads a JSON number that must be an integer; FALSE if it is not one. */
static gboolean
node_to_int (JsonNode *node,
             gint64   *out)
{
  GType t;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  t = json_node_get_value_type (node);
  if (t == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (t == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d != floor (d) || d < -9.0e18 || d > 9.0e18)
        return FALSE;
      *out = (gint64) d;
      return TRUE;
    }

  return FALSE;
}

static gboolean
node_to_double (JsonNode *node,
                double   *out)
{
  GType t;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  t = json_node_get_value_type (node);
  if (t == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (t == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return FALSE;

  return isfinite (*out);
}

gboolean
gltf_json_uint (JsonObject  *obj,
                const char  *ptr,
                const char  *name,
                gboolean     required,
                guint64      def,
                guint64      max,
                guint64     *out,
                GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);
  gint64 v;

  if (node == NULL)
    {
      if (required)
        return missing_error (error, ptr, name);
      *out = def;
      return TRUE;
    }

  if (!node_to_int (node, &v))
    return type_error (error, ptr, name, node, "an integer");

  if (v < 0 || (guint64) v > max)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL,
                  "%s/%s: value %" G_GINT64_FORMAT " out of range 0..%" G_GUINT64_FORMAT,
                  ptr, name, v, max);
      return FALSE;
    }

  *out = (guint64) v;
  return TRUE;
}

gboolean
gltf_json_index (JsonObject  *obj,
                 const char  *ptr,
                 const char  *name,
                 gboolean     required,
                 guint        n,
                 int         *out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);
  gint64 v;

  *out = -1;
  if (node == NULL)
    return required ? missing_error (error, ptr, name) : TRUE;

  if (!node_to_int (node, &v))
    return type_error (error, ptr, name, node, "an index");

  if (v < 0 || v >= (gint64) n)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_INDEX, NULL,
                  "%s/%s: index %" G_GINT64_FORMAT " out of range (%u items)",
                  ptr, name, v, n);
      return FALSE;
    }

  *out = (int) v;
  return TRUE;
}

gboolean
gltf_json_number (JsonObject  *obj,
                  const char  *ptr,
                  const char  *name,
                  double       def,
                  double      *out,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL)
    {
      *out = def;
      return TRUE;
    }

  if (!node_to_double (node, out))
    return type_error (error, ptr, name, node, "a finite number");

  return TRUE;
}

gboolean
gltf_json_bool (JsonObject  *obj,
                const char  *ptr,
                const char  *name,
                gboolean     def,
                gboolean    *out,
                GError     **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL)
    {
      *out = def;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return type_error (error, ptr, name, node, "a boolean");

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
gltf_json_string (JsonObject   *obj,
                  const char   *ptr,
                  const char   *name,
                  gboolean      required,
                  const char  **out,
                  GError      **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = NULL;
  if (node == NULL)
    return required ? missing_error (error, ptr, name) : TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return type_error (error, ptr, name, node, "a string");

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
gltf_json_object (JsonObject   *obj,
                  const char   *ptr,
                  const char   *name,
                  gboolean      required,
                  JsonObject  **out,
                  GError      **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = NULL;
  if (node == NULL)
    return required ? missing_error (error, ptr, name) : TRUE;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return type_error (error, ptr, name, node, "an object");

  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
gltf_json_array (JsonObject   *obj,
                 const char   *ptr,
                 const char   *name,
                 gboolean      required,
                 JsonArray  **out,
                 GError      **error)
{
  JsonNode *node = json_object_get_member (obj, name);

  *out = NULL;
  if (node == NULL)
    return required ? missing_error (error, ptr, name) : TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return type_error (error, ptr, name, node, "an array");

  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
gltf_json_floats (JsonObject  *obj,
                  const char  *ptr,
                  const char  *name,
                  guint        n,
                  float       *out,
                  GError     **error)
{
  JsonArray *array;
  float tmp[16];

  g_assert (n <= G_N_ELEMENTS (tmp));

  if (!gltf_json_array (obj, ptr, name, FALSE, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  if (json_array_get_length (array) != n)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL,
                  "%s/%s: expected %u numbers, found %u", ptr, name, n,
                  json_array_get_length (array));
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      double d;

      if (!node_to_double (json_array_get_element (array, i), &d))
        {
          gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL,
                      "%s/%s/%u: expected a finite number", ptr, name, i);
          return FALSE;
        }
      tmp[i] = (float) d;
    }

  memcpy (out, tmp, n * sizeof (float));
  return TRUE;
}

JsonObject *
gltf_json_element_object (JsonArray   *array,
                          guint        i,
                          const char  *ptr,
                          GError     **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL, "%s/%u: expected an object, found %s",
                  ptr, i, node_type_name (node));
      return NULL;
    }

  return json_node_get_object (node);
}

gboolean
gltf_json_element_index (JsonArray   *array,
                         guint        i,
                         const char  *ptr,
                         guint        n,
                         int         *out,
                         GError     **error)
{
  JsonNode *node = json_array_get_element (array, i);
  gint64 v;

  if (!node_to_int (node, &v))
    {
      gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL, "%s/%u: expected an index, found %s",
                  ptr, i, node_type_name (node));
      return FALSE;
    }

  if (v < 0 || v >= (gint64) n)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_INDEX, NULL,
                  "%s/%u: index %" G_GINT64_FORMAT " out of range (%u items)", ptr, i, v, n);
      return FALSE;
    }

  *out = (int) v;
  return TRUE;
}

gboolean
gltf_json_root_array (GltfLoader  *loader,
                      const char  *name,
                      JsonArray  **out,
                      guint       *n,
                      GError     **error)
{
  char ptr[GLTF_PTR_MAX];

  *n = 0;
  if (!gltf_json_array (loader->root, "", name, FALSE, out, error))
    return FALSE;
  if (*out == NULL)
    return TRUE;

  *n = json_array_get_length (*out);
  if (*n > loader->limits.max_count)
    {
      gltf_error (error, ATELIER_GLTF_ERROR_LIMIT, NULL, "/%s: %u items exceed the limit of %u",
                  name, *n, loader->limits.max_count);
      return FALSE;
    }

  /* The validator rejects empty arrays; they are harmless, so we accept them. */
  g_snprintf (ptr, sizeof ptr, "/%s", name);
  for (guint i = 0; i < *n; i++)
    {
      if (gltf_json_element_object (*out, i, ptr, error) == NULL)
        return FALSE;
    }

  return TRUE;
}

JsonObject *
gltf_json_extension (JsonObject *obj,
                     const char *name)
{
  JsonNode *node = json_object_get_member (obj, "extensions");
  JsonNode *ext;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  ext = json_object_get_member (json_node_get_object (node), name);
  if (ext == NULL || !JSON_NODE_HOLDS_OBJECT (ext))
    return NULL;

  return json_node_get_object (ext);
}
