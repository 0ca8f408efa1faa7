/* atelier-sandbox-image3d.c: the image3d dialect at the root
 *
 * POST /api/generate        {mode: text|image, prompt?, image? (base64), quality?, mesh_only?}
 * GET  /api/status/{id}     queued → processing (progress) → success (model_url) | failed
 * GET  /api/balance         {balance, unit: "credits"}
 * POST /api/texture        {task_id: a finished mesh_only task} → like /api/generate;
 *                           the new task makes the same model with textures (10 credits)
 * POST /api/create-checkout-session {type: pack|subscription, pack?, generations?, priceId?}
 *                           → {sessionId, url}; opening the url (on the CDN listener)
 *                           completes the purchase: 10 credits per generation
 *                           bought (default 10 generations)
 *
 * The documented example polls status without a token, so the status
 * endpoint accepts requests without Authorization (a wrong token is still
 * refused); the others require the token, or a live ID token from the
 * Firebase stand-in (an expired one answers 401). Each tier costs credits and has a
 * face count kept small for speed; mesh_only models have no texture.
 *
 * The newer docs say a task is precharged before it starts and a completed
 * one returns "billing" info, without its fields: the sandbox answers every
 * task (submission and status) with billing {credits, tier, balance_before,
 * balance_after}, the shape src/providers/atelier-image3d.c reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sandbox"

#include "config.h"

#include <string.h>

#include "atelier-procedural-private.h"
#include "atelier-sandbox-private.h"

typedef struct
{
  const char *name;
  const char *provider;
  guint       cost;
  guint       faces;
  guint       texture;
} Tier;

static const Tier tiers[] = {
  { "fast", "trellis", 5, 2000, 256 },
  { "standard", "trellis", 10, 4000, 256 },
  { "pro", "hunyuan3d-v3", 20, 8000, 512 },
  { "proplus", "hunyuan3d-v3", 30, 12000, 512 },
  { "ultra", "hunyuan3d-v3", 40, 20000, 1024 },
};

#define TEXTURE_COST 10

typedef struct
{
  AtelierSandboxTask *task;
  const Tier         *tier;
  gboolean            mesh_only;
  char               *prompt;   /* what the model was made from, to texture it later */
  guint               credits;  /* what it was charged */
  const char         *billed;   /* the tier charged for, NULL for texturing */
  gint64              balance_before;
  gint64              balance_after;
} Job;

typedef struct
{
  char    *prompt;
  guint    faces;
  guint    texture;
  GBytes  *image;    /* image mode: the decoded upload */
} RenderData;

static void
job_free (gpointer data)
{
  Job *job = data;

  _atelier_sandbox_task_unref (job->task);
  g_free (job->prompt);
  g_free (job);
}

static void
render_data_free (gpointer data)
{
  RenderData *render = data;

  g_free (render->prompt);
  g_clear_pointer (&render->image, g_bytes_unref);
  g_free (render);
}

static GPtrArray *
render_image3d (gpointer   data,
                GError   **error)
{
  RenderData *render = data;
  AtelierProceduralModel model = {
    .prompt = render->prompt,
    .faces = render->faces,
    .with_normals = TRUE,
    .texture_size = render->texture,
    .texture_format = "png",
  };
  g_autoptr(GdkPixbuf) source = NULL;
  GBytes *glb;
  GPtrArray *results;

  /* Image-to-3D: the upload becomes the base colour texture. An image the
   * loader cannot read, or too large to decode, falls back to the rendered
   * pattern. */
  if (render->image != NULL && render->texture > 0)
    source = _atelier_sandbox_decode_image (render->image, NULL);

  glb = _atelier_procedural_glb_textured (&model, source, error);

  if (glb == NULL)
    return NULL;
  results = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_add (results, glb);
  return results;
}

void
_atelier_sandbox_image3d_init (AtelierSandbox *self)
{
  self->image3d_tasks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, job_free);
}

