/* test-model-view.c: AtelierModelView realized in a real window (Xvfb)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "atelier-headless.h"
#include "atelier-model-view.h"
#include "atelier-render-lod.h"
#include "atelier-procedural.h"
#include "atelier-test-skip.h"
#include "image-fixtures.h"
#include "render-fixtures.h"

typedef struct
{
  GtkWindow        *window;
  AtelierModelView *view;
} Fixture;

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;
  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spins the main loop until @done (or 20 s: the test then fails). */
static void
wait_until (gboolean (*done) (AtelierModelView *view),
            AtelierModelView *view)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (20, timeout_cb, &timed_out);

  while (!done (view) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static gboolean
has_drawn (AtelierModelView *view)
{
  AtelierRenderStats stats;

  atelier_model_view_get_stats (view, &stats);
  return stats.draw_calls > 0 && stats.triangles > 0;
}

static gboolean
not_loading (AtelierModelView *view)
{
  return !atelier_model_view_get_loading (view);
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fx->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fx->window, 320, 240);
  fx->view = ATELIER_MODEL_VIEW (atelier_model_view_new ());
  gtk_window_set_child (fx->window, GTK_WIDGET (fx->view));
  gtk_window_present (fx->window);
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  AtelierModelView *view = fx->view;

  /* The view must go away with its window: no reference left behind by a
   * load, a tick callback or an idle. */
  g_object_add_weak_pointer (G_OBJECT (view), (gpointer *) &view);
  gtk_window_destroy (fx->window);

  /* A cancelled load lets go once its worker has returned. */
  {
    gboolean timed_out = FALSE;
    guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

    while (view != NULL && !timed_out)
      g_main_context_iteration (NULL, TRUE);
    if (!timed_out)
      g_source_remove (id);
  }
  g_assert_null (view);
}

static void
count_colours (GdkPixbuf *pixbuf,
               guint     *reddish,
               guint     *clear)
{
  const guint8 *px = gdk_pixbuf_read_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  *reddish = *clear = 0;
  for (int y = 0; y < gdk_pixbuf_get_height (pixbuf); y++)
    for (int x = 0; x < gdk_pixbuf_get_width (pixbuf); x++)
      {
        const guint8 *p = px + y * stride + x * 4;
        if (p[3] == 0)
          (*clear)++;
        else if (p[0] > 120 && p[0] > 2 * p[1] && p[0] > 2 * p[2])
          (*reddish)++;
      }
}

static void
test_scene (Fixture       *fx,
            gconstpointer  data)
{
  AtelierGltfScene *scene = fixture_cube (TRUE);
  g_autoptr(GdkPixbuf) shot = NULL;
  g_autoptr(GdkPixbuf) transparent = NULL;
  g_autoptr(GError) error = NULL;
  AtelierGltfMaterial *m = fixture_material (scene);
  guint reddish, clear;

  m->base_color_factor[1] = m->base_color_factor[2] = 0.05f;
  atelier_model_view_set_scene_full (fx->view, scene, (GDestroyNotify) fixture_scene_free);
  wait_until (has_drawn, fx->view);
  g_assert_true (gtk_widget_get_realized (GTK_WIDGET (fx->view)));
  g_assert_null (gtk_gl_area_get_error (GTK_GL_AREA (fx->view)));

  shot = atelier_model_view_screenshot (fx->view, 160, 120, FALSE, &error);
  g_assert_no_error (error);
  count_colours (shot, &reddish, &clear);
  g_test_message ("opaque screenshot: %u red pixels", reddish);
  g_assert_cmpuint (reddish, >, 160 * 120 / 10);
  g_assert_cmpuint (clear, ==, 0);

  transparent = atelier_model_view_screenshot (fx->view, 160, 120, TRUE, &error);
  g_assert_no_error (error);
  count_colours (transparent, &reddish, &clear);
  g_assert_cmpuint (reddish, >, 160 * 120 / 10);
  g_assert_cmpuint (clear, >, 160 * 120 / 4);

  /* The controls drive the view through its actions. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->view), "model-view.show-wireframe", NULL));
  g_assert_true (atelier_model_view_get_show_wireframe (fx->view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->view), "model-view.show-stats", NULL));
  g_assert_true (atelier_model_view_get_show_stats (fx->view));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->view), "model-view.auto-rotate", NULL));
  g_assert_true (atelier_model_view_get_auto_rotate (fx->view));
  atelier_model_view_set_mode (fx->view, ATELIER_RENDER_MODE_CLAY);
  atelier_model_view_set_orthographic (fx->view, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->view), "model-view.frame", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fx->view), "model-view.reset", NULL));

  /* A few turntable frames with every overlay on. */
  for (int i = 0; i < 5; i++)
    {
      AtelierRenderStats stats;
      atelier_model_view_get_stats (fx->view, &stats);
      memset (&stats, 0, sizeof stats);
      wait_until (has_drawn, fx->view);
    }
  atelier_model_view_set_auto_rotate (fx->view, FALSE);
  g_assert_null (gtk_gl_area_get_error (GTK_GL_AREA (fx->view)));
}

