/* test-cost.c: a job's cost, in its JSON and the history, and the tally
 * of what jobs cost
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>

#include "atelier-cost.h"
#include "atelier-history.h"
#include "atelier-spend.h"

/* A history as Atelier wrote it before jobs had costs (schema 1). */
static const char v1_schema[] =
  "CREATE TABLE jobs ("
  "  id TEXT PRIMARY KEY, created INTEGER NOT NULL, updated INTEGER NOT NULL,"
  "  status TEXT NOT NULL, provider TEXT NOT NULL, prompt TEXT NOT NULL DEFAULT '',"
  "  data TEXT NOT NULL);"
  "CREATE INDEX jobs_created ON jobs (created DESC);"
  "CREATE INDEX jobs_updated ON jobs (updated);"
  "CREATE VIRTUAL TABLE jobs_fts USING fts5 (prompt, content='jobs', content_rowid='rowid');"
  "CREATE TRIGGER jobs_ai AFTER INSERT ON jobs BEGIN"
  "  INSERT INTO jobs_fts (rowid, prompt) VALUES (new.rowid, new.prompt); END;"
  "CREATE TRIGGER jobs_ad AFTER DELETE ON jobs BEGIN"
  "  INSERT INTO jobs_fts (jobs_fts, rowid, prompt) VALUES ('delete', old.rowid, old.prompt); END;"
  "INSERT INTO jobs (id, created, updated, status, provider, prompt, data) VALUES"
  "  ('old-1', 10, 10, 'done', 'image3d', 'an old teapot',"
  "   '{\"id\":\"old-1\",\"provider\":\"image3d\",\"kind\":\"model\",\"status\":\"done\","
  "     \"created\":10,\"updated\":10,\"outputs\":[\"/tmp/teapot.glb\"],"
  "     \"params\":{\"prompt\":\"an old teapot\",\"quality\":\"fast\"}}'),"
  "  ('old-2', 20, 20, 'done', 'openai', 'an old fox',"
  "   '{\"id\":\"old-2\",\"provider\":\"openai\",\"kind\":\"image\",\"status\":\"done\","
  "     \"created\":20,\"updated\":20,\"outputs\":[\"/tmp/fox.png\"],"
  "     \"params\":{\"prompt\":\"an old fox\"}}');"
  "PRAGMA user_version=1;";

static AtelierCost *
credits (gint64      amount,
         const char *tier,
         gint64      before)
{
  AtelierCost *cost = atelier_cost_new (ATELIER_COST_UNIT_CREDITS, amount);

  atelier_cost_set_tier (cost, tier);
  cost->balance_before = before;
  cost->balance_after = before - amount;
  return cost;
}

static void
test_cost_json (void)
{
  g_autoptr(AtelierCost) cost = credits (12, "fast", 488);
  g_autoptr(AtelierCost) tokens = atelier_cost_new (ATELIER_COST_UNIT_TOKENS, 450);
  g_autoptr(AtelierCost) back = NULL;
  g_autoptr(AtelierCost) tokens_back = NULL;
  g_autoptr(JsonNode) node = atelier_cost_to_json (cost);
  g_autoptr(JsonNode) tokens_node = NULL;
  g_autofree char *text = NULL;
  g_autofree char *tokens_text = NULL;

  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "balance_after"), ==, 476);
  back = atelier_cost_new_from_json (node);
  g_assert_true (atelier_cost_equal (cost, back));
  text = atelier_cost_format (back);
  g_assert_cmpstr (text, ==, "12 credits (fast tier) · balance 488 → 476");

  tokens->input_tokens = 250;
  tokens->output_tokens = 200;
  tokens->image_tokens = 400;
  tokens_node = atelier_cost_to_json (tokens);
  /* Nothing unknown is written. */
  g_assert_false (json_object_has_member (json_node_get_object (tokens_node), "balance_before"));
  tokens_back = atelier_cost_new_from_json (tokens_node);
  g_assert_true (atelier_cost_equal (tokens, tokens_back));
  tokens_text = atelier_cost_format (tokens_back);
  g_assert_cmpstr (tokens_text, ==, "450 tokens · 250 in, 200 out · 400 image tokens");
}

