/* atelier-renderer.c: draws an AtelierGltfScene with the current GL context
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-render"

#include "config.h"

#include <math.h>

#include "atelier-render-cull.h"
#include "atelier-render-environment.h"
#include "atelier-render-grid.h"
#include "atelier-render-lod.h"
#include "atelier-render-mesh.h"
#include "atelier-render-profile.h"
#include "atelier-render-program.h"
#include "atelier-render-target.h"
#include "atelier-render-texture.h"
#include "atelier-renderer.h"

G_DEFINE_QUARK (atelier-render-error-quark, atelier_render_error)

/* Texture units: 0-4 follow the material slots in pbr.frag. */
enum { SLOT_BASE, SLOT_MR, SLOT_NORMAL, SLOT_OCCLUSION, SLOT_EMISSIVE, N_SLOTS };
enum { UNIT_BRDF = N_SLOTS, UNIT_SPECULAR, UNIT_IRRADIANCE };

/* One program per display mode and kind of primitive (see pbr.frag),
 * built on first use: small specialised programs run much faster than one
 * general one on llvmpipe. */
enum
{
  KEY_ALPHA_MASK = 1 << 3,
  KEY_TANGENTS   = 1 << 4,
  KEY_UV1        = 1 << 5,
  KEY_COLORS     = 1 << 6,
};

typedef struct
{
  GLuint program;
  GLint model, normal_matrix, view_proj;
  GLint camera_pos, light_dir, light_color, env_intensity, env_max_lod;
  GLint base_color_factor, metallic_factor, roughness_factor, emissive;
  GLint alpha_mode, alpha_cutoff, unlit, has_normals;
  GLint normal_scale, occlusion_strength;
  GLint tex_on, tex_set, tex_xf;
} PbrUniforms;

typedef struct
{
  AtelierRenderMesh          *mesh;
  const AtelierGltfPrimitive *primitive;
  const AtelierGltfMaterial  *material;
  mat4                        world;
  mat3                        normal_matrix;
  vec3                        center;     /* world centre of its bounds */
  float                       depth;      /* scratch for sorting */
} Draw;

struct _AtelierRenderer
{
  gboolean                 use_es;
  gboolean                 software;    /* llvmpipe & co: throttle big draws */
  GHashTable              *programs;    /* key → PbrUniforms */
  PbrUniforms             *u;           /* in use; NULL after other programs */
  mat4                     frame_view_proj;
  vec3                     frame_eye;
  vec3                     frame_light_dir;
  GLuint                   line;
  GLint                    line_model, line_view_proj, line_color;
  gboolean                 line_failed;
  gboolean                 grid_failed;
  GLuint                   empty_vao;
  AtelierRenderGrid        grid;
  AtelierRenderEnvironment env;

  const AtelierGltfScene  *scene;
  AtelierRenderMesh       *meshes;      /* flattened over scene primitives */
  guint                    n_meshes;
  AtelierRenderTextures   *textures;
  GArray                  *draws;       /* of Draw */
  GPtrArray               *blended;     /* of Draw*, re-sorted every frame */
  float                    min[3], max[3];
  gboolean                 has_bounds;

  gboolean                 has_lod;
  gboolean                 use_lod;
  guint64                  lod_triangles;

  AtelierRenderMode        mode;
  gboolean                 show_grid;
  gboolean                 show_wireframe;
  float                    background[4];

  AtelierRenderStats       stats;
  GLuint                   timer_queries[2];
  guint                    timer_frame;
  gboolean                 timer_pending[2];
};

static const AtelierGltfMaterial default_material = {
  .base_color_factor = { 1, 1, 1, 1 },
  .metallic_factor = 1,
  .roughness_factor = 1,
  .emissive_strength = 1,
  .base_color = { .texture = -1 },
  .metallic_roughness = { .texture = -1 },
  .normal = { .texture = -1 },
  .occlusion = { .texture = -1 },
  .emissive = { .texture = -1 },
  .alpha_mode = ATELIER_GLTF_ALPHA_OPAQUE,
  .alpha_cutoff = 0.5f,
};

static const char * const mode_names[] = {
  "shaded", "clay", "basecolor", "normals", "wireframe", "uv",
};

const char *
atelier_render_mode_to_string (AtelierRenderMode mode)
{
  if ((guint) mode < G_N_ELEMENTS (mode_names))
    return mode_names[mode];
  return "shaded";
}

gboolean
atelier_render_mode_from_string (const char        *name,
                                 AtelierRenderMode *mode)
{
  for (guint i = 0; name && i < G_N_ELEMENTS (mode_names); i++)
    {
      if (g_ascii_strcasecmp (name, mode_names[i]) == 0)
        {
          *mode = i;
          return TRUE;
        }
    }
  if (name && (g_ascii_strcasecmp (name, "base-color") == 0 ||
               g_ascii_strcasecmp (name, "basecolour") == 0))
    {
      *mode = ATELIER_RENDER_MODE_BASE_COLOR;
      return TRUE;
    }
  return FALSE;
}

