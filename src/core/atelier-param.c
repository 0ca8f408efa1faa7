/* atelier-param.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-param"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-param.h"

GHashTable *
atelier_params_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

const AtelierParamSpec *
atelier_param_table_lookup (const AtelierParamTable *table,
                            const char              *name)
{
  for (guint i = 0; i < table->n_specs; i++)
    if (g_str_equal (table->specs[i].name, name))
      return &table->specs[i];
  return NULL;
}

const AtelierParamSpec *
atelier_param_table_find_prompt (const AtelierParamTable *table)
{
  const AtelierParamSpec *spec;

  if (table == NULL)
    return NULL;
  if ((spec = atelier_param_table_lookup (table, "prompt")) != NULL)
    return spec;
  for (guint i = 0; i < table->n_specs; i++)
    if (table->specs[i].type == ATELIER_PARAM_TEXT)
      return &table->specs[i];
  return NULL;
}

const char *
atelier_param_get (const AtelierParamTable *table,
                   GHashTable              *params,
                   const char              *name)
{
  const AtelierParamSpec *spec = atelier_param_table_lookup (table, name);
  const char *value = params ? g_hash_table_lookup (params, name) : NULL;

  if (value != NULL && *value != '\0')
    return value;
  return spec ? spec->default_value : NULL;
}

/* Splits "black, gold, rgb(1,2,3)" on commas outside parentheses. */
static GStrv
split_colors (const char *value)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  GString *cur = g_string_new (NULL);
  int depth = 0;

  for (const char *p = value; ; p++)
    {
      if (*p == '\0' || (*p == ',' && depth == 0))
        {
          g_autofree char *item = g_strstrip (g_string_free (cur, FALSE));
          if (*item)
            g_strv_builder_add (b, item);
          if (*p == '\0')
            break;
          cur = g_string_new (NULL);
          continue;
        }
      if (*p == '(')
        depth++;
      else if (*p == ')' && depth > 0)
        depth--;
      g_string_append_c (cur, *p);
    }

  return g_strv_builder_end (b);
}

static gboolean
looks_like_css_color (const char *c)
{
  if (c[0] == '#')
    {
      gsize n = strlen (c + 1);
      for (const char *p = c + 1; *p; p++)
        if (!g_ascii_isxdigit (*p))
          return FALSE;
      return n == 3 || n == 4 || n == 6 || n == 8;
    }
  if (g_str_has_prefix (c, "rgb(") || g_str_has_prefix (c, "rgba(") ||
      g_str_has_prefix (c, "hsl(") || g_str_has_prefix (c, "hsla("))
    return g_str_has_suffix (c, ")");
  for (const char *p = c; *p; p++)
    if (!g_ascii_isalpha (*p))
      return FALSE;
  return *c != '\0';
}

static gboolean
parse_int (const char *value,
           gint64     *out)
{
  char *end = NULL;

  if (value == NULL || *value == '\0')
    return FALSE;
  *out = g_ascii_strtoll (value, &end, 10);
  return end != NULL && *end == '\0';
}

static gboolean
parse_bool (const char *value,
            gboolean   *out)
{
  if (g_ascii_strcasecmp (value, "true") == 0 || g_str_equal (value, "1") ||
      g_ascii_strcasecmp (value, "yes") == 0)
    return (*out = TRUE), TRUE;
  if (g_ascii_strcasecmp (value, "false") == 0 || g_str_equal (value, "0") ||
      g_ascii_strcasecmp (value, "no") == 0)
    return (*out = FALSE), TRUE;
  return FALSE;
}

