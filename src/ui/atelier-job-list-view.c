/* atelier-job-list-view.c: the jobs: search, filters, rows, delete with undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-job-list-view"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-batch-header.h"
#include "atelier-gallery.h"
#include "atelier-job-list-view.h"
#include "atelier-job-row.h"
#include "atelier-resources.h"

struct _AtelierJobListView
{
  GtkWidget           parent_instance;

  /* Template Widgets */
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *filter_service;
  GtkDropDown        *filter_kind;
  GtkDropDown        *filter_status;
  GtkToggleButton    *starred_toggle;
  GtkStack           *list_stack;
  AdwStatusPage      *list_empty_page;
  GtkListView        *job_list_view;
  AdwViewStack       *view_stack;
  AtelierGallery     *gallery;

  /* Owned References */
  AtelierEngine      *engine;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filter_model;
  GtkSingleSelection *selection;
  AtelierJob         *selected_job;
  /* Provider ids of the service filter's entries after "All Services". */
  GPtrArray          *filter_service_ids;
  /* Jobs hidden while their undo toast shows: id → AtelierJob */
  GHashTable         *pending_deletes;

  /* Set while one view follows the other's selection. */
  guint               syncing : 1;
};

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_SELECTED_JOB,
  PROP_SEARCH_MODE,
  PROP_VIEW,
  N_PROPS
};

enum {
  JOB_ACTIVATED,
  N_SIGNALS
};

/* Entries of the status filter, in dropdown order. */
enum {
  STATUS_FILTER_ALL,
  STATUS_FILTER_ACTIVE,
  STATUS_FILTER_DONE,
  STATUS_FILTER_PROBLEM,
};

/* Entries of the kind filter, in dropdown order. */
enum {
  KIND_FILTER_ALL,
  KIND_FILTER_IMAGES,
  KIND_FILTER_MODELS,
  KIND_FILTER_PRINT,
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (AtelierJobListView, atelier_job_list_view, GTK_TYPE_WIDGET)

/* Filtering */

/* An image job to the engine (its pieces are PNGs), but what it leaves is a
 * ZIP of artwork for a print shop, not a picture to look at. */
static gboolean
is_print_export (AtelierJob *job)
{
  return g_strcmp0 (atelier_job_get_provider (job), "core3d-export") == 0;
}

static gboolean
job_matches (gpointer item,
             gpointer user_data)
{
  AtelierJobListView *self = user_data;
  AtelierJob *job = item;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  guint service = gtk_drop_down_get_selected (self->filter_service);
  guint kind = gtk_drop_down_get_selected (self->filter_kind);
  guint status = gtk_drop_down_get_selected (self->filter_status);
  AtelierJobStatus job_status = atelier_job_get_status (job);

  if (g_hash_table_contains (self->pending_deletes, atelier_job_get_id (job)))
    return FALSE;

  if (gtk_toggle_button_get_active (self->starred_toggle) && !atelier_job_get_starred (job))
    return FALSE;

  if (service != GTK_INVALID_LIST_POSITION && service > 0 && service < self->filter_service_ids->len + 1
      && g_strcmp0 (atelier_job_get_provider (job),
                    g_ptr_array_index (self->filter_service_ids, service - 1)) != 0)
    return FALSE;

  switch (kind)
    {
    case KIND_FILTER_IMAGES:
      /* A product design is an image (its preview); a print export is not. */
      if (atelier_job_get_kind (job) != ATELIER_JOB_KIND_IMAGE || is_print_export (job))
        return FALSE;
      break;
    case KIND_FILTER_MODELS:
      if (atelier_job_get_kind (job) != ATELIER_JOB_KIND_MODEL)
        return FALSE;
      break;
    case KIND_FILTER_PRINT:
      if (!is_print_export (job))
        return FALSE;
      break;
    default:
      break;
    }

  switch (status)
    {
    case STATUS_FILTER_ACTIVE:
      if (atelier_job_is_finished (job))
        return FALSE;
      break;
    case STATUS_FILTER_DONE:
      if (job_status != ATELIER_JOB_STATUS_DONE)
        return FALSE;
      break;
    case STATUS_FILTER_PROBLEM:
      if (job_status != ATELIER_JOB_STATUS_FAILED && job_status != ATELIER_JOB_STATUS_CANCELLED)
        return FALSE;
      break;
    default:
      break;
    }

  if (query != NULL && query[0] != '\0')
    {
      const char *prompt = atelier_job_get_prompt (job);
      g_autofree char *needle = g_utf8_casefold (query, -1);
      g_autofree char *haystack = g_utf8_casefold (prompt != NULL ? prompt : "", -1);

      if (strstr (haystack, needle) == NULL)
        return FALSE;
    }

  return TRUE;
}

static void
update_list_page (AtelierJobListView *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0;
  gboolean filtering = gtk_search_bar_get_search_mode (self->search_bar);

  /* The older jobs are still being listed: what is not found yet may be. */
  if (empty && self->engine != NULL
      && atelier_job_list_get_loading (atelier_engine_get_jobs (self->engine)))
    {
      gtk_stack_set_visible_child_name (self->list_stack, "list");
      return;
    }

  if (empty && filtering)
    {
      adw_status_page_set_icon_name (self->list_empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->list_empty_page, _("No Results Found"));
      adw_status_page_set_description (self->list_empty_page, _("Try a different search or filter"));
    }
  else if (empty)
    {
      adw_status_page_set_icon_name (self->list_empty_page, "image-x-generic-symbolic");
      adw_status_page_set_title (self->list_empty_page, _("No Generations Yet"));
      adw_status_page_set_description (self->list_empty_page,
                                       _("Describe an image or a model above and press Generate"));
    }

  gtk_stack_set_visible_child_name (self->list_stack, empty ? "empty" : "list");
}

static void
refilter (AtelierJobListView *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_filter_changed (AtelierJobListView *self)
{
  /* The filter dropdowns notify while the template is still being built. */
  if (self->filter != NULL)
    refilter (self);
}

static void
on_search_mode_changed (AtelierJobListView *self)
{
  /* Closing the search shows everything again. */
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_drop_down_set_selected (self->filter_service, 0);
      gtk_drop_down_set_selected (self->filter_kind, 0);
      gtk_drop_down_set_selected (self->filter_status, 0);
      gtk_toggle_button_set_active (self->starred_toggle, FALSE);
    }
  if (self->filter_model != NULL)
    update_list_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE]);
}

