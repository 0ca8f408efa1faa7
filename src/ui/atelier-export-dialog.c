/* atelier-export-dialog.c: "Export…": target, live preview, before and after
 *
 * One piece of work runs at a time, under self->cancellable: loading the
 * source, then a preview (optimize, then the size of the file it makes),
 * or the export. A new setting cancels the preview in progress; a callback
 * that was cancelled does nothing, so whatever finishes belongs to the
 * settings shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-export-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "atelier-export-dialog.h"
#include "atelier-export-job.h"
#include "atelier-gltf-export.h"
#include "atelier-model-view.h"
#include "atelier-resources.h"

/* How long the faces slider must rest before a preview is made. */
#define SETTLE_MS 300

/* By position in the rows' models. */
static const guint texture_sizes[] = { 0, 4096, 2048, 1024, 512, 256 };
static const char * const extensions[] = { "glb", "gltf", "obj", "stl" };

struct _AtelierExportDialog
{
  AdwWindow                   parent_instance;

  /* Template Widgets */
  AdwToastOverlay            *toast_overlay;
  AdwWindowTitle             *window_title;
  AtelierModelView           *model_view;
  GtkProgressBar             *progress_bar;
  GtkLabel                   *busy_label;
  GtkWidget                  *settings_page;
  AdwActionRow               *faces_row;
  GtkRange                   *faces_scale;
  GtkLabel                   *faces_percent;
  GtkWidget                  *textures_group;
  AdwComboRow                *texture_size_row;
  AdwComboRow                *texture_format_row;
  AdwComboRow                *file_type_row;
  AdwComboRow                *compression_row;
  GtkLabel                   *faces_stat;
  GtkLabel                   *size_stat;
  GtkLabel                   *texture_stat;

  /* Owned References */
  GFile                      *source_file;
  AtelierEngine              *engine;
  AtelierJob                 *job;
  AtelierGltfAsset           *source;
  AtelierGltfAsset           *preview;   /* made with preview_options */
  AtelierGltfAsset           *shown;     /* whose scene the view borrows */
  GCancellable               *cancellable;
  GArray                     *compressions;  /* AtelierGltfCompression by row position */
  char                       *error_message;
  char                       *export_path;

  AtelierGltfAssetStats       source_stats;
  AtelierGltfAssetStats       preview_stats;
  AtelierGltfOptimizeOptions  preview_options;
  AtelierGltfOptimizeOptions  pending_options;
  guint64                     source_bytes;
  guint64                     preview_bytes;
  guint                       settle_id;
  guint                       load_poll_id;
  int                         load_permille;  /* written by the loading worker */

  guint                       loading : 1;
  guint                       computing : 1;
  guint                       exporting : 1;
  guint                       preview_ready : 1;
  guint                       busy : 1;
};

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_ENGINE,
  PROP_JOB,
  PROP_BUSY,
  PROP_PREVIEW_READY,
  PROP_ERROR_MESSAGE,
  N_PROPS
};

enum {
  EXPORTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AtelierExportDialog, atelier_export_dialog, ADW_TYPE_WINDOW)

static void schedule_preview (AtelierExportDialog *self,
                              guint                delay_ms);

/* Figures */

