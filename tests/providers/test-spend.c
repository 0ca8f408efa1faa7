/* test-spend.c: what each service said a job cost, recorded over real HTTP
 * against the sandbox, and the tally of a known sequence of jobs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "atelier-openai.h"
#include "atelier-service-client.h"
#include "atelier-spend.h"
#include "provider-fixture.h"

/* The sandbox's price list (src/sandbox/atelier-sandbox-image3d.c). */
static const struct { const char *tier; gint64 credits; } tiers[] = {
  { "fast", 5 }, { "standard", 10 }, { "pro", 20 }, { "proplus", 30 }, { "ultra", 40 },
};

static void
add_provider (Fixture    *f,
              const char *id)
{
  g_autofree char *url = atelier_sandbox_get_url (f->sandbox, atelier_providers_get_account (id));
  g_autoptr(AtelierServiceConfig) config = atelier_service_config_new (id, url,
                                                                       ATELIER_SANDBOX_TOKEN);
  g_autoptr(AtelierProvider) provider = atelier_providers_create (id, f->http, config);

  atelier_engine_add_provider (f->engine, provider);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  fixture_setup (f, "image3d");
  add_provider (f, "openai");
  add_provider (f, "core3d");
  add_provider (f, "styledna");
}

static AtelierJob *
run (Fixture    *f,
     const char *provider,
     GHashTable *params)
{
  g_autoptr(GError) error = NULL;
  AtelierJob *job = atelier_engine_create_job (f->engine, provider, params, &error);

  g_assert_no_error (error);
  g_object_ref (job);
  fixture_wait (f, job);
  return job;
}

/* Every tier in turn: each job keeps the credits, the tier and the balance
 * the service reported, and the balances chain from one job to the next. */
static void
test_sequence (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(AtelierSpend) spend = atelier_spend_new (ATELIER_SPEND_BY_DAY, 0);
  gint64 balance = atelier_sandbox_get_balance (f->sandbox);
  gint64 spent = 0;
  GPtrArray *totals;
  AtelierJob *job;
  const AtelierCost *cost;

  for (guint i = 0; i < G_N_ELEMENTS (tiers); i++)
    {
      g_autoptr(GHashTable) params = fixture_params ("prompt", "a teapot",
                                                     "quality", tiers[i].tier, NULL);

      job = run (f, "image3d", params);
      g_ptr_array_add (jobs, job);
      fixture_assert_done (job, 1, "glb");
      cost = atelier_job_get_cost (job);
      g_assert_nonnull (cost);
      g_assert_cmpstr (cost->unit, ==, "credits");
      g_assert_cmpint (cost->amount, ==, tiers[i].credits);
      g_assert_cmpstr (cost->tier, ==, tiers[i].tier);
      g_assert_cmpint (cost->balance_before, ==, balance);
      g_assert_cmpint (cost->balance_after, ==, balance - tiers[i].credits);
      balance -= tiers[i].credits;
      spent += tiers[i].credits;
    }
  g_assert_cmpint (atelier_sandbox_get_balance (f->sandbox), ==, balance);

  /* OpenAI: the usage of a GPT image model's answer; DALL·E says none. */
  {
    g_autoptr(GHashTable) gpt = fixture_params ("prompt", "a fox", "model", "gpt-image-1",
                                                "n", "2", NULL);
    g_autoptr(GHashTable) dalle = fixture_params ("prompt", "a fox", "model", "dall-e-3", NULL);

    job = run (f, "openai", gpt);
    g_ptr_array_add (jobs, job);
    fixture_assert_done (job, 2, "png");
    cost = atelier_job_get_cost (job);
    g_assert_nonnull (cost);
    g_assert_cmpstr (cost->unit, ==, "tokens");
    g_assert_cmpint (cost->amount, ==, 450);
    g_assert_cmpint (cost->input_tokens, ==, 50);
    g_assert_cmpint (cost->output_tokens, ==, 400);
    g_assert_cmpint (cost->image_tokens, ==, 400);

    job = run (f, "openai", dalle);
    g_ptr_array_add (jobs, job);
    fixture_assert_done (job, 1, "png");
    g_assert_null (atelier_job_get_cost (job));
  }

  /* Core3D and Style DNA: the images they listed. */
  {
    g_autoptr(GHashTable) cats = fixture_params ("style", "vector-art", "type", "pattern",
                                                 "prompt", "lazy cats", "count", "2", NULL);
    g_autoptr(GHashTable) fox = fixture_params ("visualPrompt", "a fox in the snow",
                                                "anchorImageUrl", "https://example.com/anchor.png",
                                                "description", "flat pastel vector art", NULL);

    job = run (f, "core3d", cats);
    g_ptr_array_add (jobs, job);
    fixture_assert_done (job, 2, "png");
    cost = atelier_job_get_cost (job);
    g_assert_nonnull (cost);
    g_assert_cmpstr (cost->unit, ==, "images");
    g_assert_cmpint (cost->amount, ==, 2);

    job = run (f, "styledna", fox);
    g_ptr_array_add (jobs, job);
    g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
    cost = atelier_job_get_cost (job);
    g_assert_nonnull (cost);
    g_assert_cmpstr (cost->unit, ==, "images");
    g_assert_cmpint (cost->amount, ==, (gint64) g_strv_length ((GStrv) atelier_job_get_outputs (job)));
  }

  /* The tally adds up exactly what the jobs recorded. */
  for (guint i = 0; i < jobs->len; i++)
    atelier_spend_add_job (spend, g_ptr_array_index (jobs, i));
  g_assert_cmpuint (atelier_spend_get_n_jobs (spend), ==, jobs->len);
  g_assert_cmpuint (atelier_spend_get_n_unknown (spend), ==, 1);
  totals = atelier_spend_get_totals (spend);
  for (guint i = 0; i < totals->len; i++)
    {
      AtelierSpendRow *row = g_ptr_array_index (totals, i);
      g_autofree char *key = g_strdup_printf ("%s %s", row->service, row->unit ? row->unit : "?");

      g_test_message ("%s: %" G_GINT64_FORMAT " over %u jobs", key, row->amount, row->n_jobs);
      if (g_str_equal (key, "image3d credits"))
        {
          g_assert_cmpint (row->amount, ==, spent);
          g_assert_cmpuint (row->n_jobs, ==, G_N_ELEMENTS (tiers));
        }
      else if (g_str_equal (key, "openai tokens"))
        g_assert_cmpint (row->amount, ==, 450);
      else if (g_str_equal (key, "openai ?"))
        g_assert_cmpuint (row->n_jobs, ==, 1);
      else if (g_str_equal (key, "core3d images"))
        g_assert_cmpint (row->amount, ==, 2);
      else
        g_assert_cmpstr (key, ==, "styledna images");
    }
  g_assert_cmpuint (totals->len, ==, 5);
}

