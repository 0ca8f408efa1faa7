/* atelier-window.h: the main window: form, job list and detail pane
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-application.h"
#include "atelier-credit-purchase.h"
#include "atelier-engine.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_WINDOW (atelier_window_get_type ())
G_DECLARE_FINAL_TYPE (AtelierWindow, atelier_window, ATELIER, WINDOW, AdwApplicationWindow)

/* Window actions others may activate (gtk_widget_activate_action() on the
 * window or any widget in it, or an action-name and target in a .ui):
 *
 * "win.compare" (parameter "as": job ids) opens the Compare window
 *   (AtelierCompareWindow) with every image output of those jobs to pick
 *   from; it shows the first outputs of the first two jobs that have an
 *   image, or with one such job its first two outputs. Unknown ids are
 *   skipped; with fewer than two images in all, a toast says so and nothing
 *   opens. Example: gtk_widget_activate_action (widget, "win.compare",
 *   "^as", (const char *[]) { id1, id2, NULL }).
 * "win.show-job" (parameter "s": a job id) selects that job. */

/* @app may be NULL (widget tests). */
AtelierWindow *atelier_window_new          (AtelierApplication *app,
                                            AtelierEngine      *engine);
AtelierEngine *atelier_window_get_engine   (AtelierWindow      *self);
GCancellable  *atelier_window_get_cancellable (AtelierWindow   *self);
void           atelier_window_set_offline  (AtelierWindow      *self,
                                            gboolean            offline);
void           atelier_window_show_message (AtelierWindow      *self,
                                            const char         *message);
void           atelier_window_select_job   (AtelierWindow      *self,
                                            const char         *job_id);
void           atelier_window_select_provider (AtelierWindow   *self,
                                            const char         *provider_id);
/* Shows a .glb/.gltf in the viewer, or an image as input for the form. */
void           atelier_window_open_file    (AtelierWindow      *self,
                                            GFile              *file);
/* For tests: the prompt text and the list as shown (after filters). */
void           atelier_window_set_prompt   (AtelierWindow      *self,
                                            const char         *prompt);
GListModel    *atelier_window_get_visible_jobs (AtelierWindow  *self);
/* The credit purchase started last ("Buy Credits"), or NULL. */
AtelierCreditPurchase *atelier_window_get_credit_purchase (AtelierWindow *self);

G_END_DECLS
