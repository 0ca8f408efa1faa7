/* test-gltf-conformance.c: our verdicts against the Khronos glTF-Validator's
 *
 * Walks $ATELIER_SHARED_DIR/gltf-corpus/validator-tests (skipped when absent),
 * loads every .gltf/.glb and compares acceptance with the expected report:
 * a file whose report has severity-0 errors is invalid. Errors in the
 * container, JSON structure, index or bounds categories must be rejected;
 * valid files must load; other invalid files may go either way.
 *
 * Run with a directory argument to check another tree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "atelier-gltf.h"

static const char * const structural_codes[] = {
  "INVALID_JSON", "TYPE_MISMATCH", "ARRAY_TYPE_MISMATCH", "UNDEFINED_PROPERTY",
  "UNRESOLVED_REFERENCE", "ACCESSOR_TOO_LONG", "BUFFER_VIEW_TOO_LONG", "ACCESSOR_INDEX_OOB",
  "NODE_LOOP", "NODE_PARENT_OVERRIDE", "BUFFER_MISSING_GLB_DATA", "BUFFER_BYTE_LENGTH_MISMATCH",
  "ACCESSOR_OFFSET_ALIGNMENT", "ACCESSOR_TOTAL_OFFSET_ALIGNMENT", "ACCESSOR_SMALL_BYTESTRIDE",
  "BUFFER_VIEW_INVALID_BYTE_STRIDE", "BUFFER_VIEW_TOO_BIG_BYTE_STRIDE",
  "MESH_PRIMITIVE_UNEQUAL_ACCESSOR_COUNT", "SCENE_NON_ROOT_NODE", "UNKNOWN_ASSET_MAJOR_VERSION",
  "ACCESSOR_SPARSE_COUNT_OUT_OF_RANGE", "ACCESSOR_SPARSE_INDEX_OOB",
};

/* Valid for the validator, which cannot check data it does not have, but
 * their meshes point into a buffer with no uri outside a GLB: nothing to draw. */
static const char * const known_rejections[] = {
  "base/data/root/named_objects.gltf",
  "base/data/root/unused_objects.gltf",
  NULL
};

typedef struct
{
  guint valid_accepted;
  guint valid_rejected;
  guint structural_rejected;
  guint structural_accepted;
  guint other_rejected;
  guint other_accepted;
  GPtrArray *failures;
} Tally;

static gboolean
is_structural (const char *code)
{
  if (g_str_has_prefix (code, "GLB_"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (structural_codes); i++)
    if (g_str_equal (code, structural_codes[i]))
      return TRUE;
  return FALSE;
}

/* Returns the severity-0 codes, comma-separated, or "" when valid. */
static char *
expected_errors (const char *report_path,
                 gboolean   *structural)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) codes = g_string_new ("");
  JsonObject *root, *issues;
  JsonArray *messages;

  *structural = FALSE;
  if (!json_parser_load_from_file (parser, report_path, NULL))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  issues = json_object_get_object_member (root, "issues");
  messages = json_object_get_array_member (issues, "messages");

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);
      const char *code = json_object_get_string_member (m, "code");

      if (json_object_get_int_member (m, "severity") != 0)
        continue;
      if (is_structural (code))
        *structural = TRUE;
      if (strstr (codes->str, code) == NULL)
        g_string_append_printf (codes, "%s%s", codes->len ? "," : "", code);
    }

  return g_string_free (g_steal_pointer (&codes), FALSE);
}

/* The loader ignores optional extensions it does not implement, so errors
 * inside them (tested under ext/<name>/) are not its business. */
static gboolean
in_unimplemented_extension (const char *name)
{
  static const char * const implemented[] = {
    "KHR_mesh_quantization", "KHR_texture_transform", "KHR_materials_emissive_strength",
    "KHR_materials_unlit", "EXT_texture_webp",
  };

  if (!g_str_has_prefix (name, "ext/"))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (implemented); i++)
    if (strncmp (name + 4, implemented[i], strlen (implemented[i])) == 0)
      return FALSE;
  return TRUE;
}

