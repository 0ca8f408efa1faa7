/* test-history-paging.c: a long history read in pages: every job exactly
 * once and in order (ties in creation time included), in a worker thread
 * too, and the engine listing all of it, resuming what was unfinished on
 * the last page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "atelier-engine.h"

typedef struct
{
  char           *dir;
  AtelierHistory *history;
  GPtrArray      *saved;  /* newest first, as the history pages them */
} Fixture;

/* A job made @created µs after the epoch, whatever the clock says, so
 * that several share a creation time. */
static AtelierJob *
job_created_at (const char *prompt,
                gint64      created)
{
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  AtelierJob *copy;

  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup (prompt));
  job = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, params);
  atelier_job_set_status (job, ATELIER_JOB_STATUS_DONE);
  node = atelier_job_to_json (job);
  json_object_set_int_member (json_node_get_object (node), "created", created);
  copy = atelier_job_new_from_json (node, &error);
  g_assert_no_error (error);
  return copy;
}

static int
newest_first (gconstpointer a,
              gconstpointer b)
{
  AtelierJob *x = *(AtelierJob **) a, *y = *(AtelierJob **) b;
  gint64 cx = atelier_job_get_created (x), cy = atelier_job_get_created (y);

  if (cx != cy)
    return cx > cy ? -1 : 1;
  return -g_strcmp0 (atelier_job_get_id (x), atelier_job_get_id (y));
}

