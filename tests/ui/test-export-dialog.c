/* test-export-dialog.c: Export… and Export Turntable… on a generated model:
 * the faces slider, the preview's figures, the file written (checked by
 * the loader, and by the Khronos glTF-Validator when it is installed), the
 * child job in the history, and the window's actions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "atelier-export-dialog.h"
#include "atelier-gltf-asset.h"
#include "atelier-job-row.h"
#include "atelier-model-thumbnail.h"
#include "atelier-procedural.h"
#include "atelier-turntable-dialog.h"
#include "atelier-window.h"
#include "ui-test.h"

typedef struct
{
  char           *tmpdir;
  AtelierHistory *history;
  AtelierHttp    *http;
  AtelierEngine  *engine;
  AtelierJob     *job;      /* the model's job, in the engine's list */
  GFile          *model;
  char           *model_checksum;

  /* What "exported" gave */
  GFile          *exported;
  AtelierJob     *exported_job;
  guint           n_exported;
} Fixture;

static char *
checksum (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *data = NULL;
  gsize size = 0;

  g_assert_true (g_file_get_contents (path, &data, &size, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, size);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  AtelierProceduralModel spec = { "a teapot to export", 6000, FALSE, 128, "png" };
  g_autoptr(GHashTable) params = atelier_params_new ();
  g_autoptr(AtelierJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) glb = NULL;
  g_autofree char *path = NULL;
  g_autofree char *db = NULL;

  fixture->tmpdir = g_dir_make_tmp ("atelier-export-ui-XXXXXX", &error);
  g_assert_no_error (error);

  /* A model shaped like generator output: no normals, one textured mesh. */
  glb = atelier_procedural_glb (&spec, &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->tmpdir, "teapot.glb", NULL);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (glb, NULL), g_bytes_get_size (glb), NULL));
  fixture->model = g_file_new_for_path (path);
  fixture->model_checksum = checksum (fixture->model);

  /* Its job, done, in a real history the engine has loaded. */
  db = g_build_filename (fixture->tmpdir, "history.db", NULL);
  fixture->history = atelier_history_open (db, &error);
  g_assert_no_error (error);
  g_hash_table_insert (params, g_strdup ("prompt"), g_strdup ("a teapot to export"));
  job = atelier_job_new ("image3d", ATELIER_JOB_KIND_MODEL, params);
  atelier_job_add_output (job, path);
  atelier_job_set_status (job, ATELIER_JOB_STATUS_DONE);
  g_assert_true (atelier_history_save (fixture->history, job, &error));
  g_assert_no_error (error);

  fixture->http = atelier_http_new ();
  fixture->engine = atelier_engine_new (fixture->http, fixture->history);
  atelier_engine_set_library_dir (fixture->engine, fixture->tmpdir);
  atelier_engine_load_history (fixture->engine, FALSE, &error);
  g_assert_no_error (error);
  fixture->job = atelier_job_list_lookup (atelier_engine_get_jobs (fixture->engine), atelier_job_get_id (job));
  g_assert_nonnull (fixture->job);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *after = NULL;

  /* The source is never modified. */
  after = checksum (fixture->model);
  g_assert_cmpstr (after, ==, fixture->model_checksum);

  g_clear_object (&fixture->exported);
  g_clear_object (&fixture->exported_job);
  g_clear_object (&fixture->engine);
  g_clear_object (&fixture->http);
  g_clear_object (&fixture->history);
  g_clear_object (&fixture->model);
  g_free (fixture->model_checksum);
  ui_remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
}

static void
on_exported (GtkWidget  *dialog,
             GFile      *file,
             AtelierJob *job,
             Fixture    *fixture)
{
  g_set_object (&fixture->exported, file);
  g_set_object (&fixture->exported_job, job);
  fixture->n_exported++;
}

/* The first figure of "Before and After", the faces. */
static gboolean
is_before_after (GtkWidget     *widget,
                 gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), " → ") != NULL;
}

static gboolean
preview_ready (gpointer data)
{
  return atelier_export_dialog_get_stats (data, NULL, NULL, NULL, NULL);
}

