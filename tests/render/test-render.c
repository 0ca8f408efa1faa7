/* test-render.c: headless renders of small scenes, checked pixel by pixel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <epoxy/gl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <math.h>

#include "atelier-headless.h"
#include "atelier-renderer.h"
#include "atelier-test-skip.h"
#include "render-fixtures.h"

#define SIZE 128

typedef struct
{
  AtelierHeadless *headless;
  AtelierRenderer *renderer;
} Fixture;

static Fixture fx;

static const float black[4] = { 0, 0, 0, 1 };

/* Looks straight down -Z at the origin; orthographic so the 2×2 quad covers
 * exactly the middle half of the image. */
static void
front_camera (AtelierRenderCamera *camera)
{
  atelier_render_camera_init (camera);
  glm_vec3_zero (camera->target);
  camera->yaw = 0;
  camera->pitch = 0;
  camera->radius = 2;
  camera->orthographic = TRUE;
  camera->distance = 2.0f / tanf (0.5f * camera->fov_y);
}

static guint8 *
render (const AtelierGltfScene    *scene,
        AtelierRenderMode          mode,
        const AtelierRenderCamera *camera_in)
{
  g_autoptr(GError) error = NULL;
  AtelierRenderCamera camera;
  guint8 *rgba;

  atelier_renderer_set_scene (fx.renderer, scene);
  atelier_renderer_set_mode (fx.renderer, mode);
  atelier_renderer_set_show_grid (fx.renderer, FALSE);
  atelier_renderer_set_show_wireframe (fx.renderer, FALSE);
  atelier_renderer_set_background (fx.renderer, black);

  if (camera_in)
    camera = *camera_in;
  else
    {
      float min[3], max[3];
      atelier_render_camera_init (&camera);
      atelier_renderer_get_bounds (fx.renderer, min, max);
      atelier_render_camera_frame_bounds (&camera, min, max, 1.0f);
    }

  atelier_headless_bind (fx.headless);
  atelier_renderer_draw (fx.renderer, &camera, SIZE, SIZE);
  rgba = atelier_headless_read_rgba (fx.headless);
  atelier_headless_check_gl (fx.headless, &error);
  g_assert_no_error (error);
  atelier_renderer_set_scene (fx.renderer, NULL);

  /* To look at what a test saw: ATELIER_RENDER_TEST_DUMP=/some/dir */
  if (g_getenv ("ATELIER_RENDER_TEST_DUMP"))
    {
      static guint n;
      g_autofree char *name = g_strdup_printf ("%s-%u.png", atelier_render_mode_to_string (mode), n++);
      g_autofree char *path = g_build_filename (g_getenv ("ATELIER_RENDER_TEST_DUMP"), name, NULL);
      atelier_headless_write_png (rgba, SIZE, SIZE, FALSE, path, NULL);
    }
  return rgba;
}

static const guint8 *
pixel (const guint8 *rgba,
       int           x,
       int           y)
{
  return rgba + ((gsize) y * SIZE + x) * 4;
}

static void
assert_pixel_near (const guint8 *rgba,
                   int           x,
                   int           y,
                   int           r,
                   int           g,
                   int           b,
                   int           tolerance)
{
  const guint8 *p = pixel (rgba, x, y);

  if (ABS (p[0] - r) > tolerance || ABS (p[1] - g) > tolerance || ABS (p[2] - b) > tolerance)
    g_error ("pixel (%d, %d) is %d,%d,%d; expected %d,%d,%d ± %d",
             x, y, p[0], p[1], p[2], r, g, b, tolerance);
}

