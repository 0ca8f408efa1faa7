/* atelier-composer.h: the prompt, the service, its options and Generate
 *
 * The composer turns what a person typed and picked into a job: it shows
 * the selected service's form, explains an invalid combination before
 * Generate is enabled, remembers each service's options and creates the
 * job through the engine.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "atelier-batch.h"
#include "atelier-engine.h"

G_BEGIN_DECLS

#define ATELIER_TYPE_COMPOSER (atelier_composer_get_type ())
G_DECLARE_FINAL_TYPE (AtelierComposer, atelier_composer, ATELIER, COMPOSER, GtkWidget)

GtkWidget       *atelier_composer_new              (void);
/* The services to offer and where jobs go; set once. */
void             atelier_composer_set_engine       (AtelierComposer *self,
                                                    AtelierEngine   *engine);
AtelierEngine   *atelier_composer_get_engine       (AtelierComposer *self);
/* The default service and each service's last options; NULL keeps none. */
void             atelier_composer_set_settings     (AtelierComposer *self,
                                                    GSettings       *settings);
AtelierProvider *atelier_composer_get_provider     (AtelierComposer *self);
/* FALSE when no service has that id. */
/* Whether the service picker offers @provider_id: not a service that only
 * runs from a finished job (a Core3D print export). */
gboolean         atelier_composer_offers_provider  (AtelierComposer *self,
                                                    const char      *provider_id);
gboolean         atelier_composer_select_provider  (AtelierComposer *self,
                                                    const char      *provider_id);
char            *atelier_composer_dup_prompt       (AtelierComposer *self);
void             atelier_composer_set_prompt       (AtelierComposer *self,
                                                    const char      *prompt);
gboolean         atelier_composer_get_can_generate (AtelierComposer *self);
/* Makes a job from the form. A refusal is shown under the form and gives
 * NULL; the job belongs to the engine's list. Emits "job-created". */
AtelierJob      *atelier_composer_generate         (AtelierComposer *self);
/* "Generate with…": the prompt (and the input image, where a service takes
 * one) to each of @provider_ids, the current service with the form's
 * options, the others with their remembered ones. A refusal (naming the
 * service and the rule) is shown under the form and gives NULL, with no
 * job made. Emits "batch-created". */
AtelierBatch    *atelier_composer_generate_batch   (AtelierComposer    *self,
                                                    const char * const *provider_ids);
/* Back to the form with what @job asked for, to change and run again. */
void             atelier_composer_reuse_job        (AtelierComposer *self,
                                                    AtelierJob      *job);
/* Puts @file in the current service's image field and shows the options;
 * FALSE when the service takes no image. */
gboolean         atelier_composer_set_input_file   (AtelierComposer *self,
                                                    GFile           *file);
/* Like set_input_file, but moves to the first service that takes an image
 * when the current one does not; FALSE when none does. */
gboolean         atelier_composer_use_as_input     (AtelierComposer *self,
                                                    GFile           *file);
void             atelier_composer_focus_prompt     (AtelierComposer *self);
/* Sets one of the current service's options (shown with the options);
 * FALSE when the service has none of that name. */
gboolean         atelier_composer_set_param        (AtelierComposer *self,
                                                    const char      *name,
                                                    const char      *value);
/* Reads the current service's credit balance again (after buying some). */
void             atelier_composer_refresh_balance  (AtelierComposer *self);

/* Signals:
 * "job-created" (AtelierJob *): Generate made a job.
 * "batch-created" (AtelierBatch *): "Generate with…" made a batch of jobs.
 * "paste-image" → gboolean: Ctrl+V in the prompt; a handler that takes the
 *   clipboard as the input image returns TRUE, else the text pastes. */

G_END_DECLS
