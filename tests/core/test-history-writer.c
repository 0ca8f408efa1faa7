/* test-history-writer.c: the three speeds of history writes: now, at the
 * end of the main-loop turn, within the interval; and nothing waiting is
 * lost or written stale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "atelier-history-writer.h"

#define INTERVAL_MS 50

typedef struct
{
  char                 *dir;
  AtelierHistory       *history;
  AtelierHistoryWriter *writer;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("atelier-history-writer-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "history.db", NULL);
  f->history = atelier_history_open (path, &error);
  g_assert_no_error (error);
  f->writer = atelier_history_writer_new (f->history);
  atelier_history_writer_set_interval (f->writer, INTERVAL_MS);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->writer);
  g_clear_object (&f->history);
  g_free (f->dir);
}

static AtelierJob *
make_job (const char *prompt)
{
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (params, "prompt", (gpointer) prompt);
  return atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, params);
}

static guint64
saves (Fixture *f)
{
  return atelier_history_get_save_count (f->history);
}

static gboolean
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the loop for a few intervals: whatever was due has been written. */
static void
run_past_interval (void)
{
  gboolean done = FALSE;

  g_timeout_add (INTERVAL_MS * 4, set_flag, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static AtelierJob *
stored (Fixture    *f,
        AtelierJob *job)
{
  g_autoptr(GError) error = NULL;
  AtelierJob *loaded = atelier_history_load (f->history, atelier_job_get_id (job), &error);

  g_assert_no_error (error);
  return loaded;
}

static void
test_later_coalesces (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AtelierJob) job = make_job ("progress");
  g_autoptr(AtelierJob) loaded = NULL;

  for (guint i = 1; i <= 20; i++)
    {
      atelier_job_set_progress (job, i / 20.0);
      atelier_history_writer_save_later (f->writer, job);
    }
  g_assert_cmpuint (saves (f), ==, 0);

  run_past_interval ();
  g_assert_cmpuint (saves (f), ==, 1);
  loaded = stored (f, job);
  g_assert_cmpfloat (atelier_job_get_progress (loaded), ==, 1.0);
}

static void
test_soon_is_one_turn (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AtelierJob) a = make_job ("a");
  g_autoptr(AtelierJob) b = make_job ("b");

  for (guint i = 0; i < 3; i++)
    {
      atelier_job_set_starred (a, i % 2 == 0);
      atelier_history_writer_save_soon (f->writer, a);
      atelier_history_writer_save_soon (f->writer, b);
    }
  g_assert_cmpuint (saves (f), ==, 0);

  while (saves (f) == 0)
    g_main_context_iteration (NULL, TRUE);
  /* Both jobs, once each, in the same write. */
  g_assert_cmpuint (saves (f), ==, 2);
  run_past_interval ();
  g_assert_cmpuint (saves (f), ==, 2);
  {
    g_autoptr(AtelierJob) loaded = stored (f, a);
    g_assert_true (atelier_job_get_starred (loaded));
  }
}

/* A write now takes what was waiting with it: no stale write follows. */
static void
test_now_takes_waiting (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AtelierJob) job = make_job ("milestone");

  atelier_job_set_progress (job, 0.5);
  atelier_history_writer_save_later (f->writer, job);
  atelier_job_set_remote_id (job, "remote-1");
  g_assert_true (atelier_history_writer_save_now (f->writer, job));
  g_assert_cmpuint (saves (f), ==, 1);

  run_past_interval ();
  g_assert_cmpuint (saves (f), ==, 1);
  {
    g_autoptr(AtelierJob) loaded = stored (f, job);
    g_assert_cmpstr (atelier_job_get_remote_id (loaded), ==, "remote-1");
  }
}

static void
test_flush_job (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(AtelierJob) waiting = make_job ("waiting");
  g_autoptr(AtelierJob) clean = make_job ("clean");

  atelier_history_writer_flush_job (f->writer, clean);
  g_assert_cmpuint (saves (f), ==, 0);

  atelier_history_writer_save_later (f->writer, waiting);
  atelier_history_writer_flush_job (f->writer, waiting);
  g_assert_cmpuint (saves (f), ==, 1);
  atelier_history_writer_flush_job (f->writer, waiting);
  g_assert_cmpuint (saves (f), ==, 1);
}

static void
test_forget (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(AtelierJob) job = make_job ("deleted");

  atelier_history_writer_save_later (f->writer, job);
  atelier_history_writer_save_soon (f->writer, job);
  atelier_history_writer_forget (f->writer, job);
  run_past_interval ();
  g_assert_cmpuint (saves (f), ==, 0);
}

/* Closing the app (or the CLI returning) writes what was waiting. */
static void
test_dispose_flushes (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(AtelierJob) a = make_job ("a");
  g_autoptr(AtelierJob) b = make_job ("b");

  atelier_history_writer_save_later (f->writer, a);
  atelier_history_writer_save_soon (f->writer, b);
  g_clear_object (&f->writer);
  g_assert_cmpuint (saves (f), ==, 2);
  g_object_unref (stored (f, a));
  g_object_unref (stored (f, b));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/history-writer/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("later-coalesces", test_later_coalesces);
  ADD ("soon-is-one-turn", test_soon_is_one_turn);
  ADD ("now-takes-waiting", test_now_takes_waiting);
  ADD ("flush-job", test_flush_job);
  ADD ("forget", test_forget);
  ADD ("dispose-flushes", test_dispose_flushes);
#undef ADD

  return g_test_run ();
}