static gboolean
not_busy (gpointer data)
{
  return !atelier_export_dialog_get_busy (data);
}

static gboolean
some_exported (gpointer data)
{
  Fixture *fixture = data;

  return fixture->n_exported > 0;
}

static gboolean
exported_or_failed (gpointer data)
{
  Fixture *fixture = ((gpointer *) data)[0];
  GObject *dialog = ((gpointer *) data)[1];
  g_autofree char *message = NULL;

  g_object_get (dialog, "error-message", &message, NULL);
  return fixture->n_exported > 0 || message != NULL;
}

static void
wait_exported (Fixture   *fixture,
               GtkWidget *dialog)
{
  gpointer both[2] = { fixture, dialog };
  g_autofree char *message = NULL;

  g_assert_true (ui_wait_for (exported_or_failed, both, 60000));
  g_object_get (dialog, "error-message", &message, NULL);
  g_assert_cmpstr (message, ==, NULL);
  g_assert_cmpuint (fixture->n_exported, ==, 1);
  /* Done: the dialog closed itself. */
  g_assert_false (gtk_widget_get_visible (dialog));
}

static GtkWidget *
open_export_dialog (Fixture    *fixture,
                    AtelierJob *job)
{
  GtkWidget *dialog = g_object_ref (atelier_export_dialog_new (fixture->model,
                                                               job != NULL ? fixture->engine : NULL,
                                                               job));

  g_signal_connect (dialog, "exported", G_CALLBACK (on_exported), fixture);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static guint64
faces_of (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierGltfAsset) asset = NULL;
  AtelierGltfLimits limits;
  AtelierGltfAssetStats stats;

  atelier_gltf_limits_init (&limits);
  asset = atelier_gltf_asset_load (path, &limits, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  atelier_gltf_asset_get_stats (asset, &stats);
  return stats.faces;
}

typedef struct
{
  GtkWidget  *widget;
  GdkTexture *texture;
} Shot;

/* Right after a frame is painted: a label changed since then would have no
 * allocation yet, which GTK reports as a critical. */
static void
take_shot (GdkFrameClock *clock,
           Shot          *shot)
{
  int width = gtk_widget_get_width (shot->widget);
  int height = gtk_widget_get_height (shot->widget);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;

  if (shot->texture != NULL)
    return;
  paintable = gtk_widget_paintable_new (shot->widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_to_node (snapshot);
  g_assert_nonnull (node);
  shot->texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (shot->widget)),
                                               node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

static gboolean
shot_taken (gpointer data)
{
  return ((Shot *) data)->texture != NULL;
}

/* With ATELIER_SCREENSHOT_DIR set, what the dialog looks like, for people. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("ATELIER_SCREENSHOT_DIR");
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  Shot shot = { widget, NULL };
  g_autofree char *path = NULL;
  gulong handler;

  if (dir == NULL)
    return;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (take_shot), &shot);
  gtk_widget_queue_draw (widget);
  g_assert_true (ui_wait_for (shot_taken, &shot, 10000));
  g_signal_handler_disconnect (clock, handler);

  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (shot.texture, path));
  g_clear_object (&shot.texture);
  g_test_message ("screenshot: %s", path);
}

static void
wait_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static void
test_slider_preview_export (Fixture       *fixture,
                            gconstpointer  data)
{
  GtkWidget *dialog = open_export_dialog (fixture, fixture->job);
  AtelierExportDialog *export = ATELIER_EXPORT_DIALOG (dialog);
  AtelierGltfAssetStats before, after, first;
  guint64 bytes_before, bytes_after, first_bytes;
  g_autofree char *out = g_build_filename (fixture->tmpdir, "teapot-small.glb", NULL);
  g_autoptr(GFile) out_file = g_file_new_for_path (out);
  g_autoptr(GError) error = NULL;
  g_autoptr(AtelierJob) stored = NULL;
  GtkWidget *scale, *faces_label;
  const char *const *outputs;

  /* Loaded, and a first preview at 100 %. */
  g_assert_true (ui_wait_for (preview_ready, dialog, 60000));
  g_assert_true (atelier_export_dialog_get_stats (export, &before, &first, &bytes_before, &first_bytes));
  g_assert_cmpuint (before.faces, >, 4000);
  g_assert_cmpuint (first.faces, ==, before.faces);
  g_assert_cmpuint (before.n_images, ==, 1);
  g_assert_cmpuint (bytes_before, >, 0);
  g_assert_cmpuint (first_bytes, >, 0);

  /* A quarter of the faces: the preview is stale at once, then redone. */
  scale = ui_find_named (dialog, GTK_TYPE_SCALE, "Faces");
  g_assert_true (GTK_IS_SCALE (scale));
  g_assert_true (gtk_widget_get_sensitive (scale));
  gtk_range_set_value (GTK_RANGE (scale), 25);
  g_assert_false (preview_ready (dialog));
  g_assert_true (atelier_export_dialog_get_busy (export));
  g_assert_true (ui_wait_for (preview_ready, dialog, 60000));
  g_assert_false (atelier_export_dialog_get_busy (export));
  g_assert_true (atelier_export_dialog_get_stats (export, NULL, &after, NULL, &bytes_after));
  g_assert_cmpuint (after.faces, <, before.faces);
  g_assert_cmpuint (after.faces, <=, before.faces * 0.25 * 1.1);
  g_assert_cmpuint (after.faces, >=, before.faces * 0.25 * 0.9);
  g_assert_cmpuint (bytes_after, <, first_bytes);

  /* The figures as shown. */
  faces_label = ui_find (dialog, is_before_after, NULL);
  g_assert_true (GTK_IS_LABEL (faces_label));
  g_assert_null (strstr (gtk_label_get_text (GTK_LABEL (faces_label)), "…"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (faces_label)), "→"));
  wait_ms (300);
  save_screenshot (dialog, "export-dialog.png");

  /* Export: the file loads with the faces the preview showed. */
  atelier_export_dialog_export_to (export, out_file);
  g_assert_true (atelier_export_dialog_get_busy (export));
  wait_exported (fixture, dialog);
  g_assert_true (g_file_equal (fixture->exported, out_file));
  g_assert_cmpuint (faces_of (out_file), ==, after.faces);

  /* A child job of the model's, done, in the list and in the history. */
  g_assert_nonnull (fixture->exported_job);
  g_assert_cmpstr (atelier_job_get_parent_id (fixture->exported_job), ==, atelier_job_get_id (fixture->job));
  g_assert_cmpstr (atelier_job_get_provider (fixture->exported_job), ==, ATELIER_JOB_PROVIDER_EXPORT);
  g_assert_cmpint (atelier_job_get_kind (fixture->exported_job), ==, ATELIER_JOB_KIND_MODEL);
  g_assert_cmpint (atelier_job_get_status (fixture->exported_job), ==, ATELIER_JOB_STATUS_DONE);
  g_assert_cmpstr (atelier_job_get_prompt (fixture->exported_job), ==, "a teapot to export");
  outputs = atelier_job_get_outputs (fixture->exported_job);
  g_assert_cmpstr (outputs[0], ==, out);
  g_assert_true (atelier_job_list_lookup (atelier_engine_get_jobs (fixture->engine),
                                          atelier_job_get_id (fixture->exported_job))
                 == fixture->exported_job);
  stored = atelier_history_load (fixture->history, atelier_job_get_id (fixture->exported_job), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (atelier_job_get_parent_id (stored), ==, atelier_job_get_id (fixture->job));

  ui_assert_finalize (dialog);
}

/* The Khronos glTF-Validator, as tests/asset runs it: errors in the file. */
static gboolean
validate (const char  *path,
          gint64      *errors,
          char       **report)
{
  const char *modules = g_getenv ("ATELIER_NODE_MODULES");
  const char *script = g_getenv ("ATELIER_GLTF_VALIDATE");
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *package = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  int status = 0;

  package = modules != NULL ? g_build_filename (modules, "gltf-validator", NULL) : NULL;
  if (node == NULL || script == NULL || package == NULL || !g_file_test (package, G_FILE_TEST_IS_DIR))
    return FALSE;

  g_assert_true (g_spawn_sync (NULL, (char *[]) { node, (char *) script, (char *) path, NULL }, NULL,
                               G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  *errors = json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "errors");
  *report = g_steal_pointer (&out);
  return TRUE;
}

static gboolean
combo_set (GtkWidget  *dialog,
           const char *name,
           const char *item)
{
  AdwComboRow *row = ADW_COMBO_ROW (ui_find_named (dialog, ADW_TYPE_COMBO_ROW, name));
  GListModel *model = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) string = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (string), item))
        {
          adw_combo_row_set_selected (row, i);
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_validates (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *dialog = open_export_dialog (fixture, fixture->job);
  g_autofree char *out = g_build_filename (fixture->tmpdir, "teapot-web.glb", NULL);
  g_autoptr(GFile) out_file = g_file_new_for_path (out);
  g_autofree char *report = NULL;
  gint64 errors = -1;

  g_assert_true (ui_wait_for (preview_ready, dialog, 60000));

  /* Web-ready: a tenth of the faces, small WebP textures, meshopt. */
  gtk_range_set_value (GTK_RANGE (ui_find_named (dialog, GTK_TYPE_SCALE, "Faces")), 10);
  g_assert_true (combo_set (dialog, "Largest texture size", "256 px"));
  g_assert_true (combo_set (dialog, "Texture format", "WebP"));
  if (!combo_set (dialog, "Compression", "Meshopt"))
    g_test_message ("meshopt compression is not in this build");
  g_assert_true (ui_wait_for (preview_ready, dialog, 60000));

  atelier_export_dialog_export_to (ATELIER_EXPORT_DIALOG (dialog), out_file);
  wait_exported (fixture, dialog);
  g_assert_cmpuint (faces_of (out_file), <, 1000);
  ui_assert_finalize (dialog);

  if (!validate (out, &errors, &report))
    {
      g_test_skip ("node or the npm package gltf-validator is missing (run .ci/npm-deps.sh)");
      return;
    }
  g_test_message ("glTF-Validator: %s", report);
  g_assert_cmpint (errors, ==, 0);
}

/* An opened file (no job): to STL; the name gets its extension; no job. */
static void
test_file_to_stl (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkWidget *dialog = open_export_dialog (fixture, NULL);
  g_autofree char *out = g_build_filename (fixture->tmpdir, "for-the-printer", NULL);
  g_autofree char *stl = g_strconcat (out, ".stl", NULL);
  g_autoptr(GFile) out_file = g_file_new_for_path (out);
  g_autofree char *contents = NULL;
  AtelierGltfAssetStats after;
  gsize size = 0;
  guint32 count;

  g_assert_true (ui_wait_for (preview_ready, dialog, 60000));
  g_assert_true (combo_set (dialog, "File type", "STL for Printing (.stl)"));
  /* A printer takes neither textures nor compression. */
  g_assert_false (gtk_widget_is_sensitive (ui_find_named (dialog, ADW_TYPE_COMBO_ROW, "Texture format")));
  g_assert_false (gtk_widget_is_sensitive (ui_find_named (dialog, ADW_TYPE_COMBO_ROW, "Compression")));
  gtk_range_set_value (GTK_RANGE (ui_find_named (dialog, GTK_TYPE_SCALE, "Faces")), 50);
  g_assert_true (ui_wait_for (preview_ready, dialog, 60000));
  g_assert_true (atelier_export_dialog_get_stats (ATELIER_EXPORT_DIALOG (dialog), NULL, &after, NULL, NULL));

  /* Exporting over the source is refused. */
  atelier_export_dialog_export_to (ATELIER_EXPORT_DIALOG (dialog), fixture->model);
  g_assert_nonnull (atelier_export_dialog_get_error_message (ATELIER_EXPORT_DIALOG (dialog)));
  g_assert_false (atelier_export_dialog_get_busy (ATELIER_EXPORT_DIALOG (dialog)));

  /* Cancel stops an export and keeps the dialog open. */
  atelier_export_dialog_export_to (ATELIER_EXPORT_DIALOG (dialog), out_file);
  g_assert_true (atelier_export_dialog_get_busy (ATELIER_EXPORT_DIALOG (dialog)));
  g_signal_emit_by_name (ui_find_named (dialog, GTK_TYPE_BUTTON, "Cancel"), "clicked");
  g_assert_true (ui_wait_for (not_busy, dialog, 60000));
  g_assert_cmpuint (fixture->n_exported, ==, 0);
  g_assert_true (gtk_widget_get_visible (dialog));

  atelier_export_dialog_export_to (ATELIER_EXPORT_DIALOG (dialog), out_file);
  g_assert_true (ui_wait_for (some_exported, fixture, 60000));
  g_assert_null (fixture->exported_job);
  g_assert_true (g_file_get_contents (stl, &contents, &size, NULL));
  g_assert_cmpuint (size, >=, 84);
  memcpy (&count, contents + 80, 4);
  count = GUINT32_FROM_LE (count);
  g_assert_cmpuint (size, ==, 84 + 50 * (gsize) count);
  g_assert_cmpuint (count, ==, after.faces);
  ui_assert_finalize (dialog);
}

static void
test_turntable (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *dialog = g_object_ref (atelier_turntable_dialog_new (fixture->model, fixture->engine,
                                                                  fixture->job));
  g_autofree char *out = g_build_filename (fixture->tmpdir, "turn", NULL);
  g_autofree char *webp = g_strconcat (out, ".webp", NULL);
  g_autoptr(GFile) out_file = g_file_new_for_path (out);
  g_autofree char *contents = NULL;
  GtkWidget *frames;
  gsize size = 0;

  g_signal_connect (dialog, "exported", G_CALLBACK (on_exported), fixture);
  gtk_window_present (GTK_WINDOW (dialog));

  frames = ui_find_named (dialog, GTK_TYPE_SPIN_BUTTON, "Frames");
  g_assert_true (GTK_IS_SPIN_BUTTON (frames));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (frames), 6);
  g_assert_true (combo_set (dialog, "Size", "256 × 256"));
  g_assert_true (combo_set (dialog, "Display mode", "Clay"));
  wait_ms (300);
  save_screenshot (dialog, "turntable-dialog.png");

  atelier_turntable_dialog_export_to (ATELIER_TURNTABLE_DIALOG (dialog), out_file);
  g_assert_true (atelier_turntable_dialog_get_busy (ATELIER_TURNTABLE_DIALOG (dialog)));
  wait_exported (fixture, dialog);

  /* An animated WebP, recorded as an image made from the model. */
  g_assert_true (g_file_get_contents (webp, &contents, &size, NULL));
  g_assert_cmpuint (size, >, 12);
  g_assert_cmpmem (contents, 4, "RIFF", 4);
  g_assert_cmpmem (contents + 8, 4, "WEBP", 4);
  g_assert_nonnull (fixture->exported_job);
  g_assert_cmpint (atelier_job_get_kind (fixture->exported_job), ==, ATELIER_JOB_KIND_IMAGE);
  g_assert_cmpstr (atelier_job_get_parent_id (fixture->exported_job), ==, atelier_job_get_id (fixture->job));
  g_assert_cmpstr (atelier_job_get_param (fixture->exported_job, "frames"), ==, "6");
  g_assert_cmpstr (atelier_job_get_param (fixture->exported_job, "mode"), ==, "clay");
  ui_assert_finalize (dialog);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_type_is_a (G_OBJECT_TYPE (window), type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* Rows whose model thumbnail is still being drawn (in a worker, with GL). */
static guint
rows_drawing (GtkWidget *widget)
{
  guint n = 0;

  if (ATELIER_IS_JOB_ROW (widget) && atelier_job_row_get_job (ATELIER_JOB_ROW (widget)) != NULL
      && atelier_job_row_get_thumbnail (ATELIER_JOB_ROW (widget)) == NULL)
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += rows_drawing (child);
  return n;
}

static gboolean
thumbnails_drawn (gpointer window)
{
  return rows_drawing (window) == 0;
}

static void
thumbnail_rendered (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GdkTexture) texture = atelier_model_thumbnail_finish (result, NULL);

  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* The window: Export… on the selected model, and an export job cannot be
 * generated again. */
static void
test_window_actions (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *model_path = g_file_get_path (fixture->model);
  AtelierWindow *window;
  GtkWindow *dialog;
  AtelierJob *child;
  gboolean rendered = FALSE;

  /* The rows' thumbnail of the model, rendered before the window and cached:
   * a render cancelled by a row but still running in its worker when the
   * program exits would crash inside Mesa. */
  atelier_model_thumbnail_async (model_path, 64, NULL, thumbnail_rendered, &rendered);
  g_assert_true (ui_wait_for (is_true, &rendered, 30000));

  window = g_object_ref (atelier_window_new (NULL, fixture->engine));
  gtk_window_present (GTK_WINDOW (window));

  /* Nothing shown, nothing to export. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL);
  g_assert_null (find_toplevel (ATELIER_TYPE_EXPORT_DIALOG));

  atelier_window_select_job (window, atelier_job_get_id (fixture->job));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = find_toplevel (ATELIER_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  g_assert_true (g_file_equal (atelier_export_dialog_get_source (ATELIER_EXPORT_DIALOG (dialog)), fixture->model));
  if (g_getenv ("ATELIER_SCREENSHOT_DIR") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("ATELIER_SCREENSHOT_DIR"), "export-over-window.png", NULL);

      /* The whole screen: the dialog over the window, as a person sees it. */
      g_assert_true (ui_wait_for (preview_ready, dialog, 60000));
      wait_ms (500);
      g_spawn_sync (NULL, (char *[]) { "import", "-window", "root", path, NULL }, NULL,
                    G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  gtk_window_close (dialog);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-turntable", NULL));
  dialog = find_toplevel (ATELIER_TYPE_TURNTABLE_DIALOG);
  g_assert_nonnull (dialog);
  gtk_window_close (dialog);

  /* An export selected: shown with its file, and no service to run it again. */
  {
    g_autoptr(GHashTable) params = atelier_params_new ();
    g_autofree char *path = g_file_get_path (fixture->model);

    g_hash_table_insert (params, g_strdup ("faces"), g_strdup ("100"));
    child = atelier_job_new (ATELIER_JOB_PROVIDER_EXPORT, ATELIER_JOB_KIND_MODEL, params);
    atelier_job_set_parent_id (child, atelier_job_get_id (fixture->job));
    atelier_job_add_output (child, path);
    atelier_job_set_status (child, ATELIER_JOB_STATUS_DONE);
    atelier_job_list_add (atelier_engine_get_jobs (fixture->engine), child);
  }
  atelier_window_select_job (window, atelier_job_get_id (child));
  g_assert_false (gtk_widget_get_sensitive (ui_find_named (GTK_WIDGET (window), GTK_TYPE_BUTTON,
                                                           "Generate again")));
  g_assert_nonnull (ui_find_label (GTK_WIDGET (window), "Export"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export", NULL));
  dialog = find_toplevel (ATELIER_TYPE_EXPORT_DIALOG);
  g_assert_nonnull (dialog);
  gtk_window_close (dialog);
  g_object_unref (child);

  g_assert_true (ui_wait_for (thumbnails_drawn, window, 30000));
  gtk_window_destroy (GTK_WINDOW (window));
  ui_assert_finalize (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = ui_test_init (&argc, &argv);
  int ret;

  if (home == NULL)
    return 0;

  g_test_add ("/ui/export-dialog/slider-preview-export", Fixture, NULL,
              fixture_set_up, test_slider_preview_export, fixture_tear_down);
  g_test_add ("/ui/export-dialog/validates", Fixture, NULL,
              fixture_set_up, test_validates, fixture_tear_down);
  g_test_add ("/ui/export-dialog/file-to-stl", Fixture, NULL,
              fixture_set_up, test_file_to_stl, fixture_tear_down);
  g_test_add ("/ui/export-dialog/turntable", Fixture, NULL,
              fixture_set_up, test_turntable, fixture_tear_down);
  g_test_add ("/ui/export-dialog/window-actions", Fixture, NULL,
              fixture_set_up, test_window_actions, fixture_tear_down);

  ret = g_test_run ();
  ui_remove_tree (home);
  return ret;
}
