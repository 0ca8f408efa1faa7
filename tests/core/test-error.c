/* test-error.c: the one classification of errors (atelier-error.c)
 *
 * Whether a failure is retried, whether a submission may go out again
 * without charging twice, and which help the window offers all come from
 * this table; a change to it shows here first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "atelier-error.h"
#include "atelier-provider.h"

typedef struct
{
  const char *name;
  GQuark    (*domain) (void);
  int         code;
  gboolean    transient;
  gboolean    resend_safe;  /* after the submission went out */
  gboolean    answer;
  const char *kind;
} Row;

#define HTTP(code)     "http/" #code, atelier_http_error_quark, ATELIER_HTTP_ERROR_##code
#define PROVIDER(code) "provider/" #code, atelier_provider_error_quark, ATELIER_PROVIDER_ERROR_##code
#define PARAM(code)    "param/" #code, atelier_param_error_quark, ATELIER_PARAM_ERROR_##code

static const Row rows[] = {
  /*                               transient resend  answer  kind */
  { HTTP (BAD_REQUEST),            FALSE,    TRUE,   TRUE,   NULL },
  { HTTP (UNAUTHORIZED),           FALSE,    TRUE,   TRUE,   ATELIER_ERROR_KIND_SIGN_IN },
  { HTTP (PAYMENT_REQUIRED),       FALSE,    TRUE,   TRUE,   ATELIER_ERROR_KIND_NO_CREDITS },
  { HTTP (FORBIDDEN),              FALSE,    TRUE,   TRUE,   NULL },
  { HTTP (NOT_FOUND),              FALSE,    FALSE,  TRUE,   NULL },
  { HTTP (UNPROCESSABLE),          FALSE,    TRUE,   TRUE,   NULL },
  { HTTP (RATE_LIMITED),           TRUE,     TRUE,   TRUE,   NULL },
  { HTTP (SERVER),                 TRUE,     FALSE,  TRUE,   NULL },
  { HTTP (TIMEOUT),                TRUE,     FALSE,  FALSE,  NULL },
  { HTTP (CONNECTION),             TRUE,     FALSE,  FALSE,  NULL },
  { HTTP (MALFORMED),              TRUE,     FALSE,  TRUE,   NULL },
  { HTTP (TOO_LARGE),              FALSE,    FALSE,  TRUE,   NULL },
  { HTTP (UNSUPPORTED_TYPE),       FALSE,    FALSE,  TRUE,   NULL },
  { HTTP (EXPIRED),                FALSE,    FALSE,  TRUE,   NULL },
  { HTTP (FAILED),                 FALSE,    FALSE,  FALSE,  NULL },
  { PROVIDER (FAILED),             FALSE,    FALSE,  TRUE,   NULL },
  { PROVIDER (NOT_CONFIGURED),     FALSE,    TRUE,   FALSE,  ATELIER_ERROR_KIND_SIGN_IN },
  { PROVIDER (NEEDS_SIGN_IN),      FALSE,    TRUE,   TRUE,   ATELIER_ERROR_KIND_SIGN_IN },
  { PROVIDER (NO_CREDITS),         FALSE,    TRUE,   TRUE,   ATELIER_ERROR_KIND_NO_CREDITS },
  { PROVIDER (REFUSED),            FALSE,    TRUE,   TRUE,   NULL },
  { PROVIDER (DEADLINE),           FALSE,    FALSE,  FALSE,  NULL },
  { PROVIDER (PROTOCOL),           FALSE,    FALSE,  TRUE,   NULL },
  { PROVIDER (UNSUPPORTED),        FALSE,    FALSE,  FALSE,  NULL },
  { PARAM (INVALID),               FALSE,    TRUE,   FALSE,  NULL },
  { PARAM (MISSING),               FALSE,    TRUE,   FALSE,  NULL },
  { PARAM (UNKNOWN),               FALSE,    TRUE,   FALSE,  NULL },
  { PARAM (CONFLICT),              FALSE,    TRUE,   FALSE,  NULL },
};

