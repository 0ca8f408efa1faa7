/* atelier-output-grid.h: a job's several images as a grid of tiles
 *
 * Each tile can be starred (kept with the job), saved, used as input, opened
 * large; two selected tiles can be compared. The grid stars by itself; the
 * rest it asks of whoever shows it, through its signals:
 *
 *   "open-output"     (const char *path)   Enter, Space, a double click, "Open Large"
 *   "save-output"     (const char *path)   Ctrl+S, "Save As…"
 *   "use-output"      (const char *path)   "Use as Input"
 *   "compare-outputs" (const char *a, const char *b)   "Compare"
 *
 * Keyboard: arrows move (and select), Ctrl+Space adds to the selection,
 * Ctrl+D stars, Menu or Shift+F10 opens the tile's menu.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "atelier-job.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_OUTPUT_GRID (atelier_output_grid_get_type ())
G_DECLARE_FINAL_TYPE (AtelierOutputGrid, atelier_output_grid, ATELIER, OUTPUT_GRID, GtkWidget)

GtkWidget  *atelier_output_grid_new            (void);
/* Shows @job's image outputs; NULL clears. */
void        atelier_output_grid_set_job        (AtelierOutputGrid *self,
                                                AtelierJob        *job);
AtelierJob *atelier_output_grid_get_job        (AtelierOutputGrid *self);
guint       atelier_output_grid_get_n_tiles    (AtelierOutputGrid *self);
/* The tile of output @index (a GtkFlowBoxChild), or NULL. */
GtkWidget  *atelier_output_grid_get_tile       (AtelierOutputGrid *self,
                                                guint              index);
/* The output the tile actions act on: the tile with the focus or the
 * first selected one; NULL without tiles. */
const char *atelier_output_grid_get_current    (AtelierOutputGrid *self);
void        atelier_output_grid_select         (AtelierOutputGrid *self,
                                                guint              index);

G_END_DECLS
