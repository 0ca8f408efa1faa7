/* atelier-sandbox-openai.c: POST /v1/images/generations and /v1/images/edits
 *
 * Also GET /v1/models. Parameters are checked in atelier-sandbox-openai-params.c;
 * errors are {"error": {message, type, param, code}}. The answer comes synchronously
 * after a quarter of the job duration. GPT image models always answer with
 * b64_json (response_format is accepted and ignored for them); dall-e-*
 * answer with a CDN url unless b64_json is asked for. GPT image models also
 * stream (atelier-sandbox-openai-stream.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sandbox"

#include "config.h"

#include <string.h>

#include "atelier-procedural-private.h"
#include "atelier-sandbox-openai-private.h"

#define MAX_EDIT_IMAGES 16

static gboolean
fail (AtelierSandboxCtx *ctx,
      const char        *param,
      const char        *code,
      const char        *format,
      ...) G_GNUC_PRINTF (4, 5);

static gboolean
fail (AtelierSandboxCtx *ctx,
      const char        *param,
      const char        *code,
      const char        *format,
      ...)
{
  va_list args;

  va_start (args, format);
  _atelier_sandbox_openai_failv (ctx, param, code, format, args);
  va_end (args);
  return FALSE;
}

/* A blend of the input with the rendered prompt: inside the mask's clear
 * areas only when a mask is given, everywhere otherwise. */
static GdkPixbuf *
apply_edit (OpenaiJob *job,
            GdkPixbuf *generated,
            guint      width,
            guint      height)
{
  g_autoptr(GdkPixbuf) input = gdk_pixbuf_scale_simple (job->input, width, height,
                                                        GDK_INTERP_BILINEAR);
  g_autoptr(GdkPixbuf) mask = NULL;
  g_autoptr(GdkPixbuf) in_rgba = gdk_pixbuf_add_alpha (input, FALSE, 0, 0, 0);
  guint8 *out = gdk_pixbuf_get_pixels (generated);
  const guint8 *in = gdk_pixbuf_read_pixels (in_rgba);
  const guint8 *mp = NULL;
  int out_stride = gdk_pixbuf_get_rowstride (generated);
  int in_stride = gdk_pixbuf_get_rowstride (in_rgba);
  int mask_stride = 0;

  if (job->mask != NULL && gdk_pixbuf_get_has_alpha (job->mask))
    {
      mask = gdk_pixbuf_scale_simple (job->mask, width, height, GDK_INTERP_NEAREST);
      mp = gdk_pixbuf_read_pixels (mask);
      mask_stride = gdk_pixbuf_get_rowstride (mask);
    }

  for (guint y = 0; y < height; y++)
    for (guint x = 0; x < width; x++)
      {
        guint8 *o = out + (gsize) y * out_stride + x * 4;
        const guint8 *i = in + (gsize) y * in_stride + x * 4;
        guint weight = 115; /* of 255: how much of the prompt shows through */

        if (mp != NULL)
          weight = mp[(gsize) y * mask_stride + x * 4 + 3] == 0 ? 180 : 0;

        for (int c = 0; c < 3; c++)
          o[c] = (i[c] * (255 - weight) + o[c] * weight) / 255;
        o[3] = job->transparent ? i[3] : 255;
      }

  return g_object_ref (generated);
}

GPtrArray *
_atelier_sandbox_openai_render (gpointer   data,
                                GError   **error)
{
  OpenaiJob *job = data;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  guint width = job->width, height = job->height;

  _atelier_sandbox_cap_size (&width, &height);

  for (guint i = 0; i < job->n; i++)
    {
      g_autofree char *prompt = i == 0 ? g_strdup (job->prompt)
                                       : g_strdup_printf ("%s (%u)", job->prompt, i + 1);
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      AtelierPalette palette;
      GBytes *bytes;

      if (!_atelier_procedural_palette (prompt, NULL, &palette, error))
        return NULL;
      pixbuf = _atelier_procedural_render (prompt, &palette, width, height, FALSE,
                                           job->transparent);
      if (job->input != NULL)
        {
          GdkPixbuf *edited = apply_edit (job, pixbuf, width, height);

          g_object_unref (pixbuf);
          pixbuf = edited;
        }
      bytes = _atelier_procedural_encode (pixbuf, job->output_format, job->compression, error);
      if (bytes == NULL)
        return NULL;
      g_ptr_array_add (results, bytes);
    }

  return g_steal_pointer (&results);
}

