/* atelier-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-provider"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "atelier-error.h"
#include "atelier-provider.h"

G_DEFINE_INTERFACE (AtelierProvider, atelier_provider, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (AtelierParamChoice, atelier_param_choice,
                     atelier_param_choice_copy, atelier_param_choice_free)

enum {
  SUBMISSION_SENT,
  CHOICES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

AtelierParamChoice *
atelier_param_choice_new (const char *value,
                          const char *label,
                          const char *description)
{
  AtelierParamChoice *choice;

  g_return_val_if_fail (value != NULL, NULL);

  choice = g_new0 (AtelierParamChoice, 1);
  choice->value = g_strdup (value);
  choice->label = g_strdup (label != NULL ? label : value);
  choice->description = g_strdup (description);
  return choice;
}

AtelierParamChoice *
atelier_param_choice_copy (const AtelierParamChoice *choice)
{
  return atelier_param_choice_new (choice->value, choice->label, choice->description);
}

AtelierBalance *
atelier_balance_new (gint64      amount,
                     const char *unit)
{
  AtelierBalance *balance = g_new0 (AtelierBalance, 1);

  balance->amount = amount;
  balance->unit = g_strdup (unit);
  return balance;
}

void
atelier_balance_free (AtelierBalance *balance)
{
  if (balance == NULL)
    return;
  g_free (balance->unit);
  g_free (balance);
}

void
atelier_param_choice_free (AtelierParamChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->value);
  g_free (choice->label);
  g_free (choice->description);
  g_free (choice);
}

/* A file nobody took (the job went away meanwhile) is not left behind. */
static void
unlink_file (gpointer path)
{
  g_unlink (path);
  g_free (path);
}

AtelierRemoteStatus *
atelier_remote_status_new (AtelierRemoteState state)
{
  AtelierRemoteStatus *status = g_new0 (AtelierRemoteStatus, 1);

  status->state = state;
  status->progress = -1;
  status->outputs = g_ptr_array_new_with_free_func (g_free);
  status->files = g_ptr_array_new_with_free_func (unlink_file);
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
  g_clear_pointer (&status->results, g_hash_table_unref);
  g_clear_pointer (&status->cost, atelier_cost_free);
  g_ptr_array_unref (status->files);
  g_free (status);
}

void
atelier_remote_status_set_result (AtelierRemoteStatus *status,
                                  const char          *name,
                                  const char          *value)
{
  g_return_if_fail (status != NULL && name != NULL);

  if (status->results == NULL)
    status->results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_hash_table_insert (status->results, g_strdup (name), g_strdup (value));
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

static void
default_list_choices_async (AtelierProvider     *self,
                            const char          *param,
                            gboolean             refresh,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, default_list_choices_async);
  g_task_return_pointer (task, atelier_provider_get_table_choices (self, param),
                         (GDestroyNotify) g_ptr_array_unref);
}

static void
default_get_balance_async (AtelierProvider     *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_task_report_new_error (self, callback, user_data, default_get_balance_async,
                           ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_UNSUPPORTED,
                           _("%s does not report a balance."),
                           atelier_provider_get_display_name (self));
}

static void
default_test_connection_async (AtelierProvider     *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_task_report_new_error (self, callback, user_data, default_test_connection_async,
                           ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_UNSUPPORTED,
                           _("%s cannot test its connection."),
                           atelier_provider_get_display_name (self));
}

static void
atelier_provider_default_init (AtelierProviderInterface *iface)
{
  iface->fetch_request_async = default_fetch_request_async;
  iface->cancel_async = default_cancel_async;
  iface->list_choices_async = default_list_choices_async;
  iface->get_balance_async = default_get_balance_async;
  iface->test_connection_async = default_test_connection_async;

  /**
   * AtelierProvider::submission-sent:
   * @job: the job being submitted
   *
   * The request that submits @job has gone out: the service may charge for
   * it from now on, so the engine no longer resubmits it by itself.
   */
  signals[SUBMISSION_SENT] =
    g_signal_new ("submission-sent", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, ATELIER_TYPE_JOB);

  /**
   * AtelierProvider::choices-changed:
   * @param: the parameter whose choices changed (also the detail)
   *
   * The service listed new choices for @param; its table follows.
   */
  signals[CHOICES_CHANGED] =
    g_signal_new ("choices-changed", G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
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
  AtelierProviderInterface *iface;

  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), NULL);

  iface = ATELIER_PROVIDER_GET_IFACE (self);
  if (iface->submit_finish == NULL)
    return g_task_propagate_pointer (G_TASK (result), error);
  return iface->submit_finish (self, result, error);
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
  AtelierRemoteStatus *(*poll_finish) (AtelierProvider *, GAsyncResult *, GError **);

  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), NULL);

  poll_finish = ATELIER_PROVIDER_GET_IFACE (self)->poll_finish;
  if (poll_finish == NULL || g_async_result_is_tagged (result, atelier_provider_poll_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return poll_finish (self, result, error);
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
  AtelierProviderInterface *iface;

  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), NULL);

  iface = ATELIER_PROVIDER_GET_IFACE (self);
  if (iface->fetch_request_finish == NULL)
    return g_task_propagate_pointer (G_TASK (result), error);
  return iface->fetch_request_finish (self, result, error);
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
  AtelierProviderInterface *iface;

  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), FALSE);

  iface = ATELIER_PROVIDER_GET_IFACE (self);
  if (iface->cancel_finish == NULL)
    return g_task_propagate_boolean (G_TASK (result), error);
  return iface->cancel_finish (self, result, error);
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

