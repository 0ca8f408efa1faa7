/* test-gallery.c: the gallery: outputs as tiles, the list's filters,
 * multi-select star and delete with undo, and the flattening model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "atelier-gallery.h"
#include "atelier-gallery-tile.h"
#include "atelier-job-list-view.h"
#include "atelier-output-model.h"
#include "atelier-window.h"
#include "ui-test.h"

#define N_SINGLE 40

typedef struct
{
  UiSandbox           sandbox;
  GtkWidget          *window;
  AdwToastOverlay    *toasts;
  AtelierJobListView *list;
  AtelierGallery     *gallery;
  AtelierJob         *triple;   /* three images */
  AtelierJob         *failed;   /* none: one tile standing for it */
} Fixture;

static AtelierJob *
done_job (const char  *prompt,
          const char  *image,
          guint        n_outputs)
{
  g_autoptr(GHashTable) params = atelier_params_new ();
  AtelierJob *job;

  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup (prompt));
  job = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, params);
  for (guint i = 0; i < n_outputs; i++)
    atelier_job_add_output (job, image);
  atelier_job_set_status (job, ATELIER_JOB_STATUS_DONE);
  return job;
}

/* N_SINGLE jobs of one image each, a job of three, and a failed one, in
 * the engine's list (oldest first, so the failed one is on top). */
static void
fill (Fixture *fixture)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *image = g_build_filename (fixture->sandbox.tmpdir, "cats.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GHashTable) params = atelier_params_new ();
  guchar pixels[4 * 400 * 300];

  /* Larger than a tile's thumbnail, so decoding must scale it. */
  for (guint i = 0; i < sizeof pixels; i++)
    pixels[i] = (guchar) (i * 7);
  {
    g_autoptr(GBytes) bytes = g_bytes_new (pixels, sizeof pixels);

    texture = gdk_memory_texture_new (400, 300, GDK_MEMORY_R8G8B8A8, bytes, 4 * 400);
  }
  g_assert_true (gdk_texture_save_to_png (texture, image));

  for (guint i = 0; i < N_SINGLE; i++)
    {
      g_autofree char *prompt = g_strdup_printf ("cat number %u", i);

      g_ptr_array_add (jobs, done_job (prompt, image, 1));
    }
  fixture->triple = done_job ("a triple portrait", image, 3);
  g_ptr_array_add (jobs, g_object_ref (fixture->triple));

  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup ("a job that failed"));
  fixture->failed = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, params);
  atelier_job_fail (fixture->failed, "no such luck", TRUE);
  g_ptr_array_add (jobs, g_object_ref (fixture->failed));

  for (guint i = 0; i < jobs->len; i++)
    atelier_job_list_add (atelier_engine_get_jobs (fixture->sandbox.engine), g_ptr_array_index (jobs, i));
  g_object_unref (fixture->triple);
  g_object_unref (fixture->failed);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  ui_sandbox_start (&fixture->sandbox, 100);
  fixture->list = ATELIER_JOB_LIST_VIEW (g_object_ref_sink (atelier_job_list_view_new ()));
  fixture->gallery = atelier_job_list_view_get_gallery (fixture->list);
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 600, 700);
  fixture->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (fixture->toasts, GTK_WIDGET (fixture->list));
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->toasts));
  gtk_window_present (GTK_WINDOW (fixture->window));

  fill (fixture);
  atelier_job_list_view_set_engine (fixture->list, fixture->sandbox.engine);
  atelier_job_list_view_set_view (fixture->list, "gallery");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  ui_assert_finalize (fixture->list);
  ui_sandbox_stop (&fixture->sandbox);
}

static guint
n_tiles (Fixture *fixture)
{
  return g_list_model_get_n_items (atelier_gallery_get_outputs (fixture->gallery));
}

typedef struct
{
  Fixture    *fixture;
  const char *name;
} Named;

