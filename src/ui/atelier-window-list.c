/* atelier-window-list.c: the job list: rows, search and filters
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "atelier-window"

#include "config.h"

#include <glib/gi18n.h>

#include "atelier-job-row.h"
#include "atelier-window-private.h"

/* Entries of the status filter, in dropdown order. */
enum {
  STATUS_FILTER_ALL,
  STATUS_FILTER_ACTIVE,
  STATUS_FILTER_DONE,
  STATUS_FILTER_PROBLEM,
};

/* Filtering */

static gboolean
job_matches (gpointer item,
             gpointer user_data)
{
  AtelierWindow *self = user_data;
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

  if (kind == 1 && atelier_job_get_kind (job) != ATELIER_JOB_KIND_IMAGE)
    return FALSE;
  if (kind == 2 && atelier_job_get_kind (job) != ATELIER_JOB_KIND_MODEL)
    return FALSE;

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
update_list_page (AtelierWindow *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0;
  gboolean filtering = gtk_search_bar_get_search_mode (self->search_bar);

  if (empty && filtering)
    {
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->list_stack, "empty")),
                                     "edit-find-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->list_stack, "empty")),
                                 _("No Results Found"));
      adw_status_page_set_description (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->list_stack, "empty")),
                                       _("Try a different search or filter"));
    }
  else if (empty)
    {
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->list_stack, "empty")),
                                     "image-x-generic-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->list_stack, "empty")),
                                 _("No Generations Yet"));
      adw_status_page_set_description (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->list_stack, "empty")),
                                       _("Describe an image or a model above and press Generate"));
    }

  gtk_stack_set_visible_child_name (self->list_stack, empty ? "empty" : "list");
}

void
_atelier_window_refilter (AtelierWindow *self)
{
  /* The filter dropdowns notify while the window is still being built. */
  if (self->filter == NULL)
    return;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

void
_atelier_window_on_filter_changed (AtelierWindow *self)
{
  _atelier_window_refilter (self);
}

void
_atelier_window_on_search_mode_changed (AtelierWindow *self)
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
  update_list_page (self);
}

static void
on_items_changed (AtelierWindow *self)
{
  update_list_page (self);
}

static void
setup_filters (AtelierWindow *self)
{
  const char *kinds[] = { _("All Kinds"), _("Images"), _("Models"), NULL };
  const char *statuses[] = { _("Any Status"), _("In Progress"), _("Done"), _("Failed"), NULL };
  GListModel *providers = atelier_engine_get_providers (self->engine);
  g_autoptr(GtkStringList) services = gtk_string_list_new (NULL);

  gtk_string_list_append (services, _("All Services"));
  for (guint i = 0; i < g_list_model_get_n_items (providers); i++)
    {
      g_autoptr(AtelierProvider) provider = g_list_model_get_item (providers, i);

      gtk_string_list_append (services, atelier_provider_get_display_name (provider));
      g_ptr_array_add (self->filter_service_ids, g_strdup (atelier_provider_get_id (provider)));
    }

  gtk_drop_down_set_model (self->filter_service, G_LIST_MODEL (services));
  gtk_drop_down_set_model (self->filter_kind, G_LIST_MODEL (gtk_string_list_new (kinds)));
  g_object_unref (gtk_drop_down_get_model (self->filter_kind));
  gtk_drop_down_set_model (self->filter_status, G_LIST_MODEL (gtk_string_list_new (statuses)));
  g_object_unref (gtk_drop_down_get_model (self->filter_status));
}

/* Job list */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (item, GTK_WIDGET (atelier_job_row_new ()));
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  AtelierWindow *self = user_data;
  AtelierJob *job = gtk_list_item_get_item (item);
  AtelierProvider *provider = atelier_engine_get_provider (self->engine,
                                                           atelier_job_get_provider (job));

  atelier_job_row_set_job (ATELIER_JOB_ROW (gtk_list_item_get_child (item)), job,
                           provider != NULL ? atelier_provider_get_display_name (provider) : NULL);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  atelier_job_row_set_job (ATELIER_JOB_ROW (gtk_list_item_get_child (item)), NULL, NULL);
}

void
_atelier_window_setup_list (AtelierWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  setup_filters (self);
  self->filter = gtk_custom_filter_new (job_matches, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (atelier_engine_get_jobs (self->engine))),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_object (self->filter_model, "items-changed",
                           G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->job_list_view, factory);
  gtk_list_view_set_model (self->job_list_view, GTK_SELECTION_MODEL (self->selection));
  update_list_page (self);
}
