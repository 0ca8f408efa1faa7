/* atelier-service-client.h: the base of every service client
 *
 * A service client is an AtelierProvider that talks to one remote service
 * over AtelierHttp. The base owns the HTTP session and the service config,
 * answers the provider interface from class data (id, name, parameter
 * table, poll hints, pricing page), makes and finishes every GTask, checks
 * the config before a request, tells the engine when a submission went out,
 * and sends requests through one helper. A client keeps only what is
 * particular to its service: its table, how to build its requests and how
 * to read its answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-provider.h"
#include "atelier-service.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_SERVICE_CLIENT (atelier_service_client_get_type ())
G_DECLARE_DERIVABLE_TYPE (AtelierServiceClient, atelier_service_client, ATELIER, SERVICE_CLIENT, GObject)

/* Makes what a task returns from a service's answer: a new value, or NULL
 * with @error set (atelier_service_client_protocol_error). */
typedef gpointer (*AtelierAnswerFunc) (AtelierServiceClient  *self,
                                       JsonNode              *root,
                                       GError               **error);

struct _AtelierServiceClientClass
{
  GObjectClass parent_class;

  /* Class data, set in class_init: who the service is (set with
   * atelier_service_client_class_set_service()) and where it keeps things. */
  const char              *id;            /* "core3d": history, settings, ATELIER_<ID>_* */
  const char              *display_name;  /* N_() marked */
  const char              *account;       /* whose address, token and settings it shares
                                           * ("styledna" for "styledna-edit"); NULL: its id */
  const AtelierParamTable *params;
  AtelierJobKind           kind;          /* what a job makes (default: an image), unless
                                           * get_kind says otherwise */
  const char              *status_path;   /* polls GET it + the remote id; NULL: the submission
                                           * answers with the result, nothing to poll */
  const char              *cancel_suffix; /* cancels with POST status_path + id + it; NULL: none */
  const char              *balance_path;  /* GET answered by parse_balance; NULL: none */
  const char              *test_path;     /* "Test connection": a free authenticated GET;
                                           * NULL for the base URL itself */
  const char              *pricing_url;   /* where to buy credits (help for "no-credits") */
  guint                    poll_first_ms; /* poll hints; 0: the engine's */
  guint                    poll_max_ms;
  gboolean                 slow_submission; /* submission reads files: run it in a thread */

  /* Reading the service (required): a job's status from the answer to its
   * submission (@submitted) or to a poll, a JSON object. */
  AtelierRemoteStatus     *(*parse_status)  (AtelierServiceClient  *self,
                                             JsonObject            *answer,
                                             gboolean               submitted,
                                             GError               **error);
  /* The request that submits a job with @params (required unless submit
   * is overridden). May run in a worker thread (slow_submission). */
  AtelierHttpRequest      *(*submission)    (AtelierServiceClient  *self,
                                             GHashTable            *params,
                                             GError               **error);
  AtelierBalance          *(*parse_balance) (AtelierServiceClient  *self,
                                             JsonNode              *root,
                                             GError               **error);
  /* How a failed exchange reads in the service's words, e.g. "sign in
   * again" for a 401. Takes @error. Default: as it is. */
  GError                  *(*map_error)     (AtelierServiceClient  *self,
                                             GError                *error);

  /* Requests beyond the class data. Each takes @task (made by the base,
   * with the caller's cancellable, @job as task data, the config checked)
   * and completes it as AtelierProviderInterface says. */
  void  (*submit)        (AtelierServiceClient *self,
                          AtelierJob           *job,
                          GTask                *task);
  /* For a @ref that is no http(s) link (those are fetched as they are). */
  void  (*fetch_request) (AtelierServiceClient *self,
                          AtelierJob           *job,
                          const char           *ref,
                          GTask                *task);
  /* For parameters flagged ATELIER_PARAM_FLAG_SERVICE_CHOICES. */
  void  (*list_choices)  (AtelierServiceClient *self,
                          const char           *param,
                          gboolean              refresh,
                          GTask                *task);

