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
#include "atelier-styledna-private.h"

#define ANCHOR_DEADLINE_US (10 * 60 * G_USEC_PER_SEC)

const char * const _atelier_styledna_aspect_ratios[] = {
  "1:1", "2:3", "3:4", "4:3", "9:16", "3:2", "16:9", NULL
};
const char * const _atelier_styledna_image_formats[] = { "png", "webp", NULL };

struct _AtelierStylednaProvider
{
  AtelierServiceClient parent_instance;
};

G_DEFINE_FINAL_TYPE (AtelierStylednaProvider, atelier_styledna_provider, ATELIER_TYPE_SERVICE_CLIENT)

static const AtelierParamSpec specs[] = {
  ATELIER_STYLEDNA_REQUIRED_SPEC ("visualPrompt", ATELIER_PARAM_TEXT, N_("Prompt"),
                                  N_("What the image should show")),
  ATELIER_STYLEDNA_REQUIRED_SPEC ("anchorImageUrl", ATELIER_PARAM_URL, N_("Anchor image"),
                                  N_("Address of the image whose style to follow")),
  ATELIER_STYLEDNA_REQUIRED_SPEC ("description", ATELIER_PARAM_TEXT, N_("Style description"),
                                  N_("The style of the anchor, in words")),
  ATELIER_STYLEDNA_SHAPE_SPECS (N_("Better quality than a custom size; not with width and height"),
                                ATELIER_PARAM_FLAG_NONE),
};

static const AtelierParamTable table = { specs, G_N_ELEMENTS (specs) };

