/* atelier-gallery.c: the history as a grid of every output, with multi-select
 *
 * The grid shows the job list's own filter model (search, filters, jobs
 * hidden while their delete can be undone) flattened into outputs by
 * AtelierOutputModel, so both views always show the same jobs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-gallery"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "atelier-gallery.h"
#include "atelier-gallery-tile.h"
#include "atelier-history.h"
#include "atelier-output-model.h"

struct _AtelierGallery
{
  GtkWidget           parent_instance;

  /* Template Widgets */
  GtkScrolledWindow  *scroller;
  GtkGridView        *grid;
  GtkRevealer        *action_revealer;
  GtkLabel           *selected_label;

  /* Owned References */
  AtelierEngine      *engine;
  AtelierOutputModel *outputs;
  GtkMultiSelection  *selection;
  AtelierJob         *current_job;
  /* Cancelled when the gallery goes: a running export stops. */
  GCancellable       *cancellable;
};

enum {
  PROP_0,
  PROP_CURRENT_JOB,
  PROP_N_SELECTED,
  N_PROPS
};

enum {
  JOB_ACTIVATED,
  DELETE_JOBS,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AtelierGallery, atelier_gallery, GTK_TYPE_WIDGET)

static void
toast (AtelierGallery *self,
       const char     *text)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
  else
    g_message ("%s", text);
}

static guint
n_selected (AtelierGallery *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));

  return (guint) gtk_bitset_get_size (selected);
}

/* Tiles */

static void
setup_tile (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  gtk_list_item_set_child (item, atelier_gallery_tile_new ());
}

static void
bind_tile (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           AtelierGallery           *self)
{
  AtelierOutputItem *output = gtk_list_item_get_item (item);
  AtelierJob *job = atelier_output_item_get_job (output);
  AtelierProvider *provider = NULL;
  const char *name = NULL;

  if (self->engine != NULL)
    provider = atelier_engine_get_provider (self->engine, atelier_job_get_provider (job));
  if (provider != NULL)
    name = atelier_provider_get_display_name (provider);
  else if (g_strcmp0 (atelier_job_get_provider (job), ATELIER_JOB_PROVIDER_EXPORT) == 0)
    name = _("Export");
  atelier_gallery_tile_set_item (ATELIER_GALLERY_TILE (gtk_list_item_get_child (item)), output, name);
}

/* A recycled tile stops decoding what it no longer shows. */
static void
unbind_tile (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  atelier_gallery_tile_set_item (ATELIER_GALLERY_TILE (gtk_list_item_get_child (item)), NULL, NULL);
}

/* Selection */

GPtrArray *
atelier_gallery_get_selected_jobs (AtelierGallery *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GPtrArray *jobs = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (ATELIER_IS_GALLERY (self), jobs);

  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(AtelierOutputItem) item = g_list_model_get_item (G_LIST_MODEL (self->outputs), position);
      AtelierJob *job = item != NULL ? atelier_output_item_get_job (item) : NULL;

      if (job != NULL && g_hash_table_add (seen, job))
        g_ptr_array_add (jobs, g_object_ref (job));
    }
  return jobs;
}

static void
update_selection (AtelierGallery *self)
{
  guint n = n_selected (self);
  AtelierJob *current = NULL;
  g_autofree char *text = NULL;

  if (n == 1)
    {
      g_autoptr(GPtrArray) jobs = atelier_gallery_get_selected_jobs (self);

      current = jobs->len == 1 ? g_ptr_array_index (jobs, 0) : NULL;
      if (g_set_object (&self->current_job, current))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_JOB]);
    }
  else if (g_set_object (&self->current_job, NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_JOB]);

  /* Translators: how many gallery tiles are selected */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u selected", "%u selected", n), n);
  gtk_label_set_text (self->selected_label, text);
  /* One tile is what the detail pane shows: the bar is for several. */
  gtk_revealer_set_reveal_child (self->action_revealer, n > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.delete", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.star", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.export", n > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "gallery.unselect-all", n > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SELECTED]);
}

static void
on_grid_activate (AtelierGallery *self,
                  guint           position)
{
  g_autoptr(AtelierOutputItem) item = g_list_model_get_item (G_LIST_MODEL (self->outputs), position);

  if (item != NULL)
    g_signal_emit (self, signals[JOB_ACTIVATED], 0, atelier_output_item_get_job (item));
}

static void
on_job_finished (AtelierGallery *self,
                 AtelierJob     *job)
{
  /* Its results are there now: a tile each instead of the one of the job. */
  atelier_output_model_job_changed (self->outputs, job);
}

/* Actions on the selection */

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AtelierGallery *self = ATELIER_GALLERY (widget);
  g_autoptr(GPtrArray) jobs = atelier_gallery_get_selected_jobs (self);

  if (jobs->len > 0)
    g_signal_emit (self, signals[DELETE_JOBS], 0, jobs);
}

