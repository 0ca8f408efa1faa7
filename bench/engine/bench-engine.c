/* bench-engine.c: 200 concurrent jobs against the sandbox
 *
 * The sandbox runs as a separate process (`atelier-cli sandbox`), so the
 * main-loop stall measured here is the client's own. Prints, beside an idle
 * baseline taken in the same run: jobs done, requests per job, history
 * writes per job, peak RSS and the worst main-loop stall. The history is a
 * real one, as in the app: its writes run on the same loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "atelier-engine.h"
#include "atelier-providers.h"
#include "atelier-sandbox.h"

#define N_JOBS 200

typedef struct
{
  gint64 expected;
  gint64 last_cpu;
  gint64 worst_us;
  gint64 worst_cpu_us;   /* main-thread CPU time spent inside the worst gap */
} StallProbe;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* A late tick is a stall; the thread's CPU time over the same gap tells
 * work on the loop (high) from the machine starving us (low). */
static gboolean
probe_cb (gpointer data)
{
  StallProbe *probe = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();

  if (probe->expected && now - probe->expected > probe->worst_us)
    {
      probe->worst_us = now - probe->expected;
      probe->worst_cpu_us = cpu - probe->last_cpu;
    }
  probe->expected = now + 5000;
  probe->last_cpu = cpu;
  return G_SOURCE_CONTINUE;
}

