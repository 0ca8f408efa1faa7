/* atelier-composer.c: the prompt, the service, its options and Generate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-composer"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-composer-private.h"
#include "atelier-default-options.h"
#include "atelier-resources.h"

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_SETTINGS,
  PROP_PROVIDER,
  PROP_PROMPT,
  PROP_CAN_GENERATE,
  N_PROPS
};

enum {
  JOB_CREATED,
  PASTE_IMAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AtelierComposer, atelier_composer, GTK_TYPE_WIDGET)

static char *
provider_display_name (AtelierProvider *provider)
{
  if (provider == NULL)
    return NULL;
  return g_strdup (atelier_provider_get_display_name (provider));
}

static char *
get_prompt_text (AtelierComposer *self)
{
  g_autofree char *text = atelier_composer_dup_prompt (self);

  return g_strstrip (g_steal_pointer (&text));
}

/* The parameters as the form shows them, plus the prompt when the provider
 * has one. @prompt_missing says the provider needs a prompt and has none:
 * not worth an error message while the person has not typed yet. */
static GHashTable *
collect_params (AtelierComposer *self,
                gboolean        *prompt_missing)
{
  AtelierProvider *provider = atelier_composer_get_provider (self);
  g_autoptr(GHashTable) params = atelier_param_form_get_params (self->param_form);
  g_autofree char *prompt = get_prompt_text (self);
  const AtelierParamSpec *spec = NULL;

  if (provider != NULL)
    spec = atelier_param_table_find_prompt (atelier_provider_get_params (provider));

  *prompt_missing = FALSE;
  if (spec != NULL && prompt[0] != '\0')
    g_hash_table_insert (params, g_strdup (spec->name), g_steal_pointer (&prompt));
  else if (spec != NULL && (spec->flags & ATELIER_PARAM_FLAG_REQUIRED))
    *prompt_missing = TRUE;

  return g_steal_pointer (&params);
}

static void
set_error (AtelierComposer *self,
           const char      *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

GHashTable *
_atelier_composer_collect_params (AtelierComposer *self,
                                  gboolean        *prompt_missing)
{
  return collect_params (self, prompt_missing);
}

void
_atelier_composer_set_error (AtelierComposer *self,
                             const char      *message)
{
  set_error (self, message);
}

static void
set_can_generate (AtelierComposer *self,
                  gboolean         can_generate)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.generate", can_generate);
  if (self->can_generate == !!can_generate)
    return;
  self->can_generate = !!can_generate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GENERATE]);
}

static void
validate (AtelierComposer *self)
{
  AtelierProvider *provider = atelier_composer_get_provider (self);
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  gboolean prompt_missing = FALSE;
  gboolean ok = FALSE;

  if (provider == NULL)
    {
      set_error (self, _("No service is available."));
      set_can_generate (self, FALSE);
      return;
    }

  params = collect_params (self, &prompt_missing);
  if (prompt_missing)
    set_error (self, NULL);
  else if (!(ok = atelier_provider_validate (provider, params, &error)))
    {
      g_autofree char *prompt = get_prompt_text (self);

      /* Nothing typed yet is not worth an error message. */
      set_error (self, prompt[0] != '\0' || g_hash_table_size (params) > 0 ? error->message : NULL);
    }
  else
    set_error (self, NULL);

  set_can_generate (self, ok);
}

static void
on_prompt_changed (AtelierComposer *self,
                   GtkTextBuffer   *buffer)
{
  gtk_widget_set_visible (self->prompt_placeholder,
                          gtk_text_buffer_get_char_count (buffer) == 0);
  validate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROMPT]);
}

/* The job list would otherwise keep most of the height while the options
 * scroll in a sliver. */
static void
on_options_toggled (AtelierComposer *self)
{
  gboolean active = gtk_toggle_button_get_active (self->options_button);

  gtk_scrolled_window_set_min_content_height (self->form_scroller, active ? 300 : -1);
}

static void
on_form_changed (AtelierComposer *self)
{
  validate (self);
}

