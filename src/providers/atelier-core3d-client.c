/* atelier-core3d-client.c: what every Core3D client is
 *
 * The listing is free to ask for and changes rarely, so each client keeps
 * it: one request in flight at a time, shared by everyone who asks
 * meanwhile (those who want the items, those who want a parameter's
 * choices, and submissions to check). A job made before the listing was
 * known (a script, a restart) is checked against it before it is sent:
 * listing is free, a refused job may not be. Without the listing the
 * service is the judge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-core3d"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-core3d-client.h"
#include "atelier-core3d-products.h"
#include "atelier-error.h"
#include "atelier-provider-util.h"

/* How deep a result is searched for a URI (answers are bounded, but a
 * hostile one may still nest deeply). */
#define MAX_DEPTH 8

typedef struct
{
  GPtrArray         *items;         /* the listing, NULL until listed */
  GPtrArray         *waiters;       /* GTasks waiting for the listing in flight, or NULL */
} AtelierCore3dClientPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (AtelierCore3dClient, atelier_core3d_client,
                                     ATELIER_TYPE_SERVICE_CLIENT)

#define PRIV(self)  ((AtelierCore3dClientPrivate *) \
                     atelier_core3d_client_get_instance_private (ATELIER_CORE3D_CLIENT (self)))
#define KLASS(self) ATELIER_CORE3D_CLIENT_GET_CLASS (self)

void
atelier_core3d_client_class_set_listing (AtelierCore3dClientClass *klass,
                                         const char               *path,
                                         AtelierAnswerFunc         parse,
                                         const char               *param)
{
  klass->listing_path = path;
  klass->parse_listing = parse;
  klass->listed_param = param;
  ATELIER_SERVICE_CLIENT_CLASS (klass)->test_path = path;
}

void
atelier_core3d_client_class_set_jobs (AtelierCore3dClientClass *klass,
                                      AtelierCore3dReadAnswer   read_answer,
                                      const char               *failed_format,
                                      const char               *failed_fallback)
{
  klass->read_answer = read_answer;
  klass->failed_format = failed_format;
  klass->failed_fallback = failed_fallback;
}

/* The spec whose choices the listing fills, or NULL. */
static const AtelierParamSpec *
listed_spec (AtelierCore3dClient *self)
{
  const AtelierParamSpec *spec =
    atelier_param_table_lookup (atelier_core3d_client_get_table (self), KLASS (self)->listed_param);

  return spec != NULL && (spec->flags & ATELIER_PARAM_FLAG_SERVICE_CHOICES) ? spec : NULL;
}

GPtrArray *
atelier_core3d_client_get_items (AtelierCore3dClient *self)
{
  g_return_val_if_fail (ATELIER_IS_CORE3D_CLIENT (self), NULL);
  return PRIV (self)->items;
}

gconstpointer
atelier_core3d_client_find (AtelierCore3dClient *self,
                            const char          *value)
{
  GPtrArray *items = atelier_core3d_client_get_items (self);

  if (items == NULL || value == NULL)
    return NULL;
  return KLASS (self)->find_item (items, value);
}

gconstpointer
atelier_core3d_client_listed (AtelierCore3dClient *self,
                              GHashTable          *params)
{
  return atelier_core3d_client_find (self, atelier_param_get (atelier_core3d_client_get_table (self), params,
                                                              KLASS (self)->listed_param));
}

const AtelierParamTable *
atelier_core3d_client_get_table (AtelierCore3dClient *self)
{
  g_return_val_if_fail (ATELIER_IS_CORE3D_CLIENT (self), NULL);
  return atelier_service_client_get_params (ATELIER_SERVICE_CLIENT (self));
}

/* ---- the listing ---------------------------------------------------------- */

/* A new listing: the listed parameter's choices follow it. */
static void
set_items (AtelierCore3dClient *self,
           GPtrArray           *items)
{
  AtelierCore3dClientPrivate *priv = PRIV (self);
  const AtelierParamSpec *spec = listed_spec (self);
  g_autofree char *name = spec != NULL ? g_strdup (spec->name) : NULL;

  g_clear_pointer (&priv->items, g_ptr_array_unref);
  priv->items = g_ptr_array_ref (items);
  if (spec != NULL)
    {
      g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
      char **choices;

      for (guint i = 0; i < items->len; i++)
        g_strv_builder_add (keys, KLASS (self)->item_key (g_ptr_array_index (items, i)));
      choices = g_strv_builder_end (keys);
      atelier_service_client_set_choices (ATELIER_SERVICE_CLIENT (self), name, choices);
    }
  if (KLASS (self)->listed != NULL)
    KLASS (self)->listed (self, items);
  if (name != NULL)
    atelier_provider_choices_changed (ATELIER_PROVIDER (self), name);
}

