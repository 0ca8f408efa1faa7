/* test-history-migrate.c: a job's parent link and batch, in its JSON and
 * in the history, and histories written before either existed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "atelier-history.h"

/* The schema of version 1, as Atelier wrote it before jobs had parents. */
static const char v1_schema[] =
  "CREATE TABLE jobs ("
  "  id TEXT PRIMARY KEY,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL,"
  "  status TEXT NOT NULL,"
  "  provider TEXT NOT NULL,"
  "  prompt TEXT NOT NULL DEFAULT '',"
  "  data TEXT NOT NULL);"
  "CREATE INDEX jobs_created ON jobs (created DESC);"
  "CREATE INDEX jobs_updated ON jobs (updated);"
  "CREATE VIRTUAL TABLE jobs_fts USING fts5 (prompt, content='jobs', content_rowid='rowid');"
  "CREATE TRIGGER jobs_ai AFTER INSERT ON jobs BEGIN"
  "  INSERT INTO jobs_fts (rowid, prompt) VALUES (new.rowid, new.prompt); END;"
  "CREATE TRIGGER jobs_ad AFTER DELETE ON jobs BEGIN"
  "  INSERT INTO jobs_fts (jobs_fts, rowid, prompt) VALUES ('delete', old.rowid, old.prompt); END;"
  "CREATE TRIGGER jobs_au AFTER UPDATE OF prompt ON jobs BEGIN"
  "  INSERT INTO jobs_fts (jobs_fts, rowid, prompt) VALUES ('delete', old.rowid, old.prompt);"
  "  INSERT INTO jobs_fts (rowid, prompt) VALUES (new.rowid, new.prompt); END;"
  "INSERT INTO jobs (id, created, updated, status, provider, prompt, data) VALUES"
  "  ('old-1', 10, 10, 'done', 'image3d', 'an old teapot',"
  "   '{\"id\":\"old-1\",\"provider\":\"image3d\",\"kind\":\"model\",\"status\":\"done\","
  "     \"created\":10,\"updated\":10,\"outputs\":[\"/tmp/teapot.glb\"],"
  "     \"params\":{\"prompt\":\"an old teapot\"}}');"
  "PRAGMA user_version=1;";

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("atelier-history-migrate-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "history.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  for (const char * const *sfx = (const char * const[]) { "", "-wal", "-shm", NULL }; *sfx; sfx++)
    {
      g_autofree char *file = g_strconcat (fixture->path, *sfx, NULL);
      g_unlink (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
write_v1 (Fixture    *fixture,
          const char *extra_sql)
{
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, v1_schema, NULL, NULL, NULL), ==, SQLITE_OK);
  if (extra_sql != NULL)
    g_assert_cmpint (sqlite3_exec (db, extra_sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* One value of the first row of @sql, as text (NULL for SQL NULL). */
static char *
query_text (Fixture    *fixture,
            const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

/* The plan SQLite makes for @sql, its steps one a line. */
static char *
query_plan (Fixture    *fixture,
            const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  GString *plan = g_string_new (NULL);
  sqlite3 *db;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, explain, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (plan, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (plan, FALSE);
}

static AtelierJob *
make_export (const char *parent_id)
{
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  AtelierJob *job;

  g_hash_table_insert (params, "prompt", "an old teapot");
  g_hash_table_insert (params, "faces", "1200");
  job = atelier_job_new (ATELIER_JOB_PROVIDER_EXPORT, ATELIER_JOB_KIND_MODEL, params);
  atelier_job_set_parent_id (job, parent_id);
  atelier_job_add_output (job, "/tmp/teapot-small.glb");
  atelier_job_set_status (job, ATELIER_JOB_STATUS_DONE);
  return job;
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_job_json (void)
{
  g_autoptr(AtelierJob) job = make_export ("old-1");
  g_autoptr(AtelierJob) plain = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, NULL);
  g_autoptr(AtelierJob) copy = NULL;
  g_autoptr(AtelierJob) plain_copy = NULL;
  g_autoptr(JsonNode) node = atelier_job_to_json (job);
  g_autoptr(JsonNode) plain_node = atelier_job_to_json (plain);
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = NULL;
  guint notifies = 0;

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "parent_id"), ==, "old-1");
  /* A job without a parent writes nothing for it, as older versions did. */
  g_assert_false (json_object_has_member (json_node_get_object (plain_node), "parent_id"));

  copy = atelier_job_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (atelier_job_get_parent_id (copy), ==, "old-1");
  g_object_get (copy, "parent-id", &parent, NULL);
  g_assert_cmpstr (parent, ==, "old-1");
  plain_copy = atelier_job_new_from_json (plain_node, &error);
  g_assert_no_error (error);
  g_assert_null (atelier_job_get_parent_id (plain_copy));

  /* Notified on change only. */
  g_signal_connect (plain_copy, "notify::parent-id", G_CALLBACK (count_notify), &notifies);
  atelier_job_set_parent_id (plain_copy, "p");
  atelier_job_set_parent_id (plain_copy, "p");
  g_assert_cmpuint (notifies, ==, 1);
}

static void
test_migrate_v1 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = NULL;
  g_autoptr(AtelierHistory) again = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(AtelierJob) child = make_export ("old-1");
  g_autoptr(AtelierJob) loaded = NULL;
  g_auto(GStrv) hits = NULL;
  g_autofree char *version = NULL;
  g_autofree char *old_parent = NULL;
  g_autofree char *new_parent = NULL;
  g_autofree char *sql = NULL;

  write_v1 (fixture, NULL);

  history = atelier_history_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_null (atelier_history_get_recovery_message (history));
  version = query_text (fixture, "PRAGMA user_version;");
  g_assert_cmpstr (version, ==, "3");

  /* The old job loads, has no parent, and is still found by its prompt. */
  jobs = atelier_history_load_all (history, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 1);
  g_assert_cmpstr (atelier_job_get_id (g_ptr_array_index (jobs, 0)), ==, "old-1");
  g_assert_null (atelier_job_get_parent_id (g_ptr_array_index (jobs, 0)));
  old_parent = query_text (fixture, "SELECT parent FROM jobs WHERE id = 'old-1';");
  g_assert_null (old_parent);
  hits = atelier_history_search (history, "teapot", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (hits), ==, 1);

  /* A child keeps its parent in the column and in its record. */
  g_assert_true (atelier_history_save (history, child, &error));
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT parent FROM jobs WHERE id = '%s';", atelier_job_get_id (child));
  new_parent = query_text (fixture, sql);
  g_assert_cmpstr (new_parent, ==, "old-1");
  loaded = atelier_history_load (history, atelier_job_get_id (child), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (atelier_job_get_parent_id (loaded), ==, "old-1");
  g_assert_cmpstr (atelier_job_get_provider (loaded), ==, ATELIER_JOB_PROVIDER_EXPORT);

  /* Opening the migrated file again changes nothing. */
  again = atelier_history_open (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&jobs, g_ptr_array_unref);
  jobs = atelier_history_load_all (again, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 2);
}

/* Two processes upgrading at once: the other one added the column first. */
static void
test_migrate_raced (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *version = NULL;

  write_v1 (fixture, "ALTER TABLE jobs ADD COLUMN parent TEXT;");

  history = atelier_history_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (history);
  version = query_text (fixture, "PRAGMA user_version;");
  g_assert_cmpstr (version, ==, "3");
  jobs = atelier_history_load_all (history, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 1);
}

/* Version 2 as Atelier wrote it before batches: a job and its export. */
static const char v2_jobs[] =
  "ALTER TABLE jobs ADD COLUMN parent TEXT;"
  "INSERT INTO jobs (id, created, updated, status, provider, prompt, data, parent) VALUES"
  "  ('old-2', 20, 20, 'done', 'export', 'an old teapot',"
  "   '{\"id\":\"old-2\",\"provider\":\"export\",\"kind\":\"model\",\"status\":\"done\","
  "     \"created\":20,\"updated\":20,\"parent_id\":\"old-1\","
  "     \"outputs\":[\"/tmp/teapot-small.glb\"],\"params\":{\"prompt\":\"an old teapot\"}}',"
  "   'old-1');"
  "PRAGMA user_version=2;";

static AtelierJob *
make_batch_job (const char *provider,
                const char *batch_id)
{
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);
  AtelierJob *job;

  g_hash_table_insert (params, "prompt", "a lighthouse");
  job = atelier_job_new (provider, ATELIER_JOB_KIND_IMAGE, params);
  atelier_job_set_batch_id (job, batch_id);
  return job;
}

static void
test_job_batch_json (void)
{
  g_autoptr(AtelierJob) job = make_batch_job ("openai", "b-1");
  g_autoptr(AtelierJob) plain = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, NULL);
  g_autoptr(JsonNode) node = atelier_job_to_json (job);
  g_autoptr(JsonNode) plain_node = atelier_job_to_json (plain);
  g_autoptr(AtelierJob) copy = NULL;
  g_autoptr(AtelierJob) plain_copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;
  guint notifies = 0;

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "batch_id"), ==, "b-1");
  g_assert_false (json_object_has_member (json_node_get_object (plain_node), "batch_id"));

  copy = atelier_job_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (atelier_job_get_batch_id (copy), ==, "b-1");
  g_object_get (copy, "batch-id", &batch, NULL);
  g_assert_cmpstr (batch, ==, "b-1");
  plain_copy = atelier_job_new_from_json (plain_node, &error);
  g_assert_no_error (error);
  g_assert_null (atelier_job_get_batch_id (plain_copy));

  /* Notified on change only, and copied by update_from. */
  g_signal_connect (plain_copy, "notify::batch-id", G_CALLBACK (count_notify), &notifies);
  atelier_job_set_batch_id (plain_copy, "b-2");
  atelier_job_set_batch_id (plain_copy, "b-2");
  g_assert_cmpuint (notifies, ==, 1);
  json_object_remove_member (json_node_get_object (node), "batch_id");
  g_clear_object (&plain_copy);
  plain_copy = atelier_job_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_null (atelier_job_get_batch_id (plain_copy));
  atelier_job_update_from (plain_copy, copy);
  g_assert_cmpstr (atelier_job_get_batch_id (plain_copy), ==, "b-1");
}

