/* atelier-http-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-http.h"

G_BEGIN_DECLS

struct _AtelierHttpRequest
{
  char              *method;
  char              *url;
  char              *token;
  char              *api_base;
  GPtrArray         *headers;      /* name, value, name, value… */
  GBytes            *body;
  char              *content_type;
  AtelierRetryPolicy retry;
  gsize              max_bytes;
  GFunc              sent_func;
  gpointer           sent_data;
};

G_END_DECLS