static char *
format_count (guint64 n)
{
  /* The locale's digit grouping: "1,234,567", "1.234.567". */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static char *
before_after (char *before,
              char *after)
{
  g_autofree char *b = before;
  g_autofree char *a = after;

  /* Translators: a figure before and after the export, "120,000 → 12,000" */
  return g_strdup_printf (_("%s → %s"), b, a != NULL ? a : "…");
}

static char *
format_memory (guint64 bytes)
{
  return bytes > 0 ? g_format_size (bytes) : g_strdup (_("None"));
}

static AtelierGltfFileType
selected_file_type (AtelierExportDialog *self)
{
  return MIN (adw_combo_row_get_selected (self->file_type_row), ATELIER_GLTF_FILE_STL);
}

static void
read_options (AtelierExportDialog        *self,
              AtelierGltfOptimizeOptions *optimize,
              AtelierGltfWriteOptions    *write)
{
  AtelierGltfFileType type = selected_file_type (self);
  guint size = adw_combo_row_get_selected (self->texture_size_row);
  guint compression = adw_combo_row_get_selected (self->compression_row);

  atelier_gltf_optimize_options_init (optimize);
  optimize->target_ratio = gtk_range_get_value (self->faces_scale) / 100.0;
  /* A printer takes no textures: leave them alone rather than re-encode. */
  if (type != ATELIER_GLTF_FILE_STL)
    {
      optimize->texture_size = texture_sizes[MIN (size, G_N_ELEMENTS (texture_sizes) - 1)];
      optimize->texture_format = MIN (adw_combo_row_get_selected (self->texture_format_row),
                                      ATELIER_GLTF_TEXTURE_PNG);
    }

  atelier_gltf_write_options_init (write);
  write->binary = type == ATELIER_GLTF_FILE_GLB;
  if (compression < self->compressions->len)
    write->compression = g_array_index (self->compressions, AtelierGltfCompression, compression);
}

static gboolean
same_optimize (const AtelierGltfOptimizeOptions *a,
               const AtelierGltfOptimizeOptions *b)
{
  return a->target_faces == b->target_faces && a->target_ratio == b->target_ratio
      && a->lock_borders == b->lock_borders && a->texture_size == b->texture_size
      && a->texture_format == b->texture_format && a->texture_quality == b->texture_quality;
}

static void
update_stats (AtelierExportDialog *self)
{
  const AtelierGltfAssetStats *before = &self->source_stats;
  const AtelierGltfAssetStats *after = self->preview_ready ? &self->preview_stats : NULL;
  g_autofree char *faces = NULL;
  g_autofree char *size = NULL;
  g_autofree char *texture = NULL;
  g_autofree char *subtitle = NULL;

  if (self->source == NULL)
    return;

  faces = before_after (format_count (before->faces),
                        after != NULL ? format_count (after->faces) : NULL);
  size = before_after (g_format_size (self->source_bytes),
                       self->preview_ready ? g_format_size (self->preview_bytes) : NULL);
  texture = before_after (format_memory (before->texture_memory),
                          after != NULL ? format_memory (after->texture_memory) : NULL);
  gtk_label_set_text (self->faces_stat, faces);
  gtk_label_set_text (self->size_stat, size);
  gtk_label_set_text (self->texture_stat, texture);

  /* What the slider asks for, while it moves; what it gave, once known. */
  if (self->preview_ready)
    {
      g_autofree char *kept = format_count (self->preview_stats.faces);
      g_autofree char *total = format_count (before->faces);

      /* Translators: faces kept of the source's, "12,000 of 120,000" */
      subtitle = g_strdup_printf (_("%s of %s"), kept, total);
    }
  else
    {
      double ratio = gtk_range_get_value (self->faces_scale) / 100.0;
      g_autofree char *target = format_count ((guint64) (ratio * before->faces + 0.5));
      g_autofree char *total = format_count (before->faces);

      /* Translators: a face budget of the source's, "about 12,000 of 120,000" */
      subtitle = g_strdup_printf (_("About %s of %s"), target, total);
    }
  adw_action_row_set_subtitle (self->faces_row, subtitle);
}

/* State */

static void
update_state (AtelierExportDialog *self)
{
  gboolean busy = self->loading || self->computing || self->exporting || self->settle_id != 0;
  AtelierGltfFileType type = selected_file_type (self);
  gboolean loaded = self->source != NULL;
  const char *doing = NULL;

  gtk_widget_set_sensitive (self->settings_page, loaded && !self->exporting);
  gtk_widget_set_sensitive (GTK_WIDGET (self->faces_scale), loaded);
  gtk_widget_set_sensitive (self->textures_group,
                            self->source_stats.n_images > 0 && type != ATELIER_GLTF_FILE_STL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->compression_row),
                            type == ATELIER_GLTF_FILE_GLB || type == ATELIER_GLTF_FILE_GLTF);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose", loaded && !self->exporting);

  if (self->loading)
    doing = _("Loading the model…");
  else if (self->exporting)
    doing = _("Exporting…");
  else if (self->computing || self->settle_id != 0)
    doing = _("Updating the preview…");
  gtk_widget_set_visible (GTK_WIDGET (self->busy_label), doing != NULL);
  if (doing != NULL)
    gtk_label_set_text (self->busy_label, doing);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar),
                          self->loading || self->computing || self->exporting);

  update_stats (self);

  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
}

