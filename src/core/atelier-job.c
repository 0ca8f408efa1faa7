/* atelier-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-job"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-error.h"
#include "atelier-job.h"
#include "atelier-secrets.h"
#include "atelier-util.h"

/* Up to 3 partial images (OpenAI's most) for each output. */
#define MAX_PREVIEWS (3 * ATELIER_MAX_OUTPUTS)

struct _AtelierJob
{
  GObject           parent_instance;

  char             *id;
  char             *provider;
  AtelierJobKind    kind;
  AtelierJobStatus  status;
  double            progress;
  char             *remote_id;
  char             *error_message;
  char             *error_kind;
  char             *help_url;
  char             *parent_id;
  char             *batch_id;
  gboolean          retry_safe;
  gboolean          starred;
  gint64            created;
  gint64            updated;
  gint64            finished;
  GPtrArray        *outputs;         /* NULL-terminated char* */
  GPtrArray        *pending_outputs; /* NULL-terminated char* */
  GPtrArray        *starred_outputs; /* NULL-terminated char*, each one of outputs */
  GPtrArray        *previews;        /* NULL-terminated char*: images streamed before the result */
  GHashTable       *params;
  GHashTable       *results;         /* what the service made besides files, e.g. a design URI */
  AtelierCost      *cost;            /* NULL: unknown */
};

G_DEFINE_FINAL_TYPE (AtelierJob, atelier_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PROVIDER,
  PROP_KIND,
  PROP_STATUS,
  PROP_PROGRESS,
  PROP_REMOTE_ID,
  PROP_PROMPT,
  PROP_ERROR_MESSAGE,
  PROP_ERROR_KIND,
  PROP_HELP_URL,
  PROP_PARENT_ID,
  PROP_BATCH_ID,
  PROP_RETRY_SAFE,
  PROP_STARRED,
  PROP_CREATED,
  PROP_UPDATED,
  PROP_FINISHED,
  PROP_OUTPUTS,
  PROP_PENDING_OUTPUTS,
  PROP_STARRED_OUTPUTS,
  PROP_RESULTS,
  PROP_COST,
  PROP_PREVIEWS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *status_names[] = {
  "queued", "submitting", "running", "downloading", "done", "failed", "cancelled",
};

GType
atelier_job_kind_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { ATELIER_JOB_KIND_IMAGE, "ATELIER_JOB_KIND_IMAGE", "image" },
        { ATELIER_JOB_KIND_MODEL, "ATELIER_JOB_KIND_MODEL", "model" },
        { 0, NULL, NULL },
      };
      g_once_init_leave (&type_id, g_enum_register_static ("AtelierJobKind", values));
    }

  return type_id;
}

GType
atelier_job_status_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { ATELIER_JOB_STATUS_QUEUED, "ATELIER_JOB_STATUS_QUEUED", "queued" },
        { ATELIER_JOB_STATUS_SUBMITTING, "ATELIER_JOB_STATUS_SUBMITTING", "submitting" },
        { ATELIER_JOB_STATUS_RUNNING, "ATELIER_JOB_STATUS_RUNNING", "running" },
        { ATELIER_JOB_STATUS_DOWNLOADING, "ATELIER_JOB_STATUS_DOWNLOADING", "downloading" },
        { ATELIER_JOB_STATUS_DONE, "ATELIER_JOB_STATUS_DONE", "done" },
        { ATELIER_JOB_STATUS_FAILED, "ATELIER_JOB_STATUS_FAILED", "failed" },
        { ATELIER_JOB_STATUS_CANCELLED, "ATELIER_JOB_STATUS_CANCELLED", "cancelled" },
        { 0, NULL, NULL },
      };
      g_once_init_leave (&type_id, g_enum_register_static ("AtelierJobStatus", values));
    }

  return type_id;
}

const char *
atelier_job_status_to_string (AtelierJobStatus status)
{
  if ((guint) status < G_N_ELEMENTS (status_names))
    return status_names[status];
  return "unknown";
}

gboolean
atelier_job_status_from_string (const char       *str,
                                AtelierJobStatus *status)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (status_names); i++)
    {
      if (g_str_equal (str, status_names[i]))
        {
          *status = i;
          return TRUE;
        }
    }
  return FALSE;
}

