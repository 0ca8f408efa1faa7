/* atelier-batch-chooser.c: "Generate with…": the services a prompt goes to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-batch-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-batch-chooser.h"
#include "atelier-resources.h"

#define SETTINGS_KEY "batch-providers"

struct _AtelierBatchChooser
{
  GtkPopover     parent_instance;

  /* Template Widgets */
  GtkListBox    *service_list;
  GtkButton     *generate_button;

  /* Owned References */
  AtelierEngine *engine;
  GSettings     *settings;
  /* GtkCheckButton*, one a service, each with its "provider-id" */
  GPtrArray     *checks;

  guint          n_selected;
  /* Set while ticking from the settings: nothing to write back. */
  gboolean       restoring;
};

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_SETTINGS,
  PROP_N_SELECTED,
  N_PROPS
};

enum {
  GENERATE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AtelierBatchChooser, atelier_batch_chooser, GTK_TYPE_POPOVER)

static const char *
check_provider_id (GtkCheckButton *check)
{
  return g_object_get_data (G_OBJECT (check), "provider-id");
}

static void
update_generate_button (AtelierBatchChooser *self)
{
  g_autofree char *label = NULL;

  if (self->n_selected == 0)
    label = g_strdup (_("Tick the Services to Generate With"));
  else
    /* Translators: the button that sends the prompt to the ticked services */
    label = g_strdup_printf (ngettext ("Generate with %u Service", "Generate with %u Services",
                                       self->n_selected),
                             self->n_selected);
  gtk_button_set_label (self->generate_button, label);
  gtk_widget_set_sensitive (GTK_WIDGET (self->generate_button), self->n_selected > 0);
}

static void
save_selection (AtelierBatchChooser *self)
{
  g_auto(GStrv) ids = NULL;

  if (self->settings == NULL || self->restoring)
    return;
  ids = atelier_batch_chooser_dup_selected (self);
  g_settings_set_strv (self->settings, SETTINGS_KEY, (const char * const *) ids);
}

static void
on_check_toggled (AtelierBatchChooser *self)
{
  guint n = 0;

  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      n++;
  save_selection (self);
  if (n == self->n_selected)
    return;
  self->n_selected = n;
  update_generate_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
}

static void
restore_selection (AtelierBatchChooser *self)
{
  g_auto(GStrv) ids = NULL;

  if (self->settings == NULL)
    return;
  ids = g_settings_get_strv (self->settings, SETTINGS_KEY);
  self->restoring = TRUE;
  atelier_batch_chooser_set_selected (self, (const char * const *) ids);
  self->restoring = FALSE;
}

/* A service that takes no prompt (a print export) has nothing to do here. */
static gboolean
takes_prompt (AtelierProvider *provider)
{
  return atelier_param_table_find_prompt (atelier_provider_get_params (provider)) != NULL;
}

static void
rebuild (AtelierBatchChooser *self)
{
  GListModel *providers = self->engine != NULL ? atelier_engine_get_providers (self->engine) : NULL;
  guint n = providers != NULL ? g_list_model_get_n_items (providers) : 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->service_list))) != NULL)
    gtk_list_box_remove (self->service_list, child);
  g_ptr_array_set_size (self->checks, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AtelierProvider) provider = g_list_model_get_item (providers, i);
      const char *name = atelier_provider_get_display_name (provider);
      GtkWidget *row, *check;

      if (!takes_prompt (provider))
        continue;
      check = gtk_check_button_new ();
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (check), "provider-id",
                              g_strdup (atelier_provider_get_id (provider)), g_free);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                      -1);
      g_signal_connect_object (check, "toggled", G_CALLBACK (on_check_toggled), self,
                               G_CONNECT_SWAPPED);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->service_list, row);
      g_ptr_array_add (self->checks, check);
    }

  restore_selection (self);
  self->restoring = TRUE;
  on_check_toggled (self);
  self->restoring = FALSE;
}