  /* Rules and descriptions beyond the class data (optional). */
  AtelierJobKind           (*get_kind)   (AtelierServiceClient *self,
                                          GHashTable           *params);
  gboolean                 (*validate)   (AtelierServiceClient *self,
                                          GHashTable           *params,
                                          GError              **error);
  AtelierParamChoice      *(*get_choice) (AtelierServiceClient *self,
                                          const char           *param,
                                          const char           *value);

  /* For a service whose token is renewed while it runs (image3d's Firebase
   * ID tokens): makes the token fresh before a submission, a poll, the
   * balance or the connection test; with @refused (the token a 401 refused),
   * renews it unless that happened meanwhile, and the request goes once
   * more. Completes @task (taken) with TRUE when the request may go (again),
   * FALSE when there is nothing new to send it with, or an error. */
  void  (*renew_token)   (AtelierServiceClient *self,
                          const char           *refused,
                          GTask                *task);

  gpointer padding[7];
};

/* For class_init: the service's id, its N_() marked name and its parameter
 * table. */
void                        atelier_service_client_class_set_service (AtelierServiceClientClass *klass,
                                                                      const char                *id,
                                                                      const char                *display_name,
                                                                      const AtelierParamTable   *params);

/* The parameters, with the choices this client's server listed. */
const AtelierParamTable    *atelier_service_client_get_params  (AtelierServiceClient *self);
/* Gives @name (a spec of the class table) @choices (taken) for this client
 * alone, as its server listed them; the caller then says so with
 * atelier_provider_choices_changed(). FALSE for an unknown @name. */
gboolean                    atelier_service_client_set_choices (AtelierServiceClient  *self,
                                                                const char            *name,
                                                                char                 **choices);
AtelierHttp                *atelier_service_client_get_http    (AtelierServiceClient *self);
const AtelierServiceConfig *atelier_service_client_get_config  (AtelierServiceClient *self);
/* A client set up as one named instance of its service (a config whose id
 * is "<class id>:<NAME>", like an OpenAI-compatible endpoint "openai:Local")
 * is that service under its own id and name: NAME here, else NULL. */
const char                 *atelier_service_client_get_instance (AtelierServiceClient *self);
/* The translated display name, for messages (an instance's NAME). */
const char                 *atelier_service_client_get_name    (AtelierServiceClient *self);
/* Replaces the token the next requests carry: for clients whose tokens
 * are renewed while they run (image3d's Firebase ID tokens). */
void                        atelier_service_client_set_token   (AtelierServiceClient *self,
                                                                const char           *token);
/* A token and a base URL are there, else a NOT_CONFIGURED error. */
gboolean                    atelier_service_client_check_config (AtelierServiceClient *self,
                                                                 GError              **error);

/* A task for a client's own async call (@source_tag), the config checked
 * first: NULL when it is not set up (the task already completed with the
 * error). */
GTask                      *atelier_service_client_start_task   (AtelierServiceClient *self,
                                                                 GCancellable         *cancellable,
                                                                 GAsyncReadyCallback   callback,
                                                                 gpointer              user_data,
                                                                 gpointer              source_tag);

/* What a service may send as a job id or a ref (longer ones are refused),
 * and as a result address. */
#define ATELIER_SERVICE_CLIENT_MAX_ID  512
#define ATELIER_SERVICE_CLIENT_MAX_URL (16 * 1024)

/* Whether @id (a remote id or a service's ref) may be put into a path and
 * the history: at most ATELIER_SERVICE_CLIENT_MAX_ID bytes of printable
 * UTF-8, not "." or ".." (escaping leaves those as they are, and URL
 * normalisation climbs out of the path with them). */
gboolean            atelier_service_client_id_is_usable (const char         *id);

/* A request to @path under the base URL, carrying the token (which never
 * leaves the API origin). */
AtelierHttpRequest *atelier_service_client_request    (AtelierServiceClient *self,
                                                       const char           *method,
                                                       const char           *path);
/* POST @path with @body (taken) as JSON: what most submissions are. */
AtelierHttpRequest *atelier_service_client_post_json  (AtelierServiceClient *self,
                                                       const char           *path,
                                                       JsonObject           *body);