const char *
_atelier_styledna_get (AtelierServiceClient *self,
                       GHashTable           *params,
                       const char           *name)
{
  return atelier_param_get (atelier_provider_get_params (ATELIER_PROVIDER (self)), params, name);
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

/* width and height together, not with aspectRatio, their area at most
 * ATELIER_STYLEDNA_MAX_AREA: the rules of /generate and /edit alike. */
static gboolean
check_size (const AtelierParamTable  *params_table,
            GHashTable               *params,
            GError                  **error)
{
  const char *width = atelier_param_get (params_table, params, "width");
  const char *height = atelier_param_get (params_table, params, "height");

  if ((width == NULL) != (height == NULL))
    return atelier_param_refuse (error, _("width and height must be given together"));

  if (width != NULL && atelier_param_get (params_table, params, "aspectRatio") != NULL)
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

gboolean
_atelier_styledna_validate (AtelierServiceClient  *client,
                            GHashTable            *params,
                            GError               **error)
{
  const AtelierParamTable *params_table = atelier_provider_get_params (ATELIER_PROVIDER (client));

  /* The images both take (anchorImageUrl, imageUrl) are fetched by the service. */
  for (guint i = 0; i < params_table->n_specs; i++)
    {
      const AtelierParamSpec *spec = &params_table->specs[i];
      const char *url = atelier_param_get (params_table, params, spec->name);

      if (spec->type == ATELIER_PARAM_URL && url != NULL && !atelier_is_http_url (url))
        return atelier_param_refuse (error, _("%s must be an http or https address the service "
                                              "can reach, not “%s”"), spec->name, url);
    }

  return check_size (params_table, params, error);
}

static GError *
styledna_map_error (AtelierServiceClient *self,
                    GError               *error)
{
  GError *mapped;

  /* Keys carry a scope and domains, checked on every request: a key good
   * for textcraft alone answers 403 here. */
  if (!g_error_matches (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_FORBIDDEN))
    return error;
  mapped = g_error_new (ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_FORBIDDEN,
                        _("%s Style DNA refused this key: this key lacks the style-dna domain "
                          "(or its scope is below generator). Use a key whose domains include "
                          "style-dna or *."), error->message);
  g_error_free (error);
  return mapped;
}

/* ---- artworks ---------------------------------------------------------- */

/* The v1 API answered with creditsUsed; v2 artworks state no price, so
 * the images the service listed are the cost, in its own terms. */
static AtelierCost *
read_cost (JsonObject *answer,
           guint       n_images)
{
  gint64 credits = atelier_json_get_count (answer, "creditsUsed");

  if (credits >= 0)
    return atelier_cost_new (ATELIER_COST_UNIT_CREDITS, credits);
  return atelier_cost_new (ATELIER_COST_UNIT_IMAGES, n_images);
}

/* A 202 may carry no status yet (@submitted): the artwork was only accepted. */
static AtelierRemoteStatus *
parse_artwork (AtelierServiceClient  *self,
               JsonObject            *answer,
               gboolean               submitted,
               GError               **error)
{
  const char *id = atelier_json_get_string (answer, "id");
  g_autoptr(AtelierRemoteStatus) status = NULL;
  const char *state;

  if (id == NULL || *id == '\0')
    return atelier_service_client_protocol_error (self, "id", error);
  if (!atelier_service_client_read_state (self, answer, submitted, &state, error))
    return NULL;

  if (g_strcmp0 (state, "succeeded") == 0)
    {
      JsonArray *results = atelier_json_get_array (answer, "results");

      if (results == NULL)
        return atelier_service_client_protocol_error (self, "results", error);
      status = atelier_remote_status_new (ATELIER_REMOTE_DONE);
      for (guint i = 0; i < json_array_get_length (results); i++)
        {
          /* A URL, or an object carrying one. */
          const char *url = atelier_json_element_string (json_array_get_element (results, i),
                                                         "url", NULL);

          if (!atelier_is_http_url (url))
            return atelier_service_client_protocol_error (self, "results[]", error);
          g_ptr_array_add (status->outputs, g_strdup (url));
        }
      status->cost = read_cost (answer, status->outputs->len);
    }
  else if (g_strcmp0 (state, "failed") == 0)
    status = atelier_service_client_failed (self,
                                            atelier_json_get_any_string (answer, "error", "message",
                                                                         NULL),
                                            _("Style DNA could not make this image: %s"),
                                            _("Style DNA could not make this image. Try another "
                                              "prompt or anchor."));
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

/* Both clients POST their parameters as they are, to the path kept here. */
static GQuark
submission_path_quark (void)
{
  return g_quark_from_static_string ("atelier-styledna-submission-path");
}

static AtelierHttpRequest *
post_params (AtelierServiceClient  *self,
             GHashTable            *params,
             GError               **error)
{
  const char *path = g_type_get_qdata (G_OBJECT_TYPE (self), submission_path_quark ());
  g_autoptr(JsonNode) body = atelier_params_to_json (atelier_provider_get_params (ATELIER_PROVIDER (self)),
                                                     params);

  return atelier_service_client_post_json (self, path, json_node_dup_object (body));
}

void
_atelier_styledna_class_setup (AtelierServiceClientClass *client_class,
                               gboolean (*validate) (AtelierServiceClient *,
                                                     GHashTable *,
                                                     GError **),
                               const char                *path)
{
  g_type_set_qdata (G_TYPE_FROM_CLASS (client_class), submission_path_quark (), (gpointer) path);
  client_class->status_path = "v2/artworks/";
  client_class->validate = validate ? validate : _atelier_styledna_validate;
  client_class->submission = post_params;
  client_class->parse_status = parse_artwork;
  client_class->map_error = styledna_map_error;
}

/* ---- anchors ----------------------------------------------------------- */

/* Read in anchor_status_cb, which knows whether it is the first answer. */
static gpointer
keep_answer (AtelierServiceClient  *self,
             JsonNode              *root,
             GError               **error)
{
  return json_node_ref (root);
}

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
  g_autoptr(GTask) task = G_TASK (user_data);
  Anchor *anchor = g_task_get_task_data (task);
  AtelierServiceClient *self = ATELIER_SERVICE_CLIENT (object);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(AtelierRemoteStatus) status = NULL;
  GError *error = NULL;

  root = atelier_service_client_send_finish (self, result, &error);
  if (root != NULL)
    status = atelier_service_client_read_status (self, root, anchor->id == NULL, &error);
  if (status == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (anchor->id == NULL)
    anchor->id = g_strdup (status->remote_id);

  switch (status->state)
    {
    case ATELIER_REMOTE_DONE:
      if (status->outputs->len == 0)
        {
          atelier_service_client_protocol_error (self, "results", &error);
          g_task_return_error (task, error);
        }
      else
        g_task_return_pointer (task, g_strdup (g_ptr_array_index (status->outputs, 0)), g_free);
      return;

    case ATELIER_REMOTE_FAILED:
      g_task_return_new_error (task, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_FAILED,
                               "%s", status->message);
      return;

    case ATELIER_REMOTE_CANCELLED:
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The anchor was cancelled by the service."));
      return;

    case ATELIER_REMOTE_PENDING:
    case ATELIER_REMOTE_RUNNING:
    default:
      if (g_get_monotonic_time () - anchor->started > ANCHOR_DEADLINE_US)
        {
          g_task_return_new_error (task, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_DEADLINE,
                                   _("Style DNA did not finish the anchor within 10 minutes."));
          return;
        }
      /* The timer holds the task until the next poll. */
      anchor->source = g_timeout_add (anchor->interval_ms, anchor_timeout_cb,
                                      g_steal_pointer (&task));
      anchor->interval_ms = MIN (anchor->interval_ms * 3 / 2, 5000);
      return;
    }
}

static void
anchor_poll (GTask *task)
{
  AtelierServiceClient *self = g_task_get_source_object (task);
  Anchor *anchor = g_task_get_task_data (task);
  g_autoptr(AtelierHttpRequest) req = atelier_service_client_status_request (self, anchor->id);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  atelier_service_client_send_async (self, req, keep_answer, (GDestroyNotify) json_node_unref,
                                     g_task_get_cancellable (task), anchor_status_cb, task);
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
  AtelierServiceClient *client = (AtelierServiceClient *) self;
  g_autoptr(GTask) task = NULL;
  g_autoptr(AtelierHttpRequest) req = NULL;
  JsonObject *body;
  Anchor *anchor;
  const char *poll_ms = g_getenv ("ATELIER_POLL_MS");

  g_return_if_fail (ATELIER_IS_STYLEDNA_PROVIDER (self));

  task = atelier_service_client_start_task (client, cancellable, callback, user_data,
                                            atelier_styledna_provider_generate_anchor_async);
  if (task == NULL)
    return;
  if (visual_prompt == NULL || *visual_prompt == '\0')
    {
      g_task_return_new_error (task, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_MISSING,
                               _("visualPrompt is required"));
      return;
    }
  if (aspect_ratio != NULL && !g_strv_contains (_atelier_styledna_aspect_ratios, aspect_ratio))
    {
      g_autofree char *allowed = g_strjoinv (", ", (char **) _atelier_styledna_aspect_ratios);
      g_task_return_new_error (task, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                               _("aspectRatio must be one of %s, not “%s”"), allowed, aspect_ratio);
      return;
    }

  anchor = g_new0 (Anchor, 1);
  anchor->started = g_get_monotonic_time ();
  anchor->interval_ms = poll_ms ? MAX ((guint) g_ascii_strtoull (poll_ms, NULL, 10), 10) : 500;
  g_task_set_task_data (task, anchor, (GDestroyNotify) anchor_free);

  body = json_object_new ();
  json_object_set_string_member (body, "visualPrompt", visual_prompt);
  if (description != NULL && *description != '\0')
    json_object_set_string_member (body, "description", description);
  if (aspect_ratio != NULL)
    json_object_set_string_member (body, "aspectRatio", aspect_ratio);

  req = atelier_service_client_post_json (client, "v2/style-dna/generate-anchor", body);
  atelier_http_request_set_retry (req, ATELIER_RETRY_SUBMIT);
  atelier_service_client_send_async (client, req, keep_answer, (GDestroyNotify) json_node_unref,
                                     cancellable, anchor_status_cb, g_steal_pointer (&task));
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
atelier_styledna_provider_class_init (AtelierStylednaProviderClass *klass)
{
  AtelierServiceClientClass *client_class = ATELIER_SERVICE_CLIENT_CLASS (klass);

  atelier_service_client_class_set_service (client_class, "styledna", N_("Style DNA"), &table);
  _atelier_styledna_class_setup (client_class, NULL, "v2/style-dna/generate");
}

static void
atelier_styledna_provider_init (AtelierStylednaProvider *self)
{
}
