/* test-image3d-auth.c: staying signed in to image3d, against the sandbox's
 * Firebase stand-in, over real HTTP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "atelier-credentials.h"
#include "atelier-firebase.h"
#include "atelier-image3d.h"
#include "provider-fixture.h"

#define POST_GENERATE "POST /api/generate"
#define POST_TOKEN    "POST /firebase/securetoken/v1/token"
#define FIREBASE      "POST /firebase/"
#define EMAIL         "ada@example.com"

static void
clear_stand_in (void)
{
  /* The stand-in is this process's: each test starts without a sign-in
   * (it answers at once under ATELIER_NO_KEYRING). */
  atelier_credentials_store_secret_async ("image3d", "refresh", NULL, NULL, NULL, NULL);
  atelier_credentials_store_secret_async ("image3d", NULL, NULL, NULL, NULL, NULL);
}

/* The Firebase stand-in's addresses and key; no ID token yet. */
static void
auth_config (Fixture              *f,
             AtelierServiceConfig *config)
{
  g_clear_pointer (&config->token, g_free);
  config->auth_key = g_strdup (ATELIER_SANDBOX_FIREBASE_KEY);
  config->auth_url = atelier_sandbox_get_firebase_url (f->sandbox, FALSE);
  config->token_url = atelier_sandbox_get_firebase_url (f->sandbox, TRUE);
}

/* As after an earlier sign-in: a refresh token only. */
static void
refresh_config (Fixture              *f,
                AtelierServiceConfig *config)
{
  auth_config (f, config);
  config->refresh_token = atelier_sandbox_issue_refresh_token (f->sandbox, EMAIL);
}

static void
setup_refresh (Fixture       *f,
               gconstpointer  data)
{
  clear_stand_in ();
  fixture_setup_with (f, "image3d", refresh_config);
}

static void
setup_signed_out (Fixture       *f,
                  gconstpointer  data)
{
  clear_stand_in ();
  fixture_setup_with (f, "image3d", auth_config);
}

static GHashTable *
car_params (void)
{
  return fixture_params ("prompt", "a red sports car", "quality", "fast", NULL);
}

/* Nothing bound for Firebase carried a bearer token (the fixture checks the
 * whole second listener, where the stand-in lives, again at teardown). */
static void
assert_no_bearer_to_firebase (Fixture *f)
{
  GPtrArray *requests = atelier_sandbox_get_requests (f->sandbox);

  for (guint i = 0; i < requests->len; i++)
    {
      AtelierSandboxRequest *r = g_ptr_array_index (requests, i);

      if (g_str_has_prefix (r->path, "/firebase/"))
        {
          g_assert_true (r->cdn);
          g_assert_null (r->authorization);
        }
    }
}

static guint
count_status (Fixture    *f,
              const char *match,
              guint       status)
{
  GPtrArray *requests = atelier_sandbox_get_requests (f->sandbox);
  guint n = 0;

  for (guint i = 0; i < requests->len; i++)
    {
      AtelierSandboxRequest *r = g_ptr_array_index (requests, i);
      g_autofree char *line = g_strdup_printf ("%s %s", r->method, r->path);

      n += g_str_has_prefix (line, match) && r->status == status;
    }
  return n;
}

/* A refresh token alone: the first request renews the ID token, and the
 * refresh token that came back (a new one) is the one kept. */
static void
test_refresh_first (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) params = car_params ();
  g_autoptr(AtelierJob) job = fixture_run (f, params);
  g_autofree char *refresh = atelier_credentials_peek_stand_in ("image3d", "refresh");
  g_autofree char *id_token = atelier_credentials_peek_stand_in ("image3d", NULL);

  fixture_assert_done (job, 1, "glb");
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_TOKEN), ==, 1);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 1);
  g_assert_cmpuint (count_status (f, "", 401), ==, 0);
  g_assert_nonnull (refresh);
  g_assert_true (g_str_has_prefix (refresh, "sandbox-refresh-"));
  g_assert_nonnull (id_token);
  g_assert_cmpint (atelier_firebase_token_expiry (id_token, NULL), >, 0);
  g_assert_true (atelier_image3d_provider_can_refresh (ATELIER_IMAGE3D_PROVIDER (f->provider)));
  assert_no_bearer_to_firebase (f);
}

/* The ID token expired behind the client's back: the submission gets a
 * 401, the token is renewed and the job goes on, sent again exactly once. */
