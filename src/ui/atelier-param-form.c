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

#include "atelier-param-form.h"

typedef struct
{
  AtelierParamForm       *form;     /* unowned */
  const AtelierParamSpec *spec;
  GtkWidget              *row;
  GtkWidget              *control;  /* spin, switch, entry row, combo row */
  GtkWidget              *chips;    /* COLORS */
  GStrv                   files;    /* FILE */
  gboolean                has_none; /* ENUM: first item means "omit" */
  gboolean                touched;
} Field;

struct _AtelierParamForm
{
  GtkWidget        parent_instance;

  GtkWidget       *box;
  AtelierProvider *provider;
  GPtrArray       *fields;
  AtelierChoiceLabelFunc choice_label_func;
  gpointer         choice_label_data;
  guint            building : 1;
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

static void
emit_changed (Field *field)
{
  if (field->form->building)
    return;
  field->touched = TRUE;
  g_signal_emit (field->form, signals[CHANGED], 0);
}

static const char *
spec_label (const AtelierParamSpec *spec)
{
  return spec->label != NULL ? _(spec->label) : spec->name;
}

/* Enumerations */

static char *
choice_label (Field      *field,
              const char *choice)
{
  g_autofree char *label = NULL;

  if (field->form->choice_label_func != NULL
      && (label = field->form->choice_label_func (field->spec, choice,
                                                  field->form->choice_label_data)) != NULL)
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

static void
on_combo_selected (Field *field)
{
  emit_changed (field);
}

static GtkWidget *
build_enum (Field *field)
{
  const AtelierParamSpec *spec = field->spec;
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();
  guint selected = 0;
  guint offset = 0;

  if (spec->default_value == NULL)
    {
      field->has_none = TRUE;
      gtk_string_list_append (list, C_("parameter value", "Default"));
      offset = 1;
    }
  for (guint i = 0; spec->choices != NULL && spec->choices[i] != NULL; i++)
    {
      g_autofree char *label = choice_label (field, spec->choices[i]);

      gtk_string_list_append (list, label);
      if (g_strcmp0 (spec->choices[i], spec->default_value) == 0)
        selected = i + offset;
    }

  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (on_combo_selected), field);
  field->control = row;
  return row;
}

static const char *
enum_value (Field *field)
{
  guint selected = adw_combo_row_get_selected (ADW_COMBO_ROW (field->control));

  if (selected == GTK_INVALID_LIST_POSITION || (field->has_none && selected == 0))
    return NULL;
  return field->spec->choices[selected - (field->has_none ? 1 : 0)];
}

/* Open enumerations: free text with suggestions */

static void
on_suggestion_clicked (GtkButton *button,
                       Field     *field)
{
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (button), GTK_TYPE_POPOVER);

  gtk_editable_set_text (GTK_EDITABLE (field->control),
                         g_object_get_data (G_OBJECT (button), "value"));
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
on_entry_changed (Field *field)
{
  emit_changed (field);
}

static GtkWidget *
build_entry (Field *field)
{
  const AtelierParamSpec *spec = field->spec;
  GtkWidget *row = adw_entry_row_new ();

  if (spec->default_value != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), spec->default_value);
  if (spec->type == ATELIER_PARAM_URL)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_URL);

  if (spec->type == ATELIER_PARAM_ENUM && spec->choices != NULL)
    {
      GtkWidget *button = gtk_menu_button_new ();
      GtkWidget *popover = gtk_popover_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

      for (guint i = 0; spec->choices[i] != NULL; i++)
        {
          g_autofree char *label = choice_label (field, spec->choices[i]);
          GtkWidget *item = gtk_button_new_with_label (label);

          gtk_widget_add_css_class (item, "flat");
          gtk_label_set_xalign (GTK_LABEL (gtk_button_get_child (GTK_BUTTON (item))), 0);
          g_object_set_data_full (G_OBJECT (item), "value", g_strdup (spec->choices[i]), g_free);
          g_signal_connect (item, "clicked", G_CALLBACK (on_suggestion_clicked), field);
          gtk_box_append (GTK_BOX (box), item);
        }
      gtk_popover_set_child (GTK_POPOVER (popover), box);
      gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
      gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Suggestions"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Suggestions"),
                                      -1);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
    }

  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_entry_changed), field);
  field->control = row;
  return row;
}

