/* atelier-engine.h: runs jobs: submit, poll, download, persist, resume
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-history.h"
#include "atelier-http.h"
#include "atelier-job-list.h"
#include "atelier-provider.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_ENGINE (atelier_engine_get_type ())
G_DECLARE_FINAL_TYPE (AtelierEngine, atelier_engine, ATELIER, ENGINE, GObject)

/* @history may be NULL (nothing persisted). */
AtelierEngine   *atelier_engine_new              (AtelierHttp     *http,
                                                  AtelierHistory  *history);
AtelierHttp     *atelier_engine_get_http         (AtelierEngine   *self);
AtelierHistory  *atelier_engine_get_history      (AtelierEngine   *self);
AtelierJobList  *atelier_engine_get_jobs         (AtelierEngine   *self);
void             atelier_engine_add_provider     (AtelierEngine   *self,
                                                  AtelierProvider *provider);
AtelierProvider *atelier_engine_get_provider     (AtelierEngine   *self,
                                                  const char      *id);
/* GListModel of AtelierProvider, in the order added. */
GListModel      *atelier_engine_get_providers    (AtelierEngine   *self);
void             atelier_engine_set_library_dir  (AtelierEngine   *self,
                                                  const char      *dir);
const char      *atelier_engine_get_library_dir  (AtelierEngine   *self);
void             atelier_engine_set_max_concurrent (AtelierEngine *self,
                                                  const char      *provider_id,
                                                  guint            max);
/* Overall deadline of a job from submission, default 30 min. */
void             atelier_engine_set_deadline     (AtelierEngine   *self,
                                                  guint            seconds);
/* Poll interval bounds in ms (default 750 and 10000). */
void             atelier_engine_set_poll_interval (AtelierEngine  *self,
                                                  guint            first_ms,
                                                  guint            max_ms);

/* Validates, makes a queued job, adds it to the list and history, and
 * starts it when a slot is free. */
AtelierJob      *atelier_engine_create_job       (AtelierEngine   *self,
                                                  const char      *provider_id,
                                                  GHashTable      *params,
                                                  GError         **error);
/* The same, as one of the jobs of batch @batch_id (NULL: none); see
 * AtelierBatch for sending one prompt to several services. */
AtelierJob      *atelier_engine_create_batch_job (AtelierEngine   *self,
                                                  const char      *provider_id,
                                                  GHashTable      *params,
                                                  const char      *batch_id,
                                                  GError         **error);
void             atelier_engine_cancel           (AtelierEngine   *self,
                                                  AtelierJob      *job);
/* Runs a failed/cancelled job again. */
gboolean         atelier_engine_retry            (AtelierEngine   *self,
                                                  AtelierJob      *job,
                                                  GError         **error);
/* Removes from list and history; output files are deleted when
 * @delete_files is TRUE. */
void             atelier_engine_delete           (AtelierEngine   *self,
                                                  AtelierJob      *job,
                                                  gboolean         delete_files);
/* Loads the history into the list (once) and resumes unfinished jobs:
 * remote id → polls again; pending outputs → downloads again; neither →
 * queued. Returns the number of jobs resumed. */
guint            atelier_engine_load_history     (AtelierEngine   *self,
                                                  gboolean         resume,
                                                  GError         **error);
/* The same in pages, so that a window shows before a long history is
 * read: the newest @n_jobs jobs now (a screenful), then the rest in a
 * worker thread, added to the list in steps, and then resuming (when
 * @resume) from the whole list. The job list is "loading" until then. */
gboolean         atelier_engine_load_history_first       (AtelierEngine  *self,
                                                          guint           n_jobs,
                                                          GError        **error);
void             atelier_engine_load_history_rest_async  (AtelierEngine       *self,
                                                          gboolean             resume,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* Returns the number of jobs resumed. */
guint            atelier_engine_load_history_rest_finish (AtelierEngine  *self,
                                                          GAsyncResult   *result,
                                                          GError        **error);
/* Picks up what another process (atelier-cli, another window) wrote to the
 * history since the last look: new jobs appear in the list, and jobs this
 * engine is not running take the stored state. Returns how many changed. */
guint            atelier_engine_refresh_from_history (AtelierEngine *self);
/* Calls refresh_from_history every @interval_ms (0 stops). */
void             atelier_engine_watch_history    (AtelierEngine   *self,
                                                  guint            interval_ms);
/* Number of jobs not finished. */
guint            atelier_engine_get_n_active     (AtelierEngine   *self);

/* Signals: "job-finished" (AtelierJob*) when a job reaches done, failed or
 * cancelled. */

G_END_DECLS
