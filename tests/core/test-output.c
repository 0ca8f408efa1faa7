/* test-output.c: the result writer: typing by magic bytes, the size cap,
 * a part file that disappears on failure, a rename only when complete,
 * private permissions, and no descriptor left open on any path.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atelier-error.h"
#include "atelier-output.h"

static const guint8 png_head[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

typedef struct
{
  char *dir;
  char *base;   /* dir/sub/result-1: the folder does not exist yet */
  guint fds;
} Fixture;

static guint
count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("atelier-output-XXXXXX", &error);
  g_assert_no_error (error);
  f->base = g_build_filename (f->dir, "sub", "result-1", NULL);
  f->fds = count_open_fds ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* Every path, failed or not, closes what it opened. */
  g_assert_cmpuint (count_open_fds (), ==, f->fds);
  g_free (f->base);
  g_free (f->dir);
}

static char *
path_with (Fixture    *f,
           const char *suffix)
{
  return g_strconcat (f->base, suffix, NULL);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static GBytes *
fake_png (gsize size)
{
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8) (i * 7);
  memcpy (data, png_head, MIN (size, sizeof png_head - 1));
  return g_bytes_new_take (data, size);
}

static void
test_sniff (void)
{
  static const struct {
    const char *data;
    gsize       len;
    const char *ext;
  } cases[] = {
    { "\x89PNG\r\n\x1a\n", 8, "png" },
    { "\x89PNG\r\n\x1a", 7, NULL },
    { "\xFF\xD8\xFF\xE0", 4, "jpg" },
    { "RIFF\x10\0\0\0WEBPVP8 ", 16, "webp" },
    { "RIFF\x10\0\0\0WAVE", 12, NULL },
    { "glTF\x02\0\0\0", 8, "glb" },
    { "  \n{\"asset\":{}}", 15, "gltf" },
    { "<!DOCTYPE html>", 15, NULL },
    { "", 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (atelier_sniff_extension ((const guint8 *) cases[i].data, cases[i].len),
                     ==, cases[i].ext);
}

static void
test_streamed (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(AtelierOutput) output = atelier_output_new (f->base, 0);
  g_autoptr(GBytes) png = fake_png (100000);
  g_autoptr(GError) error = NULL;
  g_autofree char *part = path_with (f, ".part");
  g_autofree char *final = path_with (f, ".png");
  g_autofree char *folder = g_path_get_dirname (f->base);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  const guint8 *bytes;
  gsize len, size;

  g_assert_cmpstr (atelier_output_get_part_path (output), ==, part);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));

  g_assert_true (atelier_output_open (output, &error));
  g_assert_no_error (error);
  g_assert_cmphex (file_mode (folder), ==, 0700);
  g_assert_cmphex (file_mode (part), ==, 0600);

  /* In small pieces, as a download arrives: typed once enough is there. */
  bytes = g_bytes_get_data (png, &len);
  for (gsize off = 0; off < len; off += MIN (len - off, 5))
    {
      g_assert_true (atelier_output_write (output, bytes + off, MIN (len - off, 5), &error));
      g_assert_cmpstr (atelier_output_get_extension (output), ==, off + 5 >= 12 ? "png" : NULL);
      /* Nothing visible under the final name before the end. */
      g_assert_false (g_file_test (final, G_FILE_TEST_EXISTS));
    }
  g_assert_cmpint (atelier_output_get_size (output), ==, len);

  path = atelier_output_commit (output, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, final);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_cmphex (file_mode (final), ==, 0600);
  g_assert_true (g_file_get_contents (final, &contents, &size, NULL));
  g_assert_cmpmem (contents, size, bytes, len);

  /* Committed means kept: dropping the writer does not remove it. */
  g_clear_object (&output);
  g_assert_true (g_file_test (final, G_FILE_TEST_EXISTS));
}

