/* test-param.c: parameter tables: types, ranges, exclusions, messages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "atelier-error.h"
#include "atelier-param.h"

#include <string.h>

static const char * const qualities[] = { "fast", "pro", NULL };
static const AtelierParamSpec specs[] = {
  { "prompt", ATELIER_PARAM_TEXT, "Prompt", NULL, NULL, NULL, 0, 10, ATELIER_PARAM_FLAG_REQUIRED },
  { "n", ATELIER_PARAM_INT, "N", NULL, "1", NULL, 1, 10 },
  { "quality", ATELIER_PARAM_ENUM, "Quality", NULL, "pro", qualities },
  { "transparent", ATELIER_PARAM_BOOL, "Transparent" },
  { "colors", ATELIER_PARAM_COLORS, "Colours", NULL, NULL, NULL, 0, 3 },
  { "width", ATELIER_PARAM_INT, "Width", NULL, NULL, NULL, 512, 2048, 0, "aspectRatio" },
  { "aspectRatio", ATELIER_PARAM_STRING, "Aspect" },
  { "image", ATELIER_PARAM_FILE, "Image" },
};
static const AtelierParamTable table = { specs, G_N_ELEMENTS (specs) };

static void
expect (const char *key,
        const char *value,
        int         code,
        const char *fragment)
{
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup ("cats"));
  if (key)
    g_hash_table_insert (params, g_strdup (key), g_strdup (value));

  ok = atelier_param_table_validate (&table, params, &error);
  if (code == 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }
  g_assert_false (ok);
  g_assert_error (error, ATELIER_PARAM_ERROR, code);
  if (fragment)
    g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_param_validate (void)
{
  expect (NULL, NULL, 0, NULL);
  expect ("n", "3", 0, NULL);
  expect ("n", "11", ATELIER_PARAM_ERROR_INVALID, "n must be between 1 and 10");
  expect ("n", "two", ATELIER_PARAM_ERROR_INVALID, "whole number");
  expect ("quality", "ultra", ATELIER_PARAM_ERROR_INVALID, "one of fast, pro");
  expect ("transparent", "maybe", ATELIER_PARAM_ERROR_INVALID, "true or false");
  expect ("colors", "black, gold, rgb(1,2,3)", 0, NULL);
  expect ("colors", "black,#12345", ATELIER_PARAM_ERROR_INVALID, "#12345");
  expect ("colors", "red,green,blue,gold", ATELIER_PARAM_ERROR_INVALID, "at most 3");
  expect ("prompt", "far too long a prompt", ATELIER_PARAM_ERROR_INVALID, "too long");
  expect ("prompt", "", ATELIER_PARAM_ERROR_MISSING, "prompt is required");
  expect ("bogus", "1", ATELIER_PARAM_ERROR_UNKNOWN, "bogus");
  expect ("image", "/nonexistent/file.png", ATELIER_PARAM_ERROR_INVALID, "does not exist");
}

static void
test_param_conflict (void)
{
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(GError) error = NULL;

  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup ("cats"));
  g_hash_table_insert (params, g_strdup ("width"), g_strdup ("1024"));
  g_hash_table_insert (params, g_strdup ("aspectRatio"), g_strdup ("1:1"));
  g_assert_false (atelier_param_table_validate (&table, params, &error));
  g_assert_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "width cannot be combined with aspectRatio"));
}

static void
test_param_option_and_json (void)
{
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) n = NULL;
  g_autoptr(JsonNode) colors = NULL;
  g_autoptr(JsonNode) b = NULL;

  g_assert_true (atelier_param_parse_option (&table, params, "n=4", &error));
  g_assert_cmpstr (g_hash_table_lookup (params, "n"), ==, "4");
  g_assert_false (atelier_param_parse_option (&table, params, "nope=1", &error));
  g_assert_error (error, ATELIER_PARAM_ERROR, ATELIER_PARAM_ERROR_UNKNOWN);
  g_clear_error (&error);
  g_assert_false (atelier_param_parse_option (&table, params, "=1", &error));
  g_clear_error (&error);

  g_assert_cmpstr (atelier_param_get (&table, params, "quality"), ==, "pro");
  g_assert_null (atelier_param_get (&table, params, "transparent"));

  n = atelier_param_to_json (atelier_param_table_lookup (&table, "n"), "4");
  g_assert_cmpint (json_node_get_int (n), ==, 4);
  colors = atelier_param_to_json (atelier_param_table_lookup (&table, "colors"), "black, gold");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (colors)), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (json_node_get_array (colors), 1), ==, "gold");
  b = atelier_param_to_json (atelier_param_table_lookup (&table, "transparent"), "yes");
  g_assert_true (json_node_get_boolean (b));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/param/validate", test_param_validate);
  g_test_add_func ("/core/param/conflict", test_param_conflict);
  g_test_add_func ("/core/param/option-and-json", test_param_option_and_json);

  return g_test_run ();
}
