/* atelier-service-client.c: the base of every service client
 *
 * Every task a client sees was made here, with a source tag and the config
 * already checked, so a client never repeats that preamble; the `_finish`
 * halves are the interface's defaults. Polling, cancelling and the balance
 * are requests the class data describes. The job's status is none of a
 * client's business: the engine changes it, and learns from
 * "submission-sent" when a request that may be paid for has gone out. A
 * token renewed while the client runs (renew_token) is made fresh before
 * each request that carries it, and a request refused with 401 (so not
 * accepted) goes once more after a renewal, never more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-providers"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-provider-util.h"
#include "atelier-secrets.h"
#include "atelier-service-client.h"

typedef struct
{
  AtelierHttp          *http;
  AtelierServiceConfig *config;
  /* Made on the first listing from the server: the class table is shared. */
  AtelierParamSpec     *own_specs;
  AtelierParamTable     own_table;
  GPtrArray            *choice_lists;  /* GStrv: a form may still point at an older list */
} AtelierServiceClientPrivate;

enum {
  PROP_0,
  PROP_HTTP,
  PROP_CONFIG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void provider_iface_init (AtelierProviderInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (AtelierServiceClient, atelier_service_client, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (AtelierServiceClient)
                                  G_IMPLEMENT_INTERFACE (ATELIER_TYPE_PROVIDER,
                                                         provider_iface_init))

#define CLIENT(provider)       ATELIER_SERVICE_CLIENT (provider)
#define CLIENT_CLASS(provider) ATELIER_SERVICE_CLIENT_GET_CLASS (provider)

/* ---- helpers for clients ------------------------------------------------ */

void
atelier_service_client_class_set_service (AtelierServiceClientClass *klass,
                                          const char                *id,
                                          const char                *display_name,
                                          const AtelierParamTable   *params)
{
  g_return_if_fail (ATELIER_IS_SERVICE_CLIENT_CLASS (klass));

  klass->id = id;
  klass->display_name = display_name;
  klass->params = params;
}

AtelierHttp *
atelier_service_client_get_http (AtelierServiceClient *self)
{
  AtelierServiceClientPrivate *priv = atelier_service_client_get_instance_private (self);

  g_return_val_if_fail (ATELIER_IS_SERVICE_CLIENT (self), NULL);
  return priv->http;
}

const AtelierServiceConfig *
atelier_service_client_get_config (AtelierServiceClient *self)
{
  AtelierServiceClientPrivate *priv = atelier_service_client_get_instance_private (self);

  g_return_val_if_fail (ATELIER_IS_SERVICE_CLIENT (self), NULL);
  return priv->config;
}

void
atelier_service_client_set_token (AtelierServiceClient *self,
                                  const char           *token)
{
  AtelierServiceClientPrivate *priv = atelier_service_client_get_instance_private (self);

  g_return_if_fail (ATELIER_IS_SERVICE_CLIENT (self));

  if (priv->config->token != NULL)
    memset (priv->config->token, 0, strlen (priv->config->token));
  g_free (priv->config->token);
  priv->config->token = g_strdup (token);
}

const char *
atelier_service_client_get_instance (AtelierServiceClient *self)
{
  AtelierServiceClientPrivate *priv = atelier_service_client_get_instance_private (self);
  const char *id = CLIENT_CLASS (self)->id;
  gsize len = strlen (id);

  g_return_val_if_fail (ATELIER_IS_SERVICE_CLIENT (self), NULL);

  if (priv->config == NULL || priv->config->id == NULL ||
      strncmp (priv->config->id, id, len) != 0 || priv->config->id[len] != ':' ||
      priv->config->id[len + 1] == '\0')
    return NULL;
  return priv->config->id + len + 1;
}

const char *
atelier_service_client_get_name (AtelierServiceClient *self)
{
  const char *instance;

  g_return_val_if_fail (ATELIER_IS_SERVICE_CLIENT (self), NULL);

  /* A named endpoint is known by the name its owner gave it. */
  if ((instance = atelier_service_client_get_instance (self)) != NULL)
    return instance;
  return _(CLIENT_CLASS (self)->display_name);
}

/* An address is all "Test connection" needs; everything else a token too. */
static gboolean
check_config (AtelierServiceClient  *self,
              gboolean               token,
              GError               **error)
{
  const AtelierServiceConfig *config = atelier_service_client_get_config (self);

  if (config->base_url == NULL || *config->base_url == '\0')
    {
      g_set_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NOT_CONFIGURED,
                   _("No address is set for %s. Set one in Preferences."),
                   atelier_service_client_get_name (self));
      return FALSE;
    }
  if (token && (config->token == NULL || *config->token == '\0'))
    {
      g_set_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NOT_CONFIGURED,
                   _("No token is set for %s. Add one in Preferences."),
                   atelier_service_client_get_name (self));
      return FALSE;
    }
  return TRUE;
}

gboolean
atelier_service_client_check_config (AtelierServiceClient  *self,
                                     GError               **error)
{
  g_return_val_if_fail (ATELIER_IS_SERVICE_CLIENT (self), FALSE);
  return check_config (self, TRUE, error);
}

