/* atelier-param-form.c: a form built from a provider's parameter table
 *
 * One generic builder, so a new provider or parameter needs no new form:
 * enum → combo row, int → spin button, bool → switch, text → entry row,
 * file → chooser button and drop target, colours → entry with chips.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-param-form"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "atelier-param-form-private.h"

typedef AtelierParamField Field;

struct _AtelierParamForm
{
  GtkWidget        parent_instance;

  GtkWidget       *box;
  AtelierProvider *provider;
  GPtrArray       *fields;
  AtelierChoiceLabelFunc choice_label_func;
  gpointer         choice_label_data;
  guint            building : 1;
  guint            hide_files : 1;
};

enum {
  PROP_0,
  PROP_PROVIDER,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AtelierParamForm, atelier_param_form, GTK_TYPE_WIDGET)

static void
field_free (Field *field)
{
  g_strfreev (field->files);
  g_free (field);
}

void
_atelier_param_field_changed (Field *field)
{
  if (field->form->building)
    return;
  field->touched = TRUE;
  g_signal_emit (field->form, signals[CHANGED], 0);
}

const char *
_atelier_param_spec_label (const AtelierParamSpec *spec)
{
  return spec->label != NULL ? _(spec->label) : spec->name;
}

/* Choices */

char *
_atelier_param_form_choice_label (AtelierParamForm       *form,
                                  const AtelierParamSpec *spec,
                                  const char             *choice)
{
  g_autofree char *label = NULL;

  if (form->choice_label_func != NULL
      && (label = form->choice_label_func (spec, choice, form->choice_label_data)) != NULL)
    return g_steal_pointer (&label);

  /* File formats are names people know in capitals. */
  if (g_strcmp0 (choice, "webp") == 0)
    return g_strdup ("WebP");
  if (g_strv_contains ((const char * const[]) { "png", "jpeg", "jpg", "glb", "gltf", "obj", "fbx", "stl", "usdz", NULL },
                       choice))
    return g_ascii_strup (choice, -1);

  /* Plain words read better capitalised ("text" → "Text"); wire values
   * such as "1024x1024" or "b64_json" stay as they are. */
  label = g_strdup (choice);
  for (const char *c = choice; *c != '\0'; c++)
    if (!g_ascii_islower (*c) && *c != ' ' && *c != '-')
      return g_steal_pointer (&label);
  if (label[0] != '\0')
    label[0] = g_ascii_toupper (label[0]);
  return g_steal_pointer (&label);
}

/* Building the form */

static GtkWidget *
build_field (Field *field)
{
  const AtelierParamSpec *spec = field->spec;
  GtkWidget *row;

  switch (spec->type)
    {
    case ATELIER_PARAM_ENUM:
      row = (spec->flags & ATELIER_PARAM_FLAG_OPEN_ENUM) ? _atelier_param_field_build_entry (field) : _atelier_param_field_build_enum (field);
      break;
    case ATELIER_PARAM_INT:
      row = _atelier_param_field_build_int (field);
      break;
    case ATELIER_PARAM_BOOL:
      row = _atelier_param_field_build_bool (field);
      break;
    case ATELIER_PARAM_FILE:
      row = _atelier_param_field_build_file (field);
      break;
    case ATELIER_PARAM_COLORS:
      row = _atelier_param_field_build_colors (field);
      break;
    case ATELIER_PARAM_STRING:
    case ATELIER_PARAM_TEXT:
    case ATELIER_PARAM_URL:
    default:
      row = _atelier_param_field_build_entry (field);
      break;
    }

  field->row = row;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _atelier_param_spec_label (spec));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), FALSE);
  /* Labels and help come from provider tables: plain text, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (spec->help != NULL)
    {
      if (ADW_IS_ACTION_ROW (row) && spec->type != ATELIER_PARAM_FILE)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(spec->help));
      gtk_widget_set_tooltip_text (row, _(spec->help));
    }
  if (field->control != NULL && field->control != row && spec->type != ATELIER_PARAM_FILE)
    gtk_accessible_update_property (GTK_ACCESSIBLE (field->control),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _atelier_param_spec_label (spec),
                                    -1);
  return row;
}

static char *
group_title (const char *group)
{
  g_autofree char *title = g_strdup (group);

  /* Group names are identifiers ("edit", "image"); make them headings. */
  g_strdelimit (title, "_-", ' ');
  if (title[0] != '\0')
    title[0] = g_ascii_toupper (title[0]);
  return g_steal_pointer (&title);
}

static void
clear_form (AtelierParamForm *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);
  g_ptr_array_set_size (self->fields, 0);
}

