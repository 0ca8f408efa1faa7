/* atelier-history-writer.c: coalesced history writes
 *
 * A job used to be written on every property it changed: eleven times for
 * one OpenAI image, more for a 3D model, each a synchronous statement on
 * the main loop. What a crash must not lose is much less than that; see the
 * header for which speed is used when.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-history"

#include "config.h"

#include "atelier-history-writer.h"

#define DEFAULT_INTERVAL_MS 3000

struct _AtelierHistoryWriter
{
  GObject         parent_instance;

  AtelierHistory *history;
  GHashTable     *waiting;       /* AtelierJob* (owned) */
  guint           soon_source;
  guint           later_source;
  guint           interval_ms;
};

G_DEFINE_FINAL_TYPE (AtelierHistoryWriter, atelier_history_writer, G_TYPE_OBJECT)

static void
atelier_history_writer_dispose (GObject *object)
{
  AtelierHistoryWriter *self = (AtelierHistoryWriter *)object;

  if (self->history != NULL)
    atelier_history_writer_flush (self);
  g_clear_handle_id (&self->soon_source, g_source_remove);
  g_clear_handle_id (&self->later_source, g_source_remove);
  g_clear_object (&self->history);

  G_OBJECT_CLASS (atelier_history_writer_parent_class)->dispose (object);
}

static void
atelier_history_writer_finalize (GObject *object)
{
  AtelierHistoryWriter *self = (AtelierHistoryWriter *)object;

  g_clear_pointer (&self->waiting, g_hash_table_unref);

  G_OBJECT_CLASS (atelier_history_writer_parent_class)->finalize (object);
}

static void
atelier_history_writer_class_init (AtelierHistoryWriterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = atelier_history_writer_dispose;
  object_class->finalize = atelier_history_writer_finalize;
}

static void
atelier_history_writer_init (AtelierHistoryWriter *self)
{
  self->waiting = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->interval_ms = DEFAULT_INTERVAL_MS;
}

AtelierHistoryWriter *
atelier_history_writer_new (AtelierHistory *history)
{
  AtelierHistoryWriter *self;

  g_return_val_if_fail (ATELIER_IS_HISTORY (history), NULL);

  self = g_object_new (ATELIER_TYPE_HISTORY_WRITER, NULL);
  self->history = g_object_ref (history);
  return self;
}

AtelierHistory *
atelier_history_writer_get_history (AtelierHistoryWriter *self)
{
  g_return_val_if_fail (ATELIER_IS_HISTORY_WRITER (self), NULL);
  return self->history;
}

void
atelier_history_writer_set_interval (AtelierHistoryWriter *self,
                                     guint                 interval_ms)
{
  g_return_if_fail (ATELIER_IS_HISTORY_WRITER (self));
  self->interval_ms = MAX (interval_ms, 1);
}

gboolean
atelier_history_writer_save_now (AtelierHistoryWriter *self,
                                 AtelierJob           *job)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (ATELIER_IS_HISTORY_WRITER (self), FALSE);
  g_return_val_if_fail (ATELIER_IS_JOB (job), FALSE);

  if (self->history == NULL)
    return FALSE;
  g_hash_table_remove (self->waiting, job);
  if (!atelier_history_save (self->history, job, &error))
    {
      g_warning ("%s", error->message);
      return FALSE;
    }
  return TRUE;
}

void
atelier_history_writer_flush (AtelierHistoryWriter *self)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer job;

  g_return_if_fail (ATELIER_IS_HISTORY_WRITER (self));

  g_clear_handle_id (&self->soon_source, g_source_remove);
  g_clear_handle_id (&self->later_source, g_source_remove);
  if (self->history == NULL || g_hash_table_size (self->waiting) == 0)
    return;

  jobs = g_ptr_array_new_full (g_hash_table_size (self->waiting), g_object_unref);
  g_hash_table_iter_init (&iter, self->waiting);
  while (g_hash_table_iter_next (&iter, &job, NULL))
    {
      g_ptr_array_add (jobs, job);
      g_hash_table_iter_steal (&iter);
    }
  if (!atelier_history_save_all (self->history, jobs, &error))
    g_warning ("%s", error->message);
}

static gboolean
soon_cb (gpointer data)
{
  AtelierHistoryWriter *self = data;

  self->soon_source = 0;
  atelier_history_writer_flush (self);
  return G_SOURCE_REMOVE;
}

static gboolean
later_cb (gpointer data)
{
  AtelierHistoryWriter *self = data;

  self->later_source = 0;
  atelier_history_writer_flush (self);
  return G_SOURCE_REMOVE;
}

static void
wait_for (AtelierHistoryWriter *self,
          AtelierJob           *job)
{
  if (!g_hash_table_contains (self->waiting, job))
    g_hash_table_add (self->waiting, g_object_ref (job));
}

void
atelier_history_writer_save_soon (AtelierHistoryWriter *self,
                                  AtelierJob           *job)
{
  g_return_if_fail (ATELIER_IS_HISTORY_WRITER (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  wait_for (self, job);
  /* Not an idle priority: 200 busy jobs would starve it. */
  if (self->soon_source == 0)
    self->soon_source = g_idle_add_full (G_PRIORITY_DEFAULT, soon_cb, self, NULL);
}

void
atelier_history_writer_save_later (AtelierHistoryWriter *self,
                                   AtelierJob           *job)
{
  g_return_if_fail (ATELIER_IS_HISTORY_WRITER (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  wait_for (self, job);
  if (self->later_source == 0)
    self->later_source = g_timeout_add (self->interval_ms, later_cb, self);
}

void
atelier_history_writer_flush_job (AtelierHistoryWriter *self,
                                  AtelierJob           *job)
{
  g_return_if_fail (ATELIER_IS_HISTORY_WRITER (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  if (g_hash_table_contains (self->waiting, job))
    atelier_history_writer_save_now (self, job);
}

void
atelier_history_writer_forget (AtelierHistoryWriter *self,
                               AtelierJob           *job)
{
  g_return_if_fail (ATELIER_IS_HISTORY_WRITER (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  g_hash_table_remove (self->waiting, job);
}
