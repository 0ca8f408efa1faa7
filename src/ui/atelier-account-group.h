/* atelier-account-group.h: signing in to image3d and buying its credits, in Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-provider.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_ACCOUNT_GROUP (atelier_account_group_get_type ())
G_DECLARE_FINAL_TYPE (AtelierAccountGroup, atelier_account_group, ATELIER, ACCOUNT_GROUP, AdwPreferencesGroup)

/* Whether @provider can be signed in to here (image3d). */
gboolean   atelier_account_group_is_supported (AtelierProvider *provider);
/* Signs @provider (the engine's, so a sign-in applies at once) in and out;
 * the Firebase key goes to @settings (may be NULL). */
GtkWidget *atelier_account_group_new          (AtelierProvider *provider,
                                               GSettings       *settings);

G_END_DECLS
