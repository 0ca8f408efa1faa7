/* atelier-history.c: the job history in SQLite
 *
 * WAL lets the app and atelier-cli write at the same time; every save is
 * one committed transaction, so a crash never leaves half a record. The
 * statements are prepared once per connection: the engine saves often
 * enough that parsing the SQL each time showed. Writes stay on the caller's
 * thread, in order; the WAL checkpoint, which syncs the disk and took 10 to
 * 40 ms, runs in a worker thread on its own connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-history"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <unistd.h>

#include "atelier-error.h"
#include "atelier-history.h"
#include "atelier-json.h"

/* 2: jobs.parent, the job an export was made from (NULL otherwise).
 * 3: jobs.batch, the batch a job was sent in (one prompt to several
 *    services; NULL otherwise), with an index to list a batch. */
#define SCHEMA_VERSION 3
/* A record is a few KB; older versions kept base64 results in it. */
#define HISTORY_RECORD_MAX ATELIER_JSON_CAP_BODY
/* SQLite's own automatic checkpoint threshold. */
#define CHECKPOINT_PAGES 1000

typedef enum
{
  STMT_SAVE,
  STMT_DELETE,
  STMT_LOAD_ALL,
  STMT_LOAD_NEWEST,
  STMT_LOAD_OLDER,
  STMT_LOAD_CHANGED,
  STMT_LOAD_ONE,
  STMT_LOAD_BATCH,
  STMT_SEARCH,
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  N_STMTS
} Stmt;

static const char * const stmt_sql[N_STMTS] = {
  /* A job's prompt never changes (its parameters are fixed): leaving it
   * out of the update spares the full-text index a rewrite per save. */
  [STMT_SAVE] = "INSERT INTO jobs (id, created, updated, status, provider, prompt, data, parent,"
                " batch) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                " ON CONFLICT (id) DO UPDATE SET updated = ?3, status = ?4, data = ?7, batch = ?9",
  [STMT_DELETE] = "DELETE FROM jobs WHERE id = ?1",
  [STMT_LOAD_ALL] = "SELECT data FROM jobs WHERE created >= ?1 ORDER BY created DESC",
  /* Pages: the id breaks ties in creation time, so a page boundary never
   * splits two jobs made in the same microsecond ambiguously. */
  [STMT_LOAD_NEWEST] = "SELECT data FROM jobs ORDER BY created DESC, id DESC LIMIT ?1",
  [STMT_LOAD_OLDER] = "SELECT data FROM jobs WHERE (created, id) < (?1, ?2)"
                      " ORDER BY created DESC, id DESC LIMIT ?3",
  [STMT_LOAD_CHANGED] = "SELECT data FROM jobs WHERE updated > ?1 ORDER BY created DESC",
  [STMT_LOAD_ONE] = "SELECT data FROM jobs WHERE id = ?1",
  /* In the order they were made, which is the order the services were given. */
  [STMT_LOAD_BATCH] = "SELECT data FROM jobs WHERE batch = ?1 ORDER BY created, id",
  [STMT_SEARCH] = "SELECT jobs.id FROM jobs_fts JOIN jobs ON jobs.rowid = jobs_fts.rowid"
                  " WHERE jobs_fts MATCH ?1 ORDER BY jobs.created DESC",
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
};

struct _AtelierHistory
{
  GObject       parent_instance;
  sqlite3      *db;
  sqlite3_stmt *stmts[N_STMTS];
  char         *path;
  char         *recovery_message;
  guint64       save_count;
  gint64        save_time_us;
  gboolean      checkpointing;
  guint         checkpoint_count;
};