static void
rebuild (AtelierParamForm *self)
{
  const AtelierParamTable *table;
  const AtelierParamSpec *prompt;
  GtkWidget *main_group = NULL;
  GtkWidget *advanced = NULL;
  g_autoptr(GHashTable) groups = g_hash_table_new (g_str_hash, g_str_equal);

  self->building = TRUE;
  clear_form (self);

  if (self->provider == NULL)
    goto out;

  table = atelier_provider_get_params (self->provider);
  prompt = atelier_param_table_find_prompt (table);
  for (guint i = 0; table != NULL && i < table->n_specs; i++)
    {
      const AtelierParamSpec *spec = &table->specs[i];
      Field *field;
      GtkWidget *row;

      if (spec == prompt || (self->hide_files && spec->type == ATELIER_PARAM_FILE))
        continue;

      field = g_new0 (Field, 1);
      field->form = self;
      field->spec = spec;
      g_ptr_array_add (self->fields, field);
      row = build_field (field);

      if (spec->flags & ATELIER_PARAM_FLAG_ADVANCED)
        {
          if (advanced == NULL)
            {
              advanced = adw_expander_row_new ();
              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (advanced), _("Advanced"));
            }
          adw_expander_row_add_row (ADW_EXPANDER_ROW (advanced), row);
        }
      else if (spec->group != NULL && spec->group[0] != '\0')
        {
          GtkWidget *group = g_hash_table_lookup (groups, spec->group);

          if (group == NULL)
            {
              g_autofree char *title = group_title (spec->group);

              group = adw_preferences_group_new ();
              adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
              g_hash_table_insert (groups, (gpointer) spec->group, group);
            }
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
      else
        {
          if (main_group == NULL)
            {
              main_group = adw_preferences_group_new ();
              adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (main_group), _("Options"));
            }
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (main_group), row);
        }
    }

  if (advanced != NULL)
    {
      if (main_group == NULL)
        {
          main_group = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (main_group), _("Options"));
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (main_group), advanced);
    }

  if (main_group != NULL)
    gtk_box_append (GTK_BOX (self->box), main_group);

  /* Mode groups after the common options, in table order. */
  for (guint i = 0; table != NULL && i < table->n_specs; i++)
    {
      const char *name = table->specs[i].group;
      GtkWidget *group = name != NULL ? g_hash_table_lookup (groups, name) : NULL;

      if (group != NULL && gtk_widget_get_parent (group) == NULL)
        gtk_box_append (GTK_BOX (self->box), group);
    }

out:
  gtk_widget_set_visible (self->box, gtk_widget_get_first_child (self->box) != NULL);
  self->building = FALSE;
}

/* Reading values */

static char *
field_value (Field *field)
{
  const AtelierParamSpec *spec = field->spec;

  switch (spec->type)
    {
    case ATELIER_PARAM_ENUM:
      if (spec->flags & ATELIER_PARAM_FLAG_OPEN_ENUM)
        break;
      return g_strdup (_atelier_param_field_enum_value (field));

    case ATELIER_PARAM_INT:
      return g_strdup_printf ("%d", gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (field->control)));

    case ATELIER_PARAM_BOOL:
      return g_strdup (gtk_switch_get_active (GTK_SWITCH (field->control)) ? "true" : "false");

    case ATELIER_PARAM_FILE:
      return field->files != NULL && field->files[0] != NULL ? g_strjoinv ("\n", field->files) : NULL;

    default:
      break;
    }

  {
    g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->control)));

    g_strstrip (text);
    return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
  }
}

