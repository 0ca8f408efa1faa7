/* atelier-endpoints-group.h: named OpenAI-compatible endpoints, in Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-engine.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_ENDPOINTS_GROUP (atelier_endpoints_group_get_type ())
G_DECLARE_FINAL_TYPE (AtelierEndpointsGroup, atelier_endpoints_group, ATELIER, ENDPOINTS_GROUP, AdwPreferencesGroup)

/* Adds, edits and removes the endpoints (atelier-endpoints.h); one added
 * here becomes a service of @engine at once. */
GtkWidget *atelier_endpoints_group_new (AtelierEngine *engine);

G_END_DECLS
