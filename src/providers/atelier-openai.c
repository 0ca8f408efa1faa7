/* atelier-openai.c: OpenAI-compatible images (generations and edits)
 *
 * Any base URL works, so local servers that speak this dialect do too. The
 * answer is synchronous: the POST returns the images, or streams them as
 * they form (atelier-openai-stream.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-openai"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-openai.h"
#include "atelier-openai-models.h"
#include "atelier-openai-private.h"
#include "atelier-provider-util.h"

struct _AtelierOpenaiProvider
{
  AtelierServiceClient parent_instance;

  /* The model choices follow the server's list (GET {base}/models), each
   * endpoint its own. */
  gboolean             listed;        /* the choices came from the server or its cache */
};

G_DEFINE_FINAL_TYPE (AtelierOpenaiProvider, atelier_openai_provider, ATELIER_TYPE_SERVICE_CLIENT)

static const char * const models[] = {
  "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2", "dall-e-3", "dall-e-2", NULL
};
static const char * const sizes[] = {
  "auto", "1024x1024", "1536x1024", "1024x1536", "256x256", "512x512", "1792x1024", "1024x1792", NULL
};
static const char * const qualities[] = { "auto", "standard", "hd", "low", "medium", "high", NULL };
static const char * const response_formats[] = { "url", "b64_json", NULL };
static const char * const styles[] = { "vivid", "natural", NULL };
static const char * const output_formats[] = { "png", "jpeg", "webp", NULL };
static const char * const backgrounds[] = { "auto", "transparent", "opaque", NULL };
static const char * const moderations[] = { "auto", "low", NULL };
static const char * const stream_modes[] = { "auto", "on", "off", NULL };

static const AtelierParamSpec specs[] = {
  { "prompt", ATELIER_PARAM_TEXT, N_("Prompt"), N_("What the image should show"),
    NULL, NULL, 0, 32000, ATELIER_PARAM_FLAG_REQUIRED },
  { "model", ATELIER_PARAM_ENUM, N_("Model"), N_("Any model the server offers"),
    "gpt-image-1", models, 0, 0, ATELIER_PARAM_FLAG_OPEN_ENUM | ATELIER_PARAM_FLAG_SERVICE_CHOICES },
  { "size", ATELIER_PARAM_ENUM, N_("Size"), N_("Width × height in pixels"),
    NULL, sizes, 0, 0, ATELIER_PARAM_FLAG_OPEN_ENUM },
  { "quality", ATELIER_PARAM_ENUM, N_("Quality"), NULL, NULL, qualities },
  { "n", ATELIER_PARAM_INT, N_("Images"), N_("How many images to make"), "1", NULL, 1, 10 },
  { "style", ATELIER_PARAM_ENUM, N_("Style"), N_("DALL·E 3 only"), NULL, styles, 0, 0,
    ATELIER_PARAM_FLAG_ADVANCED },
  { "response_format", ATELIER_PARAM_ENUM, N_("Response format"),
    N_("DALL·E only: GPT image models always answer with image data"),
    NULL, response_formats, 0, 0, ATELIER_PARAM_FLAG_ADVANCED },
  { "output_format", ATELIER_PARAM_ENUM, N_("File format"), N_("GPT image models only"),
    NULL, output_formats, 0, 0, ATELIER_PARAM_FLAG_ADVANCED },
  { "output_compression", ATELIER_PARAM_INT, N_("Compression"),
    N_("0–100 %, for JPEG and WebP from GPT image models"), NULL, NULL, 0, 100,
    ATELIER_PARAM_FLAG_ADVANCED },
  { "background", ATELIER_PARAM_ENUM, N_("Background"), N_("GPT image models only"),
    NULL, backgrounds, 0, 0, ATELIER_PARAM_FLAG_ADVANCED },
  { "moderation", ATELIER_PARAM_ENUM, N_("Moderation"), N_("GPT image models only"),
    NULL, moderations, 0, 0, ATELIER_PARAM_FLAG_ADVANCED },
  { "user", ATELIER_PARAM_STRING, N_("End-user ID"), NULL, NULL, NULL, 0, 256,
    ATELIER_PARAM_FLAG_ADVANCED },
  { "image", ATELIER_PARAM_FILE, N_("Images to edit"),
    N_("Giving an image switches to editing; up to 16 for GPT image models"),
    NULL, NULL, 0, 16, ATELIER_PARAM_FLAG_MULTIPLE, NULL, "edit" },
  { "mask", ATELIER_PARAM_FILE, N_("Mask"),
    N_("Transparent areas mark where the image may change"), NULL, NULL, 0, 0,
    ATELIER_PARAM_FLAG_NONE, NULL, "edit" },
  /* Not sent as it is: "stream" is a boolean on the wire (see stream_partials). */
  { "stream", ATELIER_PARAM_ENUM, N_("Live preview"),
    N_("Show rough versions while the image forms (GPT image models); auto: wherever the "
       "model can"), NULL, stream_modes, 0, 0, ATELIER_PARAM_FLAG_ADVANCED },
  { "partial_images", ATELIER_PARAM_INT, N_("Preview images"),
    N_("How many rough versions to show while it forms, 0–3 (each costs a little)"),
    NULL, NULL, 0, 3, ATELIER_PARAM_FLAG_ADVANCED },
};

