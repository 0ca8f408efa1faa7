/* atelier-compare-window.h: two outputs, of one job or of two, side by side
 *
 * A window around AtelierCompareView with a picker for each side: every image
 * output of the jobs it was given is a choice. The window action that opens
 * it is `win.compare` (see atelier-window.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-compare-view.h"
#include "atelier-job.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_COMPARE_WINDOW (atelier_compare_window_get_type ())
G_DECLARE_FINAL_TYPE (AtelierCompareWindow, atelier_compare_window, ATELIER, COMPARE_WINDOW, AdwWindow)

GtkWidget          *atelier_compare_window_new        (void);
/* The choices: each image output of @jobs, in order. Shown first: the first
 * outputs of the first two jobs that have one, or with one such job its
 * first two outputs. FALSE when there are not two images to compare. */
gboolean            atelier_compare_window_set_jobs   (AtelierCompareWindow *self,
                                                       AtelierJob * const   *jobs,
                                                       guint                 n_jobs);
/* Shows these two of the choices; FALSE if either is not one. */
gboolean            atelier_compare_window_show_outputs (AtelierCompareWindow *self,
                                                         const char           *left,
                                                         const char           *right);
const char         *atelier_compare_window_get_output (AtelierCompareWindow *self,
                                                       AtelierCompareSide    side);
AtelierCompareView *atelier_compare_window_get_view   (AtelierCompareWindow *self);

G_END_DECLS