static char *
write_model (const char *dir)
{
  AtelierProceduralModel model = { .prompt = "teapot", .faces = 2000, .with_normals = FALSE, .texture_size = 64 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) glb = atelier_procedural_glb (&model, &error);
  char *path = g_build_filename (dir, "model.glb", NULL);

  g_assert_no_error (error);
  g_file_set_contents (path, g_bytes_get_data (glb, NULL), g_bytes_get_size (glb), &error);
  g_assert_no_error (error);
  return path;
}

static void
test_load (Fixture       *fx,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("atelier-view-XXXXXX", &error);
  g_autofree char *path = write_model (dir);
  g_autofree char *bad_path = g_build_filename (dir, "broken.glb", NULL);
  g_autofree char *shot_path = g_build_filename (dir, "shot.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) bad = g_file_new_for_path (bad_path);
  g_autoptr(GFile) shot = g_file_new_for_path (shot_path);
  g_autoptr(GdkPixbuf) saved = NULL;
  AtelierRenderStats stats;

  g_assert_no_error (error);

  atelier_model_view_load_file (fx->view, file);
  g_assert_true (atelier_model_view_get_loading (fx->view));
  wait_until (not_loading, fx->view);
  g_assert_null (atelier_model_view_get_error_message (fx->view));
  g_assert_nonnull (atelier_model_view_get_scene (fx->view));
  wait_until (has_drawn, fx->view);
  atelier_model_view_get_stats (fx->view, &stats);
  g_assert_cmpuint (stats.textures, ==, 1);

  g_assert_true (atelier_model_view_save_screenshot (fx->view, shot, TRUE, &error));
  g_assert_no_error (error);
  saved = gdk_pixbuf_new_from_file (shot_path, &error);
  g_assert_no_error (error);
  g_assert_true (gdk_pixbuf_get_has_alpha (saved));

  /* A broken file ends in a readable message, not a crash. */
  g_file_set_contents (bad_path, "not a model at all", -1, &error);
  g_assert_no_error (error);
  atelier_model_view_load_file (fx->view, bad);
  wait_until (not_loading, fx->view);
  g_test_message ("error shown: %s", atelier_model_view_get_error_message (fx->view));
  g_assert_nonnull (atelier_model_view_get_error_message (fx->view));

  /* Cancelling leaves no error and no load behind. */
  atelier_model_view_load_file (fx->view, file);
  atelier_model_view_cancel_load (fx->view);
  g_assert_false (atelier_model_view_get_loading (fx->view));
  g_assert_null (atelier_model_view_get_error_message (fx->view));

  g_unlink (shot_path);
  g_unlink (bad_path);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_destroy_while_loading (Fixture       *fx,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("atelier-view-XXXXXX", &error);
  g_autofree char *path = write_model (dir);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  /* The teardown destroys the window while the worker still runs. */
  atelier_model_view_load_file (fx->view, file);
  g_assert_true (atelier_model_view_get_loading (fx->view));
  g_unlink (path);
  g_rmdir (dir);
}

static gpointer
thumbnail_thread (gpointer data)
{
  const char *path = data;
  g_autoptr(FixtureScene) scene = fixture_cube (TRUE);
  g_autoptr(GError) error = NULL;
  AtelierHeadlessOptions options;

  atelier_headless_options_init (&options);
  options.width = options.height = 64;
  options.transparent = TRUE;
  options.show_grid = FALSE;
  return GINT_TO_POINTER (atelier_headless_render_png (scene, &options, path, &error));
}

/* A headless render in a worker while the view draws with GDK's context,
 * as the job list does for model thumbnails. */
static void
test_headless_beside_gtk (Fixture       *fx,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("atelier-view-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "thumb.png", NULL);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  GThread *thread;

  atelier_model_view_set_scene_full (fx->view, fixture_sphere (TRUE, 12, 24),
                                     (GDestroyNotify) fixture_scene_free);
  thread = g_thread_new ("thumbnail", thumbnail_thread, path);
  wait_until (has_drawn, fx->view);
  g_assert_true (GPOINTER_TO_INT (g_thread_join (thread)));

  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 64);
  g_assert_null (gtk_gl_area_get_error (GTK_GL_AREA (fx->view)));

  /* And the view still draws afterwards. */
  atelier_model_view_reset_camera (fx->view);
  wait_until (has_drawn, fx->view);
  g_unlink (path);
  g_rmdir (dir);
}

static gboolean
has_preview (AtelierModelView *view)
{
  return atelier_model_view_get_preview_triangles (view) > 0;
}

static gboolean
drew_simplified (AtelierModelView *view)
{
  AtelierRenderStats stats;

  atelier_model_view_get_stats (view, &stats);
  return stats.triangles_drawn > 0 && stats.triangles_drawn < stats.triangles;
}

static gboolean
drew_full (AtelierModelView *view)
{
  AtelierRenderStats stats;

  atelier_model_view_get_stats (view, &stats);
  return stats.triangles > 0 && stats.triangles_drawn == stats.triangles;
}

static gboolean
not_simplified (AtelierModelView *view)
{
  return !atelier_model_view_get_simplified (view);
}

/* The widget as GTK draws it into the window (not a screenshot, which is
 * drawn apart): RGBA, 4 bytes a pixel. */
static guint8 *
widget_pixels (AtelierModelView *view,
               int              *width,
               int              *height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (view));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (view)));
  guint8 *pixels;

  *width = gtk_widget_get_width (GTK_WIDGET (view));
  *height = gtk_widget_get_height (GTK_WIDGET (view));
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  pixels = g_malloc ((gsize) *width * *height * 4);
  gdk_texture_download (texture, pixels, *width * 4);
  return pixels;
}