static const AtelierParamTable table = { specs, G_N_ELEMENTS (specs) };

static gboolean
is_gpt_image (const char *model)
{
  return g_str_has_prefix (model, "gpt-image") || g_str_has_prefix (model, "chatgpt-image");
}

static gboolean
is_dalle (const char *model)
{
  return g_str_has_prefix (model, "dall-e");
}

static const char *
get (GHashTable *params,
     const char *name)
{
  return atelier_param_get (&table, params, name);
}

/* The streaming rules: returns how many partial images a stream asks for,
 * or -1 when the job does not stream. "auto" streams wherever the schema
 * allows it (GPT image models, no response_format); "on" is refused
 * elsewhere by validate. */
static int
stream_partials (GHashTable *params)
{
  const char *mode = get (params, "stream");
  const char *model = get (params, "model");
  const char *partials = get (params, "partial_images");

  if (mode == NULL || g_str_equal (mode, "off"))
    return -1;
  if (g_str_equal (mode, "auto") &&
      (!is_gpt_image (model) || get (params, "response_format") != NULL))
    return -1;
  return partials != NULL ? (int) g_ascii_strtoll (partials, NULL, 10)
                          : ATELIER_OPENAI_DEFAULT_PARTIALS;
}

static gboolean
valid_wxh (const char *size)
{
  guint w = 0, h = 0;
  char x = 0;

  return sscanf (size, "%u%c%u", &w, &x, &h) == 3 && x == 'x' && w > 0 && h > 0;
}