#define SANDBOX_TEXT_TOKENS 50

static void
openai_ready (AtelierSandboxCtx  *ctx,
              AtelierSandboxTask *task)
{
  OpenaiJob *job = g_object_get_data (G_OBJECT (ctx->msg), "atelier-openai-job");
  GPtrArray *names = _atelier_sandbox_task_get_names (task);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean missing = names->len == 0;
  /* Usage the sandbox reports: fixed figures, so tests can add them up. */
  const gint64 in_images = job->input ? 200 : 0;

  /* A result evicted from the store before its answer counts as a failure. */
  for (guint i = 0; i < names->len; i++)
    missing |= _atelier_sandbox_lookup_blob (ctx->sandbox, g_ptr_array_index (names, i)) == NULL;

  if (_atelier_sandbox_task_get_error (task) != NULL || missing)
    {
      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                                      "The server had an error while processing your request.",
                                      NULL, NULL);
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "created");
  json_builder_add_int_value (builder, g_get_real_time () / G_USEC_PER_SEC);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      json_builder_begin_object (builder);
      if (job->b64)
        {
          GBytes *bytes = _atelier_sandbox_lookup_blob (ctx->sandbox, name);
          gsize len;
          const guint8 *data = g_bytes_get_data (bytes, &len);
          g_autofree char *b64 = g_base64_encode (data, len);

          json_builder_set_member_name (builder, "b64_json");
          json_builder_add_string_value (builder, b64);
        }
      else
        {
          g_autofree char *url = _atelier_sandbox_cdn_url (ctx->sandbox, name);

          json_builder_set_member_name (builder, "url");
          json_builder_add_string_value (builder, url);
        }
      if (g_str_equal (job->model, "dall-e-3"))
        {
          g_autofree char *revised = g_strdup_printf ("%s, rendered by the Atelier sandbox",
                                                      job->prompt);

          json_builder_set_member_name (builder, "revised_prompt");
          json_builder_add_string_value (builder, revised);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (job->gpt)
    {
      json_builder_set_member_name (builder, "background");
      json_builder_add_string_value (builder, job->background);
      json_builder_set_member_name (builder, "output_format");
      json_builder_add_string_value (builder, job->output_format);
      json_builder_set_member_name (builder, "size");
      json_builder_add_string_value (builder, job->size);
      json_builder_set_member_name (builder, "quality");
      json_builder_add_string_value (builder, job->quality);
      /* ImageGenUsage as the spec has it: the total is input + output,
       * each with its text and image tokens (an edit's input images count). */
      json_builder_set_member_name (builder, "usage");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "total_tokens");
      json_builder_add_int_value (builder, SANDBOX_TEXT_TOKENS + in_images + 200 * job->n);
      json_builder_set_member_name (builder, "input_tokens");
      json_builder_add_int_value (builder, SANDBOX_TEXT_TOKENS + in_images);
      json_builder_set_member_name (builder, "output_tokens");
      json_builder_add_int_value (builder, 200 * job->n);
      json_builder_set_member_name (builder, "input_tokens_details");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "text_tokens");
      json_builder_add_int_value (builder, SANDBOX_TEXT_TOKENS);
      json_builder_set_member_name (builder, "image_tokens");
      json_builder_add_int_value (builder, in_images);
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "output_tokens_details");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "text_tokens");
      json_builder_add_int_value (builder, 0);
      json_builder_set_member_name (builder, "image_tokens");
      json_builder_add_int_value (builder, 200 * job->n);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  _atelier_sandbox_respond_json (ctx, SOUP_STATUS_OK, json_builder_get_root (builder));
}