static void
lookup_uniforms (PbrUniforms *u)
{
  GLuint p = u->program;

#define LOC(field, name) u->field = glGetUniformLocation (p, name)
  LOC (model, "u_model");
  LOC (normal_matrix, "u_normal_matrix");
  LOC (view_proj, "u_view_proj");
  LOC (camera_pos, "u_camera_pos");
  LOC (light_dir, "u_light_dir");
  LOC (light_color, "u_light_color");
  LOC (env_intensity, "u_env_intensity");
  LOC (env_max_lod, "u_env_max_lod");
  LOC (base_color_factor, "u_base_color_factor");
  LOC (metallic_factor, "u_metallic_factor");
  LOC (roughness_factor, "u_roughness_factor");
  LOC (emissive, "u_emissive");
  LOC (alpha_mode, "u_alpha_mode");
  LOC (alpha_cutoff, "u_alpha_cutoff");
  LOC (unlit, "u_unlit");
  LOC (has_normals, "u_has_normals");
  LOC (normal_scale, "u_normal_scale");
  LOC (occlusion_strength, "u_occlusion_strength");
  LOC (tex_on, "u_tex_on");
  LOC (tex_set, "u_tex_set");
  LOC (tex_xf, "u_tex_xf");
#undef LOC

  glUseProgram (p);
  atelier_render_program_set_unit (p, "u_base_color_tex", SLOT_BASE);
  atelier_render_program_set_unit (p, "u_mr_tex", SLOT_MR);
  atelier_render_program_set_unit (p, "u_normal_tex", SLOT_NORMAL);
  atelier_render_program_set_unit (p, "u_occlusion_tex", SLOT_OCCLUSION);
  atelier_render_program_set_unit (p, "u_emissive_tex", SLOT_EMISSIVE);
  atelier_render_program_set_unit (p, "u_brdf_lut", UNIT_BRDF);
  atelier_render_program_set_unit (p, "u_specular_env", UNIT_SPECULAR);
  atelier_render_program_set_unit (p, "u_irradiance_env", UNIT_IRRADIANCE);
  glUseProgram (0);
}

static void
free_program (gpointer data)
{
  PbrUniforms *u = data;

  /* Freed with the renderer, whose context is current then. */
  if (u->program)
    glDeleteProgram (u->program);
  g_free (u);
}

static PbrUniforms *
ensure_program (AtelierRenderer  *self,
                guint             key,
                GError          **error)
{
  PbrUniforms *u = g_hash_table_lookup (self->programs, GUINT_TO_POINTER (key));
  g_autofree char *defines = NULL;
  GLuint program;

  if (u != NULL)
    return u;

  defines = g_strdup_printf ("#define MODE %u\n#define ALPHA_MASK %d\n#define HAS_TANGENTS %d\n"
                             "#define HAS_UV1 %d\n#define HAS_COLORS %d\n",
                             key & 7, !!(key & KEY_ALPHA_MASK), !!(key & KEY_TANGENTS),
                             !!(key & KEY_UV1), !!(key & KEY_COLORS));
  program = atelier_render_program_new (self->use_es, "pbr.vert", "pbr.frag", defines, error);
  if (program == 0)
    return NULL;
  u = g_new0 (PbrUniforms, 1);
  u->program = program;
  lookup_uniforms (u);
  g_hash_table_insert (self->programs, GUINT_TO_POINTER (key), u);
  return u;
}

static guint
program_key (AtelierRenderer           *self,
             const AtelierRenderMesh   *mesh,
             const AtelierGltfMaterial *mat)
{
  AtelierRenderMode mode = self->mode;
  gboolean materials = mode == ATELIER_RENDER_MODE_SHADED || mode == ATELIER_RENDER_MODE_BASE_COLOR;
  gboolean normal_map = mode == ATELIER_RENDER_MODE_SHADED || mode == ATELIER_RENDER_MODE_NORMALS;
  const AtelierGltfTextureRef *refs[] = {
    &mat->base_color, &mat->metallic_roughness, &mat->normal, &mat->occlusion, &mat->emissive,
  };
  guint key = mode;

  if (mat->alpha_mode == ATELIER_GLTF_ALPHA_MASK)
    key |= KEY_ALPHA_MASK;
  if (normal_map && mat->normal.texture >= 0 && mesh->has[ATELIER_RENDER_ATTRIB_TANGENT])
    key |= KEY_TANGENTS;
  if (materials && mesh->has[ATELIER_RENDER_ATTRIB_COLOR])
    key |= KEY_COLORS;
  for (guint i = 0; i < G_N_ELEMENTS (refs); i++)
    if (refs[i]->texture >= 0 && refs[i]->texcoord == 1 && mesh->has[ATELIER_RENDER_ATTRIB_UV1])
      key |= KEY_UV1;
  return key;
}

