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
#include "atelier-core3d-products.h"
#include "atelier-error.h"
#include "atelier-provider-util.h"

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
                   "vector-art", fallback_styles, 0, 0,
                   ATELIER_PARAM_FLAG_OPEN_ENUM | ATELIER_PARAM_FLAG_SERVICE_CHOICES },
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
  AtelierServiceClient  parent_instance;

  /* Own copy of the table: the style choices change once the service answers. */
  AtelierParamSpec      specs[N_SPECS];
  AtelierParamTable     table;
  AtelierCore3dCatalog *styles;        /* AtelierCore3dStyle, from GET /generation-styles */
  GPtrArray            *choice_lists;  /* GStrv: a form may still point at an older list */
};

enum {
  STYLES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AtelierCore3dProvider, atelier_core3d_provider, ATELIER_TYPE_SERVICE_CLIENT)

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
      if (g_strcmp0 (atelier_json_string (json_array_get_element (array, i)), value) == 0)
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
  JsonObject *obj = atelier_json_object (node);
  JsonObject *types_obj = NULL;
  JsonArray *types_array = NULL;

  if (obj == NULL)
    return NULL;
  style->id = g_strdup (atelier_json_get_string (obj, "id"));
  if (style->id == NULL)
    return NULL;
  style->name = g_strdup (atelier_json_get_string (obj, "name"));
  style->preview = g_strdup (atelier_json_get_string (obj, "preview"));
  style->uri = g_strdup (atelier_json_get_string (obj, "uri"));
  if (style->name == NULL)
    style->name = g_strdup (style->id);

  /* {graphic: {supports: ["prompt", "transparency"]}, pattern: {…}} */
  if ((types_obj = atelier_json_object (json_object_get_member (obj, "types"))) != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (types_obj);

      for (GList *l = names; l; l = l->next)
        {
          JsonObject *type = atelier_json_object (json_object_get_member (types_obj, l->data));
          JsonArray *supports = atelier_json_get_array (type, "supports");

          g_strv_builder_add (all, l->data);
          if (supports != NULL && array_has_string (supports, "transparency"))
            g_strv_builder_add (transparent, l->data);
          if (supports != NULL && array_has_string (supports, "prompt"))
            g_strv_builder_add (prompt, l->data);
        }
    }
  else if ((types_array = atelier_json_get_array (obj, "types")) != NULL)
    {
      /* A plain list of names says nothing about inputs: assume prompts. */
      for (guint i = 0; i < json_array_get_length (types_array); i++)
        {
          const char *name = atelier_json_string (json_array_get_element (types_array, i));

          if (name != NULL)
            {
              g_strv_builder_add (all, name);
              g_strv_builder_add (prompt, name);
            }
        }
    }

  style->types = g_strv_builder_end (all);
  style->transparent_types = g_strv_builder_end (transparent);
  style->prompt_types = g_strv_builder_end (prompt);
  return g_steal_pointer (&style);
}

static gpointer
parse_styles (AtelierServiceClient  *self,
              JsonNode              *root,
              GError               **error)
{
  g_autoptr(GPtrArray) styles = g_ptr_array_new_with_free_func ((GDestroyNotify) atelier_core3d_style_free);
  /* A list, or a paginated envelope carrying one. */
  JsonArray *array = JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root)
                                                  : atelier_json_get_array (atelier_json_object (root),
                                                                            "data");

  if (array == NULL)
    return atelier_service_client_protocol_error (self, "generation-styles", error);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      AtelierCore3dStyle *style = parse_style (json_array_get_element (array, i));

      if (style == NULL)
        return atelier_service_client_protocol_error (self, "generation-styles[].id", error);
      g_ptr_array_add (styles, style);
    }

  return g_steal_pointer (&styles);
}

