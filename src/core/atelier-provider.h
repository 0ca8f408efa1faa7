/* atelier-provider.h: what every service client implements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-http.h"
#include "atelier-job.h"
#include "atelier-param.h"

G_BEGIN_DECLS

/* What the service said about a job, after a submit or a poll. */
typedef enum
{
  ATELIER_REMOTE_PENDING,
  ATELIER_REMOTE_RUNNING,
  ATELIER_REMOTE_DONE,
  ATELIER_REMOTE_FAILED,
  ATELIER_REMOTE_CANCELLED,
} AtelierRemoteState;

typedef struct
{
  AtelierRemoteState state;
  char      *remote_id;   /* set by submit */
  double     progress;    /* 0..1, -1 unknown */
  char      *message;     /* FAILED: readable reason */
  GPtrArray *outputs;     /* char*: an http(s) URL or a provider ref, to download */
  GPtrArray *files;       /* char*: results the answer carried, already written
                           * (inline base64); deleted when the status is freed
                           * unless taken out */
  GHashTable *results;    /* NULL, or name → value the job keeps (atelier_job_set_result) */
  AtelierCost *cost;      /* NULL, or what the service said the job cost (the job keeps it) */
} AtelierRemoteStatus;

AtelierRemoteStatus *atelier_remote_status_new  (AtelierRemoteState state);
/* Something the job keeps besides files: a design URI, the raw answer. */
void                 atelier_remote_status_set_result (AtelierRemoteStatus *status,
                                                       const char          *name,
                                                       const char          *value);
void                 atelier_remote_status_free (AtelierRemoteStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierRemoteStatus, atelier_remote_status_free)

/* A choice for a parameter as the service describes it: Core3D's styles
 * (listed at run time), image3d's tiers (with time and face count). */
typedef struct
{
  char *value;        /* what the parameter takes */
  char *label;        /* what a list shows, translated */
  char *description;  /* more about it, translated; may be NULL */
} AtelierParamChoice;

#define ATELIER_TYPE_PARAM_CHOICE (atelier_param_choice_get_type ())
GType               atelier_param_choice_get_type (void) G_GNUC_CONST;
AtelierParamChoice *atelier_param_choice_new      (const char               *value,
                                                   const char               *label,
                                                   const char               *description);
AtelierParamChoice *atelier_param_choice_copy     (const AtelierParamChoice *choice);
void                atelier_param_choice_free     (AtelierParamChoice       *choice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierParamChoice, atelier_param_choice_free)

/* Credits left, as a get_balance task returns them. */
typedef struct
{
  gint64  amount;
  char   *unit;    /* e.g. "credits", may be NULL */
} AtelierBalance;

AtelierBalance *atelier_balance_new  (gint64          amount,
                                      const char     *unit);
void            atelier_balance_free (AtelierBalance *balance);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierBalance, atelier_balance_free)

/* What "Test connection" found out. */
typedef enum
{
  ATELIER_CONNECTION_OK,            /* the service answered and took the token */
  ATELIER_CONNECTION_REACHABLE,     /* it answered: the address is right */
  ATELIER_CONNECTION_TOKEN_REFUSED, /* it answered and refused the token */
} AtelierConnection;

#define ATELIER_TYPE_PROVIDER (atelier_provider_get_type ())
G_DECLARE_INTERFACE (AtelierProvider, atelier_provider, ATELIER, PROVIDER, GObject)

/* Every `_finish` may be left NULL when its async half completes a GTask
 * made with the provider as source object: with an AtelierRemoteStatus
 * (submit, poll), an AtelierHttpRequest (fetch_request), a boolean (cancel,
 * test_connection: TRUE, or the error of the exchange), a GPtrArray of
 * AtelierParamChoice (list_choices) or an AtelierBalance (get_balance). */
struct _AtelierProviderInterface
{
  GTypeInterface parent_iface;

