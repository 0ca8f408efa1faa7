/* render-fixtures.c: small scenes built in code for the render tests
 *
 * The loader's scene_free belongs to the loader; these scenes are made and
 * freed here so the renderer can be tested on its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "render-fixtures.h"

static void
ref_none (AtelierGltfTextureRef *ref)
{
  memset (ref, 0, sizeof *ref);
  ref->texture = -1;
  ref->scale = 1;
  ref->uv_scale[0] = ref->uv_scale[1] = 1;
}

void
fixture_texture_ref (AtelierGltfTextureRef *ref,
                     int                    texture)
{
  ref_none (ref);
  ref->texture = texture;
}

AtelierGltfScene *
fixture_scene_new (const float   *positions,
                   const float   *normals,
                   const float   *texcoords,
                   guint32        vertex_count,
                   const guint32 *indices,
                   guint32        index_count)
{
  AtelierGltfScene *scene = g_new0 (AtelierGltfScene, 1);
  AtelierGltfPrimitive *p;
  AtelierGltfMaterial *m;

  scene->n_meshes = 1;
  scene->meshes = g_new0 (AtelierGltfMesh, 1);
  scene->meshes[0].n_primitives = 1;
  scene->meshes[0].primitives = p = g_new0 (AtelierGltfPrimitive, 1);

  p->mode = ATELIER_GLTF_MODE_TRIANGLES;
  p->vertex_count = vertex_count;
  p->positions = g_memdup2 (positions, vertex_count * 3 * sizeof (float));
  if (normals)
    p->normals = g_memdup2 (normals, vertex_count * 3 * sizeof (float));
  if (texcoords)
    p->texcoords0 = g_memdup2 (texcoords, vertex_count * 2 * sizeof (float));
  if (indices)
    {
      p->indices = g_memdup2 (indices, index_count * sizeof (guint32));
      p->index_count = index_count;
    }
  p->material = 0;
  for (int c = 0; c < 3; c++)
    {
      p->min[c] = G_MAXFLOAT;
      p->max[c] = -G_MAXFLOAT;
    }
  for (guint32 v = 0; v < vertex_count; v++)
    for (int c = 0; c < 3; c++)
      {
        p->min[c] = MIN (p->min[c], positions[v * 3 + c]);
        p->max[c] = MAX (p->max[c], positions[v * 3 + c]);
      }
  memcpy (scene->min, p->min, sizeof p->min);
  memcpy (scene->max, p->max, sizeof p->max);

  scene->n_materials = 1;
  scene->materials = m = g_new0 (AtelierGltfMaterial, 1);
  m->name = g_strdup ("fixture");
  for (int c = 0; c < 4; c++)
    m->base_color_factor[c] = 1;
  m->metallic_factor = 0;
  m->roughness_factor = 0.5f;
  m->emissive_strength = 1;
  ref_none (&m->base_color);
  ref_none (&m->metallic_roughness);
  ref_none (&m->normal);
  ref_none (&m->occlusion);
  ref_none (&m->emissive);
  m->alpha_mode = ATELIER_GLTF_ALPHA_OPAQUE;
  m->alpha_cutoff = 0.5f;

  scene->n_instances = 1;
  scene->instances = g_new0 (AtelierGltfInstance, 1);
  scene->instances[0].mesh = 0;
  for (int i = 0; i < 4; i++)
    scene->instances[0].world[i * 5] = 1;

  scene->n_scenes = 1;
  scene->n_nodes = 1;
  scene->n_vertices = vertex_count;
  scene->n_triangles = (indices ? index_count : vertex_count) / 3;
  return scene;
}

AtelierGltfMaterial *
fixture_material (AtelierGltfScene *scene)
{
  return &scene->materials[0];
}

int
fixture_add_texture (AtelierGltfScene *scene,
                     const guint8     *rgba,
                     int               width,
                     int               height)
{
  AtelierGltfImage *image;
  AtelierGltfTexture *texture;

  scene->images = g_renew (AtelierGltfImage, scene->images, scene->n_images + 1);
  image = &scene->images[scene->n_images];
  memset (image, 0, sizeof *image);
  image->mime_type = g_strdup ("image/png");
  image->width = width;
  image->height = height;
  image->pixels = g_memdup2 (rgba, (gsize) width * height * 4);

  scene->textures = g_renew (AtelierGltfTexture, scene->textures, scene->n_textures + 1);
  texture = &scene->textures[scene->n_textures];
  texture->image = scene->n_images++;
  texture->sampler = -1;
  return scene->n_textures++;
}

AtelierGltfScene *
fixture_quad (gboolean with_normals)
{
  static const float pos[] = { -1, -1, 0,  1, -1, 0,  1, 1, 0,  -1, 1, 0 };
  static const float nrm[] = { 0, 0, 1,  0, 0, 1,  0, 0, 1,  0, 0, 1 };
  static const float uv[] = { 0, 1,  1, 1,  1, 0,  0, 0 };
  static const guint32 idx[] = { 0, 1, 2,  0, 2, 3 };

  return fixture_scene_new (pos, with_normals ? nrm : NULL, uv, 4, idx, 6);
}

AtelierGltfScene *
fixture_cube (gboolean with_normals)
{
  /* Each face: normal axis, and the two in-plane axes (u, v). */
  static const int faces[6][3] = {
    { 0, 2, 1 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 0, 2 }, { 2, 0, 1 }, { 2, 0, 1 },
  };
  float pos[24 * 3], nrm[24 * 3], uv[24 * 2];
  guint32 idx[36];

  for (int f = 0; f < 6; f++)
    {
      float sign = f % 2 == 0 ? 1 : -1;
      int n = faces[f][0], a = faces[f][1], b = faces[f][2];
      static const float corners[4][2] = { { -1, -1 }, { 1, -1 }, { 1, 1 }, { -1, 1 } };

      for (int c = 0; c < 4; c++)
        {
          int v = f * 4 + c;
          memset (&pos[v * 3], 0, 3 * sizeof (float));
          memset (&nrm[v * 3], 0, 3 * sizeof (float));
          pos[v * 3 + n] = sign;
          pos[v * 3 + a] = corners[c][0];
          pos[v * 3 + b] = corners[c][1];
          nrm[v * 3 + n] = sign;
          uv[v * 2] = (corners[c][0] + 1) / 2;
          uv[v * 2 + 1] = 1 - (corners[c][1] + 1) / 2;
        }

      /* Wind counter-clockwise seen from outside: flip when a × b ≠ n. */
      {
        float cross_sign = ((a + 1) % 3 == b) ? 1 : -1;
        gboolean flip = cross_sign * sign < 0;
        guint32 base = f * 4;
        guint32 q[6] = { 0, 1, 2, 0, 2, 3 };
        for (int i = 0; i < 6; i++)
          idx[f * 6 + i] = base + (flip ? q[5 - i] : q[i]);
      }
    }
  return fixture_scene_new (pos, with_normals ? nrm : NULL, uv, 24, idx, 36);
}

