/* atelier-window-services.c: what the window offers for particular services
 *
 * Buying image3d credits in place (after a 402, beside the balance),
 * texturing a mesh-only image3d model later, and editing a Style DNA result
 * in its style, and the Spend window (what the services said the jobs cost).
 * These need a service's own calls or words, so they live apart from the
 * generic actions in atelier-window-actions.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-window"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-credit-purchase.h"
#include "atelier-image3d.h"
#include "atelier-spend-page.h"
#include "atelier-styledna-edit.h"
#include "atelier-window-private.h"

/* ---- Buy Credits -------------------------------------------------------- */

static void
on_purchase_finished (AtelierWindow         *self,
                      AtelierCreditPurchase *purchase)
{
  AtelierProvider *provider = atelier_credit_purchase_get_provider (purchase);
  const char *job_id = atelier_credit_purchase_get_job_id (purchase);
  AtelierJob *job = NULL;
  g_autofree char *text = NULL;
  AdwToast *toast;

  if (atelier_credit_purchase_get_state (purchase) != ATELIER_CREDIT_PURCHASE_DONE)
    {
      _atelier_window_toast (self, atelier_credit_purchase_get_message (purchase));
      return;
    }

  atelier_composer_refresh_balance (self->composer);
  /* Translators: after buying credits, e.g. "image3d balance: 130 credits" */
  text = g_strdup_printf (_("%s balance: %lld credits"),
                          atelier_provider_get_display_name (provider),
                          (long long) atelier_credit_purchase_get_balance (purchase));
  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 0);
  if (job_id != NULL)
    job = atelier_job_list_lookup (atelier_engine_get_jobs (self->engine), job_id);
  /* The job that ran out can go on. */
  if (job != NULL && atelier_job_get_status (job) == ATELIER_JOB_STATUS_FAILED)
    {
      adw_toast_set_button_label (toast, _("_Retry"));
      adw_toast_set_action_name (toast, "win.retry-job");
      adw_toast_set_action_target (toast, "s", job_id);
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_atelier_window_buy_credits (AtelierWindow *self,
                             const char    *job_id)
{
  AtelierProvider *provider = atelier_engine_get_provider (self->engine, "image3d");
  g_autofree char *pack = NULL;

  if (provider == NULL || !atelier_credit_purchase_is_supported (provider))
    return;

  /* One purchase at a time: a new one replaces a forgotten one. */
  if (self->purchase != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->purchase, self);
      atelier_credit_purchase_cancel (self->purchase);
      g_clear_object (&self->purchase);
    }
  if (self->settings != NULL)
    {
      g_autoptr(GSettingsSchema) schema = NULL;

      g_object_get (self->settings, "settings-schema", &schema, NULL);
      if (g_settings_schema_has_key (schema, "image3d-credit-pack"))
        pack = g_settings_get_string (self->settings, "image3d-credit-pack");
    }

  self->purchase = atelier_credit_purchase_new (provider, job_id);
  g_signal_connect_object (self->purchase, "finished", G_CALLBACK (on_purchase_finished), self,
                           G_CONNECT_SWAPPED);
  atelier_credit_purchase_start (self->purchase, GTK_WINDOW (self), pack);
  _atelier_window_toast (self, _("Opening the checkout page in the browser. The new balance "
                                 "shows here once the credits arrive."));
}

static void
buy_credits_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  const char *job_id = param != NULL ? g_variant_get_string (param, NULL) : NULL;

  _atelier_window_buy_credits (ATELIER_WINDOW (widget),
                               job_id != NULL && *job_id != '\0' ? job_id : NULL);
}

AtelierCreditPurchase *
atelier_window_get_credit_purchase (AtelierWindow *self)
{
  g_return_val_if_fail (ATELIER_IS_WINDOW (self), NULL);
  return self->purchase;
}

/* ---- Texture It ---------------------------------------------------------- */