static void
test_unlit_quad (void)
{
  g_autoptr(FixtureScene) scene = fixture_quad (TRUE);
  g_autofree guint8 *rgba = NULL;
  AtelierRenderCamera camera;
  AtelierGltfMaterial *m = fixture_material (scene);
  guint inside = 0, outside = 0;

  m->unlit = TRUE;
  m->base_color_factor[0] = 1;
  m->base_color_factor[1] = 0;
  m->base_color_factor[2] = 0;

  front_camera (&camera);
  rgba = render (scene, ATELIER_RENDER_MODE_SHADED, &camera);

  /* The quad spans [SIZE/4, 3·SIZE/4) on both axes; keep off the edges,
   * where multisampling blends. */
  for (int y = 0; y < SIZE; y++)
    for (int x = 0; x < SIZE; x++)
      {
        gboolean in = x > SIZE / 4 + 1 && x < 3 * SIZE / 4 - 2 && y > SIZE / 4 + 1 && y < 3 * SIZE / 4 - 2;
        gboolean out = x < SIZE / 4 - 2 || x > 3 * SIZE / 4 + 1 || y < SIZE / 4 - 2 || y > 3 * SIZE / 4 + 1;

        if (in)
          {
            assert_pixel_near (rgba, x, y, 255, 0, 0, 1);
            inside++;
          }
        else if (out)
          {
            assert_pixel_near (rgba, x, y, 0, 0, 0, 0);
            outside++;
          }
      }
  g_assert_cmpuint (inside, >, 3000);
  g_assert_cmpuint (outside, >, 9000);
}

static void
test_textured_cube (void)
{
  g_autoptr(FixtureScene) scene = fixture_cube (TRUE);
  g_autofree guint8 *flat = NULL, *lit = NULL;
  guint8 tex[8 * 8 * 4];
  guint green = 0, blue = 0, lit_green = 0, lit_blue = 0;
  AtelierGltfMaterial *m = fixture_material (scene);

  /* Left half green, right half blue, on every face. */
  for (int y = 0; y < 8; y++)
    for (int x = 0; x < 8; x++)
      {
        guint8 *p = &tex[(y * 8 + x) * 4];
        p[0] = 0;
        p[1] = x < 4 ? 200 : 0;
        p[2] = x < 4 ? 0 : 200;
        p[3] = 255;
      }
  fixture_texture_ref (&m->base_color, fixture_add_texture (scene, tex, 8, 8));

  flat = render (scene, ATELIER_RENDER_MODE_BASE_COLOR, NULL);
  lit = render (scene, ATELIER_RENDER_MODE_SHADED, NULL);

  for (int i = 0; i < SIZE * SIZE; i++)
    {
      const guint8 *p = flat + i * 4, *q = lit + i * 4;

      /* sRGB texture sampled and re-encoded: 200 comes back as 200. */
      if (p[0] < 4 && ABS (p[1] - 200) <= 3 && p[2] < 4)
        green++;
      if (p[0] < 4 && p[1] < 4 && ABS (p[2] - 200) <= 3)
        blue++;
      if (q[1] > 40 && q[1] > 2 * q[0] && q[1] > 2 * q[2])
        lit_green++;
      if (q[2] > 40 && q[2] > 2 * q[0] && q[2] > 2 * q[1])
        lit_blue++;
    }
  g_test_message ("base colour: %u green, %u blue; shaded: %u green, %u blue",
                  green, blue, lit_green, lit_blue);
  g_assert_cmpuint (green, >, 1000);
  g_assert_cmpuint (blue, >, 1000);
  g_assert_cmpuint (lit_green, >, 1000);
  g_assert_cmpuint (lit_blue, >, 1000);
}

static void
test_alpha_mask (void)
{
  g_autoptr(FixtureScene) scene = fixture_quad (TRUE);
  g_autofree guint8 *rgba = NULL;
  AtelierRenderCamera camera;
  guint8 tex[16 * 16 * 4];
  AtelierGltfMaterial *m = fixture_material (scene);

  /* White, with a transparent square hole in the middle quarter. */
  for (int y = 0; y < 16; y++)
    for (int x = 0; x < 16; x++)
      {
        guint8 *p = &tex[(y * 16 + x) * 4];
        gboolean hole = x >= 4 && x < 12 && y >= 4 && y < 12;
        p[0] = p[1] = p[2] = 255;
        p[3] = hole ? 0 : 255;
      }
  fixture_texture_ref (&m->base_color, fixture_add_texture (scene, tex, 16, 16));
  m->alpha_mode = ATELIER_GLTF_ALPHA_MASK;
  m->alpha_cutoff = 0.5f;
  m->unlit = TRUE;

  front_camera (&camera);
  rgba = render (scene, ATELIER_RENDER_MODE_SHADED, &camera);

  /* Quad covers [32, 96); its hole is the middle half: [48, 80). */
  assert_pixel_near (rgba, SIZE / 2, SIZE / 2, 0, 0, 0, 0);
  assert_pixel_near (rgba, 52, 52, 0, 0, 0, 0);
  assert_pixel_near (rgba, 76, 60, 0, 0, 0, 0);
  assert_pixel_near (rgba, 36, 36, 255, 255, 255, 1);
  assert_pixel_near (rgba, 90, 64, 255, 255, 255, 1);
  assert_pixel_near (rgba, 64, 40, 255, 255, 255, 1);

  /* Without MASK the hole is drawn (opaque ignores alpha). */
  g_free (rgba);
  m->alpha_mode = ATELIER_GLTF_ALPHA_OPAQUE;
  rgba = render (scene, ATELIER_RENDER_MODE_SHADED, &camera);
  assert_pixel_near (rgba, SIZE / 2, SIZE / 2, 255, 255, 255, 1);
}