  const char              *(*get_id)           (AtelierProvider *self);
  const char              *(*get_display_name) (AtelierProvider *self);
  const AtelierParamTable *(*get_params)       (AtelierProvider *self);
  AtelierJobKind           (*get_kind)         (AtelierProvider *self,
                                                GHashTable      *params);
  /* Cross-parameter rules beyond the table (optional). */
  gboolean                 (*validate)         (AtelierProvider *self,
                                                GHashTable      *params,
                                                GError         **error);

  void                 (*submit_async)  (AtelierProvider *self, AtelierJob *job,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data);
  AtelierRemoteStatus *(*submit_finish) (AtelierProvider *self, GAsyncResult *result,
                                         GError **error);
  void                 (*poll_async)    (AtelierProvider *self, AtelierJob *job,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data);
  AtelierRemoteStatus *(*poll_finish)   (AtelierProvider *self, GAsyncResult *result,
                                         GError **error);
  /* Turns an output ref into a request to download (e.g. Core3D resolves an
   * upload URI to a presigned URL). Default: GET the ref without auth unless
   * it is on the API host. */
  void                 (*fetch_request_async)  (AtelierProvider *self, AtelierJob *job,
                                                const char *ref, GCancellable *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer user_data);
  AtelierHttpRequest  *(*fetch_request_finish) (AtelierProvider *self, GAsyncResult *result,
                                                GError **error);
  /* Best effort remote cancellation; default does nothing and succeeds. */
  void                 (*cancel_async)  (AtelierProvider *self, AtelierJob *job,
                                         GCancellable *cancellable,
                                         GAsyncReadyCallback callback, gpointer user_data);
  gboolean             (*cancel_finish) (AtelierProvider *self, GAsyncResult *result,
                                         GError **error);
  /* Poll interval hints in ms: first and largest. 0 = engine default. */
  guint                (*get_poll_interval) (AtelierProvider *self, gboolean first);
  /* A page that helps with a failure of @kind ("no-credits", "sign-in"),
   * e.g. where to buy credits; NULL when there is none (the default). */
  const char          *(*get_help_url)  (AtelierProvider *self, const char *kind);

  /* Choices for an ENUM parameter as the service offers them; the default
   * answers with the table's choices. A parameter flagged
   * ATELIER_PARAM_FLAG_SERVICE_CHOICES has its choices listed by the
   * service, and its table follows the answer. */
  void                 (*list_choices_async)  (AtelierProvider *self, const char *param,
                                               gboolean refresh, GCancellable *cancellable,
                                               GAsyncReadyCallback callback, gpointer user_data);
  GPtrArray           *(*list_choices_finish) (AtelierProvider *self, GAsyncResult *result,
                                               GError **error);
  /* What is known without asking; NULL (the default) when nothing more
   * than the value itself. */
  AtelierParamChoice  *(*get_choice)    (AtelierProvider *self, const char *param,
                                         const char *value);
  /* Credits left, where the service says (optional). */
  gboolean             (*has_balance)   (AtelierProvider *self);
  void                 (*get_balance_async)  (AtelierProvider *self, GCancellable *cancellable,
                                              GAsyncReadyCallback callback, gpointer user_data);
  gboolean             (*get_balance_finish) (AtelierProvider *self, GAsyncResult *result,
                                              gint64 *balance, char **unit, GError **error);
  /* One cheap request with the configured address and token. */
  void                 (*test_connection_async)  (AtelierProvider *self,
                                                  GCancellable *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer user_data);
  gboolean             (*test_connection_finish) (AtelierProvider *self, GAsyncResult *result,
                                                  AtelierConnection *state, GError **error);
};

const char              *atelier_provider_get_id           (AtelierProvider *self);
const char              *atelier_provider_get_display_name (AtelierProvider *self);
const AtelierParamTable *atelier_provider_get_params       (AtelierProvider *self);
AtelierJobKind           atelier_provider_get_kind         (AtelierProvider *self,
                                                            GHashTable      *params);
/* Table rules, then the provider's own. */
gboolean                 atelier_provider_validate         (AtelierProvider *self,
                                                            GHashTable      *params,
                                                            GError         **error);
void                     atelier_provider_submit_async     (AtelierProvider *self,
                                                            AtelierJob      *job,
                                                            GCancellable    *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer         user_data);
