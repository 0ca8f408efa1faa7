/* atelier-provider-util.h: reading service answers, refusing parameters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "atelier-param.h"

G_BEGIN_DECLS

/* @node as an object, or NULL when it is none (or NULL). */
JsonObject *atelier_json_object             (JsonNode    *node);
/* @node as a string, or NULL when it is none (or NULL). */
const char *atelier_json_string             (JsonNode    *node);
/* The member as an array, or NULL when absent or of another type. */
JsonArray  *atelier_json_get_array          (JsonObject  *obj,
                                             const char  *member);
/* A list element that is a string, or an object carrying it in @member
 * (else in @other, which may be NULL); NULL when it is neither. */
const char *atelier_json_element_string     (JsonNode    *element,
                                             const char  *member,
                                             const char  *other);
/* The member as a string, or NULL when absent or of another type. */
const char *atelier_json_get_string         (JsonObject  *obj,
                                             const char  *member);
/* The first of the NULL-terminated member names that holds a string. */
const char *atelier_json_get_any_string     (JsonObject  *obj,
                                             const char  *member,
                                             ...) G_GNUC_NULL_TERMINATED;
/* The member as a number (int or double), or @fallback. */
double      atelier_json_get_number         (JsonObject  *obj,
                                             const char  *member,
                                             double       fallback);
/* The member as a whole number ≥ 0 (a count a service reports), or -1
 * when absent, negative, fractional or of another type. */
gint64      atelier_json_get_count          (JsonObject  *obj,
                                             const char  *member);
/* A new node holding @obj, taking the caller's reference to it. */
JsonNode   *atelier_json_node_take_object   (JsonObject  *obj);
/* The parameters given or defaulted, typed by @table, as a JSON request
 * body; files are left out (they travel as files). */
JsonNode   *atelier_params_to_json          (const AtelierParamTable *table,
                                             GHashTable              *params);
/* An absolute http(s) URL (never file:, data: or a relative path). */
gboolean    atelier_is_http_url             (const char  *url);
/* Sets @error (@domain, @code, a printf-style message) and returns FALSE,
 * for checks that refuse what they read. */
gboolean    atelier_refuse                  (GError     **error,
                                             GQuark       domain,
                                             gint         code,
                                             const char  *format,
                                             ...) G_GNUC_PRINTF (4, 5);
/* For a request shared by everyone who asks while it is in flight (a
 * listing, a token refresh): adds @task (taken) to *@waiters, making the
 * array when there is none. TRUE when @task is the first: the caller sends
 * the request, and answers the waiters it steals from *@waiters. */
gboolean    atelier_waiters_join            (GPtrArray  **waiters,
                                             GTask       *task);
/* An ATELIER_PARAM_ERROR_CONFLICT whose message names the parameter and
 * the rule, for validate(). */
#define atelier_param_refuse(error, ...) \
  atelier_refuse (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_CONFLICT, __VA_ARGS__)

G_END_DECLS