gpointer
atelier_service_client_protocol_error (AtelierServiceClient  *self,
                                       const char            *field,
                                       GError               **error)
{
  g_set_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_PROTOCOL,
               _("%s sent an answer Atelier does not understand (“%s” is missing or of the "
                 "wrong type). Retry later, or check the service address."),
               atelier_service_client_get_name (self), field);
  return NULL;
}

gboolean
atelier_service_client_missing_field (AtelierServiceClient  *self,
                                      const char            *field,
                                      GError               **error)
{
  atelier_service_client_protocol_error (self, field, error);
  return FALSE;
}

AtelierRemoteStatus *
atelier_service_client_failed (AtelierServiceClient *self,
                               const char           *reason,
                               const char           *format,
                               const char           *fallback)
{
  AtelierRemoteStatus *status = atelier_remote_status_new (ATELIER_REMOTE_FAILED);
  g_autofree char *words = NULL;

  if (reason == NULL || *reason == '\0')
    {
      status->message = g_strdup (fallback);
      return status;
    }
  /* The service's own words: they may echo the token, or be a novel. */
  words = atelier_scrub_secrets (reason);
  status->message = g_strdup_printf (format, words);
  return status;
}

AtelierHttpRequest *
atelier_service_client_request (AtelierServiceClient *self,
                                const char           *method,
                                const char           *path)
{
  const AtelierServiceConfig *config;
  g_autofree char *url = NULL;
  AtelierHttpRequest *req;

  g_return_val_if_fail (ATELIER_IS_SERVICE_CLIENT (self), NULL);

  config = atelier_service_client_get_config (self);
  url = atelier_url_join (config->base_url, path);
  req = atelier_http_request_new (method, url);
  atelier_http_request_set_auth (req, config->token, config->base_url);
  return req;
}

AtelierHttpRequest *
atelier_service_client_post_json (AtelierServiceClient *self,
                                  const char           *path,
                                  JsonObject           *body)
{
  AtelierHttpRequest *req = atelier_service_client_request (self, "POST", path);
  g_autoptr(JsonNode) node = atelier_json_node_take_object (body);

  atelier_http_request_set_json_body (req, node);
  return req;
}

AtelierHttpRequest *
atelier_service_client_request_id (AtelierServiceClient *self,
                                   const char           *method,
                                   const char           *prefix,
                                   const char           *id,
                                   const char           *suffix)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  /* "." and ".." stay as they are when escaped (they are unreserved), and
   * URL normalisation would climb out of @prefix with them: callers check. */
  g_return_val_if_fail (atelier_service_client_id_is_usable (id), NULL);

  escaped = g_uri_escape_string (id, NULL, FALSE);
  path = g_strconcat (prefix, escaped, suffix, NULL);
  return atelier_service_client_request (self, method, path);
}

AtelierHttpRequest *
atelier_service_client_status_request (AtelierServiceClient *self,
                                       const char           *id)
{
  AtelierHttpRequest *req;

  g_return_val_if_fail (ATELIER_IS_SERVICE_CLIENT (self), NULL);
  g_return_val_if_fail (CLIENT_CLASS (self)->status_path != NULL, NULL);

  req = atelier_service_client_request_id (self, "GET", CLIENT_CLASS (self)->status_path, id,
                                           NULL);
  atelier_http_request_set_retry (req, ATELIER_RETRY_IDEMPOTENT);
  return req;
}

/* ---- sending ------------------------------------------------------------ */

typedef enum {
  READ_ANSWER,     /* with the answer function, or the JSON itself */
  READ_SUBMITTED,  /* parse_status of a submission */
  READ_POLLED,     /* parse_status of a poll */
} Reading;

typedef struct
{
  GTask            *task;
  Reading           reading;
  AtelierAnswerFunc answer;
  GDestroyNotify    free_result;
} Pending;

/* A PROTOCOL error in a format that takes the service's name first. */
#define REFUSE(error, ...) \
  atelier_refuse (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_PROTOCOL, __VA_ARGS__)

/* What a message may quote of something a service sent: cleaned, short. */
static char *
quote (const char *text)
{
  g_autofree char *clean = atelier_scrub_secrets (text);
  g_autofree char *start = NULL;

  if (g_utf8_strlen (clean, -1) <= 80)
    return g_steal_pointer (&clean);
  start = g_utf8_substring (clean, 0, 80);
  return g_strconcat (start, "…", NULL);
}

static gboolean
has_control_chars (const char *text)
{
  for (const guchar *p = (const guchar *) text; *p != '\0'; p++)
    if (*p < 0x20 || *p == 0x7f)
      return TRUE;
  return FALSE;
}

gboolean
atelier_service_client_id_is_usable (const char *id)
{
  gsize len = id != NULL ? strlen (id) : 0;

  return len > 0 && len <= ATELIER_SERVICE_CLIENT_MAX_ID && g_utf8_validate (id, -1, NULL) &&
         !has_control_chars (id) && !g_str_equal (id, ".") && !g_str_equal (id, "..");
}

