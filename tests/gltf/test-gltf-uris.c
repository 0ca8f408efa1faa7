/* test-gltf-uris.c: a .gltf reads external files only inside its own folder
 *
 * A downloaded model's buffers and images may name "../x.bin", absolute
 * paths, file: URIs, symlinks leading out, FIFOs or directories: each is
 * refused with a message naming the URI's JSON pointer, and nothing outside
 * the folder is read. A person's own file may leave its folder when the
 * caller allows it (allow_outside_folder), still only by relative paths.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gltf-fixtures.h"

typedef struct
{
  char *root;    /* tmp: the "outside", holding secret.bin and secret.png */
  char *dir;     /* tmp/model: the model's folder */
  char *secret;  /* tmp/secret.bin, absolute */
} Folder;

static void
write_bytes (const char *path,
             GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
}

static void
in_dir (const char *dir,
        const char *name,
        GBytes     *bytes)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  write_bytes (path, bytes);
}

static void
symlink_in (const char *dir,
            const char *name,
            const char *target)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (symlink (target, path), ==, 0);
}

static void
folder_setup (Folder        *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bin = triangle_bin ();
  g_autoptr(GBytes) png = encode_image ("png", 4, 2);
  g_autofree char *sub = NULL;
  g_autofree char *fifo = NULL;

  f->root = g_dir_make_tmp ("atelier-gltf-uris-XXXXXX", &error);
  g_assert_no_error (error);
  f->dir = g_build_filename (f->root, "model", NULL);
  sub = g_build_filename (f->dir, "sub", NULL);
  g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
  f->secret = g_build_filename (f->root, "secret.bin", NULL);

  write_bytes (f->secret, bin);
  in_dir (f->root, "secret.png", png);
  in_dir (f->dir, "local.bin", bin);
  in_dir (f->dir, "local.png", png);
  in_dir (sub, "inner.bin", bin);
  symlink_in (f->dir, "link-out.bin", "../secret.bin");
  symlink_in (f->dir, "link-abs.bin", f->secret);
  symlink_in (f->dir, "link-in.bin", "local.bin");
  symlink_in (f->dir, "linkdir", "..");
  fifo = g_build_filename (f->dir, "fifo.bin", NULL);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
}

static void
remove_tree (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
folder_teardown (Folder        *f,
                 gconstpointer  data)
{
  remove_tree (f->root);
  g_free (f->root);
  g_free (f->dir);
  g_free (f->secret);
}

/* Writes tmp/model/scene.gltf whose one buffer is @uri and loads it. */
static AtelierGltfScene *
load_buffer_uri (Folder      *f,
                 const char  *uri,
                 gboolean     allow_outside,
                 GError     **error)
{
  g_autofree char *escaped = g_strescape (uri, NULL);
  g_autofree char *json = g_strdup_printf ("{" ASSET "\"buffers\":[{\"byteLength\":44,\"uri\":\"%s\"}],"
                                           "\"bufferViews\":[{\"buffer\":0,\"byteLength\":36},"
                                           "{\"buffer\":0,\"byteOffset\":36,\"byteLength\":6}],"
                                           TRIANGLE_ACCESSORS TRIANGLE_MESH "}", escaped);
  g_autofree char *path = g_build_filename (f->dir, "scene.gltf", NULL);
  AtelierGltfLimits limits;

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  atelier_gltf_limits_init (&limits);
  limits.allow_outside_folder = allow_outside;
  return atelier_gltf_load_file (path, &limits, error);
}

static void
expect_buffer_refused (Folder           *f,
                       const char       *uri,
                       gboolean          allow_outside,
                       AtelierGltfError  code,
                       const char       *reason)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierGltfScene) scene = load_buffer_uri (f, uri, allow_outside, &error);

  g_test_message ("%s → %s", uri, error != NULL ? error->message : "loaded");
  g_assert_null (scene);
  g_assert_error (error, ATELIER_GLTF_ERROR, (int) code);
  g_assert_nonnull (strstr (error->message, "/buffers/0/uri"));
  if (strstr (error->message, reason) == NULL)
    g_error ("“%s” does not say “%s”", error->message, reason);
}

static void
expect_buffer_loaded (Folder     *f,
                      const char *uri,
                      gboolean    allow_outside)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierGltfScene) scene = load_buffer_uri (f, uri, allow_outside, &error);

  g_assert_no_error (error);
  g_assert_nonnull (scene);
  g_assert_cmpmem (scene->meshes[0].primitives[0].positions, 36, triangle_positions, 36);
}

