/* atelier-sandbox.h: the offline server that speaks all four services
 *
 * Runs in-process (the app's offline mode, tests) and standalone
 * (`atelier-cli sandbox`). Two listeners on 127.0.0.1: the API one, and a
 * "CDN" one that serves results and presigned uploads, so "another host"
 * is real for the rule that tokens never leave their API host.
 *
 * Conventions a test can rely on (details in src/sandbox/README.md):
 * - every API endpoint wants "Authorization: Bearer sandbox-token"
 *   (image3d's status poll may omit it, as its docs do);
 * - a prompt containing "forbidden" is refused by moderation, one containing
 *   "sandbox-fail" makes an asynchronous job end failed;
 * - images are rendered at most 1024 px on their longest edge;
 * - the CDN listener also answers API paths without a token, so a
 *   "redirect-other-host" fault can be followed by a client that drops it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The token the sandbox accepts for every service. */
#define ATELIER_SANDBOX_TOKEN "sandbox-token"

/* The control endpoints (/_sandbox/…) want this header with the key of the
 * running sandbox (atelier_sandbox_get_control_key(), printed by
 * `atelier-cli sandbox` as ATELIER_SANDBOX_KEY=…): 401 without, 403 wrong. */
#define ATELIER_SANDBOX_KEY_HEADER "Atelier-Sandbox-Key"

typedef enum
{
  ATELIER_SANDBOX_FAULT_NONE,
  ATELIER_SANDBOX_FAULT_STATUS,          /* answer with `status` and the service's error shape */
  ATELIER_SANDBOX_FAULT_DROP,            /* close the connection mid-body */
  ATELIER_SANDBOX_FAULT_TRUNCATED_JSON,
  ATELIER_SANDBOX_FAULT_WRONG_TYPE_JSON, /* valid JSON, wrong types/shape */
  ATELIER_SANDBOX_FAULT_SLOW,            /* wait `delay_ms` before answering */
  ATELIER_SANDBOX_FAULT_EXPIRED,         /* presigned/CDN link answers 403 "expired" */
  ATELIER_SANDBOX_FAULT_OVERSIZE,        /* a body far larger than any cap */
  ATELIER_SANDBOX_FAULT_REDIRECT_OTHER_HOST, /* 302 to the CDN listener */
  /* A streamed answer (OpenAI stream=true) gone wrong after its first event: */
  ATELIER_SANDBOX_FAULT_STREAM_CUT,          /* the connection closes mid-stream */
  ATELIER_SANDBOX_FAULT_STREAM_ERROR,        /* an "error" event, then the end */
  ATELIER_SANDBOX_FAULT_STREAM_NO_COMPLETED, /* the partials, then a clean end */
  ATELIER_SANDBOX_FAULT_STREAM_HUGE,         /* one event of 2 GiB, sent until the client leaves */
  /* Streams the documentation allows, to check a client takes them: */
  ATELIER_SANDBOX_FAULT_STREAM_DONE,         /* "data: [DONE]" after the last event */
  ATELIER_SANDBOX_FAULT_STREAM_FINAL_FIRST,  /* the completed event before the last partial */
} AtelierSandboxFaultKind;

typedef struct
{
  AtelierSandboxFaultKind kind;
  guint  status;          /* FAULT_STATUS: 400, 401, 402, 403, 422, 429, 500, 503… */
  guint  retry_after_s;   /* 429/503: Retry-After header when > 0 */
  guint  delay_ms;        /* FAULT_SLOW */
  guint  retry_after_ms;  /* when > 0, also "retry-after-ms" (OpenAI's SDK header),
                           * and Retry-After rounded up if retry_after_s is 0 */
} AtelierSandboxFault;

#define ATELIER_TYPE_SANDBOX (atelier_sandbox_get_type ())
G_DECLARE_FINAL_TYPE (AtelierSandbox, atelier_sandbox, ATELIER, SANDBOX, GObject)

AtelierSandbox *atelier_sandbox_new              (void);
/* How long a job takes from submission to success (default 2000 ms). The
 * OpenAI dialect answers synchronously after a fraction of this. */
void            atelier_sandbox_set_job_duration (AtelierSandbox *self,
                                                  guint           ms);
guint           atelier_sandbox_get_job_duration (AtelierSandbox *self);
/* image3d credits (default 580); a job costs fast 5, standard 10, pro 20,
 * proplus 30, ultra 40 and is refused with 402 when the balance is short. */
void            atelier_sandbox_set_balance      (AtelierSandbox *self,
                                                  gint64          credits);
gint64          atelier_sandbox_get_balance      (AtelierSandbox *self);
/* At most @max_jobs unfinished image3d jobs (0 = no limit, the default);
 * one more is refused with 429 and Retry-After, as the service's plans do. */
void            atelier_sandbox_set_image3d_concurrency (AtelierSandbox *self,
                                                         guint           max_jobs);
