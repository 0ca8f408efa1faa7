/* atelier-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "atelier-error.h"

G_DEFINE_QUARK (atelier-http-error-quark, atelier_http_error)
G_DEFINE_QUARK (atelier-provider-error-quark, atelier_provider_error)
G_DEFINE_QUARK (atelier-param-error-quark, atelier_param_error)
G_DEFINE_QUARK (atelier-history-error-quark, atelier_history_error)
