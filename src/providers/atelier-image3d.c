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
#include <math.h>

#include "atelier-error.h"
#include "atelier-image3d-private.h"
#include "atelier-provider-util.h"

#define MAX_IMAGE_BYTES (20 * 1024 * 1024)

/* The one list of tiers: the documented four, plus "proplus" from the
 * newer revision (standard, pro, proplus, shown there as its top tier),
 * which publishes no time or face count. */
static const AtelierImage3dTier tiers[] = {
  { "fast",     N_("Fast"),     "Trellis",      10, N_("8K–15K faces"),   FALSE },
  { "standard", N_("Standard"), "Trellis",      10, N_("15K–25K faces"),  FALSE },
  { "pro",      N_("Pro"),      "Hunyuan3D v3", 30, N_("40K–60K faces"),  TRUE },
  { "proplus",  N_("Ultra+"),   "Hunyuan3D v3", 0,  NULL,                 TRUE },
  { "ultra",    N_("Ultra"),    "Hunyuan3D v3", 60, N_("Up to 1M faces"), TRUE },
  { NULL }
};

#define N_TIERS (G_N_ELEMENTS (tiers) - 1)

static const char *quality_choices[N_TIERS + 1];
static const char * const modes[] = { "text", "image", "texture", NULL };

/* Texturing a mesh-only model later. The request is an assumption (the docs
 * name /api/texture without its fields): {"task_id": the mesh's task}, read
 * like /api/generate's answer, then polled at /api/status. Kept here alone. */
#define TEXTURE_PATH       "api/texture"
#define TEXTURE_TASK_FIELD "task_id"

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
  { "mesh_only", ATELIER_PARAM_BOOL, N_("Mesh only"),
    N_("Geometry without textures, for fewer credits; texture it later"),
    NULL, NULL, 0, 0, ATELIER_PARAM_FLAG_ADVANCED },
  { "task_id", ATELIER_PARAM_TEXT, N_("Mesh task"),
    N_("Texture mode: the task id of an earlier mesh-only model"),
    NULL, NULL, 0, 0, ATELIER_PARAM_FLAG_NONE, NULL, "texture" },
};

static const AtelierParamTable table = { specs, G_N_ELEMENTS (specs) };

G_DEFINE_FINAL_TYPE (AtelierImage3dProvider, atelier_image3d_provider, ATELIER_TYPE_SERVICE_CLIENT)

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
  if (get (params, "task_id") != NULL)
    return "texture";
  return get (params, "image") != NULL ? "image" : "text";
}

/* ---- errors ------------------------------------------------------------ */

/* Takes @error; gives the codes a caller acts on (sign in, buy credits). */
static GError *
image3d_map_error (AtelierServiceClient *client,
                   GError               *error)
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
image3d_validate (AtelierServiceClient  *client,
                  GHashTable            *params,
                  GError               **error)
{
  const char *mode = effective_mode (params);
  const char *image = get (params, "image");

  if (g_str_equal (mode, "texture"))
    {
      if (get (params, "task_id") == NULL)
        return atelier_param_refuse (error, _("task_id is required in texture mode (the task "
                                              "of a mesh-only model)"));
      if (image != NULL)
        return atelier_param_refuse (error, _("image cannot be given in texture mode"));
      return TRUE;
    }
  if (get (params, "task_id") != NULL)
    return atelier_param_refuse (error, _("task_id needs mode texture"));

  if (g_str_equal (mode, "text"))
    {
      if (image != NULL)
        return atelier_param_refuse (error, _("image needs mode image (text mode makes a model "
                                              "from the prompt alone)"));
      if (get (params, "prompt") == NULL)
        return atelier_param_refuse (error, _("prompt is required in text mode"));
    }
  else if (image == NULL)
    return atelier_param_refuse (error, _("image is required in image mode"));
  else if (!check_image (image, error))
    return FALSE;

  return TRUE;
}

