/* atelier-job-list-view.h: the jobs: search, filters, rows, delete with undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-engine.h"
#include "atelier-gallery.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_JOB_LIST_VIEW (atelier_job_list_view_get_type ())
G_DECLARE_FINAL_TYPE (AtelierJobListView, atelier_job_list_view, ATELIER, JOB_LIST_VIEW, GtkWidget)

GtkWidget     *atelier_job_list_view_new              (void);
/* Shows the engine's jobs, newest first. */
void           atelier_job_list_view_set_engine       (AtelierJobListView *self,
                                                       AtelierEngine      *engine);
AtelierEngine *atelier_job_list_view_get_engine       (AtelierJobListView *self);
AtelierJob    *atelier_job_list_view_get_selected_job (AtelierJobListView *self);
/* Selects and scrolls to the job; FALSE when it is not shown. */
gboolean       atelier_job_list_view_select_job       (AtelierJobListView *self,
                                                       const char         *job_id);
void           atelier_job_list_view_unselect         (AtelierJobListView *self);
/* The jobs as shown, after search and filters. */
GListModel    *atelier_job_list_view_get_visible_jobs (AtelierJobListView *self);
/* Leaving search mode clears the search and the filters. */
gboolean       atelier_job_list_view_get_search_mode  (AtelierJobListView *self);
void           atelier_job_list_view_set_search_mode  (AtelierJobListView *self,
                                                       gboolean            search_mode);
void           atelier_job_list_view_focus_search     (AtelierJobListView *self);
/* Delete with undo: hides @job and returns a toast (transfer full, for a
 * toast overlay) whose Undo shows it again. The history row and files go
 * when the toast leaves without Undo, or at commit_deletes(). */
AdwToast      *atelier_job_list_view_delete_job       (AtelierJobListView *self,
                                                       AtelierJob         *job);
/* The same for several jobs (the gallery's selection): one toast, whose
 * Undo shows them all again. */
AdwToast      *atelier_job_list_view_delete_jobs      (AtelierJobListView *self,
                                                       GPtrArray          *jobs);
void           atelier_job_list_view_commit_deletes   (AtelierJobListView *self);
/* "list" or "gallery" (property "view"): the same jobs, after the same
 * search and filters, as rows or as a grid of their outputs. */
const char    *atelier_job_list_view_get_view         (AtelierJobListView *self);
void           atelier_job_list_view_set_view         (AtelierJobListView *self,
                                                       const char         *view);
/* For a view switcher. */
AdwViewStack  *atelier_job_list_view_get_view_stack   (AtelierJobListView *self);
AtelierGallery *atelier_job_list_view_get_gallery     (AtelierJobListView *self);

/* Signal "job-activated" (AtelierJob *): a row was activated, or the
 * selected row clicked again. */

G_END_DECLS
