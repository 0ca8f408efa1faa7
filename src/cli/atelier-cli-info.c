/* atelier-cli-info.c: `atelier-cli info FILE [--json]`, the glTF loader's summary
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "atelier-cli-commands.h"
#include "atelier-gltf.h"

static guint
count_primitives (const AtelierGltfScene *scene)
{
  guint n = 0;

  for (guint i = 0; i < scene->n_meshes; i++)
    n += scene->meshes[i].n_primitives;
  return n;
}

static void
add_strv (JsonBuilder *builder,
          const char  *name,
          GStrv        strv)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_builder_add_string_value (builder, strv[i]);
  json_builder_end_array (builder);
}

static void
add_vec3 (JsonBuilder *builder,
          const char  *name,
          const float *v)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < 3; i++)
    json_builder_add_double_value (builder, v[i]);
  json_builder_end_array (builder);
}

static void
print_json (const char             *path,
            const AtelierGltfScene *scene)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, path);
  json_builder_set_member_name (builder, "file_size");
  json_builder_add_int_value (builder, scene->file_size);
  json_builder_set_member_name (builder, "scenes");
  json_builder_add_int_value (builder, scene->n_scenes);
  json_builder_set_member_name (builder, "nodes");
  json_builder_add_int_value (builder, scene->n_nodes);
  json_builder_set_member_name (builder, "meshes");
  json_builder_add_int_value (builder, scene->n_meshes);
  json_builder_set_member_name (builder, "primitives");
  json_builder_add_int_value (builder, count_primitives (scene));
  json_builder_set_member_name (builder, "instances");
  json_builder_add_int_value (builder, scene->n_instances);
  json_builder_set_member_name (builder, "vertices");
  json_builder_add_int_value (builder, scene->n_vertices);
  json_builder_set_member_name (builder, "triangles");
  json_builder_add_int_value (builder, scene->n_triangles);
  json_builder_set_member_name (builder, "materials");
  json_builder_add_int_value (builder, scene->n_materials);

  json_builder_set_member_name (builder, "textures");
  json_builder_begin_array (builder);
  for (guint i = 0; i < scene->n_textures; i++)
    {
      const AtelierGltfTexture *t = &scene->textures[i];
      const AtelierGltfImage *image = t->image >= 0 ? &scene->images[t->image] : NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "image");
      json_builder_add_int_value (builder, t->image);
      if (image != NULL)
        {
          json_builder_set_member_name (builder, "format");
          json_builder_add_string_value (builder, image->mime_type);
          json_builder_set_member_name (builder, "width");
          json_builder_add_int_value (builder, image->width);
          json_builder_set_member_name (builder, "height");
          json_builder_add_int_value (builder, image->height);
          json_builder_set_member_name (builder, "decoded");
          json_builder_add_boolean_value (builder, image->pixels != NULL);
          if (image->error != NULL)
            {
              json_builder_set_member_name (builder, "error");
              json_builder_add_string_value (builder, image->error);
            }
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  add_strv (builder, "extensions_used", scene->extensions_used);
  add_strv (builder, "extensions_required", scene->extensions_required);
  json_builder_set_member_name (builder, "bounds");
  json_builder_begin_object (builder);
  add_vec3 (builder, "min", scene->min);
  add_vec3 (builder, "max", scene->max);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

static char *
join_or_none (GStrv strv)
{
  if (strv == NULL || strv[0] == NULL)
    return g_strdup (_("none"));
  return g_strjoinv (", ", strv);
}

static void
print_text (const char             *path,
            const AtelierGltfScene *scene)
{
  g_autofree char *used = join_or_none (scene->extensions_used);
  g_autofree char *required = join_or_none (scene->extensions_required);
  g_autofree char *size = g_format_size (scene->file_size);

  printf ("%s (%s)\n", path, size);
  printf ("%-21s %u\n", _("Scenes:"), scene->n_scenes);
  printf ("%-21s %u\n", _("Nodes:"), scene->n_nodes);
  printf ("%-21s %u\n", _("Meshes:"), scene->n_meshes);
  printf ("%-21s %u\n", _("Primitives:"), count_primitives (scene));
  printf ("%-21s %u\n", _("Instances:"), scene->n_instances);
  printf ("%-21s %" G_GUINT64_FORMAT "\n", _("Vertices:"), scene->n_vertices);
  printf ("%-21s %" G_GUINT64_FORMAT "\n", _("Triangles:"), scene->n_triangles);
  printf ("%-21s %u\n", _("Materials:"), scene->n_materials);
  printf ("%-21s %u\n", _("Textures:"), scene->n_textures);
  for (guint i = 0; i < scene->n_textures; i++)
    {
      const AtelierGltfTexture *t = &scene->textures[i];
      const AtelierGltfImage *image = t->image >= 0 ? &scene->images[t->image] : NULL;

      if (image == NULL)
        printf (_("  %u: no image\n"), i);
      else if (image->error != NULL)
        printf (_("  %u: %s %d×%d, not decoded: %s\n"), i,
                image->mime_type ? image->mime_type : _("unknown format"),
                image->width, image->height, image->error);
      else
        printf ("  %u: %s %d×%d\n", i, image->mime_type, image->width, image->height);
    }
  printf ("%-21s %s\n", _("Extensions used:"), used);
  printf ("%-21s %s\n", _("Extensions required:"), required);
  printf ("%-21s (%g, %g, %g) – (%g, %g, %g)\n", _("Bounds:"), scene->min[0], scene->min[1],
          scene->min[2], scene->max[0], scene->max[1], scene->max[2]);
}

int
atelier_cli_info (int argc, char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the summary as JSON"), NULL },
    { NULL }
  };
  g_autoptr(AtelierGltfScene) scene = NULL;
  g_autoptr(GError) error = NULL;

  if (!atelier_cli_parse ("info", _("FILE"), _("Summarise a glTF or GLB file."), entries,
                          &argc, &argv))
    return ATELIER_CLI_EXIT_USAGE;

  if (argc != 2)
    {
      fprintf (stderr, "%s\n", _("Usage: atelier-cli info FILE [--json]"));
      return ATELIER_CLI_EXIT_USAGE;
    }

  scene = atelier_gltf_load_file (argv[1], NULL, &error);
  if (scene == NULL)
    {
      fprintf (stderr, "atelier-cli info: %s: %s\n", argv[1], error->message);
      return ATELIER_CLI_EXIT_FAILED;
    }

  if (json)
    print_json (argv[1], scene);
  else
    print_text (argv[1], scene);

  return ATELIER_CLI_EXIT_OK;
}
