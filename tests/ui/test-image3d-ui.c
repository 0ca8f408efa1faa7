/* test-image3d-ui.c: image3d and Style DNA in the window, on an in-process sandbox
 *
 * Signing in by email link in Preferences, buying credits after a 402 (the
 * test opens the checkout page itself, as the browser would), texturing a
 * mesh-only model, and editing a Style DNA result in its style.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <libsoup/soup.h>
#include <string.h>

#include "atelier-account-group.h"
#include "atelier-composer.h"
#include "atelier-credentials.h"
#include "atelier-credit-purchase.h"
#include "atelier-image3d.h"
#include "atelier-preferences-window.h"
#include "atelier-window.h"
#include "ui-test.h"

#define EMAIL "ada@example.com"

static char *home;

typedef struct
{
  UiSandbox      sandbox;
  AtelierEngine *engine;
  AtelierWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  ui_sandbox_start (&fixture->sandbox, 300);
  fixture->engine = fixture->sandbox.engine;
  fixture->window = g_object_ref (atelier_window_new (NULL, fixture->engine));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  ui_assert_finalize (fixture->window);
  ui_sandbox_stop (&fixture->sandbox);
}

static gboolean
match_row_title (GtkWidget     *widget,
                 gconstpointer  data)
{
  return ADW_IS_PREFERENCES_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), data) == 0;
}

static GtkWidget *
find_row (GtkWidget  *root,
          const char *title)
{
  GtkWidget *row = ui_find (root, match_row_title, title);

  g_assert_nonnull (row);
  return row;
}

static void
apply_entry (GtkWidget  *root,
             const char *title,
             const char *text)
{
  GtkWidget *row = find_row (root, title);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;
  return g_strstr_len (contents, length, needle) != NULL;
}

/* No file under @dir holds @secret. */
static void
assert_not_in_files (const char *dir,
                     const char *secret)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_not_in_files (path, secret);
      else if (file_contains (path, secret))
        g_error ("%s holds a token", path);
    }
}

/* No setting holds @secret. */
static void
assert_not_in_settings (GSettings  *settings,
                        const char *secret)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autoptr(GVariant) value = g_settings_get_value (settings, keys[i]);
      g_autofree char *text = g_variant_print (value, FALSE);

      g_assert_null (strstr (text, secret));
    }
}

static gboolean
link_sent (gpointer data)
{
  Fixture *fixture = data;
  g_autofree char *link = atelier_sandbox_get_sign_in_link (fixture->sandbox.sandbox, EMAIL);

  return link != NULL;
}

static gboolean
stand_in_holds_refresh (gpointer data)
{
  g_autofree char *refresh = atelier_credentials_peek_stand_in ("image3d", "refresh");

  return refresh != NULL;
}

static gboolean
stand_in_empty (gpointer data)
{
  g_autofree char *refresh = atelier_credentials_peek_stand_in ("image3d", "refresh");
  g_autofree char *token = atelier_credentials_peek_stand_in ("image3d", NULL);

  return refresh == NULL && token == NULL;
}

