/* atelier-composer-batch.c: "Generate with…", one prompt to several services
 *
 * The chooser says which services; this makes the batch from what the form
 * holds: the prompt, the input image, the current service's options as
 * shown, and every other service's remembered ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-composer"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-composer-private.h"
#include "atelier-default-options.h"

static guint batch_created_signal;

/* The form's first input image, if the current service has one set. */
static char *
dup_input_image (AtelierProvider *provider,
                 GHashTable      *params)
{
  const AtelierParamSpec *spec;
  const char *value;

  if (provider == NULL)
    return NULL;
  spec = atelier_param_table_lookup (atelier_provider_get_params (provider), "image");
  if (spec == NULL || spec->type != ATELIER_PARAM_FILE
      || (value = g_hash_table_lookup (params, spec->name)) == NULL || *value == '\0')
    return NULL;
  /* Several files (OpenAI edits) are one a line: the others take one. */
  return g_strndup (value, strcspn (value, "\n"));
}

/* The options as the form shows them, without the prompt and files. */
static GHashTable *
form_options (AtelierProvider *provider,
              GHashTable      *params)
{
  const AtelierParamTable *table = atelier_provider_get_params (provider);
  const AtelierParamSpec *prompt = atelier_param_table_find_prompt (table);
  GHashTable *options = atelier_params_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const AtelierParamSpec *spec = atelier_param_table_lookup (table, key);

      if (spec == NULL || spec == prompt || spec->type == ATELIER_PARAM_FILE)
        continue;
      g_hash_table_insert (options, g_strdup (key), g_strdup (value));
    }
  return options;
}

AtelierBatch *
atelier_composer_generate_batch (AtelierComposer    *self,
                                 const char * const *provider_ids)
{
  AtelierProvider *current;
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(AtelierBatch) batch = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *image = NULL;
  gboolean prompt_missing = FALSE;

  g_return_val_if_fail (ATELIER_IS_COMPOSER (self), NULL);
  g_return_val_if_fail (provider_ids != NULL, NULL);

  if (self->engine == NULL)
    return NULL;

  prompt = g_strstrip (atelier_composer_dup_prompt (self));
  if (*prompt == '\0')
    {
      _atelier_composer_set_error (self, _("Describe what to generate first."));
      atelier_composer_focus_prompt (self);
      return NULL;
    }

  current = atelier_composer_get_provider (self);
  params = _atelier_composer_collect_params (self, &prompt_missing);
  image = dup_input_image (current, params);

  batch = atelier_batch_new (prompt);
  atelier_batch_set_image (batch, image);
  for (guint i = 0; provider_ids[i] != NULL; i++)
    {
      g_autoptr(GHashTable) options = NULL;

      if (current != NULL && g_str_equal (provider_ids[i], atelier_provider_get_id (current)))
        options = form_options (current, params);
      else if (self->settings != NULL)
        options = atelier_default_options_get (self->settings, provider_ids[i]);
      atelier_batch_add_service (batch, provider_ids[i], options);
    }

  /* One invalid service refuses them all, before anything is sent. */
  if (!atelier_batch_submit (batch, self->engine, &error))
    {
      _atelier_composer_set_error (self, error->message);
      if (atelier_batch_get_jobs (batch)->len == 0)
        return NULL;
    }
  else
    _atelier_composer_set_error (self, NULL);

  if (self->settings != NULL && current != NULL
      && g_strv_contains (provider_ids, atelier_provider_get_id (current)))
    atelier_default_options_set (self->settings, current, params);
  g_signal_emit (self, batch_created_signal, 0, batch);
  return g_steal_pointer (&batch);
}

static void
on_batch_generate (AtelierComposer     *self,
                   GStrv                provider_ids,
                   AtelierBatchChooser *chooser)
{
  /* The batch is the engine's now; a refusal shows under the form. */
  AtelierBatch *batch = atelier_composer_generate_batch (self, (const char * const *) provider_ids);

  g_clear_object (&batch);
}

static void
generate_with_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AtelierComposer *self = ATELIER_COMPOSER (widget);

  gtk_menu_button_popup (self->batch_button);
}

void
_atelier_composer_class_init_batch (GtkWidgetClass *widget_class)
{
  batch_created_signal =
    g_signal_new ("batch-created",
                  G_TYPE_FROM_CLASS (widget_class),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ATELIER_TYPE_BATCH);

  g_type_ensure (ATELIER_TYPE_BATCH_CHOOSER);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, batch_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierComposer, batch_chooser);
  gtk_widget_class_bind_template_callback (widget_class, on_batch_generate);

  gtk_widget_class_install_action (widget_class, "composer.generate-with", NULL,
                                   generate_with_action);
}

void
_atelier_composer_init_batch (AtelierComposer *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  /* From anywhere in the window, as a mnemonic would. */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_w, GDK_ALT_MASK),
                                                          gtk_named_action_new ("composer.generate-with")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
