/* asset-make-model.c: writes a sandbox model for the script tests and the
 * benchmark: asset-make-model OUT.glb FACES [--normals] [--texture PX FORMAT]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atelier-procedural.h"

int
main (int   argc,
      char *argv[])
{
  AtelierProceduralModel model = { .prompt = "a generated statue", .texture_format = "jpeg" };
  g_autoptr(GBytes) glb = NULL;
  g_autoptr(GError) error = NULL;

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s OUT.glb FACES [--normals] [--texture PX FORMAT] [--prompt P]\n",
               argv[0]);
      return 2;
    }
  model.faces = strtoul (argv[2], NULL, 10);
  for (int i = 3; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--normals"))
        model.with_normals = TRUE;
      else if (g_str_equal (argv[i], "--texture") && i + 2 < argc)
        {
          model.texture_size = strtoul (argv[++i], NULL, 10);
          model.texture_format = argv[++i];
        }
      else if (g_str_equal (argv[i], "--prompt") && i + 1 < argc)
        model.prompt = argv[++i];
      else
        {
          fprintf (stderr, "unknown argument %s\n", argv[i]);
          return 2;
        }
    }

  glb = atelier_procedural_glb (&model, &error);
  if (glb == NULL || !g_file_set_contents (argv[1], g_bytes_get_data (glb, NULL),
                                           g_bytes_get_size (glb), &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  return 0;
}
