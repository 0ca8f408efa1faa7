/* atelier-sandbox-core3d.c: the Core3D dialect under /v1
 *
 * GET  /v1/generation-styles
 * POST /v1/generations                 {type: "image", data: {style, type, prompt?,
 *                                       colors?, count?, transparency?}}
 * GET  /v1/generations/{id or uri}     pending → waiting → running → ok | error | canceled
 * POST /v1/generations/{id or uri}/cancel
 * GET  /v1/uploads/{id or uri}         {id, uri, url: presigned on the CDN listener}
 *
 * Products, designs, uploads of one's own and print exports are in
 * atelier-sandbox-core3d-design.c.
 *
 * A prompt containing "forbidden" is refused with 422 (moderation); one
 * containing "sandbox-fail" ends in status "error". Results are 512×512.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-sandbox"

#include "config.h"

#include <string.h>

#include "atelier-procedural-private.h"
#include "atelier-sandbox-core3d-private.h"

#define RESULT_EDGE       512
#define MAX_COUNT         4
#define MAX_COLORS        8
#define MAX_PROMPT        1000
#define UPLOAD_LIFETIME_S 3600

#define GENERATION_URI "core3d:generation:"
#define UPLOAD_URI     "core3d:upload:"
#define STYLE_URI      "core3d:generation-style:"

typedef struct
{
  const char *id;
  const char *name;
  gboolean    graphic;
  gboolean    graphic_transparency;
  gboolean    pattern;
  gboolean    scene;
} Style;

static const Style styles[] = {
  { "vector-art", "Vector Art", TRUE, TRUE, TRUE, FALSE },
  { "watercolor", "Watercolor", TRUE, FALSE, TRUE, FALSE },
  { "pixel-art", "Pixel Art", TRUE, TRUE, FALSE, FALSE },
  { "line-art", "Line Art", TRUE, TRUE, TRUE, FALSE },
  { "cinematic", "Cinematic Scene", FALSE, FALSE, FALSE, TRUE },
};

typedef struct
{
  char               *id;
  AtelierSandboxTask *task;
  JsonNode           *data;      /* the request's data, echoed back */
  char               *created_at;
  GPtrArray          *uploads;   /* upload ids, made when first seen done */
} Generation;

typedef struct
{
  char     *prompt;
  char    **colors;
  gboolean  pattern;
  gboolean  transparent;
  guint     count;
} RenderData;

static void
generation_free (gpointer data)
{
  Generation *generation = data;

  g_free (generation->id);
  _atelier_sandbox_task_unref (generation->task);
  json_node_unref (generation->data);
  g_free (generation->created_at);
  g_clear_pointer (&generation->uploads, g_ptr_array_unref);
  g_free (generation);
}

static void
render_data_free (gpointer data)
{
  RenderData *render = data;

  g_free (render->prompt);
  g_strfreev (render->colors);
  g_free (render);
}

static GPtrArray *
render_core3d (gpointer   data,
               GError   **error)
{
  RenderData *render = data;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint i = 0; i < render->count; i++)
    {
      g_autofree char *prompt = i == 0 ? g_strdup (render->prompt)
                                       : g_strdup_printf ("%s (%u)", render->prompt, i + 1);
      GBytes *bytes = atelier_procedural_image (prompt, (const char * const *) render->colors,
                                                RESULT_EDGE, RESULT_EDGE,
                                                render->pattern ? "pattern" : "graphic", "png",
                                                render->transparent, error);

      if (bytes == NULL)
        return NULL;
      g_ptr_array_add (results, bytes);
    }

  return g_steal_pointer (&results);
}

void
_atelier_sandbox_core3d_init (AtelierSandbox *self)
{
  self->core3d_generations = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                    generation_free);
  self->core3d_uploads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      g_autofree char *name = g_strdup_printf ("style-%s.png", styles[i].id);
      g_autoptr(GBytes) preview = atelier_procedural_image (styles[i].name, NULL, 128, 128,
                                                            styles[i].pattern ? "pattern" : "graphic",
                                                            "png", FALSE, NULL);

      _atelier_sandbox_publish_named (self, name, preview, "image/png");
    }
  _atelier_sandbox_core3d_design_init (self);
}

static const Style *
find_style (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    if (g_strcmp0 (styles[i].id, id) == 0)
      return &styles[i];
  return NULL;
}

static void
add_supports (JsonBuilder *builder,
              const char  *type,
              gboolean     transparency)
{
  json_builder_set_member_name (builder, type);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "supports");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "prompt");
  if (transparency)
    json_builder_add_string_value (builder, "transparency");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