/* image3d precharges: a task that fails afterwards still cost its credits,
 * and a texture job costs its own (no tier). */
static void
test_image3d_failed_and_texture (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GHashTable) failing = fixture_params ("prompt", "sandbox-fail teapot",
                                                  "quality", "pro", NULL);
  g_autoptr(GHashTable) mesh = fixture_params ("prompt", "a teapot", "quality", "fast",
                                               "mesh_only", "true", NULL);
  g_autoptr(GHashTable) texture = NULL;
  g_autoptr(AtelierJob) failed = run (f, "image3d", failing);
  g_autoptr(AtelierJob) mesh_job = NULL;
  g_autoptr(AtelierJob) textured = NULL;
  const AtelierCost *cost;

  g_assert_cmpint (atelier_job_get_status (failed), ==, ATELIER_JOB_STATUS_FAILED);
  cost = atelier_job_get_cost (failed);
  g_assert_nonnull (cost);
  g_assert_cmpint (cost->amount, ==, 20);
  g_assert_cmpstr (cost->tier, ==, "pro");

  mesh_job = run (f, "image3d", mesh);
  fixture_assert_done (mesh_job, 1, "glb");
  texture = fixture_params ("mode", "texture", "task_id", atelier_job_get_remote_id (mesh_job),
                            NULL);
  textured = run (f, "image3d", texture);
  fixture_assert_done (textured, 1, "glb");
  cost = atelier_job_get_cost (textured);
  g_assert_nonnull (cost);
  g_assert_cmpint (cost->amount, ==, 10);
  g_assert_null (cost->tier);
  g_assert_cmpint (cost->balance_after, ==, atelier_sandbox_get_balance (f->sandbox));
}

/* Billing is read from whatever answer carries it; none (or a damaged
 * one) leaves the cost unknown, never worked out from the tier. */
