/* test-openai-stream.c: streamed OpenAI images against the sandbox, over real HTTP
 *
 * Partial images become the job's previews in the order they came, each
 * sharper than the last, before the final image is its output; a stream of
 * one completed event works; every way a stream goes wrong ends the job
 * with its message and no second (paid) request; refused combinations send
 * nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "provider-fixture.h"

#define POST_GENERATIONS "POST /v1/images/generations"
#define POST_EDITS       "POST /v1/images/edits"

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  fixture_setup (f, "openai");
}

/* What happened to the job, in order: "p1" for the first preview, "out". */
typedef struct
{
  GString *log;
} Watch;

static void
previews_cb (AtelierJob *job,
             GParamSpec *pspec,
             Watch      *watch)
{
  guint n = g_strv_length ((char **) atelier_job_get_previews (job));

  if (n > 0)
    g_string_append_printf (watch->log, "p%u ", n);
}

static void
outputs_cb (AtelierJob *job,
            GParamSpec *pspec,
            Watch      *watch)
{
  g_string_append (watch->log, "out ");
}

static AtelierJob *
run_watched (Fixture    *f,
             GHashTable *params,
             GString    *log)
{
  g_autoptr(GError) error = NULL;
  AtelierJob *job = atelier_engine_create_job (f->engine, "openai", params, &error);
  Watch watch = { log };

  g_assert_no_error (error);
  g_object_ref (job);
  g_signal_connect (job, "notify::previews", G_CALLBACK (previews_cb), &watch);
  g_signal_connect (job, "notify::outputs", G_CALLBACK (outputs_cb), &watch);
  fixture_wait (f, job);
  g_signal_handlers_disconnect_by_data (job, &watch);
  return job;
}

/* Mean absolute difference per channel between two images of one size. */
static double
difference (const char *a,
            const char *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pa = gdk_pixbuf_new_from_file (a, &error);
  g_autoptr(GdkPixbuf) pb = gdk_pixbuf_new_from_file (b, &error);
  int w, h, na, nb, sa, sb;
  const guint8 *da, *db;
  guint64 sum = 0;

  g_assert_no_error (error);
  w = gdk_pixbuf_get_width (pa);
  h = gdk_pixbuf_get_height (pa);
  g_assert_cmpint (gdk_pixbuf_get_width (pb), ==, w);
  g_assert_cmpint (gdk_pixbuf_get_height (pb), ==, h);
  na = gdk_pixbuf_get_n_channels (pa);
  nb = gdk_pixbuf_get_n_channels (pb);
  sa = gdk_pixbuf_get_rowstride (pa);
  sb = gdk_pixbuf_get_rowstride (pb);
  da = gdk_pixbuf_read_pixels (pa);
  db = gdk_pixbuf_read_pixels (pb);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++)
        sum += ABS ((int) da[y * sa + x * na + c] - (int) db[y * sb + x * nb + c]);
  return sum / (3.0 * w * h);
}