list_styles (AtelierSandboxCtx *ctx)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      const Style *style = &styles[i];
      g_autofree char *preview_name = g_strdup_printf ("style-%s.png", style->id);
      g_autofree char *preview = _atelier_sandbox_cdn_url (ctx->sandbox, preview_name);
      g_autofree char *uri = g_strconcat (STYLE_URI, style->id, NULL);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, style->id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, style->name);
      json_builder_set_member_name (builder, "preview");
      json_builder_add_string_value (builder, preview);
      json_builder_set_member_name (builder, "uri");
      json_builder_add_string_value (builder, uri);
      json_builder_set_member_name (builder, "types");
      json_builder_begin_object (builder);
      if (style->graphic)
        add_supports (builder, "graphic", style->graphic_transparency);
      if (style->pattern)
        add_supports (builder, "pattern", FALSE);
      if (style->scene)
        add_supports (builder, "scene", FALSE);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  _atelier_sandbox_respond_json (ctx, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static const char *
status_name (AtelierSandboxTask      *task,
             AtelierSandboxTaskState  state)
{
  switch (state)
    {
    case ATELIER_SANDBOX_TASK_PENDING:
      /* The second half of the queue time reads "waiting", as documented. */
      return _atelier_sandbox_task_get_elapsed (task) < 0.075 ? "pending" : "waiting";
    case ATELIER_SANDBOX_TASK_RUNNING: return "running";
    case ATELIER_SANDBOX_TASK_DONE: return "ok";
    case ATELIER_SANDBOX_TASK_FAILED: return "error";
    case ATELIER_SANDBOX_TASK_CANCELED:
    default: return "canceled";
    }
}

static void
respond_generation (AtelierSandboxCtx *ctx,
                    Generation        *generation,
                    gboolean           created)
{
  /* A new generation always reads "pending", however slow the request was. */
  AtelierSandboxTaskState state = created ? ATELIER_SANDBOX_TASK_PENDING
                                          : _atelier_sandbox_task_get_state (generation->task, NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *uri = g_strconcat (GENERATION_URI, generation->id, NULL);
  g_autofree char *now = _atelier_sandbox_iso8601_now ();

  if (state == ATELIER_SANDBOX_TASK_DONE && generation->uploads == NULL)
    {
      GPtrArray *names = _atelier_sandbox_task_get_names (generation->task);

      generation->uploads = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < names->len; i++)
        {
          char *upload = g_uuid_string_random ();

          g_hash_table_insert (ctx->sandbox->core3d_uploads, g_strdup (upload),
                               g_strdup (g_ptr_array_index (names, i)));
          g_ptr_array_add (generation->uploads, upload);
        }
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, generation->id);
  json_builder_set_member_name (builder, "uri");
  json_builder_add_string_value (builder, uri);
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, "generation");
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "image");
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, created ? "pending"
                                                 : status_name (generation->task, state));
  json_builder_set_member_name (builder, "data");
  json_builder_add_value (builder, json_node_copy (generation->data));
  json_builder_set_member_name (builder, "result");
  if (state == ATELIER_SANDBOX_TASK_DONE)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uploads");
      json_builder_begin_array (builder);
      for (guint i = 0; i < generation->uploads->len; i++)
        {
          g_autofree char *upload = g_strconcat (UPLOAD_URI,
                                                 (char *) g_ptr_array_index (generation->uploads, i),
                                                 NULL);
          json_builder_add_string_value (builder, upload);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "error");
  if (state == ATELIER_SANDBOX_TASK_FAILED)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, _atelier_sandbox_task_get_error (generation->task));
      json_builder_end_object (builder);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "created_at");
  json_builder_add_string_value (builder, generation->created_at);
  json_builder_set_member_name (builder, "updated_at");
  json_builder_add_string_value (builder, now);
  json_builder_end_object (builder);

  _atelier_sandbox_respond_json (ctx, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static gboolean
bad (AtelierSandboxCtx *ctx,
     const char        *message)
{
  _atelier_sandbox_respond_error (ctx, SOUP_STATUS_BAD_REQUEST, message, NULL, "validation_error");
  return FALSE;
}

static gboolean
is_type (JsonNode *node,
         GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

static void
create_generation (AtelierSandboxCtx *ctx)
{
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GStrvBuilder) colors = g_strv_builder_new ();
  JsonObject *data;
  JsonNode *node;
  const Style *style;
  const char *type, *prompt = NULL;
  gboolean transparency = FALSE, supported;
  gint64 count = 1;
  RenderData *render;
  Generation *generation;
  g_autofree char *fail_message = NULL;

  if ((body = _atelier_sandbox_read_json (ctx)) == NULL)
    return;

  node = json_object_get_member (body, "type");
  if (is_type (node, G_TYPE_STRING) && g_str_equal (json_node_get_string (node), "design"))
    {
      _atelier_sandbox_core3d_design_create (ctx, body);
      return;
    }
  if (!is_type (node, G_TYPE_STRING) || !g_str_equal (json_node_get_string (node), "image"))
    {
      bad (ctx, "\"type\" must be \"image\" or \"design\"");
      return;
    }

  node = json_object_get_member (body, "data");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      bad (ctx, "\"data\" must be an object");
      return;
    }
  data = json_node_get_object (node);

  node = json_object_get_member (data, "style");
  if (!is_type (node, G_TYPE_STRING))
    {
      bad (ctx, "\"data.style\" is required and must be a style id");
      return;
    }
  if ((style = find_style (json_node_get_string (node))) == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Unknown style \"%s\"",
                                                  json_node_get_string (node));

      bad (ctx, message);
      return;
    }

  node = json_object_get_member (data, "type");
  if (!is_type (node, G_TYPE_STRING))
    {
      bad (ctx, "\"data.type\" is required: one of graphic, pattern, scene");
      return;
    }
  type = json_node_get_string (node);
  if (g_str_equal (type, "graphic"))
    supported = style->graphic;
  else if (g_str_equal (type, "pattern"))
    supported = style->pattern;
  else if (g_str_equal (type, "scene"))
    supported = style->scene;
  else
    {
      bad (ctx, "\"data.type\" must be one of graphic, pattern, scene");
      return;
    }
  if (!supported)
    {
      g_autofree char *message = g_strdup_printf ("Style \"%s\" does not support type \"%s\"",
                                                  style->id, type);
      bad (ctx, message);
      return;
    }

  node = json_object_get_member (data, "prompt");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!is_type (node, G_TYPE_STRING))
        {
          bad (ctx, "\"data.prompt\" must be a string");
          return;
        }
      prompt = json_node_get_string (node);
      if (g_utf8_strlen (prompt, -1) > MAX_PROMPT)
        {
          bad (ctx, "\"data.prompt\" is longer than 1000 characters");
          return;
        }
    }

  node = json_object_get_member (data, "colors");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node) ||
          json_array_get_length (array = json_node_get_array (node)) > MAX_COLORS)
        {
          bad (ctx, "\"data.colors\" must be an array of at most 8 CSS colour strings");
          return;
        }
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!is_type (element, G_TYPE_STRING) ||
              !atelier_procedural_parse_color (json_node_get_string (element), NULL))
            {
              g_autofree char *message =
                g_strdup_printf ("\"data.colors[%u]\" is not a CSS colour", i);

              bad (ctx, message);
              return;
            }
          g_strv_builder_add (colors, json_node_get_string (element));
        }
    }

  node = json_object_get_member (data, "count");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!is_type (node, G_TYPE_INT64) || (count = json_node_get_int (node)) < 1 ||
          count > MAX_COUNT)
        {
          bad (ctx, "\"data.count\" must be an integer from 1 to 4");
          return;
        }
    }

  node = json_object_get_member (data, "transparency");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!is_type (node, G_TYPE_BOOLEAN))
        {
          bad (ctx, "\"data.transparency\" must be a boolean");
          return;
        }
      transparency = json_node_get_boolean (node);
      if (transparency && !(g_str_equal (type, "graphic") && style->graphic_transparency))
        {
          g_autofree char *message =
            g_strdup_printf ("Style \"%s\" does not support transparency for type \"%s\"",
                             style->id, type);
          bad (ctx, message);
          return;
        }
    }

  if (_atelier_sandbox_is_refused (prompt))
    {
      _atelier_sandbox_respond_error (ctx, 422,
                                      "The prompt was refused by content moderation", NULL,
                                      "moderation_refused");
      return;
    }
  if (prompt != NULL && strstr (prompt, ATELIER_SANDBOX_FAIL_WORD) != NULL)
    fail_message = g_strdup ("The generation failed (sandbox-fail was asked for)");

  render = g_new0 (RenderData, 1);
  render->prompt = g_strdup_printf ("%s %s", prompt ? prompt : "", style->name);
  render->colors = g_strv_builder_end (colors);
  if (render->colors[0] == NULL)
    g_clear_pointer (&render->colors, g_strfreev);
  render->pattern = g_str_equal (type, "pattern");
  render->transparent = transparency;
  render->count = count;

  generation = g_new0 (Generation, 1);
  generation->task = _atelier_sandbox_task_new (ctx->sandbox, "image/png", "png", fail_message,
                                                render_core3d, render, render_data_free);
  generation->id = g_strdup (_atelier_sandbox_task_get_id (generation->task));
  generation->data = json_node_copy (json_object_get_member (body, "data"));
  generation->created_at = _atelier_sandbox_iso8601_now ();
  g_hash_table_insert (ctx->sandbox->core3d_generations, generation->id, generation);

  respond_generation (ctx, generation, TRUE);
}

