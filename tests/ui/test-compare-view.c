/* test-compare-view.c: the wipe between two images: the split by keyboard,
 * one zoom for both, and what is drawn on each side of the handle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "atelier-compare-view.h"
#include "ui-test.h"

typedef struct
{
  GtkWidget          *window;
  AtelierCompareView *view;
} Fixture;

static GdkTexture *
flat_texture (int      width,
              int      height,
              guint32  rgba)
{
  g_autoptr(GBytes) bytes = NULL;
  guint8 *data = g_malloc ((gsize) width * height * 4);

  for (int i = 0; i < width * height; i++)
    {
      data[i * 4 + 0] = rgba >> 24;
      data[i * 4 + 1] = rgba >> 16;
      data[i * 4 + 2] = rgba >> 8;
      data[i * 4 + 3] = rgba;
    }
  bytes = g_bytes_new_take (data, (gsize) width * height * 4);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8, bytes, (gsize) width * 4);
}

static gboolean
allocated (gpointer data)
{
  return gtk_widget_get_width (data) > 0 && gtk_widget_get_height (data) > 0;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GdkTexture) red = flat_texture (200, 100, 0xff0000ff);
  /* The other image at twice the resolution, as a variant from another
   * service might be: the two still line up. */
  g_autoptr(GdkTexture) blue = flat_texture (400, 200, 0x0000ffff);

  fixture->view = ATELIER_COMPARE_VIEW (g_object_ref_sink (atelier_compare_view_new ()));
  atelier_compare_view_set_texture (fixture->view, ATELIER_COMPARE_SIDE_LEFT, red);
  atelier_compare_view_set_texture (fixture->view, ATELIER_COMPARE_SIDE_RIGHT, blue);
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (ui_wait_for (allocated, fixture->view, 5000));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  ui_assert_finalize (fixture->view);
}

static void
assert_value (AtelierCompareView *view,
              double              percent)
{
  g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (view),
                                                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW,
                                                                  percent);
  g_assert_null (mismatch);
}

static void
test_split_by_keyboard (Fixture       *fixture,
                        gconstpointer  data)
{
  AtelierCompareView *view = fixture->view;
  GtkWidget *widget = GTK_WIDGET (view);

  g_assert_true (gtk_widget_get_focusable (widget));
  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_ROLE_SLIDER));
  g_assert_cmpfloat (atelier_compare_view_get_split (view), ==, 0.5);
  assert_value (view, 50);

  g_assert_true (ui_press_key (widget, GDK_KEY_Right, 0));
  g_assert_cmpfloat_with_epsilon (atelier_compare_view_get_split (view), 0.55, 1e-9);
  assert_value (view, 55);
  g_assert_true (ui_press_key (widget, GDK_KEY_Left, 0));
  g_assert_true (ui_press_key (widget, GDK_KEY_Left, 0));
  g_assert_cmpfloat_with_epsilon (atelier_compare_view_get_split (view), 0.45, 1e-9);
  /* Shift for fine steps. */
  g_assert_true (ui_press_key (widget, GDK_KEY_Right, GDK_SHIFT_MASK));
  g_assert_cmpfloat_with_epsilon (atelier_compare_view_get_split (view), 0.46, 1e-9);
  /* Home and End: all of one image, all of the other; no further. */
  g_assert_true (ui_press_key (widget, GDK_KEY_Home, 0));
  g_assert_cmpfloat (atelier_compare_view_get_split (view), ==, 0);
  g_assert_true (ui_press_key (widget, GDK_KEY_Left, 0));
  g_assert_cmpfloat (atelier_compare_view_get_split (view), ==, 0);
  assert_value (view, 0);
  g_assert_true (ui_press_key (widget, GDK_KEY_End, 0));
  g_assert_cmpfloat (atelier_compare_view_get_split (view), ==, 1);
  assert_value (view, 100);
}

static void
assert_same_bounds (AtelierCompareView *view,
                    graphene_rect_t    *out)
{
  graphene_rect_t left, right;

  g_assert_true (atelier_compare_view_get_image_bounds (view, ATELIER_COMPARE_SIDE_LEFT, &left));
  g_assert_true (atelier_compare_view_get_image_bounds (view, ATELIER_COMPARE_SIDE_RIGHT, &right));
  g_assert_true (graphene_rect_equal (&left, &right));
  *out = left;
}