static void
test_expired_resent_once (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GHashTable) params = car_params ();
  g_autoptr(AtelierJob) first = fixture_run (f, params);
  g_autoptr(AtelierJob) job = NULL;

  fixture_assert_done (first, 1, "glb");
  atelier_sandbox_clear_requests (f->sandbox);
  atelier_sandbox_expire_id_tokens (f->sandbox);

  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "glb");
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 2);
  g_assert_cmpuint (count_status (f, POST_GENERATE, 401), ==, 1);
  g_assert_cmpuint (count_status (f, POST_GENERATE, 200), ==, 1);
  /* The second refresh worked only with the refresh token the first returned. */
  g_assert_cmpuint (count_status (f, POST_TOKEN, 200), ==, 1);
  assert_no_bearer_to_firebase (f);
}

/* A second 401 after a good refresh is not tried a third time. */
static void
test_resent_never_twice (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GHashTable) params = car_params ();
  g_autoptr(AtelierJob) job = NULL;

  fixture_fault_status (f, POST_GENERATE, 401, 0, 2);
  job = fixture_run (f, params);
  fixture_assert_failed (job, "Sign in again");
  g_assert_cmpstr (atelier_job_get_error_kind (job), ==, "sign-in");
  g_assert_true (atelier_job_get_retry_safe (job));
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 2);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_TOKEN), ==, 2);
}

static void
wait_for_remote_id (AtelierJob *job)
{
  while (atelier_job_get_remote_id (job) == NULL && !atelier_job_is_finished (job))
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (atelier_job_get_remote_id (job));
}

static void
signed_in_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;
  g_autofree char *email = NULL;

  if (atelier_image3d_provider_sign_in_finish (ATELIER_IMAGE3D_PROVIDER (object), result, &email,
                                               error))
    g_assert_cmpstr (email, ==, EMAIL);
  else
    g_assert_nonnull (*error);
  g_object_set_data (object, "done", GINT_TO_POINTER (TRUE));
}

static void
wait_done (AtelierProvider *provider)
{
  while (g_object_get_data (G_OBJECT (provider), "done") == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_object_set_data (G_OBJECT (provider), "done", NULL);
}

static GError *
sign_in_password (Fixture    *f,
                  const char *password)
{
  GError *error = NULL;

  atelier_image3d_provider_sign_in_async (ATELIER_IMAGE3D_PROVIDER (f->provider),
                                          ATELIER_FIREBASE_SIGN_IN_WITH_PASSWORD, EMAIL, password,
                                          NULL, signed_in_cb, &error);
  wait_done (f->provider);
  return error;
}

/* The refresh token was revoked (a password change): the job ends asking to
 * sign in again, keeps its task, and resumes after a sign-in. */
static void
test_revoked (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GHashTable) params = car_params ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierJob) job = NULL;
  g_autofree char *remote_id = NULL;

  atelier_sandbox_set_job_duration (f->sandbox, 1500);
  job = atelier_engine_create_job (f->engine, "image3d", params, &error);
  g_assert_no_error (error);
  g_object_ref (job);
  wait_for_remote_id (job);
  remote_id = g_strdup (atelier_job_get_remote_id (job));
  atelier_sandbox_revoke_refresh_tokens (f->sandbox);
  atelier_sandbox_expire_id_tokens (f->sandbox);
  fixture_wait (f, job);

  fixture_assert_failed (job, "Sign in again");
  g_assert_cmpstr (atelier_job_get_error_kind (job), ==, "sign-in");
  g_assert_cmpstr (atelier_job_get_remote_id (job), ==, remote_id);
  g_assert_cmpuint (count_status (f, POST_TOKEN, 400), ==, 1);
  g_assert_false (atelier_image3d_provider_can_refresh (ATELIER_IMAGE3D_PROVIDER (f->provider)));

  /* Signed in again: Retry resumes the same task, nothing paid twice. */
  error = sign_in_password (f, ATELIER_SANDBOX_FIREBASE_PASSWORD);
  g_assert_no_error (error);
  g_assert_true (atelier_engine_retry (f->engine, job, &error));
  g_assert_no_error (error);
  fixture_wait (f, job);
  fixture_assert_done (job, 1, "glb");
  g_assert_cmpstr (atelier_job_get_remote_id (job), ==, remote_id);
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_GENERATE), ==, 1);
}