static void
test_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const Row *row = &rows[i];
      g_autoptr(GError) error = g_error_new_literal (row->domain (), row->code, "x");

      g_test_message ("%s", row->name);
      g_assert_cmpint (atelier_error_is_transient (error), ==, row->transient);
      g_assert_cmpint (atelier_error_is_resend_safe (error, TRUE), ==, row->resend_safe);
      g_assert_cmpint (atelier_error_is_answer (error), ==, row->answer);
      g_assert_cmpstr (atelier_error_get_kind (error), ==, row->kind);
      /* Nothing went out: whatever the error, a resubmission cannot charge twice. */
      g_assert_true (atelier_error_is_resend_safe (error, FALSE));
    }
}

/* Errors from elsewhere (GIO, a cancellation) are none of these: not
 * retried, not safe to resend once sent, no help to offer. */
static void
test_foreign (void)
{
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
  g_autoptr(GError) io = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "x");
  GError *errors[] = { cancelled, io };

  for (guint i = 0; i < G_N_ELEMENTS (errors); i++)
    {
      g_assert_false (atelier_error_is_transient (errors[i]));
      g_assert_false (atelier_error_is_resend_safe (errors[i], TRUE));
      g_assert_true (atelier_error_is_resend_safe (errors[i], FALSE));
      g_assert_false (atelier_error_is_answer (errors[i]));
      g_assert_null (atelier_error_get_kind (errors[i]));
      g_assert_null (atelier_error_get_help_url (errors[i], NULL));
    }
  g_assert_false (atelier_error_is_transient (NULL));
  g_assert_null (atelier_error_get_kind (NULL));
}

/* The help URL comes from the provider, for the error's kind. */
typedef struct { GObject parent_instance; } TestProvider;
typedef struct { GObjectClass parent_class; } TestProviderClass;

static void test_provider_iface_init (AtelierProviderInterface *iface);

G_DEFINE_TYPE_WITH_CODE (TestProvider, test_provider, G_TYPE_OBJECT,
                         G_IMPLEMENT_INTERFACE (ATELIER_TYPE_PROVIDER, test_provider_iface_init))

static const char *
test_provider_get_help_url (AtelierProvider *provider,
                            const char      *kind)
{
  return g_str_equal (kind, ATELIER_ERROR_KIND_NO_CREDITS) ? "https://example.com/buy" : NULL;
}

static void
test_provider_iface_init (AtelierProviderInterface *iface)
{
  iface->get_help_url = test_provider_get_help_url;
}

static void
test_provider_class_init (TestProviderClass *klass)
{
}

static void
test_provider_init (TestProvider *self)
{
}

static void
test_help_url (void)
{
  g_autoptr(GObject) provider = g_object_new (test_provider_get_type (), NULL);
  g_autoptr(GError) payment = g_error_new_literal (ATELIER_HTTP_ERROR,
                                                   ATELIER_HTTP_ERROR_PAYMENT_REQUIRED, "x");
  g_autoptr(GError) credits = g_error_new_literal (ATELIER_PROVIDER_ERROR,
                                                   ATELIER_PROVIDER_ERROR_NO_CREDITS, "x");
  g_autoptr(GError) sign_in = g_error_new_literal (ATELIER_HTTP_ERROR,
                                                   ATELIER_HTTP_ERROR_UNAUTHORIZED, "x");
  g_autoptr(GError) server = g_error_new_literal (ATELIER_HTTP_ERROR,
                                                  ATELIER_HTTP_ERROR_SERVER, "x");
  AtelierProvider *p = ATELIER_PROVIDER (provider);

  g_assert_cmpstr (atelier_error_get_help_url (payment, p), ==, "https://example.com/buy");
  g_assert_cmpstr (atelier_error_get_help_url (credits, p), ==, "https://example.com/buy");
  g_assert_null (atelier_error_get_help_url (sign_in, p));
  g_assert_null (atelier_error_get_help_url (server, p));
  g_assert_null (atelier_error_get_help_url (payment, NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/error/table", test_table);
  g_test_add_func ("/error/foreign", test_foreign);
  g_test_add_func ("/error/help-url", test_help_url);

  return g_test_run ();
}