static void
test_image3d_billing (Fixture       *f,
                      gconstpointer  data)
{
  const struct { const char *json; gint64 credits, before, after; const char *tier; } cases[] = {
    { "{\"task_id\":\"t\",\"status\":\"queued\",\"billing\":{\"credits\":12,"
      "\"tier\":\"fast\",\"balance_before\":488,\"balance_after\":476}}", 12, 488, 476, "fast" },
    { "{\"task_id\":\"t\",\"status\":\"queued\",\"billing\":{\"credits_charged\":3}}",
      3, -1, -1, NULL },
    { "{\"task_id\":\"t\",\"status\":\"queued\"}", -1, -1, -1, NULL },
    { "{\"task_id\":\"t\",\"status\":\"queued\",\"billing\":\"12 credits\"}", -1, -1, -1, NULL },
    { "{\"task_id\":\"t\",\"status\":\"queued\",\"billing\":{\"credits\":-4}}", -1, -1, -1, NULL },
    /* The service's words are checked like any: no token kept, one line. */
    { "{\"task_id\":\"t\",\"status\":\"queued\",\"billing\":{\"credits\":2,"
      "\"tier\":\"pro " ATELIER_SANDBOX_TOKEN "\"}}", 2, -1, -1, NULL },
    { "{\"task_id\":\"t\",\"status\":\"queued\",\"billing\":{\"credits\":2,"
      "\"tier\":\"pro\\nultra\"}}", 2, -1, -1, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = json_from_string (cases[i].json, &error);
      g_autoptr(AtelierRemoteStatus) status = NULL;

      g_assert_no_error (error);
      status = atelier_service_client_read_status (ATELIER_SERVICE_CLIENT (f->provider), root,
                                                   TRUE, &error);
      g_assert_no_error (error);
      if (cases[i].credits < 0)
        {
          g_assert_null (status->cost);
          continue;
        }
      g_assert_nonnull (status->cost);
      g_assert_cmpint (status->cost->amount, ==, cases[i].credits);
      g_assert_cmpint (status->cost->balance_before, ==, cases[i].before);
      g_assert_cmpint (status->cost->balance_after, ==, cases[i].after);
      g_assert_cmpstr (status->cost->tier, ==, cases[i].tier);
    }
}

static void
test_openai_usage (void)
{
  const struct { const char *json; gint64 total, in, out, images; } cases[] = {
    { "{\"total_tokens\":100,\"input_tokens\":50,\"output_tokens\":50,"
      "\"input_tokens_details\":{\"text_tokens\":10,\"image_tokens\":40}}", 100, 50, 50, 40 },
    { "{\"total_tokens\":300,\"input_tokens\":100,\"output_tokens\":200,"
      "\"input_tokens_details\":{\"image_tokens\":40},"
      "\"output_tokens_details\":{\"image_tokens\":200,\"text_tokens\":0}}", 300, 100, 200, 240 },
    /* No total: input + output, both the service's own figures. */
    { "{\"input_tokens\":7,\"output_tokens\":5}", 12, 7, 5, -1 },
    { "{\"total_tokens\":9}", 9, -1, -1, -1 },
  };
  const char *unknown[] = { "null", "{}", "[]", "{\"total_tokens\":-1}", "{\"total_tokens\":\"9\"}",
                            "{\"total_tokens\":1.5}", "{\"input_tokens\":7}" };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i].json, NULL);
      g_autoptr(AtelierCost) cost = atelier_openai_cost_from_usage (node);
      g_autoptr(AtelierJob) job = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, NULL);

      g_assert_nonnull (cost);
      g_assert_cmpstr (cost->unit, ==, "tokens");
      g_assert_cmpint (cost->amount, ==, cases[i].total);
      g_assert_cmpint (cost->input_tokens, ==, cases[i].in);
      g_assert_cmpint (cost->output_tokens, ==, cases[i].out);
      g_assert_cmpint (cost->image_tokens, ==, cases[i].images);
      atelier_openai_record_usage (job, node);
      g_assert_true (atelier_cost_equal (atelier_job_get_cost (job), cost));
    }
  for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (unknown[i], NULL);
      g_autoptr(AtelierCost) cost = atelier_openai_cost_from_usage (node);
      g_autoptr(AtelierJob) job = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, NULL);

      g_assert_null (cost);
      atelier_openai_record_usage (job, node);
      g_assert_null (atelier_job_get_cost (job));
    }
}

int
main (int argc, char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  fixture_init_env ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/spend/openai-usage", test_openai_usage);
  g_test_add ("/spend/sequence", Fixture, NULL, setup, test_sequence, fixture_teardown);
  g_test_add ("/spend/image3d-failed-and-texture", Fixture, NULL, setup,
              test_image3d_failed_and_texture, fixture_teardown);
  g_test_add ("/spend/image3d-billing", Fixture, NULL, setup, test_image3d_billing,
              fixture_teardown);

  return g_test_run ();
}