static void
test_inside (Folder        *f,
             gconstpointer  data)
{
  expect_buffer_loaded (f, "local.bin", FALSE);
  expect_buffer_loaded (f, "sub/inner.bin", FALSE);
  expect_buffer_loaded (f, "sub/../local.bin", FALSE);
  expect_buffer_loaded (f, "./sub/inner.bin", FALSE);
  expect_buffer_loaded (f, "link-in.bin", FALSE);
  expect_buffer_loaded (f, "%6Cocal.bin", FALSE);
}

static void
test_parent (Folder        *f,
             gconstpointer  data)
{
  const char *outside = "is outside the model's folder";

  expect_buffer_refused (f, "../secret.bin", FALSE, ATELIER_GLTF_ERROR_IO, outside);
  expect_buffer_refused (f, "sub/../../secret.bin", FALSE, ATELIER_GLTF_ERROR_IO, outside);
  expect_buffer_refused (f, "%2E%2E/secret.bin", FALSE, ATELIER_GLTF_ERROR_IO, outside);
  expect_buffer_refused (f, "..%2Fsecret.bin", FALSE, ATELIER_GLTF_ERROR_IO, outside);
  /* Refused by its text: a missing file outside is not even looked for. */
  expect_buffer_refused (f, "../missing.bin", FALSE, ATELIER_GLTF_ERROR_IO, outside);
  expect_buffer_refused (f, "../model/../secret.bin", FALSE, ATELIER_GLTF_ERROR_IO, outside);
}

static void
test_absolute (Folder        *f,
               gconstpointer  data)
{
  g_autofree char *file_uri = g_filename_to_uri (f->secret, NULL, NULL);

  for (int allow = 0; allow <= 1; allow++)
    {
      expect_buffer_refused (f, f->secret, allow, ATELIER_GLTF_ERROR_JSON, "invalid relative URI");
      expect_buffer_refused (f, file_uri, allow, ATELIER_GLTF_ERROR_IO, "only data: URIs");
      expect_buffer_refused (f, "FILE:///etc/passwd", allow, ATELIER_GLTF_ERROR_IO, "only data: URIs");
      expect_buffer_refused (f, "%2Fetc%2Fpasswd", allow, ATELIER_GLTF_ERROR_JSON, "invalid relative URI");
    }
}

static void
test_symlinks (Folder        *f,
               gconstpointer  data)
{
  const char *outside = "is outside the model's folder";

  expect_buffer_refused (f, "link-out.bin", FALSE, ATELIER_GLTF_ERROR_IO, outside);
  expect_buffer_refused (f, "link-abs.bin", FALSE, ATELIER_GLTF_ERROR_IO, outside);
  expect_buffer_refused (f, "linkdir/secret.bin", FALSE, ATELIER_GLTF_ERROR_IO, outside);
  expect_buffer_refused (f, "linkdir/model/../secret.bin", FALSE, ATELIER_GLTF_ERROR_IO, outside);
}

static void
test_not_regular (Folder        *f,
                  gconstpointer  data)
{
  /* A FIFO would block an open () for a writer that never comes. */
  for (int allow = 0; allow <= 1; allow++)
    {
      expect_buffer_refused (f, "fifo.bin", allow, ATELIER_GLTF_ERROR_IO, "not a regular file");
      expect_buffer_refused (f, "sub", allow, ATELIER_GLTF_ERROR_IO, "not a regular file");
    }
  expect_buffer_refused (f, "linkdir/..", TRUE, ATELIER_GLTF_ERROR_IO, "not a regular file");
}

static void
test_allowed_outside (Folder        *f,
                      gconstpointer  data)
{
  /* A person's own asset with "../textures/a.png" style references. */
  expect_buffer_loaded (f, "../secret.bin", TRUE);
  expect_buffer_loaded (f, "link-out.bin", TRUE);
  expect_buffer_loaded (f, "linkdir/secret.bin", TRUE);
}

