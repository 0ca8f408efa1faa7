/* test-job.c: the job object, its list model and its serialisation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "atelier-job.h"
#include "atelier-job-list.h"

static AtelierJob *
make_job (const char *prompt)
{
  g_autoptr(GHashTable) params = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (params, "prompt", (gpointer) prompt);
  g_hash_table_insert (params, "n", "2");
  return atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, params);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
test_job_states (void)
{
  g_autoptr(AtelierJob) job = make_job ("a red fox");
  guint status_notifies = 0;

  g_signal_connect (job, "notify::status", G_CALLBACK (count_notify), &status_notifies);

  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_QUEUED);
  g_assert_cmpfloat (atelier_job_get_progress (job), ==, -1);
  g_assert_cmpstr (atelier_job_get_prompt (job), ==, "a red fox");
  g_assert_false (atelier_job_is_finished (job));

  atelier_job_set_status (job, ATELIER_JOB_STATUS_RUNNING);
  atelier_job_set_status (job, ATELIER_JOB_STATUS_RUNNING);
  g_assert_cmpuint (status_notifies, ==, 1);

  atelier_job_set_progress (job, 7.0);
  g_assert_cmpfloat (atelier_job_get_progress (job), ==, 1.0);

  atelier_job_fail (job, "The service had a problem", TRUE);
  g_assert_true (atelier_job_is_finished (job));
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_FAILED);
  g_assert_cmpstr (atelier_job_get_error_message (job), ==, "The service had a problem");
  g_assert_true (atelier_job_get_retry_safe (job));
  g_assert_cmpint (atelier_job_get_finished (job), >, 0);

  /* What to do about it survives the history, and goes with a retry. */
  atelier_job_fail_full (job, "Not enough credits", TRUE, "no-credits", "https://example.com/buy");
  {
    g_autoptr(JsonNode) node = atelier_job_to_json (job);
    g_autoptr(AtelierJob) copy = atelier_job_new_from_json (node, NULL);

    g_assert_cmpstr (atelier_job_get_error_kind (copy), ==, "no-credits");
    g_assert_cmpstr (atelier_job_get_help_url (copy), ==, "https://example.com/buy");
  }

  atelier_job_set_remote_id (job, "core3d:generation:1");
  atelier_job_requeue (job);
  g_assert_null (atelier_job_get_error_kind (job));
  g_assert_null (atelier_job_get_help_url (job));
  g_assert_cmpstr (atelier_job_get_remote_id (job), ==, "core3d:generation:1");
  g_assert_null (atelier_job_get_error_message (job));
  atelier_job_reset (job);
  g_assert_null (atelier_job_get_remote_id (job));
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_QUEUED);
}

