/* atelier-job-detail.h: one job in full: its result, progress or failure,
 * its parameters and outputs; or a model opened from a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-engine.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_JOB_DETAIL (atelier_job_detail_get_type ())
G_DECLARE_FINAL_TYPE (AtelierJobDetail, atelier_job_detail, ATELIER, JOB_DETAIL, GtkWidget)

GtkWidget     *atelier_job_detail_new             (void);
/* Where the services' names come from. */
void           atelier_job_detail_set_engine      (AtelierJobDetail *self,
                                                   AtelierEngine    *engine);
AtelierEngine *atelier_job_detail_get_engine      (AtelierJobDetail *self);
/* Showing a job puts away an opened file, and the other way round. */
void           atelier_job_detail_set_job         (AtelierJobDetail *self,
                                                   AtelierJob       *job);
AtelierJob    *atelier_job_detail_get_job         (AtelierJobDetail *self);
/* A glTF model to look at without a job. */
void           atelier_job_detail_set_file        (AtelierJobDetail *self,
                                                   GFile            *file);
GFile         *atelier_job_detail_get_file        (AtelierJobDetail *self);
void           atelier_job_detail_set_show_params (AtelierJobDetail *self,
                                                   gboolean          show_params);
gboolean       atelier_job_detail_get_show_params (AtelierJobDetail *self);
/* In a narrow window: a Back button and the window buttons on the left. */
void           atelier_job_detail_set_folded      (AtelierJobDetail *self,
                                                   gboolean          folded);
gboolean       atelier_job_detail_get_folded      (AtelierJobDetail *self);
/* The output shown (a done job's first, or the one picked in the strip of
 * results); NULL before the job is done. */
const char    *atelier_job_detail_get_result_path (AtelierJobDetail *self);
/* The image shown, once loaded; NULL for models and statuses. */
GdkTexture    *atelier_job_detail_get_texture     (AtelierJobDetail *self);

G_END_DECLS
