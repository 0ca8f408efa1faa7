/* atelier-core3d.c: Core3D image generations
 *
 * Styles come from GET /generation-styles and are cached per provider: they
 * fill the style parameter's choices and let validation refuse a
 * combination (type, prompt, transparency) the style does not take, before
 * anything is paid for. Results are upload URIs that resolve to presigned
 * links on another host, so the token is never sent along with them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-core3d"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-core3d.h"
#include "atelier-error.h"
#include "atelier-provider-util.h"

#define SERVICE _("Core3D")

enum {
  SPEC_STYLE,
  SPEC_TYPE,
  SPEC_PROMPT,
  SPEC_COLORS,
  SPEC_COUNT,
  SPEC_TRANSPARENCY,
  N_SPECS
};

/* Until the service has been asked: the style its guide uses. */
static const char * const fallback_styles[] = { "vector-art", NULL };
static const char * const types[] = { "graphic", "pattern", "scene", NULL };

static const AtelierParamSpec base_specs[N_SPECS] = {
  [SPEC_STYLE] = { "style", ATELIER_PARAM_ENUM, N_("Style"),
                   N_("The look of the image; the list comes from Core3D"),
                   "vector-art", fallback_styles, 0, 0, ATELIER_PARAM_FLAG_OPEN_ENUM },
  [SPEC_TYPE] = { "type", ATELIER_PARAM_ENUM, N_("Type"),
                  N_("A single graphic, a repeating pattern or a scene"),
                  "graphic", types },
  [SPEC_PROMPT] = { "prompt", ATELIER_PARAM_TEXT, N_("Prompt"),
                    N_("What the image should show"), NULL, NULL, 0, 1000 },
  [SPEC_COLORS] = { "colors", ATELIER_PARAM_COLORS, N_("Colours"),
                    N_("CSS colours to use, like black, gold or #ff8800"), NULL, NULL, 0, 8 },
  [SPEC_COUNT] = { "count", ATELIER_PARAM_INT, N_("Images"), N_("How many images to make"),
                   NULL, NULL, 1, 4 },
  [SPEC_TRANSPARENCY] = { "transparency", ATELIER_PARAM_BOOL, N_("Transparent background"),
                          N_("A PNG with the background removed, where the style supports it"),
                          NULL, NULL, 0, 0, ATELIER_PARAM_FLAG_ADVANCED },
};

struct _AtelierCore3dProvider
{
  GObject               parent_instance;
  AtelierHttp          *http;
  AtelierServiceConfig *config;

  /* Own copy of the table: the style choices change once the service answers. */
  AtelierParamSpec      specs[N_SPECS];
  AtelierParamTable     table;
  GPtrArray            *styles;        /* AtelierCore3dStyle, NULL until listed */
  GPtrArray            *choice_lists;  /* GStrv: a form may still point at an older list */
  GPtrArray            *style_waiters; /* GTask waiting for the listing in flight */
};

enum {
  STYLES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void provider_iface_init (AtelierProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AtelierCore3dProvider, atelier_core3d_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ATELIER_TYPE_PROVIDER, provider_iface_init))

G_DEFINE_BOXED_TYPE (AtelierCore3dStyle, atelier_core3d_style,
                     atelier_core3d_style_copy, atelier_core3d_style_free)

/* ---- styles ------------------------------------------------------------ */

AtelierCore3dStyle *
atelier_core3d_style_copy (const AtelierCore3dStyle *style)
{
  AtelierCore3dStyle *copy = g_new0 (AtelierCore3dStyle, 1);

  copy->id = g_strdup (style->id);
  copy->name = g_strdup (style->name);
  copy->preview = g_strdup (style->preview);
  copy->uri = g_strdup (style->uri);
  copy->types = g_strdupv (style->types);
  copy->transparent_types = g_strdupv (style->transparent_types);
  copy->prompt_types = g_strdupv (style->prompt_types);
  return copy;
}

void
atelier_core3d_style_free (AtelierCore3dStyle *style)
{
  if (style == NULL)
    return;
  g_free (style->id);
  g_free (style->name);
  g_free (style->preview);
  g_free (style->uri);
  g_strfreev (style->types);
  g_strfreev (style->transparent_types);
  g_strfreev (style->prompt_types);
  g_free (style);
}

