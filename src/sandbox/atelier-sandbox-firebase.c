/* atelier-sandbox-firebase.c: a Firebase Auth stand-in, on the CDN listener
 *
 * POST /firebase/securetoken/v1/token?key=K         form: grant_type=refresh_token&refresh_token=R
 *      → {id_token, access_token, refresh_token (a new one: the old stops
 *        working), expires_in: "N", token_type, user_id, project_id}
 * POST /firebase/identitytoolkit/v1/accounts:signInWithPassword?key=K
 *      {email, password, returnSecureToken} → {idToken, refreshToken, expiresIn, email,
 *      localId, registered}; the password is ATELIER_SANDBOX_FIREBASE_PASSWORD
 * POST …/accounts:sendOobCode?key=K {requestType: EMAIL_SIGNIN, email, continueUrl}
 *      → {email}; the "email" is kept: atelier_sandbox_get_sign_in_link()
 * POST …/accounts:signInWithEmailLink?key=K {oobCode, email} → as signInWithPassword
 *
 * Errors as Firebase's: 400 {"error": {"code", "message": CODE, "errors": […]}}.
 * It listens on the second listener, another host than the image3d API, as
 * Google is; what reaches it is in the request log like everything else.
 * ID tokens are JWT-shaped (exp, iat) and expire after a configurable time;
 * the image3d dialect takes them as well as the sandbox token.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sandbox"

#include "config.h"

#include <string.h>

#include "atelier-sandbox-private.h"

#define STATE_KEY "atelier-sandbox-firebase"

typedef struct
{
  GHashTable *refresh;   /* refresh token → email */
  GHashTable *id_tokens; /* id token → expiry (monotonic µs), boxed gint64 */
  GHashTable *links;     /* email → the last link sent */
  GHashTable *codes;     /* oobCode → email */
  guint       lifetime_ms;
} Firebase;

static void
firebase_free (gpointer data)
{
  Firebase *fb = data;

  g_hash_table_unref (fb->refresh);
  g_hash_table_unref (fb->id_tokens);
  g_hash_table_unref (fb->links);
  g_hash_table_unref (fb->codes);
  g_free (fb);
}

static Firebase *
get_state (AtelierSandbox *self)
{
  Firebase *fb = g_object_get_data (G_OBJECT (self), STATE_KEY);

  if (fb == NULL)
    {
      fb = g_new0 (Firebase, 1);
      fb->refresh = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      fb->id_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      fb->links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      fb->codes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      fb->lifetime_ms = 3600 * 1000;
      g_object_set_data_full (G_OBJECT (self), STATE_KEY, fb, firebase_free);
    }
  return fb;
}

static char *
random_token (const char *prefix)
{
  return g_strdup_printf ("%s%08x%08x%08x", prefix, g_random_int (), g_random_int (),
                          g_random_int ());
}

static char *
b64url (const char *text)
{
  char *b64 = g_base64_encode ((const guchar *) text, strlen (text));
  gsize len = strlen (b64);

  g_strdelimit (b64, "+", '-');
  g_strdelimit (b64, "/", '_');
  while (len > 0 && b64[len - 1] == '=')
    b64[--len] = '\0';
  return b64;
}

static char *
issue_id_token (AtelierSandbox *self,
                const char     *email)
{
  Firebase *fb = get_state (self);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 lifetime_s = (fb->lifetime_ms + 999) / 1000;
  g_autofree char *header = b64url ("{\"alg\":\"RS256\",\"typ\":\"JWT\"}");
  g_autofree char *claims = g_strdup_printf ("{\"iss\":\"https://securetoken.google.com/sandbox\","
                                             "\"aud\":\"sandbox\",\"sub\":\"uid-%08x\","
                                             "\"email\":\"%s\",\"iat\":%" G_GINT64_FORMAT ","
                                             "\"exp\":%" G_GINT64_FORMAT "}",
                                             g_str_hash (email), email, now, now + lifetime_s);
  g_autofree char *payload = b64url (claims);
  g_autofree char *sig = random_token ("sig");
  char *token = g_strdup_printf ("%s.%s.%s", header, payload, sig);
  gint64 *expiry = g_new (gint64, 1);

  *expiry = g_get_monotonic_time () + (gint64) fb->lifetime_ms * 1000;
  g_hash_table_insert (fb->id_tokens, g_strdup (token), expiry);
  return token;
}

char *
atelier_sandbox_issue_refresh_token (AtelierSandbox *self,
                                     const char     *email)
{
  char *token = random_token ("sandbox-refresh-");

  g_return_val_if_fail (ATELIER_IS_SANDBOX (self), NULL);
  g_hash_table_insert (get_state (self)->refresh, g_strdup (token), g_strdup (email));
  return token;
}

void
atelier_sandbox_revoke_refresh_tokens (AtelierSandbox *self)
{
  g_return_if_fail (ATELIER_IS_SANDBOX (self));
  g_hash_table_remove_all (get_state (self)->refresh);
}

void
atelier_sandbox_set_id_token_lifetime (AtelierSandbox *self,
                                       guint           ms)
{
  g_return_if_fail (ATELIER_IS_SANDBOX (self));
  get_state (self)->lifetime_ms = MAX (ms, 1);
}

