/* atelier-spend-page.c
 *
 * The tally is made again from all the engine's jobs whenever one is added
 * or finishes (that is when a cost arrives or a job becomes "unknown"),
 * coalesced in an idle and only while the page is shown: adding up 10,000
 * jobs takes a few milliseconds, far less than keeping a handler on each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-spend-page"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-providers.h"
#include "atelier-spend-page.h"

#define SETTINGS_ID "io.github.atelierapp.Atelier"
#define PRICES_KEY  "service-prices"

struct _AtelierSpendPage
{
  GtkWidget        parent_instance;

  /* Template Widgets */
  GtkStack        *stack;
  GtkLabel        *money_label;
  GtkLabel        *unknown_label;
  GtkListBox      *services_list;
  GtkLabel        *periods_heading;
  GtkListBox      *periods_list;
  GtkToggleButton *day_button;
  GtkToggleButton *month_button;

  /* Owned References */
  AtelierEngine   *engine;
  GListModel      *jobs;
  GSettings       *settings;  /* NULL when the schema is not installed */
  AtelierSpend    *spend;

  guint            update_id;
  gboolean         by_month;
  gboolean         dirty;
};

G_DEFINE_FINAL_TYPE (AtelierSpendPage, atelier_spend_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_BY_MONTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
service_name (const char *id)
{
  const char *name = atelier_providers_get_display_name (id);

  return name != NULL ? name : id;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static char *
row_amount (const AtelierSpendRow *row)
{
  g_autofree char *jobs = g_strdup_printf (ngettext ("%u job", "%u jobs", row->n_jobs),
                                           row->n_jobs);
  g_autofree char *amount = NULL;

  if (row->unit == NULL)
    /* TRANSLATORS: jobs whose service did not say what they cost, e.g. "Unknown cost · 2 jobs" */
    return g_strdup_printf (_("Unknown cost · %s"), jobs);
  amount = atelier_cost_format_amount (row->unit, row->amount);
  return g_strdup_printf (C_("spend row", "%s · %s"), amount, jobs);
}

static void
add_row (GtkListBox            *list,
         const char            *title,
         const char            *subtitle,
         const AtelierSpendRow *row)
{
  GtkWidget *action_row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (action_row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), subtitle);
  if (row->currency != NULL)
    {
      g_autofree char *money = atelier_spend_format_money (row->money, row->currency);
      GtkWidget *label = gtk_label_new (money);

      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), label);
    }
  gtk_list_box_append (list, action_row);
}

static void
show_totals (AtelierSpendPage *self)
{
  GPtrArray *totals = atelier_spend_get_totals (self->spend);
  GPtrArray *periods = atelier_spend_get_periods (self->spend);
  GHashTable *money = atelier_spend_get_money (self->spend);
  g_autoptr(GList) currencies = g_list_sort (g_hash_table_get_keys (money), (GCompareFunc) g_strcmp0);
  guint unknown = atelier_spend_get_n_unknown (self->spend);
  g_autoptr(GString) sums = g_string_new (NULL);

  clear_list (self->services_list);
  clear_list (self->periods_list);
  gtk_stack_set_visible_child_name (self->stack, totals->len > 0 ? "totals" : "empty");

  for (GList *l = currencies; l; l = l->next)
    {
      g_autofree char *sum = atelier_spend_format_money (*(double *) g_hash_table_lookup (money, l->data),
                                                         l->data);
      if (sums->len > 0)
        g_string_append (sums, " · ");
      g_string_append (sums, sum);
    }
  gtk_label_set_label (self->money_label, sums->str);
  gtk_widget_set_visible (GTK_WIDGET (self->money_label), sums->len > 0);

  if (unknown > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u job of unknown cost: its service did not say, so it is not counted",
                                                         "%u jobs of unknown cost: their services did not say, so they are not counted",
                                                         unknown), unknown);
      gtk_label_set_label (self->unknown_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->unknown_label), unknown > 0);

  for (guint i = 0; i < totals->len; i++)
    {
      AtelierSpendRow *row = g_ptr_array_index (totals, i);
      g_autofree char *subtitle = row_amount (row);

      add_row (self->services_list, service_name (row->service), subtitle, row);
    }

  gtk_label_set_label (self->periods_heading, self->by_month ? _("By Month") : _("By Day"));
  for (guint i = 0; i < periods->len; i++)
    {
      AtelierSpendRow *row = g_ptr_array_index (periods, i);
      g_autofree char *amount = row_amount (row);
      g_autofree char *subtitle = g_strdup_printf (C_("spend row", "%s · %s"),
                                                   service_name (row->service), amount);

      add_row (self->periods_list, row->period, subtitle, row);
    }
}

static void
update_now (AtelierSpendPage *self)
{
  guint n = self->jobs != NULL ? g_list_model_get_n_items (self->jobs) : 0;

  g_clear_handle_id (&self->update_id, g_source_remove);
  self->dirty = FALSE;

  g_clear_object (&self->spend);
  self->spend = atelier_spend_new (self->by_month ? ATELIER_SPEND_BY_MONTH : ATELIER_SPEND_BY_DAY, 0);
  if (self->settings != NULL)
    {
      g_autoptr(GVariant) prices = g_settings_get_value (self->settings, PRICES_KEY);
      atelier_spend_set_prices (self->spend, prices);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AtelierJob) job = g_list_model_get_item (self->jobs, i);
      atelier_spend_add_job (self->spend, job);
    }
  show_totals (self);
}

