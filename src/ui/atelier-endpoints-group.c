/* atelier-endpoints-group.c: named OpenAI-compatible endpoints, in Preferences
 *
 * One expander row per endpoint (its address, a token entry that never
 * shows the stored token, Remove), and one to add another. Addresses go to
 * the endpoints file, tokens to the keyring, never the other way round.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-preferences"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "atelier-endpoints.h"
#include "atelier-endpoints-group.h"
#include "atelier-openai-models.h"
#include "atelier-providers.h"

struct _AtelierEndpointsGroup
{
  AdwPreferencesGroup  parent_instance;

  AtelierEngine       *engine;
  GCancellable        *cancellable;
  AdwExpanderRow      *add_row;
  GtkWidget           *name_entry;
  GtkWidget           *url_entry;
  GtkWidget           *token_entry;
  GtkWidget           *add_button;
};

G_DEFINE_FINAL_TYPE (AtelierEndpointsGroup, atelier_endpoints_group, ADW_TYPE_PREFERENCES_GROUP)

static void
say (AtelierEndpointsGroup *self,
     const char            *text)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (window != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), adw_toast_new (escaped));
  else
    g_message ("%s", text);
}

static void
label (GtkWidget  *widget,
       const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
token_stored (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AtelierEndpointsGroup) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!atelier_endpoints_store_token_finish (result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not store the token: %s"), error->message);

      say (self, text);
    }
}

static void
store_token (AtelierEndpointsGroup *self,
             const char            *name,
             GtkWidget             *entry)
{
  atelier_endpoints_store_token_async (name, gtk_editable_get_text (GTK_EDITABLE (entry)),
                                       self->cancellable, token_stored, g_object_ref (self));
  /* The secret should not linger in the widget once it is stored. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* ---- one endpoint ------------------------------------------------------- */

static void
on_url_apply (AdwEntryRow           *entry,
              AtelierEndpointsGroup *self)
{
  const char *name = g_object_get_data (G_OBJECT (entry), "endpoint");
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  GtkWidget *row = g_object_get_data (G_OBJECT (entry), "endpoint-row");
  g_autoptr(GError) error = NULL;

  if (!atelier_endpoints_set (name, url, &error))
    {
      say (self, error->message);
      return;
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), url);
  say (self, _("Address saved. It applies at the next start."));
}

static void
on_token_apply (AdwEntryRow           *entry,
                AtelierEndpointsGroup *self)
{
  store_token (self, g_object_get_data (G_OBJECT (entry), "endpoint"), GTK_WIDGET (entry));
  say (self, _("Token saved in the keyring. It applies at the next start."));
}

static void
on_remove_clicked (GtkButton             *button,
                   AtelierEndpointsGroup *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "endpoint");
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "endpoint-row");
  g_autofree char *id = atelier_endpoint_provider_id (name);
  g_autofree char *cache = atelier_openai_models_cache_path (id);
  g_autoptr(GError) error = NULL;

  if (!atelier_endpoints_remove (name, &error))
    {
      say (self, error->message);
      return;
    }
  atelier_endpoints_store_token_async (name, NULL, self->cancellable, token_stored,
                                       g_object_ref (self));
  g_unlink (cache);
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), row);
  say (self, _("Endpoint removed. Its service leaves the list at the next start."));
}

static void
test_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GtkWidget) row = user_data;
  g_autoptr(GError) error = NULL;
  AtelierConnection state = ATELIER_CONNECTION_OK;
  GtkWidget *button = g_object_get_data (G_OBJECT (row), "test-button");
  const char *text;

  if (!atelier_provider_test_connection_finish (ATELIER_PROVIDER (source), result, &state, &error)
      && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (button, TRUE);
  if (error != NULL)
    text = error->message;
  else if (state == ATELIER_CONNECTION_TOKEN_REFUSED)
    text = _("The server answered, but refused the token");
  else if (state == ATELIER_CONNECTION_REACHABLE)
    text = _("The server is reachable");
  else
    text = _("Connected");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text);
}

/* Tests what is stored now (the address in the file, the token in the
 * keyring), through a client made for it. */