/* Mean difference per channel, 0..255, of @b against @a, or against @a
 * upside down. */
static double
difference (const guint8 *a,
            const guint8 *b,
            int           width,
            int           height,
            gboolean      flip)
{
  double sum = 0;

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width * 4; x++)
      sum += ABS (a[(gsize) (flip ? height - 1 - y : y) * width * 4 + x] - b[(gsize) y * width * 4 + x]);
  return sum / ((double) width * height * 4);
}

/* While the camera moves the view draws a simplified model, and the full one
 * again once it rests. The simplified model is only built where full frames
 * are slow: ATELIER_VIEWER_LOD=always (set by the model-view-lod test)
 * builds it regardless, as a GPU (or a quick llvmpipe) would never need it. No timing is asserted:
 * only that it goes back, within the generous wait_until() timeout. */
static void
test_simplified_while_moving (Fixture       *fx,
                              gconstpointer  data)
{
  AtelierGltfScene *scene = fixture_sphere (TRUE, 120, 240);
  AtelierRenderStats stats;
  guint64 full, preview;

  if (g_strcmp0 (g_getenv ("ATELIER_VIEWER_LOD"), "always") != 0)
    {
      fixture_scene_free (scene);
      g_test_skip ("Needs ATELIER_VIEWER_LOD=always (the model-view-lod test)");
      return;
    }
  if (!atelier_render_lod_available ())
    {
      fixture_scene_free (scene);
      g_test_skip ("Built without meshoptimizer: no simplified model");
      return;
    }
  atelier_model_view_set_scene_full (fx->view, scene, (GDestroyNotify) fixture_scene_free);
  wait_until (has_drawn, fx->view);
  g_assert_false (atelier_model_view_get_simplified (fx->view));
  g_assert_null (atelier_model_view_get_status_hint (fx->view));

  wait_until (has_preview, fx->view);
  atelier_model_view_get_stats (fx->view, &stats);
  full = stats.triangles;
  preview = atelier_model_view_get_preview_triangles (fx->view);
  g_test_message ("%" G_GUINT64_FORMAT " triangles, %" G_GUINT64_FORMAT " while moving",
                  full, preview);
  g_assert_cmpuint (full, ==, 120 * 240 * 2);
  g_assert_cmpuint (preview, <, full);
  wait_until (drew_full, fx->view);

  /* Moving: simplified at once, and drawn so. */
  atelier_model_view_orbit (fx->view, 0.2, 0.05);
  g_assert_true (atelier_model_view_get_simplified (fx->view));
  g_assert_cmpstr (atelier_model_view_get_status_hint (fx->view), !=, NULL);
  wait_until (drew_simplified, fx->view);

  /* The simplified picture (fewer pixels, scaled up by GTK) is the same
   * picture, the right way up, give or take its blur. */
  {
    g_autofree guint8 *moving = NULL;
    g_autofree guint8 *still = NULL;
    int width, height;
    double same, flipped;

    moving = widget_pixels (fx->view, &width, &height);
    atelier_model_view_set_simplify_while_moving (fx->view, FALSE);
    wait_until (drew_full, fx->view);
    still = widget_pixels (fx->view, &width, &height);
    atelier_model_view_set_simplify_while_moving (fx->view, TRUE);
    if (g_getenv ("ATELIER_RENDER_TEST_DUMP"))
      {
        g_autoptr(GdkPixbuf) a = gdk_pixbuf_new_from_data (moving, GDK_COLORSPACE_RGB, TRUE, 8, width, height, width * 4, NULL, NULL);
        g_autoptr(GdkPixbuf) b = gdk_pixbuf_new_from_data (still, GDK_COLORSPACE_RGB, TRUE, 8, width, height, width * 4, NULL, NULL);
        g_autofree char *pa = g_build_filename (g_getenv ("ATELIER_RENDER_TEST_DUMP"), "moving.png", NULL);
        g_autofree char *pb = g_build_filename (g_getenv ("ATELIER_RENDER_TEST_DUMP"), "still.png", NULL);
        gdk_pixbuf_save (a, pa, "png", NULL, NULL);
        gdk_pixbuf_save (b, pb, "png", NULL, NULL);
      }
    same = difference (still, moving, width, height, FALSE);
    flipped = difference (still, moving, width, height, TRUE);
    g_test_message ("simplified picture differs by %.1f (%.1f upside down)", same, flipped);
    g_assert_cmpfloat (same, <, 6);
    g_assert_cmpfloat (same * 2, <, flipped);
    atelier_model_view_orbit (fx->view, 0.01, 0);
    g_assert_true (atelier_model_view_get_simplified (fx->view));
  }

  /* At rest: full detail again. */
  wait_until (not_simplified, fx->view);
  g_assert_null (atelier_model_view_get_status_hint (fx->view));
  wait_until (drew_full, fx->view);

  /* The turntable counts as moving, as long as it turns. */
  atelier_model_view_set_auto_rotate (fx->view, TRUE);
  wait_until (drew_simplified, fx->view);
  g_assert_true (atelier_model_view_get_simplified (fx->view));
  atelier_model_view_set_auto_rotate (fx->view, FALSE);
  wait_until (not_simplified, fx->view);
  wait_until (drew_full, fx->view);

  /* Turned off, moving keeps full detail. */
  atelier_model_view_set_simplify_while_moving (fx->view, FALSE);
  atelier_model_view_orbit (fx->view, -0.2, 0);
  g_assert_false (atelier_model_view_get_simplified (fx->view));
  wait_until (drew_full, fx->view);
}