static void
test_migrate_v2 (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = NULL;
  g_autoptr(AtelierHistory) again = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(AtelierJob) first = make_batch_job ("openai", "batch-a");
  g_autoptr(AtelierJob) second = make_batch_job ("core3d", "batch-a");
  g_autoptr(AtelierJob) other = make_batch_job ("styledna", "batch-b");
  g_autofree char *version = NULL;
  g_autofree char *old_batch = NULL;
  g_autofree char *new_batch = NULL;
  g_autofree char *old_parent = NULL;
  g_autofree char *index = NULL;
  g_autofree char *plan = NULL;
  g_autofree char *sql = NULL;
  g_auto(GStrv) hits = NULL;

  write_v1 (fixture, v2_jobs);

  history = atelier_history_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_null (atelier_history_get_recovery_message (history));
  version = query_text (fixture, "PRAGMA user_version;");
  g_assert_cmpstr (version, ==, "3");

  /* Both older jobs load as they were, in no batch, the parent link kept. */
  jobs = atelier_history_load_all (history, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 2);
  g_assert_cmpstr (atelier_job_get_id (g_ptr_array_index (jobs, 0)), ==, "old-2");
  g_assert_cmpstr (atelier_job_get_parent_id (g_ptr_array_index (jobs, 0)), ==, "old-1");
  g_assert_cmpstr (atelier_job_get_id (g_ptr_array_index (jobs, 1)), ==, "old-1");
  for (guint i = 0; i < jobs->len; i++)
    g_assert_null (atelier_job_get_batch_id (g_ptr_array_index (jobs, i)));
  old_batch = query_text (fixture, "SELECT batch FROM jobs WHERE id = 'old-2';");
  g_assert_null (old_batch);
  old_parent = query_text (fixture, "SELECT parent FROM jobs WHERE id = 'old-2';");
  g_assert_cmpstr (old_parent, ==, "old-1");
  hits = atelier_history_search (history, "teapot", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (hits), ==, 2);

  /* The batch column has its index, and listing a batch uses it. */
  index = query_text (fixture, "SELECT name FROM sqlite_master WHERE type = 'index' "
                               "AND name = 'jobs_batch';");
  g_assert_cmpstr (index, ==, "jobs_batch");
  plan = query_plan (fixture, "SELECT data FROM jobs WHERE batch = 'x' ORDER BY created, id;");
  g_assert_nonnull (strstr (plan, "jobs_batch"));

  /* New jobs keep their batch in the column and in their record. */
  g_assert_true (atelier_history_save (history, first, &error));
  g_assert_true (atelier_history_save (history, other, &error));
  g_assert_true (atelier_history_save (history, second, &error));
  g_assert_no_error (error);
  sql = g_strdup_printf ("SELECT batch FROM jobs WHERE id = '%s';", atelier_job_get_id (second));
  new_batch = query_text (fixture, sql);
  g_assert_cmpstr (new_batch, ==, "batch-a");

  batch = atelier_history_load_batch (history, "batch-a", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->len, ==, 2);
  g_assert_cmpstr (atelier_job_get_id (g_ptr_array_index (batch, 0)), ==, atelier_job_get_id (first));
  g_assert_cmpstr (atelier_job_get_id (g_ptr_array_index (batch, 1)), ==, atelier_job_get_id (second));
  g_assert_cmpstr (atelier_job_get_batch_id (g_ptr_array_index (batch, 1)), ==, "batch-a");
  none = atelier_history_load_batch (history, "no-such-batch", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);

  /* Opening the migrated file again changes nothing. */
  again = atelier_history_open (fixture->path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&jobs, g_ptr_array_unref);
  jobs = atelier_history_load_all (again, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 5);
}