/* A tier as a list shows it: its name, expected time and face count. */
static AtelierParamChoice *
image3d_get_choice (AtelierServiceClient *client,
                    const char           *param,
                    const char           *value)
{
  g_autofree char *label = NULL;
  g_autofree char *description = NULL;
  const AtelierImage3dTier *tier = NULL;

  if (!g_str_equal (param, "quality"))
    return NULL;
  for (guint i = 0; i < N_TIERS && tier == NULL; i++)
    if (g_str_equal (tiers[i].id, value))
      tier = &tiers[i];
  if (tier == NULL)
    return NULL;

  if (tier->seconds > 0 && tier->faces != NULL)
    /* Translators: a quality tier, its expected time and its face count */
    label = g_strdup_printf (_("%s · about %u s · %s"), _(tier->label), tier->seconds,
                             _(tier->faces));
  else
    /* Translators: a quality tier whose figures the service does not publish */
    label = g_strdup_printf (_("%s · time and faces not published"), _(tier->label));
  /* Translators: the engine of a quality tier, then whether it makes PBR materials */
  description = g_strdup_printf (_("%s · %s"), tier->engine,
                                 tier->pbr ? _("PBR materials") : _("no PBR materials"));
  return atelier_param_choice_new (tier->id, label, description);
}

/* ---- submission -------------------------------------------------------- */

/* {mode, prompt | image (base64), quality, mesh_only}. In a worker thread:
 * an image is read and base64-encoded, megabytes of work. */
static AtelierHttpRequest *
image3d_submission (AtelierServiceClient  *self,
                    GHashTable            *params,
                    GError               **error)
{
  g_autoptr(AtelierHttpRequest) req = NULL;
  const char *mode = effective_mode (params);
  const char *image = get (params, "image");
  const char *mesh_only = get (params, "mesh_only");
  JsonObject *obj = json_object_new ();
  g_autoptr(JsonNode) body = atelier_json_node_take_object (obj);

  if (g_str_equal (mode, "texture"))
    {
      req = atelier_service_client_request (self, "POST", TEXTURE_PATH);
      json_object_set_string_member (obj, TEXTURE_TASK_FIELD, get (params, "task_id"));
      atelier_http_request_set_json_body (req, body);
      return g_steal_pointer (&req);
    }

  req = atelier_service_client_request (self, "POST", "api/generate");
  json_object_set_string_member (obj, "mode", mode);
  if (image != NULL && g_str_equal (mode, "image"))
    {
      g_autofree char *data = NULL;
      g_autofree char *b64 = NULL;
      gsize len;

      if (!g_file_get_contents (image, &data, &len, error))
        return NULL;
      if (len > MAX_IMAGE_BYTES)
        {
          g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                       _("image is larger than %d MB"), MAX_IMAGE_BYTES / (1024 * 1024));
          return NULL;
        }
      b64 = g_base64_encode ((const guchar *) data, len);
      json_object_set_string_member (obj, "image", b64);
    }
  else if (get (params, "prompt") != NULL)
    json_object_set_string_member (obj, "prompt", get (params, "prompt"));
  json_object_set_string_member (obj, "quality", get (params, "quality"));
  if (mesh_only != NULL)
    json_object_set_member (obj, "mesh_only",
                            atelier_param_to_json (atelier_param_table_lookup (&table, "mesh_only"),
                                                   mesh_only));

  atelier_http_request_set_json_body (req, body);
  return g_steal_pointer (&req);
}

/* ---- polling ----------------------------------------------------------- */

/* What a task cost. The docs say only that a task is precharged and that a
 * completed one returns "billing" info; what Atelier reads is here alone:
 * billing {credits (or credits_charged), tier, balance_before,
 * balance_after}. No billing leaves the cost unknown. */
static AtelierCost *
find_billing (JsonObject *answer)
{
  JsonObject *billing = atelier_json_object (json_object_get_member (answer, "billing"));
  AtelierCost *cost;
  gint64 credits;

  if (billing == NULL)
    return NULL;
  credits = atelier_json_get_count (billing, "credits");
  if (credits < 0)
    credits = atelier_json_get_count (billing, "credits_charged");
  if (credits < 0)
    return NULL;
  cost = atelier_cost_new (ATELIER_COST_UNIT_CREDITS, credits);
  atelier_cost_set_tier (cost, atelier_json_get_string (billing, "tier"));
  cost->balance_before = atelier_json_get_count (billing, "balance_before");
  cost->balance_after = atelier_json_get_count (billing, "balance_after");
  return cost;
}

