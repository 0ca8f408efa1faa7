/* atelier-image3d.c: image3d text- and image-to-3D
 *
 * The token is usually a Firebase ID token that lasts an hour, so a 401 is
 * an everyday event: it says "sign in again", and because the engine keeps
 * the task id, Retry resumes polling instead of paying for a new model.
 * Models are large and live on a CDN: the engine streams them without the
 * token (the interface's default fetch).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-image3d"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-http.h"
#include "atelier-image3d.h"
#include "atelier-provider-util.h"

#define SERVICE         _("image3d")
#define MAX_IMAGE_BYTES (20 * 1024 * 1024)

/* The one list of tiers: the documented four, plus "proplus" from the
 * newer revision (standard, pro, proplus), which publishes no figures. */
static const AtelierImage3dTier tiers[] = {
  { "fast",     N_("Fast"),     "Trellis",      10, N_("8K–15K faces"),   FALSE },
  { "standard", N_("Standard"), "Trellis",      10, N_("15K–25K faces"),  FALSE },
  { "pro",      N_("Pro"),      "Hunyuan3D v3", 30, N_("40K–60K faces"),  TRUE },
  { "proplus",  N_("Pro+"),     NULL,           0,  NULL,                 FALSE },
  { "ultra",    N_("Ultra"),    "Hunyuan3D v3", 60, N_("Up to 1M faces"), TRUE },
  { NULL }
};

#define N_TIERS (G_N_ELEMENTS (tiers) - 1)

static const char *quality_choices[N_TIERS + 1];
static const char * const modes[] = { "text", "image", NULL };

static const AtelierParamSpec specs[] = {
  { "mode", ATELIER_PARAM_ENUM, N_("Mode"),
    N_("Make the model from a prompt or from an image; giving an image selects image mode"),
    "text", modes },
  { "prompt", ATELIER_PARAM_TEXT, N_("Prompt"), N_("Text mode: what the model should be"),
    NULL, NULL, 0, 0, ATELIER_PARAM_FLAG_NONE, NULL, "text" },
  { "image", ATELIER_PARAM_FILE, N_("Image"),
    N_("Image mode: a PNG, JPEG or WebP picture of the object"),
    NULL, NULL, 0, 0, ATELIER_PARAM_FLAG_NONE, NULL, "image" },
  { "quality", ATELIER_PARAM_ENUM, N_("Quality"),
    N_("Higher tiers take longer, make denser meshes and cost more credits"),
    "pro", (const char * const *) quality_choices },
  { "mesh_only", ATELIER_PARAM_BOOL, N_("Mesh only"), N_("Geometry without textures"),
    NULL, NULL, 0, 0, ATELIER_PARAM_FLAG_ADVANCED },
};

static const AtelierParamTable table = { specs, G_N_ELEMENTS (specs) };

struct _AtelierImage3dProvider
{
  GObject               parent_instance;
  AtelierHttp          *http;
  AtelierServiceConfig *config;
};

