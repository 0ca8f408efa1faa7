/* atelier-error.h: error domains of the core library
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

G_END_DECLS
