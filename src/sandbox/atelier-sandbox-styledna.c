/* atelier-sandbox-styledna.c: the Style DNA (Tengr.ai) dialect at the root
 *
 * POST /v2/style-dna/generate-anchor  {visualPrompt (or prompt), …} → 202 {id, status}
 * POST /v2/style-dna/generate         {visualPrompt, anchorImageUrl, description,
 *                                      width+height | aspectRatio, imageFormat?}
 *                                                                   → 202 {id, status}
 * POST /v2/style-dna/edit             {imageUrl, prompt?, negativePrompt?, imageGuidance,
 *                                      modification?, creativity?, effort?,
 *                                      width+height | aspectRatio (imageGuidance 1 only),
 *                                      imageFormat?}                → 202 {id, status}
 * GET  /v2/artworks/{id}              starting → processing → succeeded | failed | canceled
 *
 * Errors are {message, statusCode, error}. webhookUrl is accepted and
 * ignored: nothing is ever posted back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sandbox"

#include "config.h"

#include <string.h>

#include "atelier-procedural-private.h"
#include "atelier-sandbox-private.h"

#define MIN_EDGE 512
#define MAX_EDGE 2048
#define MAX_AREA 1763584

static const struct
{
  const char *ratio;
  guint       width;
  guint       height;
} ratios[] = {
  { "1:1", 1024, 1024 },
  { "2:3", 832, 1248 },
  { "3:4", 896, 1184 },
  { "4:3", 1184, 896 },
  { "9:16", 768, 1344 },
  { "3:2", 1248, 832 },
  { "16:9", 1344, 768 },
};

typedef struct
{
  char               *id;
  AtelierSandboxTask *task;
  char               *visual_prompt;
  char               *description;
  char               *anchor;
  char               *format;
  char               *aspect_ratio;
  guint               width;
  guint               height;
  char               *created_at;
} Artwork;

typedef struct
{
  char  *prompt;
  char  *format;
  guint  width;
  guint  height;
} RenderData;

static void
artwork_free (gpointer data)
{
  Artwork *artwork = data;

  g_free (artwork->id);
  _atelier_sandbox_task_unref (artwork->task);
  g_free (artwork->visual_prompt);
  g_free (artwork->description);
  g_free (artwork->anchor);
  g_free (artwork->format);
  g_free (artwork->aspect_ratio);
  g_free (artwork->created_at);
  g_free (artwork);
}

static void
render_data_free (gpointer data)
{
  RenderData *render = data;

  g_free (render->prompt);
  g_free (render->format);
  g_free (render);
}

static GPtrArray *
render_styledna (gpointer   data,
                 GError   **error)
{
  RenderData *render = data;
  guint width = render->width, height = render->height;
  GBytes *bytes;
  GPtrArray *results;

  _atelier_sandbox_cap_size (&width, &height);
  bytes = atelier_procedural_image (render->prompt, NULL, width, height, "graphic",
                                    render->format, FALSE, error);
  if (bytes == NULL)
    return NULL;
  results = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_ptr_array_add (results, bytes);
  return results;
}

void
_atelier_sandbox_styledna_init (AtelierSandbox *self)
{
  self->styledna_artworks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, artwork_free);
}

static gboolean
bad (AtelierSandboxCtx *ctx,
     const char        *format,
     ...) G_GNUC_PRINTF (2, 3);

static gboolean
bad (AtelierSandboxCtx *ctx,
     const char        *format,
     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  _atelier_sandbox_respond_error (ctx, SOUP_STATUS_BAD_REQUEST, message, NULL, NULL);
  return FALSE;
}

/* A required (or optional) non-empty string member, NestJS-style messages. */
static gboolean
get_string (AtelierSandboxCtx  *ctx,
            JsonObject         *body,
            const char         *name,
            gboolean            required,
            const char        **out)
{
  JsonNode *node = json_object_get_member (body, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return required ? bad (ctx, "%s should not be empty", name) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return bad (ctx, "%s must be a string", name);
  *out = json_node_get_string (node);
  if (required && **out == '\0')
    return bad (ctx, "%s should not be empty", name);
  return TRUE;
}

static gboolean
get_edge (AtelierSandboxCtx *ctx,
          JsonObject        *body,
          const char        *name,
          guint             *out)
{
  JsonNode *node = json_object_get_member (body, name);
  gint64 value;

  *out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return bad (ctx, "%s must be an integer number", name);
  value = json_node_get_int (node);
  if (value < MIN_EDGE)
    return bad (ctx, "%s must not be less than %d", name, MIN_EDGE);
  if (value > MAX_EDGE)
    return bad (ctx, "%s must not be greater than %d", name, MAX_EDGE);
  *out = value;
  return TRUE;
}

/* width and height together, or an aspect ratio, or 1024²; FALSE when
 * refused (answered). */
static gboolean
resolve_size (AtelierSandboxCtx *ctx,
              const char        *ratio,
              guint             *width_inout,
              guint             *height_inout)
{
  guint width = *width_inout, height = *height_inout;

  if ((width != 0) != (height != 0))
    {
      bad (ctx, "width and height must be given together");
      return FALSE;
    }
  if (width != 0 && ratio != NULL)
    {
      bad (ctx, "Provide either aspectRatio or width and height, not both");
      return FALSE;
    }
  if (width != 0 && (guint64) width * height > MAX_AREA)
    {
      bad (ctx, "width × height must not exceed %d pixels (got %u)", MAX_AREA, width * height);
      return FALSE;
    }
  if (ratio != NULL)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (ratios); i++)
        if (g_str_equal (ratio, ratios[i].ratio))
          {
            width = ratios[i].width;
            height = ratios[i].height;
            found = TRUE;
          }
      if (!found)
        {
          bad (ctx, "aspectRatio must be one of the following values: "
                    "1:1, 2:3, 3:4, 4:3, 9:16, 3:2, 16:9");
          return FALSE;
        }
    }
  if (width == 0)
    width = height = 1024;
  *width_inout = width;
  *height_inout = height;
  return TRUE;
}

