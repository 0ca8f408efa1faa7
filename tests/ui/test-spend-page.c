/* test-spend-page.c: the Spend page's totals, the prices in Preferences, a
 * job's cost in the detail pane, and the window's Spend action
 *
 * Jobs run on an in-process sandbox over real HTTP, so the costs shown are
 * the ones the services reported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "atelier-job-detail.h"
#include "atelier-price-group.h"
#include "atelier-spend-page.h"
#include "atelier-window.h"
#include "ui-test.h"

typedef struct
{
  UiSandbox         sandbox;
  GtkWidget        *window;
  AtelierSpendPage *page;
  GSettings        *settings;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  ui_sandbox_start (&fixture->sandbox, 200);
  fixture->settings = ui_settings_new ();
  if (fixture->settings != NULL)
    g_settings_reset (fixture->settings, "service-prices");
  fixture->page = ATELIER_SPEND_PAGE (g_object_ref_sink (atelier_spend_page_new ()));
  atelier_spend_page_set_engine (fixture->page, fixture->sandbox.engine);
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 600, 800);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->page));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  ui_assert_finalize (fixture->page);
  g_clear_object (&fixture->settings);
  ui_sandbox_stop (&fixture->sandbox);
}

typedef struct
{
  const char *title;
  const char *subtitle;
} RowText;

static gboolean
match_row (GtkWidget     *widget,
           gconstpointer  data)
{
  const RowText *text = data;

  return ADW_IS_ACTION_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), text->title) == 0 &&
         (text->subtitle == NULL ||
          g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (widget)), text->subtitle) == 0);
}

static GtkWidget *
find_row (GtkWidget  *root,
          const char *title,
          const char *subtitle)
{
  RowText text = { title, subtitle };

  return ui_find (root, match_row, &text);
}

static const char *
visible_page (Fixture *fixture)
{
  return gtk_stack_get_visible_child_name (ui_find_stack (GTK_WIDGET (fixture->page), "totals"));
}

static gboolean
shows_text (gpointer data)
{
  Fixture *fixture = ((gpointer *) data)[0];
  const char *text = ((gpointer *) data)[1];

  return ui_find_label (GTK_WIDGET (fixture->page), text) != NULL;
}

static void
wait_for_label (Fixture    *fixture,
                const char *text)
{
  gpointer data[] = { fixture, (gpointer) text };

  g_assert_true (ui_wait_for (shows_text, data, 10000));
}

static gboolean
shows_row (gpointer data)
{
  Fixture *fixture = ((gpointer *) data)[0];

  return find_row (GTK_WIDGET (fixture->page), ((gpointer *) data)[1], ((gpointer *) data)[2]) != NULL;
}

static void
wait_for_row (Fixture    *fixture,
              const char *title,
              const char *subtitle)
{
  gpointer data[] = { fixture, (gpointer) title, (gpointer) subtitle };

  if (!ui_wait_for (shows_row, data, 10000))
    g_error ("No row “%s” / “%s”", title, subtitle);
}

/* A known sequence: image3d fast and ultra, a GPT image job, a DALL·E job
 * whose answer has no usage. */
static void
run_jobs (Fixture *fixture)
{
  AtelierJob *jobs[] = {
    ui_sandbox_create_job (&fixture->sandbox, "image3d", "prompt", "a teapot", "quality", "fast", NULL),
    ui_sandbox_create_job (&fixture->sandbox, "image3d", "prompt", "a teapot", "quality", "ultra", NULL),
    ui_sandbox_create_job (&fixture->sandbox, "openai", "prompt", "a fox", "model", "gpt-image-1", NULL),
    ui_sandbox_create_job (&fixture->sandbox, "openai", "prompt", "a fox", "model", "dall-e-3", NULL),
  };

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      g_assert_true (ui_wait_for_job (jobs[i], 30000));
      g_assert_cmpint (atelier_job_get_status (jobs[i]), ==, ATELIER_JOB_STATUS_DONE);
    }
}

static gboolean
by_month (gpointer data)
{
  return atelier_spend_page_get_by_month (data);
}

