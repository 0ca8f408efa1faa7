/* atelier-thumbnailer.c: `atelier-thumbnailer -s SIZE INPUT OUTPUT`
 *
 * The freedesktop thumbnailer convention: file managers run this with the
 * requested edge, the input (a path or a URI) and where to write the PNG.
 * The model is framed on a transparent background, without the grid, so
 * it sits well on any file manager theme.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-thumbnailer"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "atelier-gltf.h"
#include "atelier-headless.h"

/* A thumbnailer is run on whatever lands in Downloads: keep it cheap. */
#define MAX_FILE_SIZE    (256 * 1024 * 1024)
#define MAX_DECODED      (1024 * 1024 * 1024)

int
main (int   argc,
      char *argv[])
{
  int size = 256;
  GOptionEntry entries[] = {
    { "size", 's', 0, G_OPTION_ARG_INT, &size, N_("Edge of the thumbnail in pixels"), N_("SIZE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) input = NULL;
  g_autofree char *path = NULL;
  AtelierGltfLimits limits;
  AtelierHeadlessOptions options;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("INPUT OUTPUT"));
  g_option_context_set_summary (context, _("Draw a thumbnail of a glTF or GLB model."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      fprintf (stderr, "atelier-thumbnailer: %s\n", error->message);
      return 2;
    }
  if (argc != 3 || size < 1 || size > 4096)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      fprintf (stderr, "%s", help);
      return 2;
    }

  /* %i is a path and %u a URI; accept either. */
  input = g_file_new_for_commandline_arg (argv[1]);
  path = g_file_get_path (input);
  if (path == NULL)
    {
      fprintf (stderr, _("atelier-thumbnailer: %s is not a local file\n"), argv[1]);
      return 1;
    }

  atelier_gltf_limits_init (&limits);
  limits.max_file_size = MIN (limits.max_file_size, MAX_FILE_SIZE);
  limits.max_decoded_bytes = MIN (limits.max_decoded_bytes, MAX_DECODED);
  atelier_headless_options_init (&options);
  options.width = options.height = size;
  options.transparent = TRUE;
  options.show_grid = FALSE;
  if (!atelier_headless_render_file_png (path, &limits, &options, argv[2], NULL, &error))
    {
      fprintf (stderr, "atelier-thumbnailer: %s\n", error->message);
      return 1;
    }
  return 0;
}