static gboolean
use_program (AtelierRenderer  *self,
             guint             key)
{
  g_autoptr(GError) error = NULL;
  PbrUniforms *u = ensure_program (self, key, &error);
  static const float light_color[3] = { 1.9f, 1.86f, 1.8f };

  if (u == NULL)
    {
      g_warning ("%s", error->message);
      return FALSE;
    }
  if (u == self->u)
    return TRUE;

  self->u = u;
  glUseProgram (u->program);
  glUniformMatrix4fv (u->view_proj, 1, GL_FALSE, (float *) self->frame_view_proj);
  glUniform3fv (u->camera_pos, 1, self->frame_eye);
  glUniform3fv (u->light_dir, 1, self->frame_light_dir);
  glUniform3fv (u->light_color, 1, light_color);
  glUniform1f (u->env_intensity, 0.6f);
  glUniform1f (u->env_max_lod, self->env.max_lod);
  return TRUE;
}

AtelierRenderer *
atelier_renderer_new (gboolean   use_es,
                      GError   **error)
{
  g_autoptr(AtelierRenderer) self = g_new0 (AtelierRenderer, 1);
  static const float background[4] = { 0.20f, 0.20f, 0.21f, 1.0f };
  gint64 t;

  self->use_es = use_es;
  self->software = atelier_render_is_software ();
  self->mode = ATELIER_RENDER_MODE_SHADED;
  self->show_grid = TRUE;
  memcpy (self->background, background, sizeof background);
  self->draws = g_array_new (FALSE, TRUE, sizeof (Draw));
  self->blended = g_ptr_array_new ();
  self->stats.gpu_ms = -1;

  glGenVertexArrays (1, &self->empty_vao);

  /* The others are built when first needed; this one shows errors early. */
  t = atelier_render_profile_begin ();
  self->programs = g_hash_table_new_full (NULL, NULL, NULL, free_program);
  if (!ensure_program (self, ATELIER_RENDER_MODE_SHADED, error))
    return NULL;

  /* The wireframe and grid programs come when first used: a picture for
   * `atelier-cli render` needs neither, and each costs llvmpipe some
   * milliseconds. */
  atelier_render_profile_end (t, "shaders", TRUE);
  t = atelier_render_profile_begin ();
  if (!atelier_render_environment_init (&self->env, use_es, error))
    return NULL;
  atelier_render_profile_end (t, "environment", TRUE);

  /* Timer queries are core in GL 3.3 but only an extension in GLES. */
  if (!use_es)
    glGenQueries (2, self->timer_queries);

  return g_steal_pointer (&self);
}

static void
clear_scene (AtelierRenderer *self)
{
  for (guint i = 0; i < self->n_meshes; i++)
    atelier_render_mesh_clear (&self->meshes[i]);
  g_clear_pointer (&self->meshes, g_free);
  self->n_meshes = 0;
  g_clear_pointer (&self->textures, atelier_render_textures_free);
  g_array_set_size (self->draws, 0);
  g_ptr_array_set_size (self->blended, 0);
  self->scene = NULL;
  self->has_bounds = FALSE;
  self->has_lod = FALSE;
  self->lod_triangles = 0;
  self->stats.vertices = self->stats.triangles = 0;
  self->stats.textures = 0;
}

void
atelier_renderer_free (AtelierRenderer *self)
{
  if (self == NULL)
    return;

  clear_scene (self);
  g_clear_pointer (&self->programs, g_hash_table_unref);
  if (self->line)
    glDeleteProgram (self->line);
  if (self->empty_vao)
    glDeleteVertexArrays (1, &self->empty_vao);
  if (self->timer_queries[0])
    glDeleteQueries (2, self->timer_queries);
  atelier_render_grid_clear (&self->grid);
  atelier_render_environment_clear (&self->env);
  g_clear_pointer (&self->draws, g_array_unref);
  g_clear_pointer (&self->blended, g_ptr_array_unref);
  g_free (self);
}

static void
grow_bounds (float                       min[3],
             float                       max[3],
             gboolean                   *has_bounds,
             const AtelierGltfPrimitive *p,
             mat4                        world,
             vec3                        center)
{
  vec3 lo, hi;

  /* Trust the positions over the header's bounds: they are what we draw. */
  glm_vec3_copy ((float *) p->min, lo);
  glm_vec3_copy ((float *) p->max, hi);
  if (!(lo[0] <= hi[0] && lo[1] <= hi[1] && lo[2] <= hi[2]))
    {
      glm_vec3_fill (lo, G_MAXFLOAT);
      glm_vec3_fill (hi, -G_MAXFLOAT);
      for (guint32 v = 0; v < p->vertex_count; v++)
        {
          glm_vec3_minv (lo, (float *) &p->positions[3 * v], lo);
          glm_vec3_maxv (hi, (float *) &p->positions[3 * v], hi);
        }
    }

  glm_vec3_zero (center);
  for (int c = 0; c < 8; c++)
    {
      vec4 corner = { c & 1 ? hi[0] : lo[0], c & 2 ? hi[1] : lo[1], c & 4 ? hi[2] : lo[2], 1 };
      vec4 w;

      glm_mat4_mulv (world, corner, w);
      if (!isfinite (w[0] + w[1] + w[2]))
        continue;
      glm_vec3_minv (min, w, min);
      glm_vec3_maxv (max, w, max);
      glm_vec3_muladds (w, 1.0f / 8, center);
      *has_bounds = TRUE;
    }
}