static gboolean
tile_with_thumbnail (GtkWidget     *widget,
                     gconstpointer  data)
{
  return ATELIER_IS_GALLERY_TILE (widget)
      && atelier_gallery_tile_get_thumbnail (ATELIER_GALLERY_TILE (widget)) != NULL;
}

static gboolean
thumbnail_shown (gpointer data)
{
  Fixture *fixture = data;

  return ui_find (GTK_WIDGET (fixture->gallery), tile_with_thumbnail, NULL) != NULL;
}

static gboolean
tile_named (gpointer data)
{
  Named *named = data;

  return ui_find_named (GTK_WIDGET (named->fixture->gallery), ATELIER_TYPE_GALLERY_TILE, named->name) != NULL;
}

static void
test_tiles (Fixture       *fixture,
            gconstpointer  data)
{
  Named named = { fixture, "Image: cat number 39, from OpenAI-compatible" };
  GtkWidget *tile;
  GdkPaintable *thumbnail;
  g_autoptr(AtelierOutputItem) first = NULL;
  g_autoptr(AtelierOutputItem) third = NULL;

  g_assert_cmpstr (atelier_job_list_view_get_view (fixture->list), ==, "gallery");
  g_assert_nonnull (ui_find_named (GTK_WIDGET (fixture->gallery), GTK_TYPE_GRID_VIEW, "Gallery"));

  /* One tile per image, and one for the job that has none. */
  g_assert_cmpuint (n_tiles (fixture), ==, N_SINGLE + 3 + 1);
  first = g_list_model_get_item (atelier_gallery_get_outputs (fixture->gallery), 0);
  g_assert_true (atelier_output_item_get_job (first) == fixture->failed);
  g_assert_null (atelier_output_item_get_path (first));
  third = g_list_model_get_item (atelier_gallery_get_outputs (fixture->gallery), 3);
  g_assert_true (atelier_output_item_get_job (third) == fixture->triple);
  g_assert_cmpuint (atelier_output_item_get_index (third), ==, 2);
  g_assert_cmpuint (atelier_output_item_get_n_in_job (third), ==, 3);

  /* Tiles are named for screen readers, and decode small, off the main thread. */
  g_assert_true (ui_wait_for (tile_named, &named, 5000));
  named.name = "Job: a job that failed, from OpenAI-compatible";
  g_assert_true (ui_wait_for (tile_named, &named, 5000));
  g_assert_true (ui_wait_for (thumbnail_shown, fixture, 10000));
  tile = ui_find (GTK_WIDGET (fixture->gallery), tile_with_thumbnail, NULL);
  thumbnail = atelier_gallery_tile_get_thumbnail (ATELIER_GALLERY_TILE (tile));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (thumbnail), <=, 192);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (thumbnail), <=, 192);

  /* The choice of view goes both ways through the property. */
  atelier_job_list_view_set_view (fixture->list, "no such view");
  g_assert_cmpstr (atelier_job_list_view_get_view (fixture->list), ==, "list");
}

static GtkWidget *
find_named (Fixture    *fixture,
            GType       type,
            const char *name)
{
  GtkWidget *widget = ui_find_named (GTK_WIDGET (fixture->list), type, name);

  g_assert_nonnull (widget);
  return widget;
}

typedef struct
{
  Fixture *fixture;
  guint    n;
} Expected;

