/* atelier-window-private.h: state shared by the window's source files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-image-view.h"
#include "atelier-param-form.h"
#include "atelier-window.h"

G_BEGIN_DECLS

struct _AtelierWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template Widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkWidget            *detail;
  GtkRevealer          *banner_revealer;
  GtkTextView          *prompt_view;
  GtkWidget            *prompt_placeholder;
  AdwActionRow         *provider_row;
  GtkDropDown          *provider_dropdown;
  AtelierParamForm     *param_form;
  GtkWidget            *options_button;
  GtkScrolledWindow    *form_scroller;
  GtkLabel             *error_label;
  GtkButton            *generate_button;
  GtkSearchBar         *search_bar;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *filter_service;
  GtkDropDown          *filter_kind;
  GtkDropDown          *filter_status;
  GtkToggleButton      *starred_toggle;
  GtkStack             *list_stack;
  GtkListView          *job_list_view;
  AdwWindowTitle       *detail_title;
  GtkStack             *detail_stack;
  AtelierImageView     *image_view;
  AdwBin               *model_bin;
  AdwStatusPage        *status_page;
  GtkProgressBar       *status_progress;
  GtkWidget            *status_cancel;
  GtkWidget            *status_retry;
  GtkWidget            *status_help;
  GtkToggleButton      *star_button;
  GtkRevealer          *params_revealer;
  GtkRevealer          *outputs_revealer;
  GtkWidget            *outputs_box;
  GtkListBox           *params_list;

  /* Owned References */
  AtelierEngine        *engine;
  GSettings            *settings;
  /* Cancellable which cancels when the window closes */
  GCancellable         *cancellable;
  GtkCustomFilter      *filter;
  GtkFilterListModel   *filter_model;
  GtkSingleSelection   *selection;
  GPtrArray            *filter_service_ids;
  /* Jobs hidden while their undo toast shows: id → AtelierJob */
  GHashTable           *pending_deletes;
  AtelierJob           *selected_job;
  GFile                *opened_file;
  GtkWidget            *model_view;

  guint                 pulse_id;
  guint                 output_index;
  guint                 selecting : 1;
  guint                 show_params : 1;
};

void      _atelier_window_class_add_actions (GtkWidgetClass *widget_class);
void      _atelier_window_init_shortcuts    (AtelierWindow  *self);
void      _atelier_window_update_actions    (AtelierWindow  *self);
void      _atelier_window_validate          (AtelierWindow  *self);
AtelierProvider *_atelier_window_get_provider (AtelierWindow *self);
GHashTable *_atelier_window_collect_params  (AtelierWindow  *self,
                                             gboolean       *prompt_missing);
void      _atelier_window_refilter          (AtelierWindow  *self);
void      _atelier_window_show_detail       (AtelierWindow  *self);
void      _atelier_window_select_provider   (AtelierWindow  *self,
                                             const char     *provider_id);
const char *_atelier_window_get_result_path (AtelierWindow  *self);
void      _atelier_window_commit_deletes    (AtelierWindow  *self);
void      _atelier_window_setup_list        (AtelierWindow  *self);
void      _atelier_window_on_filter_changed (AtelierWindow  *self);
void      _atelier_window_on_search_mode_changed (AtelierWindow *self);
void      _atelier_window_set_selected_job  (AtelierWindow  *self,
                                             AtelierJob     *job);
void      _atelier_window_detail_dispose    (AtelierWindow  *self);
gboolean  _atelier_window_is_model_path     (const char     *path);
gboolean  _atelier_window_paste             (AtelierWindow  *self);
void      _atelier_window_use_texture       (AtelierWindow  *self,
                                             GdkTexture     *texture);
void      _atelier_window_toast             (AtelierWindow  *self,
                                             const char     *text);
void      _atelier_window_update_params_revealer (AtelierWindow *self);
void      _atelier_window_init_providers    (AtelierWindow  *self);
void      _atelier_window_provider_selected (AtelierWindow  *self);
void      _atelier_window_restore_options   (AtelierWindow  *self);
void      _atelier_window_remember_options  (AtelierWindow  *self,
                                             const char     *provider_id,
                                             GHashTable     *params);
void      _atelier_window_job_finished      (AtelierWindow  *self,
                                             AtelierJob     *job);

G_END_DECLS