static void
on_job_finished (AtelierJobListView *self,
                 AtelierJob         *job)
{
  /* Status filters look at a state that just changed. */
  if (gtk_drop_down_get_selected (self->filter_status) != STATUS_FILTER_ALL)
    refilter (self);
}

static void
setup_service_filter (AtelierJobListView *self)
{
  GListModel *providers = self->engine != NULL ? atelier_engine_get_providers (self->engine) : NULL;
  g_autoptr(GtkStringList) services = gtk_string_list_new (NULL);

  guint selected = gtk_drop_down_get_selected (self->filter_service);
  g_autofree char *selected_id = NULL;

  /* A service added while the window is open (an OpenAI-compatible
   * endpoint from Preferences) keeps the filter on what it was. */
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= self->filter_service_ids->len)
    selected_id = g_strdup (g_ptr_array_index (self->filter_service_ids, selected - 1));
  selected = 0;
  g_ptr_array_set_size (self->filter_service_ids, 0);
  gtk_string_list_append (services, _("All Services"));
  for (guint i = 0; providers != NULL && i < g_list_model_get_n_items (providers); i++)
    {
      g_autoptr(AtelierProvider) provider = g_list_model_get_item (providers, i);

      gtk_string_list_append (services, atelier_provider_get_display_name (provider));
      g_ptr_array_add (self->filter_service_ids, g_strdup (atelier_provider_get_id (provider)));
      if (g_strcmp0 (selected_id, atelier_provider_get_id (provider)) == 0)
        selected = i + 1;
    }
  gtk_drop_down_set_model (self->filter_service, G_LIST_MODEL (services));
  gtk_drop_down_set_selected (self->filter_service, selected);
}

/* Rows and selection */

/* A row is its job, under the heading of its batch when it starts one. */
static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  gtk_box_append (GTK_BOX (box), atelier_batch_header_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (atelier_job_row_new ()));
  gtk_list_item_set_child (item, box);
}

static AtelierJobRow *
item_row (GtkListItem *item)
{
  return ATELIER_JOB_ROW (gtk_widget_get_last_child (gtk_list_item_get_child (item)));
}

