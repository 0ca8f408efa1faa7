/* asset-test-util.c: fixtures and scene comparison for the asset tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "asset-test-util.h"
#include "atelier-procedural.h"

static GPtrArray *tmpdirs;

char *
asset_test_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("atelier-asset-XXXXXX", &error);

  g_assert_no_error (error);
  if (tmpdirs == NULL)
    tmpdirs = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (tmpdirs, g_strdup (dir));
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
asset_test_run (void)
{
  int status = g_test_run ();

  /* Kept for a look when something failed and ATELIER_KEEP_TEST_FILES is set. */
  if (tmpdirs != NULL && g_getenv ("ATELIER_KEEP_TEST_FILES") == NULL)
    for (guint i = 0; i < tmpdirs->len; i++)
      remove_tree (g_ptr_array_index (tmpdirs, i));
  g_clear_pointer (&tmpdirs, g_ptr_array_unref);
  return status;
}

char *
asset_test_procedural (const char *dir,
                       const char *prompt,
                       guint       faces,
                       gboolean    normals,
                       guint       texture_size,
                       const char *texture_format)
{
  AtelierProceduralModel model = {
    .prompt = prompt,
    .faces = faces,
    .with_normals = normals,
    .texture_size = texture_size,
    .texture_format = texture_format,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) glb = atelier_procedural_glb (&model, &error);
  g_autofree char *name = g_strdup_printf ("%s-%u-%s-%u%s.glb", prompt, faces,
                                           normals ? "n" : "nn", texture_size,
                                           texture_format ? texture_format : "");
  char *path;

  g_assert_no_error (error);
  g_strdelimit (name, " /", '_');
  path = g_build_filename (dir, name, NULL);
  g_file_set_contents (path, g_bytes_get_data (glb, NULL), g_bytes_get_size (glb), &error);
  g_assert_no_error (error);
  return path;
}