static void
set_preview_ready (AtelierExportDialog *self,
                   gboolean             ready)
{
  if (self->preview_ready == !!ready)
    return;
  self->preview_ready = !!ready;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PREVIEW_READY]);
}

static void
show_error (AtelierExportDialog *self,
            const char          *what,
            const GError        *error)
{
  g_autofree char *escaped = NULL;

  g_free (self->error_message);
  self->error_message = g_strdup_printf ("%s: %s", what, error->message);
  escaped = g_markup_escape_text (self->error_message, -1);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  AtelierExportDialog *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
}

static void
scene_borrowed (gpointer scene)
{
  /* self->shown owns it. */
}

static void
show_asset (AtelierExportDialog *self,
            AtelierGltfAsset    *asset)
{
  AtelierGltfAsset *old = self->shown;

  self->shown = atelier_gltf_asset_ref (asset);
  atelier_model_view_replace_scene (self->model_view,
                                    (AtelierGltfScene *) atelier_gltf_asset_get_scene (asset),
                                    scene_borrowed);
  g_clear_pointer (&old, atelier_gltf_asset_unref);
}

static void
stop_work (AtelierExportDialog *self)
{
  g_clear_handle_id (&self->settle_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->computing = FALSE;
}

/* Preview: optimize, then the size of the file it makes */

typedef struct
{
  AtelierGltfAsset        *asset;
  AtelierGltfWriteOptions  write;
  AtelierGltfFileType      type;
} SizeWork;

static void
size_work_free (gpointer data)
{
  SizeWork *work = data;

  atelier_gltf_asset_unref (work->asset);
  g_free (work);
}

static void
size_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SizeWork *work = task_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("atelier-export-XXXXXX", &error);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *entry;
  guint64 bytes = 0;
  gboolean ok;

  if (dir == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Written as Export would write it (a .gltf's .bin and images, an .obj's
   * .mtl and textures), then thrown away. */
  name = g_strconcat ("preview.", extensions[work->type], NULL);
  path = g_build_filename (dir, name, NULL);
  ok = atelier_gltf_asset_export (work->asset, path, &work->write, cancellable, &bytes, &error);

  listing = g_dir_open (dir, 0, NULL);
  while (listing != NULL && (entry = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, entry, NULL);
      g_unlink (file);
    }
  g_rmdir (dir);

  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, (gssize) MIN (bytes, G_MAXSSIZE));
}

static void
size_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  AtelierExportDialog *self = ATELIER_EXPORT_DIALOG (object);
  g_autoptr(GError) error = NULL;
  gssize bytes = g_task_propagate_int (G_TASK (result), &error);

  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->computing = FALSE;
      show_error (self, _("Could not measure the file"), error);
      update_state (self);
      return;
    }

  self->preview_bytes = bytes;
  self->computing = FALSE;
  set_preview_ready (self, TRUE);
  update_state (self);
}

static void
start_size (AtelierExportDialog *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, size_done, NULL);
  SizeWork *work = g_new0 (SizeWork, 1);
  AtelierGltfOptimizeOptions optimize;

  read_options (self, &optimize, &work->write);
  work->asset = atelier_gltf_asset_ref (self->preview);
  work->type = selected_file_type (self);
  g_task_set_source_tag (task, start_size);
  g_task_set_task_data (task, work, size_work_free);
  g_task_run_in_thread (task, size_thread);
}