static void
test_totals (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *month = g_date_time_format (now, "%Y-%m");
  AtelierSpend *spend;
  GtkWidget *root = GTK_WIDGET (fixture->page);

  g_assert_cmpstr (visible_page (fixture), ==, "empty");
  g_assert_nonnull (ui_find_named (root, ATELIER_TYPE_SPEND_PAGE, "Spend"));

  run_jobs (fixture);

  /* The totals are what the jobs recorded: 5 + 40 credits, 250 tokens
   * (the page catches up in an idle; asking for its tally brings it up to date). */
  spend = atelier_spend_page_get_spend (fixture->page);
  wait_for_row (fixture, "image3d", "45 credits · 2 jobs");
  g_assert_cmpstr (visible_page (fixture), ==, "totals");
  g_assert_nonnull (find_row (root, "OpenAI-compatible", "250 tokens · 1 job"));
  g_assert_nonnull (find_row (root, "OpenAI-compatible", "Unknown cost · 1 job"));
  g_assert_nonnull (ui_find_label (root, "1 job of unknown cost: its service did not say, so it is not counted"));
  g_assert_cmpuint (atelier_spend_get_n_jobs (spend), ==, 4);
  g_assert_cmpuint (atelier_spend_get_n_unknown (spend), ==, 1);
  g_assert_nonnull (ui_find_named (root, GTK_TYPE_LIST_BOX, "Totals by service"));

  /* By day, then by month, with the toggle. */
  g_assert_nonnull (ui_find_label (root, "By Day"));
  g_assert_nonnull (find_row (root, day, "image3d · 45 credits · 2 jobs"));
  /* A button's activation clicks it a moment later, as a key press would. */
  gtk_widget_activate (ui_find_button (root, "_Month"));
  g_assert_true (ui_wait_for (by_month, fixture->page, 5000));
  wait_for_row (fixture, month, "image3d · 45 credits · 2 jobs");
  g_assert_nonnull (ui_find_label (root, "By Month"));
  g_assert_null (find_row (root, day, NULL));

  /* A price turns credits into money; the others stay in units. */
  if (fixture->settings == NULL)
    {
      g_test_skip ("the settings schema is not compiled");
      return;
    }
  g_settings_set_value (fixture->settings, "service-prices",
                        g_variant_new_parsed ("{'image3d': ('credits', 0.01, 'USD')}"));
  wait_for_label (fixture, "0.45 USD");
  g_assert_nonnull (find_row (root, "image3d", "45 credits · 2 jobs"));
}

/* The detail pane says what a job cost, or that nobody said. */
static void
test_detail_cost (Fixture       *fixture,
                  gconstpointer  data)
{
  AtelierJobDetail *detail = ATELIER_JOB_DETAIL (g_object_ref_sink (atelier_job_detail_new ()));
  GtkWidget *window = gtk_window_new ();
  AtelierJob *fast, *dalle;
  gint64 balance = atelier_sandbox_get_balance (fixture->sandbox.sandbox);
  g_autofree char *expected = g_strdup_printf ("5 credits (fast tier) · balance %" G_GINT64_FORMAT
                                               " → %" G_GINT64_FORMAT, balance, balance - 5);

  atelier_job_detail_set_engine (detail, fixture->sandbox.engine);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (detail));
  gtk_window_present (GTK_WINDOW (window));

  fast = ui_sandbox_create_job (&fixture->sandbox, "image3d", "prompt", "a teapot", "quality", "fast", NULL);
  atelier_job_detail_set_job (detail, fast);
  g_assert_true (ui_wait_for_job (fast, 30000));
  g_assert_nonnull (find_row (GTK_WIDGET (detail), "Cost", expected));

  dalle = ui_sandbox_create_job (&fixture->sandbox, "openai", "prompt", "a fox", "model", "dall-e-3", NULL);
  atelier_job_detail_set_job (detail, dalle);
  g_assert_null (find_row (GTK_WIDGET (detail), "Cost", NULL));
  g_assert_true (ui_wait_for_job (dalle, 30000));
  g_assert_nonnull (find_row (GTK_WIDGET (detail), "Cost", "Unknown"));

  gtk_window_destroy (GTK_WINDOW (window));
  ui_assert_finalize (detail);
}

static gboolean
prices_have (gpointer data)
{
  Fixture *fixture = ((gpointer *) data)[0];
  g_autoptr(GVariant) prices = g_settings_get_value (fixture->settings, "service-prices");
  g_autofree char *text = g_variant_print (prices, FALSE);

  /* NULL: no price at all. */
  if (((gpointer *) data)[1] == NULL)
    return g_variant_n_children (prices) == 0;
  return g_strcmp0 (text, ((gpointer *) data)[1]) == 0;
}