/* Colours: the entry plus a swatch per colour it names */

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  GdkRGBA *rgba = user_data;

  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0 - 1, 0, 2 * G_PI);
  gdk_cairo_set_source_rgba (cr, rgba);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static void
update_chips (Field *field)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (field->control));
  g_auto(GStrv) colors = g_strsplit (text, ",", -1);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (field->chips)) != NULL)
    gtk_box_remove (GTK_BOX (field->chips), child);

  for (guint i = 0; colors[i] != NULL && i < 8; i++)
    {
      GdkRGBA rgba;
      GtkWidget *swatch;

      g_strstrip (colors[i]);
      if (!gdk_rgba_parse (&rgba, colors[i]))
        continue;
      swatch = gtk_drawing_area_new ();
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 16);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 16);
      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (swatch, colors[i]);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch,
                                      gdk_rgba_copy (&rgba), (GDestroyNotify) gdk_rgba_free);
      gtk_box_append (GTK_BOX (field->chips), swatch);
    }
}

static void
on_colors_changed (Field *field)
{
  update_chips (field);
  emit_changed (field);
}

static GtkWidget *
build_colors (Field *field)
{
  GtkWidget *row = adw_entry_row_new ();

  field->control = row;
  field->chips = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_widget_set_valign (field->chips, GTK_ALIGN_CENTER);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), field->chips);
  if (field->spec->default_value != NULL)
    gtk_editable_set_text (GTK_EDITABLE (row), field->spec->default_value);
  gtk_widget_set_tooltip_text (row, _("Colour names or #rrggbb, separated by commas"));
  update_chips (field);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_colors_changed), field);
  return row;
}

/* Numbers and switches */

static void
on_value_changed (Field *field)
{
  emit_changed (field);
}

static GtkWidget *
build_int (Field *field)
{
  const AtelierParamSpec *spec = field->spec;
  GtkWidget *row = adw_action_row_new ();
  gint64 min = spec->min, max = spec->max;
  GtkWidget *spin;

  if (max <= min)
    max = G_MAXINT;
  spin = gtk_spin_button_new_with_range ((double) min, (double) max, 1);
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin),
                             spec->default_value != NULL ? g_ascii_strtod (spec->default_value, NULL)
                                                         : (double) min);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (on_value_changed), field);
  field->control = spin;
  return row;
}

static void
on_switch_active (Field *field)
{
  emit_changed (field);
}

static GtkWidget *
build_bool (Field *field)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  gtk_switch_set_active (GTK_SWITCH (sw), g_strcmp0 (field->spec->default_value, "true") == 0);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  g_signal_connect_swapped (sw, "notify::active", G_CALLBACK (on_switch_active), field);
  field->control = sw;
  return row;
}

/* Files */

static void
update_file_row (Field *field)
{
  guint n = field->files != NULL ? g_strv_length (field->files) : 0;
  g_autofree char *subtitle = NULL;

  if (n == 0)
    subtitle = g_strdup (field->spec->help != NULL ? _(field->spec->help)
                                                   : _("Choose or drop an image"));
  else if (n == 1)
    subtitle = g_path_get_basename (field->files[0]);
  else
    subtitle = g_strdup_printf (ngettext ("%u file", "%u files", n), n);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (field->row), subtitle);
  gtk_widget_set_visible (field->control, n > 0);
}

static void
field_add_file (Field *field,
                GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean multiple = (field->spec->flags & ATELIER_PARAM_FLAG_MULTIPLE) != 0;
  guint max = field->spec->max > 0 ? (guint) field->spec->max : 1;

  if (path == NULL)
    return;

  if (multiple && field->files != NULL && g_strv_length (field->files) < max)
    g_strv_builder_addv (builder, (const char **) field->files);
  g_strv_builder_add (builder, path);
  g_strfreev (field->files);
  field->files = g_strv_builder_end (builder);

  update_file_row (field);
  emit_changed (field);
}

