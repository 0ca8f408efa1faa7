/* atelier-openai-stream.c: images that form while you watch
 *
 * With "stream": true the images endpoints answer text/event-stream: up to
 * three "*.partial_image" events, each a whole (rougher) image as base64,
 * then "*.completed" with the final one and the usage. The final image may
 * come before all the partials asked for; "[DONE]" or a clean close ends
 * the stream, and one without a completed event is an error, as is an
 * "error" event or an "error" object in any event.
 *
 * Partials go to the job's cache folder ($XDG_CACHE_HOME/atelier/previews/
 * JOB) as they arrive and become the job's previews at once; the final
 * image goes where the non-streamed answer's would, and is the output.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-openai"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-json.h"
#include "atelier-openai-private.h"
#include "atelier-provider-util.h"
#include "atelier-secrets.h"

typedef struct
{
  GTask               *task;        /* the submit task: its data is the job */
  char                *previews;    /* the job's cache folder */
  char                *spool;
  char                *job_id;
  guint                first;       /* the first output's number */
  guint                n_previews;  /* preview files handed out */
  guint                n_finals;
  gboolean             completed;
  gboolean             edit;
  GHashTable          *kept;        /* placeholder → path of the final images */
  AtelierRemoteStatus *status;
} Stream;

static void
stream_free (Stream *stream)
{
  g_clear_object (&stream->task);
  g_free (stream->previews);
  g_free (stream->spool);
  g_free (stream->job_id);
  g_clear_pointer (&stream->kept, g_hash_table_unref);
  g_clear_pointer (&stream->status, atelier_remote_status_free);
  g_free (stream);
}

static void
unlink_path (gpointer path)
{
  g_unlink (path);
  g_free (path);
}

static JsonObject *
get_object (JsonObject *obj,
            const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);

  return node != NULL ? atelier_json_object (node) : NULL;
}

static gboolean
is_partial (const char *type)
{
  return type != NULL && g_str_has_suffix (type, ".partial_image");
}

static gboolean
is_completed (const char *type)
{
  return type != NULL && g_str_has_suffix (type, ".completed");
}

static char *
event_dest (const char *type,
            gpointer    user_data)
{
  Stream *stream = user_data;

  if (is_partial (type))
    {
      g_autofree char *name = g_strdup_printf ("preview-%u", ++stream->n_previews);
      return g_build_filename (stream->previews, name, NULL);
    }
  if (is_completed (type))
    {
      g_autofree char *name = g_strdup_printf ("%s-%u", stream->job_id,
                                               stream->first + stream->n_finals++);
      return g_build_filename (stream->spool, name, NULL);
    }
  return NULL;
}

/* The service's own words, cleaned: an "error" event, or an "error" member. */
static gboolean
service_failed (AtelierServiceClient  *self,
                JsonObject            *event,
                GError               **error)
{
  JsonObject *obj = get_object (event, "error");
  const char *message = obj ? atelier_json_get_string (obj, "message")
                            : atelier_json_get_string (event, "error");
  g_autofree char *clean = NULL;

  if (message == NULL)
    message = atelier_json_get_string (event, "message");
  if (message == NULL || *message == '\0')
    {
      g_set_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_FAILED,
                   _("%s stopped the image with an error and gave no reason."),
                   atelier_service_client_get_name (self));
      return FALSE;
    }
  clean = atelier_scrub_secrets (message);
  g_set_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_FAILED,
               _("%s stopped the image with an error: %s"),
               atelier_service_client_get_name (self), clean);
  return FALSE;
}

/* Takes the file of the event's "b64_json" out of @files. */
static char *
take_file (JsonObject  *event,
           GHashTable  *files,
           char       **placeholder)
{
  const char *ref = atelier_json_get_string (event, "b64_json");
  char *key = NULL;
  char *path = NULL;

  if (ref == NULL || files == NULL || !g_str_has_prefix (ref, "atelier-inline:") ||
      !g_hash_table_steal_extended (files, ref, (gpointer *) &key, (gpointer *) &path))
    return NULL;
  if (placeholder != NULL)
    *placeholder = key;
  else
    g_free (key);
  return path;
}