static void
optimized (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(AtelierExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  AtelierGltfAsset *asset = atelier_gltf_optimize_finish (result, &error);

  if (asset == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->computing = FALSE;
      show_error (self, _("Could not make the preview"), error);
      update_state (self);
      return;
    }

  g_clear_pointer (&self->preview, atelier_gltf_asset_unref);
  self->preview = asset;
  self->preview_options = self->pending_options;
  atelier_gltf_asset_get_stats (asset, &self->preview_stats);
  show_asset (self, asset);
  start_size (self);
}

static gboolean
settle_cb (gpointer user_data)
{
  AtelierExportDialog *self = user_data;
  AtelierGltfWriteOptions write;

  self->settle_id = 0;
  self->cancellable = g_cancellable_new ();
  self->computing = TRUE;
  gtk_progress_bar_set_fraction (self->progress_bar, 0);

  read_options (self, &self->pending_options, &write);
  /* Only how it is stored changed: the optimized model stays. */
  if (self->preview != NULL && same_optimize (&self->preview_options, &self->pending_options))
    start_size (self);
  else
    atelier_gltf_optimize_async (self->source, &self->pending_options, on_progress, self,
                                 self->cancellable, optimized, g_object_ref (self));
  update_state (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_preview (AtelierExportDialog *self,
                  guint                delay_ms)
{
  if (self->source == NULL || self->exporting)
    return;

  stop_work (self);
  set_preview_ready (self, FALSE);
  self->settle_id = g_timeout_add (delay_ms, settle_cb, self);
  update_state (self);
}

static void update_percent (AtelierExportDialog *self);

static void
on_faces_changed (AtelierExportDialog *self)
{
  update_percent (self);
  schedule_preview (self, SETTLE_MS);
}

static void
on_option_changed (AtelierExportDialog *self)
{
  schedule_preview (self, 0);
  update_state (self);
}

static void
update_percent (AtelierExportDialog *self)
{
  /* Translators: the share of faces kept, "25 %" */
  g_autofree char *text = g_strdup_printf (_("%d %%"), (int) gtk_range_get_value (self->faces_scale));

  gtk_label_set_text (self->faces_percent, text);
}

/* Loading the source */

static void
load_progress (double   fraction,
               gpointer user_data)
{
  AtelierExportDialog *self = user_data;

  g_atomic_int_set (&self->load_permille, (int) (CLAMP (fraction, 0, 1) * 1000));
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  AtelierGltfLimits limits;
  AtelierGltfAsset *asset;

  /* The pixels too: the preview shows the textures. */
  atelier_gltf_limits_init (&limits);
  asset = atelier_gltf_asset_load (task_data, &limits, cancellable, load_progress, source_object,
                                   &error);
  if (asset == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, asset, (GDestroyNotify) atelier_gltf_asset_unref);
}

static gboolean
load_poll_cb (gpointer user_data)
{
  AtelierExportDialog *self = user_data;

  gtk_progress_bar_set_fraction (self->progress_bar, g_atomic_int_get (&self->load_permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
loaded (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  AtelierExportDialog *self = ATELIER_EXPORT_DIALOG (object);
  g_autoptr(GError) error = NULL;
  AtelierGltfAsset *asset = g_task_propagate_pointer (G_TASK (result), &error);

  if (asset == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->loading = FALSE;
  g_clear_handle_id (&self->load_poll_id, g_source_remove);
  g_clear_object (&self->cancellable);
  if (asset == NULL)
    {
      show_error (self, _("Could not load the model"), error);
      adw_action_row_set_subtitle (self->faces_row, error->message);
      update_state (self);
      return;
    }

  self->source = asset;
  atelier_gltf_asset_get_stats (asset, &self->source_stats);
  self->source_bytes = atelier_gltf_asset_get_scene (asset)->file_size;
  show_asset (self, asset);
  schedule_preview (self, 0);
}

static void
start_load (AtelierExportDialog *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = g_file_get_basename (self->source_file);
  char *path = g_file_get_path (self->source_file);

  adw_window_title_set_subtitle (self->window_title,
                                 self->job != NULL ? atelier_job_get_prompt (self->job) : name);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, loaded, NULL);
  g_task_set_source_tag (task, start_load);
  if (path == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only models on this computer can be exported"));
      return;
    }
  g_task_set_task_data (task, path, g_free);
  self->loading = TRUE;
  self->load_poll_id = g_timeout_add (100, load_poll_cb, self);
  g_task_run_in_thread (task, load_thread);
  update_state (self);
}

/* Export */

static GHashTable *
export_params (AtelierExportDialog              *self,
               const AtelierGltfOptimizeOptions *optimize,
               const AtelierGltfWriteOptions    *write,
               const AtelierGltfExportReport    *report)
{
  GHashTable *params = atelier_params_new ();
  AtelierGltfFileType type = selected_file_type (self);

  g_hash_table_insert (params, g_strdup ("faces"),
                       g_strdup_printf ("%" G_GUINT64_FORMAT, report->after.faces));
  if (type == ATELIER_GLTF_FILE_STL)
    return params;
  if (optimize->texture_size > 0)
    g_hash_table_insert (params, g_strdup ("texture-size"),
                         g_strdup_printf ("%u", optimize->texture_size));
  g_hash_table_insert (params, g_strdup ("texture-format"),
                       g_strdup (atelier_gltf_texture_format_to_string (optimize->texture_format)));
  if (type != ATELIER_GLTF_FILE_OBJ)
    g_hash_table_insert (params, g_strdup ("compression"),
                         g_strdup (atelier_gltf_compression_to_string (write->compression)));
  return params;
}

static void
exported (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(AtelierExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  AtelierGltfExportReport report;
  AtelierGltfOptimizeOptions optimize;
  AtelierGltfWriteOptions write;
  AtelierJob *job = NULL;

  self->exporting = FALSE;
  /* Closed meanwhile: nothing left to show it in. */
  if (self->toast_overlay == NULL)
    return;
  if (!atelier_gltf_export_finish (result, &report, &error))
    {
      g_clear_object (&self->cancellable);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Export cancelled")));
      else
        show_error (self, _("Could not export"), error);
      if (!self->preview_ready)
        schedule_preview (self, 0);
      update_state (self);
      return;
    }

  read_options (self, &optimize, &write);
  if (self->engine != NULL && self->job != NULL)
    {
      g_autoptr(GHashTable) params = export_params (self, &optimize, &write, &report);
      g_autofree char *source = g_file_get_path (self->source_file);

      job = atelier_export_job_record (self->engine, self->job, source, atelier_job_get_kind (self->job),
                                       self->export_path, params, &error);
      if (job == NULL)
        g_warning ("Could not record the export: %s", error->message);
    }

  file = g_file_new_for_path (self->export_path);
  g_signal_emit (self, signals[EXPORTED], 0, file, job);
  gtk_window_close (GTK_WINDOW (self));
}

void
atelier_export_dialog_export_to (AtelierExportDialog *self,
                                 GFile               *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  AtelierGltfOptimizeOptions optimize;
  AtelierGltfWriteOptions write;
  AtelierGltfFileType type;
  gboolean preview_current;

  g_return_if_fail (ATELIER_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->source == NULL || self->exporting)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                 _("Choose a folder on this computer"));
  else if (g_file_equal (file, self->source_file))
    error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS,
                                 _("The source is never overwritten: choose another name"));
  if (error != NULL)
    {
      show_error (self, _("Could not export"), error);
      return;
    }

  /* A name without a known extension gets the chosen type's. */
  if (!atelier_gltf_file_type_from_path (path, &type))
    {
      char *with_extension = g_strconcat (path, ".", extensions[selected_file_type (self)], NULL);

      g_free (path);
      path = with_extension;
    }
  g_free (self->export_path);
  self->export_path = g_steal_pointer (&path);

  read_options (self, &optimize, &write);
  preview_current = self->preview != NULL && same_optimize (&self->preview_options, &optimize);

  stop_work (self);
  self->exporting = TRUE;
  self->cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  /* The preview is the optimized model already: only write it. */
  atelier_gltf_export_async (preview_current ? self->preview : self->source, self->export_path,
                             preview_current ? NULL : &optimize, &write, on_progress, self,
                             self->cancellable, exported, g_object_ref (self));
  update_state (self);
}

static void
on_chooser_response (GtkNativeDialog     *chooser,
                     int                  response,
                     AtelierExportDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        atelier_export_dialog_export_to (self, file);
    }
  g_object_unref (chooser);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AtelierExportDialog *self = ATELIER_EXPORT_DIALOG (widget);
  AtelierGltfFileType type = selected_file_type (self);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *base = atelier_export_job_suggest_name (self->job, self->source_file);
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  GtkStringObject *type_name;

  /* Translators: the exported file's name: the source's, then this */
  name = g_strdup_printf ("%s-%s.%s", base, _("optimized"), extensions[type]);

  type_name = adw_combo_row_get_selected_item (self->file_type_row);
  gtk_file_filter_set_name (filter, gtk_string_object_get_string (type_name));
  gtk_file_filter_add_suffix (filter, extensions[type]);

  /* GtkFileDialog is 4.10; the native chooser still uses the portal. */
  chooser = gtk_file_chooser_native_new (_("Export Model"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  /* A job's file lives in Atelier's library: start there only for an opened file. */
  if (self->job == NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->source_file);

      if (folder != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
    }
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Cancel stops an export; otherwise it closes, as Escape does. */
static void
on_cancel_clicked (AtelierExportDialog *self)
{
  if (self->exporting)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  on_cancel_clicked (ATELIER_EXPORT_DIALOG (widget));
  return TRUE;
}

/* GObject */

static gboolean
atelier_export_dialog_close_request (GtkWindow *window)
{
  stop_work (ATELIER_EXPORT_DIALOG (window));
  return GTK_WINDOW_CLASS (atelier_export_dialog_parent_class)->close_request (window);
}

static void
atelier_export_dialog_constructed (GObject *object)
{
  AtelierExportDialog *self = ATELIER_EXPORT_DIALOG (object);

  G_OBJECT_CLASS (atelier_export_dialog_parent_class)->constructed (object);

  g_assert (G_IS_FILE (self->source_file));
  start_load (self);
}

static void
atelier_export_dialog_dispose (GObject *object)
{
  AtelierExportDialog *self = ATELIER_EXPORT_DIALOG (object);

  stop_work (self);
  g_clear_handle_id (&self->load_poll_id, g_source_remove);
  /* The view borrows the shown asset's scene: let go of it first. */
  if (self->model_view != NULL)
    atelier_model_view_set_scene (self->model_view, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_EXPORT_DIALOG);

  g_clear_pointer (&self->shown, atelier_gltf_asset_unref);
  g_clear_pointer (&self->preview, atelier_gltf_asset_unref);
  g_clear_pointer (&self->source, atelier_gltf_asset_unref);
  g_clear_pointer (&self->compressions, g_array_unref);
  g_clear_object (&self->source_file);
  g_clear_object (&self->engine);
  g_clear_object (&self->job);

  G_OBJECT_CLASS (atelier_export_dialog_parent_class)->dispose (object);
}

static void
atelier_export_dialog_finalize (GObject *object)
{
  AtelierExportDialog *self = ATELIER_EXPORT_DIALOG (object);

  g_free (self->error_message);
  g_free (self->export_path);

  G_OBJECT_CLASS (atelier_export_dialog_parent_class)->finalize (object);
}

static void
atelier_export_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AtelierExportDialog *self = ATELIER_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source_file);
      break;
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_PREVIEW_READY:
      g_value_set_boolean (value, self->preview_ready);
      break;
    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_export_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  AtelierExportDialog *self = ATELIER_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      self->source_file = g_value_dup_object (value);
      break;
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;
    case PROP_JOB:
      self->job = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_export_dialog_class_init (AtelierExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->constructed = atelier_export_dialog_constructed;
  object_class->dispose = atelier_export_dialog_dispose;
  object_class->finalize = atelier_export_dialog_finalize;
  object_class->get_property = atelier_export_dialog_get_property;
  object_class->set_property = atelier_export_dialog_set_property;
  window_class->close_request = atelier_export_dialog_close_request;

  properties[PROP_SOURCE] = g_param_spec_object ("source", NULL, NULL, G_TYPE_FILE, construct);
  properties[PROP_ENGINE] = g_param_spec_object ("engine", NULL, NULL, ATELIER_TYPE_ENGINE, construct);
  properties[PROP_JOB] = g_param_spec_object ("job", NULL, NULL, ATELIER_TYPE_JOB, construct);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, ro);
  properties[PROP_PREVIEW_READY] = g_param_spec_boolean ("preview-ready", NULL, NULL, FALSE, ro);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The file written and the job recorded for it (NULL without a source job). */
  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_FILE, ATELIER_TYPE_JOB);

  atelier_get_resource ();
  g_type_ensure (ATELIER_TYPE_MODEL_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/ui/atelier-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierExportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, AtelierExportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, AtelierExportDialog, model_view);
  gtk_widget_class_bind_template_child (widget_class, AtelierExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, AtelierExportDialog, busy_label);
  gtk_widget_class_bind_template_child (widget_class, AtelierExportDialog, settings_page);
  gtk_widget_class_bind_template_child (widget_class, AtelierExportDialog, faces_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierExportDialog, faces_scale);
  gtk_widget_class_bind_template_child (widget_class, AtelierExportDialog, faces_percent);
  gtk_widget_class_bind_template_child (widget_class, AtelierExportDialog, textures_group);
  gtk_widget_class_bind_template_child (widget_class, AtelierExportDialog, texture_size_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierExportDialog, texture_format_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierExportDialog, file_type_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierExportDialog, compression_row);
  gtk_widget_class_bind_template_child (widget_class, AtelierExportDialog, faces_stat);
  gtk_widget_class_bind_template_child (widget_class, AtelierExportDialog, size_stat);
  gtk_widget_class_bind_template_child (widget_class, AtelierExportDialog, texture_stat);
  gtk_widget_class_bind_template_callback (widget_class, on_faces_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_option_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);

  gtk_widget_class_install_action (widget_class, "export.choose", NULL, choose_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "export.choose", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);
}

static void
atelier_export_dialog_init (AtelierExportDialog *self)
{
  static const struct { AtelierGltfCompression compression; const char *label; } compressions[] = {
    { ATELIER_GLTF_COMPRESSION_NONE, N_("None") },
    { ATELIER_GLTF_COMPRESSION_MESHOPT, N_("Meshopt") },
    { ATELIER_GLTF_COMPRESSION_DRACO, N_("Draco") },
  };
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Only what this build can write. */
  self->compressions = g_array_new (FALSE, FALSE, sizeof (AtelierGltfCompression));
  for (guint i = 0; i < G_N_ELEMENTS (compressions); i++)
    {
      if (!atelier_gltf_compression_available (compressions[i].compression))
        continue;
      g_array_append_val (self->compressions, compressions[i].compression);
      gtk_string_list_append (labels, _(compressions[i].label));
    }
  adw_combo_row_set_model (self->compression_row, G_LIST_MODEL (labels));

  update_percent (self);
}

GtkWidget *
atelier_export_dialog_new (GFile         *source,
                           AtelierEngine *engine,
                           AtelierJob    *job)
{
  g_return_val_if_fail (G_IS_FILE (source), NULL);
  g_return_val_if_fail (engine == NULL || ATELIER_IS_ENGINE (engine), NULL);
  g_return_val_if_fail (job == NULL || ATELIER_IS_JOB (job), NULL);

  return g_object_new (ATELIER_TYPE_EXPORT_DIALOG,
                       "source", source,
                       "engine", engine,
                       "job", job,
                       NULL);
}

GFile *
atelier_export_dialog_get_source (AtelierExportDialog *self)
{
  g_return_val_if_fail (ATELIER_IS_EXPORT_DIALOG (self), NULL);

  return self->source_file;
}

gboolean
atelier_export_dialog_get_busy (AtelierExportDialog *self)
{
  g_return_val_if_fail (ATELIER_IS_EXPORT_DIALOG (self), FALSE);

  return self->busy;
}

gboolean
atelier_export_dialog_get_stats (AtelierExportDialog   *self,
                                 AtelierGltfAssetStats *before,
                                 AtelierGltfAssetStats *after,
                                 guint64               *bytes_before,
                                 guint64               *bytes_after)
{
  g_return_val_if_fail (ATELIER_IS_EXPORT_DIALOG (self), FALSE);

  if (!self->preview_ready)
    return FALSE;
  if (before != NULL)
    *before = self->source_stats;
  if (after != NULL)
    *after = self->preview_stats;
  if (bytes_before != NULL)
    *bytes_before = self->source_bytes;
  if (bytes_after != NULL)
    *bytes_after = self->preview_bytes;
  return TRUE;
}

const char *
atelier_export_dialog_get_error_message (AtelierExportDialog *self)
{
  g_return_val_if_fail (ATELIER_IS_EXPORT_DIALOG (self), NULL);

  return self->error_message;
}
