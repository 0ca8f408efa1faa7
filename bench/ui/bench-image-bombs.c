/* bench-image-bombs.c: what a decompression bomb costs each image path
 *
 * Generates (in a temporary folder) black PNGs of 30000², 20000² and
 * 8000² pixels (2.6 MB, 1.2 MB, 0.2 MB on disk) and glTF files using them
 * as a texture, then runs each path in a fresh process so its peak memory is
 * its own: the list thumbnail (128 px), the image view's full-size load, the
 * glTF loader and the file-manager thumbnailer. Prints the time, the peak RSS
 * and how it ended.
 *
 *   bench-image-bombs [--thumbnailer PATH]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-bench"

#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atelier-gltf.h"
#include "atelier-texture-loader.h"
#include "image-fixtures.h"

static void
texture_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* One case in this process; prints "ms<TAB>peak MiB<TAB>outcome". */
static int
run_case (const char *what,
          const char *path)
{
  gint64 start = g_get_monotonic_time ();
  g_autofree char *outcome = NULL;

  if (g_str_equal (what, "thumb") || g_str_equal (what, "view"))
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      g_autoptr(GError) error = NULL;

      atelier_texture_load_async (path, g_str_equal (what, "thumb") ? 128 : 0, NULL,
                                  texture_done, &result);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      texture = atelier_texture_load_finish (result, &error);
      outcome = texture != NULL ? g_strdup_printf ("%d×%d texture", gdk_texture_get_width (texture),
                                                   gdk_texture_get_height (texture))
                                : g_strdup (error->message);
    }
  else if (g_str_equal (what, "gltf"))
    {
      g_autoptr(AtelierGltfScene) scene = NULL;
      g_autoptr(GError) error = NULL;

      scene = atelier_gltf_load_file (path, NULL, &error);
      if (scene == NULL)
        outcome = g_strdup (error->message);
      else if (scene->n_images > 0 && scene->images[0].pixels == NULL)
        outcome = g_strdup_printf ("loaded, image: %s", scene->images[0].error);
      else
        outcome = g_strdup ("loaded with its texture");
    }
  else
    return 2;

  g_print ("%.0f\t%.0f\t%s\n", (g_get_monotonic_time () - start) / 1000.0,
           image_fixture_peak_rss_mib (), outcome);
  return 0;
}

/* Runs argv in a child and reports its wall time and peak RSS (wait4 gives
 * the child's own, not the largest of all children so far). */
static void
measure (const char  *label,
         char       **argv,
         gboolean     own_report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 start = g_get_monotonic_time ();
  struct rusage usage;
  int out_fd, status = 0;
  GPid pid;
  char buffer[4096];
  gssize n;

  if (!g_spawn_async_with_pipes (NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &pid, NULL, &out_fd, NULL, &error))
    {
      g_print ("%-26s %s\n", label, error->message);
      return;
    }
  while ((n = read (out_fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (out, buffer, n);
  close (out_fd);
  wait4 (pid, &status, 0, &usage);
  g_spawn_close_pid (pid);

  if (own_report)
    {
      g_auto(GStrv) fields = g_strsplit (g_strstrip (out->str), "\t", 3);

      if (g_strv_length (fields) == 3)
        g_print ("%-26s %7s ms %6s MiB  %s\n", label, fields[0], fields[1], fields[2]);
      else
        g_print ("%-26s failed (status %d)\n", label, status);
    }
  else
    {
      g_print ("%-26s %7.0f ms %6.0f MiB  exit status %d\n", label,
               (g_get_monotonic_time () - start) / 1000.0, usage.ru_maxrss / 1024.0,
               WIFEXITED (status) ? WEXITSTATUS (status) : -1);
    }
}

static char *
write_gltf (const char *dir,
            const char *name,
            const char *image)
{
  /* One textured triangle (positions and UVs as a data: URI) and the image
   * beside it. */
  static const float data[] = { 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1 };
  g_autofree char *b64 = g_base64_encode ((const guchar *) data, sizeof data);
  g_autofree char *json = g_strdup_printf (
    "{\"asset\":{\"version\":\"2.0\"},"
    "\"buffers\":[{\"byteLength\":60,\"uri\":\"data:application/octet-stream;base64,%s\"}],"
    "\"bufferViews\":[{\"buffer\":0,\"byteLength\":36},{\"buffer\":0,\"byteOffset\":36,\"byteLength\":24}],"
    "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":3,\"type\":\"VEC3\","
    "\"min\":[0,0,0],\"max\":[1,1,0]},"
    "{\"bufferView\":1,\"componentType\":5126,\"count\":3,\"type\":\"VEC2\"}],"
    "\"images\":[{\"uri\":\"%s\"}],\"textures\":[{\"source\":0}],"
    "\"materials\":[{\"pbrMetallicRoughness\":{\"baseColorTexture\":{\"index\":0}}}],"
    "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0,\"TEXCOORD_0\":1},\"material\":0}]}],"
    "\"nodes\":[{\"mesh\":0}],\"scenes\":[{\"nodes\":[0]}],\"scene\":0}", b64, image);
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, json, -1, NULL);
  return path;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *thumbnailer = NULL;
  g_autofree char *dir = NULL;
  const guint32 sizes[] = { 30000, 20000, 8000 };
  GOptionEntry entries[] = {
    { "thumbnailer", 0, 0, G_OPTION_ARG_FILENAME, &thumbnailer, "atelier-thumbnailer to run", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  if (argc == 4 && g_str_equal (argv[1], "--case"))
    return run_case (argv[2], argv[3]);

  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  dir = g_dir_make_tmp ("atelier-bombs-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("black-%u.png", sizes[i]);
      g_autofree char *png = g_build_filename (dir, name, NULL);
      g_autofree char *gltf_name = g_strdup_printf ("model-%u.gltf", sizes[i]);
      g_autofree char *gltf = write_gltf (dir, gltf_name, name);
      g_autofree char *thumb_png = g_build_filename (dir, "thumb.png", NULL);
      const char *cases[] = { "thumb", "view", "gltf" };
      gint64 start = g_get_monotonic_time ();
      GStatBuf st;

      if (!image_fixture_write_png (png, sizes[i], sizes[i], 3, &error))
        g_error ("%s", error->message);
      g_stat (png, &st);
      g_print ("\n%u×%u black PNG, %.1f MB on disk (made in %.0f ms)\n", sizes[i], sizes[i],
               st.st_size / 1e6, (g_get_monotonic_time () - start) / 1000.0);

      for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
        {
          g_autofree char *label = g_strdup_printf ("  %s", cases[c]);
          char *child[] = { argv[0], (char *) "--case", (char *) cases[c],
                            c < 2 ? png : gltf, NULL };

          measure (label, child, TRUE);
        }
      if (thumbnailer != NULL)
        {
          char *child[] = { thumbnailer, (char *) "-s", (char *) "256", gltf, thumb_png, NULL };

          measure ("  atelier-thumbnailer", child, FALSE);
        }

      g_unlink (png);
      g_unlink (gltf);
      g_unlink (thumb_png);
    }

  g_rmdir (dir);
  return 0;
}