gboolean
atelier_renderer_scene_bounds (const AtelierGltfScene *scene,
                               float                   min[3],
                               float                   max[3])
{
  gboolean has_bounds = FALSE;

  glm_vec3_fill (min, G_MAXFLOAT);
  glm_vec3_fill (max, -G_MAXFLOAT);
  for (guint i = 0; scene && i < scene->n_instances; i++)
    {
      const AtelierGltfInstance *inst = &scene->instances[i];
      mat4 world;

      if (inst->mesh < 0 || (guint) inst->mesh >= scene->n_meshes)
        continue;
      memcpy (world, inst->world, sizeof world);
      for (guint p = 0; p < scene->meshes[inst->mesh].n_primitives; p++)
        {
          const AtelierGltfPrimitive *prim = &scene->meshes[inst->mesh].primitives[p];
          vec3 center;

          if (atelier_render_mesh_can_upload (prim))
            grow_bounds (min, max, &has_bounds, prim, world, center);
        }
    }
  if (!has_bounds)
    for (int i = 0; i < 3; i++)
      min[i] = -1, max[i] = 1;
  return has_bounds;
}

static void
preload_textures (AtelierRenderer *self)
{
  const AtelierGltfScene *scene = self->scene;

  /* Upload now rather than on first draw, so the first frame is not slow and
   * the texture count is right from the start. */
  for (guint m = 0; m < scene->n_materials; m++)
    {
      const AtelierGltfMaterial *mat = &scene->materials[m];

      atelier_render_textures_bind (self->textures, scene, mat->base_color.texture, TRUE, 0);
      atelier_render_textures_bind (self->textures, scene, mat->emissive.texture, TRUE, 0);
      atelier_render_textures_bind (self->textures, scene, mat->metallic_roughness.texture, FALSE, 0);
      atelier_render_textures_bind (self->textures, scene, mat->normal.texture, FALSE, 0);
      atelier_render_textures_bind (self->textures, scene, mat->occlusion.texture, FALSE, 0);
    }
  glBindTexture (GL_TEXTURE_2D, 0);
  glBindSampler (0, 0);
  self->stats.textures = atelier_render_textures_get_count (self->textures);
}

/* The draw list and bounds, before anything is uploaded: a still picture
 * frames its camera first, then culls against it. @first[m] is mesh m's
 * first slot in self->meshes. */
static void
build_draws (AtelierRenderer        *self,
             const AtelierGltfScene *scene,
             const guint            *first)
{
  for (guint i = 0; i < scene->n_instances; i++)
    {
      const AtelierGltfInstance *inst = &scene->instances[i];
      const AtelierGltfMesh *mesh;
      mat3 upper;

      if (inst->mesh < 0 || (guint) inst->mesh >= scene->n_meshes)
        continue;
      mesh = &scene->meshes[inst->mesh];

      for (guint p = 0; p < mesh->n_primitives; p++)
        {
          const AtelierGltfPrimitive *prim = &mesh->primitives[p];
          Draw draw = { 0 };

          if (!atelier_render_mesh_can_upload (prim))
            continue;
          draw.mesh = &self->meshes[first[inst->mesh] + p];
          draw.primitive = prim;
          draw.material = prim->material >= 0 && (guint) prim->material < scene->n_materials
            ? &scene->materials[prim->material] : &default_material;
          memcpy (draw.world, inst->world, sizeof draw.world);
          glm_mat4_pick3 (draw.world, upper);
          glm_mat3_inv (upper, draw.normal_matrix);
          glm_mat3_transpose (draw.normal_matrix);
          grow_bounds (self->min, self->max, &self->has_bounds, prim, draw.world, draw.center);
          g_array_append_val (self->draws, draw);
          self->stats.vertices += prim->vertex_count;
        }
    }
}

static guint *
begin_scene (AtelierRenderer        *self,
             const AtelierGltfScene *scene)
{
  guint *first;

  clear_scene (self);
  glm_vec3_fill (self->min, G_MAXFLOAT);
  glm_vec3_fill (self->max, -G_MAXFLOAT);
  if (scene == NULL)
    return NULL;

  self->scene = scene;
  /* One VAO per primitive, shared by every instance of its mesh. */
  first = g_new0 (guint, scene->n_meshes + 1);
  for (guint m = 0; m < scene->n_meshes; m++)
    first[m + 1] = first[m] + scene->meshes[m].n_primitives;
  self->n_meshes = first[scene->n_meshes];
  self->meshes = g_new0 (AtelierRenderMesh, MAX (self->n_meshes, 1));
  build_draws (self, scene, first);
  return first;
}

static void
end_scene (AtelierRenderer *self,
           gint64           t0)
{
  gint64 t1;

  for (guint i = 0; i < self->draws->len; i++)
    self->stats.triangles += g_array_index (self->draws, Draw, i).mesh->triangles;
  glBindVertexArray (0);
  atelier_render_profile_end (t0, "  geometry", TRUE);
  t1 = g_get_monotonic_time ();
  self->textures = atelier_render_textures_new (self->scene);
  preload_textures (self);
  atelier_render_profile_end (t1, "  textures", TRUE);
  g_debug ("uploaded %u primitives in %.0f ms, %u textures in %.0f ms (not finished)",
           self->n_meshes, (t1 - t0) / 1e3, self->stats.textures,
           (g_get_monotonic_time () - t1) / 1e3);
}