G_DEFINE_FINAL_TYPE (AtelierHistory, atelier_history, G_TYPE_OBJECT)

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS jobs ("
  "  id TEXT PRIMARY KEY,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL,"
  "  status TEXT NOT NULL,"
  "  provider TEXT NOT NULL,"
  "  prompt TEXT NOT NULL DEFAULT '',"
  "  data TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS jobs_created ON jobs (created DESC);"
  "CREATE INDEX IF NOT EXISTS jobs_updated ON jobs (updated);"
  "CREATE VIRTUAL TABLE IF NOT EXISTS jobs_fts USING fts5 ("
  "  prompt, content='jobs', content_rowid='rowid');"
  "CREATE TRIGGER IF NOT EXISTS jobs_ai AFTER INSERT ON jobs BEGIN"
  "  INSERT INTO jobs_fts (rowid, prompt) VALUES (new.rowid, new.prompt); END;"
  "CREATE TRIGGER IF NOT EXISTS jobs_ad AFTER DELETE ON jobs BEGIN"
  "  INSERT INTO jobs_fts (jobs_fts, rowid, prompt) VALUES ('delete', old.rowid, old.prompt); END;"
  "CREATE TRIGGER IF NOT EXISTS jobs_au AFTER UPDATE OF prompt ON jobs BEGIN"
  "  INSERT INTO jobs_fts (jobs_fts, rowid, prompt) VALUES ('delete', old.rowid, old.prompt);"
  "  INSERT INTO jobs_fts (rowid, prompt) VALUES (new.rowid, new.prompt); END;";

/* @what is a whole translated sentence: verbs do not slot into other
 * languages' sentences. */
static gboolean
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  const char  *what)
{
  g_set_error (error, ATELIER_HISTORY_ERROR, ATELIER_HISTORY_ERROR_FAILED,
               "%s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

static void
clear_statements (AtelierHistory *self)
{
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
}

/* Prepared on first use, then kept for the life of the connection. */
static sqlite3_stmt *
get_stmt (AtelierHistory *self,
          Stmt            which)
{
  if (self->stmts[which] == NULL &&
      sqlite3_prepare_v3 (self->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                          &self->stmts[which], NULL) != SQLITE_OK)
    return NULL;
  return self->stmts[which];
}

/* Ready for the next use; also drops the bound strings, which the caller
 * frees. */
static void
stmt_done (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

static gboolean
exec_stmt (AtelierHistory *self,
           Stmt            which)
{
  sqlite3_stmt *stmt = get_stmt (self, which);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  stmt_done (stmt);
  return rc == SQLITE_DONE;
}

static void
atelier_history_finalize (GObject *object)
{
  AtelierHistory *self = (AtelierHistory *)object;

  clear_statements (self);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->recovery_message, g_free);

  G_OBJECT_CLASS (atelier_history_parent_class)->finalize (object);
}

static void
atelier_history_class_init (AtelierHistoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = atelier_history_finalize;
}

static void
atelier_history_init (AtelierHistory *self)
{
}

char *
atelier_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "atelier", NULL);
}

char *
atelier_library_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "atelier", "library", NULL);
}

/* Returns the sqlite result code of the first failing statement. */
static int
init_schema (sqlite3 *db)
{
  int rc;
  int version = 0;
  sqlite3_stmt *stmt = NULL;

  sqlite3_busy_timeout (db, 5000);

  /* This is the first read of the file: a non-database fails here. */
  rc = sqlite3_exec (db, "PRAGMA journal_mode=WAL;", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return rc;
  if ((rc = sqlite3_exec (db, "PRAGMA synchronous=NORMAL;", NULL, NULL, NULL)) != SQLITE_OK)
    return rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version;", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return rc;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);

  if (version > SCHEMA_VERSION)
    g_warning ("History schema %d is newer than this Atelier (%d)", version, SCHEMA_VERSION);

  if ((rc = sqlite3_exec (db, schema_sql, NULL, NULL, NULL)) != SQLITE_OK)
    return rc;
  /* Version 1 tables get the column; so do new ones, made in the version 1
   * shape above. Another process may have added it meanwhile. */
  if (version < 2
      && sqlite3_exec (db, "ALTER TABLE jobs ADD COLUMN parent TEXT;", NULL, NULL, NULL) != SQLITE_OK
      && (rc = sqlite3_exec (db, "SELECT parent FROM jobs LIMIT 0;", NULL, NULL, NULL)) != SQLITE_OK)
    return rc;
  /* The same for version 2 tables. Most jobs are in no batch: the index
   * leaves them out. */
  if (version < 3
      && sqlite3_exec (db, "ALTER TABLE jobs ADD COLUMN batch TEXT;", NULL, NULL, NULL) != SQLITE_OK
      && (rc = sqlite3_exec (db, "SELECT batch FROM jobs LIMIT 0;", NULL, NULL, NULL)) != SQLITE_OK)
    return rc;
  if (version < 3
      && (rc = sqlite3_exec (db, "CREATE INDEX IF NOT EXISTS jobs_batch ON jobs (batch)"
                                 " WHERE batch IS NOT NULL;", NULL, NULL, NULL)) != SQLITE_OK)
    return rc;
  if (version < SCHEMA_VERSION)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA user_version=%d;", SCHEMA_VERSION);
      if ((rc = sqlite3_exec (db, sql, NULL, NULL, NULL)) != SQLITE_OK)
        return rc;
    }

  /* A quick check catches files whose header survived but pages did not. */
  rc = sqlite3_prepare_v2 (db, "SELECT count(*) FROM jobs;", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      rc = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? SQLITE_OK : rc;
      sqlite3_finalize (stmt);
    }
  return rc;
}