static void
check_file (const char *path,
            const char *name,
            Tally      *tally)
{
  g_autofree char *report = g_strconcat (path, ".report.json", NULL);
  g_autofree char *codes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierGltfScene) scene = NULL;
  gboolean structural;
  const char *verdict;

  codes = expected_errors (report, &structural);
  if (codes == NULL)
    return;
  if (in_unimplemented_extension (name))
    structural = FALSE;

  scene = atelier_gltf_load_file (path, NULL, &error);

  if (*codes == '\0')
    {
      verdict = scene ? "ok" : "VALID FILE REJECTED";
      if (scene)
        tally->valid_accepted++;
      else
        tally->valid_rejected++;
    }
  else if (structural)
    {
      verdict = scene ? "STRUCTURAL ERROR ACCEPTED" : "ok";
      if (scene)
        tally->structural_accepted++;
      else
        tally->structural_rejected++;
    }
  else
    {
      verdict = scene ? "lenient" : "ok";
      if (scene)
        tally->other_accepted++;
      else
        tally->other_rejected++;
    }

  printf ("%-70s %-8s %-8s %-26s %s | %s\n", name, *codes ? "invalid" : "valid",
          scene ? "accept" : "reject", verdict, *codes ? codes : "-",
          error ? error->message : "");
  if (g_ascii_isupper (verdict[0]) &&
      !g_strv_contains ((const char * const *) known_rejections, name))
    g_ptr_array_add (tally->failures, g_strdup_printf ("%s: %s", name, verdict));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
walk (const char *dir,
      const char *prefix,
      Tally      *tally)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  if (d == NULL)
    return;
  while ((entry = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *rel = *prefix ? g_strdup_printf ("%s/%s", prefix, name) : g_strdup (name);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        walk (path, rel, tally);
      else if (g_str_has_suffix (name, ".gltf") || g_str_has_suffix (name, ".glb"))
        check_file (path, rel, tally);
    }
}

int
main (int argc, char **argv)
{
  const char *shared = g_getenv ("ATELIER_SHARED_DIR");
  g_autofree char *dir = NULL;
  Tally tally = { 0 };
  guint total;

  if (argc > 1)
    dir = g_strdup (argv[1]);
  else if (shared != NULL)
    dir = g_build_filename (shared, "gltf-corpus", "validator-tests", NULL);

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      printf ("1..0 # SKIP no validator corpus (set ATELIER_SHARED_DIR)\n");
      return 77;
    }

  tally.failures = g_ptr_array_new_with_free_func (g_free);
  printf ("%-70s %-8s %-8s %-26s %s\n", "file", "expected", "ours", "verdict", "codes | message");
  walk (dir, "", &tally);

  total = tally.valid_accepted + tally.valid_rejected + tally.structural_accepted +
          tally.structural_rejected + tally.other_accepted + tally.other_rejected;
  printf ("\n%u files, 0 crashes\n", total);
  printf ("valid files:                  %u accepted, %u rejected\n", tally.valid_accepted,
          tally.valid_rejected);
  printf ("structural errors (container, JSON, index, bounds): %u rejected, %u accepted\n",
          tally.structural_rejected, tally.structural_accepted);
  printf ("other validator errors:       %u rejected, %u accepted (lenient)\n",
          tally.other_rejected, tally.other_accepted);
  printf ("known, explained rejections: %u\n", g_strv_length ((char **) known_rejections));
  for (guint i = 0; i < tally.failures->len; i++)
    printf ("MISMATCH %s\n", (char *) tally.failures->pdata[i]);

  /* A structural error accepted or a valid file rejected is a regression. */
  total = tally.failures->len;
  g_ptr_array_unref (tally.failures);
  return total == 0 ? 0 : 1;
}
