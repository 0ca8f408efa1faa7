/* atelier-batch-chooser.h: "Generate with…": the services a prompt goes to
 *
 * A popover listing the services that take a prompt, each with a check
 * box; the ticked ones are remembered (GSettings "batch-providers"). Its
 * Generate button emits "generate" with their ids; the composer makes the
 * batch (see AtelierBatch).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-engine.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_BATCH_CHOOSER (atelier_batch_chooser_get_type ())
G_DECLARE_FINAL_TYPE (AtelierBatchChooser, atelier_batch_chooser, ATELIER, BATCH_CHOOSER, GtkPopover)

GtkWidget     *atelier_batch_chooser_new          (void);
/* Lists the engine's services that take a prompt. */
void           atelier_batch_chooser_set_engine   (AtelierBatchChooser *self,
                                                   AtelierEngine       *engine);
/* Where the ticked services are kept; NULL keeps none. */
void           atelier_batch_chooser_set_settings (AtelierBatchChooser *self,
                                                   GSettings           *settings);
/* The ticked services, in the list's order. */
GStrv          atelier_batch_chooser_dup_selected (AtelierBatchChooser *self);
/* Ticks exactly these (unknown ids are left out). */
void           atelier_batch_chooser_set_selected (AtelierBatchChooser *self,
                                                   const char * const  *provider_ids);
guint          atelier_batch_chooser_get_n_selected (AtelierBatchChooser *self);

/* Properties: "engine", "settings", "n-selected".
 * Signal "generate" (GStrv provider ids): Generate was pressed. */

G_END_DECLS