static void
test_job_json_roundtrip (void)
{
  g_autoptr(AtelierJob) job = make_job ("lazy cats in black and gold");
  g_autoptr(AtelierJob) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const char *pending[] = { "https://cdn.example/a.png", NULL };

  atelier_job_set_remote_id (job, "task-1");
  atelier_job_add_output (job, "/tmp/a.png");
  atelier_job_set_pending_outputs (job, pending);
  atelier_job_set_starred (job, TRUE);
  atelier_job_set_status (job, ATELIER_JOB_STATUS_DOWNLOADING);

  node = atelier_job_to_json (job);
  copy = atelier_job_new_from_json (node, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (atelier_job_get_id (copy), ==, atelier_job_get_id (job));
  g_assert_cmpstr (atelier_job_get_remote_id (copy), ==, "task-1");
  g_assert_cmpstr (atelier_job_get_param (copy, "n"), ==, "2");
  g_assert_cmpstr (atelier_job_get_outputs (copy)[0], ==, "/tmp/a.png");
  g_assert_cmpstr (atelier_job_get_pending_outputs (copy)[0], ==, pending[0]);
  g_assert_true (atelier_job_get_starred (copy));
  g_assert_cmpint (atelier_job_get_status (copy), ==, ATELIER_JOB_STATUS_DOWNLOADING);
  g_assert_cmpint (atelier_job_get_created (copy), ==, atelier_job_get_created (job));

  atelier_job_remove_pending_output (copy, pending[0]);
  g_assert_null (atelier_job_get_pending_outputs (copy)[0]);
}

static void
test_job_output_stars (void)
{
  g_autoptr(AtelierJob) job = make_job ("four foxes");
  g_autoptr(AtelierJob) copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  atelier_job_add_output (job, "/tmp/a.png");
  atelier_job_add_output (job, "/tmp/b.png");
  g_signal_connect (job, "notify::starred-outputs", G_CALLBACK (count_notify), &notified);

  /* Only the job's own files take a star, and a second star changes nothing. */
  atelier_job_set_output_starred (job, "/tmp/elsewhere.png", TRUE);
  g_assert_null (atelier_job_get_starred_outputs (job)[0]);
  atelier_job_set_output_starred (job, "/tmp/b.png", TRUE);
  atelier_job_set_output_starred (job, "/tmp/b.png", TRUE);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (atelier_job_get_output_starred (job, "/tmp/b.png"));
  g_assert_false (atelier_job_get_output_starred (job, "/tmp/a.png"));
  g_assert_false (atelier_job_get_starred (job));

  node = atelier_job_to_json (job);
  copy = atelier_job_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_true (atelier_job_get_output_starred (copy, "/tmp/b.png"));
  g_assert_cmpuint (g_strv_length ((char **) atelier_job_get_starred_outputs (copy)), ==, 1);

  atelier_job_set_output_starred (job, "/tmp/b.png", FALSE);
  g_assert_cmpuint (notified, ==, 2);
  atelier_job_update_from (job, copy);
  g_assert_cmpuint (notified, ==, 3);
  g_assert_true (atelier_job_get_output_starred (job, "/tmp/b.png"));
}

static void
test_job_json_hostile (void)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *bad[] = {
    "[]", "{}", "{\"id\": 3, \"provider\": \"openai\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(AtelierJob) job = NULL;

      g_assert_true (json_parser_load_from_data (parser, bad[i], -1, NULL));
      job = atelier_job_new_from_json (json_parser_get_root (parser), &error);
      g_assert_null (job);
      g_assert_nonnull (error);
    }

  /* Wrong types inside a valid record degrade to defaults, never crash. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(AtelierJob) job = NULL;

    g_assert_true (json_parser_load_from_data (parser,
      "{\"id\":\"x\",\"provider\":\"openai\",\"status\":\"weird\",\"outputs\":[1,\"/a.png\"],"
      "\"params\":{\"prompt\":7,\"n\":\"1\"}}", -1, NULL));
    job = atelier_job_new_from_json (json_parser_get_root (parser), &error);
    g_assert_no_error (error);
    g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_FAILED);
    g_assert_cmpstr (atelier_job_get_outputs (job)[0], ==, "/a.png");
    g_assert_cmpstr (atelier_job_get_prompt (job), ==, "");
  }
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *last_position)
{
  *last_position = position;
}

static void
test_job_list (void)
{
  g_autoptr(AtelierJobList) list = atelier_job_list_new ();
  g_autoptr(AtelierJob) a = make_job ("first");
  g_autoptr(AtelierJob) b = NULL;
  g_autoptr(AtelierJob) item = NULL;
  guint position = G_MAXUINT;

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &position);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == ATELIER_TYPE_JOB);

  atelier_job_list_add (list, a);
  g_usleep (2);
  b = make_job ("second");
  atelier_job_list_add (list, b);
  g_assert_cmpuint (position, ==, 0);
  atelier_job_list_add (list, b); /* no duplicates */

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  item = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (item == b);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 2));
  g_assert_true (atelier_job_list_lookup (list, atelier_job_get_id (a)) == a);

  g_assert_true (atelier_job_list_remove (list, b));
  g_assert_false (atelier_job_list_remove (list, b));
  g_assert_cmpuint (atelier_job_list_get_n_jobs (list), ==, 1);
  g_assert_null (atelier_job_list_lookup (list, atelier_job_get_id (b)));
}

static void
test_job_previews (void)
{
  g_autoptr(AtelierJob) job = make_job ("a fox forming");
  g_autoptr(AtelierJob) copy = NULL;
  g_autoptr(AtelierJob) other = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  guint notified = 0;

  g_signal_connect (job, "notify::previews", G_CALLBACK (count_notify), &notified);
  g_assert_null (atelier_job_get_previews (job)[0]);
  atelier_job_add_preview (job, "/tmp/p-0.png");
  atelier_job_add_preview (job, "/tmp/p-1.png");
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpstr (atelier_job_get_previews (job)[1], ==, "/tmp/p-1.png");

  /* Kept with the job, in order. */
  node = atelier_job_to_json (job);
  copy = atelier_job_new_from_json (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length ((char **) atelier_job_get_previews (copy)), ==, 2);
  g_assert_cmpstr (atelier_job_get_previews (copy)[0], ==, "/tmp/p-0.png");
  g_assert_cmpstr (atelier_job_get_previews (copy)[1], ==, "/tmp/p-1.png");

  /* Another process's copy brings them, and a new run starts without. */
  other = atelier_job_new_from_json (node, &error);
  atelier_job_clear_previews (other);
  atelier_job_update_from (job, other);
  g_assert_cmpuint (notified, ==, 3);
  g_assert_null (atelier_job_get_previews (job)[0]);
  atelier_job_update_from (job, copy);
  g_assert_cmpuint (notified, ==, 4);
  atelier_job_set_status (job, ATELIER_JOB_STATUS_FAILED);
  atelier_job_reset (job);
  g_assert_null (atelier_job_get_previews (job)[0]);
  g_assert_cmpuint (notified, ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/job/states", test_job_states);
  g_test_add_func ("/core/job/json-roundtrip", test_job_json_roundtrip);
  g_test_add_func ("/core/job/output-stars", test_job_output_stars);
  g_test_add_func ("/core/job/json-hostile", test_job_json_hostile);
  g_test_add_func ("/core/job-list/basic", test_job_list);

  g_test_add_func ("/core/job/previews", test_job_previews);
  return g_test_run ();
}
