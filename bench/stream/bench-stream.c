/* bench-stream.c: time to the first preview against time to the final image
 *
 * One OpenAI-compatible generation at a time against the sandbox (in this
 * process, over real HTTP), streamed with two partial images: when the
 * first preview is on disk and on the job, and when the final image is the
 * job's output. The baseline, measured in the same run, is the same job
 * without streaming: until then a person sees nothing. The sandbox paces
 * as a service would: the final image when the unstreamed answer comes (a
 * quarter of the job duration), the partials an interval apart before it
 * (--job-ms, --interval-ms).
 *
 *   bench-stream [--runs N] [--job-ms MS] [--interval-ms MS] [--partials N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-bench"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "atelier-engine.h"
#include "atelier-providers.h"
#include "atelier-sandbox.h"

static int runs = 7;
static int job_ms = 2000;
static int interval_ms = 100;
static int partials = 2;

typedef struct
{
  gint64 started;
  gint64 first_preview;
  gint64 final;
  GMainLoop *loop;
} Timing;

static void
previews_cb (AtelierJob *job,
             GParamSpec *pspec,
             Timing     *timing)
{
  if (timing->first_preview == 0 && atelier_job_get_previews (job)[0] != NULL)
    timing->first_preview = g_get_monotonic_time ();
}

static void
status_cb (AtelierJob *job,
           GParamSpec *pspec,
           Timing     *timing)
{
  if (!atelier_job_is_finished (job))
    return;
  if (atelier_job_get_status (job) != ATELIER_JOB_STATUS_DONE)
    {
      fprintf (stderr, "job failed: %s\n", atelier_job_get_error_message (job));
      exit (1);
    }
  timing->final = g_get_monotonic_time ();
  g_main_loop_quit (timing->loop);
}

static void
run_one (AtelierEngine *engine,
         gboolean       stream,
         guint          i,
         Timing        *timing)
{
  g_autoptr(GHashTable) params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AtelierJob *job;

  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup_printf ("a fox forming, take %u", i));
  if (stream)
    {
      g_hash_table_insert (params, g_strdup ("stream"), g_strdup ("on"));
      g_hash_table_insert (params, g_strdup ("partial_images"), g_strdup_printf ("%d", partials));
    }
  *timing = (Timing) { g_get_monotonic_time (), 0, 0, loop };
  job = atelier_engine_create_job (engine, "openai", params, &error);
  if (job == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      exit (1);
    }
  g_signal_connect (job, "notify::previews", G_CALLBACK (previews_cb), timing);
  g_signal_connect (job, "notify::status", G_CALLBACK (status_cb), timing);
  g_main_loop_run (loop);
  g_signal_handlers_disconnect_by_data (job, timing);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median_ms (GArray *samples)
{
  g_array_sort (samples, compare_double);
  return g_array_index (samples, double, samples->len / 2);
}

int
main (int   argc,
      char *argv[])
{
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Jobs of each kind (median)", "N" },
    { "job-ms", 0, 0, G_OPTION_ARG_INT, &job_ms, "The sandbox's job duration", "MS" },
    { "interval-ms", 0, 0, G_OPTION_ARG_INT, &interval_ms, "Pause between two events", "MS" },
    { "partials", 0, 0, G_OPTION_ARG_INT, &partials, "Partial images (0–3)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierSandbox) sandbox = atelier_sandbox_new ();
  g_autoptr(AtelierHttp) http = atelier_http_new ();
  g_autoptr(AtelierEngine) engine = NULL;
  g_autoptr(AtelierServiceConfig) config = NULL;
  g_autoptr(AtelierProvider) provider = NULL;
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) final = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) plain = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *root = g_dir_make_tmp ("atelier-bench-stream-XXXXXX", NULL);
  g_autofree char *cache = g_build_filename (root, "cache", NULL);
  g_autofree char *url = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 2;
    }
  /* Previews and results go to a scratch folder. */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);

  atelier_sandbox_set_job_duration (sandbox, job_ms);
  atelier_sandbox_set_stream_interval (sandbox, interval_ms);
  if (!atelier_sandbox_start (sandbox, 0, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  url = atelier_sandbox_get_url (sandbox, "openai");
  config = atelier_service_config_new ("openai", url, ATELIER_SANDBOX_TOKEN);
  engine = atelier_engine_new (http, NULL);
  atelier_engine_set_library_dir (engine, root);
  provider = atelier_providers_create ("openai", http, config);
  atelier_engine_add_provider (engine, provider);

  /* One of each first, so neither pays for a cold start. */
  for (int i = -1; i < runs; i++)
    {
      Timing streamed, unstreamed;

      run_one (engine, TRUE, i + 1, &streamed);
      run_one (engine, FALSE, i + 1, &unstreamed);
      if (i < 0)
        continue;
      g_array_append_val (first, (double) { (streamed.first_preview - streamed.started) / 1000.0 });
      g_array_append_val (final, (double) { (streamed.final - streamed.started) / 1000.0 });
      g_array_append_val (plain, (double) { (unstreamed.final - unstreamed.started) / 1000.0 });
    }

  printf ("stream: 1024² PNG, %d partial images, sandbox job %d ms, events %d ms apart, "
          "median of %d\n", partials, job_ms, interval_ms, runs);
  printf ("%-44s %8.0f ms\n", "streamed: first preview shown", median_ms (first));
  printf ("%-44s %8.0f ms\n", "streamed: final image saved", median_ms (final));
  printf ("%-44s %8.0f ms   (baseline)\n", "not streamed: the image (nothing before)",
          median_ms (plain));
  printf ("%-44s %8.2f×\n", "first image seen, streamed vs not",
          median_ms (first) / median_ms (plain));
  return 0;
}