/* @n jobs, three to a creation time; the oldest has a prompt of its own. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  guint n = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;

  f->dir = g_dir_make_tmp ("atelier-paging-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "history.db", NULL);
  f->history = atelier_history_open (db, &error);
  g_assert_no_error (error);

  f->saved = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *prompt = i == 0 ? g_strdup ("the very first aardvark")
                                       : g_strdup_printf ("job %u: lazy cats", i);

      g_ptr_array_add (f->saved, job_created_at (prompt, 1000000 + i / 3));
    }
  g_assert_true (atelier_history_save_all (f->history, f->saved, &error));
  g_assert_no_error (error);
  g_ptr_array_sort (f->saved, newest_first);

  /* Written long ago, as a history is: not what another process just
   * changed. */
  {
    sqlite3 *sql = NULL;

    g_assert_cmpint (sqlite3_open (db, &sql), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (sql, "UPDATE jobs SET updated = 1000000", NULL, NULL, NULL),
                     ==, SQLITE_OK);
    sqlite3_close (sql);
  }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *db = g_build_filename (f->dir, "history.db", NULL);

  g_clear_object (&f->history);
  g_clear_pointer (&f->saved, g_ptr_array_unref);
  for (const char * const *sfx = (const char * const[]) { "", "-wal", "-shm", NULL }; *sfx; sfx++)
    {
      g_autofree char *file = g_strconcat (db, *sfx, NULL);
      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
assert_same_order (GPtrArray *expected,
                   guint      first,
                   GPtrArray *jobs)
{
  for (guint i = 0; i < jobs->len; i++)
    g_assert_cmpstr (atelier_job_get_id (g_ptr_array_index (jobs, i)), ==,
                     atelier_job_get_id (g_ptr_array_index (expected, first + i)));
}

static void
test_pages (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = atelier_history_load_newest (f->history, 7, &error);
  guint seen;

  g_assert_no_error (error);
  g_assert_cmpuint (page->len, ==, 7);
  assert_same_order (f->saved, 0, page);
  seen = page->len;

  /* Pages of 7 over jobs made three to a microsecond: boundaries fall
   * inside a tie, and no job is skipped or listed twice. */
  while (seen < f->saved->len)
    {
      AtelierJob *last = g_ptr_array_index (page, page->len - 1);
      GPtrArray *next = atelier_history_load_older (f->history, atelier_job_get_created (last),
                                                    atelier_job_get_id (last), 7, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (next->len, >, 0);
      assert_same_order (f->saved, seen, next);
      seen += next->len;
      g_ptr_array_unref (page);
      page = next;
    }
  g_assert_cmpuint (seen, ==, f->saved->len);
}

static void
got_result (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
test_rest_in_thread (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = atelier_history_load_newest (f->history, 10, &error);
  g_autoptr(GPtrArray) rest = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  AtelierJob *last;

  g_assert_no_error (error);
  last = g_ptr_array_index (page, page->len - 1);
  atelier_history_load_older_async (f->history, atelier_job_get_created (last),
                                    atelier_job_get_id (last), 0, NULL, got_result, &result);
  rest = atelier_history_load_older_finish (f->history, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->len + rest->len, ==, f->saved->len);
  assert_same_order (f->saved, page->len, rest);
}

static AtelierJob *
find_prompt (GPtrArray  *jobs,
             const char *prompt)
{
  for (guint i = 0; i < jobs->len; i++)
    if (g_strcmp0 (atelier_job_get_prompt (g_ptr_array_index (jobs, i)), prompt) == 0)
      return g_ptr_array_index (jobs, i);
  g_assert_not_reached ();
}

static void
count (guint *counter)
{
  (*counter)++;
}

static void
test_engine_lists_all (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(AtelierHttp) http = atelier_http_new ();
  g_autoptr(AtelierEngine) engine = atelier_engine_new (http, f->history);
  AtelierJobList *jobs = atelier_engine_get_jobs (engine);
  AtelierJob *oldest = find_prompt (f->saved, "the very first aardvark");
  AtelierJob *changed = g_ptr_array_index (f->saved, f->saved->len / 2);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) hits = NULL;
  guint n_items_changed = 0;
  guint resumed;

  /* The oldest job was being submitted when the app closed: it waits on
   * the last page, and resuming must still see it. */
  atelier_job_set_status (oldest, ATELIER_JOB_STATUS_SUBMITTING);
  g_assert_true (atelier_history_save (f->history, oldest, &error));

  g_assert_true (atelier_engine_load_history_first (engine, 20, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_job_list_get_n_jobs (jobs), ==, 20);
  g_assert_true (atelier_job_list_get_loading (jobs));

  /* Another process changed an old job meanwhile: it shows before its page
   * comes, and its page does not list it twice. */
  atelier_job_set_starred (changed, TRUE);
  g_assert_true (atelier_history_save (f->history, changed, &error));
  g_assert_cmpuint (atelier_engine_refresh_from_history (engine), ==, 2);
  g_assert_cmpuint (atelier_job_list_get_n_jobs (jobs), ==, 22);

  g_signal_connect_swapped (jobs, "items-changed", G_CALLBACK (count), &n_items_changed);
  atelier_engine_load_history_rest_async (engine, TRUE, NULL, got_result, &result);
  resumed = atelier_engine_load_history_rest_finish (engine, wait_result (&result), &error);
  g_assert_no_error (error);

  g_assert_false (atelier_job_list_get_loading (jobs));
  g_assert_cmpuint (atelier_job_list_get_n_jobs (jobs), ==, f->saved->len);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (jobs)), ==, f->saved->len);
  /* In pages, not a signal per job. */
  g_assert_cmpuint (n_items_changed, <, f->saved->len / 10);
  /* Newest first; jobs listed early may come first among their ties. */
  for (guint i = 0; i < f->saved->len; i++)
    {
      g_assert_nonnull (atelier_job_list_lookup (jobs, atelier_job_get_id (g_ptr_array_index (f->saved, i))));
      g_assert_cmpint (atelier_job_get_created (atelier_job_list_get_job (jobs, i)), ==,
                       atelier_job_get_created (g_ptr_array_index (f->saved, i)));
    }
  g_assert_true (atelier_job_get_starred (atelier_job_list_lookup (jobs, atelier_job_get_id (changed))));

  /* Nothing to poll or download: the person decides, as on a full load. */
  g_assert_cmpuint (resumed, ==, 0);
  g_assert_cmpint (atelier_job_get_status (atelier_job_list_lookup (jobs, atelier_job_get_id (oldest))),
                   ==, ATELIER_JOB_STATUS_FAILED);

  hits = atelier_history_search (f->history, "aardvark", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (hits), ==, 1);
  g_assert_cmpstr (hits[0], ==, atelier_job_get_id (oldest));
}

static void
test_engine_short_history (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(AtelierHttp) http = atelier_http_new ();
  g_autoptr(AtelierEngine) engine = atelier_engine_new (http, f->history);
  AtelierJobList *jobs = atelier_engine_get_jobs (engine);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* A first page longer than the history is all of it. */
  g_assert_true (atelier_engine_load_history_first (engine, 100, &error));
  g_assert_cmpuint (atelier_job_list_get_n_jobs (jobs), ==, f->saved->len);
  g_assert_false (atelier_job_list_get_loading (jobs));

  atelier_engine_load_history_rest_async (engine, TRUE, NULL, got_result, &result);
  g_assert_cmpuint (atelier_engine_load_history_rest_finish (engine, wait_result (&result), &error),
                    ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_job_list_get_n_jobs (jobs), ==, f->saved->len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/core/history-paging/pages", Fixture, GUINT_TO_POINTER (100),
              fixture_set_up, test_pages, fixture_tear_down);
  g_test_add ("/core/history-paging/rest-in-thread", Fixture, GUINT_TO_POINTER (100),
              fixture_set_up, test_rest_in_thread, fixture_tear_down);
  g_test_add ("/core/history-paging/engine-lists-all", Fixture, GUINT_TO_POINTER (1000),
              fixture_set_up, test_engine_lists_all, fixture_tear_down);
  g_test_add ("/core/history-paging/engine-short-history", Fixture, GUINT_TO_POINTER (30),
              fixture_set_up, test_engine_short_history, fixture_tear_down);

  return g_test_run ();
}