static void
bad (AtelierSandboxCtx *ctx,
     const char        *message)
{
  _atelier_sandbox_respond_error (ctx, SOUP_STATUS_BAD_REQUEST, message, NULL, "bad_request");
}

static const char *
get_string (JsonObject *object,
            const char *name,
            gboolean   *wrong_type)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  *wrong_type = TRUE;
  return NULL;
}

static guint
running_jobs (AtelierSandbox *self)
{
  GHashTableIter iter;
  gpointer value;
  guint running = 0;

  g_hash_table_iter_init (&iter, self->image3d_tasks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      AtelierSandboxTaskState state = _atelier_sandbox_task_get_state (((Job *) value)->task, NULL);

      running += state == ATELIER_SANDBOX_TASK_PENDING || state == ATELIER_SANDBOX_TASK_RUNNING;
    }
  return running;
}

static void respond_task (AtelierSandboxCtx *ctx,
                          Job               *job);

static void
add_billing (JsonBuilder *builder,
             Job         *job)
{
  json_builder_set_member_name (builder, "billing");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "credits");
  json_builder_add_int_value (builder, job->credits);
  if (job->billed != NULL)
    {
      json_builder_set_member_name (builder, "tier");
      json_builder_add_string_value (builder, job->billed);
    }
  json_builder_set_member_name (builder, "balance_before");
  json_builder_add_int_value (builder, job->balance_before);
  json_builder_set_member_name (builder, "balance_after");
  json_builder_add_int_value (builder, job->balance_after);
  json_builder_end_object (builder);
}