/* A .gltf whose texture is @image (beside it) and whose buffer is @buffer_uri. */
static char *
write_textured_gltf (const char *dir,
                     const char *buffer_uri,
                     const char *image)
{
  g_autofree char *json = g_strdup_printf (
    "{\"asset\":{\"version\":\"2.0\"},"
    "\"buffers\":[{\"byteLength\":60,\"uri\":\"%s\"}],"
    "\"bufferViews\":[{\"buffer\":0,\"byteLength\":36},{\"buffer\":0,\"byteOffset\":36,\"byteLength\":24}],"
    "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":3,\"type\":\"VEC3\","
    "\"min\":[0,0,0],\"max\":[1,1,0]},"
    "{\"bufferView\":1,\"componentType\":5126,\"count\":3,\"type\":\"VEC2\"}],"
    "\"images\":[{\"uri\":\"%s\"}],\"textures\":[{\"source\":0}],"
    "\"materials\":[{\"pbrMetallicRoughness\":{\"baseColorTexture\":{\"index\":0}}}],"
    "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0,\"TEXCOORD_0\":1},\"material\":0}]}],"
    "\"nodes\":[{\"mesh\":0}],\"scenes\":[{\"nodes\":[0]}],\"scene\":0}", buffer_uri, image);
  char *path = g_build_filename (dir, "model.gltf", NULL);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return path;
}

static void
write_triangle_bin (const char *path)
{
  static const float data[] = { 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1 };

  g_assert_true (g_file_set_contents (path, (const char *) data, sizeof data, NULL));
}

static GtkWidget *
texture_note (AtelierModelView *view)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (view)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child) && gtk_widget_has_css_class (child, "warning"))
      return child;
  return NULL;
}