static void provider_iface_init (AtelierProviderInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (AtelierImage3dProvider, atelier_image3d_provider, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (ATELIER_TYPE_PROVIDER, provider_iface_init))

const AtelierImage3dTier *
atelier_image3d_get_tiers (guint *n_tiers)
{
  if (n_tiers != NULL)
    *n_tiers = N_TIERS;
  return tiers;
}

static const char *
get (GHashTable *params,
     const char *name)
{
  return atelier_param_get (&table, params, name);
}

/* An explicit mode wins; otherwise an image means image mode. */
static const char *
effective_mode (GHashTable *params)
{
  const char *mode = g_hash_table_lookup (params, "mode");

  if (mode != NULL && *mode != '\0')
    return mode;
  return get (params, "image") != NULL ? "image" : "text";
}

/* ---- errors ------------------------------------------------------------ */

/* Takes @error; gives the codes a caller acts on (sign in, buy credits). */
static GError *
translate_error (GError *error)
{
  if (g_error_matches (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_UNAUTHORIZED))
    {
      g_error_free (error);
      return g_error_new_literal (ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NEEDS_SIGN_IN,
                                  _("The image3d sign-in expired (Firebase ID tokens last an "
                                    "hour). Sign in again, then Retry to resume this job."));
    }
  if (g_error_matches (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_PAYMENT_REQUIRED))
    {
      g_error_free (error);
      return g_error_new (ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_NO_CREDITS,
                          _("Not enough image3d credits for this job. Buy more at %s, then "
                            "Retry."), ATELIER_IMAGE3D_PRICING_URL);
    }
  return error;
}

/* ---- parameters -------------------------------------------------------- */

/* The service wants a picture: say so before a request is paid for. */
static gboolean
check_image (const char  *path,
             GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autofree char *name = g_path_get_basename (path);
  guint8 head[16];
  gsize n = 0;
  const char *ext;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, error);
  if (info == NULL)
    return FALSE;
  if (g_file_info_get_size (info) > MAX_IMAGE_BYTES)
    {
      g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                   _("image: “%s” is larger than %d MB"), name, MAX_IMAGE_BYTES / (1024 * 1024));
      return FALSE;
    }

  in = g_file_read (file, NULL, error);
  if (in == NULL || !g_input_stream_read_all (G_INPUT_STREAM (in), head, sizeof head, &n,
                                              NULL, error))
    return FALSE;
  ext = atelier_sniff_extension (head, n);
  if (ext == NULL || g_str_equal (ext, "glb") || g_str_equal (ext, "gltf"))
    {
      g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                   _("image: “%s” is not a PNG, JPEG or WebP image"), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
image3d_validate (AtelierProvider  *provider,
                  GHashTable       *params,
                  GError          **error)
{
  const char *mode = effective_mode (params);
  const char *image = get (params, "image");

  if (g_str_equal (mode, "text"))
    {
      if (image != NULL)
        return atelier_param_refuse (error, _("image needs mode image (text mode makes a model from the "
                                "prompt alone)"));
      if (get (params, "prompt") == NULL)
        return atelier_param_refuse (error, _("prompt is required in text mode"));
    }
  else if (image == NULL)
    return atelier_param_refuse (error, _("image is required in image mode"));
  else if (!check_image (image, error))
    return FALSE;

  return TRUE;
}

static const char *
image3d_get_id (AtelierProvider *provider)
{
  return "image3d";
}

static const char *
image3d_get_display_name (AtelierProvider *provider)
{
  return SERVICE;
}

static const AtelierParamTable *
image3d_get_params (AtelierProvider *provider)
{
  return &table;
}

static AtelierJobKind
image3d_get_kind (AtelierProvider *provider,
                  GHashTable      *params)
{
  return ATELIER_JOB_KIND_MODEL;
}

static guint
image3d_get_poll_interval (AtelierProvider *provider,
                           gboolean         first)
{
  /* ATELIER_POLL_MS (scripts, tests) tunes the engine: defer to it. */
  if (g_getenv ("ATELIER_POLL_MS") != NULL)
    return 0;
  return first ? 1000 : 10000;
}

/* ---- submission -------------------------------------------------------- */

typedef struct
{
  char    *mode;
  char    *prompt;
  char    *image_path;
  char    *quality;
  gboolean mesh_only;
  gboolean has_mesh_only;
} BodyData;

static void
body_data_free (BodyData *bd)
{
  g_free (bd->mode);
  g_free (bd->prompt);
  g_free (bd->image_path);
  g_free (bd->quality);
  g_free (bd);
}

/* In a thread: an image is read and base64-encoded, megabytes of work. */
static void
build_body_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  BodyData *bd = task_data;
  JsonObject *obj = json_object_new ();
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), obj);

  json_object_set_string_member (obj, "mode", bd->mode);
  if (bd->image_path != NULL)
    {
      g_autofree char *data = NULL;
      g_autofree char *b64 = NULL;
      GError *error = NULL;
      gsize len;

      if (!g_file_get_contents (bd->image_path, &data, &len, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      if (len > MAX_IMAGE_BYTES)
        {
          g_task_return_new_error (task, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                                   _("image is larger than %d MB"),
                                   MAX_IMAGE_BYTES / (1024 * 1024));
          return;
        }
      b64 = g_base64_encode ((const guchar *) data, len);
      json_object_set_string_member (obj, "image", b64);
    }
  else if (bd->prompt != NULL)
    json_object_set_string_member (obj, "prompt", bd->prompt);
  json_object_set_string_member (obj, "quality", bd->quality);
  if (bd->has_mesh_only)
    json_object_set_boolean_member (obj, "mesh_only", bd->mesh_only);

  g_task_return_pointer (task, g_steal_pointer (&node), (GDestroyNotify) json_node_unref);
}

static void
request_sent (gpointer req,
              gpointer user_data)
{
  AtelierJob *job = user_data;

  if (atelier_job_get_status (job) == ATELIER_JOB_STATUS_SUBMITTING)
    atelier_job_set_status (job, ATELIER_JOB_STATUS_RUNNING);
}

static void
submit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(AtelierRemoteStatus) status = NULL;
  GError *error = NULL;
  const char *task_id = NULL;
  const char *state = NULL;

  root = atelier_http_send_json_finish (ATELIER_HTTP (object), result, NULL, &error);
  if (root == NULL)
    {
      g_task_return_error (task, translate_error (error));
      return;
    }

  if (JSON_NODE_HOLDS_OBJECT (root))
    {
      task_id = atelier_json_get_string (json_node_get_object (root), "task_id");
      state = atelier_json_get_string (json_node_get_object (root), "status");
    }
  if (task_id == NULL || *task_id == '\0')
    {
      atelier_provider_protocol_error (&error, SERVICE, "task_id");
      g_task_return_error (task, error);
      return;
    }

  status = atelier_remote_status_new (g_strcmp0 (state, "processing") == 0
                                      ? ATELIER_REMOTE_RUNNING : ATELIER_REMOTE_PENDING);
  status->remote_id = g_strdup (task_id);
  g_task_return_pointer (task, g_steal_pointer (&status), (GDestroyNotify) atelier_remote_status_free);
}

