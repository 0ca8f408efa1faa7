/* atelier-gltf-validate.c: references in parts the loader does not use
 *
 * Cameras, skins and animations are not loaded, but a file whose indices
 * point nowhere is broken all the same (the validator's UNRESOLVED_REFERENCE):
 * it is rejected rather than half-shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include "atelier-gltf-private.h"

static gboolean
validate_skins (GltfLoader  *loader,
                GError     **error)
{
  JsonArray *array;
  guint n;

  if (!gltf_json_root_array (loader, "skins", &array, &n, error))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      JsonArray *joints;
      char ptr[GLTF_PTR_MAX], jptr[GLTF_PTR_MAX];
      int index;

      g_snprintf (ptr, sizeof ptr, "/skins/%u", i);
      if (!gltf_json_index (obj, ptr, "inverseBindMatrices", FALSE, loader->n_accessors, &index,
                            error) ||
          !gltf_json_index (obj, ptr, "skeleton", FALSE, loader->n_nodes, &index, error) ||
          !gltf_json_array (obj, ptr, "joints", TRUE, &joints, error))
        return FALSE;

      g_snprintf (jptr, sizeof jptr, "%s/joints", ptr);
      for (guint k = 0; k < json_array_get_length (joints); k++)
        if (!gltf_json_element_index (joints, k, jptr, loader->n_nodes, &index, error))
          return FALSE;
    }

  return TRUE;
}

static gboolean
validate_animations (GltfLoader  *loader,
                     GError     **error)
{
  JsonArray *array;
  guint n;

  if (!gltf_json_root_array (loader, "animations", &array, &n, error))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      JsonArray *channels, *samplers;
      char ptr[GLTF_PTR_MAX], sub[GLTF_PTR_MAX];
      guint n_samplers;
      int index;

      g_snprintf (ptr, sizeof ptr, "/animations/%u", i);
      if (!gltf_json_array (obj, ptr, "channels", TRUE, &channels, error) ||
          !gltf_json_array (obj, ptr, "samplers", TRUE, &samplers, error))
        return FALSE;

      n_samplers = json_array_get_length (samplers);
      g_snprintf (sub, sizeof sub, "%s/samplers", ptr);
      for (guint k = 0; k < n_samplers; k++)
        {
          JsonObject *s = gltf_json_element_object (samplers, k, sub, error);
          char sptr[GLTF_PTR_MAX];

          if (s == NULL)
            return FALSE;
          g_snprintf (sptr, sizeof sptr, "%s/%u", sub, k);
          if (!gltf_json_index (s, sptr, "input", TRUE, loader->n_accessors, &index, error) ||
              !gltf_json_index (s, sptr, "output", TRUE, loader->n_accessors, &index, error))
            return FALSE;
        }

      g_snprintf (sub, sizeof sub, "%s/channels", ptr);
      for (guint k = 0; k < json_array_get_length (channels); k++)
        {
          JsonObject *c = gltf_json_element_object (channels, k, sub, error);
          JsonObject *target;
          char cptr[GLTF_PTR_MAX];

          if (c == NULL)
            return FALSE;
          g_snprintf (cptr, sizeof cptr, "%s/%u", sub, k);
          if (!gltf_json_index (c, cptr, "sampler", TRUE, n_samplers, &index, error) ||
              !gltf_json_object (c, cptr, "target", TRUE, &target, error))
            return FALSE;
          g_snprintf (cptr, sizeof cptr, "%s/%u/target", sub, k);
          if (!gltf_json_index (target, cptr, "node", FALSE, loader->n_nodes, &index, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
validate_cameras (GltfLoader  *loader,
                  GError     **error)
{
  JsonArray *array;
  guint n;

  if (!gltf_json_root_array (loader, "cameras", &array, &n, error))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      static const char * const perspective[] = { "yfov", "znear", NULL };
      static const char * const orthographic[] = { "xmag", "ymag", "zfar", "znear", NULL };
      const char * const *required;
      JsonObject *projection;
      const char *type;
      char ptr[GLTF_PTR_MAX];

      g_snprintf (ptr, sizeof ptr, "/cameras/%u", i);
      if (!gltf_json_string (obj, ptr, "type", TRUE, &type, error))
        return FALSE;
      if (!g_str_equal (type, "perspective") && !g_str_equal (type, "orthographic"))
        {
          gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL, "%s/type: invalid value “%s”", ptr,
                      type);
          return FALSE;
        }
      if (!gltf_json_object (obj, ptr, type, TRUE, &projection, error))
        return FALSE;

      g_snprintf (ptr, sizeof ptr, "/cameras/%u/%s", i, type);
      required = type[0] == 'p' ? perspective : orthographic;
      for (guint k = 0; required[k] != NULL; k++)
        {
          double v;

          if (!json_object_has_member (projection, required[k]))
            {
              gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL,
                          "%s/%s: required property is missing", ptr, required[k]);
              return FALSE;
            }
          if (!gltf_json_number (projection, ptr, required[k], 0.0, &v, error))
            return FALSE;
        }
    }

  return TRUE;
}

/* "extensions" must be an object wherever it appears. */
static gboolean
validate_extension_objects (JsonNode    *node,
                            GString     *ptr,
                            GError     **error)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (obj);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *child = json_object_get_member (obj, l->data);
          gsize len = ptr->len;

          if (g_str_equal (l->data, "extras"))
            continue;
          if (g_str_equal (l->data, "extensions"))
            {
              g_autoptr(GList) names = NULL;

              if (!JSON_NODE_HOLDS_OBJECT (child))
                {
                  gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL,
                              "%s/extensions: expected an object", ptr->str);
                  return FALSE;
                }
              names = json_object_get_members (json_node_get_object (child));
              for (GList *e = names; e != NULL; e = e->next)
                if (!JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (child),
                                                                     e->data)))
                  {
                    gltf_error (error, ATELIER_GLTF_ERROR_JSON, NULL,
                                "%s/extensions/%s: expected an object", ptr->str,
                                (const char *) e->data);
                    return FALSE;
                  }
            }
          if (ptr->len < GLTF_PTR_MAX)
            g_string_append_printf (ptr, "/%s", (const char *) l->data);
          if (!validate_extension_objects (child, ptr, error))
            return FALSE;
          g_string_truncate (ptr, len);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          gsize len = ptr->len;

          if (ptr->len < GLTF_PTR_MAX)
            g_string_append_printf (ptr, "/%u", i);
          if (!validate_extension_objects (json_array_get_element (array, i), ptr, error))
            return FALSE;
          g_string_truncate (ptr, len);
        }
    }

  return TRUE;
}

gboolean
gltf_validate_other (GltfLoader  *loader,
                     GError     **error)
{
  g_autoptr(GString) ptr = g_string_new ("");

  return validate_cameras (loader, error) &&
         validate_skins (loader, error) &&
         validate_animations (loader, error) &&
         validate_extension_objects (json_parser_get_root (loader->parser), ptr, error);
}
