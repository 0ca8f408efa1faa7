/* atelier-provider-util.h: what every service client needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-provider.h"
#include "atelier-service.h"

G_BEGIN_DECLS

/* Sets a PROTOCOL error naming the service and the field, returns NULL. */
gpointer    atelier_provider_protocol_error (GError                    **error,
                                             const char                 *service,
                                             const char                 *field);
/* A token and a base URL are there, else a NOT_CONFIGURED error. */
gboolean    atelier_provider_check_config   (const AtelierServiceConfig *config,
                                             const char                 *service,
                                             GError                    **error);
/* The member as a string, or NULL when absent or of another type. */
const char *atelier_json_get_string         (JsonObject                 *obj,
                                             const char                 *member);
/* The member as a number (int or double), or @fallback. */
double      atelier_json_get_number         (JsonObject                 *obj,
                                             const char                 *member,
                                             double                      fallback);
/* Sets an ATELIER_PARAM_ERROR_CONFLICT with a printf-style message (which
 * names the parameter and the rule) and returns FALSE, for validate(). */
gboolean    atelier_param_refuse            (GError                    **error,
                                             const char                 *format,
                                             ...) G_GNUC_PRINTF (2, 3);
/* A request to @path under the service's base URL, with its token. */
AtelierHttpRequest *atelier_provider_request (const AtelierServiceConfig *config,
                                              const char                 *method,
                                              const char                 *path);
/* Percent-encodes an id (which may be a URI like core3d:generation:…) for a path. */
char       *atelier_escape_path_segment     (const char                 *id);

G_END_DECLS
