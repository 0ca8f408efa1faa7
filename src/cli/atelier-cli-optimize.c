/* atelier-cli-optimize.c: `atelier-cli optimize IN OUT`
 *
 * Simplifies, resizes textures, compresses and converts (by OUT's
 * extension) with the same library the window's export uses. The input is
 * only read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "atelier-cli-commands.h"
#include "atelier-gltf-export.h"

#define USAGE N_("Usage: atelier-cli optimize IN OUT [--faces N | --ratio R] [--texture-size PX] " \
                 "[--texture-format keep|webp|jpeg|png] [--compress none|meshopt|draco] [--json]")

static void
add_stats (JsonBuilder                 *builder,
           const char                  *name,
           AtelierGltfAsset            *asset,
           guint64                      bytes)
{
  const AtelierGltfScene *scene = atelier_gltf_asset_get_scene (asset);
  AtelierGltfAssetStats stats;

  atelier_gltf_asset_get_stats (asset, &stats);
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "faces");
  json_builder_add_int_value (builder, stats.faces);
  json_builder_set_member_name (builder, "vertices");
  json_builder_add_int_value (builder, stats.vertices);
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, bytes);
  json_builder_set_member_name (builder, "texture_memory");
  json_builder_add_int_value (builder, stats.texture_memory);
  json_builder_set_member_name (builder, "textures");
  json_builder_begin_array (builder);
  for (guint i = 0; i < scene->n_images; i++)
    {
      const AtelierGltfImage *image = &scene->images[i];
      GBytes *file = atelier_gltf_asset_get_image_file (asset, i);

      if (file == NULL && image->pixels == NULL)
        continue;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "width");
      json_builder_add_int_value (builder, image->width);
      json_builder_set_member_name (builder, "height");
      json_builder_add_int_value (builder, image->height);
      json_builder_set_member_name (builder, "mime_type");
      json_builder_add_string_value (builder, image->mime_type);
      json_builder_set_member_name (builder, "bytes");
      json_builder_add_int_value (builder, file ? g_bytes_get_size (file) : 0);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
print_json (const char       *in,
            const char       *out,
            AtelierGltfAsset *before,
            guint64           bytes_before,
            AtelierGltfAsset *after,
            guint64           bytes_after,
            double            seconds)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "input");
  json_builder_add_string_value (builder, in);
  json_builder_set_member_name (builder, "output");
  json_builder_add_string_value (builder, out);
  add_stats (builder, "before", before, bytes_before);
  add_stats (builder, "after", after, bytes_after);
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_double_value (builder, seconds);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

static void
print_text (const char       *out,
            AtelierGltfAsset *before,
            guint64           bytes_before,
            AtelierGltfAsset *after,
            guint64           bytes_after,
            double            seconds)
{
  AtelierGltfAssetStats a, b;
  g_autofree char *size_a = g_format_size (bytes_before);
  g_autofree char *size_b = g_format_size (bytes_after);

  atelier_gltf_asset_get_stats (before, &a);
  atelier_gltf_asset_get_stats (after, &b);
  /* Numbers formatted first: a 64-bit format macro inside _() would cut
   * the message short for xgettext. */
  g_autofree char *faces_a = g_strdup_printf ("%'" G_GUINT64_FORMAT, (guint64) a.faces);
  g_autofree char *faces_b = g_strdup_printf ("%'" G_GUINT64_FORMAT, (guint64) b.faces);
  g_autofree char *verts_a = g_strdup_printf ("%'" G_GUINT64_FORMAT, (guint64) a.vertices);
  g_autofree char *verts_b = g_strdup_printf ("%'" G_GUINT64_FORMAT, (guint64) b.vertices);

  /* TRANSLATORS: before → after figures of `atelier-cli optimize` */
  printf (_("%s: %s → %s faces, %s → %s vertices, %s → %s, largest texture %u → %u px (%.1f s)\n"),
          out, faces_a, faces_b, verts_a, verts_b, size_a, size_b, a.max_image_edge,
          b.max_image_edge, seconds);
}

