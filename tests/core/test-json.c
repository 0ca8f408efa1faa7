/* test-json.c: the bounded JSON entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "atelier-json.h"

static JsonNode *
parse (const char *text,
       GError    **error)
{
  return atelier_json_parse (text, -1, ATELIER_JSON_CAP_BODY, error);
}

static void
assert_refused (const char       *text,
                gssize            length,
                gint              code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = atelier_json_parse (text, length, ATELIER_JSON_CAP_BODY, &error);

  if (node != NULL)
    g_error ("accepted: %.*s", length < 0 ? (int) strlen (text) : (int) length, text);
  g_assert_error (error, ATELIER_JSON_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

static char *
repeat (const char *unit,
        gsize       times)
{
  GString *text = g_string_sized_new (strlen (unit) * times + 1);

  for (gsize i = 0; i < times; i++)
    g_string_append (text, unit);
  return g_string_free (text, FALSE);
}

static void
test_valid (void)
{
  static const struct {
    const char *text;
    const char *canonical;
  } cases[] = {
    { "{}", "{}" },
    { "[]", "[]" },
    { " \t\r\n[ 1 , -2.5e+3 , 0 , -0.0 , 1E2 ]\n", "[1,-2500.0,0,-0.0,100.0]" },
    { "{\"a\":{\"b\":[true,false,null]}}", "{\"a\":{\"b\":[true,false,null]}}" },
    { "\"just a string\"", "\"just a string\"" },
    { "42", "42" },
    { "null", "null" },
    { "\xEF\xBB\xBF{\"bom\":1}", "{\"bom\":1}" },
    { "{\"é\":\"日本\"}", "{\"é\":\"日本\"}" },
    { "[\"\\ud83d\\ude00\"]", "[\"😀\"]" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = parse (cases[i].text, &error);
      g_autofree char *out = NULL;

      g_assert_no_error (error);
      g_assert_nonnull (node);
      out = json_to_string (node, FALSE);
      g_assert_cmpstr (out, ==, cases[i].canonical);
    }
}

/* The limit itself passes; one level more does not. */
static void
test_depth_limit (void)
{
  g_autofree char *open_ok = repeat ("[", ATELIER_JSON_MAX_DEPTH);
  g_autofree char *close_ok = repeat ("]", ATELIER_JSON_MAX_DEPTH);
  g_autofree char *ok = g_strconcat (open_ok, close_ok, NULL);
  g_autofree char *open_deep = repeat ("[", ATELIER_JSON_MAX_DEPTH + 1);
  g_autofree char *close_deep = repeat ("]", ATELIER_JSON_MAX_DEPTH + 1);
  g_autofree char *deep = g_strconcat (open_deep, close_deep, NULL);
  g_autofree char *objects = repeat ("{\"a\":", ATELIER_JSON_MAX_DEPTH + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = parse (ok, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  assert_refused (deep, -1, ATELIER_JSON_ERROR_TOO_DEEP);
  assert_refused (objects, -1, ATELIER_JSON_ERROR_TOO_DEEP);
}

/* What used to overflow json-glib's recursion: megabytes of brackets, also
 * behind the tricks a bracket counter honouring only double quotes misses. */
static void
test_nesting_bombs (void)
{
  g_autofree char *brackets = repeat ("[", 2 << 20);
  g_autofree char *objects = repeat ("{\"k\":[", 200000);
  g_autofree char *single_quote = g_strconcat ("['\"', ", brackets, NULL);
  g_autofree char *comment = g_strconcat ("/*\"*/", brackets, NULL);
  g_autofree char *after_string = g_strconcat ("[\"\\\\\",", brackets, NULL);

  assert_refused (brackets, -1, ATELIER_JSON_ERROR_TOO_DEEP);
  assert_refused (objects, -1, ATELIER_JSON_ERROR_TOO_DEEP);
  assert_refused (single_quote, -1, ATELIER_JSON_ERROR_INVALID);
  assert_refused (comment, -1, ATELIER_JSON_ERROR_INVALID);
  assert_refused (after_string, -1, ATELIER_JSON_ERROR_TOO_DEEP);
}

static void
test_size_cap (void)
{
  const char *text = "{\"prompt\":\"a red fox\"}";
  gsize len = strlen (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) exact = atelier_json_parse (text, len, len, &error);
  g_autoptr(JsonNode) over = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, len);
  g_autoptr(JsonNode) from_bytes = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (exact);

  over = atelier_json_parse (text, len, len - 1, &error);
  g_assert_null (over);
  g_assert_error (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_TOO_LARGE);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  from_bytes = atelier_json_parse_bytes (bytes, 8, &error);
  g_assert_null (from_bytes);
  g_assert_error (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_TOO_LARGE);
}

/* Values, not bytes, are what json-glib spends memory on. */
static void
test_value_cap (void)
{
  g_autofree char *zeros = repeat ("0,", ATELIER_JSON_MAX_VALUES);
  g_autofree char *many = g_strconcat ("[", zeros, "0]", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = atelier_json_parse (many, -1, G_MAXSIZE, &error);

  g_assert_null (node);
  g_assert_error (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_TOO_LARGE);
}

static void
test_brackets_in_strings (void)
{
  g_autofree char *brackets = repeat ("[{", 5000);
  g_autofree char *text = g_strdup_printf ("{\"prompt\":\"%s\",\"q\":\"\\\"]]\\\\\",\"n\":[1]}",
                                           brackets);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = parse (text, &error);
  JsonObject *object;

  g_assert_no_error (error);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "prompt"), ==, brackets);
  g_assert_cmpstr (json_object_get_string_member (object, "q"), ==, "\"]]\\");
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (object, "n")), ==, 1);
}

