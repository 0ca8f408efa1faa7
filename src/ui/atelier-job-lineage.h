/* atelier-job-lineage.h: where a job came from and what was made from it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-engine.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_JOB_LINEAGE (atelier_job_lineage_get_type ())
G_DECLARE_FINAL_TYPE (AtelierJobLineage, atelier_job_lineage, ATELIER, JOB_LINEAGE, GtkWidget)

/* Links (win.show-job) to the job's parent and to its children, e.g. image →
 * design → print export. Hidden when the job has neither. */
GtkWidget *atelier_job_lineage_new        (void);
void       atelier_job_lineage_set_engine (AtelierJobLineage *self,
                                           AtelierEngine     *engine);
void       atelier_job_lineage_set_job    (AtelierJobLineage *self,
                                           AtelierJob        *job);

G_END_DECLS