const char *
atelier_job_status_get_label (AtelierJobStatus status)
{
  switch (status)
    {
    case ATELIER_JOB_STATUS_QUEUED: return _("Queued");
    case ATELIER_JOB_STATUS_SUBMITTING: return _("Submitting");
    case ATELIER_JOB_STATUS_RUNNING: return _("Running");
    case ATELIER_JOB_STATUS_DOWNLOADING: return _("Downloading");
    case ATELIER_JOB_STATUS_DONE: return _("Done");
    case ATELIER_JOB_STATUS_FAILED: return _("Failed");
    case ATELIER_JOB_STATUS_CANCELLED: return _("Cancelled");
    default: return _("Unknown");
    }
}

const char *
atelier_job_kind_to_string (AtelierJobKind kind)
{
  return kind == ATELIER_JOB_KIND_MODEL ? "model" : "image";
}

static GPtrArray *
strv_array_new (void)
{
  GPtrArray *ar = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (ar, NULL);
  return ar;
}

static void
strv_array_append (GPtrArray  *ar,
                   const char *str)
{
  /* Keep the trailing NULL so ->pdata is always a valid strv. */
  ar->pdata[ar->len - 1] = g_strdup (str);
  g_ptr_array_add (ar, NULL);
}

static gboolean
strv_array_equal (GPtrArray          *ar,
                  const char * const *strv)
{
  return g_strv_equal ((const char * const *) ar->pdata, strv ? strv : (const char *[]) { NULL });
}

static void
strv_array_set (GPtrArray          *ar,
                const char * const *strv)
{
  g_ptr_array_set_size (ar, 0);
  g_ptr_array_add (ar, NULL);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    strv_array_append (ar, strv[i]);
}

static void
touch (AtelierJob *self)
{
  self->updated = g_get_real_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
}

static void
atelier_job_finalize (GObject *object)
{
  AtelierJob *self = (AtelierJob *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->provider, g_free);
  g_clear_pointer (&self->remote_id, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->error_kind, g_free);
  g_clear_pointer (&self->help_url, g_free);
  g_clear_pointer (&self->parent_id, g_free);
  g_clear_pointer (&self->batch_id, g_free);
  g_clear_pointer (&self->results, g_hash_table_unref);
  g_clear_pointer (&self->outputs, g_ptr_array_unref);
  g_clear_pointer (&self->pending_outputs, g_ptr_array_unref);
  g_clear_pointer (&self->starred_outputs, g_ptr_array_unref);
  g_clear_pointer (&self->previews, g_ptr_array_unref);
  g_clear_pointer (&self->params, g_hash_table_unref);
  g_clear_pointer (&self->cost, atelier_cost_free);

  G_OBJECT_CLASS (atelier_job_parent_class)->finalize (object);
}