void
atelier_renderer_set_scene (AtelierRenderer        *self,
                            const AtelierGltfScene *scene)
{
  g_autofree guint *first = NULL;
  gint64 t0 = g_get_monotonic_time ();

  if (!(first = begin_scene (self, scene)))
    return;
  for (guint m = 0; m < scene->n_meshes; m++)
    for (guint p = 0; p < scene->meshes[m].n_primitives; p++)
      atelier_render_mesh_upload (&self->meshes[first[m] + p], &scene->meshes[m].primitives[p]);
  end_scene (self, t0);
}

void
atelier_renderer_set_scene_still (AtelierRenderer     *self,
                                  AtelierGltfScene    *scene,
                                  const AtelierRenderCamera *camera,
                                  int                  width,
                                  int                  height,
                                  int                  samples,
                                  gboolean             release)
{
  g_autofree guint *first = NULL;
  g_autofree guint *uses = NULL;
  g_autofree Draw **only_draw = NULL;
  gint64 t0 = g_get_monotonic_time ();
  gboolean lines = self->show_wireframe || self->mode == ATELIER_RENDER_MODE_WIREFRAME;
  mat4 view, projection, view_proj;

  if (!(first = begin_scene (self, scene)))
    return;

  atelier_render_camera_get_matrices (camera, width / (float) MAX (height, 1), view, projection);
  glm_mat4_mul (projection, view, view_proj);

  /* A primitive drawn by several instances is uploaded whole. */
  uses = g_new0 (guint, MAX (self->n_meshes, 1));
  only_draw = g_new0 (Draw *, MAX (self->n_meshes, 1));
  for (guint i = 0; i < self->draws->len; i++)
    {
      Draw *draw = &g_array_index (self->draws, Draw, i);
      guint slot = draw->mesh - self->meshes;

      uses[slot]++;
      only_draw[slot] = draw;
    }

  for (guint m = 0; m < scene->n_meshes; m++)
    for (guint p = 0; p < scene->meshes[m].n_primitives; p++)
      {
        guint slot = first[m] + p;
        AtelierGltfPrimitive *prim = &scene->meshes[m].primitives[p];
        AtelierRenderCull *cull = NULL;

        if (uses[slot] == 1)
          {
            Draw *draw = only_draw[slot];
            mat4 mvp;

            glm_mat4_mul (view_proj, draw->world, mvp);
            cull = atelier_render_cull_start (prim, (float *) mvp, width, height,
                                              !draw->material->double_sided, samples <= 1);
          }
        /* The wireframe overlay is built later from the indices. */
        atelier_render_mesh_upload_culled (&self->meshes[slot], prim, cull,
                                           release, release && !lines);
      }
  end_scene (self, t0);
}

void
atelier_renderer_set_lod (AtelierRenderer        *self,
                          const AtelierRenderLod *lod)
{
  self->has_lod = FALSE;
  self->lod_triangles = 0;
  for (guint i = 0; i < self->n_meshes; i++)
    {
      const guint32 *indices = NULL;
      guint32 count = 0;

      if (lod && i < atelier_render_lod_get_n_primitives (lod))
        indices = atelier_render_lod_get_indices (lod, i, &count);
      atelier_render_mesh_set_lod (&self->meshes[i], indices, count);
      self->has_lod |= indices != NULL && self->meshes[i].lod_buffer != 0;
    }
  glBindVertexArray (0);
  for (guint i = 0; i < self->draws->len; i++)
    self->lod_triangles += atelier_render_mesh_get_drawn_triangles (g_array_index (self->draws, Draw, i).mesh,
                                                                    TRUE);
}

gboolean
atelier_renderer_has_lod (AtelierRenderer *self)
{
  return self->has_lod;
}

guint64
atelier_renderer_get_lod_triangles (AtelierRenderer *self)
{
  return self->has_lod ? self->lod_triangles : self->stats.triangles;
}

void
atelier_renderer_set_use_lod (AtelierRenderer *self,
                              gboolean         use_lod)
{
  self->use_lod = !!use_lod;
}

gboolean
atelier_renderer_get_bounds (AtelierRenderer *self,
                             float            min[3],
                             float            max[3])
{
  if (!self->has_bounds)
    {
      for (int i = 0; i < 3; i++)
        min[i] = -1, max[i] = 1;
      return FALSE;
    }
  memcpy (min, self->min, sizeof self->min);
  memcpy (max, self->max, sizeof self->max);
  return TRUE;
}

void
atelier_renderer_set_mode (AtelierRenderer   *self,
                           AtelierRenderMode  mode)
{
  self->mode = mode;
}

AtelierRenderMode
atelier_renderer_get_mode (AtelierRenderer *self)
{
  return self->mode;
}

void
atelier_renderer_set_show_grid (AtelierRenderer *self,
                                gboolean         show_grid)
{
  self->show_grid = !!show_grid;
}