static void
assert_private_png (const char *path)
{
  GStatBuf st;
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "atelier", "previews", NULL);

  g_assert_true (g_str_has_prefix (path, cache));
  g_assert_true (g_str_has_suffix (path, ".png"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
test_partials_in_order (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GHashTable) params = fixture_params ("prompt", "a fox forming in the mist",
                                                 "stream", "on", "partial_images", "3", NULL);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(AtelierJob) job = run_watched (f, params, log);
  const char * const *previews;
  const char *final;
  const char *usage;
  double last = G_MAXDOUBLE;

  fixture_assert_done (job, 1, "png");
  /* Every preview before the final image, in order. */
  g_assert_cmpstr (log->str, ==, "p1 p2 p3 out ");
  previews = atelier_job_get_previews (job);
  g_assert_cmpuint (g_strv_length ((char **) previews), ==, 3);
  final = atelier_job_get_outputs (job)[0];

  /* Each closer to the final image than the one before: they sharpen. */
  for (guint i = 0; i < 3; i++)
    {
      double d = difference (previews[i], final);
      g_autofree char *name = g_strdup_printf ("preview-%u.png", i + 1);

      assert_private_png (previews[i]);
      g_assert_true (g_str_has_suffix (previews[i], name));
      g_test_message ("preview %u differs from the final image by %.2f", i + 1, d);
      g_assert_cmpfloat (d, >, 0);
      g_assert_cmpfloat (d, <, last);
      last = d;
    }

  /* The completed event's usage is kept, as the answer gave it. */
  usage = atelier_job_get_result (job, "usage");
  g_assert_nonnull (usage);
  g_assert_nonnull (strstr (usage, "\"total_tokens\":550"));
  /* ...and what it cost, as for an unstreamed answer. */
  g_assert_nonnull (atelier_job_get_cost (job));
  g_assert_cmpint (atelier_job_get_cost (job)->amount, ==, 550);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATIONS), ==, 1);
  /* The final image is kept with the results, not the previews. */
  g_assert_true (g_str_has_prefix (final, f->tmpdir));

  /* Deleting the job with its files takes the previews and their folder. */
  {
    g_auto(GStrv) kept = g_strdupv ((char **) previews);
    g_autofree char *folder = g_path_get_dirname (kept[0]);

    atelier_engine_delete (f->engine, job, TRUE);
    for (guint i = 0; kept[i]; i++)
      g_assert_false (g_file_test (kept[i], G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  }
}

static void
test_zero_partials (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) params = fixture_params ("prompt", "a fox", "stream", "on",
                                                 "partial_images", "0", NULL);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(AtelierJob) job = run_watched (f, params, log);

  /* One completed event is the whole stream. */
  fixture_assert_done (job, 1, "png");
  g_assert_cmpstr (log->str, ==, "out ");
  g_assert_null (atelier_job_get_previews (job)[0]);
  g_assert_nonnull (atelier_job_get_result (job, "usage"));
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *image = fixture_write_file (f, "input.png", TRUE);
  g_autoptr(GHashTable) params = fixture_params ("prompt", "add a rainbow", "image", image,
                                                 "model", "gpt-image-1", "stream", "on",
                                                 "partial_images", "1", "output_format", "webp",
                                                 NULL);
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(AtelierJob) job = run_watched (f, params, log);

  /* The multipart form carries stream and partial_images too. */
  fixture_assert_done (job, 1, "webp");
  g_assert_cmpstr (log->str, ==, "p1 out ");
  g_assert_true (g_str_has_suffix (atelier_job_get_previews (job)[0], ".webp"));
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_EDITS), ==, 1);
}

static void
test_auto (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GHashTable) gpt = fixture_params ("prompt", "a fox", "stream", "auto", NULL);
  g_autoptr(GHashTable) dalle = fixture_params ("prompt", "a fox", "stream", "auto",
                                                "partial_images", "2", "model", "dall-e-2",
                                                "size", "256x256", NULL);
  g_autoptr(AtelierJob) streamed = fixture_run (f, gpt);
  g_autoptr(AtelierJob) plain = fixture_run (f, dalle);

  /* GPT image models stream, with two partials unless told. */
  fixture_assert_done (streamed, 1, "png");
  g_assert_cmpuint (g_strv_length ((char **) atelier_job_get_previews (streamed)), ==, 2);
  /* Where the schema forbids it, auto does not stream (nor refuse). */
  fixture_assert_done (plain, 1, "png");
  g_assert_null (atelier_job_get_previews (plain)[0]);
}

static void
test_usage_unstreamed (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GHashTable) params = fixture_params ("prompt", "a fox", "stream", "off", NULL);
  g_autoptr(AtelierJob) job = fixture_run (f, params);

  /* Streamed or not, a job keeps what the image cost in the same place. */
  fixture_assert_done (job, 1, "png");
  g_assert_null (atelier_job_get_previews (job)[0]);
  g_assert_nonnull (atelier_job_get_result (job, "usage"));
  g_assert_nonnull (strstr (atelier_job_get_result (job, "usage"), "\"total_tokens\":250"));
}