void
atelier_sandbox_expire_id_tokens (AtelierSandbox *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (ATELIER_IS_SANDBOX (self));
  g_hash_table_iter_init (&iter, get_state (self)->id_tokens);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    *(gint64 *) value = 0;
}

char *
atelier_sandbox_get_sign_in_link (AtelierSandbox *self,
                                  const char     *email)
{
  g_return_val_if_fail (ATELIER_IS_SANDBOX (self), NULL);
  return g_strdup (g_hash_table_lookup (get_state (self)->links, email));
}

char *
atelier_sandbox_get_firebase_url (AtelierSandbox *self,
                                  gboolean        token_endpoint)
{
  g_return_val_if_fail (ATELIER_IS_SANDBOX (self), NULL);
  return g_strdup_printf ("http://127.0.0.1:%u/firebase/%s", atelier_sandbox_get_cdn_port (self),
                          token_endpoint ? "securetoken/v1" : "identitytoolkit/v1");
}

AtelierSandboxIdToken
_atelier_sandbox_firebase_check (AtelierSandbox *self,
                                 const char     *authorization)
{
  Firebase *fb = g_object_get_data (G_OBJECT (self), STATE_KEY);
  gint64 *expiry;

  if (fb == NULL || authorization == NULL || !g_str_has_prefix (authorization, "Bearer "))
    return ATELIER_SANDBOX_ID_TOKEN_UNKNOWN;
  expiry = g_hash_table_lookup (fb->id_tokens, authorization + strlen ("Bearer "));
  if (expiry == NULL)
    return ATELIER_SANDBOX_ID_TOKEN_UNKNOWN;
  return g_get_monotonic_time () < *expiry ? ATELIER_SANDBOX_ID_TOKEN_VALID
                                           : ATELIER_SANDBOX_ID_TOKEN_EXPIRED;
}

/* ---- answers ------------------------------------------------------------- */

static void
fb_error (AtelierSandboxCtx *ctx,
          const char        *code)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "code");
  json_builder_add_int_value (b, 400);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "errors");
  json_builder_begin_array (b);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "domain");
  json_builder_add_string_value (b, "global");
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, "invalid");
  json_builder_end_object (b);
  json_builder_end_array (b);
  json_builder_end_object (b);
  json_builder_end_object (b);
  _atelier_sandbox_respond_json (ctx, 400, json_builder_get_root (b));
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

/* A new session for @email, camelCase (identitytoolkit) or snake_case. */
static void
respond_session (AtelierSandboxCtx *ctx,
                 const char        *email,
                 gboolean           snake)
{
  Firebase *fb = get_state (ctx->sandbox);
  g_autofree char *id_token = issue_id_token (ctx->sandbox, email);
  g_autofree char *refresh = atelier_sandbox_issue_refresh_token (ctx->sandbox, email);
  g_autofree char *expires = g_strdup_printf ("%u", (fb->lifetime_ms + 999) / 1000);
  g_autofree char *uid = g_strdup_printf ("uid-%08x", g_str_hash (email));
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  if (snake)
    {
      add_string (b, "id_token", id_token);
      add_string (b, "access_token", id_token);
      add_string (b, "refresh_token", refresh);
      add_string (b, "expires_in", expires);
      add_string (b, "token_type", "Bearer");
      add_string (b, "user_id", uid);
      add_string (b, "project_id", "sandbox");
    }
  else
    {
      add_string (b, "kind", "identitytoolkit#VerifyPasswordResponse");
      add_string (b, "idToken", id_token);
      add_string (b, "refreshToken", refresh);
      add_string (b, "expiresIn", expires);
      add_string (b, "email", email);
      add_string (b, "localId", uid);
      json_builder_set_member_name (b, "registered");
      json_builder_add_boolean_value (b, TRUE);
    }
  json_builder_end_object (b);
  _atelier_sandbox_respond_json (ctx, 200, json_builder_get_root (b));
}

static void
token (AtelierSandboxCtx *ctx)
{
  Firebase *fb = get_state (ctx->sandbox);
  g_autofree char *text = g_strndup (g_bytes_get_data (ctx->body, NULL), g_bytes_get_size (ctx->body));
  g_autoptr(GHashTable) form = g_uri_parse_params (text, -1, "&", G_URI_PARAMS_WWW_FORM, NULL);
  const char *grant = form ? g_hash_table_lookup (form, "grant_type") : NULL;
  const char *refresh = form ? g_hash_table_lookup (form, "refresh_token") : NULL;
  g_autofree char *email = NULL;

  if (g_strcmp0 (grant, "refresh_token") != 0)
    {
      fb_error (ctx, "INVALID_GRANT_TYPE");
      return;
    }
  if (refresh == NULL || *refresh == '\0')
    {
      fb_error (ctx, "MISSING_REFRESH_TOKEN");
      return;
    }
  if (!g_hash_table_steal_extended (fb->refresh, refresh, NULL, (gpointer *) &email))
    {
      fb_error (ctx, "INVALID_REFRESH_TOKEN");
      return;
    }
  /* The old refresh token is spent: a client must keep the new one. */
  respond_session (ctx, email, TRUE);
}

