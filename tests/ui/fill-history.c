/* fill-history.c: a large history for the end-to-end gallery test
 *
 * fill-history HISTORY.db N [DISTINCT]: N finished OpenAI jobs, oldest
 * first, each with one image (every tenth with two), the images being
 * DISTINCT copies (default 100) of one made by the sandbox's generator,
 * so thumbnails really decode. The oldest job's prompt is "the very first
 * aardvark"; the others are "job I: lazy cats in black and gold".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "atelier-history.h"
#include "atelier-param.h"
#include "atelier-procedural.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierHistory) history = NULL;
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) png = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *dir = NULL;
  guint n, distinct;

  if (argc < 3)
    {
      g_printerr ("usage: fill-history HISTORY.db N [DISTINCT]\n");
      return 2;
    }
  n = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  distinct = argc > 3 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) : 100;
  distinct = MAX (distinct, 1);

  parent = g_path_get_dirname (argv[1]);
  dir = g_build_filename (parent, "gallery-images", NULL);
  g_mkdir_with_parents (dir, 0700);
  png = atelier_procedural_image ("lazy cats in black and gold", NULL, 256, 256,
                                  "graphic", "png", FALSE, &error);
  if (png == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < distinct; i++)
    {
      g_autofree char *name = g_strdup_printf ("cats-%04u.png", i);
      char *path = g_build_filename (dir, name, NULL);

      if (!g_file_set_contents (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png), &error))
        g_error ("%s", error->message);
      g_ptr_array_add (images, path);
    }

  history = atelier_history_open (argv[1], &error);
  if (history == NULL)
    g_error ("%s", error->message);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GHashTable) params = atelier_params_new ();
      AtelierJob *job;

      g_hash_table_insert (params, g_strdup ("prompt"),
                           i == 0 ? g_strdup ("the very first aardvark")
                                  : g_strdup_printf ("job %u: lazy cats in black and gold", i));
      job = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, params);
      atelier_job_add_output (job, g_ptr_array_index (images, i % distinct));
      if (i % 10 == 5)
        atelier_job_add_output (job, g_ptr_array_index (images, (i + 1) % distinct));
      atelier_job_set_status (job, ATELIER_JOB_STATUS_DONE);
      g_ptr_array_add (jobs, job);
    }
  if (!atelier_history_save_all (history, jobs, &error))
    g_error ("%s", error->message);
  g_print ("%u jobs in %s\n", n, argv[1]);
  return 0;
}
