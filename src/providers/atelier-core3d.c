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

static const AtelierParamSpec specs[N_SPECS] = {
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

static const AtelierParamTable table = { specs, N_SPECS };

struct _AtelierCore3dProvider
{
  AtelierCore3dClient parent_instance;
};

enum {
  STYLES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AtelierCore3dProvider, atelier_core3d_provider, ATELIER_TYPE_CORE3D_CLIENT)

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

static gconstpointer
find_style (GPtrArray  *styles,
            const char *id)
{
  for (guint i = 0; i < styles->len; i++)
    {
      const AtelierCore3dStyle *style = g_ptr_array_index (styles, i);

      if (g_strcmp0 (style->id, id) == 0 || g_strcmp0 (style->uri, id) == 0)
        return style;
    }
  return NULL;
}

static const char *
style_key (gconstpointer style)
{
  return ((const AtelierCore3dStyle *) style)->id;
}

static void
styles_listed (AtelierCore3dClient *client,
               GPtrArray           *styles)
{
  g_signal_emit (client, signals[STYLES_CHANGED], 0);
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

GPtrArray *
atelier_core3d_provider_get_styles (AtelierCore3dProvider *self)
{
  g_return_val_if_fail (ATELIER_IS_CORE3D_PROVIDER (self), NULL);
  return atelier_core3d_client_get_items (ATELIER_CORE3D_CLIENT (self));
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
  AtelierCore3dClient *self = ATELIER_CORE3D_CLIENT (client);
  const AtelierParamTable *own = atelier_core3d_client_get_table (self);
  const char *style_id = atelier_param_get (own, params, "style");
  const char *type = atelier_param_get (own, params, "type");
  const AtelierCore3dStyle *style;

  /* Without the list there is nothing to check against: the service decides. */
  if (atelier_core3d_client_get_items (self) == NULL)
    return TRUE;

  style = atelier_core3d_client_find (self, style_id);
  if (style == NULL)
    {
      g_autofree char *ids = g_strjoinv (", ", (char **) own->specs[SPEC_STYLE].choices);
      return atelier_param_refuse (error, _("style “%s” is not offered by Core3D; choose one of %s"),
                     style_id, ids);
    }
  if (!atelier_core3d_style_supports (style, type))
    {
      g_autofree char *supported = g_strjoinv (", ", style->types);
      return atelier_param_refuse (error, _("type %s is not supported by the style “%s” (it supports %s)"),
                     type, style->id, *supported ? supported : _("nothing"));
    }
  if (is_true (atelier_param_get (own, params, "transparency")) &&
      !atelier_core3d_style_supports_transparency (style, type))
    return atelier_param_refuse (error, _("transparency is not supported by the style “%s” for type %s"),
                   style->id, type);
  if (atelier_param_get (own, params, "prompt") != NULL &&
      !g_strv_contains ((const char * const *) style->prompt_types, type))
    return atelier_param_refuse (error, _("prompt is not accepted by the style “%s” for type %s"),
                   style->id, type);

  return TRUE;
}

/* ---- generations ------------------------------------------------------- */

/* A generation's images are its result's uploads (URIs, or upload objects
 * carrying one). The URIs outlive the download: "Put on a product…" uses
 * them instead of uploading the image again. */
static gboolean
read_generation (AtelierCore3dClient  *client,
                 AtelierRemoteStatus  *status,
                 JsonObject           *answer,
                 GError              **error)
{
  AtelierServiceClient *self = ATELIER_SERVICE_CLIENT (client);
  JsonObject *result = atelier_json_object (json_object_get_member (answer, "result"));
  JsonArray *uploads = atelier_json_get_array (result, "uploads");
  g_autoptr(GString) uris = g_string_new (NULL);

  if (status->state != ATELIER_REMOTE_DONE)
    return TRUE;
  if (result == NULL)
    return atelier_service_client_missing_field (self, "result", error);
  if (uploads == NULL || json_array_get_length (uploads) == 0)
    return atelier_service_client_missing_field (self, "result.uploads", error);

  for (guint i = 0; i < json_array_get_length (uploads); i++)
    {
      const char *ref = atelier_json_element_string (json_array_get_element (uploads, i),
                                                     "uri", "id");

      if (ref == NULL || *ref == '\0')
        return atelier_service_client_missing_field (self, "result.uploads[]", error);
      g_ptr_array_add (status->outputs, g_strdup (ref));
      g_string_append_printf (uris, "%s%s", i > 0 ? "," : "", ref);
    }
  atelier_remote_status_set_result (status, "uploads", uris->str);
  /* Core3D bills by what it made and states no price: the count of images
   * it listed is what this job cost, in its own terms. */
  status->cost = atelier_cost_new (ATELIER_COST_UNIT_IMAGES, status->outputs->len);
  return TRUE;
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
  AtelierCore3dClient *self = ATELIER_CORE3D_CLIENT (client);
  const AtelierParamTable *own = atelier_core3d_client_get_table (self);

  return atelier_core3d_client_generation (self, "image", atelier_params_to_json (own, params));
}

/* ---- object ------------------------------------------------------------ */

static void
atelier_core3d_provider_class_init (AtelierCore3dProviderClass *klass)
{
  AtelierServiceClientClass *client_class = ATELIER_SERVICE_CLIENT_CLASS (klass);
  AtelierCore3dClientClass *klass3d = ATELIER_CORE3D_CLIENT_CLASS (klass);

  /**
   * AtelierCore3dProvider::styles-changed:
   *
   * The style list (and so the style parameter's choices) was refreshed.
   */
  signals[STYLES_CHANGED] =
    g_signal_new ("styles-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  atelier_service_client_class_set_service (client_class, "core3d", N_("Core3D"), &table);
  client_class->validate = core3d_validate;
  client_class->submission = core3d_submission;
  client_class->map_error = core3d_map_error;
  /* The styles fill the style parameter's choices. */
  atelier_core3d_client_class_set_listing (klass3d, "generation-styles", parse_styles, "style");
  klass3d->item_key = style_key;
  klass3d->item_choice = style_choice;
  klass3d->copy_items = copy_styles;
  klass3d->find_item = find_style;
  klass3d->listed = styles_listed;
  atelier_core3d_client_class_set_jobs (klass3d, read_generation,
                                        N_("Core3D could not make this image: %s"),
                                        N_("Core3D could not make this image. Try again, or "
                                           "change the prompt or style."));
}

static void
atelier_core3d_provider_init (AtelierCore3dProvider *self)
{
}