static char *
move_aside (const char *path)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  char *aside = g_strdup_printf ("%s.corrupt-%s", path, stamp);

  g_rename (path, aside);
  for (const char * const *sfx = (const char * const[]) { "-wal", "-shm", NULL }; *sfx; sfx++)
    {
      g_autofree char *from = g_strconcat (path, *sfx, NULL);
      g_autofree char *to = g_strconcat (aside, *sfx, NULL);
      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }
  return aside;
}

/* Job prompts and parameters are the person's own: the file (and the WAL
 * and shared-memory files SQLite makes with the same mode) is theirs only.
 * A history made before this is tightened too. */
static void
make_private (const char *path)
{
  int fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

  if (fd >= 0)
    close (fd);
  for (const char * const *sfx = (const char * const[]) { "", "-wal", "-shm", NULL }; *sfx; sfx++)
    {
      g_autofree char *file = g_strconcat (path, *sfx, NULL);
      if (g_chmod (file, 0600) != 0 && errno != ENOENT)
        g_debug ("Could not make %s private: %s", file, g_strerror (errno));
    }
}

static void
checkpoint_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  const char *path = task_data;
  sqlite3 *db = NULL;
  int rc;

  /* PASSIVE: copies what no reader still needs, never waits, never blocks
   * the writer on the other connection. */
  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_wal_checkpoint_v2 (db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
  if (rc != SQLITE_OK)
    g_debug ("History checkpoint: %s", db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_close_v2 (db);
  g_task_return_boolean (task, rc == SQLITE_OK);
}

static void
checkpoint_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  AtelierHistory *self = ATELIER_HISTORY (object);

  self->checkpointing = FALSE;
  if (g_task_propagate_boolean (G_TASK (result), NULL))
    self->checkpoint_count++;
}

/* Replaces SQLite's automatic checkpoint, which would run inside the commit
 * on the caller's thread. The task keeps the history, and so the main
 * connection, open until it is done. */
static int
wal_hook_cb (void       *data,
             sqlite3    *db,
             const char *name,
             int         pages)
{
  AtelierHistory *self = data;
  g_autoptr(GTask) task = NULL;

  if (pages < CHECKPOINT_PAGES || self->checkpointing)
    return SQLITE_OK;

  self->checkpointing = TRUE;
  task = g_task_new (self, NULL, checkpoint_done_cb, NULL);
  g_task_set_source_tag (task, wal_hook_cb);
  g_task_set_task_data (task, g_strdup (self->path), g_free);
  g_task_run_in_thread (task, checkpoint_thread);
  return SQLITE_OK;
}

AtelierHistory *
atelier_history_open (const char  *path,
                      GError     **error)
{
  g_autoptr(AtelierHistory) self = g_object_new (ATELIER_TYPE_HISTORY, NULL);
  g_autofree char *dir = NULL;
  int rc;

  if (path == NULL)
    {
      g_autofree char *data_dir = atelier_data_dir ();
      self->path = g_build_filename (data_dir, "history.db", NULL);
    }
  else
    self->path = g_strdup (path);

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, ATELIER_HISTORY_ERROR, ATELIER_HISTORY_ERROR_FAILED,
                   _("Could not create the folder “%s” for the job history"), dir);
      return NULL;
    }

  make_private (self->path);
  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    rc = init_schema (self->db);

  if (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT)
    {
      g_autofree char *aside = NULL;

      /* Keep the damaged file for the user; never silently replace it. */
      g_clear_pointer (&self->db, sqlite3_close_v2);
      aside = move_aside (self->path);
      self->recovery_message =
        g_strdup_printf (_("The job history was damaged and could not be read. It was kept as "
                           "“%s” and a new history was started."), aside);
      g_warning ("%s", self->recovery_message);

      make_private (self->path);
      rc = sqlite3_open_v2 (self->path, &self->db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                            NULL);
      if (rc == SQLITE_OK)
        rc = init_schema (self->db);
    }

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, _("Could not open the job history"));
      return NULL;
    }
  sqlite3_wal_hook (self->db, wal_hook_cb, self);

  return g_steal_pointer (&self);
}

