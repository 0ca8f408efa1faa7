/* atelier-composer-private.h: state shared by the composer's source files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "atelier-batch-chooser.h"
#include "atelier-composer.h"
#include "atelier-param-form.h"

G_BEGIN_DECLS

struct _AtelierComposer
{
  GtkWidget          parent_instance;

  /* Template Widgets */
  GtkScrolledWindow *form_scroller;
  GtkTextView       *prompt_view;
  GtkWidget         *prompt_placeholder;
  AdwActionRow      *provider_row;
  GtkDropDown       *provider_dropdown;
  AtelierParamForm  *param_form;
  GtkToggleButton   *options_button;
  GtkLabel          *error_label;
  GtkWidget         *buy_button;
  GtkMenuButton     *batch_button;
  AtelierBatchChooser *batch_chooser;

  /* Owned References */
  AtelierEngine     *engine;
  /* The engine's services the picker offers (atelier_composer_offers_provider). */
  GListModel        *providers;
  GSettings         *settings;
  /* Cancels the service look-ups (styles, balance) when the composer goes. */
  GCancellable      *cancellable;

  guint              can_generate : 1;
};

/* atelier-composer-providers.c: what only particular services can tell. */
void        _atelier_composer_init_providers    (AtelierComposer *self);
/* A new list of the services of @engine a prompt can start. */
GListModel *_atelier_composer_offered_providers (AtelierEngine   *engine);
void        _atelier_composer_provider_selected (AtelierComposer *self);
void        _atelier_composer_job_finished      (AtelierComposer *self,
                                                 AtelierJob      *job);

/* atelier-composer-batch.c: "Generate with…" */
void _atelier_composer_class_init_batch  (GtkWidgetClass  *widget_class);
void _atelier_composer_init_batch        (AtelierComposer *self);
GHashTable *_atelier_composer_collect_params (AtelierComposer *self,
                                              gboolean        *prompt_missing);
void _atelier_composer_set_error         (AtelierComposer *self,
                                          const char      *message);

G_END_DECLS
