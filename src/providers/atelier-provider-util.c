/* atelier-provider-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-providers"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-error.h"
#include "atelier-provider-util.h"

gpointer
atelier_provider_protocol_error (GError     **error,
                                 const char  *service,
                                 const char  *field)
{
  g_set_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_PROTOCOL,
               _("%s sent an answer Atelier does not understand (“%s” is missing or of the "
                 "wrong type). Retry later, or check the service address."), service, field);
  return NULL;
}

gboolean
atelier_provider_check_config (const AtelierServiceConfig  *config,
                               const char                  *service,
                               GError                     **error)
{
  if (config->base_url == NULL || *config->base_url == '\0')
    {
      g_set_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NOT_CONFIGURED,
                   _("No address is set for %s. Set one in Preferences."), service);
      return FALSE;
    }
  if (config->token == NULL || *config->token == '\0')
    {
      g_set_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NOT_CONFIGURED,
                   _("No token is set for %s. Add one in Preferences."), service);
      return FALSE;
    }
  return TRUE;
}

gboolean
atelier_param_refuse (GError     **error,
                      const char  *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_CONFLICT, message);
  return FALSE;
}

const char *
atelier_json_get_string (JsonObject *obj,
                         const char *member)
{
  JsonNode *node = obj ? json_object_get_member (obj, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
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

AtelierHttpRequest *
atelier_provider_request (const AtelierServiceConfig *config,
                          const char                 *method,
                          const char                 *path)
{
  g_autofree char *url = atelier_url_join (config->base_url, path);
  AtelierHttpRequest *req = atelier_http_request_new (method, url);

  atelier_http_request_set_auth (req, config->token, config->base_url);
  return req;
}

char *
atelier_escape_path_segment (const char *id)
{
  return g_uri_escape_string (id, NULL, FALSE);
}