static gboolean
is_web_address (const char *url)
{
  g_autoptr(GUri) uri = NULL;

  if (!atelier_is_http_url (url) || strlen (url) > ATELIER_SERVICE_CLIENT_MAX_URL ||
      has_control_chars (url))
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_ENCODED | G_URI_FLAGS_PARSE_RELAXED, NULL);
  return uri != NULL && g_uri_get_host (uri) != NULL && *g_uri_get_host (uri) != '\0';
}

/* The one check of what a client read from an answer, whichever client:
 * ids, result addresses, inline files, how many results, no secret kept.
 * Takes the inline files the status names out of @files. */
static gboolean
check_status (AtelierServiceClient  *self,
              AtelierRemoteStatus   *status,
              GHashTable            *files,
              GError               **error)
{
  const char *name = atelier_service_client_get_name (self);
  guint n_results = status->outputs->len + status->files->len;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);

  if (status->remote_id != NULL)
    {
      if (!atelier_service_client_id_is_usable (status->remote_id))
        {
          g_autofree char *shown = quote (status->remote_id);
          return REFUSE (error, _("%s sent a job id Atelier cannot use (“%s”)."), name,
                         shown);
        }
      if (atelier_secrets_contains (status->remote_id))
        return REFUSE (error, _("%s put the token into the job id it sent; Atelier does "
                                "not keep it."), name);
    }

  if (n_results > ATELIER_MAX_OUTPUTS)
    return REFUSE (error, _("%s sent %u results for one job; Atelier accepts at most %u, "
                            "and kept none."), name, n_results, ATELIER_MAX_OUTPUTS);

  for (guint i = 0; i < status->outputs->len; i++)
    {
      char *ref = g_ptr_array_index (status->outputs, i);
      char *path = NULL;

      if (g_str_has_prefix (ref, "atelier-inline:"))
        {
          /* Only a placeholder this very answer made names a file. */
          g_autofree char *key = NULL;

          if (files == NULL ||
              !g_hash_table_steal_extended (files, ref, (gpointer *) &key, (gpointer *) &path))
            return REFUSE (error, _("%s sent a result Atelier cannot read."), name);
          g_ptr_array_add (status->files, path);
          continue;
        }
      if (atelier_secrets_contains (ref))
        return REFUSE (error, _("%s put the token into a result address; Atelier does "
                                "not keep it."), name);
      /* A link, or (for a client that resolves them) a service's own ref,
       * which is no address of another kind (file:, data:). */
      if (!is_web_address (ref) &&
          (CLIENT_CLASS (self)->fetch_request == NULL || !atelier_service_client_id_is_usable (ref) ||
           strstr (ref, "://") != NULL || g_ascii_strncasecmp (ref, "data:", 5) == 0 ||
           g_ascii_strncasecmp (ref, "file:", 5) == 0))
        {
          g_autofree char *shown = quote (ref);
          return REFUSE (error, _("%s sent a result address that is not an http or https "
                                  "link (“%s”)."), name, shown);
        }
      g_ptr_array_add (kept, g_strdup (ref));
    }
  g_ptr_array_set_size (status->outputs, 0);
  g_ptr_array_extend_and_steal (status->outputs, g_steal_pointer (&kept));

  if (status->message != NULL)
    status->message = atelier_scrub_secrets_take (status->message);
  /* A cost's only words from the service: a tier echoing the token, or
   * not fit to show on one line, is dropped (the amount stays). */
  if (status->cost != NULL && status->cost->tier != NULL)
    {
      gboolean printable = TRUE;

      for (const char *p = status->cost->tier; *p && printable; p = g_utf8_next_char (p))
        printable = g_unichar_isprint (g_utf8_get_char (p));
      if (!printable || atelier_secrets_contains (status->cost->tier))
        atelier_cost_set_tier (status->cost, NULL);
    }
  if (!(status->progress >= 0))
    status->progress = -1;
  status->progress = MIN (status->progress, 1);
  return TRUE;
}

static AtelierRemoteStatus *
read_status (AtelierServiceClient  *self,
             JsonNode              *root,
             gboolean               submitted,
             GHashTable            *files,
             GError               **error)
{
  JsonObject *answer = atelier_json_object (root);
  g_autoptr(AtelierRemoteStatus) status = NULL;

  /* Whatever else a service says about a job, it says it in an object. */
  if (answer == NULL)
    return atelier_service_client_protocol_error (self, "{}", error);
  status = CLIENT_CLASS (self)->parse_status (self, answer, submitted, error);
  if (status == NULL || !check_status (self, status, files, error))
    return NULL;
  return g_steal_pointer (&status);
}

static void
answer_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autofree Pending *pending = user_data;
  g_autoptr(GTask) task = pending->task;
  AtelierServiceClient *self = g_task_get_source_object (task);
  AtelierServiceClientClass *klass = CLIENT_CLASS (self);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) files = NULL;
  GError *error = NULL;
  gpointer value;

  root = atelier_http_send_json_finish_files (ATELIER_HTTP (object), result, NULL, &files,
                                              &error);
  if (root == NULL)
    {
      g_task_return_error (task, klass->map_error ? klass->map_error (self, error) : error);
      return;
    }

  if (pending->reading == READ_ANSWER && pending->answer == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (pending->reading != READ_ANSWER)
    value = read_status (self, root, pending->reading == READ_SUBMITTED, files, &error);
  else
    value = pending->answer (self, root, &error);

  if (value == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, pending->free_result);
}