/* A damaged cost is lost alone: the job loads, its cost unknown. */
static void
test_cost_damaged (void)
{
  const char *bad[] = {
    "null", "[]", "{}", "{\"unit\":\"credits\"}", "{\"unit\":\"credits\",\"amount\":-3}",
    "{\"unit\":\"credits\",\"amount\":1.5}", "{\"unit\":\"\",\"amount\":1}",
    "{\"unit\":\"a b\",\"amount\":1}", "{\"unit\":7,\"amount\":1}",
    "{\"unit\":\"credits\",\"amount\":\"12\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *json = g_strdup_printf ("{\"id\":\"j\",\"provider\":\"image3d\",\"cost\":%s}",
                                               bad[i]);
      g_autoptr(JsonNode) node = json_from_string (json, &error);
      g_autoptr(AtelierJob) job = NULL;

      g_assert_no_error (error);
      job = atelier_job_new_from_json (node, &error);
      g_assert_no_error (error);
      g_assert_null (atelier_job_get_cost (job));
    }
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_job_cost (void)
{
  g_autoptr(AtelierJob) job = atelier_job_new ("image3d", ATELIER_JOB_KIND_MODEL, NULL);
  g_autoptr(AtelierCost) cost = credits (5, "fast", 580);
  g_autoptr(AtelierJob) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierCost) prop = NULL;
  guint notifies = 0;

  g_assert_null (atelier_job_get_cost (job));
  node = atelier_job_to_json (job);
  g_assert_false (json_object_has_member (json_node_get_object (node), "cost"));
  g_clear_pointer (&node, json_node_unref);

  g_signal_connect (job, "notify::cost", G_CALLBACK (count_notify), &notifies);
  atelier_job_set_cost (job, cost);
  atelier_job_set_cost (job, cost);
  g_assert_cmpuint (notifies, ==, 1);
  g_object_get (job, "cost", &prop, NULL);
  g_assert_true (atelier_cost_equal (prop, cost));

  node = atelier_job_to_json (job);
  copy = atelier_job_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_true (atelier_cost_equal (atelier_job_get_cost (copy), cost));
}

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

  fixture->dir = g_dir_make_tmp ("atelier-cost-XXXXXX", &error);
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

/* Jobs written before costs existed load with their cost unknown, and count
 * as unknown in the tally; a job saved with a cost keeps it. */
static void
test_history_older_jobs (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(AtelierJob) job = atelier_job_new ("image3d", ATELIER_JOB_KIND_MODEL, NULL);
  g_autoptr(AtelierJob) loaded = NULL;
  g_autoptr(AtelierCost) cost = credits (40, "ultra", 580);
  g_autoptr(AtelierSpend) spend = atelier_spend_new (ATELIER_SPEND_BY_DAY, 0);
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, v1_schema, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  history = atelier_history_open (fixture->path, &error);
  g_assert_no_error (error);
  jobs = atelier_history_load_all (history, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==, 2);
  for (guint i = 0; i < jobs->len; i++)
    {
      AtelierJob *old = g_ptr_array_index (jobs, i);

      g_assert_null (atelier_job_get_cost (old));
      g_assert_cmpint (atelier_job_get_status (old), ==, ATELIER_JOB_STATUS_DONE);
      atelier_spend_add_job (spend, old);
    }
  g_assert_cmpuint (atelier_spend_get_n_unknown (spend), ==, 2);
  g_assert_cmpuint (atelier_spend_get_n_jobs (spend), ==, 2);

  atelier_job_set_cost (job, cost);
  atelier_job_set_status (job, ATELIER_JOB_STATUS_DONE);
  g_assert_true (atelier_history_save (history, job, &error));
  g_assert_no_error (error);
  loaded = atelier_history_load (history, atelier_job_get_id (job), &error);
  g_assert_no_error (error);
  g_assert_true (atelier_cost_equal (atelier_job_get_cost (loaded), cost));
}

static AtelierJob *
job_with (const char       *provider,
          const AtelierCost *cost,
          AtelierJobStatus  status)
{
  AtelierJob *job = atelier_job_new (provider, ATELIER_JOB_KIND_IMAGE, NULL);

  atelier_job_set_cost (job, cost);
  atelier_job_set_status (job, status);
  return job;
}

