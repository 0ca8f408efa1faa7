/* atelier-default-options.h: the options each service starts with
 *
 * Kept in GSettings "default-options" (service id → name → value). The
 * window stores the options of every generation there, and Preferences
 * edits them. The prompt and files are never kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "atelier-provider.h"

G_BEGIN_DECLS

/* name → value; empty when none are kept. */
GHashTable *atelier_default_options_get (GSettings       *settings,
                                         const char      *provider_id);
void        atelier_default_options_set (GSettings       *settings,
                                         AtelierProvider *provider,
                                         GHashTable      *params);

G_END_DECLS