AtelierRemoteStatus *
atelier_service_client_read_status (AtelierServiceClient  *self,
                                    JsonNode              *root,
                                    gboolean               submitted,
                                    GError               **error)
{
  g_return_val_if_fail (ATELIER_IS_SERVICE_CLIENT (self), NULL);
  return read_status (self, root, submitted, NULL, error);
}

gboolean
atelier_service_client_check_status (AtelierServiceClient  *self,
                                     AtelierRemoteStatus   *status,
                                     GHashTable            *files,
                                     GError               **error)
{
  g_return_val_if_fail (ATELIER_IS_SERVICE_CLIENT (self), FALSE);
  return check_status (self, status, files, error);
}

gboolean
atelier_service_client_read_state (AtelierServiceClient  *self,
                                   JsonObject            *answer,
                                   gboolean               submitted,
                                   const char           **state,
                                   GError               **error)
{
  *state = atelier_json_get_string (answer, "status");
  if (*state != NULL || (submitted && !json_object_has_member (answer, "status")))
    return TRUE;
  atelier_service_client_protocol_error (self, "status", error);
  return FALSE;
}

/* Sends @req; answer_cb completes @task (taken) as @reading says. */
static void
send_pending (AtelierServiceClient *self,
              AtelierHttpRequest   *req,
              GTask                *task,
              Reading               reading,
              AtelierAnswerFunc     answer,
              GDestroyNotify        free_result)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->task = task;
  pending->reading = reading;
  pending->answer = answer;
  pending->free_result = free_result;
  atelier_http_send_json_async (atelier_service_client_get_http (self), req,
                                g_task_get_cancellable (task), answer_cb, pending);
}

void
atelier_service_client_send (AtelierServiceClient *self,
                             AtelierHttpRequest   *req,
                             AtelierAnswerFunc     answer,
                             GDestroyNotify        free_result,
                             GTask                *task)
{
  g_return_if_fail (ATELIER_IS_SERVICE_CLIENT (self));
  g_return_if_fail (G_IS_TASK (task));

  send_pending (self, req, task, READ_ANSWER, answer, free_result);
}

static void
submission_sent (gpointer req,
                 gpointer user_data)
{
  GTask *task = user_data;

  atelier_provider_submission_sent (g_task_get_source_object (task), g_task_get_task_data (task));
}

void
atelier_service_client_prepare_submission (AtelierServiceClient *self,
                                            AtelierHttpRequest   *req,
                                            GTask                *task)
{
  AtelierJob *job = g_task_get_task_data (task);

  g_return_if_fail (ATELIER_IS_SERVICE_CLIENT (self));
  g_return_if_fail (ATELIER_IS_JOB (job));

  atelier_http_request_set_retry (req, ATELIER_RETRY_SUBMIT);
  /* Files the answer carries are named like the downloads of this job. */
  atelier_http_request_set_inline_name (req, atelier_job_get_id (job),
                                        g_strv_length ((char **) atelier_job_get_outputs (job)) + 1);
  /* The task outlives the exchange, so it can be the callback's data. */
  atelier_http_request_set_sent_func (req, submission_sent, task);
}

void
atelier_service_client_submit (AtelierServiceClient *self,
                               AtelierHttpRequest   *req,
                               GTask                *task)
{
  g_return_if_fail (ATELIER_IS_SERVICE_CLIENT (self));

  atelier_service_client_prepare_submission (self, req, task);
  send_pending (self, req, task, READ_SUBMITTED, NULL,
                (GDestroyNotify) atelier_remote_status_free);
}

void
atelier_service_client_send_async (AtelierServiceClient *self,
                                   AtelierHttpRequest   *req,
                                   AtelierAnswerFunc     answer,
                                   GDestroyNotify        free_result,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  GTask *task;

  g_return_if_fail (ATELIER_IS_SERVICE_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_service_client_send_async);
  atelier_service_client_send (self, req, answer, free_result, task);
}

