/* atelier-gltf-scene.c: the node hierarchy, scenes, instances and bounds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gltf"

#include "config.h"

#include <math.h>
#include <string.h>

#include "atelier-gltf-private.h"

#define MAT4_SIZE (16 * sizeof (float))

/* Column-major, like cglm: out = a × b. out may not alias. */
static void
mat4_mul (const float *a,
          const float *b,
          float       *out)
{
  for (guint c = 0; c < 4; c++)
    for (guint r = 0; r < 4; r++)
      out[c * 4 + r] = a[0 * 4 + r] * b[c * 4 + 0] + a[1 * 4 + r] * b[c * 4 + 1] +
                       a[2 * 4 + r] * b[c * 4 + 2] + a[3 * 4 + r] * b[c * 4 + 3];
}

static void
compose_trs (const float *t,
             const float *q,
             const float *s,
             float       *m)
{
  float x = q[0], y = q[1], z = q[2], w = q[3];
  float len = sqrtf (x * x + y * y + z * z + w * w);

  if (len > 0.0f && isfinite (len))
    {
      x /= len;
      y /= len;
      z /= len;
      w /= len;
    }
  else
    {
      x = y = z = 0.0f;
      w = 1.0f;
    }

  m[0] = (1 - 2 * (y * y + z * z)) * s[0];
  m[1] = (2 * (x * y + z * w)) * s[0];
  m[2] = (2 * (x * z - y * w)) * s[0];
  m[3] = 0;
  m[4] = (2 * (x * y - z * w)) * s[1];
  m[5] = (1 - 2 * (x * x + z * z)) * s[1];
  m[6] = (2 * (y * z + x * w)) * s[1];
  m[7] = 0;
  m[8] = (2 * (x * z + y * w)) * s[2];
  m[9] = (2 * (y * z - x * w)) * s[2];
  m[10] = (1 - 2 * (x * x + y * y)) * s[2];
  m[11] = 0;
  m[12] = t[0];
  m[13] = t[1];
  m[14] = t[2];
  m[15] = 1;
}

