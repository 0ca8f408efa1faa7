/* atelier-preferences-window.c: accounts, addresses, folders, concurrency
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-account-group.h"
#include "atelier-credentials.h"
#include "atelier-default-options.h"
#include "atelier-endpoints.h"
#include "atelier-endpoints-group.h"
#include "atelier-history.h"
#include "atelier-param-form.h"
#include "atelier-preferences-window.h"
#include "atelier-price-group.h"
#include "atelier-providers.h"
#include "atelier-service.h"

struct _AtelierPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AtelierEngine        *engine;
  GSettings            *settings;
  GCancellable         *cancellable;
  AdwActionRow         *folder_row;
};

G_DEFINE_FINAL_TYPE (AtelierPreferencesWindow, atelier_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
toast (AtelierPreferencesWindow *self,
       const char               *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (escaped));
}

/* Library folder */

static void
update_folder_row (AtelierPreferencesWindow *self)
{
  adw_action_row_set_subtitle (self->folder_row, atelier_engine_get_library_dir (self->engine));
}

static void
on_folder_chosen (GtkNativeDialog          *dialog,
                  int                       response,
                  AtelierPreferencesWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        {
          atelier_engine_set_library_dir (self->engine, path);
          if (self->settings != NULL)
            g_settings_set_string (self->settings, "library-folder", path);
          update_folder_row (self);
        }
    }
  g_object_unref (dialog);
}

static void
on_choose_folder (AtelierPreferencesWindow *self)
{
  GtkFileChooserNative *dialog;
  g_autoptr(GFile) current = g_file_new_for_path (atelier_engine_get_library_dir (self->engine));

  dialog = gtk_file_chooser_native_new (_("Download Folder"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Select"), _("_Cancel"));
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), current, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_folder_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Offline mode */

static const char *offline_modes[] = { "auto", "always", "never", NULL };

static void
on_offline_selected (AdwComboRow              *row,
                     GParamSpec               *pspec,
                     AtelierPreferencesWindow *self)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected < G_N_ELEMENTS (offline_modes) - 1 && self->settings != NULL)
    g_settings_set_string (self->settings, "offline-mode", offline_modes[selected]);
}

static AdwPreferencesPage *
build_general_page (AtelierPreferencesWindow *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *group;
  GtkWidget *row, *button, *sw;
  const char *modes[] = { _("Automatic"), _("Always"), _("Never"), NULL };
  g_autoptr(GtkStringList) list = gtk_string_list_new (modes);

  adw_preferences_page_set_title (page, _("General"));
  adw_preferences_page_set_icon_name (page, "preferences-system-symbolic");

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Library"));
  row = adw_action_row_new ();
  self->folder_row = ADW_ACTION_ROW (row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Download Folder"));
  button = gtk_button_new_from_icon_name ("folder-open-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Choose Download Folder"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose download folder"), -1);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_choose_folder), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
  adw_preferences_group_add (group, row);
  update_folder_row (self);
  adw_preferences_page_add (page, group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Behaviour"));

  row = adw_combo_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Offline Sandbox"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Generate on this computer instead of the services. "
                                 "Automatic uses it for services without a token. "
                                 "Applies at the next start."));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  if (self->settings != NULL)
    {
      g_autofree char *mode = g_settings_get_string (self->settings, "offline-mode");

      for (guint i = 0; offline_modes[i] != NULL; i++)
        if (g_strcmp0 (mode, offline_modes[i]) == 0)
          adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
    }
  gtk_widget_set_sensitive (row, self->settings != NULL);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_offline_selected), self, 0);
  adw_preferences_group_add (group, row);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Notify When Finished"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               _("Show a notification when a job ends while Atelier is in the background"));
  sw = gtk_switch_new ();
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (sw),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Notify when finished"), -1);
  if (self->settings != NULL)
    g_settings_bind (self->settings, "notify-on-finish", sw, "active", G_SETTINGS_BIND_DEFAULT);
  else
    gtk_widget_set_sensitive (row, FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  adw_preferences_group_add (group, row);
  adw_preferences_page_add (page, group);

  return page;
}

