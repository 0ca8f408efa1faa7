/* test-gltf-corpus.c: real-world files load or fail with a message, never crash
 *
 * Uses $ATELIER_SHARED_DIR/gltf-corpus/real and Debian's assimp-testmodels
 * when present; skipped otherwise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "atelier-gltf.h"

static guint n_files;

static void
load_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(AtelierGltfScene) scene = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          load_dir (path);
          continue;
        }
      if (!g_str_has_suffix (name, ".glb") && !g_str_has_suffix (name, ".gltf"))
        continue;

      start = g_get_monotonic_time ();
      scene = atelier_gltf_load_file (path, NULL, &error);
      n_files++;
      if (scene == NULL)
        {
          g_assert_nonnull (error);
          g_assert_cmpuint (strlen (error->message), >, 0);
          g_test_message ("%s: rejected: %s", name, error->message);
          continue;
        }

      g_test_message ("%s: %u meshes, %u instances, %" G_GUINT64_FORMAT " triangles, "
                      "%u images, %.1f ms", name, scene->n_meshes, scene->n_instances,
                      scene->n_triangles, scene->n_images,
                      (g_get_monotonic_time () - start) / 1000.0);

      /* Every index the renderer will use must be in range. */
      for (guint m = 0; m < scene->n_meshes; m++)
        for (guint p = 0; p < scene->meshes[m].n_primitives; p++)
          {
            const AtelierGltfPrimitive *prim = &scene->meshes[m].primitives[p];

            g_assert_nonnull (prim->positions);
            for (guint32 i = 0; prim->indices && i < prim->index_count; i++)
              g_assert_cmpuint (prim->indices[i], <, prim->vertex_count);
            if (prim->material >= 0)
              g_assert_cmpint (prim->material, <, (int) scene->n_materials);
          }
      for (guint i = 0; i < scene->n_instances; i++)
        g_assert_cmpint (scene->instances[i].mesh, <, (int) scene->n_meshes);
    }
}

static void
test_real (void)
{
  const char *shared = g_getenv ("ATELIER_SHARED_DIR");
  g_autofree char *dir = shared ? g_build_filename (shared, "gltf-corpus", "real", NULL) : NULL;

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no corpus (set ATELIER_SHARED_DIR)");
      return;
    }
  load_dir (dir);
  g_assert_cmpuint (n_files, >, 0);
}

static void
test_assimp (void)
{
  const char *dir = "/usr/share/assimp/models/glTF2";

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("assimp-testmodels is not installed");
      return;
    }
  load_dir (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/gltf/corpus/real", test_real);
  g_test_add_func ("/gltf/corpus/assimp", test_assimp);
  return g_test_run ();
}