static void
test_spend_totals (void)
{
  g_autoptr(AtelierSpend) spend = atelier_spend_new (ATELIER_SPEND_BY_MONTH, 0);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(AtelierCost) fast = credits (5, "fast", 580);
  g_autoptr(AtelierCost) ultra = credits (40, "ultra", 575);
  g_autoptr(AtelierCost) tokens = atelier_cost_new (ATELIER_COST_UNIT_TOKENS, 1250);
  g_autoptr(AtelierCost) images = atelier_cost_new (ATELIER_COST_UNIT_IMAGES, 2);
  g_autoptr(GVariant) prices = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *period = NULL;
  g_autofree char *money = NULL;
  JsonObject *root, *image3d, *openai;
  GPtrArray *totals;
  AtelierSpendRow *row;

  prices = g_variant_ref_sink (g_variant_new_parsed ("{'image3d': ('credits', 0.01, 'usd'),"
                                                     " 'openai': ('tokens', 0.0, 'USD')}"));
  atelier_spend_set_prices (spend, prices);

  g_ptr_array_add (jobs, job_with ("image3d", fast, ATELIER_JOB_STATUS_DONE));
  g_ptr_array_add (jobs, job_with ("image3d", ultra, ATELIER_JOB_STATUS_FAILED));
  g_ptr_array_add (jobs, job_with ("openai", tokens, ATELIER_JOB_STATUS_DONE));
  g_ptr_array_add (jobs, job_with ("openai", NULL, ATELIER_JOB_STATUS_DONE));
  g_ptr_array_add (jobs, job_with ("core3d", images, ATELIER_JOB_STATUS_DONE));
  /* Not counted: Atelier's own export, a failure the service never billed,
   * a job still running. */
  g_ptr_array_add (jobs, job_with (ATELIER_JOB_PROVIDER_EXPORT, NULL, ATELIER_JOB_STATUS_DONE));
  g_ptr_array_add (jobs, job_with ("openai", NULL, ATELIER_JOB_STATUS_FAILED));
  g_ptr_array_add (jobs, job_with ("core3d", NULL, ATELIER_JOB_STATUS_RUNNING));
  for (guint i = 0; i < jobs->len; i++)
    atelier_spend_add_job (spend, g_ptr_array_index (jobs, i));

  g_assert_cmpuint (atelier_spend_get_n_jobs (spend), ==, 5);
  g_assert_cmpuint (atelier_spend_get_n_unknown (spend), ==, 1);
  totals = atelier_spend_get_totals (spend);
  g_assert_cmpuint (totals->len, ==, 4);
  row = g_ptr_array_index (totals, 1);
  g_assert_cmpstr (row->service, ==, "image3d");
  g_assert_cmpstr (row->unit, ==, "credits");
  g_assert_cmpint (row->amount, ==, 45);
  g_assert_cmpuint (row->n_jobs, ==, 2);
  g_assert_cmpfloat_with_epsilon (row->money, 0.45, 1e-9);
  g_assert_cmpstr (row->currency, ==, "USD");
  row = g_ptr_array_index (totals, 3);
  g_assert_cmpstr (row->service, ==, "openai");
  g_assert_null (row->unit);
  g_assert_cmpuint (row->n_jobs, ==, 1);
  /* A price of 0 is no price. */
  row = g_ptr_array_index (totals, 2);
  g_assert_cmpint (row->amount, ==, 1250);
  g_assert_cmpfloat (row->money, <, 0);

  money = atelier_spend_format_money (0.45, "USD");
  g_assert_cmpstr (money, ==, "0.45 USD");

  node = atelier_spend_to_json (spend);
  root = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (root, "by"), ==, "month");
  g_assert_cmpint (json_object_get_int_member (root, "unknown"), ==, 1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_object_get_object_member (root, "money"), "USD"), 0.45, 1e-9);
  image3d = json_object_get_object_member (json_object_get_object_member (root, "services"), "image3d");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (image3d, "units"), "credits"), ==, 45);
  openai = json_object_get_object_member (json_object_get_object_member (root, "services"), "openai");
  g_assert_cmpint (json_object_get_int_member (openai, "unknown"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (openai, "units"), "tokens"), ==, 1250);
  g_assert_false (json_object_has_member (openai, "money"));
  /* All made now: one month. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "periods")), ==, 1);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    period = g_date_time_format (now, "%Y-%m");
  }
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (root, "periods"), 0), "period"), ==, period);
}

static AtelierJob *
job_made_at (const char *provider,
             gint64      amount,
             int         year,
             int         month,
             int         day,
             int         hour)
{
  g_autoptr(GDateTime) when = g_date_time_new_local (year, month, day, hour, 30, 0);
  g_autofree char *json = g_strdup_printf ("{\"id\":\"%s-%d-%d-%d-%d\",\"provider\":\"%s\","
                                           "\"status\":\"done\",\"created\":%" G_GINT64_FORMAT ","
                                           "\"cost\":{\"unit\":\"credits\",\"amount\":%" G_GINT64_FORMAT "}}",
                                           provider, year, month, day, hour, provider,
                                           g_date_time_to_unix (when) * G_USEC_PER_SEC, amount);
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  return atelier_job_new_from_json (node, NULL);
}

/* Days and months in local time, whatever order the jobs come in. */
static void
test_spend_periods (void)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  const char *by_day[] = { "2026-12-06", "2026-12-05", "2026-11-30" };
  const gint64 day_amounts[] = { 3, 10, 100 };
  const char *by_month[] = { "2026-12", "2026-11" };
  const gint64 month_amounts[] = { 13, 100 };

  g_ptr_array_add (jobs, job_made_at ("image3d", 1, 2026, 12, 6, 23));
  g_ptr_array_add (jobs, job_made_at ("image3d", 2, 2026, 12, 6, 0));
  g_ptr_array_add (jobs, job_made_at ("image3d", 10, 2026, 12, 5, 12));
  g_ptr_array_add (jobs, job_made_at ("image3d", 100, 2026, 11, 30, 23));

  for (guint by = 0; by < 2; by++)
    {
      g_autoptr(AtelierSpend) spend = atelier_spend_new (by, 0);
      GPtrArray *periods;

      /* Out of order too: the last job's day is not the next one's. */
      for (guint i = 0; i < jobs->len; i++)
        atelier_spend_add_job (spend, g_ptr_array_index (jobs, (i * 3) % jobs->len));
      periods = atelier_spend_get_periods (spend);
      g_assert_cmpuint (periods->len, ==, by == ATELIER_SPEND_BY_DAY ? 3 : 2);
      for (guint i = 0; i < periods->len; i++)
        {
          AtelierSpendRow *row = g_ptr_array_index (periods, i);

          g_assert_cmpstr (row->period, ==, by == ATELIER_SPEND_BY_DAY ? by_day[i] : by_month[i]);
          g_assert_cmpint (row->amount, ==, by == ATELIER_SPEND_BY_DAY ? day_amounts[i] : month_amounts[i]);
        }
      g_assert_cmpint (((AtelierSpendRow *) g_ptr_array_index (atelier_spend_get_totals (spend), 0))->amount,
                       ==, 113);
    }
}