static gboolean
n_tiles_is (gpointer data)
{
  Expected *expected = data;

  return n_tiles (expected->fixture) == expected->n;
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *entry = find_named (fixture, GTK_TYPE_SEARCH_ENTRY, "Search prompts");
  GtkDropDown *kind = GTK_DROP_DOWN (find_named (fixture, GTK_TYPE_DROP_DOWN, "Filter by kind"));
  GtkDropDown *status = GTK_DROP_DOWN (find_named (fixture, GTK_TYPE_DROP_DOWN, "Filter by status"));
  GtkToggleButton *starred = GTK_TOGGLE_BUTTON (find_named (fixture, GTK_TYPE_TOGGLE_BUTTON, "Only starred"));
  Expected expected = { fixture, 3 };

  /* The list's search: the gallery shows every output of what it finds. */
  atelier_job_list_view_set_search_mode (fixture->list, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), "TRIPLE");
  g_assert_true (ui_wait_for (n_tiles_is, &expected, 5000));
  g_assert_cmpuint (g_list_model_get_n_items (atelier_job_list_view_get_visible_jobs (fixture->list)), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (entry), "cat number 1");
  expected.n = 11;  /* 1 and 10–19 */
  g_assert_true (ui_wait_for (n_tiles_is, &expected, 5000));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  expected.n = N_SINGLE + 4;
  g_assert_true (ui_wait_for (n_tiles_is, &expected, 5000));

  /* Its filters: no models, one failed job. */
  gtk_drop_down_set_selected (kind, 2);
  g_assert_cmpuint (n_tiles (fixture), ==, 0);
  gtk_drop_down_set_selected (kind, 0);
  gtk_drop_down_set_selected (status, 3);
  g_assert_cmpuint (n_tiles (fixture), ==, 1);
  gtk_drop_down_set_selected (status, 2);
  g_assert_cmpuint (n_tiles (fixture), ==, N_SINGLE + 3);

  atelier_job_set_starred (fixture->triple, TRUE);
  gtk_toggle_button_set_active (starred, TRUE);
  g_assert_cmpuint (n_tiles (fixture), ==, 3);

  /* Closing the search shows everything again, in both views. */
  atelier_job_list_view_set_search_mode (fixture->list, FALSE);
  g_assert_cmpuint (n_tiles (fixture), ==, N_SINGLE + 4);
}

static gboolean
undo_button_shown (gpointer data)
{
  Fixture *fixture = data;

  return ui_find_button (GTK_WIDGET (fixture->toasts), "_Undo") != NULL;
}

static gboolean
in_engine (Fixture    *fixture,
           const char *job_id)
{
  return atelier_job_list_lookup (atelier_engine_get_jobs (fixture->sandbox.engine), job_id) != NULL;
}

static void
test_select_star_delete_undo (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkSelectionModel *selection = atelier_gallery_get_selection (fixture->gallery);
  GtkWidget *gallery = GTK_WIDGET (fixture->gallery);
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *triple_id = g_strdup (atelier_job_get_id (fixture->triple));
  g_autofree char *other_id = NULL;
  guint n_before = n_tiles (fixture);
  guint n_shown = g_list_model_get_n_items (atelier_job_list_view_get_visible_jobs (fixture->list));
  g_autoptr(AtelierOutputItem) fourth = NULL;

  /* One tile: its job is the list's selection, so the detail shows it. */
  gtk_selection_model_select_item (selection, 2, TRUE);
  g_assert_true (atelier_gallery_get_current_job (fixture->gallery) == fixture->triple);
  g_assert_true (atelier_job_list_view_get_selected_job (fixture->list) == fixture->triple);

  /* Two of the triple's tiles and the next job's: two jobs, each once. */
  gtk_selection_model_select_item (selection, 3, FALSE);
  gtk_selection_model_select_item (selection, 4, FALSE);
  g_assert_null (atelier_gallery_get_current_job (fixture->gallery));
  jobs = atelier_gallery_get_selected_jobs (fixture->gallery);
  g_assert_cmpuint (jobs->len, ==, 2);
  g_assert_true (g_ptr_array_index (jobs, 0) == fixture->triple);
  fourth = g_list_model_get_item (atelier_gallery_get_outputs (fixture->gallery), 4);
  other_id = g_strdup (atelier_job_get_id (atelier_output_item_get_job (fourth)));

  /* Star both; a second time, both are starred: unstar them. */
  g_assert_true (gtk_widget_activate_action (gallery, "gallery.star", NULL));
  g_assert_true (atelier_job_get_starred (fixture->triple));
  g_assert_true (atelier_job_get_starred (g_ptr_array_index (jobs, 1)));
  g_assert_true (gtk_widget_activate_action (gallery, "gallery.star", NULL));
  g_assert_false (atelier_job_get_starred (fixture->triple));

  /* Delete: both jobs go from both views at once, with one Undo. */
  g_assert_true (gtk_widget_activate_action (gallery, "gallery.delete", NULL));
  g_assert_cmpuint (n_tiles (fixture), ==, n_before - 4);
  g_assert_cmpuint (g_list_model_get_n_items (atelier_job_list_view_get_visible_jobs (fixture->list)), ==,
                    n_shown - 2);
  g_assert_true (in_engine (fixture, triple_id));
  g_assert_true (ui_wait_for (undo_button_shown, fixture, 5000));
  g_assert_nonnull (ui_find_label (GTK_WIDGET (fixture->toasts), "2 jobs deleted"));

  /* Undo brings both back. */
  g_signal_emit_by_name (ui_find_button (GTK_WIDGET (fixture->toasts), "_Undo"), "clicked");
  g_assert_cmpuint (n_tiles (fixture), ==, n_before);
  g_assert_true (in_engine (fixture, triple_id));
  g_assert_true (in_engine (fixture, other_id));

  /* Without Undo the jobs go for good (here: when the window closes). */
  gtk_selection_model_select_item (selection, 1, TRUE);
  gtk_selection_model_select_item (selection, 4, FALSE);
  g_assert_true (gtk_widget_activate_action (gallery, "gallery.delete", NULL));
  g_assert_cmpuint (n_tiles (fixture), ==, n_before - 4);
  atelier_job_list_view_commit_deletes (fixture->list);
  g_assert_false (in_engine (fixture, triple_id));
  g_assert_false (in_engine (fixture, other_id));
  g_assert_cmpuint (n_tiles (fixture), ==, n_before - 4);
}