/* Services */

typedef struct
{
  AtelierPreferencesWindow *self;
  char                     *id;
  GtkWidget                *result_row;
  GtkWidget                *button;
} TestData;

static void
test_data_free (TestData *data)
{
  g_object_unref (data->self);
  g_free (data->id);
  g_free (data);
}

static void
template_free (TestData *data)
{
  g_free (data->id);
  g_free (data);
}

static void
on_token_stored (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AtelierPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!atelier_credentials_store_finish (result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not store the token: %s"), error->message);

      toast (self, text);
      return;
    }
  toast (self, _("Token saved in the keyring. It applies at the next start."));
}

static void
on_token_apply (AdwEntryRow              *row,
                AtelierPreferencesWindow *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "service-id");
  const char *token = gtk_editable_get_text (GTK_EDITABLE (row));

  atelier_credentials_store_async (id, token, self->cancellable, on_token_stored, g_object_ref (self));
  /* The secret should not linger in the widget once it is stored. */
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
on_url_apply (AdwEntryRow              *row,
              AtelierPreferencesWindow *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "service-id");
  g_autofree char *key = g_strdup_printf ("%s-base-url", id);
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  if (self->settings != NULL)
    g_settings_set_string (self->settings, key, url);
  toast (self, _("Address saved. It applies at the next start."));
}

static void
on_test_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TestData *data = user_data;
  g_autoptr(GError) error = NULL;
  AtelierConnection state = ATELIER_CONNECTION_OK;
  const char *text;

  if (!atelier_provider_test_connection_finish (ATELIER_PROVIDER (source), result, &state, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      test_data_free (data);
      return;
    }
  gtk_widget_set_sensitive (data->button, TRUE);

  if (error != NULL)
    text = error->message;
  else if (state == ATELIER_CONNECTION_TOKEN_REFUSED)
    text = _("The service answered, but refused the token");
  else if (state == ATELIER_CONNECTION_REACHABLE)
    /* Any answer at all means the address is right. */
    text = _("The service is reachable");
  else
    text = _("Connected");

  adw_action_row_set_subtitle (ADW_ACTION_ROW (data->result_row), text);
  test_data_free (data);
}

/* Tests what the next start will use (the address in the settings, the
 * token in the keyring), through a client made for it. */
static void
on_test_clicked (GtkButton *button,
                 TestData  *template)
{
  AtelierPreferencesWindow *self = template->self;
  g_autofree char *key = g_strdup_printf ("%s-base-url", template->id);
  g_autofree char *settings_url = self->settings != NULL ? g_settings_get_string (self->settings, key) : NULL;
  g_autoptr(AtelierServiceConfig) config = atelier_providers_resolve_config (template->id,
                                                                             settings_url);
  g_autoptr(AtelierProvider) provider = atelier_providers_create (template->id,
                                                                  atelier_engine_get_http (self->engine),
                                                                  config);
  TestData *data;

  if (provider == NULL)
    return;

  data = g_new0 (TestData, 1);
  data->self = g_object_ref (self);
  data->id = g_strdup (template->id);
  data->result_row = template->result_row;
  data->button = GTK_WIDGET (button);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (data->result_row), _("Testing…"));
  atelier_provider_test_connection_async (provider, self->cancellable, on_test_done, data);
}

static guint
get_concurrency (AtelierPreferencesWindow *self,
                 const char               *id)
{
  g_autoptr(GVariant) dict = NULL;
  guint32 max = 0;

  if (self->settings == NULL)
    return 0;
  dict = g_settings_get_value (self->settings, "max-concurrent");
  if (!g_variant_lookup (dict, id, "u", &max))
    return 0;
  return max;
}

