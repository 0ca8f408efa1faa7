/* atelier-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-provider"

#include "config.h"

#include "atelier-error.h"
#include "atelier-provider.h"

G_DEFINE_INTERFACE (AtelierProvider, atelier_provider, G_TYPE_OBJECT)

AtelierRemoteStatus *
atelier_remote_status_new (AtelierRemoteState state)
{
  AtelierRemoteStatus *status = g_new0 (AtelierRemoteStatus, 1);

  status->state = state;
  status->progress = -1;
  status->outputs = g_ptr_array_new_with_free_func (g_free);
  return status;
}

void
atelier_remote_status_free (AtelierRemoteStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->remote_id);
  g_free (status->message);
  g_ptr_array_unref (status->outputs);
  g_free (status);
}

static void
default_fetch_request_async (AtelierProvider     *self,
                             AtelierJob          *job,
                             const char          *ref,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, default_fetch_request_async);
  /* No auth: a plain result URL is a CDN or presigned link. */
  g_task_return_pointer (task, atelier_http_request_new ("GET", ref),
                         (GDestroyNotify) atelier_http_request_unref);
}

static AtelierHttpRequest *
default_fetch_request_finish (AtelierProvider  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
default_cancel_async (AtelierProvider     *self,
                      AtelierJob          *job,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, default_cancel_async);
  g_task_return_boolean (task, TRUE);
}

static gboolean
default_cancel_finish (AtelierProvider  *self,
                       GAsyncResult     *result,
                       GError          **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
atelier_provider_default_init (AtelierProviderInterface *iface)
{
  iface->fetch_request_async = default_fetch_request_async;
  iface->fetch_request_finish = default_fetch_request_finish;
  iface->cancel_async = default_cancel_async;
  iface->cancel_finish = default_cancel_finish;
}

const char *
atelier_provider_get_id (AtelierProvider *self)
{
  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), NULL);
  return ATELIER_PROVIDER_GET_IFACE (self)->get_id (self);
}

const char *
atelier_provider_get_display_name (AtelierProvider *self)
{
  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), NULL);
  return ATELIER_PROVIDER_GET_IFACE (self)->get_display_name (self);
}

const AtelierParamTable *
atelier_provider_get_params (AtelierProvider *self)
{
  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), NULL);
  return ATELIER_PROVIDER_GET_IFACE (self)->get_params (self);
}

AtelierJobKind
atelier_provider_get_kind (AtelierProvider *self,
                           GHashTable      *params)
{
  AtelierProviderInterface *iface;

  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), ATELIER_JOB_KIND_IMAGE);

  iface = ATELIER_PROVIDER_GET_IFACE (self);
  return iface->get_kind ? iface->get_kind (self, params) : ATELIER_JOB_KIND_IMAGE;
}

gboolean
atelier_provider_validate (AtelierProvider  *self,
                           GHashTable       *params,
                           GError          **error)
{
  AtelierProviderInterface *iface;

  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), FALSE);

  iface = ATELIER_PROVIDER_GET_IFACE (self);
  if (!atelier_param_table_validate (iface->get_params (self), params, error))
    return FALSE;
  return iface->validate ? iface->validate (self, params, error) : TRUE;
}

void
atelier_provider_submit_async (AtelierProvider     *self,
                               AtelierJob          *job,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (ATELIER_IS_PROVIDER (self));
  ATELIER_PROVIDER_GET_IFACE (self)->submit_async (self, job, cancellable, callback, user_data);
}

AtelierRemoteStatus *
atelier_provider_submit_finish (AtelierProvider  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), NULL);
  return ATELIER_PROVIDER_GET_IFACE (self)->submit_finish (self, result, error);
}

void
atelier_provider_poll_async (AtelierProvider     *self,
                             AtelierJob          *job,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  AtelierProviderInterface *iface;

  g_return_if_fail (ATELIER_IS_PROVIDER (self));

  iface = ATELIER_PROVIDER_GET_IFACE (self);
  if (iface->poll_async == NULL)
    {
      g_task_report_new_error (self, callback, user_data, atelier_provider_poll_async,
                               ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_UNSUPPORTED,
                               "%s cannot be polled", iface->get_display_name (self));
      return;
    }
  iface->poll_async (self, job, cancellable, callback, user_data);
}

AtelierRemoteStatus *
atelier_provider_poll_finish (AtelierProvider  *self,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), NULL);

  if (g_async_result_is_tagged (result, atelier_provider_poll_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return ATELIER_PROVIDER_GET_IFACE (self)->poll_finish (self, result, error);
}

void
atelier_provider_fetch_request_async (AtelierProvider     *self,
                                      AtelierJob          *job,
                                      const char          *ref,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (ATELIER_IS_PROVIDER (self));
  ATELIER_PROVIDER_GET_IFACE (self)->fetch_request_async (self, job, ref, cancellable,
                                                          callback, user_data);
}

AtelierHttpRequest *
atelier_provider_fetch_request_finish (AtelierProvider  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), NULL);
  return ATELIER_PROVIDER_GET_IFACE (self)->fetch_request_finish (self, result, error);
}

void
atelier_provider_cancel_async (AtelierProvider     *self,
                               AtelierJob          *job,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (ATELIER_IS_PROVIDER (self));
  ATELIER_PROVIDER_GET_IFACE (self)->cancel_async (self, job, cancellable, callback, user_data);
}

gboolean
atelier_provider_cancel_finish (AtelierProvider  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), FALSE);
  return ATELIER_PROVIDER_GET_IFACE (self)->cancel_finish (self, result, error);
}

guint
atelier_provider_get_poll_interval (AtelierProvider *self,
                                    gboolean         first)
{
  AtelierProviderInterface *iface;

  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), 0);

  iface = ATELIER_PROVIDER_GET_IFACE (self);
  return iface->get_poll_interval ? iface->get_poll_interval (self, first) : 0;
}

const char *
atelier_provider_get_help_url (AtelierProvider *self,
                               const char      *kind)
{
  AtelierProviderInterface *iface;

  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), NULL);

  iface = ATELIER_PROVIDER_GET_IFACE (self);
  return iface->get_help_url && kind ? iface->get_help_url (self, kind) : NULL;
}