typedef struct
{
  Fixture    *fixture;
  const char *text;
} Toast;

static gboolean
toast_shown (gpointer data)
{
  Toast *toast = data;

  return ui_find_label (GTK_WIDGET (toast->fixture->toasts), toast->text) != NULL;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  GtkSelectionModel *selection = atelier_gallery_get_selection (fixture->gallery);
  g_autofree char *dir = g_build_filename (fixture->sandbox.tmpdir, "out", NULL);
  g_autofree char *first = g_build_filename (dir, "cats.png", NULL);
  g_autofree char *second = g_build_filename (dir, "cats (2).png", NULL);
  g_autofree char *source = g_build_filename (fixture->sandbox.tmpdir, "cats.png", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autofree char *original = NULL;
  g_autofree char *copy = NULL;
  gsize original_size, copy_size;
  Toast toast = { fixture, "Exported 1 file to “out”" };

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);

  /* Three tiles of the same file, and the failed job's tile (no file): one copy. */
  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 1, FALSE);
  gtk_selection_model_select_item (selection, 2, FALSE);
  gtk_selection_model_select_item (selection, 5, FALSE);
  atelier_gallery_export_selected (fixture->gallery, folder);
  g_assert_true (ui_wait_for (toast_shown, &toast, 10000));
  g_assert_true (g_file_get_contents (first, &copy, &copy_size, NULL));
  g_assert_true (g_file_get_contents (source, &original, &original_size, NULL));
  g_assert_cmpmem (copy, copy_size, original, original_size);

  /* Again: the file there stays, the copy takes the next name. */
  g_assert_true (g_file_set_contents (first, "theirs", -1, NULL));
  atelier_gallery_export_selected (fixture->gallery, folder);
  g_assert_true (ui_wait_for (file_exists, second, 10000));
  g_clear_pointer (&copy, g_free);
  g_assert_true (g_file_get_contents (first, &copy, NULL, NULL));
  g_assert_cmpstr (copy, ==, "theirs");
}

