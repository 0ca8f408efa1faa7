/* atelier-account-group.c: signing in to image3d and buying its credits, in Preferences
 *
 * Email and password, or an emailed link pasted back (the email is kept
 * between the two steps, as Firebase wants it again). A sign-in goes to the
 * engine's own client, which keeps the tokens in the keyring and nowhere
 * else; the entries are emptied once used.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-account-group.h"
#include "atelier-credit-purchase.h"
#include "atelier-image3d.h"
#include "atelier-resources.h"

struct _AtelierAccountGroup
{
  AdwPreferencesGroup    parent_instance;

  /* Template Widgets */
  AdwActionRow          *status_row;
  GtkWidget             *sign_out_button;
  AdwEntryRow           *email_row;
  AdwEntryRow           *password_row;
  GtkWidget             *send_link_button;
  AdwEntryRow           *pasted_link_row;
  AdwEntryRow           *key_row;
  AdwActionRow          *credits_row;
  GtkWidget             *buy_button;

  /* Owned References */
  AtelierImage3dProvider *provider;
  GSettings             *settings;
  GCancellable          *cancellable;
  AtelierCreditPurchase *purchase;
  char                  *email;       /* signed in as, when known */
  char                  *link_email;  /* the link was sent to */
};

G_DEFINE_FINAL_TYPE (AtelierAccountGroup, atelier_account_group, ADW_TYPE_PREFERENCES_GROUP)

static void
toast (AtelierAccountGroup *self,
       const char          *text)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_PREFERENCES_WINDOW);
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (window != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (window), adw_toast_new (escaped));
  else
    g_message ("%s", text);
}

static void
update_status (AtelierAccountGroup *self)
{
  gboolean renews = atelier_image3d_provider_can_refresh (self->provider);
  const char *token = atelier_service_client_get_config (ATELIER_SERVICE_CLIENT (self->provider))->token;
  g_autofree char *text = NULL;

  if (renews && self->email != NULL)
    text = g_strdup_printf (_("Signed in as %s"), self->email);
  else if (renews)
    text = g_strdup (_("Signed in; the token renews itself"));
  else if (token != NULL && *token != '\0')
    text = g_strdup (_("A pasted token or key; sign in to stay signed in"));
  else
    text = g_strdup (_("Not signed in"));
  adw_action_row_set_subtitle (self->status_row, text);
  gtk_widget_set_sensitive (self->sign_out_button, renews || (token != NULL && *token != '\0'));
}

static void
set_busy (AtelierAccountGroup *self,
          gboolean             busy)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->password_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pasted_link_row), !busy);
  gtk_widget_set_sensitive (self->send_link_button, !busy);
  if (busy)
    adw_action_row_set_subtitle (self->status_row, _("Signing in…"));
}

static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* ---- signing in ------------------------------------------------------------ */

static void
signed_in (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AtelierAccountGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *email = NULL;

  atelier_image3d_provider_sign_in_finish (ATELIER_IMAGE3D_PROVIDER (source), result, &email,
                                           &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not sign in: %s"), error->message);

      update_status (self);
      toast (self, text);
      return;
    }
  g_free (self->email);
  self->email = email != NULL ? g_steal_pointer (&email) : entry_text (self->email_row);
  g_clear_pointer (&self->link_email, g_free);
  update_status (self);
  toast (self, _("Signed in to image3d"));
}

static gboolean
check_email (AtelierAccountGroup *self,
             const char          *email)
{
  if (*email != '\0')
    return TRUE;
  toast (self, _("Type the account’s email first."));
  gtk_widget_grab_focus (GTK_WIDGET (self->email_row));
  return FALSE;
}

