/* atelier-openai-models.h: the model list of an OpenAI-compatible server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* More than any server lists for images; an answer listing more is cut
 * there. An id longer than the limit (or with control characters) is
 * skipped, not refused: one odd entry does not lose the list. */
#define ATELIER_OPENAI_MAX_MODELS   1000
#define ATELIER_OPENAI_MAX_MODEL_ID 128

/* The ids of GET {base}/models (`{"object":"list","data":[{"id":…},…]}`;
 * a bare array of such objects or of strings is read too), in the
 * server's order, duplicates left out. With @images_only, only those
 * atelier_openai_model_is_image() keeps. NULL with @error when there is
 * no list at all. */
char     **atelier_openai_models_read     (JsonNode     *root,
                                           gboolean      images_only,
                                           GError      **error);
/* The one heuristic deciding whether a listed model makes images: @item
 * (the list entry, may be NULL) saying so in `output_modalities` (as
 * OpenRouter does, also under `architecture`) wins; else the id naming a
 * known image family (gpt-image, dall-e, flux, stable diffusion, imagen,
 * …) keeps it and one naming a chat, embedding, audio or moderation model
 * drops it; anything else is kept (an unknown image model stays
 * selectable). */
gboolean   atelier_openai_model_is_image  (const char   *id,
                                           JsonObject   *item);

/* The list kept on disk for @provider_id ("openai", "openai:Local") in the
 * cache dir, valid only for the @base_url it was read from. Never holds a
 * token. NULL when there is none. */
char     **atelier_openai_models_cache_load (const char         *provider_id,
                                             const char         *base_url);
void       atelier_openai_models_cache_save (const char         *provider_id,
                                             const char         *base_url,
                                             const char * const *ids);
/* Its path (a new string). */
char      *atelier_openai_models_cache_path (const char         *provider_id);

G_END_DECLS