/* "core3d:generation:<uuid>" or "<uuid>", possibly percent-encoded. */
static char *
parse_id (const char *segment,
          const char *uri_prefix)
{
  g_autofree char *decoded = g_uri_unescape_string (segment, NULL);

  if (decoded == NULL)
    return NULL;
  if (g_str_has_prefix (decoded, uri_prefix))
    return g_strdup (decoded + strlen (uri_prefix));
  return g_steal_pointer (&decoded);
}

static void
not_found (AtelierSandboxCtx *ctx,
           const char        *what)
{
  g_autofree char *message = g_strdup_printf ("%s not found", what);

  _atelier_sandbox_respond_error (ctx, SOUP_STATUS_NOT_FOUND, message, NULL, "not_found");
}

static void
get_upload (AtelierSandboxCtx *ctx,
            const char        *segment)
{
  g_autofree char *id = parse_id (segment, UPLOAD_URI);
  const char *name = id ? g_hash_table_lookup (ctx->sandbox->core3d_uploads, id) : NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *uri = NULL;
  g_autofree char *url = NULL;

  if (name == NULL)
    {
      not_found (ctx, "Upload");
      return;
    }

  uri = g_strconcat (UPLOAD_URI, id, NULL);
  url = _atelier_sandbox_presigned_url (ctx->sandbox, name, UPLOAD_LIFETIME_S);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "uri");
  json_builder_add_string_value (builder, uri);
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, "upload");
  json_builder_set_member_name (builder, "content_type");
  json_builder_add_string_value (builder, "image/png");
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_end_object (builder);

  _atelier_sandbox_respond_json (ctx, SOUP_STATUS_OK, json_builder_get_root (builder));
}