OpenaiJob *
_atelier_sandbox_openai_job_copy (const OpenaiJob *job)
{
  OpenaiJob *copy = g_new0 (OpenaiJob, 1);

  *copy = *job;
  copy->model = g_strdup (job->model);
  copy->prompt = g_strdup (job->prompt);
  copy->size = g_strdup (job->size);
  copy->quality = g_strdup (job->quality);
  copy->output_format = g_strdup (job->output_format);
  copy->background = g_strdup (job->background);
  copy->input = job->input ? g_object_ref (job->input) : NULL;
  copy->mask = job->mask ? g_object_ref (job->mask) : NULL;
  return copy;
}

static void
start (AtelierSandboxCtx *ctx,
       OpenaiJob         *job)
{
  g_autoptr(AtelierSandboxTask) task = NULL;
  OpenaiJob *copy;

  if (job->stream)
    {
      _atelier_sandbox_openai_stream (ctx, job);
      return;
    }

  /* The message keeps the job for the answer; the task renders a copy of
   * what it needs, so no state is shared with the worker thread. */
  copy = _atelier_sandbox_openai_job_copy (job);
  g_object_set_data_full (G_OBJECT (ctx->msg), "atelier-openai-job", job,
                          _atelier_sandbox_openai_job_free);
  task = _atelier_sandbox_task_new (ctx->sandbox,
                                    _atelier_procedural_mime_type (job->output_format),
                                    g_str_equal (job->output_format, "jpeg") ? "jpg"
                                                                             : job->output_format,
                                    NULL, _atelier_sandbox_openai_render, copy,
                                    _atelier_sandbox_openai_job_free);
  _atelier_sandbox_task_wait (task, ctx, ctx->sandbox->job_duration_ms / 4, openai_ready);
}

static void
generations (AtelierSandboxCtx *ctx)
{
  g_autoptr(JsonObject) params = NULL;
  OpenaiJob *job;

  if ((params = _atelier_sandbox_read_json (ctx)) == NULL)
    return;
  if ((job = _atelier_sandbox_openai_validate (ctx, params, FALSE)) == NULL)
    return;
  start (ctx, job);
}

static const char *
image_type (GBytes *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "png";
  if (len >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    return "jpeg";
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "webp";
  return NULL;
}

/* Multipart text fields become JSON members of the type the schema expects,
 * so one validator serves both endpoints. */
static void
set_field (JsonObject *params,
           const char *name,
           const char *value)
{
  if (g_str_equal (name, "n") || g_str_equal (name, "output_compression") ||
      g_str_equal (name, "partial_images"))
    {
      gint64 number;

      if (g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &number, NULL))
        {
          json_object_set_int_member (params, name, number);
          return;
        }
    }
  else if (g_str_equal (name, "stream") &&
           (g_str_equal (value, "true") || g_str_equal (value, "false")))
    {
      json_object_set_boolean_member (params, name, g_str_equal (value, "true"));
      return;
    }
  json_object_set_string_member (params, name, value);
}

/* Whether @part lies inside @body. soup_multipart_new_from_message()
 * (libsoup 3.2) computes a part's length as "end - 2 - start" without
 * checking it: a closing boundary within two bytes of the headers' end
 * gives a part of (gsize) -1 bytes (found by tests/fuzz/fuzz-sandbox.c). */
gboolean
_atelier_sandbox_part_within (GBytes *part,
                              GBytes *body)
{
  gsize part_len, body_len;
  const guint8 *part_data = g_bytes_get_data (part, &part_len);
  const guint8 *body_data = g_bytes_get_data (body, &body_len);

  if (part_len == 0)
    return TRUE;
  return part_data >= body_data && part_len <= body_len &&
         (gsize) (part_data - body_data) <= body_len - part_len;
}

