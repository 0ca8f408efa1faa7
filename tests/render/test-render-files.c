/* test-render-files.c: the loader's output through the renderer, and the
 * two headless front ends (`atelier-cli render`, atelier-thumbnailer)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "atelier-gltf.h"
#include "atelier-headless.h"
#include "atelier-procedural.h"
#include "atelier-test-skip.h"

static char *tmp_dir;

static char *
write_model (const char *name,
             gboolean    with_normals)
{
  AtelierProceduralModel model = {
    .prompt = "a small test vase",
    .faces = 500,
    .with_normals = with_normals,
    .texture_size = 32,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) glb = atelier_procedural_glb (&model, &error);
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (glb, NULL), g_bytes_get_size (glb), &error);
  g_assert_no_error (error);
  return path;
}

static int
run (const char * const *argv,
     char              **err_out)
{
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, err_out,
                &status, &error);
  g_assert_no_error (error);
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return -1;
}

static void
assert_png (const char *path,
            int         width,
            int         height,
            gboolean    alpha)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
  g_assert_cmpint (gdk_pixbuf_get_has_alpha (pixbuf), ==, alpha);
}

static void
test_cli (void)
{
  g_autofree char *cli = g_build_filename (g_getenv ("ATELIER_BUILD_ROOT"), "src", "cli", "atelier-cli", NULL);
  g_autofree char *model = write_model ("vase.glb", FALSE);
  g_autofree char *out = g_build_filename (tmp_dir, "vase.png", NULL);
  g_autofree char *bad = g_build_filename (tmp_dir, "bad.glb", NULL);
  g_autofree char *err = NULL;

  {
    const char *argv[] = { cli, "render", model, out, "--size", "80x60", "--mode", "clay", NULL };
    g_assert_cmpint (run (argv, NULL), ==, 0);
    assert_png (out, 80, 60, FALSE);
  }
  {
    const char *argv[] = { cli, "render", model, out, "--size", "40x40", "--transparent", NULL };
    g_assert_cmpint (run (argv, NULL), ==, 0);
    assert_png (out, 40, 40, TRUE);
  }
  {
    const char *argv[] = { cli, "render", model, out, "--mode", "sparkly", NULL };
    g_assert_cmpint (run (argv, NULL), ==, 2);
  }
  {
    const char *argv[] = { cli, "render", model, out, "--size", "0x10", NULL };
    g_assert_cmpint (run (argv, NULL), ==, 2);
  }
  {
    const char *argv[] = { cli, "render", bad, out, NULL };
    g_file_set_contents (bad, "glTF\x02\0\0\0garbage", 15, NULL);
    g_assert_cmpint (run (argv, &err), ==, 1);
    g_assert_nonnull (strstr (err, "Cannot load"));
  }
  g_unlink (out);
  g_unlink (bad);
  g_unlink (model);
}

static void
test_thumbnailer (void)
{
  g_autofree char *exe = g_build_filename (g_getenv ("ATELIER_BUILD_ROOT"), "src", "thumbnailer",
                                           "atelier-thumbnailer", NULL);
  g_autofree char *model = write_model ("thumb.glb", TRUE);
  g_autofree char *uri = g_filename_to_uri (model, NULL, NULL);
  g_autofree char *out = g_build_filename (tmp_dir, "thumb.png", NULL);
  const char *argv[] = { exe, "-s", "64", uri, out, NULL };
  const char *argv_path[] = { exe, "-s", "48", model, out, NULL };

  g_assert_cmpint (run (argv, NULL), ==, 0);
  assert_png (out, 64, 64, TRUE);
  g_assert_cmpint (run (argv_path, NULL), ==, 0);
  assert_png (out, 48, 48, TRUE);
  g_unlink (out);
  g_unlink (model);
}

static void
test_corpus (void)
{
  g_autofree char *dir = NULL;
  g_autoptr(GDir) listing = NULL;
  g_autoptr(AtelierHeadless) headless = NULL;
  g_autoptr(AtelierRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  const char *shared = g_getenv ("ATELIER_SHARED_DIR");
  const char *name;
  guint rendered = 0, refused = 0;

  if (shared == NULL || !g_file_test ((dir = g_build_filename (shared, "gltf-corpus", "real", NULL)),
                                      G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("No shared glTF corpus (ATELIER_SHARED_DIR)");
      return;
    }

  headless = atelier_headless_new (96, 96, 4, &error);
  g_assert_no_error (error);
  renderer = atelier_renderer_new (atelier_headless_get_use_es (headless), &error);
  g_assert_no_error (error);

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(AtelierGltfScene) scene = NULL;
      g_autoptr(GError) load_error = NULL;
      static const AtelierRenderMode modes[] = { ATELIER_RENDER_MODE_SHADED, ATELIER_RENDER_MODE_WIREFRAME };

      if (!g_str_has_suffix (name, ".glb") && !g_str_has_suffix (name, ".gltf"))
        continue;
      scene = atelier_gltf_load_file (path, NULL, &load_error);
      if (scene == NULL)
        {
          g_test_message ("%s: refused by the loader: %s", name, load_error->message);
          refused++;
          continue;
        }

      atelier_renderer_set_scene (renderer, scene);
      for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
        {
          AtelierRenderCamera camera;
          float min[3], max[3];
          g_autofree guint8 *rgba = NULL;

          atelier_renderer_set_mode (renderer, modes[m]);
          atelier_renderer_get_bounds (renderer, min, max);
          atelier_render_camera_init (&camera);
          atelier_render_camera_frame_bounds (&camera, min, max, 1);
          atelier_headless_bind (headless);
          atelier_renderer_draw (renderer, &camera, 96, 96);
          rgba = atelier_headless_read_rgba (headless);
          if (!atelier_headless_check_gl (headless, &error))
            g_error ("%s (%s): %s", name, atelier_render_mode_to_string (modes[m]), error->message);
        }
      atelier_renderer_set_scene (renderer, NULL);
      rendered++;
    }
  g_test_message ("%u corpus files rendered, %u refused by the loader", rendered, refused);
  g_assert_cmpuint (rendered, >, 0);

  g_clear_pointer (&renderer, atelier_renderer_free);
}

/* Every case draws (the CLI and the thumbnailer through headless EGL too):
 * without headless GL each is listed as skipped, with the reason. */
static char *skip_reason;

static void
add_gl_test (const char *path,
             GTestFunc   func)
{
  if (skip_reason != NULL)
    g_test_add_data_func (path, skip_reason, atelier_test_skip);
  else
    g_test_add_func (path, func);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("atelier-render-files-XXXXXX", &error);
  g_assert_no_error (error);

  {
    g_autoptr(AtelierHeadless) probe = atelier_headless_new (8, 8, 0, &error);

    if (probe == NULL)
      skip_reason = g_strdup_printf ("No headless GL: %s", error->message);
    g_clear_error (&error);
  }

  add_gl_test ("/render/files/corpus", test_corpus);
  add_gl_test ("/render/files/cli", test_cli);
  add_gl_test ("/render/files/thumbnailer", test_thumbnailer);
  ret = g_test_run ();

  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  g_free (skip_reason);
  return ret;
}