static void
star_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  AtelierGallery *self = ATELIER_GALLERY (widget);
  g_autoptr(GPtrArray) jobs = atelier_gallery_get_selected_jobs (self);
  AtelierHistory *history = self->engine != NULL ? atelier_engine_get_history (self->engine) : NULL;
  g_autoptr(GError) error = NULL;
  gboolean star = FALSE;

  /* Star them all, unless all are starred already: then unstar. */
  for (guint i = 0; i < jobs->len; i++)
    if (!atelier_job_get_starred (g_ptr_array_index (jobs, i)))
      star = TRUE;
  for (guint i = 0; i < jobs->len; i++)
    atelier_job_set_starred (g_ptr_array_index (jobs, i), star);
  if (history != NULL && jobs->len > 0 && !atelier_history_save_all (history, jobs, &error))
    {
      /* Translators: %s says why */
      g_autofree char *text = g_strdup_printf (_("Could not save the stars: %s"), error->message);

      toast (self, text);
    }
}

static void
unselect_all_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  AtelierGallery *self = ATELIER_GALLERY (widget);

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
}

/* Export: the selected files copied into a folder, one after another. */

typedef struct
{
  AtelierGallery *gallery;
  GPtrArray      *paths;
  GFile          *folder;
  guint           next;
  guint           attempt;   /* 0: the file's own name; n: "name (n + 1).ext" */
  guint           copied;
  char           *error;     /* the first failure */
} Export;

static void
export_free (Export *export)
{
  g_clear_object (&export->gallery);
  g_clear_pointer (&export->paths, g_ptr_array_unref);
  g_clear_object (&export->folder);
  g_clear_pointer (&export->error, g_free);
  g_free (export);
}

static void export_next (Export *export);

static GFile *
export_target (Export     *export,
               const char *path)
{
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *numbered = NULL;
  const char *dot;

  if (export->attempt == 0)
    return g_file_get_child (export->folder, name);
  /* A file of that name is there already: never overwrite it. */
  dot = strrchr (name, '.');
  if (dot != NULL && dot != name)
    numbered = g_strdup_printf ("%.*s (%u)%s", (int) (dot - name), name, export->attempt + 1, dot);
  else
    numbered = g_strdup_printf ("%s (%u)", name, export->attempt + 1);
  return g_file_get_child (export->folder, numbered);
}

static void
export_copied (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Export *export = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_copy_finish (G_FILE (source), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          export_free (export);
          return;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS) && export->attempt < 100)
        {
          /* The same file again, under the next name. */
          export->attempt++;
          export->next--;
          export_next (export);
          return;
        }
      if (export->error == NULL)
        export->error = g_strdup (error->message);
    }
  else
    export->copied++;
  export->attempt = 0;
  export_next (export);
}

static void
export_next (Export *export)
{
  AtelierGallery *self = export->gallery;
  g_autofree char *text = NULL;
  g_autofree char *folder = NULL;

  if (export->next < export->paths->len)
    {
      const char *path = g_ptr_array_index (export->paths, export->next++);
      g_autoptr(GFile) source = g_file_new_for_path (path);
      g_autoptr(GFile) target = NULL;

      target = export_target (export, path);
      g_file_copy_async (source, target, G_FILE_COPY_NONE, G_PRIORITY_DEFAULT,
                         self->cancellable, NULL, NULL, export_copied, export);
      return;
    }

  folder = g_file_get_basename (export->folder);
  if (export->error != NULL)
    /* Translators: the first %s says which folder, the second why */
    text = g_strdup_printf (_("Could not export everything to “%s”: %s"), folder, export->error);
  else
    /* Translators: %u files were copied into the folder %s */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u file to “%s”",
                                         "Exported %u files to “%s”", export->copied),
                            export->copied, folder);
  toast (self, text);
  export_free (export);
}

static void
export_paths (AtelierGallery *self,
              GPtrArray      *paths,
              GFile          *folder)
{
  Export *export = g_new0 (Export, 1);

  export->gallery = g_object_ref (self);
  export->paths = g_ptr_array_ref (paths);
  export->folder = g_object_ref (folder);
  export_next (export);
}

static void
on_export_folder (GtkNativeDialog *dialog,
                  int              response,
                  AtelierGallery  *self)
{
  GPtrArray *paths = g_object_get_data (G_OBJECT (dialog), "paths");
  g_autoptr(GFile) folder = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (folder != NULL && paths != NULL)
    export_paths (self, paths, folder);
  g_object_unref (dialog);
}