/* A token that lives a second is renewed before it runs out: no 401. */
static void
test_renewed_before_expiry (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GHashTable) params = car_params ();
  g_autoptr(AtelierJob) first = NULL;
  g_autoptr(AtelierJob) second = NULL;

  atelier_sandbox_set_id_token_lifetime (f->sandbox, 1000);
  first = fixture_run (f, params);
  fixture_assert_done (first, 1, "glb");
  g_usleep (1100 * 1000);
  second = fixture_run (f, params);
  fixture_assert_done (second, 1, "glb");
  g_assert_cmpuint (count_status (f, "", 401), ==, 0);
  g_assert_cmpuint (count_status (f, POST_TOKEN, 200), >=, 2);
}

/* Looks for @secret in every file under the test's XDG folders. */
static void
assert_not_on_disk (const char *dir,
                    const char *secret)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        assert_not_on_disk (path, secret);
      else if (g_file_get_contents (path, &contents, &len, NULL) &&
               g_strstr_len (contents, len, secret) != NULL)
        g_error ("A token was written to %s", path);
    }
}

static void
assert_stored_only_in_keyring (Fixture *f)
{
  g_autofree char *refresh = atelier_credentials_peek_stand_in ("image3d", "refresh");
  g_autofree char *id_token = atelier_credentials_peek_stand_in ("image3d", NULL);
  const char *dirs[] = { "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME" };

  g_assert_nonnull (refresh);
  g_assert_nonnull (id_token);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      assert_not_on_disk (g_getenv (dirs[i]), refresh);
      assert_not_on_disk (g_getenv (dirs[i]), id_token);
    }
  assert_not_on_disk (f->tmpdir, refresh);
  assert_not_on_disk (f->tmpdir, id_token);
}

static void
test_password (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GHashTable) params = car_params ();
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(GError) error = NULL;

  error = sign_in_password (f, "wrong");
  g_assert_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NEEDS_SIGN_IN);
  g_assert_nonnull (strstr (error->message, "password is wrong"));
  g_assert_null (atelier_credentials_peek_stand_in ("image3d", "refresh"));
  g_clear_error (&error);

  error = sign_in_password (f, ATELIER_SANDBOX_FIREBASE_PASSWORD);
  g_assert_no_error (error);
  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "glb");
  /* Signed in just now: no refresh needed. */
  g_assert_cmpuint (atelier_sandbox_count_requests (f->sandbox, POST_TOKEN), ==, 0);
  assert_stored_only_in_keyring (f);
  assert_no_bearer_to_firebase (f);
}

static void
link_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;

  atelier_image3d_provider_sign_in_finish (ATELIER_IMAGE3D_PROVIDER (object), result, NULL, error);
  g_object_set_data (object, "done", GINT_TO_POINTER (TRUE));
}

static GError *
sign_in_link (Fixture    *f,
              const char *email,
              const char *link)
{
  GError *error = NULL;

  atelier_image3d_provider_sign_in_async (ATELIER_IMAGE3D_PROVIDER (f->provider),
                                          ATELIER_FIREBASE_SIGN_IN_WITH_LINK, email, link, NULL,
                                          signed_in_cb, &error);
  wait_done (f->provider);
  return error;
}

static void
test_email_link (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GHashTable) params = car_params ();
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *link = NULL;
  g_autofree char *wrapped = NULL;
  g_autofree char *escaped = NULL;

  atelier_image3d_provider_sign_in_async (ATELIER_IMAGE3D_PROVIDER (f->provider),
                                          ATELIER_FIREBASE_SEND_SIGN_IN_LINK, EMAIL, NULL, NULL,
                                          link_sent_cb, &error);
  wait_done (f->provider);
  g_assert_no_error (error);
  link = atelier_sandbox_get_sign_in_link (f->sandbox, EMAIL);
  g_assert_nonnull (link);

  /* Not a link, another address: refused, nothing stored. */
  error = sign_in_link (f, EMAIL, "hello");
  g_assert_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NEEDS_SIGN_IN);
  g_clear_error (&error);
  error = sign_in_link (f, "grace@example.com", link);
  g_assert_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NEEDS_SIGN_IN);
  g_test_message ("refused: %s", error->message);
  g_clear_error (&error);
  g_assert_null (atelier_credentials_peek_stand_in ("image3d", "refresh"));

  /* The link as a mail client may wrap it. */
  escaped = g_uri_escape_string (link, NULL, FALSE);
  wrapped = g_strdup_printf ("  https://example.page.link/?link=%s&apn=x \n", escaped);
  error = sign_in_link (f, EMAIL, wrapped);
  g_assert_no_error (error);
  job = fixture_run (f, params);
  fixture_assert_done (job, 1, "glb");
  assert_stored_only_in_keyring (f);

  /* A link signs in once. */
  error = sign_in_link (f, EMAIL, link);
  g_assert_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NEEDS_SIGN_IN);
  assert_no_bearer_to_firebase (f);
}