gboolean
atelier_core3d_style_supports (const AtelierCore3dStyle *style,
                               const char               *type)
{
  return style->types != NULL && g_strv_contains ((const char * const *) style->types, type);
}

gboolean
atelier_core3d_style_supports_transparency (const AtelierCore3dStyle *style,
                                            const char               *type)
{
  return style->transparent_types != NULL &&
         g_strv_contains ((const char * const *) style->transparent_types, type);
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *el = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (el) && json_node_get_value_type (el) == G_TYPE_STRING &&
          g_str_equal (json_node_get_string (el), value))
        return TRUE;
    }
  return FALSE;
}

static AtelierCore3dStyle *
parse_style (JsonNode *node)
{
  g_autoptr(AtelierCore3dStyle) style = g_new0 (AtelierCore3dStyle, 1);
  g_autoptr(GStrvBuilder) all = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) transparent = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) prompt = g_strv_builder_new ();
  JsonObject *obj;
  JsonNode *types_node;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  obj = json_node_get_object (node);
  style->id = g_strdup (atelier_json_get_string (obj, "id"));
  if (style->id == NULL)
    return NULL;
  style->name = g_strdup (atelier_json_get_string (obj, "name"));
  style->preview = g_strdup (atelier_json_get_string (obj, "preview"));
  style->uri = g_strdup (atelier_json_get_string (obj, "uri"));
  if (style->name == NULL)
    style->name = g_strdup (style->id);

  /* {graphic: {supports: ["prompt", "transparency"]}, pattern: {…}} */
  types_node = json_object_get_member (obj, "types");
  if (types_node != NULL && JSON_NODE_HOLDS_OBJECT (types_node))
    {
      JsonObject *types_obj = json_node_get_object (types_node);
      g_autoptr(GList) names = json_object_get_members (types_obj);

      for (GList *l = names; l; l = l->next)
        {
          JsonNode *type_node = json_object_get_member (types_obj, l->data);
          JsonNode *supports = NULL;

          g_strv_builder_add (all, l->data);
          if (JSON_NODE_HOLDS_OBJECT (type_node))
            supports = json_object_get_member (json_node_get_object (type_node), "supports");
          if (supports == NULL || !JSON_NODE_HOLDS_ARRAY (supports))
            continue;
          if (array_has_string (json_node_get_array (supports), "transparency"))
            g_strv_builder_add (transparent, l->data);
          if (array_has_string (json_node_get_array (supports), "prompt"))
            g_strv_builder_add (prompt, l->data);
        }
    }
  else if (types_node != NULL && JSON_NODE_HOLDS_ARRAY (types_node))
    {
      /* A plain list of names says nothing about inputs: assume prompts. */
      JsonArray *ar = json_node_get_array (types_node);

      for (guint i = 0; i < json_array_get_length (ar); i++)
        {
          JsonNode *el = json_array_get_element (ar, i);

          if (JSON_NODE_HOLDS_VALUE (el) && json_node_get_value_type (el) == G_TYPE_STRING)
            {
              g_strv_builder_add (all, json_node_get_string (el));
              g_strv_builder_add (prompt, json_node_get_string (el));
            }
        }
    }

  style->types = g_strv_builder_end (all);
  style->transparent_types = g_strv_builder_end (transparent);
  style->prompt_types = g_strv_builder_end (prompt);
  return g_steal_pointer (&style);
}

static GPtrArray *
parse_styles (JsonNode  *root,
              GError   **error)
{
  g_autoptr(GPtrArray) styles = g_ptr_array_new_with_free_func ((GDestroyNotify) atelier_core3d_style_free);
  JsonArray *array = NULL;

  if (JSON_NODE_HOLDS_ARRAY (root))
    array = json_node_get_array (root);
  else if (JSON_NODE_HOLDS_OBJECT (root))
    {
      /* Tolerate a paginated envelope. */
      JsonNode *data = json_object_get_member (json_node_get_object (root), "data");
      if (data != NULL && JSON_NODE_HOLDS_ARRAY (data))
        array = json_node_get_array (data);
    }
  if (array == NULL)
    return atelier_provider_protocol_error (error, SERVICE, "generation-styles");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      AtelierCore3dStyle *style = parse_style (json_array_get_element (array, i));

      if (style == NULL)
        return atelier_provider_protocol_error (error, SERVICE, "generation-styles[].id");
      g_ptr_array_add (styles, style);
    }

  return g_steal_pointer (&styles);
}

