/* atelier-window-private.h: state shared by the window's source files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-composer.h"
#include "atelier-credit-purchase.h"
#include "atelier-job-detail.h"
#include "atelier-job-list-view.h"
#include "atelier-window.h"

G_BEGIN_DECLS

struct _AtelierWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template Widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  GtkRevealer          *banner_revealer;
  AtelierComposer      *composer;
  AtelierJobListView   *job_list;
  AtelierJobDetail     *detail;

  /* Owned References */
  AtelierEngine        *engine;
  GSettings            *settings;
  /* Cancellable which cancels when the window closes */
  GCancellable         *cancellable;
  /* Buying credits in place, while it runs and after (atelier-window-services.c) */
  AtelierCreditPurchase *purchase;

  /* "Use as input": the job whose result went to the form, and the file,
   * so that the job made from it remembers where it came from. */
  char                 *input_job_id;
  char                 *input_path;

  /* Set while the window selects a job itself: no need to leave the form. */
  guint                 selecting : 1;
};

/* atelier-window-actions.c */
void      _atelier_window_class_add_actions (GtkWidgetClass *widget_class);
/* atelier-window-core3d.c: Put on a product, Export for print, job links. */
void      _atelier_window_core3d_class_init (GtkWidgetClass *widget_class);
void      _atelier_window_core3d_update_actions (AtelierWindow *self);
void      _atelier_window_update_actions    (AtelierWindow  *self);
void      _atelier_window_toast             (AtelierWindow  *self,
                                             const char     *text);
void      _atelier_window_show_new_job      (AtelierWindow  *self,
                                             AtelierJob     *job);
gboolean  _atelier_window_paste             (AtelierWindow  *self);
void      _atelier_window_use_texture       (AtelierWindow  *self,
                                             GdkTexture     *texture);

/* atelier-window-services.c */
void      _atelier_window_class_add_service_actions (GtkWidgetClass *widget_class);
void      _atelier_window_update_service_actions    (AtelierWindow  *self);
/* @job_id: the job that ran out of credits, or NULL. */
void      _atelier_window_buy_credits               (AtelierWindow  *self,
                                                     const char     *job_id);

G_END_DECLS