static void
no_key_config (Fixture              *f,
               AtelierServiceConfig *config)
{
  refresh_config (f, config);
  g_clear_pointer (&config->auth_key, g_free);
}

static void
setup_no_key (Fixture       *f,
              gconstpointer  data)
{
  clear_stand_in ();
  fixture_setup_with (f, "image3d", no_key_config);
}

static void
test_no_key (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GHashTable) params = car_params ();
  g_autoptr(AtelierJob) job = fixture_run (f, params);

  fixture_assert_failed (job, "Firebase Web API key");
  g_assert_cmpuint (atelier_sandbox_get_requests (f->sandbox)->len, ==, 0);
}

static void
test_parsing (void)
{
  g_autofree char *code = NULL;
  g_autofree char *none = NULL;
  g_autofree char *nested = NULL;
  gint64 issued = 0;
  /* {"iat":1700000000,"exp":1700003600} */
  const char *jwt = "eyJhbGciOiJSUzI1NiJ9.eyJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0.sig";

  code = atelier_firebase_link_code ("https://x.firebaseapp.com/__/auth/action?mode=signIn&oobCode=AbC-1&apiKey=k");
  g_assert_cmpstr (code, ==, "AbC-1");
  nested = atelier_firebase_link_code ("https://x.page.link/?link=https%3A%2F%2Fx.firebaseapp.com%2F__%2Fauth%2Faction%3FoobCode%3DZz9%26mode%3DsignIn");
  g_assert_cmpstr (nested, ==, "Zz9");
  none = atelier_firebase_link_code ("https://example.com/?mode=signIn");
  g_assert_null (none);

  g_assert_cmpint (atelier_firebase_token_expiry (jwt, &issued), ==, 1700003600);
  g_assert_cmpint (issued, ==, 1700000000);
  g_assert_cmpint (atelier_firebase_token_expiry ("not-a-jwt", NULL), ==, 0);
  g_assert_cmpint (atelier_firebase_token_expiry ("a.!!!.c", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("ATELIER_NO_KEYRING", "1", TRUE);
  g_unsetenv ("ATELIER_FIREBASE_AUTH_URL");
  g_unsetenv ("ATELIER_FIREBASE_TOKEN_URL");
  g_unsetenv ("ATELIER_IMAGE3D_FIREBASE_KEY");
  g_unsetenv ("ATELIER_IMAGE3D_REFRESH_TOKEN");
  g_unsetenv ("ATELIER_IMAGE3D_TOKEN");
  fixture_init_env ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/image3d-auth/parsing", test_parsing);
  g_test_add ("/image3d-auth/refresh-first", Fixture, NULL, setup_refresh, test_refresh_first,
              fixture_teardown);
  g_test_add ("/image3d-auth/expired-resent-once", Fixture, NULL, setup_refresh,
              test_expired_resent_once, fixture_teardown);
  g_test_add ("/image3d-auth/resent-never-twice", Fixture, NULL, setup_refresh,
              test_resent_never_twice, fixture_teardown);
  g_test_add ("/image3d-auth/revoked", Fixture, NULL, setup_refresh, test_revoked,
              fixture_teardown);
  g_test_add ("/image3d-auth/renewed-before-expiry", Fixture, NULL, setup_refresh,
              test_renewed_before_expiry, fixture_teardown);
  g_test_add ("/image3d-auth/password", Fixture, NULL, setup_signed_out, test_password,
              fixture_teardown);
  g_test_add ("/image3d-auth/email-link", Fixture, NULL, setup_signed_out, test_email_link,
              fixture_teardown);
  g_test_add ("/image3d-auth/no-key", Fixture, NULL, setup_no_key, test_no_key,
              fixture_teardown);

  return g_test_run ();
}