static void
test_blend_and_sides (void)
{
  g_autoptr(FixtureScene) scene = fixture_quad (TRUE);
  g_autofree guint8 *blend = NULL, *front = NULL, *back = NULL, *twosided = NULL, *glow = NULL;
  AtelierRenderCamera camera;
  AtelierGltfMaterial *m = fixture_material (scene);

  /* Half-transparent unlit red over black: half the red, premultiplied. */
  m->unlit = TRUE;
  m->base_color_factor[1] = m->base_color_factor[2] = 0;
  m->base_color_factor[3] = 0.5f;
  m->alpha_mode = ATELIER_GLTF_ALPHA_BLEND;
  front_camera (&camera);
  blend = render (scene, ATELIER_RENDER_MODE_SHADED, &camera);
  assert_pixel_near (blend, SIZE / 2, SIZE / 2, 128, 0, 0, 2);

  /* Single-sided: culled from behind; double-sided: drawn. */
  m->base_color_factor[3] = 1;
  m->alpha_mode = ATELIER_GLTF_ALPHA_OPAQUE;
  front = render (scene, ATELIER_RENDER_MODE_SHADED, &camera);
  assert_pixel_near (front, SIZE / 2, SIZE / 2, 255, 0, 0, 1);
  camera.yaw = G_PI;
  back = render (scene, ATELIER_RENDER_MODE_SHADED, &camera);
  assert_pixel_near (back, SIZE / 2, SIZE / 2, 0, 0, 0, 0);
  m->double_sided = TRUE;
  twosided = render (scene, ATELIER_RENDER_MODE_SHADED, &camera);
  assert_pixel_near (twosided, SIZE / 2, SIZE / 2, 255, 0, 0, 1);

  /* Emissive green on a black lit surface comes out green. */
  m->unlit = FALSE;
  m->double_sided = FALSE;
  m->base_color_factor[0] = 0;
  m->emissive_factor[1] = 1;
  m->emissive_strength = 1;
  camera.yaw = 0;
  glow = render (scene, ATELIER_RENDER_MODE_SHADED, &camera);
  {
    const guint8 *p = pixel (glow, SIZE / 2, SIZE / 2);
    g_assert_cmpint (p[1], >, 200);
    g_assert_cmpint (p[1], >, p[0] + 100);
  }
}

static void
test_texture_transform (void)
{
  g_autoptr(FixtureScene) scene = fixture_quad (TRUE);
  g_autofree guint8 *plain = NULL, *shifted = NULL;
  AtelierRenderCamera camera;
  AtelierGltfMaterial *m = fixture_material (scene);
  guint8 tex[2 * 1 * 4] = { 255, 0, 0, 255,  0, 0, 255, 255 };  /* red | blue */
  AtelierGltfSampler nearest = { GL_NEAREST, GL_NEAREST, GL_REPEAT, GL_REPEAT };

  m->unlit = TRUE;
  fixture_texture_ref (&m->base_color, fixture_add_texture (scene, tex, 2, 1));
  scene->samplers = g_memdup2 (&nearest, sizeof nearest);
  scene->n_samplers = 1;
  scene->textures[0].sampler = 0;
  front_camera (&camera);

  plain = render (scene, ATELIER_RENDER_MODE_BASE_COLOR, &camera);
  assert_pixel_near (plain, 40, 64, 255, 0, 0, 1);
  assert_pixel_near (plain, 88, 64, 0, 0, 255, 1);

  /* KHR_texture_transform: half a texture to the right swaps the halves. */
  m->base_color.offset[0] = 0.5f;
  shifted = render (scene, ATELIER_RENDER_MODE_BASE_COLOR, &camera);
  assert_pixel_near (shifted, 40, 64, 0, 0, 255, 1);
  assert_pixel_near (shifted, 88, 64, 255, 0, 0, 1);
}

