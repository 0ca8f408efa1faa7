/* fuzz-replay.c: runs a libFuzzer harness over stored inputs, in any build
 *
 * Linked with a harness instead of libFuzzer's main: each file under the
 * directories given (seeds, and inputs that once crashed the harness,
 * named crash-*) becomes a test, so those inputs are checked by every
 * build, not only a clang fuzzing one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gio.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
replay (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  g_assert_no_error (error);
  g_assert_cmpint (LLVMFuzzerTestOneInput ((const uint8_t *) contents, len), ==, 0);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

int
main (int   argc,
      char *argv[])
{
  guint n = 0;

  g_test_init (&argc, &argv, NULL);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GDir) dir = g_dir_open (argv[i], 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      if (dir == NULL)
        g_error ("Cannot read %s", argv[i]);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_names);

      for (guint j = 0; j < names->len; j++)
        {
          const char *file = g_ptr_array_index (names, j);
          g_autofree char *test_path = g_strdup_printf ("/fuzz/replay/%s", file);

          g_test_add_data_func_full (test_path, g_build_filename (argv[i], file, NULL), replay,
                                     g_free);
          n++;
        }
    }

  if (n == 0)
    g_error ("No inputs to replay");
  return g_test_run ();
}