static void
test_follows_list (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkSelectionModel *selection = atelier_gallery_get_selection (fixture->gallery);

  /* A job selected by the window (a new job, "Show") is selected here too. */
  g_assert_true (atelier_job_list_view_select_job (fixture->list, atelier_job_get_id (fixture->triple)));
  g_assert_true (gtk_selection_model_is_selected (selection, 1));
  g_assert_false (gtk_selection_model_is_selected (selection, 2));
  g_assert_true (atelier_gallery_get_current_job (fixture->gallery) == fixture->triple);

  /* Switching views keeps the job. */
  atelier_job_list_view_set_view (fixture->list, "list");
  g_assert_true (atelier_job_list_view_select_job (fixture->list, atelier_job_get_id (fixture->failed)));
  atelier_job_list_view_set_view (fixture->list, "gallery");
  g_assert_true (gtk_selection_model_is_selected (selection, 0));
}

typedef struct
{
  GtkWidget  *root;
  const char *label;
} Button;

static gboolean
button_shown (gpointer data)
{
  Button *button = data;

  return ui_find_button (button->root, button->label) != NULL;
}

/* In the window: the switcher's action, and the toast in the window's overlay. */
static void
test_in_window (Fixture       *fixture,
                gconstpointer  data)
{
  AtelierWindow *window = g_object_ref (atelier_window_new (NULL, fixture->sandbox.engine));
  AtelierJobListView *list;
  AtelierGallery *gallery;
  GtkSelectionModel *selection;
  Button undo = { GTK_WIDGET (window), "_Undo" };
  guint n_before;

  gtk_window_present (GTK_WINDOW (window));
  list = ATELIER_JOB_LIST_VIEW (ui_find_descendant (GTK_WIDGET (window), ATELIER_TYPE_JOB_LIST_VIEW));
  gallery = atelier_job_list_view_get_gallery (list);
  selection = atelier_gallery_get_selection (gallery);
  g_assert_cmpstr (atelier_job_list_view_get_view (list), ==, "list");
  g_assert_nonnull (ui_find_descendant (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "gallery"));
  g_assert_cmpstr (atelier_job_list_view_get_view (list), ==, "gallery");
  n_before = g_list_model_get_n_items (atelier_gallery_get_outputs (gallery));
  g_assert_cmpuint (n_before, ==, N_SINGLE + 4);

  gtk_selection_model_select_item (selection, 0, TRUE);
  gtk_selection_model_select_item (selection, 1, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gallery), "gallery.delete", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (atelier_gallery_get_outputs (gallery)), ==, n_before - 4);
  g_assert_true (ui_wait_for (button_shown, &undo, 5000));
  g_signal_emit_by_name (ui_find_button (GTK_WIDGET (window), "_Undo"), "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (atelier_gallery_get_outputs (gallery)), ==, n_before);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "list"));
  g_assert_cmpstr (atelier_job_list_view_get_view (list), ==, "list");

  gtk_window_destroy (GTK_WINDOW (window));
  ui_assert_finalize (window);
}

/* The flattening model alone, against a plain store. */

typedef struct
{
  guint position, removed, added, calls;
} Change;

static void
record (GListModel *model,
        guint       position,
        guint       removed,
        guint       added,
        Change     *change)
{
  change->position = position;
  change->removed = removed;
  change->added = added;
  change->calls++;
}