static void
on_test_clicked (GtkButton             *button,
                 AtelierEndpointsGroup *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "endpoint");
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "test-row");
  g_autofree char *id = atelier_endpoint_provider_id (name);
  g_autoptr(AtelierServiceConfig) config = atelier_providers_resolve_config (id, NULL);
  g_autoptr(AtelierHttp) http = self->engine != NULL ? g_object_ref (atelier_engine_get_http (self->engine))
                                                     : atelier_http_new ();
  g_autoptr(AtelierProvider) provider = atelier_providers_create (id, http, config);

  if (provider == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Testing…"));
  atelier_provider_test_connection_async (provider, self->cancellable, test_done, g_object_ref (row));
}

static GtkWidget *
endpoint_row (AtelierEndpointsGroup *self,
              const char            *name,
              const char            *url)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *entry, *action, *button;
  g_autofree char *text = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), url);

  entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Base URL"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (entry), GTK_INPUT_PURPOSE_URL);
  gtk_editable_set_text (GTK_EDITABLE (entry), url);
  /* Translators: %s is an endpoint name */
  text = g_strdup_printf (_("Base URL of %s"), name);
  label (entry, text);
  g_object_set_data_full (G_OBJECT (entry), "endpoint", g_strdup (name), g_free);
  g_object_set_data (G_OBJECT (entry), "endpoint-row", row);
  g_signal_connect_object (entry, "apply", G_CALLBACK (on_url_apply), self, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), entry);
  g_clear_pointer (&text, g_free);

  entry = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), _("Access Token"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
  /* Translators: %s is an endpoint name */
  text = g_strdup_printf (_("Access token of %s"), name);
  label (entry, text);
  g_object_set_data_full (G_OBJECT (entry), "endpoint", g_strdup (name), g_free);
  g_signal_connect_object (entry, "apply", G_CALLBACK (on_token_apply), self, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), entry);
  g_clear_pointer (&text, g_free);

  action = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action), _("Connection"));
  button = gtk_button_new_with_mnemonic (_("_Test"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  /* Translators: %s is an endpoint name */
  text = g_strdup_printf (_("Test connection to %s"), name);
  label (button, text);
  g_clear_pointer (&text, g_free);
  g_object_set_data_full (G_OBJECT (button), "endpoint", g_strdup (name), g_free);
  g_object_set_data (G_OBJECT (button), "test-row", action);
  g_object_set_data (G_OBJECT (action), "test-button", button);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_test_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (action), button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), action);

  action = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action), _("Remove this endpoint and its token"));
  button = gtk_button_new_with_mnemonic (_("_Remove"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "destructive-action");
  /* Translators: %s is an endpoint name */
  text = g_strdup_printf (_("Remove %s"), name);
  label (button, text);
  g_object_set_data_full (G_OBJECT (button), "endpoint", g_strdup (name), g_free);
  g_object_set_data (G_OBJECT (button), "endpoint-row", row);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_remove_clicked), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (action), button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), action);

  return row;
}

/* ---- adding one --------------------------------------------------------- */

typedef struct
{
  AtelierEndpointsGroup *self;
  char                  *name;
} Added;

static Added *
added_new (AtelierEndpointsGroup *self,
           const char            *name)
{
  Added *added = g_new0 (Added, 1);

  added->self = g_object_ref (self);
  added->name = g_strdup (name);
  return added;
}

static void
added_free (Added *added)
{
  g_object_unref (added->self);
  g_free (added->name);
  g_free (added);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Added, added_free)

static void
added_token_stored (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Added) added = user_data;
  g_autoptr(GError) error = NULL;

  if (!atelier_endpoints_store_token_finish (result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not store the token: %s"), error->message);

      say (added->self, text);
    }
  if (added->self->engine != NULL && !g_cancellable_is_cancelled (added->self->cancellable))
    atelier_providers_add_endpoint (added->self->engine, added->name);
}

static void
update_add_button (AtelierEndpointsGroup *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_entry))));
  gboolean name_ok = atelier_endpoint_name_is_valid (name);
  gboolean url_ok = atelier_endpoint_url_is_valid (url);

  /* Marked as soon as something unusable is typed, not while empty. */
  if (!name_ok && *name != '\0')
    gtk_widget_add_css_class (self->name_entry, "error");
  else
    gtk_widget_remove_css_class (self->name_entry, "error");
  if (!url_ok && *url != '\0')
    gtk_widget_add_css_class (self->url_entry, "error");
  else
    gtk_widget_remove_css_class (self->url_entry, "error");
  gtk_widget_set_sensitive (self->add_button, name_ok && url_ok);
}

