/* test-hostile-history.c: the window starts on a history that hostile
 * services (or a damaged disk) left behind
 *
 * The records are written behind the history's back, as a crash, an older
 * version or an answer that slipped through could leave them: JSON nested
 * beyond any parser's stack, text that is no JSON, thousands of outputs,
 * paths that lead out of the library, an unknown service, a megabyte of
 * prompt, and a job to resume whose service no longer knows it. The window
 * must come up with the readable jobs listed, the resumed one failed with a
 * message, and every record still in the file afterwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "atelier-history.h"
#include "atelier-job-list-view.h"
#include "atelier-window.h"
#include "ui-test.h"

#define N_HOSTILE 6

typedef struct
{
  char *dir;
  char *path;
  char *valid_id;
  char *resumed_id;
} Fixture;

static void
exec_sql (sqlite3    *db,
          const char *sql,
          const char *id,
          const char *value)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (value != NULL)
    sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* A copy of the valid record under @id, with @path in its JSON set to @json. */
static void
copy_with (sqlite3    *db,
           const char *valid_id,
           const char *id,
           const char *path,
           const char *json)
{
  g_autofree char *sql =
    g_strdup_printf ("INSERT INTO jobs (id, created, updated, status, provider, prompt, data)"
                     " SELECT ?1, created, updated, status, provider, prompt,"
                     " json_set(data, '$.id', ?1, '%s', json(?2)) FROM jobs WHERE id = '%s'",
                     path, valid_id);

  exec_sql (db, sql, id, json);
}

static void
write_hostile_history (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = atelier_history_open (fixture->path, &error);
  g_autoptr(AtelierJob) valid = NULL;
  g_autoptr(AtelierJob) resumed = NULL;
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(GString) nested = g_string_new (NULL);
  g_autoptr(GString) outputs = g_string_new ("[");
  g_autoptr(GString) prompt = g_string_new ("\"");
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup ("a valid owl"));
  valid = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, params);
  atelier_job_fail (valid, "The service fell over.", TRUE);
  fixture->valid_id = g_strdup (atelier_job_get_id (valid));
  g_assert_true (atelier_history_save (history, valid, &error));

  /* Running at a service that no longer knows it: resuming polls, fails. */
  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup ("a teapot to resume"));
  resumed = atelier_job_new ("image3d", ATELIER_JOB_KIND_MODEL, params);
  atelier_job_set_remote_id (resumed, "no-such-task");
  atelier_job_set_status (resumed, ATELIER_JOB_STATUS_RUNNING);
  fixture->resumed_id = g_strdup (atelier_job_get_id (resumed));
  g_assert_true (atelier_history_save (history, resumed, &error));
  g_clear_object (&history);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (nested, '[');
  for (guint i = 0; i < 200000; i++)
    g_string_append_c (nested, ']');
  exec_sql (db, "INSERT INTO jobs (id, created, updated, status, provider, data)"
                " VALUES (?1, 1, 1, 'done', 'openai', ?2)", "nested", nested->str);
  exec_sql (db, "INSERT INTO jobs (id, created, updated, status, provider, data)"
                " VALUES (?1, 2, 2, 'done', 'openai', ?2)", "garbage", "not json \x01 {\"id\":");

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (outputs, "%s\"/nonexistent/%u.png\"", i > 0 ? "," : "", i);
  g_string_append_c (outputs, ']');
  copy_with (db, fixture->valid_id, "many-outputs", "$.outputs", outputs->str);
  copy_with (db, fixture->valid_id, "evil-paths", "$.outputs",
             "[\"../../../../etc/passwd\", \"/dev/zero\", \"/proc/self/mem\"]");
  copy_with (db, fixture->valid_id, "unknown-service", "$.provider", "\"no-such-service\"");
  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (prompt, 'a' + i % 26);
  g_string_append_c (prompt, '"');
  copy_with (db, fixture->valid_id, "huge-prompt", "$.prompt", prompt->str);

  sqlite3_close (db);
}

