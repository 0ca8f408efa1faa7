/* test-core3d-detail.c: image → product design → print export in the detail
 * pane: the links between the jobs, and the files inside the export's ZIP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "atelier-archive-view.h"
#include "atelier-core3d-design.h"
#include "atelier-core3d-export.h"
#include "atelier-job-detail.h"
#include "ui-test.h"

typedef struct
{
  UiSandbox         sandbox;
  GtkWidget        *window;
  AtelierJobDetail *detail;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  ui_sandbox_start (&fixture->sandbox, 200);
  fixture->detail = ATELIER_JOB_DETAIL (g_object_ref_sink (atelier_job_detail_new ()));
  atelier_job_detail_set_engine (fixture->detail, fixture->sandbox.engine);
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->detail));
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  ui_assert_finalize (fixture->detail);
  ui_sandbox_stop (&fixture->sandbox);
}

static AtelierJob *
child_job (Fixture    *fixture,
           AtelierJob *parent,
           const char *provider_id,
           GHashTable *params)
{
  g_autoptr(GError) error = NULL;
  AtelierJob *job = atelier_engine_create_job (fixture->sandbox.engine, provider_id, params, &error);

  g_assert_no_error (error);
  atelier_job_set_parent_id (job, atelier_job_get_id (parent));
  g_assert_true (ui_wait_for_job (job, 20000));
  g_assert_cmpint (atelier_job_get_status (job), ==, ATELIER_JOB_STATUS_DONE);
  return job;
}

/* A visible button whose label starts with @prefix. */
static gboolean
is_link (GtkWidget     *widget,
         gconstpointer  prefix)
{
  const char *label;

  if (!GTK_IS_BUTTON (widget) || !gtk_widget_get_visible (widget) ||
      !gtk_widget_get_visible (gtk_widget_get_parent (gtk_widget_get_parent (widget))))
    return FALSE;
  label = gtk_button_get_label (GTK_BUTTON (widget));
  return label != NULL && g_str_has_prefix (label, prefix);
}

static const char *
link_target (Fixture    *fixture,
             const char *prefix)
{
  GtkWidget *button = ui_find (GTK_WIDGET (fixture->detail), is_link, prefix);

  if (button == NULL)
    return NULL;
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "win.show-job");
  return g_variant_get_string (gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button)),
                               NULL);
}

static AtelierCore3dDesignProvider *
design_provider (Fixture *fixture)
{
  return ATELIER_CORE3D_DESIGN_PROVIDER (atelier_engine_get_provider (fixture->sandbox.engine,
                                                                      "core3d-design"));
}

static void
products_listed (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GPtrArray) products = NULL;
  g_autoptr(GError) error = NULL;

  products = atelier_core3d_design_provider_list_products_finish (ATELIER_CORE3D_DESIGN_PROVIDER (source),
                                                                  result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static gboolean
has_tooltip (GtkWidget     *widget,
             gconstpointer  text)
{
  return ADW_IS_ACTION_ROW (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0;
}

static void
test_lineage_and_zip (Fixture       *fixture,
                      gconstpointer  data)
{
  AtelierJob *image, *design, *export;
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(GHashTable) export_params = NULL;
  g_autoptr(GError) error = NULL;
  GtkStack *stack;
  AtelierArchiveView *archive;
  const AtelierCore3dProduct *tee;
  GtkWidget *product_row;
  gboolean listed = FALSE;
  GPtrArray *names;

  image = ui_sandbox_create_job (&fixture->sandbox, "core3d", "style", "vector-art",
                                 "type", "pattern", "prompt", "lazy cats", NULL);
  g_assert_true (ui_wait_for_job (image, 20000));

  g_assert_true (atelier_core3d_design_take_artwork (image, params, &error));
  /* By URI, as the window's product picker gives it. */
  atelier_core3d_design_provider_list_products_async (design_provider (fixture), FALSE, NULL,
                                                      products_listed, &listed);
  g_assert_true (ui_wait_for (is_true, &listed, 10000));
  tee = atelier_core3d_products_find (atelier_core3d_design_provider_get_products (design_provider (fixture)),
                                      "Tee");
  g_assert_nonnull (tee);
  g_hash_table_insert (params, g_strdup ("model"), g_strdup (tee->uri));
  g_hash_table_insert (params, g_strdup ("type"), g_strdup ("pattern"));
  design = child_job (fixture, image, "core3d-design", params);

  export_params = atelier_core3d_export_params_for_job (design, "dtf", &error);
  g_assert_no_error (error);
  export = child_job (fixture, design, "core3d-export", export_params);

  /* The design: its preview, a link up to the image and down to the export. */
  atelier_job_detail_set_job (fixture->detail, design);
  stack = ui_find_stack (GTK_WIDGET (fixture->detail), "archive");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "image");
  g_assert_cmpstr (link_target (fixture, "Made from:"), ==, atelier_job_get_id (image));
  g_assert_cmpstr (link_target (fixture, "Made from this:"), ==, atelier_job_get_id (export));
  /* The product by its name, its URI in the tooltip. */
  product_row = ui_find (GTK_WIDGET (fixture->detail), has_tooltip, tee->uri);
  g_assert_nonnull (product_row);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (product_row)), "Tee "));

  /* The export: the files in its ZIP. */
  atelier_job_detail_set_job (fixture->detail, export);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "archive");
  archive = ATELIER_ARCHIVE_VIEW (gtk_stack_get_child_by_name (stack, "archive"));
  names = atelier_archive_view_get_names (archive);
  g_assert_cmpuint (names->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (names, 0), ==, "front.png");
  g_assert_nonnull (ui_find_button (GTK_WIDGET (archive), "Open _Folder"));
  g_assert_cmpstr (link_target (fixture, "Made from:"), ==, atelier_job_get_id (design));
  g_assert_null (link_target (fixture, "Made from this:"));
  /* Its product by name too (the export client listed the products to
   * check the print type), the URI in the tooltip. */
  product_row = ui_find (GTK_WIDGET (fixture->detail), has_tooltip, tee->uri);
  g_assert_nonnull (product_row);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (product_row)), "Tee "));

  /* A job on its own has no links to show. */
  atelier_job_detail_set_job (fixture->detail, image);
  g_assert_null (link_target (fixture, "Made from:"));
  g_assert_cmpstr (link_target (fixture, "Made from this:"), ==, atelier_job_get_id (design));
}

static void
test_archive_list (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("atelier-zip-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "not-a.zip", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;

  /* Not a ZIP: said so, nothing listed. */
  g_assert_true (g_file_set_contents (path, "PK\x03\x04garbage", 12, NULL));
  names = atelier_archive_list (path, &error);
  g_assert_null (names);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int ret;

  if (home == NULL)
    return 0;

  g_test_add ("/ui/core3d/lineage-and-zip", Fixture, NULL,
              fixture_set_up, test_lineage_and_zip, fixture_tear_down);
  g_test_add ("/ui/core3d/archive-list", Fixture, NULL,
              fixture_set_up, test_archive_list, fixture_tear_down);

  ret = g_test_run ();
  ui_remove_tree (home);
  return ret;
}
