/* atelier-job-list.h: the GListModel of jobs, newest first
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-job.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_JOB_LIST (atelier_job_list_get_type ())
G_DECLARE_FINAL_TYPE (AtelierJobList, atelier_job_list, ATELIER, JOB_LIST, GObject)

AtelierJobList *atelier_job_list_new        (void);
/* Inserts keeping the list sorted by creation time, newest first. */
void            atelier_job_list_add        (AtelierJobList *self,
                                             AtelierJob     *job);
/* Adds @jobs in their places, with one "items-changed" per run of them
 * between two listed jobs (a page of older jobs: one at the end); jobs
 * already listed are left out. */
void            atelier_job_list_add_all    (AtelierJobList *self,
                                             GPtrArray      *jobs);
gboolean        atelier_job_list_remove     (AtelierJobList *self,
                                             AtelierJob     *job);
AtelierJob     *atelier_job_list_lookup     (AtelierJobList *self,
                                             const char     *id);
guint           atelier_job_list_get_n_jobs (AtelierJobList *self);
/* Borrowed; NULL past the end. */
AtelierJob     *atelier_job_list_get_job    (AtelierJobList *self,
                                             guint           position);
/* "loading": more of the history is still to come into the list, so a
 * search may not have found everything yet. */
gboolean        atelier_job_list_get_loading (AtelierJobList *self);
void            atelier_job_list_set_loading (AtelierJobList *self,
                                              gboolean        loading);

G_END_DECLS