static AtelierBatchHeader *
item_header (GtkListItem *item)
{
  return ATELIER_BATCH_HEADER (gtk_widget_get_first_child (gtk_list_item_get_child (item)));
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          AtelierJobListView       *self)
{
  AtelierJob *job = gtk_list_item_get_item (item);
  AtelierProvider *provider = NULL;
  const char *name = NULL;

  if (self->engine != NULL)
    provider = atelier_engine_get_provider (self->engine, atelier_job_get_provider (job));
  if (provider != NULL)
    name = atelier_provider_get_display_name (provider);
  else if (g_strcmp0 (atelier_job_get_provider (job), ATELIER_JOB_PROVIDER_EXPORT) == 0)
    name = _("Export");
  atelier_job_row_set_job (item_row (item), job, name);
  atelier_batch_header_bind (item_header (item), G_LIST_MODEL (self->filter_model), item);
  if (atelier_job_get_batch_id (job) != NULL)
    gtk_widget_add_css_class (gtk_list_item_get_child (item), "atelier-batch-member");
  else
    gtk_widget_remove_css_class (gtk_list_item_get_child (item), "atelier-batch-member");
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  atelier_job_row_set_job (item_row (item), NULL, NULL);
  atelier_batch_header_unbind (item_header (item));
}

static void
on_selected_item_changed (AtelierJobListView *self)
{
  AtelierJob *job = gtk_single_selection_get_selected_item (self->selection);

  if (g_set_object (&self->selected_job, job))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_JOB]);

  /* A job selected elsewhere (a new one, "Show") is shown in the gallery too. */
  if (job != NULL && !self->syncing && atelier_gallery_get_current_job (self->gallery) != job
      && g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "gallery") == 0)
    {
      self->syncing = TRUE;
      atelier_gallery_select_job (self->gallery, job);
      self->syncing = FALSE;
    }
}

/* The gallery: the same jobs, and the same selected job for the detail. */

static void
on_gallery_current_job (AtelierJobListView *self)
{
  AtelierJob *job = atelier_gallery_get_current_job (self->gallery);

  if (job == NULL || self->syncing)
    return;
  self->syncing = TRUE;
  atelier_job_list_view_select_job (self, atelier_job_get_id (job));
  self->syncing = FALSE;
}

static void
on_gallery_activate (AtelierJobListView *self,
                     AtelierJob         *job)
{
  g_signal_emit (self, signals[JOB_ACTIVATED], 0, job);
}

static void
on_gallery_delete (AtelierJobListView *self,
                   GPtrArray          *jobs)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  AdwToast *toast = atelier_job_list_view_delete_jobs (self, jobs);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (toast);
}

static void
on_view_changed (AtelierJobListView *self)
{
  /* The stack notifies while the template is still being built. */
  if (self->gallery == NULL)
    return;
  /* The job in the detail stays the one picked out in the other view. */
  if (self->selected_job != NULL
      && g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "gallery") == 0)
    {
      self->syncing = TRUE;
      atelier_gallery_select_job (self->gallery, self->selected_job);
      self->syncing = FALSE;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VIEW]);
}

static void
on_list_activate (AtelierJobListView *self,
                  guint               position)
{
  g_autoptr(AtelierJob) job = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);

  if (job != NULL)
    g_signal_emit (self, signals[JOB_ACTIVATED], 0, job);
}

static gboolean
activate_selected (gpointer user_data)
{
  AtelierJobListView *self = user_data;

  if (self->selected_job != NULL)
    g_signal_emit (self, signals[JOB_ACTIVATED], 0, self->selected_job);
  return G_SOURCE_REMOVE;
}

/* Clicking the row that is already selected changes no selection, yet on a
 * narrow window it should still open the detail. The row claims the click,
 * so look once the list has handled it. */
static void
on_list_pressed (AtelierJobListView *self,
                 int                 n_press,
                 double              x,
                 double              y)
{
  if (n_press == 1)
    g_timeout_add_full (G_PRIORITY_DEFAULT, 250, activate_selected,
                        g_object_ref (self), g_object_unref);
}

/* Delete with undo */

static void
commit_delete (AtelierJobListView *self,
               const char         *job_id)
{
  g_autofree char *key = NULL;
  g_autoptr(AtelierJob) job = NULL;

  if (self->pending_deletes == NULL || self->engine == NULL
      || !g_hash_table_steal_extended (self->pending_deletes, job_id,
                                       (gpointer *) &key, (gpointer *) &job))
    return;

  if (!atelier_job_is_finished (job))
    atelier_engine_cancel (self->engine, job);
  /* An export's file is where the person saved it, theirs: only the record goes. */
  atelier_engine_delete (self->engine, job,
                         g_strcmp0 (atelier_job_get_provider (job), ATELIER_JOB_PROVIDER_EXPORT) != 0);
}

