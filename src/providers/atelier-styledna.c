/* atelier-styledna.c: Style DNA (Tengr.ai), images in the style of an anchor
 *
 * A 202 starts an artwork that is polled until it succeeds. The service can
 * also call a webhook, but a desktop app has no address to be called at, so
 * Atelier always polls. Artworks are deleted after 8 days: the engine
 * downloads results as soon as they exist.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-styledna"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-provider-util.h"
#include "atelier-styledna.h"

#define SERVICE _("Style DNA")

#define ANCHOR_DEADLINE_US (10 * 60 * G_USEC_PER_SEC)

static const char * const aspect_ratios[] = {
  "1:1", "2:3", "3:4", "4:3", "9:16", "3:2", "16:9", NULL
};
static const char * const image_formats[] = { "png", "webp", NULL };

static const AtelierParamSpec specs[] = {
  { "visualPrompt", ATELIER_PARAM_TEXT, N_("Prompt"), N_("What the image should show"),
    NULL, NULL, 0, 0, ATELIER_PARAM_FLAG_REQUIRED },
  { "anchorImageUrl", ATELIER_PARAM_URL, N_("Anchor image"),
    N_("Address of the image whose style to follow"),
    NULL, NULL, 0, 0, ATELIER_PARAM_FLAG_REQUIRED },
  { "description", ATELIER_PARAM_TEXT, N_("Style description"),
    N_("The style of the anchor, in words"), NULL, NULL, 0, 0, ATELIER_PARAM_FLAG_REQUIRED },
  { "aspectRatio", ATELIER_PARAM_ENUM, N_("Aspect ratio"),
    N_("Better quality than a custom size; not with width and height"),
    NULL, aspect_ratios, 0, 0, ATELIER_PARAM_FLAG_NONE, "width,height" },
  { "width", ATELIER_PARAM_INT, N_("Width"),
    N_("512–2048 pixels, with height; width × height at most 1,763,584"),
    NULL, NULL, 512, 2048, ATELIER_PARAM_FLAG_ADVANCED, "aspectRatio" },
  { "height", ATELIER_PARAM_INT, N_("Height"),
    N_("512–2048 pixels, with width; width × height at most 1,763,584"),
    NULL, NULL, 512, 2048, ATELIER_PARAM_FLAG_ADVANCED, "aspectRatio" },
  { "imageFormat", ATELIER_PARAM_ENUM, N_("File format"), NULL, "png", image_formats },
};

static const AtelierParamTable table = { specs, G_N_ELEMENTS (specs) };

struct _AtelierStylednaProvider
{
  GObject               parent_instance;
  AtelierHttp          *http;
  AtelierServiceConfig *config;
};

static void provider_iface_init (AtelierProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AtelierStylednaProvider, atelier_styledna_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ATELIER_TYPE_PROVIDER, provider_iface_init))

static const char *
get (GHashTable *params,
     const char *name)
{
  return atelier_param_get (&table, params, name);
}

/* ---- parameters -------------------------------------------------------- */

/* 4194304 → "4,194,304", the way the rule itself is written. */
static char *
group_digits (guint64 n)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, n);
  GString *s = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  return g_string_free (s, FALSE);
}

static gboolean
styledna_validate (AtelierProvider  *provider,
                   GHashTable       *params,
                   GError          **error)
{
  const char *width = get (params, "width");
  const char *height = get (params, "height");
  const char *anchor = get (params, "anchorImageUrl");

  if (anchor != NULL && !g_str_has_prefix (anchor, "https://") && !g_str_has_prefix (anchor, "http://"))
    return atelier_param_refuse (error, _("anchorImageUrl must be an http or https address the service can "
                            "reach, not “%s”"), anchor);

  if ((width == NULL) != (height == NULL))
    return atelier_param_refuse (error, _("width and height must be given together"));

  if (width != NULL && get (params, "aspectRatio") != NULL)
    return atelier_param_refuse (error, _("aspectRatio cannot be combined with width and height: give one "
                            "or the other"));

  if (width != NULL)
    {
      guint64 area = g_ascii_strtoull (width, NULL, 10) * g_ascii_strtoull (height, NULL, 10);

      if (area > ATELIER_STYLEDNA_MAX_AREA)
        {
          g_autofree char *text = group_digits (area);

          return atelier_param_refuse (error, _("width × height must not exceed 1,763,584 pixels (it is %s)"),
                         text);
        }
    }

  return TRUE;
}

static const char *
styledna_get_id (AtelierProvider *provider)
{
  return "styledna";
}