static guint
count_records (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  guint n = 0;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM jobs", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static gboolean
is_failed (gpointer data)
{
  return atelier_job_get_status (data) == ATELIER_JOB_STATUS_FAILED;
}

static AtelierJob *
find_job (GListModel *jobs,
          const char *id)
{
  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(AtelierJob) job = g_list_model_get_item (jobs, i);

      if (g_strcmp0 (atelier_job_get_id (job), id) == 0)
        return job;
    }
  return NULL;
}

static void
test_window_starts (Fixture       *fixture,
                    gconstpointer  data)
{
  UiSandbox sandbox = { 0 };
  g_autoptr(GError) error = NULL;
  GListModel *jobs;
  AtelierJob *resumed;
  AtelierWindow *window;
  AtelierJobListView *list;

  write_hostile_history (fixture);
  g_assert_cmpuint (count_records (fixture->path), ==, 2 + N_HOSTILE);

  ui_sandbox_start_with_history (&sandbox, 100, fixture->path);
  /* The history says which records it could not read: the garbage, then
   * the nesting (newest first). */
  g_test_expect_message ("atelier-history", G_LOG_LEVEL_WARNING,
                         "Skipping an unreadable history record*");
  g_test_expect_message ("atelier-history", G_LOG_LEVEL_WARNING,
                         "Skipping an unreadable history record*nested*");
  atelier_engine_load_history (sandbox.engine, TRUE, &error);
  g_assert_no_error (error);
  g_test_assert_expected_messages ();
  window = g_object_ref (atelier_window_new (NULL, sandbox.engine));
  gtk_window_present (GTK_WINDOW (window));

  /* The readable records are listed; what no parser can read is not. */
  jobs = G_LIST_MODEL (atelier_engine_get_jobs (sandbox.engine));
  g_assert_nonnull (find_job (jobs, fixture->valid_id));
  g_assert_nonnull (find_job (jobs, "evil-paths"));
  g_assert_null (find_job (jobs, "nested"));
  g_assert_null (find_job (jobs, "garbage"));
  /* At most 16 results a job, as when it was made. */
  if (find_job (jobs, "many-outputs") != NULL)
    g_assert_cmpuint (g_strv_length ((char **) atelier_job_get_outputs (find_job (jobs, "many-outputs"))),
                      <=, 16);
  list = ATELIER_JOB_LIST_VIEW (ui_find_descendant (GTK_WIDGET (window), ATELIER_TYPE_JOB_LIST_VIEW));
  g_assert_nonnull (list);

  /* The job to resume asks the sandbox, which does not know it. */
  resumed = find_job (jobs, fixture->resumed_id);
  g_assert_nonnull (resumed);
  g_assert_true (ui_wait_for (is_failed, resumed, 30000));
  g_assert_nonnull (atelier_job_get_error_message (resumed));
  g_assert_cmpstr (atelier_job_get_error_message (resumed), !=, "");

  /* Each listed job can be shown, the odd ones included. */
  for (const char * const *id = (const char * const[]) { "evil-paths", "huge-prompt", "many-outputs",
                                                           "unknown-service", NULL };
       *id != NULL; id++)
    if (find_job (jobs, *id) != NULL)
      {
        atelier_window_select_job (window, *id);
        g_assert_true (ui_wait_for ((UiCondition) gtk_widget_get_mapped, window, 5000));
      }

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);
  ui_sandbox_stop (&sandbox);

  /* Nothing was thrown away: a later version may read what this one cannot. */
  g_assert_cmpuint (count_records (fixture->path), ==, 2 + N_HOSTILE);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("atelier-hostile-history-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "history.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ui_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->valid_id);
  g_free (fixture->resumed_id);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int ret;

  if (home == NULL)
    return 0;

  g_test_add ("/ui/hostile-history/window-starts", Fixture, NULL,
              fixture_set_up, test_window_starts, fixture_tear_down);

  ret = g_test_run ();
  ui_remove_tree (home);
  return ret;
}
