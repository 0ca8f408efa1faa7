/* atelier-cli-turntable.c: `atelier-cli turntable MODEL OUT.webp`
 *
 * The same loader and renderer as `render`, headless, one frame per step of
 * a full turn, encoded as a looping animated WebP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "atelier-cli-commands.h"
#include "atelier-turntable.h"

#define MAX_EDGE 4096

static gboolean
parse_size (const char *text,
            int        *width,
            int        *height)
{
  g_auto(GStrv) parts = NULL;
  guint64 w, h;

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
atelier_cli_turntable (int    argc,
                       char **argv)
{
  g_autofree char *size = NULL;
  g_autofree char *mode = NULL;
  int frames = 36, quality = 80;
  double seconds = 3.0;
  gboolean transparent = FALSE;
  GOptionEntry entries[] = {
    { "frames", 'n', 0, G_OPTION_ARG_INT, &frames, N_("Frames in one turn (default 36)"), N_("N") },
    { "size", 's', 0, G_OPTION_ARG_STRING, &size, N_("Frame size (default 512x512)"), N_("WxH") },
    { "mode", 'm', 0, G_OPTION_ARG_STRING, &mode,
      N_("shaded, clay, basecolor, normals, wireframe or uv (default shaded)"), N_("MODE") },
    { "seconds", 0, 0, G_OPTION_ARG_DOUBLE, &seconds, N_("Duration of one turn (default 3)"),
      N_("S") },
    { "quality", 0, 0, G_OPTION_ARG_INT, &quality, N_("WebP quality, 1 to 100 (100: lossless)"),
      N_("Q") },
    { "transparent", 't', 0, G_OPTION_ARG_NONE, &transparent, N_("Transparent background"), NULL },
    { NULL }
  };
  g_autoptr(AtelierGltfScene) scene = NULL;
  g_autoptr(GError) error = NULL;
  AtelierTurntableOptions options;
  gint64 start;

  if (!atelier_cli_parse ("turntable", N_("MODEL OUT.webp"),
                          _("Render a model turning once around as an animated WebP."),
                          entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;

  if (argc != 3)
    {
      fprintf (stderr, "%s\n", _("Usage: atelier-cli turntable MODEL OUT.webp [--frames N] "
                                 "[--size WxH] [--mode shaded|clay|…] [--seconds S]"));
      return ATELIER_CLI_EXIT_USAGE;
    }

  atelier_turntable_options_init (&options);
  if (size != NULL && !parse_size (size, &options.width, &options.height))
    {
      fprintf (stderr, _("atelier-cli turntable: “%s” is not a size like 512x512 (at most %d per side)\n"),
               size, MAX_EDGE);
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (mode != NULL && !atelier_render_mode_from_string (mode, &options.mode))
    {
      fprintf (stderr, _("atelier-cli turntable: unknown mode “%s” (shaded, clay, basecolor, normals, wireframe, uv)\n"),
               mode);
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (frames < 1 || frames > 3600 || !(seconds > 0.0 && seconds <= 3600.0) || quality < 1 ||
      quality > 100)
    {
      fprintf (stderr, "%s\n", _("atelier-cli turntable: --frames must be 1 to 3600, --seconds "
                                 "above 0 and --quality 1 to 100"));
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (!g_str_has_suffix (argv[2], ".webp"))
    {
      fprintf (stderr, "%s\n", _("atelier-cli turntable: OUT must end in .webp (video needs "
                                 "GStreamer, which this build lacks)"));
      return ATELIER_CLI_EXIT_USAGE;
    }
  options.frames = frames;
  options.seconds = seconds;
  options.quality = quality;
  options.transparent = transparent;

  start = g_get_monotonic_time ();
  scene = atelier_gltf_load_file (argv[1], NULL, &error);
  if (scene == NULL)
    {
      fprintf (stderr, _("atelier-cli turntable: cannot load %s: %s\n"), argv[1], error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }
  if (!atelier_turntable_write (scene, argv[2], &options, NULL, NULL, NULL, &error))
    {
      fprintf (stderr, _("atelier-cli turntable: cannot write %s: %s\n"), argv[2], error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }

  printf (_("%s: %u frames of %d×%d, %.1f s per turn (made in %.1f s)\n"), argv[2],
          options.frames, options.width, options.height, options.seconds,
          (g_get_monotonic_time () - start) / 1e6);
  return ATELIER_CLI_EXIT_OK;
}
