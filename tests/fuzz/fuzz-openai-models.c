/* fuzz-openai-models.c: reading an OpenAI-compatible server's model list
 * (GET {base}/models) and its copy in the cache dir (built and run like the
 * other answer harnesses: see fuzz-provider.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <stdint.h>
#include <string.h>

#include "atelier-http.h"
#include "atelier-json.h"
#include "atelier-openai-models.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* Parsed as the HTTP layer parses an answer. */
  g_autoptr(JsonNode) root = atelier_json_parse ((const char *) data, (gssize) size,
                                                 ATELIER_HTTP_JSON_MAX_BYTES, NULL);

  if (root == NULL)
    return 0;
  /* Filtered, as the model drop-down reads it, and whole, as the cache is. */
  for (int images_only = 0; images_only <= 1; images_only++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) ids = atelier_openai_models_read (root, images_only, &error);

      g_assert ((ids == NULL) != (error == NULL));
      if (ids == NULL)
        continue;
      g_assert_cmpuint (g_strv_length (ids), <=, ATELIER_OPENAI_MAX_MODELS);
      for (guint i = 0; ids[i] != NULL; i++)
        {
          g_assert_cmpuint (strlen (ids[i]), >, 0);
          g_assert_cmpuint (strlen (ids[i]), <=, ATELIER_OPENAI_MAX_MODEL_ID);
          g_assert_true (g_utf8_validate (ids[i], -1, NULL));
          for (const char *c = ids[i]; *c != '\0'; c++)
            g_assert_true ((guchar) *c >= 0x20 && *c != 0x7f);
          for (guint j = 0; j < i; j++)
            g_assert_cmpstr (ids[i], !=, ids[j]);
        }
    }
  return 0;
}