static void
test_preferences_email_link (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GSettings) settings = ui_settings_new ();
  AtelierProvider *provider = atelier_engine_get_provider (fixture->engine, "image3d");
  AtelierPreferencesWindow *prefs;
  GtkWidget *root, *group;
  g_autofree char *link = NULL;
  g_autofree char *refresh = NULL;
  g_autofree char *id_token = NULL;

  if (settings == NULL)
    {
      g_test_skip ("the settings schema is not compiled");
      return;
    }
  g_assert_false (atelier_image3d_provider_can_refresh (ATELIER_IMAGE3D_PROVIDER (provider)));

  prefs = atelier_preferences_window_new (fixture->engine, settings);
  gtk_window_present (GTK_WINDOW (prefs));
  root = GTK_WIDGET (prefs);
  group = ui_find_descendant (root, ATELIER_TYPE_ACCOUNT_GROUP);
  g_assert_nonnull (group);
  /* Style DNA edit shares Style DNA's account: no group of its own. */
  g_assert_nonnull (ui_find_label (gtk_widget_get_ancestor (group, ADW_TYPE_PREFERENCES_PAGE),
                                   "Style DNA"));
  g_assert_null (ui_find_label (gtk_widget_get_ancestor (group, ADW_TYPE_PREFERENCES_PAGE),
                                "Style DNA edit"));

  /* The public Web API key is a setting. */
  apply_entry (group, "Firebase Web API Key", ATELIER_SANDBOX_FIREBASE_KEY);
  {
    g_autofree char *key = g_settings_get_string (settings, "image3d-firebase-key");
    g_assert_cmpstr (key, ==, ATELIER_SANDBOX_FIREBASE_KEY);
  }

  /* Step one: a link by email. */
  gtk_editable_set_text (GTK_EDITABLE (find_row (group, "Email")), EMAIL);
  g_signal_emit_by_name (ui_find_button (group, "_Send Link"), "clicked");
  g_assert_true (ui_wait_for (link_sent, fixture, 10000));
  g_assert_null (atelier_credentials_peek_stand_in ("image3d", "refresh"));

  /* Step two: the person pastes it. */
  link = atelier_sandbox_get_sign_in_link (fixture->sandbox.sandbox, EMAIL);
  apply_entry (group, "Link from the Email", link);
  g_assert_true (ui_wait_for (stand_in_holds_refresh, NULL, 10000));
  g_assert_true (atelier_image3d_provider_can_refresh (ATELIER_IMAGE3D_PROVIDER (provider)));
  g_assert_nonnull (ui_find_label (group, "Signed in as " EMAIL));
  /* The pasted link does not stay in the entry. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_row (group, "Link from the Email"))), ==, "");

  /* The tokens are in the stand-in for the keyring, and nowhere else. */
  refresh = atelier_credentials_peek_stand_in ("image3d", "refresh");
  id_token = atelier_credentials_peek_stand_in ("image3d", NULL);
  g_assert_nonnull (id_token);
  g_assert_cmpstr (id_token, ==,
                   atelier_service_client_get_config (ATELIER_SERVICE_CLIENT (provider))->token);
  assert_not_in_settings (settings, refresh);
  assert_not_in_settings (settings, id_token);
  assert_not_in_files (home, refresh);
  assert_not_in_files (home, id_token);
  assert_not_in_files (fixture->sandbox.tmpdir, refresh);

  /* Signed in, the service answers with the new token. */
  {
    g_autoptr(AtelierJob) job = g_object_ref (ui_sandbox_create_job (&fixture->sandbox, "image3d",
                                                                     "prompt", "a signed-in teapot",
                                                                     "quality", "fast", NULL));
    g_assert_true (ui_wait_for_job (job, 20000));
    g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
  }

  g_signal_emit_by_name (ui_find_button (group, "Sign _Out"), "clicked");
  g_assert_true (ui_wait_for (stand_in_empty, NULL, 10000));
  g_assert_false (atelier_image3d_provider_can_refresh (ATELIER_IMAGE3D_PROVIDER (provider)));
  g_assert_nonnull (ui_find_label (group, "Not signed in"));

  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* ---- Buy Credits ------------------------------------------------------------- */

static gboolean
open_uri (AtelierCreditPurchase *purchase,
          const char            *uri,
          char                 **opened)
{
  *opened = g_strdup (uri);
  return TRUE;
}

static gboolean
string_set (gpointer data)
{
  return *(char **) data != NULL;
}

static gboolean
purchase_over (gpointer data)
{
  AtelierCreditPurchaseState state = atelier_credit_purchase_get_state (data);

  return state == ATELIER_CREDIT_PURCHASE_DONE || state == ATELIER_CREDIT_PURCHASE_FAILED;
}

