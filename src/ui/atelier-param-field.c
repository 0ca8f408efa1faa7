/* atelier-param-field.c: one row per parameter type, for the generic form
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-param-form"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-param-form-private.h"

typedef AtelierParamField Field;

/* Enumerations */

static void
on_combo_selected (Field *field)
{
  _atelier_param_field_changed (field);
}

GtkWidget *
_atelier_param_field_build_enum (Field *field)
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
      g_autofree char *label = _atelier_param_form_choice_label (field->form, spec, spec->choices[i]);

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

const char *
_atelier_param_field_enum_value (Field *field)
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
  _atelier_param_field_changed (field);
}

static void
choices_refreshed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(AtelierParamForm) form = user_data;
  g_autoptr(GPtrArray) choices = NULL;
  g_autoptr(GError) error = NULL;

  choices = atelier_provider_list_choices_finish (ATELIER_PROVIDER (source), result, &error);
  if (choices == NULL)
    {
      /* The old list stays: it is still what the service offered last. */
      g_debug ("Could not refresh a service's choices: %s", error->message);
      return;
    }
  /* The field (and its button) are rebuilt with the new list. */
  if (atelier_param_form_get_provider (form) == (AtelierProvider *) source)
    atelier_param_form_rebuild (form);
}

static void
on_refresh_clicked (GtkButton *button,
                    Field     *field)
{
  AtelierProvider *provider = atelier_param_form_get_provider (field->form);

  if (provider == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  atelier_provider_list_choices_async (provider, field->spec->name, TRUE, NULL,
                                       choices_refreshed, g_object_ref (field->form));
}

/* For choices the service lists (OpenAI-compatible servers' models):
 * asks it again, past the list kept from last time. */
static void
add_refresh_button (Field     *field,
                    GtkWidget *row)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  /* Translators: %s is a parameter's label, e.g. "Refresh Model List" */
  g_autofree char *name = g_strdup_printf (_("Refresh %s List"),
                                           _atelier_param_spec_label (field->spec));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Ask the service again for what it offers"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_set_name (button, "refresh-choices");
  g_signal_connect (button, "clicked", G_CALLBACK (on_refresh_clicked), field);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
}

GtkWidget *
_atelier_param_field_build_entry (Field *field)
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
          g_autofree char *label = _atelier_param_form_choice_label (field->form, spec, spec->choices[i]);
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
  if (spec->type == ATELIER_PARAM_ENUM && (spec->flags & ATELIER_PARAM_FLAG_SERVICE_CHOICES))
    add_refresh_button (field, row);

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
  _atelier_param_field_changed (field);
}

GtkWidget *
_atelier_param_field_build_colors (Field *field)
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
  _atelier_param_field_changed (field);
}

GtkWidget *
_atelier_param_field_build_int (Field *field)
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
  _atelier_param_field_changed (field);
}

GtkWidget *
_atelier_param_field_build_bool (Field *field)
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

void
_atelier_param_field_update_files (Field *field)
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

void
_atelier_param_field_add_file (Field *field,
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

  _atelier_param_field_update_files (field);
  _atelier_param_field_changed (field);
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
        _atelier_param_field_add_file (field, file);
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
  dialog = gtk_file_chooser_native_new (_atelier_param_spec_label (field->spec),
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
  _atelier_param_field_update_files (field);
  _atelier_param_field_changed (field);
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
        _atelier_param_field_add_file (field, l->data);
      return TRUE;
    }
  return FALSE;
}

GtkWidget *
_atelier_param_field_build_file (Field *field)
{
  g_autofree char *choose_label = NULL;
  g_autofree char *clear_label = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *choose = gtk_button_new_from_icon_name ("document-open-symbolic");
  GtkWidget *clear = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  GtkDropTarget *drop;

  /* Translators: %s is a parameter's label, e.g. "Reference image" */
  choose_label = g_strdup_printf (_("Choose %s"), _atelier_param_spec_label (field->spec));
  clear_label = g_strdup_printf (_("Clear %s"), _atelier_param_spec_label (field->spec));

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
  _atelier_param_field_update_files (field);
  return row;
}