static gboolean
openai_validate (AtelierServiceClient  *client,
                 GHashTable            *params,
                 GError               **error)
{
  const char *model = get (params, "model");
  const char *size = get (params, "size");
  const char *quality = get (params, "quality");
  const char *n = get (params, "n");
  const char *image = get (params, "image");
  gboolean edit = image != NULL;

  if (get (params, "mask") && !edit)
    return atelier_param_refuse (error, _("mask needs an image to edit"));

  if (g_strcmp0 (get (params, "stream"), "on") == 0)
    {
      if (is_dalle (model))
        return atelier_param_refuse (error, _("stream is only supported by GPT image models, "
                                              "not %s"), model);
      if (get (params, "response_format"))
        return atelier_param_refuse (error, _("stream cannot be combined with "
                                              "response_format"));
    }
  if (get (params, "partial_images") &&
      (get (params, "stream") == NULL || g_str_equal (get (params, "stream"), "off")))
    return atelier_param_refuse (error, _("partial_images needs stream on or auto"));

  if (size && !g_str_equal (size, "auto") && !valid_wxh (size))
    return atelier_param_refuse (error, _("size must be written WIDTHxHEIGHT, like 1024x1024"));

  if (is_dalle (model))
    {
      const char *gpt_only[] = { "output_format", "output_compression", "background", "moderation" };
      for (guint i = 0; i < G_N_ELEMENTS (gpt_only); i++)
        if (get (params, gpt_only[i]))
          return atelier_param_refuse (error, _("%s is only supported by GPT image models, not %s"),
                         gpt_only[i], model);
    }

  if (g_str_equal (model, "dall-e-3"))
    {
      if (edit)
        return atelier_param_refuse (error, _("dall-e-3 cannot edit images: choose dall-e-2 or a GPT image model"));
      if (n && !g_str_equal (n, "1"))
        return atelier_param_refuse (error, _("n must be 1 for dall-e-3"));
      if (size && !g_strv_contains ((const char *[]) { "1024x1024", "1792x1024", "1024x1792", NULL }, size))
        return atelier_param_refuse (error, _("size must be 1024x1024, 1792x1024 or 1024x1792 for dall-e-3"));
      if (quality && !g_str_equal (quality, "standard") && !g_str_equal (quality, "hd") &&
          !g_str_equal (quality, "auto"))
        return atelier_param_refuse (error, _("quality must be standard or hd for dall-e-3"));
    }
  else if (get (params, "style"))
    return atelier_param_refuse (error, _("style is only supported by dall-e-3"));

  if (g_str_equal (model, "dall-e-2"))
    {
      if (size && !g_strv_contains ((const char *[]) { "256x256", "512x512", "1024x1024", NULL }, size))
        return atelier_param_refuse (error, _("size must be 256x256, 512x512 or 1024x1024 for dall-e-2"));
      if (quality && !g_str_equal (quality, "standard") && !g_str_equal (quality, "auto"))
        return atelier_param_refuse (error, _("quality must be standard for dall-e-2"));
      if (edit && strchr (image, '\n') != NULL)
        return atelier_param_refuse (error, _("dall-e-2 edits a single image"));
    }

  if (is_gpt_image (model))
    {
      const char *fmt = get (params, "output_format");

      if (get (params, "response_format"))
        return atelier_param_refuse (error, _("response_format is not supported by %s: GPT image models always "
                                "answer with image data"), model);
      if (quality && (g_str_equal (quality, "standard") || g_str_equal (quality, "hd")))
        return atelier_param_refuse (error, _("quality must be low, medium, high or auto for %s"), model);
      if (size && !g_str_has_prefix (model, "gpt-image-2") &&
          !g_strv_contains ((const char *[]) { "auto", "1024x1024", "1536x1024", "1024x1536", NULL }, size))
        return atelier_param_refuse (error, _("size must be 1024x1024, 1536x1024, 1024x1536 or auto for %s"), model);
      if (get (params, "output_compression") && (fmt == NULL || g_str_equal (fmt, "png")))
        return atelier_param_refuse (error, _("output_compression needs output_format jpeg or webp"));
      if (g_strcmp0 (get (params, "background"), "transparent") == 0 && g_strcmp0 (fmt, "jpeg") == 0)
        return atelier_param_refuse (error, _("a transparent background needs output_format png or webp"));
    }

  return TRUE;
}