static void
send_checked (AtelierCore3dClient *self,
              GTask               *task,
              const GError        *error)
{
  AtelierServiceClientClass *client_class = ATELIER_SERVICE_CLIENT_GET_CLASS (self);
  AtelierJob *job = g_task_get_task_data (task);
  GError *refused = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (error != NULL)
    g_debug ("Could not list %s before submitting: %s", KLASS (self)->listing_path,
             error->message);
  /* Without the listing a client checks what it can, the service the rest. */
  if (client_class->validate != NULL &&
      !client_class->validate (ATELIER_SERVICE_CLIENT (self), atelier_job_get_params (job),
                               &refused))
    {
      g_task_return_error (task, refused);
      return;
    }
  KLASS (self)->send (self, job, g_object_ref (task), error);
}

/* Takes @task: a submission to check, the items asked for, or the listed
 * parameter's choices. @items is NULL with @error. */
static void
answer_waiter (AtelierCore3dClient *self,
               GTask               *task,
               GPtrArray           *items,
               const GError        *error)
{
  if (ATELIER_IS_JOB (g_task_get_task_data (task)))
    send_checked (self, task, error);
  else if (items == NULL)
    g_task_return_error (task, g_error_copy (error));
  else if (g_task_get_source_tag (task) == atelier_core3d_client_list_async)
    g_task_return_pointer (task, KLASS (self)->copy_items (items),
                           (GDestroyNotify) g_ptr_array_unref);
  else
    {
      GPtrArray *choices =
        g_ptr_array_new_with_free_func ((GDestroyNotify) atelier_param_choice_free);

      for (guint i = 0; i < items->len; i++)
        g_ptr_array_add (choices, KLASS (self)->item_choice (g_ptr_array_index (items, i)));
      g_task_return_pointer (task, choices, (GDestroyNotify) g_ptr_array_unref);
    }
  g_object_unref (task);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AtelierCore3dClient *self = ATELIER_CORE3D_CLIENT (object);
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&PRIV (self)->waiters);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  items = atelier_service_client_send_finish (ATELIER_SERVICE_CLIENT (self), result, &error);
  if (items != NULL)
    set_items (self, items);
  for (guint i = 0; i < waiters->len; i++)
    answer_waiter (self, g_ptr_array_index (waiters, i), items, error);
}

/* Takes @task; answers it from the cache, or once the listing arrives. */
static void
wait_for_items (AtelierCore3dClient *self,
                gboolean             refresh,
                GTask               *task)
{
  AtelierCore3dClientPrivate *priv = PRIV (self);
  g_autoptr(AtelierHttpRequest) req = NULL;

  if (priv->items != NULL && !refresh)
    {
      answer_waiter (self, task, priv->items, NULL);
      return;
    }
  if (!atelier_waiters_join (&priv->waiters, task))
    return;
  req = atelier_service_client_request (ATELIER_SERVICE_CLIENT (self), "GET",
                                        KLASS (self)->listing_path);
  atelier_http_request_set_retry (req, ATELIER_RETRY_IDEMPOTENT);
  /* Not tied to one caller's cancellable: the others still want the answer. */
  atelier_service_client_send_async (ATELIER_SERVICE_CLIENT (self), req,
                                     KLASS (self)->parse_listing,
                                     (GDestroyNotify) g_ptr_array_unref, NULL, listed_cb, NULL);
}

void
atelier_core3d_client_list_async (AtelierCore3dClient *self,
                                  gboolean             refresh,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (ATELIER_IS_CORE3D_CLIENT (self));

  if ((task = atelier_service_client_start_task (ATELIER_SERVICE_CLIENT (self), cancellable,
                                                 callback, user_data,
                                                 atelier_core3d_client_list_async)))
    wait_for_items (self, refresh, task);
}

GPtrArray *
atelier_core3d_client_list_finish (AtelierCore3dClient  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  return atelier_service_client_send_finish (ATELIER_SERVICE_CLIENT (self), result, error);
}

static void
client_list_choices (AtelierServiceClient *client,
                     const char           *param,
                     gboolean              refresh,
                     GTask                *task)
{
  wait_for_items (ATELIER_CORE3D_CLIENT (client), refresh, task);
}

static AtelierParamChoice *
client_get_choice (AtelierServiceClient *client,
                   const char           *param,
                   const char           *value)
{
  AtelierCore3dClient *self = ATELIER_CORE3D_CLIENT (client);
  gconstpointer item = NULL;

  /* Also where the listed parameter takes no choices (an export's product,
   * copied from its design): the listing still names it. */
  if (g_strcmp0 (param, KLASS (self)->listed_param) == 0)
    item = atelier_core3d_client_find (self, value);
  return item != NULL ? KLASS (self)->item_choice (item) : NULL;
}