static void
atelier_param_form_dispose (GObject *object)
{
  AtelierParamForm *self = ATELIER_PARAM_FORM (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (atelier_param_form_parent_class)->dispose (object);
}

static void
atelier_param_form_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  AtelierParamForm *self = ATELIER_PARAM_FORM (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      g_value_set_object (value, self->provider);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_param_form_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  AtelierParamForm *self = ATELIER_PARAM_FORM (object);

  switch (prop_id)
    {
    case PROP_PROVIDER:
      atelier_param_form_set_provider (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_param_form_class_init (AtelierParamFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_param_form_dispose;
  object_class->get_property = atelier_param_form_get_property;
  object_class->set_property = atelier_param_form_set_property;

  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL,
                         ATELIER_TYPE_PROVIDER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] = g_signal_new ("changed",
                                   G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "atelierparamform");
}

static void
atelier_param_form_init (AtelierParamForm *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_visible (self->box, FALSE);
}

GtkWidget *
atelier_param_form_new (void)
{
  return g_object_new (ATELIER_TYPE_PARAM_FORM, NULL);
}

void
atelier_param_form_set_provider (AtelierParamForm *self,
                                 AtelierProvider  *provider)
{
  g_return_if_fail (ATELIER_IS_PARAM_FORM (self));
  g_return_if_fail (provider == NULL || ATELIER_IS_PROVIDER (provider));

  if (!g_set_object (&self->provider, provider))
    return;

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
  g_signal_emit (self, signals[CHANGED], 0);
}

AtelierProvider *
atelier_param_form_get_provider (AtelierParamForm *self)
{
  g_return_val_if_fail (ATELIER_IS_PARAM_FORM (self), NULL);

  return self->provider;
}

void
atelier_param_form_set_choice_label_func (AtelierParamForm      *self,
                                          AtelierChoiceLabelFunc func,
                                          gpointer               user_data)
{
  g_return_if_fail (ATELIER_IS_PARAM_FORM (self));

  self->choice_label_func = func;
  self->choice_label_data = user_data;
}

void
atelier_param_form_set_hide_files (AtelierParamForm *self,
                                   gboolean          hide_files)
{
  g_return_if_fail (ATELIER_IS_PARAM_FORM (self));

  if (self->hide_files == !!hide_files)
    return;
  self->hide_files = !!hide_files;
  rebuild (self);
}

void
atelier_param_form_rebuild (AtelierParamForm *self)
{
  g_autoptr(GHashTable) values = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (ATELIER_IS_PARAM_FORM (self));

  values = atelier_param_form_get_params (self);
  rebuild (self);

  self->building = TRUE;
  g_hash_table_iter_init (&iter, values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    atelier_param_form_set_value (self, key, value);
  self->building = FALSE;

  g_signal_emit (self, signals[CHANGED], 0);
}

guint
atelier_param_form_get_n_fields (AtelierParamForm *self)
{
  g_return_val_if_fail (ATELIER_IS_PARAM_FORM (self), 0);

  return self->fields->len;
}

GHashTable *
atelier_param_form_get_params (AtelierParamForm *self)
{
  GHashTable *params;

  g_return_val_if_fail (ATELIER_IS_PARAM_FORM (self), NULL);

  params = atelier_params_new ();
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      g_autofree char *value = field_value (field);

      if (value == NULL)
        continue;
      /* Defaults are the service's business; numbers count once touched. */
      if (g_strcmp0 (value, field->spec->default_value) == 0)
        continue;
      if (field->spec->default_value == NULL && !field->touched
          && (field->spec->type == ATELIER_PARAM_INT || field->spec->type == ATELIER_PARAM_BOOL))
        continue;
      g_hash_table_insert (params, g_strdup (field->spec->name), g_steal_pointer (&value));
    }

  return params;
}

static Field *
find_field (AtelierParamForm *self,
            const char       *name)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (field->spec->name, name) == 0)
        return field;
    }
  return NULL;
}

gboolean
atelier_param_form_set_file (AtelierParamForm *self,
                             GFile            *file)
{
  g_return_val_if_fail (ATELIER_IS_PARAM_FORM (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (field->spec->type == ATELIER_PARAM_FILE)
        {
          g_clear_pointer (&field->files, g_strfreev);
          _atelier_param_field_add_file (field, file);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
atelier_param_form_set_value (AtelierParamForm *self,
                              const char       *name,
                              const char       *value)
{
  Field *field;

  g_return_val_if_fail (ATELIER_IS_PARAM_FORM (self), FALSE);

  field = find_field (self, name);
  if (field == NULL)
    return FALSE;

  switch (field->spec->type)
    {
    case ATELIER_PARAM_ENUM:
      if (!(field->spec->flags & ATELIER_PARAM_FLAG_OPEN_ENUM))
        {
          for (guint i = 0; field->spec->choices != NULL && field->spec->choices[i] != NULL; i++)
            if (g_strcmp0 (field->spec->choices[i], value) == 0)
              {
                adw_combo_row_set_selected (ADW_COMBO_ROW (field->control),
                                            i + (field->has_none ? 1 : 0));
                return TRUE;
              }
          return FALSE;
        }
      break;
    case ATELIER_PARAM_INT:
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (field->control), g_ascii_strtod (value, NULL));
      field->touched = TRUE;
      return TRUE;
    case ATELIER_PARAM_BOOL:
      gtk_switch_set_active (GTK_SWITCH (field->control), g_strcmp0 (value, "true") == 0);
      field->touched = TRUE;
      return TRUE;
    case ATELIER_PARAM_FILE:
      g_clear_pointer (&field->files, g_strfreev);
      field->files = g_strsplit (value, "\n", -1);
      _atelier_param_field_update_files (field);
      _atelier_param_field_changed (field);
      return TRUE;
    default:
      break;
    }

  gtk_editable_set_text (GTK_EDITABLE (field->control), value);
  return TRUE;
}