static long
peak_rss_kb (void)
{
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static long
current_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

static AtelierServiceConfig *
env_config (const char *id,
            gpointer    user_data)
{
  char **env = user_data;
  g_autofree char *url_key = NULL, *up = g_ascii_strup (id, -1);
  const char *url;

  url_key = g_strdup_printf ("ATELIER_%s_URL", up);
  url = g_environ_getenv (env, url_key);
  return atelier_service_config_new (id, url, ATELIER_SANDBOX_TOKEN);
}

static void
lower_priority (gpointer data)
{
  if (nice (19) == -1)
    return;
}

static char **
start_sandbox (const char  *cli,
               GSubprocess **out_proc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  char **env = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  /* The sandbox stands in for remote servers, which would not share our
   * two cores: niced, it cannot starve the loop being measured. */
  g_subprocess_launcher_set_child_setup (launcher, lower_priority, NULL, NULL);
  proc = g_subprocess_launcher_spawn (launcher, &error,
                                      cli, "sandbox", "--job-duration", "1000", NULL);
  if (proc == NULL)
    g_error ("Cannot start the sandbox: %s", error->message);
  in = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  for (guint i = 0; i < 16; i++)
    {
      g_autofree char *line = g_data_input_stream_read_line (in, NULL, NULL, NULL);
      char *eq;
      if (line == NULL)
        break;
      if (g_str_has_prefix (line, "ATELIER_") && (eq = strchr (line, '=')))
        {
          *eq = '\0';
          env = g_environ_setenv (env, line, eq + 1, TRUE);
        }
      if (g_strv_length (env) >= 8)
        break;
    }
  *out_proc = g_steal_pointer (&proc);
  return env;
}

int
main (int   argc,
      char *argv[])
{
  const char *cli = argc > 1 ? argv[1] : "atelier-cli";
  g_autoptr(GSubprocess) sandbox = NULL;
  g_auto(GStrv) env = NULL;
  g_autoptr(AtelierHttp) http = NULL;
  g_autoptr(AtelierHistory) history = NULL;
  g_autoptr(AtelierEngine) engine = NULL;
  g_autoptr(GError) history_error = NULL;
  g_autofree char *history_path = NULL;
  g_autofree char *dir = g_dir_make_tmp ("atelier-bench-XXXXXX", NULL);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  const char * const *ids = atelier_providers_get_ids ();
  StallProbe idle = { 0 }, busy = { 0 };
  guint probe, done = 0, failed = 0, n_ids = g_strv_length ((char **) ids);
  gint64 start, created, end, wait_until;
  long rss_before;

  g_setenv ("ATELIER_NO_KEYRING", "1", TRUE);
  env = start_sandbox (cli, &sandbox);
  if (env == NULL)
    g_error ("The sandbox printed no URLs");

  /* Baseline: the same loop, idle, for a second. */
  probe = g_timeout_add (5, probe_cb, &idle);
  wait_until = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < wait_until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (probe);
  rss_before = current_rss_kb ();

  http = atelier_http_new ();
  history_path = g_build_filename (dir, "history.db", NULL);
  history = atelier_history_open (history_path, &history_error);
  if (history == NULL)
    g_error ("%s", history_error->message);
  engine = atelier_engine_new (http, history);
  atelier_engine_set_library_dir (engine, dir);
  atelier_providers_register_all (engine, env_config, env);
  for (guint i = 0; ids[i]; i++)
    atelier_engine_set_max_concurrent (engine, ids[i], N_JOBS);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_JOBS; i++)
    {
      const char *id = ids[i % n_ids];
      AtelierProvider *provider = atelier_engine_get_provider (engine, id);
      g_autoptr(GHashTable) params = atelier_params_new ();
      g_autoptr(GError) error = NULL;
      AtelierJob *job;

      g_hash_table_insert (params, g_strdup (atelier_param_table_lookup (atelier_provider_get_params (provider), "prompt")
                                             ? "prompt" : "visualPrompt"),
                           g_strdup_printf ("benchmark job %u in black and gold", i));
      if (g_str_equal (id, "core3d"))
        g_hash_table_insert (params, g_strdup ("style"), g_strdup ("vector-art"));
      if (g_str_equal (id, "image3d"))
        g_hash_table_insert (params, g_strdup ("quality"), g_strdup ("fast"));
      if (g_str_equal (id, "styledna"))
        {
          g_hash_table_insert (params, g_strdup ("anchorImageUrl"), g_strdup ("https://example.com/a.png"));
          g_hash_table_insert (params, g_strdup ("description"), g_strdup ("benchmark"));
        }
      job = atelier_engine_create_job (engine, id, params, &error);
      if (job == NULL)
        g_error ("%s: %s", id, error->message);
      g_ptr_array_add (jobs, g_object_ref (job));
    }
  /* Submitting 200 jobs in one go is the benchmark's own burst, reported
   * apart; the stall probe covers the engine running them. */
  created = g_get_monotonic_time ();
  probe = g_timeout_add (5, probe_cb, &busy);
  while (atelier_engine_get_n_active (engine) > 0)
    g_main_context_iteration (NULL, TRUE);
  end = g_get_monotonic_time ();
  g_source_remove (probe);

  for (guint i = 0; i < jobs->len; i++)
    {
      AtelierJob *job = g_ptr_array_index (jobs, i);
      if (atelier_job_get_status (job) == ATELIER_JOB_STATUS_DONE)
        done++;
      else
        {
          failed++;
          if (failed <= 3)
            fprintf (stderr, "failed: %s\n", atelier_job_get_error_message (job));
        }
    }

  printf ("engine benchmark: %u concurrent jobs over %u services, sandbox job time 1 s "
          "(sandbox in a niced process)\n", N_JOBS, n_ids);
  printf ("%-28s %14s %14s\n", "", "idle baseline", "200 jobs");
  printf ("%-28s %14s %11u/%u\n", "jobs done", "-", done, N_JOBS);
  printf ("%-28s %14s %14.2f\n", "HTTP requests per job", "-",
          (double) atelier_http_get_request_count (http) / N_JOBS);
  printf ("%-28s %14s %14.2f\n", "history writes per job", "-",
          (double) atelier_history_get_save_count (history) / N_JOBS);
  printf ("%-28s %14s %14.3f\n", "  main-loop ms per job", "-",
          atelier_history_get_save_time (history) / 1e3 / N_JOBS);
  printf ("%-28s %14s %14.2f\n", "wall time (s)", "-", (end - start) / 1e6);
  printf ("%-28s %14s %14.1f\n", "creating 200 jobs (ms)", "-", (created - start) / 1e3);
  printf ("%-28s %14.1f %14.1f\n", "RSS (MB)", rss_before / 1024.0, peak_rss_kb () / 1024.0);
  printf ("%-28s %14.1f %14.1f\n", "worst main-loop stall (ms)", idle.worst_us / 1000.0,
          busy.worst_us / 1000.0);
  printf ("%-28s %14.1f %14.1f\n", "  of which main-thread CPU", idle.worst_cpu_us / 1000.0,
          busy.worst_cpu_us / 1000.0);

  g_subprocess_send_signal (sandbox, SIGTERM);
  g_subprocess_wait (sandbox, NULL, NULL);
  return failed == 0 ? 0 : 1;
}
