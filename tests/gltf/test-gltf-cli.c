/* test-gltf-cli.c: `atelier-cli info` on generated files (exit codes, JSON, errors)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "gltf-fixtures.h"

static char *tmp_dir;

static int
run_info (const char  *path,
          gboolean     json,
          char       **out,
          char       **err)
{
  const char *cli = g_getenv ("ATELIER_CLI");
  const char *argv[] = { cli, "info", path, json ? "--json" : NULL, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_nonnull (cli);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static char *
write_file (const char *name,
            GBytes     *bytes)
{
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  return path;
}

static void
test_json_summary (void)
{
  g_autoptr(GBytes) glb = triangle_glb_with ("{" ASSET "\"extensionsUsed\":[\"KHR_x\"],"
                                             TRIANGLE_BUFFERS TRIANGLE_ACCESSORS TRIANGLE_MESH
                                             "}");
  g_autofree char *path = write_file ("tri.glb", glb);
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;

  g_assert_cmpint (run_info (path, TRUE, &out, &err), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (root, "triangles"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (root, "vertices"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (root, "meshes"), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (
                     json_object_get_array_member (root, "extensions_used"), 0), ==, "KHR_x");
  g_unlink (path);
}

static void
test_text_summary (void)
{
  g_autoptr(GBytes) glb = triangle_glb_with ("{" ASSET TRIANGLE_BUFFERS TRIANGLE_ACCESSORS
                                             TRIANGLE_MESH "}");
  g_autofree char *path = write_file ("tri.glb", glb);
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (run_info (path, FALSE, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Triangles"));
  g_unlink (path);
}

static void
test_errors (void)
{
  g_autoptr(GBytes) bad = make_gltf ("{\"asset\":{\"version\":\"2.0\"},\"nodes\":[{\"children\":[0]}]}");
  g_autofree char *path = write_file ("bad.gltf", bad);
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *out2 = NULL, *err2 = NULL;
  const char *cli = g_getenv ("ATELIER_CLI");
  const char *argv[] = { cli, "info", NULL };
  int status;

  g_assert_cmpint (run_info (path, FALSE, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "/nodes/0/children/0"));
  g_unlink (path);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out2,
                               &err2, &status, NULL));
  g_assert_cmpint (WEXITSTATUS (status), ==, 2);
}

int
main (int argc, char **argv)
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("atelier-gltf-cli-XXXXXX", NULL);
  g_test_add_func ("/gltf/cli/json", test_json_summary);
  g_test_add_func ("/gltf/cli/text", test_text_summary);
  g_test_add_func ("/gltf/cli/errors", test_errors);
  ret = g_test_run ();
  g_rmdir (tmp_dir);
  return ret;
}