static const AtelierCore3dStyle *
find_style (AtelierCore3dProvider *self,
            const char            *id)
{
  for (guint i = 0; self->styles && i < self->styles->len; i++)
    {
      const AtelierCore3dStyle *style = g_ptr_array_index (self->styles, i);

      if (g_strcmp0 (style->id, id) == 0 || g_strcmp0 (style->uri, id) == 0)
        return style;
    }
  return NULL;
}

static void
set_styles (AtelierCore3dProvider *self,
            GPtrArray             *styles)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  char **choices;

  g_clear_pointer (&self->styles, g_ptr_array_unref);
  self->styles = g_ptr_array_ref (styles);

  for (guint i = 0; i < styles->len; i++)
    g_strv_builder_add (ids, ((AtelierCore3dStyle *) g_ptr_array_index (styles, i))->id);
  choices = g_strv_builder_end (ids);
  g_ptr_array_add (self->choice_lists, choices);
  self->specs[SPEC_STYLE].choices = (const char * const *) choices;

  g_signal_emit (self, signals[STYLES_CHANGED], 0);
}

static gpointer
copy_style (gconstpointer style,
            gpointer      user_data)
{
  return atelier_core3d_style_copy (style);
}

static GPtrArray *
copy_styles (GPtrArray *styles)
{
  return g_ptr_array_copy (styles, copy_style, NULL);
}