const char *
atelier_history_get_path (AtelierHistory *self)
{
  g_return_val_if_fail (ATELIER_IS_HISTORY (self), NULL);
  return self->path;
}

const char *
atelier_history_get_recovery_message (AtelierHistory *self)
{
  g_return_val_if_fail (ATELIER_IS_HISTORY (self), NULL);
  return self->recovery_message;
}

static gboolean
save_one (AtelierHistory *self,
          sqlite3_stmt   *stmt,
          AtelierJob     *job)
{
  g_autoptr(JsonNode) node = atelier_job_to_json (job);
  g_autofree char *data = json_to_string (node, FALSE);
  int rc;

  sqlite3_bind_text (stmt, 1, atelier_job_get_id (job), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, atelier_job_get_created (job));
  sqlite3_bind_int64 (stmt, 3, MAX (atelier_job_get_updated (job), g_get_real_time ()));
  sqlite3_bind_text (stmt, 4, atelier_job_status_to_string (atelier_job_get_status (job)), -1,
                     SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, atelier_job_get_provider (job), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, atelier_job_get_prompt (job), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, data, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, atelier_job_get_parent_id (job), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, atelier_job_get_batch_id (job), -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  stmt_done (stmt);
  if (rc != SQLITE_DONE)
    return FALSE;
  self->save_count++;
  return TRUE;
}

static gboolean
save_jobs (AtelierHistory  *self,
           AtelierJob     **jobs,
           guint            n_jobs,
           GError         **error)
{
  sqlite3_stmt *stmt;

  /* Outside a transaction, the statement is one. */
  if (n_jobs == 1)
    {
      if ((stmt = get_stmt (self, STMT_SAVE)) == NULL || !save_one (self, stmt, jobs[0]))
        return set_sqlite_error (error, self->db, _("Could not save to the job history"));
      return TRUE;
    }

  if ((stmt = get_stmt (self, STMT_SAVE)) == NULL || !exec_stmt (self, STMT_BEGIN))
    return set_sqlite_error (error, self->db, _("Could not save to the job history"));
  for (guint i = 0; i < n_jobs; i++)
    {
      if (!save_one (self, stmt, jobs[i]))
        {
          set_sqlite_error (error, self->db, _("Could not save to the job history"));
          exec_stmt (self, STMT_ROLLBACK);
          return FALSE;
        }
    }
  if (!exec_stmt (self, STMT_COMMIT))
    {
      set_sqlite_error (error, self->db, _("Could not save to the job history"));
      exec_stmt (self, STMT_ROLLBACK);
      return FALSE;
    }
  return TRUE;
}

gboolean
atelier_history_save (AtelierHistory  *self,
                      AtelierJob      *job,
                      GError         **error)
{
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  g_return_val_if_fail (ATELIER_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (ATELIER_IS_JOB (job), FALSE);

  ok = save_jobs (self, &job, 1, error);
  self->save_time_us += g_get_monotonic_time () - start;
  return ok;
}

gboolean
atelier_history_save_all (AtelierHistory  *self,
                          GPtrArray       *jobs,
                          GError         **error)
{
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  g_return_val_if_fail (ATELIER_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (jobs != NULL, FALSE);

  if (jobs->len == 0)
    return TRUE;
  ok = save_jobs (self, (AtelierJob **) jobs->pdata, jobs->len, error);
  self->save_time_us += g_get_monotonic_time () - start;
  return ok;
}

guint64
atelier_history_get_save_count (AtelierHistory *self)
{
  g_return_val_if_fail (ATELIER_IS_HISTORY (self), 0);
  return self->save_count;
}

gint64
atelier_history_get_save_time (AtelierHistory *self)
{
  g_return_val_if_fail (ATELIER_IS_HISTORY (self), 0);
  return self->save_time_us;
}

guint
atelier_history_get_checkpoint_count (AtelierHistory *self)
{
  g_return_val_if_fail (ATELIER_IS_HISTORY (self), 0);
  return self->checkpoint_count;
}

gboolean
atelier_history_delete (AtelierHistory  *self,
                        const char      *job_id,
                        GError         **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ATELIER_IS_HISTORY (self), FALSE);

  if ((stmt = get_stmt (self, STMT_DELETE)) == NULL)
    return set_sqlite_error (error, self->db, _("Could not update the job history"));
  sqlite3_bind_text (stmt, 1, job_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  stmt_done (stmt);
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, _("Could not update the job history"));
  return TRUE;
}

/* Steps @stmt to its end, making a job of each row's first column. */
static int
read_jobs (sqlite3_stmt *stmt,
           GPtrArray    *jobs)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *data = (const char *) sqlite3_column_text (stmt, 0);
      int len = sqlite3_column_bytes (stmt, 0);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(JsonNode) root = NULL;
      AtelierJob *job;

      /* One bad record must not cost the user the rest of the history, nor
       * crash every start: bounded like any JSON Atelier did not just write
       * (a record from an older version could hold megabytes of data: URIs). */
      if (data == NULL ||
          (root = atelier_json_parse (data, len, HISTORY_RECORD_MAX, &local_error)) == NULL)
        {
          g_warning ("Skipping an unreadable history record: %s",
                     local_error ? local_error->message : "empty");
          continue;
        }
      job = atelier_job_new_from_json (root, &local_error);
      if (job == NULL)
        {
          g_warning ("Skipping a history record: %s", local_error->message);
          continue;
        }
      g_ptr_array_add (jobs, job);
    }
  return rc;
}