static void
page_read (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
result_set (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return ui_find_label (wait->root, wait->text) != NULL;
}

static void
test_buy_credits_after_402 (Fixture       *fixture,
                            gconstpointer  data)
{
  AtelierSandbox *sandbox = fixture->sandbox.sandbox;
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) page = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *text = NULL;
  AtelierCreditPurchase *purchase;
  GtkWidget *buy;
  LabelWait wait = { GTK_WIDGET (fixture->window), NULL };

  atelier_sandbox_set_balance (sandbox, 0);
  atelier_window_select_provider (fixture->window, "image3d");
  job = g_object_ref (ui_sandbox_create_job (&fixture->sandbox, "image3d",
                                             "prompt", "a teapot on credit", "quality", "fast", NULL));
  g_assert_true (ui_wait_for_job (job, 20000));
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_FAILED);
  g_assert_cmpstr (atelier_job_get_error_kind (job), ==, "no-credits");

  /* The composer offers it beside the balance too. */
  wait.text = "Balance: 0 credits";
  g_assert_true (ui_wait_for (label_shown, &wait, 10000));
  g_assert_nonnull (ui_find_named (GTK_WIDGET (fixture->window), GTK_TYPE_BUTTON, "Buy credits"));

  atelier_window_select_job (fixture->window, atelier_job_get_id (job));
  buy = ui_find_button (GTK_WIDGET (fixture->window), "_Buy Credits");
  g_assert_nonnull (buy);
  g_assert_true (gtk_widget_get_visible (buy));
  g_signal_emit_by_name (buy, "clicked");

  purchase = atelier_window_get_credit_purchase (fixture->window);
  g_assert_nonnull (purchase);
  g_assert_cmpstr (atelier_credit_purchase_get_job_id (purchase), ==, atelier_job_get_id (job));
  /* The browser would open the page: here the test does. */
  g_signal_connect (purchase, "open-uri", G_CALLBACK (open_uri), &opened);
  g_assert_true (ui_wait_for (string_set, &opened, 10000));
  g_assert_cmpstr (opened, ==, atelier_credit_purchase_get_checkout_url (purchase));
  g_assert_cmpint (atelier_credit_purchase_get_state (purchase), ==, ATELIER_CREDIT_PURCHASE_WAITING);

  /* Asynchronously: the sandbox answers on this thread's main loop. */
  msg = soup_message_new ("GET", opened);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, page_read, &result);
  g_assert_true (ui_wait_for (result_set, &result, 10000));
  page = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);

  g_assert_true (ui_wait_for (purchase_over, purchase, 20000));
  g_assert_cmpint (atelier_credit_purchase_get_state (purchase), ==, ATELIER_CREDIT_PURCHASE_DONE);
  g_assert_cmpint (atelier_credit_purchase_get_balance (purchase), ==, atelier_sandbox_get_balance (sandbox));
  g_assert_cmpint (atelier_sandbox_get_balance (sandbox), >, 0);

  /* The balance shown follows, and a toast offers Retry on the job. */
  text = g_strdup_printf ("Balance: %lld credits", (long long) atelier_sandbox_get_balance (sandbox));
  wait.text = text;
  g_assert_true (ui_wait_for (label_shown, &wait, 10000));
  {
    g_autofree char *toast = g_strdup_printf ("image3d balance: %lld credits",
                                              (long long) atelier_sandbox_get_balance (sandbox));
    wait.text = toast;
    g_assert_true (ui_wait_for (label_shown, &wait, 10000));
  }

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.retry-job", "s",
                              atelier_job_get_id (job));
  g_assert_true (ui_wait_for_job (job, 20000));
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
}

/* ---- Texture It -------------------------------------------------------------- */

typedef struct
{
  AtelierEngine *engine;
  const char    *parent_id;
  AtelierJob    *child;
} ChildWait;