static void
test_images (Folder        *f,
             gconstpointer  data)
{
  const char *json =
    "{" ASSET "\"buffers\":[{\"byteLength\":44,\"uri\":\"local.bin\"}],"
    "\"bufferViews\":[{\"buffer\":0,\"byteLength\":36},"
    "{\"buffer\":0,\"byteOffset\":36,\"byteLength\":6}],"
    "\"images\":[{\"uri\":\"local.png\"},{\"uri\":\"../secret.png\"},{\"uri\":\"fifo.bin\"}],"
    "\"textures\":[{\"source\":0},{\"source\":1},{\"source\":2}],"
    TRIANGLE_ACCESSORS TRIANGLE_MESH "}";
  g_autofree char *path = g_build_filename (f->dir, "scene.gltf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierGltfScene) scene = NULL;

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  scene = atelier_gltf_load_file (path, NULL, &error);

  /* A refused texture does not hide the model: it is drawn without it and
   * the reason is kept for `atelier-cli info` and the viewer. */
  g_assert_no_error (error);
  g_assert_nonnull (scene->images[0].pixels);
  g_assert_null (scene->images[1].pixels);
  g_assert_nonnull (strstr (scene->images[1].error, "/images/1/uri"));
  g_assert_nonnull (strstr (scene->images[1].error, "outside the model's folder"));
  g_assert_null (scene->images[2].pixels);
  g_assert_nonnull (strstr (scene->images[2].error, "not a regular file"));
}

typedef struct
{
  AtelierGltfScene *scene;
  GError           *error;
  gboolean          done;
} AsyncState;

static void
on_loaded (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncState *state = user_data;

  state->scene = atelier_gltf_load_finish (result, &state->error);
  state->done = TRUE;
}

static void
load_async (const char *path,
            gboolean    allow_outside,
            AsyncState *state)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AtelierGltfLimits limits;

  atelier_gltf_limits_init (&limits);
  limits.allow_outside_folder = allow_outside;
  atelier_gltf_load_async_full (file, &limits, NULL, NULL, NULL, on_loaded, state);
  while (!state->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_async (Folder        *f,
            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "scene.gltf", NULL);
  g_autoptr(GError) error = NULL;
  AsyncState refused = { 0 }, allowed = { 0 };

  /* Writes scene.gltf; the synchronous load must refuse it. */
  g_assert_null (load_buffer_uri (f, "../secret.bin", FALSE, &error));
  g_assert_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_IO);

  /* The viewer's path: the default confines, the flag lets a person's
   * own file reach its sibling folders. */
  load_async (path, FALSE, &refused);
  g_assert_null (refused.scene);
  g_assert_error (refused.error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_IO);
  g_assert_nonnull (strstr (refused.error->message, "outside the model's folder"));
  g_clear_error (&refused.error);

  load_async (path, TRUE, &allowed);
  g_assert_no_error (allowed.error);
  g_assert_nonnull (allowed.scene);
  atelier_gltf_scene_free (allowed.scene);
}

static void
test_bytes_base_dir (Folder        *f,
                     gconstpointer  data)
{
  /* atelier_gltf_load_bytes with a base folder follows the same rule, also
   * for a relative folder name. */
  const char *json =
    "{" ASSET "\"buffers\":[{\"byteLength\":44,\"uri\":\"../secret.bin\"}],"
    "\"bufferViews\":[{\"buffer\":0,\"byteLength\":36},"
    "{\"buffer\":0,\"byteOffset\":36,\"byteLength\":6}],"
    TRIANGLE_ACCESSORS TRIANGLE_MESH "}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierGltfScene) scene = NULL;

  scene = atelier_gltf_load_bytes (bytes, f->dir, NULL, &error);
  g_assert_null (scene);
  g_assert_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_IO);
  g_clear_error (&error);

  g_assert_cmpint (g_chdir (f->dir), ==, 0);
  scene = atelier_gltf_load_bytes (bytes, ".", NULL, &error);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_assert_null (scene);
  g_assert_error (error, ATELIER_GLTF_ERROR, ATELIER_GLTF_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "outside the model's folder"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/gltf/uris/" path, Folder, NULL, folder_setup, func, folder_teardown)
  ADD ("inside", test_inside);
  ADD ("parent", test_parent);
  ADD ("absolute", test_absolute);
  ADD ("symlinks", test_symlinks);
  ADD ("not-regular", test_not_regular);
  ADD ("allowed-outside", test_allowed_outside);
  ADD ("images", test_images);
  ADD ("async", test_async);
  ADD ("bytes-base-dir", test_bytes_base_dir);
#undef ADD

  return g_test_run ();
}