static gboolean
append_file (SoupMultipart  *multipart,
             const char     *field,
             const char     *path,
             GError        **error)
{
  g_autofree char *data = NULL;
  g_autofree char *name = g_path_get_basename (path);
  g_autoptr(GBytes) bytes = NULL;
  const char *ext;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, error))
    return FALSE;

  /* The API refuses what it cannot read; say so before paying a round trip. */
  if (len > 50 * 1024 * 1024)
    {
      g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                   _("%s: “%s” is larger than 50 MB"), field, name);
      return FALSE;
    }
  ext = atelier_sniff_extension ((const guint8 *) data, len);
  if (ext == NULL || g_str_equal (ext, "glb") || g_str_equal (ext, "gltf"))
    {
      g_set_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_INVALID,
                   _("%s: “%s” is not a PNG, JPEG or WebP image"), field, name);
      return FALSE;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&data), len);
  soup_multipart_append_form_file (multipart, field, name,
                                   g_str_equal (ext, "png") ? "image/png" :
                                   g_str_equal (ext, "jpg") ? "image/jpeg" : "image/webp",
                                   bytes);
  return TRUE;
}

static SoupMultipart *
build_multipart (GHashTable  *params,
                 GError     **error)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_auto(GStrv) images = g_strsplit (get (params, "image"), "\n", -1);
  guint n_images = 0;
  const char *mask;

  for (guint i = 0; images[i]; i++)
    n_images += *images[i] != '\0';

  for (guint i = 0; images[i]; i++)
    {
      if (*images[i] == '\0')
        continue;
      /* Several images go as image[], like the SDKs send them. */
      if (!append_file (multipart, n_images > 1 ? "image[]" : "image", images[i], error))
        return NULL;
    }
  if ((mask = get (params, "mask")) && !append_file (multipart, "mask", mask, error))
    return NULL;

  for (guint i = 0; i < table.n_specs; i++)
    {
      const AtelierParamSpec *spec = &table.specs[i];
      const char *value = get (params, spec->name);

      if (value == NULL || spec->type == ATELIER_PARAM_FILE)
        continue;
      /* The edits endpoint takes no style and no moderation. */
      if (g_str_equal (spec->name, "style") || g_str_equal (spec->name, "moderation") ||
          g_str_equal (spec->name, "stream") || g_str_equal (spec->name, "partial_images"))
        continue;
      soup_multipart_append_form_string (multipart, spec->name, value);
    }
  if (stream_partials (params) >= 0)
    {
      g_autofree char *partials = g_strdup_printf ("%d", stream_partials (params));

      soup_multipart_append_form_string (multipart, "stream", "true");
      soup_multipart_append_form_string (multipart, "partial_images", partials);
    }

  return g_steal_pointer (&multipart);
}

/* The largest image an answer may carry (a 4K PNG is ~25 MB). */
#define ATELIER_OPENAI_MAX_IMAGE_BYTES ((gsize) 256 * 1024 * 1024)

/* Image tokens are counted in both directions where given; the total is
 * the service's own figure (ImagesUsage requires it), else in + out. */
AtelierCost *
atelier_openai_cost_from_usage (JsonNode *usage)
{
  JsonObject *obj = atelier_json_object (usage);
  JsonObject *in_details, *out_details;
  gint64 total, input, output, in_images, out_images;
  AtelierCost *cost;

  if (obj == NULL)
    return NULL;
  total = atelier_json_get_count (obj, "total_tokens");
  input = atelier_json_get_count (obj, "input_tokens");
  output = atelier_json_get_count (obj, "output_tokens");
  if (total < 0 && input >= 0 && output >= 0)
    total = input + output;
  if (total < 0)
    return NULL;

  cost = atelier_cost_new (ATELIER_COST_UNIT_TOKENS, total);
  cost->input_tokens = input;
  cost->output_tokens = output;
  in_details = atelier_json_object (json_object_get_member (obj, "input_tokens_details"));
  out_details = atelier_json_object (json_object_get_member (obj, "output_tokens_details"));
  in_images = atelier_json_get_count (in_details, "image_tokens");
  out_images = atelier_json_get_count (out_details, "image_tokens");
  if (in_images >= 0 || out_images >= 0)
    cost->image_tokens = MAX (in_images, 0) + MAX (out_images, 0);
  return cost;
}