/* A 30000² texture (a 2.6 MB decompression bomb) is not decoded: the model
 * shows in its material's colour and the view says which texture is
 * missing and why. */
static void
test_texture_too_large (Fixture       *fx,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("atelier-view-XXXXXX", &error);
  g_autofree char *png = g_build_filename (dir, "bomb.png", NULL);
  g_autofree char *bin = g_build_filename (dir, "tri.bin", NULL);
  g_autofree char *path = write_textured_gltf (dir, "tri.bin", "bomb.png");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWidget *note;
  double before = image_fixture_peak_rss_mib ();

  write_triangle_bin (bin);
  g_assert_true (image_fixture_write_png (png, 30000, 30000, 3, NULL));

  atelier_model_view_load_file (fx->view, file);
  wait_until (not_loading, fx->view);
  g_assert_null (atelier_model_view_get_error_message (fx->view));
  g_assert_nonnull (atelier_model_view_get_scene (fx->view));
  wait_until (has_drawn, fx->view);
  g_test_message ("peak RSS %.0f → %.0f MiB", before, image_fixture_peak_rss_mib ());
  g_assert_cmpfloat (image_fixture_peak_rss_mib () - before, <, 100);

  note = texture_note (fx->view);
  g_assert_nonnull (note);
  g_assert_true (gtk_widget_get_visible (note));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (note)), ==, "1 texture not shown");
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (note), "30000 × 30000"));

  /* The next model without problems hides it. */
  atelier_model_view_set_scene_full (fx->view, fixture_cube (TRUE), (GDestroyNotify) fixture_scene_free);
  g_assert_false (gtk_widget_get_visible (note));

  g_unlink (path);
  g_unlink (png);
  g_unlink (bin);
  g_rmdir (dir);
}

/* External files stay in the model's folder unless the caller allows more
 * (a file the person opened). */
static void
test_outside_folder (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("atelier-view-XXXXXX", &error);
  g_autofree char *sub = g_build_filename (dir, "model", NULL);
  g_autofree char *bin = g_build_filename (dir, "tri.bin", NULL);
  g_autofree char *png = g_build_filename (dir, "tex.png", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  AtelierGltfLimits limits;

  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  write_triangle_bin (bin);
  g_assert_true (image_fixture_write_png (png, 4, 4, 4, NULL));
  path = write_textured_gltf (sub, "../tri.bin", "../tex.png");
  file = g_file_new_for_path (path);

  atelier_model_view_load_file (fx->view, file);
  wait_until (not_loading, fx->view);
  g_test_message ("error shown: %s", atelier_model_view_get_error_message (fx->view));
  g_assert_nonnull (strstr (atelier_model_view_get_error_message (fx->view), "outside the model's folder"));

  atelier_gltf_limits_init (&limits);
  limits.allow_outside_folder = TRUE;
  atelier_model_view_load_file_full (fx->view, file, &limits);
  wait_until (not_loading, fx->view);
  g_assert_null (atelier_model_view_get_error_message (fx->view));
  g_assert_nonnull (atelier_model_view_get_scene (fx->view)->images[0].pixels);
  g_assert_false (gtk_widget_get_visible (texture_note (fx->view)));

  g_unlink (path);
  g_unlink (bin);
  g_unlink (png);
  g_rmdir (sub);
  g_rmdir (dir);
}

/* Without a display every case is listed as skipped. */
static const char *skip_reason;

static void
add_test (const char *path,
          void      (*func) (Fixture *, gconstpointer))
{
  if (skip_reason != NULL)
    g_test_add_data_func (path, skip_reason, atelier_test_skip);
  else
    g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown);
}

int
main (int   argc,
      char *argv[])
{
  if (atelier_test_have_display ())
    {
      gtk_test_init (&argc, &argv, NULL);
      adw_init ();
    }
  else
    {
      g_test_init (&argc, &argv, NULL);
      skip_reason = "No display: run under tests/with-display.sh or xvfb-run";
    }

  add_test ("/model-view/scene", test_scene);
  add_test ("/model-view/load", test_load);
  add_test ("/model-view/headless-beside-gtk", test_headless_beside_gtk);
  add_test ("/model-view/destroy-while-loading", test_destroy_while_loading);
  add_test ("/model-view/texture-too-large", test_texture_too_large);
  add_test ("/model-view/outside-folder", test_outside_folder);
  add_test ("/model-view/simplified-while-moving", test_simplified_while_moving);
  return g_test_run ();
}
