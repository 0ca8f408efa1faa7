/* atelier-batch-header.h: the heading of a batch's jobs in the job list
 *
 * GTK 4.8's list view has no sections, so each row carries one of these
 * above its job, shown only on the first (newest) of a run of consecutive
 * jobs of the same batch: "Batch of 3 jobs" and Compare, which activates
 * the window's "win.compare" with the run's job ids (insensitive while no
 * window offers it).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define ATELIER_TYPE_BATCH_HEADER (atelier_batch_header_get_type ())
G_DECLARE_FINAL_TYPE (AtelierBatchHeader, atelier_batch_header, ATELIER, BATCH_HEADER, GtkWidget)

GtkWidget  *atelier_batch_header_new          (void);
/* Follows @item (its job and position) in @model, a GListModel of
 * AtelierJob, until unbound; updates itself as @model changes. */
void        atelier_batch_header_bind         (AtelierBatchHeader *self,
                                               GListModel         *model,
                                               GtkListItem        *item);
void        atelier_batch_header_unbind       (AtelierBatchHeader *self);
/* The batch it heads, or NULL when hidden. */
const char *atelier_batch_header_get_batch_id (AtelierBatchHeader *self);
/* The ids of the run's jobs, in the order they were made (empty when
 * hidden). */
GStrv       atelier_batch_header_dup_job_ids  (AtelierBatchHeader *self);

G_END_DECLS