/* A new history has the column from the start. */
static void
test_new_history (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = atelier_history_open (fixture->path, &error);
  g_autoptr(AtelierJob) child = make_export ("some-parent");
  g_autofree char *parent = NULL;

  g_assert_no_error (error);
  g_assert_true (atelier_history_save (history, child, &error));
  g_assert_no_error (error);
  parent = query_text (fixture, "SELECT parent FROM jobs;");
  g_assert_cmpstr (parent, ==, "some-parent");
}

/* A new history has the batch column and its index from the start too. */
static void
test_new_history_batch (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = atelier_history_open (fixture->path, &error);
  g_autoptr(AtelierJob) job = make_batch_job ("core3d", "batch-new");
  g_autoptr(GPtrArray) batch = NULL;
  g_autofree char *column = NULL;
  g_autofree char *version = NULL;

  g_assert_no_error (error);
  version = query_text (fixture, "PRAGMA user_version;");
  g_assert_cmpstr (version, ==, "3");
  g_assert_true (atelier_history_save (history, job, &error));
  g_assert_no_error (error);
  column = query_text (fixture, "SELECT batch FROM jobs;");
  g_assert_cmpstr (column, ==, "batch-new");
  batch = atelier_history_load_batch (history, "batch-new", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->len, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/job/parent-id", test_job_json);
  g_test_add_func ("/core/job/batch-id", test_job_batch_json);
  g_test_add ("/core/history/migrate-v2", Fixture, NULL,
              fixture_set_up, test_migrate_v2, fixture_tear_down);
  g_test_add ("/core/history/migrate-v1", Fixture, NULL,
              fixture_set_up, test_migrate_v1, fixture_tear_down);
  g_test_add ("/core/history/migrate-raced", Fixture, NULL,
              fixture_set_up, test_migrate_raced, fixture_tear_down);
  g_test_add ("/core/history/new-has-parent", Fixture, NULL,
              fixture_set_up, test_new_history, fixture_tear_down);
  g_test_add ("/core/history/new-has-batch", Fixture, NULL,
              fixture_set_up, test_new_history_batch, fixture_tear_down);

  return g_test_run ();
}
