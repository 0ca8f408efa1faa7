/* atelier-sandbox-openai-params.c: OpenAI image parameters, checked as the API does
 *
 * Follows CreateImageRequest / CreateImageEditRequest in OpenAI's published
 * schema: unknown parameters, wrong types, values out of range and
 * combinations a model does not support are refused with 400, naming the
 * parameter. Without a model, GPT-only parameters select a GPT model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sandbox"

#include "config.h"

#include "atelier-sandbox-openai-private.h"

void
_atelier_sandbox_openai_job_free (gpointer data)
{
  OpenaiJob *job = data;

  g_free (job->model);
  g_free (job->prompt);
  g_free (job->size);
  g_free (job->quality);
  g_free (job->output_format);
  g_free (job->background);
  g_clear_object (&job->input);
  g_clear_object (&job->mask);
  g_free (job);
}

static const char * const generation_params[] = {
  "prompt", "model", "n", "quality", "response_format", "output_format", "output_compression",
  "stream", "partial_images", "size", "moderation", "background", "style", "user", NULL
};

static const char * const edit_params[] = {
  "prompt", "model", "n", "quality", "response_format", "output_format", "output_compression",
  "stream", "partial_images", "size", "background", "user", "input_fidelity", "moderation", NULL
};

static const char * const gpt_models[] = {
  "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2", "gpt-image-2-2026-04-21",
  "chatgpt-image-latest", NULL
};

static gboolean
fail (AtelierSandboxCtx *ctx,
      const char        *param,
      const char        *code,
      const char        *format,
      ...) G_GNUC_PRINTF (4, 5);

void
_atelier_sandbox_openai_failv (AtelierSandboxCtx *ctx,
                               const char        *param,
                               const char        *code,
                               const char        *format,
                               va_list            args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  _atelier_sandbox_respond_error (ctx, SOUP_STATUS_BAD_REQUEST, message, param, code);
}

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

static const char *
type_name (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "an array";
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING: return "a string";
    case G_TYPE_BOOLEAN: return "a boolean";
    case G_TYPE_DOUBLE: return "a decimal";
    default: return "an integer";
    }
}

/* Member @name as a string (NULL when absent or null); FALSE after
 * answering 400 when it has another type. */
static gboolean
get_string (AtelierSandboxCtx  *ctx,
            JsonObject         *params,
            const char         *name,
            const char        **out)
{
  JsonNode *node = json_object_get_member (params, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      *out = json_node_get_string (node);
      return TRUE;
    }
  return fail (ctx, name, "invalid_type",
               "Invalid type for '%s': expected a string, but got %s instead.",
               name, type_name (node));
}

static gboolean
get_int (AtelierSandboxCtx *ctx,
         JsonObject        *params,
         const char        *name,
         gint64             fallback,
         gint64             min,
         gint64             max,
         gint64            *out)
{
  JsonNode *node = json_object_get_member (params, name);

  *out = fallback;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (ctx, name, "invalid_type",
                 "Invalid type for '%s': expected an integer, but got %s instead.",
                 name, type_name (node));
  *out = json_node_get_int (node);
  if (*out < min)
    return fail (ctx, name, "integer_below_min_value",
                 "Invalid '%s': integer below minimum value. Expected a value >= %" G_GINT64_FORMAT
                 ", but got %" G_GINT64_FORMAT " instead.", name, min, *out);
  if (*out > max)
    return fail (ctx, name, "integer_above_max_value",
                 "Invalid '%s': integer above maximum value. Expected a value <= %" G_GINT64_FORMAT
                 ", but got %" G_GINT64_FORMAT " instead.", name, max, *out);
  return TRUE;
}