static gboolean
on_event (const char  *type,
          JsonNode    *data,
          GHashTable  *files,
          gpointer     user_data,
          GError     **error)
{
  Stream *stream = user_data;
  AtelierServiceClient *self = g_task_get_source_object (stream->task);
  AtelierJob *job = g_task_get_task_data (stream->task);
  JsonObject *event = atelier_json_object (data);
  const char *kind;

  if (event == NULL)
    return atelier_service_client_missing_field (self, "{}", error);
  if (g_strcmp0 (type, "error") == 0 || json_object_has_member (event, "error"))
    return service_failed (self, event, error);

  /* The event line names it; a server that sends none still says "type". */
  kind = atelier_json_get_string (event, "type");
  if (kind == NULL)
    kind = type;

  if (is_partial (kind))
    {
      g_autofree char *path = take_file (event, files, NULL);

      if (path == NULL)
        return atelier_service_client_missing_field (self, "b64_json", error);
      /* After the final image a preview shows nothing new: its file goes. */
      if (stream->completed)
        g_unlink (path);
      else
        atelier_job_add_preview (job, path);
      return TRUE;
    }

  if (is_completed (kind))
    {
      char *placeholder = NULL;
      char *path = take_file (event, files, &placeholder);
      JsonObject *usage = get_object (event, "usage");

      if (path == NULL)
        return atelier_service_client_missing_field (self, "b64_json", error);
      g_hash_table_insert (stream->kept, placeholder, path);
      g_ptr_array_add (stream->status->outputs, g_strdup (placeholder));
      if (usage != NULL)
        {
          g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), usage);
          g_autofree char *text = json_to_string (node, FALSE);

          atelier_remote_status_set_result (stream->status, "usage", text);
          /* What it cost, read as an unstreamed answer's usage is. */
          g_clear_pointer (&stream->status->cost, atelier_cost_free);
          stream->status->cost = atelier_openai_cost_from_usage (node);
        }
      stream->completed = TRUE;
      return TRUE;
    }

  /* Anything else (keep-alives with data, events of later versions). */
  return TRUE;
}

static void
stream_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Stream *stream = user_data;
  AtelierServiceClient *self = g_task_get_source_object (stream->task);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GHashTable) files = NULL;
  GError *error = NULL;
  GTask *task = stream->task;

  if (!atelier_http_send_events_finish (ATELIER_HTTP (object), result, &answer, &files, &error))
    {
      g_task_return_error (task, error);
      stream_free (stream);
      return;
    }

  if (answer != NULL)
    {
      /* A server that does not stream answered as it always does. */
      JsonObject *obj = atelier_json_object (answer);
      AtelierRemoteStatus *status = NULL;

      if (obj == NULL)
        atelier_service_client_protocol_error (self, "{}", &error);
      else
        status = ATELIER_SERVICE_CLIENT_GET_CLASS (self)->parse_status (self, obj, TRUE, &error);
      if (status != NULL && !atelier_service_client_check_status (self, status, files, &error))
        g_clear_pointer (&status, atelier_remote_status_free);
      if (status == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, status, (GDestroyNotify) atelier_remote_status_free);
      stream_free (stream);
      return;
    }

  if (!stream->completed)
    {
      /* Previews but no result: it may have been paid for, so the engine
       * leaves resending to the person. */
      g_task_return_new_error (task, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_PROTOCOL,
                               _("The stream from %s ended before the final image arrived (the "
                                 "connection may have dropped). Retry to make it again."),
                               atelier_service_client_get_name (self));
      stream_free (stream);
      return;
    }

  if (!atelier_service_client_check_status (self, stream->status, stream->kept, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&stream->status),
                           (GDestroyNotify) atelier_remote_status_free);
  stream_free (stream);
}

void
_atelier_openai_stream_submit (AtelierServiceClient *self,
                               AtelierHttpRequest   *req,
                               gboolean              edit,
                               GTask                *task)
{
  AtelierJob *job = g_task_get_task_data (task);
  Stream *stream = g_new0 (Stream, 1);
  AtelierHttp *http = atelier_service_client_get_http (self);

  stream->task = task;
  stream->edit = edit;
  stream->job_id = g_strdup (atelier_job_get_id (job));
  stream->previews = g_build_filename (g_get_user_cache_dir (), "atelier", "previews",
                                       stream->job_id, NULL);
  stream->spool = atelier_http_get_spool_dir (http);
  stream->first = g_strv_length ((char **) atelier_job_get_outputs (job)) + 1;
  stream->kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, unlink_path);
  stream->status = atelier_remote_status_new (ATELIER_REMOTE_DONE);
  /* A new submission forms its own previews. */
  atelier_job_clear_previews (job);

  atelier_service_client_prepare_submission (self, req, task);
  atelier_http_send_events_async (http, req, event_dest, on_event, stream,
                                  g_task_get_cancellable (task), stream_done_cb, stream);
}