/* Preferences keep a price only with both a number and a currency. */
static void
test_price_group (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *services[] = { "openai", "image3d", "styledna", "styledna-edit", NULL };
  GtkWidget *group, *window, *spin, *entry;
  gpointer check[2] = { fixture, NULL };

  if (fixture->settings == NULL)
    {
      g_test_skip ("the settings schema is not compiled");
      return;
    }
  group = g_object_ref_sink (atelier_price_group_new (fixture->settings, services));
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), group);
  gtk_window_present (GTK_WINDOW (window));

  g_assert_nonnull (find_row (group, "image3d", "Price of one credit"));
  g_assert_nonnull (find_row (group, "OpenAI-compatible", "Price of one token"));
  /* Style DNA edit is priced with the Style DNA account it shares. */
  g_assert_nonnull (find_row (group, "Style DNA", "Price of one image"));
  g_assert_null (find_row (group, "Style DNA edit", NULL));
  spin = ui_find_named (group, GTK_TYPE_SPIN_BUTTON, "Price of one credit, image3d");
  entry = ui_find_named (group, GTK_TYPE_ENTRY, "Currency, image3d");
  g_assert_nonnull (spin);
  g_assert_nonnull (entry);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 0.01);
  check[1] = NULL;
  g_assert_true (prices_have (check));
  gtk_editable_set_text (GTK_EDITABLE (entry), "eur");
  check[1] = "{'image3d': ('credits', 0.01, 'EUR')}";
  g_assert_true (ui_wait_for (prices_have, check, 5000));

  spin = ui_find_named (group, GTK_TYPE_SPIN_BUTTON, "Price of one image, Style DNA");
  entry = ui_find_named (group, GTK_TYPE_ENTRY, "Currency, Style DNA");
  gtk_editable_set_text (GTK_EDITABLE (entry), "USD");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 0.04);
  check[1] = "{'image3d': ('credits', 0.01, 'EUR'), 'styledna': ('images', 0.040000000000000001, 'USD'), "
             "'styledna-edit': ('images', 0.040000000000000001, 'USD')}";
  g_assert_true (ui_wait_for (prices_have, check, 5000));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 0);
  spin = ui_find_named (group, GTK_TYPE_SPIN_BUTTON, "Price of one credit, image3d");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 0);
  check[1] = NULL;
  g_assert_true (ui_wait_for (prices_have, check, 5000));

  gtk_window_destroy (GTK_WINDOW (window));
  ui_assert_finalize (group);
}

static gboolean
spend_window_open (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_strcmp0 (gtk_window_get_title (window), "Spend") == 0 &&
          gtk_widget_get_visible (GTK_WIDGET (window)) &&
          ui_find_descendant (GTK_WIDGET (window), ATELIER_TYPE_SPEND_PAGE) != NULL)
        {
          *(GtkWindow **) data = window;
          return TRUE;
        }
    }
  return FALSE;
}

/* The main menu's Spend opens the totals in a window of their own, once. */
static void
test_window_action (Fixture       *fixture,
                    gconstpointer  data)
{
  AtelierWindow *window = g_object_ref (atelier_window_new (NULL, fixture->sandbox.engine));
  GtkWindow *spend = NULL, *again = NULL;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.spend", NULL));
  g_assert_true (ui_wait_for (spend_window_open, &spend, 5000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.spend", NULL));
  g_assert_true (ui_wait_for (spend_window_open, &again, 5000));
  g_assert_true (spend == again);

  /* Closed, the page no longer follows the jobs (nor crashes when they change). */
  gtk_window_destroy (spend);
  {
    AtelierJob *job = ui_sandbox_create_job (&fixture->sandbox, "openai", "prompt", "a fox", NULL);

    g_assert_true (ui_wait_for_job (job, 30000));
    g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
  }
  g_assert_false (spend_window_open (&again));

  /* Open when the main window goes: it goes too, and lets go of the engine. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.spend", NULL));
  g_assert_true (ui_wait_for (spend_window_open, &spend, 5000));
  g_object_ref (spend);

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (spend);
  ui_assert_finalize (spend);
  ui_assert_finalize (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int ret;

  if (home == NULL)
    return 0;

  g_test_add ("/ui/spend/totals", Fixture, NULL, fixture_set_up, test_totals, fixture_tear_down);
  g_test_add ("/ui/spend/detail-cost", Fixture, NULL, fixture_set_up, test_detail_cost,
              fixture_tear_down);
  g_test_add ("/ui/spend/price-group", Fixture, NULL, fixture_set_up, test_price_group,
              fixture_tear_down);
  g_test_add ("/ui/spend/window-action", Fixture, NULL, fixture_set_up, test_window_action,
              fixture_tear_down);

  ret = g_test_run ();
  ui_remove_tree (home);
  return ret;
}
