/* atelier-openai-models.c: the model list of an OpenAI-compatible server
 *
 * Aggregators list hundreds of chat models beside a few image ones; local
 * servers name theirs as they like. So the list is read tolerantly and
 * filtered by one heuristic, kept here, that errs on the side of keeping.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-openai"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <string.h>

#include "atelier-error.h"
#include "atelier-json.h"
#include "atelier-openai-models.h"
#include "atelier-provider-util.h"

/* Words in an id that mean images: known families and common servers'. */
static const char * const image_words[] = {
  "image", "dall-e", "dalle", "flux", "stable-diffusion", "stablediffusion", "sdxl", "sd3",
  "sd-", "imagen", "midjourney", "kolors", "recraft", "ideogram", "seedream", "cogview",
  "hidream", "playground", "kandinsky", "wanx", "hunyuan-dit", NULL
};

/* Words in an id that mean something else. */
static const char * const other_words[] = {
  "gpt-3", "gpt-4", "gpt-5", "o1", "o3", "o4", "chat", "embedding", "embed", "whisper",
  "tts", "audio", "transcribe", "moderation", "davinci", "babbage", "realtime", "search",
  "instruct", "claude", "gemini", "llama", "mistral", "qwen", "deepseek", "coder", "rerank",
  "sora", "video", NULL
};

static gboolean
contains_any (const char         *id,
              const char * const *words)
{
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (id, words[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* TRUE/FALSE when @modalities (an array of strings) says; -1 otherwise. */
static int
modalities_say (JsonArray *modalities)
{
  if (modalities == NULL)
    return -1;
  for (guint i = 0; i < json_array_get_length (modalities); i++)
    if (g_strcmp0 (atelier_json_string (json_array_get_element (modalities, i)), "image") == 0)
      return TRUE;
  return FALSE;
}

gboolean
atelier_openai_model_is_image (const char *id,
                               JsonObject *item)
{
  g_autofree char *lower = NULL;
  int said;

  if (item != NULL)
    {
      JsonObject *arch = atelier_json_object (json_object_get_member (item, "architecture"));

      if ((said = modalities_say (atelier_json_get_array (item, "output_modalities"))) >= 0)
        return said;
      if (arch != NULL
          && (said = modalities_say (atelier_json_get_array (arch, "output_modalities"))) >= 0)
        return said;
    }

  lower = g_ascii_strdown (id, -1);
  /* "gpt-4o-image" or "gemini-2.5-flash-image" make images: that wins. */
  if (contains_any (lower, image_words))
    return TRUE;
  return !contains_any (lower, other_words);
}

static gboolean
id_is_usable (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > ATELIER_OPENAI_MAX_MODEL_ID
      || !g_utf8_validate (id, -1, NULL))
    return FALSE;
  for (const char *c = id; *c != '\0'; c++)
    if ((guchar) *c < 0x20 || *c == 0x7f)
      return FALSE;
  return TRUE;
}

char **
atelier_openai_models_read (JsonNode  *root,
                            gboolean   images_only,
                            GError   **error)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *obj = atelier_json_object (root);
  JsonArray *data = NULL;
  guint n = 0;

  if (obj != NULL)
    data = atelier_json_get_array (obj, "data");
  else if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
    data = json_node_get_array (root);
  if (data == NULL)
    {
      g_set_error (error, ATELIER_PROVIDER_ERROR, ATELIER_PROVIDER_ERROR_PROTOCOL,
                   _("The server’s model list is not a list (“data” is missing or of the "
                     "wrong type)"));
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (data) && n < ATELIER_OPENAI_MAX_MODELS; i++)
    {
      JsonNode *element = json_array_get_element (data, i);
      JsonObject *item = atelier_json_object (element);
      const char *id = atelier_json_element_string (element, "id", NULL);

      if (!id_is_usable (id) || g_hash_table_contains (seen, id))
        continue;
      if (images_only && !atelier_openai_model_is_image (id, item))
        continue;
      g_hash_table_add (seen, (gpointer) id);
      g_strv_builder_add (ids, id);
      n++;
    }
  return g_strv_builder_end (ids);
}

/* ---- the cache ---------------------------------------------------------- */

char *
atelier_openai_models_cache_path (const char *provider_id)
{
  /* An endpoint's name is letters, digits, - and _: only the colon needs a
   * file-name-safe form. */
  g_autofree char *file = g_strdup (provider_id);

  g_strdelimit (file, ":/\\", '_');
  file = g_strconcat (file, ".json", NULL) ;
  return g_build_filename (g_get_user_cache_dir (), "atelier", "models", file, NULL);
}

char **
atelier_openai_models_cache_load (const char *provider_id,
                                  const char *base_url)
{
  g_autofree char *path = atelier_openai_models_cache_path (provider_id);
  g_autofree char *data = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj;
  gsize len;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return NULL;
  /* Written by us, but a file anyone may have edited: parsed as any answer. */
  root = atelier_json_parse (data, len, ATELIER_JSON_CAP_SMALL, NULL);
  obj = atelier_json_object (root);
  if (obj == NULL || g_strcmp0 (atelier_json_get_string (obj, "base_url"), base_url) != 0)
    return NULL;
  return atelier_openai_models_read (root, FALSE, NULL);
}

void
atelier_openai_models_cache_save (const char         *provider_id,
                                  const char         *base_url,
                                  const char * const *ids)
{
  g_autofree char *path = atelier_openai_models_cache_path (provider_id);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "base_url");
  json_builder_add_string_value (builder, base_url);
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, ids[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);

  if (g_mkdir_with_parents (dir, 0700) != 0
      || !g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    g_debug ("Could not keep the model list of %s: %s", provider_id,
             error != NULL ? error->message : g_strerror (errno));
}
