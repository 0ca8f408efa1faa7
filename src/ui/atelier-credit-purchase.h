/* atelier-credit-purchase.h: buying credits without leaving the window
 *
 * A purchase creates a checkout session, opens its page in the browser
 * (through the desktop portal), then reads the balance a few seconds apart,
 * for at most ten minutes, until it rises.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "atelier-provider.h"

G_BEGIN_DECLS

typedef enum
{
  ATELIER_CREDIT_PURCHASE_NEW,
  ATELIER_CREDIT_PURCHASE_CREATING,  /* asking for a checkout page */
  ATELIER_CREDIT_PURCHASE_WAITING,   /* the page is open: watching the balance */
  ATELIER_CREDIT_PURCHASE_DONE,      /* the balance rose */
  ATELIER_CREDIT_PURCHASE_FAILED,    /* no page, or nothing bought in time */
} AtelierCreditPurchaseState;

#define ATELIER_TYPE_CREDIT_PURCHASE (atelier_credit_purchase_get_type ())
G_DECLARE_FINAL_TYPE (AtelierCreditPurchase, atelier_credit_purchase, ATELIER, CREDIT_PURCHASE, GObject)

/* Whether @provider sells credits through a checkout page (image3d). */
gboolean                   atelier_credit_purchase_is_supported (AtelierProvider       *provider);
/* @job_id: the job that ran out of credits, to offer Retry on (may be NULL). */
AtelierCreditPurchase     *atelier_credit_purchase_new          (AtelierProvider       *provider,
                                                                 const char            *job_id);
/* @pack: the pack to buy, e.g. "starter"; @parent: where the browser is
 * asked for (may be NULL). */
void                       atelier_credit_purchase_start        (AtelierCreditPurchase *self,
                                                                 GtkWindow             *parent,
                                                                 const char            *pack);
/* Stops watching; the state stays as it was. */
void                       atelier_credit_purchase_cancel       (AtelierCreditPurchase *self);
AtelierCreditPurchaseState atelier_credit_purchase_get_state    (AtelierCreditPurchase *self);
AtelierProvider           *atelier_credit_purchase_get_provider (AtelierCreditPurchase *self);
const char                *atelier_credit_purchase_get_job_id   (AtelierCreditPurchase *self);
/* Once CREATING is over; NULL before. */
const char                *atelier_credit_purchase_get_checkout_url (AtelierCreditPurchase *self);
/* The balance last read, -1 before any. */
gint64                     atelier_credit_purchase_get_balance  (AtelierCreditPurchase *self);
/* FAILED: why, translated. */
const char                *atelier_credit_purchase_get_message  (AtelierCreditPurchase *self);

/* Signals:
 * "open-uri" (const char *uri) → gboolean: the checkout page is to be
 *   opened; a handler that opens it returns TRUE, else the default handler
 *   asks the desktop (gtk_show_uri_full).
 * "finished": the state is DONE or FAILED. */

G_END_DECLS
