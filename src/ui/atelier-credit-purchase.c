/* atelier-credit-purchase.c: buying credits without leaving the window
 *
 * Only image3d documents a checkout session (POST
 * /api/create-checkout-session answering {url}); the balance is read
 * through the provider API. The page is the service's: nothing about the
 * payment passes through Atelier, which only sees the balance rise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-purchase"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-credit-purchase.h"
#include "atelier-image3d.h"

#define POLL_MS (3 * 1000)
#define WAIT_S  (10 * 60)

struct _AtelierCreditPurchase
{
  GObject                     parent_instance;

  AtelierProvider            *provider;
  char                       *job_id;
  char                       *checkout_url;
  char                       *message;
  AtelierCreditPurchaseState  state;
  gint64                      baseline;   /* before the page opened; -1 unknown */
  gint64                      balance;    /* last read; -1 none yet */
  gint64                      deadline;   /* monotonic µs */
  guint                       poll_ms;
  guint                       poll_id;
  GCancellable               *cancellable;
  GtkWindow                  *parent;     /* weak: the window may close first */
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_CHECKOUT_URL,
  PROP_BALANCE,
  N_PROPS
};

enum {
  OPEN_URI,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AtelierCreditPurchase, atelier_credit_purchase, G_TYPE_OBJECT)

/* Scripts and tests watch on a shorter leash, as atelier-cli does. */
static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);
  guint64 n;

  if (value == NULL || !g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT, &n, NULL))
    return fallback;
  return (guint) n;
}

static void
set_state (AtelierCreditPurchase      *self,
           AtelierCreditPurchaseState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (state == ATELIER_CREDIT_PURCHASE_DONE || state == ATELIER_CREDIT_PURCHASE_FAILED)
    {
      g_clear_handle_id (&self->poll_id, g_source_remove);
      g_signal_emit (self, signals[FINISHED], 0);
    }
}

static void
fail (AtelierCreditPurchase *self,
      const char            *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
  set_state (self, ATELIER_CREDIT_PURCHASE_FAILED);
}

static void
set_balance (AtelierCreditPurchase *self,
             gint64                 balance)
{
  if (self->balance == balance)
    return;
  self->balance = balance;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BALANCE]);
}

static void poll_balance (AtelierCreditPurchase *self);

static gboolean
poll_cb (gpointer data)
{
  AtelierCreditPurchase *self = data;

  self->poll_id = 0;
  poll_balance (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_poll (AtelierCreditPurchase *self)
{
  if (g_get_monotonic_time () >= self->deadline)
    {
      fail (self, _("No credits arrived within 10 minutes. If you paid, the balance will show "
                    "them soon; try again later."));
      return;
    }
  self->poll_id = g_timeout_add (self->poll_ms, poll_cb, self);
}

static void
balance_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(AtelierCreditPurchase) self = user_data;
  g_autoptr(GError) error = NULL;
  gint64 balance = 0;

  if (!atelier_provider_get_balance_finish (ATELIER_PROVIDER (source), result, &balance, NULL,
                                            &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* A blip while the person pays is no reason to stop watching. */
      g_debug ("Could not read the balance: %s", error->message);
      if (self->state == ATELIER_CREDIT_PURCHASE_WAITING)
        schedule_poll (self);
      return;
    }

  set_balance (self, balance);
  if (self->state != ATELIER_CREDIT_PURCHASE_WAITING)
    return;
  if (self->baseline < 0)
    self->baseline = balance;
  if (balance > self->baseline)
    set_state (self, ATELIER_CREDIT_PURCHASE_DONE);
  else
    schedule_poll (self);
}

static void
poll_balance (AtelierCreditPurchase *self)
{
  atelier_provider_get_balance_async (self->provider, self->cancellable, balance_read,
                                      g_object_ref (self));
}

static void
uri_shown (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AtelierCreditPurchase) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The page can still be opened by hand: keep watching, and say where. */
  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not open the browser (%s). Open %s to "
                                                 "buy credits."), error->message,
                                               self->checkout_url);
      g_free (self->message);
      self->message = g_steal_pointer (&text);
      g_debug ("%s", self->message);
    }
}

static gboolean
atelier_credit_purchase_real_open_uri (AtelierCreditPurchase *self,
                                       const char            *uri)
{
  gtk_show_uri_full (self->parent, uri, GDK_CURRENT_TIME, self->cancellable, uri_shown,
                     g_object_ref (self));
  return TRUE;
}

static void
checkout_created (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(AtelierCreditPurchase) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  gboolean handled = FALSE;

  url = atelier_image3d_provider_create_checkout_finish (ATELIER_IMAGE3D_PROVIDER (source), result,
                                                         &error);
  if (url == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        fail (self, error->message);
      return;
    }

  self->checkout_url = g_steal_pointer (&url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHECKOUT_URL]);
  self->deadline = g_get_monotonic_time () + (gint64) env_uint ("ATELIER_BUY_WAIT_S", WAIT_S)
                                             * G_USEC_PER_SEC;
  set_state (self, ATELIER_CREDIT_PURCHASE_WAITING);
  g_signal_emit (self, signals[OPEN_URI], 0, self->checkout_url, &handled);
  /* The balance before paying, unless it was read already. */
  if (self->state == ATELIER_CREDIT_PURCHASE_WAITING)
    poll_balance (self);
}

gboolean
atelier_credit_purchase_is_supported (AtelierProvider *provider)
{
  return ATELIER_IS_IMAGE3D_PROVIDER (provider) && atelier_provider_has_balance (provider);
}