static JsonObject *
read_body (AtelierSandboxCtx *ctx)
{
  return _atelier_sandbox_read_json (ctx);
}

static const char *
member (JsonObject *obj,
        const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
sign_in_with_password (AtelierSandboxCtx *ctx)
{
  g_autoptr(JsonObject) obj = read_body (ctx);
  const char *email, *password;

  if (obj == NULL)
    return;
  email = member (obj, "email");
  password = member (obj, "password");
  if (email == NULL || *email == '\0')
    {
      fb_error (ctx, "INVALID_EMAIL");
      return;
    }
  if (password == NULL || *password == '\0')
    {
      fb_error (ctx, "MISSING_PASSWORD");
      return;
    }
  /* Email enumeration protection: one code for a wrong email or password. */
  if (!g_str_equal (password, ATELIER_SANDBOX_FIREBASE_PASSWORD))
    {
      fb_error (ctx, "INVALID_LOGIN_CREDENTIALS");
      return;
    }
  respond_session (ctx, email, FALSE);
}

static void
send_oob_code (AtelierSandboxCtx *ctx)
{
  Firebase *fb = get_state (ctx->sandbox);
  g_autoptr(JsonObject) obj = read_body (ctx);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *code = NULL;
  g_autofree char *link = NULL;
  g_autofree char *escaped = NULL;
  const char *type, *email, *continue_url;

  if (obj == NULL)
    return;
  type = member (obj, "requestType");
  email = member (obj, "email");
  continue_url = member (obj, "continueUrl");
  if (g_strcmp0 (type, "EMAIL_SIGNIN") != 0)
    {
      fb_error (ctx, "INVALID_REQ_TYPE");
      return;
    }
  if (email == NULL || strchr (email, '@') == NULL)
    {
      fb_error (ctx, "INVALID_EMAIL");
      return;
    }
  if (continue_url == NULL || *continue_url == '\0')
    {
      fb_error (ctx, "MISSING_CONTINUE_URI");
      return;
    }

  code = random_token ("oob");
  escaped = g_uri_escape_string (continue_url, NULL, FALSE);
  link = g_strdup_printf ("http://127.0.0.1:%u/firebase/__/auth/action?apiKey=%s&mode=signIn"
                          "&oobCode=%s&continueUrl=%s&lang=en",
                          atelier_sandbox_get_cdn_port (ctx->sandbox),
                          ATELIER_SANDBOX_FIREBASE_KEY, code, escaped);
  g_hash_table_insert (fb->codes, g_strdup (code), g_strdup (email));
  g_hash_table_insert (fb->links, g_strdup (email), g_strdup (link));

  json_builder_begin_object (b);
  add_string (b, "kind", "identitytoolkit#GetOobConfirmationCodeResponse");
  add_string (b, "email", email);
  json_builder_end_object (b);
  _atelier_sandbox_respond_json (ctx, 200, json_builder_get_root (b));
}

static void
sign_in_with_email_link (AtelierSandboxCtx *ctx)
{
  Firebase *fb = get_state (ctx->sandbox);
  g_autoptr(JsonObject) obj = read_body (ctx);
  const char *code, *email, *sent_to;

  if (obj == NULL)
    return;
  code = member (obj, "oobCode");
  email = member (obj, "email");
  sent_to = code != NULL ? g_hash_table_lookup (fb->codes, code) : NULL;
  if (sent_to == NULL)
    {
      fb_error (ctx, "INVALID_OOB_CODE");
      return;
    }
  if (g_strcmp0 (email, sent_to) != 0)
    {
      fb_error (ctx, "INVALID_EMAIL");
      return;
    }
  respond_session (ctx, sent_to, FALSE);
  /* A link signs in once. */
  g_hash_table_remove (fb->codes, code);
}

gboolean
_atelier_sandbox_firebase_route (AtelierSandboxCtx *ctx)
{
  const char *key = ctx->query != NULL ? g_hash_table_lookup (ctx->query, "key") : NULL;
  const char *path = ctx->path + strlen ("/firebase/");

  if (!g_str_has_prefix (ctx->path, "/firebase/") || !g_str_equal (ctx->method, "POST"))
    return FALSE;

  if (g_strcmp0 (key, ATELIER_SANDBOX_FIREBASE_KEY) != 0)
    {
      fb_error (ctx, "API key not valid. Please pass a valid API key.");
      return TRUE;
    }
  if (g_str_equal (path, "securetoken/v1/token"))
    token (ctx);
  else if (g_str_equal (path, "identitytoolkit/v1/accounts:signInWithPassword"))
    sign_in_with_password (ctx);
  else if (g_str_equal (path, "identitytoolkit/v1/accounts:sendOobCode"))
    send_oob_code (ctx);
  else if (g_str_equal (path, "identitytoolkit/v1/accounts:signInWithEmailLink"))
    sign_in_with_email_link (ctx);
  else
    return FALSE;
  return TRUE;
}
