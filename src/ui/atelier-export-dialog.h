/* atelier-export-dialog.h: "Export…": a model made lighter and converted,
 * with a live preview and before/after figures
 *
 * The source file is loaded once in a worker; every change of the
 * settings cancels the preview in progress and, once the faces slider
 * settles, optimizes again in a worker. Export writes through the file
 * chooser portal, never over the source, and records the result as a
 * child job of the source job (when there is one).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-engine.h"
#include "atelier-gltf-asset.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_EXPORT_DIALOG (atelier_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (AtelierExportDialog, atelier_export_dialog, ATELIER, EXPORT_DIALOG, AdwWindow)

/* @job (may be NULL) is the job whose model @source is; the export is
 * recorded as its child in @engine (may be NULL). */
GtkWidget  *atelier_export_dialog_new          (GFile                 *source,
                                                AtelierEngine         *engine,
                                                AtelierJob            *job);
GFile      *atelier_export_dialog_get_source   (AtelierExportDialog   *self);
/* TRUE while loading, computing a preview or exporting ("busy", notified). */
gboolean    atelier_export_dialog_get_busy     (AtelierExportDialog   *self);
/* The source's figures and the preview's for the settings shown; FALSE
 * until that preview and its file size are computed ("preview-ready"). */
gboolean    atelier_export_dialog_get_stats    (AtelierExportDialog   *self,
                                                AtelierGltfAssetStats *before,
                                                AtelierGltfAssetStats *after,
                                                guint64               *bytes_before,
                                                guint64               *bytes_after);
/* Exports to @file, as the file chooser does. Emits "exported" (GFile,
 * AtelierJob or NULL) and closes when done; a failure is shown in a toast
 * and in "error-message". */
void        atelier_export_dialog_export_to    (AtelierExportDialog   *self,
                                                GFile                 *file);
const char *atelier_export_dialog_get_error_message (AtelierExportDialog *self);

G_END_DECLS