static void
test_allowed_variants (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GHashTable) params = fixture_params ("prompt", "a fox", "stream", "on",
                                                 "partial_images", "2", NULL);
  g_autoptr(AtelierJob) done_marker = NULL;
  g_autoptr(AtelierJob) final_first = NULL;

  /* "data: [DONE]" after the last event ends it as well as a close. */
  fixture_fault (f, POST_GENERATIONS, ATELIER_SANDBOX_FAULT_STREAM_DONE, 1);
  done_marker = fixture_run (f, params);
  fixture_assert_done (done_marker, 1, "png");
  g_assert_cmpuint (g_strv_length ((char **) atelier_job_get_previews (done_marker)), ==, 2);

  /* The final image before the last partial: done, and a late partial is
   * no preview. */
  fixture_fault (f, POST_GENERATIONS, ATELIER_SANDBOX_FAULT_STREAM_FINAL_FIRST, 1);
  final_first = fixture_run (f, params);
  fixture_assert_done (final_first, 1, "png");
  g_assert_cmpuint (g_strv_length ((char **) atelier_job_get_previews (final_first)), ==, 1);
}

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  struct {
    AtelierSandboxFaultKind kind;
    const char *needle;
    guint       previews;
  } cases[] = {
    { ATELIER_SANDBOX_FAULT_STREAM_CUT, "ended before the final image arrived", 1 },
    { ATELIER_SANDBOX_FAULT_STREAM_ERROR,
      "stopped the image with an error: The image could not be finished", 1 },
    { ATELIER_SANDBOX_FAULT_STREAM_NO_COMPLETED, "ended before the final image arrived", 2 },
    { ATELIER_SANDBOX_FAULT_STREAM_HUGE, "an event larger than the 8.0", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) params = fixture_params ("prompt", "a fox", "stream", "on",
                                                     "partial_images", "2", NULL);
      g_autoptr(AtelierJob) job = NULL;
      const char * const *previews;

      atelier_sandbox_clear_requests (f->sandbox);
      fixture_fault (f, POST_GENERATIONS, cases[i].kind, 1);
      job = fixture_run (f, params);
      g_test_message ("fault %d: %s", cases[i].kind, atelier_job_get_error_message (job));
      fixture_assert_failed (job, cases[i].needle);
      /* It may have been paid for: never sent again without the person. */
      g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATIONS), ==, 1);
      g_assert_false (atelier_job_get_retry_safe (job));
      /* What arrived before the failure stays to be seen. */
      previews = atelier_job_get_previews (job);
      g_assert_cmpuint (g_strv_length ((char **) previews), ==, cases[i].previews);
      for (guint j = 0; previews[j]; j++)
        g_assert_true (g_file_test (previews[j], G_FILE_TEST_IS_REGULAR));
      g_assert_null (atelier_job_get_outputs (job)[0]);
    }
}

static void
test_retry_after_cut (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GHashTable) params = fixture_params ("prompt", "a fox", "stream", "on",
                                                 "partial_images", "1", NULL);
  g_autoptr(AtelierJob) job = NULL;

  fixture_fault (f, POST_GENERATIONS, ATELIER_SANDBOX_FAULT_STREAM_CUT, 1);
  job = fixture_run (f, params);
  fixture_assert_failed (job, "ended before the final image arrived");
  g_assert_cmpuint (g_strv_length ((char **) atelier_job_get_previews (job)), ==, 1);

  /* The person's Retry streams anew: the old previews make way. */
  g_assert_true (atelier_engine_retry (f->engine, job, NULL));
  fixture_wait (f, job);
  fixture_assert_done (job, 1, "png");
  g_assert_cmpuint (g_strv_length ((char **) atelier_job_get_previews (job)), ==, 1);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATIONS), ==, 2);
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  struct {
    const char *key1, *value1, *key2, *value2, *needle;
  } cases[] = {
    { "model", "dall-e-3", "stream", "on",
      "stream is only supported by GPT image models, not dall-e-3" },
    { "model", "dall-e-2", "stream", "on",
      "stream is only supported by GPT image models, not dall-e-2" },
    { "response_format", "b64_json", "stream", "on",
      "stream cannot be combined with response_format" },
    { "partial_images", "4", "stream", "on", "partial_images must be between 0 and 3" },
    { "partial_images", "-1", "stream", "on", "partial_images must be between 0 and 3" },
    { "partial_images", "2", NULL, NULL, "partial_images needs stream on or auto" },
    { "partial_images", "2", "stream", "off", "partial_images needs stream on or auto" },
    { "stream", "true", NULL, NULL, "stream must be one of" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) params = fixture_params ("prompt", "a fox", NULL);
      g_autofree char *message = NULL;

      g_hash_table_insert (params, g_strdup (cases[i].key1), g_strdup (cases[i].value1));
      if (cases[i].key2)
        g_hash_table_insert (params, g_strdup (cases[i].key2), g_strdup (cases[i].value2));
      message = fixture_refused (f, params);
      if (strstr (message, cases[i].needle) == NULL)
        g_error ("“%s” is not in “%s”", cases[i].needle, message);
    }
}

int
main (int   argc,
      char *argv[])
{
  fixture_init_env ();
  /* A huge event fails at 8 MiB, not after streaming 64. */
  g_setenv ("ATELIER_SSE_MAX_EVENT_BYTES", "8388608", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/openai-stream/" path, Fixture, NULL, setup, func, fixture_teardown)
  ADD ("partials-in-order", test_partials_in_order);
  ADD ("zero-partials", test_zero_partials);
  ADD ("edit", test_edit);
  ADD ("auto", test_auto);
  ADD ("usage-unstreamed", test_usage_unstreamed);
  ADD ("allowed-variants", test_allowed_variants);
  ADD ("faults", test_faults);
  ADD ("retry-after-cut", test_retry_after_cut);
  ADD ("refused", test_refused);
#undef ADD

  return g_test_run ();
}