static double
mean_luma (const guint8 *rgba,
           guint        *covered)
{
  double sum = 0;

  *covered = 0;
  for (int i = 0; i < SIZE * SIZE; i++)
    {
      const guint8 *p = rgba + i * 4;
      if (p[0] == 0 && p[1] == 0 && p[2] == 0)
        continue;
      sum += 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
      (*covered)++;
    }
  return *covered ? sum / *covered : 0;
}

static void
test_clay_metallic_no_normals (void)
{
  g_autoptr(FixtureScene) scene = fixture_sphere (FALSE, 16, 32);
  g_autofree guint8 *clay = NULL, *basecolor = NULL;
  AtelierGltfMaterial *m = fixture_material (scene);
  guint covered = 0;
  double luma;

  m->metallic_factor = 1;
  m->roughness_factor = 0;
  m->base_color_factor[0] = m->base_color_factor[1] = m->base_color_factor[2] = 0.02f;

  clay = render (scene, ATELIER_RENDER_MODE_CLAY, NULL);
  luma = mean_luma (clay, &covered);
  g_test_message ("clay: %u px covered, mean luma %.1f", covered, luma);
  g_assert_cmpuint (covered, >, SIZE * SIZE / 8);
  g_assert_cmpfloat (luma, >, 60);

  /* And the clay does not depend on the (black, metallic) material. */
  m->base_color_factor[0] = 1;
  basecolor = render (scene, ATELIER_RENDER_MODE_CLAY, NULL);
  g_assert_cmpmem (clay, SIZE * SIZE * 4, basecolor, SIZE * SIZE * 4);
}

static void
test_modes_and_overlays (void)
{
  g_autoptr(FixtureScene) scene = fixture_sphere (TRUE, 12, 24);
  static const AtelierRenderMode modes[] = {
    ATELIER_RENDER_MODE_SHADED, ATELIER_RENDER_MODE_CLAY, ATELIER_RENDER_MODE_BASE_COLOR,
    ATELIER_RENDER_MODE_NORMALS, ATELIER_RENDER_MODE_WIREFRAME, ATELIER_RENDER_MODE_UV_CHECKER,
  };
  AtelierRenderStats stats;
  g_autoptr(GError) error = NULL;
  AtelierRenderCamera camera;
  float min[3], max[3];

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree guint8 *rgba = render (scene, modes[i], NULL);
      guint covered;
      AtelierRenderMode parsed;

      mean_luma (rgba, &covered);
      g_assert_cmpuint (covered, >, SIZE * SIZE / 8);
      g_assert_true (atelier_render_mode_from_string (atelier_render_mode_to_string (modes[i]), &parsed));
      g_assert_cmpint (parsed, ==, modes[i]);
    }

  /* Grid, wireframe overlay, transparent background, perspective. */
  atelier_renderer_set_scene (fx.renderer, scene);
  atelier_renderer_set_show_grid (fx.renderer, TRUE);
  atelier_renderer_set_show_wireframe (fx.renderer, TRUE);
  atelier_renderer_get_bounds (fx.renderer, min, max);
  atelier_render_camera_init (&camera);
  atelier_render_camera_frame_bounds (&camera, min, max, 1);
  atelier_headless_bind (fx.headless);
  atelier_renderer_draw (fx.renderer, &camera, SIZE, SIZE);
  atelier_headless_check_gl (fx.headless, &error);
  g_assert_no_error (error);

  atelier_renderer_get_stats (fx.renderer, &stats);
  g_assert_cmpuint (stats.vertices, ==, 13 * 25);
  g_assert_cmpuint (stats.triangles, ==, 12 * 24 * 2);
  g_assert_cmpuint (stats.draw_calls, ==, 3);  /* mesh, grid, wireframe */
  g_assert_cmpfloat (stats.cpu_ms, >=, 0);
  atelier_renderer_set_scene (fx.renderer, NULL);
}