static const AtelierCore3dStyle *
find_style (AtelierCore3dProvider *self,
            const char            *id)
{
  GPtrArray *styles = atelier_core3d_catalog_get (self->styles);

  for (guint i = 0; styles && i < styles->len; i++)
    {
      const AtelierCore3dStyle *style = g_ptr_array_index (styles, i);

      if (g_strcmp0 (style->id, id) == 0 || g_strcmp0 (style->uri, id) == 0)
        return style;
    }
  return NULL;
}

/* A new list: the style parameter's choices follow it. */
static void
set_styles (AtelierServiceClient *client,
            GPtrArray            *styles)
{
  AtelierCore3dProvider *self = ATELIER_CORE3D_PROVIDER (client);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  char **choices;

  for (guint i = 0; i < styles->len; i++)
    g_strv_builder_add (ids, ((AtelierCore3dStyle *) g_ptr_array_index (styles, i))->id);
  choices = g_strv_builder_end (ids);
  g_ptr_array_add (self->choice_lists, choices);
  self->specs[SPEC_STYLE].choices = (const char * const *) choices;

  g_signal_emit (self, signals[STYLES_CHANGED], 0);
  atelier_provider_choices_changed (ATELIER_PROVIDER (self), "style");
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

/* A style as a list shows it: its name and the types it makes. */
static AtelierParamChoice *
style_choice (gconstpointer item)
{
  const AtelierCore3dStyle *style = item;
  g_autofree char *types = g_strjoinv (", ", style->types);
  /* Translators: a style's name and the target types it supports */
  g_autofree char *label = g_strdup_printf (_("%s (%s)"), style->name != NULL ? style->name
                                                                            : style->id, types);

  return atelier_param_choice_new (style->id, label, NULL);
}

static void submit_checked (AtelierCore3dProvider *self,
                            GTask                 *task,
                            const GError          *error);

/* Everyone who waited for the listing: those who asked for styles, those
 * who asked for the style parameter's choices, and submissions to check.
 * Takes @task. */
static void
answer_waiter (AtelierServiceClient *client,
               GTask                *task,
               GPtrArray            *styles,
               const GError         *error)
{
  AtelierCore3dProvider *self = ATELIER_CORE3D_PROVIDER (client);

  if (ATELIER_IS_JOB (g_task_get_task_data (task)))
    submit_checked (self, task, error);
  else
    atelier_core3d_catalog_answer (task, styles, error,
                                   atelier_core3d_provider_list_styles_async,
                                   copy_styles, style_choice);
  g_object_unref (task);
}

/* Takes @task; answers it from the cache, or once the listing arrives. */
static void
wait_for_styles (AtelierCore3dProvider *self,
                 gboolean               refresh,
                 GTask                 *task)
{
  atelier_core3d_catalog_wait (self->styles, ATELIER_SERVICE_CLIENT (self), refresh, task,
                               answer_waiter);
}

static void
core3d_list_choices (AtelierServiceClient *client,
                     const char           *param,
                     gboolean              refresh,
                     GTask                *task)
{
  wait_for_styles (ATELIER_CORE3D_PROVIDER (client), refresh, task);
}

void
atelier_core3d_provider_list_styles_async (AtelierCore3dProvider *self,
                                           gboolean               refresh,
                                           GCancellable          *cancellable,
                                           GAsyncReadyCallback    callback,
                                           gpointer               user_data)
{
  GTask *task;

  g_return_if_fail (ATELIER_IS_CORE3D_PROVIDER (self));

  if ((task = atelier_service_client_start_task (ATELIER_SERVICE_CLIENT (self), cancellable,
                                                 callback, user_data,
                                                 atelier_core3d_provider_list_styles_async)))
    wait_for_styles (self, refresh, task);
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
  return atelier_core3d_catalog_get (self->styles);
}

/* ---- parameters -------------------------------------------------------- */

static gboolean
is_true (const char *value)
{
  return value != NULL && (g_ascii_strcasecmp (value, "true") == 0 || g_str_equal (value, "1") ||
                           g_ascii_strcasecmp (value, "yes") == 0);
}

static gboolean
core3d_validate (AtelierServiceClient  *client,
                 GHashTable            *params,
                 GError               **error)
{
  AtelierCore3dProvider *self = ATELIER_CORE3D_PROVIDER (client);
  const char *style_id = atelier_param_get (&self->table, params, "style");
  const char *type = atelier_param_get (&self->table, params, "type");
  const AtelierCore3dStyle *style;

  /* Without the list there is nothing to check against: the service decides. */
  if (atelier_core3d_catalog_get (self->styles) == NULL)
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

static const AtelierParamTable *
core3d_get_params (AtelierServiceClient *client)
{
  return &ATELIER_CORE3D_PROVIDER (client)->table;
}

static AtelierParamChoice *
core3d_get_choice (AtelierServiceClient *client,
                   const char           *param,
                   const char           *value)
{
  const AtelierCore3dStyle *style = NULL;

  if (g_str_equal (param, "style"))
    style = find_style (ATELIER_CORE3D_PROVIDER (client), value);
  return style != NULL ? style_choice (style) : NULL;
}

/* ---- generations ------------------------------------------------------- */

/* Core3D's own words about a failure, wherever it put them. */
const char *
atelier_core3d_find_message (JsonObject *obj)
{
  JsonObject *result = atelier_json_object (json_object_get_member (obj, "result"));
  const char *message;

  if ((message = atelier_json_element_string (json_object_get_member (obj, "error"), "message",
                                              NULL)) ||
      (message = atelier_json_get_any_string (result, "message", "error", NULL)))
    return message;
  return atelier_json_get_string (obj, "message");
}

static gboolean
protocol_error (AtelierServiceClient  *self,
                const char            *field,
                GError               **error)
{
  atelier_service_client_protocol_error (self, field, error);
  return FALSE;
}

static gboolean
add_uploads (AtelierServiceClient  *self,
             AtelierRemoteStatus   *status,
             JsonObject            *obj,
             GError               **error)
{
  JsonObject *result = atelier_json_object (json_object_get_member (obj, "result"));
  JsonArray *uploads = atelier_json_get_array (result, "uploads");

  if (result == NULL)
    return protocol_error (self, "result", error);
  if (uploads == NULL)
    return protocol_error (self, "result.uploads", error);

  for (guint i = 0; i < json_array_get_length (uploads); i++)
    {
      /* An upload URI, or an upload object carrying one. */
      const char *ref = atelier_json_element_string (json_array_get_element (uploads, i),
                                                     "uri", "id");

      if (ref == NULL || *ref == '\0')
        return protocol_error (self, "result.uploads[]", error);
      g_ptr_array_add (status->outputs, g_strdup (ref));
    }

  if (status->outputs->len == 0)
    return protocol_error (self, "result.uploads", error);
  return TRUE;
}

AtelierRemoteStatus *
atelier_core3d_read_progress (AtelierServiceClient  *self,
                              JsonObject            *answer,
                              gboolean               submitted,
                              const char            *failed_format,
                              const char            *failed_fallback,
                              GError               **error)
{
  const char *id = atelier_json_get_any_string (answer, "uri", "id", NULL);
  g_autoptr(AtelierRemoteStatus) status = NULL;
  const char *state;
  double progress;

  if (id == NULL || *id == '\0')
    return atelier_service_client_protocol_error (self, "id", error);
  if (!atelier_service_client_read_state (self, answer, submitted, &state, error))
    return NULL;

  if (state == NULL || g_str_equal (state, "pending") || g_str_equal (state, "waiting"))
    status = atelier_remote_status_new (ATELIER_REMOTE_PENDING);
  else if (g_str_equal (state, "ok"))
    status = atelier_remote_status_new (ATELIER_REMOTE_DONE);
  else if (g_str_equal (state, "error"))
    status = atelier_service_client_failed (self, atelier_core3d_find_message (answer), failed_format,
                                            failed_fallback);
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
  return g_steal_pointer (&status);
}

char *
atelier_core3d_redact_answer (AtelierServiceClient *self,
                              JsonObject           *answer)
{
  const char *token = atelier_service_client_get_config (self)->token;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *json = NULL;
  g_autoptr(GString) text = NULL;

  json_node_set_object (node, answer);
  json = json_to_string (node, FALSE);
  text = g_string_new (json);
  /* Kept for a bug report: a token the service echoed must not be. */
  if (token != NULL && *token != '\0')
    g_string_replace (text, token, "…", 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static AtelierRemoteStatus *
parse_generation (AtelierServiceClient  *self,
                  JsonObject            *answer,
                  gboolean               submitted,
                  GError               **error)
{
  g_autoptr(AtelierRemoteStatus) status =
    atelier_core3d_read_progress (self, answer, submitted,
                                  _("Core3D could not make this image: %s"),
                                  _("Core3D could not make this image. Try again, or "
                                    "change the prompt or style."), error);

  if (status == NULL)
    return NULL;
  if (status->state == ATELIER_REMOTE_DONE)
    {
      if (!add_uploads (self, status, answer, error))
        return NULL;
      /* The upload URIs outlive the download: "Put on a product…" uses them
       * instead of uploading the image again. */
      g_autofree char *uploads = NULL;

      g_ptr_array_add (status->outputs, NULL);
      uploads = g_strjoinv (",", (char **) status->outputs->pdata);
      g_ptr_array_remove_index (status->outputs, status->outputs->len - 1);
      atelier_remote_status_set_result (status, "uploads", uploads);
      /* Core3D bills by what it made and states no price: the count of
       * images it listed is what this job cost, in its own terms. */
      status->cost = atelier_cost_new (ATELIER_COST_UNIT_IMAGES, status->outputs->len);
    }
  return g_steal_pointer (&status);
}

/* Core3D answers a prompt its moderation refuses with a 422: same code
 * (nothing was charged), but say what it means here. */
static GError *
core3d_map_error (AtelierServiceClient *self,
                  GError               *error)
{
  if (!g_error_matches (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_UNPROCESSABLE))
    return error;
  g_error_free (error);
  return g_error_new_literal (ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_UNPROCESSABLE,
                              _("Core3D’s moderation refused this prompt (HTTP 422), so "
                                "nothing was made or charged. Rephrase the prompt and try "
                                "again."));
}

/* {type: "image", data: {the parameters}} */
static AtelierHttpRequest *
core3d_submission (AtelierServiceClient  *client,
                   GHashTable            *params,
                   GError               **error)
{
  AtelierHttpRequest *req = atelier_service_client_request (client, "POST", "generations");
  JsonObject *body = json_object_new ();
  g_autoptr(JsonNode) node = atelier_json_node_take_object (body);

  json_object_set_string_member (body, "type", "image");
  json_object_set_member (body, "data",
                          atelier_params_to_json (&ATELIER_CORE3D_PROVIDER (client)->table, params));
  atelier_http_request_set_json_body (req, node);
  return req;
}

static void
chain_submit (AtelierServiceClient *client,
              AtelierJob           *job,
              GTask                *task)
{
  ATELIER_SERVICE_CLIENT_CLASS (atelier_core3d_provider_parent_class)->submit (client, job, task);
}

/* A job made before the styles were known (a script, a restart) is checked
 * against them once listed: listing is free, a refused generation may not
 * be. Without the list the service is the judge. */
static void
submit_checked (AtelierCore3dProvider *self,
                GTask                 *task,
                const GError          *error)
{
  AtelierJob *job = g_task_get_task_data (task);
  g_autoptr(GError) refused = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  if (error != NULL)
    g_debug ("Could not list the styles before submitting: %s", error->message);
  else if (!core3d_validate (ATELIER_SERVICE_CLIENT (self), atelier_job_get_params (job),
                             &refused))
    {
      g_task_return_error (task, g_steal_pointer (&refused));
      return;
    }
  chain_submit (ATELIER_SERVICE_CLIENT (self), job, g_object_ref (task));
}

static void
core3d_submit (AtelierServiceClient *client,
               AtelierJob           *job,
               GTask                *task)
{
  AtelierCore3dProvider *self = ATELIER_CORE3D_PROVIDER (client);

  if (atelier_core3d_catalog_get (self->styles) == NULL)
    wait_for_styles (self, FALSE, task);
  else
    chain_submit (client, job, task);
}

/* ---- uploads ----------------------------------------------------------- */

static gpointer
parse_upload (AtelierServiceClient  *self,
              JsonNode              *root,
              GError               **error)
{
  JsonObject *obj = atelier_json_object (root);
  const char *url = atelier_json_get_string (obj, "url");

  if (!atelier_is_http_url (url))
    return atelier_service_client_protocol_error (self, "url", error);
  /* A presigned link on another host: it carries its own signature, and
   * the token must not follow it. */
  return atelier_http_request_new ("GET", url);
}

/* An upload URI: asked every time, since a presigned link is short-lived
 * and the engine comes back here for a fresh one when a download finds it
 * expired. */
void
atelier_core3d_fetch_upload (AtelierServiceClient *client,
                             AtelierJob           *job,
                             const char           *ref,
                             GTask                *task)
{
  g_autoptr(AtelierHttpRequest) req = NULL;

  req = atelier_service_client_request_id (client, "GET", "uploads/", ref, NULL);
  atelier_http_request_set_retry (req, ATELIER_RETRY_IDEMPOTENT);
  atelier_service_client_send (client, req, parse_upload,
                               (GDestroyNotify) atelier_http_request_unref, task);
}

/* ---- object ------------------------------------------------------------ */

static void
atelier_core3d_provider_finalize (GObject *object)
{
  AtelierCore3dProvider *self = (AtelierCore3dProvider *)object;

  g_clear_pointer (&self->styles, atelier_core3d_catalog_free);
  g_clear_pointer (&self->choice_lists, g_ptr_array_unref);

  G_OBJECT_CLASS (atelier_core3d_provider_parent_class)->finalize (object);
}

static void
atelier_core3d_provider_class_init (AtelierCore3dProviderClass *klass)
{
  AtelierServiceClientClass *client_class = ATELIER_SERVICE_CLIENT_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = atelier_core3d_provider_finalize;

  /**
   * AtelierCore3dProvider::styles-changed:
   *
   * The style list (and so the style parameter's choices) was refreshed.
   */
  signals[STYLES_CHANGED] =
    g_signal_new ("styles-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  /* The table is each instance's own: the styles fill its choices. */
  atelier_service_client_class_set_service (client_class, "core3d", N_("Core3D"), NULL);
  client_class->get_params = core3d_get_params;
  client_class->list_choices = core3d_list_choices;
  client_class->get_choice = core3d_get_choice;
  client_class->validate = core3d_validate;
  /* Generations: checked against the styles, submitted, polled, cancelled. */
  client_class->status_path = "generations/";
  client_class->submit = core3d_submit;
  client_class->submission = core3d_submission;
  client_class->map_error = core3d_map_error;
  client_class->parse_status = parse_generation;
  client_class->cancel_suffix = "/cancel";
  /* Results are upload URIs, resolved to presigned links. */
  client_class->fetch_request = atelier_core3d_fetch_upload;
  /* Free, and answers only with the right token. */
  client_class->test_path = "generation-styles";
}

static void
atelier_core3d_provider_init (AtelierCore3dProvider *self)
{
  memcpy (self->specs, base_specs, sizeof base_specs);
  self->table.specs = self->specs;
  self->table.n_specs = N_SPECS;
  self->choice_lists = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->styles = atelier_core3d_catalog_new ("generation-styles", parse_styles, set_styles);
}