/* A submission that names what the listing checks waits for it. */
static void
client_submit (AtelierServiceClient *client,
               AtelierJob           *job,
               GTask                *task)
{
  AtelierCore3dClient *self = ATELIER_CORE3D_CLIENT (client);

  if (atelier_param_get (atelier_core3d_client_get_table (self), atelier_job_get_params (job),
                         KLASS (self)->listed_param) != NULL)
    wait_for_items (self, FALSE, task);
  else
    KLASS (self)->send (self, job, task, NULL);
}

static void
client_real_send (AtelierCore3dClient *self,
                  AtelierJob          *job,
                  GTask               *task,
                  const GError        *listing_error)
{
  ATELIER_SERVICE_CLIENT_CLASS (atelier_core3d_client_parent_class)->submit
    (ATELIER_SERVICE_CLIENT (self), job, task);
}

/* ---- jobs ------------------------------------------------------------------ */

AtelierHttpRequest *
atelier_core3d_client_generation (AtelierCore3dClient *self,
                                  const char          *type,
                                  JsonNode            *data)
{
  JsonObject *body = json_object_new ();

  json_object_set_string_member (body, "type", type);
  json_object_set_member (body, "data", data);
  return atelier_service_client_post_json (ATELIER_SERVICE_CLIENT (self), "generations", body);
}

/* Any @prefix value in @node, a depth-first search of a bounded depth. */
static const char *
find_uri (JsonNode   *node,
          const char *prefix,
          guint       depth)
{
  const char *found = NULL;

  if (node == NULL || depth > MAX_DEPTH)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      const char *value = atelier_json_string (node);

      return value != NULL && g_str_has_prefix (value, prefix) ? value : NULL;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; found == NULL && i < json_array_get_length (array); i++)
        found = find_uri (json_array_get_element (array, i), prefix, depth + 1);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) values = json_object_get_values (json_node_get_object (node));

      for (GList *l = values; found == NULL && l; l = l->next)
        found = find_uri (l->data, prefix, depth + 1);
    }
  return found;
}

/* Core3D's own words about a failure, wherever it put them. */
static const char *
find_message (JsonObject *obj)
{
  JsonObject *result = atelier_json_object (json_object_get_member (obj, "result"));
  const char *message;

  if ((message = atelier_json_element_string (json_object_get_member (obj, "error"), "message",
                                              NULL)) ||
      (message = atelier_json_get_any_string (result, "message", "error", NULL)))
    return message;
  return atelier_json_get_string (obj, "message");
}

/* A generation's or an export's state (pending | waiting | running | ok |
 * error | canceled) and progress; what it made is the client's to read. */
static AtelierRemoteStatus *
client_parse_status (AtelierServiceClient  *client,
                     JsonObject            *answer,
                     gboolean               submitted,
                     GError               **error)
{
  AtelierCore3dClientClass *klass = KLASS (client);
  const char *id = atelier_json_get_any_string (answer, "uri", "id", NULL);
  g_autoptr(AtelierRemoteStatus) status = NULL;
  const char *state;
  double progress;

  if (id == NULL || *id == '\0')
    return atelier_service_client_protocol_error (client, "id", error);
  if (!atelier_service_client_read_state (client, answer, submitted, &state, error))
    return NULL;

  if (state == NULL || g_str_equal (state, "pending") || g_str_equal (state, "waiting"))
    status = atelier_remote_status_new (ATELIER_REMOTE_PENDING);
  else if (g_str_equal (state, "ok"))
    status = atelier_remote_status_new (ATELIER_REMOTE_DONE);
  else if (g_str_equal (state, "error"))
    status = atelier_service_client_failed (client, find_message (answer),
                                            _(klass->failed_format), _(klass->failed_fallback));
  else if (g_str_equal (state, "canceled") || g_str_equal (state, "cancelled"))
    status = atelier_remote_status_new (ATELIER_REMOTE_CANCELLED);
  else
    {
      /* "running", and anything newer: keep polling until the deadline. */
      if (!g_str_equal (state, "running"))
        g_debug ("Unknown Core3D status “%s”, treated as running", state);
      status = atelier_remote_status_new (ATELIER_REMOTE_RUNNING);
    }

  progress = atelier_json_get_number (answer, "progress", -1);
  if (progress > 1)
    progress /= 100;
  if (status->state == ATELIER_REMOTE_RUNNING || status->state == ATELIER_REMOTE_PENDING)
    status->progress = progress >= 0 ? MIN (progress, 1) : -1;

  status->remote_id = g_strdup (id);
  if (!klass->read_answer (ATELIER_CORE3D_CLIENT (client), status, answer, error))
    return NULL;
  return g_steal_pointer (&status);
}