/* The pause between two events of a streamed answer (OpenAI stream=true);
 * 0: a quarter of the job duration. Default: ATELIER_SANDBOX_STREAM_INTERVAL_MS
 * from the environment, else 0. */
void            atelier_sandbox_set_stream_interval (AtelierSandbox *self,
                                                     guint           ms);
guint           atelier_sandbox_get_stream_interval (AtelierSandbox *self);
/* Random, new for each sandbox: what the control endpoints want. */
const char     *atelier_sandbox_get_control_key  (AtelierSandbox *self);
/* Listens on 127.0.0.1:@port (0 = random) and a second random port. */
gboolean        atelier_sandbox_start            (AtelierSandbox *self,
                                                  guint           port,
                                                  GError        **error);
/* The same on an already listening socket (e.g. one a parent process
 * bound and handed over) for the API listener. */
gboolean        atelier_sandbox_start_on_socket  (AtelierSandbox *self,
                                                  GSocket        *socket,
                                                  GError        **error);
void            atelier_sandbox_stop             (AtelierSandbox *self);
guint           atelier_sandbox_get_port         (AtelierSandbox *self);
guint           atelier_sandbox_get_cdn_port     (AtelierSandbox *self);
/* Base URL a client should use for a service ("openai" → http://127.0.0.1:P/v1,
 * "core3d" → …/v1, "image3d" → http://127.0.0.1:P, "styledna" and "styledna-edit" → http://127.0.0.1:P). */
char           *atelier_sandbox_get_url          (AtelierSandbox *self,
                                                  const char     *service_id);

/* "ATELIER_OPENAI_URL=…", "ATELIER_OPENAI_TOKEN=sandbox-token", … for the
 * four services, for g_setenv() in tests or printing. Free with g_strfreev(). */
char          **atelier_sandbox_get_environment  (AtelierSandbox *self);

/* The next @times requests whose "METHOD /path" starts with @match (e.g.
 * "POST /v1/images/generations", "GET /cdn/") get @fault. Also reachable over
 * HTTP for other processes (with the control key): POST /_sandbox/faults {match, kind, status,
 * retry_after, retry_after_ms, delay_ms, times} with kind one of "status", "drop",
 * "truncated-json", "wrong-type-json", "slow", "expired", "oversize",
 * "redirect-other-host", "stream-cut", "stream-error", "stream-no-completed",
 * "stream-huge", "stream-done", "stream-final-first" (the stream-* ones only
 * change a streamed answer; other requests go as if there were none). */
void            atelier_sandbox_add_fault        (AtelierSandbox *self,
                                                  const char     *match,
                                                  const AtelierSandboxFault *fault,
                                                  guint           times);
void            atelier_sandbox_clear_faults     (AtelierSandbox *self);

/* A Firebase Auth stand-in for image3d's sign-in, on the second listener
 * (atelier-sandbox-firebase.c). It takes this Web API key, and this
 * password for any email. */
#define ATELIER_SANDBOX_FIREBASE_KEY      "sandbox-firebase-key"
#define ATELIER_SANDBOX_FIREBASE_PASSWORD "sandbox-password"

/* Its identitytoolkit (@token_endpoint FALSE) or securetoken base URL. */
char           *atelier_sandbox_get_firebase_url (AtelierSandbox *self,
                                                  gboolean        token_endpoint);
/* A refresh token for @email, as a sign-in would give. */
char           *atelier_sandbox_issue_refresh_token (AtelierSandbox *self,
                                                     const char     *email);
/* Every refresh token so far stops working (a password change). */
void            atelier_sandbox_revoke_refresh_tokens (AtelierSandbox *self);
/* ID tokens issued from now on expire after @ms (default an hour). */
void            atelier_sandbox_set_id_token_lifetime (AtelierSandbox *self,
                                                       guint           ms);
/* Every ID token issued so far is expired now. */
void            atelier_sandbox_expire_id_tokens (AtelierSandbox *self);
/* The last sign-in link "emailed" to @email, or NULL. */
char           *atelier_sandbox_get_sign_in_link (AtelierSandbox *self,
                                                  const char     *email);

/* What was asked: one entry per request, for tests. */
typedef struct
{
  char    *method;
  char    *path;
  gboolean cdn;            /* arrived on the second listener */
  char    *authorization;  /* the Authorization header, or NULL */
  guint    status;         /* what was answered, 0 if the connection went first */
} AtelierSandboxRequest;

/* Borrowed array of AtelierSandboxRequest*. */
GPtrArray      *atelier_sandbox_get_requests     (AtelierSandbox *self);
guint           atelier_sandbox_count_requests   (AtelierSandbox *self,
                                                  const char     *match);
void            atelier_sandbox_clear_requests   (AtelierSandbox *self);

G_END_DECLS