static void
test_cap (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(AtelierOutput) output = atelier_output_new (f->base, 1000);
  g_autoptr(GBytes) png = fake_png (1001);
  g_autoptr(GError) error = NULL;
  g_autofree char *part = path_with (f, ".part");
  g_autofree char *final = path_with (f, ".png");
  const guint8 *bytes;
  gsize len;

  bytes = g_bytes_get_data (png, &len);
  g_assert_true (atelier_output_open (output, &error));
  g_assert_true (atelier_output_write (output, bytes, 1000, &error));
  g_assert_no_error (error);
  g_assert_false (atelier_output_write (output, bytes + 1000, 1, &error));
  g_assert_error (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_TOO_LARGE);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Nothing to commit after a failure. */
  g_assert_null (atelier_output_commit (output, &error));
  g_assert_nonnull (error);
  g_assert_false (g_file_test (final, G_FILE_TEST_EXISTS));
}

static void
test_unknown_type (Fixture       *f,
                   gconstpointer  data)
{
  static const char page[] = "<html><body>Access denied</body></html>";
  static const char tiny[] = "<p>";
  g_autoptr(AtelierOutput) output = atelier_output_new (f->base, 0);
  g_autoptr(AtelierOutput) short_output = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *part = path_with (f, ".part");
  g_autofree char *folder = g_path_get_dirname (f->base);

  /* An error page sent with 200 is refused on its first bytes. */
  g_assert_true (atelier_output_open (output, &error));
  g_assert_true (atelier_output_write (output, (const guint8 *) page, 4, &error));
  g_assert_false (atelier_output_write (output, (const guint8 *) page + 4, sizeof page - 5, &error));
  g_assert_error (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_UNSUPPORTED_TYPE);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Shorter than any signature: judged when it ends. */
  short_output = atelier_output_new (f->base, 0);
  g_assert_true (atelier_output_open (short_output, &error));
  g_assert_true (atelier_output_write (short_output, (const guint8 *) tiny, 3, &error));
  g_assert_null (atelier_output_commit (short_output, &error));
  g_assert_error (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_UNSUPPORTED_TYPE);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));

  {
    g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
    g_assert_null (g_dir_read_name (dir));
  }
}