static void
generate (AtelierSandboxCtx *ctx)
{
  AtelierSandbox *self = ctx->sandbox;
  g_autoptr(JsonObject) body = NULL;
  const char *mode, *prompt, *image, *quality;
  gboolean wrong = FALSE, mesh_only = FALSE;
  const Tier *tier = NULL;
  g_autofree char *fail_message = NULL;
  g_autoptr(GBytes) image_bytes = NULL;
  RenderData *render;
  JsonNode *node;
  Job *job;

  if ((body = _atelier_sandbox_read_json (ctx)) == NULL)
    return;

  mode = get_string (body, "mode", &wrong);
  prompt = get_string (body, "prompt", &wrong);
  image = get_string (body, "image", &wrong);
  quality = get_string (body, "quality", &wrong);
  if (wrong)
    {
      bad (ctx, "mode, prompt, image and quality must be strings");
      return;
    }

  if (mode == NULL || (!g_str_equal (mode, "text") && !g_str_equal (mode, "image")))
    {
      bad (ctx, "Missing or invalid field: mode (\"text\" or \"image\")");
      return;
    }

  if (g_str_equal (mode, "text") && (prompt == NULL || prompt[0] == '\0'))
    {
      bad (ctx, "Missing required field: prompt (text mode)");
      return;
    }

  if (g_str_equal (mode, "image"))
    {
      const char *comma;
      g_autofree guchar *decoded = NULL;
      gsize len = 0;

      if (image == NULL || image[0] == '\0')
        {
          bad (ctx, "Missing required field: image (image mode)");
          return;
        }
      /* Accept a data: URL as well as bare base64. */
      if (g_str_has_prefix (image, "data:") && (comma = strchr (image, ',')) != NULL)
        image = comma + 1;
      decoded = g_base64_decode (image, &len);
      if (len < 12 ||
          !(memcmp (decoded, "\x89PNG\r\n\x1a\n", 8) == 0 ||
            memcmp (decoded, "\xff\xd8\xff", 3) == 0 ||
            (memcmp (decoded, "RIFF", 4) == 0 && memcmp (decoded + 8, "WEBP", 4) == 0)))
        {
          bad (ctx, "Field image is not a base64-encoded PNG, JPEG or WebP image");
          return;
        }
      image_bytes = g_bytes_new_take (g_steal_pointer (&decoded), len);
    }

  for (guint i = 0; i < G_N_ELEMENTS (tiers); i++)
    if (g_strcmp0 (quality ? quality : "pro", tiers[i].name) == 0)
      tier = &tiers[i];
  if (tier == NULL)
    {
      bad (ctx, "Invalid quality: use fast, standard, pro, proplus or ultra");
      return;
    }

  node = json_object_get_member (body, "mesh_only");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          bad (ctx, "mesh_only must be a boolean");
          return;
        }
      mesh_only = json_node_get_boolean (node);
    }

  if (self->image3d_concurrency > 0 && running_jobs (self) >= self->image3d_concurrency)
    {
      g_autofree char *message = g_strdup_printf ("Too many concurrent generations (limit %u)",
                                                  self->image3d_concurrency);

      soup_message_headers_replace (soup_server_message_get_response_headers (ctx->msg),
                                    "Retry-After", "1");
      _atelier_sandbox_respond_error (ctx, 429, message, NULL, "rate_limited");
      return;
    }

  if (self->balance < tier->cost)
    {
      g_autofree char *message = g_strdup_printf ("Insufficient credits: %s costs %u, balance is %"
                                                  G_GINT64_FORMAT, tier->name, tier->cost,
                                                  self->balance);

      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_PAYMENT_REQUIRED, message, NULL,
                                      "insufficient_credits");
      return;
    }
  self->balance -= tier->cost;

  if (prompt != NULL && strstr (prompt, ATELIER_SANDBOX_FAIL_WORD) != NULL)
    fail_message = g_strdup ("Generation failed (sandbox-fail was asked for)");

  render = g_new0 (RenderData, 1);
  if (g_str_equal (mode, "text"))
    render->prompt = g_strdup (prompt);
  else
    render->prompt = g_strdup_printf ("image %08x", _atelier_procedural_hash (image));
  render->faces = tier->faces;
  render->texture = mesh_only ? 0 : tier->texture;
  render->image = g_steal_pointer (&image_bytes);

  job = g_new0 (Job, 1);
  job->tier = tier;
  job->mesh_only = mesh_only;
  job->prompt = g_strdup (render->prompt);
  job->task = _atelier_sandbox_task_new (self, "model/gltf-binary", "glb", fail_message,
                                         render_image3d, render, render_data_free);
  job->credits = tier->cost;
  job->billed = tier->name;
  job->balance_before = self->balance + tier->cost;
  job->balance_after = self->balance;
  g_hash_table_insert (self->image3d_tasks, (char *) _atelier_sandbox_task_get_id (job->task), job);
  respond_task (ctx, job);
}