static void
on_undo_clicked (AdwToast           *toast,
                 AtelierJobListView *self)
{
  const char *const *job_ids = g_object_get_data (G_OBJECT (toast), "job-ids");
  gboolean restored = FALSE;

  for (guint i = 0; self->pending_deletes != NULL && job_ids[i] != NULL; i++)
    restored |= g_hash_table_remove (self->pending_deletes, job_ids[i]);
  if (restored)
    {
      refilter (self);
      atelier_job_list_view_select_job (self, job_ids[0]);
    }
}

static void
on_delete_toast_dismissed (AdwToast           *toast,
                           AtelierJobListView *self)
{
  const char *const *job_ids = g_object_get_data (G_OBJECT (toast), "job-ids");

  for (guint i = 0; job_ids[i] != NULL; i++)
    commit_delete (self, job_ids[i]);
}

static void
atelier_job_list_view_dispose (GObject *object)
{
  AtelierJobListView *self = ATELIER_JOB_LIST_VIEW (object);
  GtkWidget *child;

  atelier_job_list_view_commit_deletes (self);
  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->engine, self);
      g_signal_handlers_disconnect_by_data (atelier_engine_get_jobs (self->engine), self);
      g_signal_handlers_disconnect_by_data (atelier_engine_get_providers (self->engine), self);
    }
  if (self->job_list_view != NULL)
    gtk_list_view_set_model (self->job_list_view, NULL);
  if (self->gallery != NULL)
    atelier_gallery_set_jobs (self->gallery, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), ATELIER_TYPE_JOB_LIST_VIEW);
  /* Template children without an id are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selected_job);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_pointer (&self->filter_service_ids, g_ptr_array_unref);
  g_clear_pointer (&self->pending_deletes, g_hash_table_unref);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (atelier_job_list_view_parent_class)->dispose (object);
}

static void
atelier_job_list_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  AtelierJobListView *self = ATELIER_JOB_LIST_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_SELECTED_JOB:
      g_value_set_object (value, self->selected_job);
      break;
    case PROP_SEARCH_MODE:
      g_value_set_boolean (value, atelier_job_list_view_get_search_mode (self));
      break;
    case PROP_VIEW:
      g_value_set_string (value, atelier_job_list_view_get_view (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_job_list_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  AtelierJobListView *self = ATELIER_JOB_LIST_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      atelier_job_list_view_set_engine (self, g_value_get_object (value));
      break;
    case PROP_SEARCH_MODE:
      atelier_job_list_view_set_search_mode (self, g_value_get_boolean (value));
      break;
    case PROP_VIEW:
      atelier_job_list_view_set_view (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
atelier_job_list_view_class_init (AtelierJobListViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = atelier_job_list_view_dispose;
  object_class->get_property = atelier_job_list_view_get_property;
  object_class->set_property = atelier_job_list_view_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         ATELIER_TYPE_ENGINE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_JOB] =
    g_param_spec_object ("selected-job", NULL, NULL,
                         ATELIER_TYPE_JOB,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH_MODE] =
    g_param_spec_boolean ("search-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "list" or "gallery": how the jobs are shown (the window keeps it in
   * its settings). */
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "list",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[JOB_ACTIVATED] =
    g_signal_new ("job-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ATELIER_TYPE_JOB);

  /* The resources live in a static library: referencing them keeps them
   * linked, and linked they register themselves. */
  atelier_get_resource ();
  g_type_ensure (ATELIER_TYPE_GALLERY);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/atelierapp/Atelier/ui/atelier-job-list-view.ui");
  gtk_widget_class_bind_template_child (widget_class, AtelierJobListView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobListView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobListView, filter_service);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobListView, filter_kind);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobListView, filter_status);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobListView, starred_toggle);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobListView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobListView, list_empty_page);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobListView, job_list_view);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobListView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, AtelierJobListView, gallery);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_mode_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_list_pressed);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_gallery_current_job);
  gtk_widget_class_bind_template_callback (widget_class, on_gallery_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_gallery_delete);

  gtk_widget_class_set_css_name (widget_class, "atelierjoblistview");
  /* What the GtkBox it replaces was to screen readers. */
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
atelier_job_list_view_init (AtelierJobListView *self)
{
  /* Translators: the kind filter; "Print Exports" are Core3D's ZIPs of print-ready artwork */
  const char *kinds[] = { _("All Kinds"), _("Images"), _("Models"), _("Print Exports"), NULL };
  const char *statuses[] = { _("Any Status"), _("In Progress"), _("Done"), _("Failed"), NULL };
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkStringList) kind_list = gtk_string_list_new (kinds);
  g_autoptr(GtkStringList) status_list = gtk_string_list_new (statuses);

  self->filter_service_ids = g_ptr_array_new_with_free_func (g_free);
  self->pending_deletes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  setup_service_filter (self);
  gtk_drop_down_set_model (self->filter_kind, G_LIST_MODEL (kind_list));
  gtk_drop_down_set_model (self->filter_status, G_LIST_MODEL (status_list));

  self->filter = gtk_custom_filter_new (job_matches, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (update_list_page), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selected_item_changed), self, G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->job_list_view, factory);
  gtk_list_view_set_model (self->job_list_view, GTK_SELECTION_MODEL (self->selection));
  atelier_gallery_set_jobs (self->gallery, G_LIST_MODEL (self->filter_model));
  update_list_page (self);
}