gpointer
atelier_service_client_send_finish (AtelierServiceClient  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the provider interface ----------------------------------------------- */

/* Every request starts here: a tagged task carrying the job, and nothing
 * sent without the config it needs. Returns NULL when it already failed. */
static GTask *
start_task (AtelierProvider     *provider,
            AtelierJob          *job,
            gboolean             token,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data,
            gpointer             source_tag)
{
  g_autoptr(GTask) task = g_task_new (provider, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, source_tag);
  if (job != NULL)
    g_task_set_task_data (task, g_object_ref (job), g_object_unref);
  if (!check_config (CLIENT (provider), token, &error))
    {
      g_task_return_error (task, error);
      return NULL;
    }
  return g_steal_pointer (&task);
}

GTask *
atelier_service_client_start_task (AtelierServiceClient *self,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data,
                                   gpointer              source_tag)
{
  g_return_val_if_fail (ATELIER_IS_SERVICE_CLIENT (self), NULL);
  return start_task (ATELIER_PROVIDER (self), NULL, TRUE, cancellable, callback, user_data,
                     source_tag);
}

/* An id from the history (an older version took ".." as it came): never
 * put into a path unless usable. Completes @task (taking it) when not. */
static gboolean
check_stored_id (AtelierServiceClient *self,
                 const char           *id,
                 GTask                *task)
{
  g_autofree char *shown = NULL;

  if (atelier_service_client_id_is_usable (id))
    return TRUE;
  shown = quote (id ? id : "");
  g_task_return_new_error (task, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_PROTOCOL,
                           _("%s gave this job an id Atelier cannot use (“%s”): it cannot be "
                             "asked about it."), atelier_service_client_get_name (self), shown);
  g_object_unref (task);
  return FALSE;
}

/* Completes @task (taking it) at once: there is nothing to ask the service. */
static void
return_now (GTask          *task,
            gpointer        value,
            GDestroyNotify  free_value)
{
  g_task_return_pointer (task, value, free_value);
  g_object_unref (task);
}

static void
report_unsupported (AtelierProvider     *provider,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data,
                    gpointer             source_tag,
                    const char          *message)
{
  g_task_report_new_error (provider, callback, user_data, source_tag,
                           ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_UNSUPPORTED,
                           message, atelier_service_client_get_name (CLIENT (provider)));
}

static const char *
client_get_id (AtelierProvider *provider)
{
  return atelier_service_client_get_instance (CLIENT (provider))
         ? atelier_service_client_get_config (CLIENT (provider))->id
         : CLIENT_CLASS (provider)->id;
}

static const char *
client_get_display_name (AtelierProvider *provider)
{
  return atelier_service_client_get_name (CLIENT (provider));
}

static const AtelierParamTable *
client_get_params (AtelierProvider *provider)
{
  return atelier_service_client_get_params (CLIENT (provider));
}

const AtelierParamTable *
atelier_service_client_get_params (AtelierServiceClient *self)
{
  AtelierServiceClientPrivate *priv = atelier_service_client_get_instance_private (self);

  g_return_val_if_fail (ATELIER_IS_SERVICE_CLIENT (self), NULL);
  return priv->own_specs != NULL ? &priv->own_table : CLIENT_CLASS (self)->params;
}

gboolean
atelier_service_client_set_choices (AtelierServiceClient  *self,
                                    const char            *name,
                                    char                 **choices)
{
  AtelierServiceClientPrivate *priv = atelier_service_client_get_instance_private (self);
  const AtelierParamTable *params = CLIENT_CLASS (self)->params;

  g_return_val_if_fail (ATELIER_IS_SERVICE_CLIENT (self), FALSE);

  if (priv->own_specs == NULL)
    {
      priv->own_specs = g_memdup2 (params->specs, params->n_specs * sizeof *params->specs);
      priv->own_table.specs = priv->own_specs;
      priv->own_table.n_specs = params->n_specs;
      priv->choice_lists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
    }
  for (guint i = 0; i < priv->own_table.n_specs; i++)
    if (g_strcmp0 (priv->own_specs[i].name, name) == 0)
      {
        g_ptr_array_add (priv->choice_lists, choices);
        priv->own_specs[i].choices = (const char * const *) choices;
        return TRUE;
      }
  g_strfreev (choices);
  return FALSE;
}

static AtelierJobKind
client_get_kind (AtelierProvider *provider,
                 GHashTable      *params)
{
  AtelierServiceClientClass *klass = CLIENT_CLASS (provider);

  return klass->get_kind ? klass->get_kind (CLIENT (provider), params) : klass->kind;
}

static gboolean
client_validate (AtelierProvider  *provider,
                 GHashTable       *params,
                 GError          **error)
{
  AtelierServiceClientClass *klass = CLIENT_CLASS (provider);

  return klass->validate ? klass->validate (CLIENT (provider), params, error) : TRUE;
}

/* ---- renewing the token --------------------------------------------------- */

/* The requests that carry the token: of a job (submit, poll), or not
 * (balance, connection test). */
typedef void (*JobRequest) (AtelierProvider     *provider,
                            AtelierJob          *job,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);
typedef void (*Request)    (AtelierProvider     *provider,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data);

/* A request of a client with renew_token: it waits for a fresh token, and a
 * 401 (nothing was accepted) renews it and sends the request once more. */
typedef struct
{
  gpointer        run;         /* a JobRequest with a job, else a Request */
  GDestroyNotify  free_value;  /* NULL: the request finishes with TRUE */
  AtelierJob     *job;
  char           *token;       /* the one the last attempt carried */
  GError         *refusal;     /* the 401, while the token is renewed */
  gboolean        again;       /* already sent again after a renewal */
} Call;

static void
call_free (Call *call)
{
  g_clear_object (&call->job);
  g_free (call->token);
  g_clear_error (&call->refusal);
  g_free (call);
}

static void call_step (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data);

/* Takes @task: the request run (again), with the token as it is now. */
static void
run_call (GTask *task)
{
  AtelierProvider *provider = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_clear_error (&call->refusal);
  g_free (call->token);
  call->token = g_strdup (atelier_service_client_get_config (CLIENT (provider))->token);
  if (call->job != NULL)
    ((JobRequest) call->run) (provider, call->job, cancellable, call_step, task);
  else
    ((Request) call->run) (provider, cancellable, call_step, task);
}

/* Takes @task: the token made fresh (or renewed after call->refusal); the
 * renewal comes back to call_step. */
static void
renew (AtelierServiceClient *self,
       GTask                *task)
{
  Call *call = g_task_get_task_data (task);
  GTask *renewal = g_task_new (self, g_task_get_cancellable (task), call_step, task);

  g_task_set_source_tag (renewal, renew);
  CLIENT_CLASS (self)->renew_token (self, call->refusal != NULL ? call->token : NULL, renewal);
}

/* Each step of a call: once the token is renewed (@result tagged renew),
 * the request runs; its answer is the call's, but for a 401, which renews
 * the token and runs the request once more. */
static void
call_step (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  GError *error = NULL;
  gpointer value = NULL;
  gboolean ok;

  if (g_async_result_is_tagged (result, renew))
    {
      ok = g_task_propagate_boolean (G_TASK (result), &error);
      if (error != NULL)
        g_task_return_error (task, error);
      else if (!ok && call->refusal != NULL)
        /* Nothing new to send it with: the service's answer stands. */
        g_task_return_error (task, g_steal_pointer (&call->refusal));
      else
        run_call (g_steal_pointer (&task));
      return;
    }

  if (call->free_value == NULL)
    ok = g_task_propagate_boolean (G_TASK (result), &error);
  else
    ok = (value = g_task_propagate_pointer (G_TASK (result), &error)) != NULL;

  if (!ok && !call->again &&
      g_error_matches (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NEEDS_SIGN_IN))
    {
      g_debug ("%s refused the token: renewing it, then sending again once",
               atelier_service_client_get_name (CLIENT (object)));
      call->again = TRUE;
      call->refusal = error;
      renew (CLIENT (object), g_steal_pointer (&task));
      return;
    }
  if (!ok)
    g_task_return_error (task, error);
  else if (call->free_value == NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_pointer (task, value, call->free_value);
}

/* For a client with renew_token: TRUE when @run (a request of the provider
 * interface, called as it was: a JobRequest with @job, else a Request) was
 * taken over, to run again once the token is fresh, with call_step as its
 * callback. */
static gboolean
renew_first (AtelierProvider     *provider,
             gpointer             run,
             GDestroyNotify       free_value,
             AtelierJob          *job,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task;
  Call *call;

  if (CLIENT_CLASS (provider)->renew_token == NULL || callback == call_step)
    return FALSE;
  task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (task, run);
  call = g_new0 (Call, 1);
  call->run = run;
  call->free_value = free_value;
  call->job = job != NULL ? g_object_ref (job) : NULL;
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  renew (CLIENT (provider), task);
  return TRUE;
}

static void
client_submit_async (AtelierProvider     *provider,
                     AtelierJob          *job,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task;

  if (renew_first (provider, client_submit_async, (GDestroyNotify) atelier_remote_status_free, job,
                   cancellable, callback, user_data))
    return;
  task = start_task (provider, job, TRUE, cancellable, callback, user_data, client_submit_async);
  if (task != NULL)
    CLIENT_CLASS (provider)->submit (CLIENT (provider), job, task);
}

static void
client_poll_async (AtelierProvider     *provider,
                   AtelierJob          *job,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(AtelierHttpRequest) req = NULL;
  GTask *task;

  if (renew_first (provider, client_poll_async, (GDestroyNotify) atelier_remote_status_free, job,
                   cancellable, callback, user_data))
    return;
  if (CLIENT_CLASS (provider)->status_path == NULL)
    {
      /* The answer to the submission was the result. */
      report_unsupported (provider, callback, user_data, client_poll_async, "%s cannot be polled");
      return;
    }
  if ((task = start_task (provider, job, TRUE, cancellable, callback, user_data,
                          client_poll_async)) == NULL)
    return;
  if (!check_stored_id (CLIENT (provider), atelier_job_get_remote_id (job), task))
    return;

  req = atelier_service_client_status_request (CLIENT (provider), atelier_job_get_remote_id (job));
  send_pending (CLIENT (provider), req, task, READ_POLLED, NULL,
                (GDestroyNotify) atelier_remote_status_free);
}

static void
client_fetch_request_async (AtelierProvider     *provider,
                            AtelierJob          *job,
                            const char          *ref,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  AtelierServiceClientClass *klass = CLIENT_CLASS (provider);
  gboolean link = klass->fetch_request == NULL || atelier_is_http_url (ref);
  GTask *task = start_task (provider, job, !link, cancellable, callback, user_data,
                            client_fetch_request_async);

  if (task == NULL)
    return;
  if (!link && !check_stored_id (CLIENT (provider), ref, task))
    return;
  if (!link)
    klass->fetch_request (CLIENT (provider), job, ref, task);
  else
    /* No token: a plain result URL is a CDN or presigned link. */
    return_now (task, atelier_http_request_new ("GET", ref),
                (GDestroyNotify) atelier_http_request_unref);
}

static void
client_cancel_async (AtelierProvider     *provider,
                     AtelierJob          *job,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  AtelierServiceClientClass *klass = CLIENT_CLASS (provider);
  g_autoptr(AtelierHttpRequest) req = NULL;
  GTask *task = start_task (provider, job, FALSE, cancellable, callback, user_data,
                            client_cancel_async);

  if (task == NULL)
    return;
  /* Best effort: the job is cancelled locally whatever the service says. */
  if (klass->cancel_suffix == NULL ||
      !atelier_service_client_id_is_usable (atelier_job_get_remote_id (job)) ||
      !check_config (CLIENT (provider), TRUE, NULL))
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  req = atelier_service_client_request_id (CLIENT (provider), "POST", klass->status_path,
                                           atelier_job_get_remote_id (job), klass->cancel_suffix);
  atelier_http_request_set_retry (req, ATELIER_RETRY_NEVER);
  atelier_service_client_send (CLIENT (provider), req, NULL, NULL, task);
}

static guint
client_get_poll_interval (AtelierProvider *provider,
                          gboolean         first)
{
  AtelierServiceClientClass *klass = CLIENT_CLASS (provider);

  /* ATELIER_POLL_MS (scripts, tests) tunes the engine: defer to it. */
  if (g_getenv ("ATELIER_POLL_MS") != NULL)
    return 0;
  return first ? klass->poll_first_ms : klass->poll_max_ms;
}

static const char *
client_get_help_url (AtelierProvider *provider,
                     const char      *kind)
{
  if (g_strcmp0 (kind, ATELIER_ERROR_KIND_NO_CREDITS) == 0)
    return CLIENT_CLASS (provider)->pricing_url;
  return NULL;
}

static void
client_list_choices_async (AtelierProvider     *provider,
                           const char          *param,
                           gboolean             refresh,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  AtelierServiceClientClass *klass = CLIENT_CLASS (provider);
  const AtelierParamSpec *spec = atelier_param_table_lookup (client_get_params (provider), param);
  gboolean listed = klass->list_choices != NULL && spec != NULL &&
                    (spec->flags & ATELIER_PARAM_FLAG_SERVICE_CHOICES) != 0;
  GTask *task = start_task (provider, NULL, listed, cancellable, callback, user_data,
                            client_list_choices_async);

  if (task == NULL)
    return;
  if (listed)
    klass->list_choices (CLIENT (provider), param, refresh, task);
  else
    return_now (task, atelier_provider_get_table_choices (provider, param),
                (GDestroyNotify) g_ptr_array_unref);
}

static AtelierParamChoice *
client_get_choice (AtelierProvider *provider,
                   const char      *param,
                   const char      *value)
{
  AtelierServiceClientClass *klass = CLIENT_CLASS (provider);

  return klass->get_choice ? klass->get_choice (CLIENT (provider), param, value) : NULL;
}

static gboolean
client_has_balance (AtelierProvider *provider)
{
  return CLIENT_CLASS (provider)->balance_path != NULL;
}

static gpointer
read_balance (AtelierServiceClient  *self,
              JsonNode              *root,
              GError               **error)
{
  return CLIENT_CLASS (self)->parse_balance (self, root, error);
}

static void
client_get_balance_async (AtelierProvider     *provider,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  const char *path = CLIENT_CLASS (provider)->balance_path;
  g_autoptr(AtelierHttpRequest) req = NULL;
  GTask *task;

  if (renew_first (provider, client_get_balance_async, (GDestroyNotify) atelier_balance_free, NULL,
                   cancellable, callback, user_data))
    return;
  if (path == NULL)
    {
      report_unsupported (provider, callback, user_data, client_get_balance_async,
                          _("%s does not report a balance."));
      return;
    }
  if ((task = start_task (provider, NULL, TRUE, cancellable, callback, user_data,
                          client_get_balance_async)) == NULL)
    return;
  req = atelier_service_client_request (CLIENT (provider), "GET", path);
  atelier_http_request_set_retry (req, ATELIER_RETRY_IDEMPOTENT);
  atelier_service_client_send (CLIENT (provider), req, read_balance,
                               (GDestroyNotify) atelier_balance_free, task);
}

static void
client_test_connection_async (AtelierProvider     *provider,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(AtelierHttpRequest) req = NULL;
  GTask *task;

  if (renew_first (provider, client_test_connection_async, NULL, NULL, cancellable, callback,
                   user_data))
    return;
  /* Without a token the address can still be tested. */
  if ((task = start_task (provider, NULL, FALSE, cancellable, callback, user_data,
                          client_test_connection_async)) == NULL)
    return;
  req = atelier_service_client_request (CLIENT (provider), "GET",
                                        CLIENT_CLASS (provider)->test_path != NULL
                                        ? CLIENT_CLASS (provider)->test_path : "");
  atelier_http_request_set_retry (req, ATELIER_RETRY_NEVER);
  atelier_service_client_send (CLIENT (provider), req, NULL, NULL, task);
}

static void
provider_iface_init (AtelierProviderInterface *iface)
{
  iface->get_id = client_get_id;
  iface->get_display_name = client_get_display_name;
  iface->get_params = client_get_params;
  iface->get_kind = client_get_kind;
  iface->validate = client_validate;
  iface->submit_async = client_submit_async;
  iface->poll_async = client_poll_async;
  iface->fetch_request_async = client_fetch_request_async;
  iface->cancel_async = client_cancel_async;
  iface->get_poll_interval = client_get_poll_interval;
  iface->get_help_url = client_get_help_url;
  iface->list_choices_async = client_list_choices_async;
  iface->get_choice = client_get_choice;
  iface->has_balance = client_has_balance;
  iface->get_balance_async = client_get_balance_async;
  iface->test_connection_async = client_test_connection_async;
}

/* ---- object ------------------------------------------------------------- */

/* The default submit: the client's request, made (in a worker thread when
 * it reads files), then sent as the submission. */
static void
make_submission (GTask        *build,
                 gpointer      source_object,
                 gpointer      params,
                 GCancellable *cancellable)
{
  AtelierServiceClient *self = source_object;
  GError *error = NULL;
  AtelierHttpRequest *req = CLIENT_CLASS (self)->submission (self, params, &error);

  if (req == NULL)
    g_task_return_error (build, error);
  else
    g_task_return_pointer (build, req, (GDestroyNotify) atelier_http_request_unref);
}

static void
submission_made_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = G_TASK (user_data);
  g_autoptr(AtelierHttpRequest) req = NULL;
  GError *error = NULL;

  if ((req = g_task_propagate_pointer (G_TASK (result), &error)) == NULL)
    g_task_return_error (task, error);
  else
    atelier_service_client_submit (CLIENT (object), req, g_steal_pointer (&task));
}

static void
atelier_service_client_real_submit (AtelierServiceClient *self,
                                    AtelierJob           *job,
                                    GTask                *task)
{
  g_autoptr(GTask) build = g_task_new (self, g_task_get_cancellable (task), submission_made_cb,
                                       task);
  /* A copy: the thread must not share the job's table. */
  g_autoptr(GHashTable) params = atelier_params_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, atelier_job_get_params (job));
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (params, g_strdup (key), g_strdup (value));

  g_task_set_source_tag (build, atelier_service_client_real_submit);
  g_task_set_task_data (build, g_steal_pointer (&params), (GDestroyNotify) g_hash_table_unref);
  if (CLIENT_CLASS (self)->slow_submission)
    g_task_run_in_thread (build, make_submission);
  else
    make_submission (build, self, g_task_get_task_data (build), NULL);
}