/* An int member in [@min, @max], 0 when absent (and @required FALSE). */
static gboolean
get_level (AtelierSandboxCtx *ctx,
           JsonObject        *body,
           const char        *name,
           gint64             min,
           gint64             max,
           gboolean           required,
           gint64            *out)
{
  JsonNode *node = json_object_get_member (body, name);

  *out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return required ? bad (ctx, "%s should not be empty", name) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return bad (ctx, "%s must be an integer number", name);
  *out = json_node_get_int (node);
  if (*out < min || *out > max)
    return bad (ctx, "%s must be one of the following values: %s", name,
                max == 3 ? "1, 2, 3" : "1, 2, 3, 4, 5");
  return TRUE;
}

static guint
count_words (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\n\r", -1);
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    n += *words[i] != '\0';
  return n;
}

static void
respond_artwork (AtelierSandboxCtx *ctx,
                 Artwork           *artwork,
                 guint              http_status)
{
  AtelierSandboxTaskState state = _atelier_sandbox_task_get_state (artwork->task, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *status;

  switch (state)
    {
    case ATELIER_SANDBOX_TASK_PENDING: status = "starting"; break;
    case ATELIER_SANDBOX_TASK_RUNNING: status = "processing"; break;
    case ATELIER_SANDBOX_TASK_DONE: status = "succeeded"; break;
    case ATELIER_SANDBOX_TASK_FAILED: status = "failed"; break;
    case ATELIER_SANDBOX_TASK_CANCELED:
    default: status = "canceled"; break;
    }
  /* A new task always reads "starting", whatever the clock says. */
  if (http_status == 202)
    status = "starting";

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, artwork->id);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  if (state == ATELIER_SANDBOX_TASK_DONE && http_status != 202)
    {
      GPtrArray *names = _atelier_sandbox_task_get_names (artwork->task);

      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *url = _atelier_sandbox_cdn_url (ctx->sandbox, g_ptr_array_index (names, i));

          json_builder_add_string_value (builder, url);
        }
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "visualPrompt");
  json_builder_add_string_value (builder, artwork->visual_prompt);
  if (artwork->description != NULL)
    {
      json_builder_set_member_name (builder, "description");
      json_builder_add_string_value (builder, artwork->description);
    }
  if (artwork->anchor != NULL)
    {
      json_builder_set_member_name (builder, "anchorImageUrl");
      json_builder_add_string_value (builder, artwork->anchor);
    }
  if (artwork->aspect_ratio != NULL)
    {
      json_builder_set_member_name (builder, "aspectRatio");
      json_builder_add_string_value (builder, artwork->aspect_ratio);
    }
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, artwork->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, artwork->height);
  json_builder_set_member_name (builder, "imageFormat");
  json_builder_add_string_value (builder, artwork->format);
  json_builder_set_member_name (builder, "createdAt");
  json_builder_add_string_value (builder, artwork->created_at);
  if (state == ATELIER_SANDBOX_TASK_FAILED && http_status != 202)
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, _atelier_sandbox_task_get_error (artwork->task));
    }
  json_builder_end_object (builder);

  _atelier_sandbox_respond_json (ctx, http_status, json_builder_get_root (builder));
}