GtkWidget *
atelier_job_list_view_new (void)
{
  return g_object_new (ATELIER_TYPE_JOB_LIST_VIEW, NULL);
}

void
atelier_job_list_view_set_engine (AtelierJobListView *self,
                                  AtelierEngine      *engine)
{
  g_return_if_fail (ATELIER_IS_JOB_LIST_VIEW (self));
  g_return_if_fail (engine == NULL || ATELIER_IS_ENGINE (engine));

  if (self->engine == engine)
    return;

  /* Deletions wait on the engine they came from. */
  atelier_job_list_view_commit_deletes (self);
  if (self->engine != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->engine, self);
      g_signal_handlers_disconnect_by_data (atelier_engine_get_jobs (self->engine), self);
      g_signal_handlers_disconnect_by_data (atelier_engine_get_providers (self->engine), self);
    }
  g_set_object (&self->engine, engine);
  if (engine != NULL)
    {
      g_signal_connect_object (engine, "job-finished",
                               G_CALLBACK (on_job_finished), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (atelier_engine_get_jobs (engine), "notify::loading",
                               G_CALLBACK (update_list_page), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (atelier_engine_get_providers (engine), "items-changed",
                               G_CALLBACK (setup_service_filter), self, G_CONNECT_SWAPPED);
    }

  setup_service_filter (self);
  atelier_gallery_set_engine (self->gallery, engine);
  gtk_filter_list_model_set_model (self->filter_model,
                                   engine != NULL ? G_LIST_MODEL (atelier_engine_get_jobs (engine)) : NULL);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

AtelierEngine *
atelier_job_list_view_get_engine (AtelierJobListView *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB_LIST_VIEW (self), NULL);

  return self->engine;
}

AtelierJob *
atelier_job_list_view_get_selected_job (AtelierJobListView *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB_LIST_VIEW (self), NULL);

  return self->selected_job;
}

gboolean
atelier_job_list_view_select_job (AtelierJobListView *self,
                                  const char         *job_id)
{
  GListModel *model;
  guint n;

  g_return_val_if_fail (ATELIER_IS_JOB_LIST_VIEW (self), FALSE);

  model = G_LIST_MODEL (self->filter_model);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AtelierJob) job = g_list_model_get_item (model, i);

      if (g_strcmp0 (atelier_job_get_id (job), job_id) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          /* gtk_list_view_scroll_to() is 4.12: the list's own action does it on 4.8. */
          gtk_widget_activate_action (GTK_WIDGET (self->job_list_view), "list.scroll-to-item", "u", i);
          return TRUE;
        }
    }
  return FALSE;
}

