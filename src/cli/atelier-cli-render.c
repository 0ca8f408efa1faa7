/* atelier-cli-render.c: `atelier-cli render MODEL OUT.png`
 *
 * Loads with the same loader and draws with the same renderer as the viewer,
 * in a headless EGL context: no display needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "atelier-cli-commands.h"
#include "atelier-gltf.h"
#include "atelier-headless.h"

#define MAX_EDGE 8192

static gboolean
parse_size (const char *text,
            int        *width,
            int        *height)
{
  g_auto(GStrv) parts = NULL;
  guint64 w, h;

  if (text == NULL)
    return FALSE;
  parts = g_strsplit_set (text, "xX×", 2);
  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 1, MAX_EDGE, &w, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, MAX_EDGE, &h, NULL))
    return FALSE;
  *width = w;
  *height = h;
  return TRUE;
}

int
atelier_cli_render (int    argc,
                    char **argv)
{
  g_autofree char *size = NULL;
  g_autofree char *mode = NULL;
  gboolean transparent = FALSE, grid = FALSE, verbose = FALSE;
  int samples = -1;
  GOptionEntry entries[] = {
    { "size", 's', 0, G_OPTION_ARG_STRING, &size, N_("Image size (default 1280x800)"), N_("WxH") },
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &mode,
      N_("shaded, clay, basecolor, normals, wireframe or uv (default shaded)"), N_("MODE") },
    { "transparent", 't', 0, G_OPTION_ARG_NONE, &transparent, N_("Transparent background"), NULL },
    { "grid", 'g', 0, G_OPTION_ARG_NONE, &grid, N_("Draw the ground grid, as the viewer does"), NULL },
    { "samples", 0, 0, G_OPTION_ARG_INT, &samples, N_("Multisampling samples (0 = off; default: 4 unless software GL and a big model)"), N_("N") },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, N_("Print timings and statistics"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  AtelierHeadlessOptions options;
  AtelierHeadlessReport report;

  if (!atelier_cli_parse ("render", N_("MODEL OUT.png"),
                          _("Render a glTF or GLB model to a PNG without a window."),
                          entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;

  if (argc != 3)
    {
      fprintf (stderr, "%s\n", _("Usage: atelier-cli render MODEL OUT.png [--size WxH] "
                                 "[--mode shaded|clay|basecolor|normals|wireframe|uv] [--transparent]"));
      return ATELIER_CLI_EXIT_USAGE;
    }

  atelier_headless_options_init (&options);
  options.transparent = transparent;
  /* Off by default: a picture for a script or a page wants the model alone. */
  options.show_grid = grid;
  options.samples = samples < 0 ? -1 : MIN (samples, 16);
  if (size && !parse_size (size, &options.width, &options.height))
    {
      fprintf (stderr, _("atelier-cli render: “%s” is not a size like 1280x800 (at most %d per side)\n"),
               size, MAX_EDGE);
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (mode && !atelier_render_mode_from_string (mode, &options.mode))
    {
      fprintf (stderr, _("atelier-cli render: unknown mode “%s” (shaded, clay, basecolor, normals, wireframe, uv)\n"),
               mode);
      return ATELIER_CLI_EXIT_USAGE;
    }

  if (!atelier_headless_render_file_png (argv[1], NULL, &options, argv[2], &report, &error))
    {
      fprintf (stderr, "atelier-cli render: %s\n", error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }

  if (verbose)
    {
      g_autofree char *triangles = g_strdup_printf ("%" G_GUINT64_FORMAT, report.triangles);

      printf (_("%s: %s triangles, loaded in %.0f ms (while GL started), PNG written after %.0f ms\n"),
              argv[2], triangles, report.load_ms, report.total_ms);
    }
  return ATELIER_CLI_EXIT_OK;
}