/* Renders @visual_prompt with @description (else the image's address) at
 * the size asked, as a new artwork. */
static void
start_artwork (AtelierSandboxCtx *ctx,
               const char        *visual_prompt,
               const char        *description,
               const char        *anchor_url,
               const char        *format,
               const char        *ratio,
               guint              width,
               guint              height,
               const char        *fail_message)
{
  RenderData *render;
  Artwork *artwork;

  render = g_new0 (RenderData, 1);
  render->prompt = g_strdup_printf ("%s %s", visual_prompt,
                                    description ? description : anchor_url ? anchor_url : "");
  render->format = g_strdup (format);
  render->width = width;
  render->height = height;

  artwork = g_new0 (Artwork, 1);
  artwork->task = _atelier_sandbox_task_new (ctx->sandbox, _atelier_procedural_mime_type (format),
                                             format, fail_message, render_styledna, render,
                                             render_data_free);
  artwork->id = g_strdup (_atelier_sandbox_task_get_id (artwork->task));
  artwork->visual_prompt = g_strdup (visual_prompt);
  artwork->description = g_strdup (description);
  artwork->anchor = g_strdup (anchor_url);
  artwork->format = g_strdup (format);
  artwork->aspect_ratio = g_strdup (ratio);
  artwork->width = width;
  artwork->height = height;
  artwork->created_at = _atelier_sandbox_iso8601_now ();
  g_hash_table_insert (ctx->sandbox->styledna_artworks, artwork->id, artwork);

  respond_artwork (ctx, artwork, 202);
}

static void
generate (AtelierSandboxCtx *ctx,
          gboolean           anchor)
{
  g_autoptr(JsonObject) body = NULL;
  const char *visual_prompt, *description, *anchor_url = NULL, *ratio, *format, *webhook;
  guint width, height;
  g_autofree char *fail_message = NULL;

  if ((body = _atelier_sandbox_read_json (ctx)) == NULL)
    return;

  if (anchor && !json_object_has_member (body, "visualPrompt") &&
      json_object_has_member (body, "prompt"))
    {
      if (!get_string (ctx, body, "prompt", TRUE, &visual_prompt))
        return;
    }
  else if (!get_string (ctx, body, "visualPrompt", TRUE, &visual_prompt))
    return;

  if (!get_string (ctx, body, "description", !anchor, &description) ||
      (!anchor && !get_string (ctx, body, "anchorImageUrl", TRUE, &anchor_url)) ||
      !get_string (ctx, body, "aspectRatio", FALSE, &ratio) ||
      !get_string (ctx, body, "imageFormat", FALSE, &format) ||
      !get_string (ctx, body, "webhookUrl", FALSE, &webhook) ||
      !get_edge (ctx, body, "width", &width) ||
      !get_edge (ctx, body, "height", &height))
    return;

  if (anchor_url != NULL && !g_str_has_prefix (anchor_url, "http://") &&
      !g_str_has_prefix (anchor_url, "https://"))
    {
      bad (ctx, "anchorImageUrl must be a URL address");
      return;
    }

  if (!resolve_size (ctx, ratio, &width, &height))
    return;

  if (format == NULL)
    format = "png";
  if (!g_str_equal (format, "png") && !g_str_equal (format, "webp"))
    {
      bad (ctx, "imageFormat must be one of the following values: png, webp");
      return;
    }

  if (_atelier_sandbox_is_refused (visual_prompt) || _atelier_sandbox_is_refused (description))
    {
      bad (ctx, "The prompt was rejected by content moderation");
      return;
    }
  if (strstr (visual_prompt, ATELIER_SANDBOX_FAIL_WORD) != NULL)
    fail_message = g_strdup ("Artwork generation failed (sandbox-fail was asked for)");

  start_artwork (ctx, visual_prompt, description, anchor_url, format, ratio, width, height,
                 fail_message);
}

/* The image is not fetched: the result is drawn from the prompt and the
 * image's address, so it changes with either. */