static void
test_transparent_png (void)
{
  g_autoptr(FixtureScene) scene = fixture_cube (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *dir = g_dir_make_tmp ("atelier-render-XXXXXX", &error);
  g_autofree char *path = NULL;
  AtelierHeadlessOptions options;
  const guint8 *px;
  int stride;

  g_assert_no_error (error);
  path = g_build_filename (dir, "cube.png", NULL);

  /* Its own context, like `atelier-cli render`. */
  atelier_headless_options_init (&options);
  options.width = 96;
  options.height = 64;
  options.transparent = TRUE;
  options.show_grid = FALSE;
  g_assert_true (atelier_headless_render_png (scene, &options, path, &error));
  g_assert_no_error (error);

  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 96);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 64);
  g_assert_true (gdk_pixbuf_get_has_alpha (pixbuf));
  px = gdk_pixbuf_read_pixels (pixbuf);
  stride = gdk_pixbuf_get_rowstride (pixbuf);
  g_assert_cmpint (px[3], ==, 0);                         /* corner: clear */
  g_assert_cmpint (px[32 * stride + 48 * 4 + 3], ==, 255); /* centre: cube */

  g_unlink (path);
  g_rmdir (dir);

  /* The shared context is current again for the next tests. */
  g_assert_true (atelier_headless_make_current (fx.headless));
}

static void
test_camera (void)
{
  AtelierRenderCamera camera;
  float min[3] = { 10, 0, -2 }, max[3] = { 12, 4, 2 };
  vec3 eye;

  atelier_render_camera_init (&camera);
  atelier_render_camera_frame_bounds (&camera, min, max, 1.6f);
  g_assert_cmpfloat_with_epsilon (camera.target[0], 11, 1e-5);
  g_assert_cmpfloat_with_epsilon (camera.target[1], 2, 1e-5);
  g_assert_cmpfloat (camera.distance, >, camera.radius);

  atelier_render_camera_orbit (&camera, 1, 10);
  g_assert_cmpfloat (camera.pitch, <, G_PI / 2);
  atelier_render_camera_zoom (&camera, 0.5f);
  atelier_render_camera_pan (&camera, 100, 0, 800);
  g_assert_cmpfloat (fabsf (camera.target[0] - 11) + fabsf (camera.target[2]), >, 0.01f);

  atelier_render_camera_reset (&camera);
  g_assert_cmpfloat_with_epsilon (camera.target[0], 11, 1e-5);
  atelier_render_camera_get_eye (&camera, eye);
  g_assert_cmpfloat_with_epsilon (glm_vec3_distance (eye, camera.target), camera.distance, 1e-3);

  /* Empty bounds frame the unit cube rather than NaNs. */
  min[0] = 1; max[0] = -1;
  atelier_render_camera_frame_bounds (&camera, min, max, 1);
  g_assert_true (isfinite (camera.distance) && camera.distance > 0);
}

/* A picture made with atelier_renderer_set_scene_still(), which leaves out
 * the triangles it decides cannot show, must be the very same picture. A
 * dense sphere at 128² has most triangles between pixel centres; zoomed in,
 * part of it is outside the view; mirrored, its winding flips; double-sided,
 * nothing faces away. With and without multisampling. */