AtelierGltfScene *
fixture_sphere (gboolean with_normals,
                guint    rings,
                guint    segments)
{
  guint32 n = (rings + 1) * (segments + 1), k = 0;
  g_autofree float *pos = g_new (float, n * 3);
  g_autofree float *uv = g_new (float, n * 2);
  g_autofree guint32 *idx = g_new (guint32, rings * segments * 6);

  for (guint r = 0; r <= rings; r++)
    for (guint s = 0; s <= segments; s++)
      {
        float theta = G_PI * r / rings, phi = 2 * G_PI * s / segments;
        guint32 v = r * (segments + 1) + s;
        pos[v * 3] = sinf (theta) * sinf (phi);
        pos[v * 3 + 1] = cosf (theta);
        pos[v * 3 + 2] = sinf (theta) * cosf (phi);
        uv[v * 2] = (float) s / segments;
        uv[v * 2 + 1] = (float) r / rings;
      }
  for (guint r = 0; r < rings; r++)
    for (guint s = 0; s < segments; s++)
      {
        guint32 a = r * (segments + 1) + s, b = a + segments + 1;
        idx[k++] = a; idx[k++] = b; idx[k++] = a + 1;
        idx[k++] = a + 1; idx[k++] = b; idx[k++] = b + 1;
      }
  /* On a unit sphere the position is the normal. */
  return fixture_scene_new (pos, with_normals ? pos : NULL, uv, n, idx, k);
}

void
fixture_scene_free (AtelierGltfScene *scene)
{
  if (scene == NULL)
    return;
  for (guint m = 0; m < scene->n_meshes; m++)
    {
      for (guint p = 0; p < scene->meshes[m].n_primitives; p++)
        {
          AtelierGltfPrimitive *prim = &scene->meshes[m].primitives[p];
          g_free (prim->positions);
          g_free (prim->normals);
          g_free (prim->tangents);
          g_free (prim->texcoords0);
          g_free (prim->texcoords1);
          g_free (prim->colors);
          g_free (prim->indices);
        }
      g_free (scene->meshes[m].primitives);
      g_free (scene->meshes[m].name);
    }
  g_free (scene->meshes);
  for (guint i = 0; i < scene->n_materials; i++)
    g_free (scene->materials[i].name);
  g_free (scene->materials);
  for (guint i = 0; i < scene->n_images; i++)
    {
      g_free (scene->images[i].mime_type);
      g_free (scene->images[i].pixels);
      g_free (scene->images[i].error);
    }
  g_free (scene->images);
  g_free (scene->textures);
  g_free (scene->samplers);
  g_free (scene->instances);
  g_strfreev (scene->extensions_used);
  g_strfreev (scene->extensions_required);
  g_free (scene);
}
