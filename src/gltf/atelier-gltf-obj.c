/* atelier-gltf-obj.c: Wavefront OBJ with its MTL and textures
 *
 * OBJ has no nodes, so each instance becomes an object in world space.
 * Materials map to MTL's PBR extension (Pr, Pm, Ke, norm) beside the
 * classic Kd/d/map_Kd every reader knows; textures are written next to the
 * file, WebP as PNG (few OBJ readers know WebP). OBJ's texture origin is
 * bottom-left, so v is flipped. Numbers are written in the C locale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "atelier-gltf-asset-private.h"

typedef struct
{
  char *name;      /* file name beside the .obj, NULL: not written */
} ObjImage;

static gboolean
write_images (AtelierGltfAsset  *asset,
              const char        *dir,
              const char        *stem,
              ObjImage          *images,
              guint64           *bytes_written,
              GError           **error)
{
  const AtelierGltfScene *scene = asset->scene;

  for (guint i = 0; i < scene->n_images; i++)
    {
      GBytes *file = asset->image_files[i];
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *path = NULL;
      const char *mime_type = NULL;
      guint32 w, h;

      if (!gltf_asset_image_usable (asset, i))
        continue;
      if (file != NULL)
        gltf_image_sniff (g_bytes_get_data (file, NULL), g_bytes_get_size (file), &mime_type, &w, &h);

      if (file != NULL && mime_type != NULL && !g_str_equal (mime_type, "image/webp"))
        bytes = g_bytes_ref (file);
      else
        {
          const AtelierGltfImage *image = &scene->images[i];
          g_autofree guint8 *decoded = NULL;
          const guint8 *pixels = image->pixels;
          int width = image->width, height = image->height;

          if (pixels == NULL)
            {
              decoded = gltf_image_decode_file (file, &width, &height, error);
              if (decoded == NULL)
                return FALSE;
              pixels = decoded;
            }
          mime_type = "image/png";
          bytes = gltf_image_encode (pixels, width, height, mime_type, 0, error);
          if (bytes == NULL)
            return FALSE;
        }

      images[i].name = g_strdup_printf ("%s_%u.%s", stem, i,
                                        g_str_equal (mime_type, "image/jpeg") ? "jpg" : "png");
      path = g_build_filename (dir, images[i].name, NULL);
      if (!gltf_write_file (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                            bytes_written, error))
        return FALSE;
    }
  return TRUE;
}

static const char *
texture_file (const AtelierGltfScene      *scene,
              const ObjImage              *images,
              const AtelierGltfTextureRef *ref)
{
  int image;

  if (ref->texture < 0 || (guint) ref->texture >= scene->n_textures)
    return NULL;
  image = scene->textures[ref->texture].image;
  return image >= 0 ? images[image].name : NULL;
}

static void
write_material (GString                   *mtl,
                const char                *name,
                const AtelierGltfMaterial *m,
                const AtelierGltfScene    *scene,
                const ObjImage            *images)
{
  const char *file;

  g_string_append_printf (mtl, "\nnewmtl %s\n", name);
  g_string_append_printf (mtl, "Kd %.6g %.6g %.6g\n", m->base_color_factor[0],
                          m->base_color_factor[1], m->base_color_factor[2]);
  if (m->base_color_factor[3] < 1.0f)
    g_string_append_printf (mtl, "d %.6g\n", m->base_color_factor[3]);
  g_string_append (mtl, "Ka 0 0 0\nKs 0 0 0\nillum 2\n");
  g_string_append_printf (mtl, "Pr %.6g\nPm %.6g\n", m->roughness_factor, m->metallic_factor);
  if (m->emissive_factor[0] != 0 || m->emissive_factor[1] != 0 || m->emissive_factor[2] != 0)
    g_string_append_printf (mtl, "Ke %.6g %.6g %.6g\n",
                            m->emissive_factor[0] * m->emissive_strength,
                            m->emissive_factor[1] * m->emissive_strength,
                            m->emissive_factor[2] * m->emissive_strength);

  if ((file = texture_file (scene, images, &m->base_color)) != NULL)
    g_string_append_printf (mtl, "map_Kd %s\n", file);
  if ((file = texture_file (scene, images, &m->emissive)) != NULL)
    g_string_append_printf (mtl, "map_Ke %s\n", file);
  if ((file = texture_file (scene, images, &m->normal)) != NULL)
    g_string_append_printf (mtl, "norm %s\nmap_Bump %s\n", file, file);
  /* glTF packs roughness in G and metalness in B of one image. */
  if ((file = texture_file (scene, images, &m->metallic_roughness)) != NULL)
    g_string_append_printf (mtl, "map_Pr -imfchan g %s\nmap_Pm -imfchan b %s\n", file, file);
}

