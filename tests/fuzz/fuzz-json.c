/* fuzz-json.c: libFuzzer harness for atelier_json_parse()
 *
 * Beyond "no crash": whatever the check lets through json-glib must read
 * (the check exists so json-glib only sees documents it handles without
 * deep recursion, and any disagreement could be a way around it), and what
 * is read survives a round trip through json-glib's writer.
 *
 * Build and run (clang, ASan + UBSan), see also fuzz-gltf.c:
 *   CC=clang CXX=clang++ meson setup build-fuzz -Dfuzzing=true -Dui=disabled
 *   meson compile -C build-fuzz fuzz-json
 *   build-fuzz/tests/fuzz/fuzz-json -dict=tests/fuzz/json.dict -max_total_time=600 \
 *       /tmp/json-corpus tests/fuzz/json-corpus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "atelier-json.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* abort() rather than g_error(), whose SIGTRAP libFuzzer does not catch:
 * the input would not be saved. */
#define finding(...) G_STMT_START { g_printerr (__VA_ARGS__); g_printerr ("\n"); abort (); } G_STMT_END

/* json-glib writes some doubles as no JSON reader reads them: non-finite
 * ones as "inf.0"/"nan.0", and one whose shortest form has an exponent but
 * no point with ".0" after the exponent (1e308 → "1e+308.0"). Such a
 * document cannot come back. */
static gboolean
unwritable_double (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return TRUE;
  g_ascii_formatd (buf, sizeof buf, "%.17g", value);
  return strpbrk (buf, "eE") != NULL && strchr (buf, '.') == NULL;
}

static gboolean
has_unwritable (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));

        for (GList *l = members; l != NULL; l = l->next)
          if (has_unwritable (l->data))
            return TRUE;
        return FALSE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (has_unwritable (json_array_get_element (array, i)))
            return TRUE;
        return FALSE;
      }
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) == G_TYPE_DOUBLE &&
             unwritable_double (json_node_get_double (node));
    case JSON_NODE_NULL:
    default:
      return FALSE;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = atelier_json_parse (text, size, 1 << 20, &error);
  gboolean checked;

  g_assert ((node == NULL) != (error == NULL));
  checked = size <= (1 << 20) && atelier_json_check (text, size, NULL);

  if (node == NULL)
    {
      g_assert (error->domain == ATELIER_JSON_ERROR);
      g_assert (error->message != NULL && error->message[0] != '\0');
      /* Refused by json-glib after the check accepted it: a disagreement. */
      if (checked)
        finding ("check accepted, json-glib refused: %s", error->message);
      return 0;
    }

  g_assert (checked);
  if (!has_unwritable (node))
    {
      g_autofree char *written = json_to_string (node, FALSE);
      g_autoptr(GError) again_error = NULL;
      g_autoptr(JsonNode) again = atelier_json_parse (written, -1, G_MAXSIZE, &again_error);

      if (again == NULL)
        finding ("json-glib wrote what we refuse (%s): %.200s", again_error->message, written);
    }

  return 0;
}