static void
test_escapes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = parse ("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u20AC\"]", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (json_array_get_string_element (json_node_get_array (node), 0), ==,
                   "\"\\/\b\f\n\r\té€");

  assert_refused ("[\"\\x41\"]", -1, ATELIER_JSON_ERROR_INVALID);
  assert_refused ("[\"\\u12\"]", -1, ATELIER_JSON_ERROR_INVALID);
  assert_refused ("[\"\\u12G4\"]", -1, ATELIER_JSON_ERROR_INVALID);
  assert_refused ("[\"\\ud800\"]", -1, ATELIER_JSON_ERROR_INVALID);
  assert_refused ("[\"\\ud800\\u0041\"]", -1, ATELIER_JSON_ERROR_INVALID);
  assert_refused ("[\"\\udc00\"]", -1, ATELIER_JSON_ERROR_INVALID);
}

/* json-glib writes U+001F unescaped: what Atelier writes must read back. */
static void
test_raw_control (void)
{
  g_autoptr(JsonNode) written = json_node_new (JSON_NODE_VALUE);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  json_node_set_string (written, "unit\x1fseparator\ttab\nline");
  text = json_to_string (written, FALSE);
  node = parse (text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (node), ==, "unit\x1fseparator\ttab\nline");
}

/* Every proper prefix of a document is refused, never read as a value. */
static void
test_truncated (void)
{
  const char *text = "{\"data\":[{\"url\":\"http://x/\\u00e9\",\"n\":-12.5e3,\"ok\":true,"
                     "\"none\":null,\"no\":false}],\"id\":\"abc\"}";
  gsize len = strlen (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) whole = atelier_json_parse (text, len, len, &error);

  g_assert_no_error (error);
  g_assert_nonnull (whole);

  for (gsize i = 0; i < len; i++)
    assert_refused (text, i, ATELIER_JSON_ERROR_INVALID);
}

static void
test_invalid (void)
{
  static const char * const texts[] = {
    "   ", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{1:2}", "[1 2]", "[1] [2]", "{} x",
    "0x10", "NaN", "[Infinity]", "01", "1.", ".5", "-", "+1", "1e", "1e+", "[tru]", "[nulll]",
    "['a']", "/* c */ []", "[1] // c", "# c\n[]", "]", "}", "[}", "{]", "{\"a\"}", "\"open",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_refused (texts[i], -1, ATELIER_JSON_ERROR_INVALID);

  assert_refused ("", 0, ATELIER_JSON_ERROR_INVALID);
  assert_refused (NULL, 0, ATELIER_JSON_ERROR_INVALID);
  assert_refused ("[1]\0[2]", 7, ATELIER_JSON_ERROR_INVALID);
  assert_refused ("[\"\xff\"]", -1, ATELIER_JSON_ERROR_INVALID);
  assert_refused ("[\"\xc3\"]", -1, ATELIER_JSON_ERROR_INVALID);
}

/* Errors a person may read say where the problem is. */
static void
test_messages (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = parse ("{\n  \"a\": 1,\n  \"b\": 'x'\n}", &error);

  g_assert_null (node);
  g_assert_error (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "line 3, column 8"));
}

static void
test_object (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = atelier_json_parse_object ("{\"n\":2}", -1, 64, &error);
  g_autoptr(JsonObject) array = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (object, "n"), ==, 2);

  array = atelier_json_parse_object ("[1]", -1, 64, &error);
  g_assert_null (array);
  g_assert_error (error, ATELIER_JSON_ERROR, ATELIER_JSON_ERROR_WRONG_TYPE);
}

/* A document the check lets through, json-glib must read the same way: the
 * values come back intact. */
static void
test_roundtrip (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) built = NULL;
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; i < 200; i++)
    {
      g_autofree char *key = g_strdup_printf ("k%u\"[{\\", i);
      g_autofree char *value = g_strdup_printf ("v%u ]}\n\t\x01 é", i);

      json_builder_set_member_name (builder, key);
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, value);
      json_builder_add_int_value (builder, (gint64) i * -7919);
      json_builder_add_double_value (builder, i / 3.0);
      json_builder_add_boolean_value (builder, i % 2);
      json_builder_add_null_value (builder);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
  built = json_builder_get_root (builder);
  text = json_to_string (built, TRUE);

  parsed = parse (text, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (built, parsed));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/json/valid", test_valid);
  g_test_add_func ("/core/json/depth-limit", test_depth_limit);
  g_test_add_func ("/core/json/nesting-bombs", test_nesting_bombs);
  g_test_add_func ("/core/json/size-cap", test_size_cap);
  g_test_add_func ("/core/json/value-cap", test_value_cap);
  g_test_add_func ("/core/json/brackets-in-strings", test_brackets_in_strings);
  g_test_add_func ("/core/json/escapes", test_escapes);
  g_test_add_func ("/core/json/raw-control", test_raw_control);
  g_test_add_func ("/core/json/truncated", test_truncated);
  g_test_add_func ("/core/json/invalid", test_invalid);
  g_test_add_func ("/core/json/messages", test_messages);
  g_test_add_func ("/core/json/object", test_object);
  g_test_add_func ("/core/json/roundtrip", test_roundtrip);

  return g_test_run ();
}