static void
write_instance (GString                   *obj,
                const AtelierGltfScene    *scene,
                guint                      index,
                guint64                    base[3])
{
  const AtelierGltfInstance *inst = &scene->instances[index];
  const AtelierGltfMesh *mesh = &scene->meshes[inst->mesh];
  float nm[9];
  gboolean mirrored = gltf_normal_matrix (inst->world, nm) < 0;
  const float *w = inst->world;
  g_autofree char *name = g_strdup (mesh->name ? mesh->name : "mesh");

  /* Names end at white space in OBJ. */
  g_strdelimit (name, " \t\r\n", '_');
  g_string_append_printf (obj, "\no %s_%u\n", name, index);

  for (guint j = 0; j < mesh->n_primitives; j++)
    {
      const AtelierGltfPrimitive *prim = &mesh->primitives[j];
      guint64 n_triangles = gltf_primitive_triangles (prim);
      const float *uv = prim->texcoords0;
      const float *n = prim->normals;

      if (n_triangles == 0)
        continue;

      for (guint32 v = 0; v < prim->vertex_count; v++)
        {
          const float *p = prim->positions + (gsize) v * 3;

          g_string_append_printf (obj, "v %.7g %.7g %.7g\n",
                                  w[0] * p[0] + w[4] * p[1] + w[8] * p[2] + w[12],
                                  w[1] * p[0] + w[5] * p[1] + w[9] * p[2] + w[13],
                                  w[2] * p[0] + w[6] * p[1] + w[10] * p[2] + w[14]);
        }
      for (guint32 v = 0; uv != NULL && v < prim->vertex_count; v++)
        g_string_append_printf (obj, "vt %.7g %.7g\n", uv[v * 2], 1.0f - uv[v * 2 + 1]);
      for (guint32 v = 0; n != NULL && v < prim->vertex_count; v++)
        {
          const float *d = n + (gsize) v * 3;
          float x = nm[0] * d[0] + nm[3] * d[1] + nm[6] * d[2];
          float y = nm[1] * d[0] + nm[4] * d[1] + nm[7] * d[2];
          float z = nm[2] * d[0] + nm[5] * d[1] + nm[8] * d[2];
          float length = sqrtf (x * x + y * y + z * z);
          float s = length > 0.0f ? (mirrored ? -1.0f : 1.0f) / length : 0.0f;

          /* The cofactor matrix carries the determinant's sign: undo it. */
          g_string_append_printf (obj, "vn %.5g %.5g %.5g\n", x * s, y * s, z * s);
        }

      if (prim->material >= 0 && (guint) prim->material < scene->n_materials)
        g_string_append_printf (obj, "usemtl material_%d\n", prim->material);
      else
        g_string_append (obj, "usemtl default\n");

      for (guint64 t = 0; t < n_triangles; t++)
        {
          guint64 i[3];

          if (prim->mode == ATELIER_GLTF_MODE_TRIANGLES)
            i[0] = t * 3, i[1] = t * 3 + 1, i[2] = t * 3 + 2;
          else if (prim->mode == ATELIER_GLTF_MODE_TRIANGLE_STRIP)
            i[0] = t, i[1] = t % 2 ? t + 2 : t + 1, i[2] = t % 2 ? t + 1 : t + 2;
          else
            i[0] = 0, i[1] = t + 1, i[2] = t + 2;

          g_string_append_c (obj, 'f');
          for (guint k = 0; k < 3; k++)
            {
              guint64 corner = i[mirrored ? (3 - k) % 3 : k];
              guint64 v = prim->indices ? prim->indices[corner] : corner;

              g_string_append_printf (obj, " %" G_GUINT64_FORMAT, base[0] + v + 1);
              if (uv != NULL || n != NULL)
                g_string_append_c (obj, '/');
              if (uv != NULL)
                g_string_append_printf (obj, "%" G_GUINT64_FORMAT, base[1] + v + 1);
              if (n != NULL)
                g_string_append_printf (obj, "/%" G_GUINT64_FORMAT, base[2] + v + 1);
            }
          g_string_append_c (obj, '\n');
        }

      base[0] += prim->vertex_count;
      if (uv != NULL)
        base[1] += prim->vertex_count;
      if (n != NULL)
        base[2] += prim->vertex_count;
    }
}

gboolean
gltf_write_obj (AtelierGltfAsset *asset,
                const char       *path,
                GCancellable     *cancellable,
                guint64          *bytes_written,
                GError          **error)
{
  const AtelierGltfScene *scene = asset->scene;
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *stem = g_path_get_basename (path);
  g_autofree char *mtl_name = NULL;
  g_autofree char *mtl_path = NULL;
  g_autoptr(GString) obj = g_string_new (NULL);
  g_autoptr(GString) mtl = g_string_new (NULL);
  ObjImage *images = g_new0 (ObjImage, MAX (scene->n_images, 1));
  locale_t c_locale = newlocale (LC_ALL_MASK, "C", (locale_t) 0);
  locale_t previous = uselocale (c_locale);
  guint64 base[3] = { 0, 0, 0 };
  gboolean ok = FALSE;
  char *dot = strrchr (stem, '.');

  if (dot != NULL && dot != stem)
    *dot = '\0';
  mtl_name = g_strdup_printf ("%s.mtl", stem);
  mtl_path = g_build_filename (dir, mtl_name, NULL);

  if (!write_images (asset, dir, stem, images, bytes_written, error))
    goto out;

  g_string_append_printf (mtl, "# Atelier %s\n", PACKAGE_VERSION);
  g_string_append (mtl, "\nnewmtl default\nKd 1 1 1\nKa 0 0 0\nKs 0 0 0\nillum 2\nPr 1\nPm 1\n");
  for (guint i = 0; i < scene->n_materials; i++)
    {
      g_autofree char *name = g_strdup_printf ("material_%u", i);

      write_material (mtl, name, &scene->materials[i], scene, images);
    }

  g_string_append_printf (obj, "# Atelier %s\n# %" G_GUINT64_FORMAT " triangles\nmtllib %s\n",
                          PACKAGE_VERSION, scene->n_triangles, mtl_name);
  for (guint i = 0; i < scene->n_instances; i++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      write_instance (obj, scene, i, base);
    }

  ok = gltf_write_file (mtl_path, mtl->str, mtl->len, bytes_written, error) &&
       gltf_write_file (path, obj->str, obj->len, bytes_written, error);

out:
  uselocale (previous);
  freelocale (c_locale);
  for (guint i = 0; i < scene->n_images; i++)
    g_free (images[i].name);
  g_free (images);
  return ok;
}