static void
body_built_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AtelierImage3dProvider *self = g_task_get_source_object (task);
  AtelierJob *job = g_task_get_task_data (task);
  g_autoptr(AtelierHttpRequest) req = NULL;
  g_autoptr(JsonNode) body = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  body = g_task_propagate_pointer (G_TASK (result), &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  req = atelier_provider_request (self->config, "POST", "api/generate");
  atelier_http_request_set_json_body (req, body);
  atelier_http_request_set_retry (req, ATELIER_RETRY_SUBMIT);
  atelier_http_request_set_sent_func (req, request_sent, job);
  cancellable = g_task_get_cancellable (task);
  atelier_http_send_json_async (self->http, req, cancellable, submit_cb, g_steal_pointer (&task));
}

static void
image3d_submit_async (AtelierProvider     *provider,
                      AtelierJob          *job,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  AtelierImage3dProvider *self = ATELIER_IMAGE3D_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) build = NULL;
  GHashTable *params = atelier_job_get_params (job);
  const char *mesh_only = get (params, "mesh_only");
  BodyData *bd;
  GError *error = NULL;

  g_task_set_source_tag (task, image3d_submit_async);
  g_task_set_task_data (task, g_object_ref (job), g_object_unref);

  if (!atelier_provider_check_config (self->config, SERVICE, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  bd = g_new0 (BodyData, 1);
  bd->mode = g_strdup (effective_mode (params));
  if (g_str_equal (bd->mode, "image"))
    bd->image_path = g_strdup (get (params, "image"));
  else
    bd->prompt = g_strdup (get (params, "prompt"));
  bd->quality = g_strdup (get (params, "quality"));
  if (mesh_only != NULL)
    {
      JsonNode *node = atelier_param_to_json (atelier_param_table_lookup (&table, "mesh_only"),
                                              mesh_only);
      bd->has_mesh_only = TRUE;
      bd->mesh_only = json_node_get_boolean (node);
      json_node_unref (node);
    }

  build = g_task_new (self, cancellable, body_built_cb, g_steal_pointer (&task));
  g_task_set_source_tag (build, build_body_thread);
  g_task_set_task_data (build, bd, (GDestroyNotify) body_data_free);
  if (bd->image_path != NULL)
    g_task_run_in_thread (build, build_body_thread);
  else
    build_body_thread (build, self, bd, cancellable);
}

static AtelierRemoteStatus *
image3d_submit_finish (AtelierProvider  *provider,
                       GAsyncResult     *result,
                       GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- polling ----------------------------------------------------------- */

static AtelierRemoteStatus *
parse_status (JsonNode  *root,
              GError   **error)
{
  g_autoptr(AtelierRemoteStatus) status = NULL;
  JsonObject *obj;
  const char *state;
  double progress;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return atelier_provider_protocol_error (error, SERVICE, "status");
  obj = json_node_get_object (root);
  state = atelier_json_get_string (obj, "status");
  if (state == NULL)
    return atelier_provider_protocol_error (error, SERVICE, "status");

  if (g_str_equal (state, "success"))
    {
      const char *url = atelier_json_get_string (obj, "model_url");

      if (url == NULL || !(g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://")))
        return atelier_provider_protocol_error (error, SERVICE, "model_url");
      status = atelier_remote_status_new (ATELIER_REMOTE_DONE);
      g_ptr_array_add (status->outputs, g_strdup (url));
      return g_steal_pointer (&status);
    }

  if (g_str_equal (state, "failed"))
    {
      const char *message = atelier_json_get_string (obj, "error");

      if (message == NULL)
        message = atelier_json_get_string (obj, "message");
      status = atelier_remote_status_new (ATELIER_REMOTE_FAILED);
      status->message = message
        ? g_strdup_printf (_("image3d could not make this model: %s"), message)
        : g_strdup (_("image3d could not make this model. Try another prompt or image."));
      return g_steal_pointer (&status);
    }

  if (!g_str_equal (state, "queued") && !g_str_equal (state, "processing"))
    g_debug ("Unknown image3d status “%s”, treated as processing", state);
  status = atelier_remote_status_new (g_str_equal (state, "queued") ? ATELIER_REMOTE_PENDING
                                                                    : ATELIER_REMOTE_RUNNING);
  progress = atelier_json_get_number (obj, "progress", -1);
  status->progress = progress >= 0 ? CLAMP (progress / 100.0, 0, 1) : -1;
  return g_steal_pointer (&status);
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
    g_task_return_error (task, translate_error (error));
  else if (!(status = parse_status (root, &error)))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, status, (GDestroyNotify) atelier_remote_status_free);
}

static void
image3d_poll_async (AtelierProvider     *provider,
                    AtelierJob          *job,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  AtelierImage3dProvider *self = ATELIER_IMAGE3D_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(AtelierHttpRequest) req = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, image3d_poll_async);

  if (!atelier_provider_check_config (self->config, SERVICE, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  escaped = atelier_escape_path_segment (atelier_job_get_remote_id (job));
  path = g_strconcat ("api/status/", escaped, NULL);
  req = atelier_provider_request (self->config, "GET", path);
  atelier_http_request_set_retry (req, ATELIER_RETRY_IDEMPOTENT);
  atelier_http_send_json_async (self->http, req, cancellable, poll_cb, g_steal_pointer (&task));
}

static AtelierRemoteStatus *
image3d_poll_finish (AtelierProvider  *provider,
                     GAsyncResult     *result,
                     GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- balance ----------------------------------------------------------- */

typedef struct
{
  gint64  balance;
  char   *unit;
} Balance;

static void
balance_free (Balance *b)
{
  g_free (b->unit);
  g_free (b);
}

static void
balance_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  Balance *b;
  double value;

  root = atelier_http_send_json_finish (ATELIER_HTTP (object), result, NULL, &error);
  if (root == NULL)
    {
      g_task_return_error (task, translate_error (error));
      return;
    }
  value = JSON_NODE_HOLDS_OBJECT (root)
          ? atelier_json_get_number (json_node_get_object (root), "balance", G_MAXDOUBLE)
          : G_MAXDOUBLE;
  if (value == G_MAXDOUBLE)
    {
      atelier_provider_protocol_error (&error, SERVICE, "balance");
      g_task_return_error (task, error);
      return;
    }

  b = g_new0 (Balance, 1);
  b->balance = (gint64) value;
  b->unit = g_strdup (atelier_json_get_string (json_node_get_object (root), "unit"));
  g_task_return_pointer (task, b, (GDestroyNotify) balance_free);
}

void
atelier_image3d_provider_get_balance_async (AtelierImage3dProvider *self,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(AtelierHttpRequest) req = NULL;
  GError *error = NULL;

  g_return_if_fail (ATELIER_IS_IMAGE3D_PROVIDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, atelier_image3d_provider_get_balance_async);

  if (!atelier_provider_check_config (self->config, SERVICE, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  req = atelier_provider_request (self->config, "GET", "api/balance");
  atelier_http_request_set_retry (req, ATELIER_RETRY_IDEMPOTENT);
  atelier_http_send_json_async (self->http, req, cancellable, balance_cb, g_steal_pointer (&task));
}

gboolean
atelier_image3d_provider_get_balance_finish (AtelierImage3dProvider  *self,
                                             GAsyncResult            *result,
                                             gint64                  *balance,
                                             char                   **unit,
                                             GError                 **error)
{
  Balance *b;

  g_return_val_if_fail (ATELIER_IS_IMAGE3D_PROVIDER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  b = g_task_propagate_pointer (G_TASK (result), error);
  if (b == NULL)
    return FALSE;
  if (balance != NULL)
    *balance = b->balance;
  if (unit != NULL)
    *unit = g_steal_pointer (&b->unit);
  balance_free (b);
  return TRUE;
}

/* ---- object ------------------------------------------------------------ */

static const char *
image3d_get_help_url (AtelierProvider *provider,
                      const char      *kind)
{
  return g_str_equal (kind, "no-credits") ? ATELIER_IMAGE3D_PRICING_URL : NULL;
}

static void
provider_iface_init (AtelierProviderInterface *iface)
{
  iface->get_id = image3d_get_id;
  iface->get_display_name = image3d_get_display_name;
  iface->get_params = image3d_get_params;
  iface->get_kind = image3d_get_kind;
  iface->validate = image3d_validate;
  iface->submit_async = image3d_submit_async;
  iface->submit_finish = image3d_submit_finish;
  iface->poll_async = image3d_poll_async;
  iface->poll_finish = image3d_poll_finish;
  iface->get_poll_interval = image3d_get_poll_interval;
  iface->get_help_url = image3d_get_help_url;
}

static void
atelier_image3d_provider_finalize (GObject *object)
{
  AtelierImage3dProvider *self = (AtelierImage3dProvider *)object;

  g_clear_object (&self->http);
  g_clear_pointer (&self->config, atelier_service_config_free);

  G_OBJECT_CLASS (atelier_image3d_provider_parent_class)->finalize (object);
}

static void
atelier_image3d_provider_class_init (AtelierImage3dProviderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = atelier_image3d_provider_finalize;

  /* The quality choices are the tier table's ids. */
  for (guint i = 0; i < N_TIERS; i++)
    quality_choices[i] = tiers[i].id;
}

static void
atelier_image3d_provider_init (AtelierImage3dProvider *self)
{
}

AtelierProvider *
atelier_image3d_provider_new (AtelierHttp                *http,
                              const AtelierServiceConfig *config)
{
  AtelierImage3dProvider *self = g_object_new (ATELIER_TYPE_IMAGE3D_PROVIDER, NULL);

  self->http = g_object_ref (http);
  self->config = atelier_service_config_copy (config);
  return ATELIER_PROVIDER (self);
}