static void
atelier_job_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  AtelierJob *self = ATELIER_JOB (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_PROVIDER: g_value_set_string (value, self->provider); break;
    case PROP_KIND: g_value_set_enum (value, self->kind); break;
    case PROP_STATUS: g_value_set_enum (value, self->status); break;
    case PROP_PROGRESS: g_value_set_double (value, self->progress); break;
    case PROP_REMOTE_ID: g_value_set_string (value, self->remote_id); break;
    case PROP_PROMPT: g_value_set_string (value, atelier_job_get_prompt (self)); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, self->error_message); break;
    case PROP_ERROR_KIND: g_value_set_string (value, self->error_kind); break;
    case PROP_HELP_URL: g_value_set_string (value, self->help_url); break;
    case PROP_PARENT_ID: g_value_set_string (value, self->parent_id); break;
    case PROP_BATCH_ID: g_value_set_string (value, self->batch_id); break;
    case PROP_RETRY_SAFE: g_value_set_boolean (value, self->retry_safe); break;
    case PROP_STARRED: g_value_set_boolean (value, self->starred); break;
    case PROP_CREATED: g_value_set_int64 (value, self->created); break;
    case PROP_UPDATED: g_value_set_int64 (value, self->updated); break;
    case PROP_FINISHED: g_value_set_int64 (value, self->finished); break;
    case PROP_OUTPUTS: g_value_set_boxed (value, self->outputs->pdata); break;
    case PROP_PENDING_OUTPUTS: g_value_set_boxed (value, self->pending_outputs->pdata); break;
    case PROP_STARRED_OUTPUTS: g_value_set_boxed (value, self->starred_outputs->pdata); break;
    case PROP_RESULTS: g_value_set_boxed (value, self->results); break;
    case PROP_COST: g_value_set_boxed (value, self->cost); break;
    case PROP_PREVIEWS: g_value_set_boxed (value, self->previews->pdata); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_job_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  AtelierJob *self = ATELIER_JOB (object);

  switch (prop_id)
    {
    case PROP_STATUS: atelier_job_set_status (self, g_value_get_enum (value)); break;
    case PROP_PROGRESS: atelier_job_set_progress (self, g_value_get_double (value)); break;
    case PROP_STARRED: atelier_job_set_starred (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_job_class_init (AtelierJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = atelier_job_finalize;
  object_class->get_property = atelier_job_get_property;
  object_class->set_property = atelier_job_set_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, ro);
  properties[PROP_PROVIDER] = g_param_spec_string ("provider", NULL, NULL, NULL, ro);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, ATELIER_TYPE_JOB_KIND,
                                             ATELIER_JOB_KIND_IMAGE, ro);
  properties[PROP_STATUS] = g_param_spec_enum ("status", NULL, NULL, ATELIER_TYPE_JOB_STATUS,
                                               ATELIER_JOB_STATUS_QUEUED, rw);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, -1, 1, -1, rw);
  properties[PROP_REMOTE_ID] = g_param_spec_string ("remote-id", NULL, NULL, NULL, ro);
  properties[PROP_PROMPT] = g_param_spec_string ("prompt", NULL, NULL, NULL, ro);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  properties[PROP_ERROR_KIND] = g_param_spec_string ("error-kind", NULL, NULL, NULL, ro);
  properties[PROP_HELP_URL] = g_param_spec_string ("help-url", NULL, NULL, NULL, ro);
  properties[PROP_PARENT_ID] = g_param_spec_string ("parent-id", NULL, NULL, NULL, ro);
  properties[PROP_BATCH_ID] = g_param_spec_string ("batch-id", NULL, NULL, NULL, ro);
  properties[PROP_RETRY_SAFE] = g_param_spec_boolean ("retry-safe", NULL, NULL, FALSE, ro);
  properties[PROP_STARRED] = g_param_spec_boolean ("starred", NULL, NULL, FALSE, rw);
  properties[PROP_CREATED] = g_param_spec_int64 ("created", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_UPDATED] = g_param_spec_int64 ("updated", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_FINISHED] = g_param_spec_int64 ("finished", NULL, NULL, 0, G_MAXINT64, 0, ro);
  properties[PROP_OUTPUTS] = g_param_spec_boxed ("outputs", NULL, NULL, G_TYPE_STRV, ro);
  properties[PROP_PENDING_OUTPUTS] = g_param_spec_boxed ("pending-outputs", NULL, NULL,
                                                         G_TYPE_STRV, ro);
  properties[PROP_STARRED_OUTPUTS] = g_param_spec_boxed ("starred-outputs", NULL, NULL,
                                                         G_TYPE_STRV, ro);
  properties[PROP_RESULTS] = g_param_spec_boxed ("results", NULL, NULL, G_TYPE_HASH_TABLE, ro);
  properties[PROP_COST] = g_param_spec_boxed ("cost", NULL, NULL, ATELIER_TYPE_COST, ro);
  properties[PROP_PREVIEWS] = g_param_spec_boxed ("previews", NULL, NULL, G_TYPE_STRV, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
atelier_job_init (AtelierJob *self)
{
  self->progress = -1;
  self->outputs = strv_array_new ();
  self->pending_outputs = strv_array_new ();
  self->starred_outputs = strv_array_new ();
  self->previews = strv_array_new ();
  self->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

AtelierJob *
atelier_job_new (const char     *provider,
                 AtelierJobKind  kind,
                 GHashTable     *params)
{
  AtelierJob *self;
  GHashTableIter iter;
  gpointer k, v;

  g_return_val_if_fail (provider != NULL, NULL);

  self = g_object_new (ATELIER_TYPE_JOB, NULL);
  self->id = g_uuid_string_random ();
  self->provider = g_strdup (provider);
  self->kind = kind;
  self->created = self->updated = g_get_real_time ();

  if (params != NULL)
    {
      g_hash_table_iter_init (&iter, params);
      while (g_hash_table_iter_next (&iter, &k, &v))
        g_hash_table_insert (self->params, g_strdup (k), g_strdup (v));
    }

  return self;
}

const char *
atelier_job_get_id (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->id;
}

const char *
atelier_job_get_provider (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->provider;
}

AtelierJobKind
atelier_job_get_kind (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), ATELIER_JOB_KIND_IMAGE);
  return self->kind;
}