static const char *
styledna_get_display_name (AtelierProvider *provider)
{
  return SERVICE;
}

static const AtelierParamTable *
styledna_get_params (AtelierProvider *provider)
{
  return &table;
}

/* ---- artworks ---------------------------------------------------------- */

static AtelierRemoteStatus *
parse_artwork (JsonNode  *root,
               gboolean   submitted,
               GError   **error)
{
  g_autoptr(AtelierRemoteStatus) status = NULL;
  JsonObject *obj;
  const char *id, *state;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return atelier_provider_protocol_error (error, SERVICE, "artwork");
  obj = json_node_get_object (root);

  id = atelier_json_get_string (obj, "id");
  if (id == NULL || *id == '\0')
    return atelier_provider_protocol_error (error, SERVICE, "id");

  state = atelier_json_get_string (obj, "status");
  if (state == NULL && !(submitted && !json_object_has_member (obj, "status")))
    return atelier_provider_protocol_error (error, SERVICE, "status");

  if (g_strcmp0 (state, "succeeded") == 0)
    {
      JsonNode *results = json_object_get_member (obj, "results");
      JsonArray *array;

      if (results == NULL || !JSON_NODE_HOLDS_ARRAY (results))
        return atelier_provider_protocol_error (error, SERVICE, "results");
      status = atelier_remote_status_new (ATELIER_REMOTE_DONE);
      array = json_node_get_array (results);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *el = json_array_get_element (array, i);
          const char *url = NULL;

          if (JSON_NODE_HOLDS_VALUE (el) && json_node_get_value_type (el) == G_TYPE_STRING)
            url = json_node_get_string (el);
          else if (JSON_NODE_HOLDS_OBJECT (el))
            url = atelier_json_get_string (json_node_get_object (el), "url");
          if (url == NULL || !(g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://")))
            return atelier_provider_protocol_error (error, SERVICE, "results[]");
          g_ptr_array_add (status->outputs, g_strdup (url));
        }
    }
  else if (g_strcmp0 (state, "failed") == 0)
    {
      const char *message = atelier_json_get_string (obj, "error");

      if (message == NULL)
        message = atelier_json_get_string (obj, "message");
      status = atelier_remote_status_new (ATELIER_REMOTE_FAILED);
      status->message = message
        ? g_strdup_printf (_("Style DNA could not make this image: %s"), message)
        : g_strdup (_("Style DNA could not make this image. Try another prompt or anchor."));
    }
  else if (g_strcmp0 (state, "canceled") == 0 || g_strcmp0 (state, "cancelled") == 0)
    status = atelier_remote_status_new (ATELIER_REMOTE_CANCELLED);
  else
    {
      /* starting, processing, and anything newer: keep polling. */
      if (state != NULL && !g_str_equal (state, "starting") && !g_str_equal (state, "processing"))
        g_debug ("Unknown Style DNA status “%s”, treated as processing", state);
      status = atelier_remote_status_new (ATELIER_REMOTE_RUNNING);
    }

  status->remote_id = g_strdup (id);
  return g_steal_pointer (&status);
}

static void
request_sent (gpointer req,
              gpointer user_data)
{
  AtelierJob *job = user_data;

  if (atelier_job_get_status (job) == ATELIER_JOB_STATUS_SUBMITTING)
    atelier_job_set_status (job, ATELIER_JOB_STATUS_RUNNING);
}

static JsonNode *
build_body (AtelierJob *job)
{
  GHashTable *params = atelier_job_get_params (job);
  JsonObject *obj = json_object_new ();

  for (guint i = 0; i < table.n_specs; i++)
    {
      const AtelierParamSpec *spec = &table.specs[i];
      const char *value = get (params, spec->name);

      if (value != NULL)
        json_object_set_member (obj, spec->name, atelier_param_to_json (spec, value));
    }

  return json_node_init_object (json_node_alloc (), obj);
}

static void
artwork_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  AtelierRemoteStatus *status;
  gboolean submitted = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (task), "submit"));

  root = atelier_http_send_json_finish (ATELIER_HTTP (object), result, NULL, &error);
  if (root == NULL)
    g_task_return_error (task, error);
  else if (!(status = parse_artwork (root, submitted, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, status, (GDestroyNotify) atelier_remote_status_free);
}

static void
styledna_submit_async (AtelierProvider     *provider,
                       AtelierJob          *job,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  AtelierStylednaProvider *self = ATELIER_STYLEDNA_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(AtelierHttpRequest) req = NULL;
  g_autoptr(JsonNode) body = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, styledna_submit_async);
  g_object_set_data (G_OBJECT (task), "submit", GINT_TO_POINTER (TRUE));

  if (!atelier_provider_check_config (self->config, SERVICE, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  req = atelier_provider_request (self->config, "POST", "v2/style-dna/generate");
  body = build_body (job);
  atelier_http_request_set_json_body (req, body);
  atelier_http_request_set_retry (req, ATELIER_RETRY_SUBMIT);
  atelier_http_request_set_sent_func (req, request_sent, job);

  g_object_set_data_full (G_OBJECT (task), "job", g_object_ref (job), g_object_unref);
  atelier_http_send_json_async (self->http, req, cancellable, artwork_cb, g_steal_pointer (&task));
}

static AtelierRemoteStatus *
styledna_submit_finish (AtelierProvider  *provider,
                        GAsyncResult     *result,
                        GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static AtelierHttpRequest *
artwork_request (AtelierStylednaProvider *self,
                 const char              *id)
{
  g_autofree char *escaped = atelier_escape_path_segment (id);
  g_autofree char *path = g_strconcat ("v2/artworks/", escaped, NULL);
  AtelierHttpRequest *req = atelier_provider_request (self->config, "GET", path);

  atelier_http_request_set_retry (req, ATELIER_RETRY_IDEMPOTENT);
  return req;
}

static void
styledna_poll_async (AtelierProvider     *provider,
                     AtelierJob          *job,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  AtelierStylednaProvider *self = ATELIER_STYLEDNA_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(AtelierHttpRequest) req = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, styledna_poll_async);

  if (!atelier_provider_check_config (self->config, SERVICE, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  req = artwork_request (self, atelier_job_get_remote_id (job));
  atelier_http_send_json_async (self->http, req, cancellable, artwork_cb, g_steal_pointer (&task));
}

static AtelierRemoteStatus *
styledna_poll_finish (AtelierProvider  *provider,
                      GAsyncResult     *result,
                      GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- anchors ----------------------------------------------------------- */

typedef struct
{
  char   *id;
  gint64  started;
  guint   interval_ms;
  guint   source;
} Anchor;

static void
anchor_free (Anchor *anchor)
{
  g_clear_handle_id (&anchor->source, g_source_remove);
  g_free (anchor->id);
  g_free (anchor);
}

static void anchor_poll (GTask *task);

static gboolean
anchor_timeout_cb (gpointer data)
{
  GTask *task = data;
  Anchor *anchor = g_task_get_task_data (task);

  anchor->source = 0;
  anchor_poll (task);
  return G_SOURCE_REMOVE;
}

static void
anchor_status_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  Anchor *anchor = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(AtelierRemoteStatus) status = NULL;
  GError *error = NULL;

  root = atelier_http_send_json_finish (ATELIER_HTTP (object), result, NULL, &error);
  if (root != NULL)
    status = parse_artwork (root, anchor->id == NULL, &error);
  if (status == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (anchor->id == NULL)
    anchor->id = g_strdup (status->remote_id);

  switch (status->state)
    {
    case ATELIER_REMOTE_DONE:
      if (status->outputs->len == 0)
        {
          atelier_provider_protocol_error (&error, SERVICE, "results");
          g_task_return_error (task, error);
        }
      else
        g_task_return_pointer (task, g_strdup (g_ptr_array_index (status->outputs, 0)), g_free);
      g_object_unref (task);
      return;

    case ATELIER_REMOTE_FAILED:
      g_task_return_new_error (task, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_FAILED,
                               "%s", status->message);
      g_object_unref (task);
      return;

    case ATELIER_REMOTE_CANCELLED:
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The anchor was cancelled by the service."));
      g_object_unref (task);
      return;

    case ATELIER_REMOTE_PENDING:
    case ATELIER_REMOTE_RUNNING:
    default:
      if (g_get_monotonic_time () - anchor->started > ANCHOR_DEADLINE_US)
        {
          g_task_return_new_error (task, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_DEADLINE,
                                   _("Style DNA did not finish the anchor within 10 minutes."));
          g_object_unref (task);
          return;
        }
      anchor->source = g_timeout_add (anchor->interval_ms, anchor_timeout_cb, task);
      anchor->interval_ms = MIN (anchor->interval_ms * 3 / 2, 5000);
      return;
    }
}

static void
anchor_poll (GTask *task)
{
  AtelierStylednaProvider *self = g_task_get_source_object (task);
  Anchor *anchor = g_task_get_task_data (task);
  g_autoptr(AtelierHttpRequest) req = artwork_request (self, anchor->id);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  atelier_http_send_json_async (self->http, req, g_task_get_cancellable (task),
                                anchor_status_cb, task);
}

void
atelier_styledna_provider_generate_anchor_async (AtelierStylednaProvider *self,
                                                 const char              *visual_prompt,
                                                 const char              *description,
                                                 const char              *aspect_ratio,
                                                 GCancellable            *cancellable,
                                                 GAsyncReadyCallback      callback,
                                                 gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(AtelierHttpRequest) req = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *body;
  Anchor *anchor;
  const char *poll_ms = g_getenv ("ATELIER_POLL_MS");
  GError *error = NULL;

  g_return_if_fail (ATELIER_IS_STYLEDNA_PROVIDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_styledna_provider_generate_anchor_async);

  if (!atelier_provider_check_config (self->config, SERVICE, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (visual_prompt == NULL || *visual_prompt == '\0')
    {
      g_task_return_new_error (task, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_MISSING,
                               _("visualPrompt is required"));
      return;
    }
  if (aspect_ratio != NULL && !g_strv_contains (aspect_ratios, aspect_ratio))
    {
      g_autofree char *allowed = g_strjoinv (", ", (char **) aspect_ratios);
      g_task_return_new_error (task, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                               _("aspectRatio must be one of %s, not “%s”"), allowed, aspect_ratio);
      return;
    }

  anchor = g_new0 (Anchor, 1);
  anchor->started = g_get_monotonic_time ();
  anchor->interval_ms = poll_ms ? MAX ((guint) g_ascii_strtoull (poll_ms, NULL, 10), 10) : 500;
  g_task_set_task_data (task, anchor, (GDestroyNotify) anchor_free);

  body = json_object_new ();
  node = json_node_init_object (json_node_alloc (), body);
  json_object_set_string_member (body, "visualPrompt", visual_prompt);
  if (description != NULL && *description != '\0')
    json_object_set_string_member (body, "description", description);
  if (aspect_ratio != NULL)
    json_object_set_string_member (body, "aspectRatio", aspect_ratio);

  req = atelier_provider_request (self->config, "POST", "v2/style-dna/generate-anchor");
  atelier_http_request_set_json_body (req, node);
  atelier_http_request_set_retry (req, ATELIER_RETRY_SUBMIT);
  atelier_http_send_json_async (self->http, req, cancellable, anchor_status_cb,
                                g_steal_pointer (&task));
}

char *
atelier_styledna_provider_generate_anchor_finish (AtelierStylednaProvider  *self,
                                                  GAsyncResult             *result,
                                                  char                    **task_id,
                                                  GError                  **error)
{
  Anchor *anchor;

  g_return_val_if_fail (ATELIER_IS_STYLEDNA_PROVIDER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  anchor = g_task_get_task_data (G_TASK (result));
  if (task_id != NULL)
    *task_id = g_strdup (anchor ? anchor->id : NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- object ------------------------------------------------------------ */

static void
provider_iface_init (AtelierProviderInterface *iface)
{
  iface->get_id = styledna_get_id;
  iface->get_display_name = styledna_get_display_name;
  iface->get_params = styledna_get_params;
  iface->validate = styledna_validate;
  iface->submit_async = styledna_submit_async;
  iface->submit_finish = styledna_submit_finish;
  iface->poll_async = styledna_poll_async;
  iface->poll_finish = styledna_poll_finish;
}

static void
atelier_styledna_provider_finalize (GObject *object)
{
  AtelierStylednaProvider *self = (AtelierStylednaProvider *)object;

  g_clear_object (&self->http);
  g_clear_pointer (&self->config, atelier_service_config_free);

  G_OBJECT_CLASS (atelier_styledna_provider_parent_class)->finalize (object);
}

static void
atelier_styledna_provider_class_init (AtelierStylednaProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = atelier_styledna_provider_finalize;
}

static void
atelier_styledna_provider_init (AtelierStylednaProvider *self)
{
}

AtelierProvider *
atelier_styledna_provider_new (AtelierHttp                *http,
                               const AtelierServiceConfig *config)
{
  AtelierStylednaProvider *self = g_object_new (ATELIER_TYPE_STYLEDNA_PROVIDER, NULL);

  self->http = g_object_ref (http);
  self->config = atelier_service_config_copy (config);
  return ATELIER_PROVIDER (self);
}