void
atelier_renderer_set_show_wireframe (AtelierRenderer *self,
                                     gboolean         show_wireframe)
{
  self->show_wireframe = !!show_wireframe;
}

void
atelier_renderer_set_background (AtelierRenderer *self,
                                 const float      rgba[4])
{
  memcpy (self->background, rgba, sizeof self->background);
}

void
atelier_renderer_get_stats (AtelierRenderer    *self,
                            AtelierRenderStats *stats)
{
  *stats = self->stats;
}

static void
texture_transform (const AtelierGltfTextureRef *ref,
                   float                        m[9])
{
  float sx = ref->uv_scale[0], sy = ref->uv_scale[1];
  float c = cosf (ref->rotation), s = sinf (ref->rotation);

  /* A zeroed ref (hand-made scenes) would collapse every UV to a point. */
  if (sx == 0 && sy == 0)
    sx = sy = 1;

  /* KHR_texture_transform: T * R * S, column-major. */
  m[0] = c * sx;  m[1] = -s * sx; m[2] = 0;
  m[3] = s * sy;  m[4] = c * sy;  m[5] = 0;
  m[6] = ref->offset[0]; m[7] = ref->offset[1]; m[8] = 1;
}

static void
bind_material (AtelierRenderer           *self,
               const AtelierGltfMaterial *mat)
{
  const AtelierGltfTextureRef *refs[N_SLOTS] = {
    &mat->base_color, &mat->metallic_roughness, &mat->normal, &mat->occlusion, &mat->emissive,
  };
  static const gboolean srgb[N_SLOTS] = { TRUE, FALSE, FALSE, FALSE, TRUE };
  GLint on[N_SLOTS], set[N_SLOTS];
  float xf[N_SLOTS * 9];
  float emissive[3];
  PbrUniforms *u = self->u;

  for (int i = 0; i < N_SLOTS; i++)
    {
      on[i] = atelier_render_textures_bind (self->textures, self->scene, refs[i]->texture,
                                            srgb[i], i);
      set[i] = refs[i]->texcoord == 1 ? 1 : 0;
      texture_transform (refs[i], &xf[i * 9]);
    }
  glUniform1iv (u->tex_on, N_SLOTS, on);
  glUniform1iv (u->tex_set, N_SLOTS, set);
  glUniformMatrix3fv (u->tex_xf, N_SLOTS, GL_FALSE, xf);

  for (int i = 0; i < 3; i++)
    emissive[i] = mat->emissive_factor[i] * (mat->emissive_strength > 0 ? mat->emissive_strength : 1);

  glUniform4fv (u->base_color_factor, 1, mat->base_color_factor);
  glUniform1f (u->metallic_factor, mat->metallic_factor);
  glUniform1f (u->roughness_factor, mat->roughness_factor);
  glUniform3fv (u->emissive, 1, emissive);
  glUniform1i (u->alpha_mode, mat->alpha_mode);
  glUniform1f (u->alpha_cutoff, mat->alpha_cutoff);
  glUniform1i (u->unlit, mat->unlit);
  glUniform1f (u->normal_scale, mat->normal.scale != 0 ? mat->normal.scale : 1);
  glUniform1f (u->occlusion_strength, mat->occlusion.scale);

  if (mat->double_sided)
    glDisable (GL_CULL_FACE);
  else
    glEnable (GL_CULL_FACE);
}

static void
draw_one (AtelierRenderer *self,
          Draw            *draw)
{
  PbrUniforms *u;

  if (!use_program (self, program_key (self, draw->mesh, draw->material)))
    return;
  u = self->u;
  glUniformMatrix4fv (u->model, 1, GL_FALSE, (float *) draw->world);
  glUniformMatrix3fv (u->normal_matrix, 1, GL_FALSE, (float *) draw->normal_matrix);
  glUniform1i (u->has_normals, draw->mesh->has[ATELIER_RENDER_ATTRIB_NORMAL]);
  bind_material (self, draw->material);
  atelier_render_mesh_draw (draw->mesh, self->software, self->use_lod);
  self->stats.draw_calls++;
  self->stats.triangles_drawn += atelier_render_mesh_get_drawn_triangles (draw->mesh, self->use_lod);
}

static int
compare_depth (gconstpointer a,
               gconstpointer b)
{
  const Draw *da = *(Draw * const *) a, *db = *(Draw * const *) b;

  /* Farthest first. */
  return (da->depth < db->depth) - (da->depth > db->depth);
}

/* FALSE (with a warning, once) when it does not build. */
static gboolean
ensure_line_program (AtelierRenderer *self)
{
  g_autoptr(GError) error = NULL;

  if (self->line || self->line_failed)
    return self->line != 0;
  if (!(self->line = atelier_render_program_new (self->use_es, "line.vert", "line.frag", NULL, &error)))
    {
      g_warning ("%s", error->message);
      self->line_failed = TRUE;
      return FALSE;
    }
  self->line_model = glGetUniformLocation (self->line, "u_model");
  self->line_view_proj = glGetUniformLocation (self->line, "u_view_proj");
  self->line_color = glGetUniformLocation (self->line, "u_color");
  return TRUE;
}