AtelierJobStatus
atelier_job_get_status (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), ATELIER_JOB_STATUS_FAILED);
  return self->status;
}

gboolean
atelier_job_is_finished (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), TRUE);
  return self->status == ATELIER_JOB_STATUS_DONE ||
         self->status == ATELIER_JOB_STATUS_FAILED ||
         self->status == ATELIER_JOB_STATUS_CANCELLED;
}

void
atelier_job_set_status (AtelierJob       *self,
                        AtelierJobStatus  status)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  if (self->status == status)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  self->status = status;
  if (atelier_job_is_finished (self))
    {
      self->finished = g_get_real_time ();
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
      if (status == ATELIER_JOB_STATUS_DONE && self->progress != 1.0)
        {
          self->progress = 1.0;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
        }
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
  touch (self);
  g_object_thaw_notify (G_OBJECT (self));
}

double
atelier_job_get_progress (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), -1);
  return self->progress;
}

void
atelier_job_set_progress (AtelierJob *self,
                          double      progress)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  if (progress >= 0)
    progress = CLAMP (progress, 0.0, 1.0);
  else
    progress = -1;

  if (self->progress == progress)
    return;

  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

const char *
atelier_job_get_remote_id (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->remote_id;
}

void
atelier_job_set_remote_id (AtelierJob *self,
                           const char *remote_id)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  if (atelier_set_str (&self->remote_id, remote_id))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_ID]);
      touch (self);
    }
}

const char *
atelier_job_get_prompt (AtelierJob *self)
{
  const char *prompt;

  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);

  /* Style DNA calls its prompt "visualPrompt". */
  if ((prompt = g_hash_table_lookup (self->params, "prompt")))
    return prompt;
  if ((prompt = g_hash_table_lookup (self->params, "visualPrompt")))
    return prompt;
  return "";
}

const char *
atelier_job_get_error_message (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->error_message;
}

gboolean
atelier_job_get_retry_safe (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), FALSE);
  return self->retry_safe;
}

void
atelier_job_fail (AtelierJob *self,
                  const char *message,
                  gboolean    retry_safe)
{
  atelier_job_fail_full (self, message, retry_safe, NULL, NULL);
}

static void
set_error_details (AtelierJob *self,
                   const char *message,
                   const char *kind,
                   const char *help_url)
{
  if (atelier_set_str (&self->error_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
  if (atelier_set_str (&self->error_kind, kind))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_KIND]);
  if (atelier_set_str (&self->help_url, help_url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELP_URL]);
}

void
atelier_job_fail_full (AtelierJob *self,
                       const char *message,
                       gboolean    retry_safe,
                       const char *kind,
                       const char *help_url)
{
  g_autofree char *shown = atelier_scrub_secrets (message);

  g_return_if_fail (ATELIER_IS_JOB (self));

  /* The last gate before the window, the terminal and history.db: a
   * service's words may echo the token, whoever passed them on. */
  g_object_freeze_notify (G_OBJECT (self));
  set_error_details (self, shown, kind, help_url);
  if (self->retry_safe != !!retry_safe)
    {
      self->retry_safe = !!retry_safe;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_SAFE]);
    }
  atelier_job_set_status (self, ATELIER_JOB_STATUS_FAILED);
  g_object_thaw_notify (G_OBJECT (self));
}

const char *
atelier_job_get_error_kind (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->error_kind;
}

const char *
atelier_job_get_help_url (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->help_url;
}

const char *
atelier_job_get_result (AtelierJob *self,
                        const char *name)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return g_hash_table_lookup (self->results, name);
}

void
atelier_job_set_result (AtelierJob *self,
                        const char *name,
                        const char *value)
{
  g_return_if_fail (ATELIER_IS_JOB (self));
  g_return_if_fail (name != NULL);

  if (g_strcmp0 (g_hash_table_lookup (self->results, name), value) == 0)
    return;
  if (value == NULL)
    g_hash_table_remove (self->results, name);
  else
    g_hash_table_insert (self->results, g_strdup (name), g_strdup (value));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULTS]);
}

