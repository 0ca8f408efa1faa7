/* test-endpoints-group.c: adding an OpenAI-compatible endpoint in
 * Preferences makes a service of its own in the composer's picker, with
 * its token in the keyring (stand-in) and its models from its server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "atelier-composer.h"
#include "atelier-credentials.h"
#include "atelier-endpoints.h"
#include "atelier-endpoints-group.h"
#include "atelier-preferences-window.h"
#include "ui-test.h"

#define TOKEN ATELIER_SANDBOX_TOKEN

typedef struct
{
  UiSandbox  sandbox;
  GtkWidget *prefs;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  ui_sandbox_start (&fixture->sandbox, 200);
  fixture->prefs = GTK_WIDGET (atelier_preferences_window_new (fixture->sandbox.engine, NULL));
  gtk_window_present (GTK_WINDOW (fixture->prefs));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->prefs));
  ui_sandbox_stop (&fixture->sandbox);
}

static gboolean
has_provider (gpointer data)
{
  Fixture *fixture = data;

  return atelier_engine_get_provider (fixture->sandbox.engine, "openai:Local") != NULL;
}

static gboolean
model_listed (gpointer data)
{
  AtelierProvider *provider = data;
  const AtelierParamSpec *spec = atelier_param_table_lookup (atelier_provider_get_params (provider),
                                                             "model");

  return g_strv_contains (spec->choices, "gpt-image-2-2026-04-21");
}

/* The row's subtitle (a label beside its title) says so. */
static gboolean
connected (gpointer data)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (data), ADW_TYPE_ACTION_ROW);

  return row != NULL
         && g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Connected") == 0;
}

static gboolean
stand_in_cleared (gpointer data)
{
  g_autofree char *token = atelier_credentials_peek_stand_in ("openai", "Local");

  return token == NULL;
}

static void
set_text (GtkWidget  *root,
          GType       type,
          const char *name,
          const char *text)
{
  GtkWidget *entry = ui_find_named (root, type, name);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
test_add_endpoint (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *group = ui_find_descendant (fixture->prefs, ATELIER_TYPE_ENDPOINTS_GROUP);
  GtkWidget *add, *token_entry, *refresh, *remove, *window, *test;
  g_autofree char *url = atelier_sandbox_get_url (fixture->sandbox.sandbox, "openai");
  g_autofree char *path = atelier_endpoints_get_path ();
  g_autofree char *ini = NULL;
  g_autofree char *stored = NULL;
  g_auto(GStrv) names = NULL;
  AtelierProvider *provider;
  AtelierComposer *composer;

  g_assert_nonnull (group);
  add = ui_find_named (group, GTK_TYPE_BUTTON, "Add endpoint");
  g_assert_nonnull (add);
  g_assert_false (gtk_widget_get_sensitive (add));

  set_text (group, ADW_TYPE_ENTRY_ROW, "New endpoint name", "bad name");
  set_text (group, ADW_TYPE_ENTRY_ROW, "New endpoint base URL", url);
  /* A name that cannot be an id is not accepted, and is marked. */
  g_assert_false (gtk_widget_get_sensitive (add));
  g_assert_true (gtk_widget_has_css_class (ui_find_named (group, ADW_TYPE_ENTRY_ROW, "New endpoint name"),
                                           "error"));
  set_text (group, ADW_TYPE_ENTRY_ROW, "New endpoint name", "Local");
  token_entry = ui_find_named (group, ADW_TYPE_PASSWORD_ENTRY_ROW, "New endpoint access token");
  g_assert_nonnull (token_entry);
  gtk_editable_set_text (GTK_EDITABLE (token_entry), TOKEN);
  g_assert_true (gtk_widget_get_sensitive (add));
  g_signal_emit_by_name (add, "clicked");

  /* A service of its own at once, with its token from the keyring. */
  g_assert_true (ui_wait_for (has_provider, fixture, 5000));
  provider = atelier_engine_get_provider (fixture->sandbox.engine, "openai:Local");
  g_assert_cmpstr (atelier_provider_get_display_name (provider), ==, "Local");
  stored = atelier_credentials_peek_stand_in ("openai", "Local");
  g_assert_cmpstr (stored, ==, TOKEN);
  /* The token leaves the widget; the file has the address, not the token. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (token_entry)), ==, "");
  g_assert_true (g_file_get_contents (path, &ini, NULL, NULL));
  g_assert_nonnull (strstr (ini, url));
  g_assert_null (strstr (ini, TOKEN));
  /* Its own row, with a way to remove it. */
  remove = ui_find_named (group, GTK_TYPE_BUTTON, "Remove Local");
  g_assert_nonnull (remove);
  g_assert_nonnull (ui_find_named (group, ADW_TYPE_PASSWORD_ENTRY_ROW, "Access token of Local"));

  /* Test connection reaches its server with its token. */
  test = ui_find_named (group, GTK_TYPE_BUTTON, "Test connection to Local");
  g_assert_nonnull (test);
  g_signal_emit_by_name (test, "clicked");
  g_assert_true (ui_wait_for (connected, ui_find_label (group, "Connection"), 10000));

  /* In the composer's picker; the refresh button fills its models. */
  composer = ATELIER_COMPOSER (atelier_composer_new ());
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (composer));
  atelier_composer_set_engine (composer, fixture->sandbox.engine);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (atelier_composer_select_provider (composer, "openai:Local"));
  refresh = ui_find_named (GTK_WIDGET (composer), GTK_TYPE_BUTTON, "Refresh Model List");
  g_assert_nonnull (refresh);
  g_assert_nonnull (gtk_widget_get_tooltip_text (refresh));
  g_signal_emit_by_name (refresh, "clicked");
  g_assert_true (ui_wait_for (model_listed, provider, 10000));
  g_assert_cmpuint (atelier_sandbox_count_requests (fixture->sandbox.sandbox, "GET /v1/models"), >=, 1);
  gtk_window_destroy (GTK_WINDOW (window));

  /* Removed: gone from the file and the keyring. */
  g_signal_emit_by_name (remove, "clicked");
  names = atelier_endpoints_list ();
  g_assert_false (g_strv_contains ((const char * const *) names, "Local"));
  g_assert_true (ui_wait_for (stand_in_cleared, NULL, 5000));
  g_assert_null (ui_find_named (group, GTK_TYPE_BUTTON, "Remove Local"));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int ret;

  if (home == NULL)
    return 0;

  g_test_add ("/ui/endpoints-group/add", Fixture, NULL,
              fixture_set_up, test_add_endpoint, fixture_tear_down);

  ret = g_test_run ();
  ui_remove_tree (home);
  return ret;
}