static gboolean
child_created (gpointer data)
{
  ChildWait *wait = data;
  GListModel *jobs = G_LIST_MODEL (atelier_engine_get_jobs (wait->engine));

  for (guint i = 0; i < g_list_model_get_n_items (jobs); i++)
    {
      g_autoptr(AtelierJob) job = g_list_model_get_item (jobs, i);

      if (g_strcmp0 (atelier_job_get_parent_id (job), wait->parent_id) == 0)
        {
          g_set_object (&wait->child, job);
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_texture_it (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(AtelierJob) mesh = NULL;
  GtkWidget *window = GTK_WIDGET (fixture->window);
  ChildWait wait = { fixture->engine, NULL, NULL };

  mesh = g_object_ref (ui_sandbox_create_job (&fixture->sandbox, "image3d",
                                              "prompt", "a plain teapot", "quality", "fast",
                                              "mesh_only", "true", NULL));
  g_assert_true (ui_wait_for_job (mesh, 20000));
  g_assert_cmpint (atelier_job_get_status (mesh), ==, ATELIER_JOB_STATUS_DONE);

  atelier_window_select_job (fixture->window, atelier_job_get_id (mesh));
  g_assert_true (gtk_widget_activate_action (window, "win.texture-job", NULL));
  wait.parent_id = atelier_job_get_id (mesh);
  g_assert_true (ui_wait_for (child_created, &wait, 5000));
  g_assert_true (ui_wait_for_job (wait.child, 20000));

  /* A textured model beside the mesh: both stay, each its own GLB. */
  g_assert_cmpint (atelier_job_get_status (wait.child), ==, ATELIER_JOB_STATUS_DONE);
  g_assert_cmpint (atelier_job_get_kind (wait.child), ==, ATELIER_JOB_KIND_MODEL);
  g_assert_cmpstr (atelier_job_get_outputs (wait.child)[0], !=, atelier_job_get_outputs (mesh)[0]);
  g_assert_nonnull (atelier_job_list_lookup (atelier_engine_get_jobs (fixture->engine),
                                             atelier_job_get_id (mesh)));

  /* The textured model has nothing left to texture. */
  g_assert_null (atelier_image3d_texture_params (wait.child, NULL));
  g_clear_object (&wait.child);
}

/* ---- Edit in This Style… ------------------------------------------------------ */

static gboolean
edit_selected (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *composer = ui_find_descendant (GTK_WIDGET (fixture->window), ATELIER_TYPE_COMPOSER);

  return composer != NULL &&
         g_strcmp0 (atelier_provider_get_id (atelier_composer_get_provider (ATELIER_COMPOSER (composer))),
                    "styledna-edit") == 0;
}

static void
test_edit_in_style (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  g_autoptr(AtelierJob) source = NULL;
  AtelierJob *edit = NULL;
  const char *url;

  source = g_object_ref (ui_sandbox_create_job (&fixture->sandbox, "styledna",
                                                "visualPrompt", "a lighthouse at dusk",
                                                "anchorImageUrl", "https://example.com/a.png",
                                                "description", "ink", NULL));
  g_assert_true (ui_wait_for_job (source, 20000));
  g_assert_cmpint (atelier_job_get_status (source), ==, ATELIER_JOB_STATUS_DONE);

  atelier_window_select_job (fixture->window, atelier_job_get_id (source));
  g_assert_true (gtk_widget_activate_action (window, "win.edit-in-style", NULL));
  g_assert_true (ui_wait_for (edit_selected, fixture, 10000));

  /* The form has the result's address: a prompt is all it takes. */
  atelier_window_set_prompt (fixture->window, "add a red boat");
  edit = atelier_composer_generate (ATELIER_COMPOSER (ui_find_descendant (window, ATELIER_TYPE_COMPOSER)));
  g_assert_nonnull (edit);
  g_object_ref (edit);
  url = atelier_job_get_param (edit, "imageUrl");
  g_assert_nonnull (url);
  g_assert_nonnull (strstr (url, "/cdn/"));
  g_assert_true (ui_wait_for_job (edit, 20000));
  g_assert_cmpint (atelier_job_get_status (edit), ==, ATELIER_JOB_STATUS_DONE);
  g_object_unref (edit);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  home = ui_test_init (&argc, &argv);
  if (home == NULL)
    return 0;
  /* Watch the balance on a short leash, as scripts do. */
  g_setenv ("ATELIER_POLL_MS", "100", TRUE);

  g_test_add ("/ui/image3d/preferences-email-link", Fixture, NULL,
              fixture_set_up, test_preferences_email_link, fixture_tear_down);
  g_test_add ("/ui/image3d/buy-credits-after-402", Fixture, NULL,
              fixture_set_up, test_buy_credits_after_402, fixture_tear_down);
  g_test_add ("/ui/image3d/texture-it", Fixture, NULL,
              fixture_set_up, test_texture_it, fixture_tear_down);
  g_test_add ("/ui/styledna/edit-in-style", Fixture, NULL,
              fixture_set_up, test_edit_in_style, fixture_tear_down);

  status = g_test_run ();
  ui_remove_tree (home);
  g_free (home);
  return status;
}