GHashTable *
atelier_job_get_results (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->results;
}

const AtelierCost *
atelier_job_get_cost (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->cost;
}

void
atelier_job_set_cost (AtelierJob        *self,
                      const AtelierCost *cost)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  if (atelier_cost_equal (self->cost, cost))
    return;
  g_clear_pointer (&self->cost, atelier_cost_free);
  self->cost = atelier_cost_copy (cost);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COST]);
  touch (self);
}

const char *
atelier_job_get_parent_id (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->parent_id;
}

void
atelier_job_set_parent_id (AtelierJob *self,
                           const char *parent_id)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  if (atelier_set_str (&self->parent_id, parent_id))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARENT_ID]);
      touch (self);
    }
}

const char *
atelier_job_get_batch_id (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->batch_id;
}

void
atelier_job_set_batch_id (AtelierJob *self,
                          const char *batch_id)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  if (atelier_set_str (&self->batch_id, batch_id))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH_ID]);
      touch (self);
    }
}

gboolean
atelier_job_get_starred (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), FALSE);
  return self->starred;
}

void
atelier_job_set_starred (AtelierJob *self,
                         gboolean    starred)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  starred = !!starred;
  if (self->starred == starred)
    return;

  self->starred = starred;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARRED]);
  touch (self);
}

gint64
atelier_job_get_created (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), 0);
  return self->created;
}

gint64
atelier_job_get_updated (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), 0);
  return self->updated;
}

gint64
atelier_job_get_finished (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), 0);
  return self->finished;
}

const char * const *
atelier_job_get_outputs (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return (const char * const *) self->outputs->pdata;
}

void
atelier_job_add_output (AtelierJob *self,
                        const char *path)
{
  g_return_if_fail (ATELIER_IS_JOB (self));
  g_return_if_fail (path != NULL);

  strv_array_append (self->outputs, path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUTS]);
  touch (self);
}

static int
strv_array_find (GPtrArray  *ar,
                 const char *str)
{
  for (guint i = 0; i + 1 < ar->len; i++)
    if (g_strcmp0 (ar->pdata[i], str) == 0)
      return (int) i;
  return -1;
}

const char * const *
atelier_job_get_starred_outputs (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return (const char * const *) self->starred_outputs->pdata;
}

gboolean
atelier_job_get_output_starred (AtelierJob *self,
                                const char *path)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), FALSE);
  return path != NULL && strv_array_find (self->starred_outputs, path) >= 0;
}

void
atelier_job_set_output_starred (AtelierJob *self,
                                const char *path,
                                gboolean    starred)
{
  int index;

  g_return_if_fail (ATELIER_IS_JOB (self));
  g_return_if_fail (path != NULL);

  /* A star on a file the job did not make would outlive anything showing it. */
  if (starred && strv_array_find (self->outputs, path) < 0)
    return;
  index = strv_array_find (self->starred_outputs, path);
  if ((index >= 0) == !!starred)
    return;
  if (starred)
    strv_array_append (self->starred_outputs, path);
  else
    g_ptr_array_remove_index (self->starred_outputs, index);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARRED_OUTPUTS]);
  touch (self);
}

const char * const *
atelier_job_get_previews (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return (const char * const *) self->previews->pdata;
}

void
atelier_job_add_preview (AtelierJob *self,
                         const char *path)
{
  g_return_if_fail (ATELIER_IS_JOB (self));
  g_return_if_fail (path != NULL);

  strv_array_append (self->previews, path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEWS]);
  touch (self);
}

void
atelier_job_clear_previews (AtelierJob *self)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  if (self->previews->len <= 1)
    return;
  strv_array_set (self->previews, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEWS]);
  touch (self);
}

const char * const *
atelier_job_get_pending_outputs (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return (const char * const *) self->pending_outputs->pdata;
}

void
atelier_job_set_pending_outputs (AtelierJob         *self,
                                 const char * const *refs)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  if (strv_array_equal (self->pending_outputs, refs))
    return;

  strv_array_set (self->pending_outputs, refs);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_OUTPUTS]);
  touch (self);
}