static void
edit (AtelierSandboxCtx *ctx)
{
  g_autoptr(JsonObject) body = NULL;
  const char *prompt, *negative, *image, *ratio, *format, *webhook;
  gint64 guidance, modification, creativity, effort;
  guint width, height;
  g_autofree char *fail_message = NULL;

  if ((body = _atelier_sandbox_read_json (ctx)) == NULL)
    return;

  if (!get_string (ctx, body, "imageUrl", TRUE, &image) ||
      !get_string (ctx, body, "prompt", FALSE, &prompt) ||
      !get_string (ctx, body, "negativePrompt", FALSE, &negative) ||
      !get_level (ctx, body, "imageGuidance", 1, 3, TRUE, &guidance) ||
      !get_level (ctx, body, "modification", 1, 5, FALSE, &modification) ||
      !get_level (ctx, body, "creativity", 1, 5, FALSE, &creativity) ||
      !get_level (ctx, body, "effort", 1, 5, FALSE, &effort) ||
      !get_string (ctx, body, "aspectRatio", FALSE, &ratio) ||
      !get_string (ctx, body, "imageFormat", FALSE, &format) ||
      !get_string (ctx, body, "webhookUrl", FALSE, &webhook) ||
      !get_edge (ctx, body, "width", &width) ||
      !get_edge (ctx, body, "height", &height))
    return;

  if (!g_str_has_prefix (image, "http://") && !g_str_has_prefix (image, "https://"))
    {
      bad (ctx, "imageUrl must be a URL address");
      return;
    }
  if (prompt == NULL || *prompt == '\0')
    prompt = "cat";
  if (count_words (prompt) > 256)
    {
      bad (ctx, "prompt must contain no more than 256 words");
      return;
    }
  if (negative != NULL && count_words (negative) > 64)
    {
      bad (ctx, "negativePrompt must contain no more than 64 words");
      return;
    }
  /* The service says aspectRatio "has effect only if imageGuidance is set
   * to low"; the sandbox is stricter, so a client that sends it anyway shows. */
  if (ratio != NULL && guidance != 1)
    {
      bad (ctx, "aspectRatio can only be used when imageGuidance is 1 (low)");
      return;
    }
  if (!resolve_size (ctx, ratio, &width, &height))
    return;

  if (format == NULL)
    format = "png";
  if (!g_str_equal (format, "png") && !g_str_equal (format, "webp"))
    {
      bad (ctx, "imageFormat must be one of the following values: png, webp");
      return;
    }
  if (_atelier_sandbox_is_refused (prompt))
    {
      bad (ctx, "The prompt was rejected by content moderation");
      return;
    }
  if (strstr (prompt, ATELIER_SANDBOX_FAIL_WORD) != NULL)
    fail_message = g_strdup ("Artwork generation failed (sandbox-fail was asked for)");

  start_artwork (ctx, prompt, NULL, image, format, ratio, width, height, fail_message);
}

gboolean
_atelier_sandbox_styledna_route (AtelierSandboxCtx *ctx)
{
  gboolean post = g_str_equal (ctx->method, "POST");

  if (post && (g_str_equal (ctx->path, "/v2/style-dna/generate") ||
               g_str_equal (ctx->path, "/v2/style-dna/generate-anchor")))
    {
      if (_atelier_sandbox_check_auth (ctx))
        generate (ctx, g_str_equal (ctx->path, "/v2/style-dna/generate-anchor"));
      return TRUE;
    }
  if (post && g_str_equal (ctx->path, "/v2/style-dna/edit"))
    {
      if (_atelier_sandbox_check_auth (ctx))
        edit (ctx);
      return TRUE;
    }

  if (g_str_equal (ctx->method, "GET") && g_str_has_prefix (ctx->path, "/v2/artworks/") &&
      strchr (ctx->path + strlen ("/v2/artworks/"), '/') == NULL)
    {
      Artwork *artwork;

      if (!_atelier_sandbox_check_auth (ctx))
        return TRUE;
      artwork = g_hash_table_lookup (ctx->sandbox->styledna_artworks,
                                     ctx->path + strlen ("/v2/artworks/"));
      if (artwork == NULL)
        _atelier_sandbox_respond_error (ctx, SOUP_STATUS_NOT_FOUND, "Artwork not found",
                                        NULL, NULL);
      else
        respond_artwork (ctx, artwork, SOUP_STATUS_OK);
      return TRUE;
    }

  return FALSE;
}
