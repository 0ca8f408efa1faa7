/* atelier-window-core3d.c: "Put on a product…", "Export for print…", and
 * the links between jobs
 *
 * Both make a child job of the selected one (its parent-id), so the detail
 * pane can link image → design → print export.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-window"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-core3d-design.h"
#include "atelier-core3d-export.h"
#include "atelier-product-picker.h"
#include "atelier-window-private.h"

static AtelierJob *
selected_job (AtelierWindow *self)
{
  return atelier_job_detail_get_job (self->detail);
}

static AtelierCore3dDesignProvider *
design_provider (AtelierWindow *self)
{
  AtelierProvider *provider = self->engine != NULL
                              ? atelier_engine_get_provider (self->engine, "core3d-design") : NULL;

  return provider != NULL && ATELIER_IS_CORE3D_DESIGN_PROVIDER (provider)
         ? ATELIER_CORE3D_DESIGN_PROVIDER (provider) : NULL;
}

static void
show_child (AtelierWindow *self,
            AtelierJob    *parent,
            const char    *provider_id,
            GHashTable    *params,
            const char    *what)
{
  g_autoptr(GError) error = NULL;
  AtelierJob *job = atelier_engine_create_job (self->engine, provider_id, params, &error);

  if (job == NULL)
    {
      g_autofree char *text = g_strdup_printf ("%s: %s", what, error->message);

      _atelier_window_toast (self, text);
      return;
    }
  atelier_job_set_parent_id (job, atelier_job_get_id (parent));
  _atelier_window_show_new_job (self, job);
}

/* ---- Put on a product… ------------------------------------------------------ */

typedef struct
{
  AtelierWindow *window;
  AtelierJob    *source;
  AtelierProductPicker *picker;
  GtkDropDown   *type_dropdown;
} ProductDialog;

static void
product_dialog_free (ProductDialog *pd)
{
  g_object_unref (pd->window);
  g_object_unref (pd->source);
  g_free (pd);
}

static const char * const apply_types[] = { "pattern", "graphic", NULL };

static void
on_product_response (AdwMessageDialog *dialog,
                     const char       *response,
                     ProductDialog    *pd)
{
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(GError) error = NULL;
  const AtelierCore3dProduct *product = atelier_product_picker_get_selected (pd->picker);

  if (!g_str_equal (response, "put") || product == NULL)
    return;
  if (!atelier_core3d_design_take_artwork (pd->source, params, &error))
    {
      _atelier_window_toast (pd->window, error->message);
      return;
    }
  g_hash_table_insert (params, g_strdup ("model"), g_strdup (product->uri));
  g_hash_table_insert (params, g_strdup ("type"),
                       g_strdup (apply_types[MIN (gtk_drop_down_get_selected (pd->type_dropdown), 1)]));
  show_child (pd->window, pd->source, "core3d-design", params,
              _("Could not put the artwork on the product"));
}

/* Enter on a product (or a double click) is "Put on Product". */
static void
on_product_activated (AdwMessageDialog *dialog)
{
  adw_message_dialog_response (dialog, "put");
  /* As its buttons do: destroyed, so that no close response follows. */
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The type the product takes first: a pattern where it can go all over. */
static void
on_product_selected (ProductDialog *pd)
{
  const AtelierCore3dProduct *product = atelier_product_picker_get_selected (pd->picker);

  if (product == NULL)
    return;
  gtk_drop_down_set_selected (pd->type_dropdown,
                              atelier_core3d_product_takes_type (product, "pattern") ? 0 : 1);
}

static void
products_listed (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(AtelierJob) source = user_data;
  AtelierCore3dDesignProvider *provider = ATELIER_CORE3D_DESIGN_PROVIDER (object);
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  AtelierWindow *self = g_object_get_data (G_OBJECT (source), "atelier-product-window");
  GtkWidget *dialog, *box;
  ProductDialog *pd;

  products = atelier_core3d_design_provider_list_products_finish (provider, result, &error);
  g_object_set_data (G_OBJECT (source), "atelier-product-window", NULL);
  if (self == NULL)
    return;
  if (products == NULL || products->len == 0)
    {
      g_autofree char *text = g_strdup_printf (_("Could not list the products: %s"),
                                               error ? error->message : _("Core3D offers none"));

      _atelier_window_toast (self, text);
      g_object_unref (self);
      return;
    }

  /* Translators: how artwork goes on a product */
  gtk_string_list_append (types, _("Pattern, repeated all over"));
  gtk_string_list_append (types, _("Graphic, on a printable zone"));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Put on a Product"),
                                   _("Core3D puts the image on the product you choose. A "
                                     "pattern covers the whole product (all-over print); a "
                                     "graphic goes on its printable zone."));
  pd = g_new0 (ProductDialog, 1);
  pd->window = self;  /* the reference taken when asked */
  pd->source = g_object_ref (source);
  /* Previews come from Core3D's CDN, without the token. */
  pd->picker = ATELIER_PRODUCT_PICKER (atelier_product_picker_new (atelier_engine_get_http (self->engine),
                                                                   products));
  pd->type_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&types)),
                                                        NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (pd->picker),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Product"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (pd->type_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Apply as"), -1);
  gtk_widget_set_name (GTK_WIDGET (pd->picker), "product-picker");
  g_signal_connect_swapped (pd->picker, "product-activated", G_CALLBACK (on_product_activated),
                            dialog);
  g_signal_connect_swapped (pd->picker, "notify::selected",
                            G_CALLBACK (on_product_selected), pd);
  on_product_selected (pd);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (pd->picker));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (pd->type_dropdown));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "put", _("_Put on Product"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "put",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "put");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_product_response), pd,
                         (GClosureNotify) (void (*) (void)) product_dialog_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