void
atelier_job_remove_pending_output (AtelierJob *self,
                                   const char *ref)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  for (guint i = 0; i + 1 < self->pending_outputs->len; i++)
    {
      if (g_strcmp0 (self->pending_outputs->pdata[i], ref) == 0)
        {
          g_ptr_array_remove_index (self->pending_outputs, i);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_OUTPUTS]);
          touch (self);
          return;
        }
    }
}

GHashTable *
atelier_job_get_params (AtelierJob *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return self->params;
}

const char *
atelier_job_get_param (AtelierJob *self,
                       const char *name)
{
  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);
  return g_hash_table_lookup (self->params, name);
}

void
atelier_job_reset (AtelierJob *self)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  g_object_freeze_notify (G_OBJECT (self));
  atelier_job_set_remote_id (self, NULL);
  atelier_job_set_pending_outputs (self, NULL);
  /* A new submission streams its own. */
  atelier_job_clear_previews (self);
  set_error_details (self, NULL, NULL, NULL);
  self->finished = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
  atelier_job_set_progress (self, -1);
  atelier_job_set_status (self, ATELIER_JOB_STATUS_QUEUED);
  g_object_thaw_notify (G_OBJECT (self));
}

void
atelier_job_requeue (AtelierJob *self)
{
  g_return_if_fail (ATELIER_IS_JOB (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_error_details (self, NULL, NULL, NULL);
  self->finished = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED]);
  atelier_job_set_status (self, ATELIER_JOB_STATUS_QUEUED);
  g_object_thaw_notify (G_OBJECT (self));
}

static JsonNode *
strv_to_json (const char * const *strv)
{
  g_autoptr(JsonArray) ar = json_array_new ();

  for (guint i = 0; strv[i]; i++)
    json_array_add_string_element (ar, strv[i]);
  /* The node takes its own reference: every history save leaked two
   * arrays before. */
  return json_node_init_array (json_node_alloc (), ar);
}

JsonNode *
atelier_job_to_json (AtelierJob *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GHashTableIter iter;
  gpointer k, v;

  g_return_val_if_fail (ATELIER_IS_JOB (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->id);
  json_builder_set_member_name (builder, "provider");
  json_builder_add_string_value (builder, self->provider);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, atelier_job_kind_to_string (self->kind));
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, atelier_job_status_to_string (self->status));
  json_builder_set_member_name (builder, "progress");
  json_builder_add_double_value (builder, self->progress);
  json_builder_set_member_name (builder, "prompt");
  json_builder_add_string_value (builder, atelier_job_get_prompt (self));
  if (self->remote_id)
    {
      json_builder_set_member_name (builder, "remote_id");
      json_builder_add_string_value (builder, self->remote_id);
    }
  if (self->error_message)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, self->error_message);
    }
  if (self->error_kind)
    {
      json_builder_set_member_name (builder, "error_kind");
      json_builder_add_string_value (builder, self->error_kind);
    }
  if (self->help_url)
    {
      json_builder_set_member_name (builder, "help_url");
      json_builder_add_string_value (builder, self->help_url);
    }
  if (self->parent_id)
    {
      json_builder_set_member_name (builder, "parent_id");
      json_builder_add_string_value (builder, self->parent_id);
    }
  if (self->batch_id)
    {
      json_builder_set_member_name (builder, "batch_id");
      json_builder_add_string_value (builder, self->batch_id);
    }
  json_builder_set_member_name (builder, "retry_safe");
  json_builder_add_boolean_value (builder, self->retry_safe);
  json_builder_set_member_name (builder, "starred");
  json_builder_add_boolean_value (builder, self->starred);
  json_builder_set_member_name (builder, "created");
  json_builder_add_int_value (builder, self->created);
  json_builder_set_member_name (builder, "updated");
  json_builder_add_int_value (builder, self->updated);
  json_builder_set_member_name (builder, "finished");
  json_builder_add_int_value (builder, self->finished);
  json_builder_set_member_name (builder, "outputs");
  json_builder_add_value (builder, strv_to_json (atelier_job_get_outputs (self)));
  json_builder_set_member_name (builder, "pending_outputs");
  json_builder_add_value (builder, strv_to_json (atelier_job_get_pending_outputs (self)));
  /* Only when there is one: older readers and most jobs need not see it. */
  if (self->starred_outputs->len > 1)
    {
      json_builder_set_member_name (builder, "starred_outputs");
      json_builder_add_value (builder, strv_to_json (atelier_job_get_starred_outputs (self)));
    }
  json_builder_set_member_name (builder, "previews");
  json_builder_add_value (builder, strv_to_json (atelier_job_get_previews (self)));
  json_builder_set_member_name (builder, "params");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, self->params);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      json_builder_set_member_name (builder, k);
      json_builder_add_string_value (builder, v);
    }
  json_builder_end_object (builder);
  if (g_hash_table_size (self->results) > 0)
    {
      g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (self->results),
                                           (GCompareFunc) g_strcmp0);

      json_builder_set_member_name (builder, "results");
      json_builder_begin_object (builder);
      for (GList *l = keys; l; l = l->next)
        {
          json_builder_set_member_name (builder, l->data);
          json_builder_add_string_value (builder, g_hash_table_lookup (self->results, l->data));
        }
      json_builder_end_object (builder);
    }
  if (self->cost != NULL)
    {
      json_builder_set_member_name (builder, "cost");
      json_builder_add_value (builder, atelier_cost_to_json (self->cost));
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static GStrv
json_to_strv (JsonObject *obj,
              const char *member,
              guint       max)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  JsonNode *node = json_object_get_member (obj, member);

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *ar = json_node_get_array (node);
      /* A damaged or forged record may list thousands: a job never had them. */
      for (guint i = 0; i < MIN (json_array_get_length (ar), max); i++)
        {
          JsonNode *el = json_array_get_element (ar, i);
          if (JSON_NODE_HOLDS_VALUE (el) && json_node_get_value_type (el) == G_TYPE_STRING)
            g_strv_builder_add (b, json_node_get_string (el));
        }
    }

  return g_strv_builder_end (b);
}