/* A submission is answered with {task_id, status}: the task id is what
 * Retry resumes from. A poll with the task's status and progress. */
static AtelierRemoteStatus *
read_task (AtelierServiceClient  *self,
           JsonObject            *answer,
           gboolean               submitted,
           GError               **error)
{
  g_autoptr(AtelierRemoteStatus) status = NULL;
  const char *state = atelier_json_get_string (answer, "status");
  const char *task_id = atelier_json_get_string (answer, "task_id");
  double progress;

  if (submitted)
    {
      if (task_id == NULL || *task_id == '\0')
        return atelier_service_client_protocol_error (self, "task_id", error);
      status = atelier_remote_status_new (g_strcmp0 (state, "processing") == 0
                                          ? ATELIER_REMOTE_RUNNING : ATELIER_REMOTE_PENDING);
      status->remote_id = g_strdup (task_id);
      return g_steal_pointer (&status);
    }
  if (state == NULL)
    return atelier_service_client_protocol_error (self, "status", error);

  if (g_str_equal (state, "success"))
    {
      const char *url = atelier_json_get_string (answer, "model_url");

      if (!atelier_is_http_url (url))
        return atelier_service_client_protocol_error (self, "model_url", error);
      status = atelier_remote_status_new (ATELIER_REMOTE_DONE);
      g_ptr_array_add (status->outputs, g_strdup (url));
      return g_steal_pointer (&status);
    }

  if (g_str_equal (state, "failed"))
    return atelier_service_client_failed (self,
                                          atelier_json_get_any_string (answer, "error", "message",
                                                                       NULL),
                                          _("image3d could not make this model: %s"),
                                          _("image3d could not make this model. Try another "
                                            "prompt or image."));

  if (!g_str_equal (state, "queued") && !g_str_equal (state, "processing"))
    g_debug ("Unknown image3d status “%s”, treated as processing", state);
  status = atelier_remote_status_new (g_str_equal (state, "queued") ? ATELIER_REMOTE_PENDING
                                                                    : ATELIER_REMOTE_RUNNING);
  progress = atelier_json_get_number (answer, "progress", -1);
  status->progress = progress >= 0 ? CLAMP (progress / 100.0, 0, 1) : -1;
  return g_steal_pointer (&status);
}

/* Billing may come with any answer about a task: precharged at submission,
 * and again when it ends (failed tasks included). */
static AtelierRemoteStatus *
parse_status (AtelierServiceClient  *self,
              JsonObject            *answer,
              gboolean               submitted,
              GError               **error)
{
  AtelierRemoteStatus *status = read_task (self, answer, submitted, error);

  if (status != NULL)
    status->cost = find_billing (answer);
  return status;
}

/* ---- balance ----------------------------------------------------------- */

static AtelierBalance *
parse_balance (AtelierServiceClient  *self,
               JsonNode              *root,
               GError               **error)
{
  JsonObject *obj = atelier_json_object (root);
  double value = atelier_json_get_number (obj, "balance", NAN);

  /* A cast of a double out of range is undefined: refuse it instead. */
  if (!(value >= -9.0e15 && value <= 9.0e15))
    return atelier_service_client_protocol_error (self, "balance", error);
  return atelier_balance_new ((gint64) value, atelier_json_get_string (obj, "unit"));
}

void
atelier_image3d_provider_get_balance_async (AtelierImage3dProvider *self,
                                            GCancellable           *cancellable,
                                            GAsyncReadyCallback     callback,
                                            gpointer                user_data)
{
  g_return_if_fail (ATELIER_IS_IMAGE3D_PROVIDER (self));
  atelier_provider_get_balance_async (ATELIER_PROVIDER (self), cancellable, callback, user_data);
}