static void
on_password_apply (AtelierAccountGroup *self)
{
  g_autofree char *email = entry_text (self->email_row);
  g_autofree char *password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_row)));

  /* The password is not kept, not even in the entry. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  if (!check_email (self, email))
    return;
  set_busy (self, TRUE);
  atelier_image3d_provider_sign_in_async (self->provider, ATELIER_FIREBASE_SIGN_IN_WITH_PASSWORD,
                                          email, password, self->cancellable, signed_in,
                                          g_object_ref (self));
}

static void
link_sent (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AtelierAccountGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!atelier_image3d_provider_sign_in_finish (ATELIER_IMAGE3D_PROVIDER (source), result, NULL,
                                                &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      set_busy (self, FALSE);
      update_status (self);
      text = g_strdup_printf (_("Could not send the link: %s"), error->message);
      toast (self, text);
      return;
    }
  set_busy (self, FALSE);
  update_status (self);
  /* Translators: %s is an email address */
  text = g_strdup_printf (_("A sign-in link is on its way to %s. Paste it below."),
                          self->link_email);
  toast (self, text);
  gtk_widget_grab_focus (GTK_WIDGET (self->pasted_link_row));
}

static void
on_send_link (AtelierAccountGroup *self)
{
  g_autofree char *email = entry_text (self->email_row);

  if (!check_email (self, email))
    return;
  g_free (self->link_email);
  self->link_email = g_strdup (email);
  set_busy (self, TRUE);
  atelier_image3d_provider_sign_in_async (self->provider, ATELIER_FIREBASE_SEND_SIGN_IN_LINK, email,
                                          NULL, self->cancellable, link_sent, g_object_ref (self));
}

static void
on_link_apply (AtelierAccountGroup *self)
{
  g_autofree char *link = entry_text (self->pasted_link_row);
  g_autofree char *typed = entry_text (self->email_row);
  /* Firebase wants the address the link went to. */
  const char *email = self->link_email != NULL ? self->link_email : typed;

  gtk_editable_set_text (GTK_EDITABLE (self->pasted_link_row), "");
  if (!check_email (self, email) || *link == '\0')
    return;
  set_busy (self, TRUE);
  atelier_image3d_provider_sign_in_async (self->provider, ATELIER_FIREBASE_SIGN_IN_WITH_LINK, email,
                                          link, self->cancellable, signed_in, g_object_ref (self));
}

static void
on_sign_out (AtelierAccountGroup *self)
{
  atelier_image3d_provider_sign_out (self->provider);
  g_clear_pointer (&self->email, g_free);
  update_status (self);
  toast (self, _("Signed out of image3d"));
}

static void
on_key_apply (AtelierAccountGroup *self)
{
  g_autofree char *key = entry_text (self->key_row);

  /* A public identifier, not a secret: a setting. */
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "image3d-firebase-key", key);
  if (*key != '\0')
    atelier_image3d_provider_set_auth_key (self->provider, key);
  toast (self, _("Firebase Web API key saved"));
}

/* ---- credits ---------------------------------------------------------------- */

static void
show_balance (AtelierAccountGroup *self,
              gint64               balance)
{
  /* Translators: the image3d credit balance, e.g. "120 credits" */
  g_autofree char *text = g_strdup_printf (_("%lld credits"), (long long) balance);

  adw_action_row_set_subtitle (self->credits_row, text);
}

static void
balance_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AtelierAccountGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 balance = 0;

  if (atelier_provider_get_balance_finish (ATELIER_PROVIDER (source), result, &balance, NULL, &error))
    show_balance (self, balance);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    adw_action_row_set_subtitle (self->credits_row, _("Sign in to see the balance"));
}

static void
on_purchase_finished (AtelierAccountGroup   *self,
                      AtelierCreditPurchase *purchase)
{
  gtk_widget_set_sensitive (self->buy_button, TRUE);
  if (atelier_credit_purchase_get_state (purchase) == ATELIER_CREDIT_PURCHASE_DONE)
    {
      g_autofree char *text = NULL;

      show_balance (self, atelier_credit_purchase_get_balance (purchase));
      text = g_strdup_printf (_("Credits arrived: %lld credits"),
                              (long long) atelier_credit_purchase_get_balance (purchase));
      toast (self, text);
    }
  else
    toast (self, atelier_credit_purchase_get_message (purchase));
}