static void
on_file_chosen (GtkNativeDialog *dialog,
                int              response,
                Field           *field)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        field_add_file (field, file);
    }
  g_object_unref (dialog);
}

static void
on_choose_clicked (Field *field)
{
  GtkRoot *root = gtk_widget_get_root (field->row);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *dialog;

  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_pixbuf_formats (filter);
  dialog = gtk_file_chooser_native_new (spec_label (field->spec),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_file_chosen), field);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_clear_clicked (Field *field)
{
  g_clear_pointer (&field->files, g_strfreev);
  update_file_row (field);
  emit_changed (field);
}

static gboolean
on_file_drop (GtkDropTarget *target,
              const GValue  *value,
              double         x,
              double         y,
              Field         *field)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
        field_add_file (field, l->data);
      return TRUE;
    }
  return FALSE;
}

static GtkWidget *
build_file (Field *field)
{
  g_autofree char *choose_label = NULL;
  g_autofree char *clear_label = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *choose = gtk_button_new_from_icon_name ("document-open-symbolic");
  GtkWidget *clear = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  GtkDropTarget *drop;

  /* Translators: %s is a parameter's label, e.g. "Reference image" */
  choose_label = g_strdup_printf (_("Choose %s"), spec_label (field->spec));
  clear_label = g_strdup_printf (_("Clear %s"), spec_label (field->spec));

  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (clear, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (choose, "flat");
  gtk_widget_add_css_class (clear, "flat");
  gtk_widget_set_tooltip_text (choose, choose_label);
  gtk_widget_set_tooltip_text (clear, clear_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (choose), GTK_ACCESSIBLE_PROPERTY_LABEL, choose_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (clear), GTK_ACCESSIBLE_PROPERTY_LABEL, clear_label, -1);
  g_signal_connect_swapped (choose, "clicked", G_CALLBACK (on_choose_clicked), field);
  g_signal_connect_swapped (clear, "clicked", G_CALLBACK (on_clear_clicked), field);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), clear);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), choose);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), choose);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_file_drop), field);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drop));
  gtk_widget_add_css_class (row, "atelier-drop-row");

  field->control = clear;
  field->row = row;
  update_file_row (field);
  return row;
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
      row = (spec->flags & ATELIER_PARAM_FLAG_OPEN_ENUM) ? build_entry (field) : build_enum (field);
      break;
    case ATELIER_PARAM_INT:
      row = build_int (field);
      break;
    case ATELIER_PARAM_BOOL:
      row = build_bool (field);
      break;
    case ATELIER_PARAM_FILE:
      row = build_file (field);
      break;
    case ATELIER_PARAM_COLORS:
      row = build_colors (field);
      break;
    case ATELIER_PARAM_STRING:
    case ATELIER_PARAM_TEXT:
    case ATELIER_PARAM_URL:
    default:
      row = build_entry (field);
      break;
    }

  field->row = row;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), spec_label (spec));
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
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, spec_label (spec),
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

const AtelierParamSpec *
atelier_param_table_find_prompt (const AtelierParamTable *table)
{
  const AtelierParamSpec *spec;

  if (table == NULL)
    return NULL;
  if ((spec = atelier_param_table_lookup (table, "prompt")) != NULL)
    return spec;
  for (guint i = 0; i < table->n_specs; i++)
    if (table->specs[i].type == ATELIER_PARAM_TEXT)
      return &table->specs[i];
  return NULL;
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

      if (spec == prompt)
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
      return g_strdup (enum_value (field));

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
          field_add_file (field, file);
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
      update_file_row (field);
      emit_changed (field);
      return TRUE;
    default:
      break;
    }

  gtk_editable_set_text (GTK_EDITABLE (field->control), value);
  return TRUE;
}