void
atelier_openai_record_usage (AtelierJob *job,
                             JsonNode   *usage)
{
  g_autoptr(AtelierCost) cost = atelier_openai_cost_from_usage (usage);

  g_return_if_fail (ATELIER_IS_JOB (job));

  if (cost != NULL)
    atelier_job_set_cost (job, cost);
}

/* The answer to the submission is the result: the images themselves. */
static AtelierRemoteStatus *
parse_images (AtelierServiceClient  *self,
              JsonObject            *answer,
              gboolean               submitted,
              GError               **error)
{
  g_autoptr(AtelierRemoteStatus) status = atelier_remote_status_new (ATELIER_REMOTE_DONE);
  JsonArray *data = atelier_json_get_array (answer, "data");
  JsonNode *usage;

  if (data == NULL)
    return atelier_service_client_protocol_error (self, "data", error);

  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonObject *img = atelier_json_object (json_array_get_element (data, i));
      const char *url, *b64;

      if (img == NULL)
        return atelier_service_client_protocol_error (self, "data[]", error);
      url = atelier_json_get_string (img, "url");
      /* Written to a file as it arrived: the answer holds where (the
       * base checks the placeholder is this answer's own). */
      b64 = atelier_json_get_string (img, "b64_json");
      if (b64 != NULL)
        g_ptr_array_add (status->outputs, g_strdup (b64));
      else if (url != NULL)
        g_ptr_array_add (status->outputs, g_strdup (url));
      else
        return atelier_service_client_protocol_error (self, "data[].url", error);
    }

  if (status->outputs->len == 0)
    return atelier_service_client_protocol_error (self, "data", error);
  /* DALL·E answers carry no usage: their cost stays unknown. */
  status->cost = atelier_openai_cost_from_usage (json_object_get_member (answer, "usage"));

  /* What it cost, kept as a streamed image's completed event gives it. */
  if ((usage = json_object_get_member (answer, "usage")) != NULL && JSON_NODE_HOLDS_OBJECT (usage))
    {
      g_autofree char *text = json_to_string (usage, FALSE);

      atelier_remote_status_set_result (status, "usage", text);
    }

  return g_steal_pointer (&status);
}

static AtelierHttpRequest *
openai_submission (AtelierServiceClient  *self,
                   GHashTable            *params,
                   GError               **error)
{
  g_autoptr(AtelierHttpRequest) req = NULL;
  gboolean edit = get (params, "image") != NULL;

  req = atelier_service_client_request (self, "POST", edit ? "images/edits" : "images/generations");
  /* Up to ten base64 images come back in one answer: each goes straight
   * to a file as it arrives, never whole into memory or the history. */
  atelier_http_request_set_inline_files (req, "b64_json", ATELIER_MAX_OUTPUTS,
                                         ATELIER_OPENAI_MAX_IMAGE_BYTES);

  if (edit)
    {
      SoupMultipart *multipart = build_multipart (params, error);

      if (multipart == NULL)
        return NULL;
      atelier_http_request_set_multipart (req, multipart);
    }
  else
    {
      g_autoptr(JsonNode) body = atelier_params_to_json (&table, params);
      JsonObject *obj = json_node_get_object (body);

      json_object_remove_member (obj, "stream");
      json_object_remove_member (obj, "partial_images");
      if (stream_partials (params) >= 0)
        {
          json_object_set_boolean_member (obj, "stream", TRUE);
          json_object_set_int_member (obj, "partial_images", stream_partials (params));
        }
      atelier_http_request_set_json_body (req, body);
    }
  return g_steal_pointer (&req);
}

/* ---- the server's models ------------------------------------------------ */

/* A new list: the model parameter's choices follow it. Known families keep
 * their rules (openai_validate); any other model gets the common ones. */