static void
texture_job_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  AtelierJob *mesh = atelier_job_detail_get_job (self->detail);
  g_autoptr(GHashTable) params = NULL;
  g_autoptr(GError) error = NULL;
  AtelierJob *job;

  if (mesh == NULL)
    return;
  if ((params = atelier_image3d_texture_params (mesh, &error)) == NULL ||
      (job = atelier_engine_create_job (self->engine, "image3d", params, &error)) == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not texture the model: %s"), error->message);

      _atelier_window_toast (self, text);
      return;
    }
  /* A new model beside the mesh: both stay, linked. */
  atelier_job_set_parent_id (job, atelier_job_get_id (mesh));
  _atelier_window_show_new_job (self, job);
}

/* ---- Edit in This Style… --------------------------------------------------- */

static void
result_url_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AtelierWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  url = atelier_styledna_edit_provider_result_url_finish (ATELIER_STYLEDNA_EDIT_PROVIDER (source),
                                                          result, &error);
  if (url == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("Could not edit this image: %s"),
                                                   error->message);
          _atelier_window_toast (self, text);
        }
      return;
    }

  atelier_composer_select_provider (self->composer, "styledna-edit");
  atelier_composer_set_param (self->composer, "imageUrl", url);
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  atelier_composer_focus_prompt (self->composer);
}

static void
edit_in_style_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  AtelierJob *job = atelier_job_detail_get_job (self->detail);
  AtelierProvider *edit = atelier_engine_get_provider (self->engine, "styledna-edit");

  if (job == NULL || edit == NULL)
    return;
  /* The service's own link to the result, which it keeps for 8 days. */
  atelier_styledna_edit_provider_result_url_async (ATELIER_STYLEDNA_EDIT_PROVIDER (edit), job,
                                                   self->cancellable, result_url_ready,
                                                   g_object_ref (self));
}

/* ---- wiring ----------------------------------------------------------------- */

void
_atelier_window_update_service_actions (AtelierWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  AtelierJob *job = atelier_job_detail_get_job (self->detail);
  g_autoptr(GHashTable) texture = NULL;
  gboolean can_edit;

  if (job != NULL && atelier_engine_get_provider (self->engine, "image3d") != NULL)
    texture = atelier_image3d_texture_params (job, NULL);
  can_edit = job != NULL && atelier_engine_get_provider (self->engine, "styledna-edit") != NULL &&
             atelier_styledna_result_is_available (job, NULL);

  gtk_widget_action_set_enabled (widget, "win.texture-job", texture != NULL);
  gtk_widget_action_set_enabled (widget, "win.edit-in-style", can_edit);
}

/* ---- Spend --------------------------------------------------------------- */

static void
forget_spend_window (AtelierWindow *self)
{
  g_object_set_data (G_OBJECT (self), "atelier-spend-window", NULL);
}

/* A window of its own beside the main one, so the totals can stay open
 * while jobs run; one at a time. */
static void
spend_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  AtelierWindow *self = ATELIER_WINDOW (widget);
  GtkWidget *window = g_object_get_data (G_OBJECT (self), "atelier-spend-window");
  GtkWidget *box, *page;

  if (window != NULL)
    {
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  window = adw_window_new ();
  gtk_window_set_title (GTK_WINDOW (window), _("Spend"));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 640);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  /* The app's shortcuts (Ctrl+Q) work there too. */
  gtk_window_set_application (GTK_WINDOW (window), gtk_window_get_application (GTK_WINDOW (self)));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  page = atelier_spend_page_new ();
  gtk_widget_set_vexpand (page, TRUE);
  atelier_spend_page_set_engine (ATELIER_SPEND_PAGE (page), self->engine);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (window), box);
  /* Escape closes it, as it does dialogs. */
  {
    GtkEventController *keys = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (window, keys);
  }
  g_object_set_data (G_OBJECT (self), "atelier-spend-window", window);
  g_signal_connect_object (window, "destroy", G_CALLBACK (forget_spend_window), self,
                           G_CONNECT_SWAPPED);
  /* It goes with the main window. */
  g_signal_connect_object (self, "destroy", G_CALLBACK (gtk_window_destroy), window,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (window));
}

void
_atelier_window_class_add_service_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.buy-credits", "s", buy_credits_action);
  gtk_widget_class_install_action (widget_class, "win.texture-job", NULL, texture_job_action);
  gtk_widget_class_install_action (widget_class, "win.edit-in-style", NULL, edit_in_style_action);
  gtk_widget_class_install_action (widget_class, "win.spend", NULL, spend_action);
}