static void
on_concurrency_changed (GtkSpinButton            *spin,
                        AtelierPreferencesWindow *self)
{
  const char *id = g_object_get_data (G_OBJECT (spin), "service-id");
  guint value = (guint) gtk_spin_button_get_value_as_int (spin);
  g_autoptr(GVariant) old = NULL;
  GVariantBuilder builder;
  GVariantIter iter;
  const char *key;
  guint32 max;

  atelier_engine_set_max_concurrent (self->engine, id, value);
  if (self->settings == NULL)
    return;

  old = g_settings_get_value (self->settings, "max-concurrent");
  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{su}"));
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&su}", &key, &max))
    if (g_strcmp0 (key, id) != 0)
      g_variant_builder_add (&builder, "{su}", key, max);
  g_variant_builder_add (&builder, "{su}", id, (guint32) value);
  g_settings_set_value (self->settings, "max-concurrent", g_variant_builder_end (&builder));
}

static void
add_service_group (AtelierPreferencesWindow *self,
                   AdwPreferencesPage       *page,
                   AtelierProvider          *provider)
{
  const char *id = atelier_provider_get_id (provider);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  g_autofree char *key = g_strdup_printf ("%s-base-url", id);
  g_autofree char *env = atelier_service_env_name (id, "TOKEN");
  g_autofree char *token_desc = NULL;
  GtkWidget *row, *spin, *button;
  TestData *test;
  guint concurrency;

  adw_preferences_group_set_title (group, atelier_provider_get_display_name (provider));
  /* Translators: %s is an environment variable name */
  token_desc = g_strdup_printf (_("Tokens are kept in the keyring; %s overrides it."), env);
  adw_preferences_group_set_description (group, token_desc);

  row = adw_password_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Access Token"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "service-id", g_strdup (id), g_free);
  g_signal_connect_object (row, "apply", G_CALLBACK (on_token_apply), self, 0);
  adw_preferences_group_add (group, row);

  row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Address"));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_URL);
  gtk_widget_set_tooltip_text (row, atelier_service_default_url (id));
  if (self->settings != NULL)
    {
      g_autofree char *url = g_settings_get_string (self->settings, key);

      gtk_editable_set_text (GTK_EDITABLE (row), url);
    }
  else
    gtk_widget_set_sensitive (row, FALSE);
  g_object_set_data_full (G_OBJECT (row), "service-id", g_strdup (id), g_free);
  g_signal_connect_object (row, "apply", G_CALLBACK (on_url_apply), self, 0);
  adw_preferences_group_add (group, row);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Jobs at Once"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("How many jobs run at the same time"));
  spin = gtk_spin_button_new_with_range (1, 16, 1);
  concurrency = get_concurrency (self, id);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), concurrency > 0 ? concurrency : 2);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Jobs at once"), -1);
  g_object_set_data_full (G_OBJECT (spin), "service-id", g_strdup (id), g_free);
  g_signal_connect_object (spin, "value-changed", G_CALLBACK (on_concurrency_changed), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  adw_preferences_group_add (group, row);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Connection"));
  button = gtk_button_new_with_mnemonic (_("_Test"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Test connection"), -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  test = g_new0 (TestData, 1);
  test->self = self;
  test->id = g_strdup (id);
  test->result_row = row;
  test->button = button;
  /* The template lives as long as the button, which the window outlives. */
  g_object_set_data_full (G_OBJECT (button), "test", test, (GDestroyNotify) template_free);
  g_signal_connect (button, "clicked", G_CALLBACK (on_test_clicked), test);
  adw_preferences_group_add (group, row);

  adw_preferences_page_add (page, group);
}

static AdwPreferencesPage *
build_services_page (AtelierPreferencesWindow *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  GListModel *providers = atelier_engine_get_providers (self->engine);

  adw_preferences_page_set_title (page, _("Services"));
  adw_preferences_page_set_icon_name (page, "network-server-symbolic");

  for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
    {
      g_autoptr(AtelierProvider) provider = g_list_model_get_item (providers, i);
      const char *id = atelier_provider_get_id (provider);

      /* Style DNA edit is set up with the Style DNA account it shares;
       * named endpoints in their own group, after the default one. */
      if (g_strcmp0 (atelier_providers_get_account (id), id) != 0 ||
          atelier_endpoint_name_from_id (id) != NULL)
        continue;
      add_service_group (self, page, provider);
      if (g_str_equal (id, ATELIER_ENDPOINT_SERVICE))
        adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (atelier_endpoints_group_new (self->engine)));
      /* Signing in (and buying credits) beside the service's token. */
      if (atelier_account_group_is_supported (provider))
        adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (atelier_account_group_new (provider,
                                                                                          self->settings)));
    }
  /* Prices live in settings: without a schema there is nowhere to keep them. */
  if (self->settings != NULL)
    adw_preferences_page_add (page, ADW_PREFERENCES_GROUP (atelier_price_group_new (self->settings,
                                                                                    atelier_providers_get_ids ())));

  return page;
}

