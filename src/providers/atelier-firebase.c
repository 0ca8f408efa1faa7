/* atelier-firebase.c: Firebase Auth over REST
 *
 * Facts (docs/research "Firebase Auth over REST"): the token endpoint takes a
 * form body and answers in snake_case (id_token, refresh_token, expires_in as
 * a string; access_token is the same token for the JS SDK); identitytoolkit
 * takes JSON and answers in camelCase. Errors are {"error": {"code",
 * "message": "CODE : detail"}}; the HTTP layer puts that message in its
 * error, and the codes below say what the person can do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-firebase"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-firebase.h"
#include "atelier-provider-util.h"

void
atelier_firebase_session_free (AtelierFirebaseSession *session)
{
  if (session == NULL)
    return;
  if (session->id_token != NULL)
    memset (session->id_token, 0, strlen (session->id_token));
  if (session->refresh_token != NULL)
    memset (session->refresh_token, 0, strlen (session->refresh_token));
  g_free (session->id_token);
  g_free (session->refresh_token);
  g_free (session->email);
  g_free (session);
}

static char *
resolve (const char *env,
         const char *configured,
         const char *fallback)
{
  const char *value = g_getenv (env);

  if (value != NULL && *value != '\0')
    return g_strdup (value);
  if (configured != NULL && *configured != '\0')
    return g_strdup (configured);
  return g_strdup (fallback);
}

char *
atelier_firebase_auth_url (const char *configured)
{
  return resolve ("ATELIER_FIREBASE_AUTH_URL", configured, ATELIER_FIREBASE_DEFAULT_AUTH_URL);
}

char *
atelier_firebase_token_url (const char *configured)
{
  return resolve ("ATELIER_FIREBASE_TOKEN_URL", configured, ATELIER_FIREBASE_DEFAULT_TOKEN_URL);
}

gint64
atelier_firebase_token_expiry (const char *jwt,
                               gint64     *issued)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree guchar *payload = NULL;
  g_autoptr(GString) b64 = NULL;
  JsonObject *claims;
  gsize len = 0;

  if (issued != NULL)
    *issued = 0;
  if (jwt == NULL)
    return 0;
  parts = g_strsplit (jwt, ".", 4);
  if (g_strv_length (parts) != 3 || strlen (parts[1]) > 8192)
    return 0;

  /* base64url without padding → base64 */
  b64 = g_string_new (parts[1]);
  g_strdelimit (b64->str, "-", '+');
  g_strdelimit (b64->str, "_", '/');
  while (b64->len % 4 != 0)
    g_string_append_c (b64, '=');
  payload = g_base64_decode (b64->str, &len);
  if (len == 0 || !json_parser_load_from_data (parser, (const char *) payload, len, NULL))
    return 0;
  claims = atelier_json_object (json_parser_get_root (parser));
  if (claims == NULL)
    return 0;
  if (issued != NULL)
    *issued = (gint64) atelier_json_get_number (claims, "iat", 0);
  return (gint64) atelier_json_get_number (claims, "exp", 0);
}

/* The query parameter @name of @uri, or NULL. */
static char *
query_param (const char *uri,
             const char *name)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_autoptr(GHashTable) params = NULL;
  const char *query = parsed != NULL ? g_uri_get_query (parsed) : NULL;

  if (query == NULL)
    return NULL;
  params = g_uri_parse_params (query, -1, "&", G_URI_PARAMS_NONE, NULL);
  return params != NULL ? g_strdup (g_hash_table_lookup (params, name)) : NULL;
}

char *
atelier_firebase_link_code (const char *link)
{
  g_autofree char *trimmed = NULL;
  char *code;

  if (link == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (link));
  if ((code = query_param (trimmed, "oobCode")) != NULL && *code != '\0')
    return code;
  g_free (code);
  /* Dynamic-link wrappers carry the real link inside. */
  for (const char * const *inner = (const char * const[]) { "link", "continueUrl", "deep_link_id",
                                                            NULL }; *inner; inner++)
    {
      g_autofree char *nested = query_param (trimmed, *inner);

      if (nested != NULL && (code = query_param (nested, "oobCode")) != NULL)
        return code;
    }
  return NULL;
}

/* ---- errors ------------------------------------------------------------ */

