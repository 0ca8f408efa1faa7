/* test-product-picker.c: "Put on a Product…"'s list: names, what each
 * product supports, previews over real HTTP, placeholders, the cache
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "atelier-core3d-design.h"
#include "atelier-product-picker.h"
#include "ui-test.h"

typedef struct
{
  UiSandbox  sandbox;
  GtkWidget *window;
  GPtrArray *products;
} Fixture;

static void
products_listed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GError) error = NULL;

  fixture->products = atelier_core3d_design_provider_list_products_finish (ATELIER_CORE3D_DESIGN_PROVIDER (source),
                                                                           result, &error);
  g_assert_no_error (error);
}

static gboolean
listed (gpointer data)
{
  return ((Fixture *) data)->products != NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  AtelierProvider *provider;

  ui_sandbox_start (&fixture->sandbox, 100);
  provider = atelier_engine_get_provider (fixture->sandbox.engine, "core3d-design");
  atelier_core3d_design_provider_list_products_async (ATELIER_CORE3D_DESIGN_PROVIDER (provider), FALSE,
                                                      NULL, products_listed, fixture);
  g_assert_true (ui_wait_for (listed, fixture, 10000));
  g_assert_cmpuint (fixture->products->len, ==, 3);
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 400, 500);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_pointer (&fixture->products, g_ptr_array_unref);
  ui_sandbox_stop (&fixture->sandbox);
}

static void
count (guint *counter)
{
  (*counter)++;
}

typedef struct
{
  AtelierProductPicker *picker;
  guint                 n;
} Settled;

/* Every preview shown or given up on. */
static gboolean
previews_settled (gpointer data)
{
  Settled *settled = data;

  return atelier_product_picker_get_n_previews (settled->picker) +
         atelier_product_picker_get_n_failed (settled->picker) == settled->n;
}

static AtelierProductPicker *
show_picker (Fixture   *fixture,
             GPtrArray *products)
{
  GtkWidget *picker = atelier_product_picker_new (fixture->sandbox.http, products);

  gtk_window_set_child (GTK_WINDOW (fixture->window), picker);
  return ATELIER_PRODUCT_PICKER (picker);
}

static GtkWidget *
preview_image (AtelierProductPicker *picker,
               guint                 index)
{
  GtkListBox *list = GTK_LIST_BOX (ui_find_descendant (GTK_WIDGET (picker), GTK_TYPE_LIST_BOX));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, (int) index);

  g_assert_nonnull (row);
  return ui_find_descendant (GTK_WIDGET (row), GTK_TYPE_IMAGE);
}

static void
test_previews (Fixture       *fixture,
               gconstpointer  data)
{
  AtelierProductPicker *picker = show_picker (fixture, fixture->products);
  Settled settled = { picker, 3 };
  GtkListBox *list = GTK_LIST_BOX (ui_find_descendant (GTK_WIDGET (picker), GTK_TYPE_LIST_BOX));
  GtkWidget *image;
  GdkPaintable *paintable;
  guint selections = 0;
  guint activations = 0;
  guint64 requests;

  /* Named, with what each supports; the first is chosen. */
  g_assert_nonnull (ui_find_named (GTK_WIDGET (picker), GTK_TYPE_LIST_BOX_ROW, "Tee"));
  g_assert_nonnull (ui_find_named (GTK_WIDGET (picker), GTK_TYPE_LIST_BOX_ROW, "Mug"));
  g_assert_nonnull (ui_find_label (GTK_WIDGET (picker), "Printable zones: a graphic"));
  g_assert_nonnull (ui_find_label (GTK_WIDGET (picker),
                                   "All-over print and printable zones: a pattern or a graphic"));
  g_assert_cmpstr (atelier_product_picker_get_selected (picker)->name, ==, "Tee");

  /* A placeholder until the preview is there. */
  image = preview_image (picker, 1);
  g_assert_cmpint (gtk_image_get_storage_type (GTK_IMAGE (image)), ==, GTK_IMAGE_ICON_NAME);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Loading the preview of Hoodie");

  g_assert_true (ui_wait_for (previews_settled, &settled, 20000));
  g_assert_cmpuint (atelier_product_picker_get_n_previews (picker), ==, 3);
  g_assert_cmpint (gtk_image_get_storage_type (GTK_IMAGE (image)), ==, GTK_IMAGE_PAINTABLE);
  paintable = gtk_image_get_paintable (GTK_IMAGE (image));
  /* Small, whatever the picture's size (the sandbox's are 512 px). */
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), <=, 128);
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), >, 0);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (image), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Preview of Hoodie");

  /* Choosing a row. */
  g_signal_connect_swapped (picker, "notify::selected", G_CALLBACK (count), &selections);
  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 2));
  g_assert_cmpstr (atelier_product_picker_get_selected (picker)->name, ==, "Mug");
  g_assert_cmpuint (selections, >=, 1);

  /* Enter on a row (a double click) says the choice is made. */
  g_signal_connect_swapped (picker, "product-activated", G_CALLBACK (count), &activations);
  g_signal_emit_by_name (list, "row-activated", gtk_list_box_get_row_at_index (list, 2));
  g_assert_cmpuint (activations, ==, 1);

  /* A second picker has them from the cache: no request. */
  requests = atelier_http_get_request_count (fixture->sandbox.http);
  picker = show_picker (fixture, fixture->products);
  settled.picker = picker;
  g_assert_true (ui_wait_for (previews_settled, &settled, 20000));
  g_assert_cmpuint (atelier_product_picker_get_n_previews (picker), ==, 3);
  g_assert_cmpuint (atelier_http_get_request_count (fixture->sandbox.http), ==, requests);
}

static void
test_placeholders (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) products = atelier_core3d_products_copy (fixture->products);
  g_autofree char *base = atelier_sandbox_get_url (fixture->sandbox.sandbox, "core3d");
  AtelierCore3dProduct *gone = g_ptr_array_index (products, 0);
  AtelierCore3dProduct *none = g_ptr_array_index (products, 1);
  AtelierProductPicker *picker;
  Settled settled = { NULL, 3 };

  /* A preview that is not there (404), and a product without one. */
  g_free (gone->preview);
  gone->preview = g_strconcat (base, "/no-such-preview.png", NULL);
  g_clear_pointer (&none->preview, g_free);
  picker = show_picker (fixture, products);
  settled.picker = picker;
  g_assert_true (ui_wait_for (previews_settled, &settled, 30000));
  g_assert_cmpuint (atelier_product_picker_get_n_failed (picker), ==, 2);
  g_assert_cmpuint (atelier_product_picker_get_n_previews (picker), ==, 1);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (preview_image (picker, 0)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "No preview of Tee");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (preview_image (picker, 1)),
                                       GTK_ACCESSIBLE_PROPERTY_LABEL, "No preview of Hoodie");
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (preview_image (picker, 0))), ==,
                   "image-missing-symbolic");
  /* The picker works without them. */
  g_assert_cmpstr (atelier_product_picker_get_selected (picker)->name, ==, "Tee");
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int ret;

  if (home == NULL)
    return 0;

  g_test_add ("/ui/product-picker/previews", Fixture, NULL,
              fixture_set_up, test_previews, fixture_tear_down);
  g_test_add ("/ui/product-picker/placeholders", Fixture, NULL,
              fixture_set_up, test_placeholders, fixture_tear_down);

  ret = g_test_run ();
  ui_remove_tree (home);
  return ret;
}