int
atelier_cli_optimize (int    argc,
                      char **argv)
{
  gint64 faces = 0;
  double ratio = 0.0;
  int texture_size = 0, quality = 0;
  g_autofree char *texture_format = NULL;
  g_autofree char *compress = NULL;
  gboolean json = FALSE, quantize = FALSE, lock_borders = FALSE;
  GOptionEntry entries[] = {
    { "faces", 'f', 0, G_OPTION_ARG_INT64, &faces, N_("Target number of faces"), N_("N") },
    { "ratio", 'r', 0, G_OPTION_ARG_DOUBLE, &ratio, N_("Target share of the faces, 0 to 1"), N_("R") },
    { "texture-size", 't', 0, G_OPTION_ARG_INT, &texture_size,
      N_("Largest texture edge in pixels (default: unchanged)"), N_("PX") },
    { "texture-format", 0, 0, G_OPTION_ARG_STRING, &texture_format,
      N_("keep, webp, jpeg or png (default keep)"), N_("FORMAT") },
    { "texture-quality", 0, 0, G_OPTION_ARG_INT, &quality,
      N_("WebP and JPEG quality, 1 to 100 (default 90)"), N_("Q") },
    { "compress", 'c', 0, G_OPTION_ARG_STRING, &compress,
      N_("Geometry compression: none, meshopt or draco (default none)"), N_("METHOD") },
    { "quantize", 'q', 0, G_OPTION_ARG_NONE, &quantize,
      N_("Quantize vertex data (KHR_mesh_quantization; implied by meshopt)"), NULL },
    { "lock-borders", 0, 0, G_OPTION_ARG_NONE, &lock_borders,
      N_("Keep open borders in place while simplifying"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the statistics as JSON"), NULL },
    { NULL }
  };
  g_autoptr(AtelierGltfAsset) source = NULL;
  g_autoptr(AtelierGltfAsset) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) in_file = NULL;
  g_autoptr(GFile) out_file = NULL;
  AtelierGltfOptimizeOptions optimize;
  AtelierGltfWriteOptions write;
  AtelierGltfFileType type;
  AtelierGltfLimits limits;
  GStatBuf st;
  guint64 bytes = 0;
  gint64 start;

  if (!atelier_cli_parse ("optimize", N_("IN OUT"),
                          _("Simplify, compress and convert a model (.glb, .gltf, .obj, .stl)."),
                          entries, &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;

  if (argc != 3)
    {
      fprintf (stderr, "%s\n", _(USAGE));
      return ATELIER_CLI_EXIT_USAGE;
    }

  atelier_gltf_optimize_options_init (&optimize);
  atelier_gltf_write_options_init (&write);
  if (faces != 0 && ratio != 0.0)
    {
      fprintf (stderr, "%s\n", _("atelier-cli optimize: give --faces or --ratio, not both"));
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (faces < 0 || (ratio != 0.0 && !(ratio > 0.0 && ratio <= 1.0)))
    {
      fprintf (stderr, "%s\n",
               _("atelier-cli optimize: --faces must be at least 1 and --ratio between 0 and 1"));
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (texture_size < 0 || texture_size > 16384 || quality < 0 || quality > 100)
    {
      fprintf (stderr, "%s\n", _("atelier-cli optimize: --texture-size must be 1 to 16384 and "
                                 "--texture-quality 1 to 100"));
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (texture_format != NULL &&
      !atelier_gltf_texture_format_from_string (texture_format, &optimize.texture_format))
    {
      fprintf (stderr, _("atelier-cli optimize: unknown texture format “%s” (keep, webp, jpeg, png)\n"),
               texture_format);
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (compress != NULL && !atelier_gltf_compression_from_string (compress, &write.compression))
    {
      fprintf (stderr, _("atelier-cli optimize: unknown compression “%s” (none, meshopt, draco)\n"),
               compress);
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (!atelier_gltf_file_type_from_path (argv[2], &type))
    {
      fprintf (stderr, _("atelier-cli optimize: “%s” must end in .glb, .gltf, .obj or .stl\n"),
               argv[2]);
      return ATELIER_CLI_EXIT_USAGE;
    }
  in_file = g_file_new_for_commandline_arg (argv[1]);
  out_file = g_file_new_for_commandline_arg (argv[2]);
  if (g_file_equal (in_file, out_file))
    {
      fprintf (stderr, "%s\n", _("atelier-cli optimize: OUT must not be IN (the input is never "
                                 "overwritten)"));
      return ATELIER_CLI_EXIT_USAGE;
    }
  if (!atelier_gltf_compression_available (write.compression))
    {
      fprintf (stderr, _("atelier-cli optimize: %s compression is not available in this build\n"),
               compress);
      return ATELIER_CLI_EXIT_FAILED;
    }

  optimize.target_faces = faces;
  optimize.target_ratio = ratio != 0.0 ? ratio : 1.0;
  optimize.texture_size = texture_size;
  optimize.texture_quality = quality;
  optimize.lock_borders = lock_borders;
  write.quantize = quantize;

  start = g_get_monotonic_time ();
  /* Images are decoded only where they change, by the optimizer. */
  atelier_gltf_limits_init (&limits);
  limits.decode_images = FALSE;
  source = atelier_gltf_asset_load (argv[1], &limits, NULL, NULL, NULL, &error);
  if (source == NULL)
    {
      fprintf (stderr, _("atelier-cli optimize: cannot load %s: %s\n"), argv[1], error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }

  result = atelier_gltf_optimize (source, &optimize, NULL, NULL, NULL, &error);
  if (result == NULL ||
      !atelier_gltf_asset_export (result, argv[2], &write, NULL, &bytes, &error))
    {
      fprintf (stderr, _("atelier-cli optimize: cannot write %s: %s\n"), argv[2], error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }

  if (g_stat (argv[1], &st) != 0)
    st.st_size = 0;
  if (json)
    print_json (argv[1], argv[2], source, st.st_size, result, bytes,
                (g_get_monotonic_time () - start) / 1e6);
  else
    print_text (argv[2], source, st.st_size, result, bytes,
                (g_get_monotonic_time () - start) / 1e6);
  return ATELIER_CLI_EXIT_OK;
}
