/* test-history.c: the SQLite history: round trips, search, two writers,
 * and a damaged file that is kept aside rather than replaced
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "atelier-error.h"
#include "atelier-history.h"

static char *
temp_db (void)
{
  g_autofree char *dir = g_dir_make_tmp ("atelier-history-XXXXXX", NULL);
  return g_build_filename (dir, "history.db", NULL);
}

static AtelierJob *
make_job (const char *prompt)
{
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (params, "prompt", (gpointer) prompt);
  return atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, params);
}

static void
test_history_roundtrip (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = atelier_history_open (path, &error);
  g_autoptr(AtelierJob) a = make_job ("lazy cats in black and gold");
  g_autoptr(AtelierJob) b = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(AtelierJob) loaded = NULL;
  g_auto(GStrv) hits = NULL;

  g_assert_no_error (error);
  g_assert_null (atelier_history_get_recovery_message (history));

  g_assert_true (atelier_history_save (history, a, &error));
  g_usleep (10);
  b = make_job ("a red fox \"quoted\" OR *");
  g_assert_true (atelier_history_save (history, b, &error));
  atelier_job_set_remote_id (a, "remote-1");
  atelier_job_set_status (a, ATELIER_JOB_STATUS_RUNNING);
  g_assert_true (atelier_history_save (history, a, &error));
  g_assert_no_error (error);

  jobs = atelier_history_load_all (history, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 2);
  g_assert_cmpstr (atelier_job_get_id (g_ptr_array_index (jobs, 0)), ==, atelier_job_get_id (b));

  loaded = atelier_history_load (history, atelier_job_get_id (a), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (atelier_job_get_remote_id (loaded), ==, "remote-1");
  g_assert_cmpint (atelier_job_get_status (loaded), ==, ATELIER_JOB_STATUS_RUNNING);

  hits = atelier_history_search (history, "cats gol", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (hits), ==, 1);
  g_assert_cmpstr (hits[0], ==, atelier_job_get_id (a));
  g_clear_pointer (&hits, g_strfreev);

  /* User text is never FTS syntax. */
  hits = atelier_history_search (history, "\"quoted\" OR *", &error);
  g_assert_no_error (error);
  g_clear_pointer (&hits, g_strfreev);

  g_assert_true (atelier_history_delete (history, atelier_job_get_id (b), &error));
  g_clear_pointer (&jobs, g_ptr_array_unref);
  jobs = atelier_history_load_all (history, &error);
  g_assert_cmpuint (jobs->len, ==, 1);
}

static void
test_history_two_writers (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) app = atelier_history_open (path, &error);
  g_autoptr(AtelierHistory) cli = atelier_history_open (path, &error);
  g_autoptr(GPtrArray) changed = NULL;
  gint64 before = g_get_real_time ();

  g_assert_no_error (error);
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(AtelierJob) j1 = make_job ("from the app");
      g_autoptr(AtelierJob) j2 = make_job ("from the cli");
      g_assert_true (atelier_history_save (app, j1, &error));
      g_assert_true (atelier_history_save (cli, j2, &error));
    }

  changed = atelier_history_load_changed (app, before - 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed->len, ==, 100);
}

static void
test_history_corrupt (void)
{
  g_autofree char *path = temp_db ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = NULL;
  g_autoptr(GDir) d = NULL;
  const char *name;
  gboolean kept = FALSE;

  g_assert_true (g_file_set_contents (path, "this is not a database, but it is someone's file "
                                      "and must not vanish.........................................."
                                      "..............................................................",
                                      -1, NULL));

  g_test_expect_message ("atelier-history", G_LOG_LEVEL_WARNING, "*damaged*");
  history = atelier_history_open (path, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_nonnull (atelier_history_get_recovery_message (history));
  g_assert_nonnull (strstr (atelier_history_get_recovery_message (history), "corrupt"));

  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)))
    if (g_str_has_prefix (name, "history.db.corrupt-"))
      {
        g_autofree char *aside = g_build_filename (dir, name, NULL);
        g_autofree char *contents = NULL;
        g_assert_true (g_file_get_contents (aside, &contents, NULL, NULL));
        g_assert_true (g_str_has_prefix (contents, "this is not a database"));
        kept = TRUE;
      }
  g_assert_true (kept);

  /* And the new history works. */
  {
    g_autoptr(AtelierJob) job = make_job ("after recovery");
    g_assert_true (atelier_history_save (history, job, &error));
  }
}

