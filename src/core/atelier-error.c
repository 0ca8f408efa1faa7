/* atelier-error.c: error domains, and the one table of what each error means
 *
 * This table decides whether a person is charged twice: a submission is
 * resent (by the HTTP layer, or offered as a safe Retry by the engine) only
 * when nothing went out or the service refused it before doing any work.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-error"

#include "config.h"

#include "atelier-error.h"
#include "atelier-provider.h"

G_DEFINE_QUARK (atelier-http-error-quark, atelier_http_error)
G_DEFINE_QUARK (atelier-provider-error-quark, atelier_provider_error)
G_DEFINE_QUARK (atelier-param-error-quark, atelier_param_error)
G_DEFINE_QUARK (atelier-history-error-quark, atelier_history_error)

enum {
  TRANSIENT   = 1 << 0,  /* retry: the same request may work later */
  NOT_CHARGED = 1 << 1,  /* refused before any work: resending cannot pay twice */
  ANSWER      = 1 << 2,  /* the service answered */
};

#define ANY_CODE 0

static const struct {
  GQuark    (*domain) (void);
  int         code;
  guint       flags;
  const char *kind;
} rules[] = {
  { atelier_http_error_quark, ATELIER_HTTP_ERROR_BAD_REQUEST,      ANSWER | NOT_CHARGED, NULL },
  { atelier_http_error_quark, ATELIER_HTTP_ERROR_UNAUTHORIZED,     ANSWER | NOT_CHARGED,
    ATELIER_ERROR_KIND_SIGN_IN },
  { atelier_http_error_quark, ATELIER_HTTP_ERROR_PAYMENT_REQUIRED, ANSWER | NOT_CHARGED,
    ATELIER_ERROR_KIND_NO_CREDITS },
  { atelier_http_error_quark, ATELIER_HTTP_ERROR_FORBIDDEN,        ANSWER | NOT_CHARGED, NULL },
  { atelier_http_error_quark, ATELIER_HTTP_ERROR_NOT_FOUND,        ANSWER, NULL },
  { atelier_http_error_quark, ATELIER_HTTP_ERROR_UNPROCESSABLE,    ANSWER | NOT_CHARGED, NULL },
  { atelier_http_error_quark, ATELIER_HTTP_ERROR_RATE_LIMITED,     ANSWER | NOT_CHARGED | TRANSIENT,
    NULL },
  { atelier_http_error_quark, ATELIER_HTTP_ERROR_SERVER,           ANSWER | TRANSIENT, NULL },
  /* 408 or no answer in time: either way the request may have arrived. */
  { atelier_http_error_quark, ATELIER_HTTP_ERROR_TIMEOUT,          TRANSIENT, NULL },
  { atelier_http_error_quark, ATELIER_HTTP_ERROR_CONNECTION,       TRANSIENT, NULL },
  { atelier_http_error_quark, ATELIER_HTTP_ERROR_MALFORMED,        ANSWER | TRANSIENT, NULL },
  { atelier_http_error_quark, ATELIER_HTTP_ERROR_TOO_LARGE,        ANSWER, NULL },
  { atelier_http_error_quark, ATELIER_HTTP_ERROR_UNSUPPORTED_TYPE, ANSWER, NULL },
  { atelier_http_error_quark, ATELIER_HTTP_ERROR_EXPIRED,          ANSWER, NULL },
  /* FAILED also stands for an address that cannot be used: not an answer. */
  { atelier_http_error_quark, ATELIER_HTTP_ERROR_FAILED,           0, NULL },

  /* Providers put 401, 402 and 422 into their service's words. */
  { atelier_provider_error_quark, ATELIER_PROVIDER_ERROR_NOT_CONFIGURED, NOT_CHARGED,
    ATELIER_ERROR_KIND_SIGN_IN },
  { atelier_provider_error_quark, ATELIER_PROVIDER_ERROR_NEEDS_SIGN_IN,  ANSWER | NOT_CHARGED,
    ATELIER_ERROR_KIND_SIGN_IN },
  { atelier_provider_error_quark, ATELIER_PROVIDER_ERROR_NO_CREDITS,     ANSWER | NOT_CHARGED,
    ATELIER_ERROR_KIND_NO_CREDITS },
  { atelier_provider_error_quark, ATELIER_PROVIDER_ERROR_REFUSED,        ANSWER | NOT_CHARGED, NULL },
  { atelier_provider_error_quark, ATELIER_PROVIDER_ERROR_FAILED,         ANSWER, NULL },
  { atelier_provider_error_quark, ATELIER_PROVIDER_ERROR_PROTOCOL,       ANSWER, NULL },

  /* Refused before anything was sent. */
  { atelier_param_error_quark, ANY_CODE, NOT_CHARGED, NULL },
};

static gboolean
rule_matches (guint         i,
              const GError *error)
{
  return error->domain == rules[i].domain () &&
         (rules[i].code == ANY_CODE || rules[i].code == error->code);
}

static guint
lookup_flags (const GError *error,
              const char  **kind)
{
  if (kind != NULL)
    *kind = NULL;
  if (error == NULL)
    return 0;
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (rule_matches (i, error))
      {
        if (kind != NULL)
          *kind = rules[i].kind;
        return rules[i].flags;
      }
  return 0;
}

gboolean
atelier_error_is_transient (const GError *error)
{
  return (lookup_flags (error, NULL) & TRANSIENT) != 0;
}

gboolean
atelier_error_is_resend_safe (const GError *error,
                              gboolean      sent)
{
  return !sent || (lookup_flags (error, NULL) & NOT_CHARGED) != 0;
}

gboolean
atelier_error_is_answer (const GError *error)
{
  return (lookup_flags (error, NULL) & ANSWER) != 0;
}

const char *
atelier_error_get_kind (const GError *error)
{
  const char *kind;

  lookup_flags (error, &kind);
  return kind;
}

const char *
atelier_error_get_help_url (const GError    *error,
                            AtelierProvider *provider)
{
  const char *kind = atelier_error_get_kind (error);

  if (provider == NULL || kind == NULL)
    return NULL;
  return atelier_provider_get_help_url (provider, kind);
}