static void
styles_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AtelierCore3dProvider) self = user_data;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) styles = NULL;
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) error = NULL;

  root = atelier_http_send_json_finish (ATELIER_HTTP (object), result, NULL, &error);
  if (root != NULL)
    styles = parse_styles (root, &error);
  if (styles != NULL)
    set_styles (self, styles);

  waiters = g_steal_pointer (&self->style_waiters);
  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (styles != NULL)
        g_task_return_pointer (task, copy_styles (styles), (GDestroyNotify) g_ptr_array_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

void
atelier_core3d_provider_list_styles_async (AtelierCore3dProvider *self,
                                           gboolean               refresh,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(AtelierHttpRequest) req = NULL;
  GError *error = NULL;

  g_return_if_fail (ATELIER_IS_CORE3D_PROVIDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_core3d_provider_list_styles_async);

  if (self->styles != NULL && !refresh)
    {
      g_task_return_pointer (task, copy_styles (self->styles), (GDestroyNotify) g_ptr_array_unref);
      return;
    }
  if (!atelier_provider_check_config (self->config, SERVICE, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Everyone asking while a listing is in flight shares its answer. */
  if (self->style_waiters != NULL)
    {
      g_ptr_array_add (self->style_waiters, g_steal_pointer (&task));
      return;
    }
  self->style_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (self->style_waiters, g_steal_pointer (&task));

  req = atelier_provider_request (self->config, "GET", "generation-styles");
  atelier_http_request_set_retry (req, ATELIER_RETRY_IDEMPOTENT);
  /* Not tied to one caller's cancellable: the others still want the answer. */
  atelier_http_send_json_async (self->http, req, NULL, styles_cb, g_object_ref (self));
}

GPtrArray *
atelier_core3d_provider_list_styles_finish (AtelierCore3dProvider  *self,
                                            GAsyncResult           *result,
                                            GError                **error)
{
  g_return_val_if_fail (ATELIER_IS_CORE3D_PROVIDER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
atelier_core3d_provider_get_styles (AtelierCore3dProvider *self)
{
  g_return_val_if_fail (ATELIER_IS_CORE3D_PROVIDER (self), NULL);
  return self->styles;
}

/* ---- parameters -------------------------------------------------------- */

static gboolean
is_true (const char *value)
{
  return value != NULL && (g_ascii_strcasecmp (value, "true") == 0 || g_str_equal (value, "1") ||
                           g_ascii_strcasecmp (value, "yes") == 0);
}

static gboolean
core3d_validate (AtelierProvider  *provider,
                 GHashTable       *params,
                 GError          **error)
{
  AtelierCore3dProvider *self = ATELIER_CORE3D_PROVIDER (provider);
  const char *style_id = atelier_param_get (&self->table, params, "style");
  const char *type = atelier_param_get (&self->table, params, "type");
  const AtelierCore3dStyle *style;

  /* Without the list there is nothing to check against: the service decides. */
  if (self->styles == NULL)
    return TRUE;

  style = find_style (self, style_id);
  if (style == NULL)
    {
      g_autofree char *ids = g_strjoinv (", ", (char **) self->specs[SPEC_STYLE].choices);
      return atelier_param_refuse (error, _("style “%s” is not offered by Core3D; choose one of %s"),
                     style_id, ids);
    }
  if (!atelier_core3d_style_supports (style, type))
    {
      g_autofree char *supported = g_strjoinv (", ", style->types);
      return atelier_param_refuse (error, _("type %s is not supported by the style “%s” (it supports %s)"),
                     type, style->id, *supported ? supported : _("nothing"));
    }
  if (is_true (atelier_param_get (&self->table, params, "transparency")) &&
      !atelier_core3d_style_supports_transparency (style, type))
    return atelier_param_refuse (error, _("transparency is not supported by the style “%s” for type %s"),
                   style->id, type);
  if (atelier_param_get (&self->table, params, "prompt") != NULL &&
      !g_strv_contains ((const char * const *) style->prompt_types, type))
    return atelier_param_refuse (error, _("prompt is not accepted by the style “%s” for type %s"),
                   style->id, type);

  return TRUE;
}

static const char *
core3d_get_id (AtelierProvider *provider)
{
  return "core3d";
}

static const char *
core3d_get_display_name (AtelierProvider *provider)
{
  return SERVICE;
}

static const AtelierParamTable *
core3d_get_params (AtelierProvider *provider)
{
  return &ATELIER_CORE3D_PROVIDER (provider)->table;
}

/* ---- generations ------------------------------------------------------- */

/* Core3D's own words about a failure, wherever it put them. */
static const char *
find_message (JsonObject *obj)
{
  JsonNode *node;
  const char *message;

  if ((node = json_object_get_member (obj, "error")) != NULL)
    {
      if (JSON_NODE_HOLDS_OBJECT (node) &&
          (message = atelier_json_get_string (json_node_get_object (node), "message")))
        return message;
      if ((message = atelier_json_get_string (obj, "error")))
        return message;
    }
  if ((node = json_object_get_member (obj, "result")) != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *result = json_node_get_object (node);

      if ((message = atelier_json_get_string (result, "message")) ||
          (message = atelier_json_get_string (result, "error")))
        return message;
    }
  return atelier_json_get_string (obj, "message");
}

static gboolean
protocol_error (GError     **error,
                const char  *field)
{
  atelier_provider_protocol_error (error, SERVICE, field);
  return FALSE;
}

static gboolean
add_uploads (AtelierRemoteStatus  *status,
             JsonObject           *obj,
             GError              **error)
{
  JsonNode *result = json_object_get_member (obj, "result");
  JsonNode *uploads;
  JsonArray *array;

  if (result == NULL || !JSON_NODE_HOLDS_OBJECT (result))
    return protocol_error (error, "result");
  uploads = json_object_get_member (json_node_get_object (result), "uploads");
  if (uploads == NULL || !JSON_NODE_HOLDS_ARRAY (uploads))
    return protocol_error (error, "result.uploads");

  array = json_node_get_array (uploads);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *el = json_array_get_element (array, i);
      const char *ref = NULL;

      /* An upload URI, or an upload object carrying one. */
      if (JSON_NODE_HOLDS_VALUE (el) && json_node_get_value_type (el) == G_TYPE_STRING)
        ref = json_node_get_string (el);
      else if (JSON_NODE_HOLDS_OBJECT (el))
        {
          JsonObject *up = json_node_get_object (el);
          if (!(ref = atelier_json_get_string (up, "uri")))
            ref = atelier_json_get_string (up, "id");
        }
      if (ref == NULL || *ref == '\0')
        return protocol_error (error, "result.uploads[]");
      g_ptr_array_add (status->outputs, g_strdup (ref));
    }

  if (status->outputs->len == 0)
    return protocol_error (error, "result.uploads");
  return TRUE;
}

static AtelierRemoteStatus *
parse_generation (JsonNode  *root,
                  gboolean   submitted,
                  GError   **error)
{
  g_autoptr(AtelierRemoteStatus) status = NULL;
  JsonObject *obj;
  const char *state, *id;
  double progress;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return atelier_provider_protocol_error (error, SERVICE, "generation");
  obj = json_node_get_object (root);

  if (!(id = atelier_json_get_string (obj, "uri")))
    id = atelier_json_get_string (obj, "id");
  if (id == NULL || *id == '\0')
    return atelier_provider_protocol_error (error, SERVICE, "id");

  state = atelier_json_get_string (obj, "status");
  if (state == NULL && !(submitted && !json_object_has_member (obj, "status")))
    return atelier_provider_protocol_error (error, SERVICE, "status");
  if (state == NULL || g_str_equal (state, "pending") || g_str_equal (state, "waiting"))
    status = atelier_remote_status_new (ATELIER_REMOTE_PENDING);
  else if (g_str_equal (state, "ok"))
    {
      status = atelier_remote_status_new (ATELIER_REMOTE_DONE);
      if (!add_uploads (status, obj, error))
        return NULL;
    }
  else if (g_str_equal (state, "error"))
    {
      const char *message = find_message (obj);

      status = atelier_remote_status_new (ATELIER_REMOTE_FAILED);
      status->message = message
        ? g_strdup_printf (_("Core3D could not make this image: %s"), message)
        : g_strdup (_("Core3D could not make this image. Try again, or change the prompt or style."));
    }
  else if (g_str_equal (state, "canceled") || g_str_equal (state, "cancelled"))
    status = atelier_remote_status_new (ATELIER_REMOTE_CANCELLED);
  else
    {
      /* "running", and anything newer: keep polling until the deadline. */
      if (!g_str_equal (state, "running"))
        g_debug ("Unknown Core3D status “%s”, treated as running", state);
      status = atelier_remote_status_new (ATELIER_REMOTE_RUNNING);
    }

  progress = atelier_json_get_number (obj, "progress", -1);
  if (progress > 1)
    progress /= 100;
  if (status->state == ATELIER_REMOTE_RUNNING || status->state == ATELIER_REMOTE_PENDING)
    status->progress = progress >= 0 ? MIN (progress, 1) : -1;

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
build_body (AtelierCore3dProvider *self,
            AtelierJob            *job)
{
  GHashTable *params = atelier_job_get_params (job);
  JsonObject *data = json_object_new ();
  JsonObject *body = json_object_new ();

  for (guint i = 0; i < N_SPECS; i++)
    {
      const AtelierParamSpec *spec = &self->specs[i];
      const char *value = atelier_param_get (&self->table, params, spec->name);

      if (value != NULL)
        json_object_set_member (data, spec->name, atelier_param_to_json (spec, value));
    }

  json_object_set_string_member (body, "type", "image");
  json_object_set_object_member (body, "data", data);
  return json_node_init_object (json_node_alloc (), body);
}

static void
submit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  AtelierRemoteStatus *status;

  root = atelier_http_send_json_finish (ATELIER_HTTP (object), result, NULL, &error);
  if (root == NULL)
    {
      if (g_error_matches (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_UNPROCESSABLE))
        {
          /* Same code (nothing was charged), but say what it means here. */
          g_clear_error (&error);
          g_set_error_literal (&error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_UNPROCESSABLE,
                               _("Core3D’s moderation refused this prompt (HTTP 422), so "
                                 "nothing was made or charged. Rephrase the prompt and try "
                                 "again."));
        }
      g_task_return_error (task, error);
      return;
    }

  if (!(status = parse_generation (root, TRUE, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, status, (GDestroyNotify) atelier_remote_status_free);
}

static void
post_generation (GTask *task)
{
  AtelierCore3dProvider *self = g_task_get_source_object (task);
  AtelierJob *job = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(AtelierHttpRequest) req = NULL;
  g_autoptr(JsonNode) body = NULL;

  req = atelier_provider_request (self->config, "POST", "generations");
  body = build_body (self, job);
  atelier_http_request_set_json_body (req, body);
  atelier_http_request_set_retry (req, ATELIER_RETRY_SUBMIT);
  atelier_http_request_set_sent_func (req, request_sent, job);
  atelier_http_send_json_async (self->http, req, cancellable, submit_cb, task);
}

static void
submit_styles_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  AtelierCore3dProvider *self = g_task_get_source_object (task);
  AtelierJob *job = g_task_get_task_data (task);
  g_autoptr(GPtrArray) styles = NULL;
  g_autoptr(GError) error = NULL;

  styles = atelier_core3d_provider_list_styles_finish (self, result, &error);
  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  /* Without the list the service is the judge; with it, a refusal costs nothing. */
  if (styles == NULL)
    g_debug ("Could not list the styles before submitting: %s", error->message);
  else if (!core3d_validate (ATELIER_PROVIDER (self), atelier_job_get_params (job), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  post_generation (task);
}

static void
core3d_submit_async (AtelierProvider     *provider,
                     AtelierJob          *job,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  AtelierCore3dProvider *self = ATELIER_CORE3D_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, core3d_submit_async);
  g_task_set_task_data (task, g_object_ref (job), g_object_unref);

  if (!atelier_provider_check_config (self->config, SERVICE, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* A job made before the styles were known (a script, a restart) is checked
   * against them now: listing is free, a refused generation may not be. */
  if (self->styles == NULL)
    {
      atelier_core3d_provider_list_styles_async (self, FALSE, cancellable, submit_styles_cb,
                                                 g_steal_pointer (&task));
      return;
    }
  post_generation (g_steal_pointer (&task));
}

static AtelierRemoteStatus *
core3d_submit_finish (AtelierProvider  *provider,
                      GAsyncResult     *result,
                      GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  AtelierRemoteStatus *status;

  root = atelier_http_send_json_finish (ATELIER_HTTP (object), result, NULL, &error);
  if (root == NULL)
    g_task_return_error (task, error);
  else if (!(status = parse_generation (root, FALSE, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, status, (GDestroyNotify) atelier_remote_status_free);
}

static AtelierHttpRequest *
generation_request (AtelierCore3dProvider *self,
                    const char            *method,
                    AtelierJob            *job,
                    const char            *suffix)
{
  /* Ids may be URIs (core3d:generation:<uuid>): one path segment each. */
  g_autofree char *escaped = atelier_escape_path_segment (atelier_job_get_remote_id (job));
  g_autofree char *path = g_strconcat ("generations/", escaped, suffix, NULL);

  return atelier_provider_request (self->config, method, path);
}

static void
core3d_poll_async (AtelierProvider     *provider,
                   AtelierJob          *job,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  AtelierCore3dProvider *self = ATELIER_CORE3D_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(AtelierHttpRequest) req = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, core3d_poll_async);

  if (!atelier_provider_check_config (self->config, SERVICE, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  req = generation_request (self, "GET", job, NULL);
  atelier_http_request_set_retry (req, ATELIER_RETRY_IDEMPOTENT);
  atelier_http_send_json_async (self->http, req, cancellable, poll_cb, g_steal_pointer (&task));
}

static AtelierRemoteStatus *
core3d_poll_finish (AtelierProvider  *provider,
                    GAsyncResult     *result,
                    GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- uploads ----------------------------------------------------------- */

static void
upload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  const char *url = NULL;

  root = atelier_http_send_json_finish (ATELIER_HTTP (object), result, NULL, &error);
  if (root == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (root))
    url = atelier_json_get_string (json_node_get_object (root), "url");
  if (url == NULL || !(g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://")))
    {
      atelier_provider_protocol_error (&error, SERVICE, "url");
      g_task_return_error (task, error);
      return;
    }

  /* A presigned link on another host: it carries its own signature, and
   * the token must not follow it. */
  g_task_return_pointer (task, atelier_http_request_new ("GET", url),
                         (GDestroyNotify) atelier_http_request_unref);
}

static void
core3d_fetch_request_async (AtelierProvider     *provider,
                            AtelierJob          *job,
                            const char          *ref,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  AtelierCore3dProvider *self = ATELIER_CORE3D_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(AtelierHttpRequest) req = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, core3d_fetch_request_async);

  if (g_str_has_prefix (ref, "https://") || g_str_has_prefix (ref, "http://"))
    {
      g_task_return_pointer (task, atelier_http_request_new ("GET", ref),
                             (GDestroyNotify) atelier_http_request_unref);
      return;
    }
  if (!atelier_provider_check_config (self->config, SERVICE, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Asked every time: a presigned link is short-lived, and the engine comes
   * back here for a fresh one when a download finds it expired. */
  escaped = atelier_escape_path_segment (ref);
  path = g_strconcat ("uploads/", escaped, NULL);
  req = atelier_provider_request (self->config, "GET", path);
  atelier_http_request_set_retry (req, ATELIER_RETRY_IDEMPOTENT);
  atelier_http_send_json_async (self->http, req, cancellable, upload_cb, g_steal_pointer (&task));
}

static AtelierHttpRequest *
core3d_fetch_request_finish (AtelierProvider  *provider,
                             GAsyncResult     *result,
                             GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- cancellation ------------------------------------------------------ */

static void
cancel_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;

  root = atelier_http_send_json_finish (ATELIER_HTTP (object), result, NULL, &error);
  if (root == NULL)
    {
      g_debug ("Remote cancel failed: %s", error->message);
      g_task_return_error (task, error);
    }
  else
    g_task_return_boolean (task, TRUE);
}

static void
core3d_cancel_async (AtelierProvider     *provider,
                     AtelierJob          *job,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  AtelierCore3dProvider *self = ATELIER_CORE3D_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(AtelierHttpRequest) req = NULL;

  g_task_set_source_tag (task, core3d_cancel_async);

  if (atelier_job_get_remote_id (job) == NULL ||
      !atelier_provider_check_config (self->config, SERVICE, NULL))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Best effort: the job is cancelled locally whatever the answer. */
  req = generation_request (self, "POST", job, "/cancel");
  atelier_http_request_set_retry (req, ATELIER_RETRY_NEVER);
  atelier_http_send_json_async (self->http, req, cancellable, cancel_cb, g_steal_pointer (&task));
}

static gboolean
core3d_cancel_finish (AtelierProvider  *provider,
                      GAsyncResult     *result,
                      GError          **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- object ------------------------------------------------------------ */

static void
provider_iface_init (AtelierProviderInterface *iface)
{
  iface->get_id = core3d_get_id;
  iface->get_display_name = core3d_get_display_name;
  iface->get_params = core3d_get_params;
  iface->validate = core3d_validate;
  iface->submit_async = core3d_submit_async;
  iface->submit_finish = core3d_submit_finish;
  iface->poll_async = core3d_poll_async;
  iface->poll_finish = core3d_poll_finish;
  iface->fetch_request_async = core3d_fetch_request_async;
  iface->fetch_request_finish = core3d_fetch_request_finish;
  iface->cancel_async = core3d_cancel_async;
  iface->cancel_finish = core3d_cancel_finish;
}

static void
atelier_core3d_provider_finalize (GObject *object)
{
  AtelierCore3dProvider *self = (AtelierCore3dProvider *)object;

  g_clear_object (&self->http);
  g_clear_pointer (&self->config, atelier_service_config_free);
  g_clear_pointer (&self->styles, g_ptr_array_unref);
  g_clear_pointer (&self->choice_lists, g_ptr_array_unref);
  g_clear_pointer (&self->style_waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (atelier_core3d_provider_parent_class)->finalize (object);
}

static void
atelier_core3d_provider_class_init (AtelierCore3dProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = atelier_core3d_provider_finalize;

  /**
   * AtelierCore3dProvider::styles-changed:
   *
   * The style list (and so the style parameter's choices) was refreshed.
   */
  signals[STYLES_CHANGED] =
    g_signal_new ("styles-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
atelier_core3d_provider_init (AtelierCore3dProvider *self)
{
  memcpy (self->specs, base_specs, sizeof base_specs);
  self->table.specs = self->specs;
  self->table.n_specs = N_SPECS;
  self->choice_lists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
}

AtelierProvider *
atelier_core3d_provider_new (AtelierHttp                *http,
                             const AtelierServiceConfig *config)
{
  AtelierCore3dProvider *self = g_object_new (ATELIER_TYPE_CORE3D_PROVIDER, NULL);

  self->http = g_object_ref (http);
  self->config = atelier_service_config_copy (config);
  return ATELIER_PROVIDER (self);
}