put_on_product_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  AtelierCore3dDesignProvider *provider = design_provider (self);
  AtelierJob *job = selected_job (self);

  if (provider == NULL || job == NULL)
    return;
  /* The window goes with the job to the answer. */
  g_object_set_data_full (G_OBJECT (job), "atelier-product-window", g_object_ref (self), NULL);
  atelier_core3d_design_provider_list_products_async (provider, FALSE, self->cancellable,
                                                      products_listed, g_object_ref (job));
}

/* ---- Export for print… ------------------------------------------------------- */

static void
on_export_response (AdwMessageDialog *dialog,
                    const char       *response,
                    AtelierJob       *design)
{
  AtelierWindow *self = ATELIER_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_str_equal (response, "dtf") && !g_str_equal (response, "dtg"))
    return;
  params = atelier_core3d_export_params_for_job (design, response, &error);
  if (params == NULL)
    {
      _atelier_window_toast (self, error->message);
      return;
    }
  show_child (self, design, "core3d-export", params, _("Could not export for print"));
}

static void
export_print_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  AtelierCore3dDesignProvider *provider = design_provider (self);
  AtelierJob *job = selected_job (self);
  const char *model;
  const AtelierCore3dProduct *product = NULL;
  GtkWidget *dialog;

  if (job == NULL)
    return;
  model = atelier_job_get_result (job, "model");
  if (provider != NULL)
    product = atelier_core3d_products_find (atelier_core3d_design_provider_get_products (provider),
                                            model != NULL ? model
                                                          : atelier_job_get_param (job, "model"));

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Export for Print"),
                                   _("Core3D makes print-ready artwork at 300 DPI, saved as a "
                                     "ZIP in the library. All-over print covers every pattern "
                                     "piece; printable zones only the areas the product prints."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "dtg", _("Printable _Zones (DTG)"),
                                    "dtf", _("_All-over Print (DTF)"),
                                    NULL);
  /* Only what the product supports (all, when it is not known). */
  if (product != NULL)
    {
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "dtf",
                                               atelier_core3d_product_supports (product, "dtf"));
      adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "dtg",
                                               atelier_core3d_product_supports (product, "dtg"));
    }
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_export_response), g_object_ref (job),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- links and folders ------------------------------------------------------- */

static void
show_job_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  atelier_window_select_job (ATELIER_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
open_folder_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  const char *path = atelier_job_detail_get_result_path (self->detail);
  g_autofree char *dir = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;
  dir = g_path_get_dirname (path);
  uri = g_filename_to_uri (dir, NULL, NULL);
  if (uri == NULL || !g_app_info_launch_default_for_uri (uri, NULL, &error))
    _atelier_window_toast (self, error != NULL ? error->message : _("Could not open the folder"));
}

void
_atelier_window_core3d_update_actions (AtelierWindow *self)
{
  AtelierJob *job = selected_job (self);
  const char *path = atelier_job_detail_get_result_path (self->detail);
  gboolean done = job != NULL && atelier_job_get_status (job) == ATELIER_JOB_STATUS_DONE;
  gboolean image = done && path != NULL && atelier_job_get_kind (job) == ATELIER_JOB_KIND_IMAGE &&
                   (g_str_has_suffix (path, ".png") || g_str_has_suffix (path, ".jpg") ||
                    g_str_has_suffix (path, ".webp"));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.put-on-product",
                                 image && design_provider (self) != NULL &&
                                 !g_str_equal (atelier_job_get_provider (job), "core3d-design"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-print",
                                 done && atelier_job_get_result (job, "design") != NULL &&
                                 atelier_engine_get_provider (self->engine, "core3d-export") != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-folder", path != NULL);
}

void
_atelier_window_core3d_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.put-on-product", NULL,
                                   put_on_product_action);
  gtk_widget_class_install_action (widget_class, "win.export-print", NULL, export_print_action);
  gtk_widget_class_install_action (widget_class, "win.show-job", "s", show_job_action);
  gtk_widget_class_install_action (widget_class, "win.open-folder", NULL, open_folder_action);
}