static gboolean
ensure_grid (AtelierRenderer *self)
{
  g_autoptr(GError) error = NULL;

  if (self->grid.program || self->grid_failed)
    return self->grid.program != 0;
  if (!atelier_render_grid_init (&self->grid, self->use_es, &error))
    {
      g_warning ("%s", error->message);
      self->grid_failed = TRUE;
      return FALSE;
    }
  return TRUE;
}

static void
draw_wireframe (AtelierRenderer           *self,
                mat4                       view_proj,
                const AtelierRenderCamera *camera,
                int                        width,
                int                        height)
{
  float color[4] = { 0.05f, 0.05f, 0.06f, 0.55f };
  float r_px, area, px_per_triangle;

  /* Dense meshes would turn solid black: fade the lines as triangles get
   * smaller on screen (estimated from the framed radius). */
  r_px = camera->radius / MAX (camera->distance * tanf (0.5f * camera->fov_y), 1e-6f) * height / 2;
  area = MIN (G_PI * r_px * r_px, (float) width * height);
  px_per_triangle = area / MAX (self->stats.triangles, 1);
  color[3] *= CLAMP (px_per_triangle / 40.0f, 0.12f, 1.0f);

  if (!ensure_line_program (self))
    return;
  glUseProgram (self->line);
  glUniformMatrix4fv (self->line_view_proj, 1, GL_FALSE, (float *) view_proj);
  glUniform4fv (self->line_color, 1, color);
  glEnable (GL_BLEND);
  glDepthMask (GL_FALSE);
  for (guint i = 0; i < self->draws->len; i++)
    {
      Draw *draw = &g_array_index (self->draws, Draw, i);

      glUniformMatrix4fv (self->line_model, 1, GL_FALSE, (float *) draw->world);
      atelier_render_mesh_draw_lines (draw->mesh, draw->primitive, self->use_lod);
      self->stats.draw_calls++;
    }
  glDepthMask (GL_TRUE);
}

static void
grid_placement (AtelierRenderer *self,
                vec3             center,
                float           *extent,
                float           *cell)
{
  float min[3], max[3], radius;

  atelier_renderer_get_bounds (self, min, max);
  radius = 0.5f * sqrtf ((max[0] - min[0]) * (max[0] - min[0]) +
                         (max[1] - min[1]) * (max[1] - min[1]) +
                         (max[2] - min[2]) * (max[2] - min[2]));
  radius = MAX (radius, 1e-4f);
  center[0] = 0.5f * (min[0] + max[0]);
  center[1] = min[1];
  center[2] = 0.5f * (min[2] + max[2]);
  *extent = radius * 5;
  *cell = powf (10.0f, floorf (log10f (radius * 2))) / 10;
}

static gboolean
timer_begin (AtelierRenderer *self)
{
  guint slot = self->timer_frame & 1;

  if (!self->timer_queries[0])
    return FALSE;

  /* Read this slot's result from two frames ago without stalling; if it is
   * not ready, skip timing this frame. */
  if (self->timer_pending[slot])
    {
      GLuint available = 0;
      GLuint64 ns = 0;

      glGetQueryObjectuiv (self->timer_queries[slot], GL_QUERY_RESULT_AVAILABLE, &available);
      if (!available)
        return FALSE;
      glGetQueryObjectui64v (self->timer_queries[slot], GL_QUERY_RESULT, &ns);
      self->stats.gpu_ms = ns / 1e6;
      self->timer_pending[slot] = FALSE;
    }
  glBeginQuery (GL_TIME_ELAPSED, self->timer_queries[slot]);
  self->timer_pending[slot] = TRUE;
  return TRUE;
}

static void
timer_end (AtelierRenderer *self,
           gboolean         began)
{
  if (began)
    glEndQuery (GL_TIME_ELAPSED);
  self->timer_frame++;
}