AtelierCreditPurchase *
atelier_credit_purchase_new (AtelierProvider *provider,
                             const char      *job_id)
{
  AtelierCreditPurchase *self;

  g_return_val_if_fail (ATELIER_IS_PROVIDER (provider), NULL);

  self = g_object_new (ATELIER_TYPE_CREDIT_PURCHASE, NULL);
  self->provider = g_object_ref (provider);
  self->job_id = g_strdup (job_id);
  return self;
}

static void
baseline_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AtelierCreditPurchase) self = user_data;
  gint64 balance = 0;

  if (atelier_provider_get_balance_finish (ATELIER_PROVIDER (source), result, &balance, NULL, NULL))
    {
      set_balance (self, balance);
      if (self->baseline < 0)
        self->baseline = balance;
    }
}

void
atelier_credit_purchase_start (AtelierCreditPurchase *self,
                               GtkWindow             *parent,
                               const char            *pack)
{
  g_return_if_fail (ATELIER_IS_CREDIT_PURCHASE (self));
  g_return_if_fail (self->state == ATELIER_CREDIT_PURCHASE_NEW);

  if (!atelier_credit_purchase_is_supported (self->provider))
    {
      fail (self, _("This service sells no credits through Atelier."));
      return;
    }
  g_set_weak_pointer (&self->parent, parent);
  self->poll_ms = env_uint ("ATELIER_POLL_MS", POLL_MS);
  set_state (self, ATELIER_CREDIT_PURCHASE_CREATING);
  /* What it was before paying: a rise from there is what was bought. */
  atelier_provider_get_balance_async (self->provider, self->cancellable, baseline_read,
                                      g_object_ref (self));
  atelier_image3d_provider_create_checkout_async (ATELIER_IMAGE3D_PROVIDER (self->provider), "pack",
                                                  pack != NULL && *pack != '\0' ? pack : "starter",
                                                  0, NULL, self->cancellable, checkout_created,
                                                  g_object_ref (self));
}

void
atelier_credit_purchase_cancel (AtelierCreditPurchase *self)
{
  g_return_if_fail (ATELIER_IS_CREDIT_PURCHASE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
}

AtelierCreditPurchaseState
atelier_credit_purchase_get_state (AtelierCreditPurchase *self)
{
  g_return_val_if_fail (ATELIER_IS_CREDIT_PURCHASE (self), ATELIER_CREDIT_PURCHASE_FAILED);
  return self->state;
}

AtelierProvider *
atelier_credit_purchase_get_provider (AtelierCreditPurchase *self)
{
  g_return_val_if_fail (ATELIER_IS_CREDIT_PURCHASE (self), NULL);
  return self->provider;
}

const char *
atelier_credit_purchase_get_job_id (AtelierCreditPurchase *self)
{
  g_return_val_if_fail (ATELIER_IS_CREDIT_PURCHASE (self), NULL);
  return self->job_id;
}

const char *
atelier_credit_purchase_get_checkout_url (AtelierCreditPurchase *self)
{
  g_return_val_if_fail (ATELIER_IS_CREDIT_PURCHASE (self), NULL);
  return self->checkout_url;
}

gint64
atelier_credit_purchase_get_balance (AtelierCreditPurchase *self)
{
  g_return_val_if_fail (ATELIER_IS_CREDIT_PURCHASE (self), -1);
  return self->balance;
}

const char *
atelier_credit_purchase_get_message (AtelierCreditPurchase *self)
{
  g_return_val_if_fail (ATELIER_IS_CREDIT_PURCHASE (self), NULL);
  return self->message;
}

static void
atelier_credit_purchase_dispose (GObject *object)
{
  AtelierCreditPurchase *self = ATELIER_CREDIT_PURCHASE (object);

  atelier_credit_purchase_cancel (self);
  g_clear_weak_pointer (&self->parent);
  G_OBJECT_CLASS (atelier_credit_purchase_parent_class)->dispose (object);
}

static void
atelier_credit_purchase_finalize (GObject *object)
{
  AtelierCreditPurchase *self = ATELIER_CREDIT_PURCHASE (object);

  g_clear_object (&self->provider);
  g_clear_object (&self->cancellable);
  g_free (self->job_id);
  g_free (self->checkout_url);
  g_free (self->message);
  G_OBJECT_CLASS (atelier_credit_purchase_parent_class)->finalize (object);
}

static void
atelier_credit_purchase_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  AtelierCreditPurchase *self = ATELIER_CREDIT_PURCHASE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_CHECKOUT_URL:
      g_value_set_string (value, self->checkout_url);
      break;
    case PROP_BALANCE:
      g_value_set_int64 (value, self->balance);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_credit_purchase_class_init (AtelierCreditPurchaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = atelier_credit_purchase_dispose;
  object_class->finalize = atelier_credit_purchase_finalize;
  object_class->get_property = atelier_credit_purchase_get_property;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, ATELIER_CREDIT_PURCHASE_NEW,
                      ATELIER_CREDIT_PURCHASE_FAILED, ATELIER_CREDIT_PURCHASE_NEW,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHECKOUT_URL] =
    g_param_spec_string ("checkout-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BALANCE] =
    g_param_spec_int64 ("balance", NULL, NULL, -1, G_MAXINT64, -1,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[OPEN_URI] =
    g_signal_new_class_handler ("open-uri",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (atelier_credit_purchase_real_open_uri),
                                g_signal_accumulator_true_handled, NULL, NULL,
                                G_TYPE_BOOLEAN, 1, G_TYPE_STRING);
  signals[FINISHED] =
    g_signal_new ("finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
atelier_credit_purchase_init (AtelierCreditPurchase *self)
{
  self->cancellable = g_cancellable_new ();
  self->baseline = -1;
  self->balance = -1;
}