/* Jobs before --since are left out. */
static void
test_spend_since (void)
{
  g_autoptr(AtelierSpend) spend = atelier_spend_new (ATELIER_SPEND_BY_DAY,
                                                     g_get_real_time () + (gint64) G_USEC_PER_SEC * 3600);
  g_autoptr(AtelierCost) fast = credits (5, "fast", 580);
  g_autoptr(AtelierJob) job = job_with ("image3d", fast, ATELIER_JOB_STATUS_DONE);

  atelier_spend_add_job (spend, job);
  g_assert_cmpuint (atelier_spend_get_n_jobs (spend), ==, 0);
  g_assert_cmpuint (atelier_spend_get_totals (spend)->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  /* Amounts read the same in every test run: no thousands separator. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/cost/json", test_cost_json);
  g_test_add_func ("/core/cost/damaged", test_cost_damaged);
  g_test_add_func ("/core/cost/job", test_job_cost);
  g_test_add ("/core/cost/history-older-jobs", Fixture, NULL,
              fixture_set_up, test_history_older_jobs, fixture_tear_down);
  g_test_add_func ("/core/spend/totals", test_spend_totals);
  g_test_add_func ("/core/spend/since", test_spend_since);
  g_test_add_func ("/core/spend/periods", test_spend_periods);

  return g_test_run ();
}
