/* atelier-job-row.h: one job in the list: prompt, status, progress, image
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "atelier-job.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_JOB_ROW (atelier_job_row_get_type ())
G_DECLARE_FINAL_TYPE (AtelierJobRow, atelier_job_row, ATELIER, JOB_ROW, GtkWidget)

AtelierJobRow *atelier_job_row_new     (void);
AtelierJob    *atelier_job_row_get_job (AtelierJobRow *self);
/* @provider_name: what to call the job's service (NULL: its id). */
void           atelier_job_row_set_job (AtelierJobRow *self,
                                        AtelierJob    *job,
                                        const char    *provider_name);
/* What a row calls @job: its prompt, or for a job made from another one (a
 * product design, a print export) what it is, "Core3D product design · pattern". */
char          *atelier_job_row_dup_title (AtelierJob    *job,
                                          const char    *provider_name);
/* The thumbnail shown, or NULL while there is none (for tests). */
GdkPaintable  *atelier_job_row_get_thumbnail (AtelierJobRow *self);

G_END_DECLS
