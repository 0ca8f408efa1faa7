/* atelier-history.h: the job history in SQLite (WAL), shared by app and CLI
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-job.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_HISTORY (atelier_history_get_type ())
G_DECLARE_FINAL_TYPE (AtelierHistory, atelier_history, ATELIER, HISTORY, GObject)

/* Default path: $XDG_DATA_HOME/atelier/history.db. A file that is not a
 * valid database is renamed aside ("history.db.corrupt-<time>") and a fresh
 * one is made; atelier_history_get_recovery_message() then says so. */
AtelierHistory *atelier_history_open           (const char     *path,
                                                GError        **error);
const char     *atelier_history_get_path       (AtelierHistory *self);
const char     *atelier_history_get_recovery_message (AtelierHistory *self);
/* One committed transaction. */
gboolean        atelier_history_save           (AtelierHistory *self,
                                                AtelierJob     *job,
                                                GError        **error);
/* All of @jobs (AtelierJob*) in one committed transaction. */
gboolean        atelier_history_save_all       (AtelierHistory *self,
                                                GPtrArray      *jobs,
                                                GError        **error);
/* Job records written since this history was opened, for tests and
 * benchmarks. */
guint64         atelier_history_get_save_count (AtelierHistory *self);
/* Time spent writing them (µs, serialising and committing). */
gint64          atelier_history_get_save_time  (AtelierHistory *self);
/* WAL checkpoints finished in the background (they need a main loop). */
guint           atelier_history_get_checkpoint_count (AtelierHistory *self);
gboolean        atelier_history_delete         (AtelierHistory *self,
                                                const char     *job_id,
                                                GError        **error);
/* Newest first. */
GPtrArray      *atelier_history_load_all       (AtelierHistory *self,
                                                GError        **error);
/* Paging, newest first (by creation time, then id): the newest @limit jobs,
 * then the jobs after a page's last one (created at @created, with @id),
 * up to @limit of them (0: all the rest). */
GPtrArray      *atelier_history_load_newest    (AtelierHistory *self,
                                                guint           limit,
                                                GError        **error);
GPtrArray      *atelier_history_load_older     (AtelierHistory *self,
                                                gint64          created,
                                                const char     *id,
                                                guint           limit,
                                                GError        **error);
/* The same in a worker thread, on a connection of its own, so that reading
 * and parsing a long history keeps off the main thread. */
void            atelier_history_load_older_async  (AtelierHistory      *self,
                                                   gint64               created,
                                                   const char          *id,
                                                   guint                limit,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray      *atelier_history_load_older_finish (AtelierHistory  *self,
                                                   GAsyncResult    *result,
                                                   GError         **error);
AtelierJob     *atelier_history_load           (AtelierHistory *self,
                                                const char     *job_id,
                                                GError        **error);
/* The jobs sent together in batch @batch_id, in the order they were made;
 * empty when there is no such batch. */
GPtrArray      *atelier_history_load_batch     (AtelierHistory *self,
                                                const char     *batch_id,
                                                GError        **error);
/* Jobs changed since @since (unix µs), to notice what another process did. */
GPtrArray      *atelier_history_load_changed   (AtelierHistory *self,
                                                gint64          since,
                                                GError        **error);
/* Full-text search over prompts; returns job ids. */
GStrv           atelier_history_search         (AtelierHistory *self,
                                                const char     *query,
                                                GError        **error);

/* The data directory ($XDG_DATA_HOME/atelier) and the library folder where
 * results go (default: $XDG_DATA_HOME/atelier/library). */
char           *atelier_data_dir               (void);
char           *atelier_library_dir            (void);

G_END_DECLS