static const struct {
  const char *code;
  const char *words;
} sign_in_errors[] = {
  { "INVALID_LOGIN_CREDENTIALS", N_("The email address or the password is wrong.") },
  { "INVALID_PASSWORD",          N_("The email address or the password is wrong.") },
  { "EMAIL_NOT_FOUND",           N_("The email address or the password is wrong.") },
  { "INVALID_OOB_CODE",          N_("This sign-in link was already used or is not valid. Ask "
                                    "for a new one.") },
  { "EXPIRED_OOB_CODE",          N_("This sign-in link has expired. Ask for a new one.") },
  { "INVALID_EMAIL",             N_("The email address does not match the one the link was "
                                    "sent to.") },
  { "USER_DISABLED",             N_("This account is disabled.") },
  { "TOO_MANY_ATTEMPTS_TRY_LATER", N_("Too many attempts. Wait a while, then try again.") },
  { "PASSWORD_LOGIN_DISABLED",   N_("Signing in with a password is turned off for this "
                                    "service. Use an email link.") },
  { "API_KEY_INVALID",           N_("The Firebase Web API key is not valid. Check it in "
                                    "Preferences.") },
  { "API key not valid",         N_("The Firebase Web API key is not valid. Check it in "
                                    "Preferences.") },
};

/* Takes @error: the service's code in words, when it is a known one. */
static GError *
sign_in_error (GError *error)
{
  if (error->domain != ATELIER_HTTP_ERROR || error->code != ATELIER_HTTP_ERROR_BAD_REQUEST)
    return error;
  for (guint i = 0; i < G_N_ELEMENTS (sign_in_errors); i++)
    if (strstr (error->message, sign_in_errors[i].code) != NULL)
      {
        GError *mapped = g_error_new_literal (ATELIER_PROVIDER_ERROR,
                                              ATELIER_PROVIDER_ERROR_NEEDS_SIGN_IN,
                                              _(sign_in_errors[i].words));
        g_error_free (error);
        return mapped;
      }
  return error;
}

/* ---- requests ----------------------------------------------------------- */

static AtelierHttpRequest *
firebase_request (const char *base,
                  const char *path,
                  const char *key)
{
  g_autofree char *escaped = g_uri_escape_string (key != NULL ? key : "", NULL, FALSE);
  g_autofree char *joined = NULL;
  g_autofree char *url = NULL;
  gsize len = strlen (base);

  while (len > 0 && base[len - 1] == '/')
    len--;
  joined = g_strdup_printf ("%.*s/%s", (int) len, base, path);
  url = g_strdup_printf ("%s?key=%s", joined, escaped);
  /* No set_auth: the bearer token never goes to Google. */
  return atelier_http_request_new ("POST", url);
}

static gint64
read_expires_in (JsonObject *obj,
                 const char *member)
{
  const char *text = atelier_json_get_string (obj, member);

  if (text != NULL)
    return g_ascii_strtoll (text, NULL, 10);
  return (gint64) atelier_json_get_number (obj, member, 0);
}

/* Where each call goes, under the token URL (a refresh) or the auth URL. */
static const char * const call_paths[] = {
  [ATELIER_FIREBASE_REFRESH] = "token",
  [ATELIER_FIREBASE_SIGN_IN_WITH_PASSWORD] = "accounts:signInWithPassword",
  [ATELIER_FIREBASE_SEND_SIGN_IN_LINK] = "accounts:sendOobCode",
  [ATELIER_FIREBASE_SIGN_IN_WITH_LINK] = "accounts:signInWithEmailLink",
};

/* Takes @error: what a failed @call means for the person. */
static GError *
call_error (AtelierFirebaseCall  call,
            GError              *error)
{
  if (call != ATELIER_FIREBASE_REFRESH)
    return sign_in_error (error);
  if (!g_error_matches (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_BAD_REQUEST))
    return error;
  /* Revoked, expired, disabled or a bad key: only a new sign-in helps. */
  g_debug ("Refresh refused: %s", error->message);
  g_error_free (error);
  return g_error_new_literal (ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NEEDS_SIGN_IN,
                              _("The sign-in is no longer valid (it was revoked, the "
                                "password changed or the account was disabled). Sign "
                                "in again in Preferences."));
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AtelierFirebaseCall call = GPOINTER_TO_INT (g_task_get_task_data (task));
  g_autoptr(AtelierFirebaseSession) session = g_new0 (AtelierFirebaseSession, 1);
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  JsonObject *obj;
  const char *id_token, *refresh_token;

  root = atelier_http_send_json_finish (ATELIER_HTTP (object), result, NULL, &error);
  if (root == NULL)
    {
      g_task_return_error (task, call_error (call, error));
      return;
    }

  obj = atelier_json_object (root);
  if (call == ATELIER_FIREBASE_SEND_SIGN_IN_LINK)
    {
      /* Nothing to read: the link is in the person's mail. */
      g_task_return_pointer (task, g_steal_pointer (&session),
                             (GDestroyNotify) atelier_firebase_session_free);
      return;
    }
  if (call == ATELIER_FIREBASE_REFRESH)
    {
      id_token = atelier_json_get_any_string (obj, "id_token", "access_token", NULL);
      refresh_token = atelier_json_get_string (obj, "refresh_token");
      session->expires_in = read_expires_in (obj, "expires_in");
    }
  else
    {
      id_token = atelier_json_get_string (obj, "idToken");
      refresh_token = atelier_json_get_string (obj, "refreshToken");
      session->expires_in = read_expires_in (obj, "expiresIn");
      session->email = g_strdup (atelier_json_get_string (obj, "email"));
    }
  if (id_token == NULL || *id_token == '\0' || refresh_token == NULL || *refresh_token == '\0')
    {
      g_task_return_new_error (task, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_PROTOCOL,
                               _("The sign-in service sent an answer Atelier does not "
                                 "understand (no “%s”)."),
                               id_token == NULL ? "id_token" : "refresh_token");
      return;
    }
  session->id_token = g_strdup (id_token);
  session->refresh_token = g_strdup (refresh_token);
  g_task_return_pointer (task, g_steal_pointer (&session),
                         (GDestroyNotify) atelier_firebase_session_free);
}