void
atelier_job_list_view_unselect (AtelierJobListView *self)
{
  g_return_if_fail (ATELIER_IS_JOB_LIST_VIEW (self));

  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

GListModel *
atelier_job_list_view_get_visible_jobs (AtelierJobListView *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB_LIST_VIEW (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

gboolean
atelier_job_list_view_get_search_mode (AtelierJobListView *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB_LIST_VIEW (self), FALSE);

  return gtk_search_bar_get_search_mode (self->search_bar);
}

void
atelier_job_list_view_set_search_mode (AtelierJobListView *self,
                                       gboolean            search_mode)
{
  g_return_if_fail (ATELIER_IS_JOB_LIST_VIEW (self));

  /* The search bar notifies, and so do we from on_search_mode_changed(). */
  gtk_search_bar_set_search_mode (self->search_bar, search_mode);
}

void
atelier_job_list_view_focus_search (AtelierJobListView *self)
{
  g_return_if_fail (ATELIER_IS_JOB_LIST_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

AdwToast *
atelier_job_list_view_delete_job (AtelierJobListView *self,
                                  AtelierJob         *job)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();

  g_return_val_if_fail (ATELIER_IS_JOB_LIST_VIEW (self), NULL);
  g_return_val_if_fail (ATELIER_IS_JOB (job), NULL);

  g_ptr_array_add (jobs, job);
  return atelier_job_list_view_delete_jobs (self, jobs);
}

AdwToast *
atelier_job_list_view_delete_jobs (AtelierJobListView *self,
                                   GPtrArray          *jobs)
{
  g_autofree char *title = NULL;
  g_auto(GStrv) ids = NULL;
  AdwToast *toast;

  g_return_val_if_fail (ATELIER_IS_JOB_LIST_VIEW (self), NULL);
  g_return_val_if_fail (jobs != NULL && jobs->len > 0, NULL);

  ids = g_new0 (char *, jobs->len + 1);
  for (guint i = 0; i < jobs->len; i++)
    {
      AtelierJob *job = g_ptr_array_index (jobs, i);

      ids[i] = g_strdup (atelier_job_get_id (job));
      g_hash_table_insert (self->pending_deletes, g_strdup (ids[i]), g_object_ref (job));
    }

  if (jobs->len == 1)
    {
      const char *prompt = atelier_job_get_prompt (g_ptr_array_index (jobs, 0));
      g_autofree char *escaped = NULL;

      if (prompt != NULL && g_utf8_strlen (prompt, -1) > 40)
        {
          g_autofree char *start = g_utf8_substring (prompt, 0, 39);

          escaped = g_markup_printf_escaped ("%s…", start);
        }
      else
        escaped = g_markup_escape_text (prompt != NULL ? prompt : "", -1);
      /* Translators: %s is the start of the job's prompt */
      title = g_strdup_printf (_("“%s” deleted"), escaped);
    }
  else
    /* Translators: several jobs deleted at once (in the gallery) */
    title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u job deleted", "%u jobs deleted", jobs->len),
                             jobs->len);

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "job-ids", g_steal_pointer (&ids), (GDestroyNotify) g_strfreev);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked), self, 0);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (on_delete_toast_dismissed), self, 0);

  /* Hiding them moves the selection away too. */
  refilter (self);
  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->view_stack), "gallery") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->gallery));
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->job_list_view));
  return toast;
}

void
atelier_job_list_view_commit_deletes (AtelierJobListView *self)
{
  g_autoptr(GPtrArray) ids = NULL;
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (ATELIER_IS_JOB_LIST_VIEW (self));

  if (self->pending_deletes == NULL)
    return;

  ids = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_iter_init (&iter, self->pending_deletes);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));
  for (guint i = 0; i < ids->len; i++)
    commit_delete (self, g_ptr_array_index (ids, i));
}

const char *
atelier_job_list_view_get_view (AtelierJobListView *self)
{
  const char *name;

  g_return_val_if_fail (ATELIER_IS_JOB_LIST_VIEW (self), "list");

  name = adw_view_stack_get_visible_child_name (self->view_stack);
  return name != NULL ? name : "list";
}

void
atelier_job_list_view_set_view (AtelierJobListView *self,
                                const char         *view)
{
  g_return_if_fail (ATELIER_IS_JOB_LIST_VIEW (self));

  /* An unknown name (an older or newer setting) shows the list. */
  if (g_strcmp0 (view, "gallery") != 0)
    view = "list";
  /* The stack notifies, and so do we from on_view_changed(). */
  adw_view_stack_set_visible_child_name (self->view_stack, view);
}

AdwViewStack *
atelier_job_list_view_get_view_stack (AtelierJobListView *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB_LIST_VIEW (self), NULL);

  return self->view_stack;
}

AtelierGallery *
atelier_job_list_view_get_gallery (AtelierJobListView *self)
{
  g_return_val_if_fail (ATELIER_IS_JOB_LIST_VIEW (self), NULL);

  return self->gallery;
}