AtelierRemoteStatus     *atelier_provider_submit_finish    (AtelierProvider *self,
                                                            GAsyncResult    *result,
                                                            GError         **error);
void                     atelier_provider_poll_async       (AtelierProvider *self,
                                                            AtelierJob      *job,
                                                            GCancellable    *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer         user_data);
AtelierRemoteStatus     *atelier_provider_poll_finish      (AtelierProvider *self,
                                                            GAsyncResult    *result,
                                                            GError         **error);
void                     atelier_provider_fetch_request_async  (AtelierProvider *self,
                                                                AtelierJob      *job,
                                                                const char      *ref,
                                                                GCancellable    *cancellable,
                                                                GAsyncReadyCallback callback,
                                                                gpointer         user_data);
AtelierHttpRequest      *atelier_provider_fetch_request_finish (AtelierProvider *self,
                                                                GAsyncResult    *result,
                                                                GError         **error);
void                     atelier_provider_cancel_async     (AtelierProvider *self,
                                                            AtelierJob      *job,
                                                            GCancellable    *cancellable,
                                                            GAsyncReadyCallback callback,
                                                            gpointer         user_data);
gboolean                 atelier_provider_cancel_finish    (AtelierProvider *self,
                                                            GAsyncResult    *result,
                                                            GError         **error);
guint                    atelier_provider_get_poll_interval (AtelierProvider *self,
                                                             gboolean         first);
const char              *atelier_provider_get_help_url      (AtelierProvider *self,
                                                             const char      *kind);

/* Returns a GPtrArray of AtelierParamChoice (a new reference, maybe empty). */
void                     atelier_provider_list_choices_async  (AtelierProvider *self,
                                                               const char      *param,
                                                               gboolean         refresh,
                                                               GCancellable    *cancellable,
                                                               GAsyncReadyCallback callback,
                                                               gpointer         user_data);
GPtrArray               *atelier_provider_list_choices_finish (AtelierProvider *self,
                                                               GAsyncResult    *result,
                                                               GError         **error);
/* The choice for @value of @param as far as known now, or NULL. */
AtelierParamChoice      *atelier_provider_get_choice       (AtelierProvider *self,
                                                            const char      *param,
                                                            const char      *value);
gboolean                 atelier_provider_has_balance      (AtelierProvider *self);
/* An ATELIER_PROVIDER_ERROR_UNSUPPORTED error when the service has none. */
void                     atelier_provider_get_balance_async  (AtelierProvider *self,
                                                              GCancellable    *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer         user_data);
/* @unit (e.g. "credits") may be NULL; free it with g_free(). */
gboolean                 atelier_provider_get_balance_finish (AtelierProvider *self,
                                                              GAsyncResult    *result,
                                                              gint64          *balance,
                                                              char           **unit,
                                                              GError         **error);
void                     atelier_provider_test_connection_async  (AtelierProvider *self,
                                                                  GCancellable    *cancellable,
                                                                  GAsyncReadyCallback callback,
                                                                  gpointer         user_data);
/* FALSE with @error when no answer came (unreachable, invalid address). */
gboolean                 atelier_provider_test_connection_finish (AtelierProvider   *self,
                                                                  GAsyncResult      *result,
                                                                  AtelierConnection *state,
                                                                  GError           **error);

/* For implementations: the request submitting @job has gone out, so the
 * service may charge for it from now on. Emits "submission-sent", on which
 * the engine (the only one to change a job's status) acts. */
void                     atelier_provider_submission_sent  (AtelierProvider *self,
                                                            AtelierJob      *job);
/* For implementations: the table's choices for @param, each as get_choice
 * describes it (or by its value alone). Empty when @param has none. */
GPtrArray               *atelier_provider_get_table_choices (AtelierProvider *self,
                                                             const char      *param);
/* For implementations: @param's choices changed ("choices-changed::param"). */
void                     atelier_provider_choices_changed  (AtelierProvider *self,
                                                            const char      *param);

G_END_DECLS