static void
test_zoom_is_synchronized (Fixture       *fixture,
                           gconstpointer  data)
{
  AtelierCompareView *view = fixture->view;
  GtkWidget *widget = GTK_WIDGET (view);
  graphene_rect_t fitted, zoomed;

  /* Fitted: the 2:1 images fill the 800 px width, centred. */
  g_assert_cmpfloat (atelier_compare_view_get_zoom (view), ==, 1);
  assert_same_bounds (view, &fitted);
  g_assert_cmpfloat_with_epsilon (fitted.size.width, gtk_widget_get_width (widget), 0.01);
  g_assert_cmpfloat_with_epsilon (fitted.size.height, fitted.size.width / 2, 0.01);

  /* + twice: both images at 1.25² the size, still one over the other. */
  g_assert_true (ui_press_key (widget, GDK_KEY_plus, 0));
  g_assert_true (ui_press_key (widget, GDK_KEY_KP_Add, 0));
  g_assert_cmpfloat_with_epsilon (atelier_compare_view_get_zoom (view), 1.5625, 1e-9);
  assert_same_bounds (view, &zoomed);
  g_assert_cmpfloat_with_epsilon (zoomed.size.width, fitted.size.width * 1.5625, 0.01);
  /* Zoomed about the middle: the centre stays put. */
  g_assert_cmpfloat_with_epsilon (zoomed.origin.x + zoomed.size.width / 2,
                                  fitted.origin.x + fitted.size.width / 2, 0.01);

  /* The split is the view's, not the image's: zooming does not move it. */
  g_assert_cmpfloat (atelier_compare_view_get_split (view), ==, 0.5);

  /* Panning moves both images the same way: down shows more of the bottom,
   * Ctrl+Left more of the left; never past an edge. */
  {
    graphene_rect_t panned;
    double pan_x, pan_y;

    g_assert_true (ui_press_key (widget, GDK_KEY_Down, 0));
    g_assert_true (ui_press_key (widget, GDK_KEY_Left, GDK_CONTROL_MASK));
    atelier_compare_view_get_pan (view, &pan_x, &pan_y);
    g_assert_cmpfloat (pan_y, <, 0);
    g_assert_cmpfloat (pan_x, >, 0);
    assert_same_bounds (view, &panned);
    g_assert_cmpfloat_with_epsilon (panned.origin.y, zoomed.origin.y + pan_y, 0.01);
    g_assert_cmpfloat_with_epsilon (panned.origin.x, zoomed.origin.x + pan_x, 0.01);
    for (guint i = 0; i < 50; i++)
      ui_press_key (widget, GDK_KEY_Left, GDK_CONTROL_MASK);
    assert_same_bounds (view, &panned);
    g_assert_cmpfloat_with_epsilon (panned.origin.x, 0, 0.01);
  }

  /* - once, then 0 fits again; never smaller than fitted. */
  g_assert_true (ui_press_key (widget, GDK_KEY_minus, 0));
  g_assert_cmpfloat_with_epsilon (atelier_compare_view_get_zoom (view), 1.25, 1e-9);
  assert_same_bounds (view, &zoomed);
  g_assert_true (ui_press_key (widget, GDK_KEY_0, 0));
  g_assert_cmpfloat (atelier_compare_view_get_zoom (view), ==, 1);
  assert_same_bounds (view, &zoomed);
  g_assert_true (graphene_rect_equal (&zoomed, &fitted));
  atelier_compare_view_set_zoom (view, 0.5);
  g_assert_cmpfloat (atelier_compare_view_get_zoom (view), ==, 1);
}

/* The colour drawn at (@x, @y) of the view. */
static guint32
pixel_at (AtelierCompareView *view,
          int                 x,
          int                 y)
{
  GtkWidget *widget = GTK_WIDGET (view);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autofree guint8 *data = g_malloc ((gsize) width * height * 4);
  const guint8 *p;

  /* The view's own drawing, without waiting for a frame. */
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_texture_download (texture, data, (gsize) width * 4);
  /* Cairo's layout: B, G, R, A on little-endian machines. */
  p = data + ((gsize) y * width + x) * 4;
  return ((guint32) p[2] << 24) | ((guint32) p[1] << 16) | ((guint32) p[0] << 8) | p[3];
}

static void
test_wipe_draws_both (Fixture       *fixture,
                      gconstpointer  data)
{
  AtelierCompareView *view = fixture->view;
  int w = gtk_widget_get_width (GTK_WIDGET (view));
  int h = gtk_widget_get_height (GTK_WIDGET (view));

  /* Left of the handle the left image, right of it the right one. */
  g_assert_cmphex (pixel_at (view, w / 4, h / 2), ==, 0xff0000ff);
  g_assert_cmphex (pixel_at (view, w * 3 / 4, h / 2), ==, 0x0000ffff);
  /* Move the handle past a point: it changes sides. */
  atelier_compare_view_set_split (view, 0.9);
  g_assert_cmphex (pixel_at (view, w * 3 / 4, h / 2 - 60), ==, 0xff0000ff);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int ret;

  if (home == NULL)
    return 0;

  g_test_add ("/ui/compare-view/split-by-keyboard", Fixture, NULL,
              fixture_set_up, test_split_by_keyboard, fixture_tear_down);
  g_test_add ("/ui/compare-view/zoom-is-synchronized", Fixture, NULL,
              fixture_set_up, test_zoom_is_synchronized, fixture_tear_down);
  g_test_add ("/ui/compare-view/wipe-draws-both", Fixture, NULL,
              fixture_set_up, test_wipe_draws_both, fixture_tear_down);

  ret = g_test_run ();
  ui_remove_tree (home);
  return ret;
}