/* The token endpoint takes a form; identitytoolkit takes JSON. */
static void
set_call_body (AtelierHttpRequest           *req,
               const AtelierFirebaseRequest *request,
               const char                   *code)
{
  AtelierFirebaseCall call = request->call;
  const char *secret = request->secret;
  g_autoptr(JsonNode) body = NULL;
  JsonObject *obj;

  if (call == ATELIER_FIREBASE_REFRESH)
    {
      g_autofree char *escaped = g_uri_escape_string (secret, NULL, FALSE);
      g_autofree char *form = g_strconcat ("grant_type=refresh_token&refresh_token=", escaped, NULL);
      g_autoptr(GBytes) bytes = g_bytes_new (form, strlen (form));

      atelier_http_request_set_body (req, "application/x-www-form-urlencoded", bytes);
      /* Nothing is bought by a refresh: it may be tried again. */
      atelier_http_request_set_retry (req, ATELIER_RETRY_IDEMPOTENT);
      return;
    }

  obj = json_object_new ();
  body = atelier_json_node_take_object (obj);
  if (call == ATELIER_FIREBASE_SEND_SIGN_IN_LINK)
    json_object_set_string_member (obj, "requestType", "EMAIL_SIGNIN");
  if (call == ATELIER_FIREBASE_SIGN_IN_WITH_LINK)
    json_object_set_string_member (obj, "oobCode", code);
  json_object_set_string_member (obj, "email", request->email);
  if (call == ATELIER_FIREBASE_SIGN_IN_WITH_PASSWORD)
    {
      json_object_set_string_member (obj, "password", secret);
      json_object_set_boolean_member (obj, "returnSecureToken", TRUE);
    }
  if (call == ATELIER_FIREBASE_SEND_SIGN_IN_LINK)
    {
      json_object_set_string_member (obj, "continueUrl", secret);
      json_object_set_boolean_member (obj, "canHandleCodeInApp", TRUE);
    }
  atelier_http_request_set_json_body (req, body);
  atelier_http_request_set_retry (req, ATELIER_RETRY_NEVER);
}

void
atelier_firebase_call_async (AtelierHttp                  *http,
                             const AtelierFirebaseRequest *request,
                             GCancellable                 *cancellable,
                             GAsyncReadyCallback           callback,
                             gpointer                      user_data)
{
  AtelierFirebaseCall call = request->call;
  g_autofree char *base = NULL;
  g_autofree char *code = NULL;
  g_autoptr(AtelierHttpRequest) req = NULL;
  GTask *task;

  g_return_if_fail (ATELIER_IS_HTTP (http));
  g_return_if_fail (call < G_N_ELEMENTS (call_paths));

  if (call == ATELIER_FIREBASE_SIGN_IN_WITH_LINK &&
      (code = atelier_firebase_link_code (request->secret)) == NULL)
    {
      g_task_report_new_error (NULL, callback, user_data, atelier_firebase_call_async,
                               ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NEEDS_SIGN_IN,
                               _("This is not a sign-in link: paste the whole link from the "
                                 "email."));
      return;
    }

  base = call == ATELIER_FIREBASE_REFRESH ? atelier_firebase_token_url (request->url)
                                          : atelier_firebase_auth_url (request->url);
  req = firebase_request (base, call_paths[call], request->key);
  set_call_body (req, request, code);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_firebase_call_async);
  g_task_set_task_data (task, GINT_TO_POINTER (call), NULL);
  atelier_http_send_json_async (http, req, cancellable, call_cb, task);
}

AtelierFirebaseSession *
atelier_firebase_call_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
