/* atelier-history-writer.h: when the engine's job changes reach the history
 *
 * Three speeds. Now: the moments a crash must not lose (a submission about
 * to leave, the service's answer, a job that ended). Soon: at the end of the
 * main-loop turn, so everything that changed together is one write (a star,
 * a job failed at start-up). Later: within a few seconds (progress, steps
 * that resuming recomputes anyway). Whatever waits goes out in one
 * transaction, and all of it when the writer is flushed or finalized.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-history.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_HISTORY_WRITER (atelier_history_writer_get_type ())
G_DECLARE_FINAL_TYPE (AtelierHistoryWriter, atelier_history_writer, ATELIER, HISTORY_WRITER, GObject)

AtelierHistoryWriter *atelier_history_writer_new          (AtelierHistory       *history);
AtelierHistory       *atelier_history_writer_get_history  (AtelierHistoryWriter *self);
/* How long "later" may wait, default 3000 ms. */
void                  atelier_history_writer_set_interval (AtelierHistoryWriter *self,
                                                           guint                 interval_ms);
/* Writes @job at once (with nothing else); FALSE and a warning when the
 * history refused it. */
gboolean              atelier_history_writer_save_now     (AtelierHistoryWriter *self,
                                                           AtelierJob           *job);
void                  atelier_history_writer_save_soon    (AtelierHistoryWriter *self,
                                                           AtelierJob           *job);
void                  atelier_history_writer_save_later   (AtelierHistoryWriter *self,
                                                           AtelierJob           *job);
/* Writes @job now if a change of it is waiting. */
void                  atelier_history_writer_flush_job    (AtelierHistoryWriter *self,
                                                           AtelierJob           *job);
/* Writes everything that is waiting. */
void                  atelier_history_writer_flush        (AtelierHistoryWriter *self);
/* Drops what waits for @job (it is being deleted). */
void                  atelier_history_writer_forget       (AtelierHistoryWriter *self,
                                                           AtelierJob           *job);

G_END_DECLS
