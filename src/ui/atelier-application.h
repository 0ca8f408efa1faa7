/* atelier-application.h: the application: engine, settings, offline sandbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-engine.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_APPLICATION (atelier_application_get_type ())
G_DECLARE_FINAL_TYPE (AtelierApplication, atelier_application, ATELIER, APPLICATION, AdwApplication)

AtelierApplication *atelier_application_new            (void);
AtelierEngine      *atelier_application_get_engine     (AtelierApplication *self);
/* NULL when the schema is not installed (e.g. an uninstalled build). */
GSettings          *atelier_application_get_settings   (AtelierApplication *self);
gboolean            atelier_application_get_offline    (AtelierApplication *self);

/* The settings object for our schema, or NULL when it is not installed. */
GSettings          *atelier_settings_new_or_null       (void);

G_END_DECLS