/* json-glib converts a double to an integer with a cast, which is
 * undefined beyond the range: a number read back is checked first. */
static double
get_double (JsonObject *obj,
            const char *member,
            double      fallback)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return (double) json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return json_node_get_double (node);
    default:
      return fallback;
    }
}

/* json-glib's _with_default getters complain (and may abort) on a member
 * of another type; a damaged record must only lose that member. */
static const char *
get_str (JsonObject *obj,
         const char *member,
         const char *fallback)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;
  return json_node_get_string (node);
}

static gboolean
get_bool (JsonObject *obj,
          const char *member,
          gboolean    fallback)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

static gint64
get_int (JsonObject *obj,
         const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);
  double value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  value = get_double (obj, member, 0);
  /* Times in µs since 1970 are far inside ±2⁵³. */
  return value >= -9.0e15 && value <= 9.0e15 ? (gint64) value : 0;
}

AtelierJob *
atelier_job_new_from_json (JsonNode  *node,
                           GError   **error)
{
  g_autoptr(AtelierJob) self = NULL;
  g_auto(GStrv) outputs = NULL;
  g_auto(GStrv) pending = NULL;
  g_auto(GStrv) starred = NULL;
  g_auto(GStrv) previews = NULL;
  JsonObject *obj;
  JsonNode *params;
  const char *id, *provider, *status;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, ATELIER_HISTORY_ERROR, ATELIER_HISTORY_ERROR_CORRUPT,
                           _("A job record is not a JSON object"));
      return NULL;
    }

  obj = json_node_get_object (node);
  id = get_str (obj, "id", NULL);
  provider = get_str (obj, "provider", NULL);
  if (id == NULL || provider == NULL)
    {
      g_set_error_literal (error, ATELIER_HISTORY_ERROR, ATELIER_HISTORY_ERROR_CORRUPT,
                           _("A job record has no id or provider"));
      return NULL;
    }

  self = g_object_new (ATELIER_TYPE_JOB, NULL);
  self->id = g_strdup (id);
  self->provider = g_strdup (provider);
  self->kind = g_strcmp0 (get_str (obj, "kind", "image"),
                          "model") == 0 ? ATELIER_JOB_KIND_MODEL : ATELIER_JOB_KIND_IMAGE;
  status = get_str (obj, "status", "queued");
  if (!atelier_job_status_from_string (status, &self->status))
    self->status = ATELIER_JOB_STATUS_FAILED;
  self->progress = get_double (obj, "progress", -1);
  if (!(self->progress >= 0 && self->progress <= 1))
    self->progress = -1;
  self->remote_id = g_strdup (get_str (obj, "remote_id", NULL));
  self->error_message = atelier_scrub_secrets (get_str (obj, "error", NULL));
  self->error_kind = g_strdup (get_str (obj, "error_kind", NULL));
  self->help_url = g_strdup (get_str (obj, "help_url", NULL));
  self->parent_id = g_strdup (get_str (obj, "parent_id", NULL));
  self->batch_id = g_strdup (get_str (obj, "batch_id", NULL));
  self->retry_safe = get_bool (obj, "retry_safe", FALSE);
  self->starred = get_bool (obj, "starred", FALSE);
  self->created = get_int (obj, "created");
  self->updated = get_int (obj, "updated");
  self->finished = get_int (obj, "finished");

  outputs = json_to_strv (obj, "outputs", ATELIER_MAX_OUTPUTS);
  strv_array_set (self->outputs, (const char * const *) outputs);
  pending = json_to_strv (obj, "pending_outputs", ATELIER_MAX_OUTPUTS);
  strv_array_set (self->pending_outputs, (const char * const *) pending);
  /* A damaged record's stray entries are dropped: only outputs are starred. */
  starred = json_to_strv (obj, "starred_outputs", ATELIER_MAX_OUTPUTS);
  for (guint i = 0; starred[i] != NULL; i++)
    if (strv_array_find (self->outputs, starred[i]) >= 0 &&
        strv_array_find (self->starred_outputs, starred[i]) < 0)
      strv_array_append (self->starred_outputs, starred[i]);
  previews = json_to_strv (obj, "previews", MAX_PREVIEWS);
  strv_array_set (self->previews, (const char * const *) previews);

  params = json_object_get_member (obj, "params");
  if (params != NULL && JSON_NODE_HOLDS_OBJECT (params))
    {
      JsonObject *p = json_node_get_object (params);
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, p);
      while (json_object_iter_next (&iter, &name, &value))
        {
          if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
            g_hash_table_insert (self->params, g_strdup (name),
                                 g_strdup (json_node_get_string (value)));
        }
    }

  params = json_object_get_member (obj, "results");
  if (params != NULL && JSON_NODE_HOLDS_OBJECT (params))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (params));
      while (json_object_iter_next (&iter, &name, &value))
        {
          if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
            g_hash_table_insert (self->results, g_strdup (name),
                                 g_strdup (json_node_get_string (value)));
        }
    }

  /* Older records have none: their cost stays unknown. */
  self->cost = atelier_cost_new_from_json (json_object_get_member (obj, "cost"));

  return g_steal_pointer (&self);
}

