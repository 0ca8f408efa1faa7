/* atelier-export-job.c: an export recorded in the history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-export"

#include "config.h"

#include <string.h>

#include "atelier-export-job.h"

char *
atelier_export_job_suggest_name (AtelierJob *job,
                                 GFile      *source)
{
  const char *prompt = job != NULL ? atelier_job_get_prompt (job) : NULL;
  char *name;
  char *dot;

  if (prompt != NULL && *prompt != '\0')
    {
      /* One line of at most 40 characters, and nothing a file name cannot hold. */
      g_autofree char *line = g_utf8_substring (prompt, 0, MIN (g_utf8_strlen (prompt, -1), 40));

      name = g_strstrip (g_strdelimit (line, "/\\\n\r\t", ' '));
      if (*name != '\0')
        return g_strdup (name);
    }

  name = g_file_get_basename (source);
  if ((dot = strrchr (name, '.')) != NULL && dot != name)
    *dot = '\0';
  return name;
}

AtelierJob *
atelier_export_job_record (AtelierEngine  *engine,
                           AtelierJob     *source,
                           const char     *source_path,
                           AtelierJobKind  kind,
                           const char     *path,
                           GHashTable     *params,
                           GError        **error)
{
  g_autoptr(GHashTable) all = atelier_params_new ();
  g_autoptr(AtelierJob) job = NULL;
  AtelierHistory *history;
  AtelierJobList *jobs;
  AtelierJob *listed;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (ATELIER_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (ATELIER_IS_JOB (source), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  /* The source's prompt titles the export in the list and finds it in a search. */
  g_hash_table_insert (all, g_strdup ("prompt"), g_strdup (atelier_job_get_prompt (source)));
  if (source_path != NULL)
    g_hash_table_insert (all, g_strdup ("source"), g_strdup (source_path));
  if (params != NULL)
    {
      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, &key, &value))
        g_hash_table_insert (all, g_strdup (key), g_strdup (value));
    }

  job = atelier_job_new (ATELIER_JOB_PROVIDER_EXPORT, kind, all);
  atelier_job_set_parent_id (job, atelier_job_get_id (source));
  atelier_job_add_output (job, path);
  atelier_job_set_status (job, ATELIER_JOB_STATUS_DONE);

  /* Through the history, as atelier-cli's jobs arrive: the engine then
   * tracks it like any other (stars, deletion). */
  jobs = atelier_engine_get_jobs (engine);
  history = atelier_engine_get_history (engine);
  if (history != NULL)
    {
      if (!atelier_history_save (history, job, error))
        return NULL;
      atelier_engine_refresh_from_history (engine);
    }
  listed = atelier_job_list_lookup (jobs, atelier_job_get_id (job));
  if (listed == NULL)
    {
      atelier_job_list_add (jobs, job);
      listed = job;
    }
  return listed;
}