static void
atelier_service_client_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  AtelierServiceClientPrivate *priv = atelier_service_client_get_instance_private (CLIENT (object));
  const AtelierServiceConfig *config;

  switch (prop_id)
    {
    case PROP_HTTP:
      priv->http = g_value_dup_object (value);
      break;
    case PROP_CONFIG:
      if ((config = g_value_get_pointer (value)) != NULL)
        priv->config = atelier_service_config_copy (config);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_service_client_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  AtelierServiceClientPrivate *priv = atelier_service_client_get_instance_private (CLIENT (object));

  switch (prop_id)
    {
    case PROP_HTTP:
      g_value_set_object (value, priv->http);
      break;
    case PROP_CONFIG:
      g_value_set_pointer (value, priv->config);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_service_client_constructed (GObject *object)
{
  AtelierServiceClientPrivate *priv = atelier_service_client_get_instance_private (CLIENT (object));
  AtelierServiceClientClass *klass = CLIENT_CLASS (object);

  G_OBJECT_CLASS (atelier_service_client_parent_class)->constructed (object);

  /* What every client must say about its service. */
  g_assert (klass->id != NULL && klass->display_name != NULL && klass->parse_status != NULL);
  g_assert (klass->submit != atelier_service_client_real_submit || klass->submission != NULL);
  g_assert (klass->balance_path == NULL || klass->parse_balance != NULL);

  if (priv->http == NULL)
    priv->http = atelier_http_new ();
  if (priv->config == NULL)
    priv->config = atelier_service_config_new (klass->id, NULL, NULL);
}

static void
atelier_service_client_finalize (GObject *object)
{
  AtelierServiceClientPrivate *priv = atelier_service_client_get_instance_private (CLIENT (object));

  g_clear_object (&priv->http);
  g_clear_pointer (&priv->config, atelier_service_config_free);
  g_clear_pointer (&priv->choice_lists, g_ptr_array_unref);
  g_clear_pointer (&priv->own_specs, g_free);

  G_OBJECT_CLASS (atelier_service_client_parent_class)->finalize (object);
}

static void
atelier_service_client_class_init (AtelierServiceClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->set_property = atelier_service_client_set_property;
  object_class->get_property = atelier_service_client_get_property;
  object_class->constructed = atelier_service_client_constructed;
  object_class->finalize = atelier_service_client_finalize;

  klass->submit = atelier_service_client_real_submit;

  properties[PROP_HTTP] =
    g_param_spec_object ("http", NULL, NULL, ATELIER_TYPE_HTTP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* An AtelierServiceConfig, copied: it is a plain struct without a GType. */
  properties[PROP_CONFIG] =
    g_param_spec_pointer ("config", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atelier_service_client_init (AtelierServiceClient *self)
{
}