/* The options last used with each service come back next time (GSettings
 * "default-options"); files and the prompt do not. */
static void
restore_options (AtelierComposer *self)
{
  AtelierProvider *provider = atelier_composer_get_provider (self);
  g_autoptr(GHashTable) options = NULL;
  GHashTableIter iter;
  gpointer name, value;

  if (self->settings == NULL || provider == NULL)
    return;

  options = atelier_default_options_get (self->settings, atelier_provider_get_id (provider));
  g_hash_table_iter_init (&iter, options);
  while (g_hash_table_iter_next (&iter, &name, &value))
    atelier_param_form_set_value (self->param_form, name, value);
}

static void
on_provider_selected (AtelierComposer *self)
{
  AtelierProvider *provider = atelier_composer_get_provider (self);

  _atelier_composer_provider_selected (self);
  atelier_param_form_set_provider (self->param_form, provider);
  restore_options (self);
  gtk_widget_set_visible (GTK_WIDGET (self->options_button),
                          atelier_param_form_get_n_fields (self->param_form) > 0);
  if (provider != NULL && self->settings != NULL)
    g_settings_set_string (self->settings, "default-provider",
                           atelier_provider_get_id (provider));
  validate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
}

static void
generate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  atelier_composer_generate (ATELIER_COMPOSER (widget));
}

static gboolean
on_prompt_key (GtkEventControllerKey *controller,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               AtelierComposer       *self)
{
  gboolean handled = FALSE;

  /* Text pastes as text; an image or a file becomes the form's input. */
  if ((keyval == GDK_KEY_v || keyval == GDK_KEY_V)
      && (state & GDK_MODIFIER_MASK) == GDK_CONTROL_MASK)
    g_signal_emit (self, signals[PASTE_IMAGE], 0, &handled);
  return handled;
}

static void
add_prompt_shortcuts (AtelierComposer *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (controller);

  /* The text view would take Ctrl+Enter as a new line before anyone else sees it. */
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Return,
                                                                                  GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("composer.generate")));
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_KP_Enter,
                                                                                  GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("composer.generate")));
  gtk_widget_add_controller (GTK_WIDGET (self->prompt_view), controller);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_prompt_key), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->prompt_view), controller);
}