/* Defaults: what each service's form starts with */

static void
on_defaults_changed (AtelierParamForm         *form,
                     AtelierPreferencesWindow *self)
{
  g_autoptr(GHashTable) params = atelier_param_form_get_params (form);

  atelier_default_options_set (self->settings, atelier_param_form_get_provider (form), params);
}

static AdwPreferencesPage *
build_defaults_page (AtelierPreferencesWindow *self)
{
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  GListModel *providers = atelier_engine_get_providers (self->engine);

  adw_preferences_page_set_title (page, _("Defaults"));
  adw_preferences_page_set_icon_name (page, "document-properties-symbolic");

  for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
    {
      g_autoptr(AtelierProvider) provider = g_list_model_get_item (providers, i);
      g_autoptr(GHashTable) defaults = NULL;
      AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      GtkWidget *form = atelier_param_form_new ();
      GHashTableIter iter;
      gpointer name, value;

      adw_preferences_group_set_title (group, atelier_provider_get_display_name (provider));
      adw_preferences_group_set_description (group, _("What a new job starts with. Generating "
                                                      "also keeps the options it used."));
      atelier_param_form_set_hide_files (ATELIER_PARAM_FORM (form), TRUE);
      atelier_param_form_set_provider (ATELIER_PARAM_FORM (form), provider);
      defaults = atelier_default_options_get (self->settings, atelier_provider_get_id (provider));
      g_hash_table_iter_init (&iter, defaults);
      while (g_hash_table_iter_next (&iter, &name, &value))
        atelier_param_form_set_value (ATELIER_PARAM_FORM (form), name, value);
      g_signal_connect_object (form, "changed", G_CALLBACK (on_defaults_changed), self, 0);
      adw_preferences_group_add (group, form);
      adw_preferences_page_add (page, group);
    }

  return page;
}

static void
atelier_preferences_window_dispose (GObject *object)
{
  AtelierPreferencesWindow *self = ATELIER_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (atelier_preferences_window_parent_class)->dispose (object);
}

static void
atelier_preferences_window_class_init (AtelierPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = atelier_preferences_window_dispose;
}

static void
atelier_preferences_window_init (AtelierPreferencesWindow *self)
{
  self->cancellable = g_cancellable_new ();
}

AtelierPreferencesWindow *
atelier_preferences_window_new (AtelierEngine *engine,
                                GSettings     *settings)
{
  AtelierPreferencesWindow *self;

  g_return_val_if_fail (ATELIER_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (ATELIER_TYPE_PREFERENCES_WINDOW,
                       "modal", TRUE,
                       "search-enabled", TRUE,
                       NULL);
  self->engine = g_object_ref (engine);
  g_set_object (&self->settings, settings);

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), build_general_page (self));
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), build_services_page (self));
  /* Defaults live in settings: without a schema there is nowhere to keep them. */
  if (self->settings != NULL)
    adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), build_defaults_page (self));

  return self;
}