/* The multipart form: files in "image" / "image[]" and "mask", the rest
 * as text fields. */
static gboolean
read_multipart (AtelierSandboxCtx *ctx,
                JsonObject        *params,
                GPtrArray         *images,
                GBytes           **mask)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (ctx->msg);
  g_autoptr(SoupMultipart) multipart = NULL;

  multipart = soup_multipart_new_from_message (headers, ctx->body);
  if (multipart == NULL)
    return fail (ctx, NULL, "invalid_request",
                 "The edits endpoint expects a multipart/form-data or JSON body.");

  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_body;

      if (soup_multipart_get_part (multipart, i, &part_headers, &part_body) &&
          !_atelier_sandbox_part_within (part_body, ctx->body))
        return fail (ctx, NULL, "invalid_request",
                     "The multipart/form-data body is malformed (part %d).", i + 1);
    }

  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers;
      GBytes *part_body;
      g_autofree char *disposition = NULL;
      g_autoptr(GHashTable) disposition_params = NULL;
      const char *name;

      if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body) ||
          !soup_message_headers_get_content_disposition (part_headers, &disposition,
                                                         &disposition_params) ||
          (name = g_hash_table_lookup (disposition_params, "name")) == NULL)
        continue;

      if (g_str_equal (name, "image") || g_str_equal (name, "image[]"))
        g_ptr_array_add (images, g_bytes_ref (part_body));
      else if (g_str_equal (name, "mask"))
        {
          g_clear_pointer (mask, g_bytes_unref);
          *mask = g_bytes_ref (part_body);
        }
      else
        {
          gsize len;
          const char *data = g_bytes_get_data (part_body, &len);
          g_autofree char *value = g_strndup (data, len);

          set_field (params, name, value);
        }
    }

  return TRUE;
}

/* An ImageRefParam: a data: URL, or a link to this sandbox's own store (the
 * sandbox fetches nothing from elsewhere, and has no Files API). */
static GBytes *
resolve_image_ref (AtelierSandboxCtx *ctx,
                   JsonNode          *node,
                   const char        *param)
{
  JsonObject *ref = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonNode *url_node = ref ? json_object_get_member (ref, "image_url") : NULL;
  const char *url, *name = NULL, *comma;
  g_autoptr(GUri) uri = NULL;
  GBytes *blob;

  if (ref != NULL && json_object_has_member (ref, "file_id"))
    {
      fail (ctx, param, "unsupported_value",
            "file_id references are not supported by the Atelier sandbox; use image_url.");
      return NULL;
    }
  if (url_node == NULL || json_node_get_value_type (url_node) != G_TYPE_STRING)
    {
      fail (ctx, param, "invalid_type",
            "Invalid '%s': expected an object with an 'image_url' string.", param);
      return NULL;
    }
  url = json_node_get_string (url_node);

  if (g_str_has_prefix (url, "data:") && (comma = strchr (url, ',')) != NULL &&
      g_strstr_len (url, comma - url, ";base64") != NULL)
    {
      gsize len = 0;
      guchar *data = g_base64_decode (comma + 1, &len);

      return g_bytes_new_take (data, len);
    }

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL && g_strcmp0 (g_uri_get_host (uri), "127.0.0.1") == 0 &&
      ((guint) g_uri_get_port (uri) == ctx->sandbox->cdn_port ||
       (guint) g_uri_get_port (uri) == ctx->sandbox->port))
    {
      const char *path = g_uri_get_path (uri);

      if (g_str_has_prefix (path, "/cdn/"))
        name = path + strlen ("/cdn/");
      else if (g_str_has_prefix (path, "/presigned/"))
        name = path + strlen ("/presigned/");
    }
  if (name == NULL)
    {
      fail (ctx, param, "unsupported_value",
            "The Atelier sandbox only reads data: URLs and its own result links.");
      return NULL;
    }
  if ((blob = _atelier_sandbox_lookup_blob (ctx->sandbox, name)) == NULL)
    {
      fail (ctx, param, "invalid_image_url", "Error while downloading %s.", url);
      return NULL;
    }
  return g_bytes_ref (blob);
}

