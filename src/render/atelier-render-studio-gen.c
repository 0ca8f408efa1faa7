/* atelier-render-studio-gen.c: writes the studio environment for the build
 *
 * `atelier-render-studio-gen OUT`: see atelier-render-studio.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib.h>
#include <stdio.h>

#include "atelier-render-studio.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GBytes) blob = NULL;
  g_autoptr(GError) error = NULL;

  if (argc != 2)
    {
      fprintf (stderr, "Usage: %s OUT\n", argv[0]);
      return 2;
    }
  blob = atelier_render_studio_compute ();
  if (!g_file_set_contents (argv[1], g_bytes_get_data (blob, NULL), g_bytes_get_size (blob), &error))
    {
      fprintf (stderr, "%s: %s\n", argv[0], error->message);
      return 1;
    }
  return 0;
}