static void
status (AtelierSandboxCtx *ctx,
        const char        *id)
{
  Job *job = g_hash_table_lookup (ctx->sandbox->image3d_tasks, id);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  AtelierSandboxTaskState state;
  double progress;

  if (job == NULL)
    {
      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_NOT_FOUND, "Task not found", NULL,
                                      "not_found");
      return;
    }

  state = _atelier_sandbox_task_get_state (job->task, &progress);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  switch (state)
    {
    case ATELIER_SANDBOX_TASK_PENDING:
      json_builder_add_string_value (builder, "queued");
      break;
    case ATELIER_SANDBOX_TASK_RUNNING:
      json_builder_add_string_value (builder, "processing");
      break;
    case ATELIER_SANDBOX_TASK_DONE:
      json_builder_add_string_value (builder, "success");
      break;
    case ATELIER_SANDBOX_TASK_FAILED:
    case ATELIER_SANDBOX_TASK_CANCELED:
    default:
      json_builder_add_string_value (builder, "failed");
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, _atelier_sandbox_task_get_error (job->task)
                                              ? _atelier_sandbox_task_get_error (job->task)
                                              : "Canceled");
      break;
    }
  json_builder_set_member_name (builder, "progress");
  json_builder_add_int_value (builder, state == ATELIER_SANDBOX_TASK_DONE ? 100
                                       : (gint64) (progress * 100));
  if (state == ATELIER_SANDBOX_TASK_DONE)
    {
      GPtrArray *names = _atelier_sandbox_task_get_names (job->task);
      g_autofree char *url = _atelier_sandbox_cdn_url (ctx->sandbox, g_ptr_array_index (names, 0));

      json_builder_set_member_name (builder, "model_url");
      json_builder_add_string_value (builder, url);
    }
  add_billing (builder, job);
  json_builder_end_object (builder);
  _atelier_sandbox_respond_json (ctx, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static void
balance (AtelierSandboxCtx *ctx)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "balance");
  json_builder_add_int_value (builder, ctx->sandbox->balance);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_string_value (builder, "credits");
  json_builder_end_object (builder);
  _atelier_sandbox_respond_json (ctx, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static void
create_checkout (AtelierSandboxCtx *ctx)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *session = NULL;
  g_autofree char *name = NULL;
  g_autofree char *url = NULL;
  g_autofree char *page = NULL;
  g_autoptr(GBytes) html = NULL;
  const char *price, *type, *pack;
  gboolean wrong = FALSE;
  gint64 generations = 10;
  JsonNode *node;

  if ((body = _atelier_sandbox_read_json (ctx)) == NULL)
    return;

  price = get_string (body, "priceId", &wrong);
  type = get_string (body, "type", &wrong);
  pack = get_string (body, "pack", &wrong);
  node = json_object_get_member (body, "generations");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (json_node_get_value_type (node) != G_TYPE_INT64 ||
          (generations = json_node_get_int (node)) < 1 || generations > 10000)
        wrong = TRUE;
    }
  if (wrong || (price != NULL && price[0] == '\0') ||
      (price == NULL && pack == NULL && type == NULL))
    {
      bad (ctx, "Missing or invalid field: give a pack, a type or a priceId (and generations "
                "must be a whole number of 1 to 10000)");
      return;
    }
  if (type != NULL && !g_str_equal (type, "pack") && !g_str_equal (type, "subscription"))
    {
      bad (ctx, "Invalid type: use pack or subscription");
      return;
    }

  /* The "checkout page" is a blob on the CDN; fetching it pays (see cdn.c). */
  session = g_strdup_printf ("cs_test_%08x%08x", g_random_int (), g_random_int ());
  page = g_strdup_printf ("<!DOCTYPE html><title>Sandbox checkout</title>"
                          "<p>Sandbox purchase of %" G_GINT64_FORMAT " generations completed.</p>",
                          generations);
  html = g_bytes_new (page, strlen (page));
  name = g_strdup_printf ("checkout-%s.html", session);
  _atelier_sandbox_publish_checkout (ctx->sandbox, name, html, generations * 10);
  url = _atelier_sandbox_cdn_url (ctx->sandbox, name);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sessionId");
  json_builder_add_string_value (builder, session);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_end_object (builder);
  _atelier_sandbox_respond_json (ctx, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static void
respond_task (AtelierSandboxCtx *ctx,
              Job               *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "task_id");
  json_builder_add_string_value (builder, _atelier_sandbox_task_get_id (job->task));
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "queued");
  json_builder_set_member_name (builder, "provider");
  json_builder_add_string_value (builder, job->tier->provider);
  add_billing (builder, job);
  json_builder_end_object (builder);
  _atelier_sandbox_respond_json (ctx, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static void
texture (AtelierSandboxCtx *ctx)
{
  AtelierSandbox *self = ctx->sandbox;
  g_autoptr(JsonObject) body = NULL;
  const char *task_id;
  gboolean wrong = FALSE;
  RenderData *render;
  Job *mesh, *job;

  if ((body = _atelier_sandbox_read_json (ctx)) == NULL)
    return;
  task_id = get_string (body, "task_id", &wrong);
  if (wrong || task_id == NULL || task_id[0] == '\0')
    {
      bad (ctx, "Missing required field: task_id");
      return;
    }
  if ((mesh = g_hash_table_lookup (self->image3d_tasks, task_id)) == NULL)
    {
      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_NOT_FOUND, "Task not found", NULL,
                                      "not_found");
      return;
    }
  if (_atelier_sandbox_task_get_state (mesh->task, NULL) != ATELIER_SANDBOX_TASK_DONE)
    {
      bad (ctx, "Task is not finished yet");
      return;
    }
  if (!mesh->mesh_only)
    {
      bad (ctx, "Task already has textures (only mesh_only models can be textured)");
      return;
    }
  if (self->balance < TEXTURE_COST)
    {
      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_PAYMENT_REQUIRED,
                                      "Insufficient credits for texturing", NULL,
                                      "insufficient_credits");
      return;
    }
  self->balance -= TEXTURE_COST;

  render = g_new0 (RenderData, 1);
  render->prompt = g_strdup (mesh->prompt);
  render->faces = mesh->tier->faces;
  render->texture = mesh->tier->texture;
  job = g_new0 (Job, 1);
  job->tier = mesh->tier;
  job->prompt = g_strdup (mesh->prompt);
  job->credits = TEXTURE_COST;
  job->balance_before = self->balance + TEXTURE_COST;
  job->balance_after = self->balance;
  job->task = _atelier_sandbox_task_new (self, "model/gltf-binary", "glb", NULL,
                                         render_image3d, render, render_data_free);
  g_hash_table_insert (self->image3d_tasks, (char *) _atelier_sandbox_task_get_id (job->task), job);
  respond_task (ctx, job);
}