static guint
root_count (GltfLoader *loader,
            const char *name)
{
  JsonNode *node = json_object_get_member (loader->root, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return 0;
  return json_array_get_length (json_node_get_array (node));
}

gboolean
gltf_nodes_load (GltfLoader  *loader,
                 GError     **error)
{
  JsonArray *array;
  guint n, n_cameras, n_skins;
  g_autofree guint8 *reached = NULL;
  g_autofree guint *stack = NULL;
  guint depth = 0;

  if (!gltf_json_root_array (loader, "nodes", &array, &n, error))
    return FALSE;

  n_cameras = root_count (loader, "cameras");
  n_skins = root_count (loader, "skins");
  loader->nodes = g_new0 (GltfNode, n);
  loader->n_nodes = n;
  for (guint i = 0; i < n; i++)
    loader->nodes[i].parent = -1;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      GltfNode *node = &loader->nodes[i];
      JsonArray *children;
      char ptr[GLTF_PTR_MAX];
      int camera, skin;

      g_snprintf (ptr, sizeof ptr, "/nodes/%u", i);
      if (!gltf_json_index (obj, ptr, "mesh", FALSE, loader->scene->n_meshes, &node->mesh, error) ||
          !gltf_json_index (obj, ptr, "camera", FALSE, n_cameras, &camera, error) ||
          !gltf_json_index (obj, ptr, "skin", FALSE, n_skins, &skin, error) ||
          !gltf_json_array (obj, ptr, "children", FALSE, &children, error))
        return FALSE;

      if (json_object_has_member (obj, "matrix"))
        {
          float m[16];

          if (!gltf_json_floats (obj, ptr, "matrix", 16, m, error))
            return FALSE;
          memcpy (node->local, m, sizeof m);
        }
      else
        {
          float t[3] = { 0, 0, 0 }, r[4] = { 0, 0, 0, 1 }, s[3] = { 1, 1, 1 };

          if (!gltf_json_floats (obj, ptr, "translation", 3, t, error) ||
              !gltf_json_floats (obj, ptr, "rotation", 4, r, error) ||
              !gltf_json_floats (obj, ptr, "scale", 3, s, error))
            return FALSE;
          compose_trs (t, r, s, node->local);
        }

      if (children != NULL)
        {
          char cptr[GLTF_PTR_MAX];

          g_snprintf (cptr, sizeof cptr, "%s/children", ptr);
          node->n_children = json_array_get_length (children);
          node->children = g_new (int, node->n_children);
          for (guint k = 0; k < node->n_children; k++)
            {
              int child;

              if (!gltf_json_element_index (children, k, cptr, n, &child, error))
                return FALSE;
              if (loader->nodes[child].parent >= 0 || (guint) child == i)
                {
                  gltf_error (error, ATELIER_GLTF_ERROR_INDEX, NULL,
                              "%s/%u: node %d already has a parent or is the node itself "
                              "(the node graph must be a forest)", cptr, k, child);
                  return FALSE;
                }
              loader->nodes[child].parent = i;
              node->children[k] = child;
            }
        }
    }

  /* With one parent per node, anything unreachable from a root is on a cycle. */
  reached = g_new0 (guint8, n);
  stack = g_new (guint, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    if (loader->nodes[i].parent < 0)
      {
        stack[depth++] = i;
        reached[i] = 1;
      }

  while (depth > 0)
    {
      GltfNode *node = &loader->nodes[stack[--depth]];

      for (guint k = 0; k < node->n_children; k++)
        {
          guint child = node->children[k];

          if (!reached[child])
            {
              reached[child] = 1;
              stack[depth++] = child;
            }
        }
    }

  for (guint i = 0; i < n; i++)
    if (!reached[i])
      {
        gltf_error (error, ATELIER_GLTF_ERROR_INDEX, NULL,
                    "/nodes/%u: the node hierarchy contains a cycle", i);
        return FALSE;
      }

  return TRUE;
}

static void
add_bounds (AtelierGltfScene           *scene,
            const AtelierGltfPrimitive *prim,
            const float                *world,
            gboolean                   *first)
{
  for (guint corner = 0; corner < 8; corner++)
    {
      float p[3] = {
        corner & 1 ? prim->max[0] : prim->min[0],
        corner & 2 ? prim->max[1] : prim->min[1],
        corner & 4 ? prim->max[2] : prim->min[2],
      };

      for (guint r = 0; r < 3; r++)
        {
          float v = world[r] * p[0] + world[4 + r] * p[1] + world[8 + r] * p[2] + world[12 + r];

          if (!isfinite (v))
            continue;
          if (*first || v < scene->min[r])
            scene->min[r] = v;
          if (*first || v > scene->max[r])
            scene->max[r] = v;
        }
      *first = FALSE;
    }
}

gboolean
gltf_scenes_load (GltfLoader  *loader,
                  GError     **error)
{
  AtelierGltfScene *scene = loader->scene;
  JsonArray *array, *roots = NULL;
  guint n;
  int default_scene;
  g_autofree float *world = NULL;
  g_autofree guint *stack = NULL;
  g_autofree guint8 *visited = NULL;
  g_autoptr(GArray) instances = NULL;
  guint depth = 0;
  gboolean first = TRUE;

  if (!gltf_json_root_array (loader, "scenes", &array, &n, error) ||
      !gltf_json_index (loader->root, "", "scene", FALSE, n, &default_scene, error))
    return FALSE;
  scene->n_scenes = n;
  scene->n_nodes = loader->n_nodes;

  for (guint i = 0; i < n; i++)
    {
      JsonObject *obj = json_array_get_object_element (array, i);
      JsonArray *nodes;
      char ptr[GLTF_PTR_MAX];

      g_snprintf (ptr, sizeof ptr, "/scenes/%u", i);
      if (!gltf_json_array (obj, ptr, "nodes", FALSE, &nodes, error))
        return FALSE;
      if (nodes == NULL)
        continue;

      g_snprintf (ptr, sizeof ptr, "/scenes/%u/nodes", i);
      for (guint k = 0; k < json_array_get_length (nodes); k++)
        {
          int node;

          if (!gltf_json_element_index (nodes, k, ptr, loader->n_nodes, &node, error))
            return FALSE;
          if (loader->nodes[node].parent >= 0)
            {
              gltf_error (error, ATELIER_GLTF_ERROR_INDEX, NULL,
                          "%s/%u: node %d is not a root node", ptr, k, node);
              return FALSE;
            }
        }
      if ((int) i == default_scene || (default_scene < 0 && i == 0))
        roots = nodes;
    }

  if (!gltf_charge (loader, (gsize) loader->n_nodes * 16 * sizeof (float), "/nodes", error))
    return FALSE;
  world = g_new (float, (gsize) MAX (loader->n_nodes, 1) * 16);
  stack = g_new (guint, MAX (loader->n_nodes, 1));
  visited = g_new0 (guint8, MAX (loader->n_nodes, 1));
  instances = g_array_new (FALSE, TRUE, sizeof (AtelierGltfInstance));

  /* Without any scene, show every root rather than nothing. */
  if (n == 0)
    {
      for (guint i = 0; i < loader->n_nodes; i++)
        if (loader->nodes[i].parent < 0)
          {
            memcpy (world + (gsize) i * 16, loader->nodes[i].local, MAT4_SIZE);
            visited[i] = 1;
            stack[depth++] = i;
          }
    }
  else if (roots != NULL)
    {
      for (guint k = 0; k < json_array_get_length (roots); k++)
        {
          int node;
          guint i;

          if (!gltf_json_element_index (roots, k, "/scenes", loader->n_nodes, &node, error))
            return FALSE;
          i = node;
          if (visited[i])
            {
              gltf_error (error, ATELIER_GLTF_ERROR_INDEX, NULL,
                          "/scenes/%d/nodes/%u: node %u is listed twice",
                          MAX (default_scene, 0), k, i);
              return FALSE;
            }
          memcpy (world + (gsize) i * 16, loader->nodes[i].local, MAT4_SIZE);
          visited[i] = 1;
          stack[depth++] = i;
        }
    }

  while (depth > 0)
    {
      guint i = stack[--depth];
      GltfNode *node = &loader->nodes[i];
      const float *w = world + (gsize) i * 16;

      if (node->mesh >= 0)
        {
          AtelierGltfInstance inst = { .mesh = node->mesh, .node = i };
          const AtelierGltfMesh *mesh = &scene->meshes[node->mesh];

          memcpy (inst.world, w, sizeof inst.world);
          g_array_append_val (instances, inst);

          for (guint p = 0; p < mesh->n_primitives; p++)
            {
              const AtelierGltfPrimitive *prim = &mesh->primitives[p];

              scene->n_vertices += prim->vertex_count;
              scene->n_triangles += gltf_primitive_triangles (prim);
              if (prim->vertex_count > 0)
                add_bounds (scene, prim, w, &first);
            }
        }

      for (guint k = 0; k < node->n_children; k++)
        {
          guint child = node->children[k];

          if (visited[child])
            continue;
          visited[child] = 1;
          mat4_mul (w, loader->nodes[child].local, world + (gsize) child * 16);
          stack[depth++] = child;
        }
    }

  scene->n_instances = instances->len;
  scene->instances = (AtelierGltfInstance *) g_array_free (g_steal_pointer (&instances), FALSE);
  return TRUE;
}