static void
test_short_jpeg (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(AtelierOutput) output = atelier_output_new (f->base, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_assert_true (atelier_output_open (output, &error));
  g_assert_true (atelier_output_write (output, (const guint8 *) "\xFF\xD8\xFF\xD9", 4, &error));
  g_assert_null (atelier_output_get_extension (output));
  path = atelier_output_commit (output, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (path, "result-1.jpg"));
}

static void
test_discarded (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(AtelierOutput) output = atelier_output_new (f->base, 0);
  g_autoptr(GBytes) png = fake_png (64);
  g_autoptr(GError) error = NULL;
  g_autofree char *part = path_with (f, ".part");
  g_autofree char *contents = NULL;
  gsize size;

  /* A retried download starts the part file over. */
  g_assert_true (atelier_output_open (output, &error));
  g_assert_true (atelier_output_write (output, g_bytes_get_data (png, NULL), 64, &error));
  g_assert_true (atelier_output_open (output, &error));
  g_assert_true (atelier_output_write (output, g_bytes_get_data (png, NULL), 20, &error));
  g_assert_cmpint (atelier_output_get_size (output), ==, 20);
  g_assert_true (g_file_get_contents (part, &contents, &size, NULL));
  g_assert_cmpuint (size, ==, 20);

  /* Cancelled or abandoned: dropping it removes the half file. */
  g_clear_object (&output);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

static void
test_rename_fails (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AtelierOutput) output = atelier_output_new (f->base, 0);
  g_autoptr(GBytes) png = fake_png (64);
  g_autoptr(GError) error = NULL;
  g_autofree char *part = path_with (f, ".part");
  g_autofree char *blocker = path_with (f, ".png");
  g_autofree char *inside = g_build_filename (blocker, "keep", NULL);

  /* A non-empty folder where the file should go: rename cannot replace it. */
  g_assert_cmpint (g_mkdir_with_parents (blocker, 0700), ==, 0);
  g_assert_true (g_file_set_contents (inside, "x", 1, NULL));

  g_assert_true (atelier_output_open (output, &error));
  g_assert_true (atelier_output_write (output, g_bytes_get_data (png, NULL), 64, &error));
  g_assert_null (atelier_output_commit (output, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (inside, G_FILE_TEST_EXISTS));
}

static void
test_no_symlink_follow (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(AtelierOutput) output = atelier_output_new (f->base, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (f->base);
  g_autofree char *part = path_with (f, ".part");
  g_autofree char *target = g_build_filename (f->dir, "elsewhere", NULL);

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (target, "precious", -1, NULL));
  g_assert_cmpint (symlink (target, part), ==, 0);

  /* The link is replaced by a file of our own, never written through. */
  g_assert_true (atelier_output_open (output, &error));
  g_assert_no_error (error);
  g_assert_true (atelier_output_write (output, png_head, sizeof png_head - 1, &error));
  g_assert_false (g_file_test (part, G_FILE_TEST_IS_SYMLINK));
  g_clear_object (&output);
  {
    g_autofree char *contents = NULL;
    g_assert_true (g_file_get_contents (target, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "precious");
  }
}

/* A cancelled attempt that ends after its retry began must neither remove
 * nor publish the retry's file. */
static void
test_late_attempt (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(AtelierOutput) late = atelier_output_new (f->base, 0);
  g_autoptr(AtelierOutput) retry = atelier_output_new (f->base, 0);
  g_autoptr(GBytes) png = fake_png (64);
  g_autoptr(GError) error = NULL;
  g_autofree char *part = path_with (f, ".part");
  g_autofree char *path = NULL;

  g_assert_true (atelier_output_open (late, &error));
  g_assert_true (atelier_output_write (late, g_bytes_get_data (png, NULL), 32, &error));
  g_assert_true (atelier_output_open (retry, &error));
  g_assert_true (atelier_output_write (retry, g_bytes_get_data (png, NULL), 64, &error));

  g_assert_null (atelier_output_commit (late, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_object (&late);
  g_assert_true (g_file_test (part, G_FILE_TEST_EXISTS));

  path = atelier_output_commit (retry, &error);
  g_assert_no_error (error);
  {
    g_autofree char *contents = NULL;
    gsize size;
    g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
    g_assert_cmpuint (size, ==, 64);
  }
}

static void
async_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(AtelierOutput) output = atelier_output_new (f->base, 0);
  g_autoptr(GBytes) glb = g_bytes_new_static ("glTF\x02\0\0\0\x0c\0\0\0", 12);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GAsyncResult *result = NULL;

  g_assert_true (atelier_output_open (output, &error));
  atelier_output_write_bytes_async (output, glb, NULL, async_cb, &result);
  g_assert_true (atelier_output_write_bytes_finish (output, wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  atelier_output_commit_async (output, NULL, async_cb, &result);
  path = atelier_output_commit_finish (output, wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (g_str_has_suffix (path, "result-1.glb"));
  g_assert_cmphex (file_mode (path), ==, 0600);
}

static void
test_write_output (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) png = fake_png (4096);
  g_autoptr(GBytes) page = g_bytes_new_static ("<html></html>", 13);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (f->base);
  g_autofree char *path = NULL;

  /* Refused before anything is created. */
  g_assert_null (atelier_write_output (f->base, page, &error));
  g_assert_error (error, ATELIER_HTTP_ERROR, ATELIER_HTTP_ERROR_UNSUPPORTED_TYPE);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  path = atelier_write_output (f->base, png, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (path, "result-1.png"));
  g_assert_cmphex (file_mode (path), ==, 0600);
  g_assert_cmphex (file_mode (folder), ==, 0700);
}

static void
nothing_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  g_task_return_boolean (task, TRUE);
}

/* The main context and the thread pool keep descriptors of their own for
 * the life of the process: let them exist before any count is taken. */
static void
warm_up (void)
{
  GAsyncResult *result = NULL;
  g_autoptr(GTask) task = g_task_new (NULL, NULL, async_cb, &result);

  g_task_run_in_thread (task, nothing_thread);
  g_clear_object (&task);
  g_object_unref (wait_result (&result));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  warm_up ();

  g_test_add_func ("/output/sniff", test_sniff);
#define ADD(path, func) \
  g_test_add ("/output/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("streamed", test_streamed);
  ADD ("cap", test_cap);
  ADD ("unknown-type", test_unknown_type);
  ADD ("short-jpeg", test_short_jpeg);
  ADD ("discarded", test_discarded);
  ADD ("rename-fails", test_rename_fails);
  ADD ("no-symlink-follow", test_no_symlink_follow);
  ADD ("late-attempt", test_late_attempt);
  ADD ("async", test_async);
  ADD ("write-output", test_write_output);
#undef ADD

  return g_test_run ();
}