static gboolean
update_idle_cb (gpointer data)
{
  AtelierSpendPage *self = data;

  self->update_id = 0;
  update_now (self);
  return G_SOURCE_REMOVE;
}

static void
queue_update (AtelierSpendPage *self)
{
  self->dirty = TRUE;
  if (self->update_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->update_id = g_idle_add_full (G_PRIORITY_LOW, update_idle_cb, self, NULL);
}

static void
month_toggled_cb (AtelierSpendPage *self)
{
  atelier_spend_page_set_by_month (self, gtk_toggle_button_get_active (self->month_button));
}

static void
atelier_spend_page_map (GtkWidget *widget)
{
  AtelierSpendPage *self = ATELIER_SPEND_PAGE (widget);

  GTK_WIDGET_CLASS (atelier_spend_page_parent_class)->map (widget);
  if (self->dirty)
    update_now (self);
}

static void
atelier_spend_page_dispose (GObject *object)
{
  AtelierSpendPage *self = ATELIER_SPEND_PAGE (object);

  /* The engine outlives the page: it must not call back into it. */
  atelier_spend_page_set_engine (self, NULL);
  g_clear_handle_id (&self->update_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_SPEND_PAGE);
  g_clear_object (&self->settings);
  g_clear_object (&self->spend);

  G_OBJECT_CLASS (atelier_spend_page_parent_class)->dispose (object);
}

static void
atelier_spend_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AtelierSpendPage *self = ATELIER_SPEND_PAGE (object);

  switch (prop_id)
    {
    case PROP_BY_MONTH:
      g_value_set_boolean (value, self->by_month);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_spend_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AtelierSpendPage *self = ATELIER_SPEND_PAGE (object);

  switch (prop_id)
    {
    case PROP_BY_MONTH:
      atelier_spend_page_set_by_month (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_spend_page_class_init (AtelierSpendPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_spend_page_dispose;
  object_class->get_property = atelier_spend_page_get_property;
  object_class->set_property = atelier_spend_page_set_property;
  widget_class->map = atelier_spend_page_map;

  properties[PROP_BY_MONTH] =
    g_param_spec_boolean ("by-month", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/ui/atelier-spend-page.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierSpendPage, stack);
  gtk_widget_class_bind_template_child (widget_class, AtelierSpendPage, money_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierSpendPage, unknown_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierSpendPage, services_list);
  gtk_widget_class_bind_template_child (widget_class, AtelierSpendPage, periods_heading);
  gtk_widget_class_bind_template_child (widget_class, AtelierSpendPage, periods_list);
  gtk_widget_class_bind_template_child (widget_class, AtelierSpendPage, day_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierSpendPage, month_button);
  gtk_widget_class_bind_template_callback (widget_class, month_toggled_cb);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
atelier_spend_page_init (AtelierSpendPage *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  if (source != NULL && (schema = g_settings_schema_source_lookup (source, SETTINGS_ID, TRUE)) != NULL &&
      g_settings_schema_has_key (schema, PRICES_KEY))
    {
      self->settings = g_settings_new (SETTINGS_ID);
      g_signal_connect_object (self->settings, "changed::" PRICES_KEY, G_CALLBACK (queue_update),
                               self, G_CONNECT_SWAPPED);
    }
  update_now (self);
}

GtkWidget *
atelier_spend_page_new (void)
{
  return g_object_new (ATELIER_TYPE_SPEND_PAGE, NULL);
}

void
atelier_spend_page_set_engine (AtelierSpendPage *self,
                               AtelierEngine    *engine)
{
  g_return_if_fail (ATELIER_IS_SPEND_PAGE (self));
  g_return_if_fail (engine == NULL || ATELIER_IS_ENGINE (engine));

  if (self->engine == engine)
    return;
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->jobs != NULL)
    g_signal_handlers_disconnect_by_data (self->jobs, self);
  g_clear_object (&self->jobs);
  g_set_object (&self->engine, engine);

  if (engine != NULL)
    {
      self->jobs = g_object_ref (G_LIST_MODEL (atelier_engine_get_jobs (engine)));
      g_signal_connect_swapped (self->jobs, "items-changed", G_CALLBACK (queue_update), self);
      g_signal_connect_swapped (engine, "job-finished", G_CALLBACK (queue_update), self);
      queue_update (self);
    }
}

gboolean
atelier_spend_page_get_by_month (AtelierSpendPage *self)
{
  g_return_val_if_fail (ATELIER_IS_SPEND_PAGE (self), FALSE);
  return self->by_month;
}

void
atelier_spend_page_set_by_month (AtelierSpendPage *self,
                                 gboolean          by_month)
{
  g_return_if_fail (ATELIER_IS_SPEND_PAGE (self));

  by_month = !!by_month;
  if (self->by_month == by_month)
    return;
  self->by_month = by_month;
  if (gtk_toggle_button_get_active (self->month_button) != by_month)
    gtk_toggle_button_set_active (by_month ? self->month_button : self->day_button, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BY_MONTH]);
  queue_update (self);
}

AtelierSpend *
atelier_spend_page_get_spend (AtelierSpendPage *self)
{
  g_return_val_if_fail (ATELIER_IS_SPEND_PAGE (self), NULL);

  if (self->dirty)
    update_now (self);
  return self->spend;
}