/* An enum member: NULL/absent gives @fallback. */
static gboolean
get_enum (AtelierSandboxCtx  *ctx,
          JsonObject         *params,
          const char         *name,
          const char * const *allowed,
          const char         *fallback,
          const char        **out)
{
  g_autofree char *list = NULL;

  if (!get_string (ctx, params, name, out))
    return FALSE;
  if (*out == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (g_strv_contains (allowed, *out))
    return TRUE;

  list = g_strjoinv ("', '", (char **) allowed);
  return fail (ctx, name, "invalid_value",
               "Invalid value: '%s'. Supported values are: '%s'.", *out, list);
}

static gboolean
parse_size (const char *text,
            guint      *width,
            guint      *height)
{
  char *end;
  guint64 w, h;

  w = g_ascii_strtoull (text, &end, 10);
  if (end == text || *end != 'x')
    return FALSE;
  text = end + 1;
  h = g_ascii_strtoull (text, &end, 10);
  if (end == text || *end != '\0' || w == 0 || h == 0 || w > 100000 || h > 100000)
    return FALSE;
  *width = w;
  *height = h;
  return TRUE;
}

static gboolean
check_size (AtelierSandboxCtx *ctx,
            OpenaiJob         *job,
            const char        *size,
            gboolean           edit)
{
  static const char * const dalle2[] = { "256x256", "512x512", "1024x1024", NULL };
  static const char * const dalle3[] = { "1024x1024", "1792x1024", "1024x1792", NULL };
  static const char * const gpt[] = { "auto", "1024x1024", "1536x1024", "1024x1536", NULL };
  static const char * const gpt_edit[] = { "auto", "256x256", "512x512", "1024x1024",
                                           "1536x1024", "1024x1536", NULL };
  const char * const *allowed;
  g_autofree char *list = NULL;

  if (size == NULL || g_str_equal (size, "auto"))
    {
      if (size != NULL && !job->gpt)
        return fail (ctx, "size", "invalid_value",
                     "Invalid value: 'auto'. Supported values are: '%s'.",
                     g_str_equal (job->model, "dall-e-3") ? "1024x1024', '1792x1024', '1024x1792"
                                                          : "256x256', '512x512', '1024x1024");
      job->width = job->height = 1024;
      job->size = g_strdup ("1024x1024");
      return TRUE;
    }

  if (g_str_has_prefix (job->model, "gpt-image-2"))
    {
      guint w, h;

      if (!parse_size (size, &w, &h))
        return fail (ctx, "size", "invalid_value",
                     "Invalid value: '%s'. Use 'auto' or WIDTHxHEIGHT, e.g. '1536x864'.", size);
      if (w % 16 != 0 || h % 16 != 0)
        return fail (ctx, "size", "invalid_value",
                     "Invalid size '%s': width and height must both be divisible by 16.", size);
      if (w > 3 * h || h > 3 * w)
        return fail (ctx, "size", "invalid_value",
                     "Invalid size '%s': the aspect ratio must be between 1:3 and 3:1.", size);
      if (MAX (w, h) > 3840 || (guint64) w * h > 3840u * 2160u)
        return fail (ctx, "size", "invalid_value",
                     "Invalid size '%s': the maximum supported resolution is 3840x2160.", size);
      job->width = w;
      job->height = h;
      job->size = g_strdup (size);
      return TRUE;
    }

  if (g_str_equal (job->model, "dall-e-2"))
    allowed = dalle2;
  else if (g_str_equal (job->model, "dall-e-3"))
    allowed = dalle3;
  else
    allowed = edit ? gpt_edit : gpt;

  if (!g_strv_contains (allowed, size))
    {
      list = g_strjoinv ("', '", (char **) allowed);
      return fail (ctx, "size", "invalid_value",
                   "Invalid value: '%s'. Supported values are: '%s'.", size, list);
    }

  parse_size (size, &job->width, &job->height);
  job->size = g_strdup (size);
  return TRUE;
}

OpenaiJob *
_atelier_sandbox_openai_validate (AtelierSandboxCtx *ctx,
                                  JsonObject        *params,
                                  gboolean           edit)
{
  static const char * const qualities_gpt[] = { "low", "medium", "high", "auto", NULL };
  static const char * const qualities_dalle3[] = { "standard", "hd", "auto", NULL };
  static const char * const qualities_dalle2[] = { "standard", "auto", NULL };
  static const char * const response_formats[] = { "url", "b64_json", NULL };
  static const char * const output_formats[] = { "png", "jpeg", "webp", NULL };
  static const char * const backgrounds[] = { "transparent", "opaque", "auto", NULL };
  static const char * const moderations[] = { "low", "auto", NULL };
  static const char * const styles[] = { "vivid", "natural", NULL };
  static const char * const fidelities[] = { "high", "low", NULL };
  g_autoptr(GList) members = json_object_get_members (params);
  OpenaiJob *job = g_new0 (OpenaiJob, 1);
  const char * const *known = edit ? edit_params : generation_params;
  const char *prompt, *model, *quality, *response_format, *output_format, *background;
  const char *moderation, *style, *size, *user, *fidelity;
  gint64 n, compression, partial;
  JsonNode *node;
  gsize max_prompt;

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        fail (ctx, l->data, "unknown_parameter", "Unknown parameter: '%s'.", (char *) l->data);
        goto error;
      }

  if (!get_string (ctx, params, "prompt", &prompt) ||
      !get_string (ctx, params, "model", &model) ||
      !get_string (ctx, params, "user", &user) ||
      !get_string (ctx, params, "size", &size))
    goto error;

  node = json_object_get_member (params, "stream");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          fail (ctx, "stream", "invalid_type",
                "Invalid type for 'stream': expected a boolean, but got %s instead.",
                type_name (node));
          goto error;
        }
      job->stream = json_node_get_boolean (node);
    }

  if (prompt == NULL || prompt[0] == '\0')
    {
      fail (ctx, "prompt", "missing_required_parameter", "Missing required parameter: 'prompt'.");
      goto error;
    }

  /* Like the API: without a model, GPT-only parameters select a GPT model. */
  if (model == NULL)
    {
      if (edit || json_object_has_member (params, "output_format") ||
          json_object_has_member (params, "output_compression") ||
          json_object_has_member (params, "background") ||
          json_object_has_member (params, "moderation"))
        model = edit ? "gpt-image-1.5" : "gpt-image-1";
      else
        model = "dall-e-2";
    }

  job->gpt = g_strv_contains (gpt_models, model);
  if (!job->gpt && !g_str_equal (model, "dall-e-2") &&
      !(g_str_equal (model, "dall-e-3") && !edit))
    {
      fail (ctx, "model", "model_not_found",
            "The model '%s' does not exist or you do not have access to it.", model);
      goto error;
    }
  if (!edit && g_str_equal (model, "chatgpt-image-latest"))
    {
      fail (ctx, "model", "invalid_value",
            "The model 'chatgpt-image-latest' is only supported by the edits endpoint.");
      goto error;
    }
  job->model = g_strdup (model);
  job->edit = edit;
  if (job->stream && !job->gpt)
    {
      fail (ctx, "stream", "invalid_value",
            "Streaming is only supported for GPT image models, not '%s'.", model);
      goto error;
    }

  max_prompt = job->gpt ? 32000 : g_str_equal (model, "dall-e-3") ? 4000 : 1000;
  if (g_utf8_strlen (prompt, -1) > (glong) max_prompt)
    {
      fail (ctx, "prompt", "string_above_max_length",
            "Invalid 'prompt': string too long. Expected a string with maximum length %"
            G_GSIZE_FORMAT ", but got a string with length %ld instead.",
            max_prompt, g_utf8_strlen (prompt, -1));
      goto error;
    }
  job->prompt = g_strdup (prompt);

  if (!get_int (ctx, params, "n", 1, 1, 10, &n))
    goto error;
  if (n > 1 && g_str_equal (model, "dall-e-3"))
    {
      fail (ctx, "n", "invalid_value", "Invalid 'n': dall-e-3 only supports n=1.");
      goto error;
    }
  job->n = n;

  if (!get_enum (ctx, params, "quality",
                 job->gpt ? qualities_gpt : g_str_equal (model, "dall-e-3") ? qualities_dalle3
                                                                            : qualities_dalle2,
                 "auto", &quality) ||
      !get_enum (ctx, params, "response_format", response_formats, "url", &response_format) ||
      !get_enum (ctx, params, "output_format", output_formats, "png", &output_format) ||
      !get_enum (ctx, params, "background", backgrounds, "auto", &background) ||
      !get_int (ctx, params, "output_compression", 100, 0, 100, &compression) ||
      !get_int (ctx, params, "partial_images", 0, 0, 3, &partial))
    goto error;
  job->partials = (guint) partial;

  if (!get_enum (ctx, params, "moderation", moderations, "auto", &moderation) ||
      (!edit && !get_enum (ctx, params, "style", styles, "vivid", &style)))
    goto error;

  if (edit)
    {
      if (!get_enum (ctx, params, "input_fidelity", fidelities, "low", &fidelity))
        goto error;
      if (json_object_has_member (params, "input_fidelity") &&
          (!job->gpt || g_str_equal (model, "gpt-image-1-mini")))
        {
          fail (ctx, "input_fidelity", "invalid_value",
                "input_fidelity is not supported for model '%s'.", model);
          goto error;
        }
    }

  if (g_str_equal (background, "transparent") && g_str_equal (output_format, "jpeg"))
    {
      fail (ctx, "background", "invalid_value",
            "Transparent backgrounds need output_format 'png' or 'webp', not 'jpeg'.");
      goto error;
    }

  if (!check_size (ctx, job, size, edit))
    goto error;

  if (_atelier_sandbox_is_refused (prompt))
    {
      _atelier_sandbox_respond_error (ctx, SOUP_STATUS_BAD_REQUEST,
                                      "Your request was rejected as a result of our safety system. "
                                      "Your prompt may contain text that is not allowed by our "
                                      "safety system.", NULL, "moderation_blocked");
      goto error;
    }

  /* GPT-only parameters are accepted and ignored for dall-e, as the API does. */
  job->b64 = job->gpt || g_str_equal (response_format, "b64_json");
  job->output_format = g_strdup (job->gpt ? output_format : "png");
  job->compression = job->gpt ? compression : 100;
  job->transparent = job->gpt && g_str_equal (background, "transparent");
  job->background = g_strdup (job->transparent ? "transparent" : "opaque");
  job->quality = g_strdup (g_str_equal (quality, "auto") ? (job->gpt ? "high" : "standard")
                                                         : quality);
  return job;

error:
  _atelier_sandbox_openai_job_free (job);
  return NULL;
}