/* The files of the selected tiles, each once. */
static GPtrArray *
selected_paths (AtelierGallery *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position);
       more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(AtelierOutputItem) item = g_list_model_get_item (G_LIST_MODEL (self->outputs), position);
      const char *path = item != NULL ? atelier_output_item_get_path (item) : NULL;

      if (path != NULL && !g_hash_table_contains (seen, path))
        {
          char *copy = g_strdup (path);

          g_ptr_array_add (paths, copy);
          g_hash_table_add (seen, copy);
        }
    }
  return paths;
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  AtelierGallery *self = ATELIER_GALLERY (widget);
  g_autoptr(GPtrArray) paths = selected_paths (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;

  if (paths->len == 0)
    {
      toast (self, _("Nothing to export: the selected jobs have no files yet"));
      return;
    }

  /* GtkFileDialog is 4.10; the native chooser still goes through the portal. */
  dialog = gtk_file_chooser_native_new (_("Export to a Folder"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_object_set_data_full (G_OBJECT (dialog), "paths", g_ptr_array_ref (paths),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_folder), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* GObject */

static void
atelier_gallery_dispose (GObject *object)
{
  AtelierGallery *self = ATELIER_GALLERY (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  if (self->grid != NULL)
    gtk_grid_view_set_model (self->grid, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_GALLERY);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->current_job);
  g_clear_object (&self->selection);
  g_clear_object (&self->outputs);
  g_clear_object (&self->engine);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (atelier_gallery_parent_class)->dispose (object);
}

static void
atelier_gallery_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  AtelierGallery *self = ATELIER_GALLERY (object);

  switch (prop_id)
    {
    case PROP_CURRENT_JOB:
      g_value_set_object (value, self->current_job);
      break;
    case PROP_N_SELECTED:
      g_value_set_uint (value, n_selected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_gallery_class_init (AtelierGalleryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_gallery_dispose;
  object_class->get_property = atelier_gallery_get_property;

  properties[PROP_CURRENT_JOB] =
    g_param_spec_object ("current-job", NULL, NULL, ATELIER_TYPE_JOB,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SELECTED] =
    g_param_spec_uint ("n-selected", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[JOB_ACTIVATED] =
    g_signal_new ("job-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, ATELIER_TYPE_JOB);
  signals[DELETE_JOBS] =
    g_signal_new ("delete-jobs", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);

  gtk_widget_class_install_action (widget_class, "gallery.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "gallery.star", NULL, star_action);
  gtk_widget_class_install_action (widget_class, "gallery.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "gallery.unselect-all", NULL, unselect_all_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/ui/atelier-gallery.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, scroller);
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, grid);
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, action_revealer);
  gtk_widget_class_bind_template_child (widget_class, AtelierGallery, selected_label);
  gtk_widget_class_bind_template_callback (widget_class, on_grid_activate);

  gtk_widget_class_set_css_name (widget_class, "ateliergallery");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
atelier_gallery_init (AtelierGallery *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->outputs = atelier_output_model_new (NULL);
  self->selection = gtk_multi_selection_new (g_object_ref (G_LIST_MODEL (self->outputs)));
  g_signal_connect_object (self->selection, "selection-changed",
                           G_CALLBACK (update_selection), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (update_selection), self, G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_tile), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_tile), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_tile), NULL);
  gtk_grid_view_set_factory (self->grid, factory);
  gtk_grid_view_set_model (self->grid, GTK_SELECTION_MODEL (self->selection));
  update_selection (self);
}

GtkWidget *
atelier_gallery_new (void)
{
  return g_object_new (ATELIER_TYPE_GALLERY, NULL);
}

void
atelier_gallery_set_engine (AtelierGallery *self,
                            AtelierEngine  *engine)
{
  g_return_if_fail (ATELIER_IS_GALLERY (self));
  g_return_if_fail (engine == NULL || ATELIER_IS_ENGINE (engine));

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (self->engine, self);
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    g_signal_connect_object (engine, "job-finished", G_CALLBACK (on_job_finished), self,
                             G_CONNECT_SWAPPED);
}

void
atelier_gallery_set_jobs (AtelierGallery *self,
                          GListModel     *jobs)
{
  g_return_if_fail (ATELIER_IS_GALLERY (self));

  atelier_output_model_set_jobs (self->outputs, jobs);
}

GListModel *
atelier_gallery_get_outputs (AtelierGallery *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY (self), NULL);

  return G_LIST_MODEL (self->outputs);
}

GtkSelectionModel *
atelier_gallery_get_selection (AtelierGallery *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY (self), NULL);

  return GTK_SELECTION_MODEL (self->selection);
}

AtelierJob *
atelier_gallery_get_current_job (AtelierGallery *self)
{
  g_return_val_if_fail (ATELIER_IS_GALLERY (self), NULL);

  return self->current_job;
}

gboolean
atelier_gallery_select_job (AtelierGallery *self,
                            AtelierJob     *job)
{
  guint position;

  g_return_val_if_fail (ATELIER_IS_GALLERY (self), FALSE);
  g_return_val_if_fail (ATELIER_IS_JOB (job), FALSE);

  position = atelier_output_model_find_job (self->outputs, job);
  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  /* gtk_grid_view_scroll_to() is 4.12: the grid's own action does it on 4.8. */
  gtk_widget_activate_action (GTK_WIDGET (self->grid), "list.scroll-to-item", "u", position);
  return TRUE;
}

void
atelier_gallery_export_selected (AtelierGallery *self,
                                 GFile          *folder)
{
  g_autoptr(GPtrArray) paths = NULL;

  g_return_if_fail (ATELIER_IS_GALLERY (self));
  g_return_if_fail (G_IS_FILE (folder));

  paths = selected_paths (self);
  if (paths->len > 0)
    export_paths (self, paths, folder);
}