void
atelier_renderer_draw (AtelierRenderer           *self,
                       const AtelierRenderCamera *camera,
                       int                        width,
                       int                        height)
{
  gint64 start = g_get_monotonic_time ();
  mat4 view, projection, view_proj;
  mat3 view_rot, view_rot_inv;
  vec3 eye, light_view = { -0.45f, 0.75f, 0.55f }, light_dir;
  const float *bg = self->background;
  gboolean shaded = self->mode == ATELIER_RENDER_MODE_SHADED;
  gboolean began_timer;
  gint64 t;

  began_timer = timer_begin (self);

  self->stats.draw_calls = 0;
  self->stats.triangles_drawn = 0;
  glViewport (0, 0, width, height);
  glClearColor (bg[0] * bg[3], bg[1] * bg[3], bg[2] * bg[3], bg[3]);
  glClearDepthf (1.0f);
  glDepthMask (GL_TRUE);
  glColorMask (GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  glClear (GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  atelier_render_profile_end (start, "  frame: clear", TRUE);
  t = atelier_render_profile_begin ();

  atelier_render_camera_get_matrices (camera, width / (float) MAX (height, 1), view, projection);
  glm_mat4_mul (projection, view, view_proj);
  atelier_render_camera_get_eye (camera, eye);

  /* The key light hangs above the camera's left shoulder and follows it. */
  glm_mat4_pick3 (view, view_rot);
  glm_mat3_transpose_to (view_rot, view_rot_inv);
  glm_vec3_normalize (light_view);
  glm_mat3_mulv (view_rot_inv, light_view, light_dir);

  glEnable (GL_DEPTH_TEST);
  glDepthFunc (GL_LEQUAL);
  glDisable (GL_BLEND);
  glBlendFuncSeparate (GL_ONE, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glFrontFace (GL_CCW);
  glCullFace (GL_BACK);

  if (self->show_wireframe || self->mode == ATELIER_RENDER_MODE_WIREFRAME)
    {
      glEnable (GL_POLYGON_OFFSET_FILL);
      glPolygonOffset (1.0f, 1.0f);
    }

  /* Each program gets these when draw_one() switches to it. */
  glm_mat4_copy (view_proj, self->frame_view_proj);
  glm_vec3_copy (eye, self->frame_eye);
  glm_vec3_copy (light_dir, self->frame_light_dir);
  self->u = NULL;

  glActiveTexture (GL_TEXTURE0 + UNIT_BRDF);
  glBindTexture (GL_TEXTURE_2D, self->env.brdf_lut);
  glActiveTexture (GL_TEXTURE0 + UNIT_SPECULAR);
  glBindTexture (GL_TEXTURE_CUBE_MAP, self->env.specular);
  glActiveTexture (GL_TEXTURE0 + UNIT_IRRADIANCE);
  glBindTexture (GL_TEXTURE_CUBE_MAP, self->env.irradiance);

  /* Disabled arrays read these constants. */
  glVertexAttrib4f (ATELIER_RENDER_ATTRIB_NORMAL, 0, 0, 0, 0);
  glVertexAttrib4f (ATELIER_RENDER_ATTRIB_TANGENT, 0, 0, 0, 1);
  glVertexAttrib4f (ATELIER_RENDER_ATTRIB_UV0, 0, 0, 0, 1);
  glVertexAttrib4f (ATELIER_RENDER_ATTRIB_UV1, 0, 0, 0, 1);
  glVertexAttrib4f (ATELIER_RENDER_ATTRIB_COLOR, 1, 1, 1, 1);

  g_ptr_array_set_size (self->blended, 0);
  for (guint i = 0; i < self->draws->len; i++)
    {
      Draw *draw = &g_array_index (self->draws, Draw, i);

      if (shaded && draw->material->alpha_mode == ATELIER_GLTF_ALPHA_BLEND)
        {
          vec4 c = { draw->center[0], draw->center[1], draw->center[2], 1 }, v;
          glm_mat4_mulv (view, c, v);
          draw->depth = -v[2];
          g_ptr_array_add (self->blended, draw);
          continue;
        }
      draw_one (self, draw);
    }
  glDisable (GL_POLYGON_OFFSET_FILL);
  atelier_render_profile_end (t, self->use_lod ? "  frame: opaque (lod)" : "  frame: opaque", TRUE);
  t = atelier_render_profile_begin ();

  glEnable (GL_BLEND);
  glDepthMask (GL_FALSE);
  if (self->show_grid && ensure_grid (self))
    {
      vec3 center, grid_color = { 0.62f, 0.62f, 0.64f };
      float extent, cell;

      grid_placement (self, center, &extent, &cell);
      /* Seen from below, the floor would only hide the model. */
      if (eye[1] > center[1])
        {
          glDisable (GL_CULL_FACE);
          glBindVertexArray (self->empty_vao);
          atelier_render_grid_draw (&self->grid, view_proj, center, extent, cell, grid_color);
          self->stats.draw_calls++;
          self->u = NULL;
        }
    }

  atelier_render_profile_end (t, "  frame: grid", TRUE);
  t = atelier_render_profile_begin ();
  if (self->blended->len > 0)
    {
      g_ptr_array_sort (self->blended, compare_depth);
      for (guint i = 0; i < self->blended->len; i++)
        draw_one (self, g_ptr_array_index (self->blended, i));
    }
  glDepthMask (GL_TRUE);
  glDisable (GL_BLEND);

  if (self->show_wireframe || self->mode == ATELIER_RENDER_MODE_WIREFRAME)
    draw_wireframe (self, view_proj, camera, width, height);

  /* Leave the context as we found it for GTK. */
  for (int unit = UNIT_IRRADIANCE; unit >= 0; unit--)
    {
      glActiveTexture (GL_TEXTURE0 + unit);
      glBindTexture (GL_TEXTURE_2D, 0);
      glBindTexture (GL_TEXTURE_CUBE_MAP, 0);
      glBindSampler (unit, 0);
    }
  glBindVertexArray (0);
  glUseProgram (0);
  glDisable (GL_BLEND);
  glDisable (GL_DEPTH_TEST);
  glDisable (GL_CULL_FACE);
  glDepthMask (GL_TRUE);

  atelier_render_profile_end (t, "  frame: blended, lines", TRUE);
  timer_end (self, began_timer);
  self->stats.cpu_ms = (g_get_monotonic_time () - start) / 1000.0;
}