/* The JSON form: "images": [ImageRefParam…], "mask": ImageRefParam. */
static gboolean
read_json (AtelierSandboxCtx *ctx,
           JsonObject        *params,
           GPtrArray         *images,
           GBytes           **mask)
{
  g_autoptr(JsonObject) body = _atelier_sandbox_read_json (ctx);
  g_autoptr(GList) members = NULL;
  JsonNode *node;

  if (body == NULL)
    return FALSE;

  node = json_object_get_member (body, "images");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return fail (ctx, "images", "missing_required_parameter",
                 "Missing required parameter: 'images' (an array of image references).");
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      GBytes *bytes = resolve_image_ref (ctx, json_array_get_element (json_node_get_array (node), i),
                                         "images");

      if (bytes == NULL)
        return FALSE;
      g_ptr_array_add (images, bytes);
    }

  node = json_object_get_member (body, "mask");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node) &&
      (*mask = resolve_image_ref (ctx, node, "mask")) == NULL)
    return FALSE;

  members = json_object_get_members (body);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "images") && !g_str_equal (l->data, "mask"))
      json_object_set_member (params, l->data,
                              json_node_copy (json_object_get_member (body, l->data)));
  return TRUE;
}

static void
edits (AtelierSandboxCtx *ctx)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (ctx->msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(JsonObject) params = json_object_new ();
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) mask = NULL;
  OpenaiJob *job;

  if (g_strcmp0 (content_type, "application/json") == 0)
    {
      if (!read_json (ctx, params, images, &mask))
        return;
    }
  else if (!read_multipart (ctx, params, images, &mask))
    return;

  if ((job = _atelier_sandbox_openai_validate (ctx, params, TRUE)) == NULL)
    return;

  if (images->len == 0)
    {
      fail (ctx, "image", "missing_required_parameter", "Missing required parameter: 'image'.");
      goto error;
    }
  if (images->len > MAX_EDIT_IMAGES)
    {
      fail (ctx, "image", "array_above_max_length",
            "Invalid 'image': array too long. Expected an array with maximum length %d, "
            "but got an array with length %u instead.", MAX_EDIT_IMAGES, images->len);
      goto error;
    }
  if (!job->gpt && images->len > 1)
    {
      fail (ctx, "image", "invalid_value", "dall-e-2 accepts only one image.");
      goto error;
    }

  for (guint i = 0; i < images->len; i++)
    {
      GBytes *bytes = g_ptr_array_index (images, i);
      const char *type = image_type (bytes);
      g_autoptr(GdkPixbuf) pixbuf = NULL;
      g_autoptr(GError) decode_error = NULL;
      gsize limit = job->gpt ? 50 * 1024 * 1024 : 4 * 1024 * 1024;

      /* Only the first image is used (and decoded); the others are checked
       * by their signature, which keeps the main loop free of big decodes. */
      if (type != NULL && (job->gpt || g_str_equal (type, "png")) && i == 0 &&
          (pixbuf = _atelier_sandbox_decode_image (bytes, &decode_error)) == NULL &&
          g_error_matches (decode_error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE))
        {
          fail (ctx, "image", "image_too_large", "Image %u is larger than %u pixels.", i + 1,
                ATELIER_SANDBOX_MAX_PIXELS);
          goto error;
        }
      if (type == NULL || (!job->gpt && !g_str_equal (type, "png")) ||
          (i == 0 && pixbuf == NULL))
        {
          fail (ctx, "image", "invalid_image_format",
                "Invalid image file or mode for image %u, please check your image file.", i + 1);
          goto error;
        }
      if (g_bytes_get_size (bytes) > limit)
        {
          fail (ctx, "image", "image_too_large",
                "Image %u is larger than %" G_GSIZE_FORMAT " MB.", i + 1, limit >> 20);
          goto error;
        }
      if (pixbuf != NULL && !job->gpt &&
          gdk_pixbuf_get_width (pixbuf) != gdk_pixbuf_get_height (pixbuf))
        {
          fail (ctx, "image", "invalid_image",
                "Invalid image: dall-e-2 needs a square image.");
          goto error;
        }
      if (i == 0)
        job->input = g_steal_pointer (&pixbuf);
    }

  if (mask != NULL)
    {
      const char *type = image_type (mask);

      if (type == NULL || !g_str_equal (type, "png") ||
          (job->mask = _atelier_sandbox_decode_image (mask, NULL)) == NULL)
        {
          fail (ctx, "mask", "invalid_image_format",
                "Invalid mask: the mask must be a valid PNG file.");
          goto error;
        }
      if (gdk_pixbuf_get_width (job->mask) != gdk_pixbuf_get_width (job->input) ||
          gdk_pixbuf_get_height (job->mask) != gdk_pixbuf_get_height (job->input))
        {
          fail (ctx, "mask", "invalid_image_dimensions",
                "Invalid mask: the mask and the image must have the same dimensions.");
          goto error;
        }
    }

  start (ctx, job);
  return;

