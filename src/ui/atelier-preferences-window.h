/* atelier-preferences-window.h: accounts, addresses, folders, concurrency
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-engine.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_PREFERENCES_WINDOW (atelier_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (AtelierPreferencesWindow, atelier_preferences_window, ATELIER, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* @settings may be NULL (no schema installed): then only tokens can be set. */
AtelierPreferencesWindow *atelier_preferences_window_new (AtelierEngine *engine,
                                                          GSettings     *settings);

G_END_DECLS