static void
on_add_clicked (AtelierEndpointsGroup *self)
{
  g_autofree char *name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry)));
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_entry))));
  g_autofree char *existing = atelier_endpoints_get_base_url (name);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (existing != NULL)
    {
      /* Translators: %s is an endpoint name */
      text = g_strdup_printf (_("There already is an endpoint “%s”"), name);
      say (self, text);
      return;
    }
  if (!atelier_endpoints_set (name, url, &error))
    {
      say (self, error->message);
      return;
    }
  /* A service of its own from now on, once its token is stored. */
  atelier_endpoints_store_token_async (name, gtk_editable_get_text (GTK_EDITABLE (self->token_entry)),
                                       self->cancellable, added_token_stored,
                                       added_new (self, name));
  gtk_editable_set_text (GTK_EDITABLE (self->token_entry), "");

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), endpoint_row (self, name, url));

  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->url_entry), "");
  adw_expander_row_set_expanded (self->add_row, FALSE);
  /* Translators: %s is an endpoint name */
  text = g_strdup_printf (_("Endpoint %s added"), name);
  say (self, text);
}

static void
build_add_row (AtelierEndpointsGroup *self)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *action;

  self->add_row = ADW_EXPANDER_ROW (row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Add Endpoint"));
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row),
                                 _("Any server that speaks OpenAI’s images API"));

  self->name_entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_entry), _("Name"));
  gtk_widget_set_tooltip_text (self->name_entry, _("Letters, digits, “-” and “_”, like Local"));
  label (self->name_entry, _("New endpoint name"));
  g_signal_connect_object (self->name_entry, "changed", G_CALLBACK (update_add_button), self,
                           G_CONNECT_SWAPPED);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), self->name_entry);

  self->url_entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->url_entry), _("Base URL"));
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self->url_entry), GTK_INPUT_PURPOSE_URL);
  gtk_widget_set_tooltip_text (self->url_entry, "https://api.openai.com/v1");
  label (self->url_entry, _("New endpoint base URL"));
  g_signal_connect_object (self->url_entry, "changed", G_CALLBACK (update_add_button), self,
                           G_CONNECT_SWAPPED);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), self->url_entry);

  self->token_entry = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->token_entry), _("Access Token"));
  label (self->token_entry, _("New endpoint access token"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), self->token_entry);

  action = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action),
                                 _("The token goes to the keyring, the address to the endpoints file"));
  self->add_button = gtk_button_new_with_mnemonic (_("_Add"));
  gtk_widget_set_valign (self->add_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->add_button, "suggested-action");
  label (self->add_button, _("Add endpoint"));
  gtk_widget_set_sensitive (self->add_button, FALSE);
  g_signal_connect_object (self->add_button, "clicked", G_CALLBACK (on_add_clicked), self,
                           G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (action), self->add_button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), action);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
}

static void
atelier_endpoints_group_dispose (GObject *object)
{
  AtelierEndpointsGroup *self = ATELIER_ENDPOINTS_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (atelier_endpoints_group_parent_class)->dispose (object);
}

static void
atelier_endpoints_group_class_init (AtelierEndpointsGroupClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = atelier_endpoints_group_dispose;
}

static void
atelier_endpoints_group_init (AtelierEndpointsGroup *self)
{
  self->cancellable = g_cancellable_new ();
}

GtkWidget *
atelier_endpoints_group_new (AtelierEngine *engine)
{
  AtelierEndpointsGroup *self = g_object_new (ATELIER_TYPE_ENDPOINTS_GROUP, NULL);
  g_auto(GStrv) names = atelier_endpoints_list ();

  g_return_val_if_fail (engine == NULL || ATELIER_IS_ENGINE (engine), NULL);

  g_set_object (&self->engine, engine);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _("OpenAI-compatible Endpoints"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self),
                                         _("More servers beside the default one, each a service "
                                           "of its own in the composer. Tokens are kept in the "
                                           "keyring."));
  build_add_row (self);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *url = atelier_endpoints_get_base_url (names[i]);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), endpoint_row (self, names[i], url));
    }
  return GTK_WIDGET (self);
}