static void
atelier_composer_dispose (GObject *object)
{
  AtelierComposer *self = ATELIER_COMPOSER (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_COMPOSER);
  /* Template children without an id are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->engine);
  g_clear_object (&self->providers);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (atelier_composer_parent_class)->dispose (object);
}

static void
atelier_composer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  AtelierComposer *self = ATELIER_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;
    case PROP_PROVIDER:
      g_value_set_object (value, atelier_composer_get_provider (self));
      break;
    case PROP_PROMPT:
      g_value_take_string (value, atelier_composer_dup_prompt (self));
      break;
    case PROP_CAN_GENERATE:
      g_value_set_boolean (value, self->can_generate);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_composer_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  AtelierComposer *self = ATELIER_COMPOSER (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      atelier_composer_set_engine (self, g_value_get_object (value));
      break;
    case PROP_SETTINGS:
      atelier_composer_set_settings (self, g_value_get_object (value));
      break;
    case PROP_PROMPT:
      atelier_composer_set_prompt (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_composer_class_init (AtelierComposerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_composer_dispose;
  object_class->get_property = atelier_composer_get_property;
  object_class->set_property = atelier_composer_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         ATELIER_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL,
                         G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL,
                         ATELIER_TYPE_PROVIDER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROMPT] =
    g_param_spec_string ("prompt", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_GENERATE] =
    g_param_spec_boolean ("can-generate", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[JOB_CREATED] =
    g_signal_new ("job-created",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ATELIER_TYPE_JOB);
  signals[PASTE_IMAGE] =
    g_signal_new ("paste-image",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, g_signal_accumulator_true_handled, NULL, NULL,
                  G_TYPE_BOOLEAN, 0);

  /* The resources live in a static library: referencing them keeps them
   * linked, and linked they register themselves. */
  atelier_get_resource ();
  g_type_ensure (ATELIER_TYPE_PARAM_FORM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/ui/atelier-composer.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, form_scroller);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, prompt_view);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, prompt_placeholder);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, provider_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, provider_dropdown);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, param_form);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, options_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, error_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, buy_button);
  gtk_widget_class_bind_template_callback (widget_class, on_form_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_options_toggled);
  _atelier_composer_class_init_batch (widget_class);

  gtk_widget_class_install_action (widget_class, "composer.generate", NULL, generate_action);

  gtk_widget_class_set_css_name (widget_class, "ateliercomposer");
  /* What the GtkBox it replaces was to screen readers. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
atelier_composer_init (AtelierComposer *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (gtk_text_view_get_buffer (self->prompt_view), "changed",
                           G_CALLBACK (on_prompt_changed), self, G_CONNECT_SWAPPED);
  add_prompt_shortcuts (self);
  _atelier_composer_init_providers (self);
  _atelier_composer_init_batch (self);
  /* Nothing to generate with until there are services. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "composer.generate", FALSE);
}

GtkWidget *
atelier_composer_new (void)
{
  return g_object_new (ATELIER_TYPE_COMPOSER, NULL);
}

void
atelier_composer_set_engine (AtelierComposer *self,
                             AtelierEngine   *engine)
{
  g_autoptr(GtkExpression) expression = NULL;
  g_autofree char *default_provider = NULL;

  g_return_if_fail (ATELIER_IS_COMPOSER (self));
  g_return_if_fail (engine == NULL || ATELIER_IS_ENGINE (engine));

  if (self->engine == engine)
    return;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_signal_handlers_disconnect_by_func (self->provider_dropdown, on_provider_selected, self);
  g_set_object (&self->engine, engine);
  g_clear_object (&self->providers);
  if (engine != NULL)
    self->providers = _atelier_composer_offered_providers (engine);
  atelier_batch_chooser_set_engine (self->batch_chooser, engine);

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (provider_display_name), NULL, NULL);
  gtk_drop_down_set_expression (self->provider_dropdown, expression);
  gtk_drop_down_set_model (self->provider_dropdown, self->providers);
  g_signal_connect_object (self->provider_dropdown, "notify::selected",
                           G_CALLBACK (on_provider_selected), self, G_CONNECT_SWAPPED);
  if (engine != NULL)
    g_signal_connect_object (engine, "job-finished",
                             G_CALLBACK (_atelier_composer_job_finished), self, G_CONNECT_SWAPPED);

  if (self->settings != NULL)
    default_provider = g_settings_get_string (self->settings, "default-provider");
  if (default_provider != NULL && default_provider[0] != '\0')
    atelier_composer_select_provider (self, default_provider);
  on_provider_selected (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

AtelierEngine *
atelier_composer_get_engine (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);

  return self->engine;
}

void
atelier_composer_set_settings (AtelierComposer *self,
                               GSettings       *settings)
{
  g_return_if_fail (ATELIER_IS_COMPOSER (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (!g_set_object (&self->settings, settings))
    return;
  atelier_batch_chooser_set_settings (self->batch_chooser, settings);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETTINGS]);
}

AtelierProvider *
atelier_composer_get_provider (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);

  return gtk_drop_down_get_selected_item (self->provider_dropdown);
}

gboolean
atelier_composer_select_provider (AtelierComposer *self,
                                  const char      *provider_id)
{
  GListModel *providers;
  guint n;

  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), FALSE);

  if (self->providers == NULL)
    return FALSE;

  providers = self->providers;
  n = g_list_model_get_n_items (providers);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AtelierProvider) provider = g_list_model_get_item (providers, i);

      if (g_strcmp0 (atelier_provider_get_id (provider), provider_id) == 0)
        {
          gtk_drop_down_set_selected (self->provider_dropdown, i);
          return TRUE;
        }
    }
  return FALSE;
}

char *
atelier_composer_dup_prompt (AtelierComposer *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);

  buffer = gtk_text_view_get_buffer (self->prompt_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
atelier_composer_set_prompt (AtelierComposer *self,
                             const char      *prompt)
{
  g_return_if_fail (ATELIER_IS_COMPOSER (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->prompt_view),
                            prompt != NULL ? prompt : "", -1);
}

gboolean
atelier_composer_get_can_generate (AtelierComposer *self)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), FALSE);

  return self->can_generate;
}

AtelierJob *
atelier_composer_generate (AtelierComposer *self)
{
  AtelierProvider *provider;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  gboolean prompt_missing = FALSE;
  AtelierJob *job;

  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);

  provider = atelier_composer_get_provider (self);
  if (provider == NULL)
    return NULL;

  params = collect_params (self, &prompt_missing);
  if (prompt_missing)
    {
      set_error (self, _("Describe what to generate first."));
      atelier_composer_focus_prompt (self);
      return NULL;
    }

  job = atelier_engine_create_job (self->engine, atelier_provider_get_id (provider), params, &error);
  if (job == NULL)
    {
      set_error (self, error->message);
      return NULL;
    }

  set_error (self, NULL);
  if (self->settings != NULL)
    atelier_default_options_set (self->settings, provider, params);
  g_signal_emit (self, signals[JOB_CREATED], 0, job);
  return job;
}

void
atelier_composer_reuse_job (AtelierComposer *self,
                            AtelierJob      *job)
{
  AtelierProvider *provider;
  const AtelierParamSpec *prompt_spec;
  GHashTableIter iter;
  gpointer key, value;
  gboolean options = FALSE;

  g_return_if_fail (ATELIER_IS_COMPOSER (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  if (!atelier_composer_offers_provider (self, atelier_job_get_provider (job)))
    return;
  provider = atelier_engine_get_provider (self->engine, atelier_job_get_provider (job));

  atelier_composer_select_provider (self, atelier_job_get_provider (job));
  prompt_spec = atelier_param_table_find_prompt (atelier_provider_get_params (provider));

  g_hash_table_iter_init (&iter, atelier_job_get_params (job));
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      if (prompt_spec != NULL && g_str_equal (key, prompt_spec->name))
        atelier_composer_set_prompt (self, value);
      else if (atelier_param_form_set_value (self->param_form, key, value))
        options = TRUE;
    }

  if (options)
    gtk_toggle_button_set_active (self->options_button, TRUE);
}

gboolean
atelier_composer_set_input_file (AtelierComposer *self,
                                 GFile           *file)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!atelier_param_form_set_file (self->param_form, file))
    return FALSE;
  gtk_toggle_button_set_active (self->options_button, TRUE);
  return TRUE;
}

gboolean
atelier_composer_use_as_input (AtelierComposer *self,
                               GFile           *file)
{
  GListModel *providers;

  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (atelier_param_form_set_file (self->param_form, file))
    return TRUE;
  if (self->providers == NULL)
    return FALSE;

  /* The current service takes no image: pick the first one that does. */
  providers = self->providers;
  for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
    {
      g_autoptr(AtelierProvider) provider = g_list_model_get_item (providers, i);
      const AtelierParamTable *table = atelier_provider_get_params (provider);

      for (guint j = 0; j < table->n_specs; j++)
        if (table->specs[j].type == ATELIER_PARAM_FILE)
          {
            gtk_drop_down_set_selected (self->provider_dropdown, i);
            return atelier_param_form_set_file (self->param_form, file);
          }
    }
  return FALSE;
}

void
atelier_composer_focus_prompt (AtelierComposer *self)
{
  g_return_if_fail (ATELIER_IS_COMPOSER (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->prompt_view));
}

gboolean
atelier_composer_set_param (AtelierComposer *self,
                            const char      *name,
                            const char      *value)
{
  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), FALSE);

  if (!atelier_param_form_set_value (self->param_form, name, value))
    return FALSE;
  gtk_toggle_button_set_active (self->options_button, TRUE);
  return TRUE;
}