error:
  _atelier_sandbox_openai_job_free (job);
}

/* GET /v1/models[/{id}]: what OpenAI-compatible clients call to test a
 * connection and to fill their model menus; lists the image models this
 * dialect accepts and, like real servers and aggregators, a chat model
 * that makes no images (clients filter it out). A `status` fault on
 * "GET /v1/models" answers an error instead. */
static void
models (AtelierSandboxCtx *ctx,
        const char        *id)
{
  static const char * const ids[] = {
    "dall-e-2", "dall-e-3", "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2",
    "gpt-image-2-2026-04-21", "chatgpt-image-latest", "gpt-4o-mini",
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean found = FALSE;

  if (id == NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "object");
      json_builder_add_string_value (builder, "list");
      json_builder_set_member_name (builder, "data");
      json_builder_begin_array (builder);
    }

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      if (id != NULL && !g_str_equal (id, ids[i]))
        continue;
      found = TRUE;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, ids[i]);
      json_builder_set_member_name (builder, "object");
      json_builder_add_string_value (builder, "model");
      json_builder_set_member_name (builder, "created");
      json_builder_add_int_value (builder, 1698785189);
      json_builder_set_member_name (builder, "owned_by");
      json_builder_add_string_value (builder, "system");
      json_builder_end_object (builder);
    }

  if (id == NULL)
    {
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  else if (!found)
    {
      g_autofree char *message = g_strdup_printf ("The model '%s' does not exist", id);

      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_NOT_FOUND, message, "model",
                                      "model_not_found");
      return;
    }

  _atelier_sandbox_respond_json (ctx, SOUP_STATUS_OK, json_builder_get_root (builder));
}

gboolean
_atelier_sandbox_openai_route (AtelierSandboxCtx *ctx)
{
  if (g_str_equal (ctx->method, "GET") &&
      (g_str_equal (ctx->path, "/v1/models") || g_str_has_prefix (ctx->path, "/v1/models/")))
    {
      const char *id = ctx->path + strlen ("/v1/models");

      if (_atelier_sandbox_check_auth (ctx))
        models (ctx, *id == '/' ? id + 1 : NULL);
      return TRUE;
    }

  gboolean is_generations = g_str_equal (ctx->path, "/v1/images/generations");
  gboolean is_edits = g_str_equal (ctx->path, "/v1/images/edits");

  if (!is_generations && !is_edits)
    return FALSE;

  if (!_atelier_sandbox_check_auth (ctx))
    return TRUE;

  if (!g_str_equal (ctx->method, "POST"))
    {
      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                      "Only POST is allowed on this endpoint.", NULL, NULL);
      return TRUE;
    }

  if (is_generations)
    generations (ctx);
  else
    edits (ctx);
  return TRUE;
}