static void
test_output_model (void)
{
  g_autoptr(GListStore) store = g_list_store_new (ATELIER_TYPE_JOB);
  g_autoptr(AtelierOutputModel) model = atelier_output_model_new (G_LIST_MODEL (store));
  g_autoptr(AtelierJob) a = done_job ("a", "/nowhere/a.png", 2);
  g_autoptr(AtelierJob) b = done_job ("b", "/nowhere/b.png", 1);
  g_autoptr(AtelierJob) c = NULL;
  g_autoptr(AtelierOutputItem) held = NULL;
  g_autoptr(AtelierOutputItem) again = NULL;
  g_autoptr(GHashTable) params = atelier_params_new ();
  Change change = { 0 };

  g_signal_connect (model, "items-changed", G_CALLBACK (record), &change);
  g_list_store_append (store, a);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.added, ==, 2);

  g_list_store_append (store, b);
  g_assert_cmpuint (change.position, ==, 2);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 1);

  /* A running job: one item standing for it, before the others. */
  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup ("c"));
  c = atelier_job_new ("openai", ATELIER_JOB_KIND_IMAGE, params);
  g_list_store_insert (store, 0, c);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.added, ==, 1);

  /* The same item while one is held, so a selection keeps it. */
  held = g_list_model_get_item (G_LIST_MODEL (model), 2);
  again = g_list_model_get_item (G_LIST_MODEL (model), 2);
  g_assert_true (held == again);
  g_assert_true (atelier_output_item_get_job (held) == a);
  g_assert_cmpuint (atelier_output_item_get_index (held), ==, 1);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 4));

  /* It finishes with three images: its one item becomes three. */
  atelier_job_add_output (c, "/nowhere/c1.png");
  atelier_job_add_output (c, "/nowhere/c2.webp");
  atelier_job_add_output (c, "/nowhere/c.zip");
  atelier_job_add_output (c, "/nowhere/c3.JPG");
  atelier_job_set_status (c, ATELIER_JOB_STATUS_DONE);
  atelier_output_model_job_changed (model, c);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, 1);
  g_assert_cmpuint (change.added, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 6);
  g_assert_cmpuint (atelier_output_model_find_job (model, b), ==, 5);

  /* Removing a job in the middle removes its items only. */
  g_list_store_remove (store, 1);
  g_assert_cmpuint (change.position, ==, 3);
  g_assert_cmpuint (change.removed, ==, 2);
  g_assert_cmpuint (change.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
  g_assert_cmpuint (atelier_output_model_find_job (model, a), ==, GTK_INVALID_LIST_POSITION);

  /* A model: one item for the GLB, drawn from its preview image. */
  {
    g_autoptr(GHashTable) model_params = atelier_params_new ();
    g_autoptr(AtelierJob) teapot = NULL;
    g_autoptr(AtelierOutputItem) item = NULL;

    g_hash_table_insert (model_params, g_strdup ("prompt"), g_strdup ("a teapot"));
    teapot = atelier_job_new ("image3d", ATELIER_JOB_KIND_MODEL, model_params);
    atelier_job_add_output (teapot, "/nowhere/teapot.glb");
    atelier_job_add_output (teapot, "/nowhere/teapot-preview.webp");
    atelier_job_set_status (teapot, ATELIER_JOB_STATUS_DONE);
    g_assert_cmpuint (atelier_output_item_count_for_job (teapot), ==, 1);
    g_list_store_append (store, teapot);
    item = g_list_model_get_item (G_LIST_MODEL (model), 4);
    g_assert_true (atelier_output_item_is_model (item));
    g_assert_cmpstr (atelier_output_item_get_path (item), ==, "/nowhere/teapot.glb");
    g_assert_cmpstr (atelier_output_item_get_image_path (item), ==, "/nowhere/teapot-preview.webp");
  }

  atelier_output_model_set_jobs (model, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int ret;

  if (home == NULL)
    return 0;

  g_test_add_func ("/ui/gallery/output-model", test_output_model);
  g_test_add ("/ui/gallery/tiles", Fixture, NULL,
              fixture_set_up, test_tiles, fixture_tear_down);
  g_test_add ("/ui/gallery/filters", Fixture, NULL,
              fixture_set_up, test_filters, fixture_tear_down);
  g_test_add ("/ui/gallery/select-star-delete-undo", Fixture, NULL,
              fixture_set_up, test_select_star_delete_undo, fixture_tear_down);
  g_test_add ("/ui/gallery/export", Fixture, NULL,
              fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/ui/gallery/in-window", Fixture, NULL,
              fixture_set_up, test_in_window, fixture_tear_down);
  g_test_add ("/ui/gallery/follows-list", Fixture, NULL,
              fixture_set_up, test_follows_list, fixture_tear_down);

  ret = g_test_run ();
  ui_remove_tree (home);
  return ret;
}