static void
test_history_bad_record (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = atelier_history_open (path, &error);
  g_autoptr(AtelierJob) good = make_job ("good");
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *sql = NULL;
  sqlite3 *db;

  g_assert_true (atelier_history_save (history, good, &error));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO jobs (id, created, updated, status, provider, data)"
                                 " VALUES ('bad', 1, 1, 'done', 'openai', '{not json')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  /* One unreadable record is skipped with a warning; the rest loads. */
  g_test_expect_message ("atelier-history", G_LOG_LEVEL_WARNING, "*unreadable*");
  jobs = atelier_history_load_all (history, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 1);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* Prompts are the person's own: nobody else on the machine reads them. */
static void
test_history_private (void)
{
  g_autofree char *root = g_dir_make_tmp ("atelier-history-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (root, "data", "history.db", NULL);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *old = g_build_filename (root, "old.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = atelier_history_open (path, &error);
  g_autoptr(AtelierHistory) tightened = NULL;
  g_autoptr(AtelierJob) job = make_job ("a secret project");

  g_assert_no_error (error);
  g_assert_true (atelier_history_save (history, job, &error));
  g_assert_cmphex (file_mode (dir), ==, 0700);
  g_assert_cmphex (file_mode (path), ==, 0600);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmphex (file_mode (wal), ==, 0600);

  /* A history made by an older Atelier is tightened when opened. */
  g_assert_true (g_file_set_contents (old, "", 0, NULL));
  g_assert_cmpint (g_chmod (old, 0644), ==, 0);
  tightened = atelier_history_open (old, &error);
  g_assert_no_error (error);
  g_assert_cmphex (file_mode (old), ==, 0600);
}

/* Statements are prepared once and reused: many saves of one job, a batch,
 * searches and deletes in between all see the same rows. */
static void
test_history_reused_statements (void)
{
  g_autofree char *path = temp_db ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = atelier_history_open (path, &error);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(AtelierJob) job = make_job ("a lighthouse at dusk");
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(AtelierJob) loaded = NULL;
  g_auto(GStrv) hits = NULL;
  guint64 before;

  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    {
      atelier_job_set_progress (job, i / 4.0);
      g_assert_true (atelier_history_save (history, job, &error));
      hits = atelier_history_search (history, "lighthouse", &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_strv_length (hits), ==, 1);
      g_clear_pointer (&hits, g_strfreev);
    }
  loaded = atelier_history_load (history, atelier_job_get_id (job), &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (atelier_job_get_progress (loaded), ==, 1.0);

  /* One transaction for many: each record counts as a save. */
  before = atelier_history_get_save_count (history);
  g_ptr_array_add (batch, g_object_ref (job));
  g_ptr_array_add (batch, make_job ("a lighthouse in fog"));
  g_ptr_array_add (batch, make_job ("a harbour"));
  g_assert_true (atelier_history_save_all (history, batch, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (atelier_history_get_save_count (history) - before, ==, 3);
  g_assert_cmpint (atelier_history_get_save_time (history), >, 0);

  jobs = atelier_history_load_all (history, &error);
  g_assert_cmpuint (jobs->len, ==, 3);
  hits = atelier_history_search (history, "lighthouse", &error);
  g_assert_cmpuint (g_strv_length (hits), ==, 2);
  g_clear_pointer (&hits, g_strfreev);

  g_assert_true (atelier_history_delete (history, atelier_job_get_id (job), &error));
  hits = atelier_history_search (history, "lighthouse", &error);
  g_assert_cmpuint (g_strv_length (hits), ==, 1);
}

/* The checkpoint that syncs the disk runs beside the writes, not inside
 * one of them, and loses nothing. */
static void
test_history_checkpoint (void)
{
  g_autofree char *path = temp_db ();
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = atelier_history_open (path, &error);
  g_autoptr(AtelierJob) job = make_job ("one job saved many times");
  g_autoptr(GPtrArray) jobs = NULL;
  GStatBuf st;
  guint i;

  g_assert_no_error (error);
  for (i = 0; i < 20000 && atelier_history_get_checkpoint_count (history) == 0; i++)
    {
      atelier_job_set_progress (job, (i % 100) / 100.0);
      g_assert_true (atelier_history_save (history, job, &error));
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpuint (atelier_history_get_checkpoint_count (history), >=, 1);

  /* And it keeps happening: the log does not grow for the life of the app. */
  for (guint j = 0; j < 20000 && atelier_history_get_checkpoint_count (history) < 2; j++)
    {
      g_assert_true (atelier_history_save (history, job, &error));
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpuint (atelier_history_get_checkpoint_count (history), >=, 2);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_test_message ("%u saves before the first checkpoint; WAL now %lld KB",
                  i, (long long) st.st_size / 1024);

  jobs = atelier_history_load_all (history, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/history/roundtrip", test_history_roundtrip);
  g_test_add_func ("/core/history/two-writers", test_history_two_writers);
  g_test_add_func ("/core/history/corrupt", test_history_corrupt);
  g_test_add_func ("/core/history/bad-record", test_history_bad_record);
  g_test_add_func ("/core/history/private", test_history_private);
  g_test_add_func ("/core/history/reused-statements", test_history_reused_statements);
  g_test_add_func ("/core/history/checkpoint", test_history_checkpoint);

  return g_test_run ();
}