static void
on_generate_clicked (AtelierBatchChooser *self)
{
  g_auto(GStrv) ids = atelier_batch_chooser_dup_selected (self);

  if (ids[0] == NULL)
    return;
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[GENERATE], 0, ids);
}

static void
atelier_batch_chooser_dispose (GObject *object)
{
  AtelierBatchChooser *self = ATELIER_BATCH_CHOOSER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_BATCH_CHOOSER);
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->checks, g_ptr_array_unref);

  G_OBJECT_CLASS (atelier_batch_chooser_parent_class)->dispose (object);
}

static void
atelier_batch_chooser_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AtelierBatchChooser *self = ATELIER_BATCH_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_ENGINE: g_value_set_object (value, self->engine); break;
    case PROP_SETTINGS: g_value_set_object (value, self->settings); break;
    case PROP_N_SELECTED: g_value_set_uint (value, self->n_selected); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_batch_chooser_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  AtelierBatchChooser *self = ATELIER_BATCH_CHOOSER (object);

  switch (prop_id)
    {
    case PROP_ENGINE: atelier_batch_chooser_set_engine (self, g_value_get_object (value)); break;
    case PROP_SETTINGS: atelier_batch_chooser_set_settings (self, g_value_get_object (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_batch_chooser_class_init (AtelierBatchChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_batch_chooser_dispose;
  object_class->get_property = atelier_batch_chooser_get_property;
  object_class->set_property = atelier_batch_chooser_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, ATELIER_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SELECTED] =
    g_param_spec_uint ("n-selected", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[GENERATE] =
    g_signal_new ("generate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRV);

  /* The resources live in a static library: referencing them keeps them
   * linked, and linked they register themselves. */
  atelier_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/ui/atelier-batch-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierBatchChooser, service_list);
  gtk_widget_class_bind_template_child (widget_class, AtelierBatchChooser, generate_button);
  gtk_widget_class_bind_template_callback (widget_class, on_generate_clicked);
}

static void
atelier_batch_chooser_init (AtelierBatchChooser *self)
{
  self->checks = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  update_generate_button (self);
}

GtkWidget *
atelier_batch_chooser_new (void)
{
  return g_object_new (ATELIER_TYPE_BATCH_CHOOSER, NULL);
}

void
atelier_batch_chooser_set_engine (AtelierBatchChooser *self,
                                  AtelierEngine       *engine)
{
  g_return_if_fail (ATELIER_IS_BATCH_CHOOSER (self));
  g_return_if_fail (engine == NULL || ATELIER_IS_ENGINE (engine));

  if (!g_set_object (&self->engine, engine))
    return;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

void
atelier_batch_chooser_set_settings (AtelierBatchChooser *self,
                                    GSettings           *settings)
{
  g_return_if_fail (ATELIER_IS_BATCH_CHOOSER (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  if (!g_set_object (&self->settings, settings))
    return;
  restore_selection (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETTINGS]);
}

GStrv
atelier_batch_chooser_dup_selected (AtelierBatchChooser *self)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  g_return_val_if_fail (ATELIER_IS_BATCH_CHOOSER (self), NULL);

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);

      if (gtk_check_button_get_active (check))
        g_strv_builder_add (ids, check_provider_id (check));
    }
  return g_strv_builder_end (ids);
}

void
atelier_batch_chooser_set_selected (AtelierBatchChooser *self,
                                    const char * const  *provider_ids)
{
  g_return_if_fail (ATELIER_IS_BATCH_CHOOSER (self));

  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->checks, i);
      gboolean active = provider_ids != NULL
                        && g_strv_contains (provider_ids, check_provider_id (check));

      gtk_check_button_set_active (check, active);
    }
}

guint
atelier_batch_chooser_get_n_selected (AtelierBatchChooser *self)
{
  g_return_val_if_fail (ATELIER_IS_BATCH_CHOOSER (self), 0);
  return self->n_selected;
}