void
atelier_job_update_from (AtelierJob *self,
                         AtelierJob *other)
{
  g_return_if_fail (ATELIER_IS_JOB (self));
  g_return_if_fail (ATELIER_IS_JOB (other));
  g_return_if_fail (g_str_equal (self->id, other->id));

  g_object_freeze_notify (G_OBJECT (self));
  atelier_job_set_remote_id (self, other->remote_id);
  atelier_job_set_parent_id (self, other->parent_id);
  atelier_job_set_batch_id (self, other->batch_id);
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, other->results);
    while (g_hash_table_iter_next (&iter, &key, &value))
      atelier_job_set_result (self, key, value);
  }
  atelier_job_set_pending_outputs (self, atelier_job_get_pending_outputs (other));
  atelier_job_set_cost (self, other->cost);
  if (!strv_array_equal (self->previews, atelier_job_get_previews (other)))
    {
      strv_array_set (self->previews, atelier_job_get_previews (other));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEWS]);
    }
  if (!strv_array_equal (self->outputs, atelier_job_get_outputs (other)))
    {
      strv_array_set (self->outputs, atelier_job_get_outputs (other));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTPUTS]);
    }
  if (!strv_array_equal (self->starred_outputs, atelier_job_get_starred_outputs (other)))
    {
      strv_array_set (self->starred_outputs, atelier_job_get_starred_outputs (other));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STARRED_OUTPUTS]);
    }
  set_error_details (self, other->error_message, other->error_kind, other->help_url);
  if (self->retry_safe != other->retry_safe)
    {
      self->retry_safe = other->retry_safe;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_SAFE]);
    }
  atelier_job_set_starred (self, other->starred);
  atelier_job_set_progress (self, other->progress);
  atelier_job_set_status (self, other->status);
  self->finished = other->finished;
  self->updated = other->updated;
  g_object_thaw_notify (G_OBJECT (self));
}