/* The same for @prefix, then @id as one escaped path segment (ids may be
 * URIs like core3d:generation:…), then @suffix (may be NULL). @id must be
 * usable (atelier_service_client_id_is_usable()). */
AtelierHttpRequest *atelier_service_client_request_id (AtelierServiceClient *self,
                                                       const char           *method,
                                                       const char           *prefix,
                                                       const char           *id,
                                                       const char           *suffix);

/* Sends @req and completes @task (taking it) with what @answer makes of the
 * JSON answer (@free_result frees it), or with TRUE when @answer is NULL
 * (any answer will do). A failed exchange goes through the class's
 * map_error. */
void                atelier_service_client_send       (AtelierServiceClient *self,
                                                       AtelierHttpRequest   *req,
                                                       AtelierAnswerFunc     answer,
                                                       GDestroyNotify        free_result,
                                                       GTask                *task);
/* Sends @req as the submission of the job @task carries (taking @task): never
 * resent once it may have been paid for, the engine told the moment its
 * body has gone out, the answer read by parse_status. */
void                atelier_service_client_submit     (AtelierServiceClient *self,
                                                       AtelierHttpRequest   *req,
                                                       GTask                *task);
/* What atelier_service_client_submit() does to @req before sending it, for
 * a client that sends its submission another way (a streamed answer). */
void                atelier_service_client_prepare_submission (AtelierServiceClient *self,
                                                               AtelierHttpRequest   *req,
                                                               GTask                *task);
/* The check atelier_service_client_read_status() makes of what parse_status
 * read; inline placeholders in @status's outputs are moved to its files
 * from @files (may be NULL). */
gboolean            atelier_service_client_check_status (AtelierServiceClient  *self,
                                                         AtelierRemoteStatus   *status,
                                                         GHashTable            *files,
                                                         GError               **error);
/* The same as atelier_service_client_send(), as an async pair. The finish
 * also finishes a client's own pointer-valued task (start_task). */
void                atelier_service_client_send_async  (AtelierServiceClient *self,
                                                        AtelierHttpRequest   *req,
                                                        AtelierAnswerFunc     answer,
                                                        GDestroyNotify        free_result,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
gpointer            atelier_service_client_send_finish (AtelierServiceClient *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
/* What parse_status makes of @root, which must be an object, checked as
 * every answer is: a usable remote id (printable, at most
 * ATELIER_SERVICE_CLIENT_MAX_ID bytes, not "." or ".."), at most
 * ATELIER_MAX_OUTPUTS results, each an http(s) link (or a ref, for clients
 * with fetch_request), no registered secret kept, the message cleaned. */
AtelierRemoteStatus *atelier_service_client_read_status (AtelierServiceClient  *self,
                                                        JsonNode              *root,
                                                        gboolean               submitted,
                                                        GError               **error);
/* The job's "status" word in @answer, in @state. A submission's answer
 * (@submitted) may have none yet (@state NULL); otherwise a missing or
 * mistyped one is a PROTOCOL error. */
gboolean            atelier_service_client_read_state (AtelierServiceClient  *self,
                                                       JsonObject            *answer,
                                                       gboolean               submitted,
                                                       const char           **state,
                                                       GError               **error);
/* GET status_path + @id, as a poll sends it. */
AtelierHttpRequest *atelier_service_client_status_request (AtelierServiceClient *self,
                                                           const char           *id);

/* A FAILED status for a job the service gave up on: its own words @reason
 * (may be NULL) in @format (one %s), with the token taken out should the
 * service echo it; @fallback when it gave no reason. */
AtelierRemoteStatus *atelier_service_client_failed        (AtelierServiceClient  *self,
                                                           const char            *reason,
                                                           const char            *format,
                                                           const char            *fallback);
/* Sets a PROTOCOL error naming the service and the field; returns NULL. */
gpointer            atelier_service_client_protocol_error (AtelierServiceClient  *self,
                                                           const char            *field,
                                                           GError               **error);
/* The same for readers that answer TRUE or FALSE: returns FALSE. */
gboolean            atelier_service_client_missing_field  (AtelierServiceClient  *self,
                                                           const char            *field,
                                                           GError               **error);

G_END_DECLS
