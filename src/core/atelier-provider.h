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
  GPtrArray *outputs;     /* char*: URL, "data:…;base64,…" or a provider ref */
} AtelierRemoteStatus;

AtelierRemoteStatus *atelier_remote_status_new  (AtelierRemoteState state);
void                 atelier_remote_status_free (AtelierRemoteStatus *status);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AtelierRemoteStatus, atelier_remote_status_free)

#define ATELIER_TYPE_PROVIDER (atelier_provider_get_type ())
G_DECLARE_INTERFACE (AtelierProvider, atelier_provider, ATELIER, PROVIDER, GObject)

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

G_END_DECLS