static void
test_still_culling (void)
{
  for (int samples = 0; samples <= 4; samples += 4)
    for (int variant = 0; variant < 4; variant++)
      {
        g_autoptr(FixtureScene) scene = fixture_sphere (TRUE, 150, 300);
        g_autoptr(GError) error = NULL;
        g_autofree guint8 *full = NULL;
        g_autofree guint8 *still = NULL;
        AtelierRenderCamera camera;
        float min[3], max[3];
        AtelierRenderStats stats;
        gsize differ = 0;

        if (variant == 1)
          scene->instances[0].world[0] = -1;   /* mirrored */
        if (variant == 2)
          fixture_material (scene)->double_sided = TRUE;

        atelier_headless_set_samples (fx.headless, samples, &error);
        g_assert_no_error (error);
        atelier_render_camera_init (&camera);
        g_assert_true (atelier_renderer_scene_bounds (scene, min, max));
        atelier_render_camera_frame_bounds (&camera, min, max, 1.0f);
        if (variant == 3)
          {
            atelier_render_camera_zoom (&camera, 0.4f);
            atelier_render_camera_orbit (&camera, 0.3f, 0.2f);
          }

        full = render (scene, ATELIER_RENDER_MODE_SHADED, &camera);

        atelier_renderer_set_mode (fx.renderer, ATELIER_RENDER_MODE_SHADED);
        atelier_renderer_set_scene_still (fx.renderer, scene, &camera, SIZE, SIZE, samples, TRUE);
        atelier_renderer_get_stats (fx.renderer, &stats);
        g_assert_cmpuint (stats.triangles, ==, 150 * 300 * 2);
        /* Released as uploaded. */
        g_assert_null (scene->meshes[0].primitives[0].positions);
        g_assert_null (scene->meshes[0].primitives[0].indices);
        atelier_headless_bind (fx.headless);
        atelier_renderer_draw (fx.renderer, &camera, SIZE, SIZE);
        atelier_renderer_get_stats (fx.renderer, &stats);
        g_test_message ("drew %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " triangles",
                        stats.triangles_drawn, stats.triangles);
        /* Most are between pixel centres, or face away. */
        if (variant != 2 || samples == 0)
          g_assert_cmpuint (stats.triangles_drawn, <, stats.triangles * 3 / 4);
        still = atelier_headless_read_rgba (fx.headless);
        atelier_headless_check_gl (fx.headless, &error);
        g_assert_no_error (error);
        atelier_renderer_set_scene (fx.renderer, NULL);

        for (gsize i = 0; i < (gsize) SIZE * SIZE * 4; i++)
          differ += full[i] != still[i];
        g_test_message ("samples %d, variant %d: %" G_GSIZE_FORMAT " bytes differ",
                        samples, variant, differ);
        g_assert_cmpuint (differ, ==, 0);
      }
  atelier_headless_set_samples (fx.headless, 4, NULL);
}

/* Without headless GL every case is listed as skipped, with the reason. */
static char *skip_reason;

static void
add_gl_test (const char *path,
             GTestFunc   func)
{
  if (skip_reason != NULL)
    g_test_add_data_func (path, skip_reason, atelier_test_skip);
  else
    g_test_add_func (path, func);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  fx.headless = atelier_headless_new (SIZE, SIZE, 4, &error);
  if (fx.headless == NULL)
    {
      g_printerr ("No headless GL: %s\n", error->message);
      skip_reason = g_strdup_printf ("No headless GL: %s", error->message);
    }
  else
    {
      fx.renderer = atelier_renderer_new (atelier_headless_get_use_es (fx.headless), &error);
      g_assert_no_error (error);
      g_test_message ("GL: %s, %s", glGetString (GL_VERSION), glGetString (GL_RENDERER));
      if (g_strcmp0 (g_getenv ("ATELIER_RENDER_GLES"), "1") == 0)
        g_assert_true (atelier_headless_get_use_es (fx.headless));
    }

  add_gl_test ("/render/camera", test_camera);
  add_gl_test ("/render/unlit-quad", test_unlit_quad);
  add_gl_test ("/render/textured-cube", test_textured_cube);
  add_gl_test ("/render/alpha-mask", test_alpha_mask);
  add_gl_test ("/render/clay-metallic-no-normals", test_clay_metallic_no_normals);
  add_gl_test ("/render/modes", test_modes_and_overlays);
  add_gl_test ("/render/blend-and-sides", test_blend_and_sides);
  add_gl_test ("/render/texture-transform", test_texture_transform);
  add_gl_test ("/render/transparent-png", test_transparent_png);
  add_gl_test ("/render/still-culling", test_still_culling);

  ret = g_test_run ();

  if (fx.headless != NULL)
    {
      atelier_headless_bind (fx.headless);
      atelier_renderer_free (fx.renderer);
      atelier_headless_free (fx.headless);
    }
  g_free (skip_reason);
  return ret;
}