static gboolean
validate_one (const AtelierParamSpec *spec,
              const char             *value,
              GError                **error)
{
  switch (spec->type)
    {
    case ATELIER_PARAM_INT:
      {
        gint64 v;
        if (!parse_int (value, &v))
          {
            g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                         _("%s must be a whole number, not “%s”"), spec->name, value);
            return FALSE;
          }
        if (v < spec->min || v > spec->max)
          {
            g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                         _("%s must be between %lld and %lld"),
                         spec->name, (long long) spec->min, (long long) spec->max);
            return FALSE;
          }
        return TRUE;
      }

    case ATELIER_PARAM_BOOL:
      {
        gboolean b;
        if (!parse_bool (value, &b))
          {
            g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                         _("%s must be true or false, not “%s”"), spec->name, value);
            return FALSE;
          }
        return TRUE;
      }

    case ATELIER_PARAM_ENUM:
      if (spec->choices && !(spec->flags & ATELIER_PARAM_FLAG_OPEN_ENUM) &&
          !g_strv_contains (spec->choices, value))
        {
          g_autofree char *allowed = g_strjoinv (", ", (char **) spec->choices);
          g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                       _("%s must be one of %s, not “%s”"), spec->name, allowed, value);
          return FALSE;
        }
      return TRUE;

    case ATELIER_PARAM_COLORS:
      {
        g_auto(GStrv) colors = split_colors (value);
        for (guint i = 0; colors[i]; i++)
          if (!looks_like_css_color (colors[i]))
            {
              g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                           _("%s: “%s” is not a CSS colour (use a name like gold or #rrggbb)"),
                           spec->name, colors[i]);
              return FALSE;
            }
        if (spec->max > 0 && g_strv_length (colors) > spec->max)
          {
            g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                         _("%s takes at most %lld colours"), spec->name,
                         (long long) spec->max);
            return FALSE;
          }
        return TRUE;
      }

    case ATELIER_PARAM_FILE:
      {
        g_auto(GStrv) files = g_strsplit (value, "\n", -1);
        guint n = 0;
        for (guint i = 0; files[i]; i++)
          {
            if (*files[i] == '\0')
              continue;
            n++;
            if (!g_file_test (files[i], G_FILE_TEST_IS_REGULAR))
              {
                g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                             _("%s: the file “%s” does not exist or cannot be read"),
                             spec->name, files[i]);
                return FALSE;
              }
          }
        if (n > 1 && !(spec->flags & ATELIER_PARAM_FLAG_MULTIPLE))
          {
            g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                         _("%s takes a single file"), spec->name);
            return FALSE;
          }
        if (spec->max > 0 && n > spec->max)
          {
            g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                         _("%s takes at most %lld files"), spec->name,
                         (long long) spec->max);
            return FALSE;
          }
        return TRUE;
      }

    case ATELIER_PARAM_URL:
      if (!g_uri_is_valid (value, G_URI_FLAGS_NONE, NULL))
        {
          g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                       _("%s must be an absolute URL, not “%s”"), spec->name, value);
          return FALSE;
        }
      return TRUE;

    case ATELIER_PARAM_STRING:
    case ATELIER_PARAM_TEXT:
    default:
      if (spec->max > 0 && g_utf8_strlen (value, -1) > spec->max)
        {
          g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                       _("%s is too long: at most %lld characters"),
                       spec->name, (long long) spec->max);
          return FALSE;
        }
      return TRUE;
    }
}

static gboolean
has_value (GHashTable *params,
           const char *name)
{
  const char *v = g_hash_table_lookup (params, name);
  return v != NULL && *v != '\0';
}

gboolean
atelier_param_table_validate (const AtelierParamTable *table,
                              GHashTable              *params,
                              GError                 **error)
{
  GHashTableIter iter;
  gpointer k, v;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (params != NULL, FALSE);

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      const AtelierParamSpec *spec = atelier_param_table_lookup (table, k);

      if (spec == NULL)
        {
          g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_UNKNOWN,
                       _("Unknown parameter “%s”"), (const char *) k);
          return FALSE;
        }
      if (*(const char *) v == '\0')
        continue;
      if (!validate_one (spec, v, error))
        return FALSE;
    }

  for (guint i = 0; i < table->n_specs; i++)
    {
      const AtelierParamSpec *spec = &table->specs[i];

      if ((spec->flags & ATELIER_PARAM_FLAG_REQUIRED) && !has_value (params, spec->name))
        {
          g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_MISSING,
                       _("%s is required"), spec->name);
          return FALSE;
        }

      if (spec->excludes && has_value (params, spec->name))
        {
          g_auto(GStrv) others = g_strsplit (spec->excludes, ",", -1);
          for (guint j = 0; others[j]; j++)
            if (has_value (params, g_strstrip (others[j])))
              {
                g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_CONFLICT,
                             _("%s cannot be combined with %s"), spec->name, others[j]);
                return FALSE;
              }
        }
    }

  return TRUE;
}

gboolean
atelier_param_parse_option (const AtelierParamTable *table,
                            GHashTable              *params,
                            const char              *option,
                            GError                 **error)
{
  const char *eq = strchr (option, '=');
  g_autofree char *key = NULL;

  if (eq == NULL || eq == option)
    {
      g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                   _("Options are written key=value, not “%s”"), option);
      return FALSE;
    }

  key = g_strndup (option, eq - option);
  if (atelier_param_table_lookup (table, key) == NULL)
    {
      g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_UNKNOWN,
                   _("Unknown parameter “%s”"), key);
      return FALSE;
    }

  g_hash_table_insert (params, g_steal_pointer (&key), g_strdup (eq + 1));
  return TRUE;
}

JsonNode *
atelier_param_to_json (const AtelierParamSpec *spec,
                       const char             *value)
{
  JsonNode *node = json_node_alloc ();

  switch (spec->type)
    {
    case ATELIER_PARAM_INT:
      {
        gint64 v = 0;
        parse_int (value, &v);
        return json_node_init_int (node, v);
      }

    case ATELIER_PARAM_BOOL:
      {
        gboolean b = FALSE;
        parse_bool (value, &b);
        return json_node_init_boolean (node, b);
      }

    case ATELIER_PARAM_COLORS:
      {
        g_auto(GStrv) colors = split_colors (value);
        g_autoptr(JsonArray) ar = json_array_new ();
        for (guint i = 0; colors[i]; i++)
          json_array_add_string_element (ar, colors[i]);
        /* It takes a reference of its own. */
        return json_node_init_array (node, ar);
      }

    default:
      return json_node_init_string (node, value);
    }
}