static void
bind_older (sqlite3_stmt *stmt,
            gint64        created,
            const char   *id,
            guint         limit)
{
  sqlite3_bind_int64 (stmt, 1, created);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, limit > 0 ? (sqlite3_int64) limit : -1);
}

static GPtrArray *
load_query (AtelierHistory  *self,
            Stmt             which,
            gint64           arg,
            const char      *text_arg,
            GError         **error)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  if ((stmt = get_stmt (self, which)) == NULL)
    {
      set_sqlite_error (error, self->db, _("Could not read the job history"));
      return NULL;
    }
  if (text_arg != NULL)
    sqlite3_bind_text (stmt, 1, text_arg, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, arg);

  rc = read_jobs (stmt, jobs);
  stmt_done (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, _("Could not read the job history"));
      return NULL;
    }

  return g_steal_pointer (&jobs);
}

GPtrArray *
atelier_history_load_all (AtelierHistory  *self,
                          GError         **error)
{
  g_return_val_if_fail (ATELIER_IS_HISTORY (self), NULL);
  return load_query (self, STMT_LOAD_ALL, 0, NULL, error);
}

GPtrArray *
atelier_history_load_changed (AtelierHistory  *self,
                              gint64           since,
                              GError         **error)
{
  g_return_val_if_fail (ATELIER_IS_HISTORY (self), NULL);
  return load_query (self, STMT_LOAD_CHANGED, since, NULL, error);
}

GPtrArray *
atelier_history_load_newest (AtelierHistory  *self,
                             guint            limit,
                             GError         **error)
{
  g_return_val_if_fail (ATELIER_IS_HISTORY (self), NULL);
  g_return_val_if_fail (limit > 0, NULL);
  return load_query (self, STMT_LOAD_NEWEST, limit, NULL, error);
}

GPtrArray *
atelier_history_load_older (AtelierHistory  *self,
                            gint64           created,
                            const char      *id,
                            guint            limit,
                            GError         **error)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ATELIER_IS_HISTORY (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if ((stmt = get_stmt (self, STMT_LOAD_OLDER)) == NULL)
    {
      set_sqlite_error (error, self->db, _("Could not read the job history"));
      return NULL;
    }
  bind_older (stmt, created, id, limit);
  rc = read_jobs (stmt, jobs);
  stmt_done (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, _("Could not read the job history"));
      return NULL;
    }
  return g_steal_pointer (&jobs);
}