char *
asset_test_corpus_file (const char *name)
{
  const char *shared = g_getenv ("ATELIER_SHARED_DIR");
  char *path;

  if (shared == NULL)
    return NULL;
  path = g_build_filename (shared, "gltf-corpus", "real", name, NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    g_clear_pointer (&path, g_free);
  return path;
}

static void
transform (const float *m,
           const float *p,
           double      *out)
{
  for (guint r = 0; r < 3; r++)
    out[r] = (double) m[r] * p[0] + (double) m[4 + r] * p[1] + (double) m[8 + r] * p[2] + m[12 + r];
}

/* Equal, or within @tol for most elements (@slack: the share that may be off,
 * for attributes recomputed from quantized data). */
static void
assert_floats (const char  *what,
               const float *a,
               const float *b,
               gsize        n,
               double       tol,
               double       slack)
{
  gsize off = 0;

  g_assert_true ((a == NULL) == (b == NULL));
  if (a == NULL)
    return;
  if (tol == 0.0)
    {
      if (memcmp (a, b, n * sizeof (float)) != 0)
        g_error ("%s differ", what);
      return;
    }
  for (gsize i = 0; i < n; i++)
    if (!(fabs ((double) a[i] - b[i]) <= tol))
      off++;
  if (off > slack * n)
    g_error ("%s: %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " values differ by more than %g",
             what, off, n, tol);
}

void
asset_test_assert_same (const AtelierGltfScene *a,
                        const AtelierGltfScene *b,
                        double                  tolerance,
                        gboolean                pixels)
{
  double size = 0.0;

  for (guint k = 0; k < 3; k++)
    size = MAX (size, (double) a->max[k] - a->min[k]);
  size = MAX (size, 1e-6);

  g_assert_cmpuint (a->n_meshes, ==, b->n_meshes);
  g_assert_cmpuint (a->n_materials, ==, b->n_materials);
  g_assert_cmpuint (a->n_textures, ==, b->n_textures);
  g_assert_cmpuint (a->n_samplers, ==, b->n_samplers);
  g_assert_cmpuint (a->n_instances, ==, b->n_instances);
  g_assert_cmpuint (a->n_triangles, ==, b->n_triangles);
  g_assert_cmpuint (a->n_vertices, ==, b->n_vertices);
  for (guint k = 0; k < 3; k++)
    {
      g_assert_cmpfloat_with_epsilon (a->min[k], b->min[k], tolerance * size + 1e-6);
      g_assert_cmpfloat_with_epsilon (a->max[k], b->max[k], tolerance * size + 1e-6);
    }

  for (guint m = 0; m < a->n_meshes; m++)
    {
      g_assert_cmpuint (a->meshes[m].n_primitives, ==, b->meshes[m].n_primitives);
      g_assert_cmpstr (a->meshes[m].name, ==, b->meshes[m].name);
      for (guint j = 0; j < a->meshes[m].n_primitives; j++)
        {
          const AtelierGltfPrimitive *pa = &a->meshes[m].primitives[j];
          const AtelierGltfPrimitive *pb = &b->meshes[m].primitives[j];
          gsize n = pa->vertex_count;
          double tol = tolerance * 10;
          double slack = tolerance > 0 ? 0.01 : 0.0;

          g_assert_cmpint (pa->mode, ==, pb->mode);
          g_assert_cmpuint (pa->vertex_count, ==, pb->vertex_count);
          g_assert_cmpuint (pa->index_count, ==, pb->index_count);
          g_assert_cmpint (pa->material, ==, pb->material);
          g_assert_true ((pa->indices == NULL) == (pb->indices == NULL));
          if (pa->indices != NULL && (tolerance == 0.0 || pa->mode != ATELIER_GLTF_MODE_TRIANGLES))
            g_assert_cmpmem (pa->indices, pa->index_count * 4, pb->indices, pb->index_count * 4);
          else if (pa->indices != NULL)
            {
              /* meshopt's index codec may rotate a triangle (same winding). */
              for (guint32 t = 0; t + 2 < pa->index_count; t += 3)
                {
                  const guint32 *x = pa->indices + t, *y = pb->indices + t;
                  gboolean same = FALSE;

                  for (guint r = 0; r < 3 && !same; r++)
                    same = x[0] == y[r] && x[1] == y[(r + 1) % 3] && x[2] == y[(r + 2) % 3];
                  if (!same)
                    g_error ("triangle %u: %u %u %u vs %u %u %u", t / 3, x[0], x[1], x[2],
                             y[0], y[1], y[2]);
                }
            }

          if (tolerance == 0.0)
            assert_floats ("positions", pa->positions, pb->positions, n * 3, 0, 0);
          /* Normals are 8-bit when quantized, or recomputed from moved positions. */
          assert_floats ("normals", pa->normals, pb->normals, n * 3,
                         tolerance > 0 ? MAX (tol, 0.02) : 0.0, slack);
          assert_floats ("texcoords0", pa->texcoords0, pb->texcoords0, n * 2, tol, 0);
          assert_floats ("texcoords1", pa->texcoords1, pb->texcoords1, n * 2, tol, 0);
          assert_floats ("colors", pa->colors, pb->colors, n * 4, tol, 0);
          /* Tangents may be generated on load, from normals that moved. */
          if (pa->tangents != NULL && pb->tangents != NULL)
            assert_floats ("tangents", pa->tangents, pb->tangents, n * 4, MAX (tol, 0.05),
                           tolerance > 0 ? 0.05 : 0.0);
        }
    }

  for (guint i = 0; i < a->n_instances; i++)
    {
      const AtelierGltfInstance *ia = &a->instances[i];
      const AtelierGltfInstance *ib = &b->instances[i];
      const AtelierGltfMesh *mesh = &a->meshes[ia->mesh];

      g_assert_cmpint (ia->mesh, ==, ib->mesh);
      if (tolerance == 0.0)
        {
          g_assert_cmpmem (ia->world, sizeof ia->world, ib->world, sizeof ib->world);
          continue;
        }
      for (guint j = 0; j < mesh->n_primitives; j++)
        {
          const AtelierGltfPrimitive *pa = &mesh->primitives[j];
          const AtelierGltfPrimitive *pb = &b->meshes[ib->mesh].primitives[j];

          for (guint32 v = 0; v < pa->vertex_count; v++)
            {
              double wa[3], wb[3];

              transform (ia->world, pa->positions + (gsize) v * 3, wa);
              transform (ib->world, pb->positions + (gsize) v * 3, wb);
              for (guint k = 0; k < 3; k++)
                if (!(fabs (wa[k] - wb[k]) <= tolerance * size))
                  g_error ("instance %u, vertex %u: %g vs %g (tolerance %g)", i, v, wa[k], wb[k],
                           tolerance * size);
            }
        }
    }

  for (guint i = 0; i < a->n_materials; i++)
    {
      const AtelierGltfMaterial *ma = &a->materials[i];
      const AtelierGltfMaterial *mb = &b->materials[i];

      g_assert_cmpstr (ma->name, ==, mb->name);
      g_assert_cmpmem (ma->base_color_factor, sizeof ma->base_color_factor,
                       mb->base_color_factor, sizeof mb->base_color_factor);
      g_assert_cmpfloat (ma->metallic_factor, ==, mb->metallic_factor);
      g_assert_cmpfloat (ma->roughness_factor, ==, mb->roughness_factor);
      g_assert_cmpmem (ma->emissive_factor, sizeof ma->emissive_factor,
                       mb->emissive_factor, sizeof mb->emissive_factor);
      g_assert_cmpfloat (ma->emissive_strength, ==, mb->emissive_strength);
      g_assert_cmpmem (&ma->base_color, sizeof ma->base_color, &mb->base_color, sizeof mb->base_color);
      g_assert_cmpmem (&ma->metallic_roughness, sizeof ma->metallic_roughness,
                       &mb->metallic_roughness, sizeof mb->metallic_roughness);
      g_assert_cmpmem (&ma->normal, sizeof ma->normal, &mb->normal, sizeof mb->normal);
      g_assert_cmpmem (&ma->occlusion, sizeof ma->occlusion, &mb->occlusion, sizeof mb->occlusion);
      g_assert_cmpmem (&ma->emissive, sizeof ma->emissive, &mb->emissive, sizeof mb->emissive);
      g_assert_cmpint (ma->alpha_mode, ==, mb->alpha_mode);
      g_assert_cmpfloat (ma->alpha_cutoff, ==, mb->alpha_cutoff);
      g_assert_cmpint (ma->double_sided, ==, mb->double_sided);
      g_assert_cmpint (ma->unlit, ==, mb->unlit);
    }

  g_assert_cmpmem (a->textures, a->n_textures * sizeof (AtelierGltfTexture),
                   b->textures, b->n_textures * sizeof (AtelierGltfTexture));
  g_assert_cmpmem (a->samplers, a->n_samplers * sizeof (AtelierGltfSampler),
                   b->samplers, b->n_samplers * sizeof (AtelierGltfSampler));

  g_assert_cmpuint (a->n_images, ==, b->n_images);
  for (guint i = 0; i < a->n_images; i++)
    {
      const AtelierGltfImage *ia = &a->images[i];
      const AtelierGltfImage *ib = &b->images[i];

      g_assert_cmpstr (ia->mime_type, ==, ib->mime_type);
      g_assert_cmpint (ia->width, ==, ib->width);
      g_assert_cmpint (ia->height, ==, ib->height);
      if (pixels && ia->pixels != NULL)
        {
          g_assert_nonnull (ib->pixels);
          g_assert_true (memcmp (ia->pixels, ib->pixels, (gsize) ia->width * ia->height * 4) == 0);
        }
    }
}