static void
set_models (AtelierOpenaiProvider *self,
            char                 **ids)
{
  self->listed = TRUE;
  /* A server that lists nothing keeps the built-in suggestions. */
  if (ids == NULL || ids[0] == NULL)
    {
      g_strfreev (ids);
      return;
    }
  atelier_service_client_set_choices (ATELIER_SERVICE_CLIENT (self), "model", ids);
  atelier_provider_choices_changed (ATELIER_PROVIDER (self), "model");
}

static gpointer
read_models (AtelierServiceClient  *client,
             JsonNode              *root,
             GError               **error)
{
  char **ids = atelier_openai_models_read (root, TRUE, error);

  if (ids == NULL)
    return NULL;
  /* Kept per endpoint, so the next start fills the list without asking. */
  atelier_openai_models_cache_save (atelier_provider_get_id (ATELIER_PROVIDER (client)),
                                    atelier_service_client_get_config (client)->base_url,
                                    (const char * const *) ids);
  set_models (ATELIER_OPENAI_PROVIDER (client), ids);
  return atelier_provider_get_table_choices (ATELIER_PROVIDER (client), "model");
}

static void
openai_list_choices (AtelierServiceClient *client,
                     const char           *param,
                     gboolean              refresh,
                     GTask                *task)
{
  AtelierOpenaiProvider *self = ATELIER_OPENAI_PROVIDER (client);
  const AtelierServiceConfig *config = atelier_service_client_get_config (client);
  g_autoptr(AtelierHttpRequest) req = NULL;

  if (!refresh && !self->listed)
    {
      char **cached = atelier_openai_models_cache_load (atelier_provider_get_id (ATELIER_PROVIDER (self)),
                                                        config->base_url);

      if (cached != NULL)
        set_models (self, cached);
    }
  if (!refresh && self->listed)
    {
      g_task_return_pointer (task, atelier_provider_get_table_choices (ATELIER_PROVIDER (self), param),
                             (GDestroyNotify) g_ptr_array_unref);
      g_object_unref (task);
      return;
    }
  req = atelier_service_client_request (client, "GET", "models");
  atelier_http_request_set_retry (req, ATELIER_RETRY_IDEMPOTENT);
  atelier_service_client_send (client, req, read_models, (GDestroyNotify) g_ptr_array_unref, task);
}

/* A streamed job reads its answer event by event; the rest as every
 * client does. */
static void
openai_submit (AtelierServiceClient *self,
               AtelierJob           *job,
               GTask                *task)
{
  GHashTable *params = atelier_job_get_params (job);
  g_autoptr(AtelierHttpRequest) req = NULL;
  GError *error = NULL;

  if (stream_partials (params) < 0)
    {
      ATELIER_SERVICE_CLIENT_CLASS (atelier_openai_provider_parent_class)->submit (self, job, task);
      return;
    }
  if ((req = openai_submission (self, params, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  _atelier_openai_stream_submit (self, req, get (params, "image") != NULL, task);
}

static void
atelier_openai_provider_class_init (AtelierOpenaiProviderClass *klass)
{
  AtelierServiceClientClass *client_class = ATELIER_SERVICE_CLIENT_CLASS (klass);

  atelier_service_client_class_set_service (client_class, "openai", N_("OpenAI-compatible"),
                                            &table);
  /* The server's models: the model's choices, and what OpenAI-compatible
   * clients call to check an address and a key. */
  client_class->list_choices = openai_list_choices;
  client_class->test_path = "models";
  /* No polling: the answer to the submission (streamed or not) is the result. */
  client_class->validate = openai_validate;
  client_class->submit = openai_submit;
  client_class->submission = openai_submission;
  client_class->parse_status = parse_images;
}

static void
atelier_openai_provider_init (AtelierOpenaiProvider *self)
{
}

AtelierProvider *
atelier_openai_provider_new (AtelierHttp                *http,
                             const AtelierServiceConfig *config)
{
  return g_object_new (ATELIER_TYPE_OPENAI_PROVIDER, "http", http, "config", config, NULL);
}