const char *
atelier_core3d_find_uri (JsonNode   *node,
                         const char *prefix)
{
  return find_uri (node, prefix, 0);
}

gboolean
atelier_core3d_client_unnamed (AtelierCore3dClient *self,
                               AtelierRemoteStatus *status,
                               JsonObject          *answer,
                               const char          *message)
{
  const char *token = atelier_service_client_get_config (ATELIER_SERVICE_CLIENT (self))->token;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *json = NULL;
  g_autoptr(GString) text = NULL;

  json_node_set_object (node, answer);
  json = json_to_string (node, FALSE);
  text = g_string_new (json);
  /* Kept for a bug report: a token the service echoed must not be. */
  if (token != NULL && *token != '\0')
    g_string_replace (text, token, "…", 0);

  status->state = ATELIER_REMOTE_FAILED;
  g_free (status->message);
  status->message = g_strdup (message);
  g_ptr_array_set_size (status->outputs, 0);
  atelier_remote_status_set_result (status, "answer", text->str);
  return TRUE;
}

/* ---- results ------------------------------------------------------------- */

/* The link a resource gives: a design's render (images.default.fullsize.url),
 * else an upload's presigned url. */
static gpointer
parse_link (AtelierServiceClient  *self,
            JsonNode              *root,
            GError               **error)
{
  const char *url = atelier_core3d_preview_link (atelier_json_object (root));

  if (url == NULL)
    url = atelier_json_get_any_string (atelier_json_object (root), "url", "preview", NULL);
  if (!atelier_is_http_url (url))
    return atelier_service_client_protocol_error (self, "url", error);
  /* Often a presigned link on another host: it carries its own signature,
   * and the token must not follow it. */
  return atelier_http_request_new ("GET", url);
}

/* Results are Core3D URIs, each resolved through its resource
 * (core3d:design:… at designs/, core3d:upload:… at uploads/): asked every
 * time, since a presigned link is short-lived and the engine comes back
 * here for a fresh one when a download finds it expired. */
static void
client_fetch_resource (AtelierServiceClient *client,
                       AtelierJob           *job,
                       const char           *ref,
                       GTask                *task)
{
  const char *path = g_str_has_prefix (ref, ATELIER_CORE3D_DESIGN_URI) ? "designs/" : "uploads/";
  g_autoptr(AtelierHttpRequest) req = atelier_service_client_request_id (client, "GET", path, ref,
                                                                         NULL);

  atelier_http_request_set_retry (req, ATELIER_RETRY_IDEMPOTENT);
  atelier_service_client_send (client, req, parse_link,
                               (GDestroyNotify) atelier_http_request_unref, task);
}

/* ---- object ---------------------------------------------------------------- */

static void
atelier_core3d_client_constructed (GObject *object)
{
  G_OBJECT_CLASS (atelier_core3d_client_parent_class)->constructed (object);

  g_assert (KLASS (object)->listing_path != NULL && KLASS (object)->read_answer != NULL);
}

static void
atelier_core3d_client_finalize (GObject *object)
{
  AtelierCore3dClientPrivate *priv = PRIV (object);

  /* Waiters hold the client: none are left here. */
  g_assert (priv->waiters == NULL);
  g_clear_pointer (&priv->items, g_ptr_array_unref);

  G_OBJECT_CLASS (atelier_core3d_client_parent_class)->finalize (object);
}

static void
atelier_core3d_client_class_init (AtelierCore3dClientClass *klass)
{
  AtelierServiceClientClass *client_class = ATELIER_SERVICE_CLIENT_CLASS (klass);

  G_OBJECT_CLASS (klass)->constructed = atelier_core3d_client_constructed;
  G_OBJECT_CLASS (klass)->finalize = atelier_core3d_client_finalize;

  /* Generations by default: submitted (checked first), polled, cancelled. */
  client_class->submit = client_submit;
  klass->send = client_real_send;
  client_class->parse_status = client_parse_status;
  client_class->status_path = "generations/";
  client_class->cancel_suffix = "/cancel";
  client_class->fetch_request = client_fetch_resource;
  /* The listed parameter's choices. */
  client_class->list_choices = client_list_choices;
  client_class->get_choice = client_get_choice;
}

static void
atelier_core3d_client_init (AtelierCore3dClient *self)
{
}