gboolean
atelier_image3d_provider_get_balance_finish (AtelierImage3dProvider  *self,
                                             GAsyncResult            *result,
                                             gint64                  *balance,
                                             char                   **unit,
                                             GError                 **error)
{
  g_return_val_if_fail (ATELIER_IS_IMAGE3D_PROVIDER (self), FALSE);
  return atelier_provider_get_balance_finish (ATELIER_PROVIDER (self), result, balance, unit,
                                              error);
}

/* ---- texture later ----------------------------------------------------- */

GHashTable *
atelier_image3d_texture_params (AtelierJob  *parent,
                                GError     **error)
{
  GHashTable *parent_params;
  const char *mesh_only;
  GHashTable *params;

  g_return_val_if_fail (ATELIER_IS_JOB (parent), NULL);

  parent_params = atelier_job_get_params (parent);
  mesh_only = g_hash_table_lookup (parent_params, "mesh_only");
  if (g_strcmp0 (atelier_job_get_provider (parent), "image3d") != 0 ||
      atelier_job_get_status (parent) != ATELIER_JOB_STATUS_DONE ||
      atelier_job_get_remote_id (parent) == NULL ||
      g_strcmp0 (mesh_only, "true") != 0)
    {
      g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                   _("Only a finished mesh-only image3d model can be textured."));
      return NULL;
    }

  params = atelier_params_new ();
  g_hash_table_insert (params, g_strdup ("mode"), g_strdup ("texture"));
  g_hash_table_insert (params, g_strdup ("task_id"), g_strdup (atelier_job_get_remote_id (parent)));
  /* What the model is, for the list; the request does not carry it. */
  if (atelier_job_get_prompt (parent) != NULL && *atelier_job_get_prompt (parent) != '\0')
    g_hash_table_insert (params, g_strdup ("prompt"), g_strdup (atelier_job_get_prompt (parent)));
  return params;
}

/* ---- object ------------------------------------------------------------ */

static void
atelier_image3d_provider_constructed (GObject *object)
{
  G_OBJECT_CLASS (atelier_image3d_provider_parent_class)->constructed (object);
  _atelier_image3d_auth_init (ATELIER_IMAGE3D_PROVIDER (object));
}

static void
atelier_image3d_provider_finalize (GObject *object)
{
  _atelier_image3d_auth_finalize (ATELIER_IMAGE3D_PROVIDER (object));
  G_OBJECT_CLASS (atelier_image3d_provider_parent_class)->finalize (object);
}

static void
atelier_image3d_provider_class_init (AtelierImage3dProviderClass *klass)
{
  AtelierServiceClientClass *client_class = ATELIER_SERVICE_CLIENT_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = atelier_image3d_provider_constructed;
  object_class->finalize = atelier_image3d_provider_finalize;
  atelier_service_client_class_set_service (client_class, "image3d", N_("image3d"), &table);
  client_class->kind = ATELIER_JOB_KIND_MODEL;
  client_class->validate = image3d_validate;
  client_class->get_choice = image3d_get_choice;
  /* An image is read and encoded for the submission: not on the main loop. */
  client_class->submission = image3d_submission;
  client_class->slow_submission = TRUE;
  /* A model takes a while: no need to ask often. */
  client_class->status_path = "api/status/";
  client_class->parse_status = parse_status;
  client_class->poll_first_ms = 1000;
  client_class->poll_max_ms = 10000;
  /* An expired sign-in and spent credits in image3d's words; where to buy more. */
  client_class->map_error = image3d_map_error;
  /* Its sign-in is kept fresh (atelier-image3d-auth.c). */
  client_class->renew_token = _atelier_image3d_renew_token;
  client_class->pricing_url = ATELIER_IMAGE3D_PRICING_URL;
  client_class->balance_path = "api/balance";
  client_class->parse_balance = parse_balance;
  /* Answers only with the right token, and costs nothing. */
  client_class->test_path = "api/balance";

  /* The quality choices are the tier table's ids. */
  for (guint i = 0; i < N_TIERS; i++)
    quality_choices[i] = tiers[i].id;
}

static void
atelier_image3d_provider_init (AtelierImage3dProvider *self)
{
}