void
atelier_provider_list_choices_async (AtelierProvider     *self,
                                     const char          *param,
                                     gboolean             refresh,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_return_if_fail (ATELIER_IS_PROVIDER (self));
  g_return_if_fail (param != NULL);
  ATELIER_PROVIDER_GET_IFACE (self)->list_choices_async (self, param, refresh, cancellable,
                                                         callback, user_data);
}

GPtrArray *
atelier_provider_list_choices_finish (AtelierProvider  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  AtelierProviderInterface *iface;

  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), NULL);

  iface = ATELIER_PROVIDER_GET_IFACE (self);
  if (iface->list_choices_finish == NULL)
    return g_task_propagate_pointer (G_TASK (result), error);
  return iface->list_choices_finish (self, result, error);
}

AtelierParamChoice *
atelier_provider_get_choice (AtelierProvider *self,
                             const char      *param,
                             const char      *value)
{
  AtelierProviderInterface *iface;

  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), NULL);

  iface = ATELIER_PROVIDER_GET_IFACE (self);
  if (iface->get_choice == NULL || param == NULL || value == NULL)
    return NULL;
  return iface->get_choice (self, param, value);
}

GPtrArray *
atelier_provider_get_table_choices (AtelierProvider *self,
                                    const char      *param)
{
  GPtrArray *choices = g_ptr_array_new_with_free_func ((GDestroyNotify) atelier_param_choice_free);
  const AtelierParamSpec *spec;

  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), choices);

  spec = atelier_param_table_lookup (atelier_provider_get_params (self), param);
  for (guint i = 0; spec != NULL && spec->choices != NULL && spec->choices[i] != NULL; i++)
    {
      AtelierParamChoice *choice = atelier_provider_get_choice (self, param, spec->choices[i]);

      g_ptr_array_add (choices, choice ? choice : atelier_param_choice_new (spec->choices[i],
                                                                            NULL, NULL));
    }
  return choices;
}

gboolean
atelier_provider_has_balance (AtelierProvider *self)
{
  AtelierProviderInterface *iface;

  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), FALSE);

  iface = ATELIER_PROVIDER_GET_IFACE (self);
  return iface->has_balance != NULL && iface->has_balance (self);
}

void
atelier_provider_get_balance_async (AtelierProvider     *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (ATELIER_IS_PROVIDER (self));
  ATELIER_PROVIDER_GET_IFACE (self)->get_balance_async (self, cancellable, callback, user_data);
}

gboolean
atelier_provider_get_balance_finish (AtelierProvider  *self,
                                     GAsyncResult     *result,
                                     gint64           *balance,
                                     char            **unit,
                                     GError          **error)
{
  AtelierProviderInterface *iface;
  g_autoptr(AtelierBalance) found = NULL;

  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), FALSE);

  iface = ATELIER_PROVIDER_GET_IFACE (self);
  if (iface->get_balance_finish != NULL)
    return iface->get_balance_finish (self, result, balance, unit, error);

  if ((found = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return FALSE;
  if (balance != NULL)
    *balance = found->amount;
  if (unit != NULL)
    *unit = g_steal_pointer (&found->unit);
  return TRUE;
}

void
atelier_provider_test_connection_async (AtelierProvider     *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_return_if_fail (ATELIER_IS_PROVIDER (self));
  ATELIER_PROVIDER_GET_IFACE (self)->test_connection_async (self, cancellable, callback,
                                                            user_data);
}

gboolean
atelier_provider_test_connection_finish (AtelierProvider    *self,
                                         GAsyncResult       *result,
                                         AtelierConnection  *state,
                                         GError            **error)
{
  AtelierProviderInterface *iface;
  g_autoptr(GError) local_error = NULL;
  AtelierConnection found = ATELIER_CONNECTION_OK;

  g_return_val_if_fail (ATELIER_IS_PROVIDER (self), FALSE);

  iface = ATELIER_PROVIDER_GET_IFACE (self);
  if (iface->test_connection_finish != NULL)
    return iface->test_connection_finish (self, result, state, error);

  /* Any answer means the address is right; what it says tells about the token. */
  if (!g_task_propagate_boolean (G_TASK (result), &local_error))
    {
      if (!atelier_error_is_answer (local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (g_strcmp0 (atelier_error_get_kind (local_error), ATELIER_ERROR_KIND_SIGN_IN) == 0 ||
          g_error_matches (local_error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_FORBIDDEN))
        found = ATELIER_CONNECTION_TOKEN_REFUSED;
      else
        found = ATELIER_CONNECTION_REACHABLE;
    }
  if (state != NULL)
    *state = found;
  return TRUE;
}

void
atelier_provider_submission_sent (AtelierProvider *self,
                                  AtelierJob      *job)
{
  g_return_if_fail (ATELIER_IS_PROVIDER (self));
  g_return_if_fail (ATELIER_IS_JOB (job));
  g_signal_emit (self, signals[SUBMISSION_SENT], 0, job);
}

void
atelier_provider_choices_changed (AtelierProvider *self,
                                  const char      *param)
{
  g_return_if_fail (ATELIER_IS_PROVIDER (self));
  g_signal_emit (self, signals[CHOICES_CHANGED], g_quark_from_string (param), param);
}