static void
on_buy (AtelierAccountGroup *self)
{
  g_autofree char *pack = NULL;

  if (self->purchase != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->purchase, self);
      atelier_credit_purchase_cancel (self->purchase);
      g_clear_object (&self->purchase);
    }
  if (self->settings != NULL)
    {
      g_autoptr(GSettingsSchema) schema = NULL;

      /* An installed schema may be older than this build. */
      g_object_get (self->settings, "settings-schema", &schema, NULL);
      if (g_settings_schema_has_key (schema, "image3d-credit-pack"))
        pack = g_settings_get_string (self->settings, "image3d-credit-pack");
    }
  self->purchase = atelier_credit_purchase_new (ATELIER_PROVIDER (self->provider), NULL);
  g_signal_connect_object (self->purchase, "finished", G_CALLBACK (on_purchase_finished), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_sensitive (self->buy_button, FALSE);
  adw_action_row_set_subtitle (self->credits_row, _("Waiting for the checkout page…"));
  atelier_credit_purchase_start (self->purchase,
                                 GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), pack);
}

/* ---- object ----------------------------------------------------------------- */

static void
atelier_account_group_dispose (GObject *object)
{
  AtelierAccountGroup *self = ATELIER_ACCOUNT_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  if (self->purchase != NULL)
    atelier_credit_purchase_cancel (self->purchase);
  g_clear_object (&self->purchase);
  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_ACCOUNT_GROUP);
  g_clear_object (&self->provider);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (atelier_account_group_parent_class)->dispose (object);
}

static void
atelier_account_group_finalize (GObject *object)
{
  AtelierAccountGroup *self = ATELIER_ACCOUNT_GROUP (object);

  g_free (self->email);
  g_free (self->link_email);
  G_OBJECT_CLASS (atelier_account_group_parent_class)->finalize (object);
}

static void
atelier_account_group_class_init (AtelierAccountGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_account_group_dispose;
  object_class->finalize = atelier_account_group_finalize;

  atelier_get_resource ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/ui/atelier-account-group.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierAccountGroup, status_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierAccountGroup, sign_out_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierAccountGroup, email_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierAccountGroup, password_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierAccountGroup, send_link_button);
  gtk_widget_class_bind_template_child (widget_class, AtelierAccountGroup, pasted_link_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierAccountGroup, key_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierAccountGroup, credits_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierAccountGroup, buy_button);
  gtk_widget_class_bind_template_callback (widget_class, on_password_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_send_link);
  gtk_widget_class_bind_template_callback (widget_class, on_link_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_out);
  gtk_widget_class_bind_template_callback (widget_class, on_key_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_buy);
}

static void
atelier_account_group_init (AtelierAccountGroup *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

gboolean
atelier_account_group_is_supported (AtelierProvider *provider)
{
  return ATELIER_IS_IMAGE3D_PROVIDER (provider);
}

GtkWidget *
atelier_account_group_new (AtelierProvider *provider,
                           GSettings       *settings)
{
  AtelierAccountGroup *self;

  g_return_val_if_fail (atelier_account_group_is_supported (provider), NULL);

  self = g_object_new (ATELIER_TYPE_ACCOUNT_GROUP, NULL);
  self->provider = g_object_ref (ATELIER_IMAGE3D_PROVIDER (provider));
  g_set_object (&self->settings, settings);
  if (settings != NULL)
    {
      g_autofree char *key = g_settings_get_string (settings, "image3d-firebase-key");

      gtk_editable_set_text (GTK_EDITABLE (self->key_row), key);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->credits_row),
                          atelier_credit_purchase_is_supported (provider));
  update_status (self);
  if (atelier_provider_has_balance (provider))
    atelier_provider_get_balance_async (provider, self->cancellable, balance_read,
                                        g_object_ref (self));
  return GTK_WIDGET (self);
}