static const AtelierSandboxRoute routes[] = {
  { "GET", "generation-styles", list_styles },
  { "POST", "generations", create_generation },
};

gboolean
_atelier_sandbox_core3d_route (AtelierSandboxCtx *ctx)
{
  g_auto(GStrv) parts = g_strsplit (ctx->path + strlen ("/v1/"), "/", -1);
  guint n = g_strv_length (parts);
  gboolean get = g_str_equal (ctx->method, "GET");
  gboolean post = g_str_equal (ctx->method, "POST");

  if (_atelier_sandbox_core3d_design_route (ctx, parts, n))
    return TRUE;
  if (_atelier_sandbox_route_collection (ctx, parts, n, routes, G_N_ELEMENTS (routes)))
    return TRUE;

  if ((n == 2 && g_str_equal (parts[0], "generations") && get) ||
      (n == 3 && g_str_equal (parts[0], "generations") && g_str_equal (parts[2], "cancel") && post))
    {
      g_autofree char *id = parse_id (parts[1], GENERATION_URI);
      Generation *generation;

      if (!_atelier_sandbox_check_auth (ctx))
        return TRUE;
      generation = id ? g_hash_table_lookup (ctx->sandbox->core3d_generations, id) : NULL;
      if (generation == NULL)
        {
          not_found (ctx, "Generation");
          return TRUE;
        }
      if (n == 3 && !_atelier_sandbox_task_cancel (generation->task))
        {
          _atelier_sandbox_respond_error (ctx, SOUP_STATUS_CONFLICT,
                                          "The generation has already finished", NULL, "conflict");
          return TRUE;
        }
      respond_generation (ctx, generation, FALSE);
      return TRUE;
    }

  if (n == 2 && g_str_equal (parts[0], "uploads") && get)
    {
      if (_atelier_sandbox_check_auth (ctx))
        get_upload (ctx, parts[1]);
      return TRUE;
    }

  return FALSE;
}
