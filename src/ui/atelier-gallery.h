/* atelier-gallery.h: the history as a grid of every output, with multi-select
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-engine.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_GALLERY (atelier_gallery_get_type ())
G_DECLARE_FINAL_TYPE (AtelierGallery, atelier_gallery, ATELIER, GALLERY, GtkWidget)

GtkWidget     *atelier_gallery_new             (void);
/* For service names, stars kept in the history, and finished jobs. */
void           atelier_gallery_set_engine      (AtelierGallery *self,
                                                AtelierEngine  *engine);
/* The jobs to show (a GListModel of AtelierJob: the job list's search and
 * filters), each as its outputs. */
void           atelier_gallery_set_jobs        (AtelierGallery *self,
                                                GListModel     *jobs);
/* The tiles: a GListModel of AtelierOutputItem. */
GListModel    *atelier_gallery_get_outputs     (AtelierGallery *self);
GtkSelectionModel *atelier_gallery_get_selection (AtelierGallery *self);
/* The job of the one selected tile; NULL when none or several are. */
AtelierJob    *atelier_gallery_get_current_job (AtelierGallery *self);
/* Selects @job's first tile alone and scrolls to it; FALSE when not shown. */
gboolean       atelier_gallery_select_job      (AtelierGallery *self,
                                                AtelierJob     *job);
/* The selected tiles' jobs, each once, in grid order (transfer container). */
GPtrArray     *atelier_gallery_get_selected_jobs (AtelierGallery *self);

/* Copies the selected tiles' files into @folder, one after another, never
 * over a file already there ("name (2).png"); a toast says how it went.
 * The "gallery.export" action asks for the folder first. */
void           atelier_gallery_export_selected (AtelierGallery *self,
                                                GFile          *folder);

/* Signals:
 * "job-activated" (AtelierJob *): a tile was activated (Enter, double click).
 * "delete-jobs" (GPtrArray *): delete these jobs, with undo; the gallery
 *   does not delete by itself, the job list does it for both views. */

G_END_DECLS
