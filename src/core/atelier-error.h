/* atelier-error.h: error domains of the core library, and what each error means
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define ATELIER_HTTP_ERROR     (atelier_http_error_quark ())
#define ATELIER_PROVIDER_ERROR (atelier_provider_error_quark ())
#define ATELIER_PARAM_ERROR    (atelier_param_error_quark ())
#define ATELIER_HISTORY_ERROR  (atelier_history_error_quark ())

/* Codes a caller can act on: retry, ask for a token, offer to buy credits… */
typedef enum
{
  ATELIER_HTTP_ERROR_FAILED = 1,
  ATELIER_HTTP_ERROR_BAD_REQUEST,        /* 400 */
  ATELIER_HTTP_ERROR_UNAUTHORIZED,       /* 401 */
  ATELIER_HTTP_ERROR_PAYMENT_REQUIRED,   /* 402 */
  ATELIER_HTTP_ERROR_FORBIDDEN,          /* 403 */
  ATELIER_HTTP_ERROR_NOT_FOUND,          /* 404, 410 */
  ATELIER_HTTP_ERROR_UNPROCESSABLE,      /* 422 (e.g. moderation) */
  ATELIER_HTTP_ERROR_RATE_LIMITED,       /* 429 */
  ATELIER_HTTP_ERROR_SERVER,             /* 5xx */
  ATELIER_HTTP_ERROR_TIMEOUT,            /* 408 or no answer in time */
  ATELIER_HTTP_ERROR_CONNECTION,         /* refused, reset, dropped mid-body */
  ATELIER_HTTP_ERROR_MALFORMED,          /* body is not the JSON we expect */
  ATELIER_HTTP_ERROR_TOO_LARGE,          /* body over the size cap */
  ATELIER_HTTP_ERROR_UNSUPPORTED_TYPE,   /* downloaded bytes are no known format */
  ATELIER_HTTP_ERROR_EXPIRED,            /* a presigned/CDN link no longer works */
} AtelierHttpError;

typedef enum
{
  ATELIER_PROVIDER_ERROR_FAILED = 1,     /* the service reported the job failed */
  ATELIER_PROVIDER_ERROR_NOT_CONFIGURED, /* no token / no base URL */
  ATELIER_PROVIDER_ERROR_NEEDS_SIGN_IN,  /* token expired or rejected: resumable */
  ATELIER_PROVIDER_ERROR_NO_CREDITS,
  ATELIER_PROVIDER_ERROR_REFUSED,        /* moderation */
  ATELIER_PROVIDER_ERROR_DEADLINE,       /* polling took longer than allowed */
  ATELIER_PROVIDER_ERROR_PROTOCOL,       /* answer did not follow the documented shape */
  ATELIER_PROVIDER_ERROR_UNSUPPORTED,
} AtelierProviderError;

typedef enum
{
  ATELIER_PARAM_ERROR_INVALID = 1,       /* message names the parameter and the rule */
  ATELIER_PARAM_ERROR_MISSING,
  ATELIER_PARAM_ERROR_UNKNOWN,
  ATELIER_PARAM_ERROR_CONFLICT,
} AtelierParamError;

typedef enum
{
  ATELIER_HISTORY_ERROR_FAILED = 1,
  ATELIER_HISTORY_ERROR_CORRUPT,         /* file was moved aside; message says where */
} AtelierHistoryError;

GQuark atelier_http_error_quark     (void) G_GNUC_CONST;
GQuark atelier_provider_error_quark (void) G_GNUC_CONST;
GQuark atelier_param_error_quark    (void) G_GNUC_CONST;
GQuark atelier_history_error_quark  (void) G_GNUC_CONST;

/* What a person can do about a failure; the window offers it (Buy Credits,
 * Open Preferences) and the history keeps it. */
#define ATELIER_ERROR_KIND_NO_CREDITS "no-credits"
#define ATELIER_ERROR_KIND_SIGN_IN    "sign-in"

typedef struct _AtelierProvider AtelierProvider;

/* The one classification of errors, used by the HTTP layer (retry or not),
 * the engine (poll again, may Retry resubmit) and the UI (which help to
 * offer). Errors of other domains (GIO, cancellation) are none of these. */

/* The same request may well work a little later: a dropped connection, a
 * timeout, a 5xx, a 429, an answer cut short. */
gboolean    atelier_error_is_transient   (const GError    *error);
/* Sending the same submission again cannot charge twice: nothing was
 * @sent, or the service refused it before doing any work (400, 401, 402,
 * 403, 422, 429, a parameter or a missing token). */
gboolean    atelier_error_is_resend_safe (const GError    *error,
                                          gboolean         sent);
/* The service answered (so its address is right), whatever it said. */
gboolean    atelier_error_is_answer      (const GError    *error);
/* ATELIER_ERROR_KIND_NO_CREDITS, ATELIER_ERROR_KIND_SIGN_IN or NULL. */
const char *atelier_error_get_kind       (const GError    *error);
/* The page that helps with @error's kind, from @provider (may be NULL):
 * where to buy credits, for example. NULL when there is none. */
const char *atelier_error_get_help_url   (const GError    *error,
                                          AtelierProvider *provider);

G_END_DECLS