/* The sandbox token, or a live ID token from the Firebase stand-in. */
static gboolean
check_auth (AtelierSandboxCtx *ctx)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (ctx->msg);
  const char *value = soup_message_headers_get_one (headers, "Authorization");

  if (ctx->cdn)
    return TRUE;
  switch (_atelier_sandbox_firebase_check (ctx->sandbox, value))
    {
    case ATELIER_SANDBOX_ID_TOKEN_VALID:
      return TRUE;
    case ATELIER_SANDBOX_ID_TOKEN_EXPIRED:
      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_UNAUTHORIZED,
                                      "Unauthorized: Firebase ID token has expired", NULL,
                                      "token_expired");
      return FALSE;
    case ATELIER_SANDBOX_ID_TOKEN_UNKNOWN:
    default:
      return _atelier_sandbox_check_auth (ctx);
    }
}

gboolean
_atelier_sandbox_image3d_route (AtelierSandboxCtx *ctx)
{
  gboolean get = g_str_equal (ctx->method, "GET");

  if (g_str_has_prefix (ctx->path, "/firebase/"))
    return _atelier_sandbox_firebase_route (ctx);

  if (g_str_equal (ctx->path, "/api/texture") && g_str_equal (ctx->method, "POST"))
    {
      if (check_auth (ctx))
        texture (ctx);
      return TRUE;
    }

  if (g_str_equal (ctx->path, "/api/generate") && g_str_equal (ctx->method, "POST"))
    {
      if (check_auth (ctx))
        generate (ctx);
      return TRUE;
    }

  if (g_str_equal (ctx->path, "/api/create-checkout-session") &&
      g_str_equal (ctx->method, "POST"))
    {
      if (check_auth (ctx))
        create_checkout (ctx);
      return TRUE;
    }

  if (g_str_equal (ctx->path, "/api/balance") && get)
    {
      if (check_auth (ctx))
        balance (ctx);
      return TRUE;
    }

  if (g_str_has_prefix (ctx->path, "/api/status/") && get &&
      strchr (ctx->path + strlen ("/api/status/"), '/') == NULL)
    {
      SoupMessageHeaders *headers = soup_server_message_get_request_headers (ctx->msg);

      if (soup_message_headers_get_one (headers, "Authorization") != NULL &&
          !check_auth (ctx))
        return TRUE;
      status (ctx, ctx->path + strlen ("/api/status/"));
      return TRUE;
    }

  return FALSE;
}
