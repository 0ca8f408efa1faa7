/* atelier-turntable-dialog.h: "Export Turntable…": a model turning once
 * around, as a looping animated WebP
 *
 * The preview turns in the viewer in the chosen display mode; the frames
 * are rendered headless in a worker, with progress and Cancel. The result
 * is recorded as a child job of the source job (when there is one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-engine.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_TURNTABLE_DIALOG (atelier_turntable_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AtelierTurntableDialog, atelier_turntable_dialog, ATELIER, TURNTABLE_DIALOG,
                      AdwWindow)

GtkWidget  *atelier_turntable_dialog_new               (GFile                  *source,
                                                        AtelierEngine          *engine,
                                                        AtelierJob             *job);
GFile      *atelier_turntable_dialog_get_source        (AtelierTurntableDialog *self);
/* TRUE while rendering ("busy", notified). */
gboolean    atelier_turntable_dialog_get_busy          (AtelierTurntableDialog *self);
/* Writes @file (.webp is added when missing), as the file chooser does.
 * Emits "exported" (GFile, AtelierJob or NULL) and closes when done; a
 * failure is shown in a toast and in "error-message". */
void        atelier_turntable_dialog_export_to         (AtelierTurntableDialog *self,
                                                        GFile                  *file);
const char *atelier_turntable_dialog_get_error_message (AtelierTurntableDialog *self);

G_END_DECLS
