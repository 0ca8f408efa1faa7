/* atelier-output-model.h: a list of jobs flattened into their outputs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-output-item.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_OUTPUT_MODEL (atelier_output_model_get_type ())
G_DECLARE_FINAL_TYPE (AtelierOutputModel, atelier_output_model, ATELIER, OUTPUT_MODEL, GObject)

/* A GListModel of AtelierOutputItem: each job of @jobs (a GListModel of
 * AtelierJob, e.g. the job list's filter model) in turn, with
 * atelier_output_item_count_for_job() items each. Only counts are kept
 * per job; items are made when asked for, and the same item is given
 * again while someone holds it (a selection keeps its items). */
AtelierOutputModel *atelier_output_model_new         (GListModel         *jobs);
GListModel         *atelier_output_model_get_jobs    (AtelierOutputModel *self);
void                atelier_output_model_set_jobs    (AtelierOutputModel *self,
                                                      GListModel         *jobs);
/* @job's outputs changed (it finished): its items are made again. Jobs
 * do not say so through @jobs, which only announces jobs coming and going. */
void                atelier_output_model_job_changed (AtelierOutputModel *self,
                                                      AtelierJob         *job);
/* The position of @job's first item, or GTK_INVALID_LIST_POSITION. */
guint               atelier_output_model_find_job    (AtelierOutputModel *self,
                                                      AtelierJob         *job);

G_END_DECLS