typedef struct
{
  char   *path;
  gint64  created;
  char   *id;
  guint   limit;
} OlderData;

static void
older_data_free (OlderData *data)
{
  g_free (data->path);
  g_free (data->id);
  g_free (data);
}

/* Its own connection: the main one is not shared across threads, and with
 * WAL this reader never waits for the app's writes nor holds them up. */
static void
load_older_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  OlderData *data = task_data;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_open_v2 (data->path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 5000);
      rc = sqlite3_prepare_v2 (db, stmt_sql[STMT_LOAD_OLDER], -1, &stmt, NULL);
    }
  if (rc == SQLITE_OK)
    {
      bind_older (stmt, data->created, data->id, data->limit);
      rc = read_jobs (stmt, jobs);
      rc = rc == SQLITE_DONE ? SQLITE_OK : rc;
    }

  if (rc != SQLITE_OK)
    {
      GError *error = NULL;

      set_sqlite_error (&error, db, _("Could not read the job history"));
      g_task_return_error (task, error);
    }
  else if (!g_task_return_error_if_cancelled (task))
    g_task_return_pointer (task, g_steal_pointer (&jobs), (GDestroyNotify) g_ptr_array_unref);

  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
}

void
atelier_history_load_older_async (AtelierHistory      *self,
                                  gint64               created,
                                  const char          *id,
                                  guint                limit,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  OlderData *data;

  g_return_if_fail (ATELIER_IS_HISTORY (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_history_load_older_async);
  data = g_new0 (OlderData, 1);
  data->path = g_strdup (self->path);
  data->created = created;
  data->id = g_strdup (id);
  data->limit = limit;
  g_task_set_task_data (task, data, (GDestroyNotify) older_data_free);
  g_task_run_in_thread (task, load_older_thread);
}

GPtrArray *
atelier_history_load_older_finish (AtelierHistory  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == atelier_history_load_older_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

AtelierJob *
atelier_history_load (AtelierHistory  *self,
                      const char      *job_id,
                      GError         **error)
{
  g_autoptr(GPtrArray) jobs = NULL;

  g_return_val_if_fail (ATELIER_IS_HISTORY (self), NULL);

  jobs = load_query (self, STMT_LOAD_ONE, 0, job_id, error);
  if (jobs == NULL)
    return NULL;
  if (jobs->len == 0)
    {
      g_set_error (error, ATELIER_HISTORY_ERROR, ATELIER_HISTORY_ERROR_FAILED,
                   _("No job with id “%s” in the history"), job_id);
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (jobs, 0));
}

GPtrArray *
atelier_history_load_batch (AtelierHistory  *self,
                            const char      *batch_id,
                            GError         **error)
{
  g_return_val_if_fail (ATELIER_IS_HISTORY (self), NULL);
  g_return_val_if_fail (batch_id != NULL, NULL);

  return load_query (self, STMT_LOAD_BATCH, 0, batch_id, error);
}

GStrv
atelier_history_search (AtelierHistory  *self,
                        const char      *query,
                        GError         **error)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) match = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (ATELIER_IS_HISTORY (self), NULL);

  /* Quote every word so user text can never be FTS syntax. */
  words = g_strsplit_set (query ? query : "", " \t\n", -1);
  for (guint i = 0; words[i]; i++)
    {
      g_autoptr(GString) w = NULL;
      if (*words[i] == '\0')
        continue;
      w = g_string_new (words[i]);
      g_string_replace (w, "\"", "\"\"", 0);
      g_string_append_printf (match, "%s\"%s\"*", match->len ? " " : "", w->str);
    }
  if (match->len == 0)
    return g_strv_builder_end (ids);

  if ((stmt = get_stmt (self, STMT_SEARCH)) == NULL)
    {
      set_sqlite_error (error, self->db, _("Could not search the job history"));
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, match->str, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (ids, (const char *) sqlite3_column_text (stmt, 0));
  stmt_done (stmt);

  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, _("Could not search the job history"));
      return NULL;
    }
  return g_strv_builder_end (ids);
}
